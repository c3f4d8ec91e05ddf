"""The registry: programs agree with their oracles on recorded runs; certificates read graphs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.certified import (
    Agreement, CertifiedPolicy, agreement, certificate, get_policy, policy_names)
from proofs.certified.parity import TREE, tree_program
from simulators import rasp
from simulators.errors import InvalidArgumentError

SIZES = {"sudoku-decision": [1, 4, 9]}
SQUARES = st.sampled_from([1, 4, 9])
CERTIFIED = [name for name in policy_names() if get_policy(name).constant_depth]


@pytest.mark.parametrize("name", policy_names())
@settings(max_examples=8)
@given(data=st.data())
def test_program_equals_its_oracle_on_every_state_of_a_recorded_run(name, data):
    n = data.draw(SQUARES if name == "sudoku-decision" else st.integers(0, 24), label="n")
    outcome = agreement(name, n, seed=data.draw(st.integers(0, 2**16), label="seed"))
    assert outcome.ok, outcome


@pytest.mark.parametrize("name", CERTIFIED)
def test_certified_programs_keep_their_depth_across_sizes(name):
    sizes = [16, 64, 256, 1024]
    rows = certificate(name, sizes)
    assert [row["n"] for row in rows] == sizes
    assert len({row["depth"] for row in rows}) == 1 and 1 <= rows[0]["depth"] <= 3
    if name != "sudoku-decision":  # its width is O(N): a cell's candidate set is N bits
        assert len({row["width"] for row in rows}) == 1


def test_a_step_built_by_doubling_is_refused_certification_because_its_depth_grows():
    rows = certificate("prefix-sum-doubling", [16, 64, 256, 1024])
    assert [row["depth"] for row in rows] == [5, 7, 9, 11]  # ⌈log₂ n⌉ + 1
    assert not get_policy("prefix-sum-doubling").constant_depth
    mean = certificate("prefix-sum-mean", [16, 1024])  # the same step at constant depth
    assert [row["depth"] for row in mean] == [2, 2]


def test_sudoku_width_grows_with_the_board_side():
    rows = certificate("sudoku-decision", [16, 64, 256])
    assert [row["heads"] for row in rows] == [3 * n + 1 for n in (16, 64, 256)]


def _off_by_one_tree(n):
    """Negative control: the tree program, but each node reads its right child one cell late."""
    program = tree_program()
    wrong = rasp.map(lambda t: t, program.outputs["token"])
    shifted = rasp.aggregate(rasp.select(rasp.INDICES, rasp.map(lambda p: p - 1, rasp.INDICES),
                                         "=="), wrong, "max", default=3)
    return rasp.Program("mdm", {**program.outputs, "token": shifted})


def test_agreement_catches_a_planted_bug(monkeypatch):
    broken = CertifiedPolicy("parity-tree", "broken", _off_by_one_tree, TREE.oracle, TREE.machine,
                             TREE.prompt)
    monkeypatch.setattr("proofs.certified.get_policy", lambda name: broken)
    outcome = agreement("parity-tree", 12, seed=3)
    assert not outcome.ok and outcome.disagreements


def test_agreement_counts_every_state():
    outcome = agreement("parity-tree", 16, seed=0)
    assert outcome == Agreement(16, 5, [], True)  # 4 levels, then the full canvas


@pytest.mark.parametrize("call, message", [
    (lambda: certificate("parity-tre", [4]), "did you mean parity-tree"),
    (lambda: certificate("parity-tree", [-1]), "n=-1"),
    (lambda: agreement("nope", 4), "no policy 'nope'"),
])
def test_bad_requests_are_refused(call, message):
    with pytest.raises(InvalidArgumentError, match=message):
        call()


def test_a_program_too_large_for_the_memory_budget_is_refused_before_evaluating():
    from simulators.errors import MemoryBudgetError
    from simulators.validation import set_memory_budget
    set_memory_budget(1 << 16)
    with pytest.raises(MemoryBudgetError, match="streams on"):
        tree_program()(np.zeros(10_000, dtype=np.int32))
