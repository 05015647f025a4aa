//! A guidance's trees as SQL expressions over the atoms an episode holds, following
//! `nice_coding::matching` rule for rule.
//!
//! A rule's state is an integer: 0 not satisfied, 1 satisfied without any episode code (only
//! unchecked placeholders and absent conditional parts), 2 satisfied with a code. Then:
//!
//! * a code, or a placeholder with ranges: 2 when the episode holds its atom, else 0 (a
//!   category's atom leaves out its `except` codes); a placeholder without ranges: 1;
//! * `all`: the product of its entries' factors, capped at 2 (`LEAST(.., 2)`): a required entry
//!   gives its state, so one failed entry makes 0, any entry met makes 2 or more, and only
//!   vacuous entries make 1; an entry with a condition in words gives `GREATEST(state, 1)`
//!   (never fails the group, confirms it when present); a concurrent procedure's entry gives
//!   nothing; an `only_if` entry gives its factor when one of its codes is held, else 1;
//! * a choice (`one_of`, `one_or_more`, `variants`, `stages`, `patients`): the greatest state
//!   of its entries, 0 when none counts; an `only_if` entry counts only when one of its codes
//!   is held;
//! * the procedure: 0 when a `ruled_out_by` code is held, else its tree's state; it matches
//!   at 2 only (confirmed by a code);
//! * the variant: the label of the first entry of a `variants` or `stages` group, in tree order,
//!   whose state is 2 and that no other entry of the group met sets aside (`instead_of`); else
//!   of the first entry of a `patients` group whose state is 2;
//! * a diagnosis given per patient (a `patients` group in the diagnosis, `Evaluation::patient`):
//!   the diagnosis of the episode's patient, the first entry of the procedure's `patients`
//!   group whose state is 2: the tree as an `all` with the group replaced by that patient's
//!   entry, or left out (3, no recommendation, when nothing is left).

use super::atoms::{Atoms, Tree};
use super::dialect::Dialect;
use super::state::State;
use nice_coding::{Code, Guidance, Rule, RuleKind};

/// Writes the expressions, numbering atoms as it meets them.
pub struct Expressions<'a> {
    pub dialect: Dialect,
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
        active: String,
        optional: bool,
    },
}

