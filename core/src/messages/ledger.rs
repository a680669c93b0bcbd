//! Why a ledger record or batch was refused: [`Reason`] (one record),
//! [`ColumnProblem`] and [`DocumentProblem`] (a whole batch), each with a
//! stable snake_case code, typed parameters and its English sentence.

use std::fmt::{self, Display};

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use super::{article, list_or_none, Excerpt};
use crate::ledger::{RecordKind, ReportKind};
use crate::period::{Granularity, Period};
use crate::plan::{Frequency, Measure};
use crate::values::{DateError, DateProblem, NumberError, NumberProblem};

/// How a required field came to have no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Absence {
    /// The field is not there at all.
    Absent,
    /// It is there, as null (JSON `null`, Python `None`, pandas `NA`/`NaT`).
    Null,
    /// It is an empty cell: how CSV writes "no value".
    Empty,
    /// It is a float NaN: how pandas writes "no value" in a numeric column.
    NaN,
}

/// Why one ledger record was rejected: a stable code ([`Reason::code`]) and
/// the parameters its sentence (`Display`) is built from. Values taken from
/// the input are [`Excerpt`]s, so a huge bad value is never repeated whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    // ---- reading: the record as given --------------------------------------
    /// `not_an_object`: the record is not an object of fields.
    NotAnObject {
        /// The kind of record expected.
        kind: RecordKind,
        /// What was found instead, as shown.
        found: String,
    },
    /// `duplicate_field`: a field is given twice.
    DuplicateField {
        /// The field.
        field: Excerpt,
    },
    /// `unknown_field`: a field the record kind does not have.
    UnknownField {
        /// The field given.
        field: Excerpt,
        /// The record kind, whose fields the message lists.
        kind: RecordKind,
    },
    /// `missing_field`: a required field has no value.
    MissingField {
        /// The field.
        field: &'static str,
        /// How it has no value.
        absence: Absence,
    },
    /// `wrong_type`: a value of a type the field does not take.
    WrongType {
        /// What the field takes, in the words of the input format.
        expected: &'static str,
        /// What was found, as shown.
        found: String,
    },
    /// `unreadable_value`: the input holds a value that cannot be read as
    /// text at all (a JSON string with a lone surrogate escape).
    UnreadableValue {
        /// Why, in the words of the input format.
        why: String,
    },
    /// `empty_number`, `not_finite`, `not_a_number`, `inexact_number`: the
    /// text is not an exact decimal number.
    Number(NumberError),
    /// `not_a_date`, `not_a_calendar_date`: the text is not a date.
    Date(DateError),
    /// `time_of_day`: a date and time whose time is not midnight.
    TimeOfDay {
        /// The value given.
        value: NaiveDateTime,
    },
    /// `not_a_period`: the text is not a period.
    Period {
        /// The text given.
        text: Excerpt,
        /// What is wrong with it.
        why: &'static str,
    },
    /// `not_a_year`: not a four-digit year.
    Year {
        /// The text given.
        text: Excerpt,
    },
    /// `unknown_report_kind`: not monthly, semiannual or annual.
    ReportKind {
        /// The text given.
        text: Excerpt,
    },
    /// `unknown_follow_up_status`: not not_started, in_progress or implemented.
    FollowUpStatus {
        /// The text given.
        text: Excerpt,
    },
    /// `unknown_source`: not official or verification.
    Source {
        /// The text given.
        text: Excerpt,
    },
    /// `not_a_cell`: a cell is not a map of dimension → value texts.
    NotACell {
        /// What a cell is, in the words of the input format.
        expected: &'static str,
        /// What was found, as shown.
        found: String,
    },
    /// `duplicate_dimension`: a cell names a dimension twice.
    DuplicateDimension {
        /// The dimension.
        dimension: Excerpt,
    },
    /// `row_length`: a CSV row with another number of fields than the header.
    RowLength {
        /// Fields in the row.
        len: u64,
        /// Fields in the header.
        expected: u64,
    },
    /// `invalid_utf8`: a CSV row field that is not UTF-8.
    InvalidUtf8 {
        /// The field's 1-based position in the row.
        field: u64,
    },

    // ---- validation against the plan ---------------------------------------
    /// `unknown_indicator`: no indicator of the plan has this id.
    UnknownIndicator {
        /// The id given.
        id: Excerpt,
    },
    /// `unknown_entity`: no entity of the plan has this code or alias.
    UnknownEntity {
        /// The code given.
        code: Excerpt,
    },
    /// `ambiguous_entity`: a code that names several entities (a responsible
    /// code of the plan, `MINGOB/PNC/DGM`) where one entity is required.
    AmbiguousEntity {
        /// The code given.
        code: Excerpt,
        /// The registry codes of the entities it names.
        candidates: Vec<String>,
    },
    /// `not_responsible`: the entity is not responsible for the action.
    NotResponsible {
        /// The entity's code.
        entity: String,
        /// The action's id.
        action: String,
        /// The action's responsible codes.
        responsible: Vec<String>,
        /// The plan's coordinator.
        coordinator: String,
    },
    /// `not_a_count`: a count is a whole number ≥ 0.
    NotACount {
        /// The value given.
        value: Decimal,
    },
    /// `negative_amount`: an amount below zero.
    NegativeAmount {
        /// The value given.
        value: Decimal,
    },
    /// `not_a_percentage`: a percentage outside 0 to 100.
    NotAPercentage {
        /// The value given.
        value: Decimal,
    },
    /// `negative_level`: a level below zero.
    NegativeLevel {
        /// The value given.
        value: Decimal,
    },
    /// `outside_plazo`: the period lies outside the indicator's plazo.
    OutsidePlazo {
        /// The period given.
        period: Period,
        /// The plazo's label.
        plazo: String,
        /// The plazo's window of years.
        window: Period,
    },
    /// `recorded_before_period`: recorded before its period starts.
    RecordedBeforePeriod {
        /// The recording date.
        recorded_on: NaiveDate,
        /// The period.
        period: Period,
    },
    /// `takes_no_target`: a text or milestone indicator given a target.
    TakesNoTarget {
        /// The indicator's id.
        indicator: String,
        /// Its measure.
        measure: Measure,
    },
    /// `biennial_target_year`: a yearly target for a biennial indicator.
    BiennialTargetYear {
        /// The indicator's id.
        indicator: String,
        /// The indicator's window.
        window: Period,
    },
    /// `target_period`: a target for neither a year nor the whole window.
    TargetPeriod {
        /// The period given.
        period: Period,
        /// The indicator's window.
        window: Period,
    },
    /// `target_equals_baseline`: nothing to achieve.
    TargetEqualsBaseline {
        /// The target value.
        value: Decimal,
    },
    /// `milestone_observed`: a milestone indicator given an observation.
    MilestoneObserved {
        /// The indicator's id.
        indicator: String,
    },
    /// `text_observed`: a text indicator given an observation.
    TextObserved {
        /// The indicator's id.
        indicator: String,
    },
    /// `wrong_granularity`: a period of another length than the
    /// indicator's frequency.
    WrongGranularity {
        /// The indicator's id.
        indicator: String,
        /// Its frequency.
        frequency: Frequency,
        /// The granularity its periods have.
        expected: Granularity,
        /// The period given.
        period: Period,
    },
    /// `unknown_dimension`: a cell names a dimension the indicator lacks.
    UnknownDimension {
        /// The indicator's id.
        indicator: String,
        /// The dimension named.
        dimension: Excerpt,
        /// The indicator's dimensions.
        dimensions: Vec<String>,
    },
    /// `too_many_dimensions`: a cell names more dimensions than any
    /// indicator has.
    TooManyDimensions {
        /// The most a cell names.
        max: usize,
    },
    /// `not_a_dimension_value`: a value the dimension does not allow.
    NotADimensionValue {
        /// The dimension.
        dimension: String,
        /// The value given.
        value: Excerpt,
        /// The first allowed values.
        allowed: Vec<String>,
        /// Whether the dimension allows more values than listed.
        more: bool,
    },
    /// `partial_cell`: a cell names some but not all of the indicator's
    /// dimensions.
    PartialCell {
        /// The indicator's id.
        indicator: String,
        /// The dimensions not named.
        missing: Vec<String>,
    },
    /// `not_a_milestone`: a milestone for an indicator that is not one.
    NotAMilestone {
        /// The indicator's id.
        indicator: String,
        /// Its measure.
        measure: Measure,
    },
    /// `achieved_after_recorded`: achieved after it was recorded.
    AchievedAfterRecorded {
        /// When achieved.
        achieved_on: NaiveDate,
        /// When recorded.
        recorded_on: NaiveDate,
    },
    /// `wrong_report_period`: a period of another length than the report kind.
    ReportPeriod {
        /// The report kind.
        kind: ReportKind,
        /// The period given.
        period: Period,
    },
    /// `submitted_before_period`: submitted before its period starts.
    SubmittedBeforePeriod {
        /// When submitted.
        submitted_on: NaiveDate,
        /// The period.
        period: Period,
    },
    /// `obligation_reversed`: an obligation that ends before it starts.
    ObligationReversed {
        /// First year.
        from: i32,
        /// Last year.
        to: i32,
    },

    /// `unknown_node`: no node of the plan (axis … indicator) has this id.
    UnknownNode {
        /// The id given.
        id: Excerpt,
    },
    /// `due_before_issued`: a recommendation due before it was issued.
    DueBeforeIssued {
        /// When due.
        due: NaiveDate,
        /// When issued.
        issued_on: NaiveDate,
    },
    /// `unknown_recommendation`: a follow-up of a recommendation that is
    /// neither in the ledger nor in the same batch.
    UnknownRecommendation {
        /// The id given.
        id: Excerpt,
    },

    // ---- the batch as a whole ----------------------------------------------
    /// `duplicate_key`: another record of the same batch has the same key
    /// and the same `recorded_on` (SPEC §2): both are rejected, each naming
    /// the other.
    DuplicateKey {
        /// The kind of both records (their key's fields follow from it).
        kind: RecordKind,
        /// The other record's position in its array of the batch.
        other: usize,
    },
    /// `duplicate_not_summable`: a duplicate of a batch ingested with
    /// `duplicates = sum`, for an indicator whose measure cannot be added up
    /// (only `count` and `amount` can).
    DuplicateNotSummable {
        /// The other record's position in its array of the batch.
        other: usize,
        /// The indicator's measure.
        measure: Measure,
    },
    /// `duplicate_sum_too_large`: a duplicate of a batch ingested with
    /// `duplicates = sum` whose value, added to the rows of its key added up
    /// so far, would pass the largest exact decimal; it alone is rejected,
    /// and the sum so far stays.
    DuplicateSumTooLarge {
        /// The position, in its array of the batch, of the record the rows
        /// are added up in.
        other: usize,
    },
    /// `year_outside_plan`: a year (of an obligation, a milestone, a
    /// submission) further from the plan's horizon than
    /// [`YEAR_MARGIN`](crate::YEAR_MARGIN) years.
    YearOutsidePlan {
        /// The year given.
        year: i32,
        /// The first year a record may name.
        first: i32,
        /// The last year a record may name.
        last: i32,
    },
}

