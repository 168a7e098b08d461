"""Throughput of parallax-spark: articles compared a second, and a second per core, on 1 and 2
local cores, for the generated corpus of python/tests/corpus.py.

    scripts/wheel && scripts/tools/venv/bin/python python/bench.py [--events N] [--model PATH]

For each core count it times, after a warm-up run: the comparison alone (every event compared
on the executors, the rows discarded by Spark's `noop` sink) and the whole job (reading the
corpus, comparing, writing the five Parquet outputs). It also times the same comparisons in
one plain Python process without Spark, as the ceiling a core can reach.
"""

import argparse
import collections
import json
import os
import sys
import tempfile
import time
from pathlib import Path

# The installed wheel, not the sources beside this file (which lack the compiled _native), and
# the corpus generator of the tests.
sys.path[0] = str(Path(__file__).resolve().parent / "tests")
import corpus  # noqa: E402

import parallax  # noqa: E402
from parallax import spark as job  # noqa: E402


def cpu_seconds():
    """CPU time used so far by this process and every process under it (Spark's JVM, its Python
    workers), in seconds: a figure another program on the machine does not inflate."""
    parents, times = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = sum(int(x) for x in fields[11:15])  # utime stime cutime cstime

    def under(pid):
        while pid > 1:
            if pid == os.getpid():
                return True
            pid = parents.get(pid, 0)
        return False

    ticks = sum(t for pid, t in times.items() if under(pid))
    return ticks / os.sysconf("SC_CLK_TCK")


def plain(rows, model):
    by_event = collections.defaultdict(list)
    for r in rows:
        by_event[r["event"]].append((r["name"], r["text"]))
    start = time.perf_counter()
    for articles in by_event.values():
        parallax.compare(sorted(articles), model=model)
    return time.perf_counter() - start


def on_spark(source, out, cores, model):
    from pyspark.sql import SparkSession

    master = f"local[{cores}]"
    spark = (
        SparkSession.builder.master(master)
        .appName("parallax-bench")
        .config("spark.sql.shuffle.partitions", str(job.local_partitions(master)))
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        def compare_only():
            rows = job.compare_corpus(job.read_corpus(spark, source), model=model)
            rows.write.format("noop").mode("overwrite").save()

        compare_only()  # warm-up: starts the Python workers, reads the weights
        start, cpu = time.perf_counter(), cpu_seconds()
        compare_only()
        compared = (time.perf_counter() - start, cpu_seconds() - cpu)
        start, cpu = time.perf_counter(), cpu_seconds()
        job.run(spark, source, out, model=model)
        whole = (time.perf_counter() - start, cpu_seconds() - cpu)
    finally:
        spark.stop()
    return compared, whole


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--model", help="the sentence encoder's weights (default: lexical)")
    parser.add_argument("--cores", type=int, nargs="+", default=[1, 2],
                        help="the local core counts to run Spark on (default: 1 2)")
    parser.add_argument("--no-plain", action="store_true",
                        help="leave out the run in one plain Python process")
    args = parser.parse_args()
    # One core means one: the encoder would otherwise share a batch among all the machine's.
    os.environ["PARALLAX_THREADS"] = "1"
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    rows = corpus.corpus(args.events)
    n = len(rows)
    sample = parallax.compare([(r["name"], r["text"]) for r in rows[:8]])
    per_article = sum(a["summary"]["sentences"] for a in sample["articles"]) / 8
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        matcher = "encoder" if args.model else "lexical"
        print(f"corpus: {args.events} events, {n} articles (about {per_article:.0f} sentences "
              f"each); matcher: {matcher}")
        print(f"load average before: {os.getloadavg()[0]:.2f} (anything above 0 is another "
              "program sharing the cores)")
        if not args.no_plain:
            cpu = cpu_seconds()
            seconds = plain(rows, args.model)
            cpu = cpu_seconds() - cpu
            print(f"plain Python, 1 core: {seconds:7.1f} s {n / seconds:8.1f} articles/s; "
                  f"{n / cpu:8.1f} a CPU second")
        for cores in args.cores:
            runs = on_spark(str(source), str(Path(tmp) / "out"), cores, args.model)
            for what, (wall, cpu) in zip(("comparison", "whole job"), runs):
                print(
                    f"Spark local[{cores}], {what:10}: {wall:7.1f} s {n / wall:8.1f} articles/s, "
                    f"{n / wall / cores:8.1f} a core; {cpu:7.1f} CPU s, "
                    f"{n / cpu:8.1f} a CPU second"
                )


if __name__ == "__main__":
    main()
