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

mod check;
mod parse;
mod records;
mod store;

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use check::Checker;
pub use records::*;
pub use store::OBSERVATION_BYTES;
pub(crate) use store::*;

use crate::period::Period;
use crate::plan::{EntityIndex, IndicatorIndex, Plan};

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
    store: Store,
}

impl Ledger {
    /// An empty ledger for a plan.
    pub fn new(plan: Arc<Plan>) -> Ledger {
        let store = Store::new(plan.indicator_count());
        Ledger { plan, store }
    }

    /// The plan the ledger's records are validated against.
    pub fn plan(&self) -> &Arc<Plan> {
        &self.plan
    }

    /// The records, read through the store's methods.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// Number of records of each kind (revisions included):
    /// targets, observations, milestones, submissions, obligations.
    pub fn counts(&self) -> [usize; 5] {
        self.store.counts()
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
        let mark = self.store.mark();
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
                    if self.store.push_observation(obs, &cell).is_err() {
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
        let mark = self.store.mark();
        let plan = Arc::clone(&self.plan);
        let checker = Checker { plan: &plan };
        let mut accepted = 0usize;
        let mut reject = |kind, index, (field, why): (&str, String)| {
            rejections.push(Rejection::new(kind, index, field, why));
        };
        for (r, &i) in batch.targets.iter().zip(&positions.targets) {
            match checker.target(r) {
                Ok(t) => {
                    self.store.push_target(t);
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
                    if self.store.push_observation(obs, &cell).is_err() {
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
                    self.store.push_milestone(m);
                    accepted += 1;
                }
                Err(e) => reject(RecordKind::Milestone, i, e),
            }
        }
        for (r, &i) in batch.submissions.iter().zip(&positions.submissions) {
            match checker.submission(r) {
                Ok(m) => {
                    self.store.push_submission(m);
                    accepted += 1;
                }
                Err(e) => reject(RecordKind::Submission, i, e),
            }
        }
        for (r, &i) in batch.obligations.iter().zip(&positions.obligations) {
            match checker.obligation(r) {
                Ok(m) => {
                    self.store.push_obligation(m);
                    accepted += 1;
                }
                Err(e) => reject(RecordKind::Obligation, i, e),
            }
        }
        self.finish_batch(mark, mode, Ok(()), full, accepted, rejections)
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
            self.store.rollback(mark);
            return Err(e);
        }
        if full {
            self.store.rollback(mark);
            return Err(IngestError::Syntax {
                line: 0,
                column: 0,
                message: format!("the ledger cannot hold more than {} observations", u32::MAX),
            });
        }
        rejections.sort_by_key(|r| (r.kind, r.index));
        if mode == Mode::Strict && !rejections.is_empty() {
            self.store.rollback(mark);
            return Err(IngestError::Rejected { rejections });
        }
        Ok(IngestReport {
            accepted,
            rejections,
        })
    }

    /// Every record, revisions included, in ingestion order: ingesting the
    /// export into an empty ledger gives back the same ledger.
    pub fn export(&self) -> Batch {
        let plan = &self.plan;
        let code = |e: EntityIndex| plan.entity_at(e).code.clone();
        let indicator = |i: IndicatorIndex| plan.indicator_at(i).id.clone();
        let store = &self.store;
        Batch {
            targets: store
                .targets()
                .map(|t| Target {
                    indicator: indicator(t.indicator),
                    period: t.period,
                    entity: t.entity.map(code),
                    baseline: t.baseline,
                    value: t.value,
                    recorded_on: t.recorded_on,
                })
                .collect(),
            observations: store
                .observations()
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
            milestones: store
                .milestones()
                .map(|m| Milestone {
                    indicator: indicator(m.indicator),
                    entity: code(m.entity),
                    achieved_on: m.achieved_on,
                    recorded_on: m.recorded_on,
                })
                .collect(),
            submissions: store
                .submissions()
                .map(|s| Submission {
                    entity: code(s.entity),
                    kind: s.kind,
                    period: s.period,
                    submitted_on: s.submitted_on,
                })
                .collect(),
            obligations: store
                .obligations()
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
        self.store
            .cell(cell)
            .iter()
            .map(|&(d, v)| {
                let dim = &dims[d.get()];
                (dim.id.clone(), dim.values[v.get()].clone())
            })
            .collect()
    }
}
