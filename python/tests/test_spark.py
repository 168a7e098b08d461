"""parallax-spark on a real local Spark (local[2]): a generated corpus of 500 events and the
seeds as one more event, with three malformed rows. Each event's groups must be the CLI's for
the same files, the outlet figures must add up, and the malformed rows must land in `errors`
while every other event completes."""

import collections
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from test_module import SEEDS, WEIGHTS, cli, cli_json  # noqa: E402

EVENTS = int(os.environ.get("PARALLAX_SPARK_EVENTS", "500"))

# The malformed rows: each names its reason's words as the errors output gives them.
MALFORMED = [
    ({"event": "event-0007", "outlet": "Broken Feed", "name": "event-0007-empty.txt",
      "text": ""}, "event-0007-empty.txt: no text in it"),
    ({"event": "event-0011", "outlet": "Broken Feed", "name": "event-0011-binary.txt",
      "text": "GIF89a\x00\x01\x02\x03binary"}, "event-0011-binary.txt: not a text file"),
    ({"outlet": "Broken Feed", "name": "orphan.txt", "text": "A row that names no event."},
     "orphan.txt: the row names no event"),
]


def read(folder):
    return pq.read_table(folder).to_pylist()


class SparkJobTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from pyspark.sql import SparkSession

        from parallax import corpus as corpus_files
        from parallax import spark as job

        cls.tmp = tempfile.TemporaryDirectory()
        tmp = Path(cls.tmp.name)
        cls.rows = corpus.corpus(EVENTS)
        for path in SEEDS:
            cls.rows.append({"event": "seeds", "outlet": path.stem, "name": path.name,
                             "text": path.read_text(encoding="utf-8")})
        source = tmp / "corpus.jsonl"
        with source.open("w", encoding="utf-8") as f:
            for row in cls.rows + [bad for bad, _ in MALFORMED]:
                f.write(json.dumps(row) + "\n")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        spark = (
            SparkSession.builder.master("local[2]")
            .appName("parallax-spark-test")
            .config("spark.sql.shuffle.partitions", str(job.local_partitions("local[2]")))
            .config("spark.ui.showConsoleProgress", "false")
        )
        if WEIGHTS.is_file():
            # Shipped as a cluster would ship them (--files), and named by their file name only.
            spark = spark.config("spark.files", str(WEIGHTS))
        spark = spark.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        # The seeds again, as python -m parallax.corpus writes files: Parquet, the bytes as read.
        seeds = tmp / "seeds.parquet"
        corpus_files.write("seeds", SEEDS, seeds)
        try:
            cls.counts = job.run(spark, str(source), str(tmp / "out"))
            cls.seed_counts = job.run(spark, str(seeds), str(tmp / "seeds-out"))
            if WEIGHTS.is_file():
                job.run(spark, str(seeds), str(tmp / "seeds-encoder"), model=WEIGHTS.name)
        finally:
            spark.stop()
        cls.seeds_parquet = seeds
        cls.out = {name: read(tmp / "out" / name) for name in job.OUTPUTS}
        cls.seeds_out = {name: read(tmp / "seeds-out" / name) for name in job.OUTPUTS}
        cls.encoder_groups = (
            read(tmp / "seeds-encoder" / "groups") if WEIGHTS.is_file() else None
        )
        cls.by_event = collections.defaultdict(list)
        for row in cls.rows:
            cls.by_event[row["event"]].append(row)
        cls.cli = cls._cli_comparisons(tmp / "files")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def _cli_comparisons(cls, folder):
        """`parallax --json --lexical` on each event's files, named in order (the job's)."""
        out = {}
        for event, rows in cls.by_event.items():
            if event == "seeds":
                files = SEEDS
            else:
                (folder / event).mkdir(parents=True)
                files = []
                for row in sorted(rows, key=lambda r: r["name"]):
                    path = folder / event / row["name"]
                    path.write_text(row["text"], encoding="utf-8")
                    files.append(path)
            done = subprocess.run([cli(), "--json", "--lexical", "--", *map(str, files)],
                                  capture_output=True, check=True)
            out[event] = json.loads(done.stdout)
        return out

    def test_every_event_is_compared(self):
        events = set(self.by_event)
        self.assertEqual(len(events), EVENTS + 1)
        self.assertEqual({r["event"] for r in self.out["groups"]}, events)
        self.assertEqual(self.counts["events"], EVENTS + 1)
        self.assertEqual(self.counts["members"], len(self.out["groups"]))
        self.assertEqual(self.counts["errors"], len(MALFORMED))
        # Not vacuous: most articles share facts, and the figures some outlets change show.
        self.assertGreater(len(self.out["groups"]), 8 * len(self.rows))
        self.assertGreater(len({r["event"] for r in self.out["discrepancies"]}), EVENTS // 10)
        self.assertEqual({r["matcher"] for r in self.out["groups"]}, {"lexical"})

    def test_each_events_groups_are_the_clis(self):
        got = collections.defaultdict(lambda: collections.defaultdict(set))
        for r in self.out["groups"]:
            got[r["event"]][r["group"]].add((r["name"], r["sentence"]))
        for event, comparison in self.cli.items():
            names = [a["name"] for a in comparison["articles"]]
            want = sorted(
                sorted((names[m["article"]], m["sentence"]) for m in g["members"])
                for g in comparison["groups"]
            )
            with self.subTest(event=event):
                self.assertEqual(sorted(map(sorted, got[event].values())), want)

    def test_each_events_discrepancies_are_the_clis(self):
        got = collections.Counter((r["event"], r["name"], r["sentence"], r["kind"], r["value"])
                                  for r in self.out["discrepancies"])
        want = collections.Counter()
        for event, c in self.cli.items():
            for g in c["groups"]:
                for d in g["discrepancies"]:
                    for v in d["values"]:
                        name = c["articles"][v["article"]]["name"]
                        want[(event, name, v["sentence"], d["kind"], v["value"])] += 1
        self.assertEqual(got, want)
        self.assertGreater(sum(want.values()), 100)

    def test_seed_files_as_parquet_give_the_clis_groups(self):
        self.assertEqual(self.seed_counts["events"], 1)
        self.assertEqual(self.seeds_out["errors"], [])
        got = collections.defaultdict(set)
        for r in self.seeds_out["groups"]:
            got[r["group"]].add((r["name"], r["sentence"]))
        c = self.cli["seeds"]
        names = [a["name"] for a in c["articles"]]
        want = sorted(sorted((names[m["article"]], m["sentence"]) for m in g["members"])
                      for g in c["groups"])
        self.assertEqual(sorted(map(sorted, got.values())), want)
        self.assertEqual(len(self.seeds_out["outlets"]), len(SEEDS))

    def test_the_seeds_by_meaning_with_shipped_weights_give_the_clis_groups(self):
        if self.encoder_groups is None:
            if os.environ.get("PARALLAX_REQUIRE_MODEL"):
                self.fail(f"{WEIGHTS} is missing (scripts/setup makes it)")
            self.skipTest(f"{WEIGHTS} is missing (scripts/setup makes it)")
        self.assertEqual({r["matcher"] for r in self.encoder_groups}, {"encoder"})
        got = collections.defaultdict(set)
        for r in self.encoder_groups:
            got[r["group"]].add((r["name"], r["sentence"]))
        c = cli_json(SEEDS, "--model", WEIGHTS)
        names = [a["name"] for a in c["articles"]]
        want = sorted(sorted((names[m["article"]], m["sentence"]) for m in g["members"])
                      for g in c["groups"])
        self.assertEqual(sorted(map(sorted, got.values())), want)
        # Not the lexical grouping under another name.
        self.assertNotEqual(len(got), len({r["group"] for r in self.seeds_out["groups"]}))

    def test_the_parallax_spark_command_runs_the_job_on_the_seeds(self):
        command = Path(sys.executable).parent / "parallax-spark"
        out = Path(self.tmp.name) / "command-out"
        done = subprocess.run(
            [str(command), "--master", "local[2]", str(self.seeds_parquet), str(out)],
            capture_output=True, text=True, timeout=300,
        )
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        self.assertEqual(json.loads(done.stdout.strip().splitlines()[-1]), self.seed_counts)
        def key(r):
            return (r["group"], r["name"], r["sentence"])

        self.assertEqual(sorted(read(out / "groups"), key=key),
                         sorted(self.seeds_out["groups"], key=key))

    def test_outlet_figures_add_up(self):
        outlets = {r["outlet"]: r for r in self.out["outlets"]}
        self.assertEqual(set(outlets), {r["outlet"] for r in self.rows})
        # Each outlet's sentences, shared and unique as the CLI counts them (an event has one
        # article an outlet, so "another article" is "another outlet").
        want = collections.defaultdict(collections.Counter)
        outlet_of = {(r["event"], r["name"]): r["outlet"] for r in self.rows}
        for event, c in self.cli.items():
            for a in c["articles"]:
                count = want[outlet_of[(event, a["name"])]]
                count["sentences"] += a["summary"]["sentences"]
                count["shared"] += a["summary"]["shared"]
                count["unique"] += a["summary"]["unique"]
                count["articles"] += 1
        for name, o in outlets.items():
            with self.subTest(outlet=name):
                self.assertEqual(o["shared"] + o["unique"], o["sentences"])
                self.assertAlmostEqual(o["shared_share"] + o["unique_share"], 1.0)
                for key in ("sentences", "shared", "unique", "articles"):
                    self.assertEqual(o[key], want[name][key], key)
                whom = dict(o["disagrees_with"])
                self.assertNotIn(name, whom)
                self.assertLessEqual(o["disagreements"], sum(whom.values()))
                self.assertLessEqual(o["disagreements"], o["figures_discrepant"])
                self.assertEqual(o["disagreements"] > 0, bool(whom))
        self.assertEqual(sum(o["sentences"] for o in outlets.values()), len(self.out["groups"]))
        self.assertGreater(sum(o["disagreements"] for o in outlets.values()), 0)

    def test_agreement_matrix_is_symmetric_and_matches_the_outlets(self):
        matrix = {(r["outlet"], r["other"]): r for r in self.out["agreement"]}
        outlets = {r["outlet"]: r for r in self.out["outlets"]}
        together = collections.Counter()
        for rows in self.by_event.values():
            present = {r["outlet"] for r in rows}
            together.update((a, b) for a in present for b in present if a != b)
        self.assertEqual({k: m["events"] for k, m in matrix.items()}, dict(together))
        for (a, b), m in matrix.items():
            back = matrix[(b, a)]
            self.assertEqual(m["facts_both"], back["facts_both"])
            self.assertEqual((m["facts_outlet"], m["facts_other"]),
                             (back["facts_other"], back["facts_outlet"]))
            self.assertEqual(m["disagreements"], back["disagreements"])
            self.assertLessEqual(m["facts_both"], min(m["facts_outlet"], m["facts_other"]))
            self.assertTrue(0.0 <= m["agreement"] <= 1.0)
            self.assertEqual(m["disagreements"], dict(outlets[a]["disagrees_with"]).get(b, 0))
        self.assertTrue(any(m["agreement"] > 0.3 for m in matrix.values()))

    def test_malformed_rows_land_in_errors_with_their_reason(self):
        errors = self.out["errors"]
        self.assertEqual(len(errors), len(MALFORMED))
        for bad, reason in MALFORMED:
            with self.subTest(name=bad["name"]):
                found = [e for e in errors if e["name"] == bad["name"]]
                self.assertEqual(len(found), 1)
                self.assertIn(reason, found[0]["reason"])
                self.assertEqual(found[0]["event"], bad.get("event"))
        # Their events are compared without them, as the CLI compares the other files.
        for event in ("event-0007", "event-0011"):
            names = {r["name"] for r in self.out["groups"] if r["event"] == event}
            self.assertEqual(names, {r["name"] for r in self.by_event[event]})

    def test_the_cli_refuses_the_malformed_files_for_the_same_reason(self):
        with tempfile.TemporaryDirectory() as tmp:
            for bad, reason in MALFORMED[:2]:
                path = Path(tmp) / bad["name"]
                path.write_text(bad["text"], encoding="utf-8")
                done = subprocess.run([cli(), "--json", "--lexical", str(path)],
                                      capture_output=True, text=True)
                self.assertEqual(done.returncode, 1)
                self.assertIn(reason.split(": ", 1)[1], done.stderr)


if __name__ == "__main__":
    unittest.main()
