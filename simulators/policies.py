"""What a policy may return each step, helpers to build it, and its conversion for the kernels.

A policy is called with the current sequence only (a read-only int32 array) and returns:

- ``None`` to stop the run (``stopped_by="halted"``); this is the only way a Python
  policy halts;
- for :class:`~simulators.machines.ARM`: the token id to append (an int);
- for MDM and Masked-ARM: ``(positions, tokens)``, the masks to unmask and their tokens;
- for AP-MDM: ``(y, ctrl)`` dense — one candidate token and one row of control bits
  ``(remask, insert, delete)`` per position, exactly the paper's f_theta output — or an
  :class:`Edit` listing only the positions the step acts on; positions left out keep
  their token (a mask stays a mask). A sparse step costs in proportion to its edits.

Any machine also accepts an :class:`Edit`; build them with :meth:`Edit.unmask`,
:meth:`Edit.remask`, :meth:`Edit.delete`, :meth:`Edit.insert_after` and combine them
with ``a | b`` (:meth:`Edit.combine`). Token ids are range-checked before they are
narrowed to int32; control bits must be bool or integer 0/1 (a model's probabilities go
through :func:`threshold` first).

Compiled policies (functions decorated with ``numba.njit``) run inside a compiled loop
and must always return an ``Edit``-shaped tuple ``(int64[:] positions, int32[:]
tokens, uint8[:, 3] ctrl)``; build it with :func:`edit_at`, stop with :func:`halt_edit`
and append (ARM) with :func:`append_edit`. The halt marker is one position equal to
:data:`simulators.step.HALT_POSITION` (the smallest int64) with no token and no ctrl
row, a form no real edit has; any other negative position is a
:class:`~simulators.errors.StepShapeError`. Before a run, a compiled policy is compiled
once for a read-only sequence, so one that writes into its input (or into a global
array) is refused with :class:`~simulators.errors.IllegalWriteError`.
"""

import numbers
import operator
import sys

import numpy as np

from simulators import step
from simulators.errors import InvalidArgumentError, StepShapeError, UnknownTokenError
from simulators.jit import Kernel, njit
from simulators.update import as_controls

__all__ = ["Edit", "normalize_step", "normalize_output", "is_compiled", "halt_edit",
           "append_edit", "edit_at", "threshold"]

_INT32 = np.iinfo(np.int32)


class Edit(tuple):
    """A sparse step: increasing ``positions``, a token and a ``(remask, insert, delete)``
    row for each. Unlisted positions keep their token.

    ``Edit(positions, tokens, ctrl)`` stores what it is given; the machine checks it.
    Build common edits with the class methods and combine them with ``|``.

    Examples
    --------
    >>> e = Edit.unmask([3], [7]) | Edit.remask([1]) | Edit.delete([5])
    >>> e.positions.tolist(), e.tokens.tolist(), e.ctrl.tolist()
    ([1, 3, 5], [0, 7, 0], [[1, 0, 0], [0, 0, 0], [0, 0, 1]])
    """

    __slots__ = ()
    positions = property(operator.itemgetter(0), doc="Positions the step acts on (increasing).")
    tokens = property(operator.itemgetter(1), doc="Token per position (used by unmasks).")
    ctrl = property(operator.itemgetter(2), doc="``(remask, insert, delete)`` row per position.")

    def __new__(cls, positions, tokens, ctrl):
        return tuple.__new__(cls, (positions, tokens, ctrl))

    def __repr__(self):
        return f"Edit(positions={self[0]!r}, tokens={self[1]!r}, ctrl={self[2]!r})"

    def __getnewargs__(self):
        return tuple(self)

    _fields = ("positions", "tokens", "ctrl")

    def _replace(self, **parts):
        """Return a copy with some of ``positions``, ``tokens``, ``ctrl`` replaced (as a
        namedtuple's ``_replace``, which ``Edit`` was)."""
        unknown = set(parts) - set(self._fields)
        if unknown:
            raise InvalidArgumentError(f"Edit has no fields {sorted(unknown)}")
        return type(self)(*(parts.get(name, part) for name, part in zip(self._fields, self)))

    @classmethod
    def _of(cls, positions, tokens=None, column=None):
        positions = np.asarray(positions, dtype=np.int64).reshape(-1)
        if np.any(np.diff(positions) <= 0):
            raise InvalidArgumentError(f"positions must be increasing, got {positions.tolist()}")
        k = positions.size
        if tokens is None:
            tokens = np.zeros(k, dtype=np.int32)
        else:
            tokens = _checked_tokens(tokens, k, "tokens")
        ctrl = np.zeros((k, 3), dtype=np.uint8)
        if column is not None:
            ctrl[:, column] = 1
        return cls(positions, tokens, ctrl)

    @classmethod
    def unmask(cls, positions, tokens):
        """Write ``tokens`` at the masked ``positions`` (increasing)."""
        return cls._of(positions, tokens)

    @classmethod
    def remask(cls, positions):
        """Turn the tokens at ``positions`` back into MASK."""
        return cls._of(positions, column=0)

    @classmethod
    def insert_after(cls, positions):
        """Put one MASK right after each of ``positions``.

        A listed mask without remask is unmasked with its token (rule g), so to insert
        after a mask combine with ``Edit.remask`` (keep it a mask) or ``Edit.unmask``.
        """
        return cls._of(positions, column=1)

    @classmethod
    def delete(cls, positions):
        """Remove the masks at ``positions`` (a delete on a real token does nothing)."""
        return cls._of(positions, column=2)

    @classmethod
    def combine(cls, *edits):
        """Merge edits into one: positions in order, control bits OR-ed.

        Raises
        ------
        InvalidArgumentError
            If two edits give different tokens for one position (when both would unmask it).
        """
        merged = {}
        for edit in edits:
            positions, tokens, ctrl = (np.asarray(part) for part in edit)
            for p, t, row in zip(positions.tolist(), tokens.tolist(), ctrl.tolist()):
                unmasking = not any(row)
                if p in merged:
                    old_t, old_row, old_unmasking = merged[p]
                    if unmasking and old_unmasking and old_t != t:
                        raise InvalidArgumentError(
                            f"two edits write different tokens at position {p}: {old_t} and {t}")
                    token = t if unmasking else old_t
                    merged[p] = (token, [a | b for a, b in zip(old_row, row)],
                                 unmasking or old_unmasking)
                else:
                    merged[p] = (t, list(row), unmasking)
        keys = sorted(merged)
        return cls(np.array(keys, dtype=np.int64),
                   np.array([merged[p][0] for p in keys], dtype=np.int32),
                   np.array([merged[p][1] for p in keys], dtype=np.uint8).reshape(-1, 3))

    def __or__(self, other):
        return Edit.combine(self, other)


