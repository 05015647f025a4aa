//! Guidance ids: their form (`IPG655`, with a fix for a loosely written one), the file name
//! and programme folder an id calls for, and lists of ids (`replaces`, `replaced_by`).

use super::super::catalogue::*;
use super::{Checker, spanned_string};
use std::ops::Range;
use toml::Spanned;

impl Checker {
    /// The file must be `guidance/<programme folder>/<ID>.toml`.
    pub(super) fn check_path(
        &mut self,
        file: usize,
        id: &str,
        programme: Programme,
        span: Range<usize>,
    ) {
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

    pub(super) fn id_list(
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
}

/// True when `path` is `.../<programme folder>/<id>.toml`.
pub(super) fn path_fits(path: &str, id: &str, programme: Programme) -> bool {
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or_default();
    let folder = parts.next().unwrap_or_default();
    name.strip_suffix(".toml") == Some(id) && folder == programme.folder()
}

/// Guidance ids: a programme prefix then a number without leading zeros (`IPG655`).
pub fn parse_id(id: &str) -> Result<(Programme, u16), String> {
    let letters: String = id.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &id[letters.len()..];
    let programme = Programme::ALL.into_iter().find(|p| p.prefix() == letters);
    // Numbers go up to 65535, the range the tables store (`u16`) and `Guidance::from_id` reads.
    let number_ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
        && digits.parse::<u16>().is_ok();
    match programme {
        Some(p) if number_ok => Ok((p, digits.parse().unwrap_or(0))),
        _ => {
            let prefixes = super::super::shared::sorted::map_each(&Programme::ALL, &|p| p.prefix());
            let hint = match canonical_id(id) {
                Some(fixed) => format!("write \"{fixed}\""),
                None => format!(
                    "write a programme ({}) followed by the number (1 to 65535) without leading zeros, such as \"IPG655\"",
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
