//! Phase 3, the roll-up (SPEC §3): each action from its indicators, then
//! goals, lines, axes and the plan as weighted means of their children, with
//! the coverage of scored actions beneath each node.
//!
//! The nodes come out as the scorecard lists them: the plan first, then each
//! node followed by its subtree, in reading order. An action's indicators
//! are found by their indexes, the plan's
//! [`action_indicators`](crate::Plan::action_indicators) range, not by
//! counting along; the walk down the tree meets the actions in the order of
//! their indexes, which the plan defines as reading order (checked in debug
//! builds, and by the plan's tests).

use std::ops::{Add, AddAssign};

use chrono::Datelike;
use rust_decimal::Decimal;

use super::indicator::IndicatorOutcome;
use super::{year_end, Scoring};
use crate::evaluate::scorecard::{ChildScore, Explanation, MilestoneState, NodeScore, Status};
use crate::plan::{ActionIndex, Level};
use crate::score::Score;

/// How many of the actions beneath a node have a score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Coverage {
    scored: usize,
    actions: usize,
}

impl Coverage {
    /// One action, scored or not.
    fn action(scored: bool) -> Coverage {
        Coverage {
            scored: usize::from(scored),
            actions: 1,
        }
    }

    /// Scored actions / actions (0 for a node without actions).
    fn score(self) -> Score {
        Score::ratio(self.scored, self.actions)
    }
}

impl Add for Coverage {
    type Output = Coverage;
    fn add(self, other: Coverage) -> Coverage {
        Coverage {
            scored: self.scored + other.scored,
            actions: self.actions + other.actions,
        }
    }
}

impl AddAssign for Coverage {
    fn add_assign(&mut self, other: Coverage) {
        *self = *self + other;
    }
}

/// What the later phases need of an action.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ActionOutcome {
    pub score: Option<Score>,
    pub status: Status,
}

/// The roll-up's result: every node in scorecard order, and each action's
/// outcome by action index.
pub(crate) struct RollUp {
    pub nodes: Vec<NodeScore>,
    pub actions: Vec<ActionOutcome>,
}

/// Rolls the indicators' outcomes (by indicator index) up the tree.
pub(crate) fn roll_up(scoring: &Scoring, indicators: Vec<IndicatorOutcome>) -> RollUp {
    let plan = scoring.plan;
    let (action_nodes, actions): (Vec<NodeScore>, Vec<ActionOutcome>) = plan
        .action_indexes()
        .map(|a| action(scoring, a, own_indicators(scoring, a, &indicators)))
        .unzip();

    // Goals, lines, axes, plan: equal-weight (configurable) means. Nodes are
    // laid out parent first, each followed by its subtree in reading order;
    // each is moved, by its index, from these lists into its place.
    let mut action_nodes: Vec<Option<NodeScore>> = action_nodes.into_iter().map(Some).collect();
    let mut indicator_nodes: Vec<Option<NodeScore>> =
        indicators.into_iter().map(|o| Some(o.node)).collect();
    let mut next_action = 0usize;
    let mut axis_children = Vec::new();
    let mut tree: Vec<NodeScore> = Vec::new();
    let mut plan_coverage = Coverage::default();
    for axis in plan.axes() {
        let mut line_children = Vec::new();
        let mut axis_subtree: Vec<NodeScore> = Vec::new();
        let mut axis_coverage = Coverage::default();
        for line in &axis.lines {
            let mut goal_children = Vec::new();
            let mut line_subtree: Vec<NodeScore> = Vec::new();
            let mut line_coverage = Coverage::default();
            for goal in &line.goals {
                let mut children = Vec::new();
                let mut goal_subtree: Vec<NodeScore> = Vec::new();
                let mut goal_coverage = Coverage::default();
                for action in &goal.actions {
                    // The walk meets the actions in the order of their
                    // indexes: the plan numbers them so (plan_counts and
                    // plan_props check it).
                    let index = ActionIndex::new(next_action);
                    next_action += 1;
                    debug_assert_eq!(plan.action_at(index).id, action.id);
                    let Some(node) = action_nodes.get_mut(index.get()).and_then(Option::take)
                    else {
                        continue;
                    };
                    goal_coverage += Coverage::action(node.score.is_some());
                    children.push(child(scoring, &node));
                    goal_subtree.push(node);
                    goal_subtree.extend(
                        plan.action_indicators(index).filter_map(|i| {
                            indicator_nodes.get_mut(i.get()).and_then(Option::take)
                        }),
                    );
                }
                let goal_node = aggregate(scoring, &goal.id, Level::Goal, children, goal_coverage);
                goal_children.push(child(scoring, &goal_node));
                line_subtree.push(goal_node);
                line_subtree.extend(goal_subtree);
                line_coverage += goal_coverage;
            }
            let line_node = aggregate(scoring, &line.id, Level::Line, goal_children, line_coverage);
            line_children.push(child(scoring, &line_node));
            axis_subtree.push(line_node);
            axis_subtree.extend(line_subtree);
            axis_coverage += line_coverage;
        }
        let axis_node = aggregate(scoring, &axis.id, Level::Axis, line_children, axis_coverage);
        axis_children.push(child(scoring, &axis_node));
        tree.push(axis_node);
        tree.extend(axis_subtree);
        plan_coverage += axis_coverage;
    }
    let plan_id = &plan.document().id;
    let mut nodes = Vec::with_capacity(tree.len() + 1);
    nodes.push(aggregate(
        scoring,
        plan_id,
        Level::Plan,
        axis_children,
        plan_coverage,
    ));
    nodes.extend(tree);
    RollUp { nodes, actions }
}

