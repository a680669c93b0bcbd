//! A refused strict batch leaves the ledger exactly as it was, even though
//! records are stored as they are read: the batch is undone, indexes included.

use std::sync::Arc;

use chrono::NaiveDate;
use seguimiento::{evaluate, Config, IngestError, Ledger, Mode, Plan};

// Annual count indicator of E1.L1.M2.A2 (responsible: GIT).
const COUNT: &str = "E1.L1.M2.A2.I3";

fn rows(values: &[(&str, &str)]) -> String {
    let mut csv = String::from("indicator,period,entity,value\n");
    for (period, value) in values {
        csv.push_str(&format!("{COUNT},{period},GIT,{value}\n"));
    }
    csv
}

#[test]
fn a_refused_strict_batch_undoes_the_records_it_had_stored() {
    let plan = Arc::new(Plan::embedded());
    let mut ledger = Ledger::new(Arc::clone(&plan));
    ledger
        .ingest_json(
            &format!(
                r#"{{"targets": [{{"indicator": "{COUNT}", "period": "2009", "value": "10"}}]}}"#
            ),
            Mode::Strict,
        )
        .unwrap();
    ledger
        .ingest_csv(
            rows(&[("2008", "3"), ("2009", "4")]).as_bytes(),
            Mode::Strict,
        )
        .unwrap();
    let as_of = NaiveDate::from_ymd_opt(2010, 12, 31).unwrap();
    let before_json = ledger.to_json();
    let before_card = evaluate(&plan, &ledger, as_of, &Config::default())
        .unwrap()
        .to_json();

    // Two good rows are read and stored before the bad one refuses the batch.
    let batch = rows(&[("2009", "9"), ("2010", "5"), ("2011", "-1")]);
    let Err(IngestError::Rejected { rejections }) =
        ledger.ingest_csv(batch.as_bytes(), Mode::Strict)
    else {
        panic!("a negative count must refuse the strict batch");
    };
    assert_eq!(rejections.len(), 1);
    assert_eq!(rejections[0].index, 2);

    assert_eq!(ledger.counts(), [1, 2, 0, 0, 0, 0, 0]);
    assert_eq!(ledger.to_json(), before_json);
    let after_card = evaluate(&plan, &ledger, as_of, &Config::default())
        .unwrap()
        .to_json();
    assert_eq!(
        after_card, before_card,
        "the undone revision of 2009 must not count"
    );

    // The same rows, leniently: the good ones go in and the revision counts.
    let report = ledger.ingest_csv(batch.as_bytes(), Mode::Lenient).unwrap();
    assert_eq!(report.accepted, 2);
    let card = evaluate(&plan, &ledger, as_of, &Config::default()).unwrap();
    assert_eq!(
        card.node(COUNT).unwrap().score.unwrap().to_string(),
        "0.900000"
    );
}
