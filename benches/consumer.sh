#!/usr/bin/env bash
# What depending on nice-coding costs a downstream crate (BENCHMARKS.md, "Depending on
# nice-coding"). Everything is measured in ONE run, side by side, so the figures share the
# machine's load:
#
#   (a) empty      a binary with no dependencies;
#   (b) floor      a binary whose build script reads a TOML string with `toml` (feature
#                  `parse`) and writes it out as tokens with `quote`/`proc-macro2`: the least a
#                  build script that reads TOML and builds tokens costs;
#   (c) consumer   a binary that prints IPG655's page through nice-coding (by path);
#   (d) serde      a binary that derives serde's traits (serde already in the tree), without
#                  and with nice-coding, to show what nice-coding adds to such a crate.
#
# Then `cargo build --timings` of (c), its units by duration, and a clean release build of (c).
#
#   benches/consumer.sh            clean debug builds, medians of RUNS (default 3)
#
# Needs hyperfine (Debian: apt-get install hyperfine). Works under $WORK (default
# /tmp/nice-coding-consumer), offline (the crates must be in the local registry cache, as they
# are after building nice-coding's tests).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/nice-coding-consumer}
runs=${RUNS:-3}
rm -rf "$work"
mkdir -p "$work"

# A binary crate `$1` with the dependency lines `$2`, the build-dependency lines `$3` and the
# main function `$4`.
crate() {
    local dest=$work/$1
    mkdir -p "$dest/src"
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[dependencies]\n%s\n[build-dependencies]\n%s\n' \
        "$1" "$2" "$3" > "$dest/Cargo.toml"
    printf '%s\n' "$4" > "$dest/src/main.rs"
    echo "$dest"
}

print_id='fn main() {
    let id = std::env::args().nth(1).unwrap_or_else(|| "IPG655".into());
    println!("{id}");
}'
print_page='fn main() {
    let id = std::env::args().nth(1).unwrap_or_else(|| "IPG655".into());
    match id.parse::<nice_coding::Guidance>() {
        Ok(g) => print!("{}", g.page()),
        Err(e) => eprintln!("{id}: {e}"),
    }
}'
derive='#[derive(serde::Serialize, serde::Deserialize, Debug)]
struct Row {
    id: String,
}'
nice="nice-coding = { path = \"$repo\" }"
serde_dep='serde = { version = "1", features = ["derive"] }'

empty=$(crate empty "" "" "$print_id")
floor=$(crate floor "" 'toml = { version = "1.2.1", default-features = false, features = ["parse"] }
quote = { version = "1.0.47", default-features = false }
proc-macro2 = { version = "1.0.107", default-features = false }' 'include!(concat!(env!("OUT_DIR"), "/generated.rs"));
fn main() {
    println!("{}", GUIDANCE.join(" "));
}')
# The floor's build script: parse TOML into toml's spanned tables, emit a constant as tokens.
cat > "$floor/build.rs" <<'EOF'
use quote::quote;

fn main() {
    let text = "[[guidance]]\nid = \"IPG655\"\ntitle = \"Cardiac contractility modulation\"\n";
    let root = toml::de::DeTable::parse(text).expect("valid TOML");
    let ids: Vec<String> = root
        .get_ref()
        .get("guidance")
        .and_then(|v| v.get_ref().as_array())
        .map(|a| {
            a.iter()
                .filter_map(|t| t.get_ref().get("id")?.get_ref().as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let tokens = quote! { pub const GUIDANCE: &[&str] = &[#(#ids),*]; };
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("generated.rs"), tokens.to_string()).expect("write");
}
EOF
consumer=$(crate consumer "$nice" "" "$print_page")
serde_only=$(crate serde-only "$serde_dep" "" "$derive
$print_id")
serde_with=$(crate serde-with-nice-coding "$serde_dep
$nice" "" "$derive
$print_page")

for dest in "$empty" "$floor" "$consumer" "$serde_only" "$serde_with"; do
    (cd "$dest" && cargo generate-lockfile --offline --quiet)
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(rustc --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "what the consumer compiles (cargo tree -e normal,build):"
(cd "$consumer" && cargo tree -e normal,build --offline)
echo

args=()
for dest in "$empty" "$floor" "$consumer" "$serde_only" "$serde_with"; do
    args+=(--prepare "cd $dest && cargo clean --quiet" -n "$(basename "$dest")" "cd $dest && cargo build --offline --quiet")
done
hyperfine --runs "$runs" --export-json "$work/clean.json" "${args[@]}" >/dev/null
echo "clean debug builds, median of $runs (one hyperfine run, in this order):"
python3 - "$work/clean.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
floor = next(r["median"] for r in results if r["command"] == "floor")
for r in results:
    times = ", ".join(f"{t:.2f}" for t in r["times"])
    print(f"  {r['command']:<24} {r['median']:6.2f} s  ({r['median'] / floor:.2f}x the floor; runs {times})")
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# The units of a clean build of (c), from cargo's --timings report.
(cd "$consumer" && cargo clean --quiet && cargo build --offline --quiet --timings 2>/dev/null)
echo "cargo build --timings of the consumer (each unit: start and duration, seconds):"
python3 - "$consumer/target/cargo-timings/cargo-timing.html" <<'EOF'
import json, re, sys
html = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S).group(1))
end = max(u["start"] + u["duration"] for u in units)
for u in sorted(units, key=lambda u: u["start"]):
    target = u.get("target", "").strip() or "lib"
    print(f"  {u['start']:6.2f} +{u['duration']:5.2f}  {u['name']} {target}")
print(f"  total {end:.2f} s")
EOF
echo

hyperfine --runs "$runs" --export-json "$work/release.json" \
    --prepare "cd $consumer && cargo clean --quiet" -n "consumer --release" \
    "cd $consumer && cargo build --offline --quiet --release" >/dev/null
python3 -c "import json; r=json.load(open('$work/release.json'))['results'][0]; print(f\"clean release build of the consumer: median {r['median']:.2f} s (runs {', '.join(f'{t:.2f}' for t in r['times'])})\")"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
