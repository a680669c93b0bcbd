//! Arrow record batches into a ledger, through the core's one record reader.
//!
//! Each column is resolved to its type once per batch; a value becomes the
//! core's [`FieldValue`] only when its row is read, texts borrowed from the
//! batch. What a field takes is the core's rule, so a column of the wrong
//! type is not refused as a whole: each of its values is a value of another
//! type, reported with the row, the field and the reason, as a JSON or CSV
//! value would be.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal128Type, Decimal32Type, Decimal64Type, Float16Type, Float32Type, Float64Type, Int16Type,
    Int32Type, Int64Type, Int8Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Date64Array, PrimitiveArray, RecordBatch,
    StringArray, StringViewArray,
};
use arrow_array::{LargeStringArray, RecordBatchReader};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Schema, TimeUnit};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use seguimiento::read::{
    ColumnChunk, FieldValue, Null, NumberKind, ResolvedObservation, TypeWords,
};

use crate::resolve::ObservationColumns;
use seguimiento::{IngestError, IngestOptions, IngestReport, Ledger, RecordKind};

/// How Arrow input names what a field takes, in the core's messages.
pub const ARROW_WORDS: TypeWords = TypeWords {
    text: "a string",
    number: "a number (an integer, decimal128, float or string column)",
    date: "a date (a date32 column or a YYYY-MM-DD string)",
    period: "a period (a string such as \"2009-S1\", or an integer year)",
    year: "a year (an integer)",
    cell: "one cell.<dimension> string column per dimension",
};

/// One column of a batch, its type resolved.
pub(crate) enum Column {
    Utf8(StringArray),
    LargeUtf8(LargeStringArray),
    Utf8View(StringViewArray),
    /// A dictionary: each row's position in `values` (read like any
    /// column), nulls from the dictionary array itself.
    Dictionary {
        /// The keys' nulls.
        nulls: Option<NullBuffer>,
        keys: Keys,
        /// How many values the dictionary has.
        entries: usize,
        values: Box<Column>,
    },
    Int8(PrimitiveArray<Int8Type>),
    Int16(PrimitiveArray<Int16Type>),
    Int32(PrimitiveArray<Int32Type>),
    Int64(PrimitiveArray<Int64Type>),
    UInt8(PrimitiveArray<UInt8Type>),
    UInt16(PrimitiveArray<UInt16Type>),
    UInt32(PrimitiveArray<UInt32Type>),
    UInt64(PrimitiveArray<UInt64Type>),
    /// Fixed-point decimals: the unscaled integer and the scale.
    Decimal32(PrimitiveArray<Decimal32Type>, i8),
    Decimal64(PrimitiveArray<Decimal64Type>, i8),
    Decimal128(PrimitiveArray<Decimal128Type>, i8),
    Float16(PrimitiveArray<Float16Type>),
    Float32(PrimitiveArray<Float32Type>),
    Float64(PrimitiveArray<Float64Type>),
    Date32(Date32Array),
    Date64(Date64Array),
    /// A timestamp without a time zone: a date and a time of day.
    Timestamp(ArrayRef, TimeUnit),
    Boolean(BooleanArray),
    /// Only nulls.
    Null,
    /// A type no field takes: every value is one "of another type".
    Other(ArrayRef, String),
}

/// A dictionary's keys as the array holds them, read one at a time as
/// positions in its values (no widened copy of the column).
pub(crate) enum Keys {
    Int8(PrimitiveArray<Int8Type>),
    Int16(PrimitiveArray<Int16Type>),
    Int32(PrimitiveArray<Int32Type>),
    Int64(PrimitiveArray<Int64Type>),
    UInt8(PrimitiveArray<UInt8Type>),
    UInt16(PrimitiveArray<UInt16Type>),
    UInt32(PrimitiveArray<UInt32Type>),
    UInt64(PrimitiveArray<UInt64Type>),
}

