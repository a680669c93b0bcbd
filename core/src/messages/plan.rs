//! Why a plan document breaks the plan's rules: [`PlanReason`], the typed
//! parameters of each problem, and its English sentence. The rule broken is
//! its [`ProblemKind`](crate::plan::ProblemKind).

use std::fmt::{self, Display};

use rust_decimal::Decimal;

use super::Excerpt;
use crate::plan::{Frequency, Measure, ProblemKind};

/// What exactly is wrong with a plan, with the values involved. Texts taken
/// from the document are [`Excerpt`]s.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PlanReason {
    /// The document's `format` is not the one this library reads.
    UnknownFormat {
        /// The format given.
        found: Excerpt,
        /// The format read.
        expected: &'static str,
    },
    /// The plan's own id is empty.
    EmptyPlanId,
    /// A node's text is empty.
    EmptyText,
    /// A plazo's label is empty.
    EmptyLabel,
    /// An entity without a name.
    UnnamedEntity {
        /// Its code.
        code: Excerpt,
    },
    /// A node id off the hierarchical scheme.
    MalformedId {
        /// The id given.
        id: Excerpt,
        /// The shape it should have (`E1.L1.M<n>`).
        expected: String,
    },
    /// An entity code with characters other than letters, digits, `-`, `_`.
    MalformedEntityCode {
        /// The code given.
        code: Excerpt,
    },
    /// A node id used twice.
    DuplicateId {
        /// The id.
        id: Excerpt,
    },
    /// An entity code or alias that is already another entity's.
    DuplicateEntityKey {
        /// The code or alias.
        key: Excerpt,
        /// The entity naming it.
        entity: Excerpt,
        /// The entity that has it already.
        other: Excerpt,
    },
    /// A dimension defined twice.
    DuplicateDimension {
        /// The dimension.
        id: Excerpt,
    },
    /// A registry larger than a plan may have.
    TooManyEntities {
        /// Entities given.
        count: usize,
        /// The most allowed.
        max: usize,
    },
    /// An entity nested deeper than a plan may nest them.
    TooDeep {
        /// The entity.
        code: Excerpt,
        /// The most parents allowed above an entity.
        max: usize,
    },
    /// More dimensions than a plan may define.
    TooManyDimensions {
        /// Dimensions given.
        count: usize,
        /// The most allowed.
        max: usize,
    },
    /// A dimension with more values than allowed.
    TooManyDimensionValues {
        /// The dimension.
        id: Excerpt,
        /// Values given.
        count: usize,
        /// The most allowed.
        max: usize,
    },
    /// An indicator with more dimensions than allowed.
    TooManyIndicatorDimensions {
        /// Dimensions given.
        count: usize,
        /// The most allowed.
        max: usize,
    },
    /// The coordinator names no entity.
    DanglingCoordinator {
        /// The code given.
        code: Excerpt,
    },
    /// An entity's parent names no entity.
    DanglingParent {
        /// The parent given.
        parent: Excerpt,
        /// The entity.
        entity: Excerpt,
    },
    /// A group member names no entity.
    DanglingMember {
        /// The member given.
        member: Excerpt,
        /// The group.
        entity: Excerpt,
    },
    /// A responsible code that cannot be resolved to entities.
    DanglingResponsible {
        /// Why, as the code resolution says it.
        why: String,
    },
    /// Entity parents that lead back to the first.
    EntityCycle {
        /// The first entity of the cycle in the registry's order.
        first: Excerpt,
        /// Entities on the cycle.
        count: usize,
        /// The cycle as shown (at most six codes, then `…`, then the first again).
        shown: Vec<String>,
    },
    /// A group that neither lists members nor describes them.
    EmptyGroup {
        /// The group.
        code: Excerpt,
    },
    /// An institution with members.
    InstitutionWithMembers {
        /// The institution.
        code: Excerpt,
    },
    /// An action without a plazo.
    NoPlazo {
        /// The action.
        action: Excerpt,
    },
    /// An action without an indicator.
    NoIndicator {
        /// The action.
        action: Excerpt,
    },
    /// An action without a responsible entity.
    NoResponsible {
        /// The action.
        action: Excerpt,
    },
    /// A plazo that ends before it starts.
    ReversedPlazo {
        /// Its label.
        label: Excerpt,
        /// First year.
        start: i32,
        /// Last year.
        end: i32,
    },
    /// A plazo stating zero years.
    ZeroYears {
        /// Its label.
        label: Excerpt,
    },
    /// A plazo with years outside 1900-2200.
    YearsOutOfRange {
        /// Its label.
        label: Excerpt,
    },
    /// An indicator tied to a plazo its action lacks.
    UnknownPlazo {
        /// The plazo named.
        plazo: Excerpt,
        /// The action.
        action: Excerpt,
    },
    /// An indicator names a dimension the plan does not define.
    UndefinedDimension {
        /// The dimension.
        dimension: Excerpt,
    },
    /// An indicator names a dimension twice.
    DimensionNamedTwice {
        /// The dimension.
        dimension: Excerpt,
    },
    /// A dimension that allows no value.
    NoDimensionValues {
        /// The dimension.
        id: Excerpt,
    },
    /// A dimension that lists a value twice.
    DimensionValueTwice {
        /// The dimension.
        id: Excerpt,
        /// The value.
        value: Excerpt,
    },
    /// A dimension whose labels are not one per value.
    DimensionLabels {
        /// The dimension.
        id: Excerpt,
        /// Labels given.
        labels: usize,
        /// Values given.
        values: usize,
    },
    /// A measure that is always a stock, classified as a flow.
    StockAsFlow {
        /// The measure.
        measure: Measure,
    },
    /// A frequency that does not fit the measure.
    FrequencyMismatch {
        /// The frequency.
        frequency: Frequency,
        /// The measure.
        measure: Measure,
    },
    /// A negative weight.
    NegativeWeight {
        /// The weight.
        weight: Decimal,
    },
    /// A weight above [`MAX_WEIGHT`](crate::MAX_WEIGHT) or with more than
    /// [`WEIGHT_PLACES`](crate::WEIGHT_PLACES) decimals.
    WeightOutOfRange {
        /// The weight.
        weight: Decimal,
    },
    /// A data note about a node the plan lacks.
    DanglingNote {
        /// The node named.
        node: Excerpt,
    },
}

