//! The header row of `match`'s input: column names found in any case, surrounding spaces and
//! a UTF-8 byte order mark ignored, and the errors for a header row without what is needed.

use crate::episodes::records::Record;

/// A column the command reads.
#[derive(Clone, Debug)]
pub struct Column {
    /// The position of the field in a row.
    pub index: usize,
    /// The name as the header row writes it, for messages and the output's header.
    pub name: String,
}

/// The header row.
pub struct Header {
    /// The fields as the file has them.
    pub fields: Vec<Vec<u8>>,
    /// The names, trimmed and in upper case.
    names: Vec<Vec<u8>>,
}

/// A header field without the byte order mark (on the first field) and surrounding spaces.
fn trimmed(field: &[u8], first: bool) -> &[u8] {
    let field = if first {
        field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
    } else {
        field
    };
    field.trim_ascii()
}

/// The other delimiters a header row may turn out to use: byte, `--delimiter` value, name.
const DELIMITERS: [(u8, &str, &str); 4] = [
    (b'\t', "tab", "tab"),
    (b'|', "pipe", "pipe (|)"),
    (b';', "semicolon", "semicolon (;)"),
    (b',', "comma", "comma"),
];

impl Header {
    /// The header row (`None` for an empty input: an error naming the key column wanted).
    pub fn new(record: Option<Record<'_>>, key: &str) -> Result<Header, String> {
        let fields: Vec<Vec<u8>> = record
            .map(|r| r.fields().map(<[u8]>::to_vec).collect())
            .unwrap_or_default();
        let names: Vec<Vec<u8>> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| trimmed(f, i == 0).to_ascii_uppercase())
            .collect();
        if names.iter().all(|name| name.is_empty()) && names.len() < 2 {
            return Err(format!(
                "the file is empty: expected a header row naming {} and the code columns",
                key.trim().to_ascii_uppercase()
            ));
        }
        Ok(Header { fields, names })
    }

    /// How many fields the header row has.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// The names, trimmed and in upper case.
    pub fn names(&self) -> &[Vec<u8>] {
        &self.names
    }

    /// Column `i`'s name as the header row writes it (trimmed).
    pub fn shown(&self, i: usize) -> String {
        String::from_utf8_lossy(trimmed(&self.fields[i], i == 0)).into_owned()
    }

    /// The column named `name` (any case), if there is exactly one; an error if there are two.
    pub fn find(&self, name: &str) -> Result<Option<Column>, String> {
        let wanted = name.trim().to_ascii_uppercase();
        let mut found = (0..self.names.len()).filter(|&i| self.names[i] == wanted.as_bytes());
        match (found.next(), found.next()) {
            (None, _) => Ok(None),
            (Some(index), None) => Ok(Some(Column {
                index,
                name: self.shown(index),
            })),
            (Some(first), Some(second)) => Err(format!(
                "the header row has {wanted} twice (columns {} and {})",
                first + 1,
                second + 1
            )),
        }
    }

    /// The episode key column; when missing and the header row reads as columns with another
    /// delimiter, the error says which one to give.
    pub fn key(&self, key: &str, delimiter: u8) -> Result<Column, String> {
        if let Some(column) = self.find(key)? {
            return Ok(column);
        }
        let wanted = key.trim().to_ascii_uppercase();
        let mut message =
            format!("no {wanted} column in the header row (--key names the episode key column)");
        let hint = DELIMITERS.iter().find(|&&(byte, _, _)| {
            byte != delimiter
                && self.fields.iter().any(|field| {
                    field.contains(&byte)
                        && field.split(|&b| b == byte).enumerate().any(|(i, part)| {
                            trimmed(part, i == 0).eq_ignore_ascii_case(wanted.as_bytes())
                        })
                })
        });
        if let Some((_, value, name)) = hint {
            message.push_str(&format!(
                "; it holds {wanted} between {name} characters: for a file delimited by \
                 {name}, give --delimiter {value}"
            ));
        }
        Err(message)
    }

    /// The columns `--keep` names, in its order.
    pub fn keep(&self, keep: &[String]) -> Result<Vec<Column>, String> {
        let mut columns: Vec<Column> = Vec::with_capacity(keep.len());
        for wanted in keep {
            let Some(column) = self.find(wanted)? else {
                return Err(format!(
                    "--keep names {}, but the header row has no such column",
                    wanted.trim().to_ascii_uppercase()
                ));
            };
            if columns.iter().any(|c| c.index == column.index) {
                return Err(format!("--keep names {} twice", column.name));
            }
            columns.push(column);
        }
        Ok(columns)
    }
}
