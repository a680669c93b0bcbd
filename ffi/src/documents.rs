//! The plan's public documents (issue 12): the *Informe de avance anual* and
//! the *Evaluación bianual*, as HTML (or their model as JSON). The core lays
//! each document out and the report crate renders it; here the arguments are
//! read and the text handed over, the same bytes as the `seguimiento`
//! command's for the same inputs.
//!
//! What the cover's SHA-256 fingerprints are taken from is the caller's to
//! say, because only the caller knows which bytes a reader would re-run the
//! document from: the plan and ledger bytes may be passed in (the files the
//! handles were made from: the command hashes exactly these), or left NULL,
//! and then the plan's and the ledger's own JSON exports are hashed
//! (`sg_plan_to_json`, `sg_ledger_to_json`), which load back into the same
//! plan and ledger. A ministry system that fills its ledger from a database
//! in many batches has no one file to point to; the ledger's export is the
//! file to publish beside the document.

use std::ffi::c_char;

use seguimiento::{
    annual_report, biannual_evaluation, AnnualOptions, Config, DocumentError, EvaluationOptions,
    Fingerprints, Ledger, Plan, PublicConfig,
};
use seguimiento_report::format::Lang;
use seguimiento_report::templates::{RenderError, Renderer};
use serde::Serialize;

use crate::error::{sg_error, sg_status, Error};
use crate::handle::borrow;
use crate::ledger::sg_ledger;
use crate::panic::ffi_status;
use crate::plan::sg_plan;
use crate::ptr::{bytes, c_str, into_c_string_with_len, Out};
use crate::scorecard::date_argument;

/// What a document is written as.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum sg_document_format {
    /// The document: one self-contained HTML file (inline CSS and SVG, no
    /// script, no network) that prints on A4.
    Html = 0,
    /// The document's model as pretty-printed JSON (every section and
    /// figure as data, what any renderer reads), ending with a line break:
    /// `seguimiento annual --format json`.
    Json = 1,
}

impl From<DocumentError> for Error {
    fn from(e: DocumentError) -> Error {
        match e {
            DocumentError::YearOutsidePlan { .. } | DocumentError::NoYears => {
                Error::new(sg_status::YearOutsidePlan, e.to_string())
            }
            DocumentError::NotABiennium { .. } => {
                Error::new(sg_status::InvalidArgument, e.to_string())
            }
            DocumentError::Evaluate(e) => e.into(),
            DocumentError::Public(e) => e.into(),
            // A kind of failure added to the core later: its words, and a
            // status that says the arguments did not make a document.
            other => Error::new(sg_status::InvalidArgument, other.to_string()),
        }
    }
}

impl From<RenderError> for Error {
    fn from(e: RenderError) -> Error {
        Error::new(sg_status::TemplateError, e.to_string())
    }
}

/// The arguments both documents share, read from C.
struct DocumentArgs<'a> {
    plan: &'a Plan,
    ledger: &'a Ledger,
    lang: Lang,
    format: sg_document_format,
    config: Config,
    k: u32,
    fingerprints: Fingerprints,
    templates_dir: Option<&'a str>,
}

