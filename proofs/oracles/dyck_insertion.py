"""Two-sided Dyck-2 by inserting cancelling pairs on an AP-MDM, choices hashed from the sequence.

Two-sided Dyck-k is the closure of the empty word under inserting an adjacent
cancelling pair ``a a⁻¹`` or ``a⁻¹ a`` anywhere (Theorem 5, PAPER.md §2). One pair takes
three steps, told apart by the number of masks: with none, insert a mask after a
position chosen from the sequence; with one, remask it and insert a second mask after
it (the mask spawns a mask); with two adjacent ones, unmask them into a letter and its
inverse. Layout (``[BOS] [EOS] [MASK]``, the letters ``a1 A1 a2 A2``, numbers ``0 ..``)::

    [BOS]  P  s  w_1 .. w_m        P: pairs wanted, s: a seed, w: the word so far

Randomness is a function of the sequence: ``h = Σ_j term(j, x_j)`` (the seed token is
part of x), the slot after which to insert is ``h mod (m + 1)`` and the letter is
``(h // 7) mod 4``. The run stops when the word has 2P letters, and on any state the
process cannot reach (three masks, or two apart). This is our sampler; the T5
helper's may choose differently.

Examples
--------
>>> from simulators.run import run
>>> result = run(machine(4), policy, prompt_for(pairs=3, seed=1))
>>> word = result.final[3:]
>>> len(word), result.resources.steps, reduces_to_empty(word)
(6, 9, True)
"""

import numpy as np

from simulators.machines import APMDM
from simulators.policies import Edit
from simulators.vocab import Vocab

__all__ = ["K", "LETTER0", "NUM0", "MASK", "SEEDS", "vocabulary", "machine", "prompt_for",
           "prompt", "inverse", "term", "sequence_hash", "policy", "reduces_to_empty"]

K = 2
BOS, EOS, MASK, LETTER0 = 0, 1, 2, 3
NUM0 = LETTER0 + 2 * K
SEEDS = 16
_MODULUS = 65521


def vocabulary(n):
    """Return the vocabulary for up to n pairs."""
    letters = [name for j in range(1, K + 1) for name in (f"a{j}", f"A{j}")]
    return Vocab(["[BOS]", "[EOS]", "[MASK]"] + letters
                 + [str(k) for k in range(max(n, SEEDS - 1) + 1)])


def machine(n):
    """Return the AP-MDM over :func:`vocabulary` (n), halting on a fixed point."""
    return APMDM(vocabulary(n), halt_on_eos=False)


def prompt_for(pairs, seed):
    """Return ``[BOS] pairs seed``: an empty word that will grow to 2·pairs letters."""
    return np.array([BOS, NUM0 + pairs, NUM0 + seed], dtype=np.int32)


def prompt(n, rng=None):
    """Return a prompt for n pairs with a random seed."""
    return prompt_for(n, int(np.random.default_rng(rng).integers(0, SEEDS)))


def inverse(token):
    """Return the inverse letter of ``token`` (a1 <-> A1, ...)."""
    return token + 1 if (token - LETTER0) % 2 == 0 else token - 1


def term(j, token):
    """The hash's term for ``token`` at position ``j`` (below 65521, so sums stay exact)."""
    return ((j + 1) * 7919 + (token + 3) * 104729 * (j % 5 + 1)) % _MODULUS


def sequence_hash(x):
    """Return ``Σ_j term(j, x_j)``."""
    j = np.arange(len(x), dtype=np.int64)
    return int(term(j, np.asarray(x, dtype=np.int64)).sum())


def policy(x):
    """One step of the pair-insertion sampler (see the module docstring)."""
    x = np.asarray(x)
    if len(x) < 3:
        return None
    masks = np.flatnonzero(x == MASK)
    letters = len(x) - 3
    if masks.size == 0:
        if letters >= 2 * (int(x[1]) - NUM0):
            return None
        return Edit.insert_after([2 + sequence_hash(x) % (letters + 1)])
    if masks.size == 1:
        return Edit.remask([masks[0]]) | Edit.insert_after([masks[0]])
    if masks.size == 2 and masks[1] == masks[0] + 1:
        letter = LETTER0 + (sequence_hash(x) // 7) % (2 * K)
        return Edit.unmask(masks, [letter, inverse(letter)])
    return None


def reduces_to_empty(word):
    """Return True if ``word`` (letter ids) freely reduces to the empty word."""
    stack = []
    for token in np.asarray(word).tolist():
        if stack and stack[-1] == inverse(token):
            stack.pop()
        else:
            stack.append(token)
    return not stack
