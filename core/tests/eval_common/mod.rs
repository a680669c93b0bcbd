//! A small custom plan and helpers shared by the evaluation tests
//! (`eval_rules.rs`, `eval_props.rs`).
//!
//! The plan is tiny on purpose, so that every number in the tests can be
//! computed by hand:
//!
//! ```text
//! PLAN-PRUEBA (coordinator MRE)
//! E1
//! ├─ E1.L1
//! │  ├─ E1.L1.M1
//! │  │  ├─ A1  plazos P1 "1 año (2007)", P2 "10 años (2007-2017)"; MINGOB/PNC/DGM, MP
//! │  │  │   I1 count flow annual [sexo] (P2)      I2 count flow monthly (P2)
//! │  │  │   I3 count stock annual (P2)            I4 percentage stock annual [sexo] (P2)
//! │  │  │   I5 milestone (P1: due 2007-12-31)
//! │  │  └─ A2  plazo P1 "10 años (2007-2017)"; GIT (group of MRE and MP)
//! │  │      I1 amount flow annual [edad]  I2 level stock annual  I3 text annual
//! │  │      I4 count flow semiannual      I5 count flow biennial
//! │  └─ E1.L1.M2
//! │     └─ A1  plazo P1 "1 año (2007)"; MRE
//! │         I1 milestone (due 2007-12-31)    I2 count flow annual
//! └─ E1.L2
//!    └─ E1.L2.M1
//!       ├─ A1  plazo P1 "10 años (2007-2017)"; MINGOB/DGM
//!       │   I1 count flow annual (weight 1)   I2 count flow annual (weight 3)
//!       └─ A2  plazo P1 "3 años (2008-2010)"; MP
//!           I1 count flow annual             I2 milestone (due 2010-12-31)
//! ```
//!
//! Registry: MRE, MINGOB, PNC (parent MINGOB), DGM (parent MINGOB), MP, GIT
//! (group: MRE, MP), in that order.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use seguimiento::{evaluate, Config, Item, Ledger, Mode, Plan, Scorecard};
use serde_json::{json, Value};

pub const PLAN_ID: &str = "PLAN-PRUEBA";

fn indicator(
    id: &str,
    measure: &str,
    accumulation: &str,
    frequency: &str,
    dimensions: &[&str],
    plazo: &str,
) -> Value {
    json!({
        "id": id,
        "text": format!("Indicador {id}"),
        "measure": measure,
        "accumulation": accumulation,
        "frequency": frequency,
        "dimensions": dimensions,
        "sensitive": false,
        "plazo": plazo,
    })
}

fn plazo(id: &str, label: &str, stated: u32, start: i32, end: i32) -> Value {
    json!({"id": id, "label": label, "stated_years": stated, "start_year": start, "end_year": end})
}

fn responsible(codes: &[&str]) -> Value {
    Value::Array(codes.iter().map(|c| json!({ "code": c })).collect())
}

