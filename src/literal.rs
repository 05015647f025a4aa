//! The [`opcs4!`](crate::opcs4) and [`icd10!`](crate::icd10) literals, checked at compile time.
//!
//! A malformed literal stops the build with a message that names the literal, says what is
//! wrong (the [`CodeError`] message that `parse` gives) and gives the canonical form to write
//! when the literal is a loose form of a code (`K578`, `k57.8`, `Y53`), or else what a code of
//! the classification looks like:
//!
//! ```text
//! opcs4!("K578"): not a canonical OPCS-4 code: the code is missing the dot after its third character; write "K57.8"
//! ```
//!
//! Constant evaluation can only panic with a string it holds, so [`reject`] assembles the
//! message in a fixed buffer. The module is public for the macros only.

use crate::code::{CodeError, Icd10Code, Opcs4Code};

/// The classification of a literal.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum System {
    /// [`opcs4!`](crate::opcs4).
    Opcs4,
    /// [`icd10!`](crate::icd10).
    Icd10,
}

impl System {
    const fn name(self) -> &'static str {
        match self {
            System::Opcs4 => "OPCS-4",
            System::Icd10 => "ICD-10",
        }
    }

    /// What a code of the classification looks like, for a literal with no canonical form.
    const fn form(self) -> &'static str {
        match self {
            System::Opcs4 => {
                "an OPCS-4 code is a capital letter, two digits, a dot and a digit or `-` \
                 (\"K57.8\", \"Y53.-\")"
            }
            System::Icd10 => {
                "an ICD-10 code is a capital letter, two digits, a dot and one or two digits, \
                 `X` or `-` (\"I50.9\", \"I48.X\", \"C50.-\"), then `D` or `A` for a dagger or \
                 asterisk"
            }
        }
    }
}

/// The longest part of the literal a message quotes.
const QUOTED: usize = 80;

/// A message assembled during constant evaluation.
struct Message {
    bytes: [u8; 512],
    len: usize,
}

impl Message {
    const fn new() -> Message {
        Message {
            bytes: [0; 512],
            len: 0,
        }
    }

    /// Appends `s`, or as much of it as fits.
    const fn push(&mut self, s: &[u8]) {
        let mut i = 0;
        while i < s.len() && self.len < self.bytes.len() {
            self.bytes[self.len] = s[i];
            self.len += 1;
            i += 1;
        }
    }

    /// The text, up to the last whole character.
    const fn as_str(&self) -> &str {
        let (text, _) = self.bytes.split_at(self.len);
        match core::str::from_utf8(text) {
            Ok(s) => s,
            Err(e) => match core::str::from_utf8(text.split_at(e.valid_up_to()).0) {
                Ok(s) => s,
                Err(_) => "",
            },
        }
    }
}

/// The canonical form of a literal written loosely (white space, lower case, no dot, a bare
/// category), when it is a code: the bytes and their length.
const fn canonical(code: &str, system: System) -> Option<([u8; 9], usize)> {
    let b = code.as_bytes();
    let mut buf = [0u8; 9];
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        if c.is_ascii_whitespace() {
            continue;
        }
        if n == 8 {
            return None;
        }
        buf[n] = c.to_ascii_uppercase();
        n += 1;
    }
    if n == 3 {
        buf[3] = b'.';
        buf[4] = b'-';
        n = 5;
    } else if n > 3 && buf[3] != b'.' {
        let mut j = n;
        while j > 3 {
            buf[j] = buf[j - 1];
            j -= 1;
        }
        buf[3] = b'.';
        n += 1;
    }
    let Ok(text) = core::str::from_utf8(buf.split_at(n).0) else {
        return None;
    };
    let is_code = match system {
        System::Opcs4 => Opcs4Code::parse(text).is_ok(),
        System::Icd10 => Icd10Code::parse(text).is_ok(),
    };
    if is_code { Some((buf, n)) } else { None }
}

/// Stops constant evaluation of the literal `code`, written `call` (`opcs4!("K578")`), with
/// the message described in the module documentation.
#[doc(hidden)]
#[track_caller]
pub const fn reject(call: &str, code: &str, system: System, error: CodeError) -> ! {
    let mut message = Message::new();
    let call = call.as_bytes();
    if call.len() > QUOTED {
        message.push(call.split_at(QUOTED).0);
        message.push("...".as_bytes());
    } else {
        message.push(call);
    }
    message.push(": not a canonical ".as_bytes());
    message.push(system.name().as_bytes());
    message.push(" code: ".as_bytes());
    message.push(error.message().as_bytes());
    message.push("; ".as_bytes());
    match canonical(code, system) {
        Some((bytes, n)) => {
            message.push("write \"".as_bytes());
            message.push(bytes.split_at(n).0);
            message.push("\"".as_bytes());
        }
        None => message.push(system.form().as_bytes()),
    }
    panic!("{}", message.as_str())
}

/// Builds an [`Opcs4Code`] from a literal at compile time; a malformed literal is a compile
/// error that says what is wrong and the canonical form.
///
/// For example:
///
/// ```text
/// opcs4!("K578"): not a canonical OPCS-4 code: the code is missing the dot after its third character; write "K57.8"
/// ```
///
/// ```
/// let code = nice_coding::opcs4!("K57.8");
/// assert_eq!(code.to_string(), "K57.8");
/// ```
///
/// ```compile_fail
/// let code = nice_coding::opcs4!("K578"); // missing dot: does not compile
/// ```
///
/// The macro is an expression (a constant block), not a pattern: to `match` on codes, name
/// them as constants, which are patterns ([the `code` module](crate::code#matching-on-codes)).
///
/// ```
/// use nice_coding::{Opcs4Code, opcs4};
/// const K578: Opcs4Code = opcs4!("K57.8");
/// let is_ccm = |code: Opcs4Code| matches!(code, K578);
/// assert!(is_ccm("k578".parse().unwrap()));
/// ```
#[macro_export]
macro_rules! opcs4 {
    ($code:literal) => {
        const {
            match $crate::Opcs4Code::parse($code) {
                Ok(code) => code,
                Err(error) => $crate::literal::reject(
                    concat!("opcs4!(", stringify!($code), ")"),
                    $code,
                    $crate::literal::System::Opcs4,
                    error,
                ),
            }
        }
    };
}

/// Builds an [`Icd10Code`] from a literal at compile time; a malformed literal is a compile
/// error that says what is wrong and the canonical form.
///
/// For example:
///
/// ```text
/// icd10!("i50.9"): not a canonical ICD-10 code: the code is not in upper case; write "I50.9"
/// ```
///
/// ```
/// let code = nice_coding::icd10!("I50.9");
/// assert_eq!(code.to_string(), "I50.9");
/// ```
///
/// ```compile_fail
/// let code = nice_coding::icd10!("i50.9"); // lower case: does not compile
/// ```
#[macro_export]
macro_rules! icd10 {
    ($code:literal) => {
        const {
            match $crate::Icd10Code::parse($code) {
                Ok(code) => code,
                Err(error) => $crate::literal::reject(
                    concat!("icd10!(", stringify!($code), ")"),
                    $code,
                    $crate::literal::System::Icd10,
                    error,
                ),
            }
        }
    };
}
