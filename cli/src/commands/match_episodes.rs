//! `nice-coding match FILE`: every (episode, guidance) pair that matches, as CSV.
//!
//! Output (standard output, or `--output FILE`): the header row
//! `episode,guidance,variant,outcome`, then one row per guidance an episode matches, episodes
//! in input order and guidance in catalogue order:
//!
//! * `episode`: the key field as the input has it;
//! * `guidance`: the id (`IPG655`);
//! * `variant`: the label of the variant or stage matched (`Percutaneous procedure`), or else
//!   of the patient matched (`Donor`), as `Evaluation::variant` gives it, or empty;
//! * `outcome`: how the diagnosis compares, once the procedure matched:
//!   `diagnosis_matches`, `diagnosis_absent_or_different`, `no_diagnosis_recommendation` (the
//!   guidance gives no ICD-10 code) or `diagnosis_not_checked` (its ICD-10 recommendation names
//!   no checkable code). These are the names the `serde` feature gives `Outcome`;
//! * then the `--keep` columns, as the input names them.
//!
//! The input (`input`: a file or standard input, gzip recognised) is read as records
//! (`records`) separated by `--delimiter`, in the wide layout (`hes`) or the long one
//! (`long_layout`). Before anything is written, the outputs are checked not to be the input
//! nor each other, and standard output not to have been closed (`outputs`). Named files are
//! written to temporary files, put in place only when the run has succeeded (exit status 0
//! or 3): a failed run leaves them as they were.
//!
//! Summary (standard error, or `--summary FILE`): CSV with the header row
//! `guidance,episodes,diagnosis_matches,diagnosis_absent_or_different,no_diagnosis_recommendation,diagnosis_not_checked,procedure_columns,diagnosis_columns`
//! and one row per guidance matched at least once, in catalogue order; the last two columns
//! give the number of code columns read (see `episodes::coverage`). Then one line on
//! standard error counts the rows read and skipped and the episodes that matched.
//!
//! An input with fewer code columns than HES records (24 procedures, 20 diagnoses; in the
//! long layout, no diagnosis column) is read, with one line on standard error per
//! classification saying what is missing and what it does to the results, once the input is
//! read (before the summary and the count line; a run that fails says only why).
//!
//! A malformed row (a field that is not a code, a wrong number of fields, an empty key or one
//! over 128 bytes, a row read over more than one line because a quoted field holds a line
//! break) is skipped (see `skipped`): the first 10 are reported on standard error with their line
//! number, `nice-coding: FILE:LINE: row skipped: REASON`, then the counts by reason; the run
//! goes on and ends with exit status 3, unless `--max-errors` stops it.
//!
//! Cost: the columns are resolved once from the header; each row is read into reused buffers
//! (see `records`), its codes parsed from the fields' bytes into two reused vectors, and matched
//! through the library's anchor index (`nice_coding::matches`), so no work per row grows with
//! the catalogue and nothing is allocated for a well-formed row.

use crate::args::{MatchArgs, MatchLayout};
use crate::episodes::coverage::Coverage;
use crate::episodes::header::Header;
use crate::episodes::hes::Layout;
use crate::episodes::long_layout::{
    EndedEpisodes, LongColumns, LongEpisode, LongLayout, MAX_EPISODE_CODES,
};
use crate::episodes::records::{RecordError, Records};
use crate::episodes::skipped::Skipped;
use crate::failure::{Failure, Finished, shown};
use crate::files::input::Input;
use crate::files::output::Output;
use crate::files::pending::keep_all;
use indicatif::{ProgressBar, ProgressStyle};
use nice_coding::{Episode, Guidance, Icd10Code, Opcs4Code, Outcome};
use outputs::{MatchOutputs, refuse_closed_standard_output};
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Read, Write};

mod outputs;

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
#[derive(Default)]
struct Counts {
    /// Data rows read, skipped ones included.
    rows: u64,
    /// Episodes read (the long layout's; a wide row is an episode).
    episodes: u64,
    /// Episodes that matched at least one guidance.
    matched: u64,
    /// Per guidance matched (in catalogue order, `Guidance`'s order), per outcome (by
    /// position in `OUTCOMES`).
    by_guidance: BTreeMap<Guidance, [u64; OUTCOMES.len()]>,
}

