//! `nice-coding export opencodelists` and three-character codes: a category (`K40.-`, written
//! `K40`) and an undivided ICD-10 code (`I48.X`, written `I48`) in a list never equal a HES
//! 4-character field (`K401`, `I48X`). With a release they are the release's codes under the
//! category, in the `-main` lists as in the full ones; without, standard error says how many
//! lists hold them and that a join on the first three characters is needed.

use std::collections::BTreeMap;
use std::path::Path;

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "common/tool.rs"]
mod tool;
use common::TempDir;
use tool::run_in;

fn releases() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/releases")
}

/// Every list of `dir`, by file name: its rows (code, term, role).
fn lists(dir: &Path) -> BTreeMap<String, Vec<[String; 3]>> {
    std::fs::read_dir(dir)
        .expect("the lists")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            let mut reader = csv::Reader::from_path(&path).expect("a list");
            let rows = reader
                .records()
                .map(|r| {
                    let r = r.expect("a record");
                    [r[0].to_owned(), r[1].to_owned(), r[2].to_owned()]
                })
                .collect();
            let name = path
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            (name, rows)
        })
        .collect()
}

/// How many lists hold a three-character code, and how many of those are `-main` lists.
fn holding_stems(lists: &BTreeMap<String, Vec<[String; 3]>>) -> (usize, usize) {
    let holding: Vec<&String> = lists
        .iter()
        .filter(|(_, rows)| rows.iter().any(|row| row[0].len() == 3))
        .map(|(name, _)| name)
        .collect();
    let main = holding.iter().filter(|n| n.ends_with("-main.csv")).count();
    (holding.len(), main)
}

/// The note `export opencodelists` ends with, `ending` its last words.
fn note(stems: (usize, usize), files: usize, ending: &str) -> String {
    format!(
        "nice-coding: {} of the {files} lists ({} of them -main lists) hold three-character \
         codes (a category such as Y53, an undivided ICD-10 code such as I48), which an exact \
         join on HES's 4-character fields (Y534, I48X) never finds: join on the first three \
         characters{ending}",
        stems.0, stems.1
    )
}

#[test]
fn without_a_release_standard_error_counts_the_lists_needing_a_prefix_join() {
    let dir = TempDir::new("codelists-stems");
    let r = run_in(&dir.0, &["export", "opencodelists", "--dir", "lists"], b"");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let lists = lists(&dir.0.join("lists"));
    let stems = holding_stems(&lists);
    // IPG377's K40.- to K44.- and IPG168's I48.X stand in the main position.
    assert!(
        lists["IPG377-opcs4-main.csv"]
            .iter()
            .any(|row| row[0] == "K40")
    );
    assert!(
        lists["IPG168-icd10-main.csv"]
            .iter()
            .any(|row| row[0] == "I48")
    );
    assert!(stems.1 >= 2 && stems.0 > stems.1, "{stems:?}");
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            format!("nice-coding: wrote {} files in lists", lists.len()),
            note(
                stems,
                lists.len(),
                ", or give --opcs4 FILE and --icd10 FILE to list a release's codes under them"
            ),
        ]
    );
}

#[test]
fn a_release_expands_the_main_lists_and_undivided_codes_too() {
    let dir = TempDir::new("codelists-main-release");
    // A release in which C61 is undivided (C61.X, as HES's C61X) and I48 divided.
    dir.write(
        "icd10.tsv",
        "C61.X\tMalignant neoplasm of prostate\n\
         I48.0\tParoxysmal atrial fibrillation\n\
         I48.1\tPersistent atrial fibrillation\n",
    );
    let opcs4 = releases().join("opcs4-codes-and-titles.txt");
    let args = [
        "export",
        "opencodelists",
        "--dir",
        "lists",
        "--opcs4",
        opcs4.to_str().expect("UTF-8 path"),
        "--icd10",
        "icd10.tsv",
    ];
    let r = run_in(&dir.0, &args, b"");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let lists = lists(&dir.0.join("lists"));
    let row = |code: &str, term: &str, role: &str| [code, term, role].map(str::to_owned);
    // IPG290's main categories: A01.- is the fixture's A01.1; the others, which it does not
    // list, stay three characters.
    assert_eq!(
        lists["IPG290-opcs4-main.csv"],
        [
            row("A011", "Hemispherectomy", "alternative_main"),
            row(
                "A02",
                "Excision of lesion of tissue of brain",
                "alternative_main"
            ),
            row(
                "A06",
                "Other excision of lesion of tissue of brain",
                "alternative_main"
            ),
            row(
                "A38",
                "Extirpation of lesion of meninges of brain",
                "alternative_main"
            ),
            row(
                "A43",
                "Other extirpation of lesion of meninges of brain",
                "alternative_main"
            ),
        ]
    );
    // I48.X is the release's codes of I48; C61.X its own entry, as HES writes it.
    let i48 = [
        row("I480", "Paroxysmal atrial fibrillation", "main"),
        row("I481", "Persistent atrial fibrillation", "main"),
    ];
    assert_eq!(lists["IPG168-icd10-main.csv"], i48);
    assert_eq!(lists["IPG168-icd10.csv"], i48);
    assert_eq!(
        lists["IPG424-icd10-main.csv"],
        [row("C61X", "Malignant neoplasm of prostate", "main")]
    );
    // Every -main list is its full list's main rows: expanded alike.
    for (name, rows) in &lists {
        if let Some(stem) = name.strip_suffix("-main.csv") {
            let full: Vec<&[String; 3]> = lists[&format!("{stem}.csv")]
                .iter()
                .filter(|row| row[2] == "main" || row[2] == "alternative_main")
                .collect();
            assert_eq!(rows.iter().collect::<Vec<_>>(), full, "{name}");
        }
    }
    // What the releases leave is still counted, without the advice to give them.
    let stems = holding_stems(&lists);
    assert_eq!(
        r.stderr.lines().nth(1),
        Some(
            note(
                stems,
                lists.len(),
                " (the releases given list no codes under them)"
            )
            .as_str()
        )
    );
}
