//! A ledger's records as Arrow record batches, one per record kind, laid
//! out from the core's ledger tables ([`Ledger::table`]): the columns and
//! their order are the table's, so a batch goes back in as it is.

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Decimal128Array, DictionaryArray, Float64Array,
    Int32Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use rust_decimal::Decimal;
use seguimiento::{ColumnData, Ledger, LedgerTable, RecordKind, Table};

use crate::observations::{days, nearest_double, observations_batch};

/// The ledger table holding records of `kind`.
fn table_of(kind: RecordKind) -> LedgerTable {
    match kind {
        RecordKind::Target => LedgerTable::Targets,
        RecordKind::Observation => LedgerTable::Observations,
        RecordKind::Milestone => LedgerTable::Milestones,
        RecordKind::Submission => LedgerTable::Submissions,
        RecordKind::Obligation => LedgerTable::Obligations,
        RecordKind::Recommendation => LedgerTable::Recommendations,
        RecordKind::FollowUp => LedgerTable::FollowUps,
    }
}

/// The records of one kind, revisions included and in ingestion order, as
/// one record batch whose columns are named by the kind's field names.
///
/// Texts are `Utf8`; dates `Date32`; years `Int64`; names of a closed list
/// (a report kind, a source, a status) dictionary-encoded strings; an
/// observation's cell one nullable `cell.<dimension>` string column per
/// dimension any record names, in dimension order. Exact decimals are
/// `Decimal128(38, s)` when every value of the column is written with the
/// same `s` places, and their exact texts (`Utf8`) otherwise, so that no
/// value changes how it was recorded (`12.5` and `12.50` stay apart).
/// Observations are laid out from the store column by column, their
/// indicator, period, entity and cell columns dictionary-encoded strings
/// over the plan's ids, the ledger's periods and the dimensions' values.
///
/// ```
/// use std::sync::Arc;
/// use seguimiento::{Ledger, Mode, Plan, RecordKind};
/// let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
/// ledger.ingest_json(r#"{"observations": [
///     {"indicator": "E1.L1.M2.A2.I3", "period": "2008", "entity": "GIT", "value": "12"}
/// ]}"#, Mode::Strict).unwrap();
/// let batch = seguimiento_arrow::to_record_batch(&ledger, RecordKind::Observation).unwrap();
/// assert_eq!(batch.num_rows(), 1);
/// let mut again = Ledger::new(ledger.plan().clone());
/// seguimiento_arrow::ingest_batches(&mut again, RecordKind::Observation, &[batch], Mode::Strict).unwrap();
/// assert_eq!(again.to_json(), ledger.to_json());
/// ```
pub fn to_record_batch(ledger: &Ledger, kind: RecordKind) -> Result<RecordBatch, ArrowError> {
    to_record_batch_with(ledger, kind, Numbers::Exact)
}

/// How a batch writes the exact decimals of a ledger (values, baselines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbers {
    /// Exactly, as [`to_record_batch`] says: `Decimal128(38, s)` when every
    /// value of a column has `s` places, their texts when not.
    #[default]
    Exact,
    /// As `Float64`, each value the double nearest it (the one Python's
    /// `float(Decimal(text))` gives), for a reader that computes in floating
    /// point, such as pandas; how many places a value was written with is
    /// lost, so such a batch does not give the ledger back exactly.
    Float64,
}

/// [`to_record_batch`], with the decimals written as `numbers` says.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::cast::AsArray;
/// use arrow_array::types::Float64Type;
/// use seguimiento::{Ledger, Mode, Plan, RecordKind};
/// use seguimiento_arrow::Numbers;
/// let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
/// ledger.ingest_json(r#"{"observations": [
///     {"indicator": "E1.L1.M4.A1.I4", "period": "2008", "entity": "MRE", "value": "1250.50"}
/// ]}"#, Mode::Strict).unwrap();
/// let batch = seguimiento_arrow::to_record_batch_with(&ledger, RecordKind::Observation, Numbers::Float64).unwrap();
/// let values = batch.column_by_name("value").unwrap().as_primitive::<Float64Type>();
/// assert_eq!(values.value(0), 1250.5);
/// ```
pub fn to_record_batch_with(
    ledger: &Ledger,
    kind: RecordKind,
    numbers: Numbers,
) -> Result<RecordBatch, ArrowError> {
    match kind {
        RecordKind::Observation => observations_batch(ledger, numbers),
        _ => table_batch_with(&ledger.table(table_of(kind)), numbers),
    }
}

