//! Checking the guidance files against official OPCS-4 and ICD-10 releases.
//!
//! The syntax checks in `check/` catch a malformed code; they cannot tell that a
//! well-formed code does not exist, or that a title disagrees with the classification. When
//! the maintainer names a release file (`NICE_CODING_OPCS4`, `NICE_CODING_ICD10`; read by
//! `build_script_main`), [`check`] compares every code, category, default and title in the
//! files with it. It runs only on files that passed every other check.
//!
//! # What is checked
//!
//! * A code must be in the release.
//! * A category (`Y53.-`) must be in the release as a category: a three-character entry
//!   (`Y53`), or at least one code under it (undivided ICD-10 categories and plain lists may
//!   have no category line).
//! * A `default` (on a category or a placeholder) must be in the release.
//! * A `title` (and a `default_title`) must be the release's title, by the policy below. The
//!   `printed` form records what the page printed and is never compared. An ICD-10 title
//!   may be any wording the release gives the code ([`ReleaseEntry::has_title`]: the coder's
//!   reading, the comma-joined modifiers, the `TREE_DESCRIPTION`).
//! * A code (or `default`) the release keeps only as retired ("Code retired - refer to
//!   introduction") is its own finding, `retired`: an error for a guidance written for the
//!   release's version or a later one, a warning for one written for an older version or
//!   when either version is not known. Its title is not compared.
//! * The dagger and asterisk marks of ICD-10 codes (`D`, `A`) must agree with the release's
//!   `USAGE`. A code the release marks `DAGGER` or `ASTERISK` but the file leaves unmarked is a
//!   warning, never an error: NICE pages often leave the marks out. Releases that give no usage
//!   (OPCS-4, plain lists) are not compared.
//!
//! Placeholders' `within` ranges are not checked.
//!
//! # Which version a guidance was written for
//!
//! A guidance was written for the version it states (`opcs4_version`, `icd10_edition`), else
//! for the version in force on its `published` date (a date without a month counts as
//! 1 January, so a year in which the version changed gives the earlier one). An `undated`
//! guidance with a `written_before` date was written for the version in force on the last day
//! before that date (the day before 1 January for a year alone, before the 1st for a month
//! alone) or an older one: when that version is older than the release's, the guidance is
//! judged as one written for an older version; otherwise as one whose version is not known.
//! The names its text uses (`written_while`) bound it the same way, by the day the earliest of
//! them ended (`guidance/names.toml`; `check/names.rs`), when that is before `written_before`.
//! Versions come into force on 1 April, per the NHS Data Dictionary's tables of mandated
//! versions:
//!
//! * OPCS-4: 4.2 until March 2006, then 4.3 (2006), 4.4 (2007), 4.5 (2009), 4.6 (2011), 4.7
//!   (2014), 4.8 (2017), 4.9 (2020), 4.10 (2023) and 4.11 (2026);
//! * ICD-10: the 1995 version until March 2004, then the 2000 reprint with updates and
//!   corrections (2004), the 4th Edition (2012) and the 5th Edition (2016). A stated edition
//!   `N` is the `N`th edition.
//!
//! The release's version comes from `NICE_CODING_OPCS4_VERSION` (such as `4.10`) and
//! `NICE_CODING_ICD10_EDITION` (such as `5`). None of the release formats states its
//! version inside the file (it is in the file and folder names, which the build does not
//! interpret), so without the variable the release's version is unknown.
//!
//! # The policy
//!
//! | guidance written for | a different title | a missing code, category or default; a contradicting mark |
//! |---|---|---|
//! | the release's version | error: a typo in the file | error |
//! | an older version than the release (or written before a date, by `written_before` or a name of `written_while`, when an older one was in force) | warning naming both titles | warning: the code may have been retired since |
//! | a newer version than the release | warning | warning: the code may be new |
//! | no stated version or date (or a bound no older than the release) | warning, saying how to make it an error | error |
//! | (release version unknown) | warning, and one warning saying how to make typos errors | error |
//!
//! Titles are compared with runs of white space made single spaces and the ends trimmed, so
//! differences in spacing alone are not reported. Titles that differ only in letter case are
//! always a warning. Warnings go to the maintainer as `cargo::warning=` lines, one per
//! difference, located `path:line:column`; errors join the build's other diagnostics.
//!
//! # Where
//!
//! This file runs the check over every file and node; `versions.rs` holds the versions, the
//! dates they came into force and which one a guidance was written for; `codes.rs` compares
//! each code, default and title with the release.

