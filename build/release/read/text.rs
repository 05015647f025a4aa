//! The text formats: the OPCS-4 "CodesAndTitles" text (undotted), the ICD-10 table as
//! tab-separated text, and a plain `code<TAB>title` list, read into rows.

use super::titles::{icd10_title, other_icd10_titles, parse_usage, undivided, unknown_usage};
use super::{Reader, ReleaseError, ReleaseFormat, Row, read_code};

impl Reader<'_> {
    /// Non-blank lines with their 1-based numbers, without `\r`.
    fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text
            .split('\n')
            .enumerate()
            .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
            .filter(|(_, l)| !l.trim().is_empty())
    }

    pub(super) fn text(&self) -> Result<(ReleaseFormat, Vec<Row>), ReleaseError> {
        let mut lines = self.lines().peekable();
        let header = lines
            .peek()
            .filter(|(_, l)| l.split('\t').next().map(str::trim) == Some("CODE"));
        if let Some(&(header_line, header)) = header {
            lines.next();
            return self.icd10_text(header_line, header, lines);
        }
        let mut rows = Vec::new();
        for (line, text) in lines {
            let fields: Vec<&str> = text.split('\t').collect();
            let (code, title) = match fields[..] {
                [code, title] => (code, title),
                [_] => {
                    let hint = if text.trim().contains(' ') {
                        " (the code and the title are separated by spaces here)"
                    } else {
                        ""
                    };
                    return Err(self.error(
                        Some((line, 1)),
                        format!("the line has no tab{hint}; each line of a code and title file is a code, a tab, then the title."),
                    ));
                }
                _ => {
                    let third = fields[0].chars().count() + fields[1].chars().count() + 3;
                    return Err(self.error(
                        Some((line, third)),
                        format!("the line has {} tab-separated fields where a code and title file has 2 (the code, then the title); this is not a codes-and-titles file, or the line is damaged.", fields.len()),
                    ));
                }
            };
            if code.trim().is_empty() {
                return Err(self.error(
                    Some((line, 1)),
                    "the line starts with a tab: its code is missing.",
                ));
            }
            if title.trim().is_empty() {
                return Err(self.error(
                    Some((line, code.chars().count() + 2)),
                    "the line has no title after its code.",
                ));
            }
            rows.push(Row {
                code: code.to_string(),
                undivided: false,
                title: title.trim().to_string(),
                other_titles: Vec::new(),
                usage: None,
                line,
                column: 1,
            });
        }
        // Only whole-file white space has no lines, and that was reported as empty.
        let dotted = rows
            .iter()
            .find_map(|r| read_code(&r.code, false).and_then(|c| c.dotted));
        let format = if dotted == Some(true) {
            ReleaseFormat::CodesAndTitles
        } else {
            ReleaseFormat::Opcs4Text
        };
        Ok((format, rows))
    }

    fn icd10_text<'l>(
        &self,
        header_line: usize,
        header: &str,
        lines: impl Iterator<Item = (usize, &'l str)>,
    ) -> Result<(ReleaseFormat, Vec<Row>), ReleaseError> {
        let columns: Vec<&str> = header.split('\t').map(str::trim).collect();
        let column = |name: &str| columns.iter().position(|c| *c == name);
        let Some(description) = column("DESCRIPTION") else {
            return Err(self.error(
                Some((header_line, 1)),
                "the header line has a CODE column but no DESCRIPTION column; give the release's CodesAndTitlesAndMetadata file.",
            ));
        };
        let (alt, usage, modifier_4, modifier_5, tree) = (
            column("ALT_CODE"),
            column("USAGE"),
            column("MODIFIER_4"),
            column("MODIFIER_5"),
            column("TREE_DESCRIPTION"),
        );
        let mut rows = Vec::new();
        for (line, text) in lines {
            let fields: Vec<&str> = text.split('\t').collect();
            if fields.len() > columns.len() {
                return Err(self.error(
                    Some((line, 1)),
                    format!(
                        "the line has {} tab-separated fields but the header (line {header_line}) names {} columns; the line is damaged.",
                        fields.len(),
                        columns.len()
                    ),
                ));
            }
            let field = |i: Option<usize>| i.and_then(|i| fields.get(i)).map_or("", |f| f.trim());
            let code = field(Some(0));
            if code.is_empty() {
                return Err(self.error(Some((line, 1)), "the line has no CODE."));
            }
            if field(Some(description)).is_empty() {
                return Err(self.error(
                    Some((line, 1)),
                    format!("the line has no DESCRIPTION for {code}."),
                ));
            }
            let usage = match field(usage) {
                "" => None,
                value => Some(
                    parse_usage(value)
                        .ok_or_else(|| self.error(Some((line, 1)), unknown_usage(value)))?,
                ),
            };
            rows.push(Row {
                code: code.to_string(),
                undivided: undivided(code, field(alt)),
                title: icd10_title(
                    field(Some(description)),
                    field(modifier_4),
                    field(modifier_5),
                ),
                other_titles: other_icd10_titles(
                    field(Some(description)),
                    field(modifier_4),
                    field(modifier_5),
                    field(tree),
                ),
                usage,
                line,
                column: 1,
            });
        }
        if rows.is_empty() {
            return Err(self.error(
                Some((header_line, 1)),
                "the file has a header line but no codes; the release is cut short, download it again.",
            ));
        }
        Ok((ReleaseFormat::Icd10Text, rows))
    }
}
