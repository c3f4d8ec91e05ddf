"""What a step does at each position: the operations teacher-forced metrics and divergences compare.

A step is labelled by its effect on the sequence it is applied to (as the machine's rule
g applies it): an *unmask* writes a token into a mask (for an ARM, the appended token is
an unmask at position ``len(x)``); a *remask* turns a token into MASK (a remask bit on a
mask changes nothing and is no operation); a *delete* removes a mask (a delete bit on a
token changes nothing); an *insert* puts a mask after the position (dropped with a
deleted one). Two steps that label every position alike give the same next state.
"""

import numpy as np

from simulators.machines import APMDM, ARM

__all__ = ["OPERATIONS", "Labels", "step_labels", "describe"]

OPERATIONS = ("unmask", "remask", "insert", "delete")
"""The operations, in the order of a :class:`Labels` row."""


class Labels:
    """Per-position operations of one step on a sequence of length L.

    Attributes
    ----------
    ops : numpy.ndarray
        Bool array ``(L + 1, 4)``: the operations of :data:`OPERATIONS` at each position
        (row ``L`` is an ARM's append).
    tokens : numpy.ndarray
        The token each unmask writes (-1 elsewhere).
    halts : bool
        The step stops the run (the policy returned None).
    """

    def __init__(self, ops, tokens, halts):
        self.ops, self.tokens, self.halts = ops, tokens, halts

    def differ(self, other):
        """Positions where the two steps do different things (increasing)."""
        return np.flatnonzero((self.ops != other.ops).any(1) | (self.tokens != other.tokens))


def step_labels(machine, x, step):
    """Label ``step`` (normalised, as :func:`simulators.policies.normalize_step` gives it,
    or None) on the sequence ``x`` of ``machine``."""
    n = len(x)
    ops = np.zeros((n + 1, 4), dtype=bool)
    tokens = np.full(n + 1, -1, dtype=np.int64)
    if step is None:
        return Labels(ops, tokens, True)
    positions, written, ctrl = step
    positions = np.asarray(positions, dtype=np.int64)
    if isinstance(machine, ARM):
        ops[n, 0], tokens[n] = True, int(written[0])
        return Labels(ops, tokens, False)
    if not isinstance(machine, APMDM):
        inside = (positions >= 0) & (positions < n)
        ops[positions[inside], 0] = True
        tokens[positions[inside]] = written[inside]
        return Labels(ops, tokens, False)
    is_mask = np.asarray(x)[positions] == machine.vocab.mask_id
    remask, insert, delete = (ctrl[:, k] != 0 for k in range(3))
    deleted = delete & is_mask
    unmask = is_mask & ~remask & ~delete
    ops[positions, 0] = unmask
    ops[positions, 1] = remask & ~is_mask
    ops[positions, 2] = insert & ~deleted
    ops[positions, 3] = deleted
    tokens[positions[unmask]] = written[unmask]
    return Labels(ops, tokens, False)


def describe(labels, position, vocab):
    """Name what ``labels`` does at ``position``: 'remask', 'unmask 1', 'keep', 'halt', ..."""
    if labels.halts:
        return "halt"
    names = [name for name, on in zip(OPERATIONS, labels.ops[position]) if on]
    if "unmask" in names:
        token = int(labels.tokens[position])
        name = vocab.names[token] if 0 <= token < len(vocab) else token
        names[names.index("unmask")] = f"unmask {name}"
    return "+".join(names) or "keep"
