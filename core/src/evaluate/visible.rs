//! Phase 1, what is known: of each record key, the latest revision visible
//! on the knowledge date K (SPEC §3: `recorded_on` on or before K, or none),
//! and the records that exist but were recorded after K.
//!
//! Visibility is its own phase with its own date, separate from the scoring
//! date D that decides what is due. Which revision of a key counts does not
//! depend on the order the visible records are offered in (see [`Rank`]),
//! so one evaluation offers them in ingestion order, and an evaluation at
//! many knowledge dates ([`History`]) sorts them by `recorded_on` once and
//! offers each record once, at the first date that sees it.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::ledger::{CellId, Seq, Source, Store, StoredMilestone, StoredObservation, StoredTarget};
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
#[derive(Debug, Default, Clone)]
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

/// What is known of one indicator on the knowledge date, borrowed from
/// what was gathered for it.
#[derive(Debug)]
pub(crate) struct VisibleIndicator<'h> {
    /// The latest visible revision of each target key (period, entity),
    /// ordered by period, then entity: never by ingestion order.
    pub targets: Vec<StoredTarget>,
    /// Official values: what scores.
    pub official: &'h Values,
    /// Social-audit values: compared with the official ones, never scored.
    pub verification: &'h Values,
    /// When the milestone was achieved, by its latest visible revision (the
    /// key of a milestone is its indicator).
    pub milestone: Option<NaiveDate>,
    /// The knowledge date.
    pub known_on: NaiveDate,
    /// The observations recorded after the knowledge date (both sources),
    /// for the explanation of an item without visible data.
    pub later_observations: &'h [StoredObservation],
    /// How many milestone records were recorded after the knowledge date.
    pub later_milestones: usize,
}

impl VisibleIndicator<'_> {
    /// How many official observations recorded after the knowledge date
    /// `counts` would take in.
    pub(crate) fn later_official(&self, counts: impl Fn(Period, EntityIndex) -> bool) -> usize {
        self.later_observations
            .iter()
            .filter(|o| o.source == Source::Official && counts(o.period, o.entity))
            .count()
    }
}

/// The latest revision of each key seen so far, as records are offered.
#[derive(Debug, Default, Clone)]
struct Known {
    targets: HashMap<(Period, Option<EntityIndex>), (Rank, StoredTarget)>,
    official: Values,
    verification: Values,
    milestone: Option<(Rank, NaiveDate)>,
}

impl Known {
    fn offer_target(&mut self, seq: Seq, t: StoredTarget) {
        let rank = rank(t.recorded_on, seq);
        let entry = self
            .targets
            .entry((t.period, t.entity))
            .or_insert((rank, t));
        if entry.0 <= rank {
            *entry = (rank, t);
        }
    }

    fn offer_observation(&mut self, seq: Seq, o: &StoredObservation) {
        let values = match o.source {
            Source::Official => &mut self.official,
            Source::Verification => &mut self.verification,
        };
        values.offer(
            (o.period, o.entity, o.cell),
            rank(o.recorded_on, seq),
            o.value,
        );
    }

    fn offer_milestone(&mut self, seq: Seq, m: StoredMilestone) {
        let rank = rank(m.recorded_on, seq);
        if self.milestone.is_none_or(|(r, _)| r <= rank) {
            self.milestone = Some((rank, m.achieved_on));
        }
    }

    /// What is known, with what was recorded later.
    fn view<'h>(
        &'h self,
        known_on: NaiveDate,
        later_observations: &'h [StoredObservation],
        later_milestones: usize,
    ) -> VisibleIndicator<'h> {
        let mut targets: Vec<StoredTarget> = self.targets.values().map(|&(_, t)| t).collect();
        // A total order, so that the items' order never depends on ingestion order.
        targets.sort_by_key(|t| (t.period, t.entity));
        VisibleIndicator {
            targets,
            official: &self.official,
            verification: &self.verification,
            milestone: self.milestone.map(|(_, achieved_on)| achieved_on),
            known_on,
            later_observations,
            later_milestones,
        }
    }
}

/// What one pass over an indicator's records found on one knowledge date:
/// what is known, and what was recorded later ([`Seen::view`]).
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    known: Known,
    known_on: NaiveDate,
    later_observations: Vec<StoredObservation>,
    later_milestones: usize,
}

impl Seen {
    /// What is visible, to score.
    pub(crate) fn view(&self) -> VisibleIndicator<'_> {
        self.known.view(
            self.known_on,
            &self.later_observations,
            self.later_milestones,
        )
    }
}

impl Seen {
    /// Nothing known yet, on `known_on`.
    pub(crate) fn new(known_on: NaiveDate) -> Seen {
        Seen {
            known: Known::default(),
            known_on,
            later_observations: Vec::new(),
            later_milestones: 0,
        }
    }

