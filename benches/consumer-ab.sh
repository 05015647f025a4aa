#!/usr/bin/env bash
# What a change to nice-coding does to a dependent's clean build (BENCHMARKS.md, section 2):
# the floor crate of benches/consumer.sh, and the consumer built against this working copy and
# against an earlier revision, built in turn in each round so that all three share the load.
#
#   benches/consumer-ab.sh REV        ROUNDS (default 8) rounds; medians; CARGO_INCREMENTAL=0
#
# REV is any git revision (a commit, a tag). Works offline under $WORK (default
# /tmp/nice-coding-ab); the crates must be in the local registry cache.
set -euo pipefail

rev=${1:?usage: benches/consumer-ab.sh REV}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/nice-coding-ab}
rounds=${ROUNDS:-8}
rm -rf "$work"
mkdir -p "$work"
git -C "$repo" worktree add --detach --quiet "$work/before-src" "$rev"
trap 'git -C "$repo" worktree remove --force "$work/before-src"' EXIT

# The floor and the consumer, as benches/consumer.sh writes them.
WORK=$work/consumer-sh RUNS=1 "$repo/benches/consumer.sh" >/dev/null 2>&1 || true
cp -r "$work/consumer-sh/floor" "$work/floor"
cp -r "$work/consumer-sh/consumer" "$work/after"
cp -r "$work/consumer-sh/consumer" "$work/before"
sed -i "s#path = \"$repo\"#path = \"$work/before-src\"#" "$work/before/Cargo.toml"
for crate in floor after before; do
    rm -rf "$work/$crate/target" "$work/$crate/Cargo.lock"
    (cd "$work/$crate" && cargo generate-lockfile --offline --quiet)
done

export CARGO_INCREMENTAL=0
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/times.txt"
for _ in $(seq "$rounds"); do
    for crate in floor after before; do
        (cd "$work/$crate" && cargo clean --quiet)
        start=$(date +%s%N)
        (cd "$work/$crate" && cargo build --offline --quiet)
        end=$(date +%s%N)
        echo "$crate $(((end - start) / 1000000))" >>"$work/times.txt"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/times.txt" "$rev" <<'EOF'
import collections, statistics, sys
times = collections.defaultdict(list)
for line in open(sys.argv[1]):
    crate, ms = line.split()
    times[crate].append(int(ms) / 1000)
floor = statistics.median(times["floor"])
names = {"floor": "floor", "after": "consumer (this copy)", "before": f"consumer ({sys.argv[2]})"}
for crate in ["floor", "after", "before"]:
    median = statistics.median(times[crate])
    runs = ", ".join(f"{t:.2f}" for t in times[crate])
    print(f"  {names[crate]:<28} {median:5.2f} s  {median / floor:.2f}x the floor  (runs {runs})")
EOF
