//! The public view of an evaluation (SPEC §5): on the sample ledger as of
//! 2010-12-31 and 2017-12-31, on ledgers made to leak through an
//! explanation, across releases, and over random small ledgers, no public
//! output (JSON, CSV, SDMX-CSV) shows a sensitive count in 1..k−1, and the
//! engine's audit, run again on the statuses read back from the public CSV,
//! finds no suppressed value that the published relations determine.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use proptest::prelude::*;
use seguimiento::disclosure::{audit, PrimaryReason, Rational, SecondaryReason, Status};
use seguimiento::{
    evaluate, Config, Ledger, Mode, Plan, PublicConfig, PublicError, PublicView, Published,
    Scorecard,
};
use serde_json::Value;

const DEMO: &str = include_str!("../../seeds/demo-ledger.json");

fn demo_ledger() -> Ledger {
    ledger_of(DEMO)
}

fn ledger_of(json: &str) -> Ledger {
    let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
    let report = ledger
        .ingest_json(json, Mode::Strict)
        .unwrap_or_else(|e| panic!("ledger must ingest: {e}\n{json}"));
    assert!(report.rejections.is_empty());
    ledger
}

fn card(ledger: &Ledger, as_of: &str) -> Scorecard {
    let d = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
    evaluate(ledger.plan(), ledger, d, &Config::default()).unwrap()
}

fn view(ledger: &Ledger, as_of: &str, config: &PublicConfig) -> Result<PublicView, PublicError> {
    PublicView::build(ledger.plan(), ledger, &card(ledger, as_of), config)
}

/// Whether a value is a sensitive count the primary rule hides.
fn small(value: &Rational, sensitive: bool, k: u32) -> bool {
    sensitive && value.is_positive() && *value < Rational::from(k)
}

