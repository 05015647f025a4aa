//! Spark's form of the rules: each guidance's conditions as data, tested by expressions that
//! are the same whatever the catalogue holds, instead of a `CASE` on the guidance number.
//!
//! Spark compiles the expressions of a stage into Java methods, and the JVM compiles a method
//! to machine code only when it is at most 8,000 bytes of bytecode; a longer one runs in the
//! JVM's interpreter for as long as the query runs. The shipped catalogue's procedures as a
//! `CASE` were 18 KB of bytecode in one method, and 31 KB with the diagnoses and the variants
//! (BENCHMARKS.md, section 4). Here the conditions are JSON text that Spark parses once, as it
//! plans the query (`from_json` of a literal is a constant), and the expressions that test
//! them compile to a few small methods.
//!
//! A condition is written in disjunctive normal form: a list of clauses, one of which holds;
//! a clause is a list of literals, all of which hold; a literal `[k, mask]` tests the word
//! `k / 4` of the episode's atoms (the array `ws`, from 0) in the way `k % 4` says: 0, it holds
//! every atom of the mask; 1, none; 2, not every; 3, some. That is, the word's bits of the
//! mask are compared with the mask (`k` even) or with 0 (`k` odd), and must be equal to it
//! (`k % 4` below 2) or differ from it. No clause never holds; an empty clause always does.

use super::condition::{Cases, Condition, Test, masks};
use super::dialect::Dialect;

/// One test of one word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Literal {
    pub word: usize,
    pub mask: u64,
    pub test: Test,
}

impl Literal {
    /// The literal's `k`: the word and how it is tested (see the module docs).
    fn key(&self) -> usize {
        let how = match self.test {
            Test::Every => 0,
            Test::None => 1,
            Test::NotEvery => 2,
            Test::Some => 3,
        };
        self.word * 4 + how
    }
}

/// The most clauses one condition may take. An `AND` of `OR`s takes the product of their
/// sizes, so a tree could take any number; the shipped catalogue's largest takes 6.
pub const MAX_CLAUSES: usize = 4096;

/// `condition` as clauses, one of which holds when it holds; `Err` with the number of
/// clauses reached when that passes [`MAX_CLAUSES`].
pub fn clauses(condition: &Condition) -> Result<Vec<Vec<Literal>>, usize> {
    let mut clauses = normal_form(condition, false)?;
    let mut seen = Vec::new();
    clauses.retain(|clause| {
        let new = !seen.contains(clause);
        if new {
            seen.push(clause.clone());
        }
        new
    });
    Ok(clauses)
}

/// The clauses of `condition`, or of its negation when `negated` (negations are pushed
/// down to the atoms' tests).
fn normal_form(condition: &Condition, negated: bool) -> Result<Vec<Vec<Literal>>, usize> {
    let literals = |atoms: &[usize], test: Test| -> Vec<Literal> {
        masks(atoms)
            .into_iter()
            .map(|(word, mask)| Literal { word, mask, test })
            .collect()
    };
    let each_alone = |literals: Vec<Literal>| literals.into_iter().map(|l| vec![l]).collect();
    let clauses = match (condition, negated) {
        (Condition::Constant(value), _) => {
            if *value != negated {
                vec![Vec::new()]
            } else {
                Vec::new()
            }
        }
        // Every atom: each word's mask. Not every atom: some word's mask not filled.
        (Condition::All(atoms), false) => vec![literals(atoms, Test::Every)],
        (Condition::All(atoms), true) => each_alone(literals(atoms, Test::NotEvery)),
        (Condition::Any(atoms), false) => each_alone(literals(atoms, Test::Some)),
        (Condition::Any(atoms), true) => vec![literals(atoms, Test::None)],
        (Condition::And(parts), false) | (Condition::Or(parts), true) => {
            let mut clauses = vec![Vec::new()];
            for part in parts {
                let part = normal_form(part, negated)?;
                let size = clauses.len().saturating_mul(part.len());
                if size > MAX_CLAUSES {
                    return Err(size);
                }
                clauses = clauses
                    .iter()
                    .flat_map(|clause: &Vec<Literal>| {
                        part.iter()
                            .map(move |more| [clause.clone(), more.clone()].concat())
                    })
                    .collect();
            }
            clauses
        }
        (Condition::Or(parts), false) | (Condition::And(parts), true) => {
            let mut clauses = Vec::new();
            for part in parts {
                clauses.extend(normal_form(part, negated)?);
            }
            clauses
        }
        (Condition::Not(inner), _) => normal_form(inner, !negated)?,
    };
    match clauses.len() {
        n if n > MAX_CLAUSES => Err(n),
        _ => Ok(clauses),
    }
}

