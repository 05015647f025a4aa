//! `nice-coding page-codes ID TEXT`: every code a NICE coding text names, as it prints it,
//! and whether the guidance's recommendation holds it; then the codes of the guidance the
//! text does not name.
//!
//! The text is read by `nice_text`, the reader `import` uses: codes dotted, bare (`C22` is
//! `C22.-`), glued to a word or their title, as ranges (`X70-X72`), with dagger and asterisk
//! marks (compared without them). Each code is reported with how the text names it:
//! recommended (a code line, a sentence assigning it, a default, a rule), on an Includes or
//! Excludes line, in a note the reader could not place, heading codes the text lists ("a code
//! from category S07.- ...:"), or in passing ("not coded", prose outside the coding text).
//!
//! A code counts as present only when the guidance's recommendation holds it: its trees
//! (codes, defaults, placeholder ranges), `ruled_out_by`, and the rule keys (`only_if`,
//! `instead_of`, `supplementary_if`, `excludes`, and codes written in `concurrent`,
//! `chosen_by` or `includes`). A code written only in a note or in `ambiguities` does not
//! count. A required code that is not present is missing; a code named only to head listed
//! codes, or in passing, is never missing.
//!
//! Exit status: 0 when nothing is missing, 4 when a code is, 1 when the id or the text
//! cannot be read.

use crate::commands::show::parse_id;
use crate::echo;
use crate::failure::{Failure, Finished, shown};
use crate::files::output::Output;
use crate::files::text::read_text;
use crate::nice_text::codes::{Named, scan};
use crate::nice_text::model::Mention;
use crate::nice_text::{self, stock};
use nice_coding::{Guidance, Rule};
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::Path;

pub fn run(id: &str, text_file: &Path) -> Result<Finished, Failure> {
    let guidance = parse_id(id)?;
    let (text, stem) = read_text(text_file)?;
    let reading = nice_text::read(&text, stem.as_deref(), &stock::shipped())
        .map_err(|e| Failure::new(format!("{}: {e}", shown(text_file))))?;
    let held = held_by(guidance);
    let rows: Vec<Row> = reading
        .mentions
        .iter()
        .map(|m| Row::new(m, &held))
        .collect();
    let named: BTreeSet<&Named> = reading.mentions.iter().map(|m| &m.named).collect();
    let extra: Vec<String> = listed_by(guidance)
        .into_iter()
        .filter(|code| !named.contains(&Named::Code(code.clone())))
        .collect();
    let missing = rows.iter().filter(|r| r.status == Status::Missing).count();
    Output::stdout().write_all_with(|out| report(out, guidance, &rows, &extra))?;
    Ok(if missing == 0 {
        Finished::Done
    } else {
        Finished::CodesMissing
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Present,
    Missing,
    /// Named, but not one the recommendation must hold.
    NotRequired,
}

/// One code of the text.
struct Row<'a> {
    status: Status,
    mention: &'a Mention,
}

impl Row<'_> {
    fn new<'a>(mention: &'a Mention, held: &BTreeSet<Named>) -> Row<'a> {
        let present = held.contains(&mention.named)
            || matches!(mention.named, Named::Range(..))
                && held
                    .iter()
                    .any(|h| matches!(h, Named::Range(..)) && h.covers(&mention.named));
        let status = if present {
            Status::Present
        } else if mention.role.required() {
            Status::Missing
        } else {
            Status::NotRequired
        };
        Row { status, mention }
    }
}

