//! Recommendation trees: what to code, as a tree a program can walk.

use crate::code::{Icd10Code, Opcs4Code};
use crate::guidance::StockNotes;
use crate::tables::layout::{extra, node, rules};
use crate::tables::{List, Texts};
use crate::tables::{NodeRecord, kind, opt_text};
use crate::{RANGES, RULE_CODES};
use core::fmt;

mod either;
pub use either::{BareCode, Code, ParseCodeError};

/// An inclusive range of three-character categories (`C71-C74`), or one category (`L76`),
/// from which a [placeholder](RuleKind::Placeholder) code must come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CategoryRange {
    first: [u8; 3],
    last: [u8; 3],
}

impl CategoryRange {
    /// The first category, as three characters (`"C71"`).
    pub fn first(&self) -> &str {
        core::str::from_utf8(&self.first).unwrap_or_default()
    }

    /// The last category (`"C74"`); the same as [`first`](Self::first) for one category.
    pub fn last(&self) -> &str {
        core::str::from_utf8(&self.last).unwrap_or_default()
    }

    /// True when `code`'s category lies in the range (either classification; the range's
    /// system is the side of the recommendation it stands in).
    pub fn contains(&self, code: Code) -> bool {
        let stem = match code {
            Code::Opcs4(c) => {
                let b = c.0;
                [b[0], b[1], b[2]]
            }
            Code::Icd10(c) => {
                let b = c.four_characters();
                [b[0], b[1], b[2]]
            }
        };
        self.first <= stem && stem <= self.last
    }
}

impl fmt::Display for CategoryRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            f.write_str(self.first())
        } else {
            write!(f, "{}-{}", self.first(), self.last())
        }
    }
}

/// What a [`Rule`] is.
///
/// Ordered code rules first (by code), then the groups in the order of the variants.
///
/// Its text form (`Display`, `FromStr`, the `serde` feature) is the code's text form for a code
/// (`opcs4:K57.8`) and the `snake_case` name for the others (`one_of`); [`as_str`](RuleKind::as_str)
/// is the name of the kind alone (`opcs4`, `one_of`), the `kind` key of the guidance files and
/// of a serialised rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum RuleKind {
    /// One code (or category) to assign.
    Code(Code),
    /// Every child is assigned.
    All,
    /// Exactly one child is assigned ("Or", "one of the following").
    OneOf,
    /// One or more children are assigned.
    OneOrMore,
    /// Alternative scenarios, each a labelled child with its own code set; one applies.
    Variants,
    /// A staged operation: each labelled child is one stage, coded in its own episode.
    Stages,
    /// The codes of several patients ("For the donor: ... For the recipient: ..."): each
    /// labelled child is one patient's code set, coded in that patient's own episode. It stands
    /// only at the top level of a tree; an episode matches when it matches one patient's codes
    /// ([`Evaluation::patient`](crate::Evaluation::patient) names which), and a diagnosis given
    /// per patient is read for that patient.
    Patients,
    /// A code the guidance asks for without naming it; see [`Rule::description`] and
    /// [`Rule::within`].
    Placeholder,
}

/// One node of a recommendation tree: a code, a group of rules, or a placeholder, with its
/// condition, notes and label.
///
/// ```
/// use nice_coding::{ipg, RuleKind};
///
/// let procedure = nice_coding::ipg::IPG655.procedure();
/// assert_eq!(procedure.kind(), RuleKind::All);
/// let first = procedure.children().next().unwrap();
/// assert_eq!(first.code().unwrap().bare().to_string(), "K57.8");
/// assert_eq!(first.title(), Some("Other specified other therapeutic transluminal operations on heart"));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rule {
    index: u32,
}

impl Rule {
    pub(crate) const fn at(index: u32) -> Rule {
        Rule { index }
    }

    /// The row of this rule in `NODES`.
    pub(crate) const fn index(self) -> u32 {
        self.index
    }

    fn record(self) -> NodeRecord {
        NodeRecord::at(self.index)
    }

    /// What this rule is.
    pub fn kind(self) -> RuleKind {
        let r = self.record();
        match r.kind() {
            kind::OPCS4 => {
                let c = r.code();
                RuleKind::Code(Code::Opcs4(Opcs4Code([c[0], c[1], c[2], c[3]])))
            }
            kind::ICD10 => RuleKind::Code(Code::Icd10(Icd10Code(r.code()))),
            kind::ALL => RuleKind::All,
            kind::ONE_OF => RuleKind::OneOf,
            kind::ONE_OR_MORE => RuleKind::OneOrMore,
            kind::VARIANTS => RuleKind::Variants,
            kind::STAGES => RuleKind::Stages,
            kind::PATIENTS => RuleKind::Patients,
            _ => RuleKind::Placeholder,
        }
    }

    /// The code, when this rule is a code.
    pub fn code(self) -> Option<Code> {
        match self.kind() {
            RuleKind::Code(c) => Some(c),
            _ => None,
        }
    }

