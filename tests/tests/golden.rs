//! The scorecards of the sample ledger are pinned in `seeds/expected/`: the C
//! and Python tests compare their output with the same files byte for byte,
//! so all three bindings are held to the core's JSON.
//!
//! After an intended change of the scorecard, regenerate the files with
//! `UPDATE_GOLDEN=1 cargo test -p seguimiento-tests --test golden` and review the diff.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use seguimiento::{evaluate, Config, Ledger, Mode, Plan};

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seeds")
}

fn scorecard_json(as_of: &str) -> String {
    let plan = Arc::new(Plan::embedded());
    let mut ledger = Ledger::new(Arc::clone(&plan));
    let text =
        std::fs::read_to_string(seeds().join("demo-ledger.json")).expect("the sample ledger");
    ledger
        .ingest_json(&text, Mode::Strict)
        .expect("the sample ledger is valid");
    let date = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").expect("a date");
    evaluate(&plan, &ledger, date, &Config::default())
        .expect("same plan")
        .to_json()
}

fn check(as_of: &str) {
    let path = seeds().join(format!("expected/scorecard-demo-{as_of}.json"));
    let actual = scorecard_json(as_of);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} differs from the core's scorecard; if the change is intended, run \
         UPDATE_GOLDEN=1 cargo test -p seguimiento-tests --test golden and review the diff",
        path.display()
    );
}

#[test]
fn sample_scorecard_2010_matches_the_golden_file() {
    check("2010-12-31");
}

#[test]
fn sample_scorecard_2017_matches_the_golden_file() {
    check("2017-12-31");
}

#[test]
fn plan_json_matches_the_seed_file() {
    // The embedded plan printed back is the committed seeds/plan.json, byte for byte:
    // the file stays in the canonical form that `--example plan -- --json` prints.
    let committed = std::fs::read_to_string(seeds().join("plan.json")).expect("seeds/plan.json");
    assert_eq!(Plan::embedded().to_json(), committed);
}

#[test]
fn the_embedded_plan_file_is_the_seed_file() {
    // The crate embeds its own copy, core/data/plan.json, so that the published
    // package is complete; seeds/plan.json is the copy the C and Python tests and
    // the documentation use. They must not drift apart.
    let embedded = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/data/plan.json");
    let embedded = std::fs::read(&embedded).expect("core/data/plan.json");
    let seed = std::fs::read(seeds().join("plan.json")).expect("seeds/plan.json");
    assert!(
        embedded == seed,
        "core/data/plan.json and seeds/plan.json differ: the library embeds the first; \
         after editing either, copy it onto the other (cp seeds/plan.json core/data/plan.json)"
    );
    assert_eq!(seguimiento::EMBEDDED_PLAN_JSON.as_bytes(), &seed[..]);
}
