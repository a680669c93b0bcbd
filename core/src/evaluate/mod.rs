//! Evaluation as of a date (SPEC §3): a pure function of the plan, the
//! ledger, the date and the configuration.
//!
//! Only records known on the date count (`recorded_on ≤ D`, or none), and of
//! each key the latest such revision. Arithmetic is exact; every score is
//! rounded to 6 decimals, half away from zero, at each node, and parents use
//! their children's rounded scores.

mod config;
mod scorecard;

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

pub use config::{Config, ConfigError};
pub use scorecard::*;

use crate::ledger::{CellId, Ledger, ReportKind, Seq, Source, StoredTarget};
use crate::period::Period;
use crate::plan::{Accumulation, ActionIndex, EntityIndex, IndicatorIndex, Level, Measure, Plan};
use crate::score::{round_6dp, Score};

/// Why an evaluation could not run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvaluateError {
    /// The ledger was built against another plan.
    #[error("the ledger was built for plan {ledger_plan:?}, not for {plan:?}")]
    PlanMismatch {
        /// The plan passed to evaluate.
        plan: String,
        /// The ledger's plan.
        ledger_plan: String,
    },
    /// The configuration is out of range.
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// The key under which `recorded_on` orders revisions: a record without a
/// date is known from the beginning of time.
fn known_from(recorded_on: Option<NaiveDate>) -> NaiveDate {
    recorded_on.unwrap_or(NaiveDate::MIN)
}

fn visible(recorded_on: Option<NaiveDate>, as_of: NaiveDate) -> bool {
    recorded_on.is_none_or(|r| r <= as_of)
}

/// Evaluates a plan's compliance as of `as_of`.
///
/// ```
/// use std::sync::Arc;
/// use chrono::NaiveDate;
/// use seguimiento::{evaluate, Config, Ledger, Mode, Plan};
/// let plan = Arc::new(Plan::embedded());
/// let mut ledger = Ledger::new(plan.clone());
/// ledger.ingest_json(r#"{
///   "targets": [{"indicator": "E1.L1.M2.A2.I3", "period": "2008", "value": "10"}],
///   "observations": [{"indicator": "E1.L1.M2.A2.I3", "period": "2008", "entity": "GIT", "value": "8"}]
/// }"#, Mode::Strict).unwrap();
/// let as_of = NaiveDate::from_ymd_opt(2008, 12, 31).unwrap();
/// let card = evaluate(&plan, &ledger, as_of, &Config::default()).unwrap();
/// assert_eq!(card.node("E1.L1.M2.A2.I3").unwrap().score.unwrap().to_string(), "0.800000");
/// ```
pub fn evaluate(
    plan: &Plan,
    ledger: &Ledger,
    as_of: NaiveDate,
    config: &Config,
) -> Result<Scorecard, EvaluateError> {
    config.validate()?;
    if !std::ptr::eq(plan, ledger.plan().as_ref()) && plan != ledger.plan().as_ref() {
        return Err(EvaluateError::PlanMismatch {
            plan: plan.document().id.clone(),
            ledger_plan: ledger.plan().document().id.clone(),
        });
    }
    Ok(Evaluator::new(plan, ledger, as_of, config).run())
}

/// Where a revision stands among those of its key: by `recorded_on`, then
/// by ingestion order.
type Rank = (NaiveDate, Seq);

/// Latest visible value per observation key, for one indicator and source.
type Revisions = HashMap<(Period, EntityIndex, CellId), (NaiveDate, Seq, Decimal)>;

/// The value of one (period, entity): its total, or the sum of its cells.
#[derive(Debug, Clone, Copy, Default)]
struct Reported {
    total: Option<Decimal>,
    cells_sum: Decimal,
    cells: usize,
}

impl Reported {
    /// The value that counts: the total if any, else the cells' sum (only for
    /// additive measures: a percentage or level needs its total).
    fn value(&self, measure: Measure) -> Option<Decimal> {
        match self.total {
            Some(t) => Some(t),
            None if self.cells > 0 && measure.is_additive() => Some(self.cells_sum),
            None => None,
        }
    }
}

