//! The `serde` feature, reading: codes and guidance as typed fields of a CSV row and a JSON
//! configuration, a guidance as a map key, and every value read back as it was written.

#![cfg(feature = "serde")]

use nice_coding::{Code, Guidance, Icd10Code, Opcs4Code, icd10, ipg, opcs4};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize, PartialEq)]
struct AuditRow {
    episode: u32,
    procedure: Opcs4Code,
    diagnosis: Option<Icd10Code>,
    guidance: Guidance,
    expected: Code,
}

#[test]
fn codes_and_guidance_are_typed_fields_of_a_csv_row() {
    let csv = "episode,procedure,diagnosis,guidance,expected\n\
               1,K57.8,I50.9,IPG655,opcs4:K57.8\n\
               2,k578,I48X,ipg349,icd10:I48.X\n\
               3,Y53.4,,IPG655,opcs4:Y53.-\n";
    let rows: Vec<AuditRow> = csv::Reader::from_reader(csv.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("reads");
    assert_eq!(
        rows,
        [
            AuditRow {
                episode: 1,
                procedure: opcs4!("K57.8"),
                diagnosis: Some(icd10!("I50.9")),
                guidance: ipg::IPG655,
                expected: Code::Opcs4(opcs4!("K57.8")),
            },
            AuditRow {
                episode: 2,
                procedure: opcs4!("K57.8"),
                diagnosis: Some(icd10!("I48.X")),
                guidance: ipg::IPG349,
                expected: Code::Icd10(icd10!("I48.X")),
            },
            AuditRow {
                episode: 3,
                procedure: opcs4!("Y53.4"),
                diagnosis: None,
                guidance: ipg::IPG655,
                expected: Code::Opcs4(opcs4!("Y53.-")),
            },
        ]
    );
}

/// The error of the first row of a CSV file holding `row`.
fn csv_error(row: &str) -> String {
    let csv = format!("episode,procedure,diagnosis,guidance,expected\n{row}\n");
    let first: Result<AuditRow, _> = csv::Reader::from_reader(csv.as_bytes())
        .deserialize()
        .next()
        .expect("a row");
    first.expect_err("a bad row").to_string()
}

#[test]
fn a_bad_field_says_which_value_and_what_is_wrong() {
    assert_eq!(
        csv_error("1,K5,I50.9,IPG655,opcs4:K57.8"),
        "CSV deserialize error: record 1 (line: 2, byte: 46): \
         OPCS-4 code \"K5\": the code is too short"
    );
    assert_eq!(
        csv_error("1,K57.8,I50.9,IPG1,opcs4:K57.8"),
        "CSV deserialize error: record 1 (line: 2, byte: 46): \
         guidance \"IPG1\": no guidance with this id in the catalogue"
    );
    assert_eq!(
        csv_error("1,K57.8,I50.9,IPG655,K57.8"),
        "CSV deserialize error: record 1 (line: 2, byte: 46): \
         code \"K57.8\": a code must name its classification: `opcs4:K57.8` or `icd10:I50.9`"
    );
    // Control characters in the value are escaped, never written raw.
    let err = csv_error("1,\u{1b}[2J,I50.9,IPG655,opcs4:K57.8");
    assert!(err.contains(r#"OPCS-4 code "\u{1b}[2J": "#), "{err}");
}

#[derive(Debug, Deserialize)]
struct Config {
    watch: Vec<Guidance>,
    thresholds: BTreeMap<Guidance, u32>,
    codes: Vec<Code>,
}

#[test]
fn codes_and_guidance_are_typed_fields_of_a_json_config() {
    let config: Config = serde_json::from_str(
        r#"{
            "watch": ["IPG655", "ipg349"],
            "thresholds": {"IPG655": 3},
            "codes": ["opcs4:K57.8", "ICD10:i509", "icd10:I48.X"]
        }"#,
    )
    .expect("reads");
    assert_eq!(config.watch, [ipg::IPG655, ipg::IPG349]);
    assert_eq!(config.thresholds, BTreeMap::from([(ipg::IPG655, 3)]));
    assert_eq!(
        config.codes,
        [
            Code::Opcs4(opcs4!("K57.8")),
            Code::Icd10(icd10!("I50.9")),
            Code::Icd10(icd10!("I48.X")),
        ]
    );
    // A code has one text form, the string `opcs4:K57.8`: the map `{"opcs4": "K57.8"}` that
    // earlier versions also read is not a code now (so a code is a string in every format and
    // can be a map key).
    let err = serde_json::from_str::<Code>(r#"{"opcs4": "K57.8"}"#).expect_err("a map");
    assert!(
        err.to_string()
            .starts_with("invalid type: map, expected a string holding a code"),
        "{err}"
    );
    let err = serde_json::from_str::<Code>(r#""snomed:1""#).expect_err("unknown prefix");
    assert!(
        err.to_string().starts_with(
            "code \"snomed:1\": a code must name its classification: `opcs4:K57.8` or \
             `icd10:I50.9`"
        ),
        "{err}"
    );
    let err = serde_json::from_str::<Guidance>(r#""655""#).expect_err("no programme");
    assert!(
        err.to_string().starts_with(
            "guidance \"655\": not a guidance id: expected a programme and a number, \
             such as IPG655"
        ),
        "{err}"
    );
}

#[test]
fn a_guidance_map_serialises_with_ids_as_keys_and_reads_back() {
    let counts: BTreeMap<Guidance, u32> = BTreeMap::from([(ipg::IPG655, 2), (ipg::IPG349, 5)]);
    let json = serde_json::to_string(&counts).expect("serialises");
    // Keys in the map's order: catalogue order.
    assert_eq!(json, r#"{"IPG349":5,"IPG655":2}"#);
    let back: BTreeMap<Guidance, u32> = serde_json::from_str(&json).expect("reads");
    assert_eq!(back, counts);
}

#[test]
fn every_code_and_guidance_reads_back_as_written() {
    for &g in Guidance::ALL {
        let json = serde_json::to_string(&g).expect("serialises");
        assert_eq!(json, format!("\"{}\"", g.id()));
        assert_eq!(serde_json::from_str::<Guidance>(&json).expect("reads"), g);
        for rule in g
            .procedure()
            .descendants()
            .chain(g.diagnosis().descendants())
        {
            for code in rule.code().into_iter().chain(rule.default_code()) {
                let json = serde_json::to_string(&code).expect("serialises");
                assert_eq!(serde_json::from_str::<Code>(&json).expect("reads"), code);
                let text = match code {
                    Code::Opcs4(c) => serde_json::to_string(&c),
                    Code::Icd10(c) => serde_json::to_string(&c),
                }
                .expect("serialises");
                let back = match code {
                    Code::Opcs4(_) => serde_json::from_str::<Opcs4Code>(&text).map(Code::Opcs4),
                    Code::Icd10(_) => serde_json::from_str::<Icd10Code>(&text).map(Code::Icd10),
                }
                .expect("reads");
                assert_eq!(back, code);
            }
        }
    }
}
