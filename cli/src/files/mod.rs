//! The files a command reads and writes: its input (a file or standard input, plain or
//! gzip-compressed), its outputs (standard output or a named file), and which file each one
//! is, so that no output is written over the input or over another output.
//!
//! * `input`: opening the input of `match`;
//! * `output`: where a command writes, and standard output closed at the start;
//! * `stdout_at_start`: whether standard output was open when the process started, recorded
//!   before `main` on Linux;
//! * `destination`: where a named output ends up, and the check that outputs are distinct;
//! * `pending`: a file written whole or not at all (a temporary file renamed into place);
//! * `identity`: a file's device and inode (its canonical path where there are none);
//! * `text`: a NICE coding text for `page-codes` and `import`, bounded and in UTF-8.

pub mod destination;
pub mod identity;
pub mod input;
pub mod output;
pub mod pending;
pub mod stdout_at_start;
pub mod text;
