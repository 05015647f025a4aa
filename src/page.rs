//! A guidance as a readable plain-text page, laid out like NICE's coding recommendations.

use crate::Guidance;
use crate::Icd10Marker;
use crate::guidance::{Recommendation, Status};
use crate::rule::{Code, Rule, RuleKind};
use core::fmt::{self, Write};

/// A guidance rendered as a page: title, provenance, then the procedure and diagnosis codes
/// with their titles, "Or" between alternatives, conditions in brackets, and notes.
///
/// Dagger and asterisk codes show their marks (`Q90.-†`, `H19.8*`); a corrected typo shows
/// what the page printed; a category's codes that must not be used follow it ("L89.-  ...
/// (except L89.8 and L89.9, which must not be used)"); a stock note is printed in full where
/// it first appears and referred to after ("Note: see the note under Y53.- above"); several
/// SNOMED CT concepts of one side are alternatives ("Any one of these (diagnosis):"); the rules between codes read as a coder says them ("Z33.6  Atrium
/// of heart, only if K57.4 or K62.3 is chosen"); a guidance without an ICD-10 recommendation
/// says so.
///
/// Made by [`Guidance::page`]; print it with `{}`.
///
/// ```
/// let page = nice_coding::ipg::IPG655.page().to_string();
/// assert!(page.contains("    K57.8  Other specified other therapeutic transluminal operations on heart\n"));
/// assert!(page.contains("      Or\n"));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Page {
    guidance: Guidance,
}

impl Page {
    pub(crate) fn new(guidance: Guidance) -> Page {
        Page { guidance }
    }
}

fn indent(f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
    for _ in 0..depth {
        f.write_str("  ")?;
    }
    Ok(())
}

/// A code as a coder reads it: dagger and asterisk codes with their marks (`Q90.-†`, `H19.8*`).
pub(crate) struct Marked(pub(crate) Code);

impl fmt::Display for Marked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Code::Icd10(c) => match c.marker() {
                Some(Icd10Marker::Dagger) => write!(f, "{}\u{2020}", c.without_marker()),
                Some(Icd10Marker::Asterisk) => write!(f, "{}*", c.without_marker()),
                None => write!(f, "{c}"),
            },
            code => write!(f, "{}", code.bare()),
        }
    }
}

/// `A`, `A or B`, `A, B or C`.
pub(crate) fn codes_or(
    f: &mut fmt::Formatter<'_>,
    codes: impl ExactSizeIterator<Item = Code>,
) -> fmt::Result {
    codes_joined(f, codes, " or ")
}

/// `A`, `A and B`, `A, B and C`.
pub(crate) fn codes_and(
    f: &mut fmt::Formatter<'_>,
    codes: impl ExactSizeIterator<Item = Code>,
) -> fmt::Result {
    codes_joined(f, codes, " and ")
}

fn codes_joined(
    f: &mut fmt::Formatter<'_>,
    codes: impl ExactSizeIterator<Item = Code>,
    last: &str,
) -> fmt::Result {
    let n = codes.len();
    for (i, code) in codes.enumerate() {
        if i > 0 {
            f.write_str(if i + 1 == n { last } else { ", " })?;
        }
        write!(f, "{}", Marked(code))?;
    }
    Ok(())
}

/// The rules between codes, as a coder says them, after a code or a group's heading.
fn rule_clauses(f: &mut fmt::Formatter<'_>, rule: Rule) -> fmt::Result {
    if rule.only_if().len() > 0 {
        f.write_str(", only if ")?;
        codes_or(f, rule.only_if())?;
        f.write_str(" is chosen")?;
    }
    if let Some(what) = rule.concurrent() {
        write!(f, ", only for a concurrent {what}")?;
    }
    if rule.instead_of().len() > 0 {
        f.write_str(", instead of ")?;
        codes_or(f, rule.instead_of())?;
        f.write_str(" when both are done")?;
    }
    if rule.supplementary_if().len() > 0 {
        f.write_str(", a supplementary code when ")?;
        codes_or(f, rule.supplementary_if())?;
        f.write_str(" is also coded")?;
    }
    if rule.stands_for_several() {
        f.write_str(" (one or more)")?;
    }
    if let Some(by) = rule.chosen_by() {
        write!(f, " (chosen by {by})")?;
    }
    Ok(())
}

