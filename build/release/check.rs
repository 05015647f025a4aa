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
//! | an older version than the release (or `written_before` a date when an older one was in force) | warning naming both titles | warning: the code may have been retired since |
//! | a newer version than the release | warning | warning: the code may be new |
//! | no stated version or date (or a `written_before` no older than the release) | warning, saying how to make it an error | error |
//! | (release version unknown) | warning, and one warning saying how to make typos errors | error |
//!
//! Titles are compared with runs of white space made single spaces and the ends trimmed, so
//! differences in spacing alone are not reported. Titles that differ only in letter case are
//! always a warning. Warnings go to the maintainer as `cargo::warning=` lines, one per
//! difference, located `path:line:column`; errors join the build's other diagnostics.

use super::super::read::Input;
use super::super::read::model::{RawGuidance, RawNode, read_guidance};
use super::super::shared::code::{Icd10Code, Icd10Marker, Opcs4Code};
use super::super::shared::diagnostic::{Diagnostic, SourceFile};
use super::read::{Classification, Release, ReleaseEntry, Usage, normalise_spaces};
use std::ops::Range;
use toml::Spanned;

/// The variable naming the OPCS-4 release file.
pub const OPCS4_VAR: &str = "NICE_CODING_OPCS4";
/// The variable giving the OPCS-4 release's version (`4.10`).
pub const OPCS4_VERSION_VAR: &str = "NICE_CODING_OPCS4_VERSION";
/// The variable naming the ICD-10 release file.
pub const ICD10_VAR: &str = "NICE_CODING_ICD10";
/// The variable giving the ICD-10 release's edition (`5`).
pub const ICD10_EDITION_VAR: &str = "NICE_CODING_ICD10_EDITION";

/// OPCS-4 minor versions and the month each came into force.
const OPCS4_IN_FORCE: [(u16, &str); 10] = [
    (2, "0000-00"),
    (3, "2006-04"),
    (4, "2007-04"),
    (5, "2009-04"),
    (6, "2011-04"),
    (7, "2014-04"),
    (8, "2017-04"),
    (9, "2020-04"),
    (10, "2023-04"),
    (11, "2026-04"),
];

/// ICD-10 versions used by the NHS (order, name) and the month each came into force. The
/// order of a stated edition `N` is `10 * N`.
const ICD10_IN_FORCE: [(u16, &str, &str); 4] = [
    (10, "ICD-10 (1995)", "0000-00"),
    (
        15,
        "ICD-10 reprinted with updates and corrections (2000)",
        "2004-04",
    ),
    (40, "ICD-10 4th Edition", "2012-04"),
    (50, "ICD-10 5th Edition", "2016-04"),
];

/// A version of a classification (`OPCS-4.10`, `ICD-10 5th Edition`), ordered within it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The classification it is a version of.
    pub classification: Classification,
    order: u16,
    name: String,
}

impl Version {
    /// An OPCS-4 version as guidance files and `NICE_CODING_OPCS4_VERSION` write it: `4.10`
    /// (`OPCS-4.10` is read too).
    pub fn opcs4(text: &str) -> Result<Version, String> {
        let t = text.trim();
        let minor = t
            .strip_prefix("OPCS-")
            .unwrap_or(t)
            .strip_prefix("4.")
            .filter(|n| !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<u16>().ok());
        match minor {
            Some(minor) => Ok(Version::opcs4_minor(minor)),
            None => Err(format!("\"{text}\" is not an OPCS-4 version like \"4.10\"")),
        }
    }

    fn opcs4_minor(minor: u16) -> Version {
        Version {
            classification: Classification::Opcs4,
            order: minor,
            name: format!("OPCS-4.{minor}"),
        }
    }

