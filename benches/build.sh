#!/usr/bin/env bash
# Build-time, downstream and size benchmarks for BENCHMARKS.md.
#
#   benches/build.sh script       build script phases and wall time at N = real, 1000, 10000
#   benches/build.sh incremental  `cargo build` after editing one guidance file, at each N
#   benches/build.sh downstream   what depending on nice-coding costs (benches/consumer.sh)
#   benches/build.sh size         release binary with and without the catalogue
#   benches/build.sh matching     the matching benchmark on 1,000 synthetic guidance
#   benches/build.sh all          everything above
#
# Needs hyperfine. Works in copies of the crate under $WORK (default /tmp/nice-coding-bench),
# each with its own target folder; the first run of each compiles the build dependencies.
# RUNS (default 5) sets the repetitions; figures are medians.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/nice-coding-bench}
runs=${RUNS:-5}
sizes=${SIZES:-"real 1000 10000"}
mkdir -p "$work"

# A copy of the crate whose guidance/ is the shipped one ("real") or N synthetic files.
crate_copy() {
    local n=$1 dest=$work/crate-$1
    if [ ! -d "$dest" ]; then
        mkdir -p "$dest"
        cp -r "$repo"/{Cargo.toml,Cargo.lock,build.rs,build,src,README.md,benches,examples,tests,cli} "$dest"/
        if [ "$n" = real ]; then
            cp -r "$repo/guidance" "$dest/"
        else
            (cd "$repo" && cargo run --quiet --release -p nice-coding-tests --example synthesize -- "$n" "$dest" >/dev/null)
        fi
    fi
    echo "$dest"
}

# The first guidance file of a copy: the one the edit loop changes.
first_file() {
    find "$1/guidance" -name '*.toml' ! -name stock-notes.toml | sort | sed -n 1p
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Medians of the build script's own timings (µs), from NICE_CODING_BUILD_TIMINGS lines:
# files read validate tokens write total toml-floor.
phase_medians() {
    local file=$1 out="" col
    for col in 1 2 3 4 5 6 7; do
        out="$out $(cut -f"$col" "$file" | median)"
    done
    echo "$out"
}

script() {
    for n in $sizes; do
        local dest
        dest=$(crate_copy "$n")
        local target=$dest/target timings=$dest/timings.tsv file
        file=$(first_file "$dest")
        (cd "$dest" && CARGO_TARGET_DIR=$target cargo build --quiet)
        rm -f "$timings"
        # The build script reruns whenever a guidance file changes: append a comment each time.
        for _ in $(seq "$runs"); do
            echo "# bench edit" >> "$file"
            (cd "$dest" && NICE_CODING_BUILD_TIMINGS=$timings CARGO_TARGET_DIR=$target cargo build --quiet)
        done
        echo "N=$n build-script phases, median µs (files read validate tokens write total toml-floor):$(phase_medians "$timings")"
        # The build script binary as cargo runs it (unoptimised), timed from outside.
        local bin out_dir
        bin=$(ls -t "$target"/debug/build/nice-coding-*/build-script-build | head -1)
        out_dir=$(mktemp -d)
        hyperfine --runs "$runs" --warmup 1 --output=null --export-json "$dest/script.json" \
            "CARGO_MANIFEST_DIR=$dest OUT_DIR=$out_dir $bin" >/dev/null
        echo "N=$n build-script wall time: median $(python3 -c "import json,sys; print(round(json.load(open('$dest/script.json'))['results'][0]['median']*1000,1))") ms"
        rm -rf "$out_dir"
    done
}

incremental() {
    for n in $sizes; do
        local dest
        dest=$(crate_copy "$n")
        local file
        file=$(first_file "$dest")
        (cd "$dest" && CARGO_TARGET_DIR=$dest/target cargo build --quiet)
        (cd "$dest" && hyperfine --runs "$runs" --export-json "$dest/incremental.json" \
            --prepare "echo '# bench edit' >> $file" \
            "CARGO_TARGET_DIR=$dest/target cargo build --quiet" >/dev/null)
        echo "N=$n cargo build after editing one file: median $(python3 -c "import json; print(round(json.load(open('$dest/incremental.json'))['results'][0]['median'],2))") s"
    done
}

# Two consumers of the same shape: one prints a guidance page, one prints a fixed string.
consumer() {
    local name=$1 with=$2 dest=$work/$1
    rm -rf "$dest"
    mkdir -p "$dest/src"
    if [ "$with" = yes ]; then
        printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\n\n[dependencies]\nnice-coding = { path = "%s" }\n' \
            "$name" "$(crate_copy real)" > "$dest/Cargo.toml"
        printf 'fn main() {\n    let id = std::env::args().nth(1).unwrap_or_else(|| "IPG655".into());\n    match id.parse::<nice_coding::Guidance>() {\n        Ok(g) => print!("{}", g.page()),\n        Err(e) => eprintln!("{id}: {e}"),\n    }\n}\n' > "$dest/src/main.rs"
    else
        printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\n\n[dependencies]\n' "$name" > "$dest/Cargo.toml"
        printf 'fn main() {\n    let id = std::env::args().nth(1).unwrap_or_else(|| "IPG655".into());\n    println!("{id}");\n}\n' > "$dest/src/main.rs"
    fi
    echo "$dest"
}

downstream() {
    "$repo/benches/consumer.sh"
}

size() {
    local with without
    with=$(consumer consumer-with yes)
    without=$(consumer consumer-without no)
    for dest in "$with" "$without"; do
        (cd "$dest" && cargo build --quiet --release)
        local bin
        bin=$dest/target/release/$(basename "$dest")
        strip -o "$bin.stripped" "$bin"
        echo "$(basename "$dest"): release $(stat -c %s "$bin") bytes, stripped $(stat -c %s "$bin.stripped") bytes"
    done
}

matching() {
    local dest
    dest=$(crate_copy 1000)
    (cd "$dest" && CARGO_TARGET_DIR=$dest/target cargo bench --quiet -p nice-coding-tests --bench matching 2>&1 | grep -v "^ *Compiling")
}

case "${1:-all}" in
script) script ;;
incremental) incremental ;;
downstream) downstream ;;
size) size ;;
matching) matching ;;
all) script; incremental; downstream; size; matching ;;
*) echo "usage: benches/build.sh [script|incremental|downstream|size|matching|all]" >&2; exit 2 ;;
esac
