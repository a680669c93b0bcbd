//! A table as text: CSV and JSON records, the same bytes for the same table.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::{ColumnData, Datum, Table};

/// One CSV field, quoted only where it must be (RFC 4180): when it holds a
/// comma, a quote or a line break.
fn csv_field(out: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// One CSV record: fields joined by commas, then `\n`. A record of one empty
/// field is written `""`, as a blank line would be read as no record at all.
fn csv_record(out: &mut String, fields: &[String]) {
    if let [only] = fields {
        if only.is_empty() {
            out.push_str("\"\"\n");
            return;
        }
    }
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, field);
    }
    out.push('\n');
}

/// How one column of the table is written as CSV: as itself, or (a map) as
/// one column per key.
enum CsvColumn<'a> {
    Plain(usize),
    Map { column: usize, keys: Vec<&'a str> },
}

pub(super) fn csv(table: &Table) -> String {
    let layout: Vec<CsvColumn<'_>> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, column)| match column.data() {
            ColumnData::TextMap(maps) => {
                let keys: BTreeSet<&str> = maps
                    .iter()
                    .flat_map(|m| m.keys())
                    .map(String::as_str)
                    .collect();
                CsvColumn::Map {
                    column: i,
                    keys: keys.into_iter().collect(),
                }
            }
            _ => CsvColumn::Plain(i),
        })
        .collect();

    let mut out = String::new();
    let mut fields: Vec<String> = Vec::new();
    for part in &layout {
        match part {
            CsvColumn::Plain(i) => fields.push(table.columns[*i].name().to_string()),
            CsvColumn::Map { column, keys } => {
                let name = table.columns[*column].name();
                fields.extend(keys.iter().map(|k| format!("{name}.{k}")));
            }
        }
    }
    csv_record(&mut out, &fields);

    for row in 0..table.rows {
        fields.clear();
        for part in &layout {
            match part {
                CsvColumn::Plain(i) => {
                    let mut text = String::new();
                    if let Some(value) = table.columns[*i].get(row) {
                        let _ = write!(text, "{value}");
                    }
                    fields.push(text);
                }
                CsvColumn::Map { column, keys } => {
                    let map = match table.columns[*column].data() {
                        ColumnData::TextMap(maps) => maps.get(row),
                        _ => None,
                    };
                    for key in keys {
                        let value = map.and_then(|m| m.get(*key));
                        fields.push(value.cloned().unwrap_or_default());
                    }
                }
            }
        }
        csv_record(&mut out, &fields);
    }
    out
}

impl Serialize for Datum<'_> {
    /// As in the table's JSON records (see [`Table::to_json`]).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Datum::Null => s.serialize_none(),
            Datum::Text(t) => s.serialize_str(t),
            Datum::Integer(n) => s.serialize_i64(n),
            Datum::Decimal(d) => s.collect_str(&d),
            Datum::Score(score) => s.collect_str(&score),
            Datum::Date(d) => s.collect_str(&d.format("%Y-%m-%d")),
            Datum::Bool(b) => s.serialize_bool(b),
            Datum::Category(c) => s.serialize_str(c),
            Datum::TextList(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Datum::TextMap(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (key, value) in map {
                    m.serialize_entry(key, value)?;
                }
                m.end()
            }
        }
    }
}

/// One row as a JSON object, keys in column order.
struct Record<'a> {
    table: &'a Table,
    row: usize,
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.table.columns.len()))?;
        for column in &self.table.columns {
            m.serialize_entry(column.name(), &column.get(self.row).unwrap_or(Datum::Null))?;
        }
        m.end()
    }
}

pub(super) fn json(table: &Table) -> String {
    if table.rows == 0 {
        return "[]\n".to_string();
    }
    let mut out = String::from("[\n");
    for row in 0..table.rows {
        if row > 0 {
            out.push_str(",\n");
        }
        // Serialising strings, numbers and maps with string keys cannot fail.
        out.push_str(&serde_json::to_string(&Record { table, row }).unwrap_or_default());
    }
    out.push_str("\n]\n");
    out
}
