//! serde adapters for the code fields of a HES extract (the `serde` feature), for
//! `#[serde(with = "...")]` on a field, as chrono's `serde` modules are for timestamps.
//!
//! [`Opcs4Code`] and [`Icd10Code`] deserialise from a code (as their `FromStr` reads it); a
//! HES field holds more: fillers (`I509-`), "no value" marks (`-`, `NULL`, an empty field) and,
//! for OPCS-4, `&` (not known). These modules read a field as [`icd10_field`] and
//! [`opcs4_field`] do, and write the canonical code (`I50.9`), which they read back:
//!
//! | module | field type | a field with no code (`""`, `-`, `NULL`, `&`) |
//! |---|---|---|
//! | [`icd10`] | `Icd10Code` | an error |
//! | [`icd10_option`] | `Option<Icd10Code>` | `None` (also JSON `null`) |
//! | [`opcs4`] | `Opcs4Code` | an error |
//! | [`opcs4_option`] | `Option<Opcs4Code>` | `None` (also JSON `null`) |
//!
//! [`Opcs4Field`] itself deserialises from a field and serialises back to it (`K57.8`, `-`, `&`,
//! or an empty string), for a reader that must tell "no operation" from "not known".
//!
//! A field that is not one gives an error naming the field's value, escaped as Rust writes a
//! string literal, and what is wrong: `ICD-10 field "I50-9": the code has extra characters at
//! its end`.
//!
//! ```
//! use nice_coding::{Icd10Code, Opcs4Code, icd10, opcs4};
//!
//! #[derive(serde::Deserialize)]
//! struct Episode {
//!     #[serde(rename = "OPERTN_01", with = "nice_coding::hes::serde::opcs4_option")]
//!     operation: Option<Opcs4Code>,
//!     #[serde(rename = "DIAG_01", with = "nice_coding::hes::serde::icd10")]
//!     diagnosis: Icd10Code,
//! }
//!
//! let extract = "OPERTN_01,DIAG_01\nK578,I509-\n-,H198-A\n";
//! let rows: Vec<Episode> = csv::Reader::from_reader(extract.as_bytes())
//!     .deserialize()
//!     .collect::<Result<_, _>>()
//!     .unwrap();
//! assert_eq!((rows[0].operation, rows[0].diagnosis), (Some(opcs4!("K57.8")), icd10!("I50.9")));
//! assert_eq!((rows[1].operation, rows[1].diagnosis), (None, icd10!("H19.8A")));
//! ```

use super::{Opcs4Field, icd10_field, opcs4_field};
use crate::code::{CodeError, Icd10Code, Opcs4Code};
use ::serde::de::{self, Deserializer, Visitor};
use ::serde::ser::{Serialize, Serializer};
use core::fmt;

/// What a field holds once read: a code, no value, or the error that says why it is neither.
type Read<T> = Result<Option<T>, CodeError>;

/// Reads one field with `read`; an error names the field (`ICD-10 field "I50-9": ...`).
/// `required` makes a field with no code an error.
struct Field<T> {
    what: &'static str,
    read: fn(&[u8]) -> Read<T>,
    required: bool,
}

impl<T> Field<T> {
    fn value<E: de::Error>(&self, v: &[u8]) -> Result<Option<T>, E> {
        let escaped = EscapedBytes(v);
        match (self.read)(v) {
            Ok(None) if self.required => Err(E::custom(format_args!(
                "{} {escaped}: no code (the field holds no value)",
                self.what
            ))),
            Ok(value) => Ok(value),
            Err(e) => Err(E::custom(format_args!("{} {escaped}: {e}", self.what))),
        }
    }
}

/// Bytes as Rust writes a string literal: the UTF-8 text escaped (`{:?}` of the `str`), or each
/// byte of invalid UTF-8 as `\x..`.
struct EscapedBytes<'a>(&'a [u8]);

impl fmt::Display for EscapedBytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match core::str::from_utf8(self.0) {
            Ok(s) => write!(f, "{s:?}"),
            Err(_) => {
                f.write_str("\"")?;
                for chunk in self.0.utf8_chunks() {
                    for c in chunk.valid().chars() {
                        write!(f, "{}", c.escape_debug())?;
                    }
                    for b in chunk.invalid() {
                        write!(f, "\\x{b:02x}")?;
                    }
                }
                f.write_str("\"")
            }
        }
    }
}

