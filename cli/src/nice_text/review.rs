//! Last looks at a reading's trees, for what the text itself settles or leaves open:
//!
//! * a title cut short (the copy stops inside it) is completed from the same code printed in
//!   full elsewhere in the text;
//! * a code printed twice in one list is one code (a guidance file may not list it twice);
//! * codes of one category listed one under another with no connective look like
//!   alternatives: they are read as all assigned, and the maintainer is told.

use super::build::{Builder, merge_into};
use super::model::*;
use super::sentences::some_of;
use std::collections::BTreeMap;

impl Builder<'_> {
    /// Runs every look.
    pub(super) fn review(&mut self) {
        self.complete_titles();
        let mut points = Vec::new();
        for list in [&mut self.procedure, &mut self.diagnosis] {
            dedupe(list, &mut points);
            flat_alternatives(list, &mut points);
        }
        for (line, message) in points {
            self.point(line, message, "");
        }
    }

    /// A title that the full title of the same code elsewhere in the text begins with is
    /// that title, cut short.
    fn complete_titles(&mut self) {
        let mut longest: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for node in self.procedure.iter_mut().chain(self.diagnosis.iter_mut()) {
            node.visit_mut(&mut |n: &mut Node| {
                if let Kind::Code {
                    code,
                    title: Some(title),
                    ..
                } = &n.kind
                {
                    let entry = longest
                        .entry(code.clone())
                        .or_insert((String::new(), n.line));
                    if title.len() > entry.0.len() {
                        *entry = (title.clone(), n.line);
                    }
                }
            });
        }
        let mut completed = Vec::new();
        for node in self.procedure.iter_mut().chain(self.diagnosis.iter_mut()) {
            node.visit_mut(&mut |n: &mut Node| {
                let line = n.line;
                let Kind::Code { code, title: Some(title), printed, .. } = &mut n.kind else {
                    return;
                };
                let Some((full, from)) = longest.get(code.as_str()) else {
                    return;
                };
                if full.len() > title.len() && full.starts_with(title.as_str()) {
                    completed.push((line, format!("the title of {code} is cut short here (\"{title}\"); completed from line {from}")));
                    if printed.is_none() {
                        *printed = Some(title.clone());
                    }
                    *title = full.clone();
                }
            });
        }
        for (line, message) in completed {
            self.point(line, message, "");
        }
    }
}

/// A code printed twice in one list is kept once, with what both copies say.
fn dedupe(list: &mut Vec<Node>, points: &mut Vec<(usize, String)>) {
    let mut kept: Vec<Node> = Vec::with_capacity(list.len());
    let mut at: BTreeMap<String, usize> = BTreeMap::new();
    for node in list.drain(..) {
        let Some(code) = node.code_text().map(str::to_owned) else {
            kept.push(node);
            continue;
        };
        match at.get(&code) {
            Some(&first) => {
                points.push((
                    node.line,
                    format!(
                        "{code} is printed again in the same list (first on line {}); kept once",
                        kept[first].line
                    ),
                ));
                merge_into(&mut kept[first], node);
            }
            None => {
                at.insert(code, kept.len());
                kept.push(node);
            }
        }
    }
    for node in &mut kept {
        if let Some(children) = node.children_mut() {
            dedupe(children, points);
        }
    }
    *list = kept;
}

/// Codes of one category side by side in a list of codes assigned together: they may have
/// been meant as alternatives.
fn flat_alternatives(list: &mut [Node], points: &mut Vec<(usize, String)>) {
    let mut by_category: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
    for n in list.iter() {
        if n.condition.is_some() || n.concurrent.is_some() || !n.only_if.is_empty() {
            continue;
        }
        if let Some(code) = n.code_text().filter(|c| !c.ends_with(".-")) {
            by_category
                .entry(&code[..3])
                .or_default()
                .push((code, n.line));
        }
    }
    for codes in by_category.values().filter(|c| c.len() > 1) {
        let names: Vec<String> = codes.iter().map(|(c, _)| (*c).to_owned()).collect();
        points.push((
            codes[0].1,
            format!(
                "{} are of one category and listed with no connective between them: read as all assigned; they may be alternatives (one_of)",
                some_of(&names)
            ),
        ));
    }
    for node in list.iter_mut() {
        let all = node.group_kind() == Some(GroupKind::All);
        match node.children_mut() {
            Some(children) if all => flat_alternatives(children, points),
            Some(children) => {
                for child in children.iter_mut() {
                    if child.group_kind() == Some(GroupKind::All) {
                        flat_alternatives(child.children_mut().expect("a group"), points);
                    }
                }
            }
            None => {}
        }
    }
}
