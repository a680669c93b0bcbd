//! Tidy tables: every table the library shows is laid out here, once, as
//! typed columns; the bindings and the reports only convert or render them.
//!
//! A [`Table`] has a name and ordered, named [`Column`]s of equal length.
//! Each column holds typed values ([`ColumnData`]: text, integers, exact
//! decimals, [`Score`]s, dates, flags, categories of a named enum, lists
//! and maps of text) and what a renderer needs to show them: a label key
//! for a message catalog, the [`Unit`], and whether the column is a score.
//! A table writes itself as CSV or as JSON records ([`TableFormat`]), the
//! same bytes for the same table.
//!
//! The tables, each laid out by one builder in this module (its columns are
//! listed on the method that makes it):
//!
//! - the plan ([`Plan::table`](crate::Plan::table), [`PlanTable`]): axes,
//!   actions, plazos, indicators, entities;
//! - the ledger's records ([`Ledger::table`](crate::Ledger::table) and
//!   [`Batch::table`](crate::Batch::table), [`LedgerTable`]): targets,
//!   observations, milestones, submissions, obligations;
//! - the scorecard ([`Scorecard::table`](crate::Scorecard::table),
//!   [`ScorecardTable`]): nodes, entities, rankings, reporting, reporting detail,
//!   discrepancies, consistency;
//! - rejected records ([`Rejection::table`](crate::Rejection::table)).
//!
//! A new table is a builder beside these (see `build.rs`): a list of rows
//! and one line per column.
//!
//! ```
//! use seguimiento::{Plan, PlanTable, TableFormat};
//! let plan = Plan::embedded();
//! let axes = plan.table(PlanTable::Axes);
//! assert_eq!(axes.len(), plan.axes().len());
//! let csv = axes.write(TableFormat::Csv);
//! assert!(csv.starts_with("axis,text,corrected,lines,goals,actions,indicators,plazos\n"));
//! ```

mod build;
mod ledger;
mod plan;
mod rejections;
mod scorecard;
mod write;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::names::names;
use crate::score::Score;

names! {
    /// The tables of a plan ([`Plan::table`](crate::Plan::table)).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum PlanTable ("plan table") {
        /// One row per axis, with its counts of nodes.
        Axes = "axes",
        /// One row per strategic action.
        Actions = "actions",
        /// One row per plazo of every action.
        Plazos = "plazos",
        /// One row per indicator, with its classification.
        Indicators = "indicators",
        /// The entity registry.
        Entities = "entities",
    }
}

names! {
    /// The tables of a ledger's records ([`Ledger::table`](crate::Ledger::table)),
    /// one per kind of record, named as the JSON ledger's arrays.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum LedgerTable ("ledger table") {
        /// Targets.
        Targets = "targets",
        /// Observations.
        Observations = "observations",
        /// Milestones.
        Milestones = "milestones",
        /// Report submissions.
        Submissions = "submissions",
        /// Reporting obligations.
        Obligations = "obligations",
        /// Recommendations of the evaluations.
        Recommendations = "recommendations",
        /// Follow-ups of recommendations.
        FollowUps = "follow_ups",
    }
}

names! {
    /// The tables of a scorecard ([`Scorecard::table`](crate::Scorecard::table)).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ScorecardTable ("scorecard table") {
        /// One row per node of the plan (the plan first, then reading order).
        Nodes = "nodes",
        /// One row per entity responsible for at least one action.
        Entities = "entities",
        /// The entities ranked, institutions and groups apart; those with
        /// too few scored actions listed after, unranked.
        Rankings = "rankings",
        /// Reporting compliance per entity and kind of report.
        Reporting = "reporting",
        /// One row per expected report: due date, submission, status, days late.
        ReportingDetail = "reporting_detail",
        /// Social-audit discrepancies.
        Discrepancies = "discrepancies",
        /// Totals that differ from the sum of their cells.
        Consistency = "consistency",
    }
}

names! {
    /// How a table is written as text ([`Table::write`]).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum TableFormat ("table format") {
        /// CSV (RFC 4180): a header row, then one line per row.
        Csv = "csv",
        /// JSON: an array of records, one object per row and one line per object.
        Json = "json",
    }
}

names! {
    /// The type of a column's values: which variant of [`ColumnData`] it holds.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ColumnType ("column type") {
        /// Text, never missing.
        Text = "text",
        /// Text or nothing.
        OptionalText = "optional_text",
        /// A whole number, never missing.
        Integer = "integer",
        /// A whole number or nothing.
        OptionalInteger = "optional_integer",
        /// An exact decimal or nothing.
        Decimal = "decimal",
        /// A [`Score`] or nothing.
        Score = "score",
        /// A date or nothing.
        Date = "date",
        /// A flag.
        Bool = "bool",
        /// One of a named enum's values.
        Category = "category",
        /// A list of texts.
        TextList = "text_list",
        /// A map of text to text (an observation's cell: dimension → value).
        TextMap = "text_map",
    }
}

