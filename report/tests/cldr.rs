//! The format module against CLDR, as babel writes it: every case of the
//! committed fixture (written by `scripts/cldr-fixtures.py`, which the Python
//! test run re-checks against babel with `--check`).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use seguimiento_report::format::{self, Lang};
use serde_json::Value;

const FIXTURE: &str = include_str!("fixtures/cldr.json");

fn locales() -> Vec<(Lang, Value)> {
    let all: Value = serde_json::from_str(FIXTURE).expect("fixture is JSON");
    let map = all["locales"].as_object().expect("locales");
    assert_eq!(map.len(), 2, "es_GT and en");
    map.values()
        .map(|entry| {
            let lang: Lang = entry["lang"].as_str().unwrap().parse().unwrap();
            (lang, entry.clone())
        })
        .collect()
}

fn cases<'a>(entry: &'a Value, key: &str) -> &'a Vec<Value> {
    let list = entry[key]
        .as_array()
        .unwrap_or_else(|| panic!("fixture has no {key}"));
    assert!(!list.is_empty(), "{key} has cases");
    list
}

fn dec(v: &Value) -> Decimal {
    v.as_str().unwrap().parse().unwrap()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap()
}

#[test]
fn both_languages_are_in_the_fixture() {
    let langs: Vec<Lang> = locales().into_iter().map(|(l, _)| l).collect();
    assert_eq!(langs, vec![Lang::En, Lang::EsGt]);
}

#[test]
fn numbers_match_cldr() {
    for (lang, entry) in locales() {
        for case in cases(&entry, "number") {
            assert_eq!(
                format::number(dec(&case[0]), lang),
                text(&case[1]),
                "{lang} {case}"
            );
        }
    }
}

#[test]
fn fixed_decimals_match_cldr() {
    for (lang, entry) in locales() {
        for case in cases(&entry, "fixed") {
            let places = case[1].as_u64().unwrap() as u32;
            let got = format::fixed(dec(&case[0]), places, lang).unwrap();
            assert_eq!(got, text(&case[2]), "{lang} {case}");
        }
    }
}

#[test]
fn money_matches_cldr_with_its_currency_spacing() {
    for (lang, entry) in locales() {
        for case in cases(&entry, "currency") {
            assert_eq!(
                format::money(dec(&case[0]), lang),
                text(&case[1]),
                "{lang} {case}"
            );
        }
        // babel's own text differs only by the space CLDR puts after the symbol.
        for (spaced, raw) in cases(&entry, "currency")
            .iter()
            .zip(cases(&entry, "currency_babel"))
        {
            assert_eq!(text(&spaced[1]).replace('\u{a0}', ""), text(&raw[1]));
        }
    }
}

#[test]
fn long_dates_match_cldr() {
    for (lang, entry) in locales() {
        for case in cases(&entry, "long_date") {
            let date: NaiveDate = text(&case[0]).parse().unwrap();
            assert_eq!(
                format::long_date(date, lang),
                text(&case[1]),
                "{lang} {case}"
            );
        }
    }
}

#[test]
fn month_names_match_cldr() {
    for (lang, entry) in locales() {
        for context in ["format", "stand-alone"] {
            let wide = cases(&entry, &format!("months_wide_{context}"));
            let abbr = cases(&entry, &format!("months_abbreviated_{context}"));
            for month in 1..=12u32 {
                let i = (month - 1) as usize;
                assert_eq!(format::month_name(month, lang).unwrap(), text(&wide[i]));
                assert_eq!(format::month_abbr(month, lang).unwrap(), text(&abbr[i]));
            }
        }
        for case in cases(&entry, "month_year") {
            let (y, m) = (
                case[0].as_i64().unwrap() as i32,
                case[1].as_u64().unwrap() as u32,
            );
            assert_eq!(
                format::month_year(y, m, lang).unwrap(),
                text(&case[2]),
                "{lang} {case}"
            );
        }
    }
}

#[test]
fn year_ranges_match_cldr() {
    for (lang, entry) in locales() {
        for case in cases(&entry, "year_range") {
            let (a, b) = (
                case[0].as_i64().unwrap() as i32,
                case[1].as_i64().unwrap() as i32,
            );
            assert_eq!(
                format::year_range(a, b, lang).unwrap(),
                text(&case[2]),
                "{lang} {case}"
            );
        }
    }
}
