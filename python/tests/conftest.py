"""Shared fixtures: the repository's seeds and the embedded plan."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import seguimiento

#: The repository root (python/tests/ is two levels down); SEGUIMIENTO_ROOT overrides.
ROOT = Path(os.environ.get("SEGUIMIENTO_ROOT", Path(__file__).resolve().parents[2]))
SEEDS = ROOT / "seeds"
DEMO_LEDGER = SEEDS / "demo-ledger.json"
GOLDEN = SEEDS / "expected" / "scorecard-demo-2010-12-31.json"

#: Indicators of the embedded plan used by the tests (see Plan.to_pandas()).
COUNT = "E1.L1.M1.A2.I1"  # count, annual stock, 2007-2017, MRE
PERCENTAGE = "E1.L1.M1.A2.I3"  # percentage, annual stock, MRE
AMOUNT = "E1.L1.M4.A1.I4"  # amount, annual flow, cells by institucion, MRE/GIT
BY_INSTITUTION = "E1.L1.M2.A2.I1"  # count by institucion, GIT
MILESTONE = "E1.L1.M1.A1.I1"  # milestone, MRE/GIT


@pytest.fixture(scope="session")
def plan() -> seguimiento.Plan:
    return seguimiento.Plan.embedded()


@pytest.fixture(scope="session")
def demo_json() -> dict[str, Any]:
    with open(DEMO_LEDGER, encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@pytest.fixture()
def demo_ledger(plan: seguimiento.Plan) -> seguimiento.Ledger:
    return seguimiento.Ledger.from_file(DEMO_LEDGER, plan)