impl Reason {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::NotAnObject { .. } => "not_an_object",
            Reason::DuplicateField { .. } => "duplicate_field",
            Reason::UnknownField { .. } => "unknown_field",
            Reason::MissingField { .. } => "missing_field",
            Reason::WrongType { .. } => "wrong_type",
            Reason::UnreadableValue { .. } => "unreadable_value",
            Reason::Number(e) => e.code(),
            Reason::Date(e) => e.code(),
            Reason::TimeOfDay { .. } => "time_of_day",
            Reason::Period { .. } => "not_a_period",
            Reason::Year { .. } => "not_a_year",
            Reason::ReportKind { .. } => "unknown_report_kind",
            Reason::FollowUpStatus { .. } => "unknown_follow_up_status",
            Reason::Source { .. } => "unknown_source",
            Reason::NotACell { .. } => "not_a_cell",
            Reason::DuplicateDimension { .. } => "duplicate_dimension",
            Reason::RowLength { .. } => "row_length",
            Reason::InvalidUtf8 { .. } => "invalid_utf8",
            Reason::UnknownIndicator { .. } => "unknown_indicator",
            Reason::UnknownEntity { .. } => "unknown_entity",
            Reason::AmbiguousEntity { .. } => "ambiguous_entity",
            Reason::NotResponsible { .. } => "not_responsible",
            Reason::NotACount { .. } => "not_a_count",
            Reason::NegativeAmount { .. } => "negative_amount",
            Reason::NotAPercentage { .. } => "not_a_percentage",
            Reason::NegativeLevel { .. } => "negative_level",
            Reason::OutsidePlazo { .. } => "outside_plazo",
            Reason::RecordedBeforePeriod { .. } => "recorded_before_period",
            Reason::TakesNoTarget { .. } => "takes_no_target",
            Reason::BiennialTargetYear { .. } => "biennial_target_year",
            Reason::TargetPeriod { .. } => "target_period",
            Reason::TargetEqualsBaseline { .. } => "target_equals_baseline",
            Reason::MilestoneObserved { .. } => "milestone_observed",
            Reason::TextObserved { .. } => "text_observed",
            Reason::WrongGranularity { .. } => "wrong_granularity",
            Reason::UnknownDimension { .. } => "unknown_dimension",
            Reason::TooManyDimensions { .. } => "too_many_dimensions",
            Reason::NotADimensionValue { .. } => "not_a_dimension_value",
            Reason::PartialCell { .. } => "partial_cell",
            Reason::NotAMilestone { .. } => "not_a_milestone",
            Reason::AchievedAfterRecorded { .. } => "achieved_after_recorded",
            Reason::ReportPeriod { .. } => "wrong_report_period",
            Reason::SubmittedBeforePeriod { .. } => "submitted_before_period",
            Reason::ObligationReversed { .. } => "obligation_reversed",
            Reason::UnknownNode { .. } => "unknown_node",
            Reason::DueBeforeIssued { .. } => "due_before_issued",
            Reason::UnknownRecommendation { .. } => "unknown_recommendation",
            Reason::DuplicateKey { .. } => "duplicate_key",
            Reason::DuplicateNotSummable { .. } => "duplicate_not_summable",
            Reason::DuplicateSumTooLarge { .. } => "duplicate_sum_too_large",
            Reason::YearOutsidePlan { .. } => "year_outside_plan",
        }
    }

    /// Every code a reason may have, in the order of the variants.
    pub const CODES: &'static [&'static str] = &[
        "not_an_object",
        "duplicate_field",
        "unknown_field",
        "missing_field",
        "wrong_type",
        "unreadable_value",
        "empty_number",
        "not_finite",
        "not_a_number",
        "inexact_number",
        "not_a_date",
        "not_a_calendar_date",
        "time_of_day",
        "not_a_period",
        "not_a_year",
        "unknown_report_kind",
        "unknown_follow_up_status",
        "unknown_source",
        "not_a_cell",
        "duplicate_dimension",
        "row_length",
        "invalid_utf8",
        "unknown_indicator",
        "unknown_entity",
        "ambiguous_entity",
        "not_responsible",
        "not_a_count",
        "negative_amount",
        "not_a_percentage",
        "negative_level",
        "outside_plazo",
        "recorded_before_period",
        "takes_no_target",
        "biennial_target_year",
        "target_period",
        "target_equals_baseline",
        "milestone_observed",
        "text_observed",
        "wrong_granularity",
        "unknown_dimension",
        "too_many_dimensions",
        "not_a_dimension_value",
        "partial_cell",
        "not_a_milestone",
        "achieved_after_recorded",
        "wrong_report_period",
        "submitted_before_period",
        "obligation_reversed",
        "unknown_node",
        "due_before_issued",
        "unknown_recommendation",
        "duplicate_key",
        "duplicate_not_summable",
        "year_outside_plan",
    ];
}

