//! A guidance's codes as a coder records them, for the matching benchmark and the synthetic
//! HES extract: every required part, the first entry of each choice, a covered code for each
//! category (its default, or the fourth character 9), the first category of a placeholder's
//! range with fourth character 0, conditional parts left out.

use nice_coding::{Code, Guidance, Icd10Code, Opcs4Code, Rule, RuleKind};

/// The procedure and diagnosis codes of one recorded episode of `g`.
pub fn recorded(g: Guidance) -> (Vec<Opcs4Code>, Vec<Icd10Code>) {
    let mut codes = Vec::new();
    record(g.procedure(), false, &mut codes);
    record(g.diagnosis(), true, &mut codes);
    let procedures = codes
        .iter()
        .filter_map(|c| match c {
            Code::Opcs4(c) => Some(*c),
            _ => None,
        })
        .collect();
    let diagnoses = codes
        .iter()
        .filter_map(|c| match c {
            Code::Icd10(c) => Some(*c),
            _ => None,
        })
        .collect();
    (procedures, diagnoses)
}

/// `stem` (`Y53`) with fourth character `last`, in the system of `code` or of the tree.
fn with_fourth(stem: &str, last: char, diagnosis: bool) -> Option<Code> {
    let text = format!("{stem}.{last}");
    if diagnosis {
        Icd10Code::parse(&text).ok().map(Code::Icd10)
    } else {
        Opcs4Code::parse(&text).ok().map(Code::Opcs4)
    }
}

fn record(rule: Rule, diagnosis: bool, out: &mut Vec<Code>) {
    if rule.is_conditional() {
        return;
    }
    match rule.kind() {
        RuleKind::Code(code) => {
            let covered = match (rule.default_code(), code) {
                (Some(default), _) => Some(default),
                (None, Code::Opcs4(c)) if c.is_category() => {
                    with_fourth(&c.to_string()[..3], '9', false)
                }
                (None, Code::Icd10(c)) if c.is_category() => {
                    with_fourth(&c.to_string()[..3], '9', true)
                }
                (None, c) => Some(c),
            };
            out.extend(covered);
        }
        RuleKind::All => rule.children().for_each(|r| record(r, diagnosis, out)),
        RuleKind::Placeholder => {
            if let Some(range) = rule.within().next() {
                out.extend(with_fourth(range.first(), '0', diagnosis));
            }
        }
        _ => {
            if let Some(first) = rule.children().next() {
                record(first, diagnosis, out);
            }
        }
    }
}
