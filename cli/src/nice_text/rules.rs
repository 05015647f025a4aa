//! Sentences that tie codes to each other: `only_if` ("If codes K57.4 or K62.3 are
//! chosen, ..."), a choice between the code sets named ("The code selection is dependent on
//! whether ... (Q17.6) or ... (Q16.3)"), `supplementary_if`, `concurrent`, `instead_of`,
//! a preferred code set, and a dagger code recorded before its asterisk code.

use super::build::{Builder, Settle};
use super::codes::Named;
use super::intros;
use super::model::*;
use super::phrases::{self, Item};
use super::pieces::{Join, Piece};
use super::placeholders::without_codes;

impl Builder<'_> {
    /// "If code(s) A (or B) (is|are) chosen, the site code C ... is assigned following X".
    pub(super) fn only_if(&mut self, item: &Item, lower: &str) -> bool {
        let Some(chosen_at) = lower.find(" chosen") else {
            return false;
        };
        let (_, body) = phrases::note_prefix(lower);
        if !body.starts_with("if code") || item.pieces.is_empty() {
            return false;
        }
        let (when, after): (Vec<&Piece>, Vec<&Piece>) =
            item.pieces.iter().partition(|p| p.found.start < chosen_at);
        let Some(assigned) = after.first() else {
            return false;
        };
        self.mention_all(item, Settle::ByUse);
        let system = self.system_of(item, assigned);
        let Some(mut node) = self.code_node(item, assigned, system) else {
            return true;
        };
        node.only_if = when.iter().map(|p| p.found.named.text()).collect();
        if let Some(at) = lower.find("following") {
            let sequence = item.text[at..].trim_end_matches('.');
            node.sequence = Some(super::titles::single_spaces(sequence));
        }
        self.close_choice();
        self.push_node(node, true);
        true
    }

    /// "The code selection depends on whether ... (E50.3) or not (E48.3)": a choice between
    /// the code sets the named codes head.
    pub(super) fn selection(&mut self, item: &Item) -> bool {
        let lower = item.text.to_ascii_lowercase();
        let selects = lower.contains("selection") || lower.contains("code selected");
        let depends = lower.contains("depend");
        let codes: Vec<String> = item
            .pieces
            .iter()
            .filter(|p| matches!(p.found.named, Named::Code(_)) && !p.found.named.is_category())
            .map(|p| p.found.named.text())
            .collect();
        if !(selects && depends && codes.len() >= 2) {
            return false;
        }
        self.mention_all(item, Settle::ByUse);
        let chosen = intros::chosen_by(&lower).map(|c| without_codes(&c));
        self.selections.push((item.line, codes, chosen));
        true
    }

    /// "Use as a secondary code when associated with X (F34)"; "These categories must be
    /// used as supplementary codes in the case of concurrent X (K45)".
    pub(super) fn supplementary(&mut self, item: &Item, lower: &str) -> bool {
        let secondary_here = lower.starts_with("use as a secondary code")
            || lower.starts_with("use as a supplementary code");
        let these = lower.starts_with("these categories") || lower.starts_with("these codes");
        if !(secondary_here || these)
            || !lower.contains("supplementary") && !lower.contains("secondary")
        {
            return false;
        }
        let Some(p) = item.pieces.iter().find(|p| p.before.contains('(')) else {
            return false;
        };
        self.mention_all(item, Settle::ByUse);
        let code = p.found.named.text();
        let words = bracketed_words(
            &item.text,
            p,
            &["concurrent ", "associated with ", "case of "],
        );
        // The node the sentence is about: the group of "these categories", or else the main
        // code (the code that is secondary only when the other is done).
        let list = self.list_mut();
        let target = if these {
            list.iter_mut().rev().find(|n| n.group_kind().is_some())
        } else {
            list.iter_mut()
                .find(|n| n.code_text().is_some_and(|c| !is_subsidiary(c)))
        };
        match target {
            Some(node) => node.supplementary_if.push(code.clone()),
            None => {
                self.point(
                    item.line,
                    "says a code is supplementary, but to no code listed before it",
                    &item.text,
                );
                return true;
            }
        }
        self.concurrent_node(item, p, words);
        true
    }

    /// Codes of a concurrent procedure.
    pub(super) fn concurrent(&mut self, item: &Item, lower: &str) -> bool {
        // "... for concurrent X (CODE) or Y (CODE)".
        if lower.contains("concurrent") && item.pieces.iter().any(|p| p.before.contains('(')) {
            self.mention_all(item, Settle::ByUse);
            let bracketed: Vec<&Piece> = item
                .pieces
                .iter()
                .filter(|p| p.before.contains('('))
                .collect();
            for p in bracketed {
                let words = bracketed_words(&item.text, p, &["concurrent ", " or ", ", "]);
                self.concurrent_node(item, p, words);
            }
            return true;
        }
        // "X performed in addition would be coded to CODES".
        if let Some(at) = lower.find(" performed in addition would be coded to") {
            self.mention_all(item, Settle::ByUse);
            let pieces: Vec<&Piece> = item.pieces.iter().collect();
            let units = self.units(item, &pieces, Join::Or);
            let what = format!("{} performed in addition", &lower[..at].trim());
            let mut node = match units.len() {
                1 => units.into_iter().next().expect("one unit"),
                _ => Node::group(GroupKind::OneOf, units, item.line),
            };
            node.concurrent = Some(what);
            self.push_node(node, true);
            return true;
        }
        // "X is classified with an additional code from categories R".
        if lower.contains("classified with an additional code") {
            let Some(range) = item.pieces.iter().find(|p| {
                matches!(p.found.named, Named::Range(..) | Named::Code(_))
                    && p.before.to_ascii_lowercase().contains("classified with")
            }) else {
                return false;
            };
            self.mention_all(item, Settle::ByUse);
            let what = classified_subject(lower);
            self.concurrent_node(item, range, what);
            return true;
        }
        false
    }

    /// A node for `p` coding the concurrent procedure `words`: the code, or a placeholder
    /// for a range. A code the list already holds takes the key instead.
    pub(super) fn concurrent_node(&mut self, item: &Item, p: &Piece, words: String) {
        let mut node = match &p.found.named {
            Named::Range(first, last) => {
                let mut n =
                    Node::placeholder(format!("a supplementary code for {words}"), item.line);
                n.within.push(format!("{first}-{last}"));
                n
            }
            Named::Code(_) => {
                let system = self.system_of(item, p);
                match self.code_node(item, p, system) {
                    Some(n) => n,
                    None => return,
                }
            }
        };
        node.concurrent = Some(words);
        self.push_node(node, true);
    }

    /// "If both A and B ... only the code for the B procedure would be needed".
    pub(super) fn instead(&mut self, item: &Item, lower: &str) -> bool {
        let Some(rest) = lower.strip_prefix("if both ") else {
            return false;
        };
        let Some(only) = lower.find("only the code for the ") else {
            return false;
        };
        let winner = lower[only + 22..]
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_owned();
        let loser = rest
            .split(" and ")
            .map(|w| w.split_whitespace().next().unwrap_or("").to_owned())
            .find(|w| *w != winner)
            .unwrap_or_default();
        let list = self.list_mut();
        let found = list.iter_mut().rev().find_map(|group| {
            let children = group.children_mut()?;
            let titled = |n: &Node, word: &str| {
                matches!(&n.kind, Kind::Code { title: Some(t), .. } if t.to_ascii_lowercase().contains(word))
            };
            let loser_code = children.iter().find(|c| titled(c, &loser))?.code_text()?.to_owned();
            let win = children.iter_mut().find(|c| titled(c, &winner))?;
            win.instead_of.push(loser_code);
            Some(())
        });
        if found.is_none() {
            self.point(item.line, "says one code is needed instead of another, but the reader found no choice between codes titled so", &item.text);
        }
        true
    }

    /// "Both coding solutions ... the first combination should be used in preference".
    pub(super) fn preference(&mut self, item: &Item, lower: &str) -> bool {
        let both = lower.contains("both") || lower.contains("two");
        let solutions = [
            "coding solutions",
            "combinations",
            "sets of codes",
            "code sets",
        ]
        .iter()
        .any(|w| lower.contains(w));
        if !(both && solutions && lower.contains("preference")) {
            return false;
        }
        let first = !lower.contains("second combination") && !lower.contains("second solution");
        self.preferred_first = Some((item.line, first));
        self.point(item.line, "the text prefers one of two code sets: the reason is a note to write in your own words", &item.text);
        true
    }

    /// The dagger code of the last dagger and asterisk pair is recorded first.
    pub(super) fn dagger_first(&mut self, item: &Item) {
        let found = self.diagnosis.iter_mut().any(|n| {
            let mut hit = false;
            n.visit_mut(&mut |g: &mut Node| {
                let pair = g.group_kind() == Some(GroupKind::All)
                    && g.children().first().and_then(Node::code_text).is_some_and(|c| c.ends_with('D'));
                if pair {
                    g.in_order = true;
                    g.sequence = Some("by the main condition of the episode; the dagger code first when that is not clear".to_owned());
                    hit = true;
                }
            });
            hit
        });
        if !found {
            self.point(
                item.line,
                "says a dagger code comes first, but no dagger and asterisk pair was read",
                &item.text,
            );
        }
    }
}

