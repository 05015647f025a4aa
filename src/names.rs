//! The names the small enums write and read back: [`Outcome`], [`Status`], [`NamedBy`],
//! [`Programme`], [`Recommendation`] and [`Icd10Marker`] (and [`RuleKind`], whose code rules
//! add the code).
//!
//! Each has one text form, its `snake_case` name: `as_str` and `Display` write it, `FromStr`
//! reads exactly it back (nothing else, no other case), and with the `serde` feature it is the
//! string the value serialises to and deserialises from, as a value, a map key or a CSV field.
//! The command-line tool writes the same names. `ALL` lists every value in order, `NAMES` their
//! names in the same order.

use crate::code::Icd10Marker;
use crate::guidance::{Programme, Recommendation, Status};
use crate::matching::Outcome;
use crate::naming::NamedBy;
use crate::rule::{Code, ParseCodeError, RuleKind};
use core::fmt;
use core::str::FromStr;

/// Why a string is not one of the names a type writes: `"superseeded".parse::<Status>()`.
///
/// The message lists the names the type reads; it does not repeat the string (show that
/// escaped, with `{:?}`, as the `serde` feature's errors do).
///
/// ```
/// use nice_coding::Status;
/// let err = "Current".parse::<Status>().unwrap_err();
/// assert_eq!(err.to_string(), "a status is one of `current`, `superseded`, `withdrawn`");
/// assert_eq!(err.expected(), Status::NAMES);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParseNameError {
    what: &'static str,
    expected: &'static [&'static str],
}

impl ParseNameError {
    /// The names the type reads, in the order of its values.
    pub const fn expected(&self) -> &'static [&'static str] {
        self.expected
    }
}

