//! How the ledger keeps its records: compact, with the plan's dense indexes
//! in place of ids and each observation's cell interned.
//!
//! Everything outside this module reads the records through [`Store`]'s
//! methods, which hand out records by value together with their place in
//! ingestion order ([`Seq`]): the layout behind them (today one vector per
//! kind and a per-indicator index) can become columns, or gain caches,
//! without a change to the evaluation that reads them.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash, RandomState};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::duplicates::{find_duplicates, WordHasher};
use super::records::*;
use crate::period::Period;
use crate::plan::{
    DimensionIndex, DimensionValueIndex, EntityIndex, IndicatorIndex, MAX_INDICATOR_DIMENSIONS,
};

/// Interned cell: sorted (dimension, value) pairs.
pub(crate) type CellKey = Vec<(DimensionIndex, DimensionValueIndex)>;
/// Cell id: 0 is the total (no cell).
pub(crate) type CellId = u32;

/// A cell as validated, before interning: up to
/// [`MAX_INDICATOR_DIMENSIONS`] (dimension, value) index pairs, sorted, held
/// without allocating so that a known cell costs one hash lookup.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CellBuf {
    pub(crate) pairs: [(DimensionIndex, DimensionValueIndex); MAX_INDICATOR_DIMENSIONS],
    pub(crate) len: usize,
}

impl Default for CellBuf {
    /// The empty cell: the total.
    fn default() -> Self {
        CellBuf {
            pairs: [(DimensionIndex::new(0), DimensionValueIndex::new(0));
                MAX_INDICATOR_DIMENSIONS],
            len: 0,
        }
    }
}

impl CellBuf {
    pub(crate) fn as_slice(&self) -> &[(DimensionIndex, DimensionValueIndex)] {
        &self.pairs[..self.len]
    }
}

/// Two cells are the same when their pairs are: the places past `len` are
/// no part of the cell.
impl PartialEq for CellBuf {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for CellBuf {}

impl Hash for CellBuf {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

/// A record's place in ingestion order among the records of its kind: of two
/// revisions of one key recorded on the same day, the later-ingested counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Seq(usize);

/// The store's lengths before a batch, to undo a refused strict batch.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mark {
    targets: usize,
    observations: usize,
    unpacked: usize,
    milestones: usize,
    submissions: usize,
    obligations: usize,
    recommendations: usize,
    follow_ups: usize,
}

impl Mark {
    /// Targets before the batch.
    pub(crate) fn targets(&self) -> usize {
        self.targets
    }

    /// Observations before the batch.
    pub(crate) fn observations(&self) -> usize {
        self.observations
    }

    /// Milestones before the batch.
    pub(crate) fn milestones(&self) -> usize {
        self.milestones
    }

    /// Follow-ups before the batch.
    pub(crate) fn follow_ups(&self) -> usize {
        self.follow_ups
    }
}

/// The ledger cannot take another observation: their positions are 32-bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StoreFull;

#[derive(Debug, Clone, Copy)]
pub(crate) struct StoredTarget {
    pub indicator: IndicatorIndex,
    pub period: Period,
    pub entity: Option<EntityIndex>,
    pub baseline: Decimal,
    pub value: Decimal,
    pub recorded_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct StoredObservation {
    pub indicator: IndicatorIndex,
    pub entity: EntityIndex,
    pub source: Source,
    pub cell: CellId,
    pub period: Period,
    pub value: Decimal,
    pub recorded_on: Option<NaiveDate>,
}

/// Bytes the ledger keeps per observation: the packed record
/// (`PackedObservation`, 28 bytes) plus its entry in the per-indicator
/// index (cells are interned, so shared). A value or period too large to
/// pack takes a place in a side table besides (rare: see
/// `PackedObservation`).
pub const OBSERVATION_BYTES: usize =
    std::mem::size_of::<PackedObservation>() + std::mem::size_of::<u32>();

/// An observation as the store keeps it: the plan's narrow indexes, the
/// period in 32 bits, the date as chrono's 32-bit day, the exact decimal as
/// a 64-bit mantissa with its scale. A value whose mantissa does not fit 64
/// bits (or a negative zero), or a period of a year past 16383, is kept
/// whole in the store's side table, and the record holds its place there:
/// every value reads back exactly as it was given, digits and scale.
///
/// The mantissa is two 32-bit halves so that the record aligns on 4 bytes
/// and takes 28, not 32.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PackedObservation {
    indicator: IndicatorIndex,
    cell: CellId,
    recorded_on: Option<NaiveDate>,
    /// [`pack_period`]'s bits, unless the record is in the side table.
    period: u32,
    /// The value's mantissa (low, high halves), or the place in the side
    /// table when `scale` is [`IN_SIDE_TABLE`].
    mantissa: [u32; 2],
    entity: EntityIndex,
    scale: u8,
    source: Source,
}

const _: () = assert!(std::mem::size_of::<PackedObservation>() <= 28);

impl PackedObservation {
    /// The observation in 28 bytes, if its period and value fit them (else
    /// it needs a place in a store's side table: [`Store::pack`]).
    pub(crate) fn of(o: StoredObservation) -> Option<PackedObservation> {
        let period = pack_period(o.period)?;
        let (mantissa, scale) = pack_value(o.value)?;
        Some(PackedObservation::with_parts(
            o,
            period,
            split(mantissa as u64),
            scale,
        ))
    }

