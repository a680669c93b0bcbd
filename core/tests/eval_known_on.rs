//! The knowledge date (SPEC rev. 2 §3): K (`config.known_on`, default the
//! scoring date D) decides what is known, D what is due, achieved and
//! submitted; an item without visible data counts its records recorded
//! after K in its explanation.
//!
//! On the embedded 2007-2017 plan: `E4.L2.M1.A1.I1` (count, flow, annual;
//! MP, OJ, PGN) and the milestone `E4.L1.M1.A1.I1` (due at the end of its
//! first plazo, 2009-12-31).

use std::sync::Arc;

use chrono::NaiveDate;
use seguimiento::{evaluate, Config, Explanation, Ledger, Mode, Plan, Scorecard};
use serde_json::{json, Value};

const MP_FLOW: &str = "E4.L2.M1.A1.I1";
const MILESTONE: &str = "E4.L1.M1.A1.I1";

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

fn ledger(batch: &Value) -> Ledger {
    let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
    ledger
        .ingest_json(&batch.to_string(), Mode::Strict)
        .unwrap_or_else(|e| panic!("a valid test batch: {e}"));
    ledger
}

fn known_on(k: &str) -> Config {
    Config {
        known_on: Some(date(k)),
        ..Config::default()
    }
}

fn eval(ledger: &Ledger, as_of: &str, config: &Config) -> Scorecard {
    evaluate(ledger.plan(), ledger, date(as_of), config).expect("evaluation runs")
}

fn json_of(card: &Scorecard) -> Value {
    serde_json::from_str(&card.to_json()).expect("scorecard JSON")
}