/// Reads and checks the shared arguments. Every pointer is as the
/// functions' `# Safety` sections state.
#[allow(clippy::too_many_arguments)]
unsafe fn document_args<'a>(
    plan: *const sg_plan,
    ledger: *const sg_ledger,
    lang: *const c_char,
    format: u32,
    known_on: *const c_char,
    k: u32,
    config_json: *const c_char,
    plan_bytes: *const u8,
    plan_len: usize,
    ledger_bytes: *const u8,
    ledger_len: usize,
    templates_dir: *const c_char,
) -> Result<DocumentArgs<'a>, Error> {
    // SAFETY: the caller guarantees `plan` is NULL or live.
    let plan: &Plan = unsafe { borrow(plan, "plan") }?;
    // SAFETY: the caller guarantees `ledger` is NULL or live.
    let ledger: &Ledger = unsafe { borrow(ledger, "ledger") }?;
    // SAFETY: the caller guarantees `lang` is NULL or NUL-terminated.
    let lang = unsafe { c_str(lang, "lang") }?;
    let lang: Lang = lang
        .parse()
        .map_err(|e| Error::new(sg_status::InvalidArgument, format!("argument `lang`: {e}")))?;
    let format = match format {
        f if f == sg_document_format::Html as u32 => sg_document_format::Html,
        f if f == sg_document_format::Json as u32 => sg_document_format::Json,
        other => {
            return Err(Error::new(
                sg_status::InvalidArgument,
                format!("argument `format`: {other} is not an sg_document_format (0 or 1)"),
            ))
        }
    };
    if !(PublicConfig::MIN_K..=PublicConfig::MAX_K).contains(&k) {
        return Err(Error::new(
            sg_status::InvalidArgument,
            format!(
                "argument `k`: expected a whole number from {} to {}, found {k}",
                PublicConfig::MIN_K,
                PublicConfig::MAX_K
            ),
        ));
    }
    // The configuration's own bytes are fingerprinted, as given; without
    // one, the defaults' JSON (what `seguimiento annual` hashes then).
    let (mut config, config_text) = if config_json.is_null() {
        let config = Config::default();
        let text = config.to_json();
        (config, text)
    } else {
        // SAFETY: not NULL, and the caller guarantees it is NUL-terminated.
        let text = unsafe { c_str(config_json, "config_json") }?;
        (Config::from_json(text)?, text.to_string())
    };
    if !known_on.is_null() {
        // SAFETY: not NULL, and the caller guarantees it is NUL-terminated.
        let text = unsafe { c_str(known_on, "known_on") }?;
        config.known_on = Some(date_argument(text, "known_on")?);
    }
    let plan_source = if plan_bytes.is_null() {
        plan.to_json().into_bytes()
    } else {
        // SAFETY: not NULL, and the caller guarantees `plan_len` bytes.
        unsafe { bytes(plan_bytes, plan_len, "plan_bytes") }?.to_vec()
    };
    let fingerprints = if ledger_bytes.is_null() {
        Fingerprints::of(
            &plan_source,
            ledger.to_json().as_bytes(),
            config_text.as_bytes(),
        )
    } else {
        // SAFETY: not NULL, and the caller guarantees `ledger_len` bytes.
        let ledger_source = unsafe { bytes(ledger_bytes, ledger_len, "ledger_bytes") }?;
        Fingerprints::of(&plan_source, ledger_source, config_text.as_bytes())
    };
    let templates_dir = if templates_dir.is_null() {
        None
    } else {
        // SAFETY: not NULL, and the caller guarantees it is NUL-terminated.
        Some(unsafe { c_str(templates_dir, "templates_dir") }?)
    };
    Ok(DocumentArgs {
        plan,
        ledger,
        lang,
        format,
        config,
        k,
        fingerprints,
        templates_dir,
    })
}

/// The document's text: `template` rendered with `model` (the built-in
/// templates, or those of the directory), or the model as JSON.
fn write_document<M: Serialize>(
    args: &DocumentArgs<'_>,
    template: &str,
    model: &M,
) -> Result<String, Error> {
    if args.format == sg_document_format::Json {
        let mut json = serde_json::to_string_pretty(model).map_err(|e| {
            Error::new(
                sg_status::InvalidArgument,
                format!("the document's model as JSON: {e}"),
            )
        })?;
        json.push('\n');
        return Ok(json);
    }
    let renderer = match args.templates_dir {
        None => Renderer::new()?,
        Some(dir) => Renderer::with_overrides(dir)?,
    };
    Ok(renderer.render(template, args.lang, model)?)
}

