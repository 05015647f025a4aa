//! `nice-coding match FILE`: every (episode, guidance) pair that matches, as CSV.
//!
//! Output (standard output, or `--output FILE`): the header row
//! `episode,guidance,variant,outcome`, then one row per guidance an episode matches, episodes
//! in input order and guidance in catalogue order:
//!
//! * `episode`: the key field as the input has it;
//! * `guidance`: the id (`IPG655`);
//! * `variant`: the label of the variant or stage matched (`Percutaneous procedure`), or empty;
//! * `outcome`: how the diagnosis compares, once the procedure matched:
//!   `diagnosis_matches`, `diagnosis_absent_or_different`, `no_diagnosis_recommendation` (the
//!   guidance gives no ICD-10 code) or `diagnosis_not_checked` (its ICD-10 recommendation names
//!   no checkable code). These are the names the `serde` feature gives `Outcome`.
//!
//! Summary (standard error, or `--summary FILE`): CSV with the header row
//! `guidance,episodes,diagnosis_matches,diagnosis_absent_or_different,no_diagnosis_recommendation,diagnosis_not_checked`
//! and one row per guidance matched at least once, in catalogue order. Then one line on
//! standard error counts the rows read and skipped and the episodes that matched.
//!
//! A malformed row (a field that is not a code, a wrong number of fields) is reported on
//! standard error with its line number, `nice-coding: FILE:LINE: row skipped: REASON`, and
//! skipped; the run goes on and ends with exit status 3.
//!
//! Cost: the columns are resolved once from the header; each row is read into reused buffers
//! (see `records`), its codes parsed from the fields' bytes into two reused vectors, and matched
//! through the library's anchor index (`nice_coding::matches`), so no work per row grows with
//! the catalogue and nothing is allocated for a well-formed row.

use crate::args::MatchArgs;
use crate::failure::{Failure, Finished, shown};
use crate::hes::Layout;
use crate::output::Output;
use crate::records::Records;
use indicatif::{ProgressBar, ProgressStyle};
use nice_coding::{Episode, Guidance, Outcome};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;

/// The outcomes a match can have, with their names in the output and the summary columns.
const OUTCOMES: [(Outcome, &str); 4] = [
    (Outcome::DiagnosisMatches, "diagnosis_matches"),
    (
        Outcome::DiagnosisAbsentOrDifferent,
        "diagnosis_absent_or_different",
    ),
    (
        Outcome::NoDiagnosisRecommendation,
        "no_diagnosis_recommendation",
    ),
    (Outcome::DiagnosisNotChecked, "diagnosis_not_checked"),
];

/// How often the progress bar moves, in rows.
const PROGRESS_EVERY: u64 = 1 << 16;

/// What a run counted.
struct Counts {
    /// Data rows read, skipped ones included.
    rows: u64,
    skipped: u64,
    /// Episodes that matched at least one guidance.
    matched: u64,
    /// Per guidance matched (in catalogue order, `Guidance`'s order), per outcome (by
    /// position in `OUTCOMES`).
    by_guidance: BTreeMap<Guidance, [u64; OUTCOMES.len()]>,
}

