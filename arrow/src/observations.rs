//! The observations laid out column by column straight from the store, on
//! every core: the rows are cut into one run per thread, each thread writes
//! its run's part of every column in place, and only the periods (numbered
//! as each thread first met them) are renumbered afterwards.

use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::Arc;

use arrow_array::types::{Int16Type, Int32Type, Int8Type};
use arrow_array::{
    ArrayRef, Date32Array, Decimal128Array, DictionaryArray, Float64Array, Int16Array, Int32Array,
    Int8Array, RecordBatch, StringArray,
};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, Field, Schema};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use seguimiento::{Ledger, Period, Source};

use crate::write::Numbers;

/// Rows each thread is given at least: below this, starting a thread costs
/// more than the rows it would take.
const ROWS_PER_THREAD: usize = 1 << 16;

/// Days from 0001-01-01 (day 1 of chrono's common era) to 1970-01-01.
const UNIX_EPOCH_FROM_CE: i32 = 719_163;

/// The days from 1970-01-01 to a date, as Arrow's `Date32` counts them.
pub(crate) fn days(date: NaiveDate) -> i32 {
    // chrono's dates are within ±262,143 years: no overflow.
    date.num_days_from_ce() - UNIX_EPOCH_FROM_CE
}

/// A position in a dictionary as an Arrow key.
fn key(position: usize) -> i32 {
    // The plan's indicators, entities and dimension values, and a ledger's
    // distinct periods, are far fewer than 2^31.
    i32::try_from(position).unwrap_or(i32::MAX)
}

/// A column of dictionary keys, as narrow as its dictionary allows (a byte
/// a row for up to 128 values): less memory to fill and check, and the
/// width pandas keeps a Categorical's codes in.
enum Keys {
    Narrow(Vec<i8>),
    Medium(Vec<i16>),
    Wide(Vec<i32>),
}

/// A run's part of a column of keys.
enum KeyPart<'c> {
    Narrow(&'c mut [i8]),
    Medium(&'c mut [i16]),
    Wide(&'c mut [i32]),
}

impl Keys {
    /// Zeroed keys for `rows` rows into a dictionary of `values` values.
    fn zeroed(rows: usize, values: usize) -> Keys {
        // Zeroed allocations: pages no thread writes (a dimension no row
        // names) are never touched.
        if values <= 1 << 7 {
            Keys::Narrow(vec![0; rows])
        } else if values <= 1 << 15 {
            Keys::Medium(vec![0; rows])
        } else {
            Keys::Wide(vec![0; rows])
        }
    }

    fn parts<'c>(&'c mut self, runs: &[Range<usize>]) -> Vec<KeyPart<'c>> {
        match self {
            Keys::Narrow(k) => parts(k, runs).into_iter().map(KeyPart::Narrow).collect(),
            Keys::Medium(k) => parts(k, runs).into_iter().map(KeyPart::Medium).collect(),
            Keys::Wide(k) => parts(k, runs).into_iter().map(KeyPart::Wide).collect(),
        }
    }

    /// Wide keys made as narrow as `values` values allow.
    fn narrowed(self, values: usize) -> Keys {
        match self {
            // Every key is below `values`, so the narrower type holds it.
            Keys::Wide(k) if values <= 1 << 7 => Keys::Narrow(k.iter().map(|&k| k as i8).collect()),
            Keys::Wide(k) if values <= 1 << 15 => {
                Keys::Medium(k.iter().map(|&k| k as i16).collect())
            }
            keys => keys,
        }
    }
}

impl KeyPart<'_> {
    /// Sets a row's key, a position in a dictionary the keys' width holds.
    fn set(&mut self, row: usize, position: usize) {
        match self {
            KeyPart::Narrow(k) => k[row] = position as i8,
            KeyPart::Medium(k) => k[row] = position as i16,
            KeyPart::Wide(k) => k[row] = key(position),
        }
    }
}

