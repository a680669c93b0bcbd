//! The public release of a scorecard (disclosure control, SPEC §5): the core
//! builds and audits it; this module hands it over and reads its arguments.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rust_decimal::Decimal;

use seguimiento::disclosure::Rational;
use seguimiento::{ConfigError as CoreConfigError, PublicConfig, PublicView as CorePublicView};

use crate::convert;
use crate::error::{guarded, raise, Failure};

/// A public release of a scorecard: every value a public document shows,
/// published or confidential (primary and secondary suppressions alike), with
/// the audit that ships with it and the suppression pattern the next release
/// keeps. Made by `Scorecard.public()`; immutable.
#[pyclass(frozen, module = "seguimiento")]
pub struct PublicView {
    pub(crate) view: CorePublicView,
}

/// An exact rational with a finite decimal expansion (every value of a
/// release: counts, decimals and scores) as a Decimal.
fn decimal_of(r: &Rational) -> Decimal {
    if let Some(n) = r.to_i64() {
        return Decimal::from(n);
    }
    let text = r.to_string();
    text.split_once('/')
        .and_then(|(n, d)| {
            let n: Decimal = n.parse().ok()?;
            let d: Decimal = d.parse().ok()?;
            n.checked_div(d)
        })
        .or_else(|| Decimal::from_f64_retain(r.to_f64()))
        .unwrap_or_default()
}

/// One earlier release given to `earlier`: a `PublicView`, or the dict saved
/// from one (`{"pattern": {"suppressed": [keys]}, "published_values": {key:
/// value}}`), added to the configuration's `earlier_patterns` and
/// `earlier_published` (a later release's value of a key wins).
fn add_earlier(
    py: Python<'_>,
    item: &Bound<'_, PyAny>,
    at: &str,
    patterns: &Bound<'_, PyList>,
    published: &Bound<'_, PyDict>,
) -> PyResult<()> {
    if let Ok(view) = item.cast::<PublicView>() {
        let view = &view.get().view;
        let keys: Vec<&str> = view.pattern.suppressed.iter().map(String::as_str).collect();
        let pattern = PyDict::new(py);
        pattern.set_item("suppressed", keys)?;
        patterns.append(pattern)?;
        for (key, value) in view.published_values() {
            published.set_item(key, value.to_string())?;
        }
        return Ok(());
    }
    let Ok(saved) = item.cast::<PyDict>() else {
        return Err(PyTypeError::new_err(format!(
            "{at} is a PublicView or the dict saved from one (pattern, published_values), not {}",
            item.get_type().name()?
        )));
    };
    for (name, value) in saved.iter() {
        match name.extract::<String>()?.as_str() {
            "pattern" => patterns.append(value)?,
            "published_values" => {
                let Ok(values) = value.cast::<PyDict>() else {
                    return Err(PyTypeError::new_err(format!(
                        "{at}['published_values'] is a dict of value key -> value, not {}",
                        value.get_type().name()?
                    )));
                };
                for (key, v) in values.iter() {
                    // Exact text, so that the configuration reads the
                    // number as it was published.
                    published.set_item(key, v.str()?)?;
                }
            }
            other => {
                return Err(PyTypeError::new_err(format!(
                    "{at} has an unknown key {other:?}; known: pattern, published_values"
                )))
            }
        }
    }
    Ok(())
}

/// The release's configuration from `Scorecard.public`'s arguments, read by
/// the core's one reader of release configurations (`PublicConfig::from_json`).
pub fn read_config(
    py: Python<'_>,
    as_of: chrono::NaiveDate,
    k: &Bound<'_, PyAny>,
    release: Option<&Bound<'_, PyAny>>,
    sensitive: Option<&Bound<'_, PyAny>>,
    earlier: Option<&Bound<'_, PyAny>>,
) -> PyResult<PublicConfig> {
    let config = PyDict::new(py);
    match release {
        Some(r) if !r.is_none() => config.set_item("release", r)?,
        // The command line's default name.
        _ => config.set_item("release", format!("public-{as_of}"))?,
    }
    config.set_item("k", k)?;
    if let Some(s) = sensitive.filter(|s| !s.is_none()) {
        if s.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "sensitive is a list of indicator ids, not one str",
            ));
        }
        let ids = PyList::empty(py);
        for id in s.try_iter().map_err(|_| {
            PyTypeError::new_err("sensitive is a list (or any iterable) of indicator ids")
        })? {
            ids.append(id?)?;
        }
        config.set_item("sensitive", ids)?;
    }
    if let Some(e) = earlier.filter(|e| !e.is_none()) {
        let patterns = PyList::empty(py);
        let published = PyDict::new(py);
        if e.cast::<PublicView>().is_ok() || e.cast::<PyDict>().is_ok() {
            add_earlier(py, e, "earlier", &patterns, &published)?;
        } else {
            let items = e.try_iter().map_err(|_| {
                PyTypeError::new_err(
                    "earlier is a PublicView, the dict saved from one, or a list of them",
                )
            })?;
            for (i, item) in items.enumerate() {
                add_earlier(py, &item?, &format!("earlier[{i}]"), &patterns, &published)?;
            }
        }
        config.set_item("earlier_patterns", patterns)?;
        config.set_item("earlier_published", published)?;
    }
    let outcome = match convert::to_json(config.as_any(), "")? {
        Ok(json) => PublicConfig::from_json(&json.to_string()),
        Err((field, reason)) => Err(CoreConfigError { field, reason }),
    };
    outcome.map_err(|e| Failure::Config(e).into_pyerr(py))
}