/// The document written as [`write_document`] says, handed to the caller:
/// the library-owned text in `out`, its length in bytes in `len` if given.
fn hand_over<M: Serialize>(
    args: &DocumentArgs<'_>,
    template: &str,
    model: &M,
    out: Out<*mut c_char>,
    len: Option<Out<usize>>,
) -> Result<(), Error> {
    let (text, text_len) = into_c_string_with_len(write_document(args, template, model)?);
    out.write(text);
    if let Some(len) = len {
        len.write(text_len);
    }
    Ok(())
}

/// Writes the annual progress report of `year` (*Informe de avance anual*):
/// the plan evaluated at 31 December of `year` and of the year before, every
/// figure through disclosure control, in `lang`: `"es"` or `"es-GT"`
/// (Spanish as Guatemala writes it) or `"en"`; the plan's texts stay in
/// Spanish. Byte for byte what `seguimiento annual --year YEAR` writes from
/// the same plan, ledger and settings.
///
/// - `format`: an `sg_document_format`, `SG_DOCUMENT_FORMAT_HTML` (the
///   document) or `SG_DOCUMENT_FORMAT_JSON` (its model).
/// - `known_on`: the knowledge date (`"YYYY-MM-DD"`) of every year end: only
///   records recorded by then count. NULL: the configuration's `known_on`,
///   else each year end is its own.
/// - `k`: the primary threshold of disclosure control, 2 to 1,000,000 (the
///   command's default is 11): counts of victims 1..k-1 are confidential.
/// - `config_json`: the evaluation settings as for `sg_evaluate`, NULL for
///   the defaults. Its bytes (without the NUL) are fingerprinted; NULL
///   fingerprints the defaults' JSON.
/// - `plan_bytes`, `plan_len`: the bytes to fingerprint as the plan (the
///   file the plan was made from; for `sg_plan_embedded`, the plan file
///   `seeds/plan.json`, whose bytes the library embeds). NULL: the plan's
///   own JSON, as `sg_plan_to_json` writes it.
/// - `ledger_bytes`, `ledger_len`: the bytes to fingerprint as the ledger
///   (every file ingested, in order, concatenated). NULL: the ledger's own
///   JSON, as `sg_ledger_to_json` writes it (publish that file beside the
///   document so that anyone can re-run it).
/// - `templates_dir`: a directory of templates (and `locales/`) replacing
///   the built-in ones, as a ministry may keep; NULL for the built-in.
///
/// On success `*document_out` is a new NUL-terminated string, to be freed
/// with `sg_string_free`, and `*len_out` (may be NULL) its length in bytes
/// without the NUL. Errors: `SG_STATUS_YEAR_OUTSIDE_PLAN` (the message gives
/// the plan's years), `SG_STATUS_INVALID_ARGUMENT` (an unknown language or
/// format, `k` out of range), `SG_STATUS_DISCLOSURE_REFUSED` (a year end's
/// release was refused by its audit; the message names the value),
/// `SG_STATUS_TEMPLATE_ERROR` (a templates directory missing, a template
/// that fails; the message names the template and line),
/// `SG_STATUS_INVALID_DATE`, `SG_STATUS_CONFIG_INVALID`,
/// `SG_STATUS_PLAN_MISMATCH`, `SG_STATUS_INVALID_UTF8`,
/// `SG_STATUS_NULL_POINTER`.
///
/// Only reads the plan and the ledger: several threads may write documents
/// of the same plan and ledger at once.
///
/// # Safety
///
/// `plan` and `ledger` must each be NULL or live; `lang`, `known_on`,
/// `config_json` and `templates_dir` NULL or NUL-terminated; `plan_bytes`
/// NULL or valid for reads of `plan_len` bytes, `ledger_bytes` NULL or
/// valid for reads of `ledger_len` bytes; `document_out` valid for a write
/// of one pointer; `len_out` NULL or valid for a write of one `size_t`;
/// `error_out` NULL or valid for a write of one pointer.
#[no_mangle]
pub unsafe extern "C" fn sg_render_annual_report(
    plan: *const sg_plan,
    ledger: *const sg_ledger,
    year: i32,
    lang: *const c_char,
    format: u32,
    known_on: *const c_char,
    k: u32,
    config_json: *const c_char,
    plan_bytes: *const u8,
    plan_len: usize,
    ledger_bytes: *const u8,
    ledger_len: usize,
    templates_dir: *const c_char,
    document_out: *mut *mut c_char,
    len_out: *mut usize,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees every pointer as stated above.
        let args = unsafe {
            document_args(
                plan,
                ledger,
                lang,
                format,
                known_on,
                k,
                config_json,
                plan_bytes,
                plan_len,
                ledger_bytes,
                ledger_len,
                templates_dir,
            )
        }?;
        // SAFETY: the caller guarantees `document_out` is valid for a write.
        let out = unsafe { Out::required(document_out, "document_out") }?;
        // SAFETY: the caller guarantees `len_out` is NULL or valid for a write.
        let len = unsafe { Out::optional(len_out) };
        let options = AnnualOptions {
            year,
            config: args.config.clone(),
            k: args.k,
            fingerprints: args.fingerprints.clone(),
        };
        let model = annual_report(args.plan, args.ledger, &options)?;
        hand_over(&args, "annual.html", &model, out, len)
    })
}

