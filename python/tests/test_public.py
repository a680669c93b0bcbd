"""The public release from Python: ``Scorecard.public()`` and ``PublicView``.

The release is built and audited by the core; these tests check what the
binding hands over (every format, the DataFrame's types, the errors) and that
nothing confidential leaks through it. The independent check of the release
itself is the attacker, ``test_public_attacker.py``.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

import seguimiento
from seguimiento import (
    ConfigError,
    DisclosureRefused,
    Ledger,
    LedgerMismatchError,
    Plan,
    PublicView,
    SeguimientoError,
)

from conftest import DEMO_LEDGER

AS_OF = date(2017, 12, 31)
#: A sensitive victims' count without dimensions (the core's own example).
VICTIMS = "E4.L2.M1.A1.I1"


def _two_entities(plan: Plan, mp: int, pgn: int) -> Ledger:
    ledger = Ledger(plan)
    ledger.add_json(
        json.dumps(
            {
                "observations": [
                    {"indicator": VICTIMS, "period": "2009", "entity": "MP", "value": str(mp)},
                    {"indicator": VICTIMS, "period": "2009", "entity": "PGN", "value": str(pgn)},
                ]
            }
        )
    )
    return ledger


@pytest.fixture(scope="module")
def demo_view() -> PublicView:
    plan = Plan.embedded()
    ledger = Ledger.from_file(DEMO_LEDGER, plan)
    return plan.evaluate(ledger, as_of=AS_OF).public()


def test_the_demo_release_hides_its_small_counts_in_every_format(demo_view: PublicView) -> None:
    internal = list(csv.DictReader(io.StringIO(demo_view.to_internal_sdmx_csv())))
    public = list(csv.DictReader(io.StringIO(demo_view.to_sdmx_csv())))
    assert len(internal) == len(public) == demo_view.audit["values"]
    primary = [row for row in internal if row["CONF_STATUS"] == "A"]
    secondary = [row for row in internal if row["CONF_STATUS"] == "D"]
    assert len(primary) == demo_view.audit["primary"] > 0
    assert len(secondary) == demo_view.audit["secondary"] > 0
    # In public the two look alike: C, with no value.
    for inner, shown in zip(internal, public):
        if inner["CONF_STATUS"] == "F":
            assert shown["CONF_STATUS"] == "F" and shown["OBS_VALUE"] == inner["OBS_VALUE"]
        else:
            assert shown["CONF_STATUS"] == "C" and shown["OBS_VALUE"] == ""
    # No small count of a table is in the public JSON.
    cells = json.loads(demo_view.to_json())["cells"]
    small = [c for c in cells if c["value"] != "confidential" and 0 < Decimal(c["value"]) < 11]
    assert small == []
    assert "confidential" in demo_view.to_json()


def test_to_pandas_is_one_typed_row_per_value(demo_view: PublicView) -> None:
    pd = pytest.importorskip("pandas")
    frame = demo_view.to_pandas()
    assert list(frame.columns) == [
        "key", "measure", "ref_id", "period", "coordinates", "value", "confidential",
    ]
    assert len(frame) == demo_view.audit["values"]
    assert str(frame["value"].dtype) == "Float64"
    assert frame["confidential"].dtype == bool
    assert int(frame["confidential"].sum()) == len(demo_view.pattern["suppressed"])
    assert set(frame.loc[frame["confidential"], "key"]) == set(demo_view.pattern["suppressed"])
    assert frame.loc[frame["confidential"], "value"].isna().all()
    assert frame.loc[~frame["confidential"], "value"].notna().all()
    exact = demo_view.to_pandas(exact=True)
    shown = exact.loc[~exact["confidential"], "value"]
    assert all(isinstance(v, Decimal) for v in shown)
    assert all(v is pd.NA for v in exact.loc[exact["confidential"], "value"])
    # The CSV is the same table.
    rows = list(csv.DictReader(io.StringIO(demo_view.to_csv())))
    assert [r["key"] for r in rows] == list(frame["key"])


def test_the_release_describes_itself(demo_view: PublicView) -> None:
    assert demo_view.release == f"public-{AS_OF.isoformat()}"
    assert demo_view.k == 11 and demo_view.as_of == AS_OF
    assert demo_view.plan_id == Plan.embedded().id
    assert "confidential" in repr(demo_view)
    html = demo_view._repr_html_()
    assert demo_view.release in html and "confidencial" in html
    assert "confidential" in demo_view.to_html("en")
    assert set(demo_view.audit) >= {"k", "values", "published", "primary", "secondary"}
    published = demo_view.published_values
    assert published and all(isinstance(v, Decimal) for v in published.values())
    assert not set(published) & set(demo_view.pattern["suppressed"])
    assert demo_view.saved() == {
        "pattern": demo_view.pattern,
        "published_values": published,
    }


def test_k_release_and_sensitive_are_the_callers(plan: Plan) -> None:
    card = plan.evaluate(_two_entities(plan, mp=3, pgn=40), as_of=date(2009, 12, 31))
    key = f"{VICTIMS}|2009|entidad|entidad=MP"
    assert key in card.public().pattern["suppressed"]
    assert key not in card.public(k=3).pattern["suppressed"]
    assert card.public(release="2009-annual").release == "2009-annual"
    # Not sensitive: nothing of it is controlled.
    other = card.public(sensitive=["E4.L2.M1.A2.I1"])
    assert key not in other.pattern["suppressed"]
    assert f"{VICTIMS}|2009|entidad" not in other.to_csv()
    with pytest.raises(ConfigError) as e:
        card.public(k=1)
    assert e.value.field == "k"
    with pytest.raises(ConfigError) as e:
        card.public(sensitive=["E9.NOPE"])
    assert e.value.field == "sensitive" and "E9.NOPE" in str(e.value)
    with pytest.raises(TypeError):
        card.public(sensitive=VICTIMS)


def test_a_changed_ledger_is_refused_until_evaluated_again(plan: Plan) -> None:
    ledger = _two_entities(plan, mp=3, pgn=40)
    card = plan.evaluate(ledger, as_of=date(2009, 12, 31))
    evaluation = seguimiento.Evaluation(ledger, date(2009, 12, 31))
    ledger.add_json(
        json.dumps(
            {"observations": [
                {"indicator": VICTIMS, "period": "2009", "entity": "OJ", "value": "2"}
            ]}
        )
    )
    with pytest.raises(LedgerMismatchError, match="evaluate"):
        card.public()
    with pytest.raises(LedgerMismatchError):
        evaluation.scorecard.public()
    evaluation.refresh()
    assert f"{VICTIMS}|2009|entidad|entidad=OJ" in evaluation.scorecard.public().pattern[
        "suppressed"
    ]
    assert "entidad=OJ" in plan.evaluate(ledger, as_of=date(2009, 12, 31)).public().to_csv()


def test_earlier_releases_are_kept_and_small_revisions_hidden(plan: Plan) -> None:
    as_of = date(2009, 12, 31)
    mp = f"{VICTIMS}|2009|entidad|entidad=MP"
    pgn = f"{VICTIMS}|2009|entidad|entidad=PGN"
    first = plan.evaluate(_two_entities(plan, mp=30, pgn=40), as_of=as_of).public()
    assert first.pattern["suppressed"] == []
    assert first.published_values[pgn] == Decimal(40)
    # PGN revised from 40 to 43: publishing 43 would tell the 3 added.
    revised = plan.evaluate(_two_entities(plan, mp=30, pgn=43), as_of=as_of)
    assert pgn not in revised.public().pattern["suppressed"]
    saved_as_json = json.loads(json.dumps(first.saved(), default=str))
    for earlier in (first, first.saved(), [first], [saved_as_json]):
        assert pgn in revised.public(earlier=earlier).pattern["suppressed"], earlier
    # A value suppressed before stays suppressed where repeated, though no
    # longer small.
    small = plan.evaluate(_two_entities(plan, mp=3, pgn=40), as_of=as_of).public()
    assert mp in small.pattern["suppressed"]
    grown = plan.evaluate(_two_entities(plan, mp=20, pgn=40), as_of=as_of)
    assert mp not in grown.public().pattern["suppressed"]
    assert mp in grown.public(earlier=small).pattern["suppressed"]
    with pytest.raises(TypeError, match="earlier"):
        revised.public(earlier=[42])


def test_the_errors_belong_to_the_tree() -> None:
    assert issubclass(DisclosureRefused, SeguimientoError)
    assert issubclass(DisclosureRefused, ValueError)
    assert issubclass(LedgerMismatchError, SeguimientoError)
    assert issubclass(LedgerMismatchError, ValueError)
    assert DisclosureRefused.__module__ == "seguimiento"
