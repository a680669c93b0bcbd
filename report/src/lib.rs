//! # seguimiento-report
//!
//! The rendering kit of seguimiento's public reports (the *Informe de avance
//! anual* and the *Evaluación bianual*), in Spanish as written in Guatemala
//! (es-GT, the default) and in English. It takes plain data and knows no
//! plan, ledger or scorecard type: a report model (one serde structure per
//! document, built elsewhere from evaluations) is handed to a template, and
//! renderers read the model; they never compute.
//!
//! - [`format`](mod@format): numbers, percentages, quetzales, dates and ranges as CLDR
//!   writes them for es-GT and en (checked against babel).
//! - [`i18n`]: the message catalogs, Fluent files compiled in, with a lookup
//!   that fails on a missing key.
//! - [`charts`]: SVG charts drawn by our own code, each with its data table.
//! - [`templates`]: HTML documents from minijinja templates, compiled in and
//!   overridable from a directory at run time.
//!
//! Nothing reads a clock, a random source or the network: the same model
//! gives the same bytes.
//!
//! ```
//! use seguimiento_report::format::Lang;
//! use seguimiento_report::templates::Renderer;
//!
//! let renderer = Renderer::new()?;
//! let html = renderer.render_str(
//!     "{{ t('summary-plan-score') }}: {{ score | percent }} ({{ t('band-' ~ band) }})",
//!     Lang::En,
//!     &serde_json::json!({"score": "0.734512", "band": "yellow"}),
//! )?;
//! assert_eq!(html, "Plan score: 73.45\u{a0}% (yellow)");
//! # Ok::<(), seguimiento_report::templates::RenderError>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod charts;
pub mod format;
pub mod i18n;
pub mod templates;

/// Renders a document with the built-in templates and catalogs: `template`
/// is `annual.html` (a `seguimiento::AnnualReport`) or `evaluation.html`
/// (a `seguimiento::EvaluationReport`), or any other built-in template
/// with its model. The same model gives the same bytes. For templates a
/// ministry overrides, use [`templates::Renderer::with_overrides`].
///
/// ```
/// use seguimiento_report::format::Lang;
/// let css = seguimiento_report::render("report.css", Lang::En, &serde_json::json!({}))?;
/// assert!(css.contains("size: A4"));
/// # Ok::<(), seguimiento_report::templates::RenderError>(())
/// ```
pub fn render<M: serde::Serialize>(
    template: &str,
    lang: format::Lang,
    model: &M,
) -> Result<String, templates::RenderError> {
    templates::Renderer::new()?.render(template, lang, model)
}
