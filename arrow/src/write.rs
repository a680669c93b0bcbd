//! A ledger's records as Arrow record batches, one per record kind, laid
//! out from the core's ledger tables ([`Ledger::table`]): the columns and
//! their order are the table's, so a batch goes back in as it is.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Decimal128Array, DictionaryArray, Int32Array, Int64Array,
    RecordBatch, StringArray,
};
use arrow_buffer::{NullBuffer, NullBufferBuilder, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use seguimiento::{ColumnData, Ledger, LedgerTable, Period, RecordKind, Source, Table};

/// The days from 1970-01-01 to a date, as Arrow's `Date32` counts them.
fn days(date: NaiveDate) -> i32 {
    // Every date chrono holds is within ±262,143 years: an i32 of days.
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    i32::try_from((date - epoch).num_days()).unwrap_or(i32::MAX)
}

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
    match kind {
        RecordKind::Observation => observations_batch(ledger),
        _ => table_batch(&ledger.table(table_of(kind))),
    }
}

/// A dictionary-encoded string column: each row's key into `values`.
fn dictionary(
    keys: Vec<i32>,
    nulls: Option<NullBuffer>,
    values: &[&str],
) -> Result<ArrayRef, ArrowError> {
    let keys = Int32Array::new(ScalarBuffer::from(keys), nulls);
    let values = Arc::new(StringArray::from_iter_values(values.iter()));
    Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
        keys, values,
    )?))
}

/// A position in a dictionary as an Arrow key.
fn key(position: usize) -> i32 {
    // The plan's indicators, entities and dimension values, and a ledger's
    // distinct periods, are far fewer than 2^31.
    i32::try_from(position).unwrap_or(i32::MAX)
}

/// One `cell.<dimension>` column being laid out: the key of each row's
/// value of the dimension, null where the cell does not name it.
struct CellColumn {
    keys: Vec<i32>,
    nulls: NullBufferBuilder,
}

/// The observations column by column, straight from the store: indicator,
/// period, entity and cell values as dictionaries (over the plan's ids, the
/// ledger's periods, the dimension's values), values as `Decimal128` when
/// they share their places, dates as `Date32`; no text, map or record made
/// per row. The columns, their names, order and values are those of the
/// observations table.
fn observations_batch(ledger: &Ledger) -> Result<RecordBatch, ArrowError> {
    let plan = ledger.plan();
    let rows = ledger.observation_rows();
    let n = rows.len();
    let mut indicators = Vec::with_capacity(n);
    let mut entities = Vec::with_capacity(n);
    let mut periods = Vec::with_capacity(n);
    let mut period_values: Vec<Period> = Vec::new();
    let mut period_keys: HashMap<Period, i32> = HashMap::new();
    let mut values = Vec::with_capacity(n);
    let mut sources = Vec::with_capacity(n);
    let mut dates = Vec::with_capacity(n);
    let mut date_nulls = NullBufferBuilder::new(n);
    let mut cells: Vec<Option<CellColumn>> = plan.dimensions().iter().map(|_| None).collect();
    for (row, o) in rows.enumerate() {
        indicators.push(key(o.indicator.get()));
        entities.push(key(o.entity.get()));
        let period = *period_keys.entry(o.period).or_insert_with(|| {
            period_values.push(o.period);
            key(period_values.len() - 1)
        });
        periods.push(period);
        values.push(o.value);
        sources.push(key(Source::ALL
            .iter()
            .position(|&s| s == o.source)
            .unwrap_or(0)));
        match o.recorded_on {
            Some(date) => {
                dates.push(days(date));
                date_nulls.append_non_null();
            }
            None => {
                dates.push(0);
                date_nulls.append_null();
            }
        }
        for &(dimension, value) in o.cell {
            let column = cells[dimension.get()].get_or_insert_with(|| {
                let mut nulls = NullBufferBuilder::new(n);
                nulls.append_n_nulls(row);
                CellColumn {
                    keys: vec![0; row],
                    nulls,
                }
            });
            // Rows since the dimension was last named do not name it.
            let missing = row - column.keys.len();
            column.keys.resize(row, 0);
            column.nulls.append_n_nulls(missing);
            column.keys.push(key(value.get()));
            column.nulls.append_non_null();
        }
    }
    let indicator_ids: Vec<&str> = plan.indicators().map(|i| i.id.as_str()).collect();
    let entity_codes: Vec<&str> = plan.entities().iter().map(|e| e.code.as_str()).collect();
    let period_texts: Vec<String> = period_values.iter().map(Period::to_string).collect();
    let period_texts: Vec<&str> = period_texts.iter().map(String::as_str).collect();
    let source_names: Vec<&str> = Source::ALL.iter().map(|s| s.as_str()).collect();
    let mut columns: Vec<(String, ArrayRef, bool)> = vec![
        (
            "indicator".into(),
            dictionary(indicators, None, &indicator_ids)?,
            false,
        ),
        (
            "period".into(),
            dictionary(periods, None, &period_texts)?,
            false,
        ),
        (
            "entity".into(),
            dictionary(entities, None, &entity_codes)?,
            false,
        ),
    ];
    let dimensions = plan.dimensions();
    let mut named: Vec<(usize, CellColumn)> = cells
        .into_iter()
        .enumerate()
        .filter_map(|(d, column)| column.map(|c| (d, c)))
        .collect();
    // By dimension id, as the table's cell columns are.
    named.sort_by(|a, b| dimensions[a.0].id.cmp(&dimensions[b.0].id));
    for (d, mut column) in named {
        let missing = n - column.keys.len();
        column.keys.resize(n, 0);
        column.nulls.append_n_nulls(missing);
        let labels: Vec<&str> = dimensions[d].values.iter().map(String::as_str).collect();
        columns.push((
            format!("cell.{}", dimensions[d].id),
            dictionary(column.keys, column.nulls.finish(), &labels)?,
            true,
        ));
    }
    columns.push(("value".into(), required_decimals(values)?, true));
    columns.push((
        "source".into(),
        dictionary(sources, None, &source_names)?,
        false,
    ));
    let dates: ArrayRef = Arc::new(Date32Array::new(
        ScalarBuffer::from(dates),
        date_nulls.finish(),
    ));
    columns.push(("recorded_on".into(), dates, true));
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, array, nullable)| Field::new(name, array.data_type().clone(), *nullable))
        .collect();
    let arrays = columns.into_iter().map(|(_, array, _)| array).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}

/// Every table of the core (a ledger's, a scorecard's, a plan's) as a
/// record batch, typed as [`to_record_batch`] says.
pub fn table_batch(table: &Table) -> Result<RecordBatch, ArrowError> {
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
                let array = array_of(data)?;
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

fn array_of(data: &ColumnData) -> Result<ArrayRef, ArrowError> {
    Ok(match data {
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

/// Exact decimals without nulls, as [`decimals`] lays them out.
fn required_decimals(values: Vec<Decimal>) -> Result<ArrayRef, ArrowError> {
    let first = values.first().map_or(0, Decimal::scale);
    if values.iter().all(|v| v.scale() == first) {
        let unscaled: Vec<i128> = values.iter().map(Decimal::mantissa).collect();
        let scale = i8::try_from(first).unwrap_or(i8::MAX);
        let array = Decimal128Array::new(ScalarBuffer::from(unscaled), None);
        Ok(Arc::new(array.with_precision_and_scale(38, scale)?))
    } else {
        Ok(Arc::new(StringArray::from_iter_values(
            values.iter().map(Decimal::to_string),
        )))
    }
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
