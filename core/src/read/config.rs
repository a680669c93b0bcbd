//! The evaluation configuration as a JSON source: the same document rules as
//! the ledger (a byte-order mark skipped, a key given twice refused, numbers
//! read from their exact text).

use rust_decimal::Decimal;
use serde_json::value::RawValue;

use super::json::{self, classify, Entries};
use super::FieldValue;
use crate::disclosure::{Rational, SuppressionPattern};
use crate::evaluate::{Config, ConfigError};
use crate::messages::{json_error_message, Excerpt};
use crate::public::PublicConfig;
use crate::values;

fn err(field: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError {
        field: field.to_string(),
        reason: reason.into(),
    }
}

/// The first key given twice, as the error naming it (`prefix` for the keys
/// of a nested object).
fn refuse_repeated(entries: &Entries, prefix: &str) -> Result<(), ConfigError> {
    match entries.repeated() {
        Some(key) => Err(err(
            &format!("{prefix}{}", Excerpt::new(key)),
            format!(
                "{} is given twice; give each setting once",
                Excerpt::new(key).quoted()
            ),
        )),
        None => Ok(()),
    }
}

fn decimal(field: &str, raw: &RawValue) -> Result<Decimal, ConfigError> {
    match classify(raw) {
        FieldValue::Text(t) | FieldValue::Number(t, _) => {
            values::parse_decimal(&t).map_err(|e| err(field, e.to_string()))
        }
        FieldValue::Unreadable(why) => Err(err(field, format!("unreadable value: {why}"))),
        other => Err(err(
            field,
            format!("expected a string or a number, found {}", other.shown()),
        )),
    }
}

/// The raw JSON text of a value, capped for a message.
fn shown(raw: &RawValue) -> Excerpt {
    Excerpt::new(raw.get())
}

/// A settings document's top-level entries: a JSON object (a byte-order
/// mark skipped) with no key given twice.
fn document(text: &str) -> Result<Entries<'_>, ConfigError> {
    let entries = json::object(text).map_err(|e| {
        err(
            "",
            format!(
                "not a JSON object: {} at line {} column {}",
                json_error_message(&e),
                e.line(),
                e.column()
            ),
        )
    })?;
    refuse_repeated(&entries, "")?;
    Ok(entries)
}

/// Reads a configuration; absent fields keep their defaults.
pub(crate) fn read(text: &str) -> Result<Config, ConfigError> {
    let entries = document(text)?;
    let mut config = Config::default();
    for (name, raw) in &entries.0 {
        let name = name.as_ref();
        match name {
            "missing_data_is_zero" => {
                config.missing_data_is_zero = match raw.get() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(err(
                            name,
                            format!("expected true or false, found {}", shown(raw)),
                        ))
                    }
                }
            }
            "late_credit" => config.late_credit = decimal(name, raw)?,
            "green" => config.green = decimal(name, raw)?,
            "yellow" => config.yellow = decimal(name, raw)?,
            "tolerance" => config.tolerance = decimal(name, raw)?,
            "min_rank_coverage" => config.min_rank_coverage = decimal(name, raw)?,
            "grace_days" => {
                config.grace_days = serde_json::from_str(raw.get()).map_err(|_| {
                    err(
                        name,
                        format!(
                            "expected a whole number of days (0 to 4294967295), found {}",
                            shown(raw)
                        ),
                    )
                })?
            }
            "known_on" => {
                config.known_on = match classify(raw) {
                    FieldValue::Null(_) => None,
                    FieldValue::Text(t) => Some(values::parse_date(&t).map_err(|e| {
                        err(name, format!("{e}; the knowledge date is written YYYY-MM-DD"))
                    })?),
                    other => {
                        return Err(err(
                            name,
                            format!(
                                "expected a date written \"YYYY-MM-DD\" or null, found {}",
                                other.shown()
                            ),
                        ))
                    }
                }
            }
            "weights" => {
                let weights: Entries = serde_json::from_str(raw.get())
                    .map_err(|_| err(name, "expected an object of node id → weight"))?;
                refuse_repeated(&weights, "weights.")?;
                for (id, w) in &weights.0 {
                    let field = format!("weights.{}", Excerpt::new(id));
                    config.weights.insert(id.to_string(), decimal(&field, w)?);
                }
            }
            other => {
                return Err(err(
                    &Excerpt::new(other).to_string(),
                    "unknown field; known: missing_data_is_zero, late_credit, green, yellow, grace_days, tolerance, weights, known_on, min_rank_coverage",
                ))
            }
        }
    }
    config.validate()?;
    Ok(config)
}

