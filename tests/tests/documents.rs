//! The public documents of the sample ledger: the 2010 annual report and
//! the 2009-2010 biannual evaluation in Spanish and English, pinned as
//! golden HTML in `tests/golden/`, read back and compared with the plan and
//! the public views they came from.
//!
//! After an intended change of a document, regenerate the files with
//! `UPDATE_GOLDEN=1 cargo test -p seguimiento-tests --test documents` and
//! review the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use seguimiento::{
    annual_report, biannual_evaluation, evaluate_many, AnnualOptions, Config, DocumentError,
    EvaluationOptions, Fingerprints, Ledger, Mode, Plan, PublicConfig, PublicExplanation,
    PublicItem, PublicView, Published, EMBEDDED_PLAN_JSON,
};
use seguimiento_report::format::{self, Lang};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn sample_text() -> String {
    std::fs::read_to_string(root().join("seeds/demo-ledger.json")).expect("the sample ledger")
}

fn ledger_of(text: &str) -> Ledger {
    let plan = Arc::new(Plan::embedded());
    let mut ledger = Ledger::new(plan);
    ledger
        .ingest_json(text, Mode::Strict)
        .expect("a valid ledger");
    ledger
}

/// The fingerprints the command prints for the sample with the defaults.
fn fingerprints(ledger_text: &str) -> Fingerprints {
    Fingerprints::of(
        EMBEDDED_PLAN_JSON.as_bytes(),
        ledger_text.as_bytes(),
        Config::default().to_json().as_bytes(),
    )
}

fn annual_html(ledger: &Ledger, ledger_text: &str, year: i32, lang: Lang) -> String {
    let options = AnnualOptions::new(year, fingerprints(ledger_text));
    let model = annual_report(ledger.plan(), ledger, &options).expect("the annual report");
    seguimiento_report::render("annual.html", lang, &model).unwrap_or_else(|e| panic!("{e}"))
}

fn evaluation_html(ledger: &Ledger, ledger_text: &str, first: i32, lang: Lang) -> String {
    let options = EvaluationOptions::new(first, first + 1, fingerprints(ledger_text));
    let model = biannual_evaluation(ledger.plan(), ledger, &options).expect("the evaluation");
    seguimiento_report::render("evaluation.html", lang, &model).unwrap_or_else(|e| panic!("{e}"))
}

fn tag(lang: Lang) -> &'static str {
    match lang {
        Lang::EsGt => "es-GT",
        Lang::En => "en",
    }
}

fn check_golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("a directory")).expect("tests/golden");
        std::fs::write(&path, actual).expect("write the golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} differs; if the change is intended, run UPDATE_GOLDEN=1 cargo test -p \
         seguimiento-tests --test documents and review the diff",
        path.display()
    );
}

/// The public views of the year ends 2007..=`year`, released in a chain as
/// the documents release them (each given the earlier patterns and
/// published values).
fn views(ledger: &Ledger, year: i32) -> Vec<PublicView> {
    let plan = ledger.plan();
    let (first, _) = plan.horizon().expect("years");
    let dates: Vec<NaiveDate> = (first..=year)
        .map(|y| NaiveDate::from_ymd_opt(y, 12, 31).expect("a date"))
        .collect();
    let cards = evaluate_many(plan, ledger, &dates, &Config::default()).expect("scorecards");
    let mut out: Vec<PublicView> = Vec::new();
    for (y, card) in (first..=year).zip(&cards) {
        let mut config = PublicConfig::new(format!("{y}-annual"));
        for earlier in &out {
            config.earlier_patterns.push(earlier.pattern.clone());
            config.earlier_published.extend(earlier.published_values());
        }
        out.push(PublicView::build(plan, ledger, card, &config).expect("a release"));
    }
    out
}

fn parse(html: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(html, options)
        .unwrap_or_else(|e| panic!("not well-formed: {e}"))
}

fn text_of(node: roxmltree::Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .map(|n| n.text().unwrap_or(""))
        .collect()
}

/// How the document writes a score, a figure, confidential or no data.
struct Words {
    lang: Lang,
    confidential: String,
    no_data: String,
}

impl Words {
    fn of(lang: Lang) -> Words {
        let word = |key| seguimiento_report::i18n::t(lang, key, &[]).expect("a message");
        Words {
            lang,
            confidential: word("value-confidential"),
            no_data: word("value-no-data"),
        }
    }

    fn score<T: Copy + Into<Decimal>>(&self, v: Option<Published<T>>) -> String {
        match v {
            None => self.no_data.clone(),
            Some(Published::Confidential) => self.confidential.clone(),
            Some(Published::Value(s)) => format::percent(s.into(), self.lang).expect("a score"),
        }
    }

