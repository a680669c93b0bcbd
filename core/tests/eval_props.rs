//! Property tests of the evaluation (SPEC §3, issue 3): scores in [0, 1] with
//! 6 decimals; determinism; records recorded after D never change
//! evaluate(D); monotonicity in an observed value for increase and reduce
//! targets; ingestion order does not matter when recorded_on differs;
//! ledger export → import → evaluate gives the same scorecard JSON; the
//! knowledge date (SPEC rev. 2): `known_on = D` is today's scorecard and
//! raising it never hides a record; `evaluate_many` is a loop of `evaluate`;
//! an [`Evaluation`] refreshed after batches is the full evaluation.
//!
//! Ledgers are generated over the small plan of `eval_common` (every measure,
//! accumulation and frequency) and over a few indicators of the embedded
//! 2007-2017 plan. Every generated record is valid, so batches are ingested
//! strictly: a rejection is a generator bug and fails the test.

mod eval_common;

use std::sync::Arc;

use chrono::{Days, NaiveDate};
use eval_common::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use seguimiento::{
    evaluate, evaluate_many, Batch, Config, Duplicates, Evaluation, Explanation, IngestOptions,
    Item, Ledger, Mode, Plan, Score, Scorecard,
};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// The worlds: indicators the generators may report on, and who may report
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum M {
    Count,
    Amount,
    Pct,
    Level,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum F {
    Annual,
    Monthly,
    Semi,
    Biennial,
}

struct Ind {
    id: &'static str,
    measure: M,
    freq: F,
    /// The indicator's plazo.
    from: i32,
    to: i32,
    /// One dimension and its two values (cells are generated only then).
    dim: Option<(&'static str, [&'static str; 2])>,
    /// Entities that may report official values (and targets) for it.
    entities: &'static [&'static str],
}

struct Ms {
    id: &'static str,
    entities: &'static [&'static str],
}

struct World {
    plan: fn() -> Arc<Plan>,
    indicators: &'static [Ind],
    milestones: &'static [Ms],
    reporters: &'static [&'static str],
}

const A1: &[&str] = &["MINGOB", "PNC", "DGM", "MP", "MRE"];
const A2: &[&str] = &["GIT", "MRE", "MP"];
const SEXO: Option<(&str, [&str; 2])> = Some(("sexo", ["mujer", "hombre"]));
const EDAD: Option<(&str, [&str; 2])> = Some(("edad", ["menor", "adulto"]));

const fn ind(
    id: &'static str,
    measure: M,
    freq: F,
    years: (i32, i32),
    dim: Option<(&'static str, [&'static str; 2])>,
    entities: &'static [&'static str],
) -> Ind {
    Ind {
        id,
        measure,
        freq,
        from: years.0,
        to: years.1,
        dim,
        entities,
    }
}

static CUSTOM: World = World {
    plan,
    indicators: &[
        ind(
            "E1.L1.M1.A1.I1",
            M::Count,
            F::Annual,
            (2007, 2017),
            SEXO,
            A1,
        ),
        ind(
            "E1.L1.M1.A1.I2",
            M::Count,
            F::Monthly,
            (2007, 2017),
            None,
            A1,
        ),
        ind(
            "E1.L1.M1.A1.I3",
            M::Count,
            F::Annual,
            (2007, 2017),
            None,
            A1,
        ),
        ind("E1.L1.M1.A1.I4", M::Pct, F::Annual, (2007, 2017), SEXO, A1),
        ind(
            "E1.L1.M1.A2.I1",
            M::Amount,
            F::Annual,
            (2007, 2017),
            EDAD,
            A2,
        ),
        ind(
            "E1.L1.M1.A2.I2",
            M::Level,
            F::Annual,
            (2007, 2017),
            None,
            A2,
        ),
        ind("E1.L1.M1.A2.I4", M::Count, F::Semi, (2007, 2017), None, A2),
        ind(
            "E1.L1.M1.A2.I5",
            M::Count,
            F::Biennial,
            (2007, 2017),
            None,
            A2,
        ),
        ind(
            "E1.L1.M2.A1.I2",
            M::Count,
            F::Annual,
            (2007, 2007),
            None,
            &["MRE"],
        ),
        ind(
            "E1.L2.M1.A1.I1",
            M::Count,
            F::Annual,
            (2007, 2017),
            None,
            &["DGM", "MINGOB", "MRE"],
        ),
        ind(
            "E1.L2.M1.A1.I2",
            M::Count,
            F::Annual,
            (2007, 2017),
            None,
            &["DGM", "MINGOB", "MRE"],
        ),
        ind(
            "E1.L2.M1.A2.I1",
            M::Count,
            F::Annual,
            (2008, 2010),
            None,
            &["MP", "MRE"],
        ),
    ],
    milestones: &[
        Ms {
            id: "E1.L1.M1.A1.I5",
            entities: &["PNC", "MP"],
        },
        Ms {
            id: "E1.L1.M2.A1.I1",
            entities: &["MRE"],
        },
        Ms {
            id: "E1.L2.M1.A2.I2",
            entities: &["MP", "MRE"],
        },
    ],
    reporters: &["MRE", "MINGOB", "PNC", "DGM", "MP"],
};