    fn with_parts(
        o: StoredObservation,
        period: u32,
        mantissa: [u32; 2],
        scale: u8,
    ) -> PackedObservation {
        PackedObservation {
            indicator: o.indicator,
            cell: o.cell,
            recorded_on: o.recorded_on,
            period,
            mantissa,
            entity: o.entity,
            scale,
            source: o.source,
        }
    }
}

/// A cell not yet interned, in the ids [`Store::append_packed`] is handed
/// (a store holds fewer cells than this: each interned cell is a distinct
/// list of a plan's dimension values).
pub(crate) const UNINTERNED: CellId = CellId::MAX;

/// `PackedObservation::scale` of a record whose period and value are in the
/// side table (a decimal's scale is at most 28).
const IN_SIDE_TABLE: u8 = u8::MAX;

/// Bits of a year in a packed period.
const YEAR_BITS: u32 = 14;
const YEAR_MASK: u32 = (1 << YEAR_BITS) - 1;

/// A period in 32 bits: its kind in the top bits, then the year (or a
/// window's first year) and the part of the year (or its last year), 14
/// bits each. `None` for a year that does not fit.
fn pack_period(period: Period) -> Option<u32> {
    let year = |y: i32| u32::try_from(y).ok().filter(|&y| y <= YEAR_MASK);
    let (kind, a, b) = match period {
        Period::Year(y) => (0, year(y)?, 0),
        Period::Half(y, h) => (1, year(y)?, u32::from(h)),
        Period::Quarter(y, q) => (2, year(y)?, u32::from(q)),
        Period::Month(y, m) => (3, year(y)?, u32::from(m)),
        Period::Window(first, last) => (4, year(first)?, year(last)?),
    };
    Some(kind << (2 * YEAR_BITS) | a << YEAR_BITS | b)
}

fn unpack_period(bits: u32) -> Period {
    let a = ((bits >> YEAR_BITS) & YEAR_MASK) as i32;
    let b = bits & YEAR_MASK;
    // `b` came from a u8 for the parts of a year.
    let part = b as u8;
    match bits >> (2 * YEAR_BITS) {
        1 => Period::Half(a, part),
        2 => Period::Quarter(a, part),
        3 => Period::Month(a, part),
        4 => Period::Window(a, b as i32),
        _ => Period::Year(a),
    }
}

/// A decimal as a 64-bit mantissa and its scale, if it reads back the
/// same (sign, digits and scale: a negative zero does not).
fn pack_value(value: Decimal) -> Option<(i64, u8)> {
    let mantissa = i64::try_from(value.mantissa()).ok()?;
    let scale = u8::try_from(value.scale()).ok()?;
    let back = Decimal::from_i128_with_scale(i128::from(mantissa), u32::from(scale));
    (back.serialize() == value.serialize()).then_some((mantissa, scale))
}

fn split(word: u64) -> [u32; 2] {
    [word as u32, (word >> 32) as u32]
}

fn join(halves: [u32; 2]) -> u64 {
    u64::from(halves[0]) | u64::from(halves[1]) << 32
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct StoredMilestone {
    pub indicator: IndicatorIndex,
    pub entity: EntityIndex,
    pub achieved_on: NaiveDate,
    pub recorded_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct StoredSubmission {
    pub entity: EntityIndex,
    pub kind: ReportKind,
    pub period: Period,
    pub submitted_on: NaiveDate,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct StoredObligation {
    pub entity: EntityIndex,
    pub kind: ReportKind,
    pub from: i32,
    pub to: i32,
}

/// Drops the entries at or past `len` of a per-indicator index. Positions in
/// each per-indicator index grow, so those are at the ends.
fn truncate_index(index: &mut [Vec<usize>], len: usize) {
    for positions in index {
        while positions.last().is_some_and(|&p| p >= len) {
            positions.pop();
        }
    }
}

/// Positions made relative to `from`.
fn shifted(positions: &[usize], from: usize) -> Vec<usize> {
    positions.iter().map(|&p| p - from).collect()
}

/// A recommendation as stored: its texts kept whole (they are few).
#[derive(Debug, Clone)]
pub(crate) struct StoredRecommendation {
    pub id: String,
    pub evaluation: Period,
    pub issued_on: NaiveDate,
    pub entity: EntityIndex,
    pub node: Option<String>,
    pub text: String,
    pub due: Option<NaiveDate>,
    pub recorded_on: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredFollowUp {
    pub recommendation: String,
    pub entity: EntityIndex,
    pub status: FollowUpStatus,
    pub on: NaiveDate,
    pub recorded_on: Option<NaiveDate>,
}

/// Every record of a ledger, revisions included, in ingestion order, with
/// per-indicator indexes so that one indicator's records are read without
/// reading the others'.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    targets: Vec<StoredTarget>,
    /// Positions in `targets`, per indicator, in ingestion order.
    targets_by_indicator: Vec<Vec<usize>>,
    observations: Vec<PackedObservation>,
    /// The (period, value) of the packed observations that do not fit their
    /// 28 bytes, in the order they came.
    unpacked: Vec<(Period, Decimal)>,
    /// Positions in `observations`, per indicator, in ingestion order.
    observations_by_indicator: Vec<Vec<u32>>,
    milestones: Vec<StoredMilestone>,
    /// Positions in `milestones`, per indicator, in ingestion order.
    milestones_by_indicator: Vec<Vec<usize>>,
    submissions: Vec<StoredSubmission>,
    obligations: Vec<StoredObligation>,
    recommendations: Vec<StoredRecommendation>,
    /// The ids of `recommendations`, for the follow-ups that name one.
    recommendation_ids: HashSet<String>,
    follow_ups: Vec<StoredFollowUp>,
    cells: Vec<CellKey>,
    cell_ids: HashMap<CellKey, CellId>,
    /// The most observations the store holds: their positions are 32-bit
    /// (lowered by tests, to reach it).
    observation_limit: u32,
}

impl Store {
    /// An empty store for a plan of `indicators` indicators.
    pub(crate) fn new(indicators: usize) -> Store {
        let mut cell_ids = HashMap::new();
        cell_ids.insert(Vec::new(), 0);
        Store {
            targets: Vec::new(),
            targets_by_indicator: vec![Vec::new(); indicators],
            observations: Vec::new(),
            unpacked: Vec::new(),
            observations_by_indicator: vec![Vec::new(); indicators],
            milestones: Vec::new(),
            milestones_by_indicator: vec![Vec::new(); indicators],
            submissions: Vec::new(),
            obligations: Vec::new(),
            recommendations: Vec::new(),
            recommendation_ids: HashSet::new(),
            follow_ups: Vec::new(),
            cells: vec![Vec::new()],
            cell_ids,
            observation_limit: u32::MAX,
        }
    }

    /// Records of each kind, revisions included, in the order of
    /// [`RecordKind::ALL`]: targets, observations, milestones, submissions,
    /// obligations, recommendations, follow-ups.
    pub(crate) fn counts(&self) -> [usize; 7] {
        [
            self.targets.len(),
            self.observations.len(),
            self.milestones.len(),
            self.submissions.len(),
            self.obligations.len(),
            self.recommendations.len(),
            self.follow_ups.len(),
        ]
    }

    // -- Writing -----------------------------------------------------------

    /// Lowers the most observations the store holds, so that tests reach it.
    #[cfg(test)]
    pub(crate) fn set_observation_limit(&mut self, limit: u32) {
        self.observation_limit = limit;
    }

    pub(crate) fn push_target(&mut self, target: StoredTarget) {
        self.targets_by_indicator[target.indicator.get()].push(self.targets.len());
        self.targets.push(target);
    }

    /// Stores a validated observation with its cell interned.
    pub(crate) fn push_observation(
        &mut self,
        mut observation: StoredObservation,
        cell: &CellBuf,
    ) -> Result<(), StoreFull> {
        let position = u32::try_from(self.observations.len()).map_err(|_| StoreFull)?;
        if position >= self.observation_limit {
            return Err(StoreFull);
        }
        observation.cell = self.intern(cell.as_slice());
        self.observations_by_indicator[observation.indicator.get()].push(position);
        let packed = self.pack(observation);
        self.observations.push(packed);
        Ok(())
    }

    pub(crate) fn push_milestone(&mut self, milestone: StoredMilestone) {
        self.milestones_by_indicator[milestone.indicator.get()].push(self.milestones.len());
        self.milestones.push(milestone);
    }

    pub(crate) fn push_submission(&mut self, submission: StoredSubmission) {
        self.submissions.push(submission);
    }

    pub(crate) fn push_obligation(&mut self, obligation: StoredObligation) {
        self.obligations.push(obligation);
    }

    pub(crate) fn push_recommendation(&mut self, recommendation: StoredRecommendation) {
        self.recommendation_ids.insert(recommendation.id.clone());
        self.recommendations.push(recommendation);
    }

    pub(crate) fn push_follow_up(&mut self, follow_up: StoredFollowUp) {
        self.follow_ups.push(follow_up);
    }

    /// Whether a recommendation with this id is stored.
    pub(crate) fn has_recommendation(&self, id: &str) -> bool {
        self.recommendation_ids.contains(id)
    }

    /// Removes the follow-ups at `positions` (ascending, at or past the
    /// mark): those whose recommendation the batch did not bring.
    pub(crate) fn remove_follow_ups(&mut self, positions: &[usize]) {
        let mut position = 0;
        let mut removed = positions.iter().peekable();
        self.follow_ups.retain(|_| {
            let keep = removed.peek() != Some(&&position);
            if !keep {
                removed.next();
            }
            position += 1;
            keep
        });
    }

    /// An observation in its 28 bytes, its period and value in the side
    /// table if they do not fit.
    fn pack(&mut self, o: StoredObservation) -> PackedObservation {
        PackedObservation::of(o).unwrap_or_else(|| {
            self.unpacked.push((o.period, o.value));
            PackedObservation::with_parts(
                o,
                0,
                split(self.unpacked.len() as u64 - 1),
                IN_SIDE_TABLE,
            )
        })
    }

    /// Appends observations packed elsewhere (a CSV chunk's valid rows,
    /// packed on the worker that checked them), as many as the store holds
    /// (`push_observation` one by one, with no side table needed): each
    /// record's `cell` is an index into `cells`, interned here the first
    /// time a record uses it (`interned` holds the ids found so far,
    /// [`UNINTERNED`] for the others), so that cells take their ids in the
    /// order records first name them, as when stored one by one. Returns
    /// how many were appended.
    pub(crate) fn append_packed(
        &mut self,
        rows: &[PackedObservation],
        cells: &[CellBuf],
        interned: &mut [CellId],
    ) -> usize {
        let held = self.observations.len();
        let room = (self.observation_limit as usize).saturating_sub(held);
        let rows = &rows[..rows.len().min(room)];
        self.observations.reserve(rows.len());
        for (offset, row) in rows.iter().enumerate() {
            let local = row.cell as usize;
            let mut cell = interned[local];
            if cell == UNINTERNED {
                cell = self.intern(cells[local].as_slice());
                interned[local] = cell;
            }
            // `held + offset` is below the limit, a u32.
            self.observations_by_indicator[row.indicator.get()].push((held + offset) as u32);
            self.observations.push(PackedObservation { cell, ..*row });
        }
        rows.len()
    }

    /// A packed observation as evaluation reads it (no allocation).
    #[inline]
    fn unpack(&self, o: PackedObservation) -> StoredObservation {
        let (period, value) = if o.scale == IN_SIDE_TABLE {
            self.unpacked[join(o.mantissa) as usize]
        } else {
            (
                unpack_period(o.period),
                Decimal::from_i128_with_scale(
                    i128::from(join(o.mantissa) as i64),
                    u32::from(o.scale),
                ),
            )
        };
        StoredObservation {
            indicator: o.indicator,
            entity: o.entity,
            source: o.source,
            cell: o.cell,
            period,
            value,
            recorded_on: o.recorded_on,
        }
    }

    fn intern(&mut self, cell: &[(DimensionIndex, DimensionValueIndex)]) -> CellId {
        if let Some(&id) = self.cell_ids.get(cell) {
            return id;
        }
        let id = self.cells.len() as CellId;
        self.cells.push(cell.to_vec());
        self.cell_ids.insert(cell.to_vec(), id);
        id
    }

    /// Where the store stands, to come back to with [`Store::rollback`].
    pub(crate) fn mark(&self) -> Mark {
        Mark {
            targets: self.targets.len(),
            observations: self.observations.len(),
            unpacked: self.unpacked.len(),
            milestones: self.milestones.len(),
            submissions: self.submissions.len(),
            obligations: self.obligations.len(),
            recommendations: self.recommendations.len(),
            follow_ups: self.follow_ups.len(),
        }
    }

    /// Undoes everything stored since `mark`. Cells interned meanwhile stay
    /// interned: unused, they change nothing.
    pub(crate) fn rollback(&mut self, mark: Mark) {
        if self.targets.len() > mark.targets {
            self.targets.truncate(mark.targets);
            truncate_index(&mut self.targets_by_indicator, mark.targets);
        }
        if self.observations.len() > mark.observations {
            self.rollback_observations(mark.observations);
        }
        self.unpacked.truncate(mark.unpacked);
        if self.milestones.len() > mark.milestones {
            self.milestones.truncate(mark.milestones);
            truncate_index(&mut self.milestones_by_indicator, mark.milestones);
        }
        self.submissions.truncate(mark.submissions);
        self.obligations.truncate(mark.obligations);
        if self.recommendations.len() > mark.recommendations {
            self.recommendations.truncate(mark.recommendations);
            self.recommendation_ids = self.recommendations.iter().map(|r| r.id.clone()).collect();
        }
        self.follow_ups.truncate(mark.follow_ups);
    }

    /// Adds `value` to the observation at `position` (rows of one batch
    /// added up, `duplicates = sum`). `false`, and nothing changed, when the
    /// sum is beyond an exact decimal's range.
    pub(crate) fn add_to_observation(&mut self, position: usize, value: Decimal) -> bool {
        let Some(&packed) = self.observations.get(position) else {
            return false;
        };
        let Some(sum) = self.unpack(packed).value.checked_add(value) else {
            return false;
        };
        if packed.scale == IN_SIDE_TABLE {
            if let Some(side) = self.unpacked.get_mut(join(packed.mantissa) as usize) {
                side.1 = sum;
            }
            return true;
        }
        let mut observation = self.unpack(packed);
        observation.value = sum;
        self.observations[position] = self.pack(observation);
        true
    }

    /// Removes the records of kind `kind` at `positions` (ascending, all at
    /// or past `mark`): the records of a lenient batch that turned out to be
    /// duplicates. The positions after them move down; the per-indicator
    /// indexes are rebuilt for the batch's records only.
    pub(crate) fn remove_since(&mut self, mark: Mark, kind: RecordKind, positions: &[usize]) {
        fn keep<T: Copy>(records: &mut Vec<T>, from: usize, positions: &[usize]) {
            let mut removed = positions.iter().peekable();
            let mut next = from;
            for p in from..records.len() {
                if removed.peek() == Some(&&p) {
                    removed.next();
                    continue;
                }
                records[next] = records[p];
                next += 1;
            }
            records.truncate(next);
        }
        if positions.is_empty() {
            return;
        }
        match kind {
            RecordKind::Observation => {
                let kept = self.observations.split_off(mark.observations);
                self.rollback_observations(mark.observations);
                let mut kept = kept;
                keep(&mut kept, 0, &shifted(positions, mark.observations));
                for o in kept {
                    let position = self.observations.len() as u32;
                    self.observations_by_indicator[o.indicator.get()].push(position);
                    self.observations.push(o);
                }
            }
            RecordKind::Target => {
                let mut kept = self.targets.split_off(mark.targets);
                truncate_index(&mut self.targets_by_indicator, mark.targets);
                keep(&mut kept, 0, &shifted(positions, mark.targets));
                for t in kept {
                    self.push_target(t);
                }
            }
            RecordKind::Milestone => {
                let mut kept = self.milestones.split_off(mark.milestones);
                truncate_index(&mut self.milestones_by_indicator, mark.milestones);
                keep(&mut kept, 0, &shifted(positions, mark.milestones));
                for m in kept {
                    self.push_milestone(m);
                }
            }
            RecordKind::Submission => keep(&mut self.submissions, mark.submissions, positions),
            RecordKind::Obligation => keep(&mut self.obligations, mark.obligations, positions),
            // Never duplicates: revisions by id, or events.
            RecordKind::Recommendation | RecordKind::FollowUp => {}
        }
    }

    fn rollback_observations(&mut self, len: usize) {
        self.observations.truncate(len);
        for positions in &mut self.observations_by_indicator {
            while positions.last().is_some_and(|&p| p as usize >= len) {
                positions.pop();
            }
        }
    }

    /// The key of the observation at `position` with its `recorded_on`
    /// (SPEC §2): what two duplicates of one batch share.
    fn observation_key(&self, position: usize) -> impl Eq {
        // Read from the packed record: the key needs no value.
        let o = &self.observations[position];
        (
            o.indicator,
            self.packed_period(o),
            o.entity,
            o.cell,
            o.source,
            o.recorded_on,
        )
    }

    /// A packed observation's period, from the record or its side table.
    #[inline]
    fn packed_period(&self, o: &PackedObservation) -> Period {
        if o.scale == IN_SIDE_TABLE {
            self.unpacked[join(o.mantissa) as usize].0
        } else {
            unpack_period(o.period)
        }
    }

    /// The key of the observation at `position` as three words, equal for
    /// equal keys (`observation_key`), for a fast hash: the period in its
    /// packed bits whether or not the record holds them (a period that does
    /// not pack adds its years to the third word instead).
    #[inline]
    fn observation_key_words(&self, position: usize) -> [u64; 3] {
        let o = &self.observations[position];
        let (period, unpackable) = if o.scale == IN_SIDE_TABLE {
            let period = self.unpacked[join(o.mantissa) as usize].0;
            match pack_period(period) {
                Some(bits) => (bits, 0),
                None => {
                    let (a, b) = match period {
                        Period::Year(y) => (y, 0),
                        Period::Half(y, p) | Period::Quarter(y, p) | Period::Month(y, p) => {
                            (y, i32::from(p))
                        }
                        Period::Window(first, last) => (first, last),
                    };
                    (u32::MAX, u64::from(a as u32) << 32 | u64::from(b as u32))
                }
            }
        } else {
            (o.period, 0)
        };
        let recorded_on = o
            .recorded_on
            .map_or(0, |d| 1 << 32 | u64::from(d.num_days_from_ce() as u32));
        [
            u64::from(o.indicator.get() as u32) | u64::from(o.cell) << 32,
            u64::from(period) | (o.entity.get() as u64) << 32 | (o.source as u64) << 48,
            recorded_on ^ unpackable.rotate_left(17),
        ]
    }

    fn target_key(&self, position: usize) -> impl Hash + Eq {
        let t = &self.targets[position];
        (t.indicator, t.period, t.entity, t.recorded_on)
    }

    fn milestone_key(&self, position: usize) -> impl Hash + Eq {
        let m = &self.milestones[position];
        (m.indicator, m.recorded_on)
    }

    /// The duplicates among the records of `kind` stored at or past
    /// position `first` (a batch's records, SPEC §2: the same key and
    /// `recorded_on`): for each record with the key of an earlier one
    /// there, `(its position, the position of the first record of its
    /// key)`, ascending by the former. Kinds without duplicates
    /// (submissions, obligations, recommendations, follow-ups) have none.
    pub(crate) fn duplicates_since(&self, kind: RecordKind, first: usize) -> Vec<(usize, usize)> {
        let stored = match kind {
            RecordKind::Target => self.targets.len(),
            RecordKind::Observation => self.observations.len(),
            RecordKind::Milestone => self.milestones.len(),
            _ => 0,
        };
        let records = stored.saturating_sub(first);
        let at = |offset: usize| first + offset;
        let found = match kind {
            RecordKind::Observation => {
                let hasher = WordHasher::new();
                find_duplicates(
                    records,
                    |i| hasher.hash(self.observation_key_words(at(i))),
                    |a, b| self.observation_key(at(a)) == self.observation_key(at(b)),
                )
            }
            RecordKind::Target => {
                let hasher = RandomState::new();
                find_duplicates(
                    records,
                    |i| hasher.hash_one(self.target_key(at(i))),
                    |a, b| self.target_key(at(a)) == self.target_key(at(b)),
                )
            }
            RecordKind::Milestone => {
                let hasher = RandomState::new();
                find_duplicates(
                    records,
                    |i| hasher.hash_one(self.milestone_key(at(i))),
                    |a, b| self.milestone_key(at(a)) == self.milestone_key(at(b)),
                )
            }
            RecordKind::Submission
            | RecordKind::Obligation
            | RecordKind::Recommendation
            | RecordKind::FollowUp => Vec::new(),
        };
        found
            .into_iter()
            .map(|(later, earliest)| (at(later), at(earliest)))
            .collect()
    }

    // -- Reading -----------------------------------------------------------

    /// Every target, in ingestion order.
    pub(crate) fn targets(&self) -> impl Iterator<Item = StoredTarget> + '_ {
        self.targets.iter().copied()
    }

    /// The observation at `position`.
    pub(crate) fn observation_at(&self, position: usize) -> StoredObservation {
        self.unpack(self.observations[position])
    }

    /// Every observation, in ingestion order.
    pub(crate) fn observations(&self) -> impl Iterator<Item = StoredObservation> + '_ {
        self.observations.iter().map(|&o| self.unpack(o))
    }

    /// Every milestone, in ingestion order.
    pub(crate) fn milestones(&self) -> impl Iterator<Item = StoredMilestone> + '_ {
        self.milestones.iter().copied()
    }

    /// Every submission, in ingestion order.
    pub(crate) fn submissions(&self) -> impl Iterator<Item = StoredSubmission> + '_ {
        self.submissions.iter().copied()
    }

