//! The query's last part: whether each (episode, candidate guidance) pair's procedure
//! matches, then for the pairs that match the diagnosis's state and the variant, and
//! `match`'s rows in order.
//!
//! Each guidance's expression is found by its number (`CASE` on `guidance_number`, halved).
//! Spark compiles the expressions of one stage of a query into one Java method, which the JVM
//! limits to 64 KB of bytecode (past it Spark logs an error and falls back to slower
//! execution), so for Spark the expressions are evaluated in steps of at most
//! [`SPARK_STEP_TEXT`] bytes of SQL, each step a stage of its own (a `REPARTITION` hint ends
//! it); the other engines have no such limit and take one step for the procedures and one for
//! the rest, which reads only the pairs whose procedure matches. Spark, when the procedures'
//! expressions fit one step, keeps only the candidates whose procedure matches as it makes
//! the pairs ([`procedure_filter`]), and its steps read those; else its steps filter on
//! nothing they compute (see [`evaluation`]).

use super::dialect::Dialect;
use std::fmt::Write as _;

/// The most arms a `CASE` tests in turn; more are split in halves by number, so finding a
/// guidance's expression costs a few comparisons whatever the catalogue's size.
const ARMS: usize = 8;

/// The most text of guidance expressions one Spark step evaluates. The shipped catalogue's
/// procedure expressions (about 34 KB) compile within the limit and its three kinds together
/// (about 58 KB) do not; 24 KB leaves room.
const SPARK_STEP_TEXT: usize = 24_000;

/// One guidance's expressions.
pub struct Evaluated {
    /// Its position in the catalogue, from 1: the output's order.
    pub number: usize,
    pub id: &'static str,
    /// True when the procedure matches (its state is 2; see `tree`).
    pub procedure: String,
    pub diagnosis: String,
    pub variant: String,
    pub anchors: Vec<usize>,
}

/// What a step computes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Procedure,
    Diagnosis,
    Variant,
}

impl Column {
    fn name(self) -> &'static str {
        match self {
            Column::Procedure => "procedure_met",
            Column::Diagnosis => "diagnosis_state",
            Column::Variant => "variant",
        }
    }

    fn of(self, g: &Evaluated) -> &str {
        match self {
            Column::Procedure => &g.procedure,
            Column::Diagnosis => &g.diagnosis,
            Column::Variant => &g.variant,
        }
    }
}

/// One column for consecutive guidance.
struct Chunk<'a> {
    column: Column,
    guidance: &'a [Evaluated],
}

