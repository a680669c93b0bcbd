//! SPEC §3 (evaluation as of a date) and §4 (the scorecard JSON): one test
//! per rule, on the small plan of `eval_common`, with every expected number
//! computed by hand in a comment next to it.
//!
//! Indicators used (see `eval_common/mod.rs` for the whole plan):
//! - `FLOW`  E1.L1.M1.A1.I1 count flow annual [sexo], 2007-2017; MINGOB/PNC/DGM, MP
//! - `MONTHLY` E1.L1.M1.A1.I2 count flow monthly; `STOCK` …I3 count stock annual;
//!   `PCT` …I4 percentage stock annual [sexo]; `MS_A1` …I5 milestone due 2007-12-31
//! - `AMOUNT` E1.L1.M1.A2.I1 amount flow annual [edad]; `LEVEL` …I2 level stock;
//!   `TEXT` …I3; `SEMI` …I4 count flow semiannual; `BIENNIAL` …I5 (GIT: MRE, MP)
//! - `MS_MRE` E1.L1.M2.A1.I1 milestone due 2007-12-31; `MRE_COUNT` …I2 (2007 only; MRE)
//! - `W1`, `W3` E1.L2.M1.A1.I1/I2 count flow annual, weights 1 and 3 (MINGOB/DGM)
//! - `LATE` E1.L2.M1.A2.I1 count flow annual 2008-2010; `MS_2010` …I2 milestone (MP)

mod eval_common;

use std::sync::Arc;

use eval_common::*;
use seguimiento::{
    evaluate, Band, Config, ConfigError, EvaluateError, Explanation, Ledger, Mode, Plan,
    ReportStatus, Scorecard, ScorecardTable, Status,
};
use serde_json::{json, Value};

const FLOW: &str = "E1.L1.M1.A1.I1";
const MONTHLY: &str = "E1.L1.M1.A1.I2";
const STOCK: &str = "E1.L1.M1.A1.I3";
const PCT: &str = "E1.L1.M1.A1.I4";
const MS_A1: &str = "E1.L1.M1.A1.I5";
const AMOUNT: &str = "E1.L1.M1.A2.I1";
const LEVEL: &str = "E1.L1.M1.A2.I2";
const TEXT: &str = "E1.L1.M1.A2.I3";
const SEMI: &str = "E1.L1.M1.A2.I4";
const BIENNIAL: &str = "E1.L1.M1.A2.I5";
const MS_MRE: &str = "E1.L1.M2.A1.I1";
const MRE_COUNT: &str = "E1.L1.M2.A1.I2";
const W1: &str = "E1.L2.M1.A1.I1";
const W3: &str = "E1.L2.M1.A1.I2";
const LATE: &str = "E1.L2.M1.A2.I1";
const MS_2010: &str = "E1.L2.M1.A2.I2";

// ---------------------------------------------------------------------------
// Record builders
// ---------------------------------------------------------------------------

fn target(indicator: &str, period: &str, value: &str) -> Value {
    json!({"indicator": indicator, "period": period, "value": value})
}

fn obs(indicator: &str, period: &str, entity: &str, value: &str) -> Value {
    json!({"indicator": indicator, "period": period, "entity": entity, "value": value})
}

fn cell(indicator: &str, period: &str, entity: &str, dim: &str, v: &str, value: &str) -> Value {
    let mut o = obs(indicator, period, entity, value);
    o["cell"] = json!({ dim: v });
    o
}

fn milestone(indicator: &str, entity: &str, achieved_on: &str) -> Value {
    json!({"indicator": indicator, "entity": entity, "achieved_on": achieved_on})
}

/// The record with one more field.
fn with(mut record: Value, field: &str, value: &str) -> Value {
    record[field] = json!(value);
    record
}

fn recorded(record: Value, on: &str) -> Value {
    with(record, "recorded_on", on)
}

/// The plan a ledger was made from.
fn card_plan(l: &Ledger) -> &Plan {
    l.plan()
}

fn config(json: &str) -> Config {
    Config::from_json(json).expect("a valid test config")
}

// ---------------------------------------------------------------------------
// Scorecard accessors
// ---------------------------------------------------------------------------

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("serializable")
}

/// A node as JSON (score, band, coverage, status as the scorecard writes them).
fn node(card: &Scorecard, id: &str) -> Value {
    to_value(card.node(id).unwrap_or_else(|| panic!("no node {id}")))
}

/// The target item of an indicator for a period (and entity), as JSON.
fn item(card: &Scorecard, indicator: &str, period: &str, entity: Option<&str>) -> Value {
    items(card, indicator)
        .iter()
        .map(to_value)
        .find(|i| {
            i["period"] == period
                && i.get("entity").and_then(Value::as_str) == entity
                && i["kind"] == "target"
        })
        .unwrap_or_else(|| panic!("{indicator} has no target item for {period} {entity:?}"))
}

/// The (only) milestone item of a milestone indicator, as JSON.
fn milestone_item(card: &Scorecard, indicator: &str) -> Value {
    let all = items(card, indicator);
    assert_eq!(all.len(), 1, "a milestone indicator has one item");
    to_value(&all[0])
}

fn status(card: &Scorecard, id: &str) -> Status {
    card.node(id).unwrap().status
}

fn band(card: &Scorecard, id: &str) -> Band {
    card.node(id).unwrap().band
}

// ---------------------------------------------------------------------------
// Visibility and revisions
// ---------------------------------------------------------------------------

#[test]
fn visibility_as_of_date() {
    let l = ledger(&json!({
        "targets": [
            target(FLOW, "2008", "10"),                       // no recorded_on: always known
            recorded(target(W1, "2008", "4"), "2009-03-01")
        ],
        "observations": [
            recorded(obs(FLOW, "2008", "PNC", "5"), "2009-02-01"),
            obs(FLOW, "2008", "MP", "3"),                     // no recorded_on: always visible
            recorded(obs(W1, "2008", "DGM", "2"), "2008-06-01")
        ]
    }));
    // D = 2009-01-31: PNC's 5 (recorded 2009-02-01 > D) is invisible: A = 3, a = 3/10.
    let card = eval(&l, "2009-01-31");
    assert_eq!(item(&card, FLOW, "2008", None)["value"], "3");
    assert_eq!(score(&card, FLOW), s("0.300000"));
    // W1's only target is recorded after D: as known on D it has no target.
    assert_eq!(status(&card, W1), Status::NoTarget);
    assert_eq!(score(&card, W1), None);

    // D = 2009-02-01 (recorded_on = D is visible): A = 5 + 3 = 8, a = 8/10.
    let card = eval(&l, "2009-02-01");
    assert_eq!(score(&card, FLOW), s("0.800000"));
    assert_eq!(status(&card, W1), Status::NoTarget);

    // D = 2009-03-01: W1's target is known: A = 2, a = 2/4.
    let card = eval(&l, "2009-03-01");
    assert_eq!(score(&card, W1), s("0.500000"));
}

#[test]
fn latest_revision_counts() {
    let mut l = ledger(&json!({
        "targets": [target(FLOW, "2008", "10")],
        "observations": [
            recorded(obs(FLOW, "2008", "PNC", "4"), "2009-01-10"),
            recorded(obs(FLOW, "2008", "PNC", "8"), "2009-03-01")
        ]
    }));
    // Ingested later, but recorded between the two: it supersedes 4, not 8.
    ingest(
        &mut l,
        &json!({
            "targets": [recorded(target(FLOW, "2008", "16"), "2009-06-01")],
            "observations": [recorded(obs(FLOW, "2008", "PNC", "6"), "2009-02-01")]
        }),
    );
    // Every revision stays in the ledger.
    assert_eq!(l.counts(), [2, 3, 0, 0, 0, 0, 0]);
    assert_eq!(l.export().observations.len(), 3);

    // D = 2009-01-31: only 4 is visible; 4/10.
    assert_eq!(score(&eval(&l, "2009-01-31"), FLOW), s("0.400000"));
    // D = 2009-02-15: 4 (01-10) and 6 (02-01) visible, 6 is the latest; 6/10.
    assert_eq!(score(&eval(&l, "2009-02-15"), FLOW), s("0.600000"));
    // D = 2009-05-31: 8 (03-01) is the latest recorded, though 6 was ingested after it; 8/10.
    assert_eq!(score(&eval(&l, "2009-05-31"), FLOW), s("0.800000"));
    // D = 2009-12-31: the target's revision (16, 06-01) counts too; 8/16.
    let card = eval(&l, "2009-12-31");
    assert_eq!(item(&card, FLOW, "2008", None)["target"], "16");
    assert_eq!(score(&card, FLOW), s("0.500000"));
}

#[test]
fn tie_in_recorded_on_goes_to_later_ingested() {
    // Revisions of one key recorded on the same day come in separate
    // batches: within one batch they would be duplicates (SPEC §2).
    let mut l = ledger(&json!({
        "targets": [recorded(target(FLOW, "2008", "10"), "2009-01-01")],
        "observations": [
            recorded(obs(FLOW, "2008", "PNC", "3"), "2009-01-15"),
            recorded(obs(FLOW, "2008", "MP", "2"), "2009-01-15")
        ],
        "milestones": [recorded(milestone(MS_MRE, "MRE", "2007-06-01"), "2008-01-10")]
    }));
    ingest(
        &mut l,
        &json!({
            "targets": [recorded(target(FLOW, "2008", "20"), "2009-01-01")],   // same date, later: counts
            "observations": [recorded(obs(FLOW, "2008", "PNC", "7"), "2009-01-15")],  // same date, later: counts
            "milestones": [recorded(milestone(MS_MRE, "MRE", "2008-01-05"), "2008-01-10")]
        }),
    );
    // A record without recorded_on is known from the beginning of time: it is
    // older than MP's dated 2, whatever the ingestion order.
    ingest(
        &mut l,
        &json!({"observations": [obs(FLOW, "2008", "MP", "9")]}),
    );
    // A = 7 + 2 = 9, T = 20: 9/20 = 0.45.
    let card = eval(&l, "2009-12-31");
    assert_eq!(item(&card, FLOW, "2008", None)["value"], "9");
    assert_eq!(score(&card, FLOW), s("0.450000"));
    // The later milestone revision (achieved 2008-01-05, after the due date
    // 2007-12-31) counts: late, 0.5.
    let m = milestone_item(&card, MS_MRE);
    assert_eq!(m["state"], "late");
    assert_eq!(m["achievement"], "0.500000");

    // A tie across batches also goes to the later batch: PNC = 1, A = 3, 3/20.
    ingest(
        &mut l,
        &json!({"observations": [recorded(obs(FLOW, "2008", "PNC", "1"), "2009-01-15")]}),
    );
    assert_eq!(score(&eval(&l, "2009-12-31"), FLOW), s("0.150000"));
}

