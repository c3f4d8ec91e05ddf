"""Replay notices a truncated, gapped or foreign trajectory, with its instance and sample."""

import numpy as np
import pytest

from proofs import trajectories
from proofs.oracles import sudoku as oracle
from proofs.trajectory_files import write_samples
from proofs.trajectory_replay import replay_file, task_of
from simulators.trace import step_sample
from theory.families import sudoku

DEEP = "2...............1..8.......895.4...6.3....1..........4...4857.9.....7..17..9....8"


def export(tmp_path, task, count, size, suffix=".jsonl", **options):
    path = tmp_path / f"{task}{suffix}"
    samples = list(trajectories.generate_samples(task, count, size, 0, **options))
    write_samples(iter(samples), path, task=task)
    return path, samples


@pytest.mark.parametrize("task, size, options", [
    ("sudoku", 4, {"givens": 6}), ("maxflow", 7, {"edges": 14}), ("parity", 9, {}),
    ("parity", 9, {"layout": "official"}), ("maxflow", None, {"official": True})])
@pytest.mark.parametrize("suffix", [".jsonl", ".npz", ".pkl.gz"])
def test_a_whole_export_replays_and_every_instance_runs_whole(tmp_path, task, size, options,
                                                              suffix):
    path, samples = export(tmp_path, task, 3, size, suffix, **options)
    report = replay_file(path)
    assert report.ok and report.task == task and report.replay.checked == len(samples)
    if not (suffix == ".pkl.gz" and options.get("layout") == "official"):
        assert report.instances == len({index for index, _ in samples})
    # (the official parity container has no instance_id, and windows do not chain)


def _rewrite(path, samples, task):
    write_samples(iter(samples), path, task=task)
    return replay_file(path)


def test_a_truncated_sudoku_trajectory_is_incomplete_with_its_instance_and_sample(tmp_path):
    puzzles = [sudoku.parse(DEEP), sudoku.generate(9, 0, givens=28)]
    path = tmp_path / "s.npz"
    samples = list(trajectories.generate_samples("sudoku", 2, 9, 0, puzzles=puzzles))
    report = _rewrite(path, samples[:100] + samples[128:], "sudoku")   # instance 0 stops at 100
    assert report.replay.ok and not report.ok and not report.foreign
    assert report.incomplete == (
        "instance 0 (samples 0-99 of the file): the trajectory stops after sample 99 "
        f"({samples[99][1]['solver_metadata']['operation']}) before the final state; the "
        "official Sudoku process goes on for 28 more samples",)


def test_a_missing_sample_and_a_missing_start_are_incomplete(tmp_path):
    path = tmp_path / "s.jsonl"
    samples = list(trajectories.generate_samples("sudoku", 1, 4, 0, givens=6))
    report = _rewrite(path, samples[:3] + samples[4:], "sudoku")
    assert "sample 3's x_k is not sample 2's x_k_plus_1" in report.incomplete[0]
    report = _rewrite(path, samples[2:], "sudoku")
    assert "sample 0 has sample_id 3 where 1 belongs" in report.incomplete[0]
    for _, sample in samples:      # without the numbers the states say it: a different puzzle
        del sample["solver_metadata"]["sample_id"]
    assert _rewrite(path, samples[2:], "sudoku").ok
    branch = list(trajectories.generate_samples("sudoku", 1, 9, 0, puzzles=[sudoku.parse(DEEP)]))
    for _, sample in branch:
        del sample["solver_metadata"]["sample_id"]
    report = _rewrite(path, branch[5:], "sudoku")      # starts inside a branch: not a start
    assert "not a first state of the sudoku process" in report.incomplete[0]


def test_a_lawful_step_that_is_not_the_mrv_choice_is_foreign(tmp_path):
    """Control for the process check: every sample replays through g and chains, but the
    run fills the last empty cell first instead of the MRV cell."""
    puzzle = sudoku.generate(4, 0, givens=6)
    x = oracle.encode(puzzle)
    cell = int(np.flatnonzero(puzzle.ravel() == 0)[-1])
    positions = np.arange(4 * cell, 4 * cell + 3)
    remask = (positions, np.zeros(3, np.int32), np.array([[1, 0, 0]] * 3, np.uint8))
    first = step_sample(x, remask, oracle.MASK)
    fill = (positions, np.array([oracle.digit_token(int(sudoku.solve(puzzle).ravel()[cell])),
                                 oracle.WHITE, oracle.NORMAL], np.int32),
            np.zeros((3, 3), np.uint8))
    second = step_sample(first["x_k_plus_1"], fill, oracle.MASK)
    samples = []
    for k, sample in enumerate((first, second)):
        sample["solver_metadata"] = {"sample_id": k + 1, "instance_id": 0,
                                     "operation": ("assign_remask", "assign_unmask")[k],
                                     "mask_id": oracle.MASK}
        samples.append((0, sample))
    report = _rewrite(tmp_path / "f.jsonl", samples, "sudoku")
    assert report.replay.ok and not report.ok
    assert "sample 0 is lawful but not the" in report.foreign[0]
    assert "process's step 0 (expected assign_remask" in report.foreign[0]


def test_a_truncated_maxflow_run_is_incomplete(tmp_path):
    path = tmp_path / "m.jsonl"
    samples = list(trajectories.generate_samples("maxflow", 2, 7, 0, edges=14))
    report = _rewrite(path, samples[:-1], "maxflow")
    assert len(report.incomplete) == 1 and report.incomplete[0].startswith("instance 1")
    assert "goes on for 1 more samples" in report.incomplete[0]


def test_a_parity_window_outside_the_official_seven_is_foreign(tmp_path):
    path = tmp_path / "p.jsonl"
    samples = list(trajectories.generate_samples("parity", 2, 6, 0, layout="official"))
    lone = next(s for s in trajectories.parity_samples([1, 1, 0]) if len(s["x_k"]) == 2)
    lone["solver_metadata"] = dict(samples[0][1]["solver_metadata"], operation="eliminate_lone_0")
    report = _rewrite(path, samples + [(1, lone)], "parity")
    assert report.replay.ok and "outside the official 7" in report.foreign[0]


def test_files_without_operation_names_are_replayed_through_g_only(tmp_path):
    from simulators.trace import save_samples

    path = tmp_path / "plain.jsonl"
    save_samples([s for _, s in trajectories.generate_samples("parity", 1, 5, 0)], path)
    report = replay_file(path, mask_id=2)
    assert report.ok and report.task is None
    assert task_of([{"solver_metadata": {"operation": "eliminate_pair_0"}}]) == "parity"
