//! Properties of the ledger (SPEC §2): exports read back identically, every
//! record of a batch is either accepted or listed as rejected, and no input
//! makes ingestion panic.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use seguimiento::{
    Batch, Frequency, IngestError, Ledger, Measure, Mode, Observation, Period, Plan, Source,
};
use serde_json::{json, Map, Value};

fn plan() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| Arc::new(Plan::embedded())))
}

fn ledger() -> Ledger {
    Ledger::new(plan())
}

/// An annual count indicator of the embedded plan, with what a valid
/// observation of it may say.
struct Annual {
    id: String,
    years: (i32, i32),
    /// The entities its action's codes resolve to, and the coordinator.
    reporters: Vec<String>,
    /// Each dimension with its allowed values.
    dimensions: Vec<(String, Vec<String>)>,
}

fn annual_counts() -> &'static [Annual] {
    static LIST: OnceLock<Vec<Annual>> = OnceLock::new();
    LIST.get_or_init(|| {
        let p = plan();
        let list: Vec<Annual> = p
            .indicators()
            .filter(|i| i.measure == Measure::Count && i.frequency == Frequency::Annual)
            .map(|i| {
                let idx = p.indicator_idx(&i.id).unwrap();
                let plazo = p.indicator_plazo(idx);
                let mut reporters: Vec<String> = p
                    .action_entities(p.indicator_action(idx))
                    .map(|e| e.code.clone())
                    .collect();
                reporters.push(p.coordinator().to_string());
                Annual {
                    id: i.id.clone(),
                    years: (plazo.start_year, plazo.end_year),
                    reporters,
                    dimensions: i
                        .dimensions
                        .iter()
                        .map(|d| (d.clone(), p.dimension(d).unwrap().values.clone()))
                        .collect(),
                }
            })
            .collect();
        assert!(list.len() > 50, "the plan has {} annual counts", list.len());
        assert!(list.iter().any(|a| !a.dimensions.is_empty()));
        list
    })
}

/// Raw choices for one observation, resolved against the plan by `observation`.
type Choice = (
    usize,
    usize,
    usize,
    u64,
    u32,
    bool,
    Option<u32>,
    bool,
    Vec<usize>,
    bool,
);

fn choice() -> impl Strategy<Value = Choice> {
    (
        any::<usize>(),
        any::<usize>(),
        any::<usize>(),
        0u64..1_000_000_000_000,
        0u32..4,
        any::<bool>(),
        proptest::option::of(0u32..4000),
        any::<bool>(),
        proptest::collection::vec(any::<usize>(), 3),
        any::<bool>(),
    )
}