/// `CASE` on the guidance number `number` (a column or a lambda's variable) giving each
/// guidance's expression (`pick`), found by halving. The expression most of them share (two
/// or more; the first in catalogue order of the most shared) is the `ELSE` of every `CASE`,
/// and their arms are left out: most guidance have no variant (`''`) and no diagnosis (`3`),
/// and a shorter query is parsed, planned and run sooner.
fn dispatch(guidance: &[Evaluated], number: &str, pick: &dyn Fn(&Evaluated) -> String) -> String {
    let picked: Vec<(usize, String)> = guidance.iter().map(|g| (g.number, pick(g))).collect();
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

/// For Spark, the candidates of an episode (the list `candidates`) whose procedure matches,
/// when the catalogue's procedure expressions fit one step ([`SPARK_STEP_TEXT`]): a `filter`
/// whose lambda finds each candidate's procedure expression, so that the pairs made from it
/// are the pairs that match only, and the steps after it read those. A filter on the
/// procedure of the pairs would not do: Spark moves it below the step that computes it,
/// writing the expression twice into one stage (past the 64 KB limit), or, with no step
/// between, infers constraints from it until its planner runs out of memory. `None` for the
/// other engines, which filter the pairs on their procedure (see [`evaluation`]).
pub fn procedure_filter(
    dialect: Dialect,
    guidance: &[Evaluated],
    candidates: &str,
) -> Option<String> {
    let text: usize = guidance.iter().map(|g| g.procedure.len()).sum();
    (dialect == Dialect::Spark && text <= SPARK_STEP_TEXT).then(|| {
        format!(
            "filter({candidates}, g -> {})",
            dispatch(guidance, "g", &|g| g.procedure.clone())
        )
    })
}

/// The steps: the procedure's chunks (unless `filtered`: the pairs are those whose procedure
/// matches already), then the diagnosis's and the variant's, each chunk and step within
/// `budget` bytes of expressions (a chunk of one guidance may pass it).
fn steps(guidance: &[Evaluated], budget: usize, filtered: bool) -> Vec<Vec<Chunk<'_>>> {
    let chunks = |column: Column| {
        let mut chunks = Vec::new();
        let (mut start, mut text) = (0, 0);
        for (i, g) in guidance.iter().enumerate() {
            let size = column.of(g).len();
            if i > start && text + size > budget {
                chunks.push((
                    text,
                    Chunk {
                        column,
                        guidance: &guidance[start..i],
                    },
                ));
                (start, text) = (i, 0);
            }
            text += size;
        }
        chunks.push((
            text,
            Chunk {
                column,
                guidance: &guidance[start..],
            },
        ));
        chunks
    };
    let mut steps: Vec<Vec<Chunk<'_>>> = if filtered {
        Vec::new()
    } else {
        chunks(Column::Procedure)
            .into_iter()
            .map(|(_, chunk)| vec![chunk])
            .collect()
    };
    // The diagnosis's and the variant's chunks share steps while they fit.
    let mut rest: Vec<(usize, Vec<Chunk<'_>>)> = Vec::new();
    for (size, chunk) in chunks(Column::Diagnosis)
        .into_iter()
        .chain(chunks(Column::Variant))
    {
        match rest.last_mut() {
            Some((text, step)) if text.saturating_add(size) <= budget => {
                *text += size;
                step.push(chunk);
            }
            _ => rest.push((size, vec![chunk])),
        }
    }
    steps.extend(rest.into_iter().map(|(_, step)| step));
    steps
}

