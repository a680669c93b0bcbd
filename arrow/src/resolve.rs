//! Observations of a record batch handed to the core as plan indexes: a
//! dictionary-encoded column's entries are resolved once each (an
//! indicator, an entity, a period, a dimension value looked up or parsed
//! once per entry, not once per row), a text column's runs of one text once
//! per run, and typed values (`Decimal128`, integers, `Date32`) taken as
//! they are. The core checks each row and reads any it does not take by
//! value, so rejections are those of every other input; a row this cannot
//! resolve is simply offered unresolved.

use std::borrow::Cow;
use std::sync::Arc;

use arrow_array::Array;
use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use seguimiento::read::{FieldValue, Null, NumberKind, ResolvedObservation, Resolver};
use seguimiento::{
    DimensionIndex, DimensionValueIndex, EntityIndex, IndicatorIndex, Period, Plan, Source,
};

use crate::read::Column;

/// Which column of a stream holds each field of an observation.
#[derive(Debug)]
pub(crate) struct ObservationColumns {
    plan: Arc<Plan>,
    indicator: Option<usize>,
    entity: Option<usize>,
    period: Option<usize>,
    value: Option<usize>,
    source: Option<usize>,
    recorded_on: Option<usize>,
    /// `cell.<dimension>` columns and the plan's dimension they name.
    cells: Vec<(usize, Option<DimensionIndex>)>,
}

impl ObservationColumns {
    /// The columns by their names; `None` when a name is none of an
    /// observation's plain fields (a `cell` map, an unknown column): such a
    /// stream is read by value.
    pub(crate) fn new(plan: Arc<Plan>, names: &[&str]) -> Option<ObservationColumns> {
        let resolver = Resolver::new(&plan);
        let mut columns = ObservationColumns {
            plan: Arc::clone(&plan),
            indicator: None,
            entity: None,
            period: None,
            value: None,
            source: None,
            recorded_on: None,
            cells: Vec::new(),
        };
        for (c, name) in names.iter().enumerate() {
            let slot = match *name {
                "indicator" => &mut columns.indicator,
                "entity" => &mut columns.entity,
                "period" => &mut columns.period,
                "value" => &mut columns.value,
                "source" => &mut columns.source,
                "recorded_on" => &mut columns.recorded_on,
                other => {
                    let dimension = other.strip_prefix("cell.")?;
                    columns.cells.push((c, resolver.dimension(dimension)));
                    continue;
                }
            };
            *slot = Some(c);
        }
        Some(columns)
    }

    /// Offers every row of a batch's columns to `each`, resolved when it
    /// can be; `false` when the batch lacks a required column.
    pub(crate) fn offer(
        &self,
        columns: &[Column],
        rows: usize,
        each: &mut dyn FnMut(usize, Option<&ResolvedObservation>) -> bool,
    ) -> bool {
        let resolver = Resolver::new(&self.plan);
        let column = |c: Option<usize>| c.and_then(|c| columns.get(c));
        let (Some(indicator), Some(entity), Some(period), Some(value)) = (
            column(self.indicator),
            column(self.entity),
            column(self.period),
            column(self.value),
        ) else {
            return false;
        };
        let mut indicators =
            Entries::new(Some(indicator), |v| as_text(v, |t| resolver.indicator(t)));
        let mut entities = Entries::new(Some(entity), |v| as_text(v, |t| resolver.entity(t)));
        let mut periods = Entries::new(Some(period), |v| as_text(v, |t| resolver.period(t)));
        let mut values = Entries::new(Some(value), |v| number(&resolver, v)).unmapped();
        let mut sources = Entries::new(column(self.source), |v| as_text(v, |t| resolver.source(t)));
        let mut dates = Entries::new(column(self.recorded_on), |v| date(&resolver, v));
        let mut cells: Vec<_> = self
            .cells
            .iter()
            .map(|&(c, dimension)| {
                let (column, dimension) = (columns.get(c), dimension);
                (
                    dimension,
                    Entries::new(column, move |v| cell_value(&resolver, dimension, v)),
                )
            })
            .collect();
        for row in 0..rows {
            let resolved = resolve_row(
                row,
                &mut indicators,
                &mut entities,
                &mut periods,
                &mut values,
                &mut sources,
                &mut dates,
                &mut cells,
            );
            if !each(row, resolved.as_ref()) {
                break;
            }
        }
        true
    }
}

