//! Last looks at a reading's trees, for what the text itself settles or leaves open:
//!
//! * a title cut short (the copy stops inside it) is completed from the same code printed in
//!   full elsewhere in the text;
//! * a code printed twice in one list is one code (a guidance file may not list it twice);
//! * codes listed one under another with no connective, when they look like alternatives
//!   (two main codes of one chapter; codes of one category), are read as all assigned, and
//!   the maintainer is told.

use super::build::{Builder, merge_into};
use super::model::*;

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
        let mut titles: Vec<(String, String, usize)> = Vec::new();
        for node in self.procedure.iter_mut().chain(self.diagnosis.iter_mut()) {
            node.visit_mut(&mut |n: &mut Node| {
                if let Kind::Code {
                    code,
                    title: Some(title),
                    ..
                } = &n.kind
                {
                    titles.push((code.clone(), title.clone(), n.line));
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
                let longer = titles.iter().find(|(c, t, _)| {
                    c == code && t.len() > title.len() && t.starts_with(title.as_str())
                });
                if let Some((_, full, from)) = longer {
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
    for node in list.drain(..) {
        let same = node
            .code_text()
            .and_then(|code| kept.iter().position(|k| k.code_text() == Some(code)));
        match same {
            Some(at) => {
                points.push((
                    node.line,
                    format!(
                        "{} is printed again in the same list (first on line {}); kept once",
                        node.code_text().unwrap_or_default(),
                        kept[at].line
                    ),
                ));
                merge_into(&mut kept[at], node);
            }
            None => kept.push(node),
        }
    }
    for node in &mut kept {
        if let Some(children) = node.children_mut() {
            dedupe(children, points);
        }
    }
    *list = kept;
}

/// Codes side by side in a list of codes assigned together that may have been meant as
/// alternatives.
fn flat_alternatives(list: &mut [Node], points: &mut Vec<(usize, String)>) {
    let codes: Vec<(&str, usize)> = list
        .iter()
        .filter(|n| n.condition.is_none() && n.concurrent.is_none() && n.only_if.is_empty())
        .filter_map(|n| Some((n.code_text()?, n.line)))
        .collect();
    for (i, (a, line)) in codes.iter().enumerate() {
        for (b, _) in &codes[i + 1..] {
            let same_category = a[..3] == b[..3] && !a.ends_with(".-") && !b.ends_with(".-");
            let same_chapter_main = !is_subsidiary(a) && !is_subsidiary(b) && a[..1] == b[..1];
            if same_category || same_chapter_main {
                points.push((
                    *line,
                    format!("{a} and {b} are listed with no connective between them: read as both assigned; they may be alternatives (one_of)"),
                ));
            }
        }
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
