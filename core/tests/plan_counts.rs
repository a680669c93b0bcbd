//! The embedded 2007-2017 plan against the seed it was digitized from
//! (`seeds/source/plan-2007-2017.txt`): counts per axis, verbatim texts,
//! entity resolution, data notes, navigation and the JSON round trip.

use std::collections::{BTreeMap, HashSet};

use seguimiento::{
    fold_whitespace, Action, EntityKind, Frequency, Level, Measure, Node, NoteKind, Plan,
    PlanDocument,
};

/// The seed document, as the plan's texts were read from it.
const SEED: &str = include_str!("../../seeds/source/plan-2007-2017.txt");

fn plan() -> Plan {
    Plan::embedded()
}

fn folded_seed() -> String {
    fold_whitespace(SEED)
}

/// Every action of the plan with its id.
fn actions(plan: &Plan) -> Vec<&Action> {
    plan.actions().collect()
}

fn has_note(plan: &Plan, node: &str, kind: NoteKind) -> bool {
    plan.notes()
        .iter()
        .any(|n| n.node == node && n.kind == kind)
}

fn codes(entities: &[&seguimiento::Entity]) -> Vec<String> {
    entities.iter().map(|e| e.code.clone()).collect()
}

// ---------------------------------------------------------------------------
// Counts
// ---------------------------------------------------------------------------

#[test]
fn counts_per_axis_match_the_hand_count_of_the_seed() {
    // axis: lines, goals, actions, indicators, plazos, responsible (de-duplicated)
    let expected: [(&str, [usize; 6]); 5] = [
        ("E1", [1, 4, 10, 26, 11, 14]),
        ("E2", [3, 9, 23, 55, 26, 79]),
        ("E3", [2, 3, 6, 13, 6, 18]),
        ("E4", [4, 7, 14, 28, 15, 50]),
        ("E5", [2, 4, 8, 14, 9, 21]),
    ];
    let counts = plan().counts();
    assert_eq!(counts.len(), expected.len(), "number of axes");
    for (c, (axis, e)) in counts.iter().zip(expected) {
        assert_eq!(c.axis, axis);
        let got = [
            c.lines,
            c.goals,
            c.actions,
            c.indicators,
            c.plazos,
            c.responsible,
        ];
        assert_eq!(
            got, e,
            "{axis}: lines/goals/actions/indicators/plazos/responsible"
        );
    }
}

#[test]
fn totals_agree_with_the_dense_indexes() {
    let plan = plan();
    let counts = plan.counts();
    let actions: usize = counts.iter().map(|c| c.actions).sum();
    let indicators: usize = counts.iter().map(|c| c.indicators).sum();
    assert_eq!(actions, 61);
    assert_eq!(indicators, 136);
    assert_eq!(plan.action_count(), actions);
    assert_eq!(plan.indicator_count(), indicators);
    assert_eq!(plan.actions().count(), actions);
    assert_eq!(plan.indicators().count(), indicators);
}

#[test]
fn every_action_has_a_plazo_an_indicator_and_a_responsible_entity() {
    let plan = plan();
    for action in actions(&plan) {
        assert!(!action.plazos.is_empty(), "{} has no plazo", action.id);
        assert!(
            !action.indicators.is_empty(),
            "{} has no indicator",
            action.id
        );
        assert!(
            !action.responsible.is_empty(),
            "{} has no responsible entity",
            action.id
        );
        let idx = plan.action_idx(&action.id).unwrap();
        assert!(
            plan.action_entities(idx).count() >= 1,
            "{} resolves to no entity",
            action.id
        );
        for ind in &action.indicators {
            assert!(
                action.plazos.iter().any(|p| p.id == ind.plazo),
                "{} is tied to {}, not a plazo of {}",
                ind.id,
                ind.plazo,
                action.id
            );
        }
    }
}

