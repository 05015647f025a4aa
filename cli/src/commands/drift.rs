//! `nice-coding drift`: how the whole catalogue differs from an OPCS-4 or ICD-10 release.
//!
//! For every guidance, in catalogue order, every code its procedure and diagnosis trees name
//! (a rule's code and a rule's default, in tree order, each once per guidance; an ICD-10
//! dagger or asterisk mark is not part of the comparison) is looked up in the release of its
//! classification, when one was given:
//!
//! * **absent**: the release does not list the code; a category (`Y53.-`) is absent when the
//!   release has neither its three-character entry nor any code under it;
//! * **retired**: the release keeps the code (for a category, its own entry) only as retired
//!   ("Code retired - refer to introduction", as OPCS-4.11 titles them), whatever title the
//!   guidance gives it, or none;
//! * **retitled**: the release lists the code (for a category, its own entry) under another
//!   title than the guidance gives; titles are compared with runs of white space collapsed
//!   and the ends trimmed, and any wording the release gives the code counts (an ICD-10
//!   code's `TREE_DESCRIPTION`, its modifiers after a comma). A code the guidance gives no
//!   title for is never retitled.
//!
//! Every difference is reported, whatever version the guidance was written for: the report is
//! the list of codes a coding team reviews when a new version lands, not the build's check
//! (which decides by version whether a difference is an error). The versions given with
//! `--opcs4-version` / `--icd10-edition` only label the report.
//!
//! Differences are counted per guidance: a code absent from two guidance counts twice.

use crate::args::{DriftArgs, DriftFormat};
use crate::echo::escape_controls;
use crate::failure::{Failure, Finished};
use crate::files::output::Output;
use crate::releases::read::{Classification, Release};
use crate::releases::{Found, Releases, classification, find, release_key};
use nice_coding::{Code, Guidance};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::io::{self, Write};

/// How a code of a guidance differs from the release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Absent,
    Retired,
    Retitled,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Absent => "absent",
            Kind::Retired => "retired",
            Kind::Retitled => "retitled",
        }
    }
}

/// One code of a guidance that differs from the release.
struct Difference<'r> {
    code: Code,
    kind: Kind,
    /// The title the guidance gives the code, if any.
    guidance_title: Option<&'static str>,
    /// The release's title (retitled and retired codes only).
    release_title: Option<&'r str>,
}

/// The differences of one guidance, in tree order (procedure, then diagnosis).
struct GuidanceDrift<'r> {
    guidance: Guidance,
    differences: Vec<Difference<'r>>,
}

/// The whole report.
struct Report<'r> {
    /// Guidance with at least one code of a classification whose release was given.
    checked: usize,
    /// Guidance with at least one difference, in catalogue order.
    guidance: Vec<GuidanceDrift<'r>>,
}

impl Report<'_> {
    fn count(&self, kind: Kind) -> usize {
        self.guidance
            .iter()
            .flat_map(|g| &g.differences)
            .filter(|d| d.kind == kind)
            .count()
    }
}

/// A release given on the command line, with the version the user stated for it.
struct Labelled<'a> {
    classification: Classification,
    release: Option<&'a Release>,
    version: Option<&'a str>,
}

impl Labelled<'_> {
    /// `version` for OPCS-4, `edition` for ICD-10.
    fn version_word(&self) -> &'static str {
        match self.classification {
            Classification::Opcs4 => "version",
            Classification::Icd10 => "edition",
        }
    }
}

pub fn run(args: &DriftArgs) -> Result<Finished, Failure> {
    let releases = Releases::read(args.opcs4.as_deref(), args.icd10.as_deref())?;
    let report = compare(&releases);
    let labelled = [
        Labelled {
            classification: Classification::Opcs4,
            release: releases.opcs4.as_ref(),
            version: args.opcs4_version.as_deref(),
        },
        Labelled {
            classification: Classification::Icd10,
            release: releases.icd10.as_ref(),
            version: args.icd10_edition.as_deref(),
        },
    ];
    let output = Output::stdout();
    match args.format {
        DriftFormat::Text => output.write_all_with(|out| text(out, &labelled, &report))?,
        DriftFormat::Json => output.write_all_with(|out| {
            serde_json::to_writer_pretty(&mut *out, &to_json(&labelled, &report))?;
            writeln!(out)
        })?,
        DriftFormat::Csv => csv_rows(output, &report)?,
    }
    Ok(Finished::Done)
}

fn compare(releases: &Releases) -> Report<'_> {
    let mut report = Report {
        checked: 0,
        guidance: Vec::new(),
    };
    for &guidance in Guidance::ALL {
        let mut checked = false;
        let mut seen = BTreeSet::new();
        let mut differences = Vec::new();
        let rules = guidance
            .procedure()
            .descendants()
            .chain(guidance.diagnosis().descendants());
        for rule in rules {
            let named = [
                rule.code().map(|c| (c, rule.title())),
                rule.default_code().map(|c| (c, rule.default_title())),
            ];
            for (code, guidance_title) in named.into_iter().flatten() {
                let Some(release) = releases.of(code) else {
                    continue;
                };
                checked = true;
                if !seen.insert((classification(code), release_key(code))) {
                    continue;
                }
                let difference = |kind, release_title| Difference {
                    code,
                    kind,
                    guidance_title,
                    release_title,
                };
                match find(release, code) {
                    Found::Absent => differences.push(difference(Kind::Absent, None)),
                    Found::Entry(entry) if entry.retired => {
                        differences.push(difference(Kind::Retired, Some(&entry.title)));
                    }
                    Found::Entry(entry) => {
                        let retitled = guidance_title.is_some_and(|title| !entry.has_title(title));
                        if retitled {
                            differences.push(difference(Kind::Retitled, Some(&entry.title)));
                        }
                    }
                    Found::CategoryWithoutEntry => {}
                }
            }
        }
        report.checked += usize::from(checked);
        if !differences.is_empty() {
            report.guidance.push(GuidanceDrift {
                guidance,
                differences,
            });
        }
    }
    report
}

