//! `nice-coding import`, run as a user runs it, on texts written for these tests in the
//! shapes of NICE's coding texts (`cli/tests/fixtures/import/`): each `X.txt` gives exactly
//! the draft `X.toml` on standard output and the points `X.stderr` on standard error, and
//! every draft builds with the guidance compiler beside the shipped stock notes. Then the
//! files import refuses (binary, too large, a folder, no codes, empty, no id or title) and
//! the files it writes.

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "../../build/mod.rs"]
mod compiler;
#[path = "common/tool.rs"]
mod tool;

use common::TempDir;
use std::path::{Path, PathBuf};
use tool::{Run, run_in};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn texts() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .expect("read the fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    names
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).expect("read a fixture")
}

fn import(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    run_in(dir, &all, stdin)
}

#[test]
fn each_text_gives_its_draft_and_its_points() {
    let names = texts();
    assert_eq!(names.len(), 23, "{names:?}");
    for name in names {
        let stem = name.trim_end_matches(".txt");
        let r = import(&fixtures(), &[&name], b"");
        assert_eq!(r.code, Some(0), "{name}: {}", r.stderr);
        assert_eq!(r.stdout, read(&format!("{stem}.toml")), "{name}");
        assert_eq!(r.stderr, read(&format!("{stem}.stderr")), "{name}");
    }
}

/// The expected drafts are guidance files: each one compiles, alone, beside the shipped
/// stock notes.
#[test]
fn every_draft_builds() {
    let dir = TempDir::new("import-drafts");
    let stock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../guidance/stock-notes.toml");
    dir.write(
        "guidance/stock-notes.toml",
        std::fs::read(stock).expect("read the stock notes"),
    );
    for name in texts() {
        let draft = read(&name.replace(".txt", ".toml"));
        let id = draft
            .lines()
            .find_map(|l| l.strip_prefix("id = \""))
            .and_then(|l| l.strip_suffix('"'))
            .expect("an id");
        let file = format!("guidance/ipg/{id}.toml");
        dir.write(&file, &draft);
        match compiler::compile_dir(&dir.0) {
            Ok(compiled) => assert_eq!(compiled.catalogue.guidance.len(), 1, "{name}"),
            Err(failed) => panic!(
                "{name} does not build: {:?}",
                failed
                    .diagnostics
                    .iter()
                    .map(|d| d.headline())
                    .collect::<Vec<_>>()
            ),
        }
        std::fs::remove_file(dir.0.join(file)).expect("remove the draft");
    }
}

/// The shapes the issue names, read as NICE prints them.
#[test]
fn bare_categories_glued_titles_and_titled_ranges_are_read() {
    let bare = read("bare-categories.toml");
    assert!(bare.contains(
        r#"{ opcs4 = "X72.-", title = "Delivery of chemotherapy for neoplasm", printed = "X72" }"#
    ));
    assert!(bare.contains(r#"{ icd10 = "C22.-", title = "Malignant neoplasm of liver and intrahepatic bile ducts", printed = "C22" }"#));
    assert!(bare.contains(r#"{ placeholder = "a code from X70-X71 (Procurement of drugs for chemotherapy for neoplasm Bands 1-10)", within = ["X70-X71"] }"#));
    let glued = read("glued-titles.toml");
    assert!(glued.contains(r#"{ opcs4 = "E20.1", title = "Total adenoidectomy", printed = "E20.1Total adenoidectomy", supplementary_if = ["F34.-"] }"#));
}

#[test]
fn standard_input_is_read_and_the_id_comes_from_the_source_line() {
    let text = read("old-layout.txt");
    let r = import(&fixtures(), &["-"], text.as_bytes());
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert_eq!(r.stdout, read("old-layout.toml"));
}

#[test]
fn output_writes_a_new_file_and_never_overwrites_one() {
    let dir = TempDir::new("import-output");
    dir.write("IPG905.txt", read("old-layout.txt"));
    let r = import(&dir.0, &["IPG905.txt", "--output", "IPG905.toml"], b"");
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (Some(0), "", "")
    );
    let written = std::fs::read_to_string(dir.0.join("IPG905.toml")).expect("read the draft");
    assert_eq!(written, read("old-layout.toml"));
    // A second run stops: the file exists. It is left as it was.
    dir.write("IPG905.toml", "kept");
    let r = import(&dir.0, &["IPG905.txt", "--output", "IPG905.toml"], b"");
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: IPG905.toml already exists: import never overwrites a file; name a new one\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.0.join("IPG905.toml")).expect("read"),
        "kept"
    );
    // Nor the text itself.
    let r = import(&dir.0, &["IPG905.txt", "-o", "IPG905.txt"], b"");
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: IPG905.txt already exists: import never overwrites a file; name a new one\n"
    );
    // A text that cannot be read leaves no file behind.
    let r = import(&dir.0, &["missing.txt", "-o", "new.toml"], b"");
    assert_eq!(r.code, Some(1));
    assert!(!dir.0.join("new.toml").exists());
}

#[cfg(unix)]
#[test]
fn a_closed_standard_output_is_an_error() {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" import old-layout.txt >&-")
        .arg(env!("CARGO_BIN_EXE_nice-coding"))
        .current_dir(fixtures())
        .output()
        .expect("run sh");
    let r = tool::finish(out);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: standard output is closed: what the command writes there would be lost (redirect it to a file, or give --output FILE where the command takes it)\n"
    );
}

