//! OPCS-4 and ICD-10 code values.
//!
//! This file is shared: the library compiles it as `nice_coding::code`, and the build script
//! includes the same file (`#[path]`) to check the codes in `guidance/`, so the syntax accepted
//! at build time and by [`Opcs4Code::parse`] / [`Icd10Code::parse`] at run time cannot differ.
//!
//! The rules, and where they come from:
//!
//! * **OPCS-4**: a capital letter, two digits, a dot, then a digit or `-` (`K57.8`, `Y53.-`).
//!   OPCS-4 codes are four characters: the NHS Data Dictionary's *clinical classification code*
//!   holds four-character OPCS-4 codes and local fifth characters are not used nationally.
//!   `-` in the fourth place stands for the whole three-character category.
//! * **ICD-10**: a capital letter, two digits, then a dot and one of: one or two digits
//!   (`I50.9`, `M80.08`), `X` (the filler of an undivided three-character category, `I48.X`),
//!   `X` and a digit (a category divided only in its fifth character: the 5th Edition's
//!   `M45.X0` to `M45.X9`, `T08.X0`, `T12.X1`), or `-` (the whole category, `C50.-`). Then, optionally, the UK dagger or asterisk marker, `D`
//!   or `A`, which the Data Dictionary places in the sixth character (`Q90.-D`, `H19.8A`). A bare
//!   three-character category (`F32`) is also accepted and means the same as `F32.-`.
//!
//! [`Opcs4Code::parse`] and [`Icd10Code::parse`] accept only these canonical forms and are
//! `const fn`, so the [`opcs4!`](crate::opcs4) and [`icd10!`](crate::icd10) macros reject a
//! malformed literal at compile time. [`Opcs4Code::parse_loose`] and [`Icd10Code::parse_loose`]
//! also read what hospital systems and coders write: lower case, surrounding spaces, undotted
//! codes (`K578`, `I509`, `I48X`), and for ICD-10 the dagger and asterisk as symbols after the
//! code (`D63.1*`, `D631*`, `I509†`).
//!
//! # One rule for reading, one for writing
//!
//! Reading text into a code, whichever way, accepts what `parse_loose` accepts: `FromStr`
//! (`"k578".parse::<Opcs4Code>()`), `Deserialize` (the `serde` feature) and
//! [`Code`](crate::Code)'s `opcs4:`/`icd10:` form. Writing always gives the canonical form:
//! `Display` and `Serialize` write `K57.8`, `H19.8A`, so what is written reads back as the same
//! code. Only `parse` is strict, for checking that a text is already canonical (and for the
//! literals, which must be written canonically).
//!
//! # Matching on codes
//!
//! `opcs4!("K57.8")` expands to a constant block, which Rust does not accept as a pattern. Name
//! the codes as constants and match on those (codes compare by value, so a constant is a
//! pattern), or ask the catalogue ([`Guidance::using_opcs4`](crate::Guidance::using_opcs4)):
//!
//! ```
//! use nice_coding::{Opcs4Code, opcs4};
//!
//! const CCM_DEVICE: Opcs4Code = opcs4!("K57.8");
//! const IMAGE_CONTROL: Opcs4Code = opcs4!("Y53.4");
//!
//! fn describe(code: Opcs4Code) -> &'static str {
//!     match code {
//!         CCM_DEVICE => "cardiac contractility modulation device",
//!         IMAGE_CONTROL => "approach under image control",
//!         code if opcs4!("Z94.-").covers(code) => "laterality",
//!         _ => "other",
//!     }
//! }
//! assert_eq!(describe("K578".parse().unwrap()), "cardiac contractility modulation device");
//! assert_eq!(describe(opcs4!("Z94.2")), "laterality");
//! assert_eq!(describe(opcs4!("A01.1")), "other");
//! ```

use core::fmt;

