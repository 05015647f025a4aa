"""Times SQL queries in turn in one engine session (BENCHMARKS.md, section 4).

    python3 benches/sql_in_turn.py duckdb|postgres|spark FILE ROUNDS QUERY.sql...

FILE is a wide HES extract (`cargo run --release -p nice-coding-cli --example hes`), read
first into the table `hes_apc`, every column as text, as cli/tests/sql/compare.py reads it
(whose engines these are: DuckDB in memory, a cached Spark DataFrame, a PostgreSQL server
named by PGHOST, PGPORT, PGUSER and PGDATABASE). Each query runs once to count its rows and
warm the engine, then ROUNDS rounds of every query in turn, its rows written where they cost
nothing to keep (compare.py's `timed`). Prints each query's row count, its median time and
every time, in seconds. benches/sql-ab.sh runs it on the queries of two revisions.
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli", "tests", "sql"))
from compare import ENGINES  # noqa: E402


def main():
    if len(sys.argv) < 5 or sys.argv[1] not in ENGINES:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    engine = ENGINES[sys.argv[1]]()
    engine.load(os.path.abspath(sys.argv[2]), "hes_apc")
    rounds = int(sys.argv[3])
    queries = {}
    for name in sys.argv[4:]:
        with open(name, encoding="utf-8") as f:
            queries[name] = f.read()
    for name, sql in queries.items():
        count = engine.query(f"SELECT count(*) FROM ({sql.rstrip().rstrip(';')}) q")[0][0]
        print(f"{name}: {count} rows", flush=True)
        engine.timed(sql)
    times = {name: [] for name in queries}
    for _ in range(rounds):
        for name, sql in queries.items():
            times[name].append(engine.timed(sql))
    for name, ts in times.items():
        print(
            f"{name}: median {statistics.median(ts):.2f} s ("
            + ", ".join(f"{t:.2f}" for t in ts)
            + ")"
        )


if __name__ == "__main__":
    main()