static EMBEDDED: World = World {
    plan: embedded,
    indicators: &[
        ind(
            "E1.L1.M1.A2.I2",
            M::Count,
            F::Annual,
            (2007, 2017),
            None,
            &["MRE"],
        ),
        ind(
            "E1.L1.M1.A2.I3",
            M::Pct,
            F::Annual,
            (2007, 2017),
            None,
            &["MRE"],
        ),
        ind(
            "E1.L1.M2.A4.I2",
            M::Count,
            F::Annual,
            (2007, 2017),
            None,
            &["MRE", "GIT"],
        ),
        ind(
            "E1.L1.M2.A5.I1",
            M::Count,
            F::Biennial,
            (2007, 2017),
            None,
            &["MRE", "GIT"],
        ),
        ind(
            "E1.L1.M3.A2.I1",
            M::Count,
            F::Annual,
            (2007, 2017),
            None,
            &["GIT", "MRE"],
        ),
        ind(
            "E1.L1.M4.A1.I4",
            M::Amount,
            F::Annual,
            (2007, 2017),
            None,
            &["MRE", "GIT"],
        ),
        ind(
            "E2.L2.M1.A5.I3",
            M::Count,
            F::Semi,
            (2007, 2017),
            None,
            &["PGN", "PNC", "MINGOB", "MP"],
        ),
        ind(
            "E2.L3.M2.A4.I1",
            M::Count,
            F::Monthly,
            (2007, 2017),
            None,
            &["DGM", "MINGOB", "MTPS"],
        ),
        ind(
            "E2.L2.M1.A3.I4",
            M::Level,
            F::Annual,
            (2007, 2017),
            None,
            &["MRE"],
        ),
    ],
    milestones: &[
        Ms {
            id: "E1.L1.M1.A1.I1",
            entities: &["MRE", "GIT"],
        },
        Ms {
            id: "E1.L1.M4.A1.I1",
            entities: &["MRE", "GIT"],
        },
    ],
    reporters: &["MRE", "GIT", "MP", "PNC", "MINGOB"],
};

// ---------------------------------------------------------------------------
// Raw (plan-agnostic) records, as proptest generates them
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct RawObs {
    ind: usize,
    ent: usize,
    year: i32,
    sub: u32,
    cell: u8,
    value: u32,
    verification: bool,
    /// Days after the period starts; `None`: no recorded_on.
    recorded: Option<u16>,
}

#[derive(Clone, Debug)]
struct RawTarget {
    ind: usize,
    window: bool,
    year: i32,
    entity: Option<usize>,
    baseline: u32,
    value: u32,
    /// Days after 2007-01-01; `None`: no recorded_on.
    recorded: Option<u16>,
}

#[derive(Clone, Debug)]
struct RawMs {
    which: usize,
    ent: usize,
    /// Days after 2007-01-01.
    achieved: u16,
    /// Days between achievement and record; `None`: no recorded_on.
    recorded_after: Option<u16>,
}

#[derive(Clone, Debug)]
struct RawSub {
    ent: usize,
    kind: u8,
    year: i32,
    sub: u32,
    /// Days after the period starts.
    after: u16,
}

#[derive(Clone, Debug)]
struct RawObl {
    ent: usize,
    kind: u8,
    from: i32,
    len: i32,
}

#[derive(Clone, Debug)]
struct Spec {
    obs: Vec<RawObs>,
    targets: Vec<RawTarget>,
    milestones: Vec<RawMs>,
    submissions: Vec<RawSub>,
    obligations: Vec<RawObl>,
}

fn raw_obs() -> impl Strategy<Value = RawObs> {
    (
        0..64usize,
        0..64usize,
        0..4i32,
        0..12u32,
        0..3u8,
        any::<u32>(),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.7, 0..1500u16),
    )
        .prop_map(
            |(ind, ent, year, sub, cell, value, verification, recorded)| RawObs {
                ind,
                ent,
                year,
                sub,
                cell,
                value,
                verification,
                recorded,
            },
        )
}

fn raw_target() -> impl Strategy<Value = RawTarget> {
    (
        0..64usize,
        prop::bool::weighted(0.3),
        0..4i32,
        prop::option::weighted(0.3, 0..8usize),
        any::<u32>(),
        any::<u32>(),
        prop::option::weighted(0.5, 0..2500u16),
    )
        .prop_map(
            |(ind, window, year, entity, baseline, value, recorded)| RawTarget {
                ind,
                window,
                year,
                entity,
                baseline,
                value,
                recorded,
            },
        )
}

fn raw_ms() -> impl Strategy<Value = RawMs> {
    (
        0..8usize,
        0..8usize,
        0..2500u16,
        prop::option::weighted(0.7, 0..400u16),
    )
        .prop_map(|(which, ent, achieved, recorded_after)| RawMs {
            which,
            ent,
            achieved,
            recorded_after,
        })
}

fn raw_sub() -> impl Strategy<Value = RawSub> {
    (0..8usize, 0..3u8, 0..4i32, 0..12u32, 0..500u16).prop_map(|(ent, kind, year, sub, after)| {
        RawSub {
            ent,
            kind,
            year,
            sub,
            after,
        }
    })
}

fn raw_obl() -> impl Strategy<Value = RawObl> {
    (0..8usize, 0..3u8, 0..4i32, 0..3i32).prop_map(|(ent, kind, from, len)| RawObl {
        ent,
        kind,
        from,
        len,
    })
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::collection::vec(raw_obs(), 0..40),
        prop::collection::vec(raw_target(), 0..10),
        prop::collection::vec(raw_ms(), 0..5),
        prop::collection::vec(raw_sub(), 0..10),
        prop::collection::vec(raw_obl(), 0..4),
    )
        .prop_map(
            |(obs, targets, milestones, submissions, obligations)| Spec {
                obs,
                targets,
                milestones,
                submissions,
                obligations,
            },
        )
}

/// An evaluation date between 2007-01-01 and 2013-12-31.
fn as_of() -> impl Strategy<Value = NaiveDate> {
    (0..2556u64).prop_map(|d| day0() + Days::new(d))
}

// ---------------------------------------------------------------------------
// From raw records to ledger records
// ---------------------------------------------------------------------------

fn day0() -> NaiveDate {
    date("2007-01-01")
}

fn plus(d: NaiveDate, days: u64) -> NaiveDate {
    d + Days::new(days)
}

/// A resolved observation; `value` is what the property tests change.
#[derive(Clone, Debug)]
struct Obs {
    indicator: &'static str,
    measure: M,
    period: String,
    start: NaiveDate,
    entity: &'static str,
    cell: Option<(&'static str, &'static str)>,
    value: Decimal,
    verification: bool,
    recorded_on: Option<NaiveDate>,
}

impl Obs {
    fn json(&self) -> Value {
        let mut o = json!({
            "indicator": self.indicator,
            "period": self.period,
            "entity": self.entity,
            "value": self.value.to_string(),
        });
        if let Some((dim, v)) = self.cell {
            o["cell"] = json!({ dim: v });
        }
        if self.verification {
            o["source"] = json!("verification");
        }
        if let Some(r) = self.recorded_on {
            o["recorded_on"] = json!(r.to_string());
        }
        o
    }
}

