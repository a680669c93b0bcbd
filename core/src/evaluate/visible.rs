//! Phase 1, what is known: of each record key, the latest revision visible
//! on the knowledge date (SPEC §3: `recorded_on` on or before it, or none).
//!
//! Visibility is its own phase with its own date, separate from the scoring
//! date that decides what is due: today both are the evaluation date.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::ledger::{CellId, Seq, Source, Store, StoredTarget};
use crate::period::Period;
use crate::plan::{EntityIndex, IndicatorIndex};

/// Where a revision stands among those of its key: by `recorded_on` (a
/// record without one is known from the beginning of time), then by
/// ingestion order, so that of two revisions recorded the same day the
/// later-ingested one counts.
type Rank = (NaiveDate, Seq);

fn rank(recorded_on: Option<NaiveDate>, seq: Seq) -> Rank {
    (recorded_on.unwrap_or(NaiveDate::MIN), seq)
}

fn is_visible(recorded_on: Option<NaiveDate>, known_on: NaiveDate) -> bool {
    recorded_on.is_none_or(|r| r <= known_on)
}

/// An observation's key: period, entity, cell.
pub(crate) type ValueKey = (Period, EntityIndex, CellId);

/// The latest visible value of each observation key of one indicator and
/// source.
#[derive(Debug, Default)]
pub(crate) struct Values(HashMap<ValueKey, (Rank, Decimal)>);

impl Values {
    /// Keeps `value` if it is the latest revision of its key seen so far.
    fn offer(&mut self, key: ValueKey, rank: Rank, value: Decimal) {
        let entry = self.0.entry(key).or_insert((rank, value));
        if entry.0 <= rank {
            *entry = (rank, value);
        }
    }

    /// Every key with its value, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (ValueKey, Decimal)> + '_ {
        self.0.iter().map(|(&key, &(_, value))| (key, value))
    }

    /// The value of one key.
    pub(crate) fn get(&self, key: &ValueKey) -> Option<Decimal> {
        self.0.get(key).map(|&(_, value)| value)
    }
}

/// What is known of one indicator on the knowledge date.
#[derive(Debug, Default)]
pub(crate) struct VisibleIndicator {
    /// The latest visible revision of each target key (period, entity),
    /// ordered by period, then entity: never by ingestion order.
    pub targets: Vec<StoredTarget>,
    /// Official values: what scores.
    pub official: Values,
    /// Social-audit values: compared with the official ones, never scored.
    pub verification: Values,
    /// When the milestone was achieved, by its latest visible revision (the
    /// key of a milestone is its indicator).
    pub milestone: Option<NaiveDate>,
}

/// The latest revision of each key of `indicator` visible on `known_on`.
pub(crate) fn visible(
    store: &Store,
    indicator: IndicatorIndex,
    known_on: NaiveDate,
) -> VisibleIndicator {
    let (official, verification) = values(store, indicator, known_on);
    VisibleIndicator {
        targets: targets(store, indicator, known_on),
        official,
        verification,
        milestone: milestone(store, indicator, known_on),
    }
}

fn targets(store: &Store, indicator: IndicatorIndex, known_on: NaiveDate) -> Vec<StoredTarget> {
    let mut latest: HashMap<(Period, Option<EntityIndex>), (Rank, StoredTarget)> = HashMap::new();
    for (seq, t) in store.targets_of(indicator) {
        if !is_visible(t.recorded_on, known_on) {
            continue;
        }
        let rank = rank(t.recorded_on, seq);
        match latest.get(&(t.period, t.entity)) {
            Some(&(existing, _)) if existing > rank => {}
            _ => {
                latest.insert((t.period, t.entity), (rank, t));
            }
        }
    }
    let mut targets: Vec<StoredTarget> = latest.into_values().map(|(_, t)| t).collect();
    // A total order, so that the items' order never depends on ingestion order.
    targets.sort_by_key(|t| (t.period, t.entity));
    targets
}

/// Official and verification values, in one pass over the observations.
fn values(store: &Store, indicator: IndicatorIndex, known_on: NaiveDate) -> (Values, Values) {
    let (mut official, mut verification) = (Values::default(), Values::default());
    for (seq, o) in store.observations_of(indicator) {
        if !is_visible(o.recorded_on, known_on) {
            continue;
        }
        let values = match o.source {
            Source::Official => &mut official,
            Source::Verification => &mut verification,
        };
        values.offer(
            (o.period, o.entity, o.cell),
            rank(o.recorded_on, seq),
            o.value,
        );
    }
    (official, verification)
}

fn milestone(store: &Store, indicator: IndicatorIndex, known_on: NaiveDate) -> Option<NaiveDate> {
    let mut latest: Option<(Rank, NaiveDate)> = None;
    for (seq, m) in store.milestones_of(indicator) {
        if !is_visible(m.recorded_on, known_on) {
            continue;
        }
        let rank = rank(m.recorded_on, seq);
        if latest.is_none_or(|(r, _)| r <= rank) {
            latest = Some((rank, m.achieved_on));
        }
    }
    latest.map(|(_, achieved_on)| achieved_on)
}
