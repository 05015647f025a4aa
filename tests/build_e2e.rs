//! End to end, as a maintainer meets it: a copy of the crate with one broken guidance file,
//! built with cargo. The build must fail with the located message, not a panic.
//!
//! `slow_*` tests run `cargo build` on a fresh copy, which compiles the build dependencies
//! (toml, quote, ...) into a target folder of their own: expect 30 to 60 seconds. They run
//! with every `cargo test --workspace`; `-- --skip slow_` leaves them out while iterating.
//! The release variables (`NICE_CODING_OPCS4`, ...) of the caller's environment are never
//! passed on; the test that checks against a release sets its own.

mod common;
use common::{cargo, cargo_with, copy_crate, copy_tree};
use std::path::Path;

/// 1-based line and column (in characters) of byte offset `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[test]
fn slow_broken_guidance_fails_the_build_with_a_located_message() {
    let dir = copy_crate("broken");
    let file = dir.0.join("guidance/ipg/IPG655.toml");
    let text = std::fs::read_to_string(&file).expect("read IPG655.toml");
    assert!(
        text.contains("\"K57.8\""),
        "IPG655.toml no longer has K57.8"
    );
    let broken = text.replace("\"K57.8\"", "\"K578\"");
    std::fs::write(&file, &broken).expect("write IPG655.toml");

    let at = broken.find("\"K578\"").expect("broken code");
    let (line, column) = line_column(&broken, at);
    let source_line = broken.lines().nth(line - 1).expect("line");
    let headline = format!(
        "guidance/ipg/IPG655.toml:{line}:{column}: OPCS-4 code \"K578\" is malformed: the code is missing the dot after its third character; write \"K57.8\"."
    );
    let shown = format!("    {line} | {source_line}");
    let caret = format!(
        "    {} | {}^^^^^^",
        " ".repeat(line.to_string().len()),
        " ".repeat(column - 1)
    );

    let out = cargo(&dir.0, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the build succeeded:\n{stderr}");
    let ends = |suffix: &str| {
        stderr
            .lines()
            .any(|l| l.starts_with("error: nice-coding@") && l.ends_with(&format!(": {suffix}")))
    };
    assert!(ends(&headline), "no `{headline}` in:\n{stderr}");
    assert!(ends(&shown), "no `{shown}` in:\n{stderr}");
    assert!(ends(&caret), "no `{caret}` in:\n{stderr}");
    assert!(
        !stderr.contains("panicked"),
        "the build script panicked:\n{stderr}"
    );
    assert!(
        !stderr.contains("stack backtrace"),
        "a backtrace:\n{stderr}"
    );
}

/// The files a build of the library wrote to its `OUT_DIR` under `target`, by name: the
/// build script's output folder of the one build of `nice-coding` there.
fn generated_files(target: &Path) -> Vec<(String, Vec<u8>)> {
    let build = target.join("debug/build");
    let outs: Vec<_> = std::fs::read_dir(&build)
        .expect("target/debug/build")
        .filter_map(Result::ok)
        .map(|e| e.path().join("out"))
        .filter(|out| out.join("catalogue.rs").is_file())
        .collect();
    assert_eq!(outs.len(), 1, "one OUT_DIR of nice-coding: {outs:?}");
    let mut files = Vec::new();
    let mut folders = vec![outs[0].clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)
            .expect("OUT_DIR")
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let name = path
                    .strip_prefix(&outs[0])
                    .expect("inside")
                    .display()
                    .to_string();
                files.push((name, std::fs::read(&path).expect("read generated file")));
            }
        }
    }
    files.sort();
    files
}

/// Asserts that a cargo command (`what`) succeeded and printed no warning.
fn assert_quiet_success(out: &std::process::Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{what} failed:\n{stderr}");
    assert!(!stderr.contains("warning"), "{what} warns:\n{stderr}");
}

