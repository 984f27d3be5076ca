"""The quickstart notebook runs top to bottom in a real Jupyter kernel, so it cannot rot."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "quickstart.ipynb"


def test_quickstart_notebook_executes(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code"
               for out in cell.get("outputs", [])]
    assert not [out for out in outputs if out.output_type == "error"]
    images = [out for out in outputs if "image/png" in out.get("data", {})]
    assert len(images) >= 2  # the effect chart and the run's own figure, shown inline
    printed = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    assert "10y effect at the end of the sale" in printed
    assert "datetime64" in printed and "percent" in printed  # the "reading the files" cell
    widgets = [out for out in outputs
               if "application/vnd.jupyter.widget-view+json" in out.get("data", {})]
    assert widgets, "the sweep's progress bar is not a notebook widget (tqdm.auto)"
