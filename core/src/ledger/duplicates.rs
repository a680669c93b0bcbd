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
/// `hash` must give equal keys equal hashes; it is called twice a record,
/// in offset order. `same` is called only for records whose hashes agree
/// in 32 bits and in the part's bits.
pub(crate) fn find_duplicates(
    records: usize,
    hash: impl Fn(usize) -> u64,
    same: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    if records < 2 {
        return Vec::new();
    }
    if u32::try_from(records).is_ok() {
        find::<u32>(records, &hash, &same)
    } else {
        find::<usize>(records, &hash, &same)
    }
}

fn find<O: Offset>(
    records: usize,
    hash: &dyn Fn(usize) -> u64,
    same: &dyn Fn(usize, usize) -> bool,
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

    // Where each part's entries begin: counted in a first pass, so the
    // entries are spread over one array in a second, with no list per part.
    let mut starts = vec![0usize; parts + 1];
    for offset in 0..records {
        starts[part_of(hash(offset)) + 1] += 1;
    }
    for part in 0..parts {
        starts[part + 1] += starts[part];
    }
    let mut entries = vec![Entry::<O>::default(); records];
    let mut next = starts.clone();
    for offset in 0..records {
        let h = hash(offset);
        let part = part_of(h);
        // Truncation intended: the entry keeps the low 32 bits.
        entries[next[part]] = Entry {
            offset: O::from_usize(offset),
            hash: h as u32,
        };
        next[part] += 1;
    }
    drop(next);

    // Each part in offset order: its first record of a key goes in the
    // table, any later one is a duplicate of it.
    let largest = starts.windows(2).map(|w| w[1] - w[0]).max().unwrap_or(0);
    let mut table: HashTable<Entry<O>> = HashTable::with_capacity(largest);
    let mut duplicates = Vec::new();
    for part in 0..parts {
        table.clear();
        for &entry in &entries[starts[part]..starts[part + 1]] {
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
