//! The guidance compiler: read `guidance/`, check it, and write the Rust tables.
//!
//! `build.rs` calls [`build_script_main`]; tests call [`compile_dir`] on fixture folders and
//! compare the diagnostics or the generated source.
//!
//! * `model.rs`: the file format, one struct per table;
//! * `toml_reader.rs`: reading those structs from `toml`'s spanned parse tree (no serde);
//! * `spelling.rs`: suggesting the key or name a maintainer probably meant;
//! * `validate.rs`: every check, producing a `Catalogue` or located diagnostics; the checks
//!   are split by concern in `validate/`: `file.rs` (a file's top-level keys, and the stock
//!   notes), `ids.rs` (ids, file names and folders), `snomed.rs` (SNOMED CT concepts),
//!   `tree.rs` (node kinds, keys per kind, groups, placeholders and `within`), `codes.rs`
//!   (parsing codes, defaults, titles per code, the first code of a procedure) and
//!   `across_files.rs` (duplicate ids, `replaces` / `replaced_by`, titles that differ);
//! * `catalogue.rs`: the checked model;
//! * `emit.rs`: the catalogue as Rust tokens (the tests check them with `syn`);
//! * `render.rs`: a recommendation as Markdown, for the generated doc comments;
//! * `text_checks.rs`: no control characters in any string of a file;
//! * `limits.rs`: lists and trees that fit the generated tables, checked at their place;
//! * `entries.rs`: which entries of `guidance/` are regular files (the only ones read);
//! * `title_agreement.rs`: which files to report when they title a code differently;
//! * `dating.rs`: how a file states when it was written (`published` and its source, or
//!   `undated`, maybe bounded by `written_before` and its evidence), and why a text is not a
//!   date;
//! * `sorted.rs`: sorted maps, grouping and one small sort, in place of `BTreeMap` and the
//!   standard sort (each compiled afresh per type into a build script every dependent compiles);
//! * `diagnostic.rs`: located messages;
//! * `echo.rs`: input quoted in messages, control characters escaped and long values cut;
//! * `release.rs`: reading an official OPCS-4 or ICD-10 release file (NHS TRUD);
//! * `check_release.rs`: checking the files against such releases, when the maintainer names
//!   them ([`compile_dir_with_releases`]).
//!
//! The last two, and their XML reader, are compiled only with the `release-check` feature:
//! a dependent never builds them. Naming a release without the feature fails the build with
//! a message that says how to turn it on ([`build_script_main`]).

#![allow(dead_code)]

pub mod catalogue;
#[cfg(feature = "release-check")]
pub mod check_release;
pub mod check_rules;
#[path = "../src/code.rs"]
pub mod code;
pub mod dating;
pub mod diagnostic;
pub mod echo;
pub mod emit;
pub mod entries;
pub mod limits;
pub mod model;
#[cfg(feature = "release-check")]
pub mod release;
pub mod render;
pub mod sorted;
pub mod spelling;
pub mod text_checks;
pub mod title_agreement;
pub mod toml_reader;
pub mod validate;
pub mod web_address;

#[cfg(feature = "release-check")]
use check_release::{GivenRelease, Releases};
use diagnostic::Diagnostic;
use entries::{EntryKind, entry_kind, not_a_file_message};
#[cfg(feature = "release-check")]
use release::Classification;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use validate::{Input, STOCK_NOTES_FILE};

/// What a compile produced: the generated source, and the files it read (for
/// `rerun-if-changed`).
pub struct Compiled {
    pub source: String,
    /// The data files the source includes, `(path under OUT_DIR, bytes)`.
    pub files: Vec<(String, Vec<u8>)>,
    pub catalogue: catalogue::Catalogue,
    pub inputs: Vec<PathBuf>,
    /// Differences from the releases that do not fail the build, one line each (see
    /// `check_release.rs`); empty when no release is given.
    pub warnings: Vec<String>,
}

/// The result of a failed compile: every problem, and the files read so far.
#[derive(Debug)]
pub struct Failed {
    pub diagnostics: Vec<Diagnostic>,
    pub inputs: Vec<PathBuf>,
    /// Warnings from the release check, when it ran.
    pub warnings: Vec<String>,
}

/// Where a compile spends its time, step by step (for BENCHMARKS.md; see
/// [`build_script_main`] for how to get them from a real build).
#[derive(Default, Clone, Debug)]
pub struct Phases {
    /// Listing `guidance/` and reading the files.
    pub read: Duration,
    /// Parsing (toml), reading the model and every check.
    pub validate: Duration,
    /// Building the tables and the tokens (`quote`), rendering the documentation pages, and
    /// writing the tokens as text.
    pub tokens: Duration,
}

