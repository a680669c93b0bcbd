//! Arrow and Parquet in and out of a ledger: the same scorecards as CSV
//! input of the same data, the usual rejections for malformed columns, and
//! a ledger that comes back the same.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Decimal128Array, DictionaryArray, Float64Array,
    Int64Array, LargeStringArray, RecordBatch, StringArray, StringViewArray,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use seguimiento::{evaluate, Config, IngestError, Ledger, LedgerTable, Mode, Plan, RecordKind};

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../seeds")
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

fn demo_ledger() -> Ledger {
    let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
    let text = std::fs::read_to_string(seeds().join("demo-ledger.json")).expect("the sample");
    ledger
        .ingest_json(&text, Mode::Strict)
        .expect("a valid sample");
    ledger
}

/// The sample ledger without its observations, as JSON, and its
/// observations as CSV: the two inputs every path below starts from.
fn demo_inputs() -> (String, String) {
    let ledger = demo_ledger();
    let observations = ledger.table(LedgerTable::Observations).to_csv();
    let mut rest: serde_json::Value = serde_json::from_str(&ledger.to_json()).expect("JSON");
    rest.as_object_mut()
        .expect("an object")
        .remove("observations");
    (rest.to_string(), observations)
}

fn scorecards(ledger: &Ledger) -> Vec<String> {
    ["2008-12-31", "2010-12-31", "2017-12-31"]
        .iter()
        .map(|as_of| {
            evaluate(ledger.plan(), ledger, date(as_of), &Config::default())
                .expect("same plan")
                .to_json()
        })
        .collect()
}

/// The columns of a CSV text, as texts (`None` for an empty cell).
fn csv_columns(csv: &str) -> (Vec<String>, Vec<Vec<Option<String>>>) {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let names: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(String::from)
        .collect();
    let mut columns = vec![Vec::new(); names.len()];
    for row in reader.records() {
        let row = row.expect("a row");
        for (c, cell) in row.iter().enumerate() {
            columns[c].push((!cell.is_empty()).then(|| cell.to_string()));
        }
    }
    (names, columns)
}

/// Observations from CSV text as record batches of every type the reader
/// takes: indicators dictionary-encoded, entities `LargeUtf8`, periods
/// `Utf8View`, values `Decimal128` (a new batch wherever the number of
/// places changes, so values keep theirs), dates `Date32`, cells `Utf8`.
fn typed_batches(csv: &str) -> Vec<RecordBatch> {
    let (names, columns) = csv_columns(csv);
    let rows = columns.first().map_or(0, Vec::len);
    let value_at = names
        .iter()
        .position(|n| n == "value")
        .expect("a value column");
    let scale = |row: usize| {
        columns[value_at][row]
            .as_deref()
            .map_or(0, |v| v.parse::<Decimal>().expect("a decimal").scale())
    };
    let mut batches = Vec::new();
    let mut start = 0;
    while start < rows {
        let mut end = start + 1;
        while end < rows && scale(end) == scale(start) {
            end += 1;
        }
        let arrays: Vec<(String, ArrayRef)> = names
            .iter()
            .zip(&columns)
            .map(|(name, column)| {
                let cells = &column[start..end];
                let array: ArrayRef = match name.as_str() {
                    "indicator" => Arc::new(
                        cells
                            .iter()
                            .map(Option::as_deref)
                            .collect::<DictionaryArray<Int32Type>>(),
                    ),
                    "entity" => Arc::new(
                        cells
                            .iter()
                            .map(Option::as_deref)
                            .collect::<LargeStringArray>(),
                    ),
                    "period" => Arc::new(
                        cells
                            .iter()
                            .map(Option::as_deref)
                            .collect::<StringViewArray>(),
                    ),
                    "value" => {
                        let s = scale(start);
                        Arc::new(
                            cells
                                .iter()
                                .map(|v| {
                                    v.as_deref().map(|v| {
                                        v.parse::<Decimal>().expect("a decimal").mantissa()
                                    })
                                })
                                .collect::<Decimal128Array>()
                                .with_precision_and_scale(38, s as i8)
                                .expect("a scale"),
                        )
                    }
                    "recorded_on" => Arc::new(
                        cells
                            .iter()
                            .map(|d| {
                                d.as_deref()
                                    .map(|d| (date(d) - date("1970-01-01")).num_days() as i32)
                            })
                            .collect::<Date32Array>(),
                    ),
                    _ => Arc::new(cells.iter().map(Option::as_deref).collect::<StringArray>()),
                };
                (name.clone(), array)
            })
            .collect();
        batches.push(RecordBatch::try_from_iter(arrays).expect("a batch"));
        start = end;
    }
    batches
}

