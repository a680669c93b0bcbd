//! Python values ⇄ the core's types, at the boundary.
//!
//! Numbers enter as exact decimals: a `decimal.Decimal` (NaN and infinities
//! refused; a value the core cannot hold exactly — more than 28 significant
//! digits — refused, never rounded), an `int`, a `str` the core can parse, or a
//! `float`, read through its shortest round-trip repr (`0.1` → `Decimal("0.1")`;
//! NaN and infinities refused). Negative zero becomes zero. Dates enter as
//! `datetime.date`, a `datetime` at midnight (pandas' Timestamps), or a
//! `YYYY-MM-DD` string. `None`, `NaN` (in optional fields), pandas' `NaT` and
//! `NA` mean "absent".

use std::collections::BTreeMap;

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString,
    PyTimeAccess, PyType,
};
use rust_decimal::Decimal;

use seguimiento::ledger::{parse_date, parse_decimal};
use seguimiento::Period;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The `decimal.Decimal` class.
pub fn decimal_class(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

/// A Python value, classified for reading one field.
pub enum Value {
    /// None, pandas NaT / NA.
    Missing,
    /// A float NaN.
    NaN,
    /// A bool (refused wherever a number or a text is expected).
    Bool(bool),
    /// A str.
    Str(String),
    /// An int (or an object with `__index__`, e.g. numpy.int64), as its exact text.
    Int(String),
    /// A float (not NaN), with its Python repr.
    Float(f64, String),
    /// A decimal.Decimal, as plain text, or why it cannot be one.
    Decimal(Result<String, String>),
    /// A date (a datetime at midnight included), or why a datetime is not one.
    Date(Result<NaiveDate, String>),
    /// A dict.
    Dict,
    /// Anything else: its type name.
    Other(String),
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

/// Plain-notation text of a finite `decimal.Decimal`, from its digit tuple, or
/// why it is not a number the core can hold.
fn decimal_text(obj: &Bound<'_, PyAny>) -> PyResult<Result<String, String>> {
    let shown = obj.str()?.to_string();
    if obj.call_method0("is_nan")?.is_truthy()? {
        return Ok(Err(format!("Decimal({shown:?}) is NaN, not a number")));
    }
    if obj.call_method0("is_infinite")?.is_truthy()? {
        return Ok(Err(format!("Decimal({shown:?}) is infinite")));
    }
    let tuple = obj.call_method0("as_tuple")?;
    let negative: i64 = tuple.get_item(0)?.extract()?;
    let digits: Vec<u8> = tuple.get_item(1)?.extract()?;
    let exponent: i64 = tuple.get_item(2)?.extract()?;
    // Leading zeros carry no precision (the tuple has none, but be safe).
    let significant: Vec<u8> = digits.iter().copied().skip_while(|&d| d == 0).collect();
    let too_long = || {
        Err(format!(
            "Decimal({shown:?}) has more digits than an exact decimal holds (at most 28 significant digits and 28 decimal places)"
        ))
    };
    if significant.len() > 29 || !(-28..=28).contains(&exponent) {
        if significant.is_empty() {
            // A zero with a huge exponent is still zero.
            return Ok(Ok("0".to_string()));
        }
        return Ok(too_long());
    }
    let mut body: String = digits.iter().map(|d| char::from(b'0' + d % 10)).collect();
    if body.is_empty() {
        body.push('0');
    }
    let text = if exponent >= 0 {
        body.extend(std::iter::repeat_n('0', exponent as usize));
        body
    } else {
        let places = (-exponent) as usize;
        if body.len() <= places {
            let pad = places - body.len();
            format!("0.{}{body}", "0".repeat(pad))
        } else {
            let (int, frac) = body.split_at(body.len() - places);
            format!("{int}.{frac}")
        }
    };
    let sign = if negative == 1 { "-" } else { "" };
    Ok(Ok(format!("{sign}{text}")))
}

/// Classifies a value for field reading.
pub fn classify(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Value::Missing);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::Str(s.to_cow()?.into_owned()));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(Value::Int(obj.str()?.to_string()));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return Ok(if v.is_nan() {
            Value::NaN
        } else {
            // The repr of the plain float (numpy.float64's own repr differs).
            Value::Float(v, PyFloat::new(py, v).repr()?.to_cow()?.into_owned())
        });
    }
    if obj.is_instance(decimal_class(py)?)? {
        return Ok(Value::Decimal(decimal_text(obj)?));
    }
    let name = type_name(obj);
    // pandas' missing markers, recognised without importing pandas.
    if name == "NaTType" || name == "NAType" {
        return Ok(Value::Missing);
    }
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        let midnight = dt.get_hour() == 0
            && dt.get_minute() == 0
            && dt.get_second() == 0
            && dt.get_microsecond() == 0;
        let date =
            NaiveDate::from_ymd_opt(dt.get_year(), dt.get_month().into(), dt.get_day().into());
        return Ok(Value::Date(match (midnight, date) {
            (true, Some(d)) => Ok(d),
            (false, _) => Err(format!(
                "{} has a time of day; a date is expected",
                obj.str()?
            )),
            (true, None) => Err(format!("{} is not a calendar date", obj.str()?)),
        }));
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        return Ok(Value::Date(
            NaiveDate::from_ymd_opt(d.get_year(), d.get_month().into(), d.get_day().into())
                .ok_or_else(|| {
                    format!(
                        "{} is not a calendar date",
                        obj.str().map(|s| s.to_string()).unwrap_or_default()
                    )
                }),
        ));
    }
    if obj.cast::<PyDict>().is_ok() {
        return Ok(Value::Dict);
    }
    // numpy floats subclass float (handled above); numpy ints have __index__.
    if obj.hasattr("__index__")? {
        if let Ok(i) = obj.call_method0("__index__") {
            return Ok(Value::Int(i.str()?.to_string()));
        }
    }
    // A float-like scalar (numpy.float32): read it as a float.
    if name.starts_with("float") && obj.hasattr("__float__")? {
        let v: f64 = obj.call_method0("__float__")?.extract()?;
        return Ok(if v.is_nan() {
            Value::NaN
        } else {
            let repr = PyFloat::new(py, v).repr()?.to_cow()?.into_owned();
            Value::Float(v, repr)
        });
    }
    Ok(Value::Other(name))
}

