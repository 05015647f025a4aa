//! Located error messages for maintainers.
//!
//! A [`Diagnostic`] names the file, line and column, says what is wrong and how to fix it in
//! one sentence, and carries the offending line so it can be shown under the message.

use super::echo::bound_message;
use std::fmt;
use std::ops::Range;

/// The most characters of a source line shown under a message: a longer line is shown as a
/// window around the place, with `…` where it is cut.
pub const SHOWN_LINE_CHARS: usize = 120;

/// The text of one file being compiled, with what is needed to turn byte offsets into lines.
pub struct SourceFile {
    /// The path as shown in messages, relative to the crate root (`guidance/ipg/IPG655.toml`).
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: String, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    /// A diagnostic at the byte range `span` of this file.
    pub fn error(&self, span: Range<usize>, message: impl AsRef<str>) -> Diagnostic {
        self.error_at(span, message.as_ref())
    }

    /// [`SourceFile::error`], compiled once (not per type of message).
    fn error_at(&self, span: Range<usize>, message: &str) -> Diagnostic {
        let start = span.start.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&start) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        // Spans from the TOML parser always fall on character boundaries; be safe anyway.
        let start = floor_char_boundary(&self.text, start);
        let line = self.text[line_start..line_end].trim_end_matches('\r');
        let column = self.text[line_start..start].chars().count() + 1;
        // `max` last: a span may start past the shown line (on the `\n` of a `\r\n`), where
        // `clamp` would panic.
        let end = floor_char_boundary(&self.text, span.end.min(line_start + line.len()).max(start));
        let width = self.text[start..end].chars().count().max(1);
        Diagnostic {
            path: self.path.clone(),
            line: line_index + 1,
            column,
            message: bound_message(message),
            source_line: Some(line.to_string()),
            width,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in the guidance files.
///
/// Made by [`SourceFile::error`] or [`Diagnostic::whole_file`], its message holds no control
/// character and echoes long values shortened (see `echo.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The offending line, when there is one.
    pub source_line: Option<String>,
    /// How many characters to underline, from `column`.
    pub width: usize,
}

impl Diagnostic {
    /// A problem with a whole file or folder rather than a place in it (line and column 1).
    pub fn whole_file(path: impl Into<String>, message: impl AsRef<str>) -> Diagnostic {
        Diagnostic::whole_file_at(path.into(), message.as_ref())
    }

    /// [`Diagnostic::whole_file`], compiled once (not per type of path and message).
    fn whole_file_at(path: String, message: &str) -> Diagnostic {
        Diagnostic {
            path,
            line: 1,
            column: 1,
            message: bound_message(message),
            source_line: None,
            width: 1,
        }
    }

    /// The first line: `path:line:column: message`.
    pub fn headline(&self) -> String {
        format!(
            "{}:{}:{}: {}",
            self.path, self.line, self.column, self.message
        )
    }

    /// The message as lines: the headline, then the source line and a caret underline.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.headline()];
        if let Some(source) = &self.source_line {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            let (shown, column, width) = line_window(source, self.column, self.width);
            lines.push(format!("    {number} | {shown}"));
            lines.push(format!(
                "    {gutter} | {}{}",
                " ".repeat(column - 1),
                "^".repeat(width)
            ));
        }
        lines
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines().join("\n"))
    }
}

/// The part of `line` shown under a message, with the column and width of the underline in
/// it: at most [`SHOWN_LINE_CHARS`] characters around `column` (a cut marked `…`), tabs as
/// spaces and other control characters as `?`, so the caret still lines up.
fn line_window(line: &str, column: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let start_index = column.saturating_sub(1).min(chars.len());
    let (first, cut_before) = if chars.len() <= SHOWN_LINE_CHARS {
        (0, false)
    } else {
        let first = start_index
            .saturating_sub(SHOWN_LINE_CHARS / 4)
            .min(chars.len() - SHOWN_LINE_CHARS);
        (first, first > 0)
    };
    let last = (first + SHOWN_LINE_CHARS).min(chars.len());
    let mut shown = String::new();
    if cut_before {
        shown.push('…');
    }
    for &c in &chars[first..last] {
        shown.push(match c {
            '\t' => ' ',
            c if super::echo::is_hidden_control(c) => '?',
            c => c,
        });
    }
    if last < chars.len() {
        shown.push('…');
    }
    let column = start_index - first + 1 + usize::from(cut_before);
    let width = width.min(last.saturating_sub(start_index).max(1));
    (shown, column, width)
}
