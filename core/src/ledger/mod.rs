//! The ledger: what institutions report (SPEC §2).
//!
//! Records enter in batches, strictly (any error rejects the whole batch) or
//! leniently (valid records go in, each rejected one is listed with its index,
//! field and reason). Nothing is overwritten: a record with the key of an
//! earlier one is a revision, and every revision stays in the ledger and in
//! its export.
//!
//! Records are stored compactly, with the plan's dense indexes in place of
//! ids and each observation's cell interned, and observations are indexed
//! per indicator so that evaluation reads each indicator's data once.

mod parse;
pub mod records;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

pub use records::*;

use crate::period::{Granularity, Period};
use crate::plan::{
    EntityIndex, Frequency, IndicatorIndex, Measure, Plan, MAX_INDICATOR_DIMENSIONS,
};

pub use parse::{parse_date, parse_decimal};

/// How a batch is ingested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Any error rejects the whole batch; the ledger does not change.
    Strict,
    /// Valid records go in; rejected ones are listed.
    Lenient,
}

/// One rejected record: which, where, why.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Rejection {
    /// The kind of record.
    pub kind: RecordKind,
    /// 0-based position in its array of the batch (for CSV, the data row
    /// after the header: row 0 is the file's second line).
    pub index: usize,
    /// The field at fault (empty when the record as a whole is malformed).
    pub field: String,
    /// Why, in words.
    pub reason: String,
}

impl Rejection {
    pub(crate) fn new(
        kind: RecordKind,
        index: usize,
        field: &str,
        reason: impl Into<String>,
    ) -> Self {
        Rejection {
            kind,
            index,
            field: field.to_string(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.kind.array_name(), self.index)?;
        if !self.field.is_empty() {
            write!(f, ".{}", self.field)?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Why a batch was not ingested.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    /// The batch could not be read at all (malformed JSON or CSV header).
    #[error("ledger batch, line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// Strict mode: some records are invalid, so none went in.
    #[error("{} record(s) rejected, the batch was not ingested: {}", rejections.len(), crate::messages::summarize(rejections, 3))]
    Rejected {
        /// Every rejected record.
        rejections: Vec<Rejection>,
    },
}

/// What a batch did to the ledger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    /// Records that went in.
    pub accepted: usize,
    /// Records rejected (lenient mode), in batch order.
    pub rejections: Vec<Rejection>,
}

impl IngestReport {
    /// The report as JSON: `{"accepted": 3, "rejections": [{"kind", "index", "field", "reason"}]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Interned cell: sorted (dimension index in the plan, value index) pairs.
pub(crate) type CellKey = Vec<(u16, u16)>;
/// Cell id: 0 is the total (no cell).
pub(crate) type CellId = u32;

/// A cell as validated, before interning: up to
/// [`MAX_INDICATOR_DIMENSIONS`] (dimension, value) index pairs, sorted, held
/// without allocating so that a known cell costs one hash lookup.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CellBuf {
    pairs: [(u16, u16); MAX_INDICATOR_DIMENSIONS],
    len: usize,
}

impl CellBuf {
    fn as_slice(&self) -> &[(u16, u16)] {
        &self.pairs[..self.len]
    }
}

/// An observation's fields as read, borrowed from wherever they were read
/// (a typed record, a JSON record, a CSV row), so that validation and storage
/// need no copy of its texts.
pub(crate) struct ObservationFields<'a> {
    pub indicator: &'a str,
    pub period: Period,
    pub entity: &'a str,
    /// (dimension, value) pairs, each dimension once.
    pub cell: &'a [(&'a str, &'a str)],
    pub value: Decimal,
    pub source: Source,
    pub recorded_on: Option<NaiveDate>,
}

impl<'a> ObservationFields<'a> {
    fn of(o: &'a Observation, cell: &'a [(&'a str, &'a str)]) -> Self {
        ObservationFields {
            indicator: &o.indicator,
            period: o.period,
            entity: &o.entity,
            cell,
            value: o.value,
            source: o.source,
            recorded_on: o.recorded_on,
        }
    }
}

/// The ledger's lengths before a batch, to undo a refused strict batch.
struct Mark {
    targets: usize,
    observations: usize,
    milestones: usize,
    submissions: usize,
    obligations: usize,
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

/// The records reported against one plan.
///
/// ```
/// use std::sync::Arc;
/// use seguimiento::{Ledger, Mode, Plan};
/// let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
/// let report = ledger.ingest_json(r#"{"observations": [
///     {"indicator": "E1.L1.M2.A2.I3", "period": "2008", "entity": "GIT", "value": "12"}
/// ]}"#, Mode::Strict).unwrap();
/// assert_eq!(report.accepted, 1);
/// ```
#[derive(Debug, Clone)]
pub struct Ledger {
    plan: Arc<Plan>,
    pub(crate) targets: Vec<StoredTarget>,
    pub(crate) observations: Vec<StoredObservation>,
    /// Positions in `observations`, per indicator, in ingestion order.
    pub(crate) observations_by_indicator: Vec<Vec<u32>>,
    pub(crate) milestones: Vec<StoredMilestone>,
    pub(crate) submissions: Vec<StoredSubmission>,
    pub(crate) obligations: Vec<StoredObligation>,
    pub(crate) cells: Vec<CellKey>,
    cell_ids: HashMap<CellKey, CellId>,
}

impl Ledger {
    /// An empty ledger for a plan.
    pub fn new(plan: Arc<Plan>) -> Ledger {
        let indicators = plan.indicator_count();
        let mut cell_ids = HashMap::new();
        cell_ids.insert(Vec::new(), 0);
        Ledger {
            plan,
            targets: Vec::new(),
            observations: Vec::new(),
            observations_by_indicator: vec![Vec::new(); indicators],
            milestones: Vec::new(),
            submissions: Vec::new(),
            obligations: Vec::new(),
            cells: vec![Vec::new()],
            cell_ids,
        }
    }

