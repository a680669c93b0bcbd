//! Plan validation: every rule of the plan format, checked over the whole
//! document so that all problems are reported together.

use std::collections::{HashMap, HashSet};
use std::fmt;

use rust_decimal::Decimal;

use super::model::*;
use super::{entity_key, resolve_code, EntityIndex, MAX_ENTITIES, MAX_ENTITY_DEPTH};
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

/// One problem of a plan: where, which rule, and a sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanProblem {
    /// Where: a node id with the field (`E1.L1.M1.A1.responsible[2]`), or
    /// `entities[3]`, `dimensions[0]`, `notes[5]`, `format`.
    pub location: String,
    /// The rule broken.
    pub kind: ProblemKind,
    /// Why, in words.
    pub message: String,
}

impl fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

struct Checker {
    problems: Vec<PlanProblem>,
    ids: HashSet<String>,
}

impl Checker {
    fn report(
        &mut self,
        location: impl Into<String>,
        kind: ProblemKind,
        message: impl Into<String>,
    ) {
        self.problems.push(PlanProblem {
            location: location.into(),
            kind,
            message: message.into(),
        });
    }

    /// Checks an id's shape (`parent.Xn`) and uniqueness.
    fn id(&mut self, id: &str, parent: Option<&str>, letter: char, location: &str) {
        let expected_prefix = parent.map(|p| format!("{p}.")).unwrap_or_default();
        let well_formed = id
            .strip_prefix(&expected_prefix)
            .and_then(|rest| rest.strip_prefix(letter))
            .is_some_and(|n| {
                !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0')
            });
        if !well_formed {
            self.report(
                format!("{location}.id"),
                ProblemKind::MalformedId,
                format!("id {id:?} should be {expected_prefix}{letter}<n> (n a positive number)"),
            );
        }
        if !self.ids.insert(id.to_string()) {
            self.report(
                format!("{location}.id"),
                ProblemKind::DuplicateId,
                format!("id {id:?} is used more than once"),
            );
        }
    }

    fn text(&mut self, text: &str, location: &str) {
        if text.trim().is_empty() {
            self.report(
                format!("{location}.text"),
                ProblemKind::EmptyText,
                "text is empty",
            );
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
            ProblemKind::UnknownFormat,
            format!(
                "format is {:?}; this library reads {PLAN_FORMAT:?}",
                doc.format
            ),
        );
    }
    if doc.id.trim().is_empty() {
        ck.report("id", ProblemKind::EmptyText, "the plan's id is empty");
    }

