"""The file spark-submit runs for parallax-spark (README.md, "Corpus scale on Apache Spark"):
the job's main, from the parallax package installed where the driver runs."""

import sys

from parallax.spark import main

sys.exit(main())