/// The year of a raw record, inside the indicator's plazo and before 2011.
fn year_in(ind: &Ind, raw: i32) -> i32 {
    let span = ind.to.min(2010) - ind.from + 1;
    ind.from + raw.rem_euclid(span)
}

/// A period of the indicator's frequency and its first day.
fn period_of(freq: F, year: i32, sub: u32) -> (String, NaiveDate) {
    match freq {
        F::Annual | F::Biennial => (
            year.to_string(),
            NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
        ),
        F::Monthly => {
            let m = sub % 12 + 1;
            (
                format!("{year}-{m:02}"),
                NaiveDate::from_ymd_opt(year, m, 1).unwrap(),
            )
        }
        F::Semi => {
            let h = sub % 2 + 1;
            (
                format!("{year}-S{h}"),
                NaiveDate::from_ymd_opt(year, (h - 1) * 6 + 1, 1).unwrap(),
            )
        }
    }
}

/// A value the measure allows.
fn value_of(measure: M, raw: u32) -> Decimal {
    match measure {
        M::Count => Decimal::from(raw % 200),
        M::Amount => Decimal::new(i64::from(raw % 100_000), 2),
        M::Pct => Decimal::new(i64::from(raw % 1001), 1),
        M::Level => Decimal::from(raw % 11),
    }
}

fn resolve_obs(w: &World, r: &RawObs) -> Obs {
    let ind = &w.indicators[r.ind % w.indicators.len()];
    let year = year_in(ind, r.year);
    let (period, start) = period_of(ind.freq, year, r.sub);
    let cell = match (ind.dim, r.cell % 3) {
        (Some((dim, values)), c) if c > 0 => Some((dim, values[c as usize - 1])),
        _ => None,
    };
    Obs {
        indicator: ind.id,
        measure: ind.measure,
        period,
        start,
        entity: ind.entities[r.ent % ind.entities.len()],
        cell,
        value: value_of(ind.measure, r.value),
        verification: r.verification,
        recorded_on: r.recorded.map(|d| plus(start, d.into())),
    }
}

fn target_json(w: &World, r: &RawTarget) -> Value {
    let ind = &w.indicators[r.ind % w.indicators.len()];
    let period = if r.window || ind.freq == F::Biennial {
        format!("{}/{}", ind.from, ind.to)
    } else {
        year_in(ind, r.year).to_string()
    };
    let (b, mut t) = match ind.measure {
        M::Count => (Decimal::from(r.baseline % 30), Decimal::from(r.value % 200)),
        M::Amount => (
            Decimal::new(i64::from(r.baseline % 10_000), 2),
            Decimal::new(i64::from(r.value % 100_000), 2),
        ),
        M::Pct => (
            Decimal::from(r.baseline % 101),
            Decimal::from(r.value % 101),
        ),
        M::Level => (Decimal::from(r.baseline % 11), Decimal::from(r.value % 11)),
    };
    if t == b {
        t = if b.is_zero() {
            Decimal::ONE
        } else {
            b - Decimal::ONE
        };
    }
    let mut o = json!({
        "indicator": ind.id,
        "period": period,
        "baseline": b.to_string(),
        "value": t.to_string(),
    });
    if let Some(e) = r.entity {
        o["entity"] = json!(ind.entities[e % ind.entities.len()]);
    }
    if let Some(d) = r.recorded {
        o["recorded_on"] = json!(plus(day0(), d.into()).to_string());
    }
    o
}

fn milestone_json(w: &World, r: &RawMs) -> Value {
    let ms = &w.milestones[r.which % w.milestones.len()];
    let achieved = plus(day0(), r.achieved.into());
    let mut o = json!({
        "indicator": ms.id,
        "entity": ms.entities[r.ent % ms.entities.len()],
        "achieved_on": achieved.to_string(),
    });
    if let Some(d) = r.recorded_after {
        o["recorded_on"] = json!(plus(achieved, d.into()).to_string());
    }
    o
}

const KINDS: [&str; 3] = ["monthly", "semiannual", "annual"];

fn kind_freq(kind: u8) -> F {
    [F::Monthly, F::Semi, F::Annual][kind as usize % 3]
}

fn submission_json(w: &World, r: &RawSub) -> Value {
    let (period, start) = period_of(kind_freq(r.kind), 2007 + r.year, r.sub);
    json!({
        "entity": w.reporters[r.ent % w.reporters.len()],
        "kind": KINDS[r.kind as usize % 3],
        "period": period,
        "submitted_on": plus(start, r.after.into()).to_string(),
    })
}

fn obligation_json(w: &World, r: &RawObl) -> Value {
    json!({
        "entity": w.reporters[r.ent % w.reporters.len()],
        "kind": KINDS[r.kind as usize % 3],
        "from": 2007 + r.from,
        "to": 2007 + r.from + r.len,
    })
}

fn batch(w: &World, s: &Spec) -> Value {
    json!({
        "targets": s.targets.iter().map(|r| target_json(w, r)).collect::<Vec<_>>(),
        "observations": s.obs.iter().map(|r| resolve_obs(w, r).json()).collect::<Vec<_>>(),
        "milestones": s.milestones.iter().map(|r| milestone_json(w, r)).collect::<Vec<_>>(),
        "submissions": s.submissions.iter().map(|r| submission_json(w, r)).collect::<Vec<_>>(),
        "obligations": s.obligations.iter().map(|r| obligation_json(w, r)).collect::<Vec<_>>(),
    })
}

/// A ledger of the world's plan with the batch ingested strictly.
fn build(w: &World, batch: &Value) -> Ledger {
    let mut l = Ledger::new((w.plan)());
    if let Err(e) = ingest_each(&mut l, batch) {
        panic!("generated batch rejected: {e}\n{batch}");
    }
    l
}

