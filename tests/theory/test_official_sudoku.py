"""The reference of the official Sudoku solver (what E-sudoku measures against) equals the
official generator's own samples (tests/data/official/sudoku.npz): every operation, and
every state the golden file holds in full (2,128 of them)."""

import json
from pathlib import Path

import numpy as np

from theory.families import sudoku
from theory.official_sudoku import operation_counts, trajectory

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "official" / "sudoku.npz"
SAMPLE_NAMES = {"backtrack_remask": "backtrack_modified_remask",
                "backtrack_unmask": "backtrack_modified_unmask"}
"""The generator's sample names where they differ from the solver's operation names."""


def _golden():
    with np.load(GOLDEN) as data:
        puzzles = json.loads(str(data["header"]))["puzzles"]
        full = {int(index): data["x_k"][data["x_k_offsets"][n]:data["x_k_offsets"][n + 1]]
                for n, index in enumerate(data["full_index"])}
        return puzzles, data["meta_instance_id"], data["meta_operation"].tolist(), full


def test_the_reference_makes_the_official_operations_and_states_on_every_golden_puzzle():
    puzzles, instance, operations, full = _golden()
    compared = 0
    for index, text in enumerate(puzzles):
        rows = np.flatnonzero(instance == index)
        states, ops, solved = trajectory(sudoku.parse(text).tolist())
        assert [SAMPLE_NAMES.get(op, op) for op in ops] == [operations[row] for row in rows], index
        assert solved is not None and sudoku.verify(sudoku.parse(text), np.array(solved))
        for k, row in enumerate(rows):
            if row in full:
                assert states[k] == full[row].tolist(), (index, k)
                compared += 1
    assert compared == len(full)            # every state the file holds in full


def test_operation_counts_count_each_operation_once_for_its_two_transitions():
    _, ops, _ = trajectory(sudoku.parse(sudoku.HARD_PUZZLES[0]).tolist(), keep_states=False)
    counts = operation_counts(ops)
    assert 2 * sum(counts.values()) == len(ops) and counts["branch"] > 0
