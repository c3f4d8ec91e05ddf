"""Post m-tag systems and Cook cyclic tag systems, run on an int queue by Numba kernels.

Conventions (checked by tests/simulators/test_tag.py against plain Python):

m-tag system (Post 1943; the form in Minsky 1961 and De Mol 2008). Before every step the
word is tested, in this order:

1. shorter than ``m`` symbols: stop, ``stopped_by="short_word"`` (the halting word of the
   usual definition; the Collatz system below halts this way at ``a``);
2. first symbol is a declared halt symbol: stop, ``stopped_by="halt_symbol"``;
3. first symbol has no production: ``on_missing="halt"`` stops with
   ``stopped_by="missing_rule"``, ``on_missing="error"`` raises
   :class:`~simulators.errors.MissingRuleError`.

Otherwise the step appends the production of the first symbol and deletes the first ``m``
symbols (appending first or deleting first gives the same word, as the word has at least
``m`` symbols). ``steps`` counts productions applied.

Cyclic tag system (Cook 2004): appendants ``A_0 .. A_{p-1}`` over {0, 1}; step ``k`` looks
at the front bit, appends ``A_{k mod p}`` if it is 1, then deletes the front bit. It stops
with ``stopped_by="empty"`` when the word is empty. Every deletion is a step.

Limits: ``max_steps`` stops with ``stopped_by="max_steps"`` after that many steps;
``max_length`` stops with ``stopped_by="max_length"`` before a step that would leave the
word longer than that (measured after the step's deletion). ``peak_length`` is measured
between steps.
"""

from dataclasses import dataclass, field

import numpy as np

from simulators.errors import InvalidArgumentError, MalformedMachineError, MissingRuleError
from simulators.interrupts import CHUNK_STEPS, catch_interrupts
from simulators.jit import njit
from simulators.validation import (check_memory, check_nonnegative_int, check_positive_int,
                                   memory_budget)

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

(_CODE_BUDGET, _CODE_SHORT, _CODE_HALT, _CODE_MISSING, _CODE_EMPTY, _CODE_LENGTH,
 _CODE_INTERRUPTED) = range(7)
# code -> (stopped_by from simulators.stops, halt_detail)
_STOPS = {_CODE_BUDGET: ("max_steps", None), _CODE_SHORT: ("halted", "short_word"),
          _CODE_HALT: ("halted", "halt_symbol"), _CODE_MISSING: ("missing_rule", None),
          _CODE_EMPTY: ("halted", "empty"), _CODE_LENGTH: ("max_context", None),
          _CODE_INTERRUPTED: ("interrupted", None)}
_ON_MISSING = ("halt", "error")


@dataclass(frozen=True)
class Alphabet:
    """Symbol names and their ids (0, 1, ... in the order given).

    A word is a string when every name is one character (``"abc"``), otherwise a
    sequence of names (or a string of names separated by spaces).

    Examples
    --------
    >>> alphabet = Alphabet(("a", "b", "c"))
    >>> alphabet.encode("cab").tolist(), alphabet.decode([2, 0, 1])
    ([2, 0, 1], 'cab')
    """

    names: tuple

    def __post_init__(self):
        if len(set(self.names)) != len(self.names):
            raise MalformedMachineError(f"alphabet {self.names!r} repeats a symbol")
        for name in self.names:
            if not isinstance(name, str) or not name or any(c.isspace() for c in name):
                raise MalformedMachineError(
                    f"symbol {name!r} must be a non-empty string without spaces")
        object.__setattr__(self, "_ids", {name: i for i, name in enumerate(self.names)})

    @property
    def size(self):
        """Number of symbols."""
        return len(self.names)

    @property
    def single_characters(self):
        """True if every symbol name is one character (words are then plain strings)."""
        return all(len(name) == 1 for name in self.names)

    def split(self, word):
        """Return ``word`` as a list of symbol names (see the class docstring)."""
        if isinstance(word, str):
            if any(c.isspace() for c in word.strip()) or not self.single_characters:
                return word.split()
            return list(word)
        return list(word)

    def encode(self, word, what="word"):
        """Return ``word`` as an int32 array of ids.

        Raises
        ------
        InvalidArgumentError
            If ``word`` holds a symbol the alphabet does not define.
        """
        ids = self._ids
        out = np.empty(len(names := self.split(word)), np.int32)
        for i, name in enumerate(names):
            if name not in ids:
                raise InvalidArgumentError(
                    f"{what}[{i}]={name!r} is not a symbol of this system "
                    f"(symbols: {', '.join(self.names)})")
            out[i] = ids[name]
        return out

    def decode(self, ids):
        """Return the word spelled by ``ids`` (a string; names joined by spaces if any
        name is longer than one character)."""
        names = [self.names[int(i)] for i in ids]
        return "".join(names) if self.single_characters else " ".join(names)


