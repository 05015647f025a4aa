//! Episodes in the Hospital Episode Statistics (HES) layout: which columns hold what, and the
//! codes of one row.
//!
//! The header row names the columns, in any case and any order (surrounding spaces and a UTF-8
//! byte order mark are ignored):
//!
//! * the episode key, `EPIKEY` unless `--key` names another column;
//! * procedures, `OPERTN_01`, `OPERTN_02`, ... (HES has 24), read in the order of their
//!   numbers;
//! * diagnoses, `DIAG_01`, `DIAG_02`, ... (HES has 20).
//!
//! HES also has 4-character columns (`OPERTN_4_01`, `DIAG_4_01`) and 3-character ones
//! (`OPERTN_3_01`, `DIAG_3_01`). When a file has both the plain and the 4-character set of a
//! classification, the 4-character set is read: it holds exactly the four-character codes the
//! guidance name, without the fifth characters and markers the plain diagnosis columns may
//! carry. The 3-character columns are ignored: a category says too little to match a
//! recommendation. Any other column is ignored.
//!
//! A code is read as hospital systems record it (`K578`, `K57.8`, `k578`, `I48X`; see
//! `Opcs4Code::parse_loose`); an empty field or `-` means no code.

use crate::records::Record;
use nice_coding::{CodeError, Icd10Code, Opcs4Code};

/// A column the codes are read from.
#[derive(Clone, Debug)]
pub struct CodeColumn {
    /// The position of the field in a row.
    pub index: usize,
    /// The name as the header row writes it, for messages.
    pub name: String,
}

/// Where an episode's key and codes are, resolved once from the header row.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The position of the episode key.
    pub key: usize,
    /// The procedure columns, in the order of their numbers.
    pub procedures: Vec<CodeColumn>,
    /// The diagnosis columns, in the order of their numbers.
    pub diagnoses: Vec<CodeColumn>,
    /// How many fields the header row has; every row must have as many.
    pub width: usize,
    /// What each field of a row holds, by position.
    roles: Vec<Role>,
    /// The code columns, procedures then diagnoses, each in the order of their numbers.
    by_number: Vec<(usize, Role)>,
    /// True when the file already has each classification's columns in the order of their
    /// numbers (as HES files do): a row is then read in one pass over its fields.
    in_order: bool,
}

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Nothing read here.
    Other,
    /// A procedure code, of `Layout::procedures[i]`.
    Procedure(usize),
    /// A diagnosis code, of `Layout::diagnoses[i]`.
    Diagnosis(usize),
}

/// The code columns of HES, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Family {
    Procedure,
    Procedure4,
    Procedure3,
    Diagnosis,
    Diagnosis4,
    Diagnosis3,
}

