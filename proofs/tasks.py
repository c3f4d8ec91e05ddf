"""Tasks a user can run end to end: a family instance, a machine, its oracle policy, the answer checked.

A :class:`Task` ties a family of ``theory/families`` to one :class:`Process` per
machine: how to build the machine and its prompt, the stateless policy, how to read the
answer from the final sequence, and the bounds the process is known to meet (its
steps are the default step limit; its context is checked against the memory budget
before anything is allocated). Each task is the attribute ``TASK`` of its module in
``proofs/oracles``, imported only when the task is used, so ``genpower run parity``
loads parity alone. ``run_task`` is what ``genpower run`` and the checker call.
"""

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Callable

from simulators.errors import InvalidArgumentError
from simulators.run import RunResult, run
from simulators.stops import LIMIT_REASONS
from simulators.validation import check_memory
from theory.registry import Registry

__all__ = ["Process", "Task", "TaskRun", "TASK_MODULES", "TASKS", "task_names", "get_task",
           "run_task"]

TASK_MODULES = {
    "parity": "proofs.oracles.parity",
    "dyck": "proofs.oracles.dyck",
    "sat": "proofs.oracles.sat",
    "tqbf": "proofs.oracles.tqbf",
    "edits": "proofs.oracles.edits",
    "sudoku": "proofs.oracles.sudoku",
    "maxflow": "proofs.oracles.maxflow",
}
"""Task name -> the module whose ``TASK`` attribute defines it."""

TASKS = Registry("task", TASK_MODULES, error=InvalidArgumentError,
                 load=lambda module: importlib.import_module(module).TASK)
"""The tasks by name: ``TASKS.get("parity")`` is parity's :class:`Task` (its module is
imported then); an unknown name raises InvalidArgumentError naming close matches."""
task_names = TASKS.names
get_task = TASKS.get

BYTES_PER_TOKEN = 16
"""Memory a run needs per token of peak context: the int32 buffer with its free room on
both sides, the prompt, and the copy the result keeps (about 4 int32 copies)."""


@dataclass(frozen=True)
class Process:
    """How one machine runs a task.

    Attributes
    ----------
    machine : callable
        ``machine() -> Machine``.
    prompt : callable
        ``prompt(instance) -> int32 array``: the prompt (ARM, AP-MDM) or canvas (MDM).
    policy : callable
        The stateless policy (Python or ``numba.njit``).
    answer : callable
        ``answer(final) -> object``: the answer read from the final sequence, or None if
        the sequence does not hold one; ``answer(final, prompt)`` when
        ``answer_reads_prompt`` is set.
    steps_bound : callable
        ``steps_bound(n) -> int``: the most steps the process needs at size ``n``; the
        default ``max_steps`` of a run.
    context_bound : callable
        ``context_bound(n) -> int``: the longest sequence the process holds at size ``n``.
    details : callable or None
        ``details(result, instance) -> dict``: extra fields a user wants beside the
        answer (operation counts, deleted edges, ...).
    answer_reads_prompt : bool
        The answer is the edit itself, read by comparing the final sequence with the
        prompt (max-flow deletes the cut edges: they are the edges the final sequence no
        longer holds).
    """

    machine: Callable
    prompt: Callable
    policy: Callable
    answer: Callable
    steps_bound: Callable[[int], int]
    context_bound: Callable[[int], int]
    details: Callable | None = None
    answer_reads_prompt: bool = False

    def read_answer(self, final, prompt):
        """Return the answer of a run that started from ``prompt`` and ended at ``final``."""
        return self.answer(final, prompt) if self.answer_reads_prompt else self.answer(final)


