//! Evaluation times on the national files written by the `national_files`
//! example: one `evaluate` as of 2017-12-31, `evaluate_many` at the 11 year
//! ends, and an [`Evaluation`] refreshed after 10 appended observations,
//! each the fastest of a few runs, in one process so the ledger is ingested
//! once:
//!
//! ```text
//! cargo run -q --release -p seguimiento-benches --example evaluation_timings -- \
//!     DIR/observations.csv DIR/targets.json
//! ```
//!
//! The criterion benches (`ledger`, `incremental`) give the careful figures
//! on generated ledgers; this is the quick look at the files the
//! side-by-side job reads. The refreshed scorecard is checked against a full
//! evaluation, byte for byte, before anything is printed about it.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use seguimiento::{evaluate, evaluate_many, Config, Evaluation, Mode};

/// Runs of each measurement; the fastest is printed.
const RUNS: usize = 3;
/// Appends (of 10 observations each) refreshed and timed.
const APPENDS: usize = 20;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [observations, targets] = args.as_slice() else {
        eprintln!("usage: evaluation_timings OBSERVATIONS.csv TARGETS.json");
        return ExitCode::from(2);
    };
    match run(Path::new(observations), Path::new(targets)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("evaluation_timings: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The processor time of the process so far (every thread, user and
/// system), in seconds, from `/proc/self/stat` (Linux; 0 elsewhere): on a
/// machine shared with other work it says more than the wall time.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name (which may hold spaces), from the
    // third: utime and stime are the 14th and 15th.
    let Some((_, after)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<f64>().ok())
        .sum();
    // The kernel's USER_HZ is 100 on every Linux platform in use.
    ticks / 100.0
}

/// A measurement: the fastest wall time of some runs and the processor
/// time of that run.
struct Timing {
    wall: Duration,
    cpu: f64,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.3} s wall, {:.2} s processor",
            self.wall.as_secs_f64(),
            self.cpu
        )
    }
}

/// The fastest of `runs` calls of `work`, with the last result.
fn fastest<T>(runs: usize, mut work: impl FnMut() -> T) -> (Timing, T) {
    let mut best = Timing {
        wall: Duration::MAX,
        cpu: 0.0,
    };
    let mut last = None;
    for _ in 0..runs {
        let (started, cpu) = (Instant::now(), cpu_seconds());
        let result = work();
        let wall = started.elapsed();
        if wall < best.wall {
            best = Timing {
                wall,
                cpu: cpu_seconds() - cpu,
            };
        }
        last = Some(result);
    }
    (best, last.expect("at least one run"))
}

fn run(observations: &Path, targets: &Path) -> Result<(), String> {
    let mut ledger = seguimiento_benches::ledger_with_targets(targets)?;
    let plan = Arc::clone(ledger.plan());
    let file = std::fs::File::open(observations)
        .map_err(|e| format!("{}: cannot open: {e}", observations.display()))?;
    let report = ledger
        .ingest_csv(file, Mode::Strict)
        .map_err(|e| format!("{}: {e}", observations.display()))?;
    println!("{} observations", report.accepted);

    let config = Config::default();
    let date = |year| chrono::NaiveDate::from_ymd_opt(year, 12, 31).expect("a year end");
    let as_of = date(2017);
    let (took, card) = fastest(RUNS, || evaluate(&plan, &ledger, as_of, &config));
    let card = card.map_err(|e| e.to_string())?;
    println!("evaluate as of {as_of}: {took}");

    let year_ends: Vec<_> = (2007..=2017).map(date).collect();
    let (took, cards) = fastest(RUNS, || evaluate_many(&plan, &ledger, &year_ends, &config));
    let cards = cards.map_err(|e| e.to_string())?;
    if cards.last() != Some(&card) {
        return Err("evaluate_many's last scorecard is not evaluate's".to_string());
    }
    println!("evaluate_many at 11 year ends: {took}");

    let (took, evaluation) = fastest(1, || Evaluation::new(&plan, &ledger, as_of, &config));
    let mut evaluation = evaluation.map_err(|e| e.to_string())?;
    println!("Evaluation::new: {took}");
    let mut refreshes = Vec::with_capacity(APPENDS);
    for seed in 0..APPENDS as u64 {
        let rows = seguimiento_benches::observations_csv(&plan, 10, 1_000_000 + seed);
        ledger
            .ingest_csv(rows.as_bytes(), Mode::Lenient)
            .map_err(|e| format!("appended rows: {e}"))?;
        let started = Instant::now();
        evaluation.refresh(&ledger).map_err(|e| e.to_string())?;
        refreshes.push(started.elapsed());
    }
    let full = evaluate(&plan, &ledger, as_of, &config).map_err(|e| e.to_string())?;
    if evaluation.scorecard().to_json() != full.to_json() {
        return Err("the refreshed scorecard is not the full evaluation's".to_string());
    }
    refreshes.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "refresh after 10 appended observations ({APPENDS} appends): median {:.2} ms, max {:.2} ms",
        ms(refreshes[APPENDS / 2]),
        ms(refreshes[APPENDS - 1])
    );
    Ok(())
}