/// The family and number of a code column name (`OPERTN_4_07` is `(Procedure4, 7)`), already
/// in upper case; `None` for any other column.
fn code_column(name: &[u8]) -> Option<(Family, u8)> {
    let prefixes: [(&[u8], Family); 6] = [
        (b"OPERTN_4_", Family::Procedure4),
        (b"OPERTN_3_", Family::Procedure3),
        (b"OPERTN_", Family::Procedure),
        (b"DIAG_4_", Family::Diagnosis4),
        (b"DIAG_3_", Family::Diagnosis3),
        (b"DIAG_", Family::Diagnosis),
    ];
    let (family, digits) = prefixes
        .iter()
        .find_map(|(prefix, family)| name.strip_prefix(*prefix).map(|rest| (*family, rest)))?;
    match digits {
        [tens @ b'0'..=b'9', units @ b'0'..=b'9'] => {
            let number = (tens - b'0') * 10 + (units - b'0');
            (number > 0).then_some((family, number))
        }
        _ => None,
    }
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

impl Layout {
    /// Resolves the columns from the header row (`None` for an empty input). The error is one
    /// sentence, without the file name.
    pub fn from_header(header: Option<Record<'_>>, key: &str) -> Result<Layout, String> {
        let header: Vec<&[u8]> = header.map(|h| h.fields().collect()).unwrap_or_default();
        let names: Vec<Vec<u8>> = header
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
        let shown = |i: usize| String::from_utf8_lossy(trimmed(header[i], i == 0)).into_owned();

        let wanted_key = key.trim().to_ascii_uppercase();
        let keys: Vec<usize> = (0..names.len())
            .filter(|&i| names[i] == wanted_key.as_bytes())
            .collect();
        let key = match keys[..] {
            [] => {
                return Err(format!(
                    "no {wanted_key} column in the header row (--key names the episode key column)"
                ));
            }
            [one] => one,
            [first, second, ..] => {
                return Err(format!(
                    "the header row has {wanted_key} twice (columns {} and {})",
                    first + 1,
                    second + 1
                ));
            }
        };

        let mut found: Vec<(Family, u8, usize)> = names
            .iter()
            .enumerate()
            .filter_map(|(i, name)| code_column(name).map(|(f, n)| (f, n, i)))
            .collect();
        found.sort();
        if let Some(pair) = found
            .windows(2)
            .find(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1))
        {
            return Err(format!(
                "the header row has {} twice (columns {} and {})",
                shown(pair[0].2),
                pair[0].2 + 1,
                pair[1].2 + 1
            ));
        }
        let columns = |family: Family| -> Vec<CodeColumn> {
            found
                .iter()
                .filter(|c| c.0 == family)
                .map(|c| CodeColumn {
                    index: c.2,
                    name: shown(c.2),
                })
                .collect()
        };
        let prefer = |four: Vec<CodeColumn>, plain: Vec<CodeColumn>| {
            if four.is_empty() { plain } else { four }
        };
        let procedures = prefer(columns(Family::Procedure4), columns(Family::Procedure));
        let diagnoses = prefer(columns(Family::Diagnosis4), columns(Family::Diagnosis));
        if procedures.is_empty() && diagnoses.is_empty() {
            return Err(
                "no code columns in the header row: expected OPERTN_01 to OPERTN_24 \
                        and DIAG_01 to DIAG_20 (or DIAG_4_01 to DIAG_4_20)"
                    .to_owned(),
            );
        }
        if procedures.is_empty() {
            return Err(
                "no procedure columns (OPERTN_01 to OPERTN_24) in the header row: \
                        an episode cannot match a guidance without its procedures"
                    .to_owned(),
            );
        }
        let mut roles = vec![Role::Other; header.len()];
        let mut by_number = Vec::new();
        for (i, column) in procedures.iter().enumerate() {
            roles[column.index] = Role::Procedure(i);
            by_number.push((column.index, Role::Procedure(i)));
        }
        for (i, column) in diagnoses.iter().enumerate() {
            roles[column.index] = Role::Diagnosis(i);
            by_number.push((column.index, Role::Diagnosis(i)));
        }
        let ascending =
            |columns: &[CodeColumn]| columns.windows(2).all(|w| w[0].index < w[1].index);
        let in_order = ascending(&procedures) && ascending(&diagnoses);
        Ok(Layout {
            key,
            procedures,
            diagnoses,
            width: header.len(),
            roles,
            by_number,
            in_order,
        })
    }

    /// Reads a row's codes into `procedures` and `diagnoses` (cleared first). The error says
    /// why the row is malformed, in one sentence.
    pub fn read(
        &self,
        row: &Record<'_>,
        procedures: &mut Vec<Opcs4Code>,
        diagnoses: &mut Vec<Icd10Code>,
    ) -> Result<(), String> {
        procedures.clear();
        diagnoses.clear();
        if row.len() != self.width {
            return Err(format!(
                "{} fields, but the header row has {}",
                row.len(),
                self.width
            ));
        }
        // Most fields hold no code: they are passed over here, and only codes reach `take`.
        if self.in_order {
            for (field, &role) in row.fields().zip(&self.roles) {
                if role != Role::Other {
                    if let Some(text) = code_text(field) {
                        self.take(role, text, procedures, diagnoses)?;
                    }
                }
            }
        } else {
            for &(index, role) in &self.by_number {
                if let Some(text) = row.get(index).and_then(code_text) {
                    self.take(role, text, procedures, diagnoses)?;
                }
            }
        }
        Ok(())
    }

    /// Reads the code `text` of a field into the codes, by the field's role.
    fn take(
        &self,
        role: Role,
        text: &[u8],
        procedures: &mut Vec<Opcs4Code>,
        diagnoses: &mut Vec<Icd10Code>,
    ) -> Result<(), String> {
        match role {
            Role::Other => {}
            Role::Procedure(i) => match Opcs4Code::parse_loose_bytes(text) {
                Ok(code) => procedures.push(code),
                Err(e) => return Err(bad_code(&self.procedures[i], text, "an OPCS-4", e)),
            },
            Role::Diagnosis(i) => match Icd10Code::parse_loose_bytes(text) {
                Ok(code) => diagnoses.push(code),
                Err(e) => return Err(bad_code(&self.diagnoses[i], text, "an ICD-10", e)),
            },
        }
        Ok(())
    }
}

/// The field's text, or `None` for no code (empty, `-`, or only spaces).
#[inline]
fn code_text(field: &[u8]) -> Option<&[u8]> {
    match field {
        // The two ways HES writes no code, tested first: they are most fields.
        [] | [b'-'] => None,
        _ => {
            let text = field.trim_ascii();
            (!text.is_empty() && text != b"-").then_some(text)
        }
    }
}

/// Why a field is not a code: `OPERTN_02 "K5X8" is not an OPCS-4 code: the second and third
/// characters must be digits`.
#[cold]
fn bad_code(column: &CodeColumn, text: &[u8], system: &str, error: CodeError) -> String {
    let text = String::from_utf8_lossy(text);
    format!("{} {text:?} is not {system} code: {error}", column.name)
}
