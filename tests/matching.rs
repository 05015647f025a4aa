//! Episode matching over the real catalogue: a table of cases covering every node type, then
//! the anchor index checked against the naive scan of every guidance.

use Outcome::{
    DiagnosisAbsentOrDifferent as DiagnosisDiffers, DiagnosisMatches, DiagnosisNotChecked,
    NoDiagnosisRecommendation as NoIcd10, NoMatch,
};
use nice_coding::{
    Code, Episode, Guidance, Icd10Code, Opcs4Code, Outcome, Rule, RuleKind, RuleMatch, icd10, ipg,
    matches, matches_naive, opcs4,
};
use std::collections::BTreeSet;

/// Codes as a hospital system records them (undotted, any case), parsed loosely.
fn parse(procedures: &[&str], diagnoses: &[&str]) -> (Vec<Opcs4Code>, Vec<Icd10Code>) {
    let p = procedures
        .iter()
        .map(|c| Opcs4Code::parse_loose(c).unwrap_or_else(|e| panic!("{c:?}: {e}")))
        .collect();
    let d = diagnoses
        .iter()
        .map(|c| Icd10Code::parse_loose(c).unwrap_or_else(|e| panic!("{c:?}: {e}")))
        .collect();
    (p, d)
}

/// A rule in a few characters: its code, or its kind.
fn short(rule: Rule) -> String {
    match rule.kind() {
        RuleKind::Code(code) => code.bare().to_string(),
        RuleKind::All => "all".into(),
        RuleKind::OneOf => "one_of".into(),
        RuleKind::OneOrMore => "one_or_more".into(),
        RuleKind::Variants => "variants".into(),
        RuleKind::Stages => "stages".into(),
        RuleKind::Placeholder => "placeholder".into(),
        other => format!("{other:?}"),
    }
}

struct Case {
    what: &'static str,
    guidance: &'static str,
    procedures: &'static [&'static str],
    diagnoses: &'static [&'static str],
    outcome: Outcome,
    variant: Option<&'static str>,
    /// What `Evaluation::missing` yields, as `short` writes it.
    missing: &'static [&'static str],
}

const IPG655_FULL: &[&str] = &["K578", "Y021", "Y534", "Z332", "Z942"];
const SIRT: &[&str] = &["J123", "X653", "Y364", "Y891", "Y534"];

