//! SPEC §2: revisions are kept, never overwritten; the export reads back as
//! the same ledger; numbers are exact; entities are exported by registry code.

use std::sync::{Arc, OnceLock};

use rust_decimal::Decimal;
use seguimiento::{Ledger, Mode, Plan};

/// count, annual, no dimensions; responsible MRE.
const COUNT: &str = "E1.L1.M1.A2.I2";
/// amount, annual, dimension institucion; responsible MRE, GIT.
const AMOUNT: &str = "E1.L1.M4.A1.I4";
/// percentage, annual; responsible MRE.
const PERCENT: &str = "E1.L1.M1.A2.I3";
/// count, monthly, dimensions sexo and edad; responsible MINGOB/DGM, MTPS, MRE.
const MONTHLY: &str = "E2.L3.M2.A4.I1";
/// milestone, plazo 2007-2017; responsible MRE, GIT.
const MILESTONE: &str = "E1.L1.M4.A1.I1";
/// count, biennial; responsible MRE, GIT.
const BIENNIAL: &str = "E1.L1.M2.A5.I1";

fn plan() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| Arc::new(Plan::embedded())))
}

fn ledger() -> Ledger {
    Ledger::new(plan())
}

fn ingest(l: &mut Ledger, json: &str) {
    if let Err(e) = l.ingest_json(json, Mode::Strict) {
        panic!("{e}\n{json}");
    }
}

/// The exported values of the observations, in order.
fn values(l: &Ledger) -> Vec<String> {
    l.export()
        .observations
        .iter()
        .map(|o| o.value.to_string())
        .collect()
}

/// Revisions of one amount, in one batch: each recorded on its own day, so
/// that none is a duplicate of another (SPEC §2).
fn amounts(values: &[&str]) -> String {
    let records: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(day, v)| {
            format!(
                r#"{{"indicator": "{AMOUNT}", "period": "2009", "entity": "MRE", "value": {v}, "recorded_on": "2010-01-{:02}"}}"#,
                day + 1
            )
        })
        .collect();
    format!(r#"{{"observations": [{}]}}"#, records.join(",\n"))
}