mod codes;
mod versions;

pub use versions::Version;

use super::super::check::names::{Names, check_names};
use super::super::read::Input;
use super::super::read::model::{RawNode, read_guidance};
use super::super::shared::code::{Icd10Code, Icd10Marker, Opcs4Code};
use super::super::shared::diagnostic::{Diagnostic, SourceFile};
use super::read::{Classification, Release, ReleaseEntry, Usage, normalise_spaces};
use std::ops::Range;
use toml::Spanned;
use versions::{Relation, Written, relation, written_for};

/// The variable naming the OPCS-4 release file.
pub const OPCS4_VAR: &str = "NICE_CODING_OPCS4";
/// The variable giving the OPCS-4 release's version (`4.10`).
pub const OPCS4_VERSION_VAR: &str = "NICE_CODING_OPCS4_VERSION";
/// The variable naming the ICD-10 release file.
pub const ICD10_VAR: &str = "NICE_CODING_ICD10";
/// The variable giving the ICD-10 release's edition (`5`).
pub const ICD10_EDITION_VAR: &str = "NICE_CODING_ICD10_EDITION";

/// A release given to the build, with its version when it is known.
#[derive(Clone, Debug)]
pub struct GivenRelease {
    /// The release file, read.
    pub release: Release,
    /// Its version, from `NICE_CODING_OPCS4_VERSION` / `NICE_CODING_ICD10_EDITION`.
    pub version: Option<Version>,
}

/// The releases to check against; either may be absent.
#[derive(Clone, Debug, Default)]
pub struct Releases {
    /// The OPCS-4 release (`NICE_CODING_OPCS4`).
    pub opcs4: Option<GivenRelease>,
    /// The ICD-10 release (`NICE_CODING_ICD10`).
    pub icd10: Option<GivenRelease>,
}

impl Releases {
    /// True when no release is given: nothing to check.
    pub fn is_empty(&self) -> bool {
        self.opcs4.is_none() && self.icd10.is_none()
    }

    fn get(&self, classification: Classification) -> Option<&GivenRelease> {
        match classification {
            Classification::Opcs4 => self.opcs4.as_ref(),
            Classification::Icd10 => self.icd10.as_ref(),
        }
    }
}

/// What the check found: errors (located, with the source line) and warnings (one line
/// each, `path:line:column: message`, plus at most one unlocated note per classification).
#[derive(Debug, Default)]
pub struct Findings {
    /// Differences that fail the build, sorted by file, line and column.
    pub errors: Vec<Diagnostic>,
    /// Differences reported as `cargo::warning=` lines, in the same order, then the notes.
    pub warnings: Vec<String>,
}

/// Checks every guidance file against the releases. `files` are the guidance files as read
/// and `names` is `guidance/names.toml` (they have passed every other check); the result is
/// deterministic whatever their order.
pub fn check(files: &[Input], names: Option<&Input>, releases: &Releases) -> Findings {
    let names: Names = names
        .and_then(|input| check_names(&input.text).0)
        .unwrap_or_default();
    let mut files: Vec<&Input> = files.iter().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut checker = Checker {
        releases,
        errors: Vec::new(),
        warnings: Vec::new(),
        release_version_unknown: [false, false],
    };
    for (order, input) in files.into_iter().enumerate() {
        let source = SourceFile::new(input.path.clone(), input.text.clone());
        // Every file has passed validation, so it parses; a file that does not is skipped
        // rather than reported twice.
        let Some(raw) = read_guidance(&source.text).value else {
            continue;
        };
        let file = File {
            source: &source,
            order,
        };
        for (classification, tree, stated) in [
            (Classification::Opcs4, &raw.procedure, &raw.opcs4_version),
            (Classification::Icd10, &raw.diagnosis, &raw.icd10_edition),
        ] {
            let Some(tree) = tree else { continue };
            let written = written_for(classification, stated, &raw, &names);
            for node in tree.get_ref() {
                checker.node(&file, node.get_ref(), classification, &written);
            }
        }
        // The codes that rule the guidance out are codes of the classification like any other
        // (the Excludes lines under a code are not: their titles are the lines' wording).
        for entry in raw.ruled_out_by.iter().flat_map(|list| list.get_ref()) {
            let (classification, stated) = if entry.get_ref().icd10.is_some() {
                (Classification::Icd10, &raw.icd10_edition)
            } else {
                (Classification::Opcs4, &raw.opcs4_version)
            };
            let written = written_for(classification, stated, &raw, &names);
            checker.node(&file, entry.get_ref(), classification, &written);
        }
    }
    checker.finish()
}

