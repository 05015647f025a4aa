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
//! let missing: Vec<String> = evaluation.missing().filter_map(|r| r.code()).map(|c| c.to_string()).collect();
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
//! | a code | the episode holds a code it covers ([`Opcs4Code::covers`], [`Icd10Code::covers`]): the code itself; for a category (`Y53.-`) any code in it (`Y53.4`); for a four-character ICD-10 code its five-character subdivisions. Dagger and asterisk markers are ignored. An X-filled ICD-10 code (`I48.X`) names an undivided three-character category, so any code of that category satisfies it too (see below). |
//! | `all` | every entry that is not conditional is satisfied |
//! | `one_of` | at least one entry is satisfied. "One of" is what the coder should assign, but an episode holding two alternatives (both `Y53.4` and `Y68.2`) still matches: the episode is not wrong about the procedure, and [`Evaluation::explain`] reports each alternative found. |
//! | `one_or_more` | at least one entry is satisfied |
//! | `variants`, `stages` | at least one entry is satisfied; [`Evaluation::variant`] names the first that is |
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
//! * [`matches_naive`] evaluates every guidance ([`Guidance::COUNT`] evaluations); it exists as
//!   the baseline the index is tested (and can be benchmarked) against.

mod conditions;
mod index;

pub use index::{Matches, matches, matches_naive};

use crate::Guidance;
use crate::code::{Icd10Code, Opcs4Code};
use crate::rule::{Code, Rule, RuleKind};
use conditions::Need;
use core::fmt;

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.describe())
    }
}

/// The state of one rule against an episode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Status {
    /// Not satisfied.
    Failed,
    /// Satisfied without any episode code: only unchecked placeholders and absent conditional
    /// parts, or nothing at all.
    Vacuous,
    /// Satisfied, and at least one episode code took part.
    Met,
}

/// Which tree a rule stands in, hence which of the episode's codes it is checked against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tree {
    Procedure,
    Diagnosis,
}

/// True when rule code `rule` is satisfied by episode code `code` (see the module docs).
fn rule_covers(rule: Code, code: Code) -> bool {
    match (rule, code) {
        (Code::Icd10(r), Code::Icd10(c)) if r.is_x_filled() => r.category().covers(c),
        _ => rule.covers(code),
    }
}

impl Episode<'_> {
    /// The episode's codes of one tree's classification, in the order recorded.
    fn codes(&self, tree: Tree) -> impl Iterator<Item = Code> + '_ {
        let (p, d) = match tree {
            Tree::Procedure => (self.procedures, &[][..]),
            Tree::Diagnosis => (&[][..], self.diagnoses),
        };
        p.iter()
            .map(|&c| Code::Opcs4(c))
            .chain(d.iter().map(|&c| Code::Icd10(c)))
    }

    /// The first episode code that satisfies a code rule or a placeholder with ranges.
    fn witness(&self, rule: Rule, tree: Tree) -> Option<Code> {
        match rule.kind() {
            RuleKind::Code(code) => self.codes(tree).find(|&c| rule_covers(code, c)),
            RuleKind::Placeholder => {
                if rule.within().len() == 0 {
                    return None;
                }
                self.codes(tree)
                    .find(|&c| rule.within().any(|range| range.contains(c)))
            }
            _ => None,
        }
    }

    /// The state of `rule` (and its subtree) against this episode.
    fn status(&self, rule: Rule, tree: Tree) -> Status {
        match rule.kind() {
            RuleKind::Code(_) => self.found(rule, tree),
            RuleKind::Placeholder => {
                if rule.within().len() == 0 {
                    Status::Vacuous
                } else {
                    self.found(rule, tree)
                }
            }
            RuleKind::All => {
                let mut met = false;
                for child in rule.children() {
                    let need = self.need(child, tree);
                    if need == Need::Ignored {
                        continue;
                    }
                    match self.status(child, tree) {
                        Status::Failed if need == Need::Required => return Status::Failed,
                        Status::Met => met = true,
                        _ => {}
                    }
                }
                if met { Status::Met } else { Status::Vacuous }
            }
            // one_of, one_or_more, variants, stages.
            _ => {
                let mut vacuous = false;
                for child in rule.children() {
                    if self.need(child, tree) == Need::Ignored {
                        continue;
                    }
                    match self.status(child, tree) {
                        Status::Met => return Status::Met,
                        Status::Vacuous => vacuous = true,
                        Status::Failed => {}
                    }
                }
                if vacuous {
                    Status::Vacuous
                } else {
                    Status::Failed
                }
            }
        }
    }

    fn found(&self, rule: Rule, tree: Tree) -> Status {
        if self.witness(rule, tree).is_some() {
            Status::Met
        } else {
            Status::Failed
        }
    }

    /// True when some code rule or ranged placeholder in `rule`'s subtree is satisfied: the
    /// episode holds part of it.
    fn partial(&self, rule: Rule, tree: Tree) -> bool {
        rule.descendants().any(|r| self.witness(r, tree).is_some())
    }
}

