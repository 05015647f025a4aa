//! Writes a synthetic catalogue of N guidance files, for scale tests and benchmarks.
//!
//! ```text
//! cargo run --release -p nice-coding-tests --example synthesize -- 1000 /tmp/synthetic
//! ```
//!
//! The folder gets `guidance/stock-notes.toml` (the shipped one) and `guidance/ipg/IPG1.toml`
//! to `IPG{N}.toml`, with the mix of constructs of the shipped catalogue (see the table in
//! `tests/synth/mod.rs`). The same N always gives the same files. Copy the crate's `Cargo.toml`,
//! `build.rs`, `build/` and `src/` next to it and `cargo build` compiles the synthetic catalogue.

#[path = "../../tests/synth/mod.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [count, folder] = args.as_slice() else {
        eprintln!("usage: synthesize COUNT FOLDER");
        return ExitCode::from(2);
    };
    let Ok(count) = count.parse::<u32>() else {
        eprintln!("synthesize: COUNT must be a whole number, not {count:?}");
        return ExitCode::from(2);
    };
    let stock = include_str!("../../guidance/stock-notes.toml");
    match synth::write_catalogue(&PathBuf::from(folder), count, 1, stock) {
        Ok(()) => {
            println!("wrote {count} guidance files to {folder}/guidance/ipg");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synthesize: cannot write to {folder}: {e}");
            ExitCode::FAILURE
        }
    }
}
