//! Replays the fuzz corpus on stable Rust: every file of `fuzz/corpus/<target>/` through the
//! same check the fuzz target `<target>` runs (`fuzz/checks/<target>.rs`), so the inputs the
//! fuzzers kept (and any finding, once fixed and added) are tested by `cargo test`. See
//! "Fuzzing" in README.md for running the fuzzers themselves. The `release` corpus needs the
//! `release-check` feature (`cargo test --all-features`); the others run in a plain `cargo test`.

#[path = "../build/mod.rs"]
mod compiler;

#[path = "../fuzz/checks/codes.rs"]
mod codes;
#[path = "../fuzz/checks/compiler.rs"]
mod compiler_check;
#[path = "../fuzz/checks/matching.rs"]
mod matching;
// The release readers are compiled only with the `release-check` feature; without it, the
// other targets' corpora are still replayed.
#[cfg(feature = "release-check")]
#[path = "../fuzz/checks/release.rs"]
mod release;

use std::path::Path;

/// Runs `check` on every file of `fuzz/corpus/<target>/`; fails naming the file whose check
/// panicked, and when the corpus is missing or empty (the replay would prove nothing).
fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("corpus entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    for file in files {
        let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(
            outcome.is_ok(),
            "the {target} check fails on {}",
            file.display()
        );
    }
}

#[test]
fn codes_corpus() {
    replay("codes", codes::check);
}

#[cfg(feature = "release-check")]
#[test]
fn release_corpus() {
    replay("release", release::check);
}

#[test]
fn compiler_corpus() {
    replay("compiler", compiler_check::check);
}

#[test]
fn matching_corpus() {
    replay("matching", matching::check);
}
