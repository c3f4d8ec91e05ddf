"""The export bench compares like with like: the .npz the export writes holds the arrays NumPy writes."""

import numpy as np

from genpower.benchmarks import export as bench
from proofs.oracles import sudoku as oracle
from proofs.trajectories import generate_samples
from proofs.trajectory_files import write_samples
from simulators.trace import FIELDS
from theory.families import sudoku


def test_the_numpy_reference_writes_the_arrays_the_export_holds(tmp_path):
    puzzles = [sudoku.generate(4, seed, givens=6) for seed in range(3)]
    samples = [s for _, s in generate_samples("sudoku", 0, 4, 0, puzzles=puzzles)]
    reference = bench._columns(samples)
    write_samples(((0, s) for s in samples), tmp_path / "e.npz",
                  vocab_names=oracle.vocabulary().names)
    with np.load(tmp_path / "e.npz") as data:
        for key in FIELDS:
            assert np.array_equal(data[key], reference[key])
            assert np.array_equal(data[key + "_offsets"], reference[key + "_offsets"])
        assert data["operation"].tolist() == reference["operation"].tolist()


def test_the_export_goal_is_a_ratio_met_only_at_the_goal():
    rows = bench.run(quick=True)
    whole, rate, writer = rows
    assert whole.unit == "x" and whole.met == (whole.value <= bench.GOAL)
    assert rate.unit == "samples/s" and not rate.goal and rate.met is None   # orientation
    assert writer.unit == "x" and 0 < writer.value < whole.value
