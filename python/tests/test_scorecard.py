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
    tables = card.to_pandas(exact=True)
    assert set(tables) == {
        "nodes", "entities", "rankings", "reporting", "reporting_detail", "discrepancies",
        "consistency",
    }
    nodes = tables["nodes"]
    assert list(nodes.columns) == [
        "as_of", "known_on", "id", "level", "parent", "text", "score", "band", "coverage",
        "status",
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
    # Spanish by default (the plan's language), English on request.
    assert "Acciones vencidas" in page and "<script" not in page
    english = card.to_html(lang="en")
    assert "Overdue actions" in english and "Acciones vencidas" not in english


def test_html_caps_rows(
    plan: Plan, demo_ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seguimiento import _html

    card = plan.evaluate(demo_ledger, MID_TERM)
    monkeypatch.setattr(_html, "MAX_ROWS", 2)
    page = card._repr_html_()
    # Axes, entities and overdue actions: at most 2 rows each, and a note.
    assert page.count("<tr>") <= 3 * (2 + 1)
    assert page.count("no se muestran") >= 2
    assert "… 3 filas más no se muestran" in page  # 5 axes, 2 shown
    assert "filas más no se muestran" in plan._repr_html_()
    assert "… 3 more rows not shown" in card.to_html("en")
    assert "more rows not shown" in plan.to_html(lang="en")


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
    tables = card.to_pandas(exact=True)
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


# ---------------------------------------------------------------------------
# The knowledge date (SPEC rev. 2 §3)
# ---------------------------------------------------------------------------

KNOWN_GOLDEN = SEEDS / "expected" / "scorecard-demo-2008-12-31-known-2009-03-31.json"


def test_known_on_scorecard_equals_the_rust_golden_file(plan: Plan, demo_ledger: Ledger) -> None:
    card = plan.evaluate(demo_ledger, as_of=date(2008, 12, 31), known_on=date(2009, 3, 31))
    assert card.to_json() == golden(KNOWN_GOLDEN)
    assert (card.as_of, card.known_on) == (date(2008, 12, 31), date(2009, 3, 31))
    # The same date in the config gives the same scorecard.
    same = plan.evaluate(demo_ledger, date(2008, 12, 31), config={"known_on": "2009-03-31"})
    assert same.to_json() == card.to_json()


def test_known_on_defaults_to_as_of(card: Scorecard) -> None:
    assert card.known_on == card.as_of == MID_TERM
    assert json.loads(card.to_json())["known_on"] == "2010-12-31"


def test_late_recorded_figures_are_named_then_counted(plan: Plan) -> None:
    """Issue 9: MP's 2008 figures recorded on 2009-02-06 scored 0 at 2008-12-31
    with only "no data" as the explanation."""
    indicator = "E4.L2.M1.A1.I1"
    ledger = Ledger(plan)
    ledger.add_json(
        json.dumps(
            {
                "targets": [{"indicator": indicator, "period": "2008", "value": "100"}],
                "observations": [
                    {"indicator": indicator, "period": "2008", "entity": "MP",
                     "value": "57", "recorded_on": "2009-02-06"}
                ],
            }
        )
    )
    year_end = plan.evaluate(ledger, as_of=date(2008, 12, 31))
    [item] = year_end.explain(indicator)["items"]
    assert item["note"] == "no data: scored 0"
    assert item["recorded_later"] == "1 record recorded after known_on (2008-12-31)"
    later = plan.evaluate(ledger, as_of=date(2008, 12, 31), known_on=date(2009, 3, 31))
    [item] = later.explain(indicator)["items"]
    assert item["value"] == Decimal("57")
    assert item["recorded_later"] is None
    assert later.node(indicator)["score"] == Decimal("0.570000")


def test_known_on_conflicting_with_the_config_is_refused(plan: Plan, demo_ledger: Ledger) -> None:
    with pytest.raises(ConfigError, match="known_on"):
        plan.evaluate(
            demo_ledger, date(2008, 12, 31), config={"known_on": "2009-06-30"},
            known_on=date(2009, 3, 31),
        )
    with pytest.raises(TypeError, match="known_on"):
        plan.evaluate(demo_ledger, date(2008, 12, 31), known_on="end of March")


# ---------------------------------------------------------------------------
# Many dates at once, reporting detail, rankings
# ---------------------------------------------------------------------------

YEAR_ENDS = [date(y, 12, 31) for y in range(2007, 2018)]


def same(values: Any) -> list[Any]:
    """Values to compare: NaN (pandas' missing number) as None."""
    return [None if isinstance(v, float) and v != v else v for v in values]


def test_evaluate_many_is_a_long_table_of_each_evaluation(plan: Plan, demo_ledger: Ledger) -> None:
    dates = [date(2010, 12, 31), date(2008, 12, 31), date(2010, 12, 31)]
    for what in Scorecard._table_names():
        long = plan.evaluate_many(demo_ledger, dates, what=what, exact=True)
        assert list(long.columns[:2]) == ["as_of", "known_on"]
        parts = [plan.evaluate(demo_ledger, d).to_pandas(exact=True)[what] for d in dates]
        assert list(long.columns) == list(parts[0].columns), what
        assert len(long) == sum(len(p) for p in parts), what
        start = 0
        for d, part in zip(dates, parts):
            rows = long.iloc[start : start + len(part)]
            assert (rows["as_of"] == d).all() and (rows["known_on"] == d).all()
            for column in part.columns:
                assert same(rows[column]) == same(part[column]), (what, d, column)
            start += len(part)


def test_evaluate_many_default_is_date_by_node(plan: Plan, demo_ledger: Ledger) -> None:
    nodes = plan.evaluate_many(demo_ledger, YEAR_ENDS)
    one = plan.evaluate(demo_ledger, YEAR_ENDS[0]).to_pandas()["nodes"]
    assert len(nodes) == len(YEAR_ENDS) * len(one)
    series = nodes[nodes["level"] == "plan"]
    assert list(series["as_of"]) == [pd.Timestamp(d) for d in YEAR_ENDS]
    exact = plan.evaluate_many(demo_ledger, YEAR_ENDS, exact=True)
    exact_series = exact[exact["level"] == "plan"]
    assert list(exact_series["as_of"]) == YEAR_ENDS
    assert list(exact_series["score"]) == [
        plan.evaluate(demo_ledger, d).plan_score for d in YEAR_ENDS
    ]


def test_evaluate_many_with_a_knowledge_date(plan: Plan, demo_ledger: Ledger) -> None:
    late = date(2009, 3, 31)
    long = plan.evaluate_many(demo_ledger, [date(2008, 12, 31)], known_on=late)
    assert list(long["known_on"].unique()) == [pd.Timestamp(late)]
    card = plan.evaluate(demo_ledger, date(2008, 12, 31), known_on=late)
    assert long["score"].equals(card.to_pandas()["nodes"]["score"])


def test_evaluate_many_refuses_what_it_cannot_read(plan: Plan, demo_ledger: Ledger) -> None:
    with pytest.raises(TypeError, match=r"dates\[1\]"):
        plan.evaluate_many(demo_ledger, [date(2008, 12, 31), "not a date"])
    with pytest.raises(TypeError, match="dates"):
        plan.evaluate_many(demo_ledger, "2008-12-31")
    with pytest.raises(KeyError, match="what"):
        plan.evaluate_many(demo_ledger, YEAR_ENDS, what="everything")
    assert len(plan.evaluate_many(demo_ledger, [])) == 0


def test_reporting_detail_lists_each_expected_report(card: Scorecard) -> None:
    detail = card.reporting_detail()
    assert list(detail.columns) == [
        "as_of", "known_on", "entity", "kind", "period", "due_on", "submitted_on", "status", "days_late",
    ]
    summary = card.to_pandas()["reporting"]
    for _, row in summary.iterrows():
        mine = detail[(detail["entity"] == row["entity"]) & (detail["kind"] == row["kind"])]
        assert len(mine) == row["expected"]
        assert (mine["status"] == "on_time").sum() == row["on_time"]
        assert (mine["status"] == "late").sum() == row["late"]
        missing = mine[mine["status"] == "missing"]
        assert list(missing["period"]) == list(row["missing_periods"])
        assert missing["submitted_on"].isna().all()
    late = detail[detail["status"] == "late"]
    assert (late["days_late"] > 0).all()
    assert (late["submitted_on"] > late["due_on"]).all()
    assert (detail[detail["status"] == "on_time"]["days_late"] == 0).all()


def test_rankings_keep_groups_apart_and_do_not_rank_thin_coverage(card: Scorecard) -> None:
    rankings = card.to_pandas()["rankings"]
    groups = list(rankings["group"])
    assert groups == sorted(groups, key=["institution", "group"].index)
    thin = rankings[rankings["coverage"] < 0.5]
    assert (thin["standing"] == "insufficient_data").all()
    assert thin["rank"].isna().all()
    ranked = rankings[rankings["standing"] == "ranked"]
    assert (ranked["coverage"] >= 0.5).all()
    strict = card_with(card, {"min_rank_coverage": "1"})
    assert (strict.to_pandas()["rankings"].query("standing == 'ranked'")["coverage"] == 1).all()
    page = card._repr_html_()
    assert "Clasificaciones" in page and "datos insuficientes" in page and "Cobertura" in page
    english = card.to_html(lang="en")
    assert "Rankings" in english and "insufficient data" in english and "Coverage" in english


def card_with(card: Scorecard, config: dict[str, Any]) -> Scorecard:
    plan = Plan.embedded()
    return plan.evaluate(Ledger.from_file(DEMO_LEDGER, plan), card.as_of, config=config)
