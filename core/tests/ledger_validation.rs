//! SPEC §2, validation: one test per rule, each checking the rejection's
//! kind, index, field and a distinctive part of its reason.

use std::sync::{Arc, OnceLock};

use seguimiento::{
    Frequency, IngestError, Ledger, Measure, Mode, Plan, PlanDocument, RecordKind, Rejection,
};

// Indicators of the embedded plan, one per kind the rules need. Their kinds
// are checked in `the_chosen_indicators_have_the_kinds_the_tests_assume`.
/// count, annual, no dimensions, 2007-2017; action E1.L1.M1.A2, responsible MRE only.
const COUNT: &str = "E1.L1.M1.A2.I2";
/// percentage, annual; responsible MRE.
const PERCENT: &str = "E1.L1.M1.A2.I3";
/// amount, annual, dimension institucion; responsible MRE, GIT.
const AMOUNT: &str = "E1.L1.M4.A1.I4";
/// level, annual; responsible MRE, UC-GIT.
const LEVEL: &str = "E2.L2.M1.A3.I4";
/// text, annual; responsible MRE, GIT.
const TEXT: &str = "E1.L1.M4.A1.I2";
/// milestone, once, plazo 2007-2017; responsible MRE, GIT.
const MILESTONE: &str = "E1.L1.M4.A1.I1";
/// count, monthly, dimensions sexo and edad; responsible MINGOB/DGM, MTPS, MRE.
const MONTHLY: &str = "E2.L3.M2.A4.I1";
/// count, semiannual; responsible PGN, MINGOB/PNC, MP.
const SEMIANNUAL: &str = "E2.L2.M1.A5.I3";
/// count, biennial; responsible MRE, GIT.
const BIENNIAL: &str = "E1.L1.M2.A5.I1";
/// count, annual, plazo 2007-2009; responsible MRE, MINGOB/PNC/SECCION DE DESAPARECIDOS, MINGOB/DGM, MTPS.
const SHORT: &str = "E2.L3.M2.A1.I1";
/// count, annual; action E4.L3.M1.A5, responsible MINGOB/PNC, MP, PGN, OJ.
const PNC_ACTION: &str = "E4.L3.M1.A5.I1";
/// count, annual; responsible MRE, UC-GIT, MINECO/INE.
const INE_ACTION: &str = "E2.L1.M1.A1.I2";
/// count, annual; responsible GIT only.
const GIT_ONLY: &str = "E1.L1.M2.A1.I1";

fn plan() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| Arc::new(Plan::embedded())))
}

fn ledger() -> Ledger {
    Ledger::new(plan())
}

/// Ingests a JSON document strictly into a fresh ledger; the rejections.
fn rejections(json: &str) -> Vec<Rejection> {
    let mut l = ledger();
    match l.ingest_json(json, Mode::Strict) {
        Err(IngestError::Rejected { rejections }) => {
            assert!(l.is_empty(), "strict mode changed the ledger");
            rejections
        }
        other => panic!("expected rejections, got {other:?} for {json}"),
    }
}

/// The only rejection of a batch.
fn only(json: &str) -> Rejection {
    let mut all = rejections(json);
    assert_eq!(all.len(), 1, "expected one rejection, got {all:#?}");
    all.remove(0)
}

fn check(r: &Rejection, kind: RecordKind, index: usize, field: &str, reason: &str) {
    assert_eq!(
        (r.kind, r.index, r.field.as_str()),
        (kind, index, field),
        "{r}"
    );
    let text = r.reason.to_string();
    assert!(text.contains(reason), "reason {text:?} lacks {reason:?}");
}

/// Accepted strictly, `n` records.
fn accepted(json: &str, n: usize) {
    let mut l = ledger();
    match l.ingest_json(json, Mode::Strict) {
        Ok(report) => {
            assert_eq!(report.accepted, n, "{json}");
            assert!(report.rejections.is_empty());
            assert_eq!(l.len(), n);
        }
        Err(e) => panic!("{json} was refused: {e}"),
    }
}

/// An observation with the given JSON fields after a valid one, so that the
/// rejected record is at index 1.
fn second_obs(fields: &str) -> String {
    format!(
        r#"{{"observations": [
            {{"indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "1"}},
            {{{fields}}}
        ]}}"#
    )
}

fn obs(indicator: &str, period: &str, entity: &str, value: &str) -> String {
    format!(
        r#"{{"observations": [{{"indicator": "{indicator}", "period": "{period}", "entity": "{entity}", "value": "{value}"}}]}}"#
    )
}

fn obs_with(indicator: &str, period: &str, entity: &str, value: &str, extra: &str) -> String {
    format!(
        r#"{{"observations": [{{"indicator": "{indicator}", "period": "{period}", "entity": "{entity}", "value": "{value}", {extra}}}]}}"#
    )
}

