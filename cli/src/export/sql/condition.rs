//! Conditions on the atoms an episode holds, written as SQL booleans: a rule's state is
//! written as whether it is met and whether it is failed (see `tree`). A condition of mask
//! tests is a fraction of the text of the products of 0, 1 and 2 that wrote the states
//! before, which Spark parses, plans and compiles on every run (BENCHMARKS.md, section 4).
//!
//! The constructors simplify as they build: constants fold away, nested `AND`s and `OR`s
//! flatten, the atoms of an `AND` become one test of each word's mask (`(w0 & 56) = 56`: the
//! episode holds atoms 4, 5 and 6) and those of an `OR` one test of any bit
//! (`(w0 & 3) <> 0`), and a part written twice is written once.
//!
//! [`Cases`] is a `CASE` of conditions: the value of the first arm that holds.

use super::atoms::word_bit;
use std::collections::BTreeMap;

/// A condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    Constant(bool),
    /// The episode holds every one of these atoms (at least one, in order, each once).
    All(Vec<usize>),
    /// The episode holds any of these atoms (at least two, in order, each once).
    Any(Vec<usize>),
    /// Every one of these holds (at least two, none a constant, an `And` or an `All`
    /// but the first).
    And(Vec<Condition>),
    /// Any of these holds (at least two, none a constant, an `Or`, or an atom's test but
    /// the first).
    Or(Vec<Condition>),
    /// This does not hold (not a constant or a `Not`).
    Not(Box<Condition>),
}

impl Condition {
    /// The episode holds `atom`; never, for a code that no code of the tree can be (`None`).
    pub fn atom(atom: Option<usize>) -> Condition {
        match atom {
            Some(atom) => Condition::All(vec![atom]),
            None => Condition::Constant(false),
        }
    }

    /// The episode holds any of `atoms`; never, when there are none.
    pub fn holds_any(mut atoms: Vec<usize>) -> Condition {
        atoms.sort_unstable();
        atoms.dedup();
        match atoms.len() {
            0 => Condition::Constant(false),
            1 => Condition::All(atoms),
            _ => Condition::Any(atoms),
        }
    }

    /// Every one of `parts` holds; true when there are none.
    pub fn and(parts: Vec<Condition>) -> Condition {
        let mut atoms = Vec::new();
        let mut others = Vec::new();
        for part in parts.into_iter().flat_map(|p| match p {
            Condition::And(inner) => inner,
            other => vec![other],
        }) {
            match part {
                Condition::Constant(true) => {}
                Condition::Constant(false) => return Condition::Constant(false),
                Condition::All(held) => atoms.extend(held),
                other if !others.contains(&other) => others.push(other),
                _ => {}
            }
        }
        atoms.sort_unstable();
        atoms.dedup();
        if !atoms.is_empty() {
            others.insert(0, Condition::All(atoms));
        }
        match others.len() {
            0 => Condition::Constant(true),
            1 => others.remove(0),
            _ => Condition::And(others),
        }
    }

    /// Any of `parts` holds; false when there are none.
    pub fn or(parts: Vec<Condition>) -> Condition {
        let mut atoms = Vec::new();
        let mut others = Vec::new();
        for part in parts.into_iter().flat_map(|p| match p {
            Condition::Or(inner) => inner,
            other => vec![other],
        }) {
            match part {
                Condition::Constant(false) => {}
                Condition::Constant(true) => return Condition::Constant(true),
                Condition::All(held) if held.len() == 1 => atoms.extend(held),
                Condition::Any(held) => atoms.extend(held),
                other if !others.contains(&other) => others.push(other),
                _ => {}
            }
        }
        if !atoms.is_empty() {
            others.insert(0, Condition::holds_any(atoms));
        }
        match others.len() {
            0 => Condition::Constant(false),
            1 => others.remove(0),
            _ => Condition::Or(others),
        }
    }

    /// The condition does not hold.
    pub fn not(self) -> Condition {
        match self {
            Condition::Constant(value) => Condition::Constant(!value),
            Condition::Not(inner) => *inner,
            other => Condition::Not(Box::new(other)),
        }
    }

    /// The condition as SQL, with the parentheses it needs within an `AND`, an `OR` or a
    /// `CASE`.
    pub fn sql(&self) -> String {
        self.render().0
    }