    fn figure(&self, v: Option<Published<Decimal>>) -> String {
        match v {
            None => self.no_data.clone(),
            Some(Published::Confidential) => self.confidential.clone(),
            Some(Published::Value(d)) => format::number(d, self.lang),
        }
    }
}

/// A score as a decimal, for the checks.
#[derive(Clone, Copy)]
struct Fraction(Decimal);

impl From<Fraction> for Decimal {
    fn from(f: Fraction) -> Decimal {
        f.0
    }
}

fn fraction(s: Option<Published<seguimiento::Score>>) -> Option<Published<Fraction>> {
    s.map(|p| p.map(|s| Fraction(s.to_decimal())))
}

/// Every figure of `html` tagged with its origin agrees with the public
/// views (`now` the document's year, `before` the year before), and no
/// sensitive count the primary rule hides is shown. Returns how many
/// figures were checked.
fn check_figures(html: &str, lang: Lang, now: &PublicView, before: Option<&PublicView>) -> usize {
    let words = Words::of(lang);
    let doc = parse(html);
    let nodes: BTreeMap<&str, &seguimiento::PublicNode> =
        now.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let cells: BTreeMap<&str, Published<Decimal>> = now
        .cells
        .iter()
        .map(|c| (c.key.as_str(), c.value))
        .collect();
    let small: BTreeSet<&str> = now
        .relations()
        .values()
        .iter()
        .filter(|v| {
            v.sensitive
                && v.value.is_positive()
                && v.value < seguimiento::disclosure::Rational::from(now.k)
        })
        .map(|v| v.key.as_str())
        .collect();
    let mut checked = 0;
    for element in doc.descendants().filter(|n| n.is_element()) {
        let field = element.attribute("data-field");
        let shown = text_of(element);
        let expected = if let Some(key) = element.attribute("data-key") {
            assert!(
                !small.contains(key) || shown == words.confidential,
                "{key}: {shown}"
            );
            words.figure(Some(*cells.get(key).unwrap_or_else(|| panic!("{key}"))))
        } else if let Some(code) = element.attribute("data-entity") {
            let entity = now.entities.iter().find(|e| e.code == code).expect(code);
            words.score(fraction(entity.score))
        } else if let Some(kind) = element.attribute("data-audit") {
            let i: usize = element
                .attribute("data-item")
                .expect("item")
                .parse()
                .expect("index");
            let value = match (kind, field.expect("field")) {
                ("discrepancy", "official") => now.discrepancies[i].official,
                ("discrepancy", _) => now.discrepancies[i].verification,
                ("consistency", "total") => now.consistency[i].total,
                (_, _) => now.consistency[i].cells_sum,
            };
            words.figure(Some(value))
        } else if let Some(id) = element.attribute("data-node") {
            let node = nodes.get(id).unwrap_or_else(|| panic!("{id}"));
            if let Some(item) = element.attribute("data-item") {
                let i: usize = item.parse().expect("index");
                let PublicExplanation::Indicator { items } = &node.explanation else {
                    panic!("{id} has no items");
                };
                match (&items[i], field) {
                    (
                        PublicItem::Target {
                            value,
                            period,
                            entity,
                            ..
                        },
                        Some("value"),
                    ) => {
                        let key = match entity {
                            Some(e) => format!("value|{id}|{period}|{e}"),
                            None => format!("value|{id}|{period}"),
                        };
                        assert!(!small.contains(key.as_str()) || shown == words.confidential);
                        words.figure(*value)
                    }
                    (PublicItem::Target { achievement, .. }, _)
                    | (PublicItem::Milestone { achievement, .. }, _) => {
                        words.score(fraction(*achievement))
                    }
                }
            } else {
                match field.expect("a field") {
                    "score" | "end_score" => words.score(fraction(node.score)),
                    "coverage" => {
                        words.score(Some(Published::Value(Fraction(node.coverage.to_decimal()))))
                    }
                    "previous_score" | "start_score" => {
                        let prev = before.expect("a year before");
                        let n = prev.nodes.iter().find(|n| n.id == id).expect("node");
                        words.score(fraction(n.score))
                    }
                    "change" => {
                        let prev = before.expect("a year before");
                        let then = prev.nodes.iter().find(|n| n.id == id).expect("node").score;
                        match (node.score, then) {
                            (Some(Published::Value(a)), Some(Published::Value(b))) => {
                                format::points(a.to_decimal() - b.to_decimal(), lang)
                                    .expect("a change")
                            }
                            (Some(_), Some(_)) => words.confidential.clone(),
                            _ => words.no_data.clone(),
                        }
                    }
                    other => panic!("unknown field {other}"),
                }
            }
        } else {
            continue;
        };
        assert_eq!(
            shown,
            expected,
            "{:?}",
            element.attributes().collect::<Vec<_>>()
        );
        checked += 1;
    }
    checked
}

