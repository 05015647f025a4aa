//! The shapes of the real OPCS-4.11 and ICD-10 5th Edition releases, in fixtures written by
//! this project (`tests/fixtures/releases/real-shapes/`; see its README): codes with an `X`
//! filler and a fifth digit, `TREE_DESCRIPTION`, modifiers read as a coder reads them,
//! retired OPCS-4 codes, compressed files and a release of the other classification.

mod common;
#[path = "../build/mod.rs"]
mod compiler;

use common::TempDir;
use compiler::catalogue::{Code, Node, NodeKind};
use compiler::release::check::{GivenRelease, Releases, Version};
use compiler::release::read::{Classification, Release, read_release};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn shapes_dir() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("tests/fixtures/releases/real-shapes")
}

fn read(name: &str, expected: Classification) -> Release {
    read_release(&shapes_dir().join(name), Some(expected)).unwrap_or_else(|e| panic!("{e}"))
}

/// The message of reading `name` as `expected`, with the path relative to the fixture folder.
fn error(name: &str, expected: Classification) -> String {
    let e = read_release(&shapes_dir().join(name), Some(expected)).expect_err(name);
    let shown = e.to_string();
    let prefix = format!("{}/", shapes_dir().display());
    shown.strip_prefix(&prefix).unwrap_or(&shown).to_string()
}

#[test]
fn icd10_codes_with_an_x_filler_and_a_fifth_digit_are_read() {
    for name in ["icd10-5th-edition.xml", "icd10-5th-edition.txt"] {
        let release = read(name, Classification::Icd10);
        let m45: Vec<&str> = release
            .codes_in_category("M45")
            .map(|e| e.code.as_str())
            .collect();
        assert_eq!(m45, ["M45.X0", "M45.X9"], "{name}");
        assert_eq!(
            release.get("T08.X1").map(|e| e.title.as_str()),
            Some("Fracture of spine, level unspecified, Open"),
            "{name}"
        );
        // T08 is undivided in its fourth character (ALT_CODE T08X) but has fifth-character
        // codes: it is the category entry T08.X, and its codes are under T08.
        assert!(release.has_category("T08"), "{name}");
    }
}

#[test]
fn tree_description_and_the_coders_reading_of_modifiers_are_the_same_title() {
    for name in ["icd10-5th-edition.xml", "icd10-5th-edition.txt"] {
        let release = read(name, Classification::Icd10);
        let c22 = release.get("C22.0").expect("C22.0");
        assert_eq!(c22.title, "Malignant neoplasm: Liver cell carcinoma");
        assert!(c22.has_title("Liver cell carcinoma"), "{name}");
        assert!(c22.has_title("Malignant neoplasm:  Liver cell carcinoma"));
        assert!(!c22.has_title("Liver carcinoma"));
        let e10 = release.get("E10.0").expect("E10.0");
        assert_eq!(e10.title, "Type 1 diabetes mellitus with coma", "{name}");
        assert!(e10.has_title("Type 1 diabetes mellitus, With coma"));
        assert!(!e10.has_title("Type 1 diabetes mellitus"));
        let m45 = release.get("M45.X0").expect("M45.X0");
        assert_eq!(m45.title, "Ankylosing spondylitis, Multiple sites in spine");
        assert!(m45.has_title("Ankylosing spondylitis, multiple sites in spine"));
    }
}

#[test]
fn retired_opcs4_codes_are_marked_retired() {
    let release = read("opcs4-4.11.xml", Classification::Opcs4);
    let retired: Vec<&str> = release
        .entries()
        .iter()
        .filter(|e| e.retired)
        .map(|e| e.code.as_str())
        .collect();
    assert_eq!(retired, ["Y76.3", "Y76.4", "Y76.6"]);
}

#[test]
fn a_compressed_release_is_said_to_be_compressed() {
    assert_eq!(
        error("opcs4-4.11.txt.gz", Classification::Opcs4),
        "opcs4-4.11.txt.gz: the file is compressed (gzip), not a codes-and-titles file; unpack it and give the codes-and-titles file it holds."
    );
    assert_eq!(
        error("opcs4-4.11.zip", Classification::Opcs4),
        "opcs4-4.11.zip: the file is compressed (a zip archive), not a codes-and-titles file; unpack it and give the codes-and-titles file it holds."
    );
}

