"""Post m-tag systems and Cook cyclic tag systems, run on an int queue by Numba kernels.

Conventions (checked by tests/simulators/test_tag.py against plain Python):

m-tag system (Post 1943; the form in Minsky 1961 and De Mol 2008). Before every step the
word is tested, in this order:

1. shorter than ``m`` symbols: stop with ``stopped_by="halted"`` and
   ``halt_detail="short_word"`` (the halting word of the usual definition; the Collatz
   system below halts this way at ``a``);
2. first symbol is a declared halt symbol: stop with ``stopped_by="halted"`` and
   ``halt_detail="halt_symbol"``;
3. first symbol has no production: ``on_missing="halt"`` stops with
   ``stopped_by="missing_rule"``, ``on_missing="error"`` raises
   :class:`~simulators.errors.MissingRuleError`.

Otherwise the step appends the production of the first symbol and deletes the first ``m``
symbols (appending first or deleting first gives the same word, as the word has at least
``m`` symbols). ``steps`` counts productions applied.

Cyclic tag system (Cook 2004): appendants ``A_0 .. A_{p-1}`` over {0, 1}; step ``k`` looks
at the front bit, appends ``A_{k mod p}`` if it is 1, then deletes the front bit. It stops
with ``stopped_by="halted"`` and ``halt_detail="empty"`` when the word is empty. Every
deletion is a step.

Limits: ``max_steps`` stops with ``stopped_by="max_steps"`` after that many steps; the
``max_length`` argument stops with ``stopped_by="max_context"`` before a step that would
leave the word longer than that (measured after the step's deletion). ``peak_length`` is
measured between steps. The queue core (words, results, the kernel) is
:mod:`simulators.queue`.
"""

from dataclasses import dataclass, replace

import numpy as np

from simulators.errors import InvalidArgumentError, MalformedMachineError, MissingRuleError
from simulators.queue import (Alphabet, QueueResult, WindowSystem, check_on_missing,
                              collect_alphabet, encode_rule_side, flat_table, length_limit,
                              rule_tables, run_queue, run_window_system, split_rule_side,
                              window_kernel)
from simulators.stops import MISSING_RULE
from simulators.validation import check_positive_int

__all__ = [
    "Alphabet",
    "QueueResult",
    "TagSystem",
    "CyclicTagSystem",
    "make_tag_system",
    "make_cyclic_tag_system",
    "run_tag",
    "run_cyclic_tag",
]


@dataclass(frozen=True, eq=False)
class TagSystem(WindowSystem):
    """An m-tag system in table form (build it with :func:`make_tag_system`): each step
    reads one symbol and deletes ``m``; the windows of :class:`WindowSystem` are symbols."""


@dataclass(frozen=True, eq=False)
class CyclicTagSystem:
    """A cyclic tag system (build it with :func:`make_cyclic_tag_system`).

    Attributes
    ----------
    appendants : tuple of str
        The appendants as bit strings, applied cyclically.
    offsets, productions : numpy.ndarray
        Flat table as in :class:`TagSystem`, indexed by appendant number.
    """

    appendants: tuple
    offsets: np.ndarray
    productions: np.ndarray


def make_tag_system(rules, *, m=2, halt=(), on_missing="error", alphabet=None):
    """Build an m-tag system from a mapping ``symbol -> production``.

    Parameters
    ----------
    rules : mapping
        Symbol name to its production: a sequence of names, or a string, split into
        characters when every symbol name (keys, ``halt``, ``alphabet``) is one character
        and on whitespace otherwise; ``""`` is the empty production.
    m : int, optional
        Deletion number (>= 1).
    halt : iterable of str, optional
        Halt symbols: a word starting with one stops the run. They need no production.
    on_missing : {"error", "halt"}, optional
        What a symbol with no production (and not a halt symbol) does when read.
    alphabet : Alphabet or sequence of str, optional
        Symbol order (ids); by default the order of first appearance in ``rules`` then
        ``halt``.

    Returns
    -------
    TagSystem

    Raises
    ------
    MalformedMachineError
        If a rule's left side is not a single symbol, a symbol is not in ``alphabet``, or
        a halt symbol also has a production.
    InvalidArgumentError
        If ``m`` is not a positive integer or ``on_missing`` is unknown.

    Examples
    --------
    >>> collatz = make_tag_system({"a": "bc", "b": "a", "c": "aaa"}, m=2)
    >>> run_tag(collatz, "aaa").final_word  # 3 -> 5 -> 8 -> 4 -> 2 -> 1
    'a'
    """
    m = check_positive_int(m, "m")
    check_on_missing(on_missing)
    halt = [halt] if isinstance(halt, str) else list(halt)
    if not hasattr(rules, "items"):
        raise MalformedMachineError("tag rules must be a mapping symbol -> production")
    names = [alphabet.names if isinstance(alphabet, Alphabet) else alphabet or (), halt]
    by_spaces = any(len(str(lhs).strip()) > 1 for lhs in rules) or any(
        len(name) > 1 for group in names for name in group)
    parsed = {}
    for lhs, rhs in rules.items():
        symbol = str(lhs).strip()
        if not symbol or any(c.isspace() for c in symbol):
            raise MalformedMachineError(
                f"rule {lhs!r}: a tag rule's left side is one symbol")
        parsed[symbol] = split_rule_side(rhs, by_spaces)
    for name in halt:
        if name in parsed:
            raise MalformedMachineError(f"halt symbol {name!r} also has a production")
    alphabet = collect_alphabet([list(parsed), *parsed.values(), halt], alphabet)
    productions = {}
    for name, rhs in parsed.items():
        lhs_id = encode_rule_side(alphabet, [name], name)[0]
        productions[lhs_id] = encode_rule_side(alphabet, rhs, name)
    offsets, flat, has_rule, is_halt = rule_tables(productions, alphabet.size, alphabet, halt)
    return TagSystem(m, alphabet, offsets, flat, has_rule, is_halt, on_missing)


