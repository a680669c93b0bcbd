//! The words of the message catalogs for Python's display: the report
//! crate's Fluent files (`report/locales/{es-GT,en}/main.ftl`), the one
//! catalog the text report and every other renderer read too. Column labels
//! are looked up by the key each core table column carries; nothing here
//! holds a word of its own.

use pyo3::exceptions::{PyKeyError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};
use seguimiento_report::format::Lang;
use seguimiento_report::i18n::{t, Arg, I18nError};

/// The language a `lang` argument names (`es-GT`, `es`, `en`, any case).
fn language(lang: &str) -> PyResult<Lang> {
    lang.parse().map_err(|_| {
        let known: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
        PyValueError::new_err(format!(
            "lang={lang:?} is not a language of the catalogs ({})",
            known.join(", ")
        ))
    })
}

/// A message's variables: text as text, an int as a count (which picks the
/// plural form).
fn arguments(key: &str, args: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<(String, Arg)>> {
    let Some(args) = args else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(args.len());
    for (name, value) in args.iter() {
        let name: String = name.extract()?;
        let arg = if value.is_instance_of::<PyBool>() {
            None
        } else if value.is_instance_of::<PyInt>() {
            Some(Arg::Int(value.extract()?))
        } else if let Ok(text) = value.cast::<PyString>() {
            Some(Arg::Text(text.to_cow()?.into_owned()))
        } else {
            None
        };
        let Some(arg) = arg else {
            return Err(PyTypeError::new_err(format!(
                "label({key:?}): {name}= must be a str or an int, not {}",
                value.get_type().name()?
            )));
        };
        out.push((name, arg));
    }
    Ok(out)
}

/// The message `key` of the catalogs in `lang` (`"es-GT"`, the plan's
/// language and the default, or `"en"`), with its variables: text, or an
/// int for a count. KeyError for a key the catalogs do not have, ValueError
/// for another language or a message that cannot be formatted (a variable
/// missing).
#[pyfunction]
#[pyo3(signature = (key, lang = "es-GT", **args))]
pub fn label(key: &str, lang: &str, args: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
    let lang = language(lang)?;
    let args = arguments(key, args)?;
    let borrowed: Vec<(&str, Arg)> = args.iter().map(|(n, a)| (n.as_str(), a.clone())).collect();
    t(lang, key, &borrowed).map_err(|e| match e {
        I18nError::MissingKey { .. } => PyKeyError::new_err(e.to_string()),
        other => PyValueError::new_err(other.to_string()),
    })
}

/// The languages of the catalogs, the default first: `["es-GT", "en"]`.
#[pyfunction]
pub fn languages() -> Vec<&'static str> {
    Lang::ALL.iter().map(|l| l.tag()).collect()
}
