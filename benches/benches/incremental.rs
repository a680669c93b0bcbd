//! Incremental re-evaluation on a national-size ledger (issue 10: appending
//! 10 records to a ten-million-observation ledger and re-evaluating in 5 ms
//! or less): the generator's observations (`SG_BENCH_OBSERVATIONS`, default
//! 10,000,000, ingested a million at a time) and targets, then
//!
//! - a full `evaluate` as of 2017-12-31, for comparison;
//! - ten new observations ingested and an [`Evaluation`] refreshed, each
//!   iteration appending ten more (`cargo bench -p seguimiento-benches
//!   --bench incremental`).
//!
//! The ten rows of each iteration are drawn by the same generator with a new
//! seed, so they fall on indicators as the ledger's rows do (mostly the
//! indicators with many cells, which hold most of the data).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seguimiento::{evaluate, Config, Evaluation, Mode, Plan};

const DEFAULT_OBSERVATIONS: usize = 10_000_000;
const SEED: u64 = 2007;

fn benches(c: &mut Criterion) {
    let plan = Arc::new(Plan::embedded());
    let total = seguimiento_benches::bench_observations(DEFAULT_OBSERVATIONS);
    let (mut ledger, mut seed) = seguimiento_benches::chunked_ledger(&plan, total, SEED);
    let as_of = chrono::NaiveDate::from_ymd_opt(2017, 12, 31).expect("a valid date");
    let config = Config::default();

    let mut group = c.benchmark_group(format!("{total} observations"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("evaluate as of 2017-12-31", |b| {
        b.iter(|| black_box(evaluate(&plan, &ledger, as_of, &config).expect("same plan")))
    });
    let mut evaluation = Evaluation::new(&plan, &ledger, as_of, &config).expect("same plan");
    group.sample_size(50);
    group.throughput(Throughput::Elements(10));
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
    // The refreshed scorecard is still the full evaluation's.
    let full = evaluate(&plan, &ledger, as_of, &config).expect("same plan");
    assert_eq!(evaluation.scorecard().to_json(), full.to_json());
}

criterion_group!(incremental, benches);
criterion_main!(incremental);