names! {
    /// What a column's numbers count or measure, for a renderer to format
    /// them (a year takes no thousands separator, a fraction is shown as a
    /// percentage).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Unit ("unit") {
        /// A fraction in [0, 1] (scores, coverage, rates): shown as a percentage.
        Fraction = "fraction",
        /// A number of things (actions, reports, cells).
        Count = "count",
        /// A calendar year.
        Year = "year",
        /// The unit of the row's indicator (a count, quetzales, a
        /// percentage, a level): it varies from row to row.
        Indicator = "indicator",
    }
}

/// The values of one column, typed. Every variant holds one value per row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnData {
    /// Text, never missing.
    Text(Vec<String>),
    /// Text or nothing.
    OptionalText(Vec<Option<String>>),
    /// Whole numbers, never missing.
    Integer(Vec<i64>),
    /// Whole numbers or nothing.
    OptionalInteger(Vec<Option<i64>>),
    /// Exact decimals or nothing.
    Decimal(Vec<Option<Decimal>>),
    /// Scores or nothing.
    Score(Vec<Option<Score>>),
    /// Dates or nothing.
    Date(Vec<Option<NaiveDate>>),
    /// Flags.
    Bool(Vec<bool>),
    /// Values of a named enum: each a position in `categories`, which lists
    /// every name of the enum in its declaration order.
    Category {
        /// The enum's names, in declaration order (its `NAMES`).
        categories: &'static [&'static str],
        /// Each row's position in `categories`.
        codes: Vec<u32>,
        /// The names that are ranked, lowest first (a band's red, yellow,
        /// green); empty when the enum's values have no order. A name not
        /// listed has no rank (a band `none`: no score): a renderer that
        /// orders values shows it as missing.
        ranking: &'static [&'static str],
    },
    /// Lists of texts.
    TextList(Vec<Vec<String>>),
    /// Maps of text to text, keys in order.
    TextMap(Vec<BTreeMap<String, String>>),
}

impl ColumnData {
    /// The number of values.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Text(v) => v.len(),
            ColumnData::OptionalText(v) => v.len(),
            ColumnData::Integer(v) => v.len(),
            ColumnData::OptionalInteger(v) => v.len(),
            ColumnData::Decimal(v) => v.len(),
            ColumnData::Score(v) => v.len(),
            ColumnData::Date(v) => v.len(),
            ColumnData::Bool(v) => v.len(),
            ColumnData::Category { codes, .. } => codes.len(),
            ColumnData::TextList(v) => v.len(),
            ColumnData::TextMap(v) => v.len(),
        }
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The type of the values.
    pub fn column_type(&self) -> ColumnType {
        match self {
            ColumnData::Text(_) => ColumnType::Text,
            ColumnData::OptionalText(_) => ColumnType::OptionalText,
            ColumnData::Integer(_) => ColumnType::Integer,
            ColumnData::OptionalInteger(_) => ColumnType::OptionalInteger,
            ColumnData::Decimal(_) => ColumnType::Decimal,
            ColumnData::Score(_) => ColumnType::Score,
            ColumnData::Date(_) => ColumnType::Date,
            ColumnData::Bool(_) => ColumnType::Bool,
            ColumnData::Category { .. } => ColumnType::Category,
            ColumnData::TextList(_) => ColumnType::TextList,
            ColumnData::TextMap(_) => ColumnType::TextMap,
        }
    }

    /// The value of one row; `None` past the end.
    pub fn get(&self, row: usize) -> Option<Datum<'_>> {
        fn or_null<T>(value: Option<T>, f: impl FnOnce(T) -> Datum<'static>) -> Datum<'static> {
            value.map_or(Datum::Null, f)
        }
        Some(match self {
            ColumnData::Text(v) => Datum::Text(v.get(row)?),
            ColumnData::OptionalText(v) => v.get(row)?.as_deref().map_or(Datum::Null, Datum::Text),
            ColumnData::Integer(v) => Datum::Integer(*v.get(row)?),
            ColumnData::OptionalInteger(v) => or_null(*v.get(row)?, Datum::Integer),
            ColumnData::Decimal(v) => or_null(*v.get(row)?, Datum::Decimal),
            ColumnData::Score(v) => or_null(*v.get(row)?, Datum::Score),
            ColumnData::Date(v) => or_null(*v.get(row)?, Datum::Date),
            ColumnData::Bool(v) => Datum::Bool(*v.get(row)?),
            ColumnData::Category {
                categories, codes, ..
            } => {
                // Codes are positions in `categories` by construction.
                let code = *codes.get(row)?;
                Datum::Category(categories.get(code as usize).copied().unwrap_or_default())
            }
            ColumnData::TextList(v) => Datum::TextList(v.get(row)?),
            ColumnData::TextMap(v) => Datum::TextMap(v.get(row)?),
        })
    }
}

