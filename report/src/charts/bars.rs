//! Horizontal bars: scores with the band thresholds, and actions by status.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::grid::reporting_mark;
use super::svg::{
    band_fill, text_width, Anchor, Svg, Text, BLUE, CHAR_WIDTH, GREEN, GRID, INK, MUTED, SKY,
    VERMILLION, WIDTH,
};
use super::{
    check_id, verbatim_lang, ActionStatus, Band, Chart, ChartError, Column, DataTable, Reporting,
    Words,
};
use crate::format::{self, Lang};

/// Scores as horizontal bars from 0 % to 100 %, with the band thresholds as
/// vertical lines (for instance the score of each axis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreBars {
    /// The chart's id, unique within the document.
    pub id: String,
    /// Its title (`<title>`, and the data table's caption).
    pub title: String,
    /// Its description (`<desc>`): what the chart shows, in words.
    pub desc: String,
    /// Header of the label column in the data table (`Eje`).
    pub label_header: String,
    /// The labels are the plan's own Spanish text (marked `lang="es"` in a
    /// document in another language).
    #[serde(default)]
    pub verbatim_labels: bool,
    /// One bar per row, drawn in this order.
    pub bars: Vec<ScoreBar>,
    /// Where each band starts (`yellow` at 0.60, `green` at 0.90).
    #[serde(default)]
    pub thresholds: Vec<Threshold>,
}

/// One bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreBar {
    /// What is scored.
    pub label: String,
    /// The score (1 = 100 %), or none.
    pub score: Option<Decimal>,
    /// Its band, as the evaluation gave it.
    pub band: Band,
}

/// The score at which a band starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// The score (1 = 100 %).
    pub at: Decimal,
    /// The band that starts there.
    pub band: Band,
}

/// Actions by status as stacked horizontal bars, one row per plan or axis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusBars {
    /// The chart's id, unique within the document.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its description.
    pub desc: String,
    /// Header of the label column in the data table.
    pub label_header: String,
    /// The labels are the plan's own Spanish text.
    #[serde(default)]
    pub verbatim_labels: bool,
    /// One stacked bar per row.
    pub rows: Vec<StatusRow>,
}

/// The number of actions in each status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusRow {
    /// What is counted (the plan, an axis).
    pub label: String,
    /// Completed actions.
    pub completed: u64,
    /// Actions in progress.
    pub in_progress: u64,
    /// Overdue actions.
    pub overdue: u64,
    /// Actions not started.
    pub not_started: u64,
}

const ROW: f64 = 26.0;
const BAR: f64 = 16.0;
const TOP: f64 = 30.0;
const MARKER: f64 = 10.0;

/// The width of the label column: the longest label, within bounds.
fn label_width<'a>(labels: impl Iterator<Item = &'a str>) -> f64 {
    let longest = labels.map(text_width).fold(0.0, f64::max);
    longest.clamp(60.0, 220.0)
}

fn score_f64(score: Decimal) -> f64 {
    score.to_f64().unwrap_or(0.0).clamp(0.0, 1.0)
}

/// `25 %` on the axis: whole percentages.
fn tick_label(percent: u32, lang: Lang) -> String {
    format!("{}\u{a0}%", format::number(Decimal::from(percent), lang))
}

