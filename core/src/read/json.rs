//! The JSON ledger format as a field source, read record by record.
//!
//! A document is one object with the arrays `targets`, `observations`,
//! `milestones`, `submissions` and `obligations` (each optional). The
//! document is walked by visitors: each record is taken as the slice of
//! text it spans, read into its fields and handed on before the next one is
//! looked at, so no list of the document's records is ever built. Numbers
//! are taken from their exact text, whether written as strings (`"12.50"`)
//! or as numbers (`12.50`): no value ever passes through a float.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{
    field_name, first_repeated, read_record, FieldSource, FieldSpec, FieldValue, Null, NumberKind,
    Problems, RecordSink, TypeWords,
};
use crate::ledger::{IngestError, RecordKind};
use crate::messages::json_error_message;
use crate::messages::ledger::{DocumentProblem, Reason};
use crate::messages::Excerpt;
use crate::values;

/// How JSON names what a field takes.
pub(crate) const JSON_WORDS: TypeWords = TypeWords {
    text: "a string or a number",
    number: "a string or a number",
    date: "a date written YYYY-MM-DD (a string)",
    period: "a string or a number",
    year: "a string or a number",
    cell: "an object of dimension → value strings",
};

/// A string borrowed from the document when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Visit)
    }
}

/// A JSON object's entries in document order, repeated keys kept, so that a
/// key given twice is reported instead of silently losing one of its values.
pub(crate) struct Entries<'de>(pub Vec<(Cow<'de, str>, &'de RawValue)>);

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(Key(key)) = map.next_key()? {
                    let value: &'de RawValue = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

impl<'de> Entries<'de> {
    /// The first key given twice.
    pub(crate) fn repeated(&self) -> Option<&str> {
        first_repeated(self.0.iter().map(|(k, _)| &**k))
    }

    /// The value of the first entry with this key.
    pub(crate) fn get(&self, key: &str) -> Option<&'de RawValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }
}

/// Reads an object's entries from a JSON text (a byte-order mark skipped).
pub(crate) fn object(text: &str) -> Result<Entries<'_>, serde_json::Error> {
    serde_json::from_str(values::strip_bom(text))
}

/// A JSON value as a field value: strings and numbers keep their exact text.
pub(crate) fn classify(raw: &RawValue) -> FieldValue<'_> {
    classify_at(raw, 0)
}

fn classify_at(raw: &RawValue, depth: usize) -> FieldValue<'_> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'n') => FieldValue::Null(Null::Null),
        Some(b'"') => string(text),
        Some(b'-' | b'0'..=b'9') => FieldValue::Number(Cow::Borrowed(text), NumberKind::Exact),
        // A map's values are read one level down, no further: no field
        // takes a map inside a map.
        Some(b'{') if depth == 0 => match serde_json::from_str::<Entries>(text) {
            Ok(Entries(entries)) => FieldValue::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, classify_at(v, depth + 1)))
                    .collect(),
            ),
            Err(_) => FieldValue::Other(Cow::Borrowed(text)),
        },
        _ => FieldValue::Other(Cow::Borrowed(text)),
    }
}

/// A JSON string's text, borrowed when it has no escapes.
fn string(raw: &str) -> FieldValue<'_> {
    if !raw.contains('\\') {
        // The document was checked: a string without escapes is its quotes
        // around its text.
        return FieldValue::Text(Cow::Borrowed(&raw[1..raw.len() - 1]));
    }
    match serde_json::from_str::<String>(raw) {
        Ok(s) => FieldValue::Text(Cow::Owned(s)),
        Err(e) => FieldValue::Unreadable(Cow::Owned(json_error_message(&e))),
    }
}

/// One JSON record's fields.
struct Record<'de> {
    entries: Entries<'de>,
}

impl<'de> FieldSource<'de> for Record<'de> {
    fn value(&mut self, _index: usize, field: &'static FieldSpec) -> FieldValue<'de> {
        match self.entries.get(field.name) {
            Some(raw) => classify(raw),
            None => FieldValue::Missing,
        }
    }

    fn words(&self) -> &'static TypeWords {
        &JSON_WORDS
    }
}

