//! Properties of plan documents: any valid plan survives the JSON round trip
//! unchanged; plans broken in a known way are rejected with the matching
//! problem, and every problem is reported.

use std::collections::HashSet;

use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;
use seguimiento::{
    Accumulation, Action, ActionIndex, Axis, DataNote, Dimension, Entity, EntityIndex, EntityKind,
    Frequency, Goal, Indicator, Line, Measure, NoteKind, Plan, PlanDocument, PlanError, Plazo,
    ProblemKind, Responsible, PLAN_FORMAT,
};

// ---------------------------------------------------------------------------
// Generating valid plans
// ---------------------------------------------------------------------------

/// A non-empty text: Spanish with accents and typographic signs, any
/// printable Unicode, or any string at all (control characters included).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 áéíóúÁÉÍÓÚñÑüÜ¿¡.,;:()“”«»/\\-]{1,40}",
        2 => "\\PC{1,24}",
        1 => any::<String>(),
        1 => Just("  Acción\n\testratégica  ".to_string()),
    ]
    .prop_map(|s| {
        if s.trim().is_empty() {
            format!("x{s}")
        } else {
            s
        }
    })
}

#[derive(Debug, Clone)]
struct RawEntity {
    prefix: String,
    name: String,
    group: bool,
    parent: Option<Index>,
    members: Vec<Index>,
    description: Option<String>,
    alias: Option<String>,
}

fn raw_entity() -> impl Strategy<Value = RawEntity> {
    (
        "[A-Z]{1,4}",
        text(),
        prop::bool::weighted(0.25),
        prop::option::weighted(0.5, any::<Index>()),
        prop::collection::vec(any::<Index>(), 0..3),
        prop::option::of(text()),
        prop::option::weighted(0.3, text()),
    )
        .prop_map(
            |(prefix, name, group, parent, members, description, alias)| RawEntity {
                prefix,
                name,
                group,
                parent,
                members,
                description,
                alias,
            },
        )
}

#[derive(Debug, Clone)]
struct RawResponsible {
    entity: Index,
    with_parent: bool,
    spaced: bool,
    lowercase: bool,
    use_alias: bool,
    typo: Option<String>,
}

fn raw_responsible() -> impl Strategy<Value = RawResponsible> {
    (
        any::<Index>(),
        any::<bool>(),
        any::<bool>(),
        prop::bool::weighted(0.2),
        any::<bool>(),
        prop::option::weighted(0.15, text()),
    )
        .prop_map(
            |(entity, with_parent, spaced, lowercase, use_alias, typo)| RawResponsible {
                entity,
                with_parent,
                spaced,
                lowercase,
                use_alias,
                typo,
            },
        )
}

#[derive(Debug, Clone)]
struct RawIndicator {
    text: String,
    corrected: Option<String>,
    measure: usize,
    flow: bool,
    frequency: usize,
    dimensions: Vec<Index>,
    sensitive: bool,
    plazo: Index,
    weight: (u32, u32),
    reason: Option<String>,
}

fn raw_indicator() -> impl Strategy<Value = RawIndicator> {
    (
        (text(), prop::option::weighted(0.2, text())),
        0usize..6,
        any::<bool>(),
        0usize..4,
        prop::collection::vec(any::<Index>(), 0..3),
        any::<bool>(),
        any::<Index>(),
        (0u32..100_000, 0u32..5),
        prop::option::weighted(0.3, text()),
    )
        .prop_map(
            |(
                (text, corrected),
                measure,
                flow,
                frequency,
                dimensions,
                sensitive,
                plazo,
                weight,
                reason,
            )| RawIndicator {
                text,
                corrected,
                measure,
                flow,
                frequency,
                dimensions,
                sensitive,
                plazo,
                weight,
                reason,
            },
        )
}

/// (label, stated years, start year, years after the start)
type RawPlazo = (String, u32, i32, i32);

#[derive(Debug, Clone)]
struct RawAction {
    text: String,
    corrected: Option<String>,
    plazos: Vec<RawPlazo>,
    responsible: Vec<RawResponsible>,
    indicators: Vec<RawIndicator>,
}

fn raw_action() -> impl Strategy<Value = RawAction> {
    (
        text(),
        prop::option::weighted(0.2, text()),
        prop::collection::vec((text(), 1u32..20, 1990i32..2100, 0i32..15), 1..4),
        prop::collection::vec(raw_responsible(), 1..4),
        prop::collection::vec(raw_indicator(), 1..4),
    )
        .prop_map(
            |(text, corrected, plazos, responsible, indicators)| RawAction {
                text,
                corrected,
                plazos,
                responsible,
                indicators,
            },
        )
}

/// A text with its optional corrected reading, and children.
type RawNode<T> = (String, Option<String>, Vec<T>);

