//! Reporting periods: `2009`, `2009-S1`, `2009-Q3`, `2009-03` and the window
//! `2007/2017`. DHIS2 spellings (`200903`, `2009S1`, `2009Q1`) are read as
//! aliases; periods are always written back in the canonical form.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::plan::Frequency;

/// A reporting period. Ordered by start, then end, then granularity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar year: `2009`.
    Year(i32),
    /// A half year, 1 or 2: `2009-S1`.
    Half(i32, u8),
    /// A quarter, 1 to 4: `2009-Q3`.
    Quarter(i32, u8),
    /// A month, 1 to 12: `2009-03`.
    Month(i32, u8),
    /// A window of whole years, first and last: `2007/2017`.
    Window(i32, i32),
}

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Granularity {
    /// A month.
    Month,
    /// A quarter.
    Quarter,
    /// A half year.
    Half,
    /// A year.
    Year,
    /// A window of years.
    Window,
}

impl Granularity {
    /// The name used in error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Half => "half year",
            Granularity::Year => "year",
            Granularity::Window => "window of years",
        }
    }

    /// The granularity observations of an indicator reported at `frequency`
    /// must have (`None` for milestones, which are not observed by period).
    /// Biennial indicators report on the year in which the study is made.
    pub fn for_frequency(frequency: Frequency) -> Option<Granularity> {
        match frequency {
            Frequency::Monthly => Some(Granularity::Month),
            Frequency::Semiannual => Some(Granularity::Half),
            Frequency::Annual | Frequency::Biennial => Some(Granularity::Year),
            Frequency::Once => None,
        }
    }
}