/// The runs of rows the threads take: as many as there are cores (fewer
/// for few rows), each but the last a whole number of bytes of a validity
/// bitmap (a multiple of 8 rows), so that each writes its own bytes.
fn runs(rows: usize) -> Vec<Range<usize>> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    runs_of(rows, cores.min(rows / ROWS_PER_THREAD))
}

/// `rows` cut into `threads` runs (at least one), as [`runs`] cuts them.
fn runs_of(rows: usize, threads: usize) -> Vec<Range<usize>> {
    let threads = threads.max(1);
    let per_thread = rows.div_ceil(threads).next_multiple_of(8).max(8);
    (0..rows)
        .step_by(per_thread)
        .map(|start| start..(start + per_thread).min(rows))
        .collect()
}

/// Cuts `column` into the runs' parts.
fn parts<'c, T>(mut column: &'c mut [T], runs: &[Range<usize>]) -> Vec<&'c mut [T]> {
    runs.iter()
        .map(|run| {
            let (part, rest) = std::mem::take(&mut column).split_at_mut(run.len());
            column = rest;
            part
        })
        .collect()
}

/// Cuts a validity bitmap into the runs' parts (each run starts on a byte).
fn bitmap_parts<'c>(bitmap: &'c mut [u8], runs: &[Range<usize>]) -> Vec<&'c mut [u8]> {
    let bytes: Vec<Range<usize>> = runs
        .iter()
        .map(|run| run.start / 8..run.end.div_ceil(8))
        .collect();
    parts(bitmap, &bytes)
}

/// Marks row `row` of a run valid in its part of a bitmap.
fn set_valid(bitmap: &mut [u8], row: usize) {
    bitmap[row / 8] |= 1 << (row % 8);
}

/// A whole column of dictionary keys with its validity bitmap (a bit set
/// per row holding a value).
struct KeyColumn {
    keys: Keys,
    valid: Vec<u8>,
}

impl KeyColumn {
    fn new(rows: usize, values: usize) -> KeyColumn {
        KeyColumn {
            keys: Keys::zeroed(rows, values),
            valid: vec![0; rows.div_ceil(8)],
        }
    }

    fn nulls(self, rows: usize) -> (Keys, NullBuffer) {
        let valid = BooleanBuffer::new(Buffer::from_vec(self.valid), 0, rows);
        (self.keys, NullBuffer::new(valid))
    }
}

/// The values of a run: as they are (for [`Numbers::Exact`], which decides
/// on their layout once every run is read), or their nearest doubles.
enum ValuePart<'c> {
    Exact(&'c mut [Decimal]),
    Float(&'c mut [f64]),
}

/// One run's part of every column.
struct Part<'c> {
    rows: Range<usize>,
    indicators: KeyPart<'c>,
    entities: KeyPart<'c>,
    periods: &'c mut [i32],
    sources: KeyPart<'c>,
    dates: &'c mut [i32],
    dates_valid: &'c mut [u8],
    /// Per dimension of the plan, its keys and validity bitmap.
    cells: Vec<(KeyPart<'c>, &'c mut [u8])>,
    values: ValuePart<'c>,
}

/// What a run met besides the values written: its periods, in the order
/// first met (the run's period keys number them), the dimensions its cells
/// name, and the scale all its values share (`None`: they differ, or there
/// are none).
struct Met {
    periods: Vec<Period>,
    dimensions: Vec<bool>,
    scales: Scales,
}

/// The places of a run's exact values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scales {
    None,
    One(u32),
    Several,
}

impl Scales {
    fn with(self, scale: u32) -> Scales {
        match self {
            Scales::None => Scales::One(scale),
            Scales::One(s) if s == scale => self,
            _ => Scales::Several,
        }
    }

    fn and(self, other: Scales) -> Scales {
        match other {
            Scales::None => self,
            Scales::One(s) => self.with(s),
            Scales::Several => Scales::Several,
        }
    }
}

