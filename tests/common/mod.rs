//! Helpers shared by the integration tests that write files or build a copy of the crate.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh, empty folder under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new folder whose name starts with `nice-coding-{label}`, unique to this process.
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "nice-coding-{label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    /// Writes `bytes` to `relative` inside the folder, creating folders as needed.
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().expect("has parent")).expect("create dirs");
        std::fs::write(path, bytes).expect("write file");
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a maintainer's checkout needs to build (and what `cargo package` starts from): the
/// library's examples, and the workspace's other members, whose manifests cargo loads with the
/// library's: the tool (`cli/`) and the library's tests and benchmarks (`tests/`, whose
/// targets are in `tests/` and `benches/`).
pub const CRATE_ITEMS: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
    "build",
    "src",
    "guidance",
    "README.md",
    "BENCHMARKS.md",
    "benches",
    "examples",
    "tests",
    "cli",
];

pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("create dir");
        for entry in std::fs::read_dir(from).expect("read dir") {
            let entry = entry.expect("dir entry");
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
}

/// A copy of the crate in a fresh temp folder.
pub fn copy_crate(label: &str) -> TempDir {
    let dir = TempDir::new(label);
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    for item in CRATE_ITEMS {
        copy_tree(&root.join(item), &dir.0.join(item));
    }
    dir
}

/// The variables that make the build check the guidance against release files.
pub const RELEASE_VARIABLES: [&str; 4] = [
    "NICE_CODING_OPCS4",
    "NICE_CODING_OPCS4_VERSION",
    "NICE_CODING_ICD10",
    "NICE_CODING_ICD10_EDITION",
];

/// `cargo <args>` in `dir`, offline, with its own target folder inside `dir`, and no release
/// variables from the caller's environment.
pub fn cargo(dir: &Path, args: &[&str]) -> Output {
    cargo_with(dir, args, &[])
}

/// [`cargo`] with these environment variables set.
pub fn cargo_with(dir: &Path, args: &[&str], vars: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .arg("--offline")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env("CARGO_TERM_COLOR", "never")
        .env("RUST_BACKTRACE", "1");
    for variable in RELEASE_VARIABLES {
        command.env_remove(variable);
    }
    for (variable, value) in vars {
        command.env(variable, value);
    }
    command.output().expect("run cargo")
}
