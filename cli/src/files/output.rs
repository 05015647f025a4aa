//! Where a command writes: standard output or a file named on the command line.
//!
//! * A named file is written whole or not at all (see `pending`): [`Output::finish`], or
//!   [`Pending::keep`] once the command has succeeded, puts it in place.
//! * Standard output closed when the tool started (`>&-`) is found once, before any file is
//!   opened ([`standard_output_closed`]); writing there is then an error, whatever the
//!   command, instead of output silently lost.

use crate::failure::Failure;
use crate::files::destination::{Destination, Placement};
use crate::files::pending::Pending;
use crate::files::stdout_at_start;
use std::fmt;
use std::fs::OpenOptions;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::sync::OnceLock;

/// A buffered destination, its name for messages, and the temporary file to put in place.
pub struct Output {
    /// `standard output`, or the path as given.
    pub name: String,
    pub writer: BufWriter<Box<dyn Write>>,
    /// For a named regular file: its temporary file, renamed over it by [`Pending::keep`]
    /// after the writer is flushed; removed when dropped unkept.
    pub pending: Pending,
}

impl Output {
    /// Standard output, or the file at `path` (replaced once written).
    pub fn open(path: Option<&Path>) -> Result<Output, Failure> {
        match path {
            None => Ok(Output::stdout()),
            Some(path) => Output::file(path),
        }
    }

    /// Standard output. When it was closed at the start, every write to it fails with the
    /// error [`StandardOutputClosed`] (see [`Failure::write`]).
    pub fn stdout() -> Output {
        let writer: Box<dyn Write> = if standard_output_closed() {
            Box::new(ClosedStandardOutput)
        } else {
            Box::new(io::stdout().lock())
        };
        Output {
            name: "standard output".to_owned(),
            writer: BufWriter::with_capacity(1 << 16, writer),
            pending: Pending::none(),
        }
    }

    /// Standard error.
    pub fn stderr() -> Output {
        Output {
            name: "standard error".to_owned(),
            writer: BufWriter::new(Box::new(io::stderr().lock())),
            pending: Pending::none(),
        }
    }

    /// The file at `path`, to be written whole or not at all.
    pub fn file(path: &Path) -> Result<Output, Failure> {
        Output::create(&Destination::resolve(path)?)
    }

    /// The output at a resolved destination: a temporary file beside a regular file, or the
    /// device or FIFO itself.
    pub fn create(destination: &Destination) -> Result<Output, Failure> {
        let name = destination.name.clone();
        let (pending, file) = match &destination.placement {
            Placement::Replace { path, existing } => {
                Pending::create(path, existing.as_ref(), &name)?
            }
            Placement::InPlace { path } => {
                let file = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| Failure::new(format!("cannot create {name}: {e}")))?;
                (Pending::none(), file)
            }
        };
        Ok(Output {
            name,
            writer: BufWriter::with_capacity(1 << 16, Box::new(file)),
            pending,
        })
    }

    /// Runs `write` on the writer, flushes, and puts the file in place; an I/O error is a
    /// [`Failure`] and leaves the target as it was.
    pub fn write_all_with(
        mut self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Failure> {
        write(&mut self.writer)
            .and_then(|()| self.writer.flush())
            .map_err(|e| Failure::write(&self.name, e))?;
        self.finish()
    }

    /// Puts the written file in place (the writer flushed first); nothing for standard output.
    pub fn finish(self) -> Result<(), Failure> {
        let Output {
            name,
            mut writer,
            pending,
        } = self;
        writer.flush().map_err(|e| Failure::write(&name, e))?;
        drop(writer);
        pending.keep()
    }
}

/// True when standard output was closed when the tool started (`>&-`). On Linux, as recorded
/// before `main` ([`stdout_at_start`]); elsewhere decided at the first call, which `main`
/// makes before any file is opened (a file opened later could take its place on a system
/// whose runtime leaves it closed). The same answer afterwards.
pub fn standard_output_closed() -> bool {
    static CLOSED: OnceLock<bool> = OnceLock::new();
    *CLOSED.get_or_init(|| stdout_at_start::closed_at_start().unwrap_or_else(stdout_was_closed))
}

/// The error of a write to standard output closed at the start.
#[derive(Debug)]
pub struct StandardOutputClosed;

impl fmt::Display for StandardOutputClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "standard output is closed: what the command writes there would be lost \
             (redirect it to a file, or give --output FILE where the command takes it)",
        )
    }
}

impl std::error::Error for StandardOutputClosed {}

impl StandardOutputClosed {
    /// True when `error` is this one.
    pub fn is(error: &io::Error) -> bool {
        error
            .get_ref()
            .is_some_and(|inner| inner.is::<StandardOutputClosed>())
    }
}

/// Standard output closed at the start: refuses every byte.
struct ClosedStandardOutput;

impl Write for ClosedStandardOutput {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::other(StandardOutputClosed))
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Where nothing was recorded before `main`: true when standard output was closed when the
/// program started (`>&-`). The Rust runtime then opens `/dev/null` read-write in its place,
/// so writes vanish without an error; a shell redirection to `/dev/null` opens it write-only.
/// So standard output is taken for closed when it is `/dev/null` and can be read from (and
/// `/dev/null` opened read-write by the program's launcher is taken for closed too).
#[cfg(unix)]
fn stdout_was_closed() -> bool {
    use std::io::Read;
    use std::os::fd::AsFd;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() else {
        return true;
    };
    let mut file = std::fs::File::from(fd);
    let (Ok(stdout), Ok(null)) = (file.metadata(), std::fs::metadata("/dev/null")) else {
        return false;
    };
    stdout.file_type().is_char_device()
        && stdout.rdev() == null.rdev()
        && matches!(file.read(&mut [0u8; 1]), Ok(0))
}

/// Standard output closed at the start cannot be told on this system.
#[cfg(not(unix))]
fn stdout_was_closed() -> bool {
    false
}
