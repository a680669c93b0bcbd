//! The scorecard: typed results of an evaluation and their JSON (SPEC §4).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::ledger::ReportKind;
use crate::names::names;
use crate::period::Period;
use crate::plan::{EntityKind, Level};
use crate::score::Score;

/// An optional decimal as its exact text (`None` is skipped or null).
fn ser_opt_decimal<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

names! {
    /// The semáforo.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Band ("band") {
        /// On track (≥ 0.90 by default).
        Green = "green",
        /// Progress (≥ 0.60 by default).
        Yellow = "yellow",
        /// Not on track.
        Red = "red",
        /// No score.
        None = "none",
    }
}

impl Band {
    /// The bands that rank a score, lowest first: red < yellow < green. `none`
    /// has no rank: it says there is no score. Tables carry this order in
    /// their band columns, so that a DataFrame sorts and compares bands as
    /// ranks rather than alphabetically.
    pub const RANKED: &'static [Band] = &[Band::Red, Band::Yellow, Band::Green];
}

impl crate::names::Ranked for Band {
    const RANKING: &'static [&'static str] = &[
        Band::RANKED[0].as_str(),
        Band::RANKED[1].as_str(),
        Band::RANKED[2].as_str(),
    ];
}

names! {
    /// Where a node stands as of the evaluation date.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Status ("status") {
        /// Indicator or aggregate with a score.
        Scored = "scored",
        /// Indicator or aggregate with nothing to score yet.
        Pending = "pending",
        /// Indicator without any target: monitoring only.
        NoTarget = "no_target",
        /// Text indicator: never scored.
        Text = "text",
        /// Action: the date is before every plazo starts.
        NotStarted = "not_started",
        /// Action: one of its milestones is overdue.
        Overdue = "overdue",
        /// Action: every plazo has ended and every milestone was achieved.
        Completed = "completed",
        /// Action: anything else.
        InProgress = "in_progress",
    }
}

names! {
    /// How a milestone stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum MilestoneState ("milestone state") {
        /// Achieved by its due date: 1.
        OnTime = "on_time",
        /// Achieved after its due date: the late credit.
        Late = "late",
        /// Not achieved, due date passed: 0.
        Overdue = "overdue",
        /// Not achieved, not yet due: not scored.
        Pending = "pending",
    }
}

names! {
    /// Which way a target points from its baseline.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Direction ("direction") {
        /// The target is above its baseline.
        Increase = "increase",
        /// The target is below its baseline.
        Reduce = "reduce",
    }
}

/// Why a target item is or is not scored: a stable code (see
/// [`TargetNote::code`]) with typed parameters. Its words (and its JSON, a
/// string) are rendered from them:
///
/// ```
/// use seguimiento::{Direction, TargetNote};
/// let note = TargetNote::Scored { direction: Direction::Reduce };
/// assert_eq!(note.code(), "scored");
/// assert_eq!(note.to_string(), "scored (reduce target)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetNote {
    /// A window target before the first month of its window has ended.
    NoMonthEnded {
        /// The window.
        window: Period,
    },
    /// A year target before its period has ended.
    NotDue {
        /// The period's last day.
        due: NaiveDate,
    },
    /// Due without any data, scored 0 (`missing_data_is_zero`).
    NoDataScoredZero,
    /// Due without any data, not scored.
    NoDataNotScored,
    /// Scored.
    Scored {
        /// Whether the target is an increase or a reduction.
        direction: Direction,
    },
}

impl TargetNote {
    /// The note's stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            TargetNote::NoMonthEnded { .. } => "no_month_ended",
            TargetNote::NotDue { .. } => "not_due",
            TargetNote::NoDataScoredZero => "no_data_scored_zero",
            TargetNote::NoDataNotScored => "no_data_not_scored",
            TargetNote::Scored { .. } => "scored",
        }
    }
}

