//! The `serde` feature: the JSON shape of each type, as `Catalogue`'s documentation gives it.

#![cfg(feature = "serde")]

use nice_coding::{
    Catalogue, Code, Guidance, GuidanceRecord, Outcome, RuleKind, Status, StockNote, icd10, ipg,
    opcs4,
};
use serde_json::{Value, json};

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serialises")
}

#[test]
fn codes_are_canonical_strings_and_a_code_names_its_classification() {
    assert_eq!(to_json(&opcs4!("K57.8")), json!("K57.8"));
    assert_eq!(to_json(&opcs4!("Y53.-")), json!("Y53.-"));
    assert_eq!(to_json(&icd10!("I48.X")), json!("I48.X"));
    assert_eq!(to_json(&icd10!("M80.08")), json!("M80.08"));
    assert_eq!(to_json(&icd10!("H19.8A")), json!("H19.8A"));
    assert_eq!(to_json(&icd10!("H19.8A").marker()), json!("asterisk"));
    assert_eq!(to_json(&icd10!("Q90.-D").marker()), json!("dagger"));
    // A `Code` is its text form, naming the classification (`A01.1` is a code of both), so
    // it is a plain string in every format and can be a map key.
    assert_eq!(to_json(&Code::Opcs4(opcs4!("A01.1"))), json!("opcs4:A01.1"));
    assert_eq!(to_json(&Code::Icd10(icd10!("A01.1"))), json!("icd10:A01.1"));
}

#[test]
fn enums_are_snake_case_names() {
    assert_eq!(to_json(&Status::Superseded), json!("superseded"));
    assert_eq!(to_json(&ipg::IPG655.programme()), json!("ipg"));
    let research_only = Guidance::ALL.iter().find_map(|g| {
        g.recommendation()
            .filter(|r| to_json(r) == json!("research_only"))
    });
    assert!(research_only.is_some(), "no guidance is research only");
    assert_eq!(to_json(&RuleKind::OneOrMore), json!("one_or_more"));
    // A code rule's kind is the code's text form, as its Display writes it.
    assert_eq!(
        to_json(&RuleKind::Code(Code::Opcs4(opcs4!("K57.8")))),
        json!("opcs4:K57.8")
    );
    assert_eq!(
        to_json(&Outcome::DiagnosisAbsentOrDifferent),
        json!("diagnosis_absent_or_different")
    );
    assert_eq!(to_json(&Outcome::NoMatch), json!("no_match"));
}

#[test]
fn a_rule_has_every_key_whatever_its_kind() {
    let keys = [
        "kind",
        "code",
        "title",
        "printed",
        "description",
        "within",
        "default",
        "default_title",
        "except",
        "condition",
        "note",
        "sequence",
        "label",
        "stock_notes",
        "preferred",
        "label_implied",
        "only_if",
        "instead_of",
        "supplementary_if",
        "concurrent",
        "chosen_by",
        "count",
        "in_order",
        "includes",
        "excludes",
        "children",
    ];
    for &g in Guidance::ALL {
        for rule in g
            .procedure()
            .descendants()
            .chain(g.diagnosis().descendants())
        {
            let value = to_json(&rule);
            let object = value.as_object().expect("a rule is an object");
            let found: Vec<&str> = object.keys().map(String::as_str).collect();
            let mut expected = keys.to_vec();
            expected.sort_unstable();
            let mut sorted = found.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, expected, "{g} {rule:?}");
        }
    }
    // IPG655's image-control group: a conditional one_of with a note and a stock note, whose
    // first entry is a category with a default.
    let group = ipg::IPG655
        .procedure()
        .children()
        .nth(2)
        .expect("third entry");
    let value = to_json(&group);
    assert_eq!(value["kind"], "one_of");
    assert_eq!(value["code"], Value::Null);
    assert_eq!(value["condition"], "if image control is used");
    assert_eq!(value["stock_notes"][0]["key"], "image-control-category");
    assert_eq!(
        value["stock_notes"][0]["text"],
        StockNote::get("image-control-category")
            .expect("stock note")
            .text
    );
    assert_eq!(
        value["children"][0],
        json!({
            "kind": "opcs4", "code": "Y53.-", "title": "Approach to organ under image control",
            "printed": null, "description": null, "within": [],
            "default": "Y53.9", "default_title": null, "except": [],
            "condition": null, "note": null, "sequence": null, "label": null,
            "stock_notes": [], "preferred": false, "label_implied": false,
            "only_if": [], "instead_of": [], "supplementary_if": [],
            "concurrent": null, "chosen_by": null, "count": "one", "in_order": false,
            "includes": [], "excludes": [], "children": []
        })
    );
}

#[test]
fn placeholders_give_their_ranges_and_snomed_ids_are_strings() {
    let ranged = Guidance::ALL
        .iter()
        .flat_map(|g| g.procedure().descendants())
        .find(|r| r.within().len() > 0)
        .expect("a placeholder with ranges");
    let value = to_json(&ranged);
    assert_eq!(value["kind"], "placeholder");
    assert_eq!(value["description"], json!(ranged.description()));
    let first = ranged.within().next().expect("a range");
    assert_eq!(
        value["within"][0],
        json!({"first": first.first(), "last": first.last()})
    );

    let (g, concept) = Guidance::ALL
        .iter()
        .find_map(|&g| g.snomed().next().map(|c| (g, c)))
        .expect("a SNOMED CT concept");
    let value = to_json(&GuidanceRecord(g));
    let side = if concept.is_procedure {
        "procedure"
    } else {
        "diagnosis"
    };
    assert_eq!(
        value["snomed"][0],
        json!({"id": concept.id.to_string(), "term": concept.term, "applies_to": side})
    );
}

