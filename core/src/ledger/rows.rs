//! The ledger's observations read as they are kept: indexes into the plan,
//! periods, exact decimals, dates, with no text or map made per record,
//! for a binding that lays them out column by column (Arrow).

use std::ops::Range;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Ledger, Source};
use crate::period::Period;
use crate::plan::{DimensionIndex, DimensionValueIndex, EntityIndex, IndicatorIndex};

/// One observation of the ledger, as stored: the plan's indexes for its
/// indicator, entity and cell ([`Plan::indicator_at`](crate::Plan::indicator_at),
/// [`Plan::entity_at`](crate::Plan::entity_at), [`Plan::dimensions`](crate::Plan::dimensions)),
/// the rest as values. The same record as [`Ledger::export`] gives, without
/// its texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObservationRow<'l> {
    /// The indicator.
    pub indicator: IndicatorIndex,
    /// The period.
    pub period: Period,
    /// The reporting entity.
    pub entity: EntityIndex,
    /// The cell: (dimension, value) pairs in dimension order; empty for a total.
    pub cell: &'l [(DimensionIndex, DimensionValueIndex)],
    /// The value, with the places it was recorded with.
    pub value: Decimal,
    /// Official or verification.
    pub source: Source,
    /// When it was recorded, if said.
    pub recorded_on: Option<NaiveDate>,
}

impl Ledger {
    /// Every observation, revisions included, in ingestion order (that of
    /// [`Ledger::export`]), read in place.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use seguimiento::{Ledger, Mode, Plan};
    /// let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
    /// ledger.ingest_json(r#"{"observations": [
    ///     {"indicator": "E1.L1.M2.A2.I3", "period": "2008", "entity": "GIT", "value": "12.00"}
    /// ]}"#, Mode::Strict).unwrap();
    /// let row = ledger.observation_rows().next().unwrap();
    /// assert_eq!(ledger.plan().indicator_at(row.indicator).id, "E1.L1.M2.A2.I3");
    /// assert_eq!(ledger.plan().entity_at(row.entity).code, "GIT");
    /// assert_eq!(row.value.to_string(), "12.00");
    /// assert!(row.cell.is_empty());
    /// ```
    pub fn observation_rows(&self) -> impl ExactSizeIterator<Item = ObservationRow<'_>> + '_ {
        self.observation_rows_in(0..self.store().counts()[1])
    }

    /// The observations at the positions `rows` (of [`Ledger::observation_rows`]),
    /// read in place: a binding laying out columns on several threads gives
    /// each its own rows. Positions past the last observation are left out.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use seguimiento::{Ledger, Mode, Plan};
    /// let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
    /// ledger.ingest_json(r#"{"observations": [
    ///     {"indicator": "E1.L1.M2.A2.I3", "period": "2008", "entity": "GIT", "value": "12"},
    ///     {"indicator": "E1.L1.M2.A2.I3", "period": "2009", "entity": "GIT", "value": "15"}
    /// ]}"#, Mode::Strict).unwrap();
    /// let second: Vec<_> = ledger.observation_rows_in(1..5).collect();
    /// assert_eq!(second.len(), 1);
    /// assert_eq!(second[0].value.to_string(), "15");
    /// ```
    pub fn observation_rows_in(
        &self,
        rows: Range<usize>,
    ) -> impl ExactSizeIterator<Item = ObservationRow<'_>> + '_ {
        let store = self.store();
        let end = rows.end.min(store.counts()[1]);
        (rows.start.min(end)..end).map(move |position| {
            let o = store.observation_at(position);
            ObservationRow {
                indicator: o.indicator,
                period: o.period,
                entity: o.entity,
                cell: store.cell(o.cell),
                value: o.value,
                source: o.source,
                recorded_on: o.recorded_on,
            }
        })
    }
}