/// Ingests a JSON batch strictly one record at a time, in order: the
/// generators make revisions of one key recorded on the same day, which one
/// batch refuses as duplicates (SPEC §2) and successive batches take as
/// revisions, the later-ingested counting.
fn ingest_each(l: &mut Ledger, batch: &Value) -> Result<(), seguimiento::IngestError> {
    for (array, records) in batch.as_object().expect("a batch is an object") {
        for record in records.as_array().expect("arrays of records") {
            l.ingest_json(&json!({ array: [record] }).to_string(), Mode::Strict)?;
        }
    }
    Ok(())
}

/// The scorecard as of `d`, with the configuration's weights of the nodes
/// the ledger's plan has: the configurations are drawn for either plan, and
/// a weight for a node the plan lacks is an error (`hostile_input.rs`).
fn card(l: &Ledger, d: NaiveDate, config: &Config) -> Scorecard {
    let mut config = config.clone();
    config.weights.retain(|id, _| l.plan().node(id).is_some());
    evaluate(l.plan(), l, d, &config).expect("evaluation runs")
}

// ---------------------------------------------------------------------------
// Configurations
// ---------------------------------------------------------------------------

fn config() -> impl Strategy<Value = Config> {
    (
        any::<bool>(),
        0..=100i64,
        0..=60u32,
        0..=50i64,
        prop::collection::vec((0..6usize, 0..=5i64), 0..4),
    )
        .prop_map(|(missing_zero, late, grace, tolerance, weights)| {
            let ids = [
                "E1",
                "E1.L1",
                "E1.L1.M1",
                "E1.L1.M1.A1",
                "E1.L1.M1.A1.I1",
                "E1.L2.M1.A1.I2",
            ];
            let mut c = Config {
                missing_data_is_zero: missing_zero,
                late_credit: Decimal::new(late, 2),
                grace_days: grace,
                tolerance: Decimal::new(tolerance, 2),
                ..Config::default()
            };
            for (i, w) in weights {
                c.weights.insert(ids[i].to_string(), Decimal::from(w));
            }
            c
        })
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// The scorecard without the notes counting records recorded after the
/// knowledge date (the only thing such records may change).
fn without_later_notes(mut card: Scorecard) -> Scorecard {
    for node in &mut card.nodes {
        if let Explanation::Indicator { items } = &mut node.explanation {
            for item in items {
                match item {
                    Item::Target { recorded_later, .. }
                    | Item::Milestone { recorded_later, .. } => *recorded_later = None,
                }
            }
        }
    }
    card
}

/// What a scorecard shows as known: per indicator, the target keys it
/// scores, the keys with a value, and whether its milestone was seen.
fn known_facts(card: &Scorecard) -> Vec<String> {
    let mut facts = Vec::new();
    for node in &card.nodes {
        if let Explanation::Indicator { items } = &node.explanation {
            for item in items {
                if let Item::Target {
                    period,
                    entity,
                    value,
                    ..
                } = item
                {
                    facts.push(format!("{} target {period} {entity:?}", node.id));
                    if value.is_some() {
                        facts.push(format!("{} value {period} {entity:?}", node.id));
                    }
                }
            }
        }
    }
    facts
}

fn unit_6dp(what: &str, d: Decimal) -> Result<(), TestCaseError> {
    prop_assert!(
        d >= Decimal::ZERO && d <= Decimal::ONE,
        "{what} = {d} is outside [0, 1]"
    );
    prop_assert_eq!(d.scale(), 6, "{} = {} has not 6 decimals", what, d);
    Ok(())
}

fn is_score_text(t: &str) -> bool {
    t.len() == 8
        && (t.starts_with("0.") || t == "1.000000")
        && t[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Every score of a scorecard, typed and in its JSON.
fn check_scores(c: &Scorecard) -> Result<(), TestCaseError> {
    for n in &c.nodes {
        if let Some(s) = n.score {
            unit_6dp(&n.id, s.to_decimal())?;
        }
        unit_6dp(&format!("coverage of {}", n.id), n.coverage.to_decimal())?;
        if let seguimiento::Explanation::Indicator { items } = &n.explanation {
            for i in items {
                if let Some(a) = i.achievement() {
                    unit_6dp(&format!("an item of {}", n.id), a.to_decimal())?;
                }
            }
        }
    }
    for e in &c.entities {
        if let Some(s) = e.score {
            unit_6dp(&e.code, s.to_decimal())?;
        }
    }
    for r in &c.reporting {
        unit_6dp("rate", r.rate.to_decimal())?;
        unit_6dp("timeliness", r.timeliness.to_decimal())?;
    }
    let json: Value = serde_json::from_str(&c.to_json()).unwrap();
    for n in json["nodes"].as_array().unwrap() {
        prop_assert!(n["score"].is_null() || is_score_text(n["score"].as_str().unwrap_or("")));
        prop_assert!(is_score_text(n["coverage"].as_str().unwrap_or("")));
    }
    for e in json["entities"].as_array().unwrap() {
        prop_assert!(e["score"].is_null() || is_score_text(e["score"].as_str().unwrap_or("")));
    }
    for r in json["reporting"].as_array().unwrap() {
        prop_assert!(is_score_text(r["rate"].as_str().unwrap_or("")));
        prop_assert!(is_score_text(r["timeliness"].as_str().unwrap_or("")));
    }
    Ok(())
}

/// The record arrays of a batch, reordered by `keys` (a pseudo-random permutation).
fn shuffled(batch: &Value, keys: &[u64]) -> Value {
    let mut out = batch.clone();
    for array in [
        "targets",
        "observations",
        "milestones",
        "submissions",
        "obligations",
    ] {
        let mut records: Vec<(u64, usize, Value)> = batch[array]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, r)| (keys[(i * 7 + array.len()) % keys.len()], i, r.clone()))
            .collect();
        records.sort_by_key(|(k, i, _)| (*k, *i));
        out[array] = Value::Array(records.into_iter().map(|(_, _, r)| r).collect());
    }
    out
}

/// The spec with every recorded_on given and distinct within each record key.
fn distinctly_dated(s: &Spec) -> Spec {
    let mut s = s.clone();
    // Observations: same key ⇒ same period start; the position makes them differ.
    for (i, o) in s.obs.iter_mut().enumerate() {
        o.recorded = Some(i as u16 + 1);
    }
    for (i, t) in s.targets.iter_mut().enumerate() {
        t.recorded = Some(i as u16 * 5);
    }
    // Milestones: recorded on day 300·i + x (x < 300), achieved up to 199 days before.
    for (i, m) in s.milestones.iter_mut().enumerate() {
        let recorded = 300 * i as u16 + m.achieved % 300;
        let back = (m.achieved % 200).min(recorded);
        m.achieved = recorded - back;
        m.recorded_after = Some(back);
    }
    s
}

/// The spec's records, all recorded (or submitted) after `d`.
fn after(w: &World, s: &Spec, d: NaiveDate) -> Value {
    let later = |start: NaiveDate, k: usize| {
        let day_after = plus(d, 1 + k as u64 % 400);
        day_after.max(start)
    };
    let observations: Vec<Value> = s
        .obs
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let mut o = resolve_obs(w, r);
            o.recorded_on = Some(later(o.start, k));
            o.json()
        })
        .collect();
    let targets: Vec<Value> = s
        .targets
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let mut t = target_json(w, r);
            t["recorded_on"] = json!(later(d, k).to_string());
            t
        })
        .collect();
    let milestones: Vec<Value> = s
        .milestones
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let mut m = milestone_json(w, r);
            let recorded = later(d, k);
            let achieved = date(m["achieved_on"].as_str().unwrap()).min(recorded);
            m["achieved_on"] = json!(achieved.to_string());
            m["recorded_on"] = json!(recorded.to_string());
            m
        })
        .collect();
    let submissions: Vec<Value> = s
        .submissions
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let mut sub = submission_json(w, r);
            let (_, start) = period_of(kind_freq(r.kind), 2007 + r.year, r.sub);
            sub["submitted_on"] = json!(later(start, k).to_string());
            sub
        })
        .collect();
    json!({
        "targets": targets,
        "observations": observations,
        "milestones": milestones,
        "submissions": submissions,
    })
}