    /// The plan the ledger's records are validated against.
    pub fn plan(&self) -> &Arc<Plan> {
        &self.plan
    }

    /// Number of records of each kind (revisions included):
    /// targets, observations, milestones, submissions, obligations.
    pub fn counts(&self) -> [usize; 5] {
        [
            self.targets.len(),
            self.observations.len(),
            self.milestones.len(),
            self.submissions.len(),
            self.obligations.len(),
        ]
    }

    /// Total number of records, revisions included.
    pub fn len(&self) -> usize {
        self.counts().iter().sum()
    }

    /// Whether the ledger holds no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Ingests a JSON ledger document (SPEC §2): an object with the arrays
    /// `targets`, `observations`, `milestones`, `submissions`, `obligations`.
    pub fn ingest_json(&mut self, text: &str, mode: Mode) -> Result<IngestReport, IngestError> {
        let parsed = parse::parse_json(text)?;
        self.ingest_parsed(parsed, mode)
    }

    /// Ingests observations from CSV: columns `indicator`, `period`, `entity`,
    /// `value`, optional `source` and `recorded_on`, and `cell.<dimension>`.
    ///
    /// Rows are read, validated and stored one at a time, so a large file
    /// never exists in memory as records: the ledger grows by its compact
    /// form only.
    pub fn ingest_csv<R: Read>(
        &mut self,
        reader: R,
        mode: Mode,
    ) -> Result<IngestReport, IngestError> {
        let mark = self.mark();
        let plan = Arc::clone(&self.plan);
        let checker = Checker { plan: &plan };
        let mut rejections = Vec::new();
        let mut accepted = 0usize;
        let mut full = false;
        let read = parse::read_csv(reader, |index, row| {
            let checked = row.and_then(|fields| {
                checker.observation(&fields).map_err(|(field, why)| {
                    Rejection::new(RecordKind::Observation, index, field, why)
                })
            });
            match checked {
                Ok((obs, cell)) => {
                    if !self.store_observation(obs, &cell) {
                        full = true;
                        return false;
                    }
                    accepted += 1;
                }
                Err(rejection) => rejections.push(rejection),
            }
            true
        });
        self.finish_batch(mark, mode, read, full, accepted, rejections)
    }

