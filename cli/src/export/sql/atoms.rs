//! Atoms: the distinct tests of one episode code that the catalogue's rules make ("holds a
//! code that `Y53.-` covers", "holds a code of a category in `C71-C74`"). The generated SQL
//! looks each episode code up in the atoms table by its three-character stem, sets the bits
//! of the atoms it meets in the episode's bit words, then evaluates the candidate guidance's
//! trees over those bits.
//!
//! An episode code is normalised to its key: undotted, without white space, `-` or marker,
//! OPCS-4 in capitals (`K578`, `Y53`) and ICD-10 in small letters (`i509`, `m8008`, `i48x`,
//! `h198`), so the case of a key says which classification it is read from. A rule's test is
//! then an equality on the first 3, 4 or 5 characters of the key, as `Code::covers` and the
//! matching module's X-filled rule define it:
//!
//! | rule | atom |
//! |---|---|
//! | OPCS-4 category `Y53.-` | first 3 characters `Y53` |
//! | OPCS-4 code `K57.8` | the key `K578` (4 characters) |
//! | ICD-10 category `C50.-`, X-filled `I48.X` | first 3 characters `c50`, `i48` |
//! | ICD-10 four-character `I50.9` | first 4 characters `i509` (its subdivisions too) |
//! | ICD-10 five-character `M80.08` | the key `m8008` (5 characters) |
//! | placeholder within ranges | first 3 characters, one row per category in the ranges |
//!
//! Atom `n` (from 1) is bit `(n - 1) % 63` of word `(n - 1) / 63`: 63 bits a word, so every
//! bit value is a positive `BIGINT` in every engine.

use nice_coding::{Code, Rule};
use std::collections::BTreeMap;

/// Which of an episode's codes a test reads: procedures (OPCS-4) or diagnoses (ICD-10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tree {
    Procedure,
    Diagnosis,
}

impl Tree {
    /// `prefix` in the case of this tree's keys: capitals for OPCS-4, small letters for ICD-10.
    pub fn cased(self, prefix: &str) -> String {
        match self {
            Tree::Procedure => prefix.to_ascii_uppercase(),
            Tree::Diagnosis => prefix.to_ascii_lowercase(),
        }
    }

    fn of(code: Code) -> Tree {
        match code {
            Code::Opcs4(_) => Tree::Procedure,
            Code::Icd10(_) => Tree::Diagnosis,
        }
    }
}

/// What an atom tests.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Test {
    /// The first `value.len()` characters of a key equal `value`.
    Prefix(Tree, String),
    /// The first 3 characters are one of these categories.
    Categories(Tree, Vec<String>),
}

/// The atoms of the catalogue, numbered from 1 in the order first met.
#[derive(Debug, Default)]
pub struct Atoms {
    numbers: BTreeMap<Test, usize>,
    tests: Vec<Test>,
}

/// The key prefix a rule code tests: see the module docs.
fn prefix(code: Code) -> String {
    let text: String = code.to_string().chars().filter(|&c| c != '.').collect();
    match code {
        Code::Opcs4(c) if c.is_category() => text[..3].to_owned(),
        Code::Opcs4(_) => text,
        Code::Icd10(c) if c.is_category() || c.is_x_filled() => text[..3].to_owned(),
        Code::Icd10(_) => text.trim_end_matches(['D', 'A']).to_owned(),
    }
}

impl Atoms {
    fn number(&mut self, test: Test) -> usize {
        if let Some(&n) = self.numbers.get(&test) {
            return n;
        }
        self.tests.push(test.clone());
        let n = self.tests.len();
        self.numbers.insert(test, n);
        n
    }

    /// The atom "the episode holds a code that `code` covers" among the codes of `tree`;
    /// `None` when `code` is of the other classification, which no code of `tree` satisfies.
    pub fn code(&mut self, code: Code, tree: Tree) -> Option<usize> {
        (Tree::of(code) == tree).then(|| self.number(Test::Prefix(tree, prefix(code))))
    }

    /// The atom "the episode holds a code of `code`'s classification that `code` covers":
    /// `ruled_out_by` codes are looked for in either tree.
    pub fn code_anywhere(&mut self, code: Code) -> usize {
        self.number(Test::Prefix(Tree::of(code), prefix(code)))
    }

