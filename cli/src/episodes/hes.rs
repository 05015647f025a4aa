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
//! A column number has one to three digits and is not 0: `OPERTN_1`, `OPERTN_01` and
//! `OPERTN_001` are all column 1, and a file naming one number twice is refused. Other names
//! (`OPERTN_COUNT`, `OPERTN_0`) are not code columns.
//!
//! HES also has 4-character columns (`OPERTN_4_01`, `DIAG_4_01`) and 3-character ones
//! (`OPERTN_3_01`, `DIAG_3_01`). For each number, the 4-character column is read when the
//! file has it, the plain one otherwise: the 4-character column holds exactly the
//! four-character codes the guidance name, without the fifth characters and markers the plain
//! diagnosis columns may carry, and a file with only some 4-character columns (`OPERTN_4_01`
//! beside `OPERTN_01` to `OPERTN_05`) has every other number read from the plain columns. The
//! 3-character columns are ignored: a category says too little to match a recommendation.
//! `--keep` names other columns to copy into the output; any other column is ignored.
//!
//! A field is read as HES stores it (see `nice_coding::hes`): `K578`, `K57.8`, `k578`,
//! `I48X`, `I509-`, `H198-A`; an empty field, `NULL` or `null` means no value, and so do `-`
//! (no operation) and `&` (not known) in a procedure column and `-` in a diagnosis column.

use crate::episodes::coverage::Coverage;
use crate::episodes::header::{Column, Header};
use crate::episodes::records::Record;
use crate::episodes::row_error::{Reason, RowError};
use nice_coding::hes::{icd10_field, opcs4_field};
use nice_coding::{CodeError, Icd10Code, Opcs4Code};

/// Where an episode's key and codes are, resolved once from the header row.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The position of the episode key.
    pub key: usize,
    /// The procedure columns, in the order of their numbers.
    pub procedures: Vec<Column>,
    /// The diagnosis columns, in the order of their numbers.
    pub diagnoses: Vec<Column>,
    /// The code columns against the ones HES records.
    pub coverage: Coverage,
    /// How many fields the header row has; every row must have as many.
    pub width: usize,
    /// The columns `--keep` names, in its order.
    pub keep: Vec<Column>,
    /// What each field of a row holds, by position.
    roles: Vec<Role>,
    /// The code columns, procedures then diagnoses, each in the order of their numbers: their
    /// positions and roles.
    by_number: Vec<(usize, Role)>,
    /// True when the file already has each classification's columns in the order of their
    /// numbers (as HES files do): a row is then read in one pass over its fields.
    in_order: bool,
}

/// What a field holds (one byte, so that a row's roles take little cache).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Nothing read here.
    Other,
    /// A procedure code, of one of `Layout::procedures`.
    Procedure,
    /// A diagnosis code, of one of `Layout::diagnoses`.
    Diagnosis,
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
/// in upper case: one to three digits, not 0. `None` for any other column.
fn code_column(name: &[u8]) -> Option<(Family, u16)> {
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
    if digits.is_empty() || digits.len() > 3 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = digits
        .iter()
        .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    (number > 0).then_some((family, number))
}

