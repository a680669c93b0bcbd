//! Observation CSV as a field source, read row by row in constant memory.
//!
//! A header row names the columns: `indicator`, `period`, `entity`, `value`,
//! optionally `source`, `recorded_on` and one `cell.<dimension>` column per
//! dimension. CSV has no null: an empty (or blank) cell is a field without a
//! value, and an empty `cell.<dimension>` column names no dimension.

use std::borrow::Cow;
use std::io::Read;

use super::{
    position, read_record, Decoded, FieldSource, FieldSpec, FieldValue, Null, Problems, RecordSink,
    TypeWords, MAX_CELL_ENTRIES, OBSERVATION,
};
use crate::ledger::{IngestError, ObservationFields, RecordKind, Source};
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

/// The fields of one CSV row, as text.
trait RowFields {
    /// The text of the field in `column`, if the row has that column.
    fn field(&self, column: usize) -> Option<&str>;
}

impl RowFields for csv::StringRecord {
    #[inline]
    fn field(&self, column: usize) -> Option<&str> {
        self.get(column)
    }
}

/// A data row's fields as bytes: a record the CSV parser read, or a line
/// with no quote split at its commas ([`SplitLine`]).
trait ByteRow {
    /// How many fields the row has.
    fn len(&self) -> usize;
    /// The bytes the fields' ranges index.
    fn as_slice(&self) -> &[u8];
    /// Where field `column` lies in [`ByteRow::as_slice`].
    fn range(&self, column: usize) -> Option<std::ops::Range<usize>>;

    /// The row's bytes as text, or the 0-based index of the first field
    /// that is not UTF-8 ([`utf8_text`]).
    fn text(&self) -> Result<&str, usize> {
        utf8_text(self)
    }
}

impl ByteRow for csv::ByteRecord {
    #[inline]
    fn len(&self) -> usize {
        csv::ByteRecord::len(self)
    }
    #[inline]
    fn as_slice(&self) -> &[u8] {
        csv::ByteRecord::as_slice(self)
    }
    #[inline]
    fn range(&self, column: usize) -> Option<std::ops::Range<usize>> {
        csv::ByteRecord::range(self, column)
    }
}

/// A line with no quote and no carriage return (but the one a CRLF line
/// ends with, left out): the CSV parser reads its fields as the bytes
/// between its commas, which is what this finds, without the parser's
/// per-byte state machine and copy.
struct SplitLine<'l> {
    /// The line without its line break.
    line: &'l [u8],
    /// `line` as text, when it lies in the part of the chunk found to be
    /// UTF-8 as a whole.
    text: Option<&'l str>,
    /// Where each field ends in `line`: at each comma, then at the end.
    ends: &'l [usize],
}

impl ByteRow for SplitLine<'_> {
    #[inline]
    fn len(&self) -> usize {
        self.ends.len()
    }
    #[inline]
    fn as_slice(&self) -> &[u8] {
        self.line
    }
    #[inline]
    fn range(&self, column: usize) -> Option<std::ops::Range<usize>> {
        let end = *self.ends.get(column)?;
        let start = match column.checked_sub(1) {
            Some(before) => self.ends[before] + 1,
            None => 0,
        };
        Some(start..end)
    }

    #[inline]
    fn text(&self) -> Result<&str, usize> {
        // Text between commas, which are characters of their own: every
        // field is UTF-8 when the line is.
        match self.text {
            Some(text) => Ok(text),
            None => utf8_text(self),
        }
    }
}

/// A row read as bytes whose every field was found to be UTF-8
/// ([`utf8_text`]): its texts are borrowed from the chunk, with no copy
/// into a string record and no second check.
struct Utf8Row<'r, B> {
    row: &'r B,
    /// The bytes of `row`'s fields (`ByteRow::as_slice`), as text.
    text: &'r str,
}

impl<B: ByteRow> RowFields for Utf8Row<'_, B> {
    #[inline]
    fn field(&self, column: usize) -> Option<&str> {
        // The field's range in the row's text falls on character
        // boundaries (`utf8_text`), so this never declines a field.
        self.row
            .range(column)
            .and_then(|range| self.text.get(range))
    }
}