    /// Takes in one more target: known if visible on the knowledge date.
    /// Which revision counts does not depend on the order records are
    /// offered in, so records added to the ledger later extend what is
    /// known without reading the others again.
    pub(crate) fn add_target(&mut self, seq: Seq, t: StoredTarget) {
        if is_visible(t.recorded_on, self.known_on) {
            self.known.offer_target(seq, t);
        }
    }

    /// Takes in one more observation: known if visible, else recorded later
    /// (offered in ingestion order, the later ones stay so).
    pub(crate) fn add_observation(&mut self, seq: Seq, o: StoredObservation) {
        if is_visible(o.recorded_on, self.known_on) {
            self.known.offer_observation(seq, &o);
        } else {
            self.later_observations.push(o);
        }
    }

    /// Takes in one more milestone record.
    pub(crate) fn add_milestone(&mut self, seq: Seq, m: StoredMilestone) {
        if is_visible(m.recorded_on, self.known_on) {
            self.known.offer_milestone(seq, m);
        } else {
            self.later_milestones += 1;
        }
    }
}

/// The latest revision of each key of `indicator` visible on `known_on`,
/// in one pass over its records.
pub(crate) fn visible(store: &Store, indicator: IndicatorIndex, known_on: NaiveDate) -> Seen {
    let mut seen = Seen::new(known_on);
    for (seq, t) in store.targets_of(indicator) {
        seen.add_target(seq, t);
    }
    for (seq, o) in store.observations_of(indicator) {
        seen.add_observation(seq, o);
    }
    for (seq, m) in store.milestones_of(indicator) {
        seen.add_milestone(seq, m);
    }
    seen
}

/// One indicator's records ordered by when they became known, for
/// evaluations at many knowledge dates: each date sees a prefix of each
/// list, so each record is offered once, however many dates there are.
#[derive(Debug)]
pub(crate) struct History {
    targets: Vec<(Seq, StoredTarget)>,
    observations: Vec<(Seq, StoredObservation)>,
    /// The observations alone, in the same order, lent to each date as
    /// its records recorded later.
    observation_records: Vec<StoredObservation>,
    milestones: Vec<(Seq, StoredMilestone)>,
}

/// Sorts by `recorded_on`, records without one first (known from the
/// beginning of time); the sort is stable, so ties keep ingestion order.
fn by_recorded_on<T>(records: &mut [(Seq, T)], recorded_on: impl Fn(&T) -> Option<NaiveDate>) {
    records.sort_by_key(|(_, r)| recorded_on(r).unwrap_or(NaiveDate::MIN));
}

/// How many of `records` (sorted by `recorded_on`) are visible on `known_on`.
fn visible_prefix<T>(
    records: &[(Seq, T)],
    recorded_on: impl Fn(&T) -> Option<NaiveDate>,
    known_on: NaiveDate,
) -> usize {
    records.partition_point(|(_, r)| is_visible(recorded_on(r), known_on))
}

impl History {
    /// The records of `indicator`, sorted by `recorded_on`.
    pub(crate) fn of(store: &Store, indicator: IndicatorIndex) -> History {
        let mut targets: Vec<_> = store.targets_of(indicator).collect();
        by_recorded_on(&mut targets, |t| t.recorded_on);
        let mut observations: Vec<_> = store.observations_of(indicator).collect();
        by_recorded_on(&mut observations, |o| o.recorded_on);
        let mut milestones: Vec<_> = store.milestones_of(indicator).collect();
        by_recorded_on(&mut milestones, |m| m.recorded_on);
        History {
            observation_records: observations.iter().map(|&(_, o)| o).collect(),
            targets,
            observations,
            milestones,
        }
    }

    /// Calls `score` with what is visible on each of `known_on` (in any
    /// order; repeats allowed) and its index in `known_on`. Each record is
    /// offered once: the dates are visited in ascending order and each
    /// extends what the previous one knew, which `score` borrows.
    pub(crate) fn each_visible(
        &self,
        known_on: &[NaiveDate],
        mut score: impl FnMut(usize, &VisibleIndicator<'_>),
    ) {
        let mut order: Vec<usize> = (0..known_on.len()).collect();
        order.sort_by_key(|&i| known_on[i]);
        let mut known = Known::default();
        let (mut t, mut o, mut m) = (0, 0, 0);
        for i in order {
            let k = known_on[i];
            let t_end = visible_prefix(&self.targets, |r| r.recorded_on, k);
            for &(seq, target) in &self.targets[t..t_end] {
                known.offer_target(seq, target);
            }
            t = t_end;
            let o_end = visible_prefix(&self.observations, |r| r.recorded_on, k);
            for (seq, observation) in &self.observations[o..o_end] {
                known.offer_observation(*seq, observation);
            }
            o = o_end;
            let m_end = visible_prefix(&self.milestones, |r| r.recorded_on, k);
            for &(seq, milestone) in &self.milestones[m..m_end] {
                known.offer_milestone(seq, milestone);
            }
            m = m_end;
            let view = known.view(k, &self.observation_records[o..], self.milestones.len() - m);
            score(i, &view);
        }
    }
}
