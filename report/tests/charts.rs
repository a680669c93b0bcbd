//! Every chart at ordinary and edge values: well-formed XML, a title and a
//! description, ids that resolve, escaped labels, the same bytes twice, and a
//! data table that matches the drawing.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use seguimiento_report::charts::{
    gantt, reporting_grid, score_bars, status_bars, trend, ActionStatus, AsOf, Band, Chart,
    ChartError, Gantt, GanttRow, GridRow, Reporting, ReportingGrid, ScoreBar, ScoreBars,
    StatusBars, StatusRow, Threshold, Trend, TrendPoint, TrendSeries, Words,
};
use seguimiento_report::format::Lang;

const NASTY: &str = "Eje <b>\"uno\"</b> & 'dos'\u{0}\u{7} — protección integral a las víctimas";

fn words(lang: Lang) -> Words {
    Words::builtin(lang).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn thresholds() -> Vec<Threshold> {
    vec![
        Threshold {
            at: dec("0.60"),
            band: Band::Yellow,
        },
        Threshold {
            at: dec("0.90"),
            band: Band::Green,
        },
    ]
}

fn score_spec(bars: Vec<ScoreBar>) -> ScoreBars {
    ScoreBars {
        id: "ejes".into(),
        title: "Puntaje por eje".into(),
        desc: "Barras del puntaje de cada eje.".into(),
        label_header: "Eje".into(),
        verbatim_labels: true,
        bars,
        thresholds: thresholds(),
    }
}

fn bar(label: &str, score: Option<&str>, band: Band) -> ScoreBar {
    ScoreBar {
        label: label.into(),
        score: score.map(dec),
        band,
    }
}

/// Parses the SVG and checks what every chart must have; returns the texts.
fn check_svg(chart: &Chart) -> Vec<String> {
    let doc = roxmltree::Document::parse(&chart.svg)
        .unwrap_or_else(|e| panic!("{}: {e}\n{}", chart.id, chart.svg));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(root.attribute("id"), Some(chart.id.as_str()));
    let children: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(children[0].tag_name().name(), "title");
    assert_eq!(children[1].tag_name().name(), "desc");
    let caption = chart.table.caption.replace(
        |c: char| c.is_control() && !"\t\n\r".contains(c),
        "\u{fffd}",
    );
    assert_eq!(children[0].text(), Some(caption.as_str()));
    assert!(!children[1].text().unwrap_or("").is_empty());
    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids in {}", chart.id);
    for id in &ids {
        assert!(
            *id == chart.id || id.starts_with(&format!("{}-", chart.id)),
            "{id}"
        );
    }
    for labelled in root.attribute("aria-labelledby").unwrap().split(' ') {
        assert!(unique.contains(labelled), "{labelled}");
    }
    for node in doc.descendants() {
        for attr in node.attributes() {
            if let Some(rest) = attr.value().strip_prefix("url(#") {
                let target = rest.trim_end_matches(')');
                assert!(
                    unique.contains(target),
                    "{} refers to missing {target}",
                    chart.id
                );
            }
        }
        assert!(!matches!(
            node.tag_name().name(),
            "script" | "foreignObject" | "image" | "a"
        ));
        for attr in [
            "x", "y", "width", "height", "cx", "cy", "r", "x1", "y1", "x2", "y2",
        ] {
            if let Some(v) = node.attribute(attr) {
                let v: f64 = v
                    .parse()
                    .unwrap_or_else(|_| panic!("{}: {attr}={v:?}", chart.id));
                assert!(v.is_finite(), "{}: {attr}={v}", chart.id);
            }
        }
        assert!(node
            .attributes()
            .all(|a| !a.name().starts_with("on") && a.name() != "href"));
    }
    let viewbox: Vec<f64> = root
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(viewbox[2] > 0.0 && viewbox[3] > 0.0);
    for row in &chart.table.rows {
        assert_eq!(row.len(), chart.table.columns.len(), "{}", chart.id);
    }
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect::<String>()
        })
        .collect()
}

