//! The plan and its nodes, as frozen Python objects.
//!
//! Nodes are light handles (the shared plan and the node's id): reading an
//! attribute reads the core's plan, so nothing is copied until asked for.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rust_decimal::Decimal;

use seguimiento::{
    Fingerprints, Node, Plan as CorePlan, PlanError as CorePlanError, PlanTable, UnknownName,
    EMBEDDED_PLAN_JSON,
};

use crate::error::{guarded, raise, Failure, Outcome};
use crate::ledger::Ledger;
use crate::scorecard::Scorecard;
use crate::tables;

static EMBEDDED: OnceLock<Result<Arc<CorePlan>, CorePlanError>> = OnceLock::new();

fn embedded_plan() -> Outcome<Arc<CorePlan>> {
    guarded(|| {
        EMBEDDED
            .get_or_init(|| {
                let plan = Arc::new(CorePlan::from_json(EMBEDDED_PLAN_JSON)?);
                remember_source(&plan, EMBEDDED_PLAN_JSON.as_bytes());
                Ok(plan)
            })
            .clone()
            .map_err(Failure::Plan)
    })
}

/// The SHA-256 of the bytes each plan loaded in this process was read from,
/// by plan: a public document prints it on its cover, and a plan reaches a
/// document through ledgers, scorecards and evaluations that hold only the
/// core's plan. Entries of plans no longer alive are dropped as new plans
/// are loaded.
static SOURCES: Mutex<Vec<(Weak<CorePlan>, String)>> = Mutex::new(Vec::new());

/// Remembers the SHA-256 of the bytes `plan` was read from.
fn remember_source(plan: &Arc<CorePlan>, bytes: &[u8]) {
    let digest = Fingerprints::of(bytes, b"", b"").plan;
    let mut sources = SOURCES.lock().unwrap_or_else(|p| p.into_inner());
    sources.retain(|(held, _)| held.strong_count() > 0);
    sources.push((Arc::downgrade(plan), digest));
}

/// The SHA-256 (lowercase hexadecimal) of the bytes `plan` was read from.
/// Every plan the package hands out was loaded by `Plan.embedded`,
/// `Plan.from_json` or `Plan.from_file`, which remember it.
pub fn source_sha256(plan: &Arc<CorePlan>) -> Option<String> {
    let sources = SOURCES.lock().unwrap_or_else(|p| p.into_inner());
    sources
        .iter()
        .find(|(held, _)| held.strong_count() > 0 && std::ptr::eq(held.as_ptr(), Arc::as_ptr(plan)))
        .map(|(_, digest)| digest.clone())
}

/// The embedded plan, shared (loaded once per process).
pub fn embedded(py: Python<'_>) -> PyResult<Arc<CorePlan>> {
    let outcome = py.detach(embedded_plan);
    raise(py, outcome)
}

/// The plan a ledger or evaluation uses: the given one, or the embedded one.
pub fn plan_or_embedded(py: Python<'_>, plan: Option<&Bound<'_, Plan>>) -> PyResult<Arc<CorePlan>> {
    match plan {
        Some(p) => Ok(Arc::clone(&p.get().inner)),
        None => embedded(py),
    }
}

fn key_error(what: &str, id: &str) -> PyErr {
    PyKeyError::new_err(format!("the plan has no {what} {id:?}"))
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

/// Defines a node handle class: the shared plan and the node's id.
macro_rules! handle {
    ($name:ident, $variant:ident, $what:literal, $doc:literal) => {
        #[doc = $doc]
        #[pyclass(frozen, eq, hash, module = "seguimiento")]
        pub struct $name {
            pub(crate) plan: Arc<CorePlan>,
            pub(crate) id: String,
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.id == other.id
                    && (Arc::ptr_eq(&self.plan, &other.plan) || *self.plan == *other.plan)
            }
        }

        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.id.hash(state);
            }
        }

        impl $name {
            pub(crate) fn new(plan: &Arc<CorePlan>, id: &str) -> Self {
                $name {
                    plan: Arc::clone(plan),
                    id: id.to_string(),
                }
            }

            fn node(&self) -> PyResult<&seguimiento::$variant> {
                match self.plan.node(&self.id) {
                    Some(Node::$variant(n)) => Ok(n),
                    _ => Err(key_error($what, &self.id)),
                }
            }
        }
    };
}

