//! `nice-coding`: the command-line tool of the nice-coding crate (feature `cli`).
//!
//! Each subcommand lives in its own module; `failure` says how a command ends and `output`
//! where it writes; `release` is the build script's reader of OPCS-4 and ICD-10 releases,
//! compiled here from `build/release.rs`, and `releases` the releases a command was given.
//! Exit statuses: 0 success, 1 error (one line on stderr), 2 usage error
//! (clap's), 3 `match` finished but skipped malformed rows, 4 `page-codes` found codes of the
//! text the guidance lacks. A closed standard output
//! (`| head`) ends the command quietly with status 0.

mod args;
mod codelist;
mod drift;
mod export;
mod failure;
mod file_identity;
mod header;
mod hes;
mod input;
mod list;
mod long_layout;
mod lookup;
mod match_episodes;
mod output;
mod page_codes;
mod records;
// Escaping input echoed in messages, shared with the build script's release reader.
#[allow(dead_code)]
#[path = "../../../build/echo.rs"]
mod echo;
// The build script's release reader; the tool uses part of its API.
#[allow(dead_code)]
#[path = "../../../build/release.rs"]
mod release;
mod releases;
mod row_error;
mod show;
mod skipped;
mod sql;

use args::{Cli, Command, Export};
use clap::Parser;
use failure::Failure;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::List => list::run(),
        Command::Show { id } => show::run(&id),
        Command::Lookup(args) => lookup::run(&args),
        Command::Match(args) => match_episodes::run(&args),
        Command::Export(Export::Json { output }) => export::json(output.as_deref()),
        Command::Export(Export::Rules { output }) => export::rules(output.as_deref()),
        Command::Export(Export::Sql(args)) => sql::run(&args),
        Command::Export(Export::Opencodelists { dir, opcs4, icd10 }) => {
            export::opencodelists(&dir, opcs4.as_deref(), icd10.as_deref())
        }
        Command::Drift(args) => drift::run(&args),
        Command::PageCodes { id, text_file } => page_codes::run(&id, &text_file),
    };
    match result {
        Ok(finished) => finished.exit_code(),
        Err(Failure::BrokenPipe) => ExitCode::SUCCESS,
        Err(Failure::Error(message)) => {
            // Messages quote input (file names, fields, release lines): never raw controls.
            eprintln!("nice-coding: error: {}", echo::escape_controls(&message));
            ExitCode::FAILURE
        }
    }
}