impl Keys {
    /// The keys, unless they are not integers (no dictionary array has
    /// such keys).
    fn of(keys: &dyn Array) -> Option<Keys> {
        Some(match keys.data_type() {
            DataType::Int8 => Keys::Int8(keys.as_primitive().clone()),
            DataType::Int16 => Keys::Int16(keys.as_primitive().clone()),
            DataType::Int32 => Keys::Int32(keys.as_primitive().clone()),
            DataType::Int64 => Keys::Int64(keys.as_primitive().clone()),
            DataType::UInt8 => Keys::UInt8(keys.as_primitive().clone()),
            DataType::UInt16 => Keys::UInt16(keys.as_primitive().clone()),
            DataType::UInt32 => Keys::UInt32(keys.as_primitive().clone()),
            DataType::UInt64 => Keys::UInt64(keys.as_primitive().clone()),
            _ => return None,
        })
    }

    /// The position a row's key names (a negative key: past any values).
    #[inline]
    pub(crate) fn at(&self, row: usize) -> usize {
        match self {
            Keys::Int8(k) => usize::try_from(k.value(row)).unwrap_or(usize::MAX),
            Keys::Int16(k) => usize::try_from(k.value(row)).unwrap_or(usize::MAX),
            Keys::Int32(k) => usize::try_from(k.value(row)).unwrap_or(usize::MAX),
            Keys::Int64(k) => usize::try_from(k.value(row)).unwrap_or(usize::MAX),
            Keys::UInt8(k) => usize::from(k.value(row)),
            Keys::UInt16(k) => usize::from(k.value(row)),
            Keys::UInt32(k) => usize::try_from(k.value(row)).unwrap_or(usize::MAX),
            Keys::UInt64(k) => usize::try_from(k.value(row)).unwrap_or(usize::MAX),
        }
    }
}