/// Every table of the core (a ledger's, a scorecard's, a plan's) as a
/// record batch, typed as [`to_record_batch`] says.
pub fn table_batch(table: &Table) -> Result<RecordBatch, ArrowError> {
    table_batch_with(table, Numbers::Exact)
}

fn table_batch_with(table: &Table, numbers: Numbers) -> Result<RecordBatch, ArrowError> {
    let mut fields = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for column in table.columns() {
        let name = column.name();
        match column.data() {
            ColumnData::TextMap(maps) => {
                let mut keys: Vec<&str> = maps
                    .iter()
                    .flat_map(|m| m.keys().map(String::as_str))
                    .collect();
                keys.sort_unstable();
                keys.dedup();
                for key in keys {
                    let values: StringArray = maps
                        .iter()
                        .map(|m| m.get(key).map(String::as_str))
                        .collect();
                    fields.push(Field::new(format!("{name}.{key}"), DataType::Utf8, true));
                    arrays.push(Arc::new(values));
                }
            }
            data => {
                let array = array_of(data, numbers)?;
                let nullable = array.null_count() > 0
                    || matches!(
                        data,
                        ColumnData::OptionalText(_)
                            | ColumnData::OptionalInteger(_)
                            | ColumnData::Decimal(_)
                            | ColumnData::Score(_)
                            | ColumnData::Date(_)
                    );
                fields.push(Field::new(name, array.data_type().clone(), nullable));
                arrays.push(array);
            }
        }
    }
    let schema = Arc::new(Schema::new(fields));
    if arrays.is_empty() {
        return Ok(RecordBatch::new_empty(schema));
    }
    RecordBatch::try_new(schema, arrays)
}

fn array_of(data: &ColumnData, numbers: Numbers) -> Result<ArrayRef, ArrowError> {
    Ok(match data {
        ColumnData::Decimal(v) if numbers == Numbers::Float64 => Arc::new(
            v.iter()
                .map(|d| d.map(nearest_double))
                .collect::<Float64Array>(),
        ),
        ColumnData::Text(v) => Arc::new(StringArray::from_iter_values(v)),
        ColumnData::OptionalText(v) => {
            Arc::new(v.iter().map(Option::as_deref).collect::<StringArray>())
        }
        ColumnData::Integer(v) => Arc::new(Int64Array::from(v.clone())),
        ColumnData::OptionalInteger(v) => Arc::new(Int64Array::from(v.clone())),
        ColumnData::Decimal(v) => decimals(v)?,
        ColumnData::Score(v) => Arc::new(
            Decimal128Array::from(
                v.iter()
                    .map(|s| s.map(|s| i128::from(s.millionths())))
                    .collect::<Vec<_>>(),
            )
            .with_precision_and_scale(38, 6)?,
        ),
        ColumnData::Date(v) => Arc::new(v.iter().map(|d| d.map(days)).collect::<Date32Array>()),
        ColumnData::Bool(v) => Arc::new(BooleanArray::from(v.clone())),
        ColumnData::Category {
            categories, codes, ..
        } => {
            let keys = Int32Array::from(
                codes
                    .iter()
                    .map(|&c| i32::try_from(c).unwrap_or(i32::MAX))
                    .collect::<Vec<_>>(),
            );
            let values = Arc::new(StringArray::from_iter_values(categories.iter()));
            Arc::new(DictionaryArray::<Int32Type>::try_new(keys, values)?)
        }
        ColumnData::TextList(lists) => {
            let mut builder = ListBuilder::new(StringBuilder::new());
            for list in lists {
                for item in list {
                    builder.values().append_value(item);
                }
                builder.append(true);
            }
            Arc::new(builder.finish())
        }
        ColumnData::TextMap(_) => {
            return Err(ArrowError::InvalidArgumentError(
                "a map column is written as one column per key".to_string(),
            ))
        }
    })
}

/// Exact decimals: `Decimal128` when they share a scale, their texts when not.
fn decimals(values: &[Option<Decimal>]) -> Result<ArrayRef, ArrowError> {
    let mut scales = values.iter().flatten().map(Decimal::scale);
    let first = scales.next().unwrap_or(0);
    if scales.all(|s| s == first) {
        let unscaled: Decimal128Array = values.iter().map(|v| v.map(|d| d.mantissa())).collect();
        // rust_decimal holds at most 28 places and 96-bit mantissas: 29 digits.
        let scale = i8::try_from(first).unwrap_or(i8::MAX);
        Ok(Arc::new(unscaled.with_precision_and_scale(38, scale)?))
    } else {
        Ok(Arc::new(
            values
                .iter()
                .map(|v| v.map(|d| d.to_string()))
                .collect::<StringArray>(),
        ))
    }
}
