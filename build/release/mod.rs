//! The release check: official OPCS-4 and ICD-10 releases (NHS TRUD) in, the guidance files'
//! codes and titles checked against them out (errors that fail the build, and warnings). Only
//! with the `release-check` feature: a dependent never compiles it or its XML reader.
//!
//! * `read/`: reading one release file, in any of its formats, into codes and titles; the
//!   command-line tool compiles the same files (`cli/src/releases/`);
//! * `check/`: checking the files against the releases a maintainer named, judging each
//!   difference by the version the file was written for.

pub mod check;
pub mod read;

// `read/` quotes input through `super::echo` and reads files through `super::file_read`, so
// the tool can give it the same modules where it compiles the reader.
use super::shared::{echo, file_read};
