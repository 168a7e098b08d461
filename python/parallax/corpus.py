"""Writes article files as a corpus for parallax-spark: one Parquet row a file, all of one event.

    python -m parallax.corpus --event assad-asylum --output seeds.parquet seeds/*.txt

Each row's ``outlet`` is the file's name without its extension, ``name`` the file's name, and
``text`` the file's bytes as they are (a binary column), so that the job decodes them as the
CLI decodes a file: UTF-8, UTF-16 or Windows-1252, and a saved web page read for its text.
"""

import argparse
import sys
from pathlib import Path


def write(event, files, output):
    """Writes ``files`` as rows of ``event`` to the Parquet file ``output``; returns how many."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    paths = [Path(f) for f in files]
    table = pa.table(
        {
            "event": pa.array([event] * len(paths), pa.string()),
            "outlet": pa.array([p.stem for p in paths], pa.string()),
            "name": pa.array([p.name for p in paths], pa.string()),
            "text": pa.array([p.read_bytes() for p in paths], pa.binary()),
        }
    )
    pq.write_table(table, output)
    return len(paths)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m parallax.corpus", description=__doc__)
    parser.add_argument("--event", required=True, help="the event every file reports")
    parser.add_argument("--output", required=True, help="the Parquet file to write")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    n = write(args.event, args.files, args.output)
    print(f"{args.output}: {n} articles of event {args.event}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
