"""Every notebook's code cells run top to bottom without error (plots drawn off-screen)."""

import json
import time
from pathlib import Path

import matplotlib
import pytest

BUDGET = 120  # seconds a notebook may take in CI (each takes under 20 s warm here)
NOTEBOOKS = sorted((Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path):
    matplotlib.use("Agg")
    cells = json.loads(path.read_text())["cells"]
    namespace = {}
    began = time.perf_counter()
    for cell in cells:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{path.name}", "exec"), namespace)
    assert time.perf_counter() - began < BUDGET, f"{path.name} took more than {BUDGET} s"


def test_there_are_notebooks():
    assert NOTEBOOKS
