//! `nice-coding export sql`: the matching of `nice-coding match` as one SQL query, for
//! Spark SQL, DuckDB or PostgreSQL, generated from the compiled catalogue.
//!
//! * `dialect`: what differs between the engines;
//! * `source`: from the table to the codes of the episodes that can match;
//! * `fields`: the forms of a HES field `match` reads, as regular expressions;
//! * `atoms`: the tests of one code that the rules make, and their table;
//! * `condition`: conditions on an episode's atoms, as SQL booleans, and `CASE`s of them;
//! * `clauses`: Spark's form of the conditions, as data;
//! * `tree`: each guidance's trees as expressions over an episode's atoms;
//! * `query`: the skeleton, from the codes to the (episode, candidate guidance) pairs;
//! * `evaluation`: the pairs' trees evaluated, and `match`'s rows.

mod atoms;
mod clauses;
mod condition;
pub mod dialect;
mod evaluation;
mod fields;
mod query;
mod source;
mod tree;

use crate::args::{SqlArgs, SqlLayout};
use crate::failure::{Failure, Finished};
use crate::files::output::Output;
use dialect::identifier;
use source::{Input, Source};

/// Writes the query for `args`.
pub fn run(args: &SqlArgs) -> Result<Finished, Failure> {
    let input = input(args).map_err(Failure::new)?;
    let sql = query::query(args.dialect, &input).map_err(Failure::new)?;
    Output::open(args.output.as_deref())?
        .write_all_with(|out| std::io::Write::write_all(out, sql.as_bytes()))?;
    Ok(Finished::Done)
}

/// The most code columns of one classification `--procedures` and `--diagnoses` may name: 99,
/// the two-digit column numbers, four times what HES has (24 procedures, 20 diagnoses).
pub const MAX_COLUMNS: u32 = 99;

/// The table, key and code columns the query reads, checked to be plain names.
fn input(args: &SqlArgs) -> Result<Input, String> {
    let table = identifier(&args.table, "--table", true)?;
    let key = identifier(&args.key, "--key", false)?;
    let source = match args.layout {
        SqlLayout::Wide => {
            if args.procedures == 0 {
                return Err(
                    "--procedures 0: an episode cannot match a guidance without its procedures"
                        .to_owned(),
                );
            }
            for (what, count) in [
                ("--procedures", args.procedures),
                ("--diagnoses", args.diagnoses),
            ] {
                if count > MAX_COLUMNS {
                    return Err(format!(
                        "{what} {count}: at most {MAX_COLUMNS} columns (HES has 24 procedure \
                         columns and 20 diagnosis columns)"
                    ));
                }
            }
            let columns = |prefix: &str, what: &str, count: u32| -> Result<Vec<String>, String> {
                (1..=count)
                    .map(|n| identifier(&format!("{prefix}{n:02}"), what, false))
                    .collect()
            };
            Source::Wide {
                procedures: columns(
                    &args.procedure_prefix,
                    "--procedure-prefix",
                    args.procedures,
                )?,
                diagnoses: columns(&args.diagnosis_prefix, "--diagnosis-prefix", args.diagnoses)?,
            }
        }
        SqlLayout::Long => Source::Long {
            procedure: identifier(&args.procedure_column, "--procedure-column", false)?,
            diagnosis: identifier(&args.diagnosis_column, "--diagnosis-column", false)?,
        },
    };
    Ok(Input { table, key, source })
}
