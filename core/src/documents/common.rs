//! The sections both documents share, and the builders that lay them out
//! from a year's release.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::YearRelease;
use crate::evaluate::{Band, Config, MilestoneState, ReportStatus, Status};
use crate::ledger::ReportKind;
use crate::plan::{Action, Axis, EntityKind, Indicator, Measure, Plan};
use crate::public::{PublicExplanation, PublicItem, PublicNode, PublicView, Published};
use crate::score::Score;

/// The plan as a cover names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSummary {
    /// The plan's id.
    pub id: String,
    /// Its full title, verbatim.
    pub title: String,
    /// The coordinator's registry code.
    pub coordinator: String,
    /// The coordinator's full name, as the registry writes it.
    pub coordinator_name: String,
    /// The plan's first year.
    pub first_year: i32,
    /// Its last year.
    pub last_year: i32,
    /// How many of each level, and of institutions in the registry.
    pub counts: PlanCounts,
}

/// The plan in numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlanCounts {
    /// Axes.
    pub axes: usize,
    /// Lines of intervention.
    pub lines: usize,
    /// Goals.
    pub goals: usize,
    /// Strategic actions.
    pub actions: usize,
    /// Indicators.
    pub indicators: usize,
    /// Entities of the registry that are institutions.
    pub institutions: usize,
}

/// Where a band starts, for the charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ShownThreshold {
    /// The lowest score of the band, as exact text.
    #[serde(serialize_with = "ser_decimal")]
    pub at: Decimal,
    /// The band.
    pub band: Band,
}

/// How many actions stand in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    /// Completed.
    pub completed: usize,
    /// In progress.
    pub in_progress: usize,
    /// With an overdue milestone.
    pub overdue: usize,
    /// Not started.
    pub not_started: usize,
}

impl StatusCounts {
    fn add(&mut self, status: Status) {
        match status {
            Status::Completed => self.completed += 1,
            Status::Overdue => self.overdue += 1,
            Status::NotStarted => self.not_started += 1,
            _ => self.in_progress += 1,
        }
    }
}

/// The kind of an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// An axis in red.
    RedAxis,
    /// A milestone not achieved by its due date.
    OverdueMilestone,
    /// Reports of the year not submitted.
    MissingReports,
    /// An indicator with a target due and no data.
    NoData,
}

/// A challenge the document points out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    /// What kind.
    pub kind: AlertKind,
    /// The plan node (axis or indicator), if about one.
    pub node: Option<String>,
    /// The institution, for missing reports.
    pub institution: Option<String>,
    /// How many reports are missing.
    pub count: Option<usize>,
}

/// One result of an indicator: a target with its value and achievement, or
/// a milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemEntry {
    /// Its position in the indicator's explanation (the public view's).
    pub index: usize,
    /// `target` or `milestone`.
    pub kind: &'static str,
    /// A target's period (`2010`, `2007/2017`).
    pub period: Option<String>,
    /// A target's entity, if any.
    pub entity: Option<String>,
    /// B, the plan's figure.
    pub baseline: Option<String>,
    /// T, the plan's figure.
    pub target: Option<String>,
    /// T′ of a window target.
    pub on_track_target: Option<String>,
    /// A, published or confidential; `None`: no data.
    pub value: Option<Published<String>>,
    /// a, published or confidential; `None`: not scored.
    pub achievement: Option<Published<Score>>,
    /// A target's note code (`scored`, `not_due`, …).
    pub note: Option<&'static str>,
    /// A milestone's due date.
    pub due: Option<NaiveDate>,
    /// When a milestone was achieved, as known.
    pub achieved_on: Option<NaiveDate>,
    /// A milestone's state.
    pub state: Option<MilestoneState>,
}

/// An indicator with its results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorEntry {
    /// Its id.
    pub id: String,
    /// Its text, verbatim.
    pub text: String,
    /// Its measure.
    pub measure: Measure,
    /// Whether its counts are sensitive (protected).
    pub sensitive: bool,
    /// Where it stands.
    pub status: Status,
    /// Its band.
    pub band: Band,
    /// Its score.
    pub score: Option<Published<Score>>,
    /// Its results up to the document's year.
    pub items: Vec<ItemEntry>,
}

