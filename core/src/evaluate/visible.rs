//! Phase 1, what is known: of each record key, the latest revision visible
//! on the knowledge date K (SPEC §3: `recorded_on` on or before K, or none),
//! and the records that exist but were recorded after K.
//!
//! Visibility is its own phase with its own date, separate from the scoring
//! date D that decides what is due. Which revision of a key counts does not
//! depend on the order the visible records are offered in (see [`Rank`]),
//! so one evaluation offers them in ingestion order, and an evaluation at
//! many knowledge dates ([`History`]) offers each record once, at the first
//! date that sees it.
//!
//! What scoring reads of an indicator's official values is per (period,
//! entity): the total, the sum and count of the cells, and how many
//! records were recorded after K ([`Reported`]). Those are kept up to date
//! as each record is offered (a revision takes its key's old value out of
//! the sum and puts the new one in), so scoring reads a few hundred groups,
//! not the keys, and a refresh re-derives a touched indicator from them.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use crate::ledger::{CellId, Seq, Source, Store, StoredMilestone, StoredObservation, StoredTarget};
use crate::period::Period;
use crate::plan::{EntityIndex, IndicatorIndex, Measure};

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

/// The scales a decimal may have: 0 to 28.
const SCALES: usize = 29;

/// `10^n` for a difference of two decimal scales (`n ≤ 28`, far inside
/// an `i128`).
fn pow10(n: u32) -> i128 {
    10_i128.pow(n)
}

/// The exact sum of a set of decimals that changes one value at a time (a
/// value in, a value out), as a scaled integer: what the cells of a
/// (period, entity) add up to, kept up to date as revisions replace their
/// values without reading the other cells again.
///
/// The sum has the scale decimal addition gives it: the largest of its
/// non-zero terms' (a zero term adds nothing, not even its places), or,
/// when every term is zero, the largest of theirs. How many terms have
/// each scale is counted, so that a term leaving can lower it. The running
/// integer is kept at the largest scale ever seen, which a term leaving
/// cannot lower, and divided down (exactly) when read. Should it ever leave
/// the `i128` range the sum is no longer kept (`overflowed`) and is
/// computed again from the values when read.
#[derive(Debug, Clone, Default)]
struct CellSum {
    terms: usize,
    /// How many non-zero terms have each scale.
    scales: [u32; SCALES],
    /// How many zero terms have each scale.
    zero_scales: [u32; SCALES],
    sum: i128,
    sum_scale: u32,
    overflowed: bool,
}

impl CellSum {
    fn add(&mut self, value: Decimal) {
        self.terms += 1;
        *self.scale_count(value) += 1;
        self.shift(value, true);
    }

    fn remove(&mut self, value: Decimal) {
        self.terms -= 1;
        *self.scale_count(value) -= 1;
        self.shift(value, false);
    }

    fn scale_count(&mut self, value: Decimal) -> &mut u32 {
        let counts = if value.is_zero() {
            &mut self.zero_scales
        } else {
            &mut self.scales
        };
        &mut counts[value.scale() as usize]
    }

    /// Adds or subtracts `value` in the running integer.
    fn shift(&mut self, value: Decimal, add: bool) {
        if self.overflowed || value.is_zero() {
            return;
        }
        let scale = value.scale();
        if scale > self.sum_scale {
            match self.sum.checked_mul(pow10(scale - self.sum_scale)) {
                Some(rescaled) => (self.sum, self.sum_scale) = (rescaled, scale),
                None => {
                    self.overflowed = true;
                    return;
                }
            }
        }
        let term = value.mantissa().checked_mul(pow10(self.sum_scale - scale));
        let next = term.and_then(|t| {
            if add {
                self.sum.checked_add(t)
            } else {
                self.sum.checked_sub(t)
            }
        });
        match next {
            Some(sum) => self.sum = sum,
            None => self.overflowed = true,
        }
    }

