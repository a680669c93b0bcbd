//! Message catalogs as data: one Fluent file per language, compiled in.
//!
//! `report/locales/es-GT/main.ftl` and `report/locales/en/main.ftl` define the
//! same messages with the same variables (tested). A lookup of a message that
//! does not exist, or that lacks one of its variables, is an error, never the
//! key echoed into a public document. Unicode isolation marks (U+2068/U+2069
//! around each variable) are turned off: the reports are left-to-right in both
//! languages and the marks would end up inside every copied figure.
//!
//! Variables are text already formatted by [`crate::format`], except integer
//! counts ([`Arg::Int`]) that choose a plural form; they are written with
//! thousands separators. An integer for any other variable is an error, so
//! that a year is never written `2,010`.
//!
//! ```
//! use seguimiento_report::format::Lang;
//! use seguimiento_report::i18n::{t, Arg};
//!
//! assert_eq!(t(Lang::EsGt, "band-yellow", &[])?, "amarillo");
//! assert_eq!(t(Lang::En, "count-actions", &[("count", Arg::Int(1))])?, "1 strategic action");
//! assert_eq!(t(Lang::EsGt, "count-actions", &[("count", Arg::Int(1234))])?,
//!            "1,234 acciones estratégicas");
//! assert!(t(Lang::En, "no-such-message", &[]).is_err());
//! # Ok::<(), seguimiento_report::i18n::I18nError>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use rust_decimal::Decimal;
use unic_langid::LanguageIdentifier;

use crate::format::{self, Lang};

/// The built-in catalog of a language, as compiled in.
pub fn builtin_source(lang: Lang) -> &'static str {
    match lang {
        Lang::EsGt => include_str!("../locales/es-GT/main.ftl"),
        Lang::En => include_str!("../locales/en/main.ftl"),
    }
}

/// The largest count a message takes exactly (2^53): counts travel through
/// Fluent as `f64`.
pub const MAX_COUNT: i64 = 1 << 53;

/// A variable of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text, already formatted (a number, a date, a name).
    Text(String),
    /// A count: chooses the plural form and is written with grouping.
    Int(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Int(n)
    }
}

/// Why a catalog could not be loaded or a message not produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum I18nError {
    /// A catalog file is not valid Fluent.
    #[error("{file}: not valid Fluent: {errors}")]
    Parse {
        /// The file (or `built-in <lang>`).
        file: String,
        /// The parser's messages, joined.
        errors: String,
    },
    /// A catalog file could not be read.
    #[error("{}: {reason}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The system's message.
        reason: String,
    },
    /// An override defines a message the built-in catalog does not have
    /// (a misspelt key would otherwise never be used).
    #[error("{file}: message {key:?} is not in the built-in {lang} catalog")]
    UnknownOverride {
        /// The override file.
        file: String,
        /// Its language.
        lang: Lang,
        /// The message.
        key: String,
    },
    /// An override uses a variable that the built-in message does not take,
    /// so no caller would ever pass it.
    #[error(
        "{file}: message {key:?} uses ${variable}, which the built-in {lang} message does not take"
    )]
    UnknownVariable {
        /// The override file.
        file: String,
        /// Its language.
        lang: Lang,
        /// The message.
        key: String,
        /// The variable.
        variable: String,
    },
    /// No message by that key.
    #[error("no message {key:?} in the {lang} catalog")]
    MissingKey {
        /// Language looked up.
        lang: Lang,
        /// The key.
        key: String,
    },
    /// The message exists but could not be formatted (a variable not given,
    /// for instance).
    #[error("message {key:?} ({lang}): {reason}")]
    Format {
        /// Language looked up.
        lang: Lang,
        /// The key.
        key: String,
        /// Fluent's messages, joined.
        reason: String,
    },
    /// An integer given for a variable that does not choose a plural form:
    /// it would be written with a thousands separator (a year as `2,010`).
    #[error("message {key:?}: ${variable} is not a count; pass it as text (a year, a code) or formatted")]
    NotACount {
        /// The key.
        key: String,
        /// The variable.
        variable: String,
    },
    /// A count too large to travel through Fluent exactly.
    #[error(
        "message {key:?}: count ${variable} = {value} is beyond ±2^53; pass it as formatted text"
    )]
    CountTooLarge {
        /// The key.
        key: String,
        /// The variable.
        variable: String,
        /// Its value.
        value: i64,
    },
}

/// The variables each message uses: message id → variable names.
pub type Signatures = BTreeMap<String, BTreeSet<String>>;

