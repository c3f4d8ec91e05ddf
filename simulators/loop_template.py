"""The compiled run loop's source template, copied once per policy by :mod:`simulators.loop_cache`.

Numba cannot cache a loop that takes the policy as an argument (the policy's type is
new in every process), so :func:`simulators.run.run` writes a copy of this file that
imports the policy under the global name ``policy`` (and the step kernel of the run's
machine as ``apply_step``, so that only that machine's kernel is compiled) and loads
that copy, whose ``@njit(cache=True)`` loop Numba then keeps on disk. Each call runs at most
``chunk_steps`` steps, so the caller sees Ctrl-C between calls.

The statelessness audit runs here too: at steps 1, 2, 4, 8, ... the state and the
policy's answer are copied, and at the next such step (and when the run ends) the
policy is asked again about the copied state; a different answer ends the run with
HIDDEN_STATE.
"""

import numpy as np

from simulators import step
from simulators.accounting import (
    CHUNK_DONE, FAILED, HALTED, HIDDEN_STATE, MAX_CONTEXT, O_CODE, O_EOS, O_LIMIT, O_MASK,
    O_VOCAB, RUNNING, T_FIRST_MASK, T_STEPS, account, stop_after_step, stop_before_step)
from simulators.jit import njit

__all__ = ["run_chunk", "AUDIT_ON", "AUDIT_SAVED", "AUDIT_NEXT", "AUDIT_FIELDS"]

AUDIT_ON, AUDIT_SAVED, AUDIT_NEXT = range(3)  # audit[...]: enabled, saved step (-1: none), next
AUDIT_FIELDS = 3

policy = None  # the generated copy of this file imports the policy under this name
apply_step = step.apply_step_with  # ... and binds the kernel of its machine here


@njit(cache=True)
def _same_answer(positions, tokens, ctrl, saved_positions, saved_tokens, saved_ctrl):
    if (positions.shape[0] != saved_positions.shape[0] or tokens.shape[0] != saved_tokens.shape[0]
            or ctrl.shape[0] != saved_ctrl.shape[0] or ctrl.shape[1] != saved_ctrl.shape[1]):
        return False
    for j in range(positions.shape[0]):
        if positions[j] != saved_positions[j]:
            return False
    for j in range(tokens.shape[0]):
        if tokens[j] != saved_tokens[j]:
            return False
    for j in range(ctrl.shape[0]):
        for c in range(ctrl.shape[1]):
            if ctrl[j, c] != saved_ctrl[j, c]:
                return False
    return True


@njit(cache=True)
def _recheck(audit, state, saved_positions, saved_tokens, saved_ctrl):
    """Ask the policy again about the saved state; True if it answers as before."""
    if audit[AUDIT_SAVED] < 0:
        return True
    positions, tokens, ctrl = policy(state)
    return _same_answer(positions, tokens, ctrl, saved_positions, saved_tokens, saved_ctrl)


@njit(cache=True)
def run_chunk(buf, start, end, totals, options, chunk_steps, wide, narrow, audit, state,
              saved_positions, saved_tokens, saved_ctrl):
    """Run up to ``chunk_steps`` steps of the policy; see the module docstring.

    Returns ``(reason, status, bad_position, buf, start, end, state, saved_positions,
    saved_tokens, saved_ctrl)``: the audit's copies are handed back for the next chunk.
    """
    counts = np.zeros(step.STEP_COUNTS, dtype=np.int64)
    stop_at = totals[T_STEPS] + chunk_steps
    reason = stop_before_step(totals, options)
    status = step.OK
    bad_position = -1
    while reason == RUNNING:
        index = totals[T_STEPS]
        if index >= stop_at:
            return (CHUNK_DONE, status, bad_position, buf, start, end, state, saved_positions,
                    saved_tokens, saved_ctrl)
        positions, tokens, ctrl = policy(buf[start:end])
        if audit[AUDIT_ON] != 0 and index == audit[AUDIT_NEXT]:
            if not _recheck(audit, state, saved_positions, saved_tokens, saved_ctrl):
                return (HIDDEN_STATE, status, audit[AUDIT_SAVED], buf, start, end, state,
                        saved_positions, saved_tokens, saved_ctrl)
            state = buf[start:end].copy()
            saved_positions, saved_tokens, saved_ctrl = positions.copy(), tokens.copy(), ctrl.copy()
            audit[AUDIT_SAVED] = index
            audit[AUDIT_NEXT] = max(1, 2 * index)
        if step.is_halt(positions, tokens):
            reason = HALTED
            break
        status, bad, new_buf, new_start, new_end, first_mask = apply_step(
            options[O_CODE], buf, start, end, positions, tokens, ctrl, options[O_MASK],
            options[O_VOCAB], options[O_EOS], totals[T_FIRST_MASK], options[O_LIMIT], counts,
            wide, narrow)
        if status == step.CONTEXT_LIMIT:
            reason = MAX_CONTEXT
            break
        if status != step.OK:
            if 0 <= bad < positions.shape[0]:
                bad_position = positions[bad]
            return (FAILED, status, bad_position, buf, start, end, state, saved_positions,
                    saved_tokens, saved_ctrl)
        account(totals, counts, end - start, new_end - new_start, first_mask)
        buf, start, end = new_buf, new_start, new_end
        reason = stop_after_step(totals, counts, options)
    if audit[AUDIT_ON] != 0 and not _recheck(audit, state, saved_positions, saved_tokens,
                                             saved_ctrl):
        return (HIDDEN_STATE, status, audit[AUDIT_SAVED], buf, start, end, state,
                saved_positions, saved_tokens, saved_ctrl)
    return (reason, status, bad_position, buf, start, end, state, saved_positions, saved_tokens,
            saved_ctrl)