    /// An ICD-10 edition as guidance files and `NICE_CODING_ICD10_EDITION` write it: `5`.
    pub fn icd10(text: &str) -> Result<Version, String> {
        let t = text.trim();
        match t.parse::<u16>() {
            Ok(n) if t.len() == 1 && n >= 1 => {
                let suffix = match n {
                    1 => "st",
                    2 => "nd",
                    3 => "rd",
                    _ => "th",
                };
                Ok(Version {
                    classification: Classification::Icd10,
                    order: 10 * n,
                    name: format!("ICD-10 {n}{suffix} Edition"),
                })
            }
            _ => Err(format!(
                "\"{text}\" is not an ICD-10 edition number like \"5\""
            )),
        }
    }

    /// The version in force on `date` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a date without a
    /// month counts as 1 January). `None` for text that is not such a date.
    pub fn in_force(classification: Classification, date: &str) -> Option<Version> {
        let b = date.as_bytes();
        let digits = |r: Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let month = match b.len() {
            4 if digits(0..4) => format!("{date}-01"),
            7 | 10 if digits(0..4) && b[4] == b'-' && digits(5..7) => date[..7].to_string(),
            _ => return None,
        };
        match classification {
            Classification::Opcs4 => OPCS4_IN_FORCE
                .iter()
                .rev()
                .find(|(_, since)| *since <= month.as_str())
                .map(|&(minor, _)| Version::opcs4_minor(minor)),
            Classification::Icd10 => ICD10_IN_FORCE
                .iter()
                .rev()
                .find(|(_, _, since)| *since <= month.as_str())
                .map(|&(order, name, _)| Version {
                    classification,
                    order,
                    name: name.to_string(),
                }),
        }
    }

    /// The version in force on the last day before `bound` (`YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`): for `2013-04-01` the one in force on 31 March 2013; for a year or a month
    /// alone, the one in force on the day before its first day (`2016` gives the version of
    /// 31 December 2015, `2016-04` that of 31 March 2016). A text written before `bound` was
    /// written for this version or an older one. `None` for text that is not such a date.
    pub fn in_force_before(classification: Classification, bound: &str) -> Option<Version> {
        let b = bound.as_bytes();
        let digits = |r: Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let number = |r: Range<usize>| bound[r].parse::<u16>().ok();
        let (year, month, day) = match b.len() {
            4 if digits(0..4) => (number(0..4)?, 1, 1),
            7 if digits(0..4) && b[4] == b'-' && digits(5..7) => (number(0..4)?, number(5..7)?, 1),
            10 if digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) => {
                (number(0..4)?, number(5..7)?, number(8..10)?)
            }
            _ => return None,
        };
        // Versions change on the first of a month, so only the month of the day before
        // matters: the bound's own month, unless the bound is a 1st (or has no day).
        let (year, month) = match (day, month) {
            (2.., _) => (year, month),
            (_, 2..) => (year, month - 1),
            _ => (year.checked_sub(1)?, 12),
        };
        Version::in_force(classification, &format!("{year:04}-{month:02}"))
    }

    /// The name used in messages: `OPCS-4.10`, `ICD-10 5th Edition`.
    pub fn name(&self) -> &str {
        &self.name
    }
}

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
/// (they have passed every other check); the result is deterministic whatever their order.
pub fn check(files: &[Input], releases: &Releases) -> Findings {
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
            let written = written_for(classification, stated, &raw);
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
            let written = written_for(classification, stated, &raw);
            checker.node(&file, entry.get_ref(), classification, &written);
        }
    }
    checker.finish()
}

/// The version a guidance was written for, and how that is known.
enum Written {
    /// The file states it (`opcs4_version = "4.6"`).
    Stated(Version),
    /// In force on the file's `published` date.
    Published(Version, String),
    /// Written before the file's `written_before` date (the date, as written), so for the
    /// version in force on the day before it (this one) or an older one.
    Before(Version, String),
    /// The file states neither a version nor a date.
    Unknown,
}

