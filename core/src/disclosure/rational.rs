//! Exact rational numbers: a fast `i64` path with an arbitrary-precision
//! fallback.
//!
//! Gaussian elimination and simplex pivots multiply coefficients together, and
//! the numerators and denominators of the results grow with every pivot
//! (their size is bounded by sub-determinants of the relation matrix, not by
//! the inputs). Sums of ones stay small, and so do the fractions of the
//! audit's linear programs on tables (every entry of a national-size run
//! fits 64 bits), but a weighted-mean roll-up with 6-decimal weights and
//! scores can outgrow them after a handful of pivots. A number is therefore
//! held as two `i64` while it fits: a product or cross-multiplied sum of two
//! such parts always fits `i128`, so every operation is computed there
//! without an overflow check and brought back to `i64` after reduction to
//! lowest terms; only a result that does not fit moves to `num-bigint`
//! integers, and a result that fits again is brought back. A small number is
//! 24 bytes (three times fewer than two `i128`), which keeps sparse rows
//! dense in the cache. The engine never rounds and never reports an
//! overflow.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, PrimInt, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

/// An exact rational number, always in lowest terms with a positive
/// denominator.
///
/// Written as an integer (`"12"`) or a fraction (`"-7/3"`); parsed from those
/// and from decimals (`"0.734512"`). Serialized as that string.
#[derive(Clone)]
pub struct Rational(Repr);

#[derive(Clone)]
enum Repr {
    /// `num/den`, `den > 0`, `gcd(num, den) = 1`, neither is `i64::MIN`
    /// (so that negation and absolute values are exact).
    Small(i64, i64),
    /// The same invariants, used only when the value does not fit `Small`.
    Big(Box<(BigInt, BigInt)>),
}

/// Stein's binary algorithm: shifts and subtractions, no division (a
/// 128-bit division is a slow library call), on 64 bits when both fit.
fn gcd_u128(a: u128, b: u128) -> u128 {
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(a), Ok(b)) => u128::from(gcd(a, b)),
        _ => gcd(a, b),
    }
}

/// [`gcd_u128`] at one unsigned width.
fn gcd<T: PrimInt>(a: T, b: T) -> T {
    if a.is_zero() {
        return b;
    }
    if b.is_zero() {
        return a;
    }
    // A unit denominator or coefficient, the common case: nothing to loop.
    if a.is_one() || b.is_one() {
        return T::one();
    }
    binary_gcd(a, b)
}

/// The loop of [`gcd_u128`] for an unsigned integer width; both operands
/// non-zero.
fn binary_gcd<T: PrimInt>(a: T, b: T) -> T {
    let shift = (a | b).trailing_zeros() as usize;
    let (mut a, mut b) = (a >> a.trailing_zeros() as usize, b);
    loop {
        b = b >> b.trailing_zeros() as usize;
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b = b - a;
        if b.is_zero() {
            return a << shift;
        }
    }
}

/// `a / g` for a divisor `g > 0` of `a`: on 64 bits when `a` fits (a
/// 128-bit division is a slow library call), and free when `g` is 1.
fn div_exact(a: i128, g: i128) -> i128 {
    if g == 1 {
        return a;
    }
    match (i64::try_from(a), i64::try_from(g)) {
        (Ok(a), Ok(g)) => i128::from(a / g),
        _ => a / g,
    }
}

/// `a / g` for a divisor `g > 0` of `a`, free when `g` is 1.
fn div_exact64(a: i64, g: i64) -> i64 {
    if g == 1 {
        a
    } else {
        a / g
    }
}

/// A part that fits the small representation (`i64`, not `i64::MIN`).
fn narrow(x: i128) -> Option<i64> {
    i64::try_from(x).ok().filter(|x| *x != i64::MIN)
}

impl Rational {
    /// Zero.
    pub const ZERO: Rational = Rational(Repr::Small(0, 1));
    /// One.
    pub const ONE: Rational = Rational(Repr::Small(1, 1));
    /// Minus one.
    pub const MINUS_ONE: Rational = Rational(Repr::Small(-1, 1));

    /// The integer `n`.
    pub fn integer(n: i64) -> Rational {
        if n == i64::MIN {
            return Self::from_big(BigInt::from(n), BigInt::one());
        }
        Rational(Repr::Small(n, 1))
    }