/// Clauses as JSON: `[[[k, mask], ...], ...]`.
pub fn json(clauses: &[Vec<Literal>]) -> String {
    let clauses: Vec<String> = clauses
        .iter()
        .map(|clause| {
            let literals: Vec<String> = clause
                .iter()
                .map(|l| format!("[{},{}]", l.key(), l.mask))
                .collect();
            format!("[{}]", literals.join(","))
        })
        .collect();
    format!("[{}]", clauses.join(","))
}

/// A choice as JSON: its arms that can hold, `{"v": value, "c": clauses}`, in order, then
/// `otherwise` as an arm that always holds, so that one always does.
pub fn json_arms(cases: &Cases<u32>) -> Result<String, usize> {
    let mut arms = Vec::new();
    for (condition, value) in &cases.arms {
        let clauses = clauses(condition)?;
        if !clauses.is_empty() {
            arms.push(format!("{{\"v\":{value},\"c\":{}}}", json(&clauses)));
        }
    }
    arms.push(format!("{{\"v\":{},\"c\":[[]]}}", cases.otherwise));
    Ok(format!("[{}]", arms.join(",")))
}

/// The type of [`json`]'s text, by guidance.
pub const CLAUSES_BY_GUIDANCE: &str = "array<array<array<array<bigint>>>>";

/// The type of [`json_arms`]'s text, by guidance.
pub const ARMS_BY_GUIDANCE: &str = "array<array<struct<v:int,c:array<array<array<bigint>>>>>>";

/// Spark: the JSON text `json` read as `schema`, once, as the query is planned.
pub fn table(json: &str, schema: &str) -> String {
    format!("from_json({}, '{schema}')", Dialect::Spark.literal(json))
}

/// Spark: whether the clauses `clauses` (an expression) hold for the episode's words `ws`.
/// One comparison per literal: Spark compiles the query's three uses of it into one Java
/// method, which must stay within the JVM's 8,000 bytes (see the module docs).
pub fn holds(clauses: &str) -> String {
    format!(
        "exists({clauses}, c -> forall(c, l -> \
         ((ws[CAST(l[0] DIV 4 AS INT)] & l[1]) = IF(l[0] % 2 = 0, l[1], 0)) = (l[0] % 4 < 2)))"
    )
}

