//! The plain data of a plan, exactly as it is written in the plan format
//! (`seeds/FORMAT.md`). These types carry no invariants of their own: a
//! [`PlanDocument`] becomes a [`Plan`](crate::Plan) only after validation.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::names::names;

/// The format tag every plan document carries.
pub const PLAN_FORMAT: &str = "seguimiento-plan/1";

/// A whole plan as written in the plan format: entities, dimensions, the
/// axis → line → goal → action → indicator tree, and the data notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDocument {
    /// Always [`PLAN_FORMAT`].
    pub format: String,
    /// The plan's own id, e.g. `PAE-TRATA-2007-2017`.
    pub id: String,
    /// The plan's title.
    pub title: String,
    /// Code of the entity that coordinates the plan; it may report on every action.
    pub coordinator: String,
    /// Where the texts come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The entity registry: each institution or group once.
    pub entities: Vec<Entity>,
    /// Disaggregations indicators may use, with their allowed values.
    pub dimensions: Vec<Dimension>,
    /// The political axes (ejes), in the seed's order.
    pub axes: Vec<Axis>,
    /// Notes on how the seed was read where it was ambiguous.
    #[serde(default)]
    pub notes: Vec<DataNote>,
}

names! {
    /// Whether a registry entry is one institution or a group of them.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum EntityKind ("entity kind") {
        /// One institution (or a dependency of one).
        Institution = "institution",
        /// A group that lists or describes its members.
        Group = "group",
    }
}

/// An institution or group of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Unique acronym, e.g. `PNC`.
    pub code: String,
    /// Full official Spanish name.
    pub name: String,
    /// Institution or group.
    pub kind: EntityKind,
    /// The entity this one depends on (PNC → MINGOB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Member entity codes (groups only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// A description, for groups described rather than listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Other spellings used in the seed's responsible codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A disaggregation (sex, age, municipality, …) and its allowed values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Identifier used by indicators and observation cells, e.g. `sexo`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Allowed values (codes).
    pub values: Vec<String>,
    /// Each value's name, in the order of `values` (`01` → `Guatemala`);
    /// empty when the codes are their own names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// The code list's source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A political axis (eje político).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    /// Hierarchical id, e.g. `E1`.
    pub id: String,
    /// Verbatim text.
    pub text: String,
    /// Corrected reading, where the seed has an obvious typo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    /// Lines of intervention.
    pub lines: Vec<Line>,
}

/// A line of intervention (línea de intervención).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// Hierarchical id, e.g. `E1.L2`.
    pub id: String,
    /// Verbatim text.
    pub text: String,
    /// Corrected reading, where the seed has an obvious typo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    /// Goals.
    pub goals: Vec<Goal>,
}

/// A goal (meta).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Hierarchical id, e.g. `E1.L2.M1`.
    pub id: String,
    /// Verbatim text.
    pub text: String,
    /// Corrected reading, where the seed has an obvious typo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    /// Strategic actions.
    pub actions: Vec<Action>,
}

/// A strategic action (acción estratégica).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Hierarchical id, e.g. `E1.L2.M1.A3`.
    pub id: String,
    /// Verbatim text.
    pub text: String,
    /// Corrected reading, where the seed has an obvious typo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    /// Deadlines (at least one).
    pub plazos: Vec<Plazo>,
    /// Responsible entity codes as written in the seed (at least one).
    pub responsible: Vec<Responsible>,
    /// Indicators (at least one).
    pub indicators: Vec<Indicator>,
}

/// A deadline: `10 años (2007-2017)` runs from 1 January 2007 to 31 December 2017.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plazo {
    /// Hierarchical id, e.g. `E1.L2.M1.A3.P1`.
    pub id: String,
    /// The seed's wording, e.g. `10 años (2007-2017)`.
    pub label: String,
    /// The number of years the label states.
    pub stated_years: u32,
    /// First calendar year of the window.
    pub start_year: i32,
    /// Last calendar year of the window (this governs over `stated_years`).
    pub end_year: i32,
}