/// Matches episodes and writes the output rows.
struct Matcher<W: Write> {
    writer: csv::Writer<W>,
    output_name: String,
    counts: Counts,
}

impl<W: Write> Matcher<W> {
    /// Matches one episode and writes a row per guidance it matches: the key, the guidance,
    /// the variant, the outcome, then the `kept` fields.
    fn episode<'k>(
        &mut self,
        key: &'k [u8],
        kept: impl Iterator<Item = &'k [u8]> + Clone,
        procedures: &[Opcs4Code],
        diagnoses: &[Icd10Code],
    ) -> Result<(), Failure> {
        if procedures.is_empty() {
            // An episode without procedures matches nothing (see nice_coding::matching).
            return Ok(());
        }
        let episode = Episode::new(procedures, diagnoses);
        let mut any = false;
        for evaluation in nice_coding::matches(&episode) {
            let guidance = evaluation.guidance();
            let outcome = evaluation.outcome();
            let Some(column) = OUTCOMES.iter().position(|&(o, _)| o == outcome) else {
                return Err(Failure::new(format!(
                    "{guidance}: the outcome \"{outcome}\" is not one this tool writes"
                )));
            };
            self.counts.by_guidance.entry(guidance).or_default()[column] += 1;
            any = true;
            let fields = [
                key,
                guidance.id().as_bytes(),
                evaluation.variant().unwrap_or_default().as_bytes(),
                OUTCOMES[column].1.as_bytes(),
            ];
            self.writer
                .write_record(fields.into_iter().chain(kept.clone()))
                .map_err(|e| Failure::csv_write(&self.output_name, e))?;
        }
        self.counts.matched += u64::from(any);
        Ok(())
    }
}

/// The message of a failure to read the input `name`.
fn read_failure(name: &str, error: RecordError) -> Failure {
    match error {
        RecordError::Io(e) => Failure::new(format!("cannot read {name}: {e}")),
        other => Failure::new(format!("{name}: {other}")),
    }
}

