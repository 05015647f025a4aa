//! A rule's state (0, 1, 2 or 3: see `tree`) as the query computes it. Most rules of the
//! catalogue are codes, an `all` of required codes, or a choice among codes: their states are
//! kept as the atoms they test, so that they are written as one test of each bit word's mask
//! (`(w0 & 56) = 56`: the episode holds atoms 4, 5 and 6) instead of a product of one factor
//! per atom, and so that "the state is 2" is that test itself. The other rules' states are
//! expressions.

use super::atoms::word_bit;
use super::dialect::Dialect;
use std::collections::BTreeMap;

/// A state and how it is computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// A constant: 0 (never satisfied), 1 (satisfied without a code) or 3 (no
    /// recommendation).
    Constant(u8),
    /// 2 when the episode holds every one of these atoms (at least one), else 0: a code, an
    /// `all` of required codes.
    All(Vec<usize>),
    /// 2 when the episode holds any of these atoms (at least two), else 0: a choice among
    /// codes.
    Any(Vec<usize>),
    /// Any other state: an expression giving 0, 1 or 2.
    Expression(String),
}

impl State {
    /// The state of a code's atom: 2 when held; 0 for a code that no code of the tree can
    /// be (`None`).
    pub fn atom(atom: Option<usize>) -> State {
        match atom {
            Some(atom) => State::All(vec![atom]),
            None => State::Constant(0),
        }
    }

    /// The atoms of a state that is 2 exactly when one atom is held.
    fn single(&self) -> Option<usize> {
        match self {
            State::All(atoms) if atoms.len() == 1 => Some(atoms[0]),
            _ => None,
        }
    }

    /// The state of an `all` whose required entries are `required` and whose other factors
    /// are `factors` (expressions, each 0, 1 or 2 or more): their product capped at 2, the
    /// required entries that are `All` merged into one test; 1 when nothing counts.
    pub fn all_of(required: Vec<State>, mut factors: Vec<String>, dialect: Dialect) -> State {
        let mut atoms = Vec::new();
        for state in required {
            match state {
                State::All(held) => atoms.extend(held),
                other => factors.push(format!("({})", other.sql(dialect))),
            }
        }
        atoms.sort_unstable();
        atoms.dedup();
        match (atoms.is_empty(), factors.is_empty()) {
            (true, true) => State::Constant(1),
            (false, true) => State::All(atoms),
            (empty, false) => {
                if !empty {
                    factors.insert(0, State::All(atoms).sql(dialect));
                }
                State::Expression(format!("LEAST({}, 2)", factors.join(" * ")))
            }
        }
    }

    /// The state of a choice among `entries`: the greatest, the entries that are one atom or
    /// a choice among atoms merged into one test; 0 when none counts.
    pub fn any_of(entries: Vec<State>, dialect: Dialect) -> State {
        let mut atoms = Vec::new();
        let mut others = Vec::new();
        for state in entries {
            match (state.single(), state) {
                (Some(atom), _) => atoms.push(atom),
                (None, State::Any(held)) => atoms.extend(held),
                (None, other) => others.push(other),
            }
        }
        atoms.sort_unstable();
        atoms.dedup();
        let held = match atoms.len() {
            0 => None,
            1 => Some(State::All(atoms)),
            _ => Some(State::Any(atoms)),
        };
        match (held, others.len()) {
            (None, 0) => State::Constant(0),
            (Some(held), 0) => held,
            (None, 1) => others.remove(0),
            (held, _) => {
                let parts: Vec<String> = held
                    .into_iter()
                    .chain(others)
                    .map(|s| s.sql(dialect))
                    .collect();
                State::Expression(format!("GREATEST({})", parts.join(", ")))
            }
        }
    }

    /// The state's value.
    pub fn sql(&self, dialect: Dialect) -> String {
        match self {
            State::Constant(n) => n.to_string(),
            State::All(atoms) if atoms.len() == 1 => {
                // The bit, doubled: arithmetic, which compiles to less code than a `CASE`
                // in Spark.
                let (word, bit) = word_bit(atoms[0]);
                let shifted = dialect.shift_right(&format!("w{word}"), bit.trailing_zeros());
                format!("(({shifted} & 1) * 2)")
            }
            State::All(_) | State::Any(_) => format!("CASE WHEN {} THEN 2 ELSE 0 END", self.met()),
            State::Expression(expression) => expression.clone(),
        }
    }

