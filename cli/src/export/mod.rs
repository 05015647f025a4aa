//! The exports: `nice-coding export json` (the catalogue as JSON), `export opencodelists`
//! (code lists for OpenCodelists and ehrQL), `export rules` (the rules table) and
//! `export sql` (matching as one SQL query, in `sql/`). They take the compiled catalogue and
//! give files other tools read.
//!
//! * `codelist`: the codes of a tree with the part each plays, for the lists and the rules table;
//! * `rules`: the rules table, one row per node of every tree;
//! * `sql`: the SQL export.

pub mod codelist;
pub mod rules;
pub mod sql;

use crate::echo::escape_controls;
use crate::export::codelist::{Role, RoledCode, roled_codes, undotted, undotted_text};
use crate::failure::{Failure, Finished};
use crate::files::output::Output;
use crate::files::pending::{Pending, keep_all};
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

/// One row of a code list: a code as OpenCodelists writes it, its term and its role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodelistRow<'r> {
    pub code: String,
    pub term: &'r str,
    pub role: Role,
}

/// The rows a code of a tree contributes to its guidance's code list: the code as the guidance
/// names it, with its title as the term (empty when the guidance gives none).
///
/// A category (`Y53.-`) is written as its three characters, and so is an undivided ICD-10
/// code (`I48.X`, which matching reads as any code of `I48`), unless the release of its
/// classification was given and lists codes under the category: then it is those codes, each
/// with the release's title and the code's role (a category's default keeps the role
/// `default`), as HES's 4-character fields hold them (`Y534`, `I480`, `C61X`); codes the
/// release keeps only as retired are left out.
fn codelist_rows<'r>(entry: &RoledCode, releases: &'r Releases) -> Vec<CodelistRow<'r>> {
    let code = entry.code;
    let term = match entry.default_of {
        Some(_) => entry.rule.default_title(),
        None => entry.rule.title(),
    };
    let category = match code {
        Code::Icd10(c) if c.is_x_filled() => Some(release_key(Code::Icd10(c.category()))),
        _ if code.is_category() => Some(release_key(code)),
        _ => None,
    };
    if let (Some(release), Some(category)) = (releases.of(code), category) {
        let expanded: Vec<CodelistRow<'r>> = release
            .codes_in_category(&category)
            .filter(|found| !found.retired && accepted(entry, &found.code))
            .map(|found| CodelistRow {
                code: undotted_text(&found.code),
                term: found.title.as_str(),
                role: entry.role,
            })
            .collect();
        if !expanded.is_empty() {
            return expanded;
        }
    }
    vec![CodelistRow {
        code: undotted(code),
        term: term.unwrap_or_default(),
        role: entry.role,
    }]
}

/// False for a code of the release (`L89.8`) that the category `entry` names does not accept
/// (one of its `except` codes).
fn accepted(entry: &RoledCode, release_code: &str) -> bool {
    let parsed = match entry.code {
        Code::Opcs4(_) => Opcs4Code::parse(release_code).map(Code::Opcs4),
        Code::Icd10(_) => Icd10Code::parse(release_code).map(Code::Icd10),
    };
    parsed.is_ok_and(|c| entry.rule.accepts(c))
}

/// Refuses a category with `except` codes that the lists cannot write without naming them: a
/// category is written as its three characters, which hold its excepted codes, unless the
/// release of its classification lists its codes (then those it accepts are written).
fn exceptions_listable(releases: &Releases) -> Result<(), Failure> {
    for &g in Guidance::ALL {
        for rule in g
            .procedure()
            .descendants()
            .chain(g.diagnosis().descendants())
        {
            let Some(code) = rule.code() else { continue };
            if rule.except().len() == 0 {
                continue;
            }
            let listed = releases
                .of(code)
                .is_some_and(|r| r.codes_in_category(&release_key(code)).next().is_some());
            if !listed {
                let except: Vec<String> = rule.except().map(|c| c.bare().to_string()).collect();
                let flag = match code {
                    Code::Opcs4(_) => "--opcs4",
                    Code::Icd10(_) => "--icd10",
                };
                return Err(Failure::new(format!(
                    "{}'s {} does not accept {} (`except`), which a category of three characters cannot say; give the release that lists its codes ({flag} FILE), so the category is written as the codes it accepts",
                    g.id(),
                    code.bare(),
                    except.join(", ")
                )));
            }
        }
    }
    Ok(())
}

