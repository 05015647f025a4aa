//! Running the built `nice-coding` binary as a user runs it; for the tests of the `cli`
//! feature only (`CARGO_BIN_EXE_nice-coding` exists only when the binary is built), which
//! include this file with `#[path = "common/tool.rs"] mod tool;`.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// A finished process as a [`Run`]; both outputs must be UTF-8.
pub fn finish(out: Output) -> Run {
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs the tool in `dir` with `stdin` on standard input.
pub fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nice-coding"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nice-coding");
    let mut input = child.stdin.take().expect("stdin");
    // The tool may stop before reading all of its input: a closed pipe is not a failure.
    let _ = input.write_all(stdin);
    drop(input);
    finish(child.wait_with_output().expect("run nice-coding"))
}

/// Runs the tool in `dir` with nothing on standard input, killing it and failing the test if
/// it has not ended within `limit`: a test of input that could block or never end (a FIFO
/// without a writer, `/dev/zero`) fails instead of hanging. For runs that print little: the
/// outputs are read once the tool has ended.
pub fn run_within(dir: &Path, args: &[&str], limit: std::time::Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nice-coding"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nice-coding");
    let start = std::time::Instant::now();
    while child.try_wait().expect("poll nice-coding").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nice-coding {args:?} still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    finish(child.wait_with_output().expect("run nice-coding"))
}

/// Runs `nice-coding ARGS REDIRECTIONS` through `sh` in `dir`: `redirections` is shell text
/// such as `>&-` (standard output closed) or `> out.csv`.
#[cfg(unix)]
pub fn run_shell(dir: &Path, args: &[&str], redirections: &str) -> Run {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" \"$@\" {redirections}"))
        .arg(env!("CARGO_BIN_EXE_nice-coding"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run sh");
    finish(out)
}
