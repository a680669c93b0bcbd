//! SVG charts drawn by our own code: no JavaScript, no external fonts, the
//! same bytes for the same data.
//!
//! Each chart function reads a plain specification (serde, so a report model
//! can carry it) and the [`Words`] of the document's language, and returns a
//! [`Chart`]: the `<svg role="img">` with its `<title>` and `<desc>`, and the
//! [`DataTable`] behind it, for the document to print under the chart. Every
//! label arrives already written in the document's language: the kit knows
//! no plan. Nothing is computed from the data beyond its geometry; a band, a
//! status or a reporting state is drawn as given.
//!
//! A band is shown by word and by shape as well as by colour (● green,
//! ▲ yellow, ■ red, ◇ no score), in the Okabe–Ito palette, which readers with
//! any common colour-vision deficiency tell apart; the statuses and reporting
//! states add fill patterns and shapes of their own.
//!
//! ```
//! use rust_decimal::Decimal;
//! use seguimiento_report::charts::{score_bars, Band, ScoreBar, ScoreBars, Threshold, Words};
//! use seguimiento_report::format::Lang;
//!
//! let words = Words::builtin(Lang::EsGt)?;
//! let spec = ScoreBars {
//!     id: "puntaje-ejes".into(),
//!     title: "Puntaje por eje".into(),
//!     desc: "Barras horizontales con el puntaje de cada eje.".into(),
//!     label_header: "Eje".into(),
//!     verbatim_labels: true,
//!     bars: vec![ScoreBar { label: "Prevención".into(), score: Some(Decimal::new(734512, 6)), band: Band::Yellow }],
//!     thresholds: vec![Threshold { at: Decimal::new(6, 1), band: Band::Yellow }],
//! };
//! let chart = score_bars(&spec, &words)?;
//! assert!(chart.svg.starts_with("<svg"));
//! assert_eq!(chart.table.rows[0], ["Prevención", "73.45\u{a0}%", "amarillo"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bars;
mod gantt;
mod grid;
mod svg;
mod trend;

use serde::{Deserialize, Serialize};

use crate::format::{FormatError, Lang};
use crate::i18n::{Catalogs, I18nError};

pub use bars::{score_bars, status_bars, ScoreBar, ScoreBars, StatusBars, StatusRow, Threshold};
pub use gantt::{gantt, AsOf, Gantt, GanttRow};
pub use grid::{reporting_grid, GridRow, ReportingGrid};
pub use trend::{trend, Trend, TrendPoint, TrendSeries};

/// The semáforo of a score, as the evaluation gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// On track.
    Green,
    /// Partial progress.
    Yellow,
    /// Not on track.
    Red,
    /// No score.
    None,
}

/// Where a strategic action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Every plazo ended and every milestone was achieved.
    Completed,
    /// Under way.
    InProgress,
    /// A milestone is overdue.
    Overdue,
    /// Before every plazo starts.
    NotStarted,
}

/// How one expected report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reporting {
    /// Submitted by its due date.
    OnTime,
    /// Submitted after its due date.
    Late,
    /// Due and not submitted.
    Missing,
    /// Expected but not yet due.
    NotDue,
}

/// The words a chart writes besides the caller's labels, in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    /// The document's language (numbers are written for it).
    pub lang: Lang,
    /// `verde`, `amarillo`, `rojo`, `sin puntaje`.
    pub band_green: String,
    /// See `band_green`.
    pub band_yellow: String,
    /// See `band_green`.
    pub band_red: String,
    /// See `band_green`.
    pub band_none: String,
    /// Action statuses.
    pub status_completed: String,
    /// See `status_completed`.
    pub status_in_progress: String,
    /// See `status_completed`.
    pub status_overdue: String,
    /// See `status_completed`.
    pub status_not_started: String,
    /// Reporting states.
    pub reporting_on_time: String,
    /// See `reporting_on_time`.
    pub reporting_late: String,
    /// See `reporting_on_time`.
    pub reporting_missing: String,
    /// See `reporting_on_time`.
    pub reporting_not_due: String,
    /// Column headers of the data tables.
    pub col_score: String,
    /// See `col_score`.
    pub col_band: String,
    /// See `col_score`.
    pub col_status: String,
    /// See `col_score`.
    pub col_start: String,
    /// See `col_score`.
    pub col_end: String,
    /// See `col_score`.
    pub col_year: String,
    /// Written where a chart has nothing to draw.
    pub no_data: String,
}

impl Words {
    /// The words of the built-in catalogs.
    pub fn builtin(lang: Lang) -> Result<Words, I18nError> {
        Words::from_catalogs(&Catalogs::builtin()?, lang)
    }

    /// The words of `catalogs` (a ministry's overrides included).
    pub fn from_catalogs(catalogs: &Catalogs, lang: Lang) -> Result<Words, I18nError> {
        let w = |key: &str| catalogs.message(lang, key, &[]);
        Ok(Words {
            lang,
            band_green: w("band-green")?,
            band_yellow: w("band-yellow")?,
            band_red: w("band-red")?,
            band_none: w("band-none")?,
            status_completed: w("status-completed")?,
            status_in_progress: w("status-in-progress")?,
            status_overdue: w("status-overdue")?,
            status_not_started: w("status-not-started")?,
            reporting_on_time: w("reporting-on-time")?,
            reporting_late: w("reporting-late")?,
            reporting_missing: w("reporting-missing")?,
            reporting_not_due: w("reporting-not-due")?,
            col_score: w("col-score")?,
            col_band: w("col-band")?,
            col_status: w("col-status")?,
            col_start: w("col-start")?,
            col_end: w("col-end")?,
            col_year: w("col-year")?,
            no_data: w("value-no-data")?,
        })
    }

