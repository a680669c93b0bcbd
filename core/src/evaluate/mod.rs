//! Evaluation as of a date (SPEC §3): a pure function of the plan, the
//! ledger, the date and the configuration.
//!
//! Only records known on the knowledge date K count (`recorded_on ≤ K`, or
//! none; K is `config.known_on`, default the scoring date D), and of each
//! key the latest such revision; D decides what is due. Arithmetic is exact; every score is
//! rounded to 6 decimals, half away from zero, at each node, and parents use
//! their children's rounded scores.
//!
//! [`evaluate`] (and [`evaluate_many`], for many dates) runs five phases, each in its own module:
//!
//! 1. `visible`: per indicator, the latest revision of each key known on
//!    the knowledge date, and what was recorded after it;
//! 2. `indicator`: per indicator, a pure function of that visible data,
//!    the scoring date and the configuration, giving an outcome (its node,
//!    its milestone's state, its consistency notes and discrepancies);
//! 3. `rollup`: actions from their indicators, then goals, lines, axes and
//!    the plan, with the coverage of scored actions;
//! 4. `entities`: each institution's score over the actions it answers for,
//!    and the rankings;
//! 5. `reporting`: reporting compliance from obligations and submissions.

mod config;
mod entities;
mod incremental;
mod indicator;
mod reporting;
mod rollup;
mod scorecard;
mod visible;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

pub(crate) use config::weight_in_range;
pub use config::{Config, ConfigError, MAX_WEIGHT, WEIGHT_PLACES};
pub use incremental::{Evaluation, Refresh};
pub use scorecard::*;

use crate::ledger::Ledger;
use crate::messages::Excerpt;
use crate::plan::{Level, Plan};
use crate::score::Score;

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
    /// The configuration is out of range, or weighs a node the plan lacks.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The date is further from the plan's horizon than
    /// [`YEAR_MARGIN`](crate::YEAR_MARGIN) years.
    #[error("the evaluation date {as_of} is outside the years this plan may be evaluated in ({first} to {last}: its horizon and {margin} years on either side)", margin = crate::plan::YEAR_MARGIN)]
    AsOfOutsidePlan {
        /// The date given.
        as_of: NaiveDate,
        /// The first year allowed.
        first: i32,
        /// The last year allowed.
        last: i32,
    },
    /// An [`Evaluation`] was refreshed with a ledger other than the one it
    /// was made from (a copy of that ledger is another ledger).
    #[error("the evaluation was made from another ledger (a copy of a ledger is another ledger): refresh it with the ledger it was made from, or make a new evaluation")]
    OtherLedger,
}

/// One visible official value of an indicator: its period, entity, cell
/// (dimension id → value; empty for the entity's total) and value.
pub(crate) type OfficialValue = (
    crate::period::Period,
    crate::plan::EntityIndex,
    std::collections::BTreeMap<String, String>,
    Decimal,
);

/// The official values of one indicator as known on `known_on` (the latest
/// visible revision of each key, SPEC §3): what its scores were computed
/// from, for the public view's tables. Sorted by period, entity and cell.
pub(crate) fn visible_official(
    ledger: &Ledger,
    index: crate::plan::IndicatorIndex,
    known_on: NaiveDate,
) -> Vec<OfficialValue> {
    let seen = visible::visible(ledger.store(), index, known_on);
    let view = seen.view();
    let mut out: Vec<OfficialValue> = view
        .official_values()
        .map(|((period, entity, cell), value)| (period, entity, ledger.cell_map(cell), value))
        .collect();
    out.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    out
}

