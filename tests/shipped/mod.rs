//! What the tests of the shipped catalogue expect, taken from the guidance files themselves
//! or from saved outputs, so that adding or changing a guidance file never means editing a
//! test by hand.
//!
//! * Counts are read from `guidance/` ([`guidance_files`], [`incomplete_files`]).
//! * Outputs that name catalogue content (such as `nice-coding lookup K578`) are compared with
//!   a saved copy in the `tests/saved/` folder of the package whose test writes them (the
//!   library's, or the tool's `cli/tests/saved/`) ([`assert_saved`]). After adding or changing
//!   a guidance file, review and refresh them with
//!   `NICE_CODING_BLESS=1 cargo test --workspace --all-features`, then read
//!   `git diff '*/saved'` before committing: every change there must be one the new file
//!   explains.
//!
//! Included with `#[path]` by the tests of both packages.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The variable that makes [`assert_saved`] write the outputs instead of comparing them.
pub const BLESS: &str = "NICE_CODING_BLESS";

/// The folder that holds the `tests/saved/` of the package whose test this is: the tool's
/// (`cli/`), or for the library's tests, which are the package `nice-coding-tests` in the
/// library's `tests/` folder, the library's.
fn package() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if env!("CARGO_PKG_NAME") == "nice-coding-tests" {
        manifest.join("..")
    } else {
        manifest.to_path_buf()
    }
}

/// The library's folder, which holds `guidance/`: the folder above the tool's (`cli/`) or the
/// library tests' (`tests/`).
fn library() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every guidance file under `guidance/` (not `stock-notes.toml`), sorted.
pub fn guidance_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read guidance folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml")
                && path
                    .file_name()
                    .is_some_and(|n| n != "stock-notes.toml" && n != "names.toml")
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&library().join("guidance"), &mut out);
    out.sort();
    out
}

/// How many guidance files have a top-level `incomplete` key.
pub fn incomplete_files() -> usize {
    guidance_files()
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).expect("read guidance file");
            let table: toml::Table = toml::from_str(&text).expect("the shipped files parse");
            table.contains_key("incomplete")
        })
        .count()
}

/// The saved output `tests/saved/<name>`.
pub fn saved(name: &str) -> String {
    std::fs::read_to_string(package().join("tests/saved").join(name)).unwrap_or_else(|e| {
        panic!("tests/saved/{name} cannot be read ({e}); run `{BLESS}=1 cargo test --workspace --all-features` to save it")
    })
}

/// Compares `actual` with `tests/saved/<name>`. With `NICE_CODING_BLESS=1` in the
/// environment the file is written instead (and the test passes), so a maintainer refreshes
/// every saved output with one command and reviews the difference with `git diff`.
pub fn assert_saved(name: &str, actual: &str) {
    let path = package().join("tests/saved").join(name);
    if std::env::var_os(BLESS).is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).expect("write saved output");
        return;
    }
    let saved = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "tests/saved/{name} cannot be read ({e}); run `{BLESS}=1 cargo test --workspace --all-features` to save it, then review it"
        )
    });
    assert!(
        saved == actual,
        "the output differs from tests/saved/{name}; if a guidance change explains it, run `{BLESS}=1 cargo test --workspace --all-features` and review `git diff '*/saved'`.\n--- saved\n{saved}\n--- now\n{actual}"
    );
}
