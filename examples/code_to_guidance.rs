//! Finds the guidance that use a code: an OPCS-4 procedure code or an ICD-10 diagnosis code,
//! dotted or as hospital systems record them.
//!
//! ```text
//! cargo run --example code_to_guidance -- K57.8
//! cargo run --example code_to_guidance -- i509
//! ```

use nice_coding::{Guidance, Icd10Code, Opcs4Code};
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(code) = std::env::args().nth(1) else {
        eprintln!("usage: code_to_guidance CODE");
        return ExitCode::from(2);
    };
    // The two classifications share the shape letter-digit-digit(-digit), so a code such as
    // A01.1 is looked up in both.
    let mut found = 0;
    if let Ok(c) = Opcs4Code::parse_loose(&code) {
        for g in Guidance::using_opcs4(c) {
            println!("OPCS-4 {c}: {} {}", g.id(), g.title());
            found += 1;
        }
    }
    if let Ok(c) = Icd10Code::parse_loose(&code) {
        for g in Guidance::using_icd10(c) {
            println!("ICD-10 {c}: {} {}", g.id(), g.title());
            found += 1;
        }
    }
    if found == 0 {
        println!("no guidance in the catalogue uses {code}");
    }
    ExitCode::SUCCESS
}
