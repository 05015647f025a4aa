//! The query skeleton: the codes of the episodes that can match (`source`), each episode's
//! atoms as bit words and its candidate guidance, the candidates' trees evaluated, and
//! `match`'s columns.

use super::atoms::{Atoms, word_bit};
use super::dialect::Dialect;
use super::evaluation::{self, Evaluated};
use super::source::{self, Input, Source};
use super::tree::Expressions;
use nice_coding::Guidance;
use std::fmt::Write as _;

/// The SQL of one query: `match`'s rows for every episode of the input. The error names what
/// the catalogue holds that the dialect cannot be given safely.
pub fn query(dialect: Dialect, input: &Input) -> Result<String, String> {
    let mut atoms = Atoms::default();
    let mut guidance = Vec::new();
    {
        let mut expressions = Expressions { atoms: &mut atoms };
        for (number, &g) in Guidance::ALL.iter().enumerate() {
            guidance.push(Evaluated {
                number: number + 1,
                id: g.id(),
                procedure: expressions.procedure(g),
                diagnosis: expressions.diagnosis(g),
                variant: expressions.variant(g),
                anchors: expressions.anchors(g),
            });
        }
    }
    // The anchors' prefixes, to four characters: the prefilter's (see `source`).
    let mut prefixes: Vec<String> = guidance
        .iter()
        .flat_map(|g| &g.anchors)
        .flat_map(|&atom| atoms.prefixes(atom, 4))
        .collect();
    prefixes.sort();
    prefixes.dedup();
    let mut sql = String::new();
    header(&mut sql, dialect, input);
    sql.push_str("WITH\n");
    source::codes(&mut sql, dialect, input, &prefixes);
    let filter = evaluation::procedure_filter(dialect, &guidance, "candidates")?;
    episodes(&mut sql, dialect, &atoms, &guidance, filter.as_deref());
    evaluation::evaluation(&mut sql, dialect, &guidance, atoms.words())?;
    // Spark substitutes `${...}` anywhere in a query's text: the literals never write one
    // (`Dialect::literal`), and names are plain; this holds whatever the catalogue holds.
    if dialect == Dialect::Spark && sql.contains("${") {
        return Err("the Spark query would hold \"${\", which Spark substitutes".to_owned());
    }
    Ok(sql)
}

fn header(sql: &mut String, dialect: Dialect, input: &Input) {
    let dialect_name = match dialect {
        Dialect::Spark => "Spark SQL",
        Dialect::Duckdb => "DuckDB",
        Dialect::Postgres => "PostgreSQL",
    };
    let _ = writeln!(
        sql,
        "-- nice-coding {} export sql ({dialect_name}): the rows `nice-coding match` writes for \
         the episodes of {},\n-- generated from the compiled catalogue ({} guidance). Columns: \
         episode, guidance, variant, outcome.",
        env!("CARGO_PKG_VERSION"),
        input.table,
        Guidance::COUNT
    );
    match &input.source {
        Source::Wide {
            procedures,
            diagnoses,
        } => {
            let _ = writeln!(
                sql,
                "-- Input: one row per episode (two rows of one key are two episodes): {}, \
                 procedures {}..{}, diagnoses {}..{}.",
                input.key,
                procedures.first().map_or("-", String::as_str),
                procedures.last().map_or("-", String::as_str),
                diagnoses.first().map_or("-", String::as_str),
                diagnoses.last().map_or("-", String::as_str),
            );
        }
        Source::Long {
            procedure,
            diagnosis,
        } => {
            let _ = writeln!(
                sql,
                "-- Input: one row per code: {}, {procedure} (OPCS-4) and {diagnosis} (ICD-10).",
                input.key
            );
        }
    }
    sql.push_str(
        "-- An episode with a field that is not a code is left out, as `match` skips its row.\n",
    );
    if dialect == Dialect::Postgres {
        sql.push_str(
            "-- Run it with JIT compilation off (SET jit = off): compiling its expressions takes \
             seconds and changes no row.\n",
        );
    }
}

