"""Labels of the notebook display: Spanish (es-GT, the plan's language) by
default, English on request, every word from the one message catalog the
text report reads too (the report crate's Fluent files)."""

from __future__ import annotations

from datetime import date

import pytest

import seguimiento
from seguimiento import Ledger, Plan, Scorecard, label, languages

from conftest import DEMO_LEDGER


@pytest.fixture(scope="module")
def card(plan: Plan) -> Scorecard:
    return plan.evaluate(Ledger.from_file(DEMO_LEDGER, plan), date(2010, 12, 31))


def every_column(plan: Plan, card: Scorecard) -> list[tuple[str, str]]:
    """(table.column, label key) of every column of every core table."""
    owners = ((plan, Plan), (Ledger(plan), Ledger), (card, Scorecard))
    return [
        (f"{name}.{column['name']}", column["label"])
        for owner, kind in owners
        for name in kind._table_names()
        for column in owner._table(name)["columns"]  # type: ignore[attr-defined]
    ]


def test_every_column_has_a_label_in_both_languages(plan: Plan, card: Scorecard) -> None:
    columns = every_column(plan, card)
    assert len(columns) > 80
    assert languages() == ["es-GT", "en"]
    missing = []
    for column, key in columns:
        for lang in languages():
            try:
                assert label(key, lang).strip()
            except KeyError as e:
                missing.append(f"{column} ({key}) in {lang}: {e}")
    assert not missing, "\n".join(missing)


def test_labels_are_spanish_by_default_and_english_on_request() -> None:
    assert label("column-score") == "Puntaje" == label("column-score", "es-GT")
    assert label("column-score", lang="en") == "Score"
    assert label("column-coverage") == "Cobertura"
    assert label("count-actions", "en", count=1) == "1 strategic action"
    assert label("count-actions", count=61) == "61 acciones estratégicas"


def test_a_missing_key_or_language_is_an_error() -> None:
    with pytest.raises(KeyError, match="column-no-such"):
        label("column-no-such")
    with pytest.raises(ValueError, match="fr"):
        label("column-score", "fr")
    with pytest.raises(TypeError, match="count"):
        label("count-actions", count=1.5)  # type: ignore[arg-type]


def test_scorecard_display_labels(card: Scorecard) -> None:
    spanish = card._repr_html_()
    assert spanish == card.to_html() == card.to_html("es-GT")
    for words in ("Cuadro de mando", "Ejes", "Clasificaciones", "Acciones vencidas", "Puntaje",
                  "Cobertura", "Acciones con puntaje"):
        assert words in spanish, words
    english = card.to_html(lang="en")
    for words in ("Scorecard", "Axes", "Rankings", "Overdue actions", "Score", "Coverage",
                  "Scored actions"):
        assert words in english, words
    assert "Puntaje" not in english and "Cobertura" not in english
    # Category values in words: the axes' status, the bands' names.
    columns = {c["name"]: c for c in card._table("nodes")["columns"]}
    status = columns["status"]
    keys = dict(zip(status["categories"], status["value_labels"]))
    axis_statuses = {
        s for s, level in zip(status["values"], columns["level"]["values"]) if level == "axis"
    }
    assert axis_statuses
    for s in axis_statuses:
        assert f"<td>{label(keys[s])}</td>" in spanish, s
        assert f"<td>{label(keys[s], 'en')}</td>" in english, s
        assert label(keys[s]) != label(keys[s], "en")
    assert 'title="amarillo"' in spanish or 'title="verde"' in spanish or 'title="rojo"' in spanish
    assert 'title="yellow"' in english or 'title="green"' in english or 'title="red"' in english
    with pytest.raises(ValueError):
        card.to_html("de")


def test_plan_display_labels(plan: Plan) -> None:
    spanish = plan._repr_html_()
    assert "Líneas de intervención" in spanish and "coordinador MRE" in spanish
    assert "61 acciones estratégicas" in spanish
    english = plan.to_html("en")
    assert "Lines of intervention" in english and "coordinator MRE" in english
    assert seguimiento.label("column-lines", "en") in english
