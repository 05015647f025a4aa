//! What differs between the SQL engines the export writes for: string literals, quoted names,
//! regular expressions, lists, bit words, and a row's identity.

use clap::ValueEnum;

/// An SQL engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Dialect {
    /// Spark SQL (Databricks, local `pyspark`).
    Spark,
    /// DuckDB.
    Duckdb,
    /// PostgreSQL.
    Postgres,
}

impl Dialect {
    /// `text` as a string literal, read back as `text` by the engine and by nothing else.
    ///
    /// PostgreSQL (with `standard_conforming_strings`, its default since 9.1) and DuckDB read
    /// a backslash as itself: a quote is doubled. Spark reads `''` as two adjacent literals and
    /// a backslash as an escape, so there a quote and a backslash are escaped with a
    /// backslash; and Spark substitutes `${...}` anywhere in the text of a query (variable
    /// substitution, on by default), so `$` is written `\u0024`, which its parser reads as
    /// `$` after substitution is over: no `${` ever reaches Spark from a literal.
    pub fn literal(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('\'');
        for c in text.chars() {
            match (self, c) {
                (Dialect::Spark, '\'' | '\\') => {
                    out.push('\\');
                    out.push(c);
                }
                (Dialect::Spark, '$') => out.push_str("\\u0024"),
                (_, '\'') => out.push_str("''"),
                _ => out.push(c),
            }
        }
        out.push('\'');
        out
    }

