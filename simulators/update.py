"""The AP-MDM update rule g of the paper's Algorithm 1, on whole (dense) sequences.

``g(x, y, ctrl)`` maps the current sequence ``x``, the candidate tokens ``y`` and the
per-position control bits ``ctrl[:, 0..2] = (remask, insert, delete)`` to the next
sequence. For each position i, in order (PAPER.md §1.4.3):

- delete: if ``ctrl[i, 2]`` and ``x[i]`` is MASK, position i is removed, and the insert
  after it is dropped too; delete on a non-mask token does nothing;
- otherwise remask beats unmask: MASK if ``ctrl[i, 0]``; else ``y[i]`` if ``x[i]`` is MASK;
  else ``x[i]`` is kept;
- insert: if ``ctrl[i, 1]``, one MASK is put right after position i.

Control bits must be exactly 0 or 1 (bool or integers); anything else, floats included,
is refused. This is the rule used to replay traces; running machines use the sparse,
in-place form in :mod:`simulators.step`.
"""

import numpy as np

from simulators.errors import StepShapeError
from simulators.jit import njit
from simulators.validation import as_int32_array

__all__ = ["apply_g", "as_controls"]


def as_controls(ctrl, length, name="ctrl", *, check_values=True):
    """Return ``ctrl`` as a C-contiguous ``uint8`` array of 0/1 of shape ``(length, 3)``.

    Parameters
    ----------
    ctrl : array_like of bool or int
        Control bits ``(remask, insert, delete)`` per position, each 0 or 1.
    length : int
        Number of rows expected.
    name : str
        What to call ``ctrl`` in messages.
    check_values : bool
        Check that a ``uint8`` array holds only 0/1. The step kernels check this
        themselves, so the run loop skips the extra pass; other integer types are always
        checked before narrowing.

    Raises
    ------
    StepShapeError
        If ``ctrl`` does not have shape ``(length, 3)``, is not bool or integer (floats:
        threshold them first with :func:`simulators.policies.threshold`), or holds
        values other than 0 and 1.
    """
    ctrl = np.asarray(ctrl)
    if length == 0 and ctrl.size == 0:  # an empty step: [] is as good as an empty (0, 3)
        ctrl = ctrl.reshape(0, 3)
    if ctrl.shape != (length, 3):
        raise StepShapeError(f"{name} has shape {ctrl.shape}; expected ({length}, 3) "
                             "columns (remask, insert, delete)")
    if ctrl.dtype == np.bool_ or ctrl.dtype == np.uint8:
        ctrl = np.ascontiguousarray(ctrl).view(np.uint8)
        if check_values and ctrl.size and ctrl.max() > 1:
            raise StepShapeError(f"{name} holds {int(ctrl.max())}; control bits must be 0 or 1")
        return ctrl
    if ctrl.size == 0 and ctrl.dtype != object:
        return np.zeros((length, 3), dtype=np.uint8)
    if not np.issubdtype(ctrl.dtype, np.integer):
        raise StepShapeError(f"{name} has dtype {ctrl.dtype}; control bits must be bool or "
                             "integer 0/1 (threshold probabilities first, e.g. "
                             "simulators.policies.threshold(probs, at=0.5))")
    if ctrl.min() < 0 or ctrl.max() > 1:
        raise StepShapeError(f"{name} holds {int(ctrl.max() if ctrl.max() > 1 else ctrl.min())}; "
                             "control bits must be 0 or 1")
    return np.ascontiguousarray(ctrl, dtype=np.uint8)


def apply_g(x, y, ctrl, mask_id):
    """Apply the update rule g of Algorithm 1 once and return the next sequence.

    Parameters
    ----------
    x : array_like of int
        The current sequence.
    y : array_like of int
        Candidate tokens, one per position (used only where ``x`` is MASK and neither
        remask nor delete is set).
    ctrl : array_like of bool or int 0/1, shape (len(x), 3)
        Control bits per position: remask, insert, delete.
    mask_id : int
        Id of the mask token.

    Returns
    -------
    numpy.ndarray of int32
        The next sequence; its length is ``len(x) - deleted masks + inserts on kept positions``.

    Raises
    ------
    StepShapeError
        If ``y`` or ``ctrl`` does not match the length of ``x``, or a control bit is not 0/1.

    Examples
    --------
    >>> M = 2
    >>> apply_g([0, M, 4], [0, 3, 4], [[0, 0, 0], [0, 0, 1], [0, 0, 0]], M).tolist()  # delete
    [0, 4]
    >>> apply_g([0, 3, 4], [0, 3, 4], [[0, 0, 0], [1, 1, 0], [0, 0, 0]], M).tolist()  # remask+insert
    [0, 2, 2, 4]
    """
    x = as_int32_array(x, "x")
    y = as_int32_array(y, "y")
    if y.shape != x.shape:
        raise StepShapeError(f"y has length {y.size}; expected len(x) = {x.size}")
    ctrl = as_controls(ctrl, x.size)
    return _apply_g_kernel(x, y, ctrl, np.int32(mask_id))


@njit(cache=True, nogil=True, boundscheck=False)
def _apply_g_kernel(x, y, ctrl_rows, mask_id):
    # Two passes so that the first one vectorises: it computes each position's token and
    # width (0, 1 or 2) with no dependence between positions; the second only places them.
    # ctrl is read through a flat view (Numba's 2-D indexing with a runtime stride keeps
    # LLVM from vectorising) and selects are written as arithmetic (as branches, "x[i] is
    # MASK" mispredicts half the time when masks are scattered at random).
    ctrl = ctrl_rows.reshape(-1)
    n = x.shape[0]
    tokens = np.empty(n, dtype=np.int32)
    widths = np.empty(n, dtype=np.uint8)
    length = 0
    for i in range(n):
        xi = x[i]
        is_mask = np.int32(xi == mask_id)
        value = xi + (y[i] - xi) * is_mask
        tokens[i] = value + (mask_id - value) * np.int32(ctrl[3 * i] != 0)
        width = (1 - np.int32(ctrl[3 * i + 2] != 0) * is_mask) * (1 + np.int32(ctrl[3 * i + 1] != 0))
        widths[i] = width
        length += width
    out = np.empty(length + 2, dtype=np.int32)  # two spare cells: every position writes two
    j = np.uint64(0)  # unsigned: Numba then skips negative-index wraparound in the hot loop
    for i in range(n):
        out[j] = tokens[i]
        out[j + np.uint64(1)] = mask_id
        j += np.uint64(widths[i])
    return out[:length]