@dataclass(frozen=True)
class Task:
    """A family of instances and the processes that solve it, one per machine.

    Attributes
    ----------
    name : str
    summary : str
        One line for ``genpower run --help``.
    family : module
        The family: ``generate(n, rng)``, ``parse(text)``, ``solve(instance)``,
        ``verify(instance, answer)``.
    processes : dict
        Machine name -> :class:`Process`; the first is the default machine.
    size : callable
        ``size(instance) -> int``, the n of the bounds (default ``len``).
    """

    name: str
    summary: str
    family: ModuleType
    processes: dict
    size: Callable = len

    @property
    def default_machine(self):
        """The machine a run uses when none is named."""
        return next(iter(self.processes))

    def process(self, machine=None):
        """Return the :class:`Process` of ``machine`` (default: the first one).

        Raises
        ------
        InvalidArgumentError
            If the task has no process for ``machine``.
        """
        machine = self.default_machine if machine is None else machine
        if machine not in self.processes:
            raise InvalidArgumentError(f"task {self.name!r} has no process for machine "
                                       f"{machine!r}; choose one of {', '.join(self.processes)}")
        return self.processes[machine]

    def check_memory(self, n, machine=None):
        """Refuse, before generating anything, a size whose run would not fit in memory.

        Raises
        ------
        MemoryBudgetError
            If the process's peak context at size ``n`` exceeds the memory budget.
        """
        context = self.process(machine).context_bound(n)
        check_memory(BYTES_PER_TOKEN * context,
                     f"{self.name} at n = {n:,} on {machine or self.default_machine} "
                     f"(a context of {context:,} tokens)")


@dataclass(frozen=True)
class TaskRun:
    """The answer a machine gave on one instance, whether it is right, and the run.

    ``correct`` is True or False when the run ended by its own rule, and None when it
    was cut short (a step or context limit, Ctrl-C) or when the family's reference cannot
    check the answer (``verify`` returns None: an unsatisfiable formula of more variables
    than the brute-force solver takes): then there is no verdict.
    """

    task: Task
    machine: str
    instance: object = field(repr=False)
    answer: object
    correct: bool | None
    details: dict
    result: RunResult

    @property
    def n(self):
        """The instance's size."""
        return self.task.size(self.instance)

    @property
    def expected(self):
        """The reference solver's answer (computed on demand: it may be costly)."""
        return self.task.family.solve(self.instance)

    def as_dict(self):
        """Return the answer, correctness, stop reason, details and resources as one flat dict."""
        return {"task": self.task.name, "machine": self.machine, "n": self.n,
                "answer": self.answer, "correct": self.correct,
                "stopped_by": self.result.stopped_by, **self.details,
                **self.result.resources.as_dict()}


def run_task(task, instance, machine=None, **run_options):
    """Run ``task`` on ``instance`` with ``machine``'s oracle policy and check the answer.

    Parameters
    ----------
    task : str or Task
        A task name (see :func:`task_names`) or a :class:`Task`.
    instance : object
        An instance of the task's family (for parity, an array of bits).
    machine : str or None
        Which machine runs it (default: the task's first).
    **run_options
        Passed to :func:`simulators.run.run` (``max_steps``, ``max_context``, ``record``,
        ``check_stateless``). ``max_steps`` defaults to 4 × the process's own step
        bound + 64: room to see a process break its promise, so a run that ends on the
        limit has exceeded it (by far).

    Returns
    -------
    TaskRun

    Raises
    ------
    InvalidArgumentError
        For an unknown task or a machine the task has no process for.
    MemoryBudgetError
        If the run's context would not fit in the memory budget.
    FamilyInputError
        If ``instance`` is not an instance of the task's family (``family.check``).

    Examples
    --------
    >>> import numpy as np
    >>> outcome = run_task("parity", np.array([1, 0, 1, 1]), "mdm")
    >>> outcome.answer, outcome.correct, outcome.result.resources.steps
    (1, True, 2)
    """
    task = task if isinstance(task, Task) else get_task(task)
    machine = task.default_machine if machine is None else machine
    process = task.process(machine)
    instance = task.family.check(instance)  # as the CLI's parse does: no verdict on a non-instance
    n = task.size(instance)
    task.check_memory(n, machine)
    run_options.setdefault("max_steps", 4 * max(1, process.steps_bound(n)) + 64)
    prompt = process.prompt(instance)
    result = run(process.machine(), process.policy, prompt, **run_options)
    answer = process.read_answer(result.final, prompt)
    if result.stopped_by in LIMIT_REASONS:
        correct = None
    else:  # verify says None when the reference cannot check (too large to solve)
        verdict = task.family.verify(instance, answer)
        correct = None if verdict is None else bool(verdict)
    details = process.details(result, instance) if process.details else {}
    return TaskRun(task, machine, instance, answer, correct, details, result)
