//! From files to a checked [`Catalogue`]: parse each file with serde, check it, then check
//! what spans files (duplicate ids, titles, links between guidance). Every problem becomes a
//! located [`Diagnostic`]; all of them are returned together.

use super::catalogue::*;
use super::check_rules::{self, Report};
use super::code::{CodeError, Icd10Code, Opcs4Code};
use super::diagnostic::{Diagnostic, SourceFile};
use super::model::{RawGuidance, RawNode, RawSnomed, RawStockNotes};
use super::web_address::check_web_address;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// The name of the stock notes file inside the guidance folder.
pub const STOCK_NOTES_FILE: &str = "stock-notes.toml";

/// One input file, already read: its path relative to the crate root and its text.
pub struct Input {
    pub path: String,
    pub text: String,
}

/// Checks every guidance file and the stock notes, and returns the catalogue or every problem.
///
/// `guidance_files` are the `<programme>/<ID>.toml` files (paths such as
/// `guidance/ipg/IPG655.toml`, in any order); `stock_notes` is `guidance/stock-notes.toml` when
/// it exists.
pub fn validate(
    guidance_files: Vec<Input>,
    stock_notes: Option<Input>,
) -> Result<Catalogue, Vec<Diagnostic>> {
    let mut checker = Checker::default();
    let stock = stock_notes.map(|input| checker.stock_notes(input));
    let stock = stock.unwrap_or_default();

    let mut files: Vec<Input> = guidance_files;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut version_hash = Fnv::new();
    for input in &files {
        version_hash.write(input.path.as_bytes());
        version_hash.write(&[0]);
        version_hash.write(input.text.replace("\r\n", "\n").as_bytes());
        version_hash.write(&[0]);
    }
    let mut parsed = Vec::new();
    for input in files {
        let file_index = checker.files.len();
        checker.files.push(SourceFile::new(input.path, input.text));
        if let Some(guidance) = checker.guidance_file(file_index, &stock) {
            parsed.push(guidance);
        }
    }
    checker.across_files(&parsed);

    if !checker.errors.is_empty() {
        // Report file by file (stock notes first, then guidance files in path order), and
        // within a file from top to bottom, whichever check found the problem.
        let order: BTreeMap<&str, usize> = checker
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let mut errors = std::mem::take(&mut checker.errors);
        errors.sort_by_key(|d| (order.get(d.path.as_str()).copied(), d.line, d.column));
        return Err(errors);
    }
    let mut guidance: Vec<Guidance> = parsed.into_iter().map(|p| p.guidance).collect();
    guidance.sort_by_key(|g| (g.programme, g.number));
    Ok(Catalogue {
        guidance,
        stock_notes: stock.into_iter().map(|(k, (text, _))| (k, text)).collect(),
        data_version: format!("{:016x}", version_hash.finish()),
    })
}

/// FNV-1a, 64 bit: a small, stable hash for the data version (not for security).
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A guidance that parsed, with what the cross-file checks need to point at.
struct Parsed {
    guidance: Guidance,
    file: usize,
    id_span: Range<usize>,
    /// The id is well formed, so the file's name and folder can be checked against it.
    id_valid: bool,
    replaces: Vec<(String, Range<usize>)>,
    replaced_by: Vec<(String, Range<usize>)>,
}

/// A title given to a code somewhere, for the title-consistency check.
struct TitleUse {
    code: Code,
    /// The classification version the file states, if any.
    version: Option<String>,
    title: String,
    file: usize,
    span: Range<usize>,
}

#[derive(Default)]
struct Checker {
    files: Vec<SourceFile>,
    errors: Vec<Diagnostic>,
    titles: Vec<TitleUse>,
    /// `stock-notes.toml` did not parse (already reported): its keys are unknown, so
    /// references to them are not reported as undefined.
    stock_unreadable: bool,
}

/// The rule checks of `check_rules.rs`, reporting into one file of the [`Checker`].
struct FileReport<'a> {
    checker: &'a mut Checker,
    file: usize,
    versions: &'a (Option<String>, Option<String>),
}

impl Report for FileReport<'_> {
    fn err(&mut self, span: Range<usize>, message: String) {
        self.checker.err(self.file, span, message);
    }
    fn code(&mut self, s: &Spanned<String>, system: System) -> Option<Code> {
        self.checker.code(self.file, s, system)
    }
    fn text(&mut self, s: &Spanned<String>, what: &str) -> Option<String> {
        self.checker.text(self.file, s, what)
    }
    fn title_use(&mut self, code: Code, system: System, title: &Spanned<String>) {
        let version = match system {
            System::Opcs4 => self.versions.0.clone(),
            System::Icd10 => self.versions.1.clone(),
        };
        self.checker.titles.push(TitleUse {
            code,
            version,
            title: title.get_ref().clone(),
            file: self.file,
            span: title.span(),
        });
    }
}

