"""Every notebook's code cells run top to bottom without error (plots drawn off-screen)."""

import json
import time
from pathlib import Path

import matplotlib
import pytest

TIME_BUDGET_SECONDS = 120
"""Most wall time one notebook may take (the suite runs every notebook in CI)."""

NOTEBOOKS = sorted((Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path):
    matplotlib.use("Agg")
    cells = json.loads(path.read_text())["cells"]
    namespace = {}
    start = time.perf_counter()
    for cell in cells:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{path.name}", "exec"), namespace)
    elapsed = time.perf_counter() - start
    assert elapsed <= TIME_BUDGET_SECONDS, (
        f"{path.name} took {elapsed:.0f} s; keep each notebook under {TIME_BUDGET_SECONDS} s")


def test_notebooks_are_stored_without_outputs():
    for path in NOTEBOOKS:
        notebook = json.loads(path.read_text())
        assert notebook["nbformat"] == 4, path.name
        for cell in notebook["cells"]:
            assert cell["cell_type"] in ("markdown", "code"), path.name
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, path.name


def test_there_are_notebooks():
    assert NOTEBOOKS
