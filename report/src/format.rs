//! Numbers and dates as Guatemala writes them, in Spanish (es-GT) and English.
//!
//! Both languages use the decimal point and the comma for thousands, as CLDR
//! has them for `es_GT` and `en` (`1,234.5`; never Spain's `1.234,5`). Every
//! function here is checked against the output of Python's `babel` (CLDR) by a
//! committed fixture (`report/tests/fixtures/cldr.json`, written by
//! `scripts/cldr-fixtures.py`), except [`percent`], which follows the project's
//! own way of showing scores.
//!
//! Rounding is half away from zero everywhere, like the scores of the core.
//!
//! ```
//! use chrono::NaiveDate;
//! use rust_decimal::Decimal;
//! use seguimiento_report::format::{self, Lang};
//!
//! let x = Decimal::new(12345, 1); // 1234.5
//! assert_eq!(format::number(x, Lang::EsGt), "1,234.5");
//! assert_eq!(format::percent(Decimal::new(734512, 6), Lang::EsGt)?, "73.45\u{a0}%");
//! assert_eq!(format::money(x, Lang::EsGt), "Q\u{a0}1,234.50");
//! let d = NaiveDate::from_ymd_opt(2010, 12, 31).unwrap();
//! assert_eq!(format::long_date(d, Lang::EsGt), "31 de diciembre de 2010");
//! assert_eq!(format::long_date(d, Lang::En), "December 31, 2010");
//! # Ok::<(), format::FormatError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The no-break space (U+00A0) that keeps a number with its `%` or currency
/// symbol on one line.
pub const NBSP: char = '\u{a0}';

/// A language of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    /// Spanish as written in Guatemala (`es-GT`), the default.
    #[default]
    EsGt,
    /// English (`en`).
    En,
}

impl Lang {
    /// Every language, Spanish first.
    pub const ALL: [Lang; 2] = [Lang::EsGt, Lang::En];

    /// The BCP 47 tag, as written in an HTML `lang` attribute: `es-GT` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::EsGt => "es-GT",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A language tag that names no language of the reports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?}: the reports are written in \"es\" (es-GT) or \"en\"")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Reads `es`, `es-GT` (or `es_GT`), `en`, in any case. Other Spanish or
    /// English regions are refused rather than silently written as Guatemala's.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "es" | "es-gt" => Ok(Lang::EsGt),
            "en" => Ok(Lang::En),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.tag())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A value that cannot be formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// A month outside 1..=12.
    #[error("month {0} is not a month (1 to 12)")]
    Month(u32),
    /// A range that ends before it starts.
    #[error("range {start}..{end} ends before it starts")]
    Range {
        /// First year.
        start: i32,
        /// Last year.
        end: i32,
    },
    /// A score too large to be shown as a percentage (beyond 10^26).
    #[error("score {0} is too large to show as a percentage")]
    Overflow(Decimal),
    /// More decimal places than a decimal holds.
    #[error("{0} decimal places: at most 28")]
    Places(u32),
}

const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_ABBR_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
];
const MONTHS_ABBR_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// CLDR's default decimal pattern (`#,##0.###`): grouping, at most three
/// decimals, trailing zeros dropped.
///
/// ```
/// # use rust_decimal::Decimal;
/// # use seguimiento_report::format::{number, Lang};
/// assert_eq!(number(Decimal::new(1234567891, 3), Lang::En), "1,234,567.891");
/// assert_eq!(number(Decimal::new(20005, 4), Lang::EsGt), "2.001");
/// assert_eq!(number(Decimal::new(1000, 0), Lang::EsGt), "1,000");
/// ```
pub fn number(value: Decimal, _lang: Lang) -> String {
    let rounded = round(value, 3);
    // `normalize` drops trailing zeros but also the sign of a zero, which a
    // small negative rounded to zero keeps (see `round`).
    let mut shown = rounded.normalize();
    shown.set_sign_negative(rounded.is_sign_negative());
    digits(shown, None)
}

