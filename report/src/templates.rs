//! HTML documents from templates: minijinja (Jinja2 syntax), compiled in,
//! overridable from a directory at run time.
//!
//! A [`Renderer`] renders a named template for a language with a model (any
//! serde value: its fields are the template's variables). Undefined
//! variables are errors (strict mode), and so is printing a `none`, a float
//! or a whole list or map: a report never shows `none`, `0.30000000000000004`
//! or `[...]` by accident. HTML templates (`.html`) are escaped
//! automatically; the kit's own markup (charts, [`plan_text`](#filters)) is
//! marked safe.
//!
//! # Overrides
//!
//! [`Renderer::with_overrides`] takes a directory. A template there with the
//! name of a built-in (`base.html`, `report.css`, `components.html`) is used
//! instead of it; other templates there (a ministry's own documents or
//! partials) can be rendered or included by name. A `locales/es-GT/main.ftl`
//! or `locales/en/main.ftl` there rewords messages of the catalogs (see
//! [`Catalogs::with_overrides`]). Nothing is recompiled.
//!
//! # What templates can use
//!
//! Globals: `lang` (`"es-GT"` or `"en"`) and `spanish` (true in es-GT).
//!
//! Functions:
//! - `t(key, **vars)`: a message of the catalogs; vars are text (use the
//!   filters below first) or integer counts (`count=3`).
//! - `year_range(start, end)`, `month_year(year, month)`.
//! - `score_bars(spec)`, `status_bars(spec)`, `reporting_grid(spec)`,
//!   `gantt(spec)`, `trend(spec)`: a chart (see [`crate::charts`]) as
//!   `{id, svg, table}`; `svg` is safe markup, `table` a
//!   [`DataTable`](crate::charts::DataTable). `components.html`'s
//!   `figure(chart)` prints both.
//!
//! Filters (numbers may be integers, floats or decimal strings such as the
//! scorecard's `"0.734512"`):
//! - `number` (CLDR's `#,##0.###`) or `number(2)` (exactly 2 decimals),
//! - `percent` (a score: `73.45 %`), `points` (a change of scores: `+0.80 pp`,
//!   `+0.80 p. p.`), `money` (`Q 1,234.50`),
//! - `long_date` (`"2010-12-31"` → `31 de diciembre de 2010`),
//! - `month_name`, `month_abbr` (1 to 12),
//! - `plan_text`: the plan's own Spanish, wrapped in `<span lang="es">` when
//!   the document is not in Spanish,
//! - `css_string`: a CSS string literal (for `content:` in the stylesheet),
//! - `data_uri`: text percent-encoded for a `data:` URI (a download carried
//!   inside the document: `href="data:text/csv;charset=utf-8,{{ csv | data_uri }}"`).
//!
//! ```
//! use seguimiento_report::format::Lang;
//! use seguimiento_report::templates::Renderer;
//!
//! let renderer = Renderer::new()?;
//! let html = renderer.render_str(
//!     "{{ t('cover-known-on', date=known_on | long_date) }}: {{ score | percent }}",
//!     Lang::EsGt,
//!     &serde_json::json!({"known_on": "2011-01-15", "score": "0.734512"}),
//! )?;
//! assert_eq!(html, "Datos conocidos al 15 de enero de 2011: 73.45\u{a0}%");
//! # Ok::<(), seguimiento_report::templates::RenderError>(())
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use chrono::NaiveDate;
use minijinja::value::{Kwargs, Serde, Value, ValueKind};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior};
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::charts::{self, Chart, ChartError, Words};
use crate::format::{self, FormatError, Lang};
use crate::i18n::{Arg, Catalogs, I18nError};

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    (
        "components.html",
        include_str!("../templates/components.html"),
    ),
    ("report.css", include_str!("../templates/report.css")),
    (
        "documents.html",
        include_str!("../templates/documents.html"),
    ),
    ("annual.html", include_str!("../templates/annual.html")),
    (
        "evaluation.html",
        include_str!("../templates/evaluation.html"),
    ),
];

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// A template failed: its name, line and reason.
    #[error("template {template} ({lang}): {detail}")]
    Template {
        /// The template rendered.
        template: String,
        /// The language.
        lang: Lang,
        /// minijinja's message with its chain of causes.
        detail: String,
    },
    /// The catalogs (built-in or overridden) could not be loaded.
    #[error(transparent)]
    Catalogs(#[from] I18nError),
    /// The override directory is not usable.
    #[error("template overrides {}: {reason}", path.display())]
    Overrides {
        /// The directory.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// Renders documents in both languages.
pub struct Renderer {
    es: Environment<'static>,
    en: Environment<'static>,
    catalogs: Arc<Catalogs>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").finish_non_exhaustive()
    }
}

impl Renderer {
    /// The built-in templates and catalogs.
    pub fn new() -> Result<Renderer, RenderError> {
        Renderer::build(None, Arc::new(Catalogs::builtin()?))
    }

    /// The built-in templates and catalogs, with the templates of `dir` (and
    /// its `locales/`, if any) in place of the built-in ones.
    pub fn with_overrides(dir: impl AsRef<Path>) -> Result<Renderer, RenderError> {
        let dir = dir.as_ref();
        if !dir.is_dir() {
            return Err(RenderError::Overrides {
                path: dir.to_path_buf(),
                reason: "not a directory".to_string(),
            });
        }
        let locales = dir.join("locales");
        let catalogs = if locales.is_dir() {
            Catalogs::with_overrides(&locales)?
        } else {
            Catalogs::builtin()?
        };
        Renderer::build(Some(dir.to_path_buf()), Arc::new(catalogs))
    }

    fn build(dir: Option<PathBuf>, catalogs: Arc<Catalogs>) -> Result<Renderer, RenderError> {
        Ok(Renderer {
            es: environment(Lang::EsGt, dir.clone(), Arc::clone(&catalogs))?,
            en: environment(Lang::En, dir, Arc::clone(&catalogs))?,
            catalogs,
        })
    }

    /// Renders the template `name` in `lang`; the model's fields are the
    /// template's variables.
    pub fn render<M: Serialize>(
        &self,
        name: &str,
        lang: Lang,
        model: &M,
    ) -> Result<String, RenderError> {
        let env = self.env(lang);
        let fail = |e: Error| RenderError::Template {
            template: name.to_string(),
            lang,
            detail: describe(&e),
        };
        let template = env.get_template(name).map_err(fail)?;
        template.render(Value::from(Serde(model))).map_err(fail)
    }

    /// Renders a template given as text (named `<string>`, not escaped: use
    /// it for snippets and tests, and [`Renderer::render`] for documents).
    pub fn render_str<M: Serialize>(
        &self,
        source: &str,
        lang: Lang,
        model: &M,
    ) -> Result<String, RenderError> {
        self.env(lang)
            .render_str(source, Value::from(Serde(model)))
            .map_err(|e| RenderError::Template {
                template: "<string>".to_string(),
                lang,
                detail: describe(&e),
            })
    }

    /// The catalogs this renderer uses (with the overrides, if any).
    pub fn catalogs(&self) -> &Catalogs {
        &self.catalogs
    }

    fn env(&self, lang: Lang) -> &Environment<'static> {
        match lang {
            Lang::EsGt => &self.es,
            Lang::En => &self.en,
        }
    }
}

