//! An evaluation kept up to date as records are added to its ledger.
//!
//! A ledger's history only grows (see `LedgerId`): the records it held when
//! an evaluation last read it are the first records of each kind it holds
//! now, so the records added since are those past the counts it read then.
//! What is visible of an indicator does not depend on the order its records
//! are offered in (`visible`), so each indicator's visible data is kept and
//! extended by the new records alone; only the indicators those records
//! name are scored again. The phases after them (the roll-up, the entities
//! and their rankings) are as large as the plan, not the ledger, and run
//! again whole from the kept outcomes; reporting compliance runs again only
//! when submissions or obligations were added. Recommendations and
//! follow-ups do not enter the scorecard.

use std::sync::Arc;

use chrono::NaiveDate;

use super::indicator::{score_indicator, IndicatorOutcome};
use super::visible::{self, Seen};
use super::{
    assemble, check, per_indicator, reporting, Config, EvaluateError, Reporting, Scorecard, Scoring,
};
use crate::ledger::{Ledger, LedgerId};
use crate::plan::{IndicatorIndex, Plan};

/// Places of the record kinds in [`Ledger::counts`].
const TARGETS: usize = 0;
const OBSERVATIONS: usize = 1;
const MILESTONES: usize = 2;
const SUBMISSIONS: usize = 3;
const OBLIGATIONS: usize = 4;

/// An evaluation as of a date that follows its ledger: after records are
/// added to the ledger, [`Evaluation::refresh`] reads only those records and
/// scores again only what they touch. Its scorecard is always the one
/// [`evaluate`](crate::evaluate) gives for the ledger as last read, to the
/// byte.
///
/// It keeps, per indicator, the latest visible revision of each key (as
/// large as the keys, not the records) and the indicator's outcome.
///
/// ```
/// use std::sync::Arc;
/// use chrono::NaiveDate;
/// use seguimiento::{evaluate, Config, Evaluation, Ledger, Mode, Plan};
/// let plan = Arc::new(Plan::embedded());
/// let mut ledger = Ledger::new(plan.clone());
/// ledger.ingest_json(r#"{"targets": [
///     {"indicator": "E1.L1.M2.A2.I3", "period": "2008", "value": "10"}
/// ]}"#, Mode::Strict).unwrap();
/// let as_of = NaiveDate::from_ymd_opt(2008, 12, 31).unwrap();
/// let mut evaluation = Evaluation::new(&plan, &ledger, as_of, &Config::default()).unwrap();
/// ledger.ingest_json(r#"{"observations": [
///     {"indicator": "E1.L1.M2.A2.I3", "period": "2008", "entity": "GIT", "value": "8"}
/// ]}"#, Mode::Strict).unwrap();
/// let refresh = evaluation.refresh(&ledger).unwrap();
/// assert_eq!((refresh.records, refresh.indicators), (1, 1));
/// let full = evaluate(&plan, &ledger, as_of, &Config::default()).unwrap();
/// assert_eq!(evaluation.scorecard().to_json(), full.to_json());
/// ```
#[derive(Debug, Clone)]
pub struct Evaluation {
    plan: Arc<Plan>,
    as_of: NaiveDate,
    config: Config,
    known_on: NaiveDate,
    /// The ledger it follows.
    ledger: LedgerId,
    /// The ledger's counts when last read ([`Ledger::counts`]).
    counts: [usize; 7],
    /// Per indicator, what is visible of it.
    seen: Vec<Seen>,
    /// Per indicator, its outcome.
    outcomes: Vec<IndicatorOutcome>,
    reporting: Reporting,
    scorecard: Scorecard,
}

/// What one [`Evaluation::refresh`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refresh {
    /// Records read: those added to the ledger since it was last read.
    pub records: usize,
    /// Indicators scored again.
    pub indicators: usize,
    /// Whether reporting compliance was computed again.
    pub reporting: bool,
    /// Whether the whole evaluation ran again, the ledger's history having
    /// changed in a way the kept state cannot follow (fewer records of a
    /// kind than last read).
    pub full: bool,
}

impl Evaluation {
    /// Evaluates `ledger` as of `as_of`, as [`evaluate`](crate::evaluate)
    /// does, keeping what a later [`refresh`](Evaluation::refresh) needs.
    /// Fails as `evaluate` fails.
    pub fn new(
        plan: &Plan,
        ledger: &Ledger,
        as_of: NaiveDate,
        config: &Config,
    ) -> Result<Evaluation, EvaluateError> {
        check(plan, ledger, config, &[as_of])?;
        Ok(Evaluation::from_scratch(ledger, as_of, config.clone()))
    }

