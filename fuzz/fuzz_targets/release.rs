//! The release readers: see `fuzz/checks/release.rs`.
#![no_main]

#[path = "../../build/mod.rs"]
#[allow(dead_code, unused_imports)]
mod compiler;
#[path = "../checks/release.rs"]
mod release;

libfuzzer_sys::fuzz_target!(|data: &[u8]| release::check(data));
