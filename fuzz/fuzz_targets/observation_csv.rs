//! Observation CSV: any bytes, in both modes. Strict and lenient agree, a
//! refused batch changes nothing, the result exports and re-imports
//! unchanged; and the ledger's own observations table, written as CSV, reads
//! back as the same observations.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seguimiento::{Config, Ledger, LedgerTable, Mode};
use seguimiento_fuzz::{check_modes, check_round_trip, mid_term, plan};

fuzz_target!(|data: &[u8]| {
    let empty = Ledger::new(plan());
    let ledger = check_modes(&empty, |ledger, mode| ledger.ingest_csv(data, mode));
    check_round_trip(&ledger, &Config::default(), &[mid_term()]);

    let table = ledger.table(LedgerTable::Observations);
    let csv = table.to_csv();
    let mut again = Ledger::new(plan());
    if let Err(e) = again.ingest_csv(csv.as_bytes(), Mode::Strict) {
        panic!("the observations table's CSV was refused: {e}\n{csv}");
    }
    assert_eq!(
        again.table(LedgerTable::Observations),
        table,
        "observations table → CSV → ledger changed the observations"
    );
});
