//! `nice-coding export sql`: what the generated SQL is made from and how bad names are
//! refused. That the SQL gives `match`'s rows is tested on the engines themselves, by
//! `cli/tests/sql/run.sh` (DuckDB and PostgreSQL in CI, Spark by hand).

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
        let ids: String = Guidance::ALL
            .iter()
            .enumerate()
            .map(|(i, g)| format!(" WHEN {} THEN '{}'", i + 1, g.id()))
            .collect();
        assert!(
            sql.contains(&format!("CASE guidance_number{ids} END AS guidance")),
            "{dialect}"
        );
        assert!(
            sql.trim_end()
                .ends_with("ORDER BY episode, guidance_number;")
        );
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
    assert!(wide.contains("FROM hes.apc_2024 h"));
    assert!(wide.contains("CAST(h.epikey AS VARCHAR) AS episode"));
    assert!(wide.contains("('P', CAST(h.OPERTN_4_12 AS VARCHAR))"));
    assert!(!wide.contains("OPERTN_4_13"));
    assert!(wide.contains("('D', CAST(h.DIAG_4_03 AS VARCHAR))) AS f(tree, field)"));
    let (_, spark, _) = export(&["--dialect", "spark"]);
    assert!(spark.contains("LATERAL VIEW stack(44,"));
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
    assert!(long.contains(
        "SELECT CAST(EPIKEY AS TEXT) AS episode, 'P' AS tree, CAST(opcs AS TEXT) AS field FROM hes_apc"
    ));
    assert!(long.contains("SELECT CAST(EPIKEY AS TEXT), 'D', CAST(icd AS TEXT) FROM hes_apc"));
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
