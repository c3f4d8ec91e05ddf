"""The page: its inlined data decode to the trajectory, its view follows the vocabulary, it stays small."""

import base64
import json
import re
import zlib

import numpy as np
import pytest

from genpower.show import from_task_run, page_html, view_of, write_page
from proofs.tasks import run_task
from simulators.errors import InvalidArgumentError
from theory.families import sudoku

from .runs import CASES, oracle_and_model, trajectory

_TYPES = {"u8": np.uint8, "u16": np.uint16, "i32": np.int32, "u32": np.uint32}


def decode(text):
    """Read a page as the browser does: the JSON header, then the inflated arrays."""
    header = json.loads(re.search(r'id="gp-meta">(.*?)</script>', text, re.S).group(1))
    data = re.search(r'id="gp-data">(.*?)</script>', text, re.S).group(1)
    blob = zlib.decompress(base64.b64decode(data))

    def array(entry):
        kind = np.dtype(_TYPES[entry["type"]])
        return np.frombuffer(blob, kind, entry["length"], entry["offset"])
    runs = []
    for run in header["runs"]:
        arrays = {name: array(entry) for name, entry in run["arrays"].items()}
        arrays["positions"] = np.cumsum(arrays["positions"])
        arrays["offsets"] = np.concatenate([[0], np.cumsum(arrays["counts"])])
        runs.append((run, arrays))
    return header, runs


@pytest.mark.parametrize("case", CASES)
def test_the_pages_arrays_are_the_trajectorys(case):
    run = trajectory(*case)
    header, [(meta, arrays)] = decode(page_html([run]))
    for name in ("initial", "offsets", "kinds", "positions", "tokens"):
        assert np.array_equal(arrays[name], getattr(run, name)), name
    assert meta["steps"] == run.steps and meta["mask_id"] == run.mask_id
    assert header["difference"] is None


def test_operation_names_are_inlined_by_step():
    run = trajectory("maxflow", "apmdm", 10)
    _, [(meta, _)] = decode(page_html([run]))
    blob_names = meta["operation_names"]
    assert run.operations[0] == "INIT_SLOT1_E" and set(run.operations) <= set(blob_names)


def test_two_runs_page_holds_their_first_difference():
    oracle, model = oracle_and_model()
    from genpower.show import first_difference, from_trace

    runs = [from_trace(oracle), from_trace(model)]
    header, decoded = decode(page_html(runs))
    expected = first_difference(*runs)
    assert header["difference"] == {"step": expected.step, "position": expected.position}
    assert [meta["steps"] for meta, _ in decoded] == [r.steps for r in runs]


@pytest.mark.parametrize("case, kind", [(("sudoku", "official", 9), "sudoku"),
                                        (("maxflow", "apmdm", 10), "maxflow"),
                                        (("parity", "apmdm", 40), "strip"),
                                        (("edits", "apmdm", 10), "strip")])
def test_the_view_follows_the_vocabulary(case, kind):
    view = view_of(trajectory(*case))
    assert view["kind"] == kind
    if kind == "sudoku":
        assert view["side"] == 9
    if kind == "maxflow":
        assert set(view["layout"]) == {str(v) for v in view["nodes"]}
        assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in view["layout"].values())


def test_the_page_needs_no_network_and_no_file_beside_it():
    text = page_html([trajectory("maxflow", "apmdm", 10)])
    assert not re.search(r'(src|href)\s*=\s*"(?!#)', text)
    assert not re.search(r"\b(fetch|XMLHttpRequest|import\s*\(|https?://)", text)


def test_a_30000_step_sudoku_page_is_well_under_5_mb(tmp_path):
    outcome = run_task("sudoku", sudoku.parse(sudoku.HARD_PUZZLES[1]), "official", record=True)
    run = from_task_run(outcome)
    size, _ = write_page(tmp_path / "long.html", [run])
    assert run.steps > 30_000
    assert size < 1_000_000  # measured: about 113 kB
    assert size == (tmp_path / "long.html").stat().st_size


def test_a_page_shows_one_run_or_two():
    run = trajectory("parity", "apmdm", 40)
    with pytest.raises(InvalidArgumentError, match="one run or two, not 3"):
        page_html([run] * 3)
