//! Evaluation and the scorecard: the core computes, this module converts.

use std::sync::Arc;

use chrono::NaiveDate;
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rust_decimal::Decimal;

use seguimiento::{
    evaluate as core_evaluate, evaluate_many as core_evaluate_many, ChildScore, Config,
    ConfigError as CoreConfigError, Evaluation as CoreEvaluation, Explanation, Item, Level,
    NodeScore, Plan as CorePlan, PublicView as CorePublicView, Score, Scorecard as CoreScorecard,
    ScorecardTable, UnknownName,
};

use crate::convert::{self, classify};
use crate::error::{guarded, raise, Failure};
use crate::ledger::Ledger;
use crate::tables;

/// A score as a Decimal with the 6 decimals of the scorecard JSON.
fn score(s: Option<Score>) -> Option<Decimal> {
    s.map(Score::to_decimal)
}

/// A configuration as given, read by the core, with the text a document's
/// cover fingerprints: a JSON str as it is (the bytes of the file it came
/// from, as the command hashes its `--config` file), None as the defaults'
/// JSON (what the command hashes without `--config`), a dict as the JSON of
/// the configuration read from it.
pub struct GivenConfig {
    /// The configuration (its `known_on` as given, not yet the argument's).
    pub config: Config,
    /// The text whose SHA-256 a document prints as the configuration's.
    pub text: String,
}

