//! Input text inside a message: control characters escaped and long values shortened, so a
//! message can neither drive the terminal it is printed on (`ESC [2J`, an OSC title) nor
//! grow with the input (a 100 MB field echoed whole).
//!
//! Depends only on `core`/`std`: the release reader (`release/read/`) and the command-line
//! tool include it too.

/// How many characters of an echoed value a message shows; a longer value is cut there and
/// followed by `…` and its length in characters.
pub const SHOWN_CHARS: usize = 300;

/// The longest message, in characters, once every quoted value is shortened: a message
/// still longer (a value full of quotes) keeps its first and last part around a mark that
/// says how many characters were left out.
pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// True for a character that is never shown raw: C0 and C1 controls, DEL, and the
/// bidirectional overrides and isolates (which reorder the text around them).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character written as a Rust escape (`\u{1b}`, `\n`, `\t`).
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden_control(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A value as a message shows it: control characters escaped, and at most [`SHOWN_CHARS`]
/// characters of it, then `…` and the value's full length (`"AAAA…" (1048576 characters)`
/// when quoted by the caller).
pub fn shown(value: &str) -> String {
    let length = value.chars().count();
    if length <= SHOWN_CHARS {
        return escape_controls(value);
    }
    let head: String = value.chars().take(SHOWN_CHARS).collect();
    format!("{}… ({length} characters)", escape_controls(&head))
}

/// A whole message made safe to print: control characters escaped; every `"..."` or
/// `` `...` `` value longer than [`SHOWN_CHARS`] shortened as [`shown`] does; and the
/// result at most [`MAX_MESSAGE_CHARS`] long.
pub fn bound_message(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            break;
        };
        out.push_str(&escape_controls(&rest[..=open]));
        let value = &after[..close];
        if value.chars().count() > SHOWN_CHARS {
            let head: String = value.chars().take(SHOWN_CHARS).collect();
            out.push_str(&escape_controls(&head));
            out.push('…');
            out.push(quote);
            out.push_str(&format!(" ({} characters)", value.chars().count()));
        } else {
            out.push_str(&escape_controls(value));
            out.push(quote);
        }
        rest = &after[close + 1..];
    }
    out.push_str(&escape_controls(rest));
    cap(out)
}

/// `text` cut to [`MAX_MESSAGE_CHARS`] characters in its middle, when longer.
fn cap(text: String) -> String {
    let length = text.chars().count();
    if length <= MAX_MESSAGE_CHARS {
        return text;
    }
    let keep = MAX_MESSAGE_CHARS / 2 - 40;
    let head: String = text.chars().take(keep).collect();
    let tail: String = text.chars().skip(length - keep).collect();
    format!(
        "{head} … ({} characters left out) … {tail}",
        length - 2 * keep
    )
}
