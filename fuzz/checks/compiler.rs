//! Fuzz check: the guidance compiler (`build/`) on arbitrary guidance text.
//!
//! The bytes are a guidance file, `guidance/ipg/IPG1.toml`, optionally followed by a NUL byte
//! and a stock notes file (else the stock notes of `tests/fixtures/good/` are used). The
//! compiler must not panic; every diagnostic must name one of the two files, at a line and
//! column inside it, with a message on one line that holds no control character and is of
//! bounded length (values it echoes are escaped and shortened); and files that pass
//! validation must emit (no limit of the tables may be found only then).

use crate::compiler::shared::echo::MAX_MESSAGE_CHARS;
use crate::compiler::{check, emit, read, shared::diagnostic::Diagnostic};

const GUIDANCE_PATH: &str = "guidance/ipg/IPG1.toml";
const STOCK_PATH: &str = "guidance/stock-notes.toml";
const GOOD_STOCK_NOTES: &str = include_str!("../../tests/fixtures/good/guidance/stock-notes.toml");

/// Runs every check on `data`; panics on the first invariant that fails.
pub fn check(data: &[u8]) {
    let (guidance, stock) = match data.iter().position(|&b| b == 0) {
        Some(at) => (
            &data[..at],
            String::from_utf8_lossy(&data[at + 1..]).into_owned(),
        ),
        None => (data, GOOD_STOCK_NOTES.to_string()),
    };
    // Bytes that are not UTF-8 are reported when the file is read (tests/compiler.rs); the
    // checks start from text.
    let guidance = String::from_utf8_lossy(guidance).into_owned();
    let inputs = vec![read::Input {
        path: GUIDANCE_PATH.to_string(),
        text: guidance.clone(),
    }];
    let stock_input = read::Input {
        path: STOCK_PATH.to_string(),
        text: stock.clone(),
    };
    match check::validate(inputs, Some(stock_input), None) {
        Ok(catalogue) => {
            if let Err(message) = emit::emit(&catalogue) {
                panic!("validated guidance failed to emit: {message}");
            }
        }
        Err(diagnostics) => {
            assert!(
                !diagnostics.is_empty(),
                "validation failed without a diagnostic"
            );
            for d in &diagnostics {
                let text = match d.path.as_str() {
                    GUIDANCE_PATH => &guidance,
                    STOCK_PATH => &stock,
                    other => panic!("diagnostic names {other}, which was not compiled: {d}"),
                };
                assert_inside(d, text);
            }
        }
    }
}

fn assert_inside(d: &Diagnostic, text: &str) {
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(
        (1..=lines.len()).contains(&d.line),
        "line {} is outside the file ({} lines): {}",
        d.line,
        lines.len(),
        d.headline()
    );
    // Columns count every character of the line, a `\r` before the line end included (a
    // place just past it, such as the end of a file that ends in `\r`, is inside the file).
    let line = lines[d.line - 1];
    assert!(
        (1..=line.chars().count() + 1).contains(&d.column),
        "column {} is outside line {}: {}",
        d.column,
        d.line,
        d.headline()
    );
    assert!(
        !d.message.chars().any(char::is_control),
        "the message holds a control character: {:?}",
        d.message
    );
    assert!(
        d.message.chars().count() <= MAX_MESSAGE_CHARS,
        "a message of {} characters: {}...",
        d.message.chars().count(),
        d.message.chars().take(200).collect::<String>()
    );
}