@dataclass(frozen=True, eq=False)
class QueueResult:
    """What a tag, cyclic tag or lag system run did.

    Attributes
    ----------
    steps : int
        Productions applied (for a cyclic tag system: front bits deleted).
    stopped_by : str
        ``"halted"``, ``"missing_rule"``, ``"max_steps"``, ``"max_context"`` (the
        ``max_length`` limit) or ``"interrupted"`` (values of
        ``simulators.stops.STOP_REASONS``; see the module docstrings).
    final_ids : numpy.ndarray
        The final word as an int32 array of symbol ids.
    final_length : int
        Its length.
    peak_length : int
        The longest the word was (the initial word included).
    appended : int
        Symbols appended over the run.
    deleted : int
        Symbols deleted over the run.
    record_rule : numpy.ndarray
        int64, for each of the first ``record_steps`` steps: the rule applied (tag: the
        symbol read; lag: the window as a base-|alphabet| number, first symbol most
        significant; cyclic tag: the appendant index, or -1 if the front bit was 0).
    record_length : numpy.ndarray
        int64, the word's length before each recorded step.
    alphabet : Alphabet
        To decode the final word.
    halt_detail : str or None
        How a ``"halted"`` run halted: ``"short_word"``, ``"halt_symbol"`` or ``"empty"``
        (cyclic tag); None otherwise.
    """

    steps: int
    stopped_by: str
    final_ids: np.ndarray = field(repr=False)
    final_length: int
    peak_length: int
    appended: int
    deleted: int
    record_rule: np.ndarray = field(repr=False)
    record_length: np.ndarray = field(repr=False)
    alphabet: Alphabet = field(repr=False)
    halt_detail: str | None = None

    @property
    def final_word(self):
        """The final word as a string (see :meth:`Alphabet.decode`)."""
        return self.alphabet.decode(self.final_ids)

    def as_dict(self, prefix=200):
        """Return JSON-ready values; the final word is cut to its first ``prefix`` symbols."""
        ids = self.final_ids[:prefix]
        return {
            "steps": self.steps, "stopped_by": self.stopped_by,
            "halt_detail": self.halt_detail,
            "final_length": self.final_length, "peak_length": self.peak_length,
            "appended": self.appended, "deleted": self.deleted,
            "final_word_prefix": self.alphabet.decode(ids),
            "final_word_truncated": bool(self.final_length > prefix),
            "record_rule": [int(v) for v in self.record_rule],
            "record_length": [int(v) for v in self.record_length],
        }


@dataclass(frozen=True, eq=False)
class TagSystem:
    """An m-tag system in table form (build it with :func:`make_tag_system`).

    Attributes
    ----------
    m : int
        Deletion number.
    alphabet : Alphabet
    offsets : numpy.ndarray
        int64, length ``alphabet.size + 1``; the production of symbol ``s`` is
        ``productions[offsets[s]:offsets[s + 1]]``.
    productions : numpy.ndarray
        int32, all productions concatenated.
    has_rule : numpy.ndarray
        uint8 per symbol: 1 if it has a production.
    is_halt : numpy.ndarray
        uint8 per symbol: 1 if it is a declared halt symbol.
    on_missing : str
        ``"halt"`` or ``"error"``.
    """

    m: int
    alphabet: Alphabet
    offsets: np.ndarray
    productions: np.ndarray
    has_rule: np.ndarray
    is_halt: np.ndarray
    on_missing: str


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


def _check_on_missing(on_missing):
    if on_missing not in _ON_MISSING:
        raise InvalidArgumentError(f"on_missing={on_missing!r}; expected 'halt' or 'error'")


def _collect_alphabet(symbol_lists, alphabet):
    if alphabet is not None:
        return alphabet if isinstance(alphabet, Alphabet) else Alphabet(tuple(alphabet))
    names = []
    seen = set()
    for symbols in symbol_lists:
        for name in symbols:
            if name not in seen:
                seen.add(name)
                names.append(name)
    return Alphabet(tuple(names))


def _flat_table(productions, size):
    """Concatenate ``productions`` (dict id -> int array) into offsets + flat arrays."""
    offsets = np.zeros(size + 1, np.int64)
    for symbol in range(size):
        offsets[symbol + 1] = offsets[symbol] + len(productions.get(symbol, ()))
    flat = np.zeros(int(offsets[-1]), np.int32)
    for symbol, production in productions.items():
        flat[offsets[symbol]:offsets[symbol + 1]] = production
    return offsets, flat


