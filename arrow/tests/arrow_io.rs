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

/// Generated observations with bad rows and duplicates spread through them:
/// every tenth-odd row given an unknown entity or a bad value, and some
/// rows repeated further on.
fn troubled_csv(rows: usize) -> String {
    let plan = Plan::embedded();
    let csv = seguimiento_benches::observations_csv(&plan, rows, 29);
    let mut lines: Vec<String> = csv.lines().map(String::from).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let entity = header.iter().position(|&c| c == "entity").expect("entity");
    let value = header.iter().position(|&c| c == "value").expect("value");
    for (i, line) in lines.iter_mut().enumerate().skip(1) {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        if i % 97 == 5 {
            cells[entity] = "NOPE".into();
        }
        if i % 61 == 9 {
            cells[value] = "-2.5".into();
        }
        *line = cells.join(",");
    }
    let repeats: Vec<String> = (1..lines.len())
        .filter(|i| i % 89 == 3)
        .map(|i| lines[i].clone())
        .collect();
    for (k, line) in repeats.into_iter().enumerate() {
        let at = (lines.len() - 1).min(1 + k * 131 + 200);
        lines.insert(at, line);
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// What one ingest gave: the report or the error, and the ledger.
fn ingest_with_threads(
    batches: &[RecordBatch],
    options: seguimiento::IngestOptions,
    threads: usize,
) -> (String, String) {
    let mut ledger = demo_ledger();
    let reader =
        arrow_array::RecordBatchIterator::new(batches.iter().cloned().map(Ok), batches[0].schema());
    let result = seguimiento_arrow::ingest_reader_with(
        &mut ledger,
        RecordKind::Observation,
        reader,
        options,
        threads,
    );
    let shown = match result {
        Ok(report) => report.to_json(),
        Err(IngestError::Rejected { rejections }) => rejections
            .iter()
            .map(|r| format!("{} {} {} {}\n", r.index, r.field, r.code(), r.reason))
            .collect(),
        Err(e) => format!("error: {e}"),
    };
    (shown, ledger.to_json())
}

/// Small record batches, so that bad rows and duplicates fall on every
/// side of their boundaries.
fn small_batches(csv: &str, rows: usize) -> Vec<RecordBatch> {
    typed_batches(csv)
        .iter()
        .flat_map(|batch| {
            (0..batch.num_rows())
                .step_by(rows)
                .map(|start| batch.slice(start, rows.min(batch.num_rows() - start)))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn batches_read_on_many_threads_give_what_one_thread_gives() {
    use seguimiento::{Duplicates, IngestOptions};
    let csv = troubled_csv(3_000);
    let batches = small_batches(&csv, 37);
    assert!(batches.len() > 50);
    let options = [
        IngestOptions::from(Mode::Lenient),
        IngestOptions {
            mode: Mode::Lenient,
            duplicates: Duplicates::Sum,
            aggregate: false,
        },
        IngestOptions {
            mode: Mode::Lenient,
            duplicates: Duplicates::Reject,
            aggregate: true,
        },
        IngestOptions::from(Mode::Strict),
    ];
    for options in options {
        let (report, ledger) = ingest_with_threads(&batches, options, 1);
        assert!(report.contains("unknown_entity"), "{report}");
        assert!(
            report.contains("duplicate") || options.duplicates == Duplicates::Sum,
            "{report}"
        );
        for threads in [2, 3, 8] {
            let (parallel_report, parallel_ledger) =
                ingest_with_threads(&batches, options, threads);
            assert_eq!(parallel_report, report, "{options:?}, {threads} threads");
            assert!(parallel_ledger == ledger, "{options:?}, {threads} threads");
        }
    }
}

#[test]
fn one_bad_row_in_the_last_batch_refuses_a_strict_batch_read_in_parallel() {
    let plan = Plan::embedded();
    let mut csv = seguimiento_benches::observations_csv(&plan, 2_000, 31);
    let before = demo_ledger().to_json();
    let last = csv
        .trim_end()
        .rsplit_once('\n')
        .expect("rows")
        .1
        .to_string();
    let mut cells: Vec<&str> = last.split(',').collect();
    cells[1] = "2999-99";
    csv.push_str(&cells.join(","));
    csv.push('\n');
    let batches = small_batches(&csv, 64);
    for threads in [1, 2, 4] {
        let (report, ledger) = ingest_with_threads(&batches, Mode::Strict.into(), threads);
        assert!(report.starts_with("2000 period"), "{report}");
        assert_eq!(report.lines().count(), 1, "{report}");
        assert!(ledger == before, "{threads} threads changed the ledger");
    }
}

#[test]
fn a_stream_failing_part_way_read_in_parallel_changes_nothing() {
    let plan = Plan::embedded();
    let csv = seguimiento_benches::observations_csv(&plan, 1_000, 37);
    let batches = small_batches(&csv, 50);
    let before = demo_ledger().to_json();
    let mut outcomes = Vec::new();
    for threads in [1, 2, 3] {
        let mut ledger = demo_ledger();
        let stream = batches.iter().cloned().enumerate().map(|(i, batch)| {
            if i == 7 {
                Err(arrow_schema::ArrowError::ComputeError(
                    "the disk went away".into(),
                ))
            } else {
                Ok(batch)
            }
        });
        let reader = arrow_array::RecordBatchIterator::new(stream, batches[0].schema());
        let err = seguimiento_arrow::ingest_reader_with(
            &mut ledger,
            RecordKind::Observation,
            reader,
            Mode::Lenient,
            threads,
        )
        .expect_err("the stream failed");
        assert!(ledger.to_json() == before, "{threads} threads");
        outcomes.push(err.to_string());
    }
    let rows_before: usize = batches[..7].iter().map(RecordBatch::num_rows).sum();
    assert!(
        outcomes[0].contains(&format!("line {rows_before}:")) && outcomes[0].contains("went away"),
        "{}",
        outcomes[0]
    );
    assert!(outcomes.iter().all(|o| *o == outcomes[0]), "{outcomes:?}");
}

/// A value of a written column as text, whatever its Arrow type.
fn shown(array: &ArrayRef, row: usize) -> Option<String> {
    use arrow_array::cast::AsArray;
    use arrow_schema::DataType;
    if array.is_null(row) {
        return None;
    }
    Some(match array.data_type() {
        DataType::Dictionary(_, _) => {
            let dictionary = array.as_any_dictionary();
            let key = dictionary.normalized_keys()[row];
            dictionary
                .values()
                .as_string::<i32>()
                .value(key)
                .to_string()
        }
        DataType::Utf8 => array.as_string::<i32>().value(row).to_string(),
        DataType::Decimal128(_, _) => array
            .as_primitive::<arrow_array::types::Decimal128Type>()
            .value_as_string(row),
        DataType::Date32 => array
            .as_primitive::<arrow_array::types::Date32Type>()
            .value_as_date(row)
            .expect("a date")
            .to_string(),
        other => panic!("a column of type {other}"),
    })
}

#[test]
fn observations_written_from_the_store_are_the_observations_table() {
    use arrow_array::Array;
    let plan = Arc::new(Plan::embedded());
    let mut generated = Ledger::new(Arc::clone(&plan));
    generated
        .ingest_csv(
            seguimiento_benches::observations_csv(&plan, 3_000, 41).as_bytes(),
            Mode::Strict,
        )
        .expect("valid");
    let mut mixed_places = demo_ledger();
    mixed_places
        .ingest_json(
            r#"{"observations": [
                {"indicator": "E1.L1.M2.A2.I3", "period": "2009", "entity": "GIT", "value": "12.00"}
            ]}"#,
            Mode::Strict,
        )
        .expect("valid");
    for ledger in [
        demo_ledger(),
        generated,
        mixed_places,
        Ledger::new(Arc::clone(&plan)),
    ] {
        let table = seguimiento_arrow::table_batch(&ledger.table(LedgerTable::Observations))
            .expect("laid out");
        let batch =
            seguimiento_arrow::to_record_batch(&ledger, RecordKind::Observation).expect("laid out");
        let names = |b: &RecordBatch| -> Vec<String> {
            b.schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect()
        };
        assert_eq!(names(&batch), names(&table));
        assert_eq!(batch.num_rows(), ledger.counts()[1]);
        for (c, name) in names(&table).iter().enumerate() {
            let (written, expected) = (batch.column(c), table.column(c));
            for row in 0..batch.num_rows() {
                assert_eq!(shown(written, row), shown(expected, row), "{name}[{row}]");
            }
            let dictionary = matches!(written.data_type(), arrow_schema::DataType::Dictionary(..));
            assert_eq!(
                dictionary,
                ["indicator", "period", "entity", "source"].contains(&name.as_str())
                    || name.starts_with("cell."),
                "{name}"
            );
            assert_eq!(
                batch.schema().field(c).is_nullable(),
                table.schema().field(c).is_nullable() || written.null_count() > 0,
                "{name}"
            );
        }
        let mut again = Ledger::new(Arc::clone(&plan));
        seguimiento_arrow::ingest_batches(
            &mut again,
            RecordKind::Observation,
            &[batch],
            Mode::Strict,
        )
        .expect("goes back in");
        assert_eq!(again.export().observations, ledger.export().observations);
    }
}

#[test]
fn a_dictionary_column_with_no_values_is_a_column_of_nulls() {
    use arrow_array::Array;
    let keys = arrow_array::Int32Array::from(vec![None, None]);
    let no_values = Arc::new(StringArray::from(Vec::<&str>::new())) as ArrayRef;
    let cells = DictionaryArray::<Int32Type>::try_new(keys, no_values).expect("valid");
    assert_eq!(cells.null_count(), 2);
    let value = Arc::new(Int64Array::from(vec![3, 4])) as ArrayRef;
    let base = observations(value, texts(&[Some("GIT"), Some("GIT")]));
    let mut columns: Vec<(String, ArrayRef)> = base
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .zip(base.columns().iter().cloned())
        .collect();
    columns.push(("cell.sexo".into(), Arc::new(cells)));
    let batch = RecordBatch::try_from_iter(columns).expect("a batch");
    let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
    let report = seguimiento_arrow::ingest_batches(
        &mut ledger,
        RecordKind::Observation,
        &[batch],
        Mode::Strict,
    )
    .expect("read as cells naming no dimension");
    assert_eq!(report.accepted, 2);
}

/// Observations from CSV text with every text column dictionary-encoded
/// (as a Parquet file's dictionary pages or a polars Categorical arrive):
/// values as text, dates `Date32`; an empty CSV cell is a null key, and
/// `null_entry` adds a null entry to every dictionary that the empty cells
/// of its column point to instead.
fn dictionary_batches(csv: &str, rows: usize, null_entry: bool) -> Vec<RecordBatch> {
    use arrow_array::types::Int16Type;
    use arrow_array::Int16Array;
    let (names, columns) = csv_columns(csv);
    let total = columns.first().map_or(0, Vec::len);
    let arrays: Vec<(String, ArrayRef)> = names
        .iter()
        .zip(&columns)
        .map(|(name, cells)| {
            let array: ArrayRef = match name.as_str() {
                "value" => Arc::new(cells.iter().map(Option::as_deref).collect::<StringArray>()),
                "recorded_on" => Arc::new(
                    cells
                        .iter()
                        .map(|d| {
                            d.as_deref()
                                .map(|d| (date(d) - date("1970-01-01")).num_days() as i32)
                        })
                        .collect::<Date32Array>(),
                ),
                _ => {
                    let mut entries: Vec<Option<&str>> = Vec::new();
                    if null_entry {
                        entries.push(None);
                    }
                    let keys: Int16Array = cells
                        .iter()
                        .map(|cell| match cell.as_deref() {
                            None if !null_entry => None,
                            text => {
                                let at =
                                    entries.iter().position(|e| *e == text).unwrap_or_else(|| {
                                        entries.push(text);
                                        entries.len() - 1
                                    });
                                Some(at as i16)
                            }
                        })
                        .collect();
                    let values = Arc::new(StringArray::from(entries)) as ArrayRef;
                    Arc::new(DictionaryArray::<Int16Type>::try_new(keys, values).expect("keys"))
                }
            };
            (name.clone(), array)
        })
        .collect();
    let whole = RecordBatch::try_from_iter(arrays).expect("a batch");
    (0..total)
        .step_by(rows)
        .map(|start| whole.slice(start, rows.min(total - start)))
        .collect()
}

/// Rejections as CSV input of the same text gives them.
fn csv_outcome(csv: &str, options: seguimiento::IngestOptions) -> (String, String) {
    let mut ledger = demo_ledger();
    let shown = match ledger.ingest_csv(csv.as_bytes(), options) {
        Ok(report) => report.to_json(),
        Err(IngestError::Rejected { rejections }) => rejections
            .iter()
            .map(|r| format!("{} {} {} {}\n", r.index, r.field, r.code(), r.reason))
            .collect(),
        Err(e) => format!("error: {e}"),
    };
    (shown, ledger.to_json())
}

#[test]
fn dictionary_entries_unknown_to_the_plan_are_rejected_at_their_rows_as_csv_rejects_them() {
    use seguimiento::IngestOptions;
    let mut csv = troubled_csv(4_000);
    // An unknown period, cell value and source, besides the unknown
    // entity and the negative values.
    let header: Vec<String> = csv
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(String::from)
        .collect();
    let period = header.iter().position(|c| c == "period").unwrap();
    let municipio = header.iter().position(|c| c == "cell.municipio").unwrap();
    let lines: Vec<String> = csv
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let mut cells: Vec<String> = line.split(',').map(String::from).collect();
            if i % 173 == 11 {
                cells[period] = "2009-S7".into();
            }
            if i % 211 == 13 && !cells[municipio].is_empty() {
                cells[municipio] = "9999".into();
            }
            cells.join(",")
        })
        .collect();
    csv = lines.join("\n") + "\n";
    for null_entry in [false, true] {
        let batches = dictionary_batches(&csv, 500, null_entry);
        for options in [
            IngestOptions::from(Mode::Lenient),
            IngestOptions::from(Mode::Strict),
        ] {
            let (csv_report, csv_ledger) = csv_outcome(&csv, options);
            for code in [
                "unknown_entity",
                "period",
                "not_a_dimension_value",
                "negative",
            ] {
                assert!(csv_report.contains(code), "{code}: {csv_report}");
            }
            for threads in [1, 2] {
                let (report, ledger) = ingest_with_threads(&batches, options, threads);
                assert_eq!(
                    report, csv_report,
                    "{options:?}, {threads} threads, {null_entry}"
                );
                assert!(ledger == csv_ledger, "{options:?}, {threads} threads");
            }
        }
    }
}

#[test]
fn nulls_in_a_dictionary_are_missing_values_at_their_rows() {
    use arrow_array::types::Int8Type;
    use arrow_array::Int8Array;
    // Entities: a null key (row 1) and a key to a null entry (row 3); cells:
    // the same, which name no dimension.
    let entity_values = Arc::new(StringArray::from(vec![Some("GIT"), None])) as ArrayRef;
    let entities = DictionaryArray::<Int8Type>::try_new(
        Int8Array::from(vec![Some(0), None, Some(0), Some(1)]),
        entity_values,
    )
    .expect("keys");
    let cell_values = Arc::new(StringArray::from(vec![None, Some("MP")])) as ArrayRef;
    let cells = DictionaryArray::<Int8Type>::try_new(
        Int8Array::from(vec![None, Some(1), Some(0), Some(1)]),
        cell_values,
    )
    .expect("keys");
    let value = Arc::new(Int64Array::from(vec![3, 4, 5, 6])) as ArrayRef;
    let base = observations(value, Arc::new(entities));
    let mut columns: Vec<(String, ArrayRef)> = base
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .zip(base.columns().iter().cloned())
        .collect();
    columns.push(("cell.institucion".into(), Arc::new(cells)));
    let batch = RecordBatch::try_from_iter(columns).expect("a batch");
    let (report, _) = ingest_with_threads(std::slice::from_ref(&batch), Mode::Lenient.into(), 2);
    let (by_value, _) = ingest_with_threads(std::slice::from_ref(&batch), Mode::Lenient.into(), 1);
    assert_eq!(report, by_value);
    let refused = rejections(&[batch]);
    assert!(
        refused.iter().all(|(row, _, _)| *row == 1 || *row == 3),
        "{refused:?}"
    );
    for row in [1, 3] {
        let missing = (row, "entity".to_string(), "missing_field");
        assert!(refused.contains(&missing), "{refused:?}");
    }
}
