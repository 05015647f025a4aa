//! The query skeleton: reading the HES table's code fields as `match` reads them, finding each
//! episode's atoms, evaluating the candidate guidance, and writing `match`'s columns.

use super::atoms::Atoms;
use super::dialect::Dialect;
use super::tree::Expressions;
use nice_coding::Guidance;
use std::fmt::Write as _;

/// Where the episodes' codes are.
#[derive(Clone, Debug)]
pub enum Source {
    /// One row per episode: the procedure columns and the diagnosis columns, in order.
    Wide {
        procedures: Vec<String>,
        diagnoses: Vec<String>,
    },
    /// One row per code: a procedure column and a diagnosis column (either may be NULL).
    Long {
        procedure: String,
        diagnosis: String,
    },
}

/// What the query reads.
#[derive(Clone, Debug)]
pub struct Input {
    pub table: String,
    pub key: String,
    pub source: Source,
}

/// A procedure field after the `-` and `&` forms: an OPCS-4 code, dotted or not (the loose
/// parse, after white space is removed and letters made capitals).
const OPCS4_PATTERN: &str = "[A-Z][0-9][0-9][.]?[0-9-]";
/// A diagnosis field after the HES fillers: an ICD-10 code, dotted or not, a category of three
/// characters, an X-filled code, an optional fifth digit and an optional D/A marker.
const ICD10_PATTERN: &str = "[A-Z][0-9][0-9]([.]?([0-9][0-9]?|X|-)[DA]?)?";

