//! Codes: parsing an OPCS-4 or ICD-10 code (with its canonical form when it is written
//! loosely), a code node's `default` (a full code inside its category) and `except` (codes of
//! the category that do not satisfy it), the titles given per code (collected for
//! `across_files.rs`), and that the first code of a procedure is a main code.

use super::super::catalogue::*;
use super::super::read::model::RawNode;
use super::super::shared::code::{Icd10Code, Opcs4Code};
use super::super::shared::sorted;
#[cfg(feature = "check")]
use super::FileReport;
#[cfg(feature = "check")]
use super::rules;
#[cfg(feature = "check")]
use super::title_agreement::TitleUse;
use super::tree::parse_range;
use super::{Checker, Place};
use std::ops::Range;
use toml::Spanned;

impl Checker {
    /// Parses a code of `system`, reporting a malformed one with its canonical form.
    pub(super) fn code(
        &mut self,
        file: usize,
        s: &Spanned<String>,
        system: System,
    ) -> Option<Code> {
        let text = s.get_ref();
        let strict = match system {
            System::Opcs4 => Opcs4Code::parse(text).map(Code::Opcs4),
            System::Icd10 => Icd10Code::parse(text).map(Code::Icd10),
        };
        let problem = match strict {
            Ok(code) if code.to_string() == *text => return Some(code),
            Ok(code) => format!(
                "{} category \"{text}\" must be written with `.-`; write \"{code}\".",
                system.name()
            ),
            Err(e) => {
                let suggestion = suggest_code(text, system);
                let fix = match suggestion {
                    Some(s) => format!("write \"{s}\""),
                    None => match system {
                        System::Opcs4 => {
                            "an OPCS-4 code is a capital letter, two digits, a dot and a digit or `-` (\"K57.8\", \"Y53.-\")".to_string()
                        }
                        System::Icd10 => {
                            "an ICD-10 code is a capital letter, two digits, a dot and one or two digits, `X` or `-` (\"I50.9\", \"I48.X\", \"C50.-\")".to_string()
                        }
                    },
                };
                format!(
                    "{} code \"{text}\" is malformed: {}; {fix}.",
                    system.name(),
                    e.message()
                )
            }
        };
        self.err(file, s.span(), problem);
        None
    }

    /// A code node (`kind_key` is `opcs4` or `icd10`, written at `key_span`): the code in the
    /// tree of its classification, its title, and its `default` when it is a category. Returns
    /// the node's kind and default.
    pub(super) fn code_entry(
        &mut self,
        file: usize,
        raw: &RawNode,
        kind_key: &str,
        key_span: Range<usize>,
        place: Place,
        versions: &(Option<String>, Option<String>),
    ) -> Option<(NodeKind, Option<Code>)> {
        let system = if kind_key == "opcs4" {
            System::Opcs4
        } else {
            System::Icd10
        };
        let spanned_code = raw.opcs4.as_ref().or(raw.icd10.as_ref())?;
        if system != place.system {
            let (side, key, other_side) = match place.system {
                System::Opcs4 => ("procedure", "opcs4", "diagnosis"),
                System::Icd10 => ("diagnosis", "icd10", "procedure"),
            };
            let code = spanned_code.get_ref();
            self.err(
                file,
                key_span,
                format!(
                    "{} code \"{code}\" cannot stand under `{side}`, which holds {} codes only; move it to `{other_side}`, or write `{key} = \"{code}\"` if it is an {} code.",
                    system.name(),
                    place.system.name(),
                    place.system.name()
                ),
            );
            return None;
        }
        let code = self.code(file, spanned_code, system)?;
        let title = self.opt_text(file, &raw.title, "`title`");
        let printed = self.opt_text(file, &raw.printed, "`printed`");
        #[cfg(not(feature = "check"))]
        let _ = versions;
        #[cfg(feature = "check")]
        let version = match system {
            System::Opcs4 => versions.0.clone(),
            System::Icd10 => versions.1.clone(),
        };
        #[cfg(feature = "check")]
        if let (Some(t), Some(s)) = (&title, &raw.title) {
            self.titles.push(TitleUse {
                code,
                version: version.clone(),
                title: t.clone(),
                file,
                span: s.span(),
            });
        }
        let mut node_default = None;
        if let Some(d) = &raw.default {
            let is_category = match code {
                Code::Opcs4(c) => c.is_category(),
                Code::Icd10(c) => c.is_category(),
            };
            if !is_category {
                self.err(
                    file,
                    d.span(),
                    format!("`default` is only for a category code (ending in .-) or a placeholder, and {code} is a full code; remove it."),
                );
            } else if let Some(default) = self.code(file, d, system) {
                // Checked files hold only defaults inside their category.
                #[cfg(not(feature = "check"))]
                {
                    node_default = Some(default);
                }
                #[cfg(feature = "check")]
                if !covers(code, default) || is_category_code(default) {
                    self.defaults_outside.push((file, d.span(), default, code));
                } else {
                    self.codes_named.push(default);
                    node_default = Some(default);
                    self.default_title(file, raw, default, version);
                }
            }
        }
        #[cfg(feature = "check")]
        if !is_category_code(code) {
            self.codes_named.push(code);
        }
        let kind = NodeKind::Code {
            code,
            title,
            printed,
        };
        Some((kind, node_default))
    }

