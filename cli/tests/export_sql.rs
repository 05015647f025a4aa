//! `nice-coding export sql`: what the generated SQL is made from, how names are quoted and
//! bad ones refused, and the bounds of its options. That the SQL gives `match`'s rows is
//! tested on the engines themselves, by `cli/tests/sql/run.sh` (DuckDB, PostgreSQL and Spark in
//! CI).

use nice_coding::{Guidance, RuleKind};
use std::process::Command;

#[path = "../../tests/common/mod.rs"]
mod common;
use common::TempDir;

fn export(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nice-coding"))
        .args(["export", "sql"])
        .args(args)
        .output()
        .expect("run nice-coding");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8 SQL"),
        String::from_utf8(out.stderr).expect("UTF-8 messages"),
    )
}

const DIALECTS: [&str; 3] = ["spark", "duckdb", "postgres"];

#[test]
fn every_guidance_is_named_in_catalogue_order() {
    for dialect in DIALECTS {
        let (code, sql, stderr) = export(&["--dialect", dialect]);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{dialect}");
        // The id of guidance number n (its position in the catalogue, from 1) is the n-th of
        // one list of the ids in catalogue order, from 1; rows are ordered by that number.
        let ids: Vec<String> = Guidance::ALL
            .iter()
            .map(|g| format!("'{}'", g.id()))
            .collect();
        let ids = ids.join(", ");
        let named = match dialect {
            "spark" => format!("element_at(array({ids}), guidance_number) AS guidance,"),
            "duckdb" => format!("([{ids}])[guidance_number] AS guidance,"),
            _ => format!("(ARRAY[{ids}])[guidance_number] AS guidance,"),
        };
        assert_eq!(sql.matches(&named).count(), 1, "{dialect}: {named}");
        // PostgreSQL also sorts by the row's number, so that the rows a pair named twice in
        // an episode's candidates gives twice are side by side, and one goes.
        let order = match dialect {
            "postgres" => "ORDER BY episode, guidance_number, variant, outcome, episode_id;",
            _ => "ORDER BY episode, guidance_number, variant, outcome;",
        };
        assert!(sql.trim_end().ends_with(order), "{dialect}");
    }
}

#[test]
fn every_variant_and_stage_label_is_in_the_sql_as_a_literal() {
    let (_, sql, _) = export(&["--dialect", "postgres"]);
    let mut labels = 0;
    for g in Guidance::ALL {
        for group in g.procedure().descendants() {
            if !matches!(group.kind(), RuleKind::Variants | RuleKind::Stages) {
                continue;
            }
            for entry in group.children() {
                let label = entry.label().unwrap_or_default();
                let literal = format!("'{}'", label.replace('\'', "''"));
                assert!(sql.contains(&format!("THEN {literal}")), "{g}: {label}");
                labels += 1;
            }
        }
    }
    assert!(labels > 20, "only {labels} labels");
}

#[test]
fn the_same_catalogue_gives_the_same_bytes() {
    for dialect in DIALECTS {
        for layout in ["wide", "long"] {
            let first = export(&["--dialect", dialect, "--layout", layout]).1;
            let second = export(&["--dialect", dialect, "--layout", layout]).1;
            assert_eq!(first, second, "{dialect} {layout}");
        }
    }
}

#[test]
fn the_layouts_and_names_given_are_the_ones_read() {
    let (_, wide, _) = export(&[
        "--dialect",
        "duckdb",
        "--table",
        "hes.apc_2024",
        "--key",
        "epikey",
        "--procedure-prefix",
        "OPERTN_4_",
        "--procedures",
        "12",
        "--diagnosis-prefix",
        "DIAG_4_",
        "--diagnoses",
        "3",
    ]);
    // Names are quoted, in the case given.
    assert!(wide.contains("FROM \"hes\".\"apc_2024\" h"));
    assert!(wide.contains("CAST(h.\"epikey\" AS VARCHAR) AS episode"));
    assert!(wide.contains("CAST(h.\"OPERTN_4_12\" AS VARCHAR)"));
    assert!(!wide.contains("OPERTN_4_13"));
    assert!(wide.contains("CAST(h.\"DIAG_4_03\" AS VARCHAR)"));
    assert!(!wide.contains("DIAG_4_04"));
    let (_, spark, _) = export(&["--dialect", "spark"]);
    assert!(spark.contains("CAST(h.`OPERTN_24` AS STRING)"));
    assert!(spark.contains("CAST(h.`DIAG_20` AS STRING)"));
    assert!(!spark.contains("OPERTN_25") && !spark.contains("DIAG_21"));
    let (_, long, _) = export(&[
        "--dialect",
        "postgres",
        "--layout",
        "long",
        "--procedure-column",
        "opcs",
        "--diagnosis-column",
        "icd",
    ]);
    assert!(long.contains("SELECT DISTINCT CAST(h.\"EPIKEY\" AS TEXT) AS episode"));
    assert!(long.contains("CAST(h.\"opcs\" AS TEXT)"));
    assert!(long.contains("CAST(h.\"icd\" AS TEXT)"));
    assert!(!long.contains("OPERTN") && !long.contains("DIAG_"));
}