#[derive(Debug, Clone)]
struct RawPlan {
    id: String,
    title: String,
    source: Option<String>,
    coordinator: Index,
    entities: Vec<RawEntity>,
    dimensions: Vec<(String, Vec<String>, Option<String>)>,
    axes: Vec<RawNode<RawNode<RawNode<RawAction>>>>,
    notes: Vec<(Index, usize, String, String)>,
}

fn raw_node<T: std::fmt::Debug + Clone>(
    children: impl Strategy<Value = T>,
    len: std::ops::Range<usize>,
) -> impl Strategy<Value = RawNode<T>> {
    (
        text(),
        prop::option::weighted(0.2, text()),
        prop::collection::vec(children, len),
    )
}

fn raw_plan() -> impl Strategy<Value = RawPlan> {
    let goal = raw_node(raw_action(), 1..4);
    let line = raw_node(goal, 1..3);
    let axis = raw_node(line, 1..3);
    (
        (text(), text(), prop::option::of(text()), any::<Index>()),
        prop::collection::vec(raw_entity(), 1..7),
        prop::collection::vec(
            (
                text(),
                prop::collection::vec(text(), 1..5),
                prop::option::of(text()),
            ),
            0..4,
        ),
        prop::collection::vec(axis, 1..4),
        prop::collection::vec((any::<Index>(), 0usize..8, text(), text()), 0..5),
    )
        .prop_map(
            |((id, title, source, coordinator), entities, dimensions, axes, notes)| RawPlan {
                id,
                title,
                source,
                coordinator,
                entities,
                dimensions,
                axes,
                notes,
            },
        )
}

const NOTE_KINDS: [NoteKind; 8] = [
    NoteKind::RepeatedEntity,
    NoteKind::EntityWithoutBullet,
    NoteKind::Typo,
    NoteKind::PlazoSpan,
    NoteKind::PlazoAssignment,
    NoteKind::ContinuedParagraph,
    NoteKind::Classification,
    NoteKind::Other,
];

/// A valid plan built from raw parts: ids from positions, references
/// resolved by index, classifications made consistent. Also gives, for each
/// action, the entity indexes its responsible codes were meant to resolve to.
fn build(raw: &RawPlan) -> (PlanDocument, Vec<Vec<usize>>) {
    let n = raw.entities.len();
    let codes: Vec<String> = raw
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{}{i}", e.prefix))
        .collect();
    // Parents always come earlier in the registry: no cycles.
    let parents: Vec<Option<usize>> = raw
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| match e.parent {
            Some(p) if i > 0 => Some(p.index(i)),
            _ => None,
        })
        .collect();
    let entities: Vec<Entity> = raw
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let members: Vec<String> = if e.group {
                e.members
                    .iter()
                    .map(|m| codes[m.index(n)].clone())
                    .collect()
            } else {
                Vec::new()
            };
            let description = if e.group && members.is_empty() && e.description.is_none() {
                Some("Grupo descrito, sin miembros listados".to_string())
            } else {
                e.description.clone()
            };
            Entity {
                code: codes[i].clone(),
                name: e.name.clone(),
                kind: if e.group {
                    EntityKind::Group
                } else {
                    EntityKind::Institution
                },
                parent: parents[i].map(|p| codes[p].clone()),
                members,
                description,
                // The suffix keeps aliases apart from each other and from codes.
                aliases: e
                    .alias
                    .iter()
                    .map(|a| format!("{} #{i}", a.replace('/', "|")))
                    .collect(),
            }
        })
        .collect();
    let dimensions: Vec<Dimension> = raw
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, (name, values, description))| Dimension {
            id: format!("d{i}"),
            name: name.clone(),
            values: values
                .iter()
                .enumerate()
                .map(|(j, v)| format!("{v}#{j}"))
                .collect(),
            labels: Vec::new(),
            description: description.clone(),
        })
        .collect();

    let mut meant: Vec<Vec<usize>> = Vec::new();
    let mut axes = Vec::new();
    for (a, (atext, acorr, lines)) in raw.axes.iter().enumerate() {
        let axis_id = format!("E{}", a + 1);
        let mut axis = Axis {
            id: axis_id.clone(),
            text: atext.clone(),
            corrected: acorr.clone(),
            lines: Vec::new(),
        };
        for (l, (ltext, lcorr, goals)) in lines.iter().enumerate() {
            let line_id = format!("{axis_id}.L{}", l + 1);
            let mut line = Line {
                id: line_id.clone(),
                text: ltext.clone(),
                corrected: lcorr.clone(),
                goals: Vec::new(),
            };
            for (g, (gtext, gcorr, actions)) in goals.iter().enumerate() {
                let goal_id = format!("{line_id}.M{}", g + 1);
                let mut goal = Goal {
                    id: goal_id.clone(),
                    text: gtext.clone(),
                    corrected: gcorr.clone(),
                    actions: Vec::new(),
                };
                for (c, ra) in actions.iter().enumerate() {
                    let (action, entities_meant) = build_action(
                        ra,
                        &format!("{goal_id}.A{}", c + 1),
                        raw,
                        &codes,
                        &parents,
                        &dimensions,
                    );
                    goal.actions.push(action);
                    meant.push(entities_meant);
                }
                line.goals.push(goal);
            }
            axis.lines.push(line);
        }
        axes.push(axis);
    }

    let mut doc = PlanDocument {
        format: PLAN_FORMAT.to_string(),
        id: raw.id.clone(),
        title: raw.title.clone(),
        coordinator: codes[raw.coordinator.index(n)].clone(),
        source: raw.source.clone(),
        entities,
        dimensions,
        axes,
        notes: Vec::new(),
    };
    let ids = node_ids(&doc);
    doc.notes = raw
        .notes
        .iter()
        .map(|(node, kind, seed, note)| DataNote {
            node: ids[node.index(ids.len())].clone(),
            kind: NOTE_KINDS[*kind],
            seed: seed.clone(),
            note: note.clone(),
        })
        .collect();
    (doc, meant)
}

