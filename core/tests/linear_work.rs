//! SPEC §6, checked (issue 13): the work of ingesting and evaluating grows
//! linearly in the data. Each input kind — observations, targets,
//! obligations, submissions, milestones, revisions of one key, entities of
//! a plan — is grown tenfold, and the work must grow about tenfold.
//!
//! Work is counted, never timed: this test binary's global allocator
//! (`stats_alloc`) counts the allocations and the bytes allocated while a
//! batch is ingested and the ledger evaluated. A quadratic step would
//! multiply them by a hundred; vectors that double their capacity make a
//! linear one vary between about 5 and 20 times, so the bounds are 5 and 25.
//! (Measured on this plan: ×9.1 to ×11.0 for every kind.)

use std::alloc::System;
use std::sync::Arc;

use seguimiento::{evaluate, Config, Ledger, Mode, Plan, PlanDocument, EMBEDDED_PLAN_JSON};
use serde_json::{json, Value};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

/// The system allocator, counting (`stats_alloc`).
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The allocations (reallocations included) and bytes `work` makes. The
/// test binary holds this one test, so no other thread allocates meanwhile.
fn counted<T>(work: impl FnOnce() -> T) -> (u64, u64) {
    let region = Region::new(GLOBAL);
    let kept = work();
    let change = region.change();
    drop(kept);
    (
        (change.allocations + change.reallocations) as u64,
        (change.bytes_allocated + change.bytes_reallocated.max(0) as usize) as u64,
    )
}

/// The sample ledger's records, the templates the batches are made from.
fn demo() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../seeds/demo-ledger.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A day after every period of the plan, `n` days on: revisions recorded
/// one after another.
fn recorded(n: usize) -> String {
    let day = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Days::new(n as u64);
    day.to_string()
}

/// The fields of a record's key (SPEC §2), for the arrays whose records
/// have revisions.
fn key_fields(array: &str) -> &'static [&'static str] {
    match array {
        "observations" => &["indicator", "period", "entity", "cell", "source"],
        "targets" => &["indicator", "period", "entity"],
        "milestones" => &["indicator"],
        _ => &[],
    }
}

/// A batch of `n` records of one array, made from the sample's records of
/// that array (one per key: the sample holds revisions, and two records of
/// one key recorded on the same day are duplicates within a batch), each
/// round of revisions recorded on a later day.
fn batch(demo: &Value, array: &str, n: usize) -> String {
    let fields = key_fields(array);
    let mut keys = std::collections::HashSet::new();
    let templates: Vec<&Value> = demo[array]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            fields.is_empty()
                || keys.insert(fields.iter().map(|f| r[*f].to_string()).collect::<Vec<_>>())
        })
        .collect();
    let records: Vec<Value> = (0..n)
        .map(|i| {
            let mut record = (*templates[i % templates.len()]).clone();
            if matches!(array, "observations" | "targets" | "milestones") {
                record["recorded_on"] = json!(recorded(i / templates.len()));
            }
            record
        })
        .collect();
    json!({ array: records }).to_string()
}

/// `n` revisions of one observation.
fn revisions(demo: &Value, n: usize) -> String {
    let template = &demo["observations"][0];
    let records: Vec<Value> = (0..n)
        .map(|i| {
            let mut record = template.clone();
            record["value"] = json!((i % 1000).to_string());
            // One day each: two revisions of one key recorded on the same
            // day would be duplicates within the batch.
            record["recorded_on"] = json!(recorded(i));
            record
        })
        .collect();
    json!({ "observations": records }).to_string()
}

/// The work of ingesting `text` strictly into a new ledger and evaluating
/// it at the end of the record years.
fn ledger_work(plan: &Arc<Plan>, text: &str) -> (u64, u64) {
    let as_of = chrono::NaiveDate::from_ymd_opt(*plan.record_years().end(), 12, 31).unwrap();
    counted(|| {
        let mut ledger = Ledger::new(Arc::clone(plan));
        let report = ledger.ingest_json(text, Mode::Strict);
        assert!(report.is_ok(), "{:?}", report.map(|_| ()));
        // Known on a day after every record's, so that every revision is
        // seen (they are recorded one a day, long after the plan).
        let config = Config {
            known_on: chrono::NaiveDate::from_ymd_opt(9999, 12, 31),
            ..Config::default()
        };
        evaluate(plan, &ledger, as_of, &config).unwrap()
    })
}

/// A plan document with `n` more institutions in its registry.
fn plan_with_entities(n: usize) -> String {
    let mut document: PlanDocument = serde_json::from_str(EMBEDDED_PLAN_JSON).unwrap();
    let template = document.entities[0].clone();
    for i in 0..n {
        let mut entity = template.clone();
        entity.code = format!("X{i}");
        entity.name = format!("Institution {i}");
        entity.kind = seguimiento::EntityKind::Institution;
        entity.parent = None;
        entity.members = Vec::new();
        entity.aliases = Vec::new();
        document.entities.push(entity);
    }
    serde_json::to_string(&document).unwrap()
}

/// The work of loading a plan from its text and evaluating an empty ledger.
fn plan_work(text: &str) -> (u64, u64) {
    counted(|| {
        let plan = Arc::new(Plan::from_json(text).unwrap());
        let ledger = Ledger::new(Arc::clone(&plan));
        let as_of = chrono::NaiveDate::from_ymd_opt(2010, 12, 31).unwrap();
        evaluate(&plan, &ledger, as_of, &Config::default()).unwrap()
    })
}

/// How much more the extra work grows from `small` to `large` inputs (ten
/// times more data), over the work of no data at all (`none`).
fn growth(none: (u64, u64), small: (u64, u64), large: (u64, u64)) -> (f64, f64) {
    let ratio =
        |n: u64, s: u64, l: u64| (l.saturating_sub(n)) as f64 / (s.saturating_sub(n)).max(1) as f64;
    (
        ratio(none.0, small.0, large.0),
        ratio(none.1, small.1, large.1),
    )
}

/// The most ten times the data may multiply the work by.
const BOUND: f64 = 25.0;

#[test]
fn the_work_grows_linearly_with_each_input_kind() {
    let plan = Arc::new(Plan::embedded());
    let demo = demo();
    let mut report = Vec::new();
    let mut check = |kind: &str, none, small, large| {
        let (allocations, bytes) = growth(none, small, large);
        report.push(format!(
            "{kind}: ×{allocations:.1} allocations, ×{bytes:.1} bytes"
        ));
        assert!(
            allocations <= BOUND && bytes <= BOUND,
            "{kind}: ten times the data made ×{allocations:.1} allocations and ×{bytes:.1} bytes"
        );
        // The counter sees the data: about ten times the work.
        assert!(
            allocations >= 5.0 && bytes >= 5.0,
            "{kind}: only ×{allocations:.1} allocations and ×{bytes:.1} bytes for ten times the data"
        );
    };

    let empty = ledger_work(&plan, "{}");
    for array in [
        "observations",
        "targets",
        "milestones",
        "submissions",
        "obligations",
    ] {
        let small = ledger_work(&plan, &batch(&demo, array, 2_000));
        let large = ledger_work(&plan, &batch(&demo, array, 20_000));
        check(array, empty, small, large);
    }
    let small = ledger_work(&plan, &revisions(&demo, 2_000));
    let large = ledger_work(&plan, &revisions(&demo, 20_000));
    check("revisions of one observation", empty, small, large);

    let none = plan_work(&plan_with_entities(0));
    let small = plan_work(&plan_with_entities(500));
    let large = plan_work(&plan_with_entities(5_000));
    check("entities of a plan", none, small, large);

    println!("{}", report.join("\n"));
}