impl<T> Visitor<'_> for Field<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string holding an {}", self.what)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        self.value(v.as_bytes())
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Option<T>, E> {
        self.value(v)
    }
}

/// The same field, optional: `None` for a format's null (JSON `null`; csv gives an empty
/// field as a string, read as no value).
struct Optional<T>(Field<T>);

impl<'de, T> Visitor<'de> for Optional<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(", or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_str(self.0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
        self.0.visit_str(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Option<T>, E> {
        self.0.visit_bytes(v)
    }
}

fn icd10_read(field: &[u8]) -> Read<Icd10Code> {
    icd10_field(field)
}

fn opcs4_read(field: &[u8]) -> Read<Opcs4Code> {
    opcs4_field(field).map(Opcs4Field::code)
}

const ICD10: &str = "ICD-10 field";
const OPCS4: &str = "OPCS-4 field";

/// `Icd10Code` from a HES ICD-10 field, as [`icd10_field`] reads it (`I509-`, `H198-A`,
/// `I48X`, `D631*`); a field with no value (`""`, `-`, `NULL`) is an error. Serialises the
/// canonical code (`I50.9`).
///
/// ```
/// use nice_coding::{Icd10Code, icd10};
///
/// #[derive(serde::Deserialize, serde::Serialize)]
/// struct Row {
///     #[serde(with = "nice_coding::hes::serde::icd10")]
///     diag: Icd10Code,
/// }
///
/// let row: Row = serde_json::from_str(r#"{"diag": "I509-"}"#).unwrap();
/// assert_eq!(row.diag, icd10!("I50.9"));
/// assert_eq!(serde_json::to_string(&row).unwrap(), r#"{"diag":"I50.9"}"#);
/// let err = serde_json::from_str::<Row>(r#"{"diag": "-"}"#).err().unwrap();
/// assert!(err.to_string().starts_with(r#"ICD-10 field "-": no code"#));
/// ```
pub mod icd10 {
    use super::*;

    /// Reads the field; see [the module](self).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Icd10Code, D::Error> {
        let field = Field {
            what: ICD10,
            read: icd10_read,
            required: true,
        };
        deserializer
            .deserialize_str(field)?
            .ok_or_else(|| de::Error::custom("no code"))
    }

    /// Writes the canonical code, `I50.9`.
    pub fn serialize<S: Serializer>(code: &Icd10Code, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(code)
    }
}

/// `Option<Icd10Code>` from a HES ICD-10 field, as [`icd10_field`] reads it: `None` for a field
/// with no value (`""`, `-`, `NULL`, JSON `null`). Serialises the canonical code, or none (an
/// empty CSV field, JSON `null`).
///
/// ```
/// use nice_coding::{Icd10Code, icd10};
///
/// #[derive(serde::Deserialize, serde::Serialize)]
/// struct Row {
///     epikey: u32,
///     #[serde(with = "nice_coding::hes::serde::icd10_option")]
///     diag: Option<Icd10Code>,
/// }
///
/// let extract = "epikey,diag\n1,H198-A\n2,-\n3,\n4,NULL\n";
/// let rows: Vec<Row> = csv::Reader::from_reader(extract.as_bytes())
///     .deserialize()
///     .collect::<Result<_, _>>()
///     .unwrap();
/// let read: Vec<_> = rows.iter().map(|r| r.diag).collect();
/// assert_eq!(read, [Some(icd10!("H19.8A")), None, None, None]);
/// let row: Row = serde_json::from_str(r#"{"epikey": 5, "diag": null}"#).unwrap();
/// assert_eq!(row.diag, None);
/// ```
pub mod icd10_option {
    use super::*;

    /// Reads the field; see [the module](self).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Icd10Code>, D::Error> {
        deserializer.deserialize_option(Optional(Field {
            what: ICD10,
            read: icd10_read,
            required: false,
        }))
    }

    /// Writes the canonical code, or none.
    pub fn serialize<S: Serializer>(
        code: &Option<Icd10Code>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match code {
            Some(code) => serializer.collect_str(code),
            None => serializer.serialize_none(),
        }
    }
}

