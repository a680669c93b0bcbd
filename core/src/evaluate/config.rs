//! Evaluation settings, with the SPEC's defaults.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::messages::Excerpt;

/// Settings of an evaluation. `Config::default()` follows SPEC §3.
///
/// ```
/// use seguimiento::Config;
/// let config = Config::from_json(r#"{"late_credit": "0.25", "grace_days": 15}"#).unwrap();
/// assert_eq!(config.grace_days, 15);
/// assert_eq!(config.known_on, None); // the scoring date
/// let config = Config::from_json(r#"{"known_on": "2009-03-31"}"#).unwrap();
/// assert_eq!(config.known_on.unwrap().to_string(), "2009-03-31");
/// assert!(config.missing_data_is_zero);
/// assert!(Config::from_json(r#"{"late_credit": "2"}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Config {
    /// A due target without any observation scores 0 (true) or is not scored (false).
    pub missing_data_is_zero: bool,
    /// Credit for a milestone achieved after its due date (default 0.5).
    #[serde(with = "rust_decimal::serde::str")]
    pub late_credit: Decimal,
    /// Lowest score that is `green` (default 0.90).
    #[serde(with = "rust_decimal::serde::str")]
    pub green: Decimal,
    /// Lowest score that is `yellow` (default 0.60).
    #[serde(with = "rust_decimal::serde::str")]
    pub yellow: Decimal,
    /// Days after a period's end before its report is due (default 30).
    pub grace_days: u32,
    /// Relative difference between verification and official data above which
    /// a discrepancy is listed (default 0.10, i.e. 10 %).
    #[serde(with = "rust_decimal::serde::str")]
    pub tolerance: Decimal,
    /// Weight of a node in its parent's score, by node id (default 1 for all).
    /// An indicator's weight here replaces the plan's.
    pub weights: BTreeMap<String, Decimal>,
    /// The knowledge date K (SPEC §3): only records with `recorded_on ≤ K`
    /// (or none) are visible. `None` (the default) is the scoring date.
    /// What is due, achieved and submitted is still decided by the scoring
    /// date, so a later K shows the figures recorded after it without
    /// counting anything that happened after it.
    pub known_on: Option<NaiveDate>,
    /// The lowest coverage (scored actions / actions) at which an entity is
    /// ranked (default 0.5); below it the rankings list it after the ranked
    /// ones as having insufficient data.
    #[serde(with = "rust_decimal::serde::str")]
    pub min_rank_coverage: Decimal,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            missing_data_is_zero: true,
            late_credit: Decimal::new(5, 1),
            green: Decimal::new(90, 2),
            yellow: Decimal::new(60, 2),
            grace_days: 30,
            tolerance: Decimal::new(10, 2),
            weights: BTreeMap::new(),
            known_on: None,
            min_rank_coverage: Decimal::new(5, 1),
        }
    }
}

/// The largest weight a node may have, in its parent's score or in the plan.
/// With at most [`WEIGHT_PLACES`] decimals, a weighted mean is computed
/// exactly in whole numbers: extreme weights (`79228162514264337593543950335`,
/// `1e-28`) would otherwise overflow or vanish and give silently wrong scores.
pub const MAX_WEIGHT: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// The most decimal places a weight may have.
pub const WEIGHT_PLACES: u32 = 6;

/// Whether a weight is usable: between 0 and [`MAX_WEIGHT`], with at most
/// [`WEIGHT_PLACES`] decimals (trailing zeros do not count).
pub(crate) fn weight_in_range(weight: Decimal) -> bool {
    weight >= Decimal::ZERO && weight <= MAX_WEIGHT && weight.normalize().scale() <= WEIGHT_PLACES
}

/// Why a configuration was refused: the field and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("config field {field:?}: {reason}")]
pub struct ConfigError {
    /// The field at fault (empty for the document as a whole).
    pub field: String,
    /// Why.
    pub reason: String,
}

fn err(field: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError {
        field: field.to_string(),
        reason: reason.into(),
    }
}

impl Config {
    /// Reads a configuration from JSON; absent fields keep their defaults.
    /// Decimals may be strings or numbers (read from their exact text). The
    /// document rules are the ledger's: a byte-order mark at the start is
    /// skipped, and a key given twice is refused.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        crate::read::config::read(text)
    }

    /// Checks the ranges: credits, thresholds, tolerance and the minimum
    /// rank coverage in [0, 1] (yellow ≤ green), weights from 0 to
    /// [`MAX_WEIGHT`] with at most [`WEIGHT_PLACES`] decimals. Whether each
    /// weight names a node of the plan is checked by
    /// [`evaluate`](crate::evaluate), which has the plan.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let unit = |field: &str, v: Decimal| {
            if v < Decimal::ZERO || v > Decimal::ONE {
                Err(err(field, format!("{v} is outside [0, 1]")))
            } else {
                Ok(())
            }
        };
        unit("late_credit", self.late_credit)?;
        unit("green", self.green)?;
        unit("yellow", self.yellow)?;
        unit("min_rank_coverage", self.min_rank_coverage)?;
        if self.yellow > self.green {
            return Err(err(
                "yellow",
                format!("{} is above green ({})", self.yellow, self.green),
            ));
        }
        if self.tolerance < Decimal::ZERO {
            return Err(err("tolerance", format!("{} is negative", self.tolerance)));
        }
        for (id, w) in &self.weights {
            let field = || format!("weights.{}", Excerpt::new(id));
            if *w < Decimal::ZERO {
                return Err(err(&field(), format!("{w} is negative")));
            }
            if !weight_in_range(*w) {
                return Err(err(
                    &field(),
                    format!(
                        "{w} is not a weight: from 0 to {MAX_WEIGHT}, with at most {WEIGHT_PLACES} decimal places"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The knowledge date of an evaluation as of `as_of`: the configured
    /// one, else `as_of`.
    pub fn known_on_for(&self, as_of: NaiveDate) -> NaiveDate {
        self.known_on.unwrap_or(as_of)
    }

    /// The configuration as JSON (decimals as strings).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