/// Every check of a public view; returns a description of the first
/// failure.
fn check_public(view: &PublicView) -> Result<(), String> {
    let k = view.k;
    let rel = view.relations();
    // The typed view.
    for ((key, shown), v) in view.values().into_iter().zip(rel.values()) {
        assert_eq!(key, v.key);
        if small(&v.value, v.sensitive, k) && !shown.is_confidential() {
            return Err(format!("{key} = {} is published", v.value));
        }
    }
    // The CSV: one row per value, in value order.
    let csv_text = view.to_csv();
    let mut csv_rows = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = csv_rows.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (key_col, value_col, conf_col) = (col("key"), col("value"), col("confidential"));
    let mut statuses = Vec::new();
    for (row, v) in csv_rows.records().zip(rel.values()) {
        let row = row.unwrap();
        if row[key_col] != v.key {
            return Err(format!("CSV row {} is not value {}", &row[key_col], v.key));
        }
        let confidential = &row[conf_col] == "true";
        if confidential != row[value_col].is_empty() {
            return Err(format!("CSV row {}: value and flag disagree", v.key));
        }
        if small(&v.value, v.sensitive, k) && !confidential {
            return Err(format!("CSV shows {} = {}", v.key, &row[value_col]));
        }
        statuses.push(match (confidential, small(&v.value, v.sensitive, k)) {
            (false, _) => Status::Published,
            (true, true) => Status::Primary(PrimaryReason::SmallCount),
            (true, false) => Status::Secondary(SecondaryReason::Elimination),
        });
    }
    if statuses.len() != rel.len() {
        return Err(format!(
            "CSV has {} rows for {} values",
            statuses.len(),
            rel.len()
        ));
    }
    // What the public CSV publishes determines no suppressed value, and
    // leaves every small count room to reach k.
    audit(rel, &statuses, k).map_err(|e| format!("audit of the public CSV: {e}"))?;
    // SDMX-CSV: the same rows, OBS_VALUE empty and CONF_STATUS C when
    // confidential.
    let sdmx_text = view.to_sdmx_csv();
    let mut sdmx = csv::Reader::from_reader(sdmx_text.as_bytes());
    let headers = sdmx.headers().unwrap().clone();
    assert_eq!(&headers[0], "STRUCTURE");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (obs, conf) = (col("OBS_VALUE"), col("CONF_STATUS"));
    for (row, status) in sdmx.records().zip(&statuses) {
        let row = row.unwrap();
        let expected = if status.is_suppressed() { "C" } else { "F" };
        if &row[conf] != expected || row[obs].is_empty() != status.is_suppressed() {
            return Err(format!("SDMX row {row:?} for {status:?}"));
        }
    }
    // The JSON: every controlled value agrees with the CSV; the social
    // audit's figures of sensitive indicators never show a small count.
    let json: Value = serde_json::from_str(&view.to_json()).unwrap();
    let confidential_keys: BTreeMap<&str, bool> = rel
        .values()
        .iter()
        .zip(&statuses)
        .map(|(v, s)| (v.key.as_str(), s.is_suppressed()))
        .collect();
    for cell in json["cells"].as_array().unwrap() {
        let key = cell["key"].as_str().unwrap();
        let shown_confidential = cell["value"] == "confidential";
        if confidential_keys.get(key) != Some(&shown_confidential) {
            return Err(format!("JSON cell {key} is {}", cell["value"]));
        }
    }
    for node in json["nodes"].as_array().unwrap() {
        let id = node["id"].as_str().unwrap();
        if let Some(score) = node["score"].as_str() {
            let key = format!("score|{id}");
            let hidden = confidential_keys
                .get(key.as_str())
                .copied()
                .unwrap_or(false);
            if hidden != (score == "confidential") {
                return Err(format!("JSON score of {id} is {score}"));
            }
        }
        for item in node["explanation"]["items"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let Some(period) = item["period"].as_str() else {
                continue;
            };
            let mut key = format!("value|{id}|{period}");
            if let Some(e) = item["entity"].as_str() {
                key = format!("{key}|{e}");
            }
            if let Some(value) = item["value"].as_str() {
                let hidden = confidential_keys
                    .get(key.as_str())
                    .copied()
                    .unwrap_or(false);
                if hidden != (value == "confidential") {
                    return Err(format!("JSON {key} is {value}"));
                }
            }
        }
    }
    let sensitive = |ind: &Value| {
        Plan::embedded()
            .indicator(ind.as_str().unwrap())
            .is_some_and(|i| i.sensitive)
    };
    let small_text = |v: &Value| {
        v.as_str()
            .and_then(|t| t.parse::<Rational>().ok())
            .is_some_and(|r| small(&r, true, k))
    };
    for d in json["discrepancies"].as_array().unwrap() {
        if sensitive(&d["indicator"])
            && (small_text(&d["official"]) || small_text(&d["verification"]))
        {
            return Err(format!("JSON discrepancy {d}"));
        }
    }
    for n in json["consistency"].as_array().unwrap() {
        if sensitive(&n["indicator"]) && (small_text(&n["total"]) || small_text(&n["cells_sum"])) {
            return Err(format!("JSON consistency note {n}"));
        }
    }
    if json["audit"]["k"] != k || json["pattern"]["suppressed"].as_array().is_none() {
        return Err("JSON lacks the audit or the pattern".into());
    }
    Ok(())
}

#[test]
fn the_sample_ledger_shows_no_small_count_and_nothing_that_gives_one_back() {
    let ledger = demo_ledger();
    for as_of in ["2010-12-31", "2017-12-31"] {
        let view = view(&ledger, as_of, &PublicConfig::new("demo"))
            .unwrap_or_else(|e| panic!("{as_of}: {e}"));
        check_public(&view).unwrap_or_else(|e| panic!("{as_of}: {e}"));
        // The sample has small counts, so the check above had work to do.
        assert!(
            view.audit.primary > 0 && view.audit.secondary > 0,
            "{as_of}"
        );
        assert_eq!(
            view.audit.published + view.audit.primary + view.audit.secondary,
            view.audit.values
        );
        assert_eq!(
            view.pattern.suppressed.len(),
            view.audit.primary + view.audit.secondary
        );
    }
}

