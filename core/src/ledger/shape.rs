//! Shaping observations to the plan's level of detail, explicitly: rows at a
//! finer period than an indicator's frequency, or with dimensions it does not
//! have, are added up (flows) or reduced to their latest period (stocks)
//! before they are ingested. Nothing here checks a row: what cannot be shaped
//! is handed on untouched, for the ledger's checks to refuse with their
//! reasons.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::records::{Observation, Source};
use crate::period::{Granularity, Period};
use crate::plan::{Accumulation, EntityMatch, Measure, Plan};

/// What [`Plan::aggregate_observations`] merged, so that a caller can say
/// what was done to the data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Aggregation {
    /// Rows given.
    pub rows: usize,
    /// Records made.
    pub records: usize,
    /// Rows whose period was widened to their indicator's frequency
    /// (`2009-03` → `2009` for an annual indicator).
    pub periods_widened: usize,
    /// Rows whose cell lost dimensions their indicator does not have.
    pub dimensions_dropped: usize,
    /// Rows of a stock left out for an earlier period than the latest of
    /// their record (a stock's value is its latest level).
    pub earlier_stock_rows: usize,
    /// Rows handed on untouched: an unknown indicator, one that takes no
    /// observations, a measure that does not add up (percentage, level), or
    /// a period that is not within one period of the indicator's frequency.
    pub untouched: usize,
}

/// A shaped record's key: everything but the value and `recorded_on`.
type Key = (String, Period, String, Vec<(String, String)>, Source);

/// One shaped record being made: per original period, the sum of its rows
/// and how many there were.
struct Group {
    periods: Vec<(Period, Decimal, usize)>,
    recorded_on: Option<NaiveDate>,
    stock: bool,
}

impl Plan {
    /// Shapes observation rows to each indicator's level of detail: a row's
    /// period is widened to the indicator's frequency (months to the year of
    /// an annual indicator), and dimensions of its cell the indicator does
    /// not have are dropped; then the rows of one record (indicator, period,
    /// entity, cell, source) are added up for a flow, or, for a stock, the
    /// rows of its latest original period are. A record's `recorded_on` is
    /// the latest of its rows' (a year's total is known when its last month
    /// is). Only `count` and `amount` indicators are shaped; other rows are
    /// handed on as they are, as are rows the plan cannot place, for the
    /// ledger's checks to judge. Records come out in the order of their
    /// first row.
    ///
    /// ```
    /// use seguimiento::{Observation, Period, Plan, Source};
    /// let plan = Plan::embedded();
    /// let month = |m: u8, v: i64| Observation {
    ///     indicator: "E1.L1.M1.A2.I2".into(), // an annual count
    ///     period: Period::Month(2009, m),
    ///     entity: "MRE".into(),
    ///     cell: Default::default(),
    ///     value: v.into(),
    ///     source: Source::Official,
    ///     recorded_on: None,
    /// };
    /// let (records, done) = plan.aggregate_observations(&[month(1, 3), month(2, 4)]);
    /// assert_eq!(records.len(), 1);
    /// assert_eq!((records[0].period, records[0].value), (Period::Year(2009), 7.into()));
    /// assert_eq!((done.rows, done.records, done.periods_widened), (2, 1, 2));
    /// ```
    pub fn aggregate_observations(&self, rows: &[Observation]) -> (Vec<Observation>, Aggregation) {
        let (records, done) = self.aggregate_rows(rows);
        (records.into_iter().map(|(_, r)| r).collect(), done)
    }