/// A valid observation, and the same as the export gives it back (the entity
/// by its registry code).
fn observation(c: &Choice) -> (Observation, Observation) {
    let (ind, who, year, value, scale, verification, recorded, with_cell, picks, lower) = c;
    let list = annual_counts();
    let a = &list[ind % list.len()];
    let code = &a.reporters[who % a.reporters.len()];
    let span = (a.years.1 - a.years.0 + 1) as usize;
    let period = Period::Year(a.years.0 + (year % span) as i32);
    let start: NaiveDate = period.start();
    let cell: BTreeMap<String, String> = if *with_cell && !a.dimensions.is_empty() {
        a.dimensions
            .iter()
            .zip(picks.iter().cycle())
            .map(|((d, values), pick)| (d.clone(), values[pick % values.len()].clone()))
            .collect()
    } else {
        BTreeMap::new()
    };
    // A whole number, sometimes written with decimal places (`12.00`).
    let value = Decimal::from_i128_with_scale(*value as i128 * 10i128.pow(*scale), *scale);
    let exported = Observation {
        indicator: a.id.clone(),
        period,
        entity: code.clone(),
        cell,
        value,
        source: if *verification {
            Source::Verification
        } else {
            Source::Official
        },
        recorded_on: recorded.map(|d| start + Days::new(d as u64)),
    };
    let mut given = exported.clone();
    if *lower {
        given.entity = code.to_lowercase();
    }
    (given, exported)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn valid_observations_round_trip_through_the_export(
        choices in proptest::collection::vec(choice(), 0..40)
    ) {
        // Distinct keys: two records of one key and one recorded_on in a
        // batch are duplicates, rejected (tests/ledger_duplicates.rs).
        let mut keys = std::collections::HashSet::new();
        let (given, expected): (Vec<_>, Vec<_>) = choices
            .iter()
            .map(observation)
            .filter(|(_, o)| {
                keys.insert((
                    o.indicator.clone(),
                    o.period,
                    o.entity.clone(),
                    o.cell.clone(),
                    o.source,
                    o.recorded_on,
                ))
            })
            .unzip();
        let mut l = ledger();
        let batch = Batch { observations: given, ..Batch::default() };
        let report = l.ingest(batch, Mode::Strict);
        prop_assert!(report.is_ok(), "{:?}", report);
        prop_assert_eq!(report.unwrap().accepted, expected.len());
        prop_assert_eq!(&l.export().observations, &expected);

        let json = l.to_json();
        let mut again = ledger();
        again.ingest_json(&json, Mode::Strict).unwrap();
        prop_assert_eq!(again.to_json(), json.clone());
        prop_assert_eq!(again.export(), l.export());

        // The same records written as JSON by hand, values as JSON numbers
        // (spliced as text: a serde_json::Value would go through a float).
        let records: Vec<String> = expected
            .iter()
            .map(|o| {
                let text = serde_json::to_string(o).unwrap();
                let quoted = format!("\"value\":\"{}\"", o.value);
                assert!(text.contains(&quoted), "{text}");
                text.replace(&quoted, &format!("\"value\":{}", o.value))
            })
            .collect();
        let text = format!("{{\"observations\": [{}]}}", records.join(","));
        let mut from_numbers = ledger();
        from_numbers.ingest_json(&text, Mode::Strict).unwrap();
        prop_assert_eq!(from_numbers.to_json(), json);
    }
}

// ---- arbitrary batches: every record is accounted for ------------------------

const COUNT: &str = "E1.L1.M1.A2.I2";
const MONTHLY: &str = "E2.L3.M2.A4.I1";
const MILESTONE: &str = "E1.L1.M4.A1.I1";

const KINDS: [&str; 5] = [
    "targets",
    "observations",
    "milestones",
    "submissions",
    "obligations",
];

fn template(kind: usize) -> Value {
    match kind {
        0 => json!({"indicator": COUNT, "period": "2009", "value": "10"}),
        1 => json!({"indicator": COUNT, "period": "2009", "entity": "MRE", "value": "1"}),
        2 => json!({"indicator": MILESTONE, "entity": "MRE", "achieved_on": "2009-05-01"}),
        3 => {
            json!({"entity": "MRE", "kind": "annual", "period": "2009", "submitted_on": "2010-01-10"})
        }
        _ => json!({"entity": "MRE", "kind": "annual", "from": 2008, "to": 2010}),
    }
}