/// Why a field could not be read: the message for the record error.
pub type FieldError = String;

fn shown(v: &Value) -> String {
    match v {
        Value::Missing => "nothing".into(),
        Value::NaN => "NaN".into(),
        Value::Bool(b) => format!("the bool {}", if *b { "True" } else { "False" }),
        Value::Str(s) => format!("the str {s:?}"),
        Value::Int(s) => format!("the int {s}"),
        Value::Float(_, repr) => format!("the float {repr}"),
        Value::Decimal(Ok(s)) => format!("Decimal({s:?})"),
        Value::Decimal(Err(_)) => "a Decimal".into(),
        Value::Date(Ok(d)) => format!("the date {d}"),
        Value::Date(Err(_)) => "a datetime".into(),
        Value::Dict => "a dict".into(),
        Value::Other(t) => format!("a {t}"),
    }
}

/// The text a float is read from: its Python repr, the shortest text that
/// reads back as the same float (`0.1`, `12.5`, `1e-07`).
pub fn float_text(f: f64, repr: &str) -> Result<String, String> {
    if f.is_infinite() {
        return Err(format!("the float {repr} is infinite"));
    }
    Ok(repr.to_string())
}

/// A required or optional exact decimal. `Ok(None)`: absent.
pub fn decimal(v: &Value) -> Result<Option<Decimal>, FieldError> {
    let text = match v {
        Value::Missing => return Ok(None),
        Value::NaN => return Err("NaN is not a number (a missing value?)".into()),
        Value::Int(s) | Value::Str(s) => s.clone(),
        Value::Float(f, repr) => float_text(*f, repr)?,
        Value::Decimal(Ok(s)) => s.clone(),
        Value::Decimal(Err(why)) => return Err(why.clone()),
        other => {
            return Err(format!(
                "expected a number (Decimal, int, float or str), found {}",
                shown(other)
            ))
        }
    };
    parse_decimal(&text).map(Some).map_err(|e| e.to_string())
}

/// A required or optional date. `Ok(None)`: absent.
pub fn date(v: &Value) -> Result<Option<NaiveDate>, FieldError> {
    match v {
        Value::Missing | Value::NaN => Ok(None),
        Value::Date(Ok(d)) => Ok(Some(*d)),
        Value::Date(Err(why)) => Err(why.clone()),
        Value::Str(s) => parse_date(s).map(Some).map_err(|e| e.to_string()),
        other => Err(format!(
            "expected a date (datetime.date or a YYYY-MM-DD str), found {}",
            shown(other)
        )),
    }
}

