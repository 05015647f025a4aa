//! Guidance whose codes belong to several patients (a [`Patients`](RuleKind::Patients) group:
//! "For the donor: ... For the recipient: ..."). Each patient's codes are coded in that
//! patient's own episode, so the procedure's group is a choice (an episode matches one
//! patient's codes), the episode's patient is the first entry it matches, and a diagnosis
//! given per patient is read for that patient only: the recipient's diagnosis is not asked of
//! the donor's episode.

use super::Episode;
use super::conditions::Need;
use super::walk::{Status, Tree};
use crate::Guidance;
use crate::rule::{Rule, RuleKind};

/// The `patients` group of a tree, which stands only at its top level.
pub(super) fn patients_group(root: Rule) -> Option<Rule> {
    root.children().find(|r| r.kind() == RuleKind::Patients)
}

impl Episode<'_> {
    /// The entry of the procedure's `patients` group that the episode's codes match: the first,
    /// in the guidance's order, that is satisfied by a code. `None` when the guidance has no
    /// such group or the episode matches no patient's codes.
    pub(super) fn patient(&self, guidance: Guidance) -> Option<Rule> {
        patients_group(guidance.procedure())?
            .children()
            .find(|&entry| {
                self.need(entry, Tree::Procedure) != Need::Ignored
                    && self.status(entry, Tree::Procedure) == Status::Met
            })
    }

    /// The state of a guidance's diagnosis for this episode, `None` when the guidance gives no
    /// ICD-10 recommendation for the episode's patient (none at all, or none for this patient
    /// of a diagnosis given per patient).
    ///
    /// Without a `patients` group it is the tree's state. With one, the tree is read as an
    /// `all` whose `patients` entry is the entry labelled as `patient` is, or is left out
    /// when the diagnosis names no such patient (or the patient is not known).
    pub(super) fn diagnosis_status(
        &self,
        guidance: Guidance,
        patient: Option<Rule>,
    ) -> Option<Status> {
        let root = guidance.diagnosis();
        if root.children().len() == 0 {
            return None;
        }
        if patients_group(root).is_none() {
            return Some(self.status(root, Tree::Diagnosis));
        }
        let label = patient.and_then(Rule::label);
        let mut any = false;
        let mut met = false;
        for child in root.children() {
            let child = if child.kind() == RuleKind::Patients {
                let own = child
                    .children()
                    .find(|e| label.is_some() && e.label() == label);
                match own {
                    Some(entry) => entry,
                    None => continue,
                }
            } else {
                child
            };
            any = true;
            let need = self.need(child, Tree::Diagnosis);
            if need == Need::Ignored {
                continue;
            }
            match self.status(child, Tree::Diagnosis) {
                Status::Failed if need == Need::Required => return Some(Status::Failed),
                Status::Met => met = true,
                _ => {}
            }
        }
        any.then_some(if met { Status::Met } else { Status::Vacuous })
    }
}