#[test]
fn the_public_view_repeats_the_scorecard_where_nothing_is_suppressed() {
    let ledger = demo_ledger();
    let card = card(&ledger, "2017-12-31");
    let view =
        PublicView::build(ledger.plan(), &ledger, &card, &PublicConfig::new("demo")).unwrap();
    assert_eq!(view.nodes.len(), card.nodes.len());
    assert_eq!(view.entities.len(), card.entities.len());
    assert_eq!(view.reporting, card.reporting);
    for (public, node) in view.nodes.iter().zip(&card.nodes) {
        assert_eq!(public.id, node.id);
        assert_eq!(public.band, node.band);
        match (&public.score, node.score) {
            (Some(Published::Value(p)), Some(s)) => assert_eq!(*p, s),
            (Some(Published::Confidential), Some(_)) | (None, None) => {}
            other => panic!("{}: {other:?}", node.id),
        }
    }
    // The consistency note's reported total (41) and sum of cells (38)
    // are cells of the tables, published as the tables are.
    assert_eq!(view.consistency.len(), card.consistency.len());
    let note = &view.consistency[0];
    for (shown, key) in [
        (&note.total, "E4.L2.M2.A1.I1|2009|entidad|entidad=PGN"),
        (
            &note.cells_sum,
            "E4.L2.M2.A1.I1|2009|celdas|entidad=PGN|sexo=total|edad=total",
        ),
    ] {
        let status = view.status(key).unwrap();
        assert_eq!(shown.is_confidential(), status.is_suppressed(), "{key}");
    }
}

/// A ledger where one sensitive indicator (E3.L1.M1.A4.I3, victims in
/// education programmes) has a target and a small value in 2009.
fn leaky_ledger(target: u32, value: u32) -> Ledger {
    ledger_of(&format!(
        r#"{{
  "targets": [{{"indicator": "E3.L1.M1.A4.I3", "period": "2009", "value": "{target}"}}],
  "observations": [
    {{"indicator": "E3.L1.M1.A4.I3", "period": "2009", "entity": "MINEDUC", "value": "{value}"}},
    {{"indicator": "E1.L1.M2.A2.I3", "period": "2009", "entity": "GIT", "value": "8"}}
  ]
}}"#
    ))
}

#[test]
fn an_achievement_below_one_never_gives_a_small_value_back() {
    // a = 7/40 = 0.175: with B = 0 and T = 40 published, a gives A = 7.
    let ledger = leaky_ledger(40, 7);
    let view = view(&ledger, "2009-12-31", &PublicConfig::new("leak")).unwrap();
    check_public(&view).unwrap();
    let node = view
        .nodes
        .iter()
        .find(|n| n.id == "E3.L1.M1.A4.I3")
        .unwrap();
    let seguimiento::PublicExplanation::Indicator { items } = &node.explanation else {
        panic!("an indicator's explanation");
    };
    let seguimiento::PublicItem::Target {
        value, achievement, ..
    } = &items[0]
    else {
        panic!("a target item");
    };
    assert_eq!(value, &Some(Published::Confidential));
    assert_eq!(achievement, &Some(Published::Confidential));
    // The indicator's score is its one achievement, and its band stays.
    assert_eq!(node.score, Some(Published::Confidential));
    assert_eq!(node.band, seguimiento::Band::Red);
    let json = view.to_json();
    assert!(!json.contains("\"0.175000\""), "{json}");
    assert!(!json.contains("\"value\": \"7\""), "{json}");
}

#[test]
fn a_clamped_achievement_and_its_small_value_are_suppressed_together() {
    // A = 8 ≥ T = 5: a = 1 says only A ≥ 5, but A is a small count; the
    // value and its achievement are one protected unit.
    let ledger = leaky_ledger(5, 8);
    let view = view(&ledger, "2009-12-31", &PublicConfig::new("clamped")).unwrap();
    check_public(&view).unwrap();
    assert!(view
        .status("value|E3.L1.M1.A4.I3|2009")
        .unwrap()
        .is_suppressed());
    assert_eq!(
        view.status("achievement|E3.L1.M1.A4.I3|2009"),
        Some(Status::Primary(PrimaryReason::Marked))
    );
}

#[test]
fn a_sensitive_indicator_can_be_left_public_by_the_configuration() {
    let ledger = leaky_ledger(40, 7);
    let mut config = PublicConfig::new("none");
    config.sensitive = Some(Default::default());
    let view = view(&ledger, "2009-12-31", &config).unwrap();
    assert_eq!(view.audit.primary + view.audit.secondary, 0);
    assert!(view.cells.is_empty());
}

