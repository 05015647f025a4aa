//! One guidance file's top-level keys: the id (handed to `ids.rs`), title, source, status and
//! recommendation, `replaced_by` against the status, classification versions, dates and how
//! the file is dated (the names of `written_while` are checked by `names.rs`), the lists of
//! texts, stock note references, and that a file has a procedure (or says why not). Also the
//! stock notes file itself: its keys and texts.

use super::super::catalogue::*;
use super::super::read::model::{read_guidance, read_stock_notes};
use super::super::shared::diagnostic::SourceFile;
use super::super::shared::sorted::{self, SortedMap};
use super::super::shared::spelling::closest;
#[cfg(feature = "check")]
use super::dating::{date_problem, statement_problems};
use super::ids::parse_id;
#[cfg(feature = "check")]
use super::limits;
use super::rules;
#[cfg(feature = "check")]
use super::web_address::check_web_address;
use super::{Checker, FileReport, Input, Parsed, Place, spanned_string};
use std::ops::Range;
use toml::Spanned;

impl Checker {
    /// The stock notes file: each key with its text and where it is defined.
    pub(super) fn stock_notes(
        &mut self,
        input: Input,
    ) -> SortedMap<String, (String, Range<usize>)> {
        let file = self.files.len();
        self.files.push(SourceFile::new(input.path, input.text));
        let reading = read_stock_notes(&self.files[file].text);
        self.report_reading(file, reading.problems);
        let Some(raw) = reading.value else {
            self.stock_unreadable = true;
            return SortedMap::new();
        };
        #[cfg(feature = "check")]
        self.text_checks(file);
        let mut notes = SortedMap::new();
        for (key, note) in raw {
            let (name, span) = spanned_string(&key);
            #[cfg(feature = "check")]
            if !is_stock_key(&name) {
                self.err(
                    file,
                    span.clone(),
                    format!(
                        "stock note key \"{name}\" is not lower case letters, digits and hyphens; rename it (for example \"{}\").",
                        suggest_key(&name)
                    ),
                );
            }
            // An empty text is reported here; keep the key so references to it are not
            // also reported as undefined.
            let text = self
                .text(file, &note.text, "stock note text")
                .unwrap_or_default();
            notes.insert(name, (text, span));
        }
        // Stock notes are shared by many files: keep them out of the file list that
        // cross-file checks walk, but keep the source for messages.
        notes
    }

