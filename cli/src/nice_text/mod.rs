//! The reader of NICE coding texts, used by `page-codes` (every code a text names, and how)
//! and `import` (a draft guidance file). One reading serves both, stage by stage:
//!
//! * `lines`: the file as lines: header lines of a collected text, renderings, cuts,
//!   markdown;
//! * `codes`, `titles`, `pieces`: the codes of a line as NICE prints them, each with its
//!   title and the words that join it to the code before;
//! * `phrases`, `intros`: what each line says (a heading, a code line, `Or`, a label, an
//!   introduction, an Includes line, sentences);
//! * `build`, `choices`, `labels`, `sentences`, `rules`, `placeholders`, `finish`,
//!   `review`: the lines put together into the recommendation, and the role of every code
//!   the text names;
//! * `about`: what the text says of the guidance (id, title, source, dates, versions);
//! * `stock`: the stock notes, by the codes they name;
//! * `model`: what a reading holds;
//! * `draft`: a reading written as a guidance file.
//!
//! The texts come in three layouts: the "OPCS4.6 Code(s)" section of NICE's older pages,
//! their "Coding recommendations" section, and the current "Clinical classification codes"
//! layout (Procedure / Diagnosis or health condition, with SNOMED CT terms). A file may hold
//! several renderings of one text; the one stating the most structure is read.

pub mod about;
pub mod build;
pub mod choices;
pub mod codes;
pub mod draft;
pub mod finish;
pub mod intros;
pub mod labels;
pub mod lines;
pub mod model;
pub mod phrases;
pub mod pieces;
pub mod placeholders;
pub mod review;
pub mod rules;
pub mod sentences;
pub mod stock;
pub mod titles;

use about::About;
use build::Builder;
use model::{Mention, Node, Point, Snomed};
use phrases::Said;
use std::fmt;
use stock::StockNote;

/// Why a text cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextError {
    /// A control character (a binary file, or a text with terminal escapes).
    Control {
        line: usize,
        column: usize,
        code: u32,
    },
    /// No code at all, and no sentence saying how the procedure is coded.
    NoCodes,
    /// Nothing but white space.
    Empty,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Control { line, column, code } => write!(
                f,
                "line {line}, column {column}: control character U+{code:04X}; a NICE coding text is plain text (is this a binary file?)"
            ),
            TextError::Empty => write!(f, "is empty"),
            TextError::NoCodes => write!(
                f,
                "names no OPCS-4 or ICD-10 code, and says nothing of how the procedure is coded; is it a NICE coding text?"
            ),
        }
    }
}

/// A text, read.
#[derive(Clone, Debug)]
pub struct Reading {
    pub about: About,
    pub procedure: Vec<Node>,
    pub diagnosis: Vec<Node>,
    pub snomed: Vec<Snomed>,
    /// Every code the text names, in every rendering, in text order.
    pub mentions: Vec<Mention>,
    /// What the reader could not decide, in line order.
    pub points: Vec<Point>,
    pub icd10_edition: Option<String>,
    /// The line where the rendering read stops short, when it does.
    pub cut: Option<usize>,
    /// The line of a sentence saying the procedure is coded case by case, when the text
    /// names no code.
    pub no_code_set: Option<usize>,
    /// Stock notes of the whole guidance.
    pub stock_notes: Vec<String>,
}