#[test]
fn keywords_given_as_names_are_quoted_as_names() {
    for name in ["user", "current_user", "TRUE", "NULL", "current_date"] {
        for (dialect, quoted) in [
            ("postgres", format!("\"{name}\"")),
            ("duckdb", format!("\"{name}\"")),
            ("spark", format!("`{name}`")),
        ] {
            let (code, sql, _) = export(&["--dialect", dialect, "--key", name]);
            assert_eq!(code, Some(0));
            assert!(
                sql.contains(&format!("CAST(h.{quoted} AS ")),
                "{dialect} {name}"
            );
            let (code, sql, _) = export(&[
                "--dialect",
                dialect,
                "--layout",
                "long",
                "--procedure-column",
                name,
            ]);
            assert_eq!(code, Some(0));
            assert!(
                sql.contains(&format!("CAST(h.{quoted} AS ")),
                "{dialect} {name}"
            );
            assert!(
                !sql.contains(&format!("CAST({name} AS")),
                "{dialect} {name}"
            );
        }
    }
}

#[test]
fn the_column_counts_are_bounded() {
    for (flag, value) in [("--procedures", "4294967295"), ("--diagnoses", "100")] {
        let (code, sql, stderr) = export(&["--dialect", "duckdb", flag, value]);
        assert_eq!((code, sql.as_str()), (Some(1), ""), "{flag}");
        assert_eq!(
            stderr,
            format!(
                "nice-coding: error: {flag} {value}: at most 99 columns (HES has 24 procedure \
                 columns and 20 diagnosis columns)\n"
            )
        );
    }
    let (code, sql, _) = export(&[
        "--dialect",
        "duckdb",
        "--procedures",
        "99",
        "--diagnoses",
        "99",
    ]);
    assert_eq!(code, Some(0));
    assert!(sql.contains("\"OPERTN_99\"") && sql.contains("\"DIAG_99\""));
    let (code, _, stderr) = export(&["--dialect", "duckdb", "--procedures", "0"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr
            .contains("--procedures 0: an episode cannot match a guidance without its procedures")
    );
}

#[test]
fn no_spark_query_holds_a_variable_substitution() {
    for layout in ["wide", "long"] {
        let (code, sql, _) = export(&["--dialect", "spark", "--layout", layout]);
        assert_eq!(code, Some(0));
        assert!(!sql.contains("${"), "{layout}");
    }
}

#[test]
fn a_name_that_would_need_quoting_is_refused() {
    let (code, sql, stderr) = export(&["--dialect", "spark", "--table", "hes_apc; DROP TABLE x"]);
    assert_eq!(code, Some(1));
    assert_eq!(sql, "");
    assert_eq!(
        stderr,
        "nice-coding: error: --table \"hes_apc; DROP TABLE x\" is not a plain SQL name: use \
         letters, digits and _ (not starting with a digit), with . between schema and table; \
         for any other name, create a view that renames it\n"
    );
    let (code, _, stderr) = export(&["--dialect", "duckdb", "--diagnosis-prefix", "DIAG-"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "nice-coding: error: --diagnosis-prefix \"DIAG-01\" is not a plain SQL name: use \
         letters, digits and _ (not starting with a digit); for any other name, create a view \
         that renames it\n"
    );
}

#[test]
fn output_writes_the_file() {
    let dir = TempDir::new("export-sql");
    let path = dir.0.join("match.sql");
    let (code, stdout, _) = export(&["--dialect", "duckdb", "--output", path.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (Some(0), ""));
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, export(&["--dialect", "duckdb"]).1);
}