fn target(fields: &str) -> String {
    format!(r#"{{"targets": [{{{fields}}}]}}"#)
}

use RecordKind::{
    Milestone as M, Obligation as Ob, Observation as O, Submission as S, Target as T,
};

#[test]
fn the_chosen_indicators_have_the_kinds_the_tests_assume() {
    let p = plan();
    let kind = |id: &str| {
        let i = p
            .indicator(id)
            .unwrap_or_else(|| panic!("{id} not in the plan"));
        (i.measure, i.frequency, i.dimensions.clone())
    };
    assert_eq!(kind(COUNT), (Measure::Count, Frequency::Annual, vec![]));
    assert_eq!(kind(PERCENT).0, Measure::Percentage);
    assert_eq!(kind(AMOUNT).0, Measure::Amount);
    assert_eq!(kind(LEVEL).0, Measure::Level);
    assert_eq!(kind(TEXT).0, Measure::Text);
    assert_eq!(kind(MILESTONE).0, Measure::Milestone);
    assert_eq!(
        kind(MONTHLY),
        (
            Measure::Count,
            Frequency::Monthly,
            vec!["sexo".to_string(), "edad".to_string()]
        )
    );
    assert_eq!(kind(SEMIANNUAL).1, Frequency::Semiannual);
    assert_eq!(kind(BIENNIAL).1, Frequency::Biennial);
    let short = p.indicator_idx(SHORT).unwrap();
    assert_eq!(p.indicator_plazo(short).end_year, 2009);
    let codes = |id: &str| -> Vec<String> {
        let a = p.indicator_action(p.indicator_idx(id).unwrap());
        p.action_at(a)
            .responsible
            .iter()
            .map(|r| r.code.clone())
            .collect()
    };
    assert_eq!(codes(COUNT), ["MRE"]);
    assert_eq!(codes(PNC_ACTION), ["MINGOB/PNC", "MP", "PGN", "OJ"]);
    assert_eq!(codes(GIT_ONLY), ["GIT"]);
    assert!(codes(INE_ACTION).contains(&"MINECO/INE".to_string()));
}

// ---- unknown indicator / entity -------------------------------------------

#[test]
fn unknown_indicator() {
    let r = only(&second_obs(
        r#""indicator": "E9.L1.M1.A1.I1", "period": "2009", "entity": "MRE", "value": "1""#,
    ));
    check(
        &r,
        O,
        1,
        "indicator",
        "unknown indicator \"E9.L1.M1.A1.I1\"",
    );
    // An action id is not an indicator id.
    let r = only(&obs("E1.L1.M1.A2", "2009", "MRE", "1"));
    check(&r, O, 0, "indicator", "unknown indicator");
    let r = only(&target(
        r#""indicator": "E0", "period": "2009", "value": "3""#,
    ));
    check(&r, T, 0, "indicator", "unknown indicator \"E0\"");
    let r = only(
        r#"{"milestones": [{"indicator": "nope", "entity": "MRE", "achieved_on": "2009-01-01"}]}"#,
    );
    check(&r, M, 0, "indicator", "unknown indicator \"nope\"");
}

#[test]
fn unknown_entity() {
    let r = only(&second_obs(
        r#""indicator": "E1.L1.M1.A2.I2", "period": "2009", "entity": "MINREX", "value": "1""#,
    ));
    check(&r, O, 1, "entity", "unknown entity \"MINREX\"");
    let r = only(&target(
        r#""indicator": "E1.L1.M1.A2.I2", "period": "2009", "entity": "XYZ", "value": "3""#,
    ));
    check(&r, T, 0, "entity", "unknown entity \"XYZ\"");
    let r = only(
        r#"{"submissions": [{"entity": "ACME", "kind": "annual", "period": "2009", "submitted_on": "2010-01-15"}]}"#,
    );
    check(&r, S, 0, "entity", "unknown entity \"ACME\"");
    let r =
        only(r#"{"obligations": [{"entity": "", "kind": "annual", "from": 2008, "to": 2010}]}"#);
    check(&r, Ob, 0, "entity", "unknown entity \"\"");
    let r = only(
        r#"{"milestones": [{"indicator": "E1.L1.M4.A1.I1", "entity": "Nadie", "achieved_on": "2009-01-01"}]}"#,
    );
    check(&r, M, 0, "entity", "unknown entity \"Nadie\"");
}

// ---- unparseable period, date, number -------------------------------------

#[test]
fn unparseable_period() {
    for (period, why) in [
        ("2009-13", "a month is 01 to 12"),
        ("2009-S3", "a half year is S1 or S2"),
        ("09", "four-digit year"),
        ("2017/2007", "the window ends before it starts"),
        ("2009-W01", "unknown period form"),
        ("", "four-digit year"),
    ] {
        let r = only(&second_obs(&format!(
            r#""indicator": "{COUNT}", "period": "{period}", "entity": "MRE", "value": "1""#
        )));
        check(&r, O, 1, "period", why);
        assert!(r.reason.to_string().contains("is not a period"), "{r}");
    }
    let r = only(&target(&format!(
        r#""indicator": "{COUNT}", "period": "2009-00", "value": "3""#
    )));
    check(&r, T, 0, "period", "a month is 01 to 12");
    let r = only(
        r#"{"submissions": [{"entity": "MRE", "kind": "monthly", "period": "March 2009", "submitted_on": "2009-04-10"}]}"#,
    );
    check(&r, S, 0, "period", "is not a period");
}

#[test]
fn unparseable_date() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "1", "recorded_on": "2009-02-30""#
    )));
    check(&r, O, 1, "recorded_on", "is not a calendar date");
    for bad in [
        "2009/02/01",
        "1-2-2009",
        "2009-2-1",
        "20090201",
        "2009-02-01T00:00:00",
    ] {
        let r = only(&obs_with(
            COUNT,
            "2009",
            "MRE",
            "1",
            &format!(r#""recorded_on": "{bad}""#),
        ));
        check(&r, O, 0, "recorded_on", "is not a date written YYYY-MM-DD");
    }
    let r = only(
        r#"{"submissions": [{"entity": "MRE", "kind": "annual", "period": "2009", "submitted_on": "2010-13-01"}]}"#,
    );
    check(&r, S, 0, "submitted_on", "is not a calendar date");
    let r = only(
        r#"{"milestones": [{"indicator": "E1.L1.M4.A1.I1", "entity": "MRE", "achieved_on": 20090101}]}"#,
    );
    check(&r, M, 0, "achieved_on", "YYYY-MM-DD");
}

