//! Each code, category, default and title of a file compared with the release: the
//! findings, and the words of their messages.

use super::*;

impl Checker<'_> {
    pub(super) fn code(
        &mut self,
        file: &File<'_>,
        raw: &RawNode,
        spanned: &Spanned<String>,
        classification: Classification,
        given: &GivenRelease,
        written: &Written,
    ) {
        let Some(code) = code_ref(spanned.get_ref(), classification) else {
            return;
        };
        let release = &given.release;
        let name = classification.name();
        let rel = release_label(given);
        let entry = release.get(&code.key);
        if code.category {
            if !release.has_category(&code.key) {
                let base = format!(
                    "{name} category {} is not in {rel}: it has neither the category {} nor any code under it",
                    code.shown, code.key
                );
                self.fact(
                    file,
                    spanned.span(),
                    given,
                    written,
                    base,
                    "correct the category",
                );
            }
        } else if entry.is_none() {
            let divided = code.x_filled && release.has_category(&code.key[..3]);
            let base = if divided {
                format!(
                    "{name} code {} is not in {rel}: {} is divided there, so write {}.- or one of its codes",
                    code.shown,
                    &code.key[..3],
                    &code.key[..3]
                )
            } else {
                format!("{name} code {} is not in {rel}", code.shown)
            };
            self.fact(
                file,
                spanned.span(),
                given,
                written,
                base,
                "correct the code (keep what the page printed in `printed`)",
            );
        }
        if let Some(entry) = entry.filter(|e| e.retired) {
            self.retired(file, spanned.span(), &code.shown, entry, given, written);
        } else if let Some(entry) = entry {
            if let Some(title) = &raw.title {
                self.title(file, title, &code.shown, entry, given, written);
            }
            self.usage(file, spanned.span(), &code, entry, given, written);
        }
        if code.category {
            self.default(file, raw, classification, given, written);
        }
    }

    /// The node's `default` must be in the release, with its `default_title`.
    pub(super) fn default(
        &mut self,
        file: &File<'_>,
        raw: &RawNode,
        classification: Classification,
        given: &GivenRelease,
        written: &Written,
    ) {
        let Some(spanned) = &raw.default else { return };
        let Some(default) = code_ref(spanned.get_ref(), classification) else {
            return;
        };
        match given.release.get(&default.key) {
            None => {
                let base = format!(
                    "default {} is not in {}",
                    default.shown,
                    release_label(given)
                );
                self.fact(
                    file,
                    spanned.span(),
                    given,
                    written,
                    base,
                    "correct the default",
                );
            }
            Some(entry) if entry.retired => {
                let shown = format!("default {}", default.shown);
                self.retired(file, spanned.span(), &shown, entry, given, written);
            }
            Some(entry) => {
                if let Some(title) = &raw.default_title {
                    let shown = format!("default {}", default.shown);
                    self.title(file, title, &shown, entry, given, written);
                }
            }
        }
    }

    /// A missing code, category or default, or a mark that contradicts the release: an error,
    /// unless the guidance is known to follow another version than the release.
    pub(super) fn fact(
        &mut self,
        file: &File<'_>,
        span: Range<usize>,
        given: &GivenRelease,
        written: &Written,
        base: String,
        fix: &str,
    ) {
        match relation(written, given) {
            Relation::GuidanceOlder => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance was written for {}, an older version, so the classification may have changed since.",
                    written.describe()
                ),
            ),
            Relation::GuidanceNewer => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance was written for {}, a newer version than the release, so check it against a current release.",
                    written.describe()
                ),
            ),
            _ => self.error(file, span, format!("{base}; {fix}.")),
        }
    }

    /// A code the release keeps only as retired: an error for a guidance written for the
    /// release's version or a later one; a warning for one written for an older version, or
    /// when either version is not known (a retired code was a code once, so it is no typo).
    pub(super) fn retired(
        &mut self,
        file: &File<'_>,
        span: Range<usize>,
        shown: &str,
        entry: &ReleaseEntry,
        given: &GivenRelease,
        written: &Written,
    ) {
        let base = format!(
            "{shown} is retired in {} (titled {}, line {})",
            release_label(given),
            quoted(&entry.title),
            entry.line
        );
        match relation(written, given) {
            Relation::GuidanceOlder => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance was written for {}, an older version, when the code was still in use.",
                    written.describe()
                ),
            ),
            Relation::Same | Relation::GuidanceNewer => self.error(
                file,
                span,
                format!(
                    "{base}, and the guidance was written for {}; a retired code is not to be used: check the text and the release's introduction for the code that replaces it.",
                    written.describe()
                ),
            ),
            // A retired code was a code of an earlier version, so it is no typo: without
            // both versions it cannot be told whether it was retired since.
            Relation::GuidanceUnknown => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance states no `{}` and no `published` date, so it may have been written when the code was in use.",
                    match given.release.classification {
                        Classification::Opcs4 => "opcs4_version",
                        Classification::Icd10 => "icd10_edition",
                    }
                ),
            ),
            Relation::ReleaseUnknown => self.warning(
                file,
                span,
                format!(
                    "{base}; the release's version is not known, so the guidance may have been written when the code was in use."
                ),
            ),
        }
    }

    pub(super) fn title(
        &mut self,
        file: &File<'_>,
        title: &Spanned<String>,
        shown: &str,
        entry: &ReleaseEntry,
        given: &GivenRelease,
        written: &Written,
    ) {
        if entry.has_title(title.get_ref()) {
            return;
        }
        let ours = normalise_spaces(title.get_ref()).to_lowercase();
        let differs_in_case_only = std::iter::once(&entry.title)
            .chain(&entry.other_titles)
            .any(|t| normalise_spaces(t).to_lowercase() == ours);
        let base = format!(
            "{shown} is titled {} here but {} in {}",
            quoted(title.get_ref()),
            quoted(&entry.title),
            release_label(given)
        );
        let span = title.span();
        if differs_in_case_only {
            self.warning(
                file,
                span,
                format!("{base}; the titles differ only in letter case."),
            );
            return;
        }
        let classification = given.release.classification;
        let key = match classification {
            Classification::Opcs4 => "opcs4_version",
            Classification::Icd10 => "icd10_edition",
        };
        match relation(written, given) {
            Relation::Same => self.error(
                file,
                span,
                format!(
                    "{base}, the version this guidance was written for ({}); correct the title (keep the page's wording in `printed` if it differs).",
                    written.basis()
                ),
            ),
            Relation::GuidanceOlder => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance was written for {}, an older version, so the title may have changed since.",
                    written.describe()
                ),
            ),
            Relation::GuidanceNewer => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance was written for {}, a newer version than the release, so check it against a current release.",
                    written.describe()
                ),
            ),
            Relation::GuidanceUnknown => self.warning(
                file,
                span,
                format!(
                    "{base}; the guidance states no `{key}` and no `published` date, so it may follow an older version: state one to have a typo reported as an error."
                ),
            ),
            Relation::ReleaseUnknown => {
                self.release_version_unknown[classification as usize] = true;
                self.warning(file, span, format!("{base}."));
            }
        }
    }

    /// The dagger or asterisk mark must agree with the release's `USAGE`.
    pub(super) fn usage(
        &mut self,
        file: &File<'_>,
        span: Range<usize>,
        code: &CodeRef,
        entry: &ReleaseEntry,
        given: &GivenRelease,
        written: &Written,
    ) {
        let Some(usage) = entry.usage else { return };
        let mark = |usage: Usage| match usage {
            Usage::Dagger => "D",
            Usage::Asterisk => "A",
            Usage::Default => "",
        };
        let kind = |usage: Usage| match usage {
            Usage::Dagger => "a dagger code",
            Usage::Asterisk => "an asterisk code",
            Usage::Default => "neither a dagger nor an asterisk code",
        };
        let rel = release_label(given);
        let shown = &code.shown;
        match code.marker {
            None if usage != Usage::Default => self.warning(
                file,
                span,
                format!(
                    "ICD-10 code {shown} is {} in {rel} but carries no mark here; write {shown}{} if the text marks it (NICE pages often leave the marks out).",
                    kind(usage),
                    mark(usage)
                ),
            ),
            None => {}
            Some(marker) => {
                let written_usage = match marker {
                    Icd10Marker::Dagger => Usage::Dagger,
                    Icd10Marker::Asterisk => Usage::Asterisk,
                };
                if written_usage != usage {
                    let base = format!(
                        "ICD-10 code {shown}{} is marked as {} here, but it is {} in {rel}",
                        mark(written_usage),
                        kind(written_usage),
                        kind(usage)
                    );
                    let fix = format!("write {shown}{}", mark(usage));
                    self.fact(file, span, given, written, base, &fix);
                }
            }
        }
    }
}