impl Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.text.quoted();
        let inexact = |f: &mut fmt::Formatter<'_>, why: &str| {
            write!(
                f,
                "{t} is not an exact decimal number (at most 28 decimal places and 28-29 significant digits): {why}"
            )
        };
        match self.problem {
            NumberProblem::Empty => f.write_str("the number is empty"),
            NumberProblem::NotANumberValue => write!(f, "{t} is not a finite number"),
            NumberProblem::Infinite => write!(f, "{t} is not a finite number (it is infinite)"),
            NumberProblem::Malformed => write!(
                f,
                "{t} is not a number (digits, with an optional sign, decimal point and exponent)"
            ),
            NumberProblem::ExponentOutOfRange => inexact(f, "the exponent is out of range"),
            NumberProblem::TooManyPlaces => inexact(f, "more than 28 decimal places"),
            NumberProblem::TooLarge => inexact(f, "too large"),
        }
    }
}

impl Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.text.quoted();
        match self.problem {
            DateProblem::Shape => write!(f, "{t} is not a date written YYYY-MM-DD"),
            DateProblem::Calendar => write!(f, "{t} is not a calendar date"),
        }
    }
}

impl Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NotAnObject { kind, found } => {
                let kind = kind.to_string();
                write!(f, "{} {kind} is a JSON object, found {found}", article(&kind))
            }
            Reason::DuplicateField { field } => {
                write!(f, "the field {} appears twice", field.quoted())
            }
            Reason::UnknownField { field, kind } => {
                let name = kind.to_string();
                write!(
                    f,
                    "unknown field {}; {} {name} has the fields {}",
                    field.quoted(),
                    article(&name),
                    kind.spec().names().collect::<Vec<_>>().join(", ")
                )
            }
            Reason::MissingField { field, absence } => match absence {
                Absence::Absent | Absence::Null => write!(f, "the field {field:?} is missing"),
                Absence::Empty => write!(f, "the field {field:?} is empty"),
                Absence::NaN => write!(
                    f,
                    "the field {field:?} is missing: it is NaN, how pandas writes a missing value"
                ),
            },
            Reason::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            Reason::UnreadableValue { why } => write!(f, "unreadable value: {why}"),
            Reason::Number(e) => e.fmt(f),
            Reason::Date(e) => e.fmt(f),
            Reason::TimeOfDay { value } => {
                write!(f, "{value} has a time of day; a date is expected")
            }
            Reason::Period { text, why } => write!(
                f,
                "{} is not a period (expected 2009, 2009-S1, 2009-Q1, 2009-03 or 2007/2017): {why}",
                text.quoted()
            ),
            Reason::Year { text } => write!(f, "{} is not a four-digit year", text.quoted()),
            Reason::ReportKind { text } => write!(
                f,
                "{} is not a report kind (monthly, semiannual, annual)",
                text.quoted()
            ),
            Reason::FollowUpStatus { text } => write!(
                f,
                "{} is not a follow-up status ({})",
                text.quoted(),
                crate::ledger::FollowUpStatus::NAMES.join(", ")
            ),
            Reason::Source { text } => write!(
                f,
                "{} is not a source (official, verification)",
                text.quoted()
            ),
            Reason::NotACell { expected, found } => {
                write!(f, "a cell is {expected}, found {found}")
            }
            Reason::DuplicateDimension { dimension } => write!(
                f,
                "the cell names the dimension {} twice",
                dimension.quoted()
            ),
            Reason::RowLength { len, expected } => {
                write!(f, "CSV: the row has {len} fields, the header {expected}")
            }
            Reason::InvalidUtf8 { field } => write!(f, "CSV: field {field} is not valid UTF-8"),
            Reason::UnknownIndicator { id } => write!(f, "unknown indicator {}", id.quoted()),
            Reason::UnknownEntity { code } => write!(f, "unknown entity {}", code.quoted()),
            Reason::AmbiguousEntity { code, candidates } => write!(
                f,
                "{} names several entities ({}): one entity is required, give one of them",
                code.quoted(),
                candidates.join(", ")
            ),
            Reason::NotResponsible {
                entity,
                action,
                responsible,
                coordinator,
            } => write!(
                f,
                "{entity} is not responsible for action {action} (responsible: {}; coordinator: {coordinator})",
                responsible.join(", ")
            ),
            Reason::NotACount { value } => write!(
                f,
                "{value} is not a count: a count is a whole number ≥ 0"
            ),
            Reason::NegativeAmount { value } => write!(f, "{value} is a negative amount"),
            Reason::NotAPercentage { value } => {
                write!(f, "{value} is not a percentage between 0 and 100")
            }
            Reason::NegativeLevel { value } => write!(f, "{value} is a negative level"),
            Reason::OutsidePlazo {
                period,
                plazo,
                window,
            } => write!(
                f,
                "period {period} is outside the indicator's plazo {plazo:?} ({window})"
            ),
            Reason::RecordedBeforePeriod {
                recorded_on,
                period,
            } => write!(
                f,
                "recorded on {recorded_on}, before its period {period} starts on {}",
                period.start()
            ),
            Reason::TakesNoTarget { indicator, measure } => write!(
                f,
                "{indicator} is a {} indicator, which takes no target{}",
                measure.as_str(),
                if *measure == Measure::Milestone {
                    " (its deadline is its plazo's end)"
                } else {
                    ""
                }
            ),
            Reason::BiennialTargetYear { indicator, window } => write!(
                f,
                "{indicator} is reported every two years, less often than yearly: give it a target for its window {window}"
            ),
            Reason::TargetPeriod { period, window } => write!(
                f,
                "a target is for a year or for the indicator's whole window {window}, not {period}"
            ),
            Reason::TargetEqualsBaseline { value } => write!(
                f,
                "target value {value} equals its baseline: nothing to achieve"
            ),
            Reason::MilestoneObserved { indicator } => write!(
                f,
                "{indicator} is a milestone: report it as a milestone with its achieved_on date"
            ),
            Reason::TextObserved { indicator } => write!(
                f,
                "{indicator} is a text indicator: monitored in narrative reports, not observed as a number"
            ),
            Reason::WrongGranularity {
                indicator,
                frequency,
                expected,
                period,
            } => write!(
                f,
                "{indicator} is reported {}: its periods are a {}, not a {} ({period})",
                frequency.as_str(),
                expected.as_str(),
                period.granularity().as_str()
            ),
            Reason::UnknownDimension {
                indicator,
                dimension,
                dimensions,
            } => write!(
                f,
                "{indicator} has no dimension {} (its dimensions: {})",
                dimension.quoted(),
                list_or_none(dimensions)
            ),
            Reason::TooManyDimensions { max } => {
                write!(f, "a cell names at most {max} dimensions")
            }
            Reason::NotADimensionValue {
                dimension,
                value,
                allowed,
                more,
            } => write!(
                f,
                "{} is not a value of dimension {dimension:?} (allowed: {}{})",
                value.quoted(),
                allowed.join(", "),
                if *more { ", …" } else { "" }
            ),
            Reason::PartialCell { indicator, missing } => write!(
                f,
                "the cell names some but not all of {indicator}'s dimensions: missing {}",
                missing.join(", ")
            ),
            Reason::NotAMilestone { indicator, measure } => write!(
                f,
                "{indicator} is a {} indicator, not a milestone",
                measure.as_str()
            ),
            Reason::AchievedAfterRecorded {
                achieved_on,
                recorded_on,
            } => write!(
                f,
                "achieved on {achieved_on}, after it was recorded on {recorded_on}"
            ),
            Reason::ReportPeriod { kind, period } => write!(
                f,
                "{} {} report covers a {}, not a {} ({period})",
                article(kind.as_str()),
                kind.as_str(),
                kind.granularity().as_str(),
                period.granularity().as_str()
            ),
            Reason::SubmittedBeforePeriod {
                submitted_on,
                period,
            } => write!(
                f,
                "submitted on {submitted_on}, before its period {period} starts"
            ),
            Reason::ObligationReversed { from, to } => write!(
                f,
                "the obligation ends ({to}) before it starts ({from})"
            ),
            Reason::UnknownNode { id } => write!(
                f,
                "no node of the plan (axis, line, goal, action, indicator) has the id {}",
                id.quoted()
            ),
            Reason::DueBeforeIssued { due, issued_on } => {
                write!(f, "due on {due}, before it was issued on {issued_on}")
            }
            Reason::UnknownRecommendation { id } => write!(
                f,
                "no recommendation {} in the ledger or in this batch",
                id.quoted()
            ),
            Reason::DuplicateKey { kind, other } => write!(
                f,
                "duplicate key: same {} as {}[{other}], recorded on the same day; rows meant to be added up are added up before ingesting, or ingested with duplicates = sum",
                key_words(*kind),
                kind.array_name()
            ),
            Reason::DuplicateNotSummable { other, measure } => write!(
                f,
                "duplicate key: same {} as observations[{other}], recorded on the same day; duplicates = sum adds up count and amount values, not {} values",
                key_words(RecordKind::Observation),
                measure.as_str()
            ),
            Reason::DuplicateSumTooLarge { other } => write!(
                f,
                "duplicate key: same {} as observations[{other}], recorded on the same day; added to the rows added up there, the value would pass the largest exact decimal ({}), so it is not added",
                key_words(RecordKind::Observation),
                Decimal::MAX
            ),
            Reason::YearOutsidePlan { year, first, last } => write!(
                f,
                "the year {year} is outside the years this plan's records may name ({first} to {last}: its horizon and {margin} years on either side)",
                margin = crate::plan::YEAR_MARGIN
            ),
        }
    }
}

