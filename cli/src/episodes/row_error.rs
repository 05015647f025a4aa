//! Why a row of episodes was skipped: a reason to count rows by, and a message.

/// The kinds of malformed row, counted in the closing summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    FieldCount,
    EmptyKey,
    NotOpcs4,
    NotIcd10,
    BadPosition,
}

impl Reason {
    /// Every reason, in the order the summary lists them.
    pub const ALL: [Reason; 5] = [
        Reason::FieldCount,
        Reason::EmptyKey,
        Reason::NotOpcs4,
        Reason::NotIcd10,
        Reason::BadPosition,
    ];

    /// What the summary says of rows skipped for this reason.
    pub fn label(self) -> &'static str {
        match self {
            Reason::FieldCount => "wrong number of fields",
            Reason::EmptyKey => "empty episode key",
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
}

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