/// Reads `text`; `file_stem` is the file's name without its extension (an id, when the
/// text gives none), `stock` the stock notes.
pub fn read(
    text: &str,
    file_stem: Option<&str>,
    stock: &[StockNote],
) -> Result<Reading, TextError> {
    check_plain(text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(TextError::Empty);
    }
    let lines = lines::split(text);
    let mut rendered = Vec::new();
    for rendering in &lines.renderings {
        let items: Vec<phrases::Item> = rendering
            .lines
            .iter()
            .flat_map(phrases::read_line)
            .collect();
        let has_heading = items.iter().any(|i| {
            matches!(
                i.said,
                Said::Layout { .. } | Said::Procedure | Said::SnomedHeading
            )
        });
        let mut builder = Builder::new(stock, has_heading);
        for item in &items {
            builder.item(item);
        }
        rendered.push((rendering.cut, builder.finish(rendering.cut.is_some())));
    }
    let mentions: Vec<Mention> = rendered
        .iter()
        .flat_map(|(_, r)| r.mentions.clone())
        .collect();
    // The rendering stating the most structure, among those naming codes.
    let named = |r: &finish::Rendered| !r.procedure.is_empty() || !r.diagnosis.is_empty();
    let chosen = (0..rendered.len())
        .filter(|&i| named(&rendered[i].1))
        .max_by_key(|&i| (rendered[i].1.facts.structure, std::cmp::Reverse(i)))
        .unwrap_or(0);
    let no_code_set = rendered.iter().find_map(|(_, r)| r.facts.no_code_set);
    if mentions.is_empty() && no_code_set.is_none() {
        return Err(TextError::NoCodes);
    }
    let guidance = rendered.iter().find_map(|(_, r)| r.facts.guidance.clone());
    let mut about = about::about(&lines.header, guidance.as_ref(), file_stem);
    let mut points = Vec::new();
    let untitled = about.title.as_deref().is_none_or(|t| t.trim().is_empty());
    if let Some(known) = about
        .id
        .as_deref()
        .and_then(|id| id.parse::<nice_coding::Guidance>().ok())
        .filter(|_| untitled)
    {
        // A text re-imported for a guidance of the catalogue may show no title (a cut copy):
        // the catalogue's title stands in, and the maintainer is told.
        about.title = Some(known.title().to_owned());
        points.push(Point {
            line: 1,
            message: format!(
                "the text shows no title: the title is {}'s in the catalogue; check it against NICE's page",
                known.id()
            ),
            sentence: String::new(),
        });
    }
    if let Some(host) = &about.copied_from {
        points.push(Point {
            line: 1,
            message: format!(
                "the text was read from a copy on {host}, not NICE's page: `source` names NICE's page for the guidance; check it, and say in a comment where the copy was (without its address)"
            ),
            sentence: String::new(),
        });
    }
    if rendered.len() > 1 {
        let first_line = |i: usize| lines.renderings[i].lines.first().map_or(0, |l| l.number);
        points.push(Point {
            line: first_line(chosen),
            message: format!(
                "the file holds {} renderings of the text; the one from line {} states the most structure and is read: compare the others yourself",
                rendered.len(),
                first_line(chosen)
            ),
            sentence: String::new(),
        });
    }
    let (cut, chosen) = rendered.swap_remove(chosen);
    if about.opcs4_version.is_none() {
        about.opcs4_version.clone_from(&chosen.facts.version);
    }
    for id in chosen
        .facts
        .replaced_by
        .iter()
        .chain(rendered.iter().flat_map(|(_, r)| &r.facts.replaced_by))
    {
        if !about.replaced_by.contains(id) {
            about.replaced_by.push(id.clone());
        }
    }
    if about.last_updated.is_none() {
        about.last_updated = chosen.facts.updated.as_deref().and_then(about::date_of);
    }
    points.extend(chosen.points);
    points.sort_by_key(|p| p.line);
    Ok(Reading {
        about,
        procedure: chosen.procedure,
        diagnosis: chosen.diagnosis,
        snomed: chosen.facts.snomed,
        mentions,
        points,
        icd10_edition: chosen.facts.icd10_edition,
        cut,
        no_code_set,
        stock_notes: chosen.facts.stock_notes,
    })
}

/// A text holding a control character other than a tab or a line end, or a bidirectional
/// override (which reorders what a terminal shows), is refused: nothing it holds can then
/// drive the terminal a draft or a report is printed on.
fn check_plain(text: &str) -> Result<(), TextError> {
    for (index, line) in text.split('\n').enumerate() {
        for (column, c) in line.chars().enumerate() {
            let allowed = matches!(c, '\t' | '\r');
            if crate::echo::is_hidden_control(c) && !allowed {
                return Err(TextError::Control {
                    line: index + 1,
                    column: column + 1,
                    code: c as u32,
                });
            }
        }
    }
    Ok(())
}
