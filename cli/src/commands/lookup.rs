//! `nice-coding lookup CODE`: the guidance whose recommendation names a code or a category,
//! found by the library's covering lookup, [`Guidance::naming`] (see `NamedBy` for how a rule
//! names a code):
//!
//! * for a code (`Y53.4`): the rule's code is the code, or a category holding it (`Y53.-`), or,
//!   for ICD-10, an X-filled code of its category (`I48.X` names `I48.0`, as matching reads it);
//!   or the rule's default is the code (`Y53.9` is the default of `Y53.-`);
//! * for a category (`Y53.-`, `Y53`): the rule's code or its default lies in the category,
//!   the category itself included.
//!
//! This covers [`Guidance::using_opcs4`] / [`Guidance::using_icd10`] (the exact code as a code
//! or a default) and adds the categories around a code and the codes inside a category.
//! Placeholders are listed only through their default: their ranges name no code.
//!
//! OPCS-4 and ICD-10 codes share their shape (`A01.1` is a code of both), so a code that
//! parses as both is looked up in both, each in its own labelled section; `--opcs4` or
//! `--icd10` keeps one.

use crate::args::LookupArgs;
use crate::failure::{Failure, Finished};
use crate::files::output::Output;
use nice_coding::{Code, CodeError, Guidance, Icd10Code, Opcs4Code, Rule, RuleKind};
use std::io::{self, Write};

pub fn run(args: &LookupArgs) -> Result<Finished, Failure> {
    let queries = parse(&args.code, !args.icd10, !args.opcs4)?;
    Output::stdout().write_all_with(|out| {
        for query in queries {
            section(out, query)?;
        }
        Ok(())
    })?;
    Ok(Finished::Done)
}

/// An OPCS-4 code as a user types it: loosely (`k578`, `K57.8`), and a bare three-character
/// category (`Y53`) as `Y53.-`.
fn parse_opcs4(text: &str) -> Result<Opcs4Code, CodeError> {
    match Opcs4Code::parse_loose(text) {
        Err(CodeError::BareCategory) => Opcs4Code::parse_loose(&format!("{text}-")),
        other => other,
    }
}

/// The code read in each classification asked for (OPCS-4 first), or one error saying why it
/// is none of them: `` `K5` is not an OPCS-4 code (the code is too short) or ... ``.
fn parse(text: &str, opcs4: bool, icd10: bool) -> Result<Vec<Code>, Failure> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    if opcs4 {
        match parse_opcs4(text) {
            Ok(code) => found.push(Code::Opcs4(code)),
            Err(e) => errors.push(format!("an OPCS-4 code ({e})")),
        }
    }
    if icd10 {
        match Icd10Code::parse_loose(text) {
            Ok(code) => found.push(Code::Icd10(code)),
            Err(e) => errors.push(format!("an ICD-10 code ({e})")),
        }
    }
    if found.is_empty() {
        return Err(Failure::new(format!(
            "`{text}` is not {}",
            errors.join(" or ")
        )));
    }
    Ok(found)
}

/// One line for a rule: the code as the guidance names it, its title, its default.
fn describe(rule: Rule) -> String {
    let mut line = match rule.kind() {
        RuleKind::Code(code) => format!("{:<6}  {}", code.bare(), rule.title().unwrap_or_default()),
        _ => format!("[{}]", rule.description().unwrap_or_default()),
    };
    if let Some(default) = rule.default_code() {
        line.push_str(&format!(" (default {})", default.bare()));
    }
    line
}

/// `OPCS-4 Y53.4`, then `  IPG655  Y53.-   Approach to organ under image control (default
/// Y53.9)` for each rule naming it, in catalogue and tree order, or `  no guidance`.
fn section(out: &mut dyn Write, query: Code) -> io::Result<()> {
    let system = match query {
        Code::Opcs4(_) => "OPCS-4",
        Code::Icd10(_) => "ICD-10",
    };
    writeln!(out, "{system} {}", query.bare())?;
    let mut any = false;
    let mut namings = Guidance::naming(query).peekable();
    while let Some(first) = namings.next() {
        let g = first.guidance;
        let mut lines = vec![describe(first.rule)];
        while let Some(next) = namings.next_if(|n| n.guidance == g) {
            let line = describe(next.rule);
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
        for line in &lines {
            writeln!(out, "  {:<7} {line}", g.id())?;
        }
        any = true;
    }
    if !any {
        writeln!(out, "  no guidance")?;
    }
    Ok(())
}
