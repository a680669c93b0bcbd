"""The tables: laid out by the core (``_table``), turned into DataFrames by
``to_pandas()`` with the columns, dtypes and Python values the package has
always given; pandas is optional, and everything but DataFrames works
without it."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from datetime import date
from decimal import Decimal
from typing import Any, Callable

import pandas as pd
import pytest

from seguimiento import Ledger, Plan, Scorecard

from conftest import DEMO_LEDGER, GOLDEN

def _optional_whole(v: Any) -> bool:
    """A whole number or nothing: None, or NaN where pandas makes the column float."""
    if v is None or isinstance(v, bool):
        return v is None
    if isinstance(v, float):
        return math.isnan(v) or v.is_integer()
    return isinstance(v, int)


#: What each column holds: its Python values and so its dtype.
#: "str?" may be missing (None, or NaN where pandas makes a string column).
KINDS: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "str?": lambda v: v is None or isinstance(v, str) or (isinstance(v, float) and math.isnan(v)),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "int?": lambda v: _optional_whole(v),
    "bool": lambda v: isinstance(v, bool),
    "decimal": lambda v: isinstance(v, Decimal),
    "decimal?": lambda v: v is None or isinstance(v, Decimal),
    "date": lambda v: isinstance(v, date),
    "date?": lambda v: v is None or isinstance(v, date),
    "list": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "dict": lambda v: isinstance(v, dict),
}

PLAN_TABLES: dict[str, dict[str, str]] = {
    "axes": {
        "axis": "str", "text": "str", "corrected": "str?", "lines": "int", "goals": "int",
        "actions": "int", "indicators": "int", "plazos": "int",
    },
    "actions": {
        "action": "str", "axis": "str", "line": "str", "goal": "str", "text": "str",
        "corrected": "str?", "plazos": "list", "start_year": "int", "end_year": "int",
        "responsible": "list", "entities": "list", "indicators": "int",
    },
    "plazos": {
        "plazo": "str", "action": "str", "label": "str", "stated_years": "int",
        "start_year": "int", "end_year": "int",
    },
    "indicators": {
        "indicator": "str", "action": "str", "goal": "str", "line": "str", "axis": "str",
        "text": "str", "corrected": "str?", "measure": "str", "accumulation": "str",
        "frequency": "str", "dimensions": "list", "sensitive": "bool", "plazo": "str",
        "plazo_label": "str", "start_year": "int", "end_year": "int", "weight": "decimal",
        "reason": "str?",
    },
    "entities": {
        "code": "str", "name": "str", "kind": "str", "parent": "str?", "members": "list",
        "aliases": "list", "description": "str?",
    },
}

#: The dimensions the demo ledger's cells name, each a ``cell.<dimension>``
#: column of its observations, by dimension id.
DEMO_CELL_DIMENSIONS = ["edad", "institucion", "sexo"]

LEDGER_TABLES: dict[str, dict[str, str]] = {
    "targets": {
        "indicator": "str", "period": "str", "entity": "str?", "baseline": "decimal",
        "value": "decimal", "recorded_on": "date?",
    },
    "observations": {
        "indicator": "category", "period": "category", "entity": "category",
        **{f"cell.{d}": "category?" for d in DEMO_CELL_DIMENSIONS},
        "value": "decimal", "source": "category", "recorded_on": "date?",
    },
    "milestones": {
        "indicator": "str", "entity": "str", "achieved_on": "date", "recorded_on": "date?",
    },
    "submissions": {"entity": "str", "kind": "str", "period": "str", "submitted_on": "date"},
    "obligations": {"entity": "str", "kind": "str", "from": "int", "to": "int"},
    "recommendations": {
        "id": "str", "evaluation": "str", "issued_on": "date", "entity": "str", "node": "str?",
        "text": "str", "due": "date?", "recorded_on": "date?",
    },
    "follow_ups": {
        "recommendation": "str", "entity": "str", "status": "str", "on": "date",
        "recorded_on": "date?",
    },
}

SCORECARD_TABLES: dict[str, dict[str, str]] = {
    "nodes": {
        "as_of": "date", "known_on": "date", "id": "str", "level": "str", "parent": "str?", "text": "str",
        "score": "decimal?", "band": "band", "coverage": "decimal", "status": "str",
    },
    "entities": {
        "as_of": "date", "known_on": "date", "code": "str", "name": "str", "score": "decimal?", "band": "band",
        "coverage": "decimal", "actions": "int", "scored_actions": "int", "overdue": "list",
    },
    "rankings": {
        "as_of": "date", "known_on": "date", "group": "str", "rank": "int?", "code": "str", "name": "str",
        "score": "decimal?", "band": "band", "coverage": "decimal", "scored_actions": "int",
        "actions": "int", "standing": "str",
    },
    "reporting": {
        "as_of": "date", "known_on": "date", "entity": "str", "kind": "str", "expected": "int", "on_time": "int",
        "late": "int", "missing": "int", "rate": "decimal", "timeliness": "decimal", "missing_periods": "list",
    },
    "reporting_detail": {
        "as_of": "date", "known_on": "date", "entity": "str", "kind": "str", "period": "str", "due_on": "date",
        "submitted_on": "date?", "status": "str", "days_late": "int",
    },
    "discrepancies": {
        "as_of": "date", "known_on": "date", "indicator": "str", "period": "str", "entity": "str", "cell": "dict",
        "official": "decimal", "verification": "decimal",
    },
    "consistency": {
        "as_of": "date", "known_on": "date", "indicator": "str", "period": "str", "entity": "str", "total": "decimal",
        "cells_sum": "decimal", "cells": "int",
    },
}


#: The bands' ranking, lowest first, as the core gives it.
BANDS = ["red", "yellow", "green"]


def check_frames(
    frames: dict[str, Any], expected: dict[str, dict[str, str]], exact: bool = True
) -> None:
    """Checks every column's values and dtype: ``exact`` frames hold Decimals
    and dates as Python objects; the default frames hold ``float64`` and
    ``datetime64[s]``. A band is an ordered Categorical either way; a
    category (``?``: missing where absent) an unordered Categorical of
    texts either way."""
    assert list(frames) == list(expected)
    for name, columns in expected.items():
        frame = frames[name]
        assert list(frame.columns) == list(columns), name
        assert len(frame) > 0, f"{name} is empty: nothing would be checked"
        for column, kind in columns.items():
            series = frame[column]
            if kind.startswith("category"):
                assert isinstance(series.dtype, pd.CategoricalDtype), (name, column, series.dtype)
                assert not series.cat.ordered, (name, column)
                assert all(isinstance(c, str) for c in series.cat.categories), (name, column)
                if kind == "category":
                    assert series.notna().all(), (name, column)
                continue
            if kind == "band":
                assert isinstance(series.dtype, pd.CategoricalDtype), (name, column)
                assert series.cat.ordered and list(series.cat.categories) == BANDS
                continue
            if not exact and kind.startswith("decimal"):
                assert series.dtype == "float64", (name, column, series.dtype)
                if kind == "decimal":
                    assert series.notna().all(), (name, column)
                continue
            if not exact and kind.startswith("date"):
                assert series.dtype == "datetime64[s]", (name, column, series.dtype)
                if kind == "date":
                    assert series.notna().all(), (name, column)
                continue
            bad = [v for v in series if not KINDS[kind](v)]
            assert not bad, f"{name}.{column} ({kind}): {bad[:3]}"
            if kind == "int?":
                pass  # int64 when nothing is missing, else float64 with NaN
            elif kind in ("int", "bool"):
                assert series.dtype == ("int64" if kind == "int" else "bool"), (name, column)
            elif kind.startswith("str"):
                assert pd.api.types.is_string_dtype(series.dtype) or series.dtype == object
            else:
                assert series.dtype == object, (name, column, series.dtype)


@pytest.fixture(scope="module")
def late_card(plan: Plan) -> Scorecard:
    # 2017-12-31: discrepancies and consistency notes too.
    return plan.evaluate(Ledger.from_file(DEMO_LEDGER, plan), date(2017, 12, 31))


def test_plan_tables_columns_and_values(plan: Plan) -> None:
    check_frames(plan.to_pandas(), PLAN_TABLES, exact=False)
    frames = plan.to_pandas(exact=True)
    check_frames(frames, PLAN_TABLES)
    actions = frames["actions"]
    assert list(actions["action"]) == [a.id for a in plan.actions]
    assert [list(e) for e in actions["entities"]] == [a.entities for a in plan.actions]
    indicators = frames["indicators"]
    assert list(indicators["plazo"]) == [i.plazo.id for i in plan.indicators]
    assert list(indicators["weight"]) == [i.weight for i in plan.indicators]
    entities = frames["entities"]
    assert list(entities["kind"]) == [e.kind for e in plan.entities]
    assert [list(m) for m in entities["members"]] == [e.members for e in plan.entities]
    assert list(frames["plazos"]["label"]) == [p.label for p in plan.plazos]
    counts = plan.counts()
    assert list(frames["axes"]["indicators"]) == [c["indicators"] for c in counts]


def test_ledger_tables_columns_and_values(demo_json: dict[str, Any]) -> None:
    ledger = Ledger.from_file(DEMO_LEDGER)
    check_frames(ledger.to_pandas(), LEDGER_TABLES, exact=False)
    frames = ledger.to_pandas(exact=True)
    check_frames(frames, LEDGER_TABLES)
    for kind, records in demo_json.items():
        assert len(frames[kind]) == len(records), kind
    observations = frames["observations"]
    first = demo_json["observations"][0]
    assert observations["value"][0] == Decimal(first["value"])
    cells = {c[len("cell."):]: v for c, v in observations.iloc[0].items() if c.startswith("cell.")}
    assert {d: v for d, v in cells.items() if not pd.isna(v)} == first.get("cell", {})
    exported = json.loads(ledger.to_json())
    assert [str(v) for v in frames["targets"]["value"]] == [t["value"] for t in exported["targets"]]


def test_scorecard_tables_columns_and_values(late_card: Scorecard) -> None:
    check_frames(late_card.to_pandas(), SCORECARD_TABLES, exact=False)
    frames = late_card.to_pandas(exact=True)
    check_frames(frames, SCORECARD_TABLES)
    doc = json.loads(late_card.to_json())
    nodes = frames["nodes"]
    assert [None if s is None else str(s) for s in nodes["score"]] == [
        n["score"] for n in doc["nodes"]
    ]
    assert [b if isinstance(b, str) else "none" for b in nodes["band"]] == [
        n["band"] for n in doc["nodes"]
    ]
    assert list(nodes["status"]) == [n["status"] for n in doc["nodes"]]
    discrepancies = frames["discrepancies"]
    assert [str(v) for v in discrepancies["verification"]] == [
        d["verification"] for d in doc["discrepancies"]
    ]
    consistency = frames["consistency"]
    assert list(consistency["cells"]) == [c["cells"] for c in doc["consistency"]]
    reporting = frames["reporting"]
    assert [list(p) for p in reporting["missing_periods"]] == [
        r["missing_periods"] for r in doc["reporting"]
    ]


def test_empty_tables_keep_their_columns(plan: Plan) -> None:
    ledger = Ledger(plan)
    frames = ledger.to_pandas()
    for name, columns in LEDGER_TABLES.items():
        # No observation names a dimension: no cell column.
        named = [c for c in columns if not c.startswith("cell.")]
        assert frames[name].empty and list(frames[name].columns) == named
    card = plan.evaluate(ledger, date(2010, 1, 1))
    for name, frame in card.to_pandas().items():
        assert list(frame.columns) == list(SCORECARD_TABLES[name])


def test_core_tables_carry_types_and_metadata(late_card: Scorecard, plan: Plan) -> None:
    assert Scorecard._table_names() == list(SCORECARD_TABLES)
    assert Plan._table_names() == list(PLAN_TABLES)
    assert Ledger._table_names() == list(LEDGER_TABLES)
    nodes = late_card._table("nodes")
    assert nodes["name"] == "nodes" and nodes["rows"] == len(late_card.to_pandas()["nodes"])
    by_name = {c["name"]: c for c in nodes["columns"]}
    assert list(by_name) == list(SCORECARD_TABLES["nodes"])
    assert by_name["score"]["type"] == "score" and by_name["score"]["score"] is True
    assert by_name["score"]["unit"] == "fraction"
    assert by_name["coverage"]["score"] is False and by_name["coverage"]["unit"] == "fraction"
    assert by_name["band"]["type"] == "category"
    assert by_name["band"]["categories"] == ["green", "yellow", "red", "none"]
    assert by_name["band"]["ranking"] == ["red", "yellow", "green"]
    assert by_name["status"]["ranking"] == [] and by_name["id"]["ranking"] is None
    assert by_name["id"]["categories"] is None and by_name["id"]["label"] == "column-node"
    years = {c["name"]: c for c in plan._table("plazos")["columns"]}["start_year"]
    assert (years["type"], years["unit"]) == ("integer", "year")
    for owner, name in ((plan, "nodes"), (late_card, "axes"), (Ledger(plan), "cells")):
        with pytest.raises(KeyError, match="is not a"):
            owner._table(name)


def test_to_pandas_without_pandas_names_the_extra(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = Ledger.from_file(DEMO_LEDGER, plan)
    card = plan.evaluate(ledger, date(2010, 12, 31))
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` raises ImportError
    for owner in (plan, ledger, card):
        with pytest.raises(ImportError, match=r"pip install 'seguimiento\[pandas\]'"):
            owner.to_pandas()
    # A method that returns a DataFrame refuses before it ingests anything.
    before = ledger.to_json()
    record = {"indicator": "E1.L1.M1.A2.I1", "period": "2016", "entity": "MRE", "value": 1}
    for add in (
        lambda: ledger.add_observations([record]),
        lambda: ledger.add_json(json.dumps({"observations": [record]})),
        lambda: ledger.add_csv_text("indicator,period,entity,value\nE1.L1.M1.A2.I1,2016,MRE,1\n"),
        lambda: ledger.add_csv(b"indicator,period,entity,value\nE1.L1.M1.A2.I1,2016,MRE,1\n"),
    ):
        with pytest.raises(ImportError, match="seguimiento"):
            add()
    assert ledger.to_json() == before
    # What needs no DataFrame still works.
    assert card._repr_html_().startswith('<div class="seguimiento">')
    assert plan._repr_html_().startswith('<div class="seguimiento">')


NO_PANDAS = r"""
import sys

