//! Each line of NICE text as what it says: a heading, a code line, a connective (`Or`,
//! `Plus`), a label over a set of codes (`Open procedure:`, `Stage 1`), an introduction to
//! the codes that follow (`One of the following codes is assigned depending on ...:`), an
//! Includes or Excludes line, a SNOMED CT term, or sentences.
//!
//! A line may hold several of these: an introduction and its first code (`... is selected
//! as appropriate: L29.2 ...`), a code and what follows it (`L34.2 ... Plus the following
//! code:`), or several sentences. Labels and introductions are read in `intros.rs`.

use super::intros::label_or_intro;
use super::lines::TextLine;
use super::pieces::{self, Join, Piece};

/// How many of the codes that follow an introduction asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Exactly one ("One of the following codes").
    One,
    /// One or more ("one or more of the following site codes").
    OneOrMore,
    /// All of them ("The following three codes are assigned").
    All,
}

/// A sentence or line that introduces the codes after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Intro {
    pub choice: Choice,
    /// "depending on X": what decides the choice.
    pub chosen_by: Option<String>,
    /// Printed after `Plus` or `Or`.
    pub join: Option<Join>,
    /// "to identify X": the set the codes make.
    pub label: Option<String>,
    /// "If X ... the following codes are assigned in addition": a condition on them all.
    pub condition: Option<String>,
    /// "assigned directly after one of the codes listed above": where they are recorded.
    pub sequence: Option<String>,
    /// Only categories follow ("one of the following categories").
    pub categories: bool,
    /// One code follows ("a code from the following category").
    pub single: bool,
}

/// What a line, or part of one, says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    /// The heading of the coding text ("OPCS4.6 Code(s)", "Coding recommendations"), with
    /// the OPCS-4 version it states.
    Layout {
        version: Option<String>,
    },
    /// "Procedure:", "OPCS-4 code(s):".
    Procedure,
    /// "Diagnosis or health condition:", "ICD-10 code(s):".
    Diagnosis,
    /// "SNOMED CT preferred term (concept ID)".
    SnomedHeading,
    /// A SNOMED CT term and its concept id.
    Snomed {
        term: String,
        concept: String,
    },
    /// "IPG655 - Cardiac contractility ...": the guidance the text is for.
    Guidance {
        id: String,
        title: String,
    },
    /// The end of the coding text (the page's general section, "This page was last updated").
    End {
        updated: Option<String>,
    },
    /// The classification service's standing statement, not part of the recommendation.
    Boilerplate,
    /// `Or`, `Plus`, `And` on a line of its own.
    Connective(Join),
    /// Codes listed, joined by what `pieces` says; printed after `or`/`plus` (`lead`), and
    /// before a connective that ends the line (`trailing`).
    Codes {
        lead: Option<Join>,
        trailing: Option<Join>,
    },
    Label {
        text: String,
        stage: bool,
    },
    Intro(Intro),
    /// "Includes: ..." under a code.
    Includes(String),
    /// "Excludes: ... (C51.5)" under a code.
    Excludes(String),
    /// One sentence; `note` when it is printed as a note ("Note:").
    Sentence {
        note: bool,
    },
}

/// One thing a line says, where, and its codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub line: usize,
    pub text: String,
    pub pieces: Vec<Piece>,
    pub said: Said,
    /// Where the text first names ICD-10 ("the ICD-10 code"): the codes after it are
    /// ICD-10 codes.
    pub icd10_from: Option<usize>,
    /// The text names OPCS-4.
    pub names_opcs4: bool,
}

impl Item {
    /// One sentence of `line`.
    pub fn sentence(line: usize, text: &str, note: bool) -> Item {
        Item::new(line, text, Said::Sentence { note })
    }

    fn new(line: usize, text: &str, said: Said) -> Item {
        let lower = text.to_ascii_lowercase();
        Item {
            line,
            text: text.to_owned(),
            pieces: pieces::pieces(text),
            said,
            icd10_from: lower.find("icd-10").or_else(|| lower.find("icd10")),
            names_opcs4: lower.contains("opcs"),
        }
    }
}