/// The Includes and Excludes lines under a code.
fn include_lines(f: &mut fmt::Formatter<'_>, rule: Rule, depth: usize) -> fmt::Result {
    for line in rule.includes() {
        indent(f, depth)?;
        writeln!(f, "Includes: {line}")?;
    }
    for excluded in rule.excludes() {
        indent(f, depth)?;
        f.write_str("Excludes: ")?;
        if let Some(t) = excluded.title() {
            write!(f, "{t} ")?;
        }
        if let Some(code) = excluded.code() {
            write!(f, "({})", Marked(code))?;
        }
        f.write_char('\n')?;
    }
    Ok(())
}

fn note_lines(f: &mut fmt::Formatter<'_>, g: Guidance, rule: Rule, depth: usize) -> fmt::Result {
    if let Some(note) = rule.note() {
        indent(f, depth)?;
        writeln!(f, "Note: {note}")?;
    }
    for stock in rule.stock_notes() {
        indent(f, depth)?;
        match first_holder(g, stock.key).filter(|&first| first != rule) {
            Some(first) => {
                f.write_str("Note: see the note under ")?;
                holder(f, first)?;
                f.write_str(" above\n")?;
            }
            None => writeln!(f, "Note: {}", stock.text)?,
        }
    }
    Ok(())
}

/// The first rule of the page (procedure, then diagnosis, depth first, as the page prints
/// them) that carries the stock note `key`: where its text is printed. A stock note given
/// again further down refers to it rather than printing the same text twice.
fn first_holder(g: Guidance, key: &str) -> Option<Rule> {
    g.procedure()
        .descendants()
        .chain(g.diagnosis().descendants())
        .find(|r| r.stock_notes().any(|n| n.key == key))
}

/// How a rule is named when a later note refers to it: its code, its placeholder's
/// description, its label, or its group's heading.
fn holder(f: &mut fmt::Formatter<'_>, rule: Rule) -> fmt::Result {
    match (rule.kind(), rule.label()) {
        (RuleKind::Code(code), _) => write!(f, "{}", Marked(code)),
        (RuleKind::Placeholder, _) => write!(f, "[{}]", rule.description().unwrap_or_default()),
        (_, Some(label)) => write!(f, "\"{label}\""),
        (kind, None) => write!(f, "\"{}\"", group_heading(kind).0),
    }
}

/// A group's heading on the page, and the word between its entries.
fn group_heading(kind: RuleKind) -> (&'static str, Option<&'static str>) {
    match kind {
        RuleKind::OneOf => ("One of", Some("Or")),
        RuleKind::OneOrMore => ("One or more of", None),
        RuleKind::Variants => ("Depending on the scenario", Some("Or")),
        RuleKind::Stages => ("In stages", None),
        RuleKind::Patients => (
            "For each patient, coded in that patient's own episode",
            None,
        ),
        _ => ("All of", None),
    }
}

fn tail(f: &mut fmt::Formatter<'_>, rule: Rule) -> fmt::Result {
    if let Some(p) = rule.printed() {
        write!(f, " (printed \"{p}\")")?;
    }
    if let Some(d) = rule.default_code() {
        write!(f, " (default {}", Marked(d))?;
        if let Some(t) = rule.default_title() {
            write!(f, " {t}")?;
        }
        f.write_char(')')?;
    }
    if rule.except().len() > 0 {
        f.write_str(" (except ")?;
        codes_and(f, rule.except())?;
        f.write_str(", which must not be used)")?;
    }
    if let Some(c) = rule.condition() {
        write!(f, " ({c})")?;
    }
    rule_clauses(f, rule)?;
    if let Some(s) = rule.sequence() {
        write!(f, " [sequence: {s}]")?;
    }
    f.write_char('\n')
}

