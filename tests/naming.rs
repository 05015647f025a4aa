//! The covering reverse lookup (`Guidance::naming`) against matching's own answer: for every
//! guidance, the rules it reports as accepted are exactly the rules an episode holding only the
//! code satisfies through that code.

use nice_coding::{Code, Episode, Guidance, NamedBy, Naming, Rule, icd10, opcs4};
use std::collections::BTreeSet;

/// The code rules of `g` that an episode holding only `code` satisfies through it, as
/// `Evaluation::explain` reports them.
fn satisfied_by(g: Guidance, code: Code) -> BTreeSet<String> {
    let (procedures, diagnoses) = match code {
        Code::Opcs4(c) => (vec![c], vec![]),
        Code::Icd10(c) => (vec![], vec![c]),
    };
    let episode = Episode::new(&procedures, &diagnoses);
    g.evaluate(&episode)
        .explain()
        .filter(|m| m.rule.code().is_some() && m.by == Some(code))
        .map(|m| format!("{:?}", m.rule))
        .collect()
}

/// The rules of `g` the lookup reports for `code` with a reason matching accepts.
fn accepted(found: &[Naming], g: Guidance) -> BTreeSet<String> {
    found
        .iter()
        .filter(|n| n.guidance == g && n.by.is_accepted_by_matching())
        .map(|n| format!("{:?}", n.rule))
        .collect()
}

/// The ids of the guidance with at least one rule naming the code by `by`.
fn ids(found: &[Naming], by: NamedBy) -> BTreeSet<&'static str> {
    found
        .iter()
        .filter(|n| n.by == by)
        .map(|n| n.guidance.id())
        .collect()
}

/// Every guidance: the lookup's accepted rules are matching's, and its defaults are the rules
/// whose default is the code.
fn agrees_with_matching(code: Code) -> Vec<Naming> {
    let found: Vec<Naming> = Guidance::naming(code).collect();
    for &g in Guidance::ALL {
        assert_eq!(
            accepted(&found, g),
            satisfied_by(g, code),
            "{g}: the lookup and matching disagree on {code}"
        );
        let defaults: Vec<Rule> = found
            .iter()
            .filter(|n| n.guidance == g && n.by == NamedBy::Default)
            .map(|n| n.rule)
            .collect();
        for rule in &defaults {
            assert_eq!(rule.default_code(), Some(code), "{g}");
        }
    }
    found
}

#[test]
fn y53_4_is_named_by_its_exact_users_and_those_that_name_y53() {
    let code = Code::Opcs4(opcs4!("Y53.4"));
    let found = agrees_with_matching(code);
    let exact: BTreeSet<&str> = Guidance::using_opcs4(opcs4!("Y53.4"))
        .map(|g| g.id())
        .collect();
    // The counts grow with the catalogue (6 and 17 among the first 77 files).
    assert!(exact.len() >= 6 && exact.contains("IPG294"), "{exact:?}");
    assert_eq!(ids(&found, NamedBy::Code), exact);
    let category = ids(&found, NamedBy::Category);
    let y53: BTreeSet<&str> = Guidance::using_opcs4(opcs4!("Y53.-"))
        .map(|g| g.id())
        .collect();
    assert_eq!(category, y53);
    assert!(category.len() >= 17, "{category:?}");
    assert!(category.contains("IPG655"));
    // Y53.4 is the default of no rule, and no other reason applies to an OPCS-4 code.
    assert!(
        found
            .iter()
            .all(|n| matches!(n.by, NamedBy::Code | NamedBy::Category)),
        "{found:?}"
    );
    // Every guidance matching accepts Y53.4 for is one the lookup names.
    let accepted: BTreeSet<&str> = found.iter().map(|n| n.guidance.id()).collect();
    assert_eq!(accepted, &exact | &category);
}

