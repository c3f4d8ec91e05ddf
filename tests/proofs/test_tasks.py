"""The task registry: how a process's answer is read."""

import numpy as np
import pytest

from proofs.tasks import Process, get_task, run_task, task_names
from simulators.validation import as_rng
from theory.families import maxflow


def _process(answer, reads_prompt):
    return Process(machine=None, prompt=None, policy=None, answer=answer,
                   steps_bound=lambda n: n, context_bound=lambda n: n,
                   answer_reads_prompt=reads_prompt)


def test_an_answer_reads_the_final_sequence_alone_by_default():
    process = _process(lambda final: int(final.sum()), False)
    assert process.read_answer(np.array([1, 2]), np.array([5])) == 3


def test_an_answer_that_is_an_edit_also_reads_the_prompt():
    process = _process(lambda final, prompt: len(prompt) - len(final), True)
    assert process.read_answer(np.array([1, 2]), np.array([1, 2, 3, 4])) == 2


def test_maxflow_answers_are_the_edges_the_run_deleted():
    instance = maxflow.parse("0 1\n1 3\n0 2\n2 3\n")
    outcome = run_task("maxflow", instance)
    assert outcome.answer == [(0, 1), (0, 2)] and outcome.correct is True
    prompt = outcome.task.process().prompt(instance)
    # two slots inserted per edge and per node, two edges of 6 tokens deleted, [EOA] [EOS]
    assert len(outcome.result.final) == len(prompt) + 2 * (4 + 4) - 6 * 2 + 2


SIZES = {"parity": 64, "dyck": 10, "sat": 5, "tqbf": 4, "edits": 20, "sudoku": 9, "maxflow": 10}


@pytest.mark.parametrize("name", sorted(SIZES))
def test_every_process_runs_alike_as_python_handed_over_and_compiled(name):
    from simulators import jit
    from simulators.testing.laws import check_same_run

    task = get_task(name)
    assert set(SIZES) == set(task_names())
    instance = task.family.generate(SIZES[name], as_rng(3))
    for machine in task.processes:
        with jit.forced_interpreter(0):
            compiled = run_task(name, instance, machine)
        for seconds in (float("inf"), 1e-9):
            with jit.forced_interpreter(seconds):
                other = run_task(name, instance, machine)
            check_same_run(compiled.result, other.result)
            assert (other.answer, other.correct) == (compiled.answer, compiled.correct)
