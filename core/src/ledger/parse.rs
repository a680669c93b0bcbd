//! Reading batches from the JSON ledger format and from observation CSV.
//!
//! Reading is field by field, so that a bad record is reported with the name
//! of the field at fault and the other records still get read. Numbers are
//! taken from their exact text, whether the JSON writes them as strings
//! (`"12.50"`) or as numbers (`12.50`): no value ever passes through a float.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::marker::PhantomData;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::records::*;
use super::{IngestError, ObservationFields, Rejection};

/// Most `cell.<dimension>` columns an observation CSV may have.
const MAX_CELL_COLUMNS: usize = 64;
use crate::period::Period;

/// Parses an exact decimal from its text: plain (`12.50`, `-3`) or scientific
/// (`1e3`, `1.5E-2`). A value that a decimal cannot hold exactly (more than 28
/// decimal places, or a magnitude of 2⁹⁶ or more) is an error, never rounded.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("the number is empty".into());
    }
    if let Some(value) = plain_decimal(t) {
        return Ok(value);
    }
    let lower = t.to_ascii_lowercase();
    if matches!(
        lower.trim_start_matches(['+', '-']),
        "nan" | "inf" | "infinity"
    ) {
        return Err(format!("{t:?} is not a finite number"));
    }
    let not_a_number = || {
        format!("{t:?} is not a number (digits, with an optional sign, decimal point and exponent)")
    };
    let inexact = |why: &str| {
        format!("{t:?} is not an exact decimal number (at most 28 decimal places and 28-29 significant digits): {why}")
    };
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (negative, unsigned) = match mantissa.as_bytes().first() {
        Some(b'-') => (true, &mantissa[1..]),
        Some(b'+') => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits_only(int) || !digits_only(frac) {
        return Err(not_a_number());
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let (sign, digits) = match e.as_bytes().first() {
                Some(b'-') => (-1, &e[1..]),
                Some(b'+') => (1, &e[1..]),
                _ => (1, e),
            };
            if digits.is_empty() || !digits_only(digits) {
                return Err(not_a_number());
            }
            let digits = digits.trim_start_matches('0');
            if digits.len() > 4 {
                return Err(inexact("the exponent is out of range"));
            }
            sign * digits.parse::<i64>().unwrap_or(0)
        }
    };
    // The value is `significand × 10^-scale`.
    let mut significand = format!("{int}{frac}");
    let mut scale = frac.len() as i64 - exponent;
    // Trailing zeros beyond the 28 places a decimal holds change nothing.
    while scale > 28 && significand.ends_with('0') {
        significand.pop();
        scale -= 1;
    }
    let significand = significand.trim_start_matches('0');
    if significand.is_empty() {
        // Zero, of either sign: keep one spelling in exports.
        return Ok(Decimal::new(0, scale.clamp(0, 28) as u32));
    }
    if scale > 28 {
        return Err(inexact("more than 28 decimal places"));
    }
    if significand.len() as i64 - scale > 29 {
        return Err(inexact("too large"));
    }
    let plain = if scale <= 0 {
        format!("{significand}{}", "0".repeat((-scale) as usize))
    } else {
        let scale = scale as usize;
        let padded = format!("{significand:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        format!("{whole}.{fraction}")
    };
    let mut value = Decimal::from_str_exact(&plain).map_err(|e| inexact(&e.to_string()))?;
    value.set_sign_negative(negative);
    Ok(value)
}

/// The common case, read without allocating: an optional `-`, at most 28
/// digits with at most one `.` between digits. Anything else (`None`) takes
/// the general path of [`parse_decimal`], which gives the same value.
fn plain_decimal(t: &str) -> Option<Decimal> {
    let unsigned = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let shaped = digits(int) && (frac.is_empty() || digits(frac)) && !unsigned.ends_with('.');
    if !shaped || int.len() + frac.len() > 28 {
        return None;
    }
    let mut value = Decimal::from_str_exact(t).ok()?;
    if value.is_zero() {
        // Zero, of either sign: keep one spelling in exports.
        value.set_sign_positive(true);
    }
    Some(value)
}

/// Parses a date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!("{t:?} is not a date written YYYY-MM-DD"));
    }
    // The shape is checked: every other byte is an ASCII digit.
    let number = |range: std::ops::Range<usize>| {
        t.as_bytes()[range]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10))
        .ok_or_else(|| format!("{t:?} is not a calendar date"))
}

type Fields<'a> = BTreeMap<String, &'a RawValue>;

