//! The result of evaluating one guidance against one episode: [`Evaluation`] with its outcome,
//! matched variant and printed form, and the iterators it recomputes on demand, [`Explain`]
//! (every rule with how the episode satisfied it) and [`Missing`] (what a near miss lacks).

use super::conditions::Need;
use super::walk::{Status, Tree, depth, is_choice, parent};
use super::{Episode, Outcome};
use crate::Guidance;
use crate::rule::{Code, Rule, RuleKind};
use core::fmt;

/// The result of [`Guidance::evaluate`]: how one episode compares with one guidance, with the
/// explanation recomputed on demand ([`explain`](Self::explain), [`missing`](Self::missing)).
///
/// Its [`Display`](fmt::Display) prints the outcome and the annotated trees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Evaluation<'a> {
    pub(super) guidance: Guidance,
    pub(super) episode: Episode<'a>,
    pub(super) procedure: Status,
    /// `None` when the guidance gives no ICD-10 recommendation for the episode's patient.
    pub(super) diagnosis: Option<Status>,
    /// The entry of the procedure's `patients` group the episode matched, if any.
    pub(super) patient: Option<Rule>,
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
        let procedure = episode.procedure_status(self);
        let patient = (procedure == Status::Met)
            .then(|| episode.patient(self))
            .flatten();
        Evaluation {
            guidance: self,
            episode: *episode,
            procedure,
            diagnosis: episode.diagnosis_status(self, patient),
            patient,
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
        match self.diagnosis {
            None => Outcome::NoDiagnosisRecommendation,
            Some(Status::Met) => Outcome::DiagnosisMatches,
            Some(Status::Failed) => Outcome::DiagnosisAbsentOrDifferent,
            Some(Status::Vacuous) => Outcome::DiagnosisNotChecked,
        }
    }

    /// For a guidance whose codes belong to several patients ([`RuleKind::Patients`]: "For
    /// the donor: ... For the recipient: ..."), the label of the patient whose codes the
    /// episode matches ("Donor"): the first in the guidance's order. Each patient is coded in
    /// their own episode, so an episode is never asked for another patient's codes, and a
    /// diagnosis given per patient is that patient's. `None` when the procedure does not match
    /// or has no patients.
    pub fn patient(&self) -> Option<&'static str> {
        self.patient.and_then(Rule::label)
    }

    /// When the procedure matches through a labelled variant or stage, its label
    /// ("Percutaneous procedure", "1st stage"): the first, in the guidance's order, that the
    /// episode's codes satisfy. When it matches through no variant or stage but through a
    /// patient's codes, the patient's label ("Donor", as [`patient`](Self::patient) gives it),
    /// so one field names what the episode matched. `None` when the procedure does not match
    /// or has none of these groups. When an episode satisfies several variants,
    /// [`explain`](Self::explain) reports each.
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
            .or_else(|| self.patient())
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
    /// assert_eq!(evaluation.ruled_out_by().and_then(|r| r.code()).map(|c| c.bare().to_string()).as_deref(), Some("Y73.1"));
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
        let walk_diagnosis = self.diagnosis == Some(Status::Failed);
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
            states: [self.procedure, self.diagnosis.unwrap_or(Status::Vacuous)],
            current: 0,
            patient: self.patient(),
        }
    }
}

impl fmt::Display for Evaluation<'_> {
    /// The guidance, the outcome, then each tree with one line per rule: `[x]` satisfied,
    /// `[ ]` not satisfied, `[-]` conditional and absent, `[?]` not checked, and the episode
    /// code that satisfied it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.guidance.id(), self.outcome().describe())?;
        if let Some(rule) = self.ruled_out_by() {
            f.write_str("ruled out by: ")?;
            describe(f, rule)?;
            writeln!(f)?;
        }
        if let Some(label) = self.patient() {
            writeln!(f, "patient: {label}")?;
        }
        if let Some(label) = self.variant().filter(|&v| Some(v) != self.patient()) {
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
                write!(f, " <- {}", by.bare())?;
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
            write!(f, "{}", code.bare())?;
            if let Some(title) = rule.title() {
                write!(f, " {title}")?;
            }
            if rule.except().len() > 0 {
                f.write_str(" (except ")?;
                crate::page::codes_and(f, rule.except())?;
                f.write_str(")")?;
            }
        }
        RuleKind::All => f.write_str("all of")?,
        RuleKind::OneOf => f.write_str("one of")?,
        RuleKind::OneOrMore => f.write_str("one or more of")?,
        RuleKind::Variants => f.write_str("one of the variants")?,
        RuleKind::Stages => f.write_str("one of the stages")?,
        RuleKind::Patients => f.write_str("the patients, each in their own episode")?,
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
    /// The label of the episode's patient: of a diagnosis given per patient, only that
    /// patient's entry can be missing.
    patient: Option<&'static str>,
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
            let per_patient = tree == Tree::Diagnosis && parent.kind() == RuleKind::Patients;
            if per_patient {
                // Only the episode's patient's diagnosis counts.
                if self.patient.is_none() || rule.label() != self.patient {
                    return Step::Skip;
                }
            } else if is_choice(parent) && !ep.partial(rule, tree) {
                // A choice is entered only when it holds part of an entry: walk those entries.
                return Step::Skip;
            }
            if ep.need(rule, tree) != Need::Required {
                return Step::Skip;
            }
        }
        // A diagnosis given per patient: walk the episode's patient's entry (another patient's
        // entry may satisfy the group, which says nothing of this patient).
        if rule.kind() == RuleKind::Patients && tree == Tree::Diagnosis {
            return Step::Descend;
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
