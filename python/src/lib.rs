//! Python bindings of `seguimiento`: the module `seguimiento._seguimiento`,
//! re-exported by the `seguimiento` package.
//!
//! The binding converts; it never computes a score. Every number that
//! crosses the boundary is an exact decimal (`decimal.Decimal`), every date a
//! `datetime.date`. Work on the core runs with the interpreter released and
//! behind a panic guard, and every core error becomes one exception of the
//! tree in [`error`].
//!
//! The lints are the workspace's (`unsafe_code` denied: PyO3's macros expand
//! to unsafe code of their own, which a `forbid` would refuse).

mod columns;
mod convert;
mod documents;
mod error;
mod labels;
mod ledger;
mod plan;
mod public;
mod scorecard;
mod tables;

use pyo3::prelude::*;
use rust_decimal::Decimal;

/// A score (a fraction in [0, 1]) as a percentage with 2 decimals, rounded
/// half away from zero: `percent(Decimal("0.734512"))` is `"73.45 %"`.
/// ValueError for a number outside [0, 1].
#[pyfunction]
fn percent(score: &Bound<'_, PyAny>) -> PyResult<String> {
    match convert::number(score)? {
        Ok(Some(d)) => seguimiento::Score::new(d)
            .map(seguimiento::Score::percent)
            .ok_or_else(|| {
                pyo3::exceptions::PyValueError::new_err(format!("{d} is not a score in [0, 1]"))
            }),
        Ok(None) => Err(pyo3::exceptions::PyTypeError::new_err(
            "percent() needs a number, not None",
        )),
        Err(why) => Err(pyo3::exceptions::PyValueError::new_err(why)),
    }
}

/// Rounds to 6 decimal places, half away from zero: the rounding the core
/// applies at every node.
#[pyfunction]
fn round_score(value: &Bound<'_, PyAny>) -> PyResult<Decimal> {
    match convert::number(value)? {
        Ok(Some(d)) => Ok(seguimiento::round_6dp(d)),
        Ok(None) => Err(pyo3::exceptions::PyTypeError::new_err(
            "round_score() needs a number, not None",
        )),
        Err(why) => Err(pyo3::exceptions::PyValueError::new_err(why)),
    }
}

/// The fields of each record kind as the core reads them, by array name:
/// `{"observations": [("indicator", True), …, ("recorded_on", False)]}`
/// (name, required).
#[pyfunction]
fn record_fields(py: Python<'_>) -> PyResult<Bound<'_, pyo3::types::PyDict>> {
    let out = pyo3::types::PyDict::new(py);
    for &kind in seguimiento::RecordKind::ALL {
        let fields: Vec<(&str, bool)> = kind
            .spec()
            .fields
            .iter()
            .map(|f| (f.name, f.required))
            .collect();
        out.set_item(kind.array_name(), fields)?;
    }
    Ok(out)
}

/// The compiled extension: plan, ledger, scorecard and the exception tree.
#[pymodule]
#[pyo3(name = "_seguimiento")]
fn seguimiento_python(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    error::register(m)?;
    m.add_class::<plan::Plan>()?;
    m.add_class::<plan::Axis>()?;
    m.add_class::<plan::Line>()?;
    m.add_class::<plan::Goal>()?;
    m.add_class::<plan::Action>()?;
    m.add_class::<plan::Indicator>()?;
    m.add_class::<plan::Plazo>()?;
    m.add_class::<plan::Entity>()?;
    m.add_class::<plan::Dimension>()?;
    m.add_class::<ledger::Ledger>()?;
    m.add_class::<scorecard::Scorecard>()?;
    m.add_class::<scorecard::Evaluation>()?;
    m.add_class::<public::PublicView>()?;
    m.add_class::<documents::Document>()?;
    m.add_function(wrap_pyfunction!(percent, m)?)?;
    m.add_function(wrap_pyfunction!(round_score, m)?)?;
    m.add_function(wrap_pyfunction!(record_fields, m)?)?;
    m.add_function(wrap_pyfunction!(labels::label, m)?)?;
    m.add_function(wrap_pyfunction!(labels::languages, m)?)?;
    Ok(())
}
