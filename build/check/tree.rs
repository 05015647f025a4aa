//! The procedure and diagnosis trees: what kind each node is (one code, group or
//! placeholder), the keys each kind and place may carry, codes under the wrong tree, groups
//! and their entries (sizes, duplicates, labels, `preferred`), and placeholders with their
//! `within` ranges and defaults.

use super::super::catalogue::*;
use super::super::read::model::RawNode;
use super::super::shared::sorted::SortedMap;
use super::codes::is_category_code;
use super::rules;
#[cfg(feature = "check")]
use super::spanned_string;
use super::{Checker, FileReport, Place};
use std::ops::Range;
use toml::Spanned;

impl Checker {
    /// One tree (`procedure` or `diagnosis`), entry by entry.
    pub(super) fn tree(
        &mut self,
        file: usize,
        list: &Option<Spanned<Vec<Spanned<RawNode>>>>,
        place: Place,
        versions: &(Option<String>, Option<String>),
        stock: &SortedMap<String, (String, Range<usize>)>,
    ) -> Vec<Node> {
        let Some(list) = list else { return Vec::new() };
        #[cfg(feature = "check")]
        self.duplicates(file, list.get_ref());
        list.get_ref()
            .iter()
            .filter_map(|n| self.node(file, n, place, versions, stock))
            .collect()
    }

    /// Two siblings that are the same code.
    #[cfg(feature = "check")]
    fn duplicates(&mut self, file: usize, list: &[Spanned<RawNode>]) {
        let mut seen = SortedMap::new();
        for node in list {
            let code = node
                .get_ref()
                .opcs4
                .as_ref()
                .or(node.get_ref().icd10.as_ref());
            if let Some(code) = code {
                let (text, span) = spanned_string(code);
                if let Some(first_line) = seen.get(&text) {
                    self.err(
                        file,
                        span,
                        format!("code {text} is listed twice in the same group (first on line {first_line}); remove one."),
                    );
                } else {
                    let line = self.files[file].error(span, "").line;
                    seen.insert(text, line);
                }
            }
        }
    }