const CASES: &[Case] = &[
    // IPG655: codes, a conditional one_of, a conditional code, a one_of diagnosis.
    Case {
        what: "IPG655 as its page codes it, image control under fluoroscopy",
        guidance: "IPG655",
        procedures: IPG655_FULL,
        diagnoses: &["I509"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "hospital forms: lower case, dotted and undotted mixed, spaces",
        guidance: "IPG655",
        procedures: &["k578", "Y02.1", " y534 ", "z33.2", "Z942"],
        diagnoses: &["i509"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "conditional one_of (image control) absent: still a match",
        guidance: "IPG655",
        procedures: &["K578", "Y021", "Z332", "Z942"],
        diagnoses: &["I500"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "both image-control alternatives present: one_of still matches",
        guidance: "IPG655",
        procedures: &["K578", "Y021", "Y534", "Y682", "Z332", "Z942"],
        diagnoses: &["I509"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "duplicate codes neither help nor hurt",
        guidance: "IPG655",
        procedures: &[
            "K578", "K578", "Y021", "Y534", "Y534", "Z332", "Z942", "Z942",
        ],
        diagnoses: &["I509", "I509"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "code order is not checked",
        guidance: "IPG655",
        procedures: &["Z942", "Z332", "Y534", "Y021", "K578"],
        diagnoses: &["I509"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "other procedures in the episode are ignored",
        guidance: "IPG655",
        procedures: &["K578", "Y021", "Z332", "Z942", "K611", "E851"],
        diagnoses: &["I10X", "I509"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "near miss: the site code Z33.2 is missing",
        guidance: "IPG655",
        procedures: &["K578", "Y021", "Y534", "Z942"],
        diagnoses: &["I509"],
        outcome: NoMatch,
        variant: None,
        missing: &["Z33.2"],
    },
    Case {
        what: "main code only: every required code missing, conditional parts not",
        guidance: "IPG655",
        procedures: &["K578"],
        diagnoses: &["I509"],
        outcome: NoMatch,
        variant: None,
        missing: &["Y02.1", "Z33.2", "Z94.2"],
    },
    Case {
        what: "empty episode: nothing matches; the diagnosis one_of is missing too",
        guidance: "IPG655",
        procedures: &[],
        diagnoses: &[],
        outcome: NoMatch,
        variant: None,
        missing: &["K57.8", "Y02.1", "Z33.2", "Z94.2", "one_of"],
    },
    Case {
        what: "an episode category K57.- does not satisfy the code K57.8",
        guidance: "IPG655",
        procedures: &["K57-", "Y021", "Z332", "Z942"],
        diagnoses: &["I509"],
        outcome: NoMatch,
        variant: None,
        missing: &["K57.8"],
    },
    Case {
        what: "diagnosis different",
        guidance: "IPG655",
        procedures: IPG655_FULL,
        diagnoses: &["I219"],
        outcome: DiagnosisDiffers,
        variant: None,
        missing: &["one_of"],
    },
    Case {
        what: "diagnosis absent",
        guidance: "IPG655",
        procedures: IPG655_FULL,
        diagnoses: &[],
        outcome: DiagnosisDiffers,
        variant: None,
        missing: &["one_of"],
    },
    // Categories and X-filled ICD-10 codes.
    Case {
        what: "category Y53.- satisfied by Y53.4; I48.X recorded as I48X",
        guidance: "IPG349",
        procedures: &["K625", "Y534"],
        diagnoses: &["I48X"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "I48.X satisfied by I48.0 of the edition that divides I48",
        guidance: "IPG349",
        procedures: &["K625", "Y539"],
        diagnoses: &["I480"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "conditional code U20.2 present",
        guidance: "IPG349",
        procedures: &["K625", "Y532", "U202"],
        diagnoses: &["I48.X"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "no code from category Y53",
        guidance: "IPG349",
        procedures: &["K625", "U202"],
        diagnoses: &["I48X"],
        outcome: NoMatch,
        variant: None,
        missing: &["Y53.-"],
    },
    Case {
        what: "IPG294 names Y53.4 itself: Y53.2 does not do",
        guidance: "IPG294",
        procedures: &["K641", "Y532"],
        diagnoses: &["I48X"],
        outcome: NoMatch,
        variant: None,
        missing: &["Y53.4"],
    },
    Case {
        what: "IPG294 with another arrhythmia",
        guidance: "IPG294",
        procedures: &["K641", "Y534"],
        diagnoses: &["I490"],
        outcome: DiagnosisDiffers,
        variant: None,
        missing: &["I48.X"],
    },
    Case {
        what: "categories on both sides: G27.- or G28.-, C16.-",
        guidance: "IPG269",
        procedures: &["G271", "Y752"],
        diagnoses: &["C169"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "X-filled D24.X recorded with the filler",
        guidance: "IPG131",
        procedures: &["B401"],
        diagnoses: &["D24X"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    // No ICD-10 recommendation.
    Case {
        what: "a single code, no ICD-10 recommendation",
        guidance: "IPG8",
        procedures: &["L882"],
        diagnoses: &["I839"],
        outcome: NoIcd10,
        variant: None,
        missing: &[],
    },
    // one_of of codes, and of all groups.
    Case {
        what: "one_of: the endoscopic alternative",
        guidance: "IPG7",
        procedures: &["Q176"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: None,
        missing: &[],
    },
    Case {
        what: "one_of: a code of the same category but not listed",
        guidance: "IPG7",
        procedures: &["Q171"],
        diagnoses: &[],
        outcome: NoMatch,
        variant: None,
        missing: &["one_of"],
    },
    Case {
        what: "one_of of all groups: the second",
        guidance: "IPG147",
        procedures: &["T862", "Y763"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: None,
        missing: &[],
    },
    Case {
        what: "one_of of all groups: near miss names what the held alternative lacks",
        guidance: "IPG147",
        procedures: &["T862"],
        diagnoses: &[],
        outcome: NoMatch,
        variant: None,
        missing: &["Y76.3"],
    },
    Case {
        what: "one_of of all groups: the shared approach code alone",
        guidance: "IPG147",
        procedures: &["Y763"],
        diagnoses: &[],
        outcome: NoMatch,
        variant: None,
        missing: &["T85.2", "T86.2", "T87.3"],
    },
    Case {
        what: "one_of holding an all with a category: W80.- without the site",
        guidance: "IPG230",
        procedures: &["W801", "Y767"],
        diagnoses: &[],
        outcome: NoMatch,
        variant: None,
        missing: &["Z84.6"],
    },
    // Variants.
    Case {
        what: "variants: the percutaneous single code",
        guidance: "IPG214",
        procedures: &["J127"],
        diagnoses: &["C220"],
        outcome: DiagnosisMatches,
        variant: Some("Percutaneous procedure"),
        missing: &[],
    },
    Case {
        what: "variants: the open all group, with the conditional Y53",
        guidance: "IPG214",
        procedures: &["J032", "Y137", "Y534"],
        diagnoses: &["C787"],
        outcome: DiagnosisMatches,
        variant: Some("Open procedure"),
        missing: &[],
    },
    Case {
        what: "variants: open procedure without its method code",
        guidance: "IPG214",
        procedures: &["J032"],
        diagnoses: &["C220"],
        outcome: NoMatch,
        variant: None,
        missing: &["Y13.7"],
    },
    Case {
        what: "variants with a ranged placeholder: Chapter Z site present",
        guidance: "IPG142",
        procedures: &["E483", "Y132", "Z246"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: Some("Rigid bronchoscope not used"),
        missing: &[],
    },
    Case {
        what: "variants: no site code; both variants hold part",
        guidance: "IPG142",
        procedures: &["E483", "Y132"],
        diagnoses: &[],
        outcome: NoMatch,
        variant: None,
        missing: &["placeholder", "E50.3"],
    },
    Case {
        what: "variants: the rigid bronchoscope block",
        guidance: "IPG142",
        procedures: &["E503", "Y132"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: Some("Rigid bronchoscope used"),
        missing: &[],
    },
    Case {
        what: "variants: the trial electrode leads",
        guidance: "IPG188",
        procedures: &["A095", "Y705"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: Some(
            "Electrode leads implanted temporarily as a trial, pulse generator not implanted",
        ),
        missing: &[],
    },
    Case {
        what: "two variants satisfied: the first is named",
        guidance: "IPG421",
        procedures: &["K262", "Y791", "Y534", "Y494"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: Some("Transluminal approach"),
        missing: &[],
    },
    Case {
        what: "variants: the transapical approach",
        guidance: "IPG421",
        procedures: &["K262", "Y494"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: Some("Transapical / transventricular approach"),
        missing: &[],
    },
    Case {
        what: "variants: a category in a variant (B08.-)",
        guidance: "IPG499",
        procedures: &["B081", "Y763"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: Some("Minimally invasive video-assisted thyroidectomy"),
        missing: &[],
    },
    Case {
        what: "variants: mastectomy with the conditional lymph node placeholder present",
        guidance: "IPG296",
        procedures: &["B271", "Y763", "T852"],
        diagnoses: &["C509"],
        outcome: DiagnosisMatches,
        variant: Some("Endoscopic mastectomy"),
        missing: &[],
    },
    Case {
        what: "variants: wide local excision, secondary breast cancer",
        guidance: "IPG296",
        procedures: &["B282", "Y763"],
        diagnoses: &["C798"],
        outcome: DiagnosisMatches,
        variant: Some("Endoscopic wide local excision"),
        missing: &[],
    },
    // Stages, with a placeholder without ranges as the second stage.
    Case {
        what: "stages: the first stage",
        guidance: "IPG340",
        procedures: &["C832", "C796", "Y703"],
        diagnoses: &["H353"],
        outcome: DiagnosisMatches,
        variant: Some("1st stage"),
        missing: &[],
    },
    Case {
        what: "stages: part of the first stage",
        guidance: "IPG340",
        procedures: &["C832"],
        diagnoses: &["H353"],
        outcome: NoMatch,
        variant: None,
        missing: &["C79.6", "Y70.3"],
    },
    Case {
        what: "stages: the unchecked second stage alone never matches",
        guidance: "IPG340",
        procedures: &["C311"],
        diagnoses: &["H353"],
        outcome: NoMatch,
        variant: None,
        missing: &["stages"],
    },
    // Placeholders.
    Case {
        what: "placeholder without ranges: not checked, the rest matches",
        guidance: "IPG251",
        procedures: &["S622"],
        diagnoses: &["I890"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "placeholder Z00-Z99 satisfied by a Chapter Z code",
        guidance: "IPG366",
        procedures: &["V401", "V551", "Y534", "Z071"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: None,
        missing: &[],
    },
    Case {
        what: "placeholder Z00-Z99 missing",
        guidance: "IPG366",
        procedures: &["V401", "V551", "Y534"],
        diagnoses: &[],
        outcome: NoMatch,
        variant: None,
        missing: &["placeholder"],
    },
    Case {
        what: "conditional placeholder C71-C74 present",
        guidance: "IPG272",
        procedures: &["C751", "C712"],
        diagnoses: &["H353"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "conditional placeholder C71-C74 absent",
        guidance: "IPG272",
        procedures: &["C751"],
        diagnoses: &["H353"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "diagnosis only a placeholder without ranges",
        guidance: "IPG385",
        procedures: &["C445"],
        diagnoses: &["H521"],
        outcome: DiagnosisNotChecked,
        variant: Some("Laser epithelial keratomileusis (LASEK)"),
        missing: &[],
    },
    Case {
        what: "diagnosis code plus a conditional placeholder without ranges",
        guidance: "IPG371",
        procedures: &["K165", "Y531"],
        diagnoses: &["Q211"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "diagnosis code missing beside the unchecked conditional placeholder",
        guidance: "IPG371",
        procedures: &["K165", "Y531"],
        diagnoses: &["I634"],
        outcome: DiagnosisDiffers,
        variant: None,
        missing: &["Q21.1"],
    },
    // A conditional group.
    Case {
        what: "conditional all group (cholangiogram) present",
        guidance: "IPG346",
        procedures: &["J183", "Y752", "J372"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: None,
        missing: &[],
    },
    Case {
        what: "conditional all group absent",
        guidance: "IPG346",
        procedures: &["J183", "Y752"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: None,
        missing: &[],
    },
    Case {
        what: "conditional one_of (drainage) present",
        guidance: "IPG384",
        procedures: &["J576", "Y752", "J663"],
        diagnoses: &[],
        outcome: NoIcd10,
        variant: None,
        missing: &[],
    },
    // Diagnosis lists assigned together.
    Case {
        what: "diagnosis all: C18.- missing",
        guidance: "IPG401",
        procedures: SIRT,
        diagnoses: &["C787"],
        outcome: DiagnosisDiffers,
        variant: None,
        missing: &["C18.-"],
    },
    Case {
        what: "IPG459 requires the Y89 category IPG401 makes conditional",
        guidance: "IPG459",
        procedures: &["J123", "X653", "Y364", "Y534"],
        diagnoses: &[],
        outcome: NoMatch,
        variant: None,
        missing: &["Y89.-"],
    },
    Case {
        what: "same procedure as IPG445, its own diagnosis",
        guidance: "IPG444",
        procedures: &["J128", "Y123", "Y534"],
        diagnoses: &["C229"],
        outcome: DiagnosisMatches,
        variant: None,
        missing: &[],
    },
    Case {
        what: "same procedure as IPG444, the other's diagnosis",
        guidance: "IPG445",
        procedures: &["J128", "Y123", "Y534"],
        diagnoses: &["C229"],
        outcome: DiagnosisDiffers,
        variant: None,
        missing: &["C78.7"],
    },
    // No single code set.
    Case {
        what: "no procedure codes: never matches",
        guidance: "IPG403",
        procedures: &["K578", "Y021"],
        diagnoses: &[],
        outcome: NoMatch,
        variant: None,
        missing: &[],
    },
];

#[test]
fn table_of_cases() {
    assert!(CASES.len() >= 30);
    let mut failures = Vec::new();
    for case in CASES {
        let g: Guidance = case.guidance.parse().unwrap();
        let (p, d) = parse(case.procedures, case.diagnoses);
        let episode = Episode::new(&p, &d);
        let e = g.evaluate(&episode);
        let missing: Vec<String> = e.missing().map(short).collect();
        let got = (e.outcome(), e.variant(), missing);
        let want = (
            case.outcome,
            case.variant,
            case.missing
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        );
        if got != want {
            failures.push(format!(
                "{} ({}): got {got:?}, want {want:?}\n{e}",
                case.what, case.guidance
            ));
        }
        // The index and the naive scan agree, and list this guidance exactly when it matches.
        let indexed: Vec<Guidance> = matches(&episode).map(|m| m.guidance()).collect();
        let naive: Vec<Guidance> = matches_naive(&episode).map(|m| m.guidance()).collect();
        assert_eq!(indexed, naive, "{}", case.what);
        assert_eq!(
            indexed.contains(&g),
            case.outcome.procedure_matches(),
            "{}",
            case.what
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn explained(g: Guidance, procedures: &[&str], diagnoses: &[&str]) -> Vec<(String, RuleMatch)> {
    let (p, d) = parse(procedures, diagnoses);
    g.evaluate(&Episode::new(&p, &d))
        .explain()
        .map(|m| (short(m.rule), m))
        .collect()
}

fn find<'a>(rows: &'a [(String, RuleMatch)], what: &str) -> &'a RuleMatch {
    &rows
        .iter()
        .find(|(s, _)| s == what)
        .unwrap_or_else(|| panic!("no {what}"))
        .1
}

#[test]
fn explain_reports_codes_conditions_and_both_alternatives() {
    let rows = explained(
        ipg::IPG655,
        &["K578", "Y021", "Y534", "Y682", "Z332", "Z942"],
        &["I509"],
    );
    let shape: Vec<(&str, usize, bool)> = rows
        .iter()
        .map(|(s, m)| (s.as_str(), m.depth, m.in_diagnosis))
        .collect();
    assert_eq!(
        shape,
        [
            ("all", 0, false),
            ("K57.8", 1, false),
            ("Y02.1", 1, false),
            ("one_of", 1, false),
            ("Y53.-", 2, false),
            ("Y68.-", 2, false),
            ("Z33.2", 1, false),
            ("Z33.6", 1, false),
            ("Z94.2", 1, false),
            ("all", 0, true),
            ("one_of", 1, true),
            ("I50.9", 2, true),
            ("I50.0", 2, true),
        ]
    );
    // Each alternative found is reported, with the code that satisfied it.
    let y53 = find(&rows, "Y53.-");
    assert!(y53.satisfied && y53.checked);
    assert_eq!(y53.by, Some(Code::Opcs4(opcs4!("Y53.4"))));
    assert_eq!(find(&rows, "Y68.-").by, Some(Code::Opcs4(opcs4!("Y68.2"))));
    // The conditional group is present; the conditional Z33.6 is not, and that is no failure.
    let image = find(&rows, "one_of");
    assert_eq!(image.conditional_present, Some(true));
    let atrium = find(&rows, "Z33.6");
    assert_eq!(atrium.conditional_present, Some(false));
    assert!(!atrium.satisfied && atrium.checked);
    assert!(rows[0].1.satisfied);
    assert_eq!(find(&rows, "K57.8").conditional_present, None);
    assert_eq!(find(&rows, "I50.0").by, None);
}

#[test]
fn explain_marks_unchecked_placeholders() {
    let rows = explained(ipg::IPG251, &["S622"], &["I890"]);
    let site = find(&rows, "placeholder");
    assert!(site.satisfied && !site.checked);
    assert_eq!(site.by, None);

    // A conditional placeholder without ranges: present or not cannot be told.
    let rows = explained(ipg::IPG371, &["K165", "Y534"], &["Q211"]);
    let embolism = find(&rows, "placeholder");
    assert!(embolism.rule.is_conditional());
    assert_eq!(embolism.conditional_present, None);
    assert!(!embolism.checked);

    // A ranged conditional placeholder reports the code found in its range.
    let rows = explained(ipg::IPG272, &["C751", "C712"], &["H353"]);
    let extraction = find(&rows, "placeholder");
    assert_eq!(extraction.by, Some(Code::Opcs4(opcs4!("C71.2"))));
    assert_eq!(extraction.conditional_present, Some(true));
}

#[test]
fn explain_reports_x_filled_and_category_coverage() {
    let rows = explained(ipg::IPG349, &["K625", "Y534"], &["I481"]);
    assert_eq!(find(&rows, "Y53.-").by, Some(Code::Opcs4(opcs4!("Y53.4"))));
    assert_eq!(find(&rows, "I48.X").by, Some(Code::Icd10(icd10!("I48.1"))));
    // The converse does not hold: I48.X in the episode does not satisfy a divided code.
    let rows = explained(ipg::IPG655, IPG655_FULL, &["I50X"]);
    assert!(!find(&rows, "I50.9").satisfied);
}

#[test]
fn display_prints_the_outcome_and_the_annotated_trees() {
    let (p, d) = parse(&["K578", "Y021", "Y534", "Z332", "Z942"], &["I509"]);
    let text = ipg::IPG655.evaluate(&Episode::new(&p, &d)).to_string();
    let expected = "\
IPG655: procedure matches, diagnosis matches
procedure:
[x] K57.8 Other specified other therapeutic transluminal operations on heart <- K57.8
[x] Y02.1 Implantation of prosthesis into organ NOC <- Y02.1
[x] one of (if image control is used)
  [x] Y53.- Approach to organ under image control <- Y53.4
  [ ] Y68.- Other approach to organ under image control
[x] Z33.2 Septum of ventricle of heart <- Z33.2
[-] Z33.6 Atrium of heart (only where leads are implanted into the right atrium (usually the atrial appendage))
[x] Z94.2 Right sided operation <- Z94.2
diagnosis:
[x] one of
  [x] I50.9 Heart failure, unspecified <- I50.9
  [ ] I50.0 Congestive heart failure
";
    assert_eq!(text, expected);
}

fn found(procedures: &[&str], diagnoses: &[&str]) -> Vec<(String, Outcome)> {
    let (p, d) = parse(procedures, diagnoses);
    let episode = Episode::new(&p, &d);
    let indexed: Vec<(String, Outcome)> = matches(&episode)
        .map(|e| (e.guidance().id().to_string(), e.outcome()))
        .collect();
    let naive: Vec<(String, Outcome)> = matches_naive(&episode)
        .map(|e| (e.guidance().id().to_string(), e.outcome()))
        .collect();
    assert_eq!(indexed, naive);
    indexed
}

fn ids(found: &[(String, Outcome)]) -> Vec<&str> {
    found.iter().map(|(id, _)| id.as_str()).collect()
}

#[test]
fn episodes_that_match_two_guidance() {
    // IPG401 makes Y89.- conditional; IPG459 requires it.
    assert_eq!(
        found(SIRT, &["C787", "C182"]),
        [
            ("IPG401".to_string(), DiagnosisMatches),
            ("IPG459".to_string(), NoIcd10),
        ]
    );
    assert_eq!(
        ids(&found(&["J123", "X653", "Y364", "Y534"], &[])),
        ["IPG401"]
    );
    // Identical code sets.
    assert_eq!(ids(&found(&["X581"], &[])), ["IPG391", "IPG482"]);
    assert_eq!(
        found(&["G147"], &["C159"]),
        [
            ("IPG200".to_string(), DiagnosisMatches),
            ("IPG206".to_string(), DiagnosisMatches),
        ]
    );
    // Same procedure, the diagnosis tells them apart.
    assert_eq!(
        found(&["J128", "Y123", "Y534"], &["C787"]),
        [
            ("IPG444".to_string(), DiagnosisDiffers),
            ("IPG445".to_string(), DiagnosisMatches),
        ]
    );
    // Carotid stenting: IPG388 and IPG429 overlap.
    assert_eq!(
        ids(&found(&["L314", "L761", "Y534"], &["I672"])),
        ["IPG388", "IPG429"]
    );
    // Two procedures in one episode: each guidance found through its own main code.
    assert_eq!(
        ids(&found(&["K641", "Y534", "K625"], &["I48X"])),
        ["IPG294", "IPG349"]
    );
    // F32.8 is the main code of two guidance told apart by their method codes.
    assert_eq!(ids(&found(&["F328", "Y021"], &[])), ["IPG241"]);
    assert_eq!(
        ids(&found(&["F328", "Y021", "Y114"], &[])),
        ["IPG241", "IPG476"]
    );
}

#[test]
fn empty_episodes_match_nothing() {
    let episode = Episode::default();
    assert!(episode.procedures().is_empty() && episode.diagnoses().is_empty());
    assert_eq!(matches(&episode).count(), 0);
    assert_eq!(matches_naive(&episode).count(), 0);
    // Only the guidance without anchors are candidates for an empty episode.
    assert!(matches(&episode).remaining_candidates() <= 1);
    // Diagnoses alone never match.
    let d = [icd10!("I50.9"), icd10!("I48.X")];
    assert_eq!(matches(&Episode::new(&[], &d)).count(), 0);
}

#[test]
fn guidance_without_anchors_are_candidates_only_with_a_code_they_name() {
    // IPG340's second stage is a placeholder without ranges, so the build gives its procedure
    // no anchors; only an episode code of a category its procedure names (C83, C79, Y70) can
    // confirm it, so only such an episode makes it a candidate.
    let unrelated = parse(&["W401", "Z756", "Y534"], &["M171"]);
    assert_eq!(
        matches(&Episode::new(&unrelated.0, &unrelated.1)).remaining_candidates(),
        0
    );
    let partial = parse(&["W401", "C832"], &["H353"]);
    let m = matches(&Episode::new(&partial.0, &partial.1));
    assert_eq!(m.remaining_candidates(), 1);
    assert_eq!(m.count(), 0);
    let stage = parse(&["C832", "C796", "Y703"], &["H353"]);
    let found: Vec<_> = matches(&Episode::new(&stage.0, &stage.1))
        .map(|e| (e.guidance(), e.outcome(), e.variant()))
        .collect();
    assert_eq!(found, [(ipg::IPG340, DiagnosisMatches, Some("1st stage"))]);
}

#[test]
fn the_index_narrows_the_candidates() {
    let (p, d) = parse(IPG655_FULL, &["I509"]);
    let episode = Episode::new(&p, &d);
    let m = matches(&episode);
    assert!(
        m.remaining_candidates() <= 3,
        "{}",
        m.remaining_candidates()
    );
    let matched: Vec<_> = m.map(|e| e.guidance()).collect();
    assert!(matched.contains(&ipg::IPG655), "{matched:?}");
}

/// A concrete code for a rule code: a category's default, or its `.9` code.
fn concrete(rule: Rule, code: Code) -> Code {
    if !code.is_category() {
        return code;
    }
    if let Some(default) = rule.default_code() {
        return default;
    }
    let text = code.bare().to_string().replace('-', "9");
    match code {
        Code::Opcs4(_) => Code::Opcs4(text.parse().unwrap()),
        Code::Icd10(_) => Code::Icd10(text.parse().unwrap()),
    }
}

/// The codes of a tree's first alternative: every required code, the first entry of each
/// choice, a code from the first range of a placeholder; conditional parts left out, except a
/// rule that depends on a code already chosen (`only_if`), which is then required.
fn first_alternative(rule: Rule, diagnosis: bool, out: &mut Vec<Code>) {
    let triggered = rule
        .only_if()
        .any(|c| out.iter().any(|&chosen| c.covers(chosen)));
    if rule.condition().is_some() || rule.concurrent().is_some() {
        return;
    }
    if rule.only_if().len() > 0 && !triggered {
        return;
    }
    match rule.kind() {
        RuleKind::Code(code) => out.push(concrete(rule, code)),
        RuleKind::All => {
            for child in rule.children() {
                first_alternative(child, diagnosis, out);
            }
        }
        RuleKind::Placeholder => {
            if let Some(range) = rule.within().next() {
                let text = format!("{}.9", range.first());
                out.push(if diagnosis {
                    Code::Icd10(text.parse().unwrap())
                } else {
                    Code::Opcs4(text.parse().unwrap())
                });
            }
        }
        _ => first_alternative(rule.children().next().unwrap(), diagnosis, out),
    }
}

fn split(codes: &[Code]) -> (Vec<Opcs4Code>, Vec<Icd10Code>) {
    (
        codes.iter().filter_map(|c| c.opcs4()).collect(),
        codes.iter().filter_map(|c| c.icd10()).collect(),
    )
}

fn first_alternative_episode(g: Guidance) -> Vec<Code> {
    let mut codes = Vec::new();
    first_alternative(g.procedure(), false, &mut codes);
    first_alternative(g.diagnosis(), true, &mut codes);
    codes
}

fn same_results(episode: &Episode) -> Vec<Guidance> {
    let indexed: Vec<_> = matches(episode)
        .map(|e| (e.guidance(), e.outcome(), e.variant()))
        .collect();
    let naive: Vec<_> = matches_naive(episode)
        .map(|e| (e.guidance(), e.outcome(), e.variant()))
        .collect();
    assert_eq!(indexed, naive, "{episode:?}");
    indexed.into_iter().map(|(g, _, _)| g).collect()
}

#[test]
fn index_agrees_with_the_naive_scan_on_each_guidance() {
    for &g in Guidance::ALL {
        let codes = first_alternative_episode(g);
        let (p, d) = split(&codes);
        let episode = Episode::new(&p, &d);
        let found = same_results(&episode);
        let e = g.evaluate(&episode);
        if g.no_single_code_set().is_some() {
            assert!(!found.contains(&g), "{g}");
            assert_eq!(e.outcome(), NoMatch);
            continue;
        }
        assert!(found.contains(&g), "{g} does not match its own codes\n{e}");
        let expected = if g.diagnosis().children().len() == 0 {
            NoIcd10
        } else if g
            .diagnosis()
            .descendants()
            .any(|r| (r.code().is_some() || r.within().len() > 0) && !r.is_conditional())
        {
            DiagnosisMatches
        } else {
            DiagnosisNotChecked
        };
        assert_eq!(e.outcome(), expected, "{g}\n{e}");
        assert_eq!(e.missing().count(), 0, "{g}\n{e}");
        // Every episode code dropped in turn: index and scan still agree.
        for skip in 0..codes.len() {
            let mut fewer = codes.clone();
            fewer.remove(skip);
            let (p, d) = split(&fewer);
            same_results(&Episode::new(&p, &d));
        }
    }
}

/// xorshift64: enough randomness to mix codes, reproducible, no dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn index_agrees_with_the_naive_scan_on_random_episodes() {
    // Every code the catalogue names, categories made concrete in a few ways, plus neighbours
    // the catalogue does not name.
    let mut pool = BTreeSet::new();
    for &g in Guidance::ALL {
        for rule in g
            .procedure()
            .descendants()
            .chain(g.diagnosis().descendants())
        {
            if let Some(code) = rule.code() {
                pool.insert(concrete(rule, code));
                let text = code.bare().to_string();
                for last in ['0', '1', '4'] {
                    let other = format!("{}{last}", &text[..4]);
                    match code {
                        Code::Opcs4(_) => pool.insert(Code::Opcs4(other.parse().unwrap())),
                        Code::Icd10(_) => pool.insert(Code::Icd10(other.parse().unwrap())),
                    };
                }
            }
            for range in rule.within() {
                let text = format!("{}.1", range.last());
                pool.insert(Code::Opcs4(text.parse().unwrap()));
            }
        }
    }
    let pool: Vec<Code> = pool.into_iter().collect();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut matched = 0;
    let mut total = 0;
    for round in 0..600 {
        let mut codes = Vec::new();
        // Half the episodes start from a guidance's own codes, with some dropped.
        if round % 2 == 0 {
            let g = Guidance::ALL[rng.below(Guidance::COUNT)];
            for code in first_alternative_episode(g) {
                if rng.below(6) != 0 {
                    codes.push(code);
                }
            }
        }
        for _ in 0..rng.below(8) {
            codes.push(pool[rng.below(pool.len())]);
        }
        // Shuffle, so order is exercised too.
        for i in (1..codes.len()).rev() {
            codes.swap(i, rng.below(i + 1));
        }
        let (p, d) = split(&codes);
        let found = same_results(&Episode::new(&p, &d));
        matched += usize::from(!found.is_empty());
        total += found.len();
    }
    // The episodes are not all trivial misses.
    assert!(matched > 150, "{matched} episodes matched");
    assert!(total > matched, "no episode matched two guidance");
}
