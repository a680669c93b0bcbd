//! [`Score`]: a fraction in [0, 1] with exactly 6 decimals, the one type for
//! every score, coverage, rate, timeliness and achievement of a scorecard.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};

/// A fraction in [0, 1] with exactly 6 decimals (SPEC §3: every score is
/// rounded to 6 decimals, half away from zero). It is held as whole
/// millionths, so it is exact, ordered and cheap to copy; it is written as
/// the scorecard JSON writes it (`"0.734512"`), as a percentage with 2
/// decimals (`"73.45 %"`), as millionths (`734512`, what C reads) or as a
/// decimal with 6 decimals.
///
/// ```
/// use rust_decimal::Decimal;
/// use seguimiento::Score;
/// let s = Score::new(Decimal::new(73451249, 8)).unwrap(); // 0.73451249
/// assert_eq!(s.to_string(), "0.734512");
/// assert_eq!(s.percent(), "73.45 %");
/// assert_eq!(s.millionths(), 734_512);
/// assert_eq!(s.to_decimal().to_string(), "0.734512");
/// assert_eq!(Score::new(Decimal::new(12345675, 7)), None); // 1.2345675
/// assert_eq!(Score::ONE.to_string(), "1.000000");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Score(u32);

/// Millionths in one.
const MILLION: u32 = 1_000_000;

impl Score {
    /// 0.
    pub const ZERO: Score = Score(0);
    /// 1.
    pub const ONE: Score = Score(MILLION);

    /// A fraction rounded to 6 decimals, half away from zero; `None` if the
    /// rounded value is outside [0, 1].
    pub fn new(value: Decimal) -> Option<Score> {
        let rounded = round_6dp(value);
        if rounded < Decimal::ZERO || rounded > Decimal::ONE {
            return None;
        }
        // In [0, 1] with 6 decimals, the mantissa is 0 to 1_000_000.
        u32::try_from(rounded.mantissa()).ok().map(Score)
    }

    /// A score from whole millionths (734512 is 0.734512); `None` above 1000000.
    pub fn from_millionths(millionths: u32) -> Option<Score> {
        (millionths <= MILLION).then_some(Score(millionths))
    }

    /// A fraction that is in [0, 1] by construction (a clamped ratio, a mean
    /// of scores, a credit checked by the configuration), rounded. A value
    /// outside, which the rules never produce, is held at the nearest bound
    /// rather than written out of range.
    pub(crate) fn of_fraction(value: Decimal) -> Score {
        if value <= Decimal::ZERO {
            return Score::ZERO;
        }
        if value >= Decimal::ONE {
            return Score::ONE;
        }
        Score::new(value).unwrap_or(Score::ONE)
    }

    /// `part / whole` of two counts (0 when `whole` is 0).
    pub(crate) fn ratio(part: usize, whole: usize) -> Score {
        if whole == 0 {
            return Score::ZERO;
        }
        Score::of_fraction(Decimal::from(part as u64) / Decimal::from(whole as u64))
    }

    /// The score in whole millionths: 0 to 1000000.
    pub fn millionths(self) -> u32 {
        self.0
    }

    /// The score as a decimal with 6 decimals (`0.734512`, `1.000000`).
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(i64::from(self.0), 6)
    }

    /// The nearest double.
    pub fn to_f64(self) -> f64 {
        f64::from(self.0) / f64::from(MILLION)
    }

    /// The score as a percentage with 2 decimals, rounded half away from
    /// zero like every report: `"73.45 %"`.
    pub fn percent(self) -> String {
        // Millionths are ten-thousandths of a percent: hundredths of a
        // percent are millionths / 100, rounded half up (never negative).
        let hundredths = (self.0 + 50) / 100;
        format!("{}.{:02} %", hundredths / 100, hundredths % 100)
    }
}

impl fmt::Display for Score {
    /// `0.734512`: always 6 decimals, as in the scorecard JSON.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:06}", self.0 / MILLION, self.0 % MILLION)
    }
}

impl Serialize for Score {
    /// As a string, `"0.734512"`: exact, like every decimal of the scorecard.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Rounds to 6 decimal places, half away from zero, and writes 6 decimals:
/// the rounding of every score, and of the on-track target T' (a decimal in
/// the indicator's unit, not a score, so not a [`Score`]).
///
/// ```
/// use rust_decimal::Decimal;
/// use seguimiento::round_6dp;
/// assert_eq!(round_6dp(Decimal::new(12345675, 7)).to_string(), "1.234568");
/// assert_eq!(round_6dp(Decimal::new(-12345675, 7)).to_string(), "-1.234568");
/// ```
pub fn round_6dp(value: Decimal) -> Decimal {
    let mut r = value.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(6);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero_to_six_decimals() {
        assert_eq!(round_6dp(dec("1.2345675")).to_string(), "1.234568");
        assert_eq!(round_6dp(dec("-1.2345675")).to_string(), "-1.234568");
        assert_eq!(round_6dp(dec("2")).to_string(), "2.000000");
        assert_eq!(Score::new(dec("0.0000005")).unwrap().millionths(), 1);
        assert_eq!(Score::new(dec("0.9999995")), Some(Score::ONE));
        assert_eq!(Score::new(dec("-0.0000004")), Some(Score::ZERO));
        assert_eq!(Score::new(dec("-0.0000005")), None);
        assert_eq!(Score::new(dec("1.0000005")), None);
    }

    #[test]
    fn written_as_the_scorecard_writes_it() {
        for (text, percent) in [
            ("0", "0.00 %"),
            ("0.000049", "0.00 %"),
            ("0.00005", "0.01 %"),
            ("0.734512", "73.45 %"),
            ("0.734550", "73.46 %"),
            ("0.999950", "100.00 %"),
            ("1", "100.00 %"),
        ] {
            let score = Score::new(dec(text)).unwrap();
            assert_eq!(score.percent(), percent, "{text}");
            assert_eq!(score.to_string(), round_6dp(dec(text)).to_string());
            assert_eq!(score.to_decimal(), dec(text));
            assert_eq!(score.to_decimal().scale(), 6);
            assert_eq!(
                serde_json::to_string(&score).unwrap(),
                format!("\"{score}\"")
            );
        }
    }

    #[test]
    fn millionths_and_bounds() {
        assert_eq!(Score::from_millionths(1_000_000), Some(Score::ONE));
        assert_eq!(Score::from_millionths(1_000_001), None);
        assert_eq!(Score::ratio(6, 11).to_string(), "0.545455");
        assert_eq!(Score::ratio(0, 0), Score::ZERO);
        assert_eq!(Score::of_fraction(dec("-3")), Score::ZERO);
        assert_eq!(Score::of_fraction(dec("7")), Score::ONE);
        assert_eq!(Score::ONE.to_f64(), 1.0);
        assert!(Score::ZERO < Score::ONE);
    }
}
