//! How well `nice-coding import` drafts guidance files, measured against the hand-written
//! files of the catalogue (BENCHMARKS.md, "Importing NICE texts").
//!
//! ```text
//! cargo run -p nice-coding-cli --example import_check -- TEXTS_DIR
//! ```
//!
//! For every `<ID>.txt` of `TEXTS_DIR` that has a guidance file `guidance/ipg/<ID>.toml`, the
//! text is read as `import` reads it (the same reader, `cli/src/nice_text/`), the draft is
//! written to a fresh folder beside the shipped stock notes and compiled with the guidance
//! compiler (`build/`), and the compiled recommendation is compared with the hand-written
//! file's:
//!
//! * the procedure and diagnosis trees: each node's kind (code, group kind, placeholder),
//!   its code, default and `within` ranges; whether it carries a `condition` or `concurrent`
//!   (their words are not compared); `only_if`, `instead_of`, `supplementary_if`, `count`,
//!   `in_order`, `preferred`, `includes` and `excludes`; and `ruled_out_by`. An `all` inside
//!   a list of codes assigned together is the same as its codes listed there;
//! * not compared: words (titles, labels, `chosen_by`, `sequence`, placeholder
//!   descriptions, notes), stock notes, dates and metadata. Titles are counted apart.
//!
//! Prints one line per text, the differences of each text that differs, and the table.

#[path = "../../../build/mod.rs"]
mod compiler;
#[allow(dead_code)]
#[path = "../../src/nice_text/mod.rs"]
mod nice_text;

