//! The title NICE prints after a code, and where it ends.
//!
//! A title runs from the code to the first of: a bracket (`(if used)`, kept apart as the
//! code's bracket), a verb that carries on the sentence (`is assigned`, `would be recorded`,
//! `to specify`), a full stop, a colon, `Or` or `Plus`, or the connective words before the
//! next code (`or`, `and a code from category`, `,`). A title starts with a capital letter;
//! text after a code that does not (`V55.- to specify ...`) is no title.
//!
//! The title is written as guidance files write it: runs of white space made single,
//! typographic quotes and dashes made plain, a final full stop, a stray character before the
//! first word (`1Percutaneous`) and a word glued to NEC, NOC or HFQ (`HeadNEC`) mended. When
//! that changes more than white space, what the page printed is kept too.

/// A title after a code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Title {
    /// The title as a guidance file writes it; empty when the text gives none.
    pub text: String,
    /// What the line printed, when `text` differs from it beyond white space.
    pub printed: Option<String>,
    /// The text of a bracket right after the title (`if used`), without the brackets.
    pub bracket: Option<String>,
    /// Where the title, and its bracket, end in the line (bytes).
    pub end: usize,
}

/// Words that carry a sentence on after a title: the title ends before them.
const VERBS: [&str; 23] = [
    " is ",
    " are ",
    " would ",
    " will ",
    " can ",
    " may ",
    " should ",
    " must ",
    " to specify",
    " to identify",
    " to denote",
    " to further ",
    " depending ",
    " below is ",
    " which ",
    " that ",
    " whenever ",
    " if ",
    // A new sentence printed without a full stop before it.
    " The ",
    " This ",
    " It ",
    " Note",
    " In addition",
];

/// Words that may stand between a title and the next code ("or a code from category").
const CONNECTIVE_WORDS: [&str; 21] = [
    "or",
    "and",
    "plus",
    "code",
    "codes",
    "a",
    "an",
    "the",
    "from",
    "category",
    "categories",
    "one",
    "of",
    "following",
    "icd-10",
    "opcs-4",
    "combination",
    "dagger(†)",
    "asterisk(*)",
    "with",
    "then",
];

/// The title after a code: the text of `line` from byte `from` up to `limit` (the next
/// code, or the end of the line).
pub fn title_after(line: &str, from: usize, limit: usize) -> Title {
    let rest = &line[from..limit];
    let mut start = from + (rest.len() - rest.trim_start().len());
    // `K57.8 - Other specified ...`, `K57.8: Other ...`: a mark between code and title.
    for mark in ["- ", "– ", "— ", ": "] {
        if line[start..limit].starts_with(mark) {
            let after = &line[start + mark.len()..limit];
            start += mark.len() + (after.len() - after.trim_start().len());
            break;
        }
    }
    if line[start..limit].starts_with('(') {
        return bracket_only(line, start, limit);
    }
    let mut chars = line[start..limit].chars();
    let (first, second) = (chars.next(), chars.next());
    // `J66.2 1Percutaneous ...`: a stray character before the first word.
    let stray =
        first.is_some_and(|c| c.is_ascii_digit()) && second.is_some_and(|c| c.is_ascii_uppercase());
    if stray {
        start += 1;
    }
    let s = &line[start..limit];
    if !s.starts_with(|c: char| c.is_uppercase()) {
        return Title {
            end: from,
            ..Title::default()
        };
    }
    let end = title_end(s);
    let raw = s[..end].trim_end();
    let mut after = start + end;
    let mut bracket = None;
    let tail = &s[end..];
    let mut raw = raw.to_owned();
    if let Some(inner) = tail.trim_start().strip_prefix('(') {
        let close = inner.find(')').map_or(inner.len(), |c| c + 1);
        let content = inner[..close].trim_end_matches(')').trim();
        after = limit - (inner.len() - close);
        if part_of_title(content) {
            // `Vagus nerve (x)`: the bracket belongs to the title.
            raw = format!("{raw} ({content})");
        } else {
            bracket = Some(content.to_owned());
        }
    } else if tail.trim_end() == "." {
        after = limit;
    }
    let raw = raw.as_str();
    let text = mend(raw);
    let printed = if stray {
        Some(single_spaces(&line[start - 1..start + raw.len()]))
    } else {
        (text != single_spaces(raw)).then(|| single_spaces(raw))
    };
    Title {
        text,
        printed,
        bracket,
        end: after,
    }
}