#[test]
fn unparseable_number() {
    let cases: &[(&str, &str)] = &[
        (r#""NaN""#, "is not a finite number"),
        (r#""-inf""#, "is not a finite number"),
        (r#""Infinity""#, "is not a finite number"),
        (r#""1e400""#, "exact decimal"),
        ("1e400", "exact decimal"),
        ("1e-400", "exact decimal"),
        // 29 nines: above the largest exact decimal (about 7.9e28).
        (r#""99999999999999999999999999999""#, "exact decimal"),
        ("99999999999999999999999999999", "exact decimal"),
        // 29 decimal places.
        (r#""0.12345678901234567890123456789""#, "exact decimal"),
        // 31 significant digits in scientific notation: no silent rounding.
        (r#""1.234567890123456789012345678912e0""#, "exact decimal"),
        ("0.12345678901234567890123456789e0", "exact decimal"),
        (r#""""#, "the number is empty"),
        (r#""   ""#, "the number is empty"),
        ("true", "expected a string or a number, found true"),
        ("[1]", "expected a string or a number"),
        (r#"{"v": 1}"#, "expected a string or a number"),
        (r#""doce""#, "not a number"),
        (r#""1,5""#, "not a number"),
        (r#""1_000""#, "not a number"),
        (r#""12 50""#, "not a number"),
        (r#""0x10""#, "not a number"),
        (r#""1e""#, "not a number"),
        (r#""--1""#, "not a number"),
    ];
    for (value, why) in cases {
        let r = only(&second_obs(&format!(
            r#""indicator": "{AMOUNT}", "period": "2009", "entity": "MRE", "value": {value}"#
        )));
        check(&r, O, 1, "value", why);
    }
    // The baseline of a target is a number too.
    let r = only(&target(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "baseline": "NaN", "value": "3""#
    )));
    check(&r, T, 0, "baseline", "is not a finite number");
    // The largest exact decimals still go in.
    accepted(
        &obs(AMOUNT, "2009", "MRE", "79228162514264337593543950335"),
        1,
    );
    accepted(
        &obs(AMOUNT, "2009", "MRE", "0.0000000000000000000000000001"),
        1,
    );
    accepted(&obs(AMOUNT, "2009", "MRE", "1.5e3"), 1);
}

// ---- period against the indicator -----------------------------------------

#[test]
fn observation_period_granularity_must_match_the_frequency() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{MONTHLY}", "period": "2009", "entity": "MRE", "value": "1""#
    )));
    check(
        &r,
        O,
        1,
        "period",
        "is reported monthly: its periods are a month, not a year",
    );
    let r = only(&obs(COUNT, "2009-03", "MRE", "1"));
    check(&r, O, 0, "period", "not a month (2009-03)");
    let r = only(&obs(COUNT, "2009-S1", "MRE", "1"));
    check(&r, O, 0, "period", "not a half year");
    let r = only(&obs(SEMIANNUAL, "2009-Q1", "PGN", "1"));
    check(&r, O, 0, "period", "is reported semiannual");
    let r = only(&obs(COUNT, "2007/2017", "MRE", "1"));
    check(&r, O, 0, "period", "not a window of years");
    // The right granularities go in; a biennial indicator is observed by year.
    accepted(&obs(SEMIANNUAL, "2009-S2", "PGN", "1"), 1);
    accepted(&obs(BIENNIAL, "2009", "MRE", "1"), 1);
    accepted(
        &obs_with(
            MONTHLY,
            "2009-03",
            "DGM",
            "4",
            r#""cell": {"sexo": "mujer", "edad": "13-17"}"#,
        ),
        1,
    );
}

#[test]
fn period_outside_the_plazo_window() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{SHORT}", "period": "2010", "entity": "MRE", "value": "1""#
    )));
    check(&r, O, 1, "period", "outside the indicator's plazo");
    assert!(r.reason.to_string().contains("2007/2009"), "{r}");
    let r = only(&obs(COUNT, "2006", "MRE", "1"));
    check(&r, O, 0, "period", "outside the indicator's plazo");
    let r = only(&obs(COUNT, "2018", "MRE", "1"));
    check(&r, O, 0, "period", "outside the indicator's plazo");
    let r = only(&obs(MONTHLY, "2018-01", "MRE", "1"));
    check(&r, O, 0, "period", "outside the indicator's plazo");
    // A year target outside the window too.
    let r = only(&target(&format!(
        r#""indicator": "{SHORT}", "period": "2011", "value": "3""#
    )));
    check(&r, T, 0, "period", "outside the indicator's plazo");
    // The window's first and last years are inside.
    accepted(&obs(SHORT, "2007", "MRE", "1"), 1);
    accepted(&obs(SHORT, "2009", "MRE", "1"), 1);
    accepted(&obs(MONTHLY, "2017-12", "MRE", "1"), 1);
}

#[test]
fn period_starting_after_recorded_on() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "1", "recorded_on": "2008-12-31""#
    )));
    check(&r, O, 1, "recorded_on", "before its period 2009 starts");
    let r = only(&obs_with(
        MONTHLY,
        "2009-03",
        "MRE",
        "1",
        r#""recorded_on": "2009-02-28""#,
    ));
    check(&r, O, 0, "recorded_on", "before its period 2009-03 starts");
    // Recorded on the period's first day, or while it runs, is fine.
    accepted(
        &obs_with(COUNT, "2009", "MRE", "1", r#""recorded_on": "2009-01-01""#),
        1,
    );
    accepted(
        &obs_with(COUNT, "2009", "MRE", "1", r#""recorded_on": "2009-06-30""#),
        1,
    );
}

// ---- values against the measure -------------------------------------------

#[test]
fn count_must_be_a_non_negative_integer() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "-1""#
    )));
    check(&r, O, 1, "value", "-1 is not a count");
    let r = only(&obs(COUNT, "2009", "MRE", "1.5"));
    check(&r, O, 0, "value", "1.5 is not a count");
    let r = only(&second_obs(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": 0.001"#
    )));
    check(&r, O, 1, "value", "is not a count");
    // Target values and baselines are counts too.
    let r = only(&target(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "value": "2.5""#
    )));
    check(&r, T, 0, "value", "2.5 is not a count");
    let r = only(&target(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "baseline": "-3", "value": "2""#
    )));
    check(&r, T, 0, "baseline", "-3 is not a count");
    accepted(&obs(COUNT, "2009", "MRE", "0"), 1);
    accepted(&obs(COUNT, "2009", "MRE", "3.00"), 1);
}

#[test]
fn amount_must_not_be_negative() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{AMOUNT}", "period": "2009", "entity": "GIT", "value": "-0.01""#
    )));
    check(&r, O, 1, "value", "-0.01 is a negative amount");
    accepted(&obs(AMOUNT, "2009", "GIT", "1234567.89"), 1);
    accepted(&obs(AMOUNT, "2009", "GIT", "0"), 1);
}

#[test]
fn percentage_must_be_between_0_and_100() {
    for bad in ["100.01", "-1", "250"] {
        let r = only(&second_obs(&format!(
            r#""indicator": "{PERCENT}", "period": "2009", "entity": "MRE", "value": "{bad}""#
        )));
        check(&r, O, 1, "value", "is not a percentage between 0 and 100");
        assert!(r.reason.to_string().starts_with(bad), "{r}");
    }
    let r = only(&target(&format!(
        r#""indicator": "{PERCENT}", "period": "2009", "value": "101""#
    )));
    check(&r, T, 0, "value", "not a percentage");
    for good in ["0", "100", "100.00", "33.333"] {
        accepted(&obs(PERCENT, "2009", "MRE", good), 1);
    }
}

