//! `nice-coding match` on inputs with fewer code columns than HES records (24 procedures, 20
//! diagnoses; in the long layout, no diagnosis column): the run goes on, says so once on
//! standard error, and the summary gives the number of columns read on every row.

use std::path::Path;

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "common/tool.rs"]
mod tool;
use common::TempDir;
use tool::{Run, run_in};

const SUMMARY_HEADER: &str = "guidance,episodes,diagnosis_matches,diagnosis_absent_or_different,no_diagnosis_recommendation,diagnosis_not_checked,procedure_columns,diagnosis_columns";

/// The note on a file without diagnosis columns.
const NO_DIAGNOSES: &str = "nice-coding: <stdin>: no diagnosis columns (DIAG_01 to DIAG_20, or \
     DIAG_4_01 to DIAG_4_20): diagnoses are not read, so every match of a guidance that \
     recommends a diagnosis reads diagnosis_absent_or_different";

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hes")
}

/// `match ARGS -` in `dir` on `input`.
fn match_stdin(dir: &Path, input: &str, extra: &[&str]) -> Run {
    let mut args = vec!["match"];
    args.extend_from_slice(extra);
    args.push("-");
    run_in(dir, &args, input.as_bytes())
}

/// IPG655's procedure (K57.8 with its subsidiary codes) in four columns, and I50.9, its
/// diagnosis, which a file without diagnosis columns cannot hold.
const FOUR_PROCEDURES: &str = "EPIKEY,OPERTN_01,OPERTN_02,OPERTN_03,OPERTN_04\n\
                               1,K578,Y021,Z332,Z942\n\
                               2,K578,Y021,Z332,Z942\n";

#[test]
fn some_procedure_columns_and_no_diagnosis_columns_are_said_once_and_summarised() {
    let dir = TempDir::new("match-columns-partial");
    let r = match_stdin(&dir.0, FOUR_PROCEDURES, &["--summary", "summary.csv"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // What the note warns of: the diagnosis is not read, so IPG655 reads absent.
    assert_eq!(
        r.stdout,
        "episode,guidance,variant,outcome\n\
         1,IPG655,,diagnosis_absent_or_different\n\
         2,IPG655,,diagnosis_absent_or_different\n"
    );
    // Once per classification for the whole file (two rows), then the count line.
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            "nice-coding: <stdin>: the header row has procedure columns 1 to 4 only, of the 24 \
             HES records (OPERTN_01 to OPERTN_24): procedures in the others are not read, so \
             an episode may match fewer guidance",
            NO_DIAGNOSES,
            "nice-coding: <stdin>: rows: 2 read, 0 skipped, 2 matching at least one guidance",
        ]
    );
    let summary = std::fs::read_to_string(dir.0.join("summary.csv")).expect("summary");
    assert_eq!(summary, format!("{SUMMARY_HEADER}\nIPG655,2,0,2,0,0,4,0\n"));
}

#[test]
fn columns_with_gaps_are_named_by_number() {
    let r = match_stdin(
        &fixtures(),
        "EPIKEY,OPERTN_01,OPERTN_03,DIAG_4_02\n1,K578,Z942,I509\n",
        &[],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "nice-coding: <stdin>: the header row has procedure columns 1 and 3 only, of the 24 \
             HES records (OPERTN_01 to OPERTN_24): procedures in the others are not read, so \
             an episode may match fewer guidance",
            "nice-coding: <stdin>: the header row has diagnosis column 2 only, of the 20 HES \
             records (DIAG_01 to DIAG_20): diagnoses in the others are not read, so a match may \
             read diagnosis_absent_or_different when the episode has the diagnosis",
        ]
    );
}

#[test]
fn the_full_hes_layout_has_no_note() {
    // EPIKEY, OPERTN_01 to OPERTN_24, DIAG_4_01 to DIAG_4_20 (and the plain and 3-character
    // diagnosis columns, ignored).
    let r = run_in(&fixtures(), &["match", "hes-full-layout.csv"], b"");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines[0], SUMMARY_HEADER, "{}", r.stderr);
    let rows = &lines[1..lines.len() - 1];
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|row| row.ends_with(",24,20")), "{rows:?}");
    assert!(lines[lines.len() - 1].starts_with("nice-coding: hes-full-layout.csv: rows: "));
}

#[test]
fn the_long_layout_without_a_diagnosis_column_says_so() {
    let input = "EPIKEY,OPERTN\n1,K578\n1,Y021\n1,Z332\n1,Z942\n";
    let r = match_stdin(&fixtures(), input, &["--layout", "long"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            "nice-coding: <stdin>: no DIAG column (--diagnosis-column names it): diagnoses are \
             not read, so every match of a guidance that recommends a diagnosis reads \
             diagnosis_absent_or_different",
            SUMMARY_HEADER,
            "IPG655,1,0,1,0,0,1,0",
            "nice-coding: <stdin>: rows: 4 read, 0 skipped, 1 episodes, 1 matching at least one \
             guidance",
        ]
    );
    // With the diagnosis column: no note, and the diagnosis is read.
    let input = "EPIKEY,OPERTN,DIAG\n1,K578,I509\n1,Y021,\n1,Z332,\n1,Z942,\n";
    let r = match_stdin(&fixtures(), input, &["--layout", "long"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>()[..2],
        [SUMMARY_HEADER, "IPG655,1,1,0,0,0,1,1"]
    );
}

#[test]
fn a_run_that_fails_says_only_why() {
    // Partial columns, then an unclosed quote: the error is the one line, without the notes.
    let r = match_stdin(&fixtures(), "EPIKEY,OPERTN_01,NOTE\n1,K578,\"open\n", &[]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: <stdin>: line 2: a quoted field opens here and is never closed \
         (the input ends inside it; a field's own quotes are written twice, \"\")\n"
    );
}
