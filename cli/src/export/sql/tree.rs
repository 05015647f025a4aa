//! A guidance's trees as SQL expressions over the atoms an episode holds, following
//! `nice_coding::matching` rule for rule.
//!
//! A rule's state is 0 not satisfied, 1 satisfied without any episode code (only unchecked
//! placeholders and absent conditional parts), or 2 satisfied with a code. The query writes
//! it as two conditions (`condition`): the state is 2 (met), and it is not 0 (not failed).
//! Then:
//!
//! * a code, or a placeholder with ranges: 2 when the episode holds its atom, else 0 (a
//!   category's atom leaves out its `except` codes); a placeholder without ranges: 1;
//! * `all`: failed when an entry that counts fails it, met when it is not failed and some
//!   entry met, else 1. A required entry fails it when failed; an entry with a condition in
//!   words never fails it and confirms it when met; a concurrent procedure's entry does not
//!   count; an `only_if` entry counts (as required, or as conditional) only when one of its
//!   codes is held. When a required entry is met whenever it is not failed (a code), the
//!   group is met whenever it is not failed;
//! * a choice (`one_of`, `one_or_more`, `variants`, `stages`, `patients`): the greatest state
//!   of its entries (met when one is met, failed when all are), 0 when none counts; an
//!   `only_if` entry counts only when one of its codes is held;
//! * the procedure: 0 when a `ruled_out_by` code is held, else its tree's state; it matches
//!   at 2 only (confirmed by a code), so the query needs only whether it is met;
//! * the diagnosis: its tree's state as an integer, or 3 when the guidance gives no ICD-10
//!   recommendation;
//! * the variant: the label of the first entry of a `variants` or `stages` group, in tree order,
//!   whose state is 2 and that no other entry of the group met sets aside (`instead_of`); else
//!   of the first entry of a `patients` group whose state is 2;
//! * a diagnosis given per patient (a `patients` group in the diagnosis, `Evaluation::patient`):
//!   the diagnosis of the episode's patient, the first entry of the procedure's `patients`
//!   group whose state is 2: the tree as an `all` with the group replaced by that patient's
//!   entry, or left out (3, no recommendation, when nothing is left).

use super::atoms::{Atoms, Tree};
use super::condition::{Cases, Condition};
use nice_coding::{Code, Guidance, Rule, RuleKind};

/// Writes the expressions, numbering atoms as it meets them.
pub struct Expressions<'a> {
    pub atoms: &'a mut Atoms,
}

/// How an entry counts in its group.
enum Need {
    Required,
    Optional,
    /// Not part of this episode's recommendation (a concurrent procedure's code).
    Ignored,
    /// Counts (required, or optional when `optional`) only when `active` holds.
    OnlyIf {
        active: Condition,
        optional: bool,
    },
}

/// A rule's state (see the module docs) as two conditions.
struct Truth {
    /// The state is 2.
    met: Condition,
    /// The state is not 0.
    unfailed: Condition,
}

impl Truth {
    /// A rule whose state is 2 or 0: met when it holds.
    fn binary(holds: Condition) -> Truth {
        Truth {
            met: holds.clone(),
            unfailed: holds,
        }
    }

    /// The state as an integer, 0, 1 or 2.
    fn state(&self) -> Cases<u8> {
        let (met, unfailed) = (&self.met, &self.unfailed);
        let cases = |arms: Vec<(&Condition, u8)>, otherwise: u8| Cases {
            arms: arms
                .into_iter()
                .filter(|(condition, _)| **condition != Condition::Constant(false))
                .map(|(condition, value)| (condition.clone(), value))
                .collect(),
            otherwise,
        };
        match (met, unfailed) {
            (Condition::Constant(true), _) => Cases::always(2),
            (_, Condition::Constant(false)) => Cases::always(0),
            (Condition::Constant(false), Condition::Constant(true)) => Cases::always(1),
            (met, Condition::Constant(true)) => cases(vec![(met, 2)], 1),
            (met, unfailed) if met == unfailed => cases(vec![(met, 2)], 0),
            (met, unfailed) => cases(vec![(met, 2), (unfailed, 1)], 0),
        }
    }
}

