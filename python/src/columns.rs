//! A record batch handed to Python as the buffers pandas builds its columns
//! on, with no Python object per row: a dictionary column's keys as the
//! codes of a `Categorical` (as narrow as pandas keeps them, -1 where
//! missing) and its values as the categories; `Float64` as the bytes of a
//! `float64` array; `Date32` as the seconds of a `datetime64[s]` array (NaT
//! where missing). Other columns (exact decimals, dates as `datetime.date`
//! with `exact=True`) come over as lists of Python values. The layout is the
//! batch's (`seguimiento_arrow`); `seguimiento._frames.columns_frame` makes
//! the DataFrame.
//!
//! A column comes over as a dict: `name`, `kind` (`category`, `float64`,
//! `datetime64[s]`, `objects`), and `codes`, `code_bytes` and `categories`
//! (a category), `data` (a `bytearray` of the array, `float64` and
//! `datetime64[s]`) or `values` (a list, `objects`).

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type, Int16Type, Int32Type, Int8Type};
use arrow_array::{
    Array, ArrayRef, ArrowPrimitiveType, Date32Array, Float64Array, PrimitiveArray, RecordBatch,
};
use arrow_schema::DataType;
use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyDict, PyList};
use rust_decimal::Decimal;

/// Seconds in a day: a `Date32` day as `datetime64[s]`.
const SECONDS_PER_DAY: i64 = 86_400;

/// numpy's `NaT`: the smallest 64-bit integer.
const NOT_A_TIME: i64 = i64::MIN;

/// One column converted away from the interpreter, or the array whose
/// buffer is written straight into a `bytearray` (one pass, no copy made
/// beside it).
pub enum Converted {
    Category {
        keys: ArrayRef,
        categories: Vec<String>,
    },
    Bytes {
        kind: &'static str,
        array: ArrayRef,
    },
    Decimals(Vec<Option<Decimal>>),
    Dates(Vec<Option<NaiveDate>>),
    /// A column with no pandas column here, or a value that cannot be
    /// converted: the reason.
    Failed(String),
}

/// How many bytes pandas keeps a code of a `Categorical` of `categories` in
/// (`pandas.core.dtypes.cast.coerce_indexer_dtype`): given so, the codes
/// are taken without a copy.
fn code_bytes(categories: usize) -> usize {
    if categories < i8::MAX as usize {
        1
    } else if categories < i16::MAX as usize {
        2
    } else {
        4
    }
}

/// Writes a dictionary column's keys into `codes` as codes of `width`
/// bytes, -1 where missing.
fn write_codes<K: ArrowPrimitiveType>(codes: &mut [u8], keys: &PrimitiveArray<K>, width: usize)
where
    K::Native: Into<i64>,
{
    // The width holds every key: it is chosen by the dictionary's length.
    let write = |codes: &mut [u8], row: usize, key: K::Native| {
        let key: i64 = key.into();
        match width {
            1 => codes[row] = key as i8 as u8,
            2 => codes[2 * row..2 * row + 2].copy_from_slice(&(key as i16).to_ne_bytes()),
            _ => codes[4 * row..4 * row + 4].copy_from_slice(&(key as i32).to_ne_bytes()),
        }
    };
    match keys.nulls() {
        Some(nulls) => {
            // -1 in every width is all bits set; then the rows with a value.
            codes.fill(u8::MAX);
            for row in nulls.valid_indices() {
                write(codes, row, keys.value(row));
            }
        }
        None => {
            for (row, &key) in keys.values().iter().enumerate() {
                write(codes, row, key);
            }
        }
    }
}

/// [`write_codes`] for keys of any of Arrow's signed widths.
fn write_any_codes(codes: &mut [u8], keys: &dyn Array, width: usize) {
    match keys.data_type() {
        DataType::Int8 => write_codes(codes, keys.as_primitive::<Int8Type>(), width),
        DataType::Int16 => write_codes(codes, keys.as_primitive::<Int16Type>(), width),
        _ => write_codes(codes, keys.as_primitive::<Int32Type>(), width),
    }
}

/// Writes a `Float64` array into `data` as `float64` (NaN where missing).
fn write_floats(data: &mut [u8], floats: &Float64Array) {
    let values = floats.values().iter();
    for (row, (slot, &v)) in data.chunks_exact_mut(8).zip(values).enumerate() {
        let v = if floats.is_valid(row) { v } else { f64::NAN };
        slot.copy_from_slice(&v.to_ne_bytes());
    }
}