/// The fields of `row` one after the other as text, checked once for the
/// row: each field is UTF-8 when the whole is and every field begins and
/// ends on a character boundary. Otherwise the 0-based index of the first
/// field that is not UTF-8, as the row-by-row reader reports it
/// (`invalid_utf8`).
fn utf8_text<B: ByteRow + ?Sized>(row: &B) -> Result<&str, usize> {
    if let Ok(text) = std::str::from_utf8(row.as_slice()) {
        // In ASCII text every byte begins a character: no field is looked at.
        let fields_whole = text.is_ascii()
            || (0..row.len()).all(|column| {
                row.range(column).is_some_and(|range| {
                    text.is_char_boundary(range.start) && text.is_char_boundary(range.end)
                })
            });
        if fields_whole {
            return Ok(text);
        }
    }
    Err(first_invalid_field(row).unwrap_or(0))
}

/// The 0-based index of the first field of `row` that is not UTF-8: what
/// the row-by-row reader reports as `invalid_utf8`.
fn first_invalid_field<B: ByteRow + ?Sized>(row: &B) -> Option<usize> {
    // Field by field: the row as a whole may be UTF-8 with a character cut
    // by a field separator.
    let bytes = row.as_slice();
    (0..row.len()).position(|column| {
        row.range(column)
            .and_then(|range| bytes.get(range))
            .is_some_and(|field| std::str::from_utf8(field).is_err())
    })
}

/// One CSV row's fields.
struct Row<'r, F> {
    layout: &'r Layout,
    row: &'r F,
}

impl<'r, F: RowFields> Row<'r, F> {
    #[inline]
    fn cell_text(&self, column: usize) -> FieldValue<'r> {
        let text = values::trim(self.row.field(column).unwrap_or(""));
        if text.is_empty() {
            FieldValue::Null(Null::Empty)
        } else {
            FieldValue::Text(Cow::Borrowed(text))
        }
    }
}

/// Where the observation spec puts each field (`Layout::fields` follows it).
const INDICATOR: usize = position(&OBSERVATION, "indicator");
const PERIOD: usize = position(&OBSERVATION, "period");
const ENTITY: usize = position(&OBSERVATION, "entity");
const VALUE: usize = position(&OBSERVATION, "value");
const SOURCE: usize = position(&OBSERVATION, "source");
const RECORDED_ON: usize = position(&OBSERVATION, "recorded_on");

impl<'r, F: RowFields> Row<'r, F> {
    /// The trimmed text of the spec's field `at`; `None` when the row has
    /// no column for it or its cell is blank.
    #[inline]
    fn field_text(&self, at: usize) -> Option<&'r str> {
        let column = self.layout.fields.get(at).copied().flatten()?;
        let text = values::trim(self.row.field(column).unwrap_or(""));
        (!text.is_empty()).then_some(text)
    }

    /// Hands the row to `sink` as [`read_record`] would when every field
    /// reads: the same texts, values and cell, taken straight from the
    /// columns, with no field values built, checked and dropped one by one
    /// (most of a national file's rows). `false`, with nothing handed over,
    /// when a field is absent or does not read: [`read_record`] then reads
    /// the row and says why.
    fn read_clean_observation(&mut self, index: usize, sink: &mut dyn RecordSink) -> bool {
        let mut cell = [("", ""); MAX_CELL_ENTRIES];
        let Some(named) = self.cell_texts(&mut cell) else {
            return false;
        };
        // Each dimension once: the header names each column once.
        let cell = &cell[..named];
        let (Some(indicator), Some(period), Some(entity), Some(value)) = (
            self.field_text(INDICATOR),
            self.field_text(PERIOD),
            self.field_text(ENTITY),
            self.field_text(VALUE),
        ) else {
            return false;
        };
        let (Ok(period), Ok(value)) = (values::parse_period(period), values::parse_decimal(value))
        else {
            return false;
        };
        let source = match self.field_text(SOURCE) {
            None | Some("official") => Source::Official,
            Some("verification") => Source::Verification,
            Some(_) => return false,
        };
        let recorded_on = match self.field_text(RECORDED_ON).map(values::parse_date) {
            None => None,
            Some(Ok(date)) => Some(date),
            Some(Err(_)) => return false,
        };
        let fields = ObservationFields {
            indicator,
            period,
            entity,
            cell,
            value,
            source,
            recorded_on,
        };
        sink.record(
            RecordKind::Observation,
            index,
            Decoded::Observation(&fields),
        );
        true
    }
}

