//! `nice-coding export sql`: the matching of `nice-coding match` as one SQL query, for
//! Spark SQL, DuckDB or PostgreSQL, generated from the compiled catalogue.
//!
//! * `dialect`: what differs between the engines;
//! * `atoms`: the tests of one code that the rules make, and their table;
//! * `tree`: each guidance's trees as expressions over an episode's atoms;
//! * `query`: the skeleton, from the HES table's fields to `match`'s rows.

mod atoms;
pub mod dialect;
mod query;
mod tree;

use crate::args::{SqlArgs, SqlLayout};
use crate::failure::{Failure, Finished};
use crate::files::output::Output;
use dialect::identifier;
use query::{Input, Source};

/// Writes the query for `args`.
pub fn run(args: &SqlArgs) -> Result<Finished, Failure> {
    let input = input(args).map_err(Failure::new)?;
    let sql = query::query(args.dialect, &input);
    Output::open(args.output.as_deref())?
        .write_all_with(|out| std::io::Write::write_all(out, sql.as_bytes()))?;
    Ok(Finished::Done)
}

/// The table, key and code columns the query reads, checked to be plain names.
fn input(args: &SqlArgs) -> Result<Input, String> {
    let table = identifier(&args.table, "--table", true)?;
    let key = identifier(&args.key, "--key", false)?;
    let source = match args.layout {
        SqlLayout::Wide => {
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
    if let Source::Wide { procedures, .. } = &source {
        if procedures.is_empty() {
            return Err(
                "--procedures 0: an episode cannot match a guidance without its procedures"
                    .to_owned(),
            );
        }
    }
    Ok(Input { table, key, source })
}
