//! Every public value type has one text form and reads back from it, whichever way it was
//! written: `Display` then `FromStr`, a serde value (JSON), a serde map key (a JSON object's
//! keys) and a CSV field. What the command-line tool or a client writes is read back as the
//! same value.

#![cfg(feature = "serde")]

use nice_coding::{
    Code, CodeError, Guidance, Icd10Code, Icd10Marker, NamedBy, Opcs4Code, Outcome, Programme,
    Recommendation, RuleKind, Status, icd10, opcs4,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::fmt::{Debug, Display};
use std::str::FromStr;

/// A CSV row holding one value and its position.
#[derive(Serialize, serde::Deserialize)]
struct Row<T> {
    at: usize,
    value: T,
}

/// Checks that each of `values` reads back from its text form by every route, and that every
/// route writes the same text.
fn round_trips<T>(values: &[T])
where
    T: Display + FromStr + Serialize + DeserializeOwned + Ord + Debug + Copy,
    T::Err: Debug,
{
    assert!(!values.is_empty(), "nothing to check");
    for &value in values {
        let text = value.to_string();
        // Display, FromStr.
        assert_eq!(text.parse::<T>().ok(), Some(value), "{text:?}");
        // A serde value: the text form, as a string.
        let json = serde_json::to_string(&value).expect("serialises");
        assert_eq!(
            json,
            serde_json::to_string(&text).expect("a string"),
            "{value:?}"
        );
        assert_eq!(serde_json::from_str::<T>(&json).expect("reads"), value);
    }
    // Map keys: every value a key of one JSON object, keyed by its text form.
    let map: BTreeMap<T, usize> = values.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    let json = serde_json::to_string(&map).expect("a map serialises");
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&json).expect("a JSON object");
    for (value, i) in &map {
        assert_eq!(object[&value.to_string()], *i, "{value:?}");
    }
    let back: BTreeMap<T, usize> = serde_json::from_str(&json).expect("the map reads back");
    assert_eq!(back, map);
    // CSV fields.
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (at, &value) in values.iter().enumerate() {
        writer.serialize(Row { at, value }).expect("a row");
    }
    let csv = String::from_utf8(writer.into_inner().expect("flushed")).expect("UTF-8");
    let mut fields = csv::Reader::from_reader(csv.as_bytes());
    for (record, value) in fields.records().zip(values) {
        assert_eq!(&record.expect("a record")[1], value.to_string());
    }
    let rows: Vec<Row<T>> = csv::Reader::from_reader(csv.as_bytes())
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("the CSV reads back");
    assert_eq!(rows.len(), values.len());
    for (row, (at, value)) in rows.iter().zip(values.iter().enumerate()) {
        assert_eq!((row.at, row.value), (at, *value));
    }
}

/// Every code the catalogue holds, with its defaults and the codes its rules name.
fn catalogue_codes() -> Vec<Code> {
    let mut codes = Vec::new();
    for g in Guidance::ALL {
        for rule in g
            .procedure()
            .descendants()
            .chain(g.diagnosis().descendants())
        {
            codes.extend(rule.code());
            codes.extend(rule.default_code());
            codes.extend(rule.only_if().chain(rule.instead_of()));
        }
    }
    codes.sort();
    codes.dedup();
    codes
}

#[test]
fn codes_round_trip() {
    let codes = catalogue_codes();
    let opcs4: Vec<Opcs4Code> = codes.iter().filter_map(|c| c.opcs4()).collect();
    let icd10: Vec<Icd10Code> = codes.iter().filter_map(|c| c.icd10()).collect();
    assert!(opcs4.len() > 200 && icd10.len() > 50);
    assert!(icd10.iter().any(|c| c.marker().is_some()), "no marked code");
    round_trips(&opcs4);
    round_trips(&icd10);
    round_trips(&codes);
    // The same string as an OPCS-4 and an ICD-10 code: two values, two texts.
    let both = [Code::Opcs4(opcs4!("K57.8")), Code::Icd10(icd10!("K57.8"))];
    round_trips(&both);
    assert_eq!(both.map(|c| c.to_string()), ["opcs4:K57.8", "icd10:K57.8"]);
}

#[test]
fn guidance_round_trip() {
    round_trips(Guidance::ALL);
}

#[test]
fn rule_kinds_round_trip() {
    let mut kinds: Vec<RuleKind> = Guidance::ALL
        .iter()
        .flat_map(|g| {
            g.procedure()
                .descendants()
                .chain(g.diagnosis().descendants())
        })
        .map(|r| r.kind())
        .collect();
    kinds.sort();
    kinds.dedup();
    for kind in [
        RuleKind::All,
        RuleKind::OneOf,
        RuleKind::OneOrMore,
        RuleKind::Variants,
        RuleKind::Stages,
        RuleKind::Placeholder,
    ] {
        assert!(kinds.contains(&kind), "the catalogue has no {kind}");
    }
    round_trips(&kinds);
    // No shipped text gives its codes per patient; the kind reads back all the same.
    round_trips(&[RuleKind::Patients]);
}

