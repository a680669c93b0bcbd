//! Ingest and evaluation throughput on a synthetic ledger of one million
//! observations over the embedded plan (`cargo bench -p seguimiento-benches`):
//! CSV ingest, JSON ingest (the same observations as a JSON ledger), and the
//! evaluation of the ledger with the generator's targets at one date, at the
//! 11 year ends one by one, and at the 11 year ends with `evaluate_many`;
//! and an [`Evaluation`] refreshed after 10 observations are appended
//! (`benches/incremental.rs` does the same on ten million).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seguimiento::{evaluate, evaluate_many, Config, Evaluation, Ledger, Mode, Plan};

const OBSERVATIONS: usize = 1_000_000;
const SEED: u64 = 2007;

fn benches(c: &mut Criterion) {
    let plan = Arc::new(Plan::embedded());
    let csv = seguimiento_benches::observations_csv(&plan, OBSERVATIONS, SEED);
    let as_of = chrono::NaiveDate::from_ymd_opt(2017, 12, 31).expect("a valid date");
    let config = Config::default();

    let mut group = c.benchmark_group("1M observations");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(OBSERVATIONS as u64));
    group.bench_function("ingest CSV (parse + validate + store)", |b| {
        b.iter(|| {
            let mut ledger = Ledger::new(Arc::clone(&plan));
            let report = ledger
                .ingest_csv(csv.as_bytes(), Mode::Strict)
                .expect("valid synthetic data");
            black_box(report.accepted)
        })
    });

    let mut ledger = Ledger::new(Arc::clone(&plan));
    ledger
        .ingest_csv(csv.as_bytes(), Mode::Strict)
        .expect("valid synthetic data");
    drop(csv);

    // The same observations as a JSON ledger document, as a system that
    // exports JSON would hand them over.
    let json = ledger.to_json();
    group.bench_function("ingest JSON (parse + validate + store)", |b| {
        b.iter(|| {
            let mut from_json = Ledger::new(Arc::clone(&plan));
            let report = from_json
                .ingest_json(&json, Mode::Strict)
                .expect("valid synthetic data");
            black_box(report.accepted)
        })
    });
    drop(json);

    // Targets for every observable indicator, so that evaluation scores
    // achievement rather than finding nothing to compare with.
    ledger
        .ingest_json(&seguimiento_benches::targets_json(&plan), Mode::Strict)
        .expect("valid synthetic targets");
    group.bench_function("evaluate as of 2017-12-31", |b| {
        b.iter(|| black_box(evaluate(&plan, &ledger, as_of, &config).expect("same plan")))
    });
    // The year-end series 2007-2017: one evaluation per date, then all at
    // once, sharing the reading of the records.
    let year_ends: Vec<chrono::NaiveDate> = (2007..=2017)
        .filter_map(|y| chrono::NaiveDate::from_ymd_opt(y, 12, 31))
        .collect();
    group.bench_function("evaluate 11 year ends, one by one", |b| {
        b.iter(|| {
            let cards: Vec<_> = year_ends
                .iter()
                .map(|&d| evaluate(&plan, &ledger, d, &config).expect("same plan"))
                .collect();
            black_box(cards)
        })
    });
    group.bench_function("evaluate_many 11 year ends", |b| {
        b.iter(|| black_box(evaluate_many(&plan, &ledger, &year_ends, &config).expect("same plan")))
    });
    // Ten new observations ingested, then the kept evaluation refreshed:
    // each iteration appends another ten (a new seed each time).
    group.throughput(Throughput::Elements(10));
    let mut evaluation = Evaluation::new(&plan, &ledger, as_of, &config).expect("same plan");
    let mut seed = SEED;
    group.bench_function("append 10 observations + refresh", |b| {
        b.iter(|| {
            seed += 1;
            let rows = seguimiento_benches::observations_csv(&plan, 10, seed);
            ledger
                .ingest_csv(rows.as_bytes(), Mode::Lenient)
                .expect("readable synthetic rows");
            black_box(evaluation.refresh(&ledger).expect("the same ledger"))
        })
    });
    group.finish();
}

criterion_group!(ledger, benches);
criterion_main!(ledger);
