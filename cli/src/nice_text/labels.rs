//! Labelled alternatives and stages, and the lines under a code:
//!
//! * a label ("Open procedure:", "Stage 1") starts an alternative (a stage); code sets before
//!   the first label make an alternative the text does not name (`implied_label`); a single
//!   label over all the codes is no choice and is left out;
//! * an Includes line goes on the code above it, an Excludes line names the code to use
//!   instead.

use super::build::{Builder, Entry, Labelled, Section, Settle};
use super::codes::Named;
use super::model::*;
use super::phrases::Item;

impl Builder<'_> {
    // ---------------------------------------------------------------------------------
    // Labels

    pub(super) fn label(&mut self, line: usize, text: &str, stage: bool) {
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

    pub(super) fn includes(&mut self, line: usize, text: &str) {
        let text = super::titles::single_spaces(text);
        match self.last_code_mut() {
            Some(node) => node.includes.push(text),
            None => self.point(line, "an Includes line under no code; left out", &text),
        }
    }

    pub(super) fn excludes(&mut self, item: &Item, text: &str) {
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

/// The last code node under `node`.
pub(super) fn last_leaf(node: &mut Node) -> Option<&mut Node> {
    if matches!(node.kind, Kind::Code { .. }) {
        return Some(node);
    }
    let children = node.children_mut()?;
    let last = children.last_mut()?;
    last_leaf(last)
}
