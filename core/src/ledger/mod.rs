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
mod records;
mod store;

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::Serialize;

use check::Checker;
pub use records::*;
pub use store::OBSERVATION_BYTES;
pub(crate) use store::*;

pub use crate::messages::ledger::{Absence, ColumnProblem, DocumentProblem, Reason};
use crate::period::Period;
use crate::plan::{EntityIndex, IndicatorIndex, Plan};
use crate::read::Columns;
use crate::read::{Decoded, Problem, RecordSink};

pub use crate::values::{
    parse_date, parse_decimal, DateError, DateProblem, NumberError, NumberProblem,
};

/// How a batch is ingested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Any error rejects the whole batch; the ledger does not change.
    Strict,
    /// Valid records go in; rejected ones are listed.
    Lenient,
}

/// One rejected record: which, where, why.
///
/// As JSON (in [`IngestReport::to_json`]): `{"kind": "observation", "index":
/// 1, "field": "value", "code": "not_a_count", "reason": "…"}`, the reason
/// in words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rejection {
    /// The kind of record.
    pub kind: RecordKind,
    /// 0-based position in its array of the batch (for CSV, the data record
    /// after the header: records are counted, not lines, so blank lines and
    /// line breaks inside quoted fields do not move it).
    pub index: usize,
    /// The field at fault (empty when the record as a whole is malformed).
    pub field: String,
    /// Why: a stable code and its parameters; `Display` gives the words.
    pub reason: Reason,
}

impl Rejection {
    pub(crate) fn new(kind: RecordKind, index: usize, field: &str, reason: Reason) -> Self {
        Rejection {
            kind,
            index,
            field: field.to_string(),
            reason,
        }
    }

    /// The reason's stable code (`unknown_indicator`, `not_a_count`, …).
    pub fn code(&self) -> &'static str {
        self.reason.code()
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

impl Serialize for Rejection {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Rejection", 5)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("index", &self.index)?;
        s.serialize_field("field", &self.field)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("reason", &self.reason.to_string())?;
        s.end()
    }
}

/// Why a batch was not ingested. Each variant has a stable code
/// ([`IngestError::code`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    /// `unreadable_document`: the JSON document cannot be read (malformed
    /// JSON, not an object of arrays, an unknown array or one given twice).
    #[error("ledger batch, line {line}, column {column}: {problem}")]
    Unreadable {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        problem: DocumentProblem,
    },
    /// `bad_header`: the CSV header lacks a required column, names an
    /// unknown one or one twice, or cannot be read.
    #[error("ledger batch, line {line}, column {column}: {problem}")]
    BadHeader {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        problem: ColumnProblem,
    },
    /// `bad_columns`: the columns of a table (a binding's rows) do not fit
    /// the record kind; every problem is listed.
    #[error("{kind} batch: {}", crate::messages::summarize(&problems.iter().map(ColumnProblem::table_message).collect::<Vec<_>>(), 3))]
    BadColumns {
        /// The record kind.
        kind: RecordKind,
        /// Every problem of the columns.
        problems: Vec<ColumnProblem>,
    },
    /// `ledger_full`: the batch would take the ledger past the most
    /// observations it holds.
    #[error("the ledger cannot hold more than {limit} observations; the batch was not ingested")]
    LedgerFull {
        /// The most observations a ledger holds.
        limit: u64,
    },
    /// `read_failed`: the input stream failed before its end.
    #[error("ledger batch, line {line}: the input could not be read: {message}")]
    ReadFailed {
        /// The line reached.
        line: u64,
        /// The stream's error.
        message: String,
    },
    /// `rejected`: strict mode: some records are invalid, so none went in.
    #[error("{} record(s) rejected, the batch was not ingested: {}", rejections.len(), crate::messages::summarize(rejections, 3))]
    Rejected {
        /// Every rejected record.
        rejections: Vec<Rejection>,
    },
}