/// Writes a run of observations into its part of every column.
fn lay_out(ledger: &Ledger, part: Part<'_>) -> Met {
    let Part {
        rows,
        mut indicators,
        mut entities,
        periods,
        mut sources,
        dates,
        dates_valid,
        mut cells,
        mut values,
    } = part;
    let mut met = Met {
        periods: Vec::new(),
        dimensions: vec![false; cells.len()],
        scales: Scales::None,
    };
    let mut period_keys: FxHashMap<Period, i32> = FxHashMap::default();
    // Rows come in runs of one period: most look-ups are the last one.
    let mut last_period: Option<(Period, i32)> = None;
    for (row, o) in ledger.observation_rows_in(rows).enumerate() {
        indicators.set(row, o.indicator.get());
        entities.set(row, o.entity.get());
        periods[row] = match last_period {
            Some((period, key)) if period == o.period => key,
            _ => {
                let found = *period_keys.entry(o.period).or_insert_with(|| {
                    met.periods.push(o.period);
                    key(met.periods.len() - 1)
                });
                last_period = Some((o.period, found));
                found
            }
        };
        let source = Source::ALL.iter().position(|&s| s == o.source);
        sources.set(row, source.unwrap_or(0));
        if let Some(date) = o.recorded_on {
            dates[row] = days(date);
            set_valid(dates_valid, row);
        }
        for &(dimension, value) in o.cell {
            let (keys, valid) = &mut cells[dimension.get()];
            keys.set(row, value.get());
            set_valid(valid, row);
            met.dimensions[dimension.get()] = true;
        }
        match &mut values {
            ValuePart::Exact(exact) => {
                exact[row] = o.value;
                met.scales = met.scales.with(o.value.scale());
            }
            ValuePart::Float(floats) => floats[row] = nearest_double(o.value),
        }
    }
    met
}

/// The powers of ten a double holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The double nearest a decimal (ties to even), as Python's
/// `float(Decimal(...))` and Rust's `str::parse::<f64>` give it; a negative
/// zero stays negative.
pub(crate) fn nearest_double(value: Decimal) -> f64 {
    let magnitude = value.mantissa().unsigned_abs();
    let scale = value.scale() as usize;
    let nearest = match (EXACT_POWERS_OF_TEN.get(scale), u64::try_from(magnitude)) {
        // Both operands exact: one correctly rounded division.
        (Some(&power), Ok(small)) if small < 1 << f64::MANTISSA_DIGITS => small as f64 / power,
        // The text of a decimal always parses.
        _ => value.abs().to_string().parse().unwrap_or(f64::NAN),
    };
    if value.is_sign_negative() {
        -nearest
    } else {
        nearest
    }
}

/// Appends a decimal's text, as its `Display` writes it (sign, digits and
/// every place it was given), to `text`.
pub(crate) fn push_decimal_text(text: &mut Vec<u8>, value: &Decimal) {
    // 2^96 has 29 digits.
    let mut digits = [0u8; 40];
    let mut start = digits.len();
    let magnitude = value.mantissa().unsigned_abs();
    if let Ok(mut small) = u64::try_from(magnitude) {
        while small != 0 {
            start -= 1;
            digits[start] = b'0' + (small % 10) as u8;
            small /= 10;
        }
    } else {
        let mut large = magnitude;
        while large != 0 {
            start -= 1;
            digits[start] = b'0' + (large % 10) as u8;
            large /= 10;
        }
    }
    let digits = &digits[start..];
    let scale = value.scale() as usize;
    if value.is_sign_negative() {
        text.push(b'-');
    }
    if digits.len() > scale {
        text.extend_from_slice(&digits[..digits.len() - scale]);
    } else {
        text.push(b'0');
    }
    if scale > 0 {
        text.push(b'.');
        text.resize(text.len() + scale.saturating_sub(digits.len()), b'0');
        text.extend_from_slice(&digits[digits.len().saturating_sub(scale)..]);
    }
}

