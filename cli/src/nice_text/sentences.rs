//! Sentences of a coding text, read by their phrasing:
//!
//! * "Codes ... are not coded", "X must not be used": codes named in passing.
//! * "If codes K57.4 or K62.3 are chosen, the site code Z33.6 ... is assigned": `only_if`.
//! * "The code selection is dependent on whether ... (Q17.6) or ... (Q16.3)": a choice
//!   between the listed codes (or code sets) named.
//! * "Use as a secondary code when associated with X (F34)", "These categories must be used
//!   as supplementary codes in the case of concurrent X (K45)": `supplementary_if`.
//! * "A supplementary code must be used for concurrent X (K23.1)", "X performed in addition
//!   would be coded to ...", "X is classified with an additional code from categories
//!   T85-T87", "... if a cystoscopy was also performed": `concurrent`.
//! * "if the method ... is unspecified, Y53.9 ... is assigned", "the fourth character .9
//!   must be assigned": a category's `default`; "Codes within category Y53.- are ...": the
//!   categories the notes after it speak of.
//! * "Use a subsidiary code to identify X (Y35, Y36)": codes announced, added only when the
//!   text lists none of them.
//! * "In addition the ICD-10 code ... would be recorded", "... is also assigned when ...",
//!   "Plus an additional site code ...": codes assigned, with the condition the sentence
//!   gives (`if`, `when`, `where`); ICD-10 codes go to the diagnosis.
//! * "Chapter 'Z' code ...", "a site code", "ICD-10 codes are assigned depending on ...",
//!   "The site of X is also coded when present": placeholders.
//! * "If both A and B ... only the code for the B procedure": `instead_of`.
//! * "Both coding solutions ... the first combination should be used in preference":
//!   alternatives, the first `preferred`.
//!
//! What no phrasing covers is a point for the maintainer: a note to write in their own
//! words, a limitation, or a code the reader could not place.

use super::build::{Announcement, Builder, PendingDefault, Section, Settle};
use super::codes::Named;
use super::model::*;
use super::phrases::{self, Item};
use super::pieces::{self, Join, Piece};

