"""The Arrow entry point: a batch of ``(event, outlet, name, text)`` rows in, one row per group
member, per discrepancy value and per article that could not be read out. This is what an
engine calls (``parallax.spark`` hands it each event's rows through ``applyInArrow``).

An event's articles are compared in the order of their names (the rows' order after a shuffle
is arbitrary, and the first article is the base), so a run gives what
``parallax --json --lexical`` gives for the same files named in that order.
"""

import json

import pyarrow as pa

from . import _native

#: The columns of the rows ``compare_events`` returns. ``row`` says which kind a row is:
#:
#: - ``member``: one sentence of one group (``group``, ``sentence``, ``text``, the group's
#:   ``group_articles``, ``group_outlets``, ``cohesion``, ``loose``, ``reference``,
#:   ``discrepancies``, and the event's ``matcher``);
#: - ``discrepancy``: one figure of one discrepancy (``group``, ``discrepancy`` (its index in the
#:   group), ``sentence``, ``text`` (the figure as written), ``figure_kind``, ``unit``, ``value``,
#:   ``asserted``);
#: - ``error``: an article that could not be compared, with its ``reason``.
#:
#: ``event``, ``outlet``, ``name`` and ``date`` are the input row's.
ROWS = pa.schema(
    [
        ("row", pa.string()),
        ("event", pa.string()),
        ("outlet", pa.string()),
        ("name", pa.string()),
        ("date", pa.string()),
        ("group", pa.int32()),
        ("sentence", pa.int32()),
        ("text", pa.string()),
        ("group_articles", pa.int32()),
        ("group_outlets", pa.int32()),
        ("cohesion", pa.float32()),
        ("loose", pa.bool_()),
        ("reference", pa.bool_()),
        ("discrepancies", pa.int32()),
        ("matcher", pa.string()),
        ("discrepancy", pa.int32()),
        ("figure_kind", pa.string()),
        ("unit", pa.string()),
        ("value", pa.float64()),
        ("asserted", pa.bool_()),
        ("reason", pa.string()),
    ]
)

#: The same columns as a Spark DDL string, for ``applyInArrow``'s schema.
ROWS_DDL = (
    "row string, event string, outlet string, name string, date string, `group` int, "
    "sentence int, text string, group_articles int, group_outlets int, cohesion float, "
    "loose boolean, reference boolean, discrepancies int, matcher string, discrepancy int, "
    "figure_kind string, unit string, value double, asserted boolean, reason string"
)

_EMPTY = {field.name: None for field in ROWS}


def _row(**values):
    row = dict(_EMPTY)
    row.update(values)
    return row


def _column(table, name):
    return table.column(name).to_pylist() if name in table.column_names else [None] * len(table)


def compare_events(table, threshold=None, model=None):
    """Compares each event's articles in ``table`` (a ``pyarrow.Table`` or ``RecordBatch``
    with columns ``event``, ``name``, ``text`` and optionally ``outlet`` (the name when absent)
    and ``date``) and returns a ``pyarrow.Table`` of ``ROWS``.

    Never raises for bad rows: an article that cannot be read (empty, binary, undecodable, too
    large, not text, no name) or an event that cannot be compared (no event, too many
    articles) comes back as ``error`` rows with its reason, and the event's other articles are
    compared without it.
    """
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    events = _column(table, "event")
    outlets = _column(table, "outlet")
    names = _column(table, "name")
    texts = _column(table, "text")
    dates = _column(table, "date")
    names, dates = ([None if v is None else str(v) for v in col] for col in (names, dates))
    by_event = {}
    out = []
    for i, event in enumerate(events):
        event = None if event is None else str(event)
        outlet = outlets[i] if outlets[i] is not None else names[i]
        outlet = None if outlet is None else str(outlet)
        if event is None or not str(event).strip():
            out.append(
                _row(row="error", event=event, outlet=outlet, name=names[i], date=dates[i],
                     reason=f"{names[i]}: the row names no event")
            )
        elif names[i] is None or not str(names[i]).strip():
            out.append(
                _row(row="error", event=event, outlet=outlet, name=names[i], date=dates[i],
                     reason=f"an article of event {event} has no name")
            )
        else:
            by_event.setdefault(str(event), []).append(i)
    for event, rows in by_event.items():
        rows.sort(key=lambda i: (str(names[i]), str(outlets[i] or "")))
        out.extend(_compare_event(event, rows, outlets, names, texts, dates, threshold, model))
    return pa.Table.from_pylist(out, schema=ROWS)


def _compare_event(event, rows, outlets, names, texts, dates, threshold, model):
    def meta(i):
        outlet = outlets[i] if outlets[i] is not None else names[i]
        return dict(event=event, outlet=str(outlet), name=str(names[i]), date=dates[i])

    try:
        found, bad = _native.compare_json(
            [(str(names[i]), texts[i]) for i in rows],
            threshold=threshold,
            model=model,
            skip_bad=True,
        )
    except (TypeError, ValueError, RuntimeError) as e:
        # Not one article's fault (too many articles, a weights file that cannot be used, an
        # internal error of the core) or a text that is neither str nor bytes: every article of
        # the event gets the reason, and the other events are compared.
        return [_row(row="error", reason=f"event {event}: {e}", **meta(i)) for i in rows]
    out = [_row(row="error", reason=reason, **meta(rows[at])) for at, reason in bad]
    if found is None:
        return out
    skipped = {at for at, _ in bad}
    kept = [i for at, i in enumerate(rows) if at not in skipped]
    comparison = json.loads(found)
    members_meta = [meta(i) for i in kept]
    for g, group in enumerate(comparison["groups"]):
        group_outlets = len({members_meta[m["article"]]["outlet"] for m in group["members"]})
        for m_index, member in enumerate(group["members"]):
            article = comparison["articles"][member["article"]]
            out.append(
                _row(
                    row="member",
                    group=g,
                    sentence=member["sentence"],
                    text=article["sentences"][member["sentence"]]["text"],
                    group_articles=group["articles"],
                    group_outlets=group_outlets,
                    cohesion=group["cohesion"],
                    loose=group["loose"],
                    reference=m_index == group["reference"],
                    discrepancies=len(group["discrepancies"]),
                    matcher=comparison["matcher"],
                    **members_meta[member["article"]],
                )
            )
        for d, discrepancy in enumerate(group["discrepancies"]):
            for value in discrepancy["values"]:
                out.append(
                    _row(
                        row="discrepancy",
                        group=g,
                        discrepancy=d,
                        sentence=value["sentence"],
                        text=value["text"],
                        figure_kind=discrepancy["kind"],
                        unit=discrepancy.get("unit"),
                        value=value["value"],
                        asserted=discrepancy["asserted"],
                        matcher=comparison["matcher"],
                        **members_meta[value["article"]],
                    )
                )
    return out
