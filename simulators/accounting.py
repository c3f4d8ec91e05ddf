"""Running totals of a generation run and its stop rules, shared by both run loops.

The totals live in one int64 array (indices ``T_*``); :func:`account` adds one step's
counts, :func:`stop_before_step` / :func:`stop_after_step` say whether the run ends.
Options of a run are one int64 array (indices ``O_*``) so that a step costs one Numba call.
"""

import numpy as np
from numba import njit

from simulators import step

__all__ = [
    "REASON_NAMES", "HALTED", "FIXED_POINT", "EOS", "NO_MASKS", "MAX_STEPS", "MAX_CONTEXT",
    "RUNNING", "FAILED", "HIDDEN_STATE", "CHUNK_DONE",
    "T_STEPS", "T_PEAK", "T_UNMASKS", "T_REMASKS", "T_INSERTS", "T_DELETES", "T_WRITTEN",
    "T_MAX_PARALLEL", "T_COST_HIGH", "T_COST_LOW", "T_MASKS", "T_FIRST_MASK", "TOTALS",
    "COST_UNIT", "O_CODE", "O_MASK", "O_VOCAB", "O_EOS", "O_LIMIT", "O_MAX_STEPS",
    "O_HALT_FIXED", "O_HALT_EOS", "OPTIONS",
    "account", "stop_before_step", "stop_after_step", "step_and_account", "dense_and_account",
]

# Why a run ended (index = code used by the kernels).
REASON_NAMES = ("halted", "fixed_point", "eos", "no_masks", "max_steps", "max_context")
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


@njit(cache=True)
def step_and_account(buf, start, end, positions, tokens, ctrl, totals, options, counts, wide,
                     narrow):
    """Apply a sparse step, count it and decide whether the run ends: one call per step.

    Returns ``(reason, status, bad_index, buf, start, end)``; ``reason`` is RUNNING while
    the run goes on, FAILED (with ``status``) for a rejected step.
    """
    status, bad, new_buf, new_start, new_end, first_mask = step.apply_step_with(
        options[O_CODE], buf, start, end, positions, tokens, ctrl, options[O_MASK],
        options[O_VOCAB], options[O_EOS], totals[T_FIRST_MASK], options[O_LIMIT], counts,
        wide, narrow)
    return _settle(status, bad, buf, start, end, new_buf, new_start, new_end, first_mask,
                   totals, options, counts)


@njit(cache=True)
def dense_and_account(buf, start, end, y, ctrl, totals, options, counts):
    """:func:`step_and_account` for a dense AP-MDM step ``(y, ctrl)``."""
    status, bad, new_buf, new_start, new_end = step.apply_dense(
        buf, start, end, y, ctrl, options[O_MASK], options[O_VOCAB], options[O_EOS],
        options[O_LIMIT], counts)
    return _settle(status, bad, buf, start, end, new_buf, new_start, new_end,
                   totals[T_FIRST_MASK], totals, options, counts)


@njit(cache=True)
def _settle(status, bad, buf, start, end, new_buf, new_start, new_end, first_mask, totals,
            options, counts):
    if status == step.CONTEXT_LIMIT:
        return MAX_CONTEXT, status, bad, buf, start, end
    if status != step.OK:
        return FAILED, status, bad, buf, start, end
    account(totals, counts, end - start, new_end - new_start, first_mask)
    return stop_after_step(totals, counts, options), status, bad, new_buf, new_start, new_end
