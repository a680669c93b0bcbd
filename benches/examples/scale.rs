//! Ingests and evaluates a synthetic ledger of N observations (default one
//! million) and prints wall-clock times and the process's peak memory:
//!
//! ```text
//! cargo run -q --release -p seguimiento-benches --example scale -- 10000000
//! ```
//!
//! The criterion benchmarks (`cargo bench -p seguimiento-benches`) give the
//! careful figures; this is the quick look at a national-size ledger.

use std::sync::Arc;
use std::time::Instant;

use seguimiento::{evaluate, Config, Ledger, Mode, Plan};

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let count: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 1_000_000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("usage: scale [OBSERVATIONS]");
            std::process::exit(2);
        }
    };
    let plan = Arc::new(Plan::embedded());
    let started = Instant::now();
    let csv = seguimiento_benches::observations_csv(&plan, count, 2007);
    println!(
        "generated {count} observations, {:.0} MiB of CSV, in {:.2} s",
        csv.len() as f64 / 1048576.0,
        started.elapsed().as_secs_f64()
    );
    let before = peak_rss_mib().unwrap_or(0.0);

    let mut ledger = Ledger::new(Arc::clone(&plan));
    ledger
        .ingest_json(&seguimiento_benches::targets_json(&plan), Mode::Strict)
        .expect("valid targets");
    let started = Instant::now();
    let report = ledger
        .ingest_csv(csv.as_bytes(), Mode::Strict)
        .expect("valid observations");
    let ingest = started.elapsed().as_secs_f64();
    println!(
        "ingest: {} observations in {ingest:.2} s ({:.0} per second)",
        report.accepted,
        report.accepted as f64 / ingest
    );
    drop(csv);

    let as_of = chrono::NaiveDate::from_ymd_opt(2017, 12, 31).expect("a date");
    let started = Instant::now();
    let card = evaluate(&plan, &ledger, as_of, &Config::default()).expect("same plan");
    let eval = started.elapsed().as_secs_f64();
    println!(
        "evaluate as of {as_of}: {eval:.2} s ({:.0} observations per second); plan score {}",
        count as f64 / eval,
        card.plan_node()
            .score
            .map(seguimiento::Score::percent)
            .unwrap_or_default()
    );
    println!(
        "ledger: {} bytes per observation stored; process peak {:.0} MiB (the CSV text alone peaked at {:.0} MiB)",
        seguimiento::OBSERVATION_BYTES,
        peak_rss_mib().unwrap_or(0.0),
        before
    );
}
