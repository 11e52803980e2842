"""In Jupyter the progress bar is tqdm's notebook widget (``tqdm.auto``), not text."""

from __future__ import annotations

import nbclient
import nbformat
import pytest

CODE = """\
import repave_cost as rc
from repave_cost import _progress
print("bar:", *sorted({c.__module__ for c in _progress.tqdm.__mro__}))
result = rc.simulate("fleet", trials=5_000, seed=1, progress=True)
print("trials:", result.n_trials)
"""


def test_the_bar_is_a_widget_in_a_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(CODE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    streams = {
        o.name: "".join(x.text for x in outputs if x.get("name") == o.name)
        for o in outputs
        if o.output_type == "stream"
    }
    assert "tqdm.notebook" in streams["stdout"].split("\n")[0]
    assert "trials: 5000" in streams["stdout"]
    widgets = [
        o
        for o in outputs
        if o.output_type == "display_data" and "application/vnd.jupyter.widget-view+json" in o.data
    ]
    assert widgets, outputs
    # the widget replaces the text bar: nothing drawn on stderr
    assert "100%" not in streams.get("stderr", "")
