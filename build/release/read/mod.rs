//! Reading an official OPCS-4 or ICD-10 release: the code and title files NHS England
//! publishes on NHS TRUD (Technology Reference data Update Distribution).
//!
//! [`read_release`] reads one file and gives a [`Release`]: which classification it holds, in
//! which format, and every code with its title, sorted by code. Anything it cannot read is a
//! [`ReleaseError`] that names the file, the line (and the column where it is known) and says
//! what is wrong in one sentence. The releases are licensed: this module reads them where the
//! maintainer keeps them and never copies them anywhere.
//!
//! This folder depends only on `std`, `roxmltree` and two sibling modules, `echo`
//! (`build/shared/echo.rs`, which escapes and shortens the file's text quoted in messages) and
//! `file_read` (`build/shared/file_read.rs`, which reads only a regular file, within a limit),
//! so it can be compiled on its own with `#[path]` next to them (the build script compiles it
//! as `compiler::release::read`; the command-line tool as `releases::read`, with the two
//! modules beside it). Its parts: `decode.rs` (bytes to text), `xml.rs` and `text.rs` (the formats, each
//! file's records as rows), `titles.rs` (an ICD-10 row's title and usage) and `finish.rs`
//! (rows to a checked, sorted [`Release`]).
//!
//! # Formats
//!
//! The format is told from the file's content, never from its name:
//!
//! | format | looks like | classification |
//! |---|---|---|
//! | [`ReleaseFormat::Opcs4Text`]: OPCS-4 "CodesAndTitles" text | `A011<TAB>Hemispherectomy`; a category as `A01<TAB>...`; no header | OPCS-4 |
//! | [`ReleaseFormat::Opcs4Xml`]: OPCS-4 "CodesAndTitles" XML | `<code CODE="A01.1" TITLE="Hemispherectomy"/>` elements under one root | OPCS-4 |
//! | [`ReleaseFormat::Icd10Xml`]: ICD-10 5th Edition "CodesAndTitlesAndMetadata" XML | `<CLASS CODE="I50.9" ALT_CODE="I509" USAGE="DEFAULT" DESCRIPTION="..."/>` elements under one root | ICD-10 |
//! | [`ReleaseFormat::Icd10Text`]: the same table as tab-separated text | a header line `CODE<TAB>ALT_CODE<TAB>USAGE<TAB>...`, then one row per code | ICD-10 |
//! | [`ReleaseFormat::CodesAndTitles`]: a plain code and title list | `A01.1<TAB>Hemispherectomy`, dotted codes, no header | decided by content, see below |
//!
//! A file whose first non-blank character is `<` is XML; the record elements are found
//! anywhere under the root by their local name (`code` or `CLASS`, any namespace), and other
//! elements are ignored. A text file whose first line starts with the `CODE` column is the
//! ICD-10 table; any other text file is a list of `code<TAB>title` lines, undotted
//! (`A011`: the OPCS-4 CodesAndTitles file) or dotted (`A01.1`: a plain list), one form
//! throughout. Blank lines are skipped and line ends may be `\n` or `\r\n`.
//!
//! What the files hold was learned from public projects that load them (they read the
//! ICD-10 columns `CODE`, `ALT_CODE`, `USAGE`, `USAGE_UK`, `DESCRIPTION`, `MODIFIER_4`,
//! `MODIFIER_5`, `QUALIFIERS`, `GENDER_MASK`, `MIN_AGE`, `MAX_AGE`, `TREE_DESCRIPTION`, and
//! the OPCS-4 XML's `code` elements with `CODE` and `TITLE` attributes); the fixtures in
//! `tests/fixtures/releases/` follow those layouts with content written by this project.
//!
//! ## ICD-10 rows
//!
//! * `CODE` is the dotted code (`I50.9`, `M80.08`), or a three-character category (`I50`).
//!   `ALT_CODE` is the code without its dot, padded with `X` when the category has no
//!   subdivisions (`I10X`).
//! * A category whose `ALT_CODE` is its code followed by `X` is undivided: its entry is the
//!   code `I10.X`, the form guidance files write. Every other three-character `CODE` is a
//!   category entry (`I50`). Only this `X` rule reads `ALT_CODE`.
//! * `USAGE` is `DEFAULT`, `DAGGER` or `ASTERISK` (the UK dagger and asterisk scheme), read
//!   into [`Usage`]; a row without it has no usage ([`ReleaseEntry::usage`] is `None`).
//! * The title is `DESCRIPTION` completed by `MODIFIER_4` and `MODIFIER_5` as a coder reads
//!   it: a modifier that carries on the sentence ("With coma", "Without complication",
//!   "While engaged in sports activity") follows after a space with its first letter in lower
//!   case ("Type 1 diabetes mellitus with coma"); any other (a place, "Home"; a site) follows
//!   after a comma ("Fall on same level from slipping, tripping and stumbling, Home").
//!   Surrounding white space is trimmed from every part.
//! * The other wordings of the same title ([`ReleaseEntry::other_titles`]) are kept and are
//!   never a difference: the modifiers after a comma as written or in lower case, and
//!   `TREE_DESCRIPTION`, the wording under the category heading of the tabular list (C22.0:
//!   `DESCRIPTION` "Malignant neoplasm: Liver cell carcinoma", `TREE_DESCRIPTION` "Liver cell
//!   carcinoma"; NICE quotes either).
//! * A code with an `X` filler and a fifth digit (`M45.X0`, `ALT_CODE` `M45X0`) is a code like
//!   any other, under its category (`M45`).
//!
//! ## Retired codes
//!
//! OPCS-4.11 keeps its retired codes and categories, titled "Code retired - refer to
//! introduction". An entry whose title begins "Code retired" is read with
//! [`ReleaseEntry::retired`] set.
//!
//! ## Compressed files
//!
//! A file that starts as a gzip or zip file does is an error saying it is compressed.
//!
//! ## Which classification a plain list holds
//!
//! OPCS-4 has no chapter I (it does have a chapter O, of overflow codes such as `O20`), and
//! its codes are always four characters with a digit last. So a plain list holding a code
//! from chapter I, a five-character code (`M80.08`) or an `X` filler (`I48.X`) is ICD-10; a
//! real ICD-10 release always has chapter I (diseases of the circulatory system). The
//! classification is decided before any code is judged, so a release of the other
//! classification is named as such rather than stopped at its first code the other cannot
//! have. A list with none of those could be either:
//! it is taken to be the classification the caller expected (`expected`), and without an
//! expectation it is an error. A file whose format or content says one classification when
//! the caller expected the other is an error (an ICD-10 file given as the OPCS-4 release).
//!
//! ## Codes
//!
//! [`ReleaseEntry::code`] is the canonical dotted form guidance files write: `A01.1`,
//! `I50.9`, `M80.08`, `I10.X`, and a category as its three characters (`A01`, `I50`).
//! Entries are sorted by that string, which puts a category just before its codes.
//!
//! ## Text encoding
//!
//! Text is read as UTF-8 (a byte order mark is skipped), or as UTF-16 when the file starts
//! with a UTF-16 byte order mark. A file that is none of these is read as Windows-1252, the
//! code page of text exported on Windows, so that the titles still compare letter for letter.
//!
//! ## The XML crate
//!
//! XML is parsed with `roxmltree`: a small read-only tree with one dependency (`memchr`),
//! built with its default features off and `positions` on, so every element and attribute
//! keeps its byte range (which this module turns into a line and column) and every parse
//! error its position. The files are read whole either way, so a streaming parser such as
//! `quick-xml` would save nothing here and need more code to track positions.

