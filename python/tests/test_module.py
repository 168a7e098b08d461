"""The Python module against the CLI: parallax.compare gives what `parallax --json` gives for
the same files, and bad input raises an exception naming the article."""

import json
import os
import subprocess
import unittest
from pathlib import Path

import pyarrow as pa

import parallax
from parallax.arrow import ROWS, compare_events

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
WEIGHTS = ROOT / "weights" / "minilm-l6-v2.q8"


def cli():
    """The CLI binary the tests compare with: $PARALLAX_CLI, else the one cargo built."""
    given = os.environ.get("PARALLAX_CLI")
    if given:
        return given
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "parallax"
        if path.is_file():
            return str(path)
    raise unittest.SkipTest("no parallax binary: run cargo build --bin parallax")


def cli_json(files, *flags):
    done = subprocess.run(
        [cli(), "--json", *flags, "--", *map(str, files)], capture_output=True, check=True
    )
    return json.loads(done.stdout)


class CompareTest(unittest.TestCase):
    def test_seeds_compare_as_the_cli_compares_them_by_wording(self):
        got = parallax.compare([(p.name, p.read_bytes()) for p in SEEDS])
        self.assertEqual(got, cli_json(SEEDS, "--lexical"))
        self.assertEqual(got["matcher"], "lexical")
        self.assertGreater(len(got["groups"]), 10)

    def test_text_given_as_str_reads_as_its_bytes(self):
        as_bytes = parallax.compare([(p.name, p.read_bytes()) for p in SEEDS])
        as_str = parallax.compare([(p.name, p.read_text(encoding="utf-8")) for p in SEEDS])
        self.assertEqual(as_bytes, as_str)

    def test_base_and_threshold_are_the_clis(self):
        articles = [(p.name, p.read_bytes()) for p in SEEDS]
        got = parallax.compare(articles, base=2, threshold=0.5)
        self.assertEqual(got, cli_json(SEEDS, "--lexical", "--base", "2", "--threshold", "0.5"))
        self.assertEqual(got["base"], 2)

    def test_seeds_compare_by_meaning_with_the_encoders_weights(self):
        if not WEIGHTS.is_file():
            if os.environ.get("PARALLAX_REQUIRE_MODEL"):
                self.fail(f"{WEIGHTS} is missing (scripts/setup makes it)")
            self.skipTest(f"{WEIGHTS} is missing (scripts/setup makes it)")
        got = parallax.compare([(p.name, p.read_bytes()) for p in SEEDS], model=WEIGHTS)
        self.assertEqual(got["matcher"], "encoder")
        self.assertEqual(got, cli_json(SEEDS, "--model", WEIGHTS))

    def test_bad_articles_raise_an_error_naming_them(self):
        good = (SEEDS[0].name, SEEDS[0].read_bytes())
        cases = [
            (("empty.txt", ""), "empty.txt: no text in it"),
            (("blank.txt", " \n\t"), "blank.txt: no text in it"),
            (("photo.jpg", b"\xff\xd8\xff\x00\x10JFIF"), "photo.jpg: not a text file"),
            (("nul.txt", "text\x00more"), "nul.txt: not a text file"),
            (("none.txt", None), "none.txt: no text in it"),
        ]
        for article, message in cases:
            with self.subTest(article[0]):
                with self.assertRaises(parallax.ArticleError) as caught:
                    parallax.compare([good, article])
                self.assertIn(message, str(caught.exception))
                self.assertIsInstance(caught.exception, ValueError)

    def test_other_bad_input_raises_without_crashing(self):
        good = [(p.name, p.read_bytes()) for p in SEEDS[:2]]
        with self.assertRaisesRegex(TypeError, "number.txt: the text must be str or bytes"):
            parallax.compare([("number.txt", 5)])
        with self.assertRaisesRegex(ValueError, "no article 5 to use as the base"):
            parallax.compare(good, base=5)
        with self.assertRaisesRegex(ValueError, "threshold must be between 0 and 1"):
            parallax.compare(good, threshold=1.5)
        with self.assertRaisesRegex(ValueError, "no articles given"):
            parallax.compare([])
        with self.assertRaisesRegex(ValueError, "no-such-file.q8: cannot read it"):
            parallax.compare(good, model="no-such-file.q8")
        with self.assertRaisesRegex(ValueError, "not a Parallax encoder weights file"):
            parallax.compare(good, model=SEEDS[0])
        too_many = [(f"{i}.txt", f"Sentence number {i} is here.") for i in range(65)]
        with self.assertRaisesRegex(ValueError, "65"):
            parallax.compare(too_many)