handle!(
    Axis,
    Axis,
    "axis",
    "A political axis (eje político) of the plan: `id`, verbatim `text`, `corrected` reading, `lines`."
);
handle!(
    Line,
    Line,
    "line",
    "A line of intervention (línea de intervención): `id`, `text`, `corrected`, its `axis` id and `goals`."
);
handle!(
    Goal,
    Goal,
    "goal",
    "A goal (meta): `id`, `text`, `corrected`, its `axis` and `line` ids and `actions`."
);
handle!(
    Action,
    Action,
    "action",
    "A strategic action (acción estratégica) with its plazos, responsible entities and indicators."
);
handle!(
    Indicator,
    Indicator,
    "indicator",
    "An indicator (indicador) and its classification: measure, accumulation, frequency, dimensions, sensitivity, plazo, weight."
);

fn axis_ids(plan: &CorePlan, id: &str) -> Vec<String> {
    // ancestors: nearest first; reversed: axis, line, goal, …
    plan.ancestors(id)
        .into_iter()
        .rev()
        .map(str::to_string)
        .collect()
}

#[pymethods]
impl Axis {
    /// The axis id, e.g. `E1`.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }
    /// The seed's text, verbatim.
    #[getter]
    fn text(&self) -> PyResult<String> {
        Ok(self.node()?.text.clone())
    }
    /// The corrected reading where the seed has an obvious typo, else None.
    #[getter]
    fn corrected(&self) -> PyResult<Option<String>> {
        Ok(self.node()?.corrected.clone())
    }
    /// The axis's lines of intervention, in order.
    #[getter]
    fn lines(&self) -> PyResult<Vec<Line>> {
        Ok(self
            .node()?
            .lines
            .iter()
            .map(|l| Line::new(&self.plan, &l.id))
            .collect())
    }
    /// Every action beneath the axis, in reading order.
    #[getter]
    fn actions(&self) -> PyResult<Vec<Action>> {
        Ok(self
            .node()?
            .lines
            .iter()
            .flat_map(|l| &l.goals)
            .flat_map(|g| &g.actions)
            .map(|a| Action::new(&self.plan, &a.id))
            .collect())
    }
    fn __repr__(&self) -> PyResult<String> {
        Ok(format!(
            "<Axis {} {:?}>",
            self.id,
            short(&self.node()?.text)
        ))
    }
}

#[pymethods]
impl Line {
    /// The line id, e.g. `E1.L2`.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }
    /// The seed's text, verbatim.
    #[getter]
    fn text(&self) -> PyResult<String> {
        Ok(self.node()?.text.clone())
    }
    /// The corrected reading where the seed has an obvious typo, else None.
    #[getter]
    fn corrected(&self) -> PyResult<Option<String>> {
        Ok(self.node()?.corrected.clone())
    }
    /// The id of the line's axis.
    #[getter]
    fn axis(&self) -> String {
        axis_ids(&self.plan, &self.id).swap_remove(0)
    }
    /// The line's goals, in order.
    #[getter]
    fn goals(&self) -> PyResult<Vec<Goal>> {
        Ok(self
            .node()?
            .goals
            .iter()
            .map(|g| Goal::new(&self.plan, &g.id))
            .collect())
    }
    fn __repr__(&self) -> PyResult<String> {
        Ok(format!(
            "<Line {} {:?}>",
            self.id,
            short(&self.node()?.text)
        ))
    }
}

#[pymethods]
impl Goal {
    /// The goal id, e.g. `E1.L2.M1`.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }
    /// The seed's text, verbatim.
    #[getter]
    fn text(&self) -> PyResult<String> {
        Ok(self.node()?.text.clone())
    }
    /// The corrected reading where the seed has an obvious typo, else None.
    #[getter]
    fn corrected(&self) -> PyResult<Option<String>> {
        Ok(self.node()?.corrected.clone())
    }
    /// The id of the goal's axis.
    #[getter]
    fn axis(&self) -> String {
        axis_ids(&self.plan, &self.id).swap_remove(0)
    }
    /// The id of the goal's line.
    #[getter]
    fn line(&self) -> PyResult<String> {
        Ok(self.plan.parent(&self.id).unwrap_or_default().to_string())
    }
    /// The goal's strategic actions, in order.
    #[getter]
    fn actions(&self) -> PyResult<Vec<Action>> {
        Ok(self
            .node()?
            .actions
            .iter()
            .map(|a| Action::new(&self.plan, &a.id))
            .collect())
    }
    fn __repr__(&self) -> PyResult<String> {
        Ok(format!(
            "<Goal {} {:?}>",
            self.id,
            short(&self.node()?.text)
        ))
    }
}