#[test]
fn a_record_with_an_existing_key_is_kept_beside_it_in_ingestion_order() {
    let mut l = ledger();
    let obs = |value: &str, recorded: &str| {
        format!(
            r#"{{"observations": [{{"indicator": "{COUNT}", "period": "2009", "entity": "MRE", "value": "{value}"{recorded}}}]}}"#
        )
    };
    ingest(&mut l, &obs("4", r#", "recorded_on": "2010-01-10""#));
    ingest(&mut l, &obs("5", r#", "recorded_on": "2010-03-01""#));
    // A revision recorded earlier but ingested later is still later in the ledger.
    ingest(&mut l, &obs("6", r#", "recorded_on": "2009-06-01""#));
    ingest(&mut l, &obs("7", ""));
    // The same key under an alias of the entity, in two batches (in one
    // batch they would be duplicates, both rejected).
    for entity in ["mre", "MRE"] {
        ingest(
            &mut l,
            &format!(
                r#"{{"observations": [
                    {{"indicator": "{COUNT}", "period": "2009", "entity": "{entity}", "value": "8"}}
                ]}}"#
            ),
        );
    }
    assert_eq!(values(&l), ["4", "5", "6", "7", "8", "8"]);
    let recorded: Vec<Option<String>> = l
        .export()
        .observations
        .iter()
        .map(|o| o.recorded_on.map(|d| d.to_string()))
        .collect();
    assert_eq!(
        recorded,
        [
            Some("2010-01-10".to_string()),
            Some("2010-03-01".to_string()),
            Some("2009-06-01".to_string()),
            None,
            None,
            None
        ]
    );
    let json = l.to_json();
    let positions: Vec<usize> = ["\"4\"", "\"5\"", "\"6\"", "\"7\""]
        .iter()
        .map(|v| json.find(v).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{json}");
}

#[test]
fn revisions_of_every_kind_are_kept() {
    let mut l = ledger();
    let batch = format!(
        r#"{{
  "targets": [
    {{"indicator": "{COUNT}", "period": "2009", "value": "10"}},
    {{"indicator": "{COUNT}", "period": "2009", "value": "12", "recorded_on": "2009-06-01"}}
  ],
  "milestones": [
    {{"indicator": "{MILESTONE}", "entity": "MRE", "achieved_on": "2009-05-01"}},
    {{"indicator": "{MILESTONE}", "entity": "GIT", "achieved_on": "2009-04-01", "recorded_on": "2009-09-01"}}
  ],
  "submissions": [
    {{"entity": "MRE", "kind": "annual", "period": "2009", "submitted_on": "2010-01-20"}},
    {{"entity": "MRE", "kind": "annual", "period": "2009", "submitted_on": "2010-02-20"}}
  ],
  "obligations": [
    {{"entity": "MRE", "kind": "annual", "from": 2007, "to": 2017}},
    {{"entity": "MRE", "kind": "annual", "from": 2007, "to": 2017}}
  ]
}}"#
    );
    ingest(&mut l, &batch);
    ingest(&mut l, &batch);
    assert_eq!(l.counts(), [4, 0, 4, 4, 4, 0, 0]);
    let out = l.export();
    let targets: Vec<String> = out.targets.iter().map(|t| t.value.to_string()).collect();
    assert_eq!(targets, ["10", "12", "10", "12"]);
    let milestones: Vec<&str> = out.milestones.iter().map(|m| m.entity.as_str()).collect();
    assert_eq!(milestones, ["MRE", "GIT", "MRE", "GIT"]);
    let submitted: Vec<String> = out
        .submissions
        .iter()
        .map(|s| s.submitted_on.to_string())
        .collect();
    assert_eq!(
        submitted,
        ["2010-01-20", "2010-02-20", "2010-01-20", "2010-02-20"]
    );
}

fn rich_ledger() -> Ledger {
    let mut l = ledger();
    ingest(
        &mut l,
        &format!(
            r#"{{
  "targets": [
    {{"indicator": "{COUNT}", "period": "2009", "value": "10"}},
    {{"indicator": "{COUNT}", "period": "2007/2017", "entity": "mre", "baseline": 3, "value": 100, "recorded_on": "2008-01-01"}},
    {{"indicator": "{PERCENT}", "period": "2010", "baseline": "80.5", "value": "20.25"}},
    {{"indicator": "{BIENNIAL}", "period": "2007/2017", "value": "6"}}
  ],
  "observations": [
    {{"indicator": "{MONTHLY}", "period": "200903", "entity": "DGM", "cell": {{"sexo": "mujer", "edad": "13-17"}}, "value": "4"}},
    {{"indicator": "{MONTHLY}", "period": "2009-03", "entity": "dgm", "value": 9, "recorded_on": "2009-04-05"}},
    {{"indicator": "{MONTHLY}", "period": "2009-03", "entity": "MRE", "cell": {{"edad": "13-17", "sexo": "mujer"}}, "value": "5", "source": "verification"}},
    {{"indicator": "{AMOUNT}", "period": "2011", "entity": "GIT", "cell": {{"institucion": "MP"}}, "value": 1234.50}},
    {{"indicator": "{PERCENT}", "period": "2011", "entity": "MRE", "value": "33.3333333333333333333333333"}},
    {{"indicator": "{COUNT}", "period": "2012", "entity": "PDH", "value": "0", "source": "verification"}}
  ],
  "milestones": [
    {{"indicator": "{MILESTONE}", "entity": "git", "achieved_on": "2012-05-01", "recorded_on": "2012-05-02"}}
  ],
  "submissions": [
    {{"entity": "DGM", "kind": "monthly", "period": "200903", "submitted_on": "2009-04-10"}},
    {{"entity": "PGN", "kind": "semiannual", "period": "2009S2", "submitted_on": "2010-01-10"}}
  ],
  "obligations": [
    {{"entity": "dgm", "kind": "monthly", "from": "2008", "to": "2017"}}
  ]
}}"#
        ),
    );
    ingest(
        &mut l,
        &format!(
            r#"{{"observations": [
                {{"indicator": "{MONTHLY}", "period": "2009-03", "entity": "DGM", "cell": {{"sexo": "mujer", "edad": "13-17"}}, "value": "6", "recorded_on": "2009-05-01"}}
            ]}}"#
        ),
    );
    l
}

