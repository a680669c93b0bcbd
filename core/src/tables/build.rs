//! Laying out a table: a list of rows and one call per column, each column
//! made by one function of a row, so that every column has one value per row
//! by construction.
//!
//! ```ignore
//! TableBuilder::new("entities", plan.entities().iter().collect())
//!     .text("code", |e| e.code.clone())
//!     .category("kind", |e| e.kind)
//!     .label("column-entity-kind")
//!     .build()
//! ```
//!
//! Each column's label key is `column-<name>` (underscores as hyphens)
//! unless [`TableBuilder::label`] gives another; a score column's unit is
//! [`Unit::Fraction`] unless [`TableBuilder::unit`] says otherwise.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Column, ColumnData, Table, Unit};
use crate::names::{Named, Ranked};
use crate::score::Score;

/// A table being laid out over its rows.
pub(crate) struct TableBuilder<R> {
    name: &'static str,
    rows: Vec<R>,
    columns: Vec<Column>,
}

/// A count as a table integer (counts of a plan or ledger are far below
/// `i64::MAX`; a larger one would be held at the bound rather than wrap).
pub(crate) fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl<R> TableBuilder<R> {
    /// A table of these rows, without columns yet.
    pub(crate) fn new(name: &'static str, rows: Vec<R>) -> Self {
        TableBuilder {
            name,
            rows,
            columns: Vec::new(),
        }
    }

    fn push(mut self, name: &'static str, data: ColumnData) -> Self {
        let unit = matches!(data, ColumnData::Score(_)).then_some(Unit::Fraction);
        self.columns.push(Column {
            name: Cow::Borrowed(name),
            label: Cow::Owned(format!("column-{}", name.replace('_', "-"))),
            unit,
            score: false,
            value_labels: None,
            data,
        });
        self
    }

    fn map<T>(&self, f: impl Fn(&R) -> T) -> Vec<T> {
        self.rows.iter().map(f).collect()
    }

    /// A text column.
    pub(crate) fn text(self, name: &'static str, f: impl Fn(&R) -> String) -> Self {
        let data = ColumnData::Text(self.map(f));
        self.push(name, data)
    }

    /// A column of text or nothing.
    pub(crate) fn optional_text(
        self,
        name: &'static str,
        f: impl Fn(&R) -> Option<String>,
    ) -> Self {
        let data = ColumnData::OptionalText(self.map(f));
        self.push(name, data)
    }

    /// A column of whole numbers.
    pub(crate) fn integer(self, name: &'static str, f: impl Fn(&R) -> i64) -> Self {
        let data = ColumnData::Integer(self.map(f));
        self.push(name, data)
    }

    /// A column of whole numbers or nothing.
    pub(crate) fn optional_integer(
        self,
        name: &'static str,
        f: impl Fn(&R) -> Option<i64>,
    ) -> Self {
        let data = ColumnData::OptionalInteger(self.map(f));
        self.push(name, data)
    }

    /// A column of exact decimals or nothing.
    pub(crate) fn decimal(self, name: &'static str, f: impl Fn(&R) -> Option<Decimal>) -> Self {
        let data = ColumnData::Decimal(self.map(f));
        self.push(name, data)
    }

    /// A column of scores (or other fractions in [0, 1]) or nothing.
    pub(crate) fn score(self, name: &'static str, f: impl Fn(&R) -> Option<Score>) -> Self {
        let data = ColumnData::Score(self.map(f));
        self.push(name, data)
    }

    /// A column of dates or nothing.
    pub(crate) fn date(self, name: &'static str, f: impl Fn(&R) -> Option<NaiveDate>) -> Self {
        let data = ColumnData::Date(self.map(f));
        self.push(name, data)
    }

    /// A column of flags.
    pub(crate) fn flag(self, name: &'static str, f: impl Fn(&R) -> bool) -> Self {
        let data = ColumnData::Bool(self.map(f));
        self.push(name, data)
    }

    /// A column of a named enum's values, in no order.
    pub(crate) fn category<T: Named>(self, name: &'static str, f: impl Fn(&R) -> T) -> Self {
        self.category_ranked(name, f, &[])
    }

    /// A column of a ranked enum's values (bands), carrying their order.
    pub(crate) fn ranked_category<T: Ranked>(
        self,
        name: &'static str,
        f: impl Fn(&R) -> T,
    ) -> Self {
        self.category_ranked(name, f, T::RANKING)
    }

    fn category_ranked<T: Named>(
        self,
        name: &'static str,
        f: impl Fn(&R) -> T,
        ranking: &'static [&'static str],
    ) -> Self {
        // An enum has far fewer than 2^32 values.
        let codes = self.map(|r| f(r).position() as u32);
        let data = ColumnData::Category {
            categories: T::NAMES,
            codes,
            ranking,
        };
        self.push(name, data)
    }

    /// A column of lists of texts.
    pub(crate) fn list(self, name: &'static str, f: impl Fn(&R) -> Vec<String>) -> Self {
        let data = ColumnData::TextList(self.map(f));
        self.push(name, data)
    }

    /// A column of maps of text to text.
    pub(crate) fn map_column(
        self,
        name: &'static str,
        f: impl Fn(&R) -> BTreeMap<String, String>,
    ) -> Self {
        let data = ColumnData::TextMap(self.map(f));
        self.push(name, data)
    }

    fn last(&mut self) -> Option<&mut Column> {
        self.columns.last_mut()
    }

    /// Gives the last column another label key than `column-<name>`.
    pub(crate) fn label(mut self, key: &'static str) -> Self {
        if let Some(c) = self.last() {
            c.label = Cow::Borrowed(key);
        }
        self
    }

    /// Gives the last column a unit.
    pub(crate) fn unit(mut self, unit: Unit) -> Self {
        if let Some(c) = self.last() {
            c.unit = Some(unit);
        }
        self
    }

    /// Says that the values of the last column (a category) have words in
    /// the message catalogs, under keys `<prefix>-<value>`.
    pub(crate) fn value_labels(mut self, prefix: &'static str) -> Self {
        if let Some(c) = self.last() {
            c.value_labels = Some(prefix);
        }
        self
    }

    /// Marks the last column as a score (shown with its band).
    pub(crate) fn banded(mut self) -> Self {
        if let Some(c) = self.last() {
            c.score = true;
        }
        self
    }

    /// The table.
    pub(crate) fn build(self) -> Table {
        Table {
            name: Cow::Borrowed(self.name),
            rows: self.rows.len(),
            columns: self.columns,
        }
    }
}
