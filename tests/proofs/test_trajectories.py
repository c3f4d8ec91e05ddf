"""Exported trajectories: the official parity transitions, the official Sudoku samples, replay."""

import numpy as np
import pytest

from proofs import trajectories
from proofs.trajectory_files import write_samples
from proofs.trajectory_replay import replay_file
from proofs.oracles import parity as parity_oracle
from simulators.errors import InvalidArgumentError
from theory.families import sudoku
from theory.official_sudoku import trajectory

_REFERENCE_NAMES = {"backtrack_remask": "backtrack_modified_remask",
                    "backtrack_unmask": "backtrack_modified_unmask"}


def _official_labels(x_k, x_next, mask):
    """Labels as the official Sudoku generator builds them for a remask/unmask step."""
    x_k, x_next = np.asarray(x_k), np.asarray(x_next)
    unmasked = (x_k == mask) & (x_next != mask)
    y_star = np.where(unmasked, x_next, x_k)
    r_star = ((x_k != mask) & (x_next == mask)).astype(np.int32)
    return y_star, r_star


def test_parity_elimination_gives_exactly_the_seven_official_transitions():
    seen = set()
    for bits in ([0, 1], [1, 0], [0, 0], [1, 1]):
        for sample in trajectories.parity_samples(bits):
            assert np.array_equal(sample["y_star"], sample["x_k"])   # the official convention
            seen.add((tuple(sample["x_k"].tolist()), tuple(sample["x_k_plus_1"].tolist())))
    assert seen == set(parity_oracle.OFFICIAL_TRANSITIONS)


@pytest.mark.parametrize("puzzle", [sudoku.generate(4, 3, givens=6),
                                    sudoku.generate(9, 2, givens=26)])
def test_sudoku_samples_equal_the_official_generator_sample_for_sample(puzzle):
    states, operations, _ = trajectory(puzzle.tolist())
    samples = list(trajectories.sudoku_samples(puzzle))
    assert len(samples) == len(operations) > 0
    for k, sample in enumerate(samples):
        assert np.array_equal(sample["x_k"], states[k])
        assert np.array_equal(sample["x_k_plus_1"], states[k + 1])
        y_star, r_star = _official_labels(states[k], states[k + 1], 10)
        assert np.array_equal(sample["y_star"], y_star)
        assert np.array_equal(sample["r_star"], r_star)
        assert not sample["e_star"].any() and not sample["c_star"].any()
        expected = _REFERENCE_NAMES.get(operations[k], operations[k])
        assert sample["solver_metadata"]["operation"] == expected


@pytest.mark.parametrize("suffix", [".jsonl", ".npz"])
def test_replay_accepts_an_export_and_finds_a_corruption(tmp_path, suffix):
    path = tmp_path / f"t{suffix}"
    written = write_samples(
        trajectories.generate_samples("sudoku", 2, 4, 0, givens=6), path)
    report = replay_file(path)
    position = report.position
    assert report.ok and report.replay.checked == written and position is None
    samples = list(trajectories.generate_samples("sudoku", 2, 4, 0, givens=6))
    index, bad = samples[5]
    bad["x_k_plus_1"] = bad["x_k_plus_1"].copy()
    bad["x_k_plus_1"][9] = 26
    write_samples(samples, path)
    report = replay_file(path)
    position = report.position
    assert not report.ok and report.replay.first_mismatch == 5 and position == 9


def test_unknown_task_is_refused():
    with pytest.raises(InvalidArgumentError, match="no trajectories"):
        list(trajectories.generate_samples("dyck", 1, 4, 0))


@pytest.mark.parametrize("suffix", [".jsonl", ".npz"])
def test_maxflow_export_replays_and_a_corruption_is_found(tmp_path, suffix):
    path = tmp_path / f"m{suffix}"
    samples = list(trajectories.generate_samples("maxflow", 3, 8, 5, edges=20))
    written = write_samples(samples, path)
    report = replay_file(path)
    position = report.position
    assert report.ok and report.replay.checked == written == len(samples) and position is None
    operations = {sample["solver_metadata"]["operation"] for _, sample in samples}
    assert {"INIT_SLOT1_E", "BFS_LAYER_R", "APPEND_EOA_Y"} <= operations
    index, bad = next((i, s) for i, (_, s) in enumerate(samples)
                      if s["solver_metadata"]["operation"] == "AUG_FLIP_EDGES")
    flipped = int(np.flatnonzero(bad["r_star"])[0])
    bad["r_star"] = bad["r_star"].copy()
    bad["r_star"][flipped] = 0          # the flip forgets to remask one slot
    write_samples(samples, path)
    report = replay_file(path)
    position = report.position
    assert not report.ok and report.replay.first_mismatch == index and position == flipped


def test_maxflow_masks_that_stay_carry_the_official_labels():
    """An edge slot meaning "direction unavailable" stays [MASK]: y_star [MASK], r_star 0."""
    from proofs.oracles import maxflow as oracle
    from simulators.update import apply_g

    samples = [s for _, s in trajectories.generate_samples("maxflow", 1, 6, 0)]
    commit = next(s for s in samples if s["solver_metadata"]["operation"] == "INIT_COMMIT_Y")
    kept = np.flatnonzero((commit["x_k"] == oracle.MASK) & (commit["x_k_plus_1"] == oracle.MASK))
    assert kept.size and np.all(commit["y_star"][kept] == oracle.MASK)
    assert not commit["r_star"][kept].any()
    ctrl = np.stack([commit["r_star"], commit["e_star"], commit["c_star"]], axis=1)
    assert np.array_equal(apply_g(commit["x_k"], commit["y_star"], ctrl, oracle.MASK),
                          commit["x_k_plus_1"])


def test_official_maxflow_export_holds_the_loader_graphs_and_replays(tmp_path):
    from proofs.oracles import maxflow as oracle
    from theory.families import maxflow

    path = tmp_path / "official.jsonl"
    skipped = []
    samples = list(trajectories.generate_samples(
        "maxflow", 20, None, 0, official=True,
        on_skip=lambda index, reason: skipped.append((index, reason))))
    written = write_samples(samples, path)
    report = replay_file(path)
    position = report.position
    assert report.ok and report.replay.checked == written and position is None
    firsts = {index: sample["x_k"] for index, sample in samples
              if sample["solver_metadata"]["step_id"] == 1}
    assert [index for index, _ in skipped] == [17]       # flow 1 < min_flow 3: dropped
    assert "below min_flow" in skipped[0][1]
    assert sorted(firsts) == [i for i in range(20) if i != 17]
    for index, x_0 in firsts.items():   # graph i is the loader's graph for seed 0 + i
        assert np.array_equal(x_0, oracle.prompt(maxflow.official_graph(index)))
    sized = next(trajectories.generate_samples("maxflow", 1, 13, 0, edges=24))[1]
    assert not np.array_equal(sized["x_k"], firsts[0])   # control: the sized generator differs


def test_official_graphs_are_for_maxflow_only():
    with pytest.raises(InvalidArgumentError, match="not parity"):
        trajectories.generate_samples("parity", 1, 4, 0, official=True)
