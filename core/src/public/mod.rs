//! The public view of an evaluation (SPEC §5): what a public release of a
//! scorecard shows, with every value derived from a sensitive count either
//! published or confidential.
//!
//! [`PublicView::build`] turns a plan, the ledger and a scorecard into the
//! values a release shows and the linear relations a reader knows among
//! them, hands them to the disclosure engine ([`crate::disclosure::protect`])
//! and audits the result ([`crate::disclosure::Protection::audit`]); a
//! refused audit is an error naming the value. The engine knows nothing of
//! plans; this module is the layer that knows what a scorecard publishes.
//!
//! ```
//! use std::sync::Arc;
//! use chrono::NaiveDate;
//! use seguimiento::{evaluate, Config, Ledger, Mode, Plan, PublicConfig, PublicView};
//! let plan = Arc::new(Plan::embedded());
//! let mut ledger = Ledger::new(plan.clone());
//! ledger.ingest_json(r#"{"observations": [
//!   {"indicator": "E4.L2.M1.A1.I1", "period": "2009", "entity": "MP", "value": "3"},
//!   {"indicator": "E4.L2.M1.A1.I1", "period": "2009", "entity": "PGN", "value": "40"}
//! ]}"#, Mode::Strict).unwrap();
//! let as_of = NaiveDate::from_ymd_opt(2009, 12, 31).unwrap();
//! let card = evaluate(&plan, &ledger, as_of, &Config::default()).unwrap();
//! let view = PublicView::build(&plan, &ledger, &card, &PublicConfig::new("2009-annual")).unwrap();
//! // MP's 3 victims are confidential, and so is what would give them back.
//! let mp = view.cells.iter().find(|c| c.key == "E4.L2.M1.A1.I1|2009|entidad|entidad=MP").unwrap();
//! assert!(mp.value.is_confidential());
//! assert!(!view.to_json().contains("\"3\""));
//! ```
//!
//! # What is gathered
//!
//! - **Tables** of each sensitive indicator, per year of its visible
//!   official data (periods that started by the evaluation date): the
//!   *entity table* (`{indicator}|{year}|entidad`), each reporting entity's
//!   value (its total, or the sum of its cells, as the scorer takes it) by
//!   entity under `total`, and by month (or quarter, half) under the year
//!   for sub-annual indicators; and, for an indicator with dimensions, the
//!   *cell table* (`{indicator}|{year}|celdas`) over the entity, the period
//!   and every dimension of the indicator, with every margin; `municipio`
//!   sits under its `departamento` (the first two digits of its code) under
//!   the country. Categories are those present in the year's data; a cell
//!   without a record counts 0, as it does in the scorer's sums. An entity
//!   whose value is the sum of its cells is tied to its cell table margin.
//! - **Explanations**: each item's period value `A` (`value|…`) is the sum
//!   of the entity-table cells the scorer took in (a relation); its
//!   achievement (`achievement|…`) is linear in `A` given the published
//!   baseline and target, `a·(T′ − B) − A = −B` within half a millionth of
//!   `T′ − B` (the 6-decimal rounding), while it is not clamped. A clamped
//!   achievement (0 or 1) tells only an inequality, which the engine does
//!   not model: the value and its achievement are then one protected unit
//!   (either suppressed makes the other suppressed, marked primary).
//!   Baselines and targets are the plan's figures and always published.
//! - **Scores** (`score|{node}`): an indicator's score is the mean of its
//!   achievements, every aggregate the weighted mean of its scored
//!   children (weights as the scorecard shows them), an entity's score
//!   (`entity_score|{code}`) the mean of its scored actions, each rounded
//!   to 6 decimals (the engine's tolerance). Bands, coverage and statuses
//!   are always shown: a suppressed score shows its band only (SPEC §5),
//!   so each score carries its band's range as bounds (green from the
//!   evaluation's green threshold to 1, yellow and red up to a millionth
//!   below the next threshold), which the audit and the protection levels'
//!   programs respect; the elimination ignores them (an inequality
//!   determines nothing).
//! - **Social audit**: a discrepancy's official value is its table cell, its
//!   verification value a sensitive count of its own; a consistency note's
//!   total and sum of cells are the entity-table cell and the cell-table
//!   margin.
//!
//! Values of indicators that are not sensitive are not counts to protect,
//! but their achievements and scores take part in the roll-ups, so they may
//! be suppressed to protect a sensitive one.
//!
//! # Across releases
//!
//! [`PublicConfig::earlier_patterns`] (each release's
//! [`PublicView::pattern`], saved with it) keeps earlier suppressions where
//! a value repeats (a key whose value is zero now does not repeat: the
//! engine never suppresses a zero, so the earlier value was another, never
//! shown); [`PublicConfig::earlier_published`] (each release's
//! [`PublicView::published_values`]) lets a revision of a published
//! sensitive value by `1..k−1` be suppressed.
//!
//! # Cost
//!
//! Measured with `benches/examples/public_view.rs` (release build, once, on
//! a 2-core machine with a load average of 10 to 12, so a rough guide): the
//! sample ledger as of 2017-12-31 (1,459 values, 871 relations) builds in
//! 0.03 to 0.06 s; 20,000 synthetic observations (71,705 values, 31,485
//! relations) in 13 s, of which the engine's protection 11.8 s and its
//! audit 1.0 s; 100,000 (94,075 values) in 332 s. The roll-ups join every
//! table to the plan's score, so the engine sees one large component.
//!
//! # Known limits
//!
//! - A stock indicator's period value (the latest value per entity) is not
//!   tied to its tables by a relation; it stands alone (every sensitive
//!   indicator of the embedded plan is a flow).
//! - Inequalities a reader knows are bounds and orders, not relations: a
//!   score's band and its bound of 1 are bounds, the annual report's
//!   ranking of entity scores is a chain of orders (a millionth apart, or
//!   equal where a rank is shared, which is a relation); the audit and the
//!   protection levels' programs respect them, the elimination does not
//!   (an inequality determines nothing, so protection against it rests on
//!   the programs). A clamped achievement is handled as a protected unit.

