//! What the fuzz targets share: the embedded plan, built once, and the
//! invariants more than one target checks.
//!
//! Every target checks more than "no panic" where the library promises more:
//! a refused strict batch changes nothing, an exported ledger re-imports to
//! the same ledger and the same scorecard, evaluation is deterministic, a
//! value written by the library reads back as the same value.

use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use seguimiento::{evaluate, Config, Ledger, Mode, Plan, Scorecard};

/// The embedded plan, built once per process.
pub fn plan() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| Arc::new(Plan::embedded())))
}

/// The dates a target evaluates on: within the plan's record years.
pub fn as_of_dates(plan: &Plan) -> [NaiveDate; 3] {
    let years = plan.record_years();
    let day = |year: i32, month: u32, day: u32| {
        NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
    };
    [
        day(*years.start(), 1, 1),
        day(2010, 12, 31),
        day(*years.end(), 12, 31),
    ]
}

/// Evaluates and checks what holds of every scorecard: it is deterministic
/// (the same inputs give the same bytes) and every score, coverage and rate
/// is a fraction in [0, 1].
pub fn evaluate_checked(
    plan: &Plan,
    ledger: &Ledger,
    as_of: NaiveDate,
    config: &Config,
) -> Option<Scorecard> {
    let card = evaluate(plan, ledger, as_of, config).ok()?;
    let again =
        evaluate(plan, ledger, as_of, config).expect("the same evaluation failed the second time");
    let json = card.to_json();
    assert_eq!(json, again.to_json(), "evaluation is not deterministic");
    for node in &card.nodes {
        let in_unit = |s: seguimiento::Score| s.millionths() <= 1_000_000;
        assert!(
            node.score.is_none_or(in_unit),
            "{}: score out of [0, 1]",
            node.id
        );
        assert!(
            in_unit(node.coverage),
            "{}: coverage out of [0, 1]",
            node.id
        );
    }
    for entity in &card.entities {
        assert!(
            entity.score.is_none_or(|s| s.millionths() <= 1_000_000),
            "{}: score out of [0, 1]",
            entity.code
        );
    }
    Some(card)
}

/// The ledger exported as JSON, re-ingested strictly into a new ledger,
/// gives the same ledger (byte for byte) and, evaluated on each of `dates`,
/// the same scorecard. An empty ledger is not evaluated (nothing to compare;
/// evaluation is the slowest step, so the fuzzer runs more inputs).
pub fn check_round_trip(ledger: &Ledger, config: &Config, dates: &[NaiveDate]) {
    let exported = ledger.to_json();
    let again = reingest(ledger.plan(), &exported);
    assert_eq!(
        again.to_json(),
        exported,
        "export → re-import changed the ledger"
    );
    if ledger.is_empty() {
        return;
    }
    let plan = ledger.plan();
    for &as_of in dates {
        let first = evaluate(plan, ledger, as_of, config).map(|c| c.to_json());
        let second = evaluate(plan, &again, as_of, config).map(|c| c.to_json());
        assert_eq!(
            first, second,
            "export → re-import changed the scorecard as of {as_of}"
        );
    }
}

/// An exported ledger ingested strictly into a new ledger: as one batch, or,
/// when the export holds revisions of one key recorded on the same day (made
/// by separate batches, which one batch refuses as duplicates, SPEC §2),
/// record by record in the export's order, every record kind in the order a
/// follow-up needs (its recommendation first).
fn reingest(plan: &Arc<Plan>, exported: &str) -> Ledger {
    let mut again = Ledger::new(Arc::clone(plan));
    match again.ingest_json(exported, Mode::Strict) {
        Ok(_) => return again,
        Err(seguimiento::IngestError::Rejected { rejections })
            if rejections.iter().all(|r| r.code() == "duplicate_key") => {}
        Err(e) => panic!("an exported ledger was refused: {e}\n{exported}"),
    }
    let document: serde_json::Value =
        serde_json::from_str(exported).expect("an exported ledger is JSON");
    let mut again = Ledger::new(Arc::clone(plan));
    for array in [
        "targets",
        "observations",
        "milestones",
        "submissions",
        "obligations",
        "recommendations",
        "follow_ups",
    ] {
        for record in document[array].as_array().into_iter().flatten() {
            let one = serde_json::json!({ array: [record] }).to_string();
            if let Err(e) = again.ingest_json(&one, Mode::Strict) {
                panic!("a record of an exported ledger was refused: {e}\n{one}");
            }
        }
    }
    again
}

/// The middle of the plan: 31 December 2010, the sample ledger's date.
pub fn mid_term() -> NaiveDate {
    NaiveDate::from_ymd_opt(2010, 12, 31).unwrap_or(NaiveDate::MIN)
}

/// Ingests a batch strictly and leniently into copies of `base` and checks
/// the modes agree: a refused strict batch leaves the ledger as it was; an
/// accepted one is what lenient mode accepts, with no rejection.
pub fn check_modes(
    base: &Ledger,
    ingest: impl Fn(&mut Ledger, Mode) -> Result<seguimiento::IngestReport, seguimiento::IngestError>,
) -> Ledger {
    let before = base.to_json();
    let mut strict = base.clone();
    let strict_result = ingest(&mut strict, Mode::Strict);
    let mut lenient = base.clone();
    let lenient_result = ingest(&mut lenient, Mode::Lenient);
    match (&strict_result, &lenient_result) {
        (Err(_), _) => assert_eq!(
            strict.to_json(),
            before,
            "a refused strict batch changed the ledger"
        ),
        (Ok(report), Ok(lenient_report)) => {
            assert!(
                report.rejections.is_empty(),
                "strict mode accepted a batch with rejections"
            );
            assert!(
                lenient_report.rejections.is_empty(),
                "lenient mode rejected what strict mode accepted"
            );
            assert_eq!(report.accepted, lenient_report.accepted);
            assert_eq!(
                strict.to_json(),
                lenient.to_json(),
                "strict and lenient ledgers differ"
            );
        }
        (Ok(_), Err(e)) => panic!("lenient mode refused what strict mode accepted: {e}"),
    }
    if let Err(e) = &lenient_result {
        // A batch refused as a whole (unreadable, bad header) changes nothing.
        if e.code() != "rejected" {
            assert_eq!(
                lenient.to_json(),
                before,
                "a refused lenient batch changed the ledger ({})",
                e.code()
            );
        }
    }
    for result in [&strict_result, &lenient_result] {
        if let Err(e) = result {
            check_message(&e.to_string());
        }
    }
    lenient
}

/// The longest message a batch may give: the batch-level sentence and a
/// summary of at most three rejections, each quoting at most 64-byte
/// excerpts of the input.
pub const MESSAGE_CAP: usize = 4_096;

/// A message from the library is bounded whatever the input.
pub fn check_message(message: &str) {
    assert!(
        message.len() <= MESSAGE_CAP,
        "a {}-byte message: {}…",
        message.len(),
        message.chars().take(300).collect::<String>()
    );
}