impl Column {
    pub(crate) fn of(array: &ArrayRef) -> Column {
        let a = array.as_ref();
        match a.data_type() {
            DataType::Utf8 => Column::Utf8(a.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Column::LargeUtf8(a.as_string::<i64>().clone()),
            DataType::Utf8View => Column::Utf8View(a.as_string_view().clone()),
            DataType::Dictionary(_, _) => match a.as_any_dictionary_opt() {
                // No values: every key is null (the array is valid only so).
                Some(dictionary) if dictionary.values().is_empty() => Column::Null,
                Some(dictionary) => match Keys::of(dictionary.keys()) {
                    Some(keys) => Column::Dictionary {
                        nulls: array.nulls().cloned(),
                        keys,
                        entries: dictionary.values().len(),
                        values: Box::new(Column::of(dictionary.values())),
                    },
                    None => Column::other(array),
                },
                None => Column::other(array),
            },
            DataType::Int8 => Column::Int8(a.as_primitive().clone()),
            DataType::Int16 => Column::Int16(a.as_primitive().clone()),
            DataType::Int32 => Column::Int32(a.as_primitive().clone()),
            DataType::Int64 => Column::Int64(a.as_primitive().clone()),
            DataType::UInt8 => Column::UInt8(a.as_primitive().clone()),
            DataType::UInt16 => Column::UInt16(a.as_primitive().clone()),
            DataType::UInt32 => Column::UInt32(a.as_primitive().clone()),
            DataType::UInt64 => Column::UInt64(a.as_primitive().clone()),
            DataType::Decimal32(_, s) => Column::Decimal32(a.as_primitive().clone(), *s),
            DataType::Decimal64(_, s) => Column::Decimal64(a.as_primitive().clone(), *s),
            DataType::Decimal128(_, s) => Column::Decimal128(a.as_primitive().clone(), *s),
            DataType::Float16 => Column::Float16(a.as_primitive().clone()),
            DataType::Float32 => Column::Float32(a.as_primitive().clone()),
            DataType::Float64 => Column::Float64(a.as_primitive().clone()),
            DataType::Date32 => Column::Date32(a.as_primitive().clone()),
            DataType::Date64 => Column::Date64(a.as_primitive().clone()),
            DataType::Timestamp(unit, None) => Column::Timestamp(array.clone(), *unit),
            DataType::Boolean => Column::Boolean(a.as_boolean().clone()),
            DataType::Null => Column::Null,
            _ => Column::other(array),
        }
    }

    /// A dictionary column's key at `row` (`None`: null) and its values.
    pub(crate) fn dictionary_key(&self, row: usize) -> Option<(Option<usize>, &Column)> {
        match self {
            Column::Dictionary {
                nulls,
                keys,
                entries,
                values,
            } => {
                let null = nulls.as_ref().is_some_and(|n| n.is_null(row));
                let key = keys.at(row);
                // A key past the values (an unchecked array): read by value.
                (null || key < *entries).then(|| ((!null).then_some(key), values.as_ref()))
            }
            _ => None,
        }
    }

    fn other(array: &ArrayRef) -> Column {
        let shown = format!("a value of the Arrow type {}", array.data_type());
        Column::Other(array.clone(), shown)
    }

    fn is_null(&self, row: usize) -> bool {
        match self {
            Column::Utf8(a) => a.is_null(row),
            Column::LargeUtf8(a) => a.is_null(row),
            Column::Utf8View(a) => a.is_null(row),
            Column::Dictionary { nulls, .. } => nulls.as_ref().is_some_and(|n| n.is_null(row)),
            Column::Int8(a) => a.is_null(row),
            Column::Int16(a) => a.is_null(row),
            Column::Int32(a) => a.is_null(row),
            Column::Int64(a) => a.is_null(row),
            Column::UInt8(a) => a.is_null(row),
            Column::UInt16(a) => a.is_null(row),
            Column::UInt32(a) => a.is_null(row),
            Column::UInt64(a) => a.is_null(row),
            Column::Decimal32(a, _) => a.is_null(row),
            Column::Decimal64(a, _) => a.is_null(row),
            Column::Decimal128(a, _) => a.is_null(row),
            Column::Float16(a) => a.is_null(row),
            Column::Float32(a) => a.is_null(row),
            Column::Float64(a) => a.is_null(row),
            Column::Date32(a) => a.is_null(row),
            Column::Date64(a) => a.is_null(row),
            Column::Timestamp(a, _) => a.is_null(row),
            Column::Boolean(a) => a.is_null(row),
            Column::Null => true,
            Column::Other(a, _) => a.is_null(row),
        }
    }

    pub(crate) fn value(&self, row: usize) -> FieldValue<'_> {
        if self.is_null(row) {
            return FieldValue::Null(Null::Null);
        }
        match self {
            Column::Utf8(a) => FieldValue::Text(Cow::Borrowed(a.value(row))),
            Column::LargeUtf8(a) => FieldValue::Text(Cow::Borrowed(a.value(row))),
            Column::Utf8View(a) => FieldValue::Text(Cow::Borrowed(a.value(row))),
            Column::Dictionary {
                keys,
                entries,
                values,
                ..
            } => match keys.at(row) {
                key if key < *entries => values.value(key),
                key => FieldValue::Other(Cow::Owned(format!(
                    "the dictionary key {key}, past the dictionary's {entries} values"
                ))),
            },
            // Integers and fixed-point values go over as exact decimals, no
            // text in between; the core reads them as their text elsewhere.
            Column::Int8(a) => FieldValue::Decimal(Decimal::from(a.value(row))),
            Column::Int16(a) => FieldValue::Decimal(Decimal::from(a.value(row))),
            Column::Int32(a) => FieldValue::Decimal(Decimal::from(a.value(row))),
            Column::Int64(a) => FieldValue::Decimal(Decimal::from(a.value(row))),
            Column::UInt8(a) => FieldValue::Decimal(Decimal::from(a.value(row))),
            Column::UInt16(a) => FieldValue::Decimal(Decimal::from(a.value(row))),
            Column::UInt32(a) => FieldValue::Decimal(Decimal::from(a.value(row))),
            Column::UInt64(a) => FieldValue::Decimal(Decimal::from(a.value(row))),
            Column::Decimal32(a, s) => fixed_point(i128::from(a.value(row)), *s),
            Column::Decimal64(a, s) => fixed_point(i128::from(a.value(row)), *s),
            Column::Decimal128(a, s) => fixed_point(a.value(row), *s),
            Column::Float16(a) => float(f64::from(a.value(row)), a.value(row).to_string()),
            Column::Float32(a) => float(f64::from(a.value(row)), a.value(row).to_string()),
            Column::Float64(a) => float(a.value(row), a.value(row).to_string()),
            Column::Date32(a) => match a.value_as_date(row) {
                Some(date) => FieldValue::Date(date),
                None => out_of_range("date32", a.value(row)),
            },
            Column::Date64(a) => date_time(a.value_as_datetime(row), "date64", a.value(row)),
            Column::Timestamp(a, unit) => {
                let a = a.as_ref();
                match unit {
                    TimeUnit::Second => {
                        let a = a.as_primitive::<TimestampSecondType>();
                        date_time(a.value_as_datetime(row), "timestamp", a.value(row))
                    }
                    TimeUnit::Millisecond => {
                        let a = a.as_primitive::<TimestampMillisecondType>();
                        date_time(a.value_as_datetime(row), "timestamp", a.value(row))
                    }
                    TimeUnit::Microsecond => {
                        let a = a.as_primitive::<TimestampMicrosecondType>();
                        date_time(a.value_as_datetime(row), "timestamp", a.value(row))
                    }
                    TimeUnit::Nanosecond => {
                        let a = a.as_primitive::<TimestampNanosecondType>();
                        date_time(a.value_as_datetime(row), "timestamp", a.value(row))
                    }
                }
            }
            Column::Boolean(a) => FieldValue::Other(Cow::Borrowed(if a.value(row) {
                "the boolean true"
            } else {
                "the boolean false"
            })),
            Column::Null => FieldValue::Null(Null::Null),
            Column::Other(_, shown) => FieldValue::Other(Cow::Borrowed(shown)),
        }
    }
}