    /// The exact sum at the scale decimal addition gives it, if it was kept
    /// and a decimal holds it.
    fn exact(&self) -> Option<Decimal> {
        if self.overflowed {
            return None;
        }
        let largest = |counts: &[u32; SCALES]| (0..SCALES).rev().find(|&s| counts[s] > 0);
        let scale = largest(&self.scales)
            .or_else(|| largest(&self.zero_scales))
            .unwrap_or(0) as u32;
        if self.scales.iter().all(|&n| n == 0) {
            return Some(Decimal::new(0, scale));
        }
        // Every non-zero term is a multiple of 10^(sum_scale − scale): exact.
        let sum = self.sum / pow10(self.sum_scale - scale);
        Decimal::try_from_i128_with_scale(sum, scale).ok()
    }
}

/// The sum of a (period, entity)'s cell values as scoring reads it, given
/// in cell order: their exact sum, at the scale decimal addition gives it,
/// when a decimal holds it; else, in the far reaches of the decimal range
/// where additions round or saturate and so depend on their order, the
/// saturating sum in cell order.
///
/// Decimal addition in some order is the exact sum whenever its result
/// does not depend on the order (non-negative terms, as counts and amounts
/// are, well inside the decimal range). Where it does (terms that cancel
/// to zero part of the way, whose zero keeps or drops places), the exact
/// sum is one of its results, and the one taken however the terms come.
fn sum_of_cells(values: impl Iterator<Item = Decimal> + Clone) -> Decimal {
    let mut sum = CellSum::default();
    values.clone().for_each(|v| sum.add(v));
    sum.exact()
        .unwrap_or_else(|| values.fold(Decimal::ZERO, Decimal::saturating_add))
}

/// The latest visible revision of one key.
#[derive(Debug, Clone, Copy)]
struct Slot {
    rank: Rank,
    value: Decimal,
}

/// A key of the per-key tables: the key's (period, entity) group in the
/// high half, its cell in the low half.
fn slot_key(group: u32, cell: CellId) -> u64 {
    u64::from(group) << 32 | u64::from(cell)
}

fn group_of_key(key: u64) -> u32 {
    (key >> 32) as u32
}

fn cell_of_key(key: u64) -> CellId {
    key as CellId
}

/// What scoring reads of one (period, entity) of an indicator, kept up to
/// date as records are offered: the official total, the cells' sum, and
/// how many official records of it were recorded after the knowledge date.
#[derive(Debug, Clone)]
struct Group {
    period: Period,
    entity: EntityIndex,
    total: Option<Decimal>,
    cells: CellSum,
    later: usize,
}

/// The official value of one (period, entity) of an indicator (SPEC §3).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reported {
    pub period: Period,
    pub entity: EntityIndex,
    /// Its total (the record without a cell), if any.
    pub total: Option<Decimal>,
    /// The sum of its cells' values.
    pub cells_sum: Decimal,
    /// How many cells have a value.
    pub cells: usize,
}

impl Reported {
    /// The value that counts: the total if any, else the cells' sum (only for
    /// additive measures: a percentage or level needs its total).
    pub(crate) fn value(&self, measure: Measure) -> Option<Decimal> {
        match self.total {
            Some(t) => Some(t),
            None if self.cells > 0 && measure.is_additive() => Some(self.cells_sum),
            None => None,
        }
    }
}

/// What is known of one indicator on the knowledge date, borrowed from
/// what was gathered for it.
#[derive(Debug)]
pub(crate) struct VisibleIndicator<'h> {
    /// The latest visible revision of each target key (period, entity),
    /// ordered by period, then entity: never by ingestion order.
    pub targets: Vec<StoredTarget>,
    /// The official values per (period, entity) that has one, ordered by
    /// period, then entity: what scores.
    pub reported: Vec<Reported>,
    /// When the milestone was achieved, by its latest visible revision (the
    /// key of a milestone is its indicator).
    pub milestone: Option<NaiveDate>,
    /// The knowledge date.
    pub known_on: NaiveDate,
    /// How many milestone records were recorded after the knowledge date.
    pub later_milestones: usize,
    known: &'h Known,
}

