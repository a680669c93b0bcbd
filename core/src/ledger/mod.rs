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
mod duplicates;
mod records;
pub(crate) mod resolved;
mod rows;
mod shape;
mod store;

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::Serialize;

use check::{Checker, PassedPairs};
pub use records::*;
pub use rows::ObservationRow;
pub use shape::Aggregation;
pub use store::OBSERVATION_BYTES;
pub(crate) use store::*;

pub use crate::messages::ledger::{Absence, ColumnProblem, DocumentProblem, Reason};
use crate::names::names;
use crate::period::Period;
use crate::plan::{EntityIndex, IndicatorIndex, Measure, Plan};
use crate::read::Columns;
use crate::read::{Decoded, Problem, RecordSink};
use crate::tables::LedgerTable;

pub use crate::values::{
    parse_date, parse_decimal, DateError, DateProblem, NumberError, NumberProblem,
};

/// How a batch is ingested.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Any error rejects the whole batch; the ledger does not change.
    #[default]
    Strict,
    /// Valid records go in; rejected ones are listed.
    Lenient,
}

names! {
    /// What a batch does with records of the same key and the same
    /// `recorded_on` (SPEC §2, duplicates within one batch).
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
    pub enum Duplicates ("duplicates option") {
        /// Both are rejected, each naming the other: they are ambiguous.
        #[default]
        Reject = "reject",
        /// Duplicate observations of `count` and `amount` indicators are
        /// added up into the first (reported as merged); duplicates of other
        /// measures, targets and milestones are rejected.
        Sum = "sum",
    }
}

/// How a batch is ingested: its [`Mode`] and what it does with duplicates.
/// A [`Mode`] alone is the options with duplicates rejected, so
/// `ledger.ingest_json(text, Mode::Strict)` reads as before.
///
/// ```
/// use std::sync::Arc;
/// use seguimiento::{Duplicates, IngestOptions, Ledger, Mode, Plan};
/// let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
/// let rows = r#"{"observations": [
///     {"indicator": "E1.L1.M2.A2.I3", "period": "2008", "entity": "GIT", "value": "12"},
///     {"indicator": "E1.L1.M2.A2.I3", "period": "2008", "entity": "GIT", "value": "3"}
/// ]}"#;
/// let options = IngestOptions {
///     mode: Mode::Strict,
///     duplicates: Duplicates::Sum,
///     aggregate: false,
/// };
/// let report = ledger.ingest_json(rows, options).unwrap();
/// assert_eq!((report.accepted, report.merged), (1, 1));
/// assert_eq!(ledger.export().observations[0].value.to_string(), "15");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct IngestOptions {
    /// Strict or lenient.
    pub mode: Mode,
    /// Rejected (the default) or added up.
    pub duplicates: Duplicates,
    /// Observations shaped to each indicator's level of detail before they
    /// are checked ([`Plan::aggregate_observations`]): the batch's
    /// observations are then held whole until it ends, and a shaped record
    /// is rejected under the index of its first row.
    pub aggregate: bool,
}

impl From<Mode> for IngestOptions {
    fn from(mode: Mode) -> Self {
        IngestOptions {
            mode,
            ..IngestOptions::default()
        }
    }
}

/// How observation CSV is read ([`Ledger::ingest_csv_with`]): cut into
/// chunks at record boundaries, each chunk read and checked against the
/// plan on a worker thread, the chunks merged in file order. The result —
/// the ledger, the report, every rejection with its index, order and
/// reason, duplicates, shaping, strict rollback, the ledger's limit — is
/// that of reading the rows one by one, whatever the options.
///
/// ```
/// use std::sync::Arc;
/// use seguimiento::{CsvOptions, Ledger, Mode, Plan};
/// let csv = "indicator,period,entity,value\nE1.L1.M2.A2.I3,2008,GIT,12\n";
/// let one_by_one = CsvOptions { threads: 1, ..CsvOptions::default() };
/// let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
/// let report = ledger
///     .ingest_csv_with(csv.as_bytes(), Mode::Strict, one_by_one)
///     .unwrap();
/// assert_eq!(report.accepted, 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CsvOptions {
    /// Worker threads: `0` (the default) for the machine's available
    /// parallelism; `1` reads the rows one by one on the calling thread.
    pub threads: usize,
    /// About how many bytes each worker reads at a time (default 1 MiB; a
    /// few bytes make many chunk boundaries, which tests use). The rows of
    /// a few chunks per thread are held until they are merged.
    pub chunk_bytes: usize,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            threads: 0,
            chunk_bytes: 1 << 20,
        }
    }
}

impl CsvOptions {
    /// The worker threads these options ask for, `0` resolved.
    fn worker_threads(&self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(1, usize::from),
            n => n,
        }
    }

    fn chunking(&self) -> crate::read::csv::Chunking {
        crate::read::csv::Chunking {
            threads: self.worker_threads(),
            chunk_bytes: self.chunk_bytes.max(1),
        }
    }
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
    /// Rows added up into an earlier row of the batch (`duplicates = sum`):
    /// not counted in `accepted`.
    pub merged: usize,
    /// What shaping did (`IngestOptions::aggregate`), if asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregation: Option<Aggregation>,
    /// Records rejected (lenient mode), in batch order.
    pub rejections: Vec<Rejection>,
}

