//! `nice-coding export`: the catalogue as JSON, or as code lists for OpenCodelists.

use crate::failure::{Failure, Finished};
use crate::output::Output;
use crate::releases::{Releases, release_key};
use nice_coding::{Catalogue, Code, Guidance, Icd10Code, Opcs4Code, Rule};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

/// `export json`: [`Catalogue`] pretty-printed, with a final newline. The catalogue is static
/// and its lists are in catalogue and tree order, so the output is the same on every run.
pub fn json(path: Option<&Path>) -> Result<Finished, Failure> {
    Output::open(path)?.write_all_with(|out| {
        serde_json::to_writer_pretty(&mut *out, &Catalogue)?;
        writeln!(out)
    })?;
    Ok(Finished::Done)
}

/// One row of a code list: a code and its term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodelistRow<'r> {
    pub code: Code,
    pub term: &'r str,
}

/// A code of a release, read back as a [`Code`] of its classification. The release reader
/// has checked every code, so a failure here is a code form the library does not take.
fn release_code(code: Code, text: &str) -> Result<Code, Failure> {
    let parsed = match code {
        Code::Opcs4(_) => Opcs4Code::parse(text).map(Code::Opcs4),
        Code::Icd10(_) => Icd10Code::parse(text).map(Code::Icd10),
    };
    parsed.map_err(|e| Failure::new(format!("the release code `{text}` cannot be exported: {e}")))
}

/// The rows a rule contributes to its guidance's code list: its code as the guidance names it,
/// with the code's title as the term (empty when the guidance gives none). Groups and
/// placeholders contribute nothing; their codes come from the rules below them.
///
/// A category (`Y53.-`) stands as it is, unless the release of its classification was given
/// and lists codes under it: then it is those codes, each with the release's title (codes the
/// release keeps only as retired are left out).
fn codelist_rows<'r>(rule: Rule, releases: &'r Releases) -> Result<Vec<CodelistRow<'r>>, Failure> {
    let Some(code) = rule.code() else {
        return Ok(Vec::new());
    };
    let release = releases.of(code).filter(|_| code.is_category());
    if let Some(release) = release {
        let expanded = release
            .codes_in_category(&release_key(code))
            .filter(|entry| !entry.retired)
            .map(|entry| {
                Ok(CodelistRow {
                    code: release_code(code, &entry.code)?,
                    term: entry.title.as_str(),
                })
            })
            .collect::<Result<Vec<_>, Failure>>()?;
        if !expanded.is_empty() {
            return Ok(expanded);
        }
    }
    Ok(vec![CodelistRow {
        code,
        term: rule.title().unwrap_or_default(),
    }])
}

/// The distinct codes of one tree, sorted by code (a category just before its codes); a code
/// named twice keeps the term of its first appearance in the tree.
fn codelist(tree: Rule, releases: &Releases) -> Result<BTreeMap<Code, &str>, Failure> {
    let mut rows = BTreeMap::new();
    for rule in tree.descendants() {
        for row in codelist_rows(rule, releases)? {
            rows.entry(row.code).or_insert(row.term);
        }
    }
    Ok(rows)
}

/// `export opencodelists --dir DIR`: `DIR/IPG655-opcs4.csv` from the procedure tree and
/// `DIR/IPG655-icd10.csv` from the diagnosis tree, each with the header `code,term`; a tree
/// without codes writes no file. Prints how many files it wrote on standard error. The
/// releases (`--opcs4`, `--icd10`) are read once, before anything is written.
pub fn opencodelists(
    dir: &Path,
    opcs4: Option<&Path>,
    icd10: Option<&Path>,
) -> Result<Finished, Failure> {
    let releases = Releases::read(opcs4, icd10)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", dir.display())))?;
    let mut files = 0;
    for &g in Guidance::ALL {
        for (tree, system) in [(g.procedure(), "opcs4"), (g.diagnosis(), "icd10")] {
            let rows = codelist(tree, &releases)?;
            if rows.is_empty() {
                continue;
            }
            let output = Output::file(&dir.join(format!("{}-{system}.csv", g.id())))?;
            let name = output.name;
            let mut writer = csv::Writer::from_writer(output.writer);
            let written = writer.write_record(["code", "term"]).and_then(|()| {
                for (code, term) in &rows {
                    writer.write_record([code.to_string().as_str(), term])?;
                }
                writer.flush().map_err(csv::Error::from)
            });
            written.map_err(|e| Failure::csv_write(&name, e))?;
            files += 1;
        }
    }
    let _ = writeln!(
        io::stderr(),
        "nice-coding: wrote {files} files in {}",
        dir.display()
    );
    Ok(Finished::Done)
}