def _split_any(text, by_spaces):
    """Split a rule side: on whitespace if ``by_spaces`` (multi-character symbol names),
    otherwise into characters; a non-string is taken as a sequence of names."""
    if isinstance(text, str):
        return text.split() if by_spaces else list(text.strip())
    return [str(name) for name in text]


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
    _check_on_missing(on_missing)
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
        parsed[symbol] = _split_any(rhs, by_spaces)
    for name in halt:
        if name in parsed:
            raise MalformedMachineError(f"halt symbol {name!r} also has a production")
    alphabet = _collect_alphabet([list(parsed), *parsed.values(), halt], alphabet)
    productions = {}
    for name, rhs in parsed.items():
        lhs_id = _encode_rule_side(alphabet, [name], name)[0]
        productions[lhs_id] = _encode_rule_side(alphabet, rhs, name)
    offsets, flat = _flat_table(productions, alphabet.size)
    has_rule = np.zeros(alphabet.size, np.uint8)
    has_rule[list(productions)] = 1
    is_halt = np.zeros(alphabet.size, np.uint8)
    is_halt[_encode_rule_side(alphabet, halt, "halt")] = 1
    return TagSystem(m, alphabet, offsets, flat, has_rule, is_halt, on_missing)


def _encode_rule_side(alphabet, names, rule):
    try:
        return alphabet.encode(names)
    except InvalidArgumentError as error:
        raise MalformedMachineError(f"rule {rule!r}: {error}") from None


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
    offsets, flat = _flat_table(productions, len(appendants))
    return CyclicTagSystem(appendants, offsets, flat)


_BITS = Alphabet(("0", "1"))


@njit(cache=True)
def _longest_production(offsets):
    """Length of the longest production in a flat table (offsets into the productions)."""
    longest = 0
    for rule in range(offsets.shape[0] - 1):
        longest = max(longest, offsets[rule + 1] - offsets[rule])
    return longest


@njit(cache=True)
def _reserve(queue, head, tail, need):
    """Make room for ``need`` more symbols: compact or double; return (queue, head, tail)."""
    if tail + need <= queue.shape[0]:
        return queue, head, tail
    live = tail - head
    if 2 * (live + need) <= queue.shape[0]:
        queue[:live] = queue[head:tail]
        return queue, 0, live
    grown = np.empty(max(2 * queue.shape[0], 2 * (live + need)), queue.dtype)
    grown[:live] = queue[head:tail]
    return grown, 0, live


