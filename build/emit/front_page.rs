//! The link definitions the crate's front page needs on docs.rs.
//!
//! README.md links into sections of guidance/README.md (`[guidance-release]:
//! guidance/README.md#checking-against-a-release`), which is right on the repository's page.
//! On docs.rs the file is shown by the source view, whose anchors are line numbers (`#L447`),
//! not headings. So for every such definition in README.md this module finds the line of the
//! heading the anchor names and writes a definition of the same label to that line; `src/lib.rs`
//! includes them before the README, and the first definition of a label wins. Computed from
//! the files at every build, the lines cannot go stale as guidance/README.md grows.

/// The definitions for `readme` (README.md's text) into `guide` (guidance/README.md's text),
/// each on its own line, for the crate of `version`; a label whose anchor names no heading of
/// `guide` is linked to the file's top, and named in the second list.
pub fn guide_links(readme: &str, guide: &str, version: &str) -> (String, Vec<String>) {
    const TARGET: &str = "guidance/README.md#";
    let mut out = String::new();
    let mut unresolved = Vec::new();
    for line in readme.lines() {
        let Some((label, target)) = line
            .strip_prefix('[')
            .and_then(|rest| rest.split_once("]: "))
        else {
            continue;
        };
        let Some(anchor) = target.trim().strip_prefix(TARGET) else {
            continue;
        };
        let at = guide
            .lines()
            .position(|heading| heading_anchor(heading).as_deref() == Some(anchor));
        out.push_str(&format!(
            "[{label}]: https://docs.rs/crate/nice-coding/{version}/source/guidance/README.md"
        ));
        match at {
            Some(index) => out.push_str(&format!("#L{}\n", index + 1)),
            None => {
                out.push('\n');
                unresolved.push(format!("{label} ({TARGET}{anchor})"));
            }
        }
    }
    (out, unresolved)
}

/// The anchor GitHub gives a Markdown heading (`## Checking against a release` is
/// `checking-against-a-release`), or `None` for a line that is not a heading.
pub fn heading_anchor(line: &str) -> Option<String> {
    let title = line.strip_prefix('#')?.trim_start_matches('#');
    let title = title.strip_prefix(' ')?;
    let mut anchor = String::new();
    for c in title.trim().chars() {
        if c == ' ' || c == '-' {
            anchor.push('-');
        } else if c.is_alphanumeric() || c == '_' {
            anchor.extend(c.to_lowercase());
        }
    }
    Some(anchor)
}
