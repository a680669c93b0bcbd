//! SPEC §2, revision 2: duplicates within one batch. Two observations,
//! targets or milestones of one batch with the same key and the same
//! `recorded_on` are both rejected, each naming the other; `duplicates =
//! sum` adds up count and amount observations instead.

use std::borrow::Cow;
use std::collections::BTreeMap;

mod embedded;

use embedded::{plan, COUNT, MILESTONE, PERCENT, WORDS};
use proptest::prelude::*;
use seguimiento::read::{Columns, FieldValue};
use seguimiento::{
    Duplicates, IngestError, IngestOptions, IngestReport, Ledger, Mode, Reason, RecordKind,
    Rejection,
};

fn ledger() -> Ledger {
    Ledger::new(plan())
}

fn lenient(duplicates: Duplicates) -> IngestOptions {
    IngestOptions {
        mode: Mode::Lenient,
        duplicates,
        aggregate: false,
    }
}

fn obs(indicator: &str, year: &str, value: &str) -> String {
    format!(
        r#"{{"indicator": "{indicator}", "period": "{year}", "entity": "MRE", "value": "{value}"}}"#
    )
}

fn observations(records: &[String]) -> String {
    format!(r#"{{"observations": [{}]}}"#, records.join(","))
}

/// (index, code, the other record's index) of each rejection.
fn named(report: &[Rejection]) -> Vec<(usize, &'static str, Option<usize>)> {
    report
        .iter()
        .map(|r| {
            let other = match r.reason {
                Reason::DuplicateKey { other, .. }
                | Reason::DuplicateNotSummable { other, .. }
                | Reason::DuplicateSumTooLarge { other } => Some(other),
                _ => None,
            };
            (r.index, r.code(), other)
        })
        .collect()
}

fn values(l: &Ledger) -> Vec<String> {
    l.export()
        .observations
        .iter()
        .map(|o| format!("{} {}", o.period, o.value))
        .collect()
}

#[test]
fn two_rows_of_one_key_are_both_rejected_each_naming_the_other() {
    let mut l = ledger();
    let report = l
        .ingest_json(
            &observations(&[
                obs(COUNT, "2008", "1"),
                obs(COUNT, "2009", "5"),
                obs(COUNT, "2009", "7"),
                obs(COUNT, "2010", "2"),
            ]),
            Mode::Lenient,
        )
        .unwrap();
    assert_eq!(report.accepted, 2);
    assert_eq!(
        named(&report.rejections),
        [(1, "duplicate_key", Some(2)), (2, "duplicate_key", Some(1))]
    );
    let r = &report.rejections[0];
    assert_eq!((r.kind, r.field.as_str()), (RecordKind::Observation, ""));
    assert_eq!(
        r.to_string(),
        "observations[1]: duplicate key: same indicator, period, entity and cell as \
         observations[2], recorded on the same day; rows meant to be added up are added up \
         before ingesting, or ingested with duplicates = sum"
    );
    // Neither went in; the records around them did, in order.
    assert_eq!(values(&l), ["2008 1", "2010 2"]);
}

#[test]
fn a_third_row_names_the_first_and_other_rejections_do_not_shift_indexes() {
    let mut l = ledger();
    let report = l
        .ingest_json(
            &observations(&[
                obs(COUNT, "2009", "-1"), // not a count: rejected, never stored
                obs(COUNT, "2009", "5"),
                obs("E9.X", "2009", "5"), // unknown indicator
                obs(COUNT, "2009", "6"),
                obs(COUNT, "2011", "3"),
                obs(COUNT, "2009", "7"),
            ]),
            Mode::Lenient,
        )
        .unwrap();
    assert_eq!(
        named(&report.rejections),
        [
            (0, "not_a_count", None),
            (1, "duplicate_key", Some(3)),
            (2, "unknown_indicator", None),
            (3, "duplicate_key", Some(1)),
            (5, "duplicate_key", Some(1)),
        ]
    );
    assert_eq!(report.accepted, 1);
    assert_eq!(values(&l), ["2011 3"]);
}

#[test]
fn revisions_recorded_on_other_days_and_other_sources_are_not_duplicates() {
    let mut l = ledger();
    let with = |extra: &str| {
        format!(
            r#"{{"indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "5"{extra}}}"#
        )
    };
    let report = l
        .ingest_json(
            &observations(&[
                with(""),
                with(r#", "recorded_on": "2010-01-05""#),
                with(r#", "recorded_on": "2010-02-05""#),
                with(r#", "source": "verification""#),
            ]),
            Mode::Strict,
        )
        .unwrap();
    assert_eq!(report.accepted, 4);
    // The same key in a later batch is a revision, as before.
    l.ingest_json(&observations(&[with("")]), Mode::Strict)
        .unwrap();
    assert_eq!(l.counts()[1], 5);
}

#[test]
fn a_duplicate_refuses_a_strict_batch() {
    let mut l = ledger();
    let err = l
        .ingest_json(
            &observations(&[obs(COUNT, "2009", "5"), obs(COUNT, "2009", "5")]),
            Mode::Strict,
        )
        .unwrap_err();
    let IngestError::Rejected { rejections } = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        named(&rejections),
        [(0, "duplicate_key", Some(1)), (1, "duplicate_key", Some(0))]
    );
    assert!(l.is_empty());
}

#[test]
fn targets_and_milestones_have_duplicates_too() {
    let mut l = ledger();
    let report = l
        .ingest_json(
            &format!(
                r#"{{
  "targets": [
    {{"indicator": "{COUNT}", "period": "2009", "value": "5"}},
    {{"indicator": "{COUNT}", "period": "2009", "value": "6"}},
    {{"indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "6"}}
  ],
  "milestones": [
    {{"indicator": "{MILESTONE}", "entity": "MRE", "achieved_on": "2009-01-01", "recorded_on": "2009-02-01"}},
    {{"indicator": "{MILESTONE}", "entity": "GIT", "achieved_on": "2009-01-05", "recorded_on": "2009-02-01"}},
    {{"indicator": "{MILESTONE}", "entity": "GIT", "achieved_on": "2009-01-05", "recorded_on": "2009-03-01"}}
  ],
  "submissions": [
    {{"entity": "MRE", "kind": "annual", "period": "2009", "submitted_on": "2010-01-10"}},
    {{"entity": "MRE", "kind": "annual", "period": "2009", "submitted_on": "2010-01-10"}}
  ]
}}"#
            ),
            Mode::Lenient,
        )
        .unwrap();
    let kinds: Vec<(RecordKind, usize, Option<usize>)> = report
        .rejections
        .iter()
        .map(|r| match r.reason {
            Reason::DuplicateKey { kind, other } => (kind, r.index, Some(other)),
            _ => (r.kind, r.index, None),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (RecordKind::Target, 0, Some(1)),
            (RecordKind::Target, 1, Some(0)),
            (RecordKind::Milestone, 0, Some(1)),
            (RecordKind::Milestone, 1, Some(0)),
        ]
    );
    assert!(report.rejections[2]
        .to_string()
        .contains("duplicate key: same indicator as milestones[1]"));
    // Submissions are events: a report sent twice is two submissions.
    assert_eq!(l.counts(), [1, 0, 1, 2, 0, 0, 0]);
}

#[test]
fn sum_adds_up_counts_and_reports_the_merged_rows() {
    let mut l = ledger();
    let report = l
        .ingest_json(
            &observations(&[
                obs(COUNT, "2009", "5"),
                obs(COUNT, "2010", "1"),
                obs(COUNT, "2009", "7"),
                obs(COUNT, "2009", "-2"), // rejected on its own, not added
                obs(COUNT, "2009", "30"),
            ]),
            IngestOptions {
                mode: Mode::Strict,
                duplicates: Duplicates::Sum,
                aggregate: false,
            },
        )
        .unwrap_err();
    // Strict: the bad row refuses the batch, sums or not.
    assert!(matches!(report, IngestError::Rejected { .. }));
    assert!(l.is_empty());
    let report = l
        .ingest_json(
            &observations(&[
                obs(COUNT, "2009", "5"),
                obs(COUNT, "2010", "1"),
                obs(COUNT, "2009", "7"),
                obs(COUNT, "2009", "30"),
            ]),
            lenient(Duplicates::Sum),
        )
        .unwrap();
    assert_eq!(
        report,
        IngestReport {
            accepted: 2,
            merged: 2,
            aggregation: None,
            rejections: vec![]
        }
    );
    assert_eq!(values(&l), ["2009 42", "2010 1"]);
    assert_eq!(
        report.to_json(),
        r#"{"accepted":2,"merged":2,"rejections":[]}"#
    );
}

#[test]
fn sum_refuses_duplicates_of_measures_that_do_not_add_up() {
    let mut l = ledger();
    let report = l
        .ingest_json(
            &observations(&[
                obs(PERCENT, "2009", "50"),
                obs(PERCENT, "2009", "60"),
                obs(COUNT, "2009", "1"),
                obs(COUNT, "2009", "2"),
            ]),
            lenient(Duplicates::Sum),
        )
        .unwrap();
    assert_eq!(
        named(&report.rejections),
        [
            (0, "duplicate_not_summable", Some(1)),
            (1, "duplicate_not_summable", Some(0))
        ]
    );
    assert!(report.rejections[0]
        .to_string()
        .contains("duplicates = sum adds up count and amount values, not percentage values"));
    assert_eq!((report.accepted, report.merged), (1, 1));
    assert_eq!(values(&l), ["2009 3"]);
}

#[test]
fn sum_rejects_a_row_that_would_pass_the_largest_decimal_and_keeps_the_sum_so_far() {
    // Each value is an exact decimal on its own; the third would take the sum
    // past Decimal::MAX (79,228,162,514,264,337,593,543,950,335).
    let big = "50000000000000000000000000000";
    for mode in [Mode::Lenient, Mode::Strict] {
        let mut l = ledger();
        let options = IngestOptions {
            mode,
            ..lenient(Duplicates::Sum)
        };
        let result = l.ingest_json(
            &observations(&[
                obs(COUNT, "2009", "1"),
                obs(COUNT, "2009", big),
                obs(COUNT, "2009", big),
                obs(COUNT, "2010", "7"),
            ]),
            options,
        );
        let rejections = match (&result, mode) {
            (Ok(report), Mode::Lenient) => {
                assert_eq!((report.accepted, report.merged), (2, 1));
                assert_eq!(values(&l), ["2009 50000000000000000000000000001", "2010 7"]);
                report.rejections.clone()
            }
            (Err(IngestError::Rejected { rejections, .. }), Mode::Strict) => {
                assert!(
                    l.export().observations.is_empty(),
                    "a refused batch changed the ledger"
                );
                rejections.clone()
            }
            other => panic!("{mode:?}: {other:?}"),
        };
        assert_eq!(
            named(&rejections),
            [(2, "duplicate_sum_too_large", Some(0))]
        );
        assert_eq!(rejections[0].field, "value");
        assert!(rejections[0]
            .to_string()
            .contains("the value would pass the largest exact decimal"));
    }
}

#[test]
fn csv_and_columns_find_the_same_duplicates() {
    let csv = format!(
        "indicator,period,entity,value\n{COUNT},2009,MRE,5\n{COUNT},2010,MRE,1\n{COUNT},2009,MRE,7\n"
    );
    let mut from_csv = ledger();
    let csv_report = from_csv.ingest_csv(csv.as_bytes(), Mode::Lenient).unwrap();
    let text = |t: &'static str| FieldValue::Text(Cow::Borrowed(t));
    let mut columns = Columns::new(RecordKind::Observation, 3, &WORDS);
    columns.push("indicator", vec![text(COUNT), text(COUNT), text(COUNT)]);
    columns.push("period", vec![text("2009"), text("2010"), text("2009")]);
    columns.push("entity", vec![text("MRE"), text("MRE"), text("MRE")]);
    columns.push("value", vec![text("5"), text("1"), text("7")]);
    let mut from_columns = ledger();
    let columns_report = from_columns
        .ingest_columns(&columns, Mode::Lenient)
        .unwrap();
    assert_eq!(csv_report, columns_report);
    assert_eq!(
        named(&csv_report.rejections),
        [(0, "duplicate_key", Some(2)), (2, "duplicate_key", Some(0))]
    );
    let summed = from_csv
        .ingest_csv(csv.as_bytes(), lenient(Duplicates::Sum))
        .unwrap();
    assert_eq!((summed.accepted, summed.merged), (2, 1));
    assert_eq!(values(&from_csv), ["2010 1", "2009 12", "2010 1"]);
}

// ---------------------------------------------------------------------------
// The property: a batch with in-batch duplicates gives the same ledger as the
// batch without them, plus the listed rejections.

/// One generated row: a key among a few (year, recorded_on, source), a value,
/// and whether it is valid (an invalid row is rejected on its own).
#[derive(Debug, Clone)]
struct Row {
    year: i32,
    recorded: Option<u32>,
    verification: bool,
    value: u32,
    valid: bool,
}

impl Row {
    fn key(&self) -> (i32, Option<u32>, bool) {
        (self.year, self.recorded, self.verification)
    }

    fn json(&self) -> String {
        let mut fields = format!(
            r#""indicator": "{COUNT}", "period": "{}", "entity": "MRE", "value": "{}""#,
            self.year,
            if self.valid {
                self.value.to_string()
            } else {
                format!("-{}", self.value + 1)
            }
        );
        if let Some(day) = self.recorded {
            fields.push_str(&format!(r#", "recorded_on": "2018-01-{:02}""#, day + 1));
        }
        if self.verification {
            fields.push_str(r#", "source": "verification""#);
        }
        format!("{{{fields}}}")
    }
}

fn row() -> impl Strategy<Value = Row> {
    (
        2007i32..2011,
        proptest::option::of(0u32..2),
        any::<bool>(),
        0u32..1000,
        prop::bool::weighted(0.85),
    )
        .prop_map(|(year, recorded, verification, value, valid)| Row {
            year,
            recorded,
            verification,
            value,
            valid,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn duplicates_are_listed_and_the_rest_is_as_without_them(
        rows in proptest::collection::vec(row(), 0..40)
    ) {
        // The model: valid rows grouped by key, in batch order.
        let mut by_key: BTreeMap<_, Vec<usize>> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate().filter(|(_, r)| r.valid) {
            by_key.entry(r.key()).or_default().push(i);
        }
        let mut expected = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if !r.valid {
                expected.push((i, "not_a_count", None));
                continue;
            }
            let same = &by_key[&r.key()];
            if same.len() > 1 {
                let other = if same[0] == i { same[1] } else { same[0] };
                expected.push((i, "duplicate_key", Some(other)));
            }
        }
        let unique: Vec<String> = rows
            .iter()
            .enumerate()
            .filter(|(i, r)| r.valid && by_key[&r.key()].len() == 1 && by_key[&r.key()][0] == *i)
            .map(|(_, r)| r.json())
            .collect();

        let all: Vec<String> = rows.iter().map(Row::json).collect();
        let mut with = ledger();
        let report = with.ingest_json(&observations(&all), Mode::Lenient).unwrap();
        prop_assert_eq!(named(&report.rejections), expected);
        let mut without = ledger();
        let clean = without.ingest_json(&observations(&unique), Mode::Strict).unwrap();
        prop_assert_eq!(report.accepted, clean.accepted);
        prop_assert_eq!(with.to_json(), without.to_json());

        // CSV finds the same.
        let mut csv = String::from("indicator,period,entity,value,source,recorded_on\n");
        for r in &rows {
            let v: serde_json::Value = serde_json::from_str(&r.json()).unwrap();
            csv.push_str(&format!(
                "{},{},{},{},{},{}\n",
                v["indicator"].as_str().unwrap(),
                v["period"].as_str().unwrap(),
                v["entity"].as_str().unwrap(),
                v["value"].as_str().unwrap(),
                v["source"].as_str().unwrap_or(""),
                v["recorded_on"].as_str().unwrap_or(""),
            ));
        }
        let mut from_csv = ledger();
        let csv_report = from_csv.ingest_csv(csv.as_bytes(), Mode::Lenient).unwrap();
        prop_assert_eq!(&csv_report, &report);
        prop_assert_eq!(from_csv.to_json(), with.to_json());

        // Summed: one record per key, at its first row, holding the total.
        let mut summed = ledger();
        let sum_report = summed
            .ingest_json(&observations(&all), lenient(Duplicates::Sum))
            .unwrap();
        let firsts: Vec<String> = rows
            .iter()
            .enumerate()
            .filter(|(i, r)| r.valid && by_key[&r.key()][0] == *i)
            .map(|(_, r)| {
                let total: u32 = by_key[&r.key()].iter().map(|&j| rows[j].value).sum();
                Row { value: total, ..r.clone() }.json()
            })
            .collect();
        let mut totals = ledger();
        totals.ingest_json(&observations(&firsts), Mode::Strict).unwrap();
        prop_assert_eq!(summed.to_json(), totals.to_json());
        prop_assert_eq!(sum_report.accepted, firsts.len());
        prop_assert_eq!(sum_report.merged, by_key.values().map(|v| v.len() - 1).sum::<usize>());
        prop_assert!(sum_report.rejections.iter().all(|r| r.code() == "not_a_count"));
    }
}
