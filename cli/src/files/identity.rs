//! Which file an opened file is: its device and inode on Unix, so that a hard link or a
//! redirection (`< f.csv` with `--output f.csv`) is known for the same file; elsewhere, its
//! canonical path.

use std::fs::Metadata;
use std::path::Path;

/// The identity of an opened file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileIdentity(Key);

#[cfg(unix)]
type Key = (u64, u64);
#[cfg(not(unix))]
type Key = std::path::PathBuf;

impl FileIdentity {
    /// The file with `metadata`, opened at `path`.
    #[cfg(unix)]
    pub fn of(metadata: &Metadata, _path: &Path) -> FileIdentity {
        use std::os::unix::fs::MetadataExt;
        FileIdentity((metadata.dev(), metadata.ino()))
    }

    /// The file opened at `path` (its canonical path; hard links are not detected).
    #[cfg(not(unix))]
    pub fn of(_metadata: &Metadata, path: &Path) -> FileIdentity {
        FileIdentity(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()))
    }

    /// The file standard input reads, if the system says.
    #[cfg(unix)]
    pub fn of_stdin() -> Option<FileIdentity> {
        use std::os::fd::AsFd;
        of_fd(std::io::stdin().as_fd())
    }

    /// The file standard input reads: not known on this system.
    #[cfg(not(unix))]
    pub fn of_stdin() -> Option<FileIdentity> {
        None
    }

    /// The file standard output writes, if the system says.
    #[cfg(unix)]
    pub fn of_stdout() -> Option<FileIdentity> {
        use std::os::fd::AsFd;
        of_fd(std::io::stdout().as_fd())
    }

    /// The file standard output writes: not known on this system.
    #[cfg(not(unix))]
    pub fn of_stdout() -> Option<FileIdentity> {
        None
    }
}

/// The identity of an open file descriptor (a regular file only: a pipe or terminal is never
/// the input file).
#[cfg(unix)]
fn of_fd(fd: std::os::fd::BorrowedFd<'_>) -> Option<FileIdentity> {
    let file = std::fs::File::from(fd.try_clone_to_owned().ok()?);
    let metadata = file.metadata().ok()?;
    metadata
        .is_file()
        .then(|| FileIdentity::of(&metadata, Path::new("")))
}
