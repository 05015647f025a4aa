//! No control characters in guidance text: every string of a guidance or stock notes file,
//! keys included, must be plain text on one line.
//!
//! Titles and notes are printed by `nice-coding show`, returned by `page()` and rendered into
//! the documentation; an `ESC` (`\u001b`) or a BEL in them would drive the reader's terminal,
//! and a line break would break the Markdown tables. The check reads the file's TOML tree on
//! its own, so it covers every key, including keys added later, without a line per field.

use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Every string of `text` (a TOML document that has parsed) holding a control character: the
/// span of the string (or key) and the message. Empty when `text` is not TOML (the parser
/// reports that).
pub fn control_characters(text: &str) -> Vec<(Range<usize>, String)> {
    let mut found = Vec::new();
    if let Ok(document) = DeTable::parse(text) {
        table(document.get_ref(), &mut found);
    }
    found
}

fn table(t: &DeTable<'_>, found: &mut Vec<(Range<usize>, String)>) {
    for (key, value) in t {
        check(key.get_ref(), key.span(), "a key", found);
        let what = format!("`{}`", key.get_ref());
        self::value(value, &what, found);
    }
}

fn value(v: &Spanned<DeValue<'_>>, what: &str, found: &mut Vec<(Range<usize>, String)>) {
    match v.get_ref() {
        DeValue::String(s) => check(s, v.span(), what, found),
        DeValue::Array(items) => {
            for item in items.iter() {
                value(item, what, found);
            }
        }
        DeValue::Table(t) => table(t, found),
        _ => {}
    }
}

fn check(s: &str, span: Range<usize>, what: &str, found: &mut Vec<(Range<usize>, String)>) {
    if let Some(c) = s.chars().find(|c| c.is_control()) {
        found.push((
            span,
            format!(
                "{what} holds the control character U+{:04X}; guidance text is plain text on one line, so remove it (write a line break as a new sentence, a tab as a space).",
                u32::from(c)
            ),
        ));
    }
}