// ---------------------------------------------------------------------------------------------
// What import refuses, each in one located line: never a panic, a hang or a partial file.

fn refused(dir: &TempDir, args: &[&str], stdin: &[u8]) -> String {
    let r = import(&dir.0, args, stdin);
    assert_eq!((r.code, r.stdout.as_str()), (Some(1), ""), "{}", r.stderr);
    r.stderr
}

#[test]
fn a_binary_file_is_refused() {
    let dir = TempDir::new("import-binary");
    dir.write("IPG1.txt", [0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01]);
    assert_eq!(
        refused(&dir, &["IPG1.txt"], b""),
        "nice-coding: error: IPG1.txt: line 1 is not UTF-8 text; save the text as UTF-8\n"
    );
    dir.write("IPG2.txt", "title: T\nK57.8 Heart\u{0}\u{1b}[2J\n");
    assert_eq!(
        refused(&dir, &["IPG2.txt"], b""),
        "nice-coding: error: IPG2.txt: line 2, column 12: control character U+0000; a NICE coding text is plain text (is this a binary file?)\n"
    );
    // A bidirectional override would reorder what the terminal shows of the draft.
    dir.write("IPG3.txt", "title: T\nK57.8 He\u{202e}art\n");
    assert_eq!(
        refused(&dir, &["IPG3.txt"], b""),
        "nice-coding: error: IPG3.txt: line 2, column 9: control character U+202E; a NICE coding text is plain text (is this a binary file?)\n"
    );
}

#[test]
fn a_text_larger_than_a_mebibyte_is_refused_unread() {
    let dir = TempDir::new("import-large");
    // One line of 100 MB: refused by its size, before it is read.
    let file = std::fs::File::create(dir.0.join("IPG1.txt")).expect("create");
    file.set_len(100 * 1024 * 1024).expect("grow the file");
    assert_eq!(
        refused(&dir, &["IPG1.txt"], b""),
        "nice-coding: error: cannot read IPG1.txt: it is larger than 1 MiB, too large for a NICE coding text\n"
    );
    // On standard input, reading stops one byte past the limit.
    let line = vec![b'K'; 1024 * 1024 + 1];
    assert_eq!(
        refused(&dir, &["-"], &line),
        "nice-coding: error: cannot read <stdin>: it is larger than 1 MiB, too large for a NICE coding text\n"
    );
}

#[test]
fn a_folder_is_refused() {
    let dir = TempDir::new("import-folder");
    std::fs::create_dir(dir.0.join("IPG1.txt")).expect("create a folder");
    assert_eq!(
        refused(&dir, &["IPG1.txt"], b""),
        "nice-coding: error: cannot read IPG1.txt: it is a folder, not a regular file\n"
    );
}

#[test]
fn a_text_with_no_codes_or_nothing_at_all_is_refused() {
    let dir = TempDir::new("import-empty");
    dir.write(
        "IPG1.txt",
        "title: T\nCoding recommendations\n\nThe usual care.\n",
    );
    assert_eq!(
        refused(&dir, &["IPG1.txt"], b""),
        "nice-coding: error: IPG1.txt: names no OPCS-4 or ICD-10 code, and says nothing of how the procedure is coded; is it a NICE coding text?\n"
    );
    dir.write("IPG2.txt", "");
    assert_eq!(
        refused(&dir, &["IPG2.txt"], b""),
        "nice-coding: error: IPG2.txt: is empty\n"
    );
}

#[test]
fn a_text_that_names_no_guidance_or_title_is_refused() {
    let dir = TempDir::new("import-no-id");
    dir.write("text.txt", "title: T\nK57.8 Heart\n");
    assert_eq!(
        refused(&dir, &["text.txt"], b""),
        "nice-coding: error: text.txt: the text does not say which guidance it is for: give it a first line `source: <address>` naming the guidance (…/guidance/ipg655), or name the file after the guidance (IPG655.txt)\n"
    );
    dir.write("IPG1.txt", "K57.8 Heart\n");
    assert_eq!(
        refused(&dir, &["IPG1.txt"], b""),
        "nice-coding: error: IPG1.txt: the text gives no title: add a line `title: <the guidance's title>`\n"
    );
}
