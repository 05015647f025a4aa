//! The documentation as docs.rs renders it: every relative link on the pages a reader opens
//! first (the crate page, `Guidance`, a guidance constant, the `ipg` index, `by_code`) leads
//! to a file the docs hold, and every link into a page of the crate names an anchor that page
//! has. No network: absolute links (docs.rs, nice.org.uk) are not followed.
//!
//! `slow_`: runs `cargo doc --no-deps --all-features` into a target folder of its own, which
//! compiles the build dependencies (30 to 90 seconds).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::TempDir;

/// The library's version, from its manifest (these tests are a package of their own).
fn library_version() -> String {
    let manifest: toml::Table =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml"))
            .expect("read Cargo.toml")
            .parse()
            .expect("parse Cargo.toml");
    manifest["package"]["version"]
        .as_str()
        .expect("a version")
        .to_string()
}

/// The pages checked, under `doc/nice_coding/`.
const PAGES: &[&str] = &[
    "index.html",
    "enum.Guidance.html",
    "ipg/constant.IPG655.html",
    "ipg/index.html",
    "by_code/index.html",
];

/// The page without the contents of its `<script>` elements, whose text is code, not links.
fn without_scripts(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</script>")
            .map_or("", |end| &rest[start + end..]);
    }
    out.push_str(rest);
    out
}

/// Every `href="..."` attribute value of an HTML page, entities decoded.
fn hrefs(html: &str) -> Vec<String> {
    without_scripts(html)
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .collect()
}

/// The `id="..."` values of an HTML page.
fn ids(html: &str) -> BTreeSet<String> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

fn is_absolute(href: &str) -> bool {
    href.starts_with("http://")
        || href.starts_with("https://")
        || href.starts_with("mailto:")
        || href.starts_with("javascript:")
        || href.starts_with("data:")
}

/// Resolves `href` against the folder of `page`, without touching the file system.
fn resolve(page: &Path, href: &str) -> PathBuf {
    let mut path = page.parent().expect("a page has a folder").to_path_buf();
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            part => path.push(part),
        }
    }
    path
}

#[test]
fn slow_every_relative_link_of_the_first_pages_resolves() {
    let target = TempDir::new("docs-links");
    let out = Command::new(env!("CARGO"))
        .args(["doc", "--no-deps", "--all-features", "--offline", "--quiet"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env("CARGO_TARGET_DIR", &target.0)
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env("RUSTDOCFLAGS", "-Dwarnings")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("run cargo doc");
    assert!(
        out.status.success(),
        "cargo doc failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = target.0.join("doc");
    let crate_docs = doc.join("nice_coding");
    let mut problems = Vec::new();
    let mut checked = 0;
    for page in PAGES {
        let path = crate_docs.join(page);
        let html =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for href in hrefs(&html) {
            if is_absolute(&href) || href.starts_with('#') || href.is_empty() {
                continue;
            }
            let (file, fragment) = match href.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment)),
                None => (href.as_str(), None),
            };
            let file = file.split('?').next().unwrap_or(file);
            let target_file = resolve(&path, file);
            checked += 1;
            if !target_file.is_file() {
                problems.push(format!(
                    "{page}: {href} -> no file {}",
                    target_file.display()
                ));
                continue;
            }
            // An anchor into a page of the crate must exist (source pages' line anchors are
            // made by script).
            let in_crate_page = target_file.starts_with(&crate_docs)
                && target_file.extension().is_some_and(|e| e == "html");
            if let (Some(fragment), true) = (fragment, in_crate_page) {
                if fragment.is_empty() {
                    continue;
                }
                let text = std::fs::read_to_string(&target_file).expect("read linked page");
                if !ids(&text).contains(fragment) {
                    problems.push(format!("{page}: {href} -> no anchor #{fragment}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    // The pages hold links: the check is not vacuous.
    assert!(checked > 500, "only {checked} relative links found");

    // README's links to the repository's files go to the packaged files on docs.rs, the
    // version's source view.
    let front = std::fs::read_to_string(crate_docs.join("index.html")).expect("crate page");
    let version = library_version();
    for file in [
        "guidance/README.md",
        "BENCHMARKS.md",
        "CHANGELOG.md",
        "LICENSE-APACHE",
        "LICENSE-MIT",
        "guidance/PROVENANCE.md",
    ] {
        let url = format!("https://docs.rs/crate/nice-coding/{version}/source/{file}");
        assert!(
            hrefs(&front).contains(&url),
            "the crate page has no link to {url}"
        );
    }
    // A variant's heading is its name, not its catalogue position.
    let guidance = std::fs::read_to_string(crate_docs.join("enum.Guidance.html")).expect("page");
    assert!(
        guidance.contains("id=\"variant.Ipg655\""),
        "no Ipg655 variant"
    );
    assert!(
        !guidance.contains("Ipg655 = "),
        "a variant heading shows its discriminant"
    );
    the_type_page_is_its_methods_and_one_line_per_guidance(&guidance);
    // The guidance's page is its constant's: the facts table and the recommendation.
    let ipg655 = std::fs::read_to_string(crate_docs.join("ipg/constant.IPG655.html"))
        .expect("the constant's page");
    for shown in [
        "<th>Status</th><th>Recommendation</th><th>OPCS-4 version</th>",
        "<strong>Procedure: OPCS-4 codes</strong>",
        "<code>K57.8</code> Other specified other therapeutic transluminal operations on heart",
        "<code>I50.9</code> Heart failure, unspecified",
    ] {
        assert!(ipg655.contains(shown), "IPG655's page lacks {shown}");
    }
}

/// `Guidance`'s page opens with its methods and lists the guidance one line each: the pages
/// of the guidance are on their constants, so the page stays small as the catalogue grows.
fn the_type_page_is_its_methods_and_one_line_per_guidance(html: &str) {
    let main = &html[html.find("id=\"main-content\"").expect("the main content")..];
    let first_method = main.find("#method.procedure").expect("a link to a method");
    let first_variant = main.find("id=\"variant.").expect("the variants");
    assert!(
        first_method < first_variant,
        "the type's description, with its methods, comes before the catalogue"
    );
    let variants: Vec<&str> = main.split("<section id=\"variant.").skip(1).collect();
    assert_eq!(variants.len(), nice_coding::Guidance::COUNT);
    for variant in &variants {
        let doc = variant
            .split("<div class=\"docblock\">")
            .nth(1)
            .and_then(|d| d.split("</div>").next())
            .expect("a variant's documentation");
        assert_eq!(doc.matches("<p>").count(), 1, "more than a line: {doc}");
        assert!(!doc.contains("<ul>") && !doc.contains("<table>"), "{doc}");
    }
    for page_text in ["Coded from", "Procedure: OPCS-4 codes", "<table>"] {
        assert!(
            !main[first_variant..].contains(page_text),
            "a guidance's page ({page_text}) is on the type's page"
        );
    }
    // 158 KB for 142 guidance (317 KB with every page on its variant).
    let bound = 100_000 + 600 * nice_coding::Guidance::COUNT;
    assert!(
        html.len() < bound,
        "enum.Guidance.html is {} bytes, over {bound}",
        html.len()
    );
}