/// The release check as [`compile`] runs it: the files' texts in, the findings out.
type CheckReleases<'a> = &'a dyn Fn(&[Input]) -> ReleaseFindings;

/// What the release check found: errors fail the compile, warnings are printed.
#[derive(Default)]
struct ReleaseFindings {
    errors: Vec<Diagnostic>,
    warnings: Vec<String>,
}

/// Compiles the `guidance` folder under `root` (the crate root, or a fixture folder laid out
/// the same way). Paths in messages are relative to `root`.
pub fn compile_dir(root: &Path) -> Result<Compiled, Failed> {
    compile(root, &mut Phases::default(), None)
}

/// [`compile_dir`], then, when the files pass every check, a check of their codes and titles
/// against the releases (`check_release.rs`): its errors fail the compile like any other
/// problem, its warnings are returned in [`Compiled::warnings`] / [`Failed::warnings`].
#[cfg(feature = "release-check")]
pub fn compile_dir_with_releases(root: &Path, releases: &Releases) -> Result<Compiled, Failed> {
    compile_dir_timed(root, releases, &mut Phases::default())
}

/// [`compile_dir_with_releases`], adding the time of each step to `phases` (the release check
/// counts as part of `validate`).
#[cfg(feature = "release-check")]
pub fn compile_dir_timed(
    root: &Path,
    releases: &Releases,
    phases: &mut Phases,
) -> Result<Compiled, Failed> {
    if releases.is_empty() {
        return compile(root, phases, None);
    }
    let check = |files: &[Input]| {
        let findings = check_release::check(files, releases);
        ReleaseFindings {
            errors: findings.errors,
            warnings: findings.warnings,
        }
    };
    compile(root, phases, Some(&check))
}

/// The compile itself; `check_releases`, when given, runs on the files once they pass every
/// other check.
fn compile(
    root: &Path,
    phases: &mut Phases,
    check_releases: Option<CheckReleases<'_>>,
) -> Result<Compiled, Failed> {
    let started = Instant::now();
    let read = read_dir(root);
    let read_done = Instant::now();
    phases.read += read_done - started;
    if read.files.is_empty() && read.stock.is_none() {
        return Err(Failed {
            diagnostics: read.problems,
            inputs: read.inputs,
            warnings: read.warnings,
        });
    }
    let texts: Vec<Input> = match check_releases {
        None => Vec::new(),
        Some(_) => sorted::map_each(&read.files, &|f| Input {
            path: f.path.clone(),
            text: f.text.clone(),
        }),
    };
    // Files that could not be read are reported together with the problems in the others.
    let validated = validate::validate(read.files, read.stock);
    let mut warnings = read.warnings;
    match validated {
        Ok(catalogue) if read.problems.is_empty() => {
            let mut findings =
                check_releases.map_or_else(ReleaseFindings::default, |check| check(&texts));
            warnings.append(&mut findings.warnings);
            phases.validate += read_done.elapsed();
            if !findings.errors.is_empty() {
                return Err(Failed {
                    diagnostics: findings.errors,
                    inputs: read.inputs,
                    warnings,
                });
            }
            match emit::emit_timed(&catalogue, phases) {
                Ok(generated) => Ok(Compiled {
                    source: generated.source,
                    files: generated.files,
                    catalogue,
                    inputs: read.inputs,
                    warnings,
                }),
                Err(message) => Err(Failed {
                    diagnostics: vec![Diagnostic::whole_file("build/emit.rs", message)],
                    inputs: read.inputs,
                    warnings,
                }),
            }
        }
        Ok(_) => Err(Failed {
            diagnostics: read.problems,
            inputs: read.inputs,
            warnings,
        }),
        Err(mut diagnostics) => {
            let mut all = read.problems;
            all.append(&mut diagnostics);
            Err(Failed {
                diagnostics: all,
                inputs: read.inputs,
                warnings,
            })
        }
    }
}

/// What reading `guidance/` found: the files' texts, and the problems with files that could
/// not be used (reported with the others, never stopping the run).
struct Read {
    files: Vec<Input>,
    stock: Option<Input>,
    inputs: Vec<PathBuf>,
    problems: Vec<Diagnostic>,
    /// Files in a programme folder that are not read (not `.toml`), one line each.
    warnings: Vec<String>,
}

fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// Reads `guidance/stock-notes.toml` and every `guidance/<folder>/*.toml`.
fn read_dir(root: &Path) -> Read {
    let dir = root.join("guidance");
    let mut read = Read {
        files: Vec::new(),
        stock: None,
        inputs: Vec::new(),
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let entries = match sorted_entries(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            read.problems.push(Diagnostic::whole_file(
                "guidance",
                format!("cannot read the guidance folder ({e}); create guidance/ with one folder per programme, such as guidance/ipg/."),
            ));
            return read;
        }
    };
    for entry in entries {
        let name = entry
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let kind = entry_kind(&entry);
        let not_stock_file = match kind {
            EntryKind::File => None,
            EntryKind::Folder => Some("this is a folder, but the stock notes are one file, guidance/stock-notes.toml; rename the folder, and write the notes in that file (see guidance/README.md).".to_string()),
            EntryKind::Other(what) => Some(not_a_file_message(what)),
        };
        if let Some(message) = not_stock_file.filter(|_| name == STOCK_NOTES_FILE) {
            read.problems
                .push(Diagnostic::whole_file(format!("guidance/{name}"), message));
        } else if kind == EntryKind::Folder {
            let sub = match sorted_entries(&entry) {
                Ok(sub) => sub,
                Err(e) => {
                    read.problems.push(Diagnostic::whole_file(
                        format!("guidance/{name}"),
                        format!("cannot read this folder ({e}); check its permissions."),
                    ));
                    continue;
                }
            };
            for file in sub {
                let file_name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let shown = format!("guidance/{name}/{file_name}");
                let file_kind = entry_kind(&file);
                if file_kind == EntryKind::Folder {
                    read.problems.push(Diagnostic::whole_file(
                        shown,
                        format!("guidance files go directly in guidance/{name}/, not in a folder below it; move them up, or move the folder out of guidance/."),
                    ));
                } else if !is_toml(&file) {
                    read.warnings.push(format!(
                        "{shown}: ignored; only the .toml files of guidance/{name}/ are read: rename it to end in .toml if it is a guidance file, or move it out of guidance/."
                    ));
                } else if let EntryKind::Other(what) = file_kind {
                    read.problems
                        .push(Diagnostic::whole_file(shown, not_a_file_message(what)));
                } else {
                    match read_text(&file, &shown) {
                        Ok(text) => read.files.push(Input { path: shown, text }),
                        Err(d) => read.problems.push(d),
                    }
                    read.inputs.push(file);
                }
            }
        } else if name == STOCK_NOTES_FILE {
            let shown = format!("guidance/{name}");
            match read_text(&entry, &shown) {
                Ok(text) => read.stock = Some(Input { path: shown, text }),
                Err(d) => read.problems.push(d),
            }
            read.inputs.push(entry);
        } else if is_toml(&entry) {
            read.problems.push(Diagnostic::whole_file(
                format!("guidance/{name}"),
                format!("guidance files go in a folder per programme; move it to guidance/ipg/{name} (or the folder of its programme)."),
            ));
        }
    }
    if read.files.is_empty() && read.problems.is_empty() {
        read.problems.push(Diagnostic::whole_file(
            "guidance",
            "no guidance files found; add at least one, such as guidance/ipg/IPG655.toml (see guidance/README.md).",
        ));
    }
    read
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    sorted::sort_by_key(&mut entries, |path| path.clone());
    Ok(entries)
}

fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::whole_file(
            shown,
            format!("cannot read the file ({e}); check its permissions."),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        // The bytes before `at` are valid UTF-8, so lines and columns count characters.
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]);
        let line = valid.matches('\n').count() + 1;
        let column = valid
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        Diagnostic {
            path: shown.to_string(),
            line,
            column,
            message: "the file is not valid UTF-8; save it as UTF-8.".to_string(),
            source_line: None,
            width: 1,
        }
    })
}

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
/// checked against them (`check_release.rs`, with the `release-check` feature; without it,
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
            let outputs = std::iter::once(("catalogue.rs", compiled.source.as_bytes())).chain(
                compiled
                    .files
                    .iter()
                    .map(|(n, b)| (n.as_str(), b.as_slice())),
            );
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

/// The variables that name the releases to check against (`check_release.rs` reads them;
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
    use check_release::{ICD10_EDITION_VAR, ICD10_VAR, OPCS4_VAR, OPCS4_VERSION_VAR, Version};
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
