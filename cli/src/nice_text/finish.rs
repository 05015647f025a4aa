//! The end of a reading: what sentences said of codes read before or after them (defaults,
//! a choice between the code sets named, a preferred set, codes announced, stock notes),
//! the first code of the procedure, and how each code of the text is named.

use super::build::{Builder, Facts, PendingDefault, Settle};
use super::codes::Named;
use super::model::*;
use super::placeholders::named_sets;
use std::collections::{BTreeMap, BTreeSet};

/// One rendering, read.
pub struct Rendered {
    pub procedure: Vec<Node>,
    pub diagnosis: Vec<Node>,
    pub mentions: Vec<Mention>,
    pub points: Vec<Point>,
    pub facts: Facts,
}

impl Builder<'_> {
    /// Ends the reading; `cut` when the rendering stops short.
    pub fn finish(mut self, cut: bool) -> Rendered {
        self.close_choice();
        self.or_set = None;
        self.close_labelled(cut);
        for (line, codes, chosen_by) in std::mem::take(&mut self.selections) {
            if !select_between(&mut self.procedure, &codes, chosen_by) {
                self.point(line, format!("says the choice is between {}, but they are not listed as code sets the reader can tell apart", codes.join(" and ")), &codes.join(", "));
            }
        }
        if let Some((line, first)) = self.preferred_first {
            self.prefer(line, first);
        }
        // Before the defaults: a note cut short may give its stock note's default.
        self.apply_stock_notes(cut);
        self.apply_defaults();
        self.apply_announcements();
        let sequences: BTreeMap<String, String> =
            std::mem::take(&mut self.sequences).into_iter().collect();
        for tree in [&mut self.procedure, &mut self.diagnosis] {
            for node in tree.iter_mut() {
                node.visit_mut(&mut |n: &mut Node| {
                    let sequence = n.code_text().and_then(|c| sequences.get(c));
                    if let (Some(sequence), None) = (sequence, &n.sequence) {
                        n.sequence = Some(sequence.clone());
                    }
                });
            }
        }
        self.place_unplaced();
        self.review();
        self.first_code();
        let held = held_codes(&self.procedure, &self.diagnosis);
        let mentions = std::mem::take(&mut self.mentions)
            .into_iter()
            .map(|(mut m, settle)| {
                m.role = settle_role(&m.named, settle, &held);
                m
            })
            .collect();
        Rendered {
            procedure: self.procedure,
            diagnosis: self.diagnosis,
            mentions,
            points: self.points,
            facts: self.facts,
        }
    }

    /// "the first combination should be used in preference": the code sets of the
    /// procedure, each from a main code, are alternatives, one preferred.
    fn prefer(&mut self, line: usize, first: bool) {
        let sets = split_at_main_codes(std::mem::take(&mut self.procedure));
        if sets.len() < 2 {
            self.procedure = sets.into_iter().flatten().collect();
            self.point(
                line,
                "the text prefers one of two code sets, but the reader found one",
                "",
            );
            return;
        }
        let ordinals = ["First", "Second", "Third", "Fourth", "Fifth"];
        let count = sets.len();
        let entries: Vec<Node> = sets
            .into_iter()
            .enumerate()
            .map(|(i, set)| {
                let mut node = as_one(set, line);
                node.label = Some(format!(
                    "{} combination",
                    ordinals.get(i).unwrap_or(&"Another")
                ));
                node.implied_label = true;
                node.preferred = if first { i == 0 } else { i == 1 };
                node
            })
            .collect();
        if count > 2 && !first {
            self.point(
                line,
                "the preferred code set is not the first; check `preferred`",
                "",
            );
        }
        self.procedure = vec![Node::group(GroupKind::Variants, entries, line)];
    }

    /// Each default goes on the nodes of its category (in one pass over the trees).
    fn apply_defaults(&mut self) {
        let pending = std::mem::take(&mut self.defaults);
        let mut by_category: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
        for p in &pending {
            by_category
                .entry(format!("{}.-", &p.code[..3]))
                .or_insert_with(|| (p.code.clone(), p.title.clone()));
        }
        let mut applied = BTreeSet::new();
        for tree in [&mut self.procedure, &mut self.diagnosis] {
            for node in tree.iter_mut() {
                node.visit_mut(&mut |n: &mut Node| {
                    let Some(code) = n.code_text() else { return };
                    if let Some((default, title)) = by_category.get(code) {
                        applied.insert(code.to_owned());
                        n.default = Some(default.clone());
                        n.default_title.clone_from(title);
                    }
                });
            }
        }
        let held = held_codes(&self.procedure, &self.diagnosis);
        let by_line = self.mentions_by_line();
        for p in pending {
            let category = format!("{}.-", &p.code[..3]);
            if applied.contains(&category) {
                continue;
            }
            let member = held
                .range(category[..3].to_owned()..)
                .next()
                .is_some_and(|c| c.starts_with(&category[..3]));
            // A note on the category of a code listed: the default is named in passing.
            for &i in by_line.get(&p.line).into_iter().flatten() {
                let (m, settle) = &mut self.mentions[i];
                if m.named == Named::Code(p.code.clone()) {
                    *settle = if member {
                        Settle::Passing
                    } else {
                        Settle::ByUse
                    };
                }
            }
            if !member {
                self.point(
                    p.line,
                    format!("gives {} as the default of {category}, which the text does not list; left out", p.code),
                    &p.sentence,
                );
            }
        }
    }

    /// The mentions of each line, by index.
    fn mentions_by_line(&self) -> BTreeMap<usize, Vec<usize>> {
        let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, (m, _)) in self.mentions.iter().enumerate() {
            out.entry(m.line).or_default().push(i);
        }
        out
    }

    /// Codes a note announces become a node only when the text lists none of them.
    fn apply_announcements(&mut self) {
        let held = held_codes(&self.procedure, &self.diagnosis);
        let by_line = self.mentions_by_line();
        for announced in std::mem::take(&mut self.announced) {
            let listed = announced.covers.iter().any(|n| match n {
                Named::Code(code) => held
                    .range(code[..3].to_owned()..)
                    .next()
                    .is_some_and(|c| n.covers(&Named::Code(c.clone()))),
                Named::Range(..) => held.iter().any(|c| n.covers(&Named::Code(c.clone()))),
            });
            if listed {
                for &i in by_line.get(&announced.line).into_iter().flatten() {
                    let (m, settle) = &mut self.mentions[i];
                    if announced.covers.contains(&m.named) {
                        *settle = Settle::Described;
                    }
                }
            } else {
                self.procedure.push(announced.node);
            }
        }
    }

    /// The stock notes the text's notes are: on the node holding their categories, or on
    /// the guidance when the text lists only codes of them. Each is placed once. A note the
    /// copy cuts off (the last thing read when `cut`) is the stock note naming the
    /// categories it names, whose codes the cut may have taken: its default is given.
    fn apply_stock_notes(&mut self, cut: bool) {
        let mut wanted: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (line, named, sentence) in std::mem::take(&mut self.stock_lines) {
            let (categories, codes) = named_sets(named.iter());
            let cut_here = cut && line == self.last_line;
            let matching: Vec<_> = self
                .stock
                .iter()
                .filter(|s| {
                    s.matches(&categories, &codes)
                        || (cut_here && s.names_the_categories_of(&categories, &codes))
                })
                .collect();
            let Some(best) = matching.iter().map(|s| s.size()).max() else {
                continue;
            };
            for stock in matching.iter().filter(|s| s.size() == best) {
                wanted.insert(stock.key.clone(), stock.categories.clone());
                if stock.matches(&categories, &codes) {
                    self.point(
                        line,
                        format!(
                            "read as the stock note `{}`: check that it says what the text says",
                            stock.key
                        ),
                        &sentence,
                    );
                    continue;
                }
                let defaults = stock.defaults();
                self.point(
                    line,
                    format!(
                        "the copy cuts this note off; what is left names what the stock note `{}` names, so it is read as that note{}: check it against the full text",
                        stock.key,
                        if defaults.is_empty() {
                            String::new()
                        } else {
                            format!(", with its default {}, which the copy does not show", defaults.join(" and "))
                        }
                    ),
                    &sentence,
                );
                // After any default the text gives itself, which wins (`apply_defaults`).
                for code in defaults {
                    self.defaults.push(PendingDefault {
                        line,
                        code,
                        title: None,
                        sentence: sentence.clone(),
                    });
                }
            }
        }
        for (key, categories) in wanted {
            let placed = place_stock_note(&mut self.procedure, &key, &categories)
                || place_stock_note(&mut self.diagnosis, &key, &categories);
            if !placed && !self.facts.stock_notes.contains(&key) {
                self.facts.stock_notes.push(key);
            }
        }
    }

    /// The codes notes name in words no phrasing covers, not listed anywhere in the text:
    /// each at the end of its tree, with a `condition` to write (a code is never left out).
    fn place_unplaced(&mut self) {
        let mut held = held_codes(&self.procedure, &self.diagnosis);
        for (node, sentence) in std::mem::take(&mut self.unplaced) {
            let Kind::Code { system, code, .. } = &node.kind else {
                continue;
            };
            let (system, code) = (*system, code.clone());
            // Compared without a mark, as `held_codes` holds them.
            if !held.insert(code.trim_end_matches(['A', 'D']).to_owned()) {
                // Listed after the note after all: the note is about a code listed.
                self.point(
                    node.line,
                    "a note on codes listed: write it in your own words (`note`)",
                    &sentence,
                );
                continue;
            }
            self.point(
                node.line,
                format!("names {code} in a sentence the reader cannot turn into codes: drafted as a code with a `condition` to write; say when it applies, or place it yourself"),
                &sentence,
            );
            match system {
                System::Opcs4 => self.procedure.push(node),
                System::Icd10 => self.diagnosis.push(node),
            }
        }
    }

    /// The first code of a procedure is its main code: when the text names none first, a
    /// placeholder for it stands first.
    fn first_code(&mut self) {
        let Some(first) = self.procedure.first() else {
            return;
        };
        let subsidiary = first.first_code().is_some_and(is_subsidiary)
            && matches!(
                first.kind,
                Kind::Code { .. }
                    | Kind::Group {
                        kind: GroupKind::All | GroupKind::OneOf | GroupKind::OneOrMore,
                        ..
                    }
            );
        let placeholder_first = matches!(first.kind, Kind::Placeholder { .. })
            && first.within.iter().all(|w| w.starts_with(['Y', 'Z']))
            && !first.within.is_empty();
        let bound =
            first.condition.is_some() || first.concurrent.is_some() || !first.only_if.is_empty();
        if subsidiary || placeholder_first || bound {
            let line = first.line;
            self.point(line, "the text names no main code first: a placeholder for it stands first; name the code, or give the guidance `no_single_code_set`", "");
            self.procedure.insert(
                0,
                Node::placeholder(
                    "the main procedure code, which the text does not name".to_owned(),
                    line,
                ),
            );
        }
    }
}

