//! The kinds of recommendation-tree node, as stored in the generated `NODES` table.
//!
//! Shared by the library and the build script (`#[path]`), so the two cannot disagree.

pub(crate) const OPCS4: u8 = 0;
pub(crate) const ICD10: u8 = 1;
pub(crate) const ALL: u8 = 2;
pub(crate) const ONE_OF: u8 = 3;
pub(crate) const ONE_OR_MORE: u8 = 4;
pub(crate) const VARIANTS: u8 = 5;
pub(crate) const STAGES: u8 = 6;
pub(crate) const PLACEHOLDER: u8 = 7;
pub(crate) const PATIENTS: u8 = 8;
