//! Sentences of a coding text, read by their phrasing. `sentence` tries the phrasings in
//! turn, each in its module:
//!
//! * here: codes named in passing ("not coded", "must not be used"); codes a sentence
//!   assigns ("In addition the ICD-10 code ... would be recorded", "... is also assigned
//!   when ...", "Plus an additional site code ..."), with the condition it gives (`if`,
//!   `when`, `where`; "if X was also performed" is a concurrent procedure X), ICD-10 codes to
//!   the diagnosis; and what no phrasing covers, a point for the maintainer (a note to write
//!   in their own words, a limitation, a code the reader could not place);
//! * `rules.rs`: `only_if`, a choice between the code sets named, `supplementary_if`,
//!   `concurrent`, `instead_of`, a preferred code set, a dagger code first;
//! * `placeholders.rs`: defaults, the categories a note speaks of, codes announced, a code
//!   standing for its category, placeholders.

use super::build::{Builder, Section, Settle};
use super::codes::Named;
use super::intros;
use super::model::*;
use super::phrases::{self, Item};
use super::pieces::{self, Join, Piece};
use super::placeholders::{chapter_letter, description};

impl Builder<'_> {
    /// One sentence.
    pub(super) fn sentence(&mut self, item: &Item) {
        if item.pieces.is_empty() && self.includes_open && self.includes_continued(item) {
            return;
        }
        self.includes_open = false;
        self.close_choice();
        // Clauses that each name codes and say they are assigned ("X is assigned if ...; if
        // ..., Y is assigned") are read one by one.
        let clauses: Vec<&str> = item.text.split("; ").collect();
        let assigns = |c: &str| {
            let lower = c.to_ascii_lowercase();
            [
                " assigned",
                " recorded",
                " added",
                " used",
                " required",
                " selected",
            ]
            .iter()
            .any(|v| lower.contains(v))
        };
        let names_codes = |c: &str| !super::codes::scan(c).is_empty();
        if clauses.len() > 1 && clauses.iter().all(|c| assigns(c) && names_codes(c)) {
            let (note, _) = phrases::note_prefix(&item.text);
            for clause in clauses {
                self.sentence(&Item::sentence(item.line, clause, note));
            }
            return;
        }
        // The sentence's words, codes and titles standing as `_`: what the phrasing says.
        let all_words = pieces::words_only(&item.text, &item.pieces);
        let (_, cased) = phrases::note_prefix(&all_words);
        let cased = cased.to_owned();
        let words = cased.to_ascii_lowercase();
        let lower = item.text.to_ascii_lowercase();
        if let Some(edition) = icd10_edition(&words) {
            self.facts.icd10_edition = Some(edition);
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
            || self.categories_spoken_of(item, &words)
            || self.assign(item, &cased, &words)
            || self.instead(item, &words)
            || self.preference(item, &words);
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
        .any(|o| text.to_ascii_lowercase().starts_with(o));
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
            " be used",
            " is used",
            " are used",
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
        let icd = item
            .pieces
            .first()
            .is_some_and(|p| self.system_of(item, p) == System::Icd10);
        if icd && self.section == Section::Procedure {
            self.close_all();
            self.section = Section::Diagnosis;
        } else if !icd && self.section == Section::Diagnosis {
            self.section = Section::Procedure;
            self.diagnosis_heading = false;
        }
        // "... to these procedures": after the labelled alternatives, for them all.
        if lower.contains("these procedures") || lower.contains("any of the above") {
            self.close_labelled(false);
        } else if let Some(entry) = self
            .labelled
            .as_ref()
            .and_then(|l| l.entries.last())
            .filter(|e| !e.nodes.is_empty() && self.section == Section::Procedure)
        {
            let label = entry.label.clone();
            self.point(
                item.line,
                format!("read as part of \"{label}\", after whose codes it stands; it may apply to every alternative"),
                &item.text,
            );
        }
        // Clauses apart ("Y53.2 ... if ultrasound is used; Y53.4 ... if fluoroscopy is"):
        // each with its codes and its own condition.
        let starts: Vec<usize> = std::iter::once(0)
            .chain(item.text.match_indices("; ").map(|(at, _)| at + 2))
            .collect();
        let clauses: Vec<&str> = cased.split("; ").collect();
        let apart = clauses.len() == starts.len() && starts.len() > 1;
        let mut nodes = Vec::new();
        for (i, start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(item.text.len());
            let pieces: Vec<&Piece> = item
                .pieces
                .iter()
                .filter(|p| !matches!(p.found.named, Named::Range(..)))
                .filter(|p| !apart || (*start <= p.found.start && p.found.start < end))
                .collect();
            let units = self.units(item, &pieces, Join::Or);
            let mut node = match units.len() {
                0 => continue,
                1 => units.into_iter().next().expect("one unit"),
                _ => Node::group(GroupKind::All, units, item.line),
            };
            let (clause, clause_lower) = if apart {
                (clauses[i].to_owned(), clauses[i].to_ascii_lowercase())
            } else {
                (cased.to_owned(), lower.to_owned())
            };
            let (condition, concurrent) = condition_of(&clause, &clause_lower);
            if concurrent.is_some() {
                node.concurrent = concurrent;
            } else if condition.is_some() {
                node.condition = condition;
            }
            if let (Some(chosen), Some(GroupKind::OneOf)) =
                (intros::chosen_by(&clause_lower), node.group_kind())
            {
                node.chosen_by = Some(chosen);
            }
            if let Some(sequence) = place_words(&clause_lower) {
                node.sequence = Some(sequence);
            }
            nodes.push(node);
            if !apart {
                break;
            }
        }
        // "... following a code from Chapter 'L' for the primary surgery": that code first.
        if let Some(placeholder) = following_chapter(cased, lower, item.line) {
            for node in &mut nodes {
                node.sequence = Some("after the chapter code".to_owned());
            }
            self.push_node(placeholder, true);
        }
        self.close_choice();
        for node in nodes {
            self.push_node(node, true);
        }
        true
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
                self.facts.no_code_set.get_or_insert(item.line);
                "says how the codes are chosen case by case: say it in your own words"
            } else if let Some(chosen) = intros::chosen_by(lower) {
                self.pending_chosen_by = Some(chosen);
                return;
            } else {
                "a note: write it in your own words if it matters"
            };
            self.point(item.line, what, &item.text);
            return;
        }
        self.mention_all(item, Settle::Note);
        let mut codes = Vec::new();
        for n in self.procedure.iter().chain(&self.diagnosis) {
            n.codes(&mut codes);
        }
        let codes: std::collections::BTreeSet<Named> = codes.into_iter().map(Named::Code).collect();
        // Listed: the code itself, a code of the category named, or the category of the code.
        let listed = |named: &Named| {
            let Named::Code(code) = named else {
                return false;
            };
            let category = Named::Code(format!("{}.-", &code[..3]));
            codes.contains(named)
                || codes.contains(&category)
                || named.category().is_some_and(|c| {
                    codes
                        .range(Named::Code(c.to_owned())..)
                        .next()
                        .is_some_and(|n| n.text().starts_with(c))
                })
        };
        let unplaced: Vec<&Piece> = item
            .pieces
            .iter()
            .filter(|p| !listed(&p.found.named))
            .collect();
        if unplaced.is_empty() {
            self.point(
                item.line,
                "a note on codes listed: write it in your own words (`note`)",
                &item.text,
            );
            return;
        }
        // Not lost: each code goes into the draft as a code whose condition is not known,
        // as the catalogue records a code whose rule a text does not state (see `finish`).
        for p in unplaced {
            let system = self.system_of(item, p);
            if let Some(mut node) = self.code_node(item, p, system) {
                node.condition = Some(UNKNOWN_CONDITION.to_owned());
                self.unplaced.push((node, item.text.clone()));
            }
        }
    }
}