    /// One guidance file, top to bottom; `None` when it could not be read.
    pub(super) fn guidance_file(
        &mut self,
        file: usize,
        stock: &SortedMap<String, (String, Range<usize>)>,
        #[cfg(feature = "check")] names: &super::names::Names,
    ) -> Option<Parsed> {
        let reading = read_guidance(&self.files[file].text);
        self.report_reading(file, reading.problems);
        let raw = reading.value?;
        #[cfg(feature = "check")]
        {
            self.text_checks(file);
            for (span, message) in limits::check(&raw) {
                self.err(file, span, message);
            }
        }
        let (id, id_span) = spanned_string(&raw.id);
        let parsed_id = parse_id(&id);
        let (programme, number) = match parsed_id.clone() {
            Ok(pn) => pn,
            Err(why) => {
                self.err(file, id_span.clone(), why);
                (Programme::Ipg, 0)
            }
        };

        let title = self.text(file, &raw.title, "`title`").unwrap_or_default();
        let source = self.source_url(file, &raw.source, parsed_id.is_ok().then_some(id.as_str()));
        let status = match &raw.status {
            None => Status::Current,
            Some(s) => match s.get_ref().as_str() {
                "current" => Status::Current,
                "superseded" => Status::Superseded,
                "withdrawn" => Status::Withdrawn,
                other => {
                    self.err(
                        file,
                        s.span(),
                        format!("status \"{other}\" is not known; use \"current\", \"superseded\" or \"withdrawn\"."),
                    );
                    Status::Current
                }
            },
        };
        let recommendation = raw.recommendation.as_ref().and_then(|s| match s.get_ref().as_str() {
            "standard" => Some(Recommendation::Standard),
            "special" => Some(Recommendation::Special),
            "research_only" => Some(Recommendation::ResearchOnly),
            other => {
                self.err(
                    file,
                    s.span(),
                    format!("recommendation \"{other}\" is not known; use \"standard\", \"special\" or \"research_only\"."),
                );
                None
            }
        });
        let replaces = self.id_list(file, &raw.replaces, &id, "replaces");
        let replaced_by = self.id_list(file, &raw.replaced_by, &id, "replaced_by");
        #[cfg(feature = "check")]
        match status {
            Status::Superseded if raw.replaced_by.is_empty() => {
                let span = raw.status.as_ref().map_or(0..0, |s| s.span());
                self.err(
                    file,
                    span,
                    "status \"superseded\" needs `replaced_by`; add the id of the guidance that replaced this one.",
                );
            }
            Status::Current if !raw.replaced_by.is_empty() => {
                self.err(
                    file,
                    raw.replaced_by[0].span(),
                    "`replaced_by` is set but the status is current; add status = \"superseded\" (or \"withdrawn\").",
                );
            }
            _ => {}
        }
        #[cfg(not(feature = "check"))]
        let (opcs4_version, icd10_edition) = (
            raw.opcs4_version.as_ref().map(|v| v.get_ref().clone()),
            raw.icd10_edition.as_ref().map(|v| v.get_ref().clone()),
        );
        #[cfg(feature = "check")]
        let opcs4_version = raw.opcs4_version.as_ref().and_then(|v| {
            let ok = v
                .get_ref()
                .strip_prefix("4.")
                .is_some_and(|n| !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()));
            if ok {
                Some(v.get_ref().clone())
            } else {
                self.err(
                    file,
                    v.span(),
                    format!("opcs4_version \"{}\" is not a version like \"4.6\"; write the OPCS-4 version the text states.", v.get_ref()),
                );
                None
            }
        });
        #[cfg(feature = "check")]
        let icd10_edition = raw.icd10_edition.as_ref().and_then(|v| {
            let s = v.get_ref();
            if s.len() == 1 && s.bytes().all(|b| (b'1'..=b'9').contains(&b)) {
                Some(s.clone())
            } else {
                self.err(
                    file,
                    v.span(),
                    format!("icd10_edition \"{s}\" is not an edition number like \"5\"; write the edition the text states."),
                );
                None
            }
        });
        let published = self.date(file, &raw.published, "published");
        let undated = self.opt_text(file, &raw.undated, "`undated`");
        #[cfg(feature = "check")]
        {
            // Read by the release check only (`release/check/versions.rs`); the tables do not
            // hold it.
            let _ = self.date(file, &raw.written_before, "written_before");
            for (span, message) in statement_problems(&raw, &self.files[file].text) {
                self.err(file, span, message);
            }
            // Read by the release check only, as `written_before` is.
            self.written_while(file, &raw, names);
        }
        let last_updated = self.date(file, &raw.last_updated, "last_updated");
        let body_systems = self.texts(file, &raw.body_systems, "a body system");
        let notes = self.texts(file, &raw.notes, "a note");
        let limitations = self.texts(file, &raw.limitations, "a limitation");
        let not_coded = self.texts(file, &raw.not_coded, "a `not_coded` entry");
        let ambiguities = self.texts(file, &raw.ambiguities, "an ambiguity");
        let incomplete = self.opt_text(file, &raw.incomplete, "`incomplete`");
        let no_single_code_set =
            self.opt_text(file, &raw.no_single_code_set, "`no_single_code_set`");
        let stock_notes = self.stock_refs(file, &raw.stock_notes, stock);
        let snomed = raw
            .snomed
            .iter()
            .filter_map(|s| self.snomed(file, s))
            .collect();

        let versions = (opcs4_version.clone(), icd10_edition.clone());
        let place = |system| Place {
            system,
            entry_of: None,
            incomplete: raw.incomplete.is_some(),
        };
        let procedure = self.tree(file, &raw.procedure, place(System::Opcs4), &versions, stock);
        let diagnosis = self.tree(file, &raw.diagnosis, place(System::Icd10), &versions, stock);
        let ruled_out_by = {
            let mut report = FileReport {
                checker: self,
                file,
                versions: &versions,
            };
            #[cfg(feature = "check")]
            for (tree, system) in [
                (&raw.procedure, System::Opcs4),
                (&raw.diagnosis, System::Icd10),
            ] {
                if let Some(list) = tree {
                    rules::references(&mut report, list.get_ref(), system);
                }
            }
            rules::ruled_out_by(&mut report, &raw.ruled_out_by, &procedure, &diagnosis)
        };

        #[cfg(feature = "check")]
        self.whole_file_checks(file, &raw);