/// Spark: the value of the first of the arms `arms` (an expression) that holds.
pub fn first_value(arms: &str) -> String {
    format!("element_at(filter({arms}, a -> {}), 1).v", holds("a.c"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::sql::atoms::{Atoms, word_bit};
    use crate::export::sql::tree::Expressions;
    use nice_coding::Guidance;

    /// Whether `condition` holds for the atoms of `words`, read from the condition itself.
    fn holds_directly(condition: &Condition, words: &[u64]) -> bool {
        let held = |atom: &usize| {
            let (word, bit) = word_bit(*atom);
            words[word] & bit != 0
        };
        match condition {
            Condition::Constant(value) => *value,
            Condition::All(atoms) => atoms.iter().all(held),
            Condition::Any(atoms) => atoms.iter().any(held),
            Condition::And(parts) => parts.iter().all(|p| holds_directly(p, words)),
            Condition::Or(parts) => parts.iter().any(|p| holds_directly(p, words)),
            Condition::Not(inner) => !holds_directly(inner, words),
        }
    }

    /// Whether `clauses` hold for `words`, as Spark's expression of [`holds`] reads them.
    fn holds_as_clauses(clauses: &[Vec<Literal>], words: &[u64]) -> bool {
        clauses.iter().any(|clause| {
            clause.iter().all(|l| {
                let x = words[l.key() / 4] & l.mask;
                match l.key() % 4 {
                    0 => x == l.mask,
                    1 => x == 0,
                    2 => x != l.mask,
                    _ => x != 0,
                }
            })
        })
    }

    fn atom(n: usize) -> Condition {
        Condition::atom(Some(n))
    }

    #[test]
    fn negations_are_pushed_to_the_tests_of_the_masks() {
        // Atoms 1 and 2 are bits 0 and 1 of w0; atom 64 is bit 0 of w1.
        let either = Condition::holds_any(vec![1, 64]);
        let both = Condition::and(vec![atom(2), atom(64)]);
        let condition = Condition::and(vec![atom(1), either.clone().not()]);
        assert_eq!(json(&clauses(&condition).unwrap()), "[[[0,1],[1,1],[5,1]]]");
        assert_eq!(json(&clauses(&either).unwrap()), "[[[3,1]],[[7,1]]]");
        assert_eq!(
            json(&clauses(&both.clone().not()).unwrap()),
            "[[[2,2]],[[6,1]]]"
        );
        assert_eq!(json(&clauses(&Condition::Constant(true)).unwrap()), "[[]]");
        assert_eq!(json(&clauses(&Condition::Constant(false)).unwrap()), "[]");
        // An `AND` of two `OR`s: each pair.
        let product = Condition::and(vec![either.clone(), Condition::or(vec![atom(2), both])]);
        assert_eq!(
            json(&clauses(&product).unwrap()),
            "[[[3,1],[0,2]],[[3,1],[0,2],[4,1]],[[7,1],[0,2]],[[7,1],[0,2],[4,1]]]"
        );
    }

    #[test]
    fn the_arms_end_in_one_that_always_holds() {
        let cases = Cases {
            arms: vec![(Condition::Constant(false), 1), (atom(3), 2)],
            otherwise: 0,
        };
        assert_eq!(
            json_arms(&cases).unwrap(),
            "[{\"v\":2,\"c\":[[[0,4]]]},{\"v\":0,\"c\":[[]]}]"
        );
        assert_eq!(
            json_arms(&Cases::always(3)).unwrap(),
            "[{\"v\":3,\"c\":[[]]}]"
        );
    }

    #[test]
    fn a_condition_of_too_many_clauses_is_refused() {
        // An `AND` of 13 `OR`s of two atoms of two words each: 2^13 = 8,192 clauses.
        let ors: Vec<Condition> = (0..13)
            // Atom i + 1 in the word w0, atom i + 64 in w1: two clauses each.
            .map(|i| Condition::holds_any(vec![i + 1, i + 64]))
            .collect();
        assert_eq!(clauses(&Condition::and(ors.clone())), Err(8192));
        // Twelve of them: 4,096, the most taken.
        assert_eq!(
            clauses(&Condition::and(ors[..12].to_vec())).map(|c| c.len()),
            Ok(MAX_CLAUSES)
        );
        // Negated, an `OR` of `AND`s is the same product.
        let negated = Condition::or(ors.into_iter().map(Condition::not).collect()).not();
        assert_eq!(clauses(&negated), Err(8192));
    }

    /// Every condition of the catalogue, as clauses, holds exactly when it holds itself, for
    /// every set of atoms tried: the ones of the condition, each held or not, over random
    /// words.
    #[test]
    fn every_condition_of_the_catalogue_holds_as_its_clauses_do() {
        let mut atoms = Atoms::default();
        let mut expressions = Expressions { atoms: &mut atoms };
        let mut conditions = Vec::new();
        for &g in Guidance::ALL {
            conditions.push(expressions.procedure(g));
            let diagnosis = expressions.diagnosis(g).flatten();
            conditions.extend(diagnosis.arms.into_iter().map(|(c, _)| c));
            conditions.extend(expressions.variant(g).arms.into_iter().map(|(c, _)| c));
        }
        let words = atoms.words();
        // A small generator of its own: the same words on every run.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut tried = 0;
        for condition in &conditions {
            let clauses = clauses(condition).expect("the catalogue's conditions are small");
            for _ in 0..200 {
                // Dense and sparse words alike: bits kept with chance 1/2, 1/4 or 1/8.
                let sparseness = next() % 3;
                let episode: Vec<u64> = (0..words)
                    .map(|_| (0..=sparseness).fold(u64::MAX >> 1, |w, _| w & next()))
                    .collect();
                assert_eq!(
                    holds_as_clauses(&clauses, &episode),
                    holds_directly(condition, &episode),
                    "{condition:?} for {episode:?}"
                );
                tried += 1;
            }
        }
        assert!(tried > 40_000, "{tried}");
    }
}
