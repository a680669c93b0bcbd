//! The plan: its data ([`model`]), validation and navigation.
//!
//! A [`Plan`] is a [`PlanDocument`] that passed validation, plus the indexes
//! that make lookups by id, by entity and by year cheap. Build one with
//! [`Plan::embedded`], [`Plan::from_json`] or [`Plan::new`].

mod model;
mod validate;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::ops::Range;

use rustc_hash::FxHashMap;

pub use model::*;

use crate::names::names;
pub use validate::{PlanProblem, PlanReason, ProblemKind};

/// The 2007-2017 plan in the plan format, compiled into the library.
///
/// The file lives inside the crate (`core/data/plan.json`) so that the
/// published package carries it; it is a copy of the repository's shared
/// `seeds/plan.json`, and a test keeps the two equal byte for byte.
pub const EMBEDDED_PLAN_JSON: &str = include_str!("../../data/plan.json");

/// Largest plan document accepted, in bytes. The 2007-2017 plan is about
/// 100 KiB; anything a thousand times larger is not a plan.
pub const MAX_PLAN_BYTES: usize = 64 * 1024 * 1024;

/// Years on either side of a plan's horizon (its plazos' first and last
/// years) that a record may still name: reports on a plan are filed, and
/// evaluations run, some years after it ends. Anything further out is a
/// typing error, and would only make work (a monthly obligation over 9,000
/// years is 108,000 periods).
pub const YEAR_MARGIN: i32 = 10;

/// Most entities a plan's registry may hold: each must have a dense
/// [`EntityIndex`].
pub const MAX_ENTITIES: usize = u16::MAX as usize + 1;

/// Deepest chain of parents an entity may have (`PNC-DESAPARECIDOS` → PNC →
/// MINGOB is 2 deep). Real administrations are a few levels deep; the limit
/// keeps the registry's indexes small whatever a plan file holds.
pub const MAX_ENTITY_DEPTH: usize = 32;

/// Most dimensions one indicator may be broken down by: a cell of the ledger
/// is held in a fixed-size key of this many (dimension, value) pairs.
pub const MAX_INDICATOR_DIMENSIONS: usize = 8;

/// Most values a dimension may allow (and most dimensions a plan may define):
/// the ledger keeps both as 16-bit indexes.
pub const MAX_DIMENSION_VALUES: usize = u16::MAX as usize + 1;

/// Why a plan could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The bytes are not UTF-8.
    #[error("plan is not valid UTF-8: invalid byte sequence at byte {offset}")]
    Utf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// The document is larger than [`MAX_PLAN_BYTES`].
    #[error("plan is {size} bytes, more than the {limit} bytes a plan may have")]
    TooLarge {
        /// Size of the document.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The reader failed.
    #[error("could not read the plan: {message}")]
    Read {
        /// The reader's error.
        message: String,
    },
    /// The JSON is malformed, or does not have the plan format's shape.
    #[error("plan JSON, line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The document parsed but breaks the plan's rules; every problem is listed.
    #[error("plan has {} problem(s): {}", problems.len(), crate::messages::summarize(problems, 5))]
    Invalid {
        /// All problems found, each with its location.
        problems: Vec<PlanProblem>,
    },
}

/// Folds runs of whitespace into one space and trims both ends: the form in
/// which every plan text is stored.
///
/// ```
/// assert_eq!(seguimiento::fold_whitespace("  1 año\n\n(2007) "), "1 año (2007)");
/// ```
pub fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Declares a dense index into one of a plan's lists: a newtype over the
/// narrowest integer the plan's limits allow, so that indexes of different
/// lists cannot be mixed up and records that hold them stay small. Indexes
/// are made by the plan (its lookups and iterators); one used with another
/// plan than its own may name another node, or none.
macro_rules! index_type {
    ($(#[$meta:meta])* $name:ident($int:ty)) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name($int);

        impl $name {
            /// The index as a position in its list.
            pub fn get(self) -> usize {
                self.0 as usize
            }

            /// The index at a position the plan's limits keep within range.
            pub(crate) fn new(position: usize) -> Self {
                debug_assert!(position <= <$int>::MAX as usize);
                $name(position as $int)
            }
        }
    };
}

index_type!(
    /// Dense index of an indicator in a plan (reading order); the indicators
    /// of one action have consecutive indexes.
    IndicatorIndex(u32)
);
index_type!(
    /// Dense index of an action in a plan (reading order).
    ActionIndex(u32)
);
index_type!(
    /// Dense index of an entity in the plan's registry.
    EntityIndex(u16)
);
index_type!(
    /// Dense index of a dimension in [`Plan::dimensions`].
    DimensionIndex(u16)
);
index_type!(
    /// Dense index of a value among one dimension's allowed values.
    DimensionValueIndex(u16)
);

/// Where a node sits in the tree: indexes into `axes`, `lines`, `goals`,
/// `actions` and the action's `indicators` or `plazos`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeRef {
    Axis(usize),
    Line(usize, usize),
    Goal(usize, usize, usize),
    Action(usize, usize, usize, usize),
    Indicator(usize, usize, usize, usize, usize),
    Plazo(usize, usize, usize, usize, usize),
}

