"""Parity on all three machines: AP-MDM elimination, an MDM reduction tree, ARM prefix parities.

Token ids 0–4 are those of the official code (BOS 0, EOS 1, MASK 2, "0" 3, "1" 4); the
ARM adds SEP and the prefix-parity tokens p0/p1.

- **AP-MDM, elimination** (PAPER.md §3.2, the process learned from 7 transitions):
  look at the two tokens after BOS. A mask among them is deleted; otherwise ``0 1``
  remasks the 0, ``1 0`` remasks the 0, and equal bits are both remasked. The run ends
  at ``[BOS]`` (even) or ``[BOS] 1`` (odd). One boundary case is not among the 7
  transitions: a lone ``[BOS] 0`` is remasked and then deleted, like any 0 that leads.
  Context shrinks from n + 1; between n and 2n steps. Each step touches at most two
  positions next to BOS, so a run costs O(1) per step.
- **MDM, balanced XOR tree**: the canvas is ``[BOS]``, the n bits, then masks for each
  level of a binary tree (level sizes n, ⌈n/2⌉, ..., 1). Step j unmasks level j in
  parallel; the root is the answer. ⌈log₂ n⌉ steps, canvas ≈ 2n + 1.
- **ARM, prefix parities**: the prompt is ``[BOS]`` bits ``[SEP]``; step i appends the
  parity of the first i bits (p0/p1), then EOS. n + 1 steps, context 2n + 3.

Every policy reads only the sequence: the elimination and prefix policies look at O(1)
and O(log n) positions (binary search for SEP), the tree policy finds n from the canvas
length and the current level from which level is still masked.
"""

import numpy as np

from proofs.tasks import Process, Task
from simulators.jit import njit
from simulators.machines import APMDM, ARM, MDM
from simulators.policies import append_edit, edit_at, halt_edit
from simulators.vocab import Vocab
from theory.families import parity

__all__ = [
    "VOCAB", "OFFICIAL_TRANSITIONS", "EXTENSION_TRANSITIONS", "transition_name",
    "apmdm_prompt", "elimination_policy", "apmdm_answer",
    "mdm_canvas", "tree_policy", "mdm_answer", "tree_level_sizes",
    "arm_prompt", "prefix_parity_policy", "arm_answer", "TASK",
]

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "0", "1", "[SEP]", "p0", "p1"])
BOS, EOS, MASK, ZERO, ONE, SEP, P0, P1 = range(8)


def _bit_tokens(bits):
    return np.asarray(bits, dtype=np.int32) + ZERO


# --- AP-MDM: elimination ------------------------------------------------------------

def apmdm_prompt(bits):
    """Return ``[BOS] b1 ... bn`` for the elimination process."""
    return np.concatenate([[BOS], _bit_tokens(bits)]).astype(np.int32)


@njit(cache=True)
def _remask(first, last):
    """Remask positions first..last (one or two, next to BOS)."""
    return edit_at(np.arange(first, last + 1), np.zeros(last - first + 1, np.int32), 1, 0, 0)


@njit(cache=True)
def _delete(first, last):
    """Delete the masks at positions first..last."""
    return edit_at(np.arange(first, last + 1), np.zeros(last - first + 1, np.int32), 0, 0, 1)


@njit(cache=True)
def elimination_policy(x):
    """The elimination step for ``x = [BOS] ...``: a sparse AP-MDM edit of positions 1–2."""
    n = x.shape[0]
    if n == 1 or (n == 2 and x[1] == ONE):
        return halt_edit()
    a = x[1]
    b = x[2] if n > 2 else -1
    if a == MASK and b == MASK:
        return _delete(1, 2)
    if a == MASK:
        return _delete(1, 1)
    if b == MASK:
        return _delete(2, 2)
    if b == -1 or (a == ZERO and b == ONE):
        return _remask(1, 1)
    if a == ONE and b == ZERO:
        return _remask(2, 2)
    return _remask(1, 2)


def apmdm_answer(final):
    """Read the parity from a final ``[BOS]`` (0) or ``[BOS] 1`` (1); None if neither."""
    final = np.asarray(final).tolist()
    return {(BOS,): 0, (BOS, ONE): 1}.get(tuple(final))


OFFICIAL_TRANSITIONS = {
    ((BOS, ZERO, ONE), (BOS, MASK, ONE)): "eliminate_single_0",
    ((BOS, MASK, ONE), (BOS, ONE)): "delete_middle_mask",
    ((BOS, ONE, ZERO), (BOS, ONE, MASK)): "eliminate_tail_0",
    ((BOS, ONE, MASK), (BOS, ONE)): "delete_tail_mask",
    ((BOS, ZERO, ZERO), (BOS, MASK, MASK)): "eliminate_pair_0",
    ((BOS, ONE, ONE), (BOS, MASK, MASK)): "eliminate_pair_1",
    ((BOS, MASK, MASK), (BOS,)): "delete_pair_mask",
}
"""The 7 samples of the official parity generator (cl-1-koi/AP-MDM,
dataset/parity/parity_generator.py, commit 822a2fd), in its order (its sample_id 0-6):
3-token window ``[BOS] a b`` before and after -> the official operation name."""

EXTENSION_TRANSITIONS = {
    ((BOS, ZERO), (BOS, MASK)): "eliminate_lone_0",
    ((BOS, MASK), (BOS,)): "delete_lone_mask",
}
"""This package's names for the one case the official data lacks: a lone ``[BOS] 0``
(an even run that leaves one 0) is remasked, then deleted."""