struct Catalog {
    bundle: FluentBundle<FluentResource>,
    signatures: Signatures,
    /// Per message, the variables that choose a plural form: the only ones
    /// that take an [`Arg::Int`].
    counts: BTreeMap<String, BTreeSet<String>>,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("messages", &self.signatures.len())
            .finish()
    }
}

/// The catalogs of both languages, possibly with a ministry's overrides.
#[derive(Debug)]
pub struct Catalogs {
    es: Catalog,
    en: Catalog,
}

impl Catalogs {
    /// The built-in catalogs.
    pub fn builtin() -> Result<Catalogs, I18nError> {
        Ok(Catalogs {
            es: Catalog::new(Lang::EsGt, None)?,
            en: Catalog::new(Lang::En, None)?,
        })
    }

    /// The built-in catalogs, with the messages of `dir/<tag>/main.ftl`
    /// (`dir/es-GT/main.ftl`, `dir/en/main.ftl`) in place of the built-in
    /// ones wherever such a file exists. An override may redefine any
    /// built-in message but add none, and use only the variables the built-in
    /// message takes.
    pub fn with_overrides(dir: &Path) -> Result<Catalogs, I18nError> {
        let read = |lang: Lang| -> Result<Option<(String, String)>, I18nError> {
            let path = dir.join(lang.tag()).join("main.ftl");
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok(Some((path.display().to_string(), text))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(I18nError::Io {
                    path,
                    reason: e.to_string(),
                }),
            }
        };
        if !dir.is_dir() {
            return Err(I18nError::Io {
                path: dir.to_path_buf(),
                reason: "not a directory".to_string(),
            });
        }
        Ok(Catalogs {
            es: Catalog::new(Lang::EsGt, read(Lang::EsGt)?)?,
            en: Catalog::new(Lang::En, read(Lang::En)?)?,
        })
    }

    /// The message `key` in `lang`, with its variables.
    pub fn message(
        &self,
        lang: Lang,
        key: &str,
        args: &[(&str, Arg)],
    ) -> Result<String, I18nError> {
        self.catalog(lang).format(lang, key, args)
    }

    /// Every message of a language with the variables it uses.
    pub fn signatures(&self, lang: Lang) -> &Signatures {
        &self.catalog(lang).signatures
    }

    fn catalog(&self, lang: Lang) -> &Catalog {
        match lang {
            Lang::EsGt => &self.es,
            Lang::En => &self.en,
        }
    }
}

/// The message `key` of the built-in catalog of `lang`.
///
/// The built-in catalogs are parsed once; if they could not be (which the
/// crate's tests rule out), every call returns that error.
pub fn t(lang: Lang, key: &str, args: &[(&str, Arg)]) -> Result<String, I18nError> {
    static BUILTIN: OnceLock<Result<Catalogs, I18nError>> = OnceLock::new();
    match BUILTIN.get_or_init(Catalogs::builtin) {
        Ok(catalogs) => catalogs.message(lang, key, args),
        Err(e) => Err(e.clone()),
    }
}

/// Counts formatted as the reports write numbers (`1,234`). Fluent would
/// write `1234`. Anything that is not a whole number within ±2^53 (which no
/// [`Arg`] produces) is left to Fluent.
fn format_count<M>(value: &FluentValue, _intls: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() <= MAX_COUNT as f64 => {
            // Both languages group digits alike (see `format`).
            Some(format::number(Decimal::from(n.value as i64), Lang::EsGt))
        }
        _ => None,
    }
}

