//! The examples as a user runs them: `cargo run --example show -- IPG655 | head` ends
//! quietly when the reader goes away early.
//!
//! `cargo test` builds the examples next to the test executables (`target/<profile>/examples`),
//! so the test runs the built example directly. `cargo test --test examples` alone does not
//! rebuild them: run `cargo build --examples` first when running only this target.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The built example `name`: `target/<profile>/examples/<name>`, found from this test's own
/// executable in `target/<profile>/deps`.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps");
    let path = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(path.exists(), "{} is not built", path.display());
    path
}

/// Runs the example with its standard output a pipe whose reading end is closed at once (as
/// `| head` does once it has its lines; closing before the example starts writing makes every
/// write meet the closed pipe), and returns its exit status and standard error.
fn run_with_reader_gone(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(example("show"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the example");
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let status = child.wait().expect("wait");
    (status.code(), stderr)
}

#[test]
fn show_ends_quietly_when_the_reader_goes_away() {
    for args in [&["IPG655"][..], &[][..]] {
        let (code, stderr) = run_with_reader_gone(args);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{args:?}");
    }
}
