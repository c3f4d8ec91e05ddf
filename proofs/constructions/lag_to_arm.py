"""A lag system as an ARM whose policy reads only its last W tokens (after Schuurmans et al. 2024).

Variant. Schuurmans et al. run a lag system by *extended* autoregressive decoding: the
model reads a bounded window that advances one symbol per production and appends the
production. Our ARM appends one token per step and its policy is given only the last
W tokens, so the sequence itself must say where the lag window is. After each
production the ARM writes a separator ``[|L]`` holding the new queue length L (one
token per length up to ``max_length``). The policy finds the last separator, counts L
symbols back from it to the queue's front, reads the m symbols there and writes the
next symbol of that window's production, or, when the production is complete, the
next separator. So one production of length k costs k + 1 ARM steps, and the whole
history stays in the sequence: symbol s of the sequence (separators skipped) is the
front of the queue at production s.

The policy stops (returns None) where the lag system stops: a queue shorter than m, a
halt symbol in front, a window with no rule, or a queue longer than ``max_length``. A
window W too short to reach the front reads nothing there and stops too, so a run
with too small a window ends early instead of computing something else; the window a
run needed is :func:`window_needed`.
"""

import numpy as np

from proofs.constructions.compiled import Compiled
from simulators.errors import InvalidArgumentError
from simulators.lag import LagSystem
from simulators.machines import ARM
from simulators.validation import check_positive_int
from simulators.vocab import Vocab

__all__ = ["lag_to_arm", "lag_history", "window_needed"]


def lag_to_arm(system, max_length, window=None):
    """Compile a lag system into an ARM that reads a sliding window of its last tokens.

    Parameters
    ----------
    system : LagSystem
    max_length : int
        Longest queue the ARM can represent (one separator token per length).
    window : int, optional
        The policy sees only the last ``window`` tokens (default: the whole sequence).

    Returns
    -------
    Compiled
        ``prompt(word)``: the word's tokens and ``[|len(word)]``; ``decode(final)``: the
        final queue as a list of symbol names; ``bound`` = ``{"arm_steps_per_production":
        "production length + 1", "max_length": ..., "window": ...}``.

    Raises
    ------
    InvalidArgumentError
        If ``system`` is not a LagSystem, ``max_length`` or ``window`` is not a positive
        integer; ``prompt`` raises it for a word longer than ``max_length``.

    Examples
    --------
    >>> from simulators.lag import make_lag_system
    >>> system = make_lag_system({"ab": "b", "bb": "ba"}, on_missing="halt")
    >>> compiled = lag_to_arm(system, max_length=16, window=12)
    >>> result, word = compiled.run("abb")
    >>> "".join(word), result.resources.steps
    ('bababa', 11)
    """
    if not isinstance(system, LagSystem):
        raise InvalidArgumentError(f"system must be a LagSystem, got {type(system).__name__}")
    max_length = check_positive_int(max_length, "max_length")
    if window is not None:
        window = check_positive_int(window, "window")
    names = system.alphabet.names
    base = len(names)
    vocab = Vocab(list(names) + [f"[|{k}]" for k in range(max_length + 1)] + ["[MASK]"],
                  bos=None, eos=None)
    m, offsets, productions = system.m, system.offsets, system.productions

    def step(view):
        separators = np.flatnonzero(view >= base)
        if separators.size == 0:
            return None
        last = int(separators[-1])
        queue = int(view[last]) - base
        written = len(view) - 1 - last
        symbols = np.flatnonzero(view[:last] < base)
        if queue < m or len(symbols) < queue:
            return None  # a short word, or the front lies outside the window
        front = symbols[len(symbols) - queue:len(symbols) - queue + m]
        if system.is_halt[view[front[0]]]:
            return None
        code = 0
        for position in front:
            code = code * base + int(view[position])
        if not system.has_rule[code]:
            return None
        production = productions[offsets[code]:offsets[code + 1]]
        new_length = queue - 1 + len(production)
        if new_length > max_length:
            return None  # as run_lag's max_length: stop before the production
        return int(production[written]) if written < len(production) else base + new_length

    def policy(x):
        return step(x if window is None else x[-window:])

    def prompt(word):
        ids = system.alphabet.encode(word)
        if len(ids) > max_length:
            raise InvalidArgumentError(f"the word has {len(ids)} symbols, more than "
                                       f"max_length={max_length}")
        return np.concatenate([ids, [base + len(ids)]]).astype(np.int32)

    def decode(final):
        symbols, lengths, _ = lag_history(final, base)
        start = len(lengths) - 1
        return system.alphabet.split(system.alphabet.decode(symbols[start:start + lengths[-1]]))

    bound = {"arm_steps_per_production": "production length + 1", "max_length": max_length,
             "window": window}
    return Compiled(ARM(vocab), policy, prompt, decode, bound)


def lag_history(sequence, alphabet_size):
    """Read an ARM sequence of :func:`lag_to_arm` back as the lag run it records.

    Returns
    -------
    symbols : numpy.ndarray
        The lag symbols in order (separators removed): the queue before production s
        is ``symbols[s:s + lengths[s]]``.
    lengths : numpy.ndarray
        ``lengths[s]``: the queue length before production s (from the separators;
        ``len(lengths) - 1`` productions were completed).
    separator_positions : numpy.ndarray
        Where each separator sits in the sequence.
    """
    sequence = np.asarray(sequence)
    is_separator = sequence >= alphabet_size
    positions = np.flatnonzero(is_separator)
    return (sequence[~is_separator], sequence[positions] - alphabet_size, positions)


def window_needed(sequence, alphabet_size, prompt_length):
    """Return the smallest window W with which every step of this run sees the queue's front.

    For each state the policy saw (prompt up to the final sequence), the distance from
    the front of the queue to the end of the sequence, maximised.
    """
    sequence = np.asarray(sequence)
    is_separator = sequence >= alphabet_size
    symbol_positions = np.flatnonzero(~is_separator)
    separators_before = np.cumsum(is_separator)
    lengths = np.arange(prompt_length, len(sequence) + 1)
    productions = separators_before[lengths - 1] - 1
    fronts = symbol_positions[np.minimum(productions, len(symbol_positions) - 1)]
    return int((lengths - fronts).max())
