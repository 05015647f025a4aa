//! `nice-coding`: the command-line tool of the nice-coding crate (package `nice-coding-cli`).
//!
//! * `args`: the command line, as clap reads it;
//! * `commands/`: `list`, `show`, `lookup`, `match`, `page-codes`, `import` and `drift`;
//! * `export/`: `export json`, `export opencodelists`, `export rules` and `export sql`;
//! * `episodes/`: the reader of HES extracts that `match` uses;
//! * `nice_text/`: the reader of NICE coding texts that `page-codes` and `import` use;
//! * `files/`: the input and outputs of a command, and which file each one is;
//! * `releases/`: the OPCS-4 and ICD-10 releases a command was given;
//! * `failure`: how a command ends.
//!
//! Exit statuses: 0 success, 1 error (one line on stderr), 2 usage error
//! (clap's), 3 `match` finished but skipped malformed rows, 4 `page-codes` found codes the
//! text recommends that the guidance lacks. When the reader of standard output goes away (`| head`), the
//! command ends quietly with status 0; standard output closed from the start (`>&-`) is an
//! error for any command that writes there. A named output file is written whole or not at
//! all: a failed command leaves it as it was.

mod args;
mod commands;
// Escaping input echoed in messages: the guidance compiler's, so the tool and the build quote
// input alike.
#[allow(dead_code)]
#[path = "../../build/shared/echo.rs"]
mod echo;
mod episodes;
mod export;
mod failure;
// Reading a whole file: a regular file only, within a size limit; the compiler's, so the tool
// and the build refuse the same inputs.
#[allow(dead_code)]
#[path = "../../build/shared/file_read.rs"]
mod file_read;
mod files;
mod nice_text;
mod releases;

use args::{Cli, Command, Export};
use clap::Parser;
use failure::Failure;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Before any file is opened: whether standard output was closed (`>&-`).
    files::output::standard_output_closed();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::List => commands::list::run(),
        Command::Show { id } => commands::show::run(&id),
        Command::Lookup(args) => commands::lookup::run(&args),
        Command::Match(args) => commands::match_episodes::run(&args),
        Command::Export(Export::Json { output }) => export::json(output.as_deref()),
        Command::Export(Export::Rules { output }) => export::rules(output.as_deref()),
        Command::Export(Export::Sql(args)) => export::sql::run(&args),
        Command::Export(Export::Opencodelists { dir, opcs4, icd10 }) => {
            export::opencodelists(&dir, opcs4.as_deref(), icd10.as_deref())
        }
        Command::Drift(args) => commands::drift::run(&args),
        Command::PageCodes { id, text_file } => commands::page_codes::run(&id, &text_file),
        Command::Import { text_file, output } => {
            commands::import::run(&text_file, output.as_deref())
        }
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