use compiler::catalogue::{Code, GroupKind, Guidance, Node, NodeKind};
// The reader refuses what the compiler's escaping would hide (`crate::echo`), as in the tool.
use compiler::shared::echo;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn main() {
    let Some(texts) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: import_check TEXTS_DIR");
        std::process::exit(2);
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let shipped = match compiler::compile_dir(&root) {
        Ok(compiled) => compiled.catalogue,
        Err(failed) => {
            eprintln!(
                "the shipped catalogue does not compile: {:?}",
                failed.diagnostics.first().map(|d| d.headline())
            );
            std::process::exit(1);
        }
    };
    let stock = nice_text::stock::shipped();
    let scratch =
        std::env::temp_dir().join(format!("nice-coding-import-check-{}", std::process::id()));
    let ipg = scratch.join("guidance/ipg");
    std::fs::create_dir_all(&ipg).expect("create the scratch folder");
    std::fs::copy(
        root.join("guidance/stock-notes.toml"),
        scratch.join("guidance/stock-notes.toml"),
    )
    .expect("copy the stock notes");

    let mut names: Vec<PathBuf> = std::fs::read_dir(&texts)
        .expect("read TEXTS_DIR")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort_by_key(|p| {
        let stem = p
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_owned();
        let number: u32 = stem
            .trim_start_matches(char::is_alphabetic)
            .parse()
            .unwrap_or(0);
        (stem.trim_end_matches(char::is_numeric).to_owned(), number)
    });
    let mut totals = Totals::default();
    for path in &names {
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_uppercase();
        let Some(hand) = shipped.guidance.iter().find(|g| g.id == id) else {
            continue;
        };
        totals.texts += 1;
        let text = std::fs::read_to_string(path).expect("read a text");
        let draft = nice_text::read(&text, Some(&id), &stock)
            .map_err(|e| e.to_string())
            .and_then(|r| nice_text::draft::draft(&r).map_err(|e| e.to_string()));
        let draft = match draft {
            Ok(draft) => draft,
            Err(e) => {
                println!("{id}: no draft: {e}");
                totals.no_draft.push(id.clone());
                totals.missing += codes_of(hand).len();
                continue;
            }
        };
        let file = ipg.join(format!("{id}.toml"));
        std::fs::write(&file, &draft).expect("write a draft");
        let compiled = compiler::compile_dir(&scratch);
        let _ = std::fs::remove_file(&file);
        let drafted = match compiled {
            Ok(compiled) => compiled
                .catalogue
                .guidance
                .into_iter()
                .next()
                .expect("one guidance"),
            Err(failed) => {
                println!(
                    "{id}: does not build: {}",
                    failed
                        .diagnostics
                        .first()
                        .map(|d| d.headline())
                        .unwrap_or_default()
                );
                totals.unbuilt.push(id.clone());
                totals.missing += codes_of(hand).len();
                continue;
            }
        };
        totals.built += 1;
        let (hand_codes, draft_codes) = (codes_of(hand), codes_of(&drafted));
        let missing: Vec<&String> = hand_codes.difference(&draft_codes).collect();
        let extra: Vec<&String> = draft_codes.difference(&hand_codes).collect();
        totals.missing += missing.len();
        totals.extra += extra.len();
        if !missing.is_empty() {
            totals.texts_missing += 1;
        }
        let titles = titles_differing(hand, &drafted);
        totals.titles += titles.len();
        for (code, draft, hand) in &titles {
            println!("{id}: title of {code}: draft {draft:?}, hand-written {hand:?}");
        }
        let (hand_form, draft_form) = (form(hand), form(&drafted));
        if hand_form == draft_form {
            totals.same += 1;
            println!("{id}: same");
        } else {
            totals.differ.push(id.clone());
            println!("{id}: differs");
            for (which, lines) in [("hand", &hand_form), ("draft", &draft_form)] {
                for line in lines {
                    println!("    {which:<5} {line}");
                }
            }
        }
        if !missing.is_empty() || !extra.is_empty() {
            println!("    codes missing from the draft: {missing:?}; only in the draft: {extra:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    totals.print();
}

#[derive(Default)]
struct Totals {
    texts: usize,
    built: usize,
    same: usize,
    missing: usize,
    texts_missing: usize,
    extra: usize,
    titles: usize,
    no_draft: Vec<String>,
    unbuilt: Vec<String>,
    differ: Vec<String>,
}

impl Totals {
    fn print(&self) {
        println!();
        println!("| measure | texts |");
        println!("|---|---|");
        println!(
            "| texts with a hand-written guidance file | {} |",
            self.texts
        );
        println!("| drafts that build unedited | {} |", self.built);
        println!(
            "| drafts giving the same recommendation as the hand-written file | {} |",
            self.same
        );
        println!(
            "| codes of the hand-written files missing from the drafts | {} (in {} texts) |",
            self.missing, self.texts_missing
        );
        println!("| codes only in the drafts | {} |", self.extra);
        println!(
            "| titles differing from the hand-written file's (white space aside) | {} |",
            self.titles
        );
        println!();
        println!("no draft: {}", self.no_draft.join(" "));
        println!("drafts that do not build: {}", self.unbuilt.join(" "));
        println!("drafts that differ: {}", self.differ.join(" "));
    }
}

/// The recommendation in a form to compare: one line per node of each tree, then
/// `ruled_out_by`.
fn form(g: &Guidance) -> Vec<String> {
    let mut out = Vec::new();
    for (name, nodes) in [("procedure", &g.procedure), ("diagnosis", &g.diagnosis)] {
        for node in spread(nodes) {
            out.push(format!("{name}: {}", node_form(node)));
        }
    }
    for node in &g.ruled_out_by {
        out.push(format!("ruled_out_by: {}", node_form(node)));
    }
    out
}

/// The nodes of a list of codes assigned together, an `all` without keys of its own spread
/// into it.
fn spread(nodes: &[Node]) -> Vec<&Node> {
    let mut out = Vec::new();
    for node in nodes {
        match &node.kind {
            NodeKind::Group {
                kind: GroupKind::All,
                children,
            } if plain(node) => out.extend(spread(children)),
            _ => out.push(node),
        }
    }
    out
}

/// True for a node with no key that changes what its codes mean.
fn plain(node: &Node) -> bool {
    node.condition.is_none()
        && node.rules.concurrent.is_none()
        && node.rules.only_if.is_empty()
        && node.rules.supplementary_if.is_empty()
        && node.rules.instead_of.is_empty()
        && !node.rules.in_order
        && node.label.is_none()
}

fn node_form(node: &Node) -> String {
    let mut s = match &node.kind {
        NodeKind::Code { code, .. } => code.to_string(),
        NodeKind::Placeholder { within, .. } => {
            let ranges: Vec<String> = within
                .iter()
                .map(|r| {
                    format!(
                        "{}-{}",
                        String::from_utf8_lossy(&r.first),
                        String::from_utf8_lossy(&r.last)
                    )
                })
                .collect();
            format!("placeholder[{}]", ranges.join(","))
        }
        NodeKind::Group { kind, children } => {
            let entries: Vec<String> = match kind {
                GroupKind::All => spread(children).into_iter().map(node_form).collect(),
                _ => children.iter().map(node_form).collect(),
            };
            format!("{}({})", kind.key(), entries.join(" | "))
        }
    };
    if let Some(default) = node.default {
        s.push_str(&format!(" default={default}"));
    }
    if node.condition.is_some() {
        s.push_str(" if");
    }
    if node.rules.concurrent.is_some() {
        s.push_str(" concurrent");
    }
    for (key, codes) in [
        ("only_if", &node.rules.only_if),
        ("instead_of", &node.rules.instead_of),
        ("supplementary_if", &node.rules.supplementary_if),
    ] {
        if !codes.is_empty() {
            let codes: Vec<String> = codes.iter().map(Code::to_string).collect();
            s.push_str(&format!(" {key}={}", codes.join(",")));
        }
    }
    if node.rules.several {
        s.push_str(" one_or_more");
    }
    if node.rules.in_order {
        s.push_str(" in_order");
    }
    if node.preferred {
        s.push_str(" preferred");
    }
    if !node.rules.includes.is_empty() {
        let includes: Vec<String> = node.rules.includes.iter().map(|i| spaced(i)).collect();
        s.push_str(&format!(" includes={includes:?}"));
    }
    if !node.rules.excludes.is_empty() {
        let codes: Vec<String> = node.rules.excludes.iter().map(node_form).collect();
        s.push_str(&format!(" excludes={}", codes.join(",")));
    }
    s
}

fn spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every code and range of the recommendation: codes, defaults, `within`, Excludes lines,
/// `ruled_out_by`.
fn codes_of(g: &Guidance) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    fn walk(node: &Node, out: &mut BTreeSet<String>) {
        if let NodeKind::Code { code, .. } = &node.kind {
            out.insert(code.to_string());
        }
        if let Some(default) = node.default {
            out.insert(default.to_string());
        }
        if let NodeKind::Placeholder { within, .. } = &node.kind {
            for r in within {
                out.insert(format!(
                    "{}-{}",
                    String::from_utf8_lossy(&r.first),
                    String::from_utf8_lossy(&r.last)
                ));
            }
        }
        for e in &node.rules.excludes {
            walk(e, out);
        }
        if let NodeKind::Group { children, .. } = &node.kind {
            for child in children {
                walk(child, out);
            }
        }
    }
    for node in g
        .procedure
        .iter()
        .chain(&g.diagnosis)
        .chain(&g.ruled_out_by)
    {
        walk(node, &mut out);
    }
    out
}

/// The codes both files hold whose titles differ, white space aside: the code, the draft's
/// title and the hand-written one.
fn titles_differing(hand: &Guidance, draft: &Guidance) -> Vec<(String, String, String)> {
    let titles = |g: &Guidance| {
        let mut out = Vec::new();
        for node in g.procedure.iter().chain(&g.diagnosis) {
            node.titled_codes(&mut out);
        }
        out
    };
    let hand = titles(hand);
    let mut out: Vec<(String, String, String)> = Vec::new();
    for (code, title) in titles(draft) {
        let Some(title) = title else { continue };
        let differing = hand
            .iter()
            .find(|(c, t)| *c == code && t.as_deref().is_some_and(|t| spaced(t) != spaced(&title)));
        if let Some((_, Some(hand_title))) = differing {
            let row = (code.to_string(), title.clone(), hand_title.clone());
            if !out.contains(&row) {
                out.push(row);
            }
        }
    }
    out
}
