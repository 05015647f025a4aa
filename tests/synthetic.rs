//! Scale: a synthetic catalogue of 10,000 guidance files (the shipped mix of constructs, see
//! `tests/synth/mod.rs`) compiles without a single diagnostic, and the generated source holds
//! every one of them.

mod common;
#[path = "../build/mod.rs"]
mod compiler;
mod synth;

use common::TempDir;

#[test]
fn ten_thousand_synthetic_files_compile() {
    let dir = TempDir::new("synthetic");
    let stock = include_str!("../guidance/stock-notes.toml");
    synth::write_catalogue(&dir.0, 10_000, 1, stock).expect("write synthetic catalogue");
    match compiler::compile_dir(&dir.0) {
        Ok(compiled) => {
            assert_eq!(compiled.catalogue.guidance.len(), 10_000);
            assert!(compiled.source.contains("IPG9999"));
            assert!(compiled.source.contains("MTG1"));
            syn::parse_file(&compiled.source).expect("generated source parses");
        }
        Err(failed) => {
            let first: Vec<String> = failed
                .diagnostics
                .iter()
                .take(5)
                .map(|d| d.headline())
                .collect();
            panic!(
                "{} diagnostics, first: {}",
                failed.diagnostics.len(),
                first.join("\n")
            );
        }
    }
}

#[test]
fn the_generator_is_deterministic() {
    let mut a = synth::Rng::new(7);
    let mut b = synth::Rng::new(7);
    for n in 1..50 {
        assert_eq!(
            synth::guidance_file(n, &mut a),
            synth::guidance_file(n, &mut b)
        );
    }
}