/// A dependent's build (no `check` feature) compiles the shipped guidance without checking it
/// again, to the same bytes as a maintainer's checked build; and refuses, naming the file, a
/// guidance file edited since the seal (`guidance/checked.txt`) was written.
#[test]
fn slow_a_build_without_the_checks_compiles_only_the_sealed_guidance() {
    let dir = copy_crate("sealed");
    let unchecked = cargo(&dir.0, &["build", "-p", "nice-coding"]);
    assert_quiet_success(&unchecked, "the unchecked build");
    let unchecked_files = generated_files(&dir.0.join("target"));

    // The maintainers' build: the workspace's default members ask for the checks.
    let checked_target = dir.0.join("target-checked");
    let checked = cargo_with(&dir.0, &["build"], &[("CARGO_TARGET_DIR", &checked_target)]);
    assert_quiet_success(&checked, "the checked build");
    assert!(
        unchecked_files == generated_files(&checked_target),
        "the generated files differ between a build with the checks and one without"
    );

    let file = dir.0.join("guidance/ipg/IPG655.toml");
    let text = std::fs::read_to_string(&file).expect("read IPG655.toml");
    std::fs::write(&file, text.replace("\"K57.8\"", "\"K578\"")).expect("write IPG655.toml");
    let refused = cargo(&dir.0, &["build", "-p", "nice-coding"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success(),
        "the edited file was compiled unchecked:\n{stderr}"
    );
    assert!(
        reported(
            &stderr,
            "error",
            "guidance/ipg/IPG655.toml:1:1: the file has changed since guidance/ was last checked (its digest is not the one guidance/checked.txt records); nice-coding was built without its checks, so it compiles guidance/ only as its checks last passed it: build with the `check` feature (`cargo build --features check`, or `features = [\"check\"]` where you depend on nice-coding) to check guidance/, then rewrite guidance/checked.txt (see guidance/README.md, \"The seal\")."
        ),
        "no message naming IPG655.toml in:\n{stderr}"
    );
    // With the checks, the same edit is reported at its place.
    let located = cargo(
        &dir.0,
        &["build", "-p", "nice-coding", "--features", "check"],
    );
    let stderr = String::from_utf8_lossy(&located.stderr);
    assert!(!located.status.success());
    assert!(
        stderr.contains("guidance/ipg/IPG655.toml:")
            && stderr.contains("OPCS-4 code \"K578\" is malformed"),
        "no located message in:\n{stderr}"
    );
}

/// True when a line of cargo's output is `{level}: nice-coding@<version>: {text}`.
fn reported(output: &str, level: &str, text: &str) -> bool {
    output.lines().any(|l| {
        l.strip_prefix(level)
            .and_then(|rest| rest.strip_prefix(": nice-coding@"))
            .and_then(|rest| rest.split_once(": "))
            .is_some_and(|(_, message)| message == text)
    })
}

#[test]
fn slow_build_checks_the_guidance_against_an_opcs4_release() {
    // The fixture releases hold IPG655's codes (and a few more), so the copy keeps IPG655
    // alone.
    let dir = copy_crate("release");
    for entry in std::fs::read_dir(dir.0.join("guidance/ipg")).expect("guidance/ipg") {
        let path = entry.expect("entry").path();
        if path.file_name().is_some_and(|n| n != "IPG655.toml") {
            std::fs::remove_file(&path).expect("remove a guidance file");
        }
    }
    let fixture = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .join("tests/fixtures/releases/opcs4-codes-and-titles.txt");
    let release = std::fs::read_to_string(fixture).expect("read the fixture release");
    let ipg655 = std::fs::read_to_string(dir.0.join("guidance/ipg/IPG655.toml")).expect("read");
    let position = |needle: &str| {
        let at = ipg655
            .find(needle)
            .unwrap_or_else(|| panic!("IPG655 has no {needle}"));
        line_column(&ipg655, at)
    };

    // Without the `release-check` feature, naming a release fails the build and says how to
    // turn the check on, rather than ignoring the release.
    let named = dir
        .0
        .join("tests/fixtures/releases/opcs4-codes-and-titles.txt");
    let out = cargo_with(&dir.0, &["build"], &[("NICE_CODING_OPCS4", &named)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the build succeeded:\n{stderr}");
    assert!(
        reported(
            &stderr,
            "error",
            "NICE_CODING_OPCS4 names a release, but nice-coding was built without its release check; build with `--features release-check` (for example `NICE_CODING_OPCS4=... cargo build --features release-check`), or unset NICE_CODING_OPCS4."
        ),
        "no message saying how to turn the release check on in:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    // A release that lacks Z94.2, which IPG655 uses: the build fails at the code.
    let lacking: String = release
        .lines()
        .filter(|l| !l.starts_with("Z942\t"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(lacking.len(), release.len(), "the fixture has Z94.2");
    dir.write("releases/lacking.txt", &lacking);
    let out = cargo_with(
        &dir.0,
        &["build", "--features", "release-check"],
        &[("NICE_CODING_OPCS4", &dir.0.join("releases/lacking.txt"))],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the build succeeded:\n{stderr}");
    let (line, column) = position("\"Z94.2\"");
    let source_line = ipg655.lines().nth(line - 1).expect("line");
    let expected = [
        format!(
            "guidance/ipg/IPG655.toml:{line}:{column}: OPCS-4 code Z94.2 is not in the OPCS-4 release (lacking.txt); correct the code (keep what the page printed in `printed`)."
        ),
        format!("    {line} | {source_line}"),
        format!(
            "    {} | {}^^^^^^^",
            " ".repeat(line.to_string().len()),
            " ".repeat(column - 1)
        ),
        "1 problem in guidance/; see guidance/README.md for the file format.".to_string(),
    ];
    let errors: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: nice-coding@"))
        .filter_map(|l| l.split_once(": ").map(|(_, message)| message))
        .collect();
    assert_eq!(errors, expected, "in:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    // A release that titles Z33.6 differently: a warning naming both titles, and the build
    // succeeds (the release's version is unknown, so title differences are warnings).
    let retitled = release.replace("Z336\tAtrium of heart", "Z336\tAtrium");
    assert_ne!(retitled, release, "the fixture has Z33.6");
    dir.write("releases/retitled.txt", &retitled);
    let out = cargo_with(
        &dir.0,
        &["build", "--features", "release-check"],
        &[("NICE_CODING_OPCS4", &dir.0.join("releases/retitled.txt"))],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the build failed:\n{stderr}");
    let (line, column) = position("\"Atrium of heart\"");
    let warning = format!(
        "guidance/ipg/IPG655.toml:{line}:{column}: Z33.6 is titled \"Atrium of heart\" here but \"Atrium\" in the OPCS-4 release (retitled.txt)."
    );
    assert!(
        reported(&stderr, "warning", &warning),
        "no `{warning}` in:\n{stderr}"
    );
    assert!(
        reported(
            &stderr,
            "warning",
            "the OPCS-4 release's version is not known, so differing titles are reported as warnings; set NICE_CODING_OPCS4_VERSION (such as \"4.10\") to have titles that differ in guidance written for that version reported as errors."
        ),
        "no version note in:\n{stderr}"
    );
}

#[test]
fn slow_packaged_crate_builds() {
    let dir = copy_crate("package-build");
    // Without --no-verify, cargo unpacks the .crate and builds it on its own, without features
    // as a dependent does: proof that the include list carries everything the build script and
    // the library need, the seal (guidance/checked.txt) among them, and that it matches.
    let out = cargo(&dir.0, &["package", "-p", "nice-coding", "--allow-dirty"]);
    // Quiet: no target left out (the tests and benchmarks are their own package), and the
    // manifest names its documentation.
    assert_quiet_success(&out, "cargo package");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Verifying nice-coding"), "{stderr}");
    let packaged = dir.0.join("target/package");
    let crate_file = std::fs::read_dir(&packaged)
        .expect("target/package")
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().ends_with(".crate"));
    assert!(crate_file, "no .crate file in {}", packaged.display());
}

#[test]
fn package_lists_the_guidance_and_the_compiler() {
    let dir = copy_crate("package");
    let out = cargo(
        &dir.0,
        &["package", "-p", "nice-coding", "--list", "--allow-dirty"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "cargo package --list failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: Vec<&str> = stdout.lines().collect();
    for file in [
        "guidance/ipg/IPG655.toml",
        "guidance/stock-notes.toml",
        "guidance/names.toml",
        "guidance/checked.txt",
        "guidance/README.md",
        "build/mod.rs",
        "build/read/mod.rs",
        "build/check/mod.rs",
        "build/shared/diagnostic.rs",
        "build/emit/mod.rs",
        "build/release/read/mod.rs",
        "build/release/check/mod.rs",
        "build.rs",
        "src/code.rs",
        "src/lib.rs",
        "BENCHMARKS.md",
    ] {
        assert!(listed.contains(&file), "{file} is not packaged:\n{stdout}");
    }
    // The library alone: no file of the tool (its own package, `cli/`), the tests and their
    // fixtures, the fuzz targets or the benchmarks.
    for file in &listed {
        assert!(
            !["cli/", "src/bin/", "tests/", "fuzz/", "benches/"]
                .iter()
                .any(|folder| file.starts_with(folder)),
            "{file} is in the library's package:\n{stdout}"
        );
    }
}

/// A plain `cargo test` (no features) compiles every test target: a test that needs the
/// release check declares `required-features = ["release-check"]` in tests/Cargo.toml, or puts
/// what needs it under `#[cfg(feature = "release-check")]` (as `tests/fuzz_corpus.rs` does
/// with the release corpus, replaying the others without the feature).
#[test]
fn slow_tests_compile_without_features() {
    let dir = copy_crate("no-features");
    // tests/fuzz_corpus.rs includes the fuzz targets' checks.
    copy_tree(
        &Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("fuzz/checks"),
        &dir.0.join("fuzz/checks"),
    );
    let out = cargo(
        &dir.0,
        &["check", "-p", "nice-coding-tests", "--tests", "--examples"],
    );
    assert!(
        out.status.success(),
        "the tests do not compile without features:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