/// Field names, known and unknown, each with values to try.
fn pool(field: usize) -> (&'static str, Vec<Value>) {
    let numbers = || {
        vec![
            json!("1"),
            json!(0),
            json!("-1"),
            json!(1.5),
            json!("NaN"),
            json!(""),
            json!("1e400"),
            json!(true),
            json!(null),
            json!("12.50"),
            json!(99.5),
            json!({"a": 1}),
        ]
    };
    let dates = || {
        vec![
            json!("2009-05-01"),
            json!("2010-01-10"),
            json!("2009-02-30"),
            json!("2008-12-31"),
            json!("x"),
            json!(20090501),
            json!(null),
        ]
    };
    match field {
        0 => (
            "indicator",
            vec![
                json!(COUNT),
                json!(MONTHLY),
                json!(MILESTONE),
                json!("E1.L1.M4.A1.I2"),
                json!("E1.L1.M2.A5.I1"),
                json!("E9"),
                json!(7),
            ],
        ),
        1 => (
            "period",
            vec![
                json!("2009"),
                json!("2009-03"),
                json!("200903"),
                json!("2009-S1"),
                json!("2007/2017"),
                json!("2018"),
                json!("2009-13"),
                json!(2010),
                json!([]),
            ],
        ),
        2 => (
            "entity",
            vec![
                json!("MRE"),
                json!("mre"),
                json!("MP"),
                json!("DGM"),
                json!("GIT"),
                json!("XYZ"),
                json!(""),
                json!(null),
            ],
        ),
        3 => ("value", numbers()),
        4 => ("baseline", numbers()),
        5 => (
            "source",
            vec![
                json!("official"),
                json!("verification"),
                json!("x"),
                json!(1),
            ],
        ),
        6 => ("recorded_on", dates()),
        7 => ("achieved_on", dates()),
        8 => ("submitted_on", dates()),
        9 => (
            "cell",
            vec![
                json!({"sexo": "mujer", "edad": "0-12"}),
                json!({"sexo": "mujer"}),
                json!({"sexo": "x", "edad": "0-12"}),
                json!({}),
                json!({"institucion": "MP"}),
                json!(["sexo"]),
                json!({"sexo": 1}),
            ],
        ),
        10 => (
            "kind",
            vec![
                json!("monthly"),
                json!("semiannual"),
                json!("annual"),
                json!("weekly"),
                json!(2),
            ],
        ),
        11 => (
            "from",
            vec![json!(2008), json!("2009"), json!("x"), json!(99999)],
        ),
        12 => (
            "to",
            vec![json!(2010), json!(2007), json!("2011"), json!(-1)],
        ),
        _ => (
            "cell.sexo",
            vec![json!("mujer"), json!("otro"), json!(null)],
        ),
    }
}

/// A record: a template (or nothing, or a value that is not an object) with
/// some fields replaced or removed.
type RecordChoice = (usize, Vec<(usize, usize)>, Vec<usize>);

fn record_choice() -> impl Strategy<Value = RecordChoice> {
    (
        0usize..8,
        proptest::collection::vec((0usize..14, any::<usize>()), 0..3),
        proptest::collection::vec(0usize..14, 0..2),
    )
}

fn record(kind: usize, c: &RecordChoice) -> Value {
    let (shape, changes, removals) = c;
    let mut object: Map<String, Value> = match shape {
        0 => return json!(42),
        1 => return json!(["not", "an", "object"]),
        2 => Map::new(),
        _ => template(kind).as_object().unwrap().clone(),
    };
    for (field, pick) in changes {
        let (name, values) = pool(*field);
        object.insert(name.to_string(), values[pick % values.len()].clone());
    }
    for field in removals {
        object.remove(pool(*field).0);
    }
    Value::Object(object)
}