impl<'r, F: RowFields> FieldSource<'r> for Row<'r, F> {
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
            let text = values::trim(self.row.field(*column).unwrap_or(""));
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

/// How a parallel read cuts its input: `threads` workers (at least one),
/// each reading chunks of about `chunk_bytes` bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chunking {
    pub threads: usize,
    pub chunk_bytes: usize,
}

impl Chunking {
    /// Bytes read in one round of the workers: a few chunks each, so that a
    /// slow chunk does not leave the other workers idle, while the rows of
    /// one round held before they are merged stay few.
    fn segment_bytes(&self) -> usize {
        self.chunk_bytes
            .max(1)
            .saturating_mul(self.threads.max(1))
            .saturating_mul(4)
    }
}

/// What a chunk is read against: the header's layout and its length.
struct Context<'c> {
    layout: &'c Layout,
    columns: usize,
}

/// What a worker read of one chunk.
struct ChunkRead<S> {
    /// The chunk's rows, handed over in order.
    sink: S,
    /// Where the record after the chunk's last begins (blank lines aside),
    /// or the end of the segment.
    end: usize,
    /// The chunk stopped before a record that may go on past the segment:
    /// that record is read again, whole, with the next segment, from `end`.
    cut_short: bool,
}

/// Reads the records of `data` that begin at `start` (a record's start, or
/// a guess of one) and before `stop`, each handed to `sink` as the
/// row-by-row reader hands it, with indexes counted from 0 in the chunk.
///
/// A line with no quote and no carriage return inside is split at its
/// commas here, as the CSV parser would split it; from the first line
/// that has either, the parser reads the rest of the chunk.
fn read_chunk<S: RecordSink>(
    data: &[u8],
    start: usize,
    stop: usize,
    last_segment: bool,
    context: &Context<'_>,
    mut sink: S,
) -> ChunkRead<S> {
    let kind = RecordKind::Observation;
    let mut ends: Vec<usize> = Vec::with_capacity(context.columns + 1);
    // The chunk's bytes up to a little past `stop` (where its last line
    // ends, mostly) checked to be UTF-8 in one pass, word by word, rather
    // than line by line: the lines in it need no check of their own.
    let checked_end = stop.saturating_add(4096).min(data.len()).max(start);
    let checked = data.get(start..checked_end).unwrap_or_default();
    let checked = match std::str::from_utf8(checked) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&checked[..e.valid_up_to()]).unwrap_or_default(),
    };
    let mut at = start;
    let mut index = 0usize;
    loop {
        // Blank lines hold no record: the parser skips them.
        while let Some(b'\n' | b'\r') = data.get(at) {
            at += 1;
        }
        if at >= data.len() {
            return ChunkRead {
                sink,
                end: data.len(),
                cut_short: false,
            };
        }
        if at >= stop {
            return ChunkRead {
                sink,
                end: at,
                cut_short: false,
            };
        }
        let Some(length) = split_line(&data[at..], &mut ends) else {
            return read_chunk_parsed(data, at, stop, last_segment, context, sink, index);
        };
        let next = at + length + 1;
        if !last_segment && next >= data.len() {
            return ChunkRead {
                sink,
                end: at,
                cut_short: true,
            };
        }
        let fields_end = *ends.last().unwrap_or(&0);
        let line = &data[at..at + fields_end];
        let text = checked.get(at - start..at - start + fields_end);
        read_row(
            kind,
            index,
            &SplitLine {
                line,
                text,
                ends: &ends,
            },
            context,
            &mut sink,
        );
        index += 1;
        at = next;
    }
}

/// Each byte of `word` that equals `byte` marked by its high bit, every
/// other bit clear (exact: no byte is marked by a borrow from its
/// neighbour).
#[inline]
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW_SEVEN: u64 = u64::from_ne_bytes([0x7f; 8]);
    let diff = word ^ u64::from_ne_bytes([byte; 8]);
    !(((diff & LOW_SEVEN).wrapping_add(LOW_SEVEN)) | diff | LOW_SEVEN)
}

