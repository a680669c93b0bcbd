//! Duplicates within one batch (SPEC §2), found when the batch has been read
//! by partitioning its records by key hash, against the plainest reference:
//! one `HashMap` of every key, filled row by row. Random CSV batches drawn
//! from a small set of keys (so most rows are duplicates, of two, three or
//! many rows), with rows rejected on their own among them, read in chunks of
//! a few bytes so that the rows of one key lie in different chunks.

use std::collections::HashMap;

mod embedded;

use embedded::{plan, COUNT, PERCENT};
use proptest::prelude::*;
use seguimiento::{
    CsvOptions, Duplicates, IngestError, IngestOptions, Ledger, Mode, Reason, Rejection,
};

/// One drawn row: a key (indicator, year, recorded_on), a value, and
/// whether it names an entity the plan does not know (rejected on its own).
#[derive(Debug, Clone)]
struct Row {
    percent: bool,
    year: i32,
    recorded_on: Option<u8>,
    value: u32,
    unknown_entity: bool,
}

fn row() -> impl Strategy<Value = Row> {
    (
        any::<bool>(),
        2008..2011i32,
        proptest::option::of(1..3u8),
        0..100u32,
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(percent, year, recorded_on, value, unknown_entity)| Row {
            percent,
            year,
            recorded_on,
            value,
            unknown_entity,
        })
}

fn indicator(row: &Row) -> &'static str {
    if row.percent {
        PERCENT
    } else {
        COUNT
    }
}

fn csv(rows: &[Row]) -> String {
    let mut text = String::from("indicator,period,entity,value,recorded_on\n");
    for r in rows {
        let entity = if r.unknown_entity { "NOPE" } else { "MRE" };
        let recorded_on = r
            .recorded_on
            .map_or(String::new(), |d| format!("2012-01-0{d}"));
        text.push_str(&format!(
            "{},{},{entity},{},{recorded_on}\n",
            indicator(r),
            r.year,
            r.value
        ));
    }
    text
}

/// What a batch gives, in comparable terms: the report's counts (or the
/// strict refusal), each rejection as (index, code, the other record's
/// index for a duplicate), and the ledger's observations.
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    counts: Option<(usize, usize)>,
    rejections: Vec<(usize, &'static str, Option<usize>)>,
    ledger: Vec<String>,
}

fn named(rejections: &[Rejection]) -> Vec<(usize, &'static str, Option<usize>)> {
    rejections
        .iter()
        .map(|r| {
            let other = match r.reason {
                Reason::DuplicateKey { other, .. } | Reason::DuplicateNotSummable { other, .. } => {
                    Some(other)
                }
                _ => None,
            };
            (r.index, r.code(), other)
        })
        .collect()
}

fn ledger_rows(ledger: &Ledger) -> Vec<String> {
    ledger
        .export()
        .observations
        .iter()
        .map(|o| {
            format!(
                "{} {} {} {:?}",
                o.indicator, o.period, o.value, o.recorded_on
            )
        })
        .collect()
}

fn ingest(rows: &[Row], options: IngestOptions, csv_options: CsvOptions) -> Outcome {
    let mut ledger = Ledger::new(plan());
    let text = csv(rows);
    match ledger.ingest_csv_with(text.as_bytes(), options, csv_options) {
        Ok(report) => Outcome {
            counts: Some((report.accepted, report.merged)),
            rejections: named(&report.rejections),
            ledger: ledger_rows(&ledger),
        },
        Err(IngestError::Rejected { rejections }) => Outcome {
            counts: None,
            rejections: named(&rejections),
            ledger: ledger_rows(&ledger),
        },
        Err(e) => panic!("{e}"),
    }
}

/// The reference: every key in one map as the rows come, the first row of
/// a key holding its (summed) value and whether it was rejected.
fn reference(rows: &[Row], options: IngestOptions) -> Outcome {
    struct First {
        index: usize,
        value: u32,
        rejected: bool,
    }
    let mut firsts: HashMap<(bool, i32, Option<u8>), First> = HashMap::new();
    let mut order = Vec::new();
    let mut rejections = Vec::new();
    let mut merged = 0;
    for (index, r) in rows.iter().enumerate() {
        if r.unknown_entity {
            rejections.push((index, "unknown_entity", None));
            continue;
        }
        let key = (r.percent, r.year, r.recorded_on);
        let Some(first) = firsts.get_mut(&key) else {
            firsts.insert(
                key,
                First {
                    index,
                    value: r.value,
                    rejected: false,
                },
            );
            order.push(key);
            continue;
        };
        let summable = !r.percent;
        if options.duplicates == Duplicates::Sum && summable && !first.rejected {
            first.value += r.value;
            merged += 1;
            continue;
        }
        let code = if options.duplicates == Duplicates::Sum {
            "duplicate_not_summable"
        } else {
            "duplicate_key"
        };
        rejections.push((index, code, Some(first.index)));
        if !first.rejected {
            rejections.push((first.index, code, Some(index)));
            first.rejected = true;
        }
    }
    rejections.sort_by_key(|r| r.0);
    let kept: Vec<String> = order
        .iter()
        .filter_map(|key| {
            let first = &firsts[key];
            let r = &rows[first.index];
            (!first.rejected).then(|| {
                let recorded_on = r
                    .recorded_on
                    .map(|d| chrono::NaiveDate::from_ymd_opt(2012, 1, u32::from(d)).unwrap());
                format!(
                    "{} {} {} {:?}",
                    indicator(r),
                    r.year,
                    first.value,
                    recorded_on
                )
            })
        })
        .collect();
    if options.mode == Mode::Strict && !rejections.is_empty() {
        return Outcome {
            counts: None,
            rejections,
            ledger: Vec::new(),
        };
    }
    Outcome {
        counts: Some((kept.len(), merged)),
        rejections,
        ledger: kept,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn partitioned_duplicates_are_those_of_one_map_filled_row_by_row(
        rows in proptest::collection::vec(row(), 0..300),
        lenient in any::<bool>(),
        sum in any::<bool>(),
        chunk_bytes in 8..400usize,
    ) {
        let options = IngestOptions {
            mode: if lenient { Mode::Lenient } else { Mode::Strict },
            duplicates: if sum { Duplicates::Sum } else { Duplicates::Reject },
            aggregate: false,
        };
        let expected = reference(&rows, options);
        for threads in [1, 2] {
            let read = ingest(&rows, options, CsvOptions { threads, chunk_bytes });
            prop_assert_eq!(&read, &expected, "threads {}", threads);
        }
    }
}

#[test]
fn a_batch_of_one_key_many_times_over_is_settled_as_row_by_row() {
    // Every row the same key: one first row, thousands of later ones, in
    // chunks of a few rows each.
    let rows: Vec<Row> = (0..5000)
        .map(|i| Row {
            percent: false,
            year: 2009,
            recorded_on: None,
            value: i % 7,
            unknown_entity: i % 501 == 17,
        })
        .collect();
    for duplicates in [Duplicates::Reject, Duplicates::Sum] {
        let options = IngestOptions {
            mode: Mode::Lenient,
            duplicates,
            aggregate: false,
        };
        let read = ingest(
            &rows,
            options,
            CsvOptions {
                threads: 2,
                chunk_bytes: 64,
            },
        );
        assert_eq!(read, reference(&rows, options));
        assert!(read.rejections.len() >= 10);
    }
}