/// A JSON array of strings, each read as `field[i]`.
fn strings(field: &str, raw: &RawValue) -> Result<Vec<String>, ConfigError> {
    let items: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(|_| {
        err(
            field,
            format!("expected an array of strings, found {}", shown(raw)),
        )
    })?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match classify(item) {
            FieldValue::Text(t) => Ok(t.into_owned()),
            other => Err(err(
                &format!("{field}[{i}]"),
                format!("expected a string, found {}", other.shown()),
            )),
        })
        .collect()
}

/// Reads the configuration of a public release: `release` (required), `k`,
/// `sensitive`, `earlier_patterns` and `earlier_published`, by the same
/// document rules as the evaluation configuration.
pub(crate) fn read_public(text: &str) -> Result<PublicConfig, ConfigError> {
    let entries = document(text)?;
    let mut config = PublicConfig::new("");
    let mut release = None;
    for (name, raw) in &entries.0 {
        let name = name.as_ref();
        match name {
            "release" => match classify(raw) {
                FieldValue::Text(t) if !t.trim().is_empty() => release = Some(t.into_owned()),
                other => {
                    return Err(err(
                        name,
                        format!(
                            "expected the release's name, a non-empty string, found {}",
                            other.shown()
                        ),
                    ))
                }
            },
            "k" => {
                config.k = serde_json::from_str(raw.get())
                    .ok()
                    .filter(|k| (PublicConfig::MIN_K..=PublicConfig::MAX_K).contains(k))
                    .ok_or_else(|| {
                        err(
                            name,
                            format!(
                                "expected a whole number from {} to {}, found {}",
                                PublicConfig::MIN_K,
                                PublicConfig::MAX_K,
                                shown(raw)
                            ),
                        )
                    })?
            }
            "sensitive" => {
                config.sensitive = match classify(raw) {
                    FieldValue::Null(_) => None,
                    _ => Some(strings(name, raw)?.into_iter().collect()),
                }
            }
            "earlier_patterns" => {
                let patterns: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(|_| {
                    err(name, "expected an array of earlier releases' patterns ({\"suppressed\": [keys]})")
                })?;
                for (i, pattern) in patterns.iter().enumerate() {
                    let field = format!("{name}[{i}]");
                    let keys: Entries = serde_json::from_str(pattern.get())
                        .map_err(|_| err(&field, "expected an object {\"suppressed\": [keys]}"))?;
                    refuse_repeated(&keys, &format!("{field}."))?;
                    let mut suppressed = None;
                    for (key, value) in &keys.0 {
                        match key.as_ref() {
                            "suppressed" => {
                                suppressed = Some(strings(&format!("{field}.suppressed"), value)?)
                            }
                            other => {
                                return Err(err(
                                    &format!("{field}.{}", Excerpt::new(other)),
                                    "unknown field; known: suppressed",
                                ))
                            }
                        }
                    }
                    let suppressed = suppressed.ok_or_else(|| {
                        err(
                            &format!("{field}.suppressed"),
                            "missing: the keys the release suppressed",
                        )
                    })?;
                    config.earlier_patterns.push(SuppressionPattern {
                        suppressed: suppressed.into_iter().collect(),
                    });
                }
            }
            "earlier_published" => {
                let values: Entries = serde_json::from_str(raw.get())
                    .map_err(|_| err(name, "expected an object of value key → published value"))?;
                refuse_repeated(&values, "earlier_published.")?;
                for (key, value) in &values.0 {
                    let field = format!("earlier_published.{}", Excerpt::new(key));
                    let exact = match classify(value) {
                        FieldValue::Text(t) | FieldValue::Number(t, _) => t
                            .parse::<Rational>()
                            .map_err(|e| err(&field, e.to_string()))?,
                        other => {
                            return Err(err(
                                &field,
                                format!(
                                    "expected a number or its exact text, found {}",
                                    other.shown()
                                ),
                            ))
                        }
                    };
                    config.earlier_published.insert(key.to_string(), exact);
                }
            }
            other => return Err(err(
                &Excerpt::new(other).to_string(),
                "unknown field; known: release, k, sensitive, earlier_patterns, earlier_published",
            )),
        }
    }
    config.release =
        release.ok_or_else(|| err("release", "missing: every public release is named"))?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let config = read("\u{feff}{\"grace_days\": 15}").unwrap();
        assert_eq!(config.grace_days, 15);
    }

    #[test]
    fn a_key_given_twice_is_refused() {
        let e = read(r#"{"green": "0.9", "green": "0.95"}"#).unwrap_err();
        assert_eq!(e.field, "green");
        assert!(e.reason.contains("twice"), "{e}");
        let e = read(r#"{"weights": {"E1": "1", "E1": "2"}}"#).unwrap_err();
        assert_eq!(e.field, "weights.E1");
        assert!(e.reason.contains("twice"), "{e}");
    }

    #[test]
    fn the_knowledge_date_is_a_date_or_null() {
        let config = read(r#"{"known_on": "2009-03-31"}"#).unwrap();
        assert_eq!(config.known_on, NaiveDate::from_ymd_opt(2009, 3, 31));
        assert_eq!(read(r#"{"known_on": null}"#).unwrap().known_on, None);
        for bad in [r#""2009-02-30""#, r#""31/03/2009""#, "20090331", "true"] {
            let e = read(&format!(r#"{{"known_on": {bad}}}"#)).unwrap_err();
            assert_eq!(e.field, "known_on", "{bad}: {e}");
        }
    }

    #[test]
    fn the_minimum_rank_coverage_is_a_fraction() {
        assert_eq!(
            read(r#"{"min_rank_coverage": "0.25"}"#)
                .unwrap()
                .min_rank_coverage,
            Decimal::new(25, 2)
        );
        let e = read(r#"{"min_rank_coverage": 1.5}"#).unwrap_err();
        assert_eq!(e.field, "min_rank_coverage", "{e}");
    }

    #[test]
    fn a_huge_bad_value_is_not_repeated_whole() {
        let text = format!(r#"{{"late_credit": "{}x"}}"#, "9".repeat(10_000_000));
        let e = read(&text).unwrap_err();
        assert!(e.to_string().len() < 300, "{e}");
    }

    #[test]
    fn a_public_release_is_configured_by_json() {
        let config = read_public(
            r#"{"release": "2017-annual", "k": 15, "sensitive": ["E4.L2.M2.A1.I1"],
                "earlier_patterns": [{"suppressed": ["a|b", "c"]}],
                "earlier_published": {"a|b": "12", "d": 3}}"#,
        )
        .unwrap();
        assert_eq!(config.release, "2017-annual");
        assert_eq!(config.k, 15);
        assert_eq!(config.sensitive.unwrap().len(), 1);
        assert_eq!(config.earlier_patterns[0].suppressed.len(), 2);
        assert_eq!(config.earlier_published["d"], Rational::integer(3));
        let defaults = read_public(r#"{"release": "r"}"#).unwrap();
        assert_eq!(defaults, PublicConfig::new("r"));
        for (bad, field) in [
            (r#"{}"#, "release"),
            (r#"{"release": ""}"#, "release"),
            (r#"{"release": "r", "k": 1}"#, "k"),
            (r#"{"release": "r", "k": "11"}"#, "k"),
            (r#"{"release": "r", "sensitive": [3]}"#, "sensitive[0]"),
            (
                r#"{"release": "r", "earlier_patterns": [{"suppresed": []}]}"#,
                "earlier_patterns[0].suppresed",
            ),
            (
                r#"{"release": "r", "earlier_published": {"a": "x"}}"#,
                "earlier_published.a",
            ),
            (r#"{"release": "r", "k": 11, "k": 12}"#, "k"),
            (r#"{"release": "r", "kk": 11}"#, "kk"),
        ] {
            let e = read_public(bad).unwrap_err();
            assert_eq!(e.field, field, "{bad}: {e}");
        }
    }
}
