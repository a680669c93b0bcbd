//! Exact rational numbers: a fast `i128` path with an arbitrary-precision
//! fallback.
//!
//! Gaussian elimination and simplex pivots multiply coefficients together, and
//! the numerators and denominators of the results grow with every pivot
//! (their size is bounded by sub-determinants of the relation matrix, not by
//! the inputs). Sums of ones stay small, but a weighted-mean roll-up with
//! 6-decimal weights and scores can outgrow 128 bits after a handful of
//! pivots. Every operation is therefore tried on `i128` with checked
//! arithmetic, and only when that overflows is it redone on `num-bigint`
//! integers; a result that fits in `i128` again is brought back. The engine
//! never rounds and never reports an overflow.

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
    /// `num/den`, `den > 0`, `gcd(num, den) = 1`, neither is `i128::MIN`.
    Small(i128, i128),
    /// The same invariants, used only when the value does not fit `Small`.
    Big(Box<(BigInt, BigInt)>),
}

/// Stein's binary algorithm: shifts and subtractions, no division (a
/// 128-bit division is a slow library call), on 64 bits when both fit.
fn gcd_u128(a: u128, b: u128) -> u128 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    // A unit denominator or coefficient, the common case: nothing to loop.
    if a == 1 || b == 1 {
        return 1;
    }
    if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(b)) {
        return u128::from(binary_gcd(a, b));
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

fn gcd_i128(a: i128, b: i128) -> i128 {
    // Both operands exclude i128::MIN, so unsigned_abs and the cast back are exact.
    gcd_u128(a.unsigned_abs(), b.unsigned_abs()) as i128
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
        Rational(Repr::Small(i128::from(n), 1))
    }

    /// `num/den` in lowest terms; `None` if `den` is zero.
    pub fn new(num: i64, den: i64) -> Option<Rational> {
        if den == 0 {
            return None;
        }
        Some(Self::small(i128::from(num), i128::from(den)))
    }

    /// Normalizes a small fraction (`den != 0`, operands within ±2^126 so
    /// that negation cannot overflow).
    fn small(num: i128, den: i128) -> Rational {
        Self::from_parts_checked(num, den)
            .unwrap_or_else(|| Self::from_big(BigInt::from(num), BigInt::from(den)))
    }

    fn from_parts_checked(mut num: i128, mut den: i128) -> Option<Rational> {
        if num == i128::MIN || den == i128::MIN {
            return None;
        }
        if den < 0 {
            num = -num;
            den = -den;
        }
        if num == 0 {
            return Some(Rational::ZERO);
        }
        let g = gcd_i128(num, den);
        Some(Rational(Repr::Small(div_exact(num, g), div_exact(den, g))))
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
        match (num.to_i128(), den.to_i128()) {
            (Some(n), Some(d)) if n != i128::MIN && d != i128::MIN => Rational(Repr::Small(n, d)),
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
            Repr::Small(n, 1) => i64::try_from(*n).ok(),
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
            // Integers (almost every coefficient of a sum) need no gcd.
            if *b == 1 && *d == 1 {
                if let Some(n) = a.checked_add(*c).filter(|n| *n != i128::MIN) {
                    return Rational(Repr::Small(n, 1));
                }
            } else if b == d {
                if let Some(n) = a.checked_add(*c) {
                    if let Some(r) = Self::from_parts_checked(n, *b) {
                        return r;
                    }
                }
            }
            // Henrici's sum (Knuth, TAOCP 4.5.1): with g = gcd(b, d) and
            // t = a·(d/g) + c·(b/g), the sum in lowest terms is
            // (t/g₂) / ((b/g)·(d/g₂)) for g₂ = gcd(t, g), both operands
            // being in lowest terms; so only gcd(t, g) is needed, none when
            // the denominators are coprime.
            let g = gcd_i128(*b, *d);
            let fast = (|| {
                let (b_g, d_g) = (div_exact(*b, g), div_exact(*d, g));
                let t = a.checked_mul(d_g)?.checked_add(c.checked_mul(b_g)?)?;
                if t == i128::MIN {
                    return None;
                }
                if t == 0 {
                    return Some(Rational::ZERO);
                }
                let g2 = gcd_i128(t, g);
                let num = div_exact(t, g2);
                let den = b_g.checked_mul(div_exact(*d, g2))?;
                (num != i128::MIN && den != i128::MIN).then_some(Rational(Repr::Small(num, den)))
            })();
            if let Some(r) = fast {
                return r;
            }
        }
        let (a, b) = self.big_parts();
        let (c, d) = other.big_parts();
        Self::from_big(a * &d + c * &b, b * d)
    }

    fn mul_ref(&self, other: &Rational) -> Rational {
        if let (Repr::Small(a, b), Repr::Small(c, d)) = (&self.0, &other.0) {
            if *a == 0 || *c == 0 {
                return Rational::ZERO;
            }
            if *b == 1 && *d == 1 {
                if let Some(n) = a.checked_mul(*c).filter(|n| *n != i128::MIN) {
                    return Rational(Repr::Small(n, 1));
                }
            }
            let g1 = gcd_i128(*a, *d);
            let g2 = gcd_i128(*c, *b);
            let fast = (|| {
                let num = div_exact(*a, g1).checked_mul(div_exact(*c, g2))?;
                let den = div_exact(*b, g2).checked_mul(div_exact(*d, g1))?;
                // Both factors in lowest terms and the cross divisors taken
                // out: the product is in lowest terms, its denominator
                // positive; no gcd to compute again.
                (num != i128::MIN && den != i128::MIN).then_some(Rational(Repr::Small(num, den)))
            })();
            if let Some(r) = fast {
                return r;
            }
        }
        let (a, b) = self.big_parts();
        let (c, d) = other.big_parts();
        Self::from_big(a * c, b * d)
    }

    /// `self / other`; `None` when `other` is zero.
    pub fn checked_div(&self, other: &Rational) -> Option<Rational> {
        Some(self.mul_ref(&other.recip()?))
    }

    /// `self - factor * other`, the update at the heart of elimination.
    pub fn sub_mul(&self, factor: &Rational, other: &Rational) -> Rational {
        // Integers (sums and their eliminations): one checked expression,
        // no temporaries and no gcd.
        if let (Repr::Small(a, 1), Repr::Small(f, 1), Repr::Small(o, 1)) =
            (&self.0, &factor.0, &other.0)
        {
            if let Some(n) = f
                .checked_mul(*o)
                .and_then(|p| a.checked_sub(p))
                .filter(|n| *n != i128::MIN)
            {
                return Rational(Repr::Small(n, 1));
            }
        }
        self - &(factor * other)
    }

    /// Converts a decimal exactly.
    pub fn from_decimal(d: Decimal) -> Rational {
        let scale = d.scale();
        let mantissa = d.mantissa();
        // 10^28 (the largest scale) fits i128.
        let den = 10i128.pow(scale);
        Self::small(mantissa, den)
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
            if let (Some(l), Some(r)) = (a.checked_mul(*d), c.checked_mul(*b)) {
                return l.cmp(&r);
            }
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
            // Small never holds i128::MIN, so the negation is exact.
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
    fn overflow_moves_to_big_integers_and_back() {
        let big = Rational(Repr::Small(i128::MAX / 3, 1));
        let sq = &big * &big;
        assert!(matches!(sq.0, Repr::Big(_)));
        let back = sq.checked_div(&big).unwrap();
        assert_eq!(back, big);
        assert!(matches!(back.0, Repr::Small(..)));
        // Near-overflow sums and comparisons.
        let m = Rational(Repr::Small(i128::MAX - 1, 1));
        let s = &m + &m;
        assert_eq!(&s - &m, m);
        assert!(s > m);
        let tiny = Rational(Repr::Small(1, i128::MAX - 2));
        assert!(&tiny * &tiny < tiny);
        assert_eq!(q(&s.to_string()), s);
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

    /// Small numbers, unit denominators (the common case) and numbers near
    /// the edge of `i128`.
    fn rational() -> impl Strategy<Value = Rational> {
        prop_oneof![
            (-50i64..50).prop_map(Rational::integer),
            (-1000i64..1000, 1i64..60).prop_map(|(n, d)| Rational::new(n, d).unwrap()),
            (any::<i64>(), 1i64..=i64::MAX).prop_map(|(n, d)| Rational::new(n, d).unwrap()),
            (any::<i128>(), 1i128..=i128::MAX)
                .prop_filter("not MIN", |(n, _)| *n != i128::MIN)
                .prop_map(|(n, d)| Rational::small(n, d)),
            Just(Rational(Repr::Small(i128::MAX - 1, 1))),
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
        }
    }
}