@njit(cache=True)
def _safe_steps(queue, tail, longest, budget):
    """Steps that cannot run out of room (``longest`` symbols each); at least 1, as the
    caller has made room for one step."""
    return max(1, min(budget, (queue.shape[0] - tail) // max(longest, 1)))


@njit(cache=True)
def _tag_kernel(queue, head, tail, m, offsets, productions, stop_code, max_steps,
                max_length, record_rule, record_length, record_at):
    """Run an m-tag system for up to ``max_steps`` steps; return (code, steps, queue, head,
    tail, peak, appended). ``stop_code[s]`` is 0 if symbol ``s`` has a production, else the
    stop code it causes. The growth check runs once per chunk of steps that cannot run out
    of room, not once per step."""
    longest = _longest_production(offsets)
    n_record = record_rule.shape[0]
    steps = 0
    appended = 0
    peak = tail - head
    code = _CODE_BUDGET
    while steps < max_steps and code == _CODE_BUDGET:
        if tail + longest > queue.shape[0]:
            queue, head, tail = _reserve(queue, head, tail, max(longest, (tail - head) // 2))
        chunk = _safe_steps(queue, tail, longest, max_steps - steps)
        for _ in range(chunk):
            if tail - head < m:
                code = _CODE_SHORT
                break
            symbol = queue[head]
            if stop_code[symbol]:
                code = stop_code[symbol]
                break
            start = offsets[symbol]
            stop = offsets[symbol + 1]
            if tail - head + stop - start - m > max_length:
                code = _CODE_LENGTH
                break
            if record_at + steps < n_record:
                record_rule[record_at + steps] = symbol
                record_length[record_at + steps] = tail - head
            for k in range(start, stop):
                queue[tail] = productions[k]
                tail += 1
            appended += stop - start
            head += m
            steps += 1
            if tail - head > peak:
                peak = tail - head
    return code, steps, queue, head, tail, peak, appended


@njit(cache=True)
def _cyclic_tag_kernel(queue, head, tail, offsets, productions, max_steps, max_length,
                       record_rule, record_length, record_at, current):
    """Run a cyclic tag system for up to ``max_steps`` steps from appendant ``current``;
    return (code, steps, queue, head, tail, peak, appended)."""
    n_appendants = offsets.shape[0] - 1
    longest = _longest_production(offsets)
    n_record = record_rule.shape[0]
    steps = 0
    appended = 0
    peak = tail - head
    code = _CODE_BUDGET
    while steps < max_steps and code == _CODE_BUDGET:
        if tail + longest > queue.shape[0]:
            queue, head, tail = _reserve(queue, head, tail, max(longest, (tail - head) // 2))
        chunk = _safe_steps(queue, tail, longest, max_steps - steps)
        for _ in range(chunk):
            if tail == head:
                code = _CODE_EMPTY
                break
            bit = queue[head]
            start = offsets[current]
            stop = offsets[current + 1] if bit == 1 else start
            if tail - head - 1 + stop - start > max_length:
                code = _CODE_LENGTH
                break
            if record_at + steps < n_record:
                record_rule[record_at + steps] = current if bit == 1 else -1
                record_length[record_at + steps] = tail - head
            for k in range(start, stop):
                queue[tail] = productions[k]
                tail += 1
            appended += stop - start
            head += 1
            steps += 1
            if tail - head > peak:
                peak = tail - head
            current += 1
            if current == n_appendants:
                current = 0
    return code, steps, queue, head, tail, peak, appended


def _start_queue(word_ids):
    queue = np.zeros(max(64, 2 * len(word_ids)), np.int32)
    queue[:len(word_ids)] = word_ids
    return queue


def _length_limit(max_length):
    """The word length a run may reach: ``max_length``, and never more than the memory
    budget allows (an int32 queue that may be doubled: 12 bytes a symbol)."""
    by_memory = memory_budget() // 12
    if max_length is None:
        return by_memory
    return min(check_positive_int(max_length, "max_length"), by_memory)


def _record_arrays(record_steps, max_steps):
    count = min(check_nonnegative_int(record_steps, "record_steps"), max_steps)
    check_memory(16 * count, f"recording {count:,} steps")
    return np.zeros(count, np.int64), np.zeros(count, np.int64)


def _run_chunks(kernel, ids, max_steps, record_steps, alphabet):
    """Run ``kernel(queue, head, tail, budget, rule, length, steps_done)`` in
    chunks of ``CHUNK_STEPS`` steps, stopping between chunks on Ctrl-C; return a
    :class:`QueueResult`."""
    check_memory(8 * max(64, 2 * len(ids)), "the initial queue")
    rule, length = _record_arrays(record_steps, max_steps)
    queue = _start_queue(ids)
    head, tail = 0, len(ids)
    steps = appended = 0
    peak = len(ids)
    code = _CODE_BUDGET
    with catch_interrupts() as interrupts:
        while steps < max_steps:
            if interrupts.requested:
                code = _CODE_INTERRUPTED
                break
            code, done, queue, head, tail, chunk_peak, chunk_appended = kernel(
                queue, head, tail, min(CHUNK_STEPS, max_steps - steps), rule, length, steps)
            steps += int(done)
            appended += int(chunk_appended)
            peak = max(peak, int(chunk_peak))
            if code != _CODE_BUDGET:
                break
    stopped_by, detail = _STOPS[int(code)]
    recorded = min(steps, len(rule))
    return QueueResult(
        steps=steps, stopped_by=stopped_by, final_ids=queue[head:tail].copy(),
        final_length=int(tail - head), peak_length=peak, appended=appended,
        deleted=int(len(ids) + appended - (tail - head)), record_rule=rule[:recorded],
        record_length=length[:recorded], alphabet=alphabet, halt_detail=detail)


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
        Stop with ``stopped_by="max_length"``, before the step, when a step would make the
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
    max_steps = check_positive_int(max_steps, "max_steps")
    ids = system.alphabet.encode(word)
    limit = _length_limit(max_length)
    stop_code = np.where(system.is_halt == 1, _CODE_HALT,
                         np.where(system.has_rule == 1, 0, _CODE_MISSING)).astype(np.int64)

    def kernel(queue, head, tail, budget, rule, length, record_at):
        return _tag_kernel(queue, head, tail, system.m, system.offsets, system.productions,
                           stop_code, budget, limit, rule, length, record_at)

    result = _run_chunks(kernel, ids, max_steps, record_steps, system.alphabet)
    if result.stopped_by == "missing_rule" and system.on_missing == "error":
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
        Stop with ``stopped_by="max_length"``, before the step, when a step would make the
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
    limit = _length_limit(max_length)
    period = len(system.appendants)

    def kernel(queue, head, tail, budget, rule, length, record_at):
        return _cyclic_tag_kernel(queue, head, tail, system.offsets, system.productions,
                                  budget, limit, rule, length, record_at, record_at % period)

    return _run_chunks(kernel, ids, max_steps, record_steps, _BITS)
