//! An ICD-10 row's reading: its title as a coder reads it (`DESCRIPTION` with its modifiers),
//! the other wordings of the same title, whether it is an undivided category, and its usage.

use super::Usage;

/// True when `alt_code` is `code` followed by the `X` filler (`I10` and `I10X`).
pub(super) fn undivided(code: &str, alt_code: &str) -> bool {
    let code = code.trim();
    code.len() == 3 && alt_code.trim().strip_suffix('X') == Some(code)
}

pub(super) fn parse_usage(value: &str) -> Option<Usage> {
    match value.trim() {
        "DEFAULT" => Some(Usage::Default),
        "DAGGER" => Some(Usage::Dagger),
        "ASTERISK" => Some(Usage::Asterisk),
        _ => None,
    }
}

pub(super) fn unknown_usage(value: &str) -> String {
    format!(
        "USAGE \"{value}\" is not DEFAULT, DAGGER or ASTERISK; the release is damaged, or this is not an ICD-10 CodesAndTitlesAndMetadata file."
    )
}

/// An ICD-10 title as a coder reads it: `DESCRIPTION`, then each non-empty modifier. A
/// modifier that continues the sentence ("With coma", "Without complication", "While
/// engaged in sports activity") follows after a space with its first letter in lower case:
/// "Type 1 diabetes mellitus with coma". Any other (a place, "Home"; a site, "Other")
/// follows after a comma and a space, as the tabular list sets it under the heading.
pub(super) fn icd10_title(description: &str, modifier_4: &str, modifier_5: &str) -> String {
    let mut title = description.trim().to_string();
    for modifier in [modifier_4.trim(), modifier_5.trim()] {
        if modifier.is_empty() {
        } else if continues_sentence(modifier) {
            title.push(' ');
            title.push_str(&lower_first(modifier));
        } else {
            title.push_str(", ");
            title.push_str(modifier);
        }
    }
    title
}

/// The other wordings of an ICD-10 title that are not a difference: every modifier after a
/// comma as written, or in lower case, or after a space in lower case; and the
/// `TREE_DESCRIPTION`. The coder's form ([`icd10_title`]) is left out, and so are repeats.
pub(super) fn other_icd10_titles(
    description: &str,
    modifier_4: &str,
    modifier_5: &str,
    tree_description: &str,
) -> Vec<String> {
    let main = icd10_title(description, modifier_4, modifier_5);
    let modifiers: Vec<&str> = [modifier_4.trim(), modifier_5.trim()]
        .into_iter()
        .filter(|m| !m.is_empty())
        .collect();
    let mut others = Vec::new();
    let joined = |separator: &str, lower: bool| {
        let mut title = description.trim().to_string();
        for m in &modifiers {
            title.push_str(separator);
            if lower {
                title.push_str(&lower_first(m));
            } else {
                title.push_str(m);
            }
        }
        title
    };
    if !modifiers.is_empty() {
        others.extend([joined(", ", false), joined(", ", true), joined(" ", true)]);
    }
    let tree = tree_description.trim();
    if !tree.is_empty() {
        others.push(tree.to_string());
    }
    let mut kept: Vec<String> = Vec::new();
    for title in others {
        if title != main && !kept.contains(&title) {
            kept.push(title);
        }
    }
    kept
}

/// True for a modifier whose first word carries on the title's sentence.
fn continues_sentence(modifier: &str) -> bool {
    let first = modifier.split_whitespace().next().unwrap_or_default();
    [
        "with",
        "without",
        "while",
        "in",
        "due",
        "following",
        "during",
    ]
    .iter()
    .any(|w| first.eq_ignore_ascii_case(w))
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
