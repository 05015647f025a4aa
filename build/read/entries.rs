//! What an entry of `guidance/` is, told without opening it: the compiler reads regular files
//! only, because opening a FIFO, a socket or a device could block the build forever.

use super::super::shared::file_read::describe_kind;
use std::path::Path;

/// The kind of one entry of a folder, symbolic links followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Folder,
    /// A regular file: the only kind that is ever read.
    File,
    /// Anything else (a FIFO, a socket, a device, a broken link), described for messages.
    Other(&'static str),
}

/// The kind of `path`, from its metadata (which never opens it).
pub fn entry_kind(path: &Path) -> EntryKind {
    let Ok(meta) = std::fs::metadata(path) else {
        return EntryKind::Other("a broken link or an entry that cannot be inspected");
    };
    let kind = meta.file_type();
    if kind.is_dir() {
        return EntryKind::Folder;
    }
    if kind.is_file() {
        return EntryKind::File;
    }
    EntryKind::Other(describe_kind(&kind))
}

/// The message for an entry that should be a file but is `what`.
pub fn not_a_file_message(what: &str) -> String {
    format!(
        "this is {what}, not a regular file, so it is not read; replace it with the file, or remove it."
    )
}
