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

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

fn scorecard_json(as_of: &str, known_on: Option<&str>) -> String {
    let plan = Arc::new(Plan::embedded());
    let mut ledger = Ledger::new(Arc::clone(&plan));
    let text =
        std::fs::read_to_string(seeds().join("demo-ledger.json")).expect("the sample ledger");
    ledger
        .ingest_json(&text, Mode::Strict)
        .expect("the sample ledger is valid");
    let config = Config {
        known_on: known_on.map(date),
        ..Config::default()
    };
    evaluate(&plan, &ledger, date(as_of), &config)
        .expect("same plan")
        .to_json()
}

/// The golden file of the sample ledger as of `as_of`, as known on
/// `known_on` (default: `as_of`).
fn golden_name(as_of: &str, known_on: Option<&str>) -> String {
    match known_on {
        None => format!("expected/scorecard-demo-{as_of}.json"),
        Some(k) => format!("expected/scorecard-demo-{as_of}-known-{k}.json"),
    }
}

fn check(as_of: &str, known_on: Option<&str>) {
    let path = seeds().join(golden_name(as_of, known_on));
    let actual = scorecard_json(as_of, known_on);
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
    check("2010-12-31", None);
}

#[test]
fn sample_scorecard_2017_matches_the_golden_file() {
    check("2017-12-31", None);
}

/// SPEC rev. 2 §3: the year 2008 scored with what was known a quarter
/// later. The C and Python tests compare their output with this file too.
#[test]
fn sample_scorecard_2008_known_a_quarter_later_matches_the_golden_file() {
    check("2008-12-31", Some("2009-03-31"));
    // The figures recorded in that quarter change the scorecard.
    assert_ne!(
        scorecard_json("2008-12-31", Some("2009-03-31")).replace("2009-03-31", "2008-12-31"),
        scorecard_json("2008-12-31", None)
    );
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