/// The texts of `values`, written on the threads of `runs`.
fn texts(values: &[Decimal], runs: &[Range<usize>]) -> Result<ArrayRef, ArrowError> {
    let pieces: Vec<(Vec<u8>, Vec<usize>)> = std::thread::scope(|scope| {
        let threads: Vec<_> = runs
            .iter()
            .map(|run| {
                let run_values = &values[run.clone()];
                scope.spawn(move || {
                    let mut text = Vec::with_capacity(run_values.len() * 4);
                    let mut ends = Vec::with_capacity(run_values.len());
                    for value in run_values {
                        push_decimal_text(&mut text, value);
                        ends.push(text.len());
                    }
                    (text, ends)
                })
            })
            .collect();
        threads.into_iter().map(join).collect()
    });
    let bytes: usize = pieces.iter().map(|(text, _)| text.len()).sum();
    let too_long = || ArrowError::InvalidArgumentError(format!("{bytes} bytes of value texts"));
    i32::try_from(bytes).map_err(|_| too_long())?;
    let mut text = Vec::with_capacity(bytes);
    let mut offsets: Vec<i32> = Vec::with_capacity(values.len() + 1);
    offsets.push(0);
    for (piece, ends) in &pieces {
        let base = text.len();
        // Every end is within the total checked above.
        offsets.extend(ends.iter().map(|&end| key(base + end)));
        text.extend_from_slice(piece);
    }
    let offsets = OffsetBuffer::new(ScalarBuffer::from(offsets));
    Ok(Arc::new(StringArray::try_new(
        offsets,
        Buffer::from_vec(text),
        None,
    )?))
}

/// Exact values without nulls: `Decimal128(38, s)` when all share the scale
/// `s`, their texts when not (so that `12.5` and `12.50` stay apart).
fn exact_values(
    values: &[Decimal],
    scales: Scales,
    runs: &[Range<usize>],
) -> Result<ArrayRef, ArrowError> {
    match scales {
        Scales::Several => texts(values, runs),
        Scales::None | Scales::One(_) => {
            let scale = match scales {
                Scales::One(s) => s,
                _ => 0,
            };
            let mantissas: Vec<i128> = values.iter().map(Decimal::mantissa).collect();
            // rust_decimal holds at most 28 places and 96-bit mantissas: 29 digits.
            let scale = i8::try_from(scale).unwrap_or(i8::MAX);
            let array = Decimal128Array::new(ScalarBuffer::from(mantissas), None);
            Ok(Arc::new(array.with_precision_and_scale(38, scale)?))
        }
    }
}

/// The result of a scoped thread, its panic passed on as it was.
fn join<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// A dictionary-encoded string column: each row's key into `values`.
fn dictionary(
    keys: Keys,
    nulls: Option<NullBuffer>,
    values: &[String],
) -> Result<ArrayRef, ArrowError> {
    let values: ArrayRef = Arc::new(StringArray::from_iter_values(values.iter()));
    Ok(match keys {
        Keys::Narrow(k) => Arc::new(DictionaryArray::<Int8Type>::try_new(
            Int8Array::new(ScalarBuffer::from(k), nulls),
            values,
        )?),
        Keys::Medium(k) => Arc::new(DictionaryArray::<Int16Type>::try_new(
            Int16Array::new(ScalarBuffer::from(k), nulls),
            values,
        )?),
        Keys::Wide(k) => Arc::new(DictionaryArray::<Int32Type>::try_new(
            Int32Array::new(ScalarBuffer::from(k), nulls),
            values,
        )?),
    })
}

/// A column yet to be made an Arrow array (checking a dictionary's keys
/// takes a pass over them, done on the threads too).
enum Pending {
    Dictionary {
        keys: Keys,
        nulls: Option<NullBuffer>,
        values: Vec<String>,
    },
    Ready(ArrayRef),
}

impl Pending {
    fn array(self) -> Result<ArrayRef, ArrowError> {
        match self {
            Pending::Dictionary {
                keys,
                nulls,
                values,
            } => dictionary(keys, nulls, &values),
            Pending::Ready(array) => Ok(array),
        }
    }
}

