//! Sorting, sorted maps and grouping for the compiler, without the standard library's.
//!
//! Why not `BTreeMap`, `BTreeSet` and `sort_by_key`: each is compiled afresh for every key,
//! value and closure type it is used with. The build script is compiled by every crate that
//! depends on nice-coding, and its sixteen map and set types were a quarter of its machine
//! code (BENCHMARKS.md, section 2). Here every ordering goes through
//! [`order`], a small merge sort of indices with the comparison passed as `&dyn Fn`, so no
//! sort is compiled per type; what remains generic is a few lines per type: the items are put
//! in order by swaps ([`swaps`], not generic), and a map or dedup that drops items moves the ones
//! it keeps to the front and truncates. (The string table of `emit/` is a vector of ids sorted
//! by their text, not a map: `emit/tables.rs`.)
//!
//! [`SortedMap`] keeps its entries in a `Vec` sorted by key. Inserting one entry moves the
//! entries after it, so a map that may grow large is built in one go ([`SortedMap::grouped`],
//! `collect`), not entry by entry.

use std::borrow::Borrow;
use std::cmp::Ordering;

/// The indices `0..len` in the order `cmp` gives them; stable (equal items keep their order).
///
/// A bottom-up merge sort: O(n log n) comparisons, and a few hundred lines of machine code
/// where the standard library's sort, compiled into the build script, was a tenth of it.
pub fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = Vec::with_capacity(len);
    for i in 0..len {
        from.push(i);
    }
    let mut to = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                // Take from the right run only when strictly less: equal items keep their order.
                if cmp(from[j], from[i]) == Ordering::Less {
                    to[k] = from[j];
                    j += 1;
                } else {
                    to[k] = from[i];
                    i += 1;
                }
                k += 1;
            }
            to[k..k + (mid - i)].copy_from_slice(&from[i..mid]);
            k += mid - i;
            to[k..k + (end - j)].copy_from_slice(&from[j..end]);
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    from
}

/// The swaps that put the item at `order[i]` `i`th, when applied in turn to a slice;
/// `order` is a permutation. Not generic: only [`rearrange`]'s loop is compiled per type.
fn swaps(order: &[usize]) -> Vec<(usize, usize)> {
    // `at[item]`: where the item first at `item` is now; `held[place]`: which item is there.
    let mut at: Vec<usize> = Vec::with_capacity(order.len());
    for i in 0..order.len() {
        at.push(i);
    }
    let mut held = at.clone();
    let mut swaps = Vec::new();
    for (place, &item) in order.iter().enumerate() {
        let from = at[item];
        if from != place {
            swaps.push((place, from));
            let displaced = held[place];
            held[from] = displaced;
            at[displaced] = from;
            held[place] = item;
            at[item] = place;
        }
    }
    swaps
}

/// `items` rearranged so that the item at `order[i]` comes `i`th; `order` is a permutation.
/// (Plain loops here and below: iterator adapters would add a dozen functions per type.)
fn rearrange<T>(items: &mut [T], order: &[usize]) {
    for (a, b) in swaps(order) {
        items.swap(a, b);
    }
}

/// Sorts `items` by `key`, stably, as `slice::sort_by_key` does. (The key is computed at
/// each comparison, not stored: a vector of keys would be compiled once per key type.)
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    let order = order(items.len(), &|a, b| key(&items[a]).cmp(&key(&items[b])));
    rearrange(items, &order);
}

/// `items` sorted, each value once.
pub fn sorted_unique<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    let order = order(items.len(), &|a, b| items[a].cmp(&items[b]));
    // Of each run of equal items, the first.
    let (order, kept) = kept_first(order, &|before, item| {
        before.is_none_or(|before| items[before] != items[item])
    });
    rearrange(&mut items, &order);
    items.truncate(kept);
    items
}

/// `order` with the items `keep` keeps first, in order, then the others; and how many it keeps.
/// `keep` is given each item's predecessor in `order` (none for the first) and the item.
/// Not generic: a caller rearranges by it and truncates, with no loop of its own per type.
fn kept_first(
    order: Vec<usize>,
    keep: &dyn Fn(Option<usize>, usize) -> bool,
) -> (Vec<usize>, usize) {
    let mut kept = Vec::with_capacity(order.len());
    let mut dropped = Vec::new();
    let mut before = None;
    for &item in &order {
        if keep(before, item) {
            kept.push(item);
        } else {
            dropped.push(item);
        }
        before = Some(item);
    }
    let count = kept.len();
    kept.extend_from_slice(&dropped);
    (kept, count)
}

/// A map kept as a `Vec` of entries sorted by key: what the compiler needs of `BTreeMap`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// The values of each key of `pairs`, in the order `pairs` gives them; keys in order.
    pub fn grouped(mut pairs: Vec<(K, V)>) -> SortedMap<K, Vec<V>> {
        let order = order(pairs.len(), &|a, b| pairs[a].0.cmp(&pairs[b].0));
        rearrange(&mut pairs, &order);
        let mut entries: Vec<(K, Vec<V>)> = Vec::new();
        for (key, value) in pairs {
            match entries.last_mut() {
                Some((last, values)) if *last == key => values.push(value),
                _ => entries.push((key, vec![value])),
            }
        }
        SortedMap { entries }
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`; returns the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// The value of `key`, inserted from `make` when the key is new.
    pub fn or_insert_with(&mut self, key: K, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key, make()));
                i
            }
        };
        &mut self.entries[i].1
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> std::slice::Iter<'_, (K, V)> {
        self.entries.iter()
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }
}

/// Later entries win over earlier ones with the same key, as in `BTreeMap`.
impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut pairs: Vec<(K, V)> = Vec::new();
        for pair in iter {
            pairs.push(pair);
        }
        SortedMap::from_pairs(pairs)
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// The map of `pairs`; a later pair wins over an earlier one with the same key.
    pub fn from_pairs(mut pairs: Vec<(K, V)>) -> Self {
        // Sorted from last to first, so that of each run of equal keys the first kept is the
        // latest pair; `order` is stable, so reversing it keeps later pairs before earlier.
        let mut order = order(pairs.len(), &|a, b| pairs[a].0.cmp(&pairs[b].0));
        order.reverse();
        let (mut order, kept) = kept_first(order, &|before, item| {
            before.is_none_or(|before| pairs[before].0 != pairs[item].0)
        });
        order[..kept].reverse();
        rearrange(&mut pairs, &order);
        pairs.truncate(kept);
        SortedMap { entries: pairs }
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// `map[key]`, as with `BTreeMap`: panics when the key is absent.
impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry for this key in the map")
    }
}

/// `f` of each item, in order: what `items.iter().map(f).collect()` gives, but compiled once
/// per pair of types instead of once per closure (each `map`/`collect` chain is a dozen
/// functions more in a build script that every dependent compiles).
pub fn map_each<'a, T, U>(items: &'a [T], f: &dyn Fn(&'a T) -> U) -> Vec<U> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(f(item));
    }
    out
}