// `Undotted`, the string `Opcs4Code::undotted` gives, in a file of its own next to this one
// (a path relative to this file, so the build script, which includes this file, finds it too).
#[path = "undotted.rs"]
mod undotted;
pub use undotted::Undotted;

/// Why a string is not a code.
///
/// The error says what is wrong with the string; the position is a byte offset into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CodeError {
    /// The string is empty.
    Empty,
    /// The string contains a space or other white space.
    Whitespace,
    /// A letter is in lower case.
    LowerCase,
    /// The code has no dot after its third character (`K578`).
    MissingDot,
    /// The code is a three-character category missing its `.-` (OPCS-4 `Y53` for `Y53.-`).
    BareCategory,
    /// The string is too short to be a code.
    TooShort,
    /// The string has characters after the end of a code.
    TooLong,
    /// The first character is not a capital letter.
    ExpectedLetter,
    /// A character that must be a digit is not one.
    ExpectedDigit {
        /// Byte offset of the character.
        at: usize,
    },
    /// The character after the dot is not allowed there.
    BadSubdivision {
        /// Byte offset of the character.
        at: usize,
    },
    /// A dagger or asterisk is written as a symbol (`†`, `*`) where the code must write `D` or
    /// `A`: anywhere in a canonical code, and anywhere but right after the code in a loose one
    /// ([`Icd10Code::parse_loose`] reads `D63.1*`).
    MarkerSymbol,
}

impl CodeError {
    /// A one-line description of the problem.
    pub const fn message(self) -> &'static str {
        match self {
            CodeError::Empty => "the code is empty",
            CodeError::Whitespace => "the code contains white space",
            CodeError::LowerCase => "the code is not in upper case",
            CodeError::MissingDot => "the code is missing the dot after its third character",
            CodeError::BadSubdivision { .. } => {
                "the character after the dot is not a digit or another allowed character"
            }
            CodeError::BareCategory => "the category is missing its `.-`",
            CodeError::TooShort => "the code is too short",
            CodeError::TooLong => "the code has extra characters at its end",
            CodeError::ExpectedLetter => "the code does not start with a capital letter",
            CodeError::ExpectedDigit { .. } => "the second and third characters must be digits",
            CodeError::MarkerSymbol => "a dagger or asterisk must be written as `D` or `A`",
        }
    }
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl core::error::Error for CodeError {}

/// Checks the three-character stem (`K57`) shared by both classifications.
const fn check_stem(b: &[u8]) -> Result<(), CodeError> {
    if b.is_empty() {
        return Err(CodeError::Empty);
    }
    let mut i = 0;
    while i < b.len() {
        if b[i] == b' ' || b[i] == b'\t' || b[i] == b'\n' || b[i] == b'\r' {
            return Err(CodeError::Whitespace);
        }
        if b[i].is_ascii_lowercase() {
            return Err(CodeError::LowerCase);
        }
        i += 1;
    }
    if !b[0].is_ascii_uppercase() {
        return Err(CodeError::ExpectedLetter);
    }
    if b.len() < 3 {
        return Err(CodeError::TooShort);
    }
    if !b[1].is_ascii_digit() {
        return Err(CodeError::ExpectedDigit { at: 1 });
    }
    if !b[2].is_ascii_digit() {
        return Err(CodeError::ExpectedDigit { at: 2 });
    }
    Ok(())
}

/// True for the canonical three-character stem: a capital letter and two digits.
const fn is_stem(letter: u8, tens: u8, units: u8) -> bool {
    letter.is_ascii_uppercase() && tens.is_ascii_digit() && units.is_ascii_digit()
}

/// True when `b` contains the UTF-8 encoding of `†` (U+2020) or an ASCII `*`.
const fn has_marker_symbol(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'*' {
            return true;
        }
        if i + 2 < b.len() && b[i] == 0xE2 && b[i + 1] == 0x80 && b[i + 2] == 0xA0 {
            return true;
        }
        i += 1;
    }
    false
}

