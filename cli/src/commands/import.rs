//! `nice-coding import TEXT [--output FILE]`: a draft guidance file from a NICE coding text.
//!
//! The text is read by `nice_text` (the reader `page-codes` uses) and written as a guidance
//! file in the layout of `guidance/ipg/`. What the reader could not decide goes to standard
//! error, one line per point, `TEXT:LINE: what: "the sentence"`, and is left out of the
//! draft. The draft goes to standard output, or to `--output FILE`, which must not exist:
//! import never overwrites a file.

use crate::echo;
use crate::failure::{Failure, Finished, shown};
use crate::files::output::Output;
use crate::files::pending::Pending;
use crate::files::text::read_text;
use crate::nice_text::{self, draft, stock};
use std::fs::OpenOptions;
use std::io::BufWriter;
use std::path::Path;

pub fn run(text_file: &Path, output: Option<&Path>) -> Result<Finished, Failure> {
    let name = shown(text_file);
    let (text, stem) = read_text(text_file)?;
    let reading = nice_text::read(&text, stem.as_deref(), &stock::shipped())
        .map_err(|e| Failure::new(format!("{name}: {e}")))?;
    let file = draft::draft(&reading).map_err(|e| Failure::new(format!("{name}: {e}")))?;
    match output {
        None => Output::stdout().write_all_with(|out| out.write_all(file.as_bytes()))?,
        Some(path) => write_new(path, &file)?,
    }
    let points: Vec<String> = reading
        .points
        .iter()
        .map(|p| {
            let sentence = if p.sentence.is_empty() {
                String::new()
            } else {
                format!(": \"{}\"", echo::shown(&p.sentence))
            };
            format!(
                "{name}:{}: {}{sentence}",
                p.line,
                echo::escape_controls(&p.message)
            )
        })
        .collect();
    Output::stderr().write_all_with(|out| {
        for point in &points {
            writeln!(out, "{point}")?;
        }
        Ok(())
    })?;
    Ok(Finished::Done)
}

/// Writes `text` to `path`, which must not exist yet; on a failure to write, the file is
/// removed, so no partial draft is left.
fn write_new(path: &Path, text: &str) -> Result<(), Failure> {
    let name = path.display().to_string();
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Failure::new(format!(
                    "{name} already exists: import never overwrites a file; name a new one"
                ))
            } else {
                Failure::new(format!("cannot create {name}: {e}"))
            }
        })?;
    // Created new, so there is nothing to rename into place (`Pending::none`); a failed write
    // removes the file instead.
    let output = Output {
        name: name.clone(),
        writer: BufWriter::new(Box::new(file)),
        pending: Pending::none(),
    };
    output
        .write_all_with(|out| out.write_all(text.as_bytes()))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(path);
        })
}
