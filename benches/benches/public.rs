//! The public view of an evaluation (SPEC §5, issue 11): how long it takes
//! to protect and audit everything a public release of the embedded plan
//! shows, on the generator's synthetic ledger (`SG_BENCH_OBSERVATIONS`
//! observations, default 20,000, ingested a million at a time, with the
//! generator's targets), evaluated as of 2017-12-31
//! (`cargo bench -p seguimiento-benches --bench public`):
//!
//! - `PublicView::build`: gathering the values and relations, protection
//!   (primary rule, elimination, singletons, protection levels) and the
//!   audit, as a release pays it;
//! - `protect` and `audit` alone, on the values and relations the view
//!   gathered, to tell the engine's share from the gathering.
//!
//! The default is small because the engine is not yet fast enough for a
//! national ledger: at 100,000 observations one build takes about 8 CPU
//! seconds, and criterion takes ten samples of each function. National
//! sizes (`SG_BENCH_OBSERVATIONS=1000000` and up) are the goal of issue 11.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use seguimiento::disclosure::{protect, ProtectOptions};
use seguimiento::{evaluate, Config, Plan, PublicConfig, PublicView};

const DEFAULT_OBSERVATIONS: usize = 20_000;
const SEED: u64 = 2007;

fn benches(c: &mut Criterion) {
    let plan = Arc::new(Plan::embedded());
    let total = seguimiento_benches::bench_observations(DEFAULT_OBSERVATIONS);
    let (ledger, _) = seguimiento_benches::chunked_ledger(&plan, total, SEED);
    let as_of = chrono::NaiveDate::from_ymd_opt(2017, 12, 31).expect("a valid date");
    let card = evaluate(&plan, &ledger, as_of, &Config::default()).expect("same plan");
    let config = PublicConfig::new("bench");
    let view =
        PublicView::build(&plan, &ledger, &card, &config).expect("a release the audit passes");
    let relations = view.relations();
    let options = ProtectOptions {
        k: config.k,
        ..ProtectOptions::default()
    };
    println!(
        "{total} observations: {} values, {} relations, {} primary, {} secondary",
        view.audit.values,
        relations.relations().len(),
        view.audit.primary,
        view.audit.secondary
    );

    let mut group = c.benchmark_group(format!("public view, {total} observations"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("PublicView::build", |b| {
        b.iter(|| {
            black_box(PublicView::build(&plan, &ledger, &card, &config).expect("the audit passes"))
        })
    });
    group.bench_function("protect", |b| {
        b.iter(|| black_box(protect(relations, &options).expect("protectable")))
    });
    let protection = protect(relations, &options).expect("protectable");
    group.bench_function("audit", |b| {
        b.iter(|| black_box(protection.audit(relations).expect("the audit passes")))
    });
    group.finish();
}

criterion_group!(public, benches);
criterion_main!(public);
