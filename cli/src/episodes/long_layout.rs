//! Episodes in the long layout: one row per code, as data platforms keep HES procedures and
//! diagnoses (a `hes_apc_procedures` table): the episode key, the code's position, and the
//! code.
//!
//! Columns (any case, any order; `--procedure-column`, `--diagnosis-column` and
//! `--position-column` rename them): the key (`EPIKEY`, or `--key`), `OPERTN` (an OPCS-4
//! code) and/or `DIAG` (an ICD-10 code), and optionally `POSITION` (1, 2, ...). A row may
//! hold a procedure, a diagnosis or both; fields are read as in the wide layout (see
//! `nice_coding::hes`: `-`, `&`, `NULL` and empty hold no code).
//!
//! An episode is the run of consecutive rows with one key: the file need not be sorted, but
//! each episode's rows must be together (as `ORDER BY` or `GROUP BY` output is). A key that
//! comes back after other episodes' rows stops the run with an error naming both lines, so
//! no episode is matched on part of its codes; the keys seen are kept in memory for this
//! check. Within an episode, codes are ordered by position when the file has the position
//! column, by row otherwise. `--keep` columns are taken from the episode's first row.
//!
//! A malformed row is skipped and reported like a wide row; its episode is then not matched
//! (its codes are incomplete), and the summary counts it.
//!
//! An episode holds at most [`MAX_EPISODE_CODES`] codes: HES records 24 procedures and 20
//! diagnoses an episode, so an episode of more rows is a key column that does not tell
//! episodes apart, and the run stops there (its codes would otherwise fill memory).

use crate::episodes::coverage::Coverage;
use crate::episodes::header::{Column, Header};
use crate::episodes::hes::{System, bad_code};
use crate::episodes::records::Record;
use crate::episodes::row_error::{Reason, RowError, shown_field};
use nice_coding::hes::{icd10_field, opcs4_field};
use nice_coding::{Icd10Code, Opcs4Code};
use std::collections::HashMap;

/// The most codes (procedures and diagnoses together) one episode may have: 1,000, over 20
/// times what HES records for an episode.
pub const MAX_EPISODE_CODES: usize = 1_000;

/// Where a row's key, position and code are, resolved once from the header row.
pub struct LongLayout {
    pub key: Column,
    position: Option<Column>,
    procedure: Option<Column>,
    diagnosis: Option<Column>,
    width: usize,
    pub keep: Vec<Column>,
    /// The code columns against the ones HES records.
    pub coverage: Coverage,
}

/// The names of the long layout's columns (from the command line).
pub struct LongColumns<'a> {
    pub key: &'a str,
    pub procedure: &'a str,
    pub diagnosis: &'a str,
    pub position: &'a str,
}

impl LongLayout {
    /// Resolves the columns from the header row; the error is one sentence.
    pub fn from_header(
        header: &Header,
        columns: &LongColumns<'_>,
        keep: &[String],
        delimiter: u8,
    ) -> Result<LongLayout, String> {
        let key = header.key(columns.key, delimiter)?;
        let procedure = header.find(columns.procedure)?;
        let diagnosis = header.find(columns.diagnosis)?;
        if procedure.is_none() {
            return Err(format!(
                "no {} column in the header row: the long layout reads one code per row from \
                 {} (OPCS-4) and {} (ICD-10); --procedure-column and --diagnosis-column name \
                 others",
                columns.procedure.trim().to_ascii_uppercase(),
                columns.procedure.trim().to_ascii_uppercase(),
                columns.diagnosis.trim().to_ascii_uppercase(),
            ));
        }
        Ok(LongLayout {
            key,
            coverage: Coverage::long(diagnosis.is_some(), columns.diagnosis),
            position: header.find(columns.position)?,
            procedure,
            diagnosis,
            width: header.len(),
            keep: header.keep(keep)?,
        })
    }

