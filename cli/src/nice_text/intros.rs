//! The words before a set of codes: a label naming it ("Open procedure:", "Stage 1",
//! "The OPCS-4 codes for X are as follows:", "If X then the appropriate codes are:"), or an
//! introduction saying how many of the codes after it are assigned ("One of the following
//! ... depending on X:", "The following three codes are assigned directly after ...:",
//! "Plus a relevant code to identify X from:", "If X ... the following codes are assigned in
//! addition:").

use super::phrases::{Choice, Intro, Said, note_prefix, strip_prefix_ci};
use super::pieces::Join;

/// A label over the codes that follow, or an introduction to them.
pub fn label_or_intro(text: &str, lower: &str) -> Option<Said> {
    let (_, body) = note_prefix(text);
    let ends_colon = lower.trim_end().ends_with(':');
    // A stage is named by a heading ("Stage 1", "2nd stage:") or an introduction ending in
    // a colon, not by a sentence that mentions a stage.
    let short = lower.split_whitespace().count() <= 4;
    let stage = stage_label(lower).filter(|_| ends_colon || short);
    if !ends_colon && stage.is_none() {
        // An introduction may end with a full stop when it says how the code is selected
        // ("... is used to classify a range of excisions: the code selected will be
        // dependent upon ...").
        if lower.contains("code selected will be") || lower.contains("codes available") {
            return Some(Said::Intro(intro(lower)));
        }
        return None;
    }
    let words = super::titles::single_spaces(body.trim().trim_end_matches(':'));
    let words = words.as_str();
    if let Some(stage) = stage {
        return Some(Said::Label {
            text: stage,
            stage: true,
        });
    }
    // "The OPCS-4 codes for X are (as follows):" names the set X.
    for pattern in ["the opcs-4 codes for ", "the codes for "] {
        if let Some(rest) = strip_prefix_ci(words, pattern) {
            let rest = rest
                .trim_end_matches("as follows")
                .trim_end()
                .strip_suffix(" are")?;
            return Some(Said::Label {
                text: capitalised(rest.trim()),
                stage: false,
            });
        }
    }
    let wordy = words.to_ascii_lowercase();
    // "If X (then) the appropriate codes are:" names the set by its condition.
    if let Some(rest) = wordy.strip_prefix("if ") {
        if let Some(at) = rest
            .find("the appropriate codes are")
            .or(rest.find("the codes are"))
        {
            let clause = rest[..at].trim().trim_end_matches(',').trim();
            let clause = clause.strip_suffix(" then").unwrap_or(clause);
            let start = words.len() - rest.len();
            return Some(Said::Label {
                text: capitalised(&words[start..start + clause.len()]),
                stage: false,
            });
        }
    }
    let about_codes = ["code", "categor", "following", "either", "one of"]
        .iter()
        .any(|w| wordy.contains(w));
    if !about_codes {
        return (words.split_whitespace().count() <= 14).then(|| Said::Label {
            text: capitalised(words),
            stage: false,
        });
    }
    if wordy.starts_with("regarding ") {
        return None;
    }
    Some(Said::Intro(intro(&wordy)))
}

/// "Stage 1", "2nd stage", "For the 1st stage of the procedure ...": the stage named.
fn stage_label(lower: &str) -> Option<String> {
    const ORDINALS: [&str; 4] = ["first", "second", "third", "fourth"];
    let words: Vec<&str> = lower
        .trim_end_matches(':')
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        if *w == "stage" {
            if let Some(n) = words
                .get(i + 1)
                .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
            {
                return Some(format!("Stage {n}"));
            }
            if let Some(ordinal) = i
                .checked_sub(1)
                .and_then(|p| words.get(p))
                .filter(|o| ORDINALS.contains(o))
            {
                return Some(capitalised(&format!("{ordinal} stage")));
            }
            if let Some(ordinal) = i.checked_sub(1).and_then(|p| words.get(p)) {
                let digits = ordinal.trim_end_matches(char::is_alphabetic);
                if !digits.is_empty()
                    && digits.chars().all(|c| c.is_ascii_digit())
                    && matches!(&ordinal[digits.len()..], "st" | "nd" | "rd" | "th")
                {
                    return Some(format!("{ordinal} stage"));
                }
            }
        }
    }
    None
}

/// An introduction read from its words (lower case).
fn intro(lower: &str) -> Intro {
    // "one of the above codes", "one of the codes listed above" point back, not forward.
    let forward = lower
        .replace("one of the above", "")
        .replace("one of the codes listed above", "");
    let lower_all = lower;
    let lower = forward.as_str();
    let choice = if lower.contains("one or more of") {
        Choice::OneOrMore
    } else if lower.contains("one of the")
        || lower.contains("either")
        || lower.contains("codes available")
        || lower.contains("range of codes")
        || lower.contains("a relevant code")
        || lower.contains("code selected will be")
        || lower.contains("code is selected")
        || lower.contains("a code from")
        || lower.contains("an opcs-4 code from")
    {
        Choice::One
    } else {
        Choice::All
    };
    let lower = lower_all;
    let join = if lower.starts_with("plus") {
        Some(Join::Plus)
    } else if lower.starts_with("or ") {
        Some(Join::Or)
    } else {
        None
    };
    let label = clause_after(lower, "to identify ", &[" from", ":"]);
    // "If X the following codes are assigned in addition:", "The following codes are
    // assigned in addition if X:".
    let condition = match lower.strip_prefix("if ") {
        Some(rest) => rest
            .find(" the following")
            .map(|at| format!("if {}", rest[..at].trim().trim_end_matches(','))),
        None => [" if ", " when ", " where "]
            .iter()
            .filter_map(|k| lower.find(k))
            .min()
            .map(|at| lower[at + 1..].trim_end_matches(':').trim().to_owned()),
    };
    let sequence = lower
        .find("directly after")
        .map(|at| lower[at..].trim_end_matches(':').trim().to_owned());
    Intro {
        choice,
        chosen_by: chosen_by(lower),
        join,
        label,
        condition,
        sequence,
        categories: lower.contains("following") && lower.contains("categor"),
        single: lower.contains("from the following category"),
    }
}

/// "depending on X", "dependent upon X": X, up to a comma, a colon or the words that name
/// the codes.
pub fn chosen_by(lower: &str) -> Option<String> {
    for key in [
        "depending on ",
        "depending upon ",
        "depending if ",
        "dependent on ",
        "dependent upon ",
        "depends on ",
        "depend on ",
    ] {
        if let Some(found) =
            clause_after(lower, key, &[",", ":", ".", ";", " one of", " either", ")"])
        {
            return Some(found);
        }
    }
    None
}

/// The words after `key` up to the first of `ends` (a closing bracket ends them only when
/// they opened none: "the site(s) of treatment").
fn clause_after(lower: &str, key: &str, ends: &[&str]) -> Option<String> {
    let at = lower.find(key)? + key.len();
    let rest = &lower[at..];
    let end = ends
        .iter()
        .filter_map(|e| {
            let found = rest.find(e)?;
            let unopened = *e != ")" || !rest[..found].contains('(');
            unopened.then_some(found)
        })
        .min()
        .unwrap_or(rest.len());
    let clause = rest[..end].trim();
    (!clause.is_empty()).then(|| clause.to_owned())
}

/// The first letter in upper case.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
