//! Records given column by column, as a binding holds a table (a pandas
//! DataFrame, a list of dicts): each column a field name and one
//! [`FieldValue`] per row. The binding only turns its values into field
//! values; which columns a kind has, which are required, and everything a
//! value must be are the core's, as for JSON and CSV.

use std::borrow::Cow;

use super::{read_record, FieldSource, FieldSpec, FieldValue, Problems, RecordSink, TypeWords};
use crate::ledger::RecordKind;
use crate::messages::ledger::ColumnProblem;
use crate::messages::Excerpt;

/// Rows of one record kind, column by column.
///
/// ```
/// use std::borrow::Cow;
/// use std::sync::Arc;
/// use seguimiento::read::{Columns, FieldValue, NumberKind, TypeWords};
/// use seguimiento::{Ledger, Mode, Plan, RecordKind};
///
/// const WORDS: TypeWords = TypeWords {
///     text: "a text", number: "a number", date: "a date", period: "a period",
///     year: "a year", cell: "a map of dimension → value texts",
/// };
/// let text = |t: &'static str| FieldValue::Text(Cow::Borrowed(t));
/// let mut columns = Columns::new(RecordKind::Observation, 1, &WORDS);
/// columns.push("indicator", vec![text("E1.L1.M2.A2.I3")]);
/// columns.push("period", vec![text("2008")]);
/// columns.push("entity", vec![text("GIT")]);
/// columns.push("value", vec![FieldValue::Number(Cow::Borrowed("12"), NumberKind::Exact)]);
/// let mut ledger = Ledger::new(Arc::new(Plan::embedded()));
/// assert_eq!(ledger.ingest_columns(&columns, Mode::Strict).unwrap().accepted, 1);
/// ```
#[derive(Debug, Clone)]
pub struct Columns<'v> {
    kind: RecordKind,
    rows: usize,
    words: &'static TypeWords,
    columns: Vec<(String, Vec<FieldValue<'v>>)>,
}

impl<'v> Columns<'v> {
    /// No columns yet, for `rows` records of `kind`; `words` are how the
    /// binding names types in messages.
    pub fn new(kind: RecordKind, rows: usize, words: &'static TypeWords) -> Columns<'v> {
        Columns {
            kind,
            rows,
            words,
            columns: Vec::new(),
        }
    }

    /// Adds a column: a field name (or `cell.<dimension>` for observations)
    /// and its values, one per row.
    pub fn push(&mut self, name: impl Into<String>, values: Vec<FieldValue<'v>>) {
        self.columns.push((name.into(), values));
    }

    /// The record kind.
    pub fn kind(&self) -> RecordKind {
        self.kind
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Checks the columns against the kind's spec: every problem found.
    fn layout(&self) -> Result<Layout, Vec<ColumnProblem>> {
        let names: Vec<&str> = self.columns.iter().map(|(n, _)| n.as_str()).collect();
        // An empty batch has no columns and nothing to read.
        layout(self.kind, &names, self.rows > 0, |c| {
            let len = self.columns[c].1.len();
            (len != self.rows).then(|| ColumnProblem::ColumnLength {
                column: Excerpt::new(names[c]),
                len,
                rows: self.rows,
            })
        })
    }

    /// Reads every row, handing each record to `sink`.
    pub(crate) fn read(&self, sink: &mut dyn RecordSink) -> Result<(), Vec<ColumnProblem>> {
        let layout = self.layout()?;
        for index in 0..self.rows {
            let mut row = Row {
                columns: self,
                layout: &layout,
                index,
            };
            if !read_record(self.kind, index, &mut row, Problems::default(), sink) {
                break;
            }
        }
        Ok(())
    }
}

/// Which column holds each field, and the `cell.<dimension>` columns.
pub(super) struct Layout {
    pub fields: Vec<Option<usize>>,
    pub cells: Vec<(usize, String)>,
}

/// Checks column names against the spec of `kind`: every problem found. A
/// column whose `misfit` is a problem (a length other than the table's) is
/// left out; `require_all` asks for every required field's column.
pub(super) fn layout(
    kind: RecordKind,
    names: &[&str],
    require_all: bool,
    misfit: impl Fn(usize) -> Option<ColumnProblem>,
) -> Result<Layout, Vec<ColumnProblem>> {
    let spec = kind.spec();
    let mut problems = Vec::new();
    let mut layout = Layout {
        fields: vec![None; spec.fields.len()],
        cells: Vec::new(),
    };
    if let Some(name) = super::first_repeated(names.iter().copied()) {
        problems.push(ColumnProblem::DuplicateColumn {
            column: Excerpt::new(name),
        });
    }
    for (c, name) in names.iter().enumerate() {
        if let Some(problem) = misfit(c) {
            problems.push(problem);
            continue;
        }
        if let Some(dimension) = name.strip_prefix("cell.") {
            if spec.has_cell() && !dimension.is_empty() {
                layout.cells.push((c, dimension.to_string()));
                continue;
            }
        }
        match spec.fields.iter().position(|f| f.name == *name) {
            Some(i) => layout.fields[i] = Some(c),
            None => problems.push(ColumnProblem::UnknownColumn {
                column: Excerpt::new(name),
                kind,
            }),
        }
    }
    if require_all {
        for (i, field) in spec.fields.iter().enumerate() {
            if field.required && layout.fields[i].is_none() {
                let mut given: Vec<Excerpt> = layout
                    .fields
                    .iter()
                    .flatten()
                    .map(|&c| Excerpt::new(names[c]))
                    .collect();
                given.extend(layout.cells.iter().map(|_| Excerpt::new("cell.…")));
                problems.push(ColumnProblem::MissingColumn {
                    column: field.name,
                    given,
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(layout)
    } else {
        Err(problems)
    }
}

struct Row<'c, 'v> {
    columns: &'c Columns<'v>,
    layout: &'c Layout,
    index: usize,
}

impl<'c> FieldSource<'c> for Row<'c, '_> {
    fn value(&mut self, index: usize, field: &'static FieldSpec) -> FieldValue<'c> {
        let at = |c: usize| self.columns.columns[c].1[self.index].borrowed();
        let given = match self.layout.fields.get(index).copied().flatten() {
            Some(c) => at(c),
            None => FieldValue::Missing,
        };
        if !field.is_cell() || self.layout.cells.is_empty() {
            return given;
        }
        // A cell given both as a map and as `cell.<dimension>` columns is
        // read as one map; a dimension named in both is named twice.
        let mut entries = match given {
            FieldValue::Map(entries) => entries,
            absent if absent.is_absent() => Vec::new(),
            // Not a map: refused as it is.
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
        self.columns.words
    }
}
