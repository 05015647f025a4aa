//! The checked catalogue: what `check/` produces from the files and `emit/` turns into
//! Rust. Everything here has passed every check, so the emitter never fails on data.

use super::shared::code::{Icd10Code, Opcs4Code};
use super::shared::sorted::SortedMap;

/// Every guidance, sorted by programme then number, and the stock notes they use.
#[derive(Debug, Default)]
pub struct Catalogue {
    pub guidance: Vec<Guidance>,
    /// Stock notes by key, sorted by key.
    pub stock_notes: SortedMap<String, String>,
    /// A hash of every input file, in hex: changes whenever the catalogue changes.
    pub data_version: String,
}

/// A NICE guidance programme that publishes coding recommendations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Programme {
    Ipg,
    Mtg,
}

impl Programme {
    pub const ALL: [Programme; 2] = [Programme::Ipg, Programme::Mtg];

    /// The id prefix (`IPG`).
    pub fn prefix(self) -> &'static str {
        match self {
            Programme::Ipg => "IPG",
            Programme::Mtg => "MTG",
        }
    }

    /// The folder under `guidance/` (`ipg`).
    pub fn folder(self) -> &'static str {
        match self {
            Programme::Ipg => "ipg",
            Programme::Mtg => "mtg",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Current,
    Superseded,
    Withdrawn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recommendation {
    Standard,
    Special,
    ResearchOnly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnomedUse {
    Procedure,
    Diagnosis,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snomed {
    pub concept: u64,
    pub term: String,
    pub applies_to: SnomedUse,
}

/// One checked guidance file.
#[derive(Clone, Debug)]
pub struct Guidance {
    pub id: String,
    pub programme: Programme,
    pub number: u16,
    /// The file, relative to the crate root.
    pub path: String,
    pub title: String,
    pub source: String,
    pub status: Status,
    pub replaces: Vec<String>,
    pub replaced_by: Vec<String>,
    pub recommendation: Option<Recommendation>,
    pub opcs4_version: Option<String>,
    pub icd10_edition: Option<String>,
    pub published: Option<String>,
    /// Why no publication date can be established (instead of `published`).
    pub undated: Option<String>,
    pub last_updated: Option<String>,
    pub body_systems: Vec<String>,
    pub procedure: Vec<Node>,
    pub diagnosis: Vec<Node>,
    /// `ruled_out_by`: codes whose presence means the guidance does not apply.
    pub ruled_out_by: Vec<Node>,
    pub snomed: Vec<Snomed>,
    pub notes: Vec<String>,
    pub stock_notes: Vec<String>,
    pub limitations: Vec<String>,
    pub not_coded: Vec<String>,
    pub ambiguities: Vec<String>,
    pub incomplete: Option<String>,
    pub no_single_code_set: Option<String>,
}

/// A code of either classification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    Opcs4(Opcs4Code),
    Icd10(Icd10Code),
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Code::Opcs4(c) => c.fmt(f),
            Code::Icd10(c) => c.fmt(f),
        }
    }
}

/// Which coding system a tree holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum System {
    Opcs4,
    Icd10,
}

impl System {
    pub fn name(self) -> &'static str {
        match self {
            System::Opcs4 => "OPCS-4",
            System::Icd10 => "ICD-10",
        }
    }
}

/// An inclusive range of three-character categories (`C71-C74`; a single category has
/// `first == last`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CategoryRange {
    pub first: [u8; 3],
    pub last: [u8; 3],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupKind {
    All,
    OneOf,
    OneOrMore,
    Variants,
    Stages,
    /// The codes of several patients (donor and recipient), each coded in that patient's own
    /// episode: an episode matches one patient's codes.
    Patients,
}

impl GroupKind {
    /// The TOML key that introduces the group.
    pub fn key(self) -> &'static str {
        match self {
            GroupKind::All => "all",
            GroupKind::OneOf => "one_of",
            GroupKind::OneOrMore => "one_or_more",
            GroupKind::Variants => "variants",
            GroupKind::Stages => "stages",
            GroupKind::Patients => "patients",
        }
    }
}

#[derive(Clone, Debug)]
pub enum NodeKind {
    Code {
        code: Code,
        title: Option<String>,
        printed: Option<String>,
    },
    Group {
        kind: GroupKind,
        children: Vec<Node>,
    },
    Placeholder {
        description: String,
        within: Vec<CategoryRange>,
    },
}

/// One checked node of a recommendation tree.
#[derive(Clone, Debug)]
pub struct Node {
    pub kind: NodeKind,
    /// The code to assign when the detail is not documented (categories and placeholders).
    pub default: Option<Code>,
    pub default_title: Option<String>,
    pub condition: Option<String>,
    pub note: Option<String>,
    pub stock_notes: Vec<String>,
    pub sequence: Option<String>,
    pub label: Option<String>,
    pub preferred: bool,
    /// The rules that tie this node to other codes (`build/check/rules.rs`).
    pub rules: NodeRules,
}

/// What a node says about other codes, and how many codes it stands for: the keys of
/// guidance/README.md's "Rules between codes", checked by `build/check/rules.rs`.
#[derive(Clone, Debug, Default)]
pub struct NodeRules {
    /// `only_if`: the node is assigned only when one of these codes of the same tree is.
    pub only_if: Vec<Code>,
    /// `instead_of`: when this entry of a choice and one holding these codes are both done,
    /// this one is coded and they are not needed.
    pub instead_of: Vec<Code>,
    /// `supplementary_if`: the node is a supplementary code, not the main code, when one of
    /// these codes of the same tree is coded.
    pub supplementary_if: Vec<Code>,
    /// `concurrent`: the node codes a concurrent procedure (named here), not the guidance's own.
    pub concurrent: Option<String>,
    /// `chosen_by`: what decides the choice, in words ("the setting: inpatient, ...").
    pub chosen_by: Option<String>,
    /// `count = "one_or_more"` on a placeholder: it stands for one or more codes.
    pub several: bool,
    /// `in_order = true` on an `all`: its codes are recorded in the order listed.
    pub in_order: bool,
    /// The label was written as `implied_label`: the text prints no label for this entry.
    pub label_implied: bool,
    /// `includes`: the Includes lines printed under a code.
    pub includes: Vec<String>,
    /// `excludes`: the Excludes lines printed under a code, each naming the code to use instead.
    pub excludes: Vec<Node>,
    /// `except` on a category: codes of the category that do not satisfy it (the text says
    /// they must not be used).
    pub except: Vec<Code>,
}

impl Node {
    /// Every code this node and its descendants name, leaf codes and defaults, in tree order.
    pub fn codes(&self, out: &mut Vec<Code>) {
        if let NodeKind::Code { code, .. } = &self.kind {
            out.push(*code);
        }
        if let Some(default) = self.default {
            out.push(default);
        }
        if let NodeKind::Group { children, .. } = &self.kind {
            for child in children {
                child.codes(out);
            }
        }
    }

    /// Like [`Node::codes`], with each code's title (a default's `default_title`), when given.
    pub fn titled_codes(&self, out: &mut Vec<(Code, Option<String>)>) {
        if let NodeKind::Code { code, title, .. } = &self.kind {
            out.push((*code, title.clone()));
        }
        if let Some(default) = self.default {
            out.push((default, self.default_title.clone()));
        }
        if let NodeKind::Group { children, .. } = &self.kind {
            for child in children {
                child.titled_codes(out);
            }
        }
    }
}
