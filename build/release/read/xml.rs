//! The XML formats: OPCS-4 "CodesAndTitles" (`<code>` elements) and ICD-10
//! "CodesAndTitlesAndMetadata" (`<CLASS>` elements), read into rows.

use super::titles::{icd10_title, other_icd10_titles, parse_usage, undivided, unknown_usage};
use super::{Reader, ReleaseError, ReleaseFormat, Row};

impl Reader<'_> {
    pub(super) fn xml(&self) -> Result<(ReleaseFormat, Vec<Row>), ReleaseError> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        let doc = roxmltree::Document::parse_with_options(self.text, options)
            .map_err(|e| self.xml_error(&e))?;
        let root = doc.root_element();
        let mut codes = Vec::new();
        let mut classes = Vec::new();
        let mut other = None;
        for node in root.descendants().skip(1).filter(|n| n.is_element()) {
            match node.tag_name().name() {
                "code" => codes.push(node),
                "CLASS" => classes.push(node),
                _ => other = other.or(Some(node)),
            }
        }
        let root_name = root.tag_name().name();
        match (codes.first(), classes.first()) {
            (None, None) => {
                let (at, found) = match other {
                    Some(n) => (
                        n.range().start,
                        format!("<{}> elements", n.tag_name().name()),
                    ),
                    None => (root.range().start, "no elements".to_string()),
                };
                Err(self.error(
                    Some(self.position(at)),
                    format!(
                        "unknown XML layout: the root <{root_name}> holds {found}, not the <code CODE=\"...\" TITLE=\"...\"/> elements of an OPCS-4 release or the <CLASS CODE=\"...\" DESCRIPTION=\"...\"/> elements of an ICD-10 release; give the release's codes-and-titles file."
                    ),
                ))
            }
            (Some(code), Some(class)) => {
                let later = code.range().start.max(class.range().start);
                Err(self.error(
                    Some(self.position(later)),
                    "the file mixes <code> elements (OPCS-4) and <CLASS> elements (ICD-10); a release holds one classification.",
                ))
            }
            (Some(_), None) => {
                let rows = codes
                    .iter()
                    .map(|&node| {
                        Ok(Row {
                            code: self.attribute(node, "CODE", "code")?,
                            undivided: false,
                            title: self.attribute(node, "TITLE", "code")?,
                            other_titles: Vec::new(),
                            usage: None,
                            line: self.position(node.range().start).0,
                            column: self.value_column(node, "CODE"),
                        })
                    })
                    .collect::<Result<_, _>>()?;
                Ok((ReleaseFormat::Opcs4Xml, rows))
            }
            (None, Some(_)) => {
                let rows = classes
                    .iter()
                    .map(|&node| {
                        let code = self.attribute(node, "CODE", "CLASS")?;
                        let description = self.attribute(node, "DESCRIPTION", "CLASS")?;
                        let optional = |name| node.attribute(name).unwrap_or_default();
                        let usage = match node.attribute_node("USAGE") {
                            None => None,
                            Some(a) => Some(parse_usage(a.value()).ok_or_else(|| {
                                self.error(
                                    Some(self.position(a.range_value().start)),
                                    unknown_usage(a.value()),
                                )
                            })?),
                        };
                        Ok(Row {
                            undivided: undivided(&code, optional("ALT_CODE")),
                            code,
                            title: icd10_title(
                                &description,
                                optional("MODIFIER_4"),
                                optional("MODIFIER_5"),
                            ),
                            other_titles: other_icd10_titles(
                                &description,
                                optional("MODIFIER_4"),
                                optional("MODIFIER_5"),
                                optional("TREE_DESCRIPTION"),
                            ),
                            usage,
                            line: self.position(node.range().start).0,
                            column: self.value_column(node, "CODE"),
                        })
                    })
                    .collect::<Result<_, _>>()?;
                Ok((ReleaseFormat::Icd10Xml, rows))
            }
        }
    }

    /// A required, non-blank attribute of a record element.
    fn attribute(
        &self,
        node: roxmltree::Node<'_, '_>,
        name: &str,
        element: &str,
    ) -> Result<String, ReleaseError> {
        match node.attribute_node(name) {
            Some(a) if !a.value().trim().is_empty() => Ok(a.value().trim().to_string()),
            Some(a) => Err(self.error(
                Some(self.position(a.range_value().start)),
                format!("the {name} attribute of this <{element}> element is empty; the release is damaged, download it again."),
            )),
            None => Err(self.error(
                Some(self.position(node.range().start)),
                format!("this <{element}> element has no {name} attribute; {}", layout_hint(element)),
            )),
        }
    }

    fn value_column(&self, node: roxmltree::Node<'_, '_>, name: &str) -> usize {
        let at = node
            .attribute_node(name)
            .map_or(node.range().start, |a| a.range_value().start);
        self.position(at).1
    }

    fn xml_error(&self, e: &roxmltree::Error) -> ReleaseError {
        match e {
            roxmltree::Error::UnclosedRootNode | roxmltree::Error::UnexpectedEndOfStream => self
                .error(
                    Some(self.end()),
                    "the XML ends before its root element is closed, so the file is cut short; download the release again.",
                ),
            roxmltree::Error::NoRootNode => self.error(
                Some((1, 1)),
                "the file has no XML root element; give the release's codes-and-titles file.",
            ),
            _ => {
                let pos = e.pos();
                let what = e.to_string().replace(&format!(" at {pos}"), "");
                self.error(
                    Some((pos.row as usize, pos.col as usize)),
                    format!("the XML is malformed ({what}); download the release again, or check that the file was not edited."),
                )
            }
        }
    }
}

fn layout_hint(element: &str) -> &'static str {
    if element == "code" {
        "an OPCS-4 release element reads <code CODE=\"A01.1\" TITLE=\"...\"/>."
    } else {
        "an ICD-10 release element reads <CLASS CODE=\"I50.9\" ... DESCRIPTION=\"...\"/>."
    }
}
