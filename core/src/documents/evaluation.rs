//! The *Evaluación bianual* of two consecutive years (seed §8).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::common::{self, Nodes};
use super::{
    plan_years, releases, DocumentError, Fingerprints, ItemEntry, MilestoneEntry, PlanSummary,
    ReportingCount, ShownThreshold, YearRelease,
};
use crate::evaluate::{Band, Config, MilestoneState, Status};
use crate::ledger::{FollowUpStatus, Ledger};
use crate::period::Period;
use crate::plan::{Level, Plan};
use crate::public::{PublicExplanation, PublicItem, Published};
use crate::score::Score;

/// What a biannual evaluation is made of, besides the plan and the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvaluationOptions {
    /// The first year evaluated.
    pub first_year: i32,
    /// The last year evaluated (the first plus one).
    pub last_year: i32,
    /// The evaluation settings; its `known_on`, if set, is the knowledge
    /// date of every year end.
    pub config: Config,
    /// The primary threshold of disclosure control (default 11).
    pub k: u32,
    /// The fingerprints printed on the cover.
    pub fingerprints: Fingerprints,
}

impl EvaluationOptions {
    /// The evaluation of `first_year`..=`last_year` with the SPEC's defaults.
    pub fn new(first_year: i32, last_year: i32, fingerprints: Fingerprints) -> EvaluationOptions {
        EvaluationOptions {
            first_year,
            last_year,
            config: Config::default(),
            k: 11,
            fingerprints,
        }
    }
}

/// A node at the start and at the end of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeChange {
    /// The node's id.
    pub id: String,
    /// Its level.
    pub level: Level,
    /// Its text, verbatim.
    pub text: String,
    /// Its score at the start (the end of the year before the period).
    pub start_score: Option<Published<Score>>,
    /// Its band then.
    pub start_band: Band,
    /// Its score at the end of the period.
    pub end_score: Option<Published<Score>>,
    /// Its band then.
    pub end_band: Band,
    /// End minus start, as a fraction (`None` if either is missing).
    pub change: Option<Published<String>>,
    /// Where it stands at the end.
    pub end_status: Status,
}

/// A window target of an indicator, at the end of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WindowTargetEntry {
    /// The indicator.
    pub indicator: String,
    /// Its text, verbatim.
    pub text: String,
    /// The target, with T′, A and a.
    pub item: ItemEntry,
}

/// An indicator with targets due in the period and no data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataGap {
    /// The indicator.
    pub indicator: String,
    /// Its text, verbatim.
    pub text: String,
    /// The periods without data.
    pub periods: Vec<String>,
}

/// Reporting compliance of one year of the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportingYear {
    /// The year.
    pub year: i32,
    /// Per entity and kind.
    pub rows: Vec<ReportingCount>,
}

/// The latest follow-up of a recommendation, as known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpEntry {
    /// The entity reporting.
    pub entity: String,
    /// How far it has got.
    pub status: FollowUpStatus,
    /// The date the status holds on.
    pub on: NaiveDate,
}

/// A recommendation of the previous evaluation and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecommendationEntry {
    /// Its id.
    pub id: String,
    /// The plan node it is about, if any.
    pub node: Option<String>,
    /// What it says, as the evaluation wrote it.
    pub text: String,
    /// When it was issued.
    pub issued_on: NaiveDate,
    /// When it is due, if set.
    pub due: Option<NaiveDate>,
    /// Its latest follow-up by the end of the period, as known.
    pub latest: Option<FollowUpEntry>,
}

/// One institution's recommendations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstitutionFollowUp {
    /// The addressee.
    pub entity: String,
    /// Its recommendations, by id.
    pub recommendations: Vec<RecommendationEntry>,
}