/// The fields of a record kind's key (SPEC §2), as a duplicate names them.
fn key_words(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Target => "indicator, period and entity",
        RecordKind::Observation => "indicator, period, entity and cell",
        RecordKind::Milestone => "indicator",
        RecordKind::Submission => "entity, kind and period",
        RecordKind::Obligation => "entity, kind and years",
        RecordKind::Recommendation => "id",
        RecordKind::FollowUp => "recommendation, entity and date",
    }
}

/// Why the columns of a batch cannot be read: the header of a CSV file, or
/// the columns of a table handed over by a binding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ColumnProblem {
    /// `missing_column`: a required column is not there.
    MissingColumn {
        /// The column.
        column: &'static str,
        /// The columns given.
        given: Vec<Excerpt>,
    },
    /// `unknown_column`: a column the record kind does not have.
    UnknownColumn {
        /// The column given.
        column: Excerpt,
        /// The record kind.
        kind: RecordKind,
    },
    /// `duplicate_column`: a column given twice.
    DuplicateColumn {
        /// The column.
        column: Excerpt,
    },
    /// `too_many_cell_columns`: more `cell.<dimension>` columns than read.
    TooManyCellColumns {
        /// Cell columns given.
        count: usize,
        /// The most read.
        max: usize,
    },
    /// `column_length`: a column with another number of values than rows.
    ColumnLength {
        /// The column.
        column: Excerpt,
        /// Its values.
        len: usize,
        /// The rows of the batch.
        rows: usize,
    },
    /// `invalid_utf8`: a header field that is not UTF-8.
    InvalidUtf8 {
        /// The field's 1-based position in the header.
        field: u64,
    },
}

