//! The tree walk: the state of a rule (and its subtree) against an episode's codes of one
//! classification, the episode code that satisfies a code rule, and where a rule stands in
//! its tree (ancestors, parent, depth). [`Evaluation`](super::Evaluation), its explanation and
//! [`matches()`](super::matches) all read trees through these.

use super::Episode;
use super::conditions::Need;
use crate::rule::{Code, Rule, RuleKind};

/// The state of one rule against an episode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Status {
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
pub(super) enum Tree {
    Procedure,
    Diagnosis,
}

/// True when rule code `rule` is satisfied by episode code `code` (see the
/// [`matching`](super) module docs). The covering lookup
/// ([`Guidance::naming`](crate::Guidance::naming)) reads codes through this function too.
pub(crate) fn rule_covers(rule: Code, code: Code) -> bool {
    match (rule, code) {
        (Code::Icd10(r), Code::Icd10(c)) if r.is_x_filled() => r.category().covers(c),
        _ => rule.covers(code),
    }
}

impl Episode<'_> {
    /// The episode's codes of one tree's classification, in the order recorded.
    pub(super) fn codes(&self, tree: Tree) -> impl Iterator<Item = Code> + '_ {
        let (p, d) = match tree {
            Tree::Procedure => (self.procedures, &[][..]),
            Tree::Diagnosis => (&[][..], self.diagnoses),
        };
        p.iter()
            .map(|&c| Code::Opcs4(c))
            .chain(d.iter().map(|&c| Code::Icd10(c)))
    }

    /// The first episode code that satisfies a code rule or a placeholder with ranges.
    pub(super) fn witness(&self, rule: Rule, tree: Tree) -> Option<Code> {
        match rule.kind() {
            RuleKind::Code(_) => self.codes(tree).find(|&c| rule.accepts(c)),
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
    pub(super) fn status(&self, rule: Rule, tree: Tree) -> Status {
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
            // one_of, one_or_more, variants, stages, patients.
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
    pub(super) fn partial(&self, rule: Rule, tree: Tree) -> bool {
        rule.descendants().any(|r| self.witness(r, tree).is_some())
    }
}

/// The rules whose subtree holds `rule`, from `root` down to its parent (trees are stored
/// depth first, so a subtree is a contiguous run of rules).
pub(super) fn ancestors(root: Rule, rule: Rule) -> impl Iterator<Item = Rule> {
    let at = rule.index();
    root.descendants()
        .take_while(move |r| r.index() < at)
        .filter(move |r| r.index() + r.descendants().len() as u32 > at)
}

/// The parent of `rule` within the tree rooted at `root`, if `rule` is not the root.
pub(super) fn parent(root: Rule, rule: Rule) -> Option<Rule> {
    ancestors(root, rule).last()
}

/// How deep `rule` stands below `root` (0 for the root).
pub(super) fn depth(root: Rule, rule: Rule) -> usize {
    ancestors(root, rule).count()
}

pub(super) fn is_choice(rule: Rule) -> bool {
    matches!(
        rule.kind(),
        RuleKind::OneOf
            | RuleKind::OneOrMore
            | RuleKind::Variants
            | RuleKind::Stages
            | RuleKind::Patients
    )
}