    /// The atom of a placeholder with ranges: the episode holds a code of `tree` whose
    /// category lies in one of them. `None` for a placeholder without ranges.
    pub fn ranges(&mut self, rule: Rule, tree: Tree) -> Option<usize> {
        let ranges: Vec<(String, String)> = rule
            .within()
            .map(|r| (r.first().to_owned(), r.last().to_owned()))
            .collect();
        if ranges.is_empty() {
            return None;
        }
        let categories = all_categories()
            .filter(|c| ranges.iter().any(|(first, last)| first <= c && c <= last))
            .collect();
        Some(self.number(Test::Categories(tree, categories)))
    }

    /// The rows of the atoms table: (atom, prefix in its tree's case), by atom.
    pub fn rows(&self) -> Vec<(usize, String)> {
        let mut rows = Vec::new();
        for (i, test) in self.tests.iter().enumerate() {
            match test {
                Test::Prefix(tree, value) => rows.push((i + 1, tree.cased(value))),
                Test::Categories(tree, categories) => {
                    rows.extend(categories.iter().map(|c| (i + 1, tree.cased(c))))
                }
            }
        }
        rows
    }

    /// How many bit words hold an episode's atoms.
    pub fn words(&self) -> usize {
        self.tests.len().div_ceil(BITS)
    }

    /// The three-character stems of an atom's rows (in its tree's case): a code whose stem is
    /// not one of these holds no atom.
    pub fn stems(&self, atom: usize) -> Vec<String> {
        let mut stems: Vec<String> = self
            .rows()
            .into_iter()
            .filter(|(a, _)| *a == atom)
            .map(|(_, prefix)| prefix[..3].to_owned())
            .collect();
        stems.sort();
        stems.dedup();
        stems
    }
}

/// Bits used in a word: 63, leaving the sign bit alone.
const BITS: usize = 63;

/// The word and the bit value of atom `atom` (from 1).
pub fn word_bit(atom: usize) -> (usize, u64) {
    ((atom - 1) / BITS, 1 << ((atom - 1) % BITS))
}

/// Every three-character category, `A00` to `Z99`, in order.
fn all_categories() -> impl Iterator<Item = String> {
    (b'A'..=b'Z').flat_map(|letter| (0..100).map(move |n| format!("{}{n:02}", letter as char)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nice_coding::{icd10, opcs4};

    #[test]
    fn each_kind_of_rule_code_tests_the_prefix_it_covers() {
        let cases = [
            (Code::Opcs4(opcs4!("Y53.-")), "Y53"),
            (Code::Opcs4(opcs4!("K57.8")), "K578"),
            (Code::Icd10(icd10!("C50.-")), "C50"),
            (Code::Icd10(icd10!("I48.X")), "I48"),
            (Code::Icd10(icd10!("I50.9")), "I509"),
            (Code::Icd10(icd10!("M80.08")), "M8008"),
            (Code::Icd10(icd10!("H19.8A")), "H198"),
        ];
        for (code, expected) in cases {
            assert_eq!(prefix(code), expected, "{code}");
        }
    }

    #[test]
    fn keys_are_cased_by_tree_and_atoms_numbered_into_words() {
        let mut atoms = Atoms::default();
        atoms.code(Code::Opcs4(opcs4!("K57.8")), Tree::Procedure);
        atoms.code(Code::Icd10(icd10!("I50.9")), Tree::Diagnosis);
        assert_eq!(
            atoms.rows(),
            [(1, "K578".to_owned()), (2, "i509".to_owned())]
        );
        assert_eq!(atoms.stems(2), ["i50"]);
        assert_eq!(atoms.words(), 1);
        assert_eq!(word_bit(1), (0, 1));
        assert_eq!(word_bit(63), (0, 1 << 62));
        assert_eq!(word_bit(64), (1, 1));
    }

    #[test]
    fn a_code_of_the_other_classification_has_no_atom() {
        let mut atoms = Atoms::default();
        assert_eq!(
            atoms.code(Code::Icd10(icd10!("I50.9")), Tree::Procedure),
            None
        );
        assert_eq!(
            atoms.code(Code::Opcs4(opcs4!("K57.8")), Tree::Procedure),
            Some(1)
        );
        assert_eq!(
            atoms.code(Code::Opcs4(opcs4!("K57.8")), Tree::Procedure),
            Some(1)
        );
        assert_eq!(atoms.code_anywhere(Code::Icd10(icd10!("I50.9"))), 2);
    }
}
