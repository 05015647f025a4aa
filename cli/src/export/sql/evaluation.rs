//! The query's last part: whether each (episode, candidate guidance) pair's procedure
//! matches, then for the pairs that match the diagnosis's state and the variant, and
//! `match`'s rows in order.
//!
//! DuckDB and PostgreSQL find each guidance's expressions by its number (`CASE` on
//! `guidance_number`, halved), in two steps: the procedures, then the diagnoses and the
//! variants of the pairs whose procedure matches. Spark reads each guidance's conditions from
//! tables, by its number ([`super::clauses`]): it keeps the candidates whose procedure matches
//! as it makes the pairs ([`procedure_filter`]), and its one step reads those.

use super::clauses::{self, ARMS_BY_GUIDANCE, CLAUSES_BY_GUIDANCE};
use super::condition::{Cases, Condition};
use super::dialect::Dialect;
use std::fmt::Write as _;

/// The most arms a `CASE` tests in turn; more are split in halves by number, so finding a
/// guidance's expression costs a few comparisons whatever the catalogue's size.
const ARMS: usize = 8;

/// One guidance's rules.
pub struct Evaluated {
    /// Its position in the catalogue, from 1: the output's order.
    pub number: usize,
    pub id: &'static str,
    /// The procedure matches (its state is 2; see `tree`).
    pub procedure: Condition,
    /// The diagnosis's state (0, 1, 2, or 3 for no recommendation), by patient.
    pub diagnosis: Cases<Cases<u8>>,
    /// The variant's label, empty for none.
    pub variant: Cases<&'static str>,
    pub anchors: Vec<usize>,
}

impl Evaluated {
    fn procedure_sql(&self) -> String {
        self.procedure.sql()
    }

    fn diagnosis_sql(&self) -> String {
        self.diagnosis
            .sql(&|state| state.sql(&|value| value.to_string()))
    }

    fn variant_sql(&self, dialect: Dialect) -> String {
        self.variant.sql(&|label| dialect.literal(label))
    }
}

/// `CASE` on the guidance number `number` giving each guidance's expression (`picked`:
/// number and expression), found by halving. The expression most of them share (two or
/// more; the first in catalogue order of the most shared) is the `ELSE` of every `CASE`, and
/// their arms are left out: most guidance have no variant (`''`) and no diagnosis (`3`), and
/// a shorter query is parsed, planned and run sooner.
fn dispatch(picked: Vec<(usize, String)>, number: &str) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (_, expression) in &picked {
        match counts.iter_mut().find(|(e, _)| e == expression) {
            Some((_, count)) => *count += 1,
            None => counts.push((expression, 1)),
        }
    }
    // The first of the most shared: `max_by_key` would take the last.
    let shared = counts
        .iter()
        .fold(None::<(&str, usize)>, |best, &(e, n)| match best {
            Some((_, m)) if m >= n => best,
            _ => Some((e, n)),
        })
        .filter(|&(_, n)| n >= 2)
        .map(|(e, _)| e.to_owned());
    let arms: Vec<(usize, String)> = picked
        .into_iter()
        .filter(|(_, e)| Some(e) != shared.as_ref())
        .collect();
    match shared {
        Some(shared) if arms.is_empty() => shared,
        _ => halves(&arms, number, shared.as_deref()),
    }
}

/// The `CASE`s of [`dispatch`] over `arms` (number, expression), each `ELSE` `shared`.
fn halves(arms: &[(usize, String)], number: &str, shared: Option<&str>) -> String {
    let otherwise = shared.map_or(String::new(), |e| format!("\n      ELSE {e}"));
    if arms.len() <= ARMS {
        let arms: String = arms
            .iter()
            .map(|(n, e)| format!("\n      WHEN {n} THEN {e}"))
            .collect();
        return format!("CASE {number}{arms}{otherwise}\n    END");
    }
    let (low, high) = arms.split_at(arms.len() / 2);
    format!(
        "CASE WHEN {number} <= {} THEN {}\n    ELSE {} END",
        low[low.len() - 1].0,
        halves(low, number, shared),
        halves(high, number, shared)
    )
}

/// For Spark, the candidates of an episode (the list `candidates`) whose procedure matches:
/// a `filter` whose lambda tests each candidate's procedure, read from a table of every
/// guidance's, so that the pairs made from it are the pairs that match only. `None` for the
/// other engines, which filter the pairs on their procedure in a step (see [`evaluation`]).
pub fn procedure_filter(
    dialect: Dialect,
    guidance: &[Evaluated],
    candidates: &str,
) -> Result<Option<String>, String> {
    if dialect != Dialect::Spark {
        return Ok(None);
    }
    let mut procedures = Vec::new();
    for g in guidance {
        let clauses = clauses::clauses(&g.procedure).map_err(|n| too_many(g, "procedure", n))?;
        procedures.push(clauses::json(&clauses));
    }
    let table = clauses::table(&format!("[{}]", procedures.join(",")), CLAUSES_BY_GUIDANCE);
    Ok(Some(format!(
        "filter({candidates}, g -> {})",
        clauses::holds(&format!("element_at({table}, g)"))
    )))
}

