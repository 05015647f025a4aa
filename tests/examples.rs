//! The examples as a user runs them: `cargo run --example show -- IPG655 | head` ends
//! quietly when the reader goes away early.
//!
//! `cargo test --workspace` builds the library's examples next to the test executables
//! (`target/<profile>/examples`), so the test runs the built example directly.
//! `cargo test -p nice-coding-tests --test examples` alone does not rebuild them: run
//! `cargo build --examples` first when running only this target.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The built example `name`, found from this test's own executable in `target/<profile>/deps`:
/// `target/<profile>/examples/<name>` as `cargo test` leaves it, or `<name>-<hash>` as
/// `cargo test --all-targets` builds it (without a test harness, see Cargo.toml), the newest
/// when there are several.
fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable");
    let dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps")
        .join("examples");
    let plain = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    let hashed = format!("{name}-");
    let newest = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| {
            let file = entry.file_name().to_string_lossy().into_owned();
            file == plain
                || (file.starts_with(&hashed)
                    && file.ends_with(std::env::consts::EXE_SUFFIX)
                    && !file.ends_with(".d")
                    && file[hashed.len()..]
                        .trim_end_matches(std::env::consts::EXE_SUFFIX)
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit()))
        })
        .filter_map(|entry| Some((entry.metadata().ok()?.modified().ok()?, entry.path())))
        .max();
    match newest {
        Some((_, path)) => path,
        None => panic!("example {name} is not built in {}", dir.display()),
    }
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
