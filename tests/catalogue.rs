//! Invariants over the whole shipped catalogue.

mod shipped;

use nice_coding::{Code, Guidance, Icd10Code, Opcs4Code, Rule, RuleKind, Status, icd10, ipg};
use std::collections::{BTreeMap, BTreeSet};

/// Every code a tree names, leaf codes and defaults.
fn codes(root: Rule) -> Vec<Code> {
    let mut out = Vec::new();
    for rule in root.descendants() {
        out.extend(rule.code());
        out.extend(rule.default_code());
    }
    out
}

#[test]
fn the_catalogue_holds_every_guidance_file() {
    let files = shipped::guidance_files().len();
    assert!(files >= 77, "{files}");
    assert_eq!(Guidance::COUNT, files);
    assert_eq!(Guidance::ALL.len(), files);
}

#[test]
fn ids_round_trip_and_are_sorted_and_unique() {
    let mut previous: Option<(nice_coding::Programme, u16)> = None;
    for &g in Guidance::ALL {
        assert_eq!(g.id().parse::<Guidance>(), Ok(g));
        assert_eq!(g.id().to_ascii_lowercase().parse::<Guidance>(), Ok(g));
        assert_eq!(g.to_string(), g.id());
        assert_eq!(g.id(), format!("{}{}", g.programme().prefix(), g.number()));
        let key = (g.programme(), g.number());
        assert!(previous < Some(key), "{g} out of order");
        previous = Some(key);
    }
}

#[test]
fn every_code_stands_on_its_own_side() {
    for &g in Guidance::ALL {
        for code in codes(g.procedure()) {
            assert!(
                matches!(code, Code::Opcs4(_)),
                "{g}: {code} in the procedure"
            );
        }
        for code in codes(g.diagnosis()) {
            assert!(
                matches!(code, Code::Icd10(_)),
                "{g}: {code} in the diagnosis"
            );
        }
    }
}

#[test]
fn no_tree_is_empty_unless_the_guidance_says_why() {
    for &g in Guidance::ALL {
        let empty = g.procedure().children().len() == 0;
        assert_eq!(empty, g.no_single_code_set().is_some(), "{g}");
        for rule in g
            .procedure()
            .descendants()
            .chain(g.diagnosis().descendants())
        {
            let group = matches!(
                rule.kind(),
                RuleKind::All
                    | RuleKind::OneOf
                    | RuleKind::OneOrMore
                    | RuleKind::Variants
                    | RuleKind::Stages
                    | RuleKind::Patients
            );
            let is_root = rule == g.procedure() || rule == g.diagnosis();
            if group && !is_root {
                assert!(rule.children().len() > 0, "{g}: empty group");
            }
        }
    }
}

#[test]
fn procedures_start_with_a_main_code() {
    fn first_codes(rule: Rule, out: &mut Vec<Code>) {
        match rule.kind() {
            RuleKind::Code(c) => out.push(c),
            RuleKind::All => {
                if let Some(first) = rule.children().next() {
                    first_codes(first, out);
                }
            }
            RuleKind::Placeholder => {}
            _ => rule.children().for_each(|c| first_codes(c, out)),
        }
    }
    for &g in Guidance::ALL {
        let mut first = Vec::new();
        first_codes(g.procedure(), &mut first);
        for code in first {
            let code = code.opcs4().unwrap();
            assert!(!code.is_subsidiary(), "{g} starts with {code}");
        }
        if let Some(rule) = g.procedure().children().next() {
            assert!(!rule.is_conditional(), "{g} starts with a conditional rule");
        }
    }
}

/// The guidance naming each code, as a code or a default, read from the trees; ICD-10 codes
/// without their dagger or asterisk, which the lookup ignores.
fn forward_index() -> BTreeMap<Code, BTreeSet<Guidance>> {
    let mut forward: BTreeMap<Code, BTreeSet<Guidance>> = BTreeMap::new();
    for &g in Guidance::ALL {
        for code in codes(g.procedure()).into_iter().chain(codes(g.diagnosis())) {
            let code = match code {
                Code::Icd10(c) => Code::Icd10(c.without_marker()),
                code => code,
            };
            forward.entry(code).or_default().insert(g);
        }
    }
    forward
}

/// Every OPCS-4 code that can be written, `A00.-` to `Z99.9` (28,600), found by the direct
/// lookup exactly when the trees name it, with the same guidance.
#[test]
fn the_opcs4_lookup_answers_every_possible_code() {
    let forward = forward_index();
    let mut found_codes = 0;
    for letter in b'A'..=b'Z' {
        for number in 0..100u8 {
            for fourth in b"-0123456789" {
                let text = [
                    letter,
                    b'0' + number / 10,
                    b'0' + number % 10,
                    b'.',
                    *fourth,
                ];
                let code = Opcs4Code::parse(std::str::from_utf8(&text).unwrap()).unwrap();
                let found: Vec<Guidance> = Guidance::using_opcs4(code).collect();
                let expected: Vec<Guidance> = forward
                    .get(&Code::Opcs4(code))
                    .map(|set| set.iter().copied().collect())
                    .unwrap_or_default();
                assert_eq!(found, expected, "{code}");
                found_codes += usize::from(!found.is_empty());
            }
        }
    }
    let opcs4_codes = forward.keys().filter(|c| c.opcs4().is_some()).count();
    assert_eq!(found_codes, opcs4_codes);
    assert!(found_codes > 200);
}