/// Splits a dagger (`†`) or asterisk (`*`) written right after an ICD-10 code (`D63.1*`,
/// `I509†`, with white space around the whole) from the code, giving the code's bytes and the
/// marker's letter (`D` or `A`). White space between the code and the symbol (`I509 †`) is
/// white space inside the code: [`CodeError::Whitespace`].
fn split_marker_symbol(s: &[u8]) -> Result<(&[u8], Option<u8>), CodeError> {
    let trimmed = s.trim_ascii_end();
    let (code, marker) = if let Some(code) = trimmed.strip_suffix(b"*") {
        (code, b'A')
    } else if let Some(code) = trimmed.strip_suffix("\u{2020}".as_bytes()) {
        (code, b'D')
    } else {
        return Ok((s, None));
    };
    // (A symbol with nothing before it is left to the code's reading: an empty code.)
    if code.last().is_some_and(u8::is_ascii_whitespace) && !code.trim_ascii().is_empty() {
        return Err(CodeError::Whitespace);
    }
    Ok((code, Some(marker)))
}

/// Copies `s` into a fixed buffer without white space, in upper case: the form
/// `parse_loose` reads. Returns the buffer and how many bytes it holds.
///
/// White space is allowed only around the code and around its dot (`k57 .8`): a run of it
/// between two other characters, neither of them a dot (`K57 8`, `k 5 7 . 8`), is an error.
fn compact<const N: usize>(s: &[u8]) -> Result<([u8; N], usize), CodeError> {
    let mut buf = [0u8; N];
    let mut n = 0;
    // A run of white space after the first character, not yet followed by another.
    let mut space_after_char = false;
    for &c in s {
        if c.is_ascii_whitespace() {
            space_after_char = n > 0;
            continue;
        }
        if space_after_char && buf[n - 1] != b'.' && c != b'.' {
            return Err(CodeError::Whitespace);
        }
        space_after_char = false;
        if n == N {
            return Err(CodeError::TooLong);
        }
        buf[n] = c.to_ascii_uppercase();
        n += 1;
    }
    Ok((buf, n))
}

/// An OPCS-4 procedure code (`K57.8`) or a whole category (`Y53.-`).
///
/// Ordered by code, with a category just before its own codes (`Y53.-` < `Y53.1`).
///
/// ```
/// use nice_coding::{opcs4, Opcs4Code};
///
/// let code: Opcs4Code = "K57.8".parse().unwrap();
/// assert_eq!(code, opcs4!("K57.8"));
/// assert_eq!(code.to_string(), "K57.8");
/// assert!(opcs4!("Y53.-").covers(opcs4!("Y53.4")));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Opcs4Code(pub(crate) [u8; 4]);

impl Opcs4Code {
    /// Parses a code in the canonical form: `K57.8` or `Y53.-`.
    ///
    /// Anything else is an error that says what is wrong; [`Opcs4Code::parse_loose`] reads
    /// the forms hospital systems record.
    pub const fn parse(s: &str) -> Result<Opcs4Code, CodeError> {
        Opcs4Code::parse_canonical(s.as_bytes())
    }

    /// [`parse`](Self::parse) on bytes: every check is on bytes, and a code is ASCII, so any
    /// other byte fails the check of its position.
    const fn parse_canonical(b: &[u8]) -> Result<Opcs4Code, CodeError> {
        if let Err(e) = check_stem(b) {
            return Err(e);
        }
        if b.len() == 3 {
            return Err(CodeError::BareCategory);
        }
        if b[3] != b'.' {
            if b.len() == 4 && (b[3].is_ascii_digit() || b[3] == b'-') {
                return Err(CodeError::MissingDot);
            }
            return Err(CodeError::TooLong);
        }
        if b.len() < 5 {
            return Err(CodeError::TooShort);
        }
        if !(b[4].is_ascii_digit() || b[4] == b'-') {
            return Err(CodeError::BadSubdivision { at: 4 });
        }
        if b.len() > 5 {
            return Err(CodeError::TooLong);
        }
        Ok(Opcs4Code([b[0], b[1], b[2], b[4]]))
    }