/// The SQL of one query: `match`'s rows for every episode of the input.
pub fn query(dialect: Dialect, input: &Input) -> String {
    let mut atoms = Atoms::default();
    let mut guidance = Vec::new();
    {
        let mut expressions = Expressions {
            dialect,
            atoms: &mut atoms,
            held: "e.held",
        };
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
    let mut sql = String::new();
    header(&mut sql, dialect, input);
    sql.push_str("WITH\n");
    fields(&mut sql, dialect, input);
    codes(&mut sql, dialect);
    tables(&mut sql, dialect, &atoms, &guidance);
    evaluation(&mut sql, dialect, &guidance);
    sql
}

/// One guidance's expressions.
struct Evaluated {
    /// Its position in the catalogue, from 1: the output's order.
    number: usize,
    id: &'static str,
    procedure: String,
    diagnosis: String,
    variant: String,
    anchors: Vec<usize>,
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
                "-- Input: one row per episode: {} (unique), procedures {}..{}, diagnoses {}..{}.",
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
}

/// `fields(episode, tree, field)`: every code field, tagged P (procedure) or D (diagnosis).
fn fields(sql: &mut String, dialect: Dialect, input: &Input) {
    let text = dialect.text_type();
    let (table, key) = (&input.table, &input.key);
    let body = match &input.source {
        Source::Wide {
            procedures,
            diagnoses,
        } => {
            let columns: Vec<(char, String)> = procedures
                .iter()
                .map(|c| ('P', c.clone()))
                .chain(diagnoses.iter().map(|c| ('D', c.clone())))
                .collect();
            dialect.unpivot(table, key, &columns)
        }
        Source::Long {
            procedure,
            diagnosis,
        } => format!(
            "SELECT CAST({key} AS {text}) AS episode, 'P' AS tree, CAST({procedure} AS {text}) AS field FROM {table}\n  \
             UNION ALL\n  \
             SELECT CAST({key} AS {text}), 'D', CAST({diagnosis} AS {text}) FROM {table}"
        ),
    };
    let _ = writeln!(sql, "fields AS (\n  {body}\n),");
}

/// From fields to codes, as `nice_coding::hes` reads them, then the episodes to leave out.
fn codes(sql: &mut String, dialect: Dialect) {
    let trimmed = dialect.trim_white_space("field");
    let compact = dialect.remove_white_space("s");
    let opcs4 = dialect.full_match("c", OPCS4_PATTERN);
    let icd10 = dialect.full_match("c", ICD10_PATTERN);
    let widths = dialect.values(&["(3)".into(), "(4)".into(), "(5)".into()], "w", "width");
    let _ = writeln!(
        sql,
        "-- No value: empty, NULL (any case), '-', and '&' (not known) in a procedure field.
trimmed AS (
  SELECT episode, tree, {trimmed} AS t FROM fields WHERE field IS NOT NULL
),
valued AS (
  SELECT episode, tree, t FROM trimmed
  WHERE NOT (t = '' OR UPPER(t) = 'NULL' OR t = '-' OR (tree = 'P' AND t = '&'))
),
-- The HES diagnosis fillers: I509- is I509, H198-A is H198A.
filled AS (
  SELECT episode, tree,
    CASE
      WHEN tree = 'D' AND LENGTH(t) = 5 AND SUBSTR(t, 5, 1) = '-' THEN SUBSTR(t, 1, 4)
      WHEN tree = 'D' AND LENGTH(t) = 6 AND SUBSTR(t, 5, 1) = '-' AND UPPER(SUBSTR(t, 6, 1)) IN ('D', 'A')
        THEN SUBSTR(t, 1, 4) || SUBSTR(t, 6, 1)
      ELSE t
    END AS s
  FROM valued
),
-- The loose parse: white space removed anywhere, capitals, then the dot after the third character.
compacted AS (
  SELECT episode, tree, UPPER({compact}) AS c FROM filled
),
codes AS (
  SELECT episode, tree,
    CASE WHEN tree = 'P' THEN {opcs4} ELSE {icd10} END AS ok,
    REPLACE(c, '.', '') AS k
  FROM compacted
),
-- Each code's first 3, 4 and 5 characters, which the rules' tests compare.
prefixes AS (
  SELECT c.episode, c.tree, c.ok, w.width, SUBSTR(c.k, 1, w.width) AS prefix
  FROM codes c CROSS JOIN {widths}
),"
    );
}

/// The atoms table, each episode's atoms, the anchors and the candidate (episode, guidance)
/// pairs.
fn tables(sql: &mut String, dialect: Dialect, atoms: &Atoms, guidance: &[Evaluated]) {
    let atom_rows: Vec<String> = atoms
        .rows()
        .into_iter()
        .map(|(atom, tree, width, prefix)| format!("({atom}, '{tree}', {width}, '{prefix}')"))
        .collect();
    let anchor_rows: Vec<String> = guidance
        .iter()
        .flat_map(|g| {
            g.anchors
                .iter()
                .map(move |a| format!("({}, {a})", g.number))
        })
        .collect();
    let atoms_table = dialect.values(&atom_rows, "a", "atom, tree, width, prefix");
    let anchors_table = dialect.values(&anchor_rows, "n", "guidance_number, atom");
    let collect = dialect.collect_atoms("atom");
    let _ = writeln!(
        sql,
        "-- Each test a rule makes of one code: the first 3, 4 or 5 characters of the code.
atoms AS (
  SELECT atom, tree, width, prefix FROM {atoms_table}
),
held_atoms AS (
  SELECT p.episode, p.ok, a.atom FROM prefixes p LEFT JOIN atoms a
    ON p.ok AND a.tree = p.tree AND a.width = p.width AND a.prefix = p.prefix
),
-- An episode with a field that is not a code is left out, as `match` skips its row.
episode_atoms AS (
  SELECT episode, {collect} FILTER (WHERE atom IS NOT NULL) AS held
  FROM held_atoms GROUP BY episode
  HAVING MIN(CASE WHEN ok THEN 1 ELSE 0 END) = 1
),
-- The atoms of each guidance's procedure: only an episode holding one can match it.
anchors AS (
  SELECT guidance_number, atom FROM {anchors_table}
),
candidates AS (
  SELECT DISTINCT h.episode, n.guidance_number FROM held_atoms h JOIN anchors n ON n.atom = h.atom
),"
    );
}

/// The states of each candidate pair, then `match`'s rows.
fn evaluation(sql: &mut String, dialect: Dialect, guidance: &[Evaluated]) {
    let case = |pick: &dyn Fn(&Evaluated) -> String| {
        let branches: String = guidance
            .iter()
            .map(|g| format!("\n      WHEN {} THEN {}", g.number, pick(g)))
            .collect();
        format!("CASE c.guidance_number{branches}\n    END")
    };
    let procedure = case(&|g| g.procedure.clone());
    let diagnosis = case(&|g| g.diagnosis.clone());
    let variant = case(&|g| g.variant.clone());
    let ids: String = guidance
        .iter()
        .map(|g| format!(" WHEN {} THEN {}", g.number, dialect.literal(g.id)))
        .collect();
    let _ = writeln!(
        sql,
        "evaluated AS (
  SELECT c.episode, c.guidance_number,
    {procedure} AS procedure_state,
    {diagnosis} AS diagnosis_state,
    {variant} AS variant
  FROM candidates c JOIN episode_atoms e ON e.episode = c.episode
)
SELECT
  episode,
  CASE guidance_number{ids} END AS guidance,
  variant,
  CASE diagnosis_state
    WHEN 2 THEN 'diagnosis_matches'
    WHEN 0 THEN 'diagnosis_absent_or_different'
    WHEN 3 THEN 'no_diagnosis_recommendation'
    ELSE 'diagnosis_not_checked'
  END AS outcome
FROM evaluated
WHERE procedure_state = 2
ORDER BY episode, guidance_number;"
    );
}
