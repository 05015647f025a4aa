//! `Deserialize` for codes and guidance (the `serde` feature), so they can be typed fields of a
//! CSV row, a JSON or TOML configuration, or a map key.
//!
//! Each reads the text form its `Serialize` writes, so a value read back is the value written:
//!
//! * [`Opcs4Code`] and [`Icd10Code`]: a string, read as [`Opcs4Code::parse_loose`] and
//!   [`Icd10Code::parse_loose`] read it: the canonical form (`"K57.8"`) and what hospital
//!   systems record (`"k578"`, `"I48X"`).
//! * [`Code`]: `{"opcs4": "K57.8"}` (the form it serialises to), or the string
//!   `"opcs4:K57.8"` as [`Code`'s `FromStr`](Code#impl-FromStr-for-Code) reads it, for formats
//!   whose fields are strings (CSV). It needs a self-describing format (JSON, TOML, CSV).
//! * [`Guidance`]: its id in any case (`"IPG655"`, `"ipg655"`).
//!
//! A value that is not one gives an error naming what was expected, the value (escaped, as
//! Rust writes a string literal) and what is wrong with it (`OPCS-4 code "K5": the code is too
//! short`), in the format's own error type. Nothing allocates.

use crate::Guidance;
use crate::code::{Icd10Code, Opcs4Code};
use crate::rule::Code;
use core::fmt;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

/// Reads a string with `parse`; an error names what was expected and the value, then says
/// what is wrong: `OPCS-4 code "K5": the code is too short`.
struct Parsed<T, E: fmt::Display> {
    /// What the string should be, `OPCS-4 code`.
    what: &'static str,
    parse: fn(&str) -> Result<T, E>,
}

impl<T, E: fmt::Display> Visitor<'_> for Parsed<T, E> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string holding a {}", self.what)
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<T, Er> {
        (self.parse)(v).map_err(|e| Er::custom(format_args!("{} {v:?}: {e}", self.what)))
    }
}

impl<'de> Deserialize<'de> for Opcs4Code {
    /// A string, canonical (`"K57.8"`) or as hospital systems record it (`"k578"`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Parsed {
            what: "OPCS-4 code",
            parse: Opcs4Code::parse_loose,
        })
    }
}

impl<'de> Deserialize<'de> for Icd10Code {
    /// A string, canonical (`"I48.X"`) or as hospital systems record it (`"I48X"`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Parsed {
            what: "ICD-10 code",
            parse: Icd10Code::parse_loose,
        })
    }
}

impl<'de> Deserialize<'de> for Guidance {
    /// An id in any case, `"IPG655"`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Parsed {
            what: "guidance",
            parse: |s: &str| s.parse::<Guidance>(),
        })
    }
}

/// The key of a code written as a map: its classification.
enum Classification {
    Opcs4,
    Icd10,
}

impl<'de> Deserialize<'de> for Classification {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Key;
        impl Visitor<'_> for Key {
            type Value = Classification;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`opcs4` or `icd10`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Classification, E> {
                match v {
                    "opcs4" => Ok(Classification::Opcs4),
                    "icd10" => Ok(Classification::Icd10),
                    _ => Err(E::unknown_variant(v, &["opcs4", "icd10"])),
                }
            }
        }
        deserializer.deserialize_identifier(Key)
    }
}

/// Reads a [`Code`] from `{"opcs4": "K57.8"}` or `"opcs4:K57.8"`.
struct CodeVisitor;

impl<'de> Visitor<'de> for CodeVisitor {
    type Value = Code;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a code as {"opcs4": "K57.8"} or "opcs4:K57.8""#)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Code, E> {
        v.parse::<Code>()
            .map_err(|e| E::custom(format_args!("code {v:?}: {e}")))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Code, A::Error> {
        let code = match map.next_key::<Classification>()? {
            Some(Classification::Opcs4) => Code::Opcs4(map.next_value()?),
            Some(Classification::Icd10) => Code::Icd10(map.next_value()?),
            None => return Err(de::Error::invalid_length(0, &self)),
        };
        if map.next_key::<Classification>()?.is_some() {
            return Err(de::Error::invalid_length(2, &self));
        }
        Ok(code)
    }
}

impl<'de> Deserialize<'de> for Code {
    /// `{"opcs4": "K57.8"}` or `{"icd10": "I50.9"}` (what `Serialize` writes), or the string
    /// `"opcs4:K57.8"` / `"icd10:I50.9"`. Needs a self-describing format.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CodeVisitor)
    }
}
