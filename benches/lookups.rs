//! Lookups: guidance id to `Guidance`, code to the guidance that use it, and code parsing,
//! each beside the same lookup through a perfect hash (the algorithm of `phf::Map`, built at
//! start-up with `phf_generator`) and a `std::collections::HashMap`, in the same run.
//!
//! `cargo bench -p nice-coding-tests --bench lookups` (the benchmarks are targets of the
//! library's test package, tests/Cargo.toml). Results and the machine are in BENCHMARKS.md.

use divan::{Bencher, black_box};
use nice_coding::{Guidance, Icd10Code, Opcs4Code};
use std::collections::HashMap;
use std::sync::LazyLock;

fn main() {
    divan::main();
}

/// Every id in the catalogue, and as many well-formed ids that are not in it.
static IDS: LazyLock<Vec<String>> =
    LazyLock::new(|| Guidance::ALL.iter().map(|g| g.id().to_string()).collect());
static MISSING: LazyLock<Vec<String>> = LazyLock::new(|| {
    (0..Guidance::COUNT)
        .map(|i| format!("MTG{}", 900 + i))
        .collect()
});
static LOWER: LazyLock<Vec<String>> =
    LazyLock::new(|| IDS.iter().map(|id| id.to_ascii_lowercase()).collect());

/// Every OPCS-4 code some guidance names (a lookup that hits).
static CODES: LazyLock<Vec<Opcs4Code>> = LazyLock::new(|| {
    let mut codes: Vec<Opcs4Code> = Guidance::ALL
        .iter()
        .flat_map(|g| g.procedure().descendants())
        .filter_map(|r| match r.code() {
            Some(nice_coding::Code::Opcs4(c)) => Some(c),
            _ => None,
        })
        .collect();
    codes.sort();
    codes.dedup();
    codes
});

/// The perfect-hash peer: `phf::Map`'s lookup (hash, displace, compare) over the same keys.
struct Perfect<K: 'static, V> {
    state: phf_generator::HashState,
    entries: Vec<(K, V)>,
}

impl<K: phf_shared::PhfHash + PartialEq, V> Perfect<K, V> {
    fn new(entries: Vec<(K, V)>) -> Self {
        let keys: Vec<&K> = entries.iter().map(|(k, _)| k).collect();
        let state = phf_generator::generate_hash(&keys);
        // Put each entry at the slot the hash gives it, as phf_codegen does.
        let mut slots: Vec<Option<(K, V)>> = entries.into_iter().map(Some).collect();
        let entries = state
            .map
            .iter()
            .map(|&i| slots[i].take().expect("each entry once"))
            .collect();
        Perfect { state, entries }
    }

    #[inline]
    fn get(&self, key: &K) -> Option<&V> {
        let hashes = phf_shared::hash(key, &self.state.key);
        let index = phf_shared::get_index(&hashes, &self.state.disps, self.entries.len());
        let (k, v) = &self.entries[index as usize];
        (k == key).then_some(v)
    }
}

static PHF_IDS: LazyLock<Perfect<String, Guidance>> = LazyLock::new(|| {
    Perfect::new(
        Guidance::ALL
            .iter()
            .map(|g| (g.id().to_string(), *g))
            .collect(),
    )
});
static HASH_IDS: LazyLock<HashMap<String, Guidance>> = LazyLock::new(|| {
    Guidance::ALL
        .iter()
        .map(|g| (g.id().to_string(), *g))
        .collect()
});

/// The guidance using each code, keyed by the undotted code.
fn code_entries() -> Vec<([u8; 4], Vec<Guidance>)> {
    CODES
        .iter()
        .map(|c| {
            let key: [u8; 4] = c.to_string().replace('.', "").as_bytes()[..4]
                .try_into()
                .expect("four bytes");
            (key, Guidance::using_opcs4(*c).collect())
        })
        .collect()
}
static PHF_CODES: LazyLock<Perfect<[u8; 4], Vec<Guidance>>> =
    LazyLock::new(|| Perfect::new(code_entries()));
static HASH_CODES: LazyLock<HashMap<[u8; 4], Vec<Guidance>>> =
    LazyLock::new(|| code_entries().into_iter().collect());

fn undotted(c: &Opcs4Code) -> [u8; 4] {
    let s = c.to_string();
    let b = s.as_bytes();
    [b[0], b[1], b[2], b[4]]
}

