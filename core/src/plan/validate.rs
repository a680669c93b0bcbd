//! Plan validation: every rule of the plan format, checked over the whole
//! document so that all problems are reported together.

use std::collections::{HashMap, HashSet};
use std::fmt;

use rust_decimal::Decimal;

use super::model::*;
use super::{entity_key, resolve_code, EntityIndex, MAX_ENTITIES, MAX_ENTITY_DEPTH};
pub use crate::messages::plan::PlanReason;
use crate::messages::Excerpt;
use crate::names::names;

names! {
    /// What rule a plan breaks (named by a stable snake_case code).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ProblemKind ("problem kind") {
        /// `format` is not [`PLAN_FORMAT`].
        UnknownFormat = "unknown_format",
        /// Two nodes (or two entities, or two dimensions) share an id.
        DuplicateId = "duplicate_id",
        /// An id does not follow the hierarchical scheme.
        MalformedId = "malformed_id",
        /// A required text is empty.
        EmptyText = "empty_text",
        /// A responsible code, parent, member or coordinator names no entity.
        DanglingEntity = "dangling_entity",
        /// Entity parents form a cycle.
        EntityCycle = "entity_cycle",
        /// A group without members or description, or an institution with members.
        MalformedGroup = "malformed_group",
        /// An action has no plazo.
        MissingPlazo = "missing_plazo",
        /// An action has no indicator.
        MissingIndicator = "missing_indicator",
        /// An action has no responsible entity.
        MissingResponsible = "missing_responsible",
        /// A plazo ends before it starts, or states zero years.
        ReversedPlazo = "reversed_plazo",
        /// An indicator is tied to a plazo its action lacks.
        UnknownPlazo = "unknown_plazo",
        /// An indicator names a dimension the plan lacks, or names one twice.
        UnknownDimension = "unknown_dimension",
        /// A dimension without values or with a value twice.
        MalformedDimension = "malformed_dimension",
        /// Measure, accumulation and frequency do not fit together, or a bad weight.
        InvalidClassification = "invalid_classification",
        /// A data note is about a node the plan lacks.
        DanglingNote = "dangling_note",
        /// The plan is larger than the library can index: more than
        /// [`MAX_ENTITIES`](super::MAX_ENTITIES) entities, or a parent chain deeper
        /// than [`MAX_ENTITY_DEPTH`](super::MAX_ENTITY_DEPTH).
        LimitExceeded = "limit_exceeded",
    }
}

/// One problem of a plan: where, which rule, and why (typed; its sentence
/// is [`PlanProblem::message`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanProblem {
    /// Where: a node id with the field (`E1.L1.M1.A1.responsible[2]`), or
    /// `entities[3]`, `dimensions[0]`, `notes[5]`, `format`.
    pub location: String,
    /// The rule broken (the kind of [`PlanProblem::reason`]).
    pub kind: ProblemKind,
    /// What exactly is wrong, with the values involved.
    pub reason: PlanReason,
}

impl PlanProblem {
    /// A problem at a location; its kind is the reason's.
    /// A location longer than an [`Excerpt`](crate::Excerpt)'s bytes
    /// (it names an id from the document) is kept as its excerpt.
    pub fn new(location: impl Into<String>, reason: PlanReason) -> PlanProblem {
        let location = location.into();
        let location = if location.len() > crate::EXCERPT_BYTES {
            crate::Excerpt::new(&location).to_string()
        } else {
            location
        };
        PlanProblem {
            location,
            kind: reason.kind(),
            reason,
        }
    }

    /// Why, in words.
    pub fn message(&self) -> String {
        self.reason.to_string()
    }
}

impl fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}

struct Checker {
    problems: Vec<PlanProblem>,
    ids: HashSet<String>,
}

impl Checker {
    fn report(&mut self, location: impl Into<String>, reason: PlanReason) {
        self.problems.push(PlanProblem::new(location, reason));
    }