/// The words before a bracketed code, back to the first of `starts`.
fn bracketed_words(text: &str, p: &Piece, starts: &[&str]) -> String {
    // The words of one clause, within a few hundred characters of the code.
    let mut window = p.found.start.saturating_sub(400);
    while !text.is_char_boundary(window) {
        window += 1;
    }
    let open = text[window..p.found.start]
        .rfind('(')
        .map_or(p.found.start, |o| o + window);
    let before = &text[window..open];
    let lower = before.to_ascii_lowercase();
    let from = starts
        .iter()
        .filter_map(|s| lower.rfind(s).map(|at| at + s.len()))
        .max()
        .unwrap_or(0);
    let from = from.max(lower.rfind(')').map_or(0, |c| c + 1));
    let words = before[from..].trim().trim_start_matches("or ").trim();
    super::titles::single_spaces(words)
}

/// "X is classified with an additional code": X, or the thing a code "does not include".
fn classified_subject(lower: &str) -> String {
    let at = lower.find(" classified with").unwrap_or(lower.len());
    let before = lower[..at]
        .trim_end()
        .trim_end_matches(" is")
        .trim_end_matches(" are");
    let subject = before
        .rsplit(" and ")
        .next()
        .unwrap_or(before)
        .rsplit([',', ';'])
        .next()
        .unwrap_or(before)
        .trim();
    if matches!(subject, "these" | "they" | "it" | "this") {
        if let Some(object) = lower.split("not include ").nth(1) {
            let object = object.trim_start_matches("any ");
            let end = object.find(" and ").unwrap_or(object.len());
            return object[..end].trim_end_matches(',').trim().to_owned();
        }
    }
    subject.to_owned()
}