/// The configuration from None, a dict or a JSON string.
fn read_config(
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<Result<GivenConfig, CoreConfigError>> {
    let defaults = || {
        let config = Config::default();
        let text = config.to_json();
        GivenConfig { config, text }
    };
    let Some(obj) = config else {
        return Ok(Ok(defaults()));
    };
    if obj.is_none() {
        return Ok(Ok(defaults()));
    }
    if let Ok(text) = obj.cast::<PyString>() {
        let text = text.to_cow()?.into_owned();
        return Ok(Config::from_json(&text).map(|config| GivenConfig { config, text }));
    }
    if obj.cast::<PyDict>().is_err() {
        return Err(PyTypeError::new_err(format!(
            "config is None, a dict or a JSON str, not {}",
            obj.get_type().name()?
        )));
    }
    Ok(match convert::to_json(obj, "")? {
        Ok(json) => Config::from_json(&json.to_string()).map(|config| GivenConfig {
            text: config.to_json(),
            config,
        }),
        Err((field, reason)) => Err(CoreConfigError { field, reason }),
    })
}

/// A date argument (`as_of`, `known_on`): a `datetime.date` or what the
/// record reader takes as one; None is refused.
fn date_argument(name: &str, value: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
    match convert::date(&classify(value)?) {
        Ok(Some(d)) => Ok(d),
        Ok(None) => Err(PyTypeError::new_err(format!(
            "{name} is a datetime.date, not None"
        ))),
        Err(why) => Err(PyTypeError::new_err(format!("{name}: {why}"))),
    }
}

/// The configuration with the `known_on` argument, if given: it sets the
/// knowledge date; a config that gives another one is refused rather than
/// one of the two silently winning.
/// Also returns the configuration's text as given (see [`GivenConfig`]).
pub fn evaluation_config(
    py: Python<'_>,
    config: Option<&Bound<'_, PyAny>>,
    known_on: Option<&Bound<'_, PyAny>>,
) -> PyResult<(Config, String)> {
    let known_on = match known_on {
        Some(k) if !k.is_none() => Some(date_argument("known_on", k)?),
        _ => None,
    };
    let GivenConfig { mut config, text } = match read_config(config)? {
        Ok(c) => c,
        Err(e) => return Err(Failure::Config(e).into_pyerr(py)),
    };
    if let Some(k) = known_on {
        if config.known_on.is_some_and(|c| c != k) {
            let e = CoreConfigError {
                field: "known_on".into(),
                reason: format!(
                    "the config says {} and the known_on argument {k}; give one",
                    config.known_on.map(|c| c.to_string()).unwrap_or_default()
                ),
            };
            return Err(Failure::Config(e).into_pyerr(py));
        }
        config.known_on = Some(k);
    }
    Ok((config, text))
}

/// `plan.evaluate(ledger, as_of, config, known_on)`.
pub fn evaluate(
    py: Python<'_>,
    plan: &Arc<CorePlan>,
    ledger: &Bound<'_, Ledger>,
    as_of: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, PyAny>>,
    known_on: Option<&Bound<'_, PyAny>>,
) -> PyResult<Scorecard> {
    let as_of = date_argument("as_of", as_of)?;
    let (config, config_text) = evaluation_config(py, config, known_on)?;
    let plan = Arc::clone(plan);
    let held = ledger.get();
    let outcome = py.detach(|| {
        guarded(|| {
            let ledger = held.inner.read().map_err(|_| ledger_poisoned())?;
            // The counts are read under the same lock as the evaluation:
            // they say which records the scorecard saw.
            Ok((
                core_evaluate(&plan, &ledger, as_of, &config)?,
                ledger.counts(),
            ))
        })
    });
    let (card, counts) = raise(py, outcome)?;
    Ok(Scorecard {
        card,
        plan,
        ledger: ledger.clone().unbind(),
        counts,
        config,
        config_text,
    })
}

fn ledger_poisoned() -> Failure {
    Failure::Panic("the ledger was left inconsistent by an earlier internal error".into())
}

/// An evaluation as of a date that follows its ledger: after records are
/// added to the ledger, `refresh()` reads only those records and scores again
/// only the indicators they name (and the tree above them, the entities and,
/// for submissions and obligations, reporting). Its `scorecard` is always
/// the one `plan.evaluate(ledger, as_of, config, known_on)` gives, byte for
/// byte. Arguments as for `Plan.evaluate`; the plan is the ledger's.
#[pyclass(frozen, module = "seguimiento")]
pub struct Evaluation {
    ledger: Py<Ledger>,
    inner: std::sync::Mutex<CoreEvaluation>,
    /// The ledger's counts when the evaluation last read it, written while
    /// `inner` is locked: which records its scorecard saw.
    read: std::sync::Mutex<[usize; 7]>,
    /// The configuration's text as given (see [`GivenConfig`]), which its
    /// scorecards' documents fingerprint.
    config_text: String,
}

fn evaluation_poisoned() -> Failure {
    Failure::Panic("the evaluation was left inconsistent by an earlier internal error".into())
}

impl Evaluation {
    /// The kept evaluation, locked.
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, CoreEvaluation>, Failure> {
        self.inner.lock().map_err(|_| evaluation_poisoned())
    }
}

#[pymethods]
impl Evaluation {
    #[new]
    #[pyo3(signature = (ledger, as_of, config=None, known_on=None))]
    fn new(
        py: Python<'_>,
        ledger: &Bound<'_, Ledger>,
        as_of: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyAny>>,
        known_on: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Evaluation> {
        let as_of = date_argument("as_of", as_of)?;
        let (config, config_text) = evaluation_config(py, config, known_on)?;
        let held = ledger.get();
        let outcome = py.detach(|| {
            guarded(|| {
                let core = held.inner.read().map_err(|_| {
                    Failure::Panic(
                        "the ledger was left inconsistent by an earlier internal error".into(),
                    )
                })?;
                Ok((
                    CoreEvaluation::new(&held.plan, &core, as_of, &config)?,
                    core.counts(),
                ))
            })
        });
        let (inner, counts) = raise(py, outcome)?;
        Ok(Evaluation {
            ledger: ledger.clone().unbind(),
            inner: std::sync::Mutex::new(inner),
            read: std::sync::Mutex::new(counts),
            config_text,
        })
    }

    /// Brings the scorecard up to date with the records added to the ledger
    /// since the evaluation was made or last refreshed. Returns how many
    /// indicators were scored again (0 when nothing that scores was added).
    fn refresh(&self, py: Python<'_>) -> PyResult<usize> {
        let ledger = self.ledger.get();
        let outcome = py.detach(|| {
            guarded(|| {
                let core = ledger.inner.read().map_err(|_| {
                    Failure::Panic(
                        "the ledger was left inconsistent by an earlier internal error".into(),
                    )
                })?;
                let mut evaluation = self.lock()?;
                let refreshed = evaluation.refresh(&core)?.indicators;
                *self.read.lock().map_err(|_| evaluation_poisoned())? = core.counts();
                Ok(refreshed)
            })
        });
        raise(py, outcome)
    }

    /// The scorecard as of the ledger when last refreshed (a copy: it does
    /// not change with later refreshes).
    #[getter]
    fn scorecard(&self, py: Python<'_>) -> PyResult<Scorecard> {
        let outcome = guarded(|| {
            let evaluation = self.lock()?;
            let counts = *self.read.lock().map_err(|_| evaluation_poisoned())?;
            Ok(Scorecard {
                card: evaluation.scorecard().clone(),
                plan: Arc::clone(evaluation.plan()),
                ledger: self.ledger.clone_ref(py),
                counts,
                config: evaluation.config().clone(),
                config_text: self.config_text.clone(),
            })
        });
        raise(py, outcome)
    }

    /// The ledger the evaluation follows.
    #[getter]
    fn ledger(&self, py: Python<'_>) -> Py<Ledger> {
        self.ledger.clone_ref(py)
    }

    /// The evaluation (scoring) date.
    #[getter]
    fn as_of(&self, py: Python<'_>) -> PyResult<NaiveDate> {
        raise(py, guarded(|| Ok(self.lock()?.as_of())))
    }

    /// The knowledge date: only records recorded on or before it count.
    #[getter]
    fn known_on(&self, py: Python<'_>) -> PyResult<NaiveDate> {
        raise(py, guarded(|| Ok(self.lock()?.known_on())))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        raise(
            py,
            guarded(|| {
                let evaluation = self.lock()?;
                Ok(format!(
                    "Evaluation(as_of={}, known_on={}, plan={:?})",
                    evaluation.as_of(),
                    evaluation.known_on(),
                    evaluation.plan().document().id
                ))
            }),
        )
    }
}

/// `plan.evaluate_many(ledger, dates, known_on, config, what)`: the
/// scorecards of every date, as the core's long table `what` (each row led
/// by its `as_of` and `known_on`), a DataFrame.
#[allow(clippy::too_many_arguments)]
pub fn evaluate_many<'py>(
    py: Python<'py>,
    plan: &Arc<CorePlan>,
    ledger: &Ledger,
    dates: &Bound<'py, PyAny>,
    known_on: Option<&Bound<'py, PyAny>>,
    config: Option<&Bound<'py, PyAny>>,
    what: &str,
    exact: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let which: ScorecardTable = what
        .parse()
        .map_err(|e: UnknownName| PyKeyError::new_err(format!("what: {e}")))?;
    if dates.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "dates is a list of datetime.date, not one str",
        ));
    }
    let mut as_of = Vec::new();
    for (i, d) in dates
        .try_iter()
        .map_err(|_| PyTypeError::new_err("dates is a list (or any iterable) of datetime.date"))?
        .enumerate()
    {
        as_of.push(date_argument(&format!("dates[{i}]"), &d?)?);
    }
    let (config, _) = evaluation_config(py, config, known_on)?;
    tables::require_pandas(py)?;
    let plan = Arc::clone(plan);
    let outcome = py.detach(|| {
        guarded(|| {
            let ledger = ledger.inner.read().map_err(|_| {
                Failure::Panic(
                    "the ledger was left inconsistent by an earlier internal error".into(),
                )
            })?;
            let cards = core_evaluate_many(&plan, &ledger, &as_of, &config)?;
            Ok(CoreScorecard::table_over(&cards, &plan, which))
        })
    });
    let table = raise(py, outcome)?;
    tables::frame_of(py, &table, exact)
}

