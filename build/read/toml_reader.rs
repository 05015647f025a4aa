//! Reading the model's structs from `toml`'s spanned parse tree ([`DeTable`]), by hand: no
//! serde on the build path.
//!
//! A struct of `model.rs` is declared with [`toml_table!`], which lists its keys once: the
//! struct's fields are the table's keys, in the order messages list them. Each field's type
//! says how its value is read ([`Value`]): `Spanned<String>` and `Spanned<bool>` are required,
//! `Option<_>` may be left out, `Vec<_>` left out is empty.
//!
//! Every problem of a file is collected, not only the first: an unknown key is reported and
//! skipped (the rest of the file is still read and checked); a value of the wrong type or a
//! missing key is reported and leaves the file unread ([`Reading::value`] is `None`), since
//! checking what remains would judge a file other than the one written. A TOML syntax error
//! is the parser's first, reworded: there is no tree to read past it.

use super::super::shared::spelling::closest;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One problem found while reading a file: where (`None`: the file as a whole) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Option<Range<usize>>,
    pub message: String,
}

/// What reading a file gave: the value, unless a problem made it unusable, and every problem.
#[derive(Debug)]
pub struct Reading<T> {
    pub value: Option<T>,
    pub problems: Vec<Problem>,
}

/// Parses `text` as TOML and reads its top-level table as `T`.
pub fn read_document<T: Table>(text: &str) -> Reading<T> {
    let mut problems = Vec::new();
    let value = match DeTable::parse(text) {
        Ok(root) => read_table::<T>(root.get_ref(), root.span(), true, &mut problems),
        Err(e) => {
            problems.push(syntax_problem(&e, text));
            None
        }
    };
    Reading { value, problems }
}

/// Parses `text` as TOML whose top-level keys are names chosen by the maintainer, each holding
/// a `T` (`guidance/stock-notes.toml`). The value is `None` when any entry could not be read.
pub fn read_keyed_document<T: Value>(text: &str) -> Reading<Vec<(Spanned<String>, T)>> {
    let mut problems = Vec::new();
    let value = match DeTable::parse(text) {
        Ok(root) => {
            // Every entry is read, so every problem is reported. (A loop rather than iterator
            // adapters: those were a fifth of this module's machine code.)
            let mut entries = Vec::new();
            let mut complete = true;
            for (key, value) in root.get_ref().iter() {
                let name: &str = key.get_ref();
                match T::read(
                    value.get_ref(),
                    value.span(),
                    Subject::Key(name),
                    &mut problems,
                ) {
                    Some(read) => entries.push((Spanned::new(key.span(), name.to_string()), read)),
                    None => complete = false,
                }
            }
            complete.then_some(entries)
        }
        Err(e) => {
            problems.push(syntax_problem(&e, text));
            None
        }
    };
    Reading { value, problems }
}

/// A struct read from a TOML table; implemented by [`toml_table!`].
pub trait Table: Sized {
    /// The keys the table takes, in the order messages list them.
    const KEYS: &'static [&'static str];
    /// Reads every key of [`Table::KEYS`] from `entries`.
    fn from_entries(entries: &mut Entries<'_, '_>) -> Option<Self>;
    /// Reads `table` (at `span`, below the top level of its file) as a `Self`.
    fn read_nested(
        table: &DeTable<'_>,
        span: Range<usize>,
        problems: &mut Vec<Problem>,
    ) -> Option<Self> {
        read_table(table, span, false, problems)
    }
}

