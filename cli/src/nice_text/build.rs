//! What the lines say, put together into the recommendation: code lists, `Or` between
//! codes or code sets, the choices introductions ask for, labelled variants and stages,
//! Includes and Excludes lines. Sentences are read in `sentences.rs`.
//!
//! * A list of code lines is a list of codes all assigned.
//! * `Or` between two codes of the subsidiary chapters Y and Z makes them one choice; `Or`
//!   before a main code makes a choice between code sets: the set before it (from its last
//!   main code) and the set after it, which takes the subsidiary codes that follow until it
//!   is as long as the set before (sets of one code take none).
//! * An introduction ("One of the following ...:") takes the code lines after it while they
//!   are alike (all categories when it says so; all main or all subsidiary codes).
//! * A label ("Open procedure:", "Stage 1") starts an alternative; code sets before the
//!   first label make an alternative the text does not name.

use super::codes::{Mark, Named};
use super::model::*;
use super::phrases::{Choice, Intro, Item, Said};
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

/// The reader of one rendering.
pub struct Builder<'a> {
    pub(super) stock: &'a [StockNote],
    pub(super) section: Section,
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
    pub(super) mentions: Vec<(Mention, Settle)>,
    pub points: Vec<Point>,
    pub snomed: Vec<Snomed>,
    pub version: Option<String>,
    pub icd10_edition: Option<String>,
    pub updated: Option<String>,
    pub guidance: Option<(String, String)>,
    pub replaced_by: Vec<String>,
    /// A sentence saying the procedure is coded case by case.
    pub no_code_set: Option<usize>,
    /// How much structure the text states (connectives, introductions, labels).
    pub structure: usize,
    pub guidance_stock_notes: Vec<String>,
}

