//! Checks of the keys that tie one part of a recommendation to other codes (guidance/README.md,
//! "Rules between codes"): `only_if`, `instead_of`, `supplementary_if`, `concurrent`,
//! `chosen_by`, `count`, `in_order`, `implied_label`, `includes`, `excludes` on nodes (and
//! where `except` may stand; `codes.rs` checks its codes), and `ruled_out_by` on the guidance.
//!
//! [`node_rules`] reads the keys of one node and checks what the node alone decides (which
//! kinds take which key, code syntax, values); [`references`] checks, over a whole tree, that
//! every code a rule names is a code of the same tree and stands where the rule needs it.
//! `check/mod.rs` calls both and reports through [`Report`].

use super::super::catalogue::{Code, GroupKind, Node, NodeKind, NodeRules, System};
use super::super::read::model::RawNode;
use std::ops::Range;
use toml::Spanned;

/// Where the checks report, and the parts of the general checker they reuse.
pub trait Report {
    /// A problem at `span` of the file being checked.
    fn err(&mut self, span: Range<usize>, message: String);
    /// Parses a code of `system`, reporting a malformed one with its canonical form.
    fn code(&mut self, s: &Spanned<String>, system: System) -> Option<Code>;
    /// A non-empty text; reports an empty one.
    fn text(&mut self, s: &Spanned<String>, what: &str) -> Option<String>;
    /// Records the title a code is given, for the title checks across files.
    fn title_use(&mut self, code: Code, system: System, title: &Spanned<String>);
}

/// The kind key of a node, when it has exactly one (other cases are reported by `check/mod.rs`).
fn kind_key(raw: &RawNode) -> Option<&'static str> {
    let kinds: Vec<&'static str> = [
        ("opcs4", raw.opcs4.is_some()),
        ("icd10", raw.icd10.is_some()),
        ("all", raw.all.is_some()),
        ("one_of", raw.one_of.is_some()),
        ("one_or_more", raw.one_or_more.is_some()),
        ("variants", raw.variants.is_some()),
        ("stages", raw.stages.is_some()),
        ("patients", raw.patients.is_some()),
        ("placeholder", raw.placeholder.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, present)| present.then_some(k))
    .collect();
    (kinds.len() == 1).then(|| kinds[0])
}

/// The entries of a group node, with the group's kind.
fn group(raw: &RawNode) -> Option<(GroupKind, &[Spanned<RawNode>])> {
    let (kind, list) = if let Some(l) = &raw.all {
        (GroupKind::All, l)
    } else if let Some(l) = &raw.one_of {
        (GroupKind::OneOf, l)
    } else if let Some(l) = &raw.one_or_more {
        (GroupKind::OneOrMore, l)
    } else if let Some(l) = &raw.variants {
        (GroupKind::Variants, l)
    } else if let Some(l) = &raw.stages {
        (GroupKind::Stages, l)
    } else {
        (GroupKind::Patients, raw.patients.as_ref()?)
    };
    Some((kind, list.get_ref().as_slice()))
}

fn code_list(
    r: &mut dyn Report,
    list: &Option<Spanned<Vec<Spanned<String>>>>,
    key: &str,
    system: System,
) -> Vec<Code> {
    let Some(list) = list else { return Vec::new() };
    if list.get_ref().is_empty() {
        r.err(
            list.span(),
            format!("`{key}` is empty; list the codes it refers to, or remove the key."),
        );
    }
    list.get_ref()
        .iter()
        .filter_map(|s| r.code(s, system))
        .collect()
}