def make_cyclic_tag_system(appendants):
    """Build a cyclic tag system from its appendants (bit strings such as ``"011"``).

    Raises
    ------
    MalformedMachineError
        If there is no appendant or one holds a character other than 0 and 1.

    Examples
    --------
    >>> run_cyclic_tag(make_cyclic_tag_system(["1", "0"]), "1").steps  # 1 -> 1 -> 0 -> (empty)
    3
    """
    if isinstance(appendants, str):
        appendants = appendants.split(",")
    appendants = tuple(appendants)
    if not appendants:
        raise MalformedMachineError("a cyclic tag system needs at least one appendant")
    productions = {}
    for index, appendant in enumerate(appendants):
        if not isinstance(appendant, str) or set(appendant) - {"0", "1"}:
            raise MalformedMachineError(
                f"appendant {index} ({appendant!r}) must be a string of 0s and 1s")
        productions[index] = np.array([int(c) for c in appendant], np.int32)
    offsets, flat = flat_table(productions, len(appendants))
    return CyclicTagSystem(appendants, offsets, flat)


_BITS = Alphabet(("0", "1"))


def run_tag(system, word, *, max_steps=10**9, max_length=None, record_steps=0):
    """Run an m-tag system from ``word`` (conventions in the module docstring).

    Parameters
    ----------
    system : TagSystem
        From :func:`make_tag_system`.
    word : str or sequence of str
        The initial word.
    max_steps : int, optional
        Stop with ``stopped_by="max_steps"`` after this many productions.
    max_length : int, optional
        Stop with ``stopped_by="max_context"``, before the step, when a step would make the
        word longer than this (default: no limit but memory).
    record_steps : int, optional
        Record the symbol read and the word length of the first this many steps.

    Returns
    -------
    QueueResult

    Raises
    ------
    MissingRuleError
        If the system was built with ``on_missing="error"`` and the front symbol has no
        production; ``.word`` is the symbol, ``.step`` the step, ``.partial`` the result
        up to there.
    InvalidArgumentError
        If ``word`` holds an unknown symbol or a limit is not a valid integer.

    Examples
    --------
    >>> system = make_tag_system({"a": "ab", "b": ""}, m=2, halt="h")
    >>> result = run_tag(system, "aab")  # aab -> bab -> b
    >>> result.steps, result.stopped_by, result.final_word, result.peak_length
    (2, 'halted', 'b', 3)
    """
    if not isinstance(system, TagSystem):
        raise InvalidArgumentError(f"system must be a TagSystem, got {type(system).__name__}")
    result = run_window_system(system, word, width=1, delete=system.m, max_steps=max_steps,
                               max_length=max_length, record_steps=record_steps)
    if result.stopped_by == MISSING_RULE and system.on_missing == "error":
        symbol = system.alphabet.names[int(result.final_ids[0])]
        raise MissingRuleError(
            f"step {result.steps}: no production for symbol {symbol!r} at the front of the "
            "word; add a rule, declare it a halt symbol, or build the system with "
            "on_missing='halt'", word=symbol, step=result.steps, partial=result)
    return result


def run_cyclic_tag(system, word, *, max_steps=10**9, max_length=None, record_steps=0):
    """Run a cyclic tag system from the bit string ``word`` (conventions in the module
    docstring).

    Parameters
    ----------
    system : CyclicTagSystem
        From :func:`make_cyclic_tag_system`.
    word : str
        The initial word, e.g. ``"1"``.
    max_steps : int, optional
        Stop with ``stopped_by="max_steps"`` after this many steps.
    max_length : int, optional
        Stop with ``stopped_by="max_context"``, before the step, when a step would make the
        word longer than this.
    record_steps : int, optional
        Record the appendant index and the word length of the first this many steps.

    Returns
    -------
    QueueResult
        ``record_rule`` holds the appendant applied at each recorded step (-1 when the
        front bit was 0).

    Raises
    ------
    InvalidArgumentError
        If ``word`` holds a character other than 0 and 1 or a limit is invalid.

    Examples
    --------
    >>> system = make_cyclic_tag_system(["011", "10", "101"])
    >>> result = run_cyclic_tag(system, "1", max_steps=4)
    >>> result.final_word, result.appended
    ('101011', 9)
    """
    if not isinstance(system, CyclicTagSystem):
        raise InvalidArgumentError(
            f"system must be a CyclicTagSystem, got {type(system).__name__}")
    max_steps = check_positive_int(max_steps, "max_steps")
    ids = _BITS.encode(word if isinstance(word, str) else "".join(map(str, word)))
    limit = length_limit(max_length)
    period = len(system.appendants)
    # rule phase * 2 + bit: appendant ``phase`` after a 1, nothing after a 0
    offsets = np.empty(2 * period + 1, np.int64)
    offsets[0::2], offsets[1::2] = system.offsets, system.offsets[:-1]
    no_stop = np.zeros(2 * period, np.int64)
    no_halt = np.zeros(2, np.uint8)

    def kernel(queue, head, tail, budget, rule, length, record_at):
        return window_kernel(queue, head, tail, 1, 1, 2, offsets, system.productions, no_stop,
                             no_halt, budget, limit, rule, length, record_at, period,
                             record_at % period)

    result = run_queue(kernel, ids, max_steps, record_steps, _BITS)
    rules = np.where(result.record_rule % 2 == 1, result.record_rule // 2, -1)
    return replace(result, record_rule=rules,
                   halt_detail="empty" if result.halt_detail else None)