/// Every code the trees hold: codes, defaults, the codes of rules and Excludes lines.
pub fn held_codes(procedure: &[Node], diagnosis: &[Node]) -> BTreeSet<String> {
    let mut out = Vec::new();
    for node in procedure.iter().chain(diagnosis) {
        let mut node = node.clone();
        node.visit_mut(&mut |n: &mut Node| {
            out.extend(n.code_text().map(str::to_owned));
            out.extend(n.default.clone());
            out.extend(n.only_if.iter().cloned());
            out.extend(n.instead_of.iter().cloned());
            out.extend(n.supplementary_if.iter().cloned());
            out.extend(n.excludes.iter().map(|e| e.code.clone()));
            out.extend(n.within.iter().cloned());
        });
    }
    out.iter()
        .map(|c| c.trim_end_matches(['A', 'D']).to_owned())
        .collect()
}

/// How a mention's role settles, given the codes the reading holds.
fn settle_role(named: &Named, settle: Settle, held: &BTreeSet<String>) -> Role {
    let holds = |n: &Named| held.contains(&n.text());
    match settle {
        Settle::Passing => Role::Passing,
        Settle::Includes => Role::Includes,
        Settle::Excludes => Role::Excludes,
        Settle::Described => Role::HeadsListed,
        Settle::Note => Role::Note,
        Settle::Heads if !holds(named) && heads_one_of(named, held) => Role::HeadsListed,
        Settle::Heads => Role::Note,
        Settle::ByUse if holds(named) => Role::Recommended,
        Settle::ByUse => Role::Note,
    }
}