#[test]
fn the_icd10_release_given_as_opcs4_is_named_before_any_code_is_judged() {
    // Its first record is M45.X0, which no OPCS-4 code resembles.
    assert_eq!(
        error("icd10-5th-edition.xml", Classification::Opcs4),
        "icd10-5th-edition.xml:4:16: this is an ICD-10 release (ICD-10 CodesAndTitlesAndMetadata XML), but an OPCS-4 release was expected; give it as the ICD-10 release instead."
    );
    assert_eq!(
        error("icd10-5th-edition.txt", Classification::Opcs4),
        "icd10-5th-edition.txt:2:1: this is an ICD-10 release (ICD-10 CodesAndTitlesAndMetadata text), but an OPCS-4 release was expected; give it as the ICD-10 release instead."
    );
    assert_eq!(
        error("opcs4-4.11.xml", Classification::Icd10),
        "opcs4-4.11.xml:4:15: this is an OPCS-4 release (OPCS-4 CodesAndTitles XML), but an ICD-10 release was expected; give it as the OPCS-4 release instead."
    );
}

fn releases(opcs4_version: Option<&str>, icd10_edition: Option<&str>) -> Releases {
    Releases {
        opcs4: Some(GivenRelease {
            release: read("opcs4-4.11.xml", Classification::Opcs4),
            version: opcs4_version.map(|v| Version::opcs4(v).expect("version")),
        }),
        icd10: Some(GivenRelease {
            release: read("icd10-5th-edition.xml", Classification::Icd10),
            version: icd10_edition.map(|v| Version::icd10(v).expect("edition")),
        }),
    }
}

/// The error headlines and the warnings of checking the fixture guidance.
fn findings(releases: &Releases) -> (Vec<String>, Vec<String>) {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("tests/fixtures/release-real-shapes");
    match compiler::compile_dir_with_releases(&root, releases) {
        Ok(c) => (Vec::new(), c.warnings),
        Err(f) => (
            f.diagnostics.iter().map(|d| d.headline()).collect(),
            f.warnings,
        ),
    }
}

#[test]
fn retired_codes_are_their_own_finding_by_the_version_policy() {
    let (errors, warnings) = findings(&releases(Some("4.11"), Some("5")));
    let opcs = "the OPCS-4 release (opcs4-4.11.xml, OPCS-4.11)";
    let icd = "the ICD-10 release (icd10-5th-edition.xml, ICD-10 5th Edition)";
    assert_eq!(
        errors,
        [
            format!(
                "guidance/ipg/IPG906.toml:13:13: Y76.6 is retired in {opcs} (titled \"Code retired - refer to introduction\", line 12), and the guidance was written for OPCS-4.11 (its opcs4_version); a retired code is not to be used: check the text and the release's introduction for the code that replaces it."
            ),
            format!(
                "guidance/ipg/IPG906.toml:14:13: Y76.3 is retired in {opcs} (titled \"Code retired - refer to introduction\", line 10), and the guidance was written for OPCS-4.11 (its opcs4_version); a retired code is not to be used: check the text and the release's introduction for the code that replaces it."
            ),
        ]
    );
    assert_eq!(
        warnings,
        [
            format!(
                "guidance/ipg/IPG907.toml:12:13: Y76.4 is retired in {opcs} (titled \"Code retired - refer to introduction\", line 11); the guidance was written for OPCS-4.6 (in force when it was published, 2012-05-01), an older version, when the code was still in use."
            ),
            format!(
                "guidance/ipg/IPG907.toml:15:13: ICD-10 code I48.X is not in {icd}: I48 is divided there, so write I48.- or one of its codes; the guidance was written for ICD-10 4th Edition (in force when it was published, 2012-05-01), an older version, so the classification may have changed since."
            ),
        ]
    );
}