/// A responsible code as the seed writes it (`MINGOB/PNC/DGM`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsible {
    /// The seed's code, verbatim.
    pub code: String,
    /// Corrected reading used for resolution (`0J` → `OJ`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
}

impl Responsible {
    /// The code to resolve: the corrected reading if any, else the verbatim one.
    pub fn effective_code(&self) -> &str {
        self.corrected.as_deref().unwrap_or(&self.code)
    }
}

names! {
    /// What an indicator measures.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Measure ("measure") {
        /// A whole number ≥ 0.
        Count = "count",
        /// Money in GTQ, ≥ 0.
        Amount = "amount",
        /// 0–100.
        Percentage = "percentage",
        /// An ordinal score ≥ 0 (e.g. from an opinion survey).
        Level = "level",
        /// Achieved once, on a date.
        Milestone = "milestone",
        /// Categorical or qualitative: monitoring only, never scored.
        Text = "text",
    }
}

impl Measure {
    /// Whether cells of this measure may be summed into a total.
    pub fn is_additive(self) -> bool {
        matches!(self, Measure::Count | Measure::Amount)
    }
}

names! {
    /// How values of different periods combine.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Accumulation ("accumulation") {
        /// Events in a period: periods add up.
        Flow = "flow",
        /// A level at a moment: the latest period counts.
        Stock = "stock",
    }
}

names! {
    /// How often an indicator is reported.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Frequency ("frequency") {
        /// Every month (`2009-03`).
        Monthly = "monthly",
        /// Every half year (`2009-S1`).
        Semiannual = "semiannual",
        /// Every year (`2009`).
        Annual = "annual",
        /// Every two years (reported on a year period).
        Biennial = "biennial",
        /// Once: milestones.
        Once = "once",
    }
}

fn default_weight() -> Decimal {
    Decimal::ONE
}

fn is_default_weight(weight: &Decimal) -> bool {
    *weight == Decimal::ONE
}

/// An indicator (indicador) and how it is measured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Hierarchical id, e.g. `E1.L2.M1.A3.I1`.
    pub id: String,
    /// Verbatim text.
    pub text: String,
    /// Corrected reading, where the seed has an obvious typo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    /// What it measures.
    pub measure: Measure,
    /// Flow or stock.
    pub accumulation: Accumulation,
    /// How often it is reported.
    pub frequency: Frequency,
    /// Dimension ids its cells are broken down by.
    #[serde(default)]
    pub dimensions: Vec<String>,
    /// Whether its cells count victims or minors (disclosure control).
    pub sensitive: bool,
    /// Id of the action's plazo this indicator belongs to.
    pub plazo: String,
    /// Weight in its action's score.
    #[serde(
        default = "default_weight",
        skip_serializing_if = "is_default_weight",
        with = "rust_decimal::serde::str"
    )]
    pub weight: Decimal,
    /// Why it was classified so, where that is not obvious from its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

names! {
    /// The kind of a data note.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum NoteKind ("note kind") {
        /// An entity listed twice for one action.
        RepeatedEntity = "repeated_entity",
        /// An entity line without its `·` bullet.
        EntityWithoutBullet = "entity_without_bullet",
        /// An obvious typo, with a corrected reading beside the verbatim text.
        Typo = "typo",
        /// A plazo whose year range and stated years disagree.
        PlazoSpan = "plazo_span",
        /// Which plazo each indicator of a multi-plazo action belongs to.
        PlazoAssignment = "plazo_assignment",
        /// A paragraph that continues the one above it.
        ContinuedParagraph = "continued_paragraph",
        /// How an indicator was classified.
        Classification = "classification",
        /// Anything else.
        Other = "other",
    }
}

/// A note on how the seed was read where it was ambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataNote {
    /// The node the note is about.
    pub node: String,
    /// What kind of ambiguity.
    pub kind: NoteKind,
    /// The seed's wording.
    pub seed: String,
    /// What was decided and why.
    pub note: String,
}