/// True when a category or range named covers a code the reading holds.
fn heads_one_of(named: &Named, held: &BTreeSet<String>) -> bool {
    match named {
        Named::Code(code) if code.ends_with(".-") => held
            .range(code[..3].to_owned()..)
            .next()
            .is_some_and(|c| c.starts_with(&code[..3]) && c != code),
        Named::Range(first, last) => held
            .range(first.clone()..)
            .next()
            .is_some_and(|c| c.get(..3).is_some_and(|cat| cat <= last.as_str())),
        Named::Code(_) => false,
    }
}

/// The list holding nodes headed by `codes` becomes a choice between them.
fn select_between(list: &mut Vec<Node>, codes: &[String], chosen_by: Option<String>) -> bool {
    let heads: Vec<usize> = list
        .iter()
        .enumerate()
        .filter(|(_, n)| n.first_code().is_some_and(|c| codes.iter().any(|k| k == c)))
        .map(|(i, _)| i)
        .collect();
    if heads.len() == codes.len() && heads.len() >= 2 {
        let line = list[heads[0]].line;
        let tail: Vec<Node> = list.drain(heads[0]..).collect();
        let mut sets: Vec<Vec<Node>> = Vec::new();
        for (i, node) in tail.into_iter().enumerate() {
            if heads.contains(&(i + heads[0])) {
                sets.push(Vec::new());
            }
            sets.last_mut().expect("a set").push(node);
        }
        let options = sets.into_iter().map(|s| as_one(s, line)).collect();
        let mut group = Node::group(GroupKind::OneOf, options, line);
        group.chosen_by = chosen_by;
        list.push(group);
        return true;
    }
    list.iter_mut().any(|n| {
        n.children_mut()
            .is_some_and(|c| select_between(c, codes, chosen_by.clone()))
    })
}