/// The observations column by column, straight from the store (see
/// [`crate::to_record_batch`]): indicator, period, entity and cell values
/// as dictionaries (over the plan's ids, the ledger's periods in the order
/// first met, the dimension's values), values as `numbers` says, dates as
/// `Date32`; no text, map or record made per row but the value texts of
/// exact values that differ in places. The rows are laid out on every core.
pub(crate) fn observations_batch(
    ledger: &Ledger,
    numbers: Numbers,
) -> Result<RecordBatch, ArrowError> {
    observations_batch_in(ledger, numbers, &runs(ledger.counts()[1]))
}

/// [`observations_batch`], one thread a run of `runs`.
fn observations_batch_in(
    ledger: &Ledger,
    numbers: Numbers,
    runs: &[Range<usize>],
) -> Result<RecordBatch, ArrowError> {
    let plan = ledger.plan();
    let n = ledger.counts()[1];
    let mut indicators = Keys::zeroed(n, plan.indicators().count());
    let mut entities = Keys::zeroed(n, plan.entities().len());
    let mut periods = vec![0; n];
    let mut sources = Keys::zeroed(n, Source::ALL.len());
    let mut dates = vec![0; n];
    let mut dates_valid = vec![0u8; n.div_ceil(8)];
    let mut cells: Vec<KeyColumn> = plan
        .dimensions()
        .iter()
        .map(|d| KeyColumn::new(n, d.values.len()))
        .collect();
    let mut exact: Vec<Decimal> = Vec::new();
    let mut floats: Vec<f64> = Vec::new();
    match numbers {
        Numbers::Exact => exact = vec![Decimal::ZERO; n],
        Numbers::Float64 => floats = vec![0.0; n],
    }
    let met: Vec<Met> = {
        let mut indicators = indicators.parts(runs).into_iter();
        let mut entities = entities.parts(runs).into_iter();
        let mut periods = parts(&mut periods, runs).into_iter();
        let mut sources = sources.parts(runs).into_iter();
        let mut dates = parts(&mut dates, runs).into_iter();
        let mut dates_valid = bitmap_parts(&mut dates_valid, runs).into_iter();
        let mut cells: Vec<_> = cells
            .iter_mut()
            .map(|c| {
                c.keys
                    .parts(runs)
                    .into_iter()
                    .zip(bitmap_parts(&mut c.valid, runs))
            })
            .collect();
        let mut values: Box<dyn Iterator<Item = ValuePart<'_>>> = match numbers {
            Numbers::Exact => Box::new(parts(&mut exact, runs).into_iter().map(ValuePart::Exact)),
            Numbers::Float64 => {
                Box::new(parts(&mut floats, runs).into_iter().map(ValuePart::Float))
            }
        };
        let mut work = Vec::with_capacity(runs.len());
        for run in runs {
            let (Some(i), Some(e), Some(p), Some(s), Some(d), Some(v), Some(values)) = (
                indicators.next(),
                entities.next(),
                periods.next(),
                sources.next(),
                dates.next(),
                dates_valid.next(),
                values.next(),
            ) else {
                break;
            };
            work.push(Part {
                rows: run.clone(),
                indicators: i,
                entities: e,
                periods: p,
                sources: s,
                dates: d,
                dates_valid: v,
                cells: cells.iter_mut().filter_map(Iterator::next).collect(),
                values,
            });
        }
        std::thread::scope(|scope| {
            let threads: Vec<_> = work
                .into_iter()
                .map(|part| scope.spawn(move || lay_out(ledger, part)))
                .collect();
            threads.into_iter().map(join).collect()
        })
    };

    // The periods in the order first met over all runs; each later run's
    // keys renumbered into it.
    let mut period_values: Vec<Period> = Vec::new();
    let mut period_keys: FxHashMap<Period, i32> = FxHashMap::default();
    for (run, found) in runs.iter().zip(&met) {
        let renumbered: Vec<i32> = found
            .periods
            .iter()
            .map(|&period| {
                *period_keys.entry(period).or_insert_with(|| {
                    period_values.push(period);
                    key(period_values.len() - 1)
                })
            })
            .collect();
        let unchanged = renumbered.iter().enumerate().all(|(k, &r)| key(k) == r);
        if !unchanged {
            for k in &mut periods[run.clone()] {
                // Every key of a run is a position in its periods.
                *k = renumbered.get(*k as usize).copied().unwrap_or(*k);
            }
        }
    }
    let named: Vec<bool> = (0..cells.len())
        .map(|d| met.iter().any(|m| m.dimensions[d]))
        .collect();
    let scales = met
        .iter()
        .fold(Scales::None, |scales, m| scales.and(m.scales));

    let texts_of = |names: &mut dyn Iterator<Item = &str>| names.map(str::to_string).collect();
    let mut columns: Vec<(String, Pending, bool)> = vec![
        (
            "indicator".into(),
            Pending::Dictionary {
                keys: indicators,
                nulls: None,
                values: texts_of(&mut plan.indicators().map(|i| i.id.as_str())),
            },
            false,
        ),
        (
            "period".into(),
            Pending::Dictionary {
                keys: Keys::Wide(periods).narrowed(period_values.len()),
                nulls: None,
                values: period_values.iter().map(Period::to_string).collect(),
            },
            false,
        ),
        (
            "entity".into(),
            Pending::Dictionary {
                keys: entities,
                nulls: None,
                values: texts_of(&mut plan.entities().iter().map(|e| e.code.as_str())),
            },
            false,
        ),
    ];
    let dimensions = plan.dimensions();
    let mut named_cells: Vec<(usize, KeyColumn)> = cells
        .into_iter()
        .enumerate()
        .filter(|(d, _)| named[*d])
        .collect();
    // By dimension id, as the table's cell columns are.
    named_cells.sort_by(|a, b| dimensions[a.0].id.cmp(&dimensions[b.0].id));
    for (d, column) in named_cells {
        let (keys, nulls) = column.nulls(n);
        columns.push((
            format!("cell.{}", dimensions[d].id),
            Pending::Dictionary {
                keys,
                nulls: Some(nulls),
                values: dimensions[d].values.clone(),
            },
            true,
        ));
    }
    let values: ArrayRef = match numbers {
        Numbers::Exact => exact_values(&exact, scales, runs)?,
        Numbers::Float64 => Arc::new(Float64Array::new(ScalarBuffer::from(floats), None)),
    };
    drop(exact);
    columns.push(("value".into(), Pending::Ready(values), true));
    columns.push((
        "source".into(),
        Pending::Dictionary {
            keys: sources,
            nulls: None,
            values: texts_of(&mut Source::ALL.iter().map(|s| s.as_str())),
        },
        false,
    ));
    let dates_valid = NullBuffer::new(BooleanBuffer::new(Buffer::from_vec(dates_valid), 0, n));
    let dates = Date32Array::new(ScalarBuffer::from(dates), Some(dates_valid));
    columns.push(("recorded_on".into(), Pending::Ready(Arc::new(dates)), true));

    let fields_and_arrays: Vec<(Field, ArrayRef)> = std::thread::scope(|scope| {
        let threads: Vec<_> = columns
            .into_iter()
            .map(|(name, pending, nullable)| {
                scope.spawn(move || {
                    let array = pending.array()?;
                    let field = Field::new(name, array.data_type().clone(), nullable);
                    Ok::<_, ArrowError>((field, array))
                })
            })
            .collect();
        threads.into_iter().map(join).collect::<Result<_, _>>()
    })?;
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = fields_and_arrays.into_iter().unzip();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decimals of every kind the ledger can hold: each sign, small and
    /// 96-bit mantissas, every scale, zeros with places.
    fn decimals() -> Vec<Decimal> {
        let mut mantissas: Vec<i128> =
            vec![0, 1, 5, 9, 10, 99, 100, 12_345, 1 << 53, (1 << 53) + 1];
        mantissas.extend([u64::MAX as i128, (u64::MAX as i128) + 1, (1i128 << 96) - 1]);
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..2_000 {
            // xorshift: spread over every number of digits.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let digits = state % 29;
            mantissas.push(i128::from(state >> 4) % 10i128.pow(digits as u32 + 1));
        }
        let mut all = Vec::new();
        for &m in &mantissas {
            for scale in [0, 1, 2, 3, 6, 15, 22, 23, 28] {
                for sign in [1, -1] {
                    if let Ok(d) = Decimal::try_from_i128_with_scale(sign * m, scale) {
                        all.push(d);
                    }
                }
            }
        }
        let mut negative_zero = Decimal::new(0, 2);
        negative_zero.set_sign_negative(true);
        all.push(negative_zero);
        all
    }

    #[test]
    fn value_texts_are_the_decimals_display() {
        for d in decimals() {
            let mut text = Vec::new();
            push_decimal_text(&mut text, &d);
            assert_eq!(String::from_utf8(text).unwrap(), d.to_string(), "{d:?}");
        }
    }

    #[test]
    fn doubles_are_the_nearest_as_parsing_the_text_gives() {
        for d in decimals() {
            let parsed: f64 = d.to_string().parse().unwrap();
            let nearest = nearest_double(d);
            assert_eq!(nearest.to_bits(), parsed.to_bits(), "{d}");
        }
    }

    #[test]
    fn dates_count_days_from_1970() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(days(date(1970, 1, 1)), 0);
        assert_eq!(days(date(1969, 12, 31)), -1);
        assert_eq!(days(date(2010, 12, 31)), 14_974);
        assert_eq!(days(date(1, 1, 1)), 1 - UNIX_EPOCH_FROM_CE);
    }

    #[test]
    fn runs_of_rows_lay_out_the_batch_one_thread_does() {
        use std::sync::Arc;

        use seguimiento::{Mode, Plan};
        let plan = Arc::new(Plan::embedded());
        let mut ledger = Ledger::new(Arc::clone(&plan));
        let csv = seguimiento_benches::observations_csv(&plan, 5_000, 7);
        ledger.ingest_csv(csv.as_bytes(), Mode::Strict).unwrap();
        let mut mixed = Ledger::new(plan);
        mixed
            .ingest_json(
                r#"{"observations": [
                    {"indicator": "E1.L1.M4.A1.I4", "period": "2008", "entity": "MRE", "value": "1250.75"},
                    {"indicator": "E1.L1.M4.A1.I4", "period": "2009", "entity": "GIT", "value": "3",
                     "cell": {"institucion": "MP"}, "recorded_on": "2010-01-05"}
                ]}"#,
                Mode::Strict,
            )
            .unwrap();
        for ledger in [&ledger, &mixed] {
            let rows = ledger.counts()[1];
            for numbers in [Numbers::Exact, Numbers::Float64] {
                let one = observations_batch_in(ledger, numbers, &runs_of(rows, 1)).unwrap();
                for threads in [2, 3, 7, rows] {
                    let cut = runs_of(rows, threads);
                    let many = observations_batch_in(ledger, numbers, &cut).unwrap();
                    assert_eq!(many, one, "{rows} rows in {} runs", cut.len());
                }
            }
        }
    }

    #[test]
    fn runs_cover_the_rows_on_bitmap_bytes() {
        for rows in [
            0,
            1,
            7,
            8,
            9,
            ROWS_PER_THREAD * 2 + 3,
            ROWS_PER_THREAD * 7 + 1,
        ] {
            for runs in [runs(rows), runs_of(rows, 3), runs_of(rows, rows)] {
                assert_eq!(runs.first().map_or(0, |r| r.start), 0);
                assert_eq!(runs.last().map_or(0, |r| r.end), rows);
                for pair in runs.windows(2) {
                    assert_eq!(pair[0].end, pair[1].start);
                    assert_eq!(pair[0].end % 8, 0);
                }
            }
        }
    }
}