#[pymethods]
impl Action {
    /// The action id, e.g. `E1.L2.M1.A3`.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }
    /// The seed's text, verbatim.
    #[getter]
    fn text(&self) -> PyResult<String> {
        Ok(self.node()?.text.clone())
    }
    /// The corrected reading where the seed has an obvious typo, else None.
    #[getter]
    fn corrected(&self) -> PyResult<Option<String>> {
        Ok(self.node()?.corrected.clone())
    }
    /// The id of the action's axis.
    #[getter]
    fn axis(&self) -> String {
        axis_ids(&self.plan, &self.id).swap_remove(0)
    }
    /// The id of the action's line.
    #[getter]
    fn line(&self) -> String {
        axis_ids(&self.plan, &self.id)
            .get(1)
            .cloned()
            .unwrap_or_default()
    }
    /// The id of the action's goal.
    #[getter]
    fn goal(&self) -> String {
        self.plan.parent(&self.id).unwrap_or_default().to_string()
    }
    /// The action's deadlines.
    #[getter]
    fn plazos(&self) -> PyResult<Vec<Plazo>> {
        Ok(self
            .node()?
            .plazos
            .iter()
            .map(|p| Plazo::from_core(p, &self.id))
            .collect())
    }
    /// The responsible codes as the seed writes them (`MINGOB/PNC/DGM`).
    #[getter]
    fn responsible(&self) -> PyResult<Vec<String>> {
        Ok(self
            .node()?
            .responsible
            .iter()
            .map(|r| r.code.clone())
            .collect())
    }
    /// Codes of the registry entities the responsible codes resolve to (`PNC`, `DGM`).
    #[getter]
    fn entities(&self) -> PyResult<Vec<String>> {
        let index = self
            .plan
            .action_idx(&self.id)
            .ok_or_else(|| key_error("action", &self.id))?;
        Ok(self
            .plan
            .action_entities(index)
            .map(|e| e.code.clone())
            .collect())
    }
    /// The action's indicators.
    #[getter]
    fn indicators(&self) -> PyResult<Vec<Indicator>> {
        Ok(self
            .node()?
            .indicators
            .iter()
            .map(|i| Indicator::new(&self.plan, &i.id))
            .collect())
    }
    fn __repr__(&self) -> PyResult<String> {
        Ok(format!(
            "<Action {} {:?}>",
            self.id,
            short(&self.node()?.text)
        ))
    }
}

#[pymethods]
impl Indicator {
    /// The indicator id, e.g. `E1.L2.M1.A3.I1`.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }
    /// The seed's text, verbatim.
    #[getter]
    fn text(&self) -> PyResult<String> {
        Ok(self.node()?.text.clone())
    }
    /// The corrected reading where the seed has an obvious typo, else None.
    #[getter]
    fn corrected(&self) -> PyResult<Option<String>> {
        Ok(self.node()?.corrected.clone())
    }
    /// The id of the indicator's action.
    #[getter]
    fn action(&self) -> String {
        self.plan.parent(&self.id).unwrap_or_default().to_string()
    }
    /// What it measures: `count`, `amount`, `percentage`, `level`, `milestone` or `text`.
    #[getter]
    fn measure(&self) -> PyResult<&'static str> {
        Ok(self.node()?.measure.as_str())
    }
    /// How periods combine: `flow` (they add up) or `stock` (the latest counts).
    #[getter]
    fn accumulation(&self) -> PyResult<&'static str> {
        Ok(self.node()?.accumulation.as_str())
    }
    /// How often it is reported: `monthly`, `semiannual`, `annual`, `biennial` or `once`.
    #[getter]
    fn frequency(&self) -> PyResult<&'static str> {
        Ok(self.node()?.frequency.as_str())
    }
    /// Ids of the dimensions its cells are broken down by.
    #[getter]
    fn dimensions(&self) -> PyResult<Vec<String>> {
        Ok(self.node()?.dimensions.clone())
    }
    /// Whether its cells count victims or minors (disclosure control applies).
    #[getter]
    fn sensitive(&self) -> PyResult<bool> {
        Ok(self.node()?.sensitive)
    }
    /// The plazo of its action this indicator belongs to.
    #[getter]
    fn plazo(&self) -> PyResult<Plazo> {
        let index = self
            .plan
            .indicator_idx(&self.id)
            .ok_or_else(|| key_error("indicator", &self.id))?;
        Ok(Plazo::from_core(
            self.plan.indicator_plazo(index),
            &self.action(),
        ))
    }
    /// Its weight in its action's score (default 1).
    #[getter]
    fn weight(&self) -> PyResult<Decimal> {
        Ok(self.node()?.weight)
    }
    /// Why it was classified so, where that is not obvious from its text.
    #[getter]
    fn reason(&self) -> PyResult<Option<String>> {
        Ok(self.node()?.reason.clone())
    }
    fn __repr__(&self) -> PyResult<String> {
        let n = self.node()?;
        Ok(format!(
            "<Indicator {} {} {} {}: {:?}>",
            self.id,
            n.measure.as_str(),
            n.accumulation.as_str(),
            n.frequency.as_str(),
            short(&n.text)
        ))
    }
}