fn count(svg: &str, needle: &str) -> usize {
    svg.matches(needle).count()
}

#[test]
fn score_bars_show_each_band_by_word_shape_and_colour() {
    let spec = score_spec(vec![
        bar("Fortalecimiento Institucional", Some("0.95"), Band::Green),
        bar("Prevención", Some("0.734512"), Band::Yellow),
        bar("Atención Integral a las Víctimas", Some("0"), Band::Red),
        bar("Persecución penal", None, Band::None),
        bar("Cooperación", Some("1"), Band::Green),
    ]);
    let chart = score_bars(&spec, &words(Lang::EsGt)).unwrap();
    let texts = check_svg(&chart);
    for word in ["verde", "amarillo", "rojo", "sin puntaje"] {
        assert!(texts.iter().any(|t| t == word), "{word} in {texts:?}");
    }
    assert!(texts.contains(&"73.45\u{a0}%".to_string()));
    assert!(texts.contains(&"100.00\u{a0}%".to_string()));
    // No score: the shape and word alone in the drawing, "sin dato" in the table.
    assert!(!texts.contains(&"sin dato".to_string()));
    // Shapes: ● for the two greens and the green threshold, ▲ for the yellow
    // bar and threshold, ■ red, ◇ none (a polygon like ▲).
    assert_eq!(count(&chart.svg, "<circle"), 3);
    assert_eq!(count(&chart.svg, "fill=\"#F0E442\" stroke"), 2 + 1); // 2 triangles + the yellow bar
    assert_eq!(count(&chart.svg, "fill=\"#D55E00\" stroke"), 1 + 1); // the square + the red bar (width 0)
    assert_eq!(
        chart.table.rows,
        vec![
            vec!["Fortalecimiento Institucional", "95.00\u{a0}%", "verde"],
            vec!["Prevención", "73.45\u{a0}%", "amarillo"],
            vec!["Atención Integral a las Víctimas", "0.00\u{a0}%", "rojo"],
            vec!["Persecución penal", "sin dato", "sin puntaje"],
            vec!["Cooperación", "100.00\u{a0}%", "verde"],
        ]
    );
    // Thresholds are labelled with their value.
    assert!(
        texts.contains(&"60.00\u{a0}%".to_string()) && texts.contains(&"90.00\u{a0}%".to_string())
    );
}

#[test]
fn verbatim_spanish_labels_are_marked_in_english_only() {
    let spec = score_spec(vec![bar("Prevención", Some("0.5"), Band::Red)]);
    let en = score_bars(&spec, &words(Lang::En)).unwrap();
    assert!(
        en.svg.contains("lang=\"es\">Prevención</text>"),
        "{}",
        en.svg
    );
    assert!(en.svg.contains("lang=\"en\""));
    assert_eq!(en.table.columns[0].cells_lang.as_deref(), Some("es"));
    assert_eq!(en.table.rows[0][2], "red");
    let es = score_bars(&spec, &words(Lang::EsGt)).unwrap();
    assert!(!es.svg.contains("lang=\"es\""));
    assert_eq!(es.table.columns[0].cells_lang, None);
}

