//! Every problem of a record, not just the first (issue 9, point 2): one
//! rejection entry per problem, the same index/field/code shape, the same
//! entries whether the record came as JSON, CSV or columns.

use std::borrow::Cow;

mod embedded;

use embedded::{plan, COUNT, WORDS};
use seguimiento::read::{Columns, FieldValue};
use seguimiento::{IngestError, Ledger, Mode, RecordKind, Rejection};

/// (index, field, code) of each rejection of a strict batch.
fn entries(
    outcome: Result<seguimiento::IngestReport, IngestError>,
) -> Vec<(usize, String, &'static str)> {
    match outcome {
        Err(IngestError::Rejected { rejections }) => rejections
            .iter()
            .map(|r: &Rejection| {
                assert_eq!(r.kind, RecordKind::Observation);
                (r.index, r.field.clone(), r.code())
            })
            .collect(),
        other => panic!("expected rejections, got {other:?}"),
    }
}

/// One observation (after a valid one) as JSON, CSV and columns, strictly.
fn three_ways(fields: [&'static str; 5]) -> [Vec<(usize, String, &'static str)>; 3] {
    let [indicator, period, entity, value, recorded_on] = fields;
    let good = [COUNT, "2008", "MRE", "1", ""];
    let json = format!(
        r#"{{"observations": [{}]}}"#,
        [good, fields]
            .iter()
            .map(|[i, p, e, v, r]| {
                let recorded = if r.is_empty() {
                    String::new()
                } else {
                    format!(r#", "recorded_on": "{r}""#)
                };
                format!(
                    r#"{{"indicator": "{i}", "period": "{p}", "entity": "{e}", "value": "{v}"{recorded}}}"#
                )
            })
            .collect::<Vec<_>>()
            .join(",")
    );
    let csv = format!(
        "indicator,period,entity,value,recorded_on\n{}\n{}\n",
        good.join(","),
        fields.join(",")
    );
    let text = |t: &'static str| FieldValue::Text(Cow::Borrowed(t));
    let or_missing = |t: &'static str| {
        if t.is_empty() {
            FieldValue::Missing
        } else {
            text(t)
        }
    };
    let column = |a: &'static str, b: &'static str| vec![or_missing(a), or_missing(b)];
    let mut columns = Columns::new(RecordKind::Observation, 2, &WORDS);
    columns.push("indicator", column(COUNT, indicator));
    columns.push("period", column("2008", period));
    columns.push("entity", column("MRE", entity));
    columns.push("value", column("1", value));
    columns.push("recorded_on", column("", recorded_on));
    let ledger = || Ledger::new(plan());
    [
        entries(ledger().ingest_json(&json, Mode::Strict)),
        entries(ledger().ingest_csv(csv.as_bytes(), Mode::Strict)),
        entries(ledger().ingest_columns(&columns, Mode::Strict)),
    ]
}

fn owned(list: &[(usize, &str, &'static str)]) -> Vec<(usize, String, &'static str)> {
    list.iter()
        .map(|&(i, f, c)| (i, f.to_string(), c))
        .collect()
}

#[test]
fn a_record_that_cannot_be_read_lists_every_field_at_fault() {
    let expected = owned(&[
        (1, "period", "not_a_period"),
        (1, "value", "not_a_number"),
        (1, "recorded_on", "not_a_date"),
    ]);
    for (format, got) in ["JSON", "CSV", "columns"]
        .iter()
        .zip(three_ways([COUNT, "2009-13", "MRE", "doce", "ayer"]))
    {
        assert_eq!(got, expected, "{format}");
    }
}

#[test]
fn a_record_read_whole_lists_every_rule_it_breaks() {
    // Unknown entity, a period outside the plazo, a value that is not a
    // count, recorded before its period starts.
    let expected = owned(&[
        (1, "entity", "unknown_entity"),
        (1, "period", "outside_plazo"),
        (1, "value", "not_a_count"),
        (1, "recorded_on", "recorded_before_period"),
    ]);
    for (format, got) in ["JSON", "CSV", "columns"].iter().zip(three_ways([
        COUNT,
        "2030",
        "XYZ",
        "2.5",
        "2020-01-01",
    ])) {
        assert_eq!(got, expected, "{format}");
    }
}

#[test]
fn checks_that_need_an_unknown_indicator_are_not_guessed() {
    let expected = owned(&[
        (1, "indicator", "unknown_indicator"),
        (1, "entity", "unknown_entity"),
    ]);
    for got in three_ways(["E9.X", "2009", "XYZ", "-1", ""]) {
        assert_eq!(got, expected);
    }
}