impl Expressions<'_> {
    /// True when the episode holds any of `atoms` (at least one): a bit of theirs is set in
    /// the episode's words (`w0`, `w1`, ...).
    fn holds_any(&self, atoms: Vec<usize>) -> String {
        let states = atoms
            .into_iter()
            .map(|atom| State::atom(Some(atom)))
            .collect();
        State::any_of(states, self.dialect).met()
    }

    /// The atom of a code rule: the episode holds a code the rule accepts (its code covers
    /// it and none of its `except` codes does).
    fn code_atom(&mut self, rule: Rule, code: Code, tree: Tree) -> Option<usize> {
        let except: Vec<Code> = rule.except().collect();
        self.atoms.code_except(code, &except, tree)
    }

    /// The state of `rule` and its subtree.
    pub fn state(&mut self, rule: Rule, tree: Tree) -> State {
        match rule.kind() {
            RuleKind::Code(code) => State::atom(self.code_atom(rule, code, tree)),
            RuleKind::Placeholder => match self.atoms.ranges(rule, tree) {
                Some(atom) => State::atom(Some(atom)),
                None => State::Constant(1),
            },
            RuleKind::All => self.all_of(rule.children(), tree),
            // one_of, one_or_more, variants, stages, patients.
            _ => {
                let mut entries = Vec::new();
                for child in rule.children() {
                    let need = self.need(child, tree);
                    let state = self.state(child, tree);
                    match need {
                        Need::Ignored => {}
                        Need::Required | Need::Optional => entries.push(state),
                        Need::OnlyIf { active, .. } => entries.push(State::Expression(format!(
                            "CASE WHEN {active} THEN {} ELSE 0 END",
                            state.sql(self.dialect)
                        ))),
                    }
                }
                State::any_of(entries, self.dialect)
            }
        }
    }

    /// The state of an `all` of `children`: the product of their factors, capped at 2 (see the
    /// module docs); 1 when no entry counts.
    fn all_of(&mut self, children: impl Iterator<Item = Rule>, tree: Tree) -> State {
        let mut required = Vec::new();
        let mut factors = Vec::new();
        for child in children {
            let need = self.need(child, tree);
            let state = self.state(child, tree);
            let optional = |state: &State| format!("GREATEST({}, 1)", state.sql(self.dialect));
            match need {
                Need::Ignored => {}
                Need::Required => required.push(state),
                Need::Optional => factors.push(optional(&state)),
                Need::OnlyIf {
                    active,
                    optional: is_optional,
                } => factors.push(format!(
                    "CASE WHEN {active} THEN {} ELSE 1 END",
                    if is_optional {
                        optional(&state)
                    } else {
                        format!("({})", state.sql(self.dialect))
                    }
                )),
            }
        }
        State::all_of(required, factors, self.dialect)
    }

    /// The condition under which an entry of a choice counts and is met (state 2), as the
    /// library's `patient` and `variant` read it; `None` when it never counts.
    fn entry_met(&mut self, entry: Rule, tree: Tree) -> Option<String> {
        let need = self.need(entry, tree);
        let met = self.state(entry, tree).met();
        match need {
            Need::Ignored => None,
            Need::Required | Need::Optional => Some(met),
            Need::OnlyIf { active, .. } => Some(format!("{active} AND {met}")),
        }
    }

    /// The diagnosis's state for the patient whose procedure entry is `patient` (`None`: not
    /// known), for a diagnosis given per patient: the tree as an `all` whose `patients` group
    /// is that patient's entry, or is left out; 3 when nothing is left (no ICD-10
    /// recommendation for this patient).
    fn diagnosis_of(&mut self, diagnosis: Rule, patient: Option<&str>) -> String {
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
            "3".to_owned()
        } else {
            self.all_of(children.into_iter(), Tree::Diagnosis)
                .sql(self.dialect)
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
                active: self.holds_any(atoms),
                optional,
            };
        }
        if optional {
            Need::Optional
        } else {
            Need::Required
        }
    }

    /// The procedure's state: 0 when a `ruled_out_by` code is held.
    pub fn procedure(&mut self, guidance: Guidance) -> String {
        let state = self
            .state(guidance.procedure(), Tree::Procedure)
            .sql(self.dialect);
        let ruled_out: Vec<usize> = guidance
            .ruled_out_by()
            .filter_map(|r| r.code())
            .map(|code| self.atoms.code_anywhere(code))
            .collect();
        if ruled_out.is_empty() {
            state
        } else {
            format!(
                "CASE WHEN {} THEN 0 ELSE {state} END",
                self.holds_any(ruled_out)
            )
        }
    }

    /// The diagnosis's state, or 3 when the guidance gives no ICD-10 recommendation (for the
    /// episode's patient, when the diagnosis is given per patient).
    pub fn diagnosis(&mut self, guidance: Guidance) -> String {
        let diagnosis = guidance.diagnosis();
        if diagnosis.children().len() == 0 {
            return "3".to_owned();
        }
        if !diagnosis.children().any(|r| r.kind() == RuleKind::Patients) {
            return self.state(diagnosis, Tree::Diagnosis).sql(self.dialect);
        }
        // The episode's patient is the first entry of the procedure's group it meets.
        let patients = guidance
            .procedure()
            .children()
            .find(|r| r.kind() == RuleKind::Patients);
        let mut branches = Vec::new();
        for entry in patients.into_iter().flat_map(|group| group.children()) {
            let Some(met) = self.entry_met(entry, Tree::Procedure) else {
                continue;
            };
            let state = self.diagnosis_of(diagnosis, entry.label());
            branches.push(format!("WHEN {met} THEN {state}"));
        }
        let unknown = self.diagnosis_of(diagnosis, None);
        if branches.is_empty() {
            unknown
        } else {
            format!("CASE {} ELSE {unknown} END", branches.join(" "))
        }
    }

    /// The label of the variant or stage matched, `''` when none (see the module docs).
    pub fn variant(&mut self, guidance: Guidance) -> String {
        let groups = guidance
            .procedure()
            .descendants()
            .filter(|r| matches!(r.kind(), RuleKind::Variants | RuleKind::Stages));
        let mut branches = Vec::new();
        for group in groups {
            for entry in group.children() {
                let mut condition = self.state(entry, Tree::Procedure).met();
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
                    let met = self.state(other, Tree::Procedure).met();
                    condition.push_str(&format!(" AND NOT ({met})"));
                }
                let label = self.dialect.literal(entry.label().unwrap_or_default());
                branches.push(format!("WHEN {condition} THEN {label}"));
            }
        }
        // No variant or stage met: the patient's label, as `Evaluation::variant` gives it.
        let patients = guidance
            .procedure()
            .children()
            .filter(|r| r.kind() == RuleKind::Patients);
        for entry in patients.flat_map(|group| group.children()) {
            if let Some(met) = self.entry_met(entry, Tree::Procedure) {
                let label = self.dialect.literal(entry.label().unwrap_or_default());
                branches.push(format!("WHEN {met} THEN {label}"));
            }
        }
        if branches.is_empty() {
            "''".to_owned()
        } else {
            format!("CASE {} ELSE '' END", branches.join(" "))
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
        let anchors = Expressions {
            dialect: Dialect::Duckdb,
            atoms: &mut atoms,
        }
        .anchors(guidance);
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
