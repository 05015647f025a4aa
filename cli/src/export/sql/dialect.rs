//! What differs between the SQL engines the export writes for: string literals, lists of
//! atoms, regular expressions, trimming, and the unpivot of the wide layout's columns.

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

/// The white space the library's loose parse removes (`u8::is_ascii_whitespace`): space, tab,
/// line feed, form feed, carriage return, as character codes.
const WHITE_SPACE: [u8; 5] = [b' ', b'\t', b'\n', 0x0C, b'\r'];

impl Dialect {
    /// `text` as a string literal: in single quotes, with a quote doubled (PostgreSQL with
    /// `standard_conforming_strings`, its default since 9.1, and DuckDB read backslashes as
    /// themselves). Spark reads `''` as two adjacent literals and backslashes as escapes, so
    /// there a quote and a backslash are escaped with a backslash.
    pub fn literal(self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('\'');
        for c in text.chars() {
            match (self, c) {
                (Dialect::Spark, '\'' | '\\') => {
                    out.push('\\');
                    out.push(c);
                }
                (_, '\'') => out.push_str("''"),
                _ => out.push(c),
            }
        }
        out.push('\'');
        out
    }

    /// The type a key or code column is cast to.
    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Spark => "STRING",
            Dialect::Duckdb => "VARCHAR",
            Dialect::Postgres => "TEXT",
        }
    }

    /// `text` without white space anywhere (the loose parse's compaction).
    pub fn remove_white_space(self, text: &str) -> String {
        WHITE_SPACE.iter().fold(text.to_owned(), |inner, &c| {
            format!("REPLACE({inner}, CHR({c}), '')")
        })
    }

    /// `text` without white space at either end (`trim_ascii`).
    pub fn trim_white_space(self, text: &str) -> String {
        let set = WHITE_SPACE
            .iter()
            .map(|c| format!("CHR({c})"))
            .collect::<Vec<_>>()
            .join(" || ");
        match self {
            Dialect::Spark => format!("TRIM(BOTH {set} FROM {text})"),
            Dialect::Duckdb => format!("TRIM({text}, {set})"),
            Dialect::Postgres => format!("BTRIM({text}, {set})"),
        }
    }

    /// True when the whole of `text` matches `pattern`; the pattern is written without
    /// backslashes, so every engine's literal and regular expression syntax read it alike.
    pub fn full_match(self, text: &str, pattern: &str) -> String {
        debug_assert!(!pattern.contains('\\') && !pattern.contains('\''));
        match self {
            Dialect::Spark => format!("({text} RLIKE '^{pattern}$')"),
            Dialect::Duckdb => format!("regexp_full_match({text}, '{pattern}')"),
            Dialect::Postgres => format!("({text} ~ '^{pattern}$')"),
        }
    }

    /// The aggregate that collects an episode's distinct atoms into a list.
    pub fn collect_atoms(self, atom: &str) -> String {
        match self {
            Dialect::Spark => format!("collect_set({atom})"),
            Dialect::Duckdb => format!("list(DISTINCT {atom})"),
            Dialect::Postgres => format!("array_agg(DISTINCT {atom})"),
        }
    }

    /// True when the list `held` holds atom `atom`.
    pub fn holds(self, held: &str, atom: usize) -> String {
        match self {
            Dialect::Spark => format!("array_contains({held}, {atom})"),
            Dialect::Duckdb => format!("list_contains({held}, {atom})"),
            Dialect::Postgres => format!("({atom} = ANY({held}))"),
        }
    }

    /// An inline table of `rows` (each already a parenthesised tuple) named `name(columns)`,
    /// for a `FROM` clause.
    pub fn values(self, rows: &[String], name: &str, columns: &str) -> String {
        let body = rows.join(",\n    ");
        format!("(VALUES\n    {body}\n  ) AS {name}({columns})")
    }

    /// The rows `(episode, tree, field)` of a wide table, one per code column: `columns` are
    /// `(tree, column)` pairs, `key` the episode key column, `table` the table.
    pub fn unpivot(self, table: &str, key: &str, columns: &[(char, String)]) -> String {
        let text = self.text_type();
        match self {
            Dialect::Spark => {
                let pairs = columns
                    .iter()
                    .map(|(tree, column)| format!("'{tree}', CAST(h.{column} AS {text})"))
                    .collect::<Vec<_>>()
                    .join(",\n      ");
                format!(
                    "SELECT CAST(h.{key} AS {text}) AS episode, f.tree, f.field\n  \
                     FROM {table} h\n  \
                     LATERAL VIEW stack({},\n      {pairs}) f AS tree, field",
                    columns.len()
                )
            }
            Dialect::Duckdb | Dialect::Postgres => {
                let rows = columns
                    .iter()
                    .map(|(tree, column)| format!("('{tree}', CAST(h.{column} AS {text}))"))
                    .collect::<Vec<_>>()
                    .join(",\n      ");
                format!(
                    "SELECT CAST(h.{key} AS {text}) AS episode, f.tree, f.field\n  \
                     FROM {table} h\n  \
                     CROSS JOIN LATERAL (VALUES\n      {rows}) AS f(tree, field)"
                )
            }
        }
    }
}

/// Checks a table or column name given on the command line: letters, digits and `_`, not
/// starting with a digit, with `.` between the parts of a qualified table name. Such a name
/// needs no quoting, and engines read it in any case, as they read names created unquoted.
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
    fn names_that_would_need_quoting_are_refused() {
        assert_eq!(
            identifier("hes.apc_2024", "--table", true),
            Ok("hes.apc_2024".into())
        );
        let err = identifier("hes apc; DROP TABLE x", "--table", true).unwrap_err();
        assert!(err.starts_with("--table \"hes apc; DROP TABLE x\" is not a plain SQL name"));
        assert!(identifier("a.b", "--key", false).is_err());
        assert!(identifier("1st", "--key", false).is_err());
    }
}