/// Evaluates a plan's compliance as of `as_of`.
///
/// What is due, achieved and submitted is decided by `as_of` (D); what is
/// known by the knowledge date `config.known_on` (K, default D): only
/// records with `recorded_on ≤ K` (or none) are visible (SPEC §3).
///
/// ```
/// use std::sync::Arc;
/// use chrono::NaiveDate;
/// use seguimiento::{evaluate, Config, Ledger, Mode, Plan};
/// let plan = Arc::new(Plan::embedded());
/// let mut ledger = Ledger::new(plan.clone());
/// ledger.ingest_json(r#"{
///   "targets": [{"indicator": "E1.L1.M2.A2.I3", "period": "2008", "value": "10"}],
///   "observations": [{"indicator": "E1.L1.M2.A2.I3", "period": "2008", "entity": "GIT",
///                     "value": "8", "recorded_on": "2009-02-06"}]
/// }"#, Mode::Strict).unwrap();
/// let as_of = NaiveDate::from_ymd_opt(2008, 12, 31).unwrap();
/// let card = evaluate(&plan, &ledger, as_of, &Config::default()).unwrap();
/// assert_eq!(card.node("E1.L1.M2.A2.I3").unwrap().score.unwrap().to_string(), "0.000000");
/// // The same year, as known once the figures came in.
/// let config = Config { known_on: NaiveDate::from_ymd_opt(2009, 3, 31), ..Config::default() };
/// let card = evaluate(&plan, &ledger, as_of, &config).unwrap();
/// assert_eq!(card.node("E1.L1.M2.A2.I3").unwrap().score.unwrap().to_string(), "0.800000");
/// ```
pub fn evaluate(
    plan: &Plan,
    ledger: &Ledger,
    as_of: NaiveDate,
    config: &Config,
) -> Result<Scorecard, EvaluateError> {
    check(plan, ledger, config, &[as_of])?;
    let known_on = config.known_on_for(as_of);
    let scoring = Scoring {
        plan,
        as_of,
        config,
    };
    let store = ledger.store();
    let outcomes = per_indicator(plan, store, |index| {
        let seen = visible::visible(store, index, known_on);
        indicator::score_indicator(&scoring, index, &seen.view(), |cell| ledger.cell_map(cell))
    });
    let reporting = reporting::reporting(&scoring, store);
    Ok(assemble(&scoring, known_on, outcomes, reporting))
}

/// Evaluates a plan's compliance as of each of `dates`, in the order given:
/// the same scorecards as calling [`evaluate`] for each date, computed
/// sharing the work. Each indicator's records are sorted by when they were
/// recorded once, and each record is offered to what is known once, at the
/// first knowledge date that sees it; with `config.known_on` set, every
/// date shares one knowledge date.
///
/// ```
/// use std::sync::Arc;
/// use chrono::NaiveDate;
/// use seguimiento::{evaluate, evaluate_many, Config, Ledger, Plan};
/// let plan = Arc::new(Plan::embedded());
/// let ledger = Ledger::new(plan.clone());
/// let dates: Vec<NaiveDate> = (2007..=2017).map(|y| NaiveDate::from_ymd_opt(y, 12, 31).unwrap()).collect();
/// let cards = evaluate_many(&plan, &ledger, &dates, &Config::default()).unwrap();
/// assert_eq!(cards.len(), 11);
/// assert_eq!(cards[3], evaluate(&plan, &ledger, dates[3], &Config::default()).unwrap());
/// ```
pub fn evaluate_many(
    plan: &Plan,
    ledger: &Ledger,
    dates: &[NaiveDate],
    config: &Config,
) -> Result<Vec<Scorecard>, EvaluateError> {
    check(plan, ledger, config, dates)?;
    let known_on: Vec<NaiveDate> = dates.iter().map(|&d| config.known_on_for(d)).collect();
    let store = ledger.store();
    let scorings: Vec<Scoring> = dates
        .iter()
        .map(|&as_of| Scoring {
            plan,
            as_of,
            config,
        })
        .collect();
    let mut outcomes: Vec<Vec<indicator::IndicatorOutcome>> = dates
        .iter()
        .map(|_| Vec::with_capacity(plan.indicator_count()))
        .collect();
    let per_date = per_indicator(plan, store, |index| {
        let history = visible::History::of(store, index);
        // Dates are visited in the order of their knowledge dates, not in
        // the order given: each outcome keeps its date's position.
        let mut of_indicator = Vec::with_capacity(dates.len());
        history.each_visible(&known_on, |i, seen| {
            of_indicator.push((
                i,
                indicator::score_indicator(&scorings[i], index, seen, |cell| ledger.cell_map(cell)),
            ));
        });
        of_indicator
    });
    for of_indicator in per_date {
        for (i, outcome) in of_indicator {
            outcomes[i].push(outcome);
        }
    }
    Ok(scorings
        .iter()
        .zip(known_on)
        .zip(outcomes)
        .map(|((scoring, known_on), outcomes)| {
            let reporting = reporting::reporting(scoring, store);
            assemble(scoring, known_on, outcomes, reporting)
        })
        .collect())
}

/// Below this many stored observations an evaluation runs on the calling
/// thread alone: starting threads would cost more than they save.
const PARALLEL_FROM_OBSERVATIONS: usize = 100_000;