fn world(custom: bool) -> &'static World {
    if custom {
        &CUSTOM
    } else {
        &EMBEDDED
    }
}

// ---------------------------------------------------------------------------
// Monotonicity cases
// ---------------------------------------------------------------------------

/// One target, observations of its indicator, and one of them to raise.
#[derive(Clone, Debug)]
struct Monotone {
    custom: bool,
    reduce: bool,
    ind: usize,
    target: RawTarget,
    obs: Vec<RawObs>,
    pick: prop::sample::Index,
    delta: u32,
    d: NaiveDate,
}

fn monotone() -> impl Strategy<Value = Monotone> {
    (
        (any::<bool>(), any::<bool>()),
        0..64usize,
        raw_target(),
        prop::collection::vec(raw_obs(), 1..12),
        any::<prop::sample::Index>(),
        1..500u32,
        365..2556u64,
    )
        .prop_map(
            |((custom, reduce), ind, target, obs, pick, delta, d)| Monotone {
                custom,
                reduce,
                ind,
                target,
                obs,
                pick,
                delta,
                d: plus(day0(), d),
            },
        )
}

/// A target item's achievement and its indicator's score.
type Scored = (Option<Decimal>, Option<Decimal>);

struct MonotoneRun {
    target: Value,
    increase: bool,
    before: Scored,
    after: Scored,
}

fn decimal_field(record: &Value, field: &str) -> Decimal {
    Decimal::from_str_exact(record[field].as_str().unwrap()).unwrap()
}

fn run_monotone(m: &Monotone) -> MonotoneRun {
    let w = world(m.custom);
    let ind = m.ind % w.indicators.len();
    let measure = w.indicators[ind].measure;
    // The target is known from the start and goes the chosen way. Counts,
    // amounts and levels get targets well above (or, to reduce, baselines
    // well above) what a few observations add up to, so that achievements
    // fall inside (0, 1) often.
    let mut target = target_json(
        w,
        &RawTarget {
            ind,
            recorded: None,
            ..m.target.clone()
        },
    );
    let (b, t) = (
        decimal_field(&target, "baseline"),
        decimal_field(&target, "value"),
    );
    let (lo, hi) = (b.min(t), b.max(t));
    let (b, t) = match (m.reduce, measure) {
        (false, M::Pct) => (lo, hi),
        (true, M::Pct) => (hi, lo),
        (false, _) => (lo, hi * Decimal::TEN),
        (true, _) => (hi * Decimal::from(20) + Decimal::ONE, lo),
    };
    target["baseline"] = json!(b.to_string());
    target["value"] = json!(t.to_string());
    let increase = decimal_field(&target, "value") > decimal_field(&target, "baseline");
    let mut obs: Vec<Obs> = m
        .obs
        .iter()
        .map(|r| resolve_obs(w, &RawObs { ind, ..r.clone() }))
        .collect();
    let id = obs[0].indicator;
    let scored = |obs: &[Obs]| -> Scored {
        let l = build(
            w,
            &json!({
                "targets": [target.clone()],
                "observations": obs.iter().map(Obs::json).collect::<Vec<_>>(),
            }),
        );
        let c = card(&l, m.d, &Config::default());
        let item = match items(&c, id).first() {
            Some(Item::Target { achievement, .. }) => achievement.map(Score::to_decimal),
            other => panic!("expected one target item, found {other:?}"),
        };
        (item, c.node(id).unwrap().score.map(Score::to_decimal))
    };
    let before = scored(&obs);
    let o = &mut obs[m.pick.index(m.obs.len())];
    o.value += match o.measure {
        M::Count | M::Level => Decimal::from(m.delta),
        M::Amount => Decimal::new(i64::from(m.delta), 2),
        M::Pct => Decimal::new(i64::from(m.delta), 1),
    };
    if o.measure == M::Pct {
        o.value = o.value.min(Decimal::ONE_HUNDRED);
    }
    let after = scored(&obs);
    MonotoneRun {
        target,
        increase,
        before,
        after,
    }
}