#[test]
fn labels_are_escaped_and_long_ones_shortened_with_the_full_text_kept() {
    let long = NASTY.repeat(20);
    let spec = score_spec(vec![bar(&long, Some("0.5"), Band::Red)]);
    let chart = score_bars(&spec, &words(Lang::EsGt)).unwrap();
    let texts = check_svg(&chart);
    assert!(!chart.svg.contains("<b>"));
    assert!(chart
        .svg
        .contains("&lt;b&gt;&quot;uno&quot;&lt;/b&gt; &amp; &#39;dos&#39;\u{fffd}\u{fffd}"));
    let shown = texts
        .iter()
        .find(|t| t.starts_with("Eje <b>"))
        .expect("label drawn");
    assert!(
        shown.ends_with('…') && shown.chars().count() <= 34,
        "{shown}"
    );
    let doc = roxmltree::Document::parse(&chart.svg).unwrap();
    let tooltip = doc
        .descendants()
        .find(|n| n.has_tag_name("title") && n.parent().is_some_and(|p| p.has_tag_name("text")))
        .expect("tooltip with the full label");
    assert_eq!(
        tooltip.text().unwrap(),
        long.replace(['\u{0}', '\u{7}'], "\u{fffd}")
    );
    assert_eq!(
        chart.table.rows[0][0], long,
        "the table has the label as given"
    );
    // Titles and descriptions are escaped too.
    let spec = ScoreBars {
        title: NASTY.into(),
        desc: NASTY.into(),
        ..score_spec(vec![])
    };
    check_svg(&score_bars(&spec, &words(Lang::En)).unwrap());
}

#[test]
fn empty_charts_still_say_what_they_are() {
    let en = words(Lang::En);
    let charts = [
        score_bars(&score_spec(vec![]), &en).unwrap(),
        status_bars(&status_spec(vec![]), &en).unwrap(),
        reporting_grid(&grid_spec(0, 0), &en).unwrap(),
        reporting_grid(&grid_spec(3, 0), &en).unwrap(),
        gantt(&gantt_spec(vec![], None), &en).unwrap(),
        trend(&trend_spec(vec![]), &en).unwrap(),
        trend(
            &trend_spec(vec![TrendSeries {
                label: "Plan".into(),
                points: vec![],
            }]),
            &en,
        )
        .unwrap(),
    ];
    for chart in &charts {
        let texts = check_svg(chart);
        assert!(
            texts.iter().any(|t| t == "no data"),
            "{}: {texts:?}",
            chart.id
        );
    }
}

fn status_spec(rows: Vec<StatusRow>) -> StatusBars {
    StatusBars {
        id: "estado".into(),
        title: "Acciones por estado".into(),
        desc: "Barras apiladas.".into(),
        label_header: "Eje".into(),
        verbatim_labels: false,
        rows,
    }
}

fn status_row(label: &str, c: u64, p: u64, o: u64, n: u64) -> StatusRow {
    StatusRow {
        label: label.into(),
        completed: c,
        in_progress: p,
        overdue: o,
        not_started: n,
    }
}

#[test]
fn status_bars_stack_counts_with_patterns_and_a_legend() {
    let spec = status_spec(vec![
        status_row("Plan", 12, 30, 5, 3),
        status_row("Eje 1", 0, 0, 0, 0),
        status_row("Eje 2", 1, 0, 0, 0),
        status_row("Eje 3", u64::MAX, 1, 0, 0),
    ]);
    let chart = status_bars(&spec, &words(Lang::EsGt)).unwrap();
    let texts = check_svg(&chart);
    for word in ["cumplida", "en ejecución", "atrasada", "no iniciada"] {
        assert!(texts.iter().any(|t| t == word), "legend {word}");
    }
    assert!(
        chart.svg.contains("url(#estado-overdue)")
            && chart.svg.contains("url(#estado-not-started)")
    );
    assert_eq!(chart.table.rows[0], ["Plan", "12", "30", "5", "3"]);
    assert_eq!(chart.table.rows[3][1], "18,446,744,073,709,551,615");
    assert_eq!(chart.table.columns[1].label, "cumplida");
    assert!(chart.table.columns[1].numeric);
}

fn grid_spec(rows: usize, months: usize) -> ReportingGrid {
    let states = [
        Some(Reporting::OnTime),
        Some(Reporting::Late),
        Some(Reporting::Missing),
        Some(Reporting::NotDue),
        None,
    ];
    ReportingGrid {
        id: "entregas".into(),
        title: "Entrega de informes".into(),
        desc: "Instituciones por meses.".into(),
        row_header: "Institución".into(),
        verbatim_labels: true,
        columns: (0..months).map(|m| format!("mes {m}")).collect(),
        rows: (0..rows)
            .map(|r| GridRow {
                label: format!("Institución número {r}"),
                cells: (0..months)
                    .map(|m| states[(r + m) % states.len()])
                    .collect(),
            })
            .collect(),
    }
}

