//! The compiler cannot be broken by its input.
//!
//! * Property tests: real guidance files (shipped ones and a fixture that uses every feature
//!   of the format), mutated (characters deleted, replaced or inserted, lines deleted,
//!   duplicated or swapped, a value's type changed, odd Unicode, NUL, byte order marks,
//!   bytes that are not UTF-8), are compiled in a folder of their own. The compile never
//!   panics (a panic fails the case), and either succeeds with a source free of characters
//!   `rustc` rejects, or every diagnostic points inside the mutated file: its path, a line
//!   the file has, a column within that line, and that line shown. The fixture releases are
//!   mutated the same way: reading one never panics, and an error names a line and column
//!   the file has.
//! * Round trip: titles and notes holding quotes, backslashes, `"#`, `*/`, braces, accented
//!   letters, typographic quotes and dashes, signs, and a string as long as a title may be
//!   compile, and the generated string table (`tables/text.txt`, which the source includes)
//!   gives every one of them back exactly; the documentation pages hold them only in their
//!   escaped form, and show bidirectional controls (which the checks refuse) by code point.
//!
//! Proptest picks new cases on each run; a failing case is saved under
//! `proptest-regressions/` and replayed first from then on.

mod common;
#[path = "../build/mod.rs"]
mod compiler;

use common::TempDir;
#[cfg(feature = "release-check")]
use compiler::release::read::{Classification, parse_release};
use compiler::shared::diagnostic::Diagnostic;
use proptest::prelude::*;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The characters `rustc` rejects in source by default (`text_direction_codepoint_in_comment`
/// and `..._in_literal`), and the control characters a generated file must not hold raw.
fn forbidden_in_source(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') || (c.is_control() && c != '\n')
}

// ---------------------------------------------------------------------------------------
// Property tests.

/// A guidance file to mutate, where it goes in the temp folder, and its stock notes.
struct Base {
    name: &'static str,
    text: String,
    stock: String,
}

fn bases() -> Vec<Base> {
    let read = |path: &str| {
        std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let shipped_stock = read("guidance/stock-notes.toml");
    vec![
        Base {
            name: "IPG655",
            text: read("guidance/ipg/IPG655.toml"),
            stock: shipped_stock.clone(),
        },
        Base {
            name: "IPG499",
            text: read("guidance/ipg/IPG499.toml"),
            stock: shipped_stock,
        },
        Base {
            name: "IPG1",
            text: read("tests/fixtures/good/guidance/ipg/IPG1.toml"),
            stock: read("tests/fixtures/good/guidance/stock-notes.toml"),
        },
    ]
}

/// Text inserted or substituted by mutations.
const ODD: &[&str] = &[
    "\"",
    "'",
    "\\",
    "[",
    "]",
    "{",
    "}",
    "=",
    "#",
    ",",
    ".",
    "\n",
    "\r\n",
    "\t",
    "\0",
    "\u{FEFF}",
    "\u{202E}",
    "\u{2067}",
    "\u{200F}",
    "\u{301}",
    "e\u{301}",
    "\u{85}",
    "\u{2028}",
    "😀",
    "é",
    "\"\"\"",
    "'''",
    "[[x]]",
    "x = 1\n",
    "\\u0000",
    "\\u202E",
    " ",
    "-",
    "K578",
    "Y53.-",
    "Q90.-D",
    "D",
    "ipg655",
    "opcs4 = ",
    "one_of = []",
    "{ opcs4 = \"A01.1\" }",
    "*/",
    "\"#",
    "https://",
];

/// What a string value may be changed into.
const VALUES: &[&str] = &[
    "123",
    "true",
    "[]",
    "{}",
    "1979-05-27",
    "[\"a\", 1]",
    "{ x = 1 }",
    "-0.5",
    "\"\"",
    "'literal'",
    "\"\\u202E\"",
    "\"\\u0000\"",
];

#[derive(Clone, Debug)]
enum Mutation {
    DeleteChars {
        at: usize,
        len: usize,
    },
    ReplaceChar {
        at: usize,
        with: usize,
    },
    Insert {
        at: usize,
        with: usize,
    },
    DeleteLine {
        line: usize,
    },
    DuplicateLine {
        line: usize,
    },
    SwapLines {
        a: usize,
        b: usize,
    },
    ChangeValue {
        value: usize,
        to: usize,
    },
    /// A byte that cannot occur in UTF-8, inserted at a character boundary.
    InvalidByte {
        at: usize,
        byte: u8,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = any::<usize>;
    prop_oneof![
        (n(), 1..24usize).prop_map(|(at, len)| Mutation::DeleteChars { at, len }),
        (n(), 0..ODD.len()).prop_map(|(at, with)| Mutation::ReplaceChar { at, with }),
        (n(), 0..ODD.len()).prop_map(|(at, with)| Mutation::Insert { at, with }),
        n().prop_map(|line| Mutation::DeleteLine { line }),
        n().prop_map(|line| Mutation::DuplicateLine { line }),
        (n(), n()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        (n(), 0..VALUES.len()).prop_map(|(value, to)| Mutation::ChangeValue { value, to }),
        (
            n(),
            prop_oneof![Just(0xFFu8), Just(0xC0), Just(0x80), Just(0xED)]
        )
            .prop_map(|(at, byte)| Mutation::InvalidByte { at, byte }),
    ]
}

/// The byte offset of the `at`-th character boundary, counted modulo their number.
fn boundary(text: &str, at: usize) -> usize {
    let count = text.chars().count() + 1;
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .nth(at % count)
        .unwrap_or(text.len())
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    // Mutations work on text; once a case holds bytes that are not UTF-8, the lossy text is
    // mutated (the replacement character stands in for the bad bytes).
    let mut text = String::from_utf8_lossy(bytes).into_owned();
    match *m {
        Mutation::DeleteChars { at, len } => {
            let start = boundary(&text, at);
            let end = text[start..]
                .char_indices()
                .nth(len)
                .map_or(text.len(), |(i, _)| start + i);
            text.replace_range(start..end, "");
        }
        Mutation::ReplaceChar { at, with } => {
            let start = boundary(&text, at);
            let end = text[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            text.replace_range(start..end, ODD[with]);
        }
        Mutation::Insert { at, with } => {
            let at = boundary(&text, at);
            text.insert_str(at, ODD[with]);
        }
        Mutation::DeleteLine { line } => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if !lines.is_empty() {
                lines.remove(line % lines.len());
            }
            text = lines.concat();
        }
        Mutation::DuplicateLine { line } => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if !lines.is_empty() {
                let i = line % lines.len();
                lines.insert(i, lines[i]);
            }
            text = lines.concat();
        }
        Mutation::SwapLines { a, b } => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if !lines.is_empty() {
                let n = lines.len();
                lines.swap(a % n, b % n);
            }
            text = lines.concat();
        }
        Mutation::ChangeValue { value, to } => {
            let starts: Vec<usize> = text.match_indices("= \"").map(|(i, _)| i + 2).collect();
            if !starts.is_empty() {
                let start = starts[value % starts.len()];
                // The closing quote: the next `"` not escaped by a backslash.
                let body = &text[start + 1..];
                let mut escaped = false;
                let close = body.char_indices().find_map(|(i, c)| {
                    let found = c == '"' && !escaped;
                    escaped = c == '\\' && !escaped;
                    found.then_some(i)
                });
                if let Some(close) = close {
                    text.replace_range(start..start + 1 + close + 1, VALUES[to]);
                }
            }
        }
        Mutation::InvalidByte { at, byte } => {
            let at = boundary(&text, at);
            let mut out = text.into_bytes();
            out.insert(at, byte);
            *bytes = out;
            return;
        }
    }
    *bytes = text.into_bytes();
}

/// Every diagnostic lies inside `path`, whose bytes are `bytes`.
fn located_inside(d: &Diagnostic, path: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    prop_assert_eq!(&d.path, path, "{}", d);
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.split('\n').collect();
    prop_assert!(
        d.line >= 1 && d.line <= lines.len(),
        "line out of the file: {}",
        d
    );
    let line = lines[d.line - 1];
    prop_assert!(
        d.column >= 1 && d.column <= line.chars().count() + 1,
        "column out of the line ({} characters): {}",
        line.chars().count(),
        d
    );
    if let Some(shown) = &d.source_line {
        prop_assert_eq!(shown.as_str(), line.trim_end_matches('\r'), "{}", d);
    }
    Ok(())
}

fn compile_mutated(
    base: &Base,
    mutated_stock: bool,
    mutations: &[Mutation],
) -> Result<(), TestCaseError> {
    let guidance_path = format!("guidance/ipg/{}.toml", base.name);
    let stock_path = "guidance/stock-notes.toml";
    let (mut guidance, mut stock) = (
        base.text.clone().into_bytes(),
        base.stock.clone().into_bytes(),
    );
    let target = if mutated_stock {
        &mut stock
    } else {
        &mut guidance
    };
    for m in mutations {
        apply(target, m);
    }
    let dir = TempDir::new("robustness");
    dir.write(&guidance_path, &guidance);
    dir.write(stock_path, &stock);
    match compiler::compile_dir(&dir.0) {
        Ok(compiled) => {
            prop_assert!(
                !compiled.source.chars().any(forbidden_in_source),
                "the generated source holds a character rustc rejects"
            );
        }
        Err(failed) => {
            prop_assert!(!failed.diagnostics.is_empty());
            for d in &failed.diagnostics {
                // A broken stock notes file can also make a reference in the guidance file
                // undefined, so either file may be named then.
                if mutated_stock && d.path == guidance_path {
                    located_inside(d, &guidance_path, &guidance)?;
                } else if mutated_stock {
                    located_inside(d, stock_path, &stock)?;
                } else {
                    located_inside(d, &guidance_path, &guidance)?;
                }
            }
        }
    }
    Ok(())
}

proptest! {
    // A case takes a few milliseconds in a debug build.
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_guidance_file_compiles_or_is_reported_inside_itself(
        base in 0..3usize,
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let bases = bases();
        compile_mutated(&bases[base], false, &mutations)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 250, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_stock_notes_file_is_reported_inside_the_two_files(
        mutations in proptest::collection::vec(mutation(), 1..3),
    ) {
        let bases = bases();
        compile_mutated(&bases[0], true, &mutations)?;
    }
}

// The release readers are compiled only with the `release-check` feature.
#[cfg(feature = "release-check")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 250, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_release_reads_or_is_reported_inside_itself(
        base in 0..RELEASES.len(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let (name, classification) = RELEASES[base];
        let path = root().join("tests/fixtures/releases").join(name);
        let mut bytes = std::fs::read(&path).expect("read the fixture release");
        for m in &mutations {
            apply(&mut bytes, m);
        }
        if let Err(e) = parse_release(&path, &bytes, Some(classification)) {
            prop_assert_eq!(&e.path, &path);
            // The reader decodes text that is not UTF-8 as Windows-1252, one character per
            // byte; lines and columns count those characters.
            let text = match std::str::from_utf8(&bytes) {
                Ok(text) => text.to_string(),
                Err(_) => bytes.iter().map(|&b| if b.is_ascii() { char::from(b) } else { '\u{FFFD}' }).collect(),
            };
            let lines: Vec<&str> = text.split('\n').collect();
            if let Some(line) = e.line {
                prop_assert!(line >= 1 && line <= lines.len(), "line out of the file: {}", e);
                if let Some(column) = e.column {
                    let length = lines[line - 1].chars().count();
                    prop_assert!(column >= 1 && column <= length + 1, "column out of the line ({} characters): {}", length, e);
                }
            }
            prop_assert!(e.message.ends_with('.') && !e.message.contains('\n'), "{}", e);
        }
    }
}

/// The fixture releases the property test mutates, with the classification each is given as.
#[cfg(feature = "release-check")]
const RELEASES: &[(&str, Classification)] = &[
    ("opcs4-codes-and-titles.txt", Classification::Opcs4),
    ("opcs4-codes-and-titles.xml", Classification::Opcs4),
    ("opcs4-plain.tsv", Classification::Opcs4),
    (
        "icd10-codes-and-titles-and-metadata.xml",
        Classification::Icd10,
    ),
    (
        "icd10-codes-and-titles-and-metadata.txt",
        Classification::Icd10,
    ),
    ("icd10-plain.tsv", Classification::Icd10),
];

#[test]
fn each_kind_of_mutation_changes_the_text_as_intended() {
    let mut bytes = b"a = \"x\\\"y\"\nb = 2\n".to_vec();
    apply(&mut bytes, &Mutation::ChangeValue { value: 0, to: 0 });
    assert_eq!(bytes, b"a = 123\nb = 2\n");
    apply(&mut bytes, &Mutation::SwapLines { a: 0, b: 1 });
    assert_eq!(bytes, b"b = 2\na = 123\n");
    apply(&mut bytes, &Mutation::DuplicateLine { line: 1 });
    assert_eq!(bytes, b"b = 2\na = 123\na = 123\n");
    apply(&mut bytes, &Mutation::DeleteLine { line: 0 });
    assert_eq!(bytes, b"a = 123\na = 123\n");
    apply(&mut bytes, &Mutation::DeleteChars { at: 1, len: 3 });
    assert_eq!(bytes, b"a123\na = 123\n");
    apply(&mut bytes, &Mutation::ReplaceChar { at: 0, with: 16 });
    assert_eq!(bytes, "\u{202E}123\na = 123\n".as_bytes());
    apply(&mut bytes, &Mutation::Insert { at: 1, with: 14 });
    assert_eq!(bytes, "\u{202E}\x00123\na = 123\n".as_bytes());
    apply(&mut bytes, &Mutation::InvalidByte { at: 2, byte: 0xFF });
    assert_eq!(&bytes[..5], b"\xE2\x80\xAE\0\xFF");
}

// ---------------------------------------------------------------------------------------
// Round trip of odd text.

/// Strings that are hard to carry through TOML, Rust string literals and doc comments.
/// (Control characters, line breaks and tabs are not among them: the compiler rejects them,
/// see the `control-character` fixture of `tests/compiler.rs`; nor are bidirectional and
/// other invisible formatting characters, combining marks and other scripts, which it
/// rejects too, see the `invisible-characters` fixture: the docs' escaping of them is tested
/// on the page itself below.) The longest is as long as a title may be.
fn odd_strings() -> Vec<String> {
    let longest = compiler::check::text_checks::LINE_LIMIT;
    let long: String = "ab\"c\\d */ é ’x "
        .chars()
        .cycle()
        .take(longest - 1)
        .chain(['.'])
        .collect();
    assert_eq!(long.chars().count(), longest);
    [
        "He said \"stop\" and left",
        "a back\\slash, two \\\\ and a trailing one \\",
        "a raw string's end \"# and \"## here",
        "a block comment end */ and start /* here",
        "braces {} {{}} {0} and format {:?} and a dollar $ {x}",
        "Ménière’s, Sjögren, Łódź, naïve: “quoted” ‘text’ – a dash — another",
        "signs: 5 ± 2 °C, ≤ 3 × ½, µg, £10, ™ ‡ • … 5′ 3″",
        "Markdown *stars* _under_ [link](x) <b>html</b> | pipe # hash `tick`",
        "a web address https://example.org/a?b=c&d=e*/ in text",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([long])
    .collect()
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn odd_guidance(strings: &[String]) -> (String, String) {
    let s = |i: usize| toml_string(&strings[i % strings.len()]);
    let all: Vec<String> = strings.iter().map(|x| toml_string(x)).collect();
    let list = all.join(", ");
    let guidance = format!(
        r#"id = "IPG3"
title = {title}
source = "https://www.nice.org.uk/guidance/ipg3"
notes = [{list}]
limitations = [{list}]
not_coded = [{list}]
ambiguities = [{list}]
incomplete = {incomplete}
stock_notes = ["odd"]

procedure = [
  {{ opcs4 = "K57.8", title = {t1}, note = {n1}, printed = {p1}, includes = [{list}],
     excludes = [{{ opcs4 = "C51.5", title = {ex} }}] }},
  {{ opcs4 = "Y53.-", title = {t2}, default = "Y53.9", default_title = {d2}, condition = {c2}, sequence = {q2} }},
  {{ variants = [
      {{ implied_label = {l1}, opcs4 = "A01.1", title = {t3} }},
      {{ label = {l2}, opcs4 = "A01.2", title = {t4} }},
    ], chosen_by = {cb} }},
  {{ placeholder = {ph}, within = ["Z00-Z99"], concurrent = {cc} }},
]

ruled_out_by = [
  {{ opcs4 = "Y73.1", title = {ro} }},
]

diagnosis = [
  {{ icd10 = "I50.9", title = {t5} }},
]

snomed = [
  {{ concept = "448606008", term = {term}, applies_to = "procedure" }},
]
"#,
        title = s(0),
        incomplete = s(13),
        t1 = s(1),
        n1 = s(2),
        p1 = s(3),
        t2 = s(4),
        d2 = s(5),
        c2 = s(6),
        q2 = s(7),
        l1 = s(8),
        l2 = s(9),
        t3 = s(10),
        t4 = s(11),
        ph = s(12),
        t5 = s(13),
        term = s(3),
        ex = s(14),
        cb = s(15),
        cc = s(16),
        ro = s(17),
    );
    let stock = format!("[odd]\ntext = {}\n", s(4));
    (guidance, stock)
}

/// One of the data files the generated source includes.
fn generated_file<'a>(compiled: &'a compiler::Compiled, name: &str) -> &'a [u8] {
    compiled
        .files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, bytes)| bytes.as_slice())
        .unwrap_or_else(|| panic!("no generated {name}"))
}