impl Builder<'_> {
    /// One sentence.
    pub(super) fn sentence(&mut self, item: &Item) {
        if item.pieces.is_empty() && self.includes_open && self.includes_continued(item) {
            return;
        }
        self.includes_open = false;
        self.close_choice();
        // The sentence's words, codes and titles standing as `_`: what the phrasing says.
        let all_words = pieces::words_only(&item.text, &item.pieces);
        let (_, cased) = phrases::note_prefix(&all_words);
        let cased = cased.to_owned();
        let words = cased.to_ascii_lowercase();
        let lower = item.text.to_ascii_lowercase();
        if let Some(edition) = icd10_edition(&words) {
            self.icd10_edition = Some(edition);
        }
        if words.contains("† code is assigned before")
            || words.contains("dagger code is assigned before")
        {
            self.dagger_first(item);
            return;
        }
        let handled = self.passing(item, &words)
            || self.only_if(item, &lower)
            || self.selection(item)
            || self.supplementary(item, &words)
            || self.concurrent(item, &words)
            || self.other_codes_instead(item, &words)
            || self.placeholder(item, &cased, &words)
            || self.default(item, &words)
            || self.announcement(item, &words)
            || self.assign(item, &cased, &words)
            || self.instead(item, &words)
            || self.preference(item, &words)
            || self.categories_spoken_of(item, &words);
        if !handled {
            self.prose(item, &words);
        }
    }

    /// A line under an Includes line that carries it on (a second included term).
    fn includes_continued(&mut self, item: &Item) -> bool {
        let text = item.text.trim();
        let words = text.split_whitespace().count();
        let opener = [
            "note",
            "in addition",
            "plus",
            "or",
            "if",
            "a ",
            "an ",
            "the ",
            "this",
            "it ",
            "codes",
            "one of",
            "for ",
            "when ",
            "site code",
            "chapter",
        ]
        .iter()
        .any(|o| text.to_lowercase().starts_with(o));
        if words > 10 || opener || text.ends_with('.') || text.ends_with(':') {
            return false;
        }
        if let Some(node) = self.last_code_mut() {
            node.includes.push(super::titles::single_spaces(text));
            return true;
        }
        false
    }

    /// "not coded", "must not be used": the codes are named in passing.
    fn passing(&mut self, item: &Item, lower: &str) -> bool {
        let negative = [
            "not coded",
            "must not be used",
            "should not be used",
            "is not used",
            "are not used",
            "not be assigned",
            "is not assigned",
        ]
        .iter()
        .any(|p| lower.contains(p));
        if !negative {
            return false;
        }
        self.mention_all(item, Settle::Passing);
        let what = if lower.contains("not coded") {
            "says what is not coded: write it in `not_coded`, in your own words"
        } else {
            "says a code must not be used: the reader cannot tell whether it rules the guidance out (`ruled_out_by`) or is only a coding instruction; left out"
        };
        self.point(item.line, what, &item.text);
        true
    }

    /// "If code(s) A (or B) (is|are) chosen, the site code C ... is assigned following X".
    fn only_if(&mut self, item: &Item, lower: &str) -> bool {
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
        let lower = item.text.to_lowercase();
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
        let chosen = phrases::chosen_by(&lower).map(|c| without_codes(&c));
        self.selections.push((item.line, codes, chosen));
        true
    }

    /// "Use as a secondary code when associated with X (F34)"; "These categories must be
    /// used as supplementary codes in the case of concurrent X (K45)".
    fn supplementary(&mut self, item: &Item, lower: &str) -> bool {
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
        // The node the sentence is about: the last code, or the group of "these categories".
        let list = self.list_mut();
        let target = if these {
            list.iter_mut().rev().find(|n| n.group_kind().is_some())
        } else {
            list.iter_mut().rev().find(|n| n.code_text().is_some())
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
        let mut node = Node::code(System::Opcs4, code, item.line);
        node.concurrent = Some(words);
        self.push_node(node, true);
        true
    }

    /// Codes of a concurrent procedure.
    fn concurrent(&mut self, item: &Item, lower: &str) -> bool {
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
                    && p.before.to_lowercase().contains("classified with")
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
    fn concurrent_node(&mut self, item: &Item, p: &Piece, words: String) {
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

    /// A category's default ("if ... unspecified, Y53.9 ... is assigned", "the fourth
    /// character .9 must be assigned"), and the categories a note speaks of.
    fn default(&mut self, item: &Item, lower: &str) -> bool {
        let unspecified = [
            "unspecified",
            "not specified",
            "not stated",
            "not known",
            "not documented",
        ]
        .iter()
        .any(|w| lower.contains(w));
        self.remember_categories(item);
        if !unspecified {
            return false;
        }
        if let Some(digit) = fourth_character(lower) {
            let categories = self.recent_categories.clone();
            if categories.is_empty() {
                return false;
            }
            for category in categories {
                let code = format!("{}.{digit}", &category[..3]);
                self.defaults.push(PendingDefault {
                    line: item.line,
                    code: code.clone(),
                    title: None,
                    sentence: item.text.clone(),
                });
                self.mentions.push((
                    Mention {
                        line: item.line,
                        named: Named::Code(code),
                        printed: format!(".{digit}"),
                        title: None,
                        role: Role::Note,
                    },
                    Settle::ByUse,
                ));
            }
            return true;
        }
        let members: Vec<&Piece> = item
            .pieces
            .iter()
            .filter(|p| !p.found.named.is_category() && matches!(p.found.named, Named::Code(_)))
            .collect();
        let [default] = members[..] else {
            return false;
        };
        for p in &item.pieces {
            let settle = if p.found.named.is_category() {
                Settle::Heads
            } else {
                Settle::ByUse
            };
            self.mention(item, p, settle);
        }
        self.stock_lines.push((
            item.line,
            item.pieces.iter().map(|p| p.found.named.clone()).collect(),
            item.text.clone(),
        ));
        self.defaults.push(PendingDefault {
            line: item.line,
            code: default.found.named.text(),
            title: (!default.title.text.is_empty()).then(|| default.title.text.clone()),
            sentence: item.text.clone(),
        });
        if let Some(sequence) = place_words(lower) {
            let category = format!("{}.-", &default.found.named.text()[..3]);
            self.sequences.push((category, sequence));
        }
        true
    }

    /// The categories a sentence names, for the sentences after it ("these categories").
    fn remember_categories(&mut self, item: &Item) {
        let categories: Vec<String> = item
            .pieces
            .iter()
            .filter(|p| p.found.named.is_category())
            .map(|p| p.found.named.text())
            .collect();
        if !categories.is_empty() {
            self.recent_categories = categories;
        }
    }

    /// "Codes within category Y53.- are used as ...", "Regarding categories K40-K44": a
    /// sentence about categories the text lists.
    fn categories_spoken_of(&mut self, item: &Item, lower: &str) -> bool {
        let about = lower.starts_with("codes within categor")
            || lower.starts_with("codes in categor")
            || lower.starts_with("regarding categor")
            || lower.contains("must be selected from categor");
        if !about || item.pieces.is_empty() {
            return false;
        }
        self.remember_categories(item);
        self.stock_lines.push((
            item.line,
            item.pieces.iter().map(|p| p.found.named.clone()).collect(),
            item.text.clone(),
        ));
        self.mention_all(item, Settle::Heads);
        if !lower.starts_with("regarding") && !self.stock_matches(item) {
            self.point(
                item.line,
                "a note on a category: write it in your own words (`note`)",
                &item.text,
            );
        }
        true
    }

    /// True when the sentence is one of the stock notes.
    fn stock_matches(&self, item: &Item) -> bool {
        let (categories, codes) = named_sets(item.pieces.iter().map(|p| &p.found.named));
        self.stock.iter().any(|s| s.matches(&categories, &codes))
    }

    /// "Use a subsidiary code to identify X (Y35, Y36)".
    fn announcement(&mut self, item: &Item, lower: &str) -> bool {
        let announces = lower.starts_with("use a supplementary code")
            || lower.starts_with("use a subsidiary code")
            || lower.starts_with("use a secondary code");
        let bracketed: Vec<&Piece> = item
            .pieces
            .iter()
            .filter(|p| p.found.start > 0 && item.text[..p.found.start].contains('('))
            .collect();
        if !announces || bracketed.is_empty() {
            return false;
        }
        self.mention_all(item, Settle::Heads);
        let units = self.units(item, &bracketed, Join::Or);
        let node = match units.len() {
            1 => units.into_iter().next().expect("one unit"),
            _ => Node::group(GroupKind::OneOf, units, item.line),
        };
        self.announced.push(Announcement {
            line: item.line,
            node,
            covers: bracketed.iter().map(|p| p.found.named.clone()).collect(),
        });
        true
    }

    /// Codes a sentence assigns.
    fn assign(&mut self, item: &Item, cased: &str, lower: &str) -> bool {
        if item.pieces.is_empty() {
            return false;
        }
        let verb = [
            " assigned",
            " recorded",
            " added",
            " required",
            " selected",
            " used as a supplementary",
            " used as a subsidiary",
        ]
        .iter()
        .any(|v| lower.contains(v));
        let lead = [
            "plus ",
            "site code from",
            "in addition",
            "a code from",
            "an additional",
        ]
        .iter()
        .any(|l| lower.starts_with(l));
        if !(verb || lead) {
            return false;
        }
        self.mention_all(item, Settle::ByUse);
        let icd = lower.contains("icd-10")
            || item
                .pieces
                .iter()
                .all(|p| super::build::icd10_only(&p.found.named, p.found.mark));
        if icd {
            self.close_all();
            self.section = Section::Diagnosis;
        } else if self.section == Section::Diagnosis && lower.contains("opcs") {
            self.section = Section::Procedure;
        }
        // "... to these procedures": after the labelled alternatives, for them all.
        if lower.contains("these procedures") || lower.contains("any of the above") {
            self.close_labelled(false);
        }
        let pieces: Vec<&Piece> = item
            .pieces
            .iter()
            .filter(|p| !matches!(p.found.named, Named::Range(..)))
            .collect();
        let units = self.units(item, &pieces, Join::Or);
        let mut node = match units.len() {
            0 => return true,
            1 => units.into_iter().next().expect("one unit"),
            _ => Node::group(GroupKind::All, units, item.line),
        };
        let (condition, concurrent) = condition_of(cased, lower);
        if concurrent.is_some() {
            node.concurrent = concurrent;
        } else if condition.is_some() {
            node.condition = condition;
        }
        if let Some(sequence) = place_words(lower) {
            node.sequence = Some(sequence);
        }
        // "... following a code from Chapter 'L' for the primary surgery": that code first.
        if let Some(placeholder) = following_chapter(cased, lower, item.line) {
            node.sequence = Some("after the chapter code".to_owned());
            self.push_node(placeholder, true);
        }
        self.close_choice();
        self.push_node(node, true);
        true
    }

    /// "If both A and B ... only the code for the B procedure would be needed".
    fn instead(&mut self, item: &Item, lower: &str) -> bool {
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
                matches!(&n.kind, Kind::Code { title: Some(t), .. } if t.to_lowercase().contains(word))
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
    fn preference(&mut self, item: &Item, lower: &str) -> bool {
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

    /// "(Other codes from B08 ... may be used instead, dependent upon ...)": the code listed
    /// before is the default of its category, which is the code to assign.
    fn other_codes_instead(&mut self, item: &Item, lower: &str) -> bool {
        if !(lower.contains("other codes from") && lower.contains("instead")) {
            return false;
        }
        let Some(p) = item.pieces.iter().find(|p| p.found.named.is_category()) else {
            return false;
        };
        let category = p.found.named.text();
        let line = item.line;
        let title = (!p.title.text.is_empty()).then(|| p.title.text.clone());
        let printed = p
            .found
            .damaged(&item.text)
            .then(|| p.found.printed(&item.text).to_owned());
        let list = self.list_mut();
        let Some(node) = list.iter_mut().rev().find(|n| {
            n.code_text()
                .is_some_and(|c| c[..3] == category[..3] && !c.ends_with(".-"))
        }) else {
            return false;
        };
        let Kind::Code {
            code,
            title: listed_title,
            printed: listed_printed,
            ..
        } = &mut node.kind
        else {
            return false;
        };
        node.default = Some(std::mem::replace(code, category));
        node.default_title = std::mem::replace(listed_title, title);
        *listed_printed = printed;
        let _ = line;
        self.mention_all(item, Settle::ByUse);
        if let Some(chosen) = phrases::chosen_by(lower) {
            self.point(
                item.line,
                format!(
                    "the category's code is chosen by {chosen}: say so in a note if it matters"
                ),
                &item.text,
            );
        }
        true
    }

    /// A placeholder: a code the text asks for without naming it.
    fn placeholder(&mut self, item: &Item, cased: &str, lower: &str) -> bool {
        let default_code = lower.contains("not known")
            || lower.contains("unspecified")
            || lower.contains("not specified");
        let named_codes = item
            .pieces
            .iter()
            .any(|p| matches!(p.found.named, Named::Code(_)));
        let chapter = chapter_letter(lower);
        let site = lower.contains("site code") || lower.contains("body system");
        let ranged: Vec<&Piece> = item
            .pieces
            .iter()
            .filter(|p| matches!(p.found.named, Named::Range(..)))
            .collect();
        let icd_words = lower.contains("icd-10 codes are assigned")
            || lower.contains("appropriate icd-10 codes");
        let coded_when = coded_when(lower);
        let stage_prose = self.empty_entry() && lower.contains("depend");
        let asks = chapter.is_some()
            || site
            || !ranged.is_empty()
            || icd_words
            || coded_when.is_some()
            || stage_prose;
        let excluded = lower.contains("case by case") || lower.starts_with("regarding");
        if !asks || (named_codes && !(icd_words && default_code)) || excluded {
            return false;
        }
        self.mention_all(item, Settle::ByUse);
        let (_, body) = phrases::note_prefix(&item.text);
        let mut text = subject(body.trim_end_matches('.').trim()).to_owned();
        for lead in ["plus ", "and ", "in addition "] {
            if let Some(rest) = phrases::strip_prefix_ci(&text, lead) {
                text = rest.trim().to_owned();
            }
        }
        let mut bracket = None;
        if let Some(open) = text.find('(').filter(|&o| !text[o..].starts_with("(s)")) {
            let close = text[open..].find(')').map_or(text.len(), |c| c + open);
            bracket = Some(text[open + 1..close].trim().to_owned());
            text = format!(
                "{}{}",
                text[..open].trim_end(),
                &text[(close + 1).min(text.len())..]
            );
        }
        let description = match &coded_when {
            Some(_) => format!("a code for {}", lowercase_first(&text)),
            None => description(&text),
        };
        let mut node = Node::placeholder(description, item.line);
        if let Some(letter) = chapter {
            node.within.push(format!("{letter}00-{letter}99"));
        }
        for p in &ranged {
            if let Named::Range(first, last) = &p.found.named {
                node.within.push(format!("{first}-{last}"));
            }
        }
        if lower.contains("code(s)") || lower.contains("one or more") {
            node.several = true;
        }
        if !default_code {
            let (condition, _) = condition_of(cased, lower);
            node.condition = condition.or_else(|| coded_when.clone());
        }
        if lower.contains("can be added") && node.condition.is_none() {
            node.condition = Some(match lower.find("as appropriate") {
                Some(_) => "as appropriate".to_owned(),
                None => "can be added".to_owned(),
            });
        }
        if let Some(b) = bracket {
            let lb = b.to_lowercase();
            if let Some(chosen) = phrases::chosen_by(&lb) {
                node.chosen_by = Some(chosen);
            } else if node.condition.is_none() {
                node.condition = Some(b);
            }
        }
        if let Some(chosen) = phrases::chosen_by(lower) {
            node.chosen_by.get_or_insert(without_codes(&chosen));
        }
        if icd_words || (coded_when.is_some() && self.section == Section::Diagnosis) {
            self.close_all();
            self.section = Section::Diagnosis;
            // "if the site of the pain is not known ICD-10 code R52.2 ... is assigned".
            if let Some(p) = item
                .pieces
                .iter()
                .find(|p| matches!(p.found.named, Named::Code(_)))
            {
                node.default = Some(p.found.named.text());
                node.default_title = (!p.title.text.is_empty()).then(|| p.title.text.clone());
            }
        }
        self.push_node(node, true);
        true
    }

    /// True when the current labelled alternative has no code yet.
    fn empty_entry(&self) -> bool {
        self.labelled
            .as_ref()
            .and_then(|l| l.entries.last())
            .is_some_and(|e| e.nodes.is_empty())
    }

    /// The dagger code of the last dagger and asterisk pair is recorded first.
    fn dagger_first(&mut self, item: &Item) {
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

    /// A sentence no phrasing covers.
    fn prose(&mut self, item: &Item, lower: &str) {
        if item.pieces.is_empty() {
            let what = if lower.contains("not possible")
                || lower.contains("most suitable")
                || lower.contains("cannot be captured")
                || lower.contains("not always possible")
            {
                "a limitation of the classification: write it in `limitations`, in your own words"
            } else if lower.contains("case by case")
                || lower.contains("cannot be expressed")
                || lower.contains("dependent on")
                || lower.contains("appropriate opcs-4 codes")
            {
                self.no_code_set.get_or_insert(item.line);
                "says how the codes are chosen case by case: say it in your own words"
            } else if let Some(chosen) = phrases::chosen_by(lower) {
                self.pending_chosen_by = Some(chosen);
                return;
            } else {
                "a note: write it in your own words if it matters"
            };
            self.point(item.line, what, &item.text);
            return;
        }
        self.mention_all(item, Settle::Note);
        let listed = |b: &Builder, named: &Named| {
            let mut codes = Vec::new();
            for n in b.procedure.iter().chain(&b.diagnosis) {
                n.codes(&mut codes);
            }
            codes.iter().any(|c| {
                Named::Code(c.clone()).covers(named) || named.covers(&Named::Code(c.clone()))
            })
        };
        let unplaced: Vec<String> = item
            .pieces
            .iter()
            .filter(|p| !listed(self, &p.found.named))
            .map(|p| p.found.named.text())
            .collect();
        if unplaced.is_empty() {
            self.point(
                item.line,
                "a note on codes listed: write it in your own words (`note`)",
                &item.text,
            );
        } else {
            self.point(
                item.line,
                format!("names {} in a sentence the reader cannot turn into codes: left out; place it yourself", unplaced.join(", ")),
                &item.text,
            );
        }
    }
}

/// The ICD-10 edition a sentence names ("In the ICD-10 4th Edition").
fn icd10_edition(lower: &str) -> Option<String> {
    let at = lower.find("icd-10 ")? + 7;
    let rest = &lower[at..];
    let digit = rest.chars().next().filter(char::is_ascii_digit)?;
    rest[1..]
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .trim_start()
        .starts_with("edition")
        .then(|| digit.to_string())
}

/// The words before a bracketed code, back to the first of `starts`.
fn bracketed_words(text: &str, p: &Piece, starts: &[&str]) -> String {
    let open = text[..p.found.start].rfind('(').unwrap_or(p.found.start);
    let before = &text[..open];
    let lower = before.to_lowercase();
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

/// "in second place", "in a subsidiary position": where the code is recorded.
fn place_words(lower: &str) -> Option<String> {
    [
        "in second place",
        "in first place",
        "in a subsidiary position",
        "directly after",
    ]
    .iter()
    .find(|w| lower.contains(*w))
    .map(|w| w.trim_start_matches("in ").to_owned())
}

/// `.9` in "the fourth character .9": the digit.
fn fourth_character(lower: &str) -> Option<char> {
    let at = lower.find("fourth")?;
    let rest = &lower[at..];
    let dot = rest.find('.')?;
    rest[dot + 1..].chars().next().filter(char::is_ascii_digit)
}

/// The condition a sentence gives for its codes: `if`/`when`/`where` and what follows;
/// "if X was also performed" is a concurrent procedure X instead.
fn condition_of(text: &str, lower: &str) -> (Option<String>, Option<String>) {
    let keys = [" if ", " when ", " where ", " whenever "];
    let Some(at) = keys.iter().filter_map(|k| lower.find(k)).min() else {
        return (None, None);
    };
    let clause = text[at + 1..].trim().trim_end_matches('.').trim();
    let clause_lower = clause.to_lowercase();
    for also in [
        " was also performed",
        " is also performed",
        " was also carried out",
        " is also carried out",
        " also performed",
    ] {
        if let Some(end) = clause_lower.find(also) {
            let what = clause[..end].trim();
            let what = what.split_once(' ').map_or(what, |(_, rest)| rest);
            return (None, Some(what.to_owned()));
        }
    }
    (
        Some(super::titles::single_spaces(&super::titles::mend(clause))),
        None,
    )
}

/// "a code from Chapter 'L' for X" after "following": a placeholder for that code.
fn following_chapter(text: &str, lower: &str, line: usize) -> Option<Node> {
    let at = lower.find("following a code from chapter")?;
    let letter = chapter_letter(&lower[at..])?;
    let phrase = &text[at + "following ".len()..];
    let mut node = Node::placeholder(description(phrase.trim_end_matches('.')), line);
    node.within.push(format!("{letter}00-{letter}99"));
    Some(node)
}

/// The chapter letter of "Chapter 'Z'", "chapter Z".
fn chapter_letter(lower: &str) -> Option<char> {
    let at = lower.find("chapter")? + 7;
    let rest = lower[at..].trim_start();
    let rest = rest.trim_start_matches(['\'', '‘', '’', '"', '“', '”']);
    let mut chars = rest.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    let after = chars.next();
    (after.is_none() || after.is_some_and(|c| !c.is_ascii_alphabetic()))
        .then(|| letter.to_ascii_uppercase())
}

/// "The site of the embolism is also coded when present": the condition.
fn coded_when(lower: &str) -> Option<String> {
    let at = lower
        .find(" coded when ")
        .or_else(|| lower.find(" coded if "))?;
    let clause = lower[at + " coded ".len()..].trim_end_matches('.').trim();
    Some(clause.to_owned())
}

/// The subject of a sentence: its words before the verb ("A site code" of "A site code
/// can be added as appropriate").
fn subject(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    let outside = |at: &usize| {
        let before = &lower[..*at];
        before.matches('(').count() <= before.matches(')').count()
    };
    let end = [
        " can be ", " is ", " are ", " must ", " should ", " would ", " will ", " may ",
    ]
    .iter()
    .filter_map(|v| lower.match_indices(v).map(|(at, _)| at).find(outside))
    .min()
    .unwrap_or(text.len());
    text[..end].trim()
}

/// The first letter in lower case, unless the word is an abbreviation (`ICD-10`).
fn lowercase_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    if first_word.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return text.to_owned();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A placeholder's description from the text's phrase: plain quotes, and an article.
fn description(phrase: &str) -> String {
    let plain: String = phrase
        .chars()
        .filter(|c| !matches!(c, '‘' | '’' | '\'' | '“' | '”'))
        .collect();
    let text = lowercase_first(&super::titles::single_spaces(&plain));
    let lower = text.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    let bare = ["a", "an", "the", "one", "appropriate", "relevant", "any"].contains(&first)
        || lower.contains("codes")
        || lower.contains("code(s)");
    if bare || text.is_empty() {
        text
    } else {
        format!("a {text}")
    }
}

/// A clause with its bracketed codes taken out.
fn without_codes(clause: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in clause.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    super::titles::single_spaces(&out)
}

/// The categories and codes a note names.
pub(super) fn named_sets<'n>(named: impl Iterator<Item = &'n Named>) -> (Vec<String>, Vec<String>) {
    let mut categories = Vec::new();
    let mut codes = Vec::new();
    for n in named {
        if let Named::Code(code) = n {
            if n.is_category() {
                categories.push(code.clone());
            } else {
                codes.push(code.clone());
            }
        }
    }
    (categories, codes)
}