/// The biannual evaluation of two years: every section in the order the
/// document prints them. Built by [`biannual_evaluation`]; rendered by the
/// `seguimiento-report` crate's `evaluation.html`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvaluationReport {
    /// The plan.
    pub plan: PlanSummary,
    /// The first year evaluated.
    pub first_year: i32,
    /// The last year evaluated.
    pub last_year: i32,
    /// The start: 31 December of the year before the period (`None` before
    /// the plan's first year).
    pub start_as_of: Option<NaiveDate>,
    /// The end: 31 December of the last year.
    pub as_of: NaiveDate,
    /// The knowledge date of the end.
    pub known_on: NaiveDate,
    /// The public release of the end.
    pub release: String,
    /// The cover's fingerprints.
    pub fingerprints: Fingerprints,
    /// Where the bands start.
    pub thresholds: Vec<ShownThreshold>,
    /// The plan at the start and at the end.
    pub plan_change: NodeChange,
    /// Every axis at the start and at the end.
    pub axes: Vec<NodeChange>,
    /// Every action at the start and at the end.
    pub actions: Vec<NodeChange>,
    /// The axes and actions whose band changed.
    pub transitions: Vec<NodeChange>,
    /// Window targets at the end of the period.
    pub window_targets: Vec<WindowTargetEntry>,
    /// Milestones due in the period, or overdue at its end.
    pub milestones: Vec<MilestoneEntry>,
    /// Reporting compliance per year of the period.
    pub reporting: Vec<ReportingYear>,
    /// Indicators with targets due in the period and no data.
    pub data_gaps: Vec<DataGap>,
    /// Whether this is the final evaluation (the plan's whole period).
    pub final_evaluation: bool,
    /// The evaluation period whose recommendations are followed up
    /// (`2007/2008` for the 2009–2010 evaluation; the plan's whole period
    /// for the final evaluation, which follows up every earlier one's).
    pub previous_period: String,
    /// The follow-up of the previous evaluation's recommendations (of every
    /// earlier evaluation, in the final one), per institution.
    pub follow_up: Vec<InstitutionFollowUp>,
}

/// The biannual evaluation of `options.first_year`..=`options.last_year`:
/// the plan evaluated at the end of the year before the period (the start)
/// and at the end of its last year, each released through disclosure
/// control in the chain of year-end releases, with the follow-up of the
/// recommendations of the evaluation before it.
///
/// The period is two consecutive years, or the plan's whole period (the
/// final evaluation, 2007–2017 for the embedded plan: no start to compare
/// with, and the follow-up of every earlier evaluation's recommendations).
pub fn biannual_evaluation(
    plan: &Plan,
    ledger: &Ledger,
    options: &EvaluationOptions,
) -> Result<EvaluationReport, DocumentError> {
    let (first, last) = (options.first_year, options.last_year);
    let final_evaluation = plan.horizon() == Some((first, last));
    if last != first.saturating_add(1) && !final_evaluation {
        return Err(DocumentError::NotABiennium { first, last });
    }
    let (plan_first, _) = plan_years(plan, last)?;
    plan_years(plan, first)?;
    let chain = releases(plan, ledger, plan_first, last, &options.config, options.k)?;
    let Some(end) = chain.last() else {
        return Err(DocumentError::NoYears);
    };
    let start = chain.iter().find(|r| r.year == first - 1);
    let end_nodes = Nodes::of(&end.view);
    let start_nodes = start.map(|s| Nodes::of(&s.view));
    let change = |id: &str, level: Level, text: &str| -> NodeChange {
        let start_score = start_nodes.as_ref().and_then(|n| n.score(id));
        let end_score = end_nodes.score(id);
        NodeChange {
            id: id.to_string(),
            level,
            text: text.to_string(),
            start_score,
            start_band: start_nodes.as_ref().map_or(Band::None, |n| n.band(id)),
            end_score,
            end_band: end_nodes.band(id),
            change: difference(end_score, start_score),
            end_status: end_nodes.status(id),
        }
    };
    let doc = plan.document();
    let plan_change = change(&doc.id, Level::Plan, &doc.title);
    let axes: Vec<NodeChange> = plan
        .axes()
        .iter()
        .map(|a| change(&a.id, Level::Axis, &a.text))
        .collect();
    let actions: Vec<NodeChange> = plan
        .actions()
        .map(|a| change(&a.id, Level::Action, &a.text))
        .collect();
    let transitions = axes
        .iter()
        .chain(&actions)
        .filter(|c| start.is_some() && c.start_band != c.end_band)
        .cloned()
        .collect();
    let (window_targets, milestones, data_gaps) = indicator_sections(plan, end, first, last);
    // The final evaluation follows up every evaluation of the plan's years.
    let previous = if final_evaluation {
        Period::Window(first, last)
    } else {
        Period::Window(first - 2, first - 1)
    };
    Ok(EvaluationReport {
        plan: common::plan_summary(plan),
        first_year: first,
        last_year: last,
        start_as_of: start.map(|s| s.card.as_of),
        as_of: end.card.as_of,
        known_on: end.card.known_on,
        release: end.view.release.clone(),
        fingerprints: options.fingerprints.clone(),
        thresholds: common::thresholds(&options.config),
        plan_change,
        axes,
        actions,
        transitions,
        window_targets,
        milestones,
        reporting: (first..=last)
            .map(|year| ReportingYear {
                year,
                rows: common::reporting_counts(end, year),
            })
            .collect(),
        data_gaps,
        final_evaluation,
        previous_period: previous.to_string(),
        follow_up: follow_up(ledger, previous, end.card.as_of, end.card.known_on),
    })
}

