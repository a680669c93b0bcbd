//! The templates: a specimen document (tests/demo) rendered through the
//! built-in layout in both languages, strict undefined behaviour, escaping,
//! and overrides from a directory.

use std::path::{Path, PathBuf};

use seguimiento_report::format::Lang;
use seguimiento_report::templates::{RenderError, Renderer, BUILTIN};
use serde_json::{json, Value};

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("demo")
}

fn model() -> Value {
    let text = std::fs::read_to_string(demo_dir().join("specimen-model.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn render(lang: Lang) -> String {
    let renderer = Renderer::with_overrides(demo_dir()).unwrap();
    renderer
        .render("specimen.html", lang, &model())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A scratch directory of this test process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "seguimiento-templates-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn parse(html: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(html, options)
        .unwrap_or_else(|e| panic!("not well-formed: {e}"))
}

fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.is_text())
        .filter(|n| !n.ancestors().any(|a| a.has_tag_name("style")))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_specimen_renders_as_a_self_contained_document_in_both_languages() {
    for (lang, tag) in [(Lang::EsGt, "es-GT"), (Lang::En, "en")] {
        let html = render(lang);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\""), "{lang}");
        let doc = parse(&html);
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "html");
        assert_eq!(root.attribute("lang"), Some(tag));
        // Nothing left of the template language, nothing printed by mistake.
        for leftover in ["{{", "}}", "{%", "%}", "{#", "#}"] {
            assert!(!html.contains(leftover), "{lang}: {leftover} in the output");
        }
        for text in texts(&doc) {
            let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
            for bad in ["none", "None", "undefined", "null", "NaN", "true", "false"] {
                assert!(!words.contains(&bad), "{lang}: {bad:?} in {text:?}");
            }
        }
        // Self-contained: no script, no external resource, no link.
        for node in doc.descendants() {
            let name = node.tag_name().name();
            assert!(
                !matches!(
                    name,
                    "script" | "link" | "img" | "iframe" | "object" | "embed"
                ),
                "{name}"
            );
            for attr in node.attributes() {
                assert!(!matches!(attr.name(), "src" | "href") && !attr.name().starts_with("on"));
            }
        }
        let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !without_ns.contains("http:") && !without_ns.contains("https:"),
            "{lang}"
        );
        assert!(!html.contains("@import") && !html.contains("@font-face"));
        // Every chart has its title and description, and its table follows.
        let svgs: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("svg"))
            .collect();
        assert_eq!(svgs.len(), 5, "{lang}");
        for svg in &svgs {
            assert_eq!(svg.attribute("role"), Some("img"));
            assert!(svg.children().any(|c| c.has_tag_name("title")));
            assert!(svg.children().any(|c| c.has_tag_name("desc")));
        }
        let tables = doc
            .descendants()
            .filter(|n| n.has_tag_name("table"))
            .count();
        assert_eq!(
            tables,
            5 + 2 + 1,
            "5 chart tables, 2 axis tables, 1 victims table"
        );
        for th in doc.descendants().filter(|n| n.has_tag_name("thead")) {
            assert!(th.descendants().any(|c| c.has_tag_name("th")));
        }
        // Print: A4 pages, a page per chapter, repeated headers, no cut rows.
        for rule in [
            "size: A4",
            ".chapter { break-before: page;",
            "display: table-header-group",
            "break-inside: avoid",
        ] {
            assert!(html.contains(rule), "{rule}");
        }
    }
}

#[test]
fn figures_and_words_are_those_of_each_language() {
    let es = render(Lang::EsGt);
    let en = render(Lang::En);
    for (html, expected) in [
        (
            &es,
            [
                "Informe de avance anual 2010",
                "Datos conocidos al 15 de enero de 2011",
                "Situación al 31 de diciembre de 2010",
                "Período: 2007 al 2017",
                "61.23\u{a0}%",
                "Q\u{a0}1,234,567.50",
                "1,234,567.5",
                "MP: 1,234 informes no presentados",
            ],
        ),
        (
            &en,
            [
                "Annual progress report 2010",
                "Data known as of January 15, 2011",
                "Situation as of December 31, 2010",
                "Period: 2007\u{2009}–\u{2009}2017",
                "61.23\u{a0}%",
                "GTQ\u{a0}1,234,567.50",
                "1,234,567.50",
                "PNC: 1 missing report",
            ],
        ),
    ] {
        for text in expected {
            assert!(html.contains(text), "{text:?} missing");
        }
    }
    assert!(es.contains("▲</span> amarillo</span>") && en.contains("▲</span> yellow</span>"));
    assert!(es.contains("<span class=\"confidential\">confidencial</span>"));
    assert!(en.contains(">confidential</span>"));
    assert!(es.contains("diciembre") && es.contains("enero de 2010"));
    // Never Spain's separators.
    assert!(!es.contains("1.234") && !es.contains("1234,5"));
}