/// Cycles through `items`, one per iteration, so every benchmark sees the whole catalogue.
fn each<T: Sync, O>(bencher: Bencher, items: &'static [T], f: impl Fn(&T) -> O + Sync) {
    let mut i = 0;
    bencher.bench_local(|| {
        let out = f(black_box(&items[i]));
        i = (i + 1) % items.len();
        out
    });
}

mod id_to_guidance {
    use super::*;

    #[divan::bench]
    fn nice_coding_hit(b: Bencher) {
        each(b, &IDS, |id| id.parse::<Guidance>().ok());
    }

    #[divan::bench]
    fn nice_coding_miss(b: Bencher) {
        each(b, &MISSING, |id| id.parse::<Guidance>().ok());
    }

    #[divan::bench]
    fn nice_coding_lower_case(b: Bencher) {
        each(b, &LOWER, |id| id.parse::<Guidance>().ok());
    }

    #[divan::bench]
    fn phf_hit(b: Bencher) {
        LazyLock::force(&PHF_IDS);
        each(b, &IDS, |id| PHF_IDS.get(id).copied());
    }

    #[divan::bench]
    fn phf_miss(b: Bencher) {
        LazyLock::force(&PHF_IDS);
        each(b, &MISSING, |id| PHF_IDS.get(id).copied());
    }

    /// The peers are case-sensitive: upper-case into a buffer first, as a caller must.
    #[divan::bench]
    fn phf_lower_case(b: Bencher) {
        LazyLock::force(&PHF_IDS);
        each(b, &LOWER, |id| {
            PHF_IDS.get(&id.to_ascii_uppercase()).copied()
        });
    }

    #[divan::bench]
    fn hashmap_hit(b: Bencher) {
        LazyLock::force(&HASH_IDS);
        each(b, &IDS, |id| HASH_IDS.get(id).copied());
    }

    #[divan::bench]
    fn hashmap_miss(b: Bencher) {
        LazyLock::force(&HASH_IDS);
        each(b, &MISSING, |id| HASH_IDS.get(id).copied());
    }

    #[divan::bench]
    fn hashmap_lower_case(b: Bencher) {
        LazyLock::force(&HASH_IDS);
        each(b, &LOWER, |id| {
            HASH_IDS.get(&id.to_ascii_uppercase()).copied()
        });
    }
}

mod code_to_guidance {
    use super::*;

    /// The first guidance using the code (what "which guidance uses K57.8" costs).
    #[divan::bench]
    fn nice_coding(b: Bencher) {
        each(b, &CODES, |c| Guidance::using_opcs4(*c).next());
    }

    #[divan::bench]
    fn phf(b: Bencher) {
        LazyLock::force(&PHF_CODES);
        let keys: &'static [[u8; 4]] = CODES.iter().map(undotted).collect::<Vec<_>>().leak();
        each(b, keys, |k| {
            PHF_CODES.get(k).and_then(|v| v.first().copied())
        });
    }

    #[divan::bench]
    fn hashmap(b: Bencher) {
        LazyLock::force(&HASH_CODES);
        let keys: &'static [[u8; 4]] = CODES.iter().map(undotted).collect::<Vec<_>>().leak();
        each(b, keys, |k| {
            HASH_CODES.get(k).and_then(|v| v.first().copied())
        });
    }
}

mod parse {
    use super::*;

    static DOTTED: LazyLock<Vec<String>> =
        LazyLock::new(|| CODES.iter().map(|c| c.to_string()).collect());
    static UNDOTTED: LazyLock<Vec<String>> =
        LazyLock::new(|| DOTTED.iter().map(|c| c.replace('.', "")).collect());
    static ICD10: [&str; 6] = ["I50.9", "I50.0", "C61.X", "H35.3", "C78.7", "I48.0"];
    static ICD10_HES: [&str; 6] = ["I509", "I500", "C61X", "H353", "C787", "I480"];

    #[divan::bench]
    fn opcs4_dotted(b: Bencher) {
        each(b, &DOTTED, |s| Opcs4Code::parse(s).ok());
    }

    #[divan::bench]
    fn opcs4_hes_undotted(b: Bencher) {
        each(b, &UNDOTTED, |s| Opcs4Code::parse_loose(s).ok());
    }

    #[divan::bench]
    fn icd10_dotted(b: Bencher) {
        each(b, &ICD10, |s| Icd10Code::parse(s).ok());
    }

    #[divan::bench]
    fn icd10_hes_undotted(b: Bencher) {
        each(b, &ICD10_HES, |s| Icd10Code::parse_loose(s).ok());
    }
}