#[test]
fn reporting_grid_marks_each_state_and_scales_to_340_rows() {
    let chart = reporting_grid(&grid_spec(340, 24), &words(Lang::EsGt)).unwrap();
    let texts = check_svg(&chart);
    assert_eq!(chart.table.rows.len(), 340);
    assert_eq!(chart.table.columns.len(), 25);
    assert_eq!(
        chart.table.rows[0][1..6],
        ["a tiempo", "tarde", "no presentado", "aún no vence", ""]
    );
    for word in ["a tiempo", "tarde", "no presentado", "aún no vence"] {
        assert!(texts.iter().any(|t| t == word), "legend {word}");
    }
    let doc = roxmltree::Document::parse(&chart.svg).unwrap();
    let height: f64 = doc
        .root_element()
        .attribute("height")
        .unwrap()
        .parse()
        .unwrap();
    assert!(height > 340.0 * 20.0);
    // 24 months fit: the chart is wider than usual only when needed.
    let width: f64 = doc
        .root_element()
        .attribute("width")
        .unwrap()
        .parse()
        .unwrap();
    assert!(width >= 680.0);
    let wide = reporting_grid(&grid_spec(2, 60), &words(Lang::EsGt)).unwrap();
    check_svg(&wide);
    let doc = roxmltree::Document::parse(&wide.svg).unwrap();
    let wide_width: f64 = doc
        .root_element()
        .attribute("width")
        .unwrap()
        .parse()
        .unwrap();
    assert!(wide_width > 60.0 * 20.0);
}

#[test]
fn reporting_grid_refuses_rows_that_do_not_match_the_columns() {
    let mut spec = grid_spec(3, 4);
    spec.rows[2].cells.pop();
    let err = reporting_grid(&spec, &words(Lang::EsGt)).unwrap_err();
    assert_eq!(
        err,
        ChartError::Shape {
            chart: "entregas".into(),
            row: 2,
            expected: 4,
            got: 3
        }
    );
    assert_eq!(
        err.to_string(),
        "chart entregas: row 2 has 3 cells for 4 columns"
    );
}

fn gantt_spec(rows: Vec<GanttRow>, as_of: Option<NaiveDate>) -> Gantt {
    Gantt {
        id: "plazos".into(),
        title: "Plazos".into(),
        desc: "Barras por plazo.".into(),
        row_header: "Acción".into(),
        verbatim_labels: false,
        first_year: 2007,
        last_year: 2017,
        as_of: as_of.map(|date| AsOf {
            date,
            label: format!("Al {date}"),
        }),
        rows,
    }
}

fn plazo(label: &str, start: i32, end: i32, status: Option<ActionStatus>) -> GanttRow {
    GanttRow {
        label: label.into(),
        start_year: start,
        end_year: end,
        status,
    }
}

#[test]
fn gantt_draws_plazos_and_the_as_of_line() {
    let rows = vec![
        plazo("E1.L1.M1.A1", 2007, 2007, Some(ActionStatus::Completed)),
        plazo("E1.L1.M2.A1", 2007, 2017, Some(ActionStatus::InProgress)),
        plazo("E2.L1.M1.A1", 2008, 2010, Some(ActionStatus::Overdue)),
        plazo("E3.L1.M1.A1", 2012, 2017, Some(ActionStatus::NotStarted)),
        plazo("E4.L1.M1.A1", 2009, 2011, None),
    ];
    let date = NaiveDate::from_ymd_opt(2010, 12, 31).unwrap();
    let chart = gantt(&gantt_spec(rows.clone(), Some(date)), &words(Lang::EsGt)).unwrap();
    let texts = check_svg(&chart);
    assert!(texts.contains(&"Al 2010-12-31".to_string()));
    for y in 2007..=2017 {
        assert!(texts.contains(&y.to_string()), "{y}");
    }
    assert_eq!(
        chart.table.rows[2],
        ["E2.L1.M1.A1", "2008", "2010", "atrasada"]
    );
    assert_eq!(chart.table.rows[4][3], "");
    // An as-of date after the plan widens the axis to its year.
    let late = NaiveDate::from_ymd_opt(2019, 3, 1).unwrap();
    let chart = gantt(&gantt_spec(rows, Some(late)), &words(Lang::En)).unwrap();
    let texts = check_svg(&chart);
    assert!(texts.contains(&"2019".to_string()));
}