mod export;
mod gather;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::disclosure::{
    AuditSummary, DisclosureError, Interval, Rational, Refusal, Status, SuppressionPattern,
};
use crate::evaluate::{Band, MilestoneState, ReportingRow, Scorecard, Status as NodeStatus};
use crate::ledger::Ledger;
use crate::period::Period;
use crate::plan::{Level, Plan};
use crate::score::Score;

/// The word a public output shows in place of a confidential value.
pub const CONFIDENTIAL: &str = "confidential";

/// A value as a public release shows it: the value, or confidential.
///
/// A confidential value carries nothing: a renderer cannot print a
/// suppressed value by mistake, and the only way to the inner value is a
/// `match` (or [`Published::value`], an `Option`). Primary and secondary
/// suppressions look the same here (SPEC §5, flags).
///
/// ```
/// use seguimiento::Published;
/// let shown: Published<u32> = Published::Value(152);
/// let hidden: Published<u32> = Published::Confidential;
/// assert_eq!(shown.to_string(), "152");
/// assert_eq!(hidden.to_string(), "confidential");
/// assert_eq!(serde_json::to_string(&hidden).unwrap(), "\"confidential\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Published<T> {
    /// Shown.
    Value(T),
    /// Withheld (primary or secondary suppression alike).
    Confidential,
}

impl<T> Published<T> {
    /// Whether the value is withheld.
    pub fn is_confidential(&self) -> bool {
        matches!(self, Published::Confidential)
    }

    /// The value, `None` when confidential.
    pub fn value(&self) -> Option<&T> {
        match self {
            Published::Value(v) => Some(v),
            Published::Confidential => None,
        }
    }

    /// The published value mapped, confidential staying confidential.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Published<U> {
        match self {
            Published::Value(v) => Published::Value(f(v)),
            Published::Confidential => Published::Confidential,
        }
    }
}

impl<T: fmt::Display> fmt::Display for Published<T> {
    /// The value, or [`CONFIDENTIAL`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Published::Value(v) => v.fmt(f),
            Published::Confidential => f.write_str(CONFIDENTIAL),
        }
    }
}

