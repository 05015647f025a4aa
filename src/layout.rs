//! Byte layout of the generated `GUIDANCE`, `NODES`, `NODE_EXTRAS` and `NODE_RULES` tables.
//!
//! Shared by the library and the build script (`#[path]`), so the writer (`build/emit/`) and
//! the reader (`src/tables.rs`) cannot disagree. Records are fixed-size rows of a byte blob,
//! integers little-endian, so the generated source holds one byte-string literal per table
//! instead of thousands of struct literals: the build script formats, and rustc compiles, a
//! handful of tokens whatever the size of the catalogue (BENCHMARKS.md has the measurements
//! that led here).
//!
//! String fields are ids into `TEXT_ENDS` (0: absent). List fields are `(start, len)` slices
//! of `LISTS`, `RANGES` or `RULE_CODES` (`[u8; 6]` codes, laid out as node codes).

#![allow(dead_code)]

/// One row of `GUIDANCE`.
pub(crate) mod guidance {
    /// Bytes per row.
    pub(crate) const SIZE: usize = 74;
    /// Nine `u32` string ids, in this order from offset 0: id, title, source, opcs4_version,
    /// icd10_edition, published, last_updated, incomplete, no_single_code_set (a tenth,
    /// undated, is at `UNDATED`).
    pub(crate) const ID: usize = 0;
    pub(crate) const TITLE: usize = 4;
    pub(crate) const SOURCE: usize = 8;
    pub(crate) const OPCS4_VERSION: usize = 12;
    pub(crate) const ICD10_EDITION: usize = 16;
    pub(crate) const PUBLISHED: usize = 20;
    pub(crate) const LAST_UPDATED: usize = 24;
    pub(crate) const INCOMPLETE: usize = 28;
    pub(crate) const NO_SINGLE_CODE_SET: usize = 32;
    /// `u32`: row in `NODES` of the procedure root (an `all` node).
    pub(crate) const PROCEDURE: usize = 36;
    /// `u32`: row in `NODES` of the diagnosis root (an `all` node).
    pub(crate) const DIAGNOSIS: usize = 40;
    /// `u32`: where this guidance's lists start in `LISTS`. Its eight list fields follow one
    /// another there, in the order of the lengths below.
    pub(crate) const LISTS_START: usize = 44;
    /// `u32`: where this guidance's concepts start in `SNOMED`.
    pub(crate) const SNOMED_START: usize = 48;
    /// `u16`: the guidance number.
    pub(crate) const NUMBER: usize = 52;
    /// `u8`: 0 IPG, 1 MTG.
    pub(crate) const PROGRAMME: usize = 54;
    /// `u8`: 0 current, 1 superseded, 2 withdrawn.
    pub(crate) const STATUS: usize = 55;
    /// `u8`: 0 not stated, 1 standard, 2 special, 3 research only.
    pub(crate) const RECOMMENDATION: usize = 56;
    /// Nine `u8` lengths: the eight lists in `LISTS` (notes, stock_notes, limitations,
    /// not_coded, ambiguities, body_systems, replaces, replaced_by), then the SNOMED count.
    pub(crate) const LENGTHS: usize = 57;
    /// `u32` string id: `undated`, why no publication date can be established.
    pub(crate) const UNDATED: usize = 66;
    /// The list fields, in `LISTS` order; their index is their position in `LENGTHS`.
    pub(crate) const NOTES: usize = 0;
    pub(crate) const STOCK_NOTES: usize = 1;
    pub(crate) const LIMITATIONS: usize = 2;
    pub(crate) const NOT_CODED: usize = 3;
    pub(crate) const AMBIGUITIES: usize = 4;
    pub(crate) const BODY_SYSTEMS: usize = 5;
    pub(crate) const REPLACES: usize = 6;
    pub(crate) const REPLACED_BY: usize = 7;
    pub(crate) const SNOMED: usize = 8;
    /// `u32`: 1 + the row in `NODES` of the `ruled_out_by` root (an `all` node of codes), or
    /// 0 when the guidance has none.
    pub(crate) const RULED_OUT_BY: usize = 70;
    // The fields after the lengths follow one another to the end of the row: two branches
    // that each add a field cannot both take the same offset unnoticed.
    const _: () = assert!(LENGTHS + 9 == UNDATED && UNDATED + 4 == RULED_OUT_BY);
    const _: () = assert!(RULED_OUT_BY + 4 == SIZE);
}