    /// Ingests typed records. Rejection indexes are positions in the batch's arrays.
    pub fn ingest(&mut self, batch: Batch, mode: Mode) -> Result<IngestReport, IngestError> {
        let positions = parse::Positions {
            targets: (0..batch.targets.len()).collect(),
            observations: (0..batch.observations.len()).collect(),
            milestones: (0..batch.milestones.len()).collect(),
            submissions: (0..batch.submissions.len()).collect(),
            obligations: (0..batch.obligations.len()).collect(),
        };
        self.ingest_parsed(
            parse::Parsed {
                batch,
                positions,
                rejections: Vec::new(),
            },
            mode,
        )
    }

    /// Validates each record and stores the valid ones as it goes; a strict
    /// batch with any rejection is then undone, so the ledger is as before.
    fn ingest_parsed(
        &mut self,
        parsed: parse::Parsed,
        mode: Mode,
    ) -> Result<IngestReport, IngestError> {
        let parse::Parsed {
            batch,
            positions,
            mut rejections,
        } = parsed;
        let mark = self.mark();
        let plan = Arc::clone(&self.plan);
        let checker = Checker { plan: &plan };
        let mut accepted = 0usize;
        let mut reject = |kind, index, (field, why): (&str, String)| {
            rejections.push(Rejection::new(kind, index, field, why));
        };
        for (r, &i) in batch.targets.iter().zip(&positions.targets) {
            match checker.target(r) {
                Ok(t) => {
                    self.targets.push(t);
                    accepted += 1;
                }
                Err(e) => reject(RecordKind::Target, i, e),
            }
        }
        let mut full = false;
        for (r, &i) in batch.observations.iter().zip(&positions.observations) {
            let cell: Vec<(&str, &str)> = r
                .cell
                .iter()
                .map(|(d, v)| (d.as_str(), v.as_str()))
                .collect();
            match checker.observation(&ObservationFields::of(r, &cell)) {
                Ok((obs, cell)) => {
                    if !self.store_observation(obs, &cell) {
                        full = true;
                        break;
                    }
                    accepted += 1;
                }
                Err(e) => reject(RecordKind::Observation, i, e),
            }
        }
        for (r, &i) in batch.milestones.iter().zip(&positions.milestones) {
            match checker.milestone(r) {
                Ok(m) => {
                    self.milestones.push(m);
                    accepted += 1;
                }
                Err(e) => reject(RecordKind::Milestone, i, e),
            }
        }
        for (r, &i) in batch.submissions.iter().zip(&positions.submissions) {
            match checker.submission(r) {
                Ok(m) => {
                    self.submissions.push(m);
                    accepted += 1;
                }
                Err(e) => reject(RecordKind::Submission, i, e),
            }
        }
        for (r, &i) in batch.obligations.iter().zip(&positions.obligations) {
            match checker.obligation(r) {
                Ok(m) => {
                    self.obligations.push(m);
                    accepted += 1;
                }
                Err(e) => reject(RecordKind::Obligation, i, e),
            }
        }
        self.finish_batch(mark, mode, Ok(()), full, accepted, rejections)
    }

    fn mark(&self) -> Mark {
        Mark {
            targets: self.targets.len(),
            observations: self.observations.len(),
            milestones: self.milestones.len(),
            submissions: self.submissions.len(),
            obligations: self.obligations.len(),
        }
    }

