//! One record reader for every input format.
//!
//! A ledger record arrives as a JSON object, a CSV row, a row of a binding's
//! table (a pandas DataFrame, a list of dicts) or a typed [`Batch`]. Each
//! format is a small [`FieldSource`]: it hands over each field of a record
//! as a [`FieldValue`] — missing, null, text, the exact text of a number, a
//! date, a map — and says how it names types in messages ([`TypeWords`]).
//! Everything after that is shared: one [`RecordSpec`] per record kind (the
//! field names and which are required: the list used for JSON keys, CSV
//! headers, a table's columns, messages and the Python stubs), one set of
//! value rules (a byte-order mark skipped, texts trimmed, exact decimals,
//! `YYYY-MM-DD` dates, four-digit years, periods, keys given once), one
//! decoding into typed records, and one list of [`Reason`]s when a record
//! cannot be read.
//!
//! [`Batch`]: crate::ledger::Batch

mod chunks;
mod columns;
pub(crate) mod config;
pub use crate::ledger::resolved::{ResolvedObservation, Resolver};
pub use chunks::ColumnChunk;
pub(crate) use chunks::ResolvedSink;
pub(crate) use chunks::{read_chunks, read_chunks_parallel};
pub use columns::Columns;
pub(crate) mod csv;
pub(crate) mod json;

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

use crate::ledger::{
    FollowUp, FollowUpStatus, Milestone, Obligation, ObservationFields, Recommendation, RecordKind,
    ReportKind, Source, Submission, Target,
};
use crate::messages::ledger::{Absence, Reason};
use crate::messages::{Excerpt, EXCERPT_BYTES};
use crate::period::Period;
use crate::plan::MAX_INDICATOR_DIMENSIONS;
use crate::values;