fn build_action(
    ra: &RawAction,
    id: &str,
    raw: &RawPlan,
    codes: &[String],
    parents: &[Option<usize>],
    dimensions: &[Dimension],
) -> (Action, Vec<usize>) {
    let n = codes.len();
    let plazos: Vec<Plazo> = ra
        .plazos
        .iter()
        .enumerate()
        .map(|(p, (label, stated, start, extra))| Plazo {
            id: format!("{id}.P{}", p + 1),
            label: label.clone(),
            stated_years: *stated,
            start_year: *start,
            end_year: start + extra,
        })
        .collect();
    let mut meant = Vec::new();
    let responsible: Vec<Responsible> = ra
        .responsible
        .iter()
        .map(|r| {
            let e = r.entity.index(n);
            if !meant.contains(&e) {
                meant.push(e);
            }
            let mut code = match (&raw.entities[e].alias, r.use_alias) {
                (Some(_), true) => {
                    // The alias as built for the registry.
                    format!(
                        "{} #{e}",
                        raw.entities[e].alias.as_ref().unwrap().replace('/', "|")
                    )
                }
                _ if r.lowercase => codes[e].to_lowercase(),
                _ => codes[e].clone(),
            };
            if let (true, Some(p)) = (r.with_parent, parents[e]) {
                let sep = if r.spaced { " / " } else { "/" };
                code = format!("{}{sep}{code}", codes[p]);
            }
            match &r.typo {
                Some(typo) => Responsible {
                    code: typo.clone(),
                    corrected: Some(code),
                },
                None => Responsible {
                    code,
                    corrected: None,
                },
            }
        })
        .collect();
    let indicators: Vec<Indicator> = ra
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ri)| {
            let measure = [
                Measure::Count,
                Measure::Amount,
                Measure::Percentage,
                Measure::Level,
                Measure::Milestone,
                Measure::Text,
            ][ri.measure];
            let (accumulation, frequency) = match measure {
                Measure::Milestone => (Accumulation::Stock, Frequency::Once),
                _ => {
                    let f = [
                        Frequency::Monthly,
                        Frequency::Semiannual,
                        Frequency::Annual,
                        Frequency::Biennial,
                    ][ri.frequency];
                    let additive = matches!(measure, Measure::Count | Measure::Amount);
                    if additive && ri.flow {
                        (Accumulation::Flow, f)
                    } else {
                        (Accumulation::Stock, f)
                    }
                }
            };
            let mut dims: Vec<String> = Vec::new();
            if !dimensions.is_empty() {
                for d in &ri.dimensions {
                    let id = dimensions[d.index(dimensions.len())].id.clone();
                    if !dims.contains(&id) {
                        dims.push(id);
                    }
                }
            }
            Indicator {
                id: format!("{id}.I{}", i + 1),
                text: ri.text.clone(),
                corrected: ri.corrected.clone(),
                measure,
                accumulation,
                frequency,
                dimensions: dims,
                sensitive: ri.sensitive,
                plazo: plazos[ri.plazo.index(plazos.len())].id.clone(),
                weight: Decimal::new(i64::from(ri.weight.0), ri.weight.1),
                reason: ri.reason.clone(),
            }
        })
        .collect();
    (
        Action {
            id: id.to_string(),
            text: ra.text.clone(),
            corrected: ra.corrected.clone(),
            plazos,
            responsible,
            indicators,
        },
        meant,
    )
}

