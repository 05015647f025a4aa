//! `nice-coding show ID`: one guidance as a readable page.

use crate::failure::{Failure, Finished};
use crate::files::output::Output;
use nice_coding::Guidance;

pub fn run(id: &str) -> Result<Finished, Failure> {
    let guidance = parse_id(id)?;
    Output::stdout().write_all_with(|out| write!(out, "{}", guidance.page()))?;
    Ok(Finished::Done)
}

/// The guidance with this id, or the error `IPG1: no guidance with this id in the catalogue`.
pub fn parse_id(id: &str) -> Result<Guidance, Failure> {
    id.parse::<Guidance>()
        .map_err(|e| Failure::new(format!("{id}: {e} (`nice-coding list` lists them)")))
}
