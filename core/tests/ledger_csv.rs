//! SPEC §2: observations from CSV (one column per field, one `cell.<dimension>`
//! column per dimension; DHIS2 period spellings written back canonically).

use std::sync::{Arc, OnceLock};

use seguimiento::{IngestError, Ledger, Mode, Plan, RecordKind, Rejection, Source};

/// count, monthly, dimensions sexo and edad; responsible MINGOB/DGM, MTPS, MRE.
const MONTHLY: &str = "E2.L3.M2.A4.I1";
/// count, semiannual, no dimensions; responsible PGN, MINGOB/PNC, MP.
const SEMIANNUAL: &str = "E2.L2.M1.A5.I3";
/// count, annual, no dimensions; responsible MRE.
const COUNT: &str = "E1.L1.M1.A2.I2";

const HEADER: &str = "indicator,period,entity,value,source,recorded_on,cell.sexo,cell.edad";

fn plan() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| Arc::new(Plan::embedded())))
}

fn ledger() -> Ledger {
    Ledger::new(plan())
}

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut text = rows.join("\n");
    text.push('\n');
    text.into_bytes()
}

fn check(r: &Rejection, index: usize, field: &str, reason: &str) {
    assert_eq!(
        (r.kind, r.index, r.field.as_str()),
        (RecordKind::Observation, index, field),
        "{r}"
    );
    let text = r.reason.to_string();
    assert!(text.contains(reason), "{text:?} lacks {reason:?}");
}

