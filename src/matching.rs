//! Matching coded hospital episodes against the guidance.
//!
//! An [`Episode`] is what a hospital system records for one episode of care: an ordered list of
//! OPCS-4 procedure codes and a list of ICD-10 diagnosis codes. [`Guidance::evaluate`] checks
//! one guidance against it and returns an [`Evaluation`] that explains itself; [`matches()`]
//! finds every guidance an episode matches, through an index built with the catalogue, without
//! testing every guidance.
//!
//! ```
//! use nice_coding::{Episode, Outcome, icd10, ipg, opcs4};
//!
//! let procedures = [opcs4!("K57.8"), opcs4!("Y02.1"), opcs4!("Y53.4"), opcs4!("Z33.2"), opcs4!("Z94.2")];
//! let diagnoses = [icd10!("I50.9")];
//! let episode = Episode::new(&procedures, &diagnoses);
//!
//! let evaluation = ipg::IPG655.evaluate(&episode);
//! assert_eq!(evaluation.outcome(), Outcome::DiagnosisMatches);
//!
//! // Without Z33.2 the procedure is a near miss, and the evaluation says what is missing.
//! let near = [opcs4!("K57.8"), opcs4!("Y02.1"), opcs4!("Z94.2")];
//! let evaluation = ipg::IPG655.evaluate(&Episode::new(&near, &diagnoses));
//! assert_eq!(evaluation.outcome(), Outcome::NoMatch);
//! let missing: Vec<String> = evaluation.missing().filter_map(|r| r.code()).map(|c| c.bare().to_string()).collect();
//! assert_eq!(missing, ["Z33.2"]);
//! ```
//!
//! # What satisfies a rule
//!
//! The procedure tree is checked against the episode's OPCS-4 codes and the diagnosis tree
//! against its ICD-10 codes, separately. Each [`Rule`] is satisfied as follows.
//!
//! | rule | satisfied when |
//! |---|---|
//! | a code | the episode holds a code it covers ([`Opcs4Code::covers`], [`Icd10Code::covers`]): the code itself; for a category (`Y53.-`) any code in it (`Y53.4`); for a four-character ICD-10 code its five-character subdivisions. Dagger and asterisk markers are ignored. An X-filled ICD-10 code (`I48.X`) names an undivided three-character category, so any code of that category satisfies it too (see below). A category's [`except`](Rule::except) codes never satisfy it: `L89.-` except `L89.8` and `L89.9` is satisfied by `L89.1`, not by `L89.8` ([`Rule::accepts`]). |
//! | `all` | every entry that is not conditional is satisfied |
//! | `one_of` | at least one entry is satisfied. "One of" is what the coder should assign, but an episode holding two alternatives (both `Y53.4` and `Y68.2`) still matches: the episode is not wrong about the procedure, and [`Evaluation::explain`] reports each alternative found. |
//! | `one_or_more` | at least one entry is satisfied |
//! | `variants`, `stages` | at least one entry is satisfied; [`Evaluation::variant`] names the first that is |
//! | `patients` (donor and recipient, each coded in their own episode) | at least one entry is satisfied: an episode is one patient's, and is never asked for another patient's codes; [`Evaluation::patient`] names the first that is |
//! | a placeholder with ranges ([`Rule::within`]) | the episode holds a code of the same classification in those ranges ([`CategoryRange::contains`](crate::CategoryRange::contains)) |
//! | a placeholder without ranges | cannot be checked: it counts as satisfied and is reported with [`RuleMatch::checked`] false |
//!
//! A **conditional** rule ([`Rule::is_conditional`]) never makes its group fail: the result
//! says whether it was present ([`RuleMatch::conditional_present`]). Inside a choice
//! (`one_of`, `variants`, ...) a conditional entry counts as an alternative only when present.
//!
//! # Rules between codes
//!
//! The rules a text ties to codes (guidance/README.md, "Rules between codes") are evaluated
//! against the episode's other codes:
//!
//! | rule | effect |
//! |---|---|
//! | [`Rule::only_if`] | required when the episode holds one of its codes (IPG168's `Z33.6` after `K57.4`); otherwise ignored: neither missing nor confirming (`K62.1` matches without `Z33.6`) |
//! | [`Rule::concurrent`] | a concurrent procedure's code: never required and never confirming, so it cannot be mistaken for the guidance's procedure (IPG254's `T87.4` alone does not match) |
//! | [`Rule::instead_of`] | when an episode satisfies two entries of a choice, the entry coded instead of the other is the answer: [`Evaluation::variant`] names it and [`RuleMatch::set_aside_by`] marks the other (IPG205 with `R01.8` and `R02.8` is the therapeutic option) |
//! | [`Rule::supplementary_if`] | [`RuleMatch::supplementary`] is true when one of its codes is in the episode (IPG377's `K40`-`K44` after `K45`); the match is unchanged |
//! | [`Guidance::ruled_out_by`] | an episode holding one of these codes does not match ([`Outcome::NoMatch`]); [`Evaluation::ruled_out_by`] names the code (IPG377 with `Y73.1`, on-pump surgery) |
//!
//! [`Rule::chosen_by`], [`Rule::is_in_order`] and a placeholder's [`Rule::stands_for_several`]
//! are not evaluated: what they depend on (the setting, the main condition) is not in the
//! episode's codes, and one code already satisfies a placeholder.
//!
//! A tree must also be **confirmed by a code**: it matches only when at least one episode code
//! satisfies one of its rules. Otherwise a tree made only of unchecked parts would match every
//! episode, the empty one included: IPG340's second stage is a placeholder without ranges, so
//! its procedure matches only through the first stage's codes; a guidance with no procedure
//! codes ([`Guidance::no_single_code_set`]) never matches.
//!
//! Episode codes are not used up: one code may satisfy several rules (IPG346 gives `Y75.2`
//! twice, and one `Y75.2` satisfies both), so a code recorded twice neither helps nor hurts.
//! Codes the recommendation does not mention are ignored: an episode may record other
//! procedures and diagnoses.
//!
//! **X-filled ICD-10 codes.** `I48.X` is the four-character form of the undivided category
//! `I48`. Later editions may divide such a category (the UK 5th edition divides `I48` into
//! `I48.0` to `I48.9`), and episodes coded to them record `I480`, never `I48X`. So a rule
//! `I48.X` is satisfied by `I48.X` and by any code of `I48`. The converse does not hold: an
//! episode's `I48.X` does not satisfy a rule `I48.0`.
//!
//! # Outcomes
//!
//! [`Evaluation::outcome`] combines the two trees: the procedure must match, then the diagnosis
//! decides between [`Outcome::DiagnosisMatches`], [`Outcome::DiagnosisAbsentOrDifferent`],
//! [`Outcome::NoDiagnosisRecommendation`] (the guidance gives no ICD-10 code) and
//! [`Outcome::DiagnosisNotChecked`] (its ICD-10 recommendation is only a placeholder without
//! ranges, as in IPG385). [`Outcome::NoMatch`] when the procedure does not match.
//!
//! A diagnosis given per patient (a `patients` group in the diagnosis tree, labelled as the
//! procedure's) is read for the episode's patient only, the one [`Evaluation::patient`] names:
//! the donor's episode is not asked for the recipient's diagnosis, and a patient the diagnosis
//! gives no code for has [`Outcome::NoDiagnosisRecommendation`].
//!
//! # What is not checked, and why
//!
//! * **Sequencing hints** ([`Rule::sequence`], "second place") and **code order** (the main
//!   code first): the hints are prose, and an episode's code list holds every operation of the
//!   episode, each followed by its own subsidiary codes, so a position in the list cannot be
//!   tied to one guidance's procedure. The order of [`Episode::procedures`] is kept but not
//!   used.
//! * **The text of conditions** ("if image control is used"): it states a clinical fact that
//!   only the codes record. The code is the only evidence, so a conditional rule is reported
//!   present or absent, never required.
//! * **Placeholders without ranges** ("a site code for the body site treated"): the guidance
//!   does not say which codes qualify. They are reported as not checked.
//! * **Defaults** ([`Rule::default_code`]): `Y53.9` is what to assign when the method is not
//!   documented, not a requirement; any code of `Y53` satisfies `Y53.-`.
//! * **Classification versions and editions**: codes are compared as written, with no mapping
//!   between OPCS-4 versions or ICD-10 editions (beyond X-filled categories above).
//! * **Status and completeness**: superseded guidance and guidance whose source was cut short
//!   are matched on what they hold; filter with [`Guidance::status`] and
//!   [`Guidance::is_complete`]. Some guidance share their codes (IPG391 and IPG482, IPG200 and
//!   IPG206), so an episode can match several.
//!
//! # Cost model
//!
//! * [`Guidance::evaluate`] walks the guidance's two trees once; each code rule scans the
//!   episode's codes of its classification, so the cost is O(rules × episode codes), with no
//!   allocation. [`Evaluation::explain`], [`Evaluation::missing`] and [`Evaluation::variant`]
//!   recompute on demand, O(rules² × episode codes) at worst; trees have a few dozen rules at
//!   most.
//! * [`matches()`] uses an index generated at build time. Each guidance has *anchor* codes: OPCS-4
//!   codes such that its procedure cannot be satisfied unless the episode holds a code one of
//!   them covers (in practice its main code, or the main code of each alternative). For each
//!   episode procedure code, [`matches()`] first tests one bit of a table of the anchors'
//!   three-character stems (`K57`), which most codes fail; otherwise it runs one binary search
//!   in the sorted anchor table, of ⌈log2(A + 1)⌉ comparisons for A anchor entries (a little
//!   over a hundred), for the anchors of the code itself and of its category, `K57.-`, which
//!   are next to each other. The guidance found are the candidates, plus the few whose
//!   procedure has no anchors when the episode holds a code of a stem their procedure names
//!   (a bit test per code again: without one their procedure cannot be confirmed). They are
//!   deduplicated in a bitset of one bit per guidance on the stack; only the candidates are
//!   evaluated, in catalogue order, and the diagnosis tree only of those whose procedure
//!   matches.
//!   [`Matches::remaining_candidates`] says how many are left.
//! * `matches_naive`, hidden from the documentation and not part of the API, evaluates every
//!   guidance ([`Guidance::COUNT`] evaluations); it is the baseline the index is tested and
//!   benchmarked against. Its answer is [`matches()`]'s, only slower, so a user has no reason
//!   to call it.

