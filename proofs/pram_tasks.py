"""The PRAM library's programs tied to the task families they solve, for the CLI and the checker.

Each entry of ``PRAM_TASKS`` names a program of ``simulators.pram.programs`` and says
which family of ``theory/families`` its instances come from, how to build the program
and its input cells for an instance, how to read the family's answer from the
program's output, and how many program rows an instance needs (checked against the
memory budget before anything is generated or built). ``run_pram_task`` runs one and
checks the answer with the family's verifier.

A :class:`PramTask` is not a :class:`proofs.tasks.Task`: a task runs a generation machine
with an oracle policy and has a process per machine, a PRAM task runs one PRAM program;
they share the families and the :class:`theory.registry.Registry`, not their fields.
"""

import math
from dataclasses import dataclass, field
from types import ModuleType
from typing import Callable

import numpy as np

from simulators.errors import InputFormatError, InvalidArgumentError
from simulators.pram import PramProgram, PramResult, run_pram
from simulators.pram import programs as library
from simulators.stops import LIMIT_REASONS
from simulators.validation import check_memory
from theory.families import (circuit_value, connectivity, iterated_addition, list_ranking,
                             one_sided_dyck, parity, prefix_sums)
from theory.registry import Registry

__all__ = ["PramTask", "PramRun", "PRAM_TASKS", "PRAM_TASK_REGISTRY", "get_pram_task",
           "generate_instance", "check_instance", "run_pram_task", "BYTES_PER_ROW",
           "BYTES_PER_CELL"]

BYTES_PER_ROW = 160
"""Memory one program row needs while it is built and checked: six int64 columns while
emitted and again when stacked, six int32 columns in the program, sort keys."""

BYTES_PER_CELL = 40
"""Memory one PRAM cell needs: the initial memory, the working copy and access stamps
(16 bytes) during a run, or 28 bytes while the program's access pattern is found."""


def _log2(n):
    return max(1, math.ceil(math.log2(max(n, 2))))


@dataclass(frozen=True)
class PramTask:
    """A PRAM library program and the family of instances it solves.

    Attributes
    ----------
    family : module
        ``generate(n, rng)``, ``parse(text)``, ``verify(instance, answer)``.
    program : callable
        ``program(instance) -> PramProgram``.
    cells : callable
        ``cells(instance) -> int64 array``: the program's input cells.
    answer : callable
        ``answer(output) -> object``: the family's answer read from the program's output.
    size : callable
        ``size(instance) -> int``: the n of the instance (a program needs n >= 1).
    cost : callable
        ``cost(instance) -> (rows, cells)``: upper bounds for the program of ``instance``.
    cost_at : callable
        ``cost_at(n) -> (rows, cells)``: the same for a generated instance of size n.
    options : tuple of str
        Keyword options of the family's ``generate`` and ``parse`` (dyck: ``pairs``).
    """

    family: ModuleType
    program: Callable
    cells: Callable
    answer: Callable
    cost_at: Callable
    cost: Callable = None
    size: Callable = len
    options: tuple = field(default=())

    def bytes_needed(self, instance=None, n=None):
        """Return the memory estimate of the program for ``instance`` (or size ``n``)."""
        cost = self.cost_at(n) if instance is None else (self.cost or self._cost)(instance)
        rows, cells = cost
        return BYTES_PER_ROW * rows + BYTES_PER_CELL * cells

    def _cost(self, instance):
        return self.cost_at(self.size(instance))


@dataclass(frozen=True)
class PramRun:
    """The answer a PRAM program gave on one instance and whether it is right.

    ``correct`` is None when the run was cut short (``--max-steps``): then there is no
    verdict.
    """

    name: str
    instance: object = field(repr=False)
    answer: object
    correct: bool | None
    program: PramProgram = field(repr=False)
    result: PramResult


def _array_task(build, answer, cost_at, family=prefix_sums):
    return PramTask(family=family, program=lambda values: build(len(values)),
                    cells=lambda values: np.asarray(values, dtype=np.int64),
                    answer=answer, cost_at=cost_at)


def _scan_cost(n):
    return n * _log2(n), 2 * n


def _blelloch_cost(n):
    return 8 * 2 ** _log2(n), 4 * 2 ** _log2(n) + n


def _graph_cost(n, m):
    return 60 * (n + m) * _log2(n), 10 * n + 20 * m


def _dyck_cost(n):
    return 4 * 2 ** _log2(n) * (_log2(n) + 2) ** 2, 32 * 2 ** _log2(n)


def _circuit_cost(inputs, gates):
    return 9 * gates, inputs + 12 * gates


def _dyck_cells(instance):
    word, pairs = one_sided_dyck.check(instance)
    return library.dyck_input(word, pairs)


