//! The versions of OPCS-4 and ICD-10, the dates they came into force, and which version a
//! guidance was written for (its stated version, its `published` date, or the day its text was
//! written before, by `written_before` or the names of `written_while`); see the module docs of
//! `check/` for the policy.

use super::super::super::check::names::{Names, bound};
use super::super::super::read::model::RawGuidance;
use super::super::read::Classification;
use super::GivenRelease;
use std::ops::Range;
use toml::Spanned;

/// OPCS-4 minor versions and the month each came into force.
const OPCS4_IN_FORCE: [(u16, &str); 10] = [
    (2, "0000-00"),
    (3, "2006-04"),
    (4, "2007-04"),
    (5, "2009-04"),
    (6, "2011-04"),
    (7, "2014-04"),
    (8, "2017-04"),
    (9, "2020-04"),
    (10, "2023-04"),
    (11, "2026-04"),
];

/// ICD-10 versions used by the NHS (order, name) and the month each came into force. The
/// order of a stated edition `N` is `10 * N`.
const ICD10_IN_FORCE: [(u16, &str, &str); 4] = [
    (10, "ICD-10 (1995)", "0000-00"),
    (
        15,
        "ICD-10 reprinted with updates and corrections (2000)",
        "2004-04",
    ),
    (40, "ICD-10 4th Edition", "2012-04"),
    (50, "ICD-10 5th Edition", "2016-04"),
];

/// A version of a classification (`OPCS-4.10`, `ICD-10 5th Edition`), ordered within it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The classification it is a version of.
    pub classification: Classification,
    order: u16,
    name: String,
}

impl Version {
    /// An OPCS-4 version as guidance files and `NICE_CODING_OPCS4_VERSION` write it: `4.10`
    /// (`OPCS-4.10` is read too).
    pub fn opcs4(text: &str) -> Result<Version, String> {
        let t = text.trim();
        let minor = t
            .strip_prefix("OPCS-")
            .unwrap_or(t)
            .strip_prefix("4.")
            .filter(|n| !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<u16>().ok());
        match minor {
            Some(minor) => Ok(Version::opcs4_minor(minor)),
            None => Err(format!("\"{text}\" is not an OPCS-4 version like \"4.10\"")),
        }
    }

    fn opcs4_minor(minor: u16) -> Version {
        Version {
            classification: Classification::Opcs4,
            order: minor,
            name: format!("OPCS-4.{minor}"),
        }
    }

    /// An ICD-10 edition as guidance files and `NICE_CODING_ICD10_EDITION` write it: `5`.
    pub fn icd10(text: &str) -> Result<Version, String> {
        let t = text.trim();
        match t.parse::<u16>() {
            Ok(n) if t.len() == 1 && n >= 1 => {
                let suffix = match n {
                    1 => "st",
                    2 => "nd",
                    3 => "rd",
                    _ => "th",
                };
                Ok(Version {
                    classification: Classification::Icd10,
                    order: 10 * n,
                    name: format!("ICD-10 {n}{suffix} Edition"),
                })
            }
            _ => Err(format!(
                "\"{text}\" is not an ICD-10 edition number like \"5\""
            )),
        }
    }

    /// The version in force on `date` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a date without a
    /// month counts as 1 January). `None` for text that is not such a date.
    pub fn in_force(classification: Classification, date: &str) -> Option<Version> {
        let b = date.as_bytes();
        let digits = |r: Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let month = match b.len() {
            4 if digits(0..4) => format!("{date}-01"),
            7 | 10 if digits(0..4) && b[4] == b'-' && digits(5..7) => date[..7].to_string(),
            _ => return None,
        };
        match classification {
            Classification::Opcs4 => OPCS4_IN_FORCE
                .iter()
                .rev()
                .find(|(_, since)| *since <= month.as_str())
                .map(|&(minor, _)| Version::opcs4_minor(minor)),
            Classification::Icd10 => ICD10_IN_FORCE
                .iter()
                .rev()
                .find(|(_, _, since)| *since <= month.as_str())
                .map(|&(order, name, _)| Version {
                    classification,
                    order,
                    name: name.to_string(),
                }),
        }
    }

