//! Fuzz check: the release readers (`build/release/read/`) on arbitrary bytes.
//!
//! For any bytes, read as each expected classification and as none: the reader never panics;
//! a release it reads has its entries sorted by code, each a canonical code with a line inside
//! the file; an error names a line inside the file and its message holds no control
//! character (messages echo the file's text, and reach a terminal).

use crate::compiler::release::read::{Classification, parse_release};
use std::path::Path;

/// Runs every check on `data`; panics on the first invariant that fails.
pub fn check(data: &[u8]) {
    let path = Path::new("release.txt");
    // Lines as the reader counts them: `\n` ends a line (in UTF-16 too, where the count can
    // only be smaller than the byte count), so this bounds every line it can name.
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    for expected in [
        None,
        Some(Classification::Opcs4),
        Some(Classification::Icd10),
    ] {
        match parse_release(path, data, expected) {
            Ok(release) => {
                let entries = release.entries();
                for pair in entries.windows(2) {
                    assert!(
                        pair[0].code < pair[1].code,
                        "entries not sorted or repeated: {pair:?}"
                    );
                }
                for entry in entries {
                    assert!(
                        (1..=lines).contains(&entry.line),
                        "{entry:?} is outside the file"
                    );
                    assert!(!entry.code.is_empty() && entry.code.is_ascii(), "{entry:?}");
                }
            }
            Err(e) => {
                if let Some(line) = e.line {
                    assert!((1..=lines).contains(&line), "error outside the file: {e}");
                }
                assert!(
                    !e.message.chars().any(char::is_control),
                    "the message echoes a control character: {:?}",
                    e.message
                );
            }
        }
    }
}
