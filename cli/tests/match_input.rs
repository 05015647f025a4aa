//! `nice-coding match` on hostile, broken and real-world input (issues 14 and 15): unclosed
//! quotes, endless records, closed or aliased outputs, CR-only files, empty keys; HES field
//! forms, partial 4-character column sets, other delimiters, gzip, the long layout, `--keep`
//! and the handling of many bad rows. Each test runs the built binary as a user would.

use std::io::Write;
use std::path::Path;
use std::process::Command;

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "common/tool.rs"]
mod tool;
use common::TempDir;
use tool::{Run, finish, run_in};

/// `match -` on `input`.
fn match_stdin(input: &str, extra: &[&str]) -> Run {
    let mut args = vec!["match"];
    args.extend_from_slice(extra);
    args.push("-");
    run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &args,
        input.as_bytes(),
    )
}

const HEADER: &str = "episode,guidance,variant,outcome\n";
const SUMMARY_HEADER: &str = "guidance,episodes,diagnosis_matches,diagnosis_absent_or_different,no_diagnosis_recommendation,diagnosis_not_checked,procedure_columns,diagnosis_columns";

// ---------------------------------------------------------------------------------------------
// Issue 14: data loss, crashes, located errors

#[test]
fn an_unclosed_quote_is_an_error_at_the_line_it_opens() {
    // Without the check, rows 2 and 3 became part of row 1's NOTE: "rows: 1 read", exit 0.
    let r = match_stdin(
        "EPIKEY,OPERTN_01,NOTE\n1,Q163,\"pt said \"\"ok\n2,Q163,x\n3,Q163,y\n",
        &[],
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "nice-coding: error: <stdin>: line 2: a quoted field opens here and is never closed \
         (the input ends inside it; a field's own quotes are written twice, \"\")\n"
    );
    // The quote opens on the record's second line, after a closed quoted field with a CRLF.
    let r = match_stdin(
        "EPIKEY,OPERTN_01,NOTE,MORE\n1,Q163,\"a\r\nb\",\"x\n2,Q163,x,y\n",
        &[],
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("nice-coding: error: <stdin>: line 3: a quoted field opens here"),
        "{}",
        r.stderr
    );
    // A quote closed at the very end, with or without a final line end, is read, and its row
    // skipped: a field holding a line break is never HES (see
    // a_field_spanning_lines_is_a_skipped_row_never_a_merged_one).
    for end in ["", "\n"] {
        let input = format!("EPIKEY,OPERTN_01,NOTE\n1,Q163,\"a\nb\"{end}");
        let r = match_stdin(&input, &[]);
        assert_eq!(r.code, Some(3), "{}", r.stderr);
        assert_eq!(r.stdout, HEADER);
        assert!(
            r.stderr.starts_with(
                "nice-coding: <stdin>:2: row skipped: lines 2 to 3 were read as one row: "
            ),
            "{}",
            r.stderr
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn an_input_without_line_ends_stops_at_the_record_limit() {
    let r = run_in(Path::new("/"), &["match", "/dev/zero"], b"");
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: /dev/zero: line 1: the row is larger than the limit of 16777216 \
         bytes (is this a CSV file with line ends?)\n"
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn a_row_with_too_many_fields_stops_at_the_field_limit() {
    let mut input = String::from("EPIKEY,OPERTN_01\n1,");
    input.push_str(&",".repeat(70_000));
    let r = match_stdin(&input, &[]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: <stdin>: line 2: the row has more than the limit of 65536 fields\n"
    );
}

#[cfg(unix)]
#[test]
fn the_output_is_never_the_input_through_a_hard_link_or_a_redirection() {
    let dir = TempDir::new("cli-same-file");
    let original = "EPIKEY,OPERTN_01\n1,Q163\n";
    dir.write("hl.csv", original);
    std::fs::hard_link(dir.0.join("hl.csv"), dir.0.join("hl-hard.csv")).expect("hard link");
    for option in ["--output", "--summary", "--skipped"] {
        let r = run_in(&dir.0, &["match", "hl.csv", option, "hl-hard.csv"], b"");
        assert_eq!(r.code, Some(1), "{option}");
        assert_eq!(
            r.stderr,
            "nice-coding: error: hl-hard.csv: writing there would overwrite the input\n"
        );
        let kept = std::fs::read_to_string(dir.0.join("hl.csv")).expect("read input");
        assert_eq!(kept, original, "{option}");
    }
    // Standard input redirected from the output file.
    let child = Command::new(env!("CARGO_BIN_EXE_nice-coding"))
        .args(["match", "-", "--output", "hl.csv"])
        .current_dir(&dir.0)
        .stdin(std::fs::File::open(dir.0.join("hl.csv")).expect("open"))
        .output()
        .expect("run");
    let r = finish(child);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: hl.csv: writing there would overwrite the input\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.0.join("hl.csv")).expect("read"),
        original
    );
    // Standard output appending to the input file.
    let child = Command::new(env!("CARGO_BIN_EXE_nice-coding"))
        .args(["match", "hl.csv"])
        .current_dir(&dir.0)
        .stdout(
            std::fs::OpenOptions::new()
                .append(true)
                .open(dir.0.join("hl-hard.csv"))
                .expect("open"),
        )
        .output()
        .expect("run");
    let r = finish(child);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: standard output: writing there would overwrite the input\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.0.join("hl.csv")).expect("read"),
        original
    );
}

