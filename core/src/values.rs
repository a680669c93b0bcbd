//! The value rules every input format shares: how a document starts, how a
//! text is trimmed, and how numbers, dates, years and periods are read from
//! their text. The JSON ledger, observation CSV, the binding's rows, the
//! evaluation configuration and plans all read through these, so that one
//! value means one thing whichever way it arrives.
//!
//! - A UTF-8 byte-order mark at the start of a document is skipped.
//! - A text value is read without its surrounding whitespace.
//! - A number is an exact decimal read from its text, never through a float
//!   ([`parse_decimal`]).
//! - A date is written `YYYY-MM-DD` ([`parse_date`]).
//! - A year has four digits; a period is read by [`Period::parse`], DHIS2
//!   spellings included.
//!
//! Key uniqueness (a JSON object naming a key twice is refused) is the rule
//! of every JSON reader; it lives with them in `read`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::messages::Excerpt;
use crate::period::{Period, PeriodError};

/// The byte-order mark some editors write at the start of a UTF-8 file.
pub(crate) const BOM: char = '\u{feff}';

/// A document without the byte-order mark it may start with.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// A text value as it is read: without surrounding whitespace.
#[inline]
pub(crate) fn trim(text: &str) -> &str {
    // Most values begin and end with a visible ASCII character, which is
    // no whitespace: they are taken as they are, without decoding a
    // character at either end.
    // An empty one (most cells of a CSV row) is taken as it is too.
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        (None, _) => text,
        _ => text.trim(),
    }
}

/// Why a text is not an exact decimal number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberProblem {
    /// Nothing but whitespace.
    Empty,
    /// `NaN` in one of its spellings.
    NotANumberValue,
    /// An infinity (`inf`, `-Infinity`).
    Infinite,
    /// Not digits with an optional sign, decimal point and exponent.
    Malformed,
    /// The exponent has more digits than any exact decimal needs.
    ExponentOutOfRange,
    /// More than 28 decimal places.
    TooManyPlaces,
    /// A magnitude of 2⁹⁶ or more.
    TooLarge,
}

/// A text that is not an exact decimal number: the text (trimmed) and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NumberError {
    /// The text read, trimmed.
    pub text: Excerpt,
    /// What is wrong with it.
    pub problem: NumberProblem,
}

impl NumberError {
    /// The stable code: `empty_number`, `not_finite`, `not_a_number` or
    /// `inexact_number`.
    pub fn code(&self) -> &'static str {
        match self.problem {
            NumberProblem::Empty => "empty_number",
            NumberProblem::NotANumberValue | NumberProblem::Infinite => "not_finite",
            NumberProblem::Malformed => "not_a_number",
            NumberProblem::ExponentOutOfRange
            | NumberProblem::TooManyPlaces
            | NumberProblem::TooLarge => "inexact_number",
        }
    }
}

impl std::error::Error for NumberError {}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateProblem {
    /// Not written `YYYY-MM-DD`.
    Shape,
    /// Written `YYYY-MM-DD`, but no such day (`2009-02-30`).
    Calendar,
}

/// A text that is not a date: the text (trimmed) and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateError {
    /// The text read, trimmed.
    pub text: Excerpt,
    /// What is wrong with it.
    pub problem: DateProblem,
}

impl DateError {
    /// The stable code: `not_a_date` or `not_a_calendar_date`.
    pub fn code(&self) -> &'static str {
        match self.problem {
            DateProblem::Shape => "not_a_date",
            DateProblem::Calendar => "not_a_calendar_date",
        }
    }
}

impl std::error::Error for DateError {}

