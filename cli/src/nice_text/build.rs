//! The reader of one rendering: its state, each item of the text in turn, and a code of the
//! text as a node (its system, title, what was printed, its bracket). How the items are put
//! together is in `choices.rs` (code lines, `Or`, introductions), `labels.rs` (variants,
//! stages, Includes and Excludes), `sentences.rs` and the modules it names, and `finish.rs`.

use super::codes::{Mark, Named};
use super::model::*;
use super::phrases::{Intro, Item, Said};
use super::pieces::{Join, Piece};
use super::stock::StockNote;

/// Which tree the text is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Procedure,
    Diagnosis,
}

/// An introduction and the codes it has taken so far.
pub(super) struct OpenChoice {
    pub intro: Intro,
    pub options: Vec<Node>,
    pub line: usize,
}

/// Labelled alternatives (or stages) being read.
pub(super) struct Labelled {
    pub stages: bool,
    /// Where the group stands in the procedure list.
    pub start: usize,
    pub entries: Vec<Entry>,
}

pub(super) struct Entry {
    pub label: String,
    pub implied: bool,
    pub nodes: Vec<Node>,
    pub line: usize,
}

/// How a mention's role is settled once the recommendation is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Settle {
    /// Recommended when the recommendation holds it, else a note the reader could not place.
    ByUse,
    /// A category or range naming codes the text lists.
    Heads,
    /// A category or range a note announces when the text lists codes of it: names them.
    Described,
    /// In a note: a note whatever the recommendation holds.
    Note,
    Passing,
    Includes,
    Excludes,
}

/// A default the text gives for a category (`Y53.9` for `Y53.-`).
pub(super) struct PendingDefault {
    pub line: usize,
    pub code: String,
    pub title: Option<String>,
    pub sentence: String,
}

/// Codes a note announces ("Use a subsidiary code ... (Y35, Y36)"): a node only when the
/// text lists none of their codes elsewhere.
pub(super) struct Announcement {
    pub line: usize,
    pub node: Node,
    pub covers: Vec<Named>,
}

/// What a rendering says besides its trees and the codes it names.
#[derive(Default)]
pub struct Facts {
    pub snomed: Vec<Snomed>,
    /// The OPCS-4 version a heading states ("OPCS4.6 Code(s)").
    pub version: Option<String>,
    pub icd10_edition: Option<String>,
    /// "This page was last updated: ...".
    pub updated: Option<String>,
    /// An "IPG655 - Title" heading.
    pub guidance: Option<(String, String)>,
    pub replaced_by: Vec<String>,
    /// A sentence saying the procedure is coded case by case.
    pub no_code_set: Option<usize>,
    /// How much structure the text states (connectives, introductions, labels).
    pub structure: usize,
    /// Stock notes of the whole guidance.
    pub stock_notes: Vec<String>,
}

/// The reader of one rendering.
pub struct Builder<'a> {
    pub(super) stock: &'a [StockNote],
    pub(super) section: Section,
    /// The diagnosis began at a heading ("Diagnosis or health condition"), not at a
    /// sentence naming ICD-10: the codes of sentences under it are ICD-10 codes too.
    pub(super) diagnosis_heading: bool,
    /// Lines before the coding text's heading are not read as codes.
    pub(super) in_coding: bool,
    pub(super) ended: bool,
    pub(super) procedure: Vec<Node>,
    pub(super) diagnosis: Vec<Node>,
    pub(super) labelled: Option<Labelled>,
    pub(super) choice: Option<OpenChoice>,
    pub(super) pending_or: bool,
    /// The `Or` set at the end of the current list still taking subsidiary codes, up to
    /// this many nodes.
    pub(super) or_set: Option<usize>,
    pub(super) pending_chosen_by: Option<String>,
    pub(super) includes_open: bool,
    pub(super) recent_categories: Vec<String>,
    pub(super) defaults: Vec<PendingDefault>,
    pub(super) announced: Vec<Announcement>,
    /// Codes a note says the choice is between, applied once the list is read.
    pub(super) selections: Vec<(usize, Vec<String>, Option<String>)>,
    pub(super) preferred_first: Option<(usize, bool)>,
    /// Where the codes of a category are recorded ("in second place"), from its note.
    pub(super) sequences: Vec<(String, String)>,
    pub(super) stock_lines: Vec<(usize, Vec<Named>, String)>,
    /// Codes a note names that no phrasing places, as conditional nodes with their
    /// sentence: placed at the end of their tree unless the text lists them after all.
    pub(super) unplaced: Vec<(Node, String)>,
    /// The line of the last item read: a note there is where a cut rendering stops.
    pub(super) last_line: usize,
    pub(super) mentions: Vec<(Mention, Settle)>,
    pub points: Vec<Point>,
    /// What the rendering says besides its trees.
    pub facts: Facts,
}

