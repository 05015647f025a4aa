//! `patients`: a guidance whose codes belong to several patients ("For the donor: ... For the
//! recipient: ...", IPG194's shape), each coded in that patient's own episode, so matching
//! never expects them in one episode. `tree.rs` checks the group like `variants` (entries,
//! labels); this file checks where it stands: only at the top level of `procedure` or
//! `diagnosis`, once per tree, and a diagnosis given per patient names the procedure's
//! patients, so matching can take the diagnosis of the patient the episode's procedure is.

use super::super::read::model::RawNode;
use super::Checker;
use toml::Spanned;

type Tree = Option<Spanned<Vec<Spanned<RawNode>>>>;

/// The label of an entry (`label`, or `implied_label`), when it has one.
fn label(entry: &RawNode) -> Option<&Spanned<String>> {
    entry.label.as_ref().or(entry.implied_label.as_ref())
}

impl Checker {
    /// Where the `patients` groups of a guidance's two trees stand.
    pub(super) fn patients(&mut self, file: usize, procedure: &Tree, diagnosis: &Tree) {
        let mut groups = [None, None];
        for (at, (key, tree)) in [("procedure", procedure), ("diagnosis", diagnosis)]
            .into_iter()
            .enumerate()
        {
            let Some(list) = tree else { continue };
            for entry in list.get_ref() {
                let raw = entry.get_ref();
                if let Some(group) = &raw.patients {
                    if groups[at].is_some() {
                        self.err(
                            file,
                            group.span(),
                            format!("`{key}` has a second `patients` group; list every patient in one group."),
                        );
                    } else {
                        groups[at] = Some(group);
                    }
                }
                for list in raw.group_lists() {
                    self.nested_patients(file, list.get_ref());
                }
            }
        }
        let [procedure_group, Some(diagnosis_group)] = groups else {
            return;
        };
        let Some(procedure_group) = procedure_group else {
            self.err(
                file,
                diagnosis_group.span(),
                "the diagnosis is given per patient, but the procedure has no `patients` group; give the procedure's codes per patient too, or write the diagnosis as one list.",
            );
            return;
        };
        let procedure_labels: Vec<&str> = procedure_group
            .get_ref()
            .iter()
            .filter_map(|e| label(e.get_ref()).map(|l| l.get_ref().as_str()))
            .collect();
        for entry in diagnosis_group.get_ref() {
            let Some(l) = label(entry.get_ref()) else {
                continue;
            };
            if !procedure_labels.contains(&l.get_ref().as_str()) {
                self.err(
                    file,
                    l.span(),
                    format!(
                        "patient \"{}\" has no codes under `procedure`; label each patient of the diagnosis as the procedure does ({}).",
                        l.get_ref(),
                        procedure_labels
                            .iter()
                            .map(|p| format!("\"{p}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
        }
    }

    /// A `patients` group inside another group, at any depth.
    fn nested_patients(&mut self, file: usize, entries: &[Spanned<RawNode>]) {
        for entry in entries {
            let raw = entry.get_ref();
            if let Some(group) = &raw.patients {
                self.err(
                    file,
                    group.span(),
                    "`patients` stands only at the top level of `procedure` or `diagnosis`, since each patient's codes are coded in that patient's own episode; move it out of this group.",
                );
            }
            for list in raw.group_lists() {
                self.nested_patients(file, list.get_ref());
            }
        }
    }
}
