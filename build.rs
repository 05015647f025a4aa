//! Compiles `guidance/` into Rust tables; the compiler itself lives in `build/`.

#[path = "build/mod.rs"]
mod compiler;

fn main() {
    compiler::build_script_main();
}
