//! A guidance as Markdown, for the doc comment of its constant (`ipg::IPG655`): a table of its
//! facts, then the recommendation in NICE's order as nested lists (codes with titles, "one
//! of", "if ...", notes). The enum's variants carry one line each (`variant_line`).
//!
//! The doc comments are the one place where text from the files reaches the generated source
//! unescaped: `prettyplease` prints a `#[doc]` attribute as `///` lines or a `/** */` block
//! when it can. So the text is made safe here. Markdown characters are escaped (`*` becomes
//! `\*`, so a note's `*/` cannot close a block comment; `prettyplease` falls back to
//! `#[doc = "..."]` whenever the text holds `*/`), line breaks, tabs and other control
//! characters become spaces, and the bidirectional embedding, override and isolate
//! characters (U+202A to U+202E, U+2066 to U+2069), which `rustc` rejects in comments by
//! default (`text_direction_codepoint_in_comment`), are shown as their code point (`U+202E`).
//! The strings themselves reach the tables as escaped string literals, unchanged.

use super::super::catalogue::*;
use super::super::shared::sorted::SortedMap;
use std::fmt::Write;

/// The one line of a guidance's enum variant: its id and title, and where its page is.
pub fn variant_line(g: &Guidance) -> String {
    sanitize(
        &format!(
            "{}: {} (its recommendation: [`{}::{}`])",
            g.id,
            escape(&g.title),
            g.programme.folder(),
            g.id,
        ),
        false,
    )
}

/// The full doc comment of one guidance: its page, on its constant.
pub fn guidance_doc(g: &Guidance, stock: &SortedMap<String, String>) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "**{}**: {}\n", g.id, escape(&g.title));
    let _ = writeln!(
        s,
        "Coded from <{}> (file `{}`); the enum variant is [`Guidance::{}`].\n",
        g.source,
        g.path,
        variant_name(g),
    );
    let mut status = match g.status {
        Status::Current => "current".to_string(),
        Status::Superseded => format!("superseded by {}", g.replaced_by.join(", ")),
        Status::Withdrawn => "withdrawn".to_string(),
    };
    if !g.replaces.is_empty() {
        let _ = write!(status, "; replaces {}", g.replaces.join(", "));
    }
    let recommendation = match g.recommendation {
        Some(Recommendation::Standard) => "standard arrangements",
        Some(Recommendation::Special) => "special arrangements",
        Some(Recommendation::ResearchOnly) => "only in research",
        None => "not stated",
    };
    let stated = |v: &Option<String>| v.clone().unwrap_or_else(|| "not stated".to_string());
    let _ = writeln!(
        s,
        "| Status | Recommendation | OPCS-4 version | ICD-10 edition | Published | Last updated |\n\
         |---|---|---|---|---|---|\n\
         | {status} | {recommendation} | {} | {} | {} | {} |\n",
        stated(&g.opcs4_version),
        stated(&g.icd10_edition),
        stated(&g.published),
        stated(&g.last_updated),
    );
    if let Some(why) = &g.no_single_code_set {
        let _ = writeln!(s, "**No single code set.** {}\n", escape(why));
    }
    if let Some(missing) = &g.incomplete {
        let _ = writeln!(s, "**Incomplete source text.** {}\n", escape(missing));
    }
    let mut printed = Printed::new();
    if !g.procedure.is_empty() {
        s.push_str("**Procedure: OPCS-4 codes**\n\n");
        list(&mut s, &g.procedure, 0, stock, &mut printed);
        s.push('\n');
    }
    if !g.diagnosis.is_empty() {
        s.push_str("**Diagnosis: ICD-10 codes**\n\n");
        list(&mut s, &g.diagnosis, 0, stock, &mut printed);
        s.push('\n');
    } else {
        s.push_str("**Diagnosis: ICD-10 codes**: none (the text gives no ICD-10 code)\n\n");
    }
    if !g.ruled_out_by.is_empty() {
        s.push_str("**Ruled out by** (the guidance does not apply when any of these is coded)\n\n");
        list(&mut s, &g.ruled_out_by, 0, stock, &mut printed);
        s.push('\n');
    }
    for (side, applies_to) in [
        ("procedure", SnomedUse::Procedure),
        ("diagnosis", SnomedUse::Diagnosis),
    ] {
        let concepts: Vec<&Snomed> = g
            .snomed
            .iter()
            .filter(|c| c.applies_to == applies_to)
            .collect();
        match concepts.as_slice() {
            [] => {}
            [c] => {
                let _ = writeln!(
                    s,
                    "SNOMED CT ({side}): {} `{}`\n",
                    escape(&c.term),
                    c.concept
                );
            }
            // Alternatives: each concept describes the whole procedure or condition.
            several => {
                let _ = writeln!(s, "SNOMED CT ({side}), any one of these:\n");
                for c in several {
                    let _ = writeln!(s, "- {} `{}`", escape(&c.term), c.concept);
                }
                s.push('\n');
            }
        }
    }
    section(&mut s, "Notes", &g.notes);
    let stock_texts: Vec<String> = g
        .stock_notes
        .iter()
        .filter_map(|k| match printed.iter().find(|(p, _)| p == k) {
            Some((_, first)) => Some(format!("see the note under {first} above")),
            None => stock.get(k).map(|text| escape(text)),
        })
        .collect();
    section_escaped(&mut s, "Standard notes", &stock_texts);
    section(&mut s, "Limitations", &g.limitations);
    section(&mut s, "Not coded", &g.not_coded);
    section(&mut s, "Ambiguities in the source", &g.ambiguities);
    sanitize(s.trim_end(), true)
}