def transition_name(before, after):
    """Name a step of the elimination by its window (the first 3 tokens; the rest is unchanged).

    Returns
    -------
    (str, bool)
        The operation name and whether it is one of the official 7.

    Examples
    --------
    >>> transition_name([BOS, ZERO, ONE, ONE], [BOS, MASK, ONE, ONE])
    ('eliminate_single_0', True)
    >>> transition_name([BOS, ZERO], [BOS, MASK])
    ('eliminate_lone_0', False)
    """
    window = tuple(int(t) for t in before[:3])
    rest = len(before) - len(window)
    key = (window, tuple(int(t) for t in after[:len(after) - rest]))
    if key in OFFICIAL_TRANSITIONS:
        return OFFICIAL_TRANSITIONS[key], True
    return EXTENSION_TRANSITIONS[key], False


# --- MDM: balanced XOR tree --------------------------------------------------------

def tree_level_sizes(n):
    """Return the level sizes of the reduction tree over ``n`` leaves: n, ⌈n/2⌉, ..., 1."""
    sizes = [n] if n else []
    while sizes and sizes[-1] > 1:
        sizes.append((sizes[-1] + 1) // 2)
    return sizes


def mdm_canvas(bits):
    """Return ``[BOS]``, the bits, then one mask per internal tree node."""
    sizes = tree_level_sizes(len(bits))
    masks = np.full(sum(sizes[1:]), MASK, dtype=np.int32)
    return np.concatenate([[BOS], _bit_tokens(bits), masks]).astype(np.int32)


def _leaves_for_canvas(length):
    """Invert ``1 + sum(tree_level_sizes(n)) == length`` by binary search (it grows with n)."""
    lo, hi = 0, length
    while lo < hi:
        mid = (lo + hi) // 2
        if 1 + sum(tree_level_sizes(mid)) < length:
            lo = mid + 1
        else:
            hi = mid
    return lo


def tree_policy(x):
    """Unmask the lowest still-masked tree level: each node is the XOR of its two children.

    Its temporaries are a quarter of the canvas (the answer: int64 positions and int32
    tokens for half the leaves), so a run holds about 2.5 canvases at its peak.
    """
    sizes = tree_level_sizes(_leaves_for_canvas(len(x)))
    offsets = np.cumsum([1] + sizes)
    for level in range(1, len(sizes)):
        if x[offsets[level]] == MASK:
            lo, hi = offsets[level - 1], offsets[level]
            pairs = (hi - lo) // 2
            values = np.where(x[lo:lo + 2 * pairs:2] == x[lo + 1:lo + 2 * pairs:2],
                              np.int32(ZERO), np.int32(ONE))
            if (hi - lo) % 2:
                values = np.append(values, x[hi - 1])
            return np.arange(offsets[level], offsets[level + 1]), values
    return None


def mdm_answer(final):
    """Read the parity from the tree's root (the last cell); 0 for no bits, None while the
    root is still masked (a run cut short)."""
    return 0 if len(final) == 1 else {ZERO: 0, ONE: 1}.get(int(final[-1]))


# --- ARM: prefix parities ----------------------------------------------------------

def arm_prompt(bits):
    """Return ``[BOS] b1 ... bn [SEP]``."""
    return np.concatenate([[BOS], _bit_tokens(bits), [SEP]]).astype(np.int32)


@njit(cache=True)
def prefix_parity_policy(x):
    """Append the parity of the next prefix (p0/p1), or EOS once all n are written."""
    length = x.shape[0]
    lo, hi = 1, length - 1  # SEP is the first position after BOS that holds no bit
    while lo < hi:
        mid = (lo + hi) // 2
        if x[mid] == ZERO or x[mid] == ONE:
            lo = mid + 1
        else:
            hi = mid
    written = length - lo - 1
    if written == lo - 1:
        return append_edit(length, EOS)
    previous = 1 if (written > 0 and x[length - 1] == P1) else 0
    bit = 1 if x[1 + written] == ONE else 0
    return append_edit(length, P1 if previous ^ bit else P0)


def arm_answer(final):
    """Read the parity from the last prefix parity before EOS; 0 for no bits."""
    last = int(final[-2]) if len(final) >= 2 else SEP
    return {P0: 0, P1: 1, SEP: 0}.get(last)


# --- The task ----------------------------------------------------------------------

def _tree_steps(n):
    return len(tree_level_sizes(n)) - 1 if n else 0


TASK = Task(
    name="parity",
    summary="parity of n bits: AP-MDM elimination, MDM XOR tree, ARM prefix parities",
    family=parity,
    processes={
        "apmdm": Process(lambda: APMDM(VOCAB), apmdm_prompt, elimination_policy, apmdm_answer,
                         steps_bound=lambda n: 2 * n + 2, context_bound=lambda n: n + 1),
        "mdm": Process(lambda: MDM(VOCAB), mdm_canvas, tree_policy, mdm_answer,
                       steps_bound=lambda n: max(1, _tree_steps(n)),
                       context_bound=lambda n: 1 + sum(tree_level_sizes(n))),
        "arm": Process(lambda: ARM(VOCAB), arm_prompt, prefix_parity_policy, arm_answer,
                       steps_bound=lambda n: n + 1, context_bound=lambda n: 2 * n + 3),
    },
)
"""Parity on the three machines; the bounds are the ones the tests check exactly."""
