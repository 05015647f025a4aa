//! The guidance compiler: read `guidance/`, check it, and write the Rust tables.
//!
//! `build.rs` calls [`build_script_main`]; tests call [`compile_dir`] on fixture folders and
//! compare the diagnostics or the generated source. Its folders are its stages, in the order
//! a compile runs them:
//!
//! * `read/`: the `guidance/` folder in, each file's text out, and the model a text is read
//!   into (`model.rs`, read from `toml`'s spanned tables by `toml_reader.rs`);
//! * `check/`: the files in, a checked [`catalogue::Catalogue`] or every problem, located, out;
//! * `release/`: with the `release-check` feature, the files checked against official OPCS-4
//!   and ICD-10 releases;
//! * `emit/`: the catalogue in, the generated source, byte tables and documentation pages out;
//! * `shared/`: what every stage uses (located messages, escaping, sorted maps, spelling, the
//!   code syntax).
//!
//! `catalogue.rs` is what the checks hand the emitter; `seal.rs` is `guidance/checked.txt`,
//! what the files held when their checks last passed; `script.rs` is the build script's own
//! work (the environment, `OUT_DIR`, `cargo::` lines, timings); this file runs the stages.
//!
//! The checks are compiled only with the `check` feature. Without it (a dependent's build) a
//! compile reads the files, makes sure each is as the seal records, and reads them into the
//! catalogue without checking them again: the same tables, for a quarter less build
//! script to compile (BENCHMARKS.md, section 2). What is left out is every check that only
//! reports (`check/`'s modules of rules, limits, characters, dates, names, addresses, titles
//! across files, the first code, donors and recipients, labels and repeats); reading each
//! value into the catalogue stays, with the errors that reading finds.
//!
//! The release check and its XML reader are compiled only with the `release-check` feature:
//! a dependent never builds them. Naming a release without the feature fails the build with
//! a message that says how to turn it on ([`build_script_main`]).

#![allow(dead_code)]

pub mod catalogue;
pub mod check;
pub mod emit;
pub mod read;
#[cfg(feature = "release-check")]
pub mod release;
mod script;
pub mod seal;
pub mod shared;

// The build script calls the first; tests read the message of the second. Each is unused
// where this module is compiled for the other.
#[allow(unused_imports)]
pub use script::{build_script_main, release_check_off_message};

use read::{Input, read_dir};
#[cfg(feature = "release-check")]
use release::check::Releases;
use shared::diagnostic::Diagnostic;
use shared::sorted;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a compile produced: the generated source, and the files it read (for
/// `rerun-if-changed`).
pub struct Compiled {
    pub source: String,
    /// The data files the source includes, `(path under OUT_DIR, bytes)`.
    pub files: Vec<(String, Vec<u8>)>,
    pub catalogue: catalogue::Catalogue,
    pub inputs: Vec<PathBuf>,
    /// Differences from the releases that do not fail the build, one line each (see
    /// `release/check.rs`); empty when no release is given.
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

/// The release check as [`compile`] runs it: the files' texts (and `guidance/names.toml`'s)
/// in, the findings out.
type CheckReleases<'a> = &'a dyn Fn(&[Input], Option<&Input>) -> ReleaseFindings;

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
/// against the releases (`release/check.rs`): its errors fail the compile like any other
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
    let check = |files: &[Input], names: Option<&Input>| {
        let findings = release::check::check(files, names, releases);
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
    if read.files.is_empty() && read.stock.is_none() && read.names.is_none() {
        return Err(Failed {
            diagnostics: read.problems,
            inputs: read.inputs,
            warnings: read.warnings,
        });
    }
    // Without the checks, only the files as they were checked are compiled.
    #[cfg(not(feature = "check"))]
    {
        let mut unsealed = seal::verify(root, &read);
        if !unsealed.is_empty() {
            let mut all = read.problems;
            all.append(&mut unsealed);
            return Err(Failed {
                diagnostics: all,
                inputs: read.inputs,
                warnings: read.warnings,
            });
        }
    }
    let copy = |f: &Input| Input {
        path: f.path.clone(),
        text: f.text.clone(),
    };
    let (texts, names): (Vec<Input>, Option<Input>) = match check_releases {
        None => (Vec::new(), None),
        Some(_) => (
            sorted::map_each(&read.files, &copy),
            read.names.as_ref().map(copy),
        ),
    };
    // Files that could not be read are reported together with the problems in the others.
    let validated = check::validate(read.files, read.stock, read.names);
    let mut warnings = read.warnings;
    match validated {
        Ok(catalogue) if read.problems.is_empty() => {
            let mut findings = check_releases.map_or_else(ReleaseFindings::default, |check| {
                check(&texts, names.as_ref())
            });
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
                    diagnostics: vec![Diagnostic::whole_file("build/emit/mod.rs", message)],
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
