//! `nice-coding export`: the catalogue as JSON, or as code lists for OpenCodelists.

use crate::failure::{Failure, Finished};
use crate::output::Output;
use nice_coding::{Catalogue, Code, Guidance, Rule};
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodelistRow {
    pub code: Code,
    pub term: &'static str,
}

/// The rows a rule contributes to its guidance's code list: its code as the guidance names it
/// (a category such as `Y53.-` stands as it is), with the code's title as the term (empty
/// when the guidance gives none). Groups and placeholders contribute nothing; their codes come
/// from the rules below them.
///
/// This is where a category could be expanded into its codes, given a classification release
/// that lists them.
fn codelist_rows(rule: Rule) -> Option<CodelistRow> {
    rule.code().map(|code| CodelistRow {
        code,
        term: rule.title().unwrap_or_default(),
    })
}

/// The distinct codes of one tree, sorted by code (a category just before its codes); a code
/// named twice keeps the term of its first appearance in the tree.
fn codelist(tree: Rule) -> BTreeMap<Code, &'static str> {
    let mut rows = BTreeMap::new();
    for row in tree.descendants().filter_map(codelist_rows) {
        rows.entry(row.code).or_insert(row.term);
    }
    rows
}

/// `export opencodelists --dir DIR`: `DIR/IPG655-opcs4.csv` from the procedure tree and
/// `DIR/IPG655-icd10.csv` from the diagnosis tree, each with the header `code,term`; a tree
/// without codes writes no file. Prints how many files it wrote on standard error.
pub fn opencodelists(dir: &Path) -> Result<Finished, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", dir.display())))?;
    let mut files = 0;
    for &g in Guidance::ALL {
        for (tree, system) in [(g.procedure(), "opcs4"), (g.diagnosis(), "icd10")] {
            let rows = codelist(tree);
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
