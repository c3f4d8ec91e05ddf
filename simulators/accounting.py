"""Running totals of a generation run and its stop rules, shared by both run loops.

The totals live in one int64 array (indices ``T_*``); :func:`account` adds one step's
counts, :func:`stop_before_step` / :func:`stop_after_step` say whether the run ends.
Options of a run are one int64 array (indices ``O_*``); the Python loop keeps both, and
the position of the sequence in its buffer, in one state array (indices ``S_*``) so
that a step costs one Numba call with few arguments.
"""

import numpy as np

from simulators import step, stops
from simulators.jit import njit

__all__ = [
    "REASON_NAMES", "HALTED", "FIXED_POINT", "EOS", "NO_MASKS", "MAX_STEPS", "MAX_CONTEXT",
    "RUNNING", "FAILED", "HIDDEN_STATE", "CHUNK_DONE",
    "T_STEPS", "T_PEAK", "T_UNMASKS", "T_REMASKS", "T_INSERTS", "T_DELETES", "T_WRITTEN",
    "T_MAX_PARALLEL", "T_COST_HIGH", "T_COST_LOW", "T_MASKS", "T_FIRST_MASK", "TOTALS",
    "COST_UNIT", "O_CODE", "O_MASK", "O_VOCAB", "O_EOS", "O_LIMIT", "O_MAX_STEPS",
    "O_HALT_FIXED", "O_HALT_EOS", "OPTIONS",
    "account", "stop_before_step", "stop_after_step", "S_START", "S_END", "S_STATUS", "S_BAD",
    "S_COUNTS", "S_SCRATCH", "new_loop_state", "loop_step", "loop_append", "loop_dense",
    "lean_kernels",
]

# Why a run ended (index = code used by the kernels).
REASON_NAMES = (stops.HALTED, stops.FIXED_POINT, stops.EOS, stops.NO_MASKS, stops.MAX_STEPS,
                stops.MAX_CONTEXT)
HALTED, FIXED_POINT, EOS, NO_MASKS, MAX_STEPS, MAX_CONTEXT = range(6)
RUNNING = -1
FAILED = -2        # a step was rejected (its status says why)
HIDDEN_STATE = -3  # the policy answered differently about a state it had seen
CHUNK_DONE = -4    # the compiled loop ran its share of steps; call it again

# Layout of the running totals array.
(T_STEPS, T_PEAK, T_UNMASKS, T_REMASKS, T_INSERTS, T_DELETES, T_WRITTEN, T_MAX_PARALLEL,
 T_COST_HIGH, T_COST_LOW, T_MASKS, T_FIRST_MASK) = range(12)
TOTALS = 12
COST_UNIT = 1 << 62  # serial cost is kept as high * 2**62 + low to stay exact in int64

# Layout of the options array.
O_CODE, O_MASK, O_VOCAB, O_EOS, O_LIMIT, O_MAX_STEPS, O_HALT_FIXED, O_HALT_EOS = range(8)
OPTIONS = 8

# Layout of the Python loop's state: one int64 array holding the totals, the options,
# where the sequence lies in its buffer, the last step's status and counts, and the
# step kernel's wide scratch, so that a step is one Numba call with few arguments
# (each argument costs the call about 0.1 us to type-check).
S_START = TOTALS + OPTIONS
S_END, S_STATUS, S_BAD = S_START + 1, S_START + 2, S_START + 3
S_COUNTS = S_START + 4
S_SCRATCH = S_COUNTS + step.STEP_COUNTS


@njit(cache=True)
def stop_before_step(totals, options):
    """Reason the run ends before its next step (NO_MASKS, MAX_STEPS), or RUNNING."""
    code = options[O_CODE]
    if (code == step.MDM or code == step.MASKED_ARM) and totals[T_MASKS] == 0:
        return NO_MASKS
    if totals[T_STEPS] >= options[O_MAX_STEPS]:
        return MAX_STEPS
    return RUNNING


@njit(cache=True)
def stop_after_step(totals, counts, options):
    """Reason the run ends after a step with these ``counts`` (EOS, FIXED_POINT, ...), or RUNNING."""
    if options[O_HALT_EOS] != 0 and counts[step.EOS_WRITTEN] != 0:
        return EOS
    if options[O_HALT_FIXED] != 0 and (counts[step.UNMASKS] + counts[step.REMASKS]
                                       + counts[step.INSERTS] + counts[step.DELETES]) == 0:
        return FIXED_POINT
    return stop_before_step(totals, options)


@njit(cache=True)
def account(totals, counts, length_before, length_after, first_mask):
    """Add one applied step to ``totals``."""
    totals[T_STEPS] += 1
    totals[T_PEAK] = max(totals[T_PEAK], length_after)
    totals[T_UNMASKS] += counts[step.UNMASKS]
    totals[T_REMASKS] += counts[step.REMASKS]
    totals[T_INSERTS] += counts[step.INSERTS]
    totals[T_DELETES] += counts[step.DELETES]
    totals[T_WRITTEN] += counts[step.WRITTEN]
    totals[T_MAX_PARALLEL] = max(totals[T_MAX_PARALLEL], counts[step.WRITTEN])
    totals[T_COST_LOW] += length_before * length_before
    if totals[T_COST_LOW] >= COST_UNIT:
        totals[T_COST_HIGH] += 1
        totals[T_COST_LOW] -= COST_UNIT
    totals[T_MASKS] += (counts[step.REMASKS] + counts[step.INSERTS] - counts[step.UNMASKS]
                        - counts[step.DELETES])
    totals[T_FIRST_MASK] = first_mask