    fn band(&self, band: Band) -> &str {
        match band {
            Band::Green => &self.band_green,
            Band::Yellow => &self.band_yellow,
            Band::Red => &self.band_red,
            Band::None => &self.band_none,
        }
    }

    fn status(&self, status: ActionStatus) -> &str {
        match status {
            ActionStatus::Completed => &self.status_completed,
            ActionStatus::InProgress => &self.status_in_progress,
            ActionStatus::Overdue => &self.status_overdue,
            ActionStatus::NotStarted => &self.status_not_started,
        }
    }

    fn reporting(&self, state: Reporting) -> &str {
        match state {
            Reporting::OnTime => &self.reporting_on_time,
            Reporting::Late => &self.reporting_late,
            Reporting::Missing => &self.reporting_missing,
            Reporting::NotDue => &self.reporting_not_due,
        }
    }
}

/// A drawn chart and the data behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chart {
    /// The chart's id (unique within a document).
    pub id: String,
    /// The `<svg>` element, ready to be placed inline in HTML.
    pub svg: String,
    /// The data drawn, as text in the document's language.
    pub table: DataTable,
}

/// A table of text: the data behind a chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataTable {
    /// The chart's title.
    pub caption: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// One entry per column in every row.
    pub rows: Vec<Vec<String>>,
}

/// A column of a [`DataTable`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Its header.
    pub label: String,
    /// Figures, aligned right.
    pub numeric: bool,
    /// `Some("es")` when the header quotes the plan's Spanish inside a
    /// document in another language.
    pub label_lang: Option<String>,
    /// `Some("es")` when the cells quote the plan's Spanish inside a document
    /// in another language.
    pub cells_lang: Option<String>,
}

impl Column {
    fn text(label: &str) -> Column {
        Column {
            label: label.to_string(),
            numeric: false,
            label_lang: None,
            cells_lang: None,
        }
    }

    fn number(label: &str) -> Column {
        Column {
            numeric: true,
            ..Column::text(label)
        }
    }

    /// The label column: marked Spanish when it holds the plan's own words
    /// and the document is not in Spanish.
    fn labels(label: &str, verbatim: bool, words: &Words) -> Column {
        Column {
            cells_lang: verbatim_lang(verbatim, words).map(str::to_string),
            ..Column::text(label)
        }
    }
}

/// The `lang` of the plan's verbatim text inside a document in `words.lang`.
fn verbatim_lang(verbatim: bool, words: &Words) -> Option<&'static str> {
    (verbatim && words.lang != Lang::EsGt).then_some("es")
}

/// Why a chart could not be drawn. Each names the chart and the record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// Ids are lower-case ASCII letters, digits and `-`, starting with a
    /// letter, at most 64 characters: they become SVG ids inside an HTML
    /// document.
    #[error("chart id {0:?}: use a-z, 0-9 and '-', starting with a letter, at most 64 characters")]
    Id(String),
    /// A row whose cells do not match the columns.
    #[error("chart {chart}: row {row} has {got} cells for {expected} columns")]
    Shape {
        /// Chart id.
        chart: String,
        /// Row index (0-based).
        row: usize,
        /// Number of columns.
        expected: usize,
        /// Number of cells.
        got: usize,
    },
    /// A range that is empty, reversed or too long to draw.
    #[error("chart {chart}: {what}")]
    Range {
        /// Chart id.
        chart: String,
        /// What is wrong, naming the row.
        what: String,
    },
    /// A year given twice in one series.
    #[error("chart {chart}: series {series} has year {year} twice")]
    Duplicate {
        /// Chart id.
        chart: String,
        /// Series index (0-based).
        series: usize,
        /// The year.
        year: i32,
    },
    /// A value that cannot be written.
    #[error("chart {chart}: {source}")]
    Format {
        /// Chart id.
        chart: String,
        /// The formatting error.
        source: FormatError,
    },
}

/// Escapes text for XML and HTML alike: `&`, `<`, `>`, `"` and `'`, and the
/// characters XML cannot hold become U+FFFD.
pub(crate) fn escape_xml(text: &str) -> String {
    svg::esc(text)
}

/// The longest span of years a chart draws.
pub const MAX_YEARS: i32 = 200;

fn check_id(id: &str) -> Result<(), ChartError> {
    let mut chars = id.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if first_ok && rest_ok && id.len() <= 64 {
        Ok(())
    } else {
        Err(ChartError::Id(id.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        for ok in ["a", "puntaje-ejes", "e1-2010"] {
            assert!(check_id(ok).is_ok(), "{ok}");
        }
        for bad in ["", "1a", "A", "a b", "a\"b", "a_b", &"a".repeat(65)] {
            assert!(matches!(check_id(bad), Err(ChartError::Id(_))), "{bad}");
        }
    }

    #[test]
    fn words_come_from_the_catalogs() {
        let es = Words::builtin(Lang::EsGt).unwrap();
        assert_eq!(es.band(Band::None), "sin puntaje");
        assert_eq!(es.status(ActionStatus::Overdue), "atrasada");
        assert_eq!(es.reporting(Reporting::Missing), "no presentado");
        let en = Words::builtin(Lang::En).unwrap();
        assert_eq!(en.band(Band::Green), "green");
    }
}