/// minijinja's message with the chain of its causes (the line of the
/// template that failed is in the first).
fn describe(e: &Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, message.into())
}

fn format_error(what: &str, e: FormatError) -> Error {
    invalid(format!("{what}: {e}"))
}

fn chart_error(e: ChartError) -> Error {
    invalid(e.to_string())
}

fn i18n_error(e: I18nError) -> Error {
    invalid(e.to_string())
}

/// Reads a number from a template value: an integer, a float (by its
/// shortest decimal form) or a decimal string.
fn decimal(filter: &str, value: &Value) -> Result<Decimal, Error> {
    let refuse = || invalid(format!("{filter}: {value:?} is not a number"));
    if value.is_integer() {
        let n = i128::try_from(value.clone()).map_err(|_| refuse())?;
        // `from_i128` is None beyond 96 bits, where `From` would panic.
        return Decimal::from_i128(n).ok_or_else(refuse);
    }
    if value.is_number() {
        let f = f64::try_from(value.clone()).map_err(|_| refuse())?;
        return Decimal::from_str(&f.to_string())
            .or_else(|_| Decimal::from_scientific(&format!("{f:e}")))
            .map_err(|_| refuse());
    }
    match value.as_str() {
        Some(s) => Decimal::from_str(s.trim())
            .or_else(|_| Decimal::from_scientific(s.trim()))
            .map_err(|_| refuse()),
        None => Err(refuse()),
    }
}

fn month(filter: &str, value: &Value) -> Result<u32, Error> {
    value
        .as_i64()
        .and_then(|m| u32::try_from(m).ok())
        .ok_or_else(|| invalid(format!("{filter}: {value:?} is not a month number")))
}

fn year(what: &str, value: &Value) -> Result<i32, Error> {
    value
        .as_i64()
        .and_then(|y| i32::try_from(y).ok())
        .ok_or_else(|| invalid(format!("{what}: {value:?} is not a year")))
}

