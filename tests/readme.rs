//! README.md states figures about the catalogue (how many guidance, which ids, how many are
//! incomplete, what a lookup finds): each is checked here against the library, so README
//! cannot drift from the code. The examples in README's code blocks are doc tests (src/lib.rs
//! includes README), so their assertions run too; this test checks the prose and the
//! comments, and that the sections hold no number it does not check.
//!
//! It also checks the line anchors src/lib.rs gives README's links into sections of
//! guidance/README.md on docs.rs (whose source view anchors lines, not headings).

#[path = "../build/emit/front_page.rs"]
mod front_page;
use nice_coding::{Code, Guidance, NamedBy, Programme, icd10, ipg, opcs4};
use std::collections::BTreeSet;
use std::path::Path;

fn read(file: &str) -> String {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of README's section `heading` (`## heading` to the next `## `), its prose and the
/// comments of its code blocks (the other lines of code are doc tests), with every run of white
/// space one space, so a sentence reads the same however it is wrapped.
fn section(readme: &str, heading: &str) -> String {
    let start = readme
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("README has no section {heading:?}"));
    let body = &readme[start + heading.len() + 5..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    let mut text = Vec::new();
    let mut in_code = false;
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_code = !in_code;
        } else if !in_code {
            text.push(trimmed);
        } else if let Some(comment) = trimmed.strip_prefix("//") {
            text.push(comment.trim());
        }
    }
    text.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The numbers a text states: runs of digits standing alone, not part of a code (`K57.8`,
/// `IPG655`), a version (`4.6`) or an expression, and not a year (the sources' dates).
fn numbers(text: &str) -> BTreeSet<u64> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_'))
        .map(|token| token.trim_end_matches('.'))
        .filter(|token| !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|token| token.parse().ok())
        .filter(|n| !(1990..=2100).contains(n))
        .collect()
}

fn assert_states(text: &str, claim: &str) {
    assert!(
        text.contains(claim),
        "README does not say {claim:?}; it says:\n{text}"
    );
}

fn assert_only_checked(text: &str, heading: &str, checked: &[u64]) {
    let stated = numbers(text);
    let checked: BTreeSet<u64> = checked.iter().copied().collect();
    let unchecked: Vec<u64> = stated.difference(&checked).copied().collect();
    assert!(
        unchecked.is_empty(),
        "README's section {heading:?} states {unchecked:?}, which tests/readme.rs does not check"
    );
}

#[test]
fn the_catalogue_figures_are_the_librarys() {
    let readme = read("README.md");
    let text = section(&readme, "The catalogue");
    let count = Guidance::COUNT;
    assert_eq!(Programme::Ipg.guidance().count(), count, "all IPG");
    let first = Guidance::ALL[0].id();
    let last = Guidance::ALL[count - 1].id();
    assert_states(
        &text,
        &format!("{count} guidance, all interventional procedures guidance ({first} to {last})"),
    );
    let incomplete = Guidance::ALL.iter().filter(|g| !g.is_complete()).count();
    assert_states(
        &text,
        &format!("{incomplete} texts were cut short at the source and are marked incomplete"),
    );
    assert_only_checked(&text, "The catalogue", &[count as u64, incomplete as u64]);
}

#[test]
fn the_models_examples_are_the_librarys() {
    let readme = read("README.md");
    let text = section(&readme, "The model");
    // IPG655 is the guidance the section names, with its constant.
    assert_eq!(ipg::IPG655.id(), "IPG655");
    assert_states(&text, "(`Guidance::Ipg655`, or the constant `ipg::IPG655`)");
    // IPG377, off-pump bypass, is ruled out by Y73.1 Cardiopulmonary bypass.
    assert!(ipg::IPG377.title().to_lowercase().contains("off-pump"));
    let ruled_out: Vec<(Code, Option<&str>)> = ipg::IPG377
        .ruled_out_by()
        .map(|r| (r.code().expect("a code rule"), r.title()))
        .collect();
    assert_eq!(
        ruled_out,
        [(Code::Opcs4(opcs4!("Y73.1")), Some("Cardiopulmonary bypass"))]
    );
    assert_states(
        &text,
        "(`Guidance::ruled_out_by`: IPG377, off-pump bypass, is ruled out by `Y73.1` Cardiopulmonary bypass)",
    );
    assert_only_checked(&text, "The model", &[]);
}

/// How many rules name `code` in the way `by`, and of how many guidance.
fn named(code: impl Into<Code>, by: NamedBy) -> (usize, usize) {
    let code = code.into();
    let rules: Vec<Guidance> = Guidance::naming(code)
        .filter(|n| n.by == by)
        .map(|n| n.guidance)
        .collect();
    let guidance: BTreeSet<Guidance> = rules.iter().copied().collect();
    (rules.len(), guidance.len())
}

