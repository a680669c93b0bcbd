//! Reading observation CSV makes no heap allocation per valid row: fields
//! are borrowed from the chunk, numbers parsed to exact decimals without a
//! string, codes and cells looked up by borrowed keys. Counted, never timed:
//! this test binary's global allocator (`stats_alloc`) counts allocations
//! while a batch is read; doubling the rows may add only the few
//! allocations of vectors that double their capacity, and of the chunks.

use std::alloc::System;
use std::sync::Arc;

use seguimiento::{CsvOptions, Ledger, Mode, Plan};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

/// The system allocator, counting (`stats_alloc`).
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// count, monthly, dimensions sexo and edad; responsible MINGOB/DGM, MTPS, MRE.
const MONTHLY: &str = "E2.L3.M2.A4.I1";

/// `rows` valid rows, each its own key (its own `recorded_on`), cells of
/// both dimensions, values with decimals.
fn csv(rows: usize) -> Vec<u8> {
    let sexes = ["mujer", "hombre"];
    let ages = ["0-12", "13-17"];
    let first = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
    let mut text = String::from("indicator,period,entity,value,recorded_on,cell.sexo,cell.edad\n");
    for i in 0..rows {
        let recorded_on = first + chrono::Days::new(i as u64);
        text.push_str(&format!(
            "{MONTHLY},{}-{:02},DGM,{}.0,{recorded_on},{},{}\n",
            2008 + i % 9,
            1 + i % 12,
            i % 1000,
            sexes[i % 2],
            ages[(i / 2) % 2],
        ));
    }
    text.into_bytes()
}

/// Allocations (reallocations included) made while `rows` rows are read,
/// and the rows accepted.
fn allocations(rows: usize, threads: usize) -> (u64, usize) {
    let data = csv(rows);
    let plan = Arc::new(Plan::embedded());
    let mut ledger = Ledger::new(plan);
    let options = CsvOptions {
        threads,
        chunk_bytes: 64 << 10,
    };
    let region = Region::new(GLOBAL);
    let report = ledger
        .ingest_csv_bytes_with(&data, Mode::Strict, options)
        .unwrap();
    let change = region.change();
    (
        (change.allocations + change.reallocations) as u64,
        report.accepted,
    )
}

#[test]
fn valid_rows_allocate_nothing_each_in_parallel_or_one_by_one() {
    for threads in [2, 1] {
        let (small, accepted_small) = allocations(20_000, threads);
        let (large, accepted_large) = allocations(40_000, threads);
        assert_eq!((accepted_small, accepted_large), (20_000, 40_000));
        // 20,000 more rows: a few hundred allocations at most (vectors and
        // hash tables doubling, a few dozen chunks), never one a row.
        let added = large.saturating_sub(small);
        assert!(
            added < 1_000,
            "{threads} thread(s): {small} allocations for 20,000 rows, {large} for 40,000"
        );
    }
}