/// Reads and checks the rule keys of one node (of kind `kind`, in a tree of `system`).
/// `entry_of` is the group the node is an entry of, when it is one.
pub fn node_rules(
    r: &mut dyn Report,
    raw: &RawNode,
    kind: &str,
    system: System,
    entry_of: Option<GroupKind>,
) -> NodeRules {
    let is_code = matches!(kind, "opcs4" | "icd10");
    let misplaced = |r: &mut dyn Report, span: Range<usize>, key: &str, belongs: &str| {
        r.err(
            span,
            format!("`{key}` belongs on {belongs}, not on `{kind}`; remove it, or move it there."),
        );
    };
    let mut rules = NodeRules {
        only_if: code_list(r, &raw.only_if, "only_if", system),
        instead_of: code_list(r, &raw.instead_of, "instead_of", system),
        supplementary_if: code_list(r, &raw.supplementary_if, "supplementary_if", system),
        ..NodeRules::default()
    };
    rules.concurrent = raw
        .concurrent
        .as_ref()
        .and_then(|s| r.text(s, "`concurrent`"));
    if let Some(c) = &raw.chosen_by {
        if matches!(kind, "one_of" | "one_or_more" | "variants" | "placeholder") {
            rules.chosen_by = r.text(c, "`chosen_by`");
        } else {
            misplaced(
                r,
                c.span(),
                "chosen_by",
                "a choice (`one_of`, `one_or_more`, `variants`) or a placeholder",
            );
        }
    }
    if let Some(c) = &raw.count {
        if kind != "placeholder" {
            misplaced(r, c.span(), "count", "a placeholder");
        } else {
            match c.get_ref().as_str() {
                "one" => {}
                "one_or_more" => rules.several = true,
                other => r.err(
                    c.span(),
                    format!("count \"{other}\" is not known; use \"one\" (the default) or \"one_or_more\"."),
                ),
            }
        }
    }
    if let Some(o) = &raw.in_order {
        if kind != "all" {
            misplaced(r, o.span(), "in_order", "an `all` group");
        } else if *o.get_ref() {
            rules.in_order = true;
            #[cfg(feature = "check")]
            dagger_first(r, raw);
        }
    }
    if let Some(l) = &raw.implied_label {
        if !matches!(
            entry_of,
            Some(GroupKind::Variants | GroupKind::Stages | GroupKind::Patients)
        ) {
            r.err(
                l.span(),
                "`implied_label` is only used on the entries of `variants`, `stages` or `patients`; remove it."
                    .to_string(),
            );
        } else if let Some(label) = &raw.label {
            r.err(
                label.span(),
                "this entry has both `label` and `implied_label`; keep `label` when the text prints it, `implied_label` when it does not.".to_string(),
            );
        } else {
            rules.label_implied = r.text(l, "`implied_label`").is_some();
        }
    }
    if let Some(list) = &raw.includes {
        if is_code {
            rules.includes = list
                .get_ref()
                .iter()
                .filter_map(|s| r.text(s, "an `includes` line"))
                .collect();
        } else {
            misplaced(r, list.span(), "includes", "a code (opcs4 or icd10)");
        }
    }
    if let Some(list) = &raw.except {
        if !is_code {
            misplaced(
                r,
                list.span(),
                "except",
                "a category code (opcs4 or icd10 ending in .-)",
            );
        }
    }
    if let Some(list) = &raw.excludes {
        if is_code {
            rules.excludes = list
                .get_ref()
                .iter()
                .filter_map(|e| code_entry(r, e, "excludes", Some(system), false))
                .collect();
        } else {
            misplaced(r, list.span(), "excludes", "a code (opcs4 or icd10)");
        }
    }
    rules
}

/// In an `all` marked `in_order`, a dagger code stands before its asterisk code.
#[cfg(feature = "check")]
fn dagger_first(r: &mut dyn Report, raw: &RawNode) {
    let Some(list) = &raw.all else { return };
    let mut first_asterisk: Option<&Spanned<String>> = None;
    for entry in list.get_ref() {
        if let Some(code) = &entry.get_ref().icd10 {
            let text = code.get_ref();
            if text.ends_with('A') && first_asterisk.is_none() {
                first_asterisk = Some(code);
            } else if text.ends_with('D') {
                if let Some(asterisk) = first_asterisk {
                    r.err(
                        code.span(),
                        format!(
                            "dagger code {text} comes after asterisk code {} in a group marked `in_order`; list the dagger code first.",
                            asterisk.get_ref()
                        ),
                    );
                }
            }
        }
    }
}

