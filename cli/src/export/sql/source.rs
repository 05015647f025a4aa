//! The query's first part: from the HES table to `codes(episode, episode_id, code)`: the keys
//! of the codes of every episode that can match, read as `match` reads them (`episode` is the
//! key, `episode_id` tells apart the episodes of one key).
//!
//! Most rows of an extract match nothing, and reading every field of every row (44 fields a
//! row in HES) is most of the work a query can do. So, as `match` looks each code's stem up
//! in the index of anchor codes first, the query keeps only the rows (the episodes, in the
//! long layout) whose procedure fields hold the prefix of one of its own anchors, a code one
//! of which every match needs (`tree::Expressions::anchors`: of the entries a procedure
//! requires, the one that covers the fewest codes), anywhere in their text and in either case: a
//! test that a real anchor code never fails, whatever its form (white space, dots, case), and
//! that other rows mostly fail. A prefix is a category's stem (`Y74`) or a code's stem and
//! fourth character (`K57` and `8`, with any dots and white space between them); PostgreSQL
//! tests the stems alone. Only those rows are read field by field (`fields`). DuckDB and
//! Spark search the procedure fields joined without a separator; DuckDB also leaves out there
//! a row whose procedure fields hold a `|` (not a code: `match` skips it), so that the test
//! for a `|` in a field (`fields`) reads only the diagnosis fields afterwards.
//!
//! An episode is a row in the wide layout, every row its own, even when two rows have the
//! same key (as `match` reads them): a row is told apart by its codes' keys, and rows alike in
//! key and codes, which `match` matches alike, are matched once and their rows written as
//! often (each adds the code `#`, which the atoms table counts). PostgreSQL and Spark instead
//! number the read rows (`row_number() OVER ()` over PostgreSQL's materialized step, cheap
//! there; `monotonically_increasing_id()` in Spark), so that a row is its own episode, told
//! apart by an integer that they group and sort faster than a key and a text
//! (`Dialect::numbers_rows`); rows alike then give the same rows each. An episode
//! is the rows of one key in the long layout. Rows whose key
//! is empty (or white space) or longer than 128 bytes are left out, as `match` skips them.

use super::dialect::Dialect;
use super::fields::{
    FILLERS_START, PLAIN_ICD10_FIELD, PLAIN_OPCS4_FIELD, SEPARATOR, icd10_field, opcs4_field,
    plain_row, row_of,
};
use std::collections::{BTreeMap, BTreeSet};
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

/// What the query reads: names checked by `dialect::identifier`, not yet quoted.
#[derive(Clone, Debug)]
pub struct Input {
    pub table: String,
    pub key: String,
    pub source: Source,
}

/// The longest episode key `match` reads, in bytes (`MAX_KEY_BYTES` of its row errors).
const MAX_KEY_BYTES: usize = crate::episodes::row_error::MAX_KEY_BYTES;

