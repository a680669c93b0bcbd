//! The sample ledger `seeds/demo-ledger.json` (demonstration data, written by
//! `scripts/make-demo-ledger.py`, described in `seeds/DEMO.md`): it ingests
//! strictly into the embedded plan, and as of 2010-12-31 and 2017-12-31 it
//! shows every rule it is there to demonstrate.

use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use seguimiento::{
    evaluate, round_6dp, Config, Item, Ledger, Level, MilestoneState, Mode, Period, Plan,
    ReportKind, Score, Scorecard, Status,
};
use serde_json::Value;

const DEMO: &str = include_str!("../../seeds/demo-ledger.json");

fn ledger() -> Ledger {
    let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
    let report = ledger
        .ingest_json(DEMO, Mode::Strict)
        .unwrap_or_else(|e| panic!("the demo ledger must ingest strictly: {e}"));
    assert!(report.rejections.is_empty());
    ledger
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn card(ledger: &Ledger, as_of: &str) -> Scorecard {
    evaluate(ledger.plan(), ledger, date(as_of), &Config::default()).unwrap()
}

fn both() -> [Scorecard; 2] {
    let ledger = ledger();
    [card(&ledger, "2010-12-31"), card(&ledger, "2017-12-31")]
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn period(text: &str) -> Period {
    Period::parse(text).unwrap()
}

fn items<'a>(card: &'a Scorecard, indicator: &str) -> &'a [Item] {
    match card.explain(indicator) {
        Some(seguimiento::Explanation::Indicator { items }) => items,
        other => panic!("{indicator}: no indicator explanation ({other:?})"),
    }
}

/// The target item of an indicator for a period and target entity.
struct TargetItem {
    baseline: Decimal,
    target: Decimal,
    months_ended: Option<i64>,
    months: Option<i64>,
    on_track: Option<Decimal>,
    value: Option<Decimal>,
    achievement: Option<Decimal>,
}

fn target_item(card: &Scorecard, indicator: &str, p: &str, e: Option<&str>) -> TargetItem {
    let want = period(p);
    for item in items(card, indicator) {
        if let Item::Target {
            period,
            entity,
            baseline,
            target,
            months_ended,
            months,
            on_track_target,
            value,
            achievement,
            ..
        } = item
        {
            if *period == want && entity.as_deref() == e {
                return TargetItem {
                    baseline: *baseline,
                    target: *target,
                    months_ended: *months_ended,
                    months: *months,
                    on_track: *on_track_target,
                    value: *value,
                    achievement: achievement.map(Score::to_decimal),
                };
            }
        }
    }
    panic!(
        "{indicator}: no target item for {p} {e:?} as of {}",
        card.as_of
    )
}

fn milestone_state(card: &Scorecard, indicator: &str) -> MilestoneState {
    match items(card, indicator) {
        [Item::Milestone { state, .. }] => *state,
        other => panic!("{indicator}: not a milestone ({other:?})"),
    }
}

/// The demo ledger's JSON, to compute expected values from its records.
fn records(kind: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(DEMO).unwrap();
    doc[kind].as_array().unwrap().clone()
}

#[test]
fn some_figures_are_recorded_after_their_year_ends() {
    // For the knowledge date (SPEC §3): a year-end scorecard does not see
    // them, one as known on a quarter later does.
    let late = records("observations")
        .iter()
        .filter(|o| {
            let period = field(o, "period");
            let recorded = field(o, "recorded_on");
            period.len() == 4
                && recorded.len() == 10
                && recorded[..4] > *period
                && &recorded[5..7] >= "02"
        })
        .count();
    assert!(
        late >= 10,
        "{late} observations recorded after February of the next year"
    );
    let late_follow_ups = records("follow_ups")
        .iter()
        .filter(|f| field(f, "recorded_on")[..4] > field(f, "on")[..4])
        .count();
    assert!(late_follow_ups > 0);
}

fn field<'a>(record: &'a Value, name: &str) -> &'a str {
    record[name].as_str().unwrap_or("")
}