/// An entry of `excludes` or `ruled_out_by`: one code with its title, what was printed and a
/// note, nothing else. `system` is the only classification allowed, when there is one.
/// `track_title` records the title for the checks across files.
fn code_entry(
    r: &mut dyn Report,
    entry: &Spanned<RawNode>,
    key: &str,
    system: Option<System>,
    track_title: bool,
) -> Option<Node> {
    let raw = entry.get_ref();
    let (spanned, entry_system) = match (&raw.opcs4, &raw.icd10) {
        (Some(c), None) => (c, System::Opcs4),
        (None, Some(c)) => (c, System::Icd10),
        _ => {
            r.err(
                entry.span(),
                format!("each entry of `{key}` is one code: write {{ opcs4 = \"...\", title = \"...\" }} or {{ icd10 = \"...\", title = \"...\" }}."),
            );
            return None;
        }
    };
    if let Some(system) = system {
        if system != entry_system {
            let side = match system {
                System::Opcs4 => "procedure",
                System::Icd10 => "diagnosis",
            };
            r.err(
                spanned.span(),
                format!(
                    "{} code {} cannot stand in `{key}` under `{side}`, which holds {} codes only; write the {} code the line names.",
                    entry_system.name(),
                    spanned.get_ref(),
                    system.name(),
                    system.name()
                ),
            );
            return None;
        }
    }
    let extra = other_keys(raw, &["opcs4", "icd10", "title", "printed", "note"]);
    if let Some((name, span)) = extra.into_iter().next() {
        r.err(
            span,
            format!("`{name}` cannot be used in an entry of `{key}`, which takes only the code, `title`, `printed` and `note`; remove it."),
        );
    }
    let code = r.code(spanned, entry_system)?;
    let title = raw.title.as_ref().and_then(|t| r.text(t, "`title`"));
    if let (true, Some(t), Some(_)) = (track_title, &raw.title, &title) {
        r.title_use(code, entry_system, t);
    }
    Some(Node {
        kind: NodeKind::Code {
            code,
            title,
            printed: raw.printed.as_ref().and_then(|p| r.text(p, "`printed`")),
        },
        default: None,
        default_title: None,
        condition: None,
        note: raw.note.as_ref().and_then(|n| r.text(n, "`note`")),
        stock_notes: Vec::new(),
        sequence: None,
        label: None,
        preferred: false,
        rules: NodeRules::default(),
    })
}

/// The keys `raw` holds besides `allowed`, with their spans, in the order of the format.
fn other_keys(raw: &RawNode, allowed: &[&str]) -> Vec<(&'static str, Range<usize>)> {
    fn s<T>(v: &Option<Spanned<T>>) -> Option<Range<usize>> {
        v.as_ref().map(Spanned::span)
    }
    [
        ("opcs4", s(&raw.opcs4)),
        ("icd10", s(&raw.icd10)),
        ("all", s(&raw.all)),
        ("one_of", s(&raw.one_of)),
        ("one_or_more", s(&raw.one_or_more)),
        ("variants", s(&raw.variants)),
        ("stages", s(&raw.stages)),
        ("patients", s(&raw.patients)),
        ("placeholder", s(&raw.placeholder)),
        ("title", s(&raw.title)),
        ("default", s(&raw.default)),
        ("default_title", s(&raw.default_title)),
        ("within", s(&raw.within)),
        ("condition", s(&raw.condition)),
        ("note", s(&raw.note)),
        ("stock_notes", s(&raw.stock_notes)),
        ("sequence", s(&raw.sequence)),
        ("printed", s(&raw.printed)),
        ("label", s(&raw.label)),
        ("preferred", s(&raw.preferred)),
        ("only_if", s(&raw.only_if)),
        ("instead_of", s(&raw.instead_of)),
        ("supplementary_if", s(&raw.supplementary_if)),
        ("concurrent", s(&raw.concurrent)),
        ("chosen_by", s(&raw.chosen_by)),
        ("count", s(&raw.count)),
        ("in_order", s(&raw.in_order)),
        ("implied_label", s(&raw.implied_label)),
        ("includes", s(&raw.includes)),
        ("excludes", s(&raw.excludes)),
        ("except", s(&raw.except)),
    ]
    .into_iter()
    .filter_map(|(k, span)| span.filter(|_| !allowed.contains(&k)).map(|s| (k, s)))
    .collect()
}

