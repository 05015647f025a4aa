//! The record types of the generated tables and the helpers that read them.
//!
//! The build script writes the tables (see `build/emit/` for their layout); nothing outside
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

/// Reads a little-endian `u32` at `at`.
#[inline]
fn u32_at(row: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([row[at], row[at + 1], row[at + 2], row[at + 3]])
}

/// Reads a little-endian `u16` at `at`.
#[inline]
fn u16_at(row: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([row[at], row[at + 1]])
}

/// Reads the six code bytes at `at`.
#[inline]
fn code_at(row: &[u8], at: usize) -> [u8; 6] {
    [
        row[at],
        row[at + 1],
        row[at + 2],
        row[at + 3],
        row[at + 4],
        row[at + 5],
    ]
}

/// A table of `W`-byte rows stored in a byte blob: how the generated code holds every integer
/// table, so the build script emits one literal per table instead of one token per entry.
#[derive(Clone, Copy)]
pub(crate) struct Rows<const W: usize>(pub(crate) &'static [u8]);

/// Shows the table's size, not its bytes (a `GuidanceList`'s `Debug` goes through it).
impl<const W: usize> core::fmt::Debug for Rows<W> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Rows<{W}>({} rows)", self.len())
    }
}

impl<const W: usize> Rows<W> {
    pub(crate) const fn len(self) -> usize {
        self.0.len() / W
    }

    /// Row `i`'s bytes.
    #[inline]
    pub(crate) fn bytes(self, i: usize) -> [u8; W] {
        let mut row = [0; W];
        row.copy_from_slice(&self.0[i * W..(i + 1) * W]);
        row
    }

