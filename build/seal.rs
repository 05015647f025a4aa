//! The seal: what `guidance/` held when its checks last passed, kept in `guidance/checked.txt`,
//! one line per file: the digest of its text (`shared/fnv.rs`, line endings read as LF), two
//! spaces, and its path.
//!
//! The checks (`check/`, `release/`) are compiled into the build script only with the `check`
//! feature. A build without it (a dependent's, or `cargo package`'s) compiles `guidance/` only
//! while every file matches its line here, and otherwise fails naming each file that differs
//! ([`verify`]), so an edited file is never compiled unchecked. A build with the checks warns
//! when the seal no longer matches (`script.rs`), and the seal test (`tests/seal.rs`) fails
//! until it is rewritten from the checked files ([`seal_text`]).

use super::read::{Input, Read};
use super::shared::diagnostic::{Diagnostic, SourceFile};
use super::shared::file_read::read_regular_file;
use super::shared::fnv::text_digest;
use super::shared::sorted::{self, SortedMap};
use std::path::Path;

/// The seal's path, relative to the crate root.
pub const SEAL_FILE: &str = "guidance/checked.txt";

/// The most the seal may hold: 1 MiB, about 17,000 files' lines (the catalogue has 144 files).
pub const SEAL_LIMIT: u64 = 1 << 20;

/// What the seal file says of itself, above its lines.
const HEADER: &str = "\
# guidance/ as its checks last passed: one line per file, the FNV-1a 64-bit digest of its
# text (line endings read as LF), two spaces, and its path. A build of nice-coding without
# its `check` feature, as a dependent's, compiles guidance/ only while every file matches its
# line here. Written by the checks' own test (see guidance/README.md, \"The seal\"):
#   NICE_CODING_BLESS=1 cargo test -p nice-coding-tests --test seal
";

/// What to do about a file that does not match, said after each problem.
const FIX: &str = "nice-coding was built without its checks, so it compiles guidance/ only as its checks last passed it: build with the `check` feature (`cargo build --features check`, or `features = [\"check\"]` where you depend on nice-coding) to check guidance/, then rewrite guidance/checked.txt (see guidance/README.md, \"The seal\").";

/// Every file a compile reads (the stock notes, the names, the guidance files), in path order.
fn sealed_inputs(read: &Read) -> Vec<&Input> {
    let mut inputs: Vec<&Input> = read.stock.iter().chain(&read.names).collect();
    inputs.extend(&read.files);
    sorted::sort_by_key(&mut inputs, |input| input.path.clone());
    inputs
}

/// The seal of the files `read` holds: the whole text of `guidance/checked.txt`.
pub fn seal_text(read: &Read) -> String {
    let mut text = String::from(HEADER);
    for input in sealed_inputs(read) {
        text.push_str(&format!(
            "{:016x}  {}\n",
            text_digest(&input.text),
            input.path
        ));
    }
    text
}

/// Each file of `read` that does not match the seal under `root`, and each line of the seal
/// that is not a digest and a path or names a file `guidance/` no longer has; empty when the
/// files are exactly those the seal records.
pub fn verify(root: &Path, read: &Read) -> Vec<Diagnostic> {
    let text = match read_regular_file(&root.join(SEAL_FILE), SEAL_LIMIT).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            return vec![Diagnostic::whole_file(
                SEAL_FILE,
                format!("the file is not valid UTF-8; {FIX}"),
            )];
        }
        Err(e) => {
            return vec![Diagnostic::whole_file(
                SEAL_FILE,
                format!("cannot read the file: {e}; {FIX}"),
            )];
        }
    };
    let seal = SourceFile::new(SEAL_FILE.to_string(), text);
    let mut problems = Vec::new();
    // path -> (digest, span of the line)
    let mut recorded = SortedMap::new();
    let mut at = 0;
    for line in seal.text.split('\n') {
        let span = at..at + line.len();
        at += line.len() + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = line
            .split_once("  ")
            .filter(|(digest, path)| {
                digest.len() == 16
                    && digest.bytes().all(|b| b.is_ascii_hexdigit())
                    && path.starts_with("guidance/")
            })
            .and_then(|(digest, path)| Some((u64::from_str_radix(digest, 16).ok()?, path)));
        match parsed {
            Some((digest, path)) => {
                if recorded.insert(path.to_string(), (digest, span.clone())).is_some() {
                    problems.push(seal.error(
                        span,
                        format!("{path} is listed twice; {FIX}"),
                    ));
                }
            }
            None => problems.push(seal.error(
                span,
                format!("this line is not a digest and a path (16 hexadecimal digits, two spaces, a path under guidance/); {FIX}"),
            )),
        }
    }
    let mut seen = SortedMap::new();
    for input in sealed_inputs(read) {
        seen.insert(input.path.as_str(), ());
        match recorded.get(&input.path) {
            Some((digest, _)) if *digest == text_digest(&input.text) => {}
            Some(_) => problems.push(Diagnostic::whole_file(
                input.path.as_str(),
                format!("the file has changed since guidance/ was last checked (its digest is not the one guidance/checked.txt records); {FIX}"),
            )),
            None => problems.push(Diagnostic::whole_file(
                input.path.as_str(),
                format!("the file is not in guidance/checked.txt, so it was never checked; {FIX}"),
            )),
        }
    }
    for (path, (_, span)) in recorded.iter() {
        if !seen.contains_key(&path.as_str()) {
            problems.push(seal.error(
                span.clone(),
                format!("{path} was checked but is not in guidance/ now; {FIX}"),
            ));
        }
    }
    problems
}