#[pymethods]
impl PublicView {
    /// The release's identifier, shown in every export.
    #[getter]
    fn release(&self) -> String {
        self.view.release.clone()
    }

    /// The primary threshold: sensitive counts 1..k-1 are confidential.
    #[getter]
    fn k(&self) -> u32 {
        self.view.k
    }

    /// The plan's id.
    #[getter]
    fn plan_id(&self) -> String {
        self.view.plan.clone()
    }

    /// The evaluation date.
    #[getter]
    fn as_of(&self) -> chrono::NaiveDate {
        self.view.as_of
    }

    /// The knowledge date.
    #[getter]
    fn known_on(&self) -> chrono::NaiveDate {
        self.view.known_on
    }

    /// The audit summary that ships with the release, as a dict: `k`,
    /// `values`, `published`, `primary`, `secondary`, `unbounded` and
    /// `narrowest` (the narrowest feasibility interval: `key`, `lower`,
    /// `upper`, `width`, as exact text; None when nothing is bounded).
    #[getter]
    fn audit<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = raise(py, guarded(|| Ok(self.view.audit_to_json())))?;
        py.import("json")?.call_method1("loads", (text,))
    }

    /// The keys this release suppresses, `{"suppressed": [keys]}`: save it
    /// with the release and give it to the next one (`earlier=`).
    #[getter]
    fn pattern<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let keys: Vec<&str> = self
            .view
            .pattern
            .suppressed
            .iter()
            .map(String::as_str)
            .collect();
        d.set_item("suppressed", keys)?;
        Ok(d)
    }

    /// The sensitive values this release publishes, value key -> Decimal:
    /// save them with the release and give them to the next one
    /// (`earlier=`), so that a small revision of one is suppressed.
    #[getter]
    fn published_values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (key, value) in self.view.published_values() {
            d.set_item(key, decimal_of(&value))?;
        }
        Ok(d)
    }

    /// What the next release needs of this one, as a dict (`pattern`,
    /// `published_values`) to save beside it and pass back as `earlier=`.
    fn saved<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyDict>> {
        let py = slf.py();
        let view = slf.get();
        let d = PyDict::new(py);
        d.set_item("pattern", view.pattern(py)?)?;
        d.set_item("published_values", view.published_values(py)?)?;
        Ok(d)
    }

    /// The public view as JSON: every node, entity, reporting row,
    /// discrepancy, consistency note and table cell, each controlled value a
    /// value or `"confidential"`, with the audit summary and the pattern.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let outcome = py.detach(|| guarded(|| Ok(self.view.to_json())));
        raise(py, outcome)
    }

    /// One row per controlled value: key, measure, ref_id, period,
    /// coordinates, value (empty when confidential) and confidential.
    fn to_csv(&self, py: Python<'_>) -> PyResult<String> {
        let outcome = py.detach(|| guarded(|| Ok(self.view.to_csv())));
        raise(py, outcome)
    }

    /// SDMX-CSV 2.0: a confidential value has an empty `OBS_VALUE` and
    /// `CONF_STATUS` `C`, a published one `F`.
    fn to_sdmx_csv(&self, py: Python<'_>) -> PyResult<String> {
        let outcome = py.detach(|| guarded(|| Ok(self.view.to_sdmx_csv())));
        raise(py, outcome)
    }

    /// SDMX-CSV 2.0 for the internal audit record only: every value kept,
    /// `CONF_STATUS` `F` (free), `A` (primary) or `D` (secondary). Never
    /// publish it.
    fn to_internal_sdmx_csv(&self, py: Python<'_>) -> PyResult<String> {
        let outcome = py.detach(|| guarded(|| Ok(self.view.to_internal_sdmx_csv())));
        raise(py, outcome)
    }

    /// One row per controlled value, a DataFrame read from `to_csv()`:
    /// key, measure, ref_id, period, coordinates (text), value (float64 with
    /// `pd.NA` where confidential — the nullable `Float64` — or the exact
    /// Decimals with `exact=True`) and confidential (bool; primary and
    /// secondary suppressions alike). Needs pandas.
    #[pyo3(signature = (*, exact = false))]
    fn to_pandas<'py>(slf: &Bound<'py, Self>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let csv = slf.get().to_csv(py)?;
        py.import("seguimiento._frames")?
            .getattr("public_frame")?
            .call1((csv, exact))
    }

    fn __repr__(&self) -> String {
        let a = &self.view.audit;
        format!(
            "<PublicView {:?} of {} as of {}: k={}, {} values, {} published, {} confidential>",
            self.view.release,
            self.view.plan,
            self.view.as_of,
            self.view.k,
            a.values,
            a.published,
            a.primary + a.secondary
        )
    }

    /// HTML for Jupyter: the release, its audit summary and its confidential
    /// values' count (written in Python, `seguimiento._html`), labelled in
    /// Spanish (es-GT).
    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::to_html(slf, "es-GT")
    }

    /// The HTML of the notebook display with its labels in `lang`: `"es-GT"`
    /// (the default) or `"en"`. ValueError for another language.
    #[pyo3(signature = (lang = "es-GT"))]
    fn to_html<'py>(slf: &Bound<'py, Self>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("seguimiento._html")?
            .getattr("public_html")?
            .call1((slf, lang))
    }
}
