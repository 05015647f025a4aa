//! The classification releases a command was given (`--opcs4 FILE`, `--icd10 FILE`), read
//! once per run with the guidance compiler's reader, and how a guidance code is looked up in
//! them.
//!
//! `read` is the compiler's reader of OPCS-4 and ICD-10 releases (`build/release/read/`),
//! compiled here from the same file so the build's release check and the tool read a release
//! alike; it quotes input through `echo`, the compiler's escaping of messages.

// The tool uses part of the reader's API.
#[allow(dead_code)]
#[path = "../../../build/release/read/mod.rs"]
pub mod read;

use crate::failure::Failure;
use crate::{echo, file_read};
use nice_coding::Code;
use read::{Classification, Release, ReleaseEntry, read_release};
use std::path::Path;

/// The releases given on the command line, each read and checked to hold its classification.
pub struct Releases {
    pub opcs4: Option<Release>,
    pub icd10: Option<Release>,
}

impl Releases {
    /// Reads the files given; a file that cannot be read, or holds the other classification,
    /// is one error line naming the file and the line (the reader's message).
    pub fn read(opcs4: Option<&Path>, icd10: Option<&Path>) -> Result<Releases, Failure> {
        let read = |path: Option<&Path>, classification| {
            path.map(|p| read_release(p, Some(classification)).map_err(Failure::new))
                .transpose()
        };
        Ok(Releases {
            opcs4: read(opcs4, Classification::Opcs4)?,
            icd10: read(icd10, Classification::Icd10)?,
        })
    }

    /// The release of `code`'s classification, when one was given.
    pub fn of(&self, code: Code) -> Option<&Release> {
        match code {
            Code::Opcs4(_) => self.opcs4.as_ref(),
            Code::Icd10(_) => self.icd10.as_ref(),
        }
    }
}

/// The classification of a code, as the release reader names it.
pub fn classification(code: Code) -> Classification {
    match code {
        Code::Opcs4(_) => Classification::Opcs4,
        Code::Icd10(_) => Classification::Icd10,
    }
}

/// The code as a release lists it: the dotted code without an ICD-10 dagger or asterisk mark
/// (`H19.8A` is `H19.8`), a category as its three characters (`Y53.-` is `Y53`).
pub fn release_key(code: Code) -> String {
    let code = match code {
        Code::Icd10(c) => Code::Icd10(c.without_marker()),
        other => other,
    };
    let text = code.bare().to_string();
    match text.strip_suffix(".-") {
        Some(stem) => stem.to_owned(),
        None => text,
    }
}

/// What a release says of a code a guidance names.
pub enum Found<'r> {
    /// A code the release lists, or a category whose own entry it lists.
    Entry(&'r ReleaseEntry),
    /// A category the release has only through codes under it (no entry of its own).
    CategoryWithoutEntry,
    /// Neither the code nor, for a category, its entry or any code under it.
    Absent,
}

/// Looks `code` up in `release` (of its classification): a category (`Y53.-`) is present when
/// the release has its three-character entry or any code under it.
pub fn find(release: &Release, code: Code) -> Found<'_> {
    let key = release_key(code);
    match release.get(&key) {
        Some(entry) => Found::Entry(entry),
        None if code.is_category() && release.has_category(&key) => Found::CategoryWithoutEntry,
        None => Found::Absent,
    }
}