/// Where a node stands, which decides what it may hold.
#[derive(Clone, Copy)]
struct Place {
    system: System,
    /// The node is an entry of `variants` (`Some(Variants)`) or `stages`.
    entry_of: Option<GroupKind>,
    incomplete: bool,
}

fn spanned_string(s: &Spanned<String>) -> (String, Range<usize>) {
    (s.get_ref().clone(), s.span())
}

impl Checker {
    fn err(&mut self, file: usize, span: Range<usize>, message: impl Into<String>) {
        let d = self.files[file].error(span, message);
        self.errors.push(d);
    }

    /// A problem with the file as a whole (a key missing from it): no line to show.
    fn err_whole_file(&mut self, file: usize, message: impl Into<String>) {
        let d = Diagnostic::whole_file(self.files[file].path.clone(), message);
        self.errors.push(d);
    }

    fn stock_notes(&mut self, input: Input) -> BTreeMap<String, (String, Range<usize>)> {
        let file = self.files.len();
        self.files.push(SourceFile::new(input.path, input.text));
        let raw: RawStockNotes = match toml::from_str(&self.files[file].text) {
            Ok(raw) => raw,
            Err(e) => {
                self.toml_error(file, &e);
                self.stock_unreadable = true;
                return BTreeMap::new();
            }
        };
        let mut notes = BTreeMap::new();
        for (key, note) in raw {
            let (name, span) = spanned_string(&key);
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

    fn toml_error(&mut self, file: usize, e: &toml::de::Error) {
        let (message, whole_file) =
            explain_toml_message(e.message().trim(), &self.files[file].text, e.span());
        if whole_file {
            self.err_whole_file(file, message);
        } else {
            self.err(file, e.span().unwrap_or(0..0), message);
        }
    }

    /// A non-empty string value; reports and returns `None` when it is empty or blank.
    fn text(&mut self, file: usize, s: &Spanned<String>, what: &str) -> Option<String> {
        if s.get_ref().trim().is_empty() {
            self.err(
                file,
                s.span(),
                format!("{what} is empty; write the text, or remove the key."),
            );
            None
        } else {
            Some(s.get_ref().clone())
        }
    }

    fn texts(&mut self, file: usize, list: &[Spanned<String>], what: &str) -> Vec<String> {
        list.iter()
            .filter_map(|s| self.text(file, s, what))
            .collect()
    }

    fn opt_text(&mut self, file: usize, s: &Option<Spanned<String>>, what: &str) -> Option<String> {
        s.as_ref().and_then(|s| self.text(file, s, what))
    }

    fn guidance_file(
        &mut self,
        file: usize,
        stock: &BTreeMap<String, (String, Range<usize>)>,
    ) -> Option<Parsed> {
        let raw: RawGuidance = match toml::from_str(&self.files[file].text) {
            Ok(raw) => raw,
            Err(e) => {
                self.toml_error(file, &e);
                return None;
            }
        };
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
        let source = self.source_url(file, &raw.source);
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
            for (tree, system) in [
                (&raw.procedure, System::Opcs4),
                (&raw.diagnosis, System::Icd10),
            ] {
                if let Some(list) = tree {
                    check_rules::references(&mut report, list.get_ref(), system);
                }
            }
            check_rules::ruled_out_by(&mut report, &raw.ruled_out_by, &procedure, &diagnosis)
        };

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

        Some(Parsed {
            guidance: Guidance {
                id,
                programme,
                number,
                path: self.files[file].path.clone(),
                title,
                source,
                status,
                replaces: replaces.iter().map(|(s, _)| s.clone()).collect(),
                replaced_by: replaced_by.iter().map(|(s, _)| s.clone()).collect(),
                recommendation,
                opcs4_version,
                icd10_edition,
                published,
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

    /// The file must be `guidance/<programme folder>/<ID>.toml`.
    fn check_path(&mut self, file: usize, id: &str, programme: Programme, span: Range<usize>) {
        let path = self.files[file].path.clone();
        let mut parts = path.rsplit('/');
        let name = parts.next().unwrap_or_default();
        let folder = parts.next().unwrap_or_default();
        let expected_name = format!("{id}.toml");
        if name != expected_name {
            self.err(
                file,
                span.clone(),
                format!("id \"{id}\" does not match the file name \"{name}\"; rename the file to \"{expected_name}\" or correct the id."),
            );
        }
        if folder != programme.folder() {
            self.err(
                file,
                span,
                format!(
                    "guidance {id} is in folder \"{folder}\" but {} guidance belong in \"guidance/{}/\"; move the file there.",
                    programme.prefix(),
                    programme.folder()
                ),
            );
        }
    }

    fn source_url(&mut self, file: usize, s: &Spanned<String>) -> String {
        let url = s.get_ref();
        match check_web_address(url) {
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

    fn id_list(
        &mut self,
        file: usize,
        list: &[Spanned<String>],
        own_id: &str,
        key: &str,
    ) -> Vec<(String, Range<usize>)> {
        let mut out = Vec::new();
        for item in list {
            let (other, span) = spanned_string(item);
            if let Err(why) = parse_id(&other) {
                self.err(file, span, format!("in `{key}`: {why}"));
            } else if other == own_id {
                self.err(
                    file,
                    span,
                    format!("`{key}` names this guidance itself; list other guidance only."),
                );
            } else {
                out.push((other, span));
            }
        }
        out
    }

    fn date(&mut self, file: usize, s: &Option<Spanned<String>>, key: &str) -> Option<String> {
        let s = s.as_ref()?;
        if is_date(s.get_ref()) {
            Some(s.get_ref().clone())
        } else {
            self.err(
                file,
                s.span(),
                format!(
                    "`{key}` \"{}\" is not a date; write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\" (for example \"2019-05-22\").",
                    s.get_ref()
                ),
            );
            None
        }
    }

    fn stock_refs(
        &mut self,
        file: usize,
        keys: &[Spanned<String>],
        stock: &BTreeMap<String, (String, Range<usize>)>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for key in keys {
            let (name, span) = spanned_string(key);
            if stock.contains_key(&name) || self.stock_unreadable {
                out.push(name);
            } else {
                let known: Vec<&str> = stock.keys().map(String::as_str).collect();
                let hint = if known.is_empty() {
                    "guidance/stock-notes.toml defines none; add it there.".to_string()
                } else if let Some(near) = closest(&name, known.iter().copied()) {
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

    fn snomed(&mut self, file: usize, s: &Spanned<RawSnomed>) -> Option<Snomed> {
        let raw = s.get_ref();
        let concept = match check_sctid(raw.concept.get_ref()) {
            Ok(id) => Some(id),
            Err(why) => {
                self.err(
                    file,
                    raw.concept.span(),
                    format!("SNOMED CT concept \"{}\" {why}", raw.concept.get_ref()),
                );
                None
            }
        };
        let term = self.text(file, &raw.term, "SNOMED CT term");
        let applies_to = match raw.applies_to.get_ref().as_str() {
            "procedure" => Some(SnomedUse::Procedure),
            "diagnosis" => Some(SnomedUse::Diagnosis),
            other => {
                self.err(
                    file,
                    raw.applies_to.span(),
                    format!(
                        "applies_to \"{other}\" is not known; use \"procedure\" or \"diagnosis\"."
                    ),
                );
                None
            }
        };
        Some(Snomed {
            concept: concept?,
            term: term?,
            applies_to: applies_to?,
        })
    }

    fn tree(
        &mut self,
        file: usize,
        list: &Option<Spanned<Vec<Spanned<RawNode>>>>,
        place: Place,
        versions: &(Option<String>, Option<String>),
        stock: &BTreeMap<String, (String, Range<usize>)>,
    ) -> Vec<Node> {
        let Some(list) = list else { return Vec::new() };
        self.duplicates(file, list.get_ref());
        list.get_ref()
            .iter()
            .filter_map(|n| self.node(file, n, place, versions, stock))
            .collect()
    }

    /// Two siblings that are the same code.
    fn duplicates(&mut self, file: usize, list: &[Spanned<RawNode>]) {
        let mut seen = BTreeMap::new();
        for node in list {
            let code = node
                .get_ref()
                .opcs4
                .as_ref()
                .or(node.get_ref().icd10.as_ref());
            if let Some(code) = code {
                let (text, span) = spanned_string(code);
                if let Some(first_line) = seen.get(&text) {
                    self.err(
                        file,
                        span,
                        format!("code {text} is listed twice in the same group (first on line {first_line}); remove one."),
                    );
                } else {
                    let line = self.files[file].error(span, "").line;
                    seen.insert(text, line);
                }
            }
        }
    }

    fn node(
        &mut self,
        file: usize,
        spanned: &Spanned<RawNode>,
        place: Place,
        versions: &(Option<String>, Option<String>),
        stock: &BTreeMap<String, (String, Range<usize>)>,
    ) -> Option<Node> {
        let raw = spanned.get_ref();
        let node_span = spanned.span();
        let kinds: Vec<(&str, Range<usize>)> = [
            ("opcs4", raw.opcs4.as_ref().map(|s| s.span())),
            ("icd10", raw.icd10.as_ref().map(|s| s.span())),
            ("all", raw.all.as_ref().map(|s| s.span())),
            ("one_of", raw.one_of.as_ref().map(|s| s.span())),
            ("one_or_more", raw.one_or_more.as_ref().map(|s| s.span())),
            ("variants", raw.variants.as_ref().map(|s| s.span())),
            ("stages", raw.stages.as_ref().map(|s| s.span())),
            ("placeholder", raw.placeholder.as_ref().map(|s| s.span())),
        ]
        .into_iter()
        .filter_map(|(k, s)| s.map(|s| (k, s)))
        .collect();
        if kinds.is_empty() {
            self.err(
                file,
                node_span,
                "this entry has no code or group; give it one of opcs4, icd10, all, one_of, one_or_more, variants, stages or placeholder.",
            );
            return None;
        }
        if kinds.len() > 1 {
            let names: Vec<&str> = kinds.iter().map(|(k, _)| *k).collect();
            self.err(
                file,
                kinds[1].1.clone(),
                format!(
                    "this entry has both `{}` and `{}`; an entry is one code or one group, so split it into two entries.",
                    names[0], names[1]
                ),
            );
            return None;
        }
        let kind_key = kinds[0].0;

        // Keys that only some kinds may carry.
        let is_code = matches!(kind_key, "opcs4" | "icd10");
        let is_placeholder = kind_key == "placeholder";
        if !is_code {
            for (key, span) in [
                ("title", raw.title.as_ref().map(|s| s.span())),
                ("printed", raw.printed.as_ref().map(|s| s.span())),
            ] {
                if let Some(span) = span {
                    self.err(
                        file,
                        span,
                        format!("`{key}` belongs on a code (opcs4 or icd10), not on `{kind_key}`; move it to the code it describes."),
                    );
                }
            }
        }
        if !is_placeholder {
            if let Some(w) = &raw.within {
                self.err(
                    file,
                    w.span(),
                    format!("`within` belongs on a placeholder, not on `{kind_key}`; remove it, or make this entry a placeholder."),
                );
            }
        }
        if raw.default.is_none() {
            if let Some(t) = &raw.default_title {
                self.err(
                    file,
                    t.span(),
                    "`default_title` is given without `default`; add the default code or remove the title.",
                );
            }
        }
        match place.entry_of {
            Some(GroupKind::Variants) | Some(GroupKind::Stages) => {
                if raw.label.is_none() && raw.implied_label.is_none() {
                    self.err(
                        file,
                        node_span.clone(),
                        format!(
                            "every entry of `{}` needs a `label`; name the scenario or stage as the text does.",
                            place.entry_of.map_or("variants", |k| k.key())
                        ),
                    );
                }
            }
            _ => {
                if let Some(l) = &raw.label {
                    self.err(
                        file,
                        l.span(),
                        "`label` is only used on the entries of `variants` or `stages`; remove it, or put this entry in a `variants` group.",
                    );
                }
            }
        }
        if let Some(p) = &raw.preferred {
            if place.entry_of != Some(GroupKind::Variants) {
                self.err(
                    file,
                    p.span(),
                    "`preferred` is only used on the entries of `variants`; remove it.",
                );
            }
        }

        let condition = self.opt_text(file, &raw.condition, "`condition`");
        let note = self.opt_text(file, &raw.note, "`note`");
        let sequence = self.opt_text(file, &raw.sequence, "`sequence`");
        let label = match &raw.implied_label {
            Some(implied) if raw.label.is_none() => self.text(file, implied, "`implied_label`"),
            _ => self.opt_text(file, &raw.label, "`label`"),
        };
        let stock_notes = match &raw.stock_notes {
            Some(list) => self.stock_refs(file, list.get_ref(), stock),
            None => Vec::new(),
        };
        let mut node = Node {
            kind: NodeKind::Placeholder {
                description: String::new(),
                within: Vec::new(),
            },
            default: None,
            default_title: self.opt_text(file, &raw.default_title, "`default_title`"),
            condition,
            note,
            stock_notes,
            sequence,
            label,
            preferred: raw.preferred.as_ref().is_some_and(|p| *p.get_ref()),
            rules: check_rules::node_rules(
                &mut FileReport {
                    checker: self,
                    file,
                    versions,
                },
                raw,
                kind_key,
                place.system,
                place.entry_of,
            ),
        };

        match kind_key {
            "opcs4" | "icd10" => {
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
                        kinds[0].1.clone(),
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
                let version = match system {
                    System::Opcs4 => versions.0.clone(),
                    System::Icd10 => versions.1.clone(),
                };
                if let (Some(t), Some(s)) = (&title, &raw.title) {
                    self.titles.push(TitleUse {
                        code,
                        version: version.clone(),
                        title: t.clone(),
                        file,
                        span: s.span(),
                    });
                }
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
                        if !covers(code, default) || is_category_code(default) {
                            self.err(
                                file,
                                d.span(),
                                format!("default {default} is not a code in category {code}; give a full code from that category (for example {}).", example_in(code)),
                            );
                        } else {
                            node.default = Some(default);
                            self.default_title(file, raw, default, version);
                        }
                    }
                }
                node.kind = NodeKind::Code {
                    code,
                    title,
                    printed,
                };
            }
            "placeholder" => {
                let description = self.opt_text(file, &raw.placeholder, "`placeholder`")?;
                let mut within = Vec::new();
                if let Some(w) = &raw.within {
                    if w.get_ref().is_empty() {
                        self.err(
                            file,
                            w.span(),
                            "`within` is empty; list categories or ranges such as \"C71-C74\", or remove it.",
                        );
                    }
                    for item in w.get_ref() {
                        match parse_range(item.get_ref()) {
                            Ok(r) => within.push(r),
                            Err(why) => self.err(file, item.span(), why),
                        }
                    }
                }
                if let Some(d) = &raw.default {
                    if let Some(default) = self.code(file, d, place.system) {
                        let inside =
                            within.is_empty() || within.iter().any(|r| range_contains(r, default));
                        if is_category_code(default) {
                            self.err(
                                file,
                                d.span(),
                                format!("default {default} is a category; a default must be a full code."),
                            );
                        } else if !inside {
                            self.err(
                                file,
                                d.span(),
                                format!("default {default} is outside `within`; give a code inside the listed ranges, or widen them."),
                            );
                        } else {
                            node.default = Some(default);
                            let version = match place.system {
                                System::Opcs4 => versions.0.clone(),
                                System::Icd10 => versions.1.clone(),
                            };
                            self.default_title(file, raw, default, version);
                        }
                    }
                }
                node.kind = NodeKind::Placeholder {
                    description,
                    within,
                };
            }
            group => {
                let (kind, list) = match group {
                    "all" => (GroupKind::All, raw.all.as_ref()?),
                    "one_of" => (GroupKind::OneOf, raw.one_of.as_ref()?),
                    "one_or_more" => (GroupKind::OneOrMore, raw.one_or_more.as_ref()?),
                    "variants" => (GroupKind::Variants, raw.variants.as_ref()?),
                    _ => (GroupKind::Stages, raw.stages.as_ref()?),
                };
                if let Some(d) = &raw.default {
                    self.err(
                        file,
                        d.span(),
                        format!("`default` is only for a category code or a placeholder, not for `{}`; move it to the category it belongs to.", kind.key()),
                    );
                }
                let entries = list.get_ref();
                let minimum = match kind {
                    GroupKind::All => 1,
                    GroupKind::Variants | GroupKind::Stages if place.incomplete => 1,
                    _ => 2,
                };
                if entries.len() < minimum {
                    let message = match (kind, entries.len()) {
                        (_, 0) => format!(
                            "`{}` is empty; list its codes, or remove the group.",
                            kind.key()
                        ),
                        (GroupKind::Variants | GroupKind::Stages, _) => format!(
                            "`{}` has one entry; a single scenario is a plain list (or mark the guidance `incomplete` if the text lost the others).",
                            kind.key()
                        ),
                        _ => format!(
                            "`{}` has one entry; a choice needs at least two, so write the single code without the group.",
                            kind.key()
                        ),
                    };
                    self.err(file, list.span(), message);
                }
                self.duplicates(file, entries);
                let entry_of =
                    matches!(kind, GroupKind::Variants | GroupKind::Stages).then_some(kind);
                let child_place = Place { entry_of, ..place };
                let children: Vec<Node> = entries
                    .iter()
                    .filter_map(|n| self.node(file, n, child_place, versions, stock))
                    .collect();
                if entry_of.is_some() {
                    self.check_labels(file, entries);
                }
                node.kind = NodeKind::Group { kind, children };
            }
        }
        Some(node)
    }

    fn default_title(
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

    fn check_labels(&mut self, file: usize, entries: &[Spanned<RawNode>]) {
        let mut labels = BTreeMap::new();
        let mut preferred = 0;
        for entry in entries {
            let raw = entry.get_ref();
            if let Some(l) = &raw.label {
                let (text, span) = spanned_string(l);
                if labels.insert(text.clone(), ()).is_some() {
                    self.err(
                        file,
                        span,
                        format!("label \"{text}\" is used twice in the same group; give each entry its own label."),
                    );
                }
            }
            if let Some(p) = &raw.preferred {
                if *p.get_ref() {
                    preferred += 1;
                    if preferred == 2 {
                        self.err(
                            file,
                            p.span(),
                            "more than one entry is `preferred`; mark only the one the text says to use in preference.",
                        );
                    }
                }
            }
        }
    }

    /// Parses a code of `system`, reporting a malformed one with its canonical form.
    fn code(&mut self, file: usize, s: &Spanned<String>, system: System) -> Option<Code> {
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

    /// The first code of a procedure must be a main code: not conditional, not from the
    /// subsidiary chapters Y and Z.
    fn check_first_code(&mut self, file: usize, list: &[Spanned<RawNode>]) {
        let Some(first) = list.first() else { return };
        self.first_of(file, first);
    }

    fn first_of(&mut self, file: usize, node: &Spanned<RawNode>) {
        let raw = node.get_ref();
        let versions = (None, None);
        let mut report = FileReport {
            checker: self,
            file,
            versions: &versions,
        };
        if check_rules::not_a_main_entry(&mut report, raw) {
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
                            c.chapter()
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
        for list in [&raw.one_of, &raw.one_or_more, &raw.variants, &raw.stages]
            .into_iter()
            .flatten()
        {
            for entry in list.get_ref() {
                self.first_of(file, entry);
            }
        }
    }

    fn across_files(&mut self, parsed: &[Parsed]) {
        // Duplicate ids. The file at the path the id calls for owns it (else the first in
        // path order); every other file claiming the id is reported, and only the owner's
        // name and folder are checked against the id (telling a copy to rename itself to a
        // name that is taken would be wrong).
        let mut by_id: BTreeMap<&str, &Parsed> = BTreeMap::new();
        for p in parsed {
            if p.id_valid
                && path_fits(
                    &self.files[p.file].path,
                    &p.guidance.id,
                    p.guidance.programme,
                )
            {
                by_id.insert(&p.guidance.id, p);
            }
        }
        for p in parsed {
            by_id.entry(&p.guidance.id).or_insert(p);
        }
        for p in parsed {
            let owner = by_id[p.guidance.id.as_str()];
            let id = &p.guidance.id;
            if owner.file == p.file {
                if p.id_valid {
                    self.check_path(p.file, id, p.guidance.programme, p.id_span.clone());
                }
                continue;
            }
            let owner_path = self.files[owner.file].path.clone();
            let name = self.files[p.file]
                .path
                .rsplit('/')
                .next()
                .unwrap_or_default();
            let fix = match name.strip_suffix(".toml") {
                Some(stem) if stem != id && parse_id(stem).is_ok() => format!(
                    "set this file's id to \"{stem}\" to match its name, or remove the file if it is a copy"
                ),
                _ => format!("remove this copy, or merge what it adds into {owner_path}"),
            };
            self.err(
                p.file,
                p.id_span.clone(),
                format!("id \"{id}\" is already used by {owner_path}; {fix}."),
            );
        }
        // Replaces / replaced_by agree both ways when both ends are in the catalogue.
        for p in parsed {
            for (other, span) in &p.replaces {
                if let Some(o) = by_id.get(other.as_str()) {
                    if !o.guidance.replaced_by.contains(&p.guidance.id) {
                        let path = self.files[o.file].path.clone();
                        let id = &p.guidance.id;
                        let status = if o.guidance.status == Status::Current {
                            " and set its status to \"superseded\" (or \"withdrawn\")"
                        } else {
                            ""
                        };
                        self.err(
                            p.file,
                            span.clone(),
                            format!("{id} replaces {other}, but {path} does not list {id} in `replaced_by`; add \"{id}\" to `replaced_by` there{status}."),
                        );
                    }
                }
            }
            for (other, span) in &p.replaced_by {
                if let Some(o) = by_id.get(other.as_str()) {
                    if !o.guidance.replaces.contains(&p.guidance.id) {
                        let path = self.files[o.file].path.clone();
                        self.err(
                            p.file,
                            span.clone(),
                            format!("{id} is replaced by {other}, but {path} does not list {id} in `replaces`; add \"{id}\" to `replaces` there.", id = p.guidance.id),
                        );
                    }
                }
            }
        }
        // The same code has the same title within one classification version.
        let mut first: BTreeMap<(Code, Option<String>), usize> = BTreeMap::new();
        let uses = std::mem::take(&mut self.titles);
        for (i, u) in uses.iter().enumerate() {
            let key = (u.code, u.version.clone());
            match first.get(&key) {
                None => {
                    first.insert(key, i);
                }
                Some(&j) => {
                    let f = &uses[j];
                    if f.title != u.title {
                        let there = self.files[f.file].error(f.span.clone(), "");
                        let (system, key) = match u.code {
                            Code::Opcs4(_) => ("OPCS-4", "opcs4_version"),
                            Code::Icd10(_) => ("ICD-10", "icd10_edition"),
                        };
                        let (both, or_versions) = match &u.version {
                            Some(v) => (format!("both files state {key} = \"{v}\""), String::new()),
                            None => (
                                format!("neither file states `{key}`"),
                                format!(
                                    ", or set `{key}` in each file if the texts follow different {system} versions"
                                ),
                            ),
                        };
                        self.err(
                            u.file,
                            u.span.clone(),
                            format!(
                                "{code} is titled \"{}\" here but \"{}\" at {}:{}, and {both}; make the titles agree (keep a page's different wording in `printed`){or_versions}.",
                                u.title,
                                f.title,
                                there.path,
                                there.line,
                                code = u.code
                            ),
                        );
                    }
                }
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
            let listed: Vec<&str> = within.iter().map(|i| i.get_ref().as_str()).collect();
            all_subsidiary.then(|| listed.join(", "))
        }
        _ => {
            let default = Opcs4Code::parse(raw.default.as_ref()?.get_ref()).ok()?;
            default.is_subsidiary().then(|| default.to_string())
        }
    }
}

/// True when `path` is `.../<programme folder>/<id>.toml`.
fn path_fits(path: &str, id: &str, programme: Programme) -> bool {
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or_default();
    let folder = parts.next().unwrap_or_default();
    name.strip_suffix(".toml") == Some(id) && folder == programme.folder()
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

fn is_category_code(code: Code) -> bool {
    match code {
        Code::Opcs4(c) => c.is_category(),
        Code::Icd10(c) => c.is_category(),
    }
}

fn example_in(category: Code) -> String {
    let s = category.to_string();
    format!("{}9", &s[..4])
}

fn stem(code: Code) -> [u8; 3] {
    let s = code.to_string();
    let b = s.as_bytes();
    [b[0], b[1], b[2]]
}

fn range_contains(r: &CategoryRange, code: Code) -> bool {
    let s = stem(code);
    r.first <= s && s <= r.last
}

/// `"C71"` or `"C71-C74"`.
fn parse_range(s: &str) -> Result<CategoryRange, String> {
    fn category(s: &str) -> Option<[u8; 3]> {
        let b = s.as_bytes();
        (b.len() == 3
            && b[0].is_ascii_uppercase()
            && b[1].is_ascii_digit()
            && b[2].is_ascii_digit())
        .then(|| [b[0], b[1], b[2]])
    }
    let (first, last) = match s.split_once('-') {
        Some((a, b)) => (category(a), category(b)),
        None => (category(s), category(s)),
    };
    match (first, last) {
        (Some(first), Some(last)) if first <= last => Ok(CategoryRange { first, last }),
        (Some(_), Some(_)) => Err(format!(
            "range \"{s}\" runs backwards; write the lower category first."
        )),
        _ => Err(format!(
            "\"{s}\" is not a category or range; write a three-character category such as \"L76\" or a range such as \"C71-C74\"."
        )),
    }
}

/// The canonical form of a code written loosely, when there is one.
fn suggest_code(text: &str, system: System) -> Option<String> {
    let cleaned: String = text.replace('\u{2020}', "D").replace('*', "A");
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

/// Guidance ids: a programme prefix then a number without leading zeros (`IPG655`).
pub fn parse_id(id: &str) -> Result<(Programme, u16), String> {
    let letters: String = id.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &id[letters.len()..];
    let programme = Programme::ALL.into_iter().find(|p| p.prefix() == letters);
    let number_ok = !digits.is_empty()
        && digits.len() <= 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    match programme {
        Some(p) if number_ok => Ok((p, digits.parse().unwrap_or(0))),
        _ => {
            let prefixes: Vec<&str> = Programme::ALL.iter().map(|p| p.prefix()).collect();
            let hint = match canonical_id(id) {
                Some(fixed) => format!("write \"{fixed}\""),
                None => format!(
                    "write a programme ({}) followed by the number without leading zeros, such as \"IPG655\"",
                    prefixes.join(", ")
                ),
            };
            Err(format!("\"{id}\" is not a guidance id; {hint}."))
        }
    }
}

/// The id a malformed id was meant to be, when the only faults are case, white space or
/// leading zeros (`ipg655`, `IPG 655`, `IPG0655`).
fn canonical_id(id: &str) -> Option<String> {
    let compact: String = id
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let letters: String = compact
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let digits = compact[letters.len()..].trim_start_matches('0');
    let fixed = format!("{letters}{digits}");
    (fixed != id && parse_id(&fixed).is_ok()).then_some(fixed)
}

fn is_stock_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn suggest_key(key: &str) -> String {
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

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date.
fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let Some(year) = parts.first().and_then(|p| num(p, 4)) else {
        return false;
    };
    if !(1900..=2999).contains(&year) || parts.len() > 3 {
        return false;
    }
    let Some(month) = parts.get(1).map(|p| num(p, 2)) else {
        return true;
    };
    let Some(month) = month.filter(|m| (1..=12).contains(m)) else {
        return false;
    };
    let Some(day) = parts.get(2).map(|p| num(p, 2)) else {
        return true;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day.is_some_and(|d| (1..=days).contains(&d))
}

/// A SNOMED CT concept id: 6 to 18 digits, no leading zero, a concept partition (`00` or
/// `10`) and a valid Verhoeff check digit.
fn check_sctid(s: &str) -> Result<u64, String> {
    let b = s.as_bytes();
    if !(6..=18).contains(&b.len()) || !b.iter().all(u8::is_ascii_digit) || b[0] == b'0' {
        return Err("is not a SNOMED CT id; write its 6 to 18 digits.".to_string());
    }
    let partition = &s[s.len() - 3..s.len() - 1];
    if partition != "00" && partition != "10" {
        return Err(format!(
            "has partition {partition}, which is not a concept id (00 or 10); check the id."
        ));
    }
    if !verhoeff_valid(s) {
        return Err("fails its check digit; check the id against the text.".to_string());
    }
    s.parse().map_err(|_| "is too large.".to_string())
}

fn verhoeff_valid(s: &str) -> bool {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const P: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    let mut c = 0u8;
    for (i, b) in s.bytes().rev().enumerate() {
        c = D[c as usize][P[i % 8][(b - b'0') as usize] as usize];
    }
    c == 0
}

/// Rewords the TOML parser's messages into a sentence that says how to fix the problem.
///
/// `text` is the file and `span` where the parser located the problem; they are used to name
/// the key a message is about. Returns the message and whether it concerns the whole file
/// rather than the place `span` points at (a key missing from the top level of the file).
fn explain_toml_message(message: &str, text: &str, span: Option<Range<usize>>) -> (String, bool) {
    let first = message.lines().next().unwrap_or(message).trim();
    if let Some(rest) = first.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest
            .split_once(", expected ")
            .map(|(_, e)| e)
            .unwrap_or_default()
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        if let Some(near) = closest(field, expected.iter().copied()) {
            return (
                format!("unknown key `{field}`; did you mean `{near}`?"),
                false,
            );
        }
        let list = if expected.is_empty() {
            "see guidance/README.md for the keys".to_string()
        } else {
            let quoted: Vec<String> = expected.iter().map(|k| format!("`{k}`")).collect();
            format!("this table takes {}", quoted.join(", "))
        };
        return (
            format!("unknown key `{field}`; correct its spelling or remove it ({list})."),
            false,
        );
    }
    if let Some(rest) = first.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let top_level = span.is_none_or(|s| s.start == 0 && s.end == 0);
        let message = if top_level {
            format!(
                "missing key `{field}`; add `{field} = ...` to the file (see guidance/README.md for what it holds)."
            )
        } else {
            format!(
                "missing key `{field}` in this table; add `{field} = ...` (see guidance/README.md for what it holds)."
            )
        };
        return (message, top_level);
    }
    if let Some(rest) = first.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let found = match found {
            "map" => "a table",
            "sequence" => "a list",
            other => other,
        };
        let (expected, fix) = match expected {
            "a string" => ("a string", "write it in double quotes".to_string()),
            "a boolean" => (
                "true or false",
                "write true or false, without quotes".to_string(),
            ),
            "a sequence" => ("a list", "write it in square brackets, [ ... ]".to_string()),
            e if e.starts_with("struct ") || e == "a map" => (
                "a table",
                "write it in braces, { key = value, ... }".to_string(),
            ),
            e => (
                e,
                "see guidance/README.md for the type of this key".to_string(),
            ),
        };
        let subject = match span.and_then(|s| key_before(text, s.start)) {
            Some(key) => format!("`{key}`"),
            None => "this value".to_string(),
        };
        return (
            format!("{subject} must be {expected}, not {found}; {fix}."),
            false,
        );
    }
    if first.starts_with("duplicate key") {
        let key = span
            .and_then(|s| text.get(s))
            .filter(|k| !k.is_empty() && !k.contains('\n'))
            .map_or(String::new(), |k| format!(" `{}`", k.trim()));
        return (
            format!("duplicate key{key}; a key may appear once in a table, so remove one of them."),
            false,
        );
    }
    (
        format!("TOML syntax error: {first}; see guidance/README.md for the file format."),
        false,
    )
}

/// The key of `key = value` when `value_start` is where the value starts on its line.
fn key_before(text: &str, value_start: usize) -> Option<&str> {
    let before = text.get(..value_start)?;
    let line = before.rsplit('\n').next().unwrap_or(before);
    let line = line.trim_end().strip_suffix('=')?.trim_end();
    let start = line
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .map_or(0, |i| i + 1);
    let key = &line[start..];
    (!key.is_empty()).then_some(key)
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a likely
/// misspelling (at most two edits, and fewer than a third of the word).
fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let d = edit_distance(word, candidate);
        if d <= 2
            && d * 3 < word.chars().count().max(candidate.chars().count())
            && best.is_none_or(|(b, _)| d < b)
        {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// Reports a [`CodeError`] kind as text; used by tests that check messages.
#[allow(dead_code)]
pub fn describe(e: CodeError) -> &'static str {
    e.message()
}