/// Every node id of a document, in reading order.
fn node_ids(doc: &PlanDocument) -> Vec<String> {
    let mut ids = Vec::new();
    for axis in &doc.axes {
        ids.push(axis.id.clone());
        for line in &axis.lines {
            ids.push(line.id.clone());
            for goal in &line.goals {
                ids.push(goal.id.clone());
                for action in &goal.actions {
                    ids.push(action.id.clone());
                    ids.extend(action.plazos.iter().map(|p| p.id.clone()));
                    ids.extend(action.indicators.iter().map(|i| i.id.clone()));
                }
            }
        }
    }
    ids
}

fn actions_mut(doc: &mut PlanDocument) -> Vec<&mut Action> {
    doc.axes
        .iter_mut()
        .flat_map(|a| a.lines.iter_mut())
        .flat_map(|l| l.goals.iter_mut())
        .flat_map(|g| g.actions.iter_mut())
        .collect()
}

fn valid_plan() -> impl Strategy<Value = (PlanDocument, Vec<Vec<usize>>)> {
    raw_plan().prop_map(|raw| build(&raw))
}

fn problems_of(doc: PlanDocument) -> Vec<(ProblemKind, String)> {
    match Plan::new(doc) {
        Err(PlanError::Invalid { problems }) => {
            problems.into_iter().map(|p| (p.kind, p.location)).collect()
        }
        Err(other) => panic!("expected validation problems, got {other}"),
        Ok(_) => Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Mutations that break one rule
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mutation {
    DanglingResponsible,
    DanglingCorrectedCode,
    DanglingParent,
    DanglingMember,
    DanglingCoordinator,
    DuplicatePlazo,
    DuplicateIndicator,
    DuplicateAction,
    DuplicateEntity,
    ReversedPlazo,
    ZeroYearPlazo,
    UnknownPlazo,
    MissingPlazo,
    MissingIndicator,
    MissingResponsible,
    MalformedIndicatorId,
    MalformedAxisId,
    MalformedEntityCode,
    EmptyText,
    EntityCycle,
    UnknownDimension,
    MilestoneNotOnce,
    DanglingNote,
    UnknownFormat,
}

const MUTATIONS: [Mutation; 24] = [
    Mutation::DanglingResponsible,
    Mutation::DanglingCorrectedCode,
    Mutation::DanglingParent,
    Mutation::DanglingMember,
    Mutation::DanglingCoordinator,
    Mutation::DuplicatePlazo,
    Mutation::DuplicateIndicator,
    Mutation::DuplicateAction,
    Mutation::DuplicateEntity,
    Mutation::ReversedPlazo,
    Mutation::ZeroYearPlazo,
    Mutation::UnknownPlazo,
    Mutation::MissingPlazo,
    Mutation::MissingIndicator,
    Mutation::MissingResponsible,
    Mutation::MalformedIndicatorId,
    Mutation::MalformedAxisId,
    Mutation::MalformedEntityCode,
    Mutation::EmptyText,
    Mutation::EntityCycle,
    Mutation::UnknownDimension,
    Mutation::MilestoneNotOnce,
    Mutation::DanglingNote,
    Mutation::UnknownFormat,
];

/// Mutations that do not undo one another, applied in this order: several
/// of them together must all be reported.
const COMBINABLE: [Mutation; 9] = [
    Mutation::UnknownFormat,
    Mutation::DanglingCoordinator,
    Mutation::DanglingNote,
    Mutation::MalformedIndicatorId,
    Mutation::DuplicateIndicator,
    Mutation::DanglingResponsible,
    Mutation::ReversedPlazo,
    Mutation::UnknownPlazo,
    Mutation::UnknownDimension,
];

const MALFORMED_SUFFIXES: [&str; 10] = [
    ".I0", ".I01", ".X1", "I1", ".I", ".I1a", ".i1", ".I-1", ".I١", ".I 1",
];

impl Mutation {
    /// Whether the mutation causes its problem exactly once (not once per
    /// copied or renamed node).
    fn once(self) -> bool {
        !matches!(
            self,
            Mutation::DuplicateEntity | Mutation::DuplicateAction | Mutation::MalformedAxisId
        )
    }

    /// Whether the mutation causes nothing else.
    fn alone(self) -> bool {
        self.once() && self.expected().1.len() == 1
    }

    /// The problem the mutation must cause, and every kind it may cause along
    /// with it (notes about a node that is gone, references to a renamed one).
    fn expected(self) -> (ProblemKind, &'static [ProblemKind]) {
        use ProblemKind as K;
        match self {
            Mutation::DanglingResponsible
            | Mutation::DanglingCorrectedCode
            | Mutation::DanglingParent
            | Mutation::DanglingMember
            | Mutation::DanglingCoordinator => (K::DanglingEntity, &[K::DanglingEntity]),
            Mutation::DuplicatePlazo
            | Mutation::DuplicateIndicator
            | Mutation::DuplicateAction
            | Mutation::DuplicateEntity => (K::DuplicateId, &[K::DuplicateId]),
            Mutation::ReversedPlazo | Mutation::ZeroYearPlazo => {
                (K::ReversedPlazo, &[K::ReversedPlazo])
            }
            Mutation::UnknownPlazo => (K::UnknownPlazo, &[K::UnknownPlazo]),
            Mutation::MissingPlazo => (
                K::MissingPlazo,
                &[K::MissingPlazo, K::UnknownPlazo, K::DanglingNote],
            ),
            Mutation::MissingIndicator => {
                (K::MissingIndicator, &[K::MissingIndicator, K::DanglingNote])
            }
            Mutation::MissingResponsible => (K::MissingResponsible, &[K::MissingResponsible]),
            Mutation::MalformedIndicatorId | Mutation::MalformedAxisId => {
                (K::MalformedId, &[K::MalformedId, K::DanglingNote])
            }
            Mutation::MalformedEntityCode => (K::MalformedId, &[K::MalformedId, K::DanglingEntity]),
            Mutation::EmptyText => (K::EmptyText, &[K::EmptyText]),
            Mutation::EntityCycle => (K::EntityCycle, &[K::EntityCycle]),
            Mutation::UnknownDimension => (K::UnknownDimension, &[K::UnknownDimension]),
            Mutation::MilestoneNotOnce => (K::InvalidClassification, &[K::InvalidClassification]),
            Mutation::DanglingNote => (K::DanglingNote, &[K::DanglingNote]),
            Mutation::UnknownFormat => (K::UnknownFormat, &[K::UnknownFormat]),
        }
    }

    /// Breaks `doc`; `at` picks where.
    fn apply(self, doc: &mut PlanDocument, at: Index) {
        let n_entities = doc.entities.len();
        let entity = at.index(n_entities);
        match self {
            Mutation::DanglingResponsible => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                let action = &mut actions[k];
                let r = at.index(action.responsible.len());
                action.responsible[r] = Responsible {
                    code: "NO-SUCH-ENTITY".into(),
                    corrected: None,
                };
            }
            Mutation::DanglingCorrectedCode => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                let r = &mut actions[k].responsible[0];
                let dangling = format!("{}/NO-SUCH", r.effective_code());
                r.corrected = Some(dangling);
            }
            Mutation::DanglingParent => {
                doc.entities[entity].parent = Some("NO-SUCH-PARENT".into());
            }
            Mutation::DanglingMember => {
                let e = &mut doc.entities[entity];
                e.kind = EntityKind::Group;
                e.members.push("NO-SUCH-MEMBER".into());
            }
            Mutation::DanglingCoordinator => doc.coordinator = "NO-SUCH-COORDINATOR".into(),
            Mutation::DuplicatePlazo => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                let action = &mut actions[k];
                let p = action.plazos[at.index(action.plazos.len())].clone();
                action.plazos.push(p);
            }
            Mutation::DuplicateIndicator => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                let action = &mut actions[k];
                let i = action.indicators[at.index(action.indicators.len())].clone();
                action.indicators.push(i);
            }
            Mutation::DuplicateAction => {
                let goal = &mut doc.axes[0].lines[0].goals[0];
                let a = goal.actions[at.index(goal.actions.len())].clone();
                goal.actions.push(a);
            }
            Mutation::DuplicateEntity => {
                let e = doc.entities[entity].clone();
                doc.entities.push(e);
            }
            Mutation::ReversedPlazo => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                let action = &mut actions[k];
                let p = at.index(action.plazos.len());
                let plazo = &mut action.plazos[p];
                if plazo.start_year < plazo.end_year {
                    std::mem::swap(&mut plazo.start_year, &mut plazo.end_year);
                } else {
                    plazo.end_year = plazo.start_year - 1;
                }
            }
            Mutation::ZeroYearPlazo => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                actions[k].plazos[0].stated_years = 0;
            }
            Mutation::UnknownPlazo => {
                let mut actions = actions_mut(doc);
                let n = actions.len();
                let k = at.index(n);
                // A plazo of another action if there is one, else one that
                // does not exist.
                let other = if n > 1 {
                    actions[(k + 1) % n].plazos[0].id.clone()
                } else {
                    format!("{}.P99", actions[k].id)
                };
                let action = &mut actions[k];
                let i = at.index(action.indicators.len());
                action.indicators[i].plazo = other;
            }
            Mutation::MissingPlazo => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                actions[k].plazos.clear();
            }
            Mutation::MissingIndicator => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                actions[k].indicators.clear();
            }
            Mutation::MissingResponsible => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                actions[k].responsible.clear();
            }
            Mutation::MalformedIndicatorId => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                let action = &mut actions[k];
                let suffix = MALFORMED_SUFFIXES[at.index(MALFORMED_SUFFIXES.len())];
                let i = at.index(action.indicators.len());
                action.indicators[i].id = format!("{}{suffix}", action.id);
            }
            Mutation::MalformedAxisId => {
                let a = at.index(doc.axes.len());
                let bad = ["E0", "e1", "X1", "E1 ", "E01", "E", "E-1"][at.index(7)];
                doc.axes[a].id = bad.into();
            }
            Mutation::MalformedEntityCode => {
                let e = &mut doc.entities[entity];
                e.code = format!("{} {}", e.code, "ñ/x");
            }
            Mutation::EmptyText => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                actions[k].text = [" ", "", "\n\t", "\u{3000}"][at.index(4)].into();
            }
            Mutation::EntityCycle => {
                // Its own parent, or the parent of its first parent.
                let code = doc.entities[entity].code.clone();
                match doc.entities[entity].parent.clone() {
                    Some(p) => {
                        let parent = doc.entities.iter_mut().find(|e| e.code == p).unwrap();
                        parent.parent = Some(code);
                    }
                    None => doc.entities[entity].parent = Some(code),
                }
            }
            Mutation::UnknownDimension => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                actions[k].indicators[0]
                    .dimensions
                    .push("no-such-dimension".into());
            }
            Mutation::MilestoneNotOnce => {
                let mut actions = actions_mut(doc);
                let k = at.index(actions.len());
                let ind = &mut actions[k].indicators[0];
                ind.measure = Measure::Milestone;
                ind.accumulation = Accumulation::Stock;
                ind.frequency = Frequency::Annual;
            }
            Mutation::DanglingNote => doc.notes.push(DataNote {
                node: "E9.L9.M9".into(),
                kind: NoteKind::Other,
                seed: "—".into(),
                note: "about nothing".into(),
            }),
            Mutation::UnknownFormat => doc.format = "seguimiento-plan/2".into(),
        }
    }
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// Reference model of who may report and whose scorecard an action counts
/// in, straight from SPEC §2 and the registry, without the plan's indexes.
fn reference_rights(plan: &Plan, action: ActionIndex) -> (Vec<bool>, Vec<bool>) {
    let n = plan.entities().len();
    let entities: Vec<EntityIndex> = plan.entity_indexes().collect();
    let idx = |code: &str| plan.entity_idx(code).unwrap().get();
    let ancestors = |e: usize| -> Vec<usize> {
        plan.entity_ancestors(entities[e])
            .iter()
            .map(|&p| p.get())
            .collect()
    };
    let resolved: Vec<usize> = plan.action_entities(action).map(|e| idx(&e.code)).collect();
    let mut covers = vec![false; n];
    for &r in &resolved {
        covers[r] = true;
        for p in ancestors(r) {
            covers[p] = true;
        }
    }
    let mut allowed = covers.clone();
    for (d, slot) in allowed.iter_mut().enumerate() {
        if ancestors(d).iter().any(|p| resolved.contains(p)) {
            *slot = true;
        }
    }
    let mut stack = resolved.clone();
    let mut seen = vec![false; n];
    while let Some(g) = stack.pop() {
        if std::mem::replace(&mut seen[g], true) {
            continue;
        }
        for m in &plan.entities()[g].members {
            let m = idx(m);
            allowed[m] = true;
            stack.push(m);
            for (d, slot) in allowed.iter_mut().enumerate() {
                if ancestors(d).contains(&m) {
                    *slot = true;
                }
            }
        }
    }
    allowed[idx(plan.coordinator())] = true;
    (allowed, covers)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn valid_plans_round_trip_unchanged((doc, _) in valid_plan()) {
        let plan = Plan::new(doc.clone());
        prop_assert!(plan.is_ok(), "a generated plan is invalid: {}", plan.unwrap_err());
        let plan = plan.unwrap();
        prop_assert_eq!(plan.document(), &doc);

        let json = plan.to_json();
        let again = Plan::from_json(&json).unwrap();
        prop_assert_eq!(again.document(), &doc);
        prop_assert_eq!(&again, &plan);
        prop_assert_eq!(again.to_json(), json.clone());

        let from_bytes = Plan::from_json_bytes(json.as_bytes()).unwrap();
        prop_assert_eq!(from_bytes.document(), &doc);
        let from_reader = Plan::from_reader(json.as_bytes()).unwrap();
        prop_assert_eq!(from_reader.to_json(), json.clone());

        // Compact JSON reads back to the same plan and pretty JSON.
        let compact = serde_json::to_string(&doc).unwrap();
        let from_compact = Plan::from_json(&compact).unwrap();
        prop_assert_eq!(from_compact.document(), &doc);
        prop_assert_eq!(from_compact.to_json(), json);
    }

    #[test]
    fn indexes_agree_with_the_document((doc, meant) in valid_plan()) {
        let plan = Plan::new(doc.clone()).unwrap();
        let mut actions = 0;
        let mut indicators = 0;
        for axis in &doc.axes {
            prop_assert_eq!(plan.node(&axis.id).unwrap().text(), axis.text.as_str());
            prop_assert_eq!(plan.parent(&axis.id), None);
            for line in &axis.lines {
                prop_assert_eq!(plan.parent(&line.id), Some(axis.id.as_str()));
                for goal in &line.goals {
                    prop_assert_eq!(plan.ancestors(&goal.id), vec![line.id.as_str(), axis.id.as_str()]);
                    for action in &goal.actions {
                        let a = plan.action_idx(&action.id).unwrap();
                        prop_assert_eq!(a.get(), actions);
                        prop_assert_eq!(plan.action_at(a), action);
                        // Each responsible code resolves to the entity it was built for.
                        let got: Vec<&str> = plan.action_entities(a).map(|e| e.code.as_str()).collect();
                        let want: Vec<&str> = meant[actions].iter().map(|&e| doc.entities[e].code.as_str()).collect();
                        prop_assert_eq!(got, want);
                        for ind in &action.indicators {
                            let i = plan.indicator_idx(&ind.id).unwrap();
                            prop_assert_eq!(i.get(), indicators);
                            prop_assert_eq!(plan.indicator_at(i), ind);
                            prop_assert_eq!(plan.indicator_action(i), a);
                            prop_assert_eq!(&plan.indicator_plazo(i).id, &ind.plazo);
                            prop_assert_eq!(plan.ancestors(&ind.id).len(), 4);
                            indicators += 1;
                        }
                        let children = plan.children(&action.id).unwrap();
                        prop_assert_eq!(children.len(), action.indicators.len() + action.plazos.len());
                        actions += 1;
                    }
                }
            }
        }
        prop_assert_eq!(plan.action_count(), actions);
        prop_assert_eq!(plan.indicator_count(), indicators);
        for (i, (index, e)) in plan.entity_indexes().zip(&doc.entities).enumerate() {
            prop_assert_eq!(index.get(), i);
            prop_assert_eq!(plan.entity_idx(&e.code), Some(index));
            prop_assert_eq!(plan.entity_idx(&e.code.to_lowercase()), Some(index));
            for alias in &e.aliases {
                prop_assert_eq!(plan.entity_idx(alias), Some(index));
            }
        }
    }

    #[test]
    fn reporting_rights_follow_the_registry((doc, _) in valid_plan()) {
        let plan = Plan::new(doc).unwrap();
        let n = plan.entities().len();
        for a in plan.action_indexes() {
            let (allowed, covers) = reference_rights(&plan, a);
            for (e, index) in plan.entity_indexes().enumerate() {
                let code = &plan.entities()[e].code;
                prop_assert_eq!(plan.may_report(a, index), allowed[e], "may_report {:?} {}", a, code);
                prop_assert_eq!(plan.covers(a, index), covers[e], "covers {:?} {}", a, code);
            }
            let covered: Vec<usize> = plan.covered_entities(a).iter().map(|e| e.get()).collect();
            let expected: Vec<usize> = (0..n).filter(|&e| covers[e]).collect();
            prop_assert_eq!(covered, expected, "covered_entities {:?}", a);
        }
        for e in plan.entities() {
            let e_idx = plan.entity_idx(&e.code).unwrap();
            let listed: Vec<&str> = plan.actions_of_entity(&e.code).iter().map(|a| a.id.as_str()).collect();
            let expected: Vec<&str> = plan.actions()
                .filter(|a| plan.covers(plan.action_idx(&a.id).unwrap(), e_idx))
                .map(|a| a.id.as_str())
                .collect();
            prop_assert_eq!(listed, expected);
        }
    }

    #[test]
    fn a_mutated_plan_is_rejected_with_the_matching_problem(
        (doc, _) in valid_plan(),
        mutation in prop::sample::select(MUTATIONS.to_vec()),
        at in any::<Index>(),
    ) {
        prop_assert!(Plan::new(doc.clone()).is_ok());
        let mut bad = doc;
        mutation.apply(&mut bad, at);
        let found = problems_of(bad.clone());
        let (must, may) = mutation.expected();
        prop_assert!(
            found.iter().any(|(k, _)| *k == must),
            "{:?}: {:?} not among {:?}", mutation, must, found
        );
        for (kind, location) in &found {
            prop_assert!(may.contains(kind), "{:?}: unexpected {:?} at {}", mutation, kind, location);
        }
        if mutation.once() {
            let times = found.iter().filter(|(k, _)| *k == must).count();
            prop_assert_eq!(times, 1, "{:?}: {:?}", mutation, found);
        }
        if mutation.alone() {
            prop_assert_eq!(found.len(), 1, "{:?}: {:?}", mutation, found);
        }
        // Loading the same document from JSON reports the same problems.
        let json = serde_json::to_string(&bad).unwrap();
        match Plan::from_json(&json) {
            Err(PlanError::Invalid { problems }) => {
                let again: Vec<(ProblemKind, String)> = problems.into_iter().map(|p| (p.kind, p.location)).collect();
                prop_assert_eq!(again, found);
            }
            other => prop_assert!(false, "{:?}: from JSON gave {:?}", mutation, other.map(|_| ())),
        }
    }

    #[test]
    fn validation_lists_every_problem(
        (doc, _) in valid_plan(),
        picks in prop::sample::subsequence(COMBINABLE.to_vec(), 2..=5),
        ats in prop::collection::vec(any::<Index>(), 5),
    ) {
        let mut bad = doc;
        for (m, at) in picks.iter().zip(ats) {
            m.apply(&mut bad, at);
        }
        let found = problems_of(bad);
        for m in &picks {
            let (must, _) = m.expected();
            prop_assert!(found.iter().any(|(k, _)| *k == must), "{:?} missing from {:?}", m, found);
        }
        for (kind, location) in &found {
            prop_assert!(
                picks.iter().any(|m| m.expected().1.contains(kind)),
                "unexpected {:?} at {}", kind, location
            );
        }
        prop_assert!(found.len() >= picks.len());
    }

    #[test]
    fn two_unrelated_mistakes_are_both_reported((doc, _) in valid_plan()) {
        // A dangling responsible code in the first action, a reversed plazo in the last.
        let mut bad = doc;
        {
            let mut actions = actions_mut(&mut bad);
            actions[0].responsible[0] = Responsible { code: "NADIE".into(), corrected: None };
            let last = actions.last_mut().unwrap();
            let plazo = last.plazos.last_mut().unwrap();
            plazo.end_year = plazo.start_year - 1;
        }
        let found = problems_of(bad.clone());
        prop_assert_eq!(found.len(), 2, "{:?}", found);
        prop_assert_eq!(found[0].0, ProblemKind::DanglingEntity);
        prop_assert_eq!(found[1].0, ProblemKind::ReversedPlazo);
        let err = Plan::new(bad).unwrap_err().to_string();
        prop_assert!(err.starts_with("plan has 2 problem(s): "), "{}", err);
        prop_assert!(err.contains("NADIE"), "{}", err);
    }
}

