//! Episode matching against the whole catalogue: `nice_coding::matches` (the build-time anchor
//! index) beside `nice_coding::matches_naive` (every guidance evaluated), on the same
//! pre-parsed episodes, in the same run.
//!
//! The episodes are built from the catalogue itself, so the benchmark runs unchanged on a
//! synthetic catalogue (BENCHMARKS.md runs it on the shipped 77 and on 1,000 synthetic
//! guidance): half are a guidance's procedure as a coder would record it (its required codes,
//! the first entry of each choice, a covered code for each category), half are the same
//! shapes with the main code replaced, which match nothing, as most hospital episodes do.
//!
//! `cargo bench -p nice-coding-tests --bench matching`. Results and the machine are in BENCHMARKS.md.

use divan::{Bencher, black_box};
#[path = "tools/episodes.rs"]
mod episodes;

use nice_coding::{Episode, Guidance, Icd10Code, Opcs4Code};
use std::sync::LazyLock;

fn main() {
    divan::main();
}

/// How many episodes one benchmark iteration matches.
const EPISODES: usize = 1024;

struct Recorded {
    procedures: Vec<Opcs4Code>,
    diagnoses: Vec<Icd10Code>,
}

fn recorded(g: Guidance, matching: bool) -> Recorded {
    let (mut procedures, diagnoses) = episodes::recorded(g);
    if !matching && !procedures.is_empty() {
        // A main code no guidance uses in this position (OPCS-4's chapter O holds only a few
        // overflow codes; the parser accepts the shape, and it is what an unrelated operation
        // looks like to the index).
        procedures[0] = Opcs4Code::parse("O99.9").expect("well-formed");
    }
    Recorded {
        procedures,
        diagnoses,
    }
}

static RECORDED: LazyLock<Vec<Recorded>> = LazyLock::new(|| {
    (0..EPISODES)
        .map(|i| {
            let g = Guidance::ALL[(i / 2) % Guidance::COUNT];
            recorded(g, i % 2 == 0)
        })
        .collect()
});

fn episodes() -> Vec<Episode<'static>> {
    RECORDED
        .iter()
        .map(|r| Episode::new(&r.procedures, &r.diagnoses))
        .collect()
}

/// Matches per run, so the bench can report episodes per second.
#[divan::bench]
fn indexed(b: Bencher) {
    let episodes = episodes();
    b.counter(divan::counter::ItemsCount::new(EPISODES))
        .bench_local(|| {
            let mut found = 0;
            for e in &episodes {
                found += nice_coding::matches(black_box(e)).count();
            }
            found
        });
}

#[divan::bench]
fn naive(b: Bencher) {
    let episodes = episodes();
    b.counter(divan::counter::ItemsCount::new(EPISODES))
        .bench_local(|| {
            let mut found = 0;
            for e in &episodes {
                found += nice_coding::matches_naive(black_box(e)).count();
            }
            found
        });
}

/// The two agree on these episodes, and the "matching" half does match (a benchmark of a
/// wrong or empty answer is worthless).
#[divan::bench(sample_count = 1, sample_size = 1)]
fn agreement_check() {
    let mut matched = 0;
    for e in episodes() {
        let a: Vec<Guidance> = nice_coding::matches(&e).map(|m| m.guidance()).collect();
        let b: Vec<Guidance> = nice_coding::matches_naive(&e)
            .map(|m| m.guidance())
            .collect();
        assert_eq!(a, b);
        matched += usize::from(!a.is_empty());
    }
    // Guidance with no procedure codes, or a placeholder without a range, give no episode.
    assert!(
        matched * 10 >= EPISODES * 4,
        "only {matched} of {EPISODES} episodes match"
    );
    eprintln!("{matched} of {EPISODES} episodes match at least one guidance");
}