    /// The first row in `range` for which `pred` is false, given that it is true for a prefix
    /// of the range and false after (as `slice::partition_point`).
    #[inline]
    pub(crate) fn partition_point(
        self,
        range: core::ops::Range<usize>,
        mut pred: impl FnMut([u8; W]) -> bool,
    ) -> usize {
        let (mut lo, mut hi) = (range.start, range.end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(self.bytes(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

impl Rows<4> {
    /// Row `i` as a little-endian `u32`.
    #[inline]
    pub(crate) fn u32(self, i: usize) -> u32 {
        u32::from_le_bytes(self.bytes(i))
    }
}

impl Rows<6> {
    /// The rows equal to `key` in a table of 6-byte codes sorted by their bytes, comparing
    /// each row as one big-endian integer (the same order, one comparison per probe).
    #[inline]
    pub(crate) fn equal_code_range(self, key: [u8; 6]) -> core::ops::Range<usize> {
        let wide = |b: [u8; 6]| u64::from_be_bytes([0, 0, b[0], b[1], b[2], b[3], b[4], b[5]]);
        let key = wide(key);
        let start = self.partition_point(0..self.len(), |row| wide(row) < key);
        let mut end = start;
        while end < self.len() && wide(self.bytes(end)) == key {
            end += 1;
        }
        start..end
    }
}

impl Rows<2> {
    /// Row `i` as a little-endian `u16`.
    #[inline]
    pub(crate) fn u16(self, i: usize) -> u16 {
        u16::from_le_bytes(self.bytes(i))
    }
}

/// The rows of `OPCS4_INDEX_GUIDANCE` that hold the guidance naming `code` (its undotted
/// bytes), found without a search: a bit test and a count of set bits in a block of stems,
/// then the same in the stem's subdivisions, then the code's run (see `opcs4_index` in
/// `src/layout.rs`). Empty when no guidance names it.
#[inline]
pub(crate) fn opcs4_rows(code: [u8; 4]) -> core::ops::Range<usize> {
    use layout::opcs4_index::{BLOCK_SIZE, STEM_SIZE, STEMS_PER_BLOCK, stem, subdivision};
    let stem = stem(code);
    let Some(block) = crate::OPCS4_STEMS.get(stem / STEMS_PER_BLOCK * BLOCK_SIZE..) else {
        return 0..0;
    };
    let (Some(&bits), Some(&held_before)) =
        (block.first_chunk::<8>(), block[8..].first_chunk::<2>())
    else {
        return 0..0;
    };
    let bits = u64::from_le_bytes(bits);
    let bit = 1u64 << (stem % STEMS_PER_BLOCK);
    if bits & bit == 0 {
        return 0..0;
    }
    let held =
        usize::from(u16::from_le_bytes(held_before)) + (bits & (bit - 1)).count_ones() as usize;
    let Some(&[m0, m1, f0, f1]) = crate::OPCS4_SUBDIVISIONS
        .get(held * STEM_SIZE..)
        .and_then(<[u8]>::first_chunk::<4>)
    else {
        return 0..0;
    };
    let mask = u16::from_le_bytes([m0, m1]);
    let bit = 1u16 << subdivision(code[3]);
    if mask & bit == 0 {
        return 0..0;
    }
    let at = usize::from(u16::from_le_bytes([f0, f1])) + (mask & (bit - 1)).count_ones() as usize;
    let runs = OPCS4_RUNS;
    if at + 1 >= runs.len() {
        return 0..0;
    }
    usize::from(runs.u16(at))..usize::from(runs.u16(at + 1))
}

/// `OPCS4_RUNS`: where each code's guidance start in `OPCS4_INDEX_GUIDANCE`.
const OPCS4_RUNS: Rows<2> = Rows(&crate::OPCS4_RUNS);

/// `TEXT_ENDS`: where each string of `TEXT` ends.
pub(crate) const TEXT_ENDS: Rows<4> = Rows(&crate::TEXT_ENDS);
/// `LISTS`: the items of list fields (string ids, or rows of `STOCK_NOTES`).
pub(crate) const LISTS: Rows<4> = Rows(&crate::LISTS);
/// `ID_KEYS`: `programme << 16 | number` of each guidance, sorted.
pub(crate) const ID_KEYS: Rows<4> = Rows(&crate::ID_KEYS);

/// One row of `GUIDANCE`, read from its bytes (see `src/layout.rs`). String fields are ids
/// into `TEXT_ENDS`; 0 means absent.
pub(crate) struct GuidanceRecord {
    row: &'static [u8],
}

impl GuidanceRecord {
    #[inline]
    pub(crate) fn at(index: usize) -> GuidanceRecord {
        use layout::guidance::SIZE;
        GuidanceRecord {
            row: &crate::GUIDANCE[index * SIZE..(index + 1) * SIZE],
        }
    }

    #[inline]
    pub(crate) fn string(&self, field: usize) -> u32 {
        u32_at(self.row, field)
    }

    #[inline]
    pub(crate) fn byte(&self, field: usize) -> u8 {
        self.row[field]
    }

    pub(crate) fn number(&self) -> u16 {
        u16_at(self.row, layout::guidance::NUMBER)
    }

    /// Row in `NODES` of the procedure root.
    pub(crate) fn procedure(&self) -> u32 {
        u32_at(self.row, layout::guidance::PROCEDURE)
    }

    /// Row in `NODES` of the diagnosis root.
    pub(crate) fn diagnosis(&self) -> u32 {
        u32_at(self.row, layout::guidance::DIAGNOSIS)
    }

    /// List field `which` (`layout::guidance::NOTES` ...), a slice of `LISTS`.
    pub(crate) fn list(&self, which: usize) -> List {
        use layout::guidance::{LENGTHS, LISTS_START};
        let before: u32 = self.row[LENGTHS..LENGTHS + which]
            .iter()
            .map(|&n| u32::from(n))
            .sum();
        List {
            start: u32_at(self.row, LISTS_START) + before,
            len: u32::from(self.row[LENGTHS + which]),
        }
    }

    /// 1 + the row in `NODES` of the `ruled_out_by` root, or 0.
    pub(crate) fn ruled_out_by(&self) -> u32 {
        u32_at(self.row, layout::guidance::RULED_OUT_BY)
    }

    /// The guidance's slice of `SNOMED`.
    pub(crate) fn snomed(&self) -> List {
        use layout::guidance::{LENGTHS, SNOMED, SNOMED_START};
        List {
            start: u32_at(self.row, SNOMED_START),
            len: u32::from(self.row[LENGTHS + SNOMED]),
        }
    }
}

#[path = "node_kind.rs"]
pub(crate) mod kind;
#[path = "layout.rs"]
pub(crate) mod layout;

/// One row of `NODES` (with its `NODE_EXTRAS` row, if any), read from its bytes. Trees are
/// stored depth first: a node's subtree is the `subtree` rows starting at the node, and its
/// first child is the next row.
pub(crate) struct NodeRecord {
    row: &'static [u8],
}

impl NodeRecord {
    #[inline]
    pub(crate) fn at(index: u32) -> NodeRecord {
        use layout::node::SIZE;
        let index = index as usize;
        NodeRecord {
            row: &crate::NODES[index * SIZE..(index + 1) * SIZE],
        }
    }

    pub(crate) fn kind(&self) -> u8 {
        self.row[layout::node::KIND]
    }

    /// True in a diagnosis (ICD-10) tree, false in a procedure (OPCS-4) tree.
    pub(crate) fn icd10(&self) -> bool {
        self.row[layout::node::FLAGS] & layout::node::ICD10 != 0
    }

    pub(crate) fn preferred(&self) -> bool {
        self.flag(layout::node::PREFERRED)
    }

    /// True when flag `bit` (`layout::node::IN_ORDER` ...) is set.
    pub(crate) fn flag(&self, bit: u8) -> bool {
        self.row[layout::node::FLAGS] & bit != 0
    }

    /// OPCS-4 codes use the first four bytes (undotted); ICD-10 codes all six.
    pub(crate) fn code(&self) -> [u8; 6] {
        code_at(self.row, layout::node::CODE)
    }

    pub(crate) fn subtree(&self) -> u32 {
        u32::from(u16_at(self.row, layout::node::SUBTREE))
    }

    pub(crate) fn children(&self) -> u32 {
        u32::from(u16_at(self.row, layout::node::CHILDREN))
    }

    /// The code's title, or a placeholder's description.
    pub(crate) fn title(&self) -> u32 {
        u32_at(self.row, layout::node::TITLE)
    }

    /// The node's `NODE_EXTRAS` row, when it has one.
    #[inline]
    fn extra(&self) -> Option<&'static [u8]> {
        use layout::extra::SIZE;
        match u32_at(self.row, layout::node::EXTRA) as usize {
            0 => None,
            n => Some(&crate::NODE_EXTRAS[(n - 1) * SIZE..n * SIZE]),
        }
    }

    /// String field `field` of the extras (`layout::extra::NOTE` ...); 0 when absent.
    pub(crate) fn string(&self, field: usize) -> u32 {
        self.extra().map_or(0, |e| u32_at(e, field))
    }

    /// All zero when there is no default.
    pub(crate) fn default(&self) -> [u8; 6] {
        self.extra()
            .map_or([0; 6], |e| code_at(e, layout::extra::DEFAULT))
    }

    /// The stock notes, rows of `STOCK_NOTES` listed in `LISTS`.
    pub(crate) fn stock_notes(&self) -> List {
        use layout::extra::{STOCK_NOTES_LEN, STOCK_NOTES_START};
        self.extra().map_or(List { start: 0, len: 0 }, |e| List {
            start: u32_at(e, STOCK_NOTES_START),
            len: u32::from(e[STOCK_NOTES_LEN]),
        })
    }

    /// The node's `NODE_RULES` row, when it has one.
    fn rules(&self) -> Option<&'static [u8]> {
        use layout::rules::SIZE;
        match u32_at(self.extra()?, layout::extra::RULES) as usize {
            0 => None,
            n => Some(&crate::NODE_RULES[(n - 1) * SIZE..n * SIZE]),
        }
    }

    /// `u32` field `field` of the rules (`layout::rules::EXCLUDES`, `CONCURRENT` ...); 0 when
    /// absent.
    pub(crate) fn rules_u32(&self, field: usize) -> u32 {
        self.rules().map_or(0, |r| u32_at(r, field))
    }

    /// One of the rule code lists (`layout::rules::ONLY_IF_LEN`, `INSTEAD_OF_LEN`,
    /// `SUPPLEMENTARY_IF_LEN`, `EXCEPT_LEN`), rows of `RULE_CODES`.
    pub(crate) fn rule_codes(&self, which: usize) -> List {
        use layout::rules::{ONLY_IF_LEN, RULE_CODES_START};
        self.rules().map_or(List { start: 0, len: 0 }, |e| {
            let before: u32 = e[ONLY_IF_LEN..which].iter().map(|&n| u32::from(n)).sum();
            List {
                start: u32_at(e, RULE_CODES_START) + before,
                len: u32::from(e[which]),
            }
        })
    }

    /// The `includes` lines, string ids listed in `LISTS`.
    pub(crate) fn includes(&self) -> List {
        use layout::rules::{INCLUDES_LEN, INCLUDES_START};
        self.rules().map_or(List { start: 0, len: 0 }, |e| List {
            start: u32_at(e, INCLUDES_START),
            len: u32::from(e[INCLUDES_LEN]),
        })
    }

    /// A placeholder's ranges, rows of `RANGES`.
    pub(crate) fn within(&self) -> List {
        use layout::extra::{WITHIN_LEN, WITHIN_START};
        self.extra().map_or(List { start: 0, len: 0 }, |e| List {
            start: u32_at(e, WITHIN_START),
            len: u32::from(e[WITHIN_LEN]),
        })
    }
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
        TEXT_ENDS.u32(id - 1) as usize
    };
    let end = TEXT_ENDS.u32(id) as usize;
    &crate::TEXT[start..end]
}

/// String `id`, or `None` for id 0.
pub(crate) fn opt_text(id: u32) -> Option<&'static str> {
    if id == 0 { None } else { Some(text(id)) }
}

/// An iterator over the strings of a list field.
#[derive(Clone, Debug)]
pub struct Texts {
    items: core::ops::Range<usize>,
}

impl Texts {
    pub(crate) fn new(list: List) -> Texts {
        Texts {
            items: list.range(),
        }
    }
}

impl Iterator for Texts {
    type Item = &'static str;
    fn next(&mut self) -> Option<&'static str> {
        self.items.next().map(|i| text(LISTS.u32(i)))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

impl ExactSizeIterator for Texts {}
impl DoubleEndedIterator for Texts {
    fn next_back(&mut self) -> Option<&'static str> {
        self.items.next_back().map(|i| text(LISTS.u32(i)))
    }
}

#[cfg(test)]
mod size {
    //! The exact size of the generated tables for the shipped catalogue, as unicode-ident
    //! pins its tables: a change of representation shows up here, in review. BENCHMARKS.md
    //! explains the layout and compares it with the raw payload.