/// Splits the line `rest` begins with at its commas, eight bytes at a
/// time: fills `ends` with where each field ends (each comma, then the end
/// of the line, a CRLF line's carriage return left out) and returns the
/// line's length up to its `\n` (or the end of `rest`). `None` when the line
/// holds a quote, or a carriage return elsewhere than before its `\n`: the
/// CSV parser reads such a line.
fn split_line(rest: &[u8], ends: &mut Vec<usize>) -> Option<usize> {
    ends.clear();
    let mut at = 0;
    let mut words = rest.chunks_exact(8);
    loop {
        let (word, last) = match words.next() {
            Some(word) => (u64::from_le_bytes(word.try_into().ok()?), false),
            None => {
                let tail = words.remainder();
                if tail.is_empty() {
                    ends.push(rest.len());
                    return Some(rest.len());
                }
                // Padded with bytes that match nothing.
                let mut padded = [0u8; 8];
                padded[..tail.len()].copy_from_slice(tail);
                (u64::from_le_bytes(padded), true)
            }
        };
        let newlines = bytes_equal(word, b'\n');
        // The bits of the bytes before the line's end (all, when it is not
        // in this word).
        let within = (newlines & newlines.wrapping_neg()).wrapping_sub(1);
        if (bytes_equal(word, b'"') | bytes_equal(word, b'\r')) & within != 0 {
            // A quote (the parser's), or a CRLF line: byte by byte.
            return split_line_bytewise(rest, ends);
        }
        let mut commas = bytes_equal(word, b',') & within;
        while commas != 0 {
            ends.push(at + (commas.trailing_zeros() / 8) as usize);
            commas &= commas - 1;
        }
        if newlines != 0 {
            let line_end = at + (newlines.trailing_zeros() / 8) as usize;
            ends.push(line_end);
            return Some(line_end);
        }
        if last {
            ends.push(rest.len());
            return Some(rest.len());
        }
        at += 8;
    }
}

/// [`split_line`] a byte at a time, for the lines with a quote or a
/// carriage return.
fn split_line_bytewise(rest: &[u8], ends: &mut Vec<usize>) -> Option<usize> {
    ends.clear();
    let line_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let line = &rest[..line_end];
    let fields = line.strip_suffix(b"\r").unwrap_or(line);
    if fields.iter().any(|&b| b == b'"' || b == b'\r') {
        return None;
    }
    ends.extend(
        fields
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b',')
            .map(|(at, _)| at),
    );
    ends.push(fields.len());
    Some(line_end)
}

/// [`read_chunk`] by the CSV parser, from `start` (a record's start), the
/// first record there numbered `index` in the chunk.
fn read_chunk_parsed<S: RecordSink>(
    data: &[u8],
    start: usize,
    stop: usize,
    last_segment: bool,
    context: &Context<'_>,
    mut sink: S,
    mut index: usize,
) -> ChunkRead<S> {
    // The parser takes a byte order mark at the start of its input away;
    // here that input is a data row, whose mark is part of its first field
    // as the row-by-row reader reads it. After a line break the parser
    // skips as a blank line, no mark is at its start.
    let input = std::io::Read::chain(&b"\n"[..], data.get(start..).unwrap_or_default());
    // Where the parser's byte positions are in `data`.
    let at = |position: u64| start + (position as usize).saturating_sub(1);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        // Row lengths are checked here, against the header, so that a row
        // of another length is that row's problem, as in the row-by-row reader.
        .flexible(true)
        .trim(csv::Trim::None)
        .from_reader(input);
    let mut row = csv::ByteRecord::new();
    let kind = RecordKind::Observation;
    loop {
        // Bytes in memory cannot fail to be read, and flexible byte records
        // have no length or UTF-8 error: `Err` does not occur.
        let Ok(true) = reader.read_byte_record(&mut row) else {
            return ChunkRead {
                sink,
                end: data.len(),
                cut_short: false,
            };
        };
        let record_start = at(row.position().map_or(0, csv::Position::byte));
        if record_start >= stop {
            return ChunkRead {
                sink,
                end: record_start,
                cut_short: false,
            };
        }
        let record_end = at(reader.position().byte());
        if !last_segment && record_end >= data.len() {
            return ChunkRead {
                sink,
                end: record_start,
                cut_short: true,
            };
        }
        read_row(kind, index, &row, context, &mut sink);
        index += 1;
    }
}