#[test]
fn a_retired_code_is_a_warning_when_a_version_is_not_known() {
    let (errors, warnings) = findings(&releases(None, None));
    // Without versions only I48.X is an error (a missing code); the retired codes were codes
    // once, so they are warnings.
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with("guidance/ipg/IPG907.toml:15:13: ICD-10 code I48.X"));
    let retired: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains(" is retired in "))
        .collect();
    assert_eq!(retired.len(), 3, "{warnings:#?}");
    assert_eq!(
        retired[0],
        "guidance/ipg/IPG906.toml:13:13: Y76.6 is retired in the OPCS-4 release (opcs4-4.11.xml) (titled \"Code retired - refer to introduction\", line 12); the release's version is not known, so the guidance may have been written when the code was in use."
    );
}

/// Every code and default the shipped catalogue names, with the first title it is given.
fn catalogue_codes(nodes: &[Node], out: &mut BTreeMap<(bool, String), Option<String>>) {
    for node in nodes {
        let named = match &node.kind {
            NodeKind::Code { code, title, .. } => Some((*code, title.clone())),
            _ => None,
        };
        for (code, title) in named
            .into_iter()
            .chain(node.default.map(|d| (d, node.default_title.clone())))
        {
            let (icd10, shown) = match code {
                Code::Opcs4(c) => (false, c.to_string()),
                Code::Icd10(c) => (true, c.without_marker().to_string()),
            };
            let key = shown.strip_suffix(".-").unwrap_or(&shown).to_string();
            let slot = out.entry((icd10, key)).or_default();
            if slot.is_none() {
                *slot = title;
            }
        }
        if let NodeKind::Group { children, .. } = &node.kind {
            catalogue_codes(children, out);
        }
        catalogue_codes(&node.rules.excludes, out);
    }
}

/// Releases of the real files' shapes, OPCS-4.11 and the ICD-10 5th Edition, written to `dir`,
/// holding the shipped catalogue's own codes with the title it first gives each, except: the
/// codes of `retitled` (a code, or a category without `.-`), whose title is changed; the codes
/// of `retired`, which OPCS-4.11 keeps only as "Code retired - refer to introduction"; and
/// I48.X, as the 5th Edition divides I48 (I48.0 to I48.4, I48.9).
fn catalogue_releases(
    dir: &TempDir,
    compiled: &compiler::Compiled,
    retitled: &[&str],
    retired: &[&str],
) -> Releases {
    let mut codes = BTreeMap::new();
    for g in &compiled.catalogue.guidance {
        catalogue_codes(&g.procedure, &mut codes);
        catalogue_codes(&g.diagnosis, &mut codes);
        catalogue_codes(&g.ruled_out_by, &mut codes);
    }
    let mut opcs4 = String::new();
    let mut icd10 = String::from("<DSV>\n");
    for ((is_icd10, code), title) in &codes {
        let title = title.clone().unwrap_or_else(|| format!("Title of {code}"));
        let title = if retitled.contains(&code.as_str()) {
            format!("{title} (retitled)")
        } else {
            title
        };
        if *is_icd10 {
            if code == "I48.X" {
                continue;
            }
            let (code, alt) = match code.strip_suffix(".X") {
                Some(stem) => (stem.to_string(), format!("{stem}X")),
                None => (code.clone(), code.replace('.', "")),
            };
            let title = title.replace('&', "&amp;").replace('"', "&quot;");
            icd10.push_str(&format!(
                "  <CLASS CODE=\"{code}\" ALT_CODE=\"{alt}\" USAGE=\"DEFAULT\" DESCRIPTION=\"{title}\"/>\n"
            ));
        } else if !retired.contains(&code.as_str()) {
            opcs4.push_str(&format!("{code}\t{title}\n"));
        }
    }
    for code in retired {
        opcs4.push_str(&format!("{code}\tCode retired - refer to introduction\n"));
    }
    for (code, title) in [
        ("I48.0", "Paroxysmal atrial fibrillation"),
        ("I48.1", "Persistent atrial fibrillation"),
        ("I48.2", "Chronic atrial fibrillation"),
        ("I48.3", "Typical atrial flutter"),
        ("I48.4", "Atypical atrial flutter"),
        (
            "I48.9",
            "Atrial fibrillation and atrial flutter, unspecified",
        ),
    ] {
        let alt = code.replace('.', "");
        icd10.push_str(&format!(
            "  <CLASS CODE=\"{code}\" ALT_CODE=\"{alt}\" USAGE=\"DEFAULT\" DESCRIPTION=\"{title}\"/>\n"
        ));
    }
    icd10.push_str("</DSV>\n");
    dir.write("opcs4.tsv", opcs4);
    dir.write("icd10.xml", icd10);
    let given = |name: &str, classification, version: Version| GivenRelease {
        release: read_release(&dir.0.join(name), Some(classification))
            .unwrap_or_else(|e| panic!("{e}")),
        version: Some(version),
    };
    Releases {
        opcs4: Some(given(
            "opcs4.tsv",
            Classification::Opcs4,
            Version::opcs4("4.11").expect("version"),
        )),
        icd10: Some(given(
            "icd10.xml",
            Classification::Icd10,
            Version::icd10("5").expect("edition"),
        )),
    }
}