/// One row of `NODES`: what every node has. Trees are depth first: a node's subtree is the
/// `subtree` rows starting at the node, and its first child is the next row.
pub(crate) mod node {
    /// Bytes per row.
    pub(crate) const SIZE: usize = 20;
    /// `u8`: one of the kinds in `node_kind.rs`.
    pub(crate) const KIND: usize = 0;
    /// `u8`: the `ICD10` and `PREFERRED` bits.
    pub(crate) const FLAGS: usize = 1;
    /// Set in a diagnosis (ICD-10) tree.
    pub(crate) const ICD10: u8 = 1;
    /// Set on a rule marked `preferred`.
    pub(crate) const PREFERRED: u8 = 2;
    /// Set when the label was written as `implied_label` (the text prints none).
    pub(crate) const LABEL_IMPLIED: u8 = 4;
    /// Set on an `all` marked `in_order`.
    pub(crate) const IN_ORDER: u8 = 8;
    /// Set on a placeholder that stands for one or more codes (`count = "one_or_more"`).
    pub(crate) const SEVERAL: u8 = 16;
    /// `[u8; 6]`: OPCS-4 codes use the first four bytes (undotted); ICD-10 codes all six.
    pub(crate) const CODE: usize = 2;
    /// `u16`: rows in the subtree, this one included.
    pub(crate) const SUBTREE: usize = 8;
    /// `u16`: direct children.
    pub(crate) const CHILDREN: usize = 10;
    /// `u32` string id: the code's title, or a placeholder's description.
    pub(crate) const TITLE: usize = 12;
    /// `u32`: 1 + the row in `NODE_EXTRAS`, or 0 when the node has none of those fields.
    pub(crate) const EXTRA: usize = 16;
}

/// One row of `NODE_EXTRAS`: the fields most nodes lack, stored only for nodes that have one.
pub(crate) mod extra {
    /// Bytes per row.
    pub(crate) const SIZE: usize = 44;
    /// `[u8; 6]`: the default code, all zero when there is none.
    pub(crate) const DEFAULT: usize = 0;
    /// `u8`: length of the stock notes list (rows of `STOCK_NOTES`, listed in `LISTS`).
    pub(crate) const STOCK_NOTES_LEN: usize = 6;
    /// `u8`: length of the `within` list (rows of `RANGES`).
    pub(crate) const WITHIN_LEN: usize = 7;
    /// Six `u32` string ids from offset 8: default_title, condition, note, sequence, printed,
    /// label.
    pub(crate) const DEFAULT_TITLE: usize = 8;
    pub(crate) const CONDITION: usize = 12;
    pub(crate) const NOTE: usize = 16;
    pub(crate) const SEQUENCE: usize = 20;
    pub(crate) const PRINTED: usize = 24;
    pub(crate) const LABEL: usize = 28;
    /// `u32`: start of the stock notes list in `LISTS`.
    pub(crate) const STOCK_NOTES_START: usize = 32;
    /// `u32`: start of the `within` list in `RANGES`.
    pub(crate) const WITHIN_START: usize = 36;
    /// `u32`: 1 + the row in `NODE_RULES`, or 0 when the node has none of those fields.
    pub(crate) const RULES: usize = 40;
}

