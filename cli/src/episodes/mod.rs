//! The episode reader of `nice-coding match`: a HES extract's bytes in (CSV, wide or long
//! layout), each episode's codes out, with every malformed row reported and counted.
//!
//! * `records`: CSV records into reused buffers (`csv-core`);
//! * `header`: the header row, its columns found in any case;
//! * `coverage`: the code columns of an input against those HES records;
//! * `hes`: the wide layout (one row per episode) and the fields as HES stores them;
//! * `long_layout`: the long layout (one row per code), episodes as runs of one key;
//! * `row_error`: why a row was skipped;
//! * `skipped`: what happens to skipped rows (reported, counted, written, or the run stopped).

pub mod coverage;
pub mod header;
pub mod hes;
pub mod long_layout;
pub mod records;
pub mod row_error;
pub mod skipped;
