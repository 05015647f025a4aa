// The README is the crate's front page. Its links are reference-style with relative targets,
// right on the repository page; rustdoc would resolve those against the docs folder, where the
// files are not. The first definition of a label wins, so these, placed before the README,
// send each label to the packaged file in docs.rs's source view of this version. That view
// shows a Markdown file as text, whose anchors are line numbers (`#L447`), not headings
// (`#checking-against-a-release`): the build script writes a definition for each of README's
// links into a section of guidance/README.md, naming the line of its heading
// (build/emit/front_page.rs), and it is included first.
//
// The source links of the generated items (`Guidance`, the `ipg` constants, ...) lead to
// `catalogue.rs` under the build's `OUT_DIR`, so they name the folder the docs were built in
// (docs.rs's build folder on docs.rs). rustdoc can remap that path only with an unstable flag
// (`-Z unstable-options --remap-path-prefix`), and `doc(html_no_source)` would drop the source
// links of the whole crate, so they are left as rustdoc makes them.
#![doc = concat!("[guidance-readme]: https://docs.rs/crate/nice-coding/", env!("CARGO_PKG_VERSION"), "/source/guidance/README.md")]
#![doc = include_str!(concat!(env!("OUT_DIR"), "/doc/guide-links.md"))]
#![doc = concat!("[benchmarks]: https://docs.rs/crate/nice-coding/", env!("CARGO_PKG_VERSION"), "/source/BENCHMARKS.md")]
#![doc = concat!("[changelog]: https://docs.rs/crate/nice-coding/", env!("CARGO_PKG_VERSION"), "/source/CHANGELOG.md")]
#![doc = concat!("[licence-apache]: https://docs.rs/crate/nice-coding/", env!("CARGO_PKG_VERSION"), "/source/LICENSE-APACHE")]
#![doc = concat!("[licence-mit]: https://docs.rs/crate/nice-coding/", env!("CARGO_PKG_VERSION"), "/source/LICENSE-MIT")]
#![doc = concat!("[provenance]: https://docs.rs/crate/nice-coding/", env!("CARGO_PKG_VERSION"), "/source/guidance/PROVENANCE.md")]
// README's links into the API docs (docs.rs URLs there) become intra-doc links here.
#![doc = "[api-guidance]: crate::Guidance"]
#![doc = "[api-ipg]: crate::ipg"]
#![doc = "[api-ipg655]: crate::ipg::IPG655"]
#![doc = "[api-by-code]: crate::by_code"]
#![doc = "[api-naming]: crate::Guidance::naming"]
#![doc = "[api-named-by]: crate::NamedBy"]
#![cfg_attr(feature = "serde", doc = "[api-catalogue]: crate::Catalogue")]
#![doc = ""]
#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod code;
#[cfg(feature = "serde")]
mod deserialize;
mod guidance;
pub mod hes;
#[doc(hidden)]
pub mod literal;
pub mod matching;
mod names;
pub mod naming;
mod page;
mod rule;
#[cfg(feature = "serde")]
mod serde_impls;
mod tables;

pub use code::{CodeError, Icd10Code, Icd10Marker, Opcs4Code, Undotted};
pub use guidance::{
    GuidanceList, GuidanceRef, GuidanceRefs, ParseGuidanceError, Programme, Recommendation,
    SnomedConcept, Status, StockNote, StockNotes,
};
#[doc(hidden)]
pub use matching::matches_naive;
pub use matching::{Episode, Evaluation, Explain, Matches, Missing, Outcome, RuleMatch, matches};
pub use names::{ParseNameError, ParseRuleKindError};
pub use naming::{NamedBy, Naming, Namings};
pub use page::Page;
pub use rule::{BareCode, CategoryRange, Code, ParseCodeError, Rule, RuleKind, Rules};
#[cfg(feature = "serde")]
pub use serde_impls::{Catalogue, GuidanceRecord};
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
// and the static tables. See `build/emit/` for its layout. The bulk of the data (tables,
// strings, documentation pages) is in files next to it, included by the macros above, so the
// source stays small whatever the size of the catalogue.
include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
