//! The build script itself: compile `guidance/` and write what it generates to `OUT_DIR`, or
//! report every problem as `cargo::error=` lines; read the releases a maintainer named in the
//! environment; and, when asked, append the build's timings to a file (for BENCHMARKS.md).

#[cfg(not(feature = "release-check"))]
use super::compile;
#[cfg(feature = "release-check")]
use super::compile_dir_timed;
use super::emit::front_page::guide_links;
#[cfg(feature = "release-check")]
use super::release::check::{GivenRelease, Releases};
#[cfg(feature = "release-check")]
use super::release::read::{self as release, Classification};
use super::shared::file_read::read_regular_file;
use super::{Compiled, Phases};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The variable that asks the build script to append its timings to a file (for
/// BENCHMARKS.md): `NICE_CODING_BUILD_TIMINGS=/tmp/timings.tsv cargo build`.
const TIMINGS_VARIABLE: &str = "NICE_CODING_BUILD_TIMINGS";

/// One tab-separated line of timings, in microseconds: files, read, validate, tokens, write,
/// total, and the time `toml` alone takes to parse the same files into its spanned tables
/// (the floor any TOML-reading build script pays; measured only here, when timings are asked
/// for).
fn timings_line(compiled: &Compiled, phases: &Phases, write: Duration, total: Duration) -> String {
    let texts: Vec<String> = compiled
        .inputs
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    let floor_started = Instant::now();
    let parsed = texts
        .iter()
        .filter(|t| toml::de::DeTable::parse(t).is_ok())
        .count();
    let floor = floor_started.elapsed();
    let us = |d: Duration| d.as_micros();
    format!(
        "{parsed}\t{}\t{}\t{}\t{}\t{}\t{}\n",
        us(phases.read),
        us(phases.validate),
        us(phases.tokens),
        us(write),
        us(total),
        us(floor)
    )
}

/// Writes `bytes` to `path` (creating its folder), unless the file already holds them, so an
/// unchanged catalogue does not make rustc recompile the library.
fn write_if_changed(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

/// The build script: compile `guidance/` into `$OUT_DIR/catalogue.rs`, or report every problem
/// with `cargo::error=` lines and leave the build to fail. Never panics on bad input.
///
/// When `NICE_CODING_OPCS4` / `NICE_CODING_ICD10` name release files, the files are also
/// checked against them (`release/check.rs`, with the `release-check` feature; without it,
/// naming a release fails the build with a message that says how to turn it on); without
/// them nothing is printed but the `rerun-if-*` lines Cargo reads.
pub fn build_script_main() {
    let started = Instant::now();
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| ".".into()));
    println!("cargo::rerun-if-changed=guidance");
    println!("cargo::rerun-if-env-changed={TIMINGS_VARIABLE}");
    let mut phases = Phases::default();
    #[cfg(feature = "release-check")]
    let (result, release_errors) = {
        let (releases, release_errors) = releases_from_env(&root);
        (
            compile_dir_timed(&root, &releases, &mut phases),
            release_errors,
        )
    };
    #[cfg(not(feature = "release-check"))]
    let (result, release_errors) = (
        compile(&root, &mut phases, None),
        releases_named_without_the_feature(),
    );
    let (inputs, warnings) = match &result {
        Ok(c) => (&c.inputs, &c.warnings),
        Err(f) => (&f.inputs, &f.warnings),
    };
    for input in inputs {
        println!("cargo::rerun-if-changed={}", input.display());
    }
    for warning in warnings {
        println!("cargo::warning={}", one_line(warning));
    }
    for error in &release_errors {
        println!("cargo::error={}", one_line(error));
    }
    match result {
        Ok(compiled) => {
            if !release_errors.is_empty() {
                return;
            }
            let Some(out_dir) = std::env::var_os("OUT_DIR") else {
                println!("cargo::error=OUT_DIR is not set; build nice-coding with cargo.");
                return;
            };
            let out_dir = PathBuf::from(out_dir);
            let links = front_page_links(&root);
            let outputs = std::iter::once(("catalogue.rs", compiled.source.as_bytes()))
                .chain(std::iter::once((GUIDE_LINKS, links.as_bytes())))
                .chain(
                    compiled
                        .files
                        .iter()
                        .map(|(n, b)| (n.as_str(), b.as_slice())),
                );
            #[cfg(feature = "check")]
            warn_if_unsealed(&root);
            let writing = Instant::now();
            for (name, bytes) in outputs {
                if let Err(e) = write_if_changed(&out_dir.join(name), bytes) {
                    println!(
                        "cargo::error=cannot write {}/{name} ({e}).",
                        out_dir.display()
                    );
                    return;
                }
            }
            if let Some(path) = std::env::var_os(TIMINGS_VARIABLE) {
                let write = writing.elapsed();
                let line = timings_line(&compiled, &phases, write, started.elapsed());
                let appended = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .and_then(|mut f| std::io::Write::write_all(&mut f, line.as_bytes()));
                if let Err(e) = appended {
                    let shown = Path::new(&path).display();
                    println!("cargo::warning=cannot write build timings to {shown} ({e}).");
                }
            }
        }
        Err(failed) => {
            let count = failed.diagnostics.len();
            for d in &failed.diagnostics {
                for line in d.lines() {
                    println!("cargo::error={}", one_line(&line));
                }
            }
            println!(
                "cargo::error={count} problem{} in guidance/; see guidance/README.md for the file format.",
                if count == 1 { "" } else { "s" }
            );
        }
    }
}