    /// One entry of a tree: exactly one kind key, the other keys its kind and place allow,
    /// then what its kind needs (`code_entry`, `placeholder_entry`, `group_entry`).
    fn node(
        &mut self,
        file: usize,
        spanned: &Spanned<RawNode>,
        place: Place,
        versions: &(Option<String>, Option<String>),
        stock: &SortedMap<String, (String, Range<usize>)>,
    ) -> Option<Node> {
        let raw = spanned.get_ref();
        let node_span = spanned.span();
        let kinds: Vec<(&str, Range<usize>)> = [
            ("opcs4", raw.opcs4.as_ref().map(|s| s.span())),
            ("icd10", raw.icd10.as_ref().map(|s| s.span())),
            ("all", raw.all.as_ref().map(|s| s.span())),
            ("one_of", raw.one_of.as_ref().map(|s| s.span())),
            ("one_or_more", raw.one_or_more.as_ref().map(|s| s.span())),
            ("variants", raw.variants.as_ref().map(|s| s.span())),
            ("stages", raw.stages.as_ref().map(|s| s.span())),
            ("patients", raw.patients.as_ref().map(|s| s.span())),
            ("placeholder", raw.placeholder.as_ref().map(|s| s.span())),
        ]
        .into_iter()
        .filter_map(|(k, s)| s.map(|s| (k, s)))
        .collect();
        if kinds.is_empty() {
            self.err(
                file,
                node_span,
                "this entry has no code or group; give it one of opcs4, icd10, all, one_of, one_or_more, variants, stages, patients or placeholder.",
            );
            return None;
        }
        if kinds.len() > 1 {
            let names = super::super::shared::sorted::map_each(&kinds, &|(k, _)| *k);
            self.err(
                file,
                kinds[1].1.clone(),
                format!(
                    "this entry has both `{}` and `{}`; an entry is one code or one group, so split it into two entries.",
                    names[0], names[1]
                ),
            );
            return None;
        }
        let kind_key = kinds[0].0;

        // Keys that only some kinds may carry.
        let is_code = matches!(kind_key, "opcs4" | "icd10");
        let is_placeholder = kind_key == "placeholder";
        if !is_code {
            for (key, span) in [
                ("title", raw.title.as_ref().map(|s| s.span())),
                ("printed", raw.printed.as_ref().map(|s| s.span())),
            ] {
                if let Some(span) = span {
                    self.err(
                        file,
                        span,
                        format!("`{key}` belongs on a code (opcs4 or icd10), not on `{kind_key}`; move it to the code it describes."),
                    );
                }
            }
        }
        if !is_placeholder {
            if let Some(w) = &raw.within {
                self.err(
                    file,
                    w.span(),
                    format!("`within` belongs on a placeholder, not on `{kind_key}`; remove it, or make this entry a placeholder."),
                );
            }
        }
        if raw.default.is_none() {
            if let Some(t) = &raw.default_title {
                self.err(
                    file,
                    t.span(),
                    "`default_title` is given without `default`; add the default code or remove the title.",
                );
            }
        }
        match place.entry_of {
            Some(kind @ (GroupKind::Variants | GroupKind::Stages | GroupKind::Patients)) => {
                if raw.label.is_none() && raw.implied_label.is_none() {
                    let what = match kind {
                        GroupKind::Patients => "patient (\"Donor\", \"Recipient\")",
                        _ => "scenario or stage",
                    };
                    self.err(
                        file,
                        node_span.clone(),
                        format!(
                            "every entry of `{}` needs a `label`; name the {what} as the text does.",
                            kind.key()
                        ),
                    );
                }
            }
            _ => {
                if let Some(l) = &raw.label {
                    self.err(
                        file,
                        l.span(),
                        "`label` is only used on the entries of `variants`, `stages` or `patients`; remove it, or put this entry in a `variants` group.",
                    );
                }
            }
        }
        if let Some(p) = &raw.preferred {
            if place.entry_of != Some(GroupKind::Variants) {
                self.err(
                    file,
                    p.span(),
                    "`preferred` is only used on the entries of `variants`; remove it.",
                );
            }
        }

        let condition = self.opt_text(file, &raw.condition, "`condition`");
        let note = self.opt_text(file, &raw.note, "`note`");
        let sequence = self.opt_text(file, &raw.sequence, "`sequence`");
        let label = match &raw.implied_label {
            Some(implied) if raw.label.is_none() => self.text(file, implied, "`implied_label`"),
            _ => self.opt_text(file, &raw.label, "`label`"),
        };
        let stock_notes = match &raw.stock_notes {
            Some(list) => self.stock_refs(file, list.get_ref(), stock),
            None => Vec::new(),
        };
        let mut node = Node {
            kind: NodeKind::Placeholder {
                description: String::new(),
                within: Vec::new(),
            },
            default: None,
            default_title: self.opt_text(file, &raw.default_title, "`default_title`"),
            condition,
            note,
            stock_notes,
            sequence,
            label,
            preferred: raw.preferred.as_ref().is_some_and(|p| *p.get_ref()),
            rules: rules::node_rules(
                &mut FileReport {
                    checker: self,
                    file,
                    versions,
                },
                raw,
                kind_key,
                place.system,
                place.entry_of,
            ),
        };

        let (kind, default) = match kind_key {
            "opcs4" | "icd10" => {
                let (kind, default) =
                    self.code_entry(file, raw, kind_key, kinds[0].1.clone(), place, versions)?;
                if let NodeKind::Code { code, .. } = &kind {
                    node.rules.except = self.exceptions(file, raw, *code, default, place.system);
                }
                (kind, default)
            }
            "placeholder" => self.placeholder_entry(file, raw, place, versions)?,
            group => (
                self.group_entry(file, raw, group, place, versions, stock)?,
                None,
            ),
        };
        node.kind = kind;
        node.default = default;
        Some(node)
    }

    /// A placeholder node: its description, its `within` ranges, and a default inside them.
    /// Returns the node's kind and default.
    fn placeholder_entry(
        &mut self,
        file: usize,
        raw: &RawNode,
        place: Place,
        versions: &(Option<String>, Option<String>),
    ) -> Option<(NodeKind, Option<Code>)> {
        // The versions name a default's title, which only the checks compare.
        #[cfg(not(feature = "check"))]
        let _ = versions;
        let description = self.opt_text(file, &raw.placeholder, "`placeholder`")?;
        let mut within = Vec::new();
        if let Some(w) = &raw.within {
            if w.get_ref().is_empty() {
                self.err(
                    file,
                    w.span(),
                    "`within` is empty; list categories or ranges such as \"C71-C74\", or remove it.",
                );
            }
            for item in w.get_ref() {
                match parse_range(item.get_ref()) {
                    Ok(r) => within.push(r),
                    Err(why) => self.err(file, item.span(), why),
                }
            }
        }
        let mut node_default = None;
        if let Some(d) = &raw.default {
            if let Some(default) = self.code(file, d, place.system) {
                let inside = within.is_empty() || within.iter().any(|r| range_contains(r, default));
                if is_category_code(default) {
                    self.err(
                        file,
                        d.span(),
                        format!("default {default} is a category; a default must be a full code."),
                    );
                } else if !inside {
                    self.err(
                        file,
                        d.span(),
                        format!("default {default} is outside `within`; give a code inside the listed ranges, or widen them."),
                    );
                } else {
                    node_default = Some(default);
                    #[cfg(feature = "check")]
                    {
                        let version = match place.system {
                            System::Opcs4 => versions.0.clone(),
                            System::Icd10 => versions.1.clone(),
                        };
                        self.default_title(file, raw, default, version);
                    }
                }
            }
        }
        let kind = NodeKind::Placeholder {
            description,
            within,
        };
        Some((kind, node_default))
    }

