//! Writes a synthetic Hospital Episode Statistics extract: the column layout the `match`
//! command reads (EPIKEY, OPERTN_01..24, DIAG_4_01..20, plus columns it ignores), one episode
//! per row, for the end-to-end benchmark in BENCHMARKS.md.
//!
//! ```text
//! cargo run --release --example hes -- 1000000 /tmp/hes.csv
//! ```
//!
//! A fifth of the episodes are a guidance's procedure as a coder records it (undotted codes,
//! the main code first, a covered code for each category); the rest are random codes, which
//! match nothing, as most episodes in a real extract do. Unused code fields are `-` or empty,
//! as in HES. The same row count always writes the same bytes.

#[path = "../../tests/synth/mod.rs"]
mod synth;

use nice_coding::{Code, Guidance, Rule, RuleKind};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// The codes a coder would record for `rule` (required parts, the first entry of each choice,
/// a covered code for a category), undotted as HES stores them.
fn record(rule: Rule, diagnosis: bool, out: &mut Vec<(bool, String)>) {
    if rule.is_conditional() {
        return;
    }
    match rule.kind() {
        RuleKind::Code(code) => {
            let code = rule.default_code().unwrap_or(code);
            let mut text = code.to_string().replace('.', "");
            if text.ends_with('-') {
                text.pop();
                text.push('9');
            }
            out.push((matches!(code, Code::Icd10(_)), text));
        }
        RuleKind::All => rule.children().for_each(|r| record(r, diagnosis, out)),
        RuleKind::Placeholder => {
            if let Some(range) = rule.within().next() {
                out.push((diagnosis, format!("{}0", range.first())));
            }
        }
        _ => {
            if let Some(first) = rule.children().next() {
                record(first, diagnosis, out);
            }
        }
    }
}

fn random_code(rng: &mut synth::Rng, letters: &[u8]) -> String {
    let letter = letters[rng.below(letters.len() as u64) as usize] as char;
    format!("{letter}{:02}{}", rng.below(100), rng.below(10))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [rows, path] = args.as_slice() else {
        eprintln!("usage: hes ROWS FILE");
        return ExitCode::from(2);
    };
    let Ok(rows) = rows.parse::<u64>() else {
        eprintln!("hes: ROWS must be a whole number, not {rows:?}");
        return ExitCode::from(2);
    };
    let file = match std::fs::File::create(path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("hes: cannot create {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let recorded: Vec<Vec<(bool, String)>> = Guidance::ALL
        .iter()
        .map(|g| {
            let mut codes = Vec::new();
            record(g.procedure(), false, &mut codes);
            record(g.diagnosis(), true, &mut codes);
            codes
        })
        .filter(|codes| codes.iter().any(|(icd, _)| !icd))
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
            if rng.percent(20) {
                let codes = &recorded[rng.below(recorded.len() as u64) as usize];
                for (icd, code) in codes {
                    if *icd {
                        diagnoses.push(code.clone())
                    } else {
                        procedures.push(code.clone())
                    }
                }
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
