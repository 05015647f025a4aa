//! The query skeleton: the codes of the episodes that can match (`source`), each episode's
//! atoms as bit words and its candidate guidance, the candidates' trees evaluated, and
//! `match`'s columns.

use super::atoms::{Atoms, BITS, word_bit};
use super::dialect::Dialect;
use super::evaluation::{self, Evaluated};
use super::source::{self, Input, Source};
use super::tree::Expressions;
use nice_coding::Guidance;
use std::fmt::Write as _;

/// The SQL of one query: `match`'s rows for every episode of the input. The error names what
/// the catalogue holds that the dialect cannot be given safely.
pub fn query(dialect: Dialect, input: &Input) -> Result<String, String> {
    let (atoms, guidance) = catalogue();
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

/// The catalogue's guidance, each with its trees as SQL over the atoms they test, and the
/// atoms.
fn catalogue() -> (Atoms, Vec<Evaluated>) {
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
    (atoms, guidance)
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

/// The dialect's pieces of the held and episodes steps: the atoms' columns each held code and
/// each episode carry, the aggregates of an episode's atoms and of its candidate guidance, and
/// the expression of its list of candidates (the atoms table itself: [`listed_atoms`],
/// [`spark_atoms`]).
///
/// DuckDB and PostgreSQL gather an episode's atoms into the words `w0`, `w1`, ... (a `CASE` of
/// each held atom's word) and its candidates into a list. Spark gathers both as bit words, so
/// that its grouping is a hashed aggregate of integers that it compiles (a list aggregate
/// would make it an aggregate of objects, which it runs uncompiled and sorts past 128 groups):
/// each row of its atoms table carries the bits of its atoms in their words' columns (`b0`,
/// `b1`, ...) and the bits of the guidance they anchor in the words `g0`, `g1`, ... (guidance
/// `n`, from 1, is bit `(n - 1) % 63` of word `(n - 1) / 63`, as atoms are; see [`spark_atoms`]).
/// The list is read back from the guidance words: a word with one bit set gives its
/// guidance by counting the bits below it (`bit_count`, compiled); a word with more (an episode
/// with two candidates in one word: 29% of the dense benchmark extract's) is searched bit by
/// bit.
struct Parts {
    /// The atoms' columns each held code carries.
    held_columns: String,
    /// The episodes step's atom words (`, w0, ...`, or Spark's `, ws`), as aggregates.
    words: String,
    /// The episodes step's aggregate of its candidates (a list, or Spark's guidance words).
    candidates: String,
    /// The atom words' names, as the pairs carry them.
    word_columns: String,
    /// Spark: the list of candidates, read from the guidance words.
    candidate_list: Option<String>,
}

impl Parts {
    fn of(dialect: Dialect, words: usize, guidance: usize) -> Parts {
        match dialect {
            Dialect::Spark => {
                let guidance_words = guidance.div_ceil(BITS);
                // The guidance numbers of word `w`: `first..=last`.
                let numbers = |w: usize| (w * BITS + 1, guidance.min((w + 1) * BITS));
                let held = (0..words)
                    .map(|w| format!("a.b{w}"))
                    .chain((0..guidance_words).map(|w| format!("a.g{w}")));
                let list = (0..guidance_words).map(|w| {
                    let (first, last) = numbers(w);
                    format!(
                        "CASE WHEN g{w} = 0 THEN CAST(array() AS ARRAY<INT>)
      WHEN bit_count(g{w}) = 1 THEN array({first} + bit_count(g{w} - 1))
      ELSE filter(sequence({first}, {last}), n -> (shiftright(g{w}, n - {first}) & 1) = 1) END"
                    )
                });
                Parts {
                    held_columns: held.collect::<Vec<_>>().join(", "),
                    words: format!(
                        ",\n    array(\n      {}\n    ) AS ws",
                        (0..words)
                            .map(|w| format!("bit_or(b{w})"))
                            .collect::<Vec<_>>()
                            .join(",\n      ")
                    ),
                    candidates: (0..guidance_words)
                        .map(|w| format!("bit_or(g{w}) AS g{w}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    word_columns: ", ws".to_owned(),
                    // (`concat()` of no list is a text: a catalogue without guidance has
                    // none to read.)
                    candidate_list: Some(if guidance_words == 0 {
                        "CAST(array() AS ARRAY<INT>)".to_owned()
                    } else {
                        format!(
                            "concat(\n      {}\n    )",
                            list.collect::<Vec<_>>().join(",\n      ")
                        )
                    }),
                }
            }
            Dialect::Duckdb | Dialect::Postgres => {
                let word =
                    |w: usize| format!("COALESCE(bit_or(CASE WHEN word = {w} THEN bit END), 0)");
                let collect = match dialect {
                    Dialect::Duckdb => "list_distinct(list(NULLIF(guidance_number, 0)))",
                    _ => "array_agg(guidance_number) FILTER (WHERE guidance_number <> 0)",
                };
                Parts {
                    held_columns: "a.word, a.bit, a.guidance_number".to_owned(),
                    words: (0..words)
                        .map(|w| format!(",\n    {} AS w{w}", word(w)))
                        .collect(),
                    candidates: format!("{collect} AS candidates"),
                    word_columns: (0..words).map(|w| format!(", w{w}")).collect(),
                    candidate_list: None,
                }
            }
        }
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
    let counts = dialect.counts_copies();
    let copies = dialect.copies_column();
    let table = match dialect {
        Dialect::Spark => spark_atoms(atoms, guidance),
        Dialect::Duckdb | Dialect::Postgres => listed_atoms(dialect, atoms, guidance),
    };
    let parts = Parts::of(dialect, atoms.words(), guidance.len());
    // Spark reads its candidates from their words in a select over the grouping: it computes
    // them with the grouping's results, in methods of their own, rather than in the method that
    // makes the pairs (a method past 8,000 bytes of bytecode runs uncompiled).
    let (open, close) = match &parts.candidate_list {
        Some(list) => (
            format!(
                "\n  SELECT episode, episode_id, ws{copies},\n    {list} AS candidates\n  FROM ("
            ),
            "\n  ) e".to_owned(),
        ),
        None => (String::new(), String::new()),
    };
    // Spark sends the held codes into one partition (`SinglePartition`), which meets both the
    // grouping's and the final sort's needs: the grouping, the pairs, their evaluation and the
    // sort then run in one stage, in one task, with no other exchange. Without it, the
    // grouping takes a hashed exchange of 200 partitions (each task of the first stage writes
    // 200 files) and the sort an exchange of its own.
    let (gather, gather_comment) = match dialect {
        Dialect::Spark => (
            "/*+ REPARTITION(1) */ ",
            "\n-- Spark: the held codes go into one partition, where the grouping, the pairs and the\n\
             -- final sort then run with no other exchange.",
        ),
        Dialect::Duckdb | Dialect::Postgres => ("", ""),
    };
    let _ = writeln!(
        sql,
        "-- Each test a rule makes of one code (an atom): the first 3, 4 or 5 characters of its key
-- (OPCS-4 in capitals, ICD-10 in small letters), its bit, and the guidance it anchors.{atoms_comment}
atoms AS (
  SELECT {table}
),{gather_comment}
held AS (
  SELECT {gather}c.episode, c.episode_id, {held_columns}{held_copy}
  FROM codes c JOIN atoms a
    ON a.stem = SUBSTR(c.code, 1, 3) AND (a.width = 3 OR a.prefix = SUBSTR(c.code, 1, a.width))
),
{episodes_comment}
episodes AS ({open}
  SELECT episode, episode_id{words},
    {candidates}{sum}
  FROM held GROUP BY episode_id, episode{close}
),
pairs AS (
  SELECT episode, episode_id{copies}{word_columns}, {rows} AS guidance_number
  FROM episodes{order}
),",
        atoms_comment = match dialect {
            Dialect::Spark => {
                "\n-- Spark: a row per prefix, with the bits of its atoms (b0, b1, ...) and of the guidance\n\
                 -- they anchor (g0, g1, ...), read from one text a row as the query is planned."
            }
            Dialect::Duckdb | Dialect::Postgres => "",
        },
        held_copy = if counts { ", a.copy" } else { "" },
        episodes_comment = if counts {
            "-- Each episode's atoms, one bit each in the words w0, w1, ... (Spark: the list ws), the
-- guidance it may match (Spark: one bit each in the words g0, g1, ...), and how many rows
-- alike it is (long layout: 1). Grouped by episode_id first: PostgreSQL sorts the groups in
-- the order given, and its episode_id is a number."
        } else {
            "-- Each episode's atoms, one bit each in the words w0, w1, ... (Spark: the list ws), and the
-- guidance it may match (Spark: one bit each in the words g0, g1, ...). Grouped by
-- episode_id first: PostgreSQL sorts the groups in the order given, and its episode_id is a
-- number."
        },
        sum = if counts {
            ",\n    CAST(GREATEST(SUM(copy), 1) AS INTEGER) AS copies"
        } else {
            ""
        },
        held_columns = parts.held_columns,
        words = parts.words,
        candidates = parts.candidates,
        word_columns = parts.word_columns,
        rows = dialect.list_rows(filter.unwrap_or("candidates")),
        // DuckDB evaluates a `CASE` on vectors of rows, one branch at a time: pairs in
        // guidance order make each vector take few branches.
        order = match dialect {
            Dialect::Duckdb => " ORDER BY guidance_number",
            Dialect::Spark | Dialect::Postgres => "",
        },
    );
}

/// The numbers of the guidance `atom` anchors, in catalogue order.
fn anchored(guidance: &[Evaluated], atom: usize) -> impl Iterator<Item = usize> + '_ {
    guidance
        .iter()
        .filter(move |g| g.anchors.contains(&atom))
        .map(|g| g.number)
}

/// DuckDB's and PostgreSQL's atoms table: a row per atom prefix and guidance it anchors (0:
/// none), with the atom's word and bit; where rows alike are counted, the count each adds
/// (`copy`: 1 for the code `#`, which every row of the wide layout adds).
fn listed_atoms(dialect: Dialect, atoms: &Atoms, guidance: &[Evaluated]) -> String {
    let counts = dialect.counts_copies();
    let mut rows = Vec::new();
    for row in atoms.rows() {
        let (atom, prefix) = (row.atom, &row.prefix);
        let (word, bit) = word_bit(atom);
        let anchored: Vec<usize> = anchored(guidance, atom).collect();
        for number in if anchored.is_empty() {
            vec![0]
        } else {
            anchored
        } {
            rows.push(format!(
                "('{}', {}, '{prefix}', {word}, {bit}, {number}{})",
                &prefix[..3],
                row.width,
                if counts { ", 0" } else { "" }
            ));
        }
    }
    let copy = if counts {
        rows.push("('#', 1, '#', 0, 0, 0, 1)".to_owned());
        ", copy"
    } else {
        ""
    };
    let columns = format!("stem, width, prefix, word, bit, guidance_number{copy}");
    format!("{columns} FROM {}", dialect.values(&rows, "a", &columns))
}

/// Spark's atoms table: a row per prefix a key is compared with (its width and the prefix),
/// holding the bits of every atom tested by that prefix in their words' columns (`b0`, `b1`,
/// ...) and the bits of the guidance those atoms anchor in the guidance words (`g0`, `g1`,
/// ...; see [`Parts`]). A row is one text, `stem width prefix b0 b1 ... g0 g1 ...`, split into
/// its columns as the query is planned (Spark computes a select over a `VALUES` table then).
/// Spark parses and analyses every literal of a query on every run, before it reads a row:
/// one literal a row rather than one a column, and a row a prefix rather than one per atom and
/// guidance, shorten that work (BENCHMARKS.md, section 4); fewer rows also make fewer held
/// codes to group.
fn spark_atoms(atoms: &Atoms, guidance: &[Evaluated]) -> String {
    let words = atoms.words();
    let guidance_words = guidance.len().div_ceil(BITS);
    // By (width, prefix), in the order of their first atom.
    let mut rows: Vec<(usize, String, Vec<u64>)> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for row in atoms.rows() {
        let at = *index
            .entry((row.width, row.prefix.clone()))
            .or_insert_with(|| {
                rows.push((
                    row.width,
                    row.prefix.clone(),
                    vec![0; words + guidance_words],
                ));
                rows.len() - 1
            });
        let bits = &mut rows[at].2;
        let (word, bit) = word_bit(row.atom);
        bits[word] |= bit;
        for number in anchored(guidance, row.atom) {
            // Guidance `n` is bit `(n - 1) % 63` of its word, as atom `n` is.
            let (word, bit) = word_bit(number);
            bits[words + word] |= bit;
        }
    }
    let rows: Vec<String> = rows
        .iter()
        .map(|(width, prefix, bits)| {
            let bits: Vec<String> = bits.iter().map(u64::to_string).collect();
            format!("('{} {width} {prefix} {}')", &prefix[..3], bits.join(" "))
        })
        .collect();
    let columns: Vec<String> = [
        "f[0] AS stem".to_owned(),
        "CAST(f[1] AS INT) AS width".to_owned(),
        "f[2] AS prefix".to_owned(),
    ]
    .into_iter()
    .chain((0..words).map(|w| format!("CAST(f[{}] AS BIGINT) AS b{w}", 3 + w)))
    .chain((0..guidance_words).map(|w| format!("CAST(f[{}] AS BIGINT) AS g{w}", 3 + words + w)))
    .collect();
    format!(
        "{}\n  FROM (SELECT split(r, ' ') AS f FROM {}) t",
        columns.join(", "),
        Dialect::Spark.values(&rows, "a", "r")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spark_gathers_atoms_and_candidates_as_words() {
        // 64 guidance: 63 in the first guidance word, guidance 64 alone in the second.
        let parts = Parts::of(Dialect::Spark, 2, 64);
        assert_eq!(parts.held_columns, "a.b0, a.b1, a.g0, a.g1");
        assert_eq!(
            parts.words,
            ",\n    array(\n      bit_or(b0),\n      bit_or(b1)\n    ) AS ws"
        );
        assert_eq!(parts.candidates, "bit_or(g0) AS g0, bit_or(g1) AS g1");
        assert_eq!(parts.word_columns, ", ws");
        assert_eq!(
            parts.candidate_list.as_deref(),
            Some(
                "concat(
      CASE WHEN g0 = 0 THEN CAST(array() AS ARRAY<INT>)
      WHEN bit_count(g0) = 1 THEN array(1 + bit_count(g0 - 1))
      ELSE filter(sequence(1, 63), n -> (shiftright(g0, n - 1) & 1) = 1) END,
      CASE WHEN g1 = 0 THEN CAST(array() AS ARRAY<INT>)
      WHEN bit_count(g1) = 1 THEN array(64 + bit_count(g1 - 1))
      ELSE filter(sequence(64, 64), n -> (shiftright(g1, n - 64) & 1) = 1) END
    )"
            )
        );
        // No guidance: an empty list of the candidates' type, not `concat()` (a text).
        assert_eq!(
            Parts::of(Dialect::Spark, 1, 0).candidate_list.as_deref(),
            Some("CAST(array() AS ARRAY<INT>)")
        );
    }

    #[test]
    fn spark_atoms_are_a_row_per_prefix_with_every_atom_and_guidance_it_tests() {
        let (atoms, guidance) = catalogue();
        let (words, guidance_words) = (atoms.words(), guidance.len().div_ceil(BITS));
        let table = spark_atoms(&atoms, &guidance);
        let columns: Vec<String> = [
            "f[0] AS stem",
            "CAST(f[1] AS INT) AS width",
            "f[2] AS prefix",
        ]
        .map(str::to_owned)
        .into_iter()
        .chain((0..words).map(|w| format!("CAST(f[{}] AS BIGINT) AS b{w}", 3 + w)))
        .chain((0..guidance_words).map(|w| format!("CAST(f[{}] AS BIGINT) AS g{w}", 3 + words + w)))
        .collect();
        let head = format!(
            "{}\n  FROM (SELECT split(r, ' ') AS f FROM (VALUES\n    ('",
            columns.join(", ")
        );
        assert!(
            table.starts_with(&head),
            "{}",
            &table[..head.len().min(table.len())]
        );
        assert!(table.ends_with("')\n  ) AS a(r)) t"));
        // Read the rows back: each (width, prefix) once, holding exactly the atoms whose rows
        // compare that prefix, and exactly the guidance those atoms anchor.
        let mut seen = std::collections::BTreeSet::new();
        let body = &table[head.len() - 2..table.len() - "\n  ) AS a(r)) t".len()];
        let mut count = 0;
        for line in body.split(",\n    ") {
            let text = line
                .strip_prefix("('")
                .and_then(|l| l.strip_suffix("')"))
                .unwrap();
            let fields: Vec<&str> = text.split(' ').collect();
            assert_eq!(fields.len(), 3 + words + guidance_words, "{text}");
            let (stem, width, prefix) = (fields[0], fields[1].parse::<usize>().unwrap(), fields[2]);
            assert_eq!(stem, &prefix[..3]);
            assert!(
                seen.insert((width, prefix.to_owned())),
                "{width} {prefix} twice"
            );
            let bits: Vec<u64> = fields[3..].iter().map(|f| f.parse().unwrap()).collect();
            let held: std::collections::BTreeSet<usize> = atoms
                .rows()
                .into_iter()
                .filter(|row| row.width == width && row.prefix == prefix)
                .map(|row| row.atom)
                .collect();
            assert!(!held.is_empty(), "{prefix}");
            for atom in 1..=words * BITS {
                let (word, bit) = ((atom - 1) / BITS, 1u64 << ((atom - 1) % BITS));
                assert_eq!(
                    bits[word] & bit != 0,
                    held.contains(&atom),
                    "{prefix}: atom {atom}"
                );
            }
            for g in &guidance {
                let (word, bit) = ((g.number - 1) / BITS, 1u64 << ((g.number - 1) % BITS));
                assert_eq!(
                    bits[words + word] & bit != 0,
                    g.anchors.iter().any(|a| held.contains(a)),
                    "{prefix}: {}",
                    g.id
                );
            }
            count += 1;
        }
        let distinct: std::collections::BTreeSet<(usize, String)> = atoms
            .rows()
            .into_iter()
            .map(|row| (row.width, row.prefix))
            .collect();
        assert_eq!(count, distinct.len());
    }

    fn hes(dialect: Dialect, wide: bool) -> String {
        let input = Input {
            table: "hes_apc".to_owned(),
            key: "EPIKEY".to_owned(),
            source: if wide {
                Source::Wide {
                    procedures: vec!["OPERTN_01".to_owned(), "OPERTN_02".to_owned()],
                    diagnoses: vec!["DIAG_01".to_owned()],
                }
            } else {
                Source::Long {
                    procedure: "OPERTN".to_owned(),
                    diagnosis: "DIAG".to_owned(),
                }
            },
        };
        query(dialect, &input).expect("the catalogue's query")
    }

    #[test]
    fn only_duckdb_counts_rows_alike() {
        // DuckDB tells a row by its codes' keys: rows alike are one episode, counted by the
        // code `#` and written as often. Spark and PostgreSQL number the rows and carry no
        // count.
        for wide in [true, false] {
            let duckdb = hes(Dialect::Duckdb, wide);
            assert!(duckdb.contains("\n    ('#', 1, '#', 0, 0, 0, 1)\n"));
            assert!(duckdb.contains("CAST(GREATEST(SUM(copy), 1) AS INTEGER) AS copies"));
            assert!(duckdb.contains("unnest(range(copies)) AS copy"));
            for dialect in [Dialect::Spark, Dialect::Postgres] {
                let sql = hes(dialect, wide);
                for absent in ["'#'", "copies", "copy)", ", copy", "a.copy", "AS copy"] {
                    assert!(!sql.contains(absent), "{dialect:?}: {absent}");
                }
            }
            assert!(hes(Dialect::Postgres, wide).contains(
                "\n  SELECT stem, width, prefix, word, bit, guidance_number FROM (VALUES\n"
            ));
        }
    }

    #[test]
    fn spark_sends_the_held_codes_into_one_partition_and_exchanges_nothing_else() {
        // One hint, on the held codes: the grouping and the final sort need no exchange of
        // their own, and nothing sorts the episodes before the final sort.
        for wide in [true, false] {
            let spark = hes(Dialect::Spark, wide);
            assert_eq!(spark.matches("REPARTITION").count(), 1);
            assert!(spark.contains("\nheld AS (\n  SELECT /*+ REPARTITION(1) */ c.episode, "));
            assert!(!spark.contains("SORT BY"));
            assert!(spark.contains(
                "\n  FROM held GROUP BY episode_id, episode\n  ) e\n),\npairs AS (\n  \
                 SELECT episode, episode_id, ws, explode(filter(candidates, g ->"
            ));
            assert!(spark.ends_with("\nORDER BY episode, guidance_number, variant, outcome;\n"));
        }
        for dialect in [Dialect::Duckdb, Dialect::Postgres] {
            for wide in [true, false] {
                let sql = hes(dialect, wide);
                assert!(!sql.contains("/*+"), "{dialect:?}");
                assert!(
                    sql.contains("\nheld AS (\n  SELECT c.episode, "),
                    "{dialect:?}"
                );
            }
        }
    }

    #[test]
    fn duckdb_and_postgres_gather_candidates_as_lists() {
        let duckdb = Parts::of(Dialect::Duckdb, 2, 64);
        assert_eq!(
            duckdb.candidates,
            "list_distinct(list(NULLIF(guidance_number, 0))) AS candidates"
        );
        assert_eq!(duckdb.word_columns, ", w0, w1");
        assert_eq!(duckdb.candidate_list, None);
        assert_eq!(
            Parts::of(Dialect::Postgres, 2, 64).candidates,
            "array_agg(guidance_number) FILTER (WHERE guidance_number <> 0) AS candidates"
        );
    }
}