impl ColumnProblem {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            ColumnProblem::MissingColumn { .. } => "missing_column",
            ColumnProblem::UnknownColumn { .. } => "unknown_column",
            ColumnProblem::DuplicateColumn { .. } => "duplicate_column",
            ColumnProblem::TooManyCellColumns { .. } => "too_many_cell_columns",
            ColumnProblem::ColumnLength { .. } => "column_length",
            ColumnProblem::InvalidUtf8 { .. } => "invalid_utf8",
        }
    }

    /// The column at fault (empty when there is none to name).
    pub fn column(&self) -> String {
        match self {
            ColumnProblem::MissingColumn { column, .. } => column.to_string(),
            ColumnProblem::UnknownColumn { column, .. }
            | ColumnProblem::DuplicateColumn { column }
            | ColumnProblem::ColumnLength { column, .. } => column.to_string(),
            ColumnProblem::TooManyCellColumns { .. } | ColumnProblem::InvalidUtf8 { .. } => {
                String::new()
            }
        }
    }

    /// The sentence for a table's columns (a binding's DataFrame or rows).
    pub fn table_message(&self) -> String {
        match self {
            ColumnProblem::MissingColumn { column, given } => format!(
                "the required column {column:?} is missing (columns given: {})",
                list_or_none(&given.iter().map(Excerpt::to_string).collect::<Vec<_>>())
            ),
            ColumnProblem::UnknownColumn { column, kind } => format!(
                "unknown column {}; {kind} records have the columns {}{}",
                column.quoted(),
                kind.spec().names().collect::<Vec<_>>().join(", "),
                if kind.spec().has_cell() {
                    " and cell.<dimension>"
                } else {
                    ""
                }
            ),
            ColumnProblem::DuplicateColumn { column } => {
                format!("the column {} is given twice", column.quoted())
            }
            ColumnProblem::TooManyCellColumns { count, max } => {
                format!("{count} cell columns, more than {max}")
            }
            ColumnProblem::ColumnLength { column, len, rows } => format!(
                "the column {} has {len} values for {rows} rows",
                column.quoted()
            ),
            ColumnProblem::InvalidUtf8 { field } => {
                format!("column {field} is not valid UTF-8")
            }
        }
    }
}