        Some(Parsed {
            guidance: Guidance {
                id,
                programme,
                number,
                path: self.files[file].path.clone(),
                title,
                source,
                status,
                replaces: sorted::map_each(&replaces, &|(s, _)| s.clone()),
                replaced_by: sorted::map_each(&replaced_by, &|(s, _)| s.clone()),
                recommendation,
                opcs4_version,
                icd10_edition,
                published,
                undated,
                last_updated,
                body_systems,
                procedure,
                diagnosis,
                ruled_out_by,
                snomed,
                notes,
                stock_notes,
                limitations,
                not_coded,
                ambiguities,
                incomplete,
                no_single_code_set,
            },
            file,
            id_span,
            id_valid: parsed_id.is_ok(),
            replaces,
            replaced_by,
        })
    }

    /// What a file as a whole must have: a procedure (or the reason it has none) whose first
    /// code is a main code, and donors and recipients only where they may stand.
    #[cfg(feature = "check")]
    fn whole_file_checks(&mut self, file: usize, raw: &super::super::read::model::RawGuidance) {
        match (&raw.procedure, &raw.no_single_code_set) {
            (None, None) => self.err_whole_file(
                file,
                "the file has no `procedure`; list the OPCS-4 codes, or set `no_single_code_set` to say why there is no code set.",
            ),
            (Some(p), None) if p.get_ref().is_empty() => self.err(
                file,
                p.span(),
                "`procedure` is empty; list at least one OPCS-4 code, or set `no_single_code_set` to say why there is none.",
            ),
            _ => {}
        }
        if let Some(p) = &raw.procedure {
            self.check_first_code(file, p.get_ref());
        }
        self.patients(file, &raw.procedure, &raw.diagnosis);
    }

    #[cfg(not(feature = "check"))]
    fn source_url(&mut self, _: usize, s: &Spanned<String>, _: Option<&str>) -> String {
        s.get_ref().clone()
    }

    #[cfg(feature = "check")]
    fn source_url(&mut self, file: usize, s: &Spanned<String>, id: Option<&str>) -> String {
        let url = s.get_ref();
        match check_web_address(url, id) {
            Ok(()) => url.clone(),
            Err(why) => {
                self.err(
                    file,
                    s.span(),
                    format!("source \"{}\" {why}", url.escape_debug()),
                );
                String::new()
            }
        }
    }

    #[cfg(not(feature = "check"))]
    fn date(&mut self, _: usize, s: &Option<Spanned<String>>, _: &str) -> Option<String> {
        s.as_ref().map(|s| s.get_ref().clone())
    }

    #[cfg(feature = "check")]
    fn date(&mut self, file: usize, s: &Option<Spanned<String>>, key: &str) -> Option<String> {
        let s = s.as_ref()?;
        match date_problem(s.get_ref()) {
            None => Some(s.get_ref().clone()),
            Some(problem) => {
                self.err(
                    file,
                    s.span(),
                    format!("`{key}` \"{}\" {problem}.", s.get_ref()),
                );
                None
            }
        }
    }

    pub(super) fn stock_refs(
        &mut self,
        file: usize,
        keys: &[Spanned<String>],
        stock: &SortedMap<String, (String, Range<usize>)>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let mut first_lines = SortedMap::new();
        for key in keys {
            let (name, span) = spanned_string(key);
            if let Some(first_line) = first_lines.get(&name) {
                self.err(
                    file,
                    span,
                    format!("stock note \"{name}\" is listed twice (first on line {first_line}); remove one."),
                );
                continue;
            }
            first_lines.insert(name.clone(), self.files[file].error(span.clone(), "").line);
            if stock.contains_key(&name) || self.stock_unreadable {
                out.push(name);
            } else {
                let known: Vec<&str> = stock.keys().map(String::as_str).collect();
                let hint = if known.is_empty() {
                    "guidance/stock-notes.toml defines none; add it there.".to_string()
                } else if let Some(near) = closest(&name, &mut known.iter().copied()) {
                    format!("did you mean \"{near}\"?")
                } else {
                    format!(
                        "define it in guidance/stock-notes.toml or use one of: {}.",
                        known.join(", ")
                    )
                };
                self.err(
                    file,
                    span,
                    format!("stock note \"{name}\" is not defined; {hint}"),
                );
            }
        }
        out
    }
}

pub(super) fn is_stock_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(super) fn suggest_key(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}
