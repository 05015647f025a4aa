//! The compiler's sorting and sorted maps (`build/shared/sorted.rs`) against the standard library's
//! `BTreeMap`, `BTreeSet` and `sort_by_key`, which they replace in the build script: the
//! generated code must not change by a byte, so every order and every duplicate rule must be
//! the same.

#[path = "../build/mod.rs"]
mod compiler;

use compiler::shared::sorted::{SortedMap, sort_by_key, sorted_unique};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Few distinct keys, so that duplicates are common.
fn pairs() -> impl Strategy<Value = Vec<(u8, u16)>> {
    proptest::collection::vec((0..12u8, any::<u16>()), 0..60)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn collect_keeps_the_last_value_of_a_key_as_btreemap_does(pairs in pairs()) {
        let ours: SortedMap<u8, u16> = pairs.iter().copied().collect();
        let std: BTreeMap<u8, u16> = pairs.iter().copied().collect();
        prop_assert_eq!(ours.iter().map(|(k, v)| (k, v)).collect::<Vec<_>>(), std.iter().collect::<Vec<_>>());
        prop_assert_eq!(ours.len(), std.len());
    }

    #[test]
    fn insert_get_and_or_insert_with_agree_with_btreemap(pairs in pairs(), probe in 0..12u8) {
        let mut ours = SortedMap::new();
        let mut std = BTreeMap::new();
        for (i, &(k, v)) in pairs.iter().enumerate() {
            if i % 3 == 0 {
                let ours = ours.or_insert_with(k, || v);
                *ours = ours.wrapping_add(1);
                let std = std.entry(k).or_insert_with(|| v);
                *std = std.wrapping_add(1);
            } else {
                prop_assert_eq!(ours.insert(k, v), std.insert(k, v));
            }
        }
        prop_assert_eq!(ours.get(&probe), std.get(&probe));
        prop_assert_eq!(ours.contains_key(&probe), std.contains_key(&probe));
        prop_assert_eq!(ours.keys().collect::<Vec<_>>(), std.keys().collect::<Vec<_>>());
        prop_assert_eq!(ours.values().collect::<Vec<_>>(), std.values().collect::<Vec<_>>());
        prop_assert_eq!(ours.into_iter().collect::<Vec<_>>(), std.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn grouped_keeps_each_keys_values_in_their_order(pairs in pairs()) {
        let ours = SortedMap::grouped(pairs.clone());
        let mut std: BTreeMap<u8, Vec<u16>> = BTreeMap::new();
        for (k, v) in pairs {
            std.entry(k).or_default().push(v);
        }
        prop_assert_eq!(ours.into_iter().collect::<Vec<_>>(), std.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn sorted_unique_is_a_btreeset(items in proptest::collection::vec(0..20u8, 0..60)) {
        let std: Vec<u8> = items.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
        prop_assert_eq!(sorted_unique(items), std);
    }

    #[test]
    fn sort_by_key_is_stable_like_the_slice_method(pairs in pairs()) {
        let mut ours = pairs.clone();
        sort_by_key(&mut ours, |&(k, _)| k);
        let mut std = pairs;
        std.sort_by_key(|&(k, _)| k);
        prop_assert_eq!(ours, std);
    }
}

#[test]
fn indexing_an_absent_key_panics_as_btreemap_does() {
    let map: SortedMap<String, u8> = [("a".to_string(), 1)].into_iter().collect();
    assert_eq!(map["a"], 1);
    assert!(std::panic::catch_unwind(|| map["b"]).is_err());
}
