//! A reading written as a guidance file, in the keys, order and layout of the files in
//! `guidance/ipg/`: the guidance keys, then `procedure`, `diagnosis` and `snomed`, one node
//! per line, groups with their entries indented under them.
//!
//! Notes, limitations and ambiguities are not written: they are the maintainer's words,
//! and the importer lists the sentences they come from on standard error instead.

use super::Reading;
use super::model::*;
use std::fmt::Write;

/// Why a reading cannot be written as a guidance file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftError {
    NoId,
    NoTitle,
}

impl std::fmt::Display for DraftError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DraftError::NoId => write!(
                f,
                "the text does not say which guidance it is for: give it a first line `source: <address>` naming the guidance (…/guidance/ipg655), or name the file after the guidance (IPG655.txt)"
            ),
            DraftError::NoTitle => write!(
                f,
                "the text gives no title: add a line `title: <the guidance's title>`"
            ),
        }
    }
}

/// The guidance file for `reading`.
pub fn draft(reading: &Reading) -> Result<String, DraftError> {
    let about = &reading.about;
    let id = about.id.as_deref().ok_or(DraftError::NoId)?;
    let title = about
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .ok_or(DraftError::NoTitle)?;
    let mut out = String::new();
    let source = match &about.source {
        Some(source) => web_address(source),
        None => format!(
            "https://www.nice.org.uk/guidance/{}",
            id.to_ascii_lowercase()
        ),
    };
    line(&mut out, "id", &quoted(id));
    line(&mut out, "title", &quoted(title));
    if about.copied_from.is_some() {
        out.push_str(
            "# The text was read from a copy on another site; NICE's page for the guidance is the source.\n",
        );
    }
    line(&mut out, "source", &quoted(&source));
    match &about.published {
        Some(published) => {
            let _ = writeln!(out, "# published: {}", single_line(&published.evidence));
            line(&mut out, "published", &quoted(&published.date));
        }
        None => line(
            &mut out,
            "undated",
            &quoted(
                "no date could be established: the imported text states none, and no other source has been consulted yet",
            ),
        ),
    }
    if let Some(version) = &about.opcs4_version {
        line(&mut out, "opcs4_version", &quoted(version));
    }
    if let Some(edition) = &reading.icd10_edition {
        line(&mut out, "icd10_edition", &quoted(edition));
    }
    if !about.replaced_by.is_empty() {
        line(&mut out, "status", &quoted("superseded"));
    }
    if !about.replaces.is_empty() {
        line(&mut out, "replaces", &list(&about.replaces));
    }
    if !about.replaced_by.is_empty() {
        line(&mut out, "replaced_by", &list(&about.replaced_by));
    }
    if let Some(recommendation) = about.recommendation {
        line(&mut out, "recommendation", &quoted(recommendation));
    }
    if let Some(updated) = &about.last_updated {
        line(&mut out, "last_updated", &quoted(updated));
    }
    if !about.body_systems.is_empty() {
        line(&mut out, "body_systems", &list(&about.body_systems));
    }
    if let Some(cut) = reading.cut {
        let last = reading
            .mentions
            .iter()
            .rfind(|m| m.line <= cut)
            .map(|m| m.named.text());
        let at = match last {
            Some(code) => format!("after {code}"),
            None => "before its first code".to_owned(),
        };
        line(
            &mut out,
            "incomplete",
            &quoted(&format!(
                "The text as imported stops short {at}; what followed is not known."
            )),
        );
    }
    if reading.procedure.is_empty() {
        let why = match reading.no_code_set {
            Some(_) => {
                "The text names no procedure code: it says the codes are chosen case by case, from the procedures actually done."
            }
            None => "The text names no procedure code.",
        };
        line(&mut out, "no_single_code_set", &quoted(why));
    }
    if !reading.stock_notes.is_empty() {
        line(&mut out, "stock_notes", &list(&reading.stock_notes));
    }
    tree(&mut out, "procedure", &reading.procedure);
    tree(&mut out, "diagnosis", &reading.diagnosis);
    if !reading.snomed.is_empty() {
        out.push_str("\nsnomed = [\n");
        for s in &reading.snomed {
            let applies = if s.diagnosis {
                "diagnosis"
            } else {
                "procedure"
            };
            let _ = writeln!(
                out,
                "  {{ concept = {}, term = {}, applies_to = {} }},",
                quoted(&s.concept),
                quoted(&s.term),
                quoted(applies)
            );
        }
        out.push_str("]\n");
    }
    Ok(out)
}

fn line(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {value}");
}

