//! The byte tables: every string once (`Strings`), fixed-size records of guidance, nodes and
//! their extras, lists, ranges, rule rows and SNOMED CT concepts (`Tables`, laid out as
//! `src/layout.rs` says), and the anchors of the matching index.

use super::super::catalogue::*;
use super::kind;
use super::layout;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Strings, each stored once.
///
/// Found again through `by_text`, the ids in the order of their strings, searched by binary
/// search: a `BTreeMap<String, u32>` was sixty functions of the build script. (An id inserted
/// moves the ids after it: a few thousand strings, a few bytes each.)
#[derive(Default)]
pub(super) struct Strings {
    by_text: Vec<u32>,
    pub(super) text: String,
    pub(super) ends: Vec<u32>,
}

impl Strings {
    pub(super) fn new() -> Strings {
        Strings {
            ends: vec![0],
            ..Strings::default()
        }
    }
    pub(super) fn id(&mut self, s: &str) -> u32 {
        let (text, ends) = (&self.text, &self.ends);
        let string = |id: u32| &text[ends[id as usize - 1] as usize..ends[id as usize] as usize];
        let at = match self.by_text.binary_search_by(|&id| string(id).cmp(s)) {
            Ok(i) => return self.by_text[i],
            Err(at) => at,
        };
        self.text.push_str(s);
        self.ends.push(self.text.len() as u32);
        let id = (self.ends.len() - 1) as u32;
        self.by_text.insert(at, id);
        id
    }
    pub(super) fn opt(&mut self, s: &Option<String>) -> u32 {
        s.as_deref().map_or(0, |s| self.id(s))
    }
}

#[derive(Default)]
pub(super) struct Tables {
    pub(super) strings: Strings,
    pub(super) lists: Vec<u32>,
    pub(super) ranges: Vec<TokenStream>,
    /// `NODES` rows, laid out as `src/layout.rs` says.
    pub(super) nodes: Vec<u8>,
    /// `NODE_EXTRAS` rows.
    pub(super) extras: Vec<u8>,
    pub(super) snomed: Vec<TokenStream>,
    /// The stock notes' keys, sorted: a key's row in `STOCK_NOTES` is its place here.
    pub(super) stock_keys: Vec<String>,
    /// `RULE_CODES` rows: the codes named by `only_if`, `instead_of`, `supplementary_if`,
    /// `except`.
    pub(super) rule_codes: Vec<[u8; 6]>,
    /// `NODE_RULES` rows.
    pub(super) rules: Vec<u8>,
    /// `excludes` lists waiting to be written after the tree they belong to (a tree's rows
    /// are contiguous): the `NODE_RULES` row that refers to each, and the list.
    pub(super) pending_excludes: Vec<(usize, Vec<Node>)>,
}

pub(super) fn lit(n: usize) -> Literal {
    Literal::usize_unsuffixed(n)
}

pub(super) fn code_bytes(code: Code) -> [u8; 6] {
    match code {
        Code::Opcs4(c) => {
            let b = c.0;
            [b[0], b[1], b[2], b[3], 0, 0]
        }
        Code::Icd10(c) => c.0,
    }
}

