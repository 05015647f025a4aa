//! Reading an official OPCS-4 or ICD-10 release: the code and title files NHS England
//! publishes on NHS TRUD (Technology Reference data Update Distribution).
//!
//! [`read_release`] reads one file and gives a [`Release`]: which classification it holds, in
//! which format, and every code with its title, sorted by code. Anything it cannot read is a
//! [`ReleaseError`] that names the file, the line (and the column where it is known) and says
//! what is wrong in one sentence. The releases are licensed: this module reads them where the
//! maintainer keeps them and never copies them anywhere.
//!
//! This file depends only on `std`, `roxmltree` and a sibling `echo` module (`build/shared/echo.rs`,
//! which escapes and shortens the file's text quoted in messages), so it can be compiled on its
//! own with `#[path]` next to that module (the build script compiles it as
//! `compiler::release`; the command-line tool as `release`, with `echo` beside it).
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

/// Reads the release file at `path`.
///
/// `expected` is the classification the caller wants: a file that holds the other one is an
/// error, and a plain code list whose content cannot tell (see the module docs) is taken to be
/// it. With `None`, such a list is an error.
pub fn read_release(
    path: &Path,
    expected: Option<Classification>,
) -> Result<Release, ReleaseError> {
    let bytes = std::fs::read(path).map_err(|e| ReleaseError {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message: format!("cannot read the release file ({e}); check the path and its permissions."),
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

/// Text from bytes: UTF-8 (BOM skipped), UTF-16 with a BOM, else Windows-1252.
fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        if let Ok(s) = std::str::from_utf8(rest) {
            return s.to_string();
        }
    }
    let utf16 = |rest: &[u8], big_endian: bool| {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|pair| {
                let (a, b) = (pair[0], pair.get(1).copied().unwrap_or(0));
                if big_endian {
                    u16::from_be_bytes([a, b])
                } else {
                    u16::from_le_bytes([a, b])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, true);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

/// One byte of Windows-1252. The five bytes the code page leaves undefined map to the C1
/// control of the same value, as web browsers do.
fn windows_1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])).unwrap_or('\u{FFFD}'),
        _ => char::from(b),
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

    fn xml(&self) -> Result<(ReleaseFormat, Vec<Row>), ReleaseError> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        let doc = roxmltree::Document::parse_with_options(self.text, options)
            .map_err(|e| self.xml_error(&e))?;
        let root = doc.root_element();
        let mut codes = Vec::new();
        let mut classes = Vec::new();
        let mut other = None;
        for node in root.descendants().skip(1).filter(|n| n.is_element()) {
            match node.tag_name().name() {
                "code" => codes.push(node),
                "CLASS" => classes.push(node),
                _ => other = other.or(Some(node)),
            }
        }
        let root_name = root.tag_name().name();
        match (codes.first(), classes.first()) {
            (None, None) => {
                let (at, found) = match other {
                    Some(n) => (
                        n.range().start,
                        format!("<{}> elements", n.tag_name().name()),
                    ),
                    None => (root.range().start, "no elements".to_string()),
                };
                Err(self.error(
                    Some(self.position(at)),
                    format!(
                        "unknown XML layout: the root <{root_name}> holds {found}, not the <code CODE=\"...\" TITLE=\"...\"/> elements of an OPCS-4 release or the <CLASS CODE=\"...\" DESCRIPTION=\"...\"/> elements of an ICD-10 release; give the release's codes-and-titles file."
                    ),
                ))
            }
            (Some(code), Some(class)) => {
                let later = code.range().start.max(class.range().start);
                Err(self.error(
                    Some(self.position(later)),
                    "the file mixes <code> elements (OPCS-4) and <CLASS> elements (ICD-10); a release holds one classification.",
                ))
            }
            (Some(_), None) => {
                let rows = codes
                    .iter()
                    .map(|&node| {
                        Ok(Row {
                            code: self.attribute(node, "CODE", "code")?,
                            undivided: false,
                            title: self.attribute(node, "TITLE", "code")?,
                            other_titles: Vec::new(),
                            usage: None,
                            line: self.position(node.range().start).0,
                            column: self.value_column(node, "CODE"),
                        })
                    })
                    .collect::<Result<_, _>>()?;
                Ok((ReleaseFormat::Opcs4Xml, rows))
            }
            (None, Some(_)) => {
                let rows = classes
                    .iter()
                    .map(|&node| {
                        let code = self.attribute(node, "CODE", "CLASS")?;
                        let description = self.attribute(node, "DESCRIPTION", "CLASS")?;
                        let optional = |name| node.attribute(name).unwrap_or_default();
                        let usage = match node.attribute_node("USAGE") {
                            None => None,
                            Some(a) => Some(parse_usage(a.value()).ok_or_else(|| {
                                self.error(
                                    Some(self.position(a.range_value().start)),
                                    unknown_usage(a.value()),
                                )
                            })?),
                        };
                        Ok(Row {
                            undivided: undivided(&code, optional("ALT_CODE")),
                            code,
                            title: icd10_title(
                                &description,
                                optional("MODIFIER_4"),
                                optional("MODIFIER_5"),
                            ),
                            other_titles: other_icd10_titles(
                                &description,
                                optional("MODIFIER_4"),
                                optional("MODIFIER_5"),
                                optional("TREE_DESCRIPTION"),
                            ),
                            usage,
                            line: self.position(node.range().start).0,
                            column: self.value_column(node, "CODE"),
                        })
                    })
                    .collect::<Result<_, _>>()?;
                Ok((ReleaseFormat::Icd10Xml, rows))
            }
        }
    }

    /// A required, non-blank attribute of a record element.
    fn attribute(
        &self,
        node: roxmltree::Node<'_, '_>,
        name: &str,
        element: &str,
    ) -> Result<String, ReleaseError> {
        match node.attribute_node(name) {
            Some(a) if !a.value().trim().is_empty() => Ok(a.value().trim().to_string()),
            Some(a) => Err(self.error(
                Some(self.position(a.range_value().start)),
                format!("the {name} attribute of this <{element}> element is empty; the release is damaged, download it again."),
            )),
            None => Err(self.error(
                Some(self.position(node.range().start)),
                format!("this <{element}> element has no {name} attribute; {}", layout_hint(element)),
            )),
        }
    }

    fn value_column(&self, node: roxmltree::Node<'_, '_>, name: &str) -> usize {
        let at = node
            .attribute_node(name)
            .map_or(node.range().start, |a| a.range_value().start);
        self.position(at).1
    }

    fn xml_error(&self, e: &roxmltree::Error) -> ReleaseError {
        match e {
            roxmltree::Error::UnclosedRootNode | roxmltree::Error::UnexpectedEndOfStream => self
                .error(
                    Some(self.end()),
                    "the XML ends before its root element is closed, so the file is cut short; download the release again.",
                ),
            roxmltree::Error::NoRootNode => self.error(
                Some((1, 1)),
                "the file has no XML root element; give the release's codes-and-titles file.",
            ),
            _ => {
                let pos = e.pos();
                let what = e.to_string().replace(&format!(" at {pos}"), "");
                self.error(
                    Some((pos.row as usize, pos.col as usize)),
                    format!("the XML is malformed ({what}); download the release again, or check that the file was not edited."),
                )
            }
        }
    }

    /// Non-blank lines with their 1-based numbers, without `\r`.
    fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text
            .split('\n')
            .enumerate()
            .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
            .filter(|(_, l)| !l.trim().is_empty())
    }

    fn text(&self) -> Result<(ReleaseFormat, Vec<Row>), ReleaseError> {
        let mut lines = self.lines().peekable();
        let header = lines
            .peek()
            .filter(|(_, l)| l.split('\t').next().map(str::trim) == Some("CODE"));
        if let Some(&(header_line, header)) = header {
            lines.next();
            return self.icd10_text(header_line, header, lines);
        }
        let mut rows = Vec::new();
        for (line, text) in lines {
            let fields: Vec<&str> = text.split('\t').collect();
            let (code, title) = match fields[..] {
                [code, title] => (code, title),
                [_] => {
                    let hint = if text.trim().contains(' ') {
                        " (the code and the title are separated by spaces here)"
                    } else {
                        ""
                    };
                    return Err(self.error(
                        Some((line, 1)),
                        format!("the line has no tab{hint}; each line of a code and title file is a code, a tab, then the title."),
                    ));
                }
                _ => {
                    let third = fields[0].chars().count() + fields[1].chars().count() + 3;
                    return Err(self.error(
                        Some((line, third)),
                        format!("the line has {} tab-separated fields where a code and title file has 2 (the code, then the title); this is not a codes-and-titles file, or the line is damaged.", fields.len()),
                    ));
                }
            };
            if code.trim().is_empty() {
                return Err(self.error(
                    Some((line, 1)),
                    "the line starts with a tab: its code is missing.",
                ));
            }
            if title.trim().is_empty() {
                return Err(self.error(
                    Some((line, code.chars().count() + 2)),
                    "the line has no title after its code.",
                ));
            }
            rows.push(Row {
                code: code.to_string(),
                undivided: false,
                title: title.trim().to_string(),
                other_titles: Vec::new(),
                usage: None,
                line,
                column: 1,
            });
        }
        // Only whole-file white space has no lines, and that was reported as empty.
        let dotted = rows
            .iter()
            .find_map(|r| read_code(&r.code, false).and_then(|c| c.dotted));
        let format = if dotted == Some(true) {
            ReleaseFormat::CodesAndTitles
        } else {
            ReleaseFormat::Opcs4Text
        };
        Ok((format, rows))
    }

    fn icd10_text<'l>(
        &self,
        header_line: usize,
        header: &str,
        lines: impl Iterator<Item = (usize, &'l str)>,
    ) -> Result<(ReleaseFormat, Vec<Row>), ReleaseError> {
        let columns: Vec<&str> = header.split('\t').map(str::trim).collect();
        let column = |name: &str| columns.iter().position(|c| *c == name);
        let Some(description) = column("DESCRIPTION") else {
            return Err(self.error(
                Some((header_line, 1)),
                "the header line has a CODE column but no DESCRIPTION column; give the release's CodesAndTitlesAndMetadata file.",
            ));
        };
        let (alt, usage, modifier_4, modifier_5, tree) = (
            column("ALT_CODE"),
            column("USAGE"),
            column("MODIFIER_4"),
            column("MODIFIER_5"),
            column("TREE_DESCRIPTION"),
        );
        let mut rows = Vec::new();
        for (line, text) in lines {
            let fields: Vec<&str> = text.split('\t').collect();
            if fields.len() > columns.len() {
                return Err(self.error(
                    Some((line, 1)),
                    format!(
                        "the line has {} tab-separated fields but the header (line {header_line}) names {} columns; the line is damaged.",
                        fields.len(),
                        columns.len()
                    ),
                ));
            }
            let field = |i: Option<usize>| i.and_then(|i| fields.get(i)).map_or("", |f| f.trim());
            let code = field(Some(0));
            if code.is_empty() {
                return Err(self.error(Some((line, 1)), "the line has no CODE."));
            }
            if field(Some(description)).is_empty() {
                return Err(self.error(
                    Some((line, 1)),
                    format!("the line has no DESCRIPTION for {code}."),
                ));
            }
            let usage = match field(usage) {
                "" => None,
                value => Some(
                    parse_usage(value)
                        .ok_or_else(|| self.error(Some((line, 1)), unknown_usage(value)))?,
                ),
            };
            rows.push(Row {
                code: code.to_string(),
                undivided: undivided(code, field(alt)),
                title: icd10_title(
                    field(Some(description)),
                    field(modifier_4),
                    field(modifier_5),
                ),
                other_titles: other_icd10_titles(
                    field(Some(description)),
                    field(modifier_4),
                    field(modifier_5),
                    field(tree),
                ),
                usage,
                line,
                column: 1,
            });
        }
        if rows.is_empty() {
            return Err(self.error(
                Some((header_line, 1)),
                "the file has a header line but no codes; the release is cut short, download it again.",
            ));
        }
        Ok((ReleaseFormat::Icd10Text, rows))
    }

    /// Checks every code, decides the classification, sorts and rejects duplicates.
    fn finish(
        &self,
        format: ReleaseFormat,
        rows: Vec<Row>,
        expected: Option<Classification>,
    ) -> Result<Release, ReleaseError> {
        let Some(first) = rows.first() else {
            return Err(self.error(None, "the file holds no codes."));
        };
        let first_at = Some((first.line, first.column));
        // The classification is decided before any code is judged, so a release of the other
        // classification is named as such rather than stopped at its first unusual code.
        let read: Vec<Option<CodeText>> = rows
            .iter()
            .map(|row| read_code(&row.code, row.undivided))
            .collect();
        let evidence = rows
            .iter()
            .zip(&read)
            .find_map(|(row, code)| code.as_ref()?.icd10_only.map(|why| (row, why)));
        let by_format = match format {
            ReleaseFormat::Opcs4Text | ReleaseFormat::Opcs4Xml => Some(Classification::Opcs4),
            ReleaseFormat::Icd10Xml | ReleaseFormat::Icd10Text => Some(Classification::Icd10),
            ReleaseFormat::CodesAndTitles => evidence.map(|_| Classification::Icd10),
        };
        let classification = match (by_format, expected) {
            (Some(found), Some(wanted)) if found != wanted => {
                let (at, why) = match (format, evidence) {
                    (ReleaseFormat::CodesAndTitles, Some((row, why))) => (
                        Some((row.line, row.column)),
                        format!(" (it has {}, and {why})", row.code.trim()),
                    ),
                    _ => (first_at, format!(" ({})", format.describe())),
                };
                return Err(self.error(
                    at,
                    format!("this is an {found} release{why}, but an {wanted} release was expected; give it as the {found} release instead."),
                ));
            }
            (Some(found), _) => found,
            (None, Some(wanted)) => wanted,
            (None, None) => {
                return Err(self.error(
                    first_at,
                    "the file does not show whether it holds OPCS-4 or ICD-10 codes (it has no code of ICD-10's chapter I, no five-character code and no X filler); say which classification it is.",
                ));
            }
        };
        if classification == Classification::Opcs4 {
            if let Some((row, why)) = evidence {
                return Err(self.error(
                    Some((row.line, row.column)),
                    format!("\"{}\" is not an OPCS-4 code ({why}); this file holds ICD-10 codes, so it is not an OPCS-4 release.", row.code.trim()),
                ));
            }
        }
        let mut codes = Vec::with_capacity(rows.len());
        let mut style: Option<(bool, usize, &str)> = None;
        for (row, code) in rows.iter().zip(read) {
            let at = Some((row.line, row.column));
            let Some(code) = code else {
                return Err(self.error(
                    at,
                    format!("\"{}\" is not an OPCS-4 or ICD-10 code; the line is damaged, or this is not a codes-and-titles file.", row.code.trim()),
                ));
            };
            if let Some(dotted) = code.dotted {
                match style {
                    None => style = Some((dotted, row.line, &row.code)),
                    Some((first_dotted, first_line, first_code)) if first_dotted != dotted => {
                        return Err(self.error(
                            at,
                            format!(
                                "\"{}\" is {} but the file's first code (\"{}\", line {first_line}) is {}; a release writes every code the same way.",
                                row.code.trim(),
                                if dotted { "dotted" } else { "not dotted" },
                                first_code.trim(),
                                if first_dotted { "dotted" } else { "not dotted" },
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
            codes.push(code);
        }
        let mut entries: Vec<ReleaseEntry> = rows
            .into_iter()
            .zip(codes)
            .map(|(row, code)| ReleaseEntry {
                code: code.canonical,
                retired: is_retired_title(&row.title),
                title: row.title,
                other_titles: row.other_titles,
                usage: row.usage,
                line: row.line,
            })
            .collect();
        entries.sort_by(|a, b| (&a.code, a.line).cmp(&(&b.code, b.line)));
        let duplicate = entries
            .windows(2)
            .filter(|pair| pair[0].code == pair[1].code)
            .min_by_key(|pair| pair[1].line);
        if let Some(pair) = duplicate {
            return Err(self.error(
                Some((pair[1].line, 1)),
                format!(
                    "code {} appears twice, here and on line {}; a release lists each code once, so the file is damaged.",
                    pair[1].code, pair[0].line
                ),
            ));
        }
        Ok(Release {
            classification,
            format,
            path: self.path.to_path_buf(),
            entries,
        })
    }
}

/// True when `alt_code` is `code` followed by the `X` filler (`I10` and `I10X`).
fn undivided(code: &str, alt_code: &str) -> bool {
    let code = code.trim();
    code.len() == 3 && alt_code.trim().strip_suffix('X') == Some(code)
}

fn parse_usage(value: &str) -> Option<Usage> {
    match value.trim() {
        "DEFAULT" => Some(Usage::Default),
        "DAGGER" => Some(Usage::Dagger),
        "ASTERISK" => Some(Usage::Asterisk),
        _ => None,
    }
}

fn unknown_usage(value: &str) -> String {
    format!(
        "USAGE \"{value}\" is not DEFAULT, DAGGER or ASTERISK; the release is damaged, or this is not an ICD-10 CodesAndTitlesAndMetadata file."
    )
}

fn layout_hint(element: &str) -> &'static str {
    if element == "code" {
        "an OPCS-4 release element reads <code CODE=\"A01.1\" TITLE=\"...\"/>."
    } else {
        "an ICD-10 release element reads <CLASS CODE=\"I50.9\" ... DESCRIPTION=\"...\"/>."
    }
}

/// An ICD-10 title as a coder reads it: `DESCRIPTION`, then each non-empty modifier. A
/// modifier that continues the sentence ("With coma", "Without complication", "While
/// engaged in sports activity") follows after a space with its first letter in lower case:
/// "Type 1 diabetes mellitus with coma". Any other (a place, "Home"; a site, "Other")
/// follows after a comma and a space, as the tabular list sets it under the heading.
fn icd10_title(description: &str, modifier_4: &str, modifier_5: &str) -> String {
    let mut title = description.trim().to_string();
    for modifier in [modifier_4.trim(), modifier_5.trim()] {
        if modifier.is_empty() {
        } else if continues_sentence(modifier) {
            title.push(' ');
            title.push_str(&lower_first(modifier));
        } else {
            title.push_str(", ");
            title.push_str(modifier);
        }
    }
    title
}

/// The other wordings of an ICD-10 title that are not a difference: every modifier after a
/// comma as written, or in lower case, or after a space in lower case; and the
/// `TREE_DESCRIPTION`. The coder's form ([`icd10_title`]) is left out, and so are repeats.
fn other_icd10_titles(
    description: &str,
    modifier_4: &str,
    modifier_5: &str,
    tree_description: &str,
) -> Vec<String> {
    let main = icd10_title(description, modifier_4, modifier_5);
    let modifiers: Vec<&str> = [modifier_4.trim(), modifier_5.trim()]
        .into_iter()
        .filter(|m| !m.is_empty())
        .collect();
    let mut others = Vec::new();
    let joined = |separator: &str, lower: bool| {
        let mut title = description.trim().to_string();
        for m in &modifiers {
            title.push_str(separator);
            if lower {
                title.push_str(&lower_first(m));
            } else {
                title.push_str(m);
            }
        }
        title
    };
    if !modifiers.is_empty() {
        others.extend([joined(", ", false), joined(", ", true), joined(" ", true)]);
    }
    let tree = tree_description.trim();
    if !tree.is_empty() {
        others.push(tree.to_string());
    }
    let mut kept: Vec<String> = Vec::new();
    for title in others {
        if title != main && !kept.contains(&title) {
            kept.push(title);
        }
    }
    kept
}

/// True for a modifier whose first word carries on the title's sentence.
fn continues_sentence(modifier: &str) -> bool {
    let first = modifier.split_whitespace().next().unwrap_or_default();
    [
        "with",
        "without",
        "while",
        "in",
        "due",
        "following",
        "during",
    ]
    .iter()
    .any(|w| first.eq_ignore_ascii_case(w))
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