/// A fixed-point value, `unscaled` × 10^-`scale`, as the exact decimal its
/// text would read as: at once when a decimal holds it with that scale (0
/// to 28 places, a mantissa within 96 bits), else through its text, read by
/// the core's rules, which refuse what a decimal cannot hold exactly.
fn fixed_point(unscaled: i128, scale: i8) -> FieldValue<'static> {
    if let Ok(places) = u32::try_from(scale) {
        if let Ok(value) = Decimal::try_from_i128_with_scale(unscaled, places) {
            return FieldValue::Decimal(value);
        }
    }
    FieldValue::Number(Cow::Owned(decimal_text(unscaled, scale)), NumberKind::Exact)
}

/// A binary float by its shortest round-trip text, marked as a float (the
/// core takes it as a quantity only); NaN is a missing value, as in pandas.
fn float(value: f64, shortest: String) -> FieldValue<'static> {
    if value.is_nan() {
        FieldValue::Null(Null::NaN)
    } else if value.is_infinite() {
        FieldValue::Other(Cow::Owned(format!("the float {shortest}")))
    } else {
        FieldValue::Number(Cow::Owned(shortest), NumberKind::Float)
    }
}

fn date_time(value: Option<NaiveDateTime>, type_name: &str, raw: i64) -> FieldValue<'static> {
    match value {
        Some(value) => FieldValue::DateTime(value),
        None => out_of_range(type_name, raw),
    }
}

fn out_of_range(type_name: &str, raw: impl std::fmt::Display) -> FieldValue<'static> {
    FieldValue::Other(Cow::Owned(format!(
        "the {type_name} {raw}, outside the calendar"
    )))
}

/// The exact text of a fixed-point decimal: `unscaled` × 10^-`scale`.
///
/// ```
/// use seguimiento_arrow::decimal_text;
/// assert_eq!(decimal_text(1250, 2), "12.50");
/// assert_eq!(decimal_text(-5, 3), "-0.005");
/// assert_eq!(decimal_text(12, -2), "1200");
/// ```
pub fn decimal_text(unscaled: i128, scale: i8) -> String {
    let digits = unscaled.unsigned_abs().to_string();
    let sign = if unscaled < 0 { "-" } else { "" };
    if scale <= 0 {
        let zeros = if unscaled == 0 {
            0
        } else {
            usize::from(scale.unsigned_abs())
        };
        return format!("{sign}{digits}{}", "0".repeat(zeros));
    }
    let scale = usize::from(scale.unsigned_abs());
    let padded = if digits.len() <= scale {
        format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
    } else {
        digits
    };
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    format!("{sign}{whole}.{fraction}")
}

/// One record batch as a chunk of the core's column reader.
struct BatchChunk {
    rows: usize,
    batch: RecordBatch,
    /// The columns, their types resolved by the worker that reads the
    /// chunk (a dictionary's keys are widened then), not by the thread
    /// taking chunks from the stream.
    columns: OnceLock<Vec<Column>>,
    /// For observations: which column holds which field, to offer the rows
    /// resolved.
    observations: Option<Arc<ObservationColumns>>,
}

