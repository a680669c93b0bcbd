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
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod evaluate;
pub mod ledger;
mod messages;
pub mod period;
pub mod plan;
pub mod read;
mod values;

pub use evaluate::{
    evaluate, percent, round_score, Band, ChildScore, Config, ConfigError, ConsistencyNote,
    Discrepancy, EntityScore, EvaluateError, Explanation, Item, MilestoneState, NodeScore,
    ReportingRow, Scorecard, Status,
};
pub use ledger::{
    parse_date, parse_decimal, Absence, Batch, ColumnProblem, DateError, DateProblem,
    DocumentProblem, IngestError, IngestReport, Ledger, Milestone, Mode, NumberError,
    NumberProblem, Obligation, Observation, Reason, RecordKind, Rejection, ReportKind, Source,
    Submission, Target,
};
pub use messages::{Excerpt, EXCERPT_BYTES};
pub use period::{Granularity, Period, PeriodError};
pub use plan::{
    fold_whitespace, Accumulation, Action, Axis, AxisCounts, DataNote, Dimension, Entity,
    EntityKind, Frequency, Goal, Indicator, Level, Line, Measure, Node, NoteKind, Plan,
    PlanDocument, PlanError, PlanProblem, PlanReason, Plazo, ProblemKind, Responsible, PLAN_FORMAT,
};

/// The README's Rust examples, compiled as doctests so they cannot drift.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