/// The error for a condition of `g`'s `what` past [`clauses::MAX_CLAUSES`] clauses.
fn too_many(g: &Evaluated, what: &str, clauses: usize) -> String {
    format!(
        "{}: its {what} is {clauses} or more clauses in the form Spark's query reads \
         (at most {}): a tree of that many alternatives is not one the query can hold",
        g.id,
        clauses::MAX_CLAUSES
    )
}

/// Writes the steps from `pairs`, then the query's rows. For Spark the pairs are those whose
/// procedure matches ([`procedure_filter`]).
pub fn evaluation(
    sql: &mut String,
    dialect: Dialect,
    guidance: &[Evaluated],
    words: usize,
) -> Result<(), String> {
    debug_assert!(guidance.iter().enumerate().all(|(i, g)| g.number == i + 1));
    // Where a pair may come twice, each row carries its episode's identity to the end.
    let id = if dialect.repeats_candidates() {
        "episode_id, "
    } else {
        ""
    };
    if dialect == Dialect::Spark {
        spark_step(sql, guidance)?;
    } else {
        steps(sql, dialect, guidance, words, id);
    }
    // The last comma of the common table expressions goes.
    let trimmed = sql.trim_end().trim_end_matches(',').len();
    sql.truncate(trimmed);
    rows(sql, dialect, guidance, id);
    Ok(())
}

/// DuckDB's and PostgreSQL's steps: each pair's procedure (`procedures`), then the diagnosis
/// and the variant of the pairs whose procedure matches (`matched`), about a third of them.
/// PostgreSQL filters the pairs in the procedures' step itself, so that the rows that step
/// materializes are those: its select list is fenced (`OFFSET 0`), or the filter would be
/// given the procedure's expression and evaluate it a second time. DuckDB filters them as the
/// second step reads them.
/// `id` is the episode's identity column and a comma, or nothing (see [`evaluation`]).
fn steps(sql: &mut String, dialect: Dialect, guidance: &[Evaluated], words: usize, id: &str) {
    let words: Vec<String> = (0..words).map(|w| format!("w{w}")).collect();
    let case = |pick: &dyn Fn(&Evaluated) -> String| {
        dispatch(
            guidance.iter().map(|g| (g.number, pick(g))).collect(),
            "guidance_number",
        )
    };
    let (fenced, procedures_filter, matched_filter) = match dialect {
        Dialect::Postgres => (
            "SELECT * FROM (",
            "\n  OFFSET 0) computed\n  WHERE procedure_met",
            "",
        ),
        Dialect::Duckdb | Dialect::Spark => ("", "", "\n  WHERE procedure_met"),
    };
    // PostgreSQL would otherwise write each state's expression, not its value, into every
    // later use of it, and evaluate it there again.
    let fence = dialect.materialized();
    let _ = writeln!(
        sql,
        "procedures AS{fence} (
  {fenced}SELECT episode, {id}guidance_number{copies},
    {},
    {} AS procedure_met
  FROM pairs{procedures_filter}
),
matched AS{fence} (
  SELECT episode, {id}guidance_number{copies},
    procedure_met,
    {} AS diagnosis_state,
    {} AS variant
  FROM procedures{matched_filter}
),",
        words.join(", "),
        case(&Evaluated::procedure_sql),
        case(&Evaluated::diagnosis_sql),
        case(&|g| g.variant_sql(dialect)),
        copies = dialect.copies_column(),
    );
}