mod conditions;
mod evaluation;
mod index;
mod patients;
mod walk;

pub use evaluation::{Evaluation, Explain, Missing, RuleMatch};
pub use index::{Matches, matches, matches_naive};
pub(crate) use walk::rule_covers;

use crate::code::{Icd10Code, Opcs4Code};
// Only the module docs name these (the code that uses them is in the submodules).
#[cfg(doc)]
use crate::{Guidance, rule::Rule};

/// The codes recorded for one hospital episode: an ordered list of OPCS-4 procedure codes and
/// a list of ICD-10 diagnosis codes, as hospital systems record them (parse them with
/// [`Opcs4Code::parse_loose`] and [`Icd10Code::parse_loose`]).
///
/// ```
/// use nice_coding::{Episode, Icd10Code, Opcs4Code};
///
/// let procedures: Vec<Opcs4Code> = ["K578", "Y021", "Y534", "Z332", "Z942"]
///     .iter()
///     .map(|c| Opcs4Code::parse_loose(c).unwrap())
///     .collect();
/// let diagnoses = [Icd10Code::parse_loose("I509").unwrap()];
/// let episode = Episode::new(&procedures, &diagnoses);
/// assert_eq!(episode.procedures().len(), 5);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Episode<'a> {
    procedures: &'a [Opcs4Code],
    diagnoses: &'a [Icd10Code],
}