mod decode;
mod finish;
mod text;
mod titles;
mod xml;

use super::file_read::{FileReadError, read_regular_file};
use decode::decode;
use std::fmt;
use std::path::{Path, PathBuf};

/// Which classification a release holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Classification {
    /// OPCS-4, the procedure classification.
    Opcs4,
    /// ICD-10, the diagnosis classification.
    Icd10,
}

impl Classification {
    /// The name used in messages: `OPCS-4` or `ICD-10`.
    pub fn name(self) -> &'static str {
        match self {
            Classification::Opcs4 => "OPCS-4",
            Classification::Icd10 => "ICD-10",
        }
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The layout of a release file, as told from its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReleaseFormat {
    /// OPCS-4 "CodesAndTitles" text: `A011<TAB>Hemispherectomy`, undotted, no header.
    Opcs4Text,
    /// OPCS-4 "CodesAndTitles" XML: `<code CODE="A01.1" TITLE="Hemispherectomy"/>`.
    Opcs4Xml,
    /// ICD-10 "CodesAndTitlesAndMetadata" XML: `<CLASS CODE=... DESCRIPTION=.../>`.
    Icd10Xml,
    /// ICD-10 "CodesAndTitlesAndMetadata" as tab-separated text with a header line.
    Icd10Text,
    /// A plain `code<TAB>title` list with dotted codes, of either classification.
    CodesAndTitles,
}

impl ReleaseFormat {
    /// A short description for messages: `OPCS-4 CodesAndTitles text`.
    pub fn describe(self) -> &'static str {
        match self {
            ReleaseFormat::Opcs4Text => "OPCS-4 CodesAndTitles text",
            ReleaseFormat::Opcs4Xml => "OPCS-4 CodesAndTitles XML",
            ReleaseFormat::Icd10Xml => "ICD-10 CodesAndTitlesAndMetadata XML",
            ReleaseFormat::Icd10Text => "ICD-10 CodesAndTitlesAndMetadata text",
            ReleaseFormat::CodesAndTitles => "code and title list",
        }
    }
}