#[test]
fn arrow_input_scores_the_sample_as_csv_input_does() {
    let (rest, observations) = demo_inputs();
    let plan = Arc::new(Plan::embedded());
    let mut from_csv = Ledger::new(Arc::clone(&plan));
    from_csv.ingest_json(&rest, Mode::Strict).expect("valid");
    from_csv
        .ingest_csv(observations.as_bytes(), Mode::Strict)
        .expect("valid");

    let batches = typed_batches(&observations);
    assert!(
        batches.len() > 1,
        "the sample's values have different places"
    );
    let mut from_arrow = Ledger::new(Arc::clone(&plan));
    from_arrow.ingest_json(&rest, Mode::Strict).expect("valid");
    let report = seguimiento_arrow::ingest_batches(
        &mut from_arrow,
        RecordKind::Observation,
        &batches,
        Mode::Strict,
    )
    .expect("valid");
    assert_eq!(report.accepted, from_csv.counts()[1]);
    assert_eq!(from_arrow.to_json(), from_csv.to_json());
    assert_eq!(scorecards(&from_arrow), scorecards(&from_csv));
}

/// The generator's national-style data: targets from JSON, observations
/// from CSV, then the same observations as Arrow and as Parquet.
#[test]
fn arrow_and_parquet_input_score_generated_data_as_csv_input_does() {
    let plan = Arc::new(Plan::embedded());
    let targets = seguimiento_benches::targets_json(&plan);
    let observations = seguimiento_benches::observations_csv(&plan, 4_000, 11);
    let ledger_with_targets = || {
        let mut ledger = Ledger::new(Arc::clone(&plan));
        ledger
            .ingest_json(&targets, Mode::Strict)
            .expect("valid targets");
        ledger
    };
    let mut from_csv = ledger_with_targets();
    from_csv
        .ingest_csv(observations.as_bytes(), Mode::Strict)
        .expect("valid");
    let expected = scorecards(&from_csv);

    let mut from_arrow = ledger_with_targets();
    seguimiento_arrow::ingest_batches(
        &mut from_arrow,
        RecordKind::Observation,
        &typed_batches(&observations),
        Mode::Strict,
    )
    .expect("valid");
    assert_eq!(scorecards(&from_arrow), expected);

    let mut file = Vec::new();
    seguimiento_arrow::write_parquet(&from_csv, RecordKind::Observation, &mut file)
        .expect("written");
    let mut from_parquet = ledger_with_targets();
    seguimiento_arrow::ingest_parquet(
        &mut from_parquet,
        RecordKind::Observation,
        file,
        Mode::Strict,
    )
    .expect("valid");
    assert_eq!(from_parquet.to_json(), from_csv.to_json());
    assert_eq!(scorecards(&from_parquet), expected);
}

#[test]
fn a_parquet_file_is_read_from_its_path() {
    let ledger = demo_ledger();
    let path =
        std::env::temp_dir().join(format!("seguimiento-arrow-{}.parquet", std::process::id()));
    let file = std::fs::File::create(&path).expect("a temporary file");
    seguimiento_arrow::write_parquet(&ledger, RecordKind::Target, file).expect("written");
    let mut again = Ledger::new(Arc::clone(ledger.plan()));
    let report =
        seguimiento_arrow::ingest_parquet_path(&mut again, RecordKind::Target, &path, Mode::Strict);
    let _ = std::fs::remove_file(&path);
    assert_eq!(report.expect("valid").accepted, ledger.counts()[0]);
    assert_eq!(again.counts()[0], ledger.counts()[0]);
}

