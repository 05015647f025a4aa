//! The names a text may use that date it (`guidance/names.toml`), and the guidance files that
//! state which of them their text uses (`written_while`).
//!
//! A name was in use over a period: "National Institute for Health and Clinical Excellence"
//! until 1 April 2013, "NHS Connecting for Health" from 1 April 2005 to 31 March 2013. A text
//! that uses a name was written while it was in use, so a name that ended bounds the text's
//! date from above, as `written_before` does. The names are data, kept once with the public
//! source of each day, rather than repeated in the comment of every file that uses them:
//!
//! ```toml
//! [nhs-connecting-for-health]
//! name = "NHS Connecting for Health"
//! phrases = ["NHS Connecting for Health"]
//! began = { day = "2005-04-01", source = "<address or named page>", quote = "<a few words>" }
//! ended = { day = "2013-04-01", source = "<address or named page>", quote = "<a few words>" }
//! caveats = "<what the name does not show>"
//! ```
//!
//! `began` is the first day the name was in use and `ended` the first day it no longer was
//! (a text using it was written before that day: the meaning of `written_before`). `phrases`
//! are the words a text uses for the name, exactly, for a tool that drafts a file from a text.
//!
//! [`check_names`] checks the file: every key known (`toml_reader.rs`), a key of lower case
//! letters, digits and hyphens, a phrase on one name only and holding no other name's phrase,
//! at least one of `began` and `ended`, each a day that exists with a source and a quote,
//! `began` before `ended`, and an end after NICE was established. [`Checker::written_while`]
//! checks a guidance file's `written_while` against them: each a known name, none twice, no
//! two whose periods cannot overlap, and no `written_before` on or before a name began.
//! [`bound`] gives the release check the day the text was written before.

use super::super::read::model::{RawGuidance, RawNameDay, read_names};
use super::super::read::toml_reader::Problem;
use super::super::shared::sorted::{self, SortedMap};
use super::super::shared::spelling::closest;
use super::dating::{Day, NICE_ESTABLISHED, day_problem_on, first_day, iso, today};
use super::{Checker, Input, spanned_string};
use std::ops::Range;
use toml::Spanned;

/// One name of `guidance/names.toml`, as the checks use it.
#[derive(Clone, Debug)]
pub struct Name {
    /// The name as messages show it (`NHS Connecting for Health`).
    pub name: String,
    /// The first day it was in use, when a source states it.
    pub began: Option<Day>,
    /// The first day it was no longer in use, when a source states it.
    pub ended: Option<Day>,
}

/// The names of `guidance/names.toml` by key: only those whose days are well formed.
pub type Names = SortedMap<String, Name>;

/// The names file read and checked: the names (`None` when the file could not be read, so
/// its names are not known), and every problem found (located in it).
pub fn check_names(text: &str) -> (Option<Names>, Vec<Problem>) {
    check_names_on(text, today())
}