/// A text field (an id, a code, a kind). `Ok(None)`: absent.
pub fn text(v: &Value) -> Result<Option<String>, FieldError> {
    match v {
        Value::Missing | Value::NaN => Ok(None),
        Value::Str(s) if s.trim().is_empty() => Ok(None),
        Value::Str(s) => Ok(Some(s.clone())),
        other => Err(format!("expected a str, found {}", shown(other))),
    }
}

/// A period: a str (`2009`, `2009-S1`, `2007/2017`, DHIS2 aliases) or an int year.
pub fn period(v: &Value) -> Result<Option<Period>, FieldError> {
    let t = match v {
        Value::Missing | Value::NaN => return Ok(None),
        Value::Str(s) if s.trim().is_empty() => return Ok(None),
        Value::Str(s) | Value::Int(s) => s.clone(),
        Value::Float(_, repr) => {
            return Err(format!(
            "the float {repr} is not a period: write periods as str (\"2009-S1\") or years as int"
        ))
        }
        other => {
            return Err(format!(
                "expected a period (a str such as \"2009-S1\", or an int year), found {}",
                shown(other)
            ))
        }
    };
    Period::parse(&t).map(Some).map_err(|e| e.to_string())
}

/// A year: an int or a str of four digits.
pub fn year(v: &Value) -> Result<Option<i32>, FieldError> {
    let t = match v {
        Value::Missing | Value::NaN => return Ok(None),
        Value::Str(s) | Value::Int(s) => s.trim().to_string(),
        Value::Float(_, repr) => {
            return Err(format!(
                "the float {repr} is not a year: give years as int or str"
            ))
        }
        other => return Err(format!("expected a year (int), found {}", shown(other))),
    };
    match t.parse::<i32>() {
        Ok(y) if (1000..=9999).contains(&y) => Ok(Some(y)),
        _ => Err(format!("{t:?} is not a four-digit year")),
    }
}

/// A cell: a dict of dimension → value (entries whose value is missing are
/// left out). `Ok(None)`: absent.
pub fn cell(
    obj: &Bound<'_, PyAny>,
) -> PyResult<Result<Option<BTreeMap<String, String>>, FieldError>> {
    let v = classify(obj)?;
    match v {
        Value::Missing | Value::NaN => return Ok(Ok(None)),
        Value::Dict => {}
        other => {
            return Ok(Err(format!(
                "a cell is a dict of dimension → value str, found {}",
                shown(&other)
            )))
        }
    }
    let dict = obj.cast::<PyDict>()?;
    let mut out = BTreeMap::new();
    for (k, val) in dict.iter() {
        let Ok(key) = k.cast::<PyString>() else {
            return Ok(Err(format!(
                "a cell's dimensions are str, found {}",
                shown(&classify(&k)?)
            )));
        };
        match text(&classify(&val)?) {
            Ok(Some(s)) => {
                out.insert(key.to_cow()?.into_owned(), s);
            }
            Ok(None) => {}
            Err(why) => return Ok(Err(format!("cell[{:?}]: {why}", key.to_cow()?))),
        }
    }
    Ok(Ok(Some(out)))
}

/// A Python value (a config dict) as JSON, decimals and floats as exact strings.
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
    match classify(obj)? {
        Value::Missing => Ok(Ok(J::Null)),
        Value::Bool(b) => Ok(Ok(J::Bool(b))),
        Value::Str(s) => Ok(Ok(J::String(s))),
        Value::Int(s) => match serde_json::from_str::<serde_json::Number>(&s) {
            Ok(n) => Ok(Ok(J::Number(n))),
            Err(_) => fail(format!("the int {s} is out of range")),
        },
        v @ (Value::Float(..) | Value::NaN | Value::Decimal(_)) => match decimal(&v) {
            Ok(Some(d)) => Ok(Ok(J::String(d.to_string()))),
            Ok(None) => Ok(Ok(J::Null)),
            Err(why) => fail(why),
        },
        other => fail(format!(
            "expected a number, str, bool or dict, found {}",
            shown(&other)
        )),
    }
}
