//! The characters guidance text is written in.
//!
//! NICE's texts, and the OPCS-4 and ICD-10 titles they quote, are English written in Latin
//! letters: the shipped files use printable ASCII and four other characters (`°`, `–`, `’`,
//! `†`). A file may use those and what English clinical text plausibly needs besides
//! ([`is_allowed`]): Latin letters with accents (`Ménière’s`, `Sjögren`), the signs of
//! Latin-1 (`±`, `×`, `µ`, `½`, `£`), typographic dashes and quotes, `‡`, `•`, `…`, primes,
//! `™`, `≤` and `≥`.
//!
//! Everything else is refused, because it could carry a payload or mislead a reader and no
//! NICE text needs it: invisible and formatting characters (zero width spaces and joiners,
//! the soft hyphen, bidirectional marks, embeddings, overrides and isolates, which reorder
//! what a reader sees, the byte order mark, variation selectors and tag characters, which can
//! smuggle data in text that looks plain), spaces other than the plain space (a no-break
//! space looks like a space but makes a different title), letters of other scripts (a
//! Cyrillic `а` looks like a Latin `a`; a right-to-left letter reorders the text around it),
//! combining marks (they stack over other characters: write `é`, not `e` and U+0301), private
//! use characters and anything not yet assigned. Control characters are refused apart
//! (`text_checks.rs`), with their own message.
//!
//! A new NICE text that needs another character: add it to [`is_allowed`] and to the list in
//! guidance/README.md ("What the build checks").

/// True for a character guidance text may hold.
pub fn is_allowed(c: char) -> bool {
    matches!(c,
        ' '..='~'
        // Latin-1: accented letters and signs, but not the no-break space (U+00A0) or the
        // soft hyphen (U+00AD).
        | '\u{A1}'..='\u{AC}'
        | '\u{AE}'..='\u{FF}'
        // Latin Extended-A: the accented letters of other European names (Ł, š, ő).
        | '\u{100}'..='\u{17F}'
        // En and em dash; single and double curly quotes; dagger, double dagger, bullet;
        // ellipsis; prime and double prime; trade mark; less than or equal, greater than or
        // equal.
        | '\u{2013}' | '\u{2014}'
        | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}'
        | '\u{2020}' | '\u{2021}' | '\u{2022}' | '\u{2026}'
        | '\u{2032}' | '\u{2033}'
        | '\u{2122}'
        | '\u{2264}' | '\u{2265}'
    )
}

/// What a refused character is, for the message that refuses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// An invisible or formatting character, with its name when it is a well-known one.
    Invisible(Option<&'static str>),
    /// A space or separator other than the plain space.
    Space,
    /// Any other character outside [`is_allowed`].
    Other,
}

/// Why `c` is refused, or `None` when guidance text may hold it. Control characters are not
/// classified here (see `text_checks.rs`): they are `Other`.
pub fn refused(c: char) -> Option<Refused> {
    if is_allowed(c) {
        return None;
    }
    let name = match c {
        '\u{AD}' => Some("soft hyphen"),
        '\u{200B}' => Some("zero width space"),
        '\u{200C}' => Some("zero width non-joiner"),
        '\u{200D}' => Some("zero width joiner"),
        '\u{200E}' => Some("left-to-right mark"),
        '\u{200F}' => Some("right-to-left mark"),
        '\u{202A}' => Some("left-to-right embedding"),
        '\u{202B}' => Some("right-to-left embedding"),
        '\u{202C}' => Some("pop directional formatting"),
        '\u{202D}' => Some("left-to-right override"),
        '\u{202E}' => Some("right-to-left override"),
        '\u{2060}' => Some("word joiner"),
        '\u{2066}' => Some("left-to-right isolate"),
        '\u{2067}' => Some("right-to-left isolate"),
        '\u{2068}' => Some("first strong isolate"),
        '\u{2069}' => Some("pop directional isolate"),
        '\u{FEFF}' => Some("byte order mark"),
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => Some("variation selector"),
        '\u{E0000}'..='\u{E007F}' => Some("tag character"),
        _ => None,
    };
    let invisible = name.is_some()
        || matches!(c,
            '\u{34F}' | '\u{61C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{2061}'..='\u{2064}' | '\u{206A}'..='\u{206F}'
            | '\u{2800}' | '\u{3164}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}'
            | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        );
    Some(if invisible {
        Refused::Invisible(name)
    } else if c.is_whitespace() {
        Refused::Space
    } else {
        Refused::Other
    })
}