impl Catalog {
    fn new(lang: Lang, overrides: Option<(String, String)>) -> Result<Catalog, I18nError> {
        let builtin_name = format!("built-in {lang} catalog");
        let builtin = parse(&builtin_name, builtin_source(lang).to_string())?;
        let uses = uses_of(&builtin);
        let signatures: Signatures = uses
            .iter()
            .map(|(id, u)| (id.clone(), u.variables.clone()))
            .collect();
        let counts = uses.into_iter().map(|(id, u)| (id, u.selectors)).collect();
        let langid: LanguageIdentifier =
            lang.tag()
                .parse()
                .map_err(|e: unic_langid::LanguageIdentifierError| I18nError::Parse {
                    file: builtin_name.clone(),
                    errors: e.to_string(),
                })?;
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(format_count));
        bundle
            .add_resource(builtin)
            .map_err(|errors| I18nError::Parse {
                file: builtin_name,
                errors: join(&errors),
            })?;
        if let Some((file, text)) = overrides {
            let resource = parse(&file, text)?;
            for (key, variables) in signatures_of(&resource) {
                let Some(known) = signatures.get(&key) else {
                    return Err(I18nError::UnknownOverride { file, lang, key });
                };
                if let Some(variable) = variables.difference(known).next() {
                    return Err(I18nError::UnknownVariable {
                        file,
                        lang,
                        key,
                        variable: variable.clone(),
                    });
                }
            }
            // The signatures stay the built-in ones: an override may use fewer
            // variables, and callers still pass them all.
            bundle.add_resource_overriding(resource);
        }
        Ok(Catalog {
            bundle,
            signatures,
            counts,
        })
    }

    fn format(&self, lang: Lang, key: &str, args: &[(&str, Arg)]) -> Result<String, I18nError> {
        let missing = || I18nError::MissingKey {
            lang,
            key: key.to_string(),
        };
        let message = self.bundle.get_message(key).ok_or_else(missing)?;
        let pattern = message.value().ok_or_else(missing)?;
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, arg) in args {
            match arg {
                Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
                Arg::Int(_) if !self.counts.get(key).is_some_and(|c| c.contains(*name)) => {
                    return Err(I18nError::NotACount {
                        key: key.to_string(),
                        variable: name.to_string(),
                    })
                }
                Arg::Int(n) if n.unsigned_abs() <= MAX_COUNT as u64 => {
                    fluent_args.set(*name, FluentValue::from(*n))
                }
                Arg::Int(n) => {
                    return Err(I18nError::CountTooLarge {
                        key: key.to_string(),
                        variable: name.to_string(),
                        value: *n,
                    })
                }
            }
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        if errors.is_empty() {
            Ok(text.into_owned())
        } else {
            Err(I18nError::Format {
                lang,
                key: key.to_string(),
                reason: join(&errors),
            })
        }
    }
}

fn parse(file: &str, text: String) -> Result<FluentResource, I18nError> {
    FluentResource::try_new(text).map_err(|(_, errors)| I18nError::Parse {
        file: file.to_string(),
        errors: join(&errors),
    })
}

fn join<E: fmt::Display>(errors: &[E]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// What a message uses: every variable, and those that choose a variant
/// (`{ $count -> ... }`), which alone take counts.
#[derive(Debug, Default)]
struct Uses {
    variables: BTreeSet<String>,
    selectors: BTreeSet<String>,
}

/// The uses of every message of a resource, following references to other
/// messages (a message that quotes another needs its variables too).
fn uses_of(resource: &FluentResource) -> BTreeMap<String, Uses> {
    let messages: BTreeMap<&str, &ast::Message<&str>> = resource
        .entries()
        .filter_map(|entry| match entry {
            ast::Entry::Message(m) => Some((m.id.name, m)),
            _ => None,
        })
        .collect();
    messages
        .keys()
        .map(|id| {
            let mut walker = Walker {
                messages: &messages,
                seen: BTreeSet::new(),
                uses: Uses::default(),
            };
            walker.message(id);
            (id.to_string(), walker.uses)
        })
        .collect()
}

fn signatures_of(resource: &FluentResource) -> Signatures {
    uses_of(resource)
        .into_iter()
        .map(|(id, uses)| (id, uses.variables))
        .collect()
}

struct Walker<'a> {
    messages: &'a BTreeMap<&'a str, &'a ast::Message<&'a str>>,
    seen: BTreeSet<&'a str>,
    uses: Uses,
}

impl<'a> Walker<'a> {
    fn message(&mut self, id: &'a str) {
        if !self.seen.insert(id) {
            return;
        }
        let Some(message) = self.messages.get(id) else {
            return;
        };
        let patterns = message
            .value
            .iter()
            .chain(message.attributes.iter().map(|a| &a.value));
        for pattern in patterns {
            self.pattern(pattern);
        }
    }

