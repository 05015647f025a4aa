#!/usr/bin/env bash
# How close to the floor any build-time nice-coding could come (BENCHMARKS.md, section 2,
# "What 2 × leaves for the compiler"). Four crates built in turn, round after round,
# so that they share the machine's load (CARGO_INCREMENTAL=0, as from crates.io):
#
#   floor      the floor crate of benches/consumer.sh (toml, quote and proc-macro2 in a build
#              script that parses a TOML string and writes a constant as tokens);
#   consumer   the consumer of benches/consumer.sh, against this working copy;
#   bound      the same consumer against a copy of HEAD (run the script on a clean tree, so
#              that the copies and the working copy are the same code) whose build script does the floor's
#              work and then copies the files the real build script generated: the library,
#              its tables and the build-dependencies, with no compiler at all. No design that
#              generates the tables at build time can cost a dependent less;
#   unchecked  a copy of HEAD whose compiler has every check cut out (build/check/ replaced
#              by a loop that only parses each file and reads its model). It cannot build a catalogue, so its build fails
#              when the script runs: only the compile of its build script is reported.
#
#   benches/consumer-bound.sh        ROUNDS (default 8) rounds; medians
#
# Works offline under $WORK (default /tmp/nice-coding-bound); the crates must be in the local
# registry cache, as they are after building nice-coding's tests. Needs hyperfine (through
# benches/consumer.sh, which writes the floor and the consumer).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/nice-coding-bound}
rounds=${ROUNDS:-8}
rm -rf "$work"
mkdir -p "$work"
git -C "$repo" worktree add --detach --quiet "$work/bound-src" HEAD
git -C "$repo" worktree add --detach --quiet "$work/unchecked-src" HEAD
cleanup() {
    git -C "$repo" worktree remove --force "$work/bound-src"
    git -C "$repo" worktree remove --force "$work/unchecked-src"
}
trap cleanup EXIT

WORK=$work/consumer-sh RUNS=1 "$repo/benches/consumer.sh" >/dev/null 2>&1 || true
cp -r "$work/consumer-sh/floor" "$work/floor"
for crate in consumer bound unchecked; do
    cp -r "$work/consumer-sh/consumer" "$work/$crate"
done
sed -i "s#path = \"$repo\"#path = \"$work/bound-src\"#" "$work/bound/Cargo.toml"
sed -i "s#path = \"$repo\"#path = \"$work/unchecked-src\"#" "$work/unchecked/Cargo.toml"
for crate in floor consumer bound unchecked; do
    rm -rf "$work/$crate/target" "$work/$crate/Cargo.lock"
    (cd "$work/$crate" && cargo generate-lockfile --offline --quiet)
done

export CARGO_INCREMENTAL=0

# What the real build script generates, for the bound's build script to copy.
(cd "$work/consumer" && cargo build --offline --quiet)
out=$(ls -d "$work"/consumer/target/debug/build/nice-coding-*/out | head -1)
cp -r "$out" "$work/generated"

# The bound: the floor's build script, then a copy of the generated files.
cat >"$work/bound-src/build.rs" <<EOF
use quote::quote;
use std::path::Path;

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("read") {
        let path = entry.expect("entry").path();
        let dest = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).expect("copy");
        }
    }
}

fn main() {
    let text = "[[guidance]]\nid = \"IPG655\"\ntitle = \"Cardiac contractility modulation\"\n";
    let root = toml::de::DeTable::parse(text).expect("valid TOML");
    let keys = root.get_ref().len();
    let tokens = quote! { pub const KEYS: usize = #keys; };
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    copy(Path::new("$work/generated"), &out);
    std::fs::write(out.join("floor.rs"), tokens.to_string()).expect("write");
}
EOF

# The unchecked compiler: check/ keeps its entry and reads each file's model, nothing else.
python3 - "$work/unchecked-src/build" <<'EOF'
import pathlib, shutil, sys
build = pathlib.Path(sys.argv[1])
check = build / "check"
if not (check / "mod.rs").exists():
    sys.exit("build/check/mod.rs is gone; update benches/consumer-bound.sh")
shutil.rmtree(check)
check.mkdir()
(check / "mod.rs").write_text('''
use super::catalogue::*;
use super::read::Input;
use super::shared::diagnostic::Diagnostic;

pub fn validate(
    guidance_files: Vec<Input>,
    _stock_notes: Option<Input>,
    _names: Option<Input>,
) -> Result<Catalogue, Vec<Diagnostic>> {
    let mut read = 0;
    for input in &guidance_files {
        if super::read::model::read_guidance(&input.text).value.is_some() {
            read += 1;
        }
    }
    if read == usize::MAX {
        return Err(Vec::new());
    }
    unimplemented!("this copy has no checks and cannot build a catalogue")
}
''')
EOF

# One clean build of $1 with --timings: the whole build, the build script's compile and the
# library's compile, in seconds. Only the unchecked copy is expected to fail (when its build
# script runs); any other failure stops the benchmark.
build() {
    if ! (cd "$work/$1" && cargo clean --quiet && cargo build --offline --quiet --timings >/dev/null 2>&1); then
        if [ "$1" != unchecked ]; then
            echo "the clean build of $1 failed; see: cd $work/$1 && cargo build --offline" >&2
            exit 1
        fi
    fi
    python3 - "$work/$1/target/cargo-timings/cargo-timing.html" "$1" <<'EOF'
import json, re, sys
html = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
end = max(u["start"] + u["duration"] for u in units)
def unit(name, target):
    for u in units:
        if u["name"] == name and (u.get("target", "").strip() or "lib") == target:
            return u["duration"]
    return 0.0
script = unit("nice-coding", "build-script")
lib = unit("nice-coding", "lib")
print(f"{sys.argv[2]} {end:.3f} {script:.3f} {lib:.3f}")
EOF
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/times.txt"
for _ in $(seq "$rounds"); do
    for crate in floor consumer bound unchecked; do
        build "$crate" >>"$work/times.txt"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/times.txt" <<'EOF'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    crate, total, script, lib = line.split()
    rows[crate].append((float(total), float(script), float(lib)))
def median(crate, column):
    return statistics.median(r[column] for r in rows[crate])
floor = median("floor", 0)
print(f"medians of {len(rows['floor'])} rounds (seconds):")
print(f"  {'crate':<10} {'clean build':>12} {'/ floor':>8} {'build script compile':>21} {'library':>8}")
for crate in ["floor", "consumer", "bound"]:
    total = median(crate, 0)
    script = median(crate, 1)
    lib = median(crate, 2)
    script_text = f"{script:.2f}" if crate != "floor" else "-"
    lib_text = f"{lib:.2f}" if crate != "floor" else "-"
    print(f"  {crate:<10} {total:12.2f} {total / floor:7.2f}x {script_text:>21} {lib_text:>8}")
print(f"  {'unchecked':<10} {'(fails)':>12} {'':>8} {median('unchecked', 1):21.2f} {'-':>8}")
budget = 2 * floor - median("bound", 0)
compiler = median("consumer", 0) - median("bound", 0)
print(f"what 2 x the floor leaves for the compiler (2 x floor - bound): {budget:.2f} s")
print(f"what the compiler costs now (consumer - bound): {compiler:.2f} s")
print(f"build script compile, every check cut out: {median('unchecked', 1):.2f} s, against {median('consumer', 1):.2f} s")
EOF
