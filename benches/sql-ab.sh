#!/usr/bin/env bash
# What a change to `nice-coding export sql` does to a query's time (BENCHMARKS.md, section 4):
# the query of an earlier revision and of this working copy, run in turn in one engine
# session over the same extract, so that both share the load and the engine's warm-up.
#
#   benches/sql-ab.sh REV FILE [ENGINE...]   ROUNDS (default 7) rounds; medians
#
# REV is any git revision; FILE a wide extract of `cargo run --release -p nice-coding-cli
# --example hes` (its diagnosis columns are DIAG_4_01..); ENGINE duckdb, spark or postgres
# (default duckdb and spark; their Python packages installed, as cli/tests/sql/run.sh does;
# postgres needs a running server named by PGHOST, PGPORT, PGUSER and PGDATABASE, where the
# table hes_apc is replaced). Works under $WORK (default /tmp/nice-coding-sql-ab).
set -euo pipefail

rev=${1:?usage: benches/sql-ab.sh REV FILE [ENGINE...]}
file=$(realpath "${2:?usage: benches/sql-ab.sh REV FILE [ENGINE...]}")
shift 2
engines=("$@")
if [ ${#engines[@]} -eq 0 ]; then
    engines=(duckdb spark)
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/nice-coding-sql-ab}
rounds=${ROUNDS:-7}
rm -rf "$work"
mkdir -p "$work"
git -C "$repo" worktree add --detach --quiet "$work/before-src" "$rev"
trap 'git -C "$repo" worktree remove --force "$work/before-src"' EXIT

# Each copy's binary, built where cargo says (its JSON messages name the executable).
binary() {
    (cd "$1" && CARGO_TARGET_DIR="$2" cargo build --quiet --release -p nice-coding-cli \
        --bin nice-coding --message-format=json-render-diagnostics) |
        python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["executable"])'
}
before=$(binary "$work/before-src" "$work/target-before")
after=$(binary "$repo" "${CARGO_TARGET_DIR:-$repo/target}")

for engine in "${engines[@]}"; do
    "$before" export sql --dialect "$engine" --diagnosis-prefix DIAG_4_ >"$work/before-$engine.sql"
    "$after" export sql --dialect "$engine" --diagnosis-prefix DIAG_4_ >"$work/after-$engine.sql"
    echo "$engine, $file: $rev (before) and this copy (after), $rounds rounds in turn"
    (cd "$work" && python3 "$repo/benches/sql_in_turn.py" "$engine" "$file" "$rounds" \
        "before-$engine.sql" "after-$engine.sql")
done