    /// Parses a code as hospital systems record it: the canonical form, or undotted (`K578`),
    /// in any case, with white space around it or around the dot (`k57 .8`); white space
    /// inside the code (`K57 8`) is [`CodeError::Whitespace`].
    ///
    /// ```
    /// use nice_coding::{opcs4, Opcs4Code};
    /// assert_eq!(Opcs4Code::parse_loose(" k578 "), Ok(opcs4!("K57.8")));
    /// ```
    pub fn parse_loose(s: &str) -> Result<Opcs4Code, CodeError> {
        Opcs4Code::parse_loose_bytes(s.as_bytes())
    }

    /// [`parse_loose`](Self::parse_loose) on bytes, such as a field of a CSV file, without
    /// checking them for UTF-8 first: bytes that are not a code are an error like any other.
    /// The forms hospital systems write most (`K578`, `K57.8`) are read without copying.
    ///
    /// ```
    /// use nice_coding::{opcs4, Opcs4Code};
    /// assert_eq!(Opcs4Code::parse_loose_bytes(b"K578"), Ok(opcs4!("K57.8")));
    /// assert!(Opcs4Code::parse_loose_bytes(b"K5\xFF8").is_err());
    /// ```
    #[inline]
    pub fn parse_loose_bytes(s: &[u8]) -> Result<Opcs4Code, CodeError> {
        let fourth = |c: u8| c.is_ascii_digit() || c == b'-';
        // Read as one word, so the code is not assembled byte by byte.
        if let Ok(code @ [a, b, c, d]) = <[u8; 4]>::try_from(s) {
            if is_stem(a, b, c) && fourth(d) {
                return Ok(Opcs4Code(code));
            }
        } else if let [a, b, c, b'.', d] = *s {
            if is_stem(a, b, c) && fourth(d) {
                return Ok(Opcs4Code([a, b, c, d]));
            }
        }
        Opcs4Code::parse_loose_general(s)
    }

    /// `parse_loose_bytes` for every form: compacted, then read as the canonical form.
    fn parse_loose_general(s: &[u8]) -> Result<Opcs4Code, CodeError> {
        let (buf, n) = compact::<5>(s)?;
        let b = &buf[..n];
        match b.len() {
            0 => Err(CodeError::Empty),
            3 => {
                check_stem(b)?;
                Err(CodeError::BareCategory)
            }
            4 if b[3] != b'.' => {
                check_stem(&b[..3])?;
                Opcs4Code::parse_canonical(&[b[0], b[1], b[2], b'.', b[3]])
            }
            _ => Opcs4Code::parse_canonical(b),
        }
    }

    /// True for a whole category (`Y53.-`).
    pub const fn is_category(self) -> bool {
        self.0[3] == b'-'
    }

    /// The category this code belongs to (`K57.8` gives `K57.-`; a category gives itself).
    pub const fn category(self) -> Opcs4Code {
        Opcs4Code([self.0[0], self.0[1], self.0[2], b'-'])
    }

    /// True when `other` is this code, or this is a category and `other` lies in it.
    pub const fn covers(self, other: Opcs4Code) -> bool {
        if self.is_category() {
            self.0[0] == other.0[0] && self.0[1] == other.0[1] && self.0[2] == other.0[2]
        } else {
            self.0[0] == other.0[0]
                && self.0[1] == other.0[1]
                && self.0[2] == other.0[2]
                && self.0[3] == other.0[3]
        }
    }

    /// The letter of the code, its chapter (`K` for `K57.8`); named as
    /// [`Icd10Code::letter`].
    pub const fn letter(self) -> char {
        self.0[0] as char
    }

