//! A NICE coding text given to `page-codes` or `import`: a regular file or standard input
//! (`-`), at most [`TEXT_LIMIT`] bytes, in UTF-8.

use crate::failure::{Failure, shown};
use crate::file_read::{read_regular_file, size_text};
use std::io::Read;
use std::path::Path;

/// The most a text may hold: NICE's coding texts are a few kilobytes.
pub const TEXT_LIMIT: u64 = 1024 * 1024;

/// The text at `path` (`-`: standard input), and its file name without the extension
/// (none for standard input).
pub fn read_text(path: &Path) -> Result<(String, Option<String>), Failure> {
    let name = shown(path);
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(TEXT_LIMIT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::new(format!("cannot read {name}: {e}")))?;
        if bytes.len() as u64 > TEXT_LIMIT {
            return Err(too_large(&name));
        }
        bytes
    } else {
        read_regular_file(path, TEXT_LIMIT).map_err(|e| match e {
            crate::file_read::FileReadError::TooLarge { .. } => too_large(&name),
            other => Failure::new(format!("cannot read {name}: {other}")),
        })?
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Failure::new(format!(
            "{name}: line {line} is not UTF-8 text; save the text as UTF-8"
        ))
    })?;
    let stem = (path.as_os_str() != "-")
        .then(|| path.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .flatten();
    Ok((text, stem))
}

fn too_large(name: &str) -> Failure {
    Failure::new(format!(
        "cannot read {name}: it is larger than {}, too large for a NICE coding text",
        size_text(TEXT_LIMIT)
    ))
}