    /// The version in force on the last day before `bound` (`YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`): for `2013-04-01` the one in force on 31 March 2013; for a year or a month
    /// alone, the one in force on the day before its first day (`2016` gives the version of
    /// 31 December 2015, `2016-04` that of 31 March 2016). A text written before `bound` was
    /// written for this version or an older one. `None` for text that is not such a date.
    pub fn in_force_before(classification: Classification, bound: &str) -> Option<Version> {
        let b = bound.as_bytes();
        let digits = |r: Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let number = |r: Range<usize>| bound[r].parse::<u16>().ok();
        let (year, month, day) = match b.len() {
            4 if digits(0..4) => (number(0..4)?, 1, 1),
            7 if digits(0..4) && b[4] == b'-' && digits(5..7) => (number(0..4)?, number(5..7)?, 1),
            10 if digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10) => {
                (number(0..4)?, number(5..7)?, number(8..10)?)
            }
            _ => return None,
        };
        // Versions change on the first of a month, so only the month of the day before
        // matters: the bound's own month, unless the bound is a 1st (or has no day).
        let (year, month) = match (day, month) {
            (2.., _) => (year, month),
            (_, 2..) => (year, month - 1),
            _ => (year.checked_sub(1)?, 12),
        };
        Version::in_force(classification, &format!("{year:04}-{month:02}"))
    }

    /// The name used in messages: `OPCS-4.10`, `ICD-10 5th Edition`.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The version a guidance was written for, and how that is known.
pub(super) enum Written {
    /// The file states it (`opcs4_version = "4.6"`).
    Stated(Version),
    /// In force on the file's `published` date.
    Published(Version, String),
    /// Written before a day (as written in `written_before`, or the end of a name of
    /// `written_while`, which is then given), so for the version in force on the day before it
    /// (this one) or an older one.
    Before(Version, String, Option<String>),
    /// The file states neither a version nor a date.
    Unknown,
}

/// The version `raw` was written for in `classification`, given the version it states there
/// (`stated`: its `opcs4_version` or `icd10_edition`) and the names of `guidance/names.toml`.
pub(super) fn written_for(
    classification: Classification,
    stated: &Option<Spanned<String>>,
    raw: &RawGuidance,
    names: &Names,
) -> Written {
    let stated = stated.as_ref().and_then(|s| match classification {
        Classification::Opcs4 => Version::opcs4(s.get_ref()).ok(),
        Classification::Icd10 => Version::icd10(s.get_ref()).ok(),
    });
    if let Some(v) = stated {
        return Written::Stated(v);
    }
    let dated = |date: &Option<Spanned<String>>,
                 in_force: fn(Classification, &str) -> Option<Version>| {
        date.as_ref()
            .and_then(|d| in_force(classification, d.get_ref()).map(|v| (v, d.get_ref().clone())))
    };
    if let Some((v, date)) = dated(&raw.published, Version::in_force) {
        return Written::Published(v, date);
    }
    let before = bound(raw, names).and_then(|b| {
        Version::in_force_before(classification, &b.shown)
            .map(|v| Written::Before(v, b.shown, b.name))
    });
    before.unwrap_or(Written::Unknown)
}

impl Written {
    /// The version the guidance was written for, when it is known exactly.
    pub(super) fn version(&self) -> Option<&Version> {
        match self {
            Written::Stated(v) | Written::Published(v, _) => Some(v),
            Written::Before(..) | Written::Unknown => None,
        }
    }

    /// How the version is known: `its opcs4_version`, `in force when it was published, 2012`,
    /// `written before 2013-04-01`.
    pub(super) fn basis(&self) -> String {
        match self {
            Written::Stated(v) => match v.classification {
                Classification::Opcs4 => "its opcs4_version".to_string(),
                Classification::Icd10 => "its icd10_edition".to_string(),
            },
            Written::Published(_, date) => format!("in force when it was published, {date}"),
            Written::Before(_, bound, None) => format!("written before {bound}"),
            Written::Before(_, bound, Some(name)) => {
                format!("written before {bound}, as it names \"{name}\"")
            }
            Written::Unknown => String::new(),
        }
    }

    /// `OPCS-4.6 (its opcs4_version)`; `ICD-10 4th Edition at the latest (written before
    /// 2013-04-01)`; `OPCS-4.6 at the latest (written before 2013-04-01, as it names "NHS
    /// Connecting for Health")`.
    pub(super) fn describe(&self) -> String {
        match self {
            Written::Before(v, ..) => format!("{} at the latest ({})", v.name, self.basis()),
            _ => match self.version() {
                Some(v) => format!("{} ({})", v.name, self.basis()),
                None => String::new(),
            },
        }
    }
}

/// How the guidance's version relates to the release's.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Relation {
    Same,
    GuidanceOlder,
    GuidanceNewer,
    GuidanceUnknown,
    ReleaseUnknown,
}

pub(super) fn relation(written: &Written, given: &GivenRelease) -> Relation {
    match (written.version(), &given.version) {
        (_, None) => Relation::ReleaseUnknown,
        // Written before a date when an older version than the release's was in force: for
        // that version or an older one. A bound no older than the release tells nothing.
        (None, Some(r)) => match written {
            Written::Before(bound, ..) if bound.order < r.order => Relation::GuidanceOlder,
            _ => Relation::GuidanceUnknown,
        },
        (Some(g), Some(r)) if g.order < r.order => Relation::GuidanceOlder,
        (Some(g), Some(r)) if g.order > r.order => Relation::GuidanceNewer,
        _ => Relation::Same,
    }
}