/// The custom plan's document, as JSON.
pub fn plan_json() -> Value {
    let a111 = "E1.L1.M1.A1";
    let a112 = "E1.L1.M1.A2";
    let a121 = "E1.L1.M2.A1";
    let a211 = "E1.L2.M1.A1";
    let a212 = "E1.L2.M1.A2";
    let mut weighted = indicator(
        &format!("{a211}.I2"),
        "count",
        "flow",
        "annual",
        &[],
        &format!("{a211}.P1"),
    );
    weighted["weight"] = json!("3");
    json!({
        "format": "seguimiento-plan/1",
        "id": PLAN_ID,
        "title": "Plan de prueba",
        "coordinator": "MRE",
        "entities": [
            {"code": "MRE", "name": "Ministerio de Relaciones Exteriores", "kind": "institution"},
            {"code": "MINGOB", "name": "Ministerio de Gobernación", "kind": "institution"},
            {"code": "PNC", "name": "Policía Nacional Civil", "kind": "institution", "parent": "MINGOB"},
            {"code": "DGM", "name": "Dirección General de Migración", "kind": "institution", "parent": "MINGOB"},
            {"code": "MP", "name": "Ministerio Público", "kind": "institution"},
            {"code": "GIT", "name": "Grupo Interinstitucional de prueba", "kind": "group", "members": ["MRE", "MP"]}
        ],
        "dimensions": [
            {"id": "sexo", "name": "Sexo", "values": ["mujer", "hombre"]},
            {"id": "edad", "name": "Edad", "values": ["menor", "adulto"]}
        ],
        "axes": [{
            "id": "E1", "text": "Eje de prueba",
            "lines": [
                {"id": "E1.L1", "text": "Línea uno", "goals": [
                    {"id": "E1.L1.M1", "text": "Meta uno", "actions": [
                        {"id": a111, "text": "Acción con dos plazos",
                         "plazos": [plazo(&format!("{a111}.P1"), "1 año (2007)", 1, 2007, 2007),
                                    plazo(&format!("{a111}.P2"), "10 años (2007-2017)", 10, 2007, 2017)],
                         "responsible": responsible(&["MINGOB/PNC/DGM", "MP"]),
                         "indicators": [
                            indicator(&format!("{a111}.I1"), "count", "flow", "annual", &["sexo"], &format!("{a111}.P2")),
                            indicator(&format!("{a111}.I2"), "count", "flow", "monthly", &[], &format!("{a111}.P2")),
                            indicator(&format!("{a111}.I3"), "count", "stock", "annual", &[], &format!("{a111}.P2")),
                            indicator(&format!("{a111}.I4"), "percentage", "stock", "annual", &["sexo"], &format!("{a111}.P2")),
                            indicator(&format!("{a111}.I5"), "milestone", "stock", "once", &[], &format!("{a111}.P1"))
                         ]},
                        {"id": a112, "text": "Acción del grupo",
                         "plazos": [plazo(&format!("{a112}.P1"), "10 años (2007-2017)", 10, 2007, 2017)],
                         "responsible": responsible(&["GIT"]),
                         "indicators": [
                            indicator(&format!("{a112}.I1"), "amount", "flow", "annual", &["edad"], &format!("{a112}.P1")),
                            indicator(&format!("{a112}.I2"), "level", "stock", "annual", &[], &format!("{a112}.P1")),
                            indicator(&format!("{a112}.I3"), "text", "stock", "annual", &[], &format!("{a112}.P1")),
                            indicator(&format!("{a112}.I4"), "count", "flow", "semiannual", &[], &format!("{a112}.P1")),
                            indicator(&format!("{a112}.I5"), "count", "flow", "biennial", &[], &format!("{a112}.P1"))
                         ]}
                    ]},
                    {"id": "E1.L1.M2", "text": "Meta dos", "actions": [
                        {"id": a121, "text": "Acción de un año",
                         "plazos": [plazo(&format!("{a121}.P1"), "1 año (2007)", 1, 2007, 2007)],
                         "responsible": responsible(&["MRE"]),
                         "indicators": [
                            indicator(&format!("{a121}.I1"), "milestone", "stock", "once", &[], &format!("{a121}.P1")),
                            indicator(&format!("{a121}.I2"), "count", "flow", "annual", &[], &format!("{a121}.P1"))
                         ]}
                    ]}
                ]},
                {"id": "E1.L2", "text": "Línea dos", "goals": [
                    {"id": "E1.L2.M1", "text": "Meta tres", "actions": [
                        {"id": a211, "text": "Acción con pesos",
                         "plazos": [plazo(&format!("{a211}.P1"), "10 años (2007-2017)", 10, 2007, 2017)],
                         "responsible": responsible(&["MINGOB/DGM"]),
                         "indicators": [
                            indicator(&format!("{a211}.I1"), "count", "flow", "annual", &[], &format!("{a211}.P1")),
                            weighted
                         ]},
                        {"id": a212, "text": "Acción que empieza en 2008",
                         "plazos": [plazo(&format!("{a212}.P1"), "3 años (2008-2010)", 3, 2008, 2010)],
                         "responsible": responsible(&["MP"]),
                         "indicators": [
                            indicator(&format!("{a212}.I1"), "count", "flow", "annual", &[], &format!("{a212}.P1")),
                            indicator(&format!("{a212}.I2"), "milestone", "stock", "once", &[], &format!("{a212}.P1"))
                         ]}
                    ]}
                ]}
            ]
        }],
        "notes": []
    })
}

/// The custom plan (built once).
pub fn plan() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| {
        Arc::new(Plan::from_json(&plan_json().to_string()).expect("the test plan is valid"))
    }))
}

/// The embedded 2007-2017 plan (built once).
pub fn embedded() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| Arc::new(Plan::embedded())))
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a YYYY-MM-DD date")
}

/// A ledger on the custom plan with one strictly ingested batch.
pub fn ledger(batch: &Value) -> Ledger {
    let mut l = Ledger::new(plan());
    ingest(&mut l, batch);
    l
}

/// Ingests a batch strictly; a rejection fails the test with its reasons.
pub fn ingest(ledger: &mut Ledger, batch: &Value) {
    if let Err(e) = ledger.ingest_json(&batch.to_string(), Mode::Strict) {
        panic!("the test batch was rejected: {e}");
    }
}

/// Evaluates a ledger (on its own plan) with a configuration.
pub fn eval_with(ledger: &Ledger, as_of: &str, config: &Config) -> Scorecard {
    evaluate(ledger.plan(), ledger, date(as_of), config).expect("evaluation runs")
}

/// Evaluates a ledger (on its own plan) with the default configuration.
pub fn eval(ledger: &Ledger, as_of: &str) -> Scorecard {
    eval_with(ledger, as_of, &Config::default())
}

/// A node's score as its 6-decimal string, or `None`.
pub fn score(card: &Scorecard, id: &str) -> Option<String> {
    card.node(id)
        .unwrap_or_else(|| panic!("no node {id}"))
        .score
        .map(|s| s.to_string())
}

/// An indicator's items (its explanation).
pub fn items<'a>(card: &'a Scorecard, id: &str) -> &'a [Item] {
    match card.explain(id) {
        Some(seguimiento::Explanation::Indicator { items }) => items,
        other => panic!("{id} has no indicator explanation: {other:?}"),
    }
}

/// The achievements of an indicator's items, as strings (`None`: not scored).
pub fn achievements(card: &Scorecard, id: &str) -> Vec<Option<String>> {
    items(card, id)
        .iter()
        .map(|i| i.achievement().map(|a| a.to_string()))
        .collect()
}

/// `Some("0.500000")`.
pub fn s(text: &str) -> Option<String> {
    Some(text.to_string())
}