impl IngestReport {
    /// The report as JSON: `{"accepted": 3, "merged": 0, "rejections":
    /// [{"kind", "index", "field", "code", "reason"}]}`.
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
    /// The fields as an owned record (for shaping, which holds the batch).
    fn to_owned_observation(&self) -> Observation {
        Observation {
            indicator: self.indicator.to_string(),
            period: self.period,
            entity: self.entity.to_string(),
            cell: self
                .cell
                .iter()
                .map(|(d, v)| (d.to_string(), v.to_string()))
                .collect(),
            value: self.value,
            source: self.source,
            recorded_on: self.recorded_on,
        }
    }

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
#[derive(Debug)]
pub struct Ledger {
    plan: Arc<Plan>,
    store: Store,
    /// Which ledger this is, for an [`Evaluation`](crate::Evaluation) kept
    /// up to date with it.
    id: LedgerId,
}

/// A ledger's identity: unique among the ledgers of a process, a copy
/// included. A ledger's history only grows: batches are taken whole (a
/// refused strict batch, or a lenient batch's own duplicates, are undone
/// back to where the batch began, never before), so the records a ledger
/// held at one time are the first records of each kind it holds later.
/// A copy takes its own identity, since from then on the two histories may
/// part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct LedgerId(u64);

impl LedgerId {
    fn next() -> LedgerId {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        LedgerId(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

impl Clone for Ledger {
    /// The same records under a new identity (`LedgerId`).
    fn clone(&self) -> Ledger {
        Ledger {
            plan: Arc::clone(&self.plan),
            store: self.store.clone(),
            id: LedgerId::next(),
        }
    }
}

impl Ledger {
    /// An empty ledger for a plan.
    pub fn new(plan: Arc<Plan>) -> Ledger {
        let store = Store::new(plan.indicator_count());
        Ledger {
            plan,
            store,
            id: LedgerId::next(),
        }
    }

    /// This ledger's identity.
    pub(crate) fn id(&self) -> LedgerId {
        self.id
    }

    /// The plan the ledger's records are validated against.
    pub fn plan(&self) -> &Arc<Plan> {
        &self.plan
    }

    /// The records, read through the store's methods.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// Number of records of each kind (revisions included), in the order of
    /// [`RecordKind::ALL`]: targets, observations, milestones, submissions,
    /// obligations, recommendations, follow-ups.
    pub fn counts(&self) -> [usize; 7] {
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
    /// `targets`, `observations`, `milestones`, `submissions`, `obligations`,
    /// `recommendations`, `follow_ups`. A follow-up's recommendation may be
    /// in the ledger or anywhere in the same document.
    /// A byte-order mark at the start is skipped.
    ///
    /// The document is read, validated and stored record by record: no list
    /// of its records is built first.
    pub fn ingest_json(
        &mut self,
        text: &str,
        options: impl Into<IngestOptions>,
    ) -> Result<IngestReport, IngestError> {
        self.ingest_with(options.into(), |sink| {
            crate::read::json::read_ledger(text, sink)
        })
    }

    /// Ingests observations from CSV: columns `indicator`, `period`, `entity`,
    /// `value`, optional `source` and `recorded_on`, and `cell.<dimension>`.
    ///
    /// The stream is read in blocks (never whole), each block cut into
    /// chunks at record boundaries (quoted fields may hold line breaks) that
    /// are read and checked on every core, then stored in file order, so a
    /// large file never exists in memory as records: the ledger grows by its
    /// compact form only. The result is exactly that of reading the rows one
    /// by one ([`CsvOptions`]; [`Ledger::ingest_csv_with`] sets the threads).
    pub fn ingest_csv<R: Read>(
        &mut self,
        reader: R,
        options: impl Into<IngestOptions>,
    ) -> Result<IngestReport, IngestError> {
        self.ingest_csv_with(reader, options, CsvOptions::default())
    }

    /// [`Ledger::ingest_csv`] with the threads and chunk size given.
    pub fn ingest_csv_with<R: Read>(
        &mut self,
        reader: R,
        options: impl Into<IngestOptions>,
        csv: CsvOptions,
    ) -> Result<IngestReport, IngestError> {
        let options = options.into();
        let chunking = csv.chunking();
        if chunking.threads == 1 {
            return self.ingest_with(options, |sink| {
                crate::read::csv::read_observations(reader, sink)
            });
        }
        self.ingest_csv_chunks(options, |new_sink, merge| {
            crate::read::csv::read_observations_parallel(reader, chunking, new_sink, merge)
        })
    }

    /// Ingests observation CSV held in memory (a file read or mapped whole):
    /// as [`Ledger::ingest_csv`], with the chunks cut from the bytes in
    /// place, no copy.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use seguimiento::{Ledger, Mode, Plan};
    /// let csv = "indicator,period,entity,value\nE1.L1.M2.A2.I3,2008,GIT,12\n";
    /// let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
    /// let report = ledger.ingest_csv_bytes(csv.as_bytes(), Mode::Strict).unwrap();
    /// assert_eq!(report.accepted, 1);
    /// ```
    pub fn ingest_csv_bytes(
        &mut self,
        bytes: &[u8],
        options: impl Into<IngestOptions>,
    ) -> Result<IngestReport, IngestError> {
        self.ingest_csv_bytes_with(bytes, options, CsvOptions::default())
    }

    /// [`Ledger::ingest_csv_bytes`] with the threads and chunk size given.
    pub fn ingest_csv_bytes_with(
        &mut self,
        bytes: &[u8],
        options: impl Into<IngestOptions>,
        csv: CsvOptions,
    ) -> Result<IngestReport, IngestError> {
        let options = options.into();
        let chunking = csv.chunking();
        if chunking.threads == 1 {
            return self.ingest_with(options, |sink| {
                crate::read::csv::read_observations(bytes, sink)
            });
        }
        self.ingest_csv_chunks(options, |new_sink, merge| {
            crate::read::csv::read_observation_bytes(bytes, chunking, new_sink, merge)
        })
    }

    /// Runs a parallel CSV read over the ledger: each chunk's rows are
    /// decoded, checked and packed on a worker ([`CheckedRows`]), then
    /// stored in file order by the one intake, as if read one by one.
    fn ingest_csv_chunks(
        &mut self,
        options: IngestOptions,
        read: impl FnOnce(
            &(dyn Fn() -> CheckedRows + Sync),
            &mut dyn FnMut(CheckedRows) -> bool,
        ) -> Result<(), IngestError>,
    ) -> Result<IngestReport, IngestError> {
        let plan = Arc::clone(&self.plan);
        // The chunks already merged, emptied, for the chunks to come: their
        // lists are grown once, not once a chunk.
        let spare: std::sync::Mutex<Vec<CheckedRows>> = std::sync::Mutex::default();
        self.ingest_with(options, |intake| {
            let new_sink = || {
                spare
                    .lock()
                    .ok()
                    .and_then(|mut spare| spare.pop())
                    .unwrap_or_else(|| CheckedRows::new(Arc::clone(&plan), options.aggregate))
            };
            let mut index = 0usize;
            let mut merge = |mut chunk: CheckedRows| {
                if !intake.take_chunk(index, &mut chunk) {
                    return false;
                }
                index += chunk.rows;
                chunk.clear();
                if let Ok(mut spare) = spare.lock() {
                    spare.push(chunk);
                }
                true
            };
            read(&new_sink, &mut merge)
        })
    }

    /// Ingests rows given column by column (a binding's table): read by the
    /// same rules as JSON and CSV. Rejection indexes are row positions.
    pub fn ingest_columns(
        &mut self,
        columns: &Columns<'_>,
        options: impl Into<IngestOptions>,
    ) -> Result<IngestReport, IngestError> {
        self.ingest_with(options.into(), |sink| {
            columns
                .read(sink)
                .map_err(|problems| IngestError::BadColumns {
                    kind: columns.kind(),
                    problems,
                })
        })
    }

    /// Ingests rows of one kind given as a stream of column chunks read in
    /// place (a columnar format's record batches): `names` are the columns'
    /// names (field names, `cell.<dimension>`), checked against the kind's
    /// spec before any row, and every chunk holds those columns in that
    /// order. Rows are read by the same rules as JSON, CSV and
    /// [`Columns`]; rejection indexes are row positions across the chunks,
    /// and a chunk that cannot be had (its error's text) ends the batch as
    /// [`IngestError::ReadFailed`], at the row reached. See
    /// [`ColumnChunk`](crate::read::ColumnChunk) for an example.
    pub fn ingest_chunks<C: crate::read::ColumnChunk>(
        &mut self,
        kind: RecordKind,
        names: &[&str],
        words: &'static crate::read::TypeWords,
        chunks: impl IntoIterator<Item = Result<C, String>>,
        options: impl Into<IngestOptions>,
    ) -> Result<IngestReport, IngestError> {
        self.ingest_with(options.into(), |sink| {
            crate::read::read_chunks(kind, names, words, chunks, sink)
        })
    }

    /// [`Ledger::ingest_chunks`] on `threads` workers (`0`: every core;
    /// `1`: row by row on this thread): observations are read and checked
    /// against the plan a chunk per worker, while the next chunks are taken
    /// from the stream and the ones before stored, in stream order, so the
    /// ledger, the rejections (indexes, order, reasons), duplicates and
    /// strict rollback are exactly those of reading the chunks one by one.
    /// Other record kinds are read row by row.
    pub fn ingest_chunks_with<C: crate::read::ColumnChunk + Sync>(
        &mut self,
        kind: RecordKind,
        names: &[&str],
        words: &'static crate::read::TypeWords,
        chunks: impl IntoIterator<Item = Result<C, String>>,
        options: impl Into<IngestOptions>,
        threads: usize,
    ) -> Result<IngestReport, IngestError> {
        let threads = CsvOptions {
            threads,
            ..CsvOptions::default()
        }
        .worker_threads();
        if threads == 1 || kind != RecordKind::Observation {
            return self.ingest_chunks(kind, names, words, chunks, options);
        }
        self.ingest_csv_chunks(options.into(), |new_sink, merge| {
            crate::read::read_chunks_parallel(kind, names, words, chunks, threads, new_sink, merge)
        })
    }

    /// Ingests typed records. Rejection indexes are positions in the batch's arrays.
    pub fn ingest(
        &mut self,
        batch: Batch,
        options: impl Into<IngestOptions>,
    ) -> Result<IngestReport, IngestError> {
        self.ingest_with(options.into(), |sink| {
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
            for (i, r) in batch.recommendations.iter().enumerate() {
                sink.record(RecordKind::Recommendation, i, Decoded::Recommendation(r));
            }
            for (i, r) in batch.follow_ups.iter().enumerate() {
                sink.record(RecordKind::FollowUp, i, Decoded::FollowUp(r));
            }
            Ok(())
        })
    }

    /// Runs a reader over the ledger: each record it reads is validated and
    /// stored as it comes; a strict batch with any rejection is then undone,
    /// so the ledger is as before.
    fn ingest_with(
        &mut self,
        options: IngestOptions,
        read: impl FnOnce(&mut Intake<'_>) -> Result<(), IngestError>,
    ) -> Result<IngestReport, IngestError> {
        let mark = self.store.mark();
        let plan = Arc::clone(&self.plan);
        let mut intake = Intake {
            ledger: self,
            plan,
            duplicates: options.duplicates,
            mark,
            unstored: Default::default(),
            duplicated: Default::default(),
            follow_ups_pending: Vec::new(),
            shaping: options.aggregate.then(Vec::new),
            accepted: 0,
            merged: 0,
            rejections: Vec::new(),
            full: false,
        };
        let read = read(&mut intake);
        let mut aggregation = None;
        if read.is_ok() {
            aggregation = intake.ingest_shaped();
        }
        // The later records of a key, found when the batch is read.
        let mut later_duplicates: [Vec<usize>; 3] = Default::default();
        if read.is_ok() && !intake.full {
            for (slot, later) in later_duplicates.iter_mut().enumerate() {
                *later = intake.settle_duplicates(slot);
            }
            intake.settle_follow_ups();
        }
        let Intake {
            accepted,
            merged,
            rejections,
            full,
            duplicated,
            ..
        } = intake;
        // The duplicates are taken out of the store unless the whole batch
        // is about to be (a strict batch with rejections): the later ones,
        // merged or rejected, and in a lenient batch the first ones
        // rejected with them.
        let undone = options.mode == Mode::Strict && !rejections.is_empty();
        if read.is_ok() && !full && !undone {
            for ((kind, mut positions), first) in
                DUPLICABLE.into_iter().zip(later_duplicates).zip(duplicated)
            {
                if options.mode == Mode::Lenient {
                    positions.extend(first);
                    // Two ascending runs: merged in one pass.
                    positions.sort();
                }
                self.store.remove_since(mark, kind, &positions);
            }
        }
        let report = IngestReport {
            accepted,
            merged,
            aggregation,
            rejections,
        };
        self.finish_batch(mark, options.mode, read, full, report)
    }

    /// Ends a batch: a strict batch with any rejection (or one that could not
    /// be read through, or that would overflow the ledger) is undone.
    fn finish_batch(
        &mut self,
        mark: Mark,
        mode: Mode,
        read: Result<(), IngestError>,
        full: bool,
        mut report: IngestReport,
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
        // Stable: the problems of one record stay in the order found.
        report.rejections.sort_by_key(|r| (r.kind, r.index));
        if mode == Mode::Strict && !report.rejections.is_empty() {
            self.store.rollback(mark);
            return Err(IngestError::Rejected {
                rejections: report.rejections,
            });
        }
        Ok(report)
    }

    /// Every record, revisions included, in ingestion order: ingesting the
    /// export into an empty ledger gives back the same ledger.
    pub fn export(&self) -> Batch {
        self.export_only(|_| true)
    }

    /// The records of the tables `wanted` takes, as [`Ledger::export`]
    /// gives them; the other arrays left empty, so that one small table
    /// of a large ledger costs only its own records.
    pub(crate) fn export_only(&self, wanted: impl Fn(LedgerTable) -> bool) -> Batch {
        let plan = &self.plan;
        let code = |e: EntityIndex| plan.entity_at(e).code.clone();
        let indicator = |i: IndicatorIndex| plan.indicator_at(i).id.clone();
        let store = &self.store;
        Batch {
            targets: only(wanted(LedgerTable::Targets), || {
                store
                    .targets()
                    .map(|t| Target {
                        indicator: indicator(t.indicator),
                        period: t.period,
                        entity: t.entity.map(code),
                        baseline: t.baseline,
                        value: t.value,
                        recorded_on: t.recorded_on,
                    })
                    .collect()
            }),
            observations: only(wanted(LedgerTable::Observations), || {
                store
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
                    .collect()
            }),
            milestones: only(wanted(LedgerTable::Milestones), || {
                store
                    .milestones()
                    .map(|m| Milestone {
                        indicator: indicator(m.indicator),
                        entity: code(m.entity),
                        achieved_on: m.achieved_on,
                        recorded_on: m.recorded_on,
                    })
                    .collect()
            }),
            submissions: only(wanted(LedgerTable::Submissions), || {
                store
                    .submissions()
                    .map(|s| Submission {
                        entity: code(s.entity),
                        kind: s.kind,
                        period: s.period,
                        submitted_on: s.submitted_on,
                    })
                    .collect()
            }),
            obligations: only(wanted(LedgerTable::Obligations), || {
                store
                    .obligations()
                    .map(|o| Obligation {
                        entity: code(o.entity),
                        kind: o.kind,
                        from: o.from,
                        to: o.to,
                    })
                    .collect()
            }),
            recommendations: only(wanted(LedgerTable::Recommendations), || {
                store
                    .recommendations()
                    .map(|r| Recommendation {
                        id: r.id.clone(),
                        evaluation: r.evaluation,
                        issued_on: r.issued_on,
                        entity: code(r.entity),
                        node: r.node.clone(),
                        text: r.text.clone(),
                        due: r.due,
                        recorded_on: r.recorded_on,
                    })
                    .collect()
            }),
            follow_ups: only(wanted(LedgerTable::FollowUps), || {
                store
                    .follow_ups()
                    .map(|f| FollowUp {
                        recommendation: f.recommendation.clone(),
                        entity: code(f.entity),
                        status: f.status,
                        on: f.on,
                        recorded_on: f.recorded_on,
                    })
                    .collect()
            }),
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

/// The records a wanted table holds, none for a table not wanted: reading
/// them back from the store costs time and memory the export does not need.
fn only<T>(wanted: bool, records: impl FnOnce() -> Vec<T>) -> Vec<T> {
    if wanted {
        records()
    } else {
        Vec::new()
    }
}

/// The record kinds whose duplicates within a batch are found (SPEC §2):
/// submissions are events, obligations ranges, neither has duplicates.
const DUPLICABLE: [RecordKind; 3] = [
    RecordKind::Target,
    RecordKind::Observation,
    RecordKind::Milestone,
];

fn duplicable(kind: RecordKind) -> Option<usize> {
    DUPLICABLE.iter().position(|&k| k == kind)
}

/// A batch on its way into the ledger: each record read is validated
/// against the plan and stored, or listed as rejected.
struct Intake<'l> {
    ledger: &'l mut Ledger,
    plan: Arc<Plan>,
    duplicates: Duplicates,
    /// The store before the batch: the batch's records are those past it.
    mark: Mark,
    /// Per duplicable kind, ascending: the batch indexes of the records
    /// that took no place in the store (rejected, unreadable, merged), from
    /// which a stored record's batch index is found again.
    unstored: [Vec<usize>; 3],
    /// Per duplicable kind, ascending: the store positions of the first
    /// records of keys found to have duplicates, rejected with them; removed
    /// when the batch ends.
    duplicated: [Vec<usize>; 3],
    /// Follow-ups whose recommendation was not in the ledger when read.
    follow_ups_pending: Vec<Pending>,
    /// With `aggregate`: the batch's observations as read, with their
    /// indexes, shaped and checked when the batch ends.
    shaping: Option<Vec<(usize, Observation)>>,
    accepted: usize,
    merged: usize,
    rejections: Vec<Rejection>,
    /// The ledger could not take another observation.
    full: bool,
}

/// A follow-up whose recommendation was not known when it was read.
struct Pending {
    index: usize,
    recommendation: String,
    /// Its place in the store, if it passed its other checks.
    position: Option<usize>,
}

impl Intake<'_> {
    /// With `aggregate`, when the batch is read: its observations shaped
    /// and handed on as if read so, each under its first row's index; the
    /// rows merged into another take no place, like rejected ones.
    fn ingest_shaped(&mut self) -> Option<Aggregation> {
        let held = self.shaping.take()?;
        let (indexes, rows): (Vec<usize>, Vec<Observation>) = held.into_iter().unzip();
        let (records, done) = self.plan.aggregate_rows(&rows);
        let mut firsts: Vec<usize> = records.iter().map(|(p, _)| indexes[*p]).collect();
        firsts.sort_unstable();
        let slot = duplicable(RecordKind::Observation).unwrap_or(1);
        let mut unstored: Vec<usize> = indexes
            .iter()
            .copied()
            .filter(|i| firsts.binary_search(i).is_err())
            .chain(self.unstored[slot].drain(..))
            .collect();
        unstored.sort_unstable();
        self.unstored[slot] = unstored;
        for (position, record) in &records {
            let cell: Vec<(&str, &str)> = record
                .cell
                .iter()
                .map(|(d, v)| (d.as_str(), v.as_str()))
                .collect();
            let fields = ObservationFields::of(record, &cell);
            let index = indexes[*position];
            if !self.record(
                RecordKind::Observation,
                index,
                Decoded::Observation(&fields),
            ) {
                break;
            }
        }
        Some(done)
    }

    /// When the batch is read: each follow-up whose recommendation neither
    /// the ledger nor the batch brought is rejected (and taken out again if
    /// it went in).
    fn settle_follow_ups(&mut self) {
        let mut removed = Vec::new();
        for pending in std::mem::take(&mut self.follow_ups_pending) {
            if self
                .ledger
                .store
                .has_recommendation(&pending.recommendation)
            {
                continue;
            }
            self.rejections.push(Rejection::new(
                RecordKind::FollowUp,
                pending.index,
                "recommendation",
                Reason::UnknownRecommendation {
                    id: pending.recommendation.as_str().into(),
                },
            ));
            if let Some(position) = pending.position {
                removed.push(position);
                self.accepted -= 1;
            }
        }
        debug_assert!(removed.iter().all(|&p| p >= self.mark.follow_ups()));
        self.ledger.store.remove_follow_ups(&removed);
    }

    /// The batch index of the record stored at `position`, of the kind in
    /// `slot` whose batch records start at `first` in the store: its place
    /// among the batch's stored records, plus the records before it that
    /// took no place (found by a fixed point: a few binary searches, no
    /// list of every record).
    fn batch_index(&self, slot: usize, first: usize, position: usize) -> usize {
        let unstored = &self.unstored[slot];
        let stored_before = position - first;
        let mut index = stored_before;
        loop {
            let next = stored_before + unstored.partition_point(|&u| u <= index);
            if next == index {
                return index;
            }
            index = next;
        }
    }

    /// Where the batch's records of `kind` begin in the store.
    fn batch_start(&self, kind: RecordKind) -> usize {
        match kind {
            RecordKind::Target => self.mark.targets(),
            RecordKind::Observation => self.mark.observations(),
            _ => self.mark.milestones(),
        }
    }

    /// Finds the duplicates among the batch's stored records of the kind in
    /// `slot` and settles each as if met row by row, in batch order: a later
    /// record of a key is added to the first (`duplicates = sum`,
    /// observations of counts and amounts) or rejected with it, each naming
    /// the other (of three or more, every later one names the first).
    /// Returns the store positions of the later records, ascending, to be
    /// taken out of the store; the first records rejected are noted in
    /// `duplicated`.
    fn settle_duplicates(&mut self, slot: usize) -> Vec<usize> {
        let kind = DUPLICABLE[slot];
        let first = self.batch_start(kind);
        let pairs = self.ledger.store.duplicates_since(kind, first);
        if pairs.is_empty() {
            return Vec::new();
        }
        // First records rejected by this call (earlier calls' are in
        // `duplicated`).
        let mut rejected_now = std::collections::HashSet::new();
        let mut later_positions = Vec::with_capacity(pairs.len());
        let mut later_indexes = Vec::with_capacity(pairs.len());
        for (later, earlier) in pairs {
            // Store positions do not move during the loop, nor `unstored`:
            // every index is found as it was when the record was read.
            let index = self.batch_index(slot, first, later);
            let earlier_index = self.batch_index(slot, first, earlier);
            later_positions.push(later);
            later_indexes.push(index);
            self.accepted -= 1;
            let already_rejected = rejected_now.contains(&earlier)
                || self.duplicated[slot].binary_search(&earlier).is_ok();
            let store = &mut self.ledger.store;
            let summed = match kind {
                RecordKind::Observation if self.duplicates == Duplicates::Sum => {
                    let o = store.observation_at(later);
                    Some((o.value, self.plan.indicator_at(o.indicator).measure))
                }
                _ => None,
            };
            match summed {
                Some((value, Measure::Count | Measure::Amount)) if !already_rejected => {
                    if store.add_to_observation(earlier, value) {
                        self.merged += 1;
                    } else {
                        // The rows added up so far stay; this one alone
                        // cannot join them and says why.
                        self.rejections.push(Rejection::new(
                            kind,
                            index,
                            "value",
                            Reason::DuplicateSumTooLarge {
                                other: earlier_index,
                            },
                        ));
                    }
                    continue;
                }
                _ => {}
            }
            let reason = |other: usize| match summed {
                Some((_, measure)) => Reason::DuplicateNotSummable { other, measure },
                None => Reason::DuplicateKey { kind, other },
            };
            self.rejections
                .push(Rejection::new(kind, index, "", reason(earlier_index)));
            if !already_rejected {
                self.rejections
                    .push(Rejection::new(kind, earlier_index, "", reason(index)));
                rejected_now.insert(earlier);
                self.accepted -= 1;
            }
        }
        let duplicated = &mut self.duplicated[slot];
        duplicated.extend(rejected_now);
        duplicated.sort_unstable();
        // The later records take no place in the store once taken out.
        let unstored = &mut self.unstored[slot];
        unstored.extend(later_indexes);
        unstored.sort();
        later_positions
    }

    /// When the ledger is full while a batch is read: the later duplicates
    /// of the observations read so far are settled and taken out of the
    /// store now, freeing the places they would never have taken had each
    /// been found as it was read. Returns whether any place was freed.
    fn take_out_observation_duplicates(&mut self) -> bool {
        let slot = duplicable(RecordKind::Observation).unwrap_or(1);
        let later = self.settle_duplicates(slot);
        if later.is_empty() {
            return false;
        }
        // The first records rejected stay, at positions moved down by the
        // later records taken out before them.
        for position in &mut self.duplicated[slot] {
            *position -= later.partition_point(|&l| l < *position);
        }
        self.ledger
            .store
            .remove_since(self.mark, RecordKind::Observation, &later);
        true
    }

    /// Notes a record that took no place in the store, keeping the list
    /// ascending (records come in index order, but shaped ones after rows
    /// merged into them were noted).
    fn unstored(&mut self, kind: RecordKind, index: usize) {
        if let Some(slot) = duplicable(kind) {
            let list = &mut self.unstored[slot];
            match list.last() {
                Some(&last) if last > index => {
                    let at = list.partition_point(|&u| u < index);
                    if list.get(at) != Some(&index) {
                        list.insert(at, index);
                    }
                }
                _ => list.push(index),
            }
        }
    }
    /// After a record was stored: counted, until the batch's duplicates
    /// are settled when it is read ([`Intake::settle_duplicates`]).
    fn stored(&mut self) {
        self.accepted += 1;
    }

    /// A record the checks refused, with every problem found.
    fn reject(&mut self, kind: RecordKind, index: usize, problems: Vec<(&'static str, Reason)>) {
        self.unstored(kind, index);
        for (field, reason) in problems {
            self.rejections
                .push(Rejection::new(kind, index, field, reason));
        }
    }

    /// Stores a checked observation; `false` when the ledger is full, which
    /// ends the batch.
    fn store_observation(&mut self, observation: StoredObservation, cell: &CellBuf) -> bool {
        let store = |intake: &mut Self| {
            intake
                .ledger
                .store
                .push_observation(observation, cell)
                .is_ok()
        };
        if store(self) || (self.take_out_observation_duplicates() && store(self)) {
            self.stored();
            true
        } else {
            self.full = true;
            false
        }
    }

    /// The rows of one chunk read and checked on a worker, the first of
    /// them at `first` in the batch, taken in as [`Intake::take_row`] would
    /// take each: the runs of valid rows between the others are appended
    /// whole. `false` when the ledger is full, which ends the batch.
    fn take_chunk(&mut self, first: usize, chunk: &mut CheckedRows) -> bool {
        let CheckedRows {
            packed,
            cells,
            interned,
            others,
            ..
        } = chunk;
        interned.clear();
        interned.resize(cells.cells.len(), UNINTERNED);
        // Local cell 0 is the total, as in the store.
        interned[0] = 0;
        let mut valid = packed.as_slice();
        let mut next = 0;
        for (at, row) in others.drain(..) {
            let (run, rest) = valid.split_at(at - next);
            if !self.append_valid(run, &cells.cells, interned) {
                return false;
            }
            valid = rest;
            if !self.take_row(first + at, row) {
                return false;
            }
            next = at + 1;
        }
        self.append_valid(valid, &cells.cells, interned)
    }

    /// Stores a run of valid packed observations, freeing the places of
    /// later duplicates when the ledger is full, as [`Intake::store_observation`]
    /// does for one; `false` when it is full all the same.
    fn append_valid(
        &mut self,
        mut rows: &[PackedObservation],
        cells: &[CellBuf],
        interned: &mut [CellId],
    ) -> bool {
        loop {
            let appended = self.ledger.store.append_packed(rows, cells, interned);
            self.accepted += appended;
            rows = &rows[appended..];
            if rows.is_empty() {
                return true;
            }
            if !self.take_out_observation_duplicates() {
                self.full = true;
                return false;
            }
        }
    }

    /// One observation row read and checked on a worker, taken in as
    /// [`RecordSink::record`] would take the row itself.
    fn take_row(&mut self, index: usize, row: CheckedRow) -> bool {
        let kind = RecordKind::Observation;
        match row {
            CheckedRow::Valid(observation, cell) => {
                return self.store_observation(observation, &cell)
            }
            CheckedRow::Refused(problems) => self.reject(kind, index, problems),
            CheckedRow::Unreadable(problems) => self.unreadable(kind, index, problems),
            CheckedRow::Held(observation) => match self.shaping.as_mut() {
                Some(held) => held.push((index, observation)),
                None => {
                    let cell: Vec<(&str, &str)> = observation
                        .cell
                        .iter()
                        .map(|(d, v)| (d.as_str(), v.as_str()))
                        .collect();
                    let fields = ObservationFields::of(&observation, &cell);
                    return self.record(kind, index, Decoded::Observation(&fields));
                }
            },
        }
        true
    }
}

/// One observation row as a worker leaves it for the intake, unless it is
/// a valid row packed with the chunk's others ([`CheckedRows::packed`]).
enum CheckedRow {
    /// Read and checked, with a period or value too large to pack: stored
    /// as it comes (in the store's side table).
    Valid(StoredObservation, CellBuf),
    /// Read, and refused by the checks.
    Refused(Vec<(&'static str, Reason)>),
    /// Not readable.
    Unreadable(Vec<Problem>),
    /// Read, held whole to be shaped when the batch ends (`aggregate`).
    Held(Observation),
}

/// The rows of one chunk of CSV (or of a columnar chunk), read, checked
/// against the plan and packed on a worker thread: checks need only the
/// plan, so they run in parallel; storing, duplicates and the ledger's
/// limit are left to the intake, which takes the chunks in file order.
struct CheckedRows {
    plan: Arc<Plan>,
    /// Rows are held whole, unchecked (`aggregate`: checked once shaped).
    hold: bool,
    /// Rows read.
    rows: usize,
    /// The valid rows in their stored form, in order, each `cell` an index
    /// into `cells`: the intake appends runs of them whole.
    packed: Vec<PackedObservation>,
    cells: ChunkCells,
    /// The store's ids of `cells`, found by the intake as it appends.
    interned: Vec<CellId>,
    /// Every other row, with its place among the chunk's rows, in order.
    others: Vec<(usize, CheckedRow)>,
    /// Kept from chunk to chunk: the list is the plan's, not the chunk's.
    passed: PassedPairs,
}

impl CheckedRows {
    fn new(plan: Arc<Plan>, hold: bool) -> CheckedRows {
        CheckedRows {
            plan,
            hold,
            rows: 0,
            packed: Vec::new(),
            cells: ChunkCells::new(),
            interned: Vec::new(),
            others: Vec::new(),
            passed: PassedPairs::default(),
        }
    }

    /// Empty, its lists keeping their room, for another chunk.
    fn clear(&mut self) {
        self.rows = 0;
        self.packed.clear();
        self.cells.clear();
        self.others.clear();
    }

    fn push_other(&mut self, row: CheckedRow) {
        self.others.push((self.rows, row));
        self.rows += 1;
    }
}

/// The distinct cells of one chunk's valid rows, numbered in the order
/// first met (0 the total), so that a worker packs each row with a small
/// number and the intake interns each cell once a chunk, not once a row.
struct ChunkCells {
    cells: Vec<CellBuf>,
    /// Hashed with Fx: the keys are a plan's dimension indexes, checked,
    /// not input text, and one is looked up per row.
    ids: rustc_hash::FxHashMap<CellBuf, CellId>,
}

impl ChunkCells {
    fn new() -> ChunkCells {
        ChunkCells {
            cells: vec![CellBuf::default()],
            ids: Default::default(),
        }
    }

    fn clear(&mut self) {
        self.cells.truncate(1);
        self.ids.clear();
    }

    /// The chunk's number for `cell`.
    fn id(&mut self, cell: &CellBuf) -> CellId {
        if cell.len == 0 {
            return 0;
        }
        let cells = &mut self.cells;
        *self.ids.entry(*cell).or_insert_with(|| {
            cells.push(*cell);
            // A chunk's cells are far fewer than 2^32 - 1 (`UNINTERNED`).
            (cells.len() - 1) as CellId
        })
    }
}

impl RecordSink for CheckedRows {
    fn record(&mut self, _kind: RecordKind, _index: usize, record: Decoded<'_>) -> bool {
        // CSV holds observations only.
        if let Decoded::Observation(o) = record {
            if self.hold {
                self.push_other(CheckedRow::Held(o.to_owned_observation()));
                return true;
            }
            match (Checker { plan: &self.plan }).observation_remembering(o, Some(&mut self.passed))
            {
                Ok((mut observation, cell)) => {
                    observation.cell = self.cells.id(&cell);
                    match PackedObservation::of(observation) {
                        Some(packed) => {
                            self.packed.push(packed);
                            self.rows += 1;
                        }
                        None => self.push_other(CheckedRow::Valid(observation, cell)),
                    }
                }
                Err(problems) => self.push_other(CheckedRow::Refused(problems)),
            }
        }
        true
    }

    fn unreadable(&mut self, _kind: RecordKind, _index: usize, problems: Vec<Problem>) {
        self.push_other(CheckedRow::Unreadable(problems));
    }
}

impl RecordSink for Intake<'_> {
    fn record(&mut self, kind: RecordKind, index: usize, record: Decoded<'_>) -> bool {
        if let (Some(held), Decoded::Observation(o)) = (self.shaping.as_mut(), &record) {
            held.push((index, o.to_owned_observation()));
            return true;
        }
        let checker = Checker { plan: &self.plan };
        let ledger = &mut *self.ledger;
        let checked = match record {
            Decoded::Target(r) => checker.target(r).map(|t| ledger.store.push_target(t)),
            Decoded::Observation(r) => match checker.observation(r) {
                Ok((obs, cell)) => return self.store_observation(obs, &cell),
                Err(e) => Err(e),
            },
            Decoded::Milestone(r) => checker.milestone(r).map(|m| ledger.store.push_milestone(m)),
            Decoded::Submission(r) => checker
                .submission(r)
                .map(|s| ledger.store.push_submission(s)),
            Decoded::Obligation(r) => checker
                .obligation(r)
                .map(|o| ledger.store.push_obligation(o)),
            Decoded::Recommendation(r) => checker
                .recommendation(r)
                .map(|r| ledger.store.push_recommendation(r)),
            Decoded::FollowUp(f) => {
                let checked = checker.follow_up(f);
                if !ledger.store.has_recommendation(&f.recommendation) {
                    // Perhaps later in the batch: checked when it ends.
                    let position = checked.is_ok().then(|| ledger.store.counts()[6]);
                    self.follow_ups_pending.push(Pending {
                        index,
                        recommendation: f.recommendation.clone(),
                        position,
                    });
                }
                checked.map(|f| ledger.store.push_follow_up(f))
            }
        };
        match checked {
            Ok(()) => self.stored(),
            Err(problems) => self.reject(kind, index, problems),
        }
        true
    }

    fn unreadable(&mut self, kind: RecordKind, index: usize, problems: Vec<Problem>) {
        self.unstored(kind, index);
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::{prop, prop_oneof, Strategy};

    /// A ledger that holds at most `limit` observations.
    fn ledger_holding(limit: u32) -> Ledger {
        let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
        ledger.store.set_observation_limit(limit);
        ledger
    }

    /// A batch of count observations, one a year given.
    fn batch(years: &[i32]) -> String {
        let rows: Vec<String> = years
            .iter()
            .enumerate()
            .map(|(i, year)| {
                format!(
                    r#"{{"indicator": "E1.L1.M1.A2.I2", "period": "{year}", "entity": "MRE", "value": "{}"}}"#,
                    i + 1
                )
            })
            .collect();
        format!(r#"{{"observations": [{}]}}"#, rows.join(","))
    }

    fn stored(ledger: &Ledger) -> Vec<String> {
        ledger
            .export()
            .observations
            .iter()
            .map(|o| format!("{} {}", o.period, o.value))
            .collect()
    }

    fn named(report: &[Rejection]) -> Vec<(usize, Option<usize>)> {
        report
            .iter()
            .map(|r| match r.reason {
                Reason::DuplicateKey { other, .. } => (r.index, Some(other)),
                _ => (r.index, None),
            })
            .collect()
    }

    /// count, monthly, dimensions sexo and edad; responsible MINGOB/DGM.
    const MONTHLY: &str = "E2.L3.M2.A4.I1";

    /// Rows whose valid runs lie between rows of every other sort: refused,
    /// unreadable, a value too large to pack, a duplicate of an earlier row,
    /// and cells met first at different places.
    fn mixed_rows() -> String {
        let huge = "79228162514264337593543950335";
        let rows = [
            format!("{MONTHLY},2009-01,DGM,1,mujer,13-17"),
            format!("{MONTHLY},2009-02,DGM,2,,"),
            format!("{MONTHLY},2009-03,NOBODY,3,mujer,13-17"),
            format!("{MONTHLY},2009-04,DGM,4,hombre,0-12"),
            format!("{MONTHLY},2009-05,DGM,{huge},hombre,18-29"),
            format!("{MONTHLY},2009-06,DGM,6,mujer,13-17"),
            format!("{MONTHLY},2009-07,DGM"),
            format!("{MONTHLY},2009-08,DGM,8,mujer,0-12"),
            format!("{MONTHLY},2009-04,DGM,9,hombre,0-12"),
            format!("{MONTHLY},2009-09,DGM,10,hombre,18-29"),
            format!("{MONTHLY},2009-10,DGM,11,,"),
        ];
        format!(
            "indicator,period,entity,value,cell.sexo,cell.edad\n{}\n",
            rows.join("\n")
        )
    }

    /// What a CSV batch gives a ledger holding at most `limit`
    /// observations: the result, the ledger, and each observation's cell
    /// id (the order cells were interned in).
    fn csv_outcome(csv: &str, limit: u32, options: IngestOptions, threads: usize) -> String {
        let mut ledger = ledger_holding(limit);
        let csv_options = CsvOptions {
            threads,
            chunk_bytes: 1 << 20,
        };
        let result = ledger.ingest_csv_bytes_with(csv.as_bytes(), options, csv_options);
        let cells: Vec<CellId> = ledger.store.observations().map(|o| o.cell).collect();
        format!("{result:?}\n{}\n{cells:?}", ledger.to_json())
    }

    fn every_option() -> Vec<IngestOptions> {
        let mut all = Vec::new();
        for mode in [Mode::Strict, Mode::Lenient] {
            for duplicates in [Duplicates::Reject, Duplicates::Sum] {
                all.push(IngestOptions {
                    mode,
                    duplicates,
                    aggregate: false,
                });
            }
        }
        all
    }

    #[test]
    fn a_chunk_stores_its_valid_runs_between_other_rows_as_row_by_row() {
        let csv = mixed_rows();
        for options in every_option() {
            let expected = csv_outcome(&csv, u32::MAX, options, 1);
            assert_eq!(
                csv_outcome(&csv, u32::MAX, options, 2),
                expected,
                "{options:?}"
            );
        }
        // Lenient: the refused and unreadable rows named, the rest stored,
        // the row too large to pack among them.
        let lenient = csv_outcome(&csv, u32::MAX, Mode::Lenient.into(), 2);
        assert!(lenient.contains("accepted: 7"), "{lenient}");
        assert!(lenient.contains("79228162514264337593543950335"));
    }

    #[test]
    fn a_ledger_filled_in_the_middle_of_a_chunk_ends_as_row_by_row() {
        let csv = mixed_rows();
        for limit in 0..=10 {
            for options in every_option() {
                let expected = csv_outcome(&csv, limit, options, 1);
                assert_eq!(
                    csv_outcome(&csv, limit, options, 2),
                    expected,
                    "limit {limit}, {options:?}"
                );
            }
        }
        // Nine valid rows, one a later duplicate: with room for eight, its
        // place is freed when the ledger fills and the batch goes in.
        let report = csv_outcome(&csv, 8, Mode::Lenient.into(), 2);
        assert!(report.starts_with("Ok("), "{report}");
        let full = csv_outcome(&csv, 7, Mode::Lenient.into(), 2);
        assert!(full.starts_with("Err(LedgerFull"), "{full}");
    }

    #[test]
    fn a_full_ledger_first_frees_the_places_of_later_duplicates_as_row_by_row() {
        // Three rows of 2009 then two more: read row by row, the later rows
        // of 2009 never took a place, so three places are enough.
        let mut ledger = ledger_holding(3);
        let report = ledger
            .ingest_json(&batch(&[2009, 2009, 2009, 2010, 2011]), Mode::Lenient)
            .unwrap();
        assert_eq!(report.accepted, 2);
        assert_eq!(
            named(&report.rejections),
            [(0, Some(1)), (1, Some(0)), (2, Some(0))]
        );
        assert_eq!(stored(&ledger), ["2010 4", "2011 5"]);

        // Added up, the same places.
        let mut ledger = ledger_holding(3);
        let options = IngestOptions {
            mode: Mode::Strict,
            duplicates: Duplicates::Sum,
            aggregate: false,
        };
        let report = ledger
            .ingest_json(&batch(&[2009, 2010, 2009, 2011]), options)
            .unwrap();
        assert_eq!((report.accepted, report.merged), (3, 1));
        assert_eq!(stored(&ledger), ["2009 4", "2010 2", "2011 4"]);
    }

    /// What a CSV batch of any bytes gives an empty ledger, read in chunks
    /// of about `chunk_bytes` on `threads` workers.
    fn csv_bytes_outcome(
        csv: &[u8],
        options: IngestOptions,
        threads: usize,
        chunk_bytes: usize,
    ) -> String {
        let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
        let csv_options = CsvOptions {
            threads,
            chunk_bytes,
        };
        let result = ledger.ingest_csv_bytes_with(csv, options, csv_options);
        let cells: Vec<CellId> = ledger.store.observations().map(|o| o.cell).collect();
        format!("{result:?}\n{}\n{cells:?}", ledger.to_json())
    }

    /// A field of a row: valid texts for the monthly indicator, and texts
    /// each of the readers must treat alike (blanks, spaces, quotes, bad
    /// bytes, a byte order mark, carriage returns, separators inside quotes).
    fn csv_field(valid: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
        let odd: &[&[u8]] = &[
            b"",
            b" ",
            b"\"\"",
            b"\"a,b\"",
            b"\"x\"\"y\"",
            b"\xff",
            b"\xc3",
            b"\xc3\xa9",
            b"\xef\xbb\xbf",
            b"a\rb",
            b"\t1",
            b"\"line\nbreak\"",
        ];
        prop_oneof![
            6 => prop::sample::select(valid).prop_map(|t| t.as_bytes().to_vec()),
            1 => prop::sample::select(valid).prop_map(|t| format!(" {t} ").into_bytes()),
            1 => prop::sample::select(valid).prop_map(|t| format!("\"{t}\"").into_bytes()),
            1 => prop::sample::select(odd).prop_map(<[u8]>::to_vec),
        ]
    }

    /// A data row of the monthly indicator's columns and a source, of any length, ended
    /// by LF, CRLF, a lone CR, blank lines, or nothing.
    fn csv_row() -> impl Strategy<Value = Vec<u8>> {
        let fields = (
            csv_field(&[MONTHLY, "E1.L1.M2.A2.I3", "E9.L9"]),
            csv_field(&["2009-01", "2009-02", "2009", "2009-13", "2031-01"]),
            csv_field(&["DGM", "GIT", "NOBODY", "dgm"]),
            csv_field(&[
                "1",
                "2",
                "2.50",
                "-3",
                "1e3",
                "nan",
                "79228162514264337593543950335",
            ]),
            csv_field(&["2010-01-01", "2009-02-30", "2008-12-31", ""]),
            csv_field(&["mujer", "hombre", "", "otro"]),
            csv_field(&["13-17", "0-12", "", "99"]),
            csv_field(&["official", "", "verification", "other"]),
        );
        let ends: &[&[u8]] = &[b"\n", b"\n", b"\n", b"\r\n", b"\r", b"\n\n", b"\r\n\r\n"];
        (fields, 0..10usize, prop::sample::select(ends)).prop_map(
            |((a, b, c, d, e, f, g, h), length, end)| {
                let mut fields = vec![a, b, c, d, e, f, g, h];
                // Most rows have the header's eight fields.
                fields.truncate(if length < 8 { length.max(1) } else { 8 });
                if length == 9 {
                    fields.push(b"extra".to_vec());
                }
                let mut row = fields.join(&b","[..]);
                row.extend_from_slice(end);
                row
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Lines split at their commas and lines read by the CSV parser give
        /// what the row-by-row reader gives: the same ledger, rejections
        /// (indexes, order, reasons) and errors, wherever the chunks are cut.
        #[test]
        fn split_lines_read_as_the_row_by_row_reader_reads_them(
            rows in proptest::collection::vec(csv_row(), 1..40),
            chunk_bytes in 1..400usize,
            last_line_ended in proptest::bool::ANY,
        ) {
            let mut csv = b"indicator,period,entity,value,recorded_on,cell.sexo,cell.edad,source\n".to_vec();
            for row in &rows {
                csv.extend_from_slice(row);
            }
            if !last_line_ended {
                while let Some(b'\n' | b'\r') = csv.last() {
                    csv.pop();
                }
            }
            for mode in [Mode::Lenient, Mode::Strict] {
                let options = IngestOptions::from(mode);
                let expected = csv_bytes_outcome(&csv, options, 1, 1 << 20);
                let chunked = csv_bytes_outcome(&csv, options, 2, chunk_bytes);
                proptest::prop_assert_eq!(chunked, expected.clone());
                let whole = csv_bytes_outcome(&csv, options, 2, 1 << 20);
                proptest::prop_assert_eq!(whole, expected);
            }
        }
    }

    #[test]
    fn a_batch_past_the_limit_is_refused_whole() {
        let mut ledger = ledger_holding(3);
        ledger.ingest_json(&batch(&[2008]), Mode::Strict).unwrap();
        let error = ledger
            .ingest_json(&batch(&[2009, 2009, 2010, 2011]), Mode::Lenient)
            .unwrap_err();
        assert_eq!(error.code(), "ledger_full");
        assert_eq!(stored(&ledger), ["2008 1"]);
        // Read row by row, a duplicate takes a place until it is found to
        // be one: with the ledger full, it does not fit either.
        let mut ledger = ledger_holding(3);
        let options = IngestOptions {
            mode: Mode::Lenient,
            duplicates: Duplicates::Sum,
            aggregate: false,
        };
        let error = ledger
            .ingest_json(&batch(&[2009, 2010, 2011, 2009]), options)
            .unwrap_err();
        assert_eq!(error.code(), "ledger_full");
        assert!(ledger.is_empty());
    }
}
