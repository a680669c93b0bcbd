//! The plan's public documents: the annual progress report and the biannual
//! evaluation. The core builds each document's model, the report crate
//! renders it; this module reads the arguments, fingerprints the inputs as
//! the `seguimiento` command does, and hands the HTML over.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use serde::Serialize;

use seguimiento::{
    annual_report, biannual_evaluation, AnnualOptions, Config, EvaluationOptions, Fingerprints,
    Ledger as CoreLedger, Plan as CorePlan,
};
use seguimiento_report::format::{Lang, UnknownLang};
use seguimiento_report::templates::Renderer;

use crate::error::{guarded, raise, Failure, Outcome};
use crate::ledger::Ledger;

/// A public document of the plan, rendered: a self-contained HTML file
/// (inline CSS and SVG, no JavaScript, no network). Made by
/// `Scorecard.annual_report()` and `Plan.evaluation()`; immutable.
#[pyclass(frozen, module = "seguimiento")]
pub struct Document {
    /// The template it was rendered with (`annual.html`, `evaluation.html`).
    template: &'static str,
    /// Its language.
    lang: Lang,
    /// The HTML.
    html: String,
    /// The model, as the command's `--format json` writes it.
    model_json: String,
}

/// What a document is made from besides the plan and the ledger: read from
/// the arguments before the work starts, so that bad arguments are refused
/// before anything is evaluated.
pub struct DocumentRequest {
    /// The document's language.
    pub lang: Lang,
    /// The primary threshold of disclosure control.
    pub k: u32,
    /// A directory of templates replacing the built-in ones.
    pub templates: Option<PathBuf>,
    /// The bytes whose SHA-256 the cover prints as the ledger's; None: the
    /// ledger's own JSON export.
    pub ledger_source: Option<Vec<u8>>,
    /// The evaluation settings (their knowledge date, if any, that of every
    /// year end).
    pub config: Config,
    /// The text whose SHA-256 the cover prints as the configuration's.
    pub config_text: String,
}

/// The language argument: `es`, `es-GT` or `en` (any case, `_` for `-`).
pub fn read_lang(py: Python<'_>, lang: &str) -> PyResult<Lang> {
    lang.parse()
        .map_err(|e: UnknownLang| Failure::Argument("lang", e.to_string()).into_pyerr(py))
}

/// The primary threshold, read by the core's one reader of release
/// settings (ConfigError outside 2..1,000,000, as for `Scorecard.public`).
pub fn read_k(py: Python<'_>, year: i32, k: i64) -> PyResult<u32> {
    let as_of = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
    let k = k.into_pyobject(py)?.into_any();
    Ok(crate::public::read_config(py, as_of, &k, None, None, None)?.k)
}

