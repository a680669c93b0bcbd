//! SPEC §2, revision 2: the biannual evaluations' recommendations and each
//! institution's follow-up (indicator E1.L1.M2.A5.I2).

use std::sync::{Arc, OnceLock};

use seguimiento::{
    FollowUpStatus, IngestError, Ledger, LedgerTable, Mode, Plan, RecordKind, Rejection,
};

fn plan() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| Arc::new(Plan::embedded())))
}

const DOCUMENT: &str = r#"{
  "follow_ups": [
    {"recommendation": "EV-2010-01", "entity": "PNC", "status": "in_progress", "on": "2011-09-30", "recorded_on": "2011-10-15"},
    {"recommendation": "EV-2010-01", "entity": "PNC", "status": "implemented", "on": "2012-06-30"}
  ],
  "recommendations": [
    {"id": "EV-2010-01", "evaluation": "2009/2010", "issued_on": "2011-03-01", "entity": "MINGOB/PNC",
     "node": "E1.L1", "text": "Publicar las cifras mensuales de víctimas.", "due": "2011-12-31"},
    {"id": "EV-2010-02", "evaluation": "2009/2010", "issued_on": "2011-03-01", "entity": "MP",
     "text": "Registrar cada caso con su número de expediente."}
  ]
}"#;

fn codes(rejections: &[Rejection]) -> Vec<(RecordKind, usize, &str, &'static str)> {
    rejections
        .iter()
        .map(|r| (r.kind, r.index, r.field.as_str(), r.code()))
        .collect()
}

#[test]
fn recommendations_and_follow_ups_go_in_and_come_back_out() {
    let mut l = Ledger::new(plan());
    // The follow-ups come first in the document: their recommendation is
    // in the same batch, later.
    let report = l.ingest_json(DOCUMENT, Mode::Strict).unwrap();
    assert_eq!(report.accepted, 4);
    assert_eq!(l.counts(), [0, 0, 0, 0, 0, 2, 2]);
    let out = l.export();
    assert_eq!(out.recommendations[0].entity, "PNC");
    assert_eq!(out.recommendations[0].node.as_deref(), Some("E1.L1"));
    assert_eq!(out.follow_ups[1].status, FollowUpStatus::Implemented);
    // The export goes back in, and a ledger without them writes no array.
    let text = l.to_json();
    let mut again = Ledger::new(plan());
    again.ingest_json(&text, Mode::Strict).unwrap();
    assert_eq!(again.to_json(), text);
    assert!(!Ledger::new(plan()).to_json().contains("recommendations"));
    // The tables have them, with the fields of the JSON format.
    let table = l.table(LedgerTable::Recommendations);
    assert_eq!(table.len(), 2);
    let names: Vec<&str> = table.columns().iter().map(|c| c.name()).collect();
    assert_eq!(
        names,
        [
            "id",
            "evaluation",
            "issued_on",
            "entity",
            "node",
            "text",
            "due",
            "recorded_on"
        ]
    );
    assert_eq!(l.table(LedgerTable::FollowUps).len(), 2);
    // A recommendation with an existing id is a revision; a follow-up of it
    // in a later batch finds it in the ledger.
    l.ingest_json(
        r#"{"recommendations": [{"id": "EV-2010-02", "evaluation": "2009/2010", "issued_on": "2011-03-01", "entity": "MP", "text": "Registrar cada caso.", "recorded_on": "2011-04-01"}],
            "follow_ups": [{"recommendation": "EV-2010-02", "entity": "MP", "status": "not_started", "on": "2011-06-30"}]}"#,
        Mode::Strict,
    )
    .unwrap();
    assert_eq!(l.counts(), [0, 0, 0, 0, 0, 3, 3]);
}

#[test]
fn each_check_of_a_recommendation_and_a_follow_up() {
    let mut l = Ledger::new(plan());
    let err = l
        .ingest_json(
            r#"{
  "recommendations": [
    {"id": "R1", "evaluation": "2011/2012", "issued_on": "2013-02-01", "entity": "XYZ", "node": "E9.L9",
     "text": "…", "due": "2013-01-01"},
    {"id": "R2", "evaluation": "2011/2012", "issued_on": "2013-02-01", "entity": "MINGOB/PNC/DGM", "text": "…"}
  ],
  "follow_ups": [
    {"recommendation": "R2", "entity": "DGM", "status": "implemented", "on": "2013-06-30"},
    {"recommendation": "R9", "entity": "DGM", "status": "implemented", "on": "2013-06-30"},
    {"recommendation": "R9", "entity": "NADIE", "status": "finished", "on": "2013-06-30"}
  ]
}"#,
            Mode::Strict,
        )
        .unwrap_err();
    let IngestError::Rejected { rejections } = err else {
        panic!("{err:?}")
    };
    use RecordKind::{FollowUp as F, Recommendation as R};
    assert_eq!(
        codes(&rejections),
        [
            (R, 0, "entity", "unknown_entity"),
            (R, 0, "node", "unknown_node"),
            (R, 0, "due", "due_before_issued"),
            (R, 1, "entity", "ambiguous_entity"),
            // R2 was rejected, so its follow-up has no recommendation.
            (F, 0, "recommendation", "unknown_recommendation"),
            (F, 1, "recommendation", "unknown_recommendation"),
            (F, 2, "status", "unknown_follow_up_status"),
        ]
    );
    assert!(l.is_empty());
    // Lenient: what passed stays, the follow-up of R9 does not.
    let report = l
        .ingest_json(
            r#"{"follow_ups": [{"recommendation": "R9", "entity": "DGM", "status": "implemented", "on": "2013-06-30"}],
                "recommendations": [{"id": "R1", "evaluation": "2011/2012", "issued_on": "2013-02-01", "entity": "DGM", "text": "…"}]}"#,
            Mode::Lenient,
        )
        .unwrap();
    assert_eq!(report.accepted, 1);
    assert_eq!(
        codes(&report.rejections),
        [(F, 0, "recommendation", "unknown_recommendation")]
    );
    assert_eq!(l.counts(), [0, 0, 0, 0, 0, 1, 0]);
}
