"""Trajectories of task runs, and the page of two runs side by side (a model against the oracle, say)."""

import importlib

from genpower.show.page import write_page
from genpower.show.sources import load_trajectory
from genpower.show.trajectory import Trajectory, from_trace
from proofs.tasks import TASK_MODULES, TaskRun
from simulators.errors import InvalidArgumentError
from simulators.run import RunResult
from simulators.trace import Trace

__all__ = ["from_task_run", "two_runs_page"]


def from_task_run(outcome):
    """Return the trajectory of a :class:`proofs.tasks.TaskRun` recorded with ``record=True``.

    Steps are named by the task's ``operation(state)`` when its oracle module has one
    (max-flow's official operation names).

    Raises
    ------
    InvalidArgumentError
        If the run was not recorded.
    """
    trace = outcome.result.trace
    if trace is None:
        raise InvalidArgumentError("the run was not recorded; run it with record=True")
    module = importlib.import_module(TASK_MODULES[outcome.task.name])
    info = {"task": outcome.task.name, "machine": outcome.machine, "n": outcome.n,
            "stopped by": outcome.result.stopped_by,
            "correct": {True: "yes", False: "no", None: "no verdict"}[outcome.correct]}
    return from_trace(trace, name_step=getattr(module, "operation", None), info=info,
                      title=f"{outcome.task.name} on {outcome.machine}, n = {outcome.n}")


def _as_trajectory(run):
    if isinstance(run, Trajectory):
        return run
    if isinstance(run, TaskRun):
        return from_task_run(run)
    if isinstance(run, RunResult):
        run = run.trace
        if run is None:
            raise InvalidArgumentError("the run was not recorded; run it with record=True")
    if isinstance(run, Trace):
        return from_trace(run)
    return load_trajectory(run)


def two_runs_page(path, first, second, *, title=None):
    """Write the page of two runs side by side, opened at their first difference.

    ``first`` and ``second`` are each a :class:`~genpower.show.trajectory.Trajectory`, a
    run recorded with ``record=True`` (a :class:`~simulators.run.RunResult`, its
    :class:`~simulators.trace.Trace`, or a :class:`~proofs.tasks.TaskRun`) or a
    trajectory file: a model's run against the oracle's, say. Returns ``(size in bytes, first difference)`` as
    :func:`~genpower.show.page.write_page` does.

    Raises
    ------
    TraceFormatError, InvalidArgumentError
        For a file that cannot be read, a run that was not recorded, or a path that
        cannot be written.
    """
    return write_page(path, [_as_trajectory(run) for run in (first, second)], title)
