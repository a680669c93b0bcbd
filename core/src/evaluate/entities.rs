//! Phase 4, the institutions (SPEC §3): each entity's mean over the scored
//! actions it answers for, itself or through a dependency; and the
//! rankings, where institutions and groups are ranked apart and an entity
//! with too few scored actions is not ranked (issue 9).

use rust_decimal::Decimal;

use super::rollup::ActionOutcome;
use super::Scoring;
use crate::evaluate::scorecard::{EntityScore, RankedEntity, Standing, Status};
use crate::plan::{ActionIndex, EntityKind};
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

/// The rankings: per kind of entity (institutions, then groups), those
/// whose coverage reaches `min_rank_coverage` and that have a score, by
/// score (best first; ties by code, sharing a rank), then the others by
/// coverage (highest first), then code, unranked.
pub(crate) fn rankings(scoring: &Scoring, entities: &[EntityScore]) -> Vec<RankedEntity> {
    let plan = scoring.plan;
    let min = scoring.config.min_rank_coverage;
    let mut out = Vec::with_capacity(entities.len());
    for group in EntityKind::ALL {
        let mut ranked = Vec::new();
        let mut unranked = Vec::new();
        for e in entities {
            // An entity the plan does not know (none, from evaluate) is an institution.
            let kind = plan
                .entity(&e.code)
                .map_or(EntityKind::Institution, |x| x.kind);
            if kind != *group {
                continue;
            }
            let coverage = Score::ratio(e.scored_actions, e.actions);
            let standing = if e.score.is_some() && coverage.to_decimal() >= min {
                Standing::Ranked
            } else {
                Standing::InsufficientData
            };
            let row = RankedEntity {
                group: kind,
                rank: None,
                code: e.code.clone(),
                score: e.score,
                band: e.band,
                coverage,
                scored_actions: e.scored_actions,
                actions: e.actions,
                standing,
            };
            match standing {
                Standing::Ranked => ranked.push(row),
                Standing::InsufficientData => unranked.push(row),
            }
        }
        ranked.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.code.cmp(&b.code)));
        for i in 0..ranked.len() {
            let rank = match i.checked_sub(1).map(|p| &ranked[p]) {
                Some(previous) if previous.score == ranked[i].score => previous.rank,
                _ => Some(i + 1),
            };
            ranked[i].rank = rank;
        }
        unranked.sort_by(|a, b| {
            b.coverage
                .cmp(&a.coverage)
                .then_with(|| a.code.cmp(&b.code))
        });
        out.append(&mut ranked);
        out.append(&mut unranked);
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::evaluate::{Band, Config};
    use crate::Plan;

    fn entity(code: &str, score: Option<&str>, scored: usize, actions: usize) -> EntityScore {
        let score = score.map(|s| Score::of_fraction(s.parse().unwrap()));
        EntityScore {
            code: code.to_string(),
            score,
            band: Band::None,
            actions,
            scored_actions: scored,
            overdue: Vec::new(),
        }
    }

    fn ranked(config: &Config, entities: &[EntityScore]) -> Vec<String> {
        let plan = Plan::embedded();
        let scoring = Scoring {
            plan: &plan,
            as_of: NaiveDate::from_ymd_opt(2010, 12, 31).unwrap(),
            config,
        };
        rankings(&scoring, entities)
            .iter()
            .map(|r| {
                let rank = r.rank.map_or("-".to_string(), |n| n.to_string());
                format!("{} {rank} {} {}", r.group, r.code, r.standing)
            })
            .collect()
    }

    #[test]
    fn groups_apart_ties_share_a_rank_and_low_coverage_is_not_ranked() {
        let entities = [
            entity("GIT", Some("0.7"), 3, 3),
            entity("MRE", Some("0.8"), 4, 4),
            entity("PNC", Some("1"), 1, 7), // 1 of 7 actions scored: 100 % of little
            entity("OJ", Some("0.9"), 5, 5),
            entity("UC-GIT", Some("0.95"), 1, 4),
            entity("MP", Some("0.9"), 4, 7), // 0.571429 ≥ 0.5
            entity("SBS", None, 0, 2),
            entity("PGN", Some("0.6"), 1, 2), // exactly 0.5: ranked
        ];
        assert_eq!(
            ranked(&Config::default(), &entities),
            [
                "institution 1 MP ranked",
                "institution 1 OJ ranked",
                "institution 3 MRE ranked",
                "institution 4 PGN ranked",
                "institution - PNC insufficient_data",
                "institution - SBS insufficient_data",
                "group 1 GIT ranked",
                "group - UC-GIT insufficient_data",
            ]
        );
        // With no minimum, every entity with a score is ranked.
        let all = Config {
            min_rank_coverage: Decimal::ZERO,
            ..Config::default()
        };
        assert_eq!(
            ranked(&all, &entities),
            [
                "institution 1 PNC ranked",
                "institution 2 MP ranked",
                "institution 2 OJ ranked",
                "institution 4 MRE ranked",
                "institution 5 PGN ranked",
                "institution - SBS insufficient_data",
                "group 1 UC-GIT ranked",
                "group 2 GIT ranked",
            ]
        );
    }
}
