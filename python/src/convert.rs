//! Python values as the core's field values, at the boundary.
//!
//! Each value is classified, nothing more; every rule about what a field
//! takes is the core's (the same for JSON, CSV and these rows):
//!
//! - `str` → text;
//! - `int` (and anything with `__index__`, e.g. `numpy.int64`) and
//!   `decimal.Decimal` → the exact text of the number (a `Decimal` by its
//!   `str()`, so `Decimal("1.000000000000000000000000000000")` reads like
//!   the same string);
//! - `float` (and `numpy` floats) → its shortest round-trip repr
//!   (`0.1` → `0.1`), marked as a binary float: taken as a quantity, never
//!   as a code, year, period or date;
//! - `datetime.date` → a date; `datetime.datetime` and pandas' `Timestamp`
//!   → a date and time (a date only at midnight, nanoseconds included);
//!   `numpy.datetime64` → the same, through its nanoseconds since 1970
//!   (`NaT` → null);
//! - pandas' `Period` (a `Period[M]`, `Period[Q]` or `Period[Y]` column's
//!   value) → the text pandas writes for it (`2009-03`, `2009Q1`, `2009`),
//!   which the core reads as any period text;
//! - `None`, pandas' `NA` and `NaT` → null; a float NaN → null (pandas'
//!   missing value);
//! - `dict` → a map;
//! - anything else (a `bool`, a `list`, …) → a value of another type, named
//!   by its type.

use std::borrow::Cow;

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString,
    PyTimeAccess, PyType,
};
use rust_decimal::Decimal;

use seguimiento::read::{FieldValue, Null, NumberKind, TypeWords};
use seguimiento::{parse_date, parse_decimal};

/// How Python names what a field takes, in the core's messages.
pub const PYTHON_WORDS: TypeWords = TypeWords {
    text: "a str",
    number: "a number (Decimal, int, float or str)",
    date: "a date (datetime.date or a YYYY-MM-DD str)",
    period: "a period (a str such as \"2009-S1\", or an int year)",
    year: "a year (int)",
    cell: "a dict of dimension → value str",
};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The `decimal.Decimal` class.
pub fn decimal_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

