//! A deterministic generator of synthetic ledgers over a plan, for the
//! benchmarks (and for anyone who wants a large ledger to try things on).
//!
//! The numbers are random but plausible and every record is valid: the
//! indicator's granularity and plazo window, a responsible entity, a full
//! cell of the indicator's dimensions (or its total), a value that fits the
//! measure, and a `recorded_on` after the period starts. The same seed always
//! gives the same ledger.
#![forbid(unsafe_code)]

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::io::Write as _;

use seguimiento::{Granularity, Ledger, Measure, Mode, Plan, Scorecard};

/// SplitMix64: small, fast and good enough to spread synthetic records.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// What the generator needs to know of one observable indicator.
struct Observable {
    id: String,
    measure: Measure,
    granularity: Granularity,
    years: (i32, i32),
    entities: Vec<String>,
    dimensions: Vec<(String, Vec<String>)>,
    biennial: bool,
}

fn observables(plan: &Plan) -> Vec<Observable> {
    let mut out = Vec::new();
    for index in plan.indicator_indexes() {
        let ind = plan.indicator_at(index);
        if matches!(ind.measure, Measure::Text | Measure::Milestone) {
            continue;
        }
        let Some(granularity) = Granularity::for_frequency(ind.frequency) else {
            continue;
        };
        let plazo = plan.indicator_plazo(index);
        let action = plan.indicator_action(index);
        let entities: Vec<String> = plan
            .entity_indexes()
            .filter(|&e| plan.may_report(action, e))
            .map(|e| plan.entity_at(e).code.clone())
            .collect();
        let dimensions = ind
            .dimensions
            .iter()
            .filter_map(|d| {
                plan.dimension(d)
                    .map(|dim| (dim.id.clone(), dim.values.clone()))
            })
            .collect();
        out.push(Observable {
            id: ind.id.clone(),
            measure: ind.measure,
            granularity,
            years: (plazo.start_year, plazo.end_year),
            entities,
            dimensions,
            biennial: ind.frequency == seguimiento::Frequency::Biennial,
        });
    }
    out
}