def is_compiled(policy):
    """Return True if ``policy`` is a Numba-jitted function (and so can run in the compiled loop):
    a ``numba.njit`` dispatcher or a :class:`simulators.jit.Kernel`."""
    if isinstance(policy, Kernel):
        return True
    if "numba" not in sys.modules:  # no dispatcher can exist before Numba is imported
        return False
    from numba.core.dispatcher import Dispatcher

    return isinstance(policy, Dispatcher)


def threshold(probs, at=0.5):
    """Turn control probabilities into the 0/1 bits a step needs: 1 where ``probs > at``.

    Raises
    ------
    InvalidArgumentError
        If ``probs`` holds NaN.

    Examples
    --------
    >>> threshold([[0.05, 0.7, 0.5]]).tolist()
    [[0, 1, 0]]
    """
    probs = np.asarray(probs, dtype=np.float64)
    if np.isnan(probs).any():
        raise InvalidArgumentError("probs holds NaN; cannot threshold it")
    return (probs > at).astype(np.uint8)


def _checked_tokens(tokens, count, what, step_index=None):
    """``tokens`` as int32 of shape ``(count,)``, range-checked before narrowing."""
    tokens = np.asarray(tokens)
    if tokens.dtype == np.int32 and tokens.shape == (count,):
        return np.ascontiguousarray(tokens)
    prefix = "" if step_index is None else f"step {step_index}: "
    if tokens.shape != (count,) or (tokens.size and (tokens.dtype == np.bool_ or not (
            np.issubdtype(tokens.dtype, np.integer) or tokens.dtype == object))):
        raise StepShapeError(f"{prefix}expected {count} integer {what}, "
                             f"got {tokens.dtype} of shape {tokens.shape}", step=step_index)
    if tokens.size:
        if tokens.dtype == object and not all(isinstance(t, numbers.Integral)
                                              and not isinstance(t, bool) for t in tokens):
            raise StepShapeError(f"{prefix}expected {count} integer {what}", step=step_index)
        low, high = tokens.min(), tokens.max()
        if low < _INT32.min or high > _INT32.max:
            bad = int(np.flatnonzero((tokens < _INT32.min) | (tokens > _INT32.max))[0])
            raise UnknownTokenError(f"{prefix}{what}[{bad}]={int(tokens[bad])} is not a token "
                                    "id (outside int32)", step=step_index)
    return np.ascontiguousarray(tokens, dtype=np.int32)


def _as_positions(positions, step_index):
    positions = np.asarray(positions)
    if positions.dtype == np.int64 and positions.ndim == 1:
        return np.ascontiguousarray(positions)
    if positions.ndim != 1 or (positions.size and (positions.dtype == np.bool_ or not
                                                   np.issubdtype(positions.dtype, np.integer))):
        raise StepShapeError(f"step {step_index}: positions must be a 1-D integer array, "
                             f"got {positions.dtype} of shape {positions.shape}", step=step_index)
    if positions.size and positions.dtype == np.uint64 and positions.max() > np.iinfo(np.int64).max:
        raise StepShapeError(f"step {step_index}: positions outside int64", step=step_index)
    return np.ascontiguousarray(positions, dtype=np.int64)