    /// `num/den` in lowest terms; `None` if `den` is zero.
    pub fn new(num: i64, den: i64) -> Option<Rational> {
        if den == 0 {
            return None;
        }
        Some(Self::from_i128(i128::from(num), i128::from(den)))
    }

    /// Normalizes a fraction given by `i128` parts (`den != 0`).
    fn from_i128(num: i128, den: i128) -> Rational {
        if num == i128::MIN || den == i128::MIN {
            return Self::from_big(BigInt::from(num), BigInt::from(den));
        }
        let (mut num, mut den) = (num, den);
        if den < 0 {
            num = -num;
            den = -den;
        }
        if num == 0 {
            return Rational::ZERO;
        }
        let g = gcd_u128(num.unsigned_abs(), den.unsigned_abs()) as i128;
        Self::from_lowest(div_exact(num, g), div_exact(den, g))
    }

    /// A fraction already in lowest terms with `den > 0`: small if both
    /// parts fit, big otherwise.
    fn from_lowest(num: i128, den: i128) -> Rational {
        match (narrow(num), narrow(den)) {
            (Some(n), Some(d)) => Rational(Repr::Small(n, d)),
            _ => Rational(Repr::Big(Box::new((BigInt::from(num), BigInt::from(den))))),
        }
    }

    fn from_big(mut num: BigInt, mut den: BigInt) -> Rational {
        if den.is_negative() {
            num = -num;
            den = -den;
        }
        if num.is_zero() {
            return Rational::ZERO;
        }
        let g = num.gcd(&den);
        if !g.is_one() {
            num /= &g;
            den /= &g;
        }
        match (num.to_i64(), den.to_i64()) {
            (Some(n), Some(d)) if n != i64::MIN && d != i64::MIN => Rational(Repr::Small(n, d)),
            _ => Rational(Repr::Big(Box::new((num, den)))),
        }
    }

    fn big_parts(&self) -> (BigInt, BigInt) {
        match &self.0 {
            Repr::Small(n, d) => (BigInt::from(*n), BigInt::from(*d)),
            Repr::Big(b) => (b.0.clone(), b.1.clone()),
        }
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        matches!(self.0, Repr::Small(0, _))
    }

    /// Whether this is an integer.
    pub fn is_integer(&self) -> bool {
        match &self.0 {
            Repr::Small(_, d) => *d == 1,
            Repr::Big(b) => b.1.is_one(),
        }
    }

    /// The largest integer not above this number.
    pub fn floor(&self) -> Rational {
        match &self.0 {
            // The denominator is positive, so Euclid's quotient is the floor.
            Repr::Small(n, d) => Rational::integer(n.div_euclid(*d)),
            Repr::Big(b) => Rational::from_big(b.0.div_floor(&b.1), BigInt::one()),
        }
    }

    /// The smallest integer not below this number.
    pub fn ceil(&self) -> Rational {
        -&(-self).floor()
    }

    /// -1, 0 or 1.
    pub fn signum(&self) -> i32 {
        match &self.0 {
            Repr::Small(n, _) => n.signum() as i32,
            Repr::Big(b) => {
                if b.0.is_negative() {
                    -1
                } else {
                    1
                }
            }
        }
    }

    /// Whether this is strictly negative.
    pub fn is_negative(&self) -> bool {
        self.signum() < 0
    }

    /// Whether this is strictly positive.
    pub fn is_positive(&self) -> bool {
        self.signum() > 0
    }

    /// The absolute value.
    pub fn abs(&self) -> Rational {
        if self.is_negative() {
            -self
        } else {
            self.clone()
        }
    }