/// `work` for every indicator of the plan, the results in the plan's order.
///
/// Indicators are scored independently of each other (phases 1 and 2), so a
/// large ledger's are shared among the machine's cores: each thread takes
/// the next indicator not yet taken, the indicators with most observations
/// first so that one large indicator does not finish last alone. The order
/// of the results, and so the scorecard, does not depend on the threads.
fn per_indicator<T: Send>(
    plan: &Plan,
    store: &crate::ledger::Store,
    work: impl Fn(crate::plan::IndicatorIndex) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(plan.indicator_count());
    if threads <= 1 || store.counts()[1] < PARALLEL_FROM_OBSERVATIONS {
        return plan.indicator_indexes().map(work).collect();
    }
    let mut order: Vec<crate::plan::IndicatorIndex> = plan.indicator_indexes().collect();
    order.sort_by_key(|&index| std::cmp::Reverse(store.observation_count_of(index)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(crate::plan::IndicatorIndex, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&index) = order.get(taken) else {
                            return mine;
                        };
                        mine.push((index, work(index)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            // A worker panics only if `work` does, and the serial path
            // would have panicked the same way: pass it on unchanged.
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect()
    });
    done.sort_by_key(|(index, _)| index.get());
    done.into_iter().map(|(_, result)| result).collect()
}

/// The configuration is in range, every evaluation date is within the years
/// the plan's records may name, and the ledger was made from this plan.
fn check(
    plan: &Plan,
    ledger: &Ledger,
    config: &Config,
    dates: &[NaiveDate],
) -> Result<(), EvaluateError> {
    config.validate()?;
    // A weight for no node would be silently ignored: a misspelt id is an
    // error, as a misspelt field is.
    for id in config.weights.keys() {
        if plan
            .node(id)
            .is_none_or(|node| node.level() == Level::Plazo)
        {
            return Err(EvaluateError::Config(ConfigError {
                field: format!("weights.{}", Excerpt::new(id)),
                reason: format!(
                    "{} is not a node of plan {} that has a score",
                    Excerpt::new(id).quoted(),
                    Excerpt::new(&plan.document().id).quoted()
                ),
            }));
        }
    }
    let years = plan.record_years();
    if let Some(&as_of) = dates.iter().find(|d| !years.contains(&d.year())) {
        return Err(EvaluateError::AsOfOutsidePlan {
            as_of,
            first: *years.start(),
            last: *years.end(),
        });
    }
    if !std::ptr::eq(plan, ledger.plan().as_ref()) && plan != ledger.plan().as_ref() {
        return Err(EvaluateError::PlanMismatch {
            plan: plan.document().id.clone(),
            ledger_plan: ledger.plan().document().id.clone(),
        });
    }
    Ok(())
}

/// Reporting compliance: its summary rows and its detail.
type Reporting = (Vec<ReportingRow>, Vec<ExpectedReport>);

/// The phases after each indicator's own: the roll-up and the entities, and
/// the scorecard with the indicators' notes in indicator order and the
/// reporting compliance.
fn assemble(
    scoring: &Scoring,
    known_on: NaiveDate,
    outcomes: Vec<indicator::IndicatorOutcome>,
    (reporting, reporting_detail): Reporting,
) -> Scorecard {
    let mut indicators = outcomes;
    let mut consistency = Vec::new();
    let mut discrepancies = Vec::new();
    for outcome in &mut indicators {
        // In indicator order, each indicator's own already in order.
        consistency.append(&mut outcome.consistency);
        discrepancies.append(&mut outcome.discrepancies);
    }
    let rolled = rollup::roll_up(scoring, indicators);
    let entities = entities::entity_scores(scoring, &rolled.actions);
    let rankings = entities::rankings(scoring, &entities);
    Scorecard {
        as_of: scoring.as_of,
        known_on,
        plan: scoring.plan.document().id.clone(),
        band_thresholds: BandThresholds {
            green: scoring.config.green,
            yellow: scoring.config.yellow,
        },
        nodes: rolled.nodes,
        entities,
        rankings,
        reporting,
        reporting_detail,
        discrepancies,
        consistency,
    }
}

/// What every scoring phase reads besides its own data: the plan, the
/// scoring date D (what is due, and achieved, by then) and the configuration.
pub(crate) struct Scoring<'a> {
    pub plan: &'a Plan,
    pub as_of: NaiveDate,
    pub config: &'a Config,
}

impl Scoring<'_> {
    /// The semáforo of a score.
    fn band(&self, score: Option<Score>) -> Band {
        match score.map(Score::to_decimal) {
            None => Band::None,
            Some(s) if s >= self.config.green => Band::Green,
            Some(s) if s >= self.config.yellow => Band::Yellow,
            Some(_) => Band::Red,
        }
    }

    /// A node's weight in its parent's score: the configuration's, else `default`.
    fn weight(&self, id: &str, default: Decimal) -> Decimal {
        self.config.weights.get(id).copied().unwrap_or(default)
    }
}

/// 31 December of `year`.
fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}