/// A number with exactly `places` decimals and grouping (`#,##0.00` for 2).
///
/// ```
/// # use rust_decimal::Decimal;
/// # use seguimiento_report::format::{fixed, Lang};
/// assert_eq!(fixed(Decimal::new(12345, 1), 2, Lang::EsGt).unwrap(), "1,234.50");
/// assert_eq!(fixed(Decimal::new(5, 1), 0, Lang::En).unwrap(), "1");
/// ```
pub fn fixed(value: Decimal, places: u32, _lang: Lang) -> Result<String, FormatError> {
    if places > 28 {
        return Err(FormatError::Places(places));
    }
    Ok(digits(round(value, places), Some(places)))
}

/// A score (a fraction, 1 = 100 %) as the project shows scores: times 100,
/// two decimals, a no-break space, then `%` (`73.45 %`), in both languages.
///
/// CLDR would write `73.45%` (es-GT and en alike); the project's scorecards
/// have always written `73.45 %`, and the reports agree with them. The space
/// is U+00A0 so that a line never breaks between the number and its sign (the
/// core's plain-text `percent` writes U+0020; they differ in nothing else).
///
/// ```
/// # use rust_decimal::Decimal;
/// # use seguimiento_report::format::{percent, Lang};
/// assert_eq!(percent(Decimal::new(734512, 6), Lang::En).unwrap(), "73.45\u{a0}%");
/// assert_eq!(percent(Decimal::ONE, Lang::EsGt).unwrap(), "100.00\u{a0}%");
/// ```
pub fn percent(score: Decimal, _lang: Lang) -> Result<String, FormatError> {
    let hundredths = score
        .checked_mul(Decimal::ONE_HUNDRED)
        .ok_or(FormatError::Overflow(score))?;
    Ok(format!("{}{NBSP}%", digits(round(hundredths, 2), Some(2))))
}

/// A change of a score (a difference of two fractions) in percentage points,
/// signed, two decimals: `+0.80 pp` in English, `+0.80 p. p.` in Spanish
/// (the abbreviation of *puntos porcentuales*). A change of scores is not a
/// percentage of anything, so it is never written with `%`; zero is `0.00`,
/// without a sign. The spaces are U+00A0.
///
/// ```
/// # use rust_decimal::Decimal;
/// # use seguimiento_report::format::{points, Lang};
/// assert_eq!(points(Decimal::new(8, 3), Lang::En).unwrap(), "+0.80\u{a0}pp");
/// assert_eq!(points(Decimal::new(-1234, 4), Lang::EsGt).unwrap(), "-12.34\u{a0}p.\u{a0}p.");
/// assert_eq!(points(Decimal::ZERO, Lang::En).unwrap(), "0.00\u{a0}pp");
/// ```
pub fn points(change: Decimal, lang: Lang) -> Result<String, FormatError> {
    let hundredths = round(
        change
            .checked_mul(Decimal::ONE_HUNDRED)
            .ok_or(FormatError::Overflow(change))?,
        2,
    );
    let sign = if hundredths > Decimal::ZERO { "+" } else { "" };
    let unit = match lang {
        Lang::EsGt => "p.\u{a0}p.",
        Lang::En => "pp",
    };
    Ok(format!("{sign}{}{NBSP}{unit}", digits(hundredths, Some(2))))
}

/// An amount in quetzales, as CLDR writes Guatemala's currency (GTQ): the
/// symbol `Q` in Spanish, `GTQ` in English, two decimals, with CLDR's
/// currency spacing (a no-break space between a letter symbol and a digit).
///
/// ```
/// # use rust_decimal::Decimal;
/// # use seguimiento_report::format::{money, Lang};
/// assert_eq!(money(Decimal::new(-12345, 1), Lang::EsGt), "-Q\u{a0}1,234.50");
/// assert_eq!(money(Decimal::new(12345, 1), Lang::En), "GTQ\u{a0}1,234.50");
/// ```
pub fn money(value: Decimal, lang: Lang) -> String {
    let symbol = match lang {
        Lang::EsGt => "Q",
        Lang::En => "GTQ",
    };
    let body = digits(round(value, 2), Some(2));
    match body.strip_prefix('-') {
        Some(positive) => format!("-{symbol}{NBSP}{positive}"),
        None => format!("{symbol}{NBSP}{body}"),
    }
}