#[test]
fn i48_0_is_found_through_i48_x() {
    let code = Code::Icd10(icd10!("I48.0"));
    assert_eq!(Guidance::using_icd10(icd10!("I48.0")).count(), 0);
    let found = agrees_with_matching(code);
    let x_filled: BTreeSet<&str> = Guidance::using_icd10(icd10!("I48.X"))
        .map(|g| g.id())
        .collect();
    assert!(
        x_filled.contains("IPG294") && x_filled.contains("IPG349"),
        "{x_filled:?}"
    );
    assert_eq!(ids(&found, NamedBy::XFilled), x_filled);
    assert!(found.iter().all(|n| n.by == NamedBy::XFilled), "{found:?}");
    for n in &found {
        assert_eq!(n.rule.code(), Some(Code::Icd10(icd10!("I48.X"))));
    }
    // The X-filled code itself is named as the code.
    assert!(Guidance::naming(icd10!("I48.X")).all(|n| n.by == NamedBy::Code));
}

#[test]
fn a_default_is_named_as_a_default_when_its_rule_does_not_cover_it() {
    // Y53.9 is the default of IPG655's Y53.-, which covers it: named as the category.
    let found: Vec<Naming> = Guidance::naming(opcs4!("Y53.9")).collect();
    let ipg655: Vec<NamedBy> = found
        .iter()
        .filter(|n| n.guidance.id() == "IPG655")
        .map(|n| n.by)
        .collect();
    assert_eq!(ipg655, [NamedBy::Category]);
    // Every default in the catalogue is found, as a default or through its rule's code.
    for &g in Guidance::ALL {
        for rule in g
            .procedure()
            .descendants()
            .chain(g.diagnosis().descendants())
        {
            let Some(default) = rule.default_code() else {
                continue;
            };
            let n = Guidance::naming(default)
                .find(|n| n.guidance == g && n.rule == rule)
                .unwrap_or_else(|| panic!("{g}: default {default} of {rule:?} not found"));
            if rule.code().is_some_and(|c| c.covers(default)) {
                assert_ne!(n.by, NamedBy::Default, "{g} {rule:?}");
            } else {
                assert_eq!(n.by, NamedBy::Default, "{g} {rule:?}");
            }
        }
    }
}

#[test]
fn a_category_finds_the_codes_and_defaults_inside_it() {
    let found: Vec<Naming> = Guidance::naming(opcs4!("Y53.-")).collect();
    assert!(
        found
            .iter()
            .any(|n| n.guidance.id() == "IPG655" && n.by == NamedBy::Code)
    );
    let inside: BTreeSet<String> = found
        .iter()
        .filter(|n| n.by == NamedBy::CodeInCategory)
        .filter_map(|n| n.rule.code())
        .map(|c| c.bare().to_string())
        .collect();
    assert!(
        inside.contains("Y53.4") && inside.contains("Y53.2"),
        "{inside:?}"
    );
    assert!(inside.iter().all(|c| c.starts_with("Y53.")), "{inside:?}");
    assert!(
        found
            .iter()
            .all(|n| !n.by.is_accepted_by_matching() || n.by == NamedBy::Code)
    );
}

#[test]
fn every_code_written_in_the_catalogue_finds_its_exact_users_as_the_code() {
    for &g in Guidance::ALL {
        for rule in g
            .procedure()
            .descendants()
            .chain(g.diagnosis().descendants())
        {
            if let Some(code) = rule.code() {
                assert!(
                    Guidance::naming(code)
                        .any(|n| n.guidance == g && n.rule == rule && n.by == NamedBy::Code),
                    "{g}: {code}"
                );
            }
        }
    }
}

#[test]
fn named_by_has_snake_case_names_and_orders_the_direct_reasons_first() {
    let all = [
        (NamedBy::Code, "code"),
        (NamedBy::Category, "category"),
        (NamedBy::XFilled, "x_filled"),
        (NamedBy::Subdivision, "subdivision"),
        (NamedBy::Default, "default"),
        (NamedBy::CodeInCategory, "code_in_category"),
        (NamedBy::DefaultInCategory, "default_in_category"),
    ];
    for (by, name) in all {
        assert_eq!(by.as_str(), name);
        assert_eq!(by.to_string(), name);
    }
    assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
}
