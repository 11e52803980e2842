"""The notebooks run top to bottom on a fresh kernel, in an empty folder, without errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# Declared in the `test` extra: a missing one is an error, never a silent skip.
import nbclient
import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["01_the_story.ipynb", "02_fleet_and_staffing.ipynb", "03_what_to_know_first.ipynb"]


def test_the_notebooks_are_there() -> None:
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], "commit notebooks with cleared outputs"
            assert cell.execution_count is None


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # jupyter_core warns about its config paths unless told which to use
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(NOTEBOOKS / name, work / name)
    nb = nbformat.read(work / name, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(work)}},
        allow_errors=False,
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [
        output
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code_cells)
    # the charts were drawn inline as SVG
    svgs = [
        o
        for c in code_cells
        for o in c.outputs
        if o.output_type in ("execute_result", "display_data") and "image/svg+xml" in o.data
    ]
    assert len(svgs) >= 4
    # nothing but the notebook itself is left in the working folder
    assert sorted(os.listdir(work)) == [name]