pub fn run(args: &MatchArgs) -> Result<Finished, Failure> {
    refuse_closed_standard_output(args)?;
    let name = shown(&args.file);
    let input = Input::open(&args.file)?;
    let destinations = MatchOutputs::resolve(args, input.identity.as_ref())?;
    let delimiter = args.delimiter.byte();
    let mut records = Records::new(input.reader, delimiter);
    let header = records
        .next_record()
        .map_err(|e| read_failure(&name, e))
        .and_then(|record| {
            Header::new(record, &args.key).map_err(|m| Failure::new(format!("{name}: {m}")))
        })?;
    let in_file = |message: String| Failure::new(format!("{name}: {message}"));
    let layout = match args.layout {
        MatchLayout::Wide => Layouts::Wide(
            Layout::from_header(&header, &args.key, &args.keep, delimiter).map_err(in_file)?,
        ),
        MatchLayout::Long => Layouts::Long(
            LongLayout::from_header(
                &header,
                &LongColumns {
                    key: &args.key,
                    procedure: &args.procedure_column,
                    diagnosis: &args.diagnosis_column,
                    position: &args.position_column,
                },
                &args.keep,
                delimiter,
            )
            .map_err(in_file)?,
        ),
    };

    // Named files are temporary files until the run has succeeded (see `files::pending`):
    // dropped on an early return, they are removed.
    let output = match &destinations.output {
        Some(destination) => Output::create(destination)?,
        None => Output::stdout(),
    };
    let summary = destinations
        .summary
        .as_ref()
        .map(Output::create)
        .transpose()?;
    let skipped_file = destinations
        .skipped
        .as_ref()
        .map(Output::create)
        .transpose()?;
    let header_fields: Vec<&[u8]> = header.fields.iter().map(Vec::as_slice).collect();
    let mut skipped = Skipped::new(name.clone(), skipped_file, &header_fields, args.max_errors)?;

    let output_name = output.name;
    let output_pending = output.pending;
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .from_writer(output.writer);
    let kept_names = match &layout {
        Layouts::Wide(wide) => &wide.keep,
        Layouts::Long(long) => &long.keep,
    };
    let mut output_header = vec!["episode", "guidance", "variant", "outcome"];
    output_header.extend(kept_names.iter().map(|c| c.name.as_str()));
    writer
        .write_record(&output_header)
        .map_err(|e| Failure::csv_write(&output_name, e))?;
    let mut matcher = Matcher {
        writer,
        output_name,
        counts: Counts::default(),
    };

    let coverage = match &layout {
        Layouts::Wide(wide) => &wide.coverage,
        Layouts::Long(long) => &long.coverage,
    };

    let bar = progress_bar(input.size);
    let read = match &layout {
        Layouts::Wide(wide) => read_wide(wide, &mut records, &mut matcher, &mut skipped, &bar),
        Layouts::Long(long) => read_long(long, &mut records, &mut matcher, &mut skipped, &bar),
    };
    bar.finish_and_clear();
    let Matcher {
        mut writer,
        output_name,
        counts,
    } = matcher;
    let flushed = writer.flush().map_err(|e| Failure::write(&output_name, e));
    drop(writer);
    let finished = skipped.finish();
    read.map_err(|e| match e {
        Stop::Read(e) => read_failure(&name, e),
        Stop::Failure(f) => f,
    })?;
    flushed?;
    let skipped_pending = finished?;

    // Said once the input is read, so that a run that fails says only why (one line).
    for warning in &coverage.warnings {
        let _ = writeln!(io::stderr(), "nice-coding: {name}: {warning}");
    }
    let summary = summary.unwrap_or_else(Output::stderr);
    let summary_name = summary.name;
    let summary_pending = summary.pending;
    let mut summary_writer = csv::Writer::from_writer(summary.writer);
    write_summary(&mut summary_writer, &counts, coverage)
        .and_then(|()| summary_writer.flush().map_err(csv::Error::from))
        .map_err(|e| Failure::csv_write(&summary_name, e))?;
    drop(summary_writer);
    // Everything is written: the files are put in place.
    keep_all([output_pending, summary_pending, skipped_pending])?;
    let episodes = match layout {
        Layouts::Wide(_) => String::new(),
        Layouts::Long(_) => format!("{} episodes, ", counts.episodes),
    };
    let _ = writeln!(
        io::stderr(),
        "nice-coding: {name}: rows: {} read, {} skipped, {episodes}{} matching at least one guidance",
        counts.rows,
        skipped.count(),
        counts.matched
    );
    Ok(if skipped.count() > 0 {
        Finished::SkippedRows
    } else {
        Finished::Done
    })
}

/// How the input holds episodes.
enum Layouts {
    Wide(Layout),
    Long(LongLayout),
}

/// Why reading stopped early.
enum Stop {
    Read(RecordError),
    Failure(Failure),
}

impl From<RecordError> for Stop {
    fn from(e: RecordError) -> Stop {
        Stop::Read(e)
    }
}

impl From<Failure> for Stop {
    fn from(f: Failure) -> Stop {
        Stop::Failure(f)
    }
}

/// Reads and matches every row of the wide layout.
fn read_wide<R: Read, W: Write>(
    layout: &Layout,
    records: &mut Records<R>,
    matcher: &mut Matcher<W>,
    skipped: &mut Skipped,
    bar: &ProgressBar,
) -> Result<(), Stop> {
    let mut procedures = Vec::with_capacity(layout.procedures.len());
    let mut diagnoses = Vec::with_capacity(layout.diagnoses.len());
    loop {
        if matcher.counts.rows % PROGRESS_EVERY == 0 {
            bar.set_position(records.consumed());
        }
        let Some(record) = records.next_record()? else {
            return Ok(());
        };
        matcher.counts.rows += 1;
        if let Err(error) = layout.read(&record, &mut procedures, &mut diagnoses) {
            skipped.add(&record, error, bar)?;
            continue;
        }
        matcher.counts.episodes += 1;
        let key = record.get(layout.key).unwrap_or_default();
        let kept = layout
            .keep
            .iter()
            .map(|c| record.get(c.index).unwrap_or_default());
        matcher.episode(key, kept, &procedures, &diagnoses)?;
    }
}