impl<T: Serialize> Serialize for Published<T> {
    /// The value as it serializes, or the string [`CONFIDENTIAL`].
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Published::Value(v) => v.serialize(s),
            Published::Confidential => s.serialize_str(CONFIDENTIAL),
        }
    }
}

/// A decimal as its exact text.
fn ser_decimal<S: Serializer>(v: &Published<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Published::Value(d) => s.collect_str(d),
        Published::Confidential => s.serialize_str(CONFIDENTIAL),
    }
}

/// An optional decimal as its exact text.
fn ser_opt_decimal<S: Serializer>(v: &Option<Published<Decimal>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => ser_decimal(d, s),
        None => s.serialize_none(),
    }
}

/// A plain decimal as its exact text.
fn ser_plain_decimal<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// The configuration of one public release, every choice explicit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicConfig {
    /// The primary threshold: sensitive counts in `1..k−1` are suppressed
    /// (default 11).
    pub k: u32,
    /// The release's identifier (`"2017-annual"`), shown in every export.
    pub release: String,
    /// The sensitive indicators by id; `None`: the plan's `sensitive` flags.
    pub sensitive: Option<BTreeSet<String>>,
    /// The suppression patterns of earlier public releases of the plan.
    pub earlier_patterns: Vec<SuppressionPattern>,
    /// The values earlier releases published, by key (for the revision rule).
    pub earlier_published: BTreeMap<String, Rational>,
}

impl PublicConfig {
    /// The smallest primary threshold a release may set: with k = 1 no count
    /// would be confidential.
    pub const MIN_K: u32 = 2;
    /// The largest primary threshold a release may set.
    pub const MAX_K: u32 = 1_000_000;

    /// The defaults (k = 11, the plan's sensitive indicators, no earlier
    /// release) for a release named `release`.
    pub fn new(release: impl Into<String>) -> PublicConfig {
        PublicConfig {
            k: 11,
            release: release.into(),
            sensitive: None,
            earlier_patterns: Vec::new(),
            earlier_published: BTreeMap::new(),
        }
    }

    /// Reads a release's configuration from JSON: `release` (its name,
    /// required), `k` (2 to 1,000,000; default 11), `sensitive` (indicator
    /// ids; absent or null: the plan's flags), `earlier_patterns` (each
    /// earlier release's `pattern`, `{"suppressed": [keys]}`) and
    /// `earlier_published` (value key → the value an earlier release
    /// published). A key given twice or unknown is refused, as in every
    /// document the library reads.
    ///
    /// ```
    /// use seguimiento::PublicConfig;
    /// let config = PublicConfig::from_json(r#"{"release": "2017-annual", "k": 11}"#).unwrap();
    /// assert_eq!(config, PublicConfig::new("2017-annual"));
    /// assert_eq!(PublicConfig::from_json(r#"{"k": 11}"#).unwrap_err().field, "release");
    /// ```
    pub fn from_json(text: &str) -> Result<PublicConfig, crate::ConfigError> {
        crate::read::config::read_public(text)
    }

    /// Whether indicator `id` (with the plan's flag `flag`) is sensitive.
    fn is_sensitive(&self, id: &str, flag: bool) -> bool {
        match &self.sensitive {
            Some(ids) => ids.contains(id),
            None => flag,
        }
    }
}

/// Why a public view could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublicError {
    /// The audit refused the release: a suppressed value is pinned down or
    /// a small count is known to be small.
    #[error("public release {release:?}: {refusal}")]
    Refused {
        /// The release.
        release: String,
        /// The first value that fails, and why.
        refusal: Box<Refusal>,
    },
    /// The disclosure engine could not protect the release.
    #[error("public release {release:?}: {source}")]
    Disclosure {
        /// The release.
        release: String,
        /// The engine's error, naming the value or relation.
        source: Box<DisclosureError>,
    },
    /// The configuration names as sensitive an indicator the plan lacks.
    #[error("public release {release:?}: sensitive indicator {id:?} is not in the plan")]
    UnknownIndicator {
        /// The release.
        release: String,
        /// The id given (its first bytes, if long).
        id: String,
    },
    /// The primary threshold is outside [`PublicConfig::MIN_K`] to
    /// [`PublicConfig::MAX_K`].
    #[error(
        "public release {release:?}: k = {k} is outside {min} to {max} (counts 1..k-1 are confidential, so k below {min} would protect nothing)",
        min = PublicConfig::MIN_K,
        max = PublicConfig::MAX_K
    )]
    KOutOfRange {
        /// The release.
        release: String,
        /// The threshold given.
        k: u32,
    },
    /// The scorecard was not made from this plan.
    #[error("public release {release:?}: the scorecard is of plan {scorecard:?}, not {plan:?}")]
    PlanMismatch {
        /// The release.
        release: String,
        /// The scorecard's plan.
        scorecard: String,
        /// The plan given.
        plan: String,
    },
}

