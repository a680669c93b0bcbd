//! Phase 4, the institutions (SPEC §3): each entity's mean over the scored
//! actions it answers for, itself or through a dependency.

use rust_decimal::Decimal;

use super::rollup::ActionOutcome;
use super::Scoring;
use crate::evaluate::scorecard::{EntityScore, Status};
use crate::plan::ActionIndex;
use crate::score::Score;

/// Every entity responsible for at least one action, in registry order.
/// `actions` holds each action's outcome by action index.
pub(crate) fn entity_scores(scoring: &Scoring, actions: &[ActionOutcome]) -> Vec<EntityScore> {
    let plan = scoring.plan;
    // Each entity's actions, in reading order, in one pass over the actions'
    // (few) covered entities.
    let mut covered: Vec<Vec<ActionIndex>> = vec![Vec::new(); plan.entities().len()];
    for a in plan.action_indexes() {
        for &e in plan.covered_entities(a) {
            covered[e.get()].push(a);
        }
    }
    let outcome = |a: ActionIndex| actions.get(a.get());
    plan.entities()
        .iter()
        .zip(covered)
        .filter(|(_, covered)| !covered.is_empty())
        .map(|(entity, covered)| {
            let scores: Vec<Decimal> = covered
                .iter()
                .filter_map(|&a| outcome(a).and_then(|o| o.score))
                .map(Score::to_decimal)
                .collect();
            let score = if scores.is_empty() {
                None
            } else {
                let sum: Decimal = scores.iter().copied().sum();
                Some(Score::of_fraction(sum / Decimal::from(scores.len() as u64)))
            };
            EntityScore {
                code: entity.code.clone(),
                score,
                band: scoring.band(score),
                actions: covered.len(),
                scored_actions: scores.len(),
                overdue: covered
                    .iter()
                    .filter(|&&a| outcome(a).is_some_and(|o| o.status == Status::Overdue))
                    .map(|&a| plan.action_at(a).id.clone())
                    .collect(),
            }
        })
        .collect()
}
