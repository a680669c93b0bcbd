"""The example notebooks run end to end (nbclient), as a statistician would run
them: an error in any cell fails the test."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Executes a notebook of python/examples and returns its outputs."""
    # The kernel inherits the environment: let it pick Jupyter's inline backend.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    pytest.importorskip("ipykernel")
    notebook = EXAMPLES / name
    nb = nbformat.read(notebook, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    client.execute()
    out_dir = os.environ.get("SEGUIMIENTO_NOTEBOOK_OUT")
    out = Path(out_dir).parent / name if out_dir else tmp_path / name
    nbformat.write(nb, out)
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    return outputs


def html_of(outputs: list[Any]) -> list[str]:
    return [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]


def test_example_notebook_runs_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = run("notebook.ipynb", tmp_path, monkeypatch)
    # The display speaks the plan's language (es-GT) unless asked otherwise.
    assert any("Cuadro de mando" in h and "Acciones vencidas" in h for h in html_of(outputs))
    assert any("image/png" in o.get("data", {}) for o in outputs), "the plot was not drawn"
    # The annual report is shown in a frame, its stylesheet inside it.
    frames = [h for h in html_of(outputs) if h.startswith("<iframe ")]
    assert len(frames) == 1 and "srcdoc=" in frames[0] and "<style" not in frames[0]
    assert "Informe de avance anual 2010" in frames[0]


def test_statistician_round_trip_runs_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = run("statistician.ipynb", tmp_path, monkeypatch)
    html = html_of(outputs)
    # The rejections were shown with their reasons, one per mistake typed in.
    rejections = [h for h in html if "reason" in h and "is not a number" in h]
    assert rejections and "unknown indicator" in rejections[0]
    assert "is not a date" in rejections[0]
    # The year-end series was drawn from the DataFrames, dates on the x axis.
    assert any("image/png" in o.get("data", {}) for o in outputs), "the series was not drawn"
    assert any("2017-12-31" in h for h in html)