struct File<'a> {
    source: &'a SourceFile,
    /// The file's place in path order, for sorting findings.
    order: usize,
}

struct Checker<'a> {
    releases: &'a Releases,
    errors: Vec<(usize, Diagnostic)>,
    warnings: Vec<(usize, Diagnostic)>,
    /// A title differed while the release's version was unknown (OPCS-4, ICD-10).
    release_version_unknown: [bool; 2],
}

/// A code of either classification as the checks need it.
struct CodeRef {
    /// The canonical form without a mark, as the release writes it (`Y53.-` is `Y53`).
    key: String,
    /// The code as written in the file, without its mark (`Q90.-`).
    shown: String,
    category: bool,
    x_filled: bool,
    marker: Option<Icd10Marker>,
}

fn code_ref(text: &str, classification: Classification) -> Option<CodeRef> {
    match classification {
        Classification::Opcs4 => {
            let c = Opcs4Code::parse(text).ok()?;
            let shown = c.to_string();
            Some(CodeRef {
                key: if c.is_category() {
                    shown[..3].to_string()
                } else {
                    shown.clone()
                },
                shown,
                category: c.is_category(),
                x_filled: false,
                marker: None,
            })
        }
        Classification::Icd10 => {
            let c = Icd10Code::parse(text).ok()?;
            let shown = c.without_marker().to_string();
            Some(CodeRef {
                key: if c.is_category() {
                    shown[..3].to_string()
                } else {
                    shown.clone()
                },
                shown,
                category: c.is_category(),
                x_filled: c.is_x_filled(),
                marker: c.marker(),
            })
        }
    }
}

/// `"Title"` with control characters escaped, so a message stays on one line.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

impl Checker<'_> {
    fn finish(self) -> Findings {
        let mut errors = self.errors;
        let mut warnings = self.warnings;
        errors.sort_by_key(|(order, d)| (*order, d.line, d.column));
        warnings.sort_by_key(|(order, d)| (*order, d.line, d.column));
        let mut lines: Vec<String> = warnings.iter().map(|(_, d)| d.headline()).collect();
        for (unknown, (classification, variable, example)) in
            self.release_version_unknown.iter().zip([
                (Classification::Opcs4, OPCS4_VERSION_VAR, "4.10"),
                (Classification::Icd10, ICD10_EDITION_VAR, "5"),
            ])
        {
            if *unknown {
                lines.push(format!(
                    "the {classification} release's version is not known, so differing titles are reported as warnings; set {variable} (such as \"{example}\") to have titles that differ in guidance written for that version reported as errors."
                ));
            }
        }
        Findings {
            errors: errors.into_iter().map(|(_, d)| d).collect(),
            warnings: lines,
        }
    }

    fn error(&mut self, file: &File<'_>, span: Range<usize>, message: String) {
        self.errors
            .push((file.order, file.source.error(span, message)));
    }

    fn warning(&mut self, file: &File<'_>, span: Range<usize>, message: String) {
        self.warnings
            .push((file.order, file.source.error(span, message)));
    }

    fn node(
        &mut self,
        file: &File<'_>,
        raw: &RawNode,
        classification: Classification,
        written: &Written,
    ) {
        let code = match classification {
            Classification::Opcs4 => raw.opcs4.as_ref(),
            Classification::Icd10 => raw.icd10.as_ref(),
        };
        if let Some(given) = self.releases.get(classification) {
            if let Some(spanned) = code {
                self.code(file, raw, spanned, classification, given, written);
            } else if raw.placeholder.is_some() {
                self.default(file, raw, classification, given, written);
            }
        }
        for group in raw.group_lists() {
            for child in group.get_ref() {
                self.node(file, child.get_ref(), classification, written);
            }
        }
    }
}

/// `the OPCS-4 release (file.txt, OPCS-4.10)`, or without the version when it is unknown.
fn release_label(given: &GivenRelease) -> String {
    let release = &given.release;
    match &given.version {
        Some(v) => format!(
            "the {} release ({}, {})",
            release.classification,
            release.file_name(),
            v.name()
        ),
        None => format!(
            "the {} release ({})",
            release.classification,
            release.file_name()
        ),
    }
}