    /// Checks an id's shape (`parent.Xn`) and uniqueness.
    fn id(&mut self, id: &str, parent: Option<&str>, letter: char, location: &str) {
        let expected_prefix = parent.map(|p| format!("{p}.")).unwrap_or_default();
        // The parent's id may be any length: the message shows an excerpt.
        let shown_prefix = parent
            .map(|p| format!("{}.", Excerpt::new(p)))
            .unwrap_or_default();
        let well_formed = id
            .strip_prefix(&expected_prefix)
            .and_then(|rest| rest.strip_prefix(letter))
            .is_some_and(|n| {
                !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0')
            });
        if !well_formed {
            self.report(
                format!("{location}.id"),
                PlanReason::MalformedId {
                    id: id.into(),
                    expected: format!("{shown_prefix}{letter}<n>"),
                },
            );
        }
        if !self.ids.insert(id.to_string()) {
            self.report(
                format!("{location}.id"),
                PlanReason::DuplicateId { id: id.into() },
            );
        }
    }

    fn text(&mut self, text: &str, location: &str) {
        if text.trim().is_empty() {
            self.report(format!("{location}.text"), PlanReason::EmptyText);
        }
    }
}

pub(super) fn validate(doc: &PlanDocument) -> Vec<PlanProblem> {
    let mut ck = Checker {
        problems: Vec::new(),
        ids: HashSet::new(),
    };
    if doc.format != PLAN_FORMAT {
        ck.report(
            "format",
            PlanReason::UnknownFormat {
                found: doc.format.as_str().into(),
                expected: PLAN_FORMAT,
            },
        );
    }
    if doc.id.trim().is_empty() {
        ck.report("id", PlanReason::EmptyPlanId);
    }

    if doc.entities.len() > MAX_ENTITIES {
        // Entities beyond the limit cannot be indexed, so nothing that names an
        // entity can be checked: this problem is reported alone.
        ck.report(
            "entities",
            PlanReason::TooManyEntities {
                count: doc.entities.len(),
                max: MAX_ENTITIES,
            },
        );
        return ck.problems;
    }
    let (lookup, ancestors) = check_entities(doc, &mut ck);
    let find = |code: &str| lookup.get(&entity_key(code)).copied();
    if find(&doc.coordinator).is_none() {
        ck.report(
            "coordinator",
            PlanReason::DanglingCoordinator {
                code: doc.coordinator.as_str().into(),
            },
        );
    }

    let dimensions = check_dimensions(doc, &mut ck);

    for axis in &doc.axes {
        let loc = axis.id.clone();
        ck.id(&axis.id, None, 'E', &loc);
        ck.text(&axis.text, &loc);
        for line in &axis.lines {
            ck.id(&line.id, Some(&axis.id), 'L', &line.id);
            ck.text(&line.text, &line.id);
            for goal in &line.goals {
                ck.id(&goal.id, Some(&line.id), 'M', &goal.id);
                ck.text(&goal.text, &goal.id);
                for action in &goal.actions {
                    check_action(action, &goal.id, &mut ck, &find, &ancestors, &dimensions);
                }
            }
        }
    }

    for (n, note) in doc.notes.iter().enumerate() {
        if !ck.ids.contains(&note.node) && note.node != doc.id {
            ck.report(
                format!("notes[{n}].node"),
                PlanReason::DanglingNote {
                    node: note.node.as_str().into(),
                },
            );
        }
    }
    ck.problems
}

type EntityLookup = HashMap<String, EntityIndex>;

