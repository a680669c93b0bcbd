//! Plazos as a Gantt chart: years across, one bar per plazo, an as-of line.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::bars::{legend, status_fill, status_patterns};
use super::svg::{text_width, Anchor, Svg, Text, BLUE, CHAR_WIDTH, GRID, INK, MUTED, WIDTH};
use super::{
    check_id, verbatim_lang, ActionStatus, Chart, ChartError, Column, DataTable, Words, MAX_YEARS,
};

/// Plazos (time frames) as bars over the years of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gantt {
    /// The chart's id, unique within the document.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its description.
    pub desc: String,
    /// Header of the label column in the data table (`Acción estratégica`).
    pub row_header: String,
    /// The labels are the plan's own Spanish text.
    #[serde(default)]
    pub verbatim_labels: bool,
    /// The first year on the axis (the plan's first year).
    pub first_year: i32,
    /// The last year on the axis.
    pub last_year: i32,
    /// The date of the report, drawn as a vertical line. The axis is widened
    /// to its year if it falls outside.
    pub as_of: Option<AsOf>,
    /// One bar per plazo.
    pub rows: Vec<GanttRow>,
}

/// The as-of line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AsOf {
    /// Where the line is drawn.
    pub date: NaiveDate,
    /// Its label, already written (`Al 31 de diciembre de 2010`).
    pub label: String,
}

/// A plazo: from the first day of `start_year` to the last of `end_year`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GanttRow {
    /// The action (its id, or its id and plazo text).
    pub label: String,
    /// First year.
    pub start_year: i32,
    /// Last year (inclusive).
    pub end_year: i32,
    /// The action's status, if the bar is to show it.
    pub status: Option<ActionStatus>,
}

const ROW: f64 = 22.0;
const BAR: f64 = 12.0;

/// Draws a [`Gantt`] chart.
pub fn gantt(spec: &Gantt, words: &Words) -> Result<Chart, ChartError> {
    check_id(&spec.id)?;
    let range = |what: String| ChartError::Range {
        chart: spec.id.clone(),
        what,
    };
    if spec.last_year < spec.first_year {
        return Err(range(format!(
            "the axis {}..{} ends before it starts",
            spec.first_year, spec.last_year
        )));
    }
    for (i, r) in spec.rows.iter().enumerate() {
        if r.end_year < r.start_year {
            return Err(range(format!(
                "row {i} ({}): plazo {}..{} ends before it starts",
                r.label, r.start_year, r.end_year
            )));
        }
        if r.start_year < spec.first_year || r.end_year > spec.last_year {
            return Err(range(format!(
                "row {i} ({}): plazo {}..{} is outside the axis {}..{}",
                r.label, r.start_year, r.end_year, spec.first_year, spec.last_year
            )));
        }
    }
    let as_of_year = spec.as_of.as_ref().map(|a| a.date.year());
    let lo = as_of_year.map_or(spec.first_year, |y| y.min(spec.first_year));
    let hi = as_of_year.map_or(spec.last_year, |y| y.max(spec.last_year));
    let years = i64::from(hi) - i64::from(lo) + 1;
    if years > i64::from(MAX_YEARS) {
        return Err(range(format!(
            "{years} years from {lo} to {hi}: at most {MAX_YEARS} are drawn"
        )));
    }
    let label_w = spec
        .rows
        .iter()
        .map(|r| text_width(&r.label))
        .fold(0.0, f64::max)
        .clamp(60.0, 200.0);
    let label_chars = (label_w / CHAR_WIDTH) as usize;
    let x0 = label_w + 16.0;
    let plot_w = WIDTH - x0 - 16.0;
    let year_w = plot_w / years as f64;
    let x_of_year = |y: i32| x0 + f64::from(y - lo) * year_w;
    let top = 44.0;
    let rows = spec.rows.len().max(1) as f64;
    let bottom = top + rows * ROW;
    let height = bottom + 34.0;
    let mut svg = Svg::new(&spec.id, height, &spec.title, &spec.desc, words.lang);
    svg.raw(&status_patterns(&spec.id));

    // Years: a boundary line for each, a label every year or every few.
    let every = ((34.0 / year_w).ceil() as i32).max(1);
    for y in lo..=hi {
        let x = x_of_year(y);
        svg.line((x, top - 8.0), (x, bottom), GRID, 1.0, None);
        if (y - lo) % every == 0 {
            svg.text(Text {
                fill: MUTED,
                ..Text::new(x + year_w / 2.0, top - 12.0, Anchor::Middle, &y.to_string())
            });
        }
    }
    svg.line(
        (x_of_year(hi + 1), top - 8.0),
        (x_of_year(hi + 1), bottom),
        GRID,
        1.0,
        None,
    );

    let label_lang = verbatim_lang(spec.verbatim_labels, words);
    let mut table_rows = Vec::with_capacity(spec.rows.len());
    for (i, r) in spec.rows.iter().enumerate() {
        let mid = top + i as f64 * ROW + ROW / 2.0;
        svg.text(Text {
            max_chars: Some(label_chars),
            lang: label_lang,
            ..Text::new(label_w + 8.0, mid + 4.0, Anchor::End, &r.label)
        });
        let fill = r
            .status
            .map_or_else(|| BLUE.to_string(), |s| status_fill(&spec.id, s));
        let (x1, x2) = (x_of_year(r.start_year), x_of_year(r.end_year + 1));
        svg.rect(x1, mid - BAR / 2.0, x2 - x1, BAR, &fill, Some(INK));
        table_rows.push(vec![
            r.label.clone(),
            r.start_year.to_string(),
            r.end_year.to_string(),
            r.status
                .map(|s| words.status(s).to_string())
                .unwrap_or_default(),
        ]);
    }
    if spec.rows.is_empty() {
        svg.text(Text::new(
            x0 + plot_w / 2.0,
            top + ROW / 2.0 + 4.0,
            Anchor::Middle,
            &words.no_data,
        ));
    }
    if let Some(as_of) = &spec.as_of {
        let d = as_of.date;
        let days = if d.leap_year() { 366.0 } else { 365.0 };
        let x = x_of_year(d.year()) + f64::from(d.ordinal()) / days * year_w;
        svg.line((x, 8.0), (x, bottom), INK, 1.5, Some("3 2"));
        let anchor = if x > x0 + plot_w / 2.0 {
            Anchor::End
        } else {
            Anchor::Start
        };
        let dx = if x > x0 + plot_w / 2.0 { -4.0 } else { 4.0 };
        svg.text(Text {
            bold: true,
            ..Text::new(x + dx, 14.0, anchor, &as_of.label)
        });
    }
    // The legend lists the statuses shown, in their usual order.
    let shown: Vec<(String, Option<super::Reporting>, &str)> = [
        ActionStatus::Completed,
        ActionStatus::InProgress,
        ActionStatus::Overdue,
        ActionStatus::NotStarted,
    ]
    .into_iter()
    .filter(|s| spec.rows.iter().any(|r| r.status == Some(*s)))
    .map(|s| (status_fill(&spec.id, s), None, words.status(s)))
    .collect();
    legend(&mut svg, x0, bottom + 22.0, &shown);
    Ok(Chart {
        id: spec.id.clone(),
        svg: svg.finish(),
        table: DataTable {
            caption: spec.title.clone(),
            columns: vec![
                Column::labels(&spec.row_header, spec.verbatim_labels, words),
                Column::number(&words.col_start),
                Column::number(&words.col_end),
                Column::text(&words.col_status),
            ],
            rows: table_rows,
        },
    })
}