/// The strings of the generated `TEXT` table (`tables/text.txt`), split at `TEXT_ENDS`
/// (`tables/text_ends.bin`, little-endian `u32`), as the library reads them.
fn text_table(compiled: &compiler::Compiled) -> Vec<String> {
    let text = std::str::from_utf8(generated_file(compiled, "tables/text.txt")).expect("UTF-8");
    let ends: Vec<usize> = generated_file(compiled, "tables/text_ends.bin")
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .collect();
    ends.windows(2)
        .map(|w| {
            text.get(w[0]..w[1])
                .expect("ends on char boundaries")
                .to_string()
        })
        .collect()
}

/// Whether the generated source includes `name` where it should: the `TEXT` static from
/// `tables/text.txt`, a variant's documentation from `doc/<ID>.md`.
fn includes(source: &str, needle: &str) -> bool {
    let file = syn::parse_file(source).expect("the generated source parses");
    let tokens = quote::ToTokens::to_token_stream(&file).to_string();
    tokens.contains(needle)
}

#[test]
fn odd_text_compiles_and_comes_back_exactly_from_the_generated_source() {
    let strings = odd_strings();
    let (guidance, stock) = odd_guidance(&strings);
    let dir = TempDir::new("roundtrip");
    dir.write("guidance/ipg/IPG3.toml", &guidance);
    dir.write("guidance/stock-notes.toml", &stock);
    let compiled = match compiler::compile_dir(&dir.0) {
        Ok(c) => c,
        Err(f) => panic!("{:#?}", f.diagnostics),
    };

    // The checked model holds the strings as written.
    let g = &compiled.catalogue.guidance[0];
    assert_eq!(g.title, strings[0]);
    assert_eq!(g.notes, strings);
    assert_eq!(g.limitations, strings);
    assert_eq!(g.not_coded, strings);
    assert_eq!(g.ambiguities, strings);
    assert_eq!(g.snomed[0].term, strings[3]);
    assert_eq!(compiled.catalogue.stock_notes["odd"], strings[4]);

    // The generated string table, which the source includes, gives every one of them back.
    assert!(includes(&compiled.source, "\"/tables/text.txt\""));
    let table = text_table(&compiled);
    for (i, s) in strings.iter().enumerate() {
        assert!(
            table.contains(s),
            "string {i} is not in the generated table: {s:?}"
        );
    }

    // The documentation page the variant includes is the rendered Markdown, and neither it
    // nor the source holds a character rustc rejects.
    assert!(includes(&compiled.source, "guidance_doc ! (\"IPG3\")"));
    let doc = std::str::from_utf8(generated_file(&compiled, "doc/IPG3.md")).expect("UTF-8");
    let rendered = compiler::emit::render::guidance_doc(g, &compiled.catalogue.stock_notes);
    assert_eq!(doc, rendered);
    assert!(
        !doc.chars().any(forbidden_in_source),
        "the page holds a character rustc rejects"
    );
    // The checks refuse bidirectional controls in any text, but the page's escaping does not
    // rely on them: given one, it shows its code point.
    let mut reversed = g.clone();
    reversed.title = "\u{202E}reversed\u{202C}, \u{2067}isolated\u{2069}".to_string();
    let page = compiler::emit::render::guidance_doc(&reversed, &compiled.catalogue.stock_notes);
    assert!(
        !page.chars().any(forbidden_in_source),
        "the page holds a character rustc rejects"
    );
    assert!(
        page.contains("U+202EreversedU+202C, U+2067isolatedU+2069"),
        "bidi controls are shown by code point:\n{page}"
    );
    assert!(doc.contains("a block comment end \\*/"));
    let bad: Vec<char> = compiled
        .source
        .chars()
        .filter(|&c| forbidden_in_source(c))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
}

