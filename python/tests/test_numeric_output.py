"""Scorecards as a statistician uses them: numbers that pandas and matplotlib
read as numbers, a semáforo that sorts as a rank, and the evaluation date on
every row. Exact Decimals stay one argument away (``exact=True``)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from seguimiento import Ledger, Plan, Scorecard

from conftest import DEMO_LEDGER


@pytest.fixture(scope="module")
def ledger(plan: Plan) -> Ledger:
    return Ledger.from_file(DEMO_LEDGER, plan)


@pytest.fixture(scope="module")
def card(plan: Plan, ledger: Ledger) -> Scorecard:
    return plan.evaluate(ledger, date(2010, 12, 31))


def test_scores_plot_as_numbers(card: Scorecard) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    nodes = card.to_pandas()["nodes"]
    axes = nodes[nodes["level"] == "axis"].set_index("id")
    # With Decimal objects this raised "no numeric data to plot".
    plotted = axes[["score", "coverage"]].plot(kind="bar")
    assert len(plotted.patches) == 2 * len(axes)
    plt.close("all")


def test_nlargest_and_describe_treat_scores_as_numbers(card: Scorecard) -> None:
    nodes = card.to_pandas()["nodes"]
    indicators = nodes[nodes["level"] == "indicator"]
    top = indicators.nlargest(3, "score")
    assert list(top["score"]) == sorted(indicators["score"].dropna(), reverse=True)[:3]
    summary = indicators["score"].describe()
    # Numbers are summarised by count, mean and quartiles; categories by top and freq.
    assert {"mean", "std", "50%"} <= set(summary.index) and "top" not in summary.index
    assert summary["count"] == indicators["score"].notna().sum() > 0


def test_floats_are_the_exact_scores_rounded_once(card: Scorecard) -> None:
    doc = json.loads(card.to_json())
    floats = card.to_pandas()["nodes"]
    exact = card.to_pandas(exact=True)["nodes"]
    for node, f, d in zip(doc["nodes"], floats["score"], exact["score"]):
        if node["score"] is None:
            assert pd.isna(f) and d is None
        else:
            assert d == Decimal(node["score"]) and str(d) == node["score"]
            assert f == float(Decimal(node["score"]))
    assert [str(c) for c in exact["coverage"]] == [n["coverage"] for n in doc["nodes"]]
    assert list(floats["coverage"]) == [float(Decimal(n["coverage"])) for n in doc["nodes"]]


def test_band_is_an_ordered_categorical_ranked_by_the_core(card: Scorecard) -> None:
    nodes = card.to_pandas()["nodes"]
    band = nodes["band"]
    assert isinstance(band.dtype, pd.CategoricalDtype) and band.cat.ordered
    ranking = {c["name"]: c for c in card._table("nodes")["columns"]}["band"]["ranking"]
    assert list(band.cat.categories) == ranking == ["red", "yellow", "green"]
    # Compared and sorted as ranks, not alphabetically (green < red < yellow).
    scored = nodes[band.notna()]
    assert (scored["band"] >= "yellow").sum() == scored["band"].isin(["yellow", "green"]).sum()
    ordered = scored.sort_values("band")["band"].tolist()
    assert ordered == sorted(ordered, key=ranking.index)
    # A node without a score has no band to rank: missing, as its score is.
    doc = json.loads(card.to_json())
    unscored = [i for i, n in enumerate(doc["nodes"]) if n["band"] == "none"]
    assert unscored and band.iloc[unscored].isna().all()
    assert nodes["score"].iloc[unscored].isna().all()


def test_as_of_is_a_date_column_and_tables_of_dates_stack(
    plan: Plan, ledger: Ledger, card: Scorecard
) -> None:
    nodes = card.to_pandas()["nodes"]
    assert nodes["as_of"].dtype == "datetime64[s]"
    assert (nodes["as_of"] == pd.Timestamp("2010-12-31")).all()
    later = plan.evaluate(ledger, date(2011, 12, 31)).to_pandas()["nodes"]
    long = pd.concat([nodes, later], ignore_index=True)
    series = long[long["level"] == "plan"].set_index("as_of")["score"]
    assert list(series.index) == [pd.Timestamp("2010-12-31"), pd.Timestamp("2011-12-31")]
    assert series.dtype == "float64"
    # Every table of the scorecard carries the date.
    for name, frame in card.to_pandas().items():
        assert list(frame.columns)[0] == "as_of", name
    assert card.to_pandas(exact=True)["nodes"]["as_of"][0] == date(2010, 12, 31)


def test_exact_ledger_values_and_dates(ledger: Ledger) -> None:
    exported = json.loads(ledger.to_json())
    observations = ledger.to_pandas(exact=True)["observations"]
    assert [str(v) for v in observations["value"]] == [o["value"] for o in exported["observations"]]
    floats = ledger.to_pandas()["observations"]
    assert floats["value"].dtype == "float64"
    assert list(floats["value"]) == [float(Decimal(o["value"])) for o in exported["observations"]]
    recorded = [o.get("recorded_on") for o in exported["observations"]]
    assert [None if pd.isna(t) else t.date().isoformat() for t in floats["recorded_on"]] == recorded
