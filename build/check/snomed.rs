//! SNOMED CT concepts of a guidance: the concept id (digits, partition and Verhoeff check
//! digit), the term, and which tree it applies to.

use super::super::catalogue::*;
use super::super::read::model::RawSnomed;
use super::Checker;
use toml::Spanned;

impl Checker {
    /// One `snomed` entry.
    pub(super) fn snomed(&mut self, file: usize, s: &Spanned<RawSnomed>) -> Option<Snomed> {
        let raw = s.get_ref();
        let concept = match check_sctid(raw.concept.get_ref()) {
            Ok(id) => Some(id),
            Err(why) => {
                self.err(
                    file,
                    raw.concept.span(),
                    format!("SNOMED CT concept \"{}\" {why}", raw.concept.get_ref()),
                );
                None
            }
        };
        let term = self.text(file, &raw.term, "SNOMED CT term");
        let applies_to = match raw.applies_to.get_ref().as_str() {
            "procedure" => Some(SnomedUse::Procedure),
            "diagnosis" => Some(SnomedUse::Diagnosis),
            other => {
                self.err(
                    file,
                    raw.applies_to.span(),
                    format!(
                        "applies_to \"{other}\" is not known; use \"procedure\" or \"diagnosis\"."
                    ),
                );
                None
            }
        };
        Some(Snomed {
            concept: concept?,
            term: term?,
            applies_to: applies_to?,
        })
    }
}

/// A SNOMED CT concept id: 6 to 18 digits, no leading zero, a concept partition (`00` or
/// `10`) and a valid Verhoeff check digit.
fn check_sctid(s: &str) -> Result<u64, String> {
    let b = s.as_bytes();
    if !(6..=18).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) || b[0] == b'0' {
        return Err("is not a SNOMED CT id; write its 6 to 18 digits.".to_string());
    }
    let partition = &s[s.len() - 3..s.len() - 1];
    if partition != "00" && partition != "10" {
        return Err(format!(
            "has partition {partition}, which is not a concept id (00 or 10); check the id."
        ));
    }
    if !verhoeff_valid(s) {
        return Err("fails its check digit; check the id against the text.".to_string());
    }
    s.parse().map_err(|_| "is too large.".to_string())
}

fn verhoeff_valid(s: &str) -> bool {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const P: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    let mut c = 0u8;
    for (i, b) in s.bytes().rev().enumerate() {
        c = D[c as usize][P[i % 8][(b - b'0') as usize] as usize];
    }
    c == 0
}
