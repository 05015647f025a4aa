//! The `nice-coding` command-line tool, run as a user runs it: exact output, exact error
//! lines, exit statuses. The HES fixtures are in `cli/tests/fixtures/hes/`; the test releases
//! are the library's (`tests/fixtures/releases/`), shared with its release check.

use nice_coding::{Code, DATA_VERSION, Guidance, Rule, RuleKind, Status, ipg};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "../../tests/shipped/mod.rs"]
mod shipped;
#[path = "common/tool.rs"]
mod tool;
use common::TempDir;
use tool::{Run, run_in};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hes")
}

/// Runs the tool in the HES fixture folder, so messages name fixtures by their file name.
fn run(args: &[&str]) -> Run {
    run_in(&fixtures(), args, b"")
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

const SUMMARY_HEADER: &str = "guidance,episodes,diagnosis_matches,diagnosis_absent_or_different,no_diagnosis_recommendation,diagnosis_not_checked,procedure_columns,diagnosis_columns";

/// The notes `match` writes on a file of `OPERTN_01` to `OPERTN_06` and two diagnosis columns
/// (episodes.csv), and of 2 procedure and 1 diagnosis columns (header-only.csv, malformed.csv),
/// named `name`.
fn column_notes(name: &str, procedures: &str, diagnoses: &str) -> [String; 2] {
    [
        format!(
            "nice-coding: {name}: the header row has procedure columns {procedures} only, of \
             the 24 HES records (OPERTN_01 to OPERTN_24): procedures in the others are not \
             read, so an episode may match fewer guidance"
        ),
        format!(
            "nice-coding: {name}: the header row has {diagnoses} only, of the 20 HES records \
             (DIAG_01 to DIAG_20): diagnoses in the others are not read, so a match may read \
             diagnosis_absent_or_different when the episode has the diagnosis"
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// list, show

#[test]
fn list_prints_every_guidance_then_the_count() {
    let r = run(&["list"]);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    let lines = lines(&r.stdout);
    assert_eq!(lines.len(), Guidance::COUNT + 1);
    for (line, g) in lines.iter().zip(Guidance::ALL) {
        let status = match g.status() {
            Status::Current => "current",
            Status::Superseded => "superseded",
            Status::Withdrawn => "withdrawn",
            other => panic!("{other:?}"),
        };
        let incomplete = if g.is_complete() { "" } else { "incomplete" };
        let expected = format!("{:<7} {status:<10} {incomplete:<10} {}", g.id(), g.title());
        assert_eq!(*line, expected);
    }
    assert!(lines.contains(
        &"IPG655  current               Cardiac contractility modulation device implantation for heart failure"
    ));
    assert!(lines.contains(&"IPG7    withdrawn  incomplete Microwave endometrial ablation"));
    let incomplete = Guidance::ALL.iter().filter(|g| !g.is_complete()).count();
    assert_eq!(incomplete, shipped::incomplete_files());
    assert_eq!(
        lines[Guidance::COUNT],
        format!(
            "{} guidance ({incomplete} incomplete), data version {DATA_VERSION}",
            shipped::guidance_files().len()
        )
    );
}

#[test]
fn show_prints_the_page_for_an_id_in_any_case() {
    let r = run(&["show", "ipg655"]);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert_eq!(r.stdout, ipg::IPG655.page().to_string());
    assert!(r.stdout.starts_with(
        "IPG655: Cardiac contractility modulation device implantation for heart failure\n"
    ));
}

#[test]
fn show_rejects_unknown_and_malformed_ids_in_one_line() {
    let r = run(&["show", "IPG1"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "nice-coding: error: IPG1: no guidance with this id in the catalogue (`nice-coding list` lists them)\n"
    );
    let r = run(&["show", "655"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: 655: not a guidance id: expected a programme and a number, such as IPG655 (`nice-coding list` lists them)\n"
    );
}

// ---------------------------------------------------------------------------------------------
// lookup

/// `nice-coding lookup ARGS` succeeds and prints what `tests/saved/<name>` holds (see
/// `tests/shipped/mod.rs` to refresh it after a guidance change).
fn assert_lookup(args: &[&str], name: &str) -> String {
    let mut all = vec!["lookup"];
    all.extend(args);
    let r = run(&all);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""), "{args:?}");
    shipped::assert_saved(name, &r.stdout);
    r.stdout
}

#[test]
fn lookup_lists_the_guidance_that_name_a_code_in_each_classification() {
    // Both sections, one of them empty.
    let out = assert_lookup(&["K578"], "lookup-K578.txt");
    assert!(out.starts_with("OPCS-4 K57.8\n  IPG655  K57.8   Other specified other therapeutic transluminal operations on heart\n"));
    assert!(out.contains("\nICD-10 K57.8\n"));
    // A code of a category: the guidance naming the code, and those naming its category.
    let out = assert_lookup(&["--opcs4", "Z94.2"], "lookup-opcs4-Z94.2.txt");
    assert!(out.contains("\n  IPG655  Z94.2   Right sided operation\n"));
    let out = assert_lookup(&["--opcs4", "y534"], "lookup-opcs4-y534.txt");
    let out = lines(&out);
    assert_eq!(out[0], "OPCS-4 Y53.4");
    assert!(
        out.contains(&"  IPG655  Y53.-   Approach to organ under image control (default Y53.9)")
    );
    assert!(out.contains(&"  IPG294  Y53.4   Approach to organ under fluoroscopic control"));
    // An X-filled code is named by any code of its category, as matching reads it.
    let out = assert_lookup(&["--icd10", "I48.1"], "lookup-icd10-I48.1.txt");
    assert!(out.contains("\n  IPG168  I48.X   Atrial fibrillation and flutter\n"));
    assert!(out.contains("\n  IPG294  I48.X   Atrial fibrillation and flutter\n"));
    assert!(out.contains("\n  IPG349  I48.X   Atrial fibrillation and flutter\n"));
}

#[test]
fn lookup_of_a_category_lists_the_codes_inside_it() {
    for arg in ["Y53", "Y53.-", "y53-"] {
        let out = assert_lookup(&["--opcs4", arg], "lookup-opcs4-Y53.txt");
        let out = lines(&out);
        assert_eq!(out[0], "OPCS-4 Y53.-");
        assert!(out.contains(&"  IPG424  Y53.2   Approach to organ under ultrasonic control"));
        assert!(out.contains(
            &"  IPG424  Y53.7   Approach to organ under magnetic resonance imaging control"
        ));
        assert!(
            out.contains(
                &"  IPG655  Y53.-   Approach to organ under image control (default Y53.9)"
            )
        );
    }
    let out = assert_lookup(&["--icd10", "C50"], "lookup-icd10-C50.txt");
    assert!(out.contains("\n  IPG296  C50.-   Malignant neoplasm of breast\n"));
}

#[test]
fn lookup_reports_a_code_of_both_classifications_in_two_sections() {
    let out = assert_lookup(&["A01.1"], "lookup-A01.1.txt");
    assert!(out.starts_with("OPCS-4 A01.1\n"));
    assert!(out.contains("\n  IPG290  A01.-   Major excision of tissue of brain\n"));
    assert!(out.contains("\nICD-10 A01.1\n"));
    // An ICD-10-only form has one section.
    let out = assert_lookup(&["I48X"], "lookup-I48X.txt");
    assert!(out.starts_with("ICD-10 I48.X\n"));
    assert!(!out.contains("OPCS-4"));
}

#[test]
fn lookup_rejects_what_is_not_a_code() {
    let r = run(&["lookup", "K5"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "nice-coding: error: `K5` is not an OPCS-4 code (the code is too short) or an ICD-10 code (the code is too short)\n"
    );
    let r = run(&["lookup", "--opcs4", "I48X"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: `I48X` is not an OPCS-4 code (the character after the dot is not a digit or another allowed character)\n"
    );
    let r = run(&["lookup", "--opcs4", "--icd10", "K578"]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
}

#[test]
fn lookup_lists_every_guidance_the_reverse_index_finds() {
    let mut codes = BTreeSet::new();
    for &g in Guidance::ALL {
        for rule in g
            .procedure()
            .descendants()
            .chain(g.diagnosis().descendants())
        {
            codes.extend(rule.code());
            codes.extend(rule.default_code());
        }
    }
    for code in codes {
        let (flag, using): (&str, Vec<Guidance>) = match code {
            Code::Opcs4(c) => ("--opcs4", Guidance::using_opcs4(c).collect()),
            Code::Icd10(c) => ("--icd10", Guidance::using_icd10(c).collect()),
        };
        let text = code.bare().to_string();
        let r = run(&["lookup", flag, &text]);
        assert_eq!(r.code, Some(0), "{text}: {}", r.stderr);
        let listed: BTreeSet<&str> = r
            .stdout
            .lines()
            .skip(1)
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        for g in using {
            assert!(
                listed.contains(g.id()),
                "lookup {text} misses {g}:\n{}",
                r.stdout
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// match

/// The outputs of `match episodes.csv` are saved in `tests/saved/` (refreshed with
/// `NICE_CODING_BLESS=1`, see `tests/shipped/mod.rs`): which guidance an episode matches
/// depends on the whole catalogue.
const EPISODES_OUT: &str = "match-episodes.csv";
/// Standard error of `match episodes.csv`: the notes on its columns, the summary rows, then
/// the count line.
const EPISODES_ERR: &str = "match-episodes-stderr.txt";

/// The saved standard error of `match episodes.csv`, with the input's name `name`: its notes
/// on the columns (the lines before the summary's header), the summary rows, and the count
/// line.
fn episodes_stderr(name: &str) -> (String, String, String) {
    let saved = shipped::saved(EPISODES_ERR).replace("episodes.csv", name);
    let (notes, rest) = saved
        .split_once(&format!("{SUMMARY_HEADER}\n"))
        .expect("notes, then the summary");
    let (rows, count) = rest
        .trim_end_matches('\n')
        .rsplit_once('\n')
        .expect("summary rows, then the count line");
    (
        notes.to_owned(),
        format!("{SUMMARY_HEADER}\n{rows}\n"),
        format!("{count}\n"),
    )
}

#[test]
fn match_writes_one_row_per_episode_and_guidance_and_a_summary() {
    // episodes.csv: columns in any order and case, extra columns, dotted and undotted codes,
    // `-` and empty fields, a near miss (1004), no procedures (1008), unrelated codes (1009),
    // episodes matching two guidance (1005, 1011, "10,12"), a key that needs quoting.
    let r = run(&["match", "episodes.csv"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    shipped::assert_saved(EPISODES_OUT, &r.stdout);
    shipped::assert_saved(EPISODES_ERR, &r.stderr);
    // OPERTN_01 to OPERTN_06 and DIAG_4_01, DIAG_4_02: said once, before the summary, whose
    // rows end with the number of columns read.
    let [procedures, diagnoses] =
        column_notes("episodes.csv", "1 to 6", "diagnosis columns 1 to 2");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines[..3],
        [procedures.as_str(), diagnoses.as_str(), SUMMARY_HEADER]
    );
    assert!(
        lines[3..lines.len() - 1]
            .iter()
            .all(|row| row.ends_with(",6,2"))
    );
    assert!(
        r.stderr
            .contains("\nnice-coding: episodes.csv: rows: 12 read, 0 skipped, ")
    );
}

/// The episodes of episodes.csv matched through the library, as the CLI writes them.
#[test]
fn match_agrees_with_the_library() {
    let text = std::fs::read_to_string(fixtures().join("episodes.csv")).expect("read fixture");
    let mut expected = String::from("episode,guidance,variant,outcome\n");
    for line in text.lines().skip(1) {
        // The only quoted field is the key "10,12": put it back together.
        let line = line.replace("\"10,12\"", "10;12");
        let fields: Vec<&str> = line.split(',').collect();
        let key = fields[2].replace("10;12", "\"10,12\"");
        let code = |s: &&str| !s.is_empty() && *s != "-";
        let procedures: Vec<_> = [1, 4, 3, 5, 6, 7]
            .iter()
            .map(|&i| fields[i])
            .filter(code)
            .map(|c| nice_coding::Opcs4Code::parse_loose(c).expect("procedure"))
            .collect();
        let diagnoses: Vec<_> = [8, 9]
            .iter()
            .map(|&i| fields[i])
            .filter(code)
            .map(|c| nice_coding::Icd10Code::parse_loose(c).expect("diagnosis"))
            .collect();
        for e in nice_coding::matches(&nice_coding::Episode::new(&procedures, &diagnoses)) {
            let outcome = serde_json::to_value(e.outcome()).expect("outcome");
            expected.push_str(&format!(
                "{key},{},{},{}\n",
                e.guidance(),
                e.variant().unwrap_or_default(),
                outcome.as_str().expect("a string")
            ));
        }
    }
    assert_eq!(expected, shipped::saved(EPISODES_OUT));
}

#[test]
fn match_reads_standard_input() {
    let input = std::fs::read(fixtures().join("episodes.csv")).expect("read fixture");
    let r = run_in(&fixtures(), &["match", "-"], &input);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, shipped::saved(EPISODES_OUT));
    assert!(r.stderr.ends_with(&episodes_stderr("<stdin>").2));
}

#[test]
fn match_writes_the_output_and_the_summary_to_files() {
    let dir = TempDir::new("cli-match-files");
    let input = fixtures().join("episodes.csv");
    let r = run_in(
        &dir.0,
        &[
            "match",
            input.to_str().expect("UTF-8 path"),
            "--output",
            "out.csv",
            "--summary",
            "summary.csv",
        ],
        b"",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, "");
    // Standard error keeps the notes on the columns and the count line.
    let (notes, summary, count) = episodes_stderr(&input.display().to_string());
    assert_eq!(r.stderr, format!("{notes}{count}"));
    let read = |name: &str| std::fs::read_to_string(dir.0.join(name)).expect("output file");
    assert_eq!(read("out.csv"), shipped::saved(EPISODES_OUT));
    assert_eq!(read("summary.csv"), summary);
}

#[test]
fn match_takes_the_key_from_another_column() {
    let r = run(&["match", "--key", "admidate", "episodes.csv"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let keys: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(&keys[..3], ["2019-04-01", "2019-04-02", "2019-04-03"]);
    assert_eq!(keys.len(), shipped::saved(EPISODES_OUT).lines().count() - 1);
}

#[test]
fn match_reports_malformed_rows_with_their_line_and_goes_on() {
    let r = run(&["match", "malformed.csv"]);
    assert_eq!(r.code, Some(3));
    assert_eq!(
        r.stdout,
        "episode,guidance,variant,outcome\n\
         4,IPG214,Percutaneous procedure,diagnosis_matches\n\
         4,IPG406,Percutaneous procedure,no_diagnosis_recommendation\n\
         8,IPG214,Percutaneous procedure,diagnosis_matches\n\
         8,IPG406,Percutaneous procedure,no_diagnosis_recommendation\n"
    );
    let [procedures, diagnoses] = column_notes("malformed.csv", "1 to 2", "diagnosis column 1");
    assert_eq!(
        lines(&r.stderr),
        [
            "nice-coding: malformed.csv:3: row skipped: OPERTN_01 \"K5X8\" is not an OPCS-4 code: the second and third characters must be digits",
            "nice-coding: malformed.csv:4: row skipped: 2 fields, but the header row has 4",
            "nice-coding: malformed.csv:6: row skipped: DIAG_01 \"I5O9\" is not an ICD-10 code: the second and third characters must be digits",
            "nice-coding: malformed.csv:7: row skipped: OPERTN_01 \"K57\" is not an OPCS-4 code: the category is missing its `.-`",
            "nice-coding: malformed.csv:8: row skipped: 5 fields, but the header row has 4",
            "nice-coding: malformed.csv: skipped rows by reason: 2 wrong number of fields, 2 not an OPCS-4 code, 1 not an ICD-10 code",
            &procedures,
            &diagnoses,
            SUMMARY_HEADER,
            "IPG214,2,2,0,0,0,2,1",
            "IPG406,2,0,0,2,0,2,1",
            "nice-coding: malformed.csv: rows: 8 read, 5 skipped, 2 matching at least one guidance",
        ]
    );
}

#[test]
fn match_counts_lines_across_blank_lines_and_quoted_line_breaks() {
    let r = run(&["match", "blank-lines.csv"]);
    assert_eq!(r.code, Some(3));
    assert_eq!(
        lines(&r.stderr)[..2],
        [
            "nice-coding: blank-lines.csv:5: row skipped: OPERTN_01 \"K5X8\" is not an OPCS-4 code: the second and third characters must be digits",
            "nice-coding: blank-lines.csv:6: row skipped: lines 6 to 7 were read as one row: a field opening with a quote (\") runs over a line end, which no HES field does, so the quote is likely stray; remove it, or quote the whole field and double the quotes inside it",
        ]
    );
    assert_eq!(
        r.stdout,
        "episode,guidance,variant,outcome\n\
         1,IPG214,Percutaneous procedure,diagnosis_matches\n\
         1,IPG406,Percutaneous procedure,no_diagnosis_recommendation\n\
         4,IPG164,Laser epithelial keratomileusis (LASEK),no_diagnosis_recommendation\n\
         4,IPG385,Laser epithelial keratomileusis (LASEK),diagnosis_not_checked\n"
    );
}

#[test]
fn match_reads_crlf_files_and_a_byte_order_mark() {
    let expected = "episode,guidance,variant,outcome\n\
                    1,IPG214,Percutaneous procedure,diagnosis_matches\n\
                    1,IPG406,Percutaneous procedure,no_diagnosis_recommendation\n\
                    3,IPG164,Laser epithelial keratomileusis (LASEK),no_diagnosis_recommendation\n\
                    3,IPG385,Laser epithelial keratomileusis (LASEK),diagnosis_not_checked\n";
    let bytes = |name: &str| std::fs::read(fixtures().join(name)).expect("read fixture");
    assert!(
        bytes("crlf.csv").ends_with(b"\r\n\r\n"),
        "crlf.csv lost its CRLF"
    );
    assert!(
        bytes("bom.csv").starts_with(b"\xEF\xBB\xBF"),
        "bom.csv lost its mark"
    );
    let r = run(&["match", "crlf.csv"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, expected);
    assert!(
        r.stderr
            .ends_with("crlf.csv: rows: 3 read, 0 skipped, 2 matching at least one guidance\n")
    );
    let r = run(&["match", "bom.csv"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "episode,guidance,variant,outcome\n1,IPG214,Percutaneous procedure,diagnosis_matches\n1,IPG406,Percutaneous procedure,no_diagnosis_recommendation\n"
    );
    // The mark is not part of the first column's name: --key finds EPIKEY behind it.
    let r = run(&["match", "--key", "EPIKEY", "bom.csv"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

#[test]
fn match_reads_the_full_hes_layout() {
    // 24 OPERTN_nn, OPERTN_3_nn, DIAG_nn, DIAG_3_nn and DIAG_4_nn columns. The 3-character
    // columns are ignored (OPERTN_3_nn holds K57, which would be a malformed code), and the
    // 4-character diagnoses are read rather than DIAG_nn: episode 900001 has I10X in DIAG_01
    // and I509 in DIAG_4_01, and its diagnosis matches IPG655's.
    let r = run(&["match", "hes-full-layout.csv"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    shipped::assert_saved("match-hes-full-layout.csv", &r.stdout);
    assert!(r.stdout.contains("\n900001,IPG655,,diagnosis_matches\n"));
    assert!(r.stdout.contains("\n900003,IPG655,,diagnosis_matches\n"));
}

#[test]
fn match_of_a_header_only_file_writes_headers_only() {
    let r = run(&["match", "header-only.csv"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stdout, "episode,guidance,variant,outcome\n");
    let [procedures, diagnoses] = column_notes("header-only.csv", "1 to 2", "diagnosis column 1");
    assert_eq!(
        r.stderr,
        format!(
            "{procedures}\n{diagnoses}\n{SUMMARY_HEADER}\nnice-coding: header-only.csv: rows: 0 read, 0 skipped, 0 matching at least one guidance\n"
        )
    );
}

#[test]
fn match_rejects_files_it_cannot_read_as_episodes_in_one_line() {
    let cases = [
        (
            "empty.csv",
            "empty.csv: the file is empty: expected a header row naming EPIKEY and the code columns",
        ),
        (
            "no-key.csv",
            "no-key.csv: no EPIKEY column in the header row (--key names the episode key column)",
        ),
        (
            "no-codes.csv",
            "no-codes.csv: no code columns in the header row: expected OPERTN_01 to OPERTN_24 and DIAG_01 to DIAG_20 (or DIAG_4_01 to DIAG_4_20)",
        ),
        (
            "diagnoses-only.csv",
            "diagnoses-only.csv: no procedure columns (OPERTN_01 to OPERTN_24) in the header row: an episode cannot match a guidance without its procedures",
        ),
        (
            "duplicate-column.csv",
            "duplicate-column.csv: the header row has OPERTN_01 twice (columns 2 and 4)",
        ),
    ];
    for (file, message) in cases {
        let r = run(&["match", file]);
        assert_eq!(r.code, Some(1), "{file}");
        assert_eq!(r.stdout, "", "{file}");
        assert_eq!(r.stderr, format!("nice-coding: error: {message}\n"));
    }
    let r = run(&["match", "--key", "SPELL", "episodes.csv"]);
    assert_eq!(
        r.stderr,
        "nice-coding: error: episodes.csv: no SPELL column in the header row (--key names the episode key column)\n"
    );
    // An empty standard input is an empty file too.
    let r = run_in(&fixtures(), &["match", "-"], b"");
    assert_eq!(
        r.stderr,
        "nice-coding: error: <stdin>: the file is empty: expected a header row naming EPIKEY and the code columns\n"
    );
}

#[test]
fn match_reports_unreadable_input_and_unwritable_output() {
    let r = run(&["match", "no-such-file.csv"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .starts_with("nice-coding: error: cannot read no-such-file.csv: ")
            && r.stderr.lines().count() == 1,
        "{}",
        r.stderr
    );
    let r = run(&[
        "match",
        "episodes.csv",
        "--output",
        "no-such-folder/out.csv",
    ]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .starts_with("nice-coding: error: cannot create no-such-folder/out.csv: ")
            && r.stderr.lines().count() == 1,
        "{}",
        r.stderr
    );
    let r = run(&[
        "match",
        "episodes.csv",
        "--summary",
        "no-such-folder/summary.csv",
    ]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .starts_with("nice-coding: error: cannot create no-such-folder/summary.csv: "),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn match_never_overwrites_its_input() {
    let dir = TempDir::new("cli-overwrite");
    let original = std::fs::read(fixtures().join("episodes.csv")).expect("read fixture");
    std::fs::write(dir.0.join("episodes.csv"), &original).expect("copy fixture");
    for option in ["--output", "--summary"] {
        let r = run_in(
            &dir.0,
            &["match", "episodes.csv", option, "./episodes.csv"],
            b"",
        );
        assert_eq!(r.code, Some(1), "{option}");
        assert_eq!(
            r.stderr,
            "nice-coding: error: ./episodes.csv: writing there would overwrite the input\n"
        );
        let kept = std::fs::read(dir.0.join("episodes.csv")).expect("read input");
        assert_eq!(kept, original, "{option}");
    }
}

// ---------------------------------------------------------------------------------------------
// export

#[test]
fn export_json_is_the_catalogue_read_back_exactly() {
    let r = run(&["export", "json"]);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert!(r.stdout.ends_with("}\n"));
    // Deterministic: the same bytes on every run.
    assert_eq!(run(&["export", "json"]).stdout, r.stdout);
    let json: Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(json["data_version"], DATA_VERSION);
    let all = json["guidance"].as_array().expect("a list of guidance");
    assert_eq!(all.len(), Guidance::COUNT);
    for (value, &g) in all.iter().zip(Guidance::ALL) {
        assert_eq!(value["id"], g.id());
        assert_eq!(value["title"], g.title());
        assert_eq!(value["number"], g.number());
        assert_eq!(value["source_url"], g.source_url());
        let status = match g.status() {
            Status::Current => "current",
            Status::Superseded => "superseded",
            Status::Withdrawn => "withdrawn",
            other => panic!("{other:?}"),
        };
        assert_eq!(value["status"], status, "{g}");
        let replaced_by: Vec<&str> = g.replaced_by().map(|r| r.id()).collect();
        assert_eq!(value["replaced_by"], serde_json::json!(replaced_by), "{g}");
        assert_eq!(
            value["incomplete"],
            serde_json::json!(g.incomplete()),
            "{g}"
        );
        same_tree(&value["procedure"], g.procedure(), g);
        same_tree(&value["diagnosis"], g.diagnosis(), g);
        let notes: Vec<&str> = g.notes().collect();
        assert_eq!(value["notes"], serde_json::json!(notes), "{g}");
        assert_eq!(
            value["snomed"].as_array().map(Vec::len),
            Some(g.snomed().len())
        );
    }
}

/// A rule's JSON against the rule itself, children included.
fn same_tree(value: &Value, rule: Rule, g: Guidance) {
    let kind = match rule.kind() {
        RuleKind::Code(Code::Opcs4(_)) => "opcs4",
        RuleKind::Code(Code::Icd10(_)) => "icd10",
        RuleKind::All => "all",
        RuleKind::OneOf => "one_of",
        RuleKind::OneOrMore => "one_or_more",
        RuleKind::Variants => "variants",
        RuleKind::Stages => "stages",
        RuleKind::Patients => "patients",
        RuleKind::Placeholder => "placeholder",
        other => panic!("{other:?}"),
    };
    assert_eq!(value["kind"], kind, "{g} {rule:?}");
    let code = rule.code().map(|c| c.bare().to_string());
    assert_eq!(value["code"], serde_json::json!(code), "{g} {rule:?}");
    assert_eq!(
        value["title"],
        serde_json::json!(rule.title()),
        "{g} {rule:?}"
    );
    let default = rule.default_code().map(|c| c.bare().to_string());
    assert_eq!(value["default"], serde_json::json!(default), "{g} {rule:?}");
    assert_eq!(
        value["condition"],
        serde_json::json!(rule.condition()),
        "{g}"
    );
    assert_eq!(value["label"], serde_json::json!(rule.label()), "{g}");
    assert_eq!(value["preferred"], rule.is_preferred(), "{g}");
    assert_eq!(
        value["description"],
        serde_json::json!(rule.description()),
        "{g}"
    );
    let within: Vec<String> = rule
        .within()
        .map(|r| format!("{}-{}", r.first(), r.last()))
        .collect();
    let within_json: Vec<String> = value["within"]
        .as_array()
        .expect("within is a list")
        .iter()
        .map(|r| {
            format!(
                "{}-{}",
                r["first"].as_str().unwrap(),
                r["last"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(within_json, within, "{g}");
    let children = value["children"].as_array().expect("children is a list");
    assert_eq!(children.len(), rule.children().len(), "{g} {rule:?}");
    for (child_value, child) in children.iter().zip(rule.children()) {
        same_tree(child_value, child, g);
    }
}

#[test]
fn export_json_writes_to_a_file() {
    let dir = TempDir::new("cli-json");
    let r = run_in(
        &dir.0,
        &["export", "json", "--output", "catalogue.json"],
        b"",
    );
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (Some(0), "", "")
    );
    let written = std::fs::read_to_string(dir.0.join("catalogue.json")).expect("written");
    assert_eq!(written, run(&["export", "json"]).stdout);
}

/// Whether the main position of a tree (its first entry, through groups of alternatives)
/// holds at least one code rather than only placeholders.
fn main_position_has_a_code(tree: Rule) -> bool {
    match tree.kind() {
        // A code assigned only under a condition is not the main code (role `conditional`).
        RuleKind::Code(_) => !tree.is_conditional(),
        RuleKind::Placeholder => false,
        RuleKind::All => tree.children().next().is_some_and(main_position_has_a_code),
        _ => tree.children().any(main_position_has_a_code),
    }
}

#[test]
fn export_opencodelists_writes_one_sorted_list_per_guidance_and_classification() {
    let dir = TempDir::new("cli-codelists");
    let r = run_in(&dir.0, &["export", "opencodelists", "--dir", "lists"], b"");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let read = |name: &str| std::fs::read_to_string(dir.0.join("lists").join(name));
    // Every code undotted, with its role; a category as its three characters, with its
    // default.
    assert_eq!(
        read("IPG655-opcs4.csv").expect("IPG655-opcs4.csv"),
        "code,term,role\n\
         K578,Other specified other therapeutic transluminal operations on heart,main\n\
         Y021,Implantation of prosthesis into organ NOC,supplementary\n\
         Y53,Approach to organ under image control,conditional\n\
         Y539,,default\n\
         Y68,Other approach to organ under image control,conditional\n\
         Y689,,default\n\
         Z332,Septum of ventricle of heart,site\n\
         Z336,Atrium of heart,conditional\n\
         Z942,Right sided operation,site\n"
    );
    assert_eq!(
        read("IPG655-opcs4-main.csv").expect("IPG655-opcs4-main.csv"),
        "code,term,role\n\
         K578,Other specified other therapeutic transluminal operations on heart,main\n"
    );
    assert_eq!(
        read("IPG655-icd10.csv").expect("IPG655-icd10.csv"),
        "code,term,role\n\
         I500,Congestive heart failure,alternative_main\n\
         I509,\"Heart failure, unspecified\",alternative_main\n"
    );
    // An undivided ICD-10 code loses its X filler, as OpenCodelists writes it.
    assert_eq!(
        read("IPG294-icd10.csv").expect("IPG294-icd10.csv"),
        "code,term,role\nI48,Atrial fibrillation and flutter,main\n"
    );
    // Every file OpenCodelists reads: a code of 3 or 4 characters without a dot, a role from
    // the documented set.
    for entry in std::fs::read_dir(dir.0.join("lists")).expect("read lists") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record.expect("a CSV record");
            let code = &record[0];
            assert!(
                (3..=5).contains(&code.len())
                    && code
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
                "{}: {code}",
                path.display()
            );
            assert!(
                [
                    "main",
                    "alternative_main",
                    "supplementary",
                    "site",
                    "approach",
                    "conditional",
                    "default"
                ]
                .contains(&&record[2]),
                "{}: {}",
                path.display(),
                &record[2]
            );
        }
    }
    // A guidance without ICD-10 codes has no ICD-10 list.
    assert_eq!(ipg::IPG459.diagnosis().children().len(), 0);
    assert!(read("IPG459-opcs4.csv").is_ok());
    assert!(read("IPG459-icd10.csv").is_err());
    // One file per tree that names a code, and nothing else.
    let expected: BTreeSet<String> = Guidance::ALL
        .iter()
        .flat_map(|&g| {
            [(g.procedure(), "opcs4"), (g.diagnosis(), "icd10")]
                .into_iter()
                .filter(|(tree, _)| tree.descendants().any(|r| r.code().is_some()))
                .flat_map(move |(tree, system)| {
                    // The main-codes list is missing only where a placeholder holds the main
                    // position.
                    let main = main_position_has_a_code(tree);
                    let mut names = vec![format!("{}-{system}.csv", g.id())];
                    if main {
                        names.push(format!("{}-{system}-main.csv", g.id()));
                    }
                    names
                })
        })
        .collect();
    let written: BTreeSet<String> = std::fs::read_dir(dir.0.join("lists"))
        .expect("read lists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written, expected);
    // Then a line on the lists holding three-character codes (export_codelists.rs checks it).
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines[0],
        format!("nice-coding: wrote {} files in lists", expected.len())
    );
    assert_eq!(lines.len(), 2, "{}", r.stderr);
}

#[test]
fn export_opencodelists_expands_categories_into_the_codes_of_a_release() {
    let dir = TempDir::new("cli-codelists-release");
    let releases = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/releases");
    let opcs4 = releases.join("opcs4-codes-and-titles.txt");
    let args = [
        "export",
        "opencodelists",
        "--dir",
        "lists",
        "--opcs4",
        opcs4.to_str().expect("UTF-8 path"),
    ];
    let r = run_in(&dir.0, &args, b"");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let read = |name: &str| std::fs::read_to_string(dir.0.join("lists").join(name));
    // Y53.- and Y68.- are replaced by the fixture's codes under them, with its titles.
    assert_eq!(
        read("IPG655-opcs4.csv").expect("IPG655-opcs4.csv"),
        "code,term,role\n\
         K578,Other specified other therapeutic transluminal operations on heart,main\n\
         Y021,Implantation of prosthesis into organ NOC,supplementary\n\
         Y532,Approach to organ under ultrasonic control,conditional\n\
         Y534,Approach to organ under fluoroscopic control,conditional\n\
         Y539,Unspecified approach to organ under image control,default\n\
         Y689,Unspecified other approach to organ under image control,default\n\
         Z332,Septum of ventricle of heart,site\n\
         Z336,Atrium of heart,conditional\n\
         Z942,Right sided operation,site\n"
    );
    // Without an ICD-10 release the ICD-10 lists are as before.
    assert_eq!(
        read("IPG655-icd10.csv").expect("IPG655-icd10.csv"),
        "code,term,role\n\
         I500,Congestive heart failure,alternative_main\n\
         I509,\"Heart failure, unspecified\",alternative_main\n"
    );
    // A category the release has no code under (G40.- of IPG50 is not in the fixture) stands
    // as it is.
    let r = run_in(
        &dir.0,
        &[
            "export",
            "opencodelists",
            "--dir",
            "lists",
            "--icd10",
            releases
                .join("icd10-plain.tsv")
                .to_str()
                .expect("UTF-8 path"),
        ],
        b"",
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        read("IPG50-icd10.csv").expect("IPG50-icd10.csv"),
        "code,term,role\nG40,Epilepsy,main\n"
    );
}

/// The rules table's shape, on IPG655 and by count; `export_rules.rs` rebuilds the whole
/// catalogue from it. (It was one row per code with its parent's kind; it is now one row per
/// node with every key, so that trees rebuild from it.)
#[test]
fn export_rules_lists_every_node_of_every_guidance_with_its_role_and_place() {
    let r = run(&["export", "rules"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let ipg655: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("guidance,") || l.starts_with("IPG655,"))
        .collect();
    assert_eq!(
        ipg655,
        [
            "guidance,node,parent,part,position,path,kind,system,code,role,title,printed,default,default_title,except,description,within,count,label,implied_label,preferred,condition,only_if,instead_of,supplementary_if,concurrent,chosen_by,in_order,sequence,stock_notes,note",
            "IPG655,1,,procedure,,,all,opcs4,,,,,,,,,,,,,,,,,,,,,,,",
            "IPG655,2,1,procedure,1,1,opcs4,opcs4,K57.8,main,Other specified other therapeutic transluminal operations on heart,,,,,,,,,,,,,,,,,,,,",
            "IPG655,3,1,procedure,2,2,opcs4,opcs4,Y02.1,supplementary,Implantation of prosthesis into organ NOC,,,,,,,,,,,,,,,,,,,,",
            "IPG655,4,1,procedure,3,3,one_of,opcs4,,,,,,,,,,,,,,if image control is used,,,,,,,,image-control-category,\"Either category may be used; pick the fourth character for the method of image control, or .9 when the method is not stated.\"",
            "IPG655,5,4,procedure,1,3.1,opcs4,opcs4,Y53.-,conditional,Approach to organ under image control,,Y53.9,,,,,,,,,,,,,,,,,,",
            "IPG655,6,4,procedure,2,3.2,opcs4,opcs4,Y68.-,conditional,Other approach to organ under image control,,Y68.9,,,,,,,,,,,,,,,,,,",
            "IPG655,7,1,procedure,4,4,opcs4,opcs4,Z33.2,site,Septum of ventricle of heart,,,,,,,,,,,,,,,,,,,,",
            "IPG655,8,1,procedure,5,5,opcs4,opcs4,Z33.6,conditional,Atrium of heart,,,,,,,,,,,only where leads are implanted into the right atrium (usually the atrial appendage),,,,,,,,,",
            "IPG655,9,1,procedure,6,6,opcs4,opcs4,Z94.2,site,Right sided operation,,,,,,,,,,,,,,,,,,,,",
            "IPG655,10,,diagnosis,,,all,icd10,,,,,,,,,,,,,,,,,,,,,,,",
            "IPG655,11,10,diagnosis,1,1,one_of,icd10,,,,,,,,,,,,,,,,,,,,,,,",
            "IPG655,12,11,diagnosis,1,1.1,icd10,icd10,I50.9,alternative_main,\"Heart failure, unspecified\",,,,,,,,,,,,,,,,,,,,",
            "IPG655,13,11,diagnosis,2,1.2,icd10,icd10,I50.0,alternative_main,Congestive heart failure,,,,,,,,,,,,,,,,,,,,",
        ]
    );
    // One row per node of both trees (roots included), per Includes and Excludes line, and
    // per ruled_out_by code, for every guidance: nothing is left out.
    let expected: usize = Guidance::ALL
        .iter()
        .map(|g| {
            let lines: usize = [g.procedure(), g.diagnosis()]
                .into_iter()
                .flat_map(|tree| tree.descendants())
                .map(|rule| 1 + rule.includes().len() + rule.excludes().len())
                .sum();
            lines + g.ruled_out_by().len()
        })
        .sum();
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a record")).collect();
    assert_eq!(rows.len(), expected);
    // Labels carry the scenario of a variant, on the variant's node.
    assert!(rows.iter().any(|row| &row[0] == "IPG214"
        && &row[8] == "J12.7"
        && &row[18] == "Percutaneous procedure"
        && &row[9] == "alternative_main"));
}

#[test]
fn export_opencodelists_rejects_an_unreadable_release_before_writing() {
    let dir = TempDir::new("cli-codelists-bad-release");
    let r = run_in(
        &releases_dir(),
        &[
            "export",
            "opencodelists",
            "--dir",
            dir.0.join("lists").to_str().expect("UTF-8 path"),
            "--icd10",
            "bad/truncated.xml",
        ],
        b"",
    );
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            Some(1),
            "",
            "nice-coding: error: bad/truncated.xml:5:48: the XML ends before its root element is \
             closed, so the file is cut short; download the release again.\n"
        )
    );
    assert!(!dir.0.join("lists").exists());
}

// ---------------------------------------------------------------------------------------------
// page-codes

fn page_codes_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/page-codes")
}

#[test]
fn page_codes_lists_every_code_of_the_text_and_whether_the_guidance_holds_it() {
    // The text prints "Y02. 1" and "Y68 .-" (read as Y02.1 and Y68.-), marks I50.9 with a
    // dagger and H19.8 with an asterisk (compared without them), adds Z33.9 and H19.8, and
    // names neither default; its header lines and research note are skipped (Q99.9). Its
    // sentence breaks after "Congestive heart", so the title stops there. (The report used
    // to list only the differences; it now lists every code of the text, as printed, with
    // how the text names it and its title, so the missing and extra lines are the same.)
    let dir = page_codes_fixtures();
    let r = run_in(
        &dir,
        &["page-codes", "ipg655", "ipg655-with-slips.txt"],
        b"",
    );
    assert_eq!((r.code, r.stderr.as_str()), (Some(4), ""));
    assert_eq!(
        r.stdout,
        "present  K57.8    line 7    K57.8      recommended        Other specified other therapeutic transluminal operations on heart\n\
         present  Y02.1    line 8    Y02. 1     recommended        Implantation of prosthesis into organ NOC\n\
         present  Y53.-    line 9    Y53.-      recommended        Approach to organ under image control\n\
         present  Y68.-    line 11   Y68 .-     recommended        Other approach to organ under image control\n\
         present  Z33.2    line 12   Z33.2      recommended        Septum of ventricle of heart\n\
         present  Z33.6    line 13   Z33.6      recommended        Atrium of heart\n\
         present  Z94.2    line 14   Z94.2      recommended        Right sided operation\n\
         missing  Z33.9    line 15   Z33.9      recommended        Unspecified heart\n\
         present  I50.9    line 17   I50.9†     recommended        Heart failure, unspecified\n\
         present  I50.0    line 17   I50.0      recommended        Congestive heart\n\
         missing  H19.8    line 18   H19.8*     recommended\n\
         extra    Y53.9    named by IPG655, not by the text\n\
         extra    Y68.9    named by IPG655, not by the text\n\
         IPG655: 11 codes named by the text (9 present, 2 missing, 0 not required); 2 codes only in the guidance\n"
    );
    let r = run_in(&dir, &["page-codes", "IPG655", "ipg655-complete.txt"], b"");
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert!(
        r.stdout.ends_with(
            "IPG655: 11 codes named by the text (11 present, 0 missing, 0 not required); 0 codes only in the guidance\n"
        ),
        "{}",
        r.stdout
    );
    // Standard input, as `-`.
    let text = std::fs::read(dir.join("ipg655-complete.txt")).expect("read the fixture");
    let piped = run_in(&dir, &["page-codes", "IPG655", "-"], &text);
    assert_eq!((piped.code, piped.stdout), (Some(0), r.stdout));
}

#[test]
fn page_codes_counts_a_code_the_guidance_names_on_an_excludes_line() {
    // C51.5 stands in IPG227 only under `excludes`: it is a code the file names, so a text
    // printing it misses nothing.
    let r = run_in(
        &page_codes_fixtures(),
        &["page-codes", "IPG227", "ipg227-excludes.txt"],
        b"",
    );
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert_eq!(
        r.stdout,
        "present  C46.4    line 3    C46.4      recommended        Insertion of prosthesis into cornea\n\
         present  C51.5    line 4    C51.5      excludes line\n\
         present  H18.6    line 5    H18.6      note\n\
         present  Q13.4    line 5    Q13.4      note\n\
         present  Q90.-    line 5    Q90.-†     note\n\
         present  H19.8    line 5    H19.8*     note\n\
         IPG227: 6 codes named by the text (6 present, 0 missing, 0 not required); 0 codes only in the guidance\n"
    );
}

#[cfg(unix)]
#[test]
fn page_codes_with_standard_output_closed_is_an_error() {
    let out = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" page-codes IPG655 ipg655-complete.txt >&-")
        .arg(env!("CARGO_BIN_EXE_nice-coding"))
        .current_dir(page_codes_fixtures())
        .output()
        .expect("run sh");
    let r = tool::finish(out);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr,
        "nice-coding: error: standard output is closed: what the command writes there would be lost (redirect it to a file, or give --output FILE where the command takes it)\n"
    );
}

#[test]
fn page_codes_reads_titled_ranges_glued_titles_and_bare_categories() {
    // X70-X72 is IPG446's placeholder range; "Y12.3Electrochemotherapy" is Y12.3 with its
    // title glued on; "Z94" is Z94.-; "C43", a category IPG446 does not hold, is missing.
    let r = run_in(
        &page_codes_fixtures(),
        &["page-codes", "IPG446", "ipg446-shapes.txt"],
        b"",
    );
    assert_eq!((r.code, r.stderr.as_str()), (Some(4), ""));
    assert_eq!(
        r.stdout,
        "present  X70-X72  line 6    X70-X72    recommended        Procurement of drugs for chemotherapy for neoplasm Bands 1-10\n\
         present  Y12.3    line 8    Y12.3      recommended        Electrochemotherapy to lesion of organ NOC\n\
         present  Z94.-    line 10   Z94        recommended        Laterality of operation\n\
         missing  C43.-    line 12   C43        recommended        Malignant melanoma of skin\n\
         IPG446: 4 codes named by the text (3 present, 1 missing, 0 not required); 0 codes only in the guidance\n"
    );
}

#[test]
fn page_codes_counts_only_what_the_recommendation_holds() {
    // IPG155 names S07.- in a note only: the text lists it, so it is missing. S08.1 is named
    // only to say it must not be used, and the lines above the heading are no coding text:
    // named in passing, never missing.
    let r = run_in(
        &page_codes_fixtures(),
        &["page-codes", "IPG155", "ipg155-category.txt"],
        b"",
    );
    assert_eq!((r.code, r.stderr.as_str()), (Some(4), ""));
    assert_eq!(
        r.stdout,
        "named    S07.-    line 2    S07.-      in passing\n\
         named    S08.1    line 2    S08.1      in passing\n\
         missing  S07.-    line 6    S07.-      recommended        Photodynamic therapy of skin\n\
         named    S08.1    line 10   S08.1      in passing         Photodynamic therapy of the nail bed\n\
         extra    S07.1    named by IPG155, not by the text\n\
         extra    S07.8    named by IPG155, not by the text\n\
         extra    S07.9    named by IPG155, not by the text\n\
         IPG155: 4 codes named by the text (0 present, 1 missing, 3 not required); 3 codes only in the guidance\n"
    );
}

#[test]
fn page_codes_reads_every_import_fixture() {
    // The import fixtures are texts in NICE's shapes for guidance the catalogue does not
    // hold; page-codes reads them all without an error (IPG655's catalogue entry stands in).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for entry in std::fs::read_dir(&dir).expect("read the import fixtures") {
        let name = entry
            .expect("an entry")
            .file_name()
            .into_string()
            .expect("a name");
        if !name.ends_with(".txt") {
            continue;
        }
        let r = run_in(&dir, &["page-codes", "IPG655", &name], b"");
        assert!(matches!(r.code, Some(0 | 4)), "{name}: {}", r.stderr);
        assert!(
            r.stdout
                .lines()
                .last()
                .is_some_and(|l| l.starts_with("IPG655: ")),
            "{name}"
        );
    }
}

#[test]
fn page_codes_reports_a_text_it_cannot_read_in_one_line() {
    let dir = page_codes_fixtures();
    let r = run_in(&dir, &["page-codes", "IPG655", "no-such-text.txt"], b"");
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .starts_with("nice-coding: error: cannot read no-such-text.txt: "),
        "{}",
        r.stderr
    );
    let r = run_in(&dir, &["page-codes", "IPG1", "ipg655-complete.txt"], b"");
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.starts_with("nice-coding: error: IPG1: "),
        "{}",
        r.stderr
    );
    // A folder, a text with no code, an empty one: one line each, no report.
    let tmp = TempDir::new("cli-page-codes-bad");
    std::fs::create_dir(tmp.0.join("folder.txt")).expect("create a folder");
    tmp.write("prose.txt", "Coding recommendations\n\nThe usual care.\n");
    tmp.write("empty.txt", "");
    for (file, message) in [
        (
            "folder.txt",
            "cannot read folder.txt: it is a folder, not a regular file",
        ),
        (
            "prose.txt",
            "prose.txt: names no OPCS-4 or ICD-10 code, and says nothing of how the procedure is coded; is it a NICE coding text?",
        ),
        ("empty.txt", "empty.txt: is empty"),
    ] {
        let r = run_in(&tmp.0, &["page-codes", "IPG655", file], b"");
        assert_eq!((r.code, r.stdout.as_str()), (Some(1), ""), "{file}");
        assert_eq!(r.stderr, format!("nice-coding: error: {message}\n"));
    }
}

// ---------------------------------------------------------------------------------------------
// drift

fn releases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/releases")
}

/// Runs the tool in the release fixture folder, so messages name releases as `bad/empty.txt`.
fn run_releases(args: &[&str]) -> Run {
    run_in(&releases_dir(), args, b"")
}

const DRIFT_BOTH: [&str; 5] = [
    "drift",
    "--opcs4",
    "drift/opcs4-drift.tsv",
    "--icd10",
    "drift/icd10-drift.tsv",
];

/// One difference as the CSV and JSON reports give it: guidance, system, code, difference,
/// guidance title, release title (empty when none).
type DriftRow = [String; 6];

/// What `drift` must report against the drift fixtures, worked out here from the library and
/// the fixtures read as the plain `code<TAB>title` lists they are: the rows in report order,
/// and how many guidance have a code to check (every guidance naming a code, as both
/// classifications are given).
fn expected_drift() -> (Vec<DriftRow>, usize) {
    let read = |name: &str| -> Vec<(String, String)> {
        std::fs::read_to_string(releases_dir().join("drift").join(name))
            .expect("read drift fixture")
            .lines()
            .map(|line| {
                let (code, title) = line.split_once('\t').expect("code<TAB>title");
                (code.to_owned(), title.to_owned())
            })
            .collect()
    };
    let (opcs4, icd10) = (read("opcs4-drift.tsv"), read("icd10-drift.tsv"));
    let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut rows = Vec::new();
    let mut checked = 0;
    for &g in Guidance::ALL {
        let mut seen = BTreeSet::new();
        let rules = g
            .procedure()
            .descendants()
            .chain(g.diagnosis().descendants());
        for rule in rules {
            let named = [
                rule.code().map(|c| (c, rule.title())),
                rule.default_code().map(|c| (c, rule.default_title())),
            ];
            for (code, title) in named.into_iter().flatten() {
                if seen.is_empty() {
                    checked += 1;
                }
                let (system, release, key) = match code {
                    Code::Opcs4(c) => ("OPCS-4", &opcs4, c.to_string()),
                    Code::Icd10(c) => ("ICD-10", &icd10, c.without_marker().to_string()),
                };
                let key = key.trim_end_matches(".-").to_owned();
                if !seen.insert((system, key.clone())) {
                    continue;
                }
                let entry = release.iter().find(|(c, _)| *c == key);
                let under = release
                    .iter()
                    .any(|(c, _)| c.starts_with(&format!("{key}.")));
                let row = |difference: &str, release_title: &str| {
                    [
                        g.id(),
                        system,
                        &code.bare().to_string(),
                        difference,
                        title.unwrap_or_default(),
                        release_title,
                    ]
                    .map(str::to_owned)
                };
                match entry {
                    None if code.is_category() && under => {}
                    None => rows.push(row("absent", "")),
                    Some((_, release_title)) => {
                        if title.is_some_and(|t| collapse(t) != collapse(release_title)) {
                            rows.push(row("retitled", release_title));
                        }
                    }
                }
            }
        }
    }
    (rows, checked)
}

const IPG655_DRIFT: &str = "\
IPG655  Cardiac contractility modulation device implantation for heart failure
  absent   OPCS-4 K57.8   Other specified other therapeutic transluminal operations on heart
  absent   OPCS-4 Y53.9
  retitled OPCS-4 Y68.-   guidance: \"Other approach to organ under image control\"  release: \"Other approaches to organ under image control\"
  retitled OPCS-4 Z33.6   guidance: \"Atrium of heart\"  release: \"Atrium\"
  retitled ICD-10 I50.9   guidance: \"Heart failure, unspecified\"  release: \"Heart failure unspecified\"
";

#[test]
fn drift_reports_absent_and_retitled_codes_per_guidance_as_text() {
    let mut args = DRIFT_BOTH.to_vec();
    args.extend(["--opcs4-version", "4.11"]);
    let r = run_releases(&args);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    let blocks: Vec<&str> = r.stdout.split("\n\n").collect();
    assert_eq!(
        blocks[0],
        "OPCS-4 release: drift/opcs4-drift.tsv (code and title list), version 4.11\n\
         ICD-10 release: drift/icd10-drift.tsv (code and title list), edition not stated"
    );
    // IPG655: K57.8 is missing; Y53.- is there through Y53.2 and Y53.4 but its default Y53.9
    // is not; Y68's entry and Z33.6 and I50.9 are titled otherwise; Z33.2 and I50.0 differ
    // only in their spacing.
    let ipg655 = blocks
        .iter()
        .find(|b| b.starts_with("IPG655 "))
        .expect("IPG655 block");
    assert_eq!(format!("{ipg655}\n"), IPG655_DRIFT);

    let (rows, checked) = expected_drift();
    let count = |difference: &str| rows.iter().filter(|r| r[3] == difference).count();
    let guidance: BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    // The worked-out rows hold the IPG655 lines above.
    let ipg655_rows = rows.iter().filter(|r| r[0] == "IPG655").count();
    assert_eq!(ipg655_rows, IPG655_DRIFT.lines().count() - 1);
    assert_eq!(
        *blocks.last().expect("summary"),
        format!(
            "{checked} guidance checked, {} with differences: {} codes absent, {} codes retitled, 0 codes retired\n",
            guidance.len(),
            count("absent"),
            count("retitled")
        )
    );
    // One block per guidance with differences, in catalogue order, one line per difference.
    let ids: Vec<&str> = blocks[1..blocks.len() - 1]
        .iter()
        .map(|b| b.split(' ').next().expect("id"))
        .collect();
    let mut expected_ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    expected_ids.dedup();
    assert_eq!(ids, expected_ids);
    let lines = blocks[1..blocks.len() - 1]
        .iter()
        .map(|b| b.lines().count() - 1)
        .sum::<usize>();
    assert_eq!(lines, rows.len());
}

#[test]
fn drift_lists_retired_codes_as_retired() {
    // The real-shapes OPCS-4.11 fixture keeps Y76.3, Y76.4 and Y76.6 as retired, as OPCS-4.11
    // does; every guidance naming one lists it as retired, never as retitled.
    let r = run_releases(&["drift", "--opcs4", "real-shapes/opcs4-4.11.xml"]);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    let ipg409 = r
        .stdout
        .split("\n\n")
        .find(|b| b.starts_with("IPG409 "))
        .expect("IPG409 block");
    assert!(
        ipg409.contains(
            "\n  retired  OPCS-4 Y76.6   Endonasal endoscopic approach to other body cavity"
        ),
        "{ipg409}"
    );
    let using_retired: Vec<&str> = Guidance::ALL
        .iter()
        .flat_map(|g| {
            let retired = g
                .procedure()
                .descendants()
                .flat_map(|r| [r.code(), r.default_code()])
                .flatten()
                .map(|c| c.bare().to_string())
                .filter(|c| ["Y76.3", "Y76.4", "Y76.6"].contains(&c.as_str()))
                .collect::<BTreeSet<_>>();
            std::iter::repeat_n(g.id(), retired.len())
        })
        .collect();
    assert!(using_retired.contains(&"IPG147") && using_retired.contains(&"IPG499"));
    let retired_lines = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("  retired  "))
        .count();
    assert_eq!(retired_lines, using_retired.len());
    assert!(!r.stdout.contains("retitled OPCS-4 Y76."), "{}", r.stdout);
    let summary = r.stdout.lines().last().expect("summary");
    assert!(
        summary.ends_with(&format!(", {} codes retired", using_retired.len())),
        "{summary}"
    );
}

#[test]
fn drift_with_one_release_checks_that_classification_only() {
    let r = run_releases(&["drift", "--icd10", "drift/icd10-drift.tsv"]);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert!(r.stdout.starts_with(
        "OPCS-4 release: not given\n\
         ICD-10 release: drift/icd10-drift.tsv (code and title list), edition not stated\n\n"
    ));
    assert!(r.stdout.contains(
        "\nIPG655  Cardiac contractility modulation device implantation for heart failure\n  \
         retitled ICD-10 I50.9   guidance: \"Heart failure, unspecified\"  release: \"Heart \
         failure unspecified\"\n\n"
    ));
    assert!(!r.stdout.contains(" OPCS-4 "));
    // Only the guidance with an ICD-10 code are checked.
    let with_icd10 = Guidance::ALL
        .iter()
        .filter(|g| {
            g.procedure()
                .descendants()
                .chain(g.diagnosis().descendants())
                .flat_map(|r| [r.code(), r.default_code()])
                .any(|c| matches!(c, Some(Code::Icd10(_))))
        })
        .count();
    let summary = r.stdout.lines().last().expect("summary");
    assert!(
        summary.starts_with(&format!("{with_icd10} guidance checked, ")),
        "{summary}"
    );
}

#[test]
fn drift_as_json_is_one_document_with_the_differences_and_the_counts() {
    let mut args = DRIFT_BOTH.to_vec();
    args.extend(["--icd10-edition", "5", "--format", "json"]);
    let r = run_releases(&args);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    let report: Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(
        report["releases"],
        serde_json::json!([
            {"system": "OPCS-4", "file": "drift/opcs4-drift.tsv", "format": "code and title list", "version": null},
            {"system": "ICD-10", "file": "drift/icd10-drift.tsv", "format": "code and title list", "version": "5"},
        ])
    );
    let ipg655 = report["guidance"]
        .as_array()
        .expect("guidance array")
        .iter()
        .find(|g| g["id"] == "IPG655")
        .expect("IPG655");
    assert_eq!(
        ipg655["title"],
        "Cardiac contractility modulation device implantation for heart failure"
    );
    assert_eq!(
        ipg655["differences"][1],
        serde_json::json!({"system": "OPCS-4", "code": "Y53.9", "difference": "absent", "guidance_title": null, "release_title": null})
    );
    assert_eq!(
        ipg655["differences"][3],
        serde_json::json!({"system": "OPCS-4", "code": "Z33.6", "difference": "retitled", "guidance_title": "Atrium of heart", "release_title": "Atrium"})
    );
    // Every difference, flattened, is what the fixtures and the library say.
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let rows: Vec<DriftRow> = report["guidance"]
        .as_array()
        .expect("guidance array")
        .iter()
        .flat_map(|g| {
            let id = text(&g["id"]);
            g["differences"]
                .as_array()
                .expect("differences")
                .iter()
                .map(move |d| {
                    [
                        id.clone(),
                        text(&d["system"]),
                        text(&d["code"]),
                        text(&d["difference"]),
                        text(&d["guidance_title"]),
                        text(&d["release_title"]),
                    ]
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let (expected, checked) = expected_drift();
    assert_eq!(rows, expected);
    let guidance: BTreeSet<&str> = expected.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        report["summary"],
        serde_json::json!({
            "guidance_checked": checked,
            "guidance_with_differences": guidance.len(),
            "codes_absent": expected.iter().filter(|r| r[3] == "absent").count(),
            "codes_retitled": expected.iter().filter(|r| r[3] == "retitled").count(),
            "codes_retired": 0,
        })
    );
}

#[test]
fn drift_as_csv_is_one_row_per_difference() {
    let mut args = DRIFT_BOTH.to_vec();
    args.extend(["--format", "csv"]);
    let r = run_releases(&args);
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    let ipg655: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("IPG655,"))
        .collect();
    assert_eq!(
        ipg655,
        [
            "IPG655,OPCS-4,K57.8,absent,Other specified other therapeutic transluminal operations on heart,",
            "IPG655,OPCS-4,Y53.9,absent,,",
            "IPG655,OPCS-4,Y68.-,retitled,Other approach to organ under image control,Other approaches to organ under image control",
            "IPG655,OPCS-4,Z33.6,retitled,Atrium of heart,Atrium",
            "IPG655,ICD-10,I50.9,retitled,\"Heart failure, unspecified\",Heart failure unspecified",
        ]
    );
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    assert_eq!(
        reader.headers().expect("header"),
        vec![
            "guidance",
            "system",
            "code",
            "difference",
            "guidance_title",
            "release_title"
        ]
    );
    let rows: Vec<DriftRow> = reader
        .records()
        .map(|record| {
            let record = record.expect("CSV row");
            std::array::from_fn(|i| record[i].to_owned())
        })
        .collect();
    assert_eq!(rows, expected_drift().0);
}

#[test]
fn drift_stops_at_a_release_it_cannot_read_in_one_line() {
    let r = run_releases(&["drift", "--opcs4", "bad/no-tab.txt"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            Some(1),
            "",
            "nice-coding: error: bad/no-tab.txt:2:1: the line has no tab (the code and the title \
             are separated by spaces here); each line of a code and title file is a code, a tab, \
             then the title.\n"
        )
    );
    // The other classification's file given as the OPCS-4 release.
    let r = run_releases(&["drift", "--opcs4", "icd10-plain.tsv"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (
            Some(1),
            "",
            "nice-coding: error: icd10-plain.tsv:4:1: this is an ICD-10 release (it has G01.X, \
             and the X filler marks an undivided ICD-10 category), but an OPCS-4 release was \
             expected; give it as the ICD-10 release instead.\n"
        )
    );
    // A missing file.
    let r = run_releases(&["drift", "--icd10", "missing.xml"]);
    assert_eq!((r.code, r.stdout.as_str()), (Some(1), ""));
    assert!(
        r.stderr
            .starts_with("nice-coding: error: missing.xml: cannot read the release file ("),
        "{}",
        r.stderr
    );
    // At least one release is required.
    assert_eq!(run_releases(&["drift"]).code, Some(2));
}

// ---------------------------------------------------------------------------------------------
// the process as a whole

#[test]
fn a_closed_standard_output_ends_the_run_quietly() {
    // The JSON is far larger than a pipe's buffer; the reader is gone before it is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_nice-coding"))
        .args(["export", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nice-coding");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("run nice-coding");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn help_describes_every_subcommand_and_usage_errors_exit_with_2() {
    let r = run(&["--help"]);
    assert_eq!(r.code, Some(0));
    for command in [
        "list",
        "show",
        "lookup",
        "match",
        "export",
        "drift",
        "page-codes",
        "import",
    ] {
        assert!(
            r.stdout
                .lines()
                .any(|l| l.trim_start().starts_with(command)),
            "{command} missing from:\n{}",
            r.stdout
        );
    }
    let r = run(&["match", "--help"]);
    assert_eq!(r.code, Some(0));
    assert!(r.stdout.contains("EPIKEY") && r.stdout.contains("--summary"));
    let r = run(&["frobnicate"]);
    assert_eq!(r.code, Some(2));
    let r = run(&["show"]);
    assert_eq!(r.code, Some(2));
}

/// A release is the user's file, not ours: its titles and damaged lines reach the terminal
/// only with their control characters escaped (`ESC [2J` clears the screen, an OSC sequence
/// retitles the window).
#[test]
fn drift_escapes_control_characters_from_the_release() {
    let dir = TempDir::new("cli-drift-controls");
    let fixture = std::fs::read_to_string(releases_dir().join("drift/icd10-drift.tsv"))
        .expect("read drift fixture");
    let hostile = fixture.replace(
        "I50.9\tHeart failure unspecified",
        "I50.9\tHeart failure\u{1b}[2J\u{1b}]0;pwned\u{7} unspecified",
    );
    assert_ne!(hostile, fixture, "the fixture holds I50.9");
    dir.write("icd10.tsv", &hostile);
    let r = run_in(&dir.0, &["drift", "--icd10", "icd10.tsv"], b"");
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert!(!r.stdout.contains('\u{1b}') && !r.stdout.contains('\u{7}'));
    assert!(
        r.stdout
            .contains("release: \"Heart failure\\u{1b}[2J\\u{1b}]0;pwned\\u{7} unspecified\""),
        "{}",
        r.stdout
    );

    // A damaged line is quoted in the error, escaped too.
    dir.write("damaged.tsv", "I50.9\tHeart failure\nI5\u{1b}[2J0.9\tx\n");
    let r = run_in(&dir.0, &["drift", "--icd10", "damaged.tsv"], b"");
    assert_eq!(r.code, Some(1));
    assert!(!r.stderr.contains('\u{1b}'), "{:?}", r.stderr);
    assert!(r.stderr.contains("\"I5\\u{1b}[2J0.9\""), "{}", r.stderr);
}
