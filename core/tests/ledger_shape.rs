//! Shaping observations to the plan's level of detail (issue 9, point 9):
//! monthly rows with dimensions an indicator lacks are added up to its
//! frequency, explicitly, and the caller learns what was merged.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use seguimiento::{Aggregation, Batch, Ledger, Mode, Observation, Period, Plan, Source};

/// count, annual flow, dimensions sexo and edad; MP reports.
const FLOW: &str = "E4.L2.M2.A1.I1";
/// count, annual stock, no dimensions; GIT (and the coordinator MRE).
const STOCK: &str = "E3.L1.M1.A3.I1";
/// percentage, annual stock; MRE.
const PERCENT: &str = "E1.L1.M1.A2.I3";

fn row(
    indicator: &str,
    period: Period,
    entity: &str,
    cell: &[(&str, &str)],
    value: i64,
    recorded_on: Option<(i32, u32, u32)>,
) -> Observation {
    Observation {
        indicator: indicator.into(),
        period,
        entity: entity.into(),
        cell: cell
            .iter()
            .map(|(d, v)| (d.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        value: value.into(),
        source: Source::Official,
        recorded_on: recorded_on.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
    }
}

#[test]
fn monthly_rows_by_departamento_add_up_to_the_year_of_each_cell() {
    let plan = Arc::new(Plan::embedded());
    // Dirty monthly data: per month, sexo and departamento (which the
    // indicator does not have), edad given; recorded a few days after each
    // month.
    let mut rows = Vec::new();
    let mut total_women = 0;
    for month in 1..=12u8 {
        for (departamento, women, men) in [("01", 5, 2), ("17", 3, 1)] {
            let recorded = Some((2014, u32::from(month).min(11) + 1, 5));
            let period = Period::Month(2014, month);
            let cell = |sexo| {
                [
                    ("sexo", sexo),
                    ("edad", "13-17"),
                    ("departamento", departamento),
                ]
            };
            rows.push(row(FLOW, period, "MP", &cell("mujer"), women, recorded));
            rows.push(row(FLOW, period, "mp", &cell("hombre"), men, recorded));
            total_women += women;
        }
    }
    // Loaded as they are, they are refused: a month is not the indicator's
    // period (and same-key rows would be duplicates).
    let mut raw = Ledger::new(Arc::clone(&plan));
    let report = raw
        .ingest(
            Batch {
                observations: rows.clone(),
                ..Batch::default()
            },
            Mode::Lenient,
        )
        .unwrap();
    assert_eq!(report.accepted, 0);
    // Shaped: one record per cell of the year, the sum of its 24 rows.
    let (records, done) = plan.aggregate_observations(&rows);
    assert_eq!(
        done,
        Aggregation {
            rows: 48,
            records: 2,
            periods_widened: 48,
            dimensions_dropped: 48,
            earlier_stock_rows: 0,
            untouched: 0,
        }
    );
    let women = &records[0];
    assert_eq!(women.period, Period::Year(2014));
    assert_eq!(women.entity, "MP");
    assert_eq!(
        women.cell.keys().map(String::as_str).collect::<Vec<_>>(),
        ["edad", "sexo"]
    );
    assert_eq!(women.value, Decimal::from(total_women));
    assert_eq!(records[1].value, Decimal::from(12 * 3));
    // Known when its last month is.
    assert_eq!(women.recorded_on, NaiveDate::from_ymd_opt(2014, 12, 5));
    let mut shaped = Ledger::new(plan);
    let report = shaped
        .ingest(
            Batch {
                observations: records,
                ..Batch::default()
            },
            Mode::Strict,
        )
        .unwrap();
    assert_eq!(report.accepted, 2);
}

#[test]
fn a_stock_takes_its_latest_period_and_other_measures_are_left_alone() {
    let plan = Plan::embedded();
    let rows = [
        row(STOCK, Period::Month(2012, 3), "GIT", &[], 9, None),
        row(STOCK, Period::Month(2012, 11), "GIT", &[], 12, None),
        row(STOCK, Period::Month(2012, 6), "GIT", &[], 10, None),
        row(PERCENT, Period::Month(2012, 6), "MRE", &[], 50, None),
        row("E9.X", Period::Month(2012, 6), "MRE", &[], 1, None),
        // A window is not within one year: handed on for the checks.
        row(STOCK, Period::Window(2007, 2017), "GIT", &[], 1, None),
    ];
    let (records, done) = plan.aggregate_observations(&rows);
    assert_eq!(records.len(), 4);
    assert_eq!(
        (records[0].period, records[0].value),
        (Period::Year(2012), Decimal::from(12))
    );
    assert_eq!(records[1], rows[3]);
    assert_eq!(records[2], rows[4]);
    assert_eq!(records[3], rows[5]);
    assert_eq!(
        (
            done.records,
            done.earlier_stock_rows,
            done.untouched,
            done.periods_widened
        ),
        (1, 2, 3, 3)
    );
}

#[test]
fn the_aggregate_ingest_option_shapes_csv_and_json_alike() {
    use seguimiento::{IngestOptions, RecordKind};
    let plan = Arc::new(Plan::embedded());
    let options = IngestOptions {
        mode: Mode::Lenient,
        aggregate: true,
        ..IngestOptions::default()
    };
    // Rows 0, 2 and 4 make one year; row 1 is unreadable; row 3 is another
    // year with a value that is no count (rejected under its own index);
    // row 5 is a percentage left as it is (a month: refused by the checks).
    let csv = format!(
        "indicator,period,entity,value\n\
         {STOCK},2012-03,GIT,9\n\
         {STOCK},2012-99,GIT,9\n\
         {STOCK},2012-11,GIT,12\n\
         {STOCK},2013-01,GIT,2.5\n\
         {STOCK},2012-06,GIT,10\n\
         {PERCENT},2012-06,MRE,50\n"
    );
    let mut ledger = Ledger::new(Arc::clone(&plan));
    let report = ledger.ingest_csv(csv.as_bytes(), options).unwrap();
    let codes: Vec<(usize, &str)> = report
        .rejections
        .iter()
        .map(|r| (r.index, r.code()))
        .collect();
    assert_eq!(
        codes,
        [
            (1, "not_a_period"),
            (3, "not_a_count"),
            (5, "wrong_granularity")
        ]
    );
    assert!(report
        .rejections
        .iter()
        .all(|r| r.kind == RecordKind::Observation));
    assert_eq!(report.accepted, 1);
    let aggregation = report.aggregation.unwrap();
    assert_eq!((aggregation.rows, aggregation.earlier_stock_rows), (5, 2));
    let out = ledger.export().observations;
    assert_eq!(
        (out[0].period, out[0].value),
        (Period::Year(2012), Decimal::from(12))
    );
    assert!(report.to_json().contains("\"aggregation\":{\"rows\":5"));
    // The same rows as JSON give the same report.
    let json_rows: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            format!(
                r#"{{"indicator": "{}", "period": "{}", "entity": "{}", "value": "{}"}}"#,
                f[0], f[1], f[2], f[3]
            )
        })
        .collect();
    let json = format!(r#"{{"observations": [{}]}}"#, json_rows.join(","));
    let from_json = Ledger::new(Arc::clone(&plan))
        .ingest_json(&json, options)
        .unwrap();
    assert_eq!(from_json, report);
    // Without the option the same rows are refused month by month.
    let plain = Ledger::new(plan)
        .ingest_csv(csv.as_bytes(), Mode::Lenient)
        .unwrap();
    assert_eq!(plain.accepted, 0);
    assert!(plain.aggregation.is_none() && !plain.to_json().contains("aggregation"));
}
