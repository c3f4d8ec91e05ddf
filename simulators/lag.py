"""Lag systems (Wang 1963; Schuurmans, Dai and Zanini 2024) run on an int queue by a Numba kernel.

A lag-m system has rules ``x_1 ... x_m -> y`` mapping words of length ``m`` to productions.
A step (Wang 1963, "Tag systems and lag systems", Math. Annalen 152, as usually
summarised) reads the first ``m`` symbols of the word, appends the production of that
window and deletes the **first symbol only**; a word shorter than ``m``, or a window with
no rule, ends the computation. Schuurmans, Dai and Zanini (2024, "Autoregressive large
language models are computationally universal", arXiv 2410.03170) use this model for
extended autoregressive decoding: the window is the bounded context, the production is
what the model emits, and the window advances by one symbol per step.

Exact convention of this module (tests/simulators/test_lag.py checks it against plain
Python). Before every step the word is tested, in this order:

1. shorter than ``m`` symbols: stop with ``stopped_by="halted"`` and
   ``halt_detail="short_word"`` (Wang's halting condition: no window can be read);
2. first symbol is a declared halt symbol: stop with ``stopped_by="halted"`` and
   ``halt_detail="halt_symbol"``;
3. no rule for the window: the system declares at construction what this means:
   ``on_missing="halt"`` stops with ``stopped_by="missing_rule"`` (Wang's convention:
   a missing rule is how a lag system halts), ``on_missing="error"`` raises
   :class:`~simulators.errors.MissingRuleError` naming the window and the step.

Otherwise the production is appended and the first symbol deleted; ``steps`` counts
productions applied. Limits: ``max_steps`` stops with ``stopped_by="max_steps"``; the
``max_length`` argument stops with ``stopped_by="max_context"`` before a step that would
leave the word longer than that. Windows are indexed in a flat table as base-|alphabet|
numbers, first symbol most significant. The queue core (words, results, the kernel) is
:mod:`simulators.queue`; a lag-m step is its window kernel reading m symbols and deleting
one.
"""

from dataclasses import dataclass

import numpy as np

from simulators.errors import InvalidArgumentError, MalformedMachineError, MissingRuleError
from simulators.queue import (Alphabet, WindowSystem, check_on_missing, collect_alphabet,
                              encode_rule_side, rule_tables, run_window_system, split_rule_side)
from simulators.stops import MISSING_RULE
from simulators.validation import check_positive_int

__all__ = ["LagSystem", "make_lag_system", "run_lag"]

_MAX_TABLE = 1 << 24


@dataclass(frozen=True, eq=False)
class LagSystem(WindowSystem):
    """A lag-m system in table form (build it with :func:`make_lag_system`): each step
    reads the first ``m`` symbols and deletes one; ``n_rules`` counts its rules.

    Attributes
    ----------
    n_rules : int
        Number of rules (the other attributes are :class:`WindowSystem`'s).
    """

    n_rules: int

    def window(self, code):
        """Return the window (a word) with table index ``code``."""
        base = self.alphabet.size
        digits = []
        for _ in range(self.m):
            code, digit = divmod(code, base)
            digits.append(digit)
        return self.alphabet.decode(digits[::-1])


