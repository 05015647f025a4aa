//! Reading the files' TOML into the model (`build/read/toml_reader.rs`): every problem of every
//! file is reported together, each at its place, in words that say how to fix it.
//!
//! The one-defect fixtures of `tests/fixtures/bad/` pin the common messages (`unknown-key`,
//! `wrong-type`, `missing-key`, ...); these tests put several problems of different kinds in
//! one file, and the shapes those fixtures do not cover.

mod common;
#[path = "../build/mod.rs"]
mod compiler;

use common::TempDir;
use compiler::shared::diagnostic::Diagnostic;
use std::path::Path;

fn good(relative: &str) -> String {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("tests/fixtures/good/guidance")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// `text` with `from` replaced by `to`, which must occur exactly once.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` is not in the text once"
    );
    text.replacen(from, to, 1)
}

/// The headlines of compiling IPG655 (as given) with the good stock notes (or `stock`).
fn headlines(ipg655: &str, stock: Option<&str>) -> Vec<String> {
    let dir = TempDir::new("toml-reader");
    dir.write("guidance/ipg/IPG655.toml", ipg655);
    dir.write(
        "guidance/stock-notes.toml",
        stock.map_or_else(|| good("stock-notes.toml"), str::to_string),
    );
    match compiler::compile_dir(&dir.0) {
        Ok(_) => panic!("the file compiled, but it should fail"),
        Err(failed) => failed
            .diagnostics
            .iter()
            .map(Diagnostic::headline)
            .collect(),
    }
}

#[test]
fn every_reading_problem_of_a_file_is_reported_at_once() {
    let text = good("ipg/IPG655.toml");
    let text = replace_once(
        &text,
        "source = \"https://www.nice.org.uk/guidance/ipg655\"\n",
        "source = \"https://www.nice.org.uk/guidance/ipg655\"\npublished = 2019-05-22\nnotes = [\"First note.\", 5]\ncomment = \"draft\"\n",
    );
    let text = replace_once(
        &text,
        "{ opcs4 = \"Z94.2\", title = \"Right sided operation\" }",
        "{ opcs4 = \"Z94.2\", title = \"Right sided operation\", preferred = \"yes\" }",
    );
    assert_eq!(
        headlines(&text, None),
        [
            "guidance/ipg/IPG655.toml:5:13: `published` must be a string, not date-time `2019-05-22`; write it in double quotes.",
            "guidance/ipg/IPG655.toml:6:25: each entry of `notes` must be a string, not integer `5`; write it in double quotes.",
            "guidance/ipg/IPG655.toml:7:1: unknown key `comment`; correct its spelling or remove it (this table takes `id`, `title`, `source`, `status`, `replaces`, `replaced_by`, `recommendation`, `opcs4_version`, `icd10_edition`, `published`, `undated`, `written_before`, `written_while`, `last_updated`, `body_systems`, `procedure`, `diagnosis`, `ruled_out_by`, `snomed`, `notes`, `stock_notes`, `limitations`, `not_coded`, `ambiguities`, `incomplete`, `no_single_code_set`).",
            "guidance/ipg/IPG655.toml:22:67: `preferred` must be true or false, not string \"yes\"; write true or false, without quotes.",
        ]
    );
}

#[test]
fn an_entry_of_a_tree_that_is_not_a_table_is_named_by_its_list() {
    let text = replace_once(
        &good("ipg/IPG655.toml"),
        "{ opcs4 = \"Z94.2\", title = \"Right sided operation\" }",
        "\"Z94.2\"",
    );
    assert_eq!(
        headlines(&text, None),
        [
            "guidance/ipg/IPG655.toml:19:3: each entry of `procedure` must be a table, not string \"Z94.2\"; write it in braces, { key = value, ... }."
        ]
    );
}

#[test]
fn a_key_missing_from_an_inner_table_is_reported_at_that_table() {
    let text = replace_once(
        &good("ipg/IPG655.toml"),
        "diagnosis = [",
        "snomed = [\n  { concept = \"448606008\", applies_to = \"procedure\" },\n]\n\ndiagnosis = [",
    );
    assert_eq!(
        headlines(&text, None),
        [
            "guidance/ipg/IPG655.toml:23:3: missing key `term` in this table; add `term = ...` (see guidance/README.md for what it holds)."
        ]
    );
}

#[test]
fn a_stock_note_without_text_is_reported_and_not_also_called_undefined() {
    let stock = good("stock-notes.toml");
    let key = "[image-control-category]\ntext = ";
    assert!(
        stock.contains(key),
        "the good stock notes have image-control-category"
    );
    let stock = stock.replacen(key, "[image-control-category]\ntxet = ", 1);
    let at = stock.find("txet").expect("the renamed key");
    let line = stock[..at].matches('\n').count() + 1;
    let table = stock[..at]
        .rfind("[image-control-category]")
        .expect("header");
    let table_line = stock[..table].matches('\n').count() + 1;
    assert_eq!(
        headlines(&good("ipg/IPG655.toml"), Some(&stock)),
        [
            format!(
                "guidance/stock-notes.toml:{table_line}:1: missing key `text` in this table; add `text = ...` (see guidance/README.md for what it holds)."
            ),
            format!("guidance/stock-notes.toml:{line}:1: unknown key `txet`; did you mean `text`?"),
        ]
    );
}