/// The distinct codes of one tree, sorted by code; a code named twice keeps the term and role
/// of its first appearance in the tree, except that a default's own role wins over the role of
/// the category that expanded to it.
fn codelist<'r>(tree: Rule, releases: &'r Releases) -> BTreeMap<String, (&'r str, Role)> {
    let mut rows: BTreeMap<String, (&'r str, Role)> = BTreeMap::new();
    for entry in roled_codes(tree) {
        if entry.role == Role::Excluded {
            continue;
        }
        for row in codelist_rows(&entry, releases) {
            match rows.get_mut(&row.code) {
                Some(existing) if row.role == Role::Default && !existing.1.is_main() => {
                    existing.1 = Role::Default;
                }
                Some(_) => {}
                None => {
                    rows.insert(row.code, (row.term, row.role));
                }
            }
        }
    }
    rows
}

/// Writes one code list with the header `code,term,role` to a temporary file beside `path`;
/// the returned [`Pending`] puts it in place.
fn write_codelist<'r>(
    path: &Path,
    rows: impl Iterator<Item = (&'r String, &'r (&'r str, Role))>,
) -> Result<Pending, Failure> {
    let output = Output::file(path)?;
    let name = output.name;
    let mut writer = csv::Writer::from_writer(output.writer);
    let written = writer
        .write_record(["code", "term", "role"])
        .and_then(|()| {
            for (code, (term, role)) in rows {
                writer.write_record([code.as_str(), term, role.as_str()])?;
            }
            writer.flush().map_err(csv::Error::from)
        });
    written.map_err(|e| Failure::csv_write(&name, e))?;
    drop(writer);
    Ok(output.pending)
}

/// `export opencodelists --dir DIR`: for each tree that names a code, `DIR/IPG655-opcs4.csv`
/// (every code with its role) and `DIR/IPG655-opcs4-main.csv` (the main codes only; not
/// written when the main code is left to a placeholder), likewise `-icd10`. Prints how many
/// files it wrote on standard error. The releases (`--opcs4`, `--icd10`) are read once,
/// before anything is written; every file is written to a temporary file first, and all are
/// put in place only once all are written, so a failed run leaves the folder's files as they
/// were.
pub fn opencodelists(
    dir: &Path,
    opcs4: Option<&Path>,
    icd10: Option<&Path>,
) -> Result<Finished, Failure> {
    let releases = Releases::read(opcs4, icd10)?;
    exceptions_listable(&releases)?;
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::new(format!(
            "cannot create {}: {e}",
            escape_controls(&dir.display().to_string())
        ))
    })?;
    let mut written = Vec::new();
    let mut stems = Stems::default();
    for &g in Guidance::ALL {
        for (tree, system) in [(g.procedure(), "opcs4"), (g.diagnosis(), "icd10")] {
            let rows = codelist(tree, &releases);
            if rows.is_empty() {
                continue;
            }
            stems.count(rows.iter(), false);
            written.push(write_codelist(
                &dir.join(format!("{}-{system}.csv", g.id())),
                rows.iter(),
            )?);
            let main: Vec<_> = rows
                .iter()
                .filter(|(_, (_, role))| role.is_main())
                .collect();
            if !main.is_empty() {
                stems.count(main.iter().copied(), true);
                written.push(write_codelist(
                    &dir.join(format!("{}-{system}-main.csv", g.id())),
                    main.into_iter(),
                )?);
            }
        }
    }
    let files = written.len();
    keep_all(written)?;
    let mut stderr = io::stderr();
    let _ = writeln!(
        stderr,
        "nice-coding: wrote {files} files in {}",
        escape_controls(&dir.display().to_string())
    );
    if stems.lists > 0 {
        let missing: Vec<&str> = [
            (releases.opcs4.is_none(), "--opcs4 FILE"),
            (releases.icd10.is_none(), "--icd10 FILE"),
        ]
        .into_iter()
        .filter_map(|(missing, option)| missing.then_some(option))
        .collect();
        let or = match missing.as_slice() {
            [] => " (the releases given list no codes under them)".to_owned(),
            options => format!(
                ", or give {} to list a release's codes under them",
                options.join(" and ")
            ),
        };
        let _ = writeln!(
            stderr,
            "nice-coding: {} of the {files} lists ({} of them -main lists) hold three-character \
             codes (a category such as Y53, an undivided ICD-10 code such as I48), which an \
             exact join on HES's 4-character fields (Y534, I48X) never finds: join on the \
             first three characters{or}",
            stems.lists, stems.main_lists
        );
    }
    Ok(Finished::Done)
}

/// The lists holding a three-character code (a category or an undivided ICD-10 code that no
/// release expanded), which an exact join on HES's 4-character fields never finds.
#[derive(Default)]
struct Stems {
    lists: usize,
    main_lists: usize,
}

impl Stems {
    /// Counts a list of `rows` (a `-main` list when `main`).
    fn count<'a, T: 'a>(&mut self, mut rows: impl Iterator<Item = (&'a String, T)>, main: bool) {
        if rows.any(|(code, _)| code.len() == 3) {
            self.lists += 1;
            self.main_lists += usize::from(main);
        }
    }
}

/// `export rules`: the rules table (see `rules`), for users who build their own joins.
pub fn rules(path: Option<&Path>) -> Result<Finished, Failure> {
    let output = Output::open(path)?;
    let name = output.name;
    let mut writer = csv::Writer::from_writer(output.writer);
    rules::write(&mut writer).map_err(|e| Failure::csv_write(&name, e))?;
    drop(writer);
    output.pending.keep()?;
    Ok(Finished::Done)
}