/// The rules whose subtree holds `rule`, from `root` down to its parent (trees are stored
/// depth first, so a subtree is a contiguous run of rules).
fn ancestors(root: Rule, rule: Rule) -> impl Iterator<Item = Rule> {
    let at = rule.index();
    root.descendants()
        .take_while(move |r| r.index() < at)
        .filter(move |r| r.index() + r.descendants().len() as u32 > at)
}

/// The parent of `rule` within the tree rooted at `root`, if `rule` is not the root.
fn parent(root: Rule, rule: Rule) -> Option<Rule> {
    ancestors(root, rule).last()
}

/// How deep `rule` stands below `root` (0 for the root).
fn depth(root: Rule, rule: Rule) -> usize {
    ancestors(root, rule).count()
}

fn is_choice(rule: Rule) -> bool {
    matches!(
        rule.kind(),
        RuleKind::OneOf | RuleKind::OneOrMore | RuleKind::Variants | RuleKind::Stages
    )
}

/// The result of [`Guidance::evaluate`]: how one episode compares with one guidance, with the
/// explanation recomputed on demand ([`explain`](Self::explain), [`missing`](Self::missing)).
///
/// Its [`Display`](fmt::Display) prints the outcome and the annotated trees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Evaluation<'a> {
    guidance: Guidance,
    episode: Episode<'a>,
    procedure: Status,
    diagnosis: Status,
}

impl Guidance {
    /// Checks this guidance's recommendation against a coded episode: the procedure tree
    /// against the episode's OPCS-4 codes, the diagnosis tree against its ICD-10 codes. See the
    /// [`matching`](crate::matching) module for what satisfies each rule and what is not
    /// checked.
    ///
    /// ```
    /// use nice_coding::{Episode, Outcome, icd10, ipg, opcs4};
    ///
    /// let procedures = [opcs4!("K62.5"), opcs4!("Y53.4")];
    /// let diagnoses = [icd10!("I48.X")];
    /// let evaluation = ipg::IPG349.evaluate(&Episode::new(&procedures, &diagnoses));
    /// assert_eq!(evaluation.outcome(), Outcome::DiagnosisMatches);
    /// ```
    pub fn evaluate<'a>(self, episode: &Episode<'a>) -> Evaluation<'a> {
        Evaluation {
            guidance: self,
            episode: *episode,
            procedure: episode.procedure_status(self),
            diagnosis: episode.status(self.diagnosis(), Tree::Diagnosis),
        }
    }
}

impl<'a> Evaluation<'a> {
    /// The guidance evaluated.
    pub const fn guidance(&self) -> Guidance {
        self.guidance
    }

