"""The package's public surface: exports, docstrings, the exception tree,
and that the tests run against the installed package."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest

import seguimiento
from seguimiento import _seguimiento


def test_all_is_complete_and_importable() -> None:
    public = {n for n in dir(seguimiento) if not n.startswith("_")}
    assert public == set(seguimiento.__all__) - {"__version__"}
    for name in seguimiento.__all__:
        assert getattr(seguimiento, name) is getattr(_seguimiento, name)
    assert seguimiento.__version__.count(".") == 2


def test_every_public_name_has_a_docstring() -> None:
    missing = []
    for name in seguimiento.__all__:
        obj = getattr(seguimiento, name)
        if name == "__version__":
            continue
        if not (obj.__doc__ or "").strip():
            missing.append(name)
        if inspect.isclass(obj):
            for member, value in vars(obj).items():
                if member.startswith("_"):
                    continue
                if not (getattr(value, "__doc__", None) or "").strip():
                    missing.append(f"{name}.{member}")
    assert missing == []


def test_exception_tree() -> None:
    base = seguimiento.SeguimientoError
    assert issubclass(base, Exception)
    for cls in (
        seguimiento.PlanError,
        seguimiento.ValidationError,
        seguimiento.ConfigError,
        seguimiento.PlanMismatchError,
    ):
        assert issubclass(cls, base) and issubclass(cls, ValueError), cls
        assert cls.__module__ == "seguimiento"
    assert issubclass(seguimiento.InternalError, base)
    assert not issubclass(seguimiento.InternalError, ValueError)
    # The one exception a caller of the whole API needs to catch:
    with pytest.raises(base):
        seguimiento.Plan.from_json("[]")
    with pytest.raises(base):
        seguimiento.Ledger.from_json("[]")


def test_tests_use_the_installed_package() -> None:
    if os.environ.get("SEGUIMIENTO_INSTALLED") != "1":
        pytest.skip("only checked by scripts/test-python.sh")
    installed = Path(seguimiento.__file__).resolve()
    assert "site-packages" in installed.parts, installed
    assert (installed.parent / "py.typed").exists()
    assert (installed.parent / "_seguimiento.pyi").exists()


def test_odd_inputs_never_crash() -> None:
    ledger = seguimiento.Ledger()
    odd = [
        {"indicator": "E1.L1.M1.A2.I1", "period": p, "entity": "MRE", "value": v}
        for p, v in [
            ("9999", 1),
            ("0000", 1),
            ("2009-Q9", 1),
            ("2007/9999", 1),
            ("\x00", 1),
            ("2009", "1e999999"),
            ("2009", "9" * 400),
            ("2009", 10**400),
            ("2009", -(10**30)),
        ]
    ]
    rejected = ledger.add_observations(odd, mode="lenient")
    # Every row rejected, each with every problem it has.
    assert sorted(set(rejected["index"])) == list(range(len(odd)))
    assert len(ledger) == 0