fn check_entities(doc: &PlanDocument, ck: &mut Checker) -> (EntityLookup, Vec<Vec<EntityIndex>>) {
    let mut lookup: EntityLookup = HashMap::new();
    for (i, e) in doc.entities.iter().enumerate() {
        let loc = format!("entities[{i}]");
        let valid_code = !e.code.is_empty()
            && e.code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_code {
            ck.report(
                format!("{loc}.code"),
                PlanReason::MalformedEntityCode {
                    code: e.code.as_str().into(),
                },
            );
        }
        if e.name.trim().is_empty() {
            ck.report(
                format!("{loc}.name"),
                PlanReason::UnnamedEntity {
                    code: e.code.as_str().into(),
                },
            );
        }
        for (field, key) in
            std::iter::once(("code", &e.code)).chain(e.aliases.iter().map(|a| ("aliases", a)))
        {
            if let Some(&other) = lookup.get(&entity_key(key)) {
                if other.get() == i {
                    continue; // an alias spelled like the entity's own code
                }
                ck.report(
                    format!("{loc}.{field}"),
                    PlanReason::DuplicateEntityKey {
                        key: key.as_str().into(),
                        entity: e.code.as_str().into(),
                        other: doc.entities[other.get()].code.as_str().into(),
                    },
                );
            } else {
                lookup.insert(entity_key(key), EntityIndex::new(i));
            }
        }
        match e.kind {
            EntityKind::Group if e.members.is_empty() && e.description.is_none() => ck.report(
                loc.clone(),
                PlanReason::EmptyGroup {
                    code: e.code.as_str().into(),
                },
            ),
            EntityKind::Institution if !e.members.is_empty() => ck.report(
                format!("{loc}.members"),
                PlanReason::InstitutionWithMembers {
                    code: e.code.as_str().into(),
                },
            ),
            _ => {}
        }
    }
    let parents: Vec<Option<EntityIndex>> = doc
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let parent = e.parent.as_ref()?;
            let found = lookup.get(&entity_key(parent)).copied();
            if found.is_none() {
                ck.report(
                    format!("entities[{i}].parent"),
                    PlanReason::DanglingParent {
                        parent: parent.as_str().into(),
                        entity: e.code.as_str().into(),
                    },
                );
            }
            found
        })
        .collect();
    for (i, e) in doc.entities.iter().enumerate() {
        for member in &e.members {
            if !lookup.contains_key(&entity_key(member)) {
                ck.report(
                    format!("entities[{i}].members"),
                    PlanReason::DanglingMember {
                        member: member.as_str().into(),
                        entity: e.code.as_str().into(),
                    },
                );
            }
        }
    }
    let ancestors = check_parent_chains(doc, &parents, ck);
    (lookup, ancestors)
}

/// How far the walk up an entity's parents has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Walk {
    Unvisited,
    /// On the path being walked.
    OnPath,
    /// Done: the entity has this many parents above it.
    Depth(usize),
    /// On a cycle of parents, or leading into one.
    Cyclic,
}

/// Finds cycles and over-deep chains of parents in time linear in the number
/// of entities, and gives each entity its parents, nearest first (empty for
/// an entity whose parents loop).
fn check_parent_chains(
    doc: &PlanDocument,
    parents: &[Option<EntityIndex>],
    ck: &mut Checker,
) -> Vec<Vec<EntityIndex>> {
    let n = parents.len();
    let code = |e: usize| doc.entities[e].code.as_str();
    let mut walk = vec![Walk::Unvisited; n];
    for start in 0..n {
        if walk[start] != Walk::Unvisited {
            continue;
        }
        let mut path: Vec<usize> = Vec::new();
        let mut cur = start;
        // Follow the parents up to a root, an entity already walked, or a cycle.
        let top: Option<usize> = loop {
            walk[cur] = Walk::OnPath;
            path.push(cur);
            let Some(p) = parents[cur] else {
                break Some(0);
            };
            let p = p.get();
            match walk[p] {
                Walk::Unvisited => cur = p,
                Walk::Depth(d) => break Some(d + 1),
                Walk::Cyclic => break None,
                Walk::OnPath => {
                    let at = path.iter().position(|&e| e == p).unwrap_or(0);
                    let cycle = &path[at..];
                    // Shown from its first entity in the registry's order.
                    let from = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                    let first = cycle[from];
                    let mut shown: Vec<&str> = (0..cycle.len().min(6))
                        .map(|i| code(cycle[(from + i) % cycle.len()]))
                        .collect();
                    if cycle.len() > 6 {
                        shown.push("…");
                    }
                    shown.push(code(first));
                    ck.report(
                        format!("entities[{first}].parent"),
                        PlanReason::EntityCycle {
                            first: code(first).into(),
                            count: cycle.len(),
                            shown: shown.iter().map(|c| Excerpt::new(c).to_string()).collect(),
                        },
                    );
                    break None;
                }
            }
        };
        match top {
            // `depth` is the depth of the last entity of the path.
            Some(mut depth) => {
                for &e in path.iter().rev() {
                    walk[e] = Walk::Depth(depth);
                    if depth == MAX_ENTITY_DEPTH + 1 {
                        ck.report(
                            format!("entities[{e}].parent"),
                            PlanReason::TooDeep {
                                code: code(e).into(),
                                max: MAX_ENTITY_DEPTH,
                            },
                        );
                    }
                    depth += 1;
                }
            }
            None => {
                for &e in &path {
                    walk[e] = Walk::Cyclic;
                }
            }
        }
    }
    (0..n)
        .map(|e| {
            let mut chain = Vec::new();
            if walk[e] == Walk::Cyclic {
                return chain;
            }
            let mut cur = parents[e];
            while let Some(p) = cur {
                if chain.len() > MAX_ENTITY_DEPTH {
                    break;
                }
                chain.push(p);
                cur = parents[p.get()];
            }
            chain
        })
        .collect()
}