#[test]
fn the_lookup_examples_are_the_librarys() {
    let readme = read("README.md");
    let heading = "Which guidance would accept this code?";
    let text = section(&readme, heading);
    let (exact, exact_guidance) = named(opcs4!("Y53.4"), NamedBy::Code);
    let (category, category_guidance) = named(opcs4!("Y53.4"), NamedBy::Category);
    assert_states(
        &text,
        &format!(
            "{exact} rules (of {exact_guidance} guidance) write Y53.4; {category} more (of \
             {category_guidance}) name its category Y53.-"
        ),
    );
    // I48.0: every guidance matching accepts it for, each through its I48.X.
    let found: Vec<String> = Guidance::naming(icd10!("I48.0"))
        .map(|n| {
            assert_eq!(n.by, NamedBy::XFilled);
            format!("{} {}", n.guidance, n.rule.code().expect("a code").bare())
        })
        .collect();
    assert!(found.len() >= 2, "{found:?}");
    assert_states(&text, &found.join(", "));
    assert_only_checked(
        &text,
        heading,
        &[
            exact as u64,
            exact_guidance as u64,
            category as u64,
            category_guidance as u64,
        ],
    );
}

#[test]
fn the_matching_examples_are_the_librarys() {
    let readme = read("README.md");
    let heading = "Matching coded episodes";
    let text = section(&readme, heading);
    // IPG168: Z33.6 only if K57.4 (or K62.3) is chosen, so not after K62.1.
    let z33_6 = ipg::IPG168
        .procedure()
        .descendants()
        .find(|r| r.code() == Some(Code::Opcs4(opcs4!("Z33.6"))))
        .expect("IPG168 names Z33.6");
    let only_if: Vec<Code> = z33_6.only_if().collect();
    assert!(
        only_if.contains(&Code::Opcs4(opcs4!("K57.4"))),
        "{only_if:?}"
    );
    assert!(
        !only_if.contains(&Code::Opcs4(opcs4!("K62.1"))),
        "{only_if:?}"
    );
    assert!(
        ipg::IPG168
            .procedure()
            .descendants()
            .any(|r| r.code() == Some(Code::Opcs4(opcs4!("K62.1"))))
    );
    assert_states(&text, "(IPG168: `Z33.6` after `K57.4`, not after `K62.1`)");
    // IPG205: R01.8 is coded instead of R02.8.
    let r01_8 = ipg::IPG205
        .procedure()
        .descendants()
        .find(|r| r.code() == Some(Code::Opcs4(opcs4!("R01.8"))))
        .expect("IPG205 names R01.8");
    assert_eq!(
        r01_8.instead_of().collect::<Vec<_>>(),
        [Code::Opcs4(opcs4!("R02.8"))]
    );
    assert_states(
        &text,
        "(IPG205 with both `R01.8` and `R02.8` is the therapeutic option)",
    );
    assert_only_checked(&text, heading, &[]);
}

/// README's links into sections of guidance/README.md reach the line of each section's
/// heading on docs.rs (whose source view anchors lines): the build script writes them with
/// `build/emit/front_page.rs`, run here on the same files. Every label resolves, and each line
/// it names is the heading README.md's own link names.
#[test]
fn links_into_guidance_readme_name_the_lines_of_their_headings() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let guide =
        std::fs::read_to_string(format!("{root}/guidance/README.md")).expect("guidance/README.md");
    let (links, unresolved) = front_page::guide_links(&readme, &guide, "1.2.3");
    assert!(unresolved.is_empty(), "{unresolved:?}");
    let mut checked = 0;
    for link in links.lines() {
        let (label, target) = link[1..].split_once("]: ").expect("a definition");
        let (file, line) = target.split_once("#L").expect("a line anchor");
        assert_eq!(
            file,
            "https://docs.rs/crate/nice-coding/1.2.3/source/guidance/README.md"
        );
        let line: usize = line.parse().expect("a line number");
        let heading = guide.lines().nth(line - 1).expect("the line exists");
        let own = format!("[{label}]: guidance/README.md#");
        let anchor = readme
            .lines()
            .find_map(|l| l.strip_prefix(&own))
            .expect("README.md defines the label");
        assert_eq!(
            front_page::heading_anchor(heading).as_deref(),
            Some(anchor),
            "{label} names line {line}: {heading:?}"
        );
        checked += 1;
    }
    let defined = readme
        .lines()
        .filter(|l| l.starts_with('[') && l.contains("]: guidance/README.md#"))
        .count();
    assert!(
        defined >= 3,
        "README.md's links into guidance/README.md sections"
    );
    assert_eq!(checked, defined);
    assert_eq!(
        front_page::heading_anchor("## Encoding a new text, step by step").as_deref(),
        Some("encoding-a-new-text-step-by-step")
    );
    assert_eq!(front_page::heading_anchor("plain text"), None);
}
