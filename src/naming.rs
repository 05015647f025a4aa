//! The covering reverse lookup: every rule that names a code, read as matching reads it.
//!
//! [`Guidance::using_opcs4`] and [`Guidance::using_icd10`] find the guidance whose files write
//! a code exactly. An audit asks a wider question: which guidance would accept an episode
//! holding this code? [`Guidance::naming`] answers it with the reading of
//! [matching](crate::matching): a rule names `Y53.4` when it is `Y53.4` itself or the category
//! `Y53.-` (unless `Y53.4` is one of the category's [`except`](crate::Rule::except) codes); a
//! rule names `I48.0` when it is `I48.X`, the X-filled code of the undivided category `I48`;
//! and a rule whose default is the code names it too. Each [`Naming`] says
//! which of these it is ([`NamedBy`]).

use crate::Guidance;
use crate::rule::{Code, Rule};
use core::ops::Range;

/// How a rule names the code looked up with [`Guidance::naming`].
///
/// Ordered from the most direct (the code itself) to the least. Its text form is its
/// `snake_case` name ([`as_str`](NamedBy::as_str)), which `Display` writes and `FromStr` reads
/// back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum NamedBy {
    /// The rule's code is the code looked up (`Y53.4` names `Y53.4`). Dagger and asterisk
    /// marks are ignored, so `H19.8` names IPG227's `H19.8A` and the reverse;
    /// [`Naming::rule`]'s code is the code as the guidance writes it, mark included.
    Code,
    /// The rule's code is the category of the code looked up (`Y53.-` names `Y53.4`).
    Category,
    /// The rule's code is the X-filled code of the code's undivided category (`I48.X` names
    /// `I48.0`): matching accepts any code of `I48` for it.
    XFilled,
    /// The rule's code is a four-character ICD-10 code and the code looked up one of its
    /// five-character subdivisions (`M80.0` names `M80.08`).
    Subdivision,
    /// The rule's default is the code looked up (`Y53.9`, the default of a placeholder or
    /// of a category that does not otherwise name it). Matching does not require a default:
    /// an episode holding it satisfies the rule only through its code.
    Default,
    /// For a category looked up (`Y53.-`): the rule's code lies in it (`Y53.4`).
    CodeInCategory,
    /// For a category looked up: the rule's default lies in it.
    DefaultInCategory,
}

impl NamedBy {
    /// True when matching accepts an episode holding the code looked up for this rule: every
    /// reason but the defaults and the codes inside a category looked up.
    pub const fn is_accepted_by_matching(self) -> bool {
        matches!(
            self,
            NamedBy::Code | NamedBy::Category | NamedBy::XFilled | NamedBy::Subdivision
        )
    }
}

/// One rule that names a code: the guidance, the rule, and how it names the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Naming {
    /// The guidance whose recommendation holds the rule.
    pub guidance: Guidance,
    /// The code rule (or, for [`NamedBy::Default`], the rule carrying the default).
    pub rule: Rule,
    /// How the rule names the code.
    pub by: NamedBy,
}

/// The same code, markers aside.
fn same(a: Code, b: Code) -> bool {
    match (a, b) {
        (Code::Opcs4(a), Code::Opcs4(b)) => a == b,
        (Code::Icd10(a), Code::Icd10(b)) => a.without_marker() == b.without_marker(),
        _ => false,
    }
}

/// How `rule` names `query`, if it does (see [`NamedBy`]).
fn named_by(rule: Rule, query: Code) -> Option<NamedBy> {
    let code = rule.code();
    let default = rule.default_code();
    if query.is_category() {
        if code.is_some_and(|c| same(c, query)) {
            return Some(NamedBy::Code);
        }
        if code.is_some_and(|c| query.covers(c)) {
            return Some(NamedBy::CodeInCategory);
        }
        if default.is_some_and(|d| same(d, query)) {
            return Some(NamedBy::Default);
        }
        return default
            .is_some_and(|d| query.covers(d))
            .then_some(NamedBy::DefaultInCategory);
    }
    if let Some(c) = code.filter(|_| rule.accepts(query)) {
        return Some(if same(c, query) {
            NamedBy::Code
        } else if c.is_category() {
            NamedBy::Category
        } else if c.icd10().is_some_and(|c| c.is_x_filled()) {
            NamedBy::XFilled
        } else {
            NamedBy::Subdivision
        });
    }
    default
        .is_some_and(|d| same(d, query))
        .then_some(NamedBy::Default)
}