fn rule_lines(f: &mut fmt::Formatter<'_>, g: Guidance, rule: Rule, depth: usize) -> fmt::Result {
    if let Some(label) = rule.label() {
        indent(f, depth)?;
        f.write_str(label)?;
        if rule.is_label_implied() {
            f.write_str(" (not labelled in the text)")?;
        }
        if rule.is_preferred() {
            f.write_str(" (preferred)")?;
        }
        f.write_str(":\n")?;
        // A labelled plain list reads best as the list itself, without an "All of:" line,
        // unless that line has something to say (a condition, a rule between codes, a note).
        let plain = rule.kind() == RuleKind::All
            && !rule.is_conditional()
            && !rule.is_in_order()
            && rule.instead_of().len() == 0
            && rule.supplementary_if().len() == 0
            && rule.note().is_none()
            && rule.stock_notes().next().is_none()
            && rule.sequence().is_none();
        if plain {
            for child in rule.children() {
                rule_lines(f, g, child, depth + 1)?;
            }
            return Ok(());
        }
        return body(f, g, rule, depth + 1);
    }
    body(f, g, rule, depth)
}

fn body(f: &mut fmt::Formatter<'_>, g: Guidance, rule: Rule, depth: usize) -> fmt::Result {
    let kind = rule.kind();
    match kind {
        RuleKind::Code(code) => {
            indent(f, depth)?;
            write!(f, "{}", Marked(code))?;
            if let Some(t) = rule.title() {
                write!(f, "  {t}")?;
            }
            tail(f, rule)?;
            include_lines(f, rule, depth + 1)?;
            note_lines(f, g, rule, depth + 1)
        }
        RuleKind::Placeholder => {
            indent(f, depth)?;
            write!(f, "[{}]", rule.description().unwrap_or_default())?;
            let mut first = true;
            for range in rule.within() {
                f.write_str(if first { " from " } else { ", " })?;
                write!(f, "{range}")?;
                first = false;
            }
            tail(f, rule)?;
            note_lines(f, g, rule, depth + 1)
        }
        _ => {
            let (header, separator) = group_heading(kind);
            indent(f, depth)?;
            f.write_str(header)?;
            if rule.is_in_order() {
                f.write_str(", in this order")?;
            }
            if let Some(c) = rule.condition() {
                write!(f, " ({c})")?;
            }
            rule_clauses(f, rule)?;
            if let Some(s) = rule.sequence() {
                write!(f, " [sequence: {s}]")?;
            }
            f.write_str(":\n")?;
            note_lines(f, g, rule, depth + 1)?;
            for (i, child) in rule.children().enumerate() {
                if i > 0 {
                    if let Some(sep) = separator {
                        indent(f, depth + 1)?;
                        writeln!(f, "{sep}")?;
                    }
                }
                rule_lines(f, g, child, depth + 1)?;
            }
            Ok(())
        }
    }
}

fn list(
    f: &mut fmt::Formatter<'_>,
    heading: &str,
    items: impl Iterator<Item = &'static str>,
) -> fmt::Result {
    let mut items = items.peekable();
    if items.peek().is_some() {
        writeln!(f, "\n{heading}")?;
        for item in items {
            writeln!(f, "  - {item}")?;
        }
    }
    Ok(())
}

