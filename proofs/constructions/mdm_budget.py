"""Theorem 2's context budget: laws every MDM run obeys, and an AP-MDM counter that escapes them.

An MDM with context S unmasks at least one of its at most S masks per step, so a run
takes ``steps <= masks <= S`` and its serial cost ``Σ_t L_t² = steps·S² <= S³``
(:func:`mdm_budget` checks this on a run). AP-MDM can remask: :func:`counter` builds a
binary counter on S bits that increments by remasking the trailing ones and the lowest
zero, then unmasking them as zeros and a one, so at constant context S it takes
``2·(2**S - 1)`` steps, reaching the count ``2**S - 1`` (the "c" of 2**(S-c) is 0 here).
Its MDM counterpart counts in unary, one unmask per step: S steps, the most an MDM can.
"""

import numpy as np

from simulators.errors import InvalidArgumentError
from simulators.jit import njit
from simulators.machines import APMDM, MDM
from simulators.policies import halt_edit
from simulators.run import run
from simulators.validation import check_positive_int
from simulators.vocab import Vocab

__all__ = ["mdm_budget", "counter", "COUNTER_VOCAB", "counter_value", "resource_rows"]

COUNTER_VOCAB = Vocab(["0", "1", "[MASK]"], bos=None, eos=None)
_ZERO, _ONE, _MASK = 0, 1, 2
_MAX_CONTEXT = 40


def mdm_budget(result):
    """Check Theorem 2's laws on an MDM (or Masked-ARM) run: steps <= masks <= S, Σ L² <= S³.

    Parameters
    ----------
    result : RunResult
        A finished or cut-short run of an MDM-type machine (fixed canvas).

    Returns
    -------
    dict
        ``steps``, ``masks`` (masks in the prompt: tokens written plus masks left),
        ``S`` (the context), ``serial_cost``, ``S_cubed``, and ``holds``: whether
        ``steps <= masks <= S`` and ``serial_cost <= S**3``.

    Examples
    --------
    >>> from proofs.oracles.parity import VOCAB, mdm_canvas, tree_policy
    >>> from simulators.machines import MDM
    >>> report = mdm_budget(run(MDM(VOCAB), tree_policy, mdm_canvas([1, 0, 1, 1])))
    >>> report["steps"], report["masks"], report["S"], report["holds"]
    (2, 3, 8, True)
    """
    resources = result.resources
    mask = result.machine.vocab.mask_id
    masks = resources.tokens_written + int(np.count_nonzero(np.asarray(result.final) == mask))
    context = resources.peak_context
    report = {"steps": resources.steps, "masks": masks, "S": context,
              "serial_cost": resources.serial_cost, "S_cubed": context ** 3}
    report["holds"] = bool(resources.steps <= masks <= context
                           and resources.serial_cost <= context ** 3)
    return report


@njit(cache=True)
def _remask_or_unmask(x):
    n = x.shape[0]
    first_mask = -1
    for i in range(n):
        if x[i] == _MASK:
            first_mask = i
            break
    if first_mask >= 0:  # unmask: a one where the lowest zero was, zeros after it
        positions = np.arange(first_mask, n).astype(np.int64)
        tokens = np.full(n - first_mask, _ZERO, dtype=np.int32)
        tokens[0] = _ONE
        return positions, tokens, np.zeros((n - first_mask, 3), dtype=np.uint8)
    lowest_zero = -1
    for i in range(n - 1, -1, -1):
        if x[i] == _ZERO:
            lowest_zero = i
            break
    if lowest_zero < 0:
        return halt_edit()  # all ones: the count is 2**n - 1
    positions = np.arange(lowest_zero, n).astype(np.int64)
    ctrl = np.zeros((n - lowest_zero, 3), dtype=np.uint8)
    ctrl[:, 0] = 1
    return positions, np.zeros(n - lowest_zero, dtype=np.int32), ctrl


def _unary(x):
    masked = np.flatnonzero(x == _MASK)  # S steps at most: plain Python is enough
    return None if masked.size == 0 else ([int(masked[0])], [_ONE])


def counter(context, machine="apmdm"):
    """Return ``(machine, policy, prompt)`` of the counter with context ``context``.

    ``"apmdm"``: binary, S bits from all zeros (most significant first), remask then
    unmask per increment. ``"mdm"``: unary, S masks unmasked to ones one per step.

    Raises
    ------
    InvalidArgumentError
        If ``context`` is not an integer in 1..40 or ``machine`` is neither name.

    Examples
    --------
    >>> machine, policy, prompt = counter(3)
    >>> result = run(machine, policy, prompt)
    >>> result.resources.steps, result.resources.peak_context, counter_value(result.final)
    (14, 3, 7)
    """
    context = check_positive_int(context, "context")
    if context > _MAX_CONTEXT:
        raise InvalidArgumentError(f"context={context}: the binary counter takes 2**(S+1) steps; "
                                   f"use S <= {_MAX_CONTEXT}")
    if machine == "apmdm":
        return (APMDM(COUNTER_VOCAB), _remask_or_unmask,
                np.full(context, _ZERO, dtype=np.int32))
    if machine == "mdm":
        return MDM(COUNTER_VOCAB), _unary, np.full(context, _MASK, dtype=np.int32)
    raise InvalidArgumentError(f"machine={machine!r}: the counter runs on 'apmdm' or 'mdm'")


def counter_value(final, machine="apmdm"):
    """Return the count a counter's final sequence holds: binary (apmdm) or its ones (mdm);
    None for an AP-MDM counter stopped between its remask and its unmask (a masked cell)."""
    final = np.asarray(final)
    if machine == "mdm":
        return int(np.count_nonzero(final == _ONE))
    if np.any(final == _MASK):
        return None
    return int("".join(str(int(bit)) for bit in final), 2) if len(final) else 0


def resource_rows(contexts):
    """Theorem 2's contrast as data: one row per context S with both counters' runs.

    Each row: ``S``; ``mdm_steps``, ``mdm_context``, ``mdm_budget_holds``;
    ``apmdm_steps``, ``apmdm_context``, ``apmdm_count`` and ``apmdm_steps_le_S`` (the
    MDM step budget applied to the AP-MDM run: false once its steps exceed S).

    Examples
    --------
    >>> row = resource_rows([4])[0]
    >>> row["mdm_steps"], row["apmdm_steps"], row["apmdm_count"], row["apmdm_context"]
    (4, 30, 15, 4)
    """
    rows = []
    for context in contexts:
        mdm = run(*counter(context, "mdm"))
        apmdm = run(*counter(context, "apmdm"), max_steps=1 << (context + 2))
        rows.append({
            "S": context, "mdm_steps": mdm.resources.steps,
            "mdm_context": mdm.resources.peak_context,
            "mdm_budget_holds": mdm_budget(mdm)["holds"],
            "apmdm_steps": apmdm.resources.steps,
            "apmdm_context": apmdm.resources.peak_context,
            "apmdm_count": counter_value(apmdm.final),
            "apmdm_steps_le_S": apmdm.resources.steps <= context})
    return rows