    /// True for codes of the subsidiary chapters Y (methods) and Z (sites), which are only
    /// ever assigned after a main procedure code.
    pub const fn is_subsidiary(self) -> bool {
        self.0[0] == b'Y' || self.0[0] == b'Z'
    }

    /// The code without its dot, as Hospital Episode Statistics record it (`K578`, `Y53-`):
    /// a string on the stack, usable wherever a `&str` is.
    ///
    /// ```
    /// use nice_coding::opcs4;
    /// let undotted = opcs4!("K57.8").undotted();
    /// assert_eq!(&*undotted, "K578");
    /// assert!(undotted.starts_with('K'));
    /// assert_eq!(undotted.as_bytes(), b"K578");
    /// ```
    pub const fn undotted(self) -> Undotted {
        Undotted(self.0)
    }
}

impl fmt::Display for Opcs4Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        let s = [b[0], b[1], b[2], b'.', b[3]];
        // The bytes are ASCII by construction.
        f.pad(core::str::from_utf8(&s).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Opcs4Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Opcs4Code({self})")
    }
}

impl core::str::FromStr for Opcs4Code {
    type Err = CodeError;
    /// What [`Opcs4Code::parse_loose`] reads (`K57.8`, `k578`): the crate's one rule for
    /// reading a code from text (see [the module docs](self)).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Opcs4Code::parse_loose(s)
    }
}

/// The UK dagger or asterisk marker of an ICD-10 code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Icd10Marker {
    /// A dagger (†) code: the underlying disease; written `D`.
    Dagger,
    /// An asterisk (*) code: the manifestation in an organ; written `A`.
    Asterisk,
}

/// An ICD-10 diagnosis code (`I50.9`, `I48.X`, `M80.08`), a whole category (`C50.-`), with an
/// optional UK dagger or asterisk marker (`H19.8A`).
///
/// Stored as six bytes: letter, two digits, fourth character (`0`-`9`, `X` or `-`), optional
/// fifth digit (after a digit, `M80.08`, or after the `X` filler, `M45.X0`), optional marker.
///
/// ```
/// use nice_coding::{icd10, Icd10Code, Icd10Marker};
///
/// let af = icd10!("I48.X");
/// assert_eq!(Icd10Code::parse_loose("i48x"), Ok(af));
/// assert!(icd10!("C50.-").covers(icd10!("C50.9")));
/// assert_eq!(icd10!("H19.8A").marker(), Some(Icd10Marker::Asterisk));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Icd10Code(pub(crate) [u8; 6]);

impl Icd10Code {
    /// Parses a code in the canonical form: `I50.9`, `M80.08`, `I48.X`, `M45.X0`, `C50.-`, optionally
    /// followed by `D` (dagger) or `A` (asterisk); a bare category `F32` is read as `F32.-`.
    pub const fn parse(s: &str) -> Result<Icd10Code, CodeError> {
        Icd10Code::parse_canonical(s.as_bytes())
    }

    /// [`parse`](Self::parse) on bytes: every check is on bytes, and a code is ASCII, so any
    /// other byte fails the check of its position.
    const fn parse_canonical(b: &[u8]) -> Result<Icd10Code, CodeError> {
        if has_marker_symbol(b) {
            return Err(CodeError::MarkerSymbol);
        }
        if let Err(e) = check_stem(b) {
            return Err(e);
        }
        if b.len() == 3 {
            return Ok(Icd10Code([b[0], b[1], b[2], b'-', 0, 0]));
        }
        if b[3] != b'.' {
            if b[3].is_ascii_digit() || b[3] == b'X' || b[3] == b'-' {
                return Err(CodeError::MissingDot);
            }
            return Err(CodeError::TooLong);
        }
        if b.len() < 5 {
            return Err(CodeError::TooShort);
        }
        let fourth = b[4];
        let mut i = 5;
        let mut fifth = 0;
        if fourth.is_ascii_digit() || fourth == b'X' {
            // A fifth digit subdivides a four-character code (`M80.08`) or follows the `X`
            // filler of a category divided only in its fifth character (`M45.X0`).
            if i < b.len() && b[i].is_ascii_digit() {
                fifth = b[i];
                i += 1;
            }
        } else if fourth != b'-' {
            return Err(CodeError::BadSubdivision { at: 4 });
        }
        let mut marker = 0;
        if i < b.len() && (b[i] == b'D' || b[i] == b'A') {
            marker = b[i];
            i += 1;
        }
        if i < b.len() {
            if i == 6 && fourth.is_ascii_digit() && fifth == 0 {
                return Err(CodeError::BadSubdivision { at: 5 });
            }
            return Err(CodeError::TooLong);
        }
        Ok(Icd10Code([b[0], b[1], b[2], fourth, fifth, marker]))
    }