/// How an ICD-10 code may be used, from the release's `USAGE` column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Usage {
    /// An ordinary code (`DEFAULT`).
    Default,
    /// A dagger code (`DAGGER`): the underlying disease.
    Dagger,
    /// An asterisk code (`ASTERISK`): the manifestation in an organ.
    Asterisk,
}

impl Usage {
    /// The value as the release writes it: `DEFAULT`, `DAGGER` or `ASTERISK`.
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::Default => "DEFAULT",
            Usage::Dagger => "DAGGER",
            Usage::Asterisk => "ASTERISK",
        }
    }
}

/// One code of a release with its title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseEntry {
    /// The canonical dotted code (`A01.1`, `I50.9`, `I10.X`), or a category's three
    /// characters (`A01`).
    pub code: String,
    /// The full title as a coder reads it (for ICD-10, `DESCRIPTION` completed by the
    /// modifiers, see the module docs).
    pub title: String,
    /// Other wordings of the same title that are not a difference: the ICD-10
    /// `TREE_DESCRIPTION` (the wording under the category heading) and the modifiers joined
    /// by a comma as the release writes them. Empty for OPCS-4 and plain lists.
    pub other_titles: Vec<String>,
    /// The release keeps the code only as retired (titled "Code retired - refer to
    /// introduction"): it is not to be used.
    pub retired: bool,
    /// The ICD-10 usage, when the release gives one; `None` for OPCS-4 and plain lists.
    pub usage: Option<Usage>,
    /// The 1-based line of the release file the entry was read from.
    pub line: usize,
}

impl ReleaseEntry {
    /// True for a three-character category entry (`A01`).
    pub fn is_category(&self) -> bool {
        self.code.len() == 3
    }

    /// True when `title` is this entry's title or one of its other wordings, with runs of
    /// white space made single and the ends trimmed.
    pub fn has_title(&self, title: &str) -> bool {
        let title = normalise_spaces(title);
        std::iter::once(&self.title)
            .chain(&self.other_titles)
            .any(|t| normalise_spaces(t) == title)
    }
}