names! {
    /// The level of a node in the plan's tree.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Level ("level") {
        /// The plan itself.
        Plan = "plan",
        /// An axis.
        Axis = "axis",
        /// A line of intervention.
        Line = "line",
        /// A goal.
        Goal = "goal",
        /// A strategic action.
        Action = "action",
        /// An indicator.
        Indicator = "indicator",
        /// A plazo (a leaf beside the indicators).
        Plazo = "plazo",
    }
}

/// A borrowed node of the plan, as returned by [`Plan::node`].
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    /// An axis.
    Axis(&'a Axis),
    /// A line of intervention.
    Line(&'a Line),
    /// A goal.
    Goal(&'a Goal),
    /// A strategic action.
    Action(&'a Action),
    /// An indicator.
    Indicator(&'a Indicator),
    /// A plazo.
    Plazo(&'a Plazo),
}

impl<'a> Node<'a> {
    /// The node's id.
    pub fn id(&self) -> &'a str {
        match self {
            Node::Axis(n) => &n.id,
            Node::Line(n) => &n.id,
            Node::Goal(n) => &n.id,
            Node::Action(n) => &n.id,
            Node::Indicator(n) => &n.id,
            Node::Plazo(n) => &n.id,
        }
    }

    /// The node's verbatim text (a plazo's label).
    pub fn text(&self) -> &'a str {
        match self {
            Node::Axis(n) => &n.text,
            Node::Line(n) => &n.text,
            Node::Goal(n) => &n.text,
            Node::Action(n) => &n.text,
            Node::Indicator(n) => &n.text,
            Node::Plazo(n) => &n.label,
        }
    }

    /// The node's level.
    pub fn level(&self) -> Level {
        match self {
            Node::Axis(_) => Level::Axis,
            Node::Line(_) => Level::Line,
            Node::Goal(_) => Level::Goal,
            Node::Action(_) => Level::Action,
            Node::Indicator(_) => Level::Indicator,
            Node::Plazo(_) => Level::Plazo,
        }
    }
}

/// What the plan knows about one action beyond its text: where it sits and who
/// answers for it. Kept sparse (a few entities per action), so that the
/// indexes grow with the plan's size, not with entities × actions.
#[derive(Debug, Clone)]
struct ActionInfo {
    path: (usize, usize, usize, usize),
    /// Positions of its indicators among the plan's (consecutive).
    indicators: Range<usize>,
    /// Entities the responsible codes resolve to, in reading order.
    resolved: Vec<EntityIndex>,
    /// The same, sorted, for lookups.
    resolved_sorted: Vec<EntityIndex>,
    /// Sorted: the resolved entities and their parents, whose scorecards the
    /// action counts in.
    covered: Vec<EntityIndex>,
}

/// A validated plan with its lookup indexes.
///
/// ```
/// use seguimiento::Plan;
/// let plan = Plan::embedded();
/// assert_eq!(plan.axes().len(), 5);
/// assert_eq!(plan.entity("PNC").unwrap().parent.as_deref(), Some("MINGOB"));
/// ```
#[derive(Debug, Clone)]
pub struct Plan {
    doc: PlanDocument,
    nodes: HashMap<String, NodeRef>,
    entity_index: FxHashMap<String, EntityIndex>,
    actions: Vec<ActionInfo>,
    /// `(action, indicator within the action, its plazo within the action)` for
    /// each indicator, in reading order.
    indicators: Vec<(ActionIndex, usize, usize)>,
    indicator_index: FxHashMap<String, IndicatorIndex>,
    action_index: HashMap<String, ActionIndex>,
    /// `ancestors[e]`: the parents of entity `e`, nearest first.
    ancestors: Vec<Vec<EntityIndex>>,
    /// `member_of[e]`: the groups that list entity `e` among their members.
    member_of: Vec<Vec<EntityIndex>>,
    /// The coordinator's index.
    coordinator: Option<EntityIndex>,
    /// Dimension id → its index in `dimensions`.
    dimension_index: FxHashMap<String, DimensionIndex>,
    /// Per dimension, value → its index in the dimension's `values`.
    dimension_values: Vec<FxHashMap<String, DimensionValueIndex>>,
    /// A responsible code as the seed writes it, folded (`0J`) → the
    /// corrected reading the plan resolves it by (`OJ`).
    corrected_codes: HashMap<String, String>,
    /// The first and last year of the plazos (`None` without any plazo).
    horizon: Option<(i32, i32)>,
}

/// What a code written in a record names (see [`Plan::lookup_entity`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityMatch {
    /// One entity.
    One(EntityIndex),
    /// Several: a responsible code naming more than one entity
    /// (`MINGOB/PNC/DGM`), in the plan's resolution order.
    Several(Vec<EntityIndex>),
    /// None.
    Unknown,
}

impl PartialEq for Plan {
    fn eq(&self, other: &Self) -> bool {
        self.doc == other.doc
    }
}

impl Plan {
    /// The 2007-2017 plan, compiled into the library.
    ///
    /// ```
    /// let plan = seguimiento::Plan::embedded();
    /// assert_eq!(plan.document().id, "PAE-TRATA-2007-2017");
    /// ```
    pub fn embedded() -> Plan {
        // The embedded document is validated by the test suite; failing here would be
        // a build defect, not bad input, so it is reported loudly.
        match Plan::from_json(EMBEDDED_PLAN_JSON) {
            Ok(plan) => plan,
            Err(err) => panic!("the embedded plan is invalid: {err}"),
        }
    }

    /// Loads and validates a plan from its JSON text.
    ///
    /// ```
    /// let text = seguimiento::Plan::embedded().to_json();
    /// let again = seguimiento::Plan::from_json(&text).unwrap();
    /// assert_eq!(again, seguimiento::Plan::embedded());
    /// assert!(seguimiento::Plan::from_json("{").is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Plan, PlanError> {
        if text.len() > MAX_PLAN_BYTES {
            return Err(PlanError::TooLarge {
                size: text.len(),
                limit: MAX_PLAN_BYTES,
            });
        }
        // Editors on Windows often save UTF-8 with a byte-order mark; it is not content.
        let text = crate::values::strip_bom(text);
        let doc: PlanDocument = serde_json::from_str(text).map_err(|e| PlanError::Syntax {
            line: e.line(),
            column: e.column(),
            message: crate::messages::json_error_message(&e),
        })?;
        Plan::new(doc)
    }

    /// Loads and validates a plan from JSON bytes, checking that they are UTF-8.
    ///
    /// ```
    /// let err = seguimiento::Plan::from_json_bytes(b"{\"format\": \"\xff\"}").unwrap_err();
    /// assert!(err.to_string().contains("UTF-8"));
    /// ```
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Plan, PlanError> {
        let text = std::str::from_utf8(bytes).map_err(|e| PlanError::Utf8 {
            offset: e.valid_up_to(),
        })?;
        Plan::from_json(text)
    }

    /// Loads and validates a plan from a reader (a file the caller opened).
    pub fn from_reader<R: std::io::Read>(reader: R) -> Result<Plan, PlanError> {
        let mut bytes = Vec::new();
        let limit = MAX_PLAN_BYTES as u64 + 1;
        reader
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| PlanError::Read {
                message: e.to_string(),
            })?;
        if bytes.len() > MAX_PLAN_BYTES {
            return Err(PlanError::TooLarge {
                size: bytes.len(),
                limit: MAX_PLAN_BYTES,
            });
        }
        Plan::from_json_bytes(&bytes)
    }

    /// Validates a document and builds its indexes. Every problem is reported,
    /// not only the first. A registry of more than [`MAX_ENTITIES`] entities,
    /// or with parent chains deeper than [`MAX_ENTITY_DEPTH`], is rejected
    /// ([`ProblemKind::LimitExceeded`]); loading takes time and memory in
    /// proportion to the document's size.
    pub fn new(doc: PlanDocument) -> Result<Plan, PlanError> {
        let problems = validate::validate(&doc);
        if !problems.is_empty() {
            return Err(PlanError::Invalid { problems });
        }
        Ok(Plan::index(doc))
    }

    /// Builds the indexes of a document that passed validation.
    fn index(doc: PlanDocument) -> Plan {
        let mut entity_index = FxHashMap::default();
        for (i, e) in doc.entities.iter().enumerate() {
            let i = EntityIndex::new(i);
            entity_index.insert(entity_key(&e.code), i);
            for alias in &e.aliases {
                entity_index.insert(entity_key(alias), i);
            }
        }
        let parent_of: Vec<Option<EntityIndex>> = doc
            .entities
            .iter()
            .map(|e| {
                e.parent
                    .as_ref()
                    .and_then(|p| entity_index.get(&entity_key(p)).copied())
            })
            .collect();
        let ancestors: Vec<Vec<EntityIndex>> = (0..doc.entities.len())
            .map(|e| {
                let mut chain = Vec::new();
                let mut cur = parent_of[e];
                while let Some(p) = cur {
                    if chain.contains(&p) || p.get() == e {
                        break;
                    }
                    chain.push(p);
                    cur = parent_of[p.get()];
                }
                chain
            })
            .collect();
        let mut member_of: Vec<Vec<EntityIndex>> = vec![Vec::new(); doc.entities.len()];
        for (g, e) in doc.entities.iter().enumerate() {
            for m in &e.members {
                if let Some(&mi) = entity_index.get(&entity_key(m)) {
                    member_of[mi.get()].push(EntityIndex::new(g));
                }
            }
        }
        for groups in &mut member_of {
            groups.sort_unstable();
            groups.dedup();
        }
        let coordinator = entity_index.get(&entity_key(&doc.coordinator)).copied();

        let dimension_index = doc
            .dimensions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), DimensionIndex::new(i)))
            .collect();
        let dimension_values = doc
            .dimensions
            .iter()
            .map(|d| {
                d.values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v.clone(), DimensionValueIndex::new(i)))
                    .collect()
            })
            .collect();
        let corrected_codes = doc
            .axes
            .iter()
            .flat_map(|a| &a.lines)
            .flat_map(|l| &l.goals)
            .flat_map(|g| &g.actions)
            .flat_map(|c| &c.responsible)
            .filter_map(|r| Some((entity_key(&r.code), r.corrected.clone()?)))
            .collect();
        let horizon = doc
            .axes
            .iter()
            .flat_map(|a| &a.lines)
            .flat_map(|l| &l.goals)
            .flat_map(|g| &g.actions)
            .flat_map(|a| &a.plazos)
            .fold(None, |span: Option<(i32, i32)>, p| {
                Some(match span {
                    None => (p.start_year, p.end_year),
                    Some((first, last)) => (first.min(p.start_year), last.max(p.end_year)),
                })
            });
        let mut plan = Plan {
            corrected_codes,
            horizon,
            nodes: HashMap::new(),
            dimension_index,
            dimension_values,
            entity_index,
            actions: Vec::new(),
            indicators: Vec::new(),
            indicator_index: FxHashMap::default(),
            action_index: HashMap::new(),
            ancestors,
            member_of,
            coordinator,
            doc,
        };
        let mut nodes = HashMap::new();
        let mut actions = Vec::new();
        let mut indicators = Vec::new();
        for (a, axis) in plan.doc.axes.iter().enumerate() {
            nodes.insert(axis.id.clone(), NodeRef::Axis(a));
            for (l, line) in axis.lines.iter().enumerate() {
                nodes.insert(line.id.clone(), NodeRef::Line(a, l));
                for (g, goal) in line.goals.iter().enumerate() {
                    nodes.insert(goal.id.clone(), NodeRef::Goal(a, l, g));
                    for (c, action) in goal.actions.iter().enumerate() {
                        let action_idx = ActionIndex::new(actions.len());
                        nodes.insert(action.id.clone(), NodeRef::Action(a, l, g, c));
                        plan.action_index.insert(action.id.clone(), action_idx);
                        for (p, plazo) in action.plazos.iter().enumerate() {
                            nodes.insert(plazo.id.clone(), NodeRef::Plazo(a, l, g, c, p));
                        }
                        let plazo_pos: HashMap<&str, usize> = action
                            .plazos
                            .iter()
                            .enumerate()
                            .map(|(p, plazo)| (plazo.id.as_str(), p))
                            .collect();
                        // The action's indicators take the next indexes, in
                        // order: an action's indicators are a range.
                        let first = indicators.len();
                        for (i, ind) in action.indicators.iter().enumerate() {
                            nodes.insert(ind.id.clone(), NodeRef::Indicator(a, l, g, c, i));
                            plan.indicator_index
                                .insert(ind.id.clone(), IndicatorIndex::new(indicators.len()));
                            let p = plazo_pos.get(ind.plazo.as_str()).copied().unwrap_or(0);
                            indicators.push((action_idx, i, p));
                        }
                        let span = first..indicators.len();
                        actions.push(plan.action_info((a, l, g, c), span, action));
                    }
                }
            }
        }
        plan.nodes = nodes;
        plan.actions = actions;
        plan.indicators = indicators;
        plan
    }

    fn action_info(
        &self,
        path: (usize, usize, usize, usize),
        indicators: Range<usize>,
        action: &Action,
    ) -> ActionInfo {
        let mut resolved: Vec<EntityIndex> = Vec::new();
        let mut seen = HashSet::new();
        for r in &action.responsible {
            if let Ok(found) = self.resolve_indexes(r.effective_code()) {
                resolved.extend(found.into_iter().filter(|&e| seen.insert(e)));
            }
        }
        let mut resolved_sorted = resolved.clone();
        resolved_sorted.sort_unstable();
        let mut covered: Vec<EntityIndex> = resolved
            .iter()
            .flat_map(|&e| std::iter::once(e).chain(self.ancestors[e.get()].iter().copied()))
            .collect();
        covered.sort_unstable();
        covered.dedup();
        ActionInfo {
            path,
            indicators,
            resolved,
            resolved_sorted,
            covered,
        }
    }

    fn resolve_indexes(&self, code: &str) -> Result<Vec<EntityIndex>, String> {
        resolve_code(
            code,
            |part| self.entity_index.get(&entity_key(part)).copied(),
            |e| &self.ancestors[e.get()],
        )
    }

    /// The plan's data, as written in the plan format.
    pub fn document(&self) -> &PlanDocument {
        &self.doc
    }

    /// Gives the document back.
    pub fn into_document(self) -> PlanDocument {
        self.doc
    }

    /// The plan as pretty-printed JSON in the plan format (loads back unchanged).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.doc)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        text.push('\n');
        text
    }

    /// The plan's axes, in order.
    pub fn axes(&self) -> &[Axis] {
        &self.doc.axes
    }

    /// The entity registry.
    pub fn entities(&self) -> &[Entity] {
        &self.doc.entities
    }

    /// The dimensions indicators may use.
    pub fn dimensions(&self) -> &[Dimension] {
        &self.doc.dimensions
    }

    /// A dimension by id.
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.doc.dimensions.iter().find(|d| d.id == id)
    }

    /// The data notes.
    pub fn notes(&self) -> &[DataNote] {
        &self.doc.notes
    }

    /// The coordinating entity's code.
    pub fn coordinator(&self) -> &str {
        &self.doc.coordinator
    }

    /// Any node by id.
    ///
    /// ```
    /// use seguimiento::{Plan, Level};
    /// let plan = Plan::embedded();
    /// let node = plan.node("E1.L1.M1.A1").unwrap();
    /// assert_eq!(node.level(), Level::Action);
    /// assert!(plan.node("E9").is_none());
    /// ```
    pub fn node(&self, id: &str) -> Option<Node<'_>> {
        let axes = &self.doc.axes;
        Some(match *self.nodes.get(id)? {
            NodeRef::Axis(a) => Node::Axis(&axes[a]),
            NodeRef::Line(a, l) => Node::Line(&axes[a].lines[l]),
            NodeRef::Goal(a, l, g) => Node::Goal(&axes[a].lines[l].goals[g]),
            NodeRef::Action(a, l, g, c) => Node::Action(&axes[a].lines[l].goals[g].actions[c]),
            NodeRef::Indicator(a, l, g, c, i) => {
                Node::Indicator(&axes[a].lines[l].goals[g].actions[c].indicators[i])
            }
            NodeRef::Plazo(a, l, g, c, p) => {
                Node::Plazo(&axes[a].lines[l].goals[g].actions[c].plazos[p])
            }
        })
    }

    /// The ids of a node's children (an action's are its indicators, then its
    /// plazos); `None` for an unknown id.
    ///
    /// ```
    /// let plan = seguimiento::Plan::embedded();
    /// assert_eq!(plan.children("E1").unwrap()[0], "E1.L1");
    /// ```
    pub fn children(&self, id: &str) -> Option<Vec<&str>> {
        Some(match self.node(id)? {
            Node::Axis(n) => n.lines.iter().map(|c| c.id.as_str()).collect(),
            Node::Line(n) => n.goals.iter().map(|c| c.id.as_str()).collect(),
            Node::Goal(n) => n.actions.iter().map(|c| c.id.as_str()).collect(),
            Node::Action(n) => n
                .indicators
                .iter()
                .map(|c| c.id.as_str())
                .chain(n.plazos.iter().map(|p| p.id.as_str()))
                .collect(),
            Node::Indicator(_) | Node::Plazo(_) => Vec::new(),
        })
    }

    /// The id of a node's parent (`None` for an axis or an unknown id).
    ///
    /// ```
    /// let plan = seguimiento::Plan::embedded();
    /// assert_eq!(plan.parent("E1.L1.M1.A1.I1"), Some("E1.L1.M1.A1"));
    /// assert_eq!(plan.parent("E1"), None);
    /// ```
    pub fn parent(&self, id: &str) -> Option<&str> {
        let axes = &self.doc.axes;
        Some(match *self.nodes.get(id)? {
            NodeRef::Axis(_) => return None,
            NodeRef::Line(a, _) => &axes[a].id,
            NodeRef::Goal(a, l, _) => &axes[a].lines[l].id,
            NodeRef::Action(a, l, g, _) => &axes[a].lines[l].goals[g].id,
            NodeRef::Indicator(a, l, g, c, _) | NodeRef::Plazo(a, l, g, c, _) => {
                &axes[a].lines[l].goals[g].actions[c].id
            }
        })
    }

    /// A node's ancestors, nearest first (an indicator's action, goal, line, axis).
    pub fn ancestors(&self, id: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut cur = self.parent(id);
        while let Some(p) = cur {
            out.push(p);
            cur = self.parent(p);
        }
        out
    }

    /// An action by id.
    pub fn action(&self, id: &str) -> Option<&Action> {
        match self.node(id)? {
            Node::Action(a) => Some(a),
            _ => None,
        }
    }

    /// An indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        match self.node(id)? {
            Node::Indicator(i) => Some(i),
            _ => None,
        }
    }

    /// An entity by code or alias (case-insensitive).
    ///
    /// ```
    /// let plan = seguimiento::Plan::embedded();
    /// assert_eq!(plan.entity("mre").unwrap().code, "MRE");
    /// ```
    pub fn entity(&self, code: &str) -> Option<&Entity> {
        self.entity_idx(code).map(|i| &self.doc.entities[i.get()])
    }

    /// The dense index of an entity, by code or alias.
    pub fn entity_idx(&self, code: &str) -> Option<EntityIndex> {
        // Most codes arrive as the registry writes them (`MP`); only the others
        // pay for folding.
        match self.entity_index.get(code) {
            Some(&i) => Some(i),
            None => self.entity_index.get(&entity_key(code)).copied(),
        }
    }

    /// What a code written in a record names: an entity's code or alias
    /// (`PNC`, `mre`), or a responsible code as the plan writes it, resolved
    /// by the plan's rule (`MINGOB/PNC` → PNC, the seed's `0J` → OJ). A code
    /// that names several entities (`MINGOB/PNC/DGM`) is
    /// [`EntityMatch::Several`]: where one entity is required, the caller
    /// lists the candidates.
    ///
    /// ```
    /// use seguimiento::{EntityMatch, Plan};
    /// let plan = Plan::embedded();
    /// let code = |m| match m {
    ///     EntityMatch::One(e) => plan.entity_at(e).code.clone(),
    ///     other => format!("{other:?}"),
    /// };
    /// assert_eq!(code(plan.lookup_entity("MINGOB/PNC")), "PNC");
    /// assert_eq!(code(plan.lookup_entity("0J")), "OJ");
    /// assert!(matches!(plan.lookup_entity("MINGOB/PNC/DGM"), EntityMatch::Several(_)));
    /// assert_eq!(plan.lookup_entity("XYZ"), EntityMatch::Unknown);
    /// ```
    pub fn lookup_entity(&self, code: &str) -> EntityMatch {
        if let Some(i) = self.entity_idx(code) {
            return EntityMatch::One(i);
        }
        let code = self
            .corrected_codes
            .get(&entity_key(code))
            .map_or(code, String::as_str);
        match self.resolve_indexes(code) {
            Ok(found) => match found.as_slice() {
                [one] => EntityMatch::One(*one),
                [] => EntityMatch::Unknown,
                _ => EntityMatch::Several(found),
            },
            Err(_) => EntityMatch::Unknown,
        }
    }

    /// Each value of a dimension with its name, in the dimension's order:
    /// the plan's label of the value, else the name of the entity the code
    /// is (the `institucion` dimension), else the code itself. `None` for a
    /// dimension the plan lacks. What a caller maps names to codes with.
    ///
    /// ```
    /// let plan = seguimiento::Plan::embedded();
    /// let departments = plan.dimension_labels("departamento").unwrap();
    /// assert_eq!(departments[0], ("01", "Guatemala"));
    /// assert_eq!(departments.len(), 22);
    /// ```
    pub fn dimension_labels(&self, id: &str) -> Option<Vec<(&str, &str)>> {
        let dimension = &self.doc.dimensions[self.dimension_idx(id)?.get()];
        Some(
            dimension
                .values
                .iter()
                .enumerate()
                .map(|(i, code)| {
                    let name = match dimension.labels.get(i) {
                        Some(label) => label.as_str(),
                        None => self.entity(code).map_or(code.as_str(), |e| e.name.as_str()),
                    };
                    (code.as_str(), name)
                })
                .collect(),
        )
    }

    /// The index of a dimension in [`Plan::dimensions`].
    pub fn dimension_idx(&self, id: &str) -> Option<DimensionIndex> {
        self.dimension_index.get(id).copied()
    }

    /// The index of a value among a dimension's allowed values.
    pub fn dimension_value_idx(
        &self,
        dimension: DimensionIndex,
        value: &str,
    ) -> Option<DimensionValueIndex> {
        self.dimension_values
            .get(dimension.get())?
            .get(value)
            .copied()
    }

    /// The entity at a dense index.
    pub fn entity_at(&self, index: EntityIndex) -> &Entity {
        &self.doc.entities[index.get()]
    }

    /// Every entity's index, in registry order.
    pub fn entity_indexes(&self) -> impl ExactSizeIterator<Item = EntityIndex> {
        (0..self.doc.entities.len()).map(EntityIndex::new)
    }

    /// The parents of an entity, nearest first (`PNC-DESAPARECIDOS` → PNC, MINGOB).
    pub fn entity_ancestors(&self, index: EntityIndex) -> &[EntityIndex] {
        &self.ancestors[index.get()]
    }

    /// Whether `ancestor` is `entity` itself or one of its parents.
    pub fn entity_within(&self, entity: EntityIndex, ancestor: EntityIndex) -> bool {
        entity == ancestor || self.ancestors[entity.get()].contains(&ancestor)
    }

    /// Resolves a responsible code from the seed (`MINGOB/PNC/DGM`) to the
    /// registry entities it names: the parts that are not a parent of another
    /// part. The error names the part that matches no entity.
    ///
    /// ```
    /// let plan = seguimiento::Plan::embedded();
    /// let codes: Vec<&str> = plan.resolve("MINGOB/PNC/DGM").unwrap()
    ///     .iter().map(|e| e.code.as_str()).collect();
    /// assert_eq!(codes, ["PNC", "DGM"]);
    /// assert!(plan.resolve("MINGOB/XYZ").is_err());
    /// ```
    pub fn resolve(&self, code: &str) -> Result<Vec<&Entity>, String> {
        Ok(self
            .resolve_indexes(code)?
            .into_iter()
            .map(|i| &self.doc.entities[i.get()])
            .collect())
    }

    /// Every action in reading order.
    pub fn actions(&self) -> impl Iterator<Item = &Action> + '_ {
        self.actions
            .iter()
            .map(|info| self.action_at_path(info.path))
    }

    fn action_at_path(&self, (a, l, g, c): (usize, usize, usize, usize)) -> &Action {
        &self.doc.axes[a].lines[l].goals[g].actions[c]
    }

    /// Number of actions.
    pub fn action_count(&self) -> usize {
        self.actions.len()
    }

    /// The action at a dense index.
    pub fn action_at(&self, index: ActionIndex) -> &Action {
        self.action_at_path(self.actions[index.get()].path)
    }

    /// Every action's index, in reading order.
    pub fn action_indexes(&self) -> impl ExactSizeIterator<Item = ActionIndex> {
        (0..self.actions.len()).map(ActionIndex::new)
    }

    /// The indexes of an action's indicators, in the action's order: they
    /// are consecutive, so a list indexed by indicator holds each action's
    /// indicators together.
    pub fn action_indicators(
        &self,
        action: ActionIndex,
    ) -> impl ExactSizeIterator<Item = IndicatorIndex> {
        self.actions[action.get()]
            .indicators
            .clone()
            .map(IndicatorIndex::new)
    }

    /// The dense index of an action.
    pub fn action_idx(&self, id: &str) -> Option<ActionIndex> {
        self.action_index.get(id).copied()
    }

    /// The ids of the action's axis, line and goal.
    pub fn action_path(&self, index: ActionIndex) -> (&Axis, &Line, &Goal) {
        let (a, l, g, _) = self.actions[index.get()].path;
        let axis = &self.doc.axes[a];
        let line = &axis.lines[l];
        (axis, line, &line.goals[g])
    }

    /// Entities an action's responsible codes resolve to.
    pub fn action_entities(&self, index: ActionIndex) -> impl Iterator<Item = &Entity> + '_ {
        self.actions[index.get()]
            .resolved
            .iter()
            .map(|&e| &self.doc.entities[e.get()])
    }

    /// Whether `entity` may submit `official` records for the action: it is one
    /// the action's codes resolve to, a parent or a dependency of one, a member
    /// of a responsible group, or the plan's coordinator.
    pub fn may_report(&self, action: ActionIndex, entity: EntityIndex) -> bool {
        let info = &self.actions[action.get()];
        if self.coordinator == Some(entity) || info.covered.binary_search(&entity).is_ok() {
            return true;
        }
        let is_resolved = |e: &EntityIndex| info.resolved_sorted.binary_search(e).is_ok();
        // A dependency of a responsible entity (PNC for MINGOB).
        let chain = &self.ancestors[entity.get()];
        if chain.iter().any(is_resolved) {
            return true;
        }
        // A member (directly or through member groups) of a responsible group,
        // or a dependency of one: walk up from the entity and its parents
        // through the groups that list them.
        let mut stack: Vec<EntityIndex> = std::iter::once(entity)
            .chain(chain.iter().copied())
            .flat_map(|e| self.member_of[e.get()].iter().copied())
            .collect();
        let mut seen: HashSet<EntityIndex> = HashSet::new();
        while let Some(g) = stack.pop() {
            if !seen.insert(g) {
                continue;
            }
            if is_resolved(&g) {
                return true;
            }
            stack.extend(self.member_of[g.get()].iter().copied());
        }
        false
    }

    /// Whether the action counts in `entity`'s scorecard: the entity or one of
    /// its dependencies is responsible for it.
    pub fn covers(&self, action: ActionIndex, entity: EntityIndex) -> bool {
        self.actions[action.get()]
            .covered
            .binary_search(&entity)
            .is_ok()
    }

    /// The entities in whose scorecards the action counts (those [`covers`]
    /// is true for), in registry order.
    ///
    /// [`covers`]: Plan::covers
    pub fn covered_entities(&self, action: ActionIndex) -> &[EntityIndex] {
        &self.actions[action.get()].covered
    }

    /// Actions for which the entity or one of its dependencies is responsible
    /// (`MINGOB` covers the actions of PNC and DGM). Empty for an unknown code.
    ///
    /// ```
    /// let plan = seguimiento::Plan::embedded();
    /// let mingob = plan.actions_of_entity("MINGOB").len();
    /// let pnc = plan.actions_of_entity("PNC").len();
    /// assert!(mingob >= pnc && pnc > 0);
    /// ```
    pub fn actions_of_entity(&self, code: &str) -> Vec<&Action> {
        let Some(e) = self.entity_idx(code) else {
            return Vec::new();
        };
        self.action_indexes()
            .filter(|&a| self.covers(a, e))
            .map(|a| self.action_at(a))
            .collect()
    }

    /// Every indicator in reading order.
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> + '_ {
        self.indicators
            .iter()
            .map(|&(a, i, _)| &self.action_at(a).indicators[i])
    }

    /// Number of indicators.
    pub fn indicator_count(&self) -> usize {
        self.indicators.len()
    }

    /// The dense index of an indicator.
    pub fn indicator_idx(&self, id: &str) -> Option<IndicatorIndex> {
        self.indicator_index.get(id).copied()
    }

    /// Every indicator's index, in reading order.
    pub fn indicator_indexes(&self) -> impl ExactSizeIterator<Item = IndicatorIndex> {
        (0..self.indicators.len()).map(IndicatorIndex::new)
    }

    /// The indicator at a dense index.
    pub fn indicator_at(&self, index: IndicatorIndex) -> &Indicator {
        let (a, i, _) = self.indicators[index.get()];
        &self.action_at(a).indicators[i]
    }

    /// The action an indicator belongs to.
    pub fn indicator_action(&self, index: IndicatorIndex) -> ActionIndex {
        self.indicators[index.get()].0
    }

    /// The plazo an indicator belongs to.
    pub fn indicator_plazo(&self, index: IndicatorIndex) -> &Plazo {
        let (a, _, p) = self.indicators[index.get()];
        &self.action_at(a).plazos[p]
    }

    /// The first and last year of the plan's plazos (`None` for a plan
    /// without any).
    ///
    /// ```
    /// let plan = seguimiento::Plan::embedded();
    /// assert_eq!(plan.horizon(), Some((2007, 2017)));
    /// ```
    pub fn horizon(&self) -> Option<(i32, i32)> {
        self.horizon
    }

    /// The years a record may name, and an evaluation be dated in: the
    /// horizon widened by [`YEAR_MARGIN`] on each side. Empty for a plan
    /// without plazos.
    ///
    /// ```
    /// let plan = seguimiento::Plan::embedded();
    /// assert_eq!(plan.record_years(), 1997..=2027);
    /// ```
    pub fn record_years(&self) -> std::ops::RangeInclusive<i32> {
        match self.horizon {
            Some((first, last)) => {
                first.saturating_sub(YEAR_MARGIN)..=last.saturating_add(YEAR_MARGIN)
            }
            // No year at all: an empty range.
            None => std::ops::RangeInclusive::new(1, 0),
        }
    }

    /// Plazos whose window ends in `year`, with their actions: the deadlines
    /// falling due that year.
    ///
    /// ```
    /// let plan = seguimiento::Plan::embedded();
    /// assert!(plan.deadlines_in_year(2007).iter().all(|(_, p)| p.end_year == 2007));
    /// assert!(!plan.deadlines_in_year(2017).is_empty());
    /// ```
    pub fn deadlines_in_year(&self, year: i32) -> Vec<(&Action, &Plazo)> {
        self.actions()
            .flat_map(|a| a.plazos.iter().map(move |p| (a, p)))
            .filter(|(_, p)| p.end_year == year)
            .collect()
    }

    /// Counts of the plan's nodes, per axis.
    pub fn counts(&self) -> Vec<AxisCounts> {
        self.doc
            .axes
            .iter()
            .map(|axis| {
                let goals = axis.lines.iter().flat_map(|l| &l.goals);
                let actions: Vec<&Action> = goals.clone().flat_map(|g| &g.actions).collect();
                AxisCounts {
                    axis: axis.id.clone(),
                    lines: axis.lines.len(),
                    goals: goals.count(),
                    actions: actions.len(),
                    indicators: actions.iter().map(|a| a.indicators.len()).sum(),
                    plazos: actions.iter().map(|a| a.plazos.len()).sum(),
                    responsible: actions.iter().map(|a| a.responsible.len()).sum(),
                }
            })
            .collect()
    }
}