#[test]
fn not_a_parquet_file_is_a_read_failure_that_changes_nothing() {
    let mut ledger = demo_ledger();
    let before = ledger.to_json();
    let err = seguimiento_arrow::ingest_parquet(
        &mut ledger,
        RecordKind::Observation,
        b"indicator,period\n".to_vec(),
        Mode::Lenient,
    )
    .expect_err("not Parquet");
    assert_eq!(err.code(), "read_failed");
    assert_eq!(ledger.to_json(), before);
}

/// Every kind of record goes out as a batch and back in as the same records.
#[test]
fn ledger_to_arrow_to_ledger_is_the_same_ledger() {
    let ledger = demo_ledger();
    let mut again = Ledger::new(Arc::clone(ledger.plan()));
    for &kind in RecordKind::ALL {
        let batch = seguimiento_arrow::to_record_batch(&ledger, kind).expect("a batch");
        let names: Vec<String> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        for name in &names {
            let field = name.strip_prefix("cell.").map_or(name.as_str(), |_| "cell");
            assert!(kind.spec().field(field).is_some(), "{kind}: column {name}");
        }
        seguimiento_arrow::ingest_batches(&mut again, kind, &[batch], Mode::Strict)
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
    }
    assert_eq!(again.to_json(), ledger.to_json());

    // And through Parquet.
    let mut through_parquet = Ledger::new(Arc::clone(ledger.plan()));
    for &kind in RecordKind::ALL {
        let mut file = Vec::new();
        seguimiento_arrow::write_parquet(&ledger, kind, &mut file).expect("written");
        seguimiento_arrow::ingest_parquet(&mut through_parquet, kind, file, Mode::Strict)
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
    }
    assert_eq!(through_parquet.to_json(), ledger.to_json());
}

fn texts(values: &[Option<&str>]) -> ArrayRef {
    Arc::new(values.iter().copied().collect::<StringArray>())
}

/// Observations of a count indicator of the plan, one a year from 2008,
/// with `value` and `entity` columns given by the test.
fn observations(value: ArrayRef, entity: ArrayRef) -> RecordBatch {
    observations_from(2008, value, entity)
}

fn observations_from(year: i64, value: ArrayRef, entity: ArrayRef) -> RecordBatch {
    let rows = value.len();
    RecordBatch::try_from_iter([
        ("indicator", texts(&vec![Some("E1.L1.M2.A2.I3"); rows])),
        (
            "period",
            Arc::new(Int64Array::from(
                (0..rows as i64).map(|i| year + i).collect::<Vec<_>>(),
            )) as ArrayRef,
        ),
        ("entity", entity),
        ("value", value),
    ])
    .expect("a batch")
}

fn rejections(batches: &[RecordBatch]) -> Vec<(usize, String, &'static str)> {
    let mut ledger = demo_ledger();
    let before = ledger.to_json();
    let err = seguimiento_arrow::ingest_batches(
        &mut ledger,
        RecordKind::Observation,
        batches,
        Mode::Strict,
    )
    .expect_err("rejected");
    assert_eq!(
        ledger.to_json(),
        before,
        "a refused strict batch changes nothing"
    );
    match err {
        IngestError::Rejected { rejections } => rejections
            .iter()
            .map(|r| (r.index, r.field.clone(), r.reason.code()))
            .collect(),
        other => panic!("not a rejection: {other}"),
    }
}

#[test]
fn a_column_of_the_wrong_type_is_rejected_row_by_row() {
    let value: ArrayRef = Arc::new(BooleanArray::from(vec![true, false]));
    let got = rejections(&[observations(value, texts(&[Some("GIT"), Some("GIT")]))]);
    assert_eq!(
        got,
        [
            (0, "value".to_string(), "wrong_type"),
            (1, "value".to_string(), "wrong_type")
        ]
    );
    let mut ledger = demo_ledger();
    let err = seguimiento_arrow::ingest_batches(
        &mut ledger,
        RecordKind::Observation,
        &[observations(
            Arc::new(BooleanArray::from(vec![true])),
            texts(&[Some("GIT")]),
        )],
        Mode::Strict,
    )
    .expect_err("rejected");
    assert!(err.to_string().contains("the boolean true"), "{err}");
}

