//! Records of one kind given as a stream of column chunks that are read in
//! place: a columnar format's record batches (Arrow) or row groups
//! (Parquet), handed over by a crate beside the core. Each value is turned
//! into a [`FieldValue`] only when its record is read, borrowing texts from
//! the chunk, so no table of field values is built; which columns a kind
//! has, which are required, and everything a value must be are the core's,
//! as for JSON, CSV and [`Columns`](super::Columns).

use std::borrow::Cow;

use super::columns::{layout, Layout};
use super::{
    read_record, FieldSource, FieldSpec, FieldValue, Problems, RecordSink, ResolvedObservation,
    TypeWords,
};
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

    /// Offers the chunk's observations already resolved against the plan
    /// (dictionary entries looked up once each, typed values taken as they
    /// are): `each` is called for every row in order, with the row resolved
    /// or `None` when the chunk could not resolve it, and the rows stop when
    /// it returns `false`. A row offered resolved that fails a check is read
    /// again by value, so what is stored and refused does not depend on
    /// what a chunk resolves. Returns `false`, offering nothing, when the
    /// chunk resolves no rows (the default): they are read by value.
    fn resolve_observations(
        &self,
        each: &mut dyn FnMut(usize, Option<&ResolvedObservation>) -> bool,
    ) -> bool {
        let _ = each;
        false
    }
}

/// A sink that stores observations given as plan indexes when they pass
/// every check: `false` when it did not take the row, to be read by value.
pub(crate) trait ResolvedSink {
    fn take_resolved(&mut self, observation: &ResolvedObservation) -> bool;
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
    let direct_cell = direct_cell(kind, &layout);
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

/// Reads the chunks as [`read_chunks`] does, with the rows of each chunk
/// read (and handed to a sink of its own, made by `new_sink`, indexes
/// counted from 0 in the chunk) on one of `threads` workers, and the sinks
/// handed to `merge` in stream order. The next chunks are taken from the
/// stream (a Parquet file decoded) and the chunks read before merged on
/// this thread while the workers read, so decoding, reading and storing
/// overlap. `merge` returning `false` stops the reading; a chunk that
/// cannot be had ends it, after the rows before it are merged.
pub(crate) fn read_chunks_parallel<C, S, N, M>(
    kind: RecordKind,
    names: &[&str],
    words: &'static TypeWords,
    chunks: impl IntoIterator<Item = Result<C, String>>,
    threads: usize,
    new_sink: &N,
    merge: &mut M,
) -> Result<(), IngestError>
where
    C: ColumnChunk + Sync,
    S: RecordSink + ResolvedSink + Send,
    N: Fn() -> S + Sync + ?Sized,
    M: FnMut(S) -> bool + ?Sized,
{
    let layout = layout(kind, names, true, |_| None)
        .map_err(|problems: Vec<ColumnProblem>| IngestError::BadColumns { kind, problems })?;
    let direct_cell = direct_cell(kind, &layout);
    let threads = threads.max(1);
    let mut chunks = chunks.into_iter();
    // Rows of the chunks taken so far, to say where a failing stream stopped.
    let mut rows_taken = 0usize;
    let mut take = |rows_taken: &mut usize| -> (Vec<C>, Option<IngestError>) {
        let mut group = Vec::with_capacity(threads);
        while group.len() < threads {
            match chunks.next() {
                None => break,
                Some(Ok(chunk)) => {
                    *rows_taken += chunk.rows();
                    group.push(chunk);
                }
                Some(Err(message)) => {
                    let line = *rows_taken as u64;
                    return (group, Some(IngestError::ReadFailed { line, message }));
                }
            }
        }
        (group, None)
    };
    let read = |chunk: &C| {
        let mut sink = new_sink();
        let by_value = |sink: &mut S, row: usize| {
            let mut source = Row {
                chunk,
                layout: &layout,
                words,
                row,
                direct_cell,
                cell_given: false,
            };
            read_record(kind, row, &mut source, Problems::default(), sink)
        };
        // A `cell` map column is read by value: its entries are texts of
        // any dimension, which only the record reader orders and checks.
        let offered = kind == RecordKind::Observation
            && direct_cell
            && chunk.resolve_observations(&mut |row, resolved| {
                if resolved.is_some_and(|o| sink.take_resolved(o)) {
                    return true;
                }
                by_value(&mut sink, row)
            });
        if !offered {
            for row in 0..chunk.rows() {
                if !by_value(&mut sink, row) {
                    break;
                }
            }
        }
        sink
    };
    let (mut group, mut failure) = take(&mut rows_taken);
    let mut pending: Vec<S> = Vec::new();
    loop {
        if group.is_empty() {
            let merged = pending.into_iter().all(&mut *merge);
            return match failure {
                Some(e) if merged => Err(e),
                _ => Ok(()),
            };
        }
        let earlier = std::mem::take(&mut pending);
        let stream_ended = failure.is_some();
        let (sinks, merged, next) = std::thread::scope(|scope| {
            let workers: Vec<_> = group
                .iter()
                .map(|chunk| scope.spawn(|| read(chunk)))
                .collect();
            let merged = earlier.into_iter().all(&mut *merge);
            let next = if merged && !stream_ended {
                Some(take(&mut rows_taken))
            } else {
                None
            };
            let sinks: Vec<S> = workers
                .into_iter()
                .map(|worker| {
                    worker
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect();
            (sinks, merged, next)
        });
        if !merged {
            return Ok(());
        }
        pending = sinks;
        (group, failure) = match next {
            Some(next) => next,
            // The stream failed after this group: nothing more to read.
            None => (Vec::new(), failure),
        };
    }
}

/// Whether an observation's cell comes from `cell.<dimension>` columns
/// only (no `cell` column), so its texts can be read without a map.
fn direct_cell(kind: RecordKind, layout: &Layout) -> bool {
    kind.spec()
        .fields
        .iter()
        .zip(&layout.fields)
        .all(|(field, column)| !field.is_cell() || column.is_none())
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