    use core::mem::size_of_val;

    /// Bytes of every generated table.
    fn table_bytes() -> usize {
        crate::TEXT.len()
            + size_of_val(&crate::TEXT_ENDS)
            + size_of_val(&crate::LISTS)
            + size_of_val(&crate::ID_KEYS)
            + size_of_val(&crate::GUIDANCE)
            + size_of_val(&crate::NODES)
            + size_of_val(&crate::NODE_EXTRAS)
            + size_of_val(&crate::NODE_RULES)
            + size_of_val(&crate::RANGES)
            + size_of_val(&crate::RULE_CODES)
            + size_of_val(&crate::SNOMED)
            + size_of_val(&crate::STOCK_NOTES)
            + size_of_val(&crate::OPCS4_STEMS)
            + size_of_val(&crate::OPCS4_SUBDIVISIONS)
            + size_of_val(&crate::OPCS4_RUNS)
            + size_of_val(&crate::OPCS4_INDEX_GUIDANCE)
            + size_of_val(&crate::ICD10_INDEX)
            + size_of_val(&crate::ICD10_INDEX_GUIDANCE)
            + size_of_val(&crate::ANCHORS)
            + size_of_val(&crate::ANCHOR_GUIDANCE)
            + size_of_val(&crate::UNANCHORED)
    }

