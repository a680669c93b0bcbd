//! The synthetic ledger the benchmarks measure must be valid, or the
//! benchmark would time the rejection path instead of the real one.

use std::sync::Arc;

use seguimiento::{evaluate, Config, Ledger, Mode, Plan};

#[test]
fn synthetic_observations_ingest_strictly_and_evaluate() {
    let plan = Arc::new(Plan::embedded());
    let csv = seguimiento_benches::observations_csv(&plan, 20_000, 2007);
    let mut ledger = Ledger::new(Arc::clone(&plan));
    ledger
        .ingest_json(&seguimiento_benches::targets_json(&plan), Mode::Strict)
        .unwrap_or_else(|e| panic!("the generator wrote an invalid target: {e}"));
    let report = ledger
        .ingest_csv(csv.as_bytes(), Mode::Strict)
        .unwrap_or_else(|e| panic!("the generator wrote an invalid record: {e}"));
    assert_eq!(report.accepted, 20_000);
    let as_of = chrono::NaiveDate::from_ymd_opt(2017, 12, 31).unwrap();
    let card = evaluate(&plan, &ledger, as_of, &Config::default()).unwrap();
    let score = card.plan_node().score.expect("the plan is scored");
    assert!(score > seguimiento::Score::ZERO && score <= seguimiento::Score::ONE);
}

#[test]
fn the_same_seed_gives_the_same_ledger() {
    let plan = Plan::embedded();
    let a = seguimiento_benches::observations_csv(&plan, 500, 1);
    assert_eq!(a, seguimiento_benches::observations_csv(&plan, 500, 1));
    assert_ne!(a, seguimiento_benches::observations_csv(&plan, 500, 2));
}