#[allow(clippy::too_many_arguments)]
#[inline]
fn resolve_row<'c>(
    row: usize,
    indicators: &mut Entries<'c, IndicatorIndex, impl Fn(FieldValue<'c>) -> Entry<IndicatorIndex>>,
    entities: &mut Entries<'c, EntityIndex, impl Fn(FieldValue<'c>) -> Entry<EntityIndex>>,
    periods: &mut Entries<'c, Period, impl Fn(FieldValue<'c>) -> Entry<Period>>,
    values: &mut Entries<'c, Decimal, impl Fn(FieldValue<'c>) -> Entry<Decimal>>,
    sources: &mut Entries<'c, Source, impl Fn(FieldValue<'c>) -> Entry<Source>>,
    dates: &mut Entries<'c, NaiveDate, impl Fn(FieldValue<'c>) -> Entry<NaiveDate>>,
    cells: &mut [(
        Option<DimensionIndex>,
        Entries<'c, DimensionValueIndex, impl Fn(FieldValue<'c>) -> Entry<DimensionValueIndex>>,
    )],
) -> Option<ResolvedObservation> {
    let mut o = ResolvedObservation {
        indicator: indicators.get(row).found()?,
        entity: entities.get(row).found()?,
        period: periods.get(row).found()?,
        value: values.get(row).found()?,
        source: match sources.get(row) {
            Entry::Absent => Source::Official,
            Entry::Found(source) => source,
            Entry::Unresolved => return None,
        },
        recorded_on: match dates.get(row) {
            Entry::Absent => None,
            Entry::Found(date) => Some(date),
            Entry::Unresolved => return None,
        },
        cell: ResolvedObservation::empty_cell(),
        cell_len: 0,
    };
    for (dimension, entries) in cells.iter_mut() {
        match entries.get(row) {
            Entry::Absent => {}
            Entry::Found(v) => {
                // A value found is a value of a known dimension; a row naming
                // more dimensions than any indicator has is read by value.
                let slot = o.cell.get_mut(o.cell_len)?;
                *slot = ((*dimension)?, v);
                o.cell_len += 1;
            }
            Entry::Unresolved => return None,
        }
    }
    Some(o)
}

/// What a value of a field is, as far as resolving it goes.
#[derive(Debug, Clone, Copy)]
enum Entry<T> {
    /// Null, or no column: the field is not given.
    Absent,
    Found(T),
    /// Anything the core's reader would not take as it is: the row is
    /// read by value.
    Unresolved,
}

impl<T> Entry<T> {
    fn found(self) -> Option<T> {
        match self {
            Entry::Found(value) => Some(value),
            _ => None,
        }
    }
}

/// A text field's value as the record reader takes it: a text, the exact
/// text of a number, a decimal read as its text.
fn as_text<T>(value: FieldValue<'_>, resolve: impl Fn(&str) -> Option<T>) -> Entry<T> {
    let found = match &value {
        FieldValue::Text(text) | FieldValue::Number(text, NumberKind::Exact) => resolve(text),
        FieldValue::Decimal(d) => resolve(&d.to_string()),
        absent if absent.is_absent() => return Entry::Absent,
        _ => None,
    };
    found.map_or(Entry::Unresolved, Entry::Found)
}

/// A number field's value: a decimal as it is, a text or exact number
/// parsed; a binary float is read by value.
fn number(resolver: &Resolver<'_>, value: FieldValue<'_>) -> Entry<Decimal> {
    let found = match &value {
        FieldValue::Decimal(d) => Some(resolver.decimal(*d)),
        FieldValue::Text(text) | FieldValue::Number(text, NumberKind::Exact) => {
            resolver.number(text)
        }
        absent if absent.is_absent() => return Entry::Absent,
        _ => None,
    };
    found.map_or(Entry::Unresolved, Entry::Found)
}

/// A date field's value: a date, a date and midnight, a text.
fn date(resolver: &Resolver<'_>, value: FieldValue<'_>) -> Entry<NaiveDate> {
    let found = match &value {
        FieldValue::Date(date) => Some(*date),
        FieldValue::DateTime(at) if at.time() == NaiveTime::MIN => Some(at.date()),
        FieldValue::Text(text) => resolver.date(text),
        absent if absent.is_absent() => return Entry::Absent,
        _ => None,
    };
    found.map_or(Entry::Unresolved, Entry::Found)
}

/// A `cell.<dimension>` column's value: a text only, as the record reader
/// takes a cell's entries straight from such columns.
fn cell_value(
    resolver: &Resolver<'_>,
    dimension: Option<DimensionIndex>,
    value: FieldValue<'_>,
) -> Entry<DimensionValueIndex> {
    let found = match &value {
        FieldValue::Text(Cow::Borrowed(text)) => {
            dimension.and_then(|d| resolver.dimension_value(d, text))
        }
        absent if absent.is_absent() => return Entry::Absent,
        _ => None,
    };
    found.map_or(Entry::Unresolved, Entry::Found)
}

/// One field's values along a batch, each resolved by `resolve` once per
/// dictionary entry (a dictionary column), or for a text column once per
/// run of one text and, when `by_text` is kept, once per distinct text.
struct Entries<'c, T, F> {
    column: Option<&'c Column>,
    /// Per dictionary key, its entry once met.
    by_key: Vec<Option<Entry<T>>>,
    /// The last text met and its entry.
    last: Option<(&'c str, Entry<T>)>,
    /// Every text met and its entry (`None`: not kept, for fields whose
    /// texts seldom repeat).
    by_text: Option<FxHashMap<&'c str, Entry<T>>>,
    /// The last day of a `Date32` column met and its entry.
    last_day: Option<(i32, Entry<T>)>,
    resolve: F,
}