/// Spark's step: the diagnosis and the variant of the pairs, which are those whose procedure
/// matches, each the value of the first arm that holds of the guidance's choice, read from a
/// table by the guidance's number ([`super::clauses`]). The step runs where the pairs are
/// made: in the one partition the held codes were sent to (see `query`), where the final sort
/// then runs too. A sort over several partitions would first sample its input in a job of
/// its own, then exchange it by ranges of episode; the pairs are few beside the rows read
/// (261,915 pairs of 1,000,000 rows in the dense extract of BENCHMARKS.md).
fn spark_step(sql: &mut String, guidance: &[Evaluated]) -> Result<(), String> {
    let mut diagnoses = Vec::new();
    for g in guidance {
        let flat = g.diagnosis.flatten();
        let arms = clauses::json_arms(&Cases {
            arms: flat
                .arms
                .into_iter()
                .map(|(c, state)| (c, u32::from(state)))
                .collect(),
            otherwise: u32::from(flat.otherwise),
        });
        diagnoses.push(arms.map_err(|n| too_many(g, "diagnosis", n))?);
    }
    // The variants' labels, from 1, the first empty (no variant).
    let mut labels: Vec<&str> = vec![""];
    let mut number = |label: &'static str| -> u32 {
        let at = labels.iter().position(|&l| l == label).unwrap_or_else(|| {
            labels.push(label);
            labels.len() - 1
        });
        u32::try_from(at + 1).expect("fewer labels than guidance rules")
    };
    let mut variants = Vec::new();
    for g in guidance {
        let arms = clauses::json_arms(&Cases {
            arms: g
                .variant
                .arms
                .iter()
                .map(|(c, label)| (c.clone(), number(label)))
                .collect(),
            otherwise: number(g.variant.otherwise),
        });
        variants.push(arms.map_err(|n| too_many(g, "variant", n))?);
    }
    let table = |rows: &[String]| {
        format!(
            "element_at({}, guidance_number)",
            clauses::table(&format!("[{}]", rows.join(",")), ARMS_BY_GUIDANCE)
        )
    };
    let labels: Vec<String> = labels
        .iter()
        .map(|label| Dialect::Spark.literal(label))
        .collect();
    let _ = writeln!(
        sql,
        "matched AS (
  SELECT episode, guidance_number,
    {} AS diagnosis_state,
    {} AS variant
  FROM pairs
),",
        clauses::first_value(&table(&diagnoses)),
        Dialect::Spark.element(&labels, &clauses::first_value(&table(&variants))),
    );
    Ok(())
}

