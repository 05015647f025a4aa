//! Lists the catalogue, or prints one guidance as a readable page.
//!
//! ```text
//! cargo run --example show            # every guidance with its status
//! cargo run --example show -- IPG655  # one guidance, laid out like NICE's page
//! ```

use nice_coding::{Guidance, Status};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => {
            for g in Guidance::ALL {
                let status = match g.status() {
                    Status::Current => "current",
                    Status::Superseded => "superseded",
                    Status::Withdrawn => "withdrawn",
                    _ => "other",
                };
                let complete = if g.is_complete() { "" } else { ", incomplete" };
                println!("{:<7} {:<11} {}{complete}", g.id(), status, g.title());
            }
            println!(
                "{} guidance (data version {})",
                Guidance::COUNT,
                nice_coding::DATA_VERSION
            );
            ExitCode::SUCCESS
        }
        [id] => match id.parse::<Guidance>() {
            Ok(g) => {
                print!("{}", g.page());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {id}: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: show [GUIDANCE-ID]");
            ExitCode::from(2)
        }
    }
}