/// Draws [`ScoreBars`].
pub fn score_bars(spec: &ScoreBars, words: &Words) -> Result<Chart, ChartError> {
    check_id(&spec.id)?;
    let lang = words.lang;
    let fmt_err = |source| ChartError::Format {
        chart: spec.id.clone(),
        source,
    };
    let label_w = label_width(spec.bars.iter().map(|b| b.label.as_str()));
    let label_chars = (label_w / CHAR_WIDTH) as usize;
    let x0 = label_w + 16.0;
    let value_w = 170.0;
    let plot_w = WIDTH - x0 - value_w;
    let rows = spec.bars.len().max(1) as f64;
    let bottom = TOP + rows * ROW;
    let height = bottom + 28.0;
    let mut svg = Svg::new(&spec.id, height, &spec.title, &spec.desc, lang);
    let x_of = |score: f64| x0 + score * plot_w;

    // Grid and axis: 0, 25, 50, 75, 100 %.
    for pct in [0u32, 25, 50, 75, 100] {
        let x = x_of(f64::from(pct) / 100.0);
        svg.line((x, TOP - 4.0), (x, bottom), GRID, 1.0, None);
        svg.text(Text {
            fill: MUTED,
            ..Text::new(x, bottom + 16.0, Anchor::Middle, &tick_label(pct, lang))
        });
    }
    // Band thresholds: a dashed line with the band's shape and value on top.
    for t in &spec.thresholds {
        let x = x_of(score_f64(t.at));
        svg.line((x, TOP - 8.0), (x, bottom), INK, 1.25, Some("4 3"));
        svg.band_marker(t.band, x - 24.0, TOP - 17.0, MARKER);
        let label = format::percent(t.at, lang).map_err(fmt_err)?;
        svg.text(Text::new(x - 16.0, TOP - 13.0, Anchor::Start, &label));
    }
    let label_lang = verbatim_lang(spec.verbatim_labels, words);
    let mut table_rows = Vec::with_capacity(spec.bars.len());
    for (i, bar) in spec.bars.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        let mid = y + ROW / 2.0;
        svg.text(Text {
            max_chars: Some(label_chars),
            lang: label_lang,
            ..Text::new(label_w + 8.0, mid + 4.0, Anchor::End, &bar.label)
        });
        // The value (none when there is no score), then the band's shape and word.
        let value = match bar.score {
            Some(s) => {
                let w = score_f64(s) * plot_w;
                svg.rect(x0, mid - BAR / 2.0, w, BAR, band_fill(bar.band), Some(INK));
                Some(format::percent(s, lang).map_err(fmt_err)?)
            }
            None => None,
        };
        let mut x = x_of(1.0) + 10.0;
        if let Some(v) = &value {
            svg.text(Text::new(x, mid + 4.0, Anchor::Start, v));
            x += text_width(v) + 10.0;
        }
        svg.band_marker(bar.band, x + MARKER / 2.0, mid, MARKER);
        svg.text(Text::new(
            x + MARKER + 5.0,
            mid + 4.0,
            Anchor::Start,
            words.band(bar.band),
        ));
        let value = value.unwrap_or_else(|| words.no_data.clone());
        table_rows.push(vec![
            bar.label.clone(),
            value,
            words.band(bar.band).to_string(),
        ]);
    }
    if spec.bars.is_empty() {
        svg.text(Text::new(
            x_of(0.5),
            TOP + ROW / 2.0 + 4.0,
            Anchor::Middle,
            &words.no_data,
        ));
    }
    Ok(Chart {
        id: spec.id.clone(),
        svg: svg.finish(),
        table: DataTable {
            caption: spec.title.clone(),
            columns: vec![
                Column::labels(&spec.label_header, spec.verbatim_labels, words),
                Column::number(&words.col_score),
                Column::text(&words.col_band),
            ],
            rows: table_rows,
        },
    })
}

/// The patterns of [`status_fill`], as `<defs>`.
pub(super) fn status_patterns(id: &str) -> String {
    format!(
        "<defs><pattern id=\"{id}-overdue\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" \
         patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{VERMILLION}\"/>\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#FFFFFF\" stroke-width=\"2\"/></pattern>\
         <pattern id=\"{id}-not-started\" patternUnits=\"userSpaceOnUse\" width=\"5\" height=\"5\">\
         <rect width=\"5\" height=\"5\" fill=\"#FFFFFF\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1\" fill=\"{BLUE}\"/>\
         </pattern></defs>"
    )
}

/// The fill of each status: a colour and, for the two that need attention,
/// a pattern (defined by [`status_patterns`]), so that grey print still
/// tells them apart.
pub(super) fn status_fill(id: &str, status: ActionStatus) -> String {
    match status {
        ActionStatus::Completed => GREEN.to_string(),
        ActionStatus::InProgress => SKY.to_string(),
        ActionStatus::Overdue => format!("url(#{id}-overdue)"),
        ActionStatus::NotStarted => format!("url(#{id}-not-started)"),
    }
}

/// A legend drawn left to right from (x, y): a swatch of each fill, with the
/// reporting state's mark on it where given, then the word.
pub(super) fn legend(svg: &mut Svg, x: f64, y: f64, items: &[(String, Option<Reporting>, &str)]) {
    const SWATCH: f64 = 16.0;
    let mut cx = x;
    for (fill, mark, word) in items {
        svg.rect(cx, y - 12.0, SWATCH, SWATCH, fill, Some(INK));
        if let Some(state) = mark {
            svg.raw(&reporting_mark(*state, cx + SWATCH / 2.0, y - 4.0));
        }
        svg.text(Text::new(cx + SWATCH + 6.0, y + 1.0, Anchor::Start, word));
        cx += SWATCH + 6.0 + text_width(word) + 18.0;
    }
}