    /// `except` on a code node: the codes of a category that do not satisfy it ("the .8 and .9
    /// codes of L89 must not be used"). Each entry is a full code of `system` inside
    /// `category`, not its default, listed once; the key stands only on a category.
    pub(super) fn exceptions(
        &mut self,
        file: usize,
        raw: &RawNode,
        category: Code,
        default: Option<Code>,
        system: System,
    ) -> Vec<Code> {
        let Some(list) = &raw.except else {
            return Vec::new();
        };
        if !is_category_code(category) {
            self.err(
                file,
                list.span(),
                format!("`except` is only for a category code (ending in .-), and {category} is a full code; remove it."),
            );
            return Vec::new();
        }
        if list.get_ref().is_empty() {
            self.err(
                file,
                list.span(),
                "`except` is empty; list the codes of the category that must not be used, or remove the key.",
            );
        }
        let mut out: Vec<Code> = Vec::new();
        for entry in list.get_ref() {
            let Some(code) = self.code(file, entry, system) else {
                continue;
            };
            let problem = if is_category_code(code) {
                Some(format!(
                    "`except` names the category {code}; list the full codes of {category} that must not be used."
                ))
            } else if !covers(category, code) {
                Some(format!(
                    "`except` names {code}, which is not a code in category {category}; list only codes of {category}."
                ))
            } else if Some(code) == default {
                Some(format!(
                    "`except` names {code}, the default of {category}; a code that must not be used cannot be the default, so remove one of them."
                ))
            } else if out.contains(&code) {
                Some(format!("`except` names {code} twice; remove one."))
            } else {
                None
            };
            match problem {
                Some(message) => self.err(file, entry.span(), message),
                None => out.push(code),
            }
        }
        out
    }

    /// Reports the defaults outside their category, once every file is read: the example
    /// offered is a code of that category that some file names (so it exists), or none.
    #[cfg(feature = "check")]
    pub(super) fn defaults_outside_category(&mut self) {
        let named = sorted::sorted_unique(std::mem::take(&mut self.codes_named));
        for (file, span, default, category) in std::mem::take(&mut self.defaults_outside) {
            let example = named
                .iter()
                .find(|&&c| c != default && covers(category, c) && !is_category_code(c))
                .map(|c| format!(" (for example {c}, which the catalogue names)"))
                .unwrap_or_default();
            self.err(
                file,
                span,
                format!("default {default} is not a code in category {category}; give a full code from that category{example}."),
            );
        }
    }

    #[cfg(feature = "check")]
    pub(super) fn default_title(
        &mut self,
        file: usize,
        raw: &RawNode,
        default: Code,
        version: Option<String>,
    ) {
        if let (Some(s), Some(t)) = (&raw.default_title, &node_default_title(raw)) {
            self.titles.push(TitleUse {
                code: default,
                version,
                title: t.clone(),
                file,
                span: s.span(),
            });
        }
    }

    /// The first code of a procedure must be a main code: not conditional, not from the
    /// subsidiary chapters Y and Z.
    #[cfg(feature = "check")]
    pub(super) fn check_first_code(&mut self, file: usize, list: &[Spanned<RawNode>]) {
        let Some(first) = list.first() else { return };
        self.first_of(file, first);
    }