    /// The value as an `i64` if it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        match &self.0 {
            Repr::Small(n, 1) => Some(*n),
            Repr::Big(b) if b.1.is_one() => b.0.to_i64(),
            _ => None,
        }
    }

    /// A floating-point approximation, for display and statistics only.
    pub fn to_f64(&self) -> f64 {
        match &self.0 {
            Repr::Small(n, d) => *n as f64 / *d as f64,
            Repr::Big(b) => {
                let n = b.0.to_f64().unwrap_or(f64::NAN);
                let d = b.1.to_f64().unwrap_or(f64::NAN);
                n / d
            }
        }
    }

    /// `1/self`; `None` for zero.
    pub fn recip(&self) -> Option<Rational> {
        if self.is_zero() {
            return None;
        }
        Some(match &self.0 {
            // Canonical already: swap, moving the sign to the numerator.
            Repr::Small(n, d) if *n > 0 => Rational(Repr::Small(*d, *n)),
            Repr::Small(n, d) => Rational(Repr::Small(-*d, -*n)),
            Repr::Big(b) => Self::from_big(b.1.clone(), b.0.clone()),
        })
    }

    fn add_ref(&self, other: &Rational) -> Rational {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &other.0) {
            return Self::add_small(*a, *b, *c, *d);
        }
        let (a, b) = self.big_parts();
        let (c, d) = other.big_parts();
        Self::from_big(a * &d + c * &b, b * d)
    }

    /// `a/b + c/d` for small parts in lowest terms (`b, d > 0`). Every
    /// product of two parts fits `i128` (`|·| < 2^126`) and so does a sum
    /// of two (`< 2^127`): no overflow to check.
    fn add_small(a: i64, b: i64, c: i64, d: i64) -> Rational {
        // Integers (almost every coefficient of a sum) need no gcd.
        if b == 1 && d == 1 {
            return Self::from_lowest(i128::from(a) + i128::from(c), 1);
        }
        if b == d {
            return Self::from_i128(i128::from(a) + i128::from(c), i128::from(b));
        }
        // Henrici's sum (Knuth, TAOCP 4.5.1): with g = gcd(b, d) and
        // t = a·(d/g) + c·(b/g), the sum in lowest terms is
        // (t/g₂) / ((b/g)·(d/g₂)) for g₂ = gcd(t, g), both operands being
        // in lowest terms; so only gcd(t, g) is needed, none when the
        // denominators are coprime.
        let g = gcd(b.unsigned_abs(), d.unsigned_abs()) as i64;
        let (b_g, d_g) = (div_exact64(b, g), div_exact64(d, g));
        let t = i128::from(a) * i128::from(d_g) + i128::from(c) * i128::from(b_g);
        if t == 0 {
            return Rational::ZERO;
        }
        if g == 1 {
            return Self::from_lowest(t, i128::from(b_g) * i128::from(d));
        }
        // gcd(t, g) = gcd(t mod g, g), on 64 bits.
        let g2 = gcd(
            (t.unsigned_abs() % u128::from(g.unsigned_abs())) as u64,
            g.unsigned_abs(),
        ) as i64;
        Self::from_lowest(
            div_exact(t, i128::from(g2)),
            i128::from(b_g) * i128::from(div_exact64(d, g2)),
        )
    }

    fn mul_ref(&self, other: &Rational) -> Rational {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &other.0) {
            return Self::mul_small(*a, *b, *c, *d);
        }
        let (a, b) = self.big_parts();
        let (c, d) = other.big_parts();
        Self::from_big(a * c, b * d)
    }

    /// `(a/b)·(c/d)` for small parts in lowest terms (`b, d > 0`).
    fn mul_small(a: i64, b: i64, c: i64, d: i64) -> Rational {
        if a == 0 || c == 0 {
            return Rational::ZERO;
        }
        if b == 1 && d == 1 {
            return Self::from_lowest(i128::from(a) * i128::from(c), 1);
        }
        let g1 = gcd(a.unsigned_abs(), d.unsigned_abs()) as i64;
        let g2 = gcd(c.unsigned_abs(), b.unsigned_abs()) as i64;
        // Both factors in lowest terms and the cross divisors taken out: the
        // product is in lowest terms, its denominator positive; no gcd to
        // compute again.
        Self::from_lowest(
            i128::from(div_exact64(a, g1)) * i128::from(div_exact64(c, g2)),
            i128::from(div_exact64(b, g2)) * i128::from(div_exact64(d, g1)),
        )
    }

    /// `self / other`; `None` when `other` is zero.
    pub fn checked_div(&self, other: &Rational) -> Option<Rational> {
        Some(self.mul_ref(&other.recip()?))
    }

    /// `self - factor * other`, the update at the heart of elimination.
    pub fn sub_mul(&self, factor: &Rational, other: &Rational) -> Rational {
        // Integers (sums and their eliminations): one exact expression in
        // `i128` (|a| + |f·o| < 2^127), no temporaries and no gcd.
        if let (Repr::Small(a, 1), Repr::Small(f, 1), Repr::Small(o, 1)) =
            (&self.0, &factor.0, &other.0)
        {
            return Self::from_lowest(i128::from(*a) - i128::from(*f) * i128::from(*o), 1);
        }
        self - &(factor * other)
    }

    /// Converts a decimal exactly.
    pub fn from_decimal(d: Decimal) -> Rational {
        let scale = d.scale();
        let mantissa = d.mantissa();
        // 10^28 (the largest scale) fits i128.
        let den = 10i128.pow(scale);
        Self::from_i128(mantissa, den)
    }
}