/// Writes the common table expressions from the table to `codes`; `prefixes` are the
/// anchors' prefixes of three or four characters (a category's stem, or a code's first
/// four), in capitals.
pub fn codes(sql: &mut String, dialect: Dialect, input: &Input, prefixes: &[String]) {
    let text = dialect.text_type();
    let cast = |name: &str| format!("CAST(h.{} AS {text})", dialect.quoted(name));
    // A field's text, NULL when it is `-`. An empty field is kept: its piece of the joined
    // text is empty, which the grammars read as no code and which gives an empty key, as a
    // field left out would give none (one comparison a field instead of two: most of the
    // fields of most extracts are `-` or NULL, and an empty one is rare).
    let present = |name: &str| {
        let field = cast(name);
        format!("CASE WHEN {field} = '-' THEN NULL ELSE {field} END")
    };
    // The fields of a row, `|` between them (a NULL is left out). DuckDB and PostgreSQL leave
    // out `-` fields too (most fields of most extracts), so that the text to read is
    // short; Spark, which compiles a row's expressions into one method, reads every field
    // (44 expressions more make that method too long for the JVM to compile it to machine
    // code, and the stage several times slower).
    let joined = |columns: &[String], separator: &str| match columns {
        [] => "''".to_owned(),
        _ if separator.is_empty() => {
            dialect.concat(&columns.iter().map(|c| cast(c)).collect::<Vec<_>>())
        }
        _ => format!(
            "concat_ws('{separator}', {})",
            columns
                .iter()
                .map(|c| match dialect {
                    Dialect::Duckdb | Dialect::Postgres => present(c),
                    Dialect::Spark => cast(c),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    // The joined fields are read when no field holds a `|` (the separator: `bar` is where one
    // is, 0 for none) and every field is a code or no value. PostgreSQL's regular expressions
    // cost the most per row of the three engines' (the full grammars take about 40% of its
    // reading): it tests the fields against their plain forms first, which most rows' fields
    // take and which are a part of the grammars, and the full grammar only when that fails.
    let well_formed = |bar: &str, fields: [(&str, String, &str); 2]| {
        std::iter::once(format!("{bar} = 0"))
            .chain(fields.iter().map(|(joined, grammar, plain)| {
                let full = dialect.full_match(joined, &row_of(grammar));
                match dialect {
                    Dialect::Postgres => format!(
                        "({} OR {full})",
                        dialect.full_match(joined, &format!("({})?", row_of(plain)))
                    ),
                    Dialect::Spark | Dialect::Duckdb => full,
                }
            }))
            .collect::<Vec<_>>()
            .join("\n    AND ")
    };
    let bar = |text: &str| format!("position('{SEPARATOR}' IN {text})");
    // A key `match` reads: not blank, and at most MAX_KEY_BYTES long, `bytes` being its
    // length in bytes.
    let key_ok_by = |key: &str, bytes: &str| {
        format!(
            "{key} IS NOT NULL AND NOT {} AND {bytes} <= {MAX_KEY_BYTES}",
            dialect.full_match(key, r"[ \t\n\f\r]*"),
        )
    };
    let key_ok = |key: &str| key_ok_by(key, &dialect.octet_length(key));
    let key_text = dialect.key_text("p", "d");
    let keys = |text: &str| dialect.key_rows(text);
    // PostgreSQL evaluates the other expressions of a select list with a set-returning
    // function once per row returned, unless they are computed in a materialized step.
    let fence = dialect.materialized();
    let table = dialect.quoted(&input.table);
    let key = cast(&input.key);
    match &input.source {
        Source::Wide {
            procedures,
            diagnoses,
        } => {
            let _ = writeln!(
                sql,
                "-- The rows whose procedure fields hold an anchor's stem: only they can match.
candidates AS (
  SELECT {key} AS episode,
    {p} AS p,
    {d} AS d,{key_bytes}
    {bar} AS bar
  FROM {table} h
  WHERE {anchored}
),
-- The keys of a row's codes, when its key and every field are read (as `match` reads them).
read_rows AS{fence} (
  SELECT episode,{read_number}
    {reading} AS k
  FROM candidates
),
{codes}
),",
                codes = if dialect.numbers_rows() {
                    format!(
                        "-- An episode is a row, told apart from another row of the same key by its number.
-- (A row left out has no keys, k NULL, and so no codes.)
codes AS (
  SELECT episode, {}, {} AS code FROM read_rows",
                        dialect.row_number().1,
                        keys("k")
                    )
                } else {
                    format!(
                        "-- An episode is a row; its keys (k) tell it from another row of the same key, and two rows
-- alike are one episode matched once and written twice: each row adds the code `#`, counted.
-- (A row left out has no keys, k NULL, and so no codes: no filter, which engines would
-- evaluate, regular expressions and all, besides the select list.)
codes AS (
  SELECT episode, k AS episode_id, {} AS code FROM read_rows",
                        keys(&format!("k || '{SEPARATOR}#'"))
                    )
                },
                read_number = match dialect.row_number().0 {
                    Some(number) if dialect.numbers_rows() => format!(" {number},"),
                    _ => String::new(),
                },
                p = joined(procedures, SEPARATOR),
                d = joined(diagnoses, SEPARATOR),
                // DuckDB's prefilter has left out the rows with a `|` in a procedure field.
                bar = bar(&match dialect {
                    Dialect::Duckdb => joined(diagnoses, ""),
                    Dialect::Spark | Dialect::Postgres => {
                        joined(&[procedures.as_slice(), diagnoses].concat(), "")
                    }
                }),
                anchored = prefilter(
                    dialect,
                    prefixes,
                    &procedures.iter().map(|c| cast(c)).collect::<Vec<_>>(),
                    true
                ),
                // Spark's key length is taken here, where the key column is then used twice:
                // Spark puts the reading of a kept row (`read_rows`) in a method of its own
                // only when every column the select reads is used at least twice (its
                // `ProjectExec.usedInputs`). Otherwise that reading is written into the loop
                // every row of the table runs, a method that the JVM then compiles to machine
                // code later and more slowly (BENCHMARKS.md: the first runs of a session).
                key_bytes = match dialect {
                    Dialect::Spark => format!("\n    {} AS key_bytes,", dialect.octet_length(&key)),
                    Dialect::Duckdb | Dialect::Postgres => String::new(),
                },
                reading = match dialect {
                    Dialect::Spark =>
                        wide_spark_reading(&key_ok_by("episode", "key_bytes"), &key_text),
                    Dialect::Duckdb | Dialect::Postgres => format!(
                        "CASE WHEN {}\n      AND {} THEN {key_text} END",
                        key_ok("episode"),
                        well_formed(
                            "bar",
                            [
                                ("p", opcs4_field(), PLAIN_OPCS4_FIELD),
                                ("d", icd10_field(), PLAIN_ICD10_FIELD)
                            ]
                        )
                    ),
                },
            );
        }
        Source::Long {
            procedure,
            diagnosis,
        } => {
            let _ = writeln!(
                sql,
                "-- The episodes with a procedure field holding an anchor's stem: only they can match.
candidate_keys AS (
  SELECT DISTINCT {key} AS episode
  FROM {table} h
  WHERE {anchored}
    AND {key_ok}
),
candidate_rows AS (
  SELECT k.episode, COALESCE({p}, '') AS p, COALESCE({d}, '') AS d
  FROM {table} h JOIN candidate_keys k ON k.episode = {key}
),
-- An episode with a field that is not a code is left out, as `match` skips its row.
read_rows AS{fence} (
  SELECT episode, {well_formed} AS ok, {key_text} AS k
  FROM candidate_rows
),
codes AS (
  SELECT r.episode, r.episode AS episode_id, {keys} AS code
  FROM read_rows r
  WHERE NOT EXISTS (SELECT 1 FROM read_rows b WHERE b.episode = r.episode AND NOT b.ok)
),",
                keys = keys("k"),
                p = present(procedure),
                d = present(diagnosis),
                anchored = prefilter(dialect, prefixes, &[cast(procedure)], false),
                key_ok = key_ok(&key),
                well_formed = well_formed(
                    &bar("p || d"),
                    [
                        ("p", opcs4_field(), PLAIN_OPCS4_FIELD),
                        ("d", icd10_field(), PLAIN_ICD10_FIELD)
                    ]
                ),
            );
        }
    }
}

/// Spark's keys of a wide row's codes (`k` of `read_rows`), given `key_ok`, the test of its
/// key, and `key_text`, the keys of a row read by the full grammars: NULL for a row `match`
/// skips. Spark joins every field of a row, `-` included (see
/// `codes`), so most rows' texts are their codes then a run of `|-` (`K578|Y534|-|-|-`):
/// such a row is tested against [`plain_row`] first, and its keys are the text before the
/// first `|-`, with the diagnoses in small letters. The other rows are read by the full
/// grammars and [`Dialect::key_text`]. On the dense extract of BENCHMARKS.md, whose empty
/// fields are `-`, a run of the whole query took about a tenth less: the keys' text is
/// shorter, its `split` has no empty parts to make and drop, and no `replace` runs.
fn wide_spark_reading(key_ok: &str, key_text: &str) -> String {
    let dialect = Dialect::Spark;
    let plain = [
        dialect.full_match("p", &plain_row(PLAIN_OPCS4_FIELD, false)),
        dialect.full_match("d", &plain_row(PLAIN_ICD10_FIELD, true)),
    ];
    let full = [
        dialect.full_match("p", &row_of(&opcs4_field())),
        dialect.full_match("d", &row_of(&icd10_field())),
    ];
    let before_fillers = |text: &str| {
        format!(
            "substring_index({text}, {}, 1)",
            dialect.literal(FILLERS_START)
        )
    };
    format!(
        "CASE WHEN {key_ok}
      AND bar = 0 THEN
      CASE WHEN {} AND {} THEN {} || '{SEPARATOR}' || lower({})
      WHEN {}
      AND {} THEN {key_text} END
    END",
        plain[0],
        plain[1],
        before_fillers("p"),
        before_fillers("d"),
        full[0],
        full[1],
    )
}

/// True for a row whose procedure fields (`fields`) may hold a code starting with one of the
/// anchors' `prefixes`: see the module docs. PostgreSQL tests each field's first three
/// characters against the prefixes' stems in either case (a hashed lookup), and lets through
/// any field starting with white space; DuckDB and Spark search the fields joined for
/// [`prefixes_pattern`] (Spark's without a separator). With `without_separator` (DuckDB, wide
/// layout), DuckDB's are joined without one too, and the test is also false for a row whose
/// fields hold the separator `|`, which `match` skips.
fn prefilter(
    dialect: Dialect,
    prefixes: &[String],
    fields: &[String],
    without_separator: bool,
) -> String {
    match dialect {
        Dialect::Postgres => {
            let mut cased: Vec<String> = prefixes
                .iter()
                .flat_map(|p| [p[..3].to_ascii_uppercase(), p[..3].to_ascii_lowercase()])
                .collect();
            cased.sort();
            cased.dedup();
            let array = format!("'{{{}}}'::text[]", cased.join(","));
            let tests: Vec<String> = fields
                .iter()
                .map(|f| format!("left({f}, 3) = ANY({array}) OR ascii({f}) BETWEEN 9 AND 32"))
                .collect();
            format!("({})", tests.join("\n    OR "))
        }
        // DuckDB, for the wide layout: the fields joined without a separator (a prefix found
        // across two fields lets a row through, which costs nothing but its reading), and a
        // row whose procedure fields hold the separator is left out here, as `match` skips
        // it (no code holds one), so that only the diagnosis fields need that test later.
        Dialect::Duckdb if without_separator => {
            let joined = dialect.concat(fields);
            let pattern = format!(
                "^[^{SEPARATOR}]*{}[^{SEPARATOR}]*$",
                prefixes_pattern(dialect, prefixes)
            );
            dialect.contains_match(&joined, &pattern)
        }
        // Spark joins the fields without a separator too (a shorter text to search: 0.16 s of
        // 2.47 on the issue-shaped extract of BENCHMARKS.md); its test for a `|` in a field
        // reads the procedure fields later.
        Dialect::Duckdb | Dialect::Spark => {
            let separator = match dialect {
                Dialect::Spark => "",
                _ => SEPARATOR,
            };
            let joined = format!("concat_ws('{separator}', {})", fields.join(", "));
            dialect.contains_match(&joined, &prefixes_pattern(dialect, prefixes))
        }
    }
}

/// What may stand between a code's stem and its fourth character in a field: white space and
/// dots, more than the one dot with white space either side that `match` reads (`K57.8`,
/// `k57 . 8`), which costs a row that cannot match only its reading.
const STEM_TO_FOURTH: &str = r"[ \t\n\f\r.]*";

/// A regular expression found in a text holding a code that starts with one of `prefixes`
/// (a stem, or a stem and a fourth character), in any case and whatever surrounds it: the
/// prefixes as a tree of alternatives (`[Kk](5([78]|7[ \t\n\f\r.]*[18])|60)`), so that each
/// position of the text costs a few comparisons. A stem that is a prefix itself takes no
/// fourth character. Spark's engine tries each alternative in turn, so there a lookahead
/// first passes over positions that do not start a letter and two digits; DuckDB's (RE2) has
/// no lookahead and needs none.
pub fn prefixes_pattern(dialect: Dialect, prefixes: &[String]) -> String {
    // Letter, tens digit, units digit: the fourth characters, `None` for the whole stem.
    type Units = BTreeMap<char, Option<BTreeSet<char>>>;
    let mut tree: BTreeMap<char, BTreeMap<char, Units>> = BTreeMap::new();
    for prefix in prefixes {
        let c: Vec<char> = prefix.chars().collect();
        let fourths = tree
            .entry(c[0])
            .or_default()
            .entry(c[1])
            .or_default()
            .entry(c[2])
            .or_insert_with(|| Some(BTreeSet::new()));
        match (c.get(3), fourths.as_mut()) {
            (Some(&fourth), Some(set)) => {
                set.insert(fourth);
            }
            (None, _) => *fourths = None,
            (Some(_), None) => {}
        }
    }
    let group = |parts: Vec<String>| match parts.len() {
        1 => parts.concat(),
        _ => format!("({})", parts.join("|")),
    };
    let class = |chars: Vec<char>| match chars.as_slice() {
        [one] => one.to_string(),
        _ => format!("[{}]", chars.into_iter().collect::<String>()),
    };
    let letters: Vec<String> = tree
        .into_iter()
        .map(|(letter, tens)| {
            let tens: Vec<String> = tens
                .into_iter()
                .map(|(ten, units)| {
                    let whole: Vec<char> = units
                        .iter()
                        .filter(|(_, fourths)| fourths.is_none())
                        .map(|(&unit, _)| unit)
                        .collect();
                    let mut parts = Vec::new();
                    if !whole.is_empty() {
                        parts.push(class(whole));
                    }
                    for (unit, fourths) in units {
                        if let Some(fourths) = fourths {
                            let fourths = class(fourths.into_iter().collect());
                            parts.push(format!("{unit}{STEM_TO_FOURTH}{fourths}"));
                        }
                    }
                    format!("{ten}{}", group(parts))
                })
                .collect();
            format!("[{letter}{}]{}", letter.to_ascii_lowercase(), group(tens))
        })
        .collect();
    if letters.is_empty() {
        // No anchors: nothing can match (a pattern no text holds).
        return "[^\\s\\S]".to_owned();
    }
    let lookahead = match dialect {
        Dialect::Spark => "(?=[A-Za-z][0-9][0-9])",
        Dialect::Duckdb | Dialect::Postgres => "",
    };
    format!("{lookahead}{}", group(letters))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows `cli/tests/sql/run.sh` reads on Spark both ways are `grammar.rs`'s (rows with
    /// `-` after their codes, and rows alike that are not plain).
    #[test]
    fn spark_reads_a_plain_row_first_and_keys_it_by_the_text_before_its_fillers() {
        let reading = wide_spark_reading("KEY_OK", &Dialect::Spark.key_text("p", "d"));
        let plain = reading
            .find("[A-Z][0-9][0-9][0-9]([|]")
            .expect("the plain form");
        let full = reading.find("[Nn][Uu][Ll][Ll]").expect("the full grammar");
        assert!(plain < full, "{reading}");
        assert!(reading.starts_with("CASE WHEN KEY_OK\n      AND bar = 0 THEN"));
        assert!(reading.contains(
            " THEN substring_index(p, '|-', 1) || '|' || lower(substring_index(d, '|-', 1))\n"
        ));
        assert!(reading.contains(&Dialect::Spark.key_text("p", "d")));
    }

    /// Spark's key is read twice in `candidates` (its length there), so that Spark writes the
    /// reading of a kept row into a method of its own; the other engines take the length in
    /// `read_rows`.
    #[test]
    fn spark_takes_the_key_s_length_with_the_candidates() {
        let input = Input {
            table: "hes_apc".to_owned(),
            key: "EPIKEY".to_owned(),
            source: Source::Wide {
                procedures: vec!["OPERTN_01".to_owned()],
                diagnoses: vec!["DIAG_01".to_owned()],
            },
        };
        let prefixes = vec!["K57".to_owned()];
        let query = |dialect| {
            let mut sql = String::new();
            codes(&mut sql, dialect, &input, &prefixes);
            sql
        };
        let spark = query(Dialect::Spark);
        assert!(
            spark.contains(
                " AS d,\n    octet_length(CAST(h.`EPIKEY` AS STRING)) AS key_bytes,\n    position("
            ),
            "{spark}"
        );
        assert!(spark.contains(" AND key_bytes <= 128\n"), "{spark}");
        assert!(!spark.contains("octet_length(episode)"), "{spark}");
        for dialect in [Dialect::Duckdb, Dialect::Postgres] {
            let sql = query(dialect);
            assert!(!sql.contains("key_bytes"), "{sql}");
        }
    }

    #[test]
    fn the_prefilter_is_a_tree_of_the_prefixes_in_either_case() {
        let prefixes: Vec<String> = ["K57", "K58", "K60", "Y53"].map(String::from).to_vec();
        assert_eq!(
            prefixes_pattern(Dialect::Duckdb, &prefixes),
            "([Kk](5[78]|60)|[Yy]53)"
        );
        assert_eq!(
            prefixes_pattern(Dialect::Spark, &prefixes[..1]),
            "(?=[A-Za-z][0-9][0-9])[Kk]57"
        );
    }

    /// A four-character prefix is its stem, then dots or white space, then one of the fourth
    /// characters; a stem that is a prefix itself stands for all of them.
    #[test]
    fn a_four_character_prefix_is_found_dotted_or_not() {
        let prefixes: Vec<String> = ["K578", "K571", "K58", "K588", "K604", "Y53"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            prefixes_pattern(Dialect::Duckdb, &prefixes),
            r"([Kk](5(8|7[ \t\n\f\r.]*[18])|60[ \t\n\f\r.]*4)|[Yy]53)"
        );
    }

    #[test]
    fn the_wide_prefilter_joins_the_procedure_fields_without_a_separator() {
        let prefixes: Vec<String> = ["K57"].map(String::from).to_vec();
        let fields = ["f1".to_owned(), "f2".to_owned()];
        assert_eq!(
            prefilter(Dialect::Duckdb, &prefixes, &fields, true),
            "regexp_matches(concat(f1, f2), '^[^|]*[Kk]57[^|]*$')"
        );
        // The long layout, and the other engines, search for the prefixes alone.
        assert_eq!(
            prefilter(Dialect::Duckdb, &prefixes, &fields[..1], false),
            "regexp_matches(concat_ws('|', f1), '[Kk]57')"
        );
        // Spark joins the fields without a separator too, and tests for a `|` later (`bar`).
        assert_eq!(
            prefilter(Dialect::Spark, &prefixes, &fields, true),
            "(concat_ws('', f1, f2) RLIKE '(?=[A-Za-z][0-9][0-9])[Kk]57')"
        );
    }
}