struct Evaluator<'a> {
    plan: &'a Plan,
    ledger: &'a Ledger,
    as_of: NaiveDate,
    config: &'a Config,
    /// Latest visible target revisions, per indicator.
    targets: Vec<Vec<StoredTarget>>,
    /// Achievement date of the latest visible milestone revision, per indicator.
    milestones: Vec<Option<NaiveDate>>,
    consistency: Vec<ConsistencyNote>,
    discrepancies: Vec<Discrepancy>,
}

/// The per-indicator and per-action results the roll-up needs.
struct ActionResult {
    score: Option<Score>,
    status: Status,
}

impl<'a> Evaluator<'a> {
    fn new(plan: &'a Plan, ledger: &'a Ledger, as_of: NaiveDate, config: &'a Config) -> Self {
        let store = ledger.store();
        let mut targets: Vec<Vec<StoredTarget>> = Vec::with_capacity(plan.indicator_count());
        let mut milestones: Vec<Option<NaiveDate>> = Vec::with_capacity(plan.indicator_count());
        for indicator in plan.indicator_indexes() {
            // Latest visible revision of each target key; ties in recorded_on go
            // to the later-ingested record.
            let mut latest: HashMap<(Period, Option<EntityIndex>), (Rank, StoredTarget)> =
                HashMap::new();
            for (seq, t) in store.targets_of(indicator) {
                if !visible(t.recorded_on, as_of) {
                    continue;
                }
                let rank = (known_from(t.recorded_on), seq);
                match latest.get(&(t.period, t.entity)) {
                    Some(&(existing, _)) if existing > rank => {}
                    _ => {
                        latest.insert((t.period, t.entity), (rank, t));
                    }
                }
            }
            let mut list: Vec<StoredTarget> = latest.into_values().map(|(_, t)| t).collect();
            // A total order, so that the items' order never depends on ingestion order.
            list.sort_by_key(|t| (t.period, t.entity));
            targets.push(list);
            // Latest visible milestone revision (the key is the indicator).
            let mut latest_milestone: Option<(Rank, NaiveDate)> = None;
            for (seq, m) in store.milestones_of(indicator) {
                if !visible(m.recorded_on, as_of) {
                    continue;
                }
                let rank = (known_from(m.recorded_on), seq);
                if latest_milestone.is_none_or(|(r, _)| r <= rank) {
                    latest_milestone = Some((rank, m.achieved_on));
                }
            }
            milestones.push(latest_milestone.map(|(_, d)| d));
        }
        Evaluator {
            plan,
            ledger,
            as_of,
            config,
            targets,
            milestones,
            consistency: Vec::new(),
            discrepancies: Vec::new(),
        }
    }

    fn band(&self, score: Option<Score>) -> Band {
        match score.map(Score::to_decimal) {
            None => Band::None,
            Some(s) if s >= self.config.green => Band::Green,
            Some(s) if s >= self.config.yellow => Band::Yellow,
            Some(_) => Band::Red,
        }
    }

    fn weight(&self, id: &str, default: Decimal) -> Decimal {
        self.config.weights.get(id).copied().unwrap_or(default)
    }

