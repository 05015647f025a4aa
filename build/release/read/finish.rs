//! From rows to a [`Release`]: every code checked, the classification decided from the format
//! and the codes, the entries sorted and duplicates refused.

use super::*;

impl Reader<'_> {
    /// Checks every code, decides the classification, sorts and rejects duplicates.
    pub(super) fn finish(
        &self,
        format: ReleaseFormat,
        rows: Vec<Row>,
        expected: Option<Classification>,
    ) -> Result<Release, ReleaseError> {
        let Some(first) = rows.first() else {
            return Err(self.error(None, "the file holds no codes."));
        };
        let first_at = Some((first.line, first.column));
        // The classification is decided before any code is judged, so a release of the other
        // classification is named as such rather than stopped at its first unusual code.
        let read: Vec<Option<CodeText>> = rows
            .iter()
            .map(|row| read_code(&row.code, row.undivided))
            .collect();
        let evidence = rows
            .iter()
            .zip(&read)
            .find_map(|(row, code)| code.as_ref()?.icd10_only.map(|why| (row, why)));
        let by_format = match format {
            ReleaseFormat::Opcs4Text | ReleaseFormat::Opcs4Xml => Some(Classification::Opcs4),
            ReleaseFormat::Icd10Xml | ReleaseFormat::Icd10Text => Some(Classification::Icd10),
            ReleaseFormat::CodesAndTitles => evidence.map(|_| Classification::Icd10),
        };
        let classification = match (by_format, expected) {
            (Some(found), Some(wanted)) if found != wanted => {
                let (at, why) = match (format, evidence) {
                    (ReleaseFormat::CodesAndTitles, Some((row, why))) => (
                        Some((row.line, row.column)),
                        format!(" (it has {}, and {why})", row.code.trim()),
                    ),
                    _ => (first_at, format!(" ({})", format.describe())),
                };
                return Err(self.error(
                    at,
                    format!("this is an {found} release{why}, but an {wanted} release was expected; give it as the {found} release instead."),
                ));
            }
            (Some(found), _) => found,
            (None, Some(wanted)) => wanted,
            (None, None) => {
                return Err(self.error(
                    first_at,
                    "the file does not show whether it holds OPCS-4 or ICD-10 codes (it has no code of ICD-10's chapter I, no five-character code and no X filler); say which classification it is.",
                ));
            }
        };
        if classification == Classification::Opcs4 {
            if let Some((row, why)) = evidence {
                return Err(self.error(
                    Some((row.line, row.column)),
                    format!("\"{}\" is not an OPCS-4 code ({why}); this file holds ICD-10 codes, so it is not an OPCS-4 release.", row.code.trim()),
                ));
            }
        }
        let mut codes = Vec::with_capacity(rows.len());
        let mut style: Option<(bool, usize, &str)> = None;
        for (row, code) in rows.iter().zip(read) {
            let at = Some((row.line, row.column));
            let Some(code) = code else {
                return Err(self.error(
                    at,
                    format!("\"{}\" is not an OPCS-4 or ICD-10 code; the line is damaged, or this is not a codes-and-titles file.", row.code.trim()),
                ));
            };
            if let Some(dotted) = code.dotted {
                match style {
                    None => style = Some((dotted, row.line, &row.code)),
                    Some((first_dotted, first_line, first_code)) if first_dotted != dotted => {
                        return Err(self.error(
                            at,
                            format!(
                                "\"{}\" is {} but the file's first code (\"{}\", line {first_line}) is {}; a release writes every code the same way.",
                                row.code.trim(),
                                if dotted { "dotted" } else { "not dotted" },
                                first_code.trim(),
                                if first_dotted { "dotted" } else { "not dotted" },
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
            codes.push(code);
        }
        let mut entries: Vec<ReleaseEntry> = rows
            .into_iter()
            .zip(codes)
            .map(|(row, code)| ReleaseEntry {
                code: code.canonical,
                retired: is_retired_title(&row.title),
                title: row.title,
                other_titles: row.other_titles,
                usage: row.usage,
                line: row.line,
            })
            .collect();
        entries.sort_by(|a, b| (&a.code, a.line).cmp(&(&b.code, b.line)));
        let duplicate = entries
            .windows(2)
            .filter(|pair| pair[0].code == pair[1].code)
            .min_by_key(|pair| pair[1].line);
        if let Some(pair) = duplicate {
            return Err(self.error(
                Some((pair[1].line, 1)),
                format!(
                    "code {} appears twice, here and on line {}; a release lists each code once, so the file is damaged.",
                    pair[1].code, pair[0].line
                ),
            ));
        }
        Ok(Release {
            classification,
            format,
            path: self.path.to_path_buf(),
            entries,
        })
    }
}
