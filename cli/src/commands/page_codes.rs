//! `nice-coding page-codes ID TEXT_FILE`: the codes a NICE coding text names that a guidance
//! lacks, and the reverse.
//!
//! A maintainer encoding a text runs this after `cargo build` to confirm that no code the
//! text names was left out of the file. Codes are read from the text as NICE prints them:
//! dotted (`K57.8`, `Y53.-`, `I48.X`, `M80.08`, `M45.X0`), with the published slips of a
//! space around the dot (`S07. 9` is `S07.9`), and with a dagger or asterisk after the code
//! as a symbol (`Q90.-†`, `H19.8*`) or as the UK letter (`H19.8A`, `Q90.1D`), which is
//! dropped: the comparison is of codes, not of marks. Undotted strings (`K578`) are not read,
//! since running text is full of such letter-digit strings that are not codes.
//!
//! Lines of the project's collected texts that are not NICE text are skipped: the header
//! lines (`source:`, `title:`, `opcs_version:`, `recommendation:`, `document_date:`,
//! `body_system:`) and research notes (`[Observation ...]`).
//!
//! The guidance's side is every code of its procedure and diagnosis trees (codes and
//! defaults), and every dotted code written in its texts (notes, conditions, what the page
//! printed, placeholders, stock notes, limitations, ambiguities and the others), so a code the
//! file mentions only in a note counts as present, as the documented workflow asks.
//!
//! Exit status: 0 when the guidance names every code of the text, 4 when it lacks one, 1 when
//! the id or the file cannot be read.

use crate::commands::show::parse_id;
use crate::failure::{Failure, Finished};
use crate::files::output::Output;
use nice_coding::{Guidance, Rule};
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;

pub fn run(id: &str, text_file: &Path) -> Result<Finished, Failure> {
    let guidance = parse_id(id)?;
    let bytes = std::fs::read(text_file)
        .map_err(|e| Failure::new(format!("cannot read {}: {e}", text_file.display())))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::new(format!(
            "{} is not UTF-8 text; save it as UTF-8",
            text_file.display()
        ))
    })?;
    let in_text = codes_in(&nice_text(&text));
    let in_guidance = guidance_codes(guidance);
    let missing: Vec<&String> = in_text.difference(&in_guidance).collect();
    let extra: Vec<&String> = in_guidance.difference(&in_text).collect();
    Output::stdout().write_all_with(|out| report(out, guidance, &missing, &extra))?;
    Ok(if missing.is_empty() {
        Finished::Done
    } else {
        Finished::CodesMissing
    })
}

/// ```text
/// missing  Z33.9   named by the text, not by IPG655
/// extra    Y68.9   named by IPG655, not by the text
/// IPG655: 1 code of the text missing, 1 code only in the guidance
/// ```
fn report(
    out: &mut dyn Write,
    guidance: Guidance,
    missing: &[&String],
    extra: &[&String],
) -> io::Result<()> {
    let id = guidance.id();
    for code in missing {
        writeln!(out, "missing  {code:<7} named by the text, not by {id}")?;
    }
    for code in extra {
        writeln!(out, "extra    {code:<7} named by {id}, not by the text")?;
    }
    let codes = |n: usize| if n == 1 { "code" } else { "codes" };
    writeln!(
        out,
        "{id}: {} {} of the text missing, {} {} only in the guidance",
        missing.len(),
        codes(missing.len()),
        extra.len(),
        codes(extra.len())
    )
}