#[test]
fn level_must_not_be_negative() {
    let r = only(&obs(LEVEL, "2009", "MRE", "-2"));
    check(&r, O, 0, "value", "negative level");
    accepted(&obs(LEVEL, "2009", "MRE", "3.5"), 1);
}

// ---- cells --------------------------------------------------------------

#[test]
fn cell_naming_some_but_not_all_dimensions() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{MONTHLY}", "period": "2009-03", "entity": "MRE", "value": "1", "cell": {{"sexo": "mujer"}}"#
    )));
    check(&r, O, 1, "cell", "names some but not all");
    assert!(r.reason.to_string().contains("missing edad"), "{r}");
    let r = only(&obs_with(
        MONTHLY,
        "2009-03",
        "MRE",
        "1",
        r#""cell": {"edad": "60+"}"#,
    ));
    check(&r, O, 0, "cell", "missing sexo");
    // No cell (the total) and the full cell are both fine; so is an empty object.
    accepted(&obs(MONTHLY, "2009-03", "MRE", "7"), 1);
    accepted(
        &obs_with(MONTHLY, "2009-03", "MRE", "7", r#""cell": {}"#),
        1,
    );
}

#[test]
fn cell_dimension_the_indicator_does_not_have() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "1", "cell": {{"sexo": "mujer"}}"#
    )));
    check(
        &r,
        O,
        1,
        "cell",
        "has no dimension \"sexo\" (its dimensions: none)",
    );
    let r = only(&obs_with(
        MONTHLY,
        "2009-03",
        "MRE",
        "1",
        r#""cell": {"sexo": "mujer", "edad": "0-12", "etnia": "maya"}"#,
    ));
    check(&r, O, 0, "cell", "has no dimension \"etnia\"");
    assert!(r.reason.to_string().contains("sexo, edad"), "{r}");
    let r = only(&obs_with(
        MONTHLY,
        "2009-03",
        "MRE",
        "1",
        r#""cell": {"genero": "mujer", "edad": "0-12"}"#,
    ));
    check(&r, O, 0, "cell", "no dimension \"genero\"");
}

#[test]
fn cell_value_the_dimension_does_not_allow() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{MONTHLY}", "period": "2009-03", "entity": "MRE", "value": "1", "cell": {{"sexo": "otro", "edad": "0-12"}}"#
    )));
    check(
        &r,
        O,
        1,
        "cell",
        "\"otro\" is not a value of dimension \"sexo\" (allowed: mujer, hombre)",
    );
    let r = only(&obs_with(
        MONTHLY,
        "2009-03",
        "MRE",
        "1",
        r#""cell": {"sexo": "Mujer", "edad": "0-12"}"#,
    ));
    check(&r, O, 0, "cell", "not a value of dimension \"sexo\"");
    let r = only(&obs_with(
        AMOUNT,
        "2009",
        "MRE",
        "1",
        r#""cell": {"institucion": "ACME"}"#,
    ));
    check(&r, O, 0, "cell", "not a value of dimension \"institucion\"");
    // A cell is an object of strings.
    let r = only(&obs_with(
        MONTHLY,
        "2009-03",
        "MRE",
        "1",
        r#""cell": ["sexo", "mujer"]"#,
    ));
    check(&r, O, 0, "cell", "a cell is an object");
    let r = only(&obs_with(
        AMOUNT,
        "2009",
        "MRE",
        "1",
        r#""cell": {"institucion": 7}"#,
    ));
    check(&r, O, 0, "cell", "a cell is an object");
}

// ---- targets ------------------------------------------------------------

#[test]
fn target_value_equal_to_its_baseline() {
    let r = only(&format!(
        r#"{{"targets": [
            {{"indicator": "{COUNT}", "period": "2009", "value": "10"}},
            {{"indicator": "{COUNT}", "period": "2010", "baseline": "5", "value": "5.0"}}
        ]}}"#
    ));
    check(&r, T, 1, "value", "equals its baseline");
    // The default baseline is 0.
    let r = only(&target(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "value": "0""#
    )));
    check(&r, T, 0, "value", "equals its baseline");
    // Reducing is a target.
    accepted(
        &target(&format!(
            r#""indicator": "{COUNT}", "period": "2009", "baseline": "10", "value": "4""#
        )),
        1,
    );
}

#[test]
fn target_on_a_text_or_milestone_indicator() {
    let all = rejections(&format!(
        r#"{{"targets": [
            {{"indicator": "{COUNT}", "period": "2009", "value": "10"}},
            {{"indicator": "{TEXT}", "period": "2009", "value": "1"}},
            {{"indicator": "{MILESTONE}", "period": "2007/2017", "value": "1"}}
        ]}}"#
    ));
    assert_eq!(all.len(), 2, "{all:#?}");
    check(
        &all[0],
        T,
        1,
        "indicator",
        "is a text indicator, which takes no target",
    );
    check(
        &all[1],
        T,
        2,
        "indicator",
        "is a milestone indicator, which takes no target",
    );
}

#[test]
fn year_target_on_a_biennial_indicator() {
    let r = only(&format!(
        r#"{{"targets": [
            {{"indicator": "{COUNT}", "period": "2009", "value": "10"}},
            {{"indicator": "{BIENNIAL}", "period": "2009", "value": "2"}}
        ]}}"#
    ));
    check(&r, T, 1, "period", "less often than yearly");
    assert!(r.reason.to_string().contains("2007/2017"), "{r}");
    // Its window target is fine.
    accepted(
        &target(&format!(
            r#""indicator": "{BIENNIAL}", "period": "2007/2017", "value": "5""#
        )),
        1,
    );
}

#[test]
fn target_period_is_a_year_or_the_whole_window() {
    let r = only(&target(&format!(
        r#""indicator": "{COUNT}", "period": "2009-S1", "value": "3""#
    )));
    check(
        &r,
        T,
        0,
        "period",
        "a target is for a year or for the indicator's whole window",
    );
    let r = only(&target(&format!(
        r#""indicator": "{SHORT}", "period": "2007/2017", "value": "3""#
    )));
    check(&r, T, 0, "period", "whole window 2007/2009, not 2007/2017");
    accepted(
        &target(&format!(
            r#""indicator": "{MONTHLY}", "period": "2012", "value": "300""#
        )),
        1,
    );
}

// ---- who may report ------------------------------------------------------

