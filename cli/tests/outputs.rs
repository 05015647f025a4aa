//! The outputs of the tool (issue 25): no two outputs of `match` may be one file; a named
//! output is written whole or not at all, so a failed run leaves it as it was; and every
//! command that writes to standard output fails when it was closed (`>&-`).

use nice_coding::Guidance;
use std::io::Write;
use std::path::{Path, PathBuf};

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "common/tool.rs"]
mod tool;
use common::TempDir;
use tool::{Run, run_in};

const EPISODES: &str = "EPIKEY,OPERTN_01\n1,Q163\n2,K5X8\n3,Q163\n";
const OLD: &str = "the file as it was\n";

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(path).expect("read")
}

// ---------------------------------------------------------------------------------------------
// Outputs that are one file

#[test]
fn two_outputs_named_alike_are_refused_before_anything_is_written() {
    let dir = TempDir::new("out-alike");
    dir.write("e.csv", EPISODES);
    let cases: [(&[&str], &str); 4] = [
        (
            &["--output", "x.csv", "--summary", "x.csv"],
            "--summary x.csv is the same file as --output x.csv",
        ),
        (
            &["--output", "x.csv", "--skipped", "./x.csv"],
            "--skipped ./x.csv is the same file as --output x.csv",
        ),
        (
            &["--summary", "x.csv", "--skipped", "sub/../x.csv"],
            "--skipped sub/../x.csv is the same file as --summary x.csv",
        ),
        (
            &[
                "--output",
                "o.csv",
                "--summary",
                "x.csv",
                "--skipped",
                "x.csv",
            ],
            "--skipped x.csv is the same file as --summary x.csv",
        ),
    ];
    std::fs::create_dir(dir.0.join("sub")).expect("sub folder");
    for existing in [false, true] {
        for (options, message) in cases {
            if existing {
                dir.write("x.csv", OLD);
            }
            let mut args = vec!["match", "e.csv"];
            args.extend_from_slice(options);
            let r = run_in(&dir.0, &args, b"");
            assert_eq!(
                (r.code, r.stdout.as_str(), r.stderr.clone()),
                (
                    Some(1),
                    "",
                    format!("nice-coding: error: {message}: give each output a file of its own\n")
                ),
                "{options:?}, existing: {existing}"
            );
            assert_eq!(
                listing(&dir.0),
                if existing {
                    ["e.csv", "sub", "x.csv"].as_slice()
                } else {
                    ["e.csv", "sub"].as_slice()
                },
                "{options:?}"
            );
            if existing {
                assert_eq!(read(dir.0.join("x.csv")), OLD);
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn outputs_that_are_one_file_through_links_or_standard_output_are_refused() {
    let dir = TempDir::new("out-links");
    dir.write("e.csv", EPISODES);
    dir.write("x.csv", OLD);
    std::fs::hard_link(dir.0.join("x.csv"), dir.0.join("hard.csv")).expect("hard link");
    std::os::unix::fs::symlink("x.csv", dir.0.join("soft.csv")).expect("symbolic link");
    for (options, message) in [
        (
            ["--summary", "hard.csv", "--skipped", "x.csv"],
            "--skipped x.csv is the same file as --summary hard.csv",
        ),
        (
            ["--output", "soft.csv", "--summary", "x.csv"],
            "--summary x.csv is the same file as --output soft.csv",
        ),
    ] {
        let mut args = vec!["match", "e.csv"];
        args.extend_from_slice(&options);
        let r = run_in(&dir.0, &args, b"");
        assert_eq!(
            (r.code, r.stderr),
            (
                Some(1),
                format!("nice-coding: error: {message}: give each output a file of its own\n")
            ),
            "{options:?}"
        );
        assert_eq!(read(dir.0.join("x.csv")), OLD);
    }
    // The matches on standard output, redirected to the summary's file.
    let r = tool::run_shell(
        &dir.0,
        &["match", "e.csv", "--summary", "x.csv"],
        ">> x.csv",
    );
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            Some(1),
            "nice-coding: error: --summary x.csv is the same file as standard output (where the \
             matches go): give each output a file of its own\n"
        )
    );
    assert_eq!(read(dir.0.join("x.csv")), OLD);
    // The matches through a symbolic link: the file it leads to is replaced, the link kept.
    let r = run_in(&dir.0, &["match", "e.csv", "--output", "soft.csv"], b"");
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(
        std::fs::symlink_metadata(dir.0.join("soft.csv"))
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        read(dir.0.join("x.csv")),
        "episode,guidance,variant,outcome\n1,IPG7,,no_diagnosis_recommendation\n\
         3,IPG7,,no_diagnosis_recommendation\n"
    );
    // Character devices overwrite nothing: /dev/null may take every output.
    let r = run_in(
        &dir.0,
        &[
            "match",
            "e.csv",
            "--output",
            "/dev/null",
            "--summary",
            "/dev/null",
        ],
        b"",
    );
    assert_eq!(r.code, Some(3), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// A failed run leaves no partial output

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

#[test]
fn a_failed_match_leaves_its_output_files_as_they_were() {
    let dir = TempDir::new("out-failed-match");
    // Every episode decompresses, then the junk after the gzip member is a read error.
    let mut compressed = gzip(EPISODES.as_bytes());
    compressed.extend_from_slice(b"trailing junk, not a gzip member");
    dir.write("e.csv.gz", &compressed);
    dir.write("out.csv", OLD);
    let args = [
        "match",
        "e.csv.gz",
        "--output",
        "out.csv",
        "--summary",
        "summary.csv",
        "--skipped",
        "skipped.csv",
    ];
    let r = run_in(&dir.0, &args, b"");
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .ends_with("nice-coding: error: cannot read e.csv.gz: invalid gzip header\n"),
        "{}",
        r.stderr
    );
    assert_eq!(read(dir.0.join("out.csv")), OLD);
    assert_eq!(listing(&dir.0), ["e.csv.gz", "out.csv"]);

    // The same run on the input without its junk puts all three files in place.
    dir.write("e.csv.gz", gzip(EPISODES.as_bytes()));
    let r = run_in(&dir.0, &args, b"");
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert_eq!(
        listing(&dir.0),
        ["e.csv.gz", "out.csv", "skipped.csv", "summary.csv"]
    );
    assert_eq!(
        read(dir.0.join("out.csv")),
        "episode,guidance,variant,outcome\n1,IPG7,,no_diagnosis_recommendation\n\
         3,IPG7,,no_diagnosis_recommendation\n"
    );
}

#[cfg(unix)]
#[test]
fn a_replaced_output_keeps_the_permissions_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("out-permissions");
    dir.write("e.csv", EPISODES);
    dir.write("out.csv", OLD);
    std::fs::set_permissions(
        dir.0.join("out.csv"),
        std::fs::Permissions::from_mode(0o640),
    )
    .expect("chmod");
    let r = run_in(&dir.0, &["match", "e.csv", "--output", "out.csv"], b"");
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    let mode = std::fs::metadata(dir.0.join("out.csv"))
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
}

/// The files `export opencodelists` writes, in the order it writes them.
fn codelist_files(written: &Path) -> Vec<String> {
    let present = listing(written);
    let mut ordered = Vec::new();
    for g in Guidance::ALL {
        for suffix in ["opcs4", "opcs4-main", "icd10", "icd10-main"] {
            let name = format!("{}-{suffix}.csv", g.id());
            if present.contains(&name) {
                ordered.push(name);
            }
        }
    }
    assert_eq!(ordered.len(), present.len());
    ordered
}

#[test]
fn a_failed_codelist_export_leaves_the_folder_as_it_was() {
    let dir = TempDir::new("out-failed-codelists");
    let r = run_in(&dir.0, &["export", "opencodelists", "--dir", "fresh"], b"");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let files = codelist_files(&dir.0.join("fresh"));
    // The last file to be written is a folder: the run fails after writing all the others.
    let (last, others) = files.split_last().expect("files");
    for name in others {
        dir.write(&format!("lists/{name}"), OLD);
    }
    std::fs::create_dir_all(dir.0.join("lists").join(last)).expect("folder");
    let r = run_in(&dir.0, &["export", "opencodelists", "--dir", "lists"], b"");
    assert_eq!(
        (r.code, r.stderr),
        (
            Some(1),
            format!(
                "nice-coding: error: cannot create lists/{last}: it is a folder; give the path \
                 of a file in it\n"
            )
        )
    );
    assert_eq!(listing(&dir.0.join("lists")), listing(&dir.0.join("fresh")));
    for name in others {
        assert_eq!(read(dir.0.join("lists").join(name)), OLD, "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// Standard output closed

const CLOSED: &str = "nice-coding: error: standard output is closed: what the command writes \
                      there would be lost (redirect it to a file, or give --output FILE where the \
                      command takes it)\n";

/// Runs the tool with standard output closed, in the repository's root.
#[cfg(unix)]
fn closed(args: &[&str]) -> Run {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    tool::run_shell(&root, args, ">&-")
}

#[cfg(unix)]
#[test]
fn every_command_that_writes_to_a_closed_standard_output_fails() {
    for args in [
        &["list"][..],
        &["show", "IPG655"],
        &["lookup", "K57.8"],
        &[
            "drift",
            "--opcs4",
            "tests/fixtures/releases/drift/opcs4-drift.tsv",
        ],
        &[
            "drift",
            "--format",
            "csv",
            "--opcs4",
            "tests/fixtures/releases/drift/opcs4-drift.tsv",
        ],
        &["export", "json"],
        &["export", "rules"],
        &["export", "sql", "--dialect", "duckdb"],
        &[
            "page-codes",
            "IPG655",
            "cli/tests/fixtures/page-codes/ipg655-complete.txt",
        ],
    ] {
        let r = closed(args);
        assert_eq!((r.code, r.stderr.as_str()), (Some(1), CLOSED), "{args:?}");
    }
    // With the output named, standard output is not needed.
    let dir = TempDir::new("out-closed");
    let r = tool::run_shell(&dir.0, &["export", "rules", "--output", "rules.csv"], ">&-");
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    assert!(read(dir.0.join("rules.csv")).starts_with("guidance,node,parent,part,"));
    // A standard output redirected to /dev/null on purpose is not closed.
    let r = tool::run_shell(&dir.0, &["list"], "> /dev/null");
    assert_eq!((r.code, r.stderr.as_str()), (Some(0), ""));
    // Nor is /dev/null opened for reading and writing by what starts the tool (Python's
    // `subprocess.DEVNULL`, service managers), which looks like what the runtime puts in
    // place of a closed one: on Linux the tool asks the kernel before `main`.
    #[cfg(target_os = "linux")]
    for args in [
        &["list"][..],
        &["match", "cli/tests/fixtures/hes/malformed.csv"],
    ] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let r = tool::run_shell(&root, args, "1<>/dev/null");
        assert_eq!(
            r.code,
            Some(if args[0] == "match" { 3 } else { 0 }),
            "{args:?}"
        );
        assert!(!r.stderr.contains("closed"), "{args:?}: {}", r.stderr);
    }
}
