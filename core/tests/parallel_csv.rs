//! Observation CSV read in parallel chunks gives exactly what reading it row
//! by row gives: the ledger, the report, every rejection (index, order,
//! field, code, reason), the errors and the scorecards — whatever the
//! threads, the chunk size, the line breaks, quoted line breaks, a
//! byte-order mark or where the invalid and duplicate rows fall.

use std::io::Read;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use proptest::prelude::*;
use seguimiento::{
    evaluate, Config, CsvOptions, Duplicates, IngestError, IngestOptions, Ledger, Mode, Plan,
    OBSERVATION_BYTES,
};

/// count, monthly, dimensions sexo and edad; responsible MINGOB/DGM, MTPS, MRE.
const MONTHLY: &str = "E2.L3.M2.A4.I1";
/// count, semiannual, no dimensions; responsible PGN, MINGOB/PNC, MP.
const SEMIANNUAL: &str = "E2.L2.M1.A5.I3";
/// count, annual, no dimensions; responsible MRE.
const COUNT: &str = "E1.L1.M1.A2.I2";
/// percentage, annual: duplicates of it are never summed.
const PERCENT: &str = "E1.L1.M1.A2.I3";

const HEADER: &str = "indicator,period,entity,value,source,recorded_on,cell.sexo,cell.edad";

fn plan() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| Arc::new(Plan::embedded())))
}

/// A ledger that already holds a record, so that a refused batch is seen
/// to leave it as it was.
fn base() -> Ledger {
    let mut ledger = Ledger::new(plan());
    ledger
        .ingest_json(
            &format!(
                r#"{{"observations": [{{"indicator": "{COUNT}", "period": "2008", "entity": "MRE", "value": "2"}}]}}"#
            ),
            Mode::Strict,
        )
        .unwrap();
    ledger
}

/// Rows of every sort: valid ones (one with a quoted value holding line
/// breaks, trimmed away), invalid ones (unknown entity, not a count, too
/// few columns, bytes that are not UTF-8, a quoted CRLF inside an unknown
/// indicator, a quote inside an unquoted field, an unknown source, a date
/// and a period that do not read, a blank entity), and a blank line. Drawn
/// twice, a valid row is a duplicate of itself.
fn row_pool() -> Vec<Vec<u8>> {
    let mut rows: Vec<Vec<u8>> = [
        format!("{MONTHLY},2009-03,DGM,4,,,mujer,13-17"),
        format!("{MONTHLY},2009-04,DGM,5,official,2009-05-02,hombre,0-12"),
        format!("{COUNT},2009,MRE,7,,,,"),
        format!("{COUNT},2010,MRE,\"\n3\r\n\",,,,"),
        format!("{SEMIANNUAL},2009S1,PGN,2,verification,,,"),
        format!("{PERCENT},2011,MRE,40.5,,,,"),
        format!("\"{COUNT}\",2011,MRE,\"1,5\",,,,"),
        format!("{COUNT},2009,NOBODY,1,,,,"),
        format!("{COUNT},2012,MRE,-1,,,,"),
        format!("{COUNT},2009,MRE,1"),
        "\"E1\r\nX\",2009,MRE,1,,,,".to_string(),
        format!("{COUNT},2013,MRE,1\"2,,,,"),
        format!("{COUNT},2014,MRE,1,unofficial,,,"),
        format!("{COUNT},2014,MRE,1,,2014-13-01,,"),
        format!("{MONTHLY},2009-13,DGM,1,,,mujer,13-17"),
        format!("{COUNT},2015, ,1,,,,"),
        String::new(),
    ]
    .into_iter()
    .map(String::into_bytes)
    .collect();
    let mut not_utf8 = format!("{COUNT},2009,M").into_bytes();
    not_utf8.extend_from_slice(b"\xffRE,1,,,,");
    rows.push(not_utf8);
    rows
}

/// A CSV file of the pool's rows `picks`, with a byte-order mark or not,
/// lines ended by `\n` or `\r\n`.
fn file(picks: &[usize], bom: bool, crlf: bool) -> Vec<u8> {
    let pool = row_pool();
    let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    out.extend_from_slice(HEADER.as_bytes());
    out.extend_from_slice(end);
    for &p in picks {
        out.extend_from_slice(&pool[p % pool.len()]);
        out.extend_from_slice(end);
    }
    out
}

/// A stream that gives at most `step` bytes a read, so that blocks end
/// anywhere.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Everything a batch gives: the report or the error (every rejection in
/// order, with index, field, code and reason), the ledger, the scorecard.
fn outcome(result: Result<seguimiento::IngestReport, IngestError>, ledger: &Ledger) -> String {
    let result = match result {
        Ok(report) => report.to_json(),
        Err(e) => format!("{} {e} {e:?}", e.code()),
    };
    let as_of = NaiveDate::from_ymd_opt(2017, 12, 31).unwrap();
    let scorecard = match evaluate(&plan(), ledger, as_of, &Config::default()) {
        Ok(s) => s.to_json(),
        Err(e) => format!("{e}"),
    };
    format!("{result}\n{}\n{scorecard}", ledger.to_json())
}

