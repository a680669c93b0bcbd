"""One reader: the same record given as JSON, as CSV, as a dict row and as a
DataFrame row is accepted or rejected identically, with the same codes, and
once accepted gives the same ledger. A byte-order mark and a key given
twice are handled by the same rules everywhere, the configuration included."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from typing import Any, Callable

import pandas as pd
import pytest

from seguimiento import ConfigError, Ledger, Plan, ValidationError
from seguimiento._records import RECORDS
from seguimiento._seguimiento import record_fields

from conftest import AMOUNT, COUNT, MILESTONE

#: What ingesting a record did: ("accepted", ledger JSON), ("rejected",
#: [(field, code)]) or ("refused", code) for the batch as a whole.
Outcome = tuple[str, Any]


def json_value(v: Any) -> str:
    if isinstance(v, Decimal):
        return str(v)  # a JSON number, its exact text
    return json.dumps(v)


def as_json(record: dict[str, Any]) -> str:
    fields = ", ".join(f"{json.dumps(k)}: {json_value(v)}" for k, v in record.items())
    return f'{{"observations": [{{{fields}}}]}}'


def as_csv(record: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(record)
    writer.writerow("" if v is None else str(v) for v in record.values())
    return out.getvalue()


def run(add: Callable[[Ledger], Any]) -> Outcome:
    ledger = Ledger()
    try:
        add(ledger)
    except ValidationError as e:
        assert len(ledger) == 0, "a refused strict batch changed the ledger"
        if all(err["index"] is None for err in e.errors):
            return ("refused", e.errors[0]["code"])
        return ("rejected", [(err["field"], err["code"]) for err in e.errors])
    return ("accepted", ledger.to_json())


def everywhere(record: dict[str, Any]) -> Outcome:
    """The outcome of the record in each format; they must agree."""
    outcomes = {
        "json": run(lambda l: l.add_json(as_json(record))),
        "csv": run(lambda l: l.add_csv_text(as_csv(record))),
        "dict row": run(lambda l: l.add_observations([record])),
        "DataFrame row": run(lambda l: l.add_observations(pd.DataFrame([record]))),
    }
    first = outcomes["json"]
    for name, outcome in outcomes.items():
        assert outcome == first, f"{name} differs from JSON on {record}: {outcome} != {first}"
    return first


def obs(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"indicator": COUNT, "period": "2008", "entity": "MRE", "value": 3}
    record.update(fields)
    return record


def test_a_valid_record_gives_the_same_ledger_everywhere() -> None:
    kind, ledger = everywhere(obs())
    assert kind == "accepted"
    assert json.loads(ledger)["observations"] == [
        {"indicator": COUNT, "period": "2008", "entity": "MRE", "value": "3"}
    ]
    # Surrounding whitespace is not part of a value, in any format.
    assert everywhere(obs(indicator=f" {COUNT} ", entity="MRE ")) == ("accepted", ledger)


def test_exact_decimals_are_read_from_their_text_everywhere() -> None:
    text = "1.000000000000000000000000000000"  # 30 places, exact
    kind, ledger = everywhere(obs(indicator=AMOUNT, period="2009", value=Decimal(text)))
    assert kind == "accepted"
    assert json.loads(ledger)["observations"][0]["value"] == "1.0000000000000000000000000000"
    # A Decimal and the same text read alike.
    assert everywhere(obs(indicator=AMOUNT, period="2009", value=text)) == (kind, ledger)
    zero = everywhere(obs(indicator=AMOUNT, period="2009", value=Decimal("0E+99999")))
    assert zero[0] == "accepted"
    assert json.loads(zero[1])["observations"][0]["value"] == "0"
    for value, code in [
        (Decimal("0.12345678901234567890123456789"), "inexact_number"),
        (Decimal("79228162514264337593543950336"), "inexact_number"),
        (Decimal("1.5"), "not_a_count"),
        ("1,5", "not_a_number"),
        ("NaN", "not_finite"),
    ]:
        assert everywhere(obs(value=value)) == ("rejected", [("value", code)]), value


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"value": None}, "value", "missing_field"),
        ({"indicator": None}, "indicator", "missing_field"),
        ({"indicator": "E9.L9.M9.A9.I9"}, "indicator", "unknown_indicator"),
        ({"period": "2009-13"}, "period", "not_a_period"),
        ({"period": "2008-03"}, "period", "wrong_granularity"),
        ({"entity": "NADIE"}, "entity", "unknown_entity"),
        ({"entity": "PNC"}, "entity", "not_responsible"),
        ({"recorded_on": "2009-02-30"}, "recorded_on", "not_a_calendar_date"),
        ({"recorded_on": "30/01/2009"}, "recorded_on", "not_a_date"),
        ({"source": "auditoria"}, "source", "unknown_source"),
    ],
)
def test_each_rule_gives_the_same_code_everywhere(
    fields: dict[str, Any], field: str, code: str
) -> None:
    assert everywhere(obs(**fields)) == ("rejected", [(field, code)])


def test_an_unknown_field_is_refused_everywhere() -> None:
    # A table's columns (and a CSV header) belong to the whole batch; a JSON
    # object's keys to its record.
    record = obs(notes="hola")
    for add in (
        lambda l: l.add_observations([record]),
        lambda l: l.add_observations(pd.DataFrame([record])),
        lambda l: l.add_csv_text(as_csv(record)),
    ):
        assert run(add) == ("refused", "unknown_column")
    assert run(lambda l: l.add_json(as_json(record))) == ("rejected", [("notes", "unknown_field")])


def test_a_byte_order_mark_is_skipped_in_every_document(plan: Plan) -> None:
    record = obs()
    expected = everywhere(record)
    assert run(lambda l: l.add_json("\ufeff" + as_json(record))) == expected
    assert Ledger.from_json("\ufeff" + as_json(record)).to_json() == expected[1]
    assert run(lambda l: l.add_csv_text("\ufeff" + as_csv(record))) == expected
    assert run(lambda l: l.add_csv(("\ufeff" + as_csv(record)).encode())) == expected
    # The configuration too.
    card = plan.evaluate(Ledger(plan), date(2010, 12, 31), config='\ufeff{"grace_days": 15}')
    assert card.as_of == date(2010, 12, 31)


def test_a_key_given_twice_is_refused_everywhere(plan: Plan) -> None:
    twice = as_json(obs()).replace('"value": 3', '"value": 3, "value": 4')
    assert run(lambda l: l.add_json(twice)) == ("rejected", [("value", "duplicate_field")])
    header_twice = f"indicator,period,entity,value,value\n{COUNT},2008,MRE,3,4\n"
    assert run(lambda l: l.add_csv_text(header_twice)) == ("refused", "duplicate_column")
    frame = pd.DataFrame([[COUNT, "2008", "MRE", 3, 4]])
    frame.columns = ["indicator", "period", "entity", "value", "value"]
    assert run(lambda l: l.add_observations(frame)) == ("refused", "duplicate_column")
    # A cell naming a dimension twice, as a dict and as a column.
    clash = obs(indicator="E1.L1.M2.A2.I1", entity="GIT", cell={"institucion": "MP"})
    clash["cell.institucion"] = "MP"
    assert run(lambda l: l.add_observations([clash])) == (
        "rejected",
        [("cell", "duplicate_dimension")],
    )
    # The configuration: refused, naming the key, never the last value taken.
    with pytest.raises(ConfigError) as info:
        plan.evaluate(Ledger(plan), date(2010, 12, 31), config='{"green": "0.95", "green": "0.4"}')
    assert info.value.field == "green" and "twice" in info.value.reason


def test_python_values_are_classified_not_judged() -> None:
    # A Decimal reads as its exact text; a float as its repr; a date as a date.
    ledger = Ledger()
    ledger.add_milestones(
        [
            {
                "indicator": MILESTONE,
                "entity": "MRE",
                "achieved_on": pd.Timestamp("2009-12-31"),
                "recorded_on": "2010-01-05",
            }
        ]
    )
    with pytest.raises(ValidationError) as info:
        Ledger().add_milestones(
            [
                {
                    "indicator": MILESTONE,
                    "entity": "MRE",
                    "achieved_on": pd.Timestamp("2009-12-31 00:00:00.000000001"),
                }
            ]
        )
    [error] = info.value.errors
    assert (error["field"], error["code"]) == ("achieved_on", "time_of_day")
    assert "time of day" in error["reason"]


def test_errors_carry_codes_and_typed_dicts_follow_the_core() -> None:
    with pytest.raises(ValidationError) as info:
        Ledger().add_observations([obs(indicator="nope")])
    [error] = info.value.errors
    assert set(error) == {"kind", "index", "row", "field", "code", "reason"}
    assert error["code"] == "unknown_indicator"
    # The typed dicts of the stubs list the core's fields, required or not.
    fields = record_fields()
    assert set(fields) == set(RECORDS)
    for kind, typed in RECORDS.items():
        required = {name for name, needed in fields[kind] if needed}
        optional = {name for name, needed in fields[kind] if not needed}
        assert typed.__required_keys__ == required, kind  # type: ignore[attr-defined]
        assert typed.__optional_keys__ == optional, kind  # type: ignore[attr-defined]