/// The text of every plan node the document quotes is the plan's own.
fn check_plan_texts(html: &str, plan: &Plan) -> usize {
    let doc = parse(html);
    let mut checked = 0;
    for element in doc
        .descendants()
        .filter(|n| n.has_attribute("data-plan-node"))
    {
        let id = element.attribute("data-plan-node").expect("an id");
        let verbatim = if id == plan.document().id {
            plan.document().title.clone()
        } else {
            plan.node(id)
                .unwrap_or_else(|| panic!("{id} is not in the plan"))
                .text()
                .to_string()
        };
        assert_eq!(text_of(element), verbatim, "{id}");
        checked += 1;
    }
    checked
}

#[test]
fn the_sample_annual_report_2010_matches_its_golden_files() {
    let text = sample_text();
    let ledger = ledger_of(&text);
    for lang in [Lang::EsGt, Lang::En] {
        let html = annual_html(&ledger, &text, 2010, lang);
        check_golden(&format!("annual-2010-{}.html", tag(lang)), &html);
    }
}

#[test]
fn the_sample_evaluation_2009_2010_matches_its_golden_files() {
    let text = sample_text();
    let ledger = ledger_of(&text);
    for lang in [Lang::EsGt, Lang::En] {
        let html = evaluation_html(&ledger, &text, 2009, lang);
        check_golden(&format!("evaluation-2009-2010-{}.html", tag(lang)), &html);
    }
}

#[test]
fn the_documents_are_byte_identical_across_runs() {
    let text = sample_text();
    let first = annual_html(&ledger_of(&text), &text, 2010, Lang::EsGt);
    let second = annual_html(&ledger_of(&text), &text, 2010, Lang::EsGt);
    assert!(first == second);
    let first = evaluation_html(&ledger_of(&text), &text, 2009, Lang::En);
    let second = evaluation_html(&ledger_of(&text), &text, 2009, Lang::En);
    assert!(first == second);
}

#[test]
fn every_figure_of_the_sample_evaluation_is_the_public_view_s() {
    let text = sample_text();
    let ledger = ledger_of(&text);
    let views = views(&ledger, 2010);
    // The end (2010) and the start (the end of 2008).
    let (end, start) = (&views[3], &views[1]);
    for lang in [Lang::EsGt, Lang::En] {
        let html = evaluation_html(&ledger, &text, 2009, lang);
        let checked = check_figures(&html, lang, end, Some(start));
        // Start, end and change of the plan, every axis and action; the
        // window targets.
        assert!(checked > 3 * 66, "only {checked} figures checked");
        assert!(check_plan_texts(&html, ledger.plan()) > 1 + 5 + 61);
        // The follow-up of the 2007/2008 recommendations, as known at the end.
        assert!(html.contains("EV-2008-06"));
    }
}

#[test]
fn an_evaluation_is_of_two_consecutive_years_of_the_plan() {
    let text = sample_text();
    let ledger = ledger_of(&text);
    let options = EvaluationOptions::new(2009, 2011, fingerprints(&text));
    assert_eq!(
        biannual_evaluation(ledger.plan(), &ledger, &options).unwrap_err(),
        DocumentError::NotABiennium {
            first: 2009,
            last: 2011
        }
    );
    let options = EvaluationOptions::new(2017, 2018, fingerprints(&text));
    assert!(matches!(
        biannual_evaluation(ledger.plan(), &ledger, &options),
        Err(DocumentError::YearOutsidePlan { year: 2018, .. })
    ));
    // The final evaluation: the plan's whole period, no start, and the
    // follow-up of every earlier evaluation's recommendations.
    let options = EvaluationOptions::new(2007, 2017, fingerprints(&text));
    let model = biannual_evaluation(ledger.plan(), &ledger, &options).expect("2007-2017");
    assert!(model.final_evaluation);
    assert_eq!(model.start_as_of, None);
    let followed: usize = model
        .follow_up
        .iter()
        .map(|i| i.recommendations.len())
        .sum();
    let recorded = ledger.export().recommendations.len();
    assert_eq!(followed, recorded);
    let html = seguimiento_report::render("evaluation.html", Lang::En, &model).expect("rendered");
    assert!(
        html.contains("<h1>Final evaluation 2007"),
        "{}",
        &html[..2000]
    );
    // The first biennium has no start to compare with: no start score.
    let options = EvaluationOptions::new(2007, 2008, fingerprints(&text));
    let model = biannual_evaluation(ledger.plan(), &ledger, &options).expect("2007-2008");
    assert_eq!(model.start_as_of, None);
    assert!(model.axes.iter().all(|a| a.start_score.is_none()));
}