def make_lag_system(rules, *, m=None, halt=(), on_missing="error", alphabet=None):
    """Build a lag system from a mapping ``window -> production``.

    Parameters
    ----------
    rules : mapping
        Window to production. Each is a sequence of names, or a string: split on
        whitespace when symbol names are longer than one character (known from
        ``alphabet``, ``halt``, tuple windows or a window written with spaces), otherwise
        into characters. ``""`` is the empty production.
    m : int, optional
        Window length; by default the length of the windows in ``rules``.
    halt : iterable of str, optional
        Halt symbols: a word starting with one stops the run.
    on_missing : {"error", "halt"}, optional
        What a window with no rule does (see the module docstring).
    alphabet : Alphabet or sequence of str, optional
        Symbol order; by default the order of first appearance.

    Returns
    -------
    LagSystem

    Raises
    ------
    MalformedMachineError
        If the windows differ in length or from ``m``, a window has two rules, a symbol is
        not in ``alphabet``, or ``|alphabet| ** m`` exceeds 2**24 (the table would be too
        large).
    InvalidArgumentError
        If ``m`` is not a positive integer or ``on_missing`` is unknown.

    Examples
    --------
    >>> xor = make_lag_system({"00": "0", "01": "1", "10": "1", "11": "0"})
    >>> run_lag(xor, "0110", max_steps=4).final_word
    '1011'
    """
    check_on_missing(on_missing)
    halt = [halt] if isinstance(halt, str) else list(halt)
    if not hasattr(rules, "items"):
        raise MalformedMachineError("lag rules must be a mapping window -> production")
    if alphabet is not None:
        by_spaces = any(len(name) > 1 for name in
                        (alphabet.names if isinstance(alphabet, Alphabet) else alphabet))
    else:
        by_spaces = any(len(name) > 1 for name in halt) or any(
            not isinstance(lhs, str) or any(c.isspace() for c in lhs.strip()) for lhs in rules)
    parsed = []
    for lhs, rhs in rules.items():
        window = tuple(split_rule_side(lhs, by_spaces))
        if m is None:
            m = len(window)
        if len(window) != m:
            raise MalformedMachineError(
                f"rule {lhs!r}: window has {len(window)} symbols; expected m={m}")
        parsed.append((lhs, window, split_rule_side(rhs, by_spaces)))
    if m is None:
        raise MalformedMachineError("a lag system needs at least one rule (or m)")
    m = check_positive_int(m, "m")
    alphabet = collect_alphabet(
        [[name for _, window, rhs in parsed for name in (*window, *rhs)], halt], alphabet)
    base = alphabet.size
    if base ** m > _MAX_TABLE:
        raise MalformedMachineError(
            f"{base} symbols and m={m} make a table of {base ** m} windows; at most "
            f"{_MAX_TABLE} are supported")
    productions = {}
    sources = {}
    for lhs, window, rhs in parsed:
        code = 0
        for symbol in encode_rule_side(alphabet, list(window), lhs):
            code = code * base + int(symbol)
        if code in productions:
            raise MalformedMachineError(
                f"rule {lhs!r}: window already has a rule (from {sources[code]!r})")
        sources[code] = lhs
        productions[code] = encode_rule_side(alphabet, rhs, lhs)
    offsets, flat, has_rule, is_halt = rule_tables(productions, base ** m, alphabet, halt)
    return LagSystem(m, alphabet, offsets, flat, has_rule, is_halt, on_missing,
                     len(productions))


def run_lag(system, word, *, max_steps=10**9, max_length=None, record_steps=0):
    """Run a lag system from ``word`` (conventions in the module docstring).

    Parameters
    ----------
    system : LagSystem
        From :func:`make_lag_system`.
    word, max_steps, max_length
        As in :func:`simulators.tag.run_tag`.
    record_steps : int, optional
        Record the window code and the word length of the first this many steps.

    Returns
    -------
    QueueResult
        ``peak_length`` is measured between steps.

    Raises
    ------
    MissingRuleError
        If the system was built with ``on_missing="error"`` and a window has no rule;
        ``.word`` is the window, ``.step`` the step, ``.partial`` the result up to there.
    InvalidArgumentError
        If ``word`` holds an unknown symbol or a limit is not a valid integer.

    Examples
    --------
    >>> system = make_lag_system({"ab": "b", "bb": "ba"}, on_missing="halt")
    >>> result = run_lag(system, "abb")
    >>> result.steps, result.stopped_by, result.final_word
    (4, 'missing_rule', 'bababa')
    """
    if not isinstance(system, LagSystem):
        raise InvalidArgumentError(f"system must be a LagSystem, got {type(system).__name__}")
    result = run_window_system(system, word, width=system.m, delete=1, max_steps=max_steps,
                               max_length=max_length, record_steps=record_steps)
    if result.stopped_by == MISSING_RULE and system.on_missing == "error":
        window = system.alphabet.decode(result.final_ids[:system.m])
        raise MissingRuleError(
            f"step {result.steps}: no rule for window {window!r}; add a rule, declare "
            f"its first symbol a halt symbol, or build the system with on_missing='halt'",
            word=window, step=result.steps, partial=result)
    return result