/// `Opcs4Code` from a HES OPCS-4 field, as [`opcs4_field`] reads it (`K578`, `k57.8`); a field
/// holding no code (`-`, `&`, `""`, `NULL`) is an error. Serialises the canonical code
/// (`K57.8`).
///
/// ```
/// use nice_coding::{Opcs4Code, opcs4};
///
/// #[derive(serde::Deserialize)]
/// struct Row {
///     #[serde(with = "nice_coding::hes::serde::opcs4")]
///     opertn: Opcs4Code,
/// }
///
/// let row: Row = serde_json::from_str(r#"{"opertn": "K578"}"#).unwrap();
/// assert_eq!(row.opertn, opcs4!("K57.8"));
/// assert!(serde_json::from_str::<Row>(r#"{"opertn": "&"}"#).is_err());
/// ```
pub mod opcs4 {
    use super::*;

    /// Reads the field; see [the module](self).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Opcs4Code, D::Error> {
        let field = Field {
            what: OPCS4,
            read: opcs4_read,
            required: true,
        };
        deserializer
            .deserialize_str(field)?
            .ok_or_else(|| de::Error::custom("no code"))
    }

    /// Writes the canonical code, `K57.8`.
    pub fn serialize<S: Serializer>(code: &Opcs4Code, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(code)
    }
}

/// `Option<Opcs4Code>` from a HES OPCS-4 field, as [`opcs4_field`] reads it: `None` for a field
/// holding no code (`-` no operation, `&` not known, `""`, `NULL`, JSON `null`; read the field
/// as an [`Opcs4Field`] to tell them apart). Serialises the canonical code, or none.
///
/// ```
/// use nice_coding::{Opcs4Code, opcs4};
///
/// #[derive(serde::Deserialize)]
/// struct Row {
///     #[serde(with = "nice_coding::hes::serde::opcs4_option")]
///     opertn: Option<Opcs4Code>,
/// }
///
/// let row: Row = serde_json::from_str(r#"{"opertn": "-"}"#).unwrap();
/// assert_eq!(row.opertn, None);
/// let row: Row = serde_json::from_str(r#"{"opertn": " y534 "}"#).unwrap();
/// assert_eq!(row.opertn, Some(opcs4!("Y53.4")));
/// ```
pub mod opcs4_option {
    use super::*;

    /// Reads the field; see [the module](self).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Opcs4Code>, D::Error> {
        deserializer.deserialize_option(Optional(Field {
            what: OPCS4,
            read: opcs4_read,
            required: false,
        }))
    }

    /// Writes the canonical code, or none.
    pub fn serialize<S: Serializer>(
        code: &Option<Opcs4Code>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match code {
            Some(code) => serializer.collect_str(code),
            None => serializer.serialize_none(),
        }
    }
}

/// Reads the whole field, keeping what it holds when it holds no code.
fn opcs4_whole(field: &[u8]) -> Read<Opcs4Field> {
    opcs4_field(field).map(Some)
}

impl<'de> ::serde::Deserialize<'de> for Opcs4Field {
    /// A HES OPCS-4 field, as [`opcs4_field`] reads it: a code, `-`, `&`, or no value (an empty
    /// string, `NULL`).
    ///
    /// ```
    /// use nice_coding::hes::Opcs4Field;
    /// use nice_coding::opcs4;
    /// let read: Vec<Opcs4Field> = serde_json::from_str(r#"["K578", "-", "&", ""]"#).unwrap();
    /// assert_eq!(read, [
    ///     Opcs4Field::Code(opcs4!("K57.8")),
    ///     Opcs4Field::NoOperation,
    ///     Opcs4Field::NotKnown,
    ///     Opcs4Field::Empty,
    /// ]);
    /// ```
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let field = Field {
            what: OPCS4,
            read: opcs4_whole,
            required: false,
        };
        Ok(deserializer
            .deserialize_str(field)?
            .unwrap_or(Opcs4Field::Empty))
    }
}

impl Serialize for Opcs4Field {
    /// The field as HES writes what it holds: the canonical code (`K57.8`), `-`, `&`, or an
    /// empty string; read back by its `Deserialize`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Opcs4Field::Code(code) => serializer.collect_str(code),
            Opcs4Field::NoOperation => serializer.serialize_str("-"),
            Opcs4Field::NotKnown => serializer.serialize_str("&"),
            Opcs4Field::Empty => serializer.serialize_str(""),
        }
    }
}