/// The `ledger_source` argument: the bytes of the file (or files, in
/// order) the ledger was read from, whose SHA-256 the cover prints. A path
/// (`str` or `os.PathLike`) is read; `bytes` are taken as they are; a list
/// or tuple of them is concatenated, as the command concatenates the files
/// it reads. None: the ledger's own JSON export is hashed instead.
pub fn read_ledger_source(
    py: Python<'_>,
    source: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Vec<u8>>> {
    let Some(source) = source.filter(|s| !s.is_none()) else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    let single = source.is_instance_of::<PyString>()
        || source.is_instance_of::<PyBytes>()
        || source.extract::<PathBuf>().is_ok();
    if single {
        append_source(py, source, "ledger_source", &mut bytes)?;
    } else {
        let items = source.try_iter().map_err(|_| {
            PyTypeError::new_err(
                "ledger_source is a path, bytes, or a list of them (the files the ledger was read from, in order)",
            )
        })?;
        for (i, item) in items.enumerate() {
            append_source(py, &item?, &format!("ledger_source[{i}]"), &mut bytes)?;
        }
    }
    Ok(Some(bytes))
}

fn append_source(
    py: Python<'_>,
    item: &Bound<'_, PyAny>,
    at: &str,
    bytes: &mut Vec<u8>,
) -> PyResult<()> {
    if let Ok(b) = item.cast::<PyBytes>() {
        bytes.extend_from_slice(b.as_bytes());
        return Ok(());
    }
    let Ok(path) = item.extract::<PathBuf>() else {
        return Err(PyTypeError::new_err(format!(
            "{at} is a path (str or os.PathLike) or bytes, not {}",
            item.get_type().name()?
        )));
    };
    let read = py.detach(|| std::fs::read(&path));
    bytes.extend(read.map_err(|e| {
        pyo3::exceptions::PyOSError::new_err(format!("{at} {}: {e}", path.display()))
    })?);
    Ok(())
}

/// The cover's fingerprints: the plan's source bytes (remembered when it
/// was loaded), the ledger's source bytes or JSON export, the configuration
/// text.
fn fingerprints(
    plan: &Arc<CorePlan>,
    ledger: &CoreLedger,
    request: &DocumentRequest,
) -> Outcome<Fingerprints> {
    let plan_sha256 = crate::plan::source_sha256(plan).ok_or_else(|| {
        Failure::Panic("a plan whose source bytes were not fingerprinted when it was loaded".into())
    })?;
    let export;
    let ledger_bytes = match &request.ledger_source {
        Some(bytes) => bytes.as_slice(),
        None => {
            export = ledger.to_json();
            export.as_bytes()
        }
    };
    let mut fingerprints = Fingerprints::of(b"", ledger_bytes, request.config_text.as_bytes());
    fingerprints.plan = plan_sha256;
    Ok(fingerprints)
}

/// Renders `model` with `template` (the built-in templates, or those of
/// `templates`) in `lang`, and keeps its JSON.
fn render<M: Serialize>(
    template: &'static str,
    request: &DocumentRequest,
    model: &M,
) -> Outcome<Document> {
    // With templates of the caller's, a failure is most likely theirs.
    let failure = |e| match request.templates {
        None => Failure::Render(e),
        Some(_) => Failure::Argument("templates", e.to_string()),
    };
    let renderer = match &request.templates {
        None => Renderer::new(),
        Some(dir) => Renderer::with_overrides(dir),
    }
    .map_err(failure)?;
    let html = renderer
        .render(template, request.lang, model)
        .map_err(failure)?;
    let mut model_json = serde_json::to_string_pretty(model)
        .map_err(|e| Failure::Panic(format!("the document's model as JSON: {e}")))?;
    model_json.push('\n');
    Ok(Document {
        template,
        lang: request.lang,
        html,
        model_json,
    })
}

/// Reads the ledger under its lock (refusing it, `LedgerMismatchError`, if
/// it took records since `counts` were read, when given) and runs `work`.
fn with_ledger<T: Send>(
    py: Python<'_>,
    ledger: &Ledger,
    counts: Option<[usize; 7]>,
    what: &str,
    work: impl FnOnce(&CoreLedger) -> Outcome<T> + Send,
) -> PyResult<T> {
    let outcome = py.detach(|| {
        guarded(|| {
            let core = ledger.inner.read().map_err(|_| {
                Failure::Panic(
                    "the ledger was left inconsistent by an earlier internal error".into(),
                )
            })?;
            if let Some(counts) = counts {
                let now = core.counts();
                if now != counts {
                    let total = |c: &[usize; 7]| c.iter().sum::<usize>();
                    return Err(Failure::LedgerChanged(format!(
                        "{what}: the scorecard was evaluated when its ledger held {} records, and the ledger holds {} now; evaluate the ledger again (or refresh its Evaluation) and make the document from that scorecard",
                        total(&counts),
                        total(&now)
                    )));
                }
            }
            work(&core)
        })
    });
    raise(py, outcome)
}

/// The annual report of `year` (`Scorecard.annual_report`).
pub fn annual(
    py: Python<'_>,
    plan: &Arc<CorePlan>,
    ledger: &Ledger,
    counts: [usize; 7],
    year: i32,
    request: DocumentRequest,
) -> PyResult<Document> {
    let what = format!("annual report {year}");
    with_ledger(py, ledger, Some(counts), &what, |core| {
        let options = AnnualOptions {
            year,
            config: request.config.clone(),
            k: request.k,
            fingerprints: fingerprints(plan, core, &request)?,
        };
        let model = annual_report(plan, core, &options).map_err(Failure::Document)?;
        render("annual.html", &request, &model)
    })
}

/// The biannual evaluation of `first_year`..=`last_year` (`Plan.evaluation`).
pub fn evaluation(
    py: Python<'_>,
    plan: &Arc<CorePlan>,
    ledger: &Ledger,
    (first_year, last_year): (i32, i32),
    request: DocumentRequest,
) -> PyResult<Document> {
    let what = format!("evaluation {first_year}-{last_year}");
    with_ledger(py, ledger, None, &what, |core| {
        let options = EvaluationOptions {
            first_year,
            last_year,
            config: request.config.clone(),
            k: request.k,
            fingerprints: fingerprints(plan, core, &request)?,
        };
        let model = biannual_evaluation(plan, core, &options).map_err(Failure::Document)?;
        render("evaluation.html", &request, &model)
    })
}

/// `&`, `<`, `>` and `"` as character references, for an attribute value.
fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[pymethods]
impl Document {
    /// The document as one self-contained HTML file (str): the same bytes
    /// as the `seguimiento` command writes from the same inputs.
    #[getter]
    fn html(&self) -> &str {
        &self.html
    }

    /// The language it is written in: `"es-GT"` or `"en"` (the plan's texts
    /// stay in Spanish in both).
    #[getter]
    fn lang(&self) -> &'static str {
        self.lang.tag()
    }

    /// The document's title, as its HTML `<title>` shows it.
    #[getter]
    fn title(&self, py: Python<'_>) -> PyResult<String> {
        let inner = self
            .html
            .split_once("<title>")
            .and_then(|(_, rest)| rest.split_once("</title>"))
            .map(|(title, _)| title)
            .unwrap_or_default();
        py.import("html")?
            .getattr("unescape")?
            .call1((inner,))?
            .extract()
    }

    /// The document's model as a dict (read from the JSON the command's
    /// `--format json` writes): every section and figure as data, already
    /// through disclosure control.
    #[getter]
    fn model<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?
            .call_method1("loads", (self.model_json.as_str(),))
    }

    /// The model as JSON text (pretty-printed, a final newline): the bytes
    /// of the command's `--format json`.
    fn model_json(&self) -> &str {
        &self.model_json
    }

    /// Writes the HTML (UTF-8) to `path` (str or os.PathLike), replacing
    /// the file. OSError when it cannot be written.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| std::fs::write(&path, self.html.as_bytes()))
            .map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("{}: {e}", path.display())))
    }

    /// HTML for Jupyter: the document in a sandboxed `<iframe srcdoc>`, so
    /// that its stylesheet (page size, fonts, print rules) stays inside it
    /// and does not restyle the notebook.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<iframe title=\"{}\" sandbox=\"\" style=\"width: 100%; height: 40em; border: 1px solid #d0d0d0;\" srcdoc=\"{}\"></iframe>",
            escape_attribute(&self.title(py)?),
            escape_attribute(&self.html)
        ))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<Document {} ({}): {:?}, {} bytes>",
            self.template,
            self.lang.tag(),
            self.title(py)?,
            self.html.len()
        ))
    }
}