    /// A name checked by [`identifier`], quoted: `"EPIKEY"` (PostgreSQL, DuckDB) or
    /// `` `EPIKEY` `` (Spark), so that no name is read as a keyword or a function (`user`,
    /// `current_date`, `NULL`). PostgreSQL then reads the name in the case given; DuckDB and
    /// Spark read names in any case, quoted or not.
    pub fn quoted(self, name: &str) -> String {
        let quote = match self {
            Dialect::Spark => '`',
            Dialect::Duckdb | Dialect::Postgres => '"',
        };
        name.split('.')
            .map(|part| format!("{quote}{part}{quote}"))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The type a key or code column is cast to.
    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Spark => "STRING",
            Dialect::Duckdb => "VARCHAR",
            Dialect::Postgres => "TEXT",
        }
    }

    /// `texts` joined with nothing between them, a NULL left out: DuckDB's and PostgreSQL's
    /// `concat`, which is faster than their `concat_ws('', ...)` (0.18 s against 0.23 s for
    /// DuckDB's prefilter over 1,000,000 rows); Spark's `concat` gives NULL for any NULL.
    pub fn concat(self, texts: &[String]) -> String {
        let texts = texts.join(", ");
        match self {
            Dialect::Spark => format!("concat_ws('', {texts})"),
            Dialect::Duckdb | Dialect::Postgres => format!("concat({texts})"),
        }
    }

    /// True when the whole of `text` matches `pattern`. Patterns are written in the syntax
    /// the three engines' regular expressions share (classes, groups, `*`, `+`, `?`, `(?=`
    /// only for Spark and PostgreSQL), and reach the engine as a literal. The text's end is
    /// `\z` in Spark: Java's `$` also matches before a line terminator that ends the text
    /// (`K578` then U+0085 or U+2028 would be read as a code, and a key of U+0085 alone as
    /// blank); DuckDB's and PostgreSQL's `$` is the end alone.
    pub fn full_match(self, text: &str, pattern: &str) -> String {
        let end = match self {
            Dialect::Spark => r"\z",
            Dialect::Duckdb | Dialect::Postgres => "$",
        };
        let anchored = self.literal(&format!("^({pattern}){end}"));
        match self {
            Dialect::Spark => format!("({text} RLIKE {anchored})"),
            Dialect::Duckdb => format!("regexp_matches({text}, {anchored})"),
            Dialect::Postgres => format!("({text} ~ {anchored})"),
        }
    }

    /// True when `pattern` matches somewhere in `text`.
    pub fn contains_match(self, text: &str, pattern: &str) -> String {
        let pattern = self.literal(pattern);
        match self {
            Dialect::Spark => format!("({text} RLIKE {pattern})"),
            Dialect::Duckdb => format!("regexp_matches({text}, {pattern})"),
            Dialect::Postgres => format!("({text} ~ {pattern})"),
        }
    }

    /// The keys of a read row's codes as one text, `|` between them (see `fields`): the
    /// procedure fields `p` in capitals, then the diagnosis fields `d` in small letters, both
    /// without white space, dots and `-`. Only ASCII letters may change case: `upper` and
    /// `lower` do that in DuckDB and Spark on ASCII text (the only text a read row holds); in
    /// PostgreSQL they follow the database's locale (`i` is `İ` in Turkish) unless given the
    /// `C` collation. `replace` is the fastest way to drop a character in all three.
    pub fn key_text(self, p: &str, d: &str) -> String {
        let (p, d) = match self {
            Dialect::Postgres => (format!("{p} COLLATE \"C\""), format!("{d} COLLATE \"C\"")),
            Dialect::Spark | Dialect::Duckdb => (p.to_owned(), d.to_owned()),
        };
        let cased = format!("upper({p}) || '|' || lower({d})");
        let mut text = cased.clone();
        for c in [
            "'-'", "'.'", "' '", "chr(9)", "chr(10)", "chr(12)", "chr(13)",
        ] {
            text = format!("replace({text}, {c}, '')");
        }
        match self {
            // Most rows' fields hold none of those characters (`K578`, `I509`): DuckDB tests
            // for one in a single pass and leaves the seven `replace`s to the rows that do.
            Dialect::Duckdb => format!(
                "CASE WHEN {} THEN {text} ELSE {cased} END",
                self.contains_match(&format!("{p} || {d}"), r"[-. \t\n\f\r]")
            ),
            Dialect::Spark | Dialect::Postgres => text,
        }
    }

    /// A set-returning select item: one row per non-empty part of `text` between `|`
    /// characters (Spark's `split` takes a regular expression: `\\|` is the one its fast path
    /// reads as a plain character). In DuckDB and PostgreSQL the text holds few empty parts
    /// (see `source`), which the atoms' join drops.
    pub fn key_rows(self, text: &str) -> String {
        match self {
            Dialect::Spark => format!(
                "explode(array_remove(split({text}, {}), ''))",
                self.literal("\\|")
            ),
            Dialect::Postgres => format!("unnest(string_to_array({text}, '|'))"),
            Dialect::Duckdb => format!("unnest(string_split({text}, '|'))"),
        }
    }

    /// The length of `text` in bytes (UTF-8).
    pub fn octet_length(self, text: &str) -> String {
        match self {
            Dialect::Duckdb => format!("strlen({text})"),
            Dialect::Spark | Dialect::Postgres => format!("octet_length({text})"),
        }
    }

    /// A set-returning select item: one row per element of the list `list`.
    pub fn list_rows(self, list: &str) -> String {
        match self {
            Dialect::Spark => format!("explode({list})"),
            Dialect::Duckdb | Dialect::Postgres => format!("unnest({list})"),
        }
    }

    /// The element of the list of `items` (expressions) at `index`, counted from 1.
    pub fn element(self, items: &[String], index: &str) -> String {
        let items = items.join(", ");
        match self {
            Dialect::Spark => format!("element_at(array({items}), {index})"),
            Dialect::Duckdb => format!("([{items}])[{index}]"),
            Dialect::Postgres => format!("(ARRAY[{items}])[{index}]"),
        }
    }

    /// True when an episode's list of candidate guidance may name one twice (two of its codes
    /// anchor it), so that a pair is evaluated twice and its rows are made distinct at the
    /// end, by `episode_id`, which the steps then carry. PostgreSQL: `DISTINCT` in an
    /// aggregate sorts each group's few values, and that costs more than the repeats (about 3%
    /// of the pairs) and a `DISTINCT ON` with the final sort; making the pairs distinct
    /// instead costs more still (a hashed aggregate of every pair, spilled to disk at the
    /// default `work_mem`).
    pub fn repeats_candidates(self) -> bool {
        self == Dialect::Postgres
    }

    /// True when a read row of the wide layout is told apart from the others by a number
    /// ([`Dialect::row_number`]) rather than by its key and keys' text (see `source`), so that
    /// its codes are grouped by an integer. DuckDB would number them on one thread.
    pub fn numbers_rows(self) -> bool {
        self != Dialect::Duckdb
    }

    /// True when rows alike are one episode, matched once and written as often as they came
    /// (each row of the wide layout adds the code `#`, counted: see `source`), so that the
    /// steps carry each episode's count, `copies`. Where rows are numbered
    /// ([`Dialect::numbers_rows`]) each is an episode of its own, written once, and the query
    /// carries no count.
    pub fn counts_copies(self) -> bool {
        !self.numbers_rows()
    }

    /// The count of rows alike as the steps carry it from column to column (`, copies`), or
    /// nothing where it is not counted ([`Dialect::counts_copies`]).
    pub fn copies_column(self) -> &'static str {
        if self.counts_copies() { ", copies" } else { "" }
    }

    /// A read row's number, where `numbers_rows`: `(in read_rows, in codes)`, the select items
    /// that give it (`episode_id`) to the read rows and to the codes. PostgreSQL numbers the
    /// materialized rows (`row_number() OVER ()`), cheaply there. Spark gives each row an
    /// identity as it reads it (`monotonically_increasing_id()`: unique, not consecutive),
    /// which its grouping sorts as a number (a key and a text sort slower); a window without
    /// an order would gather every row into one task.
    pub fn row_number(self) -> (Option<&'static str>, &'static str) {
        match self {
            Dialect::Spark => (
                Some("monotonically_increasing_id() AS episode_id"),
                "episode_id",
            ),
            Dialect::Duckdb | Dialect::Postgres => (None, "row_number() OVER () AS episode_id"),
        }
    }

    /// What makes a common table expression computed once, before it is read: `MATERIALIZED`
    /// in PostgreSQL (which otherwise folds a single-use one into the query reading it).
    pub fn materialized(self) -> &'static str {
        match self {
            Dialect::Postgres => " MATERIALIZED",
            Dialect::Spark | Dialect::Duckdb => "",
        }
    }

    /// A set-returning select item: `count` rows, none for 0.
    pub fn repeat_rows(self, count: &str) -> String {
        match self {
            Dialect::Spark => format!("explode(array_repeat(0, {count}))"),
            Dialect::Duckdb => format!("unnest(range({count}))"),
            Dialect::Postgres => format!("generate_series(1, {count})"),
        }
    }

    /// An inline table of `rows` (each already a parenthesised tuple) named `name(columns)`,
    /// for a `FROM` clause.
    pub fn values(self, rows: &[String], name: &str, columns: &str) -> String {
        let body = rows.join(",\n    ");
        format!("(VALUES\n    {body}\n  ) AS {name}({columns})")
    }
}