impl Serialize for TargetNote {
    /// As its words: the scorecard JSON shows the sentence.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Records of an item that exist in the ledger but were recorded after the
/// knowledge date, so that the item has no visible data (SPEC §3): a stable
/// code (`recorded_after_known_on`) with typed parameters; its JSON is its
/// words.
///
/// ```
/// use seguimiento::RecordedLater;
/// let note = RecordedLater { records: 3, known_on: "2008-12-31".parse().unwrap() };
/// assert_eq!(note.code(), "recorded_after_known_on");
/// assert_eq!(note.to_string(), "3 records recorded after known_on (2008-12-31)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RecordedLater {
    /// How many records (revisions included) of the item were recorded
    /// after the knowledge date.
    pub records: usize,
    /// The knowledge date.
    pub known_on: NaiveDate,
}

impl RecordedLater {
    /// The note's stable snake_case code.
    pub fn code(&self) -> &'static str {
        "recorded_after_known_on"
    }
}

impl Serialize for RecordedLater {
    /// As its words, like the other notes of the scorecard JSON.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One scored (or not yet scored) item of an indicator, with its inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    /// A target for a year or for the indicator's whole window.
    Target {
        /// `2009` or `2007/2017`.
        period: Period,
        /// The target's entity, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        entity: Option<String>,
        /// B.
        baseline: Decimal,
        /// T.
        target: Decimal,
        /// Window targets: months of the window ended by the date (m).
        #[serde(skip_serializing_if = "Option::is_none")]
        months_ended: Option<i64>,
        /// Window targets: months in the window (M).
        #[serde(skip_serializing_if = "Option::is_none")]
        months: Option<i64>,
        /// Window targets: the on-track target T' = B + (T − B)·m/M, rounded
        /// to 6 decimals (in the indicator's unit: not a score).
        #[serde(
            skip_serializing_if = "Option::is_none",
            serialize_with = "ser_opt_decimal"
        )]
        on_track_target: Option<Decimal>,
        /// A, the period value (`None`: no data).
        value: Option<Decimal>,
        /// a (`None`: not scored).
        achievement: Option<Score>,
        /// Why it is or is not scored.
        note: TargetNote,
        /// Without visible data: the records of the item recorded after
        /// the knowledge date, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        recorded_later: Option<RecordedLater>,
    },
    /// A milestone indicator's date.
    Milestone {
        /// 31 December of its plazo's end year.
        due: NaiveDate,
        /// When it was achieved, as known on the date.
        achieved_on: Option<NaiveDate>,
        /// On time, late, overdue or pending.
        state: MilestoneState,
        /// 1, the late credit, 0, or `None` while pending.
        achievement: Option<Score>,
        /// Without a visible milestone record: those recorded after the
        /// knowledge date, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        recorded_later: Option<RecordedLater>,
    },
}

impl Item {
    /// Without visible data: its records recorded after the knowledge date.
    pub fn recorded_later(&self) -> Option<RecordedLater> {
        match self {
            Item::Target { recorded_later, .. } | Item::Milestone { recorded_later, .. } => {
                *recorded_later
            }
        }
    }

    /// The item's achievement, if scored.
    pub fn achievement(&self) -> Option<Score> {
        match self {
            Item::Target { achievement, .. } | Item::Milestone { achievement, .. } => *achievement,
        }
    }
}

/// A child's part in its parent's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildScore {
    /// The child's id.
    pub id: String,
    /// Its score (`None`: not scored, so not in the mean).
    pub score: Option<Score>,
    /// Its weight.
    pub weight: Decimal,
}

/// Why a node has its score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Explanation {
    /// An indicator: the mean of its scored items.
    Indicator {
        /// Every item, scored or not.
        items: Vec<Item>,
    },
    /// An aggregate: the weighted mean of its children that have a score.
    Children {
        /// Every child, with its score and weight.
        children: Vec<ChildScore>,
    },
}

/// The score of one node of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeScore {
    /// The node's id (the plan's id for the plan node).
    pub id: String,
    /// Its level.
    pub level: Level,
    /// Score in [0, 1], 6 decimals; `None` if nothing beneath is scored.
    pub score: Option<Score>,
    /// The semáforo.
    pub band: Band,
    /// Scored actions / actions beneath (for an indicator: 1 if scored, else 0).
    pub coverage: Score,
    /// Where it stands.
    pub status: Status,
    /// The inputs of its score.
    pub explanation: Explanation,
}