/// The long date: `31 de diciembre de 2010`, `December 31, 2010`.
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let month = month_index(date.month0());
    match lang {
        Lang::EsGt => format!("{} de {} de {}", date.day(), MONTHS_ES[month], date.year()),
        Lang::En => format!("{} {}, {}", MONTHS_EN[month], date.day(), date.year()),
    }
}

/// The name of a month (1 = January): `diciembre`, `December`. Spanish month
/// names are lower case, as CLDR and the RAE write them.
pub fn month_name(month: u32, lang: Lang) -> Result<&'static str, FormatError> {
    let i = checked_month(month)?;
    Ok(match lang {
        Lang::EsGt => MONTHS_ES[i],
        Lang::En => MONTHS_EN[i],
    })
}

/// The abbreviated name of a month (1 = January), for narrow table columns:
/// `dic`, `Dec`.
pub fn month_abbr(month: u32, lang: Lang) -> Result<&'static str, FormatError> {
    let i = checked_month(month)?;
    Ok(match lang {
        Lang::EsGt => MONTHS_ABBR_ES[i],
        Lang::En => MONTHS_ABBR_EN[i],
    })
}

/// A month of a year: `diciembre de 2010`, `December 2010`.
pub fn month_year(year: i32, month: u32, lang: Lang) -> Result<String, FormatError> {
    let name = month_name(month, lang)?;
    Ok(match lang {
        Lang::EsGt => format!("{name} de {year}"),
        Lang::En => format!("{name} {year}"),
    })
}

/// A range of whole years, as CLDR's interval format writes it: `2009 al 2010`
/// in es-GT, `2009 – 2010` (thin spaces around the en dash) in English, and
/// the year alone when both ends are the same year.
///
/// ```
/// # use seguimiento_report::format::{year_range, Lang};
/// assert_eq!(year_range(2009, 2010, Lang::EsGt).unwrap(), "2009 al 2010");
/// assert_eq!(year_range(2007, 2017, Lang::En).unwrap(), "2007\u{2009}–\u{2009}2017");
/// assert_eq!(year_range(2010, 2010, Lang::En).unwrap(), "2010");
/// ```
pub fn year_range(start: i32, end: i32, lang: Lang) -> Result<String, FormatError> {
    if end < start {
        return Err(FormatError::Range { start, end });
    }
    if start == end {
        return Ok(start.to_string());
    }
    Ok(match lang {
        Lang::EsGt => format!("{start} al {end}"),
        Lang::En => format!("{start}\u{2009}–\u{2009}{end}"),
    })
}

fn checked_month(month: u32) -> Result<usize, FormatError> {
    match month {
        1..=12 => Ok(month_index(month - 1)),
        _ => Err(FormatError::Month(month)),
    }
}

/// A chrono `month0` (always 0..=11) as an index into the month tables.
fn month_index(month0: u32) -> usize {
    (month0 % 12) as usize
}

fn round(value: Decimal, places: u32) -> Decimal {
    let mut r = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    // A small negative that rounds to zero keeps its sign, as CLDR writes it
    // (`-0`); rust_decimal's rounding drops it. A value that was exactly zero
    // (even a negative zero) is written unsigned.
    r.set_sign_negative(value.is_sign_negative() && !value.is_zero());
    r
}