/// A strategic action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionEntry {
    /// Its id.
    pub id: String,
    /// Its text, verbatim.
    pub text: String,
    /// Its plazos as the plan states them.
    pub plazos: Vec<String>,
    /// The responsible entities as the plan writes them.
    pub responsible: Vec<String>,
    /// Where it stands.
    pub status: Status,
    /// Its band.
    pub band: Band,
    /// Its score.
    pub score: Option<Published<Score>>,
    /// Its indicators.
    pub indicators: Vec<IndicatorEntry>,
}

/// A goal and its actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalEntry {
    /// Its id.
    pub id: String,
    /// Its text, verbatim.
    pub text: String,
    /// Its band.
    pub band: Band,
    /// Its score.
    pub score: Option<Published<Score>>,
    /// Its actions.
    pub actions: Vec<ActionEntry>,
}

/// A line of intervention and its goals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineEntry {
    /// Its id.
    pub id: String,
    /// Its text, verbatim.
    pub text: String,
    /// Its band.
    pub band: Band,
    /// Its score.
    pub score: Option<Published<Score>>,
    /// Its goals.
    pub goals: Vec<GoalEntry>,
}

/// A milestone due in the year, or overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MilestoneEntry {
    /// The milestone indicator.
    pub indicator: String,
    /// Its text, verbatim.
    pub text: String,
    /// Its due date.
    pub due: NaiveDate,
    /// When achieved, as known.
    pub achieved_on: Option<NaiveDate>,
    /// Its state.
    pub state: MilestoneState,
}

/// A text indicator (monitoring only, never scored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextIndicator {
    /// Its id.
    pub id: String,
    /// Its text, verbatim.
    pub text: String,
}

/// One axis: its score and its tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AxisChapter {
    /// Its id (`E1`).
    pub id: String,
    /// Its number (`1`).
    pub number: String,
    /// Its text, verbatim.
    pub text: String,
    /// Its score.
    pub score: Option<Published<Score>>,
    /// Its band.
    pub band: Band,
    /// Its coverage (scored actions / actions).
    pub coverage: Score,
    /// Its actions by status.
    pub actions_by_status: StatusCounts,
    /// Its lines of intervention.
    pub lines: Vec<LineEntry>,
    /// Milestones of its indicators due in the year or overdue.
    pub milestones: Vec<MilestoneEntry>,
    /// Its text indicators.
    pub text_indicators: Vec<TextIndicator>,
}

/// One institution in the ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankingEntry {
    /// `institution` or `group`.
    pub group: EntityKind,
    /// Its rank among its kind (`None`: insufficient data).
    pub rank: Option<usize>,
    /// Its registry code.
    pub code: String,
    /// Its score.
    pub score: Option<Published<Score>>,
    /// Its band.
    pub band: Band,
    /// Scored actions / actions.
    pub coverage: Score,
    /// Scored actions.
    pub scored_actions: usize,
    /// Actions it answers for.
    pub actions: usize,
}

/// One institution's reports of one kind due in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportingCount {
    /// The entity's code.
    pub entity: String,
    /// Monthly, semiannual or annual.
    pub kind: ReportKind,
    /// The year.
    pub year: i32,
    /// Reports due by the date, of periods of the year.
    pub expected: usize,
    /// Submitted on time.
    pub on_time: usize,
    /// Submitted late.
    pub late: usize,
    /// Missing.
    pub missing: usize,
}

/// One late or missing report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportEntry {
    /// The entity's code.
    pub entity: String,
    /// Monthly, semiannual or annual.
    pub kind: ReportKind,
    /// The period reported on.
    pub period: String,
    /// Its due date.
    pub due_on: NaiveDate,
    /// When submitted, if late.
    pub submitted_on: Option<NaiveDate>,
    /// Days late (so far, if missing).
    pub days_late: i64,
}

/// One institution's row of the monthly reporting grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportingGridRow {
    /// The entity's code.
    pub entity: String,
    /// One cell per month: `on_time`, `late`, `missing`, `not_due`, or none
    /// (no report expected).
    pub cells: Vec<Option<&'static str>>,
}

