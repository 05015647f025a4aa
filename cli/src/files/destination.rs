//! Where a file named as an output ends up, and which file that is, worked out before anything
//! is written: so that two outputs, or an output and the input, that are one file (the same
//! path, a hard link, a symbolic link) are refused up front instead of writing over each other.
//!
//! A path that exists is the file it leads to (symbolic links followed), told by its device
//! and inode on Unix ([`FileIdentity`]). A path that does not exist yet is the name it will
//! have in its folder, the folder's path made canonical (links and `..` resolved), so
//! `out.csv`, `./out.csv` and `dir/../out.csv` are one file.

use crate::failure::Failure;
use crate::files::identity::FileIdentity;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Which file an output is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputIdentity {
    /// A file that exists (a regular file, a device, a FIFO).
    Existing(FileIdentity),
    /// A file to be created: its canonical folder joined with its name.
    New(PathBuf),
}

/// How a named output is written.
#[derive(Debug)]
pub enum Placement {
    /// A regular file, existing or not, at `path` (symbolic links resolved): written to a
    /// temporary file in the same folder, then renamed over `path`. `existing` is the file
    /// there now, whose permissions the new one takes.
    Replace {
        path: PathBuf,
        existing: Option<fs::Metadata>,
    },
    /// A file that exists and is not a regular file (`/dev/null`, a terminal, a FIFO): written
    /// where it is, as nothing can be renamed over it.
    InPlace { path: PathBuf },
}

/// A named output, resolved.
#[derive(Debug)]
pub struct Destination {
    /// The path as given, for messages.
    pub name: String,
    /// Which file it is; `None` for a character device (a terminal, `/dev/null`), where two
    /// outputs overwrite nothing of each other.
    pub identity: Option<OutputIdentity>,
    pub placement: Placement,
}

impl Destination {
    /// Resolves the output `path`: an error (`cannot create PATH: ...`) when it is a folder,
    /// a symbolic link to nothing, or its folder does not exist.
    pub fn resolve(path: &Path) -> Result<Destination, Failure> {
        let name = path.display().to_string();
        let refuse = |reason: String| Failure::new(format!("cannot create {name}: {reason}"));
        match fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => Err(refuse(
                "it is a folder; give the path of a file in it".to_owned(),
            )),
            Ok(metadata) => {
                let identity = (!is_character_device(&metadata))
                    .then(|| OutputIdentity::Existing(FileIdentity::of(&metadata, path)));
                let placement = if metadata.is_file() {
                    // The file a symbolic link leads to is replaced, not the link.
                    let path = fs::canonicalize(path).map_err(|e| refuse(e.to_string()))?;
                    Placement::Replace {
                        path,
                        existing: Some(metadata),
                    }
                } else {
                    Placement::InPlace {
                        path: path.to_path_buf(),
                    }
                };
                Ok(Destination {
                    name,
                    identity,
                    placement,
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                    return Err(refuse(
                        "it is a symbolic link to a file that does not exist; give the file's \
                         own path"
                            .to_owned(),
                    ));
                }
                let Some(file_name) = path.file_name() else {
                    return Err(refuse("the path names no file".to_owned()));
                };
                let folder = match path.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => parent,
                    _ => Path::new("."),
                };
                let folder = fs::canonicalize(folder).map_err(|e| refuse(e.to_string()))?;
                let path = folder.join(file_name);
                Ok(Destination {
                    name,
                    identity: Some(OutputIdentity::New(path.clone())),
                    placement: Placement::Replace {
                        path,
                        existing: None,
                    },
                })
            }
            Err(e) => Err(refuse(e.to_string())),
        }
    }
}

/// True for a terminal, `/dev/null` and the other character devices.
#[cfg(unix)]
fn is_character_device(metadata: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    metadata.file_type().is_char_device()
}

/// Character devices cannot be told on this system.
#[cfg(not(unix))]
fn is_character_device(_: &fs::Metadata) -> bool {
    false
}

/// One output of a command, for the check that all are distinct: what the command line calls
/// it (`--summary`, `standard output`) and which file it is.
pub struct NamedOutput<'a> {
    /// `--summary out.csv`, `standard output (where the matches go)`.
    pub label: String,
    pub identity: Option<&'a OutputIdentity>,
}

/// Refuses two outputs that are one file: `--summary out.csv is the same file as --output
/// out.csv: give each output a file of its own`. Outputs whose identity is not known (a
/// standard output that is a terminal or a pipe) are not compared.
pub fn check_distinct(outputs: &[NamedOutput<'_>]) -> Result<(), Failure> {
    for (i, later) in outputs.iter().enumerate() {
        let Some(identity) = later.identity else {
            continue;
        };
        if let Some(earlier) = outputs[..i]
            .iter()
            .find(|earlier| earlier.identity == Some(identity))
        {
            return Err(Failure::new(format!(
                "{} is the same file as {}: give each output a file of its own",
                later.label, earlier.label
            )));
        }
    }
    Ok(())
}