pub(super) fn bytes_lit(b: &[u8]) -> TokenStream {
    let l = Literal::byte_string(b);
    quote!(*#l)
}

/// The type and value of a static byte table, written to `tables/{name}.bin` and included
/// from there: `[u8; N] = *table!("name")`, a few tokens whatever its size.
/// Writes `bytes` as `tables/<name>.bin` and returns the type and value that include it.
/// (Not generic over an iterator: each instantiation would be compiled by every dependent.)
pub(super) fn blob(files: &mut Vec<(String, Vec<u8>)>, name: &str, bytes: Vec<u8>) -> TokenStream {
    let n = lit(bytes.len());
    files.push((format!("tables/{name}.bin"), bytes));
    let name = Literal::string(name);
    quote!([u8; #n] = *table!(#name))
}

/// Each value as 4 little-endian bytes.
pub(super) fn le_u32s(values: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(values.len() * 4);
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// The lookup tables of the OPCS-4 reverse index (`src/layout.rs`, `opcs4_index`), from its
/// sorted, unique (code, guidance row) pairs: the stem blocks, each held stem's subdivisions,
/// and where each code's run of rows starts, in this order.
pub(super) fn opcs4_lookup(index: &[([u8; 4], usize)]) -> Result<[Vec<u8>; 3], String> {
    use layout::opcs4_index::{BLOCKS, STEMS_PER_BLOCK, stem, subdivision};
    // Each held stem with its subdivision mask and first code; each code's first row.
    let mut stems: Vec<(usize, u16, usize)> = Vec::new();
    let mut runs: Vec<u8> = Vec::new();
    let too_many = |what: &str| format!("the OPCS-4 index holds too many {what} for a u16");
    let mut codes = 0usize;
    for (row, (code, _)) in index.iter().enumerate() {
        if row > 0 && index[row - 1].0 == *code {
            continue;
        }
        let number = stem(*code);
        if stems.last().is_none_or(|&(held, _, _)| held != number) {
            stems.push((number, 0, codes));
        }
        if let Some(last) = stems.last_mut() {
            last.1 |= 1 << subdivision(code[3]);
        }
        let start = u16::try_from(row).map_err(|_| too_many("rows"))?;
        runs.extend_from_slice(&start.to_le_bytes());
        codes += 1;
    }
    let end = u16::try_from(index.len()).map_err(|_| too_many("rows"))?;
    runs.extend_from_slice(&end.to_le_bytes());
    let mut blocks = vec![0u8; BLOCKS * layout::opcs4_index::BLOCK_SIZE];
    let mut held_before = 0usize;
    for (block, row) in blocks
        .chunks_exact_mut(layout::opcs4_index::BLOCK_SIZE)
        .enumerate()
    {
        let mut bits = 0u64;
        for &(number, _, _) in &stems {
            if number / STEMS_PER_BLOCK == block {
                bits |= 1 << (number % STEMS_PER_BLOCK);
            }
        }
        row[..8].copy_from_slice(&bits.to_le_bytes());
        let count = u16::try_from(held_before).map_err(|_| too_many("stems"))?;
        row[8..].copy_from_slice(&count.to_le_bytes());
        held_before += bits.count_ones() as usize;
    }
    let mut subdivisions = Vec::with_capacity(stems.len() * layout::opcs4_index::STEM_SIZE);
    for &(_, mask, first) in &stems {
        let first = u16::try_from(first).map_err(|_| too_many("codes"))?;
        subdivisions.extend_from_slice(&mask.to_le_bytes());
        subdivisions.extend_from_slice(&first.to_le_bytes());
    }
    Ok([blocks, subdivisions, runs])
}

/// The codes of an index, then its guidance rows as 2 little-endian bytes each.
pub(super) fn index_columns<const N: usize>(index: &[([u8; N], usize)]) -> (Vec<u8>, Vec<u8>) {
    let mut codes = Vec::with_capacity(index.len() * N);
    let mut rows = Vec::with_capacity(index.len() * 2);
    for (code, row) in index {
        codes.extend_from_slice(code);
        rows.extend_from_slice(&(*row as u16).to_le_bytes());
    }
    (codes, rows)
}

pub(super) fn put_u32(row: &mut [u8], at: usize, value: u32) {
    row[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

pub(super) fn put_u16(row: &mut [u8], at: usize, value: u16) {
    row[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

/// `n` as a `u8` length field, or the message for a list too long for the table format.
pub(super) fn small_len(n: usize, what: &str) -> Result<u8, String> {
    u8::try_from(n).map_err(|_| {
        format!("{what} has {n} entries; the table format allows at most 255 (src/layout.rs).")
    })
}

impl Tables {
    /// Appends a list of stock notes to `LISTS`, stored as their rows in `STOCK_NOTES`
    /// (resolved here once, so the library never searches for a key); returns its start.
    pub(super) fn stock_list(&mut self, keys: &[String]) -> u32 {
        let start = self.lists.len() as u32;
        for key in keys {
            // Keys were checked against the stock notes by validate.rs.
            let row = self.stock_keys.binary_search(key);
            self.lists.push(row.expect("a stock note's key") as u32);
        }
        start
    }

    /// Appends a list of strings to `LISTS`; returns its start.
    pub(super) fn list(&mut self, items: &[String]) -> u32 {
        let start = self.lists.len() as u32;
        for item in items {
            let id = self.strings.id(item);
            self.lists.push(id);
        }
        start
    }

    /// Appends `node` and its subtree in depth-first order; returns the number of nodes.
    pub(super) fn node(&mut self, node: &Node, icd10: bool) -> Result<usize, String> {
        let at = self.nodes.len() / layout::node::SIZE;
        self.nodes.resize(self.nodes.len() + layout::node::SIZE, 0);
        let (kind, code, title, printed, children, within) = match &node.kind {
            NodeKind::Code {
                code,
                title,
                printed,
            } => {
                let k = match code {
                    Code::Opcs4(_) => kind::OPCS4,
                    Code::Icd10(_) => kind::ICD10,
                };
                (
                    k,
                    code_bytes(*code),
                    title.as_deref(),
                    printed.as_deref(),
                    &[][..],
                    &[][..],
                )
            }
            NodeKind::Group { kind: g, children } => {
                let k = match g {
                    GroupKind::All => kind::ALL,
                    GroupKind::OneOf => kind::ONE_OF,
                    GroupKind::OneOrMore => kind::ONE_OR_MORE,
                    GroupKind::Variants => kind::VARIANTS,
                    GroupKind::Stages => kind::STAGES,
                    GroupKind::Patients => kind::PATIENTS,
                };
                (k, [0; 6], None, None, &children[..], &[][..])
            }
            NodeKind::Placeholder {
                description,
                within,
            } => (
                kind::PLACEHOLDER,
                [0; 6],
                Some(description.as_str()),
                None,
                &[][..],
                &within[..],
            ),
        };
        let title = title.map_or(0, |t| self.strings.id(t));
        let has_extra = node.default.is_some()
            || node.default_title.is_some()
            || node.condition.is_some()
            || node.note.is_some()
            || node.sequence.is_some()
            || printed.is_some()
            || node.label.is_some()
            || !node.stock_notes.is_empty()
            || !within.is_empty()
            || has_rules_row(&node.rules);
        let mut extra_ref = 0;
        if has_extra {
            use layout::extra as e;
            let mut row = [0u8; e::SIZE];
            row[e::DEFAULT..e::DEFAULT + 6]
                .copy_from_slice(&node.default.map_or([0; 6], code_bytes));
            row[e::STOCK_NOTES_LEN] = small_len(node.stock_notes.len(), "a rule's stock_notes")?;
            row[e::WITHIN_LEN] = small_len(within.len(), "a placeholder's within")?;
            for (field, value) in [
                (e::DEFAULT_TITLE, node.default_title.as_deref()),
                (e::CONDITION, node.condition.as_deref()),
                (e::NOTE, node.note.as_deref()),
                (e::SEQUENCE, node.sequence.as_deref()),
                (e::PRINTED, printed),
                (e::LABEL, node.label.as_deref()),
            ] {
                put_u32(&mut row, field, value.map_or(0, |s| self.strings.id(s)));
            }
            let stock_start = self.stock_list(&node.stock_notes);
            put_u32(&mut row, e::STOCK_NOTES_START, stock_start);
            put_u32(&mut row, e::WITHIN_START, self.ranges.len() as u32);
            for r in within {
                let mut b = [0u8; 6];
                b[..3].copy_from_slice(&r.first);
                b[3..].copy_from_slice(&r.last);
                self.ranges.push(bytes_lit(&b));
            }
            if has_rules_row(&node.rules) {
                let rules_ref = self.rules_row(&node.rules)?;
                put_u32(&mut row, e::RULES, rules_ref);
            }
            self.extras.extend_from_slice(&row);
            extra_ref = (self.extras.len() / e::SIZE) as u32;
        }
        let mut size = 1;
        for child in children {
            size += self.node(child, icd10)?;
        }
        use layout::node as n;
        let row = &mut self.nodes[at * n::SIZE..(at + 1) * n::SIZE];
        row[n::KIND] = kind;
        let flag = |set: bool, bit: u8| if set { bit } else { 0 };
        row[n::FLAGS] = flag(icd10, n::ICD10)
            | flag(node.preferred, n::PREFERRED)
            | flag(node.rules.label_implied, n::LABEL_IMPLIED)
            | flag(node.rules.in_order, n::IN_ORDER)
            | flag(node.rules.several, n::SEVERAL);
        row[n::CODE..n::CODE + 6].copy_from_slice(&code);
        let subtree = u16::try_from(size)
            .map_err(|_| format!("a recommendation tree has {size} rules; the table format allows at most 65,535 (src/layout.rs)."))?;
        let child_count = u16::try_from(children.len()).map_err(|_| {
            format!(
                "a group has {} entries; the table format allows at most 65,535 (src/layout.rs).",
                children.len()
            )
        })?;
        put_u16(row, n::SUBTREE, subtree);
        put_u16(row, n::CHILDREN, child_count);
        put_u32(row, n::TITLE, title);
        put_u32(row, n::EXTRA, extra_ref);
        Ok(size)
    }

    /// Appends the `NODE_RULES` row of `rules`; returns 1 + its row.
    pub(super) fn rules_row(&mut self, rules: &NodeRules) -> Result<u32, String> {
        use layout::rules as r;
        let mut row = [0u8; r::SIZE];
        put_u32(&mut row, r::RULE_CODES_START, self.rule_codes.len() as u32);
        for (field, codes, what) in [
            (r::ONLY_IF_LEN, &rules.only_if, "a rule's only_if"),
            (r::INSTEAD_OF_LEN, &rules.instead_of, "a rule's instead_of"),
            (
                r::SUPPLEMENTARY_IF_LEN,
                &rules.supplementary_if,
                "a rule's supplementary_if",
            ),
            (r::EXCEPT_LEN, &rules.except, "a category's except"),
        ] {
            row[field] = small_len(codes.len(), what)?;
            self.rule_codes.extend(codes.iter().map(|&c| code_bytes(c)));
        }
        put_u32(&mut row, r::CONCURRENT, self.strings.opt(&rules.concurrent));
        put_u32(&mut row, r::CHOSEN_BY, self.strings.opt(&rules.chosen_by));
        row[r::INCLUDES_LEN] = small_len(rules.includes.len(), "a code's includes")?;
        let includes_start = self.list(&rules.includes);
        put_u32(&mut row, r::INCLUDES_START, includes_start);
        let at = self.rules.len() / r::SIZE;
        if !rules.excludes.is_empty() {
            self.pending_excludes.push((at, rules.excludes.clone()));
        }
        self.rules.extend_from_slice(&row);
        Ok(at as u32 + 1)
    }

    /// A root `all` node holding a top-level list, then the `excludes` lists of its rules, each
    /// a root of its own; returns the row of the first root.
    pub(super) fn root(&mut self, list: &[Node], icd10: bool) -> Result<u32, String> {
        let at = self.root_only(list, icd10)?;
        while let Some((rules_row, excludes)) = self.pending_excludes.pop() {
            let excludes_root = self.root_only(&excludes, icd10)?;
            let r = rules_row * layout::rules::SIZE;
            put_u32(
                &mut self.rules[r..r + layout::rules::SIZE],
                layout::rules::EXCLUDES,
                excludes_root + 1,
            );
        }
        Ok(at)
    }

    pub(super) fn root_only(&mut self, list: &[Node], icd10: bool) -> Result<u32, String> {
        let at = (self.nodes.len() / layout::node::SIZE) as u32;
        let root = Node {
            kind: NodeKind::Group {
                kind: GroupKind::All,
                children: list.to_vec(),
            },
            default: None,
            default_title: None,
            condition: None,
            note: None,
            stock_notes: Vec::new(),
            sequence: None,
            label: None,
            preferred: false,
            rules: NodeRules::default(),
        };
        self.node(&root, icd10)?;
        Ok(at)
    }
}

/// The anchor codes of a list of nodes assigned together (a procedure, or an `all` group): the
/// anchors of its first required (unconditional) entry that has any; `None` when no entry has.
///
/// Anchors are the index of episode matching (`src/matching.rs`): a set of undotted OPCS-4 codes
/// such that the tree cannot be satisfied unless the episode holds a code one of them covers.
/// Matching looks each episode code up exactly and by its category, so a category anchor
/// (`G27-`) finds the codes in it. The property holds node by node:
/// * a code is its own anchor;
/// * an `all` is satisfied only when each required entry is, so one required entry's anchors
///   serve (the first that has any: in practice the main code, which the build keeps first);
/// * a choice (`one_of`, `one_or_more`, `variants`, `stages`, `patients`) is satisfied only
///   when one of its entries is, so it needs the union of every entry's anchors, and has none
///   if an entry has none;
/// * a conditional node (one with `condition` or `only_if`, or a `concurrent` one) is never
///   required, and a placeholder names no code (its ranges, such as
///   `Z00-Z99`, would make poor anchors), so they have none.
///
/// A guidance whose procedure has no anchors goes to `UNANCHORED` and is tested on every
/// episode.
pub(super) fn all_anchors(entries: &[Node]) -> Option<Vec<[u8; 4]>> {
    entries.iter().filter(|n| is_required(n)).find_map(anchors)
}

/// True when `rules` needs a `NODE_RULES` row (its flags are stored in `NODES`).
pub(super) fn has_rules_row(rules: &NodeRules) -> bool {
    !(rules.only_if.is_empty()
        && rules.instead_of.is_empty()
        && rules.supplementary_if.is_empty()
        && rules.except.is_empty()
        && rules.concurrent.is_none()
        && rules.chosen_by.is_none()
        && rules.includes.is_empty()
        && rules.excludes.is_empty())
}

/// False for a node that may be absent from a matching episode: a conditional one, one that
/// depends on another code (`only_if`), or one that codes a concurrent procedure.
pub(super) fn is_required(node: &Node) -> bool {
    node.condition.is_none() && node.rules.only_if.is_empty() && node.rules.concurrent.is_none()
}

/// The anchor codes of one node; see [`all_anchors`].
pub(super) fn anchors(node: &Node) -> Option<Vec<[u8; 4]>> {
    if !is_required(node) {
        return None;
    }
    match &node.kind {
        NodeKind::Code {
            code: Code::Opcs4(c),
            ..
        } => Some(vec![c.0]),
        NodeKind::Code {
            code: Code::Icd10(_),
            ..
        }
        | NodeKind::Placeholder { .. } => None,
        NodeKind::Group {
            kind: GroupKind::All,
            children,
        } => all_anchors(children),
        NodeKind::Group { children, .. } => {
            let mut union = Vec::new();
            for child in children {
                union.extend(anchors(child)?);
            }
            Some(union)
        }
    }
}