impl VisibleIndicator<'_> {
    /// How many official observations recorded after the knowledge date
    /// `counts` would take in.
    pub(crate) fn later_official(&self, counts: impl Fn(Period, EntityIndex) -> bool) -> usize {
        self.known
            .groups
            .iter()
            .filter(|g| g.later > 0 && counts(g.period, g.entity))
            .map(|g| g.later)
            .sum()
    }

    /// Every key with its latest visible official value, in no particular
    /// order.
    pub(crate) fn official_values(&self) -> impl Iterator<Item = (ValueKey, Decimal)> + '_ {
        self.known
            .official
            .iter()
            .map(|(&key, slot)| (self.known.value_key(key), slot.value))
    }

    /// Every key with both a social-audit (verification) value and an
    /// official one: the key, the official value and the verification
    /// value, in no particular order.
    pub(crate) fn verified(&self) -> impl Iterator<Item = (ValueKey, Decimal, Decimal)> + '_ {
        self.known.verification.iter().filter_map(|(key, ver)| {
            let off = self.known.official.get(key)?;
            Some((self.known.value_key(*key), off.value, ver.value))
        })
    }
}

/// The latest revision of each key seen so far, as records are offered,
/// and what scoring reads of them per (period, entity), kept up to date.
#[derive(Debug, Default, Clone)]
struct Known {
    targets: HashMap<(Period, Option<EntityIndex>), (Rank, StoredTarget)>,
    /// The place in `groups` of each (period, entity) met.
    group_index: FxHashMap<(Period, EntityIndex), u32>,
    groups: Vec<Group>,
    /// Official values by [`slot_key`]: what scores.
    official: FxHashMap<u64, Slot>,
    /// Social-audit values by [`slot_key`]: compared with the official
    /// ones, never scored.
    verification: FxHashMap<u64, Slot>,
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

    /// The place of a (period, entity) in `groups`, made on first use.
    fn group(&mut self, period: Period, entity: EntityIndex) -> u32 {
        let groups = &mut self.groups;
        *self.group_index.entry((period, entity)).or_insert_with(|| {
            groups.push(Group {
                period,
                entity,
                total: None,
                cells: CellSum::default(),
                later: 0,
            });
            // A group per (period, entity) of one indicator: far fewer
            // than its records, which the store counts in 32 bits.
            (groups.len() - 1) as u32
        })
    }

    fn value_key(&self, key: u64) -> ValueKey {
        let group = &self.groups[group_of_key(key) as usize];
        (group.period, group.entity, cell_of_key(key))
    }

    /// Offers a visible observation; `counted_later`: it was counted as
    /// recorded later ([`Known::count_later`]) until now, and is taken back
    /// from that count.
    fn offer_observation(&mut self, seq: Seq, o: &StoredObservation, counted_later: bool) {
        let group = self.group(o.period, o.entity);
        if counted_later && o.source == Source::Official {
            self.groups[group as usize].later -= 1;
        }
        let key = slot_key(group, o.cell);
        let slot = Slot {
            rank: rank(o.recorded_on, seq),
            value: o.value,
        };
        let values = match o.source {
            Source::Official => &mut self.official,
            Source::Verification => &mut self.verification,
        };
        let replaced = match values.entry(key) {
            Entry::Vacant(entry) => {
                entry.insert(slot);
                None
            }
            Entry::Occupied(mut entry) if entry.get().rank <= slot.rank => {
                Some(entry.insert(slot).value)
            }
            // An earlier revision than the one known: nothing changes.
            Entry::Occupied(_) => return,
        };
        if o.source == Source::Verification {
            return;
        }
        let group = &mut self.groups[group as usize];
        if o.cell == 0 {
            group.total = Some(o.value);
        } else {
            if let Some(old) = replaced {
                group.cells.remove(old);
            }
            group.cells.add(o.value);
        }
    }

    /// Counts an official observation recorded after the knowledge date.
    fn count_later(&mut self, o: &StoredObservation) {
        if o.source == Source::Official {
            let group = self.group(o.period, o.entity) as usize;
            self.groups[group].later += 1;
        }
    }