impl BatchChunk {
    fn new(batch: &RecordBatch, observations: Option<Arc<ObservationColumns>>) -> BatchChunk {
        BatchChunk {
            rows: batch.num_rows(),
            batch: batch.clone(),
            columns: OnceLock::new(),
            observations,
        }
    }

    fn columns(&self) -> &[Column] {
        self.columns
            .get_or_init(|| self.batch.columns().iter().map(Column::of).collect())
    }
}

impl ColumnChunk for BatchChunk {
    fn rows(&self) -> usize {
        self.rows
    }

    fn value(&self, column: usize, row: usize) -> FieldValue<'_> {
        self.columns()[column].value(row)
    }

    fn resolve_observations(
        &self,
        each: &mut dyn FnMut(usize, Option<&ResolvedObservation>) -> bool,
    ) -> bool {
        match &self.observations {
            Some(observations) => observations.offer(self.columns(), self.rows, each),
            None => false,
        }
    }
}

/// The column names of a schema, checked against a batch's.
fn names(schema: &Schema) -> Vec<&str> {
    schema.fields().iter().map(|f| f.name().as_str()).collect()
}

/// Ingests record batches of one record kind as one ledger batch.
///
/// Columns are named by the kind's field names
/// ([`RecordKind::spec`]; `cell.<dimension>` for an observation's cell)
/// and checked before any row, as a CSV header is. Rows are read by the
/// core's rules, as JSON and CSV rows are: texts (`Utf8`, `LargeUtf8`,
/// `Utf8View`, dictionary-encoded or not), integers, `Decimal128` and
/// floats (where the core takes a binary float: quantities only) for
/// numbers, `Date32` (or a `YYYY-MM-DD` text) for dates. Rejection indexes
/// are row numbers across the batches; a strict batch with any rejection
/// leaves the ledger as it was. Every batch must have the first one's
/// columns.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{ArrayRef, Date32Array, Int64Array, RecordBatch, StringArray};
/// use seguimiento::{Ledger, Mode, Plan, RecordKind};
///
/// let text = |v: &[&str]| Arc::new(StringArray::from(v.to_vec())) as ArrayRef;
/// let batch = RecordBatch::try_from_iter([
///     ("indicator", text(&["E1.L1.M2.A2.I3", "E1.L1.M2.A2.I3"])),
///     ("period", Arc::new(Int64Array::from(vec![2008, 2009])) as ArrayRef),
///     ("entity", text(&["GIT", "GIT"])),
///     ("value", text(&["12", "twelve"])),
///     ("recorded_on", Arc::new(Date32Array::from(vec![14000, 14400])) as ArrayRef),
/// ]).unwrap();
/// let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
/// let report = seguimiento_arrow::ingest_batches(
///     &mut ledger, RecordKind::Observation, &[batch], Mode::Lenient,
/// ).unwrap();
/// assert_eq!(report.accepted, 1);
/// assert_eq!((report.rejections[0].index, report.rejections[0].field.as_str()), (1, "value"));
/// ```
pub fn ingest_batches(
    ledger: &mut Ledger,
    kind: RecordKind,
    batches: &[RecordBatch],
    options: impl Into<IngestOptions>,
) -> Result<IngestReport, IngestError> {
    let Some(first) = batches.first() else {
        // No batch, no schema: nothing to read or check.
        return ledger.ingest_chunks(
            kind,
            &[],
            &ARROW_WORDS,
            std::iter::empty::<Result<BatchChunk, String>>(),
            options,
        );
    };
    let schema = first.schema();
    ingest_stream(
        ledger,
        kind,
        &schema,
        batches.iter().map(|b| Ok(b.clone())),
        options,
        EVERY_CORE,
    )
}

/// Worker threads for [`Ledger::ingest_chunks_with`]: one per core.
const EVERY_CORE: usize = 0;