    fn pattern(&mut self, pattern: &'a ast::Pattern<&'a str>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                self.expression(expression);
            }
        }
    }

    fn expression(&mut self, expression: &'a ast::Expression<&'a str>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                if let ast::InlineExpression::VariableReference { id } = selector {
                    self.uses.selectors.insert(id.name.to_string());
                }
                self.inline(selector);
                for variant in variants {
                    self.pattern(&variant.value);
                }
            }
            ast::Expression::Inline(inline) => self.inline(inline),
        }
    }

    fn inline(&mut self, inline: &'a ast::InlineExpression<&'a str>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                self.uses.variables.insert(id.name.to_string());
            }
            // A term's own `$x` are its parameters, set by the arguments here.
            ast::InlineExpression::FunctionReference { arguments, .. }
            | ast::InlineExpression::TermReference {
                arguments: Some(arguments),
                ..
            } => {
                let named = arguments.named.iter().map(|a| &a.value);
                for a in arguments.positional.iter().chain(named) {
                    self.inline(a);
                }
            }
            ast::InlineExpression::MessageReference { id, .. } => self.message(id.name),
            ast::InlineExpression::Placeable { expression } => self.expression(expression),
            ast::InlineExpression::TermReference {
                arguments: None, ..
            }
            | ast::InlineExpression::StringLiteral { .. }
            | ast::InlineExpression::NumberLiteral { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Catalogs {
        Catalogs::builtin().expect("built-in catalogs parse")
    }

    #[test]
    fn both_languages_define_the_same_messages_with_the_same_variables() {
        let c = builtin();
        let es = c.signatures(Lang::EsGt);
        let en = c.signatures(Lang::En);
        let only_es: Vec<_> = es.keys().filter(|k| !en.contains_key(*k)).collect();
        let only_en: Vec<_> = en.keys().filter(|k| !es.contains_key(*k)).collect();
        assert!(only_es.is_empty(), "only in es-GT: {only_es:?}");
        assert!(only_en.is_empty(), "only in en: {only_en:?}");
        for (key, vars) in es {
            assert_eq!(vars, &en[key], "variables of {key}");
        }
        assert!(es.len() > 150, "{} messages", es.len());
    }

    #[test]
    fn no_catalog_has_junk_terms_or_attributes_only_messages() {
        for lang in Lang::ALL {
            let r = FluentResource::try_new(builtin_source(lang).to_string())
                .unwrap_or_else(|(_, e)| panic!("{lang}: {e:?}"));
            for entry in r.entries() {
                match entry {
                    ast::Entry::Message(m) => {
                        assert!(m.value.is_some(), "{lang} {} has no value", m.id.name)
                    }
                    ast::Entry::Junk { content } => panic!("{lang}: junk {content:?}"),
                    ast::Entry::Term(t) => panic!("{lang}: term -{} (none expected)", t.id.name),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn every_message_formats_with_its_variables_and_fails_without_them() {
        let c = builtin();
        for lang in Lang::ALL {
            for (key, vars) in c.signatures(lang) {
                let args: Vec<(&str, Arg)> = vars
                    .iter()
                    .map(|v| {
                        (
                            v.as_str(),
                            if v == "count" || v == "half" {
                                Arg::Int(2)
                            } else {
                                Arg::from("X")
                            },
                        )
                    })
                    .collect();
                let text = c.message(lang, key, &args).unwrap();
                assert!(!text.trim().is_empty(), "{lang} {key}");
                assert!(
                    !text.contains('\u{2068}') && !text.contains('\u{2069}'),
                    "isolation marks in {key}"
                );
                assert!(
                    !text.contains('{') && !text.contains('}'),
                    "{lang} {key}: {text}"
                );
                if !vars.is_empty() {
                    let err = c.message(lang, key, &[]).unwrap_err();
                    assert!(
                        matches!(err, I18nError::Format { .. }),
                        "{lang} {key}: {err}"
                    );
                }
            }
        }
    }

    #[test]
    fn bands_and_statuses_in_the_words_of_guatemala() {
        let es = |k: &str| t(Lang::EsGt, k, &[]).unwrap();
        assert_eq!(
            [
                es("band-green"),
                es("band-yellow"),
                es("band-red"),
                es("band-none")
            ],
            ["verde", "amarillo", "rojo", "sin puntaje"]
        );
        assert_eq!(es("status-overdue"), "atrasada");
        assert_eq!(es("value-confidential"), "confidencial");
        assert_eq!(
            t(Lang::En, "value-confidential", &[]).unwrap(),
            "confidential"
        );
        let known = t(
            Lang::EsGt,
            "cover-known-on",
            &[("date", Arg::from("31 de diciembre de 2010"))],
        );
        assert_eq!(known.unwrap(), "Datos conocidos al 31 de diciembre de 2010");
    }

    #[test]
    fn plurals_and_counts() {
        let n = |lang, count| t(lang, "count-axes", &[("count", Arg::Int(count))]).unwrap();
        assert_eq!(n(Lang::EsGt, 1), "1 eje");
        assert_eq!(n(Lang::EsGt, 0), "0 ejes");
        assert_eq!(n(Lang::EsGt, 5), "5 ejes");
        assert_eq!(n(Lang::En, 1), "1 axis");
        assert_eq!(n(Lang::En, 1_000_000), "1,000,000 axes");
        assert_eq!(n(Lang::EsGt, -3), "-3 ejes");
        let half = |h| {
            t(
                Lang::EsGt,
                "period-semester",
                &[("half", Arg::Int(h)), ("year", Arg::from("2010"))],
            )
            .unwrap()
        };
        assert_eq!(half(1), "primer semestre de 2010");
        assert_eq!(half(2), "segundo semestre de 2010");
        let big = t(Lang::En, "count-axes", &[("count", Arg::Int(i64::MAX))]);
        assert!(
            matches!(big, Err(I18nError::CountTooLarge { .. })),
            "{big:?}"
        );
    }

    #[test]
    fn a_missing_key_is_an_error_not_an_echo() {
        let err = t(Lang::EsGt, "band-purple", &[]).unwrap_err();
        assert_eq!(
            err,
            I18nError::MissingKey {
                lang: Lang::EsGt,
                key: "band-purple".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "no message \"band-purple\" in the es-GT catalog"
        );
    }

    #[test]
    fn overrides_replace_messages_and_refuse_unknown_ones() {
        let dir = std::env::temp_dir().join(format!("seguimiento-i18n-{}", std::process::id()));
        let es = dir.join("es-GT");
        std::fs::create_dir_all(&es).unwrap();
        std::fs::write(
            es.join("main.ftl"),
            "band-red = rojo (crítico)\ncover-known-on = Información al { $date }\n",
        )
        .unwrap();
        let c = Catalogs::with_overrides(&dir).unwrap();
        assert_eq!(
            c.message(Lang::EsGt, "band-red", &[]).unwrap(),
            "rojo (crítico)"
        );
        assert_eq!(c.message(Lang::EsGt, "band-green", &[]).unwrap(), "verde");
        assert_eq!(c.message(Lang::En, "band-red", &[]).unwrap(), "red");
        let d = c.message(
            Lang::EsGt,
            "cover-known-on",
            &[("date", Arg::from("1 de enero de 2011"))],
        );
        assert_eq!(d.unwrap(), "Información al 1 de enero de 2011");

        std::fs::write(es.join("main.ftl"), "band-purple = morado\n").unwrap();
        let err = Catalogs::with_overrides(&dir).unwrap_err();
        assert!(
            matches!(err, I18nError::UnknownOverride { ref key, .. } if key == "band-purple"),
            "{err}"
        );

        std::fs::write(es.join("main.ftl"), "band-red = rojo { $nivel }\n").unwrap();
        let err = Catalogs::with_overrides(&dir).unwrap_err();
        assert!(
            matches!(err, I18nError::UnknownVariable { ref variable, .. } if variable == "nivel"),
            "{err}"
        );

        std::fs::write(es.join("main.ftl"), "band-red = { \n").unwrap();
        let err = Catalogs::with_overrides(&dir).unwrap_err();
        assert!(matches!(err, I18nError::Parse { .. }), "{err}");

        std::fs::remove_dir_all(&dir).unwrap();
        let err = Catalogs::with_overrides(&dir).unwrap_err();
        assert!(matches!(err, I18nError::Io { .. }), "{err}");
    }

    #[test]
    fn counts_are_the_plural_selectors() {
        let c = builtin();
        for lang in Lang::ALL {
            let counts = &c.catalog(lang).counts;
            assert_eq!(counts["count-axes"].iter().collect::<Vec<_>>(), ["count"]);
            assert_eq!(
                counts["period-semester"].iter().collect::<Vec<_>>(),
                ["half"]
            );
            assert!(counts["cover-year"].is_empty());
        }
    }

    #[test]
    fn signatures_follow_message_references() {
        let r = FluentResource::try_new(
            "a = { $x } { b }\nb = { $y ->\n *[o] { $z }\n}\nc = { NUMBER($n) }\n".to_string(),
        )
        .unwrap();
        let s = signatures_of(&r);
        let names = |k: &str| s[k].iter().cloned().collect::<Vec<_>>();
        assert_eq!(names("a"), ["x", "y", "z"]);
        assert_eq!(names("b"), ["y", "z"]);
        assert_eq!(names("c"), ["n"]);
    }
}
