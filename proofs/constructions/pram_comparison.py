"""Run a PRAM program and the machine a theorem compiles it to side by side, and compare outputs.

Theorem 1 (:func:`~proofs.constructions.pram_to_mdm.pram_to_mdm`) and Theorem 4
(:func:`~proofs.constructions.pram_to_apmdm.pram_to_apmdm`) are checked the same way:
the program runs on the PRAM engine, its compilation runs on the generation machine,
and the outputs must be equal. ``genpower compile pram-to-mdm|pram-to-apmdm`` and both
theorems' ``resource_rows`` use this one comparison.
"""

from dataclasses import dataclass

import numpy as np

from proofs.constructions.compiled import Compiled
from simulators.pram import PramResult, run_pram
from simulators.run import RunResult
from simulators.stops import INTERRUPTED

__all__ = ["PramComparison", "compare_with_pram", "comparison_rows"]


@dataclass(frozen=True)
class PramComparison:
    """A PRAM run and the run of its compilation.

    Attributes
    ----------
    source : PramResult
        The PRAM engine's run.
    compiled : Compiled
        What the compiler made of the program.
    result : RunResult
        The generation machine's run.
    correct : bool or None
        Whether the decoded output equals the PRAM's; None if the machine's run was cut
        short (no verdict).
    """

    source: PramResult
    compiled: Compiled
    result: RunResult
    correct: bool | None

    def row(self, n):
        """Return the flat figures of both runs at input size ``n``.

        Keys: ``n``; the PRAM's ``P``, ``T``, ``work``, ``memory``; the machine's
        ``steps``, ``peak_context``, ``tokens_written``, ``remasks``, ``inserts``,
        ``deletes``, ``max_parallel``, ``serial_cost``; ``correct``; the theorem's
        ``bound_steps``, ``bound_context``; the ratios ``steps_per_T``,
        ``context_per_PT`` (peak context over P·T) and ``context_per_S`` (over the PRAM's
        memory).
        """
        source, resources = self.source, self.result.resources
        return {"n": n, "P": source.processors, "T": source.parallel_time,
                "work": source.work, "memory": source.memory_cells,
                "steps": resources.steps, "peak_context": resources.peak_context,
                "tokens_written": resources.tokens_written, "remasks": resources.remasks,
                "inserts": resources.inserts, "deletes": resources.deletes,
                "max_parallel": resources.max_parallel, "serial_cost": resources.serial_cost,
                "correct": self.correct, "bound_steps": self.compiled.bound["steps"],
                "bound_context": self.compiled.bound["context"],
                "steps_per_T": resources.steps / max(source.parallel_time, 1),
                "context_per_PT": resources.peak_context / max(
                    source.processors * source.parallel_time, 1),
                "context_per_S": resources.peak_context / max(source.memory_cells, 1)}


def compare_with_pram(compiler, program, cells, **run_options):
    """Run ``program`` on ``cells`` as a PRAM and as ``compiler(program)``; compare outputs.

    Parameters
    ----------
    compiler : callable
        ``pram_to_mdm`` or ``pram_to_apmdm`` (a PRAM program -> :class:`Compiled`).
    program : PramProgram
    cells : array_like
        The program's input cells.
    **run_options
        For :func:`simulators.run.run` (``max_steps``, ``max_context``).

    Returns
    -------
    PramComparison

    Raises
    ------
    KeyboardInterrupt
        If Ctrl-C stops the PRAM run: the reference has no partial answer to compare.
    MalformedMachineError
        If the PRAM refuses the program's run (a conflicting write), as the compiled
        machine would.
    """
    source = run_pram(program, cells)
    if source.stopped_by == INTERRUPTED:
        raise KeyboardInterrupt
    compiled = compiler(program)
    result, output = compiled.run(cells, **run_options)
    correct = None if result.hit_limit else bool(
        output is not None and np.array_equal(output, source.output))
    return PramComparison(source, compiled, result, correct)


def comparison_rows(compiler, program_name, sizes, seed=0):
    """Return :meth:`PramComparison.row` of library program ``program_name`` at each size.

    Raises
    ------
    InvalidArgumentError
        If the program name or a size is invalid.
    """
    from proofs.constructions.pram_inputs import pram_instance
    rows = []
    for n in sizes:
        program, cells = pram_instance(program_name, n=n, seed=seed)
        rows.append(compare_with_pram(compiler, program, cells).row(n))
    return rows
