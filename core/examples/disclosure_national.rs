//! Disclosure control at national size: the plan's 14 sensitive indicators,
//! each a table municipio (340) → departamento (22) → país by year (11) →
//! window, with synthetic victim counts (mostly zeros and small counts).
//! Prints how long building, protecting and auditing take.
//!
//! `cargo run --release --example disclosure_national [-- --sexo] [--no-audit] [--indicators N]`
//! (`--sexo` adds a sexo dimension with its total: three times the values;
//! `--indicators N` builds the first N of the 14 tables, for quick runs).
//!
//! # Figures
//!
//! CPU seconds (`/usr/bin/time`, release build, a machine shared with other
//! jobs, so rough):
//!
//! | run | protect | audit |
//! | --- | --- | --- |
//! | 14 two-way tables, before protection levels | 0.55 | 0.5, refused (1,056 counts below k) |
//! | 14 two-way tables, with protection levels | 1.3 | 1.0, passes |
//! | `--sexo`, 14 three-way tables, before | 9 | 207, refused |
//! | `--sexo --indicators 1`, with protection levels | 6.3 | 9, passes |
//!
//! The full `--sexo` run with protection levels took 506 s of wall-clock
//! time for protect on that shared machine (its CPU time was not taken):
//! the protection-level linear programs on three-way tables are the cost
//! still to bring down (see the engine's complexity notes).

use std::time::Instant;

use seguimiento::disclosure::{
    protect, Dimension, ProtectOptions, Rational, Relations, ValueClass,
};

/// A small deterministic generator (xorshift64*), so every run is the same.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A victim count: zero most of the time, often small, sometimes large.
    fn count(&mut self) -> i64 {
        let r = self.next() % 100;
        match r {
            0..=59 => 0,
            60..=89 => 1 + (self.next() % 10) as i64,
            _ => 11 + (self.next() % 70) as i64,
        }
    }
}

fn geography() -> Dimension {
    let mut nodes: Vec<(String, Option<String>)> = vec![("GT".into(), None)];
    for d in 0..22 {
        nodes.push((format!("D{d:02}"), Some("GT".into())));
    }
    // 340 municipios spread over the 22 departamentos.
    for m in 0..340 {
        nodes.push((format!("M{m:03}"), Some(format!("D{:02}", m % 22))));
    }
    Dimension::tree("geo", &nodes).expect("a valid geography")
}

fn years() -> Dimension {
    let years: Vec<String> = (2007..=2017).map(|y| y.to_string()).collect();
    let refs: Vec<&str> = years.iter().map(String::as_str).collect();
    Dimension::flat("anio", "2007-2017", &refs).expect("valid years")
}

fn main() {
    let with_sexo = std::env::args().any(|a| a == "--sexo");
    let skip_audit = std::env::args().any(|a| a == "--no-audit");
    let args: Vec<String> = std::env::args().collect();
    let indicators: u32 = args
        .iter()
        .position(|a| a == "--indicators")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(14);
    let started = Instant::now();
    let mut rel = Relations::new();
    let mut rng = Xorshift(0x5EED_2017);
    for indicator in 0..indicators {
        let mut dims = vec![geography(), years()];
        if with_sexo {
            dims.push(Dimension::flat("sexo", "T", &["M", "F"]).expect("valid sexo"));
        }
        rel.add_table(
            &format!("I{indicator:02}"),
            &dims,
            true,
            ValueClass::GrandTotal,
            |_| Rational::integer(rng.count()),
        )
        .expect("a consistent table");
    }
    let built = started.elapsed();
    println!(
        "{} values, {} relations built in {:.3} s",
        rel.len(),
        rel.relations().len(),
        built.as_secs_f64()
    );

    let started = Instant::now();
    let protection = match protect(&rel, &ProtectOptions::default()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("protect: {e}");
            std::process::exit(1);
        }
    };
    let protected = started.elapsed();
    let (primary, secondary) = protection.counts();
    println!(
        "protected in {:.3} s: {primary} primary, {secondary} secondary suppressions",
        protected.as_secs_f64()
    );

    if skip_audit {
        return;
    }
    let started = Instant::now();
    match protection.audit(&rel) {
        Ok(audit) => println!(
            "audited in {:.3} s: {}",
            started.elapsed().as_secs_f64(),
            serde_json::to_string(&audit.summary).unwrap_or_default()
        ),
        Err(e) => println!("audited in {:.3} s: {e}", started.elapsed().as_secs_f64()),
    }
}
