//! Disclosure control at national size finishes and keeps its promises:
//! the 14 sensitive indicators × (340 municipios → 22 departamentos → país)
//! × (11 years → window), synthetic counts with many zeros and small counts.
//! (Timings are printed by `examples/disclosure_national.rs`, never tested.)

use seguimiento::disclosure::{
    protect, Dimension, PrimaryReason, ProtectOptions, Rational, Relations, Status, ValueClass,
};

struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn count(&mut self) -> i64 {
        match self.next() % 100 {
            0..=59 => 0,
            60..=89 => 1 + (self.next() % 10) as i64,
            _ => 11 + (self.next() % 70) as i64,
        }
    }
}

fn national() -> Relations {
    let mut geo: Vec<(String, Option<String>)> = vec![("GT".into(), None)];
    geo.extend((0..22).map(|d| (format!("D{d:02}"), Some("GT".to_string()))));
    geo.extend((0..340).map(|m| (format!("M{m:03}"), Some(format!("D{:02}", m % 22)))));
    let years: Vec<String> = (2007..=2017).map(|y| y.to_string()).collect();
    let years: Vec<&str> = years.iter().map(String::as_str).collect();
    let mut rel = Relations::new();
    let mut rng = Xorshift(0x5EED_2017);
    for indicator in 0..14 {
        let dims = [
            Dimension::tree("geo", &geo).unwrap(),
            Dimension::flat("anio", "2007-2017", &years).unwrap(),
        ];
        rel.add_table(
            &format!("I{indicator:02}"),
            &dims,
            true,
            ValueClass::GrandTotal,
            |_| Rational::integer(rng.count()),
        )
        .unwrap();
    }
    rel
}

#[test]
fn a_national_size_problem_is_protected() {
    let rel = national();
    assert_eq!(rel.len(), 14 * 363 * 12);
    let p = protect(&rel, &ProtectOptions::default()).unwrap();
    let (primary, secondary) = p.counts();
    assert!(primary > 10_000 && secondary > 0, "{primary} {secondary}");
    let eleven = Rational::integer(11);
    for (v, s) in rel.values().iter().zip(p.statuses()) {
        let small = v.value.is_positive() && v.value < eleven;
        assert_eq!(
            small,
            *s == Status::Primary(PrimaryReason::SmallCount),
            "{}",
            v.key
        );
        // Zeros and grand totals are never suppressed for others' sake.
        if v.value.is_zero() || v.class == ValueClass::GrandTotal {
            assert!(!matches!(s, Status::Secondary(_)), "{}", v.key);
        }
    }
    for r in rel.relations() {
        let suppressed: Vec<_> = r
            .terms
            .iter()
            .filter(|t| p.status(t.0).is_suppressed())
            .collect();
        // A margin never hides exactly one suppressed cell.
        assert_ne!(suppressed.len(), 1, "{}", r.label);
    }
    // The same problem, fed its own pattern, gives the same release.
    let again = protect(
        &rel,
        &ProtectOptions {
            earlier_patterns: vec![p.pattern().clone()],
            ..ProtectOptions::default()
        },
    )
    .unwrap();
    assert_eq!(again.pattern(), p.pattern());
}
