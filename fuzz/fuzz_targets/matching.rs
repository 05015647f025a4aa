//! Matching, indexed against naive: see `fuzz/checks/matching.rs`.
#![no_main]

#[path = "../checks/matching.rs"]
mod matching;

libfuzzer_sys::fuzz_target!(|data: &[u8]| matching::check(data));