/// A deadline: `10 años (2007-2017)` runs from 1 January 2007 to 31 December
/// 2017 (the year range governs over `stated_years`).
#[pyclass(frozen, eq, hash, module = "seguimiento")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plazo {
    /// The plazo id, e.g. `E1.L2.M1.A3.P1`.
    #[pyo3(get)]
    id: String,
    /// The id of its action.
    #[pyo3(get)]
    action: String,
    /// The seed's wording, e.g. `10 años (2007-2017)`.
    #[pyo3(get)]
    label: String,
    /// The number of years the label states.
    #[pyo3(get)]
    stated_years: u32,
    /// First calendar year of the window.
    #[pyo3(get)]
    start_year: i32,
    /// Last calendar year of the window.
    #[pyo3(get)]
    end_year: i32,
}

impl Plazo {
    fn from_core(p: &seguimiento::Plazo, action: &str) -> Self {
        Plazo {
            id: p.id.clone(),
            action: action.to_string(),
            label: p.label.clone(),
            stated_years: p.stated_years,
            start_year: p.start_year,
            end_year: p.end_year,
        }
    }
}

#[pymethods]
impl Plazo {
    fn __repr__(&self) -> String {
        format!("<Plazo {} {:?}>", self.id, self.label)
    }
}

/// An institution or group of the entity registry.
#[pyclass(frozen, eq, hash, module = "seguimiento")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entity {
    /// Unique acronym, e.g. `PNC`.
    #[pyo3(get)]
    code: String,
    /// Full official Spanish name.
    #[pyo3(get)]
    name: String,
    /// `institution` or `group`.
    #[pyo3(get)]
    kind: &'static str,
    /// The code of the entity this one depends on (PNC → MINGOB), else None.
    #[pyo3(get)]
    parent: Option<String>,
    /// Member entity codes (groups only).
    #[pyo3(get)]
    members: Vec<String>,
    /// A description, for groups described rather than listed.
    #[pyo3(get)]
    description: Option<String>,
    /// Other spellings used in the seed's responsible codes.
    #[pyo3(get)]
    aliases: Vec<String>,
}

impl Entity {
    fn from_core(e: &seguimiento::Entity) -> Self {
        Entity {
            code: e.code.clone(),
            name: e.name.clone(),
            kind: e.kind.as_str(),
            parent: e.parent.clone(),
            members: e.members.clone(),
            description: e.description.clone(),
            aliases: e.aliases.clone(),
        }
    }
}

#[pymethods]
impl Entity {
    fn __repr__(&self) -> String {
        format!("<Entity {} {:?}>", self.code, self.name)
    }
}

/// A disaggregation (sex, age, municipality, …) and its allowed values.
#[pyclass(frozen, eq, hash, module = "seguimiento")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dimension {
    /// Identifier used by indicators and observation cells, e.g. `sexo`.
    #[pyo3(get)]
    id: String,
    /// Human-readable name.
    #[pyo3(get)]
    name: String,
    /// Allowed values (codes).
    #[pyo3(get)]
    values: Vec<String>,
    /// The code list's source, if given.
    #[pyo3(get)]
    description: Option<String>,
}

#[pymethods]
impl Dimension {
    fn __repr__(&self) -> String {
        format!("<Dimension {} ({} values)>", self.id, self.values.len())
    }
}

/// A strategic action plan: its axis → line → goal → action → indicator
/// tree, its entity registry and its dimensions. Load the embedded 2007-2017
/// plan with `Plan.embedded()`, or another plan in the same format with
/// `Plan.from_json` / `Plan.from_file`.
#[pyclass(frozen, module = "seguimiento")]
pub struct Plan {
    pub(crate) inner: Arc<CorePlan>,
}