    fn run(mut self) -> Scorecard {
        let plan = self.plan;
        // Indicators, then actions.
        let mut indicator_nodes: Vec<NodeScore> = Vec::with_capacity(plan.indicator_count());
        let mut milestone_overdue = vec![false; plan.action_count()];
        let mut milestone_open = vec![false; plan.action_count()];
        for i in plan.indicator_indexes() {
            let node = self.indicator(i);
            if let Explanation::Indicator { items } = &node.explanation {
                let action = plan.indicator_action(i).get();
                for item in items {
                    if let Item::Milestone { state, .. } = item {
                        match state {
                            MilestoneState::Overdue => milestone_overdue[action] = true,
                            MilestoneState::Pending => milestone_open[action] = true,
                            _ => {}
                        }
                    }
                }
            }
            indicator_nodes.push(node);
        }

        let mut action_nodes: Vec<NodeScore> = Vec::with_capacity(plan.action_count());
        let mut action_results: Vec<ActionResult> = Vec::with_capacity(plan.action_count());
        let mut next_indicator = 0usize;
        for a in plan.action_indexes() {
            let action = plan.action_at(a);
            let ind_nodes =
                &indicator_nodes[next_indicator..next_indicator + action.indicators.len()];
            next_indicator += action.indicators.len();
            let children: Vec<ChildScore> = ind_nodes
                .iter()
                .zip(&action.indicators)
                .map(|(n, ind)| ChildScore {
                    id: n.id.clone(),
                    score: n.score,
                    weight: self.weight(&ind.id, ind.weight),
                })
                .collect();
            let score = weighted_mean(&children);
            let starts = action
                .plazos
                .iter()
                .map(|p| p.start_year)
                .min()
                .unwrap_or(i32::MAX);
            let ends = action
                .plazos
                .iter()
                .map(|p| p.end_year)
                .max()
                .unwrap_or(i32::MIN);
            let status = if self.as_of.year() < starts {
                Status::NotStarted
            } else if milestone_overdue[a.get()] {
                Status::Overdue
            } else if year_end(ends).is_some_and(|end| end <= self.as_of)
                && !milestone_open[a.get()]
            {
                Status::Completed
            } else {
                Status::InProgress
            };
            action_results.push(ActionResult { score, status });
            action_nodes.push(NodeScore {
                id: action.id.clone(),
                level: Level::Action,
                score,
                band: self.band(score),
                coverage: unit_coverage(score.is_some()),
                status,
                explanation: Explanation::Children { children },
            });
        }

        // Goals, lines, axes, plan: equal-weight (configurable) means. Nodes are
        // laid out parent first, each followed by its subtree in reading order.
        let mut action_nodes = action_nodes.into_iter();
        let mut indicator_nodes = indicator_nodes.into_iter();
        let mut axis_children = Vec::new();
        let mut tree: Vec<NodeScore> = Vec::new();
        let mut plan_actions = (0usize, 0usize);
        for axis in plan.axes() {
            let mut line_children = Vec::new();
            let mut axis_subtree: Vec<NodeScore> = Vec::new();
            let mut axis_actions = (0usize, 0usize);
            for line in &axis.lines {
                let mut goal_children = Vec::new();
                let mut line_subtree: Vec<NodeScore> = Vec::new();
                let mut line_actions = (0usize, 0usize);
                for goal in &line.goals {
                    let mut children = Vec::new();
                    let mut goal_subtree: Vec<NodeScore> = Vec::new();
                    let mut goal_actions = (0usize, 0usize);
                    for (action, node) in goal.actions.iter().zip(action_nodes.by_ref()) {
                        goal_actions = add(goal_actions, (usize::from(node.score.is_some()), 1));
                        children.push(self.child(&node));
                        goal_subtree.push(node);
                        goal_subtree.extend(indicator_nodes.by_ref().take(action.indicators.len()));
                    }
                    let goal_node = self.aggregate(&goal.id, Level::Goal, children, goal_actions);
                    goal_children.push(self.child(&goal_node));
                    line_subtree.push(goal_node);
                    line_subtree.extend(goal_subtree);
                    line_actions = add(line_actions, goal_actions);
                }
                let line_node = self.aggregate(&line.id, Level::Line, goal_children, line_actions);
                line_children.push(self.child(&line_node));
                axis_subtree.push(line_node);
                axis_subtree.extend(line_subtree);
                axis_actions = add(axis_actions, line_actions);
            }
            let axis_node = self.aggregate(&axis.id, Level::Axis, line_children, axis_actions);
            axis_children.push(self.child(&axis_node));
            tree.push(axis_node);
            tree.extend(axis_subtree);
            plan_actions = add(plan_actions, axis_actions);
        }
        let plan_id = plan.document().id.clone();
        let mut nodes = vec![self.aggregate(&plan_id, Level::Plan, axis_children, plan_actions)];
        nodes.extend(tree);

        let entities = self.entities(&action_results);
        let reporting = self.reporting();
        let mut discrepancies = std::mem::take(&mut self.discrepancies);
        discrepancies.sort_by(|a, b| {
            (
                plan.indicator_idx(&a.indicator),
                a.period,
                &a.entity,
                &a.cell,
            )
                .cmp(&(
                    plan.indicator_idx(&b.indicator),
                    b.period,
                    &b.entity,
                    &b.cell,
                ))
        });
        Scorecard {
            as_of: self.as_of,
            plan: plan_id,
            nodes,
            entities,
            reporting,
            discrepancies,
            consistency: std::mem::take(&mut self.consistency),
        }
    }