    /// [`Plan::aggregate_observations`], each record with the position of
    /// its first row among `rows`.
    pub(crate) fn aggregate_rows(
        &self,
        rows: &[Observation],
    ) -> (Vec<(usize, Observation)>, Aggregation) {
        let mut done = Aggregation {
            rows: rows.len(),
            ..Aggregation::default()
        };
        // Either a shaped record (its key's place in `groups`) or a row
        // handed on untouched, in the order of first appearance.
        enum Out {
            Shaped(usize, usize),
            Untouched(usize),
        }
        let mut order = Vec::new();
        let mut keys: Vec<Key> = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut index: HashMap<Key, usize> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            let Some((key, period, stock)) = self.shape(row, &mut done) else {
                done.untouched += 1;
                order.push(Out::Untouched(i));
                continue;
            };
            let g = *index.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                groups.push(Group {
                    periods: Vec::new(),
                    recorded_on: None,
                    stock,
                });
                order.push(Out::Shaped(groups.len() - 1, i));
                groups.len() - 1
            });
            let group = &mut groups[g];
            match group.periods.iter_mut().find(|(p, _, _)| *p == period) {
                Some((_, sum, count)) => {
                    *sum += row.value;
                    *count += 1;
                }
                None => group.periods.push((period, row.value, 1)),
            }
            group.recorded_on = group.recorded_on.max(row.recorded_on);
        }
        let mut out = Vec::with_capacity(order.len());
        for item in order {
            match item {
                Out::Untouched(i) => out.push((i, rows[i].clone())),
                Out::Shaped(g, first) => {
                    let (indicator, period, entity, cell, source) = keys[g].clone();
                    let group = &groups[g];
                    let value = if group.stock {
                        let latest = group.periods.iter().max_by_key(|(p, _, _)| p.start());
                        let latest_rows = latest.map_or(0, |(_, _, n)| *n);
                        let all_rows: usize = group.periods.iter().map(|(_, _, n)| n).sum();
                        done.earlier_stock_rows += all_rows - latest_rows;
                        latest.map_or(Decimal::ZERO, |(_, v, _)| *v)
                    } else {
                        group.periods.iter().map(|(_, v, _)| *v).sum()
                    };
                    out.push((
                        first,
                        Observation {
                            indicator,
                            period,
                            entity,
                            cell: cell.into_iter().collect(),
                            value,
                            source,
                            recorded_on: group.recorded_on,
                        },
                    ));
                }
            }
        }
        done.records = out.len() - done.untouched;
        (out, done)
    }

    /// A row's shaped key, its original period, and whether its indicator
    /// is a stock; `None` for a row handed on untouched.
    fn shape(&self, row: &Observation, done: &mut Aggregation) -> Option<(Key, Period, bool)> {
        let indicator = self.indicator_by_id(&row.indicator)?;
        if !matches!(indicator.measure, Measure::Count | Measure::Amount) {
            return None;
        }
        let granularity = Granularity::for_frequency(indicator.frequency)?;
        let period = widen(row.period, granularity)?;
        if period != row.period {
            done.periods_widened += 1;
        }
        let cell: Vec<(String, String)> = row
            .cell
            .iter()
            .filter(|(d, _)| indicator.dimensions.iter().any(|own| own == *d))
            .map(|(d, v)| (d.clone(), v.clone()))
            .collect();
        if cell.len() != row.cell.len() {
            done.dimensions_dropped += 1;
        }
        // The entity by its registry code where the plan knows it, so that
        // `mre` and `MRE` are one record; else as given, for the checks.
        let entity = match self.lookup_entity(&row.entity) {
            EntityMatch::One(e) => self.entity_at(e).code.clone(),
            _ => row.entity.clone(),
        };
        let key = (
            row.indicator.trim().to_string(),
            period,
            entity,
            cell,
            row.source,
        );
        Some((
            key,
            row.period,
            indicator.accumulation == Accumulation::Stock,
        ))
    }

    fn indicator_by_id(&self, id: &str) -> Option<&crate::plan::Indicator> {
        let index = self.indicator_idx(id.trim())?;
        Some(self.indicator_at(index))
    }
}

/// The period of `granularity` that holds `period`: itself when it already
/// is one; `None` when it is coarser or not within one (a window).
fn widen(period: Period, granularity: Granularity) -> Option<Period> {
    if period.granularity() == granularity {
        return Some(period);
    }
    if period.granularity() > granularity || granularity == Granularity::Window {
        return None;
    }
    let year = period.year();
    Period::each_in_years(granularity, year, year)
        .into_iter()
        .find(|p| p.contains(&period))
}
