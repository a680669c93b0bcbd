"""Rich display in Jupyter (``_repr_html_``, ``to_html(lang)``) for Plan,
Scorecard and PublicView.

Rendered from the core's tables (``_table(name)``: columns of values, laid
out by the core), not from DataFrames: the display needs no pandas. Every
word comes from the message catalogs (``label``: the report crate's Fluent
files, es-GT by default, en on request): column headers by the label key
the core gives each column, headings by their message keys. Every value is
escaped with ``html.escape``; long tables are cut at ``MAX_ROWS`` rows with
a line saying how many were left out. Scores and percentages come from the
core (``percent``); nothing is computed here.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from typing import Any, Iterable, Sequence

from ._seguimiento import label, percent

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


def _band(band: str, shown: str, title: str) -> str:
    background, foreground = BAND_COLOURS.get(band, BAND_COLOURS["none"])
    return (
        f'<span class="band" title="{_e(title)}" '
        f'style="background:{background};color:{foreground}">{_e(shown)}</span>'
    )


def _score(score: Any, band: str, table: _Table) -> str:
    """A score on its band's colour, the band's name in the display's language as its title."""
    shown = "—" if score is None else percent(score)
    return _band(band, shown, table.words("band", band))


def _short(text: Any, limit: int = 90) -> str:
    s = "" if text is None else str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


class _Table:
    """One core table: its rows as dicts, and its columns' labels in a language."""

    def __init__(self, table: Mapping[str, Any], lang: str) -> None:
        self.total: int = table["rows"]
        self._columns = table["columns"]
        self._labels = {c["name"]: label(c["label"], lang) for c in self._columns}
        # The words of category values that have some (status, band, level):
        # column -> value -> words.
        self._words = {
            c["name"]: {
                name: label(key, lang) for name, key in zip(c["categories"], c["value_labels"])
            }
            for c in self._columns
            if c["value_labels"] is not None
        }

    def words(self, column: str, value: str) -> str:
        """A category value in the display's language (as named, if it has no words)."""
        return self._words.get(column, {}).get(value, value)

    def header(self, *columns: str) -> list[str]:
        """The labels of these columns, in the display's language."""
        return [self._labels[c] for c in columns]

    def rows(self) -> Iterator[dict[str, Any]]:
        names = [column["name"] for column in self._columns]
        for values in zip(*(column["values"] for column in self._columns)):
            yield dict(zip(names, values))