#[test]
fn a_guidance_record_is_its_full_record_and_the_catalogue_holds_them_all() {
    let value = to_json(&GuidanceRecord(ipg::IPG655));
    let keys: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "id",
        "programme",
        "number",
        "title",
        "source_url",
        "status",
        "replaces",
        "replaced_by",
        "recommendation",
        "opcs4_version",
        "icd10_edition",
        "published",
        "undated",
        "last_updated",
        "body_systems",
        "incomplete",
        "no_single_code_set",
        "procedure",
        "diagnosis",
        "ruled_out_by",
        "snomed",
        "notes",
        "stock_notes",
        "limitations",
        "not_coded",
        "ambiguities",
    ];
    expected.sort_unstable();
    let mut sorted = keys;
    sorted.sort_unstable();
    assert_eq!(sorted, expected);
    assert_eq!(value["id"], "IPG655");
    assert_eq!(value["number"], 655);
    assert_eq!(value["recommendation"], Value::Null);
    assert_eq!(value["procedure"]["children"][0]["code"], "K57.8");

    // A superseded guidance names what replaced it.
    let superseded = Guidance::ALL
        .iter()
        .find(|g| g.status() == Status::Superseded)
        .expect("a superseded guidance");
    let replaced_by: Vec<&str> = superseded.replaced_by().map(|r| r.id()).collect();
    assert_eq!(
        to_json(&GuidanceRecord(*superseded))["replaced_by"],
        json!(replaced_by)
    );

    let catalogue = to_json(&Catalogue);
    assert_eq!(catalogue["data_version"], nice_coding::DATA_VERSION);
    let ids: Vec<&str> = catalogue["guidance"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|g| g["id"].as_str().expect("an id"))
        .collect();
    let expected: Vec<&str> = Guidance::ALL.iter().map(|g| g.id()).collect();
    assert_eq!(ids, expected);
}

#[test]
fn enums_serialise_as_their_as_str_names() {
    for outcome in [
        Outcome::DiagnosisMatches,
        Outcome::DiagnosisAbsentOrDifferent,
        Outcome::NoDiagnosisRecommendation,
        Outcome::DiagnosisNotChecked,
        Outcome::NoMatch,
    ] {
        assert_eq!(to_json(&outcome), json!(outcome.as_str()));
    }
    for status in [Status::Current, Status::Superseded, Status::Withdrawn] {
        assert_eq!(to_json(&status), json!(status.as_str()));
    }
    for kind in [
        RuleKind::All,
        RuleKind::OneOf,
        RuleKind::OneOrMore,
        RuleKind::Variants,
        RuleKind::Stages,
        RuleKind::Patients,
        RuleKind::Placeholder,
    ] {
        assert_eq!(to_json(&kind), json!(kind.as_str()));
    }
}

/// The rules between codes are part of the record: nothing a file states is lost in JSON.
#[test]
fn rules_between_codes_are_serialised() {
    let ipg168 = to_json(&GuidanceRecord(ipg::IPG168));
    let z33_6 = &ipg168["procedure"]["children"][3];
    assert_eq!(z33_6["code"], "Z33.6");
    assert_eq!(z33_6["only_if"], serde_json::json!(["K57.4", "K62.3"]));
    assert_eq!(
        ipg168["procedure"]["children"][0]["chosen_by"],
        "the area ablated"
    );
    let ipg377 = to_json(&GuidanceRecord(ipg::IPG377));
    assert_eq!(ipg377["ruled_out_by"][0]["code"], "Y73.1");
    assert_eq!(ipg377["ruled_out_by"][0]["title"], "Cardiopulmonary bypass");
    assert_eq!(
        ipg377["procedure"]["children"][0]["supplementary_if"],
        serde_json::json!(["K45.-"])
    );
    assert_eq!(
        ipg377["procedure"]["children"][2]["concurrent"],
        "excision of lesion of ventricle of heart"
    );
    let ipg227 = to_json(&GuidanceRecord(ipg::IPG227));
    assert_eq!(
        ipg227["procedure"]["children"][0]["excludes"][0]["code"],
        "C51.5"
    );
    assert_eq!(
        ipg227["diagnosis"]["children"][0]["children"][2]["in_order"],
        true
    );
    let ipg446 = to_json(&GuidanceRecord(ipg::IPG446));
    assert_eq!(ipg446["procedure"]["children"][3]["count"], "one_or_more");
    assert_eq!(
        ipg446["procedure"]["children"][2]["includes"][0],
        "Electroporation to lesion of organ NOC"
    );
    let ipg62 = to_json(&GuidanceRecord(ipg::IPG62));
    assert_eq!(
        ipg62["procedure"]["children"][0]["children"][0]["label_implied"],
        true
    );
    let ipg205 = to_json(&GuidanceRecord(ipg::IPG205));
    assert_eq!(
        ipg205["procedure"]["children"][0]["children"][1]["instead_of"],
        serde_json::json!(["R02.8"])
    );
}