    /// Parses a code as hospital systems record it: the canonical form, or undotted (`I509`,
    /// `I48X`, `M8008`, `M45X0`), in any case, with white space around it or around the dot (but
    /// not inside the code: [`CodeError::Whitespace`]). A three-character code (`I10`) is read as
    /// its category, `I10.-`.
    ///
    /// The dagger and asterisk are read as the letter after the code (`H198A`, `H19.8A`) and as
    /// the symbols coders and extracts write right after it (`H19.8*`, `D631*`, `I509†`,
    /// `Q90.-†`), giving the same code. A symbol anywhere else is
    /// [`CodeError::MarkerSymbol`]; a code marked twice (`H19.8A*`) is [`CodeError::TooLong`].
    ///
    /// ```
    /// use nice_coding::{Icd10Code, Icd10Marker, icd10};
    /// assert_eq!(Icd10Code::parse_loose("D631*"), Ok(icd10!("D63.1A")));
    /// assert_eq!(Icd10Code::parse_loose("I509\u{2020}"), Ok(icd10!("I50.9D")));
    /// assert_eq!(Icd10Code::parse_loose("H19.8*").unwrap().marker(), Some(Icd10Marker::Asterisk));
    /// ```
    pub fn parse_loose(s: &str) -> Result<Icd10Code, CodeError> {
        Icd10Code::parse_loose_bytes(s.as_bytes())
    }

    /// [`parse_loose`](Self::parse_loose) on bytes, such as a field of a CSV file, without
    /// checking them for UTF-8 first: bytes that are not a code are an error like any other.
    /// The forms hospital systems write most (`I509`, `I48X`, `I50.9`) are read without
    /// copying.
    ///
    /// ```
    /// use nice_coding::{icd10, Icd10Code};
    /// assert_eq!(Icd10Code::parse_loose_bytes(b"I48X"), Ok(icd10!("I48.X")));
    /// ```
    #[inline]
    pub fn parse_loose_bytes(s: &[u8]) -> Result<Icd10Code, CodeError> {
        let fourth = |c: u8| c.is_ascii_digit() || c == b'X' || c == b'-';
        if let Ok(four @ [a, b, c, d]) = <[u8; 4]>::try_from(s) {
            if is_stem(a, b, c) && fourth(d) {
                // Copied as one word, so the code is not assembled byte by byte.
                let mut code = [0; 6];
                code[..4].copy_from_slice(&four);
                return Ok(Icd10Code(code));
            }
        } else if let [a, b, c, b'.', d] = *s {
            if is_stem(a, b, c) && fourth(d) {
                return Ok(Icd10Code([a, b, c, d, 0, 0]));
            }
        }
        Icd10Code::parse_loose_general(s)
    }