#[test]
fn the_plan_text_is_verbatim_spanish_marked_as_such_in_english() {
    let es = render(Lang::EsGt);
    let en = render(Lang::En);
    let title = "Plan de Acción Estratégico contra la Trata de Personas y Protección Integral a las Víctimas 2007-2017";
    assert!(es.contains(&format!("<p class=\"subtitle\">{title}</p>")));
    assert!(en.contains(&format!(
        "<p class=\"subtitle\"><span lang=\"es\">{title}</span></p>"
    )));
    assert!(
        !es.contains("lang=\"es\""),
        "no marks in a Spanish document"
    );
    // Chart labels and table cells quoting the plan are marked too.
    let doc = parse(&en);
    let marked: Vec<String> = doc
        .descendants()
        .filter(|n| n.attribute("lang") == Some("es"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    for text in [
        "Prevención",
        "Fortalecimiento Institucional",
        "Realizar campañas de divulgación.",
    ] {
        assert!(
            marked.iter().any(|m| m == text),
            "{text} not marked in {marked:?}"
        );
    }
}

#[test]
fn model_text_is_escaped_everywhere() {
    for lang in Lang::ALL {
        let html = render(lang);
        parse(&html);
        assert!(!html.contains("<y>") && !html.contains("<MRE>"));
        assert!(html.contains("instancia responsable &lt;MRE&gt; &amp; otras."));
        assert!(html.contains("Persecución penal &lt;y&gt; sanción &amp; &quot;cooperación&quot;"));
    }
    let renderer = Renderer::new().unwrap();
    let hostile = json!({"x": "</style><script>alert(1)</script>\u{0}"});
    let out = renderer
        .render_str(
            "{% autoescape true %}{{ x }}{% endautoescape %}",
            Lang::EsGt,
            &hostile,
        )
        .unwrap();
    assert_eq!(
        out,
        "&lt;/style&gt;&lt;script&gt;alert(1)&lt;/script&gt;\u{fffd}"
    );
}

#[test]
fn the_same_model_gives_the_same_bytes() {
    assert_eq!(render(Lang::EsGt), render(Lang::EsGt));
    assert_eq!(render(Lang::En), render(Lang::En));
    let renderer = Renderer::with_overrides(demo_dir()).unwrap();
    let a = renderer
        .render("specimen.html", Lang::En, &model())
        .unwrap();
    let b = renderer
        .render("specimen.html", Lang::En, &model())
        .unwrap();
    assert_eq!(a, b);
}

fn error_of(source: &str, model: Value) -> String {
    let renderer = Renderer::new().unwrap();
    match renderer.render_str(source, Lang::EsGt, &model) {
        Ok(out) => panic!("rendered {out:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn strict_templates_fail_loudly() {
    let undefined = error_of("{{ missing }}", json!({}));
    assert!(undefined.contains("undefined"), "{undefined}");
    let attribute = error_of("{{ a.b }}", json!({"a": {}}));
    assert!(attribute.contains("undefined"), "{attribute}");
    let test = error_of("{% if missing %}x{% endif %}", json!({}));
    assert!(test.contains("undefined"), "{test}");
    let none = error_of("{{ x }}", json!({"x": null}));
    assert!(none.contains("cannot print none"), "{none}");
    let float = error_of("{{ x }}", json!({"x": 0.1}));
    assert!(float.contains("cannot print a float"), "{float}");
    let list = error_of("{{ x }}", json!({"x": [1]}));
    assert!(list.contains("cannot print a list or map"), "{list}");
    let key = error_of("{{ t('band-purple') }}", json!({}));
    assert!(
        key.contains("no message \"band-purple\" in the es-GT catalog"),
        "{key}"
    );
    let var = error_of("{{ t('cover-known-on') }}", json!({}));
    assert!(var.contains("cover-known-on"), "{var}");
    let year = error_of("{{ t('cover-year', year=2010) }}", json!({}));
    assert!(year.contains("$year is not a count"), "{year}");
    let float_arg = error_of("{{ t('cover-year', year=2010.5) }}", json!({}));
    assert!(float_arg.contains("pass text"), "{float_arg}");
    let not_number = error_of("{{ x | percent }}", json!({"x": "setenta"}));
    assert!(
        not_number.contains("'setenta' is not a number"),
        "{not_number}"
    );
    let not_date = error_of("{{ x | long_date }}", json!({"x": "31/12/2010"}));
    assert!(not_date.contains("not a date"), "{not_date}");
    let month = error_of("{{ 13 | month_name }}", json!({}));
    assert!(month.contains("month 13"), "{month}");
    let chart = error_of("{{ score_bars({'id': 'Bad Id', 'title': '', 'desc': '', 'label_header': '', 'bars': []}).svg }}", json!({}));
    assert!(chart.contains("chart id \"Bad Id\""), "{chart}");
    let spec = error_of("{{ score_bars({'id': 'a', 'title': ''}).svg }}", json!({}));
    assert!(spec.contains("missing field"), "{spec}");
    let renderer = Renderer::new().unwrap();
    let err = renderer
        .render("no-such.html", Lang::En, &json!({}))
        .unwrap_err();
    assert!(matches!(err, RenderError::Template { .. }), "{err}");
    assert!(
        err.to_string().starts_with("template no-such.html (en):"),
        "{err}"
    );
}

#[test]
fn a_failing_line_is_named_in_the_error() {
    let dir = scratch("line");
    std::fs::write(
        dir.join("doc.html"),
        "{% extends \"base.html\" %}{% block body %}\n<p>ok</p>\n<p>{{ nope }}</p>\n{% endblock %}",
    )
    .unwrap();
    let renderer = Renderer::with_overrides(&dir).unwrap();
    let err = renderer
        .render("doc.html", Lang::EsGt, &json!({}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("doc.html:3"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_override_directory_replaces_templates_and_messages_without_recompiling() {
    let dir = scratch("override");
    std::fs::copy(demo_dir().join("specimen.html"), dir.join("specimen.html")).unwrap();
    let base = BUILTIN.iter().find(|(n, _)| *n == "base.html").unwrap().1;
    let ministry = base.replace(
        "<body>",
        "<body>\n<p class=\"membrete\">Ministerio de Relaciones Exteriores</p>",
    );
    std::fs::write(dir.join("base.html"), ministry).unwrap();
    std::fs::create_dir_all(dir.join("locales").join("es-GT")).unwrap();
    std::fs::write(
        dir.join("locales").join("es-GT").join("main.ftl"),
        "doc-annual-title = Informe anual de avance { $year }\n",
    )
    .unwrap();
    let renderer = Renderer::with_overrides(&dir).unwrap();
    let es = renderer
        .render("specimen.html", Lang::EsGt, &model())
        .unwrap();
    parse(&es);
    assert!(es.contains("<p class=\"membrete\">Ministerio de Relaciones Exteriores</p>"));
    assert!(es.contains("Informe anual de avance 2010"));
    assert!(
        es.contains("size: A4"),
        "report.css is still the built-in one"
    );
    let en = renderer
        .render("specimen.html", Lang::En, &model())
        .unwrap();
    assert!(en.contains("membrete") && en.contains("Annual progress report 2010"));
    // Without the override, the built-in layout.
    let plain = Renderer::with_overrides(demo_dir()).unwrap();
    assert!(!plain
        .render("specimen.html", Lang::EsGt, &model())
        .unwrap()
        .contains("membrete"));
    // An override that breaks the template language fails when rendered,
    // naming the file.
    std::fs::write(dir.join("base.html"), "{% block body %}").unwrap();
    let err = Renderer::with_overrides(&dir)
        .unwrap()
        .render("specimen.html", Lang::EsGt, &model())
        .unwrap_err()
        .to_string();
    assert!(err.contains("base.html"), "{err}");
    // A message the catalogs do not have is refused when the renderer is built.
    std::fs::write(
        dir.join("locales").join("es-GT").join("main.ftl"),
        "titulo-nuevo = X\n",
    )
    .unwrap();
    let err = Renderer::with_overrides(&dir).unwrap_err();
    assert!(matches!(err, RenderError::Catalogs(_)), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
    let err = Renderer::with_overrides(&dir).unwrap_err();
    assert!(matches!(err, RenderError::Overrides { .. }), "{err}");
}

#[test]
fn override_names_cannot_leave_the_directory() {
    let dir = scratch("escape");
    let inner = dir.join("inner");
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::write(dir.join("secret.html"), "secret").unwrap();
    let renderer = Renderer::with_overrides(&inner).unwrap();
    for name in ["../secret.html", "/secret.html", ".secret.html"] {
        let err = renderer
            .render(name, Lang::EsGt, &json!({}))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("not found") || err.contains("template"),
            "{name}: {err}"
        );
        assert!(!err.contains("secret\""), "{err}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_literal_message_key_in_the_templates_exists() {
    let renderer = Renderer::new().unwrap();
    let keys = renderer.catalogs().signatures(Lang::EsGt);
    let specimen = std::fs::read_to_string(demo_dir().join("specimen.html")).unwrap();
    let sources = BUILTIN.iter().map(|(_, s)| s.to_string()).chain([specimen]);
    let mut checked = 0;
    for source in sources {
        for quote in ['"', '\''] {
            let opening = format!("t({quote}");
            for piece in source.split(opening.as_str()).skip(1) {
                let key = piece.split(quote).next().unwrap();
                if piece[key.len() + 1..].trim_start().starts_with('~') {
                    continue; // a key built at render time ("band-" ~ b): rendered above
                }
                assert!(keys.contains_key(key), "t({key:?}) is not in the catalogs");
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked} keys checked");
}
