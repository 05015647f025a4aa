//! Code fields as Hospital Episode Statistics (HES) and the NHS Data Dictionary store them.
//!
//! [`Opcs4Code::parse_loose`] and [`Icd10Code::parse_loose`] read a code; a HES field holds
//! more than a code. These functions read one field of an extract, without allocating:
//!
//! * An ICD-10 field ([`icd10_field`]) holds up to 6 characters, without the dot: the code,
//!   with `X` in the 4th place for an undivided 3-character code (`I48X`), `-` in the 5th
//!   place when there is no 5th character (`I509-`, `C61X-`), and the dagger (`D`) or
//!   asterisk (`A`) indicator in the 6th (`H198-A`). Five-character codes fill the 5th place
//!   (`M8008`). Whatever [`Icd10Code::parse_loose`] reads is read too (`I50.9`, `i509`, and
//!   the dagger and asterisk symbols after the code: `D631*`, `I509†`, `H198-*`).
//! * An OPCS-4 field ([`opcs4_field`]) holds 4 characters (`K578`); `-` means no operation
//!   and `&` means not known. Whatever [`Opcs4Code::parse_loose`] reads is read too.
//! * In both, an empty field (or only white space), `NULL` and `null` (any case) hold no
//!   value: extracts write missing values that way. An ICD-10 field of `-` alone holds no
//!   value either.
//!
//! ```
//! use nice_coding::hes::{icd10_field, opcs4_field, Opcs4Field};
//! use nice_coding::{icd10, opcs4};
//!
//! assert_eq!(icd10_field(b"I509-"), Ok(Some(icd10!("I50.9"))));
//! assert_eq!(icd10_field(b"C61X-"), Ok(Some(icd10!("C61.X"))));
//! assert_eq!(icd10_field(b"H198-A"), Ok(Some(icd10!("H19.8A"))));
//! assert_eq!(icd10_field(b"NULL"), Ok(None));
//! assert_eq!(opcs4_field(b"K578"), Ok(Opcs4Field::Code(opcs4!("K57.8"))));
//! assert_eq!(opcs4_field(b"&"), Ok(Opcs4Field::NotKnown));
//! assert_eq!(opcs4_field(b"-").map(Opcs4Field::code), Ok(None));
//! ```

use crate::code::{CodeError, Icd10Code, Opcs4Code};

#[cfg(feature = "serde")]
pub mod serde;

/// What an OPCS-4 field of a HES extract holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Opcs4Field {
    /// A procedure code.
    Code(Opcs4Code),
    /// `-`: no operation was performed.
    NoOperation,
    /// `&`: not known.
    NotKnown,
    /// An empty field, `NULL` or `null`: no value.
    Empty,
}

impl Opcs4Field {
    /// The code, if the field holds one.
    pub const fn code(self) -> Option<Opcs4Code> {
        match self {
            Opcs4Field::Code(code) => Some(code),
            _ => None,
        }
    }
}

/// True for a field that holds no value: empty after trimming, or `NULL` in any case.
#[inline]
fn is_no_value(text: &[u8]) -> bool {
    text.is_empty() || text.eq_ignore_ascii_case(b"null")
}

/// Reads an OPCS-4 field of a HES extract: a code in any form
/// [`Opcs4Code::parse_loose_bytes`] reads, `-` (no operation), `&` (not known), or no value
/// (empty, `NULL`, `null`). Anything else is the error of [`Opcs4Code::parse_loose_bytes`].
#[inline]
pub fn opcs4_field(field: &[u8]) -> Result<Opcs4Field, CodeError> {
    // The forms of most fields, tested before trimming: a code, nothing, no operation.
    match field {
        [_, _, _, _] => {
            if let Ok(code) = Opcs4Code::parse_loose_bytes(field) {
                return Ok(Opcs4Field::Code(code));
            }
        }
        [] => return Ok(Opcs4Field::Empty),
        [b'-'] => return Ok(Opcs4Field::NoOperation),
        _ => {}
    }
    let text = field.trim_ascii();
    match text {
        [b'-'] => Ok(Opcs4Field::NoOperation),
        [b'&'] => Ok(Opcs4Field::NotKnown),
        _ if is_no_value(text) => Ok(Opcs4Field::Empty),
        _ => Opcs4Code::parse_loose_bytes(text).map(Opcs4Field::Code),
    }
}