/// [`check_names`], judging the days against `today` (`None`: not checked against a clock).
pub fn check_names_on(text: &str, today: Option<Day>) -> (Option<Names>, Vec<Problem>) {
    let reading = read_names(text);
    let mut problems = reading.problems;
    let mut names = SortedMap::new();
    let Some(raw) = reading.value else {
        return (None, problems);
    };
    let mut err = |span: Range<usize>, message: String| {
        problems.push(Problem {
            span: Some(span),
            message,
        });
    };
    // Every phrase, with the key of its name, for the checks between phrases below.
    let mut phrases: Vec<(&str, &str, Range<usize>)> = Vec::new();
    for (key, entry) in &raw {
        let (name, span) = spanned_string(key);
        if !super::file::is_stock_key(&name) {
            err(
                span.clone(),
                format!(
                    "name key \"{name}\" is not lower case letters, digits and hyphens; rename it (for example \"{}\").",
                    super::file::suggest_key(&name)
                ),
            );
        }
        if entry.name.get_ref().trim().is_empty() {
            err(
                entry.name.span(),
                "`name` is empty; write the name as messages should show it, or remove the entry."
                    .to_string(),
            );
        }
        if entry.phrases.get_ref().is_empty() {
            err(
                entry.phrases.span(),
                "`phrases` is empty; write the words a text uses for the name, exactly (at least one phrase).".to_string(),
            );
        }
        for phrase in entry.phrases.get_ref() {
            if phrase.get_ref().trim().is_empty() {
                err(
                    phrase.span(),
                    "a phrase is empty; write the words a text uses for the name, or remove it."
                        .to_string(),
                );
            } else {
                phrases.push((phrase.get_ref(), key.get_ref(), phrase.span()));
            }
        }
        let began = day(&entry.began, "began", today, &mut err);
        let ended = day(&entry.ended, "ended", today, &mut err);
        if entry.began.is_none() && entry.ended.is_none() {
            err(
                span.clone(),
                format!(
                    "name \"{name}\" has neither `began` nor `ended`, so it dates nothing; add the day a source states it began or ended (with the source), or remove the name."
                ),
            );
        }
        // Days out of order are reported, and the name then dates nothing: which day is
        // wrong is not known.
        let mut days = (began, ended);
        if let (Some(b), Some(e), Some(ended_span)) = (
            began,
            ended,
            entry.ended.as_ref().map(|e| e.get_ref().day.span()),
        ) {
            if e <= b {
                err(
                    ended_span,
                    format!(
                        "`ended` ({}) is not after `began` ({}); a name ends after it begins, so check both days against their sources.",
                        iso(e),
                        iso(b)
                    ),
                );
                days = (None, None);
            }
        }
        if let (Some(e), Some(ended)) = (ended, &entry.ended) {
            if e <= NICE_ESTABLISHED {
                err(
                    ended.get_ref().day.span(),
                    format!(
                        "`ended` ({}) is not after 1 April 1999, when NICE was established, so no NICE text can use the name; check the day, or remove the name.",
                        iso(e)
                    ),
                );
            }
        }
        names.insert(
            name,
            Name {
                name: entry.name.get_ref().clone(),
                began: days.0,
                ended: days.1,
            },
        );
    }
    // Phrases in file order: a phrase given twice is reported where it is given again, and a
    // phrase that holds another name's phrase would be read as both names.
    sorted::sort_by_key(&mut phrases, |(_, _, span)| span.start);
    for (i, (words, key, span)) in phrases.iter().enumerate() {
        if let Some((_, other, _)) = phrases[..i].iter().find(|(p, _, _)| p == words) {
            let whose = if other == key {
                "this name".to_string()
            } else {
                format!("\"{other}\"")
            };
            problems.push(Problem {
                span: Some(span.clone()),
                message: format!(
                    "the phrase \"{words}\" is already a phrase of {whose}; a phrase tells one name, so remove one of them."
                ),
            });
            continue;
        }
        if let Some((inner, other, _)) = phrases
            .iter()
            .find(|(inner, other, _)| other != key && inner != words && words.contains(inner))
        {
            problems.push(Problem {
                span: Some(span.clone()),
                message: format!(
                    "the phrase \"{words}\" holds \"{inner}\", a phrase of \"{other}\", so a text using it would be read as both names; make the phrases tell the names apart."
                ),
            });
        }
    }
    (Some(names), problems)
}

/// The day of `began` or `ended` (`key`), when it is well formed; reports it when not, and
/// when its source or quote is empty.
fn day(
    entry: &Option<Spanned<RawNameDay>>,
    key: &str,
    today: Option<Day>,
    err: &mut impl FnMut(Range<usize>, String),
) -> Option<Day> {
    let entry = entry.as_ref()?.get_ref();
    for (text, field, what) in [
        (
            &entry.source,
            "source",
            "the page that states the day: the address of an official page, or a copy or third-party page named in plain text",
        ),
        (
            &entry.quote,
            "quote",
            "a few words of the source that state the day",
        ),
    ] {
        if text.get_ref().trim().is_empty() {
            err(
                text.span(),
                format!("the `{field}` of `{key}` is empty; write {what}."),
            );
        }
    }
    let written = entry.day.get_ref();
    match day_problem_on(written, today) {
        None => first_day(written),
        Some(problem) => {
            err(
                entry.day.span(),
                format!("`{key}` \"{written}\" {problem}."),
            );
            None
        }
    }
}

/// The day before which a text was written, from its `written_before` and the names it uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bound {
    /// The day, as `written_before` writes it (`"2013"`) or, from a name, `YYYY-MM-DD`.
    pub shown: String,
    /// The name that gives the bound, when a name does (else `written_before` gives it).
    pub name: Option<String>,
}

/// The earliest day before which `raw`'s text was written: its `written_before` and the end of
/// each name of `written_while` that has one (`written_before` when they tie). `None` when
/// neither gives a day.
pub fn bound(raw: &RawGuidance, names: &Names) -> Option<Bound> {
    let mut best: Option<(Day, Bound)> = raw.written_before.as_ref().and_then(|b| {
        first_day(b.get_ref()).map(|day| {
            (
                day,
                Bound {
                    shown: b.get_ref().clone(),
                    name: None,
                },
            )
        })
    });
    for key in raw.written_while.iter().flat_map(|list| list.get_ref()) {
        let Some(name) = names.get(key.get_ref().as_str()) else {
            continue;
        };
        let Some(ended) = name.ended else { continue };
        if best.as_ref().is_none_or(|(day, _)| ended < *day) {
            best = Some((
                ended,
                Bound {
                    shown: iso(ended),
                    name: Some(name.name.clone()),
                },
            ));
        }
    }
    best.map(|(_, bound)| bound)
}

