//! What the text says about the guidance itself: its id, title and source, the
//! classification versions it states, what it replaces or is replaced by, and the dates it
//! gives.
//!
//! Only what the text states is taken. A date is `published` when the text prints one for
//! the guidance (a title such as "(August 2007)", a document date "26/09/2012", an
//! "Issue date: March 2006" or "Published: 22 May 2019" line); otherwise the guidance is
//! `undated` and the maintainer is asked to look for a source.

use super::lines::Header;

/// The date a guidance was published, and the words of the text that give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub date: String,
    pub evidence: String,
}

/// The text's facts about the guidance.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct About {
    pub id: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    /// The host of the copy the text was read from, when its `source:` line names an address
    /// off NICE's site: the draft's `source` is then NICE's page for the guidance.
    pub copied_from: Option<String>,
    pub opcs4_version: Option<String>,
    pub recommendation: Option<&'static str>,
    pub body_systems: Vec<String>,
    pub replaces: Vec<String>,
    pub replaced_by: Vec<String>,
    pub published: Option<Published>,
    pub last_updated: Option<String>,
}

/// The hosts of NICE's own pages, the only ones a guidance's `source` may name (the
/// compiler's rule, `build/check/web_address.rs`).
const NICE_HOSTS: [&str; 3] = ["www.nice.org.uk", "nice.org.uk", "guidance.nice.org.uk"];

