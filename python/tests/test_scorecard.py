"""Evaluation and the scorecard: the JSON is the Rust core's byte for byte;
tables, lookups, explanations, configuration, display, errors."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seguimiento import (
    ConfigError,
    Ledger,
    Plan,
    PlanMismatchError,
    Scorecard,
    SeguimientoError,
)

from conftest import COUNT, DEMO_LEDGER, GOLDEN, PERCENTAGE, SEEDS

MID_TERM = date(2010, 12, 31)


@pytest.fixture()
def card(plan: Plan, demo_ledger: Ledger) -> Scorecard:
    return plan.evaluate(demo_ledger, as_of=MID_TERM)


def golden(path: Any) -> str:
    if not path.exists():
        pytest.fail(f"the golden scorecard {path} is missing (it is written by the Rust core)")
    text: str = path.read_text(encoding="utf-8")
    return text


def test_scorecard_json_equals_the_rust_golden_file_byte_for_byte(card: Scorecard) -> None:
    assert card.to_json() == golden(GOLDEN)


def test_scorecard_from_dataframes_equals_the_golden_file(
    plan: Plan, demo_json: dict[str, Any]
) -> None:
    ledger = Ledger(plan)
    for kind, records in demo_json.items():
        frame = pd.DataFrame(records)
        for column in ("value", "baseline"):
            if column in frame:
                frame[column] = frame[column].map(lambda v: v if pd.isna(v) else Decimal(v))
        for column in ("recorded_on", "achieved_on", "submitted_on"):
            if column in frame:
                frame[column] = pd.to_datetime(frame[column]).dt.date
        getattr(ledger, f"add_{kind}")(frame)
    assert plan.evaluate(ledger, MID_TERM).to_json() == golden(GOLDEN)


def test_end_of_plan_golden_file(plan: Plan, demo_ledger: Ledger) -> None:
    end = SEEDS / "expected" / "scorecard-demo-2017-12-31.json"
    if not end.exists():
        pytest.skip("no end-of-plan golden file")
    assert plan.evaluate(demo_ledger, date(2017, 12, 31)).to_json() == end.read_text("utf-8")


def test_scorecard_accessors_agree_with_the_json(card: Scorecard) -> None:
    doc = json.loads(card.to_json())
    assert card.as_of == MID_TERM
    assert card.plan_id == doc["plan"]
    plan_node = doc["nodes"][0]
    assert card.plan_score == Decimal(plan_node["score"])
    assert str(card.plan_score) == plan_node["score"]
    assert card.plan_band == plan_node["band"]
    overdue = [n["id"] for n in doc["nodes"] if n["level"] == "action" and n["status"] == "overdue"]
    assert card.overdue_actions == overdue
    node = card.node("E1")
    assert set(node) == {"id", "level", "parent", "text", "score", "band", "coverage", "status"}
    assert node["parent"] == doc["plan"] and node["text"] == "Fortalecimiento Institucional"
    assert card.scores("axis") == {
        n["id"]: Decimal(n["score"]) if n["score"] else None
        for n in doc["nodes"]
        if n["level"] == "axis"
    }
    with pytest.raises(KeyError):
        card.node("E9")
    with pytest.raises(KeyError):
        card.scores("planet")  # type: ignore[arg-type]
    mre = card.entity("mre")
    assert mre["code"] == "MRE" and mre["name"] == "Ministerio de Relaciones Exteriores"
    with pytest.raises(KeyError):
        card.entity("XYZ")


def test_to_pandas_tables_match_the_json(card: Scorecard) -> None:
    doc = json.loads(card.to_json())
    tables = card.to_pandas()
    assert set(tables) == {"nodes", "entities", "reporting", "discrepancies", "consistency"}
    nodes = tables["nodes"]
    assert list(nodes.columns) == [
        "id", "level", "parent", "text", "score", "band", "coverage", "status",
    ]
    assert list(nodes["id"]) == [n["id"] for n in doc["nodes"]]
    assert [None if s is None else str(s) for s in nodes["score"]] == [
        n["score"] for n in doc["nodes"]
    ]
    assert [str(c) for c in nodes["coverage"]] == [n["coverage"] for n in doc["nodes"]]
    entities = tables["entities"]
    assert list(entities["code"]) == [e["code"] for e in doc["entities"]]
    assert [list(o) for o in entities["overdue"]] == [e["overdue"] for e in doc["entities"]]
    reporting = tables["reporting"]
    assert len(reporting) == len(doc["reporting"]) > 0
    first = doc["reporting"][0]
    row = reporting.iloc[0]
    assert (row["entity"], row["kind"], row["expected"]) == (
        first["entity"], first["kind"], first["expected"],
    )
    assert str(row["rate"]) == first["rate"] and str(row["timeliness"]) == first["timeliness"]
    assert len(tables["discrepancies"]) == len(doc["discrepancies"])
    if doc["discrepancies"]:
        d = doc["discrepancies"][0]
        assert str(tables["discrepancies"].iloc[0]["official"]) == d["official"]
    assert len(tables["consistency"]) == len(doc["consistency"])


def test_explain(card: Scorecard) -> None:
    doc = {n["id"]: n for n in json.loads(card.to_json())["nodes"]}
    plan_id = card.plan_id
    top = card.explain(plan_id)
    assert top["kind"] == "children"
    assert [c["id"] for c in top["children"]] == [
        c["id"] for c in doc[plan_id]["explanation"]["children"]
    ]
    scored = [
        i for i, n in doc.items()
        if n["level"] == "indicator" and n["explanation"]["items"] and n["score"] is not None
    ]
    assert scored
    why = card.explain(scored[0])
    assert why["kind"] == "indicator" and why["score"] == Decimal(doc[scored[0]]["score"])
    json_items = doc[scored[0]]["explanation"]["items"]
    assert [i["kind"] for i in why["items"]] == [i["kind"] for i in json_items]
    for item, raw in zip(why["items"], json_items):
        if item["kind"] == "target":
            assert item["target"] == Decimal(raw["target"])
            assert (item["achievement"] is None) == (raw["achievement"] is None)
        else:
            assert item["due"] == date.fromisoformat(raw["due"])
            assert item["state"] == raw["state"]
    with pytest.raises(KeyError):
        card.explain("E9")


def test_repr_and_html(card: Scorecard) -> None:
    text = repr(card)
    assert text.startswith("<Scorecard PAE-TRATA-2007-2017 as of 2010-12-31: plan ")
    assert "%" in text and card.plan_band in text
    page = card._repr_html_()
    assert page.startswith('<div class="seguimiento">')
    assert "#f9a825" in page or "#2e7d32" in page or "#c62828" in page  # semáforo colours
    for action in card.overdue_actions:
        assert action in page
    assert "Overdue actions" in page and "<script" not in page


def test_html_caps_rows(
    plan: Plan, demo_ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seguimiento import _html

    card = plan.evaluate(demo_ledger, MID_TERM)
    monkeypatch.setattr(_html, "MAX_ROWS", 2)
    page = card._repr_html_()
    # Axes, entities and overdue actions: at most 2 rows each, and a note.
    assert page.count("<tr>") <= 3 * (2 + 1)
    assert page.count("more rows not shown") >= 2
    assert "… 3 more rows not shown" in page  # 5 axes, 2 shown
    assert "more rows not shown" in plan._repr_html_()


def test_config(plan: Plan, demo_ledger: Ledger) -> None:
    default = plan.evaluate(demo_ledger, MID_TERM, config=None)
    same = plan.evaluate(demo_ledger, MID_TERM, config={})
    assert default.to_json() == same.to_json()
    strict = plan.evaluate(
        demo_ledger,
        MID_TERM,
        config={"late_credit": Decimal("0"), "grace_days": 0, "green": "0.95", "yellow": 0.7},
    )
    assert strict.to_json() != default.to_json()
    assert plan.evaluate(demo_ledger, MID_TERM, '{"grace_days": 0}').to_json() == plan.evaluate(
        demo_ledger, MID_TERM, {"grace_days": 0}
    ).to_json()
    weighted = plan.evaluate(demo_ledger, MID_TERM, {"weights": {"E1": 2, "E2": Decimal("0.5")}})
    assert weighted.plan_score != default.plan_score
    for bad, field in [
        ({"late_credit": 2}, "late_credit"),
        ({"yellow": "0.99"}, "yellow"),
        ({"grace_days": -1}, "grace_days"),
        ({"nonsense": 1}, "nonsense"),
        ({"tolerance": float("nan")}, "tolerance"),
        ({"weights": {"E1": -1}}, "weights.E1"),
        ({"weights": {"E1": "1e-28"}}, "weights.E1"),
        ({"weights": {"E9": 2}}, "weights.E9"),
    ]:
        with pytest.raises(ConfigError) as info:
            plan.evaluate(demo_ledger, MID_TERM, config=bad)
        assert info.value.field == field and info.value.reason
        assert isinstance(info.value, ValueError) and isinstance(info.value, SeguimientoError)
    with pytest.raises(TypeError):
        plan.evaluate(demo_ledger, MID_TERM, config=[1, 2])  # type: ignore[arg-type]


def test_as_of_must_be_a_date(plan: Plan, demo_ledger: Ledger) -> None:
    assert plan.evaluate(demo_ledger, datetime(2010, 12, 31)).as_of == MID_TERM
    with pytest.raises(TypeError):
        plan.evaluate(demo_ledger, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        plan.evaluate(demo_ledger, datetime(2010, 12, 31, 8))


def test_as_of_far_from_the_plan_is_refused(plan: Plan, demo_ledger: Ledger) -> None:
    # The plan's horizon (2007-2017) and 10 years on either side.
    with pytest.raises(ValueError, match="1997 to 2027"):
        plan.evaluate(demo_ledger, date(9999, 12, 31))
    assert plan.evaluate(demo_ledger, date(2027, 12, 31)).as_of == date(2027, 12, 31)


def test_a_ledger_of_another_plan_is_refused(plan: Plan, demo_ledger: Ledger) -> None:
    doc = json.loads(plan.to_json())
    doc["id"] = "OTHER-PLAN"
    other = Plan.from_json(json.dumps(doc))
    with pytest.raises(PlanMismatchError):
        other.evaluate(demo_ledger, MID_TERM)
    # An equal plan loaded separately is the same plan.
    assert Plan.from_json(plan.to_json()).evaluate(demo_ledger, MID_TERM).to_json() == (
        plan.evaluate(demo_ledger, MID_TERM).to_json()
    )


def test_evaluation_in_threads_is_deterministic(plan: Plan, demo_ledger: Ledger) -> None:
    expected = plan.evaluate(demo_ledger, MID_TERM).to_json()
    results: list[str] = []

    def work() -> None:
        for _ in range(3):
            results.append(plan.evaluate(demo_ledger, MID_TERM).to_json())

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 12


def test_recorded_on_reproduces_what_was_known(plan: Plan) -> None:
    ledger = Ledger(plan)
    ledger.add_targets([{"indicator": PERCENTAGE, "period": "2008", "value": 80}])
    ledger.add_observations(
        [
            {"indicator": PERCENTAGE, "period": "2008", "entity": "MRE", "value": 40,
             "recorded_on": date(2008, 12, 20)},
            {"indicator": PERCENTAGE, "period": "2008", "entity": "MRE", "value": 80,
             "recorded_on": date(2009, 3, 1)},
        ]
    )
    then = plan.evaluate(ledger, date(2008, 12, 31)).node(PERCENTAGE)["score"]
    later = plan.evaluate(ledger, date(2009, 12, 31)).node(PERCENTAGE)["score"]
    assert (then, later) == (Decimal("0.500000"), Decimal("1.000000"))


# --- property: every score is a fraction in [0, 1] --------------------------

observation = st.fixed_dictionaries(
    {
        "indicator": st.sampled_from([COUNT, PERCENTAGE]),
        "period": st.integers(2007, 2017).map(str),
        "entity": st.just("MRE"),
        "value": st.integers(0, 100),
    }
)
target = st.fixed_dictionaries(
    {
        "indicator": st.sampled_from([COUNT, PERCENTAGE]),
        "period": st.integers(2007, 2017).map(str),
        "baseline": st.integers(0, 50),
        "value": st.integers(51, 100),
    }
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(observation, max_size=15),
    st.lists(target, max_size=8),
    st.dates(min_value=date(2006, 1, 1), max_value=date(2019, 12, 31)),
)
def test_property_scores_are_fractions(
    observations: list[dict[str, Any]], targets: list[dict[str, Any]], as_of: date
) -> None:
    plan = Plan.embedded()
    ledger = Ledger(plan)
    ledger.add_targets(targets, mode="lenient")
    ledger.add_observations(observations, mode="lenient")
    card = plan.evaluate(ledger, as_of)
    tables = card.to_pandas()
    for column in ("score", "coverage"):
        for value in tables["nodes"][column]:
            assert value is None or Decimal(0) <= value <= Decimal(1)
    for value in tables["entities"]["score"]:
        assert value is None or Decimal(0) <= value <= Decimal(1)
    assert card.plan_score is None or 0 <= card.plan_score <= 1


def test_ingest_and_evaluation_release_the_interpreter(plan: Plan, demo_ledger: Ledger) -> None:
    """With thread switching by interval disabled (100 s), another Python thread
    can only run while the main thread has released the interpreter."""
    import sys
    import time

    text = DEMO_LEDGER.read_text(encoding="utf-8")
    calls = {
        "evaluate": lambda: plan.evaluate(demo_ledger, MID_TERM),
        "add_json": lambda: Ledger(plan).add_json(text),
    }
    old = sys.getswitchinterval()
    ticks: list[int] = []
    stop = threading.Event()
    started = threading.Event()

    def spin() -> None:
        started.set()
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0)

    thread = threading.Thread(target=spin)
    sys.setswitchinterval(100)
    try:
        thread.start()
        started.wait()
        for name, call in calls.items():
            for _ in range(200):
                before = len(ticks)
                call()
                if len(ticks) > before:
                    break
            else:
                pytest.fail(f"{name} never let another thread run")
    finally:
        stop.set()
        sys.setswitchinterval(old)
        thread.join()