    /// The code's title as the guidance publishes it.
    pub fn title(self) -> Option<&'static str> {
        match self.record().kind() {
            kind::OPCS4 | kind::ICD10 => opt_text(self.record().title()),
            _ => None,
        }
    }

    /// What the page printed, when the project corrected a typo in the code or title.
    pub fn printed(self) -> Option<&'static str> {
        opt_text(self.record().string(extra::PRINTED))
    }

    /// The code to assign when the detail is not documented (on categories and
    /// placeholders): `Y53.9` for `Y53.-`.
    pub fn default_code(self) -> Option<Code> {
        let r = self.record();
        let d = r.default();
        if d == [0; 6] {
            return None;
        }
        Some(if r.icd10() {
            Code::Icd10(Icd10Code(d))
        } else {
            Code::Opcs4(Opcs4Code([d[0], d[1], d[2], d[3]]))
        })
    }

    /// The default code's title, when the guidance gives it.
    pub fn default_title(self) -> Option<&'static str> {
        opt_text(self.record().string(extra::DEFAULT_TITLE))
    }

    /// The condition under which this rule applies, in words; `None` when it always does.
    pub fn condition(self) -> Option<&'static str> {
        opt_text(self.record().string(extra::CONDITION))
    }

    /// True when the rule applies only under a [condition](Self::condition) in words, only
    /// when another code is chosen ([`only_if`](Self::only_if)), or only when a
    /// [concurrent](Self::concurrent) procedure is done.
    pub fn is_conditional(self) -> bool {
        let r = self.record();
        r.string(extra::CONDITION) != 0
            || r.rules_u32(rules::CONCURRENT) != 0
            || r.rule_codes(rules::ONLY_IF_LEN).len != 0
    }

    /// A note on this code or group.
    pub fn note(self) -> Option<&'static str> {
        opt_text(self.record().string(extra::NOTE))
    }

    /// Stock notes on this code or group, resolved to their text.
    pub fn stock_notes(self) -> StockNotes {
        StockNotes::new(self.record().stock_notes())
    }

    /// A sequencing hint ("second place"), as the guidance gives it.
    pub fn sequence(self) -> Option<&'static str> {
        opt_text(self.record().string(extra::SEQUENCE))
    }

    /// The label of a variant, stage or patient ("Open procedure", "Stage 1", "Donor").
    pub fn label(self) -> Option<&'static str> {
        opt_text(self.record().string(extra::LABEL))
    }

    /// True for the variant the guidance says to use in preference.
    pub fn is_preferred(self) -> bool {
        self.record().preferred()
    }

    /// A placeholder's description of the code to choose ("a Chapter Z code for the site").
    pub fn description(self) -> Option<&'static str> {
        match self.record().kind() {
            kind::PLACEHOLDER => opt_text(self.record().title()),
            _ => None,
        }
    }

    /// The categories a placeholder's code must come from; empty when the guidance does not
    /// say.
    pub fn within(self) -> impl ExactSizeIterator<Item = CategoryRange> {
        RANGES[self.record().within().range()]
            .iter()
            .map(|b| CategoryRange {
                first: [b[0], b[1], b[2]],
                last: [b[3], b[4], b[5]],
            })
    }

    /// The label was supplied by this project: the text prints this alternative without a
    /// label, among labelled ones (IPG62's first option).
    pub fn is_label_implied(self) -> bool {
        self.record().flag(node::LABEL_IMPLIED)
    }

    /// The codes of the same tree of which one must be coded for this rule to be assigned
    /// (`only_if`): IPG168's `Z33.6` only if `K57.4` or `K62.3` is chosen. Empty when the rule
    /// does not depend on another code. Matching requires the rule when one of them is in the
    /// episode and ignores it otherwise.
    pub fn only_if(self) -> impl ExactSizeIterator<Item = Code> {
        self.codes_of(self.record().rule_codes(rules::ONLY_IF_LEN))
    }

    /// The codes of another entry of the same choice that this entry is coded instead of when
    /// both are done (`instead_of`): IPG205's therapeutic `R01.8` instead of the diagnostic
    /// `R02.8`.
    pub fn instead_of(self) -> impl ExactSizeIterator<Item = Code> {
        self.codes_of(self.record().rule_codes(rules::INSTEAD_OF_LEN))
    }

    /// The codes of the same tree that make this rule a supplementary code rather than the main
    /// code when they are coded (`supplementary_if`): IPG377's `K40`-`K44` when `K45` is done.
    pub fn supplementary_if(self) -> impl ExactSizeIterator<Item = Code> {
        self.codes_of(self.record().rule_codes(rules::SUPPLEMENTARY_IF_LEN))
    }

    /// The codes of a category that do not satisfy it (`except`): IPG74-like texts say the .8
    /// and .9 codes of `L89` must not be used, so `L89.-` is satisfied by `L89.1` but not by
    /// `L89.8`. Each lies in the category and is not its default; empty for most rules, and for
    /// every rule that is not a category. Matching never accepts one of them for the category.
    pub fn except(self) -> impl ExactSizeIterator<Item = Code> {
        self.codes_of(self.record().rule_codes(rules::EXCEPT_LEN))
    }

    /// True when an episode code satisfies this code rule as matching reads it: the rule's
    /// code covers it ([`Code::covers`], with the X-filled reading of the
    /// [`matching`](crate::matching) module) and none of its [`except`](Self::except) codes
    /// does. False for rules that are not codes.
    ///
    /// ```
    /// use nice_coding::{Code, ipg, opcs4};
    /// let y53 = ipg::IPG655.procedure().descendants().find(|r| r.code() == Some(Code::Opcs4(opcs4!("Y53.-")))).unwrap();
    /// assert!(y53.accepts(Code::Opcs4(opcs4!("Y53.4"))));
    /// assert!(!y53.accepts(Code::Opcs4(opcs4!("Y68.4"))));
    /// ```
    pub fn accepts(self, code: Code) -> bool {
        self.code().is_some_and(|own| {
            crate::matching::rule_covers(own, code) && !self.except().any(|e| e.covers(code))
        })
    }

    /// The concurrent procedure this rule codes, when it codes one rather than the guidance's
    /// own procedure (`concurrent`): IPG254's `T87.4` for a concurrent biopsy. Such a rule is
    /// assigned only when that procedure is done, and never confirms a match by itself.
    pub fn concurrent(self) -> Option<&'static str> {
        opt_text(self.record().rules_u32(rules::CONCURRENT))
    }

    /// What decides which code of a choice or placeholder is assigned, in words, when the text
    /// says and no code of the episode records it (`chosen_by`): IPG446's setting (inpatient,
    /// outpatient or day case).
    pub fn chosen_by(self) -> Option<&'static str> {
        opt_text(self.record().rules_u32(rules::CHOSEN_BY))
    }

    /// True for a placeholder that stands for one or more codes (`count = "one_or_more"`,
    /// "site code(s)").
    pub fn stands_for_several(self) -> bool {
        self.record().flag(node::SEVERAL)
    }

    /// True for an `all` whose codes are recorded in the order listed (`in_order`), such as a
    /// dagger code before its asterisk code.
    pub fn is_in_order(self) -> bool {
        self.record().flag(node::IN_ORDER)
    }

    /// The Includes lines printed under a code, as printed.
    pub fn includes(self) -> Texts {
        Texts::new(self.record().includes())
    }

    /// The Excludes lines printed under a code: each a [code](RuleKind::Code) rule naming the
    /// code used instead, with the line's wording as its title. These codes are not part of
    /// the recommendation.
    pub fn excludes(self) -> Rules {
        Rules::of_root(self.record().rules_u32(rules::EXCLUDES))
    }

    fn codes_of(self, list: List) -> impl ExactSizeIterator<Item = Code> {
        let icd10 = self.record().icd10();
        RULE_CODES[list.range()].iter().map(move |c| {
            if icd10 {
                Code::Icd10(Icd10Code(*c))
            } else {
                Code::Opcs4(Opcs4Code([c[0], c[1], c[2], c[3]]))
            }
        })
    }

    /// The children of a group, in the guidance's order; empty for codes and placeholders.
    pub fn children(self) -> Rules {
        let r = self.record();
        Rules {
            next: self.index + 1,
            remaining: r.children(),
        }
    }

    /// This rule and every rule below it, depth first, in the guidance's order.
    ///
    /// ```
    /// use nice_coding::ipg;
    /// let codes: Vec<String> = ipg::IPG655
    ///     .diagnosis()
    ///     .descendants()
    ///     .filter_map(|r| r.code())
    ///     .map(|c| c.bare().to_string())
    ///     .collect();
    /// assert_eq!(codes, ["I50.9", "I50.0"]);
    /// ```
    pub fn descendants(self) -> impl DoubleEndedIterator<Item = Rule> + ExactSizeIterator {
        let end = self.index + self.record().subtree();
        (self.index..end).map(Rule::at)
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Rule");
        d.field("kind", &self.kind());
        if let Some(t) = self.title() {
            d.field("title", &t);
        }
        if let Some(c) = self.condition() {
            d.field("condition", &c);
        }
        if let Some(l) = self.label() {
            d.field("label", &l);
        }
        d.finish_non_exhaustive()
    }
}

/// The children of a [`Rule`].
#[derive(Clone, Debug)]
pub struct Rules {
    next: u32,
    remaining: u32,
}

impl Rules {
    /// The children of the root at row `stored - 1`; none when `stored` is 0.
    pub(crate) fn of_root(stored: u32) -> Rules {
        match stored {
            0 => Rules {
                next: 0,
                remaining: 0,
            },
            n => Rule::at(n - 1).children(),
        }
    }
}

impl Iterator for Rules {
    type Item = Rule;
    fn next(&mut self) -> Option<Rule> {
        if self.remaining == 0 {
            return None;
        }
        let rule = Rule::at(self.next);
        self.next += rule.record().subtree();
        self.remaining -= 1;
        Some(rule)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining as usize, Some(self.remaining as usize))
    }
}

impl ExactSizeIterator for Rules {}
