//! Hostile input (issue 13): each defect an adversarial reading of the inputs
//! found, as the test that failed before its fix — years far from the plan,
//! evaluation dates out of range, extreme or misspelt weights, huge values in
//! messages, byte-order marks, numbers — and the fault injection on ingest:
//! a stream that fails or ends midway leaves a strict ledger unchanged and
//! says where it broke.

use std::io::{self, Read};
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use seguimiento::{
    evaluate, Config, EvaluateError, IngestError, Ledger, Mode, Plan, PlanDocument, PlanError,
    EMBEDDED_PLAN_JSON, YEAR_MARGIN,
};

fn plan() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| Arc::new(Plan::embedded())))
}

fn date(text: &str) -> NaiveDate {
    seguimiento::parse_date(text).unwrap()
}

/// The codes of one batch ingested in lenient mode, as `(index, field, code)`.
fn rejected(json: &str) -> Vec<(usize, String, &'static str)> {
    let mut ledger = Ledger::new(plan());
    let report = ledger.ingest_json(json, Mode::Lenient).unwrap();
    report
        .rejections
        .iter()
        .map(|r| (r.index, r.field.clone(), r.code()))
        .collect()
}

// ---------------------------------------------------------------------------
// Years and dates within the plan's horizon
// ---------------------------------------------------------------------------

#[test]
fn the_record_years_are_the_horizon_and_its_margin() {
    assert_eq!(plan().horizon(), Some((2007, 2017)));
    assert_eq!(
        plan().record_years(),
        2007 - YEAR_MARGIN..=2017 + YEAR_MARGIN
    );
}

/// Issue 13, item 1: obligations over the years 1000 to 9999 were accepted,
/// and one ledger of them took 40 s to evaluate.
#[test]
fn obligation_years_far_from_the_plan_are_refused() {
    let codes = rejected(
        r#"{"obligations": [
            {"entity": "MP", "kind": "monthly", "from": 1000, "to": 9999},
            {"entity": "MP", "kind": "monthly", "from": 2007, "to": 9999},
            {"entity": "MP", "kind": "annual", "from": 1996, "to": 2010},
            {"entity": "MP", "kind": "annual", "from": 1997, "to": 2027},
            {"entity": "MP", "kind": "annual", "from": 2007, "to": 2028}
        ]}"#,
    );
    assert_eq!(
        codes,
        [
            (0, "from".into(), "year_outside_plan"),
            (0, "to".into(), "year_outside_plan"),
            (1, "to".into(), "year_outside_plan"),
            (2, "from".into(), "year_outside_plan"),
            (4, "to".into(), "year_outside_plan"),
        ]
    );
}

#[test]
fn milestone_and_submission_years_far_from_the_plan_are_refused() {
    let codes = rejected(
        r#"{
        "milestones": [
            {"indicator": "E1.L1.M1.A1.I1", "entity": "MRE", "achieved_on": "1000-01-01"},
            {"indicator": "E1.L1.M1.A1.I1", "entity": "MRE", "achieved_on": "9999-12-31"},
            {"indicator": "E1.L1.M1.A1.I1", "entity": "MRE", "achieved_on": "2027-12-31"}
        ],
        "submissions": [
            {"entity": "MP", "kind": "monthly", "period": "9000-01", "submitted_on": "9000-02-01"},
            {"entity": "MP", "kind": "annual", "period": "2010", "submitted_on": "9999-01-01"},
            {"entity": "MP", "kind": "annual", "period": "2010", "submitted_on": "2011-01-20"}
        ]}"#,
    );
    assert_eq!(
        codes,
        [
            (0, "achieved_on".into(), "year_outside_plan"),
            (1, "achieved_on".into(), "year_outside_plan"),
            (0, "period".into(), "year_outside_plan"),
            (0, "submitted_on".into(), "year_outside_plan"),
            (1, "submitted_on".into(), "year_outside_plan"),
        ]
    );
}

#[test]
fn the_year_outside_plan_message_names_the_year_and_the_bounds() {
    let mut ledger = Ledger::new(plan());
    let error = ledger
        .ingest_json(
            r#"{"obligations": [{"entity": "MP", "kind": "monthly", "from": 1000, "to": 2010}]}"#,
            Mode::Strict,
        )
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("obligations[0].from"), "{message}");
    assert!(message.contains("1000"), "{message}");
    assert!(message.contains("1997 to 2027"), "{message}");
    assert!(ledger.is_empty());
}

