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
//! | category with `except` codes (`L89.-` but `L89.8`, `L89.9`) | first 4 characters, one row per fourth character not excepted (`L890` ... `L897`); under an ICD-10 exception of five characters, first 5, and the four-character key alone |
//!
//! A row compares the key's first `width` characters with its prefix. The width is the
//! prefix's length but for the four-character key alone of an exception's split (`m800` of
//! width 5): `SUBSTR('m800', 1, 5)` is `m800`, while `SUBSTR('m8008', 1, 5)` is not.
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
    /// The first `width` characters of a key equal `prefix`, for one of these `(width,
    /// prefix)` pairs: a category less its `except` codes.
    Prefixes(Tree, Vec<(usize, String)>),
}

/// The atoms of the catalogue, numbered from 1 in the order first met.
#[derive(Debug, Default)]
pub struct Atoms {
    numbers: BTreeMap<Test, usize>,
    tests: Vec<Test>,
}

/// The key prefix a rule code tests: see the module docs.
fn prefix(code: Code) -> String {
    let text: String = code
        .bare()
        .to_string()
        .chars()
        .filter(|&c| c != '.')
        .collect();
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

    /// The atom "the episode holds a code that the category `code` covers and none of
    /// `except` does" (a category whose `except` codes must not be used); the plain code's
    /// atom when `except` is empty.
    ///
    /// The category's keys are split by their fourth character (a digit, or for ICD-10 `X`):
    /// a fourth character an exception names whole is left out; one under which an ICD-10
    /// exception names a fifth character is split again, keeping the four-character key alone
    /// and the other fifth characters.
    pub fn code_except(&mut self, code: Code, except: &[Code], tree: Tree) -> Option<usize> {
        if except.is_empty() || !code.is_category() {
            return self.code(code, tree);
        }
        if Tree::of(code) != tree {
            return None;
        }
        let stem = prefix(code);
        let excepted: Vec<String> = except.iter().map(|&e| prefix(e)).collect();
        let fourth: &[char] = match code {
            Code::Opcs4(_) => &['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
            Code::Icd10(_) => &['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'],
        };
        let mut pairs = Vec::new();
        for c in fourth {
            let four = format!("{stem}{c}");
            if excepted.contains(&four) {
                continue;
            }
            let fifths: Vec<&String> = excepted
                .iter()
                .filter(|e| e.len() == 5 && e.starts_with(&four))
                .collect();
            if fifths.is_empty() {
                pairs.push((4, four));
                continue;
            }
            pairs.push((5, four.clone()));
            for d in '0'..='9' {
                let five = format!("{four}{d}");
                if !fifths.contains(&&five) {
                    pairs.push((5, five));
                }
            }
        }
        Some(self.number(Test::Prefixes(tree, pairs)))
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

    /// The rows of the atoms table: (atom, prefix in its tree's case), by atom. A row
    /// compares the first [`Row::width`] characters of a key with its prefix.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        for (i, test) in self.tests.iter().enumerate() {
            let atom = i + 1;
            match test {
                Test::Prefix(tree, value) => rows.push(Row::new(atom, tree.cased(value))),
                Test::Categories(tree, categories) => {
                    rows.extend(categories.iter().map(|c| Row::new(atom, tree.cased(c))))
                }
                Test::Prefixes(tree, pairs) => rows.extend(pairs.iter().map(|(width, p)| Row {
                    atom,
                    prefix: tree.cased(p),
                    width: *width,
                })),
            }
        }
        rows
    }

    /// How many bit words hold an episode's atoms.
    pub fn words(&self) -> usize {
        self.tests.len().div_ceil(BITS)
    }

    /// How many episode keys `atom` covers, in tenths of a four-character code: a prefix of
    /// 3 characters (a category) weighs 100, of 4 weighs 10, of 5 weighs 1, and a ranged
    /// placeholder weighs its categories. Among the entries one of which must be held, the
    /// narrowest makes the fewest candidate episodes (see `Expressions::anchors`).
    pub fn breadth(&self, atom: usize) -> usize {
        let weight = |width: usize| 10usize.pow(5u32.saturating_sub(width as u32));
        match &self.tests[atom - 1] {
            Test::Prefix(_, value) => weight(value.len()),
            Test::Categories(_, categories) => categories.len() * weight(3),
            Test::Prefixes(_, pairs) => pairs.iter().map(|(width, _)| weight(*width)).sum(),
        }
    }

    /// The prefixes of an atom's rows cut to their first `width` characters (in its tree's
    /// case): a code whose key starts with none of these does not hold the atom. Width 3 gives
    /// the stems.
    pub fn prefixes(&self, atom: usize, width: usize) -> Vec<String> {
        let mut prefixes: Vec<String> = self
            .rows()
            .into_iter()
            .filter(|row| row.atom == atom)
            .map(|row| row.prefix[..row.prefix.len().min(width)].to_owned())
            .collect();
        prefixes.sort();
        prefixes.dedup();
        prefixes
    }
}

