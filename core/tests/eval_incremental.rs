//! An [`Evaluation`] kept up to date with its ledger (issue 10, item 4):
//! what a refresh reads and scores again, and what it refuses. That a
//! refreshed scorecard is the full evaluation over random batches is a
//! property test in `eval_props.rs`.

use std::sync::Arc;

use chrono::NaiveDate;
use seguimiento::{evaluate, Config, EvaluateError, Evaluation, Ledger, Mode, Plan, Refresh};

const DEMO: &str = include_str!("../../seeds/demo-ledger.json");

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a YYYY-MM-DD date")
}

/// The demo ledger on the embedded plan, and an evaluation of it at the end of 2012.
fn demo() -> (Ledger, Evaluation) {
    let plan = Arc::new(Plan::embedded());
    let mut ledger = Ledger::new(Arc::clone(&plan));
    ledger
        .ingest_json(DEMO, Mode::Strict)
        .expect("the demo ledger is valid");
    let evaluation = Evaluation::new(&plan, &ledger, date("2012-12-31"), &Config::default())
        .expect("evaluation runs");
    (ledger, evaluation)
}

fn full(ledger: &Ledger, evaluation: &Evaluation) -> String {
    evaluate(
        ledger.plan(),
        ledger,
        evaluation.as_of(),
        evaluation.config(),
    )
    .expect("evaluation runs")
    .to_json()
}

#[test]
fn a_refresh_scores_again_only_the_indicators_the_new_records_name() {
    let (mut ledger, mut evaluation) = demo();
    let before = evaluation.scorecard().to_json();
    ledger
        .ingest_json(
            r#"{"observations": [
              {"indicator": "E1.L1.M2.A2.I3", "period": "2012", "entity": "GIT", "value": "7", "recorded_on": "2012-12-01"},
              {"indicator": "E1.L1.M2.A2.I3", "period": "2011", "entity": "GIT", "value": "3", "recorded_on": "2012-12-01"}
            ],
            "targets": [{"indicator": "E1.L1.M2.A2.I3", "period": "2012", "value": "9"}]}"#,
            Mode::Strict,
        )
        .expect("valid records");
    let refresh = evaluation.refresh(&ledger).expect("the same ledger");
    assert_eq!(
        refresh,
        Refresh {
            records: 3,
            indicators: 1,
            reporting: false,
            full: false
        }
    );
    assert_eq!(evaluation.scorecard().to_json(), full(&ledger, &evaluation));
    assert_ne!(evaluation.scorecard().to_json(), before);
}

#[test]
fn nothing_added_nothing_scored() {
    let (ledger, mut evaluation) = demo();
    let before = evaluation.scorecard().clone();
    assert_eq!(
        evaluation.refresh(&ledger).expect("the same ledger"),
        Refresh::default()
    );
    assert_eq!(evaluation.scorecard(), &before);
}

#[test]
fn a_refused_strict_batch_adds_nothing_to_read() {
    let (mut ledger, mut evaluation) = demo();
    let refused = ledger.ingest_json(
        r#"{"observations": [
          {"indicator": "E1.L1.M2.A2.I3", "period": "2012", "entity": "GIT", "value": "7"},
          {"indicator": "E1.L1.M2.A2.I3", "period": "2012", "entity": "NOBODY", "value": "7"}
        ]}"#,
        Mode::Strict,
    );
    assert!(refused.is_err());
    assert_eq!(
        evaluation.refresh(&ledger).expect("the same ledger"),
        Refresh::default()
    );
    assert_eq!(evaluation.scorecard().to_json(), full(&ledger, &evaluation));
}

#[test]
fn submissions_and_obligations_recompute_reporting_only() {
    let (mut ledger, mut evaluation) = demo();
    ledger
        .ingest_json(
            r#"{"obligations": [{"entity": "MP", "kind": "annual", "from": 2008, "to": 2012}],
                "submissions": [{"entity": "MP", "kind": "annual", "period": "2009", "submitted_on": "2010-01-20"}]}"#,
            Mode::Strict,
        )
        .expect("valid records");
    let refresh = evaluation.refresh(&ledger).expect("the same ledger");
    assert_eq!((refresh.records, refresh.indicators), (2, 0));
    assert!(refresh.reporting);
    assert_eq!(evaluation.scorecard().to_json(), full(&ledger, &evaluation));
}

#[test]
fn recommendations_and_follow_ups_touch_no_score() {
    let (mut ledger, mut evaluation) = demo();
    let before = evaluation.scorecard().clone();
    ledger
        .ingest_json(
            r#"{"recommendations": [{"id": "EV-2012-09", "evaluation": "2011/2012", "issued_on": "2012-03-01",
                                      "entity": "MP", "text": "Publicar los expedientes."}],
                "follow_ups": [{"recommendation": "EV-2012-09", "entity": "MP", "status": "in_progress", "on": "2012-06-30"}]}"#,
            Mode::Strict,
        )
        .expect("valid records");
    let refresh = evaluation.refresh(&ledger).expect("the same ledger");
    assert_eq!(
        refresh,
        Refresh {
            records: 2,
            ..Refresh::default()
        }
    );
    assert_eq!(evaluation.scorecard(), &before);
    assert_eq!(evaluation.scorecard().to_json(), full(&ledger, &evaluation));
}

#[test]
fn a_copy_of_the_ledger_is_another_ledger() {
    let (ledger, mut evaluation) = demo();
    let mut copy = ledger.clone();
    copy.ingest_json(
        r#"{"observations": [{"indicator": "E1.L1.M2.A2.I3", "period": "2012", "entity": "GIT", "value": "7"}]}"#,
        Mode::Strict,
    )
    .expect("valid records");
    let before = evaluation.scorecard().clone();
    let refused = evaluation.refresh(&copy);
    assert_eq!(refused, Err(EvaluateError::OtherLedger));
    let message = refused.unwrap_err().to_string();
    assert!(message.contains("another ledger"), "{message}");
    assert_eq!(evaluation.scorecard(), &before);
    // Nor is a ledger made apart, even with the same records.
    let mut twin = Ledger::new(Arc::clone(ledger.plan()));
    twin.ingest_json(DEMO, Mode::Strict).expect("valid");
    assert_eq!(evaluation.refresh(&twin), Err(EvaluateError::OtherLedger));
    // The ledger it was made from still refreshes it.
    assert!(evaluation.refresh(&ledger).is_ok());
}

#[test]
fn it_fails_as_evaluate_fails() {
    let (ledger, _) = demo();
    let plan = ledger.plan();
    let far = date("1990-12-31");
    let expected = evaluate(plan, &ledger, far, &Config::default()).unwrap_err();
    let got = Evaluation::new(plan, &ledger, far, &Config::default()).unwrap_err();
    assert_eq!(got, expected);
}