/// One field's value as an input format holds it, before any rule of the
/// ledger is applied. Texts are borrowed from the input where they can be.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum FieldValue<'v> {
    /// The field is not there.
    #[default]
    Missing,
    /// The field is there without a value.
    Null(Null),
    /// A text (a JSON string, a CSV cell, a Python `str`).
    Text(Cow<'v, str>),
    /// The exact text of a number (a JSON number, a Python `int` or
    /// `Decimal`; a binary float through its shortest round-trip text).
    Number(Cow<'v, str>, NumberKind),
    /// An exact decimal already held as one (a columnar format's
    /// fixed-point or integer column): read where a number is expected with
    /// no text in between, and elsewhere as its text (`12.50` with its
    /// places), exactly as [`FieldValue::Number`] of that text with
    /// [`NumberKind::Exact`] would be.
    Decimal(Decimal),
    /// A calendar date.
    Date(NaiveDate),
    /// A date with a time of day: a date only when the time is midnight.
    DateTime(NaiveDateTime),
    /// Key → value entries, in the input's order, repeated keys kept.
    Map(Vec<(Cow<'v, str>, FieldValue<'v>)>),
    /// A value the input holds but cannot give as text (why, in its words).
    Unreadable(Cow<'v, str>),
    /// A value of a type no field takes, as the input format shows it
    /// (`true`, `[1, 2]`, `the bool True`, `a list`).
    Other(Cow<'v, str>),
}

/// How a field that is there has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Null {
    /// A null (JSON `null`, Python `None`, pandas `NA` and `NaT`).
    Null,
    /// A float NaN (pandas' missing value in a numeric column).
    NaN,
    /// An empty or blank CSV cell: CSV's only way to write "no value".
    Empty,
}

/// Whether a number's text is exact, or the shortest text of a binary float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberKind {
    /// Exactly the number written (JSON, an integer, a decimal).
    Exact,
    /// A binary floating-point number, read through its shortest round-trip
    /// text (`0.1`). Taken where a quantity is expected, never as a code,
    /// year, period or date.
    Float,
}

impl FieldValue<'_> {
    /// The same value, borrowing its texts from `self`.
    pub fn borrowed(&self) -> FieldValue<'_> {
        match self {
            FieldValue::Missing => FieldValue::Missing,
            FieldValue::Null(n) => FieldValue::Null(*n),
            FieldValue::Text(t) => FieldValue::Text(Cow::Borrowed(t)),
            FieldValue::Number(t, k) => FieldValue::Number(Cow::Borrowed(t), *k),
            FieldValue::Decimal(d) => FieldValue::Decimal(*d),
            FieldValue::Date(d) => FieldValue::Date(*d),
            FieldValue::DateTime(d) => FieldValue::DateTime(*d),
            FieldValue::Map(entries) => FieldValue::Map(
                entries
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(&**k), v.borrowed()))
                    .collect(),
            ),
            FieldValue::Unreadable(t) => FieldValue::Unreadable(Cow::Borrowed(t)),
            FieldValue::Other(t) => FieldValue::Other(Cow::Borrowed(t)),
        }
    }

    /// The value with owned texts.
    pub fn into_owned(self) -> FieldValue<'static> {
        match self {
            FieldValue::Missing => FieldValue::Missing,
            FieldValue::Null(n) => FieldValue::Null(n),
            FieldValue::Text(t) => FieldValue::Text(Cow::Owned(t.into_owned())),
            FieldValue::Number(t, k) => FieldValue::Number(Cow::Owned(t.into_owned()), k),
            FieldValue::Decimal(d) => FieldValue::Decimal(d),
            FieldValue::Date(d) => FieldValue::Date(d),
            FieldValue::DateTime(d) => FieldValue::DateTime(d),
            FieldValue::Map(entries) => FieldValue::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            ),
            FieldValue::Unreadable(t) => FieldValue::Unreadable(Cow::Owned(t.into_owned())),
            FieldValue::Other(t) => FieldValue::Other(Cow::Owned(t.into_owned())),
        }
    }

    /// Whether the field has no value (missing or null).
    pub fn is_absent(&self) -> bool {
        matches!(self, FieldValue::Missing | FieldValue::Null(_))
    }

    /// The value as a message shows it, at most a few dozen bytes long.
    pub fn shown(&self) -> String {
        let mut out = String::new();
        self.show(&mut out);
        if out.len() > 2 * EXCERPT_BYTES {
            let excerpt = Excerpt::new(&out);
            excerpt.to_string()
        } else {
            out
        }
    }

    fn show(&self, out: &mut String) {
        use std::fmt::Write;
        match self {
            FieldValue::Missing => out.push_str("nothing"),
            FieldValue::Null(Null::Null) => out.push_str("null"),
            FieldValue::Null(Null::NaN) => out.push_str("NaN"),
            FieldValue::Null(Null::Empty) => out.push_str("an empty value"),
            FieldValue::Text(t) => {
                let _ = write!(out, "{}", Excerpt::new(t).quoted());
            }
            FieldValue::Number(t, NumberKind::Exact) => {
                let _ = write!(out, "{}", Excerpt::new(t));
            }
            FieldValue::Number(t, NumberKind::Float) => {
                let _ = write!(out, "the float {}", Excerpt::new(t));
            }
            FieldValue::Decimal(d) => {
                let _ = write!(out, "{}", Excerpt::new(&d.to_string()));
            }
            FieldValue::Date(d) => {
                let _ = write!(out, "the date {d}");
            }
            FieldValue::DateTime(d) => {
                let _ = write!(out, "the date and time {d}");
            }
            FieldValue::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if out.len() > 2 * EXCERPT_BYTES {
                        let _ = write!(out, ", … ({} entries)", entries.len());
                        break;
                    }
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{}: ", Excerpt::new(k).quoted());
                    match v {
                        FieldValue::Map(inner) => {
                            let _ = write!(out, "{{… {} entries}}", inner.len());
                        }
                        other => other.show(out),
                    }
                }
                out.push('}');
            }
            FieldValue::Unreadable(why) => {
                let _ = write!(out, "an unreadable value ({})", Excerpt::new(why));
            }
            FieldValue::Other(t) => {
                let _ = write!(out, "{}", Excerpt::new(t));
            }
        }
    }
}