/// Monthly reports of a year, institutions × months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportingGrid {
    /// The year.
    pub year: i32,
    /// The months, 1 to 12.
    pub months: Vec<u32>,
    /// One row per institution with monthly reports.
    pub rows: Vec<ReportingGridRow>,
}

/// One row of a protected table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DimensionTableRow {
    /// The category's code (`total` for the margin).
    pub code: String,
    /// Its label as the plan writes it (the code for entities and periods).
    pub label: String,
    /// The public view's key of the value.
    pub key: String,
    /// The count, or confidential.
    pub value: Published<String>,
}

/// A sensitive indicator's counts of a year by one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DimensionTable {
    /// The dimension (`entidad`, `periodo`, `sexo`, `edad`, `etnia`, `departamento`).
    pub dimension: String,
    /// One row per category.
    pub rows: Vec<DimensionTableRow>,
    /// The total of the table the rows come from (their sum, when none is
    /// confidential).
    pub total: Option<DimensionTableRow>,
}

/// A sensitive indicator's protected tables of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SensitiveTable {
    /// The indicator.
    pub indicator: String,
    /// Its text, verbatim.
    pub text: String,
    /// The year.
    pub year: i32,
    /// One table per dimension.
    pub tables: Vec<DimensionTable>,
}

/// The social audit and consistency notes, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditShown {
    /// Differences between the official figure and the verification.
    pub discrepancies: Vec<crate::public::PublicDiscrepancy>,
    /// Totals that differ from the sum of their cells.
    pub consistency: Vec<crate::public::PublicConsistencyNote>,
}

/// One point of the trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPointEntry {
    /// The year.
    pub year: i32,
    /// The score at its end.
    pub score: Option<Published<Score>>,
    /// The band.
    pub band: Band,
}

/// The year-end scores of a node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendLine {
    /// The node (the plan's id, or an axis).
    pub node: String,
    /// Its label: `plan`, or the axis's id.
    pub label: String,
    /// One point per year.
    pub points: Vec<TrendPointEntry>,
}

/// An action's plazo, for the Gantt chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlazoBar {
    /// The action.
    pub action: String,
    /// The plazo as the plan states it.
    pub label: String,
    /// Its first year.
    pub start_year: i32,
    /// Its last year.
    pub end_year: i32,
    /// The action's status.
    pub status: Status,
}

/// An entity of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnexEntity {
    /// Its code.
    pub code: String,
    /// Its full name.
    pub name: String,
    /// Institution or group.
    pub kind: EntityKind,
    /// The entity it depends on, if any.
    pub parent: Option<String>,
}

/// A note on the plan's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataNoteEntry {
    /// The node.
    pub node: String,
    /// What kind of note (`typo`, `plazo_span`, …).
    pub kind: String,
    /// The note, as the plan's data writes it.
    pub note: String,
}

fn ser_decimal<S: serde::Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

pub(crate) fn text(d: Published<Decimal>) -> Published<String> {
    d.map(|d| d.to_string())
}

pub(crate) fn plan_summary(plan: &Plan) -> PlanSummary {
    let doc = plan.document();
    let (first_year, last_year) = plan.horizon().unwrap_or((0, 0));
    let coordinator = plan.coordinator().to_string();
    let coordinator_name = plan
        .entity(&coordinator)
        .map_or_else(|| coordinator.clone(), |e| e.name.clone());
    let mut counts = PlanCounts {
        axes: plan.axes().len(),
        lines: 0,
        goals: 0,
        actions: plan.action_count(),
        indicators: plan.indicator_count(),
        institutions: plan
            .entities()
            .iter()
            .filter(|e| e.kind == EntityKind::Institution)
            .count(),
    };
    for axis in plan.axes() {
        counts.lines += axis.lines.len();
        counts.goals += axis.lines.iter().map(|l| l.goals.len()).sum::<usize>();
    }
    PlanSummary {
        id: doc.id.clone(),
        title: doc.title.clone(),
        coordinator,
        coordinator_name,
        first_year,
        last_year,
        counts,
    }
}

pub(crate) fn thresholds(config: &Config) -> Vec<ShownThreshold> {
    vec![
        ShownThreshold {
            at: config.yellow,
            band: Band::Yellow,
        },
        ShownThreshold {
            at: config.green,
            band: Band::Green,
        },
    ]
}