/// One value of a table, borrowed from its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Datum<'a> {
    /// Nothing: a missing optional value.
    Null,
    /// Text.
    Text(&'a str),
    /// A whole number.
    Integer(i64),
    /// An exact decimal.
    Decimal(Decimal),
    /// A score.
    Score(Score),
    /// A date.
    Date(NaiveDate),
    /// A flag.
    Bool(bool),
    /// The name of a named enum's value.
    Category(&'static str),
    /// A list of texts.
    TextList(&'a [String]),
    /// A map of text to text.
    TextMap(&'a BTreeMap<String, String>),
}

impl<'a> Datum<'a> {
    /// Text or a category's name; `None` for any other value.
    pub fn as_str(&self) -> Option<&'a str> {
        match *self {
            Datum::Text(t) => Some(t),
            Datum::Category(c) => Some(c),
            _ => None,
        }
    }

    /// A whole number; `None` for any other value.
    pub fn as_integer(&self) -> Option<i64> {
        match *self {
            Datum::Integer(n) => Some(n),
            _ => None,
        }
    }

    /// A score; `None` for any other value (a missing score included).
    pub fn as_score(&self) -> Option<Score> {
        match *self {
            Datum::Score(s) => Some(s),
            _ => None,
        }
    }

    /// A list of texts; `None` for any other value.
    pub fn as_list(&self) -> Option<&'a [String]> {
        match *self {
            Datum::TextList(l) => Some(l),
            _ => None,
        }
    }
}

/// Separates the items of a list in the text of a value (CSV, [`Datum`]'s
/// `Display`).
pub const LIST_SEPARATOR: &str = "; ";

impl fmt::Display for Datum<'_> {
    /// The value as a CSV field holds it: nothing for `Null`, decimals and
    /// scores exactly (`0.734512`), dates `YYYY-MM-DD`, flags `true`/`false`,
    /// list items joined by [`LIST_SEPARATOR`], a map as `key=value` pairs
    /// joined the same way.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Datum::Null => Ok(()),
            Datum::Text(t) => f.write_str(t),
            Datum::Integer(n) => write!(f, "{n}"),
            Datum::Decimal(d) => write!(f, "{d}"),
            Datum::Score(s) => write!(f, "{s}"),
            Datum::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Datum::Bool(b) => write!(f, "{b}"),
            Datum::Category(c) => f.write_str(c),
            Datum::TextList(items) => f.write_str(&items.join(LIST_SEPARATOR)),
            Datum::TextMap(map) => {
                for (i, (key, value)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_str(LIST_SEPARATOR)?;
                    }
                    write!(f, "{key}={value}")?;
                }
                Ok(())
            }
        }
    }
}

/// One named column of a table: its values and what a renderer needs to
/// show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    name: Cow<'static, str>,
    label: Cow<'static, str>,
    unit: Option<Unit>,
    score: bool,
    value_labels: Option<&'static str>,
    data: ColumnData,
}

impl Column {
    /// The column's name, as tables, CSV headers and JSON keys show it (`score`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key of the column's label in a message catalog (`column-score`):
    /// columns of the same meaning share a key, columns of the same name
    /// and different meanings (an entity's `kind`, a report's `kind`) do not.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The key in a message catalog of one value of a category column whose
    /// values have words there (`status-not-started` for `not_started`);
    /// `None` for any other column. The key is the column's prefix, a
    /// hyphen, and the value's name with hyphens for underscores.
    pub fn value_label(&self, value: &str) -> Option<String> {
        let prefix = self.value_labels?;
        Some(format!("{prefix}-{}", value.replace('_', "-")))
    }

    /// The keys of every value a category column may hold, in the order of
    /// its categories ([`Column::value_label`] of each); `None` for a column
    /// whose values have no words in the catalogs.
    pub fn value_labels(&self) -> Option<Vec<String>> {
        match &self.data {
            ColumnData::Category { categories, .. } => categories
                .iter()
                .map(|name| self.value_label(name))
                .collect(),
            _ => None,
        }
    }