/// The version `raw` was written for in `classification`, given the version it states there
/// (`stated`: its `opcs4_version` or `icd10_edition`).
fn written_for(
    classification: Classification,
    stated: &Option<Spanned<String>>,
    raw: &RawGuidance,
) -> Written {
    let stated = stated.as_ref().and_then(|s| match classification {
        Classification::Opcs4 => Version::opcs4(s.get_ref()).ok(),
        Classification::Icd10 => Version::icd10(s.get_ref()).ok(),
    });
    if let Some(v) = stated {
        return Written::Stated(v);
    }
    let dated = |date: &Option<Spanned<String>>,
                 in_force: fn(Classification, &str) -> Option<Version>| {
        date.as_ref()
            .and_then(|d| in_force(classification, d.get_ref()).map(|v| (v, d.get_ref().clone())))
    };
    if let Some((v, date)) = dated(&raw.published, Version::in_force) {
        return Written::Published(v, date);
    }
    match dated(&raw.written_before, Version::in_force_before) {
        Some((v, bound)) => Written::Before(v, bound),
        None => Written::Unknown,
    }
}

impl Written {
    /// The version the guidance was written for, when it is known exactly.
    fn version(&self) -> Option<&Version> {
        match self {
            Written::Stated(v) | Written::Published(v, _) => Some(v),
            Written::Before(..) | Written::Unknown => None,
        }
    }

    /// How the version is known: `its opcs4_version`, `in force when it was published, 2012`,
    /// `written before 2013-04-01`.
    fn basis(&self) -> String {
        match self {
            Written::Stated(v) => match v.classification {
                Classification::Opcs4 => "its opcs4_version".to_string(),
                Classification::Icd10 => "its icd10_edition".to_string(),
            },
            Written::Published(_, date) => format!("in force when it was published, {date}"),
            Written::Before(_, bound) => format!("written before {bound}"),
            Written::Unknown => String::new(),
        }
    }

    /// `OPCS-4.6 (its opcs4_version)`; `ICD-10 4th Edition at the latest (written before
    /// 2013-04-01)`.
    fn describe(&self) -> String {
        match self {
            Written::Before(v, _) => format!("{} at the latest ({})", v.name, self.basis()),
            _ => match self.version() {
                Some(v) => format!("{} ({})", v.name, self.basis()),
                None => String::new(),
            },
        }
    }
}

/// How the guidance's version relates to the release's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Relation {
    Same,
    GuidanceOlder,
    GuidanceNewer,
    GuidanceUnknown,
    ReleaseUnknown,
}