/// ```text
/// present  K57.8    line 9    K57.8     recommended      Other specified other therapeutic ...
/// present  Y53.-    line 29   Y53       heads codes listed  Approach to organ under image control
/// missing  Z33.9    line 40   Z33.9     recommended      Unspecified heart
/// extra    Y68.9    named by IPG655, not by the text
/// IPG655: 12 codes named by the text (11 present, 1 missing, 0 not required); 1 code only in the guidance
/// ```
fn report(
    out: &mut dyn Write,
    guidance: Guidance,
    rows: &[Row],
    extra: &[String],
) -> io::Result<()> {
    let id = guidance.id();
    for row in rows {
        let m = row.mention;
        let status = match row.status {
            Status::Present => "present",
            Status::Missing => "missing",
            Status::NotRequired => "named",
        };
        let line = format!("line {}", m.line);
        let printed = echo::shown(&m.printed);
        let title = m.title.as_deref().map(echo::shown).unwrap_or_default();
        let text = format!(
            "{status:<8} {:<8} {line:<9} {printed:<10} {:<18} {title}",
            m.named.text(),
            m.role.describe()
        );
        writeln!(out, "{}", text.trim_end())?;
    }
    for code in extra {
        writeln!(out, "extra    {code:<8} named by {id}, not by the text")?;
    }
    let count = |s: Status| rows.iter().filter(|r| r.status == s).count();
    let codes = |n: usize| if n == 1 { "code" } else { "codes" };
    writeln!(
        out,
        "{id}: {} {} named by the text ({} present, {} missing, {} not required); {} {} only in the guidance",
        rows.len(),
        codes(rows.len()),
        count(Status::Present),
        count(Status::Missing),
        count(Status::NotRequired),
        extra.len(),
        codes(extra.len())
    )
}

/// The codes and ranges the guidance's recommendation holds, marks dropped: tree codes,
/// defaults, placeholder ranges, `ruled_out_by`, Excludes lines, the codes of `only_if`,
/// `instead_of` and `supplementary_if`, and codes written in `concurrent`, `chosen_by` and
/// `includes`.
fn held_by(guidance: Guidance) -> BTreeSet<Named> {
    let mut held = BTreeSet::new();
    for rule in rules(guidance) {
        for code in [rule.code(), rule.default_code()].into_iter().flatten() {
            held.insert(Named::Code(without_mark(&code.bare().to_string())));
        }
        for range in rule.within() {
            held.insert(Named::Range(
                range.first().to_owned(),
                range.last().to_owned(),
            ));
        }
        for code in rule
            .only_if()
            .chain(rule.instead_of())
            .chain(rule.supplementary_if())
        {
            held.insert(Named::Code(without_mark(&code.bare().to_string())));
        }
        let texts = [rule.concurrent(), rule.chosen_by()]
            .into_iter()
            .flatten()
            .chain(rule.includes());
        for text in texts {
            held.extend(scan(text).into_iter().map(|f| f.named));
        }
    }
    held
}

/// The codes the guidance lists (tree codes and defaults, Excludes lines, `ruled_out_by`),
/// marks dropped, each once in tree order.
fn listed_by(guidance: Guidance) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for rule in rules(guidance) {
        for code in [rule.code(), rule.default_code()].into_iter().flatten() {
            let code = without_mark(&code.bare().to_string());
            if !out.contains(&code) {
                out.push(code);
            }
        }
    }
    out
}

/// Every rule of the guidance: both trees, `ruled_out_by`, and each code's Excludes lines.
fn rules(guidance: Guidance) -> impl Iterator<Item = Rule> {
    guidance
        .procedure()
        .descendants()
        .chain(guidance.diagnosis().descendants())
        .chain(guidance.ruled_out_by())
        .flat_map(|rule| core::iter::once(rule).chain(rule.excludes()))
}

/// `H19.8A` is `H19.8`, `Q90.-D` is `Q90.-`: the mark is not compared.
fn without_mark(code: &str) -> String {
    match code.strip_suffix(['A', 'D']) {
        Some(stem) if stem.len() > 4 => stem.to_owned(),
        _ => code.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::without_mark;

    #[test]
    fn marks_are_not_compared() {
        assert_eq!(without_mark("H19.8A"), "H19.8");
        assert_eq!(without_mark("Q90.-D"), "Q90.-");
        assert_eq!(without_mark("K57.8"), "K57.8");
    }
}
