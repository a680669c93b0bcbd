//! Reporting compliance as a grid of institutions × periods (a heatmap).

use serde::{Deserialize, Serialize};

use super::bars::legend;
use super::svg::{
    text_width, Anchor, Svg, Text, CHAR_WIDTH, GREEN, INK, ORANGE, PALE, VERMILLION, WIDTH,
};
use super::{check_id, verbatim_lang, Chart, ChartError, Column, DataTable, Reporting, Words};

/// One cell per institution and period (month, semester or year): on time,
/// late, missing, not yet due, or nothing expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingGrid {
    /// The chart's id, unique within the document.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its description.
    pub desc: String,
    /// Header of the label column in the data table (`Institución`).
    pub row_header: String,
    /// The row labels are the plan's own Spanish text (institution names).
    #[serde(default)]
    pub verbatim_labels: bool,
    /// The periods, already written (`ene 2010`).
    pub columns: Vec<String>,
    /// One row per institution, one cell per column.
    pub rows: Vec<GridRow>,
}

/// An institution's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridRow {
    /// The institution.
    pub label: String,
    /// One per column; `None` where no report is expected.
    pub cells: Vec<Option<Reporting>>,
}

const CELL: f64 = 18.0;
const STEP: f64 = 20.0;

/// The fill of a reporting state.
pub(super) fn reporting_fill(state: Reporting) -> &'static str {
    match state {
        Reporting::OnTime => GREEN,
        Reporting::Late => ORANGE,
        Reporting::Missing => VERMILLION,
        Reporting::NotDue => PALE,
    }
}

/// The mark of a reporting state inside a cell centred on (cx, cy): a circle
/// on time, a triangle late, a cross missing, nothing when not yet due.
pub(super) fn reporting_mark(state: Reporting, cx: f64, cy: f64) -> String {
    use super::svg::n;
    let s = format!("fill=\"#FFFFFF\" stroke=\"{INK}\" stroke-width=\"1\"");
    match state {
        Reporting::OnTime => format!("<circle cx=\"{}\" cy=\"{}\" r=\"4\" {s}/>", n(cx), n(cy)),
        Reporting::Late => format!(
            "<polygon points=\"{},{} {},{} {},{}\" {s}/>",
            n(cx),
            n(cy - 5.0),
            n(cx + 5.0),
            n(cy + 4.0),
            n(cx - 5.0),
            n(cy + 4.0)
        ),
        Reporting::Missing => format!(
            "<path d=\"M{} {}L{} {}M{} {}L{} {}\" stroke=\"#FFFFFF\" stroke-width=\"3\"/>\
             <path d=\"M{} {}L{} {}M{} {}L{} {}\" stroke=\"{INK}\" stroke-width=\"1.5\"/>",
            n(cx - 4.0),
            n(cy - 4.0),
            n(cx + 4.0),
            n(cy + 4.0),
            n(cx + 4.0),
            n(cy - 4.0),
            n(cx - 4.0),
            n(cy + 4.0),
            n(cx - 4.0),
            n(cy - 4.0),
            n(cx + 4.0),
            n(cy + 4.0),
            n(cx + 4.0),
            n(cy - 4.0),
            n(cx - 4.0),
            n(cy + 4.0)
        ),
        Reporting::NotDue => String::new(),
    }
}

/// Draws a [`ReportingGrid`]. The chart grows wider than usual when the
/// periods need it (two years of months fit the usual width).
pub fn reporting_grid(spec: &ReportingGrid, words: &Words) -> Result<Chart, ChartError> {
    check_id(&spec.id)?;
    for (row, r) in spec.rows.iter().enumerate() {
        if r.cells.len() != spec.columns.len() {
            return Err(ChartError::Shape {
                chart: spec.id.clone(),
                row,
                expected: spec.columns.len(),
                got: r.cells.len(),
            });
        }
    }
    let label_w = spec
        .rows
        .iter()
        .map(|r| text_width(&r.label))
        .fold(0.0, f64::max)
        .clamp(60.0, 200.0);
    let label_chars = (label_w / CHAR_WIDTH) as usize;
    let header_h = spec
        .columns
        .iter()
        .map(|c| text_width(c))
        .fold(0.0, f64::max)
        .clamp(24.0, 90.0)
        + 16.0;
    let header_chars = ((header_h - 16.0) / CHAR_WIDTH) as usize;
    let x0 = label_w + 16.0;
    let width = (x0 + spec.columns.len() as f64 * STEP + 16.0).max(WIDTH);
    let top = header_h;
    let rows = spec.rows.len().max(1) as f64;
    let bottom = top + rows * STEP;
    let height = bottom + 34.0;
    let mut svg = Svg::with_width(&spec.id, width, height, &spec.title, &spec.desc, words.lang);
    for (j, column) in spec.columns.iter().enumerate() {
        let x = x0 + j as f64 * STEP + CELL / 2.0 + 4.0;
        svg.text(Text {
            max_chars: Some(header_chars),
            rotate: Some(-90.0),
            ..Text::new(x, top - 6.0, Anchor::Start, column)
        });
    }
    let label_lang = verbatim_lang(spec.verbatim_labels, words);
    let mut table_rows = Vec::with_capacity(spec.rows.len());
    for (i, row) in spec.rows.iter().enumerate() {
        let y = top + i as f64 * STEP;
        svg.text(Text {
            max_chars: Some(label_chars),
            lang: label_lang,
            ..Text::new(label_w + 8.0, y + CELL / 2.0 + 4.0, Anchor::End, &row.label)
        });
        let mut cells = Vec::with_capacity(row.cells.len() + 1);
        cells.push(row.label.clone());
        for (j, cell) in row.cells.iter().enumerate() {
            let x = x0 + j as f64 * STEP;
            match cell {
                Some(state) => {
                    svg.rect(x, y, CELL, CELL, reporting_fill(*state), Some(INK));
                    svg.raw(&reporting_mark(*state, x + CELL / 2.0, y + CELL / 2.0));
                    cells.push(words.reporting(*state).to_string());
                }
                None => cells.push(String::new()),
            }
        }
        table_rows.push(cells);
    }
    if spec.rows.is_empty() || spec.columns.is_empty() {
        svg.text(Text::new(
            x0,
            top + STEP / 2.0 + 4.0,
            Anchor::Start,
            &words.no_data,
        ));
    }
    let items = [
        Reporting::OnTime,
        Reporting::Late,
        Reporting::Missing,
        Reporting::NotDue,
    ]
    .map(|s| (reporting_fill(s).to_string(), Some(s), words.reporting(s)));
    legend(&mut svg, x0, bottom + 22.0, &items);
    let mut columns = vec![Column::labels(
        &spec.row_header,
        spec.verbatim_labels,
        words,
    )];
    columns.extend(spec.columns.iter().map(|c| Column::text(c)));
    Ok(Chart {
        id: spec.id.clone(),
        svg: svg.finish(),
        table: DataTable {
            caption: spec.title.clone(),
            columns,
            rows: table_rows,
        },
    })
}
