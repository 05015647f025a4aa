//! Code parsing: see `fuzz/checks/codes.rs`.
#![no_main]

#[path = "../checks/codes.rs"]
mod codes;

libfuzzer_sys::fuzz_target!(|data: &[u8]| codes::check(data));
