//! Times the Arrow paths once on a national observation file, for the
//! README's figures (a timing, not a test):
//!
//! ```text
//! cargo run -q --release -p seguimiento-benches --example arrow_paths -- DIR/observations.csv
//! ```
//!
//! The CSV is read into a ledger (strict); then, each timed: the ledger's
//! observations to one Arrow record batch (`to_record_batch`; then through
//! the observations table, the way it was laid out before), that batch
//! cut into batches of 64 Ki rows ingested into a new ledger
//! (`ingest_batches`, strict; then on one thread), the observations written as Parquet in
//! memory (`write_parquet`) and read back (`ingest_parquet`, strict). Each
//! new ledger must equal the first one's observations.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use seguimiento::{Ledger, LedgerTable, Mode, Plan, RecordKind};

const BATCH_ROWS: usize = 64 * 1024;

fn main() -> ExitCode {
    let Some(csv) = std::env::args().nth(1) else {
        eprintln!("usage: arrow_paths OBSERVATIONS.csv");
        return ExitCode::from(2);
    };
    match run(&csv) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("arrow_paths: {message}");
            ExitCode::FAILURE
        }
    }
}

fn seconds(start: Instant) -> String {
    format!("{:.3} s", start.elapsed().as_secs_f64())
}

fn run(csv: &str) -> Result<(), String> {
    let plan = Arc::new(Plan::embedded());
    let mut ledger = Ledger::new(Arc::clone(&plan));
    let file = std::fs::File::open(csv).map_err(|e| format!("{csv}: {e}"))?;
    let start = Instant::now();
    ledger
        .ingest_csv(file, Mode::Strict)
        .map_err(|e| format!("{csv}: {e}"))?;
    let rows = ledger.counts()[1];
    println!("{rows} observations; CSV ingest {}", seconds(start));

    let start = Instant::now();
    let whole = seguimiento_arrow::to_record_batch(&ledger, RecordKind::Observation)
        .map_err(|e| e.to_string())?;
    println!("ledger -> Arrow record batch {}", seconds(start));

    let start = Instant::now();
    let former = seguimiento_arrow::table_batch(&ledger.table(LedgerTable::Observations))
        .map_err(|e| e.to_string())?;
    println!(
        "the same through the observations table (texts and maps per row) {}",
        seconds(start)
    );
    drop(former);

    let batches: Vec<_> = (0..whole.num_rows())
        .step_by(BATCH_ROWS)
        .map(|at| whole.slice(at, BATCH_ROWS.min(whole.num_rows() - at)))
        .collect();
    let mut from_arrow = Ledger::new(Arc::clone(&plan));
    let start = Instant::now();
    seguimiento_arrow::ingest_batches(
        &mut from_arrow,
        RecordKind::Observation,
        &batches,
        Mode::Strict,
    )
    .map_err(|e| e.to_string())?;
    println!("Arrow ingest (64 Ki-row batches) {}", seconds(start));
    if from_arrow.counts()[1] != rows {
        return Err("the Arrow ingest lost rows".into());
    }
    drop(from_arrow);
    let mut one_thread = Ledger::new(Arc::clone(&plan));
    let reader = arrow_array::RecordBatchIterator::new(batches.into_iter().map(Ok), whole.schema());
    let start = Instant::now();
    seguimiento_arrow::ingest_reader_with(
        &mut one_thread,
        RecordKind::Observation,
        reader,
        Mode::Strict,
        1,
    )
    .map_err(|e| e.to_string())?;
    println!("the same on one thread {}", seconds(start));
    drop((whole, one_thread));

    let start = Instant::now();
    let mut file = Vec::new();
    seguimiento_arrow::write_parquet(&ledger, RecordKind::Observation, &mut file)
        .map_err(|e| e.to_string())?;
    println!(
        "write Parquet ({} MB) {}",
        file.len() / 1_000_000,
        seconds(start)
    );
    let mut from_parquet = Ledger::new(Arc::clone(&plan));
    let start = Instant::now();
    seguimiento_arrow::ingest_parquet(
        &mut from_parquet,
        RecordKind::Observation,
        file,
        Mode::Strict,
    )
    .map_err(|e| e.to_string())?;
    println!("Parquet ingest (bytes) {}", seconds(start));
    if from_parquet.counts()[1] != rows {
        return Err("the Parquet ingest lost rows".into());
    }
    Ok(())
}
