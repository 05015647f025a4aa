//! The same code carries the same title in every file written for the same classification
//! version: where the files disagree, which of them to report.
//!
//! The uses of one code (under one version) are grouped by title, and a title's weight is the
//! number of files that give it. When one title is given by more files than any other, it is
//! the agreed title and every use of another title is reported, naming the files that agree
//! (so adding one file with a misspelt title reports that file, not the files that were
//! right). When no title has the most files (two files, one title each), every use is
//! reported and the message says that one of the titles is wrong.

use super::super::catalogue::Code;
use super::super::shared::sorted::{self, SortedMap};
use std::ops::Range;

/// A title given to a code somewhere.
pub struct TitleUse {
    pub code: Code,
    /// The classification version the file states, if any.
    pub version: Option<String>,
    pub title: String,
    pub file: usize,
    pub span: Range<usize>,
}

/// One use to report: the use, and the other titles with where they are given.
pub struct Disagreement<'a> {
    pub at: &'a TitleUse,
    /// The title most files give, when there is one; else `None` (no majority).
    pub majority: Option<&'a str>,
    /// Every other title of the code, with the uses that give it, in file order.
    pub others: Vec<(&'a str, Vec<&'a TitleUse>)>,
}

/// The uses to report, in the order the uses were given.
pub fn disagreements(uses: &[TitleUse]) -> Vec<Disagreement<'_>> {
    let groups = SortedMap::grouped(sorted::map_each(uses, &|u| {
        ((u.code, u.version.as_deref()), u)
    }));
    let mut out = Vec::new();
    for group in groups.values() {
        let by_title = SortedMap::grouped(sorted::map_each(group, &|u| (u.title.as_str(), *u)));
        if by_title.len() < 2 {
            continue;
        }
        let files =
            |us: &[&TitleUse]| sorted::sorted_unique(sorted::map_each(us, &|u| u.file)).len();
        let most = by_title.values().map(|us| files(us)).max().unwrap_or(0);
        let leaders: Vec<&str> = by_title
            .iter()
            .filter(|(_, us)| files(us) == most)
            .map(|(t, _)| *t)
            .collect();
        let majority = (leaders.len() == 1).then(|| leaders[0]);
        for u in group {
            if majority == Some(u.title.as_str()) {
                continue;
            }
            let others = by_title
                .iter()
                .filter(|(t, _)| **t != u.title)
                .map(|(t, us)| (*t, us.clone()))
                .collect();
            out.push(Disagreement {
                at: u,
                majority,
                others,
            });
        }
    }
    sorted::sort_by_key(&mut out, |d| (d.at.file, d.at.span.start));
    out
}