/// With the checks, once the files have passed them: a warning when the seal
/// (`guidance/checked.txt`) no longer records them, since a build without the checks, such as
/// a dependent's, would refuse them (`seal.rs`).
#[cfg(feature = "check")]
fn warn_if_unsealed(root: &Path) {
    let read = super::read::read_dir(root);
    let unsealed = super::seal::verify(root, &read);
    if unsealed.is_empty() {
        return;
    }
    let mut paths: Vec<&str> = unsealed.iter().map(|d| d.path.as_str()).take(3).collect();
    if unsealed.len() > 3 {
        paths.push("...");
    }
    println!(
        "cargo::warning={} does not record guidance/ as it is now ({}); a build without the `check` feature, as a dependent's, would refuse it: once the checks pass, rewrite it with `NICE_CODING_BLESS=1 cargo test -p nice-coding-tests --test seal` (see guidance/README.md, \"The seal\").",
        super::seal::SEAL_FILE,
        one_line(&paths.join(", "))
    );
}

/// Where the front page's link definitions into guidance/README.md go, under `OUT_DIR`
/// (`src/lib.rs` includes them before the README).
const GUIDE_LINKS: &str = "doc/guide-links.md";

/// README.md's links into sections of guidance/README.md, as definitions naming the lines of
/// the headings (`emit/front_page.rs`). A file that cannot be read leaves its links without a
/// line, with a warning: the front page's links are never a reason to fail a build.
fn front_page_links(root: &Path) -> String {
    let read = |name: &str| {
        let path = root.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        match read_regular_file(&path, 1 << 20).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            _ => {
                println!(
                    "cargo::warning=cannot read {name}; its links on the docs' front page name no line."
                );
                String::new()
            }
        }
    };
    let (links, unresolved) = guide_links(
        &read("README.md"),
        &read("guidance/README.md"),
        env!("CARGO_PKG_VERSION"),
    );
    for label in unresolved {
        println!(
            "cargo::warning=README.md links {label}, a heading guidance/README.md does not have."
        );
    }
    links
}

/// The variables that name the releases to check against (`release/check.rs` reads them;
/// named here too so a build without the feature can tell a maintainer who set one how to
/// turn the check on).
#[cfg(not(feature = "release-check"))]
const RELEASE_VARIABLES: [&str; 2] = ["NICE_CODING_OPCS4", "NICE_CODING_ICD10"];

/// Without the `release-check` feature: a message for each release the environment names,
/// saying how to turn the check on (the release would otherwise be silently ignored).
#[cfg(not(feature = "release-check"))]
fn releases_named_without_the_feature() -> Vec<String> {
    let mut errors = Vec::new();
    for variable in RELEASE_VARIABLES {
        println!("cargo::rerun-if-env-changed={variable}");
        if std::env::var_os(variable).is_some_and(|v| !v.is_empty()) {
            errors.push(release_check_off_message(variable));
        }
    }
    errors
}

/// The message for a release named while the release check is not compiled in.
pub fn release_check_off_message(variable: &str) -> String {
    format!(
        "{variable} names a release, but nice-coding was built without its release check; build with `--features release-check` (for example `{variable}=... cargo build --features release-check`), or unset {variable}."
    )
}

/// Reads the releases the environment names, printing the `rerun-if-*` lines for them.
/// Returns the releases that could be read and a message for each that could not.
#[cfg(feature = "release-check")]
fn releases_from_env(root: &Path) -> (Releases, Vec<String>) {
    use super::release::check::{
        ICD10_EDITION_VAR, ICD10_VAR, OPCS4_VAR, OPCS4_VERSION_VAR, Version,
    };
    let mut releases = Releases::default();
    let mut errors = Vec::new();
    for (classification, variable, version_variable) in [
        (Classification::Opcs4, OPCS4_VAR, OPCS4_VERSION_VAR),
        (Classification::Icd10, ICD10_VAR, ICD10_EDITION_VAR),
    ] {
        println!("cargo::rerun-if-env-changed={variable}");
        println!("cargo::rerun-if-env-changed={version_variable}");
        let Some(value) = std::env::var_os(variable).filter(|v| !v.is_empty()) else {
            continue;
        };
        // A relative path is taken from the crate root, where Cargo runs the build script.
        let path = root.join(value);
        println!("cargo::rerun-if-changed={}", path.display());
        let version = match std::env::var(version_variable) {
            Ok(text) if !text.trim().is_empty() => {
                let parsed = match classification {
                    Classification::Opcs4 => Version::opcs4(&text),
                    Classification::Icd10 => Version::icd10(&text),
                };
                match parsed {
                    Ok(v) => Some(v),
                    Err(why) => {
                        errors.push(format!(
                            "{version_variable}: {why}; set it to the version of the release {variable} names, or unset it."
                        ));
                        None
                    }
                }
            }
            Ok(_) => None,
            Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(_)) => {
                errors.push(format!(
                    "{version_variable} is not valid Unicode; set it to a version such as \"4.10\" or \"5\"."
                ));
                None
            }
        };
        match release::read_release(&path, Some(classification)) {
            Ok(release) => {
                let given = Some(GivenRelease { release, version });
                match classification {
                    Classification::Opcs4 => releases.opcs4 = given,
                    Classification::Icd10 => releases.icd10 = given,
                }
            }
            Err(e) => errors.push(format!("{variable}: {e}")),
        }
    }
    (releases, errors)
}

/// `text` on one line: line breaks and other control characters (but tabs) escaped, so a
/// `cargo::` line cannot be cut short or spill into the next.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
