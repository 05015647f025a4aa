//! Fuzz check: matching an episode through the anchor index (`matches`) against evaluating
//! every guidance (`matches_naive`), `src/matching.rs`.
//!
//! The bytes choose an episode's codes from the catalogue's own codes (so episodes do match
//! guidance), with a changed subdivision now and then (so codes near a recommendation are
//! tried too); both ways must give the same guidance in the same order, with the same
//! outcome.

use nice_coding::{Code, Episode, Guidance, Icd10Code, Opcs4Code, Outcome};
use std::sync::OnceLock;

/// The catalogue's codes, OPCS-4 and ICD-10 apart, in catalogue order.
struct Pool {
    opcs4: Vec<Opcs4Code>,
    icd10: Vec<Icd10Code>,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut pool = Pool {
            opcs4: Vec::new(),
            icd10: Vec::new(),
        };
        for g in Guidance::ALL {
            for rule in g
                .procedure()
                .descendants()
                .chain(g.diagnosis().descendants())
            {
                for code in rule.code().into_iter().chain(rule.default_code()) {
                    match code {
                        Code::Opcs4(c) => pool.opcs4.push(c),
                        Code::Icd10(c) => pool.icd10.push(c),
                    }
                }
            }
        }
        pool
    })
}

/// A code chosen by two bytes: the first picks a catalogue code, the second may change its
/// subdivision (a category becomes one of its codes, which episodes hold).
fn opcs4(pick: u8, change: u8) -> Opcs4Code {
    let pool = &pool().opcs4;
    let code = pool[usize::from(pick) * pool.len() / 256].to_string();
    let subdivision = char::from(b'0' + change % 10);
    let changed = if code.ends_with('-') || change >= 128 {
        format!("{}{subdivision}", &code[..4])
    } else {
        code
    };
    Opcs4Code::parse(&changed).expect("a catalogue code with a digit subdivision is a code")
}

fn icd10(pick: u8, change: u8) -> Icd10Code {
    let pool = &pool().icd10;
    let code = pool[usize::from(pick) * pool.len() / 256];
    if !code.is_category() && change < 128 {
        return code;
    }
    let stem = &code.to_string()[..4];
    let shown = match change % 4 {
        0 => format!("{stem}X"),
        1 => format!("{stem}{}", change % 10),
        2 => format!("{stem}{}{}D", change % 10, change / 10 % 10),
        _ => format!("{stem}{}A", change % 10),
    };
    Icd10Code::parse(&shown).unwrap_or(code)
}

/// Runs the check on `data`; panics when the index and the naive scan disagree.
pub fn check(data: &[u8]) {
    let mut procedures = Vec::new();
    let mut diagnoses = Vec::new();
    // Three bytes a code: which classification, which code, what change. At most 64 codes,
    // more than any episode record holds (24 procedures and 20 diagnoses in HES).
    for chunk in data.chunks_exact(3).take(64) {
        if chunk[0] & 1 == 0 {
            procedures.push(opcs4(chunk[1], chunk[2]));
        } else {
            diagnoses.push(icd10(chunk[1], chunk[2]));
        }
    }
    let episode = Episode::new(&procedures, &diagnoses);
    let indexed: Vec<(Guidance, Outcome)> = nice_coding::matches(&episode)
        .map(|e| (e.guidance(), e.outcome()))
        .collect();
    let naive: Vec<(Guidance, Outcome)> = nice_coding::matches_naive(&episode)
        .map(|e| (e.guidance(), e.outcome()))
        .collect();
    assert_eq!(
        indexed, naive,
        "matches and matches_naive differ for {procedures:?} {diagnoses:?}"
    );
}
