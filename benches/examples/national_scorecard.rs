//! The project's side of `make bench-peers`: the whole job on files written by
//! the `national_files` example, as one process, so that its wall time and
//! peak memory compare with the peers' (`benches/peers/peers.py`):
//!
//! ```text
//! cargo run -q --release -p seguimiento-benches --example national_scorecard -- \
//!     DIR/observations.csv DIR/targets.json
//! ```
//!
//! It ingests the targets (JSON) and the observations (CSV, streamed from the
//! file) in strict mode, evaluates at 2017-12-31 and prints one line,
//! `seguimiento score=<plan score as a fraction> accepted=<observations>`,
//! in the same shape as the peers' line. Any error is printed with its
//! record, field and reason, and the exit status is 1.
//!
//! `BENCH_CSV_THREADS=N` sets the threads that read the CSV (default: every
//! core; `1` reads it row by row, the reference the parallel read equals).
//! `BENCH_TIMINGS=1` also prints, on standard error, the wall time of each
//! half of the job: `ingest=<s> evaluate=<s>` (the ingest half reads both
//! files), so the two are measured apart in the same run.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use seguimiento::{evaluate, Config, CsvOptions, Mode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [observations, targets] = args.as_slice() else {
        eprintln!("usage: national_scorecard OBSERVATIONS.csv TARGETS.json");
        return ExitCode::from(2);
    };
    match run(Path::new(observations), Path::new(targets)) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("national_scorecard: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Ingests both files, evaluates, and returns the line to print.
fn run(observations: &Path, targets: &Path) -> Result<String, String> {
    let timings = std::env::var_os("BENCH_TIMINGS").is_some_and(|v| v != "0");
    let started = Instant::now();
    let mut ledger = seguimiento_benches::ledger_with_targets(targets)?;
    let plan = Arc::clone(ledger.plan());

    // The file is handed over as a reader: it is read block by block, so
    // the text never has to be in memory whole.
    let file = std::fs::File::open(observations)
        .map_err(|e| format!("{}: cannot open: {e}", observations.display()))?;
    let csv = CsvOptions {
        threads: match std::env::var("BENCH_CSV_THREADS") {
            Ok(n) => n
                .parse()
                .map_err(|e| format!("BENCH_CSV_THREADS={n:?}: {e}"))?,
            Err(_) => 0,
        },
        ..CsvOptions::default()
    };
    let report = ledger
        .ingest_csv_with(file, Mode::Strict, csv)
        .map_err(|e| format!("{}: {e}", observations.display()))?;

    let ingested = Instant::now();

    let as_of = seguimiento_benches::plan_end();
    let card = evaluate(&plan, &ledger, as_of, &Config::default())
        .map_err(|e| format!("evaluation as of {as_of}: {e}"))?;
    if timings {
        eprintln!(
            "ingest={:.3} evaluate={:.3}",
            (ingested - started).as_secs_f64(),
            ingested.elapsed().as_secs_f64()
        );
    }
    Ok(seguimiento_benches::score_line(&card, report.accepted))
}
