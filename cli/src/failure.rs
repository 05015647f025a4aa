//! How a command ends: its exit status, and the one-line errors it can fail with.

use crate::files::output::StandardOutputClosed;
use std::fmt;
use std::io;
use std::path::Path;
use std::process::ExitCode;

/// How a command that ran to its end finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finished {
    /// Everything was done: exit status 0.
    Done,
    /// `match` read the whole input but skipped malformed rows: exit status 3.
    SkippedRows,
    /// `page-codes` found codes the text recommends that the guidance lacks: exit status 4.
    CodesMissing,
}

impl Finished {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Finished::Done => ExitCode::SUCCESS,
            Finished::SkippedRows => ExitCode::from(3),
            Finished::CodesMissing => ExitCode::from(4),
        }
    }
}

/// Why a command stopped.
#[derive(Debug)]
pub enum Failure {
    /// A one-line message for `nice-coding: error: ...`; exit status 1.
    Error(String),
    /// The reader of standard output went away (`| head`): stop quietly, exit status 0.
    BrokenPipe,
}

impl Failure {
    /// An error whose message is `message`.
    pub fn new(message: impl fmt::Display) -> Failure {
        Failure::Error(message.to_string())
    }

    /// A failure to write `what` (a path, or "standard output"); standard output closed at
    /// the start is its own message (see `files::output`).
    pub fn write(what: &str, error: io::Error) -> Failure {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Failure::BrokenPipe
        } else if StandardOutputClosed::is(&error) {
            Failure::Error(StandardOutputClosed.to_string())
        } else {
            Failure::Error(format!("cannot write {what}: {error}"))
        }
    }

    /// A failure of the csv writer writing to `what`.
    pub fn csv_write(what: &str, error: csv::Error) -> Failure {
        match error.kind() {
            csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe => Failure::BrokenPipe,
            csv::ErrorKind::Io(io) if StandardOutputClosed::is(io) => {
                Failure::Error(StandardOutputClosed.to_string())
            }
            _ => Failure::Error(format!("cannot write {what}: {error}")),
        }
    }
}

/// A path as messages show it: `-` (standard input) as `<stdin>`, control characters escaped
/// (a file name may hold any of them, and messages reach the terminal).
pub fn shown(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        crate::echo::escape_controls(&path.display().to_string())
    }
}