#[cfg(unix)]
#[test]
fn a_closed_standard_output_is_an_error() {
    let dir = TempDir::new("cli-closed-stdout");
    dir.write("e.csv", "EPIKEY,OPERTN_01\n1,Q163\n");
    let shell = |redirect: &str| {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" match e.csv {redirect}"))
            .arg(env!("CARGO_BIN_EXE_nice-coding"))
            .current_dir(&dir.0)
            .output()
            .expect("run sh");
        finish(out)
    };
    let r = shell(">&-");
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: standard output is closed: the matches would be lost \
         (give --output FILE)\n"
    );
    // Written to /dev/null on purpose: not an error.
    let r = shell(">/dev/null");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // Closed, but the matches go to a file.
    let r = shell("--output out.csv >&-");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.0.join("out.csv")).expect("read"),
        format!("{HEADER}1,IPG7,,no_diagnosis_recommendation\n")
    );
}

#[test]
fn cr_only_line_ends_give_each_row_its_line() {
    let r = match_stdin(
        "EPIKEY,OPERTN_01\r1,Q163\r2,K5X8\r\r3,Q1X3\r\"4\r\",K5Y8\r5,Q163\r",
        &[],
    );
    assert_eq!(r.code, Some(3));
    assert_eq!(
        r.stdout,
        format!(
            "{HEADER}1,IPG7,,no_diagnosis_recommendation\n5,IPG7,,no_diagnosis_recommendation\n"
        )
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "nice-coding: <stdin>:3: row skipped: OPERTN_01 \"K5X8\" is not an OPCS-4 code: the second and third characters must be digits",
            "nice-coding: <stdin>:5: row skipped: OPERTN_01 \"Q1X3\" is not an OPCS-4 code: the second and third characters must be digits",
            "nice-coding: <stdin>:6: row skipped: lines 6 to 7 were read as one row: a field opening with a quote (\") runs over a line end, which no HES field does, so the quote is likely stray; remove it, or quote the whole field and double the quotes inside it",
        ]
    );
}