/// How many nodes of each level an axis has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AxisCounts {
    /// The axis id.
    pub axis: String,
    /// Lines of intervention.
    pub lines: usize,
    /// Goals.
    pub goals: usize,
    /// Strategic actions.
    pub actions: usize,
    /// Indicators.
    pub indicators: usize,
    /// Plazos (summed over actions).
    pub plazos: usize,
    /// Responsible entries (summed over actions).
    pub responsible: usize,
}

/// The key entities are looked up by: whitespace folded, uppercase.
fn entity_key(code: &str) -> String {
    fold_whitespace(code).to_uppercase()
}

/// Resolution shared by validation (before indexes exist) and the plan.
fn resolve_code<'a, F, A>(code: &str, lookup: F, ancestors: A) -> Result<Vec<EntityIndex>, String>
where
    F: Fn(&str) -> Option<EntityIndex>,
    A: Fn(EntityIndex) -> &'a [EntityIndex],
{
    let mut parts = Vec::new();
    let mut named = HashSet::new();
    for part in code.split('/') {
        let part = part.trim();
        if part.is_empty() {
            return Err(format!(
                "empty part in responsible code {}",
                crate::messages::Excerpt::new(code).quoted()
            ));
        }
        match lookup(part) {
            Some(e) => {
                if named.insert(e) {
                    parts.push(e);
                }
            }
            None => {
                return Err(format!(
                    "{} names no entity of the registry",
                    crate::messages::Excerpt::new(part).quoted()
                ))
            }
        }
    }
    // A part that is the parent (directly or not) of another part is not
    // itself responsible: `MINGOB/PNC` names PNC, within MINGOB.
    let parents: HashSet<EntityIndex> = parts
        .iter()
        .flat_map(|&e| ancestors(e).iter().copied().filter(move |&p| p != e))
        .collect();
    Ok(parts.into_iter().filter(|e| !parents.contains(e)).collect())
}