impl<'c, T: Copy, F: Fn(FieldValue<'c>) -> Entry<T>> Entries<'c, T, F> {
    fn new(column: Option<&'c Column>, resolve: F) -> Self {
        Entries {
            column,
            by_key: Vec::new(),
            last: None,
            by_text: Some(FxHashMap::default()),
            last_day: None,
            resolve,
        }
    }

    /// Entries that keep no map of the texts met.
    fn unmapped(mut self) -> Self {
        self.by_text = None;
        self
    }

    /// An entry for a text met, as `resolve` takes a text value.
    #[inline]
    fn of_text(&mut self, text: &'c str) -> Entry<T> {
        if let Some((last, entry)) = self.last {
            if last == text {
                return entry;
            }
        }
        let resolve = &self.resolve;
        let entry = match &mut self.by_text {
            Some(by_text) => *by_text
                .entry(text)
                .or_insert_with(|| resolve(FieldValue::Text(Cow::Borrowed(text)))),
            None => resolve(FieldValue::Text(Cow::Borrowed(text))),
        };
        self.last = Some((text, entry));
        entry
    }

    #[inline]
    fn get(&mut self, row: usize) -> Entry<T> {
        let Some(column) = self.column else {
            return Entry::Absent;
        };
        if let Some((key, values)) = column.dictionary_key(row) {
            let Some(key) = key else {
                return Entry::Absent;
            };
            if let Some(Some(entry)) = self.by_key.get(key) {
                return *entry;
            }
            let entry = (self.resolve)(values.value(key));
            if self.by_key.len() <= key {
                self.by_key.resize(key + 1, None);
            }
            self.by_key[key] = Some(entry);
            return entry;
        }
        // Texts straight from their arrays: no field value made per row.
        let text = match column {
            Column::Utf8(a) => (!a.is_null(row)).then(|| a.value(row)),
            Column::LargeUtf8(a) => (!a.is_null(row)).then(|| a.value(row)),
            Column::Utf8View(a) => (!a.is_null(row)).then(|| a.value(row)),
            // Rows of one day come together.
            Column::Date32(a) if a.is_valid(row) => {
                let day = a.value(row);
                return match self.last_day {
                    Some((last, entry)) if last == day => entry,
                    _ => {
                        let entry = (self.resolve)(column.value(row));
                        self.last_day = Some((day, entry));
                        entry
                    }
                };
            }
            other => return (self.resolve)(other.value(row)),
        };
        match text {
            Some(text) => self.of_text(text),
            None => (self.resolve)(FieldValue::Null(Null::Null)),
        }
    }
}

#[cfg(test)]
mod tests {
    use arrow_array::types::Int8Type;
    use arrow_array::{ArrayRef, DictionaryArray, Int8Array, RecordBatch, StringArray};

    use super::*;

    /// Rows of a dictionary-encoded batch are offered resolved, all but
    /// those naming an entry the plan does not know, and each entry is
    /// resolved once.
    #[test]
    fn dictionary_rows_are_offered_resolved_but_unknown_entries() {
        let plan = Arc::new(Plan::embedded());
        let dictionary = |keys: Vec<Option<i8>>, values: Vec<Option<&str>>| {
            let values = Arc::new(StringArray::from(values)) as ArrayRef;
            Arc::new(DictionaryArray::<Int8Type>::try_new(Int8Array::from(keys), values).unwrap())
                as ArrayRef
        };
        let batch = RecordBatch::try_from_iter([
            (
                "indicator",
                dictionary(vec![Some(0); 5], vec![Some("E1.L1.M2.A2.I3")]),
            ),
            (
                "period",
                dictionary(
                    vec![Some(0), Some(1), Some(0), Some(1), Some(0)],
                    vec![Some("2008"), Some("2009")],
                ),
            ),
            (
                "entity",
                dictionary(
                    vec![Some(0), Some(0), Some(1), None, Some(0)],
                    vec![Some("GIT"), Some("NOPE")],
                ),
            ),
            (
                "value",
                Arc::new(StringArray::from(vec!["1", "2", "3", "4", "x"])) as ArrayRef,
            ),
        ])
        .unwrap();
        let names = ["indicator", "period", "entity", "value"];
        let observations = ObservationColumns::new(Arc::clone(&plan), &names).unwrap();
        let columns: Vec<Column> = batch.columns().iter().map(Column::of).collect();
        let mut offered = Vec::new();
        let taken = observations.offer(&columns, batch.num_rows(), &mut |row, resolved| {
            offered.push((row, resolved.map(|o| (o.entity, o.period))));
            true
        });
        assert!(taken);
        let resolver = Resolver::new(&plan);
        let git = resolver.entity("GIT").unwrap();
        assert_eq!(
            offered,
            vec![
                (0, Some((git, Period::Year(2008)))),
                (1, Some((git, Period::Year(2009)))),
                // An unknown entity, a null key, a value that is no number.
                (2, None),
                (3, None),
                (4, None),
            ]
        );
    }

    /// A `cell` map column is not an observation's plain field: its rows
    /// are read by value.
    #[test]
    fn a_stream_with_a_cell_map_is_read_by_value() {
        let plan = Arc::new(Plan::embedded());
        let names = ["indicator", "period", "entity", "value", "cell"];
        assert!(ObservationColumns::new(plan, &names).is_none());
    }
}
