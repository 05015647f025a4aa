//! What every stage of the compiler uses: located messages, input quoted inside them, sorted
//! maps, spelling suggestions, and the code syntax (the library's own `src/code.rs`).
//!
//! * `diagnostic.rs`: a message with its file, line and column, and the fix;
//! * `echo.rs`: input inside a message, control characters escaped and long values cut;
//! * `fnv.rs`: a small, stable hash, for the data version and the seal's digests;
//! * `file_read.rs`: reading a whole file: a regular file only, never a special one, within a
//!   size limit (the tool includes it too);
//! * `sorted.rs`: sorted maps, grouping and one small sort, in place of `BTreeMap` and the
//!   standard sort (each compiled afresh per type into a build script every dependent compiles);
//! * `spelling.rs`: the key or name a maintainer probably meant;
//! * `code`: the library's `src/code.rs`, compiled here too, so the build and
//!   `Opcs4Code::parse` cannot disagree.

#[path = "../../src/code.rs"]
pub mod code;
pub mod diagnostic;
pub mod echo;
pub mod file_read;
pub mod fnv;
pub mod sorted;
pub mod spelling;
