//! The serde adapters for HES fields (`nice_coding::hes::serde`), through a real CSV extract
//! and JSON: fillers, "no value" marks and dagger/asterisk forms read as `hes::icd10_field` and
//! `hes::opcs4_field` read them, the canonical code written back, and errors that name the
//! field's value escaped.

#![cfg(feature = "serde")]

use nice_coding::hes::{Opcs4Field, icd10_field, opcs4_field};
use nice_coding::{Icd10Code, Opcs4Code, icd10, opcs4};
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Deserialize, Serialize)]
struct Episode {
    #[serde(rename = "EPIKEY")]
    epikey: u32,
    #[serde(rename = "OPERTN_01", with = "nice_coding::hes::serde::opcs4")]
    main: Opcs4Code,
    #[serde(rename = "OPERTN_02", with = "nice_coding::hes::serde::opcs4_option")]
    second: Option<Opcs4Code>,
    #[serde(rename = "OPERTN_03")]
    third: Opcs4Field,
    #[serde(rename = "DIAG_01", with = "nice_coding::hes::serde::icd10")]
    primary: Icd10Code,
    #[serde(rename = "DIAG_02", with = "nice_coding::hes::serde::icd10_option")]
    secondary: Option<Icd10Code>,
}

const EXTRACT: &str = "\
EPIKEY,OPERTN_01,OPERTN_02,OPERTN_03,DIAG_01,DIAG_02
1,K578,Y534,Z942,I509-,I48X
2,k57.8,-,&,C61X-,-
3, K578 ,NULL,-,H198-A,NULL
4,K578,,,D631*,
5,K578,&,null,I509\u{2020},H198-*
";

fn read(extract: &str) -> Result<Vec<Episode>, csv::Error> {
    csv::Reader::from_reader(extract.as_bytes())
        .deserialize()
        .collect()
}

#[test]
fn a_hes_extract_reads_into_typed_fields() {
    let episodes = read(EXTRACT).expect("the extract reads");
    let expected = [
        (
            1,
            Some(opcs4!("Y53.4")),
            Opcs4Field::Code(opcs4!("Z94.2")),
            icd10!("I50.9"),
            Some(icd10!("I48.X")),
        ),
        (2, None, Opcs4Field::NotKnown, icd10!("C61.X"), None),
        (3, None, Opcs4Field::NoOperation, icd10!("H19.8A"), None),
        (4, None, Opcs4Field::Empty, icd10!("D63.1A"), None),
        (
            5,
            None,
            Opcs4Field::Empty,
            icd10!("I50.9D"),
            Some(icd10!("H19.8A")),
        ),
    ];
    assert_eq!(episodes.len(), expected.len());
    for (e, (epikey, second, third, primary, secondary)) in episodes.iter().zip(expected) {
        assert_eq!(
            e,
            &Episode {
                epikey,
                main: opcs4!("K57.8"),
                second,
                third,
                primary,
                secondary,
            }
        );
    }
}

/// The adapters read a field exactly as `icd10_field` and `opcs4_field` do.
#[test]
fn the_adapters_agree_with_the_field_readers() {
    let mut reader = csv::Reader::from_reader(EXTRACT.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let episodes = read(EXTRACT).expect("reads");
    for (record, e) in records.iter().zip(&episodes) {
        assert_eq!(
            opcs4_field(record[1].as_bytes()).unwrap().code(),
            Some(e.main)
        );
        assert_eq!(opcs4_field(record[2].as_bytes()).unwrap().code(), e.second);
        assert_eq!(opcs4_field(record[3].as_bytes()).unwrap(), e.third);
        assert_eq!(icd10_field(record[4].as_bytes()).unwrap(), Some(e.primary));
        assert_eq!(icd10_field(record[5].as_bytes()).unwrap(), e.secondary);
    }
}

/// Written back, each field is the canonical code (or HES's mark for an OPCS-4 field), and
/// reads back as the same episode.
#[test]
fn episodes_write_canonical_codes_and_read_back() {
    let episodes = read(EXTRACT).expect("reads");
    let mut writer = csv::Writer::from_writer(Vec::new());
    for e in &episodes {
        writer.serialize(e).expect("writes");
    }
    let written = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    assert_eq!(
        written,
        "EPIKEY,OPERTN_01,OPERTN_02,OPERTN_03,DIAG_01,DIAG_02\n\
         1,K57.8,Y53.4,Z94.2,I50.9,I48.X\n\
         2,K57.8,,&,C61.X,\n\
         3,K57.8,,-,H19.8A,\n\
         4,K57.8,,,D63.1A,\n\
         5,K57.8,,,I50.9D,H19.8A\n"
    );
    assert_eq!(read(&written).expect("reads back"), episodes);
    // JSON: none is null, and reads back.
    let json = serde_json::to_string(&episodes[1]).expect("JSON");
    assert_eq!(
        json,
        r#"{"EPIKEY":2,"OPERTN_01":"K57.8","OPERTN_02":null,"OPERTN_03":"&","DIAG_01":"C61.X","DIAG_02":null}"#
    );
    assert_eq!(
        serde_json::from_str::<Episode>(&json).expect("reads"),
        episodes[1]
    );
}

/// The first row's error, for a one-row extract.
fn error(row: &str) -> String {
    let extract = format!("EPIKEY,OPERTN_01,OPERTN_02,OPERTN_03,DIAG_01,DIAG_02\n{row}\n");
    read(&extract).expect_err("a bad row").to_string()
}

#[test]
fn a_bad_field_names_its_value_and_what_is_wrong() {
    assert_eq!(
        error("1,K578,,,I50-9,"),
        "CSV deserialize error: record 1 (line: 2, byte: 53): \
         ICD-10 field \"I50-9\": the code has extra characters at its end"
    );
    // A required field with no code.
    assert_eq!(
        error("1,-,,,I509,"),
        "CSV deserialize error: record 1 (line: 2, byte: 53): \
         OPCS-4 field \"-\": no code (the field holds no value)"
    );
    assert_eq!(
        error("1,K578,,,NULL,"),
        "CSV deserialize error: record 1 (line: 2, byte: 53): \
         ICD-10 field \"NULL\": no code (the field holds no value)"
    );
    // An optional field is optional only for no value, not for a malformed code.
    assert!(error("1,K578,K5,,I509,").contains("OPCS-4 field \"K5\": the code is too short"));
    // Control characters in a value are escaped, never written raw.
    let err = error("1,K578,,,\u{1b}[2J,");
    assert!(err.contains(r#"ICD-10 field "\u{1b}[2J": "#), "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
    // JSON too.
    let err = serde_json::from_str::<Episode>(
        r#"{"EPIKEY":1,"OPERTN_01":"K578","OPERTN_02":null,"OPERTN_03":"Q","DIAG_01":"I509","DIAG_02":"I509--"}"#,
    )
    .expect_err("two bad fields");
    assert!(err.to_string().starts_with("OPCS-4 field \"Q\": "), "{err}");
}