pub fn run(args: &MatchArgs) -> Result<Finished, Failure> {
    let name = shown(&args.file);
    let read_error = |e: io::Error| Failure::new(format!("cannot read {name}: {e}"));
    let (input, size): (Box<dyn Read>, Option<u64>) = if args.file.as_os_str() == "-" {
        (Box::new(io::stdin().lock()), None)
    } else {
        let file = File::open(&args.file).map_err(read_error)?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let mut records = Records::new(input);
    let header = records.next_record().map_err(read_error)?;
    let layout = Layout::from_header(header, &args.key)
        .map_err(|message| Failure::new(format!("{name}: {message}")))?;

    for written in args.output.iter().chain(&args.summary) {
        if is_same_file(&args.file, written) {
            return Err(Failure::new(format!(
                "{}: writing there would overwrite the input",
                written.display()
            )));
        }
    }
    let output = Output::open(args.output.as_deref())?;
    let summary = args.summary.as_deref().map(Output::file).transpose()?;
    let output_name = output.name;
    let write_error = |e: csv::Error| Failure::csv_write(&output_name, e);
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .from_writer(output.writer);
    writer
        .write_record(["episode", "guidance", "variant", "outcome"])
        .map_err(write_error)?;

    let bar = progress_bar(size);
    let mut counts = Counts {
        rows: 0,
        skipped: 0,
        matched: 0,
        by_guidance: BTreeMap::new(),
    };
    let mut procedures = Vec::with_capacity(layout.procedures.len());
    let mut diagnoses = Vec::with_capacity(layout.diagnoses.len());
    loop {
        if counts.rows % PROGRESS_EVERY == 0 {
            bar.set_position(records.consumed());
        }
        let Some(record) = records.next_record().map_err(read_error)? else {
            break;
        };
        counts.rows += 1;
        if let Err(reason) = layout.read(&record, &mut procedures, &mut diagnoses) {
            counts.skipped += 1;
            let line = record.line();
            bar.suspend(|| {
                let _ = writeln!(
                    io::stderr(),
                    "nice-coding: {name}:{line}: row skipped: {reason}"
                );
            });
            continue;
        }
        if procedures.is_empty() {
            // An episode without procedures matches nothing (see nice_coding::matching).
            continue;
        }
        let episode = Episode::new(&procedures, &diagnoses);
        let mut any = false;
        for evaluation in nice_coding::matches(&episode) {
            let guidance = evaluation.guidance();
            let outcome = evaluation.outcome();
            let Some(column) = OUTCOMES.iter().position(|&(o, _)| o == outcome) else {
                return Err(Failure::new(format!(
                    "{guidance}: the outcome \"{outcome}\" is not one this tool writes"
                )));
            };
            counts.by_guidance.entry(guidance).or_default()[column] += 1;
            any = true;
            writer
                .write_record([
                    record.get(layout.key).unwrap_or_default(),
                    guidance.id().as_bytes(),
                    evaluation.variant().unwrap_or_default().as_bytes(),
                    OUTCOMES[column].1.as_bytes(),
                ])
                .map_err(write_error)?;
        }
        counts.matched += u64::from(any);
    }
    bar.finish_and_clear();
    writer
        .flush()
        .map_err(|e| Failure::write(&output_name, e))?;

    let summary = summary.unwrap_or_else(Output::stderr);
    let summary_name = summary.name;
    let mut summary_writer = csv::Writer::from_writer(summary.writer);
    write_summary(&mut summary_writer, &counts)
        .and_then(|()| summary_writer.flush().map_err(csv::Error::from))
        .map_err(|e| Failure::csv_write(&summary_name, e))?;
    let _ = writeln!(
        io::stderr(),
        "nice-coding: {name}: rows: {} read, {} skipped, {} matching at least one guidance",
        counts.rows,
        counts.skipped,
        counts.matched
    );
    Ok(if counts.skipped > 0 {
        Finished::SkippedRows
    } else {
        Finished::Done
    })
}

/// True when both paths name one existing file.
fn is_same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The per-guidance counts, as CSV.
fn write_summary<W: Write>(writer: &mut csv::Writer<W>, counts: &Counts) -> csv::Result<()> {
    let mut header = vec!["guidance", "episodes"];
    header.extend(OUTCOMES.iter().map(|(_, name)| *name));
    writer.write_record(&header)?;
    for (guidance, by_outcome) in &counts.by_guidance {
        let episodes: u64 = by_outcome.iter().sum();
        let mut row = vec![guidance.id().to_owned(), episodes.to_string()];
        row.extend(by_outcome.iter().map(u64::to_string));
        writer.write_record(&row)?;
    }
    Ok(())
}

/// A bar over the input's bytes, drawn on standard error only when it is a terminal and the
/// input is a file of known size; hidden otherwise.
fn progress_bar(size: Option<u64>) -> ProgressBar {
    match size {
        Some(size) if io::stderr().is_terminal() => {
            let bar = ProgressBar::new(size);
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} ({eta} left)")
            {
                bar.set_style(style);
            }
            bar
        }
        _ => ProgressBar::hidden(),
    }
}
