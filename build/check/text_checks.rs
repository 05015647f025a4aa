//! What any string of a guidance or stock notes file may hold, keys included: plain text on
//! one line, in the characters guidance text is written in, of a length suited to what it
//! holds.
//!
//! Titles and notes are printed by `nice-coding show`, returned by `page()`, rendered into
//! the documentation and written into SQL by `nice-coding export sql`. So a string may not
//! hold:
//!
//! * a control character: an `ESC` (`\u001b`) or a BEL would drive the reader's terminal, and
//!   a line break would break the Markdown tables;
//! * a character outside those guidance text is written in (`characters.rs`): an invisible or
//!   bidirectional formatting character, an odd space, a letter of another script;
//! * the sequence `${`, which Spark SQL reads as a variable to substitute, even inside a
//!   string literal.
//!
//! And a free text (a title, label, condition, note, ...: [`text_limit`]) is at most its
//! limit long, and does not begin or end with white space (a label or placeholder is shown
//! in italics, `*label*`, which a space before the closing `*` breaks), except `printed`,
//! which keeps what the page printed.
//!
//! The check reads the file's TOML tree on its own, so it covers every key, including keys
//! added later, without a line per field; a string gets one message, its first problem.

use super::characters::{Refused, refused};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

type Found = Vec<(Range<usize>, String)>;

/// The most characters of a one-line text: a title, label, condition, placeholder, sequence,
/// `includes` line, SNOMED CT term, body system, `source`; in `names.toml`, a name, a phrase,
/// a source and a quote. The longest shipped is 175 (a name's `source`); the longest title
/// 125.
pub const LINE_LIMIT: usize = 500;

/// The most characters of a note or explanation: `note`, `notes`, `limitations`,
/// `not_coded`, `ambiguities`, `undated`, `incomplete`, `no_single_code_set`, a stock note's
/// `text`, a name's `caveats`. The longest shipped is 584 (an `undated` reason).
pub const PROSE_LIMIT: usize = 2_000;

/// The most characters a string under `key` (or an entry of the list `key` holds) may have,
/// when it is free text; `None` for the values other checks read whole (ids, codes, dates,
/// ranges, stock note keys, the words of `status` and the like), and for unknown keys.
pub fn text_limit(key: &str) -> Option<usize> {
    match key {
        "title" | "default_title" | "placeholder" | "condition" | "sequence" | "printed"
        | "label" | "implied_label" | "chosen_by" | "concurrent" | "includes" | "term"
        | "body_systems" | "source" | "name" | "phrases" | "quote" => Some(LINE_LIMIT),
        "note" | "notes" | "limitations" | "not_coded" | "ambiguities" | "undated"
        | "incomplete" | "no_single_code_set" | "text" | "caveats" => Some(PROSE_LIMIT),
        _ => None,
    }
}

/// Every string of `text` (a TOML document that has parsed) that breaks a rule above: the
/// span of the string (or key) and the message. Empty when `text` is not TOML (the parser
/// reports that).
pub fn check(text: &str) -> Found {
    let mut found = Vec::new();
    if let Ok(document) = DeTable::parse(text) {
        table(document.get_ref(), true, &mut found);
    }
    found
}

fn table(t: &DeTable<'_>, top_level: bool, found: &mut Found) {
    for (key, value) in t {
        if let Some(problem) = control(key.get_ref()).or_else(|| characters(key.get_ref())) {
            found.push((key.span(), format!("a key {problem}")));
        }
        let name: &str = key.get_ref();
        // `source` is a web address, whose own check refuses every character but a few ASCII
        // ones (`web_address.rs`); only its length is checked here.
        let address = top_level && name == "source";
        self::value(value, name, address, found);
    }
}

fn value(v: &Spanned<DeValue<'_>>, key: &str, address: bool, found: &mut Found) {
    match v.get_ref() {
        DeValue::String(s) => {
            if let Some(problem) = string(s, key, address) {
                found.push((v.span(), format!("`{key}` {problem}")));
            }
        }
        DeValue::Array(items) => {
            for item in items.iter() {
                value(item, key, address, found);
            }
        }
        DeValue::Table(t) => table(t, false, found),
        _ => {}
    }
}

/// The first problem of the string `s`, the value of `key` (or an entry of its list), as the
/// end of a sentence that starts with the key.
fn string(s: &str, key: &str, address: bool) -> Option<String> {
    if let Some(problem) = control(s) {
        return Some(problem);
    }
    if !address {
        if let Some(problem) = characters(s) {
            return Some(problem);
        }
    }
    let limit = text_limit(key)?;
    let length = s.chars().count();
    if length > limit {
        let what = if limit == LINE_LIMIT {
            "a title, label or other one-line text"
        } else {
            "a note or other explanation"
        };
        return Some(format!(
            "is {length} characters long; {what} holds at most {limit}, so shorten it."
        ));
    }
    let trimmed = s.trim();
    if key != "printed" && !address && !trimmed.is_empty() && trimmed.len() != s.len() {
        let side = if s.starts_with(char::is_whitespace) {
            "begins"
        } else {
            "ends"
        };
        return Some(format!(
            "{side} with white space; remove it (text is shown as written, and white space at its edge breaks the italics the docs show a label or placeholder in)."
        ));
    }
    None
}

/// The problem of a string holding a control character (keys included).
fn control(s: &str) -> Option<String> {
    let c = s.chars().find(|c| c.is_control())?;
    Some(format!(
        "holds the control character U+{:04X}; guidance text is plain text on one line, so remove it (write a line break as a new sentence, a tab as a space).",
        u32::from(c)
    ))
}

/// The problem of a string holding a character guidance text is not written in, or `${`.
fn characters(s: &str) -> Option<String> {
    if let Some((c, why)) = s.chars().find_map(|c| refused(c).map(|why| (c, why))) {
        let code = format!("U+{:04X}", u32::from(c));
        return Some(match why {
            Refused::Invisible(name) => format!(
                "holds the invisible formatting character {code}{}, which can hide text or change the order a reader sees it in; remove it.",
                name.map_or(String::new(), |n| format!(" ({n})"))
            ),
            Refused::Space => format!(
                "holds {code}, a space or line separator other than the plain space, which looks like one but makes a different text; write a plain space."
            ),
            Refused::Other => format!(
                "holds {code}, a character guidance text is not written in (Latin letters, digits, punctuation and the signs guidance/README.md lists); write what the text means with those (an accented letter as one character), or allow the character in build/check/characters.rs if NICE's text needs it."
            ),
        });
    }
    s.contains("${").then(|| {
        "holds \"${\", which Spark SQL reads as the start of a variable to substitute, even in a string; write the text without it (such as \"$ {\")."
            .to_string()
    })
}