/// How an input format names, in messages, what a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeWords {
    /// An id, a code or a name.
    pub text: &'static str,
    /// A number.
    pub number: &'static str,
    /// A date.
    pub date: &'static str,
    /// A period.
    pub period: &'static str,
    /// A year.
    pub year: &'static str,
    /// A cell (after "a cell is").
    pub cell: &'static str,
}

/// What one field of a record holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// An id or a code: a text.
    Text,
    /// An exact decimal number.
    Number,
    /// A date.
    Date,
    /// A period.
    Period,
    /// A four-digit year.
    Year,
    /// A report kind: monthly, semiannual, annual.
    ReportKind,
    /// A source: official, verification.
    Source,
    /// A cell: dimension → value texts.
    Cell,
    /// A follow-up status: not_started, in_progress, implemented.
    FollowUpStatus,
}

/// One field of a record kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldSpec {
    /// Its name, in every format (JSON key, CSV column, table column).
    pub name: &'static str,
    /// Whether a record must give it.
    pub required: bool,
    /// What it holds.
    pub kind: FieldKind,
}

impl FieldSpec {
    /// Whether this is a cell (tabular formats spell it `cell.<dimension>`
    /// columns, one per dimension).
    pub fn is_cell(&self) -> bool {
        self.kind == FieldKind::Cell
    }
}

/// The fields of one record kind, in the order they are read and reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordSpec {
    /// The record kind.
    pub kind: RecordKind,
    /// Its fields.
    pub fields: &'static [FieldSpec],
}

impl RecordSpec {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field names, in order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.fields.iter().map(|f| f.name)
    }

    /// Whether records of this kind have a cell.
    pub fn has_cell(&self) -> bool {
        self.fields.iter().any(FieldSpec::is_cell)
    }
}

const fn field(name: &'static str, required: bool, kind: FieldKind) -> FieldSpec {
    FieldSpec {
        name,
        required,
        kind,
    }
}

const MAX_FIELDS: usize = 8;

/// Whether two texts are equal, at compile time.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The position of a field in a spec, at compile time.
const fn position(spec: &RecordSpec, name: &str) -> usize {
    let mut i = 0;
    while i < spec.fields.len() {
        if same(spec.fields[i].name, name) {
            return i;
        }
        i += 1;
    }
    panic!("no such field in the spec")
}

/// The position of a field of a spec, checked when compiling, so that
/// reading a record compares no names.
macro_rules! at {
    ($spec:ident . $name:literal) => {{
        const AT: usize = position(&$spec, $name);
        AT
    }};
}

const TARGET: RecordSpec = RecordSpec {
    kind: RecordKind::Target,
    fields: &[
        field("indicator", true, FieldKind::Text),
        field("period", true, FieldKind::Period),
        field("entity", false, FieldKind::Text),
        field("baseline", false, FieldKind::Number),
        field("value", true, FieldKind::Number),
        field("recorded_on", false, FieldKind::Date),
    ],
};

const OBSERVATION: RecordSpec = RecordSpec {
    kind: RecordKind::Observation,
    fields: &[
        field("indicator", true, FieldKind::Text),
        field("period", true, FieldKind::Period),
        field("entity", true, FieldKind::Text),
        field("cell", false, FieldKind::Cell),
        field("value", true, FieldKind::Number),
        field("source", false, FieldKind::Source),
        field("recorded_on", false, FieldKind::Date),
    ],
};

const MILESTONE: RecordSpec = RecordSpec {
    kind: RecordKind::Milestone,
    fields: &[
        field("indicator", true, FieldKind::Text),
        field("entity", true, FieldKind::Text),
        field("achieved_on", true, FieldKind::Date),
        field("recorded_on", false, FieldKind::Date),
    ],
};

const SUBMISSION: RecordSpec = RecordSpec {
    kind: RecordKind::Submission,
    fields: &[
        field("entity", true, FieldKind::Text),
        field("kind", true, FieldKind::ReportKind),
        field("period", true, FieldKind::Period),
        field("submitted_on", true, FieldKind::Date),
    ],
};

const OBLIGATION: RecordSpec = RecordSpec {
    kind: RecordKind::Obligation,
    fields: &[
        field("entity", true, FieldKind::Text),
        field("kind", true, FieldKind::ReportKind),
        field("from", true, FieldKind::Year),
        field("to", true, FieldKind::Year),
    ],
};

