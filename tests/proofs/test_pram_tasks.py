"""The PRAM task table: each program solves its family's instances, and its memory estimate
bounds the program it builds."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.pram_tasks import PRAM_TASKS, generate_instance, get_pram_task, run_pram_task
from simulators.errors import MemoryBudgetError
from simulators.validation import set_memory_budget


@pytest.mark.parametrize("name", sorted(PRAM_TASKS))
@settings(max_examples=15)
@given(n=st.integers(1, 70), seed=st.integers(0, 2**32))
def test_every_program_solves_generated_instances(name, n, seed):
    instance = generate_instance(name, n, seed)
    run = run_pram_task(name, instance)
    assert run.correct is True and run.result.stopped_by not in ("max_steps",)


@pytest.mark.parametrize("name", sorted(PRAM_TASKS))
@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 13, 64, 100, 129])
def test_the_cost_bounds_the_program_built(name, n):
    task = get_pram_task(name)
    instance = generate_instance(name, n, n)
    program = task.program(instance)
    for rows, cells in (task.cost_at(n), (task.cost or task._cost)(instance)):
        assert program.rows <= rows and len(program.initial_memory) <= cells


@pytest.mark.parametrize("name", sorted(PRAM_TASKS))
def test_canonical_cases_of_the_family_run_on_the_program(name):
    task = get_pram_task(name)
    for case in task.family.CASES:
        instance = case[1]
        if task.size(instance) >= 1:
            assert run_pram_task(name, instance).correct is True


def test_a_wrong_output_reader_is_caught(monkeypatch):
    """Negative control: reading the answer off by one makes the run 'incorrect'."""
    broken = dataclasses.replace(PRAM_TASKS["tree_sum"], answer=lambda out: int(out[0]) + 1)
    monkeypatch.setitem(PRAM_TASKS, "tree_sum", broken)
    assert run_pram_task("tree_sum", np.array([1, 2, 3])).correct is False


def test_the_memory_check_comes_before_generating():
    set_memory_budget(1 << 20)
    with pytest.raises(MemoryBudgetError, match="circuit_value at n = 100,000"):
        generate_instance("circuit_value", 100_000)


def test_a_cut_short_run_has_no_verdict():
    run = run_pram_task("dyck", ("(())", "()"), max_steps=2)
    assert run.correct is None and run.result.parallel_time == 2