#[test]
fn an_empty_episode_key_skips_the_row() {
    let r = match_stdin("EPIKEY,OPERTN_01\n,Q163\n \t,Q163\n3,Q163\n", &[]);
    assert_eq!(r.code, Some(3));
    assert_eq!(
        r.stdout,
        format!("{HEADER}3,IPG7,,no_diagnosis_recommendation\n")
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "nice-coding: <stdin>:2: row skipped: the episode key is empty: output rows could not be told apart",
            "nice-coding: <stdin>:3: row skipped: the episode key is empty: output rows could not be told apart",
            "nice-coding: <stdin>: skipped rows by reason: 2 empty episode key",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Issue 15: HES as it really is

/// Episodes matching IPG655 (heart failure, I50.9) and IPG294 and IPG349 (atrial fibrillation,
/// I48.X), as a canonical extract writes them.
const CANONICAL: &str = "EPIKEY,OPERTN_01,OPERTN_02,OPERTN_03,OPERTN_04,OPERTN_05,DIAG_01,DIAG_02
1,K578,Y021,Y534,Z332,Z942,I509,
2,K641,K625,Y534,,,I48X,
3,K578,Y021,Y534,Z332,Z942,C61X,H198A
";

#[test]
fn match_reads_every_hes_field_form() {
    // The same episodes as HES stores them: the `-` filler in the 5th place, the dagger or
    // asterisk in the 6th, `-` (no operation), `&` (not known), NULL and null.
    let hes = "EPIKEY,OPERTN_01,OPERTN_02,OPERTN_03,OPERTN_04,OPERTN_05,DIAG_01,DIAG_02
1,K578,Y021,Y534,Z332,Z942,I509-,NULL
2,K641,K625,Y534,-,&,I48X-,null
3,K578,Y021,Y534,Z332,Z942,C61X-,H198-A
";
    let expected = match_stdin(CANONICAL, &[]);
    assert_eq!(expected.code, Some(0), "{}", expected.stderr);
    assert_eq!(
        expected.stdout,
        format!(
            "{HEADER}1,IPG655,,diagnosis_matches\n2,IPG294,,diagnosis_matches\n\
             2,IPG349,,diagnosis_matches\n3,IPG655,,diagnosis_absent_or_different\n"
        )
    );
    let r = match_stdin(hes, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, expected.stdout);
}

#[test]
fn a_partial_set_of_4_character_columns_falls_back_number_by_number() {
    // OPERTN_4_01 only: numbers 2 to 5 come from OPERTN_02 to OPERTN_05 (they were ignored,
    // 0 matches). OPERTN_01 holds what OPERTN_4_01 holds with a fifth character.
    let input = "EPIKEY,OPERTN_01,OPERTN_02,OPERTN_03,OPERTN_04,OPERTN_05,OPERTN_4_01,DIAG_4_01
1,K57.8,Y021,Y534,Z332,Z942,K578,I509
";
    let r = match_stdin(input, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, format!("{HEADER}1,IPG655,,diagnosis_matches\n"));
}

#[test]
fn column_numbers_of_one_to_three_digits_are_read_and_may_not_repeat() {
    let input = "EPIKEY,OPERTN_1,OPERTN_002,OPERTN_03,OPERTN_4,OPERTN_99,DIAG_1,OPERTN_COUNT
1,K578,Y021,Y534,Z332,Z942,I509,5
";
    let r = match_stdin(input, &[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, format!("{HEADER}1,IPG655,,diagnosis_matches\n"));
    let r = match_stdin("EPIKEY,OPERTN_1,OPERTN_01\n1,K578,Y021\n", &[]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: <stdin>: the header row has OPERTN_1 and OPERTN_01, one column \
         number, twice (columns 2 and 3)\n"
    );
}

#[test]
fn tab_pipe_and_semicolon_files_are_read_with_delimiter() {
    let expected = match_stdin(CANONICAL, &[]).stdout;
    for (value, byte) in [("tab", "\t"), ("pipe", "|"), ("semicolon", ";")] {
        let input = CANONICAL.replace(',', byte);
        let r = match_stdin(&input, &["--delimiter", value]);
        assert_eq!(r.code, Some(0), "{value}: {}", r.stderr);
        assert_eq!(r.stdout, expected, "{value}");
    }
    // Without --delimiter, the message says which delimiter the header row uses.
    let r = match_stdin(&CANONICAL.replace(',', "\t"), &[]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: <stdin>: no EPIKEY column in the header row (--key names the \
         episode key column); it holds EPIKEY between tab characters: for a file delimited by \
         tab, give --delimiter tab\n"
    );
    let r = match_stdin(&CANONICAL.replace(',', "|"), &[]);
    assert!(
        r.stderr
            .ends_with("for a file delimited by pipe (|), give --delimiter pipe\n"),
        "{}",
        r.stderr
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

#[test]
fn gzip_input_is_read_from_a_file_and_standard_input() {
    let dir = TempDir::new("cli-gzip");
    let expected = match_stdin(CANONICAL, &[]).stdout;
    // Two gzip members, as `cat a.gz b.gz` or pigz write.
    let (first, rest) = CANONICAL.split_at(CANONICAL.find("\n2,").expect("row 2") + 1);
    let mut compressed = gzip(first.as_bytes());
    compressed.extend(gzip(rest.as_bytes()));
    dir.write("episodes.csv.gz", &compressed);
    let r = run_in(&dir.0, &["match", "episodes.csv.gz"], b"");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, expected);
    let r = run_in(&dir.0, &["match", "-"], &compressed);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, expected);
    // A damaged stream is a read error.
    let mut damaged = gzip(CANONICAL.as_bytes());
    let middle = damaged.len() / 2;
    damaged.truncate(middle);
    let r = run_in(&dir.0, &["match", "-"], &damaged);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .starts_with("nice-coding: error: cannot read <stdin>: ")
            && r.stderr.lines().count() == 1,
        "{}",
        r.stderr
    );
}

#[test]
fn the_long_layout_matches_as_the_wide_layout() {
    // One row per code; positions out of order within episode 1; both code columns.
    let long = "EPIKEY,POSITION,OPERTN,DIAG
1,2,Y021,
1,1,K578,I509-
1,3,Y534,
1,4,Z332,
1,5,Z942,
2,1,K641,I48X
2,2,K625,
2,3,Y534,
2,4,-,
3,1,K578,C61X-
3,2,Y021,H198-A
3,3,Y534,
3,4,Z332,
3,5,Z942,
";
    let expected = match_stdin(CANONICAL, &[]).stdout;
    let r = match_stdin(long, &["--layout", "long"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, expected);
    assert!(
        r.stderr.ends_with(
            "nice-coding: <stdin>: rows: 14 read, 0 skipped, 3 episodes, 3 matching at least one guidance\n"
        ),
        "{}",
        r.stderr
    );
    // Other column names, and no position column.
    let renamed = long
        .replace("EPIKEY,POSITION,OPERTN,DIAG", "epikey,p_order,OPCS,ICD")
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{},{},{}\n", f[0], f[2], f[3])
        })
        .collect::<String>()
        .replacen("epikey,OPCS,ICD", "EPIKEY,OPCS,ICD", 1);
    let r = match_stdin(
        &renamed,
        &[
            "--layout",
            "long",
            "--procedure-column",
            "opcs",
            "--diagnosis-column",
            "icd",
        ],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, expected);
}

#[test]
fn the_long_layout_refuses_an_episode_split_across_the_file() {
    let r = match_stdin(
        "EPIKEY,POSITION,OPERTN\n1,1,K578\n2,1,K641\n1,2,Y021\n",
        &["--layout", "long"],
    );
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: <stdin>:4: episode \"1\" has rows on line 2 and here, with other \
         episodes' rows between: the long layout needs each episode's rows together (sort the \
         file by EPIKEY)\n"
    );
}

