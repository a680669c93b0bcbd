//! The public view of the embedded plan over the generator's synthetic
//! ledger (the case `benches/public.rs` times): a large release is
//! protected, passes its audit, shows no small count and is the same every
//! time. Not timed.

use std::sync::Arc;

use seguimiento::disclosure::{protect, ProtectOptions, Rational, Status};
use seguimiento::{evaluate, Config, Ledger, Mode, Plan, PublicConfig, PublicView};

#[test]
fn a_large_generated_ledger_is_protected_and_passes_its_audit() {
    let plan = Arc::new(Plan::embedded());
    let mut ledger = Ledger::new(Arc::clone(&plan));
    ledger
        .ingest_json(&seguimiento_benches::targets_json(&plan), Mode::Strict)
        .expect("valid synthetic targets");
    let csv = seguimiento_benches::observations_csv(&plan, 5_000, 11);
    ledger
        .ingest_csv(csv.as_bytes(), Mode::Lenient)
        .expect("readable synthetic rows");
    let as_of = chrono::NaiveDate::from_ymd_opt(2017, 12, 31).expect("a valid date");
    let card = evaluate(&plan, &ledger, as_of, &Config::default()).expect("same plan");
    let config = PublicConfig::new("large");
    let view = PublicView::build(&plan, &ledger, &card, &config)
        .unwrap_or_else(|e| panic!("the release is refused: {e}"));

    // Large enough to need every part of the engine: many values, small
    // counts suppressed by the primary rule and others to protect them.
    let summary = &view.audit;
    assert!(summary.values > 10_000, "{summary:?}");
    assert!(
        summary.primary > 50 && summary.secondary > summary.primary,
        "{summary:?}"
    );

    // No sensitive value in 1..k−1 is shown, and every interval of the
    // audit is wider than zero.
    let k = Rational::from(config.k);
    let relations = view.relations();
    for (key, shown) in view.values() {
        let id = relations.id(key).expect("a gathered value");
        let value = relations.value(id);
        if let Some(v) = shown.value() {
            assert!(
                !(value.sensitive && v.is_positive() && **v < k),
                "{key} = {v} is published"
            );
        }
    }
    for interval in view.intervals() {
        assert!(
            interval.width().is_none_or(|w| w.is_positive()),
            "{interval:?}"
        );
    }

    // The engine run again on what the view gathered decides the same, and
    // so does a second build.
    let again = protect(relations, &ProtectOptions::default()).expect("protectable");
    for (key, _) in view.values() {
        let id = relations.id(key).expect("a gathered value");
        assert_eq!(Some(again.status(id)), view.status(key), "{key}");
    }
    let second = PublicView::build(&plan, &ledger, &card, &config).expect("the same release");
    assert_eq!(second.to_json(), view.to_json());
    assert!(again
        .statuses()
        .iter()
        .any(|s| matches!(s, Status::Secondary(_))));
}
