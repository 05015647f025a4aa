//! `Deserialize` for the value types (the `serde` feature), so they can be typed fields of a
//! CSV row, a JSON or TOML configuration, or map keys.
//!
//! Each reads a string, with the type's `FromStr`, so a value reads back from what its
//! `Serialize` (and `Display`) wrote, in any format, as a value or as a map key:
//!
//! * [`Opcs4Code`] and [`Icd10Code`]: what [`Opcs4Code::parse_loose`] and
//!   [`Icd10Code::parse_loose`] read, the canonical form (`"K57.8"`) and what hospital
//!   systems record (`"k578"`, `"I48X"`, `"D63.1*"`). For the fields of a HES extract, which
//!   also hold fillers and "no value" marks (`"I509-"`, `"-"`, `"NULL"`), see
//!   [`hes::serde`](crate::hes::serde).
//! * [`Code`]: `"opcs4:K57.8"` or `"icd10:I50.9"`.
//! * [`Guidance`]: its id in any case (`"IPG655"`, `"ipg655"`).
//! * [`RuleKind`]: `"one_of"`, ..., or a code's text form (`"opcs4:K57.8"`).
//! * [`Outcome`], [`Status`], [`NamedBy`], [`Programme`], [`Recommendation`],
//!   [`Icd10Marker`]: exactly their `snake_case` names.
//!
//! A value that is not one gives an error naming what was expected, the value (escaped, as
//! Rust writes a string literal) and what is wrong with it (`OPCS-4 code "K5": the code is too
//! short`), in the format's own error type. Nothing allocates.

use crate::Guidance;
use crate::code::{Icd10Code, Icd10Marker, Opcs4Code};
use crate::guidance::{Programme, Recommendation, Status};
use crate::matching::Outcome;
use crate::naming::NamedBy;
use crate::rule::{Code, RuleKind};
use core::fmt;
use core::str::FromStr;
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// Reads `T` from a string with its `FromStr`; an error names what was expected and the value,
/// then says what is wrong: `OPCS-4 code "K5": the code is too short`.
pub(crate) fn from_text<'de, T, D>(deserializer: D, what: &'static str) -> Result<T, D::Error>
where
    T: FromStr,
    T::Err: fmt::Display,
    D: Deserializer<'de>,
{
    deserializer.deserialize_str(Text::<T> {
        what,
        marker: core::marker::PhantomData,
    })
}

/// The visitor of [`from_text`].
struct Text<T> {
    what: &'static str,
    marker: core::marker::PhantomData<fn() -> T>,
}

impl<T> Visitor<'_> for Text<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string holding a {}", self.what)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse::<T>()
            .map_err(|e| E::custom(format_args!("{} {v:?}: {e}", self.what)))
    }

    /// Bytes that are UTF-8 are read as the string they hold (some formats give CSV fields
    /// and map keys as bytes).
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<T, E> {
        match core::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(v), &self)),
        }
    }
}

/// `Deserialize` through [`from_text`] for each type, with the name its errors give.
macro_rules! deserialize_text {
    ($($ty:ty => $what:literal),+ $(,)?) => {$(
        impl<'de> Deserialize<'de> for $ty {
            /// A string, read with `FromStr`: what `Serialize` and `Display` write.
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                from_text(deserializer, $what)
            }
        }
    )+};
}

deserialize_text!(
    Opcs4Code => "OPCS-4 code",
    Icd10Code => "ICD-10 code",
    Code => "code",
    Guidance => "guidance",
    RuleKind => "rule kind",
    Outcome => "outcome",
    Status => "status",
    NamedBy => "naming",
    Programme => "programme",
    Recommendation => "recommendation",
    Icd10Marker => "ICD-10 marker",
);