const RECOMMENDATION: RecordSpec = RecordSpec {
    kind: RecordKind::Recommendation,
    fields: &[
        field("id", true, FieldKind::Text),
        field("evaluation", true, FieldKind::Period),
        field("issued_on", true, FieldKind::Date),
        field("entity", true, FieldKind::Text),
        field("node", false, FieldKind::Text),
        field("text", true, FieldKind::Text),
        field("due", false, FieldKind::Date),
        field("recorded_on", false, FieldKind::Date),
    ],
};

const FOLLOW_UP: RecordSpec = RecordSpec {
    kind: RecordKind::FollowUp,
    fields: &[
        field("recommendation", true, FieldKind::Text),
        field("entity", true, FieldKind::Text),
        field("status", true, FieldKind::FollowUpStatus),
        field("on", true, FieldKind::Date),
        field("recorded_on", false, FieldKind::Date),
    ],
};

impl RecordKind {
    /// The fields of this kind of record.
    ///
    /// ```
    /// use seguimiento::RecordKind;
    /// let names: Vec<&str> = RecordKind::Milestone.spec().names().collect();
    /// assert_eq!(names, ["indicator", "entity", "achieved_on", "recorded_on"]);
    /// ```
    pub fn spec(self) -> &'static RecordSpec {
        match self {
            RecordKind::Target => &TARGET,
            RecordKind::Observation => &OBSERVATION,
            RecordKind::Milestone => &MILESTONE,
            RecordKind::Submission => &SUBMISSION,
            RecordKind::Obligation => &OBLIGATION,
            RecordKind::Recommendation => &RECOMMENDATION,
            RecordKind::FollowUp => &FOLLOW_UP,
        }
    }

    /// The kind whose array in a ledger document has this name.
    pub fn from_array_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL
            .iter()
            .copied()
            .find(|k| k.array_name() == name)
    }
}

/// A source of one record's fields: a JSON object, a CSV row, a table row.
pub trait FieldSource<'v> {
    /// The value of one field of the record's spec: the field at `index`
    /// of the spec's fields.
    fn value(&mut self, index: usize, field: &'static FieldSpec) -> FieldValue<'v>;

    /// How this format names types in messages.
    fn words(&self) -> &'static TypeWords;

    /// A format whose cells are always texts (CSV's `cell.<dimension>`
    /// columns) may write a record's (dimension, value) pairs straight into
    /// `out`, the named ones only, and return how many: no map is built for
    /// each record. `None` (the default) reads the cell as a value.
    fn cell_texts<'o>(&mut self, out: &mut [(&'o str, &'o str)]) -> Option<usize>
    where
        'v: 'o,
    {
        let _ = out;
        None
    }
}

/// One problem of a record: the field at fault (empty for the record as a
/// whole) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub field: String,
    pub reason: Reason,
}

/// Whether a record is reported with every problem (one rejection entry
/// each, in the order found) or with its first only. On (SPEC §2: a file is
/// fixed in one round); reading and checking both follow it.
pub(crate) const EVERY_PROBLEM: bool = true;

/// The problems of one record, in the order they were found.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    /// Whether another problem would be kept: later ones are not even built.
    pub fn wants_more(&self) -> bool {
        EVERY_PROBLEM || self.list.is_empty()
    }

    pub fn push(&mut self, field: impl Into<String>, reason: Reason) {
        if self.wants_more() {
            self.list.push(Problem {
                field: field.into(),
                reason,
            });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn take(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.list)
    }
}

/// A field's name as a rejection names it: capped like any input value.
pub(crate) fn field_name(name: &str) -> String {
    Excerpt::new(name).to_string()
}