/// One value of a sensitive indicator's table, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicCell {
    /// The value's stable key (`{table}|dim=code|…`).
    pub key: String,
    /// The table (`{indicator}|{year}|entidad` or `…|celdas`).
    pub table: String,
    /// The indicator.
    pub indicator: String,
    /// `(dimension, code)` per dimension; a margin has `total`.
    pub coordinates: Vec<(String, String)>,
    /// The count, or confidential.
    #[serde(serialize_with = "ser_decimal")]
    pub value: Published<Decimal>,
}

/// One item of an indicator's explanation, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PublicItem {
    /// A target.
    Target {
        /// Its period.
        period: Period,
        /// Its entity, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        entity: Option<String>,
        /// B, the plan's figure.
        #[serde(serialize_with = "ser_plain_decimal")]
        baseline: Decimal,
        /// T, the plan's figure.
        #[serde(serialize_with = "ser_plain_decimal")]
        target: Decimal,
        /// Window targets: months ended.
        #[serde(skip_serializing_if = "Option::is_none")]
        months_ended: Option<i64>,
        /// Window targets: months in the window.
        #[serde(skip_serializing_if = "Option::is_none")]
        months: Option<i64>,
        /// Window targets: T′.
        #[serde(
            skip_serializing_if = "Option::is_none",
            serialize_with = "ser_opt_plain_decimal"
        )]
        on_track_target: Option<Decimal>,
        /// A (`None`: no data).
        #[serde(serialize_with = "ser_opt_decimal")]
        value: Option<Published<Decimal>>,
        /// a (`None`: not scored).
        achievement: Option<Published<Score>>,
        /// The note's code.
        note: &'static str,
    },
    /// A milestone.
    Milestone {
        /// Its due date.
        due: NaiveDate,
        /// When achieved, as known.
        achieved_on: Option<NaiveDate>,
        /// Its state.
        state: MilestoneState,
        /// Its achievement.
        achievement: Option<Published<Score>>,
    },
}

fn ser_opt_plain_decimal<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// A child's part in its parent's score, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicChild {
    /// The child's id.
    pub id: String,
    /// Its score (`None`: not scored).
    pub score: Option<Published<Score>>,
    /// Its weight.
    #[serde(serialize_with = "ser_plain_decimal")]
    pub weight: Decimal,
}

/// Why a node has its score, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PublicExplanation {
    /// An indicator's items.
    Indicator {
        /// Every item.
        items: Vec<PublicItem>,
    },
    /// An aggregate's children.
    Children {
        /// Every child.
        children: Vec<PublicChild>,
    },
}

/// One node of the plan, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicNode {
    /// The node's id.
    pub id: String,
    /// Its level.
    pub level: Level,
    /// Its score (`None`: nothing scored).
    pub score: Option<Published<Score>>,
    /// The semáforo, always shown.
    pub band: Band,
    /// Its coverage.
    pub coverage: Score,
    /// Where it stands.
    pub status: NodeStatus,
    /// Its inputs.
    pub explanation: PublicExplanation,
}

/// One institution's scorecard, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicEntity {
    /// The registry code.
    pub code: String,
    /// Mean score of its scored actions.
    pub score: Option<Published<Score>>,
    /// The semáforo, always shown.
    pub band: Band,
    /// Actions it answers for.
    pub actions: usize,
    /// Of which scored.
    pub scored_actions: usize,
    /// Overdue actions.
    pub overdue: Vec<String>,
}