/// Writes a `Date32` array into `data` as `datetime64[s]` (NaT where missing).
fn write_dates(data: &mut [u8], days: &Date32Array) {
    let values = days.values().iter();
    for (row, (slot, &d)) in data.chunks_exact_mut(8).zip(values).enumerate() {
        let seconds = if days.is_valid(row) {
            i64::from(d) * SECONDS_PER_DAY
        } else {
            NOT_A_TIME
        };
        slot.copy_from_slice(&seconds.to_ne_bytes());
    }
}

fn convert(array: &ArrayRef, exact: bool) -> Converted {
    match array.data_type() {
        DataType::Dictionary(key, value)
            if matches!(**key, DataType::Int8 | DataType::Int16 | DataType::Int32)
                && **value == DataType::Utf8 =>
        {
            let Some(dictionary) = array.as_any_dictionary_opt() else {
                return Converted::Failed(format!("not a dictionary: {}", array.data_type()));
            };
            let categories: Vec<String> = dictionary
                .values()
                .as_string::<i32>()
                .iter()
                .map(|v| v.unwrap_or_default().to_string())
                .collect();
            Converted::Category {
                keys: dictionary.keys().slice(0, dictionary.keys().len()),
                categories,
            }
        }
        DataType::Float64 => Converted::Bytes {
            kind: "float64",
            array: array.clone(),
        },
        DataType::Date32 if exact => {
            let days = array.as_primitive::<Date32Type>();
            Converted::Dates(
                (0..days.len())
                    .map(|row| days.value_as_date(row).filter(|_| days.is_valid(row)))
                    .collect(),
            )
        }
        DataType::Date32 => Converted::Bytes {
            kind: "datetime64[s]",
            array: array.clone(),
        },
        DataType::Decimal128(_, scale) => {
            let scale = u32::try_from(*scale).unwrap_or(u32::MAX);
            array
                .as_primitive::<Decimal128Type>()
                .iter()
                .map(|m| {
                    m.map(|m| {
                        Decimal::try_from_i128_with_scale(m, scale)
                            .map_err(|e| format!("the decimal {m}e-{scale}: {e}"))
                    })
                    .transpose()
                })
                .collect::<Result<_, _>>()
                .map_or_else(Converted::Failed, Converted::Decimals)
        }
        // Exact values written with different places: their texts.
        DataType::Utf8 => array
            .as_string::<i32>()
            .iter()
            .map(|t| {
                t.map(|t| Decimal::from_str_exact(t).map_err(|e| format!("the decimal {t:?}: {e}")))
                    .transpose()
            })
            .collect::<Result<_, _>>()
            .map_or_else(Converted::Failed, Converted::Decimals),
        other => Converted::Failed(format!("no pandas column for Arrow's {other}")),
    }
}

/// Every column of `batch` converted (see the module's docs), each on a
/// thread of its own: called without the interpreter.
pub fn convert_batch(batch: &RecordBatch, exact: bool) -> Vec<(String, Converted)> {
    std::thread::scope(|scope| {
        let threads: Vec<_> = batch
            .schema()
            .fields()
            .iter()
            .zip(batch.columns())
            .map(|(field, array)| {
                let name = field.name().clone();
                scope.spawn(move || (name, convert(array, exact)))
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// The converted columns as the list of dicts `columns_frame` reads.
pub fn to_py<'py>(
    py: Python<'py>,
    columns: Vec<(String, Converted)>,
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for (name, column) in columns {
        let c = PyDict::new(py);
        c.set_item("name", &name)?;
        match column {
            Converted::Category { keys, categories } => {
                let width = code_bytes(categories.len());
                let codes = PyByteArray::new_with(py, keys.len() * width, |codes| {
                    write_any_codes(codes, keys.as_ref(), width);
                    Ok(())
                })?;
                c.set_item("kind", "category")?;
                c.set_item("codes", codes)?;
                c.set_item("code_bytes", width)?;
                c.set_item("categories", categories)?;
            }
            Converted::Bytes { kind, array } => {
                let data = PyByteArray::new_with(py, array.len() * 8, |data| {
                    match array.data_type() {
                        DataType::Float64 => write_floats(data, array.as_primitive()),
                        _ => write_dates(data, array.as_primitive()),
                    }
                    Ok(())
                })?;
                c.set_item("kind", kind)?;
                c.set_item("data", data)?;
            }
            Converted::Decimals(values) => {
                c.set_item("kind", "objects")?;
                c.set_item("values", PyList::new(py, values)?)?;
            }
            Converted::Dates(values) => {
                c.set_item("kind", "objects")?;
                c.set_item("values", PyList::new(py, values)?)?;
            }
            Converted::Failed(reason) => {
                return Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "column {name}: {reason}"
                )));
            }
        }
        list.append(c)?;
    }
    Ok(list)
}