/// The query's rows, from the step `matched` (`id`: see [`steps`]).
fn rows(sql: &mut String, dialect: Dialect, guidance: &[Evaluated], id: &str) {
    // The guidance's identifiers by number (from 1, in catalogue order): one list literal.
    let ids = dialect.element(
        &guidance
            .iter()
            .map(|g| dialect.literal(g.id))
            .collect::<Vec<_>>(),
        "guidance_number",
    );
    // A pair that came twice gives the same rows twice, told from another episode's rows by
    // `episode_id`: the second goes, in the final sort. (An episode counted as several rows
    // alike is written once per row, told apart by `copy`; no dialect does both.)
    debug_assert!(!(dialect.repeats_candidates() && dialect.counts_copies()));
    let (distinct, tie) = if dialect.repeats_candidates() {
        (
            "DISTINCT ON (episode, guidance_number, variant, outcome, episode_id) ",
            ", episode_id",
        )
    } else {
        ("", "")
    };
    // Each row as often as the episode's rows alike (see `source`).
    let copies = if dialect.counts_copies() {
        format!(",\n    {} AS copy", dialect.repeat_rows("copies"))
    } else {
        String::new()
    };
    let _ = writeln!(
        sql,
        "
SELECT {distinct}episode, guidance, variant, outcome
FROM (
  SELECT episode, {id}guidance_number,
    {ids} AS guidance,
    variant,
    CASE diagnosis_state
      WHEN 2 THEN 'diagnosis_matches'
      WHEN 0 THEN 'diagnosis_absent_or_different'
      WHEN 3 THEN 'no_diagnosis_recommendation'
      ELSE 'diagnosis_not_checked'
    END AS outcome{copies}
  FROM matched
) r
ORDER BY episode, guidance_number, variant, outcome{tie};"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(expressions: &[&str]) -> Vec<(usize, String)> {
        expressions
            .iter()
            .enumerate()
            .map(|(i, e)| (i + 1, (*e).to_owned()))
            .collect()
    }

    #[test]
    fn a_long_case_is_found_by_halving() {
        assert_eq!(
            dispatch(numbered(&["p1", "p2"]), "guidance_number"),
            "CASE guidance_number\n      WHEN 1 THEN p1\n      WHEN 2 THEN p2\n    END"
        );
        let many: Vec<String> = (1..=20).map(|n| format!("p{n}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let case = dispatch(numbered(&many), "guidance_number");
        assert!(case.starts_with(
            "CASE WHEN guidance_number <= 10 THEN CASE WHEN guidance_number <= 5 THEN"
        ));
        for n in 1..=20 {
            assert_eq!(case.matches(&format!("WHEN {n} THEN p{n}\n")).count(), 1);
        }
    }

    #[test]
    fn the_expression_most_guidance_share_is_every_cases_else() {
        // Guidance 1 to 20: the even ones share `''`, the odd ones have their own.
        let many: Vec<(usize, String)> = (1..=20)
            .map(|n| {
                (
                    n,
                    if n % 2 == 0 {
                        "''".into()
                    } else {
                        format!("v{n}")
                    },
                )
            })
            .collect();
        assert_eq!(
            dispatch(many, "guidance_number"),
            "CASE WHEN guidance_number <= 9 THEN CASE guidance_number\n      WHEN 1 THEN v1\n      \
             WHEN 3 THEN v3\n      WHEN 5 THEN v5\n      WHEN 7 THEN v7\n      WHEN 9 THEN v9\n      \
             ELSE ''\n    END\n    ELSE CASE guidance_number\n      WHEN 11 THEN v11\n      \
             WHEN 13 THEN v13\n      WHEN 15 THEN v15\n      WHEN 17 THEN v17\n      \
             WHEN 19 THEN v19\n      ELSE ''\n    END END"
        );
        // All alike: the expression itself. One of each: no `ELSE`, as before.
        assert_eq!(dispatch(numbered(&["3", "3", "3"]), "g"), "3");
        assert!(!dispatch(numbered(&["d1", "d2", "d3"]), "g").contains("ELSE"));
        // Of two expressions shared as often, the first in catalogue order.
        assert_eq!(
            dispatch(numbered(&["a", "a", "b", "b"]), "g"),
            "CASE g\n      WHEN 3 THEN b\n      WHEN 4 THEN b\n      ELSE a\n    END"
        );
    }

    fn guidance(number: usize, procedure: Condition) -> Evaluated {
        Evaluated {
            number,
            id: "",
            procedure,
            diagnosis: Cases::always(Cases::always(3)),
            variant: Cases::always(""),
            anchors: Vec::new(),
        }
    }

    #[test]
    fn spark_reads_the_procedures_from_one_table() {
        let atom = |n| Condition::atom(Some(n));
        let two = [
            guidance(1, atom(1)),
            guidance(2, Condition::holds_any(vec![2, 3])),
        ];
        let filter = procedure_filter(Dialect::Spark, &two, "candidates")
            .unwrap()
            .expect("Spark's");
        assert!(
            filter.starts_with(
                "filter(candidates, g -> exists(element_at(from_json('[[[[0,1]]],[[[3,6]]]]', \
                 'array<array<array<array<bigint>>>>'), g), c -> forall(c, l -> "
            ),
            "{filter}"
        );
        assert_eq!(
            procedure_filter(Dialect::Duckdb, &two, "candidates"),
            Ok(None)
        );
        assert_eq!(
            procedure_filter(Dialect::Postgres, &two, "candidates"),
            Ok(None)
        );
        // A procedure past the clauses a condition may take is refused, by name.
        let ors: Vec<Condition> = (0..13)
            .map(|i| Condition::holds_any(vec![i + 1, i + 64]))
            .collect();
        let mut wide = guidance(2, Condition::and(ors));
        wide.id = "IPG2";
        assert_eq!(
            procedure_filter(Dialect::Spark, &[guidance(1, atom(1)), wide], "candidates"),
            Err(
                "IPG2: its procedure is 8192 or more clauses in the form Spark's query reads \
                 (at most 4096): a tree of that many alternatives is not one the query can hold"
                    .to_owned()
            )
        );
        // Its text grows with the catalogue's data alone: the expression is the same.
        let many: Vec<Evaluated> = (1..=50).map(|n| guidance(n, atom(n))).collect();
        let longer = procedure_filter(Dialect::Spark, &many, "candidates")
            .unwrap()
            .expect("Spark's");
        let expression = |f: &str| f[f.find("'), g)").expect("the table's end")..].to_owned();
        assert_eq!(expression(&filter), expression(&longer));
    }

    #[test]
    fn spark_evaluates_the_matched_pairs_in_one_step() {
        let mut with_variants = guidance(2, Condition::Constant(true));
        with_variants.variant = Cases {
            arms: vec![
                (Condition::atom(Some(1)), "First"),
                (Condition::atom(Some(2)), "It's second"),
            ],
            otherwise: "",
        };
        let mut sql = String::new();
        evaluation(
            &mut sql,
            Dialect::Spark,
            &[guidance(1, Condition::Constant(true)), with_variants],
            1,
        )
        .unwrap();
        assert_eq!(sql.matches(" AS (").count(), 1, "{sql}");
        assert!(sql.starts_with("matched AS (\n  SELECT episode, guidance_number,\n"));
        // The labels, numbered from 1 (the empty label), in a list the arms' values index.
        assert!(sql.contains("element_at(array('', 'First', 'It\\'s second'), element_at(filter("));
        assert!(sql.contains(
            "'[[{\"v\":1,\"c\":[[]]}],[{\"v\":2,\"c\":[[[0,1]]]},{\"v\":3,\"c\":[[[0,2]]]},{\"v\":1,\"c\":[[]]}]]'"
        ));
        assert!(sql.contains("'[[{\"v\":3,\"c\":[[]]}],[{\"v\":3,\"c\":[[]]}]]'"));
    }
}