#[test]
fn official_record_from_an_entity_not_responsible() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "entity": "MP", "value": "1""#
    )));
    check(
        &r,
        O,
        1,
        "entity",
        "MP is not responsible for action E1.L1.M1.A2",
    );
    assert!(r.reason.to_string().contains("coordinator: MRE"), "{r}");
    // Saying "official" explicitly changes nothing.
    let r = only(&obs_with(
        COUNT,
        "2009",
        "MP",
        "1",
        r#""source": "official""#,
    ));
    check(&r, O, 0, "entity", "is not responsible");
    // Targets for an entity and milestones follow the same rule.
    let r = only(&target(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "entity": "OJ", "value": "3""#
    )));
    check(&r, T, 0, "entity", "OJ is not responsible");
    let r = only(&format!(
        r#"{{"milestones": [{{"indicator": "{MILESTONE}", "entity": "SBS", "achieved_on": "2009-05-01"}}]}}"#
    ));
    check(
        &r,
        M,
        0,
        "entity",
        "SBS is not responsible for action E1.L1.M4.A1",
    );
}

#[test]
fn responsible_entities_their_parents_dependencies_and_the_coordinator_may_report() {
    // Action E4.L3.M1.A5: MINGOB/PNC, MP, PGN, OJ.
    for who in [
        "PNC",
        "MINGOB",
        "PNC-DESAPARECIDOS",
        "MP",
        "PGN",
        "OJ",
        "MRE",
        "pnc",
    ] {
        accepted(&obs(PNC_ACTION, "2010", who, "3"), 1);
    }
    // DGM is a sibling of PNC under MINGOB, not a parent or dependency of it.
    for who in ["DGM", "MTPS", "GIT", "CONSULADOS"] {
        let r = only(&obs(PNC_ACTION, "2010", who, "3"));
        check(
            &r,
            O,
            0,
            "entity",
            "is not responsible for action E4.L3.M1.A5",
        );
    }
    // MINECO/INE: INE and its parent MINECO.
    for who in ["INE", "MINECO", "MRE", "UC-GIT"] {
        accepted(&obs(INE_ACTION, "2010", who, "3"), 1);
    }
    let r = only(&obs(INE_ACTION, "2010", "MP", "3"));
    check(&r, O, 0, "entity", "MP is not responsible");
    // The coordinator may report on any action, a group's included.
    accepted(&obs(GIT_ONLY, "2010", "MRE", "3"), 1);
    accepted(&obs(GIT_ONLY, "2010", "GIT", "3"), 1);
    // A dependency of the coordinator is not the coordinator.
    let r = only(&obs(GIT_ONLY, "2010", "CONSULADOS", "3"));
    check(
        &r,
        O,
        0,
        "entity",
        "CONSULADOS is not responsible for action E1.L1.M2.A1",
    );
}

#[test]
fn a_verification_record_from_a_non_responsible_entity_is_accepted() {
    accepted(
        &obs_with(COUNT, "2009", "PDH", "4", r#""source": "verification""#),
        1,
    );
    accepted(
        &obs_with(
            PNC_ACTION,
            "2009",
            "DGM",
            "4",
            r#""source": "verification""#,
        ),
        1,
    );
    // It is still checked against the registry and the indicator.
    let r = only(&obs_with(
        COUNT,
        "2009",
        "ONG",
        "4",
        r#""source": "verification""#,
    ));
    check(&r, O, 0, "entity", "unknown entity");
    let r = only(&obs_with(
        COUNT,
        "2009",
        "PDH",
        "-4",
        r#""source": "verification""#,
    ));
    check(&r, O, 0, "value", "is not a count");
    let r = only(&obs_with(
        COUNT,
        "2009",
        "PDH",
        "4",
        r#""source": "auditoria""#,
    ));
    check(
        &r,
        O,
        0,
        "source",
        "is not a source (official, verification)",
    );
}

/// The embedded plan's document, changed and validated again.
fn plan_with(change: impl FnOnce(&mut PlanDocument)) -> Arc<Plan> {
    let mut doc = Plan::embedded().into_document();
    change(&mut doc);
    Arc::new(Plan::new(doc).expect("the changed plan is valid"))
}

#[test]
fn members_of_a_responsible_group_and_their_dependencies_may_report() {
    let p = plan_with(|doc| {
        let git = doc.entities.iter_mut().find(|e| e.code == "GIT").unwrap();
        git.members = vec!["MP".into(), "MINGOB".into()];
    });
    let ingest = |who: &str| {
        Ledger::new(Arc::clone(&p)).ingest_json(&obs(GIT_ONLY, "2010", who, "3"), Mode::Strict)
    };
    for who in ["GIT", "MP", "MINGOB", "PNC", "DGM", "MRE"] {
        assert!(ingest(who).is_ok(), "{who} should be accepted");
    }
    match ingest("SBS") {
        Err(IngestError::Rejected { rejections }) => {
            check(&rejections[0], O, 0, "entity", "SBS is not responsible")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_coordinator_is_the_plans() {
    let p = plan_with(|doc| doc.coordinator = "SEGEPLAN".into());
    let ingest = |who: &str| {
        Ledger::new(Arc::clone(&p)).ingest_json(&obs(GIT_ONLY, "2010", who, "3"), Mode::Strict)
    };
    assert!(ingest("SEGEPLAN").is_ok());
    match ingest("MRE") {
        Err(IngestError::Rejected { rejections }) => check(
            &rejections[0],
            O,
            0,
            "entity",
            "MRE is not responsible for action E1.L1.M2.A1 (responsible: GIT; coordinator: SEGEPLAN)",
        ),
        other => panic!("{other:?}"),
    }
}

// ---- shape of the records --------------------------------------------------

#[test]
fn unknown_field_names() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "entity": "MRE", "valor": "1", "value": "1""#
    )));
    check(&r, O, 1, "valor", "unknown field \"valor\"");
    assert!(
        r.reason
            .to_string()
            .contains("indicator, period, entity, cell, value"),
        "{r}"
    );
    // A CSV-style cell column is not a JSON field: its value would be lost.
    // Both are named.
    let both = rejections(&obs_with(
        MONTHLY,
        "2009-03",
        "MRE",
        "1",
        r#""cell.sexo": "mujer", "cell.edad": "0-12""#,
    ));
    check(&both[0], O, 0, "cell.edad", "unknown field \"cell.edad\"");
    check(&both[1], O, 0, "cell.sexo", "unknown field \"cell.sexo\"");
    assert_eq!(both.len(), 2);
    let r = only(&target(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "value": "3", "source": "official""#
    )));
    check(&r, T, 0, "source", "unknown field \"source\"");
    let r = only(&format!(
        r#"{{"milestones": [{{"indicator": "{MILESTONE}", "entity": "MRE", "achieved_on": "2009-01-01", "value": "1"}}]}}"#
    ));
    check(&r, M, 0, "value", "unknown field");
    let r = only(
        r#"{"submissions": [{"entity": "MRE", "kind": "annual", "period": "2009", "submitted_on": "2010-01-10", "late": true}]}"#,
    );
    check(&r, S, 0, "late", "unknown field");
    let r = only(
        r#"{"obligations": [{"entity": "MRE", "kind": "annual", "from": 2008, "until": 2010, "to": 2010}]}"#,
    );
    check(&r, Ob, 0, "until", "unknown field");
}

