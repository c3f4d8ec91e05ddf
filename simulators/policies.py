"""What a policy may return each step, and how it is turned into the sparse form the kernels apply.

A policy is called with the current sequence only (a read-only int32 array) and returns:

- ``None`` to stop the run (``stopped_by="halted"``);
- for :class:`~simulators.machines.ARM`: the token id to append (an int);
- for MDM and Masked-ARM: ``(positions, tokens)``, the masks to unmask and their tokens;
- for AP-MDM: ``(y, ctrl)`` dense — one candidate token and one row of control bits
  ``(remask, insert, delete)`` per position, exactly the paper's f_theta output — or an
  :class:`Edit` listing only the positions the step acts on; positions left out keep
  their token (a mask stays a mask). A sparse step costs in proportion to its edits.

Any machine also accepts an :class:`Edit`. Compiled policies (functions decorated with
``numba.njit``) run inside a compiled loop and must always return an ``Edit``-shaped
tuple ``(int64[:] positions, int32[:] tokens, uint8[:, 3] ctrl)``; they stop by
returning :func:`halt_edit` and append (ARM) with :func:`append_edit`. Before a run,
a compiled policy is compiled once for a read-only sequence, so one that writes into
its input is refused with :class:`~simulators.errors.IllegalWriteError`.
"""

from collections import namedtuple

import numpy as np
from numba import njit
from numba.core.dispatcher import Dispatcher

from simulators import step
from simulators.errors import StepShapeError
from simulators.update import as_controls

__all__ = ["Edit", "normalize_step", "is_compiled", "halt_edit", "append_edit"]

Edit = namedtuple("Edit", ["positions", "tokens", "ctrl"])
Edit.__doc__ = """A sparse step: increasing ``positions``, a token and a ``(remask, insert, delete)``
row for each. Unlisted positions keep their token."""


def is_compiled(policy):
    """Return True if ``policy`` is a Numba-jitted function (and so can run in the compiled loop)."""
    return isinstance(policy, Dispatcher)


def _as_positions(positions, step_index):
    positions = np.asarray(positions)
    if positions.ndim != 1 or (positions.size and not np.issubdtype(positions.dtype, np.integer)):
        raise StepShapeError(f"step {step_index}: positions must be a 1-D integer array, "
                             f"got {positions.dtype} of shape {positions.shape}", step=step_index)
    return np.ascontiguousarray(positions, dtype=np.int64)


def _as_tokens(tokens, count, step_index):
    tokens = np.asarray(tokens)
    if tokens.shape != (count,) or (tokens.size and not np.issubdtype(tokens.dtype, np.integer)):
        raise StepShapeError(f"step {step_index}: expected {count} integer tokens, "
                             f"got {tokens.dtype} of shape {tokens.shape}", step=step_index)
    return np.ascontiguousarray(tokens, dtype=np.int32)


def normalize_step(machine_code, output, length, step_index):
    """Turn a Python policy's output into ``(positions, tokens, ctrl)`` arrays, or None to halt.

    Parameters
    ----------
    machine_code : int
        One of the machine codes of :mod:`simulators.step`.
    output : object
        What the policy returned (see the module docstring).
    length : int
        Length of the sequence the policy saw.
    step_index : int
        Index of the step, for error messages.

    Raises
    ------
    StepShapeError
        If the output does not have a shape this machine accepts.
    """
    if output is None:
        return None
    if isinstance(output, tuple) and len(output) == 3:  # an Edit, or the tuple a compiled policy returns
        positions = _as_positions(output[0], step_index)
        if positions.size == 1 and positions[0] == -1:
            return None  # halt_edit()
        tokens = _as_tokens(output[1], positions.size, step_index)
        ctrl = as_controls(output[2], positions.size, f"step {step_index}: ctrl")
        return positions, tokens, ctrl
    if machine_code == step.ARM:
        if isinstance(output, (int, np.integer)) and not isinstance(output, bool):
            return (np.array([length], dtype=np.int64), np.array([output], dtype=np.int32),
                    np.zeros((1, 3), dtype=np.uint8))
        raise StepShapeError(f"step {step_index}: an ARM policy must return one token id (an int) "
                             f"or None, got {type(output).__name__}", step=step_index)
    if not (isinstance(output, tuple) and len(output) == 2):
        raise StepShapeError(f"step {step_index}: expected a 2-tuple, an Edit or None, "
                             f"got {type(output).__name__}", step=step_index)
    if machine_code == step.APMDM:
        y = _as_tokens(output[0], length, step_index)
        ctrl = as_controls(output[1], length, f"step {step_index}: ctrl")
        return np.arange(length, dtype=np.int64), y, ctrl
    positions = _as_positions(output[0], step_index)
    tokens = _as_tokens(output[1], positions.size, step_index)
    return positions, tokens, np.zeros((positions.size, 3), dtype=np.uint8)


@njit(cache=True)
def halt_edit():
    """Return the edit by which a compiled policy stops the run."""
    return np.full(1, -1, dtype=np.int64), np.zeros(0, dtype=np.int32), np.zeros((0, 3), dtype=np.uint8)


@njit(cache=True)
def append_edit(length, token):
    """Return the edit by which a compiled ARM policy appends ``token`` to a sequence of ``length``."""
    return (np.full(1, length, dtype=np.int64), np.full(1, token, dtype=np.int32),
            np.zeros((1, 3), dtype=np.uint8))