fn one_by_one(csv: &[u8], options: IngestOptions) -> String {
    let mut ledger = base();
    let sequential = CsvOptions {
        threads: 1,
        ..CsvOptions::default()
    };
    let result = ledger.ingest_csv_with(csv, options, sequential);
    outcome(result, &ledger)
}

/// Reads `csv` in parallel from bytes and from a trickling stream, and
/// checks both against the row-by-row reading.
fn assert_same(csv: &[u8], options: IngestOptions, threads: usize, chunk_bytes: usize) {
    let expected = one_by_one(csv, options);
    let parallel = CsvOptions {
        threads,
        chunk_bytes,
    };
    let mut ledger = base();
    let result = ledger.ingest_csv_bytes_with(csv, options, parallel);
    assert_eq!(
        outcome(result, &ledger),
        expected,
        "bytes, {threads} threads, chunks of {chunk_bytes}"
    );
    let mut ledger = base();
    let stream = Trickle {
        data: csv,
        step: chunk_bytes * 3 + 1,
    };
    let result = ledger.ingest_csv_with(stream, options, parallel);
    assert_eq!(
        outcome(result, &ledger),
        expected,
        "stream, {threads} threads, chunks of {chunk_bytes}"
    );
}

fn options(mode: Mode, duplicates: Duplicates, aggregate: bool) -> IngestOptions {
    IngestOptions {
        mode,
        duplicates,
        aggregate,
    }
}

/// Every row of the pool, each several times, spread over the file.
fn every_row_spread() -> Vec<usize> {
    let n = row_pool().len();
    // Each pass over the pool starts one row later: neighbours change.
    (0..n * 5).map(|i| (i % n + i / n) % n).collect()
}

#[test]
fn many_chunk_boundaries_give_the_row_by_row_result() {
    let picks = every_row_spread();
    for (bom, crlf) in [(false, false), (true, false), (false, true), (true, true)] {
        let csv = file(&picks, bom, crlf);
        for chunk_bytes in [1, 5, 64, 1 << 20] {
            for mode in [Mode::Lenient, Mode::Strict] {
                for duplicates in [Duplicates::Reject, Duplicates::Sum] {
                    assert_same(&csv, options(mode, duplicates, false), 2, chunk_bytes);
                }
            }
            assert_same(
                &csv,
                options(Mode::Lenient, Duplicates::Sum, true),
                3,
                chunk_bytes,
            );
        }
    }
}

#[test]
fn the_lenient_report_is_not_trivial() {
    // The comparison above would hold of a reader that reads nothing: the
    // row-by-row result of the spread file has stored rows, rejections of
    // many codes and duplicates across the file.
    let csv = file(&every_row_spread(), true, true);
    let mut ledger = base();
    let parallel = CsvOptions {
        threads: 2,
        chunk_bytes: 3,
    };
    let report = ledger
        .ingest_csv_bytes_with(&csv, Mode::Lenient, parallel)
        .unwrap();
    let codes: std::collections::BTreeSet<&str> =
        report.rejections.iter().map(|r| r.code()).collect();
    for code in [
        "unknown_entity",
        "not_a_count",
        "row_length",
        "invalid_utf8",
        "unknown_indicator",
        "duplicate_key",
    ] {
        assert!(codes.contains(code), "{code} not in {codes:?}: {report:?}");
    }
    let indexes: Vec<usize> = report.rejections.iter().map(|r| r.index).collect();
    assert!(indexes.windows(2).all(|w| w[0] <= w[1]), "{indexes:?}");
    assert!(*indexes.last().unwrap() > 40, "{indexes:?}");
    // Summed, the repeated counts go in once each.
    let mut ledger = base();
    let sum = options(Mode::Lenient, Duplicates::Sum, false);
    let report = ledger.ingest_csv_bytes_with(&csv, sum, parallel).unwrap();
    assert!(report.accepted > 0 && report.merged > 0, "{report:?}");
}