#[test]
fn gantt_refuses_plazos_that_cannot_be_drawn() {
    let en = words(Lang::En);
    let reversed = gantt(&gantt_spec(vec![plazo("A", 2010, 2009, None)], None), &en).unwrap_err();
    assert_eq!(
        reversed.to_string(),
        "chart plazos: row 0 (A): plazo 2010..2009 ends before it starts"
    );
    let outside = gantt(&gantt_spec(vec![plazo("B", 2006, 2009, None)], None), &en).unwrap_err();
    assert!(
        outside.to_string().contains("outside the axis 2007..2017"),
        "{outside}"
    );
    let far = NaiveDate::from_ymd_opt(9000, 1, 1).unwrap();
    let too_long = gantt(&gantt_spec(vec![], Some(far)), &en).unwrap_err();
    assert!(matches!(too_long, ChartError::Range { .. }), "{too_long}");
}

fn trend_spec(series: Vec<TrendSeries>) -> Trend {
    Trend {
        id: "tendencia".into(),
        title: "Puntaje año por año".into(),
        desc: "Una línea por serie.".into(),
        verbatim_labels: true,
        series,
        thresholds: thresholds(),
    }
}

fn point(year: i32, score: Option<&str>, band: Band) -> TrendPoint {
    TrendPoint {
        year,
        score: score.map(dec),
        band,
    }
}

#[test]
fn trend_breaks_the_line_at_missing_years() {
    let plan = TrendSeries {
        label: "Plan".into(),
        points: vec![
            point(2008, Some("0.40"), Band::Red),
            point(2007, Some("0"), Band::Red),
            point(2009, None, Band::None),
            point(2010, Some("0.65"), Band::Yellow),
            point(2011, Some("0.91"), Band::Green),
            // 2012 absent
            point(2013, Some("1"), Band::Green),
        ],
    };
    let axis = TrendSeries {
        label: "Prevención".into(),
        points: vec![point(2010, Some("0.5"), Band::Red)],
    };
    let chart = trend(&trend_spec(vec![plan, axis]), &words(Lang::EsGt)).unwrap();
    check_svg(&chart);
    // Runs: 2007–2008 and 2010–2011; 2013 and the axis's one year are points.
    assert_eq!(count(&chart.svg, "<polyline"), 2);
    assert_eq!(chart.table.columns[1].label, "Plan");
    let years: Vec<&str> = chart.table.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(years, ["2007", "2008", "2009", "2010", "2011", "2013"]);
    assert_eq!(chart.table.rows[2][1], "sin puntaje");
    assert_eq!(
        chart.table.rows[3],
        ["2010", "65.00\u{a0}% (amarillo)", "50.00\u{a0}% (rojo)"]
    );
    assert_eq!(chart.table.rows[0][2], "");
}

#[test]
fn trend_with_one_year_and_a_duplicate() {
    let one = TrendSeries {
        label: "Plan".into(),
        points: vec![point(2010, Some("0.5"), Band::Red)],
    };
    let chart = trend(&trend_spec(vec![one]), &words(Lang::En)).unwrap();
    check_svg(&chart);
    assert_eq!(count(&chart.svg, "<polyline"), 0);
    assert_eq!(chart.table.rows, vec![vec!["2010", "50.00\u{a0}% (red)"]]);
    let twice = TrendSeries {
        label: "Plan".into(),
        points: vec![
            point(2010, Some("0.5"), Band::Red),
            point(2010, None, Band::None),
        ],
    };
    let err = trend(&trend_spec(vec![twice]), &words(Lang::En)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "chart tendencia: series 0 has year 2010 twice"
    );
}

