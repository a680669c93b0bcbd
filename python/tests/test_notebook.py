"""The example notebook runs end to end (nbclient), as a statistician would run it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "notebook.ipynb"


def test_example_notebook_runs_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel inherits the environment: let it pick Jupyter's inline backend.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    out = Path(os.environ.get("SEGUIMIENTO_NOTEBOOK_OUT", tmp_path / "notebook.ipynb"))
    nbformat.write(nb, out)
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    # The display speaks the plan's language (es-GT) unless asked otherwise.
    assert any("Cuadro de mando" in h and "Acciones vencidas" in h for h in html)
    assert any("image/png" in o.get("data", {}) for o in outputs), "the plot was not drawn"
