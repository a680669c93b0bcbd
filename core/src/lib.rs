//! # seguimiento
//!
//! Turns a government's strategic action plan into data and scores how well it
//! is being carried out. The first plan is Guatemala's *Plan de Acción
//! Estratégico contra la Trata de Personas y Protección Integral a las Víctimas
//! 2007-2017*, embedded in the library ([`Plan::embedded`]).
//!
//! The crate is pure: it reads no file, network or clock of its own. Callers
//! hand it text or readers, and the evaluation date is always an argument.
//!
//! ```
//! use seguimiento::Plan;
//! let plan = Plan::embedded();
//! for axis in plan.axes() {
//!     println!("{} {}", axis.id, axis.text);
//! }
//! ```
//!
//! Every public item is reachable by one path, from the crate's root: the
//! modules are private, and the root below is the whole public surface.
// Stricter than the workspace's `deny`: nothing inside the core may allow unsafe code.
#![forbid(unsafe_code)]

// Disclosure control (SPEC §5) is a namespace of its own: `seguimiento::disclosure::…`
// is the one path to its items.
pub mod disclosure;
mod documents;
mod evaluate;
mod ledger;
mod messages;
mod names;
mod period;
mod plan;
mod public;
// The one record reader: a namespace of its own (`seguimiento::read::…`), for
// callers that hand the ledger records field by field (the bindings do).
pub mod read;
mod score;
mod tables;
mod values;

// The plan: its document, its nodes, and the dense indexes into its lists.
pub use plan::{
    fold_whitespace, Accumulation, Action, ActionIndex, Axis, AxisCounts, DataNote, Dimension,
    DimensionIndex, DimensionValueIndex, Entity, EntityIndex, EntityKind, EntityMatch, Frequency,
    Goal, Indicator, IndicatorIndex, Level, Line, Measure, Node, NoteKind, Plan, PlanDocument,
    PlanError, PlanProblem, PlanReason, Plazo, ProblemKind, Responsible, EMBEDDED_PLAN_JSON,
    MAX_DIMENSION_VALUES, MAX_ENTITIES, MAX_ENTITY_DEPTH, MAX_INDICATOR_DIMENSIONS, MAX_PLAN_BYTES,
    PLAN_FORMAT, YEAR_MARGIN,
};

// The ledger: the records institutions report, and how batches go in.
pub use ledger::{
    parse_date, parse_decimal, Absence, Aggregation, Batch, ColumnProblem, CsvOptions, DateError,
    DateProblem, DocumentProblem, Duplicates, FollowUp, FollowUpStatus, IngestError, IngestOptions,
    IngestReport, Ledger, Milestone, Mode, NumberError, NumberProblem, Obligation, Observation,
    ObservationRow, Reason, RecordKind, Rejection, ReportKind, Source, Submission, Target,
    OBSERVATION_BYTES,
};

// Messages: values from the input as messages show them.
pub use messages::{Excerpt, EXCERPT_BYTES};

// Reporting periods.
pub use period::{Granularity, Period, PeriodError};

// Evaluation and the scorecard.
pub use evaluate::{
    evaluate, evaluate_many, Band, BandThresholds, ChildScore, Config, ConfigError,
    ConsistencyNote, Direction, Discrepancy, EntityScore, EvaluateError, Evaluation,
    ExpectedReport, Explanation, Item, MilestoneState, NodeScore, RankedEntity, RecordedLater,
    Refresh, ReportStatus, ReportingRow, Scorecard, Standing, Status, TargetNote, MAX_WEIGHT,
    WEIGHT_PLACES,
};
pub use score::{round_6dp, Score};

// The public view of an evaluation: every value a public release shows,
// published or confidential (SPEC §5), and its exports.
pub use public::{
    PublicCell, PublicChild, PublicConfig, PublicConsistencyNote, PublicDiscrepancy, PublicEntity,
    PublicError, PublicExplanation, PublicItem, PublicNode, PublicView, Published, CONFIDENTIAL,
};

// Tidy tables: every table of a plan, ledger, scorecard or batch of
// rejections, as typed columns, written as CSV or JSON records.
pub use tables::{
    Column, ColumnData, ColumnType, Datum, LedgerTable, PlanTable, Row, ScorecardTable, Table,
    TableFormat, Unit, UnknownColumn, LIST_SEPARATOR,
};

// The plan's public documents as data: the annual report and the biannual
// evaluation, every section laid out for a renderer that only formats.
pub use documents::{
    annual_report, biannual_evaluation, ActionEntry, Alert, AlertKind, Annex, AnnexEntity,
    AnnualOptions, AnnualReport, AnnualSummary, AuditShown, AuditShownSummary, AxisChapter,
    BandTransition, DataNoteEntry, DimensionTable, DimensionTableRow, DocumentError, Downloads,
    Fingerprints, GoalEntry, IndicatorEntry, Institutions, ItemEntry, LineEntry, Method,
    MilestoneEntry, PlanCounts, PlanSummary, PlazoBar, RankingEntry, ReportEntry, ReportingCount,
    ReportingGrid, ReportingGridRow, SensitiveTable, ShownThreshold, StatusCounts, TextIndicator,
    TrendLine, TrendPointEntry,
};
pub use documents::{
    DataGap, EvaluationOptions, EvaluationReport, FollowUpEntry, InstitutionFollowUp, NodeChange,
    RecommendationEntry, ReportingYear, WindowTargetEntry,
};

// Names of enum values.
pub use names::UnknownName;

/// The README's Rust examples, compiled as doctests so they cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