/// The sentence for a CSV header.
impl Display for ColumnProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnProblem::MissingColumn { column, given } => write!(
                f,
                "the CSV header lacks the column {column:?} (it has: {})",
                given
                    .iter()
                    .map(Excerpt::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ColumnProblem::UnknownColumn { column, kind } => write!(
                f,
                "unknown CSV column {}; columns are {} and cell.<dimension>",
                column.quoted(),
                kind.spec()
                    .fields
                    .iter()
                    .filter(|field| !field.is_cell())
                    .map(|field| field.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ColumnProblem::DuplicateColumn { column } => {
                write!(f, "the CSV header has the column {} twice", column.quoted())
            }
            ColumnProblem::TooManyCellColumns { count, max } => write!(
                f,
                "the CSV header has {count} cell columns, more than {max}"
            ),
            ColumnProblem::ColumnLength { column, len, rows } => write!(
                f,
                "the column {} has {len} values for {rows} rows",
                column.quoted()
            ),
            ColumnProblem::InvalidUtf8 { field } => {
                write!(f, "CSV: field {field} is not valid UTF-8")
            }
        }
    }
}

/// Why a JSON ledger document cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentProblem {
    /// `invalid_json`: malformed JSON, or not an object of arrays.
    Json {
        /// The JSON parser's words.
        message: String,
    },
    /// `unknown_array`: an array the ledger format does not have.
    UnknownArray {
        /// The name given.
        name: Excerpt,
    },
    /// `duplicate_array`: an array given twice.
    DuplicateArray {
        /// The array.
        name: &'static str,
    },
}