/// Sum of the official values recorded by `as_of` for an indicator and period
/// from the given entities (no revisions among them).
fn sum_of(indicator: &str, p: &str, entities: &[&str], as_of: &str) -> Decimal {
    records("observations")
        .iter()
        .filter(|o| field(o, "indicator") == indicator && field(o, "period") == p)
        .filter(|o| entities.contains(&field(o, "entity")))
        .filter(|o| field(o, "source") != "verification")
        .filter(|o| {
            o.get("recorded_on")
                .and_then(Value::as_str)
                .is_none_or(|r| r <= as_of)
        })
        .map(|o| dec(field(o, "value")))
        .sum()
}

#[test]
fn ingests_strictly_and_stays_modest() {
    let ledger = ledger();
    let [targets, observations, milestones, submissions, obligations, recommendations, follow_ups] =
        ledger.counts();
    assert_eq!(recommendations, records("recommendations").len());
    assert_eq!(follow_ups, records("follow_ups").len());
    assert!(recommendations > 0 && follow_ups > 0);
    assert_eq!(targets, records("targets").len());
    assert_eq!(observations, records("observations").len());
    assert_eq!(milestones, records("milestones").len());
    assert_eq!(submissions, records("submissions").len());
    assert_eq!(obligations, records("obligations").len());
    assert!(ledger.len() < 3000, "{} records", ledger.len());
    // Most records carry recorded_on, some do not.
    let observations = records("observations");
    let without = observations
        .iter()
        .filter(|o| o.get("recorded_on").is_none())
        .count();
    assert!(without > 0 && without * 5 < observations.len());
    // The export ingests back into an identical ledger.
    let mut again = Ledger::new(Arc::clone(ledger.plan()));
    again.ingest_json(&ledger.to_json(), Mode::Strict).unwrap();
    assert_eq!(again.export(), ledger.export());
}

#[test]
fn every_score_is_a_fraction_and_the_dates_differ() {
    let cards = both();
    for card in &cards {
        let unit = |s: Score| (Decimal::ZERO..=Decimal::ONE).contains(&s.to_decimal());
        for node in &card.nodes {
            if let Some(s) = node.score {
                assert!(unit(s), "{} scores {s}", node.id);
            }
            assert!(unit(node.coverage));
        }
        for e in &card.entities {
            assert!(e.score.is_none_or(unit), "{}", e.code);
        }
        for r in &card.reporting {
            assert!(unit(r.rate) && unit(r.timeliness));
        }
        // Every axis and the plan have a score.
        for node in card
            .nodes
            .iter()
            .filter(|n| matches!(n.level, Level::Plan | Level::Axis))
        {
            assert!(node.score.is_some(), "{} has no score", node.id);
        }
        // Same inputs, same bytes.
        let ledger = ledger();
        assert_eq!(
            card.to_json(),
            card_at(&ledger, card.as_of).to_json(),
            "evaluation is not reproducible"
        );
    }
    assert_ne!(cards[0].plan_node().score, cards[1].plan_node().score);
}

fn card_at(ledger: &Ledger, as_of: NaiveDate) -> Scorecard {
    evaluate(ledger.plan(), ledger, as_of, &Config::default()).unwrap()
}

