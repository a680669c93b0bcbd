"""Rich display in Jupyter (``_repr_html_``) for Plan and Scorecard.

Every value is escaped with ``html.escape``; long tables are cut at
``MAX_ROWS`` rows with a line saying how many were left out. Scores and
percentages come from the core (``percent``); nothing is computed here.
"""

from __future__ import annotations

import html
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


def plan_html(plan: Any) -> str:
    """The plan: title, coordinator and one row per axis with its counts."""
    counts = {c["axis"]: c for c in plan.counts()}
    axes = plan.axes
    rows = []
    for axis in axes[:MAX_ROWS]:
        c = counts.get(axis.id, {})
        rows.append(
            [
                _e(axis.id),
                _e(_short(axis.text)),
                _e(c.get("lines")),
                _e(c.get("goals")),
                _e(c.get("actions")),
                _e(c.get("indicators")),
            ]
        )
    return (
        f'<div class="seguimiento">{_STYLE}'
        f"<strong>{_e(plan.title)}</strong><br>"
        f"<code>{_e(plan.id)}</code> · coordinator {_e(plan.coordinator)} · "
        f"{len(plan.actions)} actions · {len(plan.indicators)} indicators · "
        f"{len(plan.entities)} entities"
        + _table(["axis", "text", "lines", "goals", "actions", "indicators"], rows, len(axes))
        + "</div>"
    )


def scorecard_html(card: Any) -> str:
    """The scorecard: plan score, semáforo per axis, entities, overdue actions."""
    tables = card.to_pandas()
    nodes = tables["nodes"]
    axes = nodes[nodes["level"] == "axis"]
    axis_rows = [
        [
            _e(r.id),
            _e(_short(r.text)),
            _score(r.score, r.band),
            _e(percent(r.coverage)),
            _e(r.status),
        ]
        for r in axes.head(MAX_ROWS).itertuples(index=False)
    ]
    entities = tables["entities"]
    entity_rows = [
        [
            _e(r.code),
            _e(_short(r.name, 60)),
            _score(r.score, r.band),
            _e(f"{r.scored_actions}/{r.actions}"),
            _e(", ".join(r.overdue[:5]) + (" …" if len(r.overdue) > 5 else "")),
        ]
        for r in entities.head(MAX_ROWS).itertuples(index=False)
    ]
    overdue = card.overdue_actions
    by_id = nodes.set_index("id")
    overdue_rows = [
        [_e(a), _e(_short(by_id.at[a, "text"])), _score(by_id.at[a, "score"], by_id.at[a, "band"])]
        for a in overdue[:MAX_ROWS]
    ]
    plan_score = card.plan_score
    return (
        f'<div class="seguimiento">{_STYLE}'
        f"<strong>Scorecard {_e(card.plan_id)}</strong> as of {_e(card.as_of.isoformat())}: "
        f"plan {_score(plan_score, card.plan_band)} · {len(overdue)} overdue actions"
        "<h4>Axes</h4>"
        + _table(["axis", "text", "score", "coverage", "status"], axis_rows, len(axes))
        + "<h4>Entities</h4>"
        + _table(["entity", "name", "score", "scored", "overdue"], entity_rows, len(entities))
        + "<h4>Overdue actions</h4>"
        + (
            _table(["action", "text", "score"], overdue_rows, len(overdue))
            if overdue
            else "<div>none</div>"
        )
        + "</div>"
    )