    /// Every phase over every record of `ledger` (whose plan was checked).
    fn from_scratch(ledger: &Ledger, as_of: NaiveDate, config: Config) -> Evaluation {
        let plan = Arc::clone(ledger.plan());
        let known_on = config.known_on_for(as_of);
        let store = ledger.store();
        let scoring = Scoring {
            plan: &plan,
            as_of,
            config: &config,
        };
        // Indicators apart, on every core for a large ledger, as `evaluate`.
        let (seen, outcomes): (Vec<Seen>, Vec<IndicatorOutcome>) =
            per_indicator(&plan, store, |index| {
                let seen = visible::visible(store, index, known_on);
                let outcome =
                    score_indicator(&scoring, index, &seen.view(), |cell| ledger.cell_map(cell));
                (seen, outcome)
            })
            .into_iter()
            .unzip();
        let reporting = reporting::reporting(&scoring, store);
        let scorecard = assemble(&scoring, known_on, outcomes.clone(), reporting.clone());
        Evaluation {
            ledger: ledger.id(),
            counts: ledger.counts(),
            plan,
            as_of,
            config,
            known_on,
            seen,
            outcomes,
            reporting,
            scorecard,
        }
    }

    /// Brings the scorecard up to date with `ledger`, which must be the
    /// ledger the evaluation was made from (not a copy): reads the records
    /// added since it was last read, scores again the indicators they name
    /// (targets, observations, milestones), rolls the tree, the entities and
    /// the rankings up again, and computes reporting compliance again if
    /// submissions or obligations were added.
    ///
    /// Fails with [`EvaluateError::OtherLedger`] for another ledger, leaving
    /// the evaluation as it was.
    pub fn refresh(&mut self, ledger: &Ledger) -> Result<Refresh, EvaluateError> {
        if ledger.id() != self.ledger {
            return Err(EvaluateError::OtherLedger);
        }
        let counts = ledger.counts();
        if counts
            .iter()
            .zip(&self.counts)
            .any(|(now, then)| now < then)
        {
            *self = Evaluation::from_scratch(ledger, self.as_of, self.config.clone());
            return Ok(Refresh {
                records: counts.iter().sum(),
                indicators: self.outcomes.len(),
                reporting: true,
                full: true,
            });
        }
        let records = counts
            .iter()
            .zip(&self.counts)
            .map(|(now, then)| now - then)
            .sum();
        let store = ledger.store();
        let mut touched = vec![false; self.seen.len()];
        for (seq, t) in store.targets_since(self.counts[TARGETS]) {
            touched[t.indicator.get()] = true;
            self.seen[t.indicator.get()].add_target(seq, t);
        }
        for (seq, o) in store.observations_since(self.counts[OBSERVATIONS]) {
            touched[o.indicator.get()] = true;
            self.seen[o.indicator.get()].add_observation(seq, o);
        }
        for (seq, m) in store.milestones_since(self.counts[MILESTONES]) {
            touched[m.indicator.get()] = true;
            self.seen[m.indicator.get()].add_milestone(seq, m);
        }
        let reporting_changed = [SUBMISSIONS, OBLIGATIONS]
            .iter()
            .any(|&kind| counts[kind] != self.counts[kind]);
        self.counts = counts;

        let scoring = Scoring {
            plan: &self.plan,
            as_of: self.as_of,
            config: &self.config,
        };
        let mut indicators = 0;
        for (i, _) in touched.iter().enumerate().filter(|(_, &t)| t) {
            self.outcomes[i] = score_indicator(
                &scoring,
                IndicatorIndex::new(i),
                &self.seen[i].view(),
                |cell| ledger.cell_map(cell),
            );
            indicators += 1;
        }
        if reporting_changed {
            self.reporting = reporting::reporting(&scoring, store);
        }
        if indicators > 0 || reporting_changed {
            self.scorecard = assemble(
                &scoring,
                self.known_on,
                self.outcomes.clone(),
                self.reporting.clone(),
            );
        }
        Ok(Refresh {
            records,
            indicators,
            reporting: reporting_changed,
            full: false,
        })
    }

    /// The scorecard as of the ledger last read.
    pub fn scorecard(&self) -> &Scorecard {
        &self.scorecard
    }

    /// The scorecard, keeping nothing else.
    pub fn into_scorecard(self) -> Scorecard {
        self.scorecard
    }

    /// The evaluation (scoring) date D.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The knowledge date K.
    pub fn known_on(&self) -> NaiveDate {
        self.known_on
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The plan evaluated.
    pub fn plan(&self) -> &Arc<Plan> {
        &self.plan
    }
}