/// Declares a struct of the file format and how to read it: one field per key.
///
/// ```ignore
/// toml_table! {
///     pub struct RawSnomed {
///         pub concept: Spanned<String>,
///         pub term: Spanned<String>,
///     }
/// }
/// ```
macro_rules! toml_table {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$field_meta:meta])* pub $field:ident: $type:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $type,)*
        }

        impl Table for $name {
            const KEYS: &'static [&'static str] = &[$(stringify!($field)),*];
            fn from_entries(entries: &mut Entries<'_, '_>) -> Option<Self> {
                // Every key is read before any failure counts, so all problems are reported.
                // One match on all the fields (rather than a `?` per field) keeps the failure
                // path to a single drop: the build script compiles faster for every dependent.
                let mut complete = true;
                let value = $name {
                    $($field: entries.take_or_unread::<$type>(stringify!($field), &mut complete),)*
                };
                complete.then_some(value)
            }
        }

        impl Value for $name {
            const EXPECTED: Expected = Expected::TABLE;
            fn read(
                value: &DeValue<'_>,
                span: std::ops::Range<usize>,
                subject: Subject<'_>,
                problems: &mut Vec<Problem>,
            ) -> Option<Self> {
                match value {
                    DeValue::Table(table) => Self::read_nested(table, span, problems),
                    other => wrong_type(other, span, subject, &Self::EXPECTED, problems),
                }
            }
            fn unread() -> Self {
                $name { $($field: <$type as Value>::unread(),)* }
            }
        }
    };
}
pub(crate) use toml_table;

/// The keys of one table being read, with the problems found so far.
pub struct Entries<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    top_level: bool,
    problems: &'t mut Vec<Problem>,
}

impl Entries<'_, '_> {
    /// Reads `key` as a `T`; reports it and returns `None` when it is missing but required, or
    /// has the wrong type.
    pub fn take<T: Value>(&mut self, key: &str) -> Option<T> {
        match self.table.get(key) {
            Some(value) => T::read(
                value.get_ref(),
                value.span(),
                Subject::Key(key),
                self.problems,
            ),
            None => {
                let absent = T::absent();
                if absent.is_none() {
                    self.missing(key);
                }
                absent
            }
        }
    }

    /// [`Entries::take`], or [`Value::unread`] with `complete` set false when that is `None`.
    pub fn take_or_unread<T: Value>(&mut self, key: &str, complete: &mut bool) -> T {
        match self.take(key) {
            Some(value) => value,
            None => {
                *complete = false;
                T::unread()
            }
        }
    }

    /// Reports that the required `key` is missing.
    fn missing(&mut self, key: &str) {
        self.problems.push(if self.top_level {
            Problem {
                span: None,
                message: format!(
                    "missing key `{key}`; add `{key} = ...` to the file (see guidance/README.md for what it holds)."
                ),
            }
        } else {
            Problem {
                span: Some(self.span.clone()),
                message: format!(
                    "missing key `{key}` in this table; add `{key} = ...` (see guidance/README.md for what it holds)."
                ),
            }
        });
    }
}

/// Reads `table` as a `T`: reports the keys `T` does not take, then reads the others.
fn read_table<T: Table>(
    table: &DeTable<'_>,
    span: Range<usize>,
    top_level: bool,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    for key in table.keys() {
        let name: &str = key.get_ref();
        if !T::KEYS.contains(&name) {
            problems.push(Problem {
                span: Some(key.span()),
                message: unknown_key(name, T::KEYS),
            });
        }
    }
    T::from_entries(&mut Entries {
        table,
        span,
        top_level,
        problems,
    })
}

fn unknown_key(key: &str, keys: &[&str]) -> String {
    if let Some(near) = closest(key, &mut keys.iter().copied()) {
        return format!("unknown key `{key}`; did you mean `{near}`?");
    }
    let quoted = super::super::shared::sorted::map_each(keys, &|k| format!("`{k}`"));
    format!(
        "unknown key `{key}`; correct its spelling or remove it (this table takes {}).",
        quoted.join(", ")
    )
}

/// What a value is, for the message about a value of the wrong type.
#[derive(Clone, Copy)]
pub enum Subject<'a> {
    /// The value of this key.
    Key(&'a str),
    /// An entry of the list this key holds.
    EntryOf(&'a str),
}

impl std::fmt::Display for Subject<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Key(key) => write!(f, "`{key}`"),
            Subject::EntryOf(key) => write!(f, "each entry of `{key}`"),
        }
    }
}

/// The type a key must have, and how to write it, for messages.
pub struct Expected {
    pub what: &'static str,
    pub fix: &'static str,
}

impl Expected {
    const STRING: Expected = Expected {
        what: "a string",
        fix: "write it in double quotes",
    };
    const BOOLEAN: Expected = Expected {
        what: "true or false",
        fix: "write true or false, without quotes",
    };
    const LIST: Expected = Expected {
        what: "a list",
        fix: "write it in square brackets, [ ... ]",
    };
    pub const TABLE: Expected = Expected {
        what: "a table",
        fix: "write it in braces, { key = value, ... }",
    };
}