    if doc.entities.len() > MAX_ENTITIES {
        // Entities beyond the limit cannot be indexed, so nothing that names an
        // entity can be checked: this problem is reported alone.
        ck.report(
            "entities",
            ProblemKind::LimitExceeded,
            format!(
                "the registry has {} entities, more than the {MAX_ENTITIES} a plan may have",
                doc.entities.len()
            ),
        );
        return ck.problems;
    }
    let (lookup, ancestors) = check_entities(doc, &mut ck);
    let find = |code: &str| lookup.get(&entity_key(code)).copied();
    if find(&doc.coordinator).is_none() {
        ck.report(
            "coordinator",
            ProblemKind::DanglingEntity,
            format!(
                "coordinator {:?} names no entity of the registry",
                doc.coordinator
            ),
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
                ProblemKind::DanglingNote,
                format!(
                    "note is about {:?}, which is not a node of the plan",
                    note.node
                ),
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
                ProblemKind::MalformedId,
                format!(
                    "entity code {:?} may hold only letters, digits, '-' and '_'",
                    e.code
                ),
            );
        }
        if e.name.trim().is_empty() {
            ck.report(
                format!("{loc}.name"),
                ProblemKind::EmptyText,
                format!("entity {} has no name", e.code),
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
                    ProblemKind::DuplicateId,
                    format!(
                        "{key:?} of entity {} is already the code or an alias of entity {}",
                        e.code,
                        doc.entities[other.get()].code
                    ),
                );
            } else {
                lookup.insert(entity_key(key), EntityIndex::new(i));
            }
        }
        match e.kind {
            EntityKind::Group if e.members.is_empty() && e.description.is_none() => ck.report(
                loc.clone(),
                ProblemKind::MalformedGroup,
                format!("group {} neither lists members nor describes them", e.code),
            ),
            EntityKind::Institution if !e.members.is_empty() => ck.report(
                format!("{loc}.members"),
                ProblemKind::MalformedGroup,
                format!("{} is an institution; only groups have members", e.code),
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
                    ProblemKind::DanglingEntity,
                    format!(
                        "parent {parent:?} of {} names no entity of the registry",
                        e.code
                    ),
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
                    ProblemKind::DanglingEntity,
                    format!(
                        "member {member:?} of {} names no entity of the registry",
                        e.code
                    ),
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
                        ProblemKind::EntityCycle,
                        format!(
                            "the parents of {} lead back to it ({} entities in the cycle: {})",
                            code(first),
                            cycle.len(),
                            shown.join(" → ")
                        ),
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
                            ProblemKind::LimitExceeded,
                            format!(
                                "{} has more than {MAX_ENTITY_DEPTH} parents above it, the most a plan may nest entities",
                                code(e)
                            ),
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
            ProblemKind::LimitExceeded,
            format!(
                "the plan defines {} dimensions, more than {}",
                doc.dimensions.len(),
                super::MAX_DIMENSION_VALUES
            ),
        );
    }
    for (i, d) in doc.dimensions.iter().enumerate() {
        let loc = format!("dimensions[{i}]");
        if !ids.insert(d.id.clone()) {
            ck.report(
                format!("{loc}.id"),
                ProblemKind::DuplicateId,
                format!("dimension {:?} is defined twice", d.id),
            );
        }
        if d.values.is_empty() {
            ck.report(
                format!("{loc}.values"),
                ProblemKind::MalformedDimension,
                format!("dimension {:?} allows no value", d.id),
            );
        }
        if d.values.len() > super::MAX_DIMENSION_VALUES {
            ck.report(
                format!("{loc}.values"),
                ProblemKind::LimitExceeded,
                format!(
                    "dimension {:?} allows {} values, more than the {} a dimension may have",
                    d.id,
                    d.values.len(),
                    super::MAX_DIMENSION_VALUES
                ),
            );
        }
        let mut seen = HashSet::new();
        for v in &d.values {
            if !seen.insert(v) {
                ck.report(
                    format!("{loc}.values"),
                    ProblemKind::MalformedDimension,
                    format!("dimension {:?} lists the value {v:?} twice", d.id),
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
            ProblemKind::MissingPlazo,
            format!("action {} has no plazo", action.id),
        );
    }
    if action.indicators.is_empty() {
        ck.report(
            format!("{loc}.indicators"),
            ProblemKind::MissingIndicator,
            format!("action {} has no indicator", action.id),
        );
    }
    if action.responsible.is_empty() {
        ck.report(
            format!("{loc}.responsible"),
            ProblemKind::MissingResponsible,
            format!("action {} has no responsible entity", action.id),
        );
    }
    for (r, resp) in action.responsible.iter().enumerate() {
        if let Err(why) = resolve_code(resp.effective_code(), find, |e| &ancestors[e.get()]) {
            ck.report(
                format!("{loc}.responsible[{r}]"),
                ProblemKind::DanglingEntity,
                why,
            );
        }
    }
    for plazo in &action.plazos {
        ck.id(&plazo.id, Some(&action.id), 'P', &plazo.id);
        if plazo.label.trim().is_empty() {
            ck.report(
                format!("{}.label", plazo.id),
                ProblemKind::EmptyText,
                "label is empty",
            );
        }
        if plazo.end_year < plazo.start_year {
            ck.report(
                plazo.id.clone(),
                ProblemKind::ReversedPlazo,
                format!(
                    "plazo {:?} ends ({}) before it starts ({})",
                    plazo.label, plazo.end_year, plazo.start_year
                ),
            );
        }
        if plazo.stated_years == 0 {
            ck.report(
                format!("{}.stated_years", plazo.id),
                ProblemKind::ReversedPlazo,
                format!("plazo {:?} states zero years", plazo.label),
            );
        }
        if !(1900..=2200).contains(&plazo.start_year) || !(1900..=2200).contains(&plazo.end_year) {
            ck.report(
                plazo.id.clone(),
                ProblemKind::ReversedPlazo,
                format!("plazo {:?} has years outside 1900-2200", plazo.label),
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
                ProblemKind::UnknownPlazo,
                format!(
                    "indicator is tied to plazo {:?}, which action {} lacks",
                    ind.plazo, action.id
                ),
            );
        }
        if ind.dimensions.len() > super::MAX_INDICATOR_DIMENSIONS {
            ck.report(
                format!("{iloc}.dimensions"),
                ProblemKind::LimitExceeded,
                format!(
                    "indicator has {} dimensions, more than the {} an indicator may have",
                    ind.dimensions.len(),
                    super::MAX_INDICATOR_DIMENSIONS
                ),
            );
        }
        let mut seen = HashSet::new();
        for d in &ind.dimensions {
            if !dimensions.contains(d) {
                ck.report(
                    format!("{iloc}.dimensions"),
                    ProblemKind::UnknownDimension,
                    format!("dimension {d:?} is not defined by the plan"),
                );
            } else if !seen.insert(d) {
                ck.report(
                    format!("{iloc}.dimensions"),
                    ProblemKind::UnknownDimension,
                    format!("dimension {d:?} is named twice"),
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
                ProblemKind::InvalidClassification,
                format!(
                    "a {} indicator is always a stock, not a flow",
                    ind.measure.as_str()
                ),
            );
        }
        if (ind.measure == Measure::Milestone) != (ind.frequency == Frequency::Once) {
            ck.report(
                format!("{iloc}.frequency"),
                ProblemKind::InvalidClassification,
                format!(
                    "frequency {} does not fit measure {}: milestones, and only they, are reported once",
                    ind.frequency.as_str(),
                    ind.measure.as_str()
                ),
            );
        }
        if ind.weight < Decimal::ZERO {
            ck.report(
                format!("{iloc}.weight"),
                ProblemKind::InvalidClassification,
                format!("weight {} is negative", ind.weight),
            );
        }
    }
}
