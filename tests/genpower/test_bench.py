"""Laws of ``genpower bench``'s output: rows from NumPy figures print as JSON and Markdown."""

import json

import numpy as np
import pytest

from genpower.benchmarks import BenchRow
from genpower.cli import main


def test_row_built_from_numpy_figures_holds_python_scalars():
    rate = np.float64(3.0)
    row = BenchRow("x", rate, "x", goal="<= 4x", met=rate <= 4)
    assert type(row.value) is float and type(row.met) is bool
    assert json.loads(json.dumps(row.as_dict()))["met"] is True


@pytest.fixture
def numpy_rows(monkeypatch):
    """A benchmark group whose rows carry a NumPy bool and a NumPy float, as real ones do."""
    import genpower.benchmarks.rasp as group

    ratio = np.float64(2.5)
    rows = [BenchRow("numpy ratio", ratio, "x", goal="<= 3x", met=ratio <= 3),
            BenchRow("numpy rate", np.float64(1e6), "steps/s")]
    monkeypatch.setattr(group, "run", lambda quick: rows)
    return rows


def test_bench_json_prints_rows_with_numpy_figures(numpy_rows, capsys):
    assert main(["bench", "--only", "rasp", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == [{"name": "numpy ratio", "value": 2.5, "unit": "x", "goal": "<= 3x",
                        "met": True, "detail": ""},
                       {"name": "numpy rate", "value": 1e6, "unit": "steps/s", "goal": "",
                        "met": None, "detail": ""}]


def test_bench_markdown_is_a_page_with_date_machine_and_table(numpy_rows, capsys):
    assert main(["bench", "--only", "rasp", "--quick", "--markdown"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("# genpower bench\n")
    assert " UTC by `genpower bench --only rasp --quick --markdown` on " in page
    assert "logical cores" in page and "Numba " in page
    assert "| numpy ratio | 2.5 x | <= 3x | yes |" in page
    assert "| numpy rate | 1e+06 steps/s | — | — |" in page
