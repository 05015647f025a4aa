//! The capacities of the generated tables (`src/layout.rs`), checked on the file as written so
//! that a list or tree too large for them is reported at its place in the guidance file, not
//! by the emitter after every check has passed.
//!
//! * a list of a guidance (`notes`, `stock_notes`, `limitations`, `not_coded`, `ambiguities`,
//!   `body_systems`, `replaces`, `replaced_by`, `snomed`), and a rule's `stock_notes`,
//!   `within`, `includes`, `only_if`, `instead_of`, `supplementary_if` or `except`: at most
//!   [`MAX_LIST`] entries (a `u8` length);
//! * a tree of rules (`procedure`, `diagnosis`, `ruled_out_by`, and each rule's `excludes`,
//!   which the tables store as trees of their own): at most [`MAX_TREE_RULES`] rules,
//!   counting every entry at every depth (the tables store each under a root rule, and a
//!   subtree's size is a `u16`).
//!
//! `concurrent` and `chosen_by` are one text each (a string id, no length field): their
//! length is bounded with every other text's (`text_checks.rs`).

use super::super::read::model::{RawGuidance, RawNode};
use std::ops::Range;
use toml::Spanned;

/// The most entries of one list.
pub const MAX_LIST: usize = u8::MAX as usize;

/// The most rules in one recommendation tree: a `u16` subtree size, less the root the tables
/// add above the listed rules.
pub const MAX_TREE_RULES: usize = u16::MAX as usize - 1;

type Found = Vec<(Range<usize>, String)>;

/// Every list or tree of `raw` larger than the tables hold: the span of the first entry
/// past the limit (or of the tree's key) and the message.
pub fn check(raw: &RawGuidance) -> Found {
    let mut found = Vec::new();
    let lists: [(&str, Vec<Range<usize>>); 8] = [
        ("notes", spans(&raw.notes)),
        ("stock_notes", spans(&raw.stock_notes)),
        ("limitations", spans(&raw.limitations)),
        ("not_coded", spans(&raw.not_coded)),
        ("ambiguities", spans(&raw.ambiguities)),
        ("body_systems", spans(&raw.body_systems)),
        ("replaces", spans(&raw.replaces)),
        ("replaced_by", spans(&raw.replaced_by)),
    ];
    for (key, entries) in lists {
        list(key, &entries, &mut found);
    }
    list("snomed", &spans(&raw.snomed), &mut found);
    for (key, tree) in [
        ("procedure", &raw.procedure),
        ("diagnosis", &raw.diagnosis),
        ("ruled_out_by", &raw.ruled_out_by),
    ] {
        if let Some(tree) = tree {
            self::tree(key, tree, &mut found);
        }
    }
    found
}

/// A tree of rules (at `tree`, the value of `key`) larger than the tables hold, and the lists
/// of its rules that are, reported on the way.
fn tree(key: &str, tree: &Spanned<Vec<Spanned<RawNode>>>, found: &mut Found) {
    let rules = count_rules(tree.get_ref(), found);
    if rules > MAX_TREE_RULES {
        found.push((
            tree.span(),
            format!("`{key}` has {rules} rules in all; the tables hold at most {MAX_TREE_RULES} in one tree (src/layout.rs), so split the guidance's codes, or encode the long lists as categories."),
        ));
    }
}

fn spans<T>(list: &[Spanned<T>]) -> Vec<Range<usize>> {
    list.iter().map(Spanned::span).collect()
}

fn list(key: &str, entries: &[Range<usize>], found: &mut Found) {
    if let Some(first_past) = entries.get(MAX_LIST) {
        found.push((
            first_past.clone(),
            format!(
                "`{key}` has {} entries; the tables hold at most {MAX_LIST} (src/layout.rs), and this is entry {}; shorten the list.",
                entries.len(),
                MAX_LIST + 1
            ),
        ));
    }
}

/// The rules of `nodes` at every depth, reporting a rule's lists past the limit on the way.
fn count_rules(nodes: &[Spanned<RawNode>], found: &mut Found) -> usize {
    let mut rules = 0;
    for node in nodes {
        let raw = node.get_ref();
        rules += 1;
        if let Some(notes) = &raw.stock_notes {
            list("stock_notes", &spans(notes.get_ref()), found);
        }
        for (key, entries) in [
            ("within", &raw.within),
            ("includes", &raw.includes),
            ("only_if", &raw.only_if),
            ("instead_of", &raw.instead_of),
            ("supplementary_if", &raw.supplementary_if),
            ("except", &raw.except),
        ] {
            if let Some(entries) = entries {
                list(key, &spans(entries.get_ref()), found);
            }
        }
        // Stored as a tree of its own, not counted in this one.
        if let Some(excludes) = &raw.excludes {
            tree("excludes", excludes, found);
        }
        for group in raw.group_lists() {
            rules += count_rules(group.get_ref(), found);
        }
    }
    rules
}