#[test]
fn out_of_range_scores_are_drawn_at_the_edge_and_written_as_given() {
    let spec = score_spec(vec![
        bar("Más de uno", Some("1.5"), Band::Green),
        bar("Negativo", Some("-0.25"), Band::Red),
    ]);
    let chart = score_bars(&spec, &words(Lang::EsGt)).unwrap();
    check_svg(&chart);
    assert_eq!(chart.table.rows[0][1], "150.00\u{a0}%");
    assert_eq!(chart.table.rows[1][1], "-25.00\u{a0}%");
    let huge = score_spec(vec![bar(
        "Enorme",
        Some("79228162514264337593543950335"),
        Band::Green,
    )]);
    let err = score_bars(&huge, &words(Lang::EsGt)).unwrap_err();
    assert!(matches!(err, ChartError::Format { .. }), "{err}");
}

#[test]
fn bad_ids_are_refused_by_every_chart() {
    let en = words(Lang::En);
    let bad = "Ejes 2010";
    let id_err = |e: ChartError| assert_eq!(e, ChartError::Id(bad.into()));
    id_err(
        score_bars(
            &ScoreBars {
                id: bad.into(),
                ..score_spec(vec![])
            },
            &en,
        )
        .unwrap_err(),
    );
    id_err(
        status_bars(
            &StatusBars {
                id: bad.into(),
                ..status_spec(vec![])
            },
            &en,
        )
        .unwrap_err(),
    );
    id_err(
        reporting_grid(
            &ReportingGrid {
                id: bad.into(),
                ..grid_spec(1, 1)
            },
            &en,
        )
        .unwrap_err(),
    );
    id_err(
        gantt(
            &Gantt {
                id: bad.into(),
                ..gantt_spec(vec![], None)
            },
            &en,
        )
        .unwrap_err(),
    );
    id_err(
        trend(
            &Trend {
                id: bad.into(),
                ..trend_spec(vec![])
            },
            &en,
        )
        .unwrap_err(),
    );
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let en = words(Lang::En);
    let draw = || {
        let date = NaiveDate::from_ymd_opt(2010, 6, 30).unwrap();
        [
            score_bars(
                &score_spec(vec![
                    bar("A", Some("0.123456"), Band::Red),
                    bar("B", None, Band::None),
                ]),
                &en,
            )
            .unwrap(),
            status_bars(&status_spec(vec![status_row("Plan", 3, 2, 1, 7)]), &en).unwrap(),
            reporting_grid(&grid_spec(7, 12), &en).unwrap(),
            gantt(
                &gantt_spec(vec![plazo("A", 2007, 2010, None)], Some(date)),
                &en,
            )
            .unwrap(),
            trend(
                &trend_spec(vec![TrendSeries {
                    label: "Plan".into(),
                    points: (2007..=2017)
                        .map(|y| point(y, Some("0.5"), Band::Red))
                        .collect(),
                }]),
                &en,
            )
            .unwrap(),
        ]
    };
    let (first, second) = (draw(), draw());
    assert_eq!(first, second);
    // Specs read from JSON (as a report model carries them) draw the same.
    let spec = score_spec(vec![
        bar("A", Some("0.123456"), Band::Red),
        bar("B", None, Band::None),
    ]);
    let json = serde_json::to_string(&spec).unwrap();
    let back: ScoreBars = serde_json::from_str(&json).unwrap();
    assert_eq!(score_bars(&back, &en).unwrap(), first[0]);
    assert!(serde_json::from_str::<ScoreBars>(&json.replace("\"bars\"", "\"barras\"")).is_err());
}