    /// `parse_loose_bytes` for every form: a dagger or asterisk symbol after the code taken
    /// off, the rest compacted, dotted and read as the canonical form, then the marker put back.
    fn parse_loose_general(s: &[u8]) -> Result<Icd10Code, CodeError> {
        let (s, symbol) = split_marker_symbol(s)?;
        let (buf, n) = compact::<8>(s)?;
        let b = &buf[..n];
        let code = if b.len() > 3 && b[3] != b'.' {
            check_stem(&b[..3])?;
            let mut dotted = [0u8; 9];
            dotted[..3].copy_from_slice(&b[..3]);
            dotted[3] = b'.';
            dotted[4..n + 1].copy_from_slice(&b[3..]);
            Icd10Code::parse_canonical(&dotted[..n + 1])?
        } else {
            Icd10Code::parse_canonical(b)?
        };
        match symbol {
            None => Ok(code),
            // A code marked twice (`H19.8A*`): the symbol is one character too many.
            Some(_) if code.0[5] != 0 => Err(CodeError::TooLong),
            Some(marker) => {
                let mut bytes = code.0;
                bytes[5] = marker;
                Ok(Icd10Code(bytes))
            }
        }
    }

    /// True for a whole category (`C50.-`).
    pub const fn is_category(self) -> bool {
        self.0[3] == b'-'
    }

    /// True for an undivided category written with the `X` filler (`I48.X`). A code with a
    /// fifth digit after the filler (`M45.X0`) is a code of its own, not the filler.
    pub const fn is_x_filled(self) -> bool {
        self.0[3] == b'X' && self.0[4] == 0
    }

    /// The category this code belongs to (`I50.9` gives `I50.-`), without a marker.
    pub const fn category(self) -> Icd10Code {
        Icd10Code([self.0[0], self.0[1], self.0[2], b'-', 0, 0])
    }

    /// The dagger or asterisk marker, if the code carries one.
    pub const fn marker(self) -> Option<Icd10Marker> {
        match self.0[5] {
            b'D' => Some(Icd10Marker::Dagger),
            b'A' => Some(Icd10Marker::Asterisk),
            _ => None,
        }
    }

    /// The same code without its dagger or asterisk marker.
    pub const fn without_marker(self) -> Icd10Code {
        let b = self.0;
        Icd10Code([b[0], b[1], b[2], b[3], b[4], 0])
    }

    /// True when `other` is this code, lies in this category, or is a five-character
    /// subdivision of this four-character code. Markers are ignored.
    pub const fn covers(self, other: Icd10Code) -> bool {
        let (a, b) = (self.0, other.0);
        if a[0] != b[0] || a[1] != b[1] || a[2] != b[2] {
            return false;
        }
        if a[3] == b'-' {
            return true;
        }
        if a[3] != b[3] {
            return false;
        }
        a[4] == 0 || a[4] == b[4]
    }

    /// The letter of the code (`I` for `I50.9`); named as [`Opcs4Code::letter`].
    pub const fn letter(self) -> char {
        self.0[0] as char
    }

    /// The code as the NHS Data Dictionary records it in four characters: no dot, `X` for an
    /// undivided category (`I509`, `I48X`). A category gives `I50-`; the fifth character and
    /// the marker are dropped.
    pub const fn four_characters(self) -> [u8; 4] {
        [self.0[0], self.0[1], self.0[2], self.0[3]]
    }
}

impl fmt::Display for Icd10Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        let mut s = [0u8; 7];
        s[..3].copy_from_slice(&b[..3]);
        s[3] = b'.';
        s[4] = b[3];
        let mut n = 5;
        for &c in &b[4..] {
            if c != 0 {
                s[n] = c;
                n += 1;
            }
        }
        f.pad(core::str::from_utf8(&s[..n]).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Icd10Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Icd10Code({self})")
    }
}

impl core::str::FromStr for Icd10Code {
    type Err = CodeError;
    /// What [`Icd10Code::parse_loose`] reads (`I50.9`, `i509`, `H19.8*`): the crate's one rule
    /// for reading a code from text (see [the module docs](self)).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Icd10Code::parse_loose(s)
    }
}