/// A node of a tree, flattened in depth-first order.
struct Flat<'a> {
    raw: &'a RawNode,
    /// The rows of its subtree, itself included.
    subtree: Range<usize>,
    /// The group it is an entry of, and that group's row; `None` at the top level.
    parent: Option<(GroupKind, usize)>,
}

fn flatten<'a>(
    list: &'a [Spanned<RawNode>],
    parent: Option<(GroupKind, usize)>,
    out: &mut Vec<Flat<'a>>,
) {
    for entry in list {
        let at = out.len();
        out.push(Flat {
            raw: entry.get_ref(),
            subtree: at..at,
            parent,
        });
        if let Some((kind, children)) = kind_key(entry.get_ref()).and(group(entry.get_ref())) {
            flatten(children, Some((kind, at)), out);
        }
        out[at].subtree = at..out.len();
    }
}

/// Checks that the codes named by `only_if`, `supplementary_if` and `instead_of` in the tree
/// `list` (of `system`) are codes of that tree, standing where each rule needs them.
#[cfg(feature = "check")]
pub fn references(r: &mut dyn Report, list: &[Spanned<RawNode>], system: System) {
    let mut flat = Vec::new();
    flatten(list, None, &mut flat);
    let code_of = |f: &Flat| -> Option<Code> {
        let s = match system {
            System::Opcs4 => f.raw.opcs4.as_ref()?,
            System::Icd10 => f.raw.icd10.as_ref()?,
        };
        parse(s.get_ref(), system)
    };
    let codes: Vec<(usize, Code)> = flat
        .iter()
        .enumerate()
        .filter_map(|(i, f)| code_of(f).map(|c| (i, c)))
        .collect();
    let side = match system {
        System::Opcs4 => "procedure",
        System::Icd10 => "diagnosis",
    };
    for f in &flat {
        for (key, list) in [
            ("only_if", &f.raw.only_if),
            ("supplementary_if", &f.raw.supplementary_if),
        ] {
            let Some(list) = list else { continue };
            for s in list.get_ref() {
                let Some(code) = parse(s.get_ref(), system) else {
                    continue;
                };
                let own = f.subtree.clone();
                let elsewhere = codes.iter().any(|&(j, c)| c == code && !own.contains(&j));
                if !elsewhere {
                    let why = if codes.iter().any(|&(j, c)| c == code && own.contains(&j)) {
                        "which is this entry's own code".to_string()
                    } else {
                        format!("which is not a code of this {side}")
                    };
                    r.err(
                        s.span(),
                        format!("`{key}` names {code}, {why}; name a code listed elsewhere in the {side} (add the code there if the text gives it)."),
                    );
                }
            }
        }
        let Some(list) = &f.raw.instead_of else {
            continue;
        };
        let Some((GroupKind::OneOf | GroupKind::Variants, parent)) = f.parent else {
            r.err(
                list.span(),
                "`instead_of` is only used on an entry of `one_of` or `variants`, naming codes of another entry of the same group; move it there.".to_string(),
            );
            continue;
        };
        let siblings = flat[parent].subtree.clone();
        for s in list.get_ref() {
            let Some(code) = parse(s.get_ref(), system) else {
                continue;
            };
            let in_sibling = codes.iter().any(|&(j, c)| {
                c == code && siblings.contains(&j) && j != parent && !f.subtree.contains(&j)
            });
            if !in_sibling {
                r.err(
                    s.span(),
                    format!("`instead_of` names {code}, which is not a code of another entry of this group; name a code of the alternative this entry is coded instead of."),
                );
            }
        }
    }
}

