//! The JSON ledger reader: any text, in both modes, into an empty ledger
//! and into one holding a record already. Strict and lenient agree, a
//! refused batch changes nothing, what is accepted exports and re-imports to
//! the same ledger and scorecards.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seguimiento::{Config, Ledger, Mode};
use seguimiento_fuzz::{check_modes, check_round_trip, mid_term, plan};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let empty = Ledger::new(plan());
    let mut holding = Ledger::new(plan());
    holding
        .ingest_json(
            r#"{"obligations": [{"entity": "MP", "kind": "annual", "from": 2007, "to": 2010}]}"#,
            Mode::Strict,
        )
        .expect("the base record");
    let ledger = check_modes(&empty, |ledger, mode| ledger.ingest_json(text, mode));
    check_round_trip(&ledger, &Config::default(), &[mid_term()]);
    check_modes(&holding, |ledger, mode| ledger.ingest_json(text, mode));
});