/// Issue 13, item 1: an evaluation as of 9999-12-31 was run, listing every
/// period up to that year.
#[test]
fn an_evaluation_date_far_from_the_plan_is_refused() {
    let plan = plan();
    let ledger = Ledger::new(Arc::clone(&plan));
    let config = Config::default();
    for far in ["9999-12-31", "1000-01-01", "1996-12-31", "2028-01-01"] {
        match evaluate(&plan, &ledger, date(far), &config) {
            Err(EvaluateError::AsOfOutsidePlan { as_of, first, last }) => {
                assert_eq!((as_of, first, last), (date(far), 1997, 2027));
            }
            other => panic!("{far}: {other:?}"),
        }
    }
    let error = evaluate(&plan, &ledger, date("9999-12-31"), &config).unwrap_err();
    assert!(error.to_string().contains("1997 to 2027"), "{error}");
    for near in ["1997-01-01", "2010-12-31", "2027-12-31"] {
        assert!(
            evaluate(&plan, &ledger, date(near), &config).is_ok(),
            "{near}"
        );
    }
}

// ---------------------------------------------------------------------------
// Weights
// ---------------------------------------------------------------------------

/// Issue 13, item 2: these weights were accepted and gave silently wrong
/// scores (E4.L3.M1 at 0.600000 where 0.300000 is right, or 0.000000).
#[test]
fn extreme_weights_are_refused() {
    for weight in [
        r#""79228162514264337593543950335""#,
        r#""1e-28""#,
        r#""0.0000001""#,
        r#""1000000.000001""#,
        "1e7",
    ] {
        let text = format!(r#"{{"weights": {{"E4.L3.M1.A1": {weight}}}}}"#);
        let error = Config::from_json(&text).unwrap_err();
        assert_eq!(error.field, "weights.E4.L3.M1.A1", "{weight}");
        assert!(error.reason.contains("not a weight"), "{weight}: {error}");
    }
    for weight in ["1000000", "0.000001", "0", "2.500000000"] {
        let text = format!(r#"{{"weights": {{"E4.L3.M1.A1": "{weight}"}}}}"#);
        assert!(Config::from_json(&text).is_ok(), "{weight}");
    }
}

/// A weight of the plan itself is bounded as the configuration's are.
#[test]
fn an_extreme_weight_in_a_plan_is_a_problem() {
    let mut document: PlanDocument = serde_json::from_str(EMBEDDED_PLAN_JSON).unwrap();
    let indicator = &mut document.axes[0].lines[0].goals[0].actions[0].indicators[0];
    indicator.weight = "79228162514264337593543950335".parse().unwrap();
    match Plan::new(document) {
        Err(PlanError::Invalid { problems }) => {
            let messages: Vec<String> = problems.iter().map(|p| p.message()).collect();
            assert!(
                messages.iter().any(|m| m.contains("is not a weight")),
                "{messages:?}"
            );
        }
        other => panic!("expected a plan problem, got {other:?}"),
    }
}

/// With the largest and the smallest weights allowed, the mean is exact:
/// E4.L3.M1's actions A1 (weight 10⁶) and A2 (weight 10⁻⁶) with scores s1
/// and s2 give (10⁶·s1 + 10⁻⁶·s2) / (10⁶ + 10⁻⁶).
#[test]
fn the_weighted_mean_is_exact_at_the_extremes_of_the_weights() {
    let plan = plan();
    let ledger = seeded_ledger(&plan);
    let as_of = date("2010-12-31");
    let equal = evaluate(&plan, &ledger, as_of, &Config::default()).unwrap();
    let config =
        Config::from_json(r#"{"weights": {"E4.L3.M1.A1": "1000000", "E4.L3.M1.A2": "0.000001"}}"#)
            .unwrap();
    let weighted = evaluate(&plan, &ledger, as_of, &config).unwrap();
    let goal = weighted.node("E4.L3.M1").unwrap();
    let children = match &goal.explanation {
        seguimiento::Explanation::Children { children } => children,
        other => panic!("{other:?}"),
    };
    // The exact mean of the children as the scorecard lists them, by hand
    // in whole millionths, against the library's.
    let mut sum: i128 = 0;
    let mut total: i128 = 0;
    for child in children {
        if let Some(score) = child.score {
            let mut weight = child.weight;
            weight.rescale(6);
            sum += i128::from(score.millionths()) * weight.mantissa();
            total += weight.mantissa();
        }
    }
    assert!(total > 0, "no scored child: {children:?}");
    let expected = (2 * sum + total) / (2 * total);
    assert_eq!(i128::from(goal.score.unwrap().millionths()), expected);
    // The weights change nothing else than the nodes above the weighted ones.
    assert_eq!(equal.node("E1").unwrap(), weighted.node("E1").unwrap());
}

fn seeded_ledger(plan: &Arc<Plan>) -> Ledger {
    let mut ledger = Ledger::new(Arc::clone(plan));
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../seeds/demo-ledger.json"
    ))
    .unwrap();
    ledger.ingest_json(&text, Mode::Strict).unwrap();
    ledger
}

/// Issue 13, item 5: a weight for a node the plan lacks was silently ignored.
#[test]
fn a_weight_for_no_node_is_an_error_at_evaluation() {
    let plan = plan();
    let ledger = Ledger::new(Arc::clone(&plan));
    let as_of = date("2010-12-31");
    for id in ["E9", "E1.L1.M1.A1.P1", "e1"] {
        let config = Config::from_json(&format!(r#"{{"weights": {{"{id}": "2"}}}}"#)).unwrap();
        match evaluate(&plan, &ledger, as_of, &config) {
            Err(EvaluateError::Config(error)) => {
                assert_eq!(error.field, format!("weights.{id}"));
                assert!(error.reason.contains("not a node"), "{error}");
            }
            other => panic!("{id}: {other:?}"),
        }
    }
    let huge = "E".repeat(1_000_000);
    let config = Config::from_json(&format!(r#"{{"weights": {{"{huge}": "2"}}}}"#)).unwrap();
    let error = evaluate(&plan, &ledger, as_of, &config).unwrap_err();
    assert!(error.to_string().len() < 400, "{}", error.to_string().len());
    for id in ["E1", "E1.L1", "E1.L1.M1", "E1.L1.M1.A1", "E1.L1.M1.A1.I1"] {
        let config = Config::from_json(&format!(r#"{{"weights": {{"{id}": "2"}}}}"#)).unwrap();
        assert!(evaluate(&plan, &ledger, as_of, &config).is_ok(), "{id}");
    }
}

// ---------------------------------------------------------------------------
// Messages are capped
// ---------------------------------------------------------------------------

/// The most bytes any one message may have: its sentence, its field and
/// excerpts of at most 64 bytes of each value it quotes.
const MESSAGE_CAP: usize = 1_000;

/// Replaced by a 1,000-digit JSON number in the batch's text.
const LONG_NUMBER_MARK: &str = "@long-number@";

/// Issue 13, item 3: a 60 MB value gave a 60 MB message. Every field of
/// every record kind, given a 1 MB value, gives a short message.
#[test]
fn a_huge_value_in_any_field_gives_a_short_message() {
    let huge = "9".repeat(1_000_000) + "x";
    let records: &[(&str, &[&str])] = &[
        (
            "targets",
            &[
                "indicator",
                "period",
                "entity",
                "baseline",
                "value",
                "recorded_on",
            ],
        ),
        (
            "observations",
            &[
                "indicator",
                "period",
                "entity",
                "value",
                "source",
                "recorded_on",
            ],
        ),
        (
            "milestones",
            &["indicator", "entity", "achieved_on", "recorded_on"],
        ),
        ("submissions", &["entity", "kind", "period", "submitted_on"]),
        ("obligations", &["entity", "kind", "from", "to"]),
    ];
    let valid = |array: &str| -> serde_json::Value {
        match array {
            "targets" => serde_json::json!({"indicator": "E1.L1.M1.A2.I2", "period": "2008",
                "baseline": "0", "value": "10"}),
            "observations" => serde_json::json!({"indicator": "E1.L1.M1.A2.I2", "period": "2008",
                "entity": "MRE", "value": "3"}),
            "milestones" => serde_json::json!({"indicator": "E1.L1.M1.A1.I1", "entity": "MRE",
                "achieved_on": "2007-06-15"}),
            "submissions" => serde_json::json!({"entity": "MP", "kind": "annual",
                "period": "2010", "submitted_on": "2011-01-20"}),
            _ => serde_json::json!({"entity": "MP", "kind": "annual", "from": 2007, "to": 2010}),
        }
    };
    for (array, fields) in records {
        let mut batch = vec![];
        for field in *fields {
            let mut record = valid(array);
            record[*field] = serde_json::Value::String(huge.clone());
            batch.push(record);
            // A 1,000-digit JSON number, written in place of a marker.
            let mut record = valid(array);
            record[*field] = serde_json::Value::String(LONG_NUMBER_MARK.into());
            batch.push(record);
        }
        // An unknown field with a huge name, and a cell with a huge dimension.
        let mut record = valid(array);
        record[huge.as_str()] = serde_json::Value::Bool(true);
        batch.push(record);
        let mut record = valid(array);
        record["cell"] = serde_json::json!({ huge.clone(): huge.clone() });
        batch.push(record);
        let text = serde_json::json!({ *array: batch })
            .to_string()
            .replace(&format!("\"{LONG_NUMBER_MARK}\""), &"9".repeat(1_000));
        let mut ledger = Ledger::new(plan());
        let report = ledger.ingest_json(&text, Mode::Lenient).unwrap();
        assert!(!report.rejections.is_empty(), "{array}");
        for rejection in &report.rejections {
            let message = rejection.to_string();
            assert!(
                message.len() < MESSAGE_CAP,
                "{array}: {} bytes: {}",
                message.len(),
                &message[..200]
            );
        }
        let strict = Ledger::new(plan()).ingest_json(&text, Mode::Strict);
        let message = strict.unwrap_err().to_string();
        assert!(
            message.len() < 4 * MESSAGE_CAP,
            "{array}: {}",
            message.len()
        );
    }
}

#[test]
fn a_huge_array_name_csv_field_or_header_gives_a_short_message() {
    let huge = "x".repeat(10_000_000);
    let mut ledger = Ledger::new(plan());
    let message = ledger
        .ingest_json(&format!(r#"{{"{huge}": []}}"#), Mode::Strict)
        .unwrap_err()
        .to_string();
    assert!(message.len() < MESSAGE_CAP, "{}", message.len());

    let csv = format!("indicator,period,entity,value\nE1.L1.M1.A2.I2,2008,MRE,{huge}\n");
    let message = ledger
        .ingest_csv(csv.as_bytes(), Mode::Strict)
        .unwrap_err()
        .to_string();
    assert!(message.len() < MESSAGE_CAP, "{}", message.len());

    let csv = format!("indicator,period,entity,value,{huge}\n");
    let message = ledger
        .ingest_csv(csv.as_bytes(), Mode::Strict)
        .unwrap_err()
        .to_string();
    assert!(message.len() < MESSAGE_CAP, "{}", message.len());

    let message = Config::from_json(&format!(r#"{{"{huge}": 1}}"#))
        .unwrap_err()
        .to_string();
    assert!(message.len() < MESSAGE_CAP, "{}", message.len());
    let message = Config::from_json(&format!(r#"{{"grace_days": "{huge}"}}"#))
        .unwrap_err()
        .to_string();
    assert!(message.len() < MESSAGE_CAP, "{}", message.len());
    assert!(ledger.is_empty());
}

#[test]
fn a_huge_value_in_a_plan_gives_short_messages() {
    let mut document: PlanDocument = serde_json::from_str(EMBEDDED_PLAN_JSON).unwrap();
    let huge = "Z".repeat(1_000_000);
    document.coordinator = huge.clone();
    document.axes[0].lines[0].goals[0].actions[0].responsible[0].code = huge.clone();
    document.axes[0].id = huge;
    match Plan::new(document) {
        Err(PlanError::Invalid { problems }) => {
            for problem in &problems {
                let message = format!("{}: {}", problem.location, problem.message());
                assert!(message.len() < MESSAGE_CAP, "{} bytes", message.len());
            }
        }
        other => panic!("expected plan problems, got {:?}", other.map(|_| ())),
    }
}

// ---------------------------------------------------------------------------
// Document rules and numbers (kept from issue 13's items 4 to 6)
// ---------------------------------------------------------------------------

#[test]
fn a_byte_order_mark_starts_a_ledger_or_a_configuration() {
    let mut ledger = Ledger::new(plan());
    let report = ledger
        .ingest_json(
            "\u{feff}{\"obligations\": [{\"entity\": \"MP\", \"kind\": \"annual\", \"from\": 2007, \"to\": 2010}]}",
            Mode::Strict,
        )
        .unwrap();
    assert_eq!(report.accepted, 1);
    assert_eq!(
        Config::from_json("\u{feff}{\"grace_days\": 3}")
            .unwrap()
            .grace_days,
        3
    );
}

#[test]
fn zero_with_any_exponent_and_trailing_zeros_are_exact() {
    assert!(seguimiento::parse_decimal("0e99999").unwrap().is_zero());
    assert_eq!(
        seguimiento::parse_decimal("1.000000000000000000000000000000").unwrap(),
        rust_decimal::Decimal::ONE
    );
}

// ---------------------------------------------------------------------------
// Fault injection: a stream that fails or ends midway
// ---------------------------------------------------------------------------

/// Reads `data`, then fails with `kind` once `fail_at` bytes were given.
struct FailingReader<'a> {
    data: &'a [u8],
    given: usize,
    fail_at: usize,
    kind: io::ErrorKind,
}

impl Read for FailingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.given >= self.fail_at {
            return Err(io::Error::new(self.kind, "the disk went away"));
        }
        // Small reads, so the failure falls inside a record.
        let end = self.data.len().min(self.fail_at).min(self.given + 7);
        let n = (end - self.given).min(buf.len());
        buf[..n].copy_from_slice(&self.data[self.given..self.given + n]);
        self.given += n;
        Ok(n)
    }
}

fn observations_csv(rows: usize) -> String {
    // Rows of one key are revisions, each recorded a day after the one
    // before: rows of one key recorded on the same day would be duplicates
    // within the batch.
    let mut csv = String::from("indicator,period,entity,value,recorded_on\n");
    let first = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
    for i in 0..rows {
        let recorded_on = first + chrono::Days::new(i as u64);
        csv.push_str(&format!(
            "E1.L1.M1.A2.I2,{},MRE,{},{recorded_on}\n",
            2007 + i % 11,
            i
        ));
    }
    csv
}

#[test]
fn a_csv_stream_that_fails_midway_changes_nothing_and_says_where() {
    let csv = observations_csv(50);
    let mut base = Ledger::new(plan());
    base.ingest_json(
        r#"{"obligations": [{"entity": "MP", "kind": "annual", "from": 2007, "to": 2010}]}"#,
        Mode::Strict,
    )
    .unwrap();
    let before = base.to_json();
    for fail_at in (0..csv.len()).step_by(13) {
        let mut ledger = base.clone();
        let reader = FailingReader {
            data: csv.as_bytes(),
            given: 0,
            fail_at,
            kind: io::ErrorKind::Other,
        };
        let error = ledger.ingest_csv(reader, Mode::Strict).unwrap_err();
        match &error {
            IngestError::ReadFailed { line, message } => {
                // The line reached: the header is line 1, and no line beyond
                // those fully or partly given.
                let given_lines = csv[..fail_at].matches('\n').count() as u64 + 1;
                assert!(
                    *line <= given_lines,
                    "{fail_at}: line {line} of {given_lines}"
                );
                assert!(message.contains("the disk went away"), "{message}");
            }
            other => panic!("{fail_at}: {other:?}"),
        }
        assert!(error.to_string().contains("line"), "{error}");
        assert_eq!(
            ledger.to_json(),
            before,
            "the ledger changed (failure at {fail_at})"
        );
    }
}

#[test]
fn a_csv_stream_interrupted_is_retried_not_failed() {
    /// Interrupted once before every read: `Read` users retry.
    struct Interrupting<'a> {
        inner: &'a [u8],
        interrupt: bool,
    }
    impl Read for Interrupting<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.interrupt = !self.interrupt;
            if self.interrupt {
                return Err(io::Error::from(io::ErrorKind::Interrupted));
            }
            self.inner.read(buf)
        }
    }
    let csv = observations_csv(20);
    let mut ledger = Ledger::new(plan());
    let report = ledger
        .ingest_csv(
            Interrupting {
                inner: csv.as_bytes(),
                interrupt: false,
            },
            Mode::Strict,
        )
        .unwrap();
    assert_eq!(report.accepted, 20);
}

#[test]
fn a_json_document_that_ends_midway_changes_nothing_and_says_where() {
    let text = serde_json::json!({
        "obligations": [{"entity": "MP", "kind": "annual", "from": 2007, "to": 2010}],
        "observations": (0..10).map(|i| serde_json::json!({
            "indicator": "E1.L1.M1.A2.I2", "period": (2007 + i).to_string(),
            "entity": "MRE", "value": i.to_string()})).collect::<Vec<_>>(),
        "submissions": [{"entity": "MP", "kind": "annual", "period": "2010",
            "submitted_on": "2011-01-20"}]
    })
    .to_string();
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&text).unwrap())
            .unwrap();
    for document in [&text, &pretty] {
        let mut complete = Ledger::new(plan());
        complete.ingest_json(document, Mode::Strict).unwrap();
        let mut ledger = Ledger::new(plan());
        for cut in 0..document.len() {
            // A cut after the closing brace leaves only whitespace off.
            if document[cut..].trim().is_empty() {
                break;
            }
            match ledger.ingest_json(&document[..cut], Mode::Strict) {
                Err(IngestError::Unreadable { line, column, .. }) => {
                    let lines = document[..cut].matches('\n').count() + 1;
                    assert!(line <= lines, "cut {cut}: line {line} of {lines}");
                    assert!(column >= 1, "cut {cut}: column {column}");
                }
                other => panic!("cut {cut}: {other:?}"),
            }
            assert!(ledger.is_empty(), "cut {cut}: the ledger changed");
        }
    }
}

/// Found by the `values` fuzz target: a period of 1,274 bytes of control
/// characters was echoed whole, escaped, in a 4,865-byte message.
#[test]
fn a_long_period_is_quoted_by_its_first_bytes() {
    let text = format!("{}-29 {}", "\u{b}\t\u{8} ".repeat(4), "\u{b}".repeat(1250));
    let message = seguimiento::Period::parse(&text).unwrap_err().to_string();
    assert!(
        message.len() < 600,
        "a {}-byte message: {message}",
        message.len()
    );
    assert!(message.contains(&text.len().to_string()), "{message}");
}

/// Found by the `evaluate_ledger` fuzz target: a target's baseline written
/// `0.0000000` was left out of the export (as the default zero), so the
/// re-imported ledger's scorecard explained the target with `"baseline": "0"`
/// where the original said `"0.0000000"`.
#[test]
fn a_zero_baseline_written_with_decimals_survives_export() {
    let mut ledger = Ledger::new(plan());
    ledger
        .ingest_json(
            r#"{"targets": [{"indicator": "E1.L1.M3.A1.I1", "period": "2007/2017",
                              "baseline": "0.0000000", "value": "2875"}]}"#,
            Mode::Strict,
        )
        .unwrap();
    let exported = ledger.to_json();
    assert!(
        exported.contains(r#""baseline": "0.0000000""#),
        "{exported}"
    );
    let mut again = Ledger::new(plan());
    again.ingest_json(&exported, Mode::Strict).unwrap();
    assert_eq!(again.to_json(), exported);
    let as_of = date("2006-01-01");
    let card = |l: &Ledger| {
        evaluate(&plan(), l, as_of, &Config::default())
            .unwrap()
            .to_json()
    };
    assert_eq!(card(&again), card(&ledger));

    // The default baseline is still left out.
    let mut plain = Ledger::new(plan());
    plain
        .ingest_json(
            r#"{"targets": [{"indicator": "E1.L1.M3.A1.I1", "period": "2007/2017",
                              "baseline": "0", "value": "2875"}]}"#,
            Mode::Strict,
        )
        .unwrap();
    assert!(!plain.to_json().contains("baseline"));
}