class ArrowTest(unittest.TestCase):
    def test_a_batch_of_two_events_gives_each_its_groups(self):
        seeds = [(p.name, p.read_text(encoding="utf-8")) for p in SEEDS]
        other = [
            ("a.txt", "The ferry left Velmora at noon. It carried 40 people."),
            ("b.txt", "It carried 45 people. The ferry left Velmora at noon on Monday."),
        ]
        rows = [("seeds", n, t) for n, t in reversed(seeds)] + [("ferry", n, t) for n, t in other]
        table = pa.table(
            {
                "event": [r[0] for r in rows],
                "name": [r[1] for r in rows],
                "text": [r[2] for r in rows],
            }
        )
        out = compare_events(table)
        self.assertEqual(out.schema, ROWS)
        got = out.to_pylist()
        self.assertEqual({r["row"] for r in got}, {"member", "discrepancy"})
        for event, articles in (("seeds", seeds), ("ferry", other)):
            want = parallax.compare(sorted(articles))
            members = [r for r in got if r["event"] == event and r["row"] == "member"]
            self.assertEqual(len(members), sum(len(g["members"]) for g in want["groups"]))
            groups = {}
            for r in members:
                groups.setdefault(r["group"], set()).add((r["name"], r["sentence"]))
                self.assertEqual(r["outlet"], r["name"])
            names = [a["name"] for a in want["articles"]]
            self.assertEqual(
                sorted(map(sorted, groups.values())),
                sorted(
                    sorted((names[m["article"]], m["sentence"]) for m in g["members"])
                    for g in want["groups"]
                ),
            )
        ferry = [r for r in got if r["event"] == "ferry" and r["row"] == "discrepancy"]
        self.assertEqual(sorted(r["value"] for r in ferry), [40.0, 45.0])

    def test_bad_rows_become_error_rows_and_the_rest_is_compared(self):
        batch = pa.RecordBatch.from_pydict(
            {
                "event": ["e", "e", "e", None, "f"],
                "outlet": ["A", "B", "C", "D", "E"],
                "name": ["a.txt", "b.txt", "c.txt", "d.txt", None],
                "text": ["The dam held. Rain fell.", "", "x\x00y", "No event here.", "Text."],
            }
        )
        got = compare_events(batch).to_pylist()
        errors = {r["outlet"]: r["reason"] for r in got if r["row"] == "error"}
        self.assertEqual(set(errors), {"B", "C", "D", "E"})
        self.assertIn("b.txt: no text in it", errors["B"])
        self.assertIn("c.txt: not a text file", errors["C"])
        self.assertIn("names no event", errors["D"])
        self.assertIn("has no name", errors["E"])
        members = [r for r in got if r["row"] == "member"]
        self.assertEqual(
            {(r["name"], r["sentence"]) for r in members}, {("a.txt", 0), ("a.txt", 1)}
        )

    def test_an_event_of_too_many_articles_is_all_errors_and_the_next_is_compared(self):
        crowd = [("big", f"{i:02}.txt", f"Sentence number {i} is here.") for i in range(65)]
        rows = crowd + [("small", "a.txt", "The dam held."), ("small", "b.txt", "The dam held.")]
        columns = ("event", "name", "text")
        table = pa.table({k: [r[i] for r in rows] for i, k in enumerate(columns)})
        got = compare_events(table).to_pylist()
        errors = [r for r in got if r["row"] == "error"]
        self.assertEqual(sorted(r["name"] for r in errors), sorted(r[1] for r in crowd))
        for r in errors:
            self.assertEqual(r["event"], "big")
            self.assertIn("event big: comparison: too many articles (65", r["reason"])
        members = [r for r in got if r["row"] == "member"]
        self.assertEqual({r["event"] for r in members}, {"small"})
        self.assertEqual(len(members), 2)
        self.assertEqual({r["group_outlets"] for r in members}, {2})


if __name__ == "__main__":
    unittest.main()
