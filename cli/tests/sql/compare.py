"""Runs the SQL of `nice-coding export sql` on real engines and compares its rows with
`nice-coding match` on the same extract. Called by cli/tests/sql/run.sh; see there.

usage: compare.py NICE_CODING DIR ENGINE... [--layouts wide,long] [--sql-arg ARG]...
ENGINE: duckdb, postgres, spark. DIR holds wide.csv and long.csv. --sql-arg passes ARG to
`export sql` (--sql-arg=--diagnosis-prefix=DIAG_4_ for an extract with the 4-character
columns). With postgres, PGHOST/PGPORT/PGUSER/PGDATABASE name the server.
"""

import argparse

import csv
import os
import subprocess
import sys
import time

LAYOUTS = {"wide": "wide.csv", "long": "long.csv"}


def match_rows(nice_coding, path, layout):
    """`match`'s rows, sorted, without the header."""
    run = subprocess.run(
        [nice_coding, "match", path, "--layout", layout],
        capture_output=True, text=True,
    )
    # 3: finished, with malformed rows skipped (the extract holds some on purpose).
    if run.returncode not in (0, 3):
        sys.exit(f"match failed ({run.returncode}): {run.stderr[-2000:]}")
    rows = list(csv.reader(run.stdout.splitlines()))
    assert rows[0] == ["episode", "guidance", "variant", "outcome"], rows[0]
    return sorted(tuple(r) for r in rows[1:])


def export_sql(nice_coding, dialect, layout, extra):
    return subprocess.run(
        [nice_coding, "export", "sql", "--dialect", dialect, "--layout", layout, *extra],
        check=True, capture_output=True, text=True,
    ).stdout


def header(path):
    with open(path, newline="") as f:
        return next(csv.reader(f))


def run_duckdb(sql, path, layout):
    import duckdb

    con = duckdb.connect()
    names = header(path)
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    con.execute(
        f"CREATE TABLE hes_apc AS SELECT * FROM read_csv('{path}', header = true, "
        f"delim = ',', quote = '\"', escape = '\"', columns = {columns})"
    )
    start = time.monotonic()
    return con.execute(sql).fetchall(), time.monotonic() - start


def quoted(name):
    """`name` as a PostgreSQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def run_postgres(sql, path, layout):
    names = header(path)
    setup = (
        "DROP TABLE IF EXISTS hes_apc;\n"
        # The header's names, quoted: the query reads them in the case given.
        f"CREATE TABLE hes_apc ({', '.join(quoted(n) + ' TEXT' for n in names)});\n"
        f"\\copy hes_apc FROM '{path}' WITH (FORMAT csv, HEADER true)\n"
    )
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1"], input=setup, text=True, check=True)
    start = time.monotonic()
    out = subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", "--csv"],
        input=sql, text=True, check=True, capture_output=True,
    ).stdout
    rows = list(csv.reader(out.splitlines()))
    assert rows[0] == ["episode", "guidance", "variant", "outcome"], rows[0]
    return rows[1:], time.monotonic() - start


_spark = None


def start_spark():
    global _spark
    from pyspark.sql import SparkSession

    if _spark is None:
        _spark = (
            SparkSession.builder.master("local[*]")
            .appName("nice-coding")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            # The query tests every rule of the catalogue in one expression: compiled whole
            # (whole-stage code generation) it passes the JVM's 64 KB method limit, and Spark
            # logs the failure and falls back. Compile expression by expression instead.
            .config("spark.sql.codegen.wholeStage", "false")
            .getOrCreate()
        )
        _spark.sparkContext.setLogLevel("ERROR")


def run_spark(sql, path, layout):
    start_spark()
    # The table is read into memory first, so the query's time is the matching's alone.
    frame = _spark.read.csv(path, header=True, inferSchema=False).cache()
    frame.count()
    frame.createOrReplaceTempView("hes_apc")
    start = time.monotonic()
    # spark.sql() takes one statement without the closing semicolon.
    rows = [tuple(r) for r in _spark.sql(sql.rstrip().rstrip(";")).collect()]
    return rows, time.monotonic() - start


ENGINES = {"duckdb": run_duckdb, "postgres": run_postgres, "spark": run_spark}

# A label with a quote and a backslash, and the literal `export sql` writes for it in each
# dialect (the unit test a_quote_is_doubled_in_postgres_and_duckdb_and_escaped_in_spark in
# cli/src/export/sql/dialect.rs pins the same literals): each engine must read it back.
LABEL = "Patient's choice \\ other"
LITERALS = {
    "duckdb": "'Patient''s choice \\ other'",
    "postgres": "'Patient''s choice \\ other'",
    "spark": "'Patient\\'s choice \\\\ other'",
}


def read_back(engine):
    """The label, as the engine reads the literal written for it."""
    sql = f"SELECT {LITERALS[engine]} AS label"
    if engine == "duckdb":
        import duckdb

        return duckdb.connect().execute(sql).fetchall()[0][0]
    if engine == "postgres":
        out = subprocess.run(["psql", "-q", "-At", "-c", sql], text=True, check=True,
                             capture_output=True).stdout
        return out.rstrip("\n")
    return _spark.sql(sql).collect()[0][0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("nice_coding")
    parser.add_argument("directory")
    parser.add_argument("engines", nargs="+", choices=sorted(ENGINES))
    parser.add_argument("--layouts", default="wide,long")
    parser.add_argument("--sql-arg", action="append", default=[])
    args = parser.parse_args()
    nice_coding, directory, engines = args.nice_coding, args.directory, args.engines
    failed = False
    for engine in engines:
        if engine == "spark" and _spark is None:
            start_spark()
        label = read_back(engine)
        if label != LABEL:
            failed = True
            print(f"{engine}: the literal {LITERALS[engine]} reads as {label!r}, not {LABEL!r}")
        else:
            print(f"{engine}: a label with a quote and a backslash reads back as written")
    for layout in args.layouts.split(","):
        name = LAYOUTS[layout]
        path = os.path.abspath(os.path.join(directory, name))
        start = time.monotonic()
        expected = match_rows(nice_coding, path, layout)
        took = time.monotonic() - start
        guidance = {r[1] for r in expected}
        print(f"{layout}: match: {len(expected)} rows, {len(guidance)} guidance ({took:.2f} s)")
        for engine in engines:
            sql = export_sql(nice_coding, engine, layout, args.sql_arg)
            start = time.monotonic()
            rows, query = ENGINES[engine](sql, path, layout)
            took = time.monotonic() - start
            got = sorted(tuple("" if v is None else str(v) for v in r) for r in rows)
            if got == expected:
                print(f"{layout}: {engine}: the same {len(got)} rows "
                      f"(query {query:.2f} s, with loading the table {took:.2f} s)")
                continue
            failed = True
            missing = sorted(set(expected) - set(got))
            extra = sorted(set(got) - set(expected))
            print(f"{layout}: {engine}: {len(got)} rows, {len(missing)} of match's missing, "
                  f"{len(extra)} not in match's (query {query:.2f} s)")
            for r in missing[:10]:
                print("  missing:", r)
            for r in extra[:10]:
                print("  extra:  ", r)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
