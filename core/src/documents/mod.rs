//! The plan's public documents as data: the *Informe de avance anual*
//! ([`annual_report`]) and the *Evaluación bianual* ([`biannual_evaluation`]).
//!
//! Each builder evaluates the plan at the year ends it needs, builds the
//! public view of each (SPEC §5) and lays out one serde structure per
//! document, section by section in the order the document prints them.
//! Every number a reader sees is taken from a [`Published`] value of a
//! public view, or from the plan and the scorecard's non-sensitive data
//! (bands, statuses, coverage, counts of reports and actions); a renderer
//! (the `seguimiento-report` crate's templates) only formats it.
//!
//! The public views of a document form one chain of releases: the year end
//! of every year from the plan's first to the document's last, each given
//! the suppression patterns and published values of the years before it
//! ([`PublicConfig::earlier_patterns`], [`PublicConfig::earlier_published`]),
//! so that a value confidential in one year's report is not given away by
//! the next, and the annual report of 2010 and the 2009–2010 evaluation
//! show the same 2010 figures.
//!
//! ```
//! use std::sync::Arc;
//! use seguimiento::{annual_report, AnnualOptions, Fingerprints, Ledger, Plan, EMBEDDED_PLAN_JSON};
//! let plan = Arc::new(Plan::embedded());
//! let ledger = Ledger::new(plan.clone());
//! let fingerprints = Fingerprints::of(EMBEDDED_PLAN_JSON.as_bytes(), b"{}", b"{}");
//! let report = annual_report(&plan, &ledger, &AnnualOptions::new(2010, fingerprints)).unwrap();
//! assert_eq!(report.year, "2010");
//! assert_eq!(report.axes.len(), 5);
//! ```

mod annual;
mod common;
mod evaluation;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::evaluate::{evaluate_many, Config, EvaluateError, Scorecard};
use crate::ledger::Ledger;
use crate::plan::Plan;
use crate::public::{PublicConfig, PublicError, PublicView};

#[allow(unused_imports)] // the links of the module documentation
use crate::public::Published;

pub use annual::{
    annual_report, Annex, AnnualOptions, AnnualReport, AnnualSummary, AuditShownSummary,
    BandTransition, Downloads, Institutions, Method,
};
pub use common::{
    ActionEntry, Alert, AlertKind, AnnexEntity, AuditShown, AxisChapter, DataNoteEntry,
    DimensionTable, DimensionTableRow, GoalEntry, IndicatorEntry, ItemEntry, LineEntry,
    MilestoneEntry, PlanCounts, PlanSummary, PlazoBar, RankingEntry, ReportEntry, ReportingCount,
    ReportingGrid, ReportingGridRow, SensitiveTable, ShownThreshold, StatusCounts, TextIndicator,
    TrendLine, TrendPointEntry,
};
pub use evaluation::{
    biannual_evaluation, DataGap, EvaluationOptions, EvaluationReport, FollowUpEntry,
    InstitutionFollowUp, NodeChange, RecommendationEntry, ReportingYear, WindowTargetEntry,
};

/// The SHA-256 of the plan, ledger and configuration bytes a document was
/// made from, as lowercase hexadecimal: printed on the cover, so that anyone
/// holding the same files can re-run the document and get the same bytes.
///
/// ```
/// use seguimiento::Fingerprints;
/// let f = Fingerprints::of(b"", b"abc", b"{}");
/// assert_eq!(f.plan, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
/// assert_eq!(f.ledger, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fingerprints {
    /// SHA-256 of the plan's bytes.
    pub plan: String,
    /// SHA-256 of the ledger's bytes (every file read, in order, concatenated).
    pub ledger: String,
    /// SHA-256 of the configuration's bytes.
    pub config: String,
}

impl Fingerprints {
    /// The fingerprints of the bytes as given.
    pub fn of(plan: &[u8], ledger: &[u8], config: &[u8]) -> Fingerprints {
        Fingerprints {
            plan: sha256_hex(plan),
            ledger: sha256_hex(ledger),
            config: sha256_hex(config),
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Why a document could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The year (or the first year of the evaluation) is outside the plan.
    #[error("year {year} is outside the plan's years {first}-{last}")]
    YearOutsidePlan {
        /// The year asked for.
        year: i32,
        /// The plan's first year.
        first: i32,
        /// The plan's last year.
        last: i32,
    },
    /// The plan has no plazo, so no year to report on.
    #[error("the plan has no plazo, so no year to report on")]
    NoYears,
    /// An evaluation's period is neither two consecutive years nor the
    /// plan's whole period (the final evaluation).
    #[error("an evaluation covers two consecutive years, or the plan's whole period, not {first}-{last}")]
    NotABiennium {
        /// The first year given.
        first: i32,
        /// The last year given.
        last: i32,
    },
    /// An evaluation failed.
    #[error(transparent)]
    Evaluate(#[from] EvaluateError),
    /// A public view could not be built (the release of one year end).
    #[error(transparent)]
    Public(#[from] PublicError),
}

/// The public release of one year end, with the scorecard it protects.
pub(crate) struct YearRelease {
    /// The year.
    pub(crate) year: i32,
    /// The scorecard at 31 December.
    pub(crate) card: Scorecard,
    /// Its public view.
    pub(crate) view: PublicView,
}

/// The plan's first and last years, `last_year` checked to be within them.
pub(crate) fn plan_years(plan: &Plan, last_year: i32) -> Result<(i32, i32), DocumentError> {
    let (first, last) = plan.horizon().ok_or(DocumentError::NoYears)?;
    if last_year < first || last_year > last {
        return Err(DocumentError::YearOutsidePlan {
            year: last_year,
            first,
            last,
        });
    }
    Ok((first, last))
}

/// The year ends of `first..=last` evaluated and released in a chain: each
/// release given the patterns and published values of those before it.
pub(crate) fn releases(
    plan: &Plan,
    ledger: &Ledger,
    first: i32,
    last: i32,
    config: &Config,
    k: u32,
) -> Result<Vec<YearRelease>, DocumentError> {
    let dates: Vec<NaiveDate> = (first..=last).map(year_end).collect();
    let cards = evaluate_many(plan, ledger, &dates, config)?;
    let mut out: Vec<YearRelease> = Vec::with_capacity(cards.len());
    let mut patterns = Vec::new();
    let mut published = BTreeMap::new();
    for (year, card) in (first..=last).zip(cards) {
        let mut public = PublicConfig::new(format!("{year}-annual"));
        public.k = k;
        public.earlier_patterns.clone_from(&patterns);
        public.earlier_published.clone_from(&published);
        let view = PublicView::build(plan, ledger, &card, &public)?;
        patterns.push(view.pattern.clone());
        published.extend(view.published_values());
        out.push(YearRelease { year, card, view });
    }
    Ok(out)
}

/// 31 December of `year` (years come from a validated plan's horizon, so
/// the date exists).
pub(crate) fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}
