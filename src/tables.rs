//! The record types of the generated tables and the helpers that read them.
//!
//! The build script writes the tables (see `build/emit.rs` for their layout); nothing outside
//! this crate sees these types: the public API hands out `&'static str`, codes and small
//! handles, so the storage can change without a breaking release.

/// A slice of `LISTS`, `RANGES` or `SNOMED`.
#[derive(Clone, Copy)]
pub(crate) struct List {
    pub(crate) start: u32,
    pub(crate) len: u32,
}

impl List {
    pub(crate) const fn range(self) -> core::ops::Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// One row of `GUIDANCE`. String fields are ids into `TEXT_ENDS`; 0 means absent.
pub(crate) struct GuidanceRecord {
    pub(crate) id: u32,
    pub(crate) title: u32,
    pub(crate) source: u32,
    pub(crate) opcs4_version: u32,
    pub(crate) icd10_edition: u32,
    pub(crate) published: u32,
    pub(crate) last_updated: u32,
    pub(crate) incomplete: u32,
    pub(crate) no_single_code_set: u32,
    /// 0 IPG, 1 MTG.
    pub(crate) programme: u8,
    /// 0 current, 1 superseded, 2 withdrawn.
    pub(crate) status: u8,
    /// 0 not stated, 1 standard, 2 special, 3 research only.
    pub(crate) recommendation: u8,
    pub(crate) number: u16,
    /// Index into `NODES` of the procedure root (an `all` node).
    pub(crate) procedure: u32,
    /// Index into `NODES` of the diagnosis root (an `all` node).
    pub(crate) diagnosis: u32,
    pub(crate) notes: List,
    pub(crate) stock_notes: List,
    pub(crate) limitations: List,
    pub(crate) not_coded: List,
    pub(crate) ambiguities: List,
    pub(crate) body_systems: List,
    pub(crate) replaces: List,
    pub(crate) replaced_by: List,
    pub(crate) snomed: List,
}

#[path = "node_kind.rs"]
pub(crate) mod kind;

/// One row of `NODES`. Trees are stored depth first: a node's subtree is the `subtree` rows
/// starting at the node, and its first child is the next row.
pub(crate) struct NodeRecord {
    pub(crate) kind: u8,
    /// True in a diagnosis (ICD-10) tree, false in a procedure (OPCS-4) tree.
    pub(crate) icd10: bool,
    pub(crate) preferred: bool,
    /// OPCS-4 codes use the first four bytes (undotted); ICD-10 codes all six.
    pub(crate) code: [u8; 6],
    /// All zero when there is no default.
    pub(crate) default: [u8; 6],
    pub(crate) subtree: u32,
    pub(crate) children: u32,
    /// The code's title, or a placeholder's description.
    pub(crate) title: u32,
    pub(crate) default_title: u32,
    pub(crate) condition: u32,
    pub(crate) note: u32,
    pub(crate) sequence: u32,
    pub(crate) printed: u32,
    pub(crate) label: u32,
    pub(crate) stock_notes: List,
    pub(crate) within: List,
}

pub(crate) struct SnomedRecord {
    pub(crate) concept: u64,
    pub(crate) term: u32,
    pub(crate) procedure: bool,
}

/// String `id` of the blob; id 0 is the empty string.
pub(crate) fn text(id: u32) -> &'static str {
    let id = id as usize;
    let start = if id == 0 {
        0
    } else {
        crate::TEXT_ENDS[id - 1] as usize
    };
    let end = crate::TEXT_ENDS[id] as usize;
    &crate::TEXT[start..end]
}

/// String `id`, or `None` for id 0.
pub(crate) fn opt_text(id: u32) -> Option<&'static str> {
    if id == 0 { None } else { Some(text(id)) }
}

/// An iterator over the strings of a list field.
#[derive(Clone, Debug)]
pub struct Texts {
    ids: core::slice::Iter<'static, u32>,
}

impl Texts {
    pub(crate) fn new(list: List) -> Texts {
        Texts {
            ids: crate::LISTS[list.range()].iter(),
        }
    }
}

impl Iterator for Texts {
    type Item = &'static str;
    fn next(&mut self) -> Option<&'static str> {
        self.ids.next().map(|&id| text(id))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }
}

impl ExactSizeIterator for Texts {}
impl DoubleEndedIterator for Texts {
    fn next_back(&mut self) -> Option<&'static str> {
        self.ids.next_back().map(|&id| text(id))
    }
}