impl Plan {
    fn load_text(py: Python<'_>, bytes: Vec<u8>) -> PyResult<Plan> {
        let outcome = py.detach(|| {
            guarded(|| {
                let plan = Arc::new(CorePlan::from_json_bytes(&bytes)?);
                remember_source(&plan, &bytes);
                Ok(plan)
            })
        });
        raise(py, outcome).map(|inner| Plan { inner })
    }
}

#[pymethods]
impl Plan {
    /// The Guatemalan 2007-2017 plan compiled into the library (loaded once).
    #[staticmethod]
    fn embedded(py: Python<'_>) -> PyResult<Plan> {
        Ok(Plan {
            inner: embedded(py)?,
        })
    }

    /// Loads and validates a plan from its JSON text (the plan format).
    /// Raises PlanError listing every problem.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Plan> {
        Plan::load_text(py, text.as_bytes().to_vec())
    }

    /// Loads and validates a plan from a JSON file. Raises OSError when the
    /// file cannot be read, PlanError when it is not a valid plan.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Plan> {
        let bytes = py.detach(|| std::fs::read(&path))?;
        Plan::load_text(py, bytes)
    }

    /// The plan's own id, e.g. `PAE-TRATA-2007-2017`.
    #[getter]
    fn id(&self) -> String {
        self.inner.document().id.clone()
    }

    /// The plan's title.
    #[getter]
    fn title(&self) -> String {
        self.inner.document().title.clone()
    }

    /// Code of the coordinating entity (it may report on every action).
    #[getter]
    fn coordinator(&self) -> String {
        self.inner.coordinator().to_string()
    }

    /// Where the texts come from, if stated.
    #[getter]
    fn source(&self) -> Option<String> {
        self.inner.document().source.clone()
    }

    /// The political axes, in order.
    #[getter]
    fn axes(&self) -> Vec<Axis> {
        self.inner
            .axes()
            .iter()
            .map(|a| Axis::new(&self.inner, &a.id))
            .collect()
    }

    /// Every line of intervention, in reading order.
    #[getter]
    fn lines(&self) -> Vec<Line> {
        self.inner
            .axes()
            .iter()
            .flat_map(|a| &a.lines)
            .map(|l| Line::new(&self.inner, &l.id))
            .collect()
    }

    /// Every goal, in reading order.
    #[getter]
    fn goals(&self) -> Vec<Goal> {
        self.inner
            .axes()
            .iter()
            .flat_map(|a| &a.lines)
            .flat_map(|l| &l.goals)
            .map(|g| Goal::new(&self.inner, &g.id))
            .collect()
    }

    /// Every strategic action, in reading order.
    #[getter]
    fn actions(&self) -> Vec<Action> {
        self.inner
            .actions()
            .map(|a| Action::new(&self.inner, &a.id))
            .collect()
    }

    /// Every indicator, in reading order.
    #[getter]
    fn indicators(&self) -> Vec<Indicator> {
        self.inner
            .indicators()
            .map(|i| Indicator::new(&self.inner, &i.id))
            .collect()
    }

    /// Every plazo of every action, in reading order.
    #[getter]
    fn plazos(&self) -> Vec<Plazo> {
        self.inner
            .actions()
            .flat_map(|a| a.plazos.iter().map(move |p| Plazo::from_core(p, &a.id)))
            .collect()
    }

    /// The entity registry, in order.
    #[getter]
    fn entities(&self) -> Vec<Entity> {
        self.inner
            .entities()
            .iter()
            .map(Entity::from_core)
            .collect()
    }

    /// The dimensions indicators may be broken down by.
    #[getter]
    fn dimensions(&self) -> Vec<Dimension> {
        self.inner
            .dimensions()
            .iter()
            .map(|d| Dimension {
                id: d.id.clone(),
                name: d.name.clone(),
                values: d.values.clone(),
                description: d.description.clone(),
            })
            .collect()
    }

    /// The data notes: how the seed was read where it was ambiguous (dicts
    /// with `node`, `kind`, `seed`, `note`).
    #[getter]
    fn notes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for n in self.inner.notes() {
            let d = PyDict::new(py);
            d.set_item("node", &n.node)?;
            d.set_item("kind", n.kind.as_str())?;
            d.set_item("seed", &n.seed)?;
            d.set_item("note", &n.note)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// The axis with this id; KeyError if there is none.
    fn axis(&self, id: &str) -> PyResult<Axis> {
        match self.inner.node(id) {
            Some(Node::Axis(_)) => Ok(Axis::new(&self.inner, id)),
            _ => Err(key_error("axis", id)),
        }
    }

    /// The line with this id; KeyError if there is none.
    fn line(&self, id: &str) -> PyResult<Line> {
        match self.inner.node(id) {
            Some(Node::Line(_)) => Ok(Line::new(&self.inner, id)),
            _ => Err(key_error("line", id)),
        }
    }

    /// The goal with this id; KeyError if there is none.
    fn goal(&self, id: &str) -> PyResult<Goal> {
        match self.inner.node(id) {
            Some(Node::Goal(_)) => Ok(Goal::new(&self.inner, id)),
            _ => Err(key_error("goal", id)),
        }
    }

    /// The action with this id; KeyError if there is none.
    fn action(&self, id: &str) -> PyResult<Action> {
        match self.inner.node(id) {
            Some(Node::Action(_)) => Ok(Action::new(&self.inner, id)),
            _ => Err(key_error("action", id)),
        }
    }

    /// The indicator with this id; KeyError if there is none.
    fn indicator(&self, id: &str) -> PyResult<Indicator> {
        match self.inner.node(id) {
            Some(Node::Indicator(_)) => Ok(Indicator::new(&self.inner, id)),
            _ => Err(key_error("indicator", id)),
        }
    }

    /// The entity with this code or alias (case-insensitive); KeyError if there is none.
    fn entity(&self, code: &str) -> PyResult<Entity> {
        self.inner
            .entity(code)
            .map(Entity::from_core)
            .ok_or_else(|| key_error("entity", code))
    }

    /// Any node by id: an Axis, Line, Goal, Action, Indicator or Plazo; KeyError if none.
    fn node<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let plan = &self.inner;
        Ok(match plan.node(id) {
            Some(Node::Axis(_)) => Bound::new(py, Axis::new(plan, id))?.into_any(),
            Some(Node::Line(_)) => Bound::new(py, Line::new(plan, id))?.into_any(),
            Some(Node::Goal(_)) => Bound::new(py, Goal::new(plan, id))?.into_any(),
            Some(Node::Action(_)) => Bound::new(py, Action::new(plan, id))?.into_any(),
            Some(Node::Indicator(_)) => Bound::new(py, Indicator::new(plan, id))?.into_any(),
            Some(Node::Plazo(p)) => {
                let action = plan.parent(id).unwrap_or_default();
                Bound::new(py, Plazo::from_core(p, action))?.into_any()
            }
            None => return Err(key_error("node", id)),
        })
    }

    /// Whether the plan has a node (axis, line, goal, action, indicator, plazo) with this id.
    fn __contains__(&self, id: &str) -> bool {
        self.inner.node(id).is_some()
    }

    /// The id of a node's parent (None for an axis); KeyError for an unknown id.
    fn parent(&self, id: &str) -> PyResult<Option<String>> {
        if self.inner.node(id).is_none() {
            return Err(key_error("node", id));
        }
        Ok(self.inner.parent(id).map(str::to_string))
    }

    /// The ids of a node's children (an action's: its indicators, then its
    /// plazos); KeyError for an unknown id.
    fn children(&self, id: &str) -> PyResult<Vec<String>> {
        self.inner
            .children(id)
            .map(|c| c.into_iter().map(str::to_string).collect())
            .ok_or_else(|| key_error("node", id))
    }

    /// The actions an entity answers for: those for which it or one of its
    /// dependencies is responsible (MINGOB covers PNC's). KeyError for an unknown code.
    fn actions_of_entity(&self, code: &str) -> PyResult<Vec<Action>> {
        if self.inner.entity(code).is_none() {
            return Err(key_error("entity", code));
        }
        Ok(self
            .inner
            .actions_of_entity(code)
            .into_iter()
            .map(|a| Action::new(&self.inner, &a.id))
            .collect())
    }

    /// The registry entities a responsible code names (`MINGOB/PNC/DGM` → PNC,
    /// DGM). KeyError when a part names no entity.
    fn resolve(&self, code: &str) -> PyResult<Vec<Entity>> {
        self.inner
            .resolve(code)
            .map(|es| es.into_iter().map(Entity::from_core).collect())
            .map_err(PyKeyError::new_err)
    }

    /// The deadlines falling due in a year: (action, plazo) pairs whose plazo ends that year.
    fn deadlines_in_year(&self, year: i32) -> Vec<(Action, Plazo)> {
        self.inner
            .deadlines_in_year(year)
            .into_iter()
            .map(|(a, p)| (Action::new(&self.inner, &a.id), Plazo::from_core(p, &a.id)))
            .collect()
    }

    /// Node counts per axis: dicts with axis, lines, goals, actions,
    /// indicators, plazos and responsible.
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for c in self.inner.counts() {
            let d = PyDict::new(py);
            d.set_item("axis", &c.axis)?;
            d.set_item("lines", c.lines)?;
            d.set_item("goals", c.goals)?;
            d.set_item("actions", c.actions)?;
            d.set_item("indicators", c.indicators)?;
            d.set_item("plazos", c.plazos)?;
            d.set_item("responsible", c.responsible)?;
            list.append(d)?;
        }
        Ok(list)
    }

    /// The plan as pretty-printed JSON in the plan format (loads back unchanged).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let plan = Arc::clone(&self.inner);
        let outcome = py.detach(|| guarded(|| Ok(plan.to_json())));
        raise(py, outcome)
    }

    /// The plan as tidy pandas tables, a dict of DataFrames:
    /// `axes` (one row per axis with its counts), `actions` (one row per
    /// action: axis, line, goal, text, plazos, years, responsible codes and
    /// resolved entities), `plazos`, `indicators` (one row per indicator with
    /// its classification) and `entities`. Weights are float64, or Decimal
    /// with `exact=True`. Needs pandas
    /// (`pip install seguimiento[pandas]`).
    #[pyo3(signature = (*, exact = false))]
    fn to_pandas<'py>(slf: &Bound<'py, Self>, exact: bool) -> PyResult<Bound<'py, PyAny>> {
        tables::to_pandas(slf.as_any(), exact)
    }

    /// One of the plan's tables as the core lays it out (`axes`, `actions`,
    /// `plazos`, `indicators`, `entities`): a dict with its `name`, `rows`
    /// and `columns` (see `seguimiento._frames`). KeyError for another name.
    fn _table<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyDict>> {
        let which: PlanTable = name
            .parse()
            .map_err(|e: UnknownName| PyKeyError::new_err(e.to_string()))?;
        let plan = Arc::clone(&self.inner);
        let outcome = py.detach(|| guarded(|| Ok(plan.table(which))));
        tables::to_py(py, &raise(py, outcome)?)
    }

    /// The names of the plan's tables, in order.
    #[staticmethod]
    fn _table_names() -> Vec<&'static str> {
        PlanTable::NAMES.to_vec()
    }

    /// A dimension's code list with each value's name, as a DataFrame with
    /// the columns `code` and `name` (`plan.dimension("departamento")`: 01
    /// Guatemala, 02 El Progreso, …), to map names in data to the codes
    /// observations take. KeyError for a dimension the plan lacks. Needs
    /// pandas.
    fn dimension<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        tables::require_pandas(py)?;
        let plan = Arc::clone(&self.inner);
        let table = py
            .detach(|| plan.dimension_table(id))
            .ok_or_else(|| PyKeyError::new_err(format!("the plan has no dimension {id:?}")))?;
        py.import("seguimiento._frames")?
            .getattr("table_frame")?
            .call1((tables::to_py(py, &table)?,))
    }

    /// Evaluates the plan's compliance as of a date on a ledger's records
    /// (SPEC §3). `config` is None (the defaults) or a dict of settings:
    /// `missing_data_is_zero`, `late_credit`, `green`, `yellow`, `grace_days`,
    /// `tolerance`, `weights` (node id → weight), `known_on`, `min_rank_coverage`
    /// (below it an entity is not ranked; default 0.5). `as_of` decides
    /// what is due; `known_on` (a `datetime.date`, default `as_of`) what is
    /// known: only records recorded on or before it count (SPEC §3). Raises
    /// ConfigError for a bad setting (or a config whose `known_on` differs
    /// from the argument), PlanMismatchError for a ledger of another plan.
    #[pyo3(signature = (ledger, as_of, config=None, known_on=None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        ledger: &Bound<'_, Ledger>,
        as_of: &Bound<'_, PyAny>,
        config: Option<&Bound<'_, PyAny>>,
        known_on: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Scorecard> {
        crate::scorecard::evaluate(py, &self.inner, ledger, as_of, config, known_on)
    }

    /// The biannual evaluation (*Evaluación bianual*) of `years` (two
    /// consecutive years, `(2009, 2010)`, or the plan's whole period,
    /// `(2007, 2017)`, for the final evaluation) on `ledger`: a `Document` (`.html`,
    /// `.save(path)`, `.model`, shown in Jupyter), every figure through
    /// disclosure control with threshold `k`. `known_on` (a
    /// `datetime.date`) is the knowledge date of every year end (default:
    /// the config's, else each year end's own), as the command's
    /// `--known-on`; `config` as for `evaluate`. `lang` is `"es"` (es-GT,
    /// the default) or `"en"`; `templates` a directory of templates
    /// replacing the built-in ones.
    ///
    /// The cover's fingerprints are those of `Scorecard.annual_report`: the
    /// plan's source bytes, the configuration as given (None: the
    /// defaults' JSON, as the command without `--config`), and
    /// `ledger_source` (a path, bytes, or a list of them) or else the
    /// ledger's JSON export.
    ///
    /// Raises `DocumentError` for an unknown language, years outside the
    /// plan or not a biennium, templates that fail; `ConfigError`,
    /// `DisclosureRefused`, `PlanMismatchError` as for `evaluate` and
    /// `Scorecard.public`.
    #[pyo3(signature = (ledger, years, lang = "es", known_on = None, k = 11, templates = None, config = None, ledger_source = None))]
    #[allow(clippy::too_many_arguments)]
    fn evaluation(
        &self,
        py: Python<'_>,
        ledger: &Bound<'_, Ledger>,
        years: (i32, i32),
        lang: &str,
        known_on: Option<&Bound<'_, PyAny>>,
        k: i64,
        templates: Option<PathBuf>,
        config: Option<&Bound<'_, PyAny>>,
        ledger_source: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::documents::Document> {
        let lang = crate::documents::read_lang(py, lang)?;
        let k = crate::documents::read_k(py, years.1, k)?;
        let (config, config_text) = crate::scorecard::evaluation_config(py, config, known_on)?;
        let request = crate::documents::DocumentRequest {
            lang,
            k,
            templates,
            ledger_source: crate::documents::read_ledger_source(py, ledger_source)?,
            config,
            config_text,
        };
        crate::documents::evaluation(py, &self.inner, ledger.get(), years, request)
    }

    /// Evaluates the plan as of each of `dates` (a list of `datetime.date`)
    /// sharing the work, and returns one long DataFrame: the scorecards'
    /// table `what` one after the other, each row led by its `as_of` and
    /// `known_on`. `what` is a scorecard table: `nodes` (the default: one
    /// row per date × node), `entities`, `rankings`, `reporting`,
    /// `reporting_detail`, `discrepancies`, `consistency`. `known_on` (a
    /// `datetime.date`) is the knowledge date of every evaluation; None: each
    /// date's own. The same scorecards as `evaluate` date by date. Numbers
    /// and dates as in `Scorecard.to_pandas`: `float64` and `datetime64`,
    /// or `exact=True` for `Decimal` and `datetime.date`. Needs pandas.
    #[pyo3(signature = (ledger, dates, known_on=None, config=None, what="nodes", *, exact=false))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate_many<'py>(
        &self,
        py: Python<'py>,
        ledger: &Bound<'py, Ledger>,
        dates: &Bound<'py, PyAny>,
        known_on: Option<&Bound<'py, PyAny>>,
        config: Option<&Bound<'py, PyAny>>,
        what: &str,
        exact: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::scorecard::evaluate_many(
            py,
            &self.inner,
            ledger.get(),
            dates,
            known_on,
            config,
            what,
            exact,
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<Plan>() {
            Ok(o) => Arc::ptr_eq(&self.inner, &o.get().inner) || *self.inner == *o.get().inner,
            Err(_) => false,
        }
    }

    fn __hash__(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.inner.document().id.hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        let doc = self.inner.document();
        format!(
            "<Plan {}: {} axes, {} actions, {} indicators, {} entities>",
            doc.id,
            doc.axes.len(),
            self.inner.action_count(),
            self.inner.indicator_count(),
            doc.entities.len()
        )
    }

    /// HTML for Jupyter: the plan's axes with their counts (written in Python,
    /// `seguimiento._html`), labelled in Spanish (es-GT, the plan's language).
    fn _repr_html_<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::to_html(slf, "es-GT")
    }

    /// The HTML of the notebook display with its labels in `lang`: `"es-GT"`
    /// (the default) or `"en"`. ValueError for another language.
    #[pyo3(signature = (lang = "es-GT"))]
    fn to_html<'py>(slf: &Bound<'py, Self>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("seguimiento._html")?
            .getattr("plan_html")?
            .call1((slf, lang))
    }
}
