//! Above 100,000 observations `evaluate` and `evaluate_many` score the
//! indicators on several threads. The scorecards must be the ones the
//! one-thread path gives: `Evaluation::new` scores them in plan order on the
//! calling thread, so it is the reference here. (On a one-core machine both
//! paths are the serial one and the test still holds.)

use std::sync::Arc;

use chrono::NaiveDate;
use seguimiento::{evaluate, evaluate_many, Config, Evaluation, Ledger, Mode, Plan};

#[test]
fn scorecards_scored_on_many_threads_equal_the_one_thread_scorecards() {
    let plan = Arc::new(Plan::embedded());
    let mut ledger = Ledger::new(Arc::clone(&plan));
    ledger
        .ingest_json(&seguimiento_benches::targets_json(&plan), Mode::Strict)
        .unwrap();
    let csv = seguimiento_benches::observations_csv(&plan, 150_000, 42);
    let report = ledger.ingest_csv(csv.as_bytes(), Mode::Strict).unwrap();
    assert_eq!(report.accepted, 150_000);
    // Out of order on purpose: evaluate_many visits dates by knowledge date.
    let dates: Vec<NaiveDate> = [2017, 2008, 2012]
        .iter()
        .map(|&y| NaiveDate::from_ymd_opt(y, 12, 31).unwrap())
        .collect();
    let configs = [
        Config::default(),
        Config {
            known_on: NaiveDate::from_ymd_opt(2012, 6, 30),
            ..Config::default()
        },
    ];
    for config in &configs {
        let many = evaluate_many(&plan, &ledger, &dates, config).unwrap();
        for (&as_of, from_many) in dates.iter().zip(&many) {
            let one_thread = Evaluation::new(&plan, &ledger, as_of, config)
                .unwrap()
                .scorecard()
                .to_json();
            let parallel = evaluate(&plan, &ledger, as_of, config).unwrap();
            assert_eq!(parallel.to_json(), one_thread, "evaluate as of {as_of}");
            assert_eq!(
                from_many.to_json(),
                one_thread,
                "evaluate_many as of {as_of}"
            );
        }
    }
}