/// A dagger or asterisk code is found by the code without its mark, and the reverse
/// (IPG227 writes `H19.8A`).
#[test]
fn icd10_lookups_ignore_daggers_and_asterisks() {
    let marked: Vec<(Guidance, Icd10Code)> = Guidance::ALL
        .iter()
        .flat_map(|&g| g.diagnosis().descendants().map(move |r| (g, r)))
        .filter_map(|(g, r)| r.code().and_then(|c| c.icd10()).map(|c| (g, c)))
        .filter(|(_, c)| c.marker().is_some())
        .collect();
    assert!(marked.len() >= 2, "{marked:?}");
    assert!(
        marked.contains(&(ipg::IPG227, icd10!("H19.8A"))),
        "{marked:?}"
    );
    for (g, code) in marked {
        let unmarked = code.without_marker().to_string();
        for query in [
            unmarked.clone(),
            format!("{unmarked}D"),
            format!("{unmarked}A"),
        ] {
            let query = Icd10Code::parse(&query).unwrap();
            assert!(
                Guidance::using_icd10(query).any(|found| found == g),
                "{g} {query}"
            );
        }
    }
}

#[test]
fn the_reverse_index_agrees_with_the_forward_tables() {
    let forward = forward_index();
    assert!(
        forward.len() > 200,
        "the catalogue names {} codes",
        forward.len()
    );
    for (code, expected) in &forward {
        let found: Vec<Guidance> = match code {
            Code::Opcs4(c) => Guidance::using_opcs4(*c).collect(),
            Code::Icd10(c) => Guidance::using_icd10(*c).collect(),
        };
        let found_set: BTreeSet<Guidance> = found.iter().copied().collect();
        assert_eq!(
            found.len(),
            found_set.len(),
            "{code}: duplicates in the index"
        );
        assert_eq!(&found_set, expected, "{code}");
    }
}

#[test]
fn superseded_guidance_stays_and_says_by_what() {
    let superseded: Vec<Guidance> = Guidance::ALL
        .iter()
        .copied()
        .filter(|g| g.status() == Status::Superseded)
        .collect();
    assert!(superseded.len() >= 4);
    for g in superseded {
        assert!(g.replaced_by().len() > 0, "{g}");
        assert!(g.procedure().children().len() > 0, "{g} keeps its codes");
    }
}

#[test]
fn incomplete_guidance_says_what_is_missing() {
    let incomplete: Vec<Guidance> = Guidance::ALL
        .iter()
        .copied()
        .filter(|g| !g.is_complete())
        .collect();
    assert_eq!(incomplete.len(), shipped::incomplete_files());
    for g in incomplete {
        assert!(!g.incomplete().unwrap().trim().is_empty(), "{g}");
    }
}

#[test]
fn links_between_guidance_in_the_catalogue_agree_both_ways() {
    for &g in Guidance::ALL {
        for r in g.replaces() {
            if let Some(other) = r.guidance() {
                assert!(
                    other.replaced_by().any(|x| x.id() == g.id()),
                    "{g} / {other}"
                );
            }
        }
        for r in g.replaced_by() {
            assert_ne!(r.id(), g.id());
        }
    }
}

/// Every web address a shipped file writes, comments included, is on a host someone reviewed:
/// NICE's own (the only hosts `source` may name, which the build checks), the NHS's, the
/// few sites comments cite as evidence, and the official sites `guidance/names.toml` cites. A copy of NICE's page on another site is named in
/// plain text without its address (guidance/PROVENANCE.md), so a new host here is a
/// decision, not an accident: a spam site's copy was once given as two files' `source`.
#[test]
fn the_shipped_files_give_addresses_only_on_reviewed_hosts() {
    const REVIEWED: [&str; 13] = [
        "www.nice.org.uk",
        "nice.org.uk",
        "guidance.nice.org.uk",
        "publications.nice.org.uk",
        "admin.nice.org.uk",
        "www.nhs.uk",
        "www.evidence.nhs.uk",
        "www.medicinesresources.nhs.uk",
        "database.inahta.org",
        "scribd.com",
        "www.thdlab.co.uk",
        // guidance/names.toml: the days names began and ended.
        "www.legislation.gov.uk",
        "webarchive.nationalarchives.gov.uk",
    ];
    let mut files = shipped::guidance_files();
    for data in ["guidance/stock-notes.toml", "guidance/names.toml"] {
        files.push(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join(data));
    }
    let mut seen = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read a shipped file");
        for (at, _) in text.match_indices("://") {
            let scheme_start = text[..at]
                .rfind(|c: char| !c.is_ascii_alphabetic())
                .map_or(0, |i| i + 1);
            let scheme = &text[scheme_start..at];
            let rest = &text[at + 3..];
            let host = &rest[..rest
                .find(['/', '?', '#', '"', ')', ' ', '\n'])
                .unwrap_or(rest.len())];
            assert!(
                matches!(scheme, "http" | "https"),
                "{}: an address with scheme {scheme:?}",
                path.display()
            );
            assert!(
                REVIEWED.contains(&host),
                "{}: an address on {host:?}, a host not reviewed",
                path.display()
            );
            seen += 1;
        }
    }
    assert!(seen > 100, "{seen} addresses");
}