#[test]
fn earlier_suppressions_are_kept_and_small_revisions_suppressed() {
    let ledger = demo_ledger();
    let first = view(&ledger, "2010-12-31", &PublicConfig::new("2010")).unwrap();
    let plain = view(&ledger, "2017-12-31", &PublicConfig::new("2017")).unwrap();
    // A key published in 2017 on its own, to be suppressed by an earlier
    // pattern: the largest published inner cell of the cell tables.
    let kept = plain
        .cells
        .iter()
        .filter(|c| c.table.ends_with("|celdas") && !c.value.is_confidential())
        .filter(|c| c.coordinates.iter().all(|(_, code)| code != "total"))
        .max_by_key(|c| *c.value.value().unwrap())
        .unwrap()
        .key
        .clone();
    let mut earlier = first.pattern.clone();
    earlier.suppressed.insert(kept.clone());
    // A published sensitive value revised since by less than k: another
    // published inner cell.
    let revised = plain
        .cells
        .iter()
        .filter(|c| c.table.ends_with("|celdas") && !c.value.is_confidential())
        .filter(|c| c.coordinates.iter().all(|(_, code)| code != "total") && c.key != kept)
        .find(|c| {
            c.value
                .value()
                .is_some_and(|v| *v > rust_decimal::Decimal::from(4))
        })
        .unwrap()
        .key
        .clone();
    let revised = revised.as_str();
    let now = plain
        .relations()
        .value(plain.relations().id(revised).unwrap())
        .value
        .clone();
    let mut earlier_published = first.published_values();
    earlier_published.insert(revised.to_string(), &now - &Rational::integer(4));
    let config = PublicConfig {
        earlier_patterns: vec![earlier.clone()],
        earlier_published,
        ..PublicConfig::new("2017")
    };
    let second = view(&ledger, "2017-12-31", &config).unwrap();
    check_public(&second).unwrap();
    for key in &earlier.suppressed {
        if let Some(status) = second.status(key) {
            assert!(status.is_suppressed(), "{key} was suppressed in 2010");
        }
    }
    assert_eq!(
        second.status(&kept),
        Some(Status::Secondary(SecondaryReason::EarlierRelease))
    );
    assert_eq!(
        second.status(revised),
        Some(Status::Primary(PrimaryReason::Revision))
    );
    // Without the earlier release, neither would be.
    assert_eq!(plain.status(&kept), Some(Status::Published));
}

#[test]
fn an_earlier_suppression_of_a_value_now_zero_is_not_a_repeat() {
    let ledger = demo_ledger();
    let plain = view(&ledger, "2017-12-31", &PublicConfig::new("2017")).unwrap();
    let zero = plain
        .cells
        .iter()
        .find(|c| c.value == Published::Value(rust_decimal::Decimal::ZERO))
        .unwrap()
        .key
        .clone();
    let mut earlier = plain.pattern.clone();
    earlier.suppressed.insert(zero.clone());
    let config = PublicConfig {
        earlier_patterns: vec![earlier],
        ..PublicConfig::new("2017")
    };
    let again = view(&ledger, "2017-12-31", &config).unwrap();
    check_public(&again).unwrap();
    assert_eq!(again.status(&zero), Some(Status::Published));
    // Every other key of the pattern stays suppressed.
    assert_eq!(again.pattern, plain.pattern);
}

#[test]
fn a_refused_release_names_the_value() {
    // k so large that a lone entity's count cannot be hidden under a grand
    // total it equals.
    let ledger = leaky_ledger(40, 7);
    let mut config = PublicConfig::new("refused");
    config.k = 1_000_000;
    let error = view(&ledger, "2009-12-31", &config).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("\"refused\""), "{text}");
    assert!(text.contains("E3.L1.M1.A4.I3"), "{text}");
}

// ---------------------------------------------------------------------------
// Random small ledgers
// ---------------------------------------------------------------------------

const SEXO: [&str; 2] = ["mujer", "hombre"];
const EDAD: [&str; 5] = ["0-12", "13-17", "18-29", "30-59", "60+"];

#[derive(Debug, Clone)]
struct Small {
    /// E3.L1.M1.A4.I3 per year 2008..=2010, MINEDUC and SBS.
    yearly: Vec<(u8, u8)>,
    /// Its 2009 and 2010 targets.
    targets: (u16, u16),
    /// E4.L2.M2.A1.I1 cells per year (MP), sexo × edad; PGN's total.
    cells: Vec<(Vec<u8>, Option<u8>)>,
    /// E4.L2.M2.A1.I1's 2010 target.
    cell_target: u16,
    /// E2.L3.M2.A4.I2 monthly (DGM) in 2010.
    monthly: Vec<u8>,
}

