//! What `match` does with malformed rows: the first few are reported on standard error with
//! their line, the rest counted; the closing summary counts them by reason; `--skipped FILE`
//! writes every one, with its line and reason; `--max-errors N` stops the run at the row
//! after the Nth.

use crate::echo::escape_controls;
use crate::episodes::records::Record;
use crate::episodes::row_error::{Reason, RowError};
use crate::failure::Failure;
use crate::files::output::Output;
use crate::files::pending::Pending;
use indicatif::ProgressBar;
use std::io::{self, BufWriter, Write};

/// How many skipped rows are reported one by one on standard error.
pub const SHOWN_ROWS: u64 = 10;

/// The `--skipped` file: its name, its CSV writer, and its temporary file.
type SkippedFile = (String, csv::Writer<BufWriter<Box<dyn Write>>>, Pending);

/// The skipped rows of one run.
pub struct Skipped {
    /// The input's name, as messages show it (control characters escaped).
    input: String,
    count: u64,
    by_reason: [u64; Reason::ALL.len()],
    /// `--skipped`: the file's name and its CSV writer.
    file: Option<SkippedFile>,
    max_errors: Option<u64>,
}

impl Skipped {
    /// `file` (from `--skipped`) gets the header row `line,reason,detail`, then the input's
    /// header fields.
    pub fn new(
        input: String,
        file: Option<Output>,
        header: &[&[u8]],
        max_errors: Option<u64>,
    ) -> Result<Skipped, Failure> {
        let file = match file {
            None => None,
            Some(output) => {
                let mut writer = csv::WriterBuilder::new()
                    .flexible(true)
                    .from_writer(output.writer);
                let mut row: Vec<&[u8]> = vec![b"line", b"reason", b"detail"];
                row.extend_from_slice(header);
                writer
                    .write_record(&row)
                    .map_err(|e| Failure::csv_write(&output.name, e))?;
                Some((output.name, writer, output.pending))
            }
        };
        Ok(Skipped {
            input,
            count: 0,
            by_reason: [0; Reason::ALL.len()],
            file,
            max_errors,
        })
    }

    /// The input's name, as messages show it.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// How many rows were skipped.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Records the skipped `row`; an error when `--max-errors` is passed, or the file cannot be
    /// written.
    pub fn add(
        &mut self,
        row: &Record<'_>,
        error: RowError,
        bar: &ProgressBar,
    ) -> Result<(), Failure> {
        self.count += 1;
        self.by_reason[Reason::ALL
            .iter()
            .position(|&r| r == error.reason)
            .unwrap_or(0)] += 1;
        let line = row.line();
        if self.count <= SHOWN_ROWS {
            bar.suspend(|| {
                let _ = writeln!(
                    io::stderr(),
                    "nice-coding: {}:{line}: row skipped: {}",
                    self.input,
                    escape_controls(&error.message)
                );
                if self.count == SHOWN_ROWS {
                    let _ = writeln!(
                        io::stderr(),
                        "nice-coding: {}: further skipped rows are counted, not shown{}",
                        self.input,
                        if self.file.is_some() {
                            " (--skipped has them all)"
                        } else {
                            " (--skipped FILE writes them all)"
                        }
                    );
                }
            });
        }
        if let Some((name, writer, _)) = &mut self.file {
            let line = line.to_string();
            let mut fields: Vec<&[u8]> = vec![
                line.as_bytes(),
                error.reason.label().as_bytes(),
                error.message.as_bytes(),
            ];
            fields.extend(row.fields());
            writer
                .write_record(&fields)
                .map_err(|e| Failure::csv_write(name, e))?;
        }
        match self.max_errors {
            Some(max) if self.count > max => Err(Failure::new(format!(
                "{}:{line}: stopped: {} rows skipped, more than --max-errors {max} allows",
                self.input, self.count
            ))),
            _ => Ok(()),
        }
    }

    /// Writes out the `--skipped` file, and says on standard error how many rows were skipped
    /// for each reason (nothing when none were). The file's [`Pending`] puts it in place once
    /// the run has succeeded.
    pub fn finish(&mut self) -> Result<Pending, Failure> {
        let mut pending = Pending::none();
        if let Some((name, mut writer, file)) = self.file.take() {
            writer.flush().map_err(|e| Failure::write(&name, e))?;
            pending = file;
        }
        if self.count > 0 {
            let counts: Vec<String> = Reason::ALL
                .iter()
                .zip(self.by_reason)
                .filter(|&(_, n)| n > 0)
                .map(|(reason, n)| format!("{n} {}", reason.label()))
                .collect();
            let _ = writeln!(
                io::stderr(),
                "nice-coding: {}: skipped rows by reason: {}",
                self.input,
                counts.join(", ")
            );
        }
        Ok(pending)
    }
}