#[test]
fn every_figure_of_the_sample_annual_report_is_the_public_view_s() {
    let text = sample_text();
    let ledger = ledger_of(&text);
    let views = views(&ledger, 2010);
    let (now, before) = (&views[views.len() - 1], &views[views.len() - 2]);
    for lang in [Lang::EsGt, Lang::En] {
        let html = annual_html(&ledger, &text, 2010, lang);
        let checked = check_figures(&html, lang, now, Some(before));
        // Scores of every node and item, the tables of victims, the ranking.
        assert!(checked > 500, "only {checked} figures checked");
        // The sample has confidential counts, and the report shows them so.
        let confidential = Words::of(lang).confidential;
        assert!(html.contains(&format!(
            "<span class=\"confidential\">{confidential}</span>"
        )));
    }
}

/// Percent-decoding of a `data:` URI's data.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("a byte"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn the_annual_report_carries_its_release_as_csv_json_and_sdmx() {
    let text = sample_text();
    let ledger = ledger_of(&text);
    let views = views(&ledger, 2010);
    let now = &views[3];
    let html = annual_html(&ledger, &text, 2010, Lang::En);
    let doc = parse(&html);
    let download = |name: &str| {
        let link = doc
            .descendants()
            .find(|n| n.attribute("download") == Some(name))
            .unwrap_or_else(|| panic!("no {name}"));
        let href = link.attribute("href").expect("an href");
        let (_, data) = href.split_once(',').expect("a data URI");
        percent_decode(data)
    };
    assert_eq!(download("2010-annual.csv"), now.to_csv());
    assert_eq!(download("2010-annual.sdmx.csv"), now.to_sdmx_csv());
    let json: serde_json::Value =
        serde_json::from_str(&download("2010-annual.json")).expect("JSON");
    let expected: serde_json::Value = serde_json::from_str(&now.to_json()).expect("JSON");
    assert_eq!(json, expected);
}

#[test]
fn the_documents_are_self_contained_with_unique_ids() {
    let text = sample_text();
    let ledger = ledger_of(&text);
    for html in [
        annual_html(&ledger, &text, 2010, Lang::EsGt),
        evaluation_html(&ledger, &text, 2009, Lang::En),
    ] {
        let doc = parse(&html);
        let mut ids = BTreeSet::new();
        for element in doc.descendants().filter(|n| n.is_element()) {
            assert_ne!(element.tag_name().name(), "script");
            if let Some(id) = element.attribute("id") {
                assert!(ids.insert(id.to_string()), "id {id} twice");
            }
            assert_eq!(element.attribute("src"), None);
            if let Some(href) = element.attribute("href") {
                assert!(href.starts_with('#') || href.starts_with("data:"), "{href}");
            }
        }
    }
}

#[test]
fn each_protected_table_adds_up_to_its_own_total() {
    let text = sample_text();
    let ledger = ledger_of(&text);
    let model = annual_report(
        ledger.plan(),
        &ledger,
        &AnnualOptions::new(2010, fingerprints(&text)),
    )
    .expect("the annual report");
    let mut complete = 0;
    for sensitive in &model.victims {
        for table in &sensitive.tables {
            let total = table.total.as_ref().expect("a total");
            let (Published::Value(total), Some(rows)) = (
                &total.value,
                table
                    .rows
                    .iter()
                    .map(|r| {
                        r.value
                            .value()
                            .map(|v| v.parse::<Decimal>().expect("a count"))
                    })
                    .collect::<Option<Vec<Decimal>>>(),
            ) else {
                continue;
            };
            let sum: Decimal = rows.iter().sum();
            assert_eq!(
                sum.to_string(),
                *total,
                "{} by {}",
                sensitive.indicator,
                table.dimension
            );
            complete += 1;
        }
    }
    assert!(complete >= 4, "{complete}");
}

