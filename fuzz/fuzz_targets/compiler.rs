//! The guidance compiler on arbitrary text: see `fuzz/checks/compiler.rs`.
#![no_main]

#[path = "../../build/mod.rs"]
#[allow(dead_code, unused_imports)]
mod compiler;
#[path = "../checks/compiler.rs"]
mod compiler_check;

libfuzzer_sys::fuzz_target!(|data: &[u8]| compiler_check::check(data));