/// Reads the rows of the long layout, and matches each episode once its rows are read.
fn read_long<R: Read, W: Write>(
    layout: &LongLayout,
    records: &mut Records<R>,
    matcher: &mut Matcher<W>,
    skipped: &mut Skipped,
    bar: &ProgressBar,
) -> Result<(), Stop> {
    let mut episode = LongEpisode::default();
    let mut ended = EndedEpisodes::default();
    let mut codes = (Vec::new(), Vec::new());
    loop {
        if matcher.counts.rows % PROGRESS_EVERY == 0 {
            bar.set_position(records.consumed());
        }
        let Some(record) = records.next_record()? else {
            break;
        };
        matcher.counts.rows += 1;
        let key = match layout.key_of(&record) {
            Ok(key) => key,
            Err(error) => {
                // A row of the current episode (by its key field) leaves it incomplete.
                if record.get(layout.key.index) == Some(episode.key.as_slice()) {
                    episode.incomplete = true;
                }
                skipped.add(&record, error, bar)?;
                continue;
            }
        };
        if key != episode.key.as_slice() {
            finish(&mut episode, &mut ended, &mut codes, matcher)?;
            if let Some(first) = ended.started(key) {
                return Err(Stop::Failure(Failure::new(format!(
                    "{}:{}: episode {} has rows on line {first} and here, with other \
                     episodes' rows between: the long layout needs each episode's rows \
                     together (sort the file by {})",
                    skipped.input(),
                    record.line(),
                    crate::episodes::row_error::shown_field(key),
                    layout.key.name
                ))));
            }
            episode.start(key, &record, &layout.keep);
        }
        if let Err(error) = layout.read(&record, &mut episode) {
            episode.incomplete = true;
            skipped.add(&record, error, bar)?;
        }
        if episode.code_count() > MAX_EPISODE_CODES {
            return Err(Stop::Failure(Failure::new(format!(
                "{}:{}: episode {} has more than {MAX_EPISODE_CODES} codes (its rows start on \
                 line {}): HES records 24 procedures and 20 diagnoses an episode, so {} does \
                 not tell episodes apart; give the episode key column with --key",
                skipped.input(),
                record.line(),
                crate::episodes::row_error::shown_field(&episode.key),
                episode.line,
                layout.key.name
            ))));
        }
    }
    finish(&mut episode, &mut ended, &mut codes, matcher)?;
    Ok(())
}

/// Ends the long layout's `episode` (none before the first row) and matches it, unless one of
/// its rows was skipped.
fn finish<W: Write>(
    episode: &mut LongEpisode,
    ended: &mut EndedEpisodes,
    (procedures, diagnoses): &mut (Vec<Opcs4Code>, Vec<Icd10Code>),
    matcher: &mut Matcher<W>,
) -> Result<(), Failure> {
    if episode.key.is_empty() {
        return Ok(());
    }
    matcher.counts.episodes += 1;
    ended.end(&episode.key, episode.line);
    if episode.incomplete {
        return Ok(());
    }
    episode.codes(procedures, diagnoses);
    let kept = episode.kept.iter().map(Vec::as_slice);
    matcher.episode(&episode.key, kept, procedures, diagnoses)
}

/// The per-guidance counts, as CSV, each row with the number of code columns read (the same
/// on every row: what the counts of the diagnosis outcomes rest on).
fn write_summary<W: Write>(
    writer: &mut csv::Writer<W>,
    counts: &Counts,
    coverage: &Coverage,
) -> csv::Result<()> {
    let mut header = vec!["guidance", "episodes"];
    header.extend(OUTCOMES.iter().map(|(_, name)| *name));
    header.extend(["procedure_columns", "diagnosis_columns"]);
    writer.write_record(&header)?;
    for (guidance, by_outcome) in &counts.by_guidance {
        let episodes: u64 = by_outcome.iter().sum();
        let mut row = vec![guidance.id().to_owned(), episodes.to_string()];
        row.extend(by_outcome.iter().map(u64::to_string));
        row.push(coverage.procedure_columns.to_string());
        row.push(coverage.diagnosis_columns.to_string());
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