/// What `line` says, in order.
pub fn read_line(line: &TextLine) -> Vec<Item> {
    let mut out = Vec::new();
    read_text(line.number, &line.text, &mut out);
    out
}

/// The longest line read as code lines, introductions and labels: a longer one (no NICE
/// coding line is) is read as sentences only, so that no line costs more than its length.
const LONGEST_STRUCTURED_LINE: usize = 4_000;

fn read_text(number: usize, text: &str, out: &mut Vec<Item>) {
    let mut text = text.trim();
    // Each turn reads the start of the line; what follows a code line or an introduction
    // is read in the next turn.
    while let Some(rest) = read_start(number, text, out) {
        text = rest.trim();
    }
}

/// Reads what the start of `text` says; returns the rest still to read.
fn read_start<'t>(number: usize, text: &'t str, out: &mut Vec<Item>) -> Option<&'t str> {
    if text.is_empty() {
        return None;
    }
    if text.len() > LONGEST_STRUCTURED_LINE {
        words_line(number, text, out);
        return None;
    }
    read_one(number, text, out)
}

fn read_one<'t>(number: usize, text: &'t str, out: &mut Vec<Item>) -> Option<&'t str> {
    let lower = text.to_ascii_lowercase();
    if let Some(said) = heading(text, &lower) {
        out.push(Item::new(number, text, said));
        return None;
    }
    if is_boilerplate(&lower) {
        out.push(Item::new(number, text, Said::Boilerplate));
        return None;
    }
    if let Some(join) = connective(&lower) {
        out.push(Item::new(number, text, Said::Connective(join)));
        return None;
    }
    if let Some(rest) = strip_prefix_ci(text, "includes:") {
        return includes_line(number, rest, out);
    }
    if strip_prefix_ci(text, "excludes:").is_some() {
        out.push(Item::new(number, text, Said::Excludes(text.to_owned())));
        return None;
    }
    if let Some(said) = snomed_term(text) {
        out.push(Item::new(number, text, said));
        return None;
    }
    let pieces = pieces::pieces(text);
    let Some(first) = pieces.first() else {
        words_line(number, text, out);
        return None;
    };
    let lead = text[..first.start()].trim();
    // An introduction and the first of its codes on one line.
    if lead.ends_with(':') && !note_prefix(lead).1.is_empty() {
        words_line(number, lead, out);
        return Some(&text[first.start()..]);
    }
    if let Some(lead_join) = code_line_lead(lead) {
        let last = pieces.last().expect("a code");
        let end = last.title.end.max(last.found.end);
        let trailing = text[end..].trim();
        let inner_words = pieces[1..].iter().any(|p| p.join == Join::Words);
        if !inner_words && !starts_lowercase_verb(trailing) {
            let (trailing_join, rest) = trailing_connective(trailing);
            let codes_text = &text[..end];
            out.push(Item::new(
                number,
                codes_text,
                Said::Codes {
                    lead: lead_join,
                    trailing: trailing_join,
                },
            ));
            return Some(rest);
        }
    }
    words_line(number, text, out);
    None
}

/// A line of words (codes in it are named by the words): a label, an introduction, or
/// sentences.
fn words_line(number: usize, text: &str, out: &mut Vec<Item>) {
    let lower = text.to_ascii_lowercase();
    if let Some(said) = label_or_intro(text, &lower) {
        out.push(Item::new(number, text, said));
        return;
    }
    for sentence in sentences(text) {
        let (note, _) = note_prefix(sentence);
        if let Some(said) = label_or_intro(sentence, &sentence.to_ascii_lowercase()) {
            out.push(Item::new(number, sentence, said));
        } else {
            out.push(Item::new(number, sentence, Said::Sentence { note }));
        }
    }
}

/// An Includes line: its words, then any codes printed after them on the same line (the
/// rest, to read next).
fn includes_line<'t>(number: usize, rest: &'t str, out: &mut Vec<Item>) -> Option<&'t str> {
    let pieces = pieces::pieces(rest);
    match pieces.first() {
        Some(first) if first.start() > 0 => {
            let words = rest[..first.start()].trim();
            out.push(Item::new(number, words, Said::Includes(words.to_owned())));
            Some(&rest[first.start()..])
        }
        _ => {
            let words = rest.trim();
            out.push(Item::new(number, words, Said::Includes(words.to_owned())));
            None
        }
    }
}

