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

1. shorter than ``m`` symbols: stop, ``stopped_by="short_word"`` (Wang's halting
   condition: no window can be read);
2. first symbol is a declared halt symbol: stop, ``stopped_by="halt_symbol"``;
3. no rule for the window: the system declares at construction what this means:
   ``on_missing="halt"`` stops with ``stopped_by="missing_rule"`` (Wang's convention:
   a missing rule is how a lag system halts), ``on_missing="error"`` raises
   :class:`~simulators.errors.MissingRuleError` naming the window and the step.

Otherwise the production is appended and the first symbol deleted; ``steps`` counts
productions applied. Limits: ``max_steps`` stops with ``stopped_by="max_steps"``;
``max_length`` stops with ``stopped_by="max_length"`` before a step that would leave the
word longer than that. Windows are indexed in a flat table as base-|alphabet| numbers,
first symbol most significant.
"""

from dataclasses import dataclass

import numpy as np

from simulators.errors import InvalidArgumentError, MalformedMachineError, MissingRuleError
from simulators.jit import njit
from simulators.tag import (_CODE_BUDGET, _CODE_HALT, _CODE_LENGTH, _CODE_MISSING,
                            _CODE_SHORT, Alphabet, _check_on_missing, _collect_alphabet,
                            _encode_rule_side, _length_limit, _longest_production,
                            _reserve, _run_chunks, _safe_steps, _split_any)
from simulators.validation import check_positive_int

__all__ = ["LagSystem", "make_lag_system", "run_lag"]

_MAX_TABLE = 1 << 24


@dataclass(frozen=True, eq=False)
class LagSystem:
    """A lag-m system in table form (build it with :func:`make_lag_system`).

    Attributes
    ----------
    m : int
        Window length.
    alphabet : Alphabet
    offsets : numpy.ndarray
        int64, length ``alphabet.size ** m + 1``; the production of the window with code
        ``w`` (base-|alphabet|, first symbol most significant) is
        ``productions[offsets[w]:offsets[w + 1]]``.
    productions : numpy.ndarray
        int32, all productions concatenated.
    has_rule : numpy.ndarray
        uint8 per window code.
    is_halt : numpy.ndarray
        uint8 per symbol.
    on_missing : str
        ``"halt"`` or ``"error"``.
    n_rules : int
        Number of rules.
    """

    m: int
    alphabet: Alphabet
    offsets: np.ndarray
    productions: np.ndarray
    has_rule: np.ndarray
    is_halt: np.ndarray
    on_missing: str
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
    _check_on_missing(on_missing)
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
        window = tuple(_split_any(lhs, by_spaces))
        if m is None:
            m = len(window)
        if len(window) != m:
            raise MalformedMachineError(
                f"rule {lhs!r}: window has {len(window)} symbols; expected m={m}")
        parsed.append((lhs, window, _split_any(rhs, by_spaces)))
    if m is None:
        raise MalformedMachineError("a lag system needs at least one rule (or m)")
    m = check_positive_int(m, "m")
    alphabet = _collect_alphabet(
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
        for symbol in _encode_rule_side(alphabet, list(window), lhs):
            code = code * base + int(symbol)
        if code in productions:
            raise MalformedMachineError(
                f"rule {lhs!r}: window already has a rule (from {sources[code]!r})")
        sources[code] = lhs
        productions[code] = _encode_rule_side(alphabet, rhs, lhs)
    offsets = np.zeros(base ** m + 1, np.int64)
    lengths = np.zeros(base ** m, np.int64)
    for code, production in productions.items():
        lengths[code] = len(production)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.zeros(int(offsets[-1]), np.int32)
    for code, production in productions.items():
        flat[offsets[code]:offsets[code + 1]] = production
    has_rule = np.zeros(base ** m, np.uint8)
    has_rule[list(productions)] = 1
    is_halt = np.zeros(base, np.uint8)
    is_halt[_encode_rule_side(alphabet, halt, "halt")] = 1
    return LagSystem(m, alphabet, offsets, flat, has_rule, is_halt, on_missing,
                     len(productions))


@njit(cache=True)
def _lag_kernel(queue, head, tail, m, base, offsets, productions, has_rule, is_halt,
                max_steps, max_length, record_rule, record_length, record_at):
    """Run a lag system for up to ``max_steps`` steps; return (code, steps, queue, head,
    tail, peak, appended). The growth check runs once per chunk of steps that cannot run
    out of room, not once per step."""
    longest = _longest_production(offsets)
    n_record = record_rule.shape[0]
    steps = 0
    appended = 0
    peak = tail - head
    code = _CODE_BUDGET
    while steps < max_steps and code == _CODE_BUDGET:
        if tail + longest > queue.shape[0]:
            queue, head, tail = _reserve(queue, head, tail, max(longest, (tail - head) // 2))
        for _ in range(_safe_steps(queue, tail, longest, max_steps - steps)):
            if tail - head < m:
                code = _CODE_SHORT
                break
            if is_halt[queue[head]]:
                code = _CODE_HALT
                break
            window = 0
            for k in range(m):
                window = window * base + queue[head + k]
            if not has_rule[window]:
                code = _CODE_MISSING
                break
            start = offsets[window]
            stop = offsets[window + 1]
            if tail - head + stop - start - 1 > max_length:
                code = _CODE_LENGTH
                break
            if record_at + steps < n_record:
                record_rule[record_at + steps] = window
                record_length[record_at + steps] = tail - head
            for k in range(start, stop):
                queue[tail] = productions[k]
                tail += 1
            appended += stop - start
            head += 1
            steps += 1
            if tail - head > peak:
                peak = tail - head
    return code, steps, queue, head, tail, peak, appended


def run_lag(system, word, *, max_steps=10**9, max_length=None, record_steps=0):
    """Run a lag system from ``word`` (conventions in the module docstring).

    Parameters
    ----------
    system : LagSystem
        From :func:`make_lag_system`.
    word : str or sequence of str
        The initial word.
    max_steps : int, optional
        Stop with ``stopped_by="max_steps"`` after this many productions.
    max_length : int, optional
        Stop with ``stopped_by="max_length"``, before the step, when a step would make the
        word longer than this (default: no limit but memory).
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
    max_steps = check_positive_int(max_steps, "max_steps")
    ids = system.alphabet.encode(word)
    limit = _length_limit(max_length)

    def kernel(queue, head, tail, budget, rule, length, record_at):
        return _lag_kernel(queue, head, tail, system.m, system.alphabet.size, system.offsets,
                           system.productions, system.has_rule, system.is_halt, budget, limit,
                           rule, length, record_at)

    result = _run_chunks(kernel, ids, max_steps, record_steps, system.alphabet)
    if result.stopped_by == "missing_rule" and system.on_missing == "error":
        window = system.alphabet.decode(result.final_ids[:system.m])
        raise MissingRuleError(
            f"step {result.steps}: no rule for window {window!r}; add a rule, declare "
            f"its first symbol a halt symbol, or build the system with on_missing='halt'",
            word=window, step=result.steps, partial=result)
    return result