/// Why a period could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{} is not a period (expected 2009, 2009-S1, 2009-Q1, 2009-03 or 2007/2017): {reason}",
    .text.quoted()
)]
pub struct PeriodError {
    /// The text that was read: its first bytes and its length, so that a
    /// message never echoes a long input whole.
    pub text: crate::messages::Excerpt,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Years a period may name: wide enough for any plan, narrow enough that
/// every date computation stays in chrono's range.
const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

impl Period {
    /// Reads a period, accepting the DHIS2 aliases.
    ///
    /// ```
    /// use seguimiento::Period;
    /// assert_eq!(Period::parse("200903").unwrap(), Period::Month(2009, 3));
    /// assert_eq!(Period::parse("2009S2").unwrap().to_string(), "2009-S2");
    /// assert!(Period::parse("2009-13").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let err = |reason| PeriodError {
            text: crate::messages::Excerpt::new(text),
            reason,
        };
        let t = crate::values::trim(text);
        let year = |s: &str| -> Result<i32, PeriodError> {
            if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err("the year must have four digits"));
            }
            let y: i32 = s
                .parse()
                .map_err(|_| err("the year must have four digits"))?;
            if YEARS.contains(&y) {
                Ok(y)
            } else {
                Err(err("the year is out of range"))
            }
        };
        let number = |s: &str, lo: u8, hi: u8, what: &'static str| -> Result<u8, PeriodError> {
            if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err(what));
            }
            match s.parse::<u8>() {
                Ok(n) if (lo..=hi).contains(&n) => Ok(n),
                _ => Err(err(what)),
            }
        };
        // '/' is one byte, never part of another character: found as a byte.
        if let Some(slash) = t.bytes().position(|b| b == b'/') {
            let (start, end) = (year(&t[..slash])?, year(&t[slash + 1..])?);
            if end < start {
                return Err(err("the window ends before it starts"));
            }
            return Ok(Period::Window(start, end));
        }
        if t.len() < 4 || !t.is_char_boundary(4) || !t[..4].is_ascii() {
            return Err(err("it must start with a four-digit year"));
        }
        let (y, rest) = t.split_at(4);
        let y = year(y)?;
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        if rest.is_empty() {
            return Ok(Period::Year(y));
        }
        if let Some(h) = rest.strip_prefix('S') {
            return Ok(Period::Half(y, number(h, 1, 2, "a half year is S1 or S2")?));
        }
        if let Some(q) = rest.strip_prefix('Q') {
            return Ok(Period::Quarter(
                y,
                number(q, 1, 4, "a quarter is Q1 to Q4")?,
            ));
        }
        if rest.len() == 2 {
            return Ok(Period::Month(
                y,
                number(rest, 1, 12, "a month is 01 to 12")?,
            ));
        }
        Err(err("unknown period form"))
    }

    /// How long the period is.
    pub fn granularity(&self) -> Granularity {
        match self {
            Period::Year(_) => Granularity::Year,
            Period::Half(..) => Granularity::Half,
            Period::Quarter(..) => Granularity::Quarter,
            Period::Month(..) => Granularity::Month,
            Period::Window(..) => Granularity::Window,
        }
    }

    /// First month of the period as (year, month).
    fn first_month(&self) -> (i32, u32) {
        match *self {
            Period::Year(y) => (y, 1),
            Period::Half(y, h) => (y, (h as u32 - 1) * 6 + 1),
            Period::Quarter(y, q) => (y, (q as u32 - 1) * 3 + 1),
            Period::Month(y, m) => (y, m as u32),
            Period::Window(a, _) => (a, 1),
        }
    }

    /// Last month of the period as (year, month).
    fn last_month(&self) -> (i32, u32) {
        match *self {
            Period::Year(y) => (y, 12),
            Period::Half(y, h) => (y, h as u32 * 6),
            Period::Quarter(y, q) => (y, q as u32 * 3),
            Period::Month(y, m) => (y, m as u32),
            Period::Window(_, b) => (b, 12),
        }
    }

    /// The first day of the period.
    pub fn start(&self) -> NaiveDate {
        let (y, m) = self.first_month();
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the period.
    ///
    /// ```
    /// use seguimiento::Period;
    /// assert_eq!(Period::parse("2008-02").unwrap().end().to_string(), "2008-02-29");
    /// ```
    pub fn end(&self) -> NaiveDate {
        let (y, m) = self.last_month();
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        NaiveDate::from_ymd_opt(ny, nm, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(NaiveDate::MAX)
    }

    /// A month-count key: months since year 0, used to order and compare.
    pub(crate) fn start_month_index(&self) -> i64 {
        let (y, m) = self.first_month();
        y as i64 * 12 + (m as i64 - 1)
    }

    pub(crate) fn end_month_index(&self) -> i64 {
        let (y, m) = self.last_month();
        y as i64 * 12 + (m as i64 - 1)
    }

    /// Whether `other` lies wholly inside this period.
    ///
    /// ```
    /// use seguimiento::Period;
    /// let year = Period::Year(2009);
    /// assert!(year.contains(&Period::Month(2009, 7)));
    /// assert!(!year.contains(&Period::Window(2009, 2010)));
    /// ```
    pub fn contains(&self, other: &Period) -> bool {
        self.start_month_index() <= other.start_month_index()
            && other.end_month_index() <= self.end_month_index()
    }

    /// The number of whole months in the period.
    pub fn months(&self) -> i64 {
        self.end_month_index() - self.start_month_index() + 1
    }

    /// The periods of one granularity that cover the years `from..=to`, in order.
    pub fn each_in_years(granularity: Granularity, from: i32, to: i32) -> Vec<Period> {
        let mut out = Vec::new();
        for y in from..=to {
            match granularity {
                Granularity::Month => out.extend((1..=12).map(|m| Period::Month(y, m))),
                Granularity::Quarter => out.extend((1..=4).map(|q| Period::Quarter(y, q))),
                Granularity::Half => out.extend((1..=2).map(|h| Period::Half(y, h))),
                Granularity::Year => out.push(Period::Year(y)),
                Granularity::Window => {}
            }
        }
        if granularity == Granularity::Window && from <= to {
            out.push(Period::Window(from, to));
        }
        out
    }

    /// The year of the period's start.
    pub fn year(&self) -> i32 {
        self.start().year()
    }
}

impl Ord for Period {
    /// By start, then end, then granularity (a year before the one-year
    /// window it equals in months), so that the order agrees with `==`.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (
            self.start_month_index(),
            self.end_month_index(),
            self.granularity(),
        )
            .cmp(&(
                other.start_month_index(),
                other.end_month_index(),
                other.granularity(),
            ))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Half(y, h) => write!(f, "{y:04}-S{h}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Window(a, b) => write!(f, "{a:04}/{b:04}"),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms_round_trip() {
        for text in [
            "2009",
            "2009-S1",
            "2009-S2",
            "2009-Q4",
            "2009-03",
            "2007/2017",
        ] {
            assert_eq!(Period::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn dhis2_aliases_are_written_back_canonically() {
        assert_eq!(Period::parse("200903").unwrap().to_string(), "2009-03");
        assert_eq!(Period::parse("2009S1").unwrap().to_string(), "2009-S1");
        assert_eq!(Period::parse("2009Q1").unwrap().to_string(), "2009-Q1");
    }

    #[test]
    fn bad_periods_say_why() {
        for (text, why) in [
            ("2009-13", "a month is 01 to 12"),
            ("2009-S3", "a half year is S1 or S2"),
            ("2009-Q0", "a quarter is Q1 to Q4"),
            ("2017/2007", "the window ends before it starts"),
            ("09", "it must start with a four-digit year"),
            ("año", "it must start with a four-digit year"),
            ("20a9", "the year must have four digits"),
            ("2009-W01", "unknown period form"),
        ] {
            let err = Period::parse(text).unwrap_err();
            assert_eq!(err.reason, why, "{text}");
            assert!(err.to_string().contains(text));
        }
    }

    #[test]
    fn bounds_and_containment() {
        let s2 = Period::Half(2009, 2);
        assert_eq!(s2.start().to_string(), "2009-07-01");
        assert_eq!(s2.end().to_string(), "2009-12-31");
        assert!(Period::Window(2007, 2017).contains(&s2));
        assert!(!Period::Month(2009, 7).contains(&s2));
        assert_eq!(Period::Window(2007, 2017).months(), 132);
    }
}
