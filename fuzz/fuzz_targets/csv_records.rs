//! The CSV record reader of `nice-coding match` against the `csv` crate, fed in small chunks:
//! see `checks/csv_records.rs`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../cli/src/episodes/records.rs"]
mod records;

#[path = "../checks/csv_records.rs"]
mod csv_records;

fuzz_target!(|data: &[u8]| csv_records::check(data));
