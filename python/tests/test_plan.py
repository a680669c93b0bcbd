"""The plan: loading, navigation, lookups, tables, display."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import seguimiento
from seguimiento import Plan, PlanError

from conftest import COUNT, MILESTONE, SEEDS


def test_embedded_plan_is_the_2007_2017_plan(plan: Plan) -> None:
    assert plan.id == "PAE-TRATA-2007-2017"
    assert "Trata de Personas" in plan.title
    assert plan.coordinator == "MRE"
    assert len(plan.axes) == 5
    assert Plan.embedded() == plan
    assert hash(Plan.embedded()) == hash(plan)
    assert repr(plan).startswith("<Plan PAE-TRATA-2007-2017: 5 axes")


def test_from_json_and_from_file_round_trip(plan: Plan, tmp_path: Path) -> None:
    text = plan.to_json()
    assert Plan.from_json(text) == plan
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    assert Plan.from_file(path) == plan
    assert Plan.from_file(str(SEEDS / "plan.json")) == plan


def test_bad_plans_raise_plan_error(plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(PlanError) as syntax:
        Plan.from_json("{")
    assert "line 1" in str(syntax.value)
    assert syntax.value.problems == []
    doc = json.loads(plan.to_json())
    doc["axes"][0]["lines"][0]["goals"][0]["actions"][0]["responsible"] = [{"code": "NOBODY"}]
    doc["format"] = "other/9"
    with pytest.raises(PlanError) as invalid:
        Plan.from_json(json.dumps(doc))
    kinds = {p["kind"] for p in invalid.value.problems}
    assert {"unknown_format", "dangling_entity"} <= kinds
    assert all(set(p) == {"location", "kind", "message"} for p in invalid.value.problems)
    # PlanError is a ValueError and a SeguimientoError.
    assert isinstance(invalid.value, ValueError)
    assert isinstance(invalid.value, seguimiento.SeguimientoError)
    with pytest.raises(FileNotFoundError):
        Plan.from_file(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "\xff"}')
    with pytest.raises(PlanError, match="UTF-8"):
        Plan.from_file(bad)


def test_tree_navigation(plan: Plan) -> None:
    axis = plan.axes[0]
    assert axis.id == "E1" and axis.text == "Fortalecimiento Institucional"
    assert axis.corrected is None
    line = axis.lines[0]
    assert line.id == "E1.L1" and line.axis == "E1"
    goal = line.goals[0]
    assert (goal.id, goal.axis, goal.line) == ("E1.L1.M1", "E1", "E1.L1")
    action = goal.actions[0]
    assert (action.axis, action.line, action.goal) == ("E1", "E1.L1", "E1.L1.M1")
    assert action in axis.actions
    indicator = action.indicators[0]
    assert indicator.action == action.id
    assert plan.parent(indicator.id) == action.id
    assert plan.parent("E1") is None
    assert plan.children("E1")[0] == "E1.L1"
    assert plan.children(action.id)[: len(action.indicators)] == [i.id for i in action.indicators]
    assert [p.action for p in action.plazos] == [action.id] * len(action.plazos)
    for name in ("E1", "E1.L1", "E1.L1.M1", action.id, indicator.id, action.plazos[0].id):
        assert name in plan
        assert plan.node(name).id == name
    assert "E9" not in plan
    # Flat lists agree with the tree.
    assert len(plan.lines) == sum(len(a.lines) for a in plan.axes)
    assert len(plan.goals) == sum(len(line.goals) for line in plan.lines)
    assert len(plan.actions) == sum(len(g.actions) for g in plan.goals)
    assert len(plan.indicators) == sum(len(a.indicators) for a in plan.actions)
    assert len(plan.plazos) == sum(len(a.plazos) for a in plan.actions)
    assert sum(c["actions"] for c in plan.counts()) == len(plan.actions)


def test_lookups(plan: Plan) -> None:
    assert plan.axis("E2").id == "E2"
    assert plan.line("E1.L1").id == "E1.L1"
    assert plan.goal("E1.L1.M1").id == "E1.L1.M1"
    assert plan.action("E1.L1.M1.A1") == plan.actions[0]
    assert plan.indicator(COUNT).measure == "count"
    for lookup in (plan.axis, plan.line, plan.goal, plan.action, plan.indicator, plan.node):
        with pytest.raises(KeyError):
            lookup("E9.L9")
    with pytest.raises(KeyError):
        plan.axis("E1.L1")  # a line, not an axis
    with pytest.raises(KeyError):
        plan.parent("nope")
    with pytest.raises(KeyError):
        plan.children("nope")


def test_indicator_classification(plan: Plan) -> None:
    count = plan.indicator(COUNT)
    assert (count.measure, count.accumulation, count.frequency) == ("count", "stock", "annual")
    assert count.weight == Decimal(1)
    assert isinstance(count.sensitive, bool)
    assert count.plazo.start_year == 2007 and count.plazo.end_year == 2017
    milestone = plan.indicator(MILESTONE)
    assert milestone.measure == "milestone" and milestone.frequency == "once"
    assert all(d in {x.id for x in plan.dimensions} for i in plan.indicators for d in i.dimensions)
    assert "milestone" in repr(milestone)


def test_entities(plan: Plan) -> None:
    pnc = plan.entity("pnc")
    assert pnc.code == "PNC" and pnc.parent == "MINGOB" and pnc.kind == "institution"
    assert plan.entity("PNC") == pnc and hash(plan.entity("PNC")) == hash(pnc)
    assert [e.code for e in plan.resolve("MINGOB/PNC/DGM")] == ["PNC", "DGM"]
    with pytest.raises(KeyError):
        plan.resolve("MINGOB/XYZ")
    with pytest.raises(KeyError):
        plan.entity("XYZ")
    groups = [e for e in plan.entities if e.kind == "group"]
    assert groups and all(e.members or e.description for e in groups)
    mingob = plan.actions_of_entity("MINGOB")
    assert len(mingob) >= len(plan.actions_of_entity("PNC")) > 0
    with pytest.raises(KeyError):
        plan.actions_of_entity("XYZ")
    assert "Entity PNC" in repr(pnc)


def test_dimensions_notes_deadlines(plan: Plan) -> None:
    sexo = next(d for d in plan.dimensions if d.id == "sexo")
    assert sexo.values == ["mujer", "hombre"]
    assert repr(sexo).startswith("<Dimension sexo")
    assert plan.notes and set(plan.notes[0]) == {"node", "kind", "seed", "note"}
    due = plan.deadlines_in_year(2007)
    assert due and all(p.end_year == 2007 and p.action == a.id for a, p in due)


def test_to_pandas_tables(plan: Plan) -> None:
    tables = plan.to_pandas()
    assert set(tables) == {"axes", "actions", "plazos", "indicators", "entities"}
    actions = tables["actions"]
    assert len(actions) == len(plan.actions)
    assert list(actions.columns[:4]) == ["action", "axis", "line", "goal"]
    first = actions.iloc[0]
    a = plan.actions[0]
    assert first["action"] == a.id and first["axis"] == a.axis
    assert list(first["plazos"]) == [p.label for p in a.plazos]
    assert list(first["entities"]) == a.entities
    assert first["start_year"] == min(p.start_year for p in a.plazos)
    indicators = tables["indicators"]
    assert len(indicators) == len(plan.indicators)
    row = indicators.set_index("indicator").loc[COUNT]
    assert (row["measure"], row["accumulation"], row["frequency"]) == ("count", "stock", "annual")
    assert row["weight"] == Decimal(1)
    assert len(tables["plazos"]) == len(plan.plazos)
    assert len(tables["entities"]) == len(plan.entities)
    assert list(tables["axes"]["axis"]) == [x.id for x in plan.axes]


def test_repr_html_escapes_and_shows_axes(plan: Plan) -> None:
    page = plan._repr_html_()
    assert page.startswith('<div class="seguimiento">')
    assert "Fortalecimiento Institucional" in page
    assert "<script" not in page
    for axis in plan.axes:
        assert f"<td>{axis.id}</td>" in page


def test_repr_html_escapes_hostile_text(plan: Plan) -> None:
    doc = json.loads(plan.to_json())
    doc["title"] = "<script>alert('x')</script> & co"
    doc["axes"][0]["text"] = "<b>bold</b>"
    hostile = Plan.from_json(json.dumps(doc))
    page = hostile._repr_html_()
    assert "<script>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;" in page and "&amp; co" in page


def test_node_handles_are_frozen(plan: Plan) -> None:
    action = plan.actions[0]
    with pytest.raises(AttributeError):
        action.id = "x"  # type: ignore[misc]


def test_a_dimension_code_list_with_names_maps_names_to_codes(plan: Plan) -> None:
    departments = plan.dimension("departamento")
    assert list(departments.columns) == ["code", "name"]
    assert len(departments) == 22
    assert departments.iloc[0].tolist() == ["01", "Guatemala"]
    to_code = dict(zip(departments["name"], departments["code"]))
    assert to_code["Petén"] == "17"
    municipalities = plan.dimension("municipio")
    assert municipalities.iloc[0].tolist() == ["0101", "Municipio 01 de Guatemala"]
    with pytest.raises(KeyError, match="color"):
        plan.dimension("color")