/// The rules that name a code, in catalogue order, each guidance's procedure tree then its
/// diagnosis tree, depth first; see [`Guidance::naming`].
#[derive(Clone, Debug)]
pub struct Namings {
    code: Code,
    /// The row in `Guidance::ALL` being walked.
    guidance: usize,
    /// False while walking the procedure tree, true for the diagnosis tree.
    in_diagnosis: bool,
    /// The rows of the tree being walked that are still to test.
    rules: Range<u32>,
}

/// The rows of a tree: its root and every rule below it.
fn rows(root: Rule) -> Range<u32> {
    root.index()..root.index() + root.descendants().len() as u32
}

impl Iterator for Namings {
    type Item = Naming;

    fn next(&mut self) -> Option<Naming> {
        loop {
            let guidance = *Guidance::ALL.get(self.guidance)?;
            if let Some(row) = self.rules.next() {
                let rule = Rule::at(row);
                if let Some(by) = named_by(rule, self.code) {
                    return Some(Naming { guidance, rule, by });
                }
            } else if !self.in_diagnosis {
                self.in_diagnosis = true;
                self.rules = rows(guidance.diagnosis());
            } else {
                self.guidance += 1;
                self.in_diagnosis = false;
                self.rules = Guidance::ALL
                    .get(self.guidance)
                    .map_or(0..0, |g| rows(g.procedure()));
            }
        }
    }
}

impl core::iter::FusedIterator for Namings {}

impl Guidance {
    /// Every rule of the catalogue that names `code`, as [matching](crate::matching) reads
    /// it, with how it names it ([`NamedBy`]): the code itself, its category (`Y53.-` for
    /// `Y53.4`), the X-filled code of its undivided category (`I48.X` for `I48.0`), a
    /// four-character code of a five-character one, or a default. For a category
    /// (`Y53.-`) it finds the rules whose code or default lies in it.
    ///
    /// Unlike [`using_opcs4`](Guidance::using_opcs4) and
    /// [`using_icd10`](Guidance::using_icd10), which find the guidance that write the code
    /// exactly, this is the audit question: which guidance would accept an episode holding
    /// the code ([`NamedBy::is_accepted_by_matching`])? A guidance appears once per rule that
    /// names the code, in catalogue order. Walks every rule of the catalogue, without
    /// allocating.
    ///
    /// ```
    /// use nice_coding::{Guidance, NamedBy, icd10, ipg, opcs4};
    ///
    /// // IPG655 names the category Y53.-, with Y53.9 as its default.
    /// let found: Vec<_> = Guidance::naming(opcs4!("Y53.4"))
    ///     .filter(|n| n.guidance == ipg::IPG655)
    ///     .map(|n| (n.rule.code().unwrap().bare().to_string(), n.by))
    ///     .collect();
    /// assert_eq!(found, [("Y53.-".to_string(), NamedBy::Category)]);
    ///
    /// // No guidance writes I48.0, but matching accepts it for I48.X.
    /// assert_eq!(Guidance::using_icd10(icd10!("I48.0")).count(), 0);
    /// assert!(Guidance::naming(icd10!("I48.0")).all(|n| n.by == NamedBy::XFilled));
    /// assert!(Guidance::naming(icd10!("I48.0")).any(|n| n.guidance == ipg::IPG349));
    /// ```
    pub fn naming(code: impl Into<Code>) -> Namings {
        Namings {
            code: code.into(),
            guidance: 0,
            in_diagnosis: false,
            rules: Guidance::ALL.first().map_or(0..0, |g| rows(g.procedure())),
        }
    }
}