impl Layout {
    /// Resolves the columns from the header row. The error is one
    /// sentence, without the file name.
    pub fn from_header(
        header: &Header,
        key: &str,
        keep: &[String],
        delimiter: u8,
    ) -> Result<Layout, String> {
        let key = header.key(key, delimiter)?.index;
        let names = header.names();
        let shown = |i: usize| header.shown(i);
        let mut found: Vec<(Family, u16, usize)> = names
            .iter()
            .enumerate()
            .filter_map(|(i, name)| code_column(name).map(|(f, n)| (f, n, i)))
            .collect();
        found.sort();
        if let Some(pair) = found
            .windows(2)
            .find(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1))
        {
            let (first, second) = (pair[0].2.min(pair[1].2), pair[0].2.max(pair[1].2));
            let what = if names[first] == names[second] {
                shown(first)
            } else {
                format!("{} and {}, one column number,", shown(first), shown(second))
            };
            return Err(format!(
                "the header row has {what} twice (columns {} and {})",
                first + 1,
                second + 1
            ));
        }
        // Per number, the 4-character column when the file has it, else the plain one.
        let columns = |four: Family, plain: Family| -> (Vec<u16>, Vec<Column>) {
            let mut chosen: Vec<(u16, usize)> = found
                .iter()
                .filter(|c| c.0 == four)
                .map(|c| (c.1, c.2))
                .collect();
            for c in found.iter().filter(|c| c.0 == plain) {
                if !chosen.iter().any(|&(n, _)| n == c.1) {
                    chosen.push((c.1, c.2));
                }
            }
            chosen.sort();
            chosen
                .into_iter()
                .map(|(number, index)| {
                    (
                        number,
                        Column {
                            index,
                            name: shown(index),
                        },
                    )
                })
                .unzip()
        };
        let (procedure_numbers, procedures) = columns(Family::Procedure4, Family::Procedure);
        let (diagnosis_numbers, diagnoses) = columns(Family::Diagnosis4, Family::Diagnosis);
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
        for column in &procedures {
            roles[column.index] = Role::Procedure;
            by_number.push((column.index, Role::Procedure));
        }
        for column in &diagnoses {
            roles[column.index] = Role::Diagnosis;
            by_number.push((column.index, Role::Diagnosis));
        }
        let ascending = |columns: &[Column]| columns.windows(2).all(|w| w[0].index < w[1].index);
        let in_order = ascending(&procedures) && ascending(&diagnoses);
        let keep = header.keep(keep)?;
        Ok(Layout {
            key,
            coverage: Coverage::wide(&procedure_numbers, &diagnosis_numbers),
            procedures,
            diagnoses,
            width: header.len(),
            keep,
            roles,
            by_number,
            in_order,
        })
    }

    /// Reads a row's codes into `procedures` and `diagnoses` (cleared first); the error says
    /// why the row is malformed.
    pub fn read(
        &self,
        row: &Record<'_>,
        procedures: &mut Vec<Opcs4Code>,
        diagnoses: &mut Vec<Icd10Code>,
    ) -> Result<(), RowError> {
        procedures.clear();
        diagnoses.clear();
        if let Some(error) = RowError::of_lines(row) {
            return Err(error);
        }
        if row.len() != self.width {
            return Err(RowError::field_count(row.len(), self.width));
        }
        if let Some(error) = RowError::of_key(row.get(self.key)) {
            return Err(error);
        }
        // Most fields hold no code: they are passed over here, and only code columns reach
        // `take`.
        if self.in_order {
            // The fields are read from the record's parts, most of them (other columns, `-`
            // and empty codes) from their bounds alone.
            let (bytes, ends, gap) = row.parts();
            let mut start = 0;
            for (index, (&end, &role)) in ends.iter().zip(&self.roles).enumerate() {
                let begin = start;
                start = end + gap;
                if role == Role::Other {
                    continue;
                }
                // Empty and `-`, the blank fields (`is_blank`), told by length first.
                match end.wrapping_sub(begin) {
                    0 => continue,
                    1 if bytes.get(begin) == Some(&b'-') => continue,
                    _ => {}
                }
                let field = bytes.get(begin..end).unwrap_or_default();
                self.take(role, index, field, procedures, diagnoses)?;
            }
        } else {
            for &(index, role) in &self.by_number {
                if let Some(field) = row.get(index).filter(|field| !is_blank(field)) {
                    self.take(role, index, field, procedures, diagnoses)?;
                }
            }
        }
        Ok(())
    }

    /// Reads the code of field `index`, if it holds one, into the codes, by the field's role.
    #[inline]
    fn take(
        &self,
        role: Role,
        index: usize,
        field: &[u8],
        procedures: &mut Vec<Opcs4Code>,
        diagnoses: &mut Vec<Icd10Code>,
    ) -> Result<(), RowError> {
        match role {
            Role::Other => {}
            Role::Procedure => match opcs4_field(field) {
                Ok(read) => procedures.extend(read.code()),
                Err(e) => return Err(self.bad_field(index, field, System::Opcs4, e)),
            },
            Role::Diagnosis => match icd10_field(field) {
                Ok(read) => diagnoses.extend(read),
                Err(e) => return Err(self.bad_field(index, field, System::Icd10, e)),
            },
        }
        Ok(())
    }

    /// The error for field `index` of a row, a code column of `system`, that is not a code.
    #[cold]
    fn bad_field(&self, index: usize, field: &[u8], system: System, error: CodeError) -> RowError {
        let columns = match system {
            System::Opcs4 => &self.procedures,
            System::Icd10 => &self.diagnoses,
        };
        let name = columns
            .iter()
            .find(|c| c.index == index)
            .map_or("", |c| c.name.as_str());
        bad_code(name, field, system, error)
    }
}

/// True for the two ways HES writes no code in most fields, empty and `-`: tested before the
/// field is read as a code (`nice_coding::hes` reads them as no code too), as they are most
/// fields.
#[inline]
fn is_blank(field: &[u8]) -> bool {
    matches!(field, [] | [b'-'])
}

/// The classification of a code column.
#[derive(Clone, Copy, Debug)]
pub enum System {
    Opcs4,
    Icd10,
}

/// Why a field is not a code: `OPERTN_02 "K5X8" is not an OPCS-4 code: the second and third
/// characters must be digits`. The field is shown escaped (`{:?}`), never raw.
#[cold]
pub fn bad_code(column: &str, field: &[u8], system: System, error: CodeError) -> RowError {
    let text = crate::episodes::row_error::shown_field(field.trim_ascii());
    match system {
        System::Opcs4 => RowError::new(
            Reason::NotOpcs4,
            format!("{column} {text} is not an OPCS-4 code: {error}"),
        ),
        System::Icd10 => RowError::new(
            Reason::NotIcd10,
            format!("{column} {text} is not an ICD-10 code: {error}"),
        ),
    }
}