/// A JSON object's entries in document order, duplicates kept, so that a key
/// given twice is reported instead of silently losing one of its values.
struct Entries<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Visit<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, V>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visit(PhantomData))
    }
}

impl<V> Entries<V> {
    /// The entries as a map, and the first key that appears more than once.
    fn into_map(self) -> (BTreeMap<String, V>, Option<String>) {
        let mut map = BTreeMap::new();
        let mut duplicate = None;
        for (k, v) in self.0 {
            match map.entry(k) {
                Entry::Occupied(e) => {
                    duplicate.get_or_insert_with(|| e.key().clone());
                }
                Entry::Vacant(e) => {
                    e.insert(v);
                }
            }
        }
        (map, duplicate)
    }
}

/// "a" or "an", for a record kind or report kind in a sentence.
pub(crate) fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Reads one record's fields, collecting the first problem as a rejection.
struct FieldReader<'a> {
    kind: RecordKind,
    index: usize,
    fields: Fields<'a>,
    error: Option<Rejection>,
}

impl<'a> FieldReader<'a> {
    fn fail(&mut self, field: &str, reason: String) {
        if self.error.is_none() {
            self.error = Some(Rejection::new(self.kind, self.index, field, reason));
        }
    }

    fn check_fields(&mut self, allowed: &[&str]) {
        let unknown: Vec<String> = self
            .fields
            .keys()
            .filter(|k| !allowed.contains(&k.as_str()))
            .cloned()
            .collect();
        for field in unknown {
            self.fail(
                field.as_str(),
                format!(
                    "unknown field {field:?}; a {} has the fields {}",
                    self.kind,
                    allowed.join(", ")
                ),
            );
        }
    }

    /// The raw JSON of a field, `None` when absent or null.
    fn raw(&self, field: &str) -> Option<&'a RawValue> {
        self.fields
            .get(field)
            .copied()
            .filter(|r| r.get() != "null")
    }

    /// A field's text: a JSON string, or the exact text of a JSON number.
    fn text(&mut self, field: &str, required: bool) -> Option<String> {
        let Some(raw) = self.raw(field) else {
            if required {
                self.fail(field, format!("the field {field:?} is missing"));
            }
            return None;
        };
        let json = raw.get();
        if json.starts_with('"') {
            match serde_json::from_str::<String>(json) {
                Ok(s) => Some(s),
                Err(e) => {
                    self.fail(field, format!("unreadable string: {e}"));
                    None
                }
            }
        } else if json.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            Some(json.to_string())
        } else {
            self.fail(
                field,
                format!("expected a string or a number, found {}", shorten(json)),
            );
            None
        }
    }

    fn string(&mut self, field: &str) -> String {
        self.text(field, true).unwrap_or_default()
    }

    fn optional_string(&mut self, field: &str) -> Option<String> {
        self.text(field, false)
    }

    fn decimal(&mut self, field: &str, required: bool) -> Option<Decimal> {
        let text = self.text(field, required)?;
        match parse_decimal(&text) {
            Ok(d) => Some(d),
            Err(why) => {
                self.fail(field, why);
                None
            }
        }
    }

    fn date(&mut self, field: &str, required: bool) -> Option<NaiveDate> {
        let text = self.text(field, required)?;
        match parse_date(&text) {
            Ok(d) => Some(d),
            Err(why) => {
                self.fail(field, why);
                None
            }
        }
    }

    fn period(&mut self, field: &str) -> Option<Period> {
        let text = self.text(field, true)?;
        match Period::parse(&text) {
            Ok(p) => Some(p),
            Err(e) => {
                self.fail(field, e.to_string());
                None
            }
        }
    }

    fn year(&mut self, field: &str) -> Option<i32> {
        let text = self.text(field, true)?;
        match text.trim().parse::<i32>() {
            Ok(y) if (1000..=9999).contains(&y) => Some(y),
            _ => {
                self.fail(field, format!("{text:?} is not a four-digit year"));
                None
            }
        }
    }

    fn report_kind(&mut self, field: &str) -> Option<ReportKind> {
        let text = self.text(field, true)?;
        let kind = text.parse::<ReportKind>().ok();
        if kind.is_none() {
            self.fail(
                field,
                format!("{text:?} is not a report kind (monthly, semiannual, annual)"),
            );
        }
        kind
    }

    fn source(&mut self, field: &str) -> Source {
        match self.optional_string(field).as_deref() {
            None | Some("official") => Source::Official,
            Some("verification") => Source::Verification,
            Some(other) => {
                self.fail(
                    field,
                    format!("{other:?} is not a source (official, verification)"),
                );
                Source::Official
            }
        }
    }

    fn cell(&mut self, field: &str) -> BTreeMap<String, String> {
        let Some(raw) = self.raw(field) else {
            return BTreeMap::new();
        };
        match serde_json::from_str::<Entries<String>>(raw.get()) {
            Ok(entries) => {
                let (cell, duplicate) = entries.into_map();
                if let Some(dim) = duplicate {
                    self.fail(field, format!("the cell names the dimension {dim:?} twice"));
                }
                cell
            }
            Err(_) => {
                self.fail(
                    field,
                    format!(
                        "a cell is an object of dimension → value strings, found {}",
                        shorten(raw.get())
                    ),
                );
                BTreeMap::new()
            }
        }
    }

    fn finish<T>(self, record: T) -> Result<T, Rejection> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(record),
        }
    }
}