#[test]
fn named_values_round_trip() {
    round_trips(Outcome::ALL);
    round_trips(Status::ALL);
    round_trips(NamedBy::ALL);
    round_trips(Programme::ALL);
    round_trips(Recommendation::ALL);
    round_trips(Icd10Marker::ALL);
    // NAMES are the names ALL writes, in the same order.
    fn names<T: Copy + Display>(all: &[T], names: &[&str]) {
        let written: Vec<String> = all.iter().map(T::to_string).collect();
        assert_eq!(written, names);
    }
    names(Outcome::ALL, Outcome::NAMES);
    names(Status::ALL, Status::NAMES);
    names(NamedBy::ALL, NamedBy::NAMES);
    names(Programme::ALL, Programme::NAMES);
    names(Recommendation::ALL, Recommendation::NAMES);
    names(Icd10Marker::ALL, Icd10Marker::NAMES);
}

/// The names read exactly what they write: another case, or a name with spaces, is an error
/// that lists the names.
#[test]
fn names_read_only_what_they_write() {
    for bad in [
        "Current",
        " current",
        "current ",
        "CURRENT",
        "",
        "withdrawn\n",
    ] {
        let err = bad.parse::<Status>().expect_err(bad);
        assert_eq!(err.expected(), Status::NAMES);
    }
    assert_eq!(
        "nomatch".parse::<Outcome>().unwrap_err().to_string(),
        "an outcome is one of `diagnosis_matches`, `diagnosis_absent_or_different`, \
         `no_diagnosis_recommendation`, `diagnosis_not_checked`, `no_match`"
    );
    assert_eq!(
        "opcs4".parse::<RuleKind>().unwrap_err().to_string(),
        "a rule kind is one of `all`, `one_of`, `one_or_more`, `variants`, `stages`, \
         `patients`, `placeholder`, or a code such as `opcs4:K57.8`"
    );
    assert_eq!(
        "opcs4:K5".parse::<RuleKind>().unwrap_err().to_string(),
        "the code is too short"
    );
    // serde says which value, escaped, and what is wrong.
    let err = serde_json::from_str::<Status>("\"curr\\u001bent\"").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("status \"curr\\u{1b}ent\": a status is one of `current`"),
        "{err}"
    );
}

/// One rule for reading a code from text: `FromStr` and `Deserialize` accept the same strings
/// (what `parse_loose` reads) and reject the same strings; `parse` alone is strict.
#[test]
fn from_str_and_deserialize_read_codes_alike() {
    let opcs4_inputs = [
        "K57.8", "k578", " K57.8 ", "Y53-", "K5", "K57.81", "Y53", "",
    ];
    for text in opcs4_inputs {
        let parsed = text.parse::<Opcs4Code>();
        let json = serde_json::to_string(text).expect("a string");
        let read = serde_json::from_str::<Opcs4Code>(&json);
        assert_eq!(parsed.ok(), read.as_ref().ok().copied(), "{text:?}");
        assert_eq!(parsed, Opcs4Code::parse_loose(text), "{text:?}");
    }
    let icd10_inputs = [
        "I50.9",
        "i509",
        "H19.8*",
        "D631*",
        "I509\u{2020}",
        "Q90.-\u{2020}",
        "I5",
        "H1*9.8",
    ];
    for text in icd10_inputs {
        let parsed = text.parse::<Icd10Code>();
        let json = serde_json::to_string(text).expect("a string");
        let read = serde_json::from_str::<Icd10Code>(&json);
        assert_eq!(parsed.ok(), read.as_ref().ok().copied(), "{text:?}");
        assert_eq!(parsed, Icd10Code::parse_loose(text), "{text:?}");
    }
    assert_eq!("k578".parse::<Opcs4Code>(), Ok(opcs4!("K57.8")));
    assert!(Opcs4Code::parse("k578").is_err(), "parse stays strict");
    assert_eq!("D63.1*".parse::<Icd10Code>(), Ok(icd10!("D63.1A")));
    // The symbol stands right after the code: white space before it is white space inside the
    // code, as `I509 D` is (found by the `codes` fuzz target, whose input is in its corpus).
    for spaced in ["I509 \u{2020}", "D63.1 *", "A01.1\r\r\u{2020}"] {
        assert_eq!(
            Icd10Code::parse_loose(spaced),
            Err(CodeError::Whitespace),
            "{spaced:?}"
        );
    }
    assert_eq!(Icd10Code::parse_loose(" D63.1* "), Ok(icd10!("D63.1A")));
}