fn section(s: &mut String, heading: &str, items: &[String]) {
    let escaped: Vec<String> = items.iter().map(|item| escape(item)).collect();
    section_escaped(s, heading, &escaped);
}

/// A section of items already in Markdown.
fn section_escaped(s: &mut String, heading: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "**{heading}**\n");
    for item in items {
        let _ = writeln!(s, "- {item}");
    }
    s.push('\n');
}

/// The stock notes already printed in full on a page, by key, with how the rule that
/// carries them is named (`` `Y53.-` ``): a stock note given again is referred to, not printed
/// twice.
type Printed = Vec<(String, String)>;

fn list(
    s: &mut String,
    nodes: &[Node],
    depth: usize,
    stock: &SortedMap<String, String>,
    printed: &mut Printed,
) {
    for node in nodes {
        item(s, node, depth, stock, printed);
    }
}

/// How a node is named when a later note refers to it: its code, placeholder, label or
/// group word.
fn holder(node: &Node) -> String {
    match (&node.kind, &node.label) {
        (NodeKind::Code { code, .. }, _) => format!("`{}`", marked(*code)),
        (NodeKind::Placeholder { description, .. }, _) => format!("*{}*", escape(description)),
        (_, Some(label)) => format!("*{}*", escape(label)),
        (NodeKind::Group { kind, .. }, None) => format!("\"{}\"", group_word(*kind, false)),
    }
}

/// A group's words in the list (`one of`).
fn group_word(kind: GroupKind, in_order: bool) -> &'static str {
    match kind {
        GroupKind::All if in_order => "all of, in this order",
        GroupKind::All => "all of",
        GroupKind::OneOf => "one of",
        GroupKind::OneOrMore => "one or more of",
        GroupKind::Variants => "depending on the scenario",
        GroupKind::Stages => "in stages",
        GroupKind::Patients => "for each patient, coded in that patient's own episode",
    }
}

/// A code as a coder reads it: dagger and asterisk codes with their marks (`Q90.-†`, `H19.8*`).
pub fn marked(code: Code) -> String {
    let text = code.to_string();
    match code {
        Code::Icd10(_) if text.ends_with('D') => format!("{}\u{2020}", &text[..text.len() - 1]),
        Code::Icd10(_) if text.ends_with('A') => format!("{}*", &text[..text.len() - 1]),
        _ => text,
    }
}

/// `A`, `A or B`, `A, B or C`, each code in backticks.
fn codes_or(codes: &[Code]) -> String {
    codes_joined(codes, " or ")
}

/// `A`, `A and B`, `A, B and C`, each code in backticks.
fn codes_and(codes: &[Code]) -> String {
    codes_joined(codes, " and ")
}

fn codes_joined(codes: &[Code], last: &str) -> String {
    let mut out = String::new();
    for (i, code) in codes.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == codes.len() { last } else { ", " });
        }
        let _ = write!(out, "`{}`", marked(*code));
    }
    out
}

/// The rules between codes, as a coder says them, after a code or a group's heading.
fn rule_clauses(rules: &NodeRules) -> String {
    let mut out = String::new();
    if !rules.only_if.is_empty() {
        let _ = write!(out, ", only if {} is chosen", codes_or(&rules.only_if));
    }
    if let Some(what) = &rules.concurrent {
        let _ = write!(out, ", only for a concurrent {}", escape(what));
    }
    if !rules.instead_of.is_empty() {
        let _ = write!(
            out,
            ", instead of {} when both are done",
            codes_or(&rules.instead_of)
        );
    }
    if !rules.supplementary_if.is_empty() {
        let _ = write!(
            out,
            ", a supplementary code when {} is also coded",
            codes_or(&rules.supplementary_if)
        );
    }
    if rules.several {
        out.push_str(" (one or more)");
    }
    if let Some(by) = &rules.chosen_by {
        let _ = write!(out, " (chosen by {})", escape(by));
    }
    out
}