impl From<Decimal> for Rational {
    fn from(d: Decimal) -> Rational {
        Rational::from_decimal(d)
    }
}

impl From<i64> for Rational {
    fn from(n: i64) -> Rational {
        Rational::integer(n)
    }
}

impl From<u32> for Rational {
    fn from(n: u32) -> Rational {
        Rational::integer(i64::from(n))
    }
}

impl PartialEq for Rational {
    fn eq(&self, other: &Rational) -> bool {
        // Lowest terms and "Big only when it does not fit Small" make the
        // representation canonical.
        match (&self.0, &other.0) {
            (Repr::Small(a, b), Repr::Small(c, d)) => a == c && b == d,
            (Repr::Big(x), Repr::Big(y)) => x == y,
            _ => false,
        }
    }
}

impl Eq for Rational {}

impl Ord for Rational {
    fn cmp(&self, other: &Rational) -> Ordering {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &other.0) {
            if b == d {
                return a.cmp(c);
            }
            // Products of two small parts fit i128.
            return (i128::from(*a) * i128::from(*d)).cmp(&(i128::from(*c) * i128::from(*b)));
        }
        let (a, b) = self.big_parts();
        let (c, d) = other.big_parts();
        (a * d).cmp(&(c * b))
    }
}

impl PartialOrd for Rational {
    fn partial_cmp(&self, other: &Rational) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl std::hash::Hash for Rational {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match &self.0 {
            Repr::Small(n, d) => (n, d).hash(state),
            Repr::Big(b) => b.hash(state),
        }
    }
}

impl std::ops::Add<&Rational> for &Rational {
    type Output = Rational;
    fn add(self, other: &Rational) -> Rational {
        self.add_ref(other)
    }
}

impl std::ops::Sub<&Rational> for &Rational {
    type Output = Rational;
    fn sub(self, other: &Rational) -> Rational {
        self.add_ref(&-other)
    }
}

impl std::ops::Mul<&Rational> for &Rational {
    type Output = Rational;
    fn mul(self, other: &Rational) -> Rational {
        self.mul_ref(other)
    }
}

impl std::ops::Neg for &Rational {
    type Output = Rational;
    fn neg(self) -> Rational {
        match &self.0 {
            // Small never holds i64::MIN, so the negation is exact.
            Repr::Small(n, d) => Rational(Repr::Small(-n, *d)),
            Repr::Big(b) => Rational::from_big(-b.0.clone(), b.1.clone()),
        }
    }
}

impl std::ops::Neg for Rational {
    type Output = Rational;
    fn neg(self) -> Rational {
        -&self
    }
}

impl std::ops::AddAssign<&Rational> for Rational {
    fn add_assign(&mut self, other: &Rational) {
        *self = &*self + other;
    }
}

impl std::ops::SubAssign<&Rational> for Rational {
    fn sub_assign(&mut self, other: &Rational) {
        *self = &*self - other;
    }
}

impl std::iter::Sum for Rational {
    fn sum<I: Iterator<Item = Rational>>(iter: I) -> Rational {
        iter.fold(Rational::ZERO, |acc, x| &acc + &x)
    }
}

impl fmt::Display for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Small(n, 1) => write!(f, "{n}"),
            Repr::Small(n, d) => write!(f, "{n}/{d}"),
            Repr::Big(b) if b.1.is_one() => write!(f, "{}", b.0),
            Repr::Big(b) => write!(f, "{}/{}", b.0, b.1),
        }
    }
}