    /// Every obligation, in ingestion order.
    pub(crate) fn obligations(&self) -> impl Iterator<Item = StoredObligation> + '_ {
        self.obligations.iter().copied()
    }

    /// Every recommendation, in ingestion order.
    pub(crate) fn recommendations(&self) -> impl Iterator<Item = &StoredRecommendation> + '_ {
        self.recommendations.iter()
    }

    /// Every follow-up, in ingestion order.
    pub(crate) fn follow_ups(&self) -> impl Iterator<Item = &StoredFollowUp> + '_ {
        self.follow_ups.iter()
    }

    /// One indicator's targets with their places, in ingestion order.
    pub(crate) fn targets_of(
        &self,
        indicator: IndicatorIndex,
    ) -> impl Iterator<Item = (Seq, StoredTarget)> + '_ {
        self.targets_by_indicator[indicator.get()]
            .iter()
            .map(|&p| (Seq(p), self.targets[p]))
    }

    /// One indicator's observations with their places, in ingestion order.
    /// How many observations of `indicator` are stored (every revision).
    pub(crate) fn observation_count_of(&self, indicator: IndicatorIndex) -> usize {
        self.observations_by_indicator[indicator.get()].len()
    }

    pub(crate) fn observations_of(
        &self,
        indicator: IndicatorIndex,
    ) -> impl Iterator<Item = (Seq, StoredObservation)> + '_ {
        self.observations_by_indicator[indicator.get()]
            .iter()
            .map(|&p| (Seq(p as usize), self.unpack(self.observations[p as usize])))
    }

    /// One indicator's milestones with their places, in ingestion order.
    pub(crate) fn milestones_of(
        &self,
        indicator: IndicatorIndex,
    ) -> impl Iterator<Item = (Seq, StoredMilestone)> + '_ {
        self.milestones_by_indicator[indicator.get()]
            .iter()
            .map(|&p| (Seq(p), self.milestones[p]))
    }

    /// The targets stored at or past position `from`, with their places:
    /// what was added since a store held `from` targets.
    pub(crate) fn targets_since(
        &self,
        from: usize,
    ) -> impl Iterator<Item = (Seq, StoredTarget)> + '_ {
        self.targets
            .get(from..)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(move |(i, &t)| (Seq(from + i), t))
    }

    /// The observations stored at or past position `from`, with their places.
    pub(crate) fn observations_since(
        &self,
        from: usize,
    ) -> impl Iterator<Item = (Seq, StoredObservation)> + '_ {
        (from..self.counts()[1]).map(|p| (Seq(p), self.observation_at(p)))
    }

    /// The milestones stored at or past position `from`, with their places.
    pub(crate) fn milestones_since(
        &self,
        from: usize,
    ) -> impl Iterator<Item = (Seq, StoredMilestone)> + '_ {
        self.milestones
            .get(from..)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(move |(i, &m)| (Seq(from + i), m))
    }

    /// An interned cell's (dimension, value) pairs; empty for the total.
    pub(crate) fn cell(&self, cell: CellId) -> &[(DimensionIndex, DimensionValueIndex)] {
        self.cells.get(cell as usize).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Datelike;

    use super::*;

    fn target(indicator: usize, year: i32) -> StoredTarget {
        StoredTarget {
            indicator: IndicatorIndex::new(indicator),
            period: Period::Year(year),
            entity: None,
            baseline: Decimal::ZERO,
            value: Decimal::ONE,
            recorded_on: None,
        }
    }

    fn milestone(indicator: usize, day: u32) -> StoredMilestone {
        StoredMilestone {
            indicator: IndicatorIndex::new(indicator),
            entity: EntityIndex::new(0),
            achieved_on: NaiveDate::from_ymd_opt(2010, 1, day).unwrap(),
            recorded_on: None,
        }
    }

    fn years(store: &Store, indicator: usize) -> Vec<(Seq, i32)> {
        store
            .targets_of(IndicatorIndex::new(indicator))
            .map(|(seq, t)| (seq, t.period.year()))
            .collect()
    }

    #[test]
    fn each_indicator_reads_its_own_records_in_ingestion_order() {
        let mut store = Store::new(3);
        store.push_target(target(2, 2008));
        store.push_target(target(0, 2009));
        store.push_target(target(2, 2007));
        assert_eq!(years(&store, 2), [(Seq(0), 2008), (Seq(2), 2007)]);
        assert_eq!(years(&store, 0), [(Seq(1), 2009)]);
        assert!(years(&store, 1).is_empty());
        assert_eq!(store.counts(), [3, 0, 0, 0, 0, 0, 0]);
        let all: Vec<i32> = store.targets().map(|t| t.period.year()).collect();
        assert_eq!(all, [2008, 2009, 2007]);
    }

    #[test]
    fn a_rollback_forgets_records_and_their_index_entries() {
        let mut store = Store::new(2);
        store.push_target(target(1, 2008));
        store.push_milestone(milestone(0, 1));
        let mark = store.mark();
        store.push_target(target(1, 2009));
        store.push_target(target(0, 2010));
        store.push_milestone(milestone(0, 2));
        store.push_obligation(StoredObligation {
            entity: EntityIndex::new(0),
            kind: ReportKind::Annual,
            from: 2008,
            to: 2009,
        });
        store.rollback(mark);
        assert_eq!(store.counts(), [1, 0, 1, 0, 0, 0, 0]);
        assert_eq!(years(&store, 1), [(Seq(0), 2008)]);
        assert!(years(&store, 0).is_empty());
        let milestones: Vec<u32> = store
            .milestones_of(IndicatorIndex::new(0))
            .map(|(_, m)| m.achieved_on.day0())
            .collect();
        assert_eq!(milestones, [0]);
        // What comes after the rollback takes the freed places.
        store.push_target(target(0, 2011));
        assert_eq!(years(&store, 0), [(Seq(1), 2011)]);
    }

    #[test]
    fn every_value_and_period_reads_back_exactly_packed_or_not() {
        let values = [
            "0",
            "-0",
            "0.000",
            "12.50",
            "-3",
            "1e-28",
            "0.0000000000000000000000000001",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "123456789012345678.9012345678",
        ];
        let periods = [
            Period::Year(2009),
            Period::Year(0),
            Period::Year(16383),
            Period::Year(16384),
            Period::Year(-1),
            Period::Half(2009, 2),
            Period::Quarter(2010, 4),
            Period::Month(2011, 12),
            Period::Window(2007, 2017),
            Period::Window(2007, 20000),
        ];
        let mut store = Store::new(1);
        let mut given = Vec::new();
        for (i, text) in values.iter().enumerate() {
            for (j, &period) in periods.iter().enumerate() {
                let value: Decimal = text.parse().unwrap();
                let observation = StoredObservation {
                    indicator: IndicatorIndex::new(0),
                    entity: EntityIndex::new(j),
                    source: if i % 2 == 0 {
                        Source::Official
                    } else {
                        Source::Verification
                    },
                    cell: 0,
                    period,
                    value,
                    recorded_on: NaiveDate::from_ymd_opt(2000 + i as i32, 1, 1),
                };
                store
                    .push_observation(observation, &CellBuf::default())
                    .unwrap();
                given.push(observation);
            }
        }
        let read: Vec<StoredObservation> = store.observations().collect();
        assert_eq!(read.len(), given.len());
        for (r, g) in read.iter().zip(&given) {
            assert_eq!(r.value.serialize(), g.value.serialize(), "{}", g.value);
            assert_eq!(r.value.to_string(), g.value.to_string());
            assert_eq!(
                (r.period, r.entity, r.source, r.recorded_on),
                (g.period, g.entity, g.source, g.recorded_on)
            );
        }
        // Some went to the side table, not all.
        assert!(!store.unpacked.is_empty() && store.unpacked.len() < given.len());
        // Added up, in the record or in the side table, exactly.
        let big: Decimal = "9223372036854775807".parse().unwrap();
        store.add_to_observation(0, big);
        store.add_to_observation(0, big);
        assert_eq!(store.observation_at(0).value, big + big);
        let last = given.len() - 1;
        store.add_to_observation(last, Decimal::ONE);
        assert_eq!(
            store.observation_at(last).value,
            given[last].value + Decimal::ONE
        );
        // Undone, the side table shrinks with them.
        let mark_len = store.unpacked.len();
        let mark = store.mark();
        let huge: Decimal = "79228162514264337593543950335".parse().unwrap();
        let mut o = given[0];
        o.value = huge;
        store.push_observation(o, &CellBuf::default()).unwrap();
        assert_eq!(store.unpacked.len(), mark_len + 1);
        store.rollback(mark);
        assert_eq!(store.unpacked.len(), mark_len);
        assert_eq!(store.counts()[1], given.len());
    }

    #[test]
    fn a_key_is_the_same_whether_its_record_is_packed_or_in_the_side_table() {
        let mut store = Store::new(1);
        let small = StoredObservation {
            indicator: IndicatorIndex::new(0),
            entity: EntityIndex::new(0),
            source: Source::Official,
            cell: 0,
            period: Period::Year(2009),
            value: Decimal::ONE,
            recorded_on: None,
        };
        let huge: Decimal = "79228162514264337593543950335".parse().unwrap();
        let far = StoredObservation {
            period: Period::Year(20000),
            ..small
        };
        let rows = [
            (small, None),
            (
                StoredObservation {
                    value: huge,
                    ..small
                },
                Some(0),
            ),
            (far, None),
            (StoredObservation { value: huge, ..far }, Some(2)),
            (
                StoredObservation {
                    period: Period::Year(2010),
                    ..far
                },
                None,
            ),
        ];
        let mut expected = Vec::new();
        for (position, (observation, earlier)) in rows.into_iter().enumerate() {
            store
                .push_observation(observation, &CellBuf::default())
                .unwrap();
            expected.extend(earlier.map(|e| (position, e)));
        }
        assert_eq!(store.duplicates_since(RecordKind::Observation, 0), expected);
        // Counted from a later record, the records before it are not the
        // batch's.
        assert_eq!(store.duplicates_since(RecordKind::Observation, 1), [(3, 2)]);
    }

    #[test]
    fn the_total_is_cell_zero_and_cells_are_interned_once() {
        let mut store = Store::new(1);
        let observation = StoredObservation {
            indicator: IndicatorIndex::new(0),
            entity: EntityIndex::new(0),
            source: Source::Official,
            cell: 0,
            period: Period::Year(2009),
            value: Decimal::ONE,
            recorded_on: None,
        };
        let mut cell = CellBuf::default();
        store.push_observation(observation, &cell).unwrap();
        cell.pairs[0] = (DimensionIndex::new(1), DimensionValueIndex::new(2));
        cell.len = 1;
        store.push_observation(observation, &cell).unwrap();
        store.push_observation(observation, &cell).unwrap();
        let cells: Vec<CellId> = store
            .observations_of(IndicatorIndex::new(0))
            .map(|(_, o)| o.cell)
            .collect();
        assert_eq!(cells, [0, 1, 1]);
        assert!(store.cell(0).is_empty());
        assert_eq!(store.cell(1), cell.as_slice());
        assert!(store.cell(7).is_empty());
    }
}