/// The result of an evaluation as of a date: a score, band (semáforo),
/// coverage and status for every node of the plan, each entity's scorecard,
/// reporting compliance, and the social-audit discrepancies. Scores are
/// Decimals in [0, 1] with 6 decimals, exactly as the Rust core computes them.
#[pyclass(frozen, module = "seguimiento")]
pub struct Scorecard {
    card: CoreScorecard,
    plan: Arc<CorePlan>,
    /// The ledger it was evaluated from: a public release reads its tables.
    ledger: Py<Ledger>,
    /// The ledger's counts ([`seguimiento::Ledger::counts`]) when evaluated.
    /// A ledger's history only grows, so the same counts mean the same
    /// records.
    counts: [usize; 7],
    /// The configuration it was evaluated with (its knowledge date, if one
    /// was set, carried over to the documents made from it).
    config: Config,
    /// The configuration's text as given, fingerprinted on a document's cover.
    config_text: String,
}

impl Scorecard {
    fn node_ref(&self, id: &str) -> PyResult<&NodeScore> {
        self.card
            .node(id)
            .ok_or_else(|| PyKeyError::new_err(format!("the scorecard has no node {id:?}")))
    }

    fn text_of(&self, n: &NodeScore) -> Option<String> {
        if n.level == Level::Plan {
            Some(self.plan.document().title.clone())
        } else {
            self.plan.node(&n.id).map(|x| x.text().to_string())
        }
    }