fn check_dimensions(doc: &PlanDocument, ck: &mut Checker) -> HashSet<String> {
    let mut ids = HashSet::new();
    if doc.dimensions.len() > super::MAX_DIMENSION_VALUES {
        ck.report(
            "dimensions",
            PlanReason::TooManyDimensions {
                count: doc.dimensions.len(),
                max: super::MAX_DIMENSION_VALUES,
            },
        );
    }
    for (i, d) in doc.dimensions.iter().enumerate() {
        let loc = format!("dimensions[{i}]");
        if !ids.insert(d.id.clone()) {
            ck.report(
                format!("{loc}.id"),
                PlanReason::DuplicateDimension {
                    id: d.id.as_str().into(),
                },
            );
        }
        if d.values.is_empty() {
            ck.report(
                format!("{loc}.values"),
                PlanReason::NoDimensionValues {
                    id: d.id.as_str().into(),
                },
            );
        }
        if d.values.len() > super::MAX_DIMENSION_VALUES {
            ck.report(
                format!("{loc}.values"),
                PlanReason::TooManyDimensionValues {
                    id: d.id.as_str().into(),
                    count: d.values.len(),
                    max: super::MAX_DIMENSION_VALUES,
                },
            );
        }
        if !d.labels.is_empty() && d.labels.len() != d.values.len() {
            ck.report(
                format!("{loc}.labels"),
                PlanReason::DimensionLabels {
                    id: d.id.as_str().into(),
                    labels: d.labels.len(),
                    values: d.values.len(),
                },
            );
        }
        let mut seen = HashSet::new();
        for v in &d.values {
            if !seen.insert(v) {
                ck.report(
                    format!("{loc}.values"),
                    PlanReason::DimensionValueTwice {
                        id: d.id.as_str().into(),
                        value: v.as_str().into(),
                    },
                );
            }
        }
    }
    ids
}

