//! Input that lost data or memory, blocked, or drove the terminal (issue 25): a stray quote
//! joining rows, releases that never end or never open, an endless episode or key in the long
//! layout, control characters in a file name, and a file compressed twice. Each test runs the
//! built binary as a user would; those that could block or run away have a time limit.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "common/tool.rs"]
mod tool;
use common::TempDir;
use tool::{Run, run_in, run_within};

/// Long enough for a debug build on a busy machine; a blocked or runaway run exceeds it.
const LIMIT: Duration = Duration::from_secs(60);

const HEADER: &str = "episode,guidance,variant,outcome\n";
const IPG7: &str = "IPG7,,no_diagnosis_recommendation\n";

/// `match -` on `input`.
fn match_stdin(input: &[u8], extra: &[&str]) -> Run {
    let mut args = vec!["match"];
    args.extend_from_slice(extra);
    args.push("-");
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), &args, input)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

/// The message of a row read over lines `first` to `last`.
fn spanning(first: u64, last: u64) -> String {
    format!(
        "lines {first} to {last} were read as one row: a field opening with a quote (\") runs \
         over a line end, which no HES field does, so the quote is likely stray; remove it, or \
         quote the whole field and double the quotes inside it"
    )
}

// ---------------------------------------------------------------------------------------------
// A stray quote

