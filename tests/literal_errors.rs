//! `opcs4!` and `icd10!` with a malformed literal: the build of the crate that writes it fails
//! with a message that names the literal, says what is wrong and gives the canonical form.
//!
//! The test builds a tiny crate depending on nice-coding by path, with `cargo build --offline`
//! into a target folder of its own, so it compiles the build dependencies: expect 30 to 60
//! seconds (hence `slow_`, as in `tests/build_e2e.rs`).

use std::path::Path;
use std::process::Command;

mod common;
use common::TempDir;

/// Each bad literal and the message its build must print.
const CASES: &[(&str, &str)] = &[
    (
        r#"opcs4!("K578")"#,
        r#"opcs4!("K578"): not a canonical OPCS-4 code: the code is missing the dot after its third character; write "K57.8""#,
    ),
    (
        r#"opcs4!("k57.8")"#,
        r#"opcs4!("k57.8"): not a canonical OPCS-4 code: the code is not in upper case; write "K57.8""#,
    ),
    (
        r#"opcs4!("Y53")"#,
        r#"opcs4!("Y53"): not a canonical OPCS-4 code: the category is missing its `.-`; write "Y53.-""#,
    ),
    (
        r#"opcs4!("K5")"#,
        r#"opcs4!("K5"): not a canonical OPCS-4 code: the code is too short; an OPCS-4 code is a capital letter, two digits, a dot and a digit or `-` ("K57.8", "Y53.-")"#,
    ),
    (
        r#"icd10!("I48X")"#,
        r#"icd10!("I48X"): not a canonical ICD-10 code: the code is missing the dot after its third character; write "I48.X""#,
    ),
    (
        r#"icd10!("I50.9*")"#,
        r#"icd10!("I50.9*"): not a canonical ICD-10 code: a dagger or asterisk must be written as `D` or `A`; an ICD-10 code is a capital letter, two digits, a dot and one or two digits, `X` or `-` ("I50.9", "I48.X", "C50.-"), then `D` or `A` for a dagger or asterisk"#,
    ),
];

#[test]
fn slow_a_malformed_literal_fails_the_build_with_what_is_wrong_and_the_canonical_form() {
    let dir = TempDir::new("literal-errors");
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    dir.write(
        "Cargo.toml",
        format!(
            "[package]\nname = \"literal-errors\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nnice-coding = {{ path = {:?} }}\n",
            root.display().to_string()
        ),
    );
    // The crate's own lock file, so the offline build resolves the versions it has.
    std::fs::copy(root.join("Cargo.lock"), dir.0.join("Cargo.lock")).expect("copy Cargo.lock");
    let mut main = String::from("use nice_coding::{icd10, opcs4};\n\nfn main() {\n");
    for (i, (call, _)) in CASES.iter().enumerate() {
        main.push_str(&format!("    let _c{i} = {call};\n"));
    }
    // A well-formed literal beside them compiles.
    main.push_str("    let _ok = opcs4!(\"K57.8\");\n}\n");
    dir.write("src/main.rs", main);

    let out = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet"])
        .current_dir(&dir.0)
        .env("CARGO_TARGET_DIR", dir.0.join("target"))
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the build succeeded:\n{stderr}");
    for (call, message) in CASES {
        assert!(
            stderr.contains(message),
            "no message for {call}; expected\n{message}\nin:\n{stderr}"
        );
    }
    // The valid literal is not reported.
    assert!(!stderr.contains("K57.8\")"), "{stderr}");
}
