//! The score year by year, as lines with a gap for each year without score.

use std::collections::BTreeMap;
use std::fmt::Write;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::bars::Threshold;
use super::svg::{n, text_width, Anchor, Svg, Text, BLUE, GRID, INK, MUTED, WIDTH};
use super::{
    check_id, verbatim_lang, Band, Chart, ChartError, Column, DataTable, Words, MAX_YEARS,
};
use crate::format;

/// Scores at the end of each year, one line per series (the plan, an axis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trend {
    /// The chart's id, unique within the document.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its description.
    pub desc: String,
    /// The series labels are the plan's own Spanish text.
    #[serde(default)]
    pub verbatim_labels: bool,
    /// The lines.
    pub series: Vec<TrendSeries>,
    /// Where each band starts, drawn as horizontal lines.
    #[serde(default)]
    pub thresholds: Vec<Threshold>,
}

/// One line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendSeries {
    /// What is scored.
    pub label: String,
    /// Its scores, one per year at most, in any order.
    pub points: Vec<TrendPoint>,
}

/// The score of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendPoint {
    /// The year.
    pub year: i32,
    /// Its score (1 = 100 %), or none: the line breaks there.
    pub score: Option<Decimal>,
    /// Its band.
    pub band: Band,
}

/// Dash patterns that tell the series apart without colour.
const DASHES: [Option<&str>; 4] = [None, Some("7 4"), Some("2 3"), Some("9 3 2 3")];
/// Line colours that are not band colours.
const COLOURS: [&str; 4] = [INK, BLUE, "#CC79A7", MUTED];