/// A type a TOML value is read as.
pub trait Value: Sized {
    /// What the value must be, for the message when it is not.
    const EXPECTED: Expected;
    /// Reads `value` (at `span`), reporting to `problems` and returning `None` when it is not
    /// a `Self`.
    fn read(
        value: &DeValue<'_>,
        span: Range<usize>,
        subject: Subject<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<Self>;
    /// The value when the key is left out, or `None` when it is required.
    fn absent() -> Option<Self> {
        None
    }
    /// A stand-in for a value that could not be read, in a table that is then thrown away.
    fn unread() -> Self;
}

/// Reports that `value` is not what `expected` says and returns `None`. Not generic over the
/// type read (each `Value` passes its [`Value::EXPECTED`]): one copy for every type.
pub fn wrong_type<T>(
    value: &DeValue<'_>,
    span: Range<usize>,
    subject: Subject<'_>,
    expected: &Expected,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    report_wrong_type(value, span, subject, expected, problems);
    None
}

fn report_wrong_type(
    value: &DeValue<'_>,
    span: Range<usize>,
    subject: Subject<'_>,
    expected: &Expected,
    problems: &mut Vec<Problem>,
) {
    let found = match value {
        DeValue::String(s) => format!("string {:?}", s.as_ref()),
        DeValue::Integer(i) => format!("integer `{}`", i.as_str()),
        DeValue::Float(x) => format!("floating point `{}`", x.as_str()),
        DeValue::Boolean(b) => format!("boolean `{b}`"),
        DeValue::Datetime(d) => format!("date-time `{d}`"),
        DeValue::Array(_) => "a list".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    };
    let Expected { what, fix } = expected;
    problems.push(Problem {
        span: Some(span),
        message: format!("{subject} must be {what}, not {found}; {fix}."),
    });
}

impl Value for String {
    const EXPECTED: Expected = Expected::STRING;
    fn read(
        value: &DeValue<'_>,
        span: Range<usize>,
        subject: Subject<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<Self> {
        match value {
            DeValue::String(s) => Some(s.to_string()),
            other => wrong_type(other, span, subject, &Self::EXPECTED, problems),
        }
    }
    fn unread() -> Self {
        String::new()
    }
}

impl Value for bool {
    const EXPECTED: Expected = Expected::BOOLEAN;
    fn read(
        value: &DeValue<'_>,
        span: Range<usize>,
        subject: Subject<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<Self> {
        match value {
            DeValue::Boolean(b) => Some(*b),
            other => wrong_type(other, span, subject, &Self::EXPECTED, problems),
        }
    }
    fn unread() -> Self {
        false
    }
}

/// A list; left out, it is empty.
impl<T: Value> Value for Vec<T> {
    const EXPECTED: Expected = Expected::LIST;
    fn read(
        value: &DeValue<'_>,
        span: Range<usize>,
        subject: Subject<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<Self> {
        let DeValue::Array(items) = value else {
            return wrong_type(value, span, subject, &Self::EXPECTED, problems);
        };
        let entry = match subject {
            Subject::Key(key) | Subject::EntryOf(key) => Subject::EntryOf(key),
        };
        // Every entry is read, so every problem in the list is reported. (A loop rather than
        // iterator adapters: this is compiled once per type of list the format has.)
        let mut read = Vec::with_capacity(items.len());
        let mut complete = true;
        for item in items.iter() {
            match T::read(item.get_ref(), item.span(), entry, problems) {
                Some(value) => read.push(value),
                None => complete = false,
            }
        }
        complete.then_some(read)
    }
    fn absent() -> Option<Self> {
        Some(Vec::new())
    }
    fn unread() -> Self {
        Vec::new()
    }
}

/// A value that may be left out.
impl<T: Value> Value for Option<T> {
    const EXPECTED: Expected = T::EXPECTED;
    fn read(
        value: &DeValue<'_>,
        span: Range<usize>,
        subject: Subject<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<Self> {
        T::read(value, span, subject, problems).map(Some)
    }
    fn absent() -> Option<Self> {
        Some(None)
    }
    fn unread() -> Self {
        None
    }
}

/// A value with where it stands in the file; required (wrap it in `Option` to make it optional).
impl<T: Value> Value for Spanned<T> {
    const EXPECTED: Expected = T::EXPECTED;
    fn read(
        value: &DeValue<'_>,
        span: Range<usize>,
        subject: Subject<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<Self> {
        T::read(value, span.clone(), subject, problems).map(|v| Spanned::new(span, v))
    }
    fn unread() -> Self {
        Spanned::new(0..0, T::unread())
    }
}

/// The parser's message reworded into a sentence that says how to fix the problem.
fn syntax_problem(e: &toml::de::Error, text: &str) -> Problem {
    let message = e.message().trim();
    let first = message.lines().next().unwrap_or(message).trim();
    let span = e.span();
    let message = if first.starts_with("duplicate key") {
        let key = span
            .clone()
            .and_then(|s| text.get(s))
            .filter(|k| !k.is_empty() && !k.contains('\n'))
            .map_or(String::new(), |k| format!(" `{}`", k.trim()));
        format!("duplicate key{key}; a key may appear once in a table, so remove one of them.")
    } else if span.is_none() && first == "recursion limit" {
        // The parser refuses a dotted key of too many parts without saying where it is.
        if let Some((key, parts)) = deep_key(text) {
            return Problem {
                span: Some(key),
                message: format!(
                    "this key has {parts} parts; the TOML reader takes at most {KEY_PARTS_LIMIT}, and a guidance file's keys have one (see guidance/README.md), so write the key the file format names."
                ),
            };
        }
        format!("TOML syntax error: {first}; see guidance/README.md for the file format.")
    } else {
        format!("TOML syntax error: {first}; see guidance/README.md for the file format.")
    };
    Problem {
        span: Some(span.unwrap_or(0..0)),
        message,
    }
}

/// The most parts of one dotted key (`a.b.c` has 3) that the `toml` parser reads: it reports
/// 80 dots or more as "recursion limit", with no place.
const KEY_PARTS_LIMIT: usize = 80;

/// The first dotted key of `text` with more than [`KEY_PARTS_LIMIT`] parts: its byte range
/// (from its first part to the dot past the limit) and its number of parts.
///
/// Reads just enough TOML for that: comments and multi-line strings are skipped; a key is a
/// run of bare or quoted parts joined by dots, with spaces or tabs around them, which any
/// other character (`=`, `]`, `,`, a line end) ends.
fn deep_key(text: &str) -> Option<(Range<usize>, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    // The start of the run of key parts being read, its dots, and where it passed the limit.
    let mut run: Option<(usize, usize, Option<usize>)> = None;
    while i < bytes.len() {
        let c = bytes[i];
        let in_key = match c {
            b'#' => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                false
            }
            b'"' | b'\'' if bytes[i..].starts_with(&[c, c, c]) => {
                // A multi-line string is a value, never part of a key.
                let close = [c, c, c];
                let mut j = i + 3;
                while j < bytes.len() && !bytes[j..].starts_with(&close) {
                    j += if c == b'"' && bytes[j] == b'\\' { 2 } else { 1 };
                }
                i = j + 2;
                false
            }
            b'"' | b'\'' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != c && bytes[j] != b'\n' {
                    j += if c == b'"' && bytes[j] == b'\\' { 2 } else { 1 };
                }
                run.get_or_insert((i, 0, None));
                i = j;
                true
            }
            b'.' => match &mut run {
                Some((_, dots, past)) => {
                    *dots += 1;
                    if *dots >= KEY_PARTS_LIMIT && past.is_none() {
                        *past = Some(i + 1);
                    }
                    true
                }
                None => false,
            },
            b' ' | b'\t' => run.is_some(),
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' => {
                run.get_or_insert((i, 0, None));
                true
            }
            _ => false,
        };
        if !in_key {
            if let Some((start, dots, Some(end))) = run {
                return Some((start..end, dots + 1));
            }
            run = None;
        }
        i += 1;
    }
    match run {
        Some((start, dots, Some(end))) => Some((start..end, dots + 1)),
        _ => None,
    }
}