    /// Undoes everything stored since `mark`. Cells interned meanwhile stay
    /// interned: unused, they change nothing.
    fn rollback(&mut self, mark: Mark) {
        self.targets.truncate(mark.targets);
        self.observations.truncate(mark.observations);
        self.milestones.truncate(mark.milestones);
        self.submissions.truncate(mark.submissions);
        self.obligations.truncate(mark.obligations);
        for positions in &mut self.observations_by_indicator {
            while positions
                .last()
                .is_some_and(|&p| p as usize >= mark.observations)
            {
                positions.pop();
            }
        }
    }

    /// Ends a batch: a strict batch with any rejection (or one that could not
    /// be read through, or that would overflow the ledger) is undone.
    fn finish_batch(
        &mut self,
        mark: Mark,
        mode: Mode,
        read: Result<(), IngestError>,
        full: bool,
        accepted: usize,
        mut rejections: Vec<Rejection>,
    ) -> Result<IngestReport, IngestError> {
        if let Err(e) = read {
            self.rollback(mark);
            return Err(e);
        }
        if full {
            self.rollback(mark);
            return Err(IngestError::Syntax {
                line: 0,
                column: 0,
                message: format!("the ledger cannot hold more than {} observations", u32::MAX),
            });
        }
        rejections.sort_by_key(|r| (r.kind, r.index));
        if mode == Mode::Strict && !rejections.is_empty() {
            self.rollback(mark);
            return Err(IngestError::Rejected { rejections });
        }
        Ok(IngestReport {
            accepted,
            rejections,
        })
    }

    /// Stores a validated observation; `false` when the ledger is full.
    fn store_observation(&mut self, mut obs: StoredObservation, cell: &CellBuf) -> bool {
        let Ok(position) = u32::try_from(self.observations.len()) else {
            return false;
        };
        if position == u32::MAX {
            return false;
        }
        obs.cell = self.intern(cell.as_slice());
        self.observations_by_indicator[obs.indicator as usize].push(position);
        self.observations.push(obs);
        true
    }

    fn intern(&mut self, cell: &[(u16, u16)]) -> CellId {
        if let Some(&id) = self.cell_ids.get(cell) {
            return id;
        }
        let id = self.cells.len() as CellId;
        self.cells.push(cell.to_vec());
        self.cell_ids.insert(cell.to_vec(), id);
        id
    }

    /// Every record, revisions included, in ingestion order: ingesting the
    /// export into an empty ledger gives back the same ledger.
    pub fn export(&self) -> Batch {
        let plan = &self.plan;
        let code = |e: EntityIndex| plan.entity_at(e).code.clone();
        let indicator = |i: IndicatorIndex| plan.indicator_at(i).id.clone();
        Batch {
            targets: self
                .targets
                .iter()
                .map(|t| Target {
                    indicator: indicator(t.indicator),
                    period: t.period,
                    entity: t.entity.map(code),
                    baseline: t.baseline,
                    value: t.value,
                    recorded_on: t.recorded_on,
                })
                .collect(),
            observations: self
                .observations
                .iter()
                .map(|o| Observation {
                    indicator: indicator(o.indicator),
                    period: o.period,
                    entity: code(o.entity),
                    cell: self.cell_map(o.cell),
                    value: o.value,
                    source: o.source,
                    recorded_on: o.recorded_on,
                })
                .collect(),
            milestones: self
                .milestones
                .iter()
                .map(|m| Milestone {
                    indicator: indicator(m.indicator),
                    entity: code(m.entity),
                    achieved_on: m.achieved_on,
                    recorded_on: m.recorded_on,
                })
                .collect(),
            submissions: self
                .submissions
                .iter()
                .map(|s| Submission {
                    entity: code(s.entity),
                    kind: s.kind,
                    period: s.period,
                    submitted_on: s.submitted_on,
                })
                .collect(),
            obligations: self
                .obligations
                .iter()
                .map(|o| Obligation {
                    entity: code(o.entity),
                    kind: o.kind,
                    from: o.from,
                    to: o.to,
                })
                .collect(),
        }
    }