#[test]
fn a_field_spanning_lines_is_a_skipped_row_never_a_merged_one() {
    // The quote before `6 inch` closes at `5"`: lines 3 to 5 make one row of the header's
    // width, which was matched as episode 2 while episodes 3 and 4 vanished ("rows: 3 read").
    let input = "EPIKEY,OPERTN_01,NOTE\n1,Q163,ok\n2,Q163,\"6 inch wound\n3,K5X8,plain\n\
                 4,Q163,5\" long\n5,Q163,ok\n";
    let r = match_stdin(input.as_bytes(), &[]);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert_eq!(r.stdout, format!("{HEADER}1,{IPG7}5,{IPG7}"));
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        [lines[0], lines[1], lines[lines.len() - 1]],
        [
            format!("nice-coding: <stdin>:3: row skipped: {}", spanning(3, 5)).as_str(),
            "nice-coding: <stdin>: skipped rows by reason: 1 row spanning lines",
            "nice-coding: <stdin>: rows: 3 read, 1 skipped, 2 matching at least one guidance",
        ]
    );
    // --max-errors 0 stops at it.
    let r = match_stdin(input.as_bytes(), &["--max-errors", "0"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.ends_with(
            "nice-coding: error: <stdin>:3: stopped: 1 rows skipped, more than --max-errors 0 \
             allows\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_field_spanning_lines_leaves_its_long_layout_episode_unmatched() {
    let input = "EPIKEY,OPERTN,NOTE\n1,Q163,\"x\n1,Y021,y\"\n2,Q163,z\n";
    let r = match_stdin(input.as_bytes(), &["--layout", "long"]);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert_eq!(r.stdout, format!("{HEADER}2,{IPG7}"));
    assert!(
        r.stderr.starts_with(&format!(
            "nice-coding: <stdin>:2: row skipped: {}\n",
            spanning(2, 3)
        )),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Releases that never end or never open

#[cfg(target_os = "linux")]
#[test]
fn a_release_that_is_a_device_or_a_system_file_is_refused_at_once() {
    for (option, path, what) in [
        ("--opcs4", "/dev/zero", "it is a device, not a regular file"),
        (
            "--icd10",
            "/proc/self/status",
            "it is a special file of the system (under /proc), whose reading can block or never \
             end",
        ),
    ] {
        let expected = format!(
            "nice-coding: error: {path}: cannot read the release file: {what}; give the \
             release's codes-and-titles file.\n"
        );
        let r = run_within(Path::new("/"), &["drift", option, path], LIMIT);
        assert_eq!((r.code, r.stdout.as_str()), (Some(1), ""), "{path}");
        assert_eq!(r.stderr, expected);
        let dir = TempDir::new("hostile-release-device");
        let lists = dir.0.join("lists");
        let lists = lists.to_str().expect("UTF-8 path");
        let r = run_within(
            Path::new("/"),
            &["export", "opencodelists", "--dir", lists, option, path],
            LIMIT,
        );
        assert_eq!((r.code, r.stderr.as_str()), (Some(1), expected.as_str()));
        assert!(!dir.0.join("lists").exists());
    }
}

#[cfg(unix)]
#[test]
fn a_release_that_is_a_fifo_without_a_writer_is_refused_without_blocking() {
    let dir = TempDir::new("hostile-release-fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.0.join("release.txt"))
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    let expected = "nice-coding: error: release.txt: cannot read the release file: it is a FIFO \
                    (named pipe), not a regular file; give the release's codes-and-titles file.\n";
    for args in [
        &["drift", "--opcs4", "release.txt"][..],
        &[
            "export",
            "opencodelists",
            "--dir",
            "lists",
            "--icd10",
            "release.txt",
        ],
    ] {
        let r = run_within(&dir.0, args, LIMIT);
        assert_eq!((r.code, r.stderr.as_str()), (Some(1), expected), "{args:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The long layout's bounds

#[test]
fn an_episode_of_more_than_a_thousand_codes_stops_the_run() {
    // Every row one episode, as a --key naming a constant column gives: its codes grew until
    // memory ran out (10^8 rows, a 3.7 MB gzip, aborted on a 2 GB allocation).
    let mut input = String::from("EPIKEY,PROCODE,OPERTN,DIAG\n");
    for i in 0..2_000 {
        input.push_str(&format!("{i},RX1,Q163,I509\n"));
    }
    let r = match_stdin(
        &gzip(input.as_bytes()),
        &["--layout", "long", "--key", "procode"],
    );
    assert_eq!((r.code, r.stdout.as_str()), (Some(1), HEADER));
    assert_eq!(
        r.stderr,
        "nice-coding: error: <stdin>:502: episode \"RX1\" has more than 1000 codes (its rows \
         start on line 2): HES records 24 procedures and 20 diagnoses an episode, so PROCODE \
         does not tell episodes apart; give the episode key column with --key\n"
    );
    // 1,000 codes (500 rows of two) are read.
    let at_limit: String = input.lines().take(501).map(|l| format!("{l}\n")).collect();
    let r = match_stdin(
        at_limit.as_bytes(),
        &["--layout", "long", "--key", "procode"],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "episode,guidance,variant,outcome\nRX1,IPG7,,no_diagnosis_recommendation\n"
    );
}

#[test]
fn an_episode_key_longer_than_128_bytes_is_a_skipped_row() {
    let message = |length: usize| {
        format!(
            "the episode key is {length} bytes long, more than the limit of 128: an episode key \
             is a short identifier, so --key likely names another column"
        )
    };
    let longest = "k".repeat(128);
    let long = "k".repeat(129);
    // The long layout kept every key seen: 300 keys of 8 MiB used 2.5 GB.
    let huge = "k".repeat(8 << 20);
    let input = format!("EPIKEY,OPERTN\n{longest},Q163\n{long},Q163\n{huge},Q163\n2,Q163\n");
    let r = match_stdin(input.as_bytes(), &["--layout", "long"]);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert_eq!(r.stdout, format!("{HEADER}{longest},{IPG7}2,{IPG7}"));
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines[..3],
        [
            format!("nice-coding: <stdin>:3: row skipped: {}", message(129)).as_str(),
            format!("nice-coding: <stdin>:4: row skipped: {}", message(8 << 20)).as_str(),
            "nice-coding: <stdin>: skipped rows by reason: 2 episode key too long",
        ]
    );
    // The wide layout too.
    let input = format!("EPIKEY,OPERTN_01\n{long},Q163\n2,Q163\n");
    let r = match_stdin(input.as_bytes(), &[]);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert_eq!(r.stdout, format!("{HEADER}2,{IPG7}"));
    assert!(
        r.stderr.starts_with(&format!(
            "nice-coding: <stdin>:2: row skipped: {}\n",
            message(129)
        )),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Control characters, double compression

#[cfg(unix)]
#[test]
fn control_characters_in_a_file_name_or_column_reach_the_terminal_escaped() {
    let dir = TempDir::new("hostile-controls");
    let name = "e\u{1b}[2J\u{7}.csv";
    dir.write(
        name,
        "EPIKEY,POS\u{1b}]0;x\u{7},OPERTN\n1,1,Q163\n2,x,Q163\n3,1,K5X8\n",
    );
    let r = run_in(
        &dir.0,
        &[
            "match",
            "--layout",
            "long",
            "--position-column",
            "POS\u{1b}]0;x\u{7}",
            name,
        ],
        b"",
    );
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(
        !r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{7}'),
        "{:?}",
        r.stderr
    );
    let shown = "e\\u{1b}[2J\\u{7}.csv";
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        [lines[0], lines[1], lines[lines.len() - 1]],
        [
            format!(
                "nice-coding: {shown}:3: row skipped: POS\\u{{1b}}]0;x\\u{{7}} \"x\" is not a \
                 position (1, 2, ...)"
            )
            .as_str(),
            format!(
                "nice-coding: {shown}:4: row skipped: OPERTN \"K5X8\" is not an OPCS-4 code: the \
                 second and third characters must be digits"
            )
            .as_str(),
            format!(
                "nice-coding: {shown}: rows: 3 read, 2 skipped, 3 episodes, 1 matching at least \
                 one guidance"
            )
            .as_str(),
        ]
    );
}

#[cfg(unix)]
#[test]
fn control_characters_in_a_release_file_name_are_escaped_in_the_drift_report() {
    let dir = TempDir::new("hostile-release-name");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/releases/drift/opcs4-drift.tsv");
    let name = "r\u{1b}[2J.tsv";
    std::fs::copy(fixture, dir.0.join(name)).expect("copy the fixture");
    let r = run_in(&dir.0, &["drift", "--opcs4", name], b"");
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert!(
        r.stdout.starts_with(
            "OPCS-4 release: r\\u{1b}[2J.tsv (code and title list), version not stated\n"
        ),
        "{:?}",
        r.stdout
    );
}

#[test]
fn a_file_compressed_twice_is_named_as_such() {
    let dir = TempDir::new("hostile-double-gzip");
    let twice = gzip(&gzip(b"EPIKEY,OPERTN_01\n1,Q163\n"));
    dir.write("e.csv.gz.gz", &twice);
    let expected = |name: &str| {
        format!(
            "nice-coding: error: {name}: the file is gzip-compressed twice (its decompressed data \
             is gzip again); decompress it once (gunzip) and give the result\n"
        )
    };
    let r = run_in(&dir.0, &["match", "e.csv.gz.gz"], b"");
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr),
        (Some(1), "", expected("e.csv.gz.gz"))
    );
    let r = match_stdin(&twice, &[]);
    assert_eq!((r.code, r.stderr), (Some(1), expected("<stdin>")));
}