/// Writes the biannual evaluation of `first_year`..`last_year`
/// (*Evaluación bianual*): two consecutive years of the plan, or its whole
/// period for the final evaluation (2007-2017 for the embedded plan): start
/// against end per axis and action, band transitions, milestones, reporting
/// trends, data gaps, and the follow-up of the previous evaluation's
/// recommendations. Byte for byte what `seguimiento evaluation --years
/// FIRST-LAST` writes from the same inputs.
///
/// The other arguments, the output and the errors are those of
/// `sg_render_annual_report`; a period that is neither two consecutive
/// years nor the plan's whole period is `SG_STATUS_INVALID_ARGUMENT`, a
/// year outside the plan `SG_STATUS_YEAR_OUTSIDE_PLAN`.
///
/// # Safety
///
/// As for `sg_render_annual_report`.
#[no_mangle]
pub unsafe extern "C" fn sg_render_evaluation(
    plan: *const sg_plan,
    ledger: *const sg_ledger,
    first_year: i32,
    last_year: i32,
    lang: *const c_char,
    format: u32,
    known_on: *const c_char,
    k: u32,
    config_json: *const c_char,
    plan_bytes: *const u8,
    plan_len: usize,
    ledger_bytes: *const u8,
    ledger_len: usize,
    templates_dir: *const c_char,
    document_out: *mut *mut c_char,
    len_out: *mut usize,
    error_out: *mut *mut sg_error,
) -> sg_status {
    // SAFETY: the caller guarantees `error_out` is NULL or valid for a write.
    ffi_status(unsafe { Out::optional(error_out) }, || {
        // SAFETY: the caller guarantees every pointer as stated above.
        let args = unsafe {
            document_args(
                plan,
                ledger,
                lang,
                format,
                known_on,
                k,
                config_json,
                plan_bytes,
                plan_len,
                ledger_bytes,
                ledger_len,
                templates_dir,
            )
        }?;
        // SAFETY: the caller guarantees `document_out` is valid for a write.
        let out = unsafe { Out::required(document_out, "document_out") }?;
        // SAFETY: the caller guarantees `len_out` is NULL or valid for a write.
        let len = unsafe { Out::optional(len_out) };
        let options = EvaluationOptions {
            first_year,
            last_year,
            config: args.config.clone(),
            k: args.k,
            fingerprints: args.fingerprints.clone(),
        };
        let model = biannual_evaluation(args.plan, args.ledger, &options)?;
        hand_over(&args, "evaluation.html", &model, out, len)
    })
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;
    use std::path::PathBuf;
    use std::ptr::{null, null_mut};

    use super::*;
    use crate::ledger::{sg_ledger_free, sg_ledger_ingest_json, sg_ledger_new, sg_mode};
    use crate::plan::{sg_plan_embedded, sg_plan_free};
    use crate::sg_string_free;

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn read(path: &str) -> Vec<u8> {
        std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The embedded plan and the sample ledger, through the C functions.
    struct Sample {
        plan: *mut sg_plan,
        ledger: *mut sg_ledger,
        plan_bytes: Vec<u8>,
        ledger_bytes: Vec<u8>,
    }

    impl Sample {
        fn new() -> Sample {
            let ledger_bytes = read("seeds/demo-ledger.json");
            let mut plan = null_mut();
            let mut ledger = null_mut();
            // SAFETY: valid out pointers; the ledger's bytes outlive the call.
            unsafe {
                assert_eq!(sg_plan_embedded(&mut plan, null_mut()), sg_status::Ok);
                assert_eq!(sg_ledger_new(plan, &mut ledger, null_mut()), sg_status::Ok);
                let status = sg_ledger_ingest_json(
                    ledger,
                    ledger_bytes.as_ptr(),
                    ledger_bytes.len(),
                    sg_mode::Strict as u32,
                    null_mut(),
                    null_mut(),
                    null_mut(),
                );
                assert_eq!(status, sg_status::Ok);
            }
            Sample {
                plan,
                ledger,
                plan_bytes: read("seeds/plan.json"),
                ledger_bytes,
            }
        }

        /// A document's text, or the status and message of its failure.
        /// `first_year` alone is an annual report; with `last_year`, an
        /// evaluation. The plan and ledger bytes are the files'.
        fn document(
            &self,
            years: (i32, Option<i32>),
            lang: &CStr,
            format: u32,
            templates_dir: Option<&CStr>,
        ) -> Result<String, (sg_status, String)> {
            let mut text = null_mut();
            let mut len = usize::MAX;
            let dir = templates_dir.map_or(null(), CStr::as_ptr);
            let mut error = null_mut();
            // SAFETY: live handles, NUL-terminated strings, bytes of the given
            // lengths, valid out pointers.
            let status = unsafe {
                match years {
                    (year, None) => sg_render_annual_report(
                        self.plan,
                        self.ledger,
                        year,
                        lang.as_ptr(),
                        format,
                        null(),
                        11,
                        null(),
                        self.plan_bytes.as_ptr(),
                        self.plan_bytes.len(),
                        self.ledger_bytes.as_ptr(),
                        self.ledger_bytes.len(),
                        dir,
                        &mut text,
                        &mut len,
                        &mut error,
                    ),
                    (first, Some(last)) => sg_render_evaluation(
                        self.plan,
                        self.ledger,
                        first,
                        last,
                        lang.as_ptr(),
                        format,
                        null(),
                        11,
                        null(),
                        self.plan_bytes.as_ptr(),
                        self.plan_bytes.len(),
                        self.ledger_bytes.as_ptr(),
                        self.ledger_bytes.len(),
                        dir,
                        &mut text,
                        &mut len,
                        &mut error,
                    ),
                }
            };
            if status != sg_status::Ok {
                // SAFETY: a failed call wrote a live error, freed once here.
                let message = unsafe {
                    let message = CStr::from_ptr(crate::error::sg_error_message(error))
                        .to_string_lossy()
                        .into_owned();
                    crate::error::sg_error_free(error);
                    message
                };
                return Err((status, message));
            }
            // SAFETY: a successful call wrote a string of the library, freed
            // once here.
            let owned = unsafe {
                let owned = CStr::from_ptr(text).to_str().expect("UTF-8").to_string();
                sg_string_free(text);
                owned
            };
            assert_eq!(len, owned.len(), "the length written is the text's");
            Ok(owned)
        }
    }

    impl Drop for Sample {
        fn drop(&mut self) {
            // SAFETY: the handles were made in `new` and are freed once.
            unsafe {
                sg_ledger_free(self.ledger);
                sg_plan_free(self.plan);
            }
        }
    }

    fn golden(name: &str) -> String {
        String::from_utf8(read(&format!("tests/golden/{name}"))).expect("UTF-8")
    }

    const HTML: u32 = sg_document_format::Html as u32;

    #[test]
    fn the_c_documents_are_the_goldens_byte_for_byte() {
        let sample = Sample::new();
        for (lang, tag) in [(c"es", "es-GT"), (c"en", "en")] {
            let annual = sample.document((2010, None), lang, HTML, None).unwrap();
            assert!(
                annual == golden(&format!("annual-2010-{tag}.html")),
                "annual {tag}"
            );
            let evaluation = sample
                .document((2009, Some(2010)), lang, HTML, None)
                .unwrap();
            assert!(
                evaluation == golden(&format!("evaluation-2009-2010-{tag}.html")),
                "evaluation {tag}"
            );
        }
    }

    #[test]
    fn the_model_as_json_names_the_year_and_the_fingerprints() {
        let sample = Sample::new();
        let json = sample
            .document((2010, None), c"en", sg_document_format::Json as u32, None)
            .unwrap();
        let model: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!(model["year"], "2010");
        let fingerprints = Fingerprints::of(
            &sample.plan_bytes,
            &sample.ledger_bytes,
            Config::default().to_json().as_bytes(),
        );
        assert!(
            json.contains(&fingerprints.ledger),
            "the ledger file's SHA-256"
        );
        assert!(json.ends_with("}\n"));
    }

    #[test]
    fn each_failure_has_its_status_and_names_the_problem() {
        let sample = Sample::new();
        let (status, message) = sample
            .document((2030, None), c"es", HTML, None)
            .unwrap_err();
        assert_eq!(status, sg_status::YearOutsidePlan);
        assert!(
            message.contains("2030") && message.contains("2007-2017"),
            "{message}"
        );
        let (status, message) = sample
            .document((2010, None), c"fr", HTML, None)
            .unwrap_err();
        assert_eq!(status, sg_status::InvalidArgument);
        assert!(
            message.contains("`lang`") && message.contains("fr"),
            "{message}"
        );
        let (status, message) = sample.document((2009, None), c"es", 7, None).unwrap_err();
        assert_eq!(status, sg_status::InvalidArgument);
        assert!(message.contains("`format`"), "{message}");
        let (status, message) = sample
            .document((2008, Some(2010)), c"es", HTML, None)
            .unwrap_err();
        assert_eq!(status, sg_status::InvalidArgument);
        assert!(message.contains("2008-2010"), "{message}");
        let (status, message) = sample
            .document((2010, None), c"es", HTML, Some(c"/nonexistent/templates"))
            .unwrap_err();
        assert_eq!(status, sg_status::TemplateError);
        assert!(message.contains("/nonexistent/templates"), "{message}");
    }

    #[test]
    fn without_bytes_the_exports_are_fingerprinted() {
        let sample = Sample::new();
        let mut text = null_mut();
        // SAFETY: live handles, NUL-terminated strings, NULL bytes, valid out
        // pointers; the string is freed once.
        let json = unsafe {
            let status = sg_render_annual_report(
                sample.plan,
                sample.ledger,
                2010,
                c"es".as_ptr(),
                sg_document_format::Json as u32,
                null(),
                11,
                null(),
                null(),
                0,
                null(),
                0,
                null(),
                &mut text,
                null_mut(),
                null_mut(),
            );
            assert_eq!(status, sg_status::Ok);
            let json = CStr::from_ptr(text).to_str().unwrap().to_string();
            sg_string_free(text);
            json
        };
        let plan = Plan::embedded();
        let mut ledger = Ledger::new(std::sync::Arc::new(Plan::embedded()));
        ledger
            .ingest_json(
                std::str::from_utf8(&sample.ledger_bytes).unwrap(),
                seguimiento::Mode::Strict,
            )
            .unwrap();
        let expected = Fingerprints::of(
            plan.to_json().as_bytes(),
            ledger.to_json().as_bytes(),
            Config::default().to_json().as_bytes(),
        );
        assert!(json.contains(&expected.plan) && json.contains(&expected.ledger));
    }
}
