//! Tests of the guidance compiler in `build/`, driven directly on fixture folders.
//!
//! * `tests/fixtures/good/`: IPG655 and the stock notes as shipped, plus IPG1/IPG2, made-up
//!   guidance that use every feature of the format; it must compile, and compile to the same
//!   bytes whatever order its files were written in.
//! * `tests/fixtures/good-versions/`: one code with different titles in texts written for
//!   different OPCS-4 versions, which is allowed.
//! * `tests/fixtures/bad/<class>/`: a copy of a good file with one defect each; the test of
//!   the same name pins every diagnostic it produces (path, line, column and message).
//! * `tests/fixtures/several-bad/`: problems in several files, all reported together.
//!
//! Inputs that cannot be committed as files (bytes that are not UTF-8, CRLF line ends, empty
//! or missing folders) are written to a fresh folder under the system temp dir.

#[path = "../build/mod.rs"]
mod compiler;

use compiler::catalogue::Status;
use compiler::shared::diagnostic::{Diagnostic, SourceFile};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("tests/fixtures")
}

/// Compiles `root` and returns its diagnostics; fails the test if it compiled.
fn diagnostics(root: &Path) -> Vec<Diagnostic> {
    match compiler::compile_dir(root) {
        Ok(_) => panic!("{} compiled, but it should fail", root.display()),
        Err(failed) => failed.diagnostics,
    }
}

/// The `path:line:column: message` headline of every diagnostic of `root`, in order.
fn headlines(root: &Path) -> Vec<String> {
    diagnostics(root).iter().map(Diagnostic::headline).collect()
}

fn bad(name: &str) -> PathBuf {
    fixtures().join("bad").join(name)
}

/// Checks the exact diagnostics of `tests/fixtures/bad/<name>/`.
fn assert_bad(name: &str, expected: &[&str]) {
    let got = headlines(&bad(name));
    assert_eq!(
        got,
        expected,
        "diagnostics of tests/fixtures/bad/{name}:\n{}",
        got.join("\n")
    );
}

/// The full diagnostic (headline, source line, caret underline) of a fixture that has one.
fn only_diagnostic(root: &Path) -> String {
    let ds = diagnostics(root);
    assert_eq!(ds.len(), 1, "{ds:#?}");
    ds[0].to_string()
}

mod common;
use common::TempDir;

/// Every file under `dir`, as paths relative to it, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read fixture dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.push(path.strip_prefix(base).expect("under base").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn good_ipg655() -> String {
    std::fs::read_to_string(fixtures().join("good/guidance/ipg/IPG655.toml")).expect("read")
}

// ---------------------------------------------------------------------------------------
// Good input.

#[test]
fn good_fixture_compiles() {
    let compiled = match compiler::compile_dir(&fixtures().join("good")) {
        Ok(c) => c,
        Err(f) => panic!(
            "good fixture failed:\n{}",
            f.diagnostics
                .iter()
                .map(|d| d.to_string() + "\n")
                .collect::<String>()
        ),
    };
    let ids: Vec<&str> = compiled
        .catalogue
        .guidance
        .iter()
        .map(|g| g.id.as_str())
        .collect();
    assert_eq!(ids, ["IPG1", "IPG2", "IPG655"]);
    let ipg1 = &compiled.catalogue.guidance[0];
    assert_eq!(ipg1.status, Status::Superseded);
    assert_eq!(ipg1.replaced_by, ["IPG2"]);
    assert_eq!(ipg1.published.as_deref(), Some("2004"));
    assert_eq!(ipg1.last_updated.as_deref(), Some("2020-02-29"));
    assert!(ipg1.incomplete.is_some());
    assert_eq!(ipg1.procedure.len(), 5);
    assert_eq!(ipg1.diagnosis.len(), 6);
    assert_eq!(ipg1.snomed.len(), 2);
    assert_eq!(compiled.catalogue.guidance[1].replaces, ["IPG1"]);
    assert_eq!(compiled.catalogue.stock_notes.len(), 4);
    assert_eq!(
        compiled.inputs.len(),
        4,
        "three guidance files and the stock notes"
    );
    // The build writes the tokens unformatted; read them as a reviewer would.
    let file = syn::parse_file(&compiled.source).expect("generated source parses as Rust");
    let formatted = prettyplease::unparse(&file);
    for needle in [
        "pub const IPG655: Guidance",
        "pub const IPG1: Guidance",
        "pub const DATA_VERSION: &str",
    ] {
        assert!(
            formatted.contains(needle),
            "generated source lacks {needle}"
        );
    }
}

/// The documentation index pages: one per programme, and codes to guidance.
#[test]
fn index_pages_list_every_guidance_and_code() {
    let compiled = match compiler::compile_dir(&fixtures().join("good")) {
        Ok(c) => c,
        Err(failed) => panic!("{} diagnostics", failed.diagnostics.len()),
    };
    let file = |name: &str| -> String {
        let (_, bytes) = compiled
            .files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name}"));
        String::from_utf8(bytes.clone()).expect("UTF-8")
    };
    let ipg = file("doc/index-ipg.md");
    assert!(ipg.starts_with("Every IPG guidance in the catalogue (3),"));
    // Each links to its constant, whose documentation is the guidance's page.
    let rows: Vec<&str> = ipg.lines().filter(|l| l.starts_with("| [")).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].starts_with("| [IPG1](crate::ipg::IPG1) |"));
    assert!(rows[0].contains("| superseded by IPG2, incomplete text |"));
    assert_eq!(
        rows[2],
        "| [IPG655](crate::ipg::IPG655) | Cardiac contractility modulation device implantation for heart failure | current | 11 |"
    );
    let codes = file("doc/index-codes.md");
    assert!(codes.contains(
        "| `K57.8` | Other specified other therapeutic transluminal operations on heart | [IPG655](crate::ipg::IPG655) |"
    ));
    // A default is listed under its own code, with its title.
    let y539 = codes
        .lines()
        .find(|l| l.starts_with("| `Y53.9` |"))
        .expect("Y53.9 row");
    assert_eq!(
        y539,
        "| `Y53.9` | Unspecified approach to organ under image control | [IPG1](crate::ipg::IPG1), [IPG2](crate::ipg::IPG2), [IPG655](crate::ipg::IPG655) |"
    );
    let opcs = codes.find("# OPCS-4").expect("OPCS-4 section");
    let icd = codes.find("# ICD-10").expect("ICD-10 section");
    let i509 = codes.find("| `I50.9` |").expect("I50.9 row");
    assert!(opcs < icd && icd < i509);
}

#[test]
fn generated_source_does_not_depend_on_file_order() {
    let good = fixtures().join("good");
    let files = files_under(&good);
    assert_eq!(files.len(), 4);
    let forward = TempDir::new("compiler-forward");
    let reverse = TempDir::new("compiler-reverse");
    for f in &files {
        forward.write(
            f.to_str().expect("utf-8 path"),
            std::fs::read(good.join(f)).expect("read"),
        );
    }
    for f in files.iter().rev() {
        reverse.write(
            f.to_str().expect("utf-8 path"),
            std::fs::read(good.join(f)).expect("read"),
        );
    }
    let compile = |root: &Path| match compiler::compile_dir(root) {
        Ok(c) => (c.source, c.files),
        Err(_) => panic!("{} failed to compile", root.display()),
    };
    let a = compile(&forward.0);
    let b = compile(&reverse.0);
    assert!(
        a == b,
        "same files, different generated source or data files"
    );
    assert!(
        a == compile(&good),
        "a copy compiles differently from the fixture itself"
    );
    syn::parse_file(&a.0).expect("generated source parses as Rust");
    // Every data file the source includes is written, and none is written that it does not.
    let names: Vec<&str> = a.1.iter().map(|(name, _)| name.as_str()).collect();
    for name in &names {
        let stem = name
            .trim_start_matches("tables/")
            .trim_start_matches("doc/")
            .trim_end_matches(".bin")
            .trim_end_matches(".md");
        assert!(
            a.0.contains(&format!("\"{stem}\"")) || *name == "tables/text.txt",
            "{name} is written but not included"
        );
    }
    assert!(names.contains(&"doc/IPG655.md") && names.contains(&"tables/nodes.bin"));
}

