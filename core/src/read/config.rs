//! The evaluation configuration as a JSON source: the same document rules as
//! the ledger (a byte-order mark skipped, a key given twice refused, numbers
//! read from their exact text).

use rust_decimal::Decimal;
use serde_json::value::RawValue;

use super::json::{self, classify, Entries};
use super::FieldValue;
use crate::evaluate::{Config, ConfigError};
use crate::messages::{json_error_message, Excerpt};
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

/// Reads a configuration; absent fields keep their defaults.
pub(crate) fn read(text: &str) -> Result<Config, ConfigError> {
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
}