def new_loop_state(totals, options, start, end):
    """Return the Python loop's state array (see ``S_*``) and its int32 scratch."""
    wide, narrow = step.new_scratch()
    state = np.concatenate([totals, options, [start, end, step.OK, -1],
                            np.zeros(step.STEP_COUNTS, dtype=np.int64), wide])
    return state, narrow


@njit(cache=True)
def loop_step(buf, positions, tokens, ctrl, state, narrow):
    """Apply a sparse step (or see the halt marker), count it and decide whether the run
    ends: the Python loop's one call per step.

    Returns ``(reason, buf, start, end)``: RUNNING while the run goes on, FAILED for a
    rejected step (status and offending index in ``state[S_STATUS]``, ``state[S_BAD]``);
    ``buf[start:end]`` holds the sequence now (also kept in ``state[S_START]``, ``state[S_END]``).
    """
    totals, options = state[:TOTALS], state[TOTALS:TOTALS + OPTIONS]
    counts = state[S_COUNTS:S_COUNTS + step.STEP_COUNTS]
    start, end = state[S_START], state[S_END]
    if step.is_halt(positions, tokens):
        return HALTED, buf, start, end
    status, bad, new_buf, new_start, new_end, first_mask = step.apply_step_with(
        options[O_CODE], buf, start, end, positions, tokens, ctrl, options[O_MASK],
        options[O_VOCAB], options[O_EOS], totals[T_FIRST_MASK], options[O_LIMIT], counts,
        state[S_SCRATCH:], narrow)
    return _settle_state(status, bad, buf, new_buf, new_start, new_end, first_mask, state)


@njit(cache=True)
def loop_append(buf, token, state, narrow):
    """:func:`loop_step` for an ARM policy's token, an int that fits int32 (the caller
    checks): the arrays of the step are built here, not in Python."""
    positions = np.empty(1, dtype=np.int64)
    positions[0] = state[S_END] - state[S_START]
    tokens = np.empty(1, dtype=np.int32)
    tokens[0] = token
    return loop_step(buf, positions, tokens, np.zeros((1, 3), dtype=np.uint8), state, narrow)


@njit(cache=True)
def loop_dense(buf, y, ctrl, state, spare):
    """:func:`loop_step` for a dense AP-MDM step ``(y, ctrl)``; returns ``(reason, buf,
    start, end, spare)``, with the second buffer of :func:`simulators.step.apply_dense`."""
    totals, options = state[:TOTALS], state[TOTALS:TOTALS + OPTIONS]
    counts = state[S_COUNTS:S_COUNTS + step.STEP_COUNTS]
    status, bad, new_buf, new_start, new_end, spare = step.apply_dense(
        buf, state[S_START], state[S_END], y, ctrl, options[O_MASK], options[O_VOCAB],
        options[O_EOS], options[O_LIMIT], counts, spare)
    reason, buf, start, end = _settle_state(status, bad, buf, new_buf, new_start, new_end,
                                            totals[T_FIRST_MASK], state)
    return reason, buf, start, end, spare


_LOOP_STEP = ("Tuple((int64, int32[::1], int64, int64))(int32[::1], int64[::1], int32[::1], "
              "uint8[:, ::1], int64[::1], int32[::1])")
_LOOP_APPEND = ("Tuple((int64, int32[::1], int64, int64))(int32[::1], int64, int64[::1], "
                "int32[::1])")
_LOOP_DENSE = ("Tuple((int64, int32[::1], int64, int64, int32[::1]))(int32[::1], int32[::1], "
               "uint8[:, ::1], int64[::1], int32[::1])")


def lean_kernels():
    """Return ``(loop_step, loop_append, loop_dense)`` compiled for the kernels' exact
    argument types only (loaded from Numba's cache). Called with any other types (int32 positions, float
    control bits, a list, a read-only array) they raise TypeError at once instead of
    compiling a variant, so a policy's output is converted and checked only when it is
    not already in the kernels' types."""
    kernels = (loop_step.dispatcher, loop_append.dispatcher, loop_dense.dispatcher)
    for kernel, signature in zip(kernels, (_LOOP_STEP, _LOOP_APPEND, _LOOP_DENSE)):
        if kernel._can_compile:
            kernel.compile(signature)
            kernel.disable_compile()
    return kernels


@njit(cache=True)
def _settle_state(status, bad, buf, new_buf, new_start, new_end, first_mask, state):
    totals, options = state[:TOTALS], state[TOTALS:TOTALS + OPTIONS]
    counts = state[S_COUNTS:S_COUNTS + step.STEP_COUNTS]
    state[S_STATUS], state[S_BAD] = status, bad
    if status == step.CONTEXT_LIMIT:
        return MAX_CONTEXT, buf, state[S_START], state[S_END]
    if status != step.OK:
        return FAILED, buf, state[S_START], state[S_END]
    account(totals, counts, state[S_END] - state[S_START], new_end - new_start, first_mask)
    state[S_START], state[S_END] = new_start, new_end
    return stop_after_step(totals, counts, options), new_buf, new_start, new_end