    fn offer_milestone(&mut self, seq: Seq, m: StoredMilestone) {
        let rank = rank(m.recorded_on, seq);
        if self.milestone.is_none_or(|(r, _)| r <= rank) {
            self.milestone = Some((rank, m.achieved_on));
        }
    }

    /// The official values per (period, entity), in that order.
    fn reported(&self) -> Vec<Reported> {
        let mut reported: Vec<Reported> = self
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.total.is_some() || g.cells.terms > 0)
            .map(|(place, g)| Reported {
                period: g.period,
                entity: g.entity,
                total: g.total,
                cells_sum: g
                    .cells
                    .exact()
                    .unwrap_or_else(|| self.cells_sum_again(place as u32)),
                cells: g.cells.terms,
            })
            .collect();
        reported.sort_unstable_by_key(|r| (r.period, r.entity));
        reported
    }

    /// The cells' sum of one group from its values, where the running sum
    /// could not be kept exactly.
    fn cells_sum_again(&self, group: u32) -> Decimal {
        let mut cells: Vec<(CellId, Decimal)> = self
            .official
            .iter()
            .filter(|(&key, _)| group_of_key(key) == group && cell_of_key(key) != 0)
            .map(|(&key, slot)| (cell_of_key(key), slot.value))
            .collect();
        cells.sort_unstable_by_key(|&(cell, _)| cell);
        sum_of_cells(cells.iter().map(|&(_, value)| value))
    }

    /// What is known, with what was recorded later.
    fn view(&self, known_on: NaiveDate, later_milestones: usize) -> VisibleIndicator<'_> {
        let mut targets: Vec<StoredTarget> = self.targets.values().map(|&(_, t)| t).collect();
        // A total order, so that the items' order never depends on ingestion order.
        targets.sort_by_key(|t| (t.period, t.entity));
        VisibleIndicator {
            targets,
            reported: self.reported(),
            milestone: self.milestone.map(|(_, achieved_on)| achieved_on),
            known_on,
            later_milestones,
            known: self,
        }
    }
}

/// What one pass over an indicator's records found on one knowledge date:
/// what is known, and what was recorded later ([`Seen::view`]).
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    known: Known,
    known_on: NaiveDate,
    later_milestones: usize,
}

