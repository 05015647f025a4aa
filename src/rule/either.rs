//! [`Code`], a code of either classification as it stands in a recommendation, its bare
//! form ([`BareCode`]) and its text form (`opcs4:K57.8`, [`ParseCodeError`]).

use crate::code::{CodeError, Icd10Code, Opcs4Code};
use core::fmt;

/// A code of either classification, as it stands in a recommendation.
///
/// **Its text form names the classification**: `opcs4:K57.8`, `icd10:I50.9`, since the same
/// code can belong to both (`K57.8` is an OPCS-4 and an ICD-10 code). `Display` writes it,
/// `FromStr` reads it (the prefix in any case, the code as
/// [`Opcs4Code::parse_loose`] / [`Icd10Code::parse_loose`] read it), and with the `serde`
/// feature it is the string a `Code` serialises to and reads back from, as a value and as a
/// map key. [`bare`](Code::bare) gives the code alone, for people and for fields whose
/// classification is known (`K57.8`). `Debug` writes `Code(opcs4:K57.8)`.
///
/// ```
/// use nice_coding::{Code, icd10, opcs4};
///
/// let code = Code::Opcs4(opcs4!("K57.8"));
/// assert_eq!(code.to_string(), "opcs4:K57.8");
/// assert_eq!(code.to_string().parse::<Code>(), Ok(code));
/// assert_eq!(code.bare().to_string(), "K57.8");
/// assert_eq!(Code::Icd10(icd10!("H19.8A")).to_string(), "icd10:H19.8A");
/// assert_eq!("ICD10:h198*".parse(), Ok(Code::Icd10(icd10!("H19.8A"))));
/// assert_eq!(format!("{code:?}"), "Code(opcs4:K57.8)");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// An OPCS-4 procedure code or category.
    Opcs4(Opcs4Code),
    /// An ICD-10 diagnosis code or category.
    Icd10(Icd10Code),
}

impl Code {
    /// True for a whole category (`Y53.-`, `C50.-`).
    pub const fn is_category(self) -> bool {
        match self {
            Code::Opcs4(c) => c.is_category(),
            Code::Icd10(c) => c.is_category(),
        }
    }

    /// True when `other` is this code or lies in this category (same classification only).
    pub const fn covers(self, other: Code) -> bool {
        match (self, other) {
            (Code::Opcs4(a), Code::Opcs4(b)) => a.covers(b),
            (Code::Icd10(a), Code::Icd10(b)) => a.covers(b),
            _ => false,
        }
    }

    /// The OPCS-4 code, if this is one.
    pub const fn opcs4(self) -> Option<Opcs4Code> {
        match self {
            Code::Opcs4(c) => Some(c),
            Code::Icd10(_) => None,
        }
    }

    /// The ICD-10 code, if this is one.
    pub const fn icd10(self) -> Option<Icd10Code> {
        match self {
            Code::Icd10(c) => Some(c),
            Code::Opcs4(_) => None,
        }
    }

    /// The name of the classification, the prefix of the text form: `"opcs4"` or `"icd10"`.
    pub const fn classification(self) -> &'static str {
        match self {
            Code::Opcs4(_) => "opcs4",
            Code::Icd10(_) => "icd10",
        }
    }

    /// The code alone, without its classification: displays as `K57.8`, `H19.8A` (the
    /// canonical form of [`Opcs4Code`] or [`Icd10Code`]).
    ///
    /// ```
    /// use nice_coding::{Code, opcs4};
    /// let code = Code::Opcs4(opcs4!("Y53.-"));
    /// assert_eq!(format!("{} and {:>6}", code.bare(), code.bare()), "Y53.- and  Y53.-");
    /// ```
    pub const fn bare(self) -> BareCode {
        BareCode(self)
    }
}

/// A [`Code`] displayed without its classification (`K57.8`); made by [`Code::bare`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BareCode(Code);

impl BareCode {
    /// The code.
    pub const fn code(self) -> Code {
        self.0
    }
}

impl fmt::Display for BareCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Code::Opcs4(c) => c.fmt(f),
            Code::Icd10(c) => c.fmt(f),
        }
    }
}

impl fmt::Debug for BareCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BareCode({self})")
    }
}

impl fmt::Display for Code {
    /// `opcs4:K57.8` or `icd10:I50.9`: the text form `FromStr` reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written whole, so that width and alignment apply to the form as one string.
        let mut buf = [0u8; 16];
        let mut w = Buffer {
            buf: &mut buf,
            len: 0,
        };
        {
            use fmt::Write;
            write!(w, "{}:{}", self.classification(), self.bare())?;
        }
        let len = w.len;
        f.pad(core::str::from_utf8(&buf[..len]).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({self})")
    }
}

/// A fixed buffer a short text is written into, on the stack.
struct Buffer<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl fmt::Write for Buffer<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl From<Opcs4Code> for Code {
    fn from(code: Opcs4Code) -> Code {
        Code::Opcs4(code)
    }
}

impl From<Icd10Code> for Code {
    fn from(code: Icd10Code) -> Code {
        Code::Icd10(code)
    }
}

/// Why a string is not a [`Code`] written as `opcs4:K57.8` or `icd10:I50.9`.
///
/// The message does not repeat the string; a caller that shows it should show the string
/// escaped (`{:?}`), as the `serde` feature's errors do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseCodeError {
    /// The string does not start with `opcs4:` or `icd10:`. A code alone could belong to
    /// either classification (`A01.1` is a code of both).
    MissingClassification,
    /// The code after the prefix is not a code of its classification.
    Code(CodeError),
}

impl fmt::Display for ParseCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseCodeError::MissingClassification => {
                f.write_str("a code must name its classification: `opcs4:K57.8` or `icd10:I50.9`")
            }
            ParseCodeError::Code(e) => e.fmt(f),
        }
    }
}

impl core::error::Error for ParseCodeError {}

impl core::str::FromStr for Code {
    type Err = ParseCodeError;

    /// `opcs4:K57.8` or `icd10:I50.9`, what `Display` writes: the prefix in any case, the
    /// code as [`Opcs4Code::parse_loose`] / [`Icd10Code::parse_loose`] read it (`opcs4:k578`).
    /// The same string can be a code of both classifications, so the prefix is required. This
    /// is also the string the `serde` feature reads.
    ///
    /// ```
    /// use nice_coding::{Code, ParseCodeError, opcs4};
    /// assert_eq!("opcs4:K57.8".parse(), Ok(Code::Opcs4(opcs4!("K57.8"))));
    /// assert_eq!("K57.8".parse::<Code>(), Err(ParseCodeError::MissingClassification));
    /// ```
    fn from_str(s: &str) -> Result<Code, ParseCodeError> {
        let (prefix, code) = s
            .split_once(':')
            .ok_or(ParseCodeError::MissingClassification)?;
        let prefix = prefix.trim_ascii_start();
        if prefix.eq_ignore_ascii_case("opcs4") {
            Opcs4Code::parse_loose(code)
                .map(Code::Opcs4)
                .map_err(ParseCodeError::Code)
        } else if prefix.eq_ignore_ascii_case("icd10") {
            Icd10Code::parse_loose(code)
                .map(Code::Icd10)
                .map_err(ParseCodeError::Code)
        } else {
            Err(ParseCodeError::MissingClassification)
        }
    }
}
