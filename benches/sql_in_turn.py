"""Times SQL queries in turn in one engine session (BENCHMARKS.md, section 4).

    python3 benches/sql_in_turn.py duckdb|spark FILE ROUNDS QUERY.sql...

FILE is a wide HES extract (`cargo run --release -p nice-coding-cli --example hes`), read
into memory first as the table `hes_apc`, every column as text: DuckDB as a table, Spark as
a cached DataFrame. Each query runs once to check its row count and warm the engine, then
ROUNDS rounds of every query in turn, its rows written where they cost nothing to keep
(DuckDB: a temporary table; Spark: the `noop` sink). Prints each query's row count, its
median time and every time, in seconds. benches/sql-ab.sh runs it on the queries of two
revisions.
"""

import csv
import statistics
import sys
import time


class DuckDB:
    def __init__(self, path):
        import duckdb

        self.con = duckdb.connect()
        with open(path, newline="", encoding="utf-8") as f:
            names = next(csv.reader(f))
        columns = ", ".join(f"'{n}': 'VARCHAR'" for n in names)
        self.con.execute(
            "CREATE TABLE hes_apc AS SELECT * FROM read_csv(?, header=true, columns={"
            + columns
            + "})",
            [path],
        )

    def count(self, sql):
        return self.con.execute(f"SELECT count(*) FROM ({sql}) q").fetchone()[0]

    def run(self, sql):
        self.con.execute(f"CREATE OR REPLACE TEMPORARY TABLE timed AS {sql}")


class Spark:
    def __init__(self, path):
        from pyspark.sql import SparkSession

        self.spark = (
            SparkSession.builder.master("local[*]")
            .appName("nice-coding in turn")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        self.spark.sparkContext.setLogLevel("ERROR")
        frame = self.spark.read.csv(path, header=True, inferSchema=False).cache()
        frame.count()
        frame.createOrReplaceTempView("hes_apc")

    def count(self, sql):
        return self.spark.sql(sql).count()

    def run(self, sql):
        self.spark.sql(sql).write.format("noop").mode("overwrite").save()


def main():
    if len(sys.argv) < 5 or sys.argv[1] not in ("duckdb", "spark"):
        sys.exit(__doc__.strip().splitlines()[2].strip())
    engine = {"duckdb": DuckDB, "spark": Spark}[sys.argv[1]](sys.argv[2])
    rounds = int(sys.argv[3])
    queries = {}
    for name in sys.argv[4:]:
        with open(name, encoding="utf-8") as f:
            # One statement, without the closing semicolon (Spark refuses it).
            queries[name] = f.read().rstrip().rstrip(";")
    for name, sql in queries.items():
        print(f"{name}: {engine.count(sql)} rows", flush=True)
        engine.run(sql)
    times = {name: [] for name in queries}
    for _ in range(rounds):
        for name, sql in queries.items():
            start = time.monotonic()
            engine.run(sql)
            times[name].append(time.monotonic() - start)
    for name, ts in times.items():
        print(
            f"{name}: median {statistics.median(ts):.2f} s ("
            + ", ".join(f"{t:.2f}" for t in ts)
            + ")"
        )


if __name__ == "__main__":
    main()
