//! Observation CSV as a field source, read row by row in constant memory.
//!
//! A header row names the columns: `indicator`, `period`, `entity`, `value`,
//! optionally `source`, `recorded_on` and one `cell.<dimension>` column per
//! dimension. CSV has no null: an empty (or blank) cell is a field without a
//! value, and an empty `cell.<dimension>` column names no dimension.

use std::borrow::Cow;
use std::io::Read;

use super::{
    read_record, FieldSource, FieldSpec, FieldValue, Null, Problems, RecordSink, TypeWords,
};
use crate::ledger::{IngestError, RecordKind};
use crate::messages::ledger::{ColumnProblem, Reason};
use crate::messages::Excerpt;
use crate::values;

/// Most `cell.<dimension>` columns an observation CSV may have.
const MAX_CELL_COLUMNS: usize = 64;

/// How CSV names what a field takes (every CSV field is text).
const CSV_WORDS: TypeWords = TypeWords {
    text: "a text",
    number: "a number",
    date: "a date written YYYY-MM-DD",
    period: "a period",
    year: "a four-digit year",
    cell: "one cell.<dimension> column per dimension",
};

/// Which column holds each field of the observation spec, and the cell columns.
struct Layout {
    /// For each field of the spec, its column.
    fields: Vec<Option<usize>>,
    /// (column, dimension) of each `cell.<dimension>` column.
    cells: Vec<(usize, String)>,
}

fn header_error(problem: ColumnProblem) -> IngestError {
    IngestError::BadHeader {
        line: 1,
        column: 1,
        problem,
    }
}

/// Checks the header against the observation spec.
fn layout(headers: &[String]) -> Result<Layout, IngestError> {
    let spec = RecordKind::Observation.spec();
    for field in spec.fields.iter().filter(|f| f.required) {
        if !headers.iter().any(|h| h == field.name) {
            return Err(header_error(ColumnProblem::MissingColumn {
                column: field.name,
                given: headers.iter().map(|h| Excerpt::new(h)).collect(),
            }));
        }
    }
    for h in headers {
        let known = match h.strip_prefix("cell.") {
            Some(dimension) => !dimension.is_empty(),
            None => spec.field(h).is_some_and(|f| !f.is_cell()),
        };
        if !known {
            return Err(header_error(ColumnProblem::UnknownColumn {
                column: Excerpt::new(h),
                kind: RecordKind::Observation,
            }));
        }
    }
    if let Some(h) = super::first_repeated(headers.iter().map(String::as_str)) {
        return Err(header_error(ColumnProblem::DuplicateColumn {
            column: Excerpt::new(h),
        }));
    }
    let cells: Vec<(usize, String)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.strip_prefix("cell.").map(|d| (i, d.to_string())))
        .collect();
    if cells.len() > MAX_CELL_COLUMNS {
        return Err(header_error(ColumnProblem::TooManyCellColumns {
            count: cells.len(),
            max: MAX_CELL_COLUMNS,
        }));
    }
    Ok(Layout {
        fields: spec
            .fields
            .iter()
            .map(|f| headers.iter().position(|h| h == f.name))
            .collect(),
        cells,
    })
}

/// One CSV row's fields.
struct Row<'r> {
    layout: &'r Layout,
    row: &'r csv::StringRecord,
}

impl<'r> Row<'r> {
    #[inline]
    fn cell_text(&self, column: usize) -> FieldValue<'r> {
        let text = values::trim(self.row.get(column).unwrap_or(""));
        if text.is_empty() {
            FieldValue::Null(Null::Empty)
        } else {
            FieldValue::Text(Cow::Borrowed(text))
        }
    }
}

impl<'r> FieldSource<'r> for Row<'r> {
    #[inline]
    fn value(&mut self, index: usize, field: &'static FieldSpec) -> FieldValue<'r> {
        if field.is_cell() {
            // Given by `cell_texts`.
            return FieldValue::Missing;
        }
        match self.layout.fields.get(index).copied().flatten() {
            Some(column) => self.cell_text(column),
            None => FieldValue::Missing,
        }
    }

    fn words(&self) -> &'static TypeWords {
        &CSV_WORDS
    }

    fn cell_texts<'o>(&mut self, out: &mut [(&'o str, &'o str)]) -> Option<usize>
    where
        'r: 'o,
    {
        let mut named = 0;
        for (column, dimension) in &self.layout.cells {
            let text = values::trim(self.row.get(*column).unwrap_or(""));
            // An empty cell column names no dimension.
            if !text.is_empty() && named < out.len() {
                out[named] = (dimension.as_str(), text);
                named += 1;
            }
        }
        Some(named)
    }
}

/// A reader that retries a read interrupted by a signal (`ErrorKind::Interrupted`),
/// as `Read` users are meant to: the CSV parser's buffer passes the error on,
/// which would end the batch as a stream failure.
struct RetryInterrupted<R>(R);

impl<R: Read> Read for RetryInterrupted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            match self.0.read(buf) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                result => return result,
            }
        }
    }
}

/// Reads observation CSV, handing each data row to `sink` as it is read
/// (index 0 is the first row after the header).
pub(crate) fn read_observations<R: Read>(
    reader: R,
    sink: &mut dyn RecordSink,
) -> Result<(), IngestError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        // Fields are trimmed where they are read: trimming whole records costs
        // more than the parse itself.
        .trim(csv::Trim::None)
        .from_reader(RetryInterrupted(reader));
    let headers: Vec<String> = match csv.headers() {
        Ok(h) => h
            .iter()
            .map(|h| values::trim(values::strip_bom(h)).to_string())
            .collect(),
        Err(e) => {
            return Err(match e.kind() {
                csv::ErrorKind::Utf8 { pos, err } => IngestError::BadHeader {
                    line: pos.as_ref().map_or(1, |p| p.line() as usize),
                    column: 1,
                    problem: ColumnProblem::InvalidUtf8 {
                        field: err.field() as u64 + 1,
                    },
                },
                // The header is the first line.
                _ => read_failed(&e, 1),
            });
        }
    };
    let layout = layout(&headers)?;
    let kind = RecordKind::Observation;
    let mut row = csv::StringRecord::new();
    let mut index = 0usize;
    loop {
        let read = csv.read_record(&mut row);
        let go_on = match read {
            Ok(false) => break,
            Ok(true) => read_record(
                kind,
                index,
                &mut Row {
                    layout: &layout,
                    row: &row,
                },
                Problems::default(),
                sink,
            ),
            Err(e) => {
                // A malformed row (wrong column count, bad UTF-8) is that
                // row's problem; a stream that fails ends the batch.
                let reason = match e.kind() {
                    csv::ErrorKind::Utf8 { err, .. } => Reason::InvalidUtf8 {
                        field: err.field() as u64 + 1,
                    },
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => Reason::RowLength {
                        len: *len,
                        expected: *expected_len,
                    },
                    _ => return Err(read_failed(&e, csv.position().line())),
                };
                let mut problems = Problems::default();
                problems.push("", reason);
                sink.unreadable(kind, index, problems.take());
                true
            }
        };
        if !go_on {
            break;
        }
        index += 1;
    }
    Ok(())
}

fn read_failed(e: &csv::Error, line: u64) -> IngestError {
    IngestError::ReadFailed {
        line,
        message: match e.kind() {
            csv::ErrorKind::Io(io) => io.to_string(),
            _ => e.to_string(),
        },
    }
}