fn check_action<F>(
    action: &Action,
    goal_id: &str,
    ck: &mut Checker,
    find: &F,
    ancestors: &[Vec<EntityIndex>],
    dimensions: &HashSet<String>,
) where
    F: Fn(&str) -> Option<EntityIndex>,
{
    let loc = action.id.clone();
    ck.id(&action.id, Some(goal_id), 'A', &loc);
    ck.text(&action.text, &loc);
    if action.plazos.is_empty() {
        ck.report(
            format!("{loc}.plazos"),
            PlanReason::NoPlazo {
                action: action.id.as_str().into(),
            },
        );
    }
    if action.indicators.is_empty() {
        ck.report(
            format!("{loc}.indicators"),
            PlanReason::NoIndicator {
                action: action.id.as_str().into(),
            },
        );
    }
    if action.responsible.is_empty() {
        ck.report(
            format!("{loc}.responsible"),
            PlanReason::NoResponsible {
                action: action.id.as_str().into(),
            },
        );
    }
    for (r, resp) in action.responsible.iter().enumerate() {
        if let Err(why) = resolve_code(resp.effective_code(), find, |e| &ancestors[e.get()]) {
            ck.report(
                format!("{loc}.responsible[{r}]"),
                PlanReason::DanglingResponsible { why },
            );
        }
    }
    for plazo in &action.plazos {
        ck.id(&plazo.id, Some(&action.id), 'P', &plazo.id);
        if plazo.label.trim().is_empty() {
            ck.report(format!("{}.label", plazo.id), PlanReason::EmptyLabel);
        }
        if plazo.end_year < plazo.start_year {
            ck.report(
                plazo.id.clone(),
                PlanReason::ReversedPlazo {
                    label: plazo.label.as_str().into(),
                    start: plazo.start_year,
                    end: plazo.end_year,
                },
            );
        }
        if plazo.stated_years == 0 {
            ck.report(
                format!("{}.stated_years", plazo.id),
                PlanReason::ZeroYears {
                    label: plazo.label.as_str().into(),
                },
            );
        }
        if !(1900..=2200).contains(&plazo.start_year) || !(1900..=2200).contains(&plazo.end_year) {
            ck.report(
                plazo.id.clone(),
                PlanReason::YearsOutOfRange {
                    label: plazo.label.as_str().into(),
                },
            );
        }
    }
    let plazo_ids: HashSet<&str> = action.plazos.iter().map(|p| p.id.as_str()).collect();
    for ind in &action.indicators {
        let iloc = ind.id.clone();
        ck.id(&ind.id, Some(&action.id), 'I', &iloc);
        ck.text(&ind.text, &iloc);
        if !plazo_ids.contains(ind.plazo.as_str()) {
            ck.report(
                format!("{iloc}.plazo"),
                PlanReason::UnknownPlazo {
                    plazo: ind.plazo.as_str().into(),
                    action: action.id.as_str().into(),
                },
            );
        }
        if ind.dimensions.len() > super::MAX_INDICATOR_DIMENSIONS {
            ck.report(
                format!("{iloc}.dimensions"),
                PlanReason::TooManyIndicatorDimensions {
                    count: ind.dimensions.len(),
                    max: super::MAX_INDICATOR_DIMENSIONS,
                },
            );
        }
        let mut seen = HashSet::new();
        for d in &ind.dimensions {
            if !dimensions.contains(d) {
                ck.report(
                    format!("{iloc}.dimensions"),
                    PlanReason::UndefinedDimension {
                        dimension: d.as_str().into(),
                    },
                );
            } else if !seen.insert(d) {
                ck.report(
                    format!("{iloc}.dimensions"),
                    PlanReason::DimensionNamedTwice {
                        dimension: d.as_str().into(),
                    },
                );
            }
        }
        let always_stock = matches!(
            ind.measure,
            Measure::Percentage | Measure::Level | Measure::Milestone | Measure::Text
        );
        if always_stock && ind.accumulation == Accumulation::Flow {
            ck.report(
                format!("{iloc}.accumulation"),
                PlanReason::StockAsFlow {
                    measure: ind.measure,
                },
            );
        }
        if (ind.measure == Measure::Milestone) != (ind.frequency == Frequency::Once) {
            ck.report(
                format!("{iloc}.frequency"),
                PlanReason::FrequencyMismatch {
                    frequency: ind.frequency,
                    measure: ind.measure,
                },
            );
        }
        if ind.weight < Decimal::ZERO {
            ck.report(
                format!("{iloc}.weight"),
                PlanReason::NegativeWeight { weight: ind.weight },
            );
        } else if !crate::evaluate::weight_in_range(ind.weight) {
            ck.report(
                format!("{iloc}.weight"),
                PlanReason::WeightOutOfRange { weight: ind.weight },
            );
        }
    }
}
