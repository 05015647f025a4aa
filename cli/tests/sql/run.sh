#!/usr/bin/env bash
# The SQL of `nice-coding export sql` on real engines: writes a test extract built from every
# guidance's trees (cli/tests/sql/extract.rs, wide and long layouts), runs `nice-coding match` on
# it, runs the generated SQL on DuckDB and PostgreSQL (and Spark with --spark), and fails
# unless every engine gives match's rows exactly (sorted).
#
#   cli/tests/sql/run.sh [--spark] [--no-postgres] [--release] [--wide FILE] [EPISODES_PER_GUIDANCE]
#
# --wide FILE compares on FILE (the wide layout only) instead of the built extract: the
# benchmark of BENCHMARKS.md runs it on `cargo run --release --example hes` output, whose
# DIAG_4_ columns it reads with --diagnosis-prefix DIAG_4_. --release uses a release build.
#
# Installs what is missing: the duckdb (and pyspark) Python packages with pip, Debian's
# postgresql with apt-get. PostgreSQL runs from a temporary data directory on a local port,
# as a non-root user (initdb refuses root), and is stopped on exit. Spark needs Java 17.
set -euo pipefail

spark=0
postgres=1
per_guidance=40
profile=debug
wide=
usage="usage: cli/tests/sql/run.sh [--spark] [--no-postgres] [--release] [--wide FILE] [EPISODES_PER_GUIDANCE]"
while [ $# -gt 0 ]; do
    case "$1" in
        --spark) spark=1 ;;
        --no-postgres) postgres=0 ;;
        --release) profile=release ;;
        --wide) wide=$(realpath "$2"); shift ;;
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
compare_args=()
if [ -n "$wide" ]; then
    ln -s "$wide" "$work/wide.csv"
    compare_args+=(--layouts wide)
    if head -1 "$wide" | grep -qi 'DIAG_4_01'; then
        compare_args+=(--sql-arg=--diagnosis-prefix=DIAG_4_)
    fi
else
    cargo run --quiet -p nice-coding-cli --example sql_extract -- "$work" "$per_guidance"
    chmod 644 "$work"/*.csv
fi

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
    export PGOPTIONS="-c client_min_messages=warning"
    export PGHOST=$pg_data PGPORT=${PGPORT:-54329} PGUSER=postgres PGDATABASE=postgres
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/postgres.log" -w \
        -o "-k $pg_data -p $PGPORT -c listen_addresses=''" start > /dev/null
    engines+=(postgres)
fi
if [ "$spark" = 1 ]; then
    engines+=(spark)
fi

python3 tests/sql/compare.py "$nice_coding" "$work" "${engines[@]}" "${compare_args[@]}"
