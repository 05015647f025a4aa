//! Matches a few coded hospital episodes against every guidance and explains each match.
//!
//! ```text
//! cargo run --example match_episodes
//! ```

use nice_coding::{Episode, Icd10Code, Opcs4Code, Outcome};

fn main() {
    // (episode key, procedure codes in order, diagnosis codes), as a hospital system records
    // them: undotted, the way Hospital Episode Statistics store them.
    let episodes = [
        (
            "E1",
            &["K578", "Y021", "Y534", "Z332", "Z942"][..],
            &["I509"][..],
        ),
        ("E2", &["K578", "Y021", "Z332", "Z942"][..], &["J189"][..]),
        ("E3", &["W401", "Z846"][..], &["M179"][..]),
    ];
    for (key, procedures, diagnoses) in episodes {
        let procedures: Vec<Opcs4Code> = procedures
            .iter()
            .filter_map(|c| Opcs4Code::parse_loose(c).ok())
            .collect();
        let diagnoses: Vec<Icd10Code> = diagnoses
            .iter()
            .filter_map(|c| Icd10Code::parse_loose(c).ok())
            .collect();
        let episode = Episode::new(&procedures, &diagnoses);
        let mut any = false;
        for evaluation in nice_coding::matches(&episode) {
            any = true;
            let diagnosis = match evaluation.outcome() {
                Outcome::DiagnosisMatches => "diagnosis matches",
                Outcome::DiagnosisAbsentOrDifferent => "diagnosis absent or different",
                Outcome::NoDiagnosisRecommendation => "no ICD-10 recommendation",
                _ => "diagnosis not checked",
            };
            println!("{key}: {} ({diagnosis})", evaluation.guidance().id());
            // Which episode code satisfied which rule.
            for m in evaluation.explain() {
                if let (Some(code), true) = (m.rule.code(), m.satisfied) {
                    if let Some(by) = m.by {
                        println!("    {} satisfied by {}", code.bare(), by.bare());
                    }
                }
            }
        }
        if !any {
            println!("{key}: matches no guidance");
        }
    }
}