/// One institution's scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntityScore {
    /// The registry code.
    pub code: String,
    /// Mean score of its scored actions.
    pub score: Option<Score>,
    /// The semáforo.
    pub band: Band,
    /// Actions for which it or one of its dependencies is responsible.
    pub actions: usize,
    /// How many of them have a score.
    pub scored_actions: usize,
    /// Ids of those that are overdue.
    pub overdue: Vec<String>,
}

names! {
    /// Whether an entity of the rankings is ranked.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Standing ("standing") {
        /// Its coverage reaches `min_rank_coverage`: ranked by its score.
        Ranked = "ranked",
        /// Too few of its actions are scored (or none): listed after the
        /// ranked ones, not ranked.
        InsufficientData = "insufficient_data",
    }
}

/// One entity's place in the rankings: institutions and groups are ranked
/// separately, and only entities whose coverage reaches
/// `min_rank_coverage` are ranked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankedEntity {
    /// Institution or group: each is ranked among its own kind.
    pub group: EntityKind,
    /// 1 for the best score of its group; equal scores share a rank, and
    /// the next rank skips (1, 2, 2, 4). `None`: not ranked.
    pub rank: Option<usize>,
    /// The registry code.
    pub code: String,
    /// Mean score of its scored actions.
    pub score: Option<Score>,
    /// The semáforo.
    pub band: Band,
    /// Scored actions / actions (rounded to 6 decimals, like every score).
    pub coverage: Score,
    /// How many of its actions have a score.
    pub scored_actions: usize,
    /// Actions for which it or one of its dependencies is responsible.
    pub actions: usize,
    /// Ranked, or listed for insufficient data.
    pub standing: Standing,
}

/// Reporting compliance of one entity for one kind of report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportingRow {
    /// The entity's code.
    pub entity: String,
    /// Monthly, semiannual or annual.
    pub kind: ReportKind,
    /// Periods whose report was due by the date.
    pub expected: usize,
    /// Submitted by the due date.
    pub on_time: usize,
    /// Submitted after the due date, by the date.
    pub late: usize,
    /// Not submitted by the date.
    pub missing: usize,
    /// (on_time + late) / expected.
    pub rate: Score,
    /// on_time / expected.
    pub timeliness: Score,
    /// The periods not submitted.
    pub missing_periods: Vec<Period>,
}

names! {
    /// How an expected report stands by the scoring date.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum ReportStatus ("report status") {
        /// Submitted by its due date.
        OnTime = "on_time",
        /// Submitted after its due date, by the scoring date.
        Late = "late",
        /// Not submitted by the scoring date.
        Missing = "missing",
    }
}

/// One expected report: a period of an obligation whose report was due
/// (period end + `grace_days`) by the scoring date, and how it stands —
/// the rows that a [`ReportingRow`] counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedReport {
    /// The entity's code.
    pub entity: String,
    /// Monthly, semiannual or annual.
    pub kind: ReportKind,
    /// The period reported on.
    pub period: Period,
    /// The period's end plus the grace days.
    pub due_on: NaiveDate,
    /// The earliest submission on or before the scoring date, if any.
    pub submitted_on: Option<NaiveDate>,
    /// On time, late or missing.
    pub status: ReportStatus,
    /// Days after the due date: to the submission if late, to the scoring
    /// date if missing (late so far); 0 if on time.
    pub days_late: i64,
}

/// A verification value that differs from the official one by more than the tolerance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discrepancy {
    /// Indicator id.
    pub indicator: String,
    /// Period.
    pub period: Period,
    /// Reporting entity.
    pub entity: String,
    /// The cell (empty: the total).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub cell: BTreeMap<String, String>,
    /// The official value.
    pub official: Decimal,
    /// The verification value.
    pub verification: Decimal,
}

/// A total that differs from the sum of its own cells (the total is what counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsistencyNote {
    /// Indicator id.
    pub indicator: String,
    /// Period.
    pub period: Period,
    /// Reporting entity.
    pub entity: String,
    /// The reported total.
    pub total: Decimal,
    /// The sum of the reported cells.
    pub cells_sum: Decimal,
    /// How many cells were summed.
    pub cells: usize,
}