impl<'a> Episode<'a> {
    /// An episode with these procedure codes (in the order recorded) and diagnosis codes.
    pub const fn new(procedures: &'a [Opcs4Code], diagnoses: &'a [Icd10Code]) -> Episode<'a> {
        Episode {
            procedures,
            diagnoses,
        }
    }

    /// The OPCS-4 procedure codes, in the order recorded.
    pub const fn procedures(&self) -> &'a [Opcs4Code] {
        self.procedures
    }

    /// The ICD-10 diagnosis codes.
    pub const fn diagnoses(&self) -> &'a [Icd10Code] {
        self.diagnoses
    }
}

/// How an episode compares with a guidance: the procedure first, then the diagnosis.
///
/// Ordered from the closest match ([`DiagnosisMatches`](Outcome::DiagnosisMatches)) to
/// [`NoMatch`](Outcome::NoMatch), in the order of the variants. Its text form is its
/// `snake_case` name ([`as_str`](Outcome::as_str)): `Display` writes it, `FromStr` reads it
/// back, and so do the command-line tool and the `serde` feature;
/// [`describe`](Outcome::describe) is a phrase for people.
///
/// ```
/// use nice_coding::Outcome;
/// assert_eq!(Outcome::NoMatch.to_string(), "no_match");
/// assert_eq!("diagnosis_matches".parse(), Ok(Outcome::DiagnosisMatches));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// The procedure matches and the diagnosis matches.
    DiagnosisMatches,
    /// The procedure matches; the episode's diagnoses are absent or do not satisfy the
    /// guidance's ICD-10 recommendation.
    DiagnosisAbsentOrDifferent,
    /// The procedure matches; the guidance gives no ICD-10 recommendation.
    NoDiagnosisRecommendation,
    /// The procedure matches; the guidance's ICD-10 recommendation names no code that can be
    /// checked (only placeholders without ranges, as in IPG385).
    DiagnosisNotChecked,
    /// The procedure does not match.
    NoMatch,
}

impl Outcome {
    /// True unless [`NoMatch`](Outcome::NoMatch): the episode's procedure codes match.
    pub const fn procedure_matches(self) -> bool {
        !matches!(self, Outcome::NoMatch)
    }

    /// A short description ("procedure matches, diagnosis matches").
    pub const fn describe(self) -> &'static str {
        match self {
            Outcome::DiagnosisMatches => "procedure matches, diagnosis matches",
            Outcome::DiagnosisAbsentOrDifferent => {
                "procedure matches, diagnosis absent or different"
            }
            Outcome::NoDiagnosisRecommendation => {
                "procedure matches, guidance gives no ICD-10 recommendation"
            }
            Outcome::DiagnosisNotChecked => {
                "procedure matches, guidance's ICD-10 recommendation cannot be checked"
            }
            Outcome::NoMatch => "no match",
        }
    }
}