// ---------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_score_in_unit_interval_with_6_decimals(
        custom in any::<bool>(), s in spec(), d in as_of(), c in config()
    ) {
        let w = world(custom);
        let l = build(w, &batch(w, &s));
        check_scores(&card(&l, d, &c))?;
        check_scores(&card(&l, d, &Config::default()))?;
    }

    #[test]
    fn evaluation_is_deterministic(custom in any::<bool>(), s in spec(), d in as_of(), c in config()) {
        let w = world(custom);
        let b = batch(w, &s);
        let l = build(w, &b);
        let first = card(&l, d, &c).to_json();
        prop_assert_eq!(&card(&l, d, &c).to_json(), &first);
        // Another ledger from the same batch, and a clone.
        prop_assert_eq!(&card(&build(w, &b), d, &c).to_json(), &first);
        prop_assert_eq!(&card(&l.clone(), d, &c).to_json(), &first);
    }

    #[test]
    fn records_recorded_after_d_never_change_evaluate_d(
        custom in any::<bool>(), s in spec(), extra in spec(), d in as_of()
    ) {
        let w = world(custom);
        let mut l = build(w, &batch(w, &s));
        let before = without_later_notes(card(&l, d, &Config::default())).to_json();
        let later = after(w, &extra, d);
        if let Err(e) = ingest_each(&mut l, &later) {
            panic!("generated batch rejected: {e}\n{later}");
        }
        // Only the notes of items without data may now count them.
        let now = card(&l, d, &Config::default());
        prop_assert_eq!(without_later_notes(now).to_json(), before);
    }

    #[test]
    fn known_on_equal_to_d_is_the_default_scorecard(
        custom in any::<bool>(), s in spec(), d in as_of(), c in config()
    ) {
        let w = world(custom);
        let l = build(w, &batch(w, &s));
        let default = card(&l, d, &c);
        let explicit = card(&l, d, &Config { known_on: Some(d), ..c.clone() });
        prop_assert_eq!(explicit.to_json(), default.to_json());
    }

    #[test]
    fn raising_known_on_never_hides_a_record(
        custom in any::<bool>(), s in spec(), d in as_of(), early in 0..2600u64, more in 0..1200u64
    ) {
        let w = world(custom);
        let l = build(w, &batch(w, &s));
        let k1 = plus(day0(), early);
        let k2 = plus(k1, more);
        let at = |k| card(&l, d, &Config { known_on: Some(k), ..Config::default() });
        let (before, after) = (known_facts(&at(k1)), known_facts(&at(k2)));
        for fact in &before {
            prop_assert!(after.contains(fact), "known on {k1}, hidden on {k2}: {fact}");
        }
    }

    #[test]
    fn evaluate_many_equals_a_loop_of_evaluate(
        custom in any::<bool>(),
        s in spec(),
        dates in prop::collection::vec(as_of(), 0..6),
        c in config(),
        fixed_k in prop::option::of(as_of()),
    ) {
        let w = world(custom);
        let l = build(w, &batch(w, &s));
        let mut c = Config { known_on: fixed_k, ..c };
        // As `card` does: the weights of nodes this ledger's plan has.
        c.weights.retain(|id, _| l.plan().node(id).is_some());
        let many = evaluate_many(l.plan(), &l, &dates, &c).expect("evaluation runs");
        prop_assert_eq!(many.len(), dates.len());
        for (card_of_many, &d) in many.iter().zip(&dates) {
            prop_assert_eq!(card_of_many.to_json(), card(&l, d, &c).to_json());
        }
    }

    #[test]
    fn a_refreshed_evaluation_is_the_full_evaluation(
        custom in any::<bool>(),
        first in spec(),
        batches in prop::collection::vec((spec(), any::<bool>(), any::<bool>()), 1..5),
        d in as_of(),
        c in config(),
        fixed_k in prop::option::of(as_of()),
    ) {
        let w = world(custom);
        let mut l = Ledger::new((w.plan)());
        // Whole batches: a key drawn twice with one recorded_on is a
        // duplicate within the batch (refused strictly, dropped leniently),
        // across batches a revision.
        let _ = l.ingest_json(&batch(w, &first).to_string(), Mode::Lenient);
        let mut c = Config { known_on: fixed_k, ..c };
        c.weights.retain(|id, _| l.plan().node(id).is_some());
        let mut evaluation = Evaluation::new(l.plan(), &l, d, &c).expect("evaluation runs");
        prop_assert_eq!(evaluation.scorecard(), &card(&l, d, &c));
        for (s, strict, sum) in batches {
            let before = l.counts();
            let options = IngestOptions {
                mode: if strict { Mode::Strict } else { Mode::Lenient },
                duplicates: if sum { Duplicates::Sum } else { Duplicates::Reject },
                aggregate: false,
            };
            let refused = l.ingest_json(&batch(w, &s).to_string(), options).is_err();
            if strict && refused {
                prop_assert_eq!(l.counts(), before);
            }
            let refresh = evaluation.refresh(&l).expect("the same ledger");
            prop_assert!(!refresh.full);
            let added: usize = l.counts().iter().zip(before).map(|(now, then)| now - then).sum();
            prop_assert_eq!(refresh.records, added);
            let full = card(&l, d, &c);
            prop_assert_eq!(evaluation.scorecard().to_json(), full.to_json());
            // The rankings and the reporting detail, outside the JSON, too.
            prop_assert_eq!(evaluation.scorecard(), &full);
        }
    }

    #[test]
    fn raising_an_observed_value_is_monotone(m in monotone()) {
        let run = run_monotone(&m);
        // Raising a value never takes data away, nor brings a target into scoring.
        prop_assert_eq!(run.before.0.is_some(), run.after.0.is_some());
        for (b, a) in [(run.before.0, run.after.0), (run.before.1, run.after.1)] {
            if let (Some(b), Some(a)) = (b, a) {
                if run.increase {
                    prop_assert!(a >= b, "increase target {}: {} → {}", run.target, b, a);
                } else {
                    prop_assert!(a <= b, "reduce target {}: {} → {}", run.target, b, a);
                }
            }
        }
    }

    #[test]
    fn ingestion_order_does_not_matter_with_distinct_recorded_on(
        custom in any::<bool>(),
        s in spec(),
        keys in prop::collection::vec(any::<u64>(), 1..64),
        split in any::<prop::sample::Index>(),
        d in as_of(),
        c in config(),
    ) {
        let w = world(custom);
        let s = distinctly_dated(&s);
        let b = batch(w, &s);
        let expected = card(&build(w, &b), d, &c).to_json();
        let mixed = shuffled(&b, &keys);
        prop_assert_eq!(&card(&build(w, &mixed), d, &c).to_json(), &expected);
        // Ingested in two batches (the observations split at a random point).
        let all = mixed["observations"].as_array().unwrap().clone();
        let k = split.index(all.len() + 1);
        let mut first = mixed.clone();
        first["observations"] = Value::Array(all[k..].to_vec());
        let mut l = build(w, &first);
        ingest_each(&mut l, &json!({"observations": all[..k].to_vec()})).expect("valid");
        prop_assert_eq!(&card(&l, d, &c).to_json(), &expected);
    }

    #[test]
    fn export_import_gives_identical_scorecard(
        custom in any::<bool>(), s in spec(), more in spec(), d in as_of(), c in config()
    ) {
        let w = world(custom);
        // Two batches, so that revisions and ties across batches are exported too.
        let mut l = build(w, &batch(w, &s));
        ingest_each(&mut l, &batch(w, &more)).expect("valid");
        let expected = card(&l, d, &c).to_json();
        // Through the JSON text (record by record: same-day revisions of one
        // key load back as revisions, not as one batch's duplicates)…
        let text = l.to_json();
        let mut again = Ledger::new((w.plan)());
        let exported: Value = serde_json::from_str(&text).expect("the export is JSON");
        ingest_each(&mut again, &exported).expect("the export loads back");
        prop_assert_eq!(&card(&again, d, &c).to_json(), &expected);
        prop_assert_eq!(again.to_json(), text);
        // …and through the typed batch.
        let mut typed = Ledger::new((w.plan)());
        let export = l.export();
        for one in [
            export.targets.iter().map(|r| Batch { targets: vec![r.clone()], ..Batch::default() }).collect::<Vec<_>>(),
            export.observations.iter().map(|r| Batch { observations: vec![r.clone()], ..Batch::default() }).collect(),
            export.milestones.iter().map(|r| Batch { milestones: vec![r.clone()], ..Batch::default() }).collect(),
            export.submissions.iter().map(|r| Batch { submissions: vec![r.clone()], ..Batch::default() }).collect(),
            export.obligations.iter().map(|r| Batch { obligations: vec![r.clone()], ..Batch::default() }).collect(),
        ].into_iter().flatten() {
            typed.ingest(one, Mode::Strict).expect("the export loads back");
        }
        prop_assert_eq!(&card(&typed, d, &c).to_json(), &expected);
    }
}