impl fmt::Display for ParseNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is one of ", self.what)?;
        for (i, name) in self.expected.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{name}`")?;
        }
        Ok(())
    }
}

impl core::error::Error for ParseNameError {}

/// `ALL`, `NAMES`, `as_str`, `Display` and `FromStr` for an enum of named values.
macro_rules! names {
    (
        $ty:ident, $what:literal, $all_doc:literal,
        [$($variant:ident => $name:literal),+ $(,)?]
    ) => {
        impl $ty {
            #[doc = $all_doc]
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name of each value of [`ALL`](Self::ALL), in the same order: what
            /// [`as_str`](Self::as_str) writes and `FromStr` reads.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            #[doc = concat!(
                "The `snake_case` name (", $("`", $name, "` "),+,
                "): what `Display`, the command-line tool and the `serde` feature write, and \
                 what `FromStr` reads back."
            )]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl fmt::Display for $ty {
            /// The name, [`as_str`](Self::as_str).
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = ParseNameError;

            /// Exactly one of [`NAMES`](Self::NAMES), as [`as_str`](Self::as_str) writes it.
            fn from_str(s: &str) -> Result<$ty, ParseNameError> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    _ => Err(ParseNameError { what: $what, expected: $ty::NAMES }),
                }
            }
        }
    };
}

names!(Outcome, "an outcome", "Every outcome, from the closest match to none.", [
    DiagnosisMatches => "diagnosis_matches",
    DiagnosisAbsentOrDifferent => "diagnosis_absent_or_different",
    NoDiagnosisRecommendation => "no_diagnosis_recommendation",
    DiagnosisNotChecked => "diagnosis_not_checked",
    NoMatch => "no_match",
]);

names!(Status, "a status", "Every status, current first.", [
    Current => "current",
    Superseded => "superseded",
    Withdrawn => "withdrawn",
]);

names!(NamedBy, "a way of naming a code", "Every way of naming a code, the most direct first.", [
    Code => "code",
    Category => "category",
    XFilled => "x_filled",
    Subdivision => "subdivision",
    Default => "default",
    CodeInCategory => "code_in_category",
    DefaultInCategory => "default_in_category",
]);

names!(Programme, "a programme", "Every programme, in id order.", [
    Ipg => "ipg",
    Mtg => "mtg",
]);

names!(Recommendation, "a recommendation", "Every recommendation category.", [
    Standard => "standard",
    Special => "special",
    ResearchOnly => "research_only",
]);

names!(Icd10Marker, "an ICD-10 marker", "Both markers, dagger first.", [
    Dagger => "dagger",
    Asterisk => "asterisk",
]);

/// The kinds of rule that are not codes, in the order of [`RuleKind`]'s variants.
const GROUP_KINDS: [RuleKind; 7] = [
    RuleKind::All,
    RuleKind::OneOf,
    RuleKind::OneOrMore,
    RuleKind::Variants,
    RuleKind::Stages,
    RuleKind::Patients,
    RuleKind::Placeholder,
];

/// Their names, as [`RuleKind::as_str`] writes them (a unit test keeps the two in step).
const GROUP_NAMES: &[&str] = &[
    "all",
    "one_of",
    "one_or_more",
    "variants",
    "stages",
    "patients",
    "placeholder",
];

impl RuleKind {
    /// The kind key of the guidance file format, the `kind` of a serialised [`Rule`]
    /// (`crate::Rule`): `"opcs4"` or `"icd10"` for a code (without the code), `"all"`,
    /// `"one_of"`, `"one_or_more"`, `"variants"`, `"stages"`, `"patients"` or `"placeholder"`.
    ///
    /// This is the name of the kind only. The text form of a `RuleKind` (`Display`, `FromStr`,
    /// the `serde` feature) is this name for a group or placeholder and the [`Code`]'s text
    /// form for a code (`opcs4:K57.8`), so that it reads back as the same value.
    ///
    /// [`Rule`]: crate::Rule
    pub const fn as_str(self) -> &'static str {
        match self {
            RuleKind::Code(code) => code.classification(),
            RuleKind::All => "all",
            RuleKind::OneOf => "one_of",
            RuleKind::OneOrMore => "one_or_more",
            RuleKind::Variants => "variants",
            RuleKind::Stages => "stages",
            RuleKind::Patients => "patients",
            RuleKind::Placeholder => "placeholder",
        }
    }
}

impl fmt::Display for RuleKind {
    /// `opcs4:K57.8` for a code (the [`Code`]'s text form), else [`as_str`](RuleKind::as_str):
    /// `all`, `one_of`, ...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleKind::Code(code) => code.fmt(f),
            kind => f.pad(kind.as_str()),
        }
    }
}

/// Why a string is not a [`RuleKind`]: neither the name of a group or placeholder nor a code
/// in its text form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseRuleKindError {
    /// Not a name: `all`, `one_of`, `one_or_more`, `variants`, `stages`, `patients`,
    /// `placeholder`.
    Name(ParseNameError),
    /// Written as a code (it holds `:`), but not one: see [`Code`'s `FromStr`](Code).
    Code(ParseCodeError),
}

impl fmt::Display for ParseRuleKindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseRuleKindError::Name(e) => write!(f, "{e}, or a code such as `opcs4:K57.8`"),
            ParseRuleKindError::Code(e) => e.fmt(f),
        }
    }
}

impl core::error::Error for ParseRuleKindError {}

impl FromStr for RuleKind {
    type Err = ParseRuleKindError;

    /// What `Display` writes: a code in its text form (`opcs4:K57.8`, read as [`Code`] reads
    /// it) or exactly one of the names of the other kinds (`one_of`).
    ///
    /// ```
    /// use nice_coding::{Code, RuleKind, opcs4};
    /// let kind = RuleKind::Code(Code::Opcs4(opcs4!("K57.8")));
    /// assert_eq!(kind.to_string(), "opcs4:K57.8");
    /// assert_eq!("opcs4:K57.8".parse(), Ok(kind));
    /// assert_eq!("one_of".parse(), Ok(RuleKind::OneOf));
    /// assert!("opcs4".parse::<RuleKind>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<RuleKind, ParseRuleKindError> {
        // Bytes, not `str::contains`: a `char` pattern compiles the whole substring searcher
        // into the library, which every dependent builds (BENCHMARKS.md, section 2).
        if s.as_bytes().contains(&b':') {
            return s
                .parse::<Code>()
                .map(RuleKind::Code)
                .map_err(ParseRuleKindError::Code);
        }
        GROUP_KINDS
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or(ParseRuleKindError::Name(ParseNameError {
                what: "a rule kind",
                expected: GROUP_NAMES,
            }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_are_the_kinds_names() {
        assert_eq!(GROUP_NAMES.len(), GROUP_KINDS.len());
        for (name, kind) in GROUP_NAMES.iter().zip(GROUP_KINDS) {
            assert_eq!(*name, kind.as_str());
        }
    }
}
