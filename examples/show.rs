//! Lists the catalogue, or prints one guidance as a readable page.
//!
//! ```text
//! cargo run --example show            # every guidance with its status
//! cargo run --example show -- IPG655  # one guidance, laid out like NICE's page
//! ```
//!
//! Output goes through `writeln!` rather than `println!`, so a reader that goes away early
//! (`| head`) ends the example quietly instead of with a panic.

use nice_coding::{Guidance, Status};
use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = io::stdout().lock();
    let written = match args.as_slice() {
        [] => list(&mut out),
        [id] => match id.parse::<Guidance>() {
            Ok(g) => write!(out, "{}", g.page()),
            Err(e) => {
                eprintln!("error: {id}: {e}");
                return ExitCode::FAILURE;
            }
        },
        _ => {
            eprintln!("usage: show [GUIDANCE-ID]");
            return ExitCode::from(2);
        }
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`| head`): stop quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write standard output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Every guidance with its status, then the count.
fn list(out: &mut impl Write) -> io::Result<()> {
    for g in Guidance::ALL {
        let status = match g.status() {
            Status::Current => "current",
            Status::Superseded => "superseded",
            Status::Withdrawn => "withdrawn",
            _ => "other",
        };
        let complete = if g.is_complete() { "" } else { ", incomplete" };
        writeln!(out, "{:<7} {:<11} {}{complete}", g.id(), status, g.title())?;
    }
    writeln!(
        out,
        "{} guidance (data version {})",
        Guidance::COUNT,
        nice_coding::DATA_VERSION
    )
}