impl fmt::Debug for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

/// A string that is neither an integer, a fraction nor a decimal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not an exact number (write 12, -7/3 or 0.734512)")]
pub struct ParseRationalError {
    /// The text that was given.
    pub text: String,
}

impl FromStr for Rational {
    type Err = ParseRationalError;
    fn from_str(s: &str) -> Result<Rational, ParseRationalError> {
        let err = || ParseRationalError {
            text: s.to_string(),
        };
        let t = s.trim();
        if let Some((n, d)) = t.split_once('/') {
            let n: BigInt = n.trim().parse().map_err(|_| err())?;
            let d: BigInt = d.trim().parse().map_err(|_| err())?;
            if d.is_zero() {
                return Err(err());
            }
            return Ok(Rational::from_big(n, d));
        }
        if t.contains(['.', 'e', 'E']) {
            let d = Decimal::from_str_exact(t).map_err(|_| err())?;
            return Ok(Rational::from_decimal(d));
        }
        let n: BigInt = t.parse().map_err(|_| err())?;
        Ok(Rational::from_big(n, BigInt::one()))
    }
}

impl serde::Serialize for Rational {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Rational {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rational, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Rational {
        s.parse().unwrap()
    }

    #[test]
    fn arithmetic_is_exact_and_canonical() {
        assert_eq!(&q("1/3") + &q("1/6"), q("1/2"));
        assert_eq!(&q("2/4") - &q("1/2"), Rational::ZERO);
        assert_eq!(&q("-3/4") * &q("8/9"), q("-2/3"));
        assert_eq!(q("0.250000"), q("1/4"));
        assert_eq!(q("6/-4").to_string(), "-3/2");
        assert!(q("1/3") < q("0.333334"));
        assert!("1/0".parse::<Rational>().is_err());
        assert!("abc".parse::<Rational>().is_err());
    }

    #[test]
    fn floor_and_ceil_round_toward_the_integers_around() {
        for (x, floor, ceil) in [
            ("7/2", "3", "4"),
            ("-7/2", "-4", "-3"),
            ("5", "5", "5"),
            ("-5", "-5", "-5"),
            ("0", "0", "0"),
            ("773/29", "26", "27"),
            ("3999/148", "27", "28"),
        ] {
            assert_eq!(q(x).floor(), q(floor), "floor {x}");
            assert_eq!(q(x).ceil(), q(ceil), "ceil {x}");
        }
        // Beyond i64: (i64::MAX² + 1) / i64::MAX lies just above i64::MAX.
        let m = Rational(Repr::Small(i64::MAX, 1));
        let above = &(&(&m * &m) + &Rational::ONE) * &m.recip().unwrap();
        assert!(matches!(above.0, Repr::Big(_)));
        assert_eq!(above.floor(), m);
        assert_eq!(above.ceil(), &m + &Rational::ONE);
        assert_eq!((-&above).floor(), -&(&m + &Rational::ONE));
    }

    #[test]
    fn overflow_moves_to_big_integers_and_back() {
        let big = Rational(Repr::Small(i64::MAX / 3, 1));
        let sq = &big * &big;
        assert!(matches!(sq.0, Repr::Big(_)));
        let back = sq.checked_div(&big).unwrap();
        assert_eq!(back, big);
        assert!(matches!(back.0, Repr::Small(..)));
        // Near-overflow sums and comparisons.
        let m = Rational(Repr::Small(i64::MAX - 1, 1));
        let s = &m + &m;
        assert_eq!(&s - &m, m);
        assert!(s > m);
        let tiny = Rational(Repr::Small(1, i64::MAX - 2));
        assert!(&tiny * &tiny < tiny);
        assert_eq!(q(&s.to_string()), s);
        // i64::MIN is never small, so negating a small number is exact.
        let min = Rational::integer(i64::MIN);
        assert!(matches!(min.0, Repr::Big(_)));
        assert_eq!((-&min).to_string(), "9223372036854775808");
        assert_eq!(
            &min + &Rational::ONE,
            Rational(Repr::Small(i64::MIN + 1, 1))
        );
        assert_eq!(Rational::new(i64::MIN, i64::MIN), Some(Rational::ONE));
        assert_eq!(min.to_i64(), Some(i64::MIN));
    }
}

#[cfg(test)]
mod gcd_tests {
    use super::gcd_u128;
    use proptest::prelude::*;

