//! The Parquet side of the national-scale goals: the whole job on a Parquet
//! file of observations, as one process, like `national_scorecard` does on
//! the CSV.
//!
//! ```text
//! # once: the national CSV (national_files) as Parquet, through a ledger
//! cargo run -q --release -p seguimiento-benches --example parquet_scorecard -- \
//!     --write DIR/observations.csv OUT/observations.parquet
//! # then: ingest (strict), evaluate at 2017-12-31, print the plan score
//! cargo run -q --release -p seguimiento-benches --example parquet_scorecard -- \
//!     OUT/observations.parquet DIR/targets.json
//! ```
//!
//! The Parquet file is the ledger's own export (`write_parquet`): entity and
//! indicator dictionary-encoded, values `Decimal128`, dates `Date32`, as a
//! columnar producer writes them. The score line has the shape of
//! `national_scorecard`'s, so the two can be compared; each phase's time is
//! printed on stderr.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use seguimiento::{evaluate, Config, Ledger, Mode, Plan, RecordKind};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let done = match args.as_slice() {
        [flag, csv, parquet] if flag == "--write" => write(Path::new(csv), Path::new(parquet)),
        [parquet, targets] => score(Path::new(parquet), Path::new(targets)),
        _ => {
            eprintln!(
                "usage: parquet_scorecard OBSERVATIONS.parquet TARGETS.json\n       \
                 parquet_scorecard --write OBSERVATIONS.csv OBSERVATIONS.parquet"
            );
            return ExitCode::from(2);
        }
    };
    match done {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("parquet_scorecard: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Reads observation CSV into a ledger and writes its observations as Parquet.
fn write(csv: &Path, parquet: &Path) -> Result<String, String> {
    let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
    let file =
        std::fs::File::open(csv).map_err(|e| format!("{}: cannot open: {e}", csv.display()))?;
    ledger
        .ingest_csv(file, Mode::Strict)
        .map_err(|e| format!("{}: {e}", csv.display()))?;
    let out = std::fs::File::create(parquet)
        .map_err(|e| format!("{}: cannot create: {e}", parquet.display()))?;
    seguimiento_arrow::write_parquet(&ledger, RecordKind::Observation, out)
        .map_err(|e| format!("{}: {e}", parquet.display()))?;
    Ok(format!(
        "wrote {} observations to {}",
        ledger.counts()[1],
        parquet.display()
    ))
}

/// Ingests the targets and the Parquet observations, evaluates, and returns
/// the line to print.
fn score(parquet: &Path, targets: &Path) -> Result<String, String> {
    let start = Instant::now();
    let mut ledger = seguimiento_benches::ledger_with_targets(targets)?;
    let plan = Arc::clone(ledger.plan());

    let ingest = Instant::now();
    let report = seguimiento_arrow::ingest_parquet_path(
        &mut ledger,
        RecordKind::Observation,
        parquet,
        Mode::Strict,
    )
    .map_err(|e| format!("{}: {e}", parquet.display()))?;
    let ingested = ingest.elapsed();

    let as_of = seguimiento_benches::plan_end();
    let evaluation = Instant::now();
    let card = evaluate(&plan, &ledger, as_of, &Config::default())
        .map_err(|e| format!("evaluation as of {as_of}: {e}"))?;
    let evaluated = evaluation.elapsed();
    eprintln!(
        "parquet ingest {:.3} s, evaluate {:.3} s, total {:.3} s",
        ingested.as_secs_f64(),
        evaluated.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    Ok(seguimiento_benches::score_line(&card, report.accepted))
}
