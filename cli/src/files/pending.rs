//! A file written whole or not at all: the bytes go to a temporary file in the target's
//! folder, which is renamed over the target only when the command has succeeded ([`Pending::keep`]).
//! A command that fails drops its `Pending` files, which removes them, so the target is left
//! as it was: never a partial output that looks like a result.
//!
//! The temporary file is hidden (`.out.csv.nice-coding-PID-N.tmp`) and created new, never
//! over an existing file. A target that existed keeps its permissions; being replaced, not
//! rewritten, it is cut from any other hard link to it. A run killed outright (`kill -9`)
//! cannot remove its temporary file; the target is still untouched.

use crate::failure::Failure;
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The most characters of the target's name the temporary file's name repeats.
const NAME_CHARS: usize = 64;

/// A temporary file waiting to be renamed over its target, or nothing to do (standard output,
/// a device). Dropped without [`Pending::keep`], the temporary file is removed.
#[derive(Debug, Default)]
pub struct Pending(Option<Temporary>);

#[derive(Debug)]
struct Temporary {
    /// The temporary file.
    path: PathBuf,
    /// The file it becomes.
    target: PathBuf,
    /// The target's name as given, for messages.
    name: String,
}

impl Pending {
    /// Nothing to rename: the output is written where it goes.
    pub fn none() -> Pending {
        Pending(None)
    }

    /// Creates the temporary file for `target` (in its folder), with the permissions of
    /// `existing` (the file there now) if any. `name` is the target as the user gave it.
    pub fn create(
        target: &Path,
        existing: Option<&fs::Metadata>,
        name: &str,
    ) -> Result<(Pending, File), Failure> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let create_error = |e: std::io::Error| Failure::new(format!("cannot create {name}: {e}"));
        let folder = target.parent().unwrap_or(Path::new("."));
        let shown_name: String = target
            .file_name()
            .map(|n| n.to_string_lossy().chars().take(NAME_CHARS).collect())
            .unwrap_or_default();
        let mut temporary_name = OsString::from(".");
        temporary_name.push(format!(
            "{shown_name}.nice-coding-{}-{}.tmp",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let path = folder.join(temporary_name);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(create_error)?;
        let pending = Pending(Some(Temporary {
            path,
            target: target.to_path_buf(),
            name: name.to_owned(),
        }));
        if let (Some(existing), Some(temporary)) = (existing, &pending.0) {
            // Dropping `pending` on this error removes the temporary file.
            fs::set_permissions(&temporary.path, existing.permissions()).map_err(create_error)?;
        }
        Ok((pending, file))
    }

    /// Renames the temporary file over its target: the output is now in place. The writer of
    /// the temporary file must have been flushed.
    pub fn keep(mut self) -> Result<(), Failure> {
        let Some(temporary) = self.0.take() else {
            return Ok(());
        };
        match fs::rename(&temporary.path, &temporary.target) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = fs::remove_file(&temporary.path);
                Err(Failure::new(format!(
                    "cannot write {}: moving the finished file into place failed: {e}",
                    temporary.name
                )))
            }
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(temporary) = self.0.take() {
            let _ = fs::remove_file(&temporary.path);
        }
    }
}

/// Keeps every pending file, in order; the first failure stops (the files not yet kept are
/// removed as they are dropped).
pub fn keep_all(pending: impl IntoIterator<Item = Pending>) -> Result<(), Failure> {
    pending.into_iter().try_for_each(Pending::keep)
}
