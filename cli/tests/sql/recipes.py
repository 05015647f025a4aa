"""Runs, as written, the recipes cli/README.md gives for loading HES into an engine and running
`nice-coding export sql`, and checks that each gives `nice-coding match`'s rows. Called by
cli/tests/sql/run.sh; see there.

usage: recipes.py README NICE_CODING FIXTURE NAME...

A recipe is a fenced block of README whose info string is `sh recipe=NAME` (run by bash, with
`set -euo pipefail`, in an empty directory holding FIXTURE as hes.csv and NICE_CODING's folder
first on PATH, so `nice-coding` is the binary under test) or `sql recipe=NAME` (statements run
by Spark in turn, before the query of `export sql --dialect spark`, once a table
hes.hes_apc_2324 holds FIXTURE). A recipe writes matches.csv: the header, then the query's
rows. NAME: duckdb, postgres (in a database of its own, made and dropped here), spark,
spark-sql. A NAME README does not hold is an error: a recipe cannot go untested by being
renamed.
"""

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

HEADER = ["episode", "guidance", "variant", "outcome"]


def recipes(readme):
    """{name: (language, text)} of README's recipe blocks."""
    found = {}
    pattern = re.compile(r"^```(\w+) recipe=([\w-]+)\n(.*?)^```$", re.M | re.S)
    for language, name, text in pattern.findall(open(readme, encoding="utf-8").read()):
        if name in found:
            sys.exit(f"{readme}: two recipes named {name}")
        found[name] = (language, text)
    return found


def match_rows(nice_coding, path):
    run = subprocess.run([nice_coding, "match", path], capture_output=True, text=True)
    if run.returncode not in (0, 3):
        sys.exit(f"match failed ({run.returncode}): {run.stderr[-2000:]}")
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert rows[0] == HEADER, rows[0]
    return sorted(tuple(r) for r in rows[1:])


def written_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or rows[0] != HEADER:
        sys.exit(f"{path}: the header is {rows[:1]}, not {HEADER}")
    return sorted(tuple(r) for r in rows[1:])


def fyear_only(fixture, directory, fyear):
    """FIXTURE's rows of one financial year, as a file of its own (what the spark-sql
    recipe's view keeps)."""
    path = os.path.join(directory, f"fyear-{fyear}.csv")
    with open(fixture, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("FYEAR")
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([rows[0]] + [r for r in rows[1:] if r[column] == fyear])
    return path


SPARK_SQL = """
import csv, subprocess, sys
from pyspark.sql import SparkSession
spark = (SparkSession.builder.master("local[*]").config("spark.ui.enabled", "false")
         .config("spark.sql.warehouse.dir", "warehouse").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
spark.sql("CREATE DATABASE hes")
spark.read.csv("hes.csv", header=True, escape='"').write.saveAsTable("hes.hes_apc_2324")
for statement in open("recipe.sql").read().split(";"):
    if statement.strip():
        spark.sql(statement)
query = subprocess.run(["nice-coding", "export", "sql", "--dialect", "spark"], check=True,
                       capture_output=True, text=True).stdout
rows = spark.sql(query.rstrip().rstrip(";")).collect()
with open("matches.csv", "w", newline="") as out:
    csv.writer(out).writerows([["episode", "guidance", "variant", "outcome"], *rows])
"""


def run(name, language, text, nice_coding, fixture):
    directory = tempfile.mkdtemp(prefix=f"recipe-{name}-")
    try:
        shutil.copyfile(fixture, os.path.join(directory, "hes.csv"))
        env = dict(os.environ)
        env["PATH"] = os.path.dirname(os.path.abspath(nice_coding)) + os.pathsep + env["PATH"]
        expected = match_rows(nice_coding, fixture)
        database = None
        if name == "postgres":
            database = f"recipe_{os.getpid()}"
            subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                            f"CREATE DATABASE {database}"], check=True)
            env["PGDATABASE"] = database
        try:
            if language == "sh":
                subprocess.run(["bash", "-c", "set -euo pipefail\n" + text], cwd=directory,
                               env=env, check=True)
            elif language == "sql" and name == "spark-sql":
                with open(os.path.join(directory, "recipe.sql"), "w") as f:
                    f.write(text)
                subprocess.run([sys.executable, "-c", SPARK_SQL], cwd=directory, env=env,
                               check=True)
                expected = match_rows(nice_coding, fyear_only(fixture, directory, "2324"))
            else:
                sys.exit(f"recipe {name}: no way to run a {language} block")
        finally:
            if database:
                subprocess.run(["psql", "-q", "-d", "postgres", "-c",
                                f"DROP DATABASE {database}"], check=True)
        got = written_rows(os.path.join(directory, "matches.csv"))
        if got != expected:
            missing = sorted(set(expected) - set(got))
            extra = sorted(set(got) - set(expected))
            print(f"recipe {name}: {len(got)} rows against match's {len(expected)}, "
                  f"{len(missing)} missing, {len(extra)} extra: {missing[:3]} {extra[:3]}")
            return False
        print(f"recipe {name}: run as written, match's {len(got)} rows")
        return True
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    readme, nice_coding, fixture, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    found = recipes(readme)
    ok = True
    for name in names:
        if name not in found:
            sys.exit(f"{readme} has no recipe {name} (```LANGUAGE recipe={name})")
        ok &= run(name, *found[name], nice_coding, os.path.abspath(fixture))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