fn shorten(json: &str) -> String {
    let mut s: String = json.chars().take(40).collect();
    if s.len() < json.len() {
        s.push('…');
    }
    s
}

const TARGET_FIELDS: &[&str] = &[
    "indicator",
    "period",
    "entity",
    "baseline",
    "value",
    "recorded_on",
];
const OBSERVATION_FIELDS: &[&str] = &[
    "indicator",
    "period",
    "entity",
    "cell",
    "value",
    "source",
    "recorded_on",
];
const MILESTONE_FIELDS: &[&str] = &["indicator", "entity", "achieved_on", "recorded_on"];
const SUBMISSION_FIELDS: &[&str] = &["entity", "kind", "period", "submitted_on"];
const OBLIGATION_FIELDS: &[&str] = &["entity", "kind", "from", "to"];

fn read_target(r: &mut FieldReader) -> Target {
    r.check_fields(TARGET_FIELDS);
    Target {
        indicator: r.string("indicator"),
        period: r.period("period").unwrap_or(Period::Year(1000)),
        entity: r.optional_string("entity"),
        baseline: r.decimal("baseline", false).unwrap_or(Decimal::ZERO),
        value: r.decimal("value", true).unwrap_or_default(),
        recorded_on: r.date("recorded_on", false),
    }
}

fn read_observation(r: &mut FieldReader) -> Observation {
    r.check_fields(OBSERVATION_FIELDS);
    Observation {
        indicator: r.string("indicator"),
        period: r.period("period").unwrap_or(Period::Year(1000)),
        entity: r.string("entity"),
        cell: r.cell("cell"),
        value: r.decimal("value", true).unwrap_or_default(),
        source: r.source("source"),
        recorded_on: r.date("recorded_on", false),
    }
}

fn read_milestone(r: &mut FieldReader) -> Milestone {
    r.check_fields(MILESTONE_FIELDS);
    Milestone {
        indicator: r.string("indicator"),
        entity: r.string("entity"),
        achieved_on: r.date("achieved_on", true).unwrap_or_default(),
        recorded_on: r.date("recorded_on", false),
    }
}

fn read_submission(r: &mut FieldReader) -> Submission {
    r.check_fields(SUBMISSION_FIELDS);
    Submission {
        entity: r.string("entity"),
        kind: r.report_kind("kind").unwrap_or(ReportKind::Annual),
        period: r.period("period").unwrap_or(Period::Year(1000)),
        submitted_on: r.date("submitted_on", true).unwrap_or_default(),
    }
}

fn read_obligation(r: &mut FieldReader) -> Obligation {
    r.check_fields(OBLIGATION_FIELDS);
    Obligation {
        entity: r.string("entity"),
        kind: r.report_kind("kind").unwrap_or(ReportKind::Annual),
        from: r.year("from").unwrap_or(1000),
        to: r.year("to").unwrap_or(1000),
    }
}

/// A batch read from text, with the records that could not be read.
pub(crate) struct Parsed {
    pub batch: Batch,
    /// For each kind, the batch index each parsed record had in its array.
    pub positions: Positions,
    pub rejections: Vec<Rejection>,
}

/// Original positions of the records kept in a [`Batch`], per kind.
#[derive(Default)]
pub(crate) struct Positions {
    pub targets: Vec<usize>,
    pub observations: Vec<usize>,
    pub milestones: Vec<usize>,
    pub submissions: Vec<usize>,
    pub obligations: Vec<usize>,
}