    /// The raw payload: every code, title, note and other string the catalogue holds, each
    /// time it occurs (no sharing), read back through the public API. Codes count 4 bytes
    /// (OPCS-4, undotted) or 6 (ICD-10 with its marker), ranges 6, SNOMED ids 8.
    fn payload_bytes() -> usize {
        use crate::{Code, Guidance, StockNote};
        let code = |c: Code| match c {
            Code::Opcs4(_) => 4,
            Code::Icd10(_) => 6,
        };
        let text = |s: Option<&str>| s.map_or(0, str::len);
        let mut total: usize = StockNote::all().map(|n| n.key.len() + n.text.len()).sum();
        for g in Guidance::ALL.iter().copied() {
            total += g.id().len() + g.title().len() + g.source_url().len();
            for s in [
                g.opcs4_version(),
                g.icd10_edition(),
                g.published(),
                g.undated(),
                g.last_updated(),
                g.incomplete(),
                g.no_single_code_set(),
            ] {
                total += text(s);
            }
            for list in [
                g.notes(),
                g.limitations(),
                g.not_coded(),
                g.ambiguities(),
                g.body_systems(),
            ] {
                total += list.map(str::len).sum::<usize>();
            }
            total += g.replaces().map(|r| r.id().len()).sum::<usize>();
            total += g.replaced_by().map(|r| r.id().len()).sum::<usize>();
            total += g.stock_notes().count() * 4;
            total += g.snomed().map(|c| 8 + c.term.len()).sum::<usize>();
            for rule in g
                .procedure()
                .descendants()
                .chain(g.diagnosis().descendants())
            {
                total += rule.code().map_or(0, code) + rule.default_code().map_or(0, code);
                for s in [
                    rule.title(),
                    rule.printed(),
                    rule.default_title(),
                    rule.condition(),
                    rule.note(),
                    rule.sequence(),
                    rule.label(),
                    rule.description(),
                ] {
                    total += text(s);
                }
                total += rule.within().count() * 6 + rule.stock_notes().count() * 4;
                total += text(rule.concurrent()) + text(rule.chosen_by());
                total += rule.includes().map(str::len).sum::<usize>();
                for listed in rule
                    .only_if()
                    .chain(rule.instead_of())
                    .chain(rule.supplementary_if())
                    .chain(rule.except())
                {
                    total += code(listed);
                }
                for excluded in rule.excludes() {
                    total += excluded.code().map_or(0, code) + text(excluded.title());
                }
            }
            for ruled_out in g.ruled_out_by() {
                total += ruled_out.code().map_or(0, code) + text(ruled_out.title());
                total += text(ruled_out.note());
            }
        }
        total
    }