fn item(
    s: &mut String,
    node: &Node,
    depth: usize,
    stock: &SortedMap<String, String>,
    printed: &mut Printed,
) {
    let indent = "  ".repeat(depth);
    let mut line = String::new();
    if let Some(label) = &node.label {
        let _ = write!(line, "*{}*", escape(label));
        if node.rules.label_implied {
            line.push_str(" (not labelled in the text)");
        }
        if node.preferred {
            line.push_str(" (preferred)");
        }
        line.push_str(": ");
    }
    if let Some(condition) = &node.condition {
        let _ = write!(line, "({}) ", escape(condition));
    }
    match &node.kind {
        NodeKind::Code {
            code,
            title,
            printed,
        } => {
            let _ = write!(line, "`{}`", marked(*code));
            if let Some(t) = title {
                let _ = write!(line, " {}", escape(t));
            }
            if let Some(p) = printed {
                let _ = write!(line, " (printed \"{}\")", escape(p));
            }
        }
        NodeKind::Placeholder {
            description,
            within,
        } => {
            let _ = write!(line, "*{}*", escape(description));
            if !within.is_empty() {
                let ranges: Vec<String> = within.iter().map(range_text).collect();
                let _ = write!(line, " (from {})", ranges.join(", "));
            }
        }
        NodeKind::Group { kind, .. } => line.push_str(group_word(*kind, node.rules.in_order)),
    }
    if let Some(d) = node.default {
        let _ = write!(line, " (default `{}`", marked(d));
        if let Some(t) = &node.default_title {
            let _ = write!(line, " {}", escape(t));
        }
        line.push(')');
    }
    if !node.rules.except.is_empty() {
        let _ = write!(
            line,
            " (except {}, which must not be used)",
            codes_and(&node.rules.except)
        );
    }
    line.push_str(&rule_clauses(&node.rules));
    if let Some(seq) = &node.sequence {
        let _ = write!(line, " (sequence: {})", escape(seq));
    }
    if matches!(node.kind, NodeKind::Group { .. }) {
        line.push(':');
    }
    let _ = writeln!(s, "{indent}- {line}");
    for include in &node.rules.includes {
        let _ = writeln!(s, "{indent}  <br>Includes: {}", escape(include));
    }
    for excluded in &node.rules.excludes {
        if let NodeKind::Code { code, title, .. } = &excluded.kind {
            let title = title.as_deref().map(escape).unwrap_or_default();
            let _ = writeln!(s, "{indent}  <br>Excludes: {title} (`{}`)", marked(*code));
        }
    }
    if let Some(note) = &node.note {
        let _ = writeln!(s, "{indent}  <br>Note: {}", escape(note));
    }
    for key in &node.stock_notes {
        if let Some((_, first)) = printed.iter().find(|(k, _)| k == key) {
            let _ = writeln!(s, "{indent}  <br>Note: see the note under {first} above");
        } else if let Some(text) = stock.get(key) {
            let _ = writeln!(s, "{indent}  <br>Note: {}", escape(text));
            printed.push((key.clone(), holder(node)));
        }
    }
    if let NodeKind::Group { children, .. } = &node.kind {
        list(s, children, depth + 1, stock, printed);
    }
}

pub fn range_text(r: &CategoryRange) -> String {
    let a = String::from_utf8_lossy(&r.first).into_owned();
    let b = String::from_utf8_lossy(&r.last).into_owned();
    if a == b { a } else { format!("{a}-{b}") }
}

/// Escapes text so Markdown shows it literally (titles and notes may hold `*`, `_`, `<`).
/// A web address in the text becomes an autolink (`<https://...>`), so rustdoc shows it as a
/// link rather than warning about a bare URL.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = [rest.find("http://"), rest.find("https://")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&escape_plain(&rest[..at]));
        let url_len = rest[at..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '<' | '"' | '\'' | '`'))
            .unwrap_or(rest.len() - at);
        let url = rest[at..at + url_len].trim_end_matches(['.', ',', ';', ':']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &rest[at + url.len()..];
    }
    out.push_str(&escape_plain(rest));
    sanitize(&out, false)
}