/// A record read whole, borrowed from where it was read.
pub(crate) enum Decoded<'r> {
    Target(&'r Target),
    Observation(&'r ObservationFields<'r>),
    Milestone(&'r Milestone),
    Submission(&'r Submission),
    Obligation(&'r Obligation),
    Recommendation(&'r Recommendation),
    FollowUp(&'r FollowUp),
}

/// Where read records go: the ledger being filled.
pub(crate) trait RecordSink {
    /// A record read whole. `false` stops the reading (the ledger is full).
    fn record(&mut self, kind: RecordKind, index: usize, record: Decoded<'_>) -> bool;

    /// A record that could not be read.
    fn unreadable(&mut self, kind: RecordKind, index: usize, problems: Vec<Problem>);
}

/// Reads one record of `kind` from `source` and hands it (or its problems)
/// to `sink`; `problems` may already hold problems of the record as a whole
/// (a key given twice, an unknown field). Returns `false` when the sink
/// stops the reading.
pub(crate) fn read_record<'v, S: FieldSource<'v> + ?Sized>(
    kind: RecordKind,
    index: usize,
    source: &mut S,
    mut problems: Problems,
    sink: &mut dyn RecordSink,
) -> bool {
    let spec = kind.spec();
    let mut cell = [("", ""); MAX_CELL_ENTRIES];
    let direct_cell = match kind {
        RecordKind::Observation => source.cell_texts(&mut cell),
        _ => None,
    };
    let values: [FieldValue<'v>; MAX_FIELDS] =
        std::array::from_fn(|index| match spec.fields.get(index) {
            Some(field) => exact_text_unless_number(field, source.value(index, field)),
            None => FieldValue::Missing,
        });
    let words = source.words();
    let mut d = Decoder {
        spec,
        values: &values,
        words,
        problems: &mut problems,
    };
    macro_rules! hand_over {
        ($variant:ident, $record:expr) => {{
            let record = $record;
            if d.problems.is_empty() {
                return sink.record(kind, index, Decoded::$variant(&record));
            }
        }};
    }
    match kind {
        RecordKind::Target => hand_over!(
            Target,
            Target {
                indicator: d
                    .text(at!(TARGET."indicator"))
                    .unwrap_or_default()
                    .to_string(),
                period: d.period(at!(TARGET."period")).unwrap_or(Period::Year(1000)),
                entity: d.text(at!(TARGET."entity")).map(str::to_string),
                baseline: d.number(at!(TARGET."baseline")).unwrap_or(Decimal::ZERO),
                value: d.number(at!(TARGET."value")).unwrap_or_default(),
                recorded_on: d.date(at!(TARGET."recorded_on")),
            }
        ),
        RecordKind::Observation => {
            let indicator = d.text(at!(OBSERVATION."indicator")).unwrap_or_default();
            let period = d
                .period(at!(OBSERVATION."period"))
                .unwrap_or(Period::Year(1000));
            let entity = d.text(at!(OBSERVATION."entity")).unwrap_or_default();
            let named = d.cell(at!(OBSERVATION."cell"), &mut cell, direct_cell);
            hand_over!(
                Observation,
                ObservationFields {
                    indicator,
                    period,
                    entity,
                    cell: &cell[..named],
                    value: d.number(at!(OBSERVATION."value")).unwrap_or_default(),
                    source: d.source(at!(OBSERVATION."source")),
                    recorded_on: d.date(at!(OBSERVATION."recorded_on")),
                }
            )
        }
        RecordKind::Milestone => hand_over!(
            Milestone,
            Milestone {
                indicator: d
                    .text(at!(MILESTONE."indicator"))
                    .unwrap_or_default()
                    .to_string(),
                entity: d
                    .text(at!(MILESTONE."entity"))
                    .unwrap_or_default()
                    .to_string(),
                achieved_on: d.date(at!(MILESTONE."achieved_on")).unwrap_or_default(),
                recorded_on: d.date(at!(MILESTONE."recorded_on")),
            }
        ),
        RecordKind::Submission => hand_over!(
            Submission,
            Submission {
                entity: d
                    .text(at!(SUBMISSION."entity"))
                    .unwrap_or_default()
                    .to_string(),
                kind: d
                    .report_kind(at!(SUBMISSION."kind"))
                    .unwrap_or(ReportKind::Annual),
                period: d
                    .period(at!(SUBMISSION."period"))
                    .unwrap_or(Period::Year(1000)),
                submitted_on: d.date(at!(SUBMISSION."submitted_on")).unwrap_or_default(),
            }
        ),
        RecordKind::Obligation => hand_over!(
            Obligation,
            Obligation {
                entity: d
                    .text(at!(OBLIGATION."entity"))
                    .unwrap_or_default()
                    .to_string(),
                kind: d
                    .report_kind(at!(OBLIGATION."kind"))
                    .unwrap_or(ReportKind::Annual),
                from: d.year(at!(OBLIGATION."from")).unwrap_or(1000),
                to: d.year(at!(OBLIGATION."to")).unwrap_or(1000),
            }
        ),
        RecordKind::Recommendation => hand_over!(
            Recommendation,
            Recommendation {
                id: d
                    .text(at!(RECOMMENDATION."id"))
                    .unwrap_or_default()
                    .to_string(),
                evaluation: d
                    .period(at!(RECOMMENDATION."evaluation"))
                    .unwrap_or(Period::Year(1000)),
                issued_on: d.date(at!(RECOMMENDATION."issued_on")).unwrap_or_default(),
                entity: d
                    .text(at!(RECOMMENDATION."entity"))
                    .unwrap_or_default()
                    .to_string(),
                node: d.text(at!(RECOMMENDATION."node")).map(str::to_string),
                text: d
                    .text(at!(RECOMMENDATION."text"))
                    .unwrap_or_default()
                    .to_string(),
                due: d.date(at!(RECOMMENDATION."due")),
                recorded_on: d.date(at!(RECOMMENDATION."recorded_on")),
            }
        ),
        RecordKind::FollowUp => hand_over!(
            FollowUp,
            FollowUp {
                recommendation: d
                    .text(at!(FOLLOW_UP."recommendation"))
                    .unwrap_or_default()
                    .to_string(),
                entity: d
                    .text(at!(FOLLOW_UP."entity"))
                    .unwrap_or_default()
                    .to_string(),
                status: d
                    .follow_up_status(at!(FOLLOW_UP."status"))
                    .unwrap_or(FollowUpStatus::NotStarted),
                on: d.date(at!(FOLLOW_UP."on")).unwrap_or_default(),
                recorded_on: d.date(at!(FOLLOW_UP."recorded_on")),
            }
        ),
    }
    sink.unreadable(kind, index, problems.take());
    true
}

/// A decimal given for a field that is not a number (an id, a period, a
/// year) is read as its exact text, as the text of a number would be; a
/// number field takes it as it is.
fn exact_text_unless_number<'v>(field: &FieldSpec, value: FieldValue<'v>) -> FieldValue<'v> {
    match value {
        FieldValue::Decimal(d) if field.kind != FieldKind::Number => {
            FieldValue::Number(Cow::Owned(d.to_string()), NumberKind::Exact)
        }
        other => other,
    }
}

/// Most cell entries handed to validation. An indicator has at most
/// [`MAX_INDICATOR_DIMENSIONS`] dimensions and a cell names each once, so
/// a cell naming one more is refused by its first entries alone (one of
/// them is not the indicator's).
pub(crate) const MAX_CELL_ENTRIES: usize = MAX_INDICATOR_DIMENSIONS + 1;

/// Turns one record's field values into typed values, collecting problems.
struct Decoder<'d, 'v> {
    spec: &'static RecordSpec,
    values: &'d [FieldValue<'v>; MAX_FIELDS],
    words: &'static TypeWords,
    problems: &'d mut Problems,
}

impl<'d> Decoder<'d, '_> {
    fn fail(&mut self, at: usize, reason: Reason) {
        self.problems.push(self.spec.fields[at].name, reason);
    }

    /// `None` for an absent value; a problem when the field is required.
    fn present(&mut self, at: usize) -> Option<&'d FieldValue<'d>> {
        let (spec, value) = (&self.spec.fields[at], &self.values[at]);
        let absence = match value {
            FieldValue::Missing => Absence::Absent,
            FieldValue::Null(Null::Null) => Absence::Null,
            FieldValue::Null(Null::NaN) => Absence::NaN,
            FieldValue::Null(Null::Empty) => Absence::Empty,
            FieldValue::Unreadable(why) => {
                self.fail(
                    at,
                    Reason::UnreadableValue {
                        why: Excerpt::new(why).to_string(),
                    },
                );
                return None;
            }
            present => return Some(present),
        };
        if spec.required {
            self.fail(
                at,
                Reason::MissingField {
                    field: spec.name,
                    absence,
                },
            );
        }
        None
    }

    fn wrong_type(&mut self, at: usize, expected: &'static str, found: &FieldValue) {
        if self.problems.wants_more() {
            self.fail(
                at,
                Reason::WrongType {
                    expected,
                    found: found.shown(),
                },
            );
        }
    }

    /// An id or a code: a text, or the exact text of a number; trimmed.
    fn text(&mut self, at: usize) -> Option<&'d str> {
        match self.present(at)? {
            FieldValue::Text(t) | FieldValue::Number(t, NumberKind::Exact) => Some(values::trim(t)),
            other => {
                self.wrong_type(at, self.words.text, other);
                None
            }
        }
    }

    fn number(&mut self, at: usize) -> Option<Decimal> {
        match self.present(at)? {
            FieldValue::Decimal(d) => {
                let mut d = *d;
                if d.is_zero() {
                    // Zero, of either sign: one spelling, as from text.
                    d.set_sign_positive(true);
                }
                Some(d)
            }
            FieldValue::Text(t) | FieldValue::Number(t, _) => match values::parse_decimal(t) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.fail(at, Reason::Number(e));
                    None
                }
            },
            other => {
                self.wrong_type(at, self.words.number, other);
                None
            }
        }
    }

    fn date(&mut self, at: usize) -> Option<NaiveDate> {
        match self.present(at)? {
            FieldValue::Text(t) => match values::parse_date(t) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.fail(at, Reason::Date(e));
                    None
                }
            },
            FieldValue::Date(d) => Some(*d),
            FieldValue::DateTime(dt) if dt.time() == NaiveTime::MIN => Some(dt.date()),
            FieldValue::DateTime(dt) => {
                self.fail(at, Reason::TimeOfDay { value: *dt });
                None
            }
            other => {
                self.wrong_type(at, self.words.date, other);
                None
            }
        }
    }

    fn period(&mut self, at: usize) -> Option<Period> {
        match self.present(at)? {
            FieldValue::Text(t) | FieldValue::Number(t, NumberKind::Exact) => {
                match values::parse_period(t) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        self.fail(
                            at,
                            Reason::Period {
                                text: e.text,
                                why: e.reason,
                            },
                        );
                        None
                    }
                }
            }
            other => {
                self.wrong_type(at, self.words.period, other);
                None
            }
        }
    }

    fn year(&mut self, at: usize) -> Option<i32> {
        match self.present(at)? {
            FieldValue::Text(t) | FieldValue::Number(t, NumberKind::Exact) => {
                let year = values::parse_year(t);
                if year.is_none() {
                    self.fail(
                        at,
                        Reason::Year {
                            text: Excerpt::new(t),
                        },
                    );
                }
                year
            }
            other => {
                self.wrong_type(at, self.words.year, other);
                None
            }
        }
    }

    fn report_kind(&mut self, at: usize) -> Option<ReportKind> {
        let text = self.text(at)?;
        let kind = text.parse::<ReportKind>().ok();
        if kind.is_none() {
            self.fail(
                at,
                Reason::ReportKind {
                    text: Excerpt::new(text),
                },
            );
        }
        kind
    }

    fn follow_up_status(&mut self, at: usize) -> Option<FollowUpStatus> {
        let text = self.text(at)?;
        let status = text.parse::<FollowUpStatus>().ok();
        if status.is_none() {
            self.fail(
                at,
                Reason::FollowUpStatus {
                    text: Excerpt::new(text),
                },
            );
        }
        status
    }

    fn source(&mut self, at: usize) -> Source {
        match self.text(at) {
            None | Some("official") => Source::Official,
            Some("verification") => Source::Verification,
            Some(other) => {
                self.fail(
                    at,
                    Reason::Source {
                        text: Excerpt::new(other),
                    },
                );
                Source::Official
            }
        }
    }

    /// A cell into `out`: its (dimension, value) pairs, trimmed, each
    /// dimension once; entries without a value name no dimension. Returns
    /// how many pairs were written.
    fn cell<'o>(
        &mut self,
        at: usize,
        out: &mut [(&'o str, &'o str)],
        direct: Option<usize>,
    ) -> usize
    where
        'd: 'o,
    {
        if let Some(named) = direct {
            if let Some(dimension) = first_repeated(out[..named].iter().map(|&(d, _)| d)) {
                self.fail(
                    at,
                    Reason::DuplicateDimension {
                        dimension: Excerpt::new(dimension),
                    },
                );
                return 0;
            }
            return named;
        }
        let Some(value) = self.present(at) else {
            return 0;
        };
        let FieldValue::Map(entries) = value else {
            if self.problems.wants_more() {
                self.fail(
                    at,
                    Reason::NotACell {
                        expected: self.words.cell,
                        found: value.shown(),
                    },
                );
            }
            return 0;
        };
        let mut named = 0;
        for (dimension, entry) in entries {
            match entry {
                FieldValue::Text(text) => {
                    if named < out.len() {
                        out[named] = (values::trim(dimension), values::trim(text));
                        named += 1;
                    }
                }
                v if v.is_absent() => {}
                _ => {
                    if self.problems.wants_more() {
                        self.fail(
                            at,
                            Reason::NotACell {
                                expected: self.words.cell,
                                found: value.shown(),
                            },
                        );
                    }
                    return 0;
                }
            }
        }
        if let Some(dimension) = first_repeated(
            entries
                .iter()
                .filter(|(_, v)| !v.is_absent())
                .map(|(d, _)| values::trim(d)),
        ) {
            self.fail(
                at,
                Reason::DuplicateDimension {
                    dimension: Excerpt::new(dimension),
                },
            );
            return 0;
        }
        named
    }
}

