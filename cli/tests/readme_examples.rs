//! The examples of the tool's manual, cli/README.md, are what the tool prints: every `text`
//! block's `$ nice-coding ...` command (and `$ cat FILE`, `$ grep TEXT FILE`, a `| grep TEXT`
//! or `| head -N` after a command, `> /dev/null`) is run, and the lines the manual shows after
//! it must be lines of its output (standard output, then standard error), in order; a `...`
//! line stands for any lines. So a figure the manual states in an example (files written,
//! rows read, guidance counted, codes absent) is the tool's.
//!
//! Commands run in a temporary folder where `cli` and `tests` lead to the repository's
//! folders, so the manual's paths work and the files the examples write stay out of the
//! repository. A command the manual shows no output for is not run; commands of other tools
//! (`python3`, `psql`) are not run.

#![cfg(unix)]

use std::path::{Path, PathBuf};

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "common/tool.rs"]
mod tool;
use common::TempDir;

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the repository")
        .to_path_buf()
}

/// One example: a command and the lines the manual shows after it.
struct Example {
    /// The README line the command is on, for messages.
    line: usize,
    command: String,
    shown: Vec<String>,
}

/// The examples of every `text` block: a line starting `$ ` is a command (continued over
/// lines ending with `\`), the lines after it up to the next command or the block's end its
/// output.
fn examples(readme: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_block = false;
    let mut current: Option<Example> = None;
    let mut continued = false;
    for (i, line) in readme.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if in_block {
                out.extend(current.take());
            }
            in_block = !in_block && trimmed == "```text";
            continue;
        }
        if !in_block {
            continue;
        }
        if continued {
            let example = current.as_mut().expect("a command being continued");
            let text = line.trim();
            continued = text.ends_with('\\');
            example.command.push(' ');
            example.command.push_str(text.trim_end_matches('\\').trim());
        } else if let Some(command) = line.strip_prefix("$ ") {
            out.extend(current.take());
            continued = command.ends_with('\\');
            current = Some(Example {
                line: i + 1,
                command: command.trim_end_matches('\\').trim().to_owned(),
                shown: Vec::new(),
            });
        } else if let Some(example) = current.as_mut() {
            example.shown.push(line.to_owned());
        }
    }
    out
}

/// Splits a command line into words: spaces separate them, single and double quotes group.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut any = false;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, ' ') => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

/// The lines of `text` holding `pattern` (a leading `^` anchors it at the line's start).
fn grep<'a>(text: &'a str, pattern: &str) -> Vec<&'a str> {
    text.lines()
        .filter(|line| match pattern.strip_prefix('^') {
            Some(start) => line.starts_with(start),
            None => line.contains(pattern),
        })
        .collect()
}

/// Runs an example's command in `dir`; its output lines, or `None` for a command this test
/// does not run.
fn run(dir: &Path, command: &str) -> Option<Vec<String>> {
    let mut stages = command.split(" | ");
    let first = words(stages.next()?);
    let mut lines: Vec<String> = match first.first().map(String::as_str) {
        Some("nice-coding") => {
            let mut args: Vec<&str> = first[1..].iter().map(String::as_str).collect();
            let quiet_stdout = args.ends_with(&[">", "/dev/null"]);
            if quiet_stdout {
                args.truncate(args.len() - 2);
            }
            let r = tool::run_in(dir, &args, b"");
            let stdout = if quiet_stdout { "" } else { r.stdout.as_str() };
            stdout
                .lines()
                .chain(r.stderr.lines())
                .map(str::to_owned)
                .collect()
        }
        Some("cat") => std::fs::read_to_string(dir.join(&first[1]))
            .expect("the file the example shows")
            .lines()
            .map(str::to_owned)
            .collect(),
        Some("grep") => {
            let text = std::fs::read_to_string(dir.join(&first[2])).expect("the file to grep");
            grep(&text, &first[1])
                .into_iter()
                .map(str::to_owned)
                .collect()
        }
        _ => return None,
    };
    for stage in stages {
        let stage = words(stage);
        lines = match stage.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            ["grep", pattern] => grep(&lines.join("\n"), pattern)
                .into_iter()
                .map(str::to_owned)
                .collect(),
            ["head", count] => {
                let n: usize = count.trim_start_matches('-').parse().expect("head -N");
                lines.into_iter().take(n).collect()
            }
            _ => panic!("a stage this test cannot run: {stage:?}"),
        };
    }
    Some(lines)
}

/// True when `actual` shows `shown`: its runs of lines between `...` lines appear in order,
/// the first at the start and the last at the end (either may be empty, when a `...` stands
/// there); without `...`, the lines are the same.
fn shows(actual: &[String], shown: &[String]) -> bool {
    let runs: Vec<&[String]> = shown.split(|line| line == "...").collect();
    let (Some((first, _)), Some((last, middle))) = (
        runs.split_first(),
        runs.get(1..).and_then(<[&[String]]>::split_last),
    ) else {
        return actual == shown;
    };
    if !actual.starts_with(first) {
        return false;
    }
    let mut at = first.len();
    for run in middle.iter().filter(|run| !run.is_empty()) {
        let Some(start) =
            (at..=actual.len().saturating_sub(run.len())).find(|&j| actual[j..].starts_with(run))
        else {
            return false;
        };
        at = start + run.len();
    }
    actual.len() >= at + last.len() && actual.ends_with(last)
}

#[test]
fn the_manual_s_examples_are_what_the_tool_prints() {
    let readme = std::fs::read_to_string(root().join("cli/README.md")).expect("cli/README.md");
    let dir = TempDir::new("readme-examples");
    for name in ["cli", "tests"] {
        std::os::unix::fs::symlink(root().join(name), dir.0.join(name)).expect("a link");
    }
    let mut checked = 0;
    let mut wrong = Vec::new();
    for example in examples(&readme) {
        // Trailing blank lines end a block's last example.
        let mut shown = example.shown.clone();
        while shown.last().is_some_and(|l| l.is_empty()) {
            shown.pop();
        }
        if shown.is_empty() {
            continue;
        }
        let Some(actual) = run(&dir.0, &example.command) else {
            continue;
        };
        if !shows(&actual, &shown) {
            wrong.push(format!(
                "cli/README.md:{}: `{}` shows\n{}\nbut the tool prints\n{}\n",
                example.line,
                example.command,
                shown.join("\n"),
                actual.join("\n")
            ));
        }
        checked += 1;
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // list, show, two lookups, two matches, two exports with cat and grep, rules, drift,
    // page-codes.
    assert!(checked >= 13, "{checked} examples checked");
}

#[test]
fn the_matching_of_shown_lines_needs_every_line_in_order() {
    let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
    let actual = lines("a\nb\nc\nd");
    assert!(shows(&actual, &lines("a\n...\nd")));
    assert!(shows(&actual, &lines("a\nb\n...")));
    assert!(shows(&actual, &lines("...\nc\nd")));
    assert!(shows(&actual, &lines("a\nb\nc\nd")));
    assert!(!shows(&actual, &lines("a\nc\n...")));
    assert!(!shows(&actual, &lines("a\nb\nc")));
    assert!(!shows(&actual, &lines("...\nb\nc")));
    assert!(!shows(&actual, &lines("a\n...\nc\nb")));
    assert!(!shows(&actual, &lines("a\nb\nc\nd\ne")));
}
