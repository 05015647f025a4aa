//! Matching of the rules that tie one part of a recommendation to other codes (`only_if`,
//! `instead_of`, `supplementary_if`, `concurrent`, `ruled_out_by`), on the guidance whose
//! texts state them: the answers the texts give.

use nice_coding::{
    Episode, Evaluation, Guidance, Icd10Code, Opcs4Code, Outcome, RuleMatch, icd10, ipg, matches,
    matches_naive,
};

fn codes(procedures: &[&str]) -> Vec<Opcs4Code> {
    procedures
        .iter()
        .map(|c| Opcs4Code::parse(c).unwrap_or_else(|e| panic!("{c}: {e}")))
        .collect()
}

/// Evaluates `g` on an episode of these procedure codes and no diagnosis, and checks that
/// the index and the naive scan agree on whether it matches.
fn check<R>(g: Guidance, procedures: &[&str], then: impl FnOnce(Evaluation<'_>) -> R) -> R {
    check_with(g, procedures, &[], then)
}

/// [`check`] with diagnosis codes.
fn check_with<R>(
    g: Guidance,
    procedures: &[&str],
    diagnoses: &[Icd10Code],
    then: impl FnOnce(Evaluation<'_>) -> R,
) -> R {
    let procedures = codes(procedures);
    let episode = Episode::new(&procedures, diagnoses);
    let evaluation = g.evaluate(&episode);
    let indexed = matches(&episode).any(|e| e.guidance() == g);
    let naive = matches_naive(&episode).any(|e| e.guidance() == g);
    assert_eq!(
        indexed,
        evaluation.is_match(),
        "index, {g:?} {procedures:?}"
    );
    assert_eq!(
        naive,
        evaluation.is_match(),
        "naive scan, {g:?} {procedures:?}"
    );
    then(evaluation)
}

fn missing(e: &Evaluation<'_>) -> Vec<String> {
    e.missing()
        .map(|r| {
            r.code()
                .map_or_else(|| format!("{:?}", r.kind()), |c| c.bare().to_string())
        })
        .collect()
}

fn row(e: &Evaluation<'_>, code: &str) -> RuleMatch {
    e.explain()
        .find(|m| m.rule.code().is_some_and(|c| c.bare().to_string() == code))
        .unwrap_or_else(|| panic!("{code} is not in {:?}", e.guidance()))
}

#[test]
fn ipg205_with_both_procedures_is_the_therapeutic_option() {
    check(ipg::IPG205, &["R01.8", "R02.8", "Y53.2"], |e| {
        assert!(e.is_match());
        assert_eq!(e.variant(), Some("Therapeutic"));
        let diagnostic = row(&e, "R02.8");
        assert!(diagnostic.satisfied);
        let by = diagnostic.set_aside_by.expect("R02.8 is set aside");
        assert_eq!(by.label(), Some("Therapeutic"));
        assert_eq!(row(&e, "R01.8").set_aside_by, None);
        assert!(e.to_string().contains("R02.8 Other specified diagnostic endoscopic examination of fetus <- R02.8 (not needed: Therapeutic is coded instead)"), "{e}");
    });
    // In the other order the answer is the same: the rule, not the order, decides.
    check(ipg::IPG205, &["R02.8", "R01.8", "Y53.2"], |e| {
        assert_eq!(e.variant(), Some("Therapeutic"));
    });
}

#[test]
fn ipg205_with_one_procedure_is_that_option() {
    check(ipg::IPG205, &["R02.8", "Y53.2"], |e| {
        assert_eq!(e.variant(), Some("Diagnostic"));
        assert_eq!(row(&e, "R02.8").set_aside_by, None);
    });
    check(ipg::IPG205, &["R01.8", "Y53.2"], |e| {
        assert_eq!(e.variant(), Some("Therapeutic"));
    });
}

#[test]
fn ipg377_is_ruled_out_by_cardiopulmonary_bypass() {
    check(ipg::IPG377, &["K40.1", "Y73.1"], |e| {
        assert_eq!(e.outcome(), Outcome::NoMatch);
        let by = e.ruled_out_by().and_then(|r| r.code());
        assert_eq!(by.map(|c| c.bare().to_string()).as_deref(), Some("Y73.1"));
        assert!(
            e.to_string()
                .contains("ruled out by: Y73.1 Cardiopulmonary bypass\n"),
            "{e}"
        );
    });
    check(ipg::IPG377, &["K40.1"], |e| {
        assert_eq!(e.outcome(), Outcome::NoDiagnosisRecommendation);
        assert_eq!(e.ruled_out_by(), None);
    });
}

#[test]
fn ipg377_bypass_categories_are_supplementary_when_k45_is_done() {
    check(ipg::IPG377, &["K45.1", "K40.1"], |e| {
        assert!(e.is_match());
        let group = e
            .explain()
            .find(|m| m.rule.supplementary_if().len() > 0)
            .expect("the K40-K44 group");
        assert!(group.supplementary);
        assert!(e.to_string().contains("(a supplementary code here)"), "{e}");
    });
    check(ipg::IPG377, &["K40.1"], |e| {
        let group = e
            .explain()
            .find(|m| m.rule.supplementary_if().len() > 0)
            .expect("the K40-K44 group");
        assert!(!group.supplementary);
    });
}

#[test]
fn ipg377_concurrent_procedures_alone_do_not_match() {
    // K45 and a valve repair are concurrent procedures' codes, not the bypass grafting.
    check(ipg::IPG377, &["K45.1", "K26.1"], |e| {
        assert!(!e.is_match());
        assert_eq!(missing(&e), ["OneOf"]);
    });
}

#[test]
fn ipg168_site_code_is_missing_after_k57_4() {
    let af = [icd10!("I48.X")];
    check_with(ipg::IPG168, &["K57.4", "Y11.4"], &af, |e| {
        assert_eq!(e.outcome(), Outcome::NoMatch);
        assert_eq!(missing(&e), ["Z33.6"]);
    });
    check_with(ipg::IPG168, &["K62.3", "Y11.4"], &af, |e| {
        assert_eq!(missing(&e), ["Z33.6"]);
    });
    check_with(ipg::IPG168, &["K57.4", "Y11.4", "Z33.6"], &af, |e| {
        assert_eq!(e.outcome(), Outcome::DiagnosisMatches);
        // After K57.4 the site code is required, not conditional.
        let z33_6 = row(&e, "Z33.6");
        assert_eq!((z33_6.satisfied, z33_6.conditional_present), (true, None));
    });
}

#[test]
fn ipg168_k62_1_matches_without_the_site_code() {
    check_with(ipg::IPG168, &["K62.1", "Y11.4"], &[icd10!("I48.X")], |e| {
        assert_eq!(e.outcome(), Outcome::DiagnosisMatches);
        assert_eq!(missing(&e), Vec::<String>::new());
        assert_eq!(row(&e, "Z33.6").conditional_present, Some(false));
        assert!(
            e.to_string()
                .contains("\n[-] Z33.6 Atrium of heart (only if K57.4 or K62.3 is chosen)\n"),
            "{e}"
        );
    });
}

#[test]
fn concurrent_codes_never_confirm_a_match() {
    // IPG254: T87.4 codes a concurrent biopsy; alone it is not the ultrasound examination.
    check(ipg::IPG254, &["T87.4"], |e| assert!(!e.is_match()));
    check(ipg::IPG254, &["E63.2"], |e| assert!(e.is_match()));
    check(ipg::IPG254, &["E63.2", "T87.4"], |e| {
        assert!(e.is_match());
        assert_eq!(row(&e, "T87.4").conditional_present, Some(true));
    });
    // IPG264: a lens extraction code (C71-C74) alone is not the lens implantation.
    check(ipg::IPG264, &["C71.2"], |e| assert!(!e.is_match()));
    check(ipg::IPG264, &["C75.1", "C71.2"], |e| assert!(e.is_match()));
}

#[test]
fn rules_read_back_through_the_api() {
    let z33_6 = ipg::IPG168
        .procedure()
        .descendants()
        .find(|r| r.code().is_some_and(|c| c.bare().to_string() == "Z33.6"))
        .expect("Z33.6");
    let only_if: Vec<String> = z33_6.only_if().map(|c| c.bare().to_string()).collect();
    assert_eq!(only_if, ["K57.4", "K62.3"]);
    assert!(z33_6.is_conditional());
    assert_eq!(z33_6.condition(), None);

    let r01_8 = ipg::IPG205
        .procedure()
        .descendants()
        .find(|r| r.instead_of().len() > 0)
        .expect("an instead_of rule");
    assert_eq!(
        r01_8.code().map(|c| c.bare().to_string()).as_deref(),
        Some("R01.8")
    );

    let c46_4 = ipg::IPG227.procedure().children().next().expect("C46.4");
    let excludes: Vec<(String, Option<&str>)> = c46_4
        .excludes()
        .map(|r| {
            (
                r.code().map(|c| c.bare().to_string()).unwrap_or_default(),
                r.title(),
            )
        })
        .collect();
    assert_eq!(
        excludes,
        [(
            "C51.5".to_string(),
            Some("Insertion of therapeutic contact lens")
        )]
    );

    let first = ipg::IPG62.procedure().children().next().expect("variants");
    let q39_9 = first.children().next().expect("first option");
    assert!(q39_9.is_label_implied());
    assert_eq!(q39_9.includes().collect::<Vec<_>>(), ["Falloposcopy NEC"]);

    let site = ipg::IPG446
        .procedure()
        .children()
        .find(|r| r.stands_for_several())
        .expect("site code(s)");
    assert_eq!(
        site.within().map(|r| r.to_string()).collect::<Vec<_>>(),
        ["Z00-Z99"]
    );
    let setting = ipg::IPG446.procedure().children().next().expect("X70-X72");
    assert_eq!(
        setting.chosen_by(),
        Some("whether the patient is an inpatient, an outpatient or a day case")
    );

    let pair = ipg::IPG227
        .diagnosis()
        .descendants()
        .find(|r| r.is_in_order())
        .expect("the dagger and asterisk pair");
    let pair: Vec<String> = pair
        .children()
        .filter_map(|r| r.code())
        .map(|c| c.bare().to_string())
        .collect();
    assert_eq!(pair, ["Q90.-D", "H19.8A"]);

    let concurrent: Vec<&str> = ipg::IPG377
        .procedure()
        .children()
        .filter_map(|r| r.concurrent())
        .collect();
    assert_eq!(
        concurrent,
        [
            "repair of valve of heart",
            "excision of lesion of ventricle of heart",
            "repair of defect of interventricular septum",
            "connection of thoracic artery to coronary artery",
        ]
    );
    assert_eq!(ipg::IPG655.ruled_out_by().len(), 0);
}