/// Draws a [`Trend`].
pub fn trend(spec: &Trend, words: &Words) -> Result<Chart, ChartError> {
    check_id(&spec.id)?;
    let lang = words.lang;
    let fmt_err = |source| ChartError::Format {
        chart: spec.id.clone(),
        source,
    };
    // Each series by year, refusing a year given twice.
    let mut by_year: Vec<BTreeMap<i32, &TrendPoint>> = Vec::with_capacity(spec.series.len());
    for (si, series) in spec.series.iter().enumerate() {
        let mut map = BTreeMap::new();
        for p in &series.points {
            if map.insert(p.year, p).is_some() {
                return Err(ChartError::Duplicate {
                    chart: spec.id.clone(),
                    series: si,
                    year: p.year,
                });
            }
        }
        by_year.push(map);
    }
    let years: Vec<i32> = {
        let mut all: Vec<i32> = by_year.iter().flat_map(|m| m.keys().copied()).collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let (lo, hi) = match (years.first(), years.last()) {
        (Some(lo), Some(hi)) => (*lo, *hi),
        _ => (0, 0),
    };
    let span = i64::from(hi) - i64::from(lo) + 1;
    if span > i64::from(MAX_YEARS) {
        return Err(ChartError::Range {
            chart: spec.id.clone(),
            what: format!("{span} years from {lo} to {hi}: at most {MAX_YEARS} are drawn"),
        });
    }

    let x0 = 56.0;
    let plot_w = WIDTH - x0 - 90.0;
    let top = 16.0;
    let plot_h = 200.0;
    let bottom = top + plot_h;
    let legend_top = bottom + 44.0;
    let height = legend_top + spec.series.len().max(1) as f64 * 20.0 + 4.0;
    // Points keep clear of the plot's edges, where the threshold marks are.
    let inset = 16.0;
    let x_of = |year: i32| {
        if hi == lo {
            x0 + plot_w / 2.0
        } else {
            x0 + inset + f64::from(year - lo) / f64::from(hi - lo) * (plot_w - 2.0 * inset)
        }
    };
    let y_of = |score: Decimal| bottom - score.to_f64().unwrap_or(0.0).clamp(0.0, 1.0) * plot_h;
    let mut svg = Svg::new(&spec.id, height, &spec.title, &spec.desc, lang);

    for pct in [0u32, 25, 50, 75, 100] {
        let y = y_of(Decimal::from(pct) / Decimal::ONE_HUNDRED);
        svg.line((x0, y), (x0 + plot_w, y), GRID, 1.0, None);
        let label = format!("{}\u{a0}%", format::number(Decimal::from(pct), lang));
        svg.text(Text {
            fill: MUTED,
            ..Text::new(x0 - 8.0, y + 4.0, Anchor::End, &label)
        });
    }
    for t in &spec.thresholds {
        let y = y_of(t.at);
        svg.line((x0, y), (x0 + plot_w, y), INK, 1.25, Some("4 3"));
        svg.band_marker(t.band, x0 + plot_w + 12.0, y, 10.0);
        let label = format::percent(t.at, lang).map_err(fmt_err)?;
        svg.text(Text::new(
            x0 + plot_w + 20.0,
            y + 4.0,
            Anchor::Start,
            &label,
        ));
    }
    if !years.is_empty() {
        let every = (((years.len() as f64) / 12.0).ceil() as i32).max(1);
        for y in (lo..=hi).filter(|y| (y - lo) % every == 0) {
            svg.text(Text {
                fill: MUTED,
                ..Text::new(x_of(y), bottom + 18.0, Anchor::Middle, &y.to_string())
            });
        }
    }

    for (si, map) in by_year.iter().enumerate() {
        let colour = COLOURS[si % COLOURS.len()];
        let dash = DASHES[si % DASHES.len()];
        // Runs of consecutive years with a score; anything else breaks the line.
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut previous: Option<i32> = None;
        for (year, p) in map {
            match p.score {
                Some(s) => {
                    let point = (x_of(*year), y_of(s));
                    match (previous, runs.last_mut()) {
                        (Some(py), Some(run)) if py + 1 == *year => run.push(point),
                        _ => runs.push(vec![point]),
                    }
                    previous = Some(*year);
                }
                None => previous = None,
            }
        }
        for run in runs.iter().filter(|r| r.len() > 1) {
            let mut points = String::new();
            for (i, (x, y)) in run.iter().enumerate() {
                let _ = write!(
                    points,
                    "{}{},{}",
                    if i > 0 { " " } else { "" },
                    n(*x),
                    n(*y)
                );
            }
            let dash_attr = dash
                .map(|d| format!(" stroke-dasharray=\"{d}\""))
                .unwrap_or_default();
            svg.raw(&format!(
                "<polyline points=\"{points}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash_attr}/>"
            ));
        }
        for (year, p) in map {
            if let Some(s) = p.score {
                svg.band_marker(p.band, x_of(*year), y_of(s), 10.0);
            }
        }
    }
    if years.is_empty() {
        svg.text(Text::new(
            x0 + plot_w / 2.0,
            top + plot_h / 2.0,
            Anchor::Middle,
            &words.no_data,
        ));
    }
    let label_lang = verbatim_lang(spec.verbatim_labels, words);
    for (si, series) in spec.series.iter().enumerate() {
        let y = legend_top + si as f64 * 20.0;
        let dash = DASHES[si % DASHES.len()]
            .map(|d| format!(" stroke-dasharray=\"{d}\""))
            .unwrap_or_default();
        svg.raw(&format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{dash}/>",
            n(x0),
            n(y - 4.0),
            n(x0 + 36.0),
            n(y - 4.0),
            COLOURS[si % COLOURS.len()]
        ));
        svg.text(Text {
            max_chars: Some(((WIDTH - x0 - 60.0) / text_width("m")) as usize),
            lang: label_lang,
            ..Text::new(x0 + 44.0, y, Anchor::Start, &series.label)
        });
    }

    let mut columns = vec![Column::number(&words.col_year)];
    columns.extend(spec.series.iter().map(|s| Column {
        label_lang: label_lang.map(str::to_string),
        ..Column::text(&s.label)
    }));
    let mut rows = Vec::with_capacity(years.len());
    for year in &years {
        let mut cells = vec![year.to_string()];
        for map in &by_year {
            cells.push(match map.get(year) {
                Some(TrendPoint {
                    score: Some(s),
                    band,
                    ..
                }) => {
                    format!(
                        "{} ({})",
                        format::percent(*s, lang).map_err(fmt_err)?,
                        words.band(*band)
                    )
                }
                Some(TrendPoint {
                    score: None, band, ..
                }) => words.band(*band).to_string(),
                None => String::new(),
            });
        }
        rows.push(cells);
    }
    Ok(Chart {
        id: spec.id.clone(),
        svg: svg.finish(),
        table: DataTable {
            caption: spec.title.clone(),
            columns,
            rows,
        },
    })
}
