//! When a guidance was written: its `published` date with where the date came from, or why no
//! date can be established (`undated`), with, when sources show it, the names the text uses
//! that date it (`written_while`) and a date the text is known to be older than
//! (`written_before`).
//!
//! The release check judges a difference by the version a guidance was written for, and that
//! version comes from the text (`opcs4_version`, `icd10_edition`) or from the `published` date
//! (see `release/check/versions.rs`). So every shipped guidance states one of:
//!
//! ```toml
//! # published: https://www.nice.org.uk/guidance/ipg147 ("issued full guidance ... in December 2005")
//! published = "2005-12"
//! ```
//!
//! where the comment on the line above (or at the end of the same line) says where the date
//! came from, or
//!
//! ```toml
//! undated = "the page gives no date and no other source states one"
//! ```
//!
//! An `undated` file may bound its date: by the names its text uses (`written_while`, keys of
//! `guidance/names.toml`, where each name's days and their sources are kept: `names.rs`),
//! and by a date before which sources show the text existed (`written_before`, such as a
//! document that cites it), each with a comment as for `published`:
//!
//! ```toml
//! undated = "no source states the date; its page names the Institute as it was named until April 2013"
//! # written_while: <the page's address> opens "The National Institute for Health and Clinical Excellence (NICE) has issued full guidance"
//! written_while = ["nice-health-and-clinical-excellence"]
//! # written_before: <the citing document> ("<what it says>")
//! written_before = "2012"
//! ```
//!
//! This module checks those statements ([`statement_problems`]) and says whether a file makes
//! one ([`states_when_written`]; the test of the shipped catalogue requires it of every file).
//! It also says why a text is not a date a NICE text can have ([`date_problem`]): not in the
//! form of a date, a day that does not exist, a date before NICE existed ([`NICE_ESTABLISHED`])
//! or after the day of the build ([`today`], from the system clock). The clock only decides
//! whether the build fails: nothing it reads reaches the generated output.

use super::super::read::model::RawGuidance;
use std::ops::Range;
use std::time::{SystemTime, UNIX_EPOCH};

/// A day: year, month (1 to 12), day of the month.
pub type Day = (u32, u32, u32);

/// The day NICE was established (as the National Institute for Clinical Excellence): no NICE
/// text is dated before it.
pub const NICE_ESTABLISHED: Day = (1999, 4, 1);

/// Today in UTC, by the system clock; `None` when the clock reads a time before 1970 (a date
/// is then not checked against it).
pub fn today() -> Option<Day> {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(day_from_unix_days(seconds / 86_400))
}

/// The day `days` days after 1 January 1970 (the proleptic Gregorian calendar, counted in
/// 400-year eras of 146,097 days, each starting on 1 March so that the leap day ends a year).
pub fn day_from_unix_days(days: u64) -> Day {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year as u32, month as u32, day as u32)
}

/// `day` as `YYYY-MM-DD`.
pub fn iso(day: Day) -> String {
    format!("{:04}-{:02}-{:02}", day.0, day.1, day.2)
}

/// Why `s` is not a date a NICE text can have, judged on the system clock's day ([`today`]);
/// `None` when it is one. See [`date_problem_on`].
pub fn date_problem(s: &str) -> Option<String> {
    date_problem_on(s, today())
}

/// Why `s` is not a date in the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real day, on
/// or after [`NICE_ESTABLISHED`] and not after `today` (when known), or `None` when it is one.
/// A year or a month stands for all its days: `"1999"` may be a day after 1 April 1999, and
/// `"2026-12"` is not after any day of December 2026.
pub fn date_problem_on(s: &str, today: Option<Day>) -> Option<String> {
    let (first, last) = match date_span(s) {
        Ok(span) => span,
        Err(problem) => return Some(problem),
    };
    if last < NICE_ESTABLISHED {
        return Some(
            "is before NICE existed (it was established on 1 April 1999, so no NICE text is dated earlier); write the date the source states".to_string(),
        );
    }
    match today {
        Some(today) if first > today => Some(format!(
            "is after today ({} by this machine's clock); write the date the source states, which cannot be in the future (or set the clock right)",
            iso(today)
        )),
        _ => None,
    }
}