/// Parses an exact decimal from its text: plain (`12.50`, `-3`) or scientific
/// (`1e3`, `1.5E-2`), surrounding whitespace ignored. A value that a decimal
/// cannot hold exactly (more than 28 decimal places, or a magnitude of 2⁹⁶ or
/// more) is an error, never rounded. Zero is zero whatever its sign and
/// exponent (`-0.00`, `0e99999`).
///
/// ```
/// use seguimiento::parse_decimal;
/// assert_eq!(parse_decimal(" 12.50 ").unwrap().to_string(), "12.50");
/// assert_eq!(parse_decimal("1.5e3").unwrap().to_string(), "1500");
/// assert!(parse_decimal("0.1234567890123456789012345678901").is_err());
/// assert_eq!(parse_decimal("NaN").unwrap_err().code(), "not_finite");
/// ```
pub fn parse_decimal(text: &str) -> Result<Decimal, NumberError> {
    let t = trim(text);
    let fail = |problem| NumberError {
        text: Excerpt::new(t),
        problem,
    };
    if t.is_empty() {
        return Err(fail(NumberProblem::Empty));
    }
    if let Some(value) = plain_decimal(t) {
        return Ok(value);
    }
    let unsigned = t.trim_start_matches(['+', '-']);
    if unsigned.len() <= 8 {
        match unsigned.to_ascii_lowercase().as_str() {
            "nan" | "snan" => return Err(fail(NumberProblem::NotANumberValue)),
            "inf" | "infinity" => return Err(fail(NumberProblem::Infinite)),
            _ => {}
        }
    }
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (negative, unsigned) = match mantissa.as_bytes().first() {
        Some(b'-') => (true, &mantissa[1..]),
        Some(b'+') => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits_only(int) || !digits_only(frac) {
        return Err(fail(NumberProblem::Malformed));
    }
    let exponent_digits = match exponent {
        None => None,
        Some(e) => {
            let (sign, digits) = match e.as_bytes().first() {
                Some(b'-') => (-1, &e[1..]),
                Some(b'+') => (1, &e[1..]),
                _ => (1, e),
            };
            if digits.is_empty() || !digits_only(digits) {
                return Err(fail(NumberProblem::Malformed));
            }
            Some((sign, digits.trim_start_matches('0')))
        }
    };
    let all_zero = int.bytes().chain(frac.bytes()).all(|b| b == b'0');
    let exponent: i64 = match exponent_digits {
        None => 0,
        // Zero times any power of ten is zero.
        Some(_) if all_zero => 0,
        Some((_, digits)) if digits.len() > 4 => {
            return Err(fail(NumberProblem::ExponentOutOfRange))
        }
        Some((sign, digits)) => sign * digits.parse::<i64>().unwrap_or(0),
    };
    // The value is `significand × 10^-scale`.
    let mut significand = format!("{int}{frac}");
    let mut scale = frac.len() as i64 - exponent;
    // Trailing zeros beyond the 28 places a decimal holds change nothing.
    while scale > 28 && significand.ends_with('0') {
        significand.pop();
        scale -= 1;
    }
    let significand = significand.trim_start_matches('0');
    if significand.is_empty() {
        // Zero, of either sign: keep one spelling in exports.
        return Ok(Decimal::new(0, scale.clamp(0, 28) as u32));
    }
    if scale > 28 {
        return Err(fail(NumberProblem::TooManyPlaces));
    }
    if significand.len() as i64 - scale > 29 {
        return Err(fail(NumberProblem::TooLarge));
    }
    let plain = if scale <= 0 {
        format!("{significand}{}", "0".repeat((-scale) as usize))
    } else {
        let scale = scale as usize;
        let padded = format!("{significand:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        format!("{whole}.{fraction}")
    };
    // What still fails here needs more than the 96 bits a decimal holds.
    let mut value = Decimal::from_str_exact(&plain).map_err(|_| fail(NumberProblem::TooLarge))?;
    value.set_sign_negative(negative);
    Ok(value)
}

/// The common case, read without allocating: an optional `-`, at most 28
/// digits with at most one `.` between digits. Anything else (`None`) takes
/// the general path of [`parse_decimal`], which gives the same value.
fn plain_decimal(t: &str) -> Option<Decimal> {
    let (negative, unsigned) = match t.strip_prefix('-') {
        Some(unsigned) => (true, unsigned),
        None => (false, t),
    };
    // '.' is one byte, never part of another character: found as a byte.
    let (int, frac) = match unsigned.bytes().position(|b| b == b'.') {
        Some(dot) => (&unsigned[..dot], &unsigned[dot + 1..]),
        None => (unsigned, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let shaped = digits(int) && (frac.is_empty() || digits(frac)) && !unsigned.ends_with('.');
    let places = int.len() + frac.len();
    if !shaped || places > 28 {
        return None;
    }
    let mut value = if places <= 18 {
        // At most 18 digits fit a u64: the digits are the mantissa, the
        // places after the point the scale, as `from_str_exact` reads them.
        let mantissa = int
            .bytes()
            .chain(frac.bytes())
            .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        let mut value = Decimal::from_i128_with_scale(i128::from(mantissa), frac.len() as u32);
        value.set_sign_negative(negative);
        value
    } else {
        Decimal::from_str_exact(t).ok()?
    };
    if value.is_zero() {
        // Zero, of either sign: keep one spelling in exports.
        value.set_sign_positive(true);
    }
    Some(value)
}

/// Parses a date written `YYYY-MM-DD`, surrounding whitespace ignored.
///
/// ```
/// use seguimiento::parse_date;
/// assert_eq!(parse_date("2009-12-31").unwrap().to_string(), "2009-12-31");
/// assert_eq!(parse_date("2009-02-30").unwrap_err().code(), "not_a_calendar_date");
/// assert_eq!(parse_date("31/12/2009").unwrap_err().code(), "not_a_date");
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let t = trim(text);
    let fail = |problem| DateError {
        text: Excerpt::new(t),
        problem,
    };
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(fail(DateProblem::Shape));
    }
    // The shape is checked: every other byte is an ASCII digit.
    let number = |range: std::ops::Range<usize>| {
        t.as_bytes()[range]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10))
        .ok_or_else(|| fail(DateProblem::Calendar))
}

/// Years a record may name (obligations): four digits.
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// Parses a four-digit year, surrounding whitespace ignored.
pub(crate) fn parse_year(text: &str) -> Option<i32> {
    trim(text).parse::<i32>().ok().filter(|y| YEARS.contains(y))
}

/// Parses a period (see [`Period::parse`]).
pub(crate) fn parse_period(text: &str) -> Result<Period, PeriodError> {
    Period::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_decimal_has_the_digits_scale_and_sign_rust_decimal_reads() {
        let texts = [
            "0",
            "-0",
            "-0.00",
            "007",
            "12.50",
            "-123.4500",
            "0.000000000000000001",
            "999999999999999999",
            "-999999999999999999",
            "9999999999999999999",
            "123456789.123456789",
            "1234567890123456789012345678",
            "0.123456789012345678901234567",
        ];
        for text in texts {
            let mut expected = Decimal::from_str_exact(text).unwrap();
            if expected.is_zero() {
                expected.set_sign_positive(true);
            }
            let read = plain_decimal(text).unwrap();
            assert_eq!(read.serialize(), expected.serialize(), "{text}");
        }
        for text in ["1.", ".5", "1.2.3", "+1", "1e3", "", "-", "1 2"] {
            assert!(plain_decimal(text).is_none(), "{text}");
        }
    }

    #[test]
    fn trimming_takes_away_what_unicode_calls_whitespace_and_nothing_else() {
        let ends = [
            "", " ", "\t", "\r\n", "\u{85}", "\u{a0}", "\u{2003}", "\u{3000}", "\u{1f}", "\u{7f}",
            "x", "é", "~", "\u{feff}",
        ];
        for first in ends {
            for last in ends {
                for middle in ["", "a", " a b ", "2009"] {
                    let text = format!("{first}{middle}{last}");
                    assert_eq!(trim(&text), text.trim(), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn zero_is_zero_whatever_its_exponent() {
        for text in ["0e99999", "-0E-99999", "0.000e123456789", "+0e5"] {
            let zero = parse_decimal(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert!(zero.is_zero() && !zero.is_sign_negative(), "{text}");
        }
        assert_eq!(
            parse_decimal("1e99999").unwrap_err().problem,
            NumberProblem::ExponentOutOfRange
        );
    }

    #[test]
    fn trailing_zeros_past_28_places_are_exact() {
        let one = parse_decimal("1.000000000000000000000000000000").unwrap();
        assert_eq!(one, Decimal::ONE);
    }

    #[test]
    fn each_problem_has_its_code() {
        let code = |t: &str| parse_decimal(t).unwrap_err().code();
        assert_eq!(code("  "), "empty_number");
        assert_eq!(code("NaN"), "not_finite");
        assert_eq!(code("sNaN"), "not_finite");
        assert_eq!(code("-Infinity"), "not_finite");
        assert_eq!(code("1,5"), "not_a_number");
        assert_eq!(code("0.12345678901234567890123456789"), "inexact_number");
        assert_eq!(code("79228162514264337593543950336"), "inexact_number");
    }

    #[test]
    fn a_long_bad_number_keeps_only_an_excerpt() {
        let long = "1".repeat(10_000_000) + "x";
        let e = parse_decimal(&long).unwrap_err();
        assert_eq!(e.text.len(), long.len());
        assert!(!e.text.is_whole());
    }

    #[test]
    fn years_and_boms() {
        assert_eq!(parse_year(" 2009 "), Some(2009));
        assert_eq!(parse_year("999"), None);
        assert_eq!(parse_year("2009.0"), None);
        assert_eq!(strip_bom("\u{feff}{}"), "{}");
        assert_eq!(strip_bom("{}"), "{}");
    }
}