/// The shipped catalogue, compiled, and its error headlines and warnings against `releases`.
fn shipped_findings(
    compiled: &compiler::Compiled,
    retitled: &[&str],
    retired: &[&str],
) -> (Vec<String>, Vec<String>) {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let dir = TempDir::new("release-real-shapes");
    let releases = catalogue_releases(&dir, compiled, retitled, retired);
    match compiler::compile_dir_with_releases(root, &releases) {
        Ok(c) => (Vec::new(), c.warnings),
        Err(f) => (
            f.diagnostics.iter().map(|d| d.headline()).collect(),
            f.warnings,
        ),
    }
}

fn shipped() -> compiler::Compiled {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    compiler::compile_dir(root).unwrap_or_else(|_| panic!("the crate compiles"))
}

/// The path a finding is at: `guidance/ipg/IPG168.toml`.
fn at(finding: &str) -> String {
    finding.split(':').next().unwrap_or_default().to_string()
}

const I48X: &str = "ICD-10 code I48.X is not in the ICD-10 release (icd10.xml, ICD-10 5th Edition): I48 is divided there, so write I48.- or one of its codes";

/// The shipped catalogue checked against releases that hold its own codes and titles, given
/// the real releases' shapes: the 5th Edition divides I48 (I48.0 to I48.4, I48.9, no I48.X)
/// and OPCS-4.11 keeps Y76.3, Y76.4 and Y76.6 only as retired. Every finding is explained by
/// the version the guidance was written for. IPG168's I48.X was the one error until its date
/// was bounded: no source states when IPG168 was published, but its NICE page names the
/// Institute as it was named until April 2013 (`written_while`), so it was written for the
/// 4th Edition at the latest, as IPG121 and IPG294 were.
#[test]
fn the_catalogue_against_releases_of_the_real_shapes_differs_only_by_version() {
    let compiled = shipped();
    let (errors, warnings) = shipped_findings(&compiled, &[], &["Y76.3", "Y76.4", "Y76.6"]);
    assert_eq!(errors, Vec::<String>::new());
    // IPG121, IPG168 and IPG294 are undated, but their pages name the Institute as it was
    // named until April 2013, so they were written for the 4th Edition at the latest.
    for id in ["IPG121", "IPG168", "IPG294"] {
        let path = format!("guidance/ipg/{id}.toml");
        let found: Vec<&String> = warnings
            .iter()
            .filter(|w| w.starts_with(&format!("{path}:")) && w.contains("I48.X"))
            .collect();
        assert_eq!(found.len(), 1, "{id}: {warnings:#?}");
        assert!(
            found[0].ends_with(&format!(
                "{I48X}; the guidance was written for ICD-10 4th Edition at the latest (written before 2013-04-01, as it names \"National Institute for Health and Clinical Excellence\"), an older version, so the classification may have changed since."
            )),
            "{}",
            found[0]
        );
    }
    // IPG349 (published 2010, ICD-10 2000 reprint) no longer fails: its I48.X is a warning.
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("guidance/ipg/IPG349.toml")
                && w.contains("I48.X is not in")
                && w.contains("an older version")),
        "{warnings:#?}"
    );
    // Every guidance naming a retired code is told so, never that it is retitled.
    let mut retired: Vec<String> = warnings
        .iter()
        .filter(|w| w.contains(" is retired in "))
        .map(|w| at(w))
        .collect();
    retired.dedup();
    // Derived from the catalogue: every file naming one of them (IPG147, IPG296, IPG337,
    // IPG409, IPG411 and IPG499 today).
    let naming_retired: Vec<String> = compiled
        .catalogue
        .guidance
        .iter()
        .filter(|g| {
            let mut named = BTreeMap::new();
            catalogue_codes(&g.procedure, &mut named);
            ["Y76.3", "Y76.4", "Y76.6"]
                .iter()
                .any(|c| named.contains_key(&(false, c.to_string())))
        })
        .map(|g| g.path.clone())
        .collect();
    assert!(naming_retired.len() >= 6, "{naming_retired:?}");
    let mut naming_retired = naming_retired;
    naming_retired.sort();
    assert_eq!(retired, naming_retired, "{warnings:#?}");
    assert!(
        !warnings
            .iter()
            .any(|w| w.contains("Y76.") && w.contains(" is titled "))
    );
}