/// The public view's nodes by id.
pub(crate) struct Nodes<'a>(HashMap<&'a str, &'a PublicNode>);

impl<'a> Nodes<'a> {
    pub(crate) fn of(view: &'a PublicView) -> Nodes<'a> {
        Nodes(view.nodes.iter().map(|n| (n.id.as_str(), n)).collect())
    }

    pub(crate) fn get(&self, id: &str) -> Option<&'a PublicNode> {
        self.0.get(id).copied()
    }

    pub(crate) fn score(&self, id: &str) -> Option<Published<Score>> {
        self.get(id).and_then(|n| n.score)
    }

    pub(crate) fn band(&self, id: &str) -> Band {
        self.get(id).map_or(Band::None, |n| n.band)
    }

    pub(crate) fn status(&self, id: &str) -> Status {
        self.get(id).map_or(Status::Pending, |n| n.status)
    }
}

/// The items of an indicator up to `year` (targets of periods starting by
/// then, every milestone), with their index in the explanation.
pub(crate) fn item_entries(node: &PublicNode, year: i32) -> Vec<ItemEntry> {
    let PublicExplanation::Indicator { items } = &node.explanation else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| match item {
            PublicItem::Target {
                period,
                entity,
                baseline,
                target,
                on_track_target,
                value,
                achievement,
                note,
                ..
            } => (period.year() <= year).then(|| ItemEntry {
                index,
                kind: "target",
                period: Some(period.to_string()),
                entity: entity.clone(),
                baseline: Some(baseline.to_string()),
                target: Some(target.to_string()),
                on_track_target: on_track_target.map(|t| t.to_string()),
                value: value.map(text),
                achievement: *achievement,
                note: Some(note),
                due: None,
                achieved_on: None,
                state: None,
            }),
            PublicItem::Milestone {
                due,
                achieved_on,
                state,
                achievement,
            } => Some(ItemEntry {
                index,
                kind: "milestone",
                period: None,
                entity: None,
                baseline: None,
                target: None,
                on_track_target: None,
                value: None,
                achievement: *achievement,
                note: None,
                due: Some(*due),
                achieved_on: *achieved_on,
                state: Some(*state),
            }),
        })
        .collect()
}

fn indicator_entry(indicator: &Indicator, nodes: &Nodes, year: i32) -> IndicatorEntry {
    let node = nodes.get(&indicator.id);
    IndicatorEntry {
        id: indicator.id.clone(),
        text: indicator.text.clone(),
        measure: indicator.measure,
        sensitive: indicator.sensitive,
        status: nodes.status(&indicator.id),
        band: nodes.band(&indicator.id),
        score: nodes.score(&indicator.id),
        items: node.map(|n| item_entries(n, year)).unwrap_or_default(),
    }
}

fn action_entry(action: &Action, nodes: &Nodes, year: i32) -> ActionEntry {
    ActionEntry {
        id: action.id.clone(),
        text: action.text.clone(),
        plazos: action.plazos.iter().map(|p| p.label.clone()).collect(),
        responsible: action.responsible.iter().map(|r| r.code.clone()).collect(),
        status: nodes.status(&action.id),
        band: nodes.band(&action.id),
        score: nodes.score(&action.id),
        indicators: action
            .indicators
            .iter()
            .map(|i| indicator_entry(i, nodes, year))
            .collect(),
    }
}

/// The number of an axis id (`E3` → `3`).
pub(crate) fn axis_number(id: &str) -> String {
    id.trim_start_matches(|c: char| !c.is_ascii_digit())
        .to_string()
}