/// One data row, as the row-by-row reader reads it: a row of another length
/// than the header, then one that is not UTF-8, is unreadable.
fn read_row<B: ByteRow>(
    kind: RecordKind,
    index: usize,
    row: &B,
    context: &Context<'_>,
    sink: &mut dyn RecordSink,
) {
    let reason = if row.len() != context.columns {
        Reason::RowLength {
            len: row.len() as u64,
            expected: context.columns as u64,
        }
    } else {
        match row.text() {
            Ok(text) => {
                let mut row = Row {
                    layout: context.layout,
                    row: &Utf8Row { row, text },
                };
                if !row.read_clean_observation(index, sink) {
                    read_record(kind, index, &mut row, Problems::default(), sink);
                }
                return;
            }
            Err(field) => Reason::InvalidUtf8 {
                field: field as u64 + 1,
            },
        }
    };
    let mut problems = Problems::default();
    problems.push("", reason);
    sink.unreadable(kind, index, problems.take());
}

/// The first place at or after `at` where a line begins: a guess at a
/// record's start (a quoted field may hold line breaks), checked when the
/// chunks are merged.
fn line_start_at(data: &[u8], at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    if at >= data.len() {
        return data.len();
    }
    data[at - 1..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(data.len(), |p| at + p)
}

/// Whether reading from `a` and from `b` gives the same records: nothing
/// lies between them but line breaks, which the reader skips as blank lines.
fn same_records_from(data: &[u8], a: usize, b: usize) -> bool {
    let (from, to) = (a.min(b), a.max(b));
    data[from..to].iter().all(|&b| b == b'\n' || b == b'\r')
}

/// Reads a segment of data rows (beginning at a record's start) in chunks on
/// `chunking.threads` workers and returns each chunk's sink in file order.
/// A chunk is cut at a guessed record start; when the chunk before it, read
/// through, ends elsewhere (the guess fell inside a quoted field), the
/// chunk is read again from where that one ended, so that the records are
/// exactly those of one reading from the start.
///
/// Also returns how many bytes were read through: unless the segment is
/// the last, a record that may go on past it is left for the next.
fn read_segment<S, N>(
    data: &[u8],
    last_segment: bool,
    chunking: Chunking,
    context: &Context<'_>,
    new_sink: &N,
) -> (Vec<S>, usize)
where
    S: RecordSink + Send,
    N: Fn() -> S + Sync + ?Sized,
{
    let chunk_bytes = chunking.chunk_bytes.max(1);
    let count = data.len().div_ceil(chunk_bytes).max(1);
    let starts: Vec<usize> = (0..=count)
        .map(|k| line_start_at(data, k * chunk_bytes))
        .collect();
    let read = |k: usize| {
        read_chunk(
            data,
            starts[k],
            starts[k + 1],
            last_segment,
            context,
            new_sink(),
        )
    };
    let workers = chunking.threads.clamp(1, count);
    let mut reads: Vec<Option<ChunkRead<S>>> = Vec::with_capacity(count);
    if workers == 1 {
        reads.extend((0..count).map(|k| Some(read(k))));
    } else {
        let slots: Vec<std::sync::Mutex<Option<ChunkRead<S>>>> =
            (0..count).map(|_| std::sync::Mutex::new(None)).collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if k >= count {
                        break;
                    }
                    let chunk = read(k);
                    if let Ok(mut slot) = slots[k].lock() {
                        *slot = Some(chunk);
                    }
                });
            }
        });
        reads.extend(
            slots
                .into_iter()
                .map(|slot| slot.into_inner().ok().flatten()),
        );
    }
    let mut sinks = Vec::with_capacity(count);
    let mut end = 0;
    for (k, chunk) in reads.into_iter().enumerate() {
        let chunk = match chunk {
            Some(chunk) if same_records_from(data, end, starts[k]) => chunk,
            // The guess was wrong: read from where the records really are.
            _ => read_chunk(data, end, starts[k + 1], last_segment, context, new_sink()),
        };
        sinks.push(chunk.sink);
        end = chunk.end;
        if chunk.cut_short {
            break;
        }
    }
    (sinks, end)
}

