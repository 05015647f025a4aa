"""Runs the SQL of `nice-coding export sql` on real engines and compares its rows with
`nice-coding match` on the same extracts. Called by cli/tests/sql/run.sh; see there.

usage: compare.py NICE_CODING ENGINE... [--extract DIR]... [--marks DIR] [--literals FILE]
                  [--keywords DIR] [--wide FILE [--pairs N]] [--layouts wide,long] [--sql-arg ARG]...

ENGINE: duckdb, postgres, spark. With postgres, PGHOST/PGPORT/PGUSER/PGDATABASE name the server.

* --extract DIR: DIR holds wide.csv and long.csv; each engine must give match's rows, sorted.
* --marks DIR: DIR holds symbols.csv and letters.csv (cli/tests/sql/grammar.rs); each engine
  must give the same rows for both.
* --literals FILE: the JSON of the sql_literals example; each engine must read each literal
  back as its label. NC_ATTACK is set in the environment, so that a Spark substitution of
  ${env:NC_ATTACK} would show.
* --keywords DIR: DIR's extract with its key column named `user`, `current_user` or `TRUE`
  and, in the long layout, its code columns `NULL` and `current_date`: `export sql` given those
  names must still give match's rows.
* --wide FILE: FILE (the wide layout) alone; --pairs N then times match and each engine's
  query N times in turn (the query's time alone, the table read beforehand; results written
  to the engine's null sink, not fetched) and prints each time and the medians.
* --sql-arg ARG: passed to `export sql` (--sql-arg=--diagnosis-prefix=DIAG_4_).

With spark, also: every method Spark generated is short enough for the JVM to compile, and
(with --extract) the wide layout's query exchanges its rows between partitions once.
"""

import argparse
import csv
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time

HEADER = ["episode", "guidance", "variant", "outcome"]


def match_rows(nice_coding, path, layout, extra=()):
    """`match`'s rows, sorted, without the header, and its time."""
    start = time.monotonic()
    run = subprocess.run(
        [nice_coding, "match", path, "--layout", layout, *extra],
        capture_output=True, text=True,
    )
    took = time.monotonic() - start
    # 3: finished, with malformed rows skipped (the extracts hold some on purpose).
    if run.returncode not in (0, 3):
        sys.exit(f"match failed ({run.returncode}): {run.stderr[-2000:]}")
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert rows[0] == HEADER, rows[0]
    return sorted(tuple(r) for r in rows[1:]), took


def export_sql(nice_coding, dialect, layout, extra):
    return subprocess.run(
        [nice_coding, "export", "sql", "--dialect", dialect, "--layout", layout, *extra],
        check=True, capture_output=True, text=True,
    ).stdout