#[test]
fn an_empty_guidance_folder_is_a_message_not_a_crash() {
    let dir = TempDir::new("robustness-empty");
    std::fs::create_dir_all(dir.0.join("guidance/ipg")).expect("mkdir");
    dir.write("guidance/ipg/IPG655.toml", "");
    let failed = match compiler::compile_dir(&dir.0) {
        Ok(_) => panic!("an empty file compiled"),
        Err(f) => f,
    };
    let headlines: Vec<String> = failed
        .diagnostics
        .iter()
        .map(Diagnostic::headline)
        .collect();
    assert_eq!(
        headlines,
        // Every key the file lacks is named at once, not one per build.
        [
            "guidance/ipg/IPG655.toml:1:1: missing key `id`; add `id = ...` to the file (see guidance/README.md for what it holds).",
            "guidance/ipg/IPG655.toml:1:1: missing key `title`; add `title = ...` to the file (see guidance/README.md for what it holds).",
            "guidance/ipg/IPG655.toml:1:1: missing key `source`; add `source = ...` to the file (see guidance/README.md for what it holds).",
        ]
    );
}

/// Markup and table breaks an attacker could write into a text field.
fn hostile_strings() -> Vec<String> {
    [
        "<script>alert(document.domain)</script>",
        "a|b|c cells",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1)) and ![img](https://evil.example/x.png)",
        "https://evil.example/a><script>alert(1)</script>|x|y",
        "<!-- comment --> &lt;script&gt; &amp;",
        "`code` **bold** # heading",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The unescaped occurrences of `c` in a line of Markdown.
fn unescaped(line: &str, c: char) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for x in line.chars() {
        if escaped {
            escaped = false;
        } else if x == '\\' {
            escaped = true;
        } else if x == c {
            count += 1;
        }
    }
    count
}

