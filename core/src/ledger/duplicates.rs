//! Finding the duplicates of one batch (SPEC §2) once its records are
//! stored, by partitioning their keys rather than probing one table per
//! record.
//!
//! A table of every key of a batch of millions of records does not fit any
//! cache, so probing it once a record costs a miss a record. Here each
//! record's key hash is computed in a sequential pass over the store, the
//! records are spread over parts by the hash's top bits (a few hundred
//! parts, each small enough for its own table to stay in cache), and each
//! part is searched with a small table: no random access into a large
//! structure, except to read back the keys of two records whose hashes
//! meet, to compare them.

use hashbrown::HashTable;

/// About how many records one part holds: its entries and its table (some
/// 200 KiB together) stay in the core's own cache.
const RECORDS_PER_PART: usize = 1 << 14;

/// Most bits of the hash that choose a part: at most 4096 parts, whose
/// write positions stay in cache while the records are spread over them.
const MAX_PART_BITS: u32 = 12;

/// A record's place among the batch's records, as narrow as the batch
/// allows: 32 bits for any batch of observations (the store's limit), a
/// full word for a batch of other records past that count.
trait Offset: Copy + Default {
    fn from_usize(offset: usize) -> Self;
    fn to_usize(self) -> usize;
}

impl Offset for u32 {
    #[inline]
    fn from_usize(offset: usize) -> Self {
        // Chosen only when every offset fits (`find_duplicates`).
        offset as u32
    }

    #[inline]
    fn to_usize(self) -> usize {
        self as usize
    }
}

impl Offset for usize {
    #[inline]
    fn from_usize(offset: usize) -> Self {
        offset
    }

    #[inline]
    fn to_usize(self) -> usize {
        self
    }
}

/// One record in its part: its offset in the batch and the low 32 bits of
/// its key's hash (the top bits chose the part).
#[derive(Debug, Clone, Copy, Default)]
struct Entry<O> {
    offset: O,
    hash: u32,
}

