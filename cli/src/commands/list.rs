//! `nice-coding list`: every guidance, one line each, then a count.

use crate::failure::{Failure, Finished};
use crate::files::output::Output;
use nice_coding::{DATA_VERSION, Guidance, Status};

/// The status as `list` prints it.
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Current => "current",
        Status::Superseded => "superseded",
        Status::Withdrawn => "withdrawn",
        // `Status` is non-exhaustive; a status added to the library is named here.
        _ => "other",
    }
}

/// `IPG655  current                 Cardiac contractility ...`: id, status, `incomplete` when
/// the source text was cut short, title; then `77 guidance (20 incomplete), data version ...`.
pub fn run() -> Result<Finished, Failure> {
    Output::stdout().write_all_with(|out| {
        for g in Guidance::ALL {
            let incomplete = if g.is_complete() { "" } else { "incomplete" };
            writeln!(
                out,
                "{:<7} {:<10} {:<10} {}",
                g.id(),
                status_name(g.status()),
                incomplete,
                g.title()
            )?;
        }
        let incomplete = Guidance::ALL.iter().filter(|g| !g.is_complete()).count();
        writeln!(
            out,
            "{} guidance ({incomplete} incomplete), data version {DATA_VERSION}",
            Guidance::COUNT
        )
    })?;
    Ok(Finished::Done)
}
