//! The *Informe de avance anual* of year Y (seed §8 b).

use chrono::NaiveDate;
use serde::Serialize;

use super::common::{self, Nodes};
use super::{
    plan_years, releases, Alert, AnnexEntity, AuditShown, AxisChapter, DataNoteEntry,
    DocumentError, Fingerprints, PlanSummary, PlazoBar, RankingEntry, ReportEntry, ReportingCount,
    ReportingGrid, SensitiveTable, ShownThreshold, StatusCounts, TrendLine,
};
use crate::disclosure::AuditSummary;
use crate::evaluate::{Band, Config, ReportStatus};
use crate::ledger::Ledger;
use crate::plan::Plan;
use crate::public::Published;
use crate::score::Score;

/// What an annual report is made of, besides the plan and the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnualOptions {
    /// The year reported on (evaluated at 31 December, and the year before
    /// it for the changes).
    pub year: i32,
    /// The evaluation settings. Its `known_on`, if set, is the knowledge
    /// date of every year end; if not, each year end is its own.
    pub config: Config,
    /// The primary threshold of disclosure control (default 11).
    pub k: u32,
    /// The fingerprints printed on the cover.
    pub fingerprints: Fingerprints,
}

impl AnnualOptions {
    /// The report of `year` with the SPEC's defaults.
    pub fn new(year: i32, fingerprints: Fingerprints) -> AnnualOptions {
        AnnualOptions {
            year,
            config: Config::default(),
            k: 11,
            fingerprints,
        }
    }
}

/// A node whose band changed since the year before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BandTransition {
    /// The node.
    pub node: String,
    /// Its band a year before.
    pub before: Band,
    /// Its band now.
    pub after: Band,
}

/// The executive summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnualSummary {
    /// The plan's score at the year end.
    pub score: Option<Published<Score>>,
    /// Its band.
    pub band: Band,
    /// The plan's score a year before.
    pub previous_score: Option<Published<Score>>,
    /// Its band then.
    pub previous_band: Band,
    /// The change of the plan's score, as a fraction (`None` if either is
    /// missing, confidential if either is).
    pub change: Option<Published<String>>,
    /// The axes whose band changed.
    pub transitions: Vec<BandTransition>,
    /// Actions by status, the whole plan.
    pub actions_by_status: StatusCounts,
    /// The first alerts of the challenges.
    pub top_alerts: Vec<Alert>,
}

/// The scoring rules in force, for the method chapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Method {
    /// Whether a due target without data scores 0.
    pub missing_data_is_zero: bool,
    /// The late credit of a milestone.
    pub late_credit: String,
    /// Days of grace after a period before its report is due.
    pub grace_days: u32,
    /// The lowest coverage for an entity to be ranked.
    pub min_rank_coverage: String,
    /// The primary threshold of disclosure control.
    pub k: u32,
}

/// The institutions chapter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Institutions {
    /// The ranking, institutions then groups.
    pub ranking: Vec<RankingEntry>,
    /// Reports of the year's periods, per entity and kind.
    pub reporting: Vec<ReportingCount>,
    /// Monthly reports of the year, institutions × months.
    pub grid: ReportingGrid,
    /// Reports submitted late.
    pub late: Vec<ReportEntry>,
    /// Reports missing.
    pub missing: Vec<ReportEntry>,
}

/// The annexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annex {
    /// The plan's data notes.
    pub data_notes: Vec<DataNoteEntry>,
    /// The registry of institutions and groups.
    pub registry: Vec<AnnexEntity>,
    /// Disclosure control's audit summary of the year's release.
    pub disclosure: AuditShownSummary,
    /// The year's public release itself, to download from the document.
    pub downloads: Downloads,
}

/// The public release of the document's year in the formats a reader can
/// take away: the very values the document shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Downloads {
    /// The release's JSON (compact).
    pub json: String,
    /// One row per controlled value.
    pub csv: String,
    /// SDMX-CSV 2.0.
    pub sdmx_csv: String,
}

impl Downloads {
    fn of(view: &crate::public::PublicView) -> Downloads {
        let mut json = serde_json::to_string(view).unwrap_or_default();
        json.push('\n');
        Downloads {
            json,
            csv: view.to_csv(),
            sdmx_csv: view.to_sdmx_csv(),
        }
    }
}

/// The audit summary as a report prints it: how many values, how many
/// published and how many confidential (primary and secondary alike).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditShownSummary {
    /// The release's name.
    pub release: String,
    /// The primary threshold.
    pub k: u32,
    /// Values in the release.
    pub values: usize,
    /// Published.
    pub published: usize,
    /// Confidential.
    pub confidential: usize,
}

impl AuditShownSummary {
    fn of(release: &str, summary: &AuditSummary) -> AuditShownSummary {
        AuditShownSummary {
            release: release.to_string(),
            k: summary.k,
            values: summary.values,
            published: summary.published,
            confidential: summary.primary + summary.secondary,
        }
    }
}

