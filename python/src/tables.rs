//! The core's tables handed to Python, column by column: the layout is the
//! core's (`seguimiento::Table`); this module only converts each typed
//! column to a list of Python values, and `seguimiento._frames` makes the
//! DataFrames, `seguimiento._html` the HTML.
//!
//! A table comes over as a dict: `name`, `rows`, and `columns`, a list of
//! dicts with the column's `name`, `type` (`text`, `score`, `category`, …),
//! `label` (its message-catalog key), `unit` (or None), `score` (whether it
//! is a score, shown with its band), `categories` (a category column's
//! names, in the enum's order, else None), `ranking` (a category column's
//! ranked names, lowest first — empty if its values have no order — else
//! None), `value_labels` (the catalog keys of a category column's names,
//! in the same order, for a column whose values have words; else None) and
//! `values`.
//!
//! Values are what the package always gave: `str`, `int`, `bool`,
//! `decimal.Decimal` (exact decimals; scores with their 6 decimals),
//! `datetime.date`, lists of `str`, dicts of `str`; None where missing.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use seguimiento::{ColumnData, Score, Table};

/// A column's values as a Python list.
fn values<'py>(py: Python<'py>, data: &ColumnData) -> PyResult<Bound<'py, PyList>> {
    match data {
        ColumnData::Text(v) => PyList::new(py, v),
        ColumnData::OptionalText(v) => PyList::new(py, v),
        ColumnData::Integer(v) => PyList::new(py, v),
        ColumnData::OptionalInteger(v) => PyList::new(py, v),
        ColumnData::Decimal(v) => PyList::new(py, v),
        ColumnData::Score(v) => PyList::new(py, v.iter().map(|s| s.map(Score::to_decimal))),
        ColumnData::Date(v) => PyList::new(py, v),
        ColumnData::Bool(v) => PyList::new(py, v),
        ColumnData::Category {
            categories, codes, ..
        } => PyList::new(
            py,
            codes
                .iter()
                .map(|&code| categories.get(code as usize).copied().unwrap_or_default()),
        ),
        ColumnData::TextList(v) => PyList::new(py, v),
        ColumnData::TextMap(v) => PyList::new(py, v),
    }
}

/// A core table as a dict of its columns (see the module's docs).
pub fn to_py<'py>(py: Python<'py>, table: &Table) -> PyResult<Bound<'py, PyDict>> {
    let columns = PyList::empty(py);
    for column in table.columns() {
        let c = PyDict::new(py);
        c.set_item("name", column.name())?;
        c.set_item("type", column.column_type().as_str())?;
        c.set_item("label", column.label())?;
        c.set_item("unit", column.unit().map(|u| u.as_str()))?;
        c.set_item("score", column.is_score())?;
        let (categories, ranking) = match column.data() {
            ColumnData::Category {
                categories,
                ranking,
                ..
            } => (Some(categories.to_vec()), Some(ranking.to_vec())),
            _ => (None, None),
        };
        c.set_item("categories", categories)?;
        c.set_item("ranking", ranking)?;
        c.set_item("value_labels", column.value_labels())?;
        c.set_item("values", values(py, column.data())?)?;
        columns.append(c)?;
    }
    let d = PyDict::new(py);
    d.set_item("name", table.name())?;
    d.set_item("rows", table.len())?;
    d.set_item("columns", columns)?;
    Ok(d)
}

/// Checks that pandas can be imported, before anything that will need it
/// changes state: the actionable ImportError of `seguimiento._frames`.
pub fn require_pandas(py: Python<'_>) -> PyResult<()> {
    py.import("seguimiento._frames")?
        .getattr("require_pandas")?
        .call0()?;
    Ok(())
}

/// `to_pandas(exact=...)` of a plan or scorecard: every table of
/// `owner` (its `_table_names()`, each read with `_table(name)`) as a
/// DataFrame, numbers as `float64` or, `exact`, as `decimal.Decimal`.
pub fn to_pandas<'py>(owner: &Bound<'py, PyAny>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
    owner
        .py()
        .import("seguimiento._frames")?
        .getattr("to_pandas")?
        .call1((owner, exact))
}

/// One core table as a DataFrame (`seguimiento._frames.table_frame`),
/// numbers as `float64` and dates as `datetime64` or, `exact`, as
/// `decimal.Decimal` and `datetime.date`.
pub fn frame_of<'py>(py: Python<'py>, table: &Table, exact: bool) -> PyResult<Bound<'py, PyAny>> {
    let table = to_py(py, table)?;
    py.import("seguimiento._frames")?
        .getattr("table_frame")?
        .call1((table, exact))
}
