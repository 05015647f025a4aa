//! The minimum supported Rust version holds for the whole dependency graph: no dependency
//! (runtime, build or optional, all features on) states a `rust-version` newer than the
//! crate's own. Clippy's `incompatible_msrv` lint checks the crate's own use of the standard
//! library against the same field (README, "Versions and changes").

use std::process::Command;

/// `1.85` or `1.85.0` as comparable numbers.
fn version(s: &str) -> Vec<u32> {
    let mut parts: Vec<u32> = s.split('.').map(|p| p.parse().expect("a number")).collect();
    parts.resize(3, 0);
    parts
}

#[test]
fn no_dependency_needs_a_newer_rust_than_the_crate_states() {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--all-features",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let ours = version(env!("CARGO_PKG_RUST_VERSION"));
    assert_eq!(ours, [1, 85, 0]);
    let mut newer = Vec::new();
    let packages = metadata["packages"].as_array().expect("packages");
    for package in packages {
        if let Some(needed) = package["rust_version"].as_str() {
            if version(needed) > ours {
                newer.push(format!(
                    "{} {} needs {needed}",
                    package["name"], package["version"]
                ));
            }
        }
    }
    assert!(packages.len() > 20, "the whole graph is listed");
    assert!(newer.is_empty(), "{newer:#?}");
}