/// The annual report of one year: every section in the order the document
/// prints them. Built by [`annual_report`]; rendered by the
/// `seguimiento-report` crate's `annual.html`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnualReport {
    /// The plan.
    pub plan: PlanSummary,
    /// The year, as text (a year gets no thousands separator).
    pub year: String,
    /// The year before, as text.
    pub previous_year: String,
    /// The evaluation date (31 December of the year).
    pub as_of: NaiveDate,
    /// The knowledge date of the year end.
    pub known_on: NaiveDate,
    /// The public release's name.
    pub release: String,
    /// The cover's fingerprints.
    pub fingerprints: Fingerprints,
    /// Where the bands start.
    pub thresholds: Vec<ShownThreshold>,
    /// The executive summary.
    pub summary: AnnualSummary,
    /// The method.
    pub method: Method,
    /// One chapter per axis.
    pub axes: Vec<AxisChapter>,
    /// Institutions: ranking and reporting.
    pub institutions: Institutions,
    /// Victims and the State's response: the protected tables of the year.
    pub victims: Vec<SensitiveTable>,
    /// Complementary verification and social audit.
    pub audit: AuditShown,
    /// Every alert.
    pub challenges: Vec<Alert>,
    /// Year-end scores from the plan's first year to this one.
    pub year_scores: Vec<TrendLine>,
    /// Every action's plazos.
    pub plazos: Vec<PlazoBar>,
    /// The annexes.
    pub annex: Annex,
}

/// How many alerts the executive summary shows.
const TOP_ALERTS: usize = 5;

/// The annual report of `options.year`: the plan evaluated at the year's
/// end and at the end of the year before (same knowledge-date rule), each
/// released through disclosure control in the chain of year-end releases
/// (see the module documentation of `seguimiento::documents`).
pub fn annual_report(
    plan: &Plan,
    ledger: &Ledger,
    options: &AnnualOptions,
) -> Result<AnnualReport, DocumentError> {
    let year = options.year;
    let (first, _) = plan_years(plan, year)?;
    let chain = releases(plan, ledger, first, year, &options.config, options.k)?;
    let Some(now) = chain.last() else {
        return Err(DocumentError::NoYears);
    };
    let before = chain.len().checked_sub(2).map(|i| &chain[i]);
    let nodes = Nodes::of(&now.view);
    let previous = before.map(|b| Nodes::of(&b.view));
    let plan_id = &plan.document().id;

    let transitions = match &previous {
        Some(prev) => plan
            .axes()
            .iter()
            .filter(|a| prev.band(&a.id) != nodes.band(&a.id))
            .map(|a| BandTransition {
                node: a.id.clone(),
                before: prev.band(&a.id),
                after: nodes.band(&a.id),
            })
            .collect(),
        None => Vec::new(),
    };
    let score = nodes.score(plan_id);
    let previous_score = previous.as_ref().and_then(|p| p.score(plan_id));
    let change = match (score, previous_score) {
        (Some(Published::Value(now)), Some(Published::Value(then))) => Some(Published::Value(
            (now.to_decimal() - then.to_decimal()).to_string(),
        )),
        (Some(_), Some(_)) => Some(Published::Confidential),
        _ => None,
    };
    let challenges = common::alerts(plan, now, year);
    let config = &options.config;
    Ok(AnnualReport {
        plan: common::plan_summary(plan),
        year: year.to_string(),
        previous_year: (year - 1).to_string(),
        as_of: now.card.as_of,
        known_on: now.card.known_on,
        release: now.view.release.clone(),
        fingerprints: options.fingerprints.clone(),
        thresholds: common::thresholds(config),
        summary: AnnualSummary {
            score,
            band: nodes.band(plan_id),
            previous_score,
            previous_band: previous.as_ref().map_or(Band::None, |p| p.band(plan_id)),
            change,
            transitions,
            actions_by_status: common::actions_by_status(plan, &nodes),
            top_alerts: challenges.iter().take(TOP_ALERTS).cloned().collect(),
        },
        method: Method {
            missing_data_is_zero: config.missing_data_is_zero,
            late_credit: config.late_credit.to_string(),
            grace_days: config.grace_days,
            min_rank_coverage: config.min_rank_coverage.to_string(),
            k: options.k,
        },
        axes: plan
            .axes()
            .iter()
            .map(|a| common::axis_chapter(a, &nodes, year))
            .collect(),
        institutions: Institutions {
            ranking: common::rankings(now),
            reporting: common::reporting_counts(now, year),
            grid: common::reporting_grid(now, year),
            late: common::report_list(now, year, ReportStatus::Late),
            missing: common::report_list(now, year, ReportStatus::Missing),
        },
        victims: common::sensitive_tables(plan, &now.view, year),
        audit: common::audit_shown(&now.view),
        challenges,
        year_scores: common::trend(plan, &chain),
        plazos: common::plazos(plan, &nodes),
        annex: Annex {
            data_notes: common::data_notes(plan),
            registry: common::registry(plan),
            disclosure: AuditShownSummary::of(&now.view.release, &now.view.audit),
            downloads: Downloads::of(&now.view),
        },
    })
}