impl<'a> Builder<'a> {
    pub fn new(stock: &'a [StockNote], has_heading: bool) -> Builder<'a> {
        Builder {
            stock,
            section: Section::Procedure,
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
            mentions: Vec::new(),
            points: Vec::new(),
            snomed: Vec::new(),
            version: None,
            icd10_edition: None,
            updated: None,
            guidance: None,
            replaced_by: Vec::new(),
            no_code_set: None,
            structure: 0,
            guidance_stock_notes: Vec::new(),
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
        match &item.said {
            Said::Layout { version } => {
                self.in_coding = true;
                if version.is_some() && self.version.is_none() {
                    self.version.clone_from(version);
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
            }
            Said::SnomedHeading => self.in_coding = true,
            Said::Snomed { term, concept } => self.snomed.push(Snomed {
                concept: concept.clone(),
                term: term.clone(),
                diagnosis: self.section == Section::Diagnosis,
            }),
            Said::Guidance { id, title } => self.guidance = Some((id.clone(), title.clone())),
            Said::End { updated } => {
                self.close_all();
                self.ended = true;
                if updated.is_some() {
                    self.updated.clone_from(updated);
                }
            }
            Said::Boilerplate => {}
            _ if self.ended || !self.in_coding => {
                self.mention_all(item, Settle::Passing);
                self.preamble(item);
            }
            Said::Connective(join) => {
                self.structure += 1;
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
                    self.structure += 1;
                    self.close_choice();
                    self.pending_or = true;
                }
            }
            Said::Label { text, stage } => {
                self.structure += 1;
                self.includes_open = false;
                self.label(item.line, text, *stage);
            }
            Said::Intro(intro) => {
                self.structure += 1;
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
        let lower = item.text.to_lowercase();
        if lower.contains("replaced by") {
            let after = &item.text[lower.find("replaced by").expect("found") + 11..];
            if let Some(id) = after.split_whitespace().next() {
                let id = id.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                if super::about::is_guidance_id(id) {
                    self.replaced_by.push(id.to_owned());
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
            let before = item.text[..p.start()].to_lowercase();
            if before.contains("icd-10") || before.contains("icd10") {
                return System::Icd10;
            }
            if item.text.to_lowercase().contains("opcs") {
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
        let Named::Code(code) = &p.found.named else {
            return None;
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
        let lower = bracket.to_lowercase();
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

    // ---------------------------------------------------------------------------------
    // Code lines, `Or` and choices

    /// A code line: its codes as units (codes joined by `or` or `plus` are one unit).
    fn code_line(&mut self, item: &Item) {
        let pieces: Vec<&Piece> = item.pieces.iter().collect();
        for p in &pieces {
            self.mention(item, p, Settle::ByUse);
        }
        let mut diagnosis_units = Vec::new();
        let mut units = Vec::new();
        for unit in self.units(item, &pieces, Join::Or) {
            let icd = unit_system(&unit) == Some(System::Icd10);
            if icd && self.section == Section::Procedure {
                diagnosis_units.push(unit);
            } else {
                units.push(unit);
            }
        }
        for unit in units {
            self.add_unit(unit);
        }
        for unit in diagnosis_units {
            self.diagnosis.push(unit);
        }
    }

    /// The codes of `pieces` as units: split where codes stand side by side, then `plus`
    /// (all), `or` (one of), `and` (all); commas take the join of the list they are in,
    /// or `comma` when it has none.
    pub(super) fn units(&mut self, item: &Item, pieces: &[&Piece], comma: Join) -> Vec<Node> {
        let mut out = Vec::new();
        let mut run: Vec<&Piece> = Vec::new();
        for p in pieces {
            if !run.is_empty() && matches!(p.join, Join::Beside | Join::Words) {
                out.extend(self.unit(item, &run, comma));
                run.clear();
            }
            run.push(p);
        }
        if !run.is_empty() {
            out.extend(self.unit(item, &run, comma));
        }
        out
    }

    fn unit(&mut self, item: &Item, run: &[&Piece], comma: Join) -> Option<Node> {
        let line = item.line;
        let mut parts: Vec<Vec<&Piece>> = vec![Vec::new()];
        for p in run {
            if p.join == Join::Plus && !parts.last().expect("a part").is_empty() {
                parts.push(Vec::new());
            }
            parts.last_mut().expect("a part").push(p);
        }
        let mut all = Vec::new();
        for part in parts {
            let has_or = part.iter().skip(1).any(|p| p.join == Join::Or);
            let has_and = part.iter().skip(1).any(|p| p.join == Join::And);
            let comma_join = if has_or {
                Join::Or
            } else if has_and {
                Join::And
            } else {
                comma
            };
            let mut options: Vec<Vec<Node>> = vec![Vec::new()];
            for (i, p) in part.iter().enumerate() {
                let join = if p.join == Join::Comma {
                    comma_join
                } else {
                    p.join
                };
                if i > 0 && join == Join::Or {
                    options.push(Vec::new());
                }
                let system = self.system_of(item, p);
                if let Some(node) = self.code_node(item, p, system) {
                    options.last_mut().expect("an option").push(node);
                }
            }
            let options: Vec<Node> = options
                .into_iter()
                .filter(|o| !o.is_empty())
                .map(|mut o| {
                    if o.len() == 1 {
                        o.pop().expect("one")
                    } else {
                        Node::group(GroupKind::All, o, line)
                    }
                })
                .collect();
            match options.len() {
                0 => {}
                1 => all.extend(options),
                _ => all.push(Node::group(GroupKind::OneOf, options, line)),
            }
        }
        match all.len() {
            0 => None,
            1 => all.pop(),
            _ => Some(Node::group(GroupKind::All, all, line)),
        }
    }

    /// Adds a unit to the open choice, or joins it by `Or`, or adds it to the list.
    pub(super) fn add_unit(&mut self, unit: Node) {
        if let Some(choice) = &mut self.choice {
            if fits(choice, &unit) {
                choice.options.push(unit);
                return;
            }
            self.close_choice();
        }
        self.place_unit(unit);
    }

    /// Joins a unit by a pending `Or`, or adds it to an open `Or` set, or to the list.
    fn place_unit(&mut self, unit: Node) {
        if std::mem::take(&mut self.pending_or) {
            self.or_join(unit);
            return;
        }
        if let Some(target) = self.or_set {
            if !unit.starts_with_main_code() && unit.first_code().is_some() {
                let list = self.list_mut();
                if let Some(last) = list.last_mut().filter(|n| n.joined_by_or) {
                    let children = last.children_mut().expect("a group");
                    let alternative = children.last_mut().expect("an alternative");
                    let len = match alternative.group_kind() {
                        Some(GroupKind::All) => alternative.children().len(),
                        _ => 1,
                    };
                    if len < target {
                        append_to_set(alternative, unit);
                        return;
                    }
                }
            }
            self.or_set = None;
        }
        self.push_node(unit, false);
    }

    /// Adds a node to the list: an `all` is spread out; with `merge` (a sentence about a
    /// code), a code the list already holds takes what the sentence says instead.
    pub(super) fn push_node(&mut self, node: Node, merge: bool) {
        if node.group_kind() == Some(GroupKind::All)
            && node.condition.is_none()
            && node.concurrent.is_none()
            && node.sequence.is_none()
            && node.only_if.is_empty()
        {
            let Kind::Group { children, .. } = node.kind else {
                unreachable!()
            };
            for child in children {
                self.push_node(child, merge);
            }
            return;
        }
        let list = self.list_mut();
        if let Some(code) = node.code_text().filter(|_| merge) {
            if let Some(existing) = list.iter_mut().find(|n| n.code_text() == Some(code)) {
                merge_into(existing, node);
                return;
            }
        }
        list.push(node);
    }

    /// `Or` before `unit`: a choice with what stands before it.
    fn or_join(&mut self, unit: Node) {
        let main = unit.starts_with_main_code();
        let line = unit.line;
        let list = self.list_mut();
        let Some(last) = list.last() else {
            list.push(unit);
            return;
        };
        if !main {
            let previous = list.pop().expect("a last node");
            let joined = join_alternatives(previous, unit, line);
            list.push(joined);
            return;
        }
        // A choice between code sets: the set before starts at the last main code.
        if last.joined_by_or && last.starts_with_main_code() {
            let target = set_len(last.children().last().expect("an alternative"));
            let last = list.last_mut().expect("a last node");
            last.children_mut().expect("a group").push(unit);
            self.or_set = Some(target);
            return;
        }
        let start = list
            .iter()
            .rposition(Node::starts_with_main_code)
            .unwrap_or(list.len() - 1);
        let before: Vec<Node> = list.drain(start..).collect();
        let target = before.len();
        let first = if before.len() == 1 {
            before.into_iter().next().expect("one node")
        } else {
            Node::group(GroupKind::All, before, line)
        };
        let mut joined = Node::group(GroupKind::OneOf, vec![first, unit], line);
        joined.joined_by_or = true;
        list.push(joined);
        self.or_set = Some(target);
    }

    /// An introduction: the codes after it are its options.
    fn intro(&mut self, item: &Item, intro: &Intro) {
        self.close_choice();
        self.or_set = None;
        for p in &item.pieces {
            self.mention(item, p, Settle::Heads);
        }
        let lower = item.text.to_lowercase();
        if lower.contains("icd-10") {
            self.close_all();
            self.section = Section::Diagnosis;
        }
        if self.selection(item) {
            return;
        }
        let mut intro = intro.clone();
        if intro.chosen_by.is_none() {
            intro.chosen_by = self.pending_chosen_by.take();
        }
        self.choice = Some(OpenChoice {
            intro,
            options: Vec::new(),
            line: item.line,
        });
    }

    /// Closes the open choice, unless a code line starting with `or` continues it.
    fn close_choice_unless_open_or(&mut self) {
        if self.choice.is_none() {
            self.close_choice();
        }
    }

    /// Closes the open choice: its options become a node of the list.
    pub(super) fn close_choice(&mut self) {
        let Some(choice) = self.choice.take() else {
            return;
        };
        let intro = choice.intro;
        let mut options = choice.options;
        if options.is_empty() {
            return;
        }
        let node = match intro.choice {
            Choice::All => {
                let mut group = Node::group(GroupKind::All, options, choice.line);
                group.condition = intro.condition.clone();
                group.sequence = intro.sequence.clone();
                group
            }
            _ if options.len() == 1 => options.pop().expect("one option"),
            kind => {
                let group_kind = if kind == Choice::OneOrMore {
                    GroupKind::OneOrMore
                } else {
                    GroupKind::OneOf
                };
                let mut group = Node::group(group_kind, options, choice.line);
                group.chosen_by = intro.chosen_by.clone();
                group.condition = intro.condition.clone();
                group
            }
        };
        let mut node = node;
        if let Some(label) = &intro.label {
            node.label = Some(super::phrases::capitalised(label));
        }
        if intro.join == Some(Join::Or) {
            self.pending_or = true;
        }
        self.place_unit(node);
    }

    // ---------------------------------------------------------------------------------
    // Labels

    fn label(&mut self, line: usize, text: &str, stage: bool) {
        self.close_choice();
        self.or_set = None;
        self.pending_or = false;
        if self.section == Section::Diagnosis {
            self.point(line, "a label in the diagnosis is not read", text);
            return;
        }
        if self.labelled.is_none() {
            let main_before = self.procedure.iter().rposition(Node::starts_with_main_code);
            let mut labelled = Labelled {
                stages: stage,
                start: self.procedure.len(),
                entries: Vec::new(),
            };
            if let (Some(at), false) = (main_before, stage) {
                let nodes: Vec<Node> = self.procedure.drain(at..).collect();
                labelled.start = at;
                let implied = format!("The codes printed before \"{text}\"");
                self.point(
                    nodes[0].line,
                    format!(
                        "codes printed before the first label make an alternative the text does not name; its implied_label is the reader's: \"{implied}\""
                    ),
                    text,
                );
                labelled.entries.push(Entry {
                    label: implied,
                    implied: true,
                    line: nodes[0].line,
                    nodes,
                });
            }
            self.labelled = Some(labelled);
        }
        let labelled = self.labelled.as_mut().expect("a labelled group");
        labelled.entries.push(Entry {
            label: text.to_owned(),
            implied: false,
            nodes: Vec::new(),
            line,
        });
    }

    /// Ends the labelled group: it becomes a `variants` (or `stages`) node of the procedure.
    pub(super) fn close_labelled(&mut self, cut: bool) {
        self.close_choice();
        self.or_set = None;
        let Some(labelled) = self.labelled.take() else {
            return;
        };
        let line = labelled.entries.first().map_or(0, |e| e.line);
        let mut entries = Vec::new();
        for entry in labelled.entries {
            if entry.nodes.is_empty() {
                self.point(
                    entry.line,
                    format!("\"{}\" is followed by no code; left out", entry.label),
                    &entry.label,
                );
                continue;
            }
            let mut node = if entry.nodes.len() == 1 {
                entry.nodes.into_iter().next().expect("one node")
            } else {
                Node::group(GroupKind::All, entry.nodes, entry.line)
            };
            node.label = Some(entry.label);
            node.implied_label = entry.implied;
            entries.push(node);
        }
        let at = labelled.start.min(self.procedure.len());
        if entries.len() == 1 && !cut {
            let mut only = entries.pop().expect("one entry");
            let label = only.label.take().unwrap_or_default();
            self.point(
                only.line,
                format!("one set of codes under one label is no choice: the label \"{label}\" is left out (say it in a note if it matters)"),
                &label,
            );
            only.implied_label = false;
            let nodes = match only.kind {
                Kind::Group {
                    kind: GroupKind::All,
                    children,
                } if only.condition.is_none() => children,
                _ => vec![only],
            };
            for (i, node) in nodes.into_iter().enumerate() {
                self.procedure.insert(at + i, node);
            }
            return;
        }
        if entries.is_empty() {
            return;
        }
        let kind = if labelled.stages {
            GroupKind::Stages
        } else {
            GroupKind::Variants
        };
        self.procedure.insert(at, Node::group(kind, entries, line));
    }

    /// Closes everything open: the choice, the `Or` set and the labelled group.
    pub(super) fn close_all(&mut self) {
        self.close_choice();
        self.or_set = None;
        self.pending_or = false;
        if self.section == Section::Procedure {
            self.close_labelled(false);
        }
    }

    // ---------------------------------------------------------------------------------
    // Includes and Excludes

    /// The last code node read.
    pub(super) fn last_code_mut(&mut self) -> Option<&mut Node> {
        let in_choice = self.choice.as_ref().is_some_and(|c| !c.options.is_empty());
        let node = if in_choice {
            self.choice.as_mut()?.options.last_mut()?
        } else {
            self.list_mut().last_mut()?
        };
        last_leaf(node)
    }

    fn includes(&mut self, line: usize, text: &str) {
        let text = super::titles::single_spaces(text);
        match self.last_code_mut() {
            Some(node) => node.includes.push(text),
            None => self.point(line, "an Includes line under no code; left out", &text),
        }
    }

    fn excludes(&mut self, item: &Item, text: &str) {
        self.mention_all(item, Settle::Excludes);
        let words = super::phrases::strip_prefix_ci(text, "excludes:")
            .unwrap_or(text)
            .trim();
        let Some(p) = item.pieces.first() else {
            self.point(
                item.line,
                "an Excludes line that names no code; left out",
                text,
            );
            return;
        };
        let title = words[..words.find('(').unwrap_or(words.len())].trim();
        let title = if p.start() > 0 && !title.is_empty() {
            Some(super::titles::mend(title))
        } else {
            (!p.title.text.is_empty()).then(|| p.title.text.clone())
        };
        let system = match self.section {
            Section::Diagnosis => System::Icd10,
            Section::Procedure => System::Opcs4,
        };
        let Named::Code(code) = &p.found.named else {
            return;
        };
        let excluded = Excluded {
            system,
            code: code.clone(),
            title,
        };
        match self.last_code_mut() {
            Some(node) => node.excludes.push(excluded),
            None => self.point(item.line, "an Excludes line under no code; left out", text),
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
        System::Opcs4 => code.parse::<nice_coding::Opcs4Code>().is_ok(),
        System::Icd10 => code.parse::<nice_coding::Icd10Code>().is_ok(),
    }
}

pub fn system_name(system: System) -> &'static str {
    match system {
        System::Opcs4 => "OPCS-4",
        System::Icd10 => "ICD-10",
    }
}

/// The system of a unit's first code.
fn unit_system(node: &Node) -> Option<System> {
    match &node.kind {
        Kind::Code { system, .. } => Some(*system),
        Kind::Group { children, .. } => children.iter().find_map(unit_system),
        Kind::Placeholder { .. } => None,
    }
}

/// A bracket's words as a condition: "must only be assigned where X" is "only where X".
pub fn condition_words(bracket: &str) -> String {
    let text = super::titles::single_spaces(&super::titles::mend(bracket));
    let lower = text.to_lowercase();
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

/// True when `unit` may be one more option of `choice`.
fn fits(choice: &OpenChoice, unit: &Node) -> bool {
    let intro = &choice.intro;
    if intro.single && !choice.options.is_empty() {
        return false;
    }
    if intro.categories && !unit.code_text().is_some_and(|c| c.ends_with(".-")) {
        return false;
    }
    match choice.options.first() {
        Some(first) if intro.choice != Choice::All => {
            first.starts_with_main_code() == unit.starts_with_main_code()
        }
        _ => true,
    }
}

/// The number of nodes of an `Or` alternative.
fn set_len(node: &Node) -> usize {
    match node.group_kind() {
        Some(GroupKind::All) => node.children().len(),
        _ => 1,
    }
}

/// Adds `unit` to an alternative of an `Or` set.
fn append_to_set(alternative: &mut Node, unit: Node) {
    if alternative.group_kind() != Some(GroupKind::All) || alternative.condition.is_some() {
        let line = alternative.line;
        let first = std::mem::replace(alternative, Node::group(GroupKind::All, Vec::new(), line));
        alternative.children_mut().expect("a group").push(first);
    }
    alternative.children_mut().expect("a group").push(unit);
}

/// `previous` or `next`: a `one_of`, or `variants` when both are labelled.
fn join_alternatives(previous: Node, next: Node, line: usize) -> Node {
    if previous.label.is_some() && next.label.is_some() {
        if previous.group_kind() == Some(GroupKind::Variants) {
            let mut previous = previous;
            previous.children_mut().expect("a group").push(next);
            return previous;
        }
        return Node::group(GroupKind::Variants, vec![previous, next], line);
    }
    if previous.joined_by_or && !previous.starts_with_main_code() {
        let mut previous = previous;
        previous.children_mut().expect("a group").push(next);
        return previous;
    }
    let mut joined = Node::group(GroupKind::OneOf, vec![previous, next], line);
    joined.joined_by_or = true;
    // A condition printed after the first alternative only is the choice's.
    let children = joined.children_mut().expect("a group");
    if children[0].condition.is_some() && children[1..].iter().all(|c| c.condition.is_none()) {
        joined.condition = children[0].condition.take();
    }
    joined
}

/// The last code node under `node`.
pub(super) fn last_leaf(node: &mut Node) -> Option<&mut Node> {
    if matches!(node.kind, Kind::Code { .. }) {
        return Some(node);
    }
    let children = node.children_mut()?;
    let last = children.last_mut()?;
    last_leaf(last)
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