fn relation(written: &Written, given: &GivenRelease) -> Relation {
    match (written.version(), &given.version) {
        (_, None) => Relation::ReleaseUnknown,
        // Written before a date when an older version than the release's was in force: for
        // that version or an older one. A bound no older than the release tells nothing.
        (None, Some(r)) => match written {
            Written::Before(bound, _) if bound.order < r.order => Relation::GuidanceOlder,
            _ => Relation::GuidanceUnknown,
        },
        (Some(g), Some(r)) if g.order < r.order => Relation::GuidanceOlder,
        (Some(g), Some(r)) if g.order > r.order => Relation::GuidanceNewer,
        _ => Relation::Same,
    }
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

    fn code(
        &mut self,
        file: &File<'_>,
        raw: &RawNode,
        spanned: &Spanned<String>,
        classification: Classification,
        given: &GivenRelease,
        written: &Written,
    ) {
        let Some(code) = code_ref(spanned.get_ref(), classification) else {
            return;
        };
        let release = &given.release;
        let name = classification.name();
        let rel = release_label(given);
        let entry = release.get(&code.key);
        if code.category {
            if !release.has_category(&code.key) {
                let base = format!(
                    "{name} category {} is not in {rel}: it has neither the category {} nor any code under it",
                    code.shown, code.key
                );
                self.fact(
                    file,
                    spanned.span(),
                    given,
                    written,
                    base,
                    "correct the category",
                );
            }
        } else if entry.is_none() {
            let divided = code.x_filled && release.has_category(&code.key[..3]);
            let base = if divided {
                format!(
                    "{name} code {} is not in {rel}: {} is divided there, so write {}.- or one of its codes",
                    code.shown,
                    &code.key[..3],
                    &code.key[..3]
                )
            } else {
                format!("{name} code {} is not in {rel}", code.shown)
            };
            self.fact(
                file,
                spanned.span(),
                given,
                written,
                base,
                "correct the code (keep what the page printed in `printed`)",
            );
        }
        if let Some(entry) = entry.filter(|e| e.retired) {
            self.retired(file, spanned.span(), &code.shown, entry, given, written);
        } else if let Some(entry) = entry {
            if let Some(title) = &raw.title {
                self.title(file, title, &code.shown, entry, given, written);
            }
            self.usage(file, spanned.span(), &code, entry, given, written);
        }
        if code.category {
            self.default(file, raw, classification, given, written);
        }
    }

    /// The node's `default` must be in the release, with its `default_title`.
    fn default(
        &mut self,
        file: &File<'_>,
        raw: &RawNode,
        classification: Classification,
        given: &GivenRelease,
        written: &Written,
    ) {
        let Some(spanned) = &raw.default else { return };
        let Some(default) = code_ref(spanned.get_ref(), classification) else {
            return;
        };
        match given.release.get(&default.key) {
            None => {
                let base = format!(
                    "default {} is not in {}",
                    default.shown,
                    release_label(given)
                );
                self.fact(
                    file,
                    spanned.span(),
                    given,
                    written,
                    base,
                    "correct the default",
                );
            }
            Some(entry) if entry.retired => {
                let shown = format!("default {}", default.shown);
                self.retired(file, spanned.span(), &shown, entry, given, written);
            }
            Some(entry) => {
                if let Some(title) = &raw.default_title {
                    let shown = format!("default {}", default.shown);
                    self.title(file, title, &shown, entry, given, written);
                }
            }
        }
    }

    /// A missing code, category or default, or a mark that contradicts the release: an error,
    /// unless the guidance is known to follow another version than the release.
    fn fact(
        &mut self,
        file: &File<'_>,
        span: Range<usize>,
        given: &GivenRelease,
        written: &Written,
        base: String,
        fix: &str,
    ) {
        match relation(written, given) {
            Relation::GuidanceOlder => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance was written for {}, an older version, so the classification may have changed since.",
                    written.describe()
                ),
            ),
            Relation::GuidanceNewer => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance was written for {}, a newer version than the release, so check it against a current release.",
                    written.describe()
                ),
            ),
            _ => self.error(file, span, format!("{base}; {fix}.")),
        }
    }

    /// A code the release keeps only as retired: an error for a guidance written for the
    /// release's version or a later one; a warning for one written for an older version, or
    /// when either version is not known (a retired code was a code once, so it is no typo).
    fn retired(
        &mut self,
        file: &File<'_>,
        span: Range<usize>,
        shown: &str,
        entry: &ReleaseEntry,
        given: &GivenRelease,
        written: &Written,
    ) {
        let base = format!(
            "{shown} is retired in {} (titled {}, line {})",
            release_label(given),
            quoted(&entry.title),
            entry.line
        );
        match relation(written, given) {
            Relation::GuidanceOlder => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance was written for {}, an older version, when the code was still in use.",
                    written.describe()
                ),
            ),
            Relation::Same | Relation::GuidanceNewer => self.error(
                file,
                span,
                format!(
                    "{base}, and the guidance was written for {}; a retired code is not to be used: check the text and the release's introduction for the code that replaces it.",
                    written.describe()
                ),
            ),
            // A retired code was a code of an earlier version, so it is no typo: without
            // both versions it cannot be told whether it was retired since.
            Relation::GuidanceUnknown => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance states no `{}` and no `published` date, so it may have been written when the code was in use.",
                    match given.release.classification {
                        Classification::Opcs4 => "opcs4_version",
                        Classification::Icd10 => "icd10_edition",
                    }
                ),
            ),
            Relation::ReleaseUnknown => self.warning(
                file,
                span,
                format!(
                    "{base}; the release's version is not known, so the guidance may have been written when the code was in use."
                ),
            ),
        }
    }

    fn title(
        &mut self,
        file: &File<'_>,
        title: &Spanned<String>,
        shown: &str,
        entry: &ReleaseEntry,
        given: &GivenRelease,
        written: &Written,
    ) {
        if entry.has_title(title.get_ref()) {
            return;
        }
        let ours = normalise_spaces(title.get_ref()).to_lowercase();
        let differs_in_case_only = std::iter::once(&entry.title)
            .chain(&entry.other_titles)
            .any(|t| normalise_spaces(t).to_lowercase() == ours);
        let base = format!(
            "{shown} is titled {} here but {} in {}",
            quoted(title.get_ref()),
            quoted(&entry.title),
            release_label(given)
        );
        let span = title.span();
        if differs_in_case_only {
            self.warning(
                file,
                span,
                format!("{base}; the titles differ only in letter case."),
            );
            return;
        }
        let classification = given.release.classification;
        let key = match classification {
            Classification::Opcs4 => "opcs4_version",
            Classification::Icd10 => "icd10_edition",
        };
        match relation(written, given) {
            Relation::Same => self.error(
                file,
                span,
                format!(
                    "{base}, the version this guidance was written for ({}); correct the title (keep the page's wording in `printed` if it differs).",
                    written.basis()
                ),
            ),
            Relation::GuidanceOlder => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance was written for {}, an older version, so the title may have changed since.",
                    written.describe()
                ),
            ),
            Relation::GuidanceNewer => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance was written for {}, a newer version than the release, so check it against a current release.",
                    written.describe()
                ),
            ),
            Relation::GuidanceUnknown => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance states no `{key}` and no `published` date, so it may follow an older version: state one to have a typo reported as an error."
                ),
            ),
            Relation::ReleaseUnknown => {
                self.release_version_unknown[classification as usize] = true;
                self.warning(file, span, format!("{base}."));
            }
        }
    }

    /// The dagger or asterisk mark must agree with the release's `USAGE`.
    fn usage(
        &mut self,
        file: &File<'_>,
        span: Range<usize>,
        code: &CodeRef,
        entry: &ReleaseEntry,
        given: &GivenRelease,
        written: &Written,
    ) {
        let Some(usage) = entry.usage else { return };
        let mark = |usage: Usage| match usage {
            Usage::Dagger => "D",
            Usage::Asterisk => "A",
            Usage::Default => "",
        };
        let kind = |usage: Usage| match usage {
            Usage::Dagger => "a dagger code",
            Usage::Asterisk => "an asterisk code",
            Usage::Default => "neither a dagger nor an asterisk code",
        };
        let rel = release_label(given);
        let shown = &code.shown;
        match code.marker {
            None if usage != Usage::Default => self.warning(
                file,
                span,
                format!(
                    "ICD-10 code {shown} is {} in {rel} but carries no mark here; write {shown}{} if the text marks it (NICE pages often leave the marks out).",
                    kind(usage),
                    mark(usage)
                ),
            ),
            None => {}
            Some(marker) => {
                let written_usage = match marker {
                    Icd10Marker::Dagger => Usage::Dagger,
                    Icd10Marker::Asterisk => Usage::Asterisk,
                };
                if written_usage != usage {
                    let base = format!(
                        "ICD-10 code {shown}{} is marked as {} here, but it is {} in {rel}",
                        mark(written_usage),
                        kind(written_usage),
                        kind(usage)
                    );
                    let fix = format!("write {shown}{}", mark(usage));
                    self.fact(file, span, given, written, base, &fix);
                }
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
            v.name
        ),
        None => format!(
            "the {} release ({})",
            release.classification,
            release.file_name()
        ),
    }
}