#[test]
fn the_long_layout_skips_the_episode_of_a_bad_row() {
    let r = match_stdin(
        "EPIKEY,POSITION,OPERTN\n1,1,Q163\n1,x,Y021\n2,1,Q163\n3,1,Q1X3\n4,1,Q163\n4,2\n5,1,Q163\n",
        &["--layout", "long"],
    );
    assert_eq!(r.code, Some(3));
    assert_eq!(
        r.stdout,
        format!(
            "{HEADER}2,IPG7,,no_diagnosis_recommendation\n5,IPG7,,no_diagnosis_recommendation\n"
        )
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "nice-coding: <stdin>:3: row skipped: POSITION \"x\" is not a position (1, 2, ...)",
            "nice-coding: <stdin>:5: row skipped: OPERTN \"Q1X3\" is not an OPCS-4 code: the second and third characters must be digits",
            "nice-coding: <stdin>:7: row skipped: 2 fields, but the header row has 3",
            "nice-coding: <stdin>: skipped rows by reason: 1 wrong number of fields, 1 not an OPCS-4 code, 1 position not a number from 1",
        ]
    );
    // A long file without its procedure column.
    let r = match_stdin("EPIKEY,CODE\n1,K578\n", &["--layout", "long"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: <stdin>: no OPERTN column in the header row: the long layout reads \
         one code per row from OPERTN (OPCS-4) and DIAG (ICD-10); --procedure-column and \
         --diagnosis-column name others\n"
    );
}

