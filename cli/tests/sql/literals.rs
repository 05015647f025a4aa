//! Prints the string literal `export sql` writes for each of a list of hostile labels, in
//! each dialect, for `cli/tests/sql/compare.py` to read back on the engines themselves: each
//! engine must return every label exactly as written (no quote ending a literal, no Spark
//! variable substitution of `${env:...}`, no backslash read as an escape where the writer
//! does not mean one). The literal writer is `export sql`'s own (`dialect.rs`, compiled in).
//!
//! ```text
//! cargo run -p nice-coding-cli --example sql_literals
//! ```
//!
//! Output: one JSON object, `{"spark": [[label, literal], ...], "duckdb": ..., "postgres": ...}`.

#[allow(dead_code)]
#[path = "../../src/export/sql/dialect.rs"]
mod dialect;

use dialect::Dialect;

/// Labels a catalogue could hold that a careless writer would turn into SQL: quotes,
/// backslashes, Spark's `${...}` substitution (`NC_ATTACK` is set by compare.py), comments,
/// escapes spelt out, line breaks, and characters outside ASCII.
const LABELS: [&str; 18] = [
    "Patient's choice \\ other",
    "Perc ${env:NC_ATTACK}",
    "' || current_user() || '",
    "${NC_ATTACK}",
    "${hivevar:x} ${system:user.home} ${spark.app.name}",
    "$$ $1 $ {x}",
    "\\u0024{env:NC_ATTACK}",
    "\\",
    "\\'",
    "'",
    "''",
    "-- not a comment",
    "/* not a comment */",
    "x'; DROP TABLE hes_apc; --",
    "\u{e9} \u{2020} \u{2021} \u{2013} \u{2019}",
    "tab\there",
    "line\nbreak",
    "",
];

fn main() {
    let mut out = serde_json::Map::new();
    for (name, d) in [
        ("spark", Dialect::Spark),
        ("duckdb", Dialect::Duckdb),
        ("postgres", Dialect::Postgres),
    ] {
        let pairs: Vec<serde_json::Value> = LABELS
            .iter()
            .map(|label| serde_json::json!([label, d.literal(label)]))
            .collect();
        out.insert(name.to_owned(), serde_json::Value::Array(pairs));
    }
    println!("{}", serde_json::Value::Object(out));
}
