"""Numbers and dates at the boundary: exact decimals in and out, the float
policy, NaN, infinities, too many digits, negative zero; property tests."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import seguimiento
from seguimiento import Ledger, ValidationError

from conftest import AMOUNT, MILESTONE


def stored(value: Any) -> Decimal:
    """The value the ledger holds after ingesting it as an amount."""
    ledger = Ledger()
    ledger.add_observations(
        [{"indicator": AMOUNT, "period": "2009", "entity": "MRE", "value": value}]
    )
    out = ledger.to_pandas(exact=True)["observations"]["value"][0]
    assert isinstance(out, Decimal)
    return out


def refused(value: Any) -> str:
    with pytest.raises(ValidationError) as info:
        stored(value)
    [error] = info.value.errors
    assert error["field"] == "value" and error["row"] == 0
    reason: str = error["reason"]
    return reason


@pytest.mark.parametrize(
    "text",
    [
        "0",
        "12.50",
        "0.000001",
        "1250000.75",
        "1234567890123456789012345678",  # 28 digits
        "0.1234567890123456789012345678",  # 28 decimal places
        "79228162514264337593543950335",  # the largest exact decimal (29 digits)
        "1E+3",
    ],
)
def test_decimals_round_trip_exactly(text: str) -> None:
    value = Decimal(text)
    out = stored(value)
    assert out == value
    if "E" not in text:
        assert str(out) == text  # same digits, same scale


def test_ints_and_numeric_strings_are_exact() -> None:
    assert str(stored(12)) == "12"
    assert str(stored(np.int64(7))) == "7"
    assert str(stored("12.50")) == "12.50"
    assert stored(10**27) == Decimal(10**27)


def test_nan_and_infinities_are_refused() -> None:
    assert "NaN" in refused(Decimal("NaN"))
    assert "NaN" in refused(Decimal("sNaN"))
    assert "infinite" in refused(Decimal("Infinity"))
    assert "infinite" in refused(Decimal("-Infinity"))
    assert "NaN" in refused(float("nan"))
    assert "infinite" in refused(float("inf"))
    assert "infinite" in refused(float("-inf"))
    assert "not a finite number" in refused("inf")


def test_too_many_digits_are_refused_never_rounded() -> None:
    assert "28" in refused(Decimal("1234567890123456789012345678901"))  # 31 digits
    assert "28" in refused(Decimal("79228162514264337593543950336"))  # 2**96
    assert "28" in refused(Decimal("0.12345678901234567890123456789"))  # 29 places
    assert refused(Decimal("1E+40"))
    assert refused(Decimal("1E-40"))
    assert refused("0.12345678901234567890123456789")


def test_negative_zero_is_zero() -> None:
    for value in (Decimal("-0"), Decimal("-0.00"), -0.0, "-0"):
        out = stored(value)
        assert out == 0 and not out.is_signed()
    assert str(stored(Decimal("-0.00"))) == "0.00"


def test_floats_are_read_through_their_repr() -> None:
    # The documented policy: a float is the decimal its repr shows.
    assert str(stored(0.1)) == "0.1"
    assert str(stored(12.5)) == "12.5"
    assert str(stored(2.0)) == "2.0"
    assert stored(1e-7) == Decimal("1E-7")
    assert stored(1e16) == Decimal(10**16)
    assert str(stored(0.1 + 0.2)) == "0.30000000000000004"
    assert stored(np.float64(0.1)) == Decimal("0.1")
    assert refused(1e300)  # more digits than a decimal holds
    assert "bool" in refused(True)


def test_float_columns_from_pandas() -> None:
    ledger = Ledger()
    frame = pd.DataFrame(
        {"indicator": [AMOUNT] * 2, "period": ["2009", "2010"], "entity": ["MRE"] * 2,
         "value": [1250.75, 0.1]}
    )
    assert frame["value"].dtype == np.float64
    assert ledger.add_observations(frame).empty
    values = list(ledger.to_pandas(exact=True)["observations"]["value"])
    assert values == [Decimal("1250.75"), Decimal("0.1")]


@pytest.mark.parametrize(
    "value",
    [date(2007, 6, 1), datetime(2007, 6, 1), pd.Timestamp("2007-06-01"), "2007-06-01",
     np.datetime64("2007-06-01")],
)
def test_dates_round_trip(value: Any) -> None:
    ledger = Ledger()
    rejected = ledger.add_milestones(
        pd.DataFrame({"indicator": [MILESTONE], "entity": ["MRE"], "achieved_on": [value]}),
        mode="lenient",
    )
    assert rejected.empty, rejected
    out = ledger.to_pandas(exact=True)["milestones"]["achieved_on"][0]
    assert type(out) is date and out == date(2007, 6, 1)


def test_bad_dates_are_refused() -> None:
    for value, words in [
        ("2007-02-30", "calendar"),
        ("01/06/2007", "YYYY-MM-DD"),
        (datetime(2007, 6, 1, 12), "time of day"),
        (20070601, "expected a date"),
    ]:
        with pytest.raises(ValidationError) as info:
            Ledger().add_milestones([{"indicator": MILESTONE, "entity": "MRE", "achieved_on": value}])
        [error] = info.value.errors
        assert error["field"] == "achieved_on" and words in error["reason"]


def test_percent_and_round_score() -> None:
    assert seguimiento.percent(Decimal("0.734512")) == "73.45 %"
    assert seguimiento.percent(1) == "100.00 %"
    assert seguimiento.round_score(Decimal("1.2345675")) == Decimal("1.234568")
    assert str(seguimiento.round_score(Decimal("-1.2345675"))) == "-1.234568"
    assert str(seguimiento.round_score(Decimal("-0"))) == "0.000000"
    with pytest.raises(ValueError):
        seguimiento.percent(Decimal("NaN"))
    with pytest.raises(TypeError):
        seguimiento.round_score(None)  # type: ignore[arg-type]


# --- properties -------------------------------------------------------------

exact_decimals = st.decimals(
    min_value=Decimal(0),
    max_value=Decimal("9999999999999999999999"),
    allow_nan=False,
    allow_infinity=False,
    places=6,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(exact_decimals, min_size=1, max_size=20))
def test_property_decimals_round_trip(values: list[Decimal]) -> None:
    ledger = Ledger()
    # Rows of one period are revisions recorded on different days, not
    # duplicates of one batch.
    records = [
        {
            "indicator": AMOUNT,
            "period": str(2007 + i % 11),
            "entity": "MRE",
            "value": v,
            "recorded_on": f"2018-01-{i + 1:02d}",
        }
        for i, v in enumerate(values)
    ]
    assert ledger.add_observations(pd.DataFrame(records)).empty
    out = list(ledger.to_pandas(exact=True)["observations"]["value"])
    assert out == values
    assert [str(v) for v in out] == [str(v) for v in values]


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1e15))
def test_property_floats_are_their_repr(value: float) -> None:
    exact = Decimal(repr(value))
    try:
        assert stored(value) == exact
    except ValidationError:
        # Refused, never rounded: only floats needing more than 28 places.
        assert exact.as_tuple().exponent < -28


# A record may name the years of the plan's horizon (2007-2017) and 10 years on
# either side.
@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1997, 1, 1), max_value=date(2027, 12, 31)))
def test_property_dates_round_trip(value: date) -> None:
    ledger = Ledger()
    ledger.add_submissions(
        [{"entity": "MP", "kind": "annual", "period": "1997", "submitted_on": value}]
    )
    assert ledger.to_pandas(exact=True)["submissions"]["submitted_on"][0] == value