    /// A node's part in its parent's score: its rounded score and its weight
    /// (config, by id; default 1).
    fn child(&self, node: &NodeScore) -> ChildScore {
        ChildScore {
            id: node.id.clone(),
            score: node.score,
            weight: self.weight(&node.id, Decimal::ONE),
        }
    }

    fn aggregate(
        &self,
        id: &str,
        level: Level,
        children: Vec<ChildScore>,
        actions: (usize, usize),
    ) -> NodeScore {
        let score = weighted_mean(&children);
        let coverage = Score::ratio(actions.0, actions.1);
        NodeScore {
            id: id.to_string(),
            level,
            score,
            band: self.band(score),
            coverage,
            status: if score.is_some() {
                Status::Scored
            } else {
                Status::Pending
            },
            explanation: Explanation::Children { children },
        }
    }

    /// Scores one indicator: its year and window targets, or its milestone.
    fn indicator(&mut self, index: IndicatorIndex) -> NodeScore {
        let plan = self.plan;
        let ind = plan.indicator_at(index);
        let mut items = Vec::new();
        let status = match ind.measure {
            Measure::Text => Status::Text,
            Measure::Milestone => {
                items.push(self.milestone(index));
                if items[0].achievement().is_some() {
                    Status::Scored
                } else {
                    Status::Pending
                }
            }
            _ => {
                let reported = self.reported(index);
                let targets = std::mem::take(&mut self.targets[index.get()]);
                for t in &targets {
                    items.push(self.target(index, t, &reported));
                }
                if items.iter().any(|i| i.achievement().is_some()) {
                    Status::Scored
                } else if targets.is_empty() {
                    Status::NoTarget
                } else {
                    Status::Pending
                }
            }
        };
        let scored: Vec<Decimal> = items
            .iter()
            .filter_map(Item::achievement)
            .map(Score::to_decimal)
            .collect();
        let score = if scored.is_empty() {
            None
        } else {
            let sum: Decimal = scored.iter().copied().sum();
            Some(Score::of_fraction(sum / Decimal::from(scored.len() as u64)))
        };
        NodeScore {
            id: ind.id.clone(),
            level: Level::Indicator,
            score,
            band: self.band(score),
            coverage: unit_coverage(score.is_some()),
            status,
            explanation: Explanation::Indicator { items },
        }
    }

    /// The visible official values of an indicator per (period, entity), and
    /// the social-audit and consistency findings along the way.
    fn reported(&mut self, index: IndicatorIndex) -> BTreeMap<(Period, EntityIndex), Reported> {
        let ledger = self.ledger;
        let mut official: Revisions = HashMap::new();
        let mut verification: Revisions = HashMap::new();
        for (pos, o) in ledger.store().observations_of(index) {
            if !visible(o.recorded_on, self.as_of) {
                continue;
            }
            let revisions = match o.source {
                Source::Official => &mut official,
                Source::Verification => &mut verification,
            };
            let rank = (known_from(o.recorded_on), pos);
            let entry = revisions
                .entry((o.period, o.entity, o.cell))
                .or_insert((rank.0, rank.1, o.value));
            if (entry.0, entry.1) <= rank {
                *entry = (rank.0, rank.1, o.value);
            }
        }
        let measure = self.plan.indicator_at(index).measure;
        let mut reported: BTreeMap<(Period, EntityIndex), Reported> = BTreeMap::new();
        for (&(period, entity, cell), &(_, _, value)) in &official {
            let r = reported.entry((period, entity)).or_default();
            if cell == 0 {
                r.total = Some(value);
            } else {
                r.cells_sum = r.cells_sum.saturating_add(value);
                r.cells += 1;
            }
        }
        let indicator_id = &self.plan.indicator_at(index).id;
        if measure.is_additive() {
            for (&(period, entity), r) in &reported {
                if let Some(total) = r.total {
                    if r.cells > 0 && total != r.cells_sum {
                        self.consistency.push(ConsistencyNote {
                            indicator: indicator_id.clone(),
                            period,
                            entity: self.plan.entity_at(entity).code.clone(),
                            total,
                            cells_sum: r.cells_sum,
                            cells: r.cells,
                        });
                    }
                }
            }
        }
        for (key, &(_, _, ver)) in &verification {
            let Some(&(_, _, off)) = official.get(key) else {
                continue;
            };
            let base = if off.is_zero() {
                Decimal::ONE
            } else {
                off.abs()
            };
            // A tolerance so large that tolerance × base overflows allows
            // any difference a decimal can hold.
            let beyond = self
                .config
                .tolerance
                .checked_mul(base)
                .is_some_and(|allowed| (ver - off).abs() > allowed);
            if beyond {
                let (period, entity, cell) = *key;
                self.discrepancies.push(Discrepancy {
                    indicator: indicator_id.clone(),
                    period,
                    entity: self.plan.entity_at(entity).code.clone(),
                    cell: ledger.cell_map(cell),
                    official: off,
                    verification: ver,
                });
            }
        }
        reported
    }