/// `OPCS-4 release: FILE (FORMAT), version 4.11` (or `version not stated`), or `OPCS-4
/// release: not given`.
fn header_line(labelled: &Labelled<'_>) -> String {
    let system = labelled.classification;
    match labelled.release {
        None => format!("{system} release: not given"),
        Some(release) => format!(
            "{system} release: {} ({}), {} {}",
            escape_controls(&release.path.display().to_string()),
            release.format.describe(),
            labelled.version_word(),
            labelled.version.unwrap_or("not stated")
        ),
    }
}

/// The text report: the releases, then a block per guidance with differences, then the
/// counts.
///
/// ```text
/// OPCS-4 release: drift/opcs4-drift.tsv (code and title list), version 4.11
/// ICD-10 release: not given
///
/// IPG7    Microwave endometrial ablation
///   absent   OPCS-4 Q16.3   Microwave ablation of endometrium NEC
/// ...
/// IPG655  Cardiac contractility modulation device implantation for heart failure
///   absent   OPCS-4 K57.8   Other specified other therapeutic transluminal operations on heart
///   retitled OPCS-4 Z33.6   guidance: "Atrium of heart"  release: "Atrium"
/// ...
/// ```
fn text(out: &mut dyn Write, labelled: &[Labelled<'_>], report: &Report<'_>) -> io::Result<()> {
    for l in labelled {
        writeln!(out, "{}", escape_controls(&header_line(l)))?;
    }
    for g in &report.guidance {
        writeln!(out)?;
        writeln!(out, "{:<7} {}", g.guidance.id(), g.guidance.title())?;
        for d in &g.differences {
            let system = classification(d.code);
            let code = d.code.bare().to_string();
            match d.kind {
                Kind::Absent => match d.guidance_title {
                    Some(title) => writeln!(out, "  absent   {system} {code:<7} {title}")?,
                    None => writeln!(out, "  absent   {system} {code}")?,
                },
                Kind::Retired => match d.guidance_title {
                    Some(title) => writeln!(out, "  retired  {system} {code:<7} {title}")?,
                    None => writeln!(out, "  retired  {system} {code}")?,
                },
                // The release's title is the file's text: its control characters escaped.
                Kind::Retitled => writeln!(
                    out,
                    "  retitled {system} {code:<7} guidance: \"{}\"  release: \"{}\"",
                    d.guidance_title.unwrap_or_default(),
                    escape_controls(d.release_title.unwrap_or_default())
                )?,
            }
        }
    }
    writeln!(out)?;
    let plural = |n: usize| if n == 1 { "code" } else { "codes" };
    let (absent, retitled, retired) = (
        report.count(Kind::Absent),
        report.count(Kind::Retitled),
        report.count(Kind::Retired),
    );
    writeln!(
        out,
        "{} guidance checked, {} with differences: {absent} {} absent, {retitled} {} retitled, {retired} {} retired",
        report.checked,
        report.guidance.len(),
        plural(absent),
        plural(retitled),
        plural(retired)
    )
}

/// The JSON report: `releases` (one object per release given), `guidance` (one object per
/// guidance with differences, each with its `differences`), `summary` (the counts).
fn to_json(labelled: &[Labelled<'_>], report: &Report<'_>) -> Value {
    let releases: Vec<Value> = labelled
        .iter()
        .filter_map(|l| {
            l.release.map(|release| {
                json!({
                    "system": l.classification.name(),
                    "file": release.path.display().to_string(),
                    "format": release.format.describe(),
                    "version": l.version,
                })
            })
        })
        .collect();
    let guidance: Vec<Value> = report
        .guidance
        .iter()
        .map(|g| {
            let differences: Vec<Value> = g
                .differences
                .iter()
                .map(|d| {
                    json!({
                        "system": classification(d.code).name(),
                        "code": d.code.bare().to_string(),
                        "difference": d.kind.name(),
                        "guidance_title": d.guidance_title,
                        "release_title": d.release_title,
                    })
                })
                .collect();
            json!({
                "id": g.guidance.id(),
                "title": g.guidance.title(),
                "differences": differences,
            })
        })
        .collect();
    json!({
        "releases": releases,
        "guidance": guidance,
        "summary": {
            "guidance_checked": report.checked,
            "guidance_with_differences": report.guidance.len(),
            "codes_absent": report.count(Kind::Absent),
            "codes_retitled": report.count(Kind::Retitled),
            "codes_retired": report.count(Kind::Retired),
        },
    })
}

/// The CSV report: the header
/// `guidance,system,code,difference,guidance_title,release_title`, then one row per
/// difference (an empty field where there is no title).
fn csv_rows(output: Output, report: &Report<'_>) -> Result<(), Failure> {
    let name = output.name;
    let mut writer = csv::Writer::from_writer(output.writer);
    let written = writer
        .write_record([
            "guidance",
            "system",
            "code",
            "difference",
            "guidance_title",
            "release_title",
        ])
        .and_then(|()| {
            for g in &report.guidance {
                for d in &g.differences {
                    writer.write_record([
                        g.guidance.id(),
                        classification(d.code).name(),
                        d.code.bare().to_string().as_str(),
                        d.kind.name(),
                        d.guidance_title.unwrap_or_default(),
                        d.release_title.unwrap_or_default(),
                    ])?;
                }
            }
            writer.flush().map_err(csv::Error::from)
        });
    written.map_err(|e| Failure::csv_write(&name, e))
}