impl PlanReason {
    /// The rule broken.
    pub fn kind(&self) -> ProblemKind {
        match self {
            PlanReason::UnknownFormat { .. } => ProblemKind::UnknownFormat,
            PlanReason::EmptyPlanId
            | PlanReason::EmptyText
            | PlanReason::EmptyLabel
            | PlanReason::UnnamedEntity { .. } => ProblemKind::EmptyText,
            PlanReason::MalformedId { .. } | PlanReason::MalformedEntityCode { .. } => {
                ProblemKind::MalformedId
            }
            PlanReason::DuplicateId { .. }
            | PlanReason::DuplicateEntityKey { .. }
            | PlanReason::DuplicateDimension { .. } => ProblemKind::DuplicateId,
            PlanReason::TooManyEntities { .. }
            | PlanReason::TooDeep { .. }
            | PlanReason::TooManyDimensions { .. }
            | PlanReason::TooManyDimensionValues { .. }
            | PlanReason::TooManyIndicatorDimensions { .. } => ProblemKind::LimitExceeded,
            PlanReason::DanglingCoordinator { .. }
            | PlanReason::DanglingParent { .. }
            | PlanReason::DanglingMember { .. }
            | PlanReason::DanglingResponsible { .. } => ProblemKind::DanglingEntity,
            PlanReason::EntityCycle { .. } => ProblemKind::EntityCycle,
            PlanReason::EmptyGroup { .. } | PlanReason::InstitutionWithMembers { .. } => {
                ProblemKind::MalformedGroup
            }
            PlanReason::NoPlazo { .. } => ProblemKind::MissingPlazo,
            PlanReason::NoIndicator { .. } => ProblemKind::MissingIndicator,
            PlanReason::NoResponsible { .. } => ProblemKind::MissingResponsible,
            PlanReason::ReversedPlazo { .. }
            | PlanReason::ZeroYears { .. }
            | PlanReason::YearsOutOfRange { .. } => ProblemKind::ReversedPlazo,
            PlanReason::UnknownPlazo { .. } => ProblemKind::UnknownPlazo,
            PlanReason::UndefinedDimension { .. } | PlanReason::DimensionNamedTwice { .. } => {
                ProblemKind::UnknownDimension
            }
            PlanReason::NoDimensionValues { .. }
            | PlanReason::DimensionValueTwice { .. }
            | PlanReason::DimensionLabels { .. } => ProblemKind::MalformedDimension,
            PlanReason::StockAsFlow { .. }
            | PlanReason::FrequencyMismatch { .. }
            | PlanReason::NegativeWeight { .. }
            | PlanReason::WeightOutOfRange { .. } => ProblemKind::InvalidClassification,
            PlanReason::DanglingNote { .. } => ProblemKind::DanglingNote,
        }
    }
}