    /// The period value A over `window` for a target's entity (or all).
    fn period_value(
        &self,
        index: IndicatorIndex,
        reported: &BTreeMap<(Period, EntityIndex), Reported>,
        window: Period,
        entity: Option<EntityIndex>,
        started_by: Option<NaiveDate>,
    ) -> Option<Decimal> {
        let ind = self.plan.indicator_at(index);
        let mut flow_sum: Option<Decimal> = None;
        // Stock: per entity, the value of the latest period that has one.
        let mut latest: BTreeMap<EntityIndex, (Period, Decimal)> = BTreeMap::new();
        for (&(period, e), r) in reported {
            if !window.contains(&period) {
                continue;
            }
            if started_by.is_some_and(|d| period.start() > d) {
                continue;
            }
            if let Some(target_entity) = entity {
                if !self.plan.entity_within(e, target_entity) {
                    continue;
                }
            }
            let Some(v) = r.value(ind.measure) else {
                continue;
            };
            match ind.accumulation {
                Accumulation::Flow => {
                    flow_sum = Some(flow_sum.unwrap_or_default().saturating_add(v))
                }
                Accumulation::Stock => match latest.get(&e) {
                    Some(&(p, _)) if p > period => {}
                    _ => {
                        latest.insert(e, (period, v));
                    }
                },
            }
        }
        match ind.accumulation {
            Accumulation::Flow => flow_sum,
            Accumulation::Stock if latest.is_empty() => None,
            Accumulation::Stock => {
                let sum = latest
                    .values()
                    .fold(Decimal::ZERO, |s, &(_, v)| s.saturating_add(v));
                if ind.measure.is_additive() {
                    Some(sum)
                } else {
                    Some(sum / Decimal::from(latest.len() as u64))
                }
            }
        }
    }

    fn target(
        &self,
        index: IndicatorIndex,
        t: &StoredTarget,
        reported: &BTreeMap<(Period, EntityIndex), Reported>,
    ) -> Item {
        let entity = t.entity.map(|e| self.plan.entity_at(e).code.clone());
        let (b, target) = (t.baseline, t.value);
        let make =
            |months_ended, months, on_track, value, achievement, note: String| Item::Target {
                period: t.period,
                entity: entity.clone(),
                baseline: b,
                target,
                months_ended,
                months,
                on_track_target: on_track,
                value,
                achievement,
                note,
            };
        match t.period {
            Period::Window(..) => {
                let months = t.period.months();
                let ended = months_ended(t.period, self.as_of).min(months);
                if ended < 1 {
                    return make(
                        Some(0),
                        Some(months),
                        None,
                        None,
                        None,
                        format!("not scored: no whole month of {} has ended", t.period),
                    );
                }
                let on_track = round_6dp(on_track_target(b, target, ended, months));
                let a = self.period_value(index, reported, t.period, t.entity, Some(self.as_of));
                let (achievement, note) = self.achievement(a, b, target, Some((ended, months)));
                make(
                    Some(ended),
                    Some(months),
                    Some(on_track),
                    a,
                    achievement,
                    note,
                )
            }
            _ => {
                let due = t.period.end();
                if due > self.as_of {
                    return make(
                        None,
                        None,
                        None,
                        None,
                        None,
                        format!("not scored before {due}"),
                    );
                }
                let a = self.period_value(index, reported, t.period, t.entity, None);
                let (achievement, note) = self.achievement(a, b, target, None);
                make(None, None, None, a, achievement, note)
            }
        }
    }

