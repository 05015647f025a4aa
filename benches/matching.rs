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
//! `cargo bench --bench matching`. Results and the machine are in BENCHMARKS.md.

use divan::{Bencher, black_box};
use nice_coding::{Code, Episode, Guidance, Icd10Code, Opcs4Code, Rule, RuleKind};
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

/// A code a category covers (its default, or the category with fourth character 9).
fn covered(code: Code, default: Option<Code>) -> Code {
    match (code, default) {
        (_, Some(d)) => d,
        (Code::Opcs4(c), None) if c.is_category() => {
            let s = c.to_string();
            Code::Opcs4(Opcs4Code::parse(&format!("{}9", &s[..4])).expect("category + 9"))
        }
        (Code::Icd10(c), None) if c.is_category() => {
            let s = c.to_string();
            Code::Icd10(Icd10Code::parse(&format!("{}9", &s[..4])).expect("category + 9"))
        }
        (c, None) => c,
    }
}

/// The codes a coder would record for `rule`: every required part, the first entry of each
/// choice, conditional parts left out.
fn record(rule: Rule, out: &mut Vec<Code>) {
    if rule.is_conditional() {
        return;
    }
    match rule.kind() {
        RuleKind::Code(c) => out.push(covered(c, rule.default_code())),
        RuleKind::All => rule.children().for_each(|r| record(r, out)),
        RuleKind::OneOf | RuleKind::OneOrMore | RuleKind::Variants | RuleKind::Stages => {
            if let Some(first) = rule.children().next() {
                record(first, out);
            }
        }
        RuleKind::Placeholder => {
            if let Some(range) = rule.within().next() {
                let code = format!("{}.0", range.first());
                if let Ok(c) = Opcs4Code::parse(&code) {
                    out.push(Code::Opcs4(c));
                }
            }
        }
        _ => {}
    }
}

fn recorded(g: Guidance, matching: bool) -> Recorded {
    let mut codes = Vec::new();
    record(g.procedure(), &mut codes);
    record(g.diagnosis(), &mut codes);
    let mut procedures: Vec<Opcs4Code> = codes
        .iter()
        .filter_map(|c| match c {
            Code::Opcs4(c) => Some(*c),
            _ => None,
        })
        .collect();
    let diagnoses = codes
        .iter()
        .filter_map(|c| match c {
            Code::Icd10(c) => Some(*c),
            _ => None,
        })
        .collect();
    if !matching && !procedures.is_empty() {
        // A main code no guidance uses in this position (OPCS-4 has no chapter O; the parser
        // accepts the shape, and it is what an unrelated operation looks like to the index).
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