/// Checks a table or column name given on the command line: letters, digits and `_`, not
/// starting with a digit, with `.` between the parts of a qualified table name. The query
/// quotes it ([`Dialect::quoted`]), so a keyword is a name like any other; the check keeps out
/// everything quoting would have to escape, and Spark's `${`.
pub fn identifier(name: &str, what: &str, qualified: bool) -> Result<String, String> {
    let part_ok = |part: &str| {
        let mut chars = part.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let ok = if qualified {
        name.split('.').all(part_ok)
    } else {
        part_ok(name)
    };
    if ok {
        Ok(name.to_owned())
    } else {
        Err(format!(
            "{what} {name:?} is not a plain SQL name: use letters, digits and _ (not starting with a digit){}; \
             for any other name, create a view that renames it",
            if qualified {
                ", with . between schema and table"
            } else {
                ""
            }
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_is_doubled_in_postgres_and_duckdb_and_escaped_in_spark() {
        let label = r"Patient's choice \ other";
        assert_eq!(
            Dialect::Postgres.literal(label),
            r"'Patient''s choice \ other'"
        );
        assert_eq!(
            Dialect::Duckdb.literal(label),
            r"'Patient''s choice \ other'"
        );
        assert_eq!(
            Dialect::Spark.literal(label),
            r"'Patient\'s choice \\ other'"
        );
    }

    #[test]
    fn no_dollar_reaches_spark_from_a_literal() {
        let label = "Perc ${env:NC_ATTACK} ' || current_user() || ' $$ \\${x}";
        let spark = Dialect::Spark.literal(label);
        assert!(!spark.contains('$'), "{spark}");
        assert_eq!(
            spark,
            r"'Perc \u0024{env:NC_ATTACK} \' || current_user() || \' \u0024\u0024 \\\u0024{x}'"
        );
        // The other engines substitute nothing: `$` is itself there.
        assert_eq!(
            Dialect::Postgres.literal(label),
            "'Perc ${env:NC_ATTACK} '' || current_user() || '' $$ \\${x}'"
        );
    }

    /// The engines' own runs of these (a row ending in U+0085 read by Spark and refused by
    /// `match`) are in `cli/tests/sql/grammar.rs`.
    #[test]
    fn a_whole_text_match_ends_at_the_text_s_end_in_each_engine() {
        assert_eq!(Dialect::Spark.full_match("p", "K"), r"(p RLIKE '^(K)\\z')");
        assert_eq!(Dialect::Postgres.full_match("p", "K"), "(p ~ '^(K)$')");
        assert_eq!(
            Dialect::Duckdb.full_match("p", "K"),
            "regexp_matches(p, '^(K)$')"
        );
    }

    #[test]
    fn names_are_quoted_for_each_engine() {
        assert_eq!(Dialect::Postgres.quoted("user"), "\"user\"");
        assert_eq!(
            Dialect::Duckdb.quoted("hes.apc_2024"),
            "\"hes\".\"apc_2024\""
        );
        assert_eq!(Dialect::Spark.quoted("cat.hes.APC"), "`cat`.`hes`.`APC`");
    }

    #[test]
    fn names_that_would_need_quoting_are_refused() {
        assert_eq!(
            identifier("hes.apc_2024", "--table", true),
            Ok("hes.apc_2024".into())
        );
        let err = identifier("hes apc; DROP TABLE x", "--table", true).unwrap_err();
        assert!(err.starts_with("--table \"hes apc; DROP TABLE x\" is not a plain SQL name"));
        assert!(identifier("a.b", "--key", false).is_err());
        assert!(identifier("1st", "--key", false).is_err());
        assert!(identifier("a${x}", "--key", false).is_err());
        assert!(identifier("a`b", "--key", false).is_err());
        assert!(identifier("a\"b", "--key", false).is_err());
        assert!(identifier("hes..apc", "--table", true).is_err());
    }
}