    /// The key of a row of one line with as many fields as the header and a key of at most
    /// [`MAX_KEY_BYTES`](crate::episodes::row_error::MAX_KEY_BYTES); the error otherwise.
    pub fn key_of<'a>(&self, row: &Record<'a>) -> Result<&'a [u8], RowError> {
        if let Some(error) = RowError::of_lines(row) {
            return Err(error);
        }
        if row.len() != self.width {
            return Err(RowError::field_count(row.len(), self.width));
        }
        let key = row.get(self.key.index);
        match RowError::of_key(key) {
            Some(error) => Err(error),
            None => Ok(key.unwrap_or_default()),
        }
    }

    /// Adds the row's codes to `episode`.
    pub fn read(&self, row: &Record<'_>, episode: &mut LongEpisode) -> Result<(), RowError> {
        let position = match &self.position {
            None => 0,
            Some(column) => {
                let field = row.get(column.index).unwrap_or_default();
                let text = field.trim_ascii();
                match std::str::from_utf8(text)
                    .ok()
                    .and_then(|t| t.parse::<u32>().ok())
                {
                    Some(n) if n > 0 && text.iter().all(u8::is_ascii_digit) => n,
                    _ => {
                        return Err(RowError::new(
                            Reason::BadPosition,
                            format!(
                                "{} {} is not a position (1, 2, ...)",
                                column.name,
                                shown_field(text)
                            ),
                        ));
                    }
                }
            }
        };
        let field = |column: &Column| row.get(column.index).unwrap_or_default();
        let mut procedure = None;
        if let Some(column) = &self.procedure {
            let text = field(column);
            procedure = opcs4_field(text)
                .map_err(|e| bad_code(&column.name, text, System::Opcs4, e))?
                .code();
        }
        let mut diagnosis = None;
        if let Some(column) = &self.diagnosis {
            let text = field(column);
            diagnosis =
                icd10_field(text).map_err(|e| bad_code(&column.name, text, System::Icd10, e))?;
        }
        let order = episode.rows;
        episode.rows += 1;
        if let Some(code) = procedure {
            episode.procedures.push((position, order, code));
        }
        if let Some(code) = diagnosis {
            episode.diagnoses.push((position, order, code));
        }
        Ok(())
    }
}

/// The rows of one episode read so far.
#[derive(Default)]
pub struct LongEpisode {
    /// The key, empty before the first episode.
    pub key: Vec<u8>,
    /// The line of its first row.
    pub line: u64,
    /// Its `--keep` fields, from its first row.
    pub kept: Vec<Vec<u8>>,
    /// True when one of its rows was skipped: it is then not matched.
    pub incomplete: bool,
    rows: u64,
    procedures: Vec<(u32, u64, Opcs4Code)>,
    diagnoses: Vec<(u32, u64, Icd10Code)>,
}

impl LongEpisode {
    /// Starts the episode `key` at the row `row`.
    pub fn start(&mut self, key: &[u8], row: &Record<'_>, keep: &[Column]) {
        self.key.clear();
        self.key.extend_from_slice(key);
        self.line = row.line();
        self.kept.clear();
        self.kept.extend(
            keep.iter()
                .map(|c| row.get(c.index).unwrap_or_default().to_vec()),
        );
        self.incomplete = false;
        self.rows = 0;
        self.procedures.clear();
        self.diagnoses.clear();
    }

    /// How many codes its rows have given so far.
    pub fn code_count(&self) -> usize {
        self.procedures.len() + self.diagnoses.len()
    }

    /// Its codes, in the order of their positions (then rows).
    pub fn codes(&mut self, procedures: &mut Vec<Opcs4Code>, diagnoses: &mut Vec<Icd10Code>) {
        self.procedures
            .sort_unstable_by_key(|&(position, row, _)| (position, row));
        self.diagnoses
            .sort_unstable_by_key(|&(position, row, _)| (position, row));
        procedures.clear();
        procedures.extend(self.procedures.iter().map(|&(_, _, code)| code));
        diagnoses.clear();
        diagnoses.extend(self.diagnoses.iter().map(|&(_, _, code)| code));
    }
}

/// The keys of the episodes ended so far, with the line each started on: a key seen again is
/// an episode whose rows are not together.
#[derive(Default)]
pub struct EndedEpisodes(HashMap<Box<[u8]>, u64>);

impl EndedEpisodes {
    /// Records that the episode `key`, started on `line`, has ended.
    pub fn end(&mut self, key: &[u8], line: u64) {
        self.0.insert(key.into(), line);
    }

    /// The line an ended episode `key` started on, if it has ended.
    pub fn started(&self, key: &[u8]) -> Option<u64> {
        self.0.get(key).copied()
    }
}