#[test]
fn year_and_window_targets() {
    let [c2010, c2017] = both();
    // Year targets from 2007 on, scored once their year has ended.
    let t = target_item(&c2010, "E1.L1.M3.A2.I1", "2007", None);
    assert!(t.achievement.is_some() && t.months_ended.is_none());
    let t = target_item(&c2010, "E1.L1.M3.A2.I1", "2011", None);
    assert!(t.achievement.is_none(), "2011 is not due in 2010");
    let t = target_item(&c2017, "E1.L1.M3.A2.I1", "2017", None);
    assert!(t.achievement.is_some());

    // Window target, monthly flow: on-track target after 48 of 132 months,
    // then the target revised at the mid-term review (2012).
    let t = target_item(&c2010, "E2.L3.M2.A5.I1", "2007/2017", None);
    assert_eq!((t.months_ended, t.months), (Some(48), Some(132)));
    assert_eq!(t.target, dec("3600"));
    assert_eq!(t.on_track.map(round_6dp), Some(dec("1309.090909")));
    assert!(t.value.unwrap() > Decimal::ZERO);
    let t = target_item(&c2017, "E2.L3.M2.A5.I1", "2007/2017", None);
    assert_eq!((t.months_ended, t.months), (Some(132), Some(132)));
    assert_eq!(t.target, dec("4200"));

    // Stock: the latest level, not a sum.
    let t = target_item(&c2010, "E3.L1.M1.A3.I1", "2007/2017", None);
    assert_eq!(t.value, Some(dec("8")));
    assert_eq!(t.baseline, dec("3"));
    let t = target_item(&c2017, "E3.L1.M1.A3.I1", "2007/2017", None);
    assert_eq!(t.value, Some(dec("16")));

    // Flow, semiannual, cells summed: the window's running sum.
    let t = target_item(&c2017, "E1.L1.M2.A4.I1", "2007/2017", None);
    let all: Decimal = records("observations")
        .iter()
        .filter(|o| field(o, "indicator") == "E1.L1.M2.A4.I1")
        .filter(|o| field(o, "recorded_on") <= "2017-12-31")
        .map(|o| dec(field(o, "value")))
        .sum();
    assert_eq!(t.value, Some(all));
}

#[test]
fn reduce_target() {
    for card in both() {
        let t = target_item(&card, "E5.L1.M1.A1.I1", "2007", None);
        assert!(t.target < t.baseline, "a reduce target");
        assert_eq!(t.value, Some(dec("2")));
        assert_eq!(t.achievement, Some(dec("0.750000")));
    }
}

#[test]
fn entity_targets_dependencies_and_all_entities() {
    let [c2010, c2017] = both();
    // Entity-specific (MP) next to an all-entities window target.
    let mp = target_item(&c2010, "E2.L2.M1.A5.I3", "2009", Some("MP"));
    assert_eq!(
        mp.value,
        Some(
            sum_of("E2.L2.M1.A5.I3", "2009-S1", &["MP"], "2010-12-31")
                + sum_of("E2.L2.M1.A5.I3", "2009-S2", &["MP"], "2010-12-31")
        )
    );
    target_item(&c2010, "E2.L2.M1.A5.I3", "2007/2017", None);
    // MINGOB's target counts its dependencies (PNC, PNC-DESAPARECIDOS), not MP.
    for card in [&c2010, &c2017] {
        let t = target_item(card, "E4.L3.M1.A4.I1", "2008", Some("MINGOB"));
        let expected = sum_of(
            "E4.L3.M1.A4.I1",
            "2008",
            &["PNC", "PNC-DESAPARECIDOS"],
            "2010-12-31",
        );
        assert_eq!(t.value, Some(expected));
        assert_ne!(
            expected,
            sum_of(
                "E4.L3.M1.A4.I1",
                "2008",
                &["PNC", "PNC-DESAPARECIDOS", "MP"],
                "2010-12-31"
            )
        );
    }
    let t = target_item(&c2017, "E2.L2.M1.A5.I3", "2012", Some("MINGOB"));
    assert!(t.value.unwrap() > Decimal::ZERO);
}

#[test]
fn cells_percentages_and_amounts() {
    let [c2010, _] = both();
    // Count with sexo x edad cells and no total (MP), plus PGN's total.
    let t = target_item(&c2010, "E4.L2.M2.A1.I1", "2008", None);
    assert_eq!(
        t.value,
        Some(sum_of(
            "E4.L2.M2.A1.I1",
            "2008",
            &["MP", "PGN"],
            "2010-12-31"
        ))
    );
    // Percentage: unweighted mean over the reporting entities.
    let t = target_item(&c2010, "E1.L1.M1.A2.I3", "2008", None);
    let entities = ["MRE", "CONSULADOS", "DIGRAJUT"];
    let mean = sum_of("E1.L1.M1.A2.I3", "2008", &entities, "2010-12-31") / Decimal::from(3);
    assert_eq!(t.value, Some(mean));
    // Amount (GTQ) with institucion cells, summed.
    let t = target_item(&c2010, "E1.L1.M4.A1.I4", "2009", None);
    assert_eq!(
        t.value,
        Some(sum_of("E1.L1.M4.A1.I4", "2009", &["MRE"], "2010-12-31"))
    );
    assert!(t.value.unwrap().fract() > Decimal::ZERO, "centavos kept");
}