fn parse(s: &str, system: System) -> Option<Code> {
    use super::super::shared::code::{Icd10Code, Opcs4Code};
    match system {
        System::Opcs4 => Opcs4Code::parse(s).ok().map(Code::Opcs4),
        System::Icd10 => Icd10Code::parse(s).ok().map(Code::Icd10),
    }
}

/// The first entry of a procedure is its main code: it cannot code a concurrent procedure or
/// depend on another code. Returns true when it reported a problem.
pub fn not_a_main_entry(r: &mut dyn Report, raw: &RawNode) -> bool {
    if let Some(c) = &raw.concurrent {
        r.err(
            c.span(),
            "the first code of a procedure cannot code a concurrent procedure; put the main procedure code first.".to_string(),
        );
        return true;
    }
    if let Some(c) = &raw.only_if {
        r.err(
            c.span(),
            "the first code of a procedure cannot depend on another code (`only_if`); put the main procedure code first.".to_string(),
        );
        return true;
    }
    false
}

/// Reads `ruled_out_by`: codes of either classification that the procedure and diagnosis do
/// not name.
pub fn ruled_out_by(
    r: &mut dyn Report,
    list: &Option<Spanned<Vec<Spanned<RawNode>>>>,
    procedure: &[Node],
    diagnosis: &[Node],
) -> Vec<Node> {
    let Some(list) = list else { return Vec::new() };
    if list.get_ref().is_empty() {
        r.err(
            list.span(),
            "`ruled_out_by` is empty; list the codes whose presence rules the guidance out, or remove the key.".to_string(),
        );
    }
    let mut named = Vec::new();
    named_codes(procedure, &mut named);
    named_codes(diagnosis, &mut named);
    let mut out = Vec::new();
    for entry in list.get_ref() {
        let Some(node) = code_entry(r, entry, "ruled_out_by", None, true) else {
            continue;
        };
        if let NodeKind::Code { code, .. } = &node.kind {
            let clash = named.iter().find(|(c, except)| {
                (covers(*c, *code) && !except.iter().any(|e| covers(*e, *code)))
                    || covers(*code, *c)
            });
            if let Some(&(clash, _)) = clash {
                let raw = entry.get_ref();
                let span = raw
                    .opcs4
                    .as_ref()
                    .or(raw.icd10.as_ref())
                    .map_or(entry.span(), Spanned::span);
                let message = if clash != *code && super::codes::is_category_code(clash) {
                    format!(
                        "{code} rules the guidance out, but the recommendation lists its category {clash}; if the text says {code} must not be used, write `except = [\"{code}\"]` on {clash} instead, or remove one."
                    )
                } else {
                    format!(
                        "{code} rules the guidance out, but the recommendation lists {clash}; a code cannot be both required and ruled out, so remove one."
                    )
                };
                r.err(span, message);
                continue;
            }
        }
        out.push(node);
    }
    out
}

/// Every code the nodes name (leaf codes and defaults, at every depth), each with the codes
/// its `except` leaves out of it.
fn named_codes(nodes: &[Node], out: &mut Vec<(Code, Vec<Code>)>) {
    for n in nodes {
        match &n.kind {
            NodeKind::Code { code, .. } => out.push((*code, n.rules.except.clone())),
            NodeKind::Group { children, .. } => named_codes(children, out),
            NodeKind::Placeholder { .. } => {}
        }
        if let Some(default) = n.default {
            out.push((default, Vec::new()));
        }
    }
}

fn covers(a: Code, b: Code) -> bool {
    match (a, b) {
        (Code::Opcs4(a), Code::Opcs4(b)) => a.covers(b),
        (Code::Icd10(a), Code::Icd10(b)) => a.without_marker().covers(b.without_marker()),
        _ => false,
    }
}