/// `text` without characters that could break a generated doc comment: control characters
/// become spaces (line breaks too, unless `keep_newlines`), and the bidirectional embedding,
/// override and isolate characters are written as their code point (`U+202E`).
fn sanitize(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push(c),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                let _ = write!(out, "U+{:04X}", u32::from(c));
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn escape_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// The name of a guidance's enum variant (`Ipg655`).
pub fn variant_name(g: &Guidance) -> String {
    let prefix = g.programme.prefix();
    format!(
        "{}{}{}",
        &prefix[..1],
        prefix[1..].to_ascii_lowercase(),
        g.number
    )
}

/// The rustdoc path of a guidance's constant (`crate::ipg::IPG655`), whose documentation is
/// its page: where the index pages link.
fn constant_link(g: &Guidance) -> String {
    format!("crate::{}::{}", g.programme.folder(), g.id)
}

/// A guidance's status as the index pages show it.
fn status_text(g: &Guidance) -> String {
    let status = match g.status {
        Status::Current => "current".to_string(),
        Status::Superseded => format!("superseded by {}", g.replaced_by.join(", ")),
        Status::Withdrawn => "withdrawn".to_string(),
    };
    if g.incomplete.is_some() {
        format!("{status}, incomplete text")
    } else {
        status
    }
}

/// The documentation of a programme's module of constants: every guidance of the programme
/// with its status, linked to its page.
pub fn programme_index(programme: Programme, members: &[&Guidance]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Every {} guidance in the catalogue ({}), with a constant each for short imports \
         (`use nice_coding::{}::*;`).\n",
        programme.prefix(),
        members.len(),
        programme.folder()
    );
    let _ = writeln!(
        s,
        "| Guidance | Title | Status | Codes |\n|---|---|---|---|"
    );
    for g in members {
        let mut codes = Vec::new();
        for node in g.procedure.iter().chain(&g.diagnosis) {
            node.codes(&mut codes);
        }
        let _ = writeln!(
            s,
            "| [{}]({}) | {} | {} | {} |",
            g.id,
            constant_link(g),
            escape(&g.title).replace("|", "\\|"),
            status_text(g),
            codes.len()
        );
    }
    s
}

/// The documentation of the `by_code` module: every code the catalogue names, with its title
/// and the guidance that use it, OPCS-4 then ICD-10, in code order.
pub fn code_index(catalogue: &Catalogue) -> String {
    // Each use of a code: (system, code as written) with its title and guidance, in order.
    let mut uses = Vec::new();
    for g in &catalogue.guidance {
        let mut titled = Vec::new();
        for node in g.procedure.iter().chain(&g.diagnosis) {
            node.titled_codes(&mut titled);
        }
        for (code, title) in titled {
            let system: u8 = match code {
                Code::Opcs4(_) => 0,
                Code::Icd10(_) => 1,
            };
            uses.push(((system, marked(code)), (title, g)));
        }
    }
    // A code's title is the first one given; its guidance are listed once each, in the order
    // they first use it.
    let by_code = SortedMap::grouped(uses);
    let mut s = String::from(
        "Every code the catalogue names, with its title and the guidance that use it, as a \
         code, a category or a default. At run time, the same lookups are \
         [`Guidance::using_opcs4`](crate::Guidance::using_opcs4) and \
         [`Guidance::using_icd10`](crate::Guidance::using_icd10); \
         [`Guidance::naming`](crate::Guidance::naming) also finds the guidance that accept a \
         code through its category (`Y53.-` for `Y53.4`) or an X-filled code (`I48.X` for \
         `I48.0`), as matching reads them.\n",
    );
    for (system, heading) in [(0, "OPCS-4 (procedures)"), (1, "ICD-10 (diagnoses)")] {
        let _ = writeln!(
            s,
            "\n# {heading}\n\n| Code | Title | Guidance |\n|---|---|---|"
        );
        for ((_, code), given) in by_code.iter().filter(|((s, _), _)| *s == system) {
            let title = given
                .iter()
                .map(|(title, _)| title.as_deref().unwrap_or_default())
                .find(|title| !title.is_empty())
                .unwrap_or_default();
            // The uses of one guidance are next to each other (it is read whole, in order).
            let mut links: Vec<String> = Vec::new();
            for (i, (_, g)) in given.iter().enumerate() {
                if i == 0 || given[i - 1].1.id != g.id {
                    links.push(format!("[{}]({})", g.id, constant_link(g)));
                }
            }
            let _ = writeln!(
                s,
                "| `{code}` | {} | {} |",
                escape(title).replace("|", "\\|"),
                links.join(", ")
            );
        }
    }
    s
}
