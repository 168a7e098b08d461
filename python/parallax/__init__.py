"""Parallax's core for Python: compare news articles about one event, sentence by sentence.

``compare`` returns the comparison in the shape ``parallax --json`` prints (docs/json.md);
``parallax.arrow.compare_events`` is the Arrow entry point an engine calls on a batch of
``(event, outlet, name, text)`` rows; ``parallax.spark`` is the Spark job built on it.
"""

import json as _json

from ._native import MAX_ARTICLE_BYTES, MAX_ARTICLES, ArticleError
from ._native import compare_json as _compare_json

__all__ = ["compare", "ArticleError", "MAX_ARTICLES", "MAX_ARTICLE_BYTES"]


def compare(articles, base=0, threshold=None, model=None):
    """Compares ``articles``, a sequence of ``(name, text)`` pairs, and returns a dict in the
    shape of ``parallax --json``.

    ``text`` is a ``str`` or ``bytes`` (decoded as the CLI decodes a file: UTF-8, UTF-16 or
    Windows-1252; a saved web page is read for its text). ``base`` is the index of the article
    whose reading order the groups follow. ``threshold`` is the similarity (0 to 1) two
    sentences need to share a group (the CLI's ``--threshold``). ``model`` is the path of the
    sentence encoder's weights (``weights/minilm-l6-v2.q8``, made by ``scripts/setup``); without
    it the lexical matcher runs, as with ``parallax --lexical``.

    Raises ``ArticleError`` (a ``ValueError``) naming the article when one cannot be read,
    ``ValueError`` for a base, threshold or weights file that cannot be used or for too many
    articles, and ``TypeError`` for a text that is neither ``str`` nor ``bytes``.
    """
    articles = [(str(name), text) for name, text in articles]
    if not articles:
        raise ValueError("no articles given")
    found, _ = _compare_json(
        articles,
        base=base,
        threshold=threshold,
        model=None if model is None else str(model),
    )
    return _json.loads(found)