/// Where the bytes of a parallel read come from: a slice read in place, or
/// a stream read block by block into a buffer that holds a segment or so;
/// either is read a segment at a time.
enum Input<'a, R> {
    Bytes {
        data: &'a [u8],
        at: usize,
    },
    Stream {
        reader: RetryInterrupted<R>,
        /// Grown to the largest window asked for, never shrunk: the bytes
        /// read are `buffer[..filled]`, the rest is room for the next read,
        /// not cleared again for each block.
        buffer: Vec<u8>,
        filled: usize,
        at: usize,
        ended: bool,
        /// Line breaks read so far, to say where a failing stream stopped.
        lines: u64,
    },
}

impl<R: Read> Input<'_, R> {
    /// The bytes not yet read through, at least `want` of them unless the
    /// input ends first, and whether the input ends with them.
    fn window(&mut self, want: usize) -> Result<(&[u8], bool), IngestError> {
        match self {
            // A segment at a time, so that the rows held before they are
            // stored stay few, however large the slice.
            Input::Bytes { data, at } => {
                let rest = &data[*at..];
                Ok(match rest.get(..want) {
                    Some(window) if want < rest.len() => (window, false),
                    _ => (rest, true),
                })
            }
            Input::Stream {
                reader,
                buffer,
                filled,
                at,
                ended,
                lines,
            } => {
                if *filled - *at < want && !*ended {
                    buffer.copy_within(*at..*filled, 0);
                    *filled -= *at;
                    *at = 0;
                    if buffer.len() < want {
                        buffer.resize(want, 0);
                    }
                    while *filled < want {
                        match reader.read(&mut buffer[*filled..want]) {
                            Ok(0) => {
                                *ended = true;
                                break;
                            }
                            Ok(n) => {
                                *lines += count_line_breaks(&buffer[*filled..*filled + n]);
                                *filled += n;
                            }
                            Err(e) => {
                                return Err(IngestError::ReadFailed {
                                    line: *lines + 1,
                                    message: e.to_string(),
                                })
                            }
                        }
                    }
                }
                Ok((&buffer[*at..*filled], *ended))
            }
        }
    }

    fn advance(&mut self, by: usize) {
        match self {
            Input::Bytes { at, .. } | Input::Stream { at, .. } => *at += by,
        }
    }
}

/// How many `\n` bytes `bytes` holds. Counted in runs of at most 255
/// bytes into an 8-bit sum, which the compiler turns into wide vector
/// comparisons: the count runs over every byte of a streamed file, on the
/// thread that hands the workers their bytes.
fn count_line_breaks(bytes: &[u8]) -> u64 {
    bytes
        .chunks(255)
        .map(|run| {
            let breaks = run
                .iter()
                .fold(0u8, |sum, &b| sum.wrapping_add(u8::from(b == b'\n')));
            u64::from(breaks)
        })
        .sum()
}

/// Reads observation CSV from a byte slice in parallel (see
/// [`read_observations_parallel`]).
pub(crate) fn read_observation_bytes<S, N, M>(
    bytes: &[u8],
    chunking: Chunking,
    new_sink: &N,
    merge: &mut M,
) -> Result<(), IngestError>
where
    S: RecordSink + Send,
    N: Fn() -> S + Sync + ?Sized,
    M: FnMut(S) -> bool + ?Sized,
{
    let input: Input<'_, &[u8]> = Input::Bytes { data: bytes, at: 0 };
    read_parallel(input, chunking, new_sink, merge)
}

/// Reads observation CSV from a stream in parallel: block by block (never
/// the whole input at once), each block cut into chunks read on
/// `chunking.threads` workers, each chunk's rows handed to a sink of its
/// own (made by `new_sink`, indexes counted from 0 in the chunk), and the
/// sinks handed to `merge` in file order, one block's while the next block
/// is read. The rows, their indexes and their
/// problems are those of [`read_observations`]; `merge` returning `false`
/// stops the reading.
pub(crate) fn read_observations_parallel<R, S, N, M>(
    reader: R,
    chunking: Chunking,
    new_sink: &N,
    merge: &mut M,
) -> Result<(), IngestError>
where
    R: Read,
    S: RecordSink + Send,
    N: Fn() -> S + Sync + ?Sized,
    M: FnMut(S) -> bool + ?Sized,
{
    let input = Input::Stream {
        reader: RetryInterrupted(reader),
        buffer: Vec::new(),
        filled: 0,
        at: 0,
        ended: false,
        lines: 0,
    };
    read_parallel(input, chunking, new_sink, merge)
}