def _html_table(header: Sequence[str], rows: Iterable[Sequence[str]], total: int, lang: str) -> str:
    """A table of already escaped cells, with a note if rows were cut."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    out = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if total > MAX_ROWS:
        more = label("display-more-rows", lang, count=total - MAX_ROWS)
        out += f'<div class="more">{_e(more)}</div>'
    return out


def plan_html(plan: Any, lang: str = "es-GT") -> str:
    """The plan: title, coordinator and one row per axis with its counts."""
    axes = _Table(plan._table("axes"), lang)
    columns = ("axis", "text", "lines", "goals", "actions", "indicators")
    rows = [
        [_e(_short(axis[c])) if c == "text" else _e(axis[c]) for c in columns]
        for axis, _ in zip(axes.rows(), range(MAX_ROWS))
    ]
    counts = " · ".join(
        [
            label("display-coordinator", lang, entity=plan.coordinator),
            label("count-actions", lang, count=len(plan.actions)),
            label("count-indicators", lang, count=len(plan.indicators)),
            label("count-institutions", lang, count=len(plan.entities)),
        ]
    )
    return (
        f'<div class="seguimiento">{_STYLE}'
        f"<strong>{_e(plan.title)}</strong><br>"
        f"<code>{_e(plan.id)}</code> · {_e(counts)}"
        + _html_table(axes.header(*columns), rows, axes.total, lang)
        + "</div>"
    )


def scorecard_html(card: Any, lang: str = "es-GT") -> str:
    """The scorecard: plan score, semáforo per axis, the rankings, overdue actions."""
    nodes = _Table(card._table("nodes"), lang)
    all_nodes = list(nodes.rows())
    axes = [n for n in all_nodes if n["level"] == "axis"]
    axis_columns = ("id", "text", "score", "coverage", "status")
    axis_rows = [
        [
            _e(n["id"]),
            _e(_short(n["text"])),
            _score(n["score"], n["band"], nodes),
            _e(percent(n["coverage"])),
            _e(nodes.words("status", n["status"])),
        ]
        for n in axes[:MAX_ROWS]
    ]
    # The rankings: institutions and groups apart, coverage next to every
    # score; an entity with too few scored actions is listed unranked.
    rankings = _Table(card._table("rankings"), lang)
    ranking_columns = ("group", "rank", "code", "name", "score", "coverage", "scored_actions",
                       "standing")
    ranking_rows = [
        [
            _e(rankings.words("group", e["group"])),
            _e("—" if e["standing"] != "ranked" else e["rank"]),
            _e(e["code"]),
            _e(_short(e["name"], 60)),
            _score(e["score"], e["band"], rankings),
            _e(percent(e["coverage"])),
            _e(label("display-scored-of", lang, scored=str(e["scored_actions"]),
                     total=str(e["actions"]))),
            _e(rankings.words("standing", e["standing"])),
        ]
        for e, _ in zip(rankings.rows(), range(MAX_ROWS))
    ]
    overdue = card.overdue_actions
    by_id = {n["id"]: n for n in all_nodes}
    overdue_rows = [
        [
            _e(a),
            _e(_short(by_id[a]["text"])),
            _score(by_id[a]["score"], by_id[a]["band"], nodes),
        ]
        for a in overdue[:MAX_ROWS]
    ]
    title = label("display-scorecard", lang, plan=card.plan_id, date=card.as_of.isoformat())
    if card.known_on != card.as_of:
        title += " · " + label("cover-known-on", lang, date=card.known_on.isoformat())
    plan_score = label(
        "display-plan-score", lang, score="—" if card.plan_score is None else percent(card.plan_score)
    )
    return (
        f'<div class="seguimiento">{_STYLE}'
        f"<strong>{_e(title)}</strong>: "
        f"{_band(card.plan_band, plan_score, nodes.words('band', card.plan_band))} "
        f"{_e(nodes.header('coverage')[0].lower())} {_e(percent(all_nodes[0]['coverage']))} · "
        f"{_e(label('display-overdue-count', lang, count=len(overdue)))}"
        f"<h4>{_e(label('display-axes', lang))}</h4>"
        + _html_table(nodes.header(*axis_columns), axis_rows, len(axes), lang)
        + f"<h4>{_e(label('display-rankings', lang))}</h4>"
        + _html_table(rankings.header(*ranking_columns), ranking_rows, rankings.total, lang)
        + f"<h4>{_e(label('display-overdue-actions', lang))}</h4>"
        + (
            _html_table(nodes.header("id", "text", "score"), overdue_rows, len(overdue), lang)
            if overdue
            else f"<div>{_e(label('display-none', lang))}</div>"
        )
        + "</div>"
    )


def public_html(view: Any, lang: str = "es-GT") -> str:
    """A public release: its name, the audit summary that ships with it, the
    note on confidential figures and the narrowest interval. No value of the
    release is shown: a display is no place to read one off."""
    audit = view.audit
    title = label(
        "display-public", lang, release=view.release, plan=view.plan_id,
        date=view.as_of.isoformat(),
    )
    counts = label(
        "display-public-counts", lang, k=str(audit["k"]), values=str(audit["values"]),
        published=str(audit["published"]),
        confidential=str(audit["primary"] + audit["secondary"]),
    )
    narrowest = audit.get("narrowest")
    line = ""
    if narrowest is not None:
        line = "<br>" + _e(label(
            "display-public-narrowest", lang, name=narrowest["key"],
            lower=str(narrowest["lower"]), upper=str(narrowest["upper"]),
        ))
    return (
        f'<div class="seguimiento">{_STYLE}'
        f"<strong>{_e(title)}</strong><br>"
        f"<h4>{_e(label('annex-disclosure-audit', lang))}</h4>"
        f"{_e(counts)}{line}"
        f"<div>{_e(label('disclosure-note', lang))}</div>"
        "</div>"
    )