def _arm_token(output, length, step_index):
    if isinstance(output, (int, np.integer)) and not isinstance(output, (bool, np.bool_)):
        if not _INT32.min <= output <= _INT32.max:
            raise UnknownTokenError(f"step {step_index}: token {int(output)} is not a token id "
                                    "(outside int32)", step=step_index, position=length)
        return (np.array([length], dtype=np.int64), np.array([output], dtype=np.int32),
                np.zeros((1, 3), dtype=np.uint8))
    raise StepShapeError(f"step {step_index}: an ARM policy must return one token id (an int) "
                         f"or None, got {type(output).__name__}", step=step_index)


def _exact_edit(positions, tokens, ctrl):
    """True if an edit already has the kernels' types (C-contiguous int64, int32, uint8 (k, 3))."""
    return (type(positions) is np.ndarray and type(tokens) is np.ndarray
            and type(ctrl) is np.ndarray and positions.dtype == np.int64
            and tokens.dtype == np.int32 and ctrl.dtype == np.uint8 and positions.ndim == 1
            and tokens.shape == positions.shape and ctrl.shape == (positions.shape[0], 3)
            and positions.flags.c_contiguous and tokens.flags.c_contiguous
            and ctrl.flags.c_contiguous)


def normalize_output(machine_code, output, length, step_index):
    """Turn a policy's output into ``(step, dense)`` as the run loops take it.

    ``step`` is ``(positions, tokens, ctrl)`` arrays (positions None for a dense AP-MDM
    step, and then ``dense`` is True), or ``(None, False)`` to halt. Parameters and errors
    as in :func:`normalize_step`, which expands a dense step into positions.
    """
    if output is None:
        return None, False
    if isinstance(output, tuple) and len(output) == 3:  # an Edit, or a compiled policy's tuple
        if _exact_edit(*output):
            return output, False  # already the kernels' types: nothing to convert
        positions = _as_positions(output[0], step_index)
        if (positions.size == 1 and positions[0] == step.HALT_POSITION
                and np.size(output[1]) == 0):
            return None, False  # halt_edit()
        tokens = _checked_tokens(output[1], positions.size, "tokens", step_index)
        ctrl = as_controls(output[2], positions.size, f"step {step_index}: ctrl",
                           check_values=False)
        return (positions, tokens, ctrl), False
    if machine_code == step.ARM:
        return _arm_token(output, length, step_index), False
    if not (isinstance(output, tuple) and len(output) == 2):
        raise StepShapeError(f"step {step_index}: expected a 2-tuple, an Edit or None, "
                             f"got {type(output).__name__}", step=step_index)
    if machine_code == step.APMDM:
        y = _checked_tokens(output[0], length, "y", step_index)
        ctrl = as_controls(output[1], length, f"step {step_index}: ctrl", check_values=False)
        return (None, y, ctrl), True
    positions = _as_positions(output[0], step_index)
    tokens = _checked_tokens(output[1], positions.size, "tokens", step_index)
    return (positions, tokens, np.zeros((positions.size, 3), dtype=np.uint8)), False


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
        If the output does not have a shape this machine accepts, or control bits are
        not bool or integer 0/1 (values above 1 are refused when the step is applied).
    UnknownTokenError
        If a token id does not fit int32 (it is never wrapped).
    """
    output, dense = normalize_output(machine_code, output, length, step_index)
    if dense:
        return np.arange(length, dtype=np.int64), output[1], output[2]
    return output


@njit(cache=True)
def halt_edit():
    """Return the edit by which a compiled policy stops the run (see the module docstring)."""
    return (np.full(1, step.HALT_POSITION, dtype=np.int64), np.zeros(0, dtype=np.int32),
            np.zeros((0, 3), dtype=np.uint8))


@njit(cache=True)
def append_edit(length, token):
    """Return the edit by which a compiled ARM policy appends ``token`` to a sequence of ``length``."""
    return (np.full(1, length, dtype=np.int64), np.full(1, token, dtype=np.int32),
            np.zeros((1, 3), dtype=np.uint8))


@njit(cache=True)
def edit_at(positions, tokens, remask, insert, delete):
    """Return the edit tuple a compiled policy returns: ``positions`` (increasing) with
    their ``tokens`` and control bits; ``remask``, ``insert`` and ``delete`` are 0/1 and
    apply to every listed position. Callable from Python too.

    Examples
    --------
    >>> positions, tokens, ctrl = edit_at(np.array([1, 2]), np.zeros(2, np.int32), 1, 0, 0)
    >>> positions.tolist(), ctrl.tolist()
    ([1, 2], [[1, 0, 0], [1, 0, 0]])
    """
    k = len(positions)
    ctrl = np.zeros((k, 3), dtype=np.uint8)
    for j in range(k):
        ctrl[j, 0] = remask
        ctrl[j, 1] = insert
        ctrl[j, 2] = delete
    return np.asarray(positions, dtype=np.int64), np.asarray(tokens, dtype=np.int32), ctrl