#[test]
fn missing_data_scores_zero() {
    for card in both() {
        let t = target_item(&card, "E2.L3.M3.A3.I2", "2009", None);
        assert_eq!((t.value, t.achievement), (None, Some(dec("0.000000"))));
        assert_eq!(
            card.node("E2.L3.M3.A3.I2")
                .unwrap()
                .score
                .map(Score::to_decimal),
            Some(dec("0"))
        );
    }
    // Monitoring only: data, no target.
    let [c2010, _] = both();
    assert_eq!(
        c2010.node("E2.L3.M2.A4.I2").unwrap().status,
        Status::NoTarget
    );
}

#[test]
fn revisions_as_known_on_each_date() {
    let [c2010, c2017] = both();
    // MP's 2009 complaints: 180 as known in 2010, revised to 205 in 2011.
    let t = target_item(&c2010, "E4.L3.M1.A1.I1", "2009", Some("MP"));
    assert_eq!(t.value, Some(dec("180")));
    assert_eq!(t.achievement, Some(dec("0.900000")));
    let t = target_item(&c2017, "E4.L3.M1.A1.I1", "2009", Some("MP"));
    assert_eq!(t.value, Some(dec("205")));
    assert_eq!(t.achievement, Some(dec("1.000000")));
    // OJ's 2010 figure was recorded in February 2011: no data on 2010-12-31.
    let t = target_item(&c2010, "E4.L3.M1.A1.I2", "2010", None);
    assert_eq!(t.value, None);
    let t = target_item(&c2017, "E4.L3.M1.A1.I2", "2010", None);
    assert!(t.value.is_some());
}

#[test]
fn social_audit_and_consistency() {
    let [c2010, c2017] = both();
    let find = |card: &Scorecard, indicator: &str, p: &str| {
        card.discrepancies
            .iter()
            .find(|d| d.indicator == indicator && d.period == period(p))
            .map(|d| (d.official, d.verification))
    };
    assert_eq!(
        find(&c2010, "E4.L3.M1.A1.I1", "2009"),
        Some((dec("180"), dec("240")))
    );
    assert_eq!(
        find(&c2017, "E4.L3.M1.A1.I1", "2009"),
        Some((dec("205"), dec("240")))
    );
    // A cell, audited in 2013.
    assert_eq!(find(&c2010, "E4.L2.M2.A1.I1", "2012"), None);
    let cell = c2017
        .discrepancies
        .iter()
        .find(|d| d.indicator == "E4.L2.M2.A1.I1")
        .unwrap();
    assert_eq!(cell.cell.get("edad").map(String::as_str), Some("13-17"));
    // Within the 10 % tolerance: a verification record, no discrepancy.
    assert!(
        records("observations")
            .iter()
            .any(|o| field(o, "indicator") == "E4.L3.M1.A1.I3"
                && field(o, "source") == "verification")
    );
    assert_eq!(find(&c2017, "E4.L3.M1.A1.I3", "2010"), None);
    // Verification never changes a score.
    let t = target_item(&c2017, "E4.L3.M1.A1.I3", "2010", None);
    assert_eq!(t.value, Some(dec("14")));

    for card in [&c2010, &c2017] {
        let note = card
            .consistency
            .iter()
            .find(|n| n.indicator == "E4.L2.M2.A1.I1" && n.entity == "PGN")
            .expect("a consistency note");
        assert_eq!((note.total, note.cells_sum), (dec("41"), dec("38")));
        // The total is what counts.
        let t = target_item(card, "E4.L2.M2.A1.I1", "2009", None);
        assert_eq!(
            t.value,
            Some(sum_of("E4.L2.M2.A1.I1", "2009", &["MP"], "2010-12-31") + dec("41"))
        );
    }
}