/// The differences the real OPCS-4.11 and ICD-10 5th Edition releases showed in undated
/// guidance (issue 21), by guidance: titles the releases give differently, and codes
/// OPCS-4.11 keeps only as retired.
const REAL_TITLE_DIFFERENCES: [(&str, &[&str]); 13] = [
    ("IPG78", &["K35.5"]),
    ("IPG135", &["J02.3", "J02.4", "Y75.4"]),
    ("IPG136", &["Y75.4"]),
    ("IPG214", &["J08.3"]),
    ("IPG245", &["Y74.-"]),
    ("IPG287", &["Y75.3", "Y75.4"]),
    ("IPG360", &["Y07.2"]),
    ("IPG382", &["A09.1"]),
    ("IPG392", &["G15.4"]),
    ("IPG395", &["A70.4"]),
    ("IPG405", &["M10.4"]),
    ("IPG434", &["D14.1", "D14.2", "D14.3", "D14.4", "B97.7"]),
    ("IPG452", &["A70.1", "A70.4"]),
];
const REAL_RETIRED: [(&str, &[&str]); 4] = [
    ("IPG254", &["E63.2"]),
    ("IPG337", &["Y76.4"]),
    ("IPG409", &["Y76.6"]),
    ("IPG411", &["Y76.3", "Y76.4"]),
];

