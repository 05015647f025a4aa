//! Checking: from the files' texts (`read/`) to a checked [`Catalogue`], or every problem as a
//! located [`Diagnostic`]. Each file is read into the model and checked, then what spans files
//! (duplicate ids, titles, links between guidance); all problems are returned together.
//!
//! This file holds the entry ([`validate`]), the [`Checker`] that collects the problems and
//! its reporting helpers; the checks are `impl Checker` blocks by concern:
//!
//! * `file.rs`: one guidance file's top-level keys (title, source, status, versions, dates,
//!   lists of texts, stock note references) and the stock notes file itself;
//! * `ids.rs`: guidance ids, the file's name and folder they call for, and lists of ids;
//! * `snomed.rs`: SNOMED CT concepts (id and check digit, term, `applies_to`);
//! * `tree.rs`: the procedure and diagnosis trees: node kinds, the keys each kind may carry,
//!   groups and their entries, placeholders and their `within` ranges;
//! * `codes.rs`: codes: parsing them, defaults and `except` of categories, titles per code,
//!   and the first code of a procedure;
//! * `patients.rs`: where a `patients` group (donor and recipient) may stand;
//! * `rules.rs`: the keys that tie one part of a recommendation to other codes (`only_if`,
//!   `instead_of`, `includes`, `ruled_out_by`, ...);
//! * `across_files.rs`: what spans files: duplicate ids, `replaces` / `replaced_by` both
//!   ways, and titles that differ between files (`title_agreement.rs` says which to report);
//!
//! and the rules they apply, each a module of its own:
//!
//! * `dating.rs`: how a file states when it was written (`published`, `undated`,
//!   `written_before`, `written_while`);
//! * `names.rs`: the names a text may use that date it (`guidance/names.toml`), the names a
//!   file's `written_while` gives, and the day they bound its text by;
//! * `limits.rs`: lists and trees that fit the generated tables, checked at their place;
//! * `text_checks.rs`: what any string of a file may hold: no control characters, only the
//!   characters guidance text is written in (`characters.rs`), no `${`, free text of a
//!   bounded length without white space at its edges;
//! * `web_address.rs`: a `source` is a web address on NICE's site, and only that.
//!
//! Without the `check` feature (a dependent's build, of files the seal records: `seal.rs`)
//! the rules' modules and every call that only reports are left out; what stays reads each
//! value into the catalogue, so both builds give the same catalogue from the same files.

// Without the `check` feature, only what reads the files into the catalogue is compiled
// (`build/mod.rs` says why); the modules that only report are left out.
#[cfg(feature = "check")]
mod across_files;
#[cfg(feature = "check")]
pub mod characters;
mod codes;
#[cfg(feature = "check")]
pub mod dating;
mod file;
mod ids;
#[cfg(feature = "check")]
pub mod limits;
#[cfg(feature = "check")]
pub mod names;
#[cfg(feature = "check")]
mod patients;
pub mod rules;
mod snomed;
#[cfg(feature = "check")]
pub mod text_checks;
#[cfg(feature = "check")]
pub mod title_agreement;
mod tree;
#[cfg(feature = "check")]
pub mod web_address;

// Tests read guidance ids through `check::parse_id`; the build script itself does not.
#[allow(unused_imports)]
pub use ids::parse_id;

use super::catalogue::*;
use super::read::Input;
use super::read::toml_reader::Problem;
use super::shared::code::CodeError;
use super::shared::diagnostic::{Diagnostic, SourceFile};
use super::shared::fnv::Fnv;
use super::shared::sorted::{self, SortedMap};
use rules::Report;
use std::ops::Range;
#[cfg(feature = "check")]
use title_agreement::TitleUse;
use toml::Spanned;

/// Checks every guidance file and the stock notes, and returns the catalogue or every problem.
///
/// `guidance_files` are the `<programme>/<ID>.toml` files (paths such as
/// `guidance/ipg/IPG655.toml`, in any order); `stock_notes` is `guidance/stock-notes.toml` and
/// `names` is `guidance/names.toml`, when they exist.
pub fn validate(
    guidance_files: Vec<Input>,
    stock_notes: Option<Input>,
    names: Option<Input>,
) -> Result<Catalogue, Vec<Diagnostic>> {
    let mut checker = Checker::default();
    let stock = stock_notes.map(|input| checker.stock_notes(input));
    let stock = stock.unwrap_or_default();
    #[cfg(feature = "check")]
    let names = names.map(|input| checker.names(input)).unwrap_or_default();
    // Read only to date a text, which the checks do.
    #[cfg(not(feature = "check"))]
    let _ = names;

    let mut files: Vec<Input> = guidance_files;
    sorted::sort_by_key(&mut files, |f| f.path.clone());
    let mut version_hash = Fnv::new();
    for input in &files {
        version_hash.write(input.path.as_bytes());
        version_hash.write(&[0]);
        version_hash.write_text(&input.text);
        version_hash.write(&[0]);
    }
    let mut parsed = Vec::new();
    for input in files {
        let file_index = checker.files.len();
        checker.files.push(SourceFile::new(input.path, input.text));
        #[cfg(feature = "check")]
        let parsed_file = checker.guidance_file(file_index, &stock, &names);
        #[cfg(not(feature = "check"))]
        let parsed_file = checker.guidance_file(file_index, &stock);
        if let Some(guidance) = parsed_file {
            parsed.push(guidance);
        }
    }
    #[cfg(feature = "check")]
    checker.across_files(&parsed);

    if !checker.errors.is_empty() {
        // Report file by file (stock notes and names first, then guidance files in path
        // order), and within a file from top to bottom, whichever check found the problem.
        let mut places = Vec::with_capacity(checker.files.len());
        for (i, f) in checker.files.iter().enumerate() {
            places.push((f.path.as_str(), i));
        }
        let order = SortedMap::from_pairs(places);
        let mut errors = std::mem::take(&mut checker.errors);
        sorted::sort_by_key(&mut errors, |d| {
            (order.get(d.path.as_str()).copied(), d.line, d.column)
        });
        return Err(errors);
    }
    let mut guidance: Vec<Guidance> = parsed.into_iter().map(|p| p.guidance).collect();
    sorted::sort_by_key(&mut guidance, |g| (g.programme, g.number));
    Ok(Catalogue {
        guidance,
        stock_notes: stock.into_iter().map(|(k, (text, _))| (k, text)).collect(),
        data_version: format!("{:016x}", version_hash.finish()),
    })
}