    /// The episode evaluated.
    pub const fn episode(&self) -> Episode<'a> {
        self.episode
    }

    /// True when the episode's procedure codes match the guidance (any outcome but
    /// [`NoMatch`](Outcome::NoMatch)).
    pub fn is_match(&self) -> bool {
        self.procedure == Status::Met
    }

    /// How the episode compares with the guidance.
    pub fn outcome(&self) -> Outcome {
        if !self.is_match() {
            return Outcome::NoMatch;
        }
        if self.guidance.diagnosis().children().len() == 0 {
            return Outcome::NoDiagnosisRecommendation;
        }
        match self.diagnosis {
            Status::Met => Outcome::DiagnosisMatches,
            Status::Failed => Outcome::DiagnosisAbsentOrDifferent,
            Status::Vacuous => Outcome::DiagnosisNotChecked,
        }
    }

    /// When the procedure matches through a labelled variant or stage, its label
    /// ("Percutaneous procedure", "1st stage"): the first, in the guidance's order, that the
    /// episode's codes satisfy. `None` when the procedure does not match or has no variants or
    /// stages. When an episode satisfies several variants, [`explain`](Self::explain) reports
    /// each.
    pub fn variant(&self) -> Option<&'static str> {
        if !self.is_match() {
            return None;
        }
        let ep = &self.episode;
        self.guidance
            .procedure()
            .descendants()
            .filter(|r| matches!(r.kind(), RuleKind::Variants | RuleKind::Stages))
            .flat_map(|group| group.children().map(move |entry| (group, entry)))
            .find(|&(group, entry)| {
                ep.status(entry, Tree::Procedure) == Status::Met
                    && ep.set_aside_by(group, entry, Tree::Procedure).is_none()
            })
            .and_then(|(_, entry)| entry.label())
    }

    /// The code that rules the guidance out, when the episode holds one of its
    /// [`ruled_out_by`](Guidance::ruled_out_by) codes (the outcome is then
    /// [`NoMatch`](Outcome::NoMatch)).
    ///
    /// ```
    /// use nice_coding::{Episode, ipg, opcs4};
    ///
    /// let on_pump = [opcs4!("K40.1"), opcs4!("Y73.1")];
    /// let evaluation = ipg::IPG377.evaluate(&Episode::new(&on_pump, &[]));
    /// assert!(!evaluation.is_match());
    /// assert_eq!(evaluation.ruled_out_by().and_then(|r| r.code()).map(|c| c.to_string()).as_deref(), Some("Y73.1"));
    /// ```
    pub fn ruled_out_by(&self) -> Option<Rule> {
        self.episode.ruled_out(self.guidance)
    }

    /// Every rule of the procedure tree, then of the diagnosis tree, depth first in the
    /// guidance's order, with how the episode satisfied it. Each tree's root (an `all` rule)
    /// comes first at depth 0.
    pub fn explain(&self) -> Explain<'a> {
        let procedure = self.guidance.procedure();
        Explain {
            episode: self.episode,
            root: procedure,
            tree: Tree::Procedure,
            next: procedure.index(),
            end: procedure.index() + procedure.descendants().len() as u32,
            diagnosis: Some(self.guidance.diagnosis()),
        }
    }

    /// The required parts that are missing, for a near miss: the procedure tree's when it does
    /// not match, then the diagnosis tree's when the diagnosis is absent or different.
    ///
    /// * A missing code or placeholder is yielded itself; an `all` yields its missing
    ///   unconditional entries; conditional rules are never missing.
    /// * A choice (`one_of`, `variants`, ...) none of whose entries is satisfied yields the
    ///   missing parts of each entry the episode holds part of (IPG142 with `E48.3` and `Y13.2`
    ///   but no site code: the site placeholder of the first variant, and `E50.3` of the
    ///   second, which also has `Y13.2`), or the choice itself when it holds part of none.
    /// * A tree satisfied only by unchecked parts (IPG340 without its first stage's codes)
    ///   yields the choice or parts that would confirm it.
    ///
    /// Empty when the procedure matches and the diagnosis does not differ, and for a guidance
    /// without procedure codes ([`Guidance::no_single_code_set`]).
    pub fn missing(&self) -> Missing<'a> {
        let procedure = self.guidance.procedure();
        let diagnosis = self.guidance.diagnosis();
        let walk_procedure = self.procedure != Status::Met;
        let walk_diagnosis = self.diagnosis == Status::Failed;
        let empty = |r: Rule| r.index()..r.index();
        let span = |r: Rule| r.index()..r.index() + r.descendants().len() as u32;
        Missing {
            episode: self.episode,
            trees: [
                (
                    procedure,
                    Tree::Procedure,
                    if walk_procedure {
                        span(procedure)
                    } else {
                        empty(procedure)
                    },
                ),
                (
                    diagnosis,
                    Tree::Diagnosis,
                    if walk_diagnosis {
                        span(diagnosis)
                    } else {
                        empty(diagnosis)
                    },
                ),
            ],
            states: [self.procedure, self.diagnosis],
            current: 0,
        }
    }
}