#[test]
fn nulls_where_a_value_is_required_are_rejected_with_their_row() {
    let value: ArrayRef = Arc::new(Float64Array::from(vec![
        Some(12.0),
        Some(f64::NAN),
        Some(3.0),
    ]));
    let entity = texts(&[Some("GIT"), Some("GIT"), None]);
    let got = rejections(&[observations(value, entity)]);
    assert_eq!(
        got,
        [
            (1, "value".to_string(), "missing_field"),
            (2, "entity".to_string(), "missing_field")
        ]
    );
}

#[test]
fn a_float_is_taken_as_a_quantity_never_as_a_period() {
    let mut ledger = demo_ledger();
    let batch = RecordBatch::try_from_iter([
        ("indicator", texts(&[Some("E1.L1.M2.A2.I3")])),
        (
            "period",
            Arc::new(Float64Array::from(vec![2008.0])) as ArrayRef,
        ),
        ("entity", texts(&[Some("GIT")])),
        (
            "value",
            Arc::new(Float64Array::from(vec![12.5])) as ArrayRef,
        ),
    ])
    .expect("a batch");
    let report = seguimiento_arrow::ingest_batches(
        &mut ledger,
        RecordKind::Observation,
        &[batch],
        Mode::Lenient,
    )
    .expect("read");
    let got: Vec<_> = report
        .rejections
        .iter()
        .map(|r| (r.field.as_str(), r.reason.code()))
        .collect();
    assert_eq!(got, [("period", "wrong_type")]);
}

#[test]
fn rows_are_numbered_across_batches_and_a_bad_last_row_undoes_them_all() {
    let good = observations(
        texts(&[Some("1"), Some("2")]),
        texts(&[Some("GIT"), Some("GIT")]),
    );
    let bad = observations_from(
        2010,
        texts(&[Some("3"), Some("three")]),
        texts(&[Some("GIT"), Some("GIT")]),
    );
    let got = rejections(&[good.clone(), bad]);
    assert_eq!(got, [(3, "value".to_string(), "not_a_number")]);
}

#[test]
fn an_unknown_or_missing_column_is_refused_before_any_row() {
    let mut ledger = demo_ledger();
    let before = ledger.to_json();
    let batch = RecordBatch::try_from_iter([
        ("indicator", texts(&[Some("E1.L1.M2.A2.I3")])),
        ("period", texts(&[Some("2008")])),
        ("value", texts(&[Some("1")])),
        ("colour", texts(&[Some("red")])),
    ])
    .expect("a batch");
    let err = seguimiento_arrow::ingest_batches(
        &mut ledger,
        RecordKind::Observation,
        &[batch],
        Mode::Lenient,
    )
    .expect_err("refused");
    let IngestError::BadColumns { kind, problems } = &err else {
        panic!("not a column error: {err}");
    };
    assert_eq!(*kind, RecordKind::Observation);
    let codes: Vec<&str> = problems.iter().map(|p| p.code()).collect();
    assert_eq!(codes, ["unknown_column", "missing_column"], "{err}");
    assert!(err.to_string().contains("colour"), "{err}");
    assert_eq!(ledger.to_json(), before);
}

#[test]
fn a_stream_whose_batches_change_columns_fails_and_changes_nothing() {
    let mut ledger = demo_ledger();
    let before = ledger.to_json();
    let first = observations(texts(&[Some("1")]), texts(&[Some("GIT")]));
    let other = RecordBatch::try_from_iter([
        ("indicator", texts(&[Some("E1.L1.M2.A2.I3")])),
        ("period", texts(&[Some("2009")])),
        ("entity", texts(&[Some("GIT")])),
        ("value", texts(&[Some("1")])),
        ("source", texts(&[Some("official")])),
    ])
    .expect("a batch");
    let err = seguimiento_arrow::ingest_batches(
        &mut ledger,
        RecordKind::Observation,
        &[first, other],
        Mode::Lenient,
    )
    .expect_err("refused");
    assert_eq!(err.code(), "read_failed");
    assert_eq!(ledger.to_json(), before);
}