    fn euclid(mut a: u128, mut b: u128) -> u128 {
        while b != 0 {
            let r = a % b;
            a = b;
            b = r;
        }
        a
    }

    #[test]
    fn zero_and_powers_of_two() {
        assert_eq!(gcd_u128(0, 0), 0);
        assert_eq!(gcd_u128(0, 12), 12);
        assert_eq!(gcd_u128(12, 0), 12);
        assert_eq!(gcd_u128(1 << 100, 1 << 70), 1 << 70);
        assert_eq!(gcd_u128(u128::MAX, u128::MAX - 1), 1);
    }

    proptest! {
        #[test]
        fn the_binary_gcd_agrees_with_euclid(a in any::<u128>(), b in any::<u128>(), small in any::<(u64, u64)>()) {
            prop_assert_eq!(gcd_u128(a, b), euclid(a, b));
            let (x, y) = (u128::from(small.0), u128::from(small.1));
            prop_assert_eq!(gcd_u128(x, y), euclid(x, y));
            prop_assert_eq!(gcd_u128(a >> 64 << 3, x << 5), euclid(a >> 64 << 3, x << 5));
        }
    }
}

#[cfg(test)]
mod arithmetic_tests {
    use super::{BigInt, Rational, Repr};
    use proptest::prelude::*;

    /// `n/d` with `d ≠ 0`, in lowest terms, through the big-integer path.
    fn reference(n: BigInt, d: BigInt) -> Rational {
        Rational::from_big(n, d)
    }

    fn parts(r: &Rational) -> (BigInt, BigInt) {
        r.big_parts()
    }

    /// Small numbers, unit denominators (the common case), numbers near the
    /// edge of `i64` and numbers beyond it (big, or brought back when they
    /// reduce).
    fn rational() -> impl Strategy<Value = Rational> {
        prop_oneof![
            (-50i64..50).prop_map(Rational::integer),
            (-1000i64..1000, 1i64..60).prop_map(|(n, d)| Rational::new(n, d).unwrap()),
            (any::<i64>(), 1i64..=i64::MAX).prop_map(|(n, d)| Rational::new(n, d).unwrap()),
            (any::<i128>(), 1i128..=i128::MAX)
                .prop_filter("not MIN", |(n, _)| *n != i128::MIN)
                .prop_map(|(n, d)| Rational::from_i128(n, d)),
            Just(Rational(Repr::Small(i64::MAX - 1, 1))),
            Just(Rational(Repr::Small(-(i64::MAX - 1), i64::MAX))),
            (any::<i64>(), any::<i64>())
                .prop_filter("not MIN", |(n, d)| *n != i64::MIN
                    && *d != i64::MIN
                    && *d != 0)
                .prop_map(|(n, d)| Rational::new(n, d).unwrap()),
        ]
    }

    proptest! {
        /// Products, sums and `a − f·b` are exact and canonical (lowest terms,
        /// small whenever they fit): equal, representation included, to
        /// the same computation on big integers.
        #[test]
        fn products_and_updates_equal_the_big_integer_results(
            a in rational(),
            f in rational(),
            b in rational(),
        ) {
            let (an, ad) = parts(&a);
            let (fn_, fd) = parts(&f);
            let (bn, bd) = parts(&b);
            let product = reference(&fn_ * &bn, &fd * &bd);
            prop_assert_eq!(&f * &b, product);
            let sum = reference(&an * &bd + &bn * &ad, &ad * &bd);
            prop_assert_eq!(&a + &b, sum);
            let update = reference(&an * &fd * &bd - &fn_ * &bn * &ad, &ad * &fd * &bd);
            prop_assert_eq!(a.sub_mul(&f, &b), update);
            prop_assert_eq!(a.cmp(&b), (&an * &bd).cmp(&(&bn * &ad)));
            prop_assert_eq!(-&a, reference(-an.clone(), ad.clone()));
            if let Some(quotient) = a.checked_div(&b) {
                prop_assert_eq!(quotient, reference(&an * &bd, &ad * &bn));
            }
        }
    }
}