/// Reads one record from its JSON text and hands it to the sink; `false`
/// when the sink stops the reading.
fn record(kind: RecordKind, index: usize, raw: &RawValue, sink: &mut dyn RecordSink) -> bool {
    let text = raw.get();
    let entries = match text.starts_with('{') {
        true => serde_json::from_str::<Entries>(text).ok(),
        false => None,
    };
    let Some(entries) = entries else {
        let mut problems = Problems::default();
        problems.push(
            "",
            Reason::NotAnObject {
                kind,
                found: Excerpt::new(text).to_string(),
            },
        );
        sink.unreadable(kind, index, problems.take());
        return true;
    };
    let mut problems = Problems::default();
    if let Some(key) = entries.repeated() {
        problems.push(
            field_name(key),
            Reason::DuplicateField {
                field: Excerpt::new(key),
            },
        );
    }
    if problems.wants_more() {
        let spec = kind.spec();
        // Reported in name order, whatever the document's order; only those
        // kept are built into reasons.
        let mut unknown: Vec<&str> = entries
            .0
            .iter()
            .map(|(k, _)| &**k)
            .filter(|k| spec.field(k).is_none())
            .collect();
        unknown.sort_unstable();
        unknown.dedup();
        for name in unknown {
            if !problems.wants_more() {
                break;
            }
            problems.push(
                field_name(name),
                Reason::UnknownField {
                    field: Excerpt::new(name),
                    kind,
                },
            );
        }
    }
    read_record(kind, index, &mut Record { entries }, problems, sink)
}

/// The reading of one document: where records go, and why it stopped.
struct Document<'s> {
    sink: &'s mut dyn RecordSink,
    seen: [bool; RecordKind::ALL.len()],
    problem: Option<DocumentProblem>,
    stopped: bool,
}

impl<'de> Visitor<'de> for &mut Document<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a ledger: an object of arrays of records")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Key(name)) = map.next_key()? {
            let Some(kind) = RecordKind::from_array_name(&name) else {
                self.problem = Some(DocumentProblem::UnknownArray {
                    name: Excerpt::new(&name),
                });
                return Err(de::Error::custom("unknown array"));
            };
            let slot = kind as usize;
            if self.seen[slot] {
                self.problem = Some(DocumentProblem::DuplicateArray {
                    name: kind.array_name(),
                });
                return Err(de::Error::custom("array given twice"));
            }
            self.seen[slot] = true;
            map.next_value_seed(Array {
                kind,
                document: &mut *self,
            })?;
        }
        Ok(())
    }
}

/// One array of records.
struct Array<'a, 's> {
    kind: RecordKind,
    document: &'a mut Document<'s>,
}

impl<'de> DeserializeSeed<'de> for Array<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Array<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an array of {} records", self.kind)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            if !record(self.kind, index, raw, &mut *self.document.sink) {
                self.document.stopped = true;
                return Err(de::Error::custom("the ledger is full"));
            }
            index += 1;
        }
        Ok(())
    }
}

/// Reads a JSON ledger document, handing each record to `sink` as it is
/// read. A byte-order mark at the start is skipped.
pub(crate) fn read_ledger(text: &str, sink: &mut dyn RecordSink) -> Result<(), IngestError> {
    let text = values::strip_bom(text);
    let mut document = Document {
        sink,
        seen: [false; RecordKind::ALL.len()],
        problem: None,
        stopped: false,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let read = de.deserialize_map(&mut document).and_then(|()| de.end());
    match read {
        Ok(()) => Ok(()),
        Err(_) if document.stopped => Ok(()),
        Err(e) => Err(IngestError::Unreadable {
            line: e.line(),
            // serde_json says column 0 for the end of a document cut right
            // after a line break; columns are 1-based.
            column: e.column().max(1),
            problem: document.problem.take().unwrap_or(DocumentProblem::Json {
                message: json_error_message(&e),
            }),
        }),
    }
}
