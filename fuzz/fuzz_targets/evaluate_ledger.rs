//! Structure-aware: `arbitrary` builds ledgers that are mostly valid — ids,
//! entities and periods drawn from the plan, values, dates and revisions
//! from the input — and a configuration. Each is ingested leniently and
//! evaluated on several dates: no panic, every score in [0, 1], the same
//! bytes every time, and the same bytes after export and re-import.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{Days, NaiveDate};
use libfuzzer_sys::fuzz_target;
use seguimiento::{Config, Granularity, Ledger, Mode, Period, Plan};
use seguimiento_fuzz::{check_round_trip, evaluate_checked, plan};
use serde_json::{json, Value};

#[derive(Arbitrary, Debug)]
enum Record {
    Target {
        indicator: u16,
        /// A year of the plazo, or (None) the whole window.
        year: Option<u8>,
        entity: Option<u8>,
        baseline: Amount,
        value: Amount,
        recorded: Option<u16>,
    },
    Observation {
        indicator: u16,
        period: u16,
        entity: u8,
        value: Amount,
        verification: bool,
        recorded: Option<u16>,
        /// Dimension value picks, one per dimension of the indicator.
        cell: Option<Vec<u8>>,
    },
    Milestone {
        indicator: u16,
        entity: u8,
        achieved: u16,
        recorded: Option<u16>,
    },
    Submission {
        entity: u8,
        kind: u8,
        period: u16,
        submitted: u16,
    },
    Obligation {
        entity: u8,
        kind: u8,
        from: u8,
        span: u8,
    },
}

/// A decimal from whole units and places: `units × 10^-places`.
#[derive(Arbitrary, Debug, Clone, Copy)]
struct Amount {
    units: i32,
    places: u8,
}

impl Amount {
    fn text(self) -> String {
        rust_decimal::Decimal::new(i64::from(self.units), u32::from(self.places % 8)).to_string()
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    records: Vec<Record>,
    /// A second batch, ingested after the first: revisions and more.
    later: Vec<Record>,
    as_of: u16,
    missing_data_is_zero: bool,
    late_credit: u8,
    grace_days: u8,
    weights: Vec<(u16, u32)>,
}

const ORIGIN_YEAR: i32 = 2005;

fn day(offset: u16) -> String {
    // 2005-01-01 to 2021-12-31 and a little beyond: around the plan's years.
    let origin = NaiveDate::from_ymd_opt(ORIGIN_YEAR, 1, 1).unwrap_or(NaiveDate::MIN);
    (origin + Days::new(u64::from(offset % 6500))).to_string()
}

fn pick<T>(items: &[T], n: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[n % items.len()])
}

fn period_text(granularity: Option<Granularity>, start: i32, end: i32, n: u16) -> String {
    let years = (end - start + 1).max(1);
    let year = start + i32::from(n) % years;
    match granularity {
        Some(Granularity::Month) => format!("{year}-{:02}", n % 12 + 1),
        Some(Granularity::Quarter) => format!("{year}-Q{}", n % 4 + 1),
        Some(Granularity::Half) => format!("{year}-S{}", n % 2 + 1),
        Some(Granularity::Window) => format!("{start}/{end}"),
        Some(Granularity::Year) | None => year.to_string(),
    }
}