/// One row of `NODE_RULES`: the rules between codes (`only_if`, `instead_of`,
/// `supplementary_if`, `except`, `concurrent`, `chosen_by`, `includes`, `excludes`), stored
/// only for the few nodes that have one. The flags `implied_label`, `in_order` and `count` are
/// in `NODES`.
pub(crate) mod rules {
    /// Bytes per row.
    pub(crate) const SIZE: usize = 25;
    /// `u32`: start in `RULE_CODES` of the rule's code lists: `only_if`, `instead_of`,
    /// `supplementary_if` and `except`, one after another, of the lengths below.
    pub(crate) const RULE_CODES_START: usize = 0;
    /// `u32`: 1 + the row in `NODES` of the `excludes` root (an `all` node of codes), or 0.
    pub(crate) const EXCLUDES: usize = 4;
    /// Two `u32` string ids: `concurrent`, `chosen_by`.
    pub(crate) const CONCURRENT: usize = 8;
    pub(crate) const CHOSEN_BY: usize = 12;
    /// `u32`: start of the `includes` list (string ids) in `LISTS`.
    pub(crate) const INCLUDES_START: usize = 16;
    /// `u8`: length of the `includes` list.
    pub(crate) const INCLUDES_LEN: usize = 20;
    /// Four `u8` lengths: `only_if`, `instead_of`, `supplementary_if`, `except`.
    pub(crate) const ONLY_IF_LEN: usize = 21;
    pub(crate) const INSTEAD_OF_LEN: usize = 22;
    pub(crate) const SUPPLEMENTARY_IF_LEN: usize = 23;
    pub(crate) const EXCEPT_LEN: usize = 24;
    const _: () = assert!(EXCEPT_LEN + 1 == SIZE);
}

/// The OPCS-4 reverse index (`Guidance::using_opcs4`): a direct lookup by the code's
/// characters, no search. An OPCS-4 code is a stem (a capital letter and two digits, one of
/// 2,600) and a fourth character (`-` or a digit, one of 11), so a code is found with two
/// bitmaps and two counts of set bits, as unicode-ident finds a character:
///
/// * `OPCS4_STEMS`: one row per 64 stems (stem number = letter × 100 + the two digits): a `u64`
///   with a bit for each stem the index holds, then a `u16`, how many stems before the row's
///   first are held. A held stem's position among the held stems is that count plus the set
///   bits below its own.
/// * `OPCS4_SUBDIVISIONS`: one row per held stem, in stem order: a `u16` with a bit for each
///   fourth character held (bit 0 for `-`, bits 1 to 10 for `0` to `9`, so the bits' order is
///   the codes' order), then a `u16`, the position of the stem's first code among all codes.
/// * `OPCS4_RUNS`: one `u16` per code held, in code order, the row of `OPCS4_INDEX_GUIDANCE`
///   where its guidance start, and a last one for the end: code `i`'s guidance are rows
///   `RUNS[i]..RUNS[i + 1]`.
pub(crate) mod opcs4_index {
    /// Stems per row of `OPCS4_STEMS`.
    pub(crate) const STEMS_PER_BLOCK: usize = 64;
    /// Rows of `OPCS4_STEMS`: 2,600 stems, 64 a row.
    pub(crate) const BLOCKS: usize = (26 * 100usize).div_ceil(STEMS_PER_BLOCK);
    /// Bytes per row of `OPCS4_STEMS`.
    pub(crate) const BLOCK_SIZE: usize = 10;
    /// Bytes per row of `OPCS4_SUBDIVISIONS`.
    pub(crate) const STEM_SIZE: usize = 4;

    /// The stem number of a code's first three bytes (`K57` is 10 × 100 + 57), for a code that
    /// is well formed (a capital letter, two digits).
    pub(crate) const fn stem(code: [u8; 4]) -> usize {
        (code[0].wrapping_sub(b'A') as usize) * 100
            + (code[1].wrapping_sub(b'0') as usize) * 10
            + (code[2].wrapping_sub(b'0') as usize)
    }

    /// The bit of a fourth character in a stem's subdivision mask: 0 for `-`, 1 to 10 for the
    /// digits.
    pub(crate) const fn subdivision(fourth: u8) -> u32 {
        if fourth == b'-' {
            0
        } else {
            (fourth.wrapping_sub(b'0') as u32 + 1) & 15
        }
    }
}
