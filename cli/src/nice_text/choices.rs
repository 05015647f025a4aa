//! Code lines put together:
//!
//! * codes on one line: `plus` joins all, `or` one of, `and` all, commas take the join of
//!   their list; codes side by side with no word between are separate lines;
//! * a list of code lines is a list of codes all assigned;
//! * a condition printed after the first of the codes an `or` joins, and no other, is the
//!   choice's ("Y53.- ... (if image control is used) Or Y68.- ...");
//! * a line that is a choice of its own is no option of an introduction's choice;
//! * `Or` between two codes of the subsidiary chapters Y and Z makes them one choice; `Or`
//!   before a main code makes a choice between code sets: the set before it (from its last
//!   main code) and the set after it, which takes the subsidiary codes that follow until it
//!   is as long as the set before (sets of one code take none);
//! * an introduction ("One of the following ...:") takes the code lines after it while they
//!   are alike (all categories when it says so; all main or all subsidiary codes).

use super::build::{Builder, OpenChoice, Section, Settle, merge_into};
use super::model::*;
use super::phrases::{Choice, Intro, Item};
use super::pieces::{Join, Piece};

impl Builder<'_> {
    // ---------------------------------------------------------------------------------
    // Code lines, `Or` and choices

    /// A code line: its codes as units (codes joined by `or` or `plus` are one unit).
    pub(super) fn code_line(&mut self, item: &Item) {
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

    pub(super) fn unit(&mut self, item: &Item, run: &[&Piece], comma: Join) -> Option<Node> {
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
                _ => all.push(hoist_condition(Node::group(
                    GroupKind::OneOf,
                    options,
                    line,
                ))),
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
    pub(super) fn place_unit(&mut self, unit: Node) {
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
    pub(super) fn or_join(&mut self, unit: Node) {
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
        // Choices within choices deeper than any coding text nests them are not followed.
        if list[start..]
            .iter()
            .any(|n| depth(n, MAX_DEPTH) >= MAX_DEPTH)
        {
            list.push(unit);
            self.point(
                line,
                "an `Or` between code sets that already hold choices: the reader does not nest them deeper; the codes after it are listed as they stand",
                "",
            );
            return;
        }
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
    pub(super) fn intro(&mut self, item: &Item, intro: &Intro) {
        self.close_choice();
        self.or_set = None;
        for p in &item.pieces {
            self.mention(item, p, Settle::Heads);
        }
        let lower = item.text.to_ascii_lowercase();
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
    pub(super) fn close_choice_unless_open_or(&mut self) {
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
                let mut group = if options.len() == 1 {
                    options.pop().expect("one option")
                } else {
                    Node::group(GroupKind::All, options, choice.line)
                };
                group.condition = intro.condition.clone().or(group.condition);
                group.sequence = intro.sequence.clone().or(group.sequence);
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
            let label = ["the ", "a ", "an "]
                .iter()
                .find_map(|a| label.strip_prefix(a))
                .unwrap_or(label);
            node.label = Some(super::intros::capitalised(label));
        }
        if intro.join == Some(Join::Or) {
            self.pending_or = true;
        }
        self.place_unit(node);
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

/// How deep the reader nests choices made by `Or`.
const MAX_DEPTH: usize = 4;

/// How many levels of groups `node` holds, counted up to `cap`.
fn depth(node: &Node, cap: usize) -> usize {
    if cap == 0 {
        return 0;
    }
    match node.children().iter().map(|c| depth(c, cap - 1)).max() {
        Some(d) => d + 1,
        None => 0,
    }
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
    // A line that is a choice of its own ("X ... Or Y ...") is no option of another.
    if intro.choice != Choice::All && unit.group_kind() == Some(GroupKind::OneOf) {
        return false;
    }
    match choice.options.first() {
        Some(first) if intro.choice != Choice::All => {
            first.starts_with_main_code() == unit.starts_with_main_code()
        }
        _ => true,
    }
}

/// A condition printed after the first alternative only is the choice's ("Y53.- ... (if
/// image control is used) Or Y68.- ...").
fn hoist_condition(mut group: Node) -> Node {
    let children = group.children_mut().expect("a group");
    let only_first =
        children[0].condition.is_some() && children[1..].iter().all(|c| c.condition.is_none());
    if only_first {
        group.condition = children[0].condition.take();
    }
    group
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
    let mut joined = hoist_condition(Node::group(GroupKind::OneOf, vec![previous, next], line));
    joined.joined_by_or = true;
    joined
}