pub(crate) fn axis_chapter(axis: &Axis, nodes: &Nodes, year: i32) -> AxisChapter {
    let node = nodes.get(&axis.id);
    let mut actions_by_status = StatusCounts::default();
    let mut milestones = Vec::new();
    let mut text_indicators = Vec::new();
    let lines = axis
        .lines
        .iter()
        .map(|line| LineEntry {
            id: line.id.clone(),
            text: line.text.clone(),
            band: nodes.band(&line.id),
            score: nodes.score(&line.id),
            goals: line
                .goals
                .iter()
                .map(|goal| GoalEntry {
                    id: goal.id.clone(),
                    text: goal.text.clone(),
                    band: nodes.band(&goal.id),
                    score: nodes.score(&goal.id),
                    actions: goal
                        .actions
                        .iter()
                        .map(|action| {
                            actions_by_status.add(nodes.status(&action.id));
                            let entry = action_entry(action, nodes, year);
                            for indicator in &entry.indicators {
                                if indicator.measure == Measure::Text {
                                    text_indicators.push(TextIndicator {
                                        id: indicator.id.clone(),
                                        text: indicator.text.clone(),
                                    });
                                }
                                for item in &indicator.items {
                                    let (Some(due), Some(state)) = (item.due, item.state) else {
                                        continue;
                                    };
                                    if due.year() == year || state == MilestoneState::Overdue {
                                        milestones.push(MilestoneEntry {
                                            indicator: indicator.id.clone(),
                                            text: indicator.text.clone(),
                                            due,
                                            achieved_on: item.achieved_on,
                                            state,
                                        });
                                    }
                                }
                            }
                            entry
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    AxisChapter {
        id: axis.id.clone(),
        number: axis_number(&axis.id),
        text: axis.text.clone(),
        score: node.and_then(|n| n.score),
        band: node.map_or(Band::None, |n| n.band),
        coverage: node.map_or(Score::ZERO, |n| n.coverage),
        actions_by_status,
        lines,
        milestones,
        text_indicators,
    }
}

pub(crate) fn actions_by_status(plan: &Plan, nodes: &Nodes) -> StatusCounts {
    let mut counts = StatusCounts::default();
    for action in plan.actions() {
        counts.add(nodes.status(&action.id));
    }
    counts
}

pub(crate) fn rankings(release: &YearRelease) -> Vec<RankingEntry> {
    let scores: HashMap<&str, Option<Published<Score>>> = release
        .view
        .entities
        .iter()
        .map(|e| (e.code.as_str(), e.score))
        .collect();
    release
        .card
        .rankings
        .iter()
        .map(|r| RankingEntry {
            group: r.group,
            rank: r.rank,
            code: r.code.clone(),
            score: scores.get(r.code.as_str()).copied().flatten(),
            band: r.band,
            coverage: r.coverage,
            scored_actions: r.scored_actions,
            actions: r.actions,
        })
        .collect()
}

fn state_code(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::OnTime => "on_time",
        ReportStatus::Late => "late",
        ReportStatus::Missing => "missing",
    }
}

/// Reports of periods of `year` due by the release's date, per entity and kind.
pub(crate) fn reporting_counts(release: &YearRelease, year: i32) -> Vec<ReportingCount> {
    let mut counts: Vec<ReportingCount> = Vec::new();
    for report in &release.card.reporting_detail {
        if report.period.year() != year {
            continue;
        }
        let position = counts
            .iter()
            .position(|c| c.entity == report.entity && c.kind == report.kind);
        let count = match position {
            Some(i) => &mut counts[i],
            None => {
                counts.push(ReportingCount {
                    entity: report.entity.clone(),
                    kind: report.kind,
                    year,
                    expected: 0,
                    on_time: 0,
                    late: 0,
                    missing: 0,
                });
                let last = counts.len() - 1;
                &mut counts[last]
            }
        };
        count.expected += 1;
        match report.status {
            ReportStatus::OnTime => count.on_time += 1,
            ReportStatus::Late => count.late += 1,
            ReportStatus::Missing => count.missing += 1,
        }
    }
    counts
}

/// The late or the missing reports of periods of `year`.
pub(crate) fn report_list(
    release: &YearRelease,
    year: i32,
    status: ReportStatus,
) -> Vec<ReportEntry> {
    release
        .card
        .reporting_detail
        .iter()
        .filter(|r| r.period.year() == year && r.status == status)
        .map(|r| ReportEntry {
            entity: r.entity.clone(),
            kind: r.kind,
            period: r.period.to_string(),
            due_on: r.due_on,
            submitted_on: r.submitted_on,
            days_late: r.days_late,
        })
        .collect()
}

/// The monthly reports of `year`: a month after the last one due is not
/// yet due; one before the first expected is not expected.
pub(crate) fn reporting_grid(release: &YearRelease, year: i32) -> ReportingGrid {
    let mut rows: Vec<ReportingGridRow> = Vec::new();
    let mut by_entity: BTreeMap<usize, BTreeMap<u32, &'static str>> = BTreeMap::new();
    for report in &release.card.reporting_detail {
        if report.kind != ReportKind::Monthly || report.period.year() != year {
            continue;
        }
        let month = report.period.start().month();
        let row = match rows.iter().position(|r| r.entity == report.entity) {
            Some(i) => i,
            None => {
                rows.push(ReportingGridRow {
                    entity: report.entity.clone(),
                    cells: Vec::new(),
                });
                rows.len() - 1
            }
        };
        by_entity
            .entry(row)
            .or_default()
            .insert(month, state_code(report.status));
    }
    for (i, row) in rows.iter_mut().enumerate() {
        let months = by_entity.remove(&i).unwrap_or_default();
        let first = months.keys().next().copied().unwrap_or(13);
        row.cells = (1..=12)
            .map(|m| match months.get(&m) {
                Some(state) => Some(*state),
                None if m > first => Some("not_due"),
                None => None,
            })
            .collect();
    }
    ReportingGrid {
        year,
        months: (1..=12).collect(),
        rows,
    }
}

/// The protected tables of every sensitive indicator for `year`: its
/// counts by entity and by period (the entity table), and by each other
/// dimension (the cell table's one-way margins; `municipio` left out, its
/// `departamento` shown). Each table's total is its own: the entity table's,
/// or for a dimension of the cells the total of the records given by cell
/// (a record given as a total alone counts in the first, not the second).
pub(crate) fn sensitive_tables(plan: &Plan, view: &PublicView, year: i32) -> Vec<SensitiveTable> {
    let mut out: Vec<SensitiveTable> = Vec::new();
    for indicator in plan.indicators() {
        let entity_table = format!("{}|{year}|entidad", indicator.id);
        let cell_table = format!("{}|{year}|celdas", indicator.id);
        // Each table with whether it comes from the cell table, whose own
        // grand total (the records with cells) is its total.
        let mut tables: Vec<(DimensionTable, bool)> = Vec::new();
        let mut entity_total: Option<DimensionTableRow> = None;
        let mut cells_total: Option<DimensionTableRow> = None;
        for cell in &view.cells {
            let from_cells = cell.table == cell_table;
            if cell.table != entity_table && !from_cells {
                continue;
            }
            let open: Vec<&(String, String)> = cell
                .coordinates
                .iter()
                .filter(|(_, code)| code != "total")
                .collect();
            let row = |code: &str, dimension: &str| DimensionTableRow {
                code: code.to_string(),
                label: label(plan, dimension, code),
                key: cell.key.clone(),
                value: text(cell.value),
            };
            match open.as_slice() {
                [] if from_cells => cells_total = Some(row("total", "")),
                [] => entity_total = Some(row("total", "")),
                [(dimension, code)] => {
                    let own = !from_cells || (dimension != "entidad" && dimension != "periodo");
                    if !own || dimension == "municipio" {
                        continue;
                    }
                    let entry = row(code, dimension);
                    match tables.iter_mut().find(|(t, _)| &t.dimension == dimension) {
                        Some((t, _)) => t.rows.push(entry),
                        None => tables.push((
                            DimensionTable {
                                dimension: dimension.clone(),
                                rows: vec![entry],
                                total: None,
                            },
                            from_cells,
                        )),
                    }
                }
                _ => {}
            }
        }
        if tables.is_empty() {
            continue;
        }
        let tables = tables
            .into_iter()
            .map(|(mut table, from_cells)| {
                table.total = if from_cells {
                    cells_total.clone()
                } else {
                    entity_total.clone()
                };
                table
            })
            .collect();
        out.push(SensitiveTable {
            indicator: indicator.id.clone(),
            text: indicator.text.clone(),
            year,
            tables,
        });
    }
    out
}

fn label(plan: &Plan, dimension: &str, code: &str) -> String {
    if dimension.is_empty() || dimension == "entidad" || dimension == "periodo" {
        return code.to_string();
    }
    plan.dimension_labels(dimension)
        .and_then(|labels| {
            labels
                .into_iter()
                .find(|(c, _)| *c == code)
                .map(|(_, l)| l.to_string())
        })
        .unwrap_or_else(|| code.to_string())
}

pub(crate) fn audit_shown(view: &PublicView) -> AuditShown {
    AuditShown {
        discrepancies: view.discrepancies.clone(),
        consistency: view.consistency.clone(),
    }
}

/// The alerts of a release: red axes, overdue milestones, missing reports
/// of `year` per institution, indicators with a target due and no data.
pub(crate) fn alerts(plan: &Plan, release: &YearRelease, year: i32) -> Vec<Alert> {
    let nodes = Nodes::of(&release.view);
    let mut out = Vec::new();
    for axis in plan.axes() {
        if nodes.band(&axis.id) == Band::Red {
            out.push(Alert {
                kind: AlertKind::RedAxis,
                node: Some(axis.id.clone()),
                institution: None,
                count: None,
            });
        }
    }
    let mut no_data = Vec::new();
    for indicator in plan.indicators() {
        let Some(node) = nodes.get(&indicator.id) else {
            continue;
        };
        let PublicExplanation::Indicator { items } = &node.explanation else {
            continue;
        };
        let overdue = items.iter().any(|i| {
            matches!(
                i,
                PublicItem::Milestone {
                    state: MilestoneState::Overdue,
                    ..
                }
            )
        });
        if overdue {
            out.push(Alert {
                kind: AlertKind::OverdueMilestone,
                node: Some(indicator.id.clone()),
                institution: None,
                count: None,
            });
        }
        let missing = items.iter().any(|i| {
            matches!(i, PublicItem::Target { note, period, .. }
                if period.year() <= year && note.starts_with("no_data"))
        });
        if missing {
            no_data.push(Alert {
                kind: AlertKind::NoData,
                node: Some(indicator.id.clone()),
                institution: None,
                count: None,
            });
        }
    }
    for count in reporting_counts(release, year) {
        if count.missing == 0 {
            continue;
        }
        match out
            .iter_mut()
            .find(|a| a.institution.as_deref() == Some(count.entity.as_str()))
        {
            Some(alert) => *alert.count.get_or_insert(0) += count.missing,
            None => out.push(Alert {
                kind: AlertKind::MissingReports,
                node: None,
                institution: Some(count.entity.clone()),
                count: Some(count.missing),
            }),
        }
    }
    out.extend(no_data);
    out
}

/// The plan's and each axis's year-end scores over the releases.
pub(crate) fn trend(plan: &Plan, releases: &[YearRelease]) -> Vec<TrendLine> {
    let mut ids = vec![(plan.document().id.clone(), "plan".to_string())];
    ids.extend(plan.axes().iter().map(|a| (a.id.clone(), a.id.clone())));
    ids.into_iter()
        .map(|(node, label)| TrendLine {
            points: releases
                .iter()
                .map(|r| {
                    let n = r.view.nodes.iter().find(|n| n.id == node);
                    TrendPointEntry {
                        year: r.year,
                        score: n.and_then(|n| n.score),
                        band: n.map_or(Band::None, |n| n.band),
                    }
                })
                .collect(),
            node,
            label,
        })
        .collect()
}

/// Every action's plazos with the action's status.
pub(crate) fn plazos(plan: &Plan, nodes: &Nodes) -> Vec<PlazoBar> {
    plan.actions()
        .flat_map(|action| {
            action.plazos.iter().map(|p| PlazoBar {
                action: action.id.clone(),
                label: p.label.clone(),
                start_year: p.start_year,
                end_year: p.end_year,
                status: nodes.status(&action.id),
            })
        })
        .collect()
}

pub(crate) fn registry(plan: &Plan) -> Vec<AnnexEntity> {
    plan.entities()
        .iter()
        .map(|e| AnnexEntity {
            code: e.code.clone(),
            name: e.name.clone(),
            kind: e.kind,
            parent: e.parent.clone(),
        })
        .collect()
}

pub(crate) fn data_notes(plan: &Plan) -> Vec<DataNoteEntry> {
    plan.notes()
        .iter()
        .map(|n| DataNoteEntry {
            node: n.node.clone(),
            kind: n.kind.as_str().to_string(),
            note: n.note.clone(),
        })
        .collect()
}
