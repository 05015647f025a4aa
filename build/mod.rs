//! The guidance compiler: read `guidance/`, check it, and write the Rust tables.
//!
//! `build.rs` calls [`build_script_main`]; tests call [`compile_dir`] on fixture folders and
//! compare the diagnostics or the generated source.
//!
//! * `model.rs`: the file format as serde reads it;
//! * `validate.rs`: every check, producing a `Catalogue` or located diagnostics;
//! * `catalogue.rs`: the checked model;
//! * `emit.rs`: the catalogue as Rust tokens, checked by `syn` and formatted by `prettyplease`;
//! * `render.rs`: a recommendation as Markdown, for the generated doc comments;
//! * `diagnostic.rs`: located messages.

#![allow(dead_code)]

pub mod catalogue;
#[path = "../src/code.rs"]
pub mod code;
pub mod diagnostic;
pub mod emit;
pub mod model;
pub mod render;
pub mod validate;

use diagnostic::Diagnostic;
use std::path::{Path, PathBuf};
use validate::{Input, STOCK_NOTES_FILE};

/// What a compile produced: the generated source, and the files it read (for
/// `rerun-if-changed`).
pub struct Compiled {
    pub source: String,
    pub catalogue: catalogue::Catalogue,
    pub inputs: Vec<PathBuf>,
}

/// The result of a failed compile: every problem, and the files read so far.
pub struct Failed {
    pub diagnostics: Vec<Diagnostic>,
    pub inputs: Vec<PathBuf>,
}

/// Compiles the `guidance` folder under `root` (the crate root, or a fixture folder laid out
/// the same way). Paths in messages are relative to `root`.
pub fn compile_dir(root: &Path) -> Result<Compiled, Failed> {
    let (files, stock, inputs) = match read_dir(root) {
        Ok(read) => read,
        Err(diagnostics) => {
            return Err(Failed {
                diagnostics,
                inputs: Vec::new(),
            });
        }
    };
    match validate::validate(files, stock) {
        Ok(catalogue) => match emit::emit(&catalogue) {
            Ok(source) => Ok(Compiled {
                source,
                catalogue,
                inputs,
            }),
            Err(message) => Err(Failed {
                diagnostics: vec![Diagnostic::whole_file("build/emit.rs", message)],
                inputs,
            }),
        },
        Err(diagnostics) => Err(Failed {
            diagnostics,
            inputs,
        }),
    }
}

type Read = (Vec<Input>, Option<Input>, Vec<PathBuf>);

/// Reads `guidance/stock-notes.toml` and every `guidance/<folder>/*.toml`.
fn read_dir(root: &Path) -> Result<Read, Vec<Diagnostic>> {
    let dir = root.join("guidance");
    let mut problems = Vec::new();
    let mut files = Vec::new();
    let mut inputs = Vec::new();
    let mut stock = None;
    let entries = match sorted_entries(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            return Err(vec![Diagnostic::whole_file(
                "guidance",
                format!(
                    "cannot read the guidance folder ({e}); create guidance/ with one folder per programme, such as guidance/ipg/."
                ),
            )]);
        }
    };
    for entry in entries {
        let name = entry
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if entry.is_dir() {
            let sub = match sorted_entries(&entry) {
                Ok(sub) => sub,
                Err(e) => {
                    problems.push(Diagnostic::whole_file(
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
                if file.extension().is_some_and(|e| e == "toml") && file.is_file() {
                    let shown = format!("guidance/{name}/{file_name}");
                    match read_text(&file, &shown) {
                        Ok(text) => files.push(Input { path: shown, text }),
                        Err(d) => problems.push(d),
                    }
                    inputs.push(file);
                }
            }
        } else if name == STOCK_NOTES_FILE {
            let shown = format!("guidance/{name}");
            match read_text(&entry, &shown) {
                Ok(text) => stock = Some(Input { path: shown, text }),
                Err(d) => problems.push(d),
            }
            inputs.push(entry);
        } else if name.ends_with(".toml") {
            problems.push(Diagnostic::whole_file(
                format!("guidance/{name}"),
                format!("guidance files go in a folder per programme; move it to guidance/ipg/{name} (or the folder of its programme)."),
            ));
        }
    }
    if files.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::whole_file(
            "guidance",
            "no guidance files found; add at least one, such as guidance/ipg/IPG655.toml (see guidance/README.md).",
        ));
    }
    if problems.is_empty() {
        Ok((files, stock, inputs))
    } else {
        Err(problems)
    }
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()?;
    entries.sort();
    Ok(entries)
}

fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::whole_file(
            shown,
            format!("cannot read the file ({e}); check its permissions."),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = &e.as_bytes()[..at];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
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

/// The build script: compile `guidance/` into `$OUT_DIR/catalogue.rs`, or report every problem
/// with `cargo::error=` lines and leave the build to fail. Never panics on bad input.
pub fn build_script_main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| ".".into()));
    println!("cargo::rerun-if-changed=guidance");
    let result = compile_dir(&root);
    let inputs = match &result {
        Ok(c) => &c.inputs,
        Err(f) => &f.inputs,
    };
    for input in inputs {
        println!("cargo::rerun-if-changed={}", input.display());
    }
    match result {
        Ok(compiled) => {
            let Some(out_dir) = std::env::var_os("OUT_DIR") else {
                println!("cargo::error=OUT_DIR is not set; build nice-coding with cargo.");
                return;
            };
            let out = PathBuf::from(out_dir).join("catalogue.rs");
            let unchanged = std::fs::read_to_string(&out).is_ok_and(|old| old == compiled.source);
            if !unchanged {
                if let Err(e) = std::fs::write(&out, &compiled.source) {
                    println!("cargo::error=cannot write {} ({e}).", out.display());
                }
            }
        }
        Err(failed) => {
            let count = failed.diagnostics.len();
            for d in &failed.diagnostics {
                for line in d.lines() {
                    println!("cargo::error={line}");
                }
            }
            println!(
                "cargo::error={count} problem{} in guidance/; see guidance/README.md for the file format.",
                if count == 1 { "" } else { "s" }
            );
        }
    }
}
