//! The rules between codes, as matching evaluates them: whether a rule is required given the
//! episode's other codes (`only_if`, `concurrent`, `condition`), which entry of a choice is
//! set aside for another coded instead of it (`instead_of`), when a rule is a supplementary
//! code (`supplementary_if`), and which code rules a guidance out (`ruled_out_by`). See the
//! [`matching`](crate::matching) module docs for the table of what each means.

use super::Episode;
use super::walk::{Status, Tree, rule_covers};
use crate::Guidance;
use crate::rule::{Code, Rule};

/// How much a rule matters to the group it stands in, for one episode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Need {
    /// Its absence makes the group fail.
    Required,
    /// Conditional on something the codes do not record (`condition`): reported present or
    /// absent, never required; when present it confirms the match like any code.
    Optional,
    /// Not part of this episode's recommendation: a concurrent procedure's code, or a rule
    /// whose `only_if` codes are all absent. It neither fails nor confirms the group.
    Ignored,
}

impl Episode<'_> {
    /// True when the episode holds a code that `code` covers, in `tree`'s classification.
    pub(super) fn holds(&self, code: Code, tree: Tree) -> bool {
        self.codes(tree).any(|c| rule_covers(code, c))
    }

    /// How much `rule` matters to its group for this episode.
    pub(super) fn need(&self, rule: Rule, tree: Tree) -> Need {
        if rule.concurrent().is_some() {
            return Need::Ignored;
        }
        let mut only_if = rule.only_if().peekable();
        if only_if.peek().is_some() && !only_if.any(|c| self.holds(c, tree)) {
            return Need::Ignored;
        }
        if rule.condition().is_some() {
            Need::Optional
        } else {
            Need::Required
        }
    }

    /// The first code of `guidance.ruled_out_by()` the episode holds: its presence means the
    /// guidance does not apply.
    pub(super) fn ruled_out(&self, guidance: Guidance) -> Option<Rule> {
        guidance.ruled_out_by().find(|r| {
            r.code().is_some_and(|code| {
                self.holds(code, Tree::Procedure) || self.holds(code, Tree::Diagnosis)
            })
        })
    }

    /// The state of a guidance's procedure: its tree's, unless a code rules the guidance out.
    pub(super) fn procedure_status(&self, guidance: Guidance) -> Status {
        if self.ruled_out(guidance).is_some() {
            return Status::Failed;
        }
        self.status(guidance.procedure(), Tree::Procedure)
    }

    /// For an entry of a choice, another entry of it that the episode satisfies and that is
    /// coded instead of this one (its `instead_of` names a code of this entry): with both
    /// done, this entry is not needed.
    pub(super) fn set_aside_by(&self, choice: Rule, entry: Rule, tree: Tree) -> Option<Rule> {
        choice.children().find(|&other| {
            other != entry
                && other
                    .instead_of()
                    .any(|code| entry.descendants().any(|r| r.code() == Some(code)))
                && self.status(other, tree) == Status::Met
        })
    }

    /// True when `rule` is a supplementary code in this episode: one of its
    /// `supplementary_if` codes is coded.
    pub(super) fn is_supplementary(&self, rule: Rule, tree: Tree) -> bool {
        rule.supplementary_if().any(|c| self.holds(c, tree))
    }
}
