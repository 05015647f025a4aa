//! The guidance file format as serde reads it: one struct per TOML table, unknown keys rejected.
//!
//! These types mirror the files exactly; every value a check may need to point at is wrapped
//! in [`Spanned`] so an error can name its line and column. The checked model that the emitter
//! consumes is in `validate.rs`.

use serde::Deserialize;
use toml::Spanned;

/// A guidance file: `guidance/<programme>/<ID>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGuidance {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub source: Spanned<String>,
    pub status: Option<Spanned<String>>,
    #[serde(default)]
    pub replaces: Vec<Spanned<String>>,
    #[serde(default)]
    pub replaced_by: Vec<Spanned<String>>,
    pub recommendation: Option<Spanned<String>>,
    pub opcs4_version: Option<Spanned<String>>,
    pub icd10_edition: Option<Spanned<String>>,
    pub published: Option<Spanned<String>>,
    pub last_updated: Option<Spanned<String>>,
    #[serde(default)]
    pub body_systems: Vec<Spanned<String>>,
    pub procedure: Option<Spanned<Vec<Spanned<RawNode>>>>,
    pub diagnosis: Option<Spanned<Vec<Spanned<RawNode>>>>,
    pub ruled_out_by: Option<Spanned<Vec<Spanned<RawNode>>>>,
    #[serde(default)]
    pub snomed: Vec<Spanned<RawSnomed>>,
    #[serde(default)]
    pub notes: Vec<Spanned<String>>,
    #[serde(default)]
    pub stock_notes: Vec<Spanned<String>>,
    #[serde(default)]
    pub limitations: Vec<Spanned<String>>,
    #[serde(default)]
    pub not_coded: Vec<Spanned<String>>,
    #[serde(default)]
    pub ambiguities: Vec<Spanned<String>>,
    pub incomplete: Option<Spanned<String>>,
    pub no_single_code_set: Option<Spanned<String>>,
}

/// One node of a recommendation tree: a code, a group, or a placeholder.
///
/// Exactly one of the kind keys (`opcs4`, `icd10`, `all`, `one_of`, `one_or_more`, `variants`,
/// `stages`, `placeholder`) must be present; `validate.rs` checks that and which of the other
/// keys the kind allows, so the messages are ours rather than serde's.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    pub opcs4: Option<Spanned<String>>,
    pub icd10: Option<Spanned<String>>,
    pub all: Option<Spanned<Vec<Spanned<RawNode>>>>,
    pub one_of: Option<Spanned<Vec<Spanned<RawNode>>>>,
    pub one_or_more: Option<Spanned<Vec<Spanned<RawNode>>>>,
    pub variants: Option<Spanned<Vec<Spanned<RawNode>>>>,
    pub stages: Option<Spanned<Vec<Spanned<RawNode>>>>,
    pub placeholder: Option<Spanned<String>>,

    pub title: Option<Spanned<String>>,
    pub default: Option<Spanned<String>>,
    pub default_title: Option<Spanned<String>>,
    pub within: Option<Spanned<Vec<Spanned<String>>>>,
    pub condition: Option<Spanned<String>>,
    pub note: Option<Spanned<String>>,
    pub stock_notes: Option<Spanned<Vec<Spanned<String>>>>,
    pub sequence: Option<Spanned<String>>,
    pub printed: Option<Spanned<String>>,
    pub label: Option<Spanned<String>>,
    pub preferred: Option<Spanned<bool>>,

    // Rules between codes (`check_rules.rs`).
    pub only_if: Option<Spanned<Vec<Spanned<String>>>>,
    pub instead_of: Option<Spanned<Vec<Spanned<String>>>>,
    pub supplementary_if: Option<Spanned<Vec<Spanned<String>>>>,
    pub concurrent: Option<Spanned<String>>,
    pub chosen_by: Option<Spanned<String>>,
    pub count: Option<Spanned<String>>,
    pub in_order: Option<Spanned<bool>>,
    pub implied_label: Option<Spanned<String>>,
    pub includes: Option<Spanned<Vec<Spanned<String>>>>,
    pub excludes: Option<Spanned<Vec<Spanned<RawNode>>>>,
}

/// A SNOMED CT concept given by the text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSnomed {
    pub concept: Spanned<String>,
    pub term: Spanned<String>,
    pub applies_to: Spanned<String>,
}

/// `guidance/stock-notes.toml`: a table of notes keyed by name.
pub type RawStockNotes = std::collections::BTreeMap<Spanned<String>, RawStockNote>;

/// One stock note.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStockNote {
    pub text: Spanned<String>,
}