// ---------------------------------------------------------------------------
// Period value A
// ---------------------------------------------------------------------------

#[test]
fn period_value_total_over_cells() {
    let l = ledger(&json!({
        "targets": [target(FLOW, "2008", "20")],
        "observations": [
            obs(FLOW, "2008", "PNC", "10"),
            cell(FLOW, "2008", "PNC", "sexo", "mujer", "4"),
            cell(FLOW, "2008", "PNC", "sexo", "hombre", "5")
        ]
    }));
    // The total (10) counts, not the cells (9) nor total + cells (19): 10/20.
    let card = eval(&l, "2008-12-31");
    assert_eq!(item(&card, FLOW, "2008", None)["value"], "10");
    assert_eq!(score(&card, FLOW), s("0.500000"));
}

#[test]
fn period_value_sum_of_cells_when_no_total() {
    let l = ledger(&json!({
        "targets": [target(FLOW, "2008", "20"), target(AMOUNT, "2008", "1000")],
        "observations": [
            cell(FLOW, "2008", "PNC", "sexo", "mujer", "4"),
            cell(FLOW, "2008", "PNC", "sexo", "hombre", "5"),
            obs(FLOW, "2008", "MP", "3"),
            cell(AMOUNT, "2008", "GIT", "edad", "menor", "250.50"),
            cell(AMOUNT, "2008", "GIT", "edad", "adulto", "249.50")
        ]
    }));
    let card = eval(&l, "2008-12-31");
    // PNC: no total, cells 4 + 5 = 9; MP: total 3. A = 12, 12/20 = 0.6.
    assert_eq!(item(&card, FLOW, "2008", None)["value"], "12");
    assert_eq!(score(&card, FLOW), s("0.600000"));
    // An amount adds its cells too: 250.50 + 249.50 = 500.00, 500/1000.
    assert_eq!(item(&card, AMOUNT, "2008", None)["value"], "500.00");
    assert_eq!(score(&card, AMOUNT), s("0.500000"));
}

#[test]
fn percentage_needs_its_total() {
    let l = ledger(&json!({
        "targets": [target(PCT, "2008", "100"), target(PCT, "2009", "100")],
        "observations": [
            cell(PCT, "2008", "PNC", "sexo", "mujer", "40"),
            cell(PCT, "2008", "PNC", "sexo", "hombre", "60"),
            obs(PCT, "2008", "MP", "50"),
            cell(PCT, "2009", "PNC", "sexo", "mujer", "30"),
            cell(PCT, "2009", "PNC", "sexo", "hombre", "70")
        ]
    }));
    let card = eval(&l, "2009-12-31");
    // 2008: PNC's cells give no value (a percentage needs its total), MP's
    // total 50 is the only one: mean 50, 50/100 = 0.5 (not (100 + 50)/2).
    let y2008 = item(&card, PCT, "2008", None);
    assert_eq!(y2008["value"], "50");
    assert_eq!(y2008["achievement"], "0.500000");
    // 2009: cells only, so no value at all: "no data", scored 0.
    let y2009 = item(&card, PCT, "2009", None);
    assert_eq!(y2009["value"], Value::Null);
    assert_eq!(y2009["achievement"], "0.000000");
    // Indicator: (0.5 + 0)/2 = 0.25.
    assert_eq!(score(&card, PCT), s("0.250000"));
}

#[test]
fn flow_sums_periods_and_entities() {
    let l = ledger(&json!({
        "targets": [target(MONTHLY, "2008", "100"), target(SEMI, "2008", "30")],
        "observations": [
            obs(MONTHLY, "2007-12", "MINGOB", "7"),   // outside 2008
            obs(MONTHLY, "2008-01", "PNC", "10"),
            obs(MONTHLY, "2008-02", "PNC", "20"),
            obs(MONTHLY, "2008-03", "MP", "15"),
            obs(MONTHLY, "2008-12", "DGM", "5"),
            obs(MONTHLY, "2009-01", "PNC", "50"),     // outside 2008
            obs(SEMI, "2008-S1", "GIT", "10"),
            obs(SEMI, "2008-S2", "MRE", "5")
        ]
    }));
    let card = eval(&l, "2008-12-31");
    // Months of 2008 over all entities: 10 + 20 + 15 + 5 = 50; 50/100.
    assert_eq!(item(&card, MONTHLY, "2008", None)["value"], "50");
    assert_eq!(score(&card, MONTHLY), s("0.500000"));
    // Halves: 10 + 5 = 15; 15/30.
    assert_eq!(item(&card, SEMI, "2008", None)["value"], "15");
    assert_eq!(score(&card, SEMI), s("0.500000"));
}

#[test]
fn stock_takes_latest_period_per_entity() {
    let l = ledger(&json!({
        "targets": [target(STOCK, "2007/2017", "33"), target(STOCK, "2009", "10")],
        "observations": [
            obs(STOCK, "2008", "PNC", "4"),
            obs(STOCK, "2009", "PNC", "6"),
            obs(STOCK, "2007", "MP", "3"),
            obs(STOCK, "2010", "MP", "2")
        ]
    }));
    let card = eval(&l, "2010-12-31");
    // Window, D = 2010-12-31: m = 4 years × 12 = 48 of M = 132 months.
    // A = PNC's latest (2009: 6) + MP's latest (2010: 2) = 8 (a flow would give 15).
    // T' = 0 + 33·48/132 = 12; a = 8/12 = 0.6666… → 0.666667.
    let window = item(&card, STOCK, "2007/2017", None);
    assert_eq!(window["value"], "8");
    assert_eq!(window["months_ended"], 48);
    assert_eq!(window["on_track_target"], "12.000000");
    assert_eq!(window["achievement"], "0.666667");
    // Year 2009: only PNC has a 2009 value: A = 6, 6/10 = 0.6.
    let y2009 = item(&card, STOCK, "2009", None);
    assert_eq!(y2009["value"], "6");
    assert_eq!(y2009["achievement"], "0.600000");
    // Indicator: (0.666667 + 0.6)/2 = 0.6333335 → 0.633334 (from the rounded
    // item; the unrounded 2/3 would give 0.633333).
    assert_eq!(score(&card, STOCK), s("0.633334"));
}

#[test]
fn stock_percentage_mean_over_entities() {
    let l = ledger(&json!({
        "targets": [
            target(PCT, "2008", "80"),
            with(target(LEVEL, "2008", "5"), "baseline", "1")
        ],
        "observations": [
            obs(PCT, "2008", "PNC", "60"),
            obs(PCT, "2008", "MP", "90"),
            obs(PCT, "2008", "DGM", "30"),
            obs(LEVEL, "2008", "MRE", "3"),
            obs(LEVEL, "2008", "MP", "4")
        ]
    }));
    let card = eval(&l, "2008-12-31");
    // Percentage: unweighted mean (60 + 90 + 30)/3 = 60 (not the sum 180); 60/80 = 0.75.
    assert_eq!(item(&card, PCT, "2008", None)["value"], "60");
    assert_eq!(score(&card, PCT), s("0.750000"));
    // Level: mean (3 + 4)/2 = 3.5; B = 1, T = 5: (3.5 − 1)/(5 − 1) = 0.625.
    assert_eq!(item(&card, LEVEL, "2008", None)["value"], "3.50");
    assert_eq!(score(&card, LEVEL), s("0.625000"));
}

#[test]
fn target_entity_includes_dependencies() {
    let l = ledger(&json!({
        "targets": [
            with(target(FLOW, "2008", "14"), "entity", "MINGOB"),
            with(target(FLOW, "2008", "8"), "entity", "PNC"),
            target(FLOW, "2008", "30")
        ],
        "observations": [
            obs(FLOW, "2008", "MINGOB", "1"),
            obs(FLOW, "2008", "PNC", "2"),
            obs(FLOW, "2008", "DGM", "4"),
            obs(FLOW, "2008", "MP", "8")
        ]
    }));
    let card = eval(&l, "2008-12-31");
    // MINGOB: itself and its dependencies PNC and DGM, not MP: 1 + 2 + 4 = 7; 7/14 = 0.5.
    let mingob = item(&card, FLOW, "2008", Some("MINGOB"));
    assert_eq!(mingob["value"], "7");
    assert_eq!(mingob["achievement"], "0.500000");
    // PNC: only itself (its parent is not a dependency): 2; 2/8 = 0.25.
    let pnc = item(&card, FLOW, "2008", Some("PNC"));
    assert_eq!(pnc["value"], "2");
    assert_eq!(pnc["achievement"], "0.250000");
    // No entity: everyone: 15; 15/30 = 0.5.
    assert_eq!(item(&card, FLOW, "2008", None)["value"], "15");
    // Indicator: (0.5 + 0.25 + 0.5)/3 = 0.41666… → 0.416667.
    assert_eq!(score(&card, FLOW), s("0.416667"));
}