impl fmt::Display for Evaluation<'_> {
    /// The guidance, the outcome, then each tree with one line per rule: `[x]` satisfied,
    /// `[ ]` not satisfied, `[-]` conditional and absent, `[?]` not checked, and the episode
    /// code that satisfied it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.guidance.id(), self.outcome())?;
        if let Some(rule) = self.ruled_out_by() {
            f.write_str("ruled out by: ")?;
            describe(f, rule)?;
            writeln!(f)?;
        }
        if let Some(label) = self.variant() {
            writeln!(f, "variant: {label}")?;
        }
        for m in self.explain() {
            if m.depth == 0 {
                let heading = if m.in_diagnosis {
                    "diagnosis"
                } else {
                    "procedure"
                };
                if m.rule.children().len() == 0 {
                    writeln!(f, "{heading}: none")?;
                } else {
                    writeln!(f, "{heading}:")?;
                }
                continue;
            }
            let mark = match (m.checked, m.satisfied, m.conditional_present) {
                (false, _, _) => "[?]",
                (true, false, Some(false)) => "[-]",
                (true, true, _) => "[x]",
                (true, false, _) => "[ ]",
            };
            write!(f, "{:width$}{mark} ", "", width = 2 * (m.depth - 1))?;
            describe(f, m.rule)?;
            if let Some(by) = m.by {
                write!(f, " <- {by}")?;
            }
            if let Some(other) = m.set_aside_by {
                f.write_str(" (not needed: ")?;
                match other.label() {
                    Some(label) => f.write_str(label)?,
                    None => describe(f, other)?,
                }
                f.write_str(" is coded instead)")?;
            }
            if m.supplementary {
                f.write_str(" (a supplementary code here)")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// One line of a rule: its label, what it is, and its condition.
fn describe(f: &mut fmt::Formatter<'_>, rule: Rule) -> fmt::Result {
    if let Some(label) = rule.label() {
        write!(f, "{label}: ")?;
    }
    match rule.kind() {
        RuleKind::Code(code) => {
            write!(f, "{code}")?;
            if let Some(title) = rule.title() {
                write!(f, " {title}")?;
            }
        }
        RuleKind::All => f.write_str("all of")?,
        RuleKind::OneOf => f.write_str("one of")?,
        RuleKind::OneOrMore => f.write_str("one or more of")?,
        RuleKind::Variants => f.write_str("one of the variants")?,
        RuleKind::Stages => f.write_str("one of the stages")?,
        RuleKind::Placeholder => {
            f.write_str(rule.description().unwrap_or("a code"))?;
            let mut within = rule.within();
            if let Some(first) = within.next() {
                write!(f, " ({first}")?;
                for r in within {
                    write!(f, ", {r}")?;
                }
                f.write_str(")")?;
            }
        }
    }
    if let Some(condition) = rule.condition() {
        write!(f, " ({condition})")?;
    }
    if rule.only_if().len() > 0 {
        f.write_str(" (only if ")?;
        crate::page::codes_or(f, rule.only_if())?;
        f.write_str(" is chosen)")?;
    }
    if let Some(what) = rule.concurrent() {
        write!(f, " (only for a concurrent {what})")?;
    }
    Ok(())
}

/// How one rule of a guidance stands against an episode; yielded by
/// [`Evaluation::explain`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RuleMatch {
    /// The rule.
    pub rule: Rule,
    /// How deep it stands: 0 for the root of the procedure or diagnosis tree, 1 for the entries
    /// of its top-level list, and so on.
    pub depth: usize,
    /// True in the diagnosis (ICD-10) tree, false in the procedure (OPCS-4) tree.
    pub in_diagnosis: bool,
    /// Whether the episode satisfies the rule, by itself (see the
    /// [`matching`](crate::matching) module): a code is found, every required entry of an
    /// `all` is satisfied, an entry of a choice is. For a conditional rule it says whether the
    /// rule is present; its absence does not make the group above it fail. A rule that is
    /// [not checked](Self::checked) counts as satisfied.
    pub satisfied: bool,
    /// For a code or a placeholder with ranges, the first episode code that satisfied it.
    pub by: Option<Code>,
    /// For a conditional rule, whether it is present in the episode; `None` when the rule is
    /// not conditional or cannot be checked.
    pub conditional_present: Option<bool>,
    /// False when the result does not rest on any episode code: a placeholder without ranges,
    /// or a group satisfied only by such placeholders and absent conditional parts.
    pub checked: bool,
    /// For an entry of a choice, another entry the episode also satisfies that is coded
    /// instead of this one ([`Rule::instead_of`]): with both done, this one is not needed.
    pub set_aside_by: Option<Rule>,
    /// True when the rule is a supplementary code in this episode, not the main code: one of
    /// its [`Rule::supplementary_if`] codes is coded.
    pub supplementary: bool,
}

/// The rules of an evaluation with how the episode satisfied them; see
/// [`Evaluation::explain`].
#[derive(Clone, Debug)]
pub struct Explain<'a> {
    episode: Episode<'a>,
    root: Rule,
    tree: Tree,
    next: u32,
    end: u32,
    diagnosis: Option<Rule>,
}