/// The same check with the 21 titles and the retired E63.2 the real releases differ by
/// (their wording is licensed: here each title is only changed): every difference is a
/// warning, and every one is explained by the version its guidance was written for but the
/// findings guidance/README.md lists. IPG395's A70.4 and IPG452's A70.1 and A70.4 are in
/// guidance no source dates (nor bounds), so they are warnings of a guidance of unknown
/// version; IPG434's five are NICE's own wording (a paraphrase of D14's titles, "disease" for
/// B97.7's "diseases"), though its date is bounded, so the check calls them older titles.
#[test]
fn every_difference_from_the_real_releases_is_explained_or_a_listed_finding() {
    let compiled = shipped();
    let mut retitled: Vec<&str> = Vec::new();
    for (_, codes) in REAL_TITLE_DIFFERENCES {
        for code in codes {
            retitled.push(code.strip_suffix(".-").unwrap_or(code));
        }
    }
    let (errors, warnings) =
        shipped_findings(&compiled, &retitled, &["E63.2", "Y76.3", "Y76.4", "Y76.6"]);
    assert_eq!(errors, Vec::<String>::new());
    let explained = |w: &&String| {
        w.contains("an older version, so the title may have changed since")
            || w.contains("an older version, when the code was still in use")
    };
    let unknown = "the guidance states no `opcs4_version` and no `published` date, so it may follow an older version: state one to have a typo reported as an error.";
    // Each difference the real releases showed is reported, once per place.
    for (id, codes) in REAL_TITLE_DIFFERENCES.iter().chain(REAL_RETIRED.iter()) {
        for code in *codes {
            let path = format!("guidance/ipg/{id}.toml:");
            let found: Vec<&String> = warnings
                .iter()
                .filter(|w| w.starts_with(&path) && w.contains(&format!(": {code} is ")))
                .collect();
            assert!(!found.is_empty(), "{id} {code}: {warnings:#?}");
        }
    }
    // Every title or retired code that no version explains is one of the listed findings.
    let mut unexplained: Vec<String> = warnings
        .iter()
        .filter(|w| (w.contains(" is titled ") || w.contains(" is retired in ")) && !explained(w))
        .map(|w| {
            assert!(w.ends_with(unknown) || w.contains(" is retired in "), "{w}");
            let code = w.split(": ").nth(1).unwrap_or_default();
            format!("{} {}", at(w), code.split(' ').next().unwrap_or_default())
        })
        .collect();
    unexplained.sort();
    assert_eq!(
        unexplained,
        [
            "guidance/ipg/IPG395.toml A70.4",
            "guidance/ipg/IPG452.toml A70.1",
            "guidance/ipg/IPG452.toml A70.4",
        ]
    );
    // IPG434's are bounded by the name its page opens with, and so reported as titles of an
    // older edition, though they are NICE's wording.
    let ipg434: Vec<&String> = warnings
        .iter()
        .filter(|w| w.starts_with("guidance/ipg/IPG434.toml:") && w.contains(" is titled "))
        .collect();
    assert_eq!(ipg434.len(), 5, "{ipg434:#?}");
    for w in ipg434 {
        assert!(
            w.contains("at the latest (written before 2013-04-01, as it names \"National Institute for Health and Clinical Excellence\")"),
            "{w}"
        );
    }
    // A retired code in a guidance bounded by a name is a warning like one in a dated guidance.
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("guidance/ipg/IPG254.toml:")
                && w.contains("E63.2 is retired in")
                && w.contains("OPCS-4.6 at the latest (written before 2013-04-01, as it names")),
        "{warnings:#?}"
    );
}

#[test]
fn a_guidance_file_may_name_a_code_with_an_x_filler_and_a_fifth_digit() {
    // The compiler accepts M45.X0 and stores it in the six-byte code field of the node table
    // (letter, two digits, X, the fifth digit, no mark), as src/layout.rs lays it out.
    let dir = TempDir::new("x-fifth-digit");
    dir.write(
        "guidance/ipg/IPG1.toml",
        "id = \"IPG1\"\ntitle = \"X filler and fifth digit (test fixture)\"\nsource = \"https://www.nice.org.uk/guidance/ipg1\"\nundated = \"test fixture\"\n\nprocedure = [\n  { opcs4 = \"V55.1\", title = \"Levels of spine\" },\n]\ndiagnosis = [\n  { icd10 = \"M45.X0\", title = \"Ankylosing spondylitis, multiple sites in spine\" },\n  { icd10 = \"T08.X1D\" },\n]\n",
    );
    let compiled = compiler::compile_dir(&dir.0).unwrap_or_else(|f| {
        panic!(
            "{:#?}",
            f.diagnostics
                .iter()
                .map(|d| d.headline())
                .collect::<Vec<_>>()
        )
    });
    let nodes = compiled
        .files
        .iter()
        .find(|(name, _)| name.ends_with("nodes.bin"))
        .map(|(_, bytes)| bytes.as_slice())
        .expect("the node table");
    for code in [b"M45X0\0".as_slice(), b"T08X1D".as_slice()] {
        assert!(
            nodes.windows(6).any(|w| w == code),
            "{:?} is not stored",
            String::from_utf8_lossy(code)
        );
    }
}
