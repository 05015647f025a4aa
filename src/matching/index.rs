//! The episode-matching index: [`matches()`] finds the candidate guidance of an episode through
//! the anchor table generated at build time (see the [`matching`](crate::matching) module for the
//! cost model), and [`matches_naive`] is the baseline it is tested against.

use super::walk::Status;
use super::{Episode, Evaluation};
use crate::code::Opcs4Code;
use crate::tables::layout::{extra, guidance as record, node};
use crate::tables::{Rows, kind};
use crate::{
    ANCHOR_GUIDANCE, ANCHORS, GUIDANCE, GUIDANCE_WORDS, Guidance, NODE_EXTRAS, NODES, RANGES,
    UNANCHORED,
};

// The candidate bitset has one bit per guidance.
const _: () = assert!(GUIDANCE_WORDS * 64 >= Guidance::COUNT);

/// Every guidance whose procedure an episode matches, found through the anchor index, in
/// catalogue order; see [`matches()`].
#[derive(Clone, Debug)]
pub struct Matches<'a> {
    episode: Episode<'a>,
    candidates: [u64; GUIDANCE_WORDS],
    word: usize,
}

impl Matches<'_> {
    /// How many candidate guidance are still to be evaluated: the index narrows the catalogue
    /// to these before any tree is walked.
    pub fn remaining_candidates(&self) -> usize {
        self.candidates[self.word..]
            .iter()
            .map(|w| w.count_ones() as usize)
            .sum()
    }
}

impl<'a> Iterator for Matches<'a> {
    type Item = Evaluation<'a>;

    fn next(&mut self) -> Option<Evaluation<'a>> {
        while self.word < GUIDANCE_WORDS {
            let bits = self.candidates[self.word];
            if bits == 0 {
                self.word += 1;
                continue;
            }
            self.candidates[self.word] = bits & (bits - 1);
            let row = self.word * 64 + bits.trailing_zeros() as usize;
            let guidance = Guidance::ALL[row];
            // The diagnosis tree is walked only for a guidance whose procedure matches: most
            // candidates do not.
            let procedure = self.episode.procedure_status(guidance);
            if procedure == Status::Met {
                let patient = self.episode.patient(guidance);
                return Some(Evaluation {
                    guidance,
                    episode: self.episode,
                    procedure,
                    diagnosis: self.episode.diagnosis_status(guidance, patient),
                    patient,
                });
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.remaining_candidates()))
    }
}

/// A set of three-character stems (`K57`: a letter and two digits), one bit each.
type Stems = [u64; 2600usize.div_ceil(64)];

/// The bit of a stem in [`Stems`]; `code` holds the stem in its first three bytes.
const fn stem_index(code: [u8; 4]) -> usize {
    (code[0].wrapping_sub(b'A') as usize % 26) * 100
        + (code[1].wrapping_sub(b'0') as usize % 10) * 10
        + code[2].wrapping_sub(b'0') as usize % 10
}

const fn add_stem(stems: &mut Stems, stem: usize) {
    stems[stem / 64] |= 1 << (stem % 64);
}

fn has_stem(stems: &Stems, code: Opcs4Code) -> bool {
    let stem = stem_index(code.0);
    stems[stem / 64] & (1 << (stem % 64)) != 0
}

/// The stems of the anchors: most episode codes have none of them, and are passed over without
/// searching the anchor table.
static ANCHOR_STEMS: Stems = {
    let mut stems = [0; 2600usize.div_ceil(64)];
    let mut i = 0;
    while i + 4 <= ANCHORS.len() {
        let anchor = [ANCHORS[i], ANCHORS[i + 1], ANCHORS[i + 2], ANCHORS[i + 3]];
        add_stem(&mut stems, stem_index(anchor));
        i += 4;
    }
    stems
};

/// A little-endian `u32` of a byte table, in a constant.
const fn le_u32(table: &[u8], at: usize) -> usize {
    u32::from_le_bytes([table[at], table[at + 1], table[at + 2], table[at + 3]]) as usize
}