/// Ingests a stream of record batches (an Arrow C stream, a Parquet file's
/// reader) of one record kind as one ledger batch, as [`ingest_batches`]
/// does; a batch the stream fails to give ends the batch with
/// [`IngestError::ReadFailed`] and leaves the ledger as it was.
pub fn ingest_reader(
    ledger: &mut Ledger,
    kind: RecordKind,
    reader: impl RecordBatchReader,
    options: impl Into<IngestOptions>,
) -> Result<IngestReport, IngestError> {
    ingest_reader_with(ledger, kind, reader, options, EVERY_CORE)
}

/// [`ingest_reader`] with the worker threads given: `0` for every core,
/// `1` to read the rows one by one on the calling thread. Observations are
/// read and checked a record batch per worker while the stream gives the
/// next batches and the ones before are stored in order, so the result is
/// exactly that of one thread ([`Ledger::ingest_chunks_with`]).
pub fn ingest_reader_with(
    ledger: &mut Ledger,
    kind: RecordKind,
    reader: impl RecordBatchReader,
    options: impl Into<IngestOptions>,
    threads: usize,
) -> Result<IngestReport, IngestError> {
    let schema = reader.schema();
    ingest_stream(
        ledger,
        kind,
        &schema,
        reader.map(|b| b.map_err(|e| e.to_string())),
        options,
        threads,
    )
}

fn ingest_stream(
    ledger: &mut Ledger,
    kind: RecordKind,
    schema: &Schema,
    batches: impl Iterator<Item = Result<RecordBatch, String>>,
    options: impl Into<IngestOptions>,
    threads: usize,
) -> Result<IngestReport, IngestError> {
    let names = names(schema);
    let observations = match kind {
        RecordKind::Observation => {
            ObservationColumns::new(Arc::clone(ledger.plan()), &names).map(Arc::new)
        }
        _ => None,
    };
    let chunks = batches.flat_map(|batch| {
        let batch = match batch {
            Ok(batch) => batch,
            Err(e) => return vec![Err(e)],
        };
        let given = names_of(&batch);
        if given != names {
            return vec![Err(format!(
                "a record batch has the columns {given:?}, not the stream's {names:?}"
            ))];
        }
        slices(&batch)
            .map(|slice| Ok(BatchChunk::new(&slice, observations.clone())))
            .collect()
    });
    ledger.ingest_chunks_with(kind, &names, &ARROW_WORDS, chunks, options, threads)
}

/// Rows a worker reads at a time, at most: a stream of one large batch (as
/// polars hands over a DataFrame) is still read on every core.
const CHUNK_ROWS: usize = 64 * 1024;

/// A batch cut into slices of at most [`CHUNK_ROWS`] rows (no copy); an
/// empty batch is one empty slice.
fn slices(batch: &RecordBatch) -> impl Iterator<Item = RecordBatch> + '_ {
    let rows = batch.num_rows();
    (0..rows.max(1))
        .step_by(CHUNK_ROWS)
        .map(move |start| batch.slice(start.min(rows), CHUNK_ROWS.min(rows - start.min(rows))))
}

fn names_of(batch: &RecordBatch) -> Vec<String> {
    batch
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed-point value handed over as a decimal reads exactly as its
    /// text does: the same value, the same places, the same refusals.
    #[test]
    fn fixed_point_values_read_as_their_text() {
        let big = 1i128 << 96;
        let mut unscaled = vec![0, 1, -1, 5, -5, 1250, -1250, 99, i128::MAX, i128::MIN];
        for power in [9u32, 18, 27, 28, 29] {
            let p = 10i128.pow(power);
            unscaled.extend([p, -p, p - 1, -(p - 1), p + 7]);
        }
        unscaled.extend([big - 1, -(big - 1), big, -big, big + 1]);
        for &u in &unscaled {
            for scale in -4i8..=32 {
                let text = decimal_text(u, scale);
                let by_text = seguimiento::parse_decimal(&text);
                match fixed_point(u, scale) {
                    FieldValue::Decimal(d) => {
                        let t = by_text.unwrap_or_else(|e| panic!("{text}: {e:?}"));
                        assert_eq!((d, d.scale(), d.to_string()), (t, t.scale(), t.to_string()));
                    }
                    FieldValue::Number(t, NumberKind::Exact) => assert_eq!(t, text),
                    other => panic!("{other:?}"),
                }
            }
        }
    }
}