    /// The SQL, and how loosely it binds.
    fn render(&self) -> (String, Binding) {
        let join = |parts: &[Condition], with: &str, wrap: Binding| {
            let parts: Vec<String> = parts
                .iter()
                .map(|part| match part.render() {
                    (text, binding) if binding >= wrap => format!("({text})"),
                    (text, _) => text,
                })
                .collect();
            parts.join(with)
        };
        match self {
            Condition::Constant(true) => ("TRUE".to_owned(), Binding::Comparison),
            Condition::Constant(false) => ("FALSE".to_owned(), Binding::Comparison),
            Condition::All(atoms) => mask_tests(atoms, Test::Every),
            Condition::Any(atoms) => mask_tests(atoms, Test::Some),
            Condition::And(parts) => (join(parts, " AND ", Binding::Or), Binding::And),
            Condition::Or(parts) => (join(parts, " OR ", Binding::Never), Binding::Or),
            Condition::Not(inner) => match &**inner {
                // "Not every bit" and "no bit" are tests of the masks themselves.
                Condition::All(atoms) => mask_tests(atoms, Test::NotEvery),
                Condition::Any(atoms) => mask_tests(atoms, Test::None),
                inner => (format!("NOT ({})", inner.sql()), Binding::Comparison),
            },
        }
    }
}

/// A `CASE` of conditions: the value of the first arm whose condition holds, else
/// `otherwise`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cases<V> {
    pub arms: Vec<(Condition, V)>,
    pub otherwise: V,
}

impl<V> Cases<V> {
    /// Always `value`.
    pub fn always(value: V) -> Cases<V> {
        Cases {
            arms: Vec::new(),
            otherwise: value,
        }
    }

    /// As SQL, each value written by `value`; the value itself when there are no arms.
    pub fn sql(&self, value: &dyn Fn(&V) -> String) -> String {
        if self.arms.is_empty() {
            return value(&self.otherwise);
        }
        let arms: Vec<String> = self
            .arms
            .iter()
            .map(|(condition, v)| format!("WHEN {} THEN {}", condition.sql(), value(v)))
            .collect();
        format!(
            "CASE {} ELSE {} END",
            arms.join(" "),
            value(&self.otherwise)
        )
    }
}

impl<V: Clone> Cases<Cases<V>> {
    /// The same choice as one `CASE`: an arm's condition with each of its inner arms' in
    /// turn, then alone with its inner `otherwise`; then the outer `otherwise`'s arms.
    pub fn flatten(&self) -> Cases<V> {
        let mut arms = Vec::new();
        for (condition, inner) in &self.arms {
            for (inner_condition, value) in &inner.arms {
                arms.push((
                    Condition::and(vec![condition.clone(), inner_condition.clone()]),
                    value.clone(),
                ));
            }
            arms.push((condition.clone(), inner.otherwise.clone()));
        }
        arms.extend(self.otherwise.arms.iter().cloned());
        Cases {
            arms,
            otherwise: self.otherwise.otherwise.clone(),
        }
    }
}

/// How loosely an expression binds, from tightest: an expression of a lower binding needs no
/// parentheses as a part of one of a higher.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Binding {
    /// A comparison, a constant, or a `NOT` of a parenthesized condition.
    Comparison,
    And,
    Or,
    /// Looser than anything: a part of an `OR` is never wrapped.
    Never,
}

/// What [`mask_tests`] tests of the atoms, or a literal of a clause of [`super::clauses`]
/// of one word's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Test {
    /// The episode holds every one.
    Every,
    /// It holds at least one.
    Some,
    /// It lacks at least one.
    NotEvery,
    /// It holds none.
    None,
}

/// A test of the atoms: one comparison of each word's mask, the sum of its atoms' bits, in
/// word order, joined by `AND` or `OR`.
fn mask_tests(atoms: &[usize], test: Test) -> (String, Binding) {
    let masks = masks(atoms);
    let tests: Vec<String> = masks
        .iter()
        .map(|(word, mask)| match test {
            Test::Every => format!("(w{word} & {mask}) = {mask}"),
            Test::Some => format!("(w{word} & {mask}) <> 0"),
            Test::NotEvery => format!("(w{word} & {mask}) <> {mask}"),
            Test::None => format!("(w{word} & {mask}) = 0"),
        })
        .collect();
    let (with, binding) = match test {
        Test::Every | Test::None => (" AND ", Binding::And),
        Test::Some | Test::NotEvery => (" OR ", Binding::Or),
    };
    match tests.len() {
        1 => (tests.join(""), Binding::Comparison),
        _ => (tests.join(with), binding),
    }
}