/// Nodes split into sets, each from a main code.
fn split_at_main_codes(nodes: Vec<Node>) -> Vec<Vec<Node>> {
    let mut sets: Vec<Vec<Node>> = Vec::new();
    for node in nodes {
        if node.starts_with_main_code() || sets.is_empty() {
            sets.push(Vec::new());
        }
        sets.last_mut().expect("a set").push(node);
    }
    sets
}

/// One node for a set: the node itself, or an `all`.
fn as_one(mut set: Vec<Node>, line: usize) -> Node {
    if set.len() == 1 {
        set.pop().expect("one node")
    } else {
        Node::group(GroupKind::All, set, line)
    }
}

/// Puts stock note `key` on the group holding all `categories`, or on each node of one.
fn place_stock_note(list: &mut [Node], key: &str, categories: &[String]) -> bool {
    let mut placed = false;
    for node in list.iter_mut() {
        let holds_all = node.children().len() > 1
            && categories
                .iter()
                .all(|c| node.children().iter().any(|n| n.code_text() == Some(c)));
        if holds_all && categories.len() > 1 {
            if !node.stock_notes.iter().any(|k| k == key) {
                node.stock_notes.push(key.to_owned());
            }
            return true;
        }
        node.visit_mut(&mut |n: &mut Node| {
            if n.code_text()
                .is_some_and(|c| categories.iter().any(|k| k == c))
            {
                if !n.stock_notes.iter().any(|k| k == key) {
                    n.stock_notes.push(key.to_owned());
                }
                placed = true;
            }
        });
    }
    placed
}