/// Reads an ICD-10 field of a HES extract: the 6-character HES form (`I48X`, `I509-`,
/// `C61X-`, `H198-A`, `M8008`), any form [`Icd10Code::parse_loose_bytes`] reads, or no value
/// (`Ok(None)`: empty, `-`, `NULL`, `null`).
///
/// The `-` filler is read only in the 5th place of the undotted form, and a 6th character
/// after it must be `D` or `A`; anything else is the error of
/// [`Icd10Code::parse_loose_bytes`] on the field.
#[inline]
pub fn icd10_field(field: &[u8]) -> Result<Option<Icd10Code>, CodeError> {
    // The form of most fields, tested before trimming.
    if let [_, _, _, _] = field {
        if let Ok(code) = Icd10Code::parse_loose_bytes(field) {
            return Ok(Some(code));
        }
    }
    let text = field.trim_ascii();
    if is_no_value(text) || text == b"-" {
        return Ok(None);
    }
    // The 5th-place filler: `I509-` is `I509`, `H198-A` is `H198A`, `H198-*` is `H198*`.
    // Not after a dot: `I50.-` (and `I50.-D`, `Q90.-*`) is a dotted category, which the loose
    // parse reads.
    if let [a, b, c, d, b'-', ref marker @ ..] = *text {
        let symbol = marker == "\u{2020}".as_bytes();
        let filler = d != b'.';
        if filler
            && (marker.is_empty() || symbol || matches!(marker, [b'D' | b'A' | b'd' | b'a' | b'*']))
        {
            let mut code = [a, b, c, d, 0, 0, 0];
            code[4..4 + marker.len()].copy_from_slice(marker);
            return Icd10Code::parse_loose_bytes(&code[..4 + marker.len()]).map(Some);
        }
    }
    Icd10Code::parse_loose_bytes(text).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{icd10, opcs4};

    #[test]
    fn icd10_fields_in_every_hes_form() {
        let cases: [(&[u8], Option<Icd10Code>); 24] = [
            (b"I48X", Some(icd10!("I48.X"))),
            (b"I509", Some(icd10!("I50.9"))),
            (b"I509-", Some(icd10!("I50.9"))),
            (b"C61X-", Some(icd10!("C61.X"))),
            (b"H198-A", Some(icd10!("H19.8A"))),
            (b"G01X-D", Some(icd10!("G01.XD"))),
            (b"M8008", Some(icd10!("M80.08"))),
            (b"M8008D", Some(icd10!("M80.08D"))),
            (b"i509-", Some(icd10!("I50.9"))),
            (b" I509- ", Some(icd10!("I50.9"))),
            (b"I50.9", Some(icd10!("I50.9"))),
            (b"D631*", Some(icd10!("D63.1A"))),
            (b"H198-*", Some(icd10!("H19.8A"))),
            ("I509\u{2020}".as_bytes(), Some(icd10!("I50.9D"))),
            ("I509-\u{2020}".as_bytes(), Some(icd10!("I50.9D"))),
            // A dotted category is not a filler form: read as the loose parse reads it.
            (b"I50.-", Some(icd10!("I50.-"))),
            (b"I50.-D", Some(icd10!("I50.-D"))),
            (b"G40.-*", Some(icd10!("G40.-A"))),
            ("Q90.-\u{2020}".as_bytes(), Some(icd10!("Q90.-D"))),
            (b"", None),
            (b"  ", None),
            (b"-", None),
            (b"NULL", None),
            (b"null", None),
        ];
        for (field, expected) in cases {
            assert_eq!(
                icd10_field(field),
                Ok(expected),
                "{:?}",
                core::str::from_utf8(field)
            );
        }
    }

    #[test]
    fn icd10_fields_that_are_not_codes_are_errors() {
        let cases: [(&[u8], CodeError); 8] = [
            (b"I50-9", CodeError::TooLong),
            (b"H198-A*", CodeError::TooLong),
            (b"H19*8", CodeError::MarkerSymbol),
            (b"I509-X", CodeError::TooLong),
            (b"I509--", CodeError::TooLong),
            (b"&", CodeError::ExpectedLetter),
            (b"NUL", CodeError::ExpectedDigit { at: 1 }),
            (b"I5", CodeError::TooShort),
        ];
        for (field, expected) in cases {
            assert_eq!(
                icd10_field(field),
                Err(expected),
                "{:?}",
                core::str::from_utf8(field)
            );
        }
    }

    #[test]
    fn five_character_x_filled_codes() {
        // M45.X0: ICD-10 5th edition codes with the X filler in the 4th place and a 5th
        // character. Read when `Icd10Code` reads them (see `Icd10Code::parse`).
        match Icd10Code::parse("M45.X0") {
            Ok(code) => assert_eq!(icd10_field(b"M45X0"), Ok(Some(code))),
            Err(e) => assert_eq!(icd10_field(b"M45X0").unwrap_err(), e),
        }
    }

    #[test]
    fn opcs4_fields_in_every_hes_form() {
        let cases: [(&[u8], Opcs4Field); 10] = [
            (b"K578", Opcs4Field::Code(opcs4!("K57.8"))),
            (b"k578", Opcs4Field::Code(opcs4!("K57.8"))),
            (b" K57.8 ", Opcs4Field::Code(opcs4!("K57.8"))),
            (b"-", Opcs4Field::NoOperation),
            (b" - ", Opcs4Field::NoOperation),
            (b"&", Opcs4Field::NotKnown),
            (b"", Opcs4Field::Empty),
            (b"NULL", Opcs4Field::Empty),
            (b"null", Opcs4Field::Empty),
            (b"Null", Opcs4Field::Empty),
        ];
        for (field, expected) in cases {
            assert_eq!(
                opcs4_field(field),
                Ok(expected),
                "{:?}",
                core::str::from_utf8(field)
            );
        }
        assert_eq!(
            opcs4_field(b"K578-").unwrap_err(),
            CodeError::TooLong,
            "an OPCS-4 field has no filler"
        );
        assert_eq!(opcs4_field(b"&&").unwrap_err(), CodeError::ExpectedLetter);
        assert_eq!(
            Opcs4Field::Code(opcs4!("K57.8")).code(),
            Some(opcs4!("K57.8"))
        );
        assert_eq!(Opcs4Field::NotKnown.code(), None);
    }
}