#[test]
fn the_plan_texts_of_the_annual_report_are_verbatim_and_marked_spanish_in_english() {
    let text = sample_text();
    let ledger = ledger_of(&text);
    let plan = Plan::embedded();
    for lang in [Lang::EsGt, Lang::En] {
        let html = annual_html(&ledger, &text, 2010, lang);
        let checked = check_plan_texts(&html, &plan);
        // Every axis, line, goal, action and indicator, and the title.
        let nodes = plan.action_count() + plan.indicator_count();
        assert!(checked > nodes, "{checked} of {nodes}");
        if lang == Lang::En {
            let doc = parse(&html);
            for element in doc
                .descendants()
                .filter(|n| n.has_attribute("data-plan-node"))
            {
                let span = element.first_element_child().expect("a span");
                assert_eq!(span.attribute("lang"), Some("es"));
            }
        }
    }
}

#[test]
fn a_year_outside_the_plan_is_refused() {
    let text = sample_text();
    let ledger = ledger_of(&text);
    let options = AnnualOptions::new(2030, fingerprints(&text));
    let error = annual_report(ledger.plan(), &ledger, &options).unwrap_err();
    assert_eq!(
        error,
        DocumentError::YearOutsidePlan {
            year: 2030,
            first: 2007,
            last: 2017
        }
    );
}

const SEXO: [&str; 2] = ["hombre", "mujer"];
const EDAD: [&str; 5] = ["0-12", "13-17", "18-29", "30-59", "60+"];

/// A random ledger of small counts of sensitive indicators (as the public
/// view's tests draw them): yearly counts of two entities, cells by sexo and
/// edad, monthly counts.
fn small_json(yearly: &[(u8, u8)], cells: &[Vec<u8>], monthly: &[u8]) -> String {
    let mut obs = Vec::new();
    for (i, (a, b)) in yearly.iter().enumerate() {
        let year = 2008 + i;
        obs.push(format!(r#"{{"indicator": "E3.L1.M1.A4.I3", "period": "{year}", "entity": "MINEDUC", "value": "{a}"}}"#));
        obs.push(format!(r#"{{"indicator": "E3.L1.M1.A4.I3", "period": "{year}", "entity": "SBS", "value": "{b}"}}"#));
    }
    for (i, values) in cells.iter().enumerate() {
        let year = 2008 + i;
        for (j, v) in values.iter().enumerate() {
            let (sexo, edad) = (SEXO[j / 5], EDAD[j % 5]);
            obs.push(format!(
                r#"{{"indicator": "E4.L2.M2.A1.I1", "period": "{year}", "entity": "MP", "cell": {{"sexo": "{sexo}", "edad": "{edad}"}}, "value": "{v}"}}"#
            ));
        }
    }
    for (m, v) in monthly.iter().enumerate() {
        obs.push(format!(
            r#"{{"indicator": "E2.L3.M2.A4.I2", "period": "2010-{:02}", "entity": "DGM", "value": "{v}"}}"#,
            m + 1
        ));
    }
    format!(
        r#"{{"targets": [
  {{"indicator": "E3.L1.M1.A4.I3", "period": "2009", "value": "30"}},
  {{"indicator": "E3.L1.M1.A4.I3", "period": "2010", "value": "40"}},
  {{"indicator": "E4.L2.M2.A1.I1", "period": "2010", "value": "100"}}
], "observations": [{}]}}"#,
        obs.join(",\n")
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn no_document_of_a_random_ledger_shows_a_small_count(
        yearly in prop::collection::vec((0u8..25, 0u8..25), 3),
        cells in prop::collection::vec(prop::collection::vec(0u8..15, 10), 3),
        monthly in prop::collection::vec(0u8..9, 12),
    ) {
        let text = small_json(&yearly, &cells, &monthly);
        let ledger = ledger_of(&text);
        let options = AnnualOptions::new(2010, fingerprints(&text));
        match annual_report(ledger.plan(), &ledger, &options) {
            Ok(model) => {
                let views = views(&ledger, 2010);
                let html = seguimiento_report::render("annual.html", Lang::EsGt, &model)
                    .expect("rendered");
                check_figures(&html, Lang::EsGt, &views[3], Some(&views[2]));
                let options = EvaluationOptions::new(2009, 2010, fingerprints(&text));
                let model = biannual_evaluation(ledger.plan(), &ledger, &options)
                    .expect("the same releases");
                let html = seguimiento_report::render("evaluation.html", Lang::En, &model)
                    .expect("rendered");
                check_figures(&html, Lang::En, &views[3], Some(&views[1]));
            }
            // A release the engine cannot protect is refused, never shown.
            Err(DocumentError::Public(_)) => {}
            Err(e) => prop_assert!(false, "{}", e),
        }
    }
}