/// Escapes text for HTML the way the charts escape SVG (characters HTML
/// cannot hold become U+FFFD).
fn html_escape(text: &str) -> String {
    charts::escape_xml(text)
}

/// A string as a CSS string literal: quotes, backslashes, line breaks and
/// `<` escaped, so that nothing can close the `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:X} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:X} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text percent-encoded for the data part of a `data:` URI in an HTML
/// attribute: every byte but unreserved ASCII letters, digits and `-._~,;:/=+()*!@|`
/// becomes `%XX` (UTF-8 bytes), so nothing can close the attribute.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~,;:/=+()*!@|".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The file of template `name` under `dir`, or none for a name that could
/// leave the directory or name a hidden file (`..`, `.x`, `a\\b`, `C:`).
fn safe_join(dir: &Path, name: &str) -> Option<PathBuf> {
    let mut path = dir.to_path_buf();
    for segment in name.split('/') {
        let bad =
            segment.is_empty() || segment.starts_with('.') || segment.contains(['\\', ':', '\0']);
        if bad {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

fn chart_value(chart: Chart) -> Value {
    let mut map = BTreeMap::new();
    map.insert("id".to_string(), Value::from(chart.id));
    map.insert("svg".to_string(), Value::from_safe_string(chart.svg));
    map.insert("table".to_string(), Value::from(Serde(chart.table)));
    Value::from(map)
}

fn environment(
    lang: Lang,
    dir: Option<PathBuf>,
    catalogs: Arc<Catalogs>,
) -> Result<Environment<'static>, RenderError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_loader(move |name| {
        if let Some(dir) = &dir {
            if let Some(path) = safe_join(dir, name) {
                match std::fs::read_to_string(&path) {
                    Ok(text) => return Ok(Some(text)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(invalid(format!("cannot read {}: {e}", path.display())));
                    }
                }
            }
        }
        Ok(BUILTIN
            .iter()
            .find(|(builtin, _)| *builtin == name)
            .map(|(_, source)| source.to_string()))
    });
    env.set_formatter(|out, state, value| {
        let refuse = |what: &str| {
            Err(invalid(format!(
                "cannot print {what} ({value:?}): test it, or format it with a filter"
            )))
        };
        match value.kind() {
            ValueKind::None => return refuse("none"),
            ValueKind::Seq | ValueKind::Map | ValueKind::Iterable | ValueKind::Plain => {
                return refuse("a list or map")
            }
            ValueKind::Number if !value.is_integer() => return refuse("a float"),
            _ => {}
        }
        let text = value.to_string();
        let written = if value.is_safe() || *state.auto_escape() != AutoEscape::Html {
            out.write_str(&text)
        } else {
            out.write_str(&html_escape(&text))
        };
        written.map_err(|e| invalid(format!("write failed: {e}")))
    });
    env.add_global("lang", lang.tag());
    env.add_global("spanish", lang == Lang::EsGt);

    let words = Words::from_catalogs(&catalogs, lang)?;
    let c = Arc::clone(&catalogs);
    env.add_function("t", move |key: &str, vars: Kwargs| -> Result<String, Error> {
        let mut args = Vec::new();
        for name in vars.args() {
            let value: Value = vars.get(name)?;
            let arg = if value.is_integer() {
                let n = value
                    .as_i64()
                    .ok_or_else(|| invalid(format!("t({key:?}): {name} = {value} is too large")))?;
                Arg::Int(n)
            } else if let Some(s) = value.as_str() {
                Arg::Text(s.to_string())
            } else {
                return Err(invalid(format!(
                    "t({key:?}): {name} = {value:?}: pass text (format numbers and dates with a filter first) or an integer count"
                )));
            };
            args.push((name, arg));
        }
        c.message(lang, key, &args).map_err(i18n_error)
    });
    env.add_function(
        "year_range",
        move |start: Value, end: Value| -> Result<String, Error> {
            format::year_range(year("year_range", &start)?, year("year_range", &end)?, lang)
                .map_err(|e| format_error("year_range", e))
        },
    );
    env.add_function(
        "month_year",
        move |y: Value, m: Value| -> Result<String, Error> {
            format::month_year(year("month_year", &y)?, month("month_year", &m)?, lang)
                .map_err(|e| format_error("month_year", e))
        },
    );
    let w = words.clone();
    env.add_function("score_bars", move |spec: Serde<charts::ScoreBars>| {
        charts::score_bars(&spec, &w)
            .map(chart_value)
            .map_err(chart_error)
    });
    let w = words.clone();
    env.add_function("status_bars", move |spec: Serde<charts::StatusBars>| {
        charts::status_bars(&spec, &w)
            .map(chart_value)
            .map_err(chart_error)
    });
    let w = words.clone();
    env.add_function(
        "reporting_grid",
        move |spec: Serde<charts::ReportingGrid>| {
            charts::reporting_grid(&spec, &w)
                .map(chart_value)
                .map_err(chart_error)
        },
    );
    let w = words.clone();
    env.add_function("gantt", move |spec: Serde<charts::Gantt>| {
        charts::gantt(&spec, &w)
            .map(chart_value)
            .map_err(chart_error)
    });
    let w = words;
    env.add_function("trend", move |spec: Serde<charts::Trend>| {
        charts::trend(&spec, &w)
            .map(chart_value)
            .map_err(chart_error)
    });

    env.add_filter(
        "number",
        move |value: Value, places: Option<u32>| -> Result<String, Error> {
            let d = decimal("number", &value)?;
            match places {
                None => Ok(format::number(d, lang)),
                Some(p) => format::fixed(d, p, lang).map_err(|e| format_error("number", e)),
            }
        },
    );
    env.add_filter("percent", move |value: Value| -> Result<String, Error> {
        format::percent(decimal("percent", &value)?, lang).map_err(|e| format_error("percent", e))
    });
    env.add_filter("points", move |value: Value| -> Result<String, Error> {
        format::points(decimal("points", &value)?, lang).map_err(|e| format_error("points", e))
    });
    env.add_filter("money", move |value: Value| -> Result<String, Error> {
        Ok(format::money(decimal("money", &value)?, lang))
    });
    env.add_filter("long_date", move |value: Value| -> Result<String, Error> {
        let date = value
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .ok_or_else(|| invalid(format!("long_date: {value:?} is not a date (YYYY-MM-DD)")))?;
        Ok(format::long_date(date, lang))
    });
    env.add_filter("month_name", move |value: Value| -> Result<String, Error> {
        format::month_name(month("month_name", &value)?, lang)
            .map(str::to_string)
            .map_err(|e| format_error("month_name", e))
    });
    env.add_filter("month_abbr", move |value: Value| -> Result<String, Error> {
        format::month_abbr(month("month_abbr", &value)?, lang)
            .map(str::to_string)
            .map_err(|e| format_error("month_abbr", e))
    });
    env.add_filter("plan_text", move |text: &str| -> Value {
        let escaped = html_escape(text);
        Value::from_safe_string(match lang {
            Lang::EsGt => escaped,
            _ => format!("<span lang=\"es\">{escaped}</span>"),
        })
    });
    env.add_filter("data_uri", |text: &str| {
        Value::from_safe_string(percent_encode(text))
    });
    env.add_filter("css_string", |text: &str| {
        Value::from_safe_string(css_string(text))
    });
    Ok(env)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_close_the_style_element() {
        assert_eq!(css_string("Página"), "\"Página\"");
        assert_eq!(
            css_string("a\"b\\</style>"),
            "\"a\\22 b\\5C \\3C /style\\3E \""
        );
        assert_eq!(css_string("x\ny"), "\"x\\A y\"");
    }

    #[test]
    fn data_uris_cannot_close_their_attribute() {
        assert_eq!(
            percent_encode("a,b\n\"x\"<&>ñ"),
            "a,b%0A%22x%22%3C%26%3E%C3%B1"
        );
        assert_eq!(percent_encode("key|2010;total"), "key|2010;total");
    }

    #[test]
    fn override_paths_stay_inside_their_directory() {
        let dir = Path::new("/srv/plantillas");
        assert_eq!(safe_join(dir, "base.html"), Some(dir.join("base.html")));
        assert_eq!(
            safe_join(dir, "partes/portada.html"),
            Some(dir.join("partes").join("portada.html"))
        );
        for bad in [
            "../x.html",
            "a/../../x",
            "/etc/passwd",
            ".hidden",
            "a\\b",
            "C:x",
            "",
            "a//b",
        ] {
            assert_eq!(safe_join(dir, bad), None, "{bad}");
        }
    }

    #[test]
    fn decimals_from_template_values() {
        let d = |v: Value| decimal("f", &v);
        assert_eq!(d(Value::from(3)).unwrap(), Decimal::from(3));
        assert_eq!(d(Value::from(0.1)).unwrap(), Decimal::new(1, 1));
        assert_eq!(d(Value::from("0.734512")).unwrap(), Decimal::new(734512, 6));
        assert_eq!(d(Value::from("1e-3")).unwrap(), Decimal::new(1, 3));
        assert!(d(Value::from("tres")).is_err());
        assert!(d(Value::from(true)).is_err());
        assert!(d(Value::from(f64::NAN)).is_err());
        assert!(d(Value::from(u128::MAX)).is_err());
        assert!(d(Value::from(i128::MAX)).is_err());
    }
}