    /// a = clamp((A − B) / (T' − B), 0, 1) with T' − B = (T − B)·m/M for windows.
    fn achievement(
        &self,
        a: Option<Decimal>,
        b: Decimal,
        t: Decimal,
        months: Option<(i64, i64)>,
    ) -> (Option<Score>, String) {
        let Some(a) = a else {
            return if self.config.missing_data_is_zero {
                (Some(Score::ZERO), "no data: scored 0".into())
            } else {
                (None, "no data: not scored".into())
            };
        };
        let (num, den) = (a - b, t - b);
        let clamped = match months {
            // (A − B) / ((T − B)·m/M) = (A − B)·M / ((T − B)·m), exact while
            // the products fit; beyond that, (A − B)/m over (T − B)/M.
            Some((m, total)) => {
                let (m, total) = (Decimal::from(m), Decimal::from(total));
                match (num.checked_mul(total), den.checked_mul(m)) {
                    (Some(n), Some(d)) => clamped_ratio(n, d),
                    _ => clamped_ratio(num / m, den / total),
                }
            }
            None => clamped_ratio(num, den),
        };
        let direction = if t < b { "reduce" } else { "increase" };
        (
            Some(Score::of_fraction(clamped)),
            format!("scored ({direction} target)"),
        )
    }

    fn milestone(&self, index: IndicatorIndex) -> Item {
        let plazo = self.plan.indicator_plazo(index);
        let due = year_end(plazo.end_year).unwrap_or(NaiveDate::MAX);
        let best = self.milestones[index.get()];
        let achieved_on = best.filter(|d| *d <= self.as_of);
        let (state, achievement) = match achieved_on {
            Some(d) if d <= due => (MilestoneState::OnTime, Some(Score::ONE)),
            Some(_) => (
                MilestoneState::Late,
                Some(Score::of_fraction(self.config.late_credit)),
            ),
            None if self.as_of > due => (MilestoneState::Overdue, Some(Score::ZERO)),
            None => (MilestoneState::Pending, None),
        };
        Item::Milestone {
            due,
            achieved_on,
            state,
            achievement,
        }
    }

    fn entities(&self, actions: &[ActionResult]) -> Vec<EntityScore> {
        let plan = self.plan;
        let mut out = Vec::new();
        for (e, entity) in plan.entity_indexes().zip(plan.entities()) {
            let covered: Vec<ActionIndex> = plan
                .action_indexes()
                .filter(|&a| plan.covers(a, e))
                .collect();
            if covered.is_empty() {
                continue;
            }
            let scores: Vec<Decimal> = covered
                .iter()
                .filter_map(|&a| actions[a.get()].score)
                .map(Score::to_decimal)
                .collect();
            let score = if scores.is_empty() {
                None
            } else {
                let sum: Decimal = scores.iter().copied().sum();
                Some(Score::of_fraction(sum / Decimal::from(scores.len() as u64)))
            };
            out.push(EntityScore {
                code: entity.code.clone(),
                score,
                band: self.band(score),
                actions: covered.len(),
                scored_actions: scores.len(),
                overdue: covered
                    .iter()
                    .filter(|&&a| actions[a.get()].status == Status::Overdue)
                    .map(|&a| plan.action_at(a).id.clone())
                    .collect(),
            });
        }
        out
    }

