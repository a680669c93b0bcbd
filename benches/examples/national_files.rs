//! Writes a national-size synthetic ledger to a directory, for `make bench-peers`
//! and for anyone who wants the files:
//!
//! ```text
//! cargo run -q --release -p seguimiento-benches --example national_files -- DIR [OBSERVATIONS]
//! ```
//!
//! `DIR/observations.csv` (the ledger's observation CSV), `DIR/targets.json` (a JSON
//! ledger of targets) and `DIR/year-targets.csv` (the year targets alone, for the
//! peers). The same count always gives the same files.

use std::path::PathBuf;
use std::process::ExitCode;

use seguimiento::Plan;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(dir), count) = (args.next(), args.next()) else {
        eprintln!("usage: national_files DIR [OBSERVATIONS]");
        return ExitCode::from(2);
    };
    let count: usize = match count.map(|c| c.parse()) {
        None => 10_000_000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("national_files: OBSERVATIONS must be a whole number");
            return ExitCode::from(2);
        }
    };
    let dir = PathBuf::from(dir);
    let plan = Plan::embedded();
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::File::create(dir.join("observations.csv")))
        .and_then(|file| seguimiento_benches::write_observations_csv(&plan, count, 2007, file))
        .and_then(|()| {
            std::fs::write(
                dir.join("targets.json"),
                seguimiento_benches::targets_json(&plan),
            )
        })
        .and_then(|()| {
            std::fs::write(
                dir.join("year-targets.csv"),
                seguimiento_benches::year_targets_csv(&plan),
            )
        });
    match written {
        Ok(()) => {
            println!("wrote {count} observations to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("national_files: {}: {e}", dir.display());
            ExitCode::FAILURE
        }
    }
}