def header(path):
    with open(path, newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


def quoted(name):
    """`name` as a PostgreSQL or DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


class DuckDB:
    name = "duckdb"

    def __init__(self):
        import duckdb

        self.con = duckdb.connect()

    def load(self, path, table, renames=None):
        names = header(path)
        columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
        select = ", ".join(
            f"{quoted(n)} AS {quoted((renames or {}).get(n, n))}" for n in names)
        self.con.execute(
            f"CREATE OR REPLACE TABLE {table} AS SELECT {select} FROM read_csv('{path}', "
            f"header = true, delim = ',', quote = '\"', escape = '\"', columns = {columns})"
        )

    def query(self, sql):
        return self.con.execute(sql).fetchall()

    def timed(self, sql):
        start = time.monotonic()
        self.con.execute(f"CREATE OR REPLACE TEMPORARY TABLE timed AS {sql.rstrip().rstrip(';')}")
        return time.monotonic() - start


class Postgres:
    name = "postgres"

    def psql(self, sql, *options):
        return subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", *options],
                              input=sql, text=True, check=True, capture_output=True).stdout

    def load(self, path, table, renames=None):
        names = [(renames or {}).get(n, n) for n in header(path)]
        self.psql(
            f"DROP TABLE IF EXISTS {table};\n"
            # The header's names, quoted: the query reads them in the case given.
            f"CREATE TABLE {table} ({', '.join(quoted(n) + ' TEXT' for n in names)});\n"
            f"\\copy {table} FROM '{path}' WITH (FORMAT csv, HEADER true)\n"
            f"ANALYZE {table};\n"
        )

    def query(self, sql):
        rows = list(csv.reader(io.StringIO(self.psql(sql, "--csv"))))
        return rows[1:]

    def timed(self, sql):
        start = time.monotonic()
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null"],
                       input=sql, text=True, check=True)
        return time.monotonic() - start


class Spark:
    name = "spark"

    def __init__(self):
        from pyspark.sql import SparkSession

        # Spark's defaults (whole-stage code generation and all), as a platform runs them.
        self.spark = (
            SparkSession.builder.master("local[*]")
            .appName("nice-coding")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        self.spark.sparkContext.setLogLevel("ERROR")

    def load(self, path, table, renames=None):
        # The table is read into memory first, so the query's time is the matching's alone.
        frame = self.spark.read.csv(path, header=True, inferSchema=False)
        for old, new in (renames or {}).items():
            frame = frame.withColumnRenamed(old, new)
        # A small file is read into one partition; dealt into two, its rows take the plan a
        # large table gets (the benchmark's extracts are read into two as they are).
        if frame.rdd.getNumPartitions() < 2:
            frame = frame.repartition(2)
        frame = frame.cache()
        frame.count()
        frame.createOrReplaceTempView(table)

    def query(self, sql):
        # spark.sql() takes one statement without the closing semicolon.
        return [tuple(r) for r in self.frame(sql).collect()]

    def frame(self, sql):
        return self.spark.sql(sql.rstrip().rstrip(";"))

    def timed(self, sql):
        start = time.monotonic()
        self.spark.sql(sql.rstrip().rstrip(";")).write.format("noop").mode("overwrite").save()
        return time.monotonic() - start

    def largest_method(self):
        """The most bytes of bytecode of a Java method Spark has generated in this session."""
        metrics = self.spark.sparkContext._jvm.org.apache.spark.metrics.source.CodegenMetrics
        return metrics.METRIC_GENERATED_METHOD_BYTECODE_SIZE().getSnapshot().getMax()


def exchanges(frame):
    """The exchanges of rows between partitions (a broadcast aside) in the plan Spark ran for
    `frame`, collected (with adaptive execution, its final plan), not counting the plan that
    filled a cached table it reads (printed below the table's `InMemoryRelation`)."""
    plan = frame._jdf.queryExecution().executedPlan()
    if plan.getClass().getSimpleName() == "AdaptiveSparkPlanExec":
        plan = plan.executedPlan()
    count, cached_at = 0, None
    for line in plan.treeString().splitlines():
        depth = len(line) - len(line.lstrip(" :+-|"))
        if cached_at is not None and depth > cached_at:
            continue
        cached_at = None
        if "InMemoryRelation " in line:
            cached_at = depth
        elif re.match(r"[ :+|-]*Exchange ", line):
            count += 1
    return count


ENGINES = {"duckdb": DuckDB, "postgres": Postgres, "spark": Spark}


def as_text(rows):
    return sorted(tuple("" if v is None else str(v) for v in r) for r in rows)


def report(what, expected, got):
    """True when the rows are the same; else prints the difference."""
    if got == expected:
        print(f"{what}: the same {len(got)} rows")
        return True
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    print(f"{what}: {len(got)} rows against {len(expected)}, {len(missing)} missing, "
          f"{len(extra)} extra")
    for r in missing[:10]:
        print("  missing:", r)
    for r in extra[:10]:
        print("  extra:  ", r)
    return False


def compare_extract(nice_coding, engines, directory, layouts, sql_args):
    ok = True
    for layout in layouts:
        path = os.path.abspath(os.path.join(directory, f"{layout}.csv"))
        expected, took = match_rows(nice_coding, path, layout)
        print(f"{directory} {layout}: match: {len(expected)} rows, "
              f"{len({r[1] for r in expected})} guidance ({took:.2f} s)")
        for engine in engines:
            engine.load(path, "hes_apc")
            sql = export_sql(nice_coding, engine.name, layout, sql_args)
            ok &= report(f"{directory} {layout}: {engine.name}", expected,
                         as_text(engine.query(sql)))
    return ok


def compare_marks(nice_coding, engines, directory):
    ok = True
    for engine in engines:
        sql = export_sql(nice_coding, engine.name, "wide",
                         ["--procedures", "4", "--diagnoses", "4"])
        rows = {}
        for name in ["symbols", "letters"]:
            engine.load(os.path.abspath(os.path.join(directory, f"{name}.csv")), "hes_apc")
            rows[name] = as_text(engine.query(sql))
        ok &= report(f"{engine.name}: dagger and asterisk symbols read as the marks' letters",
                     rows["letters"], rows["symbols"])
        if not rows["letters"]:
            print(f"{engine.name}: the marks' extract matched nothing")
            ok = False
    return ok


def compare_literals(engines, path):
    with open(path, encoding="utf-8") as f:
        literals = json.load(f)
    ok = True
    for engine in engines:
        pairs = literals[engine.name]
        sql = "SELECT " + ", ".join(
            f"{literal} AS l{i}" for i, (_, literal) in enumerate(pairs))
        got = [("" if v is None else str(v)) for v in engine.query(sql)[0]]
        wrong = [(label, value) for (label, _), value in zip(pairs, got) if label != value]
        if wrong:
            ok = False
            for label, value in wrong:
                print(f"{engine.name}: the literal of {label!r} reads back as {value!r}")
        else:
            print(f"{engine.name}: {len(pairs)} hostile labels read back as written")
    return ok


def compare_keywords(nice_coding, engines, directory):
    """Key and code columns named as SQL keywords: quoted, they are read as columns."""
    ok = True
    cases = [
        ("wide", {"EPIKEY": "user"}, ["--key", "user"]),
        ("wide", {"EPIKEY": "current_user"}, ["--key", "current_user"]),
        ("wide", {"EPIKEY": "TRUE"}, ["--key", "TRUE"]),
        ("long", {"OPERTN": "NULL", "DIAG": "current_date"},
         ["--procedure-column", "NULL", "--diagnosis-column", "current_date"]),
    ]
    for layout, renames, args in cases:
        path = os.path.abspath(os.path.join(directory, f"{layout}.csv"))
        expected, _ = match_rows(nice_coding, path, layout)
        for engine in engines:
            engine.load(path, "hes_apc", renames)
            sql = export_sql(nice_coding, engine.name, layout, args)
            ok &= report(f"{engine.name} {layout} {' '.join(args)}", expected,
                         as_text(engine.query(sql)))
    return ok


def bench(nice_coding, engines, path, pairs, sql_args):
    """match and each engine's query, in turn, `pairs` times; the medians."""
    ok = True
    expected, _ = match_rows(nice_coding, path, "wide")
    for engine in engines:
        engine.load(path, "hes_apc")
        sql = export_sql(nice_coding, engine.name, "wide", sql_args)
        ok &= report(f"{path}: {engine.name}", expected, as_text(engine.query(sql)))
        if not pairs:
            continue
        times = {"match": [], engine.name: []}
        for _ in range(pairs):
            times["match"].append(match_rows(nice_coding, path, "wide")[1])
            times[engine.name].append(engine.timed(sql))
        line = ", ".join(f"{name} {' '.join(f'{t:.2f}' for t in ts)} s "
                         f"(median {statistics.median(ts):.2f})" for name, ts in times.items())
        ratio = statistics.median(times[engine.name]) / statistics.median(times["match"])
        print(f"{path}: {line}: {ratio:.1f} x match")
    return ok


# The JVM compiles a method to machine code only when it is at most this many bytes of
# bytecode (HotSpot's HugeMethodLimit); a longer one runs in its interpreter (see
# cli/src/export/sql/clauses.rs).
JIT_LIMIT = 8000


def compiled_methods(engine):
    """Spark: every method generated for the queries run is one the JVM compiles."""
    largest = engine.largest_method()
    if largest > JIT_LIMIT:
        print(f"spark: a generated method of {largest} bytes of bytecode, past the JVM's "
              f"{JIT_LIMIT}: it runs interpreted", flush=True)
        return False
    print(f"spark: the largest generated method, {largest} bytes of bytecode, is compiled",
          flush=True)
    return True


def one_exchange(nice_coding, engine, directory, sql_args):
    """Spark: the wide layout's query, run on DIRECTORY's wide.csv (dealt into two partitions),
    exchanges its rows between partitions once: the held codes, into one partition, where the
    grouping, the pairs and the sort then run (see cli/src/export/sql/query.rs). (The long
    layout's rows of one key are brought together first, by an exchange of their own.)"""
    engine.load(os.path.abspath(os.path.join(directory, "wide.csv")), "hes_apc")
    frame = engine.frame(export_sql(nice_coding, engine.name, "wide", sql_args))
    frame.collect()
    count = exchanges(frame)
    if count != 1:
        print(f"spark: the wide query's plan exchanges its rows {count} times, not once",
              flush=True)
        return False
    print("spark: the wide query's plan exchanges its rows once", flush=True)
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("nice_coding")
    parser.add_argument("engines", nargs="+", choices=sorted(ENGINES))
    parser.add_argument("--extract", action="append", default=[])
    parser.add_argument("--marks")
    parser.add_argument("--literals")
    parser.add_argument("--keywords")
    parser.add_argument("--wide")
    parser.add_argument("--pairs", type=int, default=0)
    parser.add_argument("--layouts", default="wide,long")
    parser.add_argument("--sql-arg", action="append", default=[])
    args = parser.parse_args()
    os.environ["NC_ATTACK"] = "' || current_user() || '"
    engines = [ENGINES[name]() for name in args.engines]
    ok = True
    if args.literals:
        ok &= compare_literals(engines, args.literals)
    for directory in args.extract:
        ok &= compare_extract(args.nice_coding, engines, directory, args.layouts.split(","),
                              args.sql_arg)
    if args.marks:
        ok &= compare_marks(args.nice_coding, engines, args.marks)
    if args.keywords:
        ok &= compare_keywords(args.nice_coding, engines, args.keywords)
    if args.wide:
        ok &= bench(args.nice_coding, engines, os.path.abspath(args.wide), args.pairs,
                    args.sql_arg)
    for engine in engines:
        if isinstance(engine, Spark):
            if args.extract:
                ok &= one_exchange(args.nice_coding, engine, args.extract[0], args.sql_arg)
            ok &= compiled_methods(engine)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
