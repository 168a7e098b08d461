"""parallax-spark: compares every event of a news archive on Apache Spark and writes per-outlet
figures.

Reads a corpus of JSON lines or Parquet with columns ``event``, ``outlet``, ``name``, ``text``
and optionally ``date``, groups it by event, compares each event's articles on the executors
(``applyInArrow`` over ``parallax.arrow.compare_events``) and writes Parquet folders under the
output folder:

- ``groups``: one row per group member (event, outlet, name, group, sentence, text, and the
  group's article and outlet counts, cohesion, looseness, reference, discrepancy count);
- ``discrepancies``: one row per figure of each discrepancy (event, group, discrepancy, kind,
  unit, outlet, name, sentence, the figure as written, its value, asserted);
- ``outlets``: per outlet across all events: its sentences, the share other outlets also
  report (``shared_share``), the share only it reports (``unique_share``), the discrepancies
  it takes part in and those where it disagrees with another outlet (``disagreements``, and
  ``disagrees_with``: a map from each other outlet to how often);
- ``agreement``: the outlet × outlet matrix, one row per ordered pair of outlets that cover an
  event together: the events they share, the facts (groups) each reports in those events, the
  facts both report, ``agreement`` = both / (either), and their disagreements;
- ``errors``: each row that could not be compared (no event, no name, an empty, binary or
  undecodable text, an event of too many articles), with its reason. Every other event is
  compared.

Run it locally::

    parallax-spark --master 'local[*]' seeds.jsonl out/

or on a cluster with ``spark-submit`` (README.md, "Corpus scale on Apache Spark").
"""

import argparse
import json
import os
import sys

from . import arrow

JSON_SCHEMA = "event string, outlet string, name string, text string, date string"

OUTPUTS = ("groups", "discrepancies", "outlets", "agreement", "errors")


def read_corpus(spark, path, fmt="auto"):
    """The corpus at ``path`` (a file or folder of JSON lines or Parquet) as a DataFrame with
    the columns ``event``, ``outlet``, ``name``, ``text``, ``date``."""
    from pyspark.sql import functions as F

    if fmt == "auto":
        fmt = "parquet" if path.rstrip("/").endswith(".parquet") else "json"
    if fmt == "parquet":
        df = spark.read.parquet(path)
    else:
        # Given, not inferred: inference reads the whole corpus once more.
        df = spark.read.schema(JSON_SCHEMA).json(path)
    missing = [c for c in ("event", "name", "text") if c not in df.columns]
    if missing:
        raise SystemExit(f"parallax-spark: {path}: no column {', '.join(missing)}")
    outlet = F.col("outlet").cast("string") if "outlet" in df.columns else F.col("name")
    date = F.col("date").cast("string") if "date" in df.columns else F.lit(None).cast("string")
    text = F.col("text")
    if dict(df.dtypes)["text"] not in ("string", "binary"):
        text = text.cast("string")
    return df.select(
        F.col("event").cast("string").alias("event"),
        F.coalesce(outlet, F.col("name").cast("string")).alias("outlet"),
        F.col("name").cast("string").alias("name"),
        text.alias("text"),
        date.alias("date"),
    )


def compare_corpus(corpus, threshold=None, model=None):
    """Each event of ``corpus`` compared on the executors: a DataFrame of
    ``parallax.arrow.ROWS``."""

    def per_event(table):
        path = model
        if path is not None and not os.path.exists(path):
            # Shipped with --files: each executor has its own copy.
            from pyspark import SparkFiles

            path = SparkFiles.get(os.path.basename(path))
        return arrow.compare_events(table, threshold=threshold, model=path)

    return corpus.groupBy("event").applyInArrow(per_event, arrow.ROWS_DDL)


