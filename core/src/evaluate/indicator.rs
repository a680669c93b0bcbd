//! Phase 2, each indicator on its own (SPEC §3): its items (targets or its
//! milestone) scored from what is visible of it, its consistency notes and
//! its social-audit discrepancies.
//!
//! [`score_indicator`] is a pure function of the plan, one indicator's
//! visible data, the scoring date and the configuration: it writes nothing
//! but its [`IndicatorOutcome`], so indicators can be scored in any order,
//! apart, or again only when their data changed.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::visible::{Reported, VisibleIndicator};
use super::{year_end, Scoring};
use crate::evaluate::scorecard::{
    ConsistencyNote, Direction, Discrepancy, Explanation, Item, MilestoneState, NodeScore,
    RecordedLater, Status, TargetNote,
};
use crate::ledger::{CellId, StoredTarget};
use crate::period::Period;
use crate::plan::{Accumulation, EntityIndex, IndicatorIndex, Level, Measure};
use crate::score::{round_6dp, Score};

/// What scoring one indicator gives.
#[derive(Debug, Clone)]
pub(crate) struct IndicatorOutcome {
    /// Its node of the scorecard, with its items as explanation.
    pub node: NodeScore,
    /// Its milestone's state, for its action's status (`None`: not a
    /// milestone indicator).
    pub milestone: Option<MilestoneState>,
    /// Totals that differ from the sum of their cells, by period and entity.
    pub consistency: Vec<ConsistencyNote>,
    /// Verification values beyond the tolerance, by period, entity and cell.
    pub discrepancies: Vec<Discrepancy>,
}