#[test]
fn no_text_field_can_put_markup_or_a_table_break_into_the_docs() {
    let strings = hostile_strings();
    let (guidance, stock) = odd_guidance(&strings);
    let dir = TempDir::new("hostile-docs");
    dir.write("guidance/ipg/IPG3.toml", &guidance);
    dir.write("guidance/stock-notes.toml", &stock);
    let compiled = match compiler::compile_dir(&dir.0) {
        Ok(c) => c,
        Err(f) => panic!("{:#?}", f.diagnostics),
    };
    let doc = std::str::from_utf8(generated_file(&compiled, "doc/IPG3.md")).expect("UTF-8");
    let index = compiler::emit::render::programme_index(
        compiler::catalogue::Programme::Ipg,
        &compiled.catalogue.guidance.iter().collect::<Vec<_>>(),
    );
    for page in [doc, index.as_str()] {
        // Separators of the header row of the table being read: every row has as many.
        let mut header: Option<usize> = None;
        for line in page.lines() {
            // Every `<` opens one of the page's own constructs: a line break or an autolink
            // (which ends at the first `>` and cannot hold `<`), or is escaped.
            let mut rest = line;
            while let Some(at) = rest.find('<') {
                let before = &rest[..at];
                let after = &rest[at..];
                if before.ends_with('\\') {
                    rest = &after[1..];
                    continue;
                }
                assert!(
                    after.starts_with("<br>")
                        || after.starts_with("<http://")
                        || after.starts_with("<https://"),
                    "markup in the page: {line}"
                );
                let end = after.find('>').expect("an autolink or <br> is closed");
                assert!(!after[1..end].contains('<'), "{line}");
                rest = &after[end + 1..];
            }
            if line.starts_with('|') {
                let cells = unescaped(line, '|');
                let columns = *header.get_or_insert(cells);
                assert_eq!(
                    cells, columns,
                    "a table row with {cells} separators, its header {columns}: {line}"
                );
                // The page's facts (6 columns) and the index (4 columns).
                assert!(
                    (cells == 7 && page == doc) || (cells == 5 && page == index),
                    "a table with {cells} separators: {line}"
                );
            } else {
                header = None;
            }
        }
    }
    // The rules between codes are rendered too, so their texts went through the same checks.
    for section in [
        "Includes:",
        "Excludes:",
        "Ruled out by",
        "chosen by",
        "only for a concurrent",
    ] {
        assert!(doc.contains(section), "no {section:?} in the page:\n{doc}");
    }
    // The payloads are there, shown as text.
    assert!(doc.contains("\\<script\\>alert(document.domain)\\</script\\>"));
    assert!(index.contains("\\<script\\>"));
}

#[test]
fn a_source_with_markup_is_refused_before_it_reaches_the_docs() {
    let (guidance, stock) = odd_guidance(&hostile_strings());
    let guidance = guidance.replace(
        "https://www.nice.org.uk/guidance/ipg3",
        "https://evil.example/a><script>alert(document.domain)</script>|x|y",
    );
    let dir = TempDir::new("hostile-source");
    dir.write("guidance/ipg/IPG3.toml", &guidance);
    dir.write("guidance/stock-notes.toml", &stock);
    let failed = match compiler::compile_dir(&dir.0) {
        Ok(_) => panic!("a source with markup compiled"),
        Err(f) => f,
    };
    let headlines: Vec<String> = failed.diagnostics.iter().map(|d| d.headline()).collect();
    assert_eq!(
        headlines,
        [
            "guidance/ipg/IPG3.toml:3:10: source \"https://evil.example/a><script>alert(document.domain)</script>|x|y\" has '>' at character 23, which a web address cannot hold; percent-encode it as \"%3E\"."
        ]
    );
}