impl<'a> Builder<'a> {
    pub fn new(stock: &'a [StockNote], has_heading: bool) -> Builder<'a> {
        Builder {
            stock,
            section: Section::Procedure,
            diagnosis_heading: false,
            in_coding: !has_heading,
            ended: false,
            procedure: Vec::new(),
            diagnosis: Vec::new(),
            labelled: None,
            choice: None,
            pending_or: false,
            or_set: None,
            pending_chosen_by: None,
            includes_open: false,
            recent_categories: Vec::new(),
            defaults: Vec::new(),
            announced: Vec::new(),
            selections: Vec::new(),
            preferred_first: None,
            sequences: Vec::new(),
            stock_lines: Vec::new(),
            unplaced: Vec::new(),
            last_line: 0,
            mentions: Vec::new(),
            points: Vec::new(),
            facts: Facts::default(),
        }
    }

    pub(super) fn point(&mut self, line: usize, message: impl Into<String>, sentence: &str) {
        self.points.push(Point {
            line,
            message: message.into(),
            sentence: sentence.to_owned(),
        });
    }

    /// Records every code of `item` as a mention, settled as `settle`.
    pub(super) fn mention_all(&mut self, item: &Item, settle: Settle) {
        for p in &item.pieces {
            self.mention(item, p, settle);
        }
    }

    pub(super) fn mention(&mut self, item: &Item, p: &Piece, settle: Settle) {
        let printed = p.found.printed(&item.text).to_owned();
        let title = (!p.title.text.is_empty()).then(|| p.title.text.clone());
        self.mentions.push((
            Mention {
                line: item.line,
                named: p.found.named.clone(),
                printed,
                title,
                role: Role::Note,
            },
            settle,
        ));
    }

    /// Reads one item.
    pub fn item(&mut self, item: &Item) {
        self.last_line = item.line;
        match &item.said {
            Said::Layout { version } => {
                self.in_coding = true;
                if version.is_some() && self.facts.version.is_none() {
                    self.facts.version.clone_from(version);
                }
            }
            Said::Procedure => {
                self.in_coding = true;
                self.close_all();
                self.section = Section::Procedure;
            }
            Said::Diagnosis => {
                self.in_coding = true;
                self.close_all();
                self.section = Section::Diagnosis;
                self.diagnosis_heading = true;
            }
            Said::SnomedHeading => self.in_coding = true,
            Said::Snomed { term, concept } => self.facts.snomed.push(Snomed {
                concept: concept.clone(),
                term: term.clone(),
                diagnosis: self.section == Section::Diagnosis,
            }),
            Said::Guidance { id, title } => self.facts.guidance = Some((id.clone(), title.clone())),
            Said::End { updated } => {
                self.close_all();
                self.ended = true;
                if updated.is_some() {
                    self.facts.updated.clone_from(updated);
                }
            }
            Said::Boilerplate => {}
            _ if self.ended || !self.in_coding => {
                self.mention_all(item, Settle::Passing);
                self.preamble(item);
            }
            Said::Connective(join) => {
                self.facts.structure += 1;
                self.includes_open = false;
                match join {
                    Join::Or => {
                        self.close_choice();
                        self.pending_or = true;
                    }
                    _ => {
                        self.close_choice();
                        self.or_set = None;
                    }
                }
            }
            Said::Codes { lead, trailing } => {
                self.includes_open = false;
                if *lead == Some(Join::Or) {
                    self.close_choice_unless_open_or();
                    self.pending_or = true;
                }
                self.code_line(item);
                if *trailing == Some(Join::Or) {
                    self.facts.structure += 1;
                    self.close_choice();
                    self.pending_or = true;
                }
            }
            Said::Label { text, stage } => {
                self.facts.structure += 1;
                self.includes_open = false;
                self.label(item.line, text, *stage);
            }
            Said::Intro(intro) => {
                self.facts.structure += 1;
                self.includes_open = false;
                self.intro(item, intro);
            }
            Said::Includes(text) => {
                self.mention_all(item, Settle::Includes);
                self.includes(item.line, text);
                self.includes_open = true;
            }
            Said::Excludes(text) => self.excludes(item, text),
            Said::Sentence { .. } => self.sentence(item),
        }
    }

    /// A line before the coding text: what it says of the guidance being replaced.
    fn preamble(&mut self, item: &Item) {
        let lower = item.text.to_ascii_lowercase();
        if lower.contains("replaced by") {
            let after = &item.text[lower.find("replaced by").expect("found") + 11..];
            if let Some(id) = after.split_whitespace().next() {
                let id = id.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                if super::about::is_guidance_id(id) {
                    self.facts.replaced_by.push(id.to_owned());
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------
    // Lists

    /// The list new nodes go to.
    pub(super) fn list_mut(&mut self) -> &mut Vec<Node> {
        if self.section == Section::Diagnosis {
            return &mut self.diagnosis;
        }
        match &mut self.labelled {
            Some(labelled) => {
                &mut labelled
                    .entries
                    .last_mut()
                    .expect("a labelled group has an entry")
                    .nodes
            }
            None => &mut self.procedure,
        }
    }

    /// Which classification a code of this item is in.
    pub(super) fn system_of(&self, item: &Item, p: &Piece) -> System {
        if icd10_only(&p.found.named, p.found.mark) {
            return System::Icd10;
        }
        if matches!(item.said, Said::Sentence { .. }) {
            if item.icd10_from.is_some_and(|at| at < p.start()) {
                return System::Icd10;
            }
            // A sentence after the ICD-10 sentences of an older page names OPCS-4 codes
            // unless it says ICD-10 (NICE names the classification in each such sentence).
            if item.names_opcs4 || !self.diagnosis_heading {
                return System::Opcs4;
            }
        }
        match self.section {
            Section::Diagnosis => System::Icd10,
            Section::Procedure => System::Opcs4,
        }
    }

    /// A code of the text as a node of `system`: its title, what was printed when it was
    /// mended, and its bracket (a condition, an Includes line, or a note to review).
    pub(super) fn code_node(&mut self, item: &Item, p: &Piece, system: System) -> Option<Node> {
        let code = match &p.found.named {
            Named::Code(code) => code,
            // A range printed as a code line ("X70-X71 Procurement of ..."): a code from it.
            Named::Range(first, last) => {
                let mut description = format!("a code from {first}-{last}");
                if !p.title.text.is_empty() {
                    description.push_str(&format!(" ({})", p.title.text));
                }
                let mut node = Node::placeholder(description, item.line);
                node.within.push(format!("{first}-{last}"));
                if let Some(bracket) = &p.title.bracket {
                    self.bracket(item, &mut node, bracket);
                }
                return Some(node);
            }
        };
        let code = match (system, p.found.mark) {
            (System::Icd10, Some(mark)) => format!("{code}{}", mark.letter()),
            _ => code.clone(),
        };
        if !valid_code(&code, system) {
            self.point(
                item.line,
                format!(
                    "{} is not a valid {} code; left out",
                    code,
                    system_name(system)
                ),
                &item.text,
            );
            return None;
        }
        let mut node = Node::code(system, code, item.line);
        let title = &p.title;
        let printed = match (p.found.damaged(&item.text), &title.printed) {
            (true, Some(_)) => Some(
                item.text[p.start()..p.found.end.max(p.title.end)]
                    .trim()
                    .to_owned(),
            ),
            (true, None) if p.found.glued_title => Some(
                super::titles::single_spaces(&item.text[p.start()..p.title.end.max(p.found.end)])
                    .trim_end_matches(['.', '(', ' '])
                    .to_owned(),
            ),
            (true, None) => Some(p.found.printed(&item.text).to_owned()),
            (false, printed) => printed.clone(),
        };
        if let Kind::Code {
            title: t,
            printed: pr,
            ..
        } = &mut node.kind
        {
            *t = (!title.text.is_empty()).then(|| title.text.clone());
            *pr = printed;
        }
        if let Some(bracket) = &title.bracket {
            self.bracket(item, &mut node, bracket);
        }
        Some(node)
    }

    /// The bracket after a code: a condition, an Includes line, or words to review.
    fn bracket(&mut self, item: &Item, node: &mut Node, bracket: &str) {
        let lower = bracket.to_ascii_lowercase();
        let first = lower.split_whitespace().next().unwrap_or("");
        if let Some(rest) = super::phrases::strip_prefix_ci(bracket, "includes") {
            node.includes
                .push(rest.trim_start_matches(':').trim().to_owned());
        } else if matches!(
            first,
            "if" | "where" | "when" | "whenever" | "unless" | "only"
        ) || lower.starts_with("must only")
        {
            node.condition = Some(condition_words(bracket));
        } else {
            self.point(
                item.line,
                format!(
                    "the bracket after {} is a note: write it in your own words",
                    node.code_text().unwrap_or("the code")
                ),
                &item.text,
            );
        }
    }
}

/// True for a shape only ICD-10 has: chapter I, an `X` filler, a fifth character, a mark.
pub fn icd10_only(named: &Named, mark: Option<Mark>) -> bool {
    let Named::Code(code) = named else {
        return false;
    };
    let tail = &code[4..];
    mark.is_some() || code.starts_with('I') || tail.contains('X') || tail.len() == 2
}

fn valid_code(code: &str, system: System) -> bool {
    match system {
        System::Opcs4 => nice_coding::Opcs4Code::parse(code).is_ok(),
        System::Icd10 => nice_coding::Icd10Code::parse(code).is_ok(),
    }
}

pub fn system_name(system: System) -> &'static str {
    match system {
        System::Opcs4 => "OPCS-4",
        System::Icd10 => "ICD-10",
    }
}

/// A bracket's words as a condition: "must only be assigned where X" is "only where X".
pub fn condition_words(bracket: &str) -> String {
    let text = super::titles::single_spaces(&super::titles::mend(bracket));
    let lower = text.to_ascii_lowercase();
    for lead in [
        "must only be assigned ",
        "must be assigned ",
        "is assigned ",
    ] {
        if lower.starts_with(lead) {
            return format!("only {}", &text[lead.len()..]).replace("only only", "only");
        }
    }
    text
}

/// A code printed twice in one list: one node, with what either copy says.
pub(super) fn merge_into(existing: &mut Node, other: Node) {
    if let (
        Kind::Code {
            title: t1,
            printed: p1,
            ..
        },
        Kind::Code {
            title: t2,
            printed: p2,
            ..
        },
    ) = (&mut existing.kind, other.kind)
    {
        if t1.is_none() {
            *t1 = t2;
            if p1.is_none() {
                *p1 = p2;
            }
        }
    }
    for (mine, theirs) in [
        (&mut existing.condition, other.condition),
        (&mut existing.concurrent, other.concurrent),
        (&mut existing.sequence, other.sequence),
        (&mut existing.default, other.default),
        (&mut existing.default_title, other.default_title),
    ] {
        if mine.is_none() {
            *mine = theirs;
        }
    }
    existing.includes.extend(other.includes);
    existing.excludes.extend(other.excludes);
    existing.supplementary_if.extend(other.supplementary_if);
    existing.stock_notes.extend(other.stock_notes);
}