/// The comment that says where a `published` date came from begins so.
pub const SOURCE_COMMENT: &str = "# published:";

/// The comment that gives the evidence for a `written_before` date begins so.
pub const BOUND_COMMENT: &str = "# written_before:";

/// The comment that says where the text uses the names of `written_while` begins so.
pub const WHILE_COMMENT: &str = "# written_while:";

/// The first day of `s`, a date in the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming a real
/// day (`"2013"` is 1 January 2013), or `None` when it is not one.
pub fn first_day(s: &str) -> Option<Day> {
    date_span(s).ok().map(|(first, _)| first)
}

/// Why `s` is not a whole day written `YYYY-MM-DD` (a day that exists, not after `today`
/// when known), or `None` when it is one: the day a name began or ended (`names.rs`).
pub fn day_problem_on(s: &str, today: Option<Day>) -> Option<String> {
    if s.len() != 10 {
        return Some(
            "is not a day; write the day the source states as \"YYYY-MM-DD\" (for example \"2013-04-01\"): a name begins and ends on a day".to_string(),
        );
    }
    let (day, _) = match date_span(s) {
        Ok(span) => span,
        Err(problem) => return Some(problem),
    };
    match today {
        Some(today) if day > today => Some(format!(
            "is after today ({} by this machine's clock); write the day the source states, which cannot be in the future (or set the clock right)",
            iso(today)
        )),
        _ => None,
    }
}