/// Writes a decimal with `,` between thousands and `.` before the fraction.
/// With `places`, the fraction is padded (or cut, after rounding) to exactly
/// that many digits; without, the decimal's own digits are kept.
fn digits(value: Decimal, places: Option<u32>) -> String {
    let mut v = value;
    if let Some(p) = places {
        v.rescale(p);
    }
    let text = v.abs().to_string();
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 2);
    if v.is_sign_negative() {
        out.push('-');
    }
    let len = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac_part {
        if !f.is_empty() {
            out.push('.');
            out.push_str(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn never_spain() {
        for lang in Lang::ALL {
            assert_eq!(number(d("1234.5"), lang), "1,234.5");
            assert_eq!(number(d("1234567"), lang), "1,234,567");
            assert_eq!(fixed(d("1234.5"), 2, lang).unwrap(), "1,234.50");
        }
    }

    #[test]
    fn grouping_edges() {
        let lang = Lang::EsGt;
        assert_eq!(number(d("0"), lang), "0");
        assert_eq!(number(d("999"), lang), "999");
        assert_eq!(number(d("-999.9995"), lang), "-1,000");
        assert_eq!(number(d("100000"), lang), "100,000");
        assert_eq!(number(d("-0.0001"), lang), "-0");
        assert_eq!(number(d("-0"), lang), "0");
        assert_eq!(number(d("0.5000"), lang), "0.5");
        assert_eq!(
            number(Decimal::MAX, lang),
            "79,228,162,514,264,337,593,543,950,335"
        );
    }

    #[test]
    fn percent_of_scores() {
        assert_eq!(percent(d("0"), Lang::EsGt).unwrap(), "0.00\u{a0}%");
        assert_eq!(percent(d("0.000049"), Lang::EsGt).unwrap(), "0.00\u{a0}%");
        assert_eq!(percent(d("0.00005"), Lang::EsGt).unwrap(), "0.01\u{a0}%");
        assert_eq!(percent(d("0.734512"), Lang::EsGt).unwrap(), "73.45\u{a0}%");
        assert_eq!(
            percent(d("0.9999995"), Lang::EsGt).unwrap(),
            "100.00\u{a0}%"
        );
        assert_eq!(percent(d("12.5"), Lang::En).unwrap(), "1,250.00\u{a0}%");
        assert_eq!(
            percent(Decimal::MAX, Lang::En),
            Err(FormatError::Overflow(Decimal::MAX))
        );
    }

    #[test]
    fn fixed_places_are_bounded() {
        assert_eq!(fixed(d("1"), 29, Lang::EsGt), Err(FormatError::Places(29)));
        assert_eq!(fixed(d("1"), 28, Lang::EsGt).unwrap().len(), 30);
    }

    #[test]
    fn months_and_ranges() {
        assert_eq!(month_name(9, Lang::EsGt).unwrap(), "septiembre");
        assert_eq!(month_abbr(12, Lang::En).unwrap(), "Dec");
        assert_eq!(month_name(0, Lang::En), Err(FormatError::Month(0)));
        assert_eq!(month_abbr(13, Lang::En), Err(FormatError::Month(13)));
        assert_eq!(
            month_year(2010, 12, Lang::EsGt).unwrap(),
            "diciembre de 2010"
        );
        assert_eq!(
            year_range(2010, 2009, Lang::EsGt),
            Err(FormatError::Range {
                start: 2010,
                end: 2009
            })
        );
    }

    #[test]
    fn lang_tags() {
        for s in ["es", "ES", "es-GT", "es_gt"] {
            assert_eq!(s.parse::<Lang>().unwrap(), Lang::EsGt);
        }
        assert_eq!("en".parse::<Lang>().unwrap(), Lang::En);
        assert!("es-ES".parse::<Lang>().is_err());
        assert!("en-GB".parse::<Lang>().is_err());
        assert_eq!(Lang::default(), Lang::EsGt);
        assert_eq!(serde_json::to_string(&Lang::EsGt).unwrap(), "\"es-GT\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
        assert!(serde_json::from_str::<Lang>("\"fr\"").is_err());
    }
}