/// Draws [`StatusBars`]: each row's bar is as long as its number of actions,
/// on one scale for all rows.
pub fn status_bars(spec: &StatusBars, words: &Words) -> Result<Chart, ChartError> {
    check_id(&spec.id)?;
    let lang = words.lang;
    let label_w = label_width(spec.rows.iter().map(|r| r.label.as_str()));
    let label_chars = (label_w / CHAR_WIDTH) as usize;
    let x0 = label_w + 16.0;
    let plot_w = WIDTH - x0 - 16.0;
    let rows = spec.rows.len().max(1) as f64;
    let top = 12.0;
    let bottom = top + rows * ROW;
    let height = bottom + 34.0;
    let mut svg = Svg::new(&spec.id, height, &spec.title, &spec.desc, lang);
    svg.raw(&status_patterns(&spec.id));
    let total = |r: &StatusRow| {
        r.completed
            .saturating_add(r.in_progress)
            .saturating_add(r.overdue)
            .saturating_add(r.not_started)
    };
    let longest = spec.rows.iter().map(total).max().unwrap_or(0).max(1) as f64;
    let label_lang = verbatim_lang(spec.verbatim_labels, words);
    let mut table_rows = Vec::with_capacity(spec.rows.len());
    for (i, row) in spec.rows.iter().enumerate() {
        let y = top + i as f64 * ROW;
        let mid = y + ROW / 2.0;
        svg.text(Text {
            max_chars: Some(label_chars),
            lang: label_lang,
            ..Text::new(label_w + 8.0, mid + 4.0, Anchor::End, &row.label)
        });
        let mut x = x0;
        let counts = [
            (ActionStatus::Completed, row.completed),
            (ActionStatus::InProgress, row.in_progress),
            (ActionStatus::Overdue, row.overdue),
            (ActionStatus::NotStarted, row.not_started),
        ];
        for (status, count) in counts {
            if count == 0 {
                continue;
            }
            let w = count as f64 / longest * plot_w;
            svg.rect(
                x,
                mid - BAR / 2.0,
                w,
                BAR,
                &status_fill(&spec.id, status),
                Some(INK),
            );
            let label = format::number(Decimal::from(count), lang);
            // The count inside its segment when it fits, on a white chip so it
            // reads over any fill; the table has every count regardless.
            if w >= text_width(&label) + 8.0 {
                let chip = text_width(&label) + 4.0;
                svg.rect(
                    x + w / 2.0 - chip / 2.0,
                    mid - 7.0,
                    chip,
                    14.0,
                    "#FFFFFF",
                    None,
                );
                svg.text(Text::new(x + w / 2.0, mid + 4.0, Anchor::Middle, &label));
            }
            x += w;
        }
        let mut cells = vec![row.label.clone()];
        cells.extend(
            counts
                .iter()
                .map(|(_, c)| format::number(Decimal::from(*c), lang)),
        );
        table_rows.push(cells);
    }
    if spec.rows.is_empty() {
        svg.text(Text::new(
            x0 + plot_w / 2.0,
            top + ROW / 2.0 + 4.0,
            Anchor::Middle,
            &words.no_data,
        ));
    }
    let items: Vec<(String, Option<Reporting>, &str)> = [
        ActionStatus::Completed,
        ActionStatus::InProgress,
        ActionStatus::Overdue,
        ActionStatus::NotStarted,
    ]
    .into_iter()
    .map(|s| (status_fill(&spec.id, s), None, words.status(s)))
    .collect();
    legend(&mut svg, x0, bottom + 22.0, &items);
    Ok(Chart {
        id: spec.id.clone(),
        svg: svg.finish(),
        table: DataTable {
            caption: spec.title.clone(),
            columns: vec![
                Column::labels(&spec.label_header, spec.verbatim_labels, words),
                Column::number(&words.status_completed),
                Column::number(&words.status_in_progress),
                Column::number(&words.status_overdue),
                Column::number(&words.status_not_started),
            ],
            rows: table_rows,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_fills_are_distinct() {
        let fills: Vec<String> = [
            ActionStatus::Completed,
            ActionStatus::InProgress,
            ActionStatus::Overdue,
            ActionStatus::NotStarted,
        ]
        .into_iter()
        .map(|s| status_fill("c", s))
        .collect();
        let mut unique = fills.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), fills.len());
    }
}