fn small_ledger() -> impl Strategy<Value = Small> {
    (
        prop::collection::vec((0u8..25, 0u8..25), 3),
        (1u16..80, 1u16..80),
        prop::collection::vec(
            (
                prop::collection::vec(0u8..15, 10),
                prop::option::of(0u8..40),
            ),
            3,
        ),
        1u16..200,
        prop::collection::vec(0u8..9, 12),
    )
        .prop_map(|(yearly, targets, cells, cell_target, monthly)| Small {
            yearly,
            targets,
            cells,
            cell_target,
            monthly,
        })
}

fn small_json(s: &Small) -> String {
    let mut obs = Vec::new();
    for (i, (a, b)) in s.yearly.iter().enumerate() {
        let year = 2008 + i;
        obs.push(format!(r#"{{"indicator": "E3.L1.M1.A4.I3", "period": "{year}", "entity": "MINEDUC", "value": "{a}"}}"#));
        obs.push(format!(r#"{{"indicator": "E3.L1.M1.A4.I3", "period": "{year}", "entity": "SBS", "value": "{b}"}}"#));
    }
    for (i, (cells, pgn)) in s.cells.iter().enumerate() {
        let year = 2008 + i;
        for (j, v) in cells.iter().enumerate() {
            let (sexo, edad) = (SEXO[j / 5], EDAD[j % 5]);
            obs.push(format!(
                r#"{{"indicator": "E4.L2.M2.A1.I1", "period": "{year}", "entity": "MP", "cell": {{"sexo": "{sexo}", "edad": "{edad}"}}, "value": "{v}"}}"#
            ));
        }
        if let Some(p) = pgn {
            obs.push(format!(r#"{{"indicator": "E4.L2.M2.A1.I1", "period": "{year}", "entity": "PGN", "value": "{p}"}}"#));
        }
    }
    for (m, v) in s.monthly.iter().enumerate() {
        obs.push(format!(
            r#"{{"indicator": "E2.L3.M2.A4.I2", "period": "2010-{:02}", "entity": "DGM", "value": "{v}"}}"#,
            m + 1
        ));
    }
    let (t9, t10) = s.targets;
    format!(
        r#"{{"targets": [
  {{"indicator": "E3.L1.M1.A4.I3", "period": "2009", "value": "{t9}"}},
  {{"indicator": "E3.L1.M1.A4.I3", "period": "2010", "value": "{t10}"}},
  {{"indicator": "E4.L2.M2.A1.I1", "period": "2010", "value": "{}"}}
], "observations": [{}]}}"#,
        s.cell_target,
        obs.join(",\n")
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn no_public_output_of_a_random_ledger_shows_a_small_count(s in small_ledger()) {
        let ledger = ledger_of(&small_json(&s));
        match view(&ledger, "2010-12-31", &PublicConfig::new("random")) {
            Ok(v) => {
                if let Err(e) = check_public(&v) {
                    prop_assert!(false, "{}\n{}", e, small_json(&s));
                }
            }
            // A release the engine cannot protect is refused, never shown.
            Err(PublicError::Refused { .. } | PublicError::Disclosure { .. }) => {}
            Err(e) => prop_assert!(false, "{}", e),
        }
    }
}

#[test]
fn the_audit_of_the_check_catches_a_pattern_with_only_primary_suppression() {
    // The check above re-audits the statuses read from the public CSV; it
    // would fail if only the small counts were withheld, since the margins
    // and roll-ups the sample publishes then give them back.
    let ledger = demo_ledger();
    let view = view(&ledger, "2017-12-31", &PublicConfig::new("demo")).unwrap();
    let rel = view.relations();
    let primary_only: Vec<Status> = rel
        .values()
        .iter()
        .map(|v| {
            if small(&v.value, v.sensitive, view.k) {
                Status::Primary(PrimaryReason::SmallCount)
            } else {
                Status::Published
            }
        })
        .collect();
    let refused = audit(rel, &primary_only, view.k).unwrap_err();
    assert!(refused.to_string().contains("release refused"), "{refused}");
}

#[test]
fn a_release_naming_an_indicator_the_plan_lacks_is_refused() {
    let mut config = PublicConfig::from_json(
        r#"{"release": "2010-annual", "sensitive": ["E4.L2.M2.A1.I1", "E9.L1.M1.A1.I1"]}"#,
    )
    .unwrap();
    let ledger = demo_ledger();
    match view(&ledger, "2010-12-31", &config) {
        Err(PublicError::UnknownIndicator { release, id }) => {
            assert_eq!(
                (release.as_str(), id.as_str()),
                ("2010-annual", "E9.L1.M1.A1.I1")
            );
        }
        other => panic!("{other:?}"),
    }
    config.sensitive = Some(["E4.L2.M2.A1.I1".to_string()].into_iter().collect());
    let only_one = view(&ledger, "2010-12-31", &config).unwrap();
    assert!(only_one
        .cells
        .iter()
        .all(|cell| cell.indicator == "E4.L2.M2.A1.I1"));
}

#[test]
fn a_threshold_outside_the_configuration_range_is_refused_from_code_too() {
    // JSON configurations are checked as they are read; a configuration
    // built in code reaches `build` unchecked, and k = 1 would publish every
    // small count.
    let ledger = demo_ledger();
    for k in [0, 1, PublicConfig::MAX_K + 1] {
        let mut config = PublicConfig::new("2010-annual");
        config.k = k;
        match view(&ledger, "2010-12-31", &config) {
            Err(error @ PublicError::KOutOfRange { .. }) => {
                let message = error.to_string();
                assert!(
                    message.starts_with(&format!(
                        "public release \"2010-annual\": k = {k} is outside 2 to 1000000"
                    )),
                    "{message}"
                );
            }
            other => panic!("k = {k}: {other:?}"),
        }
    }
    let mut config = PublicConfig::new("2010-annual");
    config.k = PublicConfig::MIN_K;
    assert_eq!(view(&ledger, "2010-12-31", &config).unwrap().k, 2);
}

#[test]
fn a_suppressed_score_is_audited_within_its_shown_band() {
    // The score, a = 7/40, is suppressed and shows red (below 0.60): a
    // reader knows it is at most 0.599999. The score rounds the achievement,
    // which rounds A/40, each within half a millionth, so A ≤ 40 × 0.6 = 24
    // where it was ≤ 40 without the band: narrower, still above k.
    let ledger = leaky_ledger(40, 7);
    let view = view(&ledger, "2009-12-31", &PublicConfig::new("band")).unwrap();
    let interval = |key: &str| {
        view.intervals()
            .iter()
            .find(|i| i.key == key)
            .unwrap_or_else(|| panic!("no interval for {key}"))
            .clone()
    };
    let score = interval("score|E3.L1.M1.A4.I3");
    assert_eq!(score.lower, Rational::ZERO);
    assert_eq!(
        score.upper,
        Some(Rational::new(599_999, 1_000_000).unwrap())
    );
    let count = interval("value|E3.L1.M1.A4.I3|2009");
    assert_eq!(count.upper, Some(Rational::integer(24)));
    // The release's audit names the narrowed bounds, and passes.
    check_public(&view).unwrap();
}

#[test]
fn the_ranking_is_known_to_the_audit() {
    // The sample ledger ranks many institutions: each ranked score is an
    // order (or a shared rank, an equality) with the next one of its group.
    let ledger = demo_ledger();
    let card = card(&ledger, "2017-12-31");
    let view = view(&ledger, "2017-12-31", &PublicConfig::new("ranking")).unwrap();
    let rel = view.relations();
    let key = |id: seguimiento::disclosure::ValueId| rel.value(id).key.clone();
    let orders: Vec<(String, String)> = rel
        .orders()
        .iter()
        .map(|o| (key(o.higher), key(o.lower)))
        .collect();
    let ties = rel
        .relations()
        .iter()
        .filter(|r| r.label.starts_with("rank shared by"))
        .count();
    let ranked: Vec<_> = card.rankings.iter().filter(|r| r.rank.is_some()).collect();
    let pairs = ranked
        .windows(2)
        .filter(|w| w[0].group == w[1].group)
        .count();
    assert!(pairs > 3, "{pairs}");
    assert_eq!(orders.len() + ties, pairs);
    for (higher, lower) in &orders {
        let value = |k: &str| rel.value(rel.id(k).unwrap()).value.clone();
        assert!(value(higher) > value(lower), "{higher} {lower}");
    }
    check_public(&view).unwrap();
}