/// Scores one indicator: its year and window targets, or its milestone.
/// `cell_names` gives a cell's dimension → value map, for discrepancies.
pub(crate) fn score_indicator(
    scoring: &Scoring,
    index: IndicatorIndex,
    visible: &VisibleIndicator,
    cell_names: impl Fn(CellId) -> BTreeMap<String, String>,
) -> IndicatorOutcome {
    let ind = scoring.plan.indicator_at(index);
    let mut items = Vec::new();
    let mut milestone = None;
    let mut consistency = Vec::new();
    let mut discrepancies = Vec::new();
    let status = match ind.measure {
        Measure::Text => Status::Text,
        Measure::Milestone => {
            let (item, state) = milestone_item(scoring, index, visible);
            milestone = Some(state);
            let scored = item.achievement().is_some();
            items.push(item);
            if scored {
                Status::Scored
            } else {
                Status::Pending
            }
        }
        _ => {
            consistency = inconsistent_totals(scoring, index, visible);
            discrepancies = audit(scoring, index, visible, cell_names);
            for t in &visible.targets {
                items.push(target_item(scoring, index, t, visible));
            }
            if items.iter().any(|i| i.achievement().is_some()) {
                Status::Scored
            } else if visible.targets.is_empty() {
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
    IndicatorOutcome {
        node: NodeScore {
            id: ind.id.clone(),
            level: Level::Indicator,
            score,
            band: scoring.band(score),
            coverage: if score.is_some() {
                Score::ONE
            } else {
                Score::ZERO
            },
            status,
            explanation: Explanation::Indicator { items },
        },
        milestone,
        consistency,
        discrepancies,
    }
}

/// A consistency note for each total that differs from the sum of its
/// cells, in period and entity order (additive measures only: the cells of
/// a percentage or level do not add up to it).
fn inconsistent_totals(
    scoring: &Scoring,
    index: IndicatorIndex,
    visible: &VisibleIndicator,
) -> Vec<ConsistencyNote> {
    let plan = scoring.plan;
    let ind = plan.indicator_at(index);
    if !ind.measure.is_additive() {
        return Vec::new();
    }
    visible
        .reported
        .iter()
        .filter_map(|r| {
            let total = r.total?;
            (r.cells > 0 && total != r.cells_sum).then(|| ConsistencyNote {
                indicator: ind.id.clone(),
                period: r.period,
                entity: plan.entity_at(r.entity).code.clone(),
                total,
                cells_sum: r.cells_sum,
                cells: r.cells,
            })
        })
        .collect()
}

/// Verification values that differ from the official value of their key by
/// more than the tolerance, ordered by period, entity and cell.
fn audit(
    scoring: &Scoring,
    index: IndicatorIndex,
    visible: &VisibleIndicator,
    cell_names: impl Fn(CellId) -> BTreeMap<String, String>,
) -> Vec<Discrepancy> {
    let plan = scoring.plan;
    let mut found = Vec::new();
    for (key, off, ver) in visible.verified() {
        let base = if off.is_zero() {
            Decimal::ONE
        } else {
            off.abs()
        };
        // A tolerance so large that tolerance × base overflows allows
        // any difference a decimal can hold.
        let beyond = scoring
            .config
            .tolerance
            .checked_mul(base)
            .is_some_and(|allowed| (ver - off).abs() > allowed);
        if beyond {
            let (period, entity, cell) = key;
            found.push(Discrepancy {
                indicator: plan.indicator_at(index).id.clone(),
                period,
                entity: plan.entity_at(entity).code.clone(),
                cell: cell_names(cell),
                official: off,
                verification: ver,
            });
        }
    }
    found.sort_by(|a, b| (a.period, &a.entity, &a.cell).cmp(&(b.period, &b.entity, &b.cell)));
    found
}

/// The period value A over `window` for a target's entity (or all).
fn period_value(
    scoring: &Scoring,
    index: IndicatorIndex,
    reported: &[Reported],
    window: Period,
    entity: Option<EntityIndex>,
    started_by: Option<NaiveDate>,
) -> Option<Decimal> {
    let plan = scoring.plan;
    let ind = plan.indicator_at(index);
    let mut flow_sum: Option<Decimal> = None;
    // Stock: per entity, the value of the latest period that has one.
    let mut latest: BTreeMap<EntityIndex, (Period, Decimal)> = BTreeMap::new();
    for r in reported {
        let (period, e) = (r.period, r.entity);
        if !window.contains(&period) {
            continue;
        }
        if started_by.is_some_and(|d| period.start() > d) {
            continue;
        }
        if let Some(target_entity) = entity {
            if !plan.entity_within(e, target_entity) {
                continue;
            }
        }
        let Some(v) = r.value(ind.measure) else {
            continue;
        };
        match ind.accumulation {
            Accumulation::Flow => flow_sum = Some(flow_sum.unwrap_or_default().saturating_add(v)),
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

/// One target's item: due or not, its period value and achievement.
fn target_item(
    scoring: &Scoring,
    index: IndicatorIndex,
    t: &StoredTarget,
    visible: &VisibleIndicator,
) -> Item {
    let as_of = scoring.as_of;
    let plan = scoring.plan;
    let entity = t.entity.map(|e| plan.entity_at(e).code.clone());
    let (b, target) = (t.baseline, t.value);
    // Without a visible value: the official records that would have been
    // taken in (inside the period, started by D, from the target's entity
    // or its dependencies) had they been recorded by the knowledge date.
    let recorded_later = |note: TargetNote| {
        if !matches!(
            note,
            TargetNote::NoDataScoredZero | TargetNote::NoDataNotScored
        ) {
            return None;
        }
        let records = visible.later_official(|period, e| {
            t.period.contains(&period)
                && period.start() <= as_of
                && t.entity.is_none_or(|te| plan.entity_within(e, te))
        });
        (records > 0).then_some(RecordedLater {
            records,
            known_on: visible.known_on,
        })
    };
    let make = |months_ended, months, on_track, value, achievement, note| Item::Target {
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
        recorded_later: recorded_later(note),
    };
    match t.period {
        Period::Window(..) => {
            let months = t.period.months();
            let ended = months_ended(t.period, as_of).min(months);
            if ended < 1 {
                return make(
                    Some(0),
                    Some(months),
                    None,
                    None,
                    None,
                    TargetNote::NoMonthEnded { window: t.period },
                );
            }
            let on_track = round_6dp(on_track_target(b, target, ended, months));
            let a = period_value(
                scoring,
                index,
                &visible.reported,
                t.period,
                t.entity,
                Some(as_of),
            );
            let (achievement, note) = achievement(scoring, a, b, target, Some((ended, months)));
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
            if due > as_of {
                return make(None, None, None, None, None, TargetNote::NotDue { due });
            }
            let a = period_value(scoring, index, &visible.reported, t.period, t.entity, None);
            let (achievement, note) = achievement(scoring, a, b, target, None);
            make(None, None, None, a, achievement, note)
        }
    }
}

/// a = clamp((A − B) / (T' − B), 0, 1) with T' − B = (T − B)·m/M for windows.
fn achievement(
    scoring: &Scoring,
    a: Option<Decimal>,
    b: Decimal,
    t: Decimal,
    months: Option<(i64, i64)>,
) -> (Option<Score>, TargetNote) {
    let Some(a) = a else {
        return if scoring.config.missing_data_is_zero {
            (Some(Score::ZERO), TargetNote::NoDataScoredZero)
        } else {
            (None, TargetNote::NoDataNotScored)
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
    let direction = if t < b {
        Direction::Reduce
    } else {
        Direction::Increase
    };
    (
        Some(Score::of_fraction(clamped)),
        TargetNote::Scored { direction },
    )
}

/// A milestone indicator's item: due at its plazo's end, achieved (as known)
/// on or before the scoring date, or not.
fn milestone_item(
    scoring: &Scoring,
    index: IndicatorIndex,
    visible: &VisibleIndicator,
) -> (Item, MilestoneState) {
    let achieved = visible.milestone;
    let as_of = scoring.as_of;
    let plazo = scoring.plan.indicator_plazo(index);
    let due = year_end(plazo.end_year).unwrap_or(NaiveDate::MAX);
    let achieved_on = achieved.filter(|d| *d <= as_of);
    let (state, achievement) = match achieved_on {
        Some(d) if d <= due => (MilestoneState::OnTime, Some(Score::ONE)),
        Some(_) => (
            MilestoneState::Late,
            Some(Score::of_fraction(scoring.config.late_credit)),
        ),
        None if as_of > due => (MilestoneState::Overdue, Some(Score::ZERO)),
        None => (MilestoneState::Pending, None),
    };
    let recorded_later =
        (achieved.is_none() && visible.later_milestones > 0).then_some(RecordedLater {
            records: visible.later_milestones,
            known_on: visible.known_on,
        });
    let item = Item::Milestone {
        due,
        achieved_on,
        state,
        achievement,
        recorded_later,
    };
    (item, state)
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