fn read_array<'a, T>(
    kind: RecordKind,
    raws: &[&'a RawValue],
    read: fn(&mut FieldReader<'a>) -> T,
    out: &mut Vec<T>,
    positions: &mut Vec<usize>,
    rejections: &mut Vec<Rejection>,
) {
    for (index, raw) in raws.iter().enumerate() {
        let (fields, duplicate): (Fields<'a>, _) =
            match serde_json::from_str::<Entries<&'a RawValue>>(raw.get()) {
                Ok(entries) => entries.into_map(),
                Err(_) => {
                    rejections.push(Rejection::new(
                        kind,
                        index,
                        "",
                        format!(
                            "{} {kind} is a JSON object, found {}",
                            article(&kind.to_string()),
                            shorten(raw.get())
                        ),
                    ));
                    continue;
                }
            };
        let mut reader = FieldReader {
            kind,
            index,
            fields,
            error: None,
        };
        if let Some(field) = duplicate {
            reader.fail(&field, format!("the field {field:?} appears twice"));
        }
        let record = read(&mut reader);
        match reader.finish(record) {
            Ok(r) => {
                out.push(r);
                positions.push(index);
            }
            Err(rej) => rejections.push(rej),
        }
    }
}

/// Reads a JSON ledger document: one object with the arrays `targets`,
/// `observations`, `milestones`, `submissions` and `obligations` (each optional).
pub(crate) fn parse_json(text: &str) -> Result<Parsed, IngestError> {
    let top: Entries<Vec<&RawValue>> =
        serde_json::from_str(text).map_err(|e| IngestError::Syntax {
            line: e.line(),
            column: e.column(),
            message: crate::messages::json_error_message(&e),
        })?;
    let (top, duplicate) = top.into_map();
    if let Some(array) = duplicate {
        return Err(IngestError::Syntax {
            line: 1,
            column: 1,
            message: format!("the array {array:?} appears twice; give each array once"),
        });
    }
    let known = [
        "targets",
        "observations",
        "milestones",
        "submissions",
        "obligations",
    ];
    if let Some(unknown) = top.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(IngestError::Syntax {
            line: 1,
            column: 1,
            message: format!(
                "unknown array {unknown:?}; a ledger has the arrays {}",
                known.join(", ")
            ),
        });
    }
    let empty = Vec::new();
    let get = |k: &str| top.get(k).unwrap_or(&empty);
    let mut parsed = Parsed {
        batch: Batch::default(),
        positions: Positions::default(),
        rejections: Vec::new(),
    };
    let (b, p, r) = (
        &mut parsed.batch,
        &mut parsed.positions,
        &mut parsed.rejections,
    );
    read_array(
        RecordKind::Target,
        get("targets"),
        read_target,
        &mut b.targets,
        &mut p.targets,
        r,
    );
    read_array(
        RecordKind::Observation,
        get("observations"),
        read_observation,
        &mut b.observations,
        &mut p.observations,
        r,
    );
    read_array(
        RecordKind::Milestone,
        get("milestones"),
        read_milestone,
        &mut b.milestones,
        &mut p.milestones,
        r,
    );
    read_array(
        RecordKind::Submission,
        get("submissions"),
        read_submission,
        &mut b.submissions,
        &mut p.submissions,
        r,
    );
    read_array(
        RecordKind::Obligation,
        get("obligations"),
        read_obligation,
        &mut b.obligations,
        &mut p.obligations,
        r,
    );
    Ok(parsed)
}