/// A social-audit discrepancy, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicDiscrepancy {
    /// The indicator.
    pub indicator: String,
    /// The period.
    pub period: Period,
    /// The entity.
    pub entity: String,
    /// The cell (empty: the total).
    pub cell: BTreeMap<String, String>,
    /// The official value.
    #[serde(serialize_with = "ser_decimal")]
    pub official: Published<Decimal>,
    /// The social-audit value.
    #[serde(serialize_with = "ser_decimal")]
    pub verification: Published<Decimal>,
}

/// A consistency note, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicConsistencyNote {
    /// The indicator.
    pub indicator: String,
    /// The period.
    pub period: Period,
    /// The entity.
    pub entity: String,
    /// The reported total.
    #[serde(serialize_with = "ser_decimal")]
    pub total: Published<Decimal>,
    /// The sum of its cells.
    #[serde(serialize_with = "ser_decimal")]
    pub cells_sum: Published<Decimal>,
    /// How many cells.
    pub cells: usize,
}

/// The public view of an evaluation: every value a release shows, each
/// published or confidential, with the audit summary and the release's
/// suppression pattern. The internal record (primary and secondary told
/// apart, every value kept) is reached through [`PublicView::status`] and
/// [`PublicView::to_internal_sdmx_csv`].
#[derive(Debug, Clone, Serialize)]
pub struct PublicView {
    /// The release's identifier.
    pub release: String,
    /// The primary threshold.
    pub k: u32,
    /// The plan's id.
    pub plan: String,
    /// The evaluation date.
    pub as_of: NaiveDate,
    /// The knowledge date.
    pub known_on: NaiveDate,
    /// Every node, in the scorecard's order.
    pub nodes: Vec<PublicNode>,
    /// Every entity score.
    pub entities: Vec<PublicEntity>,
    /// Reporting compliance (counts of reports, not of people: as is).
    pub reporting: Vec<ReportingRow>,
    /// Social-audit discrepancies.
    pub discrepancies: Vec<PublicDiscrepancy>,
    /// Consistency notes.
    pub consistency: Vec<PublicConsistencyNote>,
    /// Every cell and margin of every sensitive indicator's tables.
    pub cells: Vec<PublicCell>,
    /// The audit's summary, which ships with the release.
    pub audit: AuditSummary,
    /// The keys suppressed, to save with the release and give to the next
    /// one ([`PublicConfig::earlier_patterns`]).
    pub pattern: SuppressionPattern,
    #[serde(skip)]
    internal: gather::Gathered,
    #[serde(skip)]
    statuses: Vec<Status>,
    #[serde(skip)]
    intervals: Vec<Interval>,
}