impl Display for PlanReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanReason::UnknownFormat { found, expected } => write!(
                f,
                "format is {}; this library reads {expected:?}",
                found.quoted()
            ),
            PlanReason::EmptyPlanId => f.write_str("the plan's id is empty"),
            PlanReason::EmptyText => f.write_str("text is empty"),
            PlanReason::EmptyLabel => f.write_str("label is empty"),
            PlanReason::UnnamedEntity { code } => write!(f, "entity {code} has no name"),
            PlanReason::MalformedId { id, expected } => write!(
                f,
                "id {} should be {expected} (n a positive number)",
                id.quoted()
            ),
            PlanReason::MalformedEntityCode { code } => write!(
                f,
                "entity code {} may hold only letters, digits, '-' and '_'",
                code.quoted()
            ),
            PlanReason::DuplicateId { id } => {
                write!(f, "id {} is used more than once", id.quoted())
            }
            PlanReason::DuplicateEntityKey { key, entity, other } => write!(
                f,
                "{} of entity {entity} is already the code or an alias of entity {other}",
                key.quoted()
            ),
            PlanReason::DuplicateDimension { id } => {
                write!(f, "dimension {} is defined twice", id.quoted())
            }
            PlanReason::TooManyEntities { count, max } => write!(
                f,
                "the registry has {count} entities, more than the {max} a plan may have"
            ),
            PlanReason::TooDeep { code, max } => write!(
                f,
                "{code} has more than {max} parents above it, the most a plan may nest entities"
            ),
            PlanReason::TooManyDimensions { count, max } => write!(
                f,
                "the plan defines {count} dimensions, more than {max}"
            ),
            PlanReason::TooManyDimensionValues { id, count, max } => write!(
                f,
                "dimension {} allows {count} values, more than the {max} a dimension may have",
                id.quoted()
            ),
            PlanReason::TooManyIndicatorDimensions { count, max } => write!(
                f,
                "indicator has {count} dimensions, more than the {max} an indicator may have"
            ),
            PlanReason::DanglingCoordinator { code } => write!(
                f,
                "coordinator {} names no entity of the registry",
                code.quoted()
            ),
            PlanReason::DanglingParent { parent, entity } => write!(
                f,
                "parent {} of {entity} names no entity of the registry",
                parent.quoted()
            ),
            PlanReason::DanglingMember { member, entity } => write!(
                f,
                "member {} of {entity} names no entity of the registry",
                member.quoted()
            ),
            PlanReason::DanglingResponsible { why } => f.write_str(why),
            PlanReason::EntityCycle {
                first,
                count,
                shown,
            } => write!(
                f,
                "the parents of {first} lead back to it ({count} entities in the cycle: {})",
                shown.join(" → ")
            ),
            PlanReason::EmptyGroup { code } => {
                write!(f, "group {code} neither lists members nor describes them")
            }
            PlanReason::InstitutionWithMembers { code } => {
                write!(f, "{code} is an institution; only groups have members")
            }
            PlanReason::NoPlazo { action } => write!(f, "action {action} has no plazo"),
            PlanReason::NoIndicator { action } => write!(f, "action {action} has no indicator"),
            PlanReason::NoResponsible { action } => {
                write!(f, "action {action} has no responsible entity")
            }
            PlanReason::ReversedPlazo { label, start, end } => write!(
                f,
                "plazo {} ends ({end}) before it starts ({start})",
                label.quoted()
            ),
            PlanReason::ZeroYears { label } => {
                write!(f, "plazo {} states zero years", label.quoted())
            }
            PlanReason::YearsOutOfRange { label } => write!(
                f,
                "plazo {} has years outside 1900-2200",
                label.quoted()
            ),
            PlanReason::UnknownPlazo { plazo, action } => write!(
                f,
                "indicator is tied to plazo {}, which action {action} lacks",
                plazo.quoted()
            ),
            PlanReason::UndefinedDimension { dimension } => write!(
                f,
                "dimension {} is not defined by the plan",
                dimension.quoted()
            ),
            PlanReason::DimensionNamedTwice { dimension } => {
                write!(f, "dimension {} is named twice", dimension.quoted())
            }
            PlanReason::NoDimensionValues { id } => {
                write!(f, "dimension {} allows no value", id.quoted())
            }
            PlanReason::DimensionValueTwice { id, value } => write!(
                f,
                "dimension {} lists the value {} twice",
                id.quoted(),
                value.quoted()
            ),
            PlanReason::DimensionLabels { id, labels, values } => write!(
                f,
                "dimension {} has {labels} labels for {values} values: one label per value, in order",
                id.quoted()
            ),
            PlanReason::StockAsFlow { measure } => write!(
                f,
                "a {} indicator is always a stock, not a flow",
                measure.as_str()
            ),
            PlanReason::FrequencyMismatch { frequency, measure } => write!(
                f,
                "frequency {} does not fit measure {}: milestones, and only they, are reported once",
                frequency.as_str(),
                measure.as_str()
            ),
            PlanReason::NegativeWeight { weight } => write!(f, "weight {weight} is negative"),
            PlanReason::WeightOutOfRange { weight } => write!(
                f,
                "weight {weight} is not a weight: from 0 to {}, with at most {} decimal places",
                crate::MAX_WEIGHT,
                crate::WEIGHT_PLACES
            ),
            PlanReason::DanglingNote { node } => write!(
                f,
                "note is about {}, which is not a node of the plan",
                node.quoted()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_id_in_a_plan_problem_is_capped() {
        let id = "E".repeat(1_000_000);
        let reason = PlanReason::DuplicateId {
            id: Excerpt::new(&id),
        };
        let text = reason.to_string();
        assert!(text.len() < 130, "{text}");
        assert!(text.contains("(1000000 bytes)"), "{text}");
        assert_eq!(reason.kind(), ProblemKind::DuplicateId);
    }
}