def tables(rows):
    """The outputs, by name, from the rows ``compare_corpus`` gives."""
    from pyspark.sql import functions as F

    members = rows.filter(F.col("row") == "member")
    groups = members.select(
        "event", "outlet", "name", "date", "group", "sentence", "text", "group_articles",
        "group_outlets", "cohesion", "loose", "reference", "discrepancies", "matcher",
    )
    discrepancies = rows.filter(F.col("row") == "discrepancy").select(
        "event", "group", "discrepancy", F.col("figure_kind").alias("kind"), "unit", "outlet",
        "name", "sentence", "text", "value", "asserted",
    )
    errors = rows.filter(F.col("row") == "error").select(
        "event", "outlet", "name", "date", "reason"
    )

    # Who disagrees with whom: in one discrepancy, two outlets disagree when each gives a value
    # the other does not (the core's rule for flagging it, on the values as it normalizes them).
    key = ["event", "group", "discrepancy"]
    values = discrepancies.groupBy(*key, "outlet").agg(F.collect_set("value").alias("values"))
    a, b = values.alias("a"), values.alias("b")
    pairs = (
        a.join(b, key)
        .filter(F.col("a.outlet") != F.col("b.outlet"))
        .filter(
            (F.size(F.array_except("a.values", "b.values")) > 0)
            & (F.size(F.array_except("b.values", "a.values")) > 0)
        )
        .select(*key, F.col("a.outlet").alias("outlet"), F.col("b.outlet").alias("other"))
    )
    with_whom = pairs.groupBy("outlet", "other").agg(
        F.countDistinct(*key).alias("disagreements")
    )
    disagreeing = pairs.groupBy("outlet").agg(F.countDistinct(*key).alias("disagreements"))
    taking_part = values.groupBy("outlet").agg(F.count("*").alias("figures_discrepant"))
    whom_map = with_whom.groupBy("outlet").agg(
        F.map_from_entries(F.collect_list(F.struct("other", "disagreements"))).alias(
            "disagrees_with"
        )
    )
    outlets = (
        members.groupBy("outlet")
        .agg(
            F.countDistinct("event").alias("events"),
            F.countDistinct("event", "name").alias("articles"),
            F.count("*").alias("sentences"),
            F.sum((F.col("group_outlets") >= 2).cast("long")).alias("shared"),
            F.sum((F.col("group_outlets") == 1).cast("long")).alias("unique"),
        )
        .withColumn("shared_share", F.col("shared") / F.col("sentences"))
        .withColumn("unique_share", F.col("unique") / F.col("sentences"))
        .join(taking_part, "outlet", "left")
        .join(disagreeing, "outlet", "left")
        .join(whom_map, "outlet", "left")
        .fillna(0, ["figures_discrepant", "disagreements"])
        .withColumn(
            "disagrees_with",
            F.coalesce("disagrees_with", F.create_map().cast("map<string,bigint>")),
        )
        .orderBy("outlet")
    )

    # The matrix, over the events both outlets of a pair cover.
    facts = members.select("event", "group", "outlet").distinct()
    per_event = facts.groupBy("event", "outlet").agg(F.count("*").alias("facts"))
    pa_, pb = per_event.alias("pa"), per_event.alias("pb")
    together = pa_.join(pb, "event").filter(F.col("pa.outlet") != F.col("pb.outlet")).select(
        "event",
        F.col("pa.outlet").alias("outlet"),
        F.col("pb.outlet").alias("other"),
        F.col("pa.facts").alias("facts_outlet"),
        F.col("pb.facts").alias("facts_other"),
    )
    fa, fb = facts.alias("fa"), facts.alias("fb")
    both = (
        fa.join(fb, ["event", "group"])
        .filter(F.col("fa.outlet") != F.col("fb.outlet"))
        .groupBy("event", F.col("fa.outlet").alias("outlet"), F.col("fb.outlet").alias("other"))
        .agg(F.count("*").alias("facts_both"))
    )
    agreement = (
        together.join(both, ["event", "outlet", "other"], "left")
        .fillna(0, ["facts_both"])
        .groupBy("outlet", "other")
        .agg(
            F.count("*").alias("events"),
            F.sum("facts_outlet").alias("facts_outlet"),
            F.sum("facts_other").alias("facts_other"),
            F.sum("facts_both").alias("facts_both"),
        )
        .withColumn(
            "agreement",
            F.col("facts_both")
            / (F.col("facts_outlet") + F.col("facts_other") - F.col("facts_both")),
        )
        .join(with_whom, ["outlet", "other"], "left")
        .fillna(0, ["disagreements"])
        .orderBy("outlet", "other")
    )
    return {
        "groups": groups,
        "discrepancies": discrepancies,
        "outlets": outlets,
        "agreement": agreement,
        "errors": errors,
    }


def run(spark, source, output, fmt="auto", threshold=None, model=None):
    """Compares the corpus at ``source`` and writes the outputs under ``output``; returns how
    many events, rows and errors there were."""
    from pyspark import StorageLevel

    rows = compare_corpus(read_corpus(spark, source, fmt), threshold=threshold, model=model)
    # Every output reads the comparisons: compute them once.
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
    out = tables(rows)
    for name in OUTPUTS:
        out[name].write.mode("overwrite").parquet(os.path.join(output, name))
    counts = {
        "events": out["groups"].select("event").distinct().count(),
        "groups": out["groups"].select("event", "group").distinct().count(),
        "members": out["groups"].count(),
        "discrepancy_values": out["discrepancies"].count(),
        "outlets": out["outlets"].count(),
        "errors": out["errors"].count(),
    }
    rows.unpersist()
    return counts


def local_partitions(master):
    """Shuffle partitions for a local master: two a core. Spark's default, 200, is made for
    clusters; on two local cores it spends most of a small job's time starting empty tasks."""
    if not master or not master.startswith("local"):
        return None
    cores = master[len("local[") : -1] if master.startswith("local[") else "1"
    cores = cores.split(",")[0]
    n = (os.cpu_count() or 1) if cores == "*" else int(cores)
    return 2 * n


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="parallax-spark",
        description="Compare every event of a news corpus on Apache Spark (see README.md).",
    )
    parser.add_argument("corpus", help="JSON lines or Parquet: event, outlet, name, text, date")
    parser.add_argument("output", help="folder for the Parquet outputs: " + ", ".join(OUTPUTS))
    parser.add_argument("--format", choices=["auto", "json", "parquet"], default="auto",
                        help="the corpus's format (auto: Parquet when it ends in .parquet)")
    parser.add_argument("--master", help="Spark master, e.g. 'local[2]' (spark-submit sets it)")
    parser.add_argument("--threshold", type=float,
                        help="similarity two sentences need to share a group (default 0.3 "
                             "by wording, 0.19 with --model)")
    parser.add_argument("--model", help="the sentence encoder's weights (default: lexical)")
    parser.add_argument("--partitions", type=int,
                        help="shuffle partitions (default: Spark's, or 2 a core on local[N])")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("parallax-spark")
    if args.master:
        builder = builder.master(args.master)
        if args.master.startswith("local"):
            # Local executors run this interpreter, which has parallax installed.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.config("spark.ui.showConsoleProgress", "false").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    # The master may come from spark-submit; a partition count given there is kept.
    given = spark.sparkContext.getConf().contains("spark.sql.shuffle.partitions")
    partitions = args.partitions
    if not partitions and not given:
        partitions = local_partitions(spark.sparkContext.master)
    if partitions:
        spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    try:
        counts = run(spark, args.corpus, args.output, args.format, args.threshold, args.model)
    finally:
        spark.stop()
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