    /// A group node (`group` is its key: `all`, `one_of`, ...): its size, no default, no
    /// duplicate entries, then each entry, and the labels of `variants` and `stages`.
    fn group_entry(
        &mut self,
        file: usize,
        raw: &RawNode,
        group: &str,
        place: Place,
        versions: &(Option<String>, Option<String>),
        stock: &SortedMap<String, (String, Range<usize>)>,
    ) -> Option<NodeKind> {
        let (kind, list) = match group {
            "all" => (GroupKind::All, raw.all.as_ref()?),
            "one_of" => (GroupKind::OneOf, raw.one_of.as_ref()?),
            "one_or_more" => (GroupKind::OneOrMore, raw.one_or_more.as_ref()?),
            "variants" => (GroupKind::Variants, raw.variants.as_ref()?),
            "stages" => (GroupKind::Stages, raw.stages.as_ref()?),
            _ => (GroupKind::Patients, raw.patients.as_ref()?),
        };
        if let Some(d) = &raw.default {
            self.err(
                file,
                d.span(),
                format!("`default` is only for a category code or a placeholder, not for `{}`; move it to the category it belongs to.", kind.key()),
            );
        }
        let entries = list.get_ref();
        let minimum = match kind {
            GroupKind::All => 1,
            GroupKind::Variants | GroupKind::Stages | GroupKind::Patients if place.incomplete => 1,
            // A diagnosis may be given for one of the patients only (the recipient's).
            GroupKind::Patients if place.system == System::Icd10 => 1,
            _ => 2,
        };
        if entries.len() < minimum {
            let message = match (kind, entries.len()) {
                (_, 0) => format!(
                    "`{}` is empty; list its codes, or remove the group.",
                    kind.key()
                ),
                (GroupKind::Patients, _) => "`patients` has one entry; the codes of a single patient are a plain list (or mark the guidance `incomplete` if the text lost the others).".to_string(),
                (GroupKind::Variants | GroupKind::Stages, _) => format!(
                    "`{}` has one entry; a single scenario is a plain list (or mark the guidance `incomplete` if the text lost the others).",
                    kind.key()
                ),
                _ => format!(
                    "`{}` has one entry; a choice needs at least two, so write the single code without the group.",
                    kind.key()
                ),
            };
            self.err(file, list.span(), message);
        }
        #[cfg(feature = "check")]
        self.duplicates(file, entries);
        let entry_of = matches!(
            kind,
            GroupKind::Variants | GroupKind::Stages | GroupKind::Patients
        )
        .then_some(kind);
        let child_place = Place { entry_of, ..place };
        let children: Vec<Node> = entries
            .iter()
            .filter_map(|n| self.node(file, n, child_place, versions, stock))
            .collect();
        #[cfg(feature = "check")]
        if entry_of.is_some() {
            self.check_labels(file, entries);
        }
        Some(NodeKind::Group { kind, children })
    }

    #[cfg(feature = "check")]
    fn check_labels(&mut self, file: usize, entries: &[Spanned<RawNode>]) {
        let mut labels = SortedMap::new();
        let mut preferred = 0;
        for entry in entries {
            let raw = entry.get_ref();
            if let Some(l) = &raw.label {
                let (text, span) = spanned_string(l);
                if labels.insert(text.clone(), ()).is_some() {
                    self.err(
                        file,
                        span,
                        format!("label \"{text}\" is used twice in the same group; give each entry its own label."),
                    );
                }
            }
            if let Some(p) = &raw.preferred {
                if *p.get_ref() {
                    preferred += 1;
                    if preferred == 2 {
                        self.err(
                            file,
                            p.span(),
                            "more than one entry is `preferred`; mark only the one the text says to use in preference.",
                        );
                    }
                }
            }
        }
    }
}

fn stem(code: Code) -> [u8; 3] {
    let s = code.to_string();
    let b = s.as_bytes();
    [b[0], b[1], b[2]]
}

fn range_contains(r: &CategoryRange, code: Code) -> bool {
    let s = stem(code);
    r.first <= s && s <= r.last
}

/// `"C71"` or `"C71-C74"`.
pub(super) fn parse_range(s: &str) -> Result<CategoryRange, String> {
    fn category(s: &str) -> Option<[u8; 3]> {
        let b = s.as_bytes();
        (b.len() == 3
            && b[0].is_ascii_uppercase()
            && b[1].is_ascii_digit()
            && b[2].is_ascii_digit())
        .then(|| [b[0], b[1], b[2]])
    }
    let (first, last) = match s.split_once('-') {
        Some((a, b)) => (category(a), category(b)),
        None => (category(s), category(s)),
    };
    match (first, last) {
        (Some(first), Some(last)) if first <= last => Ok(CategoryRange { first, last }),
        (Some(_), Some(_)) => Err(format!(
            "range \"{s}\" runs backwards; write the lower category first."
        )),
        _ => Err(format!(
            "\"{s}\" is not a category or range; write a three-character category such as \"L76\" or a range such as \"C71-C74\"."
        )),
    }
}