    fn parent_of(&self, n: &NodeScore) -> Option<String> {
        match n.level {
            Level::Plan => None,
            Level::Axis => Some(self.card.plan.clone()),
            _ => self.plan.parent(&n.id).map(str::to_string),
        }
    }

    fn node_dict<'py>(&self, py: Python<'py>, n: &NodeScore) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", &n.id)?;
        d.set_item("level", n.level.as_str())?;
        d.set_item("parent", self.parent_of(n))?;
        d.set_item("text", self.text_of(n))?;
        d.set_item("score", score(n.score))?;
        d.set_item("band", n.band.as_str())?;
        d.set_item("coverage", n.coverage.to_decimal())?;
        d.set_item("status", n.status.as_str())?;
        Ok(d)
    }
}

fn item_dict<'py>(py: Python<'py>, item: &Item) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    match item {
        Item::Target {
            period,
            entity,
            baseline,
            target,
            months_ended,
            months,
            on_track_target,
            value,
            achievement,
            note,
            recorded_later,
        } => {
            d.set_item("kind", "target")?;
            d.set_item("period", period.to_string())?;
            d.set_item("entity", entity)?;
            d.set_item("baseline", baseline)?;
            d.set_item("target", target)?;
            d.set_item("months_ended", months_ended)?;
            d.set_item("months", months)?;
            d.set_item("on_track_target", on_track_target)?;
            d.set_item("value", value)?;
            d.set_item("achievement", score(*achievement))?;
            d.set_item("note", note.to_string())?;
            d.set_item("recorded_later", recorded_later.map(|r| r.to_string()))?;
        }
        Item::Milestone {
            due,
            achieved_on,
            state,
            achievement,
            recorded_later,
        } => {
            d.set_item("kind", "milestone")?;
            d.set_item("due", due)?;
            d.set_item("achieved_on", achieved_on)?;
            d.set_item("state", state.as_str())?;
            d.set_item("achievement", score(*achievement))?;
            d.set_item("recorded_later", recorded_later.map(|r| r.to_string()))?;
        }
    }
    Ok(d)
}

fn child_dict<'py>(py: Python<'py>, c: &ChildScore) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("id", &c.id)?;
    d.set_item("score", score(c.score))?;
    d.set_item("weight", c.weight)?;
    Ok(d)
}

#[pymethods]
impl Scorecard {
    /// The evaluation date: what is due, achieved and submitted by then.
    #[getter]
    fn as_of(&self) -> NaiveDate {
        self.card.as_of
    }

    /// The knowledge date: only records recorded on or before it counted
    /// (the evaluation date unless `known_on` was given).
    #[getter]
    fn known_on(&self) -> NaiveDate {
        self.card.known_on
    }