impl Checker {
    /// `guidance/names.toml`: its problems reported, its names returned.
    pub(super) fn names(&mut self, input: Input) -> Names {
        let file = self.files.len();
        self.files
            .push(super::super::shared::diagnostic::SourceFile::new(
                input.path, input.text,
            ));
        let (names, problems) = check_names(&self.files[file].text);
        self.report_reading(file, problems);
        match names {
            Some(names) => {
                self.text_checks(file);
                names
            }
            None => {
                // Already reported: its names are not known, so a guidance naming one is not
                // told that it is undefined.
                self.names_unreadable = true;
                SortedMap::new()
            }
        }
    }

    /// The `written_while` of a guidance file: each a name of `names`, none twice, no two
    /// whose periods cannot overlap, and none begun on or after the file's `written_before`.
    pub(super) fn written_while(&mut self, file: usize, raw: &RawGuidance, names: &Names) {
        let Some(list) = &raw.written_while else {
            return;
        };
        if list.get_ref().is_empty() {
            self.err(
                file,
                list.span(),
                "`written_while` is empty; name the names of guidance/names.toml that the text uses, or remove the key.",
            );
            return;
        }
        let mut known: Vec<(&Spanned<String>, &Name)> = Vec::new();
        for (i, key) in list.get_ref().iter().enumerate() {
            let written = key.get_ref().as_str();
            if list.get_ref()[..i].iter().any(|k| k.get_ref() == written) {
                self.err(
                    file,
                    key.span(),
                    format!("`written_while` names \"{written}\" twice; remove one."),
                );
                continue;
            }
            match names.get(written) {
                Some(name) => known.push((key, name)),
                None if self.names_unreadable => {}
                None if names.is_empty() => self.err(
                    file,
                    key.span(),
                    format!("`written_while` names \"{written}\", but guidance/names.toml defines no names; add the name there, with the day it began or ended and the source of each (see guidance/README.md)."),
                ),
                None => {
                    let hint = if let Some(near) = closest(written, &mut names.keys().map(String::as_str)) {
                        format!("did you mean \"{near}\"?")
                    } else {
                        let keys: Vec<&str> = names.keys().map(String::as_str).collect();
                        format!(
                            "define it in guidance/names.toml or use one of: {}.",
                            keys.join(", ")
                        )
                    };
                    self.err(
                        file,
                        key.span(),
                        format!("`written_while` names \"{written}\", which guidance/names.toml does not define; {hint}"),
                    );
                }
            }
        }
        // Two names whose periods cannot overlap: one ended on or before the other began.
        for (j, (later, b)) in known.iter().enumerate() {
            let clash = known[..j].iter().find_map(|(earlier, a)| {
                let ends_first = |x: &Name, y: &Name| match (x.ended, y.began) {
                    (Some(end), Some(begin)) if end <= begin => Some((end, begin)),
                    _ => None,
                };
                ends_first(a, b)
                    .map(|(end, begin)| (earlier.get_ref(), end, later.get_ref(), begin))
                    .or_else(|| {
                        ends_first(b, a)
                            .map(|(end, begin)| (later.get_ref(), end, earlier.get_ref(), begin))
                    })
            });
            if let Some((ended_key, end, began_key, begin)) = clash {
                self.err(
                    file,
                    later.span(),
                    format!(
                        "\"{ended_key}\" ended on {} and \"{began_key}\" began on {} (guidance/names.toml), so no text was written while both were in use; name only the names of the part of the text that is being dated (a page's opening sentence may be older or newer than its coding note: see guidance/README.md).",
                        iso(end),
                        iso(begin),
                    ),
                );
            }
        }
        if let Some(bound) = &raw.written_before {
            let Some(before) = first_day(bound.get_ref()) else {
                return;
            };
            let began_after = known
                .iter()
                .find_map(|(key, name)| name.began.filter(|b| before <= *b).map(|b| (key, b)));
            if let Some((key, began)) = began_after {
                self.err(
                    file,
                    bound.span(),
                    format!(
                        "`written_before` (\"{}\") is not after the day \"{}\" began ({}), but the text uses that name (`written_while`); check the date and the names against their sources.",
                        bound.get_ref(),
                        key.get_ref(),
                        iso(began),
                    ),
                );
            }
        }
    }
}