    /// The whole ledger, revisions included, as a JSON ledger document.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.export()).unwrap_or_default();
        text.push('\n');
        text
    }

    /// A cell as dimension id → value.
    pub(crate) fn cell_map(&self, cell: CellId) -> BTreeMap<String, String> {
        let dims = self.plan.dimensions();
        self.cells[cell as usize]
            .iter()
            .map(|&(d, v)| {
                let dim = &dims[d as usize];
                (dim.id.clone(), dim.values[v as usize].clone())
            })
            .collect()
    }
}

type Check<T> = Result<T, (&'static str, String)>;

/// Validation of typed records against the plan (SPEC §2).
struct Checker<'p> {
    plan: &'p Plan,
}

impl Checker<'_> {
    fn indicator(&self, id: &str) -> Check<IndicatorIndex> {
        self.plan
            .indicator_idx(id)
            .ok_or_else(|| ("indicator", format!("unknown indicator {id:?}")))
    }

    fn entity(&self, code: &str) -> Check<EntityIndex> {
        self.plan
            .entity_idx(code)
            .ok_or_else(|| ("entity", format!("unknown entity {code:?}")))
    }

    fn responsible(&self, indicator: IndicatorIndex, entity: EntityIndex) -> Check<()> {
        let action = self.plan.indicator_action(indicator);
        if self.plan.may_report(action, entity) {
            return Ok(());
        }
        let codes: Vec<&str> = self
            .plan
            .action_at(action)
            .responsible
            .iter()
            .map(|r| r.code.as_str())
            .collect();
        Err((
            "entity",
            format!(
                "{} is not responsible for action {} (responsible: {}; coordinator: {})",
                self.plan.entity_at(entity).code,
                self.plan.action_at(action).id,
                codes.join(", "),
                self.plan.coordinator()
            ),
        ))
    }

    /// The value fits the indicator's measure.
    fn value(&self, indicator: IndicatorIndex, field: &'static str, value: Decimal) -> Check<()> {
        let ind = self.plan.indicator_at(indicator);
        let fail = |why: String| Err((field, why));
        match ind.measure {
            Measure::Count if value < Decimal::ZERO || !value.fract().is_zero() => fail(format!(
                "{value} is not a count: a count is a whole number ≥ 0"
            )),
            Measure::Amount if value < Decimal::ZERO => {
                fail(format!("{value} is a negative amount"))
            }
            Measure::Percentage if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED => {
                fail(format!("{value} is not a percentage between 0 and 100"))
            }
            Measure::Level if value < Decimal::ZERO => fail(format!("{value} is a negative level")),
            _ => Ok(()),
        }
    }

    /// The period lies inside the indicator's plazo window.
    fn within_plazo(&self, indicator: IndicatorIndex, period: Period) -> Check<()> {
        let plazo = self.plan.indicator_plazo(indicator);
        let window = Period::Window(plazo.start_year, plazo.end_year);
        if window.contains(&period) {
            Ok(())
        } else {
            Err((
                "period",
                format!(
                    "period {period} is outside the indicator's plazo {:?} ({window})",
                    plazo.label
                ),
            ))
        }
    }

    fn recorded_after_start(&self, period: Period, recorded_on: Option<NaiveDate>) -> Check<()> {
        match recorded_on {
            Some(r) if period.start() > r => Err((
                "recorded_on",
                format!(
                    "recorded on {r}, before its period {period} starts on {}",
                    period.start()
                ),
            )),
            _ => Ok(()),
        }
    }