#[test]
fn keep_carries_columns_into_the_output() {
    let input = "ADMIDATE,EPIKEY,OPERTN_01,PROCODE,SEX\n2020-01-02,1,Q163,\"RX1, main\",2\n";
    let r = match_stdin(input, &["--keep", "procode,ADMIDATE"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "episode,guidance,variant,outcome,PROCODE,ADMIDATE\n\
         1,IPG7,,no_diagnosis_recommendation,\"RX1, main\",2020-01-02\n"
    );
    let long = "EPIKEY,OPERTN,ADMIDATE\n1,Q163,2020-01-02\n1,Y021,2020-01-03\n";
    let r = match_stdin(long, &["--layout", "long", "--keep", "ADMIDATE"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "episode,guidance,variant,outcome,ADMIDATE\n1,IPG7,,no_diagnosis_recommendation,2020-01-02\n"
    );
    let r = match_stdin(input, &["--keep", "SPELL"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: <stdin>: --keep names SPELL, but the header row has no such column\n"
    );
}

/// A file with `n` malformed rows of two kinds between good ones.
fn many_bad_rows(n: usize) -> String {
    let mut input = String::from("EPIKEY,OPERTN_01,DIAG_01\n1,Q163,\n");
    for i in 0..n {
        if i % 3 == 0 {
            input.push_str(&format!("b{i},Q163\n"));
        } else {
            input.push_str(&format!("b{i},Q1X3,\n"));
        }
    }
    input.push_str("2,Q163,\n");
    input
}

#[test]
fn many_bad_rows_are_shown_first_then_counted_by_reason() {
    let r = match_stdin(&many_bad_rows(15), &[]);
    assert_eq!(r.code, Some(3));
    let lines: Vec<&str> = r.stderr.lines().collect();
    // 10 rows shown, the line on the others, the counts by reason, the notes on the columns
    // (OPERTN_01 and DIAG_01 only), the summary (header and a row), the count line.
    assert_eq!(lines.len(), 10 + 1 + 1 + 2 + 2 + 1, "{}", r.stderr);
    assert_eq!(
        lines[0],
        "nice-coding: <stdin>:3: row skipped: 2 fields, but the header row has 3"
    );
    assert_eq!(
        lines[9],
        "nice-coding: <stdin>:12: row skipped: 2 fields, but the header row has 3"
    );
    assert_eq!(
        lines[10..],
        [
            "nice-coding: <stdin>: further skipped rows are counted, not shown (--skipped FILE writes them all)",
            "nice-coding: <stdin>: skipped rows by reason: 5 wrong number of fields, 10 not an OPCS-4 code",
            "nice-coding: <stdin>: the header row has procedure column 1 only, of the 24 HES records (OPERTN_01 to OPERTN_24): procedures in the others are not read, so an episode may match fewer guidance",
            "nice-coding: <stdin>: the header row has diagnosis column 1 only, of the 20 HES records (DIAG_01 to DIAG_20): diagnoses in the others are not read, so a match may read diagnosis_absent_or_different when the episode has the diagnosis",
            SUMMARY_HEADER,
            "IPG7,2,0,0,2,0,1,1",
            "nice-coding: <stdin>: rows: 17 read, 15 skipped, 2 matching at least one guidance",
        ]
    );
}

#[test]
fn skipped_writes_every_skipped_row_and_max_errors_stops() {
    let dir = TempDir::new("cli-skipped");
    dir.write("bad.csv", many_bad_rows(4));
    let r = run_in(
        &dir.0,
        &["match", "bad.csv", "--skipped", "skipped.csv"],
        b"",
    );
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.0.join("skipped.csv")).expect("read"),
        "line,reason,detail,EPIKEY,OPERTN_01,DIAG_01\n\
         3,wrong number of fields,\"2 fields, but the header row has 3\",b0,Q163\n\
         4,not an OPCS-4 code,\"OPERTN_01 \"\"Q1X3\"\" is not an OPCS-4 code: the second and third characters must be digits\",b1,Q1X3,\n\
         5,not an OPCS-4 code,\"OPERTN_01 \"\"Q1X3\"\" is not an OPCS-4 code: the second and third characters must be digits\",b2,Q1X3,\n\
         6,wrong number of fields,\"2 fields, but the header row has 3\",b3,Q163\n"
    );
    let r = run_in(
        &dir.0,
        &[
            "match",
            "bad.csv",
            "--max-errors",
            "1",
            "--skipped",
            "s.csv",
        ],
        b"",
    );
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.ends_with(
            "nice-coding: error: bad.csv:4: stopped: 2 rows skipped, more than --max-errors 1 allows\n"
        ),
        "{}",
        r.stderr
    );
    // A run stopped by --max-errors failed: like every output of a failed run, the
    // skipped-rows file is not put in place (its rows were reported on standard error).
    assert!(
        !dir.0.join("s.csv").exists(),
        "a failed run leaves no --skipped file"
    );
    let r = run_in(&dir.0, &["match", "bad.csv", "--max-errors", "4"], b"");
    assert_eq!(r.code, Some(3), "{}", r.stderr);
}
