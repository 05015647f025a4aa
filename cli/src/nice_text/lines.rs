//! A text file as lines of NICE text: the header lines of a collected text, the renderings
//! it holds, and where a rendering is cut short.
//!
//! * Header lines (`source:`, `title:`, `opcs_version:`, `recommendation:`,
//!   `document_date:`, `body_system:`, `last_updated:`) say where the text comes from; they
//!   are not NICE text. The first of each is kept.
//! * A research note (`[Observation: ...]`) is skipped.
//! * A line such as `---- second source (overview page) ----` starts another rendering of
//!   the same text (a second page, or an older layout of the same page).
//! * A bracket that says the copy stops (`[excerpt truncated here]`,
//!   `car[tilage NEC ... -- excerpt truncated]`) cuts the rendering there: what the line
//!   printed before it is kept, what the bracket supplies is not.
//! * Markdown is read as text: `**bold**`, `## headings`, `[links](...)` and bullets lose
//!   their marks.

/// The header lines of a collected text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub source: Option<String>,
    pub title: Option<String>,
    pub opcs_version: Option<String>,
    pub recommendation: Option<String>,
    pub document_date: Option<String>,
    pub body_system: Option<String>,
    pub last_updated: Option<String>,
}

/// One line of NICE text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextLine {
    /// Its number in the file, from 1.
    pub number: usize,
    /// The line without its markdown marks, trimmed; tabs are spaces.
    pub text: String,
}

/// One rendering of the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendering {
    pub lines: Vec<TextLine>,
    /// The line where the copy says it stops, when it does.
    pub cut: Option<usize>,
}

/// A text file read as lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lines {
    pub header: Header,
    pub renderings: Vec<Rendering>,
}

/// Splits `text` into its header and renderings.
pub fn split(text: &str) -> Lines {
    let mut lines = Lines {
        header: Header::default(),
        renderings: vec![Rendering::default()],
    };
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let raw = raw.replace('\t', " ");
        let trimmed = raw.trim();
        if header_line(&mut lines.header, trimmed) || trimmed.starts_with("[Observation") {
            continue;
        }
        if is_separator(trimmed) {
            lines.renderings.push(Rendering::default());
            continue;
        }
        let rendering = lines.renderings.last_mut().expect("one rendering at least");
        let (kept, cut) = without_cut_marker(trimmed);
        if cut && rendering.cut.is_none() {
            rendering.cut = Some(number);
        }
        let text = cleaned(kept);
        if text.is_empty() || text.chars().all(|c| matches!(c, '.' | '…')) {
            continue;
        }
        rendering.lines.push(TextLine { number, text });
    }
    lines
        .renderings
        .retain(|r| !r.lines.is_empty() || r.cut.is_some());
    if lines.renderings.is_empty() {
        lines.renderings.push(Rendering::default());
    }
    lines
}

/// Reads a header line into `header`; false when the line is not one.
fn header_line(header: &mut Header, line: &str) -> bool {
    let Some((key, value)) = line.split_once(':') else {
        return false;
    };
    let slot = match key {
        "source" => &mut header.source,
        "title" => &mut header.title,
        "opcs_version" => &mut header.opcs_version,
        "recommendation" => &mut header.recommendation,
        "document_date" => &mut header.document_date,
        "body_system" => &mut header.body_system,
        "last_updated" => &mut header.last_updated,
        _ => return false,
    };
    if slot.is_none() {
        *slot = Some(value.trim().to_owned());
    }
    true
}

/// `---- second source (...) ----`: three or more dashes, words, three or more dashes.
fn is_separator(line: &str) -> bool {
    let inner = line.trim_start_matches('-');
    let dashes = line.len() - inner.len();
    let words = inner.trim_end_matches('-');
    let closing = inner.len() - words.len();
    dashes >= 3 && closing >= 3 && !words.trim().is_empty()
}

/// The line up to a bracket that says the copy stops, and whether there was one.
fn without_cut_marker(line: &str) -> (&str, bool) {
    let mut from = 0;
    while let Some(open) = line[from..].find('[').map(|o| o + from) {
        let inner = &line[open + 1..];
        let close = inner.find(']');
        let lower = inner[..close.unwrap_or(inner.len())].to_ascii_lowercase();
        if lower.contains("truncat") || lower.contains("excerpt") || lower.contains("ends here") {
            return (line[..open].trim_end(), true);
        }
        match close {
            Some(close) => from = open + 1 + close + 1,
            None => break,
        }
    }
    (line, false)
}

/// `text` with each markdown link `[words](address)` as its words, in one pass.
fn without_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(middle) = rest.find("](") {
        let Some(open) = rest[..middle].rfind('[') else {
            out.push_str(&rest[..middle + 2]);
            rest = &rest[middle + 2..];
            continue;
        };
        let Some(end) = rest[middle + 2..].find(')').map(|e| e + middle + 2) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..middle]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The line without markdown marks (bold, heading marks, links, bullets), trimmed.
fn cleaned(line: &str) -> String {
    let mut text = line.replace("**", "");
    let without_hashes = text.trim_start_matches('#');
    if without_hashes.len() < text.len() && without_hashes.starts_with(' ') {
        text = without_hashes.to_owned();
    }
    // `[here](#)` is `here`.
    let text = without_links(&text);
    let text = text.trim();
    let text = text
        .strip_prefix("• ")
        .or_else(|| text.strip_prefix("* "))
        .or_else(|| text.strip_prefix("- "))
        .unwrap_or(text);
    without_number(text.trim()).to_owned()
}

/// A line without the number of a numbered list (`1. `, `2) `, `(a) `).
fn without_number(text: &str) -> &str {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &text[digits..];
    let numbered = (1..=2).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") "));
    if numbered {
        return rest[2..].trim_start();
    }
    for letter in 'a'..='h' {
        if let Some(rest) = text.strip_prefix(&format!("({letter}) ")) {
            return rest.trim_start();
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_header_renderings_and_cuts() {
        let text = "source: https://example.org/ipg1\ntitle: A title\nCoding recommendations\n\n\
            **K57.8 Heart**\n[Observation: not NICE text]\nY53.4 Approach to [excerpt truncated here]\n\
            ---- second source (overview) ----\nsource: https://example.org/other\n# Heading\nor\n";
        let lines = split(text);
        assert_eq!(
            lines.header.source.as_deref(),
            Some("https://example.org/ipg1")
        );
        assert_eq!(lines.header.title.as_deref(), Some("A title"));
        assert_eq!(lines.renderings.len(), 2);
        let first: Vec<_> = lines.renderings[0]
            .lines
            .iter()
            .map(|l| (l.number, l.text.as_str()))
            .collect();
        assert_eq!(
            first,
            [
                (3, "Coding recommendations"),
                (5, "K57.8 Heart"),
                (7, "Y53.4 Approach to")
            ]
        );
        assert_eq!(lines.renderings[0].cut, Some(7));
        let second: Vec<_> = lines.renderings[1]
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(second, ["Heading", "or"]);
        assert_eq!(
            without_cut_marker("semilunar car[tilage NEC ... -- excerpt truncated]"),
            ("semilunar car", true)
        );
        assert_eq!(cleaned("see [here](#) now"), "see here now");
    }
}
