//! Writes a synthetic Hospital Episode Statistics extract: the column layout the `match`
//! command reads (EPIKEY, OPERTN_01..24, DIAG_4_01..20, plus columns it ignores), one episode
//! per row, for the end-to-end benchmark in BENCHMARKS.md.
//!
//! ```text
//! cargo run --release -p nice-coding-cli --example hes -- 1000000 /tmp/hes.csv [PLANTED]
//! ```
//!
//! A fifth of the episodes (or, given PLANTED, that many, evenly spaced) are a guidance's
//! procedure as a coder records it (undotted codes, the main code first, a covered code for
//! each category); the rest are random codes, most of which match nothing, as most episodes
//! in a real extract do. Unused code fields are `-` or empty, as in HES. The same arguments
//! always write the same bytes.

#[path = "../../../benches/tools/episodes.rs"]
mod episodes;
#[path = "../../../tests/synth/mod.rs"]
mod synth;

use nice_coding::Guidance;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// A code as HES stores it: undotted (`K578`, `I48X`).
fn undotted(code: impl ToString) -> String {
    code.to_string()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn random_code(rng: &mut synth::Rng, letters: &[u8]) -> String {
    let letter = letters[rng.below(letters.len() as u64) as usize] as char;
    format!("{letter}{:02}{}", rng.below(100), rng.below(10))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (rows, path, planted) = match args.as_slice() {
        [rows, path] => (rows, path, None),
        [rows, path, planted] => (rows, path, Some(planted)),
        _ => {
            eprintln!("usage: hes ROWS FILE [PLANTED]");
            return ExitCode::from(2);
        }
    };
    let Ok(rows) = rows.parse::<u64>() else {
        eprintln!("hes: ROWS must be a whole number, not {rows:?}");
        return ExitCode::from(2);
    };
    let planted = match planted.map(|n| n.parse::<u64>()) {
        None => None,
        Some(Ok(n)) if n <= rows => Some(n),
        Some(_) => {
            eprintln!("hes: PLANTED must be a whole number no larger than ROWS");
            return ExitCode::from(2);
        }
    };
    let file = match std::fs::File::create(path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("hes: cannot create {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let recorded: Vec<(Vec<String>, Vec<String>)> = Guidance::ALL
        .iter()
        .map(|g| {
            let (procedures, diagnoses) = episodes::recorded(*g);
            (
                procedures.into_iter().map(undotted).collect::<Vec<_>>(),
                diagnoses.into_iter().map(undotted).collect::<Vec<_>>(),
            )
        })
        .filter(|(procedures, _)| !procedures.is_empty())
        .collect();
    let mut out = BufWriter::new(file);
    let mut header = String::from("EPIKEY,ADMIDATE");
    for i in 1..=24 {
        header.push_str(&format!(",OPERTN_{i:02}"));
    }
    for i in 1..=20 {
        header.push_str(&format!(",DIAG_4_{i:02}"));
    }
    let mut rng = synth::Rng::new(2026);
    let result = (|| -> std::io::Result<()> {
        writeln!(out, "{header}")?;
        let mut procedures = Vec::new();
        let mut diagnoses = Vec::new();
        for key in 0..rows {
            procedures.clear();
            diagnoses.clear();
            // Without PLANTED, a fifth drawn at random; with it, the rows where
            // key * PLANTED / ROWS steps up, so exactly PLANTED rows, evenly spread.
            let plant = match planted {
                None => rng.percent(20),
                Some(n) => (key + 1) * n / rows != key * n / rows,
            };
            if plant {
                let (codes, diagnosis) = &recorded[rng.below(recorded.len() as u64) as usize];
                procedures.extend(codes.iter().cloned());
                diagnoses.extend(diagnosis.iter().cloned());
            } else {
                for _ in 0..rng.between(1, 4) {
                    procedures.push(random_code(&mut rng, b"ABCDEFGHJKLMNPQRSTUVWXYZ"));
                }
            }
            for _ in 0..rng.between(1, 3) {
                let mut code = random_code(&mut rng, b"ABCDEFGHIJKLMNOPQRSTZ");
                if rng.percent(10) {
                    code.replace_range(3.., "X");
                }
                diagnoses.push(code);
            }
            write!(
                out,
                "{:012},2026-0{}-1{}",
                100_000_000 + key,
                1 + key % 9,
                key % 10
            )?;
            let empty = if key % 2 == 0 { "-" } else { "" };
            for i in 0..24 {
                write!(out, ",{}", procedures.get(i).map_or(empty, String::as_str))?;
            }
            for i in 0..20 {
                write!(out, ",{}", diagnoses.get(i).map_or(empty, String::as_str))?;
            }
            writeln!(out)?;
        }
        out.flush()
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hes: cannot write {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