#[test]
fn a_strict_batch_with_one_bad_row_in_its_last_chunk_changes_nothing() {
    // Each row its own key: its own recorded_on.
    let first = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
    let valid: Vec<String> = (0..400u64)
        .map(|i| {
            let recorded_on = first + chrono::Days::new(i);
            format!("{COUNT},{},MRE,{i},,{recorded_on},,", 2007 + i % 11)
        })
        .collect();
    let mut rows: Vec<&str> = vec![HEADER];
    rows.extend(valid.iter().map(String::as_str));
    let bad = format!("{COUNT},2009,NOBODY,1,,,,");
    rows.push(&bad);
    let csv = rows.join("\n").into_bytes();
    let before = base().to_json();
    for chunk_bytes in [7, 100, 1000] {
        let mut ledger = base();
        let parallel = CsvOptions {
            threads: 2,
            chunk_bytes,
        };
        match ledger.ingest_csv_bytes_with(&csv, Mode::Strict, parallel) {
            Err(IngestError::Rejected { rejections }) => {
                assert_eq!(rejections.len(), 1);
                assert_eq!(rejections[0].index, 400);
                assert_eq!(rejections[0].code(), "unknown_entity");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(ledger.to_json(), before);
        assert_same(&csv, Mode::Strict.into(), 2, chunk_bytes);
    }
}

#[test]
fn a_record_longer_than_a_chunk_and_a_quote_left_open_read_as_one_by_one() {
    let long = "x".repeat(5000);
    let csv = format!(
        "{HEADER}\n{COUNT},2009,MRE,1,,,,\n\"{long}\n{long}\",2009,MRE,1,,,,\n{COUNT},2010,MRE,2,,,,\n\"open,2011,MRE,3,,,,\n{COUNT},2012,MRE,4,,,,\n"
    );
    for chunk_bytes in [1, 10, 4096] {
        assert_same(csv.as_bytes(), Mode::Lenient.into(), 2, chunk_bytes);
        assert_same(csv.as_bytes(), Mode::Strict.into(), 4, chunk_bytes);
    }
}

#[test]
fn header_problems_are_those_of_the_row_by_row_reader() {
    for csv in [
        String::new(),
        "\n\n".to_string(),
        "indicator,period\n".to_string(),
        format!("\u{feff}{HEADER}"),
        format!("{HEADER},unknown\n{COUNT},2009,MRE,1,,,,,\n"),
        format!("\r\n\r\n{HEADER}\r\n{COUNT},2009,MRE,1,,,,\r\n"),
    ] {
        for chunk_bytes in [1, 3, 1000] {
            assert_same(csv.as_bytes(), Mode::Lenient.into(), 2, chunk_bytes);
        }
    }
    let mut not_utf8 = b"indicator,per\xffiod,entity,value\n".to_vec();
    not_utf8.extend_from_slice(b"x,y,z,1\n");
    assert_same(&not_utf8, Mode::Lenient.into(), 2, 4);
}

#[test]
fn the_default_options_use_every_core_and_give_the_same_result() {
    let csv = file(&every_row_spread(), false, false);
    let expected = one_by_one(&csv, Mode::Lenient.into());
    let mut ledger = base();
    let result = ledger.ingest_csv(&csv[..], Mode::Lenient);
    assert_eq!(outcome(result, &ledger), expected);
    let mut ledger = base();
    let result = ledger.ingest_csv_bytes(&csv, Mode::Lenient);
    assert_eq!(outcome(result, &ledger), expected);
}

#[test]
fn a_stored_observation_takes_at_most_32_bytes() {
    // Checked when the test is compiled: a larger record does not build.
    const { assert!(OBSERVATION_BYTES <= 32) };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_files_and_chunk_sizes_read_as_one_by_one(
        picks in prop::collection::vec(0usize..64, 0..40),
        bom in any::<bool>(),
        crlf in any::<bool>(),
        chunk_bytes in 1usize..80,
        threads in 2usize..5,
        strict in any::<bool>(),
        sum in any::<bool>(),
        aggregate in any::<bool>(),
    ) {
        let csv = file(&picks, bom, crlf);
        let mode = if strict { Mode::Strict } else { Mode::Lenient };
        let duplicates = if sum { Duplicates::Sum } else { Duplicates::Reject };
        assert_same(&csv, options(mode, duplicates, aggregate), threads, chunk_bytes);
    }
}

#[test]
fn a_character_cut_by_a_field_separator_is_invalid_utf8_in_parallel_too() {
    // `é` is 0xC3 0xA9: here a comma stands between its two bytes, so the
    // row's fields joined are UTF-8 but the third and fourth are not.
    let mut csv = b"indicator,period,entity,value\n".to_vec();
    csv.extend_from_slice(format!("{COUNT},2009,MRE").as_bytes());
    csv.extend_from_slice(b"\xC3,\xA97\n");
    csv.extend_from_slice(format!("{COUNT},2010,MRE,7\n").as_bytes());
    let expected = one_by_one(&csv, Mode::Lenient.into());
    assert!(expected.contains("invalid_utf8"), "{expected}");
    for chunk_bytes in [1, 8, 1 << 20] {
        assert_same(&csv, Mode::Lenient.into(), 2, chunk_bytes);
    }
}