impl Expressions<'_> {
    /// The atom of a code rule: the episode holds a code the rule accepts (its code covers
    /// it and none of its `except` codes does).
    fn code_atom(&mut self, rule: Rule, code: Code, tree: Tree) -> Option<usize> {
        let except: Vec<Code> = rule.except().collect();
        self.atoms.code_except(code, &except, tree)
    }

    /// The state of `rule` and its subtree, as whether it is met (2) and whether it is
    /// failed (0).
    fn truth(&mut self, rule: Rule, tree: Tree) -> Truth {
        match rule.kind() {
            RuleKind::Code(code) => {
                Truth::binary(Condition::atom(self.code_atom(rule, code, tree)))
            }
            RuleKind::Placeholder => match self.atoms.ranges(rule, tree) {
                Some(atom) => Truth::binary(Condition::atom(Some(atom))),
                // State 1.
                None => Truth {
                    met: Condition::Constant(false),
                    unfailed: Condition::Constant(true),
                },
            },
            RuleKind::All => self.all_truth(rule.children(), tree),
            // one_of, one_or_more, variants, stages, patients: the greatest state of the
            // entries that count.
            _ => {
                let (mut met, mut unfailed) = (Vec::new(), Vec::new());
                for child in rule.children() {
                    let need = self.need(child, tree);
                    let truth = self.truth(child, tree);
                    match need {
                        Need::Ignored => {}
                        Need::Required | Need::Optional => {
                            met.push(truth.met);
                            unfailed.push(truth.unfailed);
                        }
                        Need::OnlyIf { active, .. } => {
                            met.push(Condition::and(vec![active.clone(), truth.met]));
                            unfailed.push(Condition::and(vec![active, truth.unfailed]));
                        }
                    }
                }
                Truth {
                    met: Condition::or(met),
                    unfailed: Condition::or(unfailed),
                }
            }
        }
    }

    /// The truth of an `all` of `children`: failed when a required entry (an `only_if`
    /// entry whose codes are held, unless optional) is failed; met when not failed and some
    /// entry that counts is met. When a required entry is met whenever it is not failed (a
    /// code), the group is met whenever it is not failed.
    fn all_truth(&mut self, children: impl Iterator<Item = Rule>, tree: Tree) -> Truth {
        let (mut met, mut unfailed) = (Vec::new(), Vec::new());
        let mut binary = false;
        for child in children {
            let need = self.need(child, tree);
            let truth = self.truth(child, tree);
            match need {
                Need::Ignored => {}
                Need::Required => {
                    binary |= truth.met == truth.unfailed;
                    met.push(truth.met);
                    unfailed.push(truth.unfailed);
                }
                Need::Optional => met.push(truth.met),
                Need::OnlyIf { active, optional } => {
                    if !optional {
                        unfailed.push(Condition::or(vec![active.clone().not(), truth.unfailed]));
                    }
                    met.push(Condition::and(vec![active, truth.met]));
                }
            }
        }
        let unfailed = Condition::and(unfailed);
        let met = if binary {
            unfailed.clone()
        } else {
            Condition::and(vec![unfailed.clone(), Condition::or(met)])
        };
        Truth { met, unfailed }
    }

    /// The condition under which an entry of a choice of the procedure's tree counts and is
    /// met (state 2), as the library's `patient` and `variant` read it; `None` when it never
    /// counts.
    fn entry_met(&mut self, entry: Rule, tree: Tree) -> Option<Condition> {
        let need = self.need(entry, tree);
        let met = self.truth(entry, tree).met;
        match need {
            Need::Ignored => None,
            Need::Required | Need::Optional => Some(met),
            Need::OnlyIf { active, .. } => Some(Condition::and(vec![active, met])),
        }
    }

    /// The diagnosis's state for the patient whose procedure entry is `patient` (`None`: not
    /// known), for a diagnosis given per patient: the tree as an `all` whose `patients` group
    /// is that patient's entry, or is left out; 3 when nothing is left (no ICD-10
    /// recommendation for this patient).
    fn diagnosis_of(&mut self, diagnosis: Rule, patient: Option<&str>) -> Cases<u8> {
        let mut children = Vec::new();
        for child in diagnosis.children() {
            if child.kind() != RuleKind::Patients {
                children.push(child);
            } else if let Some(own) = child
                .children()
                .find(|e| patient.is_some() && e.label() == patient)
            {
                children.push(own);
            }
        }
        if children.is_empty() {
            Cases::always(3)
        } else {
            self.all_truth(children.into_iter(), Tree::Diagnosis)
                .state()
        }
    }

    /// How `rule` counts in its group (see `nice_coding::matching`'s `need`).
    fn need(&mut self, rule: Rule, tree: Tree) -> Need {
        if rule.concurrent().is_some() {
            return Need::Ignored;
        }
        let optional = rule.condition().is_some();
        if rule.only_if().len() > 0 {
            let atoms: Vec<usize> = rule
                .only_if()
                .filter_map(|code| self.atoms.code(code, tree))
                .collect();
            if atoms.is_empty() {
                // None of its codes can be in this tree: the rule is never part of it.
                return Need::Ignored;
            }
            return Need::OnlyIf {
                active: Condition::holds_any(atoms),
                optional,
            };
        }
        if optional {
            Need::Optional
        } else {
            Need::Required
        }
    }

    /// Whether the procedure matches (its state is 2): never when a `ruled_out_by` code is
    /// held.
    pub fn procedure(&mut self, guidance: Guidance) -> Condition {
        let met = self.truth(guidance.procedure(), Tree::Procedure).met;
        let ruled_out: Vec<usize> = guidance
            .ruled_out_by()
            .filter_map(|r| r.code())
            .map(|code| self.atoms.code_anywhere(code))
            .collect();
        Condition::and(vec![Condition::holds_any(ruled_out).not(), met])
    }

    /// The diagnosis's state, or 3 when the guidance gives no ICD-10 recommendation (for the
    /// episode's patient, when the diagnosis is given per patient: a state for each patient,
    /// by the condition that the episode is that patient's).
    pub fn diagnosis(&mut self, guidance: Guidance) -> Cases<Cases<u8>> {
        let diagnosis = guidance.diagnosis();
        if diagnosis.children().len() == 0 {
            return Cases::always(Cases::always(3));
        }
        if !diagnosis.children().any(|r| r.kind() == RuleKind::Patients) {
            return Cases::always(self.truth(diagnosis, Tree::Diagnosis).state());
        }
        // The episode's patient is the first entry of the procedure's group it meets.
        let patients = guidance
            .procedure()
            .children()
            .find(|r| r.kind() == RuleKind::Patients);
        let mut arms = Vec::new();
        for entry in patients.into_iter().flat_map(|group| group.children()) {
            let Some(met) = self.entry_met(entry, Tree::Procedure) else {
                continue;
            };
            arms.push((met, self.diagnosis_of(diagnosis, entry.label())));
        }
        Cases {
            arms,
            otherwise: self.diagnosis_of(diagnosis, None),
        }
    }

    /// The label of the variant or stage matched, empty when none (see the module docs).
    pub fn variant(&mut self, guidance: Guidance) -> Cases<&'static str> {
        let groups = guidance
            .procedure()
            .descendants()
            .filter(|r| matches!(r.kind(), RuleKind::Variants | RuleKind::Stages));
        let mut arms = Vec::new();
        for group in groups {
            for entry in group.children() {
                let mut condition = vec![self.truth(entry, Tree::Procedure).met];
                let set_aside_by: Vec<Rule> = group
                    .children()
                    .filter(|&other| {
                        other != entry
                            && other
                                .instead_of()
                                .any(|code| entry.descendants().any(|r| r.code() == Some(code)))
                    })
                    .collect();
                for other in set_aside_by {
                    condition.push(self.truth(other, Tree::Procedure).met.not());
                }
                arms.push((Condition::and(condition), entry.label().unwrap_or_default()));
            }
        }
        // No variant or stage met: the patient's label, as `Evaluation::variant` gives it.
        let patients = guidance
            .procedure()
            .children()
            .filter(|r| r.kind() == RuleKind::Patients);
        for entry in patients.flat_map(|group| group.children()) {
            if let Some(met) = self.entry_met(entry, Tree::Procedure) {
                arms.push((met, entry.label().unwrap_or_default()));
            }
        }
        Cases {
            arms,
            otherwise: "",
        }
    }

    /// Atoms one of which an episode holds whenever its procedure is met (2), so only
    /// episodes holding one are evaluated: the atoms of the required entry that covers the
    /// fewest codes ([`Atoms::breadth`]) when the tree has one, else every code's and ranged
    /// placeholder's (see [`Self::met_requires`]).
    pub fn anchors(&mut self, guidance: Guidance) -> Vec<usize> {
        let mut anchors = self.met_requires(guidance.procedure(), Tree::Procedure);
        anchors.sort_unstable();
        anchors.dedup();
        anchors
    }

    /// Atoms one of which is held whenever `rule` is not failed; `None` when it can be
    /// satisfied without any (a placeholder without ranges, an `all` without a required
    /// entry that needs one, a choice with such an entry).
    fn unfailed_requires(&mut self, rule: Rule, tree: Tree) -> Option<Vec<usize>> {
        match rule.kind() {
            RuleKind::Code(code) => Some(self.code_atom(rule, code, tree).into_iter().collect()),
            RuleKind::Placeholder => self.atoms.ranges(rule, tree).map(|atom| vec![atom]),
            RuleKind::All => {
                // The narrowest required entry: IPG245's `Y74.-` rather than its placeholder
                // for the whole of Chapter K, so an episode is a candidate only when it holds
                // the approach code.
                let mut best: Option<(usize, Vec<usize>)> = None;
                for child in rule.children() {
                    if !matches!(self.need(child, tree), Need::Required) {
                        continue;
                    }
                    if let Some(atoms) = self.unfailed_requires(child, tree) {
                        let breadth = atoms.iter().map(|&a| self.atoms.breadth(a)).sum();
                        if best.as_ref().is_none_or(|(b, _)| breadth < *b) {
                            best = Some((breadth, atoms));
                        }
                    }
                }
                best.map(|(_, atoms)| atoms)
            }
            _ => {
                let mut union = Vec::new();
                for child in rule.children() {
                    if matches!(self.need(child, tree), Need::Ignored) {
                        continue;
                    }
                    union.extend(self.unfailed_requires(child, tree)?);
                }
                Some(union)
            }
        }
    }

    /// Atoms one of which is held whenever `rule` is met (2): met needs an episode code, from
    /// a code or a ranged placeholder of the subtree, and an `all` is met only when not failed.
    fn met_requires(&mut self, rule: Rule, tree: Tree) -> Vec<usize> {
        match rule.kind() {
            RuleKind::Code(_) | RuleKind::Placeholder => {
                self.unfailed_requires(rule, tree).unwrap_or_default()
            }
            RuleKind::All => match self.unfailed_requires(rule, tree) {
                Some(atoms) => atoms,
                None => self.met_by_any_entry(rule, tree),
            },
            _ => self.met_by_any_entry(rule, tree),
        }
    }

    fn met_by_any_entry(&mut self, rule: Rule, tree: Tree) -> Vec<usize> {
        let mut union = Vec::new();
        for child in rule.children() {
            if !matches!(self.need(child, tree), Need::Ignored) {
                union.extend(self.met_requires(child, tree));
            }
        }
        union
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefixes of a guidance's anchors: an episode holding none of them is not a
    /// candidate for it.
    fn anchor_prefixes(id: &str) -> Vec<String> {
        let guidance: Guidance = id.parse().unwrap();
        let mut atoms = Atoms::default();
        let anchors = Expressions { atoms: &mut atoms }.anchors(guidance);
        let mut prefixes: Vec<String> = atoms
            .rows()
            .into_iter()
            .filter(|row| anchors.contains(&row.atom))
            .map(|row| row.prefix)
            .collect();
        prefixes.sort();
        prefixes
    }

    /// A placeholder for a whole chapter is required beside a named code: the named code is
    /// the anchor, so an episode with any code of the chapter is not evaluated for nothing.
    #[test]
    fn the_narrowest_required_entry_anchors_a_guidance() {
        assert_eq!(anchor_prefixes("IPG245"), ["Y74"]);
        assert_eq!(anchor_prefixes("IPG84"), ["Y46", "Y47"]);
        assert_eq!(anchor_prefixes("IPG155"), ["S071", "S078", "S079"]);
        // The first of the narrowest, the main code, when several are alike.
        assert_eq!(anchor_prefixes("IPG655"), ["K578"]);
    }
}
