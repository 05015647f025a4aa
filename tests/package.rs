//! The package a library user downloads: the library alone. The command-line tool is its own
//! package in the workspace (`cli/`, `nice-coding-cli`), and so are the library's tests and
//! benchmarks (`tests/`, `nice-coding-tests`); none of their dependencies reach the library's
//! manifest. (That none of their source reaches the library's package is checked on
//! `cargo package --list` by `build_e2e.rs`.)

use std::path::Path;
use std::process::Command;

fn manifest() -> toml::Table {
    let text = std::fs::read_to_string(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join("Cargo.toml"),
    )
    .expect("read Cargo.toml");
    toml::from_str(&text).expect("parse Cargo.toml")
}

/// Runs cargo in the library's folder and returns what it printed.
fn cargo(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("cargo prints UTF-8")
}

#[test]
fn the_library_has_no_dependency_by_default() {
    let manifest = manifest();
    let dependencies = manifest["dependencies"].as_table().expect("[dependencies]");
    assert!(!dependencies.is_empty());
    for (name, spec) in dependencies {
        let optional = spec.get("optional").and_then(toml::Value::as_bool);
        assert_eq!(optional, Some(true), "dependency {name} is not optional");
    }
}

/// Every dependency the library's manifest lists serves one of its own features: `serde` for
/// the `serde` feature; the build's `toml`, `quote`, `proc-macro2`, and `roxmltree` for
/// `release-check`. None of the tool's (clap, csv, csv-core, serde_json, indicatif, flate2).
#[test]
fn the_library_manifest_lists_no_tool_dependency() {
    let manifest = manifest();
    let names = |section: &str| -> Vec<String> {
        let mut names: Vec<String> = manifest[section]
            .as_table()
            .expect("section")
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    };
    assert_eq!(names("dependencies"), ["serde"]);
    assert_eq!(
        names("build-dependencies"),
        ["proc-macro2", "quote", "roxmltree", "toml"]
    );
    let features = manifest["features"].as_table().expect("[features]");
    let mut feature_names: Vec<&String> = features.keys().collect();
    feature_names.sort();
    assert_eq!(feature_names, ["check", "release-check", "serde"]);
    assert!(
        manifest.get("bin").is_none(),
        "the library declares no binary"
    );
}

/// `cargo metadata` shows the workspace's three packages, and the tool depends on the library
/// by path.
#[test]
fn the_workspace_holds_the_library_and_the_tool() {
    let metadata = cargo(&[
        "metadata",
        "--no-deps",
        "--format-version",
        "1",
        "--offline",
    ]);
    let metadata: serde_json::Value = serde_json::from_str(&metadata).expect("metadata is JSON");
    let packages = metadata["packages"].as_array().expect("packages");
    let mut names: Vec<&str> = packages
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["nice-coding", "nice-coding-cli", "nice-coding-tests"]
    );
    let tool = packages
        .iter()
        .find(|p| p["name"] == "nice-coding-cli")
        .expect("the tool");
    let binaries: Vec<&str> = tool["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .filter(|t| t["kind"][0] == "bin")
        .map(|t| t["name"].as_str().expect("name"))
        .collect();
    assert_eq!(binaries, ["nice-coding"]);
    let library = tool["dependencies"]
        .as_array()
        .expect("dependencies")
        .iter()
        .find(|d| d["name"] == "nice-coding")
        .expect("the tool depends on the library");
    assert!(library["path"].is_string(), "by path: {library}");
}

/// Every `tests/*.rs` is a test target of `nice-coding-tests` (tests/Cargo.toml lists them, as
/// a package whose files are outside its `src/` cannot discover them), so a new test file runs.
/// The library's package has no test, bench or tool target, so `cargo package` leaves none out.
#[test]
fn every_test_file_is_a_target_and_the_library_has_none() {
    let tests: toml::Table =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
            .expect("read tests/Cargo.toml")
            .parse()
            .expect("parse tests/Cargo.toml");
    let mut declared: Vec<String> = tests["test"]
        .as_array()
        .expect("[[test]]")
        .iter()
        .map(|t| t["path"].as_str().expect("a path").to_string())
        .collect();
    declared.sort();
    let mut files: Vec<String> = std::fs::read_dir(env!("CARGO_MANIFEST_DIR"))
        .expect("read tests/")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".rs"))
        .collect();
    files.sort();
    assert_eq!(
        declared, files,
        "tests/Cargo.toml and the files of tests/ differ"
    );
    assert!(files.len() > 25);
    let library = manifest();
    for (section, what) in [("test", "test"), ("bench", "benchmark")] {
        assert!(
            library.get(section).is_none(),
            "the library declares a {what}"
        );
    }
    assert_eq!(library["package"]["autotests"].as_bool(), Some(false));
    assert_eq!(library["package"]["autobenches"].as_bool(), Some(false));
    let examples: Vec<&str> = library["example"]
        .as_array()
        .expect("[[example]]")
        .iter()
        .map(|e| e["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(
        examples,
        ["show"],
        "only the user's examples, which the package includes"
    );
}