// ---------------------------------------------------------------------------
// Revisions of a few keys, refreshed one record at a time
// ---------------------------------------------------------------------------

/// An indicator the revision cases revise: its id, its dimension and two
/// of its values, two entities that report on it, its measure.
type Revised = (
    &'static str,
    (&'static str, [&'static str; 2]),
    [&'static str; 2],
    M,
);

/// The indicators the revision cases revise (custom plan): an amount by
/// age, a count by sex (`PNC` answers to `MINGOB`, so a target of `MINGOB`
/// takes in both), a percentage by sex (its cells never add up to it).
const REVISED: [Revised; 3] = [
    (
        "E1.L1.M1.A2.I1",
        ("edad", ["menor", "adulto"]),
        ["GIT", "MRE"],
        M::Amount,
    ),
    (
        "E1.L1.M1.A1.I1",
        ("sexo", ["mujer", "hombre"]),
        ["MINGOB", "PNC"],
        M::Count,
    ),
    (
        "E1.L1.M1.A1.I4",
        ("sexo", ["mujer", "hombre"]),
        ["MINGOB", "PNC"],
        M::Pct,
    ),
];

/// Values of each measure: one number at several scales (`5`, `5.0`,
/// `5.00`, whose sum keeps the largest), zeros with places, and, for
/// amounts and counts, values whose sums leave the range where decimal
/// addition is exact (28 nines; one unit in the 28th place beside them).
fn revised_value(measure: M, pick: usize) -> &'static str {
    const AMOUNTS: &[&str] = &[
        "5",
        "5.0",
        "5.00",
        "7.25",
        "0",
        "0.00",
        "12.5",
        "12.50",
        "9999999999999999999999999999",
        "0.0000000000000000000000000001",
    ];
    const COUNTS: &[&str] = &["5", "7", "0", "12", "9999999999999999999999999999"];
    const PERCENTAGES: &[&str] = &["5", "5.0", "50.25", "100", "0", "0.0"];
    let values = match measure {
        M::Amount => AMOUNTS,
        M::Count => COUNTS,
        _ => PERCENTAGES,
    };
    values[pick % values.len()]
}

/// A key of the revision cases.
#[derive(Clone, Debug)]
struct RevisedKey {
    which: usize,
    entity: usize,
    year: i32,
    /// 0: the total; 1, 2: a cell.
    cell: usize,
    verification: bool,
}

/// One revision: a key (of the case's few), a value, when it was recorded
/// (days from the knowledge date: some after it, some before the revision
/// already known) and whether the evaluation is refreshed after it.
#[derive(Clone, Debug)]
struct Revision {
    key: prop::sample::Index,
    value: usize,
    recorded: Option<i16>,
    refresh: bool,
}

fn revised_key() -> impl Strategy<Value = RevisedKey> {
    (
        0..3usize,
        0..2usize,
        2008..2010i32,
        0..3usize,
        prop::bool::weighted(0.25),
    )
        .prop_map(|(which, entity, year, cell, verification)| RevisedKey {
            which,
            entity,
            year,
            cell,
            verification,
        })
}

