//! The records institutions report, in their plain typed form: what a caller
//! builds, what a JSON ledger holds, and what an export gives back.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::names::names;
use crate::period::{Granularity, Period};

names! {
    /// Who stands behind an observation.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Source ("source") {
        /// Reported by the responsible institution: counts for scores.
        #[default]
        Official = "official",
        /// Civil-society or PDH social audit: compared, never scored.
        Verification = "verification",
    }
}

names! {
    /// The kind of a periodic report an institution submits.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum ReportKind ("report kind") {
        /// A monthly report (period `2009-03`).
        Monthly = "monthly",
        /// A semiannual report (period `2009-S1`).
        Semiannual = "semiannual",
        /// An annual report (period `2009`).
        Annual = "annual",
    }
}

impl ReportKind {
    /// The granularity of this kind's periods.
    pub fn granularity(self) -> Granularity {
        match self {
            ReportKind::Monthly => Granularity::Month,
            ReportKind::Semiannual => Granularity::Half,
            ReportKind::Annual => Granularity::Year,
        }
    }
}

names! {
    /// The kind of a ledger record, as named in batches and rejections.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum RecordKind ("record kind") {
        /// A target.
        Target = "target",
        /// An observation.
        Observation = "observation",
        /// A milestone.
        Milestone = "milestone",
        /// A report submission.
        Submission = "submission",
        /// A reporting obligation.
        Obligation = "obligation",
        /// A recommendation of an evaluation (SPEC §2, revision 2).
        Recommendation = "recommendation",
        /// An institution's follow-up of a recommendation.
        FollowUp = "follow_up",
    }
}

names! {
    /// How far an institution has carried out a recommendation.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum FollowUpStatus ("follow-up status") {
        /// Not started.
        NotStarted = "not_started",
        /// Under way.
        InProgress = "in_progress",
        /// Carried out.
        Implemented = "implemented",
    }
}

impl RecordKind {
    /// The name of the JSON array holding records of this kind.
    pub fn array_name(self) -> &'static str {
        match self {
            RecordKind::Target => "targets",
            RecordKind::Observation => "observations",
            RecordKind::Milestone => "milestones",
            RecordKind::Submission => "submissions",
            RecordKind::Obligation => "obligations",
            RecordKind::Recommendation => "recommendations",
            RecordKind::FollowUp => "follow_ups",
        }
    }
}

mod decimal_str {
    //! Decimals as exact strings in JSON output.
    pub use rust_decimal::serde::str::serialize;
}

/// The default baseline as it is written: `0` with no decimals. A zero
/// written with decimals (`0.00`) is kept, since scorecards show a baseline as
/// it was given and an export must give back the same scorecard.
fn is_default_baseline(d: &Decimal) -> bool {
    d.is_zero() && d.scale() == 0
}

fn is_official(s: &Source) -> bool {
    *s == Source::Official
}

/// What an indicator should reach, for one year or its whole window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// Indicator id.
    pub indicator: String,
    /// A year (`2009`) or the indicator's whole window (`2007/2017`).
    pub period: Period,
    /// The entity the target is for; `None` for all entities together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Where the indicator starts (default 0).
    #[serde(
        serialize_with = "decimal_str::serialize",
        skip_serializing_if = "is_default_baseline"
    )]
    pub baseline: Decimal,
    /// Where it should get to; below the baseline means "reduce".
    #[serde(serialize_with = "decimal_str::serialize")]
    pub value: Decimal,
    /// When the target became known; `None` means from the beginning of time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_on: Option<NaiveDate>,
}

/// A value an entity reports for an indicator and period, in total or for one cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Observation {
    /// Indicator id.
    pub indicator: String,
    /// Period of the value.
    pub period: Period,
    /// Reporting entity.
    pub entity: String,
    /// Dimension → value; empty for the total.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub cell: BTreeMap<String, String>,
    /// The value.
    #[serde(serialize_with = "decimal_str::serialize")]
    pub value: Decimal,
    /// Official (default) or verification.
    #[serde(skip_serializing_if = "is_official")]
    pub source: Source,
    /// When it became known; `None` means from the beginning of time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_on: Option<NaiveDate>,
}

/// The date a milestone indicator was achieved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Milestone {
    /// Indicator id (a `milestone` indicator).
    pub indicator: String,
    /// The entity reporting it.
    pub entity: String,
    /// When it was achieved.
    pub achieved_on: NaiveDate,
    /// When it became known; `None` means from the beginning of time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_on: Option<NaiveDate>,
}

/// A periodic report an entity handed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Submission {
    /// The entity.
    pub entity: String,
    /// Monthly, semiannual or annual.
    pub kind: ReportKind,
    /// The period the report covers.
    pub period: Period,
    /// When it was handed in.
    pub submitted_on: NaiveDate,
}

/// Which reports an entity must submit, for which years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Obligation {
    /// The entity.
    pub entity: String,
    /// Monthly, semiannual or annual.
    pub kind: ReportKind,
    /// First year.
    pub from: i32,
    /// Last year.
    pub to: i32,
}

/// A recommendation an evaluation of the plan made to an institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    /// Its id, unique in the ledger (a record with the id of an earlier one
    /// is a revision).
    pub id: String,
    /// The period evaluated (`2009/2010`).
    pub evaluation: Period,
    /// When the evaluation issued it.
    pub issued_on: NaiveDate,
    /// The entity it is addressed to.
    pub entity: String,
    /// The plan node it is about (an axis … indicator id), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// What it says.
    pub text: String,
    /// When it is due, if the evaluation set a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// When it became known; `None` means from the beginning of time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_on: Option<NaiveDate>,
}

/// Where an institution stands on a recommendation, as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    /// The recommendation's id.
    pub recommendation: String,
    /// The entity reporting.
    pub entity: String,
    /// How far it has got.
    pub status: FollowUpStatus,
    /// The date the status holds on.
    pub on: NaiveDate,
    /// When it became known; `None` means from the beginning of time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded_on: Option<NaiveDate>,
}

/// A batch of records of every kind: the JSON ledger format's arrays. The
/// arrays of revision 2 (`recommendations`, `follow_ups`) are left out of
/// the JSON when empty, so a ledger without them is written as before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Batch {
    /// Targets.
    pub targets: Vec<Target>,
    /// Observations.
    pub observations: Vec<Observation>,
    /// Milestones.
    pub milestones: Vec<Milestone>,
    /// Submissions.
    pub submissions: Vec<Submission>,
    /// Obligations.
    pub obligations: Vec<Obligation>,
    /// Recommendations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<Recommendation>,
    /// Follow-ups of recommendations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUp>,
}

impl Batch {
    /// Number of records of all kinds.
    pub fn len(&self) -> usize {
        self.targets.len()
            + self.observations.len()
            + self.milestones.len()
            + self.submissions.len()
            + self.obligations.len()
            + self.recommendations.len()
            + self.follow_ups.len()
    }

    /// Whether the batch holds no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
