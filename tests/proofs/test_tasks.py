"""The task registry: how a process's answer is read."""

import numpy as np

from proofs.tasks import Process, run_task
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