fn read_parallel<R, S, N, M>(
    mut input: Input<'_, R>,
    chunking: Chunking,
    new_sink: &N,
    merge: &mut M,
) -> Result<(), IngestError>
where
    R: Read,
    S: RecordSink + Send,
    N: Fn() -> S + Sync + ?Sized,
    M: FnMut(S) -> bool + ?Sized,
{
    let segment = chunking.segment_bytes();
    let (layout, columns) = read_header(&mut input, segment)?;
    let context = Context {
        layout: &layout,
        columns,
    };
    let mut want = segment;
    // The sinks of the segment read last, merged while the next is read:
    // storing runs on this thread beside the workers.
    let mut pending: Vec<S> = Vec::new();
    loop {
        let (data, last) = match input.window(want) {
            Ok(window) => window,
            Err(e) => {
                // The rows before the failure go in first, as row by row
                // (a ledger found full before it is that error).
                return if pending.into_iter().all(&mut *merge) {
                    Err(e)
                } else {
                    Ok(())
                };
            }
        };
        let earlier = std::mem::take(&mut pending);
        let (read, merged) = std::thread::scope(|scope| {
            let reading = scope.spawn(|| read_segment(data, last, chunking, &context, new_sink));
            let merged = earlier.into_iter().all(&mut *merge);
            let read = reading
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (read, merged)
        });
        if !merged {
            return Ok(());
        }
        let (sinks, read) = read;
        if last {
            sinks.into_iter().all(&mut *merge);
            return Ok(());
        }
        pending = sinks;
        // A record longer than the segment: read with a larger one.
        want = if read == 0 {
            want.saturating_mul(2)
        } else {
            segment
        };
        input.advance(read);
    }
}

/// Reads the header row, as the row-by-row reader does, and steps past it.
fn read_header<R: Read>(
    input: &mut Input<'_, R>,
    segment: usize,
) -> Result<(Layout, usize), IngestError> {
    let mut want = segment;
    loop {
        let (data, last) = input.window(want)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::None)
            .from_reader(data);
        let mut header = csv::ByteRecord::new();
        let found = matches!(reader.read_byte_record(&mut header), Ok(true));
        let end = (reader.position().byte() as usize).min(data.len());
        if !last && (!found || end >= data.len()) {
            // The header may go on past what was read.
            want = want.saturating_mul(2);
            continue;
        }
        if let Some(field) = first_invalid_field(&header) {
            return Err(IngestError::BadHeader {
                line: header.position().map_or(1, |p| p.line() as usize),
                column: 1,
                problem: ColumnProblem::InvalidUtf8 {
                    field: field as u64 + 1,
                },
            });
        }
        let headers: Vec<String> = header
            .iter()
            .map(|h| {
                let h = std::str::from_utf8(h).unwrap_or_default();
                values::trim(values::strip_bom(h)).to_string()
            })
            .collect();
        let layout = layout(&headers)?;
        input.advance(end);
        return Ok((layout, headers.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Eight bytes at a time, a line splits as it does byte by byte,
        /// whatever its bytes and length and wherever it ends.
        #[test]
        fn lines_split_a_word_at_a_time_as_byte_by_byte(
            bytes in proptest::collection::vec(
                proptest::sample::select(&b"ab,,\n\r\"\xff\x00 "[..]),
                0..100,
            )
        ) {
            let (mut words, mut bytewise) = (Vec::new(), Vec::new());
            let split = split_line(&bytes, &mut words);
            proptest::prop_assert_eq!(split, split_line_bytewise(&bytes, &mut bytewise));
            if split.is_some() {
                proptest::prop_assert_eq!(words, bytewise);
            }
        }
    }

    #[test]
    fn line_breaks_are_counted_across_runs_of_any_length() {
        // Runs longer than 255 line breaks, and lengths around the runs'.
        let mut bytes = vec![b'\n'; 1000];
        bytes.extend((0..5000u32).map(|i| {
            if i % 7 == 0 {
                b'\n'
            } else {
                b'a' + (i % 13) as u8
            }
        }));
        for len in [0, 1, 254, 255, 256, 511, 1000, 1001, bytes.len()] {
            let naive = bytes[..len].iter().filter(|&&b| b == b'\n').count() as u64;
            assert_eq!(count_line_breaks(&bytes[..len]), naive, "{len}");
        }
    }
}