/// `Note:`, `Notte:`, `Note`: the sentence is a note; the rest of it.
pub fn note_prefix(sentence: &str) -> (bool, &str) {
    for prefix in ["note:", "notte:", "note -", "note –", "nb:", "note"] {
        if let Some(rest) = strip_prefix_ci(sentence, prefix) {
            if prefix != "note" || rest.starts_with(' ') {
                return (true, rest.trim_start());
            }
        }
    }
    (false, sentence)
}

/// `text` without `prefix` (compared in lower case).
pub fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Splits `text` into sentences: at a full stop followed by a space and a capital letter.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(". ") {
        let next = text[i + 2..].trim_start();
        let before = bytes.get(i.wrapping_sub(1)).copied();
        if next.starts_with(|c: char| c.is_uppercase()) && before.is_some_and(|b| b != b' ') {
            let sentence = text[start..=i].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = i + 1;
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

/// A heading of the coding text.
fn heading(text: &str, lower: &str) -> Option<Said> {
    let bare: String = lower
        .trim_end_matches(':')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if let Some(rest) = bare.strip_prefix("opcs") {
        let rest = rest.trim_start_matches('-');
        if let Some(version) = rest.strip_suffix("code(s)").or(rest.strip_suffix("codes")) {
            if version.is_empty() || version == "4" {
                return Some(Said::Procedure);
            }
            let version = version.strip_prefix("4.")?;
            if !version.is_empty() && version.chars().all(|c| c.is_ascii_digit()) {
                return Some(Said::Layout {
                    version: Some(format!("4.{version}")),
                });
            }
        }
    }
    // "Procedure code(s):", "ICD-10:", "Diagnoses": the name of a tree, with or without
    // "code(s)".
    let named = ["code(s)", "codes", "code"]
        .iter()
        .find_map(|c| bare.strip_suffix(c))
        .unwrap_or(&bare);
    match named {
        "codingrecommendations" | "clinicalclassification" | "clinicalclassificationcodes" => {
            return Some(Said::Layout { version: None });
        }
        "procedure" | "procedures" | "opcs-4" | "opcs4" => return Some(Said::Procedure),
        "diagnosisorhealthcondition" | "icd-10" | "icd10" | "diagnosis" | "diagnoses" => {
            return Some(Said::Diagnosis);
        }
        _ => {}
    }
    if bare == "snomedctpreferredterm(conceptid)" {
        return Some(Said::SnomedHeading);
    }
    if bare.starts_with("clinicalcodingrecommendationsfornice") {
        return Some(Said::End { updated: None });
    }
    if let Some(rest) = strip_prefix_ci(text, "this page was last updated:") {
        let date = rest.trim();
        return Some(Said::End {
            updated: (!date.is_empty()).then(|| date.to_owned()),
        });
    }
    // "IPG655 - Title".
    let (id, title) = text.split_once(" - ")?;
    let letters = id.trim_end_matches(|c: char| c.is_ascii_digit());
    let is_id = matches!(letters, "IPG" | "MTG") && letters.len() < id.len();
    is_id.then(|| Said::Guidance {
        id: id.to_owned(),
        title: title.trim().to_owned(),
    })
}

/// The classification service's standing statements and the page's general text.
fn is_boilerplate(lower: &str) -> bool {
    [
        "central definitive source",
        "work collaboratively",
        "connectingforhealth",
        "mandated classifications",
        "national release centre",
        "for each published interventional procedure guidance",
        "snomed ct provides clinical terms",
        "terminology service of",
        "further classifications information",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// `Or`, `Plus`, `And` alone on a line.
fn connective(lower: &str) -> Option<Join> {
    match lower.trim_end_matches(':').trim() {
        "or" => Some(Join::Or),
        "plus" => Some(Join::Plus),
        "and" => Some(Join::And),
        _ => None,
    }
}

/// "Term (123456789)" under a SNOMED CT heading.
fn snomed_term(text: &str) -> Option<Said> {
    let open = text.rfind('(')?;
    let inner = text[open + 1..].trim_end().strip_suffix(')')?.trim();
    let digits = inner.len() >= 6 && inner.chars().all(|c| c.is_ascii_digit());
    let term = text[..open].trim();
    (digits && !term.is_empty()).then(|| Said::Snomed {
        term: term.to_owned(),
        concept: inner.to_owned(),
    })
}

/// The words a code line may start with: none, a connective, or "a code from category".
fn code_line_lead(lead: &str) -> Option<Option<Join>> {
    let lower = lead.to_ascii_lowercase();
    let lower = lower.trim();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let (join, rest) = match words.first() {
        Some(&"or") => (Some(Join::Or), &words[1..]),
        Some(&"plus") => (Some(Join::Plus), &words[1..]),
        Some(&"and") => (Some(Join::And), &words[1..]),
        _ => (None, &words[..]),
    };
    let rest = rest.join(" ");
    matches!(
        rest.as_str(),
        "" | "a code from category" | "a code from the category" | "a code from"
    )
    .then_some(join)
}

/// True when `text` carries a sentence on from the codes before it ("is also assigned").
fn starts_lowercase_verb(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "is" | "are" | "would" | "will" | "can" | "may" | "must" | "should" | "below" | "to"
    )
}

/// A connective that ends a code line (`... cavity or`), and what follows it.
fn trailing_connective(text: &str) -> (Option<Join>, &str) {
    let lower = text.to_ascii_lowercase();
    for (word, join) in [("or", Join::Or), ("plus", Join::Plus), ("and", Join::And)] {
        if lower == word {
            return (Some(join), "");
        }
        if lower.starts_with(&format!("{word} ")) && lower.trim_end().ends_with(':') {
            return (None, text);
        }
    }
    (None, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str) -> Vec<Said> {
        read_line(&TextLine {
            number: 1,
            text: text.to_owned(),
        })
        .into_iter()
        .map(|i| i.said)
        .collect()
    }

    #[test]
    fn reads_headings_labels_and_connectives() {
        assert_eq!(
            said("OPCS4.6 Code(s)"),
            [Said::Layout {
                version: Some("4.6".to_owned())
            }]
        );
        assert_eq!(said("Or"), [Said::Connective(Join::Or)]);
        assert_eq!(
            said("Open procedure:"),
            [Said::Label {
                text: "Open procedure".to_owned(),
                stage: false
            }]
        );
        assert_eq!(
            said("For the 1st stage of the procedure the following OPCS-4 codes are selected:"),
            [Said::Label {
                text: "1st stage".to_owned(),
                stage: true
            }]
        );
        assert_eq!(
            said("The OPCS-4 codes for endoscopic mastectomy are as  follows:"),
            [Said::Label {
                text: "Endoscopic mastectomy".to_owned(),
                stage: false
            }]
        );
    }

    #[test]
    fn reads_introductions() {
        let [Said::Intro(intro)] = &said(
            "Depending on which sinus the procedure is performed on one of the following OPCS-4 codes is assigned:",
        )[..] else {
            panic!("not an introduction");
        };
        assert_eq!(intro.choice, Choice::One);
        assert_eq!(
            intro.chosen_by.as_deref(),
            Some("which sinus the procedure is performed on")
        );
        let [Said::Intro(intro)] =
            &said("Plus a relevant code to identify intra-peritoneal laparoscopic approach from:")
                [..]
        else {
            panic!("not an introduction");
        };
        assert_eq!(
            (intro.choice, intro.join, intro.label.as_deref()),
            (
                Choice::One,
                Some(Join::Plus),
                Some("intra-peritoneal laparoscopic approach")
            )
        );
    }

    #[test]
    fn splits_lines_that_say_several_things() {
        assert_eq!(
            said("One of the following OPCS-4 codes is selected as appropriate: L29.2 Bypass")
                .len(),
            2
        );
        let parts = said("L34.2 Anastomosis of cerebral artery Plus the following code:");
        assert!(matches!(parts[0], Said::Codes { .. }));
        assert!(matches!(&parts[1], Said::Intro(i) if i.join == Some(Join::Plus)));
        assert!(matches!(
            said("Note: U20.2 Echocardiography is also assigned when used.")[..],
            [Said::Sentence { note: true }]
        ));
    }
}