#[test]
fn milestones_on_time_late_overdue_pending() {
    let [c2010, c2017] = both();
    for card in [&c2010, &c2017] {
        assert_eq!(
            milestone_state(card, "E1.L1.M1.A1.I1"),
            MilestoneState::OnTime
        );
        assert_eq!(
            milestone_state(card, "E1.L1.M1.A1.I3"),
            MilestoneState::Late
        );
        assert_eq!(
            milestone_state(card, "E4.L1.M1.A1.I1"),
            MilestoneState::Late
        );
        assert_eq!(
            milestone_state(card, "E5.L1.M2.A1.I4"),
            MilestoneState::Overdue
        );
        let overdue = card.overdue_actions();
        assert!(overdue.contains(&"E5.L1.M2.A1") && overdue.contains(&"E3.L1.M1.A2"));
    }
    // 10-year milestones: pending in 2010.
    assert_eq!(
        milestone_state(&c2010, "E4.L4.M1.A2.I1"),
        MilestoneState::Pending
    );
    assert_eq!(
        milestone_state(&c2017, "E4.L4.M1.A2.I1"),
        MilestoneState::OnTime
    );
    // Due on 2017-12-31 and never reported: still pending on the due date itself.
    assert_eq!(
        milestone_state(&c2017, "E2.L2.M1.A1.I1"),
        MilestoneState::Pending
    );
    // Achieved in 2009 but recorded in 2011.
    assert_eq!(
        milestone_state(&c2010, "E3.L1.M1.A1.I1"),
        MilestoneState::Overdue
    );
    assert!(c2010.overdue_actions().contains(&"E3.L1.M1.A1"));
    assert_eq!(
        milestone_state(&c2017, "E3.L1.M1.A1.I1"),
        MilestoneState::OnTime
    );
}

#[test]
fn reporting_compliance() {
    for card in both() {
        for (entity, kind) in [
            ("MP", ReportKind::Monthly),
            ("OJ", ReportKind::Monthly),
            ("PNC", ReportKind::Monthly),
            ("DGM", ReportKind::Monthly),
            ("SBS", ReportKind::Semiannual),
            ("PGN", ReportKind::Semiannual),
            ("SOSEP", ReportKind::Semiannual),
        ] {
            let row = card
                .reporting
                .iter()
                .find(|r| r.entity == entity && r.kind == kind)
                .unwrap_or_else(|| panic!("no {entity} row"));
            assert!(
                row.on_time > 0 && row.late > 0 && row.missing > 0,
                "{entity} {:?} as of {}",
                kind,
                card.as_of
            );
            assert_eq!(row.expected, row.on_time + row.late + row.missing);
        }
        let mre = card
            .reporting
            .iter()
            .find(|r| r.entity == "MRE" && r.kind == ReportKind::Annual)
            .unwrap();
        assert!(mre.late > 0);
    }
    let [c2010, _] = both();
    let mp = c2010
        .reporting
        .iter()
        .find(|r| r.entity == "MP" && r.kind == ReportKind::Monthly)
        .unwrap();
    // 2008-01 .. 2010-11: December 2010 is due on 2011-01-30.
    assert_eq!(mp.expected, 35);
}

#[test]
fn the_script_reproduces_the_file() {
    let found = std::process::Command::new("which")
        .arg("python3")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        println!("python3 not found: the demo ledger's reproducibility is not checked");
        return;
    }
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let out = std::process::Command::new("python3")
        .arg("scripts/make-demo-ledger.py")
        .arg("--stdout")
        .current_dir(root)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout == DEMO.as_bytes(),
        "seeds/demo-ledger.json differs from what scripts/make-demo-ledger.py writes"
    );
}