impl PublicView {
    /// Builds the public view of `scorecard` (evaluated from `ledger` under
    /// `plan`): gathers the values and relations (see the module
    /// documentation), protects them and audits the result.
    pub fn build(
        plan: &Plan,
        ledger: &Ledger,
        scorecard: &Scorecard,
        config: &PublicConfig,
    ) -> Result<PublicView, PublicError> {
        // A configuration read from JSON is checked as it is read; one built
        // in code is checked here, so no release goes out unprotected.
        if !(PublicConfig::MIN_K..=PublicConfig::MAX_K).contains(&config.k) {
            return Err(PublicError::KOutOfRange {
                release: config.release.clone(),
                k: config.k,
            });
        }
        if scorecard.plan != plan.document().id {
            return Err(PublicError::PlanMismatch {
                release: config.release.clone(),
                scorecard: scorecard.plan.clone(),
                plan: plan.document().id.clone(),
            });
        }
        if let Some(unknown) = config
            .sensitive
            .iter()
            .flatten()
            .find(|id| plan.indicator(id).is_none())
        {
            return Err(PublicError::UnknownIndicator {
                release: config.release.clone(),
                id: crate::messages::Excerpt::new(unknown).to_string(),
            });
        }
        let disclosure = |source: DisclosureError| match source {
            DisclosureError::Refused(refusal) => PublicError::Refused {
                release: config.release.clone(),
                refusal,
            },
            source => PublicError::Disclosure {
                release: config.release.clone(),
                source: Box::new(source),
            },
        };
        let mut gathered = gather::gather(plan, ledger, scorecard, config).map_err(disclosure)?;
        // A value an earlier release suppressed was not zero (the engine
        // never suppresses a zero); one that is zero now is a revision of a
        // value nobody saw, not a repeat, and is published as zeros are.
        let earlier_patterns = config
            .earlier_patterns
            .iter()
            .map(|pattern| SuppressionPattern {
                suppressed: pattern
                    .suppressed
                    .iter()
                    .filter(|key| {
                        gathered
                            .relations
                            .id(key)
                            .is_none_or(|id| !gathered.relations.value(id).value.is_zero())
                    })
                    .cloned()
                    .collect(),
            })
            .collect();
        let options = crate::disclosure::ProtectOptions {
            k: config.k,
            earlier_patterns,
            earlier_published: config.earlier_published.clone(),
        };
        // Clamped achievements and their values are one protected unit: a
        // suppression of either makes the other primary, and the engine
        // runs again (each round marks at least one more value, so it ends).
        let protection = loop {
            let protection =
                crate::disclosure::protect(&gathered.relations, &options).map_err(disclosure)?;
            let mut marked = false;
            for &(value, achievement) in &gathered.units {
                let (v, a) = (protection.status(value), protection.status(achievement));
                if v.is_suppressed() != a.is_suppressed() {
                    let published = if v.is_suppressed() {
                        achievement
                    } else {
                        value
                    };
                    gathered.relations.mark_primary(published);
                    marked = true;
                }
            }
            if !marked {
                break protection;
            }
        };
        let audit = protection.audit(&gathered.relations).map_err(disclosure)?;
        let statuses = protection.statuses().to_vec();
        let shown = gather::Shown {
            gathered: &gathered,
            statuses: &statuses,
        };
        Ok(PublicView {
            release: config.release.clone(),
            k: config.k,
            plan: scorecard.plan.clone(),
            as_of: scorecard.as_of,
            known_on: scorecard.known_on,
            nodes: shown.nodes(scorecard),
            entities: shown.entities(scorecard),
            reporting: scorecard.reporting.clone(),
            discrepancies: shown.discrepancies(scorecard),
            consistency: shown.consistency(scorecard),
            cells: shown.cells(),
            audit: audit.summary,
            pattern: protection.pattern().clone(),
            intervals: audit.intervals,
            internal: gathered,
            statuses,
        })
    }

    /// The status of the value with this key (primary and secondary told
    /// apart: for the internal audit record, never for publication).
    pub fn status(&self, key: &str) -> Option<Status> {
        let id = self.internal.relations.id(key)?;
        Some(self.statuses[id.index()])
    }

    /// Every value's key and how it is shown, in the order of the values.
    pub fn values(&self) -> Vec<(&str, Published<&Rational>)> {
        self.internal
            .relations
            .values()
            .iter()
            .zip(&self.statuses)
            .map(|(v, s)| {
                let shown = if s.is_suppressed() {
                    Published::Confidential
                } else {
                    Published::Value(&v.value)
                };
                (v.key.as_str(), shown)
            })
            .collect()
    }

    /// The sensitive values this release publishes, by key: saved with the
    /// release and given to the next one
    /// ([`PublicConfig::earlier_published`]) for the revision rule.
    pub fn published_values(&self) -> BTreeMap<String, Rational> {
        self.internal
            .relations
            .values()
            .iter()
            .zip(&self.statuses)
            .filter(|(v, s)| v.sensitive && !s.is_suppressed())
            .map(|(v, _)| (v.key.clone(), v.value.clone()))
            .collect()
    }

    /// Each suppressed value's feasibility interval (internal: it names
    /// every suppressed key).
    pub fn intervals(&self) -> &[Interval] {
        &self.intervals
    }

    /// The disclosure engine's input (values and relations), for an
    /// independent check of the release.
    pub fn relations(&self) -> &crate::disclosure::Relations {
        &self.internal.relations
    }
}