/// The first bracket that is not part of the title (`Aortic (valve) stenosis` goes on past
/// its bracket).
fn first_bracket_after_title(s: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = s[from..].find('(').map(|o| o + from) {
        let close = s[open..].find(')').map(|c| c + open)?;
        let rest_is_title = s[close + 1..]
            .trim_start()
            .starts_with(|c: char| c.is_alphabetic());
        if !(part_of_title(&s[open + 1..close]) && rest_is_title) {
            return Some(open);
        }
        from = close + 1;
    }
    None
}

/// True for a bracket that is part of a title (`(x)`, `(PRK)`): a word or two that is no
/// condition, note or Includes line.
fn part_of_title(content: &str) -> bool {
    let words: Vec<&str> = content.split_whitespace().collect();
    !content.is_empty()
        && words.len() <= 2
        && !matches!(
            words[0].to_ascii_lowercase().as_str(),
            "if" | "where" | "when" | "whenever" | "only" | "unless" | "includes" | "excludes"
        )
}

/// Only a bracket follows the code (`Y53.2 (if used)`).
fn bracket_only(line: &str, start: usize, limit: usize) -> Title {
    let inner = &line[start + 1..limit];
    let close = inner.find(')').unwrap_or(inner.len());
    Title {
        text: String::new(),
        printed: None,
        bracket: Some(inner[..close].trim().to_owned()),
        end: start + 1 + (close + 1).min(inner.len()),
    }
}

/// Where the title at the start of `s` ends (bytes into `s`).
fn title_end(s: &str) -> usize {
    // The connective words before the next code ("or a combination of Dagger(†) and ...").
    let mut end = connective_tail(s);
    let mut cut = |at: Option<usize>| {
        if let Some(at) = at {
            end = end.min(at);
        }
    };
    cut(first_bracket_after_title(s));
    cut(s.find(". "));
    cut(s.find(';'));
    cut(s.find(':'));
    cut(s.find(" Or "));
    cut(s.find(" Plus "));
    cut(s.find(" plus "));
    for verb in VERBS {
        cut(s.find(verb));
    }
    end = connective_tail(&s[..end]);
    // A final full stop ends the sentence, not the title.
    let trimmed = s[..end].trim_end();
    match trimmed.strip_suffix('.') {
        Some(stem) if s[trimmed.len()..].trim().is_empty() => stem.len(),
        _ => end,
    }
}

/// The start of the trailing run of connective words of `head` (`or a code from category`),
/// when that run begins with `or`, `and`, `plus` or a comma; else the end of `head`.
fn connective_tail(head: &str) -> usize {
    let trimmed = head.trim_end();
    let mut start = trimmed.len();
    let mut run_start = None;
    loop {
        let before = trimmed[..start].trim_end();
        if let Some(stripped) = before.strip_suffix([',', '/', '|']) {
            start = stripped.len();
            run_start = Some(start);
            continue;
        }
        let word_start = before.rfind([' ', ',']).map_or(0, |p| p + 1);
        let word = &before[word_start..];
        if word.is_empty() || !CONNECTIVE_WORDS.contains(&word.to_ascii_lowercase().as_str()) {
            break;
        }
        start = word_start;
        if matches!(word.to_ascii_lowercase().as_str(), "or" | "and" | "plus") {
            run_start = Some(start);
        }
        if start == 0 {
            break;
        }
    }
    match run_start {
        Some(at) if at > 0 => at,
        _ => head.len(),
    }
}

