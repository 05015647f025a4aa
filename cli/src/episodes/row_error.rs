//! Why a row of episodes was skipped: a reason to count rows by, and a message.

use crate::episodes::records::Record;

/// The kinds of malformed row, counted in the closing summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    SpansLines,
    FieldCount,
    EmptyKey,
    LongKey,
    NotOpcs4,
    NotIcd10,
    BadPosition,
}

impl Reason {
    /// Every reason, in the order the summary lists them.
    pub const ALL: [Reason; 7] = [
        Reason::SpansLines,
        Reason::FieldCount,
        Reason::EmptyKey,
        Reason::LongKey,
        Reason::NotOpcs4,
        Reason::NotIcd10,
        Reason::BadPosition,
    ];

    /// What the summary says of rows skipped for this reason.
    pub fn label(self) -> &'static str {
        match self {
            Reason::SpansLines => "row spanning lines",
            Reason::FieldCount => "wrong number of fields",
            Reason::EmptyKey => "empty episode key",
            Reason::LongKey => "episode key too long",
            Reason::NotOpcs4 => "not an OPCS-4 code",
            Reason::NotIcd10 => "not an ICD-10 code",
            Reason::BadPosition => "position not a number from 1",
        }
    }
}

/// Why one row was skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    pub reason: Reason,
    /// One sentence, without the file name and line.
    pub message: String,
}

impl RowError {
    pub fn new(reason: Reason, message: impl Into<String>) -> RowError {
        RowError {
            reason,
            message: message.into(),
        }
    }

    /// A row whose number of fields is not the header's.
    pub fn field_count(found: usize, header: usize) -> RowError {
        RowError::new(
            Reason::FieldCount,
            format!("{found} fields, but the header row has {header}"),
        )
    }

    /// A row whose episode key is empty.
    pub fn empty_key() -> RowError {
        RowError::new(
            Reason::EmptyKey,
            "the episode key is empty: output rows could not be told apart",
        )
    }

    /// A row read over more than one line: a quoted field holds a line break, which a HES
    /// field never does, so a stray quote has joined lines `first` to `last` into one row.
    pub fn spans_lines(first: u64, last: u64) -> RowError {
        RowError::new(
            Reason::SpansLines,
            format!(
                "lines {first} to {last} were read as one row: a field opening with a quote (\") \
                 runs over a line end, which no HES field does, so the quote is likely stray; \
                 remove it, or quote the whole field and double the quotes inside it"
            ),
        )
    }

    /// A row whose episode key is `length` bytes long, more than [`MAX_KEY_BYTES`].
    pub fn long_key(length: usize) -> RowError {
        RowError::new(
            Reason::LongKey,
            format!(
                "the episode key is {length} bytes long, more than the limit of {MAX_KEY_BYTES}: \
                 an episode key is a short identifier, so --key likely names another column"
            ),
        )
    }

    /// The error of a row read over more than one line; `None` for a row of one line.
    pub fn of_lines(row: &Record<'_>) -> Option<RowError> {
        (row.last_line() > row.line()).then(|| RowError::spans_lines(row.line(), row.last_line()))
    }

    /// The error of a row without its key, or whose key is empty or too long.
    pub fn of_key(key: Option<&[u8]>) -> Option<RowError> {
        match key {
            Some(key) if key.len() > MAX_KEY_BYTES => Some(RowError::long_key(key.len())),
            Some(key) if !key.trim_ascii().is_empty() => None,
            _ => Some(RowError::empty_key()),
        }
    }
}

/// The longest episode key read, in bytes: 128. HES keys are numbers of up to 20 digits, and
/// pseudonymised tokens (a SHA-256 digest in hexadecimal) 64 characters; keys are kept in
/// memory (the long layout keeps every one it has seen), so a longer one is refused.
pub const MAX_KEY_BYTES: usize = 128;

/// The longest field text a message shows, in characters; longer text is cut with `...`.
const SHOWN_CHARS: usize = 40;

/// A field as a message shows it: quoted and escaped (no control character reaches the
/// terminal), cut to [`SHOWN_CHARS`] characters.
pub fn shown_field(field: &[u8]) -> String {
    let text = String::from_utf8_lossy(field);
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(SHOWN_CHARS).collect();
    if chars.next().is_some() {
        format!("{head:?}...")
    } else {
        format!("{head:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_escaped_and_cut() {
        assert_eq!(shown_field(b"K5X8"), "\"K5X8\"");
        assert_eq!(shown_field(b"\x1b[2J"), "\"\\u{1b}[2J\"");
        assert_eq!(
            shown_field(&[b'A'; 50]),
            format!("\"{}\"...", "A".repeat(40))
        );
    }
}