/// The first key that appears a second time, in order of the second
/// appearance. Small lists are compared pairwise; long ones through a set.
pub(crate) fn first_repeated<'k>(keys: impl Iterator<Item = &'k str> + Clone) -> Option<&'k str> {
    if keys.clone().nth(16).is_none() {
        return keys
            .clone()
            .enumerate()
            .find(|&(i, key)| keys.clone().take(i).any(|earlier| earlier == key))
            .map(|(_, key)| key);
    }
    let mut seen = HashSet::new();
    keys.into_iter().find(|k| !seen.insert(*k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_list_each_field_once_and_the_kinds_in_array_order() {
        for &kind in RecordKind::ALL {
            let spec = kind.spec();
            assert_eq!(spec.kind, kind);
            assert!(spec.fields.len() <= MAX_FIELDS);
            assert_eq!(first_repeated(spec.names()), None);
            assert_eq!(RecordKind::from_array_name(kind.array_name()), Some(kind));
        }
    }

    #[test]
    fn repeated_keys_are_found_in_short_and_long_lists() {
        assert_eq!(
            first_repeated(["a", "b", "a"].into_iter()),
            None.or(Some("a"))
        );
        assert_eq!(first_repeated(["a", "b", "c"].into_iter()), None);
        let long: Vec<String> = (0..1000).map(|i| format!("k{i}")).collect();
        assert_eq!(first_repeated(long.iter().map(String::as_str)), None);
        let mut again = long.clone();
        again.push("k500".into());
        assert_eq!(
            first_repeated(again.iter().map(String::as_str)),
            Some("k500")
        );
    }

    #[test]
    fn a_huge_value_is_shown_in_a_few_bytes() {
        let text = "x".repeat(60_000_000);
        for value in [
            FieldValue::Text(Cow::Borrowed(&text)),
            FieldValue::Other(Cow::Borrowed(&text)),
            FieldValue::Map(vec![(
                Cow::Borrowed(&text[..]),
                FieldValue::Text(Cow::Borrowed(&text)),
            )]),
        ] {
            let shown = value.shown();
            assert!(shown.len() < 3 * EXCERPT_BYTES, "{shown}");
        }
    }
}