/// `title` with runs of white space made single spaces and the ends trimmed.
pub fn normalise_spaces(title: &str) -> String {
    title.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The title OPCS-4.11 gives its retired codes and categories begins so: "Code retired -
/// refer to introduction".
fn is_retired_title(title: &str) -> bool {
    title
        .trim_start()
        .get(..12)
        .is_some_and(|start| start.eq_ignore_ascii_case("code retired"))
}

/// A release file, read: its classification, format and entries.
#[derive(Clone, Debug)]
pub struct Release {
    /// The classification the file holds.
    pub classification: Classification,
    /// The layout the file was read as.
    pub format: ReleaseFormat,
    /// The file, as given to [`read_release`].
    pub path: PathBuf,
    entries: Vec<ReleaseEntry>,
}

impl Release {
    /// Every entry, sorted by code.
    pub fn entries(&self) -> &[ReleaseEntry] {
        &self.entries
    }

    /// The entry of one code in canonical form (`A01.1`, `I10.X`, or a category `A01`).
    pub fn get(&self, code: &str) -> Option<&ReleaseEntry> {
        self.entries
            .binary_search_by(|e| e.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// The codes under a category, in code order, without the category's own entry.
    /// `category` is the three characters (`Y53`); `Y53.-` is read the same way.
    pub fn codes_in_category<'a>(
        &'a self,
        category: &str,
    ) -> impl Iterator<Item = &'a ReleaseEntry> + 'a {
        let stem = category.strip_suffix(".-").unwrap_or(category);
        let prefix = format!("{stem}.");
        let start = self.entries.partition_point(|e| e.code < prefix);
        self.entries[start..]
            .iter()
            .take_while(move |e| e.code.starts_with(&prefix))
    }

    /// True when the release has the category (`Y53` or `Y53.-`): a category entry, or at
    /// least one code under it (undivided ICD-10 categories and plain lists may have no
    /// category line).
    pub fn has_category(&self, category: &str) -> bool {
        let stem = category.strip_suffix(".-").unwrap_or(category);
        self.get(stem).is_some() || self.codes_in_category(stem).next().is_some()
    }

    /// The file name without its folder, for short messages.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// Why a release file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseError {
    /// The release file.
    pub path: PathBuf,
    /// The 1-based line, when the problem is at a place in the file.
    pub line: Option<usize>,
    /// The 1-based column in characters, when it is known.
    pub column: Option<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ReleaseError {}

/// The most a release file is read to: 256 MiB. The largest real file, the ICD-10
/// CodesAndTitlesAndMetadata XML, is a few tens of megabytes.
pub const RELEASE_LIMIT: u64 = 256 << 20;

/// Reads the release file at `path` (a regular file, at most [`RELEASE_LIMIT`] bytes).
///
/// `expected` is the classification the caller wants: a file that holds the other one is an
/// error, and a plain code list whose content cannot tell (see the module docs) is taken to be
/// it. With `None`, such a list is an error.
pub fn read_release(
    path: &Path,
    expected: Option<Classification>,
) -> Result<Release, ReleaseError> {
    let bytes = read_regular_file(path, RELEASE_LIMIT).map_err(|e| ReleaseError {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message: match e {
            FileReadError::Io(e) => {
                format!("cannot read the release file ({e}); check the path and its permissions.")
            }
            FileReadError::TooLarge { .. } => format!(
                "cannot read the release file: {e}, the most a release file is read to (the real releases are a few megabytes); give the codes-and-titles file of the release."
            ),
            _ => format!(
                "cannot read the release file: {e}; give the release's codes-and-titles file."
            ),
        },
    })?;
    parse_release(path, &bytes, expected)
}

/// Reads a release from its bytes; `path` is only used in messages and kept in the
/// [`Release`]. See [`read_release`].
pub fn parse_release(
    path: &Path,
    bytes: &[u8],
    expected: Option<Classification>,
) -> Result<Release, ReleaseError> {
    if let Some(kind) = compression(bytes) {
        return Err(ReleaseError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: format!(
                "the file is compressed ({kind}), not a codes-and-titles file; unpack it and give the codes-and-titles file it holds."
            ),
        });
    }
    let text = decode(bytes);
    let reader = Reader {
        path,
        text: &text,
        line_starts: line_starts(&text),
    };
    let Some(first) = text.find(|c: char| !c.is_whitespace()) else {
        return Err(reader.error(
            Some((1, 1)),
            "the file is empty; give the release's codes-and-titles file.",
        ));
    };
    let (format, rows) = if text[first..].starts_with('<') {
        reader.xml()?
    } else {
        reader.text()?
    };
    reader.finish(format, rows, expected)
}

/// The compression a file's first bytes show: TRUD delivers releases as zip archives, and a
/// file may have been gzipped since.
fn compression(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x1F\x8B") {
        Some("gzip")
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some("a zip archive")
    } else {
        None
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// One record as the file gives it, before its code is checked.
struct Row {
    code: String,
    /// The `X` filler from `ALT_CODE` applies (an undivided ICD-10 category).
    undivided: bool,
    title: String,
    other_titles: Vec<String>,
    usage: Option<Usage>,
    line: usize,
    column: usize,
}

/// A code read from a release, in canonical form, with what it says about its
/// classification.
struct CodeText {
    canonical: String,
    /// Written with a dot (`A01.1`, `A01.-`); `None` for a bare category (`A01`), which reads
    /// the same in both forms.
    dotted: Option<bool>,
    /// Why only ICD-10 can have this code, if so.
    icd10_only: Option<&'static str>,
}

/// Reads `A01`, `A011`, `A01.1`, `A01.-`, `I48X`, `I48.X`, `M8008`, `M80.08`, `M45X0`,
/// `M45.X0`.
fn read_code(raw: &str, undivided: bool) -> Option<CodeText> {
    let s = raw.trim();
    let b = s.as_bytes();
    if b.len() < 3 || !b[0].is_ascii_uppercase() || !b[1].is_ascii_digit() || !b[2].is_ascii_digit()
    {
        return None;
    }
    let stem = &s[..3];
    let (rest, dotted) = match s[3..].strip_prefix('.') {
        Some(rest) => (rest, true),
        None => (&s[3..], false),
    };
    let digits = rest.bytes().all(|c| c.is_ascii_digit());
    let (sub, mut icd10_only) = match rest {
        "" if !dotted => (None, None),
        "-" if dotted => (None, None),
        "X" => (
            Some("X"),
            Some("the X filler marks an undivided ICD-10 category"),
        ),
        _ if rest.len() == 2 && rest.starts_with('X') && rest.as_bytes()[1].is_ascii_digit() => (
            Some(rest),
            Some("the X filler marks an undivided ICD-10 category"),
        ),
        _ if digits && rest.len() == 1 => (Some(rest), None),
        _ if digits && rest.len() == 2 => (Some(rest), Some("OPCS-4 codes have four characters")),
        _ => return None,
    };
    let sub = match (sub, undivided) {
        (None, true) => {
            icd10_only = Some("the X filler marks an undivided ICD-10 category");
            Some("X")
        }
        (sub, _) => sub,
    };
    if icd10_only.is_none() && b[0] == b'I' {
        icd10_only = Some("OPCS-4 has no chapter I");
    }
    Some(CodeText {
        canonical: match sub {
            Some(sub) => format!("{stem}.{sub}"),
            None => stem.to_string(),
        },
        dotted: (s.len() > 3 && !(dotted && rest == "-")).then_some(dotted),
        icd10_only,
    })
}

struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl Reader<'_> {
    fn error(&self, at: Option<(usize, usize)>, message: impl Into<String>) -> ReleaseError {
        ReleaseError {
            path: self.path.to_path_buf(),
            line: at.map(|(line, _)| line),
            column: at.map(|(_, column)| column),
            // The message may quote the file's text: escaped and shortened (`echo.rs`).
            message: super::echo::bound_message(&message.into()),
        }
    }

    /// The 1-based line and column (in characters) of byte offset `at`.
    fn position(&self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        let index = self.line_starts.partition_point(|&s| s <= at) - 1;
        let start = self.line_starts[index];
        let column = self
            .text
            .get(start..at)
            .map_or(1, |before| before.chars().count() + 1);
        (index + 1, column)
    }

    /// Where the content ends (after its last non-blank character).
    fn end(&self) -> (usize, usize) {
        self.position(self.text.trim_end().len())
    }
}
