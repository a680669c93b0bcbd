"""The README's Python code blocks run, in order, from the repository root."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

README = Path(__file__).resolve().parents[1] / "README.md"


def blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def test_readme_has_examples() -> None:
    assert len(blocks()) >= 4


def test_readme_code_blocks_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "readme"}
    for number, code in enumerate(blocks(), 1):
        try:
            exec(compile(code, f"README.md block {number}", "exec"), namespace)
        except Exception as e:  # pragma: no cover - the message is the point
            raise AssertionError(f"README.md code block {number} failed: {e!r}\n{code}") from e
    out = capsys.readouterr().out
    assert "Fortalecimiento Institucional" in out
