//! Tests of reading official releases (`build/release/read/`) and of checking the guidance files
//! against them (`build/release/check.rs`), driven directly, never through the environment.
//!
//! * `tests/fixtures/releases/`: project-written releases in every format the reader accepts,
//!   all holding the same codes per classification; `bad/` holds malformed ones.
//! * `tests/fixtures/release-check/`: made-up guidance whose differences from those releases
//!   exercise every finding (see the comment at the top of each file).

mod common;
#[path = "../build/mod.rs"]
mod compiler;

use common::TempDir;
use compiler::catalogue::{Code, Node, NodeKind};
use compiler::release::check::{GivenRelease, Releases, Version};
use compiler::release::read::{
    Classification, Release, ReleaseEntry, ReleaseError, ReleaseFormat, Usage, parse_release,
    read_release,
};
use compiler::shared::code::Icd10Marker;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const OPCS4: Option<Classification> = Some(Classification::Opcs4);
const ICD10: Option<Classification> = Some(Classification::Icd10);

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn releases_dir() -> PathBuf {
    root().join("tests/fixtures/releases")
}

fn read(name: &str, expected: Option<Classification>) -> Release {
    let path = releases_dir().join(name);
    read_release(&path, expected).unwrap_or_else(|e| panic!("{e}"))
}

/// The error of reading `bad/<name>` (as an OPCS-4 release unless said otherwise), shown as
/// the build shows it but with the path relative to the fixture folder.
fn error(name: &str, expected: Option<Classification>) -> String {
    let path = releases_dir().join(name);
    match read_release(&path, expected) {
        Ok(_) => panic!("{name} was read"),
        Err(e) => relative(&e),
    }
}

fn relative(e: &ReleaseError) -> String {
    let shown = e.to_string();
    let prefix = format!("{}/", releases_dir().display());
    shown.strip_prefix(&prefix).unwrap_or(&shown).to_string()
}