impl fmt::Display for Page {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = self.guidance;
        writeln!(f, "{}: {}", g.id(), g.title())?;
        writeln!(f, "Source: {}", g.source_url())?;
        let status = match g.status() {
            Status::Current => "current",
            Status::Superseded => "superseded",
            Status::Withdrawn => "withdrawn",
        };
        write!(f, "Status: {status}")?;
        for (i, r) in g.replaced_by().enumerate() {
            f.write_str(if i == 0 { " (replaced by " } else { ", " })?;
            write!(f, "{r}")?;
        }
        if g.replaced_by().len() > 0 {
            f.write_char(')')?;
        }
        f.write_char('\n')?;
        for (i, r) in g.replaces().enumerate() {
            f.write_str(if i == 0 { "Replaces: " } else { ", " })?;
            write!(f, "{r}")?;
        }
        if g.replaces().len() > 0 {
            f.write_char('\n')?;
        }
        if let Some(r) = g.recommendation() {
            let r = match r {
                Recommendation::Standard => "standard arrangements",
                Recommendation::Special => "special arrangements",
                Recommendation::ResearchOnly => "only in research",
            };
            writeln!(f, "Recommendation: {r}")?;
        }
        writeln!(
            f,
            "OPCS-4 version: {}",
            g.opcs4_version().unwrap_or("not stated")
        )?;
        if let Some(e) = g.icd10_edition() {
            writeln!(f, "ICD-10 edition: {e}")?;
        }
        if let Some(missing) = g.incomplete() {
            writeln!(f, "Incomplete: {missing}")?;
        }
        if let Some(why) = g.no_single_code_set() {
            writeln!(f, "\nNo single code set: {why}")?;
        }
        let procedure = g.procedure();
        if procedure.children().len() > 0 {
            writeln!(f, "\nProcedure\n  OPCS-4 code(s):")?;
            for rule in procedure.children() {
                rule_lines(f, g, rule, 2)?;
            }
        }
        let diagnosis = g.diagnosis();
        if diagnosis.children().len() > 0 {
            writeln!(f, "\nDiagnosis or health condition\n  ICD-10 code(s):")?;
            for rule in diagnosis.children() {
                rule_lines(f, g, rule, 2)?;
            }
        } else {
            writeln!(
                f,
                "\nDiagnosis or health condition\n  ICD-10 code(s): none (the text gives no ICD-10 code)"
            )?;
        }
        let mut ruled_out = g.ruled_out_by().peekable();
        if ruled_out.peek().is_some() {
            writeln!(
                f,
                "\nRuled out by (the guidance does not apply when any of these is coded)"
            )?;
            for rule in ruled_out {
                rule_lines(f, g, rule, 1)?;
            }
        }
        if g.snomed().len() > 0 {
            writeln!(f, "\nSNOMED CT")?;
            for (procedure, side) in [(true, "procedure"), (false, "diagnosis")] {
                let concepts = || g.snomed().filter(move |c| c.is_procedure == procedure);
                // Several concepts of one side are alternatives: each describes the whole
                // procedure or condition (guidance/README.md, "SNOMED CT concepts").
                let several = concepts().nth(1).is_some();
                if several {
                    writeln!(f, "  Any one of these ({side}):")?;
                }
                for (i, c) in concepts().enumerate() {
                    if several {
                        if i > 0 {
                            writeln!(f, "    Or")?;
                        }
                        writeln!(f, "    {} ({})", c.term, c.id)?;
                    } else {
                        writeln!(f, "  {} ({}) [{side}]", c.term, c.id)?;
                    }
                }
            }
        }
        list(f, "Notes", g.notes())?;
        let mut first = g.notes().len() == 0;
        for stock in g.stock_notes() {
            if core::mem::take(&mut first) {
                writeln!(f, "\nNotes")?;
            }
            match first_holder(g, stock.key) {
                Some(holder_rule) => {
                    f.write_str("  - see the note under ")?;
                    holder(f, holder_rule)?;
                    f.write_str(" above\n")?;
                }
                None => writeln!(f, "  - {}", stock.text)?,
            }
        }
        list(f, "Limitations", g.limitations())?;
        list(f, "Not coded", g.not_coded())?;
        list(f, "Ambiguities in the source", g.ambiguities())?;
        Ok(())
    }
}
