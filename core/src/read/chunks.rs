//! Records of one kind given as a stream of column chunks that are read in
//! place: a columnar format's record batches (Arrow) or row groups
//! (Parquet), handed over by a crate beside the core. Each value is turned
//! into a [`FieldValue`] only when its record is read, borrowing texts from
//! the chunk, so no table of field values is built; which columns a kind
//! has, which are required, and everything a value must be are the core's,
//! as for JSON, CSV and [`Columns`](super::Columns).

use std::borrow::Cow;

use super::columns::{layout, Layout};
use super::{read_record, FieldSource, FieldSpec, FieldValue, Problems, RecordSink, TypeWords};
use crate::ledger::{IngestError, RecordKind};
use crate::messages::ledger::ColumnProblem;

/// A chunk of a table held column by column, whose values are read where
/// they are: its columns are those named when the stream was opened, in
/// that order.
///
/// ```
/// use std::borrow::Cow;
/// use std::sync::Arc;
/// use seguimiento::read::{ColumnChunk, FieldValue, TypeWords};
/// use seguimiento::{Ledger, Mode, Plan, RecordKind};
///
/// /// Rows of texts, column by column.
/// struct Texts(Vec<Vec<&'static str>>);
///
/// impl ColumnChunk for Texts {
///     fn rows(&self) -> usize {
///         self.0.first().map_or(0, Vec::len)
///     }
///     fn value(&self, column: usize, row: usize) -> FieldValue<'_> {
///         FieldValue::Text(Cow::Borrowed(self.0[column][row]))
///     }
/// }
///
/// const WORDS: TypeWords = TypeWords {
///     text: "a text", number: "a number", date: "a date", period: "a period",
///     year: "a year", cell: "one cell.<dimension> column per dimension",
/// };
/// let names = ["indicator", "period", "entity", "value"];
/// let chunks = [
///     Texts(vec![vec!["E1.L1.M2.A2.I3"], vec!["2008"], vec!["GIT"], vec!["12"]]),
///     Texts(vec![vec!["E1.L1.M2.A2.I3"], vec!["2009"], vec!["GIT"], vec!["twelve"]]),
/// ];
/// let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
/// let report = ledger
///     .ingest_chunks(RecordKind::Observation, &names, &WORDS, chunks.into_iter().map(Ok), Mode::Lenient)
///     .unwrap();
/// assert_eq!(report.accepted, 1);
/// // Rows are numbered across chunks.
/// assert_eq!(report.rejections[0].index, 1);
/// assert_eq!(report.rejections[0].field, "value");
/// ```
pub trait ColumnChunk {
    /// The number of rows of the chunk.
    fn rows(&self) -> usize;

    /// The value of `column` (a position in the stream's column names) at
    /// `row` (below [`rows`](ColumnChunk::rows)).
    fn value(&self, column: usize, row: usize) -> FieldValue<'_>;
}

/// Reads every row of every chunk, handing each record to `sink`; rows are
/// numbered across chunks. A chunk that cannot be had ends the batch.
pub(crate) fn read_chunks<C: ColumnChunk>(
    kind: RecordKind,
    names: &[&str],
    words: &'static TypeWords,
    chunks: impl IntoIterator<Item = Result<C, String>>,
    sink: &mut dyn RecordSink,
) -> Result<(), IngestError> {
    // A columnar format always has its schema, so even an empty stream must
    // name every required column.
    let layout = layout(kind, names, true, |_| None)
        .map_err(|problems: Vec<ColumnProblem>| IngestError::BadColumns { kind, problems })?;
    let direct_cell = kind
        .spec()
        .fields
        .iter()
        .zip(&layout.fields)
        .all(|(field, column)| !field.is_cell() || column.is_none());
    let mut index = 0usize;
    for chunk in chunks {
        let chunk = chunk.map_err(|message| IngestError::ReadFailed {
            line: index as u64,
            message,
        })?;
        for row in 0..chunk.rows() {
            let mut source = Row {
                chunk: &chunk,
                layout: &layout,
                words,
                row,
                direct_cell,
                cell_given: false,
            };
            if !read_record(kind, index, &mut source, Problems::default(), sink) {
                return Ok(());
            }
            index += 1;
        }
    }
    Ok(())
}

/// One row of a chunk as a field source.
struct Row<'c, C> {
    chunk: &'c C,
    layout: &'c Layout,
    words: &'static TypeWords,
    row: usize,
    /// Whether cells come from `cell.<dimension>` columns only.
    direct_cell: bool,
    /// Whether `cell_texts` gave this row's cell.
    cell_given: bool,
}

impl<'c, C: ColumnChunk> FieldSource<'c> for Row<'c, C> {
    fn value(&mut self, index: usize, field: &'static FieldSpec) -> FieldValue<'c> {
        let chunk: &'c C = self.chunk;
        let row = self.row;
        let at = |c: usize| chunk.value(c, row);
        if field.is_cell() && self.cell_given {
            return FieldValue::Missing;
        }
        let given = match self.layout.fields.get(index).copied().flatten() {
            Some(c) => at(c),
            None => FieldValue::Missing,
        };
        if !field.is_cell() || self.layout.cells.is_empty() {
            return given;
        }
        // As `Columns` reads it: a cell given both as a map and as
        // `cell.<dimension>` columns is one map.
        let mut entries = match given {
            FieldValue::Map(entries) => entries,
            absent if absent.is_absent() => Vec::new(),
            other => return other,
        };
        for (c, dimension) in &self.layout.cells {
            let value = at(*c);
            if !value.is_absent() {
                entries.push((Cow::Borrowed(dimension.as_str()), value));
            }
        }
        if entries.is_empty() {
            FieldValue::Missing
        } else {
            FieldValue::Map(entries)
        }
    }

    fn words(&self) -> &'static TypeWords {
        self.words
    }

    /// Texts of `cell.<dimension>` columns straight into `out`, with no map
    /// per record; a row with any other value in them is read as a map, so
    /// that its problem is reported as for any table.
    fn cell_texts<'o>(&mut self, out: &mut [(&'o str, &'o str)]) -> Option<usize>
    where
        'c: 'o,
    {
        if !self.direct_cell {
            return None;
        }
        let chunk: &'c C = self.chunk;
        let layout: &'c Layout = self.layout;
        let mut named = 0;
        for (c, dimension) in &layout.cells {
            match chunk.value(*c, self.row) {
                FieldValue::Text(Cow::Borrowed(text)) => {
                    let text = crate::values::trim(text);
                    if named < out.len() {
                        out[named] = (dimension.as_str(), text);
                        named += 1;
                    }
                }
                absent if absent.is_absent() => {}
                _ => return None,
            }
        }
        self.cell_given = true;
        Some(named)
    }
}
