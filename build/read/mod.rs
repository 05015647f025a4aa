//! Reading: the `guidance/` folder in, each file's text out ([`Input`]), with a located problem
//! for every entry that cannot be used; and the model a text is read into (`model.rs`), which
//! the checks (`check/`) start from.
//!
//! * this file: listing `guidance/` and reading its regular files as UTF-8 ([`read_dir`]): the
//!   programme folders' guidance files, and beside them the stock notes and the names that
//!   date a text (`names.toml`);
//! * `entries.rs`: what an entry is, told without opening it (only regular files are read);
//! * `model.rs`: the file format, one struct per TOML table;
//! * `toml_reader.rs`: reading those structs from `toml`'s spanned parse tree (no serde).

pub mod entries;
pub mod model;
pub mod toml_reader;

use super::shared::diagnostic::Diagnostic;
use super::shared::file_read::{FileReadError, read_regular_file};
use super::shared::sorted;
use entries::{EntryKind, entry_kind, not_a_file_message};
use std::path::{Path, PathBuf};

/// The most a guidance or stock notes file may hold: 8 MiB. The largest shipped file is about
/// 2 KB; a tree at the tables' capacity (65,534 rules, `check/limits.rs`) is about 3 MB, so
/// that check, not this one, is what reports an oversized tree.
pub const FILE_LIMIT: u64 = 8 << 20;

/// The name of the stock notes file inside the guidance folder.
pub const STOCK_NOTES_FILE: &str = "stock-notes.toml";

/// The name of the file of names that date a text (`check/names.rs`), beside the stock notes.
pub const NAMES_FILE: &str = "names.toml";

/// The data files read beside the programme folders: stock notes and names.
fn is_data_file(name: &str) -> bool {
    name == STOCK_NOTES_FILE || name == NAMES_FILE
}

/// One input file, already read: its path relative to the crate root and its text.
pub struct Input {
    pub path: String,
    pub text: String,
}

/// What reading `guidance/` found: the files' texts, and the problems with files that could
/// not be used (reported with the others, never stopping the run).
pub struct Read {
    pub files: Vec<Input>,
    pub stock: Option<Input>,
    /// `guidance/names.toml`, when it exists.
    pub names: Option<Input>,
    pub inputs: Vec<PathBuf>,
    pub problems: Vec<Diagnostic>,
    /// Files in a programme folder that are not read (not `.toml`), one line each.
    pub warnings: Vec<String>,
}

fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// Reads `guidance/stock-notes.toml`, `guidance/names.toml` and every
/// `guidance/<folder>/*.toml`.
pub fn read_dir(root: &Path) -> Read {
    let dir = root.join("guidance");
    let mut read = Read {
        files: Vec::new(),
        stock: None,
        names: None,
        inputs: Vec::new(),
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let entries = match sorted_entries(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            read.problems.push(Diagnostic::whole_file(
                "guidance",
                format!("cannot read the guidance folder ({e}); create guidance/ with one folder per programme, such as guidance/ipg/."),
            ));
            return read;
        }
    };
    for entry in entries {
        let name = entry
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let kind = entry_kind(&entry);
        let not_data_file = match kind {
            EntryKind::File => None,
            EntryKind::Folder if name == NAMES_FILE => Some("this is a folder, but the names that date a text are one file, guidance/names.toml; rename the folder, and write the names in that file (see guidance/README.md).".to_string()),
            EntryKind::Folder => Some("this is a folder, but the stock notes are one file, guidance/stock-notes.toml; rename the folder, and write the notes in that file (see guidance/README.md).".to_string()),
            EntryKind::Other(what) => Some(not_a_file_message(what)),
        };
        if let Some(message) = not_data_file.filter(|_| is_data_file(&name)) {
            read.problems
                .push(Diagnostic::whole_file(format!("guidance/{name}"), message));
        } else if kind == EntryKind::Folder {
            let sub = match sorted_entries(&entry) {
                Ok(sub) => sub,
                Err(e) => {
                    read.problems.push(Diagnostic::whole_file(
                        format!("guidance/{name}"),
                        format!("cannot read this folder ({e}); check its permissions."),
                    ));
                    continue;
                }
            };
            for file in sub {
                let file_name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let shown = format!("guidance/{name}/{file_name}");
                let file_kind = entry_kind(&file);
                if file_kind == EntryKind::Folder {
                    read.problems.push(Diagnostic::whole_file(
                        shown,
                        format!("guidance files go directly in guidance/{name}/, not in a folder below it; move them up, or move the folder out of guidance/."),
                    ));
                } else if !is_toml(&file) {
                    read.warnings.push(format!(
                        "{shown}: ignored; only the .toml files of guidance/{name}/ are read: rename it to end in .toml if it is a guidance file, or move it out of guidance/."
                    ));
                } else if let EntryKind::Other(what) = file_kind {
                    read.problems
                        .push(Diagnostic::whole_file(shown, not_a_file_message(what)));
                } else {
                    match read_text(&file, &shown) {
                        Ok(text) => read.files.push(Input { path: shown, text }),
                        Err(d) => read.problems.push(d),
                    }
                    read.inputs.push(file);
                }
            }
        } else if is_data_file(&name) {
            let shown = format!("guidance/{name}");
            match read_text(&entry, &shown) {
                Ok(text) if name == NAMES_FILE => read.names = Some(Input { path: shown, text }),
                Ok(text) => read.stock = Some(Input { path: shown, text }),
                Err(d) => read.problems.push(d),
            }
            read.inputs.push(entry);
        } else if is_toml(&entry) {
            read.problems.push(Diagnostic::whole_file(
                format!("guidance/{name}"),
                format!("guidance files go in a folder per programme; move it to guidance/ipg/{name} (or the folder of its programme)."),
            ));
        }
    }
    if read.files.is_empty() && read.problems.is_empty() {
        read.problems.push(Diagnostic::whole_file(
            "guidance",
            "no guidance files found; add at least one, such as guidance/ipg/IPG655.toml (see guidance/README.md).",
        ));
    }
    read
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    sorted::sort_by_key(&mut entries, |path| path.clone());
    Ok(entries)
}

fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let bytes = read_regular_file(path, FILE_LIMIT).map_err(|e| {
        let fix = match e {
            FileReadError::TooLarge { .. } => "a guidance file holds one guidance (the largest shipped is about 2 KB), so check that this is the file you meant.",
            FileReadError::Io(_) => "check its permissions.",
            _ => "replace it with the file, or remove it.",
        };
        Diagnostic::whole_file(shown, format!("cannot read the file: {e}; {fix}"))
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        // The bytes before `at` are valid UTF-8, so lines and columns count characters.
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]);
        let line = valid.matches('\n').count() + 1;
        let column = valid
            .rsplit('\n')
            .next()
            .unwrap_or_default()
            .chars()
            .count()
            + 1;
        Diagnostic {
            path: shown.to_string(),
            line,
            column,
            message: "the file is not valid UTF-8; save it as UTF-8.".to_string(),
            source_line: None,
            width: 1,
        }
    })
}
