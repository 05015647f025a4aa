//! How a guidance file states when it was written (`build/check/dating.rs`): a `published` date
//! with its `# published: <source>` comment, or `undated` with the reason (and maybe a
//! `written_before` bound with its `# written_before: <evidence>` comment); and the shipped
//! catalogue states one in every file.

mod common;
#[path = "../build/mod.rs"]
mod compiler;

use common::TempDir;
use compiler::read::model::read_guidance;
use compiler::shared::diagnostic::Diagnostic;
use std::path::Path;

/// A small valid guidance file whose header lines are `header`.
fn guidance(id: &str, header: &str) -> String {
    format!(
        "id = \"{id}\"\ntitle = \"Dating test (test fixture)\"\nsource = \"https://www.nice.org.uk/guidance/{}\"\n{header}\nprocedure = [\n  {{ opcs4 = \"K57.8\", title = \"Other specified other therapeutic transluminal operations on heart\" }},\n]\n",
        id.to_lowercase()
    )
}

fn headlines(files: &[(&str, String)]) -> Vec<String> {
    let dir = TempDir::new("dating");
    for (id, text) in files {
        dir.write(&format!("guidance/ipg/{id}.toml"), text);
    }
    match compiler::compile_dir(&dir.0) {
        Ok(_) => Vec::new(),
        Err(failed) => failed
            .diagnostics
            .iter()
            .map(Diagnostic::headline)
            .collect(),
    }
}

#[test]
fn a_published_date_with_its_source_comment_above_or_after_it_is_accepted() {
    let above = guidance(
        "IPG1",
        "# published: https://www.nice.org.uk/guidance/ipg1 (\"Published: 1 May 2019\")\npublished = \"2019-05-01\"",
    );
    let after = guidance(
        "IPG2",
        "published = \"2019\"  # published: an HTA record (\"Year Published: 2019\")",
    );
    let undated = guidance("IPG3", "undated = \"no source states a date\"");
    assert_eq!(
        headlines(&[("IPG1", above), ("IPG2", after), ("IPG3", undated)]),
        Vec::<String>::new()
    );
}

#[test]
fn an_undated_file_may_bound_its_date_with_written_before_and_its_evidence() {
    let above = guidance(
        "IPG1",
        "undated = \"no source states a date\"\n# written_before: a page (\"a name that ended then\"), and a source for that date\nwritten_before = \"2013-04-01\"",
    );
    let after = guidance(
        "IPG2",
        "undated = \"no source states a date\"\nwritten_before = \"2013\"  # written_before: a page (\"a name that ended then\")",
    );
    assert_eq!(
        headlines(&[("IPG1", above), ("IPG2", after)]),
        Vec::<String>::new()
    );
}

#[test]
fn written_before_needs_its_own_comment_not_that_of_published() {
    // The `# published:` comment above does not stand for the evidence of `written_before`,
    // and the `written_before` comment does not stand for the source of `published`.
    let files = [
        (
            "IPG1",
            guidance(
                "IPG1",
                "undated = \"no source states a date\"\n# published: a page\nwritten_before = \"2013-04-01\"",
            ),
        ),
        (
            "IPG2",
            guidance("IPG2", "# written_before: a page\npublished = \"2013\""),
        ),
    ];
    assert_eq!(
        headlines(&files),
        [
            "guidance/ipg/IPG1.toml:6:18: `written_before` does not say what shows the text existed before that date; write the evidence in a comment on the line above, such as `# written_before: <the page's address> (\"<what on it dates the text, such as a name that ended on that date>\"), <the source of that date>`.",
            "guidance/ipg/IPG2.toml:5:13: `published` does not say where the date came from; write the source in a comment on the line above, such as `# published: <the page's address> (\"<what it states, such as Published: 22 May 2019>\")`.",
        ]
    );
}

#[test]
fn every_way_of_stating_it_wrongly_has_its_located_message() {
    let files = [
        ("IPG1", guidance("IPG1", "published = \"2019-05\"")),
        (
            "IPG2",
            guidance("IPG2", "# published:   \npublished = \"2019-05\""),
        ),
        ("IPG3", guidance("IPG3", "undated = \"  \"")),
        (
            "IPG4",
            guidance(
                "IPG4",
                "# published: a page\npublished = \"2019\"\nundated = \"unknown\"",
            ),
        ),
        (
            "IPG5",
            guidance("IPG5", "# published: a page\npublished = \"2013-02-30\""),
        ),
        (
            "IPG6",
            guidance("IPG6", "# published: a page\npublished = \"2012-02-30\""),
        ),
        // A comment two lines up does not count: it must be on the line above.
        (
            "IPG7",
            guidance(
                "IPG7",
                "# published: a page\nrecommendation = \"standard\"\npublished = \"2019\"",
            ),
        ),
    ];
    assert_eq!(
        headlines(&files),
        [
            "guidance/ipg/IPG1.toml:4:13: `published` does not say where the date came from; write the source in a comment on the line above, such as `# published: <the page's address> (\"<what it states, such as Published: 22 May 2019>\")`.",
            "guidance/ipg/IPG2.toml:5:13: the `# published:` comment of `published` names no source; say where the date came from (the page's address and what it states, or the document).",
            "guidance/ipg/IPG3.toml:4:11: `undated` is empty; write the text, or remove the key.",
            "guidance/ipg/IPG4.toml:6:11: the file states both `published` (\"2019\") and `undated`; keep `published` with its source when the date is known, else `undated` alone.",
            "guidance/ipg/IPG5.toml:5:13: `published` \"2013-02-30\" is not a date: February 2013 has 28 days, so day 30 does not exist; write the date the source states.",
            "guidance/ipg/IPG6.toml:5:13: `published` \"2012-02-30\" is not a date: February 2012 has 29 days, so day 30 does not exist; write the date the source states.",
            "guidance/ipg/IPG7.toml:6:13: `published` does not say where the date came from; write the source in a comment on the line above, such as `# published: <the page's address> (\"<what it states, such as Published: 22 May 2019>\")`.",
        ]
    );
}

/// The files of the shipped catalogue that state neither `published` nor `undated`, and those
/// that state `written_before` without `undated`.
fn undated_silently(dir: &Path, out: &mut Vec<String>, bound_alone: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read guidance folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            undated_silently(&path, out, bound_alone);
        } else if path.extension().is_some_and(|e| e == "toml")
            && path.file_name().is_some_and(|n| n != "stock-notes.toml")
        {
            let text = std::fs::read_to_string(&path).expect("read guidance file");
            let raw = read_guidance(&text).value.expect("the shipped files parse");
            if !compiler::check::dating::states_when_written(&raw) {
                out.push(path.display().to_string());
            }
            if raw.written_before.is_some() && raw.undated.is_none() {
                bound_alone.push(path.display().to_string());
            }
        }
    }
}

#[test]
fn every_shipped_guidance_states_when_it_was_written_or_why_not() {
    let mut missing = Vec::new();
    let mut bound_alone = Vec::new();
    undated_silently(
        &Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("guidance"),
        &mut missing,
        &mut bound_alone,
    );
    assert!(
        missing.is_empty(),
        "these files state neither `published` (with a `# published: <source>` comment above it) nor `undated = \"<why no date can be established>\"`:\n{}",
        missing.join("\n")
    );
    assert!(
        bound_alone.is_empty(),
        "these files state `written_before` without `undated` (it bounds the date of an undated guidance only):\n{}",
        bound_alone.join("\n")
    );
}