impl Iterator for Explain<'_> {
    type Item = RuleMatch;

    fn next(&mut self) -> Option<RuleMatch> {
        if self.next == self.end {
            let root = self.diagnosis.take()?;
            self.root = root;
            self.tree = Tree::Diagnosis;
            self.next = root.index();
            self.end = root.index() + root.descendants().len() as u32;
        }
        let rule = Rule::at(self.next);
        self.next += 1;
        let status = self.episode.status(rule, self.tree);
        let checkable = status != Status::Vacuous;
        let parent = parent(self.root, rule);
        let set_aside = parent
            .filter(|&p| is_choice(p))
            .and_then(|p| self.episode.set_aside_by(p, rule, self.tree));
        Some(RuleMatch {
            rule,
            depth: depth(self.root, rule),
            in_diagnosis: self.tree == Tree::Diagnosis,
            satisfied: status != Status::Failed,
            by: self.episode.witness(rule, self.tree),
            conditional_present: (self.episode.need(rule, self.tree) != Need::Required
                && checkable)
                .then_some(status == Status::Met),
            checked: checkable,
            set_aside_by: set_aside,
            supplementary: self.episode.is_supplementary(rule, self.tree),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left =
            (self.end - self.next) as usize + self.diagnosis.map_or(0, |d| d.descendants().len());
        (left, Some(left))
    }
}

impl ExactSizeIterator for Explain<'_> {}

/// The missing required parts of a near miss; see [`Evaluation::missing`].
#[derive(Clone, Debug)]
pub struct Missing<'a> {
    episode: Episode<'a>,
    /// Each tree's root, classification, and the rows still to walk.
    trees: [(Rule, Tree, core::ops::Range<u32>); 2],
    /// Each tree's state: a tree that failed yields what failed; a tree satisfied only by
    /// unchecked parts yields what would confirm it.
    states: [Status; 2],
    current: usize,
}

/// What [`Missing`] does at a rule.
enum Step {
    /// Yield the rule and skip its subtree.
    Yield,
    /// Skip the rule and its subtree.
    Skip,
    /// Go on to the rule's first child.
    Descend,
}

impl Missing<'_> {
    fn step(&self, root: Rule, tree: Tree, rule: Rule) -> Step {
        let tree_state = self.states[self.current];
        let ep = &self.episode;
        if let Some(parent) = parent(root, rule) {
            // A choice is entered only when it holds part of an entry: walk those entries.
            if is_choice(parent) && !ep.partial(rule, tree) {
                return Step::Skip;
            }
            if ep.need(rule, tree) != Need::Required {
                return Step::Skip;
            }
        }
        match ep.status(rule, tree) {
            Status::Met => return Step::Skip,
            // In a tree that failed, a part satisfied without codes is not what failed it.
            Status::Vacuous if tree_state == Status::Failed => return Step::Skip,
            _ => {}
        }
        match rule.kind() {
            // A placeholder without ranges is never missing: it cannot be checked.
            RuleKind::Placeholder if rule.within().len() == 0 => Step::Skip,
            RuleKind::Code(_) | RuleKind::Placeholder => Step::Yield,
            RuleKind::All => Step::Descend,
            _ => {
                if rule.children().any(|c| ep.partial(c, tree)) {
                    Step::Descend
                } else {
                    Step::Yield
                }
            }
        }
    }
}

impl Iterator for Missing<'_> {
    type Item = Rule;

    fn next(&mut self) -> Option<Rule> {
        while self.current < self.trees.len() {
            let (root, tree, ref rows) = self.trees[self.current];
            if rows.start >= rows.end {
                self.current += 1;
                continue;
            }
            let rule = Rule::at(rows.start);
            let size = rule.descendants().len() as u32;
            let step = self.step(root, tree, rule);
            let rows = &mut self.trees[self.current].2;
            match step {
                Step::Yield => {
                    rows.start += size;
                    return Some(rule);
                }
                Step::Skip => rows.start += size,
                Step::Descend => rows.start += 1,
            }
        }
        None
    }
}