/// The table's 64-bit hash of an entry, from its kept 32 bits alone, spread
/// over the high bits, which the table reads for its control bytes.
#[inline]
fn table_hash(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The duplicates among `records` records (offsets `0..records`), whose
/// keys are hashed by `hash` and compared by `same`: for each record that
/// has the key of an earlier one, `(its offset, the offset of the first
/// record of its key)`, ascending by the former.
///
/// `hash` must give equal keys equal hashes; it is called twice a record.
/// `same` is called only for records whose hashes agree in 32 bits and in
/// the part's bits. From [`PARALLEL_RECORDS`] records on, the work is
/// shared by every core: the records cut in ranges to spread over the
/// parts, then the parts cut in ranges to search; the result is the same.
pub(crate) fn find_duplicates(
    records: usize,
    hash: impl Fn(usize) -> u64 + Sync,
    same: impl Fn(usize, usize) -> bool + Sync,
) -> Vec<(usize, usize)> {
    if records < 2 {
        return Vec::new();
    }
    let threads = if records >= PARALLEL_RECORDS {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        1
    };
    if u32::try_from(records).is_ok() {
        find::<u32>(records, &hash, &same, threads)
    } else {
        find::<usize>(records, &hash, &same, threads)
    }
}

/// Records from which [`find_duplicates`] runs on every core.
const PARALLEL_RECORDS: usize = 1 << 17;

/// `items` cut into `pieces` ranges of nearly equal length, in order.
fn ranges(items: usize, pieces: usize) -> Vec<std::ops::Range<usize>> {
    let pieces = pieces.clamp(1, items.max(1));
    (0..pieces)
        .map(|k| items * k / pieces..items * (k + 1) / pieces)
        .collect()
}

/// `work` run on each range, on a thread each (the first on this one),
/// the results in the ranges' order.
fn on_threads<T: Send>(
    pieces: Vec<std::ops::Range<usize>>,
    work: &(dyn Fn(std::ops::Range<usize>) -> T + Sync),
) -> Vec<T> {
    let mut pieces = pieces.into_iter();
    let Some(first) = pieces.next() else {
        return Vec::new();
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = pieces.map(|r| scope.spawn(move || work(r))).collect();
        let mut results = vec![work(first)];
        results.extend(others.into_iter().map(|h| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        results
    })
}

/// The records of one range spread over the parts: where each part's
/// entries begin (one more than the parts) and the entries.
struct Spread<O> {
    starts: Vec<usize>,
    entries: Vec<Entry<O>>,
}

fn find<O: Offset + Send + Sync>(
    records: usize,
    hash: &(dyn Fn(usize) -> u64 + Sync),
    same: &(dyn Fn(usize, usize) -> bool + Sync),
    threads: usize,
) -> Vec<(usize, usize)> {
    let bits = (records / RECORDS_PER_PART)
        .next_power_of_two()
        .trailing_zeros()
        .min(MAX_PART_BITS);
    let part_of = |h: u64| match bits {
        0 => 0,
        _ => (h >> (64 - bits)) as usize,
    };
    let parts = 1usize << bits;

    // Each range of records spread over the parts: counted in a first
    // pass, so the entries go into one array in a second, with no list
    // per part. A part's entries are then those of each range in turn, in
    // offset order.
    let spread = |range: std::ops::Range<usize>| {
        let mut starts = vec![0usize; parts + 1];
        for offset in range.clone() {
            starts[part_of(hash(offset)) + 1] += 1;
        }
        for part in 0..parts {
            starts[part + 1] += starts[part];
        }
        let mut entries = vec![Entry::<O>::default(); range.len()];
        let mut next = starts.clone();
        for offset in range {
            let h = hash(offset);
            let part = part_of(h);
            // Truncation intended: the entry keeps the low 32 bits.
            entries[next[part]] = Entry {
                offset: O::from_usize(offset),
                hash: h as u32,
            };
            next[part] += 1;
        }
        Spread { starts, entries }
    };
    let spreads = on_threads(ranges(records, threads), &spread);
    let part_len = |part: usize| {
        spreads
            .iter()
            .map(|s| s.starts[part + 1] - s.starts[part])
            .sum::<usize>()
    };
    let largest = (0..parts).map(part_len).max().unwrap_or(0);

    // Each part in offset order: its first record of a key goes in the
    // table, any later one is a duplicate of it.
    let search = |range: std::ops::Range<usize>| {
        let mut table: HashTable<Entry<O>> = HashTable::with_capacity(largest);
        let mut duplicates = Vec::new();
        for part in range {
            table.clear();
            for spread in &spreads {
                for &entry in &spread.entries[spread.starts[part]..spread.starts[part + 1]] {
                    let h = table_hash(entry.hash);
                    let offset = entry.offset.to_usize();
                    match table.find(h, |first| {
                        first.hash == entry.hash && same(first.offset.to_usize(), offset)
                    }) {
                        Some(first) => duplicates.push((offset, first.offset.to_usize())),
                        None => {
                            table.insert_unique(h, entry, |e| table_hash(e.hash));
                        }
                    }
                }
            }
        }
        duplicates
    };
    let mut duplicates = on_threads(ranges(parts, threads), &search).concat();
    // The parts interleave: in batch order again.
    duplicates.sort_unstable();
    duplicates
}

/// A key's hash for [`find_duplicates`], from a few 64-bit words of the key
/// (seeded per batch, so that no input can be made to collide on
/// purpose): two folded multiplications a word pair, as fast hashers do.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WordHasher {
    seeds: [u64; 3],
}

impl WordHasher {
    /// A hasher with seeds drawn from the standard library's random state.
    pub(crate) fn new() -> WordHasher {
        use std::hash::BuildHasher;
        let random = std::hash::RandomState::new();
        WordHasher {
            seeds: [
                random.hash_one(1u8) | 1,
                random.hash_one(2u8),
                random.hash_one(3u8),
            ],
        }
    }

    /// The hash of three words.
    #[inline]
    pub(crate) fn hash(&self, words: [u64; 3]) -> u64 {
        let [a, b, c] = self.seeds;
        let first = fold(words[0] ^ a, words[1] ^ b);
        fold(first ^ words[2], c ^ 0x2D35_8DCC_AA6C_78A5)
    }
}

/// The 128-bit product of two words, its halves folded into one.
#[inline]
fn fold(x: u64, y: u64) -> u64 {
    let product = u128::from(x) * u128::from(y);
    (product as u64) ^ ((product >> 64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The simple reference: one table of every key, in order.
    fn reference(keys: &[u64]) -> Vec<(usize, usize)> {
        let mut first = std::collections::HashMap::new();
        let mut out = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            match first.get(k) {
                Some(&f) => out.push((i, f)),
                None => {
                    first.insert(*k, i);
                }
            }
        }
        out
    }

    #[test]
    fn many_parts_find_what_one_table_finds_even_when_every_hash_collides() {
        let hasher = WordHasher::new();
        // Enough records for many parts; keys repeat at long and short range.
        let keys: Vec<u64> = (0..200_000u64).map(|i| (i * 7919) % 150_001).collect();
        let good = find_duplicates(
            keys.len(),
            |i| hasher.hash([keys[i], 0, 0]),
            |a, b| keys[a] == keys[b],
        );
        assert_eq!(good, reference(&keys));
        assert!(!good.is_empty());
        // Cut in ranges on threads, the same.
        for threads in [2, 3] {
            let shared = find::<u32>(
                keys.len(),
                &|i| hasher.hash([keys[i], 0, 0]),
                &|a, b| keys[a] == keys[b],
                threads,
            );
            assert_eq!(shared, good, "{threads} threads");
        }
        // A hash that says nothing: the keys still decide.
        let few: Vec<u64> = keys.iter().take(3000).copied().collect();
        let bad = find_duplicates(few.len(), |i| few[i] % 3, |a, b| few[a] == few[b]);
        assert_eq!(bad, reference(&few));
    }

    #[test]
    fn equal_words_hash_equal_and_near_words_apart() {
        let hasher = WordHasher::new();
        assert_eq!(hasher.hash([1, 2, 3]), hasher.hash([1, 2, 3]));
        assert_ne!(hasher.hash([1, 2, 3]), hasher.hash([1, 2, 4]));
        assert_ne!(hasher.hash([1, 2, 3]), hasher.hash([2, 1, 3]));
    }
}