#[test]
fn export_reads_back_as_the_same_ledger() {
    let l = rich_ledger();
    assert_eq!(l.counts(), [4, 7, 1, 2, 1, 0, 0]);
    let json = l.to_json();
    let mut again = ledger();
    let report = again.ingest_json(&json, Mode::Strict).unwrap();
    assert_eq!(report.accepted, l.len());
    assert_eq!(again.to_json(), json);
    assert_eq!(again.export(), l.export());
    assert_eq!(again.counts(), l.counts());
    // The typed export goes back in the same way.
    let mut typed = ledger();
    typed.ingest(l.export(), Mode::Strict).unwrap();
    assert_eq!(typed.to_json(), json);
    // And the export is canonical: periods, entities and cells as the plan names them.
    assert!(json.contains(r#""period": "2009-03""#));
    assert!(json.contains(r#""period": "2009-S2""#));
    assert!(json.contains(r#""entity": "DGM""#));
    assert!(!json.contains("dgm") && !json.contains("\"git\"") && !json.contains("\"mre\""));
    assert!(json.contains(r#""baseline": "3""#), "{json}");
    assert!(json.contains(r#""value": "1234.50""#), "{json}");
    assert!(json.contains(r#""from": 2008"#), "{json}");
}

#[test]
fn ingesting_an_export_again_doubles_every_record_as_revisions() {
    let mut l = rich_ledger();
    let first = l.export();
    let json = l.to_json();
    ingest(&mut l, &json);
    let both = l.export();
    assert_eq!(l.counts(), [8, 14, 2, 4, 2, 0, 0]);
    assert_eq!(&both.observations[..7], &first.observations[..]);
    assert_eq!(&both.observations[7..], &first.observations[..]);
    assert_eq!(&both.targets[4..], &first.targets[..]);
}

#[test]
fn json_numbers_are_read_from_their_exact_text() {
    let mut l = ledger();
    ingest(
        &mut l,
        &amounts(&[
            "12.50",
            "\"12.50\"",
            "0.1",
            "0.2",
            "0.30000000000000004",
            "1e3",
            "1.5E-2",
            "2.50e+1",
            "9007199254740993",
            "\"123456789012345678901234567.8\"",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
        ]),
    );
    let exported = values(&l);
    assert_eq!(
        exported,
        [
            "12.50",
            "12.50",
            "0.1",
            "0.2",
            "0.30000000000000004",
            "1000",
            "0.015",
            "25.0",
            "9007199254740993",
            "123456789012345678901234567.8",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
        ]
    );
    // Exact decimals: 0.1 + 0.2 is 0.3, not the float 0.30000000000000004.
    let out = l.export().observations;
    assert_eq!(
        out[2].value + out[3].value,
        Decimal::from_str_exact("0.3").unwrap()
    );
    assert_ne!(out[2].value + out[3].value, out[4].value);
    // In the JSON document they are strings with the same text.
    let json = l.to_json();
    assert!(json.contains(r#""value": "12.50""#), "{json}");
    assert!(json.contains(r#""value": "0.30000000000000004""#), "{json}");
}

#[test]
fn target_numbers_are_exact_too() {
    let mut l = ledger();
    ingest(
        &mut l,
        &format!(
            r#"{{"targets": [{{"indicator": "{AMOUNT}", "period": "2010", "baseline": 0.10, "value": 1e2}}]}}"#
        ),
    );
    let t = &l.export().targets[0];
    assert_eq!(
        (t.baseline.to_string(), t.value.to_string()),
        ("0.10".to_string(), "100".to_string())
    );
}

#[test]
fn negative_zero_is_exported_as_zero() {
    let mut l = ledger();
    ingest(
        &mut l,
        &amounts(&["-0", "\"-0\"", "-0.00", "\"-0e5\"", "\"-0.0e-2\"", "\"+0\""]),
    );
    let exported = values(&l);
    assert_eq!(exported[0], "0");
    assert_eq!(exported[1], "0");
    assert_eq!(exported[3], "0");
    assert_eq!(exported[5], "0");
    for v in &exported {
        assert!(!v.starts_with('-'), "{exported:?}");
        assert!(Decimal::from_str_exact(v).unwrap().is_zero());
    }
    let json = l.to_json();
    assert!(!json.contains("\"-0"), "{json}");
    // A zero baseline written -0 is the default baseline.
    let mut t = ledger();
    ingest(
        &mut t,
        &format!(
            r#"{{"targets": [{{"indicator": "{COUNT}", "period": "2010", "baseline": "-0", "value": "5"}}]}}"#
        ),
    );
    assert!(!t.to_json().contains("baseline"), "{}", t.to_json());
}

#[test]
fn entities_are_exported_by_their_registry_code() {
    let mut l = ledger();
    ingest(
        &mut l,
        r#"{
  "targets": [
    {"indicator": "E1.L1.M1.A2.I2", "period": "2010", "entity": "mre", "value": "3"}
  ],
  "observations": [
    {"indicator": "E1.L1.M1.A2.I2", "period": "2009", "entity": "mre", "value": "1"},
    {"indicator": "E1.L1.M1.A2.I2", "period": "2010", "entity": "  Mre ", "value": "1"},
    {"indicator": "E2.L3.M2.A3.I1", "period": "2009", "entity": "Consulados", "value": "1"},
    {"indicator": "E2.L3.M2.A3.I1", "period": "2009", "entity": "registro civil", "value": "1"},
    {"indicator": "E2.L3.M2.A3.I1", "period": "2009", "entity": "Municipalidades", "value": "1"},
    {"indicator": "E2.L3.M2.A1.I1", "period": "2009", "entity": "Seccion de Desaparecidos", "value": "1"},
    {"indicator": "E4.L1.M1.A1.I3", "period": "2009", "entity": "congreso de la república", "value": "1"}
  ],
  "milestones": [
    {"indicator": "E1.L1.M4.A1.I1", "entity": "git", "achieved_on": "2010-01-01"}
  ],
  "submissions": [
    {"entity": "pgn", "kind": "annual", "period": "2009", "submitted_on": "2010-01-10"}
  ],
  "obligations": [
    {"entity": "Pgn", "kind": "annual", "from": 2008, "to": 2010}
  ]
}"#,
    );
    let out = l.export();
    assert_eq!(out.targets[0].entity.as_deref(), Some("MRE"));
    let codes: Vec<&str> = out.observations.iter().map(|o| o.entity.as_str()).collect();
    assert_eq!(
        codes,
        [
            "MRE",
            "MRE",
            "CONSULADOS",
            "REGISTRO-CIVIL",
            "MUNICIPALIDADES",
            "PNC-DESAPARECIDOS",
            "CONGRESO"
        ]
    );
    assert_eq!(out.milestones[0].entity, "GIT");
    assert_eq!(out.submissions[0].entity, "PGN");
    assert_eq!(out.obligations[0].entity, "PGN");
}