    /// What its numbers count or measure, if they are numbers.
    pub fn unit(&self) -> Option<Unit> {
        self.unit
    }

    /// Whether the column is a score (shown with its band): `score`, not
    /// `coverage` or `rate`, which are fractions but not scores.
    pub fn is_score(&self) -> bool {
        self.score
    }

    /// The type of its values.
    pub fn column_type(&self) -> ColumnType {
        self.data.column_type()
    }

    /// Its values.
    pub fn data(&self) -> &ColumnData {
        &self.data
    }

    /// The number of values (the table's rows).
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// Whether it has no values.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// The value of one row; `None` past the end.
    pub fn get(&self, row: usize) -> Option<Datum<'_>> {
        self.data.get(row)
    }
}

/// A table: a name and ordered, named columns of equal length.
///
/// Every tidy table of the library is one: [`Plan::table`](crate::Plan::table),
/// [`Ledger::table`](crate::Ledger::table) (and [`Batch::table`](crate::Batch::table)),
/// [`Scorecard::table`](crate::Scorecard::table) and
/// [`Rejection::table`](crate::Rejection::table) lay them out, once; the
/// Python package's DataFrames, the C library's CSV and JSON and the report
/// read them.
///
/// ```
/// use seguimiento::{Datum, Plan, PlanTable, TableFormat};
/// let plan = Plan::embedded();
/// let axes = plan.table(PlanTable::Axes);
/// assert_eq!(axes.len(), plan.axes().len());
/// let first = axes.rows().next().unwrap();
/// assert_eq!(first.get("axis"), Some(Datum::Text("E1")));
/// let csv = axes.write(TableFormat::Csv);
/// assert!(csv.starts_with("axis,text,corrected,lines,goals,actions,indicators,plazos\nE1,"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    name: Cow<'static, str>,
    rows: usize,
    columns: Vec<Column>,
}

/// A table has no column of a name asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the table {table:?} has no column {column:?} (its columns: {})", columns.join(", "))]
pub struct UnknownColumn {
    /// The table's name.
    pub table: String,
    /// The name asked for.
    pub column: String,
    /// The names it has.
    pub columns: Vec<String>,
}

impl Table {
    /// The table's name (`nodes`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether it has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The rows, in order, each a view of one row across the columns.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_>> {
        (0..self.rows).map(move |index| Row { table: self, index })
    }

    /// A table of some of the columns, in the order named (a column may be
    /// named twice); an error names a column the table does not have.
    pub fn select(&self, names: &[&str]) -> Result<Table, UnknownColumn> {
        let columns = names
            .iter()
            .map(|name| {
                self.column(name).cloned().ok_or_else(|| UnknownColumn {
                    table: self.name.to_string(),
                    column: name.to_string(),
                    columns: self.columns.iter().map(|c| c.name.to_string()).collect(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Table {
            name: self.name.clone(),
            rows: self.rows,
            columns,
        })
    }

    /// The table as text in a format: see [`Table::to_csv`] and [`Table::to_json`].
    pub fn write(&self, format: TableFormat) -> String {
        match format {
            TableFormat::Csv => self.to_csv(),
            TableFormat::Json => self.to_json(),
        }
    }

    /// The table as CSV (RFC 4180, `\n` line ends): a header row of the
    /// column names, then one line per row, fields quoted only where they
    /// must be. Values are written as [`Datum`]'s `Display` writes them
    /// (nothing for a missing value). A map column becomes one column per
    /// key found in any row, `<column>.<key>` (`cell.sexo`), keys in order,
    /// empty where a row lacks the key: an observations table is the CSV
    /// that [`Ledger::ingest_csv`](crate::Ledger::ingest_csv) reads.
    pub fn to_csv(&self) -> String {
        write::csv(self)
    }

    /// The table as JSON records: an array with one object per row, keys in
    /// column order, one object per line. Text, categories and dates are
    /// strings, integers numbers, decimals and scores exact strings
    /// (`"0.734512"`, as in the scorecard JSON), flags booleans, lists
    /// arrays, maps objects, missing values `null`.
    pub fn to_json(&self) -> String {
        write::json(self)
    }
}

/// One row of a table ([`Table::rows`]).
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    table: &'a Table,
    index: usize,
}

impl<'a> Row<'a> {
    /// The row's position in its table.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The value in a column, by the column's name; `None` if the table has
    /// no such column.
    pub fn get(&self, column: &str) -> Option<Datum<'a>> {
        self.table.column(column)?.get(self.index)
    }
}
