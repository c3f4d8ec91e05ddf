"""Trajectory files: .jsonl, streamed .npz and the official .pkl.gz read back to the samples written."""

import gzip
import pickle
import tracemalloc

import numpy as np
import pytest

from proofs import trajectories
from proofs.trajectory_files import write_samples
from simulators.errors import TraceFormatError
from simulators.trace import FIELDS, load_samples


def _plain(metadata):
    return {k: v.item() if hasattr(v, "item") else v for k, v in metadata.items()}


@pytest.mark.parametrize("task, size, options", [
    ("sudoku", 4, {"givens": 6}), ("maxflow", 7, {"edges": 14}),
    ("parity", 9, {"layout": "official"})])
@pytest.mark.parametrize("suffix", [".jsonl", ".npz", ".pkl.gz"])
def test_samples_read_back_equal_what_was_written(tmp_path, task, size, options, suffix):
    samples = [s for _, s in trajectories.generate_samples(task, 3, size, 0, **options)]
    path = tmp_path / f"t{suffix}"
    assert write_samples(((0, s) for s in samples), path, task=task) == len(samples)
    back = load_samples(path, metadata=True)
    assert len(back) == len(samples)
    for mine, read in zip(samples, back):
        assert all(np.array_equal(mine[k], read[k]) for k in FIELDS)
        expected = _plain(mine["solver_metadata"])
        if suffix == ".pkl.gz":      # the official container holds only the official keys
            expected.pop("mask_id")
            if task == "parity":
                expected.pop("instance_id")
        assert list(_plain(read["solver_metadata"]).items()) == list(expected.items())


def test_the_official_container_has_the_official_layout_and_types(tmp_path):
    path = tmp_path / "s.pkl.gz"
    write_samples(trajectories.generate_samples("sudoku", 2, 4, 0, givens=6), path, task="sudoku")
    with gzip.open(path, "rb") as handle:
        data = pickle.load(handle)
    assert list(data) == ["samples", "total_samples", "format_version"]
    assert data["format_version"] == "3.0" and data["total_samples"] == len(data["samples"])
    sample = data["samples"][0]
    assert sample["x_k"].dtype == np.uint8
    assert [type(v) for v in sample["solver_metadata"].values()] == [
        np.uint32, np.uint32, np.uint16, np.uint8, str, str]
    path = tmp_path / "p.pkl.gz"
    write_samples(trajectories.generate_samples("parity", 2, 4, 0, layout="official"), path,
                  task="parity")
    with gzip.open(path, "rb") as handle:
        assert isinstance(pickle.load(handle), list)      # the official parity file: a list


def test_npz_columns_use_the_smallest_token_type_and_name_every_metadata_key(tmp_path):
    from proofs.oracles.sudoku import vocabulary

    path = tmp_path / "s.npz"
    write_samples(trajectories.generate_samples("sudoku", 1, 4, 0, givens=6), path,
                  vocab_names=vocabulary().names)
    with np.load(path) as data:
        assert data["x_k"].dtype == np.uint8 and data["r_star"].dtype == np.uint8
        assert data["metadata_keys"].tolist() == ["sample_id", "instance_id", "sequence_length",
                                                  "branch_id", "operation", "gdlm_operation"]
        assert data["operation"][0] == "assign_remask" and int(data["mask_id"]) == 10


def test_the_npz_writer_streams_in_bounded_memory(tmp_path):
    """30,000 Sudoku-size samples: held in memory they would take 30,000 x 6 x 324 x 4
    bytes (233 MB); the writer's peak stays below a tenth of that."""
    one = next(trajectories.generate_samples("sudoku", 1, 9, 0, givens=28))[1]

    def many():
        for k in range(30_000):
            yield k // 100, one

    tracemalloc.start()
    write_samples(many(), tmp_path / "big.npz")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 23_000_000
    with np.load(tmp_path / "big.npz") as data:
        assert data["x_k_offsets"][-1] == 30_000 * 324


def test_an_unknown_suffix_and_a_container_without_task_are_refused(tmp_path):
    with pytest.raises(TraceFormatError, match="suffix"):
        write_samples(iter(()), tmp_path / "x.csv")
    with pytest.raises(TraceFormatError, match="needs the task"):
        write_samples(iter(()), tmp_path / "x.pkl.gz")


def test_npz_batches_join_up_and_metadata_keys_must_match_the_first_sample(tmp_path, monkeypatch):
    from proofs import trajectory_files
    monkeypatch.setattr(trajectory_files, "_BATCH", 7)      # many batches, one cut mid-instance
    samples = [s for _, s in trajectories.generate_samples("sudoku", 3, 4, 0, givens=6)]
    assert len(samples) > 3 * 7
    write_samples(((0, s) for s in samples), tmp_path / "t.npz")
    back = load_samples(tmp_path / "t.npz", metadata=True)
    assert [_plain(b["solver_metadata"]) for b in back] == \
        [_plain(s["solver_metadata"]) for s in samples]
    assert all(np.array_equal(s[k], b[k]) for s, b in zip(samples, back) for k in FIELDS)
    for change in ({"operation": None}, {"extra": 1}):      # a key missing, a key added
        broken = [dict(s, solver_metadata=dict(s["solver_metadata"])) for s in samples]
        late = broken[len(samples) - 2]["solver_metadata"]
        for key, value in change.items():
            late.pop(key) if value is None else late.update({key: value})
        with pytest.raises(TraceFormatError, match=f"sample {len(samples) - 2} has metadata"):
            write_samples(((0, s) for s in broken), tmp_path / "u.npz")