#[test]
fn responsible_entries_are_not_repeated_within_an_action() {
    for action in actions(&plan()) {
        let mut seen = HashSet::new();
        for r in &action.responsible {
            assert!(
                seen.insert(fold_whitespace(&r.code).to_uppercase()),
                "{} lists {:?} twice",
                action.id,
                r.code
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Entities and resolution
// ---------------------------------------------------------------------------

#[test]
fn every_responsible_code_resolves() {
    let plan = plan();
    for action in actions(&plan) {
        for r in &action.responsible {
            let resolved = plan
                .resolve(r.effective_code())
                .unwrap_or_else(|e| panic!("{}: {:?} does not resolve: {e}", action.id, r.code));
            assert!(!resolved.is_empty(), "{}: {:?}", action.id, r.code);
        }
    }
}

#[test]
fn slash_joined_codes_resolve_to_the_dependencies_they_name() {
    let plan = plan();
    assert_eq!(
        codes(&plan.resolve("MINGOB/PNC/DGM").unwrap()),
        ["PNC", "DGM"]
    );
    // As the seed writes it in E2.L3.M2.A6, with a stray space.
    assert_eq!(
        codes(&plan.resolve("MINGOB/ PNC/DGM").unwrap()),
        ["PNC", "DGM"]
    );
    assert_eq!(codes(&plan.resolve("MINECO/INE").unwrap()), ["INE"]);
    assert_eq!(codes(&plan.resolve("MINGOB/PNC").unwrap()), ["PNC"]);
    assert_eq!(codes(&plan.resolve("MINGOB/DGM").unwrap()), ["DGM"]);
    assert_eq!(
        codes(&plan.resolve("MRE/Consulados").unwrap()),
        ["CONSULADOS"]
    );
    assert_eq!(codes(&plan.resolve("MRE/DIGRAJUT").unwrap()), ["DIGRAJUT"]);
    assert_eq!(codes(&plan.resolve("SEGEPLAN/DCI").unwrap()), ["DCI"]);
    assert_eq!(
        codes(&plan.resolve("MINGOB/PNC/SECCION DE DESAPARECIDOS").unwrap()),
        ["PNC-DESAPARECIDOS"]
    );
    assert_eq!(codes(&plan.resolve("MINGOB").unwrap()), ["MINGOB"]);
    // Case-insensitive, names of groups as aliases.
    assert_eq!(codes(&plan.resolve("mre").unwrap()), ["MRE"]);
    assert_eq!(
        codes(
            &plan
                .resolve("Unidades de comunicación de cada una de las entidades del GIT")
                .unwrap()
        ),
        ["UC-GIT"]
    );
    // Unknown parts are errors that name the part.
    let err = plan.resolve("MINGOB/XYZ").unwrap_err();
    assert!(err.contains("XYZ"), "{err}");
    assert!(plan.resolve("MINGOB//PNC").is_err());
}

#[test]
fn the_0j_typo_resolves_through_its_corrected_reading() {
    let plan = plan();
    let action = plan.action("E4.L4.M1.A1").unwrap();
    let r = action
        .responsible
        .iter()
        .find(|r| r.code == "0J")
        .expect("the seed's verbatim code 0J is kept");
    assert_eq!(r.corrected.as_deref(), Some("OJ"));
    assert_eq!(r.effective_code(), "OJ");
    assert!(plan.resolve(&r.code).is_err(), "0J itself names no entity");
    assert_eq!(codes(&plan.resolve(r.effective_code()).unwrap()), ["OJ"]);
    let idx = plan.action_idx("E4.L4.M1.A1").unwrap();
    let resolved: Vec<&str> = plan.action_entities(idx).map(|e| e.code.as_str()).collect();
    assert!(resolved.contains(&"OJ"), "{resolved:?}");
    assert!(plan
        .actions_of_entity("OJ")
        .iter()
        .any(|a| a.id == "E4.L4.M1.A1"));
    assert!(has_note(&plan, "E4.L4.M1.A1", NoteKind::Typo));
    assert!(plan
        .notes()
        .iter()
        .any(|n| n.node == "E4.L4.M1.A1" && n.kind == NoteKind::Typo && n.seed.contains("0J")));
}

#[test]
fn entity_parents_follow_the_spec() {
    let plan = plan();
    let parent = |code: &str| plan.entity(code).unwrap().parent.clone();
    assert_eq!(parent("PNC").as_deref(), Some("MINGOB"));
    assert_eq!(parent("DGM").as_deref(), Some("MINGOB"));
    assert_eq!(parent("INE").as_deref(), Some("MINECO"));
    assert_eq!(parent("CONSULADOS").as_deref(), Some("MRE"));
    assert_eq!(parent("Consulados").as_deref(), Some("MRE"));
    assert_eq!(parent("DIGRAJUT").as_deref(), Some("MRE"));
    assert_eq!(parent("MINGOB"), None);
    assert_eq!(parent("MRE"), None);
    // Ancestors, nearest first.
    let desap = plan.entity_idx("PNC-DESAPARECIDOS").unwrap();
    let chain: Vec<&str> = plan
        .entity_ancestors(desap)
        .iter()
        .map(|&e| plan.entity_at(e).code.as_str())
        .collect();
    assert_eq!(chain, ["PNC", "MINGOB"]);
    let pnc = plan.entity_idx("PNC").unwrap();
    let mingob = plan.entity_idx("MINGOB").unwrap();
    assert!(plan.entity_within(pnc, mingob));
    assert!(plan.entity_within(pnc, pnc));
    assert!(!plan.entity_within(mingob, pnc));
}

#[test]
fn the_registry_is_well_formed() {
    let plan = plan();
    let mut seen = HashSet::new();
    for e in plan.entities() {
        assert!(seen.insert(e.code.to_uppercase()), "{} twice", e.code);
        assert!(!e.name.trim().is_empty(), "{} has no name", e.code);
        if let Some(p) = &e.parent {
            assert!(
                plan.entity(p).is_some(),
                "{}'s parent {p} is unknown",
                e.code
            );
        }
        if e.kind == EntityKind::Group {
            assert!(
                !e.members.is_empty() || e.description.is_some(),
                "group {} neither lists nor describes its members",
                e.code
            );
        }
    }
    assert_eq!(plan.coordinator(), "MRE");
    assert_eq!(plan.entity("GIT").unwrap().kind, EntityKind::Group);
    assert_eq!(
        plan.entity("Municipalidades").unwrap().kind,
        EntityKind::Group
    );
}

// ---------------------------------------------------------------------------
// Verbatim texts
// ---------------------------------------------------------------------------

#[test]
fn spot_checks_of_verbatim_texts() {
    let plan = plan();
    let text = |id: &str| plan.node(id).unwrap_or_else(|| panic!("{id}")).text();
    assert_eq!(text("E1"), "Fortalecimiento Institucional");
    assert_eq!(text("E3"), "Atención Integral a las Víctimas de Trata");
    assert_eq!(
        text("E1.L1.M1.A1"),
        "Institucionalizar el Grupo Interinstitucional de Combate a la Trata de Personas por medio de un Acuerdo Gubernativo."
    );
    // Seed: "personal,  para" and a trailing "***" (kept).
    assert_eq!(
        text("E2.L3.M2.A2"),
        "Promover un documento único de identificación personal, para minimizar los riesgos de la Trata. ***"
    );
    // A continued paragraph joined to its indicator ("Servicios  consulares" folded).
    assert_eq!(
        text("E2.L3.M5.A1.I1"),
        "Grado de conocimiento en las comunidades guatemaltecas en el extranjero sobre el riesgo de ser víctima de Trata. (Mecanismo: Servicios consulares. Instrumento recomendado: encuestas o entrevistas)"
    );
    // The seed's missing accent kept, the corrected reading beside it.
    assert_eq!(
        text("E3.L1.M1"),
        "Impulsar el cumplimiento de estándares de atención integral, que favorezcan la reinserción social y familiar de las victimas de Trata."
    );
    let Some(Node::Goal(goal)) = plan.node("E3.L1.M1") else {
        panic!("E3.L1.M1 is a goal")
    };
    assert_eq!(
        goal.corrected.as_deref(),
        Some("Impulsar el cumplimiento de estándares de atención integral, que favorezcan la reinserción social y familiar de las víctimas de Trata.")
    );
    // Typographic quotes kept.
    assert_eq!(
        text("E4.L2.M2.A1.I2"),
        "Número de “presuntos” tratantes en procesos penales por año."
    );
    // The doubled article of the seed kept verbatim.
    assert_eq!(
        text("E4.L1.M2"),
        "Impulsar el conocimiento sobre la aplicación de los instrumentos nacionales e internacionales de derechos humanos, para la protección a las a la víctimas de Trata de personas."
    );
    assert_eq!(
        text("E5.L2.M1.A1.I1"),
        "Mapeo de redes regionales vinculadas a la temática de la Trata y énfasis de intervención."
    );
    assert_eq!(text("E5.L1.M1.A1.P1"), "1 años (2007)");
    assert_eq!(text("E2.L3.M3.A1.P2"), "5 años (2007-2011)");
}

/// Every text, label, responsible code and note `seed` of the plan, with
/// where it comes from.
fn verbatim_strings(doc: &PlanDocument) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = Vec::new();
    for axis in &doc.axes {
        out.push((axis.id.clone(), &axis.text));
        for line in &axis.lines {
            out.push((line.id.clone(), &line.text));
            for goal in &line.goals {
                out.push((goal.id.clone(), &goal.text));
                for action in &goal.actions {
                    out.push((action.id.clone(), &action.text));
                    for p in &action.plazos {
                        out.push((format!("{}.label", p.id), &p.label));
                    }
                    for (i, r) in action.responsible.iter().enumerate() {
                        out.push((format!("{}.responsible[{i}]", action.id), &r.code));
                    }
                    for ind in &action.indicators {
                        out.push((ind.id.clone(), &ind.text));
                    }
                }
            }
        }
    }
    for (i, n) in doc.notes.iter().enumerate() {
        out.push((format!("notes[{i}] ({})", n.node), &n.seed));
    }
    out
}

#[test]
fn every_text_is_verbatim_from_the_seed() {
    let plan = plan();
    let seed = folded_seed();
    let strings = verbatim_strings(plan.document());
    assert!(strings.len() > 400, "{} strings", strings.len());
    let missing: Vec<String> = strings
        .iter()
        .filter(|(_, s)| !seed.contains(&fold_whitespace(s)))
        .map(|(at, s)| format!("{at}: {s:?}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} text(s) not found in the seed:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn stored_texts_are_already_folded() {
    let plan = plan();
    for (at, s) in verbatim_strings(plan.document()) {
        // Note `seed`s quote the seed's layout (line breaks); the others are folded.
        if at.starts_with("notes[") {
            continue;
        }
        assert_eq!(fold_whitespace(s), s, "{at} is not whitespace-folded");
        assert!(!s.starts_with(['-', '·']), "{at} keeps its bullet: {s:?}");
    }
}

#[test]
fn the_verbatim_check_can_fail() {
    // The check above must not be vacuous: a corrected reading is not in the seed.
    let seed = folded_seed();
    let plan = plan();
    let Some(Node::Goal(goal)) = plan.node("E3.L1.M1") else {
        panic!("E3.L1.M1 is a goal")
    };
    assert!(!seed.contains(goal.corrected.as_deref().unwrap()));
    assert!(seed.contains("· 0J ·"), "the seed spells it 0J");
    assert!(!seed.contains("· MINGOB/PNC · OJ · MP · IDPP"));
}

// ---------------------------------------------------------------------------
// Data notes
// ---------------------------------------------------------------------------

#[test]
fn every_plazo_span_mismatch_has_a_note() {
    let plan = plan();
    let mut mismatched = 0;
    for action in actions(&plan) {
        for p in &action.plazos {
            let span = (p.end_year - p.start_year + 1) as u32;
            if span != p.stated_years {
                mismatched += 1;
                assert!(
                    has_note(&plan, &p.id, NoteKind::PlazoSpan),
                    "{} {:?} spans {span} years, states {}, and has no plazo_span note",
                    p.id,
                    p.label,
                    p.stated_years
                );
            }
        }
    }
    // Every "10 años (2007-2017)".
    assert_eq!(mismatched, 47);
    // And no plazo_span note is about a plazo without a mismatch.
    for n in plan
        .notes()
        .iter()
        .filter(|n| n.kind == NoteKind::PlazoSpan)
    {
        let Some(Node::Plazo(p)) = plan.node(&n.node) else {
            panic!("plazo_span note on {}, which is not a plazo", n.node)
        };
        assert_ne!(
            (p.end_year - p.start_year + 1) as u32,
            p.stated_years,
            "{}",
            p.id
        );
    }
}

#[test]
fn every_multi_plazo_action_has_an_assignment_note() {
    let plan = plan();
    let multi: Vec<&str> = actions(&plan)
        .into_iter()
        .filter(|a| a.plazos.len() > 1)
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(
        multi,
        [
            "E1.L1.M2.A1",
            "E2.L1.M1.A1",
            "E2.L2.M1.A5",
            "E2.L3.M3.A1",
            "E4.L1.M1.A1",
            "E5.L2.M1.A1"
        ]
    );
    for id in &multi {
        assert!(
            has_note(&plan, id, NoteKind::PlazoAssignment),
            "{id} has several plazos and no plazo_assignment note"
        );
    }
    for n in plan
        .notes()
        .iter()
        .filter(|n| n.kind == NoteKind::PlazoAssignment)
    {
        assert!(multi.contains(&n.node.as_str()), "{}", n.node);
    }
}

#[test]
fn milestones_go_to_the_shortest_plazo_of_a_multi_plazo_action() {
    let plan = plan();
    for action in actions(&plan).into_iter().filter(|a| a.plazos.len() > 1) {
        let shortest = action
            .plazos
            .iter()
            .min_by_key(|p| p.end_year - p.start_year)
            .unwrap();
        for ind in &action.indicators {
            if ind.measure == Measure::Milestone {
                assert_eq!(ind.plazo, shortest.id, "{}", ind.id);
            }
        }
    }
}

#[test]
fn the_1_anos_label_is_kept_with_a_note() {
    let plan = plan();
    let Some(Node::Plazo(p)) = plan.node("E5.L1.M1.A1.P1") else {
        panic!("E5.L1.M1.A1.P1 is a plazo")
    };
    assert_eq!(p.label, "1 años (2007)");
    assert_eq!((p.stated_years, p.start_year, p.end_year), (1, 2007, 2007));
    assert!(has_note(&plan, "E5.L1.M1.A1.P1", NoteKind::Typo));
    let with_label: Vec<&str> = actions(&plan)
        .iter()
        .flat_map(|a| &a.plazos)
        .filter(|p| p.label == "1 años (2007)")
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(with_label, ["E5.L1.M1.A1.P1"]);
}

#[test]
fn every_corrected_reading_has_a_typo_note() {
    let plan = plan();
    let mut corrected = 0;
    let mut check = |id: &str, text: &str, c: &Option<String>| {
        if let Some(c) = c {
            corrected += 1;
            assert_ne!(c, text, "{id}: corrected reading equals the verbatim text");
            assert!(has_note(&plan, id, NoteKind::Typo), "{id} has no typo note");
        }
    };
    for axis in plan.axes() {
        check(&axis.id, &axis.text, &axis.corrected);
        for line in &axis.lines {
            check(&line.id, &line.text, &line.corrected);
            for goal in &line.goals {
                check(&goal.id, &goal.text, &goal.corrected);
                for action in &goal.actions {
                    check(&action.id, &action.text, &action.corrected);
                    for ind in &action.indicators {
                        check(&ind.id, &ind.text, &ind.corrected);
                    }
                }
            }
        }
    }
    assert_eq!(corrected, 16);
}

#[test]
fn notes_are_about_nodes_of_the_plan() {
    let plan = plan();
    let mut kinds: BTreeMap<NoteKind, usize> = BTreeMap::new();
    for n in plan.notes() {
        assert!(
            plan.node(&n.node).is_some() || n.node == plan.document().id,
            "note about unknown node {}",
            n.node
        );
        assert!(!n.note.trim().is_empty(), "empty note on {}", n.node);
        *kinds.entry(n.kind).or_default() += 1;
    }
    assert_eq!(kinds.get(&NoteKind::PlazoSpan), Some(&47));
    assert_eq!(kinds.get(&NoteKind::PlazoAssignment), Some(&6));
    assert_eq!(kinds.get(&NoteKind::RepeatedEntity), Some(&2));
    assert_eq!(kinds.get(&NoteKind::EntityWithoutBullet), Some(&2));
}

// ---------------------------------------------------------------------------
// Navigation
// ---------------------------------------------------------------------------

#[test]
fn node_children_parent_and_ancestors() {
    let plan = plan();
    assert_eq!(plan.node("E2").unwrap().level(), Level::Axis);
    assert_eq!(plan.node("E2.L3").unwrap().level(), Level::Line);
    assert_eq!(plan.node("E2.L3.M2").unwrap().level(), Level::Goal);
    assert_eq!(plan.node("E2.L3.M2.A1").unwrap().level(), Level::Action);
    assert_eq!(
        plan.node("E2.L3.M2.A1.I3").unwrap().level(),
        Level::Indicator
    );
    assert_eq!(plan.node("E2.L3.M2.A1.P1").unwrap().level(), Level::Plazo);
    assert_eq!(plan.node("E2.L3.M2.A1.I3").unwrap().id(), "E2.L3.M2.A1.I3");
    for missing in [
        "E6",
        "E1.L2",
        "E1.L1.M5",
        "E2.L3.M2.A1.I5",
        "E2.L3.M2.A1.P2",
        "",
        "e1",
    ] {
        assert!(plan.node(missing).is_none(), "{missing:?}");
        assert!(plan.children(missing).is_none(), "{missing:?}");
        assert_eq!(plan.parent(missing), None, "{missing:?}");
    }

    assert_eq!(plan.children("E2").unwrap(), ["E2.L1", "E2.L2", "E2.L3"]);
    assert_eq!(
        plan.children("E2.L3").unwrap(),
        ["E2.L3.M1", "E2.L3.M2", "E2.L3.M3", "E2.L3.M4", "E2.L3.M5"]
    );
    assert_eq!(plan.children("E2.L3.M2").unwrap().len(), 6);
    assert_eq!(
        plan.children("E1.L1.M1.A1").unwrap(),
        [
            "E1.L1.M1.A1.I1",
            "E1.L1.M1.A1.I2",
            "E1.L1.M1.A1.I3",
            "E1.L1.M1.A1.P1"
        ]
    );
    assert_eq!(
        plan.children("E4.L1.M1.A1").unwrap(),
        [
            "E4.L1.M1.A1.I1",
            "E4.L1.M1.A1.I2",
            "E4.L1.M1.A1.I3",
            "E4.L1.M1.A1.P1",
            "E4.L1.M1.A1.P2"
        ]
    );
    assert!(plan.children("E4.L1.M1.A1.I1").unwrap().is_empty());
    assert!(plan.children("E4.L1.M1.A1.P2").unwrap().is_empty());

    assert_eq!(plan.parent("E1"), None);
    assert_eq!(plan.parent("E3.L2"), Some("E3"));
    assert_eq!(plan.parent("E3.L2.M1"), Some("E3.L2"));
    assert_eq!(plan.parent("E3.L2.M1.A1"), Some("E3.L2.M1"));
    assert_eq!(plan.parent("E3.L2.M1.A1.I3"), Some("E3.L2.M1.A1"));
    assert_eq!(plan.parent("E3.L2.M1.A1.P1"), Some("E3.L2.M1.A1"));

    assert_eq!(
        plan.ancestors("E3.L2.M1.A1.I3"),
        ["E3.L2.M1.A1", "E3.L2.M1", "E3.L2", "E3"]
    );
    assert_eq!(
        plan.ancestors("E4.L1.M1.A1.P2"),
        ["E4.L1.M1.A1", "E4.L1.M1", "E4.L1", "E4"]
    );
    assert!(plan.ancestors("E5").is_empty());
    assert!(plan.ancestors("E9.L1").is_empty());
}

#[test]
fn every_node_is_reachable_and_its_children_point_back() {
    let plan = plan();
    let mut stack: Vec<&str> = plan.axes().iter().map(|a| a.id.as_str()).collect();
    let mut seen = 0;
    while let Some(id) = stack.pop() {
        seen += 1;
        let node = plan.node(id).unwrap();
        assert_eq!(node.id(), id);
        for child in plan.children(id).unwrap() {
            assert_eq!(plan.parent(child), Some(id), "{child}");
            assert!(child.starts_with(&format!("{id}.")), "{child} under {id}");
            let mut expected = vec![id];
            expected.extend(plan.ancestors(id));
            assert_eq!(plan.ancestors(child), expected);
            stack.push(child);
        }
    }
    // axes + lines + goals + actions + indicators + plazos
    let c = plan.counts();
    let total: usize = c
        .iter()
        .map(|c| 1 + c.lines + c.goals + c.actions + c.indicators + c.plazos)
        .sum();
    assert_eq!(seen, total);
}

#[test]
fn actions_of_entity_cover_dependencies() {
    let plan = plan();
    let ids = |code: &str| -> HashSet<String> {
        plan.actions_of_entity(code)
            .iter()
            .map(|a| a.id.clone())
            .collect()
    };
    let mingob = ids("MINGOB");
    let pnc = ids("PNC");
    let dgm = ids("DGM");
    assert!(!pnc.is_empty() && !dgm.is_empty());
    assert!(pnc.is_subset(&mingob), "MINGOB covers PNC's actions");
    assert!(dgm.is_subset(&mingob), "MINGOB covers DGM's actions");
    assert!(mingob.len() > pnc.len(), "MINGOB has more than PNC alone");
    // MINGOB/DGM alone: DGM's, hence MINGOB's, not PNC's.
    assert!(dgm.contains("E2.L3.M2.A4") && mingob.contains("E2.L3.M2.A4"));
    assert!(!pnc.contains("E2.L3.M2.A4"));
    // MINGOB/PNC alone: PNC's, not DGM's.
    assert!(pnc.contains("E2.L2.M1.A5") && !dgm.contains("E2.L2.M1.A5"));
    // MINGOB/PNC/DGM: both.
    assert!(pnc.contains("E3.L2.M1.A1") && dgm.contains("E3.L2.M1.A1"));
    // The missing-persons section belongs to PNC, hence to MINGOB.
    assert!(ids("PNC-DESAPARECIDOS").contains("E2.L3.M2.A1"));
    assert!(pnc.contains("E2.L3.M2.A1"));
    // MINECO/INE: INE's and MINECO's.
    assert!(ids("INE").contains("E2.L1.M1.A1"));
    assert!(ids("MINECO").contains("E2.L1.M1.A1"));
    assert!(ids("INE").is_subset(&ids("MINECO")));
    // MRE/Consulados.
    assert!(ids("CONSULADOS").contains("E2.L3.M5.A1"));
    assert!(ids("MRE").contains("E2.L3.M5.A1"));
    // Only the entities responsible: PNC has no action of E1.
    assert!(pnc.iter().all(|id| !id.starts_with("E1.")));
    assert!(ids("NO-SUCH").is_empty());
}

#[test]
fn deadlines_in_year() {
    let plan = plan();
    let by_year: BTreeMap<i32, usize> = (2005..=2020)
        .map(|y| (y, plan.deadlines_in_year(y).len()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let expected: BTreeMap<i32, usize> = [
        (2007, 8),
        (2008, 4),
        (2009, 4),
        (2010, 1),
        (2011, 3),
        (2017, 47),
    ]
    .into_iter()
    .collect();
    assert_eq!(by_year, expected);
    let total: usize = plan.counts().iter().map(|c| c.plazos).sum();
    assert_eq!(by_year.values().sum::<usize>(), total);
    for (action, p) in plan.deadlines_in_year(2008) {
        assert_eq!(p.end_year, 2008);
        assert!(action.plazos.iter().any(|q| q.id == p.id));
    }
    assert!(plan
        .deadlines_in_year(2008)
        .iter()
        .any(|(a, p)| a.id == "E5.L1.M2.A2" && p.label == "1 año (2008)"));
}

#[test]
fn indicator_lookup() {
    let plan = plan();
    let ind = plan.indicator("E2.L2.M1.A5.I3").unwrap();
    assert_eq!(ind.text, "Registro semestral de denuncias recibidas.");
    assert_eq!(ind.frequency, Frequency::Semiannual);
    assert_eq!(ind.plazo, "E2.L2.M1.A5.P2");
    let idx = plan.indicator_idx("E2.L2.M1.A5.I3").unwrap();
    assert_eq!(plan.indicator_at(idx).id, "E2.L2.M1.A5.I3");
    assert_eq!(plan.action_at(plan.indicator_action(idx)).id, "E2.L2.M1.A5");
    assert_eq!(plan.indicator_plazo(idx).label, "10 años (2007-2017)");
    let first = plan.indicator_idx("E2.L2.M1.A5.I1").unwrap();
    assert_eq!(plan.indicator_plazo(first).label, "1 año (2007)");
    assert_eq!(plan.indicator_at(first).measure, Measure::Milestone);

    // Not an indicator, or unknown.
    assert!(plan.indicator("E2.L2.M1.A5").is_none());
    assert!(plan.indicator("E2.L2.M1.A5.P1").is_none());
    assert!(plan.indicator("E2.L2.M1.A5.I9").is_none());
    assert!(plan.indicator_idx("E2.L2.M1.A5.I9").is_none());
    assert!(plan.action("E2.L2.M1.A5.I1").is_none());

    // Dense indexes run in reading order.
    assert_eq!(plan.indicator_indexes().len(), plan.indicator_count());
    for (i, (index, ind)) in plan.indicator_indexes().zip(plan.indicators()).enumerate() {
        assert_eq!(index.get(), i);
        assert_eq!(plan.indicator_idx(&ind.id), Some(index));
        assert_eq!(plan.indicator(&ind.id).unwrap().id, ind.id);
        let action = plan.action_at(plan.indicator_action(index));
        assert_eq!(plan.parent(&ind.id), Some(action.id.as_str()));
        assert_eq!(plan.indicator_plazo(index).id, ind.plazo);
    }
    assert_eq!(plan.action_indexes().len(), plan.action_count());
    let mut next_indicator = 0;
    for (i, (index, a)) in plan.action_indexes().zip(plan.actions()).enumerate() {
        assert_eq!(index.get(), i);
        assert_eq!(plan.action_idx(&a.id), Some(index));
        let (axis, line, goal) = plan.action_path(index);
        assert_eq!(plan.ancestors(&a.id), [&goal.id, &line.id, &axis.id]);
        // An action's indicators are the next consecutive indexes, in its order.
        let indicators: Vec<&str> = plan
            .action_indicators(index)
            .map(|ind| {
                assert_eq!(ind.get(), next_indicator);
                assert_eq!(plan.indicator_action(ind), index);
                next_indicator += 1;
                plan.indicator_at(ind).id.as_str()
            })
            .collect();
        let own: Vec<&str> = a.indicators.iter().map(|ind| ind.id.as_str()).collect();
        assert_eq!(indicators, own);
    }
    assert_eq!(next_indicator, plan.indicator_count());
    // Walking the tree meets the actions in the order of their indexes: the
    // scorecard's roll-up relies on it.
    let walked: Vec<usize> = plan
        .axes()
        .iter()
        .flat_map(|axis| &axis.lines)
        .flat_map(|line| &line.goals)
        .flat_map(|goal| &goal.actions)
        .map(|action| plan.action_idx(&action.id).unwrap().get())
        .collect();
    assert_eq!(walked, (0..plan.action_count()).collect::<Vec<_>>());
}

// ---------------------------------------------------------------------------
// JSON round trip
// ---------------------------------------------------------------------------

#[test]
fn to_json_and_back_is_the_same_plan() {
    let plan = plan();
    let text = plan.to_json();
    let again = Plan::from_json(&text).unwrap();
    assert_eq!(again, plan);
    assert_eq!(again.document(), plan.document());
    assert_eq!(
        again.to_json(),
        text,
        "JSON is byte-identical after a round trip"
    );
    let from_bytes = Plan::from_json_bytes(text.as_bytes()).unwrap();
    assert_eq!(from_bytes.to_json(), text);
    let from_reader = Plan::from_reader(text.as_bytes()).unwrap();
    assert_eq!(from_reader.to_json(), text);
    // Pretty-printed and keeps non-ASCII text as it is.
    assert!(text.ends_with("}\n"));
    assert!(text.contains("Atención Integral a las Víctimas de Trata"));
    // The embedded file is the same plan.
    assert_eq!(
        Plan::from_json(seguimiento::EMBEDDED_PLAN_JSON).unwrap(),
        plan
    );
    // seeds/plan.json is kept in the form the library writes.
    assert!(
        text == seguimiento::EMBEDDED_PLAN_JSON,
        "seeds/plan.json is not in canonical form: rewrite it with `cargo run --example plan -- --json`"
    );
    let doc = plan.clone().into_document();
    assert_eq!(Plan::new(doc).unwrap().to_json(), text);
}

#[test]
fn a_byte_order_mark_before_the_plan_is_skipped() {
    let text = format!("\u{feff}{}", Plan::embedded().to_json());
    assert_eq!(Plan::from_json(&text).unwrap(), Plan::embedded());
}

#[test]
fn an_indicator_has_at_most_eight_dimensions() {
    let mut doc = Plan::embedded().into_document();
    for n in 0..9 {
        doc.dimensions.push(seguimiento::Dimension {
            id: format!("d{n}"),
            name: format!("D{n}"),
            values: vec!["a".into()],
            labels: Vec::new(),
            description: None,
        });
    }
    let indicator = &mut doc.axes[0].lines[0].goals[0].actions[0].indicators[0];
    indicator.dimensions = (0..9).map(|n| format!("d{n}")).collect();
    let Err(seguimiento::PlanError::Invalid { problems }) = Plan::new(doc) else {
        panic!("a ninth dimension must be refused");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].kind, seguimiento::ProblemKind::LimitExceeded);
    assert_eq!(problems[0].location, "E1.L1.M1.A1.I1.dimensions");
    assert!(
        problems[0].message().contains("more than the 8"),
        "{}",
        problems[0]
    );
}

#[test]
fn every_slash_joined_code_resolves_as_the_docs_say() {
    let plan = Plan::embedded();
    let docs = include_str!("../../docs/DECISIONS.md");
    let rows: Vec<(&str, Vec<&str>)> = docs
        .lines()
        .map(str::trim)
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once("` | "))
        .map(|(code, rest)| (code, rest.trim_end_matches(" |").split(", ").collect()))
        .collect();
    // Every slash-joined code of the plan is in the table, and every row holds.
    let mut seen = std::collections::BTreeSet::new();
    for action in plan.actions() {
        for r in &action.responsible {
            if r.effective_code().contains('/') {
                seen.insert(r.code.as_str());
            }
        }
    }
    let documented: std::collections::BTreeSet<&str> = rows.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        seen, documented,
        "docs/DECISIONS.md's resolution table is out of date"
    );
    for (code, expected) in rows {
        let resolved: Vec<&str> = plan
            .resolve(code)
            .unwrap()
            .iter()
            .map(|e| e.code.as_str())
            .collect();
        assert_eq!(resolved, expected, "{code}");
    }
}

#[test]
fn every_dimension_value_has_a_name_to_map_data_by() {
    let plan = plan();
    let departments = plan.dimension_labels("departamento").unwrap();
    assert_eq!(departments.len(), 22);
    assert_eq!(departments[0], ("01", "Guatemala"));
    assert_eq!(departments[16], ("17", "Petén"));
    assert_eq!(departments[21], ("22", "Jutiapa"));
    // Municipalities: the plan has no names for them, only DDMM codes.
    let municipalities = plan.dimension_labels("municipio").unwrap();
    assert_eq!(municipalities.len(), 340);
    assert_eq!(municipalities[0], ("0101", "Municipio 01 de Guatemala"));
    assert_eq!(
        municipalities.last().copied(),
        Some(("2217", "Municipio 17 de Jutiapa"))
    );
    // Institutions by their registry names; the others by the plan's labels.
    let institutions = plan.dimension_labels("institucion").unwrap();
    assert!(institutions.contains(&("MP", "Ministerio Público")));
    assert_eq!(
        plan.dimension_labels("sexo").unwrap(),
        [("mujer", "Mujer"), ("hombre", "Hombre")]
    );
    assert!(plan.dimension_labels("color").is_none());
    let table = plan.dimension_table("departamento").unwrap();
    let names: Vec<&str> = table.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names, ["code", "name"]);
    assert_eq!(table.len(), 22);
}

#[test]
fn labels_are_one_per_value() {
    let mut doc = plan().document().clone();
    let d = doc.dimensions.iter_mut().find(|d| d.id == "sexo").unwrap();
    d.labels.pop();
    let err = Plan::new(doc).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("dimension \"sexo\" has 1 labels for 2 values"),
        "{text}"
    );
}