/// A row of the atoms table: the key's first `width` characters equal `prefix` for `atom`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub atom: usize,
    pub prefix: String,
    /// The characters of the key compared: the prefix's length, or 5 for a four-character key
    /// that must hold no fifth character (see the module docs).
    pub width: usize,
}

impl Row {
    fn new(atom: usize, prefix: String) -> Row {
        let width = prefix.len();
        Row {
            atom,
            prefix,
            width,
        }
    }
}

/// Bits used in a word: 63, leaving the sign bit alone.
pub const BITS: usize = 63;

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
        let rows: Vec<(usize, String)> = atoms
            .rows()
            .into_iter()
            .map(|r| (r.atom, r.prefix))
            .collect();
        assert_eq!(rows, [(1, "K578".to_owned()), (2, "i509".to_owned())]);
        assert_eq!(atoms.prefixes(2, 3), ["i50"]);
        assert_eq!(atoms.prefixes(2, 4), ["i509"]);
        assert_eq!((atoms.breadth(1), atoms.breadth(2)), (10, 10));
        assert_eq!(atoms.words(), 1);
        assert_eq!(word_bit(1), (0, 1));
        assert_eq!(word_bit(63), (0, 1 << 62));
        assert_eq!(word_bit(64), (1, 1));
    }

    /// IPG74's shape: `L89.-` except `L89.8` and `L89.9` holds every key of `L89` but those
    /// two, as `Rule::accepts` reads it; an ICD-10 exception of five characters keeps the
    /// rest of its four-character code, and the four-character key alone.
    #[test]
    fn a_category_less_its_except_codes_tests_the_other_keys() {
        let mut atoms = Atoms::default();
        let l89 = Code::Opcs4(opcs4!("L89.-"));
        let except = [Code::Opcs4(opcs4!("L89.8")), Code::Opcs4(opcs4!("L89.9"))];
        let atom = atoms.code_except(l89, &except, Tree::Procedure);
        assert_eq!(atom, Some(1));
        let rows: Vec<String> = atoms.rows().into_iter().map(|r| r.prefix).collect();
        assert_eq!(
            rows,
            [
                "L890", "L891", "L892", "L893", "L894", "L895", "L896", "L897"
            ]
        );
        assert!(atoms.rows().iter().all(|r| r.width == 4));
        assert_eq!(atoms.prefixes(1, 3), ["L89"]);
        // Without exceptions it is the category's own atom.
        assert_eq!(atoms.code_except(l89, &[], Tree::Procedure), Some(2));
        assert_eq!(atoms.code(l89, Tree::Procedure), Some(2));

        let mut atoms = Atoms::default();
        let m80 = Code::Icd10(icd10!("M80.-"));
        let except = [Code::Icd10(icd10!("M80.08")), Code::Icd10(icd10!("M80.1"))];
        atoms.code_except(m80, &except, Tree::Diagnosis);
        let rows: Vec<(usize, String)> = atoms
            .rows()
            .into_iter()
            .map(|r| (r.width, r.prefix))
            .collect();
        // m800 alone (width 5: no fifth character) and m8001, not m8008 nor m801.
        assert!(rows.contains(&(5, "m800".into())) && rows.contains(&(5, "m8001".into())));
        assert!(
            !rows
                .iter()
                .any(|r| r.1 == "m8008" || r.1 == "m801" || r.1 == "m800" && r.0 == 4)
        );
        assert!(rows.contains(&(4, "m80x".into())) && rows.contains(&(4, "m802".into())));
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
