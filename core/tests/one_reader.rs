//! One reader: the same record given as JSON, as a CSV row and as a row of
//! a table handed over column by column (what the Python binding does with
//! a DataFrame or a list of dicts) is accepted or rejected identically,
//! with the same codes, and once accepted gives the same ledger. The
//! document rules (a byte-order mark skipped, a key never given twice) hold
//! for every format and for the evaluation configuration.

use std::borrow::Cow;

mod embedded;

use embedded::{plan, AMOUNT, COUNT, MONTHLY, WORDS};
use seguimiento::read::{Columns, FieldValue, Null, NumberKind};
use seguimiento::{Config, IngestError, Ledger, Mode, RecordKind};

/// One field as a format holds it.
#[derive(Clone, Copy)]
enum V {
    /// A text (a JSON string).
    S(&'static str),
    /// A number (a JSON number; in a table, the exact text of a number).
    N(&'static str),
    /// No value (JSON null; an empty CSV cell; None in a table).
    Null,
}

/// An observation's fields; cell entries are named `cell.<dimension>`.
type Record<'a> = &'a [(&'static str, V)];

/// What ingesting one record did: the ledger it gave, or each problem as
/// (field, code).
#[derive(Debug, PartialEq)]
enum Outcome {
    Accepted(String),
    Rejected(Vec<(String, &'static str)>),
    /// The batch as a whole was refused, with this code.
    Refused(&'static str),
}

fn outcome(ledger: Ledger, result: Result<seguimiento::IngestReport, IngestError>) -> Outcome {
    match result {
        Ok(report) => {
            assert!(report.rejections.is_empty());
            Outcome::Accepted(ledger.to_json())
        }
        Err(IngestError::Rejected { rejections }) => {
            assert!(
                ledger.is_empty(),
                "a refused strict batch changed the ledger"
            );
            Outcome::Rejected(
                rejections
                    .iter()
                    .map(|r| (r.field.clone(), r.code()))
                    .collect(),
            )
        }
        Err(IngestError::BadHeader { problem, .. }) => Outcome::Refused(problem.code()),
        Err(IngestError::BadColumns { problems, .. }) => Outcome::Refused(problems[0].code()),
        Err(e @ IngestError::Unreadable { .. }) => Outcome::Refused(e.code()),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

fn json_text(v: V) -> String {
    match v {
        V::S(s) => serde_json::to_string(s).unwrap(),
        V::N(n) => n.to_string(),
        V::Null => "null".to_string(),
    }
}

/// The record as a JSON ledger document (cell entries in a `cell` object).
fn as_json(record: Record<'_>) -> String {
    let mut fields = Vec::new();
    let mut cell = Vec::new();
    for (name, v) in record {
        match name.strip_prefix("cell.") {
            Some(d) => cell.push(format!("{}: {}", json_text(V::S(d)), json_text(*v))),
            None => fields.push(format!("{}: {}", json_text(V::S(name)), json_text(*v))),
        }
    }
    if !cell.is_empty() {
        fields.push(format!("\"cell\": {{{}}}", cell.join(", ")));
    }
    format!("{{\"observations\": [{{{}}}]}}", fields.join(", "))
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The record as observation CSV: a header and one row.
fn as_csv(record: Record<'_>) -> Vec<u8> {
    let header: Vec<String> = record.iter().map(|(n, _)| csv_field(n)).collect();
    let row: Vec<String> = record
        .iter()
        .map(|(_, v)| match v {
            V::S(s) | V::N(s) => csv_field(s),
            V::Null => String::new(),
        })
        .collect();
    format!("{}\n{}\n", header.join(","), row.join(",")).into_bytes()
}

/// The record as a one-row table, column by column.
fn as_columns(record: Record<'_>) -> Columns<'static> {
    let mut columns = Columns::new(RecordKind::Observation, 1, &WORDS);
    for (name, v) in record {
        let value = match v {
            V::S(s) => FieldValue::Text(Cow::Borrowed(s)),
            V::N(n) => FieldValue::Number(Cow::Borrowed(n), NumberKind::Exact),
            V::Null => FieldValue::Null(Null::Null),
        };
        columns.push(*name, vec![value]);
    }
    columns
}

/// Ingests the record in every format; the outcomes must agree.
fn same_everywhere(record: Record<'_>) -> Outcome {
    let mut from_json = Ledger::new(plan());
    let json = as_json(record);
    let json_result = from_json.ingest_json(&json, Mode::Strict);
    let json_outcome = outcome(from_json, json_result);

    let mut from_csv = Ledger::new(plan());
    let csv_result = from_csv.ingest_csv(&as_csv(record)[..], Mode::Strict);
    let csv_outcome = outcome(from_csv, csv_result);

    let mut from_columns = Ledger::new(plan());
    let columns_result = from_columns.ingest_columns(&as_columns(record), Mode::Strict);
    let columns_outcome = outcome(from_columns, columns_result);

    assert_eq!(json_outcome, csv_outcome, "JSON and CSV differ on {json}");
    assert_eq!(
        json_outcome, columns_outcome,
        "JSON and a table row differ on {json}"
    );
    json_outcome
}

fn obs(
    indicator: &'static str,
    period: &'static str,
    entity: &'static str,
    value: V,
) -> [(&'static str, V); 4] {
    [
        ("indicator", V::S(indicator)),
        ("period", V::S(period)),
        ("entity", V::S(entity)),
        ("value", value),
    ]
}

fn rejected(record: Record, field: &str, code: &str) {
    match same_everywhere(record) {
        Outcome::Rejected(problems) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!((problems[0].0.as_str(), problems[0].1), (field, code));
        }
        other => panic!("expected {field}: {code}, got {other:?}"),
    }
}

fn accepted(record: Record<'_>) -> String {
    match same_everywhere(record) {
        Outcome::Accepted(ledger) => ledger,
        other => panic!("expected the record to go in, got {other:?}"),
    }
}

#[test]
fn a_valid_record_gives_the_same_ledger_in_every_format() {
    let ledger = accepted(&obs(COUNT, "2008", "MRE", V::S("3")));
    assert!(ledger.contains(r#""value": "3""#), "{ledger}");
    // A number written as a number reads like its text.
    assert_eq!(accepted(&obs(COUNT, "2008", "MRE", V::N("3"))), ledger);
    // Surrounding whitespace is not part of a value.
    assert_eq!(
        accepted(&obs(" E1.L1.M1.A2.I2 ", " 2008", "MRE ", V::S(" 3 "))),
        ledger
    );
    let full = accepted(&[
        ("indicator", V::S(MONTHLY)),
        ("period", V::S("200903")),
        ("entity", V::S("dgm")),
        ("value", V::S("4")),
        ("source", V::S("verification")),
        ("recorded_on", V::S("2009-04-02")),
        ("cell.sexo", V::S("mujer")),
        ("cell.edad", V::S("13-17")),
    ]);
    assert!(full.contains(r#""period": "2009-03""#), "{full}");
}

#[test]
fn exact_decimals_read_the_same_in_every_format() {
    // Thirty decimal places, the last two zeros: exact, so taken.
    let one = accepted(&obs(
        AMOUNT,
        "2009",
        "MRE",
        V::S("1.000000000000000000000000000000"),
    ));
    assert!(
        one.contains(r#""value": "1.0000000000000000000000000000""#),
        "{one}"
    );
    assert_eq!(
        accepted(&obs(
            AMOUNT,
            "2009",
            "MRE",
            V::N("1.000000000000000000000000000000")
        )),
        one
    );
    // Zero is zero whatever its exponent.
    let zero = accepted(&obs(AMOUNT, "2009", "MRE", V::N("0e99999")));
    assert!(zero.contains(r#""value": "0""#), "{zero}");
    assert!(accepted(&obs(AMOUNT, "2009", "MRE", V::S("1250000.75"))).contains("1250000.75"));
    for (value, code) in [
        (V::S("0.12345678901234567890123456789"), "inexact_number"),
        (V::N("79228162514264337593543950336"), "inexact_number"),
        (V::S("NaN"), "not_finite"),
        (V::S("-Infinity"), "not_finite"),
        (V::S("1,5"), "not_a_number"),
        (V::S("doce"), "not_a_number"),
    ] {
        rejected(&obs(AMOUNT, "2009", "MRE", value), "value", code);
    }
}

#[test]
fn missing_values_are_refused_with_one_code() {
    // JSON null, an empty CSV cell, None in a table.
    rejected(
        &obs(COUNT, "2008", "MRE", V::Null),
        "value",
        "missing_field",
    );
    rejected(
        &[
            ("indicator", V::Null),
            ("period", V::S("2008")),
            ("entity", V::S("MRE")),
            ("value", V::S("1")),
        ],
        "indicator",
        "missing_field",
    );
    // Optional fields may be empty.
    accepted(&[
        ("indicator", V::S(COUNT)),
        ("period", V::S("2008")),
        ("entity", V::S("MRE")),
        ("value", V::S("1")),
        ("source", V::Null),
        ("recorded_on", V::Null),
    ]);
}

#[test]
fn each_rule_gives_the_same_code_in_every_format() {
    rejected(
        &obs("E9.L9.M9.A9.I9", "2008", "MRE", V::S("1")),
        "indicator",
        "unknown_indicator",
    );
    rejected(
        &obs(COUNT, "2009-13", "MRE", V::S("1")),
        "period",
        "not_a_period",
    );
    rejected(
        &obs(COUNT, "2008", "NADIE", V::S("1")),
        "entity",
        "unknown_entity",
    );
    rejected(
        &obs(COUNT, "2008", "MP", V::S("1")),
        "entity",
        "not_responsible",
    );
    rejected(
        &obs(COUNT, "2008", "MRE", V::S("1.5")),
        "value",
        "not_a_count",
    );
    rejected(
        &obs(COUNT, "2008-03", "MRE", V::S("1")),
        "period",
        "wrong_granularity",
    );
    rejected(
        &obs(COUNT, "2018", "MRE", V::S("1")),
        "period",
        "outside_plazo",
    );
    let with = |field: &'static str, v: V| -> Vec<(&'static str, V)> {
        let mut r = obs(COUNT, "2008", "MRE", V::S("1")).to_vec();
        r.push((field, v));
        r
    };
    rejected(
        &with("recorded_on", V::S("2009-02-30")),
        "recorded_on",
        "not_a_calendar_date",
    );
    rejected(
        &with("recorded_on", V::S("30/01/2009")),
        "recorded_on",
        "not_a_date",
    );
    rejected(
        &with("recorded_on", V::S("2007-05-01")),
        "recorded_on",
        "recorded_before_period",
    );
    rejected(
        &with("source", V::S("auditoria")),
        "source",
        "unknown_source",
    );
    let monthly = |cells: &[(&'static str, V)]| -> Vec<(&'static str, V)> {
        let mut r = obs(MONTHLY, "2009-03", "MRE", V::S("1")).to_vec();
        r.extend_from_slice(cells);
        r
    };
    rejected(
        &monthly(&[("cell.sexo", V::S("mujer"))]),
        "cell",
        "partial_cell",
    );
    rejected(
        &monthly(&[("cell.sexo", V::S("mujer")), ("cell.edad", V::S("99+"))]),
        "cell",
        "not_a_dimension_value",
    );
    rejected(
        &monthly(&[("cell.sexo", V::S("mujer")), ("cell.color", V::S("rojo"))]),
        "cell",
        "unknown_dimension",
    );
}

#[test]
fn a_byte_order_mark_is_skipped_in_every_document() {
    let record = obs(COUNT, "2008", "MRE", V::S("3"));
    let expected = accepted(&record);
    let mut l = Ledger::new(plan());
    l.ingest_json(&format!("\u{feff}{}", as_json(&record)), Mode::Strict)
        .unwrap();
    assert_eq!(l.to_json(), expected);
    let mut l = Ledger::new(plan());
    let mut csv = "\u{feff}".as_bytes().to_vec();
    csv.extend(as_csv(&record));
    l.ingest_csv(&csv[..], Mode::Strict).unwrap();
    assert_eq!(l.to_json(), expected);
    // Only at the start: anywhere else it is a character like any other.
    let mut l = Ledger::new(plan());
    let inside = as_json(&obs(COUNT, "2008", "MRE\u{feff}", V::S("3")));
    assert!(l.ingest_json(&inside, Mode::Strict).is_err());
    // The configuration follows the same rule.
    let config = Config::from_json("\u{feff}{\"grace_days\": 15}").unwrap();
    assert_eq!(config.grace_days, 15);
}

#[test]
fn a_key_given_twice_is_refused_in_every_format_never_last_wins() {
    // A JSON record: the record is refused, naming the field.
    let doc = format!(
        r#"{{"observations": [{{"indicator": "{COUNT}", "period": "2008", "entity": "MRE", "value": "1", "value": "2"}}]}}"#
    );
    match outcome(
        Ledger::new(plan()),
        Ledger::new(plan()).ingest_json(&doc, Mode::Strict),
    ) {
        Outcome::Rejected(problems) => {
            assert_eq!(problems, [("value".to_string(), "duplicate_field")])
        }
        other => panic!("{other:?}"),
    }
    let mut l = Ledger::new(plan());
    assert_eq!(l.ingest_json(&doc, Mode::Lenient).unwrap().accepted, 0);
    // A CSV header or a table's columns: the batch is refused.
    let twice: Record<'_> = &[
        ("indicator", V::S(COUNT)),
        ("period", V::S("2008")),
        ("entity", V::S("MRE")),
        ("value", V::S("1")),
        ("value", V::S("2")),
    ];
    let mut l = Ledger::new(plan());
    let csv = l.ingest_csv(&as_csv(twice)[..], Mode::Lenient);
    assert_eq!(outcome(l, csv), Outcome::Refused("duplicate_column"));
    let mut l = Ledger::new(plan());
    let table = l.ingest_columns(&as_columns(twice), Mode::Lenient);
    assert_eq!(outcome(l, table), Outcome::Refused("duplicate_column"));
    // A cell naming a dimension twice, in JSON or as a map and a column.
    let doc = format!(
        r#"{{"observations": [{{"indicator": "{MONTHLY}", "period": "2009-03", "entity": "MRE", "value": "1",
            "cell": {{"sexo": "mujer", "edad": "0-12", "sexo": "mujer"}}}}]}}"#
    );
    match outcome(
        Ledger::new(plan()),
        Ledger::new(plan()).ingest_json(&doc, Mode::Strict),
    ) {
        Outcome::Rejected(problems) => {
            assert_eq!(problems, [("cell".to_string(), "duplicate_dimension")])
        }
        other => panic!("{other:?}"),
    }
    let mut columns = as_columns(&obs(MONTHLY, "2009-03", "MRE", V::S("1")));
    columns.push(
        "cell",
        vec![FieldValue::Map(vec![
            (
                Cow::Borrowed("sexo"),
                FieldValue::Text(Cow::Borrowed("mujer")),
            ),
            (
                Cow::Borrowed("edad"),
                FieldValue::Text(Cow::Borrowed("0-12")),
            ),
        ])],
    );
    columns.push("cell.sexo", vec![FieldValue::Text(Cow::Borrowed("mujer"))]);
    let mut l = Ledger::new(plan());
    let result = l.ingest_columns(&columns, Mode::Strict);
    assert_eq!(
        outcome(l, result),
        Outcome::Rejected(vec![("cell".to_string(), "duplicate_dimension")])
    );
    // A document naming an array twice.
    let mut l = Ledger::new(plan());
    let result = l.ingest_json(r#"{"observations": [], "observations": []}"#, Mode::Lenient);
    match result {
        Err(IngestError::Unreadable { problem, .. }) => {
            assert_eq!(problem.code(), "duplicate_array")
        }
        other => panic!("{other:?}"),
    }
    // The configuration: refused, naming the key, not the last value taken.
    let e = Config::from_json(r#"{"green": "0.95", "yellow": "0.5", "green": "0.4"}"#).unwrap_err();
    assert_eq!(e.field, "green");
    assert!(e.reason.contains("twice"), "{e}");
    let e = Config::from_json(r#"{"weights": {"E1": "2", "E1": "3"}}"#).unwrap_err();
    assert_eq!(e.field, "weights.E1");
}

#[test]
fn a_wrong_type_has_one_code_whatever_the_format_calls_it() {
    let doc = as_json(&obs(COUNT, "2008", "MRE", V::S("1")))
        .replace(r#""value": "1""#, r#""value": true"#);
    let mut l = Ledger::new(plan());
    let result = l.ingest_json(&doc, Mode::Strict);
    let json = outcome(l, result);
    // A table row holding a value of a type no field takes (a bool).
    let mut columns = Columns::new(RecordKind::Observation, 1, &WORDS);
    for (name, v) in [
        ("indicator", FieldValue::Text(Cow::Borrowed(COUNT))),
        ("period", FieldValue::Text(Cow::Borrowed("2008"))),
        ("entity", FieldValue::Text(Cow::Borrowed("MRE"))),
        ("value", FieldValue::Other(Cow::Borrowed("the bool True"))),
    ] {
        columns.push(name, vec![v]);
    }
    let mut l = Ledger::new(plan());
    let result = l.ingest_columns(&columns, Mode::Strict);
    let table = outcome(l, result);
    assert_eq!(
        json,
        Outcome::Rejected(vec![("value".into(), "wrong_type")])
    );
    assert_eq!(json, table);
    // Each in its own words.
    let mut l = Ledger::new(plan());
    let Err(IngestError::Rejected { rejections }) = l.ingest_columns(&columns, Mode::Strict) else {
        panic!("expected a rejection")
    };
    assert_eq!(
        rejections[0].reason.to_string(),
        "expected a number, found the bool True"
    );
    let Err(IngestError::Rejected { rejections }) =
        Ledger::new(plan()).ingest_json(&doc, Mode::Strict)
    else {
        panic!("expected a rejection")
    };
    assert_eq!(
        rejections[0].reason.to_string(),
        "expected a string or a number, found true"
    );
}

#[test]
fn a_huge_bad_value_is_named_by_its_start_and_length() {
    let huge = "X".repeat(60 * 1024 * 1024);
    let doc = format!(
        r#"{{"observations": [{{"indicator": "{huge}", "period": "2008", "entity": "MRE", "value": "1"}}]}}"#
    );
    let mut l = Ledger::new(plan());
    let report = l.ingest_json(&doc, Mode::Lenient).unwrap();
    let message = report.rejections[0].to_string();
    assert_eq!(report.rejections[0].code(), "unknown_indicator");
    assert!(message.len() < 200, "{message}");
    assert!(message.contains("62914560 bytes"), "{message}");
    assert!(report.to_json().len() < 400);
    let mut csv = b"indicator,period,entity,value\n".to_vec();
    csv.extend_from_slice(format!("{COUNT},2008,MRE,{huge}\n").as_bytes());
    let report = l.ingest_csv(&csv[..], Mode::Lenient).unwrap();
    assert_eq!(report.rejections[0].code(), "not_a_number");
    assert!(report.rejections[0].to_string().len() < 300);
}

/// A record whose fields are given as texts in a table, with `field` given
/// instead as `value`.
fn with_field(record: Record<'_>, field: &str, value: FieldValue<'static>) -> Columns<'static> {
    let mut columns = Columns::new(RecordKind::Observation, 1, &WORDS);
    for (name, v) in record {
        let given = match v {
            _ if *name == field => value.clone(),
            V::S(s) => FieldValue::Text(Cow::Borrowed(s)),
            V::N(n) => FieldValue::Number(Cow::Borrowed(n), NumberKind::Exact),
            V::Null => FieldValue::Null(Null::Null),
        };
        columns.push(*name, vec![given]);
    }
    columns
}

#[test]
fn a_decimal_value_reads_as_the_exact_text_of_its_number() {
    use rust_decimal::Decimal;
    let ingest = |columns: &Columns<'_>| {
        let mut ledger = Ledger::new(plan());
        let result = ledger.ingest_columns(columns, Mode::Strict);
        outcome(ledger, result)
    };
    let decimal = |mantissa: i64, scale: u32| FieldValue::Decimal(Decimal::new(mantissa, scale));
    let number = |text: &'static str| FieldValue::Number(Cow::Borrowed(text), NumberKind::Exact);
    let cases = [
        // A value, with its places kept; negative zero is zero.
        (
            obs(AMOUNT, "2009", "MRE", V::S("1")),
            "value",
            decimal(1250, 2),
            "12.50",
        ),
        (
            obs(AMOUNT, "2009", "MRE", V::S("1")),
            "value",
            decimal(0, 0),
            "0",
        ),
        (
            obs(COUNT, "2008", "MRE", V::S("1")),
            "value",
            decimal(-3, 0),
            "-3",
        ),
        (
            obs(COUNT, "2008", "MRE", V::S("1")),
            "value",
            decimal(15, 1),
            "1.5",
        ),
        // Elsewhere, its text: a year as a period, a code, a bad period.
        (
            obs(COUNT, "2008", "MRE", V::S("1")),
            "period",
            decimal(2008, 0),
            "2008",
        ),
        (
            obs(COUNT, "2008", "MRE", V::S("1")),
            "period",
            decimal(20085, 1),
            "2008.5",
        ),
        (
            obs(COUNT, "2008", "MRE", V::S("1")),
            "entity",
            decimal(12, 0),
            "12",
        ),
        (
            obs(COUNT, "2008", "MRE", V::S("1")),
            "indicator",
            decimal(1, 0),
            "1",
        ),
    ];
    for (record, field, value, text) in cases {
        let by_decimal = ingest(&with_field(&record, field, value));
        let by_text = ingest(&with_field(&record, field, number(text)));
        assert_eq!(by_decimal, by_text, "{field} = {text}");
    }
    let mut with_negative_zero = Decimal::new(0, 2);
    with_negative_zero.set_sign_negative(true);
    let record = obs(AMOUNT, "2009", "MRE", V::S("1"));
    let negative = ingest(&with_field(
        &record,
        "value",
        FieldValue::Decimal(with_negative_zero),
    ));
    assert_eq!(
        negative,
        ingest(&with_field(&record, "value", number("-0.00")))
    );
    assert!(
        matches!(&negative, Outcome::Accepted(l) if l.contains(r#""value": "0.00""#)),
        "{negative:?}"
    );
}