PRAM_TASKS = {
    "prefix_sum_hillis_steele": _array_task(library.prefix_sum_hillis_steele,
                                            lambda output: output, _scan_cost),
    "prefix_sum_blelloch": _array_task(library.prefix_sum_blelloch, lambda output: output,
                                       _blelloch_cost),
    "tree_sum": _array_task(library.tree_sum, lambda output: int(output[0]),
                            lambda n: (n, n), family=iterated_addition),
    "parity": _array_task(library.parity, lambda output: int(output[0]), lambda n: (n, n),
                          family=parity),
    "list_ranking": _array_task(library.list_ranking, lambda output: output,
                                lambda n: (6 * n * _log2(n), 8 * n), family=list_ranking),
    "connectivity": PramTask(
        family=connectivity,
        program=lambda graph: library.connectivity(graph[0], len(graph[1])),
        cells=lambda graph: library.connectivity_input(*graph),
        answer=lambda output: output,
        size=lambda graph: graph[0],
        cost=lambda graph: _graph_cost(graph[0], len(graph[1])),
        cost_at=lambda n: _graph_cost(n, n // 2)),
    "dyck": PramTask(
        family=one_sided_dyck,
        program=lambda instance: library.dyck(len(instance[0])),
        cells=_dyck_cells,
        answer=lambda output: int(output[0]),
        size=lambda instance: len(instance[0]),
        cost_at=_dyck_cost,
        options=("pairs",)),
    "circuit_value": PramTask(
        family=circuit_value,
        program=lambda instance: library.circuit_value(
            len(instance[0]), [len(layer) for layer in instance[1]]),
        cells=lambda instance: library.circuit_input(*instance),
        answer=lambda output: output,
        size=lambda instance: len(instance[0]),
        cost=lambda instance: _circuit_cost(len(instance[0]), sum(map(len, instance[1]))),
        cost_at=lambda n: _circuit_cost(n, n * _log2(n))),
}
"""Program name -> :class:`PramTask`."""
PRAM_TASK_REGISTRY = Registry("PRAM program", PRAM_TASKS, error=InvalidArgumentError,
                              cutoff=0.4)
"""The PRAM tasks by program name (``get`` suggests close matches on a miss)."""
get_pram_task = PRAM_TASK_REGISTRY.get


def generate_instance(name, n, rng=None, **options):
    """Generate an instance of size ``n`` for program ``name``, after checking its memory.

    Raises
    ------
    InvalidArgumentError
        If ``n`` < 1 or an option does not apply to the program.
    MemoryBudgetError
        If the program for such an instance would not fit in the memory budget.
    """
    task = get_pram_task(name)
    _check_options(name, task, options)
    if n < 1:
        raise InvalidArgumentError(f"n={n} must be >= 1: a PRAM program needs an input")
    check_memory(task.bytes_needed(n=n), f"PRAM program {name} at n = {n:,}")
    return task.family.generate(n, rng, **options)


def check_instance(name, instance):
    """Refuse an empty instance or one whose program would not fit in the memory budget.

    Raises
    ------
    InputFormatError
        If the instance is empty.
    MemoryBudgetError
        If its program would not fit in the memory budget.
    """
    task = get_pram_task(name)
    n = task.size(instance)
    if n < 1:
        raise InputFormatError(f"the instance is empty; PRAM program {name} needs at least one "
                               "input")
    check_memory(task.bytes_needed(instance), f"PRAM program {name} on an instance of size "
                 f"{n:,}")


def run_pram_task(name, instance, *, mode=None, max_steps=None):
    """Run PRAM program ``name`` on ``instance`` and check its answer with the family's verifier.

    Parameters
    ----------
    name : str
        A key of ``PRAM_TASKS``.
    instance : object
        An instance of the program's family.
    mode : str, optional
        Access mode to run under (default: the program's own).
    max_steps : int, optional
        Stop after this many parallel steps; the run then has no verdict.

    Returns
    -------
    PramRun

    Raises
    ------
    InvalidArgumentError
        For an unknown program.
    InputFormatError
        If the instance is empty.
    MemoryBudgetError
        If the program would not fit in the memory budget.
    MemoryConflictError
        If ``mode`` is weaker than the program needs.

    Examples
    --------
    >>> run = run_pram_task("tree_sum", np.array([3, 4, 5]))
    >>> run.answer, run.correct, run.result.parallel_time
    (12, True, 2)
    """
    task = get_pram_task(name)
    check_instance(name, instance)
    program = task.program(instance)
    result = run_pram(program, task.cells(instance), mode=mode, max_steps=max_steps)
    answer = task.answer(result.output)
    if result.stopped_by in LIMIT_REASONS:
        correct = None
    else:
        correct = bool(task.family.verify(instance, answer))
    return PramRun(name, instance, answer, correct, program, result)


def _check_options(name, task, options):
    unknown = sorted(set(options) - set(task.options))
    if unknown:
        raise InvalidArgumentError(f"option {unknown[0]!r} does not apply to PRAM program "
                                   f"{name}")