impl DocumentProblem {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            DocumentProblem::Json { .. } => "invalid_json",
            DocumentProblem::UnknownArray { .. } => "unknown_array",
            DocumentProblem::DuplicateArray { .. } => "duplicate_array",
        }
    }
}

impl Display for DocumentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentProblem::Json { message } => f.write_str(message),
            DocumentProblem::UnknownArray { name } => write!(
                f,
                "unknown array {}; a ledger has the arrays {}",
                name.quoted(),
                RecordKind::ALL
                    .iter()
                    .map(|k| k.array_name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            DocumentProblem::DuplicateArray { name } => {
                write!(f, "the array {name:?} appears twice; give each array once")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once() {
        let mut codes = Reason::CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Reason::CODES.len());
        for code in Reason::CODES {
            assert!(
                code.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{code}"
            );
        }
    }

    #[test]
    fn a_huge_unknown_id_is_shown_by_its_start_and_length() {
        let id = "E".repeat(60_000_000);
        let reason = Reason::UnknownIndicator {
            id: Excerpt::new(&id),
        };
        let text = reason.to_string();
        assert!(text.len() < 120, "{text}");
        assert!(text.starts_with("unknown indicator \"EEEE"), "{text}");
        assert!(text.ends_with("(60000000 bytes)"), "{text}");
        assert_eq!(reason.code(), "unknown_indicator");
    }

    #[test]
    fn a_huge_bad_number_is_capped_too() {
        let text = "1".repeat(60_000_000) + ",5";
        let e = crate::values::parse_decimal(&text).unwrap_err();
        let message = Reason::Number(e).to_string();
        assert!(message.len() < 250, "{message}");
        assert!(message.contains("60000002 bytes"), "{message}");
    }
}