/// Runs of white space made single, trimmed.
pub fn single_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The title as a guidance file writes it.
pub fn mend(printed: &str) -> String {
    let plain: String = printed
        .chars()
        .map(|c| match c {
            '’' | '‘' => '\'',
            '“' | '”' => '"',
            '–' | '—' => '-',
            _ => c,
        })
        .collect();
    let mut words = Vec::new();
    for word in plain.split_whitespace() {
        // `HeadNEC`, `organNOC`: a word glued to a classification abbreviation.
        let glued = ["NEC", "NOC", "HFQ"].iter().find_map(|abbr| {
            let stem = word.strip_suffix(abbr)?;
            stem.ends_with(|c: char| c.is_ascii_lowercase())
                .then_some((stem, *abbr))
        });
        match glued {
            Some((stem, abbr)) => {
                words.push(stem.to_owned());
                words.push(abbr.to_owned());
            }
            None => words.push(word.to_owned()),
        }
    }
    let text = words.join(" ");
    text.strip_suffix('.')
        .unwrap_or(&text)
        .trim_end()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(line: &str, from: usize) -> Title {
        title_after(line, from, line.len())
    }

    #[test]
    fn a_title_ends_at_the_sentence_it_carries_on() {
        let line = "Y53.9 Unspecified approach to organ under image control is assigned.";
        assert_eq!(
            title(line, 5).text,
            "Unspecified approach to organ under image control"
        );
        let line = "Y53.- Approach to organ under image control (if image control is used)";
        let t = title(line, 5);
        assert_eq!(t.text, "Approach to organ under image control");
        assert_eq!(t.bracket.as_deref(), Some("if image control is used"));
        assert_eq!(t.end, line.len());
        assert_eq!(title("V55.- to specify the levels", 5).text, "");
    }

    #[test]
    fn a_title_ends_before_the_words_that_lead_to_the_next_code() {
        let line = "C41.- Malignant neoplasm of other and unspecified sites or code C79.5";
        let next = line.find("C79.5").unwrap();
        assert_eq!(
            title_after(line, 5, next).text,
            "Malignant neoplasm of other and unspecified sites"
        );
        let line = "T87.3 Excision or biopsy of axillary lymph node";
        assert_eq!(
            title(line, 5).text,
            "Excision or biopsy of axillary lymph node"
        );
        let line = "N81.2 Incomplete uterovaginal prolapse, N81.3";
        assert_eq!(
            title_after(line, 5, line.len() - 5).text,
            "Incomplete uterovaginal prolapse"
        );
    }

    #[test]
    fn a_short_bracket_is_part_of_the_title() {
        let t = title("Z04.4 Vagus nerve (x)", 5);
        assert_eq!((t.text.as_str(), t.bracket), ("Vagus nerve (x)", None));
        let t = title("I35.0 Aortic (valve) stenosis (if severe)", 5);
        assert_eq!(
            (t.text.as_str(), t.bracket.as_deref()),
            ("Aortic (valve) stenosis", Some("if severe"))
        );
        let line =
            "Q13.4 Other malformations or a combination of Dagger(†) and Asterisk(*) codes Q90.-";
        let t = title_after(line, 5, line.len() - 5);
        assert_eq!((t.text.as_str(), t.bracket), ("Other malformations", None));
    }

    #[test]
    fn a_damaged_title_is_mended_and_its_print_kept() {
        let t = title("J66.2 1Percutaneous drainage", 5);
        assert_eq!(t.text, "Percutaneous drainage");
        assert_eq!(t.printed.as_deref(), Some("1Percutaneous drainage"));
        let t = title("Z92.1 HeadNEC", 5);
        assert_eq!(
            (t.text.as_str(), t.printed.as_deref()),
            ("Head NEC", Some("HeadNEC"))
        );
        let t = title("Z92. 1 Head  NEC", 6);
        assert_eq!((t.text.as_str(), t.printed), ("Head NEC", None));
        // A final full stop is the sentence's.
        let t = title("G46.1 Plication of junction.", 5);
        assert_eq!(
            (t.text.as_str(), t.printed, t.end),
            ("Plication of junction", None, 28)
        );
    }
}