    /// The recorded size is saved in `tests/saved/table-bytes.txt`, so a change of layout
    /// shows in review. After adding or changing a guidance file, refresh it with the other
    /// saved outputs: `NICE_CODING_BLESS=1 cargo test --workspace --all-features` (and BENCHMARKS.md when
    /// the layout changed).
    #[test]
    fn generated_tables_have_the_recorded_size() {
        extern crate std;
        use std::string::ToString;
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/saved/table-bytes.txt");
        let now = table_bytes().to_string() + "\n";
        if std::env::var_os("NICE_CODING_BLESS").is_some_and(|v| v == "1") {
            std::fs::write(path, &now).expect("write tests/saved/table-bytes.txt");
            return;
        }
        let saved = std::fs::read_to_string(path).expect("read tests/saved/table-bytes.txt");
        assert_eq!(
            now,
            saved,
            "the tables' size differs from tests/saved/table-bytes.txt (payload {}); if a guidance change explains it, run `NICE_CODING_BLESS=1 cargo test --workspace --all-features`",
            payload_bytes()
        );
    }

    #[test]
    fn tables_are_at_most_twice_the_raw_payload() {
        let (tables, payload) = (table_bytes(), payload_bytes());
        assert!(
            tables <= 2 * payload,
            "tables {tables} bytes, payload {payload} bytes"
        );
    }
}
