"""Trajectory files: .jsonl and .npz exports, official .pkl.gz samples, one instance each."""

import gzip
import pickle

import numpy as np
import pytest

from genpower.show import load_trajectory
from proofs.trajectories import generate_samples
from proofs.trajectory_files import write_samples
from simulators.errors import InvalidArgumentError, TraceFormatError


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    made = {}
    for task, size in (("sudoku", 4), ("parity", 12), ("maxflow", 8)):
        for suffix in (".jsonl", ".npz"):
            path = folder / f"{task}{suffix}"
            write_samples(generate_samples(task, 3, size, seed=1), path)
            made[task, suffix] = path
    return made


def _instance_samples(task, size, index):
    return [s for i, s in generate_samples(task, 3, size, seed=1) if i == index]


@pytest.mark.parametrize("task, size", [("sudoku", 4), ("parity", 12), ("maxflow", 8)])
@pytest.mark.parametrize("suffix", [".jsonl", ".npz"])
def test_state_k_of_an_instance_is_its_sample_k(exports, task, size, suffix):
    run = load_trajectory(exports[task, suffix], 2)
    samples = _instance_samples(task, size, 2)
    states = list(run.iter_states())
    assert len(states) == len(samples) + 1
    for k, sample in enumerate(samples):
        assert np.array_equal(states[k], sample["x_k"]), k
    assert np.array_equal(states[-1], samples[-1]["x_k_plus_1"])
    assert run.operations == tuple(s["solver_metadata"]["operation"] for s in samples)
    assert run.names is not None and run.info["instance"] == 2


def test_official_pickle_of_sample_dicts_reads_like_the_export(tmp_path, exports):
    samples = _instance_samples("maxflow", 8, 1)
    records = [{**{k: v for k, v in s.items() if k != "solver_metadata"},
                "metadata": s["solver_metadata"]} for s in samples]
    path = tmp_path / "maxflow.pkl.gz"
    with gzip.open(path, "wb") as handle:
        pickle.dump(records, handle)
    from_pickle = load_trajectory(path)
    from_export = load_trajectory(exports["maxflow", ".jsonl"], 1)
    assert np.array_equal(from_pickle.kinds, from_export.kinds)
    assert np.array_equal(from_pickle.positions, from_export.positions)
    assert from_pickle.operations == from_export.operations
    assert from_pickle.info["task"] == "maxflow"


def test_official_container_with_uint8_arrays_and_numpy_metadata_reads(tmp_path, exports):
    # the official generator's layout: {"samples": [...]}, uint8 arrays, numpy scalars
    samples = _instance_samples("sudoku", 4, 2)
    records = []
    for sample in samples:
        record = {k: np.asarray(sample[k], np.uint8) for k in
                  ("x_k", "y_star", "r_star", "e_star", "c_star", "x_k_plus_1")}
        record["solver_metadata"] = {
            "sample_id": np.uint32(sample["solver_metadata"]["sample_id"]),
            "instance_id": np.uint32(2), "branch_id": np.uint8(0),
            "operation": sample["solver_metadata"]["operation"]}
        records.append(record)
    path = tmp_path / "sudoku.pkl.gz"
    with gzip.open(path, "wb") as handle:
        pickle.dump({"samples": records, "total_samples": len(records),
                     "format_version": "3.0"}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    run = load_trajectory(path, 2)
    assert run.info["instance"] == 2 and type(run.info["instance"]) is int
    expected = load_trajectory(exports["sudoku", ".npz"], 2)
    assert np.array_equal(run.positions, expected.positions)
    assert run.operations == expected.operations and run.info["task"] == "sudoku"


class _Alarm:
    def __reduce__(self):
        return (print, ("a pickle ran code",))


def test_a_pickle_that_would_run_code_is_refused(tmp_path, capsys):
    path = tmp_path / "evil.pkl.gz"
    with gzip.open(path, "wb") as handle:
        pickle.dump([{"x_k": _Alarm()}], handle)
    with pytest.raises(TraceFormatError, match="builtins.print"):
        load_trajectory(path)
    assert "ran code" not in capsys.readouterr().out


def test_an_instance_the_file_does_not_hold_is_refused(exports):
    with pytest.raises(InvalidArgumentError, match="instance 7 is not in .*3 instance"):
        load_trajectory(exports["parity", ".npz"], 7)


@pytest.mark.parametrize("name, message", [("missing.jsonl", "no such file"),
                                           ("trace.txt", "cannot tell the format")])
def test_unreadable_files_are_refused(tmp_path, name, message):
    (tmp_path / "trace.txt").write_text("x")
    with pytest.raises(TraceFormatError, match=message):
        load_trajectory(tmp_path / name)


def test_a_file_without_vocabulary_or_mask_id_asks_for_the_task(tmp_path, exports):
    samples = _instance_samples("parity", 12, 0)
    path = tmp_path / "bare.jsonl"
    from simulators.trace import save_samples

    save_samples(samples, path)  # no metadata: no mask id, no operation names
    with pytest.raises(TraceFormatError, match="pass the task"):
        load_trajectory(path)
    run = load_trajectory(path, task="parity")
    assert run.names[run.mask_id] == "[MASK]" and run.steps == len(samples)