    /// The plan's id.
    #[getter]
    fn plan_id(&self) -> String {
        self.card.plan.clone()
    }

    /// The plan's overall score (None when nothing is scored yet).
    #[getter]
    fn plan_score(&self) -> Option<Decimal> {
        score(self.card.plan_node().score)
    }

    /// The plan's semáforo band: `green`, `yellow`, `red` or `none`.
    #[getter]
    fn plan_band(&self) -> &'static str {
        self.card.plan_node().band.as_str()
    }

    /// Ids of the overdue actions, in reading order.
    #[getter]
    fn overdue_actions(&self) -> Vec<String> {
        self.card
            .overdue_actions()
            .into_iter()
            .map(str::to_string)
            .collect()
    }

    /// One node's result as a dict: id, level, parent, text, score, band,
    /// coverage, status. KeyError for an unknown id.
    fn node<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyDict>> {
        let n = self.node_ref(id)?;
        self.node_dict(py, n)
    }

    /// The scores of one level (`plan`, `axis`, `line`, `goal`, `action`,
    /// `indicator`), as a dict id → score (None: not scored).
    fn scores<'py>(&self, py: Python<'py>, level: &str) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let mut found = false;
        for n in &self.card.nodes {
            if n.level.as_str() == level {
                found = true;
                d.set_item(&n.id, score(n.score))?;
            }
        }
        // Every level but the plazo, which is not scored.
        let scored_levels: Vec<&str> = Level::ALL
            .iter()
            .filter(|&&l| l != Level::Plazo)
            .map(|l| l.as_str())
            .collect();
        if !found && !scored_levels.contains(&level) {
            return Err(PyKeyError::new_err(format!(
                "{level:?} is not a level ({})",
                scored_levels.join(", ")
            )));
        }
        Ok(d)
    }

    /// One entity's scorecard as a dict: code, name, score, band, actions,
    /// scored_actions, overdue. KeyError when the entity answers for no action.
    fn entity<'py>(&self, py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyDict>> {
        let e = self
            .card
            .entity(code)
            .ok_or_else(|| PyKeyError::new_err(format!("the scorecard has no entity {code:?}")))?;
        let d = PyDict::new(py);
        d.set_item("code", &e.code)?;
        d.set_item("name", self.plan.entity(&e.code).map(|x| x.name.clone()))?;
        d.set_item("score", score(e.score))?;
        d.set_item("band", e.band.as_str())?;
        d.set_item("actions", e.actions)?;
        d.set_item("scored_actions", e.scored_actions)?;
        d.set_item("overdue", &e.overdue)?;
        Ok(d)
    }

    /// Why a node has its score: a dict with the node's id, level, score,
    /// band, status and `kind` — `indicator` with its `items` (targets:
    /// period, baseline, target, on-track target, value A, achievement;
    /// milestones: due date, achieved_on, state, achievement) or `children`
    /// with their `children` (id, score, weight). KeyError for an unknown id.
    fn explain<'py>(&self, py: Python<'py>, node_id: &str) -> PyResult<Bound<'py, PyDict>> {
        let n = self.node_ref(node_id)?;
        let d = self.node_dict(py, n)?;
        let list = PyList::empty(py);
        match &n.explanation {
            Explanation::Indicator { items } => {
                d.set_item("kind", "indicator")?;
                for item in items {
                    list.append(item_dict(py, item)?)?;
                }
                d.set_item("items", list)?;
            }
            Explanation::Children { children } => {
                d.set_item("kind", "children")?;
                for c in children {
                    list.append(child_dict(py, c)?)?;
                }
                d.set_item("children", list)?;
            }
        }
        Ok(d)
    }

    /// The scorecard as JSON (SPEC §4): byte for byte what the Rust core writes.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let outcome = py.detach(|| guarded(|| Ok(self.card.to_json())));
        raise(py, outcome)
    }

    /// The scorecard as pandas tables, a dict of DataFrames: `nodes` (id,
    /// level, parent, text, score, band, coverage, status), `entities`,
    /// `rankings` (institutions and groups apart; too little coverage:
    /// `insufficient_data`, unranked), `reporting` (per entity and kind of
    /// report: expected, on_time, late, missing, rate, timeliness,
    /// missing_periods), `reporting_detail` (one row per expected report),
    /// `discrepancies`
    /// (verification vs official values) and `consistency` (totals that differ
    /// from the sum of their cells), each starting with `as_of`
    /// (datetime64). Scores and fractions are float64, or the exact Decimals
    /// with `exact=True` (dates then as `datetime.date`); `band` is an
    /// ordered Categorical red < yellow < green (missing where no score). Needs pandas
    /// (`pip install seguimiento[pandas]`).
    #[pyo3(signature = (*, exact = false))]
    fn to_pandas<'py>(slf: &Bound<'py, Self>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        tables::to_pandas(slf.as_any(), exact)
    }

    /// One row per expected report (entity, kind, period, due_on,
    /// submitted_on, status `on_time`/`late`/`missing`, days_late), as the
    /// core computes it with the grace rule of the reporting summary: a
    /// DataFrame, the table `reporting_detail` of `to_pandas()` (led by
    /// `as_of` and `known_on`; `exact=True` as there). Needs pandas.
    #[pyo3(signature = (*, exact = false))]
    fn reporting_detail<'py>(&self, py: Python<'py>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        tables::require_pandas(py)?;
        let outcome = py.detach(|| {
            guarded(|| Ok(self.card.table(&self.plan, ScorecardTable::ReportingDetail)))
        });
        tables::frame_of(py, &raise(py, outcome)?, exact)
    }

    /// One of the scorecard's tables as the core lays it out (`nodes`,
    /// `entities`, `rankings`, `reporting`, `reporting_detail`,
    /// `discrepancies`, `consistency`): a dict with
    /// its `name`, `rows` and `columns` (see `seguimiento._frames`).
    /// KeyError for another name.
    fn _table<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyDict>> {
        let which: ScorecardTable = name
            .parse()
            .map_err(|e: UnknownName| PyKeyError::new_err(e.to_string()))?;
        let outcome = py.detach(|| guarded(|| Ok(self.card.table(&self.plan, which))));
        tables::to_py(py, &raise(py, outcome)?)
    }

    /// The names of the scorecard's tables, in order.
    #[staticmethod]
    fn _table_names() -> Vec<&'static str> {
        ScorecardTable::NAMES.to_vec()
    }

    /// The public release of this scorecard (disclosure control): every
    /// value a public document shows — scores, explanations, entities,
    /// reporting, the social audit's notes and the tables of the sensitive
    /// indicators with their margins — with sensitive counts 1..k-1 and
    /// whatever would give them back confidential, audited before it is
    /// returned. `release` names it (default `public-<as_of>`); `sensitive`
    /// lists the sensitive indicators (default: the plan's); `earlier` is
    /// the earlier releases (a `PublicView`, the dict its `saved()` gives,
    /// or a list of them), whose suppressions are kept and whose published
    /// values a small revision may not give away.
    ///
    /// Raises `DisclosureRefused` (naming the value, `.key`) when the audit
    /// refuses the release, `ConfigError` for a k outside 2..1,000,000 or an
    /// unknown sensitive indicator, and `LedgerMismatchError` when the
    /// ledger took records after the scorecard was made (evaluate again).
    #[pyo3(signature = (k = None, release = None, sensitive = None, earlier = None))]
    fn public(
        &self,
        py: Python<'_>,
        k: Option<&Bound<'_, PyAny>>,
        release: Option<&Bound<'_, PyAny>>,
        sensitive: Option<&Bound<'_, PyAny>>,
        earlier: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::public::PublicView> {
        let default_k = 11u32.into_pyobject(py)?.into_any();
        let k = match k {
            Some(k) if !k.is_none() => k.clone(),
            _ => default_k,
        };
        let config =
            crate::public::read_config(py, self.card.as_of, &k, release, sensitive, earlier)?;
        let ledger = self.ledger.get();
        let outcome = py.detach(|| {
            guarded(|| {
                let core = ledger.inner.read().map_err(|_| ledger_poisoned())?;
                let now = core.counts();
                if now != self.counts {
                    let total = |c: &[usize; 7]| c.iter().sum::<usize>();
                    return Err(Failure::LedgerChanged(format!(
                        "public release {:?}: the scorecard was evaluated when its ledger held {} records, and the ledger holds {} now; evaluate the ledger again (or refresh its Evaluation) and make the release from that scorecard",
                        config.release,
                        total(&self.counts),
                        total(&now)
                    )));
                }
                Ok(CorePublicView::build(&self.plan, &core, &self.card, &config)?)
            })
        });
        Ok(crate::public::PublicView {
            view: raise(py, outcome)?,
        })
    }

    /// The annual progress report (*Informe de avance anual*) of `year`
    /// (default: the year of the scorecard's `as_of`), evaluated at its 31
    /// December and the year before's, every figure through disclosure
    /// control with threshold `k`: a `Document` (`.html`, `.save(path)`,
    /// `.model`, shown in Jupyter). The scorecard's plan, ledger and
    /// configuration are used — its knowledge date, if one was set, is that
    /// of every year end, as the command's `--known-on`. `lang` is `"es"`
    /// (es-GT, the default) or `"en"`; `templates` a directory of templates
    /// replacing the built-in ones (the command's `--templates`).
    ///
    /// The cover prints the SHA-256 of the plan's source bytes, of the
    /// configuration as given and of the ledger: of `ledger_source` (the
    /// path of the file the ledger was read from, its bytes, or a list of
    /// them in order; not checked against the ledger) when given, else of
    /// the ledger's own JSON export (`Ledger.to_json()`). Given the
    /// command's files, the HTML is the command's, byte for byte.
    ///
    /// Raises `DocumentError` for an unknown language, a year outside the
    /// plan or templates that fail; `ConfigError` for a k outside
    /// 2..1,000,000; `DisclosureRefused` when the audit refuses a release;
    /// `LedgerMismatchError` when the ledger took records after the
    /// scorecard was made.
    #[pyo3(signature = (year = None, lang = "es", k = 11, templates = None, ledger_source = None))]
    fn annual_report(
        &self,
        py: Python<'_>,
        year: Option<i32>,
        lang: &str,
        k: i64,
        templates: Option<std::path::PathBuf>,
        ledger_source: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::documents::Document> {
        use chrono::Datelike as _;
        let year = year.unwrap_or_else(|| self.card.as_of.year());
        let lang = crate::documents::read_lang(py, lang)?;
        let k = crate::documents::read_k(py, year, k)?;
        let request = crate::documents::DocumentRequest {
            lang,
            k,
            templates,
            ledger_source: crate::documents::read_ledger_source(py, ledger_source)?,
            config: self.config.clone(),
            config_text: self.config_text.clone(),
        };
        crate::documents::annual(
            py,
            &self.plan,
            self.ledger.get(),
            self.counts,
            year,
            request,
        )
    }

    fn __repr__(&self) -> String {
        let plan = self.card.plan_node();
        let shown = match plan.score {
            Some(s) => s.percent(),
            None => "not scored".to_string(),
        };
        format!(
            "<Scorecard {} as of {}: plan {} ({}), {} overdue actions>",
            self.card.plan,
            self.card.as_of,
            shown,
            plan.band.as_str(),
            self.card.overdue_actions().len()
        )
    }

    /// HTML for Jupyter: the semáforo per axis, the entities and the overdue
    /// actions (written in Python, `seguimiento._html`), labelled in Spanish
    /// (es-GT, the plan's language).
    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::to_html(slf, "es-GT")
    }

    /// The HTML of the notebook display with its labels in `lang`: `"es-GT"`
    /// (the default) or `"en"`. ValueError for another language.
    #[pyo3(signature = (lang = "es-GT"))]
    fn to_html<'py>(slf: &Bound<'py, Self>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("seguimiento._html")?
            .getattr("scorecard_html")?
            .call1((slf, lang))
    }
}