/// The items of an indicator node, as the scorecard JSON writes them.
fn items(card: &Scorecard, id: &str) -> Vec<Value> {
    let json = json_of(card);
    let node = json["nodes"]
        .as_array()
        .and_then(|nodes| nodes.iter().find(|n| n["id"] == id))
        .unwrap_or_else(|| panic!("no node {id}"))
        .clone();
    node["explanation"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn score(card: &Scorecard, id: &str) -> Option<String> {
    card.node(id).and_then(|n| n.score).map(|s| s.to_string())
}

/// Issue 9, point 2: E4 showed 0.00 % at 2008-12-31 because MP's 2008
/// figures were recorded on 2009-02-06, and the explanation said only
/// "no data".
fn mp_late_figures() -> Ledger {
    ledger(&json!({
        "targets": [{"indicator": MP_FLOW, "period": "2008", "value": "100"}],
        "observations": [
            {"indicator": MP_FLOW, "period": "2008", "entity": "MP", "value": "40",
             "recorded_on": "2009-02-06"},
            {"indicator": MP_FLOW, "period": "2008", "entity": "OJ", "value": "17",
             "recorded_on": "2009-02-06"}
        ]
    }))
}

#[test]
fn late_recorded_figures_are_named_in_the_explanation() {
    let ledger = mp_late_figures();
    let card = eval(&ledger, "2008-12-31", &Config::default());
    assert_eq!(card.known_on, date("2008-12-31"));
    assert_eq!(score(&card, MP_FLOW).as_deref(), Some("0.000000"));
    let [item] = items(&card, MP_FLOW).try_into().expect("one item");
    assert_eq!(item["note"], "no data: scored 0");
    assert_eq!(
        item["recorded_later"],
        "2 records recorded after known_on (2008-12-31)"
    );
    let typed = card.explain(MP_FLOW).and_then(|e| match e {
        Explanation::Indicator { items } => items[0].recorded_later(),
        Explanation::Children { .. } => None,
    });
    let typed = typed.expect("a typed note");
    assert_eq!(
        (typed.records, typed.code()),
        (2, "recorded_after_known_on")
    );
}

#[test]
fn a_quarter_later_the_late_figures_count() {
    let ledger = mp_late_figures();
    // A = 40 + 17 = 57 of 100.
    let card = eval(&ledger, "2008-12-31", &known_on("2009-03-31"));
    assert_eq!(
        (card.as_of, card.known_on),
        (date("2008-12-31"), date("2009-03-31"))
    );
    assert_eq!(score(&card, MP_FLOW).as_deref(), Some("0.570000"));
    let [item] = items(&card, MP_FLOW).try_into().expect("one item");
    assert_eq!(item["value"], "57");
    assert!(item.get("recorded_later").is_none(), "{item}");
    let json = json_of(&card);
    assert_eq!(json["as_of"], "2008-12-31");
    assert_eq!(json["known_on"], "2009-03-31");
    // Known a day before they were recorded, they still do not count.
    let card = eval(&ledger, "2008-12-31", &known_on("2009-02-05"));
    assert_eq!(score(&card, MP_FLOW).as_deref(), Some("0.000000"));
}

#[test]
fn the_scorecard_json_shows_the_knowledge_date_beside_the_scoring_date() {
    let card = eval(&mp_late_figures(), "2010-12-31", &Config::default());
    let text = card.to_json();
    let as_of = text.find("\"as_of\": \"2010-12-31\"").expect("as_of");
    let known_on = text.find("\"known_on\": \"2010-12-31\"").expect("known_on");
    let plan = text.find("\"plan\":").expect("plan");
    assert!(as_of < known_on && known_on < plan, "{}", &text[..200]);
}

#[test]
fn the_knowledge_date_is_read_from_the_config_json() {
    let ledger = mp_late_figures();
    let config = Config::from_json(r#"{"known_on": "2009-03-31"}"#).expect("config");
    assert_eq!(
        eval(&ledger, "2008-12-31", &config),
        eval(&ledger, "2008-12-31", &known_on("2009-03-31"))
    );
}

#[test]
fn a_later_knowledge_date_never_counts_what_happened_after_the_scoring_date() {
    let ledger = ledger(&json!({
        "targets": [
            {"indicator": MP_FLOW, "period": "2007/2017", "value": "1320"},
            {"indicator": MP_FLOW, "period": "2009", "value": "10"}
        ],
        "observations": [
            // Recorded within K, but its period starts after D.
            {"indicator": MP_FLOW, "period": "2009", "entity": "MP", "value": "500",
             "recorded_on": "2009-01-20"},
            {"indicator": MP_FLOW, "period": "2008", "entity": "MP", "value": "120",
             "recorded_on": "2009-01-20"}
        ],
        "milestones": [
            // Achieved after D, recorded within K.
            {"indicator": MILESTONE, "entity": "MRE", "achieved_on": "2009-01-10",
             "recorded_on": "2009-01-11"}
        ],
        "obligations": [{"entity": "MP", "kind": "monthly", "from": 2008, "to": 2008}],
        "submissions": [
            {"entity": "MP", "kind": "monthly", "period": "2008-10", "submitted_on": "2008-11-05"},
            {"entity": "MP", "kind": "monthly", "period": "2008-11", "submitted_on": "2009-01-05"}
        ]
    }));
    let card = eval(&ledger, "2008-12-31", &known_on("2009-06-30"));
    // The window: 24 of 132 months ended, T' = 1320·24/132 = 240; A = 120
    // (2009's 500 starts after D): 120/240 = 0.5. The 2009 target is not due.
    let window = items(&card, MP_FLOW)
        .into_iter()
        .find(|i| i["period"] == "2007/2017")
        .expect("the window item");
    assert_eq!(window["value"], "120");
    assert_eq!(window["achievement"], "0.500000");
    // The milestone was achieved after D: not achieved as of D, not overdue.
    let [milestone] = items(&card, MILESTONE).try_into().expect("one item");
    assert_eq!(milestone["achieved_on"], Value::Null);
    assert_eq!(milestone["state"], "pending");
    assert!(milestone.get("recorded_later").is_none(), "{milestone}");
    // November's report was submitted after D: missing as of D.
    let row = &card.reporting[0];
    assert_eq!(
        (row.expected, row.on_time, row.late, row.missing),
        (11, 1, 0, 10)
    );
}

#[test]
fn a_milestone_recorded_later_is_named_too() {
    let ledger = ledger(&json!({
        "milestones": [
            {"indicator": MILESTONE, "entity": "MRE", "achieved_on": "2009-06-01",
             "recorded_on": "2010-02-01"}
        ]
    }));
    // Due at the end of its first plazo, 2009-12-31: overdue a month later.
    let card = eval(&ledger, "2010-01-31", &Config::default());
    let [item] = items(&card, MILESTONE).try_into().expect("one item");
    assert_eq!(item["state"], "overdue");
    assert_eq!(
        item["recorded_later"],
        "1 record recorded after known_on (2010-01-31)"
    );
    let card = eval(&ledger, "2010-01-31", &known_on("2010-03-31"));
    let [item] = items(&card, MILESTONE).try_into().expect("one item");
    assert_eq!(item["state"], "on_time");
    assert_eq!(
        card.node(MILESTONE)
            .and_then(|n| n.score)
            .map(|s| s.to_string())
            .as_deref(),
        Some("1.000000")
    );
}

#[test]
fn records_of_other_entities_or_periods_are_not_counted_as_the_items() {
    let ledger = ledger(&json!({
        "targets": [{"indicator": MP_FLOW, "period": "2008", "entity": "MP", "value": "10"}],
        "observations": [
            {"indicator": MP_FLOW, "period": "2008", "entity": "OJ", "value": "4",
             "recorded_on": "2009-02-06"},
            {"indicator": MP_FLOW, "period": "2007", "entity": "MP", "value": "4",
             "recorded_on": "2009-02-06"},
            {"indicator": MP_FLOW, "period": "2008", "entity": "MP", "value": "4",
             "recorded_on": "2009-02-06"},
            {"indicator": MP_FLOW, "period": "2008", "entity": "MP", "value": "5",
             "recorded_on": "2009-02-07"}
        ]
    }));
    let card = eval(&ledger, "2008-12-31", &Config::default());
    let [item] = items(&card, MP_FLOW).try_into().expect("one item");
    // Two revisions of MP's 2008 figure; OJ's and 2007's are not this item's.
    assert_eq!(
        item["recorded_later"],
        "2 records recorded after known_on (2008-12-31)"
    );
}