    fn target(&self, t: &Target) -> Check<StoredTarget> {
        let indicator = self.indicator(&t.indicator)?;
        let ind = self.plan.indicator_at(indicator);
        if matches!(ind.measure, Measure::Text | Measure::Milestone) {
            return Err((
                "indicator",
                format!(
                    "{} is a {} indicator, which takes no target{}",
                    ind.id,
                    ind.measure.as_str(),
                    if ind.measure == Measure::Milestone {
                        " (its deadline is its plazo's end)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        let entity = match &t.entity {
            Some(code) => {
                let e = self.entity(code)?;
                self.responsible(indicator, e)?;
                Some(e)
            }
            None => None,
        };
        let plazo = self.plan.indicator_plazo(indicator);
        let window = Period::Window(plazo.start_year, plazo.end_year);
        match t.period {
            Period::Year(_) => {
                if ind.frequency == Frequency::Biennial {
                    return Err((
                        "period",
                        format!(
                            "{} is reported every two years, less often than yearly: give it a target for its window {window}",
                            ind.id
                        ),
                    ));
                }
                self.within_plazo(indicator, t.period)?;
            }
            Period::Window(..) if t.period == window => {}
            other => {
                return Err((
                    "period",
                    format!(
                        "a target is for a year or for the indicator's whole window {window}, not {other}"
                    ),
                ))
            }
        }
        self.value(indicator, "baseline", t.baseline)?;
        self.value(indicator, "value", t.value)?;
        if t.value == t.baseline {
            return Err((
                "value",
                format!(
                    "target value {} equals its baseline: nothing to achieve",
                    t.value
                ),
            ));
        }
        Ok(StoredTarget {
            indicator,
            period: t.period,
            entity,
            baseline: t.baseline,
            value: t.value,
            recorded_on: t.recorded_on,
        })
    }

    fn observation(&self, o: &ObservationFields) -> Check<(StoredObservation, CellBuf)> {
        let indicator = self.indicator(o.indicator)?;
        let ind = self.plan.indicator_at(indicator);
        let entity = self.entity(o.entity)?;
        let Some(granularity) = Granularity::for_frequency(ind.frequency) else {
            return Err((
                "indicator",
                format!(
                    "{} is a milestone: report it as a milestone with its achieved_on date",
                    ind.id
                ),
            ));
        };
        if ind.measure == Measure::Text {
            return Err((
                "indicator",
                format!("{} is a text indicator: monitored in narrative reports, not observed as a number", ind.id),
            ));
        }
        if o.period.granularity() != granularity {
            return Err((
                "period",
                format!(
                    "{} is reported {}: its periods are a {}, not a {} ({})",
                    ind.id,
                    ind.frequency.as_str(),
                    granularity.as_str(),
                    o.period.granularity().as_str(),
                    o.period
                ),
            ));
        }
        self.within_plazo(indicator, o.period)?;
        self.recorded_after_start(o.period, o.recorded_on)?;
        self.value(indicator, "value", o.value)?;
        let cell = self.cell(indicator, o.cell)?;
        if o.source == Source::Official {
            self.responsible(indicator, entity)?;
        }
        Ok((
            StoredObservation {
                indicator,
                entity,
                source: o.source,
                cell: 0,
                period: o.period,
                value: o.value,
                recorded_on: o.recorded_on,
            },
            cell,
        ))
    }

    /// Checks a cell against the indicator's dimensions: all of them or none
    /// (the total), each with an allowed value.
    fn cell(&self, indicator: IndicatorIndex, cell: &[(&str, &str)]) -> Check<CellBuf> {
        let mut key = CellBuf::default();
        if cell.is_empty() {
            return Ok(key);
        }
        let ind = self.plan.indicator_at(indicator);
        let dims = self.plan.dimensions();
        // Report problems in dimension order, whatever order the cell came in.
        let mut sorted = [("", ""); MAX_INDICATOR_DIMENSIONS];
        let mut n = 0;
        for &(dim, value) in cell {
            if !ind.dimensions.iter().any(|d| d == dim) {
                let has = if ind.dimensions.is_empty() {
                    "none".to_string()
                } else {
                    ind.dimensions.join(", ")
                };
                return Err((
                    "cell",
                    format!(
                        "{} has no dimension {dim:?} (its dimensions: {has})",
                        ind.id
                    ),
                ));
            }
            if n == MAX_INDICATOR_DIMENSIONS {
                return Err((
                    "cell",
                    format!("a cell names at most {MAX_INDICATOR_DIMENSIONS} dimensions"),
                ));
            }
            sorted[n] = (dim, value);
            n += 1;
        }
        let sorted = &mut sorted[..n];
        sorted.sort_unstable();
        for &(dim, value) in sorted.iter() {
            let d = self.plan.dimension_idx(dim).unwrap_or(0);
            let Some(v) = self.plan.dimension_value_idx(d, value) else {
                let values = &dims[d as usize].values;
                let allowed: Vec<&str> = values.iter().take(8).map(String::as_str).collect();
                let more = if values.len() > 8 { ", …" } else { "" };
                return Err((
                    "cell",
                    format!(
                        "{value:?} is not a value of dimension {dim:?} (allowed: {}{more})",
                        allowed.join(", ")
                    ),
                ));
            };
            key.pairs[key.len] = (d, v);
            key.len += 1;
        }
        if n != ind.dimensions.len() {
            let missing: Vec<&str> = ind
                .dimensions
                .iter()
                .filter(|d| !sorted.iter().any(|(named, _)| named == d))
                .map(String::as_str)
                .collect();
            return Err((
                "cell",
                format!(
                    "the cell names some but not all of {}'s dimensions: missing {}",
                    ind.id,
                    missing.join(", ")
                ),
            ));
        }
        key.pairs[..key.len].sort_unstable();
        Ok(key)
    }

    fn milestone(&self, m: &Milestone) -> Check<StoredMilestone> {
        let indicator = self.indicator(&m.indicator)?;
        let ind = self.plan.indicator_at(indicator);
        if ind.measure != Measure::Milestone {
            return Err((
                "indicator",
                format!(
                    "{} is a {} indicator, not a milestone",
                    ind.id,
                    ind.measure.as_str()
                ),
            ));
        }
        let entity = self.entity(&m.entity)?;
        self.responsible(indicator, entity)?;
        if let Some(r) = m.recorded_on {
            if m.achieved_on > r {
                return Err((
                    "achieved_on",
                    format!(
                        "achieved on {}, after it was recorded on {r}",
                        m.achieved_on
                    ),
                ));
            }
        }
        Ok(StoredMilestone {
            indicator,
            entity,
            achieved_on: m.achieved_on,
            recorded_on: m.recorded_on,
        })
    }

    fn submission(&self, s: &Submission) -> Check<StoredSubmission> {
        let entity = self.entity(&s.entity)?;
        if s.period.granularity() != s.kind.granularity() {
            return Err((
                "period",
                format!(
                    "{} {} report covers a {}, not a {} ({})",
                    parse::article(s.kind.as_str()),
                    s.kind.as_str(),
                    s.kind.granularity().as_str(),
                    s.period.granularity().as_str(),
                    s.period
                ),
            ));
        }
        if s.submitted_on < s.period.start() {
            return Err((
                "submitted_on",
                format!(
                    "submitted on {}, before its period {} starts",
                    s.submitted_on, s.period
                ),
            ));
        }
        Ok(StoredSubmission {
            entity,
            kind: s.kind,
            period: s.period,
            submitted_on: s.submitted_on,
        })
    }

    fn obligation(&self, o: &Obligation) -> Check<StoredObligation> {
        let entity = self.entity(&o.entity)?;
        if o.to < o.from {
            return Err((
                "to",
                format!(
                    "the obligation ends ({}) before it starts ({})",
                    o.to, o.from
                ),
            ));
        }
        Ok(StoredObligation {
            entity,
            kind: o.kind,
            from: o.from,
            to: o.to,
        })
    }
}