/// (code, title) of every entry.
fn pairs(release: &Release) -> Vec<(String, String)> {
    release
        .entries()
        .iter()
        .map(|e| (e.code.clone(), e.title.clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Reading releases.

const OPCS4_CODES: [(&str, &str); 16] = [
    ("A01", "Major excision of tissue of brain"),
    ("A01.1", "Hemispherectomy"),
    (
        "K57.8",
        "Other specified other therapeutic transluminal operations on heart",
    ),
    ("S07", "Photodynamic therapy of skin"),
    ("S07.1", "Photodynamic therapy of skin of whole body"),
    ("S07.8", "Other specified photodynamic therapy of skin"),
    ("Y02.1", "Implantation of prosthesis into organ NOC"),
    ("Y53", "Approach to organ under image control"),
    ("Y53.2", "Approach to organ under ultrasonic control"),
    ("Y53.4", "Approach to organ under fluoroscopic control"),
    ("Y53.9", "Unspecified approach to organ under image control"),
    ("Y68", "Other approach to organ under image control"),
    (
        "Y68.9",
        "Unspecified other approach to organ under image control",
    ),
    ("Z33.2", "Septum of ventricle of heart"),
    ("Z33.6", "Atrium of heart"),
    ("Z94.2", "Right sided operation"),
];

#[test]
fn every_opcs4_format_reads_to_the_same_entries() {
    let expected: Vec<(String, String)> = OPCS4_CODES
        .iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();
    for (name, format) in [
        ("opcs4-codes-and-titles.txt", ReleaseFormat::Opcs4Text),
        ("opcs4-codes-and-titles.xml", ReleaseFormat::Opcs4Xml),
        ("opcs4-plain.tsv", ReleaseFormat::CodesAndTitles),
    ] {
        let release = read(name, OPCS4);
        assert_eq!(release.format, format, "{name}");
        assert_eq!(release.classification, Classification::Opcs4, "{name}");
        assert_eq!(pairs(&release), expected, "{name}");
        assert!(
            release.entries().iter().all(|e| e.usage.is_none()),
            "{name}"
        );
    }
    // Lines are the file's: the text files have one code per line, the XML a prologue.
    assert_eq!(
        read("opcs4-codes-and-titles.txt", OPCS4).entries()[2].line,
        3
    );
    assert_eq!(
        read("opcs4-codes-and-titles.xml", OPCS4).entries()[2].line,
        6
    );
}

#[test]
fn every_icd10_format_reads_to_the_same_entries() {
    let expected: Vec<(&str, &str, Usage)> = vec![
        ("A17.0", "Tuberculous meningitis", Usage::Dagger),
        ("C50", "Malignant neoplasm of breast", Usage::Default),
        ("C50.9", "Breast, unspecified", Usage::Default),
        (
            "G01.X",
            "Meningitis in bacterial diseases classified elsewhere",
            Usage::Asterisk,
        ),
        (
            "H19.8",
            "Other disorders of sclera and cornea in diseases classified elsewhere",
            Usage::Asterisk,
        ),
        ("I10.X", "Essential (primary) hypertension", Usage::Default),
        ("I48", "Atrial fibrillation and flutter", Usage::Default),
        ("I48.0", "Paroxysmal atrial fibrillation", Usage::Default),
        ("I50", "Heart failure", Usage::Default),
        ("I50.0", "Congestive heart failure", Usage::Default),
        ("I50.1", "Left ventricular failure", Usage::Default),
        ("I50.9", "Heart failure, unspecified", Usage::Default),
        (
            "M80.08",
            "Postmenopausal osteoporosis with pathological fracture, Other",
            Usage::Default,
        ),
        (
            "W01.0",
            "Fall on same level from slipping, tripping and stumbling, Home",
            Usage::Default,
        ),
    ];
    let with_usage: Vec<(String, String, Option<Usage>)> = expected
        .iter()
        .map(|(c, t, u)| (c.to_string(), t.to_string(), Some(*u)))
        .collect();
    let triples = |r: &Release| -> Vec<(String, String, Option<Usage>)> {
        r.entries()
            .iter()
            .map(|e| (e.code.clone(), e.title.clone(), e.usage))
            .collect()
    };
    for (name, format) in [
        (
            "icd10-codes-and-titles-and-metadata.xml",
            ReleaseFormat::Icd10Xml,
        ),
        (
            "icd10-codes-and-titles-and-metadata.txt",
            ReleaseFormat::Icd10Text,
        ),
    ] {
        let release = read(name, ICD10);
        assert_eq!(release.format, format, "{name}");
        assert_eq!(release.classification, Classification::Icd10, "{name}");
        assert_eq!(triples(&release), with_usage, "{name}");
    }
    // A plain list gives no usage, and its content alone says it is ICD-10.
    let plain = read("icd10-plain.tsv", None);
    assert_eq!(plain.format, ReleaseFormat::CodesAndTitles);
    assert_eq!(plain.classification, Classification::Icd10);
    let without_usage: Vec<(String, String, Option<Usage>)> = expected
        .iter()
        .map(|(c, t, _)| (c.to_string(), t.to_string(), None))
        .collect();
    assert_eq!(triples(&plain), without_usage);
}

#[test]
fn lookups_by_code_and_category() {
    let opcs4 = read("opcs4-codes-and-titles.txt", OPCS4);
    assert_eq!(
        opcs4.get("Y53.9").map(|e| e.title.as_str()),
        Some("Unspecified approach to organ under image control")
    );
    assert_eq!(
        opcs4.get("Y53").map(|e| e.title.as_str()),
        Some("Approach to organ under image control")
    );
    assert!(opcs4.get("Y53.1").is_none());
    let y53: Vec<&str> = opcs4
        .codes_in_category("Y53")
        .map(|e| e.code.as_str())
        .collect();
    assert_eq!(y53, ["Y53.2", "Y53.4", "Y53.9"]);
    let same: Vec<&str> = opcs4
        .codes_in_category("Y53.-")
        .map(|e| e.code.as_str())
        .collect();
    assert_eq!(same, y53);
    assert_eq!(opcs4.codes_in_category("Y99").count(), 0);
    // A category is known by its own line or by codes under it.
    assert!(opcs4.has_category("Y53"));
    assert!(opcs4.has_category("Z33.-"));
    assert!(!opcs4.has_category("Y99"));
    assert_eq!(opcs4.file_name(), "opcs4-codes-and-titles.txt");

    let icd10 = read("icd10-codes-and-titles-and-metadata.xml", ICD10);
    // An undivided category (ALT_CODE padded with X) is its X code, not a category line.
    assert!(icd10.get("I10").is_none());
    assert_eq!(
        icd10.get("I10.X"),
        Some(&ReleaseEntry {
            code: "I10.X".to_string(),
            title: "Essential (primary) hypertension".to_string(),
            other_titles: Vec::new(),
            retired: false,
            usage: Some(Usage::Default),
            line: 9,
        })
    );
    assert!(icd10.has_category("I10"));
    let i50: Vec<&str> = icd10
        .codes_in_category("I50")
        .map(|e| e.code.as_str())
        .collect();
    assert_eq!(i50, ["I50.0", "I50.1", "I50.9"]);
    assert!(icd10.get("I50").is_some_and(ReleaseEntry::is_category));
}

#[test]
fn the_format_is_told_by_content_not_by_file_name() {
    let dir = TempDir::new("release-names");
    let text = std::fs::read(releases_dir().join("opcs4-codes-and-titles.txt")).expect("read");
    let xml = std::fs::read(releases_dir().join("opcs4-codes-and-titles.xml")).expect("read");
    dir.write("looks-like.xml", &text);
    dir.write("looks-like.txt", &xml);
    let as_text = read_release(&dir.0.join("looks-like.xml"), OPCS4).expect("text read");
    let as_xml = read_release(&dir.0.join("looks-like.txt"), OPCS4).expect("xml read");
    assert_eq!(as_text.format, ReleaseFormat::Opcs4Text);
    assert_eq!(as_xml.format, ReleaseFormat::Opcs4Xml);
    assert_eq!(pairs(&as_text), pairs(&as_xml));
}

#[test]
fn xml_records_are_found_in_any_namespace_and_other_elements_are_ignored() {
    let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE release>\n<r:codes xmlns:r=\"urn:example\">\n  <r:header version=\"x\"/>\n  <r:code CODE=\"A01.1\" TITLE=\"Hemispherectomy\"/>\n  <r:code CODE=\"A01\" TITLE=\"Major excision of tissue of brain &amp; more\"/>\n</r:codes>\n";
    let release = parse_release(Path::new("ns.xml"), xml.as_bytes(), None).expect("read");
    assert_eq!(release.format, ReleaseFormat::Opcs4Xml);
    assert_eq!(
        pairs(&release),
        [
            (
                "A01".to_string(),
                "Major excision of tissue of brain & more".to_string()
            ),
            ("A01.1".to_string(), "Hemispherectomy".to_string()),
        ]
    );
}

#[test]
fn text_encodings_windows_1252_and_utf16_and_a_byte_order_mark() {
    let title = "Excision of lesion of Ménière\u{2019}s organ";
    // Windows-1252: é is 0xE9, the right single quote 0x92.
    let cp1252 = b"A011\tExcision of lesion of M\xe9ni\xe8re\x92s organ\r\n";
    let release = parse_release(Path::new("cp1252.txt"), cp1252, OPCS4).expect("read");
    assert_eq!(release.entries()[0].title, title);
    let line = format!("A01.1\t{title}\n");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(line.encode_utf16().flat_map(u16::to_le_bytes));
    let release = parse_release(Path::new("utf16.txt"), &utf16, OPCS4).expect("read");
    assert_eq!(release.entries()[0].title, title);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(line.as_bytes());
    let release = parse_release(Path::new("bom.txt"), &bom, OPCS4).expect("read");
    assert_eq!(release.entries()[0].code, "A01.1");
    assert_eq!(release.entries()[0].title, title);
}

#[test]
fn a_plain_list_whose_content_cannot_tell_takes_the_expected_classification() {
    assert_eq!(
        read("opcs4-plain.tsv", OPCS4).classification,
        Classification::Opcs4
    );
    // Nothing in it is ICD-10 only, so it can be read as ICD-10 too.
    assert_eq!(
        read("opcs4-plain.tsv", ICD10).classification,
        Classification::Icd10
    );
    assert_eq!(
        error("opcs4-plain.tsv", None),
        "opcs4-plain.tsv:1:1: the file does not show whether it holds OPCS-4 or ICD-10 codes (it has no code of ICD-10's chapter I, no five-character code and no X filler); say which classification it is."
    );
}

#[test]
fn a_release_of_the_wrong_classification_is_an_error() {
    assert_eq!(
        error("icd10-codes-and-titles-and-metadata.xml", OPCS4),
        "icd10-codes-and-titles-and-metadata.xml:4:16: this is an ICD-10 release (ICD-10 CodesAndTitlesAndMetadata XML), but an OPCS-4 release was expected; give it as the ICD-10 release instead."
    );
    assert_eq!(
        error("icd10-codes-and-titles-and-metadata.txt", OPCS4),
        "icd10-codes-and-titles-and-metadata.txt:2:1: this is an ICD-10 release (ICD-10 CodesAndTitlesAndMetadata text), but an OPCS-4 release was expected; give it as the ICD-10 release instead."
    );
    assert_eq!(
        error("icd10-plain.tsv", OPCS4),
        "icd10-plain.tsv:4:1: this is an ICD-10 release (it has G01.X, and the X filler marks an undivided ICD-10 category), but an OPCS-4 release was expected; give it as the ICD-10 release instead."
    );
    assert_eq!(
        error("opcs4-codes-and-titles.txt", ICD10),
        "opcs4-codes-and-titles.txt:1:1: this is an OPCS-4 release (OPCS-4 CodesAndTitles text), but an ICD-10 release was expected; give it as the OPCS-4 release instead."
    );
    assert_eq!(
        error("opcs4-codes-and-titles.xml", ICD10),
        "opcs4-codes-and-titles.xml:4:15: this is an OPCS-4 release (OPCS-4 CodesAndTitles XML), but an ICD-10 release was expected; give it as the OPCS-4 release instead."
    );
    assert_eq!(
        error("bad/opcs4-with-chapter-i.txt", OPCS4),
        "bad/opcs4-with-chapter-i.txt:2:1: \"I509\" is not an OPCS-4 code (OPCS-4 has no chapter I); this file holds ICD-10 codes, so it is not an OPCS-4 release."
    );
}

/// Every file in `bad/` has its exact message pinned here.
const BAD: &[(&str, &str)] = &[
    (
        "bad-code.txt",
        "bad/bad-code.txt:2:1: \"K5l8\" is not an OPCS-4 or ICD-10 code; the line is damaged, or this is not a codes-and-titles file.",
    ),
    (
        "duplicate-code.txt",
        "bad/duplicate-code.txt:4:1: code Z33.2 appears twice, here and on line 2; a release lists each code once, so the file is damaged.",
    ),
    (
        "empty.txt",
        "bad/empty.txt:1:1: the file is empty; give the release's codes-and-titles file.",
    ),
    (
        "mismatched-tag.xml",
        "bad/mismatched-tag.xml:4:1: the XML is malformed (expected 'code' tag, not 'codes'); download the release again, or check that the file was not edited.",
    ),
    (
        "missing-attribute.xml",
        "bad/missing-attribute.xml:4:3: this <code> element has no TITLE attribute; an OPCS-4 release element reads <code CODE=\"A01.1\" TITLE=\"...\"/>.",
    ),
    (
        "missing-title.txt",
        "bad/missing-title.txt:2:6: the line has no title after its code.",
    ),
    (
        "mixed-dots.txt",
        "bad/mixed-dots.txt:2:1: \"K57.8\" is dotted but the file's first code (\"A011\", line 1) is not dotted; a release writes every code the same way.",
    ),
    (
        "no-tab.txt",
        "bad/no-tab.txt:2:1: the line has no tab (the code and the title are separated by spaces here); each line of a code and title file is a code, a tab, then the title.",
    ),
    (
        "opcs4-with-chapter-i.txt",
        "bad/opcs4-with-chapter-i.txt:2:1: \"I509\" is not an OPCS-4 code (OPCS-4 has no chapter I); this file holds ICD-10 codes, so it is not an OPCS-4 release.",
    ),
    (
        "three-fields.txt",
        "bad/three-fields.txt:3:73: the line has 3 tab-separated fields where a code and title file has 2 (the code, then the title); this is not a codes-and-titles file, or the line is damaged.",
    ),
    (
        "truncated.xml",
        "bad/truncated.xml:5:48: the XML ends before its root element is closed, so the file is cut short; download the release again.",
    ),
    (
        "unknown-layout.xml",
        "bad/unknown-layout.xml:3:3: unknown XML layout: the root <release> holds <entry> elements, not the <code CODE=\"...\" TITLE=\"...\"/> elements of an OPCS-4 release or the <CLASS CODE=\"...\" DESCRIPTION=\"...\"/> elements of an ICD-10 release; give the release's codes-and-titles file.",
    ),
    (
        "unknown-usage.xml",
        "bad/unknown-usage.xml:3:46: USAGE \"BOTH\" is not DEFAULT, DAGGER or ASTERISK; the release is damaged, or this is not an ICD-10 CodesAndTitlesAndMetadata file.",
    ),
];

#[test]
fn every_malformed_release_gives_its_located_message() {
    let mut names: Vec<String> = std::fs::read_dir(releases_dir().join("bad"))
        .expect("bad/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let pinned: Vec<&str> = BAD.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, pinned, "every file in bad/ needs its message here");
    for (name, message) in BAD {
        // The ICD-10 file is damaged as ICD-10; every other file is given as OPCS-4.
        let expected = if name.starts_with("unknown-usage") {
            ICD10
        } else {
            OPCS4
        };
        assert_eq!(error(&format!("bad/{name}"), expected), *message);
    }
}

#[test]
fn a_release_error_names_the_file_when_it_cannot_be_read() {
    let path = releases_dir().join("no-such-file.txt");
    let os_error = std::fs::read(&path).expect_err("missing");
    let e = read_release(&path, OPCS4).expect_err("missing");
    assert_eq!((e.line, e.column), (None, None));
    assert_eq!(
        relative(&e),
        format!(
            "no-such-file.txt: cannot read the release file ({os_error}); check the path and its permissions."
        )
    );
}

/// A release is read only when it is a regular file outside the system's special folders:
/// `/dev/zero` (which never ends) and a FIFO with no writer (which blocks whoever opens it)
/// are refused at once, without being opened.
#[cfg(unix)]
#[test]
fn a_release_that_is_not_a_regular_file_is_refused_unopened() {
    let (sender, receiver) = std::sync::mpsc::channel();
    let dir = TempDir::new("release-fifo");
    let fifo = dir.0.join("release.txt");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo failed");
    let fifo_for_thread = fifo.clone();
    std::thread::spawn(move || {
        let fifo = read_release(&fifo_for_thread, OPCS4).map_err(|e| e.message);
        let zero = read_release(Path::new("/dev/zero"), OPCS4).map_err(|e| e.message);
        let _ = sender.send((fifo, zero));
    });
    let (fifo, zero) = receiver
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("reading the release blocked");
    assert_eq!(
        fifo.expect_err("a FIFO"),
        "cannot read the release file: it is a FIFO (named pipe), not a regular file; give the release's codes-and-titles file."
    );
    assert_eq!(
        zero.expect_err("a device"),
        "cannot read the release file: it is a device, not a regular file; give the release's codes-and-titles file."
    );
}

#[test]
fn icd10_text_rows_and_header_problems() {
    let header = "CODE\tALT_CODE\tUSAGE\tDESCRIPTION\tMODIFIER_4\tMODIFIER_5\n";
    let ok = format!("{header}I10\tI10X\tDEFAULT\tEssential (primary) hypertension\t\t\n");
    let release = parse_release(Path::new("t.txt"), ok.as_bytes(), None).expect("read");
    assert_eq!(release.entries()[0].code, "I10.X");
    let cases = [
        (
            "CODE\tTITLE\nI10\tx\n".to_string(),
            "t.txt:1:1: the header line has a CODE column but no DESCRIPTION column; give the release's CodesAndTitlesAndMetadata file.",
        ),
        (
            header.to_string(),
            "t.txt:1:1: the file has a header line but no codes; the release is cut short, download it again.",
        ),
        (
            format!("{header}I10\tI10X\tDEFAULT\tEssential\t\t\textra\n"),
            "t.txt:2:1: the line has 7 tab-separated fields but the header (line 1) names 6 columns; the line is damaged.",
        ),
        (
            format!("{header}I10\tI10X\tDEFAULT\t\n"),
            "t.txt:2:1: the line has no DESCRIPTION for I10.",
        ),
        (
            format!("{header}\tI10X\tDEFAULT\tEssential\n"),
            "t.txt:2:1: the line has no CODE.",
        ),
        (
            format!("{header}I10\tI10X\tdagger\tEssential\n"),
            "t.txt:2:1: USAGE \"dagger\" is not DEFAULT, DAGGER or ASTERISK; the release is damaged, or this is not an ICD-10 CodesAndTitlesAndMetadata file.",
        ),
    ];
    for (text, message) in cases {
        let e = parse_release(Path::new("t.txt"), text.as_bytes(), None).expect_err(&text);
        assert_eq!(e.to_string(), message);
    }
}

#[test]
fn more_xml_problems() {
    let cases = [
        (
            "<codes/>",
            "x.xml:1:1: unknown XML layout: the root <codes> holds no elements, not the <code CODE=\"...\" TITLE=\"...\"/> elements of an OPCS-4 release or the <CLASS CODE=\"...\" DESCRIPTION=\"...\"/> elements of an ICD-10 release; give the release's codes-and-titles file.",
        ),
        (
            "<r>\n<code CODE=\"A01.1\" TITLE=\"Hemispherectomy\"/>\n<CLASS CODE=\"I50.9\" DESCRIPTION=\"Heart failure, unspecified\"/>\n</r>",
            "x.xml:3:1: the file mixes <code> elements (OPCS-4) and <CLASS> elements (ICD-10); a release holds one classification.",
        ),
        (
            "<r>\n  <code CODE=\"A01.1\" TITLE=\" \"/>\n</r>",
            "x.xml:2:29: the TITLE attribute of this <code> element is empty; the release is damaged, download it again.",
        ),
        (
            "<r>\n  <CLASS CODE=\"I50.9\"/>\n</r>",
            "x.xml:2:3: this <CLASS> element has no DESCRIPTION attribute; an ICD-10 release element reads <CLASS CODE=\"I50.9\" ... DESCRIPTION=\"...\"/>.",
        ),
        (
            "<r>\n  <code CODE=\"A01.1\" TITLE=\"Hemispherectomy &nbsp;\"/>\n</r>",
            "x.xml:2:45: the XML is malformed (unknown entity reference 'nbsp'); download the release again, or check that the file was not edited.",
        ),
    ];
    for (text, message) in cases {
        let e = parse_release(Path::new("x.xml"), text.as_bytes(), None).expect_err(text);
        assert_eq!(e.to_string(), message);
    }
}

#[test]
fn versions_and_the_version_in_force_on_a_date() {
    let opcs4 = |date| Version::in_force(Classification::Opcs4, date).map(|v| v.name().to_string());
    assert_eq!(opcs4("2004-12").as_deref(), Some("OPCS-4.2"));
    assert_eq!(opcs4("2006-03").as_deref(), Some("OPCS-4.2"));
    assert_eq!(opcs4("2006-04").as_deref(), Some("OPCS-4.3"));
    assert_eq!(
        opcs4("2011").as_deref(),
        Some("OPCS-4.5"),
        "a year alone is 1 January"
    );
    assert_eq!(opcs4("2012-09-26").as_deref(), Some("OPCS-4.6"));
    assert_eq!(opcs4("2019-05").as_deref(), Some("OPCS-4.8"));
    assert_eq!(opcs4("2023-04-01").as_deref(), Some("OPCS-4.10"));
    assert_eq!(opcs4("2026-04").as_deref(), Some("OPCS-4.11"));
    assert_eq!(opcs4("May 2019"), None);
    let icd10 = |date| Version::in_force(Classification::Icd10, date).map(|v| v.name().to_string());
    assert_eq!(icd10("2003").as_deref(), Some("ICD-10 (1995)"));
    assert_eq!(
        icd10("2010-06").as_deref(),
        Some("ICD-10 reprinted with updates and corrections (2000)")
    );
    assert_eq!(icd10("2012-04").as_deref(), Some("ICD-10 4th Edition"));
    assert_eq!(icd10("2019").as_deref(), Some("ICD-10 5th Edition"));
    // A stated edition compares with the editions in force by date.
    assert_eq!(
        Version::icd10("4").ok(),
        Version::in_force(Classification::Icd10, "2013")
    );
    assert_eq!(Version::opcs4("OPCS-4.10"), Version::opcs4("4.10"));
    assert_eq!(
        Version::opcs4("4.10").map(|v| v.name().to_string()),
        Ok("OPCS-4.10".to_string())
    );
    assert_eq!(
        Version::opcs4("4.x"),
        Err("\"4.x\" is not an OPCS-4 version like \"4.10\"".to_string())
    );
    assert_eq!(
        Version::icd10("5th"),
        Err("\"5th\" is not an ICD-10 edition number like \"5\"".to_string())
    );
}

#[test]
fn the_version_in_force_on_the_last_day_before_a_bound() {
    let icd10 = |bound| {
        Version::in_force_before(Classification::Icd10, bound).map(|v| v.name().to_string())
    };
    let fourth = Some("ICD-10 4th Edition");
    let fifth = Some("ICD-10 5th Edition");
    // The 5th Edition came into force on 1 April 2016: a text written before that day was
    // written under the 4th; one written before 2 April 2016 may be of 1 April, the 5th's.
    assert_eq!(icd10("2016-04-01").as_deref(), fourth);
    assert_eq!(icd10("2016-04-02").as_deref(), fifth);
    // A month alone is its first day, and a year alone 1 January: the day before is in the
    // month (the year) before.
    assert_eq!(icd10("2016-04").as_deref(), fourth);
    assert_eq!(icd10("2016-05").as_deref(), fifth);
    assert_eq!(icd10("2016").as_deref(), fourth);
    assert_eq!(icd10("2017").as_deref(), fifth);
    assert_eq!(icd10("2017-01-01").as_deref(), fifth);
    assert_eq!(icd10("2013-04-01").as_deref(), fourth);
    assert_eq!(icd10("2013-01-01").as_deref(), fourth);
    assert_eq!(
        icd10("2012-04-01").as_deref(),
        Some("ICD-10 reprinted with updates and corrections (2000)")
    );
    assert_eq!(icd10("2012-04-02").as_deref(), fourth);
    let opcs4 = |bound| {
        Version::in_force_before(Classification::Opcs4, bound).map(|v| v.name().to_string())
    };
    assert_eq!(opcs4("2013-04-01").as_deref(), Some("OPCS-4.6"));
    assert_eq!(opcs4("2014-04-01").as_deref(), Some("OPCS-4.6"));
    assert_eq!(opcs4("2014-04-02").as_deref(), Some("OPCS-4.7"));
    assert_eq!(opcs4("2014").as_deref(), Some("OPCS-4.6"));
    assert_eq!(opcs4("2006-04").as_deref(), Some("OPCS-4.2"));
    assert_eq!(opcs4("1900").as_deref(), Some("OPCS-4.2"));
    for not_a_date in ["April 2013", "2013-4-01", "2013-04-1", "13", ""] {
        assert_eq!(opcs4(not_a_date), None, "{not_a_date:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Checking guidance against releases.

fn given(name: &str, expected: Classification, version: Option<&str>) -> GivenRelease {
    let version = version.map(|v| match expected {
        Classification::Opcs4 => Version::opcs4(v).expect("version"),
        Classification::Icd10 => Version::icd10(v).expect("edition"),
    });
    GivenRelease {
        release: read(name, Some(expected)),
        version,
    }
}

fn releases(opcs4: &str, icd10: &str, versions: bool) -> Releases {
    Releases {
        opcs4: Some(given(
            opcs4,
            Classification::Opcs4,
            versions.then_some("4.10"),
        )),
        icd10: Some(given(icd10, Classification::Icd10, versions.then_some("5"))),
    }
}

/// The error headlines and the warnings of checking `root` against `releases`.
fn findings(root: &Path, releases: &Releases) -> (Vec<String>, Vec<String>) {
    match compiler::compile_dir_with_releases(root, releases) {
        Ok(c) => (Vec::new(), c.warnings),
        Err(f) => (
            f.diagnostics.iter().map(|d| d.headline()).collect(),
            f.warnings,
        ),
    }
}

fn release_check_fixture() -> PathBuf {
    root().join("tests/fixtures/release-check")
}

const XML: &str = "icd10-codes-and-titles-and-metadata.xml";

#[test]
fn differences_from_releases_of_known_versions() {
    let (errors, warnings) = findings(
        &release_check_fixture(),
        &releases("opcs4-codes-and-titles.txt", XML, true),
    );
    let opcs = "the OPCS-4 release (opcs4-codes-and-titles.txt, OPCS-4.10)";
    let icd = "the ICD-10 release (icd10-codes-and-titles-and-metadata.xml, ICD-10 5th Edition)";
    assert_eq!(
        errors,
        [
            format!(
                "guidance/ipg/IPG901.toml:11:30: Z33.6 is titled \"Atrium of the heart\" here but \"Atrium of heart\" in {opcs}, the version this guidance was written for (its opcs4_version); correct the title (keep the page's wording in `printed` if it differs)."
            ),
            format!(
                "guidance/ipg/IPG901.toml:12:13: OPCS-4 code Z33.9 is not in {opcs}; correct the code (keep what the page printed in `printed`)."
            ),
            format!(
                "guidance/ipg/IPG901.toml:13:13: OPCS-4 category Y99.- is not in {opcs}: it has neither the category Y99 nor any code under it; correct the category."
            ),
            format!(
                "guidance/ipg/IPG901.toml:14:72: default S07.9 is not in {opcs}; correct the default."
            ),
            format!(
                "guidance/ipg/IPG901.toml:16:40: default Y53.9 is titled \"Unspecified approach to organ under image contol\" here but \"Unspecified approach to organ under image control\" in {opcs}, the version this guidance was written for (its opcs4_version); correct the title (keep the page's wording in `printed` if it differs)."
            ),
            format!(
                "guidance/ipg/IPG901.toml:22:13: ICD-10 code I50.0D is marked as a dagger code here, but it is neither a dagger nor an asterisk code in {icd}; write I50.0."
            ),
            format!(
                "guidance/ipg/IPG901.toml:25:13: ICD-10 code I48.X is not in {icd}: I48 is divided there, so write I48.- or one of its codes; correct the code (keep what the page printed in `printed`)."
            ),
            format!(
                "guidance/ipg/IPG904.toml:9:30: A01.- is titled \"Major excisions of tissue of brain\" here but \"Major excision of tissue of brain\" in {opcs}, the version this guidance was written for (in force when it was published, 2024-01); correct the title (keep the page's wording in `printed` if it differs)."
            ),
            format!(
                "guidance/ipg/IPG905.toml:9:13: OPCS-4 code Z94.3 is not in {opcs}; correct the code (keep what the page printed in `printed`)."
            ),
        ]
    );
    assert_eq!(
        warnings,
        [
            format!(
                "guidance/ipg/IPG901.toml:17:30: Z33.2 is titled \"septum of ventricle of heart\" here but \"Septum of ventricle of heart\" in {opcs}; the titles differ only in letter case."
            ),
            format!(
                "guidance/ipg/IPG901.toml:23:13: ICD-10 code A17.0 is a dagger code in {icd} but carries no mark here; write A17.0D if the text marks it (NICE pages often leave the marks out)."
            ),
            format!(
                "guidance/ipg/IPG902.toml:11:30: Y53.2 is titled \"Approach to organ under ultrasound control\" here but \"Approach to organ under ultrasonic control\" in {opcs}; the guidance was written for OPCS-4.6 (its opcs4_version), an older version, so the title may have changed since."
            ),
            format!(
                "guidance/ipg/IPG902.toml:12:13: OPCS-4 code Z33.8 is not in {opcs}; the guidance was written for OPCS-4.6 (its opcs4_version), an older version, so the classification may have changed since."
            ),
            format!(
                "guidance/ipg/IPG902.toml:16:13: ICD-10 code I48.X is not in {icd}: I48 is divided there, so write I48.- or one of its codes; the guidance was written for ICD-10 4th Edition (its icd10_edition), an older version, so the classification may have changed since."
            ),
            format!(
                "guidance/ipg/IPG903.toml:9:30: A01.1 is titled \"Hemispherectomy of brain\" here but \"Hemispherectomy\" in {opcs}; the guidance was written for OPCS-4.6 (in force when it was published, 2012-05), an older version, so the title may have changed since."
            ),
            format!(
                "guidance/ipg/IPG905.toml:8:30: K57.8 is titled \"Other specified other therapeutic transluminal operations on the heart\" here but \"Other specified other therapeutic transluminal operations on heart\" in {opcs}; the guidance states no `opcs4_version` and no `published` date, so it may follow an older version: state one to have a typo reported as an error."
            ),
        ]
    );
}

/// The findings of `tests/fixtures/release-written-before/` checked against the fixture
/// releases given as OPCS-4.10 and the ICD-10 5th Edition (`versions`, else of unknown
/// versions), with its `written_before` line made `bound_line` (an empty line leaves the key
/// out, and its comment with it, leaving blank lines so the other lines keep their numbers).
fn written_before_findings(bound_line: &str, versions: bool) -> (Vec<String>, Vec<String>) {
    let fixture = root().join("tests/fixtures/release-written-before/guidance/ipg/IPG908.toml");
    let text = std::fs::read_to_string(fixture).expect("read the fixture");
    let (comment, bound) = (
        "# written_before: made up for this test fixture\n",
        "written_before = \"2013-04-01\"\n",
    );
    assert!(text.contains(&format!("{comment}{bound}")));
    let text = if bound_line.is_empty() {
        text.replace(&format!("{comment}{bound}"), "\n\n")
    } else {
        text.replace(bound, &format!("{bound_line}\n"))
    };
    let dir = TempDir::new("release-written-before");
    dir.write("guidance/ipg/IPG908.toml", text);
    findings(
        &dir.0,
        &releases("opcs4-codes-and-titles.txt", XML, versions),
    )
}

#[test]
fn a_bound_before_the_release_came_into_force_makes_differences_warnings() {
    let opcs = "the OPCS-4 release (opcs4-codes-and-titles.txt, OPCS-4.10)";
    let icd = "the ICD-10 release (icd10-codes-and-titles-and-metadata.xml, ICD-10 5th Edition)";
    // The fixture as committed: written before 2013-04-01, so for ICD-10 4th Edition (and
    // OPCS-4.6) at the latest.
    assert_eq!(
        findings(
            &root().join("tests/fixtures/release-written-before"),
            &releases("opcs4-codes-and-titles.txt", XML, true),
        ),
        (
            Vec::new(),
            vec![
                format!(
                    "guidance/ipg/IPG908.toml:15:30: Y53.2 is titled \"Approach to organ under ultrasound control\" here but \"Approach to organ under ultrasonic control\" in {opcs}; the guidance was written for OPCS-4.6 at the latest (written before 2013-04-01), an older version, so the title may have changed since."
                ),
                format!(
                    "guidance/ipg/IPG908.toml:19:13: ICD-10 code I48.X is not in {icd}: I48 is divided there, so write I48.- or one of its codes; the guidance was written for ICD-10 4th Edition at the latest (written before 2013-04-01), an older version, so the classification may have changed since."
                ),
            ]
        )
    );
    // The day the 5th Edition came into force is the first day a text could follow it: a
    // text written before 2016-04-01 was written before the 5th Edition.
    let (errors, warnings) = written_before_findings("written_before = \"2016-04-01\"", true);
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        warnings[1],
        format!(
            "guidance/ipg/IPG908.toml:19:13: ICD-10 code I48.X is not in {icd}: I48 is divided there, so write I48.- or one of its codes; the guidance was written for ICD-10 4th Edition at the latest (written before 2016-04-01), an older version, so the classification may have changed since."
        )
    );
}

#[test]
fn a_bound_no_older_than_the_release_is_judged_as_no_date() {
    let icd = "the ICD-10 release (icd10-codes-and-titles-and-metadata.xml, ICD-10 5th Edition)";
    let undated_error = format!(
        "guidance/ipg/IPG908.toml:19:13: ICD-10 code I48.X is not in {icd}: I48 is divided there, so write I48.- or one of its codes; correct the code (keep what the page printed in `printed`)."
    );
    // Without a bound the missing code is the error of a guidance of unknown version.
    let (errors, _) = written_before_findings("", true);
    assert_eq!(errors, std::slice::from_ref(&undated_error));
    // A text written before 2017 may have been written under the 5th Edition (in force from
    // 1 April 2016), and one written before 2 April 2016 on its first day: still an error.
    for bound in ["2017", "2016-04-02", "2016-05"] {
        let (errors, warnings) =
            written_before_findings(&format!("written_before = \"{bound}\""), true);
        assert_eq!(errors, std::slice::from_ref(&undated_error), "{bound}");
        // The OPCS-4 version in force then (4.7) is older than OPCS-4.10, so the
        // title is judged by the bound.
        assert_eq!(warnings.len(), 1, "{bound}: {warnings:#?}");
        assert!(
            warnings[0].contains(&format!(
                "at the latest (written before {bound}), an older version, so the title may have changed since."
            )),
            "{bound}: {warnings:#?}"
        );
    }
    // When the release's version is not given, a bound tells nothing.
    let (errors, _) = written_before_findings("written_before = \"2013-04-01\"", false);
    assert_eq!(
        errors,
        [
            "guidance/ipg/IPG908.toml:19:13: ICD-10 code I48.X is not in the ICD-10 release (icd10-codes-and-titles-and-metadata.xml): I48 is divided there, so write I48.- or one of its codes; correct the code (keep what the page printed in `printed`)."
        ]
    );
}

/// The findings of `tests/fixtures/release-written-before/` as `written_before_findings` gives
/// them, with the `written_before` line and its comment replaced by a `written_while` line
/// (`while_line`) and its comment, beside `names` as `guidance/names.toml`.
fn written_while_findings(names: &str, while_line: &str) -> (Vec<String>, Vec<String>) {
    let fixture = root().join("tests/fixtures/release-written-before/guidance/ipg/IPG908.toml");
    let text = std::fs::read_to_string(fixture).expect("read the fixture");
    let bound =
        "# written_before: made up for this test fixture\nwritten_before = \"2013-04-01\"\n";
    assert!(text.contains(bound));
    let text = text.replace(
        bound,
        &format!("# written_while: made up for this test fixture\n{while_line}\n"),
    );
    let dir = TempDir::new("release-written-while");
    dir.write("guidance/ipg/IPG908.toml", text);
    dir.write("guidance/names.toml", names);
    findings(&dir.0, &releases("opcs4-codes-and-titles.txt", XML, true))
}

/// A names file of one name, `made-up`, with `days` (`began = {...}`, `ended = {...}` lines).
fn one_name(days: &str) -> String {
    format!("[made-up]\nname = \"Made-up Agency\"\nphrases = [\"Made-up Agency\"]\n{days}\n")
}

fn name_day(key: &str, day: &str) -> String {
    format!(
        "{key} = {{ day = \"{day}\", source = \"made up for this test fixture\", quote = \"made up\" }}"
    )
}

/// A name the text uses that ended before the release came into force bounds the text as
/// `written_before` does: the same findings, each saying which name bounds it.
#[test]
fn a_name_that_ended_bounds_the_text_as_written_before_does() {
    let names =
        std::fs::read_to_string(root().join("tests/fixtures/good-names/guidance/names.toml"))
            .expect("read the fixture names");
    let by_date = findings(
        &root().join("tests/fixtures/release-written-before"),
        &releases("opcs4-codes-and-titles.txt", XML, true),
    );
    let by_name = written_while_findings(&names, "written_while = [\"nhs-connecting-for-health\"]");
    assert_eq!(by_date.0, Vec::<String>::new());
    assert_eq!(by_date.1.len(), 2, "{by_date:#?}");
    let renamed: Vec<String> = by_date
        .1
        .iter()
        .map(|w| {
            w.replace(
                "(written before 2013-04-01)",
                "(written before 2013-04-01, as it names \"NHS Connecting for Health\")",
            )
        })
        .collect();
    assert_eq!(by_name, (Vec::new(), renamed));
    // A name that only began bounds nothing: the missing code is the error of a guidance of
    // unknown version.
    let began_only = written_while_findings(
        &names,
        "written_while = [\"hscic-classifications-service\"]",
    );
    assert_eq!(
        began_only.0,
        [
            "guidance/ipg/IPG908.toml:19:13: ICD-10 code I48.X is not in the ICD-10 release (icd10-codes-and-titles-and-metadata.xml, ICD-10 5th Edition): I48 is divided there, so write I48.- or one of its codes; correct the code (keep what the page printed in `printed`)."
        ]
    );
}

/// A name's end is judged as `written_before` is: a text using a name that ended on the day
/// the 5th Edition came into force was written before it; one that ended a day later may
/// not have been.
#[test]
fn a_name_that_ended_no_earlier_than_the_release_tells_nothing() {
    let icd = "the ICD-10 release (icd10-codes-and-titles-and-metadata.xml, ICD-10 5th Edition)";
    let while_line = "written_while = [\"made-up\"]";
    let (errors, warnings) =
        written_while_findings(&one_name(&name_day("ended", "2016-04-01")), while_line);
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        warnings[1],
        format!(
            "guidance/ipg/IPG908.toml:19:13: ICD-10 code I48.X is not in {icd}: I48 is divided there, so write I48.- or one of its codes; the guidance was written for ICD-10 4th Edition at the latest (written before 2016-04-01, as it names \"Made-up Agency\"), an older version, so the classification may have changed since."
        )
    );
    for days in [
        name_day("ended", "2016-04-02"),
        name_day("began", "2005-04-01"),
    ] {
        let (errors, _) = written_while_findings(&one_name(&days), while_line);
        assert_eq!(
            errors,
            [format!(
                "guidance/ipg/IPG908.toml:19:13: ICD-10 code I48.X is not in {icd}: I48 is divided there, so write I48.- or one of its codes; correct the code (keep what the page printed in `printed`)."
            )],
            "{days}"
        );
    }
}

#[test]
fn differences_from_releases_of_unknown_versions() {
    let (errors, warnings) = findings(
        &release_check_fixture(),
        &releases("opcs4-codes-and-titles.txt", XML, false),
    );
    let opcs = "the OPCS-4 release (opcs4-codes-and-titles.txt)";
    let icd = "the ICD-10 release (icd10-codes-and-titles-and-metadata.xml)";
    // Missing codes and contradicting marks stay errors; every title difference is a warning.
    assert_eq!(
        errors,
        [
            format!(
                "guidance/ipg/IPG901.toml:12:13: OPCS-4 code Z33.9 is not in {opcs}; correct the code (keep what the page printed in `printed`)."
            ),
            format!(
                "guidance/ipg/IPG901.toml:13:13: OPCS-4 category Y99.- is not in {opcs}: it has neither the category Y99 nor any code under it; correct the category."
            ),
            format!(
                "guidance/ipg/IPG901.toml:14:72: default S07.9 is not in {opcs}; correct the default."
            ),
            format!(
                "guidance/ipg/IPG901.toml:22:13: ICD-10 code I50.0D is marked as a dagger code here, but it is neither a dagger nor an asterisk code in {icd}; write I50.0."
            ),
            format!(
                "guidance/ipg/IPG901.toml:25:13: ICD-10 code I48.X is not in {icd}: I48 is divided there, so write I48.- or one of its codes; correct the code (keep what the page printed in `printed`)."
            ),
            format!(
                "guidance/ipg/IPG902.toml:12:13: OPCS-4 code Z33.8 is not in {opcs}; correct the code (keep what the page printed in `printed`)."
            ),
            format!(
                "guidance/ipg/IPG902.toml:16:13: ICD-10 code I48.X is not in {icd}: I48 is divided there, so write I48.- or one of its codes; correct the code (keep what the page printed in `printed`)."
            ),
            format!(
                "guidance/ipg/IPG905.toml:9:13: OPCS-4 code Z94.3 is not in {opcs}; correct the code (keep what the page printed in `printed`)."
            ),
        ]
    );
    assert_eq!(
        warnings,
        [
            format!(
                "guidance/ipg/IPG901.toml:11:30: Z33.6 is titled \"Atrium of the heart\" here but \"Atrium of heart\" in {opcs}."
            ),
            format!(
                "guidance/ipg/IPG901.toml:16:40: default Y53.9 is titled \"Unspecified approach to organ under image contol\" here but \"Unspecified approach to organ under image control\" in {opcs}."
            ),
            format!(
                "guidance/ipg/IPG901.toml:17:30: Z33.2 is titled \"septum of ventricle of heart\" here but \"Septum of ventricle of heart\" in {opcs}; the titles differ only in letter case."
            ),
            format!(
                "guidance/ipg/IPG901.toml:23:13: ICD-10 code A17.0 is a dagger code in {icd} but carries no mark here; write A17.0D if the text marks it (NICE pages often leave the marks out)."
            ),
            format!(
                "guidance/ipg/IPG902.toml:11:30: Y53.2 is titled \"Approach to organ under ultrasound control\" here but \"Approach to organ under ultrasonic control\" in {opcs}."
            ),
            format!(
                "guidance/ipg/IPG903.toml:9:30: A01.1 is titled \"Hemispherectomy of brain\" here but \"Hemispherectomy\" in {opcs}."
            ),
            format!(
                "guidance/ipg/IPG904.toml:9:30: A01.- is titled \"Major excisions of tissue of brain\" here but \"Major excision of tissue of brain\" in {opcs}."
            ),
            format!(
                "guidance/ipg/IPG905.toml:8:30: K57.8 is titled \"Other specified other therapeutic transluminal operations on the heart\" here but \"Other specified other therapeutic transluminal operations on heart\" in {opcs}."
            ),
            "the OPCS-4 release's version is not known, so differing titles are reported as warnings; set NICE_CODING_OPCS4_VERSION (such as \"4.10\") to have titles that differ in guidance written for that version reported as errors.".to_string(),
        ]
    );
}

#[test]
fn a_typo_title_is_shown_with_its_line_and_caret() {
    let failed = match compiler::compile_dir_with_releases(
        &release_check_fixture(),
        &releases("opcs4-codes-and-titles.txt", XML, true),
    ) {
        Ok(_) => panic!("the fixture compiled"),
        Err(f) => f,
    };
    let shown = failed.diagnostics[0].to_string();
    let expected = [
        "guidance/ipg/IPG901.toml:11:30: Z33.6 is titled \"Atrium of the heart\" here but \"Atrium of heart\" in the OPCS-4 release (opcs4-codes-and-titles.txt, OPCS-4.10), the version this guidance was written for (its opcs4_version); correct the title (keep the page's wording in `printed` if it differs).",
        "    11 |   { opcs4 = \"Z33.6\", title = \"Atrium of the heart\" },",
        "       |                              ^^^^^^^^^^^^^^^^^^^^^",
    ]
    .join("\n");
    assert_eq!(shown, expected);
}

#[test]
fn every_opcs4_format_gives_the_same_findings() {
    let reference = findings(
        &release_check_fixture(),
        &releases("opcs4-codes-and-titles.txt", XML, true),
    );
    for name in ["opcs4-codes-and-titles.xml", "opcs4-plain.tsv"] {
        let (errors, warnings) = findings(&release_check_fixture(), &releases(name, XML, true));
        let renamed = |lines: &[String]| -> Vec<String> {
            lines
                .iter()
                .map(|l| l.replace(name, "opcs4-codes-and-titles.txt"))
                .collect()
        };
        assert_eq!(renamed(&errors), reference.0, "{name}");
        assert_eq!(renamed(&warnings), reference.1, "{name}");
    }
}

#[test]
fn a_plain_icd10_list_checks_codes_and_titles_but_not_marks() {
    let dir = TempDir::new("release-plain-icd10");
    dir.write(
        "guidance/ipg/IPG901.toml",
        std::fs::read(release_check_fixture().join("guidance/ipg/IPG901.toml")).expect("read"),
    );
    let releases = Releases {
        opcs4: None,
        icd10: Some(given("icd10-plain.tsv", Classification::Icd10, Some("5"))),
    };
    let (errors, warnings) = findings(&dir.0, &releases);
    assert_eq!(
        errors,
        [
            "guidance/ipg/IPG901.toml:25:13: ICD-10 code I48.X is not in the ICD-10 release (icd10-plain.tsv, ICD-10 5th Edition): I48 is divided there, so write I48.- or one of its codes; correct the code (keep what the page printed in `printed`)."
        ]
    );
    assert!(warnings.is_empty(), "{warnings:#?}");
}

/// A folder with the shipped IPG655 and stock notes only.
fn shipped_ipg655() -> TempDir {
    let dir = TempDir::new("release-ipg655");
    for file in ["guidance/ipg/IPG655.toml", "guidance/stock-notes.toml"] {
        dir.write(file, std::fs::read(root().join(file)).expect("read"));
    }
    dir
}

#[test]
fn the_shipped_ipg655_checks_clean_against_every_fixture_release() {
    let dir = shipped_ipg655();
    for opcs4 in [
        "opcs4-codes-and-titles.txt",
        "opcs4-codes-and-titles.xml",
        "opcs4-plain.tsv",
    ] {
        for icd10 in [
            XML,
            "icd10-codes-and-titles-and-metadata.txt",
            "icd10-plain.tsv",
        ] {
            for versions in [true, false] {
                let result =
                    compiler::compile_dir_with_releases(&dir.0, &releases(opcs4, icd10, versions));
                match result {
                    Ok(c) => assert!(c.warnings.is_empty(), "{opcs4} {icd10}: {:#?}", c.warnings),
                    Err(f) => panic!(
                        "{opcs4} {icd10}: {:#?}",
                        f.diagnostics
                            .iter()
                            .map(|d| d.headline())
                            .collect::<Vec<_>>()
                    ),
                }
            }
        }
    }
}

#[test]
fn without_releases_nothing_is_checked_or_reported() {
    let compiled = compiler::compile_dir(&release_check_fixture()).expect("the fixture compiles");
    assert!(compiled.warnings.is_empty());
    let same = compiler::compile_dir_with_releases(&release_check_fixture(), &Releases::default())
        .expect("compiles");
    assert_eq!(same.source, compiled.source);
}

// ---------------------------------------------------------------------------------------
// The whole shipped catalogue against a release made from its own codes and titles.

/// Each code the catalogue names (release form: `Y53` for `Y53.-`) with its title, when a
/// file gives one, and its ICD-10 usage.
#[derive(Default)]
struct Synthesised {
    opcs4: BTreeMap<String, Option<String>>,
    icd10: BTreeMap<String, (Option<String>, Usage, bool)>,
}

fn collect(nodes: &[Node], out: &mut Synthesised) {
    for node in nodes {
        if let NodeKind::Code { code, title, .. } = &node.kind {
            add(out, *code, title.clone());
        }
        if let Some(default) = node.default {
            add(out, default, node.default_title.clone());
        }
        if let NodeKind::Group { children, .. } = &node.kind {
            collect(children, out);
        }
    }
}

fn add(out: &mut Synthesised, code: Code, title: Option<String>) {
    match code {
        Code::Opcs4(c) => {
            let shown = c.to_string();
            let key = shown.strip_suffix(".-").unwrap_or(&shown).to_string();
            let slot = out.opcs4.entry(key).or_default();
            if slot.is_none() {
                *slot = title;
            }
        }
        Code::Icd10(c) => {
            let usage = match c.marker() {
                Some(Icd10Marker::Dagger) => Usage::Dagger,
                Some(Icd10Marker::Asterisk) => Usage::Asterisk,
                None => Usage::Default,
            };
            let shown = c.without_marker().to_string();
            let key = shown.strip_suffix(".-").unwrap_or(&shown).to_string();
            let slot = out
                .icd10
                .entry(key)
                .or_insert((None, usage, c.is_x_filled()));
            if slot.0.is_none() {
                slot.0 = title;
            }
            if usage != Usage::Default {
                slot.1 = usage;
            }
        }
    }
}

fn xml_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// Writes the synthesised releases into `dir`; `retitle` changes one OPCS-4 title.
fn write_synthesised(dir: &TempDir, s: &Synthesised, retitle: Option<&str>) -> Releases {
    let mut opcs4 = String::new();
    for (code, title) in &s.opcs4 {
        let mut title = title.clone().unwrap_or_else(|| format!("Title of {code}"));
        if retitle == Some(code.as_str()) {
            title.push_str(" (retitled)");
        }
        opcs4.push_str(&format!("{code}\t{title}\n"));
    }
    let mut icd10 = String::from("<DSV>\n");
    for (code, (title, usage, x_filled)) in &s.icd10 {
        let title = title.clone().unwrap_or_else(|| format!("Title of {code}"));
        let (code, alt) = if *x_filled {
            (code[..3].to_string(), format!("{}X", &code[..3]))
        } else {
            (code.clone(), code.replace('.', ""))
        };
        icd10.push_str(&format!(
            "  <CLASS CODE=\"{code}\" ALT_CODE=\"{alt}\" USAGE=\"{}\" DESCRIPTION=\"{}\"/>\n",
            usage.as_str(),
            xml_attribute(&title)
        ));
    }
    icd10.push_str("</DSV>\n");
    dir.write("opcs4.tsv", opcs4);
    dir.write("icd10.xml", icd10);
    let read = |name: &str, c| GivenRelease {
        release: read_release(&dir.0.join(name), Some(c)).unwrap_or_else(|e| panic!("{e}")),
        version: None,
    };
    Releases {
        opcs4: Some(read("opcs4.tsv", Classification::Opcs4)),
        icd10: Some(read("icd10.xml", Classification::Icd10)),
    }
}

#[test]
fn the_whole_catalogue_checks_clean_against_its_own_codes_and_one_retitled_code_is_one_finding() {
    let compiled = compiler::compile_dir(root()).unwrap_or_else(|_| panic!("the crate compiles"));
    let mut synthesised = Synthesised::default();
    for g in &compiled.catalogue.guidance {
        collect(&g.procedure, &mut synthesised);
        collect(&g.diagnosis, &mut synthesised);
        collect(&g.ruled_out_by, &mut synthesised);
    }
    assert!(synthesised.opcs4.len() > 100, "{}", synthesised.opcs4.len());
    assert!(synthesised.icd10.len() > 20, "{}", synthesised.icd10.len());
    let dir = TempDir::new("release-catalogue");
    let clean = write_synthesised(&dir, &synthesised, None);
    let (errors, warnings) = findings(root(), &clean);
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(warnings.is_empty(), "{warnings:#?}");

    // Retitling K57.8 in the release is one difference at each place a file titles it
    // (IPG655's among them), then the note on the unknown version.
    let retitled = write_synthesised(&dir, &synthesised, Some("K57.8"));
    let (errors, warnings) = findings(root(), &retitled);
    assert!(errors.is_empty(), "{errors:#?}");
    let (note, differences) = warnings.split_last().expect("warnings");
    assert_eq!(
        note,
        "the OPCS-4 release's version is not known, so differing titles are reported as warnings; set NICE_CODING_OPCS4_VERSION (such as \"4.10\") to have titles that differ in guidance written for that version reported as errors."
    );
    let titled_k578 = compiled
        .catalogue
        .guidance
        .iter()
        .map(|g| {
            let mut s = Synthesised::default();
            collect(&g.procedure, &mut s);
            s.opcs4.get("K57.8").is_some_and(Option::is_some)
        })
        .filter(|&titled| titled)
        .count();
    assert!(titled_k578 >= 1);
    assert!(differences.len() >= titled_k578, "{differences:#?}");
    for d in differences {
        assert!(
            d.contains(": K57.8 is titled \"Other specified other therapeutic transluminal operations on heart\" here but \"Other specified other therapeutic transluminal operations on heart (retitled)\" in the OPCS-4 release (opcs4.tsv)."),
            "{d}"
        );
    }
    assert!(
        differences
            .iter()
            .any(|d| d.starts_with("guidance/ipg/IPG655.toml:9:30: ")),
        "{differences:#?}"
    );
}

/// A code that rules a guidance out (`ruled_out_by`) is checked against the release like the
/// codes of the recommendation: IPG377's Y73.1 missing from the release is one error there.
#[test]
fn ruled_out_by_codes_are_checked_against_the_release() {
    let compiled = compiler::compile_dir(root()).unwrap_or_else(|_| panic!("the crate compiles"));
    let mut synthesised = Synthesised::default();
    for g in &compiled.catalogue.guidance {
        collect(&g.procedure, &mut synthesised);
        collect(&g.diagnosis, &mut synthesised);
        collect(&g.ruled_out_by, &mut synthesised);
    }
    assert!(synthesised.opcs4.remove("Y73.1").is_some());
    let dir = TempDir::new("release-ruled-out");
    let without = write_synthesised(&dir, &synthesised, None);
    let (errors, _) = findings(root(), &without);
    let line = std::fs::read_to_string(root().join("guidance/ipg/IPG377.toml"))
        .expect("IPG377")
        .lines()
        .position(|l| l.contains("opcs4 = \"Y73.1\""))
        .expect("the Y73.1 line")
        + 1;
    assert_eq!(
        errors,
        [format!(
            "guidance/ipg/IPG377.toml:{line}:13: OPCS-4 code Y73.1 is not in the OPCS-4 release (opcs4.tsv); correct the code (keep what the page printed in `printed`)."
        )]
    );
}