/// The host of an `http://` or `https://` address, in lower case as written.
fn host_of(address: &str) -> &str {
    let rest = address.split_once("://").map_or(address, |(_, rest)| rest);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// True for a guidance id: programme letters and a number with no leading zero.
pub fn is_guidance_id(id: &str) -> bool {
    let digits = id.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let letters = &id[..id.len() - digits.len()];
    matches!(letters, "IPG" | "MTG")
        && !digits.is_empty()
        && !digits.starts_with('0')
        && digits.len() <= 5
        && digits.chars().all(|c| c.is_ascii_digit())
}

/// An id in `text` (`ipg098` in an address is `IPG98`), as a whole word.
pub fn id_in(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    for programme in ["IPG", "MTG"] {
        let mut from = 0;
        while let Some(at) = upper[from..].find(programme).map(|a| a + from) {
            from = at + programme.len();
            let before_ok = at == 0 || !upper.as_bytes()[at - 1].is_ascii_alphabetic();
            let digits: String = upper[from..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            let after = upper[from + digits.len()..].chars().next();
            if before_ok && !digits.is_empty() && !after.is_some_and(|c| c.is_ascii_alphanumeric())
            {
                let number = digits.trim_start_matches('0');
                let id = format!("{programme}{number}");
                if is_guidance_id(&id) {
                    return Some(id);
                }
            }
        }
    }
    None
}

/// Reads the header lines; `guidance` is an "IPG655 - Title" heading of the text.
pub fn about(
    header: &Header,
    guidance: Option<&(String, String)>,
    file_stem: Option<&str>,
) -> About {
    let mut about = About::default();
    let source = header
        .source
        .as_deref()
        .and_then(|s| s.split_whitespace().next());
    let address = source.filter(|s| s.starts_with("http://") || s.starts_with("https://"));
    about.id = address
        .and_then(id_in)
        .or_else(|| guidance.and_then(|(id, _)| id_in(id)))
        .or_else(|| file_stem.and_then(id_in));
    match address.map(|a| (a, host_of(a))) {
        Some((address, host)) if NICE_HOSTS.contains(&host) => {
            about.source = Some(address.to_owned());
        }
        Some((_, host)) => about.copied_from = Some(host.to_owned()),
        None => {}
    }
    if let Some(title) = header
        .title
        .as_deref()
        .or(guidance.map(|(_, t)| t.as_str()))
    {
        read_title(&mut about, title);
    }
    about.opcs4_version = header.opcs_version.as_deref().and_then(version_in);
    about.recommendation = header.recommendation.as_deref().and_then(recommendation);
    about.body_systems = header
        .body_system
        .as_deref()
        .map(|b| {
            b.split('|')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if about.published.is_none() {
        if let Some(date) = header.document_date.as_deref().and_then(date_of) {
            about.published = Some(Published {
                date,
                evidence: format!(
                    "the text's document date \"{}\"",
                    header.document_date.as_deref().unwrap_or("")
                ),
            });
        }
    }
    about.last_updated = header.last_updated.as_deref().and_then(date_of);
    about
}

/// The title, without the trailing remarks of a collected copy: a date, and what the
/// guidance replaces or is replaced by.
fn read_title(about: &mut About, title: &str) {
    let mut title = title.trim().to_owned();
    while title.ends_with(')') {
        let Some(open) = title.rfind('(') else { break };
        let remark = title[open + 1..title.len() - 1].to_owned();
        let lower = remark.to_ascii_lowercase();
        let dated = month_year(&remark);
        let about_others = lower.contains("replace")
            || lower.contains("updated by")
            || lower.contains("withdrawn")
            || id_in(&remark).is_some();
        if dated.is_none() && !about_others {
            break;
        }
        if let Some(date) = dated {
            if about.published.is_none() {
                about.published = Some(Published {
                    date,
                    evidence: format!("the title line of the text: \"({remark})\""),
                });
            }
        }
        for part in lower.split([';', ',']) {
            let part = part.trim();
            let ids: Vec<String> = part.split_whitespace().filter_map(id_in).collect();
            if part.contains("replaced by") || part.contains("updated by") {
                about.replaced_by.extend(ids);
            } else if part.contains("replaces") {
                about.replaces.extend(ids);
            }
        }
        title = title[..open].trim_end().to_owned();
    }
    about.title = Some(title);
}

/// "OPCS-4.6", "OPCS4.6": the version `4.6`.
fn version_in(text: &str) -> Option<String> {
    let upper = text.to_ascii_uppercase();
    let at = upper.find("OPCS")? + 4;
    let rest = upper[at..].trim_start_matches('-');
    let rest = rest.strip_prefix("4.")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then(|| format!("4.{digits}"))
}

/// The recommendation category a header gives.
fn recommendation(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("special") {
        Some("special")
    } else if lower.starts_with("normal") || lower.starts_with("standard") {
        Some("standard")
    } else if lower.starts_with("research") || lower.starts_with("only in research") {
        Some("research_only")
    } else {
        None
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1 to 12) a word names ("Feb", "Sept", "August").
fn month(word: &str) -> Option<usize> {
    let word = word.to_ascii_lowercase();
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(word) || (word == "sept" && *m == "september"))
        .map(|m| m + 1)
}

/// "(December 2004; ...)", "Feb 2013": the month and year that open a remark.
fn month_year(remark: &str) -> Option<String> {
    let mut words = remark.split(|c: char| c.is_whitespace() || c == ';' || c == ',');
    let m = month(words.next()?)?;
    let year = words.next()?;
    (year.len() == 4 && year.chars().all(|c| c.is_ascii_digit())).then(|| format!("{year}-{m:02}"))
}

/// A date as guidance files write it: "26/09/2012", "04 April 2011", "March 2006".
pub fn date_of(text: &str) -> Option<String> {
    let text = text.trim();
    let parts: Vec<&str> = text.split('/').collect();
    if let [d, m, y] = parts[..] {
        let ok = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
        if ok(d, 2) && ok(m, 2) && ok(y, 4) {
            return Some(format!("{y}-{m}-{d}"));
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    match words[..] {
        [d, m, y] if d.len() <= 2 && d.chars().all(|c| c.is_ascii_digit()) => {
            let m = month(m)?;
            let d: usize = d.parse().ok()?;
            (y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()))
                .then(|| format!("{y}-{m:02}-{d:02}"))
        }
        [m, y] => {
            let m = month(m)?;
            (y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())).then(|| format!("{y}-{m:02}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_titles_and_dates() {
        assert_eq!(
            id_in("http://www.nice.org.uk/guidance/IPG098").as_deref(),
            Some("IPG98")
        );
        assert_eq!(
            id_in("http://example.org/ipg131.html").as_deref(),
            Some("IPG131")
        );
        assert_eq!(id_in("SHIPG12"), None);
        let header = Header {
            source: Some("https://www.nice.org.uk/guidance/ipg103 (mirror)".to_owned()),
            title: Some(
                "Gastric stimulation (December 2004; replaced by IPG489 in May 2014)".to_owned(),
            ),
            ..Header::default()
        };
        let about = about(&header, None, None);
        assert_eq!(about.id.as_deref(), Some("IPG103"));
        assert_eq!(about.title.as_deref(), Some("Gastric stimulation"));
        assert_eq!(about.replaced_by, ["IPG489"]);
        assert_eq!(about.published.map(|p| p.date).as_deref(), Some("2004-12"));
        assert_eq!(date_of("04 April 2011").as_deref(), Some("2011-04-04"));
        assert_eq!(date_of("26/09/2012").as_deref(), Some("2012-09-26"));
    }
}
