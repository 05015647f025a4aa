//! The guidance file format: one struct per TOML table, its fields the table's keys.
//!
//! These types mirror the files exactly; every value a check may need to point at is wrapped
//! in [`Spanned`] so an error can name its line and column. They are read by hand from
//! `toml`'s parse tree (`toml_reader.rs`): adding a key is adding a field here (its type says
//! how it is read: `Option<_>` may be left out, `Vec<_>` left out is empty, anything else is
//! required). A key a table does not list is reported as unknown. The structs are written at
//! the left margin inside `toml_table!` so they read as the plain structs they expand to.
//!
//! The checked model that the emitter consumes is `catalogue.rs`, built by `check/`.

use super::toml_reader::{
    Entries, Expected, Problem, Reading, Subject, Table, Value, read_document, read_keyed_document,
    toml_table, wrong_type,
};
use toml::Spanned;
use toml::de::DeValue;

toml_table! {
/// A guidance file: `guidance/<programme>/<ID>.toml`.
pub struct RawGuidance {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub source: Spanned<String>,
    pub status: Option<Spanned<String>>,
    pub replaces: Vec<Spanned<String>>,
    pub replaced_by: Vec<Spanned<String>>,
    pub recommendation: Option<Spanned<String>>,
    pub opcs4_version: Option<Spanned<String>>,
    pub icd10_edition: Option<Spanned<String>>,
    pub published: Option<Spanned<String>>,
    /// Why no publication date can be established (instead of `published`); see `check/dating.rs`.
    pub undated: Option<Spanned<String>>,
    /// A date before which sources show the text existed, in an `undated` file (with its
    /// `# written_before:` evidence); see `check/dating.rs`.
    pub written_before: Option<Spanned<String>>,
    /// The names the text (or its NICE page) uses that date it, as keys of
    /// `guidance/names.toml`, in an `undated` file (with its `# written_while:` comment); see
    /// `check/names.rs`.
    pub written_while: Option<Spanned<Vec<Spanned<String>>>>,
    pub last_updated: Option<Spanned<String>>,
    pub body_systems: Vec<Spanned<String>>,
    pub procedure: Option<Spanned<Vec<Spanned<RawNode>>>>,
    pub diagnosis: Option<Spanned<Vec<Spanned<RawNode>>>>,
    pub ruled_out_by: Option<Spanned<Vec<Spanned<RawNode>>>>,
    pub snomed: Vec<Spanned<RawSnomed>>,
    pub notes: Vec<Spanned<String>>,
    pub stock_notes: Vec<Spanned<String>>,
    pub limitations: Vec<Spanned<String>>,
    pub not_coded: Vec<Spanned<String>>,
    pub ambiguities: Vec<Spanned<String>>,
    pub incomplete: Option<Spanned<String>>,
    pub no_single_code_set: Option<Spanned<String>>,
}
}

toml_table! {
/// One node of a recommendation tree: a code, a group, or a placeholder.
///
/// Exactly one of the kind keys (`opcs4`, `icd10`, `all`, `one_of`, `one_or_more`, `variants`,
/// `stages`, `patients`, `placeholder`) must be present; `check/` checks that and which of the
/// other keys the kind allows.
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

    // Rules between codes (`check/rules.rs`).
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
    /// Codes of a category that do not satisfy it ("the .8 and .9 codes must not be used").
    pub except: Option<Spanned<Vec<Spanned<String>>>>,
    /// A group kind: the codes of several patients ("For the donor: ... For the recipient:
    /// ..."), each coded in that patient's own episode.
    pub patients: Option<Spanned<Vec<Spanned<RawNode>>>>,
}
}

impl RawNode {
    /// The entry lists of the group keys the node carries (`all`, `one_of`, `one_or_more`,
    /// `variants`, `stages`, `patients`): at most one in a valid file, but every one written is
    /// walked, so a check of a file with two still sees all the entries.
    pub fn group_lists(&self) -> impl Iterator<Item = &Spanned<Vec<Spanned<RawNode>>>> {
        [
            &self.all,
            &self.one_of,
            &self.one_or_more,
            &self.variants,
            &self.stages,
            &self.patients,
        ]
        .into_iter()
        .flatten()
    }
}

toml_table! {
/// A SNOMED CT concept given by the text.
pub struct RawSnomed {
    pub concept: Spanned<String>,
    pub term: Spanned<String>,
    pub applies_to: Spanned<String>,
}
}

/// `guidance/stock-notes.toml`: a table of notes keyed by name, in name order.
pub type RawStockNotes = Vec<(Spanned<String>, RawStockNote)>;

toml_table! {
/// One stock note.
pub struct RawStockNote {
    pub text: Spanned<String>,
}
}

/// `guidance/names.toml`: the names a text may use that date it, keyed by name, in name order.
pub type RawNames = Vec<(Spanned<String>, RawName)>;

toml_table! {
/// One name a text may use, and when it was in use (see `check/names.rs`).
pub struct RawName {
    pub name: Spanned<String>,
    pub phrases: Spanned<Vec<Spanned<String>>>,
    pub began: Option<Spanned<RawNameDay>>,
    pub ended: Option<Spanned<RawNameDay>>,
    pub caveats: Option<Spanned<String>>,
}
}

toml_table! {
/// The day a name began or ended, with the public source that states it.
pub struct RawNameDay {
    pub day: Spanned<String>,
    pub source: Spanned<String>,
    pub quote: Spanned<String>,
}
}

/// Reads a guidance file.
pub fn read_guidance(text: &str) -> Reading<RawGuidance> {
    read_document(text)
}

/// Reads `guidance/stock-notes.toml`.
pub fn read_stock_notes(text: &str) -> Reading<RawStockNotes> {
    read_keyed_document(text)
}

/// Reads `guidance/names.toml`.
pub fn read_names(text: &str) -> Reading<RawNames> {
    read_keyed_document(text)
}