/// `end − start` of two published scores.
fn difference(
    end: Option<Published<Score>>,
    start: Option<Published<Score>>,
) -> Option<Published<String>> {
    match (end, start) {
        (Some(Published::Value(e)), Some(Published::Value(s))) => Some(Published::Value(
            (e.to_decimal() - s.to_decimal()).to_string(),
        )),
        (Some(_), Some(_)) => Some(Published::Confidential),
        _ => None,
    }
}

/// The window targets, the milestones of the period and the data gaps, from
/// the end's public view.
fn indicator_sections(
    plan: &Plan,
    end: &YearRelease,
    first: i32,
    last: i32,
) -> (Vec<WindowTargetEntry>, Vec<MilestoneEntry>, Vec<DataGap>) {
    let nodes = Nodes::of(&end.view);
    let mut window_targets = Vec::new();
    let mut milestones = Vec::new();
    let mut gaps = Vec::new();
    for indicator in plan.indicators() {
        let Some(node) = nodes.get(&indicator.id) else {
            continue;
        };
        let PublicExplanation::Indicator { items } = &node.explanation else {
            continue;
        };
        let entries = common::item_entries(node, last);
        let mut gap_periods = Vec::new();
        for entry in &entries {
            let Some(item) = items.get(entry.index) else {
                continue;
            };
            match item {
                PublicItem::Target {
                    period,
                    on_track_target,
                    note,
                    ..
                } => {
                    if on_track_target.is_some() {
                        window_targets.push(WindowTargetEntry {
                            indicator: indicator.id.clone(),
                            text: indicator.text.clone(),
                            item: entry.clone(),
                        });
                    }
                    let in_period = period.year() <= last && period.end().year() >= first;
                    if in_period && note.starts_with("no_data") {
                        gap_periods.push(period.to_string());
                    }
                }
                PublicItem::Milestone {
                    due,
                    achieved_on,
                    state,
                    ..
                } => {
                    let due_in_period = (first..=last).contains(&due.year());
                    if due_in_period || *state == MilestoneState::Overdue {
                        milestones.push(MilestoneEntry {
                            indicator: indicator.id.clone(),
                            text: indicator.text.clone(),
                            due: *due,
                            achieved_on: *achieved_on,
                            state: *state,
                        });
                    }
                }
            }
        }
        if !gap_periods.is_empty() {
            gaps.push(DataGap {
                indicator: indicator.id.clone(),
                text: indicator.text.clone(),
                periods: gap_periods,
            });
        }
    }
    (window_targets, milestones, gaps)
}

/// The recommendations of evaluations within `previous` and their latest follow-up by
/// `as_of`, as known on `known_on` (a record recorded later is not seen;
/// a later record with a recommendation's id revises it), per addressee.
fn follow_up(
    ledger: &Ledger,
    previous: Period,
    as_of: NaiveDate,
    known_on: NaiveDate,
) -> Vec<InstitutionFollowUp> {
    let known = |recorded_on: Option<NaiveDate>| recorded_on.is_none_or(|r| r <= known_on);
    let batch = ledger.export();
    let mut latest_revision: BTreeMap<&str, &crate::ledger::Recommendation> = BTreeMap::new();
    for r in &batch.recommendations {
        if known(r.recorded_on) {
            latest_revision.insert(r.id.as_str(), r);
        }
    }
    let mut by_entity: BTreeMap<&str, Vec<RecommendationEntry>> = BTreeMap::new();
    for r in latest_revision.values() {
        if !previous.contains(&r.evaluation) {
            continue;
        }
        let latest = batch
            .follow_ups
            .iter()
            .filter(|f| f.recommendation == r.id && f.on <= as_of && known(f.recorded_on))
            .max_by_key(|f| f.on)
            .map(|f| FollowUpEntry {
                entity: f.entity.clone(),
                status: f.status,
                on: f.on,
            });
        by_entity
            .entry(r.entity.as_str())
            .or_default()
            .push(RecommendationEntry {
                id: r.id.clone(),
                node: r.node.clone(),
                text: r.text.clone(),
                issued_on: r.issued_on,
                due: r.due,
                latest,
            });
    }
    by_entity
        .into_iter()
        .map(|(entity, recommendations)| InstitutionFollowUp {
            entity: entity.to_string(),
            recommendations,
        })
        .collect()
}