/// The lowest `green` and `yellow` scores an evaluation drew its bands with
/// (its [`Config`](crate::Config)'s): each band is a range of scores, which a
/// band shown in place of a suppressed score tells a reader (SPEC §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BandThresholds {
    /// The lowest green score.
    pub green: Decimal,
    /// The lowest yellow score.
    pub yellow: Decimal,
}

impl Default for BandThresholds {
    /// The defaults of SPEC §3: green from 0.90, yellow from 0.60.
    fn default() -> Self {
        BandThresholds {
            green: Decimal::new(90, 2),
            yellow: Decimal::new(60, 2),
        }
    }
}

impl BandThresholds {
    /// The scores a band holds, `(lowest, highest)`, both included: a score
    /// has 6 decimals, so a band ends a millionth below the next one's
    /// threshold; green ends at 1. `None` for [`Band::None`] (no score).
    pub fn range(&self, band: Band) -> Option<(Decimal, Decimal)> {
        let millionth = Decimal::new(1, 6);
        let (lowest, highest) = match band {
            Band::Green => (self.green, Decimal::ONE),
            Band::Yellow => (self.yellow, self.green - millionth),
            Band::Red => (Decimal::ZERO, self.yellow - millionth),
            Band::None => return None,
        };
        Some((lowest.max(Decimal::ZERO), highest.min(Decimal::ONE)))
    }
}

/// Everything an evaluation found, as of a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scorecard {
    /// The evaluation (scoring) date D: what is due, achieved and submitted.
    pub as_of: NaiveDate,
    /// The knowledge date K: what is known (records with `recorded_on ≤ K`).
    /// Always shown, so that a scorecard says how to reproduce it.
    pub known_on: NaiveDate,
    /// The plan's id.
    pub plan: String,
    /// The thresholds the bands were drawn with (not part of the JSON: a
    /// report's legend prints them).
    #[serde(skip)]
    pub band_thresholds: BandThresholds,
    /// Every node: the plan first, then axes, lines, goals, actions and
    /// indicators in reading order (each parent before its children).
    pub nodes: Vec<NodeScore>,
    /// Every entity responsible for at least one action, in registry order.
    pub entities: Vec<EntityScore>,
    /// The entities ranked: institutions, then groups; in each, the ranked
    /// ones by score, then those with insufficient data. Not in the
    /// scorecard JSON (its entities hold the same scores): read it as the
    /// `rankings` table.
    #[serde(skip)]
    pub rankings: Vec<RankedEntity>,
    /// Reporting compliance per entity and kind (rows with nothing expected omitted).
    pub reporting: Vec<ReportingRow>,
    /// Every expected report, in the order of `reporting`, then by period.
    /// Not in the scorecard JSON (its summary is `reporting`): read it as
    /// the `reporting_detail` table.
    #[serde(skip)]
    pub reporting_detail: Vec<ExpectedReport>,
    /// Social-audit discrepancies.
    pub discrepancies: Vec<Discrepancy>,
    /// Totals that differ from the sum of their cells.
    pub consistency: Vec<ConsistencyNote>,
}

impl Scorecard {
    /// The scorecard as JSON (SPEC §4): the same inputs give the same bytes.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The plan node (always the first).
    pub fn plan_node(&self) -> &NodeScore {
        &self.nodes[0]
    }

    /// A node by id.
    pub fn node(&self, id: &str) -> Option<&NodeScore> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// An entity's scorecard by code (case-insensitive).
    pub fn entity(&self, code: &str) -> Option<&EntityScore> {
        self.entities
            .iter()
            .find(|e| e.code.eq_ignore_ascii_case(code))
    }

    /// Ids of the overdue actions, in reading order.
    pub fn overdue_actions(&self) -> Vec<&str> {
        self.nodes
            .iter()
            .filter(|n| n.level == Level::Action && n.status == Status::Overdue)
            .map(|n| n.id.as_str())
            .collect()
    }

    /// Why a node has its score; `None` for an unknown id.
    pub fn explain(&self, id: &str) -> Option<&Explanation> {
        self.node(id).map(|n| &n.explanation)
    }
}

impl Explanation {
    /// The explanation as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
