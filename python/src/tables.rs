//! Column-wise tables handed to pandas: the binding fills Python lists, one
//! per column, and `seguimiento._frames.frame` makes the DataFrame.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// A table under construction: named columns of equal length.
pub struct Table<'py> {
    py: Python<'py>,
    names: &'static [&'static str],
    pub cols: Vec<Bound<'py, PyList>>,
}

impl<'py> Table<'py> {
    /// An empty table with these columns.
    pub fn new(py: Python<'py>, names: &'static [&'static str]) -> Self {
        Table {
            py,
            names,
            cols: names.iter().map(|_| PyList::empty(py)).collect(),
        }
    }

    /// The columns as a dict of lists.
    pub fn into_dict(self) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(self.py);
        for (name, col) in self.names.iter().zip(self.cols) {
            d.set_item(*name, col)?;
        }
        Ok(d)
    }

    /// The table as a pandas DataFrame.
    pub fn into_frame(self) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        let columns = self.into_dict()?;
        py.import("seguimiento._frames")?
            .getattr("frame")?
            .call1((columns,))
    }
}

/// Appends one row: one value per column, in order.
macro_rules! row {
    ($table:expr; $($value:expr),+ $(,)?) => {{
        let table = &$table;
        let mut column = 0usize;
        $(
            table.cols[column].append($value)?;
            column += 1;
        )+
        debug_assert_eq!(column, table.cols.len());
    }};
}
pub(crate) use row;