/// The outcomes of an action's own indicators: a slice of the outcomes by
/// indicator index, as the plan gives each action consecutive indexes.
fn own_indicators<'o>(
    scoring: &Scoring,
    action: ActionIndex,
    indicators: &'o [IndicatorOutcome],
) -> &'o [IndicatorOutcome] {
    let mut indexes = scoring.plan.action_indicators(action);
    let count = indexes.len();
    indexes
        .next()
        .and_then(|first| indicators.get(first.get()..first.get() + count))
        .unwrap_or(&[])
}

/// An action's node: the weighted mean of its indicators (`indicators`, its
/// own, in its order), and its status from its plazos and milestones.
fn action(
    scoring: &Scoring,
    index: ActionIndex,
    indicators: &[IndicatorOutcome],
) -> (NodeScore, ActionOutcome) {
    let action = scoring.plan.action_at(index);
    let children: Vec<ChildScore> = indicators
        .iter()
        .zip(&action.indicators)
        .map(|(outcome, ind)| {
            debug_assert_eq!(outcome.node.id, ind.id, "an action's own indicators");
            ChildScore {
                id: outcome.node.id.clone(),
                score: outcome.node.score,
                weight: scoring.weight(&ind.id, ind.weight),
            }
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
    let milestones = || indicators.iter().filter_map(|o| o.milestone);
    let status = if scoring.as_of.year() < starts {
        Status::NotStarted
    } else if milestones().any(|m| m == MilestoneState::Overdue) {
        Status::Overdue
    } else if year_end(ends).is_some_and(|end| end <= scoring.as_of)
        && !milestones().any(|m| m == MilestoneState::Pending)
    {
        Status::Completed
    } else {
        Status::InProgress
    };
    let node = NodeScore {
        id: action.id.clone(),
        level: Level::Action,
        score,
        band: scoring.band(score),
        coverage: Coverage::action(score.is_some()).score(),
        status,
        explanation: Explanation::Children { children },
    };
    (node, ActionOutcome { score, status })
}

/// A node's part in its parent's score: its rounded score and its weight
/// (config, by id; default 1).
fn child(scoring: &Scoring, node: &NodeScore) -> ChildScore {
    ChildScore {
        id: node.id.clone(),
        score: node.score,
        weight: scoring.weight(&node.id, Decimal::ONE),
    }
}

/// A goal, line, axis or the plan from its children.
fn aggregate(
    scoring: &Scoring,
    id: &str,
    level: Level,
    children: Vec<ChildScore>,
    coverage: Coverage,
) -> NodeScore {
    let score = weighted_mean(&children);
    NodeScore {
        id: id.to_string(),
        level,
        score,
        band: scoring.band(score),
        coverage: coverage.score(),
        status: if score.is_some() {
            Status::Scored
        } else {
            Status::Pending
        },
        explanation: Explanation::Children { children },
    }
}

/// Weighted mean of the children that have a score, rounded; `None` if none
/// has, or if their weights add up to 0.
///
/// Exact: scores are whole millionths and weights (at most 6 decimals, at most
/// [`MAX_WEIGHT`](crate::MAX_WEIGHT), checked with the plan and the
/// configuration) whole millionths too, so the mean is a ratio of whole
/// numbers, rounded once, half away from zero. Each product is at most 10¹⁸,
/// so an `i128` holds the sum of more children than any plan has.
fn weighted_mean(children: &[ChildScore]) -> Option<Score> {
    let mut total_weight: i128 = 0;
    let mut sum: i128 = 0;
    for c in children {
        if let Some(score) = c.score {
            let weight = weight_millionths(c.weight);
            total_weight = total_weight.saturating_add(weight);
            sum = sum.saturating_add(i128::from(score.millionths()).saturating_mul(weight));
        }
    }
    if total_weight == 0 {
        return None;
    }
    // Both are non-negative: rounding half away from zero is rounding half up.
    let millionths = (sum.saturating_mul(2).saturating_add(total_weight)) / (total_weight * 2);
    let millionths = u32::try_from(millionths.clamp(0, 1_000_000)).unwrap_or(1_000_000);
    Score::from_millionths(millionths).or(Some(Score::ONE))
}

/// A weight in whole millionths. Weights are checked to hold at most 6
/// decimals and to be in [0, 10⁶]; a weight outside (which the checks never
/// let through) is held at the nearest bound rather than wrapped.
fn weight_millionths(weight: Decimal) -> i128 {
    let clamped = weight.clamp(Decimal::ZERO, crate::MAX_WEIGHT);
    let mut scaled = clamped;
    scaled.rescale(6);
    scaled.mantissa()
}
