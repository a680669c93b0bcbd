//! Arrow record batches of observations, structure-aware: columns named by
//! the record's fields (and `cell.<dimension>`, and names it lacks), each of
//! a type the fuzzer picks (strings, dictionary strings, integers,
//! decimal128 with any scale, floats, dates, booleans, nulls) with nulls
//! anywhere, in one or two batches. Strict and lenient agree and a refused
//! batch changes nothing; the ledger written back as Arrow reads as the
//! same ledger, and its export re-imports unchanged.
#![no_main]

use std::sync::Arc;

use arbitrary::Arbitrary;
use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Decimal128Array, DictionaryArray, Float64Array,
    Int64Array, NullArray, RecordBatch, StringArray,
};
use libfuzzer_sys::fuzz_target;
use seguimiento::{Config, Ledger, Mode, RecordKind};
use seguimiento_fuzz::{check_modes, check_round_trip, mid_term, plan};

/// Names worth trying that random bytes rarely spell: the observation's
/// fields come from the core's spec at run time, these are the rest.
const OTHER_NAMES: &[&str] = &[
    "cell.sexo",
    "cell.edad",
    "cell.institucion",
    "cell.",
    "cell.x",
];

/// Texts worth trying in string columns.
const TEXTS: &[&str] = &[
    "E4.L2.M2.A1.I1",
    "E1.L1.M2.A4.I1",
    "E1.L1.M1.A2.I1",
    "E9.L1.M1.A1.I1",
    "2007",
    "2007-S2",
    "2010-03",
    "2010-Q1",
    "MP",
    "PNC",
    "MRE",
    "official",
    "verification",
    "12",
    "12.50",
    "-1",
    "1e3",
    "2008-02-07",
    "2008-02-30",
    "hombre",
    "mujer",
    "0-17",
    "DGM",
    "",
];

#[derive(Arbitrary, Debug)]
enum Name {
    Field(u8),
    Other(u8),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
enum Text {
    Known(u8),
    Raw(String),
}

impl Text {
    fn get(&self) -> String {
        match self {
            Text::Known(n) => TEXTS[usize::from(*n) % TEXTS.len()].to_string(),
            Text::Raw(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Values {
    Utf8(Vec<Option<Text>>),
    Dictionary(Vec<Option<u8>>, Vec<Text>),
    Int64(Vec<Option<i64>>),
    Decimal128(Vec<Option<i128>>, u8, i8),
    Float64(Vec<Option<f64>>),
    Date32(Vec<Option<i32>>),
    Boolean(Vec<Option<bool>>),
    Null,
}

#[derive(Arbitrary, Debug)]
struct Column {
    name: Name,
    values: Values,
}

#[derive(Arbitrary, Debug)]
struct Input {
    columns: Vec<Column>,
    rows: u8,
    /// Where the rows are cut into two batches (none when past the end).
    split: u8,
}

/// The `i`-th value of a column of `rows` rows, cycling through what the
/// fuzzer gave (none given: null).
fn nth<T: Clone>(values: &[Option<T>], i: usize) -> Option<T> {
    if values.is_empty() {
        None
    } else {
        values[i % values.len()].clone()
    }
}

fn array(values: &Values, rows: usize) -> Option<ArrayRef> {
    let range = 0..rows;
    Some(match values {
        Values::Utf8(v) => Arc::new(StringArray::from_iter(range.map(|i| {
            v.get(i % v.len().max(1))
                .and_then(Option::as_ref)
                .map(Text::get)
        }))) as ArrayRef,
        Values::Dictionary(keys, dictionary) => {
            if dictionary.is_empty() {
                return None;
            }
            let keys = arrow_array::Int32Array::from_iter(
                range.map(|i| nth(keys, i).map(|k| i32::from(k) % dictionary.len() as i32)),
            );
            let values = StringArray::from_iter_values(dictionary.iter().map(Text::get));
            Arc::new(DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values)).ok()?)
        }
        Values::Int64(v) => Arc::new(Int64Array::from_iter(range.map(|i| nth(v, i)))),
        Values::Decimal128(v, precision, scale) => {
            let precision = 1 + precision % 38;
            let array = Decimal128Array::from_iter(range.map(|i| nth(v, i)))
                .with_precision_and_scale(precision, *scale)
                .ok()?;
            // Values beyond the precision are what a writer would never
            // write; leave them out rather than build an invalid array.
            array.validate_decimal_precision(precision).ok()?;
            Arc::new(array)
        }
        Values::Float64(v) => Arc::new(Float64Array::from_iter(range.map(|i| nth(v, i)))),
        Values::Date32(v) => Arc::new(Date32Array::from_iter(range.map(|i| nth(v, i)))),
        Values::Boolean(v) => Arc::new(BooleanArray::from_iter(range.map(|i| nth(v, i)))),
        Values::Null => Arc::new(NullArray::new(rows)),
    })
}

fn batches(input: &Input) -> Option<Vec<RecordBatch>> {
    let fields: Vec<&str> = RecordKind::Observation.spec().names().collect();
    let rows = usize::from(input.rows % 64);
    let mut columns = Vec::new();
    for column in input.columns.iter().take(12) {
        let name = match &column.name {
            Name::Field(n) => fields[usize::from(*n) % fields.len()].to_string(),
            Name::Other(n) => OTHER_NAMES[usize::from(*n) % OTHER_NAMES.len()].to_string(),
            Name::Raw(s) => s.clone(),
        };
        columns.push((name, array(&column.values, rows)?));
    }
    // Arrow itself refuses a batch without columns or with a name twice.
    let batch = RecordBatch::try_from_iter(columns).ok()?;
    let split = usize::from(input.split);
    Some(if split > 0 && split < rows {
        vec![batch.slice(0, split), batch.slice(split, rows - split)]
    } else {
        vec![batch]
    })
}

fuzz_target!(|input: Input| {
    let Some(batches) = batches(&input) else {
        return;
    };
    let empty = Ledger::new(plan());
    let ledger = check_modes(&empty, |ledger, mode| {
        seguimiento_arrow::ingest_batches(ledger, RecordKind::Observation, &batches, mode)
    });
    check_round_trip(&ledger, &Config::default(), &[mid_term()]);

    let written = match seguimiento_arrow::to_record_batch(&ledger, RecordKind::Observation) {
        Ok(batch) => batch,
        Err(e) => panic!("the ledger's observations could not be written as Arrow: {e}"),
    };
    let mut again = Ledger::new(plan());
    if let Err(e) = seguimiento_arrow::ingest_batches(
        &mut again,
        RecordKind::Observation,
        &[written],
        Mode::Strict,
    ) {
        panic!("the ledger's own Arrow batch was refused: {e}");
    }
    assert_eq!(
        again.to_json(),
        ledger.to_json(),
        "ledger → Arrow → ledger changed the ledger"
    );
});