/// The atoms table, each episode's atoms as bit words with its candidate guidance, and the
/// (episode, candidate guidance) pairs: those of the candidates `filter` keeps, when given
/// ([`evaluation::procedure_filter`]).
fn episodes(
    sql: &mut String,
    dialect: Dialect,
    atoms: &Atoms,
    guidance: &[Evaluated],
    filter: Option<&str>,
) {
    // One row per atom prefix and guidance it anchors (0: none).
    let mut rows = Vec::new();
    for row in atoms.rows() {
        let (atom, prefix) = (row.atom, &row.prefix);
        let (word, bit) = word_bit(atom);
        let anchored: Vec<usize> = guidance
            .iter()
            .filter(|g| g.anchors.contains(&atom))
            .map(|g| g.number)
            .collect();
        for number in if anchored.is_empty() {
            vec![0]
        } else {
            anchored
        } {
            rows.push(format!(
                "('{}', {}, '{prefix}', {word}, {bit}, {number}, 0)",
                &prefix[..3],
                row.width
            ));
        }
    }
    // The code every row of the wide layout adds: it counts the rows of an episode.
    rows.push("('#', 1, '#', 0, 0, 0, 1)".to_owned());
    let table = dialect.values(
        &rows,
        "a",
        "stem, width, prefix, word, bit, guidance_number, copy",
    );
    let word = |w: usize| format!("COALESCE(bit_or(CASE WHEN word = {w} THEN bit END), 0)");
    // Spark reads the words from one list (see `clauses`); the others by name.
    let (words, word_columns): (String, String) = match dialect {
        Dialect::Spark => (
            format!(
                ",\n    array(\n      {}\n    ) AS ws",
                (0..atoms.words())
                    .map(word)
                    .collect::<Vec<_>>()
                    .join(",\n      ")
            ),
            ", ws".to_owned(),
        ),
        Dialect::Duckdb | Dialect::Postgres => (
            (0..atoms.words())
                .map(|w| format!(",\n    {} AS w{w}", word(w)))
                .collect(),
            (0..atoms.words()).map(|w| format!(", w{w}")).collect(),
        ),
    };
    let _ = writeln!(
        sql,
        "-- Each test a rule makes of one code (an atom): the first 3, 4 or 5 characters of its key
-- (OPCS-4 in capitals, ICD-10 in small letters), its bit, and the guidance it anchors.
atoms AS (
  SELECT stem, width, prefix, word, bit, guidance_number, copy FROM {table}
),
held AS (
  SELECT c.episode, c.episode_id, a.word, a.bit, a.guidance_number, a.copy
  FROM codes c JOIN atoms a
    ON a.stem = SUBSTR(c.code, 1, 3) AND (a.width = 3 OR a.prefix = SUBSTR(c.code, 1, a.width))
),
-- Each episode's atoms, one bit each in the words w0, w1, ... (Spark: the list ws), the
-- guidance it may match, and how many rows it is (long layout: 1). Grouped by episode_id
-- first: PostgreSQL sorts the groups in the order given, and its episode_id is a number.
episodes AS (
  SELECT episode, episode_id{words},
    {collect} AS candidates,
    CAST(GREATEST(SUM(copy), 1) AS INTEGER) AS copies
  FROM held GROUP BY episode_id, episode
),
pairs AS (
  SELECT episode, episode_id, copies{word_columns}, {rows} AS guidance_number
  FROM episodes{order}
),",
        collect = dialect.collect_nonzero("guidance_number"),
        rows = dialect.list_rows(filter.unwrap_or("candidates")),
        // DuckDB evaluates a `CASE` on vectors of rows, one branch at a time: pairs in
        // guidance order make each vector take few branches.
        order = match dialect {
            Dialect::Duckdb => " ORDER BY guidance_number",
            Dialect::Spark | Dialect::Postgres => "",
        },
    );
}