fn record_json(plan: &Plan, record: &Record) -> (&'static str, Value) {
    let indicators: Vec<_> = plan.indicators().collect();
    let entities = plan.entities();
    let entity = |n: u8| {
        pick(entities, usize::from(n))
            .map(|e| e.code.clone())
            .unwrap_or_default()
    };
    let kinds = ["monthly", "semiannual", "annual"];
    match record {
        Record::Target {
            indicator,
            year,
            entity: who,
            baseline,
            value,
            recorded,
        } => {
            let Some(ind) = pick(&indicators, usize::from(*indicator)) else {
                return ("targets", json!({}));
            };
            let index = plan
                .indicator_idx(&ind.id)
                .expect("the plan's own indicator");
            let plazo = plan.indicator_plazo(index);
            let period = match year {
                Some(y) => period_text(None, plazo.start_year, plazo.end_year, u16::from(*y)),
                None => Period::Window(plazo.start_year, plazo.end_year).to_string(),
            };
            let mut t = json!({"indicator": ind.id, "period": period,
                "baseline": baseline.text(), "value": value.text()});
            if let Some(w) = who {
                t["entity"] = json!(entity(*w));
            }
            if let Some(r) = recorded {
                t["recorded_on"] = json!(day(*r));
            }
            ("targets", t)
        }
        Record::Observation {
            indicator,
            period,
            entity: who,
            value,
            verification,
            recorded,
            cell,
        } => {
            let Some(ind) = pick(&indicators, usize::from(*indicator)) else {
                return ("observations", json!({}));
            };
            let index = plan
                .indicator_idx(&ind.id)
                .expect("the plan's own indicator");
            let plazo = plan.indicator_plazo(index);
            let granularity = Granularity::for_frequency(ind.frequency);
            let mut o = json!({"indicator": ind.id,
                "period": period_text(granularity, plazo.start_year, plazo.end_year, *period),
                "entity": entity(*who), "value": value.text()});
            if *verification {
                o["source"] = json!("verification");
            }
            if let Some(r) = recorded {
                o["recorded_on"] = json!(day(*r));
            }
            if let Some(picks) = cell {
                let mut map = serde_json::Map::new();
                for (dimension, n) in ind.dimensions.iter().zip(picks) {
                    if let Some(d) = plan.dimension(dimension) {
                        if let Some(v) = pick(&d.values, usize::from(*n)) {
                            map.insert(dimension.clone(), json!(v));
                        }
                    }
                }
                o["cell"] = Value::Object(map);
            }
            ("observations", o)
        }
        Record::Milestone {
            indicator,
            entity: who,
            achieved,
            recorded,
        } => {
            let milestones: Vec<_> = indicators
                .iter()
                .filter(|i| i.measure == seguimiento::Measure::Milestone)
                .collect();
            let id = pick(&milestones, usize::from(*indicator))
                .map(|i| i.id.clone())
                .unwrap_or_default();
            let mut m =
                json!({"indicator": id, "entity": entity(*who), "achieved_on": day(*achieved)});
            if let Some(r) = recorded {
                m["recorded_on"] = json!(day(*r));
            }
            ("milestones", m)
        }
        Record::Submission {
            entity: who,
            kind,
            period,
            submitted,
        } => {
            let kind = kinds[usize::from(*kind) % 3];
            let granularity = match kind {
                "monthly" => Granularity::Month,
                "semiannual" => Granularity::Half,
                _ => Granularity::Year,
            };
            (
                "submissions",
                json!({"entity": entity(*who), "kind": kind,
                "period": period_text(Some(granularity), 2005, 2020, *period),
                "submitted_on": day(*submitted)}),
            )
        }
        Record::Obligation {
            entity: who,
            kind,
            from,
            span,
        } => {
            let from = 2000 + i32::from(*from % 25);
            let to = from + i32::from(*span % 12);
            (
                "obligations",
                json!({"entity": entity(*who), "kind": kinds[usize::from(*kind) % 3],
                "from": from, "to": to}),
            )
        }
    }
}

fn batch(plan: &Plan, records: &[Record]) -> String {
    let mut document = serde_json::Map::new();
    for record in records {
        let (array, value) = record_json(plan, record);
        document
            .entry(array)
            .or_insert_with(|| Value::Array(Vec::new()))
            .as_array_mut()
            .expect("arrays only")
            .push(value);
    }
    Value::Object(document).to_string()
}

fn node_ids(plan: &Plan) -> Vec<String> {
    let mut ids = Vec::new();
    for axis in plan.axes() {
        ids.push(axis.id.clone());
        for line in &axis.lines {
            ids.push(line.id.clone());
            for goal in &line.goals {
                ids.push(goal.id.clone());
                for action in &goal.actions {
                    ids.push(action.id.clone());
                    ids.extend(action.indicators.iter().map(|i| i.id.clone()));
                }
            }
        }
    }
    ids
}

fuzz_target!(|input: Input| {
    let plan = plan();
    let mut ledger = Ledger::new(std::sync::Arc::clone(&plan));
    for records in [&input.records, &input.later] {
        if let Err(e) = ledger.ingest_json(&batch(&plan, records), Mode::Lenient) {
            panic!("a generated batch was refused as a whole: {e}");
        }
    }
    let ids = node_ids(&plan);
    let mut config = Config {
        missing_data_is_zero: input.missing_data_is_zero,
        late_credit: rust_decimal::Decimal::new(i64::from(input.late_credit % 101), 2),
        grace_days: u32::from(input.grace_days),
        ..Config::default()
    };
    for (node, weight) in input.weights.iter().take(8) {
        if let Some(id) = pick(&ids, usize::from(*node)) {
            // 0 to 1000 with up to 3 decimals.
            config.weights.insert(
                id.clone(),
                rust_decimal::Decimal::new(i64::from(weight % 1_000_001), 3),
            );
        }
    }
    let as_of = NaiveDate::from_ymd_opt(2006, 1, 1).unwrap_or(NaiveDate::MIN)
        + Days::new(u64::from(input.as_of % 6000));
    evaluate_checked(&plan, &ledger, as_of, &config);
    check_round_trip(&ledger, &config, &[as_of]);
});