fn revision() -> impl Strategy<Value = Revision> {
    (
        any::<prop::sample::Index>(),
        0..16usize,
        prop::option::weighted(0.85, -400..120i16),
        prop::bool::weighted(0.6),
    )
        .prop_map(|(key, value, recorded, refresh)| Revision {
            key,
            value,
            recorded,
            refresh,
        })
}

fn revision_json(key: &RevisedKey, r: &Revision, known_on: NaiveDate) -> Value {
    let (indicator, (dim, values), entities, measure) = REVISED[key.which];
    let mut o = json!({
        "indicator": indicator,
        "period": key.year.to_string(),
        "entity": entities[key.entity],
        "value": revised_value(measure, r.value),
    });
    if key.cell > 0 {
        o["cell"] = json!({ dim: values[key.cell - 1] });
    }
    if key.verification {
        o["source"] = json!("verification");
    }
    if let Some(days) = r.recorded {
        // Never before its period starts (the ledger refuses that).
        let start = NaiveDate::from_ymd_opt(key.year, 1, 1).expect("a year's first day");
        let recorded_on = (known_on + chrono::Duration::days(days.into())).max(start);
        o["recorded_on"] = json!(recorded_on.to_string());
    }
    o
}

/// Year and window targets of the revised indicators, for the whole and for
/// the first entity: every period value they read is scored.
fn revised_targets() -> Value {
    let mut targets = Vec::new();
    for (indicator, _, entities, _) in REVISED {
        for year in ["2008", "2009", "2007/2017"] {
            targets.push(
                json!({"indicator": indicator, "period": year, "baseline": "1", "value": "60"}),
            );
            targets.push(json!({
                "indicator": indicator, "period": year, "entity": entities[0],
                "baseline": "50", "value": "2"
            }));
        }
    }
    json!({ "targets": targets })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Revisions that move a value back and forth, totals and cells of one
    /// (period, entity), verification values of the same keys, records
    /// known only after the knowledge date and revisions older than the one
    /// known: after each refresh the scorecard is the full evaluation's, and
    /// so is every date of `evaluate_many` at the end.
    #[test]
    fn a_refreshed_evaluation_follows_every_revision(
        keys in prop::collection::vec(revised_key(), 1..6),
        revisions in prop::collection::vec(revision(), 1..40),
        d in prop::sample::select(vec!["2008-12-31", "2009-12-31", "2010-06-30"]),
        known_later in prop::option::of(0..400u64),
    ) {
        let mut l = Ledger::new(plan());
        ingest_each(&mut l, &revised_targets()).expect("valid targets");
        let d = date(d);
        let c = Config { known_on: known_later.map(|days| d + Days::new(days)), ..Config::default() };
        let known_on = c.known_on.unwrap_or(d);
        let mut evaluation = Evaluation::new(l.plan(), &l, d, &c).expect("evaluation runs");
        for r in &revisions {
            let key = &keys[r.key.index(keys.len())];
            let record = json!({ "observations": [revision_json(key, r, known_on)] });
            // One record a batch: a key revised on the same day twice is a
            // revision, the later one counting.
            ingest_each(&mut l, &record).expect("valid revision");
            if r.refresh {
                evaluation.refresh(&l).expect("the same ledger");
                prop_assert_eq!(evaluation.scorecard().to_json(), card(&l, d, &c).to_json());
            }
        }
        evaluation.refresh(&l).expect("the same ledger");
        let full = card(&l, d, &c);
        prop_assert_eq!(evaluation.scorecard().to_json(), full.to_json());
        prop_assert_eq!(evaluation.scorecard(), &full);
        let dates = [d, known_on, date("2008-12-31"), date("2011-12-31")];
        let many = evaluate_many(l.plan(), &l, &dates, &c).expect("evaluation runs");
        for (card_of_many, &at) in many.iter().zip(&dates) {
            prop_assert_eq!(card_of_many.to_json(), card(&l, at, &c).to_json());
        }
    }
}

/// The generators reach what the properties are about: scored targets of
/// each kind, milestones in every state, discrepancies and reporting rows.
#[test]
fn generators_cover_the_rules() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut windows, mut years, mut states, mut discrepancies, mut rows) =
        (0, 0, std::collections::BTreeSet::new(), 0, 0);
    for _ in 0..64 {
        let s = spec().new_tree(&mut runner).unwrap().current();
        let d = date("2010-12-31");
        let c = card(&build(&CUSTOM, &batch(&CUSTOM, &s)), d, &Config::default());
        for n in &c.nodes {
            if let seguimiento::Explanation::Indicator { items } = &n.explanation {
                for i in items {
                    match i {
                        Item::Target {
                            period,
                            achievement: Some(_),
                            ..
                        } => {
                            if matches!(period, seguimiento::Period::Window(..)) {
                                windows += 1
                            } else {
                                years += 1
                            }
                        }
                        Item::Milestone { state, .. } => {
                            states.insert(format!("{state:?}"));
                        }
                        _ => {}
                    }
                }
            }
        }
        discrepancies += c.discrepancies.len();
        rows += c.reporting.len();
    }
    assert!(windows > 0 && years > 0, "windows {windows}, years {years}");
    assert!(states.len() >= 3, "milestone states {states:?}");
    assert!(discrepancies > 0 && rows > 0, "{discrepancies} {rows}");
    // The monotonicity cases often move an achievement strictly inside (0, 1),
    // for increase and for reduce targets.
    let (mut up, mut down) = (0, 0);
    for _ in 0..128 {
        let m = monotone().new_tree(&mut runner).unwrap().current();
        let run = run_monotone(&m);
        if let (Some(b), Some(a)) = (run.before.0, run.after.0) {
            let inside = |x: Decimal| x > Decimal::ZERO && x < Decimal::ONE;
            if b != a && (inside(b) || inside(a)) {
                if run.increase {
                    up += 1
                } else {
                    down += 1
                }
            }
        }
    }
    assert!(up >= 4 && down >= 4, "moving increase {up}, reduce {down}");
    // A check that the checks can fail: a score with 2 decimals is refused.
    assert!(unit_6dp("x", Decimal::new(5, 1)).is_err());
    assert!(unit_6dp("x", Decimal::new(1_000_001, 6)).is_err());
}