/// Reads observation CSV: a header row with `indicator`, `period`, `entity`,
/// `value` and optionally `source`, `recorded_on` and one `cell.<dimension>`
/// column per dimension (an empty cell column means the dimension is not named).
///
/// Each data row is handed to `each` with its index (0 for the first row after
/// the header), as fields borrowed from the row or as the row's rejection;
/// `each` returns `false` to stop reading.
pub(crate) fn read_csv<R, F>(reader: R, mut each: F) -> Result<(), IngestError>
where
    R: Read,
    F: FnMut(usize, Result<ObservationFields<'_>, Rejection>) -> bool,
{
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        // Fields are trimmed where they are read: trimming whole records costs
        // more than the parse itself.
        .trim(csv::Trim::None)
        .from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|e| csv_error(&e))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect::<Vec<_>>();
    for required in ["indicator", "period", "entity", "value"] {
        if !headers.iter().any(|h| h == required) {
            return Err(IngestError::Syntax {
                line: 1,
                column: 1,
                message: format!(
                    "the CSV header lacks the column {required:?} (it has: {})",
                    headers.join(", ")
                ),
            });
        }
    }
    for h in &headers {
        if !OBSERVATION_FIELDS.contains(&h.as_str()) && !h.starts_with("cell.") || h == "cell" {
            return Err(IngestError::Syntax {
                line: 1,
                column: 1,
                message: format!(
                    "unknown CSV column {h:?}; columns are {} and cell.<dimension>",
                    OBSERVATION_FIELDS
                        .iter()
                        .filter(|f| **f != "cell")
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
    for (i, h) in headers.iter().enumerate() {
        if headers[..i].contains(h) {
            return Err(IngestError::Syntax {
                line: 1,
                column: 1,
                message: format!("the CSV header has the column {h:?} twice"),
            });
        }
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (ci, cp, ce, cv) = (col("indicator"), col("period"), col("entity"), col("value"));
    let (cs, cr) = (col("source"), col("recorded_on"));
    let cells: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.strip_prefix("cell.").map(|d| (i, d.to_string())))
        .collect();

    if cells.len() > MAX_CELL_COLUMNS {
        return Err(IngestError::Syntax {
            line: 1,
            column: 1,
            message: format!(
                "the CSV header has {} cell columns, more than {MAX_CELL_COLUMNS}",
                cells.len()
            ),
        });
    }
    let mut row = csv::StringRecord::new();
    let mut index = 0usize;
    loop {
        match csv.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // A malformed row (wrong column count, bad UTF-8) is that row's problem.
                let rejection = Rejection::new(
                    RecordKind::Observation,
                    index,
                    "",
                    csv_error(&e).to_string(),
                );
                if !each(index, Err(rejection)) {
                    break;
                }
                index += 1;
                continue;
            }
        }
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("").trim();
        let mut fail: Option<Rejection> = None;
        let mut reject = |field: &str, reason: String| {
            if fail.is_none() {
                fail = Some(Rejection::new(
                    RecordKind::Observation,
                    index,
                    field,
                    reason,
                ));
            }
        };
        let mut required = |field: &str, c: Option<usize>| -> &str {
            let v = get(c);
            if v.is_empty() {
                reject(field, format!("the field {field:?} is empty"));
            }
            v
        };
        let indicator = required("indicator", ci);
        let period_text = required("period", cp);
        let entity = required("entity", ce);
        let value_text = required("value", cv);
        let period = match Period::parse(period_text) {
            Ok(p) => p,
            Err(e) => {
                if !period_text.is_empty() {
                    reject("period", e.to_string());
                }
                Period::Year(1000)
            }
        };
        let value = match parse_decimal(value_text) {
            Ok(v) => v,
            Err(why) => {
                if !value_text.is_empty() {
                    reject("value", why);
                }
                Decimal::ZERO
            }
        };
        let source = match get(cs) {
            "" | "official" => Source::Official,
            "verification" => Source::Verification,
            other => {
                reject(
                    "source",
                    format!("{other:?} is not a source (official, verification)"),
                );
                Source::Official
            }
        };
        let recorded_on = match get(cr) {
            "" => None,
            text => match parse_date(text) {
                Ok(d) => Some(d),
                Err(why) => {
                    reject("recorded_on", why);
                    None
                }
            },
        };
        let mut cell = [("", ""); MAX_CELL_COLUMNS];
        let mut named = 0;
        for (i, d) in &cells {
            let v = row.get(*i).unwrap_or("").trim();
            if !v.is_empty() {
                cell[named] = (d.as_str(), v);
                named += 1;
            }
        }
        let fields = match fail {
            Some(rejection) => Err(rejection),
            None => Ok(ObservationFields {
                indicator,
                period,
                entity,
                cell: &cell[..named],
                value,
                source,
                recorded_on,
            }),
        };
        if !each(index, fields) {
            break;
        }
        index += 1;
    }
    Ok(())
}

fn csv_error(e: &csv::Error) -> IngestError {
    let (line, message) = match e.kind() {
        csv::ErrorKind::Utf8 { pos, err } => (
            pos.as_ref().map(|p| p.line() as usize).unwrap_or(0),
            format!("field {} is not valid UTF-8", err.field() + 1),
        ),
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => (
            pos.as_ref().map(|p| p.line() as usize).unwrap_or(0),
            format!("the row has {len} fields, the header {expected_len}"),
        ),
        _ => (0, e.to_string()),
    };
    IngestError::Syntax {
        line,
        column: 1,
        message: format!("CSV: {message}"),
    }
}
