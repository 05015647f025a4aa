//! The minimum supported Rust version holds for the whole dependency graph: no dependency
//! (runtime, build or optional, all features on) states a `rust-version` newer than the
//! crate's own. Clippy's `incompatible_msrv` lint checks the crate's own use of the standard
//! library against the same field (README, "Versions and changes").
//!
//! The graph is the one this machine builds (`--filter-platform` with the host), read offline
//! from what the build itself downloaded: crates that only another platform needs (Windows'
//! `windows-sys`, `encode_unicode`) are not in a fresh registry cache, and asking for them
//! would need the network. Those platform-only crates are the part this test cannot see.

use std::process::Command;

/// The host's target triple, as the `rustc` that built this test reports it.
fn host() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let output = Command::new(rustc)
        .arg("-vV")
        .output()
        .expect("run rustc -vV");
    let text = String::from_utf8(output.stdout).expect("rustc -vV prints UTF-8");
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_string()
}

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
            "--filter-platform",
            &host(),
        ])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("run cargo metadata");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    // The library's, from its manifest; this test's package states the same.
    let manifest: toml::Table =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"))
            .expect("read Cargo.toml")
            .parse()
            .expect("parse Cargo.toml");
    let ours = version(
        manifest["package"]["rust-version"]
            .as_str()
            .expect("rust-version"),
    );
    assert_eq!(ours, [1, 85, 0]);
    assert_eq!(version(env!("CARGO_PKG_RUST_VERSION")), ours);
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