/// A guidance dated by the names its text uses (`written_while`, with `guidance/names.toml`)
/// and by `written_before` together compiles; neither reaches the tables.
#[test]
fn names_that_date_a_text_compile_with_the_names_file() {
    let compiled = match compiler::compile_dir(&fixtures().join("good-names")) {
        Ok(c) => c,
        Err(f) => panic!(
            "good-names failed:\n{}",
            f.diagnostics
                .iter()
                .map(|d| d.to_string() + "\n")
                .collect::<String>()
        ),
    };
    assert_eq!(compiled.catalogue.guidance.len(), 1);
    let inputs: Vec<String> = compiled
        .inputs
        .iter()
        .map(|p| {
            p.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(inputs, ["IPG655.toml", "names.toml", "stock-notes.toml"]);
    assert!(!compiled.source.contains("written_while"));
}

#[test]
fn same_code_may_have_different_titles_in_different_versions() {
    match compiler::compile_dir(&fixtures().join("good-versions")) {
        Ok(c) => assert_eq!(c.catalogue.guidance.len(), 3),
        Err(f) => panic!(
            "good-versions failed:\n{}",
            f.diagnostics
                .iter()
                .map(|d| d.to_string() + "\n")
                .collect::<String>()
        ),
    }
}

// ---------------------------------------------------------------------------------------
// One defect per fixture: `name => "folder": [every headline, in order];`.

macro_rules! bad_fixtures {
    ($($name:ident => $dir:literal: [$($headline:expr),* $(,)?];)*) => {
        $(
            #[test]
            fn $name() {
                assert_bad($dir, &[$($headline),*]);
            }
        )*
        /// Every folder under `tests/fixtures/bad/` that has a test.
        const BAD_FIXTURES: &[&str] = &[$($dir),*];
    };
}

bad_fixtures! {
    bad_date => "bad-date": [
        "guidance/ipg/IPG1.toml:11:16: `last_updated` \"2019-02-30\" is not a date: February 2019 has 28 days, so day 30 does not exist; write the date the source states.",
    ];
    bad_id_format => "bad-id-format": [
        "guidance/ipg/IPG655.toml:2:6: \"IPG0655\" is not a guidance id; write \"IPG655\".",
    ];
    conditional_first => "conditional-first": [
        "guidance/ipg/IPG655.toml:7:112: the first code of a procedure cannot be conditional; put the main procedure code first.",
    ];
    default_on_full_code => "default-on-full-code": [
        "guidance/ipg/IPG655.toml:7:110: `default` is only for a category code (ending in .-) or a placeholder, and K57.8 is a full code; remove it.",
    ];
    default_outside_category => "default-outside-category": [
        "guidance/ipg/IPG655.toml:10:85: default Y54.9 is not a code in category Y53.-; give a full code from that category.",
    ];
    default_outside_category_example => "default-outside-category-example": [
        "guidance/ipg/IPG655.toml:10:85: default Y54.9 is not a code in category Y53.-; give a full code from that category (for example Y53.2, which the catalogue names).",
    ];
    duplicate_code_in_group => "duplicate-code-in-group": [
        "guidance/ipg/IPG655.toml:11:17: code Y53.- is listed twice in the same group (first on line 10); remove one.",
    ];
    duplicate_id => "duplicate-id": [
        "guidance/ipg/IPG1000.toml:2:6: id \"IPG655\" is already used by guidance/ipg/IPG655.toml; set this file's id to \"IPG1000\" to match its name, or remove the file if it is a copy.",
    ];
    duplicate_id_other_folder => "duplicate-id-other-folder": [
        "guidance/mtg/IPG655.toml:2:6: id \"IPG655\" is already used by guidance/ipg/IPG655.toml; remove this copy, or merge what it adds into guidance/ipg/IPG655.toml.",
    ];
    duplicate_key => "duplicate-key": [
        "guidance/ipg/IPG655.toml:4:1: duplicate key `title`; a key may appear once in a table, so remove one of them.",
    ];
    empty_group => "empty-group": [
        "guidance/ipg/IPG655.toml:23:14: `one_of` is empty; list its codes, or remove the group.",
    ];
    empty_procedure => "empty-procedure": [
        "guidance/ipg/IPG655.toml:6:13: `procedure` is empty; list at least one OPCS-4 code, or set `no_single_code_set` to say why there is none.",
    ];
    control_character => "control-character": [
        "guidance/stock-notes.toml:8:8: `text` holds the control character U+001B; guidance text is plain text on one line, so remove it (write a line break as a new sentence, a tab as a space).",
        "guidance/ipg/IPG655.toml:4:9: `title` holds the control character U+001B; guidance text is plain text on one line, so remove it (write a line break as a new sentence, a tab as a space).",
        "guidance/ipg/IPG655.toml:14:17: `condition` holds the control character U+000A; guidance text is plain text on one line, so remove it (write a line break as a new sentence, a tab as a space).",
        "guidance/ipg/IPG655.toml:17:30: `title` holds the control character U+0009; guidance text is plain text on one line, so remove it (write a line break as a new sentence, a tab as a space).",
        "guidance/ipg/IPG655.toml:20:62: `note` holds the control character U+0007; guidance text is plain text on one line, so remove it (write a line break as a new sentence, a tab as a space).",
    ];
    invisible_characters => "invisible-characters": [
        "guidance/stock-notes.toml:8:8: `text` holds the invisible formatting character U+FEFF (byte order mark), which can hide text or change the order a reader sees it in; remove it.",
        "guidance/ipg/IPG655.toml:5:9: `title` holds the invisible formatting character U+200B (zero width space), which can hide text or change the order a reader sees it in; remove it.",
        "guidance/ipg/IPG655.toml:15:17: `condition` holds the invisible formatting character U+202E (right-to-left override), which can hide text or change the order a reader sees it in; remove it.",
        "guidance/ipg/IPG655.toml:17:12: `note` holds the invisible formatting character U+00AD (soft hyphen), which can hide text or change the order a reader sees it in; remove it.",
        "guidance/ipg/IPG655.toml:18:30: `title` holds the invisible formatting character U+FE0F (variation selector), which can hide text or change the order a reader sees it in; remove it.",
        "guidance/ipg/IPG655.toml:21:62: `note` holds the invisible formatting character U+E0041 (tag character), which can hide text or change the order a reader sees it in; remove it.",
    ];
    foreign_characters => "foreign-characters": [
        "guidance/ipg/IPG655.toml:5:9: `title` holds U+00A0, a space or line separator other than the plain space, which looks like one but makes a different text; write a plain space.",
        "guidance/ipg/IPG655.toml:18:30: `title` holds U+0430, a character guidance text is not written in (Latin letters, digits, punctuation and the signs guidance/README.md lists); write what the text means with those (an accented letter as one character), or allow the character in build/check/characters.rs if NICE's text needs it.",
        "guidance/ipg/IPG655.toml:20:17: `condition` holds U+2028, a space or line separator other than the plain space, which looks like one but makes a different text; write a plain space.",
        "guidance/ipg/IPG655.toml:21:62: `note` holds U+0301, a character guidance text is not written in (Latin letters, digits, punctuation and the signs guidance/README.md lists); write what the text means with those (an accented letter as one character), or allow the character in build/check/characters.rs if NICE's text needs it.",
    ];
    sql_variable => "sql-variable": [
        "guidance/ipg/IPG655.toml:16:12: `note` holds \"${\", which Spark SQL reads as the start of a variable to substitute, even in a string; write the text without it (such as \"$ {\").",
    ];
    text_too_long => "text-too-long": [
        "guidance/ipg/IPG655.toml:4:9: `title` is 501 characters long; a title, label or other one-line text holds at most 500, so shorten it.",
        "guidance/ipg/IPG655.toml:16:12: `note` is 2001 characters long; a note or other explanation holds at most 2000, so shorten it.",
    ];
    // `printed` keeps what the page printed, white space included: not reported.
    text_edge_space => "text-edge-space": [
        "guidance/ipg/IPG1.toml:22:17: `label` ends with white space; remove it (text is shown as written, and white space at its edge breaks the italics the docs show a label or placeholder in).",
        "guidance/ipg/IPG1.toml:37:19: `placeholder` begins with white space; remove it (text is shown as written, and white space at its edge breaks the italics the docs show a label or placeholder in).",
    ];
    empty_text => "empty-text": [
        "guidance/ipg/IPG655.toml:15:12: `note` is empty; write the text, or remove the key.",
    ];
    file_name_mismatch => "file-name-mismatch": [
        "guidance/ipg/IPG656.toml:2:6: id \"IPG655\" does not match the file name \"IPG656.toml\"; rename the file to \"IPG655.toml\" or correct the id.",
    ];
    file_outside_folder => "file-outside-folder": [
        "guidance/IPG655.toml:1:1: guidance files go in a folder per programme; move it to guidance/ipg/IPG655.toml (or the folder of its programme).",
    ];
    icd10_bare_category => "icd10-bare-category": [
        "guidance/ipg/IPG655.toml:24:17: ICD-10 category \"I50\" must be written with `.-`; write \"I50.-\".",
    ];
    icd10_dagger_symbol => "icd10-dagger-symbol": [
        "guidance/ipg/IPG1.toml:48:13: ICD-10 code \"Q90.-†\" is malformed: a dagger or asterisk must be written as `D` or `A`; write \"Q90.-D\".",
    ];
    icd10_under_procedure => "icd10-under-procedure": [
        "guidance/ipg/IPG655.toml:19:13: ICD-10 code \"I50.9\" cannot stand under `procedure`, which holds OPCS-4 codes only; move it to `diagnosis`, or write `opcs4 = \"I50.9\"` if it is an OPCS-4 code.",
    ];
    label_outside_variants => "label-outside-variants": [
        "guidance/ipg/IPG655.toml:7:13: `label` is only used on the entries of `variants`, `stages` or `patients`; remove it, or put this entry in a `variants` group.",
    ];
    missing_key => "missing-key": [
        "guidance/ipg/IPG655.toml:1:1: missing key `title`; add `title = ...` to the file (see guidance/README.md for what it holds).",
    ];
    missing_procedure => "missing-procedure": [
        "guidance/ipg/IPG655.toml:1:1: the file has no `procedure`; list the OPCS-4 codes, or set `no_single_code_set` to say why there is no code set.",
    ];
    no_kind_key => "no-kind-key": [
        "guidance/ipg/IPG655.toml:8:3: this entry has no code or group; give it one of opcs4, icd10, all, one_of, one_or_more, variants, stages, patients or placeholder.",
    ];
    one_entry_one_of => "one-entry-one-of": [
        "guidance/ipg/IPG655.toml:23:14: `one_of` has one entry; a choice needs at least two, so write the single code without the group.",
    ];
    opcs4_bare_category => "opcs4-bare-category": [
        "guidance/ipg/IPG655.toml:10:17: OPCS-4 code \"Y53\" is malformed: the category is missing its `.-`; write \"Y53.-\".",
    ];
    opcs4_lower_case => "opcs4-lower-case": [
        "guidance/ipg/IPG655.toml:7:13: OPCS-4 code \"k57.8\" is malformed: the code is not in upper case; write \"K57.8\".",
    ];
    opcs4_missing_dot => "opcs4-missing-dot": [
        "guidance/ipg/IPG655.toml:7:13: OPCS-4 code \"K578\" is malformed: the code is missing the dot after its third character; write \"K57.8\".",
    ];
    opcs4_stray_space => "opcs4-stray-space": [
        "guidance/ipg/IPG700.toml:6:13: OPCS-4 code \"S07. 9\" is malformed: the code contains white space; write \"S07.9\".",
    ];
    placeholder_default_outside => "placeholder-default-outside": [
        "guidance/ipg/IPG700.toml:10:88: default C79.3 is outside `within`; give a code inside the listed ranges, or widen them.",
    ];
    placeholder_first => "placeholder-first": [
        "guidance/ipg/IPG700.toml:6:19: this placeholder asks for a code from Z00-Z99, in the subsidiary chapters Y and Z, so it cannot be the first or only code of a procedure; put the main procedure code first.",
    ];
    replaced_by_current => "replaced-by-current": [
        "guidance/ipg/IPG655.toml:5:16: `replaced_by` is set but the status is current; add status = \"superseded\" (or \"withdrawn\").",
    ];
    replaces_not_reciprocal => "replaces-not-reciprocal": [
        "guidance/ipg/IPG2.toml:5:13: IPG2 replaces IPG1, but guidance/ipg/IPG1.toml does not list IPG2 in `replaced_by`; add \"IPG2\" to `replaced_by` there and set its status to \"superseded\" (or \"withdrawn\").",
    ];
    snomed_bad_check_digit => "snomed-bad-check-digit": [
        "guidance/ipg/IPG1.toml:57:15: SNOMED CT concept \"448606009\" fails its check digit; check the id against the text.",
    ];
    source_bad_percent => "source-bad-percent": [
        "guidance/ipg/IPG655.toml:4:10: source \"https://www.nice.org.uk/guidance/ipg655?q=100%\" has '%' at character 46 without two hexadecimal digits after it; write \"%25\" for a percent sign.",
    ];
    source_markup => "source-markup": [
        "guidance/ipg/IPG655.toml:4:10: source \"https://evil.example/a><script>alert(document.domain)</script>|x|y\" has '>' at character 23, which a web address cannot hold; percent-encode it as \"%3E\".",
    ];
    source_not_nice => "source-not-nice": [
        "guidance/ipg/IPG655.toml:5:10: source \"https://copies.example/nice/ipg655.html\" is not on NICE's site (its host \"copies.example\" is not www.nice.org.uk, nice.org.uk or guidance.nice.org.uk); write NICE's own page for the guidance, such as \"https://www.nice.org.uk/guidance/ipg655\", and if the text was read from a copy elsewhere, say so in a comment without its address.",
    ];
    source_not_web_address => "source-not-web-address": [
        "guidance/ipg/IPG655.toml:4:10: source \"ftp://www.nice.org.uk/guidance/ipg655\" is not a web address; write the https:// address of NICE's page for the guidance, such as \"https://www.nice.org.uk/guidance/ipg655\".",
    ];
    stock_notes_syntax => "stock-notes-syntax": [
        "guidance/stock-notes.toml:2:89: TOML syntax error: invalid basic string, expected `\"`; see guidance/README.md for the file format.",
    ];
    stock_note_repeated => "stock-note-repeated": [
        "guidance/ipg/IPG655.toml:15:46: stock note \"image-control-category\" is listed twice (first on line 15); remove one.",
    ];
    subsidiary_first => "subsidiary-first": [
        "guidance/ipg/IPG655.toml:7:13: OPCS-4 code Y02.1 is from the subsidiary chapter Y and cannot be the first or only code of a procedure; put the main procedure code first.",
    ];
    superseded_without_replaced_by => "superseded-without-replaced-by": [
        "guidance/ipg/IPG1.toml:5:10: status \"superseded\" needs `replaced_by`; add the id of the guidance that replaced this one.",
    ];
    title_mismatch => "title-mismatch": [
        "guidance/ipg/IPG655.toml:7:30: K57.8 is titled \"Other specified other therapeutic transluminal operations on heart\" here but \"Other specified therapeutic transluminal operations on heart\" at guidance/ipg/IPG700.toml:6, and neither file states `opcs4_version`; no title is given by more files than the other, so one of them is wrong: check each against its text and the classification, and make them agree (keep a page's different wording in `printed`), or set `opcs4_version` in each file if the texts follow different OPCS-4 versions.",
        "guidance/ipg/IPG700.toml:6:30: K57.8 is titled \"Other specified therapeutic transluminal operations on heart\" here but \"Other specified other therapeutic transluminal operations on heart\" at guidance/ipg/IPG655.toml:7, and neither file states `opcs4_version`; no title is given by more files than the other, so one of them is wrong: check each against its text and the classification, and make them agree (keep a page's different wording in `printed`), or set `opcs4_version` in each file if the texts follow different OPCS-4 versions.",
    ];
    title_majority => "title-majority": [
        "guidance/ipg/IPG702.toml:9:30: Y02.1 is titled \"Implantation of prosthesis into organ\" here but \"Implantation of prosthesis into organ NOC\" at guidance/ipg/IPG655.toml:8, guidance/ipg/IPG701.toml:8, and none of the 3 files states `opcs4_version`; the other files agree, so correct this title (keep the page's wording in `printed`), or set `opcs4_version` in each file if the texts follow different OPCS-4 versions.",
    ];
    title_mismatch_same_version => "title-mismatch-same-version": [
        "guidance/ipg/IPG3.toml:7:30: K57.8 is titled \"Other specified other therapeutic transluminal operations on heart\" here but \"Other specified therapeutic transluminal operations on heart\" at guidance/ipg/IPG4.toml:7, and both files state opcs4_version = \"4.6\"; no title is given by more files than the other, so one of them is wrong: check each against its text and the classification, and make them agree (keep a page's different wording in `printed`).",
        "guidance/ipg/IPG4.toml:7:30: K57.8 is titled \"Other specified therapeutic transluminal operations on heart\" here but \"Other specified other therapeutic transluminal operations on heart\" at guidance/ipg/IPG3.toml:7, and both files state opcs4_version = \"4.6\"; no title is given by more files than the other, so one of them is wrong: check each against its text and the classification, and make them agree (keep a page's different wording in `printed`).",
    ];
    toml_syntax => "toml-syntax": [
        "guidance/ipg/IPG655.toml:7:21: TOML syntax error: missing comma between key-value pairs, expected `,`; see guidance/README.md for the file format.",
    ];
    too_many_entries => "too-many-entries": [
        "guidance/ipg/IPG655.toml:263:3: `notes` has 256 entries; the tables hold at most 255 (src/layout.rs), and this is entry 256; shorten the list.",
        "guidance/ipg/IPG655.toml:536:7: `within` has 256 entries; the tables hold at most 255 (src/layout.rs), and this is entry 256; shorten the list.",
    ];
    two_kind_keys => "two-kind-keys": [
        "guidance/ipg/IPG655.toml:9:31: this entry has both `opcs4` and `one_of`; an entry is one code or one group, so split it into two entries.",
    ];
    two_preferred => "two-preferred": [
        "guidance/ipg/IPG1.toml:25:55: more than one entry is `preferred`; mark only the one the text says to use in preference.",
    ];
    unknown_key => "unknown-key": [
        "guidance/ipg/IPG655.toml:8:22: unknown key `titel`; did you mean `title`?",
    ];
    // An unknown key is reported with the file's other problems, not instead of them.
    unknown_key_and_bad_code => "unknown-key-and-bad-code": [
        "guidance/ipg/IPG655.toml:7:13: OPCS-4 code \"K578\" is malformed: the code is missing the dot after its third character; write \"K57.8\".",
        "guidance/ipg/IPG655.toml:8:22: unknown key `titel`; did you mean `title`?",
    ];
    only_if_not_in_tree => "only-if-not-in-tree": [
        "guidance/ipg/IPG901.toml:11:60: `only_if` names K57.5, which is not a code of this procedure; name a code listed elsewhere in the procedure (add the code there if the text gives it).",
        "guidance/ipg/IPG901.toml:11:69: `only_if` names Z33.6, which is this entry's own code; name a code listed elsewhere in the procedure (add the code there if the text gives it).",
    ];
    supplementary_if_not_in_tree => "supplementary-if-not-in-tree": [
        "guidance/ipg/IPG901.toml:10:25: `supplementary_if` names K45.-, which is not a code of this procedure; name a code listed elsewhere in the procedure (add the code there if the text gives it).",
    ];
    instead_of_misplaced => "instead-of-misplaced": [
        "guidance/ipg/IPG901.toml:9:23: `instead_of` names Y53.2, which is not a code of another entry of this group; name a code of the alternative this entry is coded instead of.",
        "guidance/ipg/IPG901.toml:11:89: `instead_of` is only used on an entry of `one_of` or `variants`, naming codes of another entry of the same group; move it there.",
    ];
    rule_key_misplaced => "rule-key-misplaced": [
        "guidance/ipg/IPG901.toml:7:88: `chosen_by` belongs on a choice (`one_of`, `one_or_more`, `variants`) or a placeholder, not on `opcs4`; remove it, or move it there.",
        "guidance/ipg/IPG901.toml:7:111: `count` belongs on a placeholder, not on `opcs4`; remove it, or move it there.",
        "guidance/ipg/IPG901.toml:11:19: `in_order` belongs on an `all` group, not on `one_of`; remove it, or move it there.",
        "guidance/ipg/IPG901.toml:11:36: `includes` belongs on a code (opcs4 or icd10), not on `one_of`; remove it, or move it there.",
        "guidance/ipg/IPG901.toml:11:72: `implied_label` is only used on the entries of `variants`, `stages` or `patients`; remove it.",
        "guidance/ipg/IPG901.toml:12:77: `excludes` belongs on a code (opcs4 or icd10), not on `placeholder`; remove it, or move it there.",
    ];
    count_unknown => "count-unknown": [
        "guidance/ipg/IPG901.toml:8:75: count \"several\" is not known; use \"one\" (the default) or \"one_or_more\".",
    ];
    in_order_asterisk_first => "in-order-asterisk-first": [
        "guidance/ipg/IPG901.toml:12:17: dagger code Q90.-D comes after asterisk code H19.8A in a group marked `in_order`; list the dagger code first.",
    ];
    excludes_entry_not_a_code => "excludes-entry-not-a-code": [
        "guidance/ipg/IPG901.toml:8:7: each entry of `excludes` is one code: write { opcs4 = \"...\", title = \"...\" } or { icd10 = \"...\", title = \"...\" }.",
        "guidance/ipg/IPG901.toml:9:87: `condition` cannot be used in an entry of `excludes`, which takes only the code, `title`, `printed` and `note`; remove it.",
        "guidance/ipg/IPG901.toml:10:17: ICD-10 code H18.6 cannot stand in `excludes` under `procedure`, which holds OPCS-4 codes only; write the OPCS-4 code the line names.",
    ];
    ruled_out_by_listed => "ruled-out-by-listed": [
        "guidance/ipg/IPG901.toml:11:13: Y73.- rules the guidance out, but the recommendation lists Y73.1; a code cannot be both required and ruled out, so remove one.",
        "guidance/ipg/IPG901.toml:12:3: each entry of `ruled_out_by` is one code: write { opcs4 = \"...\", title = \"...\" } or { icd10 = \"...\", title = \"...\" }.",
    ];
    // IPG74's shape: "the .8 and .9 codes from extended category L89 must not be used".
    // An excepted code may also rule the guidance out; a code of the category that is not
    // excepted cannot, and the message says how to except it instead.
    except_problems => "except-problems": [
        "guidance/ipg/IPG901.toml:6:72: `except` is only for a category code (ending in .-), and L26.5 is a full code; remove it.",
        "guidance/ipg/IPG901.toml:8:24: `except` names L89.9, the default of L89.-; a code that must not be used cannot be the default, so remove one of them.",
        "guidance/ipg/IPG901.toml:8:33: `except` names L89.8 twice; remove one.",
        "guidance/ipg/IPG901.toml:8:42: `except` names L88.1, which is not a code in category L89.-; list only codes of L89.-.",
        "guidance/ipg/IPG901.toml:8:51: `except` names the category L89.-; list the full codes of L89.- that must not be used.",
        "guidance/ipg/IPG901.toml:9:99: `except` belongs on a category code (opcs4 or icd10 ending in .-), not on `all`; remove it, or move it there.",
        "guidance/ipg/IPG901.toml:10:65: `except` is empty; list the codes of the category that must not be used, or remove the key.",
        "guidance/ipg/IPG901.toml:15:13: L89.1 rules the guidance out, but the recommendation lists its category L89.-; if the text says L89.1 must not be used, write `except = [\"L89.1\"]` on L89.- instead, or remove one.",
    ];
    // IPG194's shape, "For the donor: ... For the recipient: ...", written wrongly: an entry
    // without its patient, one patient alone, a group inside another, a diagnosis for a
    // patient the procedure does not have, and one given per patient when the procedure is not.
    patients_problems => "patients-problems": [
        "guidance/ipg/IPG901.toml:8:7: every entry of `patients` needs a `label`; name the patient (\"Donor\", \"Recipient\") as the text does.",
        "guidance/ipg/IPG901.toml:10:16: `patients` has one entry; the codes of a single patient are a plain list (or mark the guidance `incomplete` if the text lost the others).",
        "guidance/ipg/IPG901.toml:10:16: `procedure` has a second `patients` group; list every patient in one group.",
        "guidance/ipg/IPG901.toml:13:20: `patients` stands only at the top level of `procedure` or `diagnosis`, since each patient's codes are coded in that patient's own episode; move it out of this group.",
        "guidance/ipg/IPG901.toml:21:27: patient \"Recipient\" has no codes under `procedure`; label each patient of the diagnosis as the procedure does (\"Donor\").",
        "guidance/ipg/IPG902.toml:10:16: the diagnosis is given per patient, but the procedure has no `patients` group; give the procedure's codes per patient too, or write the diagnosis as one list.",
    ];
    concurrent_first => "concurrent-first": [
        "guidance/ipg/IPG901.toml:6:91: the first code of a procedure cannot code a concurrent procedure; put the main procedure code first.",
    ];
    label_and_implied_label => "label-and-implied-label": [
        "guidance/ipg/IPG901.toml:7:17: this entry has both `label` and `implied_label`; keep `label` when the text prints it, `implied_label` when it does not.",
    ];
    rule_code_malformed => "rule-code-malformed": [
        "guidance/ipg/IPG901.toml:7:60: OPCS-4 code \"K574\" is malformed: the code is missing the dot after its third character; write \"K57.4\".",
        "guidance/ipg/IPG901.toml:8:102: `only_if` is empty; list the codes it refers to, or remove the key.",
    ];
    unknown_key_no_match => "unknown-key-no-match": [
        "guidance/ipg/IPG655.toml:5:1: unknown key `comment`; correct its spelling or remove it (this table takes `id`, `title`, `source`, `status`, `replaces`, `replaced_by`, `recommendation`, `opcs4_version`, `icd10_edition`, `published`, `undated`, `written_before`, `written_while`, `last_updated`, `body_systems`, `procedure`, `diagnosis`, `ruled_out_by`, `snomed`, `notes`, `stock_notes`, `limitations`, `not_coded`, `ambiguities`, `incomplete`, `no_single_code_set`).",
    ];
    written_before_without_comment => "written-before-without-comment": [
        "guidance/ipg/IPG655.toml:6:18: `written_before` does not say what shows the text existed before that date; write the evidence in a comment on the line above, such as `# written_before: <the page's address> (\"<what on it dates the text, such as a name that ended on that date>\"), <the source of that date>`.",
    ];
    written_before_empty_comment => "written-before-empty-comment": [
        "guidance/ipg/IPG655.toml:7:18: the `# written_before:` comment of `written_before` names no source; say what shows the text existed before that date (the page's address and what on it dates the text, and the source of that date).",
    ];
    written_before_with_published => "written-before-with-published": [
        "guidance/ipg/IPG655.toml:8:18: the file states both `published` (\"2019-05\") and `written_before` (\"2013-04-01\"); `written_before` bounds the date of an `undated` guidance only: keep `published` with its source when the date is known, else `undated` with `written_before`.",
    ];
    written_before_without_undated => "written-before-without-undated": [
        "guidance/ipg/IPG655.toml:6:18: `written_before` (\"2013-04-01\") is stated without `undated`; it bounds the date of a guidance no source dates, so add `undated` saying why no date can be established (or, if a source states the date, write it as `published` instead).",
    ];
    written_before_no_such_day => "written-before-no-such-day": [
        "guidance/ipg/IPG655.toml:7:18: `written_before` \"2013-02-29\" is not a date: February 2013 has 28 days, so day 29 does not exist; write the date the source states.",
    ];
    written_while_unknown_name => "written-while-unknown-name": [
        "guidance/ipg/IPG655.toml:7:57: `written_while` names \"nhs-conecting-for-health\", which guidance/names.toml does not define; did you mean \"nhs-connecting-for-health\"?",
    ];
    written_while_with_published => "written-while-with-published": [
        "guidance/ipg/IPG655.toml:8:17: the file states both `published` (\"2010\") and `written_while`; `written_while` bounds the date of an `undated` guidance only: keep `published` with its source when the date is known, else `undated` with `written_while`.",
    ];
    written_while_periods_apart => "written-while-periods-apart": [
        "guidance/ipg/IPG655.toml:7:47: \"nhs-connecting-for-health\" ended on 2013-04-01 and \"hscic-classifications-service\" began on 2013-04-01 (guidance/names.toml), so no text was written while both were in use; name only the names of the part of the text that is being dated (a page's opening sentence may be older or newer than its coding note: see guidance/README.md).",
    ];
    written_while_without_comment => "written-while-without-comment": [
        "guidance/ipg/IPG655.toml:7:17: `written_while` does not say where the text uses the names; write it in a comment on the line above, such as `# written_while: <the page's address> opens \"<the words that use the name>\"` (the names' dates and their sources are in guidance/names.toml).",
    ];
    written_while_without_names_file => "written-while-without-names-file": [
        "guidance/ipg/IPG655.toml:7:18: `written_while` names \"nice-health-and-clinical-excellence\", but guidance/names.toml defines no names; add the name there, with the day it began or ended and the source of each (see guidance/README.md).",
        "guidance/ipg/IPG655.toml:7:57: `written_while` names \"nhs-connecting-for-health\", but guidance/names.toml defines no names; add the name there, with the day it began or ended and the source of each (see guidance/README.md).",
    ];
    names_file_problems => "names-file-problems": [
        "guidance/names.toml:7:17: `ended` \"2013-04\" is not a day; write the day the source states as \"YYYY-MM-DD\" (for example \"2013-04-01\"): a name begins and ends on a day.",
        "guidance/names.toml:13:17: `ended` (2004-03-31) is not after `began` (2005-04-01); a name ends after it begins, so check both days against their sources.",
        "guidance/names.toml:13:40: the `source` of `ended` is empty; write the page that states the day: the address of an official page, or a copy or third-party page named in plain text.",
        "guidance/names.toml:15:2: name \"hscic-classifications-service\" has neither `began` nor `ended`, so it dates nothing; add the day a source states it began or ended (with the source), or remove the name.",
        "guidance/names.toml:17:11: `phrases` is empty; write the words a text uses for the name, exactly (at least one phrase).",
        "guidance/names.toml:18:1: unknown key `begun`; did you mean `began`?",
        "guidance/names.toml:20:2: name key \"Old_Name\" is not lower case letters, digits and hyphens; rename it (for example \"old-name\").",
        "guidance/names.toml:22:58: the phrase \"the NHS Connecting for Health agency\" holds \"NHS Connecting for Health\", a phrase of \"nhs-connecting-for-health\", so a text using it would be read as both names; make the phrases tell the names apart.",
        "guidance/names.toml:23:17: `ended` (1999-03-31) is not after 1 April 1999, when NICE was established, so no NICE text can use the name; check the day, or remove the name.",
        "guidance/names.toml:26:8: `name` is empty; write the name as messages should show it, or remove the entry.",
        "guidance/names.toml:27:12: the phrase \"National Institute for Health and Clinical Excellence\" is already a phrase of \"nice-health-and-clinical-excellence\"; a phrase tells one name, so remove one of them.",
        "guidance/names.toml:28:17: `began` \"2005-02-30\" is not a date: February 2005 has 28 days, so day 30 does not exist; write the date the source states.",
    ];
    unknown_stock_note => "unknown-stock-note": [
        "guidance/ipg/IPG655.toml:14:20: stock note \"image-control-categroy\" is not defined; did you mean \"image-control-category\"?",
    ];
    variants_missing_label => "variants-missing-label": [
        "guidance/ipg/IPG1.toml:25:7: every entry of `variants` needs a `label`; name the scenario or stage as the text does.",
    ];
    wrong_folder => "wrong-folder": [
        "guidance/mtg/IPG655.toml:2:6: guidance IPG655 is in folder \"mtg\" but IPG guidance belong in \"guidance/ipg/\"; move the file there.",
    ];
    wrong_type => "wrong-type": [
        "guidance/ipg/IPG655.toml:3:9: `title` must be a string, not integer `5`; write it in double quotes.",
    ];
}

#[test]
fn every_bad_fixture_has_a_test() {
    let mut dirs: Vec<String> = std::fs::read_dir(fixtures().join("bad"))
        .expect("read tests/fixtures/bad")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    dirs.sort();
    let mut tested: Vec<String> = BAD_FIXTURES.iter().map(|s| s.to_string()).collect();
    tested.sort();
    assert_eq!(dirs, tested);
    assert!(dirs.len() >= 20);
}

// ---------------------------------------------------------------------------------------
// The full message: headline, the source line and the caret underline.

#[test]
fn full_message_for_missing_dot() {
    assert_eq!(
        only_diagnostic(&bad("opcs4-missing-dot")),
        concat!(
            "guidance/ipg/IPG655.toml:7:13: OPCS-4 code \"K578\" is malformed: the code is missing the dot after its third character; write \"K57.8\".\n",
            "    7 |   { opcs4 = \"K578\", title = \"Other specified other therapeutic transluminal operations on heart\" },\n",
            "      |             ^^^^^^",
        )
    );
}

#[test]
fn full_message_counts_columns_in_characters() {
    // `†` is three bytes; the underline must still cover exactly the quoted value.
    assert_eq!(
        only_diagnostic(&bad("icd10-dagger-symbol")),
        concat!(
            "guidance/ipg/IPG1.toml:48:13: ICD-10 code \"Q90.-†\" is malformed: a dagger or asterisk must be written as `D` or `A`; write \"Q90.-D\".\n",
            "    48 |   { icd10 = \"Q90.-†\", title = \"Down syndrome\", sequence = \"the dagger code first\" },\n",
            "       |             ^^^^^^^^",
        )
    );
}

#[test]
fn full_message_for_title_mismatch_names_the_other_file() {
    assert_eq!(
        only_diagnostic(&bad("title-majority")),
        concat!(
            "guidance/ipg/IPG702.toml:9:30: Y02.1 is titled \"Implantation of prosthesis into organ\" here but \"Implantation of prosthesis into organ NOC\" at guidance/ipg/IPG655.toml:8, guidance/ipg/IPG701.toml:8, and none of the 3 files states `opcs4_version`; the other files agree, so correct this title (keep the page's wording in `printed`), or set `opcs4_version` in each file if the texts follow different OPCS-4 versions.\n",
            "    9 |   { opcs4 = \"Y02.1\", title = \"Implantation of prosthesis into organ\" },\n",
            "      |                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        )
    );
}

#[test]
fn full_message_for_toml_syntax() {
    assert_eq!(
        only_diagnostic(&bad("toml-syntax")),
        concat!(
            "guidance/ipg/IPG655.toml:7:21: TOML syntax error: missing comma between key-value pairs, expected `,`; see guidance/README.md for the file format.\n",
            "    7 |   { opcs4 = \"K57.8\" title = \"Other specified other therapeutic transluminal operations on heart\" },\n",
            "      |                     ^",
        )
    );
}

#[test]
fn full_message_underlines_a_whole_entry() {
    assert_eq!(
        only_diagnostic(&bad("no-kind-key")),
        concat!(
            "guidance/ipg/IPG655.toml:8:3: this entry has no code or group; give it one of opcs4, icd10, all, one_of, one_or_more, variants, stages, patients or placeholder.\n",
            "    8 |   { title = \"Implantation of prosthesis into organ NOC\" },\n",
            "      |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        )
    );
}

#[test]
fn full_message_for_a_two_digit_line_number() {
    assert_eq!(
        only_diagnostic(&bad("default-outside-category")),
        concat!(
            "guidance/ipg/IPG655.toml:10:85: default Y54.9 is not a code in category Y53.-; give a full code from that category.\n",
            "    10 |       { opcs4 = \"Y53.-\", title = \"Approach to organ under image control\", default = \"Y54.9\" },\n",
            "       |                                                                                     ^^^^^^^",
        )
    );
}

#[test]
fn full_message_for_a_key_missing_from_the_file_has_no_source_line() {
    assert_eq!(
        only_diagnostic(&bad("missing-key")),
        "guidance/ipg/IPG655.toml:1:1: missing key `title`; add `title = ...` to the file (see guidance/README.md for what it holds)."
    );
}

// ---------------------------------------------------------------------------------------
// Many problems at once.

#[test]
fn all_problems_in_all_files_are_reported_together_in_file_then_line_order() {
    let got = headlines(&fixtures().join("several-bad"));
    let expected = [
        "guidance/stock-notes.toml:1:2: stock note key \"Image_Control\" is not lower case letters, digits and hyphens; rename it (for example \"image-control\").",
        "guidance/ipg/IPG655.toml:7:13: OPCS-4 code \"K578\" is malformed: the code is missing the dot after its third character; write \"K57.8\".",
        "guidance/ipg/IPG655.toml:8:30: Y02.1 is titled \"Implantation of prosthesis into organ NOC\" here but \"Implantation of prosthesis into organ\" at guidance/ipg/IPG700.toml:7, and neither file states `opcs4_version`; no title is given by more files than the other, so one of them is wrong: check each against its text and the classification, and make them agree (keep a page's different wording in `printed`), or set `opcs4_version` in each file if the texts follow different OPCS-4 versions.",
        "guidance/ipg/IPG655.toml:14:20: stock note \"image-control-category\" is not defined; define it in guidance/stock-notes.toml or use one of: Image_Control.",
        "guidance/ipg/IPG655.toml:24:17: ICD-10 code \"I509\" is malformed: the code is missing the dot after its third character; write \"I50.9\".",
        "guidance/ipg/IPG700.toml:7:30: Y02.1 is titled \"Implantation of prosthesis into organ\" here but \"Implantation of prosthesis into organ NOC\" at guidance/ipg/IPG655.toml:8, and neither file states `opcs4_version`; no title is given by more files than the other, so one of them is wrong: check each against its text and the classification, and make them agree (keep a page's different wording in `printed`), or set `opcs4_version` in each file if the texts follow different OPCS-4 versions.",
        "guidance/ipg/IPG700.toml:10:13: `published` \"2019-13\" is not a date: month 13 does not exist (months are 01 to 12); write the date the source states.",
        "guidance/mtg/MTG12.toml:1:6: \"MTG012\" is not a guidance id; write \"MTG12\".",
    ];
    assert_eq!(got, expected, "got:\n{}", got.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Inputs written at run time.

#[test]
fn file_that_is_not_utf8() {
    let dir = TempDir::new("compiler-not-utf8");
    let mut bytes = good_ipg655().into_bytes();
    // A Latin-1 "é" (byte E9) at the start of the title on line 3, after `title = "`.
    let at = bytes
        .windows(7)
        .position(|w| w == b"Cardiac")
        .expect("title");
    bytes.insert(at, 0xE9);
    dir.write("guidance/ipg/IPG655.toml", bytes);
    let ds = diagnostics(&dir.0);
    assert_eq!(
        ds.iter().map(Diagnostic::headline).collect::<Vec<_>>(),
        ["guidance/ipg/IPG655.toml:3:10: the file is not valid UTF-8; save it as UTF-8."]
    );
    assert_eq!(ds[0].source_line, None);
}

#[test]
fn not_utf8_column_counts_characters_before_the_bad_byte() {
    let dir = TempDir::new("compiler-not-utf8-chars");
    // "é" in UTF-8 (two bytes) then a stray Latin-1 byte: the column counts "é" once.
    dir.write(
        "guidance/ipg/IPG655.toml",
        b"id = \"IPG655\"\ntitle = \"\xc3\xa9\xe9\"\n".as_slice(),
    );
    assert_eq!(
        headlines(&dir.0),
        ["guidance/ipg/IPG655.toml:2:11: the file is not valid UTF-8; save it as UTF-8."]
    );
}

#[test]
fn a_file_that_cannot_be_used_does_not_hide_problems_in_the_others() {
    let dir = TempDir::new("compiler-mixed-problems");
    dir.write(
        "guidance/stock-notes.toml",
        std::fs::read(fixtures().join("good/guidance/stock-notes.toml")).expect("stock notes"),
    );
    dir.write(
        "guidance/ipg/IPG655.toml",
        good_ipg655().replace("K57.8", "K578"),
    );
    dir.write("guidance/ipg/IPG7.toml", [0xFFu8, b'\n'].as_slice());
    dir.write("guidance/IPG9.toml", "id = \"IPG9\"\n");
    dir.write("guidance/ipg/old/IPG1.toml", "id = \"IPG1\"\n");
    let found = headlines(&dir.0);
    assert_eq!(found.len(), 4, "{found:#?}");
    assert_eq!(
        found[0],
        "guidance/IPG9.toml:1:1: guidance files go in a folder per programme; move it to guidance/ipg/IPG9.toml (or the folder of its programme)."
    );
    assert_eq!(
        found[1],
        "guidance/ipg/IPG7.toml:1:1: the file is not valid UTF-8; save it as UTF-8."
    );
    assert_eq!(
        found[2],
        "guidance/ipg/old:1:1: guidance files go directly in guidance/ipg/, not in a folder below it; move them up, or move the folder out of guidance/."
    );
    assert!(
        found[3].starts_with("guidance/ipg/IPG655.toml:") && found[3].contains("\"K578\""),
        "{}",
        found[3]
    );
}

#[test]
fn an_upper_case_extension_is_read_and_its_name_checked() {
    let dir = TempDir::new("compiler-upper-extension");
    dir.write(
        "guidance/stock-notes.toml",
        std::fs::read(fixtures().join("good/guidance/stock-notes.toml")).expect("stock notes"),
    );
    dir.write("guidance/ipg/IPG655.TOML", good_ipg655());
    let found = headlines(&dir.0);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("guidance/ipg/IPG655.TOML:2:6: id \"IPG655\" does not match the file name \"IPG655.TOML\""),
        "{}",
        found[0]
    );
}

#[test]
fn empty_guidance_folder() {
    let dir = TempDir::new("compiler-empty");
    std::fs::create_dir_all(dir.0.join("guidance")).expect("mkdir");
    assert_eq!(
        headlines(&dir.0),
        [
            "guidance:1:1: no guidance files found; add at least one, such as guidance/ipg/IPG655.toml (see guidance/README.md)."
        ]
    );
    // Stock notes and an empty programme folder are still no guidance.
    dir.write("guidance/stock-notes.toml", "[a]\ntext = \"x\"\n");
    std::fs::create_dir_all(dir.0.join("guidance/ipg")).expect("mkdir");
    assert_eq!(
        headlines(&dir.0),
        [
            "guidance:1:1: no guidance files found; add at least one, such as guidance/ipg/IPG655.toml (see guidance/README.md)."
        ]
    );
}

#[test]
fn missing_guidance_folder() {
    let dir = TempDir::new("compiler-missing");
    let os_error = std::fs::read_dir(dir.0.join("guidance")).expect_err("no guidance folder");
    assert_eq!(
        headlines(&dir.0),
        [format!(
            "guidance:1:1: cannot read the guidance folder ({os_error}); create guidance/ with one folder per programme, such as guidance/ipg/."
        )]
    );
}

#[test]
fn crlf_line_ends_give_the_same_location_and_no_stray_carriage_return() {
    let dir = TempDir::new("compiler-crlf");
    let text = good_ipg655()
        .replace("\"K57.8\"", "\"K578\"")
        .replace('\n', "\r\n");
    dir.write("guidance/ipg/IPG655.toml", text);
    dir.write(
        "guidance/stock-notes.toml",
        std::fs::read(fixtures().join("good/guidance/stock-notes.toml")).expect("read"),
    );
    assert_eq!(
        only_diagnostic(&dir.0),
        only_diagnostic(&bad("opcs4-missing-dot"))
    );
}

#[test]
fn a_span_on_the_newline_of_crlf_does_not_panic() {
    let file = SourceFile::new("f.toml".to_string(), "a = [\r\nb".to_string());
    let d = file.error(6..7, "m");
    assert_eq!((d.line, d.column, d.width), (1, 7, 1));
    assert_eq!(d.source_line.as_deref(), Some("a = ["));
}

// ---------------------------------------------------------------------------------------
// Entries of guidance/ that are not guidance files.

/// A folder with the good stock notes and IPG655, to which a test adds one odd entry.
fn good_tree(label: &str) -> TempDir {
    let dir = TempDir::new(label);
    dir.write(
        "guidance/stock-notes.toml",
        std::fs::read(fixtures().join("good/guidance/stock-notes.toml")).expect("stock notes"),
    );
    dir.write("guidance/ipg/IPG655.toml", good_ipg655());
    dir
}

/// Compiles `root` on another thread, failing the test (instead of hanging it) when the
/// compile does not finish within a minute.
fn compile_or_time_out(root: &Path) -> Result<compiler::Compiled, compiler::Failed> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        let _ = sender.send(compiler::compile_dir(&root));
    });
    receiver
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the compile blocked: it opened an entry that is not a regular file")
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_programme_folder_is_reported_and_never_opened() {
    let dir = good_tree("compiler-fifo");
    for name in ["IPG7.toml", "notes.fifo"] {
        let status = std::process::Command::new("mkfifo")
            .arg(dir.0.join("guidance/ipg").join(name))
            .status()
            .expect("run mkfifo");
        assert!(status.success(), "mkfifo failed");
    }
    let failed = match compile_or_time_out(&dir.0) {
        Ok(_) => panic!("compiled with a FIFO named like a guidance file"),
        Err(failed) => failed,
    };
    let found: Vec<String> = failed
        .diagnostics
        .iter()
        .map(Diagnostic::headline)
        .collect();
    assert_eq!(
        found,
        [
            "guidance/ipg/IPG7.toml:1:1: this is a FIFO (named pipe), not a regular file, so it is not read; replace it with the file, or remove it."
        ]
    );
    assert_eq!(
        failed.warnings,
        [
            "guidance/ipg/notes.fifo: ignored; only the .toml files of guidance/ipg/ are read: rename it to end in .toml if it is a guidance file, or move it out of guidance/."
        ]
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_stock_notes_is_reported_and_never_opened() {
    let dir = TempDir::new("compiler-fifo-stock");
    dir.write("guidance/ipg/IPG655.toml", good_ipg655());
    let status = std::process::Command::new("mkfifo")
        .arg(dir.0.join("guidance/stock-notes.toml"))
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo failed");
    let Err(failed) = compile_or_time_out(&dir.0) else {
        panic!("compiled with a FIFO for the stock notes");
    };
    let first = failed.diagnostics[0].headline();
    assert_eq!(
        first,
        "guidance/stock-notes.toml:1:1: this is a FIFO (named pipe), not a regular file, so it is not read; replace it with the file, or remove it."
    );
}

/// A guidance file that is a link to one of the system's special files (`/proc/kmsg` blocks
/// a reader until the kernel logs; `/proc/self/status` is used here, which does not) is
/// refused by its resolved path, never opened.
#[cfg(target_os = "linux")]
#[test]
fn a_link_to_a_special_file_of_the_system_is_refused() {
    let dir = good_tree("compiler-proc-link");
    std::os::unix::fs::symlink("/proc/self/status", dir.0.join("guidance/ipg/IPG7.toml"))
        .expect("symlink");
    let failed = match compile_or_time_out(&dir.0) {
        Ok(_) => panic!("compiled with a link into /proc"),
        Err(failed) => failed,
    };
    let found: Vec<String> = failed
        .diagnostics
        .iter()
        .map(Diagnostic::headline)
        .collect();
    assert_eq!(
        found,
        [
            "guidance/ipg/IPG7.toml:1:1: cannot read the file: it is a special file of the system (under /proc), whose reading can block or never end; replace it with the file, or remove it."
        ]
    );
}

/// A guidance file larger than the limit (8 MiB) is refused before it is read.
#[test]
fn a_file_past_the_size_limit_is_refused_unread() {
    let dir = good_tree("compiler-too-large");
    let text = format!("# {}\n{}", "x".repeat(8 << 20), good_ipg655());
    dir.write("guidance/ipg/IPG655.toml", text);
    assert_eq!(
        headlines(&dir.0),
        [
            "guidance/ipg/IPG655.toml:1:1: cannot read the file: it is larger than 8 MiB; a guidance file holds one guidance (the largest shipped is about 2 KB), so check that this is the file you meant."
        ]
    );
}

#[test]
fn a_folder_named_stock_notes_is_reported_as_such() {
    let dir = TempDir::new("compiler-stock-folder");
    dir.write("guidance/ipg/IPG655.toml", good_ipg655());
    dir.write("guidance/stock-notes.toml/IPG1.toml", "id = \"IPG1\"\n");
    let found = headlines(&dir.0);
    assert_eq!(
        found[0],
        "guidance/stock-notes.toml:1:1: this is a folder, but the stock notes are one file, guidance/stock-notes.toml; rename the folder, and write the notes in that file (see guidance/README.md)."
    );
    assert!(
        found.iter().all(|h| !h.contains("stock-notes.toml/")),
        "the folder was read as a programme folder: {found:#?}"
    );
}

#[test]
fn a_folder_named_names_is_reported_as_such() {
    let dir = TempDir::new("compiler-names-folder");
    dir.write("guidance/ipg/IPG655.toml", good_ipg655());
    dir.write("guidance/names.toml/IPG1.toml", "id = \"IPG1\"\n");
    let found = headlines(&dir.0);
    assert_eq!(
        found[0],
        "guidance/names.toml:1:1: this is a folder, but the names that date a text are one file, guidance/names.toml; rename the folder, and write the names in that file (see guidance/README.md)."
    );
    assert!(
        found.iter().all(|h| !h.contains("names.toml/")),
        "the folder was read as a programme folder: {found:#?}"
    );
}

/// Files of a programme folder that do not end in `.toml` are not read, and each is named in
/// a warning (a `cargo::warning=` line), never skipped in silence.
#[test]
fn files_not_ending_in_toml_are_ignored_with_a_warning() {
    let dir = good_tree("compiler-ignored");
    for name in ["IPG100.tml", "IPG7.toml~", "IPG655.toml.bak"] {
        dir.write(&format!("guidance/ipg/{name}"), "id = \"IPG7\"\n");
    }
    let compiled = match compiler::compile_dir(&dir.0) {
        Ok(compiled) => compiled,
        Err(failed) => panic!("{:#?}", failed.diagnostics),
    };
    let ignored = |name: &str| {
        format!(
            "guidance/ipg/{name}: ignored; only the .toml files of guidance/ipg/ are read: rename it to end in .toml if it is a guidance file, or move it out of guidance/."
        )
    };
    assert_eq!(
        compiled.warnings,
        [
            ignored("IPG100.tml"),
            ignored("IPG655.toml.bak"),
            ignored("IPG7.toml~"),
        ]
    );
    assert_eq!(compiled.catalogue.guidance.len(), 1);
}

// ---------------------------------------------------------------------------------------
// Limits, and large values echoed in messages.

/// A tree larger than the tables hold is reported at the tree's key in the guidance file
/// (not by the emitter at build/emit/mod.rs:1:1).
#[test]
fn a_tree_with_too_many_rules_is_reported_at_its_key() {
    let dir = good_tree("compiler-huge-tree");
    let codes_of = |letter: char| -> String {
        let entries: String = (0..1000)
            .map(|n| {
                format!(
                    "  {{ opcs4 = \"{letter}{:02}.{}\", title = \"t\" }},\n",
                    n / 10,
                    n % 10
                )
            })
            .collect();
        format!("{{ one_of = [\n{entries}], condition = \"if used\" }},\n")
    };
    // 66 groups of 1,000 codes and the 9 rules of IPG655: 66,075 rules, past the 65,534 a
    // tree may hold.
    let groups: String = (0..66)
        .map(|i| codes_of(char::from(b'A' + (i % 26) as u8)))
        .collect();
    let text = good_ipg655().replace(
        "procedure = [\n",
        &format!("procedure = [\n  {{ opcs4 = \"K57.8\", title = \"Other specified other therapeutic transluminal operations on heart\" }},\n{groups}"),
    );
    // Each code repeats in three groups of the same letter, which is allowed (not siblings).
    dir.write("guidance/ipg/IPG655.toml", text);
    let found = headlines(&dir.0);
    let limit: Vec<&String> = found
        .iter()
        .filter(|h| h.contains("rules in all"))
        .collect();
    assert_eq!(
        limit,
        [
            "guidance/ipg/IPG655.toml:6:13: `procedure` has 66075 rules in all; the tables hold at most 65534 in one tree (src/layout.rs), so split the guidance's codes, or encode the long lists as categories."
        ],
        "{:#?}",
        &found[..found.len().min(5)]
    );
    assert!(found.iter().all(|h| !h.starts_with("build/")), "{found:#?}");
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Every list of a rule that the tables store with a `u8` length (`includes`, `only_if`,
/// `instead_of`, `supplementary_if`) and every tree stored apart (`excludes`, `ruled_out_by`)
/// is reported at its place in the guidance file when it outgrows the tables, not by the
/// emitter at build/emit/mod.rs:1:1.
#[test]
fn every_list_of_a_rule_larger_than_the_tables_is_reported_at_its_place() {
    let dir = good_tree("compiler-long-rule-lists");
    let entries = |n: usize, entry: &dyn Fn(usize) -> String| -> String {
        (1..=n).map(|i| format!("\n    {},", entry(i))).collect()
    };
    // Distinct ICD-10 codes (A00.00, A00.01, ...), so no other check reports repeats.
    let icd10 = |letter: u8, i: usize| {
        format!(
            "{{ icd10 = \"{}{:02}.{:02}\" }}",
            char::from(letter + (i / 10_000) as u8),
            i / 100 % 100,
            i % 100
        )
    };
    let text = good_ipg655()
        .replace(
            "{ opcs4 = \"K57.8\", title = \"Other specified other therapeutic transluminal operations on heart\" }",
            &format!(
                "{{ opcs4 = \"K57.8\", title = \"Other specified other therapeutic transluminal operations on heart\", includes = [{}] }}",
                entries(300, &|i| format!("\"include {i}\""))
            ),
        )
        .replace(
            "default = \"Y53.9\" }",
            &format!(
                "default = \"Y53.9\", instead_of = [{}] }}",
                entries(256, &|_| "\"Y68.-\"".to_string())
            ),
        )
        .replace(
            "condition = \"only where leads",
            &format!(
                "only_if = [{}],\n    condition = \"only where leads",
                entries(256, &|_| "\"K57.8\"".to_string())
            ),
        )
        .replace(
            "title = \"Right sided operation\" }",
            &format!(
                "title = \"Right sided operation\", supplementary_if = [{}] }}",
                entries(256, &|_| "\"K57.8\"".to_string())
            ),
        )
        .replace(
            "{ icd10 = \"I50.9\", title = \"Heart failure, unspecified\" }",
            &format!(
                "{{ icd10 = \"I50.9\", title = \"Heart failure, unspecified\", excludes = [{}] }}",
                entries(65_535, &|i| icd10(b'A', i))
            ),
        )
        + &format!("\nruled_out_by = [{}\n]\n", entries(65_535, &|i| icd10(b'H', i)));
    dir.write("guidance/ipg/IPG655.toml", &text);

    // Where the `nth` occurrence of `needle` starts.
    let at = |needle: &str, nth: usize| {
        let (at, _) = text.match_indices(needle).nth(nth).expect(needle);
        let (line, column) = line_column(&text, at);
        format!("guidance/ipg/IPG655.toml:{line}:{column}")
    };
    let list = |key: &str, n: usize| {
        format!(
            "`{key}` has {n} entries; the tables hold at most 255 (src/layout.rs), and this is entry 256; shorten the list."
        )
    };
    let tree = |key: &str| {
        format!(
            "`{key}` has 65535 rules in all; the tables hold at most 65534 in one tree (src/layout.rs), so split the guidance's codes, or encode the long lists as categories."
        )
    };
    let expected = [
        format!("{}: {}", at("\"include 256\"", 0), list("includes", 300)),
        format!("{}: {}", at("\"Y68.-\"", 255), list("instead_of", 256)),
        // The only_if list comes after the instead_of list, so its 256th "K57.8" is the
        // 256th after the procedure's own K57.8.
        format!("{}: {}", at("\"K57.8\"", 256), list("only_if", 256)),
        format!(
            "{}: {}",
            at("\"K57.8\"", 512),
            list("supplementary_if", 256)
        ),
        // A tree is reported at its list's opening bracket.
        format!(
            "{}: {}",
            at("[\n    { icd10 = \"A00.01\"", 0),
            tree("excludes")
        ),
        format!(
            "{}: {}",
            at("[\n    { icd10 = \"H00.01\"", 0),
            tree("ruled_out_by")
        ),
    ];
    let found = headlines(&dir.0);
    let limits: Vec<&String> = found
        .iter()
        .filter(|h| h.contains("the tables hold"))
        .collect();
    assert_eq!(
        limits,
        expected.iter().collect::<Vec<_>>(),
        "{:#?}",
        &found[..found.len().min(8)]
    );
    assert!(
        found.iter().all(|h| !h.starts_with("build/")),
        "{:#?}",
        &found[..found.len().min(8)]
    );
}

/// A dotted key of more parts than the TOML reader takes is reported at the key (the parser
/// says only "recursion limit", with no place), in a key-value line, a table header and an
/// inline table; quoted parts count, and dots inside quotes or comments do not.
#[test]
fn a_key_of_too_many_parts_is_reported_at_its_place() {
    let parts = |n: usize| vec!["a"; n].join(".");
    for (written, key_at, shown_parts) in [
        (format!("{} = 1", parts(100)), 0, 100),
        (format!("[{}]", parts(90)), 1, 90),
        (format!("x = {{ y = 1, {} = 2 }}", parts(81)), 13, 81),
        (
            format!("\"q.q\" . {} = 1 # {}", parts(85), parts(200)),
            0,
            86,
        ),
    ] {
        let dir = good_tree("compiler-deep-key");
        let text = format!("{}\n{written}\n", good_ipg655());
        dir.write("guidance/ipg/IPG655.toml", &text);
        let (line, column) = line_column(&text, text.find(&written).expect("written") + key_at);
        assert_eq!(
            headlines(&dir.0),
            [format!(
                "guidance/ipg/IPG655.toml:{line}:{column}: this key has {shown_parts} parts; the TOML reader takes at most 80, and a guidance file's keys have one (see guidance/README.md), so write the key the file format names."
            )],
            "{written}"
        );
    }
    // 80 parts are read, and the key is unknown.
    let dir = good_tree("compiler-deep-key-80");
    dir.write(
        "guidance/ipg/IPG655.toml",
        format!("{}\nnotes = [\"a.b\"]\n{} = 1\n", good_ipg655(), parts(80)),
    );
    let found = headlines(&dir.0);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("unknown key `a`"), "{found:#?}");
}

/// A title of 7 MiB (near the largest file read) is one located error that states the limit,
/// and the compile ends promptly, whatever other checks read the title.
#[test]
fn a_huge_title_is_refused_at_its_place() {
    let dir = good_tree("compiler-huge-title");
    let title = "T".repeat(7 << 20);
    dir.write(
        "guidance/ipg/IPG655.toml",
        good_ipg655().replacen(
            "title = \"Cardiac contractility modulation device implantation for heart failure\"",
            &format!("title = \"{title}\""),
            1,
        ),
    );
    let failed = match compile_or_time_out(&dir.0) {
        Ok(_) => panic!("a 7 MiB title compiled"),
        Err(failed) => failed,
    };
    let found: Vec<String> = failed
        .diagnostics
        .iter()
        .map(Diagnostic::headline)
        .collect();
    assert_eq!(
        found,
        [
            "guidance/ipg/IPG655.toml:3:9: `title` is 7340032 characters long; a title, label or other one-line text holds at most 500, so shorten it."
        ]
    );
}

/// A megabyte-long unknown key: the suggestion is skipped by length (no edit-distance matrix
/// per candidate), and the key is echoed once, shortened, with its length.
#[test]
fn a_huge_unknown_key_is_echoed_shortened() {
    let dir = good_tree("compiler-huge-key");
    let key = "k".repeat(1 << 20);
    dir.write(
        "guidance/ipg/IPG655.toml",
        good_ipg655().replace("\nprocedure = [", &format!("\n{key} = 1\nprocedure = [")),
    );
    let ds = diagnostics(&dir.0);
    assert_eq!(
        ds.len(),
        1,
        "{:#?}",
        ds.iter().map(Diagnostic::headline).collect::<Vec<_>>()
    );
    let shown = format!("`{}…` (1048576 characters)", "k".repeat(300));
    assert!(
        ds[0]
            .message
            .starts_with(&format!("unknown key {shown}; correct its spelling")),
        "{}",
        ds[0].message.chars().take(400).collect::<String>()
    );
    // The whole diagnostic, source line included, stays small.
    let printed = ds[0].to_string();
    assert!(printed.len() < 3_000, "{} bytes", printed.len());
}

/// A megabyte-long code: the message shows its start, an ellipsis and its length.
#[test]
fn a_huge_code_is_echoed_shortened() {
    let dir = good_tree("compiler-huge-code");
    let code = format!("K57.{}", "8".repeat(1 << 20));
    dir.write(
        "guidance/ipg/IPG655.toml",
        good_ipg655().replacen("\"K57.8\"", &format!("\"{code}\""), 1),
    );
    let found = headlines(&dir.0);
    assert_eq!(found.len(), 1, "{}", found.len());
    let shown = format!("\"K57.{}…\" (1048580 characters)", "8".repeat(296));
    assert!(
        found[0].starts_with(&format!(
            "guidance/ipg/IPG655.toml:7:13: OPCS-4 code {shown} is malformed"
        )),
        "{}",
        found[0].chars().take(500).collect::<String>()
    );
    assert!(found[0].len() < 2_100, "{} bytes", found[0].len());
}

/// A `source` names one of NICE's hosts exactly: not a host that only starts or ends like
/// one, nor one behind a user name or with a port; letter case does not count.
#[test]
fn a_source_must_be_on_a_nice_host() {
    use compiler::check::web_address::check_web_address;
    for url in [
        "https://www.nice.org.uk/guidance/ipg655",
        "http://www.nice.org.uk/guidance/ipg655",
        "https://nice.org.uk/guidance/ipg403/resources/clinical-classification-codes-13193623405",
        "http://guidance.nice.org.uk/IPG293",
        "https://WWW.NICE.ORG.UK/guidance/ipg655",
        "https://www.nice.org.uk",
        "https://www.nice.org.uk?x#y",
    ] {
        assert_eq!(check_web_address(url, Some("IPG655")), Ok(()), "{url}");
    }
    let refused = |host: &str| {
        format!(
            "is not on NICE's site (its host \"{host}\" is not www.nice.org.uk, nice.org.uk or guidance.nice.org.uk); write NICE's own page for the guidance, such as \"https://www.nice.org.uk/guidance/ipg7\", and if the text was read from a copy elsewhere, say so in a comment without its address."
        )
    };
    for (url, host) in [
        (
            "https://www.nice.org.uk@evil.example/guidance/ipg7",
            "www.nice.org.uk@evil.example",
        ),
        (
            "https://www.nice.org.uk.evil.example/ipg7",
            "www.nice.org.uk.evil.example",
        ),
        ("https://evilnice.org.uk/ipg7", "evilnice.org.uk"),
        (
            "https://publications.nice.org.uk/ipg7",
            "publications.nice.org.uk",
        ),
        (
            "https://www.nice.org.uk:8443/guidance/ipg7",
            "www.nice.org.uk:8443",
        ),
        ("https://www.nice.org.uk./guidance/ipg7", "www.nice.org.uk."),
        ("https://1library.net/document/ipg7.html", "1library.net"),
    ] {
        assert_eq!(
            check_web_address(url, Some("IPG7")),
            Err(refused(host)),
            "{url}"
        );
    }
    // Without a well-formed id, the example is IPG655's page.
    assert!(
        check_web_address("https://copies.example/x", None)
            .is_err_and(|e| e.contains("\"https://www.nice.org.uk/guidance/ipg655\""))
    );
}

/// The line shown under a message is a window around the place when the line is long, and
/// its control characters are shown as `?` so the caret still lines up.
#[test]
fn a_long_source_line_is_shown_as_a_window_around_the_place() {
    let file = SourceFile::new(
        "f.toml".to_string(),
        format!("a = \"{}\u{1b}\" # {}", "x".repeat(500), "y".repeat(500)),
    );
    let at = 5 + 500;
    let d = file.error(at..at + 1, "m");
    let lines = d.lines();
    assert_eq!(d.column, 506);
    let shown = &lines[1];
    let caret = &lines[2];
    assert!(shown.chars().count() < 140, "{shown}");
    let shown_column = shown.chars().position(|c| c == '?').expect("the ESC as ?");
    assert_eq!(caret.chars().position(|c| c == '^'), Some(shown_column));
    assert!(shown.contains("…x") && shown.ends_with('…'), "{shown}");
}

/// Guidance numbers go up to 65535 (what the tables store and `Guidance`'s `FromStr` reads),
/// not only to four digits.
#[test]
fn guidance_numbers_go_up_to_65535() {
    use compiler::catalogue::Programme;
    use compiler::check::parse_id;
    assert_eq!(parse_id("IPG10000"), Ok((Programme::Ipg, 10000)));
    assert_eq!(parse_id("MTG65535"), Ok((Programme::Mtg, 65535)));
    assert_eq!(
        parse_id("IPG65536"),
        Err("\"IPG65536\" is not a guidance id; write a programme (IPG, MTG) followed by the number (1 to 65535) without leading zeros, such as \"IPG655\".".to_string())
    );
    let dir = TempDir::new("compiler-five-digit-id");
    dir.write(
        "guidance/stock-notes.toml",
        std::fs::read(fixtures().join("good/guidance/stock-notes.toml")).expect("stock notes"),
    );
    dir.write(
        "guidance/ipg/IPG10000.toml",
        good_ipg655().replace("id = \"IPG655\"", "id = \"IPG10000\""),
    );
    match compiler::compile_dir(&dir.0) {
        Ok(compiled) => assert_eq!(compiled.catalogue.guidance[0].number, 10000),
        Err(failed) => panic!("{:#?}", failed.diagnostics),
    }
}

/// Echoed values: control characters escaped, long quoted values shortened with their
/// length, and a message at most `MAX_MESSAGE_CHARS` even when a value is full of quotes.
#[test]
fn messages_escape_and_bound_what_they_echo() {
    use compiler::shared::echo::{MAX_MESSAGE_CHARS, bound_message, shown};
    assert_eq!(
        bound_message("title \"a\u{1b}[2J\u{7}b\" is wrong"),
        "title \"a\\u{1b}[2J\\u{7}b\" is wrong"
    );
    let long = "x".repeat(1_000);
    assert_eq!(
        bound_message(&format!("key `{long}` unknown; fix it.")),
        format!(
            "key `{}…` (1000 characters) unknown; fix it.",
            "x".repeat(300)
        )
    );
    assert_eq!(
        shown(&long),
        format!("{}… (1000 characters)", "x".repeat(300))
    );
    let quotes = "a\"".repeat(100_000);
    let bounded = bound_message(&format!("value {quotes} is wrong; write it again."));
    assert!(
        bounded.chars().count() <= MAX_MESSAGE_CHARS,
        "{}",
        bounded.len()
    );
    assert!(
        bounded.ends_with("is wrong; write it again."),
        "the fix is kept"
    );
    assert!(bounded.contains("characters left out"));
}

/// The API docs of guidance using the rules between codes (`tests/fixtures/good-rules/`,
/// copies of three shipped files): dagger and asterisk marks, groups with a sequencing hint,
/// the rules in a coder's words, Excludes, a missing ICD-10 recommendation, `ruled_out_by`.
#[test]
fn docs_read_the_rules_between_codes_as_a_coder_says_them() {
    let compiled = match compiler::compile_dir(&fixtures().join("good-rules")) {
        Ok(c) => c,
        Err(failed) => panic!("{:#?}", failed.diagnostics),
    };
    let doc = |name: &str| -> String {
        let (_, bytes) = compiled
            .files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name}"));
        String::from_utf8(bytes.clone()).expect("UTF-8")
    };
    let ipg227 = doc("doc/IPG227.md");
    for line in [
        "- `C46.4` Insertion of prosthesis into cornea\n  <br>Excludes: Insertion of therapeutic contact lens (`C51.5`)\n",
        "  - all of, in this order (sequence: by the main condition treated or investigated in the episode; the dagger code first when that is not clear):\n",
        "    - `Q90.-\u{2020}` Down’s syndrome\n",
        "    - `H19.8*` Other disorders of sclera and cornea in diseases classified elsewhere",
    ] {
        assert!(ipg227.contains(line), "IPG227 lacks {line:?}:\n{ipg227}");
    }
    assert!(!ipg227.contains(":;"), "{ipg227}");
    let ipg168 = doc("doc/IPG168.md");
    for line in [
        "- one of (chosen by the area ablated):\n",
        "- `Y11.4` Radiofrequency controlled thermal destruction of organ NOC (printed \"Radiofrequency controlled thermal destruction of  organ NOC\")\n",
        "- `Z33.6` Atrium of heart, only if `K57.4` or `K62.3` is chosen (sequence: after Y11.4, or after Y53.4 when fluoroscopic control is used)\n",
    ] {
        assert!(ipg168.contains(line), "IPG168 lacks {line:?}:\n{ipg168}");
    }
    let ipg377 = doc("doc/IPG377.md");
    for line in [
        "- one of, a supplementary code when `K45.-` is also coded:\n",
        "- `K23.1`, only for a concurrent excision of lesion of ventricle of heart\n",
        "**Diagnosis: ICD-10 codes**: none (the text gives no ICD-10 code)\n",
        "**Ruled out by** (the guidance does not apply when any of these is coded)\n\n- `Y73.1` Cardiopulmonary bypass\n",
    ] {
        assert!(ipg377.contains(line), "IPG377 lacks {line:?}:\n{ipg377}");
    }
    let codes = doc("doc/index-codes.md");
    assert!(
        codes.contains("| `Q90.-\u{2020}` | Down’s syndrome |"),
        "{codes}"
    );
}