/// Each word's mask of `atoms`: the sum of their bits in it, in word order.
pub fn masks(atoms: &[usize]) -> BTreeMap<usize, u64> {
    let mut masks: BTreeMap<usize, u64> = BTreeMap::new();
    for &atom in atoms {
        let (word, bit) = word_bit(atom);
        *masks.entry(word).or_default() |= bit;
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(n: usize) -> Condition {
        Condition::atom(Some(n))
    }

    #[test]
    fn the_atoms_of_an_and_are_one_test_of_each_words_mask() {
        // Atoms 1 and 3 are bits 0 and 2 of w0; atom 64 is bit 0 of w1.
        let held = Condition::and(vec![atom(64), atom(3), atom(1), atom(3)]);
        assert_eq!(held, Condition::All(vec![1, 3, 64]));
        assert_eq!(held.sql(), "(w0 & 5) = 5 AND (w1 & 1) = 1");
        assert_eq!(atom(3).sql(), "(w0 & 4) = 4");
        // Other parts follow the atoms' test, each once.
        let either = Condition::or(vec![atom(2), atom(4)]);
        let mixed = Condition::and(vec![either.clone(), atom(1), either.clone()]);
        assert_eq!(mixed, Condition::And(vec![atom(1), either]));
        assert_eq!(mixed.sql(), "(w0 & 1) = 1 AND (w0 & 10) <> 0");
    }

    #[test]
    fn the_atoms_of_an_or_are_one_test_of_any_bit() {
        let any = Condition::or(vec![atom(65), atom(2), Condition::holds_any(vec![1, 2])]);
        assert_eq!(any, Condition::Any(vec![1, 2, 65]));
        assert_eq!(any.sql(), "(w0 & 3) <> 0 OR (w1 & 2) <> 0");
        // An `all` of several atoms is a part of its own.
        let both = Condition::and(vec![atom(3), atom(4)]);
        let mixed = Condition::or(vec![both.clone(), atom(2)]);
        assert_eq!(mixed, Condition::Or(vec![atom(2), both]));
        assert_eq!(mixed.sql(), "(w0 & 2) = 2 OR (w0 & 12) = 12");
    }

    #[test]
    fn constants_fold_away() {
        let (yes, no) = (Condition::Constant(true), Condition::Constant(false));
        assert_eq!(Condition::and(vec![yes.clone(), atom(1)]), atom(1));
        assert_eq!(Condition::and(vec![no.clone(), atom(1)]), no);
        assert_eq!(Condition::and(Vec::new()), yes);
        assert_eq!(Condition::or(vec![no.clone(), atom(1)]), atom(1));
        assert_eq!(Condition::or(vec![yes.clone(), atom(1)]), yes);
        assert_eq!(Condition::or(Vec::new()), no);
        assert_eq!(Condition::holds_any(Vec::new()), no);
        assert_eq!(Condition::atom(None), no);
        assert_eq!(no.clone().not(), yes);
        assert_eq!(atom(1).not().not(), atom(1));
        assert_eq!((yes.sql(), no.sql()), ("TRUE".into(), "FALSE".into()));
    }

    #[test]
    fn parentheses_are_written_where_an_or_is_a_part_of_an_and_or_a_not() {
        // Atoms 1 and 2 are bits of w0; atoms 64 and 65 of w1.
        let either_word = Condition::holds_any(vec![1, 64]);
        let both_words = Condition::and(vec![atom(2), atom(65)]);
        let and = Condition::and(vec![atom(3), either_word.clone()]);
        assert_eq!(
            and.sql(),
            "(w0 & 4) = 4 AND ((w0 & 1) <> 0 OR (w1 & 1) <> 0)"
        );
        // An `AND` within an `OR` binds first.
        let or = Condition::or(vec![and.clone(), both_words.clone()]);
        assert_eq!(
            or.sql(),
            "(w0 & 4) = 4 AND ((w0 & 1) <> 0 OR (w1 & 1) <> 0) \
             OR (w0 & 2) = 2 AND (w1 & 2) = 2"
        );
        let not_or = Condition::and(vec![atom(4), or.not()]);
        assert_eq!(
            not_or.sql(),
            "(w0 & 8) = 8 AND NOT ((w0 & 4) = 4 AND ((w0 & 1) <> 0 OR (w1 & 1) <> 0) \
             OR (w0 & 2) = 2 AND (w1 & 2) = 2)"
        );
    }

    #[test]
    fn a_negated_test_of_atoms_is_a_test_of_the_masks() {
        assert_eq!(atom(1).not().sql(), "(w0 & 1) <> 1");
        assert_eq!(Condition::holds_any(vec![1, 2]).not().sql(), "(w0 & 3) = 0");
        // Not every atom of two words: either word lacks one; none of two words: both lack all.
        let every = Condition::and(vec![atom(1), atom(64)]);
        assert_eq!(every.clone().not().sql(), "(w0 & 1) <> 1 OR (w1 & 1) <> 1");
        let some = Condition::holds_any(vec![1, 64]);
        assert_eq!(some.clone().not().sql(), "(w0 & 1) = 0 AND (w1 & 1) = 0");
        // Within an `AND`, the first is wrapped and the second is not.
        let and = Condition::and(vec![atom(2), every.not(), some.not()]);
        assert_eq!(
            and.sql(),
            "(w0 & 2) = 2 AND ((w0 & 1) <> 1 OR (w1 & 1) <> 1) AND (w0 & 1) = 0 AND (w1 & 1) = 0"
        );
    }
}