fn document() -> impl Strategy<Value = (Value, usize)> {
    proptest::collection::vec(
        (0usize..5, proptest::collection::vec(record_choice(), 0..6)),
        0..5,
    )
    .prop_map(|arrays| {
        let mut top = Map::new();
        for (kind, records) in arrays {
            top.insert(
                KINDS[kind].to_string(),
                Value::Array(records.iter().map(|r| record(kind, r)).collect()),
            );
        }
        let total = top.values().map(|a| a.as_array().unwrap().len()).sum();
        (Value::Object(top), total)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_record_is_accepted_or_rejected_with_a_reason((doc, total) in document()) {
        let text = doc.to_string();
        let mut lenient = ledger();
        let report = lenient.ingest_json(&text, Mode::Lenient).unwrap();
        // A rejected record has one entry per problem.
        let rejected: std::collections::BTreeSet<_> =
            report.rejections.iter().map(|r| (r.kind, r.index)).collect();
        prop_assert_eq!(report.accepted + rejected.len(), total);
        prop_assert_eq!(lenient.len(), report.accepted);
        for r in &report.rejections {
            let array = doc[r.kind.array_name()].as_array().unwrap();
            prop_assert!(r.index < array.len(), "{}", r);
            prop_assert!(!r.reason.to_string().is_empty());
        }
        // Each problem once, a record's problems side by side.
        let mut seen: Vec<_> = report
            .rejections
            .iter()
            .map(|r| (r.kind, r.index, r.field.clone(), r.code()))
            .collect();
        seen.dedup();
        prop_assert_eq!(seen.len(), report.rejections.len(), "a problem listed twice");
        let mut records: Vec<_> = report.rejections.iter().map(|r| (r.kind, r.index)).collect();
        records.dedup();
        prop_assert_eq!(records.len(), rejected.len(), "a record's problems apart");

        // Strict mode agrees, and changes nothing when it refuses.
        let mut strict = ledger();
        match strict.ingest_json(&text, Mode::Strict) {
            Ok(r) => {
                prop_assert!(report.rejections.is_empty());
                prop_assert_eq!(r.accepted, total);
            }
            Err(IngestError::Rejected { rejections }) => {
                prop_assert_eq!(&rejections, &report.rejections);
                prop_assert!(strict.is_empty());
            }
            Err(e) => prop_assert!(false, "{}", e),
        }

        // What went in comes back out the same.
        let json = lenient.to_json();
        let mut again = ledger();
        again.ingest_json(&json, Mode::Strict).unwrap();
        prop_assert_eq!(again.to_json(), json);
    }

    #[test]
    fn strict_json_ingest_never_panics_on_json_ish_text(
        text in prop_oneof![
            any::<String>(),
            "[\\[\\]{}\":,0-9a-zA-Z.eE+\\- \n\\\\]{0,200}",
            "\\{\"(observations|targets|milestones|submissions|obligations)\": \\[\\{(\"[a-z_.]{1,12}\": (\"[0-9A-Za-z./ -]{0,12}\"|-?[0-9]{1,40}(\\.[0-9]{0,40})?([eE][+-]?[0-9]{1,5})?|true|null|\\{\\}|\\[\\]), ?){0,6}\\}\\]\\}",
        ]
    ) {
        let mut l = ledger();
        let before = l.len();
        match l.ingest_json(&text, Mode::Strict) {
            Ok(report) => prop_assert_eq!(l.len(), before + report.accepted),
            Err(_) => prop_assert_eq!(l.len(), before),
        }
    }

    #[test]
    fn a_damaged_valid_document_never_panics(
        cut in any::<usize>(),
        insert in any::<char>(),
        drop in any::<bool>(),
    ) {
        let valid = format!(
            r#"{{"observations": [{{"indicator": "{MONTHLY}", "period": "2009-03", "entity": "MRE", "cell": {{"sexo": "mujer", "edad": "0-12"}}, "value": 12.50e0}}], "targets": [{{"indicator": "{COUNT}", "period": "2009", "baseline": "1", "value": "10"}}]}}"#
        );
        let chars: Vec<char> = valid.chars().collect();
        let at = cut % chars.len();
        let mut damaged: Vec<char> = chars.clone();
        if drop {
            damaged.remove(at);
        } else {
            damaged.insert(at, insert);
        }
        let text: String = damaged.into_iter().collect();
        let _ = ledger().ingest_json(&text, Mode::Strict);
        let _ = ledger().ingest_json(&text, Mode::Lenient);
    }

    #[test]
    fn csv_ingest_never_panics(
        bytes in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..300).boxed(),
            "indicator,period,entity,value(,cell\\.(sexo|edad|x))?\n([A-Za-z0-9.,\"/ +-]{0,60}\n){0,5}"
                .prop_map(String::into_bytes)
                .boxed(),
        ]
    ) {
        for mode in [Mode::Strict, Mode::Lenient] {
            let mut l = ledger();
            if l.ingest_csv(&bytes[..], mode).is_err() {
                prop_assert!(l.is_empty());
            }
        }
    }
}
