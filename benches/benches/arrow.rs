//! Arrow and Parquet ingest of one million observations from the generator
//! (`cargo bench -p seguimiento-benches --bench arrow`): the ledger's own
//! observations as record batches of 64 Ki rows (as a columnar producer
//! hands them over: dictionary-encoded closed lists, `Date32` dates), and the
//! same as a Parquet file held in memory; then the ledger written out as a
//! record batch. The CSV figure to compare with is the `ledger` bench's.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use seguimiento::{Ledger, Mode, Plan, RecordKind};
use seguimiento_arrow::ParquetBytes;

const OBSERVATIONS: usize = 1_000_000;
const SEED: u64 = 2007;
const BATCH_ROWS: usize = 64 * 1024;

fn benches(c: &mut Criterion) {
    let plan = Arc::new(Plan::embedded());
    let csv = seguimiento_benches::observations_csv(&plan, OBSERVATIONS, SEED);
    let mut ledger = Ledger::new(Arc::clone(&plan));
    ledger
        .ingest_csv(csv.as_bytes(), Mode::Strict)
        .expect("valid synthetic data");
    drop(csv);
    let whole = seguimiento_arrow::to_record_batch(&ledger, RecordKind::Observation)
        .expect("laid out as Arrow");
    let batches: Vec<_> = (0..whole.num_rows())
        .step_by(BATCH_ROWS)
        .map(|start| whole.slice(start, BATCH_ROWS.min(whole.num_rows() - start)))
        .collect();
    let mut file = Vec::new();
    seguimiento_arrow::write_parquet(&ledger, RecordKind::Observation, &mut file).expect("written");
    let parquet = ParquetBytes::from(file);

    let mut group = c.benchmark_group("1M observations");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(OBSERVATIONS as u64));
    group.bench_function("ingest Arrow record batches (validate + store)", |b| {
        b.iter(|| {
            let mut from_arrow = Ledger::new(Arc::clone(&plan));
            let report = seguimiento_arrow::ingest_batches(
                &mut from_arrow,
                RecordKind::Observation,
                &batches,
                Mode::Strict,
            )
            .expect("valid synthetic data");
            black_box(report.accepted)
        })
    });
    group.bench_function("ingest Parquet bytes (decode + validate + store)", |b| {
        b.iter(|| {
            let mut from_parquet = Ledger::new(Arc::clone(&plan));
            let report = seguimiento_arrow::ingest_parquet(
                &mut from_parquet,
                RecordKind::Observation,
                parquet.clone(),
                Mode::Strict,
            )
            .expect("valid synthetic data");
            black_box(report.accepted)
        })
    });
    group.bench_function("ledger to Arrow record batch", |b| {
        b.iter(|| {
            let batch = seguimiento_arrow::to_record_batch(&ledger, RecordKind::Observation)
                .expect("laid out as Arrow");
            black_box(batch.num_rows())
        })
    });
    group.finish();
}

criterion_group!(arrow, benches);
criterion_main!(arrow);