    #[cfg(feature = "check")]
    fn first_of(&mut self, file: usize, node: &Spanned<RawNode>) {
        let raw = node.get_ref();
        let versions = (None, None);
        let mut report = FileReport {
            checker: self,
            file,
            versions: &versions,
        };
        if rules::not_a_main_entry(&mut report, raw) {
            return;
        }
        if let Some(c) = &raw.condition {
            self.err(
                file,
                c.span(),
                "the first code of a procedure cannot be conditional; put the main procedure code first.",
            );
            return;
        }
        if let Some(code) = &raw.opcs4 {
            if let Ok(c) = Opcs4Code::parse(code.get_ref()) {
                if c.is_subsidiary() {
                    self.err(
                        file,
                        code.span(),
                        format!(
                            "OPCS-4 code {c} is from the subsidiary chapter {} and cannot be the first or only code of a procedure; put the main procedure code first.",
                            c.letter()
                        ),
                    );
                }
            }
            return;
        }
        if let Some(placeholder) = &raw.placeholder {
            if let Some(from) = subsidiary_placeholder(raw) {
                self.err(
                    file,
                    placeholder.span(),
                    format!(
                        "this placeholder asks for a code from {from}, in the subsidiary chapters Y and Z, so it cannot be the first or only code of a procedure; put the main procedure code first."
                    ),
                );
            }
            return;
        }
        if let Some(all) = &raw.all {
            if let Some(first) = all.get_ref().first() {
                self.first_of(file, first);
            }
            return;
        }
        for list in [
            &raw.one_of,
            &raw.one_or_more,
            &raw.variants,
            &raw.stages,
            &raw.patients,
        ]
        .into_iter()
        .flatten()
        {
            for entry in list.get_ref() {
                self.first_of(file, entry);
            }
        }
    }
}

/// Where a placeholder's code comes from (its `within` ranges, or else its default), when
/// that is only the subsidiary OPCS-4 chapters Y and Z.
fn subsidiary_placeholder(raw: &RawNode) -> Option<String> {
    let subsidiary = |b: u8| b == b'Y' || b == b'Z';
    match raw.within.as_ref().map(|w| w.get_ref()) {
        Some(within) if !within.is_empty() => {
            let all_subsidiary = within.iter().all(|item| {
                parse_range(item.get_ref())
                    .is_ok_and(|r| subsidiary(r.first[0]) && subsidiary(r.last[0]))
            });
            let listed = sorted::map_each(within, &|i| i.get_ref().as_str());
            all_subsidiary.then(|| listed.join(", "))
        }
        _ => {
            let default = Opcs4Code::parse(raw.default.as_ref()?.get_ref()).ok()?;
            default.is_subsidiary().then(|| default.to_string())
        }
    }
}

fn node_default_title(raw: &RawNode) -> Option<String> {
    raw.default_title.as_ref().map(|t| t.get_ref().clone())
}

fn covers(category: Code, code: Code) -> bool {
    match (category, code) {
        (Code::Opcs4(a), Code::Opcs4(b)) => a.covers(b),
        (Code::Icd10(a), Code::Icd10(b)) => a.covers(b),
        _ => false,
    }
}

pub(super) fn is_category_code(code: Code) -> bool {
    match code {
        Code::Opcs4(c) => c.is_category(),
        Code::Icd10(c) => c.is_category(),
    }
}

/// The canonical form of a code written loosely, when there is one.
fn suggest_code(text: &str, system: System) -> Option<String> {
    let cleaned: String = text.replace("\u{2020}", "D").replace("*", "A");
    match system {
        System::Opcs4 => {
            let compact: String = cleaned.chars().filter(|c| !c.is_whitespace()).collect();
            if compact.len() == 3 {
                let upper = compact.to_ascii_uppercase();
                return Opcs4Code::parse(&format!("{upper}.-"))
                    .ok()
                    .map(|c| c.to_string());
            }
            Opcs4Code::parse_loose(&cleaned).ok().map(|c| c.to_string())
        }
        System::Icd10 => Icd10Code::parse_loose(&cleaned).ok().map(|c| c.to_string()),
    }
}
