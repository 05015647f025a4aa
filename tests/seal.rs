//! The seal, `guidance/checked.txt` (`build/seal.rs`): what `guidance/` held when its checks
//! last passed. A build without the `check` feature (a dependent's) compiles the files only
//! while each matches its line, so these tests pin that the shipped seal records the shipped
//! files, and that every way a folder can differ from its seal is refused with the file named.
//!
//! When the guidance changes, the first test fails until the seal is written again, from
//! files that pass every check:
//!
//! ```sh
//! NICE_CODING_BLESS=1 cargo test -p nice-coding-tests --test seal
//! ```

mod common;
#[path = "../build/mod.rs"]
mod compiler;

use common::{TempDir, copy_tree};
use compiler::read::read_dir;
use compiler::seal::{SEAL_FILE, seal_text, verify};
use compiler::shared::diagnostic::Diagnostic;
use std::path::Path;

fn repository() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// What `verify` says after each problem (`build/seal.rs`).
const FIX: &str = "nice-coding was built without its checks, so it compiles guidance/ only as its checks last passed it: build with the `check` feature (`cargo build --features check`, or `features = [\"check\"]` where you depend on nice-coding) to check guidance/, then rewrite guidance/checked.txt (see guidance/README.md, \"The seal\").";

#[test]
fn the_shipped_seal_records_the_shipped_guidance() {
    let root = repository();
    let expected = seal_text(&read_dir(root));
    let path = root.join(SEAL_FILE);
    if std::env::var_os("NICE_CODING_BLESS").is_some_and(|v| v == "1") {
        // Only files that pass every check are sealed.
        if let Err(failed) = compiler::compile_dir(root) {
            let shown: Vec<String> = failed.diagnostics.iter().map(|d| d.headline()).collect();
            panic!(
                "guidance/ does not pass its checks, so it is not sealed:\n{}",
                shown.join("\n")
            );
        }
        std::fs::write(&path, &expected).expect("write guidance/checked.txt");
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == expected,
        "guidance/checked.txt does not record guidance/ as it is; once `cargo build` passes, write it again:\n    NICE_CODING_BLESS=1 cargo test -p nice-coding-tests --test seal"
    );
    assert!(verify(root, &read_dir(root)).is_empty());
}

#[test]
fn the_seal_names_every_file_read_and_nothing_else() {
    let root = repository();
    let read = read_dir(root);
    let text = seal_text(&read);
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    // The stock notes, the names, and one line per guidance file, in path order.
    assert_eq!(lines.len(), read.files.len() + 2);
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("  guidance/stock-notes.toml"))
    );
    assert!(lines.iter().any(|l| l.ends_with("  guidance/names.toml")));
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("  guidance/ipg/IPG655.toml"))
    );
    let mut sorted = lines.clone();
    sorted.sort_by_key(|l| &l[18..]);
    assert_eq!(lines, sorted);
    for line in &lines {
        let (digest, path) = line.split_once("  ").expect("two spaces");
        assert_eq!(digest.len(), 16, "{line}");
        assert!(digest.bytes().all(|b| b.is_ascii_hexdigit()), "{line}");
        assert!(path.starts_with("guidance/"), "{line}");
    }
}

/// A folder with the good fixtures and their seal.
fn sealed_folder(label: &str) -> TempDir {
    let dir = TempDir::new(label);
    copy_tree(
        &repository().join("tests/fixtures/good/guidance"),
        &dir.0.join("guidance"),
    );
    let text = seal_text(&read_dir(&dir.0));
    dir.write(SEAL_FILE, text);
    dir
}

fn headlines(root: &Path) -> Vec<String> {
    verify(root, &read_dir(root))
        .iter()
        .map(Diagnostic::headline)
        .collect()
}

#[test]
fn a_folder_as_sealed_is_accepted_whatever_its_line_endings() {
    let dir = sealed_folder("seal-accepted");
    assert_eq!(headlines(&dir.0), Vec::<String>::new());
    // A checkout that turns line ends into CRLF still matches.
    let file = dir.0.join("guidance/ipg/IPG655.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace('\n', "\r\n")).expect("write");
    assert_eq!(headlines(&dir.0), Vec::<String>::new());
}

#[test]
fn a_changed_a_new_and_a_removed_file_are_each_refused_by_name() {
    let dir = sealed_folder("seal-differs");
    let file = dir.0.join("guidance/ipg/IPG655.toml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, text.replace("K57.8", "K57.9")).expect("write");
    std::fs::copy(
        dir.0.join("guidance/ipg/IPG1.toml"),
        dir.0.join("guidance/ipg/IPG3.toml"),
    )
    .expect("copy");
    std::fs::remove_file(dir.0.join("guidance/ipg/IPG2.toml")).expect("remove");
    let seal = std::fs::read_to_string(dir.0.join(SEAL_FILE)).expect("seal");
    let removed_line = seal
        .lines()
        .position(|l| l.ends_with("  guidance/ipg/IPG2.toml"))
        .expect("IPG2's line")
        + 1;
    assert_eq!(
        headlines(&dir.0),
        [
            format!(
                "guidance/ipg/IPG3.toml:1:1: the file is not in guidance/checked.txt, so it was never checked; {FIX}"
            ),
            format!(
                "guidance/ipg/IPG655.toml:1:1: the file has changed since guidance/ was last checked (its digest is not the one guidance/checked.txt records); {FIX}"
            ),
            format!(
                "guidance/checked.txt:{removed_line}:1: guidance/ipg/IPG2.toml was checked but is not in guidance/ now; {FIX}"
            ),
        ]
    );
}

#[test]
fn a_seal_that_is_missing_or_not_a_seal_is_refused() {
    let dir = sealed_folder("seal-missing");
    std::fs::remove_file(dir.0.join(SEAL_FILE)).expect("remove");
    let shown = headlines(&dir.0);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with("guidance/checked.txt:1:1: cannot read the file: ")
            && shown[0].ends_with(&format!("; {FIX}")),
        "{shown:?}"
    );

    let dir = sealed_folder("seal-malformed");
    let seal = std::fs::read_to_string(dir.0.join(SEAL_FILE)).expect("seal");
    let first = seal
        .lines()
        .find(|l| !l.starts_with('#'))
        .expect("a line")
        .to_string();
    let broken = format!("{seal}{first}\nnot a digest  guidance/ipg/IPG1.toml\n");
    dir.write(SEAL_FILE, &broken);
    let (_, path) = first.split_once("  ").expect("two spaces");
    let lines = broken.lines().count();
    assert_eq!(
        headlines(&dir.0),
        [
            format!(
                "guidance/checked.txt:{}:1: {path} is listed twice; {FIX}",
                lines - 1
            ),
            format!(
                "guidance/checked.txt:{lines}:1: this line is not a digest and a path (16 hexadecimal digits, two spaces, a path under guidance/); {FIX}"
            ),
        ]
    );

    // A path that holds control characters is shown escaped, never sent to the terminal.
    let hostile = format!("{seal}0123456789abcdef  guidance/\u{1b}[2J.toml\n");
    dir.write(SEAL_FILE, &hostile);
    let shown = headlines(&dir.0);
    assert_eq!(
        shown,
        [format!(
            "guidance/checked.txt:{}:1: guidance/\\u{{1b}}[2J.toml was checked but is not in guidance/ now; {FIX}",
            hostile.lines().count()
        )]
    );

    dir.write(SEAL_FILE, b"\xff\xfe not text");
    assert_eq!(
        headlines(&dir.0),
        [format!(
            "guidance/checked.txt:1:1: the file is not valid UTF-8; {FIX}"
        )]
    );
}