/// The text without the header lines and research notes of the project's collected texts.
fn nice_text(text: &str) -> String {
    const HEADERS: [&str; 6] = [
        "source:",
        "title:",
        "opcs_version:",
        "recommendation:",
        "document_date:",
        "body_system:",
    ];
    text.lines()
        .filter(|line| !HEADERS.iter().any(|h| line.starts_with(h)))
        .filter(|line| !line.trim_start().starts_with("[Observation"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every code the guidance names in its trees or writes in its texts.
fn guidance_codes(guidance: Guidance) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut texts: Vec<&str> = Vec::new();
    texts.extend(guidance.notes());
    texts.extend(guidance.limitations());
    texts.extend(guidance.not_coded());
    texts.extend(guidance.ambiguities());
    texts.extend(guidance.incomplete());
    texts.extend(guidance.no_single_code_set());
    texts.extend(guidance.stock_notes().map(|n| n.text));
    // The trees, the codes that rule the guidance out, and each code's Excludes lines: every
    // code the file names is one the text may print.
    let trees = guidance
        .procedure()
        .descendants()
        .chain(guidance.diagnosis().descendants())
        .chain(guidance.ruled_out_by());
    for rule in trees.flat_map(|rule| core::iter::once(rule).chain(rule.excludes())) {
        for code in [rule.code(), rule.default_code()].into_iter().flatten() {
            codes.insert(without_mark(&code.bare().to_string()));
        }
        texts.extend(rule_texts(rule));
    }
    for text in texts {
        codes.extend(codes_in(text));
    }
    codes
}

fn rule_texts(rule: Rule) -> Vec<&'static str> {
    let mut texts: Vec<&'static str> = [
        rule.printed(),
        rule.condition(),
        rule.note(),
        rule.sequence(),
        rule.description(),
        rule.label(),
        rule.concurrent(),
        rule.chosen_by(),
    ]
    .into_iter()
    .flatten()
    .collect();
    texts.extend(rule.stock_notes().map(|n| n.text));
    texts.extend(rule.includes());
    texts
}

/// `H19.8A` is `H19.8`, `Q90.-D` is `Q90.-`: the mark is not compared.
fn without_mark(code: &str) -> String {
    match code.strip_suffix(['A', 'D']) {
        Some(stem) if stem.len() > 4 => stem.to_owned(),
        _ => code.to_owned(),
    }
}

/// Every dotted code in `text`, in canonical form without a mark.
pub fn codes_in(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = BTreeSet::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((code, end)) = code_at(&chars, i) {
            found.insert(code);
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

/// A code starting at `chars[i]`, and where it ends: a capital letter not preceded by a
/// letter or digit, two digits, at most one space, a dot, at most one space, then `-` or one
/// or two characters of digits and `X` (an optional `A`/`D` mark after them), not followed by
/// a letter or digit.
fn code_at(chars: &[char], i: usize) -> Option<(String, usize)> {
    let at = |k: usize| chars.get(k).copied();
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if i > 0 && alnum(at(i - 1)) {
        return None;
    }
    let letter = at(i).filter(char::is_ascii_uppercase)?;
    let tens = at(i + 1).filter(char::is_ascii_digit)?;
    let units = at(i + 2).filter(char::is_ascii_digit)?;
    let mut k = i + 3;
    if at(k) == Some(' ') {
        k += 1;
    }
    if at(k) != Some('.') {
        return None;
    }
    k += 1;
    if at(k) == Some(' ') {
        k += 1;
    }
    let mut tail = String::new();
    if at(k) == Some('-') {
        tail.push('-');
        k += 1;
    } else {
        while tail.len() < 2 && at(k).is_some_and(|c| c.is_ascii_digit() || c == 'X') {
            tail.push(at(k)?);
            k += 1;
        }
        if tail.is_empty() {
            return None;
        }
        // A mark letter after the code (`H19.8A`), but not the first letter of a word.
        if matches!(at(k), Some('A' | 'D')) && (tail.len() == 2 || !alnum(at(k + 1))) {
            k += 1;
        }
    }
    if alnum(at(k)) {
        return None;
    }
    Some((format!("{letter}{tens}{units}.{tail}"), k))
}

#[cfg(test)]
mod tests {
    use super::codes_in;

    fn codes(text: &str) -> Vec<String> {
        codes_in(text).into_iter().collect()
    }

    #[test]
    fn reads_dotted_codes_as_nice_prints_them() {
        assert_eq!(
            codes("K57.8 Other; Y53.- Approach; I48.X AF; M80.08 and M45.X0; S07. 9 typo; S08 .1"),
            [
                "I48.X", "K57.8", "M45.X0", "M80.08", "S07.9", "S08.1", "Y53.-"
            ]
        );
        // Marks as symbols or letters are dropped.
        assert_eq!(
            codes("Q90.-† with H19.8* and H19.8A, A17.0D"),
            ["A17.0", "H19.8", "Q90.-"]
        );
        // Not codes: undotted, inside words, too long, lower case.
        assert_eq!(
            codes("K578 XK57.8 K57.812 k57.8 4.6 OPCS4.6"),
            Vec::<String>::new()
        );
    }
}