/// Writes the steps from `pairs`, then the query's rows. With `filtered`, the pairs are those
/// whose procedure matches ([`procedure_filter`]).
pub fn evaluation(
    sql: &mut String,
    dialect: Dialect,
    guidance: &[Evaluated],
    words: usize,
    filtered: bool,
) {
    let budget = match dialect {
        Dialect::Spark => SPARK_STEP_TEXT,
        Dialect::Duckdb | Dialect::Postgres => usize::MAX,
    };
    let steps = steps(guidance, budget, filtered);
    let words: String = (0..words).map(|w| format!(", w{w}")).collect();
    // Where a pair may come twice, each row carries its episode's identity to the end.
    let id = if dialect.repeats_candidates() {
        "episode_id, "
    } else {
        ""
    };
    // Spark's steps end in a `REPARTITION` hint each. When the pairs are those whose
    // procedure matches (`filtered`), the first step is evaluated where the pairs are made,
    // in parallel, and its hint brings them into one partition, where the later steps and
    // the final sort run in one task: they are few beside the rows read (261,915 pairs of
    // 1,000,000 rows in the dense extract of BENCHMARKS.md), and one exchange to one
    // partition costs less than two, the first of which, round robin, sorts every partition
    // before it shuffles (0.8 s of 6.2 there). Otherwise the steps before the last shuffle
    // round robin and the final sort's hint brings the rows into one partition.
    let repartition = if filtered {
        "/*+ REPARTITION(1) */ "
    } else {
        "/*+ REPARTITION */ "
    };
    let mut source = "pairs".to_owned();
    // The columns computed so far, carried from step to step.
    let mut carried: Vec<Column> = Vec::new();
    // Whether the rows written so far are the pairs whose procedure matches only: then no
    // later expression tests the procedure again.
    let mut matched_only = filtered;
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        let name = if steps.len() == 2 {
            ["procedures", "matched"][i].to_owned()
        } else if filtered && steps.len() == 1 {
            "matched".to_owned()
        } else {
            format!("step_{}", i + 1)
        };
        let carried_before = carried.clone();
        // DuckDB filters on the procedure in the steps after the procedure's (below), before
        // their select lists; PostgreSQL in the procedure's step itself.
        let reads_matched = matched_only
            || (dialect == Dialect::Duckdb && carried_before.contains(&Column::Procedure));
        let mut columns: Vec<String> = Vec::new();
        if !last {
            columns.push(words.trim_start_matches(", ").to_owned());
        }
        for &column in &carried {
            if !step.iter().any(|c| c.column == column) {
                columns.push(column.name().to_owned());
            }
        }
        for chunk in step {
            let expression = dispatch(chunk.guidance, "guidance_number", &|g| {
                chunk.column.of(g).to_owned()
            });
            let mut tests = Vec::new();
            // The diagnosis and the variant of a pair whose procedure matches only.
            if chunk.column != Column::Procedure && !reads_matched {
                tests.push("procedure_met".to_owned());
            }
            if chunk.guidance.len() < guidance.len() {
                tests.push(format!(
                    "guidance_number BETWEEN {} AND {}",
                    chunk.guidance[0].number,
                    chunk.guidance[chunk.guidance.len() - 1].number
                ));
            }
            let expression = if tests.is_empty() {
                expression
            } else {
                let earlier = if carried.contains(&chunk.column) {
                    chunk.column.name()
                } else {
                    "NULL"
                };
                format!(
                    "CASE WHEN {} THEN {expression}\n    ELSE {earlier} END",
                    tests.join(" AND ")
                )
            };
            columns.push(format!("{expression} AS {}", chunk.column.name()));
            if !carried.contains(&chunk.column) {
                carried.push(chunk.column);
            }
        }
        let hint = match dialect {
            Dialect::Spark if filtered || !last => repartition,
            _ => "",
        };
        // DuckDB and PostgreSQL take the pairs whose procedure matches only into the steps
        // after the procedure's (about a third of them), and so into the rows; Spark filters
        // on nothing a step computes (see below), but its pairs may be filtered already
        // (`filtered`). PostgreSQL filters them in the procedure's last step itself, so that
        // the rows that step materializes are those: its select list is fenced (`OFFSET 0`),
        // or the filter would be given the procedure's expression and evaluate it a second
        // time.
        let procedure_done = step.iter().any(|c| c.column == Column::Procedure)
            && steps
                .get(i + 1)
                .is_none_or(|next| next.iter().all(|c| c.column != Column::Procedure));
        let (fenced, filter) = match dialect {
            Dialect::Duckdb if carried_before.contains(&Column::Procedure) => {
                ("", "\n  WHERE procedure_met")
            }
            Dialect::Postgres if procedure_done => (
                "SELECT * FROM (",
                "\n  OFFSET 0) computed\n  WHERE procedure_met",
            ),
            _ => ("", ""),
        };
        matched_only = reads_matched || (dialect == Dialect::Postgres && procedure_done);
        let _ = writeln!(
            sql,
            "{name} AS{fence} (
  {fenced}SELECT {hint}episode, {id}guidance_number, copies,
    {}
  FROM {source}{filter}
),",
            columns.join(",\n    "),
            // PostgreSQL would otherwise write each state's expression, not its value, into
            // every later use of it, and evaluate it there again.
            fence = dialect.materialized(),
        );
        source = name;
    }
    // The last comma of the common table expressions goes.
    let trimmed = sql.trim_end().trim_end_matches(',').len();
    sql.truncate(trimmed);
    // The guidance's identifiers by number (from 1, in catalogue order): one list literal.
    debug_assert!(guidance.iter().enumerate().all(|(i, g)| g.number == i + 1));
    let ids = dialect.element(
        &guidance
            .iter()
            .map(|g| dialect.literal(g.id))
            .collect::<Vec<_>>(),
        "guidance_number",
    );
    // Spark sorts the rows in one partition (when `filtered`, they are in one already): they
    // are the pairs that match, few beside the rows read, and a sort over several partitions
    // would first sample its input in a job of its own, then shuffle it by ranges of episode
    // (0.5 s of 6.3 at 1,000,000 rows, with a `REPARTITION` hint keeping the rows for both;
    // without one, the sample evaluated the last step twice).
    let hint = match dialect {
        Dialect::Spark if !filtered => "/*+ REPARTITION(1) */ ",
        Dialect::Spark | Dialect::Duckdb | Dialect::Postgres => "",
    };
    // A pair that came twice gives the same rows twice, told from another row's by
    // `episode_id` and `copy`: the second goes, in the final sort.
    let (distinct, tie) = if dialect.repeats_candidates() {
        (
            "DISTINCT ON (episode, guidance_number, variant, outcome, episode_id, copy) ",
            ", episode_id, copy",
        )
    } else {
        ("", "")
    };
    // Each row as often as the episode's rows (see `source`), the pairs whose procedure
    // matches only. (For Spark not a filter on the procedure: given a filter on its expression,
    // Spark's planner infers constraints from it until it runs out of memory. DuckDB and
    // PostgreSQL have filtered the pairs already, and so has Spark when `filtered`.)
    let _ = writeln!(
        sql,
        "
SELECT {distinct}episode, guidance, variant, outcome
FROM (
  SELECT {hint}episode, {id}guidance_number,
    {ids} AS guidance,
    variant,
    CASE diagnosis_state
      WHEN 2 THEN 'diagnosis_matches'
      WHEN 0 THEN 'diagnosis_absent_or_different'
      WHEN 3 THEN 'no_diagnosis_recommendation'
      ELSE 'diagnosis_not_checked'
    END AS outcome,
    {copies} AS copy
  FROM {source}
) r
ORDER BY episode, guidance_number, variant, outcome{tie};",
        copies = dialect.repeat_rows(if matched_only {
            "copies"
        } else {
            "CASE WHEN procedure_met THEN copies ELSE 0 END"
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evaluated(number: usize, size: usize) -> Evaluated {
        Evaluated {
            number,
            id: "",
            procedure: format!("p{number}{}", " ".repeat(size)),
            diagnosis: format!("d{number}"),
            variant: format!("v{number}"),
            anchors: Vec::new(),
        }
    }

    #[test]
    fn a_long_case_is_found_by_halving() {
        let few: Vec<Evaluated> = (1..=2).map(|n| evaluated(n, 0)).collect();
        assert_eq!(
            dispatch(&few, "guidance_number", &|g| g.procedure.clone()),
            "CASE guidance_number\n      WHEN 1 THEN p1\n      WHEN 2 THEN p2\n    END"
        );
        let many: Vec<Evaluated> = (1..=20).map(|n| evaluated(n, 0)).collect();
        let case = dispatch(&many, "guidance_number", &|g| g.procedure.clone());
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
        let many: Vec<Evaluated> = (1..=20)
            .map(|n| Evaluated {
                variant: if n % 2 == 0 {
                    "''".into()
                } else {
                    format!("v{n}")
                },
                ..evaluated(n, 0)
            })
            .collect();
        let case = dispatch(&many, "guidance_number", &|g| g.variant.clone());
        assert_eq!(
            case,
            "CASE WHEN guidance_number <= 9 THEN CASE guidance_number\n      WHEN 1 THEN v1\n      \
             WHEN 3 THEN v3\n      WHEN 5 THEN v5\n      WHEN 7 THEN v7\n      WHEN 9 THEN v9\n      \
             ELSE ''\n    END\n    ELSE CASE guidance_number\n      WHEN 11 THEN v11\n      \
             WHEN 13 THEN v13\n      WHEN 15 THEN v15\n      WHEN 17 THEN v17\n      \
             WHEN 19 THEN v19\n      ELSE ''\n    END END"
        );
        // All alike: the expression itself. One of each: no `ELSE`, as before.
        let alike: Vec<Evaluated> = (1..=3).map(|n| evaluated(n, 0)).collect();
        assert_eq!(dispatch(&alike, "g", &|_| "3".into()), "3");
        assert!(!dispatch(&alike, "g", &|g| g.diagnosis.clone()).contains("ELSE"));
        // Of two expressions shared as often, the first in catalogue order.
        assert!(
            dispatch(&alike[..2], "g", &|g| g.diagnosis.clone())
                .ends_with("WHEN 2 THEN d2\n    END")
        );
        let ties: Vec<Evaluated> = (1..=4).map(|n| evaluated(n, 0)).collect();
        let tied = dispatch(&ties, "g", &|g| {
            if g.number <= 2 { "a" } else { "b" }.into()
        });
        assert_eq!(
            tied,
            "CASE g\n      WHEN 3 THEN b\n      WHEN 4 THEN b\n      ELSE a\n    END"
        );
    }

    #[test]
    fn spark_filters_the_candidates_on_their_procedure_when_it_fits_one_step() {
        let few: Vec<Evaluated> = (1..=2).map(|n| evaluated(n, 0)).collect();
        assert_eq!(
            procedure_filter(Dialect::Spark, &few, "candidates").as_deref(),
            Some(
                "filter(candidates, g -> CASE g\n      WHEN 1 THEN p1\n      WHEN 2 THEN p2\n    END)"
            )
        );
        assert_eq!(procedure_filter(Dialect::Duckdb, &few, "candidates"), None);
        assert_eq!(
            procedure_filter(Dialect::Postgres, &few, "candidates"),
            None
        );
        // Past one step's text, Spark evaluates the procedures in steps as before.
        let many: Vec<Evaluated> = (1..=3).map(|n| evaluated(n, SPARK_STEP_TEXT / 2)).collect();
        assert_eq!(procedure_filter(Dialect::Spark, &many, "candidates"), None);
        let filtered = steps(&few, usize::MAX, true);
        assert_eq!(filtered.len(), 1);
        assert!(filtered[0].iter().all(|c| c.column != Column::Procedure));
    }

    #[test]
    fn spark_evaluates_the_matched_pairs_in_one_partition() {
        // Three guidance whose diagnoses take a step each.
        let guidance: Vec<Evaluated> = (1..=3)
            .map(|n| Evaluated {
                diagnosis: format!("d{n}{}", " ".repeat(SPARK_STEP_TEXT / 2)),
                ..evaluated(n, 0)
            })
            .collect();
        let sql_of = |filtered: bool| {
            let mut sql = String::new();
            evaluation(&mut sql, Dialect::Spark, &guidance, 1, filtered);
            sql
        };
        let hints = |filtered: bool| {
            let sql = sql_of(filtered);
            let last = &sql[sql.rfind("\nSELECT ").expect("the rows")..];
            (
                sql.matches("/*+ REPARTITION */").count(),
                sql.matches("/*+ REPARTITION(1) */").count(),
                last.contains("/*+ REPARTITION(1) */"),
            )
        };
        // The pairs whose procedure matches: every step ends in one partition (the first
        // brings them there), and the sort needs no hint of its own.
        let (round_robin, single, sorted) = hints(true);
        assert!(single >= 2, "{single}");
        assert_eq!((round_robin, sorted), (0, false));
        assert!(
            sql_of(true)
                .split("\n),")
                .filter(|step| step.contains(" AS diagnosis_state"))
                .all(|step| step.contains("SELECT /*+ REPARTITION(1) */ ")),
            "every step's hint"
        );
        // All the pairs: the steps shuffle round robin, and the sort takes one partition.
        let (round_robin, single, sorted) = hints(false);
        assert!(round_robin >= 2, "{round_robin}");
        assert_eq!((single, sorted), (1, true));
    }

    #[test]
    fn steps_hold_at_most_the_budget() {
        let guidance: Vec<Evaluated> = (1..=10).map(|n| evaluated(n, 98)).collect();
        let unbounded = steps(&guidance, usize::MAX, false);
        assert_eq!(unbounded.len(), 2);
        assert_eq!(
            unbounded[1].len(),
            2,
            "the diagnosis and the variant together"
        );
        // 100 bytes of procedure each: three steps of at most 300, then one for the rest.
        let bounded = steps(&guidance, 300, false);
        let procedures: Vec<usize> = bounded
            .iter()
            .flatten()
            .filter(|c| c.column == Column::Procedure)
            .map(|c| c.guidance.len())
            .collect();
        assert_eq!(procedures, [3, 3, 3, 1]);
        assert_eq!(bounded.len(), 5);
        assert!(bounded[4].iter().all(|c| c.column != Column::Procedure));
    }
}
