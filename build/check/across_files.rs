//! Checks across files, once every file is read: defaults outside their category (with an
//! example another file names), duplicate ids, `replaces` / `replaced_by` agreeing both ways,
//! and titles that differ between files for the same code and version (`title_agreement.rs`).

use super::super::catalogue::*;
use super::super::shared::sorted::{self, SortedMap};
use super::ids::{parse_id, path_fits};
use super::title_agreement::{TitleUse, disagreements};
use super::{Checker, Parsed};

impl Checker {
    /// Every check that needs all files read, in the order they report.
    pub(super) fn across_files(&mut self, parsed: &[Parsed]) {
        self.defaults_outside_category();
        let by_id = self.duplicate_ids(parsed);
        self.replacement_links(parsed, &by_id);
        self.title_disagreements();
    }

    /// Duplicate ids. The file at the path the id calls for owns it (else the first in path
    /// order); every other file claiming the id is reported, and only the owner's name and
    /// folder are checked against the id (telling a copy to rename itself to a name that is
    /// taken would be wrong). Returns the owner of each id.
    fn duplicate_ids<'p>(&mut self, parsed: &'p [Parsed]) -> SortedMap<&'p str, &'p Parsed> {
        // The owner: the last file whose path fits the id, else the first to claim it.
        let claims = SortedMap::grouped(sorted::map_each(parsed, &|p| (p.guidance.id.as_str(), p)));
        let by_id: SortedMap<&str, &Parsed> = claims
            .into_iter()
            .map(|(id, claimants)| {
                let fits = claimants.iter().rev().find(|p| {
                    p.id_valid
                        && path_fits(
                            &self.files[p.file].path,
                            &p.guidance.id,
                            p.guidance.programme,
                        )
                });
                (id, *fits.unwrap_or(&claimants[0]))
            })
            .collect();
        for p in parsed {
            let Some(&owner) = by_id.get(p.guidance.id.as_str()) else {
                continue;
            };
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
        by_id
    }

    /// `replaces` / `replaced_by` agree both ways when both ends are in the catalogue.
    fn replacement_links(&mut self, parsed: &[Parsed], by_id: &SortedMap<&str, &Parsed>) {
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
    }

    /// The same code has the same title within one classification version; where files
    /// disagree, the ones that differ from the majority are reported (`title_agreement.rs`).
    fn title_disagreements(&mut self) {
        let uses = std::mem::take(&mut self.titles);
        let mut reports = Vec::new();
        for d in disagreements(&uses) {
            let (system, key) = match d.at.code {
                Code::Opcs4(_) => ("OPCS-4", "opcs4_version"),
                Code::Icd10(_) => ("ICD-10", "icd10_edition"),
            };
            let places = |us: &[&TitleUse]| {
                sorted::map_each(us, &|u| {
                    let there = self.files[u.file].error(u.span.clone(), "");
                    format!("{}:{}", there.path, there.line)
                })
                .join(", ")
            };
            let elsewhere = sorted::map_each(&d.others, &|(title, us)| {
                format!("\"{title}\" at {}", places(us))
            })
            .join(" and ");
            let others = uses_files(&d);
            let files_word = if others == 1 { "file" } else { "files" };
            let versions = match (&d.at.version, others) {
                (Some(v), 1) => format!("both files state {key} = \"{v}\""),
                (Some(v), n) => format!("all {} files state {key} = \"{v}\"", n + 1),
                (None, 1) => format!("neither file states `{key}`"),
                (None, n) => format!("none of the {} files states `{key}`", n + 1),
            };
            let than = if d.others.len() == 1 {
                "the other"
            } else {
                "any other"
            };
            let or_versions = match &d.at.version {
                Some(_) => String::new(),
                None => format!(
                    ", or set `{key}` in each file if the texts follow different {system} versions"
                ),
            };
            let judgement = match d.majority {
                Some(_) => format!(
                    "the other {files_word} agree, so correct this title (keep the page's wording in `printed`){or_versions}"
                ),
                None => format!(
                    "no title is given by more files than {than}, so one of them is wrong: check each against its text and the classification, and make them agree (keep a page's different wording in `printed`){or_versions}"
                ),
            };
            reports.push((
                d.at.file,
                d.at.span.clone(),
                format!(
                    "{code} is titled \"{}\" here but {elsewhere}, and {versions}; {judgement}.",
                    d.at.title,
                    code = d.at.code
                ),
            ));
        }
        for (file, span, message) in reports {
            self.err(file, span, message);
        }
    }
}

/// How many files give the titles other than the reported one.
fn uses_files(d: &super::title_agreement::Disagreement<'_>) -> usize {
    let mut files = Vec::new();
    for (_, us) in &d.others {
        for u in us {
            files.push(u.file);
        }
    }
    sorted::sorted_unique(files).len()
}
