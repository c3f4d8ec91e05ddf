"""Tasks a user can run end to end: a family instance, a machine, its oracle policy, the answer checked.

Each task maps a machine name to (build the prompt, the policy, read the answer) and
knows its family's generator and reference solver. ``run_task`` is what
``genpower run`` calls.
"""

from dataclasses import dataclass

import numpy as np

from proofs.oracles import parity as parity_oracles
from simulators.errors import InputFormatError, InvalidArgumentError
from simulators.machines import APMDM, ARM, MDM
from simulators.run import RunResult, run
from theory.families import parity

__all__ = ["TaskRun", "TASKS", "run_task", "parse_bits"]


@dataclass(frozen=True)
class TaskRun:
    """The answer a machine gave on one instance, whether it is right, and the run."""

    task: str
    machine: str
    n: int
    answer: object
    expected: object
    result: RunResult

    @property
    def correct(self):
        """True if the machine's answer equals the reference solver's."""
        return self.answer == self.expected

    def as_dict(self):
        """Return the answer, correctness, stop reason and resources as one flat dict."""
        return {"task": self.task, "machine": self.machine, "n": self.n, "answer": self.answer,
                "expected": self.expected, "correct": self.correct,
                "stopped_by": self.result.stopped_by, **self.result.resources.as_dict()}


def parse_bits(text):
    """Read a string of '0'/'1' characters (surrounding whitespace ignored) as a uint8 array.

    Raises
    ------
    InputFormatError
        If any other character occurs; the message gives its offset.
    """
    text = text.strip()
    raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    bad = np.flatnonzero((raw != ord("0")) & (raw != ord("1")))
    if bad.size:
        offset = int(bad[0])
        shown = text.encode("utf-8")[offset:offset + 1].decode("utf-8", errors="replace")
        raise InputFormatError(f"expected only '0' and '1' characters; found {shown!r} at byte "
                               f"offset {offset}")
    return (raw - ord("0")).astype(np.uint8)


_PARITY_MACHINES = {
    "apmdm": (lambda: APMDM(parity_oracles.VOCAB), parity_oracles.apmdm_prompt,
              parity_oracles.elimination_policy, parity_oracles.apmdm_answer),
    "mdm": (lambda: MDM(parity_oracles.VOCAB), parity_oracles.mdm_canvas,
            parity_oracles.tree_policy, parity_oracles.mdm_answer),
    "arm": (lambda: ARM(parity_oracles.VOCAB), parity_oracles.arm_prompt,
            parity_oracles.prefix_parity_policy, parity_oracles.arm_answer),
}

TASKS = {"parity": (parity, parse_bits, _PARITY_MACHINES)}
"""Task name -> (family module, input parser, {machine: (make machine, prompt, policy, answer)})."""


def run_task(task, instance, machine="apmdm", **run_options):
    """Run ``task`` on ``instance`` with ``machine``'s oracle policy and check the answer.

    Parameters
    ----------
    task : str
        A key of ``TASKS`` (e.g. ``"parity"``).
    instance : object
        An instance of the task's family (for parity, an array of bits).
    machine : str
        Which machine runs it ('apmdm', 'mdm', 'arm' for parity).
    **run_options
        Passed to :func:`simulators.run.run` (``max_steps``, ``max_context``, ``record``).

    Returns
    -------
    TaskRun

    Raises
    ------
    InvalidArgumentError
        For an unknown task or a machine the task has no policy for.

    Examples
    --------
    >>> import numpy as np
    >>> outcome = run_task("parity", np.array([1, 0, 1, 1]), "mdm")
    >>> outcome.answer, outcome.correct, outcome.result.resources.steps
    (1, True, 2)
    """
    if task not in TASKS:
        raise InvalidArgumentError(f"no task {task!r}; known tasks: {sorted(TASKS)}")
    family, _, machines = TASKS[task]
    if machine not in machines:
        raise InvalidArgumentError(f"task {task!r} has no policy for machine {machine!r}; "
                                   f"choose one of {sorted(machines)}")
    make_machine, prompt, policy, answer = machines[machine]
    result = run(make_machine(), policy, prompt(instance), **run_options)
    return TaskRun(task, machine, len(instance), answer(result.final), family.solve(instance), result)