/// A float as a field value: NaN is pandas' missing value.
fn float(py: Python<'_>, v: f64) -> PyResult<FieldValue<'static>> {
    if v.is_nan() {
        return Ok(FieldValue::Null(Null::NaN));
    }
    // The repr of the plain float (numpy.float64's own repr differs).
    let repr = PyFloat::new(py, v).repr()?.to_cow()?.into_owned();
    Ok(FieldValue::Number(Cow::Owned(repr), NumberKind::Float))
}

/// A `datetime` (or pandas `Timestamp`, which adds nanoseconds).
fn date_time(dt: &Bound<'_, PyDateTime>) -> PyResult<FieldValue<'static>> {
    let nanosecond: u32 = match dt.getattr("nanosecond") {
        Ok(n) => n.extract().unwrap_or(0),
        Err(_) => 0,
    };
    let value = NaiveDate::from_ymd_opt(dt.get_year(), dt.get_month().into(), dt.get_day().into())
        .and_then(|d| {
            d.and_hms_nano_opt(
                dt.get_hour().into(),
                dt.get_minute().into(),
                dt.get_second().into(),
                dt.get_microsecond() * 1000 + nanosecond,
            )
        });
    Ok(match value {
        Some(v) => FieldValue::DateTime(v),
        None => FieldValue::Other(Cow::Owned(format!("the datetime {}", dt.str()?))),
    })
}

/// A `numpy.datetime64`, through its nanoseconds since 1970 (no precision
/// lost, so a time of day is seen); NaT is null.
fn datetime64(obj: &Bound<'_, PyAny>) -> PyResult<FieldValue<'static>> {
    let nanoseconds = obj
        .call_method1("astype", ("datetime64[ns]",))
        .and_then(|v| v.call_method1("astype", ("int64",)))
        .and_then(|v| v.extract::<i64>());
    Ok(match nanoseconds {
        // NaT is the smallest int64.
        Ok(i64::MIN) => FieldValue::Null(Null::Null),
        Ok(ns) => FieldValue::DateTime(chrono::DateTime::from_timestamp_nanos(ns).naive_utc()),
        // Outside the nanosecond range (before 1678 or after 2261).
        Err(_) => FieldValue::Other(Cow::Owned(format!("the numpy.datetime64 {}", obj.str()?))),
    })
}

/// A `dict` as a map; one with a key that is not a `str` is no map.
fn map(dict: &Bound<'_, PyDict>) -> PyResult<FieldValue<'static>> {
    let mut entries = Vec::with_capacity(dict.len());
    for (k, v) in dict.iter() {
        let Ok(key) = k.cast::<PyString>() else {
            return Ok(FieldValue::Other(Cow::Owned(format!(
                "a dict with a {} key",
                type_name(&k)
            ))));
        };
        let key = match key.to_cow() {
            Ok(key) => key.into_owned(),
            Err(_) => return Ok(unreadable_str()),
        };
        entries.push((Cow::Owned(key), classify(&v)?));
    }
    Ok(FieldValue::Map(entries))
}

fn unreadable_str() -> FieldValue<'static> {
    FieldValue::Unreadable(Cow::Borrowed(
        "a str that is not valid Unicode (a lone surrogate)",
    ))
}

/// Classifies a Python value for the core's reader.
pub fn classify(obj: &Bound<'_, PyAny>) -> PyResult<FieldValue<'static>> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(FieldValue::Null(Null::Null));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        let shown = if b.is_true() { "True" } else { "False" };
        return Ok(FieldValue::Other(Cow::Owned(format!("the bool {shown}"))));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(match s.to_cow() {
            Ok(text) => FieldValue::Text(Cow::Owned(text.into_owned())),
            Err(_) => unreadable_str(),
        });
    }
    if obj.is_instance_of::<PyInt>() {
        let text = obj.str()?.to_cow()?.into_owned();
        return Ok(FieldValue::Number(Cow::Owned(text), NumberKind::Exact));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return float(py, f.value());
    }
    if obj.is_instance(decimal_class(py)?)? {
        // Its exact text: the same path as the same string.
        let text = obj.str()?.to_cow()?.into_owned();
        return Ok(FieldValue::Number(Cow::Owned(text), NumberKind::Exact));
    }
    let name = type_name(obj);
    // pandas' missing markers, recognised without importing pandas.
    if name == "NaTType" || name == "NAType" {
        return Ok(FieldValue::Null(Null::Null));
    }
    // A pandas Period: its own text, read by the core like any period text.
    if name == "Period" && obj.hasattr("freqstr")? {
        let text = obj.str()?.to_cow()?.into_owned();
        return Ok(FieldValue::Text(Cow::Owned(text)));
    }
    if name == "datetime64" {
        return datetime64(obj);
    }
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        return date_time(dt);
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        return Ok(
            match NaiveDate::from_ymd_opt(d.get_year(), d.get_month().into(), d.get_day().into()) {
                Some(date) => FieldValue::Date(date),
                None => FieldValue::Other(Cow::Owned(format!("the date {}", obj.str()?))),
            },
        );
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        return map(dict);
    }
    // numpy floats subclass float (handled above); numpy ints have __index__.
    if obj.hasattr("__index__")? {
        if let Ok(i) = obj.call_method0("__index__") {
            let text = i.str()?.to_cow()?.into_owned();
            return Ok(FieldValue::Number(Cow::Owned(text), NumberKind::Exact));
        }
    }
    // A float-like scalar (numpy.float32): read it as a float.
    if name.starts_with("float") && obj.hasattr("__float__")? {
        let v: f64 = obj.call_method0("__float__")?.extract()?;
        return float(py, v);
    }
    Ok(FieldValue::Other(Cow::Owned(format!("a {name}"))))
}

/// A number argument (`percent`, `round_score`): `Ok(None)` for None, the
/// refusal in words otherwise.
pub fn number(obj: &Bound<'_, PyAny>) -> PyResult<Result<Option<Decimal>, String>> {
    Ok(match classify(obj)? {
        FieldValue::Null(_) if obj.is_none() => Ok(None),
        FieldValue::Text(t) | FieldValue::Number(t, _) => {
            parse_decimal(&t).map(Some).map_err(|e| e.to_string())
        }
        other => Err(format!(
            "expected {}, found {}",
            PYTHON_WORDS.number,
            other.shown()
        )),
    })
}

/// A Python value (a config dict) as JSON for the core's configuration
/// reader: numbers keep their exact text (an `int` as a JSON number, a
/// `Decimal` or a `float` as the string of its text).
pub fn to_json(
    obj: &Bound<'_, PyAny>,
    path: &str,
) -> PyResult<Result<serde_json::Value, (String, String)>> {
    use serde_json::Value as J;
    let fail = |why: String| Ok(Err((path.to_string(), why)));
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in dict.iter() {
            let Ok(key) = k.cast::<PyString>() else {
                return fail(format!("keys are str, found {}", type_name(&k)));
            };
            let key = key.to_cow()?.into_owned();
            let sub = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            match to_json(&v, &sub)? {
                Ok(j) => {
                    map.insert(key, j);
                }
                Err(e) => return Ok(Err(e)),
            }
        }
        return Ok(Ok(J::Object(map)));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        let mut out = Vec::new();
        for (i, v) in list.iter().enumerate() {
            match to_json(&v, &format!("{path}[{i}]"))? {
                Ok(j) => out.push(j),
                Err(e) => return Ok(Err(e)),
            }
        }
        return Ok(Ok(J::Array(out)));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Ok(J::Bool(b.is_true())));
    }
    let is_int = obj.is_instance_of::<PyInt>();
    match classify(obj)? {
        FieldValue::Null(Null::NaN) => fail("NaN is not a number".to_string()),
        FieldValue::Null(_) => Ok(Ok(J::Null)),
        FieldValue::Text(s) => Ok(Ok(J::String(s.into_owned()))),
        FieldValue::Number(t, _) if is_int => {
            match serde_json::from_str::<serde_json::Number>(&t) {
                Ok(n) => Ok(Ok(J::Number(n))),
                Err(_) => fail(format!("the int {t} is out of range")),
            }
        }
        FieldValue::Number(t, _) => Ok(Ok(J::String(t.into_owned()))),
        other => fail(format!(
            "expected a number, str, bool or dict, found {}",
            other.shown()
        )),
    }
}

/// A date argument (`as_of`) by the core's rules: `Ok(None)` for None.
pub fn date(v: &FieldValue<'_>) -> Result<Option<NaiveDate>, String> {
    match v {
        FieldValue::Null(_) | FieldValue::Missing => Ok(None),
        FieldValue::Date(d) => Ok(Some(*d)),
        FieldValue::DateTime(dt) if dt.time() == chrono::NaiveTime::MIN => Ok(Some(dt.date())),
        FieldValue::DateTime(dt) => Err(seguimiento::Reason::TimeOfDay { value: *dt }.to_string()),
        FieldValue::Text(t) => parse_date(t).map(Some).map_err(|e| e.to_string()),
        other => Err(format!(
            "expected {}, found {}",
            PYTHON_WORDS.date,
            other.shown()
        )),
    }
}
