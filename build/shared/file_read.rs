//! Reading a whole file as the compiler and the tool must: a regular file only, never one of
//! the kernel's special files, and never more than a stated number of bytes.
//!
//! * Opening a FIFO without a writer, a socket or a device can block forever, and `/dev/zero`
//!   never ends; so the kind is told from the metadata before the file is opened (symbolic
//!   links followed), and only a regular file is opened.
//! * Files under `/proc`, `/sys` and `/dev` may say they are regular and still block a read
//!   (`/proc/kmsg`) or have no end: the canonical path (links resolved) must lie outside them.
//! * The size is checked before reading, and the read itself stops one byte past the limit,
//!   so a file that grows while it is read cannot make it unbounded.
//!
//! Depends only on `std`: the build script compiles it into the compiler (`shared/`), and the
//! command-line tool includes the same file, so both refuse the same inputs in the same words.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum FileReadError {
    /// It could not be inspected, opened or read.
    Io(std::io::Error),
    /// It is not a regular file: what it is instead ("a FIFO (named pipe)", "a folder").
    NotRegular(&'static str),
    /// It lies under `/proc`, `/sys` or `/dev` once links are resolved: the folder named.
    Special(&'static str),
    /// It holds more than `limit` bytes.
    TooLarge {
        /// The most the caller reads.
        limit: u64,
    },
}

impl fmt::Display for FileReadError {
    /// The reason as a clause: "it is a FIFO (named pipe), not a regular file".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileReadError::Io(e) => write!(f, "{e}"),
            FileReadError::NotRegular(what) => write!(f, "it is {what}, not a regular file"),
            FileReadError::Special(folder) => write!(
                f,
                "it is a special file of the system (under {folder}), whose reading can block or never end"
            ),
            FileReadError::TooLarge { limit } => {
                write!(f, "it is larger than {}", size_text(*limit))
            }
        }
    }
}

/// The folders whose files are never read.
const SPECIAL_FOLDERS: [&str; 3] = ["/proc", "/sys", "/dev"];

/// Reads the regular file at `path` whole, if it holds at most `limit` bytes.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, FileReadError> {
    let meta = std::fs::metadata(path).map_err(FileReadError::Io)?;
    if !meta.is_file() {
        return Err(FileReadError::NotRegular(describe_kind(&meta.file_type())));
    }
    if let Ok(canonical) = std::fs::canonicalize(path) {
        if let Some(folder) = SPECIAL_FOLDERS
            .into_iter()
            .find(|folder| canonical.starts_with(folder))
        {
            return Err(FileReadError::Special(folder));
        }
    }
    if meta.len() > limit {
        return Err(FileReadError::TooLarge { limit });
    }
    let mut file = std::fs::File::open(path).map_err(FileReadError::Io)?;
    // Opened: it must still be the regular file that was inspected.
    if !file.metadata().map_err(FileReadError::Io)?.is_file() {
        return Err(FileReadError::NotRegular("not a regular file any more"));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // A loop of plain reads, each asking for no more than one byte past the limit: what
    // `take(limit + 1).read_to_end` does, without compiling `read_to_end` for `Take<File>`
    // into the build script.
    let mut chunk = [0u8; 8192];
    loop {
        let past_limit = limit.saturating_add(1) - bytes.len() as u64;
        let want = usize::try_from(past_limit).map_or(chunk.len(), |n| n.min(chunk.len()));
        match file.read(&mut chunk[..want]) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FileReadError::Io(e)),
        }
        if bytes.len() as u64 > limit {
            return Err(FileReadError::TooLarge { limit });
        }
    }
    Ok(bytes)
}

/// What a file type that is not a regular file is, for messages.
pub fn describe_kind(kind: &std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        return "a folder";
    }
    describe_special(kind)
}

#[cfg(unix)]
fn describe_special(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn describe_special(_: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// A size in bytes as a message states a limit: `64 MiB`, `1 MiB`, `512 KiB`, `100 bytes`.
pub fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    if bytes >= MIB && bytes % MIB == 0 {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes % KIB == 0 {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}