impl Seen {
    /// What is visible, to score.
    pub(crate) fn view(&self) -> VisibleIndicator<'_> {
        self.known.view(self.known_on, self.later_milestones)
    }

    /// Nothing known yet, on `known_on`.
    pub(crate) fn new(known_on: NaiveDate) -> Seen {
        Seen {
            known: Known::default(),
            known_on,
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

    /// Takes in one more observation: known if visible (the sums of its
    /// (period, entity) updated by the change of its key's value, if any),
    /// else counted as recorded later.
    pub(crate) fn add_observation(&mut self, seq: Seq, o: StoredObservation) {
        if is_visible(o.recorded_on, self.known_on) {
            self.known.offer_observation(seq, &o, false);
        } else {
            self.known.count_later(&o);
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
    in_batches(store.observations_of(indicator), |seq, o| {
        seen.add_observation(seq, o)
    });
    for (seq, m) in store.milestones_of(indicator) {
        seen.add_milestone(seq, m);
    }
    seen
}

/// Records read from the store before any is looked at, so many at a time.
const BATCH: usize = 64;

/// Calls `take` with each of `records`, read from the store a batch at a
/// time. An indicator's records lie scattered among the others', so each
/// read is a wait for memory; reading a batch with nothing between the
/// reads lets the processor wait for many at once instead of one after the
/// other (on a national ledger, most of the time of the first phase).
fn in_batches(
    mut records: impl Iterator<Item = (Seq, StoredObservation)>,
    mut take: impl FnMut(Seq, StoredObservation),
) {
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        batch.extend(records.by_ref().take(BATCH));
        if batch.is_empty() {
            return;
        }
        for (seq, o) in batch.drain(..) {
            take(seq, o);
        }
    }
}

/// One indicator's records ordered by when they became known, for
/// evaluations at many knowledge dates: each date sees a prefix of each
/// list, so each record is offered once, however many dates there are.
/// Observations, the bulk, are read from the store once: those the first
/// date sees are offered as they are read, the others copied aside by the
/// first date that sees them (gathering them from the store a second time
/// cost more than the copy).
#[derive(Debug)]
pub(crate) struct History<'s> {
    store: &'s Store,
    indicator: IndicatorIndex,
    targets: Vec<(Seq, StoredTarget)>,
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

impl<'s> History<'s> {
    /// The records of `indicator`: its targets and milestones sorted by
    /// `recorded_on`, its observations left in the store.
    pub(crate) fn of(store: &'s Store, indicator: IndicatorIndex) -> History<'s> {
        let mut targets: Vec<_> = store.targets_of(indicator).collect();
        by_recorded_on(&mut targets, |t| t.recorded_on);
        let mut milestones: Vec<_> = store.milestones_of(indicator).collect();
        by_recorded_on(&mut milestones, |m| m.recorded_on);
        History {
            store,
            indicator,
            targets,
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
        let ascending: Vec<NaiveDate> = order.iter().map(|&i| known_on[i]).collect();
        // The first of the ascending dates that sees a record (past the
        // last: none does). Every official observation the first date does
        // not see starts as recorded later, and is taken back from that
        // count when a date sees it.
        let first_seen =
            |o: &StoredObservation| ascending.partition_point(|&k| !is_visible(o.recorded_on, k));
        let mut known = Known::default();
        // The observations a later date sees first, copied as they are read
        // (with the index of that date): reading them from the store again,
        // date by date, would gather them from all over it a second time.
        let mut later: Vec<(u32, Seq, StoredObservation)> = Vec::new();
        let mut starts = vec![0_usize; ascending.len() + 2];
        in_batches(self.store.observations_of(self.indicator), |seq, o| {
            let date = first_seen(&o);
            if date == 0 && !ascending.is_empty() {
                // What the first date sees is offered now, while it is at
                // hand: no date sees less.
                known.offer_observation(seq, &o, false);
                return;
            }
            known.count_later(&o);
            if date < ascending.len() {
                starts[date + 2] += 1;
                // Dates are far fewer than 2^32.
                later.push((date as u32, seq, o));
            }
        });
        for i in 2..starts.len() {
            starts[i] += starts[i - 1];
        }
        // A counting sort of the observations a later date sees by the
        // first date that sees them: `by_date[starts[d]..starts[d + 1]]`
        // are the ones date `d` sees first, in ingestion order (none for
        // the first date, whose were offered above).
        let mut by_date: Vec<(Seq, StoredObservation)> = Vec::with_capacity(later.len());
        if let Some(&(_, seq, o)) = later.first() {
            by_date.resize(later.len(), (seq, o));
        }
        for (date, seq, o) in later {
            let next = &mut starts[date as usize + 1];
            by_date[*next] = (seq, o);
            *next += 1;
        }
        let (mut t, mut m) = (0, 0);
        for (date, i) in order.into_iter().enumerate() {
            let k = known_on[i];
            let t_end = visible_prefix(&self.targets, |r| r.recorded_on, k);
            for &(seq, target) in &self.targets[t..t_end] {
                known.offer_target(seq, target);
            }
            t = t_end;
            for (seq, observation) in &by_date[starts[date]..starts[date + 1]] {
                known.offer_observation(*seq, observation, true);
            }
            let m_end = visible_prefix(&self.milestones, |r| r.recorded_on, k);
            for &(seq, milestone) in &self.milestones[m..m_end] {
                known.offer_milestone(seq, milestone);
            }
            m = m_end;
            let view = known.view(k, self.milestones.len() - m);
            score(i, &view);
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::{sum_of_cells, CellSum};

    /// Non-negative decimals (as counts and amounts are) of a few digits at
    /// scales 0 to 4, zeros among them at every scale.
    fn term() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (0_i64..100_000, 0_u32..5).prop_map(|(m, s)| Decimal::new(m, s)),
            (0_u32..5).prop_map(|s| Decimal::new(0, s)),
        ]
    }

    /// What decimal addition gives, term after term from zero.
    fn added(values: &[Decimal]) -> Decimal {
        values
            .iter()
            .fold(Decimal::ZERO, |s, &v| s.saturating_add(v))
    }

    /// What the sum must be: decimal addition's, which for non-negative
    /// terms depends on their order only when every term is zero (it is
    /// then the last zero, with its places): the largest places, then.
    fn expected(values: &[Decimal]) -> Decimal {
        if values.iter().all(|v| v.is_zero()) {
            let places = values.iter().map(|v| v.scale()).max().unwrap_or(0);
            return Decimal::new(0, places);
        }
        added(values)
    }

    fn kept(values: &[Decimal]) -> CellSum {
        let mut sum = CellSum::default();
        values.iter().for_each(|&v| sum.add(v));
        sum
    }

    proptest! {
        #[test]
        fn the_running_sum_is_decimal_addition_digit_and_scale(
            values in prop::collection::vec(term(), 0..12),
        ) {
            let exact = kept(&values).exact().expect("small sums are kept");
            prop_assert_eq!(exact.serialize(), expected(&values).serialize());
            prop_assert_eq!(sum_of_cells(values.iter().copied()).serialize(), exact.serialize());
        }

        #[test]
        fn a_value_taken_out_leaves_the_sum_of_the_others(
            values in prop::collection::vec(term(), 1..12),
            out in any::<prop::sample::Index>(),
            replacement in term(),
        ) {
            let mut sum = kept(&values);
            let out = out.index(values.len());
            sum.remove(values[out]);
            sum.add(replacement);
            let mut now = values.clone();
            now[out] = replacement;
            // The scale falls back when the value with the most places leaves.
            prop_assert_eq!(
                sum.exact().expect("small sums are kept").serialize(),
                expected(&now).serialize()
            );
        }
    }

    #[test]
    fn a_zero_adds_no_places_unless_every_term_is_zero() {
        let (five, zero_2) = (Decimal::new(5, 0), Decimal::new(0, 2));
        for values in [vec![five, zero_2], vec![zero_2, five], vec![zero_2], vec![]] {
            let exact = kept(&values).exact().expect("small sums are kept");
            assert_eq!(exact.serialize(), added(&values).serialize(), "{values:?}");
        }
        let mut sum = kept(&[Decimal::new(525, 2), zero_2]);
        sum.remove(Decimal::new(525, 2));
        assert_eq!(sum.exact().map(|d| d.to_string()).as_deref(), Some("0.00"));
    }

    #[test]
    fn terms_that_cancel_add_up_to_a_positive_zero_at_the_largest_scale() {
        let values = [
            Decimal::new(500, 2),
            Decimal::new(-5, 0),
            Decimal::new(-25, 1),
            Decimal::new(25, 1),
        ];
        let exact = kept(&values).exact().expect("small sums are kept");
        assert_eq!(exact.to_string(), "0.00");
        assert!(exact.is_sign_positive());
    }

    #[test]
    fn beyond_an_i128_or_a_decimal_the_sum_is_the_saturating_addition() {
        let tiny = Decimal::new(1, 28);
        let huge = Decimal::MAX;
        // 10^28 × the largest mantissa leaves the i128 range, whether the
        // sum or the new term is the one scaled up.
        assert!(kept(&[huge, tiny]).exact().is_none());
        assert!(kept(&[tiny, huge]).exact().is_none());
        assert_eq!(sum_of_cells([huge, tiny].into_iter()), huge);
        // Two of the largest decimals: kept exactly, but no decimal holds it.
        assert!(kept(&[huge, huge]).exact().is_none());
        assert_eq!(sum_of_cells([huge, huge].into_iter()), Decimal::MAX);
        assert_eq!(
            sum_of_cells([Decimal::MIN, huge].into_iter()),
            Decimal::ZERO
        );
    }
}
