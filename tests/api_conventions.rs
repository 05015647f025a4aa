//! What a Rust developer expects of the small types: ordering, `snake_case` names through
//! `as_str` and `Display` (the names the command-line tool and the `serde` feature write),
//! `FromStr` for `Code`, the undotted form as a `&str`, and one name for a code's letter.

use nice_coding::{
    Code, CodeError, Guidance, Outcome, ParseCodeError, RuleKind, Status, icd10, ipg, opcs4,
};
use std::collections::BTreeSet;

#[test]
fn outcomes_order_from_the_closest_match_and_write_their_snake_case_names() {
    let all = [
        (Outcome::DiagnosisMatches, "diagnosis_matches"),
        (
            Outcome::DiagnosisAbsentOrDifferent,
            "diagnosis_absent_or_different",
        ),
        (
            Outcome::NoDiagnosisRecommendation,
            "no_diagnosis_recommendation",
        ),
        (Outcome::DiagnosisNotChecked, "diagnosis_not_checked"),
        (Outcome::NoMatch, "no_match"),
    ];
    for (outcome, name) in all {
        assert_eq!(outcome.as_str(), name);
        assert_eq!(outcome.to_string(), name);
        assert_eq!(format!("{outcome:>20}").trim_start(), name);
    }
    assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(
        Outcome::NoMatch.describe(),
        "no match",
        "describe stays the phrase for people"
    );
    let sorted: BTreeSet<Outcome> = all.iter().rev().map(|&(o, _)| o).collect();
    assert_eq!(sorted.first(), Some(&Outcome::DiagnosisMatches));
}

#[test]
fn statuses_order_current_first_and_write_their_names() {
    let all = [
        (Status::Current, "current"),
        (Status::Superseded, "superseded"),
        (Status::Withdrawn, "withdrawn"),
    ];
    for (status, name) in all {
        assert_eq!(status.as_str(), name);
        assert_eq!(status.to_string(), name);
    }
    assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
    // Sorting the catalogue by status puts the current guidance first.
    let mut statuses: Vec<Status> = Guidance::ALL.iter().map(|g| g.status()).collect();
    statuses.sort();
    assert_eq!(statuses[0], Status::Current);
    assert_eq!(ipg::IPG655.status().to_string(), "current");
}

#[test]
fn rule_kinds_order_codes_first_and_write_the_file_format_keys() {
    let all = [
        (RuleKind::Code(Code::Opcs4(opcs4!("K57.8"))), "opcs4"),
        (RuleKind::Code(Code::Icd10(icd10!("I50.9"))), "icd10"),
        (RuleKind::All, "all"),
        (RuleKind::OneOf, "one_of"),
        (RuleKind::OneOrMore, "one_or_more"),
        (RuleKind::Variants, "variants"),
        (RuleKind::Stages, "stages"),
        (RuleKind::Patients, "patients"),
        (RuleKind::Placeholder, "placeholder"),
    ];
    for (kind, name) in all {
        assert_eq!(kind.as_str(), name);
    }
    // The text form of a code rule's kind holds the code, so it reads back as the same kind;
    // the other kinds write their name.
    for (kind, text) in [
        (all[0].0, "opcs4:K57.8"),
        (all[1].0, "icd10:I50.9"),
        (RuleKind::OneOf, "one_of"),
    ] {
        assert_eq!(kind.to_string(), text);
        assert_eq!(text.parse::<RuleKind>(), Ok(kind));
    }
    assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
    assert!(
        RuleKind::Code(Code::Opcs4(opcs4!("A01.1"))) < RuleKind::Code(Code::Opcs4(opcs4!("K57.8")))
    );
}

#[test]
fn a_code_parses_with_its_classification() {
    assert_eq!("opcs4:K57.8".parse(), Ok(Code::Opcs4(opcs4!("K57.8"))));
    assert_eq!("ICD10:I48.X".parse(), Ok(Code::Icd10(icd10!("I48.X"))));
    assert_eq!("icd10:A01.1".parse(), Ok(Code::Icd10(icd10!("A01.1"))));
    assert_eq!(
        "A01.1".parse::<Code>(),
        Err(ParseCodeError::MissingClassification)
    );
    assert_eq!(
        "snomed:123".parse::<Code>(),
        Err(ParseCodeError::MissingClassification)
    );
    // The code after the prefix is read as `parse_loose` reads it, the crate's one rule for
    // reading codes from text (it was the canonical form only, which `Display` writes).
    assert_eq!("opcs4:k578".parse(), Ok(Code::Opcs4(opcs4!("K57.8"))));
    assert_eq!("icd10:H19.8*".parse(), Ok(Code::Icd10(icd10!("H19.8A"))));
    assert_eq!(
        "opcs4:K57.81".parse::<Code>(),
        Err(ParseCodeError::Code(CodeError::TooLong))
    );
    assert_eq!(
        "opcs4:K57.81".parse::<Code>().unwrap_err().to_string(),
        "the code has extra characters at its end"
    );
    assert_eq!(
        ParseCodeError::MissingClassification.to_string(),
        "a code must name its classification: `opcs4:K57.8` or `icd10:I50.9`"
    );
    // Code converts from either code type.
    assert_eq!(Code::from(opcs4!("K57.8")), Code::Opcs4(opcs4!("K57.8")));
    assert_eq!(Code::from(icd10!("I50.9")), Code::Icd10(icd10!("I50.9")));
}

#[test]
fn undotted_is_usable_as_a_str() {
    let code = opcs4!("K57.8").undotted();
    let text: &str = &code;
    assert_eq!(text, "K578");
    assert_eq!(code, "K578");
    assert_eq!(code.as_str(), "K578");
    assert_eq!(code.as_bytes(), b"K578");
    assert_eq!(code.to_string(), "K578");
    assert_eq!(format!("{code:?}"), "\"K578\"");
    assert_eq!(opcs4!("Y53.-").undotted(), "Y53-");
    assert!(code.starts_with('K') && code.len() == 4);
    fn takes_str(s: impl AsRef<str>) -> usize {
        s.as_ref().len()
    }
    assert_eq!(takes_str(code), 4);
}

#[test]
fn both_code_types_name_their_letter_letter() {
    assert_eq!(opcs4!("K57.8").letter(), 'K');
    assert_eq!(icd10!("I50.9").letter(), 'I');
}