/// The stems of every code rule and every placeholder range in the procedures of the
/// guidance without anchors. Such a procedure matches only when an episode code satisfies one
/// of its rules (it must be confirmed by a code, see the module docs), so only an episode
/// holding a code of one of these stems makes them candidates.
static UNANCHORED_STEMS: Stems = {
    let mut stems = [0; 2600usize.div_ceil(64)];
    let mut u = 0;
    while u < UNANCHORED.len() {
        let root = le_u32(
            &GUIDANCE,
            UNANCHORED[u] as usize * record::SIZE + record::PROCEDURE,
        );
        let subtree = {
            let at = root * node::SIZE + node::SUBTREE;
            u16::from_le_bytes([NODES[at], NODES[at + 1]]) as usize
        };
        let mut n = root;
        while n < root + subtree {
            let row = n * node::SIZE;
            let node_kind = NODES[row + node::KIND];
            if node_kind == kind::OPCS4 {
                let c = row + node::CODE;
                add_stem(
                    &mut stems,
                    stem_index([NODES[c], NODES[c + 1], NODES[c + 2], NODES[c + 3]]),
                );
            } else if node_kind == kind::PLACEHOLDER && le_u32(&NODES, row + node::EXTRA) != 0 {
                let e = (le_u32(&NODES, row + node::EXTRA) - 1) * extra::SIZE;
                let start = le_u32(&NODE_EXTRAS, e + extra::WITHIN_START);
                let len = NODE_EXTRAS[e + extra::WITHIN_LEN] as usize;
                let mut r = start;
                while r < start + len {
                    let [a, b, c, d, e, f] = RANGES[r];
                    let mut stem = stem_index([a, b, c, 0]);
                    while stem <= stem_index([d, e, f, 0]) {
                        add_stem(&mut stems, stem);
                        stem += 1;
                    }
                    r += 1;
                }
            }
            n += 1;
        }
        u += 1;
    }
    stems
};

/// Sets the bit of every guidance anchored by `code` itself or by its category.
///
/// The anchors of one three-character stem are contiguous in the sorted table, the category
/// first (`-` sorts before the digits), so one binary search finds both.
fn mark(candidates: &mut [u64; GUIDANCE_WORDS], code: Opcs4Code) {
    if !has_stem(&ANCHOR_STEMS, code) {
        return;
    }
    let key = code.0;
    let category = code.category().0;
    let (anchors, guidance) = (Rows::<4>(&ANCHORS), Rows::<2>(&ANCHOR_GUIDANCE));
    let wide = u32::from_be_bytes;
    let start = anchors.partition_point(0..anchors.len(), |c| wide(c) < wide(category));
    for i in start..anchors.len() {
        let anchor = anchors.bytes(i);
        if anchor[..3] != key[..3] {
            break;
        }
        if anchor == key || anchor == category {
            let row = guidance.u16(i);
            candidates[row as usize / 64] |= 1 << (row % 64);
        }
    }
}

/// Every guidance whose procedure the episode matches, in catalogue order, each with its
/// [`Evaluation`] (check [`Evaluation::outcome`] for the diagnosis).
///
/// Does not test every guidance: each episode procedure code is looked up in an index of
/// anchor codes generated at build time, by itself and by its category, and only the guidance
/// found (plus the few without anchors, when the episode holds a code they could be
/// confirmed by) are evaluated. See the [`matching`](crate::matching)
/// module for the cost model. Returns the same guidance as [`matches_naive`].
///
/// ```
/// use nice_coding::{Episode, icd10, ipg, opcs4};
///
/// // IPG401 makes Y89.- conditional, IPG459 requires it: with it, the episode matches both.
/// let procedures = [opcs4!("J12.3"), opcs4!("X65.3"), opcs4!("Y36.4"), opcs4!("Y89.1"), opcs4!("Y53.4")];
/// let diagnoses = [icd10!("C78.7"), icd10!("C18.7")];
/// let episode = Episode::new(&procedures, &diagnoses);
/// let found: Vec<_> = nice_coding::matches(&episode).map(|e| e.guidance()).collect();
/// assert_eq!(found, [ipg::IPG401, ipg::IPG459]);
/// ```
pub fn matches<'a>(episode: &Episode<'a>) -> Matches<'a> {
    let mut candidates = [0u64; GUIDANCE_WORDS];
    if episode
        .procedures
        .iter()
        .any(|&code| has_stem(&UNANCHORED_STEMS, code))
    {
        for &row in &UNANCHORED {
            candidates[row as usize / 64] |= 1 << (row % 64);
        }
    }
    for &code in episode.procedures {
        mark(&mut candidates, code);
    }
    Matches {
        episode: *episode,
        candidates,
        word: 0,
    }
}

/// The same as [`matches()`], by evaluating every guidance in the catalogue: the baseline that
/// [`matches()`] is tested against, and the cost it avoids ([`Guidance::COUNT`] evaluations per
/// episode).
///
/// Not part of the public API (hidden from the documentation, may change or go in any
/// release): the tests and benchmarks reach it; users call [`matches()`].
#[doc(hidden)]
pub fn matches_naive<'a>(episode: &Episode<'a>) -> impl Iterator<Item = Evaluation<'a>> + use<'a> {
    let episode = *episode;
    Guidance::ALL
        .iter()
        .map(move |g| g.evaluate(&episode))
        .filter(Evaluation::is_match)
}
