//! The files a command reads and writes: its input (a file or standard input, plain or
//! gzip-compressed), its outputs (standard output or a named file), and which file each one
//! is, so that no output is written over the input.
//!
//! * `input`: opening the input of `match`;
//! * `output`: where a command writes;
//! * `identity`: a file's device and inode (its canonical path where there are none);
//! * `text`: a NICE coding text for `page-codes` and `import`, bounded and in UTF-8.

pub mod identity;
pub mod input;
pub mod output;
pub mod text;