/// A guidance that parsed, with what the cross-file checks need to point at.
struct Parsed {
    guidance: Guidance,
    file: usize,
    id_span: Range<usize>,
    /// The id is well formed, so the file's name and folder can be checked against it.
    id_valid: bool,
    replaces: Vec<(String, Range<usize>)>,
    replaced_by: Vec<(String, Range<usize>)>,
}

#[derive(Default)]
struct Checker {
    files: Vec<SourceFile>,
    errors: Vec<Diagnostic>,
    #[cfg(feature = "check")]
    titles: Vec<TitleUse>,
    /// Every full code (not a category) the files name, for examples in messages.
    #[cfg(feature = "check")]
    codes_named: Vec<Code>,
    /// Defaults outside their category, reported once every file is read so the example
    /// offered is a code the catalogue names: (file, span, default, category).
    #[cfg(feature = "check")]
    defaults_outside: Vec<(usize, Range<usize>, Code, Code)>,
    /// `stock-notes.toml` did not parse (already reported): its keys are unknown, so
    /// references to them are not reported as undefined.
    stock_unreadable: bool,
    /// `names.toml` did not parse (already reported): its keys are unknown, so the names of
    /// `written_while` are not reported as undefined.
    #[cfg(feature = "check")]
    names_unreadable: bool,
}

/// The rule checks of `rules.rs`, reporting into one file of the [`Checker`].
struct FileReport<'a> {
    checker: &'a mut Checker,
    file: usize,
    versions: &'a (Option<String>, Option<String>),
}

impl Report for FileReport<'_> {
    fn err(&mut self, span: Range<usize>, message: String) {
        self.checker.err(self.file, span, message);
    }
    fn code(&mut self, s: &Spanned<String>, system: System) -> Option<Code> {
        self.checker.code(self.file, s, system)
    }
    fn text(&mut self, s: &Spanned<String>, what: &str) -> Option<String> {
        self.checker.text(self.file, s, what)
    }
    #[cfg(not(feature = "check"))]
    fn title_use(&mut self, _: Code, _: System, _: &Spanned<String>) {}
    #[cfg(feature = "check")]
    fn title_use(&mut self, code: Code, system: System, title: &Spanned<String>) {
        let version = match system {
            System::Opcs4 => self.versions.0.clone(),
            System::Icd10 => self.versions.1.clone(),
        };
        self.checker.titles.push(TitleUse {
            code,
            version,
            title: title.get_ref().clone(),
            file: self.file,
            span: title.span(),
        });
    }
}

/// Where a node stands, which decides what it may hold.
#[derive(Clone, Copy)]
struct Place {
    system: System,
    /// The node is an entry of `variants` (`Some(Variants)`), `stages` or `patients`.
    entry_of: Option<GroupKind>,
    incomplete: bool,
}

fn spanned_string(s: &Spanned<String>) -> (String, Range<usize>) {
    (s.get_ref().clone(), s.span())
}

impl Checker {
    fn err(&mut self, file: usize, span: Range<usize>, message: impl AsRef<str>) {
        let d = self.files[file].error(span, message.as_ref());
        self.errors.push(d);
    }

    /// A problem with the file as a whole (a key missing from it): no line to show.
    fn err_whole_file(&mut self, file: usize, message: impl AsRef<str>) {
        let d = Diagnostic::whole_file(self.files[file].path.clone(), message.as_ref());
        self.errors.push(d);
    }

    /// Reports every string of the file that holds what no text may (`text_checks.rs`).
    #[cfg(feature = "check")]
    fn text_checks(&mut self, file: usize) {
        for (span, message) in text_checks::check(&self.files[file].text) {
            self.err(file, span, message);
        }
    }

    /// Reports what reading a file found (`toml_reader.rs`).
    fn report_reading(&mut self, file: usize, problems: Vec<Problem>) {
        for problem in problems {
            match problem.span {
                Some(span) => self.err(file, span, problem.message),
                None => self.err_whole_file(file, problem.message),
            }
        }
    }

    /// A non-empty string value; reports and returns `None` when it is empty or blank.
    fn text(&mut self, file: usize, s: &Spanned<String>, what: &str) -> Option<String> {
        if s.get_ref().trim().is_empty() {
            self.err(
                file,
                s.span(),
                format!("{what} is empty; write the text, or remove the key."),
            );
            None
        } else {
            Some(s.get_ref().clone())
        }
    }

    fn texts(&mut self, file: usize, list: &[Spanned<String>], what: &str) -> Vec<String> {
        list.iter()
            .filter_map(|s| self.text(file, s, what))
            .collect()
    }

    fn opt_text(&mut self, file: usize, s: &Option<Spanned<String>>, what: &str) -> Option<String> {
        s.as_ref().and_then(|s| self.text(file, s, what))
    }
}

/// Reports a [`CodeError`] kind as text; used by tests that check messages.
#[allow(dead_code)]
pub fn describe(e: CodeError) -> &'static str {
    e.message()
}