/// The `condition` of a code a note names in words no phrasing covers: the code is kept in
/// the draft, and the maintainer says when it applies.
pub(super) const UNKNOWN_CONDITION: &str =
    "as a note of the text says, in words the importer could not read: say when it applies";

/// The ICD-10 edition a sentence names ("In the ICD-10 4th Edition").
pub(super) fn icd10_edition(lower: &str) -> Option<String> {
    let at = lower.find("icd-10 ")? + 7;
    let rest = &lower[at..];
    let digit = rest.chars().next().filter(char::is_ascii_digit)?;
    rest[1..]
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .trim_start()
        .starts_with("edition")
        .then(|| digit.to_string())
}

/// "in second place", "in a subsidiary position": where the code is recorded.
pub(super) fn place_words(lower: &str) -> Option<String> {
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

/// The condition a sentence gives for its codes: `if`/`when`/`where` and what follows;
/// "if X was also performed" is a concurrent procedure X instead.
pub(super) fn condition_of(text: &str, lower: &str) -> (Option<String>, Option<String>) {
    let keys = ["if ", "when ", "where ", "whenever "];
    // "Where ultrasound guidance is used, Y53.2 ... is also assigned": the clause before
    // the codes.
    let leading = keys.iter().any(|k| lower.starts_with(k));
    let at = if leading {
        0
    } else {
        match keys
            .iter()
            .filter_map(|k| lower.find(&format!(" {k}")).map(|a| a + 1))
            .min()
        {
            Some(at) => at,
            None => return (None, None),
        }
    };
    let rest = &text[at..];
    let rest_lower = &lower[at..];
    // The clause ends at a code, a semicolon or the end of the sentence (a leading one at
    // its comma).
    let mut end = [rest_lower.find(" _"), rest_lower.find(';')]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    if leading {
        end = end.min(rest_lower.find(',').unwrap_or(rest.len()));
    }
    let mut clause = rest[..end]
        .trim()
        .trim_end_matches(['.', ','])
        .trim()
        .to_owned();
    if clause.split_whitespace().count() < 2 {
        return (None, None);
    }
    // A leading clause and one after the codes: both hold.
    if leading {
        let after = &lower[end.min(lower.len())..];
        if let (Some(c), _) = condition_of_after(&text[end..], after) {
            clause = format!("{clause}, {c}");
        }
    }
    let clause = clause.as_str();
    let clause_lower = clause.to_ascii_lowercase();
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
    let clause = super::titles::single_spaces(&super::titles::mend(clause));
    let mut chars = clause.chars();
    let clause = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => clause,
    };
    (Some(clause), None)
}

/// A condition after the codes only (`condition_of` without a leading clause).
fn condition_of_after(text: &str, lower: &str) -> (Option<String>, Option<String>) {
    match lower.split_whitespace().next() {
        Some("if" | "when" | "where" | "whenever") => (None, None),
        _ => condition_of(text, lower),
    }
}

/// "a code from Chapter 'L' for X" after "following": a placeholder for that code.
pub(super) fn following_chapter(text: &str, lower: &str, line: usize) -> Option<Node> {
    let at = lower.find("following a code from chapter")?;
    let letter = chapter_letter(&lower[at..])?;
    let phrase = &text[at + "following ".len()..];
    let mut node = Node::placeholder(description(phrase.trim_end_matches('.')), line);
    node.within.push(format!("{letter}00-{letter}99"));
    Some(node)
}

/// At most ten codes, then how many more: a message stays short whatever the text holds.
pub(super) fn some_of(codes: &[String]) -> String {
    match codes.len() {
        0..=10 => codes.join(", "),
        n => format!("{} and {} more", codes[..10].join(", "), n - 10),
    }
}