/// The first and last day of `s`, a date in the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD` naming
/// a real day (years 1900 to 2999), or why it is not one.
fn date_span(s: &str) -> Result<(Day, Day), String> {
    const FORM: &str = "write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\" (for example \"2019-05-22\")";
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let form = || Err(format!("is not a date; {FORM}"));
    if parts.len() > 3 {
        return form();
    }
    let Some(year) = parts.first().and_then(|p| num(p, 4)) else {
        return form();
    };
    if !(1900..=2999).contains(&year) {
        return Err(format!(
            "is not a date: the year {year} is outside 1900 to 2999; {FORM}"
        ));
    }
    // A year alone, or a year and a month alone, is a date.
    let Some(month) = parts.get(1) else {
        return Ok(((year, 1, 1), (year, 12, 31)));
    };
    let Some(month) = num(month, 2) else {
        return form();
    };
    if !(1..=12).contains(&month) {
        return Err(format!(
            "is not a date: month {month} does not exist (months are 01 to 12); write the date the source states"
        ));
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let Some(day) = parts.get(2) else {
        return Ok(((year, month, 1), (year, month, days)));
    };
    let Some(day) = num(day, 2) else {
        return form();
    };
    if (1..=days).contains(&day) {
        return Ok(((year, month, day), (year, month, day)));
    }
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let name = MONTHS[month as usize - 1];
    Err(format!(
        "is not a date: {name} {year} has {days} days, so day {day} does not exist; write the date the source states"
    ))
}

/// True when the file states `published` or `undated`.
pub fn states_when_written(raw: &RawGuidance) -> bool {
    raw.published.is_some() || raw.undated.is_some()
}

/// The problems with how the file states when it was written, each with the span to point at:
/// a `published`, `written_before` or `written_while` without its comment, a comment naming
/// nothing, both `published` and `undated`, or `written_before` or `written_while` in a file
/// that is not `undated`. `text` is the file's text. (The form of the dates is checked with
/// the file's other dates, and the names of `written_while` by `names.rs`.)
pub fn statement_problems(raw: &RawGuidance, text: &str) -> Vec<(Range<usize>, String)> {
    let mut problems = Vec::new();
    if let (Some(published), Some(undated)) = (&raw.published, &raw.undated) {
        problems.push((
            undated.span(),
            format!(
                "the file states both `published` (\"{}\") and `undated`; keep `published` with its source when the date is known, else `undated` alone.",
                published.get_ref()
            ),
        ));
    }
    // An empty `undated` is reported with every other empty text (validate.rs).
    if let Some(published) = &raw.published {
        let span = published.span();
        let problem = comment_problem(
            source_comment(text, span.start, SOURCE_COMMENT),
            format!(
                "the `{SOURCE_COMMENT}` comment of `published` names no source; say where the date came from (the page's address and what it states, or the document)."
            ),
            format!(
                "`published` does not say where the date came from; write the source in a comment on the line above, such as `{SOURCE_COMMENT} <the page's address> (\"<what it states, such as Published: 22 May 2019>\")`."
            ),
        );
        problems.extend(problem.map(|message| (span, message)));
    }
    if let Some(bound) = &raw.written_before {
        let span = bound.span();
        if let Some(published) = &raw.published {
            problems.push((
                span.clone(),
                format!(
                    "the file states both `published` (\"{}\") and `written_before` (\"{}\"); `written_before` bounds the date of an `undated` guidance only: keep `published` with its source when the date is known, else `undated` with `written_before`.",
                    published.get_ref(),
                    bound.get_ref()
                ),
            ));
        } else if raw.undated.is_none() {
            problems.push((
                span.clone(),
                format!(
                    "`written_before` (\"{}\") is stated without `undated`; it bounds the date of a guidance no source dates, so add `undated` saying why no date can be established (or, if a source states the date, write it as `published` instead).",
                    bound.get_ref()
                ),
            ));
        }
        let problem = comment_problem(
            source_comment(text, span.start, BOUND_COMMENT),
            format!(
                "the `{BOUND_COMMENT}` comment of `written_before` names no source; say what shows the text existed before that date (the page's address and what on it dates the text, and the source of that date)."
            ),
            format!(
                "`written_before` does not say what shows the text existed before that date; write the evidence in a comment on the line above, such as `{BOUND_COMMENT} <the page's address> (\"<what on it dates the text, such as a name that ended on that date>\"), <the source of that date>`."
            ),
        );
        problems.extend(problem.map(|message| (span, message)));
    }
    if let Some(names) = &raw.written_while {
        let span = names.span();
        if let Some(published) = &raw.published {
            problems.push((
                span.clone(),
                format!(
                    "the file states both `published` (\"{}\") and `written_while`; `written_while` bounds the date of an `undated` guidance only: keep `published` with its source when the date is known, else `undated` with `written_while`.",
                    published.get_ref()
                ),
            ));
        } else if raw.undated.is_none() {
            problems.push((
                span.clone(),
                "`written_while` is stated without `undated`; it bounds the date of a guidance no source dates, so add `undated` saying why no date can be established (or, if a source states the date, write it as `published` instead).".to_string(),
            ));
        }
        let problem = comment_problem(
            source_comment(text, span.start, WHILE_COMMENT),
            format!(
                "the `{WHILE_COMMENT}` comment of `written_while` says nothing; say where the text (or its NICE page) uses the names (the page's address, or the text, and the words it uses)."
            ),
            format!(
                "`written_while` does not say where the text uses the names; write it in a comment on the line above, such as `{WHILE_COMMENT} <the page's address> opens \"<the words that use the name>\"` (the names' dates and their sources are in guidance/names.toml)."
            ),
        );
        problems.extend(problem.map(|message| (span, message)));
    }
    problems
}

/// The problem with a value's source comment (`comment`, as [`source_comment`] found it): the
/// message of `empty` when it names nothing, of `missing` when there is none.
fn comment_problem(comment: Option<&str>, empty: String, missing: String) -> Option<String> {
    match comment {
        Some(source) if source.trim().is_empty() => Some(empty),
        Some(_) => None,
        None => Some(missing),
    }
}

/// The text after `prefix` (`# published:`, `# written_before:`, `# written_while:`) in the comment on the line
/// above the value at `at`, or at the end of the value's own line.
fn source_comment<'t>(text: &'t str, at: usize, prefix: &str) -> Option<&'t str> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let same_line = &text[at..line_end];
    if let Some(i) = same_line.find(prefix) {
        return Some(same_line[i + prefix.len()..].trim_end_matches('\r'));
    }
    let above = text[..line_start.saturating_sub(1)]
        .rsplit('\n')
        .next()?
        .trim_end_matches('\r')
        .trim_start();
    (line_start > 0)
        .then(|| above.strip_prefix(prefix))
        .flatten()
}