#[test]
fn a_field_given_twice_is_rejected() {
    let r = only(&second_obs(&format!(
        r#""indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "1", "value": "2""#
    )));
    check(&r, O, 1, "value", "twice");
    let r = only(&obs_with(
        MONTHLY,
        "2009-03",
        "MRE",
        "1",
        r#""cell": {"sexo": "mujer", "edad": "0-12", "sexo": "hombre"}"#,
    ));
    check(&r, O, 0, "cell", "twice");
}

#[test]
fn a_record_that_is_not_an_object() {
    let all = rejections(&format!(
        r#"{{"observations": [
            {{"indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "1"}},
            1, "x", null, [], true
        ]}}"#
    ));
    assert_eq!(all.len(), 5, "{all:#?}");
    for (r, i) in all.iter().zip(1..) {
        check(r, O, i, "", "an observation is a JSON object");
    }
    let r = only(r#"{"targets": ["2009"]}"#);
    check(&r, T, 0, "", "a target is a JSON object, found \"2009\"");
    let r = only(r#"{"obligations": [[]]}"#);
    check(&r, Ob, 0, "", "an obligation is a JSON object");
}

#[test]
fn missing_required_fields() {
    for (missing, fields) in [
        (
            "indicator",
            r#""period": "2009", "entity": "MRE", "value": "1""#,
        ),
        (
            "period",
            r#""indicator": "E1.L1.M1.A2.I2", "entity": "MRE", "value": "1""#,
        ),
        (
            "entity",
            r#""indicator": "E1.L1.M1.A2.I2", "period": "2009", "value": "1""#,
        ),
        (
            "value",
            r#""indicator": "E1.L1.M1.A2.I2", "period": "2009", "entity": "MRE""#,
        ),
        (
            "value",
            r#""indicator": "E1.L1.M1.A2.I2", "period": "2009", "entity": "MRE", "value": null"#,
        ),
    ] {
        let r = only(&second_obs(fields));
        check(
            &r,
            O,
            1,
            missing,
            &format!("the field {missing:?} is missing"),
        );
    }
    let r = only(&target(&format!(
        r#""indicator": "{COUNT}", "period": "2009""#
    )));
    check(&r, T, 0, "value", "is missing");
    let r = only(&target(&format!(r#""indicator": "{COUNT}", "value": "4""#)));
    check(&r, T, 0, "period", "is missing");
    let r = only(&format!(
        r#"{{"milestones": [{{"indicator": "{MILESTONE}", "entity": "MRE"}}]}}"#
    ));
    check(
        &r,
        M,
        0,
        "achieved_on",
        "the field \"achieved_on\" is missing",
    );
    let r = only(
        r#"{"submissions": [{"entity": "MRE", "period": "2009", "submitted_on": "2010-01-10"}]}"#,
    );
    check(&r, S, 0, "kind", "is missing");
    let r = only(r#"{"submissions": [{"entity": "MRE", "kind": "annual", "period": "2009"}]}"#);
    check(&r, S, 0, "submitted_on", "is missing");
    let r = only(r#"{"obligations": [{"entity": "MRE", "kind": "annual", "from": 2008}]}"#);
    check(&r, Ob, 0, "to", "is missing");
    // An empty record: every required field is listed, in the spec's order.
    let all = rejections(r#"{"obligations": [{}]}"#);
    let fields: Vec<&str> = all.iter().map(|r| r.field.as_str()).collect();
    assert_eq!(fields, ["entity", "kind", "from", "to"]);
    for r in &all {
        check(r, Ob, 0, &r.field, "is missing");
    }
}

// ---- milestones, submissions, obligations ---------------------------------

#[test]
fn milestone_on_a_non_milestone_indicator() {
    let r = only(&format!(
        r#"{{"milestones": [
            {{"indicator": "{MILESTONE}", "entity": "MRE", "achieved_on": "2009-05-01"}},
            {{"indicator": "{COUNT}", "entity": "MRE", "achieved_on": "2009-05-01"}}
        ]}}"#
    ));
    check(
        &r,
        M,
        1,
        "indicator",
        "is a count indicator, not a milestone",
    );
    // Nor is a milestone indicator observed by period, nor a text indicator observed as a number.
    let r = only(&obs(MILESTONE, "2009", "MRE", "1"));
    check(
        &r,
        O,
        0,
        "indicator",
        "is a milestone: report it as a milestone",
    );
    let r = only(&obs(TEXT, "2009", "MRE", "1"));
    check(&r, O, 0, "indicator", "is a text indicator");
    // A milestone is not achieved after it was recorded.
    let r = only(&format!(
        r#"{{"milestones": [{{"indicator": "{MILESTONE}", "entity": "MRE", "achieved_on": "2009-05-01", "recorded_on": "2009-04-30"}}]}}"#
    ));
    check(
        &r,
        M,
        0,
        "achieved_on",
        "after it was recorded on 2009-04-30",
    );
}

#[test]
fn submission_period_must_match_its_kind() {
    let r = only(
        r#"{"submissions": [
            {"entity": "MP", "kind": "monthly", "period": "2009-03", "submitted_on": "2009-04-10"},
            {"entity": "MP", "kind": "monthly", "period": "2009", "submitted_on": "2010-01-10"}
        ]}"#,
    );
    check(
        &r,
        S,
        1,
        "period",
        "a monthly report covers a month, not a year",
    );
    let r = only(
        r#"{"submissions": [{"entity": "MP", "kind": "semiannual", "period": "2009-Q2", "submitted_on": "2009-07-10"}]}"#,
    );
    check(
        &r,
        S,
        0,
        "period",
        "a semiannual report covers a half year, not a quarter",
    );
    let r = only(
        r#"{"submissions": [{"entity": "MP", "kind": "annual", "period": "2009-S1", "submitted_on": "2009-07-10"}]}"#,
    );
    check(&r, S, 0, "period", "an annual report covers a year");
    let r = only(
        r#"{"submissions": [{"entity": "MP", "kind": "quarterly", "period": "2009-Q2", "submitted_on": "2009-07-10"}]}"#,
    );
    check(&r, S, 0, "kind", "is not a report kind");
    let r = only(
        r#"{"submissions": [{"entity": "MP", "kind": "annual", "period": "2009", "submitted_on": "2008-12-31"}]}"#,
    );
    check(&r, S, 0, "submitted_on", "before its period 2009 starts");
    accepted(
        r#"{"submissions": [{"entity": "MP", "kind": "semiannual", "period": "2009S2", "submitted_on": "2010-01-10"}]}"#,
        1,
    );
}

#[test]
fn obligation_to_before_from() {
    let r = only(
        r#"{"obligations": [
            {"entity": "MP", "kind": "monthly", "from": 2008, "to": 2017},
            {"entity": "MP", "kind": "annual", "from": "2009", "to": "2008"}
        ]}"#,
    );
    check(&r, Ob, 1, "to", "ends (2008) before it starts (2009)");
    let r =
        only(r#"{"obligations": [{"entity": "MP", "kind": "annual", "from": "09", "to": 2010}]}"#);
    check(&r, Ob, 0, "from", "is not a four-digit year");
    let r = only(
        r#"{"obligations": [{"entity": "MP", "kind": "annual", "from": 2009.5, "to": 2010}]}"#,
    );
    check(&r, Ob, 0, "from", "is not a four-digit year");
    let r =
        only(r#"{"obligations": [{"entity": "MP", "kind": "weekly", "from": 2009, "to": 2010}]}"#);
    check(&r, Ob, 0, "kind", "\"weekly\" is not a report kind");
    accepted(
        r#"{"obligations": [{"entity": "MP", "kind": "annual", "from": 2009, "to": 2009}]}"#,
        1,
    );
}

// ---- strict and lenient batches ---------------------------------------------

fn mixed_batch() -> String {
    format!(
        r#"{{
  "targets": [
    {{"indicator": "{COUNT}", "period": "2009", "value": "10"}},
    {{"indicator": "{TEXT}", "period": "2009", "value": "1"}}
  ],
  "observations": [
    {{"indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "4"}},
    {{"indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "-4"}},
    {{"indicator": "{COUNT}", "period": "2010", "entity": "mre", "value": "5"}},
    {{"indicator": "{COUNT}", "period": "2010", "entity": "MP", "value": "5"}},
    7
  ],
  "milestones": [
    {{"indicator": "{MILESTONE}", "entity": "GIT", "achieved_on": "2010-03-01"}}
  ],
  "submissions": [
    {{"entity": "MRE", "kind": "annual", "period": "2009-03", "submitted_on": "2010-01-20"}}
  ],
  "obligations": [
    {{"entity": "MRE", "kind": "annual", "from": 2007, "to": 2017}}
  ]
}}"#
    )
}

fn expected_rejections() -> Vec<(RecordKind, usize, &'static str)> {
    vec![
        (T, 1, "indicator"),
        (O, 1, "value"),
        (O, 3, "entity"),
        (O, 4, ""),
        (S, 0, "period"),
    ]
}

fn summary(rejections: &[Rejection]) -> Vec<(RecordKind, usize, &str)> {
    rejections
        .iter()
        .map(|r| (r.kind, r.index, r.field.as_str()))
        .collect()
}

#[test]
fn strict_mode_rejects_the_whole_batch_and_lists_every_bad_record() {
    let mut l = ledger();
    l.ingest_json(&obs(COUNT, "2008", "MRE", "2"), Mode::Strict)
        .unwrap();
    let before = (l.counts(), l.to_json());
    let err = l.ingest_json(&mixed_batch(), Mode::Strict).unwrap_err();
    let IngestError::Rejected { rejections } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(summary(rejections), expected_rejections());
    assert_eq!((l.counts(), l.to_json()), before, "the ledger changed");
    assert_eq!(l.counts(), [0, 1, 0, 0, 0, 0, 0]);
    let message = err.to_string();
    assert!(message.starts_with("5 record(s) rejected"), "{message}");
    assert!(message.contains("targets[1].indicator"), "{message}");
    // Typed batches are validated the same way.
    let mut batch = l.export();
    batch.observations[0].entity = "MP".into();
    match l.ingest(batch, Mode::Strict) {
        Err(IngestError::Rejected { rejections }) => {
            assert_eq!(summary(&rejections), [(O, 0, "entity")])
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(l.counts(), [0, 1, 0, 0, 0, 0, 0]);
}

#[test]
fn lenient_mode_takes_the_good_records_and_lists_the_bad() {
    let mut l = ledger();
    let report = l.ingest_json(&mixed_batch(), Mode::Lenient).unwrap();
    assert_eq!(summary(&report.rejections), expected_rejections());
    assert_eq!(report.accepted, 5);
    assert_eq!(l.counts(), [1, 2, 1, 0, 1, 0, 0]);
    let exported = l.export();
    assert_eq!(exported.observations[0].value.to_string(), "4");
    assert_eq!(exported.observations[1].value.to_string(), "5");
    // The report serializes with every rejection.
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["accepted"], 5);
    assert_eq!(json["rejections"][2]["kind"], "observation");
    assert_eq!(json["rejections"][2]["index"], 3);
    assert_eq!(json["rejections"][2]["field"], "entity");
    assert!(json["rejections"][2]["reason"]
        .as_str()
        .unwrap()
        .contains("MP is not responsible"));
    assert_eq!(
        report.rejections[1].to_string(),
        format!("observations[1].value: {}", report.rejections[1].reason)
    );
}

// ---- documents that cannot be read ------------------------------------------

fn syntax(json: &str) -> (usize, usize, String) {
    let mut l = ledger();
    for mode in [Mode::Strict, Mode::Lenient] {
        match l.ingest_json(json, mode) {
            Err(IngestError::Unreadable {
                line,
                column,
                problem,
            }) => {
                let message = problem.to_string();
                assert!(l.is_empty());
                if mode == Mode::Lenient {
                    return (line, column, message);
                }
            }
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }
    unreachable!()
}

#[test]
fn malformed_json_is_a_syntax_error_with_its_position() {
    let (line, column, message) = syntax("{\n  \"observations\": [\n    {\"indicator\": }\n  ]\n}");
    assert_eq!((line, column), (3, 19), "{message}");
    assert!(!message.contains(" at line "), "{message}");
    let (line, _, _) = syntax("{\"observations\": [\n{\"value\": \"1\"},\n");
    assert_eq!(line, 3);
    // Columns are 1-based, also at the end of an empty document.
    let (line, column, _) = syntax("");
    assert_eq!((line, column), (1, 1));
    let (_, _, message) = syntax("[]");
    assert!(message.contains("invalid type"), "{message}");
    let (_, _, message) = syntax(r#"{"observations": {}}"#);
    assert!(message.contains("invalid type"), "{message}");
    let (line, column, _) = syntax("{} x");
    assert_eq!((line, column), (1, 4));
    // The error's text says where.
    let err = ledger().ingest_json("{\n,", Mode::Strict).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("ledger batch, line 2, column 1"),
        "{err}"
    );
}

#[test]
fn unknown_top_level_array_is_named() {
    let (line, _, message) = syntax(r#"{"observations": [], "observaciones": []}"#);
    assert_eq!(line, 1);
    assert!(
        message.contains("unknown array \"observaciones\""),
        "{message}"
    );
    assert!(message.contains("targets, observations, milestones, submissions, obligations"));
}

#[test]
fn a_top_level_array_given_twice_is_a_syntax_error() {
    // The first array would otherwise be dropped without a word.
    let (_, _, message) = syntax(&format!(
        r#"{{"observations": [{{"indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "1"}}],
            "observations": []}}"#
    ));
    assert!(message.contains("\"observations\""), "{message}");
    assert!(message.contains("twice"), "{message}");
}

#[test]
fn an_empty_document_ingests_nothing() {
    let mut l = ledger();
    let report = l.ingest_json("{}", Mode::Strict).unwrap();
    assert_eq!(report.accepted, 0);
    let report = l
        .ingest_json(
            r#"{"targets": [], "observations": [], "milestones": [], "submissions": [], "obligations": []}"#,
            Mode::Strict,
        )
        .unwrap();
    assert_eq!(report.accepted, 0);
    assert!(l.is_empty());
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let record = format!(r#"{{"indicator": "{COUNT}", "period": "2009", "entity": "MRE""#);
    for (doc, field, why) in [
        (
            format!(r#"{{"observations": [{record}, "value": {deep}}}]}}"#),
            "value",
            "expected a string or a number, found [[[",
        ),
        (
            format!(r#"{{"observations": [{record}, "value": 1, "cell": {deep}}}]}}"#),
            "cell",
            "a cell is an object",
        ),
        (
            format!(r#"{{"observations": [{deep}]}}"#),
            "",
            "is a JSON object",
        ),
    ] {
        let report = ledger().ingest_json(&doc, Mode::Lenient).unwrap();
        assert_eq!(report.rejections.len(), 1);
        check(&report.rejections[0], O, 0, field, why);
        assert!(
            report.rejections[0].reason.to_string().len() < 200,
            "the reason quotes it all"
        );
    }
    assert!(matches!(
        ledger().ingest_json(&deep, Mode::Lenient),
        Err(IngestError::Unreadable { .. })
    ));
    let object = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    let report = ledger()
        .ingest_json(&format!(r#"{{"observations": [{object}]}}"#), Mode::Lenient)
        .unwrap();
    check(&report.rejections[0], O, 0, "a", "unknown field \"a\"");
}

// ---- entity codes as the plan writes them -----------------------------------

#[test]
fn responsible_codes_as_the_plan_writes_them_name_their_entity() {
    let mut l = ledger();
    let report = l
        .ingest_json(
            &format!(
                r#"{{"observations": [
                    {{"indicator": "{PNC_ACTION}", "period": "2009", "entity": "MINGOB/PNC", "value": "1"}},
                    {{"indicator": "{PNC_ACTION}", "period": "2009", "entity": "0J", "value": "2"}},
                    {{"indicator": "{PNC_ACTION}", "period": "2010", "entity": " mingob / pnc ", "value": "3"}}
                ],
                "submissions": [
                    {{"entity": "MINECO/INE", "kind": "annual", "period": "2009", "submitted_on": "2010-01-10"}}
                ]}}"#
            ),
            Mode::Strict,
        )
        .unwrap();
    assert_eq!(report.accepted, 4);
    let out = l.export();
    let codes: Vec<&str> = out.observations.iter().map(|o| o.entity.as_str()).collect();
    assert_eq!(codes, ["PNC", "OJ", "PNC"]);
    assert_eq!(out.submissions[0].entity, "INE");
}

#[test]
fn a_code_naming_several_entities_where_one_is_required_lists_the_candidates() {
    let r = only(
        r#"{"submissions": [{"entity": "MINGOB/PNC/DGM", "kind": "annual", "period": "2009", "submitted_on": "2010-01-10"}]}"#,
    );
    check(
        &r,
        RecordKind::Submission,
        0,
        "entity",
        "\"MINGOB/PNC/DGM\" names several entities (PNC, DGM): one entity is required",
    );
    assert_eq!(r.code(), "ambiguous_entity");
    let seguimiento::Reason::AmbiguousEntity { candidates, .. } = &r.reason else {
        panic!("{r}")
    };
    assert_eq!(candidates, &["PNC", "DGM"]);
    let r = only(&format!(
        r#"{{"observations": [{{"indicator": "{MONTHLY}", "period": "2009-03", "entity": "MINGOB/PNC/DGM", "value": "1"}}]}}"#
    ));
    check(&r, O, 0, "entity", "names several entities (PNC, DGM)");
    // A part that names nothing leaves the code unknown.
    let r = only(&format!(
        r#"{{"observations": [{{"indicator": "{PNC_ACTION}", "period": "2009", "entity": "MINGOB/XYZ", "value": "1"}}]}}"#
    ));
    check(&r, O, 0, "entity", "unknown entity \"MINGOB/XYZ\"");
}