    /// True when the state is 2.
    pub fn met(&self) -> String {
        match self {
            State::Constant(n) => format!("{n} = 2"),
            State::All(atoms) => mask_tests(atoms, true),
            State::Any(atoms) => mask_tests(atoms, false),
            State::Expression(expression) => format!("({expression}) = 2"),
        }
    }
}

/// True when the episode holds every one of `atoms` (`all`), or any of them: one test of
/// each word's mask, the sum of its atoms' bits, in word order.
fn mask_tests(atoms: &[usize], all: bool) -> String {
    let mut masks: BTreeMap<usize, u64> = BTreeMap::new();
    for &atom in atoms {
        let (word, bit) = word_bit(atom);
        *masks.entry(word).or_default() |= bit;
    }
    let tests: Vec<String> = masks
        .into_iter()
        .map(|(word, mask)| match all {
            true => format!("(w{word} & {mask}) = {mask}"),
            false => format!("(w{word} & {mask}) <> 0"),
        })
        .collect();
    format!("({})", tests.join(if all { " AND " } else { " OR " }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_all_of_atoms_is_one_test_of_each_words_mask() {
        // Atoms 1 and 3 are bits 0 and 2 of w0; atom 64 is bit 0 of w1.
        let state = State::all_of(
            vec![
                State::atom(Some(1)),
                State::atom(Some(3)),
                State::atom(Some(64)),
            ],
            Vec::new(),
            Dialect::Duckdb,
        );
        assert_eq!(state, State::All(vec![1, 3, 64]));
        assert_eq!(state.met(), "((w0 & 5) = 5 AND (w1 & 1) = 1)");
        assert_eq!(
            state.sql(Dialect::Duckdb),
            "CASE WHEN ((w0 & 5) = 5 AND (w1 & 1) = 1) THEN 2 ELSE 0 END"
        );
        // One atom keeps the arithmetic form.
        assert_eq!(
            State::atom(Some(3)).sql(Dialect::Spark),
            "((shiftright(w0, 2) & 1) * 2)"
        );
        assert_eq!(State::atom(Some(3)).met(), "((w0 & 4) = 4)");
    }

    #[test]
    fn other_factors_multiply_the_atoms_test_capped_at_two() {
        let state = State::all_of(
            vec![State::atom(Some(1)), State::Expression("x".into())],
            vec!["GREATEST(y, 1)".into()],
            Dialect::Duckdb,
        );
        assert_eq!(
            state,
            State::Expression("LEAST((((w0 >> 0) & 1) * 2) * GREATEST(y, 1) * (x), 2)".into())
        );
        assert_eq!(
            State::all_of(Vec::new(), Vec::new(), Dialect::Duckdb),
            State::Constant(1)
        );
        // A code of the other classification fails the group.
        let failed = State::all_of(vec![State::atom(None)], Vec::new(), Dialect::Duckdb);
        assert_eq!(failed.sql(Dialect::Duckdb), "LEAST((0), 2)");
    }

    #[test]
    fn a_choice_among_atoms_is_one_test_of_any_bit() {
        let state = State::any_of(
            vec![
                State::atom(Some(2)),
                State::atom(Some(65)),
                State::atom(Some(1)),
            ],
            Dialect::Duckdb,
        );
        assert_eq!(state, State::Any(vec![1, 2, 65]));
        assert_eq!(state.met(), "((w0 & 3) <> 0 OR (w1 & 2) <> 0)");
        let mixed = State::any_of(
            vec![State::atom(Some(2)), State::All(vec![3, 4])],
            Dialect::Duckdb,
        );
        assert_eq!(
            mixed.sql(Dialect::Duckdb),
            "GREATEST((((w0 >> 1) & 1) * 2), CASE WHEN ((w0 & 12) = 12) THEN 2 ELSE 0 END)"
        );
        // A choice among atoms within a choice is one test with it.
        let nested = State::any_of(
            vec![State::atom(Some(5)), State::Any(vec![1, 2])],
            Dialect::Duckdb,
        );
        assert_eq!(nested, State::Any(vec![1, 2, 5]));
        // One entry is that entry's state; none is 0.
        assert_eq!(
            State::any_of(vec![State::All(vec![3, 4])], Dialect::Duckdb),
            State::All(vec![3, 4])
        );
        assert_eq!(
            State::any_of(Vec::new(), Dialect::Duckdb),
            State::Constant(0)
        );
    }
}
