"""Rich display in Jupyter (``_repr_html_``) for Plan and Scorecard.

Rendered from the core's tables (``_table(name)``: columns of values, laid
out by the core), not from DataFrames: the display needs no pandas. Every
value is escaped with ``html.escape``; long tables are cut at ``MAX_ROWS``
rows with a line saying how many were left out. Scores and percentages come
from the core (``percent``); nothing is computed here.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from typing import Any, Iterable, Sequence

from ._seguimiento import percent

MAX_ROWS = 40

#: Semáforo colours: background and text for each band.
BAND_COLOURS = {
    "green": ("#2e7d32", "#ffffff"),
    "yellow": ("#f9a825", "#000000"),
    "red": ("#c62828", "#ffffff"),
    "none": ("#9e9e9e", "#ffffff"),
}

_STYLE = (
    "<style>"
    ".seguimiento table{border-collapse:collapse;margin:0.3em 0 0.8em 0}"
    ".seguimiento th,.seguimiento td{border:1px solid #ddd;padding:2px 6px;"
    "text-align:left;vertical-align:top}"
    ".seguimiento .band{border-radius:3px;padding:0 6px;font-weight:bold;white-space:nowrap}"
    ".seguimiento .more{color:#666;font-style:italic}"
    "</style>"
)


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _band(band: str, label: str | None = None) -> str:
    background, foreground = BAND_COLOURS.get(band, BAND_COLOURS["none"])
    return (
        f'<span class="band" style="background:{background};color:{foreground}">'
        f"{_e(label if label is not None else band)}</span>"
    )


def _score(score: Any, band: str) -> str:
    shown = "—" if score is None else percent(score)
    return _band(band, shown)


def _short(text: Any, limit: int = 90) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], total: int) -> str:
    """A table of already escaped cells, with a note if rows were cut."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    out = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if total > MAX_ROWS:
        out += f'<div class="more">… {total - MAX_ROWS} more rows not shown</div>'
    return out


def _rows(table: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The rows of a core table (``_table(name)``), each a dict column -> value."""
    names = [column["name"] for column in table["columns"]]
    for values in zip(*(column["values"] for column in table["columns"])):
        yield dict(zip(names, values))


def plan_html(plan: Any) -> str:
    """The plan: title, coordinator and one row per axis with its counts."""
    axes = plan._table("axes")
    rows = [
        [
            _e(axis["axis"]),
            _e(_short(axis["text"])),
            _e(axis["lines"]),
            _e(axis["goals"]),
            _e(axis["actions"]),
            _e(axis["indicators"]),
        ]
        for axis, _ in zip(_rows(axes), range(MAX_ROWS))
    ]
    return (
        f'<div class="seguimiento">{_STYLE}'
        f"<strong>{_e(plan.title)}</strong><br>"
        f"<code>{_e(plan.id)}</code> · coordinator {_e(plan.coordinator)} · "
        f"{len(plan.actions)} actions · {len(plan.indicators)} indicators · "
        f"{len(plan.entities)} entities"
        + _table(["axis", "text", "lines", "goals", "actions", "indicators"], rows, axes["rows"])
        + "</div>"
    )


def scorecard_html(card: Any) -> str:
    """The scorecard: plan score, semáforo per axis, the rankings, overdue actions."""
    nodes = list(_rows(card._table("nodes")))
    axes = [n for n in nodes if n["level"] == "axis"]
    axis_rows = [
        [
            _e(n["id"]),
            _e(_short(n["text"])),
            _score(n["score"], n["band"]),
            _e(percent(n["coverage"])),
            _e(n["status"]),
        ]
        for n in axes[:MAX_ROWS]
    ]
    # The rankings: institutions and groups apart, coverage next to every
    # score; an entity with too few scored actions is listed unranked.
    rankings = card._table("rankings")
    ranking_rows = [
        [
            _e(e["group"]),
            _e("—" if e["standing"] != "ranked" else e["rank"]),
            _e(e["code"]),
            _e(_short(e["name"], 60)),
            _score(e["score"], e["band"]),
            _e(percent(e["coverage"])),
            _e(f"{e['scored_actions']}/{e['actions']}"),
            _e("insufficient data" if e["standing"] == "insufficient_data" else ""),
        ]
        for e, _ in zip(_rows(rankings), range(MAX_ROWS))
    ]
    overdue = card.overdue_actions
    by_id = {n["id"]: n for n in nodes}
    overdue_rows = [
        [_e(a), _e(_short(by_id[a]["text"])), _score(by_id[a]["score"], by_id[a]["band"])]
        for a in overdue[:MAX_ROWS]
    ]
    plan_score = card.plan_score
    return (
        f'<div class="seguimiento">{_STYLE}'
        f"<strong>Scorecard {_e(card.plan_id)}</strong> as of {_e(card.as_of.isoformat())}"
        + (
            f" as known on {_e(card.known_on.isoformat())}"
            if card.known_on != card.as_of
            else ""
        )
        + ": "
        f"plan {_score(plan_score, card.plan_band)} coverage {_e(percent(nodes[0]['coverage']))}"
        f" · {len(overdue)} overdue actions"
        "<h4>Axes</h4>"
        + _table(["axis", "text", "score", "coverage", "status"], axis_rows, len(axes))
        + "<h4>Rankings</h4>"
        + _table(
            ["group", "#", "entity", "name", "score", "coverage", "scored", ""],
            ranking_rows,
            rankings["rows"],
        )
        + "<h4>Overdue actions</h4>"
        + (
            _table(["action", "text", "score"], overdue_rows, len(overdue))
            if overdue
            else "<div>none</div>"
        )
        + "</div>"
    )