#[test]
fn the_generator_covers_what_it_should() {
    // The strategies are only worth something if they produce the cases the
    // properties are about: check a sample.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen_group_member = false;
    let mut seen_parent = false;
    let mut seen_alias_code = false;
    let mut seen_corrected_code = false;
    let mut seen_multi_plazo = false;
    let mut seen_non_ascii = false;
    let mut seen_control = false;
    let mut seen_weight = false;
    let mut seen_dimension = false;
    let mut axes = HashSet::new();
    for _ in 0..200 {
        let (doc, _) = valid_plan().new_tree(&mut runner).unwrap().current();
        axes.insert(doc.axes.len());
        seen_group_member |= doc.entities.iter().any(|e| !e.members.is_empty());
        seen_parent |= doc.entities.iter().any(|e| e.parent.is_some());
        let json = serde_json::to_string(&doc).unwrap();
        seen_non_ascii |= !json.is_ascii();
        seen_control |= json.contains("\\u00") || json.contains("\\n");
        for axis in &doc.axes {
            for line in &axis.lines {
                for goal in &line.goals {
                    for a in &goal.actions {
                        seen_multi_plazo |= a.plazos.len() > 1;
                        seen_corrected_code |= a.responsible.iter().any(|r| r.corrected.is_some());
                        seen_alias_code |= a.responsible.iter().any(|r| r.code.contains(" #"));
                        seen_weight |= a.indicators.iter().any(|i| i.weight != Decimal::ONE);
                        seen_dimension |= a.indicators.iter().any(|i| !i.dimensions.is_empty());
                    }
                }
            }
        }
    }
    assert_eq!(axes, HashSet::from([1, 2, 3]));
    assert!(seen_group_member && seen_parent && seen_alias_code && seen_corrected_code);
    assert!(seen_multi_plazo && seen_non_ascii && seen_control && seen_weight && seen_dimension);
}
