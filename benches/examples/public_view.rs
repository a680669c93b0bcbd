//! How long the public view of an evaluation takes to build (SPEC §5): the
//! sample ledger, then a synthetic ledger of `COUNT` observations (the
//! generator of `make bench`), each evaluated at 2017-12-31 and protected
//! once. Prints the time of `PublicView::build` and its audit summary.
//!
//! ```text
//! cargo run -q --release -p seguimiento-benches --example public_view -- [COUNT]
//! ```

use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use seguimiento::{evaluate, Config, Ledger, Mode, Plan, PublicConfig, PublicView};

const DEMO: &str = include_str!("../../seeds/demo-ledger.json");

fn main() -> Result<(), String> {
    let count: usize = match std::env::args().nth(1) {
        Some(text) => text.parse().map_err(|e| format!("COUNT {text:?}: {e}"))?,
        None => 100_000,
    };
    let plan = Arc::new(Plan::embedded());
    let as_of = NaiveDate::from_ymd_opt(2017, 12, 31).ok_or("date")?;

    let mut sample = Ledger::new(Arc::clone(&plan));
    sample
        .ingest_json(DEMO, Mode::Strict)
        .map_err(|e| e.to_string())?;
    measure("sample ledger", &plan, &sample, as_of)?;

    let mut large = Ledger::new(Arc::clone(&plan));
    large
        .ingest_json(&seguimiento_benches::targets_json(&plan), Mode::Strict)
        .map_err(|e| e.to_string())?;
    let csv = seguimiento_benches::observations_csv(&plan, count, 7);
    large
        .ingest_csv(csv.as_bytes(), Mode::Lenient)
        .map_err(|e| e.to_string())?;
    measure(
        &format!("{count} synthetic observations"),
        &plan,
        &large,
        as_of,
    )
}

fn measure(what: &str, plan: &Plan, ledger: &Ledger, as_of: NaiveDate) -> Result<(), String> {
    let card = evaluate(plan, ledger, as_of, &Config::default()).map_err(|e| e.to_string())?;
    let start = Instant::now();
    let view = PublicView::build(plan, ledger, &card, &PublicConfig::new("timing"));
    let elapsed = start.elapsed();
    match view {
        Ok(view) => {
            println!(
                "{what}: build {:.3} s; {} values, {} relations, {} primary, {} secondary, {} cells",
                elapsed.as_secs_f64(),
                view.audit.values,
                view.relations().relations().len(),
                view.audit.primary,
                view.audit.secondary,
                view.cells.len()
            );
            // The engine's share: protection and audit again on the same
            // values and relations.
            let options = seguimiento::disclosure::ProtectOptions::default();
            let start = Instant::now();
            let protection = seguimiento::disclosure::protect(view.relations(), &options)
                .map_err(|e| e.to_string())?;
            let protect_time = start.elapsed();
            let start = Instant::now();
            protection
                .audit(view.relations())
                .map_err(|e| e.to_string())?;
            println!(
                "{what}: of which protect {:.3} s, audit {:.3} s (again, outside build)",
                protect_time.as_secs_f64(),
                start.elapsed().as_secs_f64()
            );
        }
        Err(e) => println!("{what}: refused after {:.3} s: {e}", elapsed.as_secs_f64()),
    }
    Ok(())
}