impl IngestError {
    /// The stable snake_case code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            IngestError::Unreadable { .. } => "unreadable_document",
            IngestError::BadHeader { .. } => "bad_header",
            IngestError::BadColumns { .. } => "bad_columns",
            IngestError::LedgerFull { .. } => "ledger_full",
            IngestError::ReadFailed { .. } => "read_failed",
            IngestError::Rejected { .. } => "rejected",
        }
    }
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
    /// The report as JSON: `{"accepted": 3, "rejections": [{"kind", "index",
    /// "field", "code", "reason"}]}`.
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
    /// A byte-order mark at the start is skipped.
    ///
    /// The document is read, validated and stored record by record: no list
    /// of its records is built first.
    pub fn ingest_json(&mut self, text: &str, mode: Mode) -> Result<IngestReport, IngestError> {
        self.ingest_with(mode, |sink| crate::read::json::read_ledger(text, sink))
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
        self.ingest_with(mode, |sink| {
            crate::read::csv::read_observations(reader, sink)
        })
    }

    /// Ingests rows given column by column (a binding's table): read by the
    /// same rules as JSON and CSV. Rejection indexes are row positions.
    pub fn ingest_columns(
        &mut self,
        columns: &Columns<'_>,
        mode: Mode,
    ) -> Result<IngestReport, IngestError> {
        self.ingest_with(mode, |sink| {
            columns
                .read(sink)
                .map_err(|problems| IngestError::BadColumns {
                    kind: columns.kind(),
                    problems,
                })
        })
    }

    /// Ingests typed records. Rejection indexes are positions in the batch's arrays.
    pub fn ingest(&mut self, batch: Batch, mode: Mode) -> Result<IngestReport, IngestError> {
        self.ingest_with(mode, |sink| {
            for (i, r) in batch.targets.iter().enumerate() {
                sink.record(RecordKind::Target, i, Decoded::Target(r));
            }
            for (i, r) in batch.observations.iter().enumerate() {
                let cell: Vec<(&str, &str)> = r
                    .cell
                    .iter()
                    .map(|(d, v)| (d.as_str(), v.as_str()))
                    .collect();
                let fields = ObservationFields::of(r, &cell);
                if !sink.record(RecordKind::Observation, i, Decoded::Observation(&fields)) {
                    return Ok(());
                }
            }
            for (i, r) in batch.milestones.iter().enumerate() {
                sink.record(RecordKind::Milestone, i, Decoded::Milestone(r));
            }
            for (i, r) in batch.submissions.iter().enumerate() {
                sink.record(RecordKind::Submission, i, Decoded::Submission(r));
            }
            for (i, r) in batch.obligations.iter().enumerate() {
                sink.record(RecordKind::Obligation, i, Decoded::Obligation(r));
            }
            Ok(())
        })
    }

    /// Runs a reader over the ledger: each record it reads is validated and
    /// stored as it comes; a strict batch with any rejection is then undone,
    /// so the ledger is as before.
    fn ingest_with(
        &mut self,
        mode: Mode,
        read: impl FnOnce(&mut dyn RecordSink) -> Result<(), IngestError>,
    ) -> Result<IngestReport, IngestError> {
        let mark = self.store.mark();
        let plan = Arc::clone(&self.plan);
        let mut intake = Intake {
            ledger: self,
            plan,
            accepted: 0,
            rejections: Vec::new(),
            full: false,
        };
        let read = read(&mut intake);
        let Intake {
            accepted,
            rejections,
            full,
            ..
        } = intake;
        self.finish_batch(mark, mode, read, full, accepted, rejections)
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
            return Err(IngestError::LedgerFull {
                limit: u64::from(u32::MAX),
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

/// A batch on its way into the ledger: each record read is validated
/// against the plan and stored, or listed as rejected.
struct Intake<'l> {
    ledger: &'l mut Ledger,
    plan: Arc<Plan>,
    accepted: usize,
    rejections: Vec<Rejection>,
    /// The ledger could not take another observation.
    full: bool,
}

impl RecordSink for Intake<'_> {
    fn record(&mut self, kind: RecordKind, index: usize, record: Decoded<'_>) -> bool {
        let checker = Checker { plan: &self.plan };
        let ledger = &mut *self.ledger;
        let checked = match record {
            Decoded::Target(r) => checker.target(r).map(|t| ledger.store.push_target(t)),
            Decoded::Observation(r) => match checker.observation(r) {
                Ok((obs, cell)) => {
                    if ledger.store.push_observation(obs, &cell).is_err() {
                        self.full = true;
                        return false;
                    }
                    Ok(())
                }
                Err(e) => Err(e),
            },
            Decoded::Milestone(r) => checker.milestone(r).map(|m| ledger.store.push_milestone(m)),
            Decoded::Submission(r) => checker
                .submission(r)
                .map(|s| ledger.store.push_submission(s)),
            Decoded::Obligation(r) => checker
                .obligation(r)
                .map(|o| ledger.store.push_obligation(o)),
        };
        match checked {
            Ok(()) => self.accepted += 1,
            Err((field, reason)) => self
                .rejections
                .push(Rejection::new(kind, index, field, reason)),
        }
        true
    }

    fn unreadable(&mut self, kind: RecordKind, index: usize, problems: Vec<Problem>) {
        for Problem { field, reason } in problems {
            self.rejections.push(Rejection {
                kind,
                index,
                field,
                reason,
            });
        }
    }
}
