#!/usr/bin/env bash
# The SQL of `nice-coding export sql` on real engines. Writes two test extracts, each in the
# wide and the long layout: one built from every guidance's trees (cli/tests/sql/extract.rs),
# one from a grammar of every field form `match` reads or refuses (cli/tests/sql/grammar.rs).
# Runs `nice-coding match` on them, runs the generated SQL on DuckDB and PostgreSQL (and
# Spark with --spark), and fails unless every engine gives match's rows exactly (sorted).
# Also: the SQL reads the dagger and asterisk symbols as the marks' letters; hostile labels
# read back as written from each dialect's literals (cli/tests/sql/literals.rs); key and code
# columns named like keywords are read as columns; the recipes of cli/README.md, run as
# written on cli/tests/fixtures/hes/realistic.csv (cli/tests/sql/recipes.py), give match's
# rows; and Spark logs no error (such as "Code grows beyond 64 KB"), generates no Java
# method too long for the JVM to compile (over 8,000 bytes of bytecode), and exchanges the
# wide query's rows between partitions once.
#
#   cli/tests/sql/run.sh [--spark] [--no-postgres] [--release] [--wide FILE [--pairs N]]
#                        [EPISODES_PER_GUIDANCE]
#
# --wide FILE compares on FILE (the wide layout) alone, instead of all the above: the
# benchmark of BENCHMARKS.md runs it on `cargo run --release --example hes` output, whose
# DIAG_4_ columns it reads with --diagnosis-prefix DIAG_4_; --pairs N then times match and
# each engine's query N times in turn. --release uses a release build.
#
# Installs what is missing: the duckdb (and pyspark) Python packages with pip, Debian's
# postgresql with apt-get. PostgreSQL runs from a temporary data directory on a local port
# (PGPORT, 54329 unless set), as a non-root user (initdb refuses root), with JIT compilation
# off (it takes seconds on this query and changes no row: see cli/README.md), and is stopped
# on exit. Spark needs Java 17.
set -euo pipefail

spark=0
postgres=1
per_guidance=40
profile=debug
wide=
pairs=0
usage="usage: cli/tests/sql/run.sh [--spark] [--no-postgres] [--release] [--wide FILE [--pairs N]] [EPISODES_PER_GUIDANCE]"
while [ $# -gt 0 ]; do
    case "$1" in
        --spark) spark=1 ;;
        --no-postgres) postgres=0 ;;
        --release) profile=release ;;
        --wide) wide=$(realpath "$2"); shift ;;
        --pairs) pairs=$2; shift ;;
        [0-9]*) per_guidance=$1 ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
    shift
done
# --wide was read relative to where the script was started; the rest runs from cli/.
cd "$(dirname "$0")/../.."

python3 -c 'import duckdb' 2>/dev/null || pip install --quiet duckdb
if [ "$spark" = 1 ]; then
    python3 -c 'import pyspark' 2>/dev/null || pip install --quiet pyspark
fi

# Cargo says where it put the binary (CARGO_TARGET_DIR, or a build.target-dir setting, may
# put it anywhere).
build_args=(--quiet -p nice-coding-cli --bin nice-coding --message-format=json-render-diagnostics)
if [ "$profile" = release ]; then
    build_args+=(--release)
fi
nice_coding=$(cargo build "${build_args[@]}" | python3 -c '
import json, sys
for line in sys.stdin:
    message = json.loads(line)
    if message.get("reason") == "compiler-artifact" and message.get("executable") \
            and message["target"]["name"] == "nice-coding":
        print(message["executable"])
')
if [ ! -x "$nice_coding" ]; then
    echo "cargo built no nice-coding binary" >&2
    exit 1
fi
work=$(mktemp -d)
chmod 755 "$work"
cleanup() {
    if [ -n "${pg_data:-}" ] && [ -f "$pg_data/postmaster.pid" ]; then
        as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop > /dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

engines=(duckdb)
if [ "$postgres" = 1 ]; then
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$pg_bin" ]; then
        apt-get update -q > /dev/null && apt-get install -y -q postgresql > /dev/null
        pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    fi
    # initdb and postgres refuse to run as root: run them as the postgres user.
    as_pg() {
        if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
    }
    pg_data=$work/pgdata
    mkdir "$pg_data"
    [ "$(id -u)" = 0 ] && chown postgres "$pg_data"
    as_pg "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust > /dev/null
    export PGOPTIONS="-c client_min_messages=warning -c jit=off"
    export PGHOST=$pg_data PGPORT=${PGPORT:-54329} PGUSER=postgres PGDATABASE=postgres
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/postgres.log" -w \
        -o "-k $pg_data -p $PGPORT -c listen_addresses=''" start > /dev/null
    engines+=(postgres)
fi
if [ "$spark" = 1 ]; then
    engines+=(spark)
fi

# Spark writes its log to standard error: kept, shown, and searched for errors at the end.
log=$work/stderr
if [ -n "$wide" ]; then
    compare_args=(--wide "$wide" --pairs "$pairs")
    if head -1 "$wide" | grep -qi 'DIAG_4_01'; then
        compare_args+=(--sql-arg=--diagnosis-prefix=DIAG_4_)
    fi
    python3 tests/sql/compare.py "$nice_coding" "${engines[@]}" "${compare_args[@]}" 2> "$log" \
        || { cat "$log" >&2; exit 1; }
else
    mkdir "$work/extract" "$work/grammar"
    cargo run --quiet -p nice-coding-cli --example sql_extract -- "$work/extract" "$per_guidance"
    cargo run --quiet -p nice-coding-cli --example sql_grammar -- "$work/grammar"
    cargo run --quiet -p nice-coding-cli --example sql_literals > "$work/literals.json"
    chmod -R a+rX "$work/extract" "$work/grammar"
    python3 tests/sql/compare.py "$nice_coding" "${engines[@]}" \
        --literals "$work/literals.json" --extract "$work/extract" --extract "$work/grammar" \
        --marks "$work/grammar" --keywords "$work/grammar" 2> "$log" \
        || { cat "$log" >&2; exit 1; }
    recipes=(duckdb)
    [ "$postgres" = 1 ] && recipes+=(postgres)
    [ "$spark" = 1 ] && recipes+=(spark spark-sql)
    python3 tests/sql/recipes.py README.md "$nice_coding" tests/fixtures/hes/realistic.csv \
        "${recipes[@]}" 2>> "$log" || { cat "$log" >&2; exit 1; }
fi
if grep -E '(^| )ERROR |Code grows beyond|OutOfMemoryError' "$log" >&2; then
    echo "an engine logged the errors above" >&2
    exit 1
fi