/// `key = [ ... ]`, one node per line.
fn tree(out: &mut String, key: &str, nodes: &[Node]) {
    if nodes.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{key} = [");
    for node in nodes {
        write_node(out, node, 2);
    }
    out.push_str("]\n");
}

/// One node at `indent`, and its entries under it.
fn write_node(out: &mut String, node: &Node, indent: usize) {
    let pad = " ".repeat(indent);
    let mut head = Vec::new();
    if let Some(label) = &node.label {
        let key = if node.implied_label {
            "implied_label"
        } else {
            "label"
        };
        head.push(format!("{key} = {}", quoted(label)));
    }
    match &node.kind {
        Kind::Code {
            system,
            code,
            title,
            printed,
        } => {
            head.push(format!("{} = {}", system_key(*system), quoted(code)));
            if let Some(title) = title {
                head.push(format!("title = {}", quoted(title)));
            }
            if let Some(printed) = printed {
                head.push(format!("printed = {}", quoted(printed)));
            }
            head.extend(keys(node));
            let _ = writeln!(out, "{pad}{{ {} }},", head.join(", "));
        }
        Kind::Placeholder { description } => {
            head.push(format!("placeholder = {}", quoted(description)));
            head.extend(keys(node));
            let _ = writeln!(out, "{pad}{{ {} }},", head.join(", "));
        }
        Kind::Group { kind, children } => {
            head.push(format!("{} = [", kind.as_str()));
            let _ = writeln!(out, "{pad}{{ {}", head.join(", "));
            for child in children {
                write_node(out, child, indent + 4);
            }
            let tail = keys(node);
            if tail.is_empty() {
                let _ = writeln!(out, "{pad}  ] }},");
            } else {
                let _ = writeln!(out, "{pad}  ], {} }},", tail.join(", "));
            }
        }
    }
}

/// The keys of a node after its kind, in the files' order.
fn keys(node: &Node) -> Vec<String> {
    let mut keys = Vec::new();
    let mut text = |key: &str, value: &Option<String>| {
        if let Some(value) = value {
            keys.push(format!("{key} = {}", quoted(value)));
        }
    };
    text("default", &node.default);
    text("default_title", &node.default_title);
    let mut out = keys;
    if !node.within.is_empty() {
        out.push(format!("within = {}", list(&node.within)));
    }
    if node.several {
        out.push("count = \"one_or_more\"".to_owned());
    }
    if node.preferred {
        out.push("preferred = true".to_owned());
    }
    for (key, value) in [
        ("condition", &node.condition),
        ("concurrent", &node.concurrent),
    ] {
        if let Some(value) = value {
            out.push(format!("{key} = {}", quoted(value)));
        }
    }
    for (key, codes) in [
        ("only_if", &node.only_if),
        ("instead_of", &node.instead_of),
        ("supplementary_if", &node.supplementary_if),
    ] {
        if !codes.is_empty() {
            out.push(format!("{key} = {}", list(codes)));
        }
    }
    for (key, value) in [("chosen_by", &node.chosen_by), ("sequence", &node.sequence)] {
        if let Some(value) = value {
            out.push(format!("{key} = {}", quoted(value)));
        }
    }
    if node.in_order {
        out.push("in_order = true".to_owned());
    }
    if !node.includes.is_empty() {
        out.push(format!("includes = {}", list(&node.includes)));
    }
    if !node.excludes.is_empty() {
        let entries: Vec<String> = node
            .excludes
            .iter()
            .map(|e| {
                let mut parts = vec![format!("{} = {}", system_key(e.system), quoted(&e.code))];
                if let Some(title) = &e.title {
                    parts.push(format!("title = {}", quoted(title)));
                }
                format!("{{ {} }}", parts.join(", "))
            })
            .collect();
        out.push(format!("excludes = [{}]", entries.join(", ")));
    }
    if !node.stock_notes.is_empty() {
        out.push(format!("stock_notes = {}", list(&node.stock_notes)));
    }
    out
}

fn system_key(system: System) -> &'static str {
    match system {
        System::Opcs4 => "opcs4",
        System::Icd10 => "icd10",
    }
}

/// A TOML basic string.
pub fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in single_line(value).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `["a", "b"]`.
fn list(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| quoted(v)).collect();
    format!("[{}]", items.join(", "))
}

/// Runs of white space, line ends included, made single.
fn single_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An address with the characters a web address may not hold percent-encoded.
fn web_address(address: &str) -> String {
    let mut out = String::new();
    for c in address.chars() {
        let allowed = c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
        if allowed {
            out.push(c);
        } else {
            let mut bytes = [0u8; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}