#[test]
fn no_data_scores_zero() {
    let l = ledger(&json!({
        "targets": [target(W1, "2008", "10"), target(W1, "2009", "10")],
        "observations": [obs(W1, "2009", "DGM", "5")]
    }));
    let card = eval(&l, "2009-12-31");
    // 2008: no observation at all: A = none, a = 0 (missing_data_is_zero defaults to true).
    let y2008 = item(&card, W1, "2008", None);
    assert_eq!(y2008["value"], Value::Null);
    assert_eq!(y2008["achievement"], "0.000000");
    assert!(y2008["note"].as_str().unwrap().contains("no data"));
    // 2009: 5/10 = 0.5. Indicator: (0 + 0.5)/2 = 0.25.
    assert_eq!(score(&card, W1), s("0.250000"));
    assert_eq!(status(&card, W1), Status::Scored);
}

#[test]
fn missing_data_is_zero_false_not_scored() {
    let l = ledger(&json!({
        "targets": [target(W1, "2008", "10"), target(W1, "2009", "10"), target(W3, "2008", "10")],
        "observations": [obs(W1, "2009", "DGM", "5")]
    }));
    let card = eval_with(
        &l,
        "2009-12-31",
        &config(r#"{"missing_data_is_zero": false}"#),
    );
    // 2008 has no data: not scored; the indicator is the mean of 2009 alone: 0.5.
    assert_eq!(item(&card, W1, "2008", None)["achievement"], Value::Null);
    assert_eq!(score(&card, W1), s("0.500000"));
    // W3 has nothing but a target without data: pending, no score, no band.
    assert_eq!(status(&card, W3), Status::Pending);
    assert_eq!(score(&card, W3), None);
    assert_eq!(band(&card, W3), Band::None);
    // Its action: W1 alone, weight 1: 0.5 (W3, weight 3, is not in the mean).
    assert_eq!(score(&card, "E1.L2.M1.A1"), s("0.500000"));
}

// ---------------------------------------------------------------------------
// Achievement of a target
// ---------------------------------------------------------------------------

#[test]
fn achievement_clamped_0_1() {
    let l = ledger(&json!({
        "targets": [
            target(FLOW, "2008", "10"),
            with(target(FLOW, "2009", "10"), "baseline", "5"),
            target(AMOUNT, "2008", "0.01")
        ],
        "observations": [
            obs(FLOW, "2008", "PNC", "15"),
            obs(FLOW, "2009", "PNC", "2"),
            obs(AMOUNT, "2008", "MRE", "1000000000000000000000000000")
        ]
    }));
    let card = eval(&l, "2009-12-31");
    // Above the target: 15/10 = 1.5 → 1.
    assert_eq!(item(&card, FLOW, "2008", None)["achievement"], "1.000000");
    // Below the baseline: (2 − 5)/(10 − 5) = −0.6 → 0.
    assert_eq!(item(&card, FLOW, "2009", None)["achievement"], "0.000000");
    // A quotient too large for a decimal (10²⁷ / 0.01 = 10²⁹) is still above 1 → 1.
    assert_eq!(score(&card, AMOUNT), s("1.000000"));

    // Windows with extreme values: (T − B)·m overflows a decimal for T = 5·10²⁸.
    let l = ledger(&json!({
        "targets": [
            target(BIENNIAL, "2007/2017", "50000000000000000000000000000"),
            target(AMOUNT, "2007/2017", "0.01")
        ],
        "observations": [
            obs(BIENNIAL, "2008", "GIT", "1000"),
            obs(AMOUNT, "2008", "MRE", "70000000000000000000000000000")
        ]
    }));
    let card = eval(&l, "2008-12-31");
    // m = 24: T' = 5·10²⁸·24/132 ≈ 9.09·10²⁷; a = 1000/T' ≈ 10⁻²⁵ → 0.
    let w = item(&card, BIENNIAL, "2007/2017", None);
    // (T' is as exact as a decimal's 28 digits allow.)
    assert!(w["on_track_target"]
        .as_str()
        .unwrap()
        .starts_with("909090909090909090909090909"));
    assert_eq!(w["achievement"], "0.000000");
    // A = 7·10²⁸, T' = 0.01·24/132: (A − B)·M overflows, a is still 1.
    assert_eq!(score(&card, AMOUNT), s("1.000000"));
}

#[test]
fn reduce_target() {
    // B = 100, T = 60 (T < B: reduce).
    let reduce = |year: &str| with(target(FLOW, year, "60"), "baseline", "100");
    let l = ledger(&json!({
        "targets": [reduce("2008"), reduce("2009"), reduce("2010")],
        "observations": [
            obs(FLOW, "2008", "PNC", "80"),
            obs(FLOW, "2009", "PNC", "50"),
            obs(FLOW, "2010", "PNC", "110")
        ]
    }));
    let card = eval(&l, "2010-12-31");
    // 2008: (80 − 100)/(60 − 100) = −20/−40 = 0.5.
    let y2008 = item(&card, FLOW, "2008", None);
    assert_eq!(y2008["achievement"], "0.500000");
    assert!(y2008["note"].as_str().unwrap().contains("reduce"));
    // 2009: (50 − 100)/−40 = 1.25 → 1. 2010: (110 − 100)/−40 = −0.25 → 0.
    assert_eq!(item(&card, FLOW, "2009", None)["achievement"], "1.000000");
    assert_eq!(item(&card, FLOW, "2010", None)["achievement"], "0.000000");
    // Indicator: (0.5 + 1 + 0)/3 = 0.5.
    assert_eq!(score(&card, FLOW), s("0.500000"));
}

#[test]
fn year_target_scored_only_after_year_end() {
    let l = ledger(&json!({
        "targets": [target(FLOW, "2008", "10")],
        "observations": [obs(FLOW, "2008", "PNC", "5")]
    }));
    // D = 2008-12-30 < 31 Dec 2008: not scored yet.
    let card = eval(&l, "2008-12-30");
    let y2008 = item(&card, FLOW, "2008", None);
    assert_eq!(y2008["achievement"], Value::Null);
    assert!(y2008["note"].as_str().unwrap().contains("2008-12-31"));
    assert_eq!(status(&card, FLOW), Status::Pending);
    assert_eq!(score(&card, FLOW), None);
    // D = 2008-12-31: 5/10.
    assert_eq!(score(&eval(&l, "2008-12-31"), FLOW), s("0.500000"));
}

#[test]
fn window_target_on_track() {
    let l = ledger(&json!({
        "targets": [target(MONTHLY, "2007/2017", "1320"), target(BIENNIAL, "2007/2017", "110")],
        "observations": [
            obs(MONTHLY, "2007-05", "PNC", "100"),
            obs(MONTHLY, "2008-11", "MP", "80"),
            recorded(obs(MONTHLY, "2009-06", "PNC", "20"), "2009-06-30"),
            obs(MONTHLY, "2009-07", "PNC", "500"),   // starts after the dates below
            obs(BIENNIAL, "2008", "GIT", "10")
        ]
    }));
    // D = 2009-06-30: m = 2·12 + 6 = 30 months ended of M = 132.
    // T' = 0 + 1320·30/132 = 300; A = 100 + 80 + 20 = 200; a = 200/300 → 0.666667.
    let card = eval(&l, "2009-06-30");
    let w = item(&card, MONTHLY, "2007/2017", None);
    assert_eq!(w["months_ended"], 30);
    assert_eq!(w["months"], 132);
    assert_eq!(w["on_track_target"], "300.000000");
    assert_eq!(w["value"], "200");
    assert_eq!(w["achievement"], "0.666667");
    // D = 2009-06-29: June has not ended, m = 29; T' = 1320·29/132 = 290; the
    // June value is recorded on 06-30, so invisible: A = 180; 180/290 = 0.62068… → 0.620690.
    let w = item(&eval(&l, "2009-06-29"), MONTHLY, "2007/2017", None);
    assert_eq!(w["months_ended"], 29);
    assert_eq!(w["on_track_target"], "290.000000");
    assert_eq!(w["achievement"], "0.620690");
    // After the window: m = M = 132, T' = T = 1320; A = 100 + 80 + 20 + 500 = 700;
    // 700/1320 = 0.530303…
    let w = item(&eval(&l, "2018-03-31"), MONTHLY, "2007/2017", None);
    assert_eq!(w["months_ended"], 132);
    assert_eq!(w["value"], "700");
    assert_eq!(w["achievement"], "0.530303");
    // Biennial (window targets only), D = 2008-12-31: m = 24; T' = 110·24/132 = 20;
    // A = 10; 10/20 = 0.5.
    assert_eq!(score(&eval(&l, "2008-12-31"), BIENNIAL), s("0.500000"));
}

#[test]
fn window_target_not_scored_before_first_month_ends() {
    let l = ledger(&json!({
        "targets": [target(MONTHLY, "2007/2017", "1320")],
        "observations": [obs(MONTHLY, "2007-01", "PNC", "5")]
    }));
    for d in ["2006-12-31", "2007-01-30"] {
        let card = eval(&l, d);
        let w = item(&card, MONTHLY, "2007/2017", None);
        assert_eq!(w["months_ended"], 0, "{d}");
        assert_eq!(w["achievement"], Value::Null, "{d}");
        assert!(w["note"].as_str().unwrap().contains("no whole month"));
        assert_eq!(status(&card, MONTHLY), Status::Pending, "{d}");
    }
    // D = 2007-01-31: m = 1, T' = 1320/132 = 10; A = 5; 0.5.
    let w = item(&eval(&l, "2007-01-31"), MONTHLY, "2007/2017", None);
    assert_eq!(w["months_ended"], 1);
    assert_eq!(w["on_track_target"], "10.000000");
    assert_eq!(w["achievement"], "0.500000");
}

// ---------------------------------------------------------------------------
// Milestones (MS_MRE: plazo "1 año (2007)", due 2007-12-31)
// ---------------------------------------------------------------------------

#[test]
fn milestone_on_time() {
    let l = ledger(&json!({"milestones": [
        recorded(milestone(MS_MRE, "MRE", "2007-05-01"), "2007-05-02")
    ]}));
    // Achieved before both the due date and D → 1, before the due date too.
    for d in ["2007-06-30", "2007-12-31", "2012-01-01"] {
        let m = milestone_item(&eval(&l, d), MS_MRE);
        assert_eq!(m["state"], "on_time", "{d}");
        assert_eq!(m["achievement"], "1.000000", "{d}");
        assert_eq!(m["due"], "2007-12-31");
        assert_eq!(m["achieved_on"], "2007-05-01");
    }
    // Achieved on the due date itself is on time.
    let l = ledger(&json!({"milestones": [milestone(MS_MRE, "MRE", "2007-12-31")]}));
    assert_eq!(score(&eval(&l, "2008-06-30"), MS_MRE), s("1.000000"));
}

#[test]
fn milestone_late_credit() {
    let l = ledger(&json!({"milestones": [
        recorded(milestone(MS_MRE, "MRE", "2008-03-01"), "2008-03-02")
    ]}));
    // Achieved 2008-03-01, after the due date 2007-12-31: late_credit, default 0.5.
    let card = eval(&l, "2008-12-31");
    assert_eq!(milestone_item(&card, MS_MRE)["state"], "late");
    assert_eq!(score(&card, MS_MRE), s("0.500000"));
    // The credit is config.
    let card = eval_with(&l, "2008-12-31", &config(r#"{"late_credit": "0.25"}"#));
    assert_eq!(score(&card, MS_MRE), s("0.250000"));
    let card = eval_with(&l, "2008-12-31", &config(r#"{"late_credit": 0}"#));
    assert_eq!(score(&card, MS_MRE), s("0.000000"));
    assert_eq!(status(&card, MS_MRE), Status::Scored);
    // D = 2008-03-01: the record (03-02) is not known yet: overdue, 0.
    let m = milestone_item(&eval(&l, "2008-03-01"), MS_MRE);
    assert_eq!(m["state"], "overdue");
    assert_eq!(m["achievement"], "0.000000");
}

#[test]
fn milestone_overdue() {
    let empty = ledger(&json!({}));
    // Not achieved, D after the due date → 0, and the action is overdue.
    let card = eval(&empty, "2008-01-01");
    let m = milestone_item(&card, MS_MRE);
    assert_eq!(m["state"], "overdue");
    assert_eq!(m["achieved_on"], Value::Null);
    assert_eq!(score(&card, MS_MRE), s("0.000000"));
    assert_eq!(status(&card, MS_MRE), Status::Scored);
    assert_eq!(status(&card, "E1.L1.M2.A1"), Status::Overdue);
    assert!(card.overdue_actions().contains(&"E1.L1.M2.A1"));
    // Known from the beginning of time, but achieved after D: not achieved by D.
    let l = ledger(&json!({"milestones": [milestone(MS_MRE, "MRE", "2008-03-01")]}));
    assert_eq!(
        milestone_item(&eval(&l, "2008-02-01"), MS_MRE)["state"],
        "overdue"
    );
}

#[test]
fn milestone_pending() {
    let empty = ledger(&json!({}));
    // Not achieved, D not after the due date: pending, not scored.
    for d in ["2007-06-30", "2007-12-31"] {
        let card = eval(&empty, d);
        let m = milestone_item(&card, MS_MRE);
        assert_eq!(m["state"], "pending", "{d}");
        assert_eq!(m["achievement"], Value::Null, "{d}");
        assert_eq!(status(&card, MS_MRE), Status::Pending);
        assert_eq!(score(&card, MS_MRE), None);
    }
}

// ---------------------------------------------------------------------------
// Indicator and action scores
// ---------------------------------------------------------------------------

#[test]
fn indicator_mean_of_items() {
    let l = ledger(&json!({
        "targets": [
            target(FLOW, "2008", "10"),
            target(FLOW, "2009", "10"),
            target(FLOW, "2010", "10"),
            target(FLOW, "2007/2017", "110")
        ],
        "observations": [obs(FLOW, "2008", "PNC", "5"), obs(FLOW, "2009", "PNC", "10")]
    }));
    let card = eval(&l, "2009-12-31");
    // 2008: 5/10 = 0.5; 2009: 10/10 = 1; 2010: not due (not in the mean);
    // window: m = 36, T' = 110·36/132 = 30, A = 5 + 10 = 15, 15/30 = 0.5.
    // Items in period order: the window (starts 2007), 2008, 2009, 2010.
    assert_eq!(
        achievements(&card, FLOW),
        [s("0.500000"), s("0.500000"), s("1.000000"), None]
    );
    assert_eq!(
        item(&card, FLOW, "2007/2017", None)["achievement"],
        "0.500000"
    );
    assert_eq!(item(&card, FLOW, "2008", None)["achievement"], "0.500000");
    assert_eq!(item(&card, FLOW, "2009", None)["achievement"], "1.000000");
    assert_eq!(item(&card, FLOW, "2010", None)["achievement"], Value::Null);
    // Mean of the three scored items: (0.5 + 1 + 0.5)/3 = 0.6666… → 0.666667.
    assert_eq!(score(&card, FLOW), s("0.666667"));

    // MRE_COUNT's plazo is the single year 2007: its year target (2007) and
    // window target (2007/2007) cover the same months. Their order in the
    // explanation does not depend on the order they were ingested in.
    let year = target(MRE_COUNT, "2007", "4");
    let window = target(MRE_COUNT, "2007/2007", "8");
    let mre = obs(MRE_COUNT, "2007", "MRE", "2");
    let one =
        ledger(&json!({"targets": [year.clone(), window.clone()], "observations": [mre.clone()]}));
    let other = ledger(&json!({"targets": [window, year], "observations": [mre]}));
    let (one, other) = (eval(&one, "2007-12-31"), eval(&other, "2007-12-31"));
    assert_eq!(one.to_json(), other.to_json());
    // 2007: 2/4 = 0.5, first; window: m = M = 12, T' = 8, 2/8 = 0.25. Mean 0.375.
    assert_eq!(
        achievements(&one, MRE_COUNT),
        [s("0.500000"), s("0.250000")]
    );
    assert_eq!(score(&one, MRE_COUNT), s("0.375000"));
}

#[test]
fn indicator_statuses() {
    let l = ledger(&json!({
        "targets": [target(FLOW, "2008", "10"), target(MONTHLY, "2009", "10")],
        "observations": [obs(FLOW, "2008", "PNC", "5")]
    }));
    let card = eval(&l, "2008-12-31");
    let expect = [
        (FLOW, Status::Scored, s("0.500000")),
        (MONTHLY, Status::Pending, None), // a target, not due yet
        (STOCK, Status::NoTarget, None),  // no target: monitoring only
        (TEXT, Status::Text, None),       // never scored
        (MS_2010, Status::Pending, None), // milestone not due yet
    ];
    for (id, st, sc) in expect {
        assert_eq!(status(&card, id), st, "{id}");
        assert_eq!(score(&card, id), sc, "{id}");
        let n = node(&card, id);
        assert_eq!(n["status"], st.as_str());
        if sc.is_none() {
            assert_eq!(n["band"], "none", "{id}");
            assert_eq!(n["coverage"], "0.000000", "{id}");
        } else {
            assert_eq!(n["coverage"], "1.000000", "{id}");
        }
    }
}

#[test]
fn action_weighted_mean() {
    let batch = json!({
        "targets": [target(W1, "2008", "10"), target(W3, "2008", "10")],
        "observations": [obs(W1, "2008", "DGM", "2"), obs(W3, "2008", "DGM", "6")]
    });
    let l = ledger(&batch);
    const ACTION: &str = "E1.L2.M1.A1";
    // W1 = 2/10 = 0.2 (weight 1), W3 = 6/10 = 0.6 (weight 3 in the plan):
    // (0.2·1 + 0.6·3)/(1 + 3) = 2.0/4 = 0.5.
    let card = eval(&l, "2008-12-31");
    assert_eq!(score(&card, ACTION), s("0.500000"));
    let Some(Explanation::Children { children }) = card.explain(ACTION) else {
        panic!("an action explains itself by its children");
    };
    let weights: Vec<String> = children.iter().map(|c| c.weight.to_string()).collect();
    assert_eq!(weights, ["1", "3"]);
    // Config weights override the plan's: W3 → 1: (0.2 + 0.6)/2 = 0.4.
    let card = eval_with(
        &l,
        "2008-12-31",
        &config(&format!(r#"{{"weights": {{"{W3}": "1"}}}}"#)),
    );
    assert_eq!(score(&card, ACTION), s("0.400000"));
    // W1 → 0: (0.2·0 + 0.6·3)/3 = 0.6.
    let card = eval_with(
        &l,
        "2008-12-31",
        &config(&format!(r#"{{"weights": {{"{W1}": 0}}}}"#)),
    );
    assert_eq!(score(&card, ACTION), s("0.600000"));
    // Every weight 0: no score.
    let both = format!(r#"{{"weights": {{"{W1}": 0, "{W3}": 0}}}}"#);
    assert_eq!(
        score(&eval_with(&l, "2008-12-31", &config(&both)), ACTION),
        None
    );
    // An indicator without a score is left out of the mean: W3 alone → 0.6.
    let l = ledger(&json!({
        "targets": [target(W3, "2008", "10")],
        "observations": [obs(W3, "2008", "DGM", "6")]
    }));
    assert_eq!(score(&eval(&l, "2008-12-31"), ACTION), s("0.600000"));
}

// ---------------------------------------------------------------------------
// Action status (first that applies: not_started, overdue, completed, in_progress)
// ---------------------------------------------------------------------------

#[test]
fn action_status_not_started() {
    // E1.L2.M1.A2's only plazo is 2008-2010.
    let empty = ledger(&json!({}));
    assert_eq!(
        status(&eval(&empty, "2007-12-31"), "E1.L2.M1.A2"),
        Status::NotStarted
    );
    assert_eq!(
        status(&eval(&empty, "2008-01-01"), "E1.L2.M1.A2"),
        Status::InProgress
    );
    // E1.L1.M1.A1 has plazos from 2007: before 2007 it has not started.
    assert_eq!(
        status(&eval(&empty, "2006-12-31"), "E1.L1.M1.A1"),
        Status::NotStarted
    );
}

#[test]
fn action_status_overdue() {
    let empty = ledger(&json!({}));
    // E1.L1.M2.A1: its milestone (due 2007-12-31) is not achieved on 2008-01-01.
    // Its plazo has ended too, but overdue comes before completed.
    let card = eval(&empty, "2008-01-01");
    assert_eq!(status(&card, "E1.L1.M2.A1"), Status::Overdue);
    assert_eq!(node(&card, "E1.L1.M2.A1")["status"], "overdue");
    // E1.L2.M1.A2: milestone due 2010-12-31.
    assert_eq!(
        status(&eval(&empty, "2011-01-01"), "E1.L2.M1.A2"),
        Status::Overdue
    );
    // A late milestone is overdue until it is achieved.
    let l = ledger(&json!({"milestones": [milestone(MS_MRE, "MRE", "2008-03-01")]}));
    assert_eq!(
        status(&eval(&l, "2008-02-29"), "E1.L1.M2.A1"),
        Status::Overdue
    );
}

#[test]
fn action_status_completed() {
    let l = ledger(&json!({"milestones": [milestone(MS_MRE, "MRE", "2007-06-01")]}));
    // Every plazo's end (2007-12-31) ≤ D and the milestone achieved.
    assert_eq!(
        status(&eval(&l, "2007-12-31"), "E1.L1.M2.A1"),
        Status::Completed
    );
    assert_eq!(
        status(&eval(&l, "2007-12-30"), "E1.L1.M2.A1"),
        Status::InProgress
    );
    // A late milestone, once achieved, completes the action.
    let l = ledger(&json!({"milestones": [milestone(MS_MRE, "MRE", "2008-03-01")]}));
    assert_eq!(
        status(&eval(&l, "2008-03-01"), "E1.L1.M2.A1"),
        Status::Completed
    );
    // An action without milestones completes when its plazos end (2017).
    let empty = ledger(&json!({}));
    assert_eq!(
        status(&eval(&empty, "2017-12-31"), "E1.L2.M1.A1"),
        Status::Completed
    );
    assert_eq!(
        status(&eval(&empty, "2017-12-30"), "E1.L2.M1.A1"),
        Status::InProgress
    );
}

#[test]
fn action_status_in_progress() {
    let empty = ledger(&json!({}));
    assert_eq!(
        status(&eval(&empty, "2007-06-30"), "E1.L1.M2.A1"),
        Status::InProgress
    );
    // D = the due date, milestone not achieved: pending, not overdue, and not
    // completed either (not every milestone is achieved).
    assert_eq!(
        status(&eval(&empty, "2007-12-31"), "E1.L1.M2.A1"),
        Status::InProgress
    );
    // E1.L1.M1.A1: its 2007 milestone is achieved, its 2007-2017 plazo runs on.
    let l = ledger(&json!({"milestones": [milestone(MS_A1, "PNC", "2007-10-01")]}));
    assert_eq!(
        status(&eval(&l, "2009-06-30"), "E1.L1.M1.A1"),
        Status::InProgress
    );
}

// ---------------------------------------------------------------------------
// Roll-up, rounding, entity scorecards, bands
// ---------------------------------------------------------------------------

/// A ledger that scores three of the five actions, as of 2008-12-31:
/// - E1.L1.M1.A1 = mean(FLOW 8/10 = 0.8, MS_A1 on time = 1) = 0.9
/// - E1.L1.M1.A2 = none (no target)
/// - E1.L1.M2.A1 = mean(MS_MRE overdue = 0, MRE_COUNT 3/4 = 0.75) = 0.375 (overdue)
/// - E1.L2.M1.A1 = W1 1/10 = 0.1 (W3 has no target)
/// - E1.L2.M1.A2 = none (no target; its milestone is due 2010)
fn rollup_ledger() -> Ledger {
    ledger(&json!({
        "targets": [
            target(FLOW, "2008", "10"),
            target(MRE_COUNT, "2007", "4"),
            target(W1, "2008", "10")
        ],
        "observations": [
            obs(FLOW, "2008", "PNC", "8"),
            obs(MRE_COUNT, "2007", "MRE", "3"),
            obs(W1, "2008", "DGM", "1")
        ],
        "milestones": [milestone(MS_A1, "PNC", "2007-10-01")]
    }))
}

#[test]
fn rollup_equal_weight_means_and_coverage() {
    let card = eval(&rollup_ledger(), "2008-12-31");
    let expect = [
        // id, score, coverage (scored actions / actions beneath)
        ("E1.L1.M1.A1", s("0.900000"), "1.000000"),
        ("E1.L1.M1.A2", None, "0.000000"),
        ("E1.L1.M2.A1", s("0.375000"), "1.000000"),
        ("E1.L2.M1.A1", s("0.100000"), "1.000000"),
        ("E1.L2.M1.A2", None, "0.000000"),
        // goal E1.L1.M1: only A1 has a score: 0.9; 1 of 2 actions.
        ("E1.L1.M1", s("0.900000"), "0.500000"),
        ("E1.L1.M2", s("0.375000"), "1.000000"),
        ("E1.L2.M1", s("0.100000"), "0.500000"),
        // line E1.L1: (0.9 + 0.375)/2 = 0.6375 (equal weight per goal, not per
        // action); 2 of 3 actions = 0.666667.
        ("E1.L1", s("0.637500"), "0.666667"),
        ("E1.L2", s("0.100000"), "0.500000"),
        // axis: (0.6375 + 0.1)/2 = 0.36875 (an action-weighted mean would give
        // (0.9 + 0.375 + 0.1)/3 = 0.458333); 3 of 5 actions.
        ("E1", s("0.368750"), "0.600000"),
        (PLAN_ID, s("0.368750"), "0.600000"),
    ];
    for (id, sc, coverage) in expect {
        assert_eq!(score(&card, id), sc, "{id}");
        assert_eq!(node(&card, id)["coverage"], coverage, "{id}");
    }
    assert_eq!(card.plan_node().id, PLAN_ID);
    // Typed values carry the same 6 decimals as the JSON.
    assert_eq!(
        card.node("E1.L1.M1.A1").unwrap().coverage.to_string(),
        "1.000000"
    );
    assert_eq!(
        card.node("E1.L1.M1.A2").unwrap().coverage.to_string(),
        "0.000000"
    );
    assert_eq!(card.node(FLOW).unwrap().coverage.to_string(), "1.000000");
    for id in ["E1.L1.M1", "E1.L1", "E1", PLAN_ID] {
        assert_eq!(status(&card, id), Status::Scored);
    }
    assert_eq!(band(&card, "E1.L1.M1"), Band::Green);
    assert_eq!(band(&card, "E1.L1"), Band::Yellow);
    assert_eq!(band(&card, "E1"), Band::Red);
    assert_eq!(band(&card, "E1.L1.M1.A2"), Band::None);

    // Weights are config at every level: line E1.L1 weighs 3 in its axis:
    // (0.6375·3 + 0.1·1)/4 = 2.0125/4 = 0.503125.
    let card = eval_with(
        &rollup_ledger(),
        "2008-12-31",
        &config(r#"{"weights": {"E1.L1": "3"}}"#),
    );
    assert_eq!(score(&card, "E1"), s("0.503125"));
    assert_eq!(score(&card, PLAN_ID), s("0.503125"));
    // Goal E1.L1.M2 weighs 0 in its line: E1.L1 = 0.9, E1 = (0.9 + 0.1)/2 = 0.5.
    let card = eval_with(
        &rollup_ledger(),
        "2008-12-31",
        &config(r#"{"weights": {"E1.L1.M2": 0}}"#),
    );
    assert_eq!(score(&card, "E1.L1"), s("0.900000"));
    assert_eq!(score(&card, "E1"), s("0.500000"));

    // Nothing scored: no score anywhere, pending, coverage 0.
    let card = eval(&ledger(&json!({})), "2007-06-30");
    for id in ["E1.L1.M1", "E1.L1", "E1", PLAN_ID] {
        let n = node(&card, id);
        assert_eq!(n["score"], Value::Null, "{id}");
        assert_eq!(n["band"], "none", "{id}");
        assert_eq!(n["status"], "pending", "{id}");
        assert_eq!(n["coverage"], "0.000000", "{id}");
    }
}

#[test]
fn rounding_6dp_half_away_from_zero_at_each_node() {
    let l = ledger(&json!({
        "targets": [
            target(W1, "2008", "2000000"),
            target(W1, "2009", "10"),
            target(W3, "2008", "10")
        ],
        "observations": [
            obs(W1, "2008", "DGM", "1"),
            obs(W1, "2009", "DGM", "0"),
            obs(W3, "2008", "DGM", "0")
        ]
    }));
    // W3 weighs 1 (not the plan's 3) so that every mean halves.
    let card = eval_with(
        &l,
        "2009-12-31",
        &config(&format!(r#"{{"weights": {{"{W3}": 1}}}}"#)),
    );
    // Item: 1/2000000 = 0.0000005 → 0.000001 (half away from zero; half to
    // even would give 0.000000).
    assert_eq!(item(&card, W1, "2008", None)["achievement"], "0.000001");
    // Indicator: (0.000001 + 0)/2 = 0.0000005 → 0.000001.
    assert_eq!(score(&card, W1), s("0.000001"));
    // Action: (0.000001 + 0)/2 = 0.0000005 → 0.000001. Rounding once, at the
    // end, would give ((0.0000005 + 0)/2 + 0)/2 = 0.000000125 → 0.000000.
    assert_eq!(score(&card, "E1.L2.M1.A1"), s("0.000001"));
    // Goal and line: the only scored child: 0.000001.
    assert_eq!(score(&card, "E1.L2.M1"), s("0.000001"));
    assert_eq!(score(&card, "E1.L2"), s("0.000001"));
    // Line E1.L1: both milestones overdue (0), so 0; axis: (0 + 0.000001)/2 =
    // 0.0000005 → 0.000001; the plan likewise.
    assert_eq!(score(&card, "E1.L1"), s("0.000000"));
    assert_eq!(score(&card, "E1"), s("0.000001"));
    assert_eq!(score(&card, PLAN_ID), s("0.000001"));

    // 5/2000000 = 0.0000025 → 0.000003 (half to even: 0.000002).
    let l = ledger(&json!({
        "targets": [target(FLOW, "2008", "2000000")],
        "observations": [obs(FLOW, "2008", "PNC", "5")]
    }));
    assert_eq!(score(&eval(&l, "2008-12-31"), FLOW), s("0.000003"));

    // Shown as a percentage with 2 decimals, half away from zero.
    let pct = |text: &str| {
        seguimiento::Score::new(text.parse().unwrap())
            .unwrap()
            .percent()
    };
    assert_eq!(pct("0.734512"), "73.45 %");
    assert_eq!(pct("0.000050"), "0.01 %");
    assert_eq!(pct("0.368750"), "36.88 %");
    assert_eq!(pct("1.000000"), "100.00 %");
}

/// code, score, actions, scored actions, overdue actions.
type EntityRow = (String, Option<String>, usize, usize, Vec<String>);

#[test]
fn entity_scorecard_covers_dependencies() {
    let card = eval(&rollup_ledger(), "2008-12-31");
    let rows: Vec<EntityRow> = card
        .entities
        .iter()
        .map(|e| {
            (
                e.code.clone(),
                e.score.map(|s| s.to_string()),
                e.actions,
                e.scored_actions,
                e.overdue.clone(),
            )
        })
        .collect();
    let row = |code: &str, sc: Option<&str>, actions, scored, overdue: &[&str]| {
        (
            code.to_string(),
            sc.map(String::from),
            actions,
            scored,
            overdue.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        rows,
        [
            // MRE: E1.L1.M2.A1 (0.375, overdue).
            row("MRE", Some("0.375000"), 1, 1, &["E1.L1.M2.A1"]),
            // MINGOB: through PNC and DGM, E1.L1.M1.A1 (0.9) and E1.L2.M1.A1 (0.1): 0.5.
            row("MINGOB", Some("0.500000"), 2, 2, &[]),
            // PNC: E1.L1.M1.A1 only.
            row("PNC", Some("0.900000"), 1, 1, &[]),
            // DGM: E1.L1.M1.A1 and E1.L2.M1.A1: (0.9 + 0.1)/2.
            row("DGM", Some("0.500000"), 2, 2, &[]),
            // MP: E1.L1.M1.A1 (0.9) and E1.L2.M1.A2 (no score): 0.9.
            row("MP", Some("0.900000"), 2, 1, &[]),
            // GIT: E1.L1.M1.A2, no score.
            row("GIT", None, 1, 0, &[]),
        ]
    );
    assert_eq!(card.entity("mingob").unwrap().band, Band::Red);
    assert_eq!(card.entity("PNC").unwrap().band, Band::Green);
    assert_eq!(card.entity("GIT").unwrap().band, Band::None);
}

#[test]
fn band_thresholds() {
    let million = |id: &str| target(id, "2008", "1000000");
    let l = ledger(&json!({
        "targets": [million(FLOW), million(W1), million(W3), million(LATE)],
        "observations": [
            obs(FLOW, "2008", "PNC", "900000"),   // 0.900000
            obs(W1, "2008", "DGM", "899999"),     // 0.899999
            obs(W3, "2008", "DGM", "600000"),     // 0.600000
            obs(LATE, "2008", "MP", "599999")     // 0.599999
        ]
    }));
    let card = eval(&l, "2008-12-31");
    let bands = |card: &Scorecard| [FLOW, W1, W3, LATE, STOCK].map(|id| band(card, id));
    assert_eq!(score(&card, W1), s("0.899999"));
    // Defaults: green ≥ 0.90, yellow ≥ 0.60, else red; none without a score.
    assert_eq!(
        bands(&card),
        [
            Band::Green,
            Band::Yellow,
            Band::Yellow,
            Band::Red,
            Band::None
        ]
    );
    assert_eq!(node(&card, FLOW)["band"], "green");
    // Thresholds are config.
    let card = eval_with(
        &l,
        "2008-12-31",
        &config(r#"{"green": "0.95", "yellow": "0.5"}"#),
    );
    assert_eq!(
        bands(&card),
        [
            Band::Yellow,
            Band::Yellow,
            Band::Yellow,
            Band::Yellow,
            Band::None
        ]
    );
    let card = eval_with(
        &l,
        "2008-12-31",
        &config(r#"{"green": "0.899999", "yellow": "0.600001"}"#),
    );
    assert_eq!(
        bands(&card),
        [Band::Green, Band::Green, Band::Red, Band::Red, Band::None]
    );
}

// ---------------------------------------------------------------------------
// Reporting compliance
// ---------------------------------------------------------------------------

fn submission(entity: &str, kind: &str, period: &str, on: &str) -> Value {
    json!({"entity": entity, "kind": kind, "period": period, "submitted_on": on})
}

fn obligation(entity: &str, kind: &str, from: i32, to: i32) -> Value {
    json!({"entity": entity, "kind": kind, "from": from, "to": to})
}

#[test]
fn reporting_compliance() {
    let mp = |period: &str, on: &str| submission("MP", "monthly", period, on);
    let l = ledger(&json!({
        "obligations": [
            obligation("MP", "monthly", 2008, 2008),
            obligation("MP", "monthly", 2008, 2009),   // overlaps: 2008 counts once
            obligation("PNC", "annual", 2007, 2009),
            obligation("DGM", "semiannual", 2010, 2010) // nothing due yet: no row
        ],
        "submissions": [
            mp("2008-01", "2008-02-15"),   // due 01-31 + 30 d = 03-01: on time
            mp("2008-02", "2008-03-30"),   // due 02-29 + 30 d = 03-30: on time (on the day)
            mp("2008-03", "2008-05-10"),   // late, but…
            mp("2008-03", "2008-04-10"),   // …the earliest decides: due 04-30, on time
            mp("2008-04", "2008-05-31"),   // due 05-30: late
            mp("2008-05", "2008-06-20"),   // due 06-30: on time
            mp("2008-06", "2009-01-15"),   // after D: missing
            mp("2008-07", "2008-12-31"),   // due 08-30, submitted on D: late
            mp("2008-12", "2008-12-31"),   // due 2009-01-30 > D: not expected yet
            submission("PNC", "annual", "2007", "2008-01-30")  // due 2008-01-30: on time
        ]
    }));
    let card = eval(&l, "2008-12-31");
    let rows: Vec<Value> = card.reporting.iter().map(to_value).collect();
    // MP monthly: expected 2008-01…2008-11 (11; 2008-12 is due 2009-01-30);
    // on time 01, 02, 03, 05 = 4; late 04, 07 = 2; missing 06, 08, 09, 10, 11 = 5.
    // rate (4 + 2)/11 = 0.545454… → 0.545455; timeliness 4/11 = 0.363636….
    // PNC annual: expected 2007 only (2008 is due 2009-01-30): 1 on time.
    assert_eq!(
        rows,
        [
            json!({"entity": "PNC", "kind": "annual", "expected": 1, "on_time": 1, "late": 0,
                   "missing": 0, "rate": "1.000000", "timeliness": "1.000000",
                   "missing_periods": []}),
            json!({"entity": "MP", "kind": "monthly", "expected": 11, "on_time": 4, "late": 2,
                   "missing": 5, "rate": "0.545455", "timeliness": "0.363636",
                   "missing_periods": ["2008-06", "2008-08", "2008-09", "2008-10", "2008-11"]}),
        ]
    );

    // The detail: one row per expected report, by the same grace rule
    // (due = period end + 30 days), in the summary's order, then by period.
    let detail = card.table(card_plan(&l), ScorecardTable::ReportingDetail);
    let rows: Vec<String> = detail
        .rows()
        .map(|r| {
            [
                "entity",
                "kind",
                "period",
                "due_on",
                "submitted_on",
                "status",
                "days_late",
            ]
            .map(|c| r.get(c).map(|v| v.to_string()).unwrap_or_default())
            .join(" ")
        })
        .collect();
    assert_eq!(
        rows,
        [
            "PNC annual 2007 2008-01-30 2008-01-30 on_time 0",
            "MP monthly 2008-01 2008-03-01 2008-02-15 on_time 0",
            "MP monthly 2008-02 2008-03-30 2008-03-30 on_time 0",
            "MP monthly 2008-03 2008-04-30 2008-04-10 on_time 0",
            // 05-31 is a day after 05-30.
            "MP monthly 2008-04 2008-05-30 2008-05-31 late 1",
            "MP monthly 2008-05 2008-06-30 2008-06-20 on_time 0",
            // Submitted after D: missing, 07-30 to 12-31 = 154 days so far.
            "MP monthly 2008-06 2008-07-30  missing 154",
            // 08-30 to 12-31: 123 days.
            "MP monthly 2008-07 2008-08-30 2008-12-31 late 123",
            "MP monthly 2008-08 2008-09-30  missing 92",
            "MP monthly 2008-09 2008-10-30  missing 62",
            "MP monthly 2008-10 2008-11-30  missing 31",
            "MP monthly 2008-11 2008-12-30  missing 1",
        ]
    );
    // Each summary row counts its detail rows.
    for r in &card.reporting {
        let of = |status: ReportStatus| {
            card.reporting_detail
                .iter()
                .filter(|d| d.entity == r.entity && d.kind == r.kind && d.status == status)
                .count()
        };
        assert_eq!(
            (
                of(ReportStatus::OnTime),
                of(ReportStatus::Late),
                of(ReportStatus::Missing)
            ),
            (r.on_time, r.late, r.missing)
        );
    }

    // grace_days 0: due on the period's last day.
    let card = eval_with(&l, "2008-12-31", &config(r#"{"grace_days": 0}"#));
    let pnc = &card.reporting[0];
    // PNC: 2007 (due 2007-12-31, submitted 2008-01-30: late) and 2008 (missing).
    assert_eq!(
        (
            pnc.entity.as_str(),
            pnc.expected,
            pnc.on_time,
            pnc.late,
            pnc.missing
        ),
        ("PNC", 2, 0, 1, 1)
    );
    assert_eq!(
        (pnc.rate.to_string(), pnc.timeliness.to_string()),
        ("0.500000".into(), "0.000000".into())
    );
    // MP: all 12 months due; only 2008-12 (submitted on its last day) on time;
    // 01, 02, 03, 04, 05, 07 late; 06, 08-11 missing. 7/12 = 0.583333…, 1/12 = 0.083333….
    let mp = &card.reporting[1];
    assert_eq!(
        (mp.expected, mp.on_time, mp.late, mp.missing),
        (12, 1, 6, 5)
    );
    assert_eq!(
        (mp.rate.to_string(), mp.timeliness.to_string()),
        ("0.583333".into(), "0.083333".into())
    );

    // Before anything is due: no rows at all.
    assert!(eval(&l, "2008-01-29").reporting.is_empty());
}

// ---------------------------------------------------------------------------
// Social audit and consistency
// ---------------------------------------------------------------------------

fn verification(record: Value) -> Value {
    with(record, "source", "verification")
}

#[test]
fn social_audit_discrepancy() {
    let official = json!({
        "targets": [target(FLOW, "2008", "300"), target(W1, "2008", "10")],
        "observations": [
            obs(FLOW, "2008", "PNC", "100"),
            cell(FLOW, "2008", "PNC", "sexo", "mujer", "40"),
            cell(FLOW, "2008", "PNC", "sexo", "hombre", "60"),
            obs(FLOW, "2008", "MP", "100"),
            obs(AMOUNT, "2008", "MRE", "0"),
            obs(AMOUNT, "2008", "MP", "0")
        ]
    });
    let audit = json!({"observations": [
        verification(obs(FLOW, "2008", "PNC", "111")),                  // |11| > 10% of 100: listed
        verification(cell(FLOW, "2008", "PNC", "sexo", "mujer", "50")), // |10| > 4: listed
        verification(cell(FLOW, "2008", "PNC", "sexo", "hombre", "60")),// equal
        verification(obs(FLOW, "2008", "MP", "110")),                   // |10| = 10: within
        verification(obs(FLOW, "2008", "MINGOB", "500")),               // no official value
        verification(obs(AMOUNT, "2008", "MRE", "0.11")),               // official 0: of 1, 0.11 > 0.1
        verification(obs(AMOUNT, "2008", "MP", "0.10")),                // 0.10 = 0.1: within
        verification(obs(W1, "2008", "DGM", "10"))                      // verification only
    ]});
    let mut l = ledger(&official);
    let before = eval(&l, "2008-12-31");
    ingest(&mut l, &audit);
    let card = eval(&l, "2008-12-31");
    let found: Vec<Value> = card.discrepancies.iter().map(to_value).collect();
    assert_eq!(
        found,
        [
            json!({"indicator": FLOW, "period": "2008", "entity": "PNC",
                   "official": "100", "verification": "111"}),
            json!({"indicator": FLOW, "period": "2008", "entity": "PNC", "cell": {"sexo": "mujer"},
                   "official": "40", "verification": "50"}),
            json!({"indicator": AMOUNT, "period": "2008", "entity": "MRE",
                   "official": "0", "verification": "0.11"}),
        ]
    );
    // Verification never changes a score: FLOW = (100 + 100)/300 → 0.666667
    // either way, W1 (verification data only) has no data: 0.
    assert_eq!(score(&card, FLOW), s("0.666667"));
    assert_eq!(score(&card, W1), s("0.000000"));
    assert_eq!(to_value(&card.nodes), to_value(&before.nodes));
    assert_eq!(to_value(&card.entities), to_value(&before.entities));

    // The tolerance is config: at 20 %, only the cell (|10| > 8) is listed.
    let card = eval_with(&l, "2008-12-31", &config(r#"{"tolerance": "0.2"}"#));
    assert_eq!(card.discrepancies.len(), 1);
    assert_eq!(
        card.discrepancies[0].cell.get("sexo").map(String::as_str),
        Some("mujer")
    );

    // A tolerance so large that tolerance × official overflows allows any difference.
    let huge = ledger(&json!({"observations": [
        obs(AMOUNT, "2008", "MRE", "1000000000000000000000000000"),
        verification(obs(AMOUNT, "2008", "MRE", "1"))
    ]}));
    assert_eq!(eval(&huge, "2008-12-31").discrepancies.len(), 1);
    let card = eval_with(&huge, "2008-12-31", &config(r#"{"tolerance": "1000"}"#));
    assert!(card.discrepancies.is_empty());
}

#[test]
fn consistency_note_total_vs_cells() {
    let mut l = ledger(&json!({
        "targets": [target(FLOW, "2008", "48")],
        "observations": [
            obs(FLOW, "2008", "PNC", "10"),
            cell(FLOW, "2008", "PNC", "sexo", "mujer", "4"),
            cell(FLOW, "2008", "PNC", "sexo", "hombre", "5"),   // 4 + 5 = 9 ≠ 10: noted
            obs(FLOW, "2008", "MP", "9"),
            cell(FLOW, "2008", "MP", "sexo", "mujer", "4"),
            cell(FLOW, "2008", "MP", "sexo", "hombre", "5"),    // 9 = 9
            cell(FLOW, "2008", "DGM", "sexo", "mujer", "2"),    // cells only
            cell(FLOW, "2008", "DGM", "sexo", "hombre", "3"),
            obs(PCT, "2008", "PNC", "50"),
            cell(PCT, "2008", "PNC", "sexo", "mujer", "40"),    // percentages do not add up
            cell(PCT, "2008", "PNC", "sexo", "hombre", "70")
        ]
    }));
    let card = eval(&l, "2009-01-31");
    assert_eq!(
        to_value(&card.consistency),
        json!([{"indicator": FLOW, "period": "2008", "entity": "PNC",
                "total": "10", "cells_sum": "9", "cells": 2}])
    );
    // The total is what counts: A = 10 + 9 + (2 + 3) = 24; 24/48 = 0.5.
    assert_eq!(item(&card, FLOW, "2008", None)["value"], "24");
    assert_eq!(score(&card, FLOW), s("0.500000"));
    // A revised cell that makes the cells add up clears the note from its date on.
    ingest(
        &mut l,
        &json!({"observations": [
            recorded(cell(FLOW, "2008", "PNC", "sexo", "hombre", "6"), "2009-02-01")
        ]}),
    );
    assert_eq!(eval(&l, "2009-01-31").consistency.len(), 1);
    assert!(eval(&l, "2009-02-01").consistency.is_empty());
}

// ---------------------------------------------------------------------------
// Explanations and the JSON
// ---------------------------------------------------------------------------

#[test]
fn explanation_inputs() {
    let l = ledger(&json!({
        "targets": [with(target(MONTHLY, "2007/2017", "144"), "baseline", "12")],
        "observations": [obs(MONTHLY, "2007-03", "PNC", "20"), obs(MONTHLY, "2009-06", "MP", "17")],
        "milestones": [milestone(MS_MRE, "MRE", "2008-02-01")]
    }));
    let card = eval(&l, "2009-06-30");
    // Window target: B = 12, T = 144, m = 30 of M = 132,
    // T' = 12 + (144 − 12)·30/132 = 42, A = 20 + 17 = 37,
    // a = (37 − 12)/(42 − 12) = 25/30 = 0.8333… → 0.833333.
    let expl: Value = serde_json::from_str(&card.explain(MONTHLY).unwrap().to_json()).unwrap();
    assert_eq!(expl["kind"], "indicator");
    let w = &expl["items"][0];
    assert_eq!(w["kind"], "target");
    assert_eq!(w["period"], "2007/2017");
    assert_eq!(w["baseline"], "12");
    assert_eq!(w["target"], "144");
    assert_eq!(w["months_ended"], 30);
    assert_eq!(w["months"], 132);
    assert_eq!(w["on_track_target"], "42.000000");
    assert_eq!(w["value"], "37");
    assert_eq!(w["achievement"], "0.833333");
    // Milestone: its dates and state (due 2007-12-31, achieved 2008-02-01: late).
    let m = milestone_item(&card, MS_MRE);
    assert_eq!(
        m,
        json!({"kind": "milestone", "due": "2007-12-31", "achieved_on": "2008-02-01",
               "state": "late", "achievement": "0.500000"})
    );
    // Action: its children with their scores and weights. MS_A1 (due
    // 2007-12-31, no record) is overdue: 0; the action is (0.833333 + 0)/2 =
    // 0.4166665 → 0.416667.
    let action = to_value(card.explain("E1.L1.M1.A1").unwrap());
    assert_eq!(
        action,
        json!({"kind": "children", "children": [
            {"id": FLOW, "score": null, "weight": "1"},
            {"id": MONTHLY, "score": "0.833333", "weight": "1"},
            {"id": STOCK, "score": null, "weight": "1"},
            {"id": PCT, "score": null, "weight": "1"},
            {"id": MS_A1, "score": "0.000000", "weight": "1"}
        ]})
    );
    assert_eq!(score(&card, "E1.L1.M1.A1"), s("0.416667"));
    // A goal: its actions.
    let goal = to_value(card.explain("E1.L1.M1").unwrap());
    assert_eq!(
        goal["children"],
        json!([{"id": "E1.L1.M1.A1", "score": "0.416667", "weight": "1"},
               {"id": "E1.L1.M1.A2", "score": null, "weight": "1"}])
    );
    assert!(card.explain("E9").is_none());
}

/// A ledger with something in every section of the scorecard.
fn full_ledger() -> Ledger {
    let mut l = rollup_ledger();
    ingest(
        &mut l,
        &json!({
            "observations": [verification(obs(FLOW, "2008", "PNC", "20"))],
            "obligations": [obligation("MP", "monthly", 2008, 2008)],
            "submissions": [submission("MP", "monthly", "2008-01", "2008-02-01")]
        }),
    );
    l
}

fn is_score_text(v: &Value) -> bool {
    v.as_str().is_some_and(|t| {
        let b = t.as_bytes();
        t.len() == 8
            && (b[0] == b'0' || t == "1.000000")
            && b[1] == b'.'
            && b[2..].iter().all(u8::is_ascii_digit)
    })
}

#[test]
fn scorecard_json_shape() {
    let card = eval(&full_ledger(), "2008-12-31");
    let json: Value = serde_json::from_str(&card.to_json()).unwrap();
    assert_eq!(json["as_of"], "2008-12-31");

    // nodes: the plan first, then each parent before its children, in reading order.
    let nodes = json["nodes"].as_array().unwrap();
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    let mut expected = vec![PLAN_ID, "E1", "E1.L1", "E1.L1.M1", "E1.L1.M1.A1"];
    let a111 = ["I1", "I2", "I3", "I4", "I5"].map(|i| format!("E1.L1.M1.A1.{i}"));
    let a112 = ["I1", "I2", "I3", "I4", "I5"].map(|i| format!("E1.L1.M1.A2.{i}"));
    expected.extend(a111.iter().map(String::as_str));
    expected.push("E1.L1.M1.A2");
    expected.extend(a112.iter().map(String::as_str));
    expected.extend([
        "E1.L1.M2",
        "E1.L1.M2.A1",
        MS_MRE,
        MRE_COUNT,
        "E1.L2",
        "E1.L2.M1",
        "E1.L2.M1.A1",
        W1,
        W3,
        "E1.L2.M1.A2",
        LATE,
        MS_2010,
    ]);
    assert_eq!(ids, expected);
    let levels: Vec<&str> = nodes.iter().map(|n| n["level"].as_str().unwrap()).collect();
    assert_eq!(&levels[..5], ["plan", "axis", "line", "goal", "action"]);
    assert_eq!(levels[5], "indicator");
    for n in nodes {
        assert!(["plan", "axis", "line", "goal", "action", "indicator"]
            .contains(&n["level"].as_str().unwrap()));
        assert!(n["score"].is_null() || is_score_text(&n["score"]), "{n}");
        assert!(is_score_text(&n["coverage"]), "{n}");
        let b = n["band"].as_str().unwrap();
        assert!(["green", "yellow", "red", "none"].contains(&b));
        assert_eq!(b == "none", n["score"].is_null());
        let st = n["status"].as_str().unwrap();
        assert!([
            "scored",
            "pending",
            "no_target",
            "text",
            "not_started",
            "overdue",
            "completed",
            "in_progress"
        ]
        .contains(&st));
    }
    assert_eq!(nodes[0]["score"], "0.368750");

    // entities
    let mre = &json["entities"][0];
    assert_eq!(mre["code"], "MRE");
    assert_eq!(mre["score"], "0.375000");
    assert_eq!(mre["actions"], 1);
    assert_eq!(mre["overdue"], json!(["E1.L1.M2.A1"]));
    for e in json["entities"].as_array().unwrap() {
        assert!(e["score"].is_null() || is_score_text(&e["score"]));
        assert!(e["actions"].is_u64() && e["overdue"].is_array());
    }

    // reporting: 2008-01…2008-11 expected, one on time.
    let r = &json["reporting"][0];
    for (field, value) in [
        ("entity", json!("MP")),
        ("kind", json!("monthly")),
        ("expected", json!(11)),
        ("on_time", json!(1)),
        ("late", json!(0)),
        ("missing", json!(10)),
        ("rate", json!("0.090909")),
        ("timeliness", json!("0.090909")),
    ] {
        assert_eq!(r[field], value, "{field}");
    }

    // discrepancies
    assert_eq!(
        json["discrepancies"][0],
        json!({"indicator": FLOW, "period": "2008", "entity": "PNC", "official": "8", "verification": "20"})
    );
}

#[test]
fn json_deterministic() {
    let batch = serde_json::from_str::<Value>(&full_ledger().to_json()).unwrap();
    let first = eval(&ledger(&batch), "2008-12-31").to_json();
    let l = ledger(&batch);
    for _ in 0..3 {
        assert_eq!(eval(&l, "2008-12-31").to_json(), first);
    }
    // The same plan loaded again (another instance) gives the same bytes.
    let other = Plan::from_json(&plan_json().to_string()).unwrap();
    let card = evaluate(&other, &l, date("2008-12-31"), &Config::default()).unwrap();
    assert_eq!(card.to_json(), first);
    assert!(first.ends_with('\n'));
}

#[test]
fn plan_mismatch_error() {
    let mut on_embedded = Ledger::new(embedded());
    on_embedded
        .ingest_json(
            r#"{"targets": [{"indicator": "E1.L1.M2.A2.I3", "period": "2008", "value": "10"}]}"#,
            Mode::Strict,
        )
        .unwrap();
    let err = evaluate(
        &plan(),
        &on_embedded,
        date("2008-12-31"),
        &Config::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        EvaluateError::PlanMismatch {
            plan: PLAN_ID.into(),
            ledger_plan: "PAE-TRATA-2007-2017".into()
        }
    );
    let text = err.to_string();
    assert!(
        text.contains(PLAN_ID) && text.contains("PAE-TRATA-2007-2017"),
        "{text}"
    );
    // An equal plan (same document, another instance) is the same plan.
    let again = Arc::new(Plan::embedded());
    assert!(evaluate(&again, &on_embedded, date("2008-12-31"), &Config::default()).is_ok());
}

#[test]
fn config_validation() {
    let cases = [
        (r#"{"late_credit": "1.5"}"#, "late_credit", "outside [0, 1]"),
        (r#"{"late_credit": -0.1}"#, "late_credit", "outside [0, 1]"),
        (r#"{"late_credit": "abc"}"#, "late_credit", "not a number"),
        (r#"{"green": "1.2"}"#, "green", "outside [0, 1]"),
        (r#"{"yellow": "-1"}"#, "yellow", "outside [0, 1]"),
        (
            r#"{"green": "0.5", "yellow": "0.6"}"#,
            "yellow",
            "above green",
        ),
        (r#"{"tolerance": "-0.1"}"#, "tolerance", "negative"),
        (
            r#"{"grace_days": -1}"#,
            "grace_days",
            "whole number of days",
        ),
        (
            r#"{"grace_days": "30"}"#,
            "grace_days",
            "whole number of days",
        ),
        (
            r#"{"missing_data_is_zero": "yes"}"#,
            "missing_data_is_zero",
            "true or false",
        ),
        (r#"{"weights": {"E1": "-1"}}"#, "weights.E1", "negative"),
        (r#"{"weights": [1]}"#, "weights", "node id"),
        (r#"{"late_credt": "0.5"}"#, "late_credt", "unknown field"),
        (r#"[1]"#, "", "not a JSON object"),
    ];
    for (json, field, reason) in cases {
        let err = Config::from_json(json).unwrap_err();
        assert_eq!(err.field, field, "{json}: {err}");
        assert!(err.reason.contains(reason), "{json}: {err}");
        assert!(err.to_string().contains(field), "{json}: {err}");
    }
    // Defaults and valid values.
    let c = Config::from_json("{}").unwrap();
    assert_eq!(c, Config::default());
    assert_eq!(
        (
            c.late_credit.to_string(),
            c.green.to_string(),
            c.yellow.to_string()
        ),
        ("0.5".into(), "0.90".into(), "0.60".into())
    );
    assert_eq!((c.grace_days, c.tolerance.to_string()), (30, "0.10".into()));
    assert!(c.missing_data_is_zero);
    // evaluate() refuses an out-of-range Config built in code, naming the field.
    let bad = Config {
        late_credit: rust_decimal::Decimal::TWO,
        ..Config::default()
    };
    let err = evaluate(&plan(), &ledger(&json!({})), date("2008-12-31"), &bad).unwrap_err();
    match err {
        EvaluateError::Config(ConfigError { field, .. }) => assert_eq!(field, "late_credit"),
        other => panic!("expected a config error, got {other:?}"),
    }
}
