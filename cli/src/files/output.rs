//! Where a command writes: standard output or a file named on the command line.

use crate::failure::Failure;
use crate::files::identity::FileIdentity;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// A buffered destination and its name for messages.
pub struct Output {
    /// `standard output`, or the path as given.
    pub name: String,
    pub writer: BufWriter<Box<dyn Write>>,
}

impl Output {
    /// Standard output, or the file at `path` (created, or truncated).
    pub fn open(path: Option<&Path>) -> Result<Output, Failure> {
        match path {
            None => Ok(Output::stdout()),
            Some(path) => Output::file(path),
        }
    }

    /// Standard output.
    pub fn stdout() -> Output {
        Output {
            name: "standard output".to_owned(),
            writer: BufWriter::with_capacity(1 << 16, Box::new(io::stdout().lock())),
        }
    }

    /// Standard error.
    pub fn stderr() -> Output {
        Output {
            name: "standard error".to_owned(),
            writer: BufWriter::new(Box::new(io::stderr().lock())),
        }
    }

    /// The file at `path`, created or truncated.
    pub fn file(path: &Path) -> Result<Output, Failure> {
        let name = path.display().to_string();
        let file =
            File::create(path).map_err(|e| Failure::new(format!("cannot create {name}: {e}")))?;
        Ok(Output {
            name,
            writer: BufWriter::with_capacity(1 << 16, Box::new(file)),
        })
    }

    /// Runs `write` on the writer and flushes, turning an I/O error into a [`Failure`].
    pub fn write_all_with(
        mut self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Failure> {
        write(&mut self.writer)
            .and_then(|()| self.writer.flush())
            .map_err(|e| Failure::write(&self.name, e))
    }

    /// The file at `path`, refused when it is the file `input` (a hard link to it, or the
    /// file standard input was redirected from): the file is opened without truncating, its
    /// device and inode compared with the input's, and only then emptied.
    pub fn file_not_input(path: &Path, input: Option<&FileIdentity>) -> Result<Output, Failure> {
        let name = path.display().to_string();
        let create_error = |e: io::Error| Failure::new(format!("cannot create {name}: {e}"));
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(create_error)?;
        let metadata = file.metadata().map_err(create_error)?;
        if input.is_some_and(|input| *input == FileIdentity::of(&metadata, path)) {
            return Err(Failure::new(format!(
                "{name}: writing there would overwrite the input"
            )));
        }
        if metadata.is_file() {
            file.set_len(0).map_err(create_error)?;
        }
        Ok(Output {
            name,
            writer: BufWriter::with_capacity(1 << 16, Box::new(file)),
        })
    }
}