class NoPandas:
    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("pandas is hidden for this test")
        return None

sys.meta_path.insert(0, NoPandas())

from datetime import date
import seguimiento
from seguimiento import Ledger, Plan

plan = Plan.embedded()
ledger = Ledger.from_file(sys.argv[1], plan)
card = plan.evaluate(ledger, date(2010, 12, 31))
with open(sys.argv[2], encoding="utf-8") as f:
    assert card.to_json() == f.read()
assert plan._repr_html_().startswith('<div class="seguimiento">')
page = card._repr_html_()
assert "Acciones vencidas" in page and all(a in page for a in card.overdue_actions)
assert "Overdue actions" in card.to_html(lang="en")
assert card.explain(card.plan_id)["kind"] == "children"
assert Ledger.from_json(ledger.to_json(), plan).to_json() == ledger.to_json()
try:
    card.to_pandas()
except ImportError as e:
    assert "pip install 'seguimiento[pandas]'" in str(e), e
else:
    raise AssertionError("to_pandas() without pandas")
assert "pandas" not in sys.modules, "seguimiento imported pandas"
print("without pandas: ok")
"""


def test_the_package_works_without_pandas() -> None:
    """A fresh interpreter where pandas cannot be imported: import, evaluation,
    JSON and the notebook display work; to_pandas() says which extra to install."""
    done = subprocess.run(
        [sys.executable, "-c", NO_PANDAS, str(DEMO_LEDGER), str(GOLDEN)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "without pandas: ok"


def test_observations_come_out_column_by_column(plan: Plan, demo_json: dict[str, Any]) -> None:
    """The observations' frame is built on the columns Rust lays out: every
    column a Categorical over the plan's names, or a float64 / datetime64[s]
    array, so no Python object is made per row."""
    observations = Ledger.from_file(DEMO_LEDGER, plan).to_pandas()["observations"]
    assert not any(dtype == object for dtype in observations.dtypes), observations.dtypes
    assert list(observations["indicator"].cat.categories) == [i.id for i in plan.indicators]
    assert list(observations["entity"].cat.categories) == [e.code for e in plan.entities]
    assert list(observations["source"].cat.categories) == ["official", "verification"]
    # The periods in the order the ledger first gives them.
    periods = list(dict.fromkeys(o["period"] for o in demo_json["observations"]))
    assert list(observations["period"].cat.categories) == periods
    for dimension in DEMO_CELL_DIMENSIONS:
        column = observations[f"cell.{dimension}"]
        assert list(column.cat.categories) == next(
            d.values for d in plan.dimensions if d.id == dimension
        )
        named = [o.get("cell", {}).get(dimension) for o in demo_json["observations"]]
        assert [None if pd.isna(v) else v for v in column] == named
        # pandas' own width for the codes: taken as they came.
        assert column.cat.codes.dtype == "int8"
    assert list(observations["value"]) == [float(Decimal(o["value"])) for o in demo_json["observations"]]


def mixed_places_ledger(plan: Plan) -> Ledger:
    """Amounts written with different numbers of places (exact values as
    their texts in Arrow), in cells, with and without a date."""
    ledger = Ledger(plan)
    ledger.add_observations(
        [
            {"indicator": "E1.L1.M4.A1.I4", "period": "2008", "entity": "MRE", "value": Decimal("1250.75"),
             "cell": {"institucion": "MP"}, "recorded_on": date(2009, 1, 5)},
            {"indicator": "E1.L1.M4.A1.I4", "period": "2009", "entity": "GIT", "value": Decimal("12.50"),
             "cell": {"institucion": "OJ"}},
            {"indicator": "E1.L1.M4.A1.I4", "period": "2009", "entity": "MRE", "value": Decimal("3"),
             "source": "verification"},
        ]
    )
    return ledger


@pytest.mark.parametrize("which", ["demo", "mixed places"])
def test_exact_frames_go_back_in_as_the_same_ledger(plan: Plan, which: str) -> None:
    ledger = Ledger.from_file(DEMO_LEDGER, plan) if which == "demo" else mixed_places_ledger(plan)
    frames = ledger.to_pandas(exact=True)
    observations = frames["observations"]
    assert isinstance(observations["value"][0], Decimal)
    assert isinstance(observations["cell.institucion"].dtype, pd.CategoricalDtype)
    again = Ledger(plan)
    for kind, frame in frames.items():
        assert getattr(again, f"add_{kind}")(frame).empty, kind
    assert again.to_json() == ledger.to_json()


def test_float_frames_go_back_in_with_the_same_numbers(plan: Plan) -> None:
    ledger = mixed_places_ledger(plan)
    observations = ledger.to_pandas()["observations"]
    assert list(observations["value"]) == [1250.75, 12.5, 3.0]
    assert list(observations["source"]) == ["official", "official", "verification"]
    assert [None if pd.isna(t) else t.date() for t in observations["recorded_on"]] == [
        date(2009, 1, 5), None, None
    ]
    again = Ledger(plan)
    assert again.add_observations(observations).empty
    back = json.loads(again.to_json())["observations"]
    before = json.loads(ledger.to_json())["observations"]
    assert [Decimal(o["value"]) for o in back] == [Decimal(o["value"]) for o in before]
    assert [{k: v for k, v in o.items() if k != "value"} for o in back] == [
        {k: v for k, v in o.items() if k != "value"} for o in before
    ]


NO_PYARROW = r"""
import sys

sys.modules["pyarrow"] = None  # as if it were not installed: importing it fails
import pandas as pd
import seguimiento

observations = seguimiento.Ledger.from_file(sys.argv[1]).to_pandas()["observations"]
assert isinstance(observations["cell.sexo"].dtype, pd.CategoricalDtype)
assert observations["value"].dtype == "float64"
assert "pyarrow" not in sys.modules or sys.modules["pyarrow"] is None
print("without pyarrow:", len(observations))
"""


def test_observations_frame_needs_no_pyarrow(demo_json: dict[str, Any]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", NO_PYARROW, str(DEMO_LEDGER)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"without pyarrow: {len(demo_json['observations'])}"