fn syntax_error(bytes: &[u8]) -> (usize, usize, String) {
    let mut l = ledger();
    match l.ingest_csv(bytes, Mode::Lenient) {
        Err(IngestError::BadHeader {
            line,
            column,
            problem,
        }) => {
            assert!(l.is_empty());
            (line, column, problem.to_string())
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn cells_aliases_and_canonical_export() {
    let mut l = ledger();
    let data = csv(&[
        HEADER,
        &format!("{MONTHLY},200903,DGM,4,,,mujer,13-17"),
        &format!("{MONTHLY},2009-03,DGM,5,official,2009-04-02,hombre,0-12"),
        // Empty cell columns: the total.
        &format!("{MONTHLY},200903,dgm,9,,,,"),
        &format!("{SEMIANNUAL},2009S1,PGN,2,verification,,,"),
        &format!("{COUNT}, 2009 ,MRE, 1.2e1 ,,,,"),
    ]);
    let report = l.ingest_csv(&data[..], Mode::Strict).unwrap();
    assert_eq!(report.accepted, 5);
    assert!(report.rejections.is_empty());
    let out = l.export().observations;
    assert_eq!(out.len(), 5);
    assert_eq!(out[0].period.to_string(), "2009-03");
    assert_eq!(out[0].entity, "DGM");
    assert_eq!(
        out[0].cell.iter().collect::<Vec<_>>(),
        [
            (&"edad".to_string(), &"13-17".to_string()),
            (&"sexo".to_string(), &"mujer".to_string())
        ]
    );
    assert_eq!(out[1].recorded_on.unwrap().to_string(), "2009-04-02");
    assert_eq!(out[1].source, Source::Official);
    assert!(out[2].cell.is_empty());
    assert_eq!(out[2].entity, "DGM");
    assert_eq!(out[3].period.to_string(), "2009-S1");
    assert_eq!(out[3].source, Source::Verification);
    assert_eq!(out[4].value.to_string(), "12");
    // Written back canonically in the JSON export.
    let json = l.to_json();
    assert!(json.contains(r#""period": "2009-03""#), "{json}");
    assert!(json.contains(r#""period": "2009-S1""#), "{json}");
    assert!(
        !json.contains("200903") && !json.contains("2009S1"),
        "{json}"
    );
    // And the export reads back as the same ledger.
    let mut again = ledger();
    again.ingest_json(&json, Mode::Strict).unwrap();
    assert_eq!(again.to_json(), json);
}

#[test]
fn csv_and_json_give_the_same_ledger() {
    let mut from_csv = ledger();
    from_csv
        .ingest_csv(
            &csv(&[
                "cell.edad,value,entity,period,cell.sexo,indicator",
                &format!("60+,3,MRE,2010-07,mujer,{MONTHLY}"),
                &format!(",8,MRE,201007,,{MONTHLY}"),
            ])[..],
            Mode::Strict,
        )
        .unwrap();
    let mut from_json = ledger();
    from_json
        .ingest_json(
            &format!(
                r#"{{"observations": [
                {{"indicator": "{MONTHLY}", "period": "2010-07", "entity": "MRE", "cell": {{"sexo": "mujer", "edad": "60+"}}, "value": "3"}},
                {{"indicator": "{MONTHLY}", "period": "2010-07", "entity": "MRE", "value": 8}}
            ]}}"#
            ),
            Mode::Strict,
        )
        .unwrap();
    assert_eq!(from_csv.export(), from_json.export());
}

#[test]
fn a_quarter_alias_is_read_and_named_canonically_in_the_rejection() {
    let mut l = ledger();
    let err = l
        .ingest_csv(
            &csv(&[HEADER, &format!("{SEMIANNUAL},2009Q1,PGN,2,,,,")])[..],
            Mode::Strict,
        )
        .unwrap_err();
    let IngestError::Rejected { rejections } = err else {
        panic!("{err:?}")
    };
    check(&rejections[0], 0, "period", "not a quarter (2009-Q1)");
}

#[test]
fn missing_required_column_is_a_syntax_error_naming_it() {
    for (missing, header) in [
        ("value", "indicator,period,entity,cell.sexo"),
        ("indicator", "period,entity,value"),
        ("period", "indicator,entity,value"),
        ("entity", "indicator,period,value"),
    ] {
        let (line, _, message) = syntax_error(&csv(&[header, "x,y,z"]));
        assert_eq!(line, 1);
        assert!(
            message.contains(&format!("lacks the column {missing:?}")),
            "{message}"
        );
    }
    let (_, _, message) = syntax_error(b"");
    assert!(message.contains("lacks the column"), "{message}");
}

#[test]
fn unknown_column_is_a_syntax_error_naming_it() {
    let (line, _, message) = syntax_error(&csv(&[
        "indicator,period,entity,value,notes",
        &format!("{COUNT},2009,MRE,1,hola"),
    ]));
    assert_eq!(line, 1);
    assert!(
        message.contains("unknown CSV column \"notes\""),
        "{message}"
    );
    // `cell` alone names no dimension.
    let (_, _, message) = syntax_error(&csv(&["indicator,period,entity,value,cell"]));
    assert!(message.contains("\"cell\""), "{message}");
    // Nor do the JSON-only fields of other records.
    let (_, _, message) = syntax_error(&csv(&["indicator,period,entity,value,baseline"]));
    assert!(message.contains("\"baseline\""), "{message}");
}

#[test]
fn a_column_given_twice_is_a_syntax_error() {
    // Otherwise one of the two values of each row would be dropped unseen.
    let (_, _, message) = syntax_error(&csv(&[
        "indicator,period,entity,value,value",
        &format!("{COUNT},2009,MRE,1,2"),
    ]));
    assert!(message.contains("\"value\" twice"), "{message}");
    let (_, _, message) = syntax_error(&csv(&[
        "indicator,period,entity,value,cell.sexo,cell.sexo,cell.edad",
    ]));
    assert!(message.contains("\"cell.sexo\" twice"), "{message}");
}

fn uneven() -> Vec<u8> {
    csv(&[
        HEADER,
        &format!("{COUNT},2009,MRE,1,,,,"),
        &format!("{COUNT},2010,MRE,2"),
        &format!("{COUNT},2011,MRE,3,,,,,"),
        &format!("{COUNT},2012,MRE,4,,,,"),
    ])
}

#[test]
fn a_row_with_the_wrong_number_of_fields_is_rejected_alone() {
    let mut l = ledger();
    let report = l.ingest_csv(&uneven()[..], Mode::Lenient).unwrap();
    assert_eq!(report.accepted, 2);
    assert_eq!(report.rejections.len(), 2, "{:#?}", report.rejections);
    check(
        &report.rejections[0],
        1,
        "",
        "the row has 4 fields, the header 8",
    );
    check(
        &report.rejections[1],
        2,
        "",
        "the row has 9 fields, the header 8",
    );
    let years: Vec<String> = l
        .export()
        .observations
        .iter()
        .map(|o| o.period.to_string())
        .collect();
    assert_eq!(years, ["2009", "2012"]);
}

#[test]
fn strict_csv_changes_nothing_on_a_bad_row() {
    let mut l = ledger();
    match l.ingest_csv(&uneven()[..], Mode::Strict) {
        Err(IngestError::Rejected { rejections }) => {
            let rows: Vec<usize> = rejections.iter().map(|r| r.index).collect();
            assert_eq!(rows, [1, 2]);
        }
        other => panic!("{other:?}"),
    }
    assert!(l.is_empty());
}

#[test]
fn invalid_utf8_in_a_row_rejects_that_row() {
    let mut data = csv(&[HEADER, &format!("{COUNT},2009,MRE,1,,,,")]);
    data.extend_from_slice(format!("{COUNT},2010,M").as_bytes());
    data.extend_from_slice(b"R\xff\xfeE,2,,,,\n");
    data.extend_from_slice(format!("{COUNT},2011,MRE,3,,,,\n").as_bytes());
    let mut l = ledger();
    let report = l.ingest_csv(&data[..], Mode::Lenient).unwrap();
    assert_eq!(report.accepted, 2);
    assert_eq!(report.rejections.len(), 1);
    check(&report.rejections[0], 1, "", "field 3 is not valid UTF-8");
    assert_eq!(l.counts(), [0, 2, 0, 0, 0, 0, 0]);
}

#[test]
fn invalid_utf8_in_the_header_is_a_syntax_error() {
    let (line, _, message) = syntax_error(b"indicator,per\xffiod,entity,value\n");
    assert_eq!(line, 1);
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn a_byte_order_mark_before_the_header_is_ignored() {
    let mut data = "\u{feff}".as_bytes().to_vec();
    data.extend(csv(&[
        "indicator,period,entity,value",
        &format!("{COUNT},2009,MRE,7"),
    ]));
    let mut l = ledger();
    let report = l.ingest_csv(&data[..], Mode::Strict).unwrap();
    assert_eq!(report.accepted, 1);
    assert_eq!(l.export().observations[0].indicator, COUNT);
}

#[test]
fn crlf_line_endings_and_quoted_fields() {
    let data = format!(
        "indicator,period,entity,value\r\n\"{COUNT}\",\"2009\",MRE,\"7\"\r\n{COUNT},2010,MRE,8\r\n"
    );
    let mut l = ledger();
    let report = l.ingest_csv(data.as_bytes(), Mode::Strict).unwrap();
    assert_eq!(report.accepted, 2);
    assert_eq!(l.export().observations[1].value.to_string(), "8");
}

#[test]
fn row_values_are_validated_like_json_records() {
    let data = csv(&[
        HEADER,
        &format!("{COUNT},2009,MRE,,,,,"),
        ",2009,MRE,1,,,,",
        &format!("{COUNT},2009-13,MRE,1,,,,"),
        &format!("{COUNT},2009,MRE,\"1,5\",,,,"),
        &format!("{COUNT},2009,MRE,1,auditoria,,,"),
        &format!("{COUNT},2009,MRE,1,,2009-02-30,,"),
        &format!("{COUNT},2009,MRE,1,,,mujer,"),
        &format!("{MONTHLY},2009-03,MRE,1,,,mujer,"),
        &format!("{MONTHLY},2009-03,MRE,1,,,mujer,99+"),
        &format!("{COUNT},2009,MP,1,,,,"),
        &format!("{COUNT},2009,MRE,NaN,,,,"),
        &format!("{COUNT},2009,MRE,1,,,,"),
    ]);
    let mut l = ledger();
    let report = l.ingest_csv(&data[..], Mode::Lenient).unwrap();
    assert_eq!(report.accepted, 1);
    let r = &report.rejections;
    assert_eq!(r.len(), 11, "{r:#?}");
    check(&r[0], 0, "value", "the field \"value\" is empty");
    check(&r[1], 1, "indicator", "the field \"indicator\" is empty");
    check(&r[2], 2, "period", "a month is 01 to 12");
    check(&r[3], 3, "value", "not a number");
    check(&r[4], 4, "source", "is not a source");
    check(&r[5], 5, "recorded_on", "is not a calendar date");
    check(&r[6], 6, "cell", "has no dimension \"sexo\"");
    check(&r[7], 7, "cell", "missing edad");
    check(
        &r[8],
        8,
        "cell",
        "\"99+\" is not a value of dimension \"edad\"",
    );
    check(&r[9], 9, "entity", "MP is not responsible");
    check(&r[10], 10, "value", "is not a finite number");
}

#[test]
fn a_cell_column_of_a_dimension_the_plan_lacks_rejects_only_rows_naming_it() {
    let data = csv(&[
        "indicator,period,entity,value,cell.color",
        &format!("{COUNT},2009,MRE,1,"),
        &format!("{COUNT},2010,MRE,1,rojo"),
    ]);
    let mut l = ledger();
    let report = l.ingest_csv(&data[..], Mode::Lenient).unwrap();
    assert_eq!(report.accepted, 1);
    check(&report.rejections[0], 1, "cell", "no dimension \"color\"");
}
