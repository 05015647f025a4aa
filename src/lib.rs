#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod code;
mod guidance;
pub mod hes;
pub mod matching;
mod page;
mod rule;
#[cfg(feature = "serde")]
mod serde_impls;
mod tables;

pub use code::{CodeError, Icd10Code, Icd10Marker, Opcs4Code};
pub use guidance::{
    GuidanceList, GuidanceRef, GuidanceRefs, ParseGuidanceError, Programme, Recommendation,
    SnomedConcept, Status, StockNote, StockNotes,
};
pub use matching::{
    Episode, Evaluation, Explain, Matches, Missing, Outcome, RuleMatch, matches, matches_naive,
};
pub use page::Page;
pub use rule::{CategoryRange, Code, Rule, RuleKind, Rules};
#[cfg(feature = "serde")]
pub use serde_impls::Catalogue;
pub use tables::Texts;

use tables::SnomedRecord;

/// A data table the build script wrote to `$OUT_DIR/tables/`, as a byte array.
macro_rules! table {
    ($name:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/tables/", $name, ".bin"))
    };
}

/// The documentation page of a guidance, rendered by the build script to `$OUT_DIR/doc/`.
macro_rules! guidance_doc {
    ($id:literal) => {
        include_str!(concat!(env!("OUT_DIR"), "/doc/", $id, ".md"))
    };
}

// The generated catalogue: `enum Guidance`, the per-programme constant modules, DATA_VERSION
// and the static tables. See `build/emit.rs` for its layout. The bulk of the data (tables,
// strings, documentation pages) is in files next to it, included by the macros above, so the
// source stays small whatever the size of the catalogue.
include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
