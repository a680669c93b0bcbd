//! How the ledger keeps its records: compact, with the plan's dense indexes
//! in place of ids and each observation's cell interned.

use chrono::NaiveDate;
use rust_decimal::Decimal;

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

/// The ledger's lengths before a batch, to undo a refused strict batch.
pub(crate) struct Mark {
    pub(crate) targets: usize,
    pub(crate) observations: usize,
    pub(crate) milestones: usize,
    pub(crate) submissions: usize,
    pub(crate) obligations: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredTarget {
    pub indicator: IndicatorIndex,
    pub period: Period,
    pub entity: Option<EntityIndex>,
    pub baseline: Decimal,
    pub value: Decimal,
    pub recorded_on: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredObservation {
    pub indicator: IndicatorIndex,
    pub entity: EntityIndex,
    pub source: Source,
    pub cell: CellId,
    pub period: Period,
    pub value: Decimal,
    pub recorded_on: Option<NaiveDate>,
}

/// Bytes the ledger keeps per observation: the compact record plus its entry
/// in the per-indicator index (cells are interned, so shared).
pub const OBSERVATION_BYTES: usize =
    std::mem::size_of::<StoredObservation>() + std::mem::size_of::<u32>();

#[derive(Debug, Clone)]
pub(crate) struct StoredMilestone {
    pub indicator: IndicatorIndex,
    pub entity: EntityIndex,
    pub achieved_on: NaiveDate,
    pub recorded_on: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredSubmission {
    pub entity: EntityIndex,
    pub kind: ReportKind,
    pub period: Period,
    pub submitted_on: NaiveDate,
}

#[derive(Debug, Clone)]
pub(crate) struct StoredObligation {
    pub entity: EntityIndex,
    pub kind: ReportKind,
    pub from: i32,
    pub to: i32,
}