    fn reporting(&self) -> Vec<ReportingRow> {
        let plan = self.plan;
        let grace = chrono::Days::new(self.config.grace_days as u64);
        // Expected periods per (entity, kind): each period once.
        let mut expected: BTreeMap<(EntityIndex, ReportKind), std::collections::BTreeSet<Period>> =
            BTreeMap::new();
        for o in self.ledger.store().obligations() {
            let set = expected.entry((o.entity, o.kind)).or_default();
            for p in Period::each_in_years(o.kind.granularity(), o.from, o.to) {
                let due = p.end().checked_add_days(grace).unwrap_or(NaiveDate::MAX);
                if due <= self.as_of {
                    set.insert(p);
                }
            }
        }
        // Earliest submission on or before the date, per (entity, kind, period).
        let mut earliest: HashMap<(EntityIndex, ReportKind, Period), NaiveDate> = HashMap::new();
        for s in self.ledger.store().submissions() {
            if s.submitted_on > self.as_of {
                continue;
            }
            let e = earliest
                .entry((s.entity, s.kind, s.period))
                .or_insert(s.submitted_on);
            if s.submitted_on < *e {
                *e = s.submitted_on;
            }
        }
        let mut rows = Vec::new();
        for ((entity, kind), periods) in expected {
            if periods.is_empty() {
                continue;
            }
            let (mut on_time, mut late) = (0usize, 0usize);
            let mut missing_periods = Vec::new();
            for p in &periods {
                let due = p.end().checked_add_days(grace).unwrap_or(NaiveDate::MAX);
                match earliest.get(&(entity, kind, *p)) {
                    Some(&d) if d <= due => on_time += 1,
                    Some(_) => late += 1,
                    None => missing_periods.push(*p),
                }
            }
            let n = Decimal::from(periods.len() as u64);
            rows.push(ReportingRow {
                entity: plan.entity_at(entity).code.clone(),
                kind,
                expected: periods.len(),
                on_time,
                late,
                missing: missing_periods.len(),
                rate: Score::of_fraction(Decimal::from((on_time + late) as u64) / n),
                timeliness: Score::of_fraction(Decimal::from(on_time as u64) / n),
                missing_periods,
            });
        }
        rows
    }
}

/// Weighted mean of the children that have a score, rounded; `None` if none
/// has, or if their weights add up to 0.
fn weighted_mean(children: &[ChildScore]) -> Option<Score> {
    let mut total_weight = Decimal::ZERO;
    let mut sum = Decimal::ZERO;
    for c in children {
        if let Some(s) = c.score.map(Score::to_decimal) {
            total_weight = total_weight.saturating_add(c.weight);
            sum = sum.saturating_add(s.saturating_mul(c.weight));
        }
    }
    if total_weight.is_zero() {
        None
    } else {
        Some(Score::of_fraction(sum / total_weight))
    }
}

/// The coverage of an action or indicator: 1 if scored, else 0, with the 6
/// decimals every score carries.
fn unit_coverage(scored: bool) -> Score {
    if scored {
        Score::ONE
    } else {
        Score::ZERO
    }
}

/// `clamp(num / den, 0, 1)` for `den ≠ 0`, without overflow: a quotient
/// too large for a decimal is still above 1 (or below 0).
fn clamped_ratio(num: Decimal, den: Decimal) -> Decimal {
    if num.is_zero() || den.is_zero() || num.is_sign_negative() != den.is_sign_negative() {
        return Decimal::ZERO;
    }
    if num.abs() >= den.abs() {
        return Decimal::ONE;
    }
    // |num| < |den|: the quotient is below 1 and cannot overflow.
    num / den
}

/// The on-track target of a window `T' = B + (T − B)·m/M`, exact while
/// `(T − B)·m` fits in a decimal.
fn on_track_target(b: Decimal, t: Decimal, m: i64, total: i64) -> Decimal {
    let (m, total) = (Decimal::from(m), Decimal::from(total));
    let step = match (t - b).checked_mul(m) {
        Some(p) => p / total,
        None => ((t - b) / total).checked_mul(m).unwrap_or(t - b),
    };
    b.saturating_add(step)
}

fn add(a: (usize, usize), b: (usize, usize)) -> (usize, usize) {
    (a.0 + b.0, a.1 + b.1)
}

fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

/// Whole months of `window` whose last day is on or before `as_of`.
fn months_ended(window: Period, as_of: NaiveDate) -> i64 {
    let start = window.start();
    if as_of < start {
        return 0;
    }
    let mut months = (as_of.year() as i64 - start.year() as i64) * 12
        + (as_of.month() as i64 - start.month() as i64);
    // The month containing as_of has ended only on its last day.
    if Period::Month(as_of.year(), as_of.month() as u8).end() == as_of {
        months += 1;
    }
    months.max(0)
}
