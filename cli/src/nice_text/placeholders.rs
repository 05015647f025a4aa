//! Sentences about codes the text does not list one by one: a category's default ("if ...
//! unspecified, Y53.9 ... is assigned", "the fourth character .9"), the categories a note
//! speaks of (and the stock notes it may be), codes a note announces, a listed code standing
//! for its category ("Other codes from B08 ... may be used instead"), and placeholders
//! ("Chapter 'Z' code ...", "a site code", "ICD-10 codes are assigned depending on ...").

use super::build::{Announcement, Builder, PendingDefault, Section, Settle};
use super::codes::Named;
use super::intros;
use super::model::*;
use super::phrases::{self, Item};
use super::pieces::{Join, Piece};
use super::sentences::{condition_of, place_words};

impl Builder<'_> {
    /// A category's default ("if ... unspecified, Y53.9 ... is assigned", "the fourth
    /// character .9 must be assigned"), and the categories a note speaks of.
    pub(super) fn default(&mut self, item: &Item, lower: &str) -> bool {
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
    pub(super) fn remember_categories(&mut self, item: &Item) {
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
    pub(super) fn categories_spoken_of(&mut self, item: &Item, lower: &str) -> bool {
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
    pub(super) fn stock_matches(&self, item: &Item) -> bool {
        let (categories, codes) = named_sets(item.pieces.iter().map(|p| &p.found.named));
        self.stock.iter().any(|s| s.matches(&categories, &codes))
    }

    /// "Use a subsidiary code to identify X (Y35, Y36)".
    pub(super) fn announcement(&mut self, item: &Item, lower: &str) -> bool {
        let announces = lower.starts_with("use a supplementary code")
            || lower.starts_with("use a subsidiary code")
            || lower.starts_with("use a secondary code");
        if !announces {
            return false;
        }
        let first_bracket = item.text.find('(').unwrap_or(item.text.len());
        let bracketed: Vec<&Piece> = item
            .pieces
            .iter()
            .filter(|p| p.found.start > first_bracket)
            .collect();
        if bracketed.is_empty() {
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

    /// "(Other codes from B08 ... may be used instead, dependent upon ...)": the code listed
    /// before, of that category, is the category's default, and the category the code to
    /// assign.
    pub(super) fn other_codes_instead(&mut self, item: &Item, lower: &str) -> bool {
        if !(lower.contains("other codes from") && lower.contains("may be used")) {
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
        if let Some(chosen) = intros::chosen_by(lower) {
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
    pub(super) fn placeholder(&mut self, item: &Item, cased: &str, lower: &str) -> bool {
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
            let lb = b.to_ascii_lowercase();
            if let Some(chosen) = intros::chosen_by(&lb) {
                node.chosen_by = Some(chosen);
            } else if node.condition.is_none() {
                node.condition = Some(b);
            }
        }
        if let Some(chosen) = intros::chosen_by(lower) {
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
    pub(super) fn empty_entry(&self) -> bool {
        self.labelled
            .as_ref()
            .and_then(|l| l.entries.last())
            .is_some_and(|e| e.nodes.is_empty())
    }
}

/// `.9` in "the fourth character .9": the digit.
pub(super) fn fourth_character(lower: &str) -> Option<char> {
    let at = lower.find("fourth")?;
    let rest = &lower[at..];
    let dot = rest.find('.')?;
    rest[dot + 1..].chars().next().filter(char::is_ascii_digit)
}

/// The chapter letter of "Chapter 'Z'", "chapter Z".
pub(super) fn chapter_letter(lower: &str) -> Option<char> {
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
pub(super) fn coded_when(lower: &str) -> Option<String> {
    let at = lower
        .find(" coded when ")
        .or_else(|| lower.find(" coded if "))?;
    let clause = lower[at + " coded ".len()..].trim_end_matches('.').trim();
    Some(clause.to_owned())
}

/// A placeholder's description from the text's phrase: plain quotes, and an article.
pub(super) fn description(phrase: &str) -> String {
    let plain: String = phrase
        .chars()
        .filter(|c| !matches!(c, '‘' | '’' | '\'' | '“' | '”'))
        .collect();
    let text = lowercase_first(&super::titles::single_spaces(&plain));
    let lower = text.to_ascii_lowercase();
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

/// The first letter in lower case, unless the word is an abbreviation (`ICD-10`).
pub(super) fn lowercase_first(text: &str) -> String {
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

/// The subject of a sentence: its words before the verb ("A site code" of "A site code
/// can be added as appropriate").
pub(super) fn subject(text: &str) -> &str {
    let lower = text.to_ascii_lowercase();
    // How deep in brackets each byte is, so that a verb inside a bracket is passed over.
    let mut depth = Vec::with_capacity(lower.len());
    let mut d = 0usize;
    for b in lower.bytes() {
        match b {
            b'(' => d += 1,
            b')' => d = d.saturating_sub(1),
            _ => {}
        }
        depth.push(d);
    }
    let end = [
        " can be ", " is ", " are ", " must ", " should ", " would ", " will ", " may ",
    ]
    .iter()
    .filter_map(|v| {
        lower
            .match_indices(v)
            .map(|(at, _)| at)
            .find(|&at| depth[at] == 0)
    })
    .min()
    .unwrap_or(text.len());
    text[..end].trim()
}

/// A clause with its bracketed codes taken out.
pub(super) fn without_codes(clause: &str) -> String {
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