/// Writes `count` synthetic observations as CSV in the ledger's observation
/// format (one `cell.<dimension>` column per dimension of the plan).
///
/// ```
/// let plan = seguimiento::Plan::embedded();
/// let csv = seguimiento_benches::observations_csv(&plan, 100, 7);
/// assert_eq!(csv.lines().count(), 101);
/// assert_eq!(csv, seguimiento_benches::observations_csv(&plan, 100, 7));
/// ```
pub fn observations_csv(plan: &Plan, count: usize, seed: u64) -> String {
    let mut out = Vec::with_capacity(count * 64);
    // Writing into a Vec cannot fail.
    let _ = write_observations_csv(plan, count, seed, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the same CSV as [`observations_csv`] to `out`, row by row, so that a
/// national-size file never has to exist in memory.
pub fn write_observations_csv<W: std::io::Write>(
    plan: &Plan,
    count: usize,
    seed: u64,
    out: W,
) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::with_capacity(1 << 20, out);
    let indicators = observables(plan);
    let dims: Vec<&str> = plan.dimensions().iter().map(|d| d.id.as_str()).collect();
    let mut row = String::with_capacity(256);
    row.push_str("indicator,period,entity,value,recorded_on");
    for d in &dims {
        let _ = write!(row, ",cell.{d}");
    }
    row.push('\n');
    file.write_all(row.as_bytes())?;
    // Indicators broken down by many cells carry most national data: weight
    // the draw by the number of cells, so that the ledger looks like one.
    let weights: Vec<usize> = indicators
        .iter()
        .map(|i| {
            i.dimensions
                .iter()
                .map(|(_, v)| v.len())
                .product::<usize>()
                .max(1)
        })
        .collect();
    let total_weight: usize = weights.iter().sum();
    let mut rng = Rng::new(seed);
    // Per key drawn so far (hashed), the days after the first of its month
    // already taken, one bit a day.
    let mut taken: std::collections::HashMap<u64, Vec<u64>> = std::collections::HashMap::new();
    for _ in 0..count {
        row.clear();
        let out = &mut row;
        let mut pick = rng.below(total_weight);
        let mut chosen = 0;
        for (i, w) in weights.iter().enumerate() {
            if pick < *w {
                chosen = i;
                break;
            }
            pick -= w;
        }
        let ind = &indicators[chosen];
        let year = ind.years.0 + rng.below((ind.years.1 - ind.years.0 + 1) as usize) as i32;
        let (period, month) = match ind.granularity {
            Granularity::Month => {
                let m = 1 + rng.below(12);
                (format!("{year}-{m:02}"), m)
            }
            Granularity::Half => {
                let h = 1 + rng.below(2);
                (format!("{year}-S{h}"), h * 6)
            }
            _ => (format!("{year}"), 12),
        };
        let entity = &ind.entities[rng.below(ind.entities.len())];
        let value = match ind.measure {
            Measure::Percentage => format!("{}.{}", rng.below(100), rng.below(10)),
            Measure::Level => format!("{}.{:02}", rng.below(5), rng.below(100)),
            Measure::Amount => format!("{}.{:02}", rng.below(5_000_000), rng.below(100)),
            _ => format!("{}", rng.below(400)),
        };
        // Recorded in the month after the period ends, give or take.
        let (ry, rm) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        let day = rng.below(28) as u64;
        // One row in ten is the total; the others name a whole cell.
        let total = ind.dimensions.is_empty() || rng.below(10) == 0;
        let cells: Vec<&str> = dims
            .iter()
            .map(|d| match ind.dimensions.iter().find(|(id, _)| id == d) {
                Some((_, values)) if !total => values[rng.below(values.len())].as_str(),
                _ => "",
            })
            .collect();
        // Two rows of one key recorded on the same day would be duplicates
        // within the batch (SPEC §2): a row whose key was already drawn for
        // that day is recorded on the next free day instead. A key drawn
        // many times walks its taken days a word at a time. (std's
        // DefaultHasher has fixed keys: the same file on every run.)
        let mut key = std::collections::hash_map::DefaultHasher::new();
        (chosen, &period, entity, &cells).hash(&mut key);
        let first = chrono::NaiveDate::from_ymd_opt(ry, rm as u32, 1).expect("a real month");
        let recorded_on =
            first + chrono::Days::new(take_free_day(taken.entry(key.finish()).or_default(), day));
        let _ = write!(
            out,
            "{},{},{},{},{recorded_on}",
            ind.id, period, entity, value
        );
        for cell in &cells {
            out.push(',');
            out.push_str(cell);
        }
        out.push('\n');
        file.write_all(row.as_bytes())?;
    }
    file.flush()
}

/// The first day from `from` on whose bit in `taken` is clear, marked taken.
fn take_free_day(taken: &mut Vec<u64>, from: u64) -> u64 {
    let mut word = (from / 64) as usize;
    // Bits below `from` in its word do not count.
    let mut below = (1u64 << (from % 64)) - 1;
    loop {
        if word >= taken.len() {
            taken.resize(word + 1, 0);
        }
        let free = !(taken[word] | below);
        if free != 0 {
            let bit = u64::from(free.trailing_zeros());
            taken[word] |= 1 << bit;
            return word as u64 * 64 + bit;
        }
        word += 1;
        below = 0;
    }
}

/// A JSON ledger with targets for every observable indicator: one per year
/// of its plazo (yearly indicators) and one for its whole window, so that the
/// evaluation of a synthetic ledger scores real work.
///
/// ```
/// use std::sync::Arc;
/// let plan = Arc::new(seguimiento::Plan::embedded());
/// let mut ledger = seguimiento::Ledger::new(plan.clone());
/// let json = seguimiento_benches::targets_json(&plan);
/// assert!(ledger.ingest_json(&json, seguimiento::Mode::Strict).unwrap().accepted > 100);
/// ```
pub fn targets_json(plan: &Plan) -> String {
    let records: Vec<String> = synthetic_targets(plan)
        .iter()
        .map(|t| {
            format!(
                r#"{{"indicator": "{}", "period": "{}", "value": "{}"}}"#,
                t.indicator, t.period, t.value
            )
        })
        .collect();
    format!("{{\"targets\": [\n{}\n]}}\n", records.join(",\n"))
}

/// The year targets of [`targets_json`] as CSV (`indicator,year,value`): what
/// the peers of `make bench-peers` read, since they score year targets only.
///
/// ```
/// let plan = seguimiento::Plan::embedded();
/// let csv = seguimiento_benches::year_targets_csv(&plan);
/// assert!(csv.starts_with("indicator,year,value\n"));
/// ```
pub fn year_targets_csv(plan: &Plan) -> String {
    let mut out = String::from("indicator,year,value\n");
    for t in synthetic_targets(plan) {
        if !t.period.contains('/') {
            let _ = writeln!(out, "{},{},{}", t.indicator, t.period, t.value);
        }
    }
    out
}

/// One synthetic target: indicator id, period text and value text.
struct SyntheticTarget {
    indicator: String,
    period: String,
    value: &'static str,
}

/// Every indicator takes a window target; the yearly ones also one per year.
fn synthetic_targets(plan: &Plan) -> Vec<SyntheticTarget> {
    let mut out = Vec::new();
    for ind in observables(plan) {
        let (per_year, window) = match ind.measure {
            Measure::Percentage => ("60", "80"),
            Measure::Level => ("3", "4"),
            Measure::Amount => ("2000000", "20000000"),
            _ => ("150", "1500"),
        };
        out.push(SyntheticTarget {
            indicator: ind.id.clone(),
            period: format!("{}/{}", ind.years.0, ind.years.1),
            value: window,
        });
        if !ind.biennial {
            for year in ind.years.0..=ind.years.1 {
                out.push(SyntheticTarget {
                    indicator: ind.id.clone(),
                    period: year.to_string(),
                    value: per_year,
                });
            }
        }
    }
    out
}

/// The number of observations a large bench uses: `SG_BENCH_OBSERVATIONS`
/// if set to a whole number, else `default`.
pub fn bench_observations(default: usize) -> usize {
    std::env::var("SG_BENCH_OBSERVATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A ledger of `total` generated observations and the generator's targets,
/// the observations written and ingested a million at a time (seeds `seed`,
/// `seed + 1`, …) so that no more than a million rows of CSV text are held
/// at once. Ingested leniently: a row revising a key of an earlier chunk is
/// a revision; within a chunk the generator draws no duplicates. Returns
/// the ledger and the first seed it did not use, for records added later.
pub fn chunked_ledger(
    plan: &std::sync::Arc<Plan>,
    total: usize,
    seed: u64,
) -> (seguimiento::Ledger, u64) {
    const CHUNK: usize = 1_000_000;
    let mut ledger = seguimiento::Ledger::new(std::sync::Arc::clone(plan));
    let mut done = 0;
    let mut seed = seed;
    while done < total {
        let n = CHUNK.min(total - done);
        let csv = observations_csv(plan, n, seed);
        ledger
            .ingest_csv(csv.as_bytes(), seguimiento::Mode::Lenient)
            .expect("readable synthetic rows");
        done += n;
        seed += 1;
    }
    ledger
        .ingest_json(&targets_json(plan), seguimiento::Mode::Strict)
        .expect("valid synthetic targets");
    (ledger, seed)
}

/// The date the national examples score at, and the peers' job stands for:
/// the end of the plan.
pub fn plan_end() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2017, 12, 31).expect("a calendar date")
}

/// A ledger of the embedded plan holding the targets of the JSON ledger at
/// `targets` (strict), as each national example begins; an error names the
/// file.
pub fn ledger_with_targets(targets: &std::path::Path) -> Result<Ledger, String> {
    let mut ledger = Ledger::new(std::sync::Arc::new(Plan::embedded()));
    let text = std::fs::read_to_string(targets)
        .map_err(|e| format!("{}: cannot read: {e}", targets.display()))?;
    ledger
        .ingest_json(&text, Mode::Strict)
        .map_err(|e| format!("{}: {e}", targets.display()))?;
    Ok(ledger)
}

/// The line the project's side of `make bench-peers` prints, in the peers'
/// shape: `seguimiento score=<plan score as a fraction> accepted=<n>`.
pub fn score_line(card: &Scorecard, accepted: usize) -> String {
    let score = card
        .plan_node()
        .score
        .map_or_else(|| "none".to_string(), |s| format!("{:.6}", s.to_f64()));
    format!("seguimiento score={score} accepted={accepted}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_day_is_the_first_one_not_taken_from_the_day_drawn() {
        // The plain way: a set of taken days, walked one day at a time.
        let mut rng = Rng::new(7);
        let mut taken = Vec::new();
        let mut plain = std::collections::BTreeSet::new();
        for _ in 0..2_000 {
            let from = rng.below(200) as u64;
            let expected = (from..).find(|d| !plain.contains(d)).unwrap();
            plain.insert(expected);
            assert_eq!(take_free_day(&mut taken, from), expected, "from {from}");
        }
        // 2,000 days taken, each once.
        assert_eq!(plain.len(), 2_000);
        assert_eq!(
            taken.iter().map(|w| w.count_ones() as usize).sum::<usize>(),
            2_000
        );
    }
}
