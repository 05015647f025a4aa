//! The input of `match`: a file or standard input, gzip-compressed or not, and the identity
//! of the file it is, so that no output can be written over it.

use crate::failure::{Failure, shown};
use crate::files::identity::FileIdentity;
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::Path;

/// The two bytes every gzip member starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// An opened input.
pub struct Input {
    /// The bytes, decompressed when the input is gzip.
    pub reader: Box<dyn Read>,
    /// The size in bytes of an uncompressed regular file (for the progress bar).
    pub size: Option<u64>,
    /// The opened file (standard input included), when the system says which it is.
    pub identity: Option<FileIdentity>,
}

impl Input {
    /// Opens `path` (`-`: standard input). Gzip is recognised by its first two bytes, so a
    /// compressed standard input is read too; data that is gzip again once decompressed is
    /// refused (compressed twice, it would read as a file without its columns).
    pub fn open(path: &Path) -> Result<Input, Failure> {
        let name = shown(path);
        let read_error = |e: io::Error| Failure::new(format!("cannot read {name}: {e}"));
        let (raw, size, identity): (Box<dyn Read>, Option<u64>, Option<FileIdentity>) =
            if path.as_os_str() == "-" {
                (Box::new(io::stdin().lock()), None, FileIdentity::of_stdin())
            } else {
                let file = File::open(path).map_err(read_error)?;
                let metadata = file.metadata().map_err(read_error)?;
                if metadata.is_dir() {
                    return Err(Failure::new(format!("cannot read {name}: it is a folder")));
                }
                let size = metadata.is_file().then_some(metadata.len());
                (
                    Box::new(file),
                    size,
                    Some(FileIdentity::of(&metadata, path)),
                )
            };
        let (start, raw) = peek_start(raw).map_err(read_error)?;
        let gzip = start == GZIP_MAGIC;
        let reader: Box<dyn Read> = if gzip {
            // A gzip stream inside the decompressed data: compressed twice.
            let (inner, decompressed) =
                peek_start(Box::new(MultiGzDecoder::new(raw))).map_err(read_error)?;
            if inner == GZIP_MAGIC {
                return Err(Failure::new(format!(
                    "{name}: the file is gzip-compressed twice (its decompressed data is gzip \
                     again); decompress it once (gunzip) and give the result"
                )));
            }
            decompressed
        } else {
            raw
        };
        Ok(Input {
            reader,
            size: if gzip { None } else { size },
            identity,
        })
    }
}

/// The first two bytes of `reader` (fewer when it holds fewer), and a reader of all of it.
fn peek_start(mut reader: Box<dyn Read>) -> io::Result<(Vec<u8>, Box<dyn Read>)> {
    let mut start = [0u8; 2];
    let mut n = 0;
    while n < start.len() {
        match reader.read(&mut start[n..]) {
            Ok(0) => break,
            Ok(read) => n += read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let start = start[..n].to_vec();
    let whole = Cursor::new(start.clone()).chain(reader);
    Ok((start, Box::new(whole)))
}
