"""The queue-machine core that tag and lag systems share: words, results, tables and kernel.

A tag system (:mod:`simulators.tag`) and a lag system (:mod:`simulators.lag`) are both a
queue that reads a window at its front, appends that window's production at its back and
deletes symbols from its front; they differ only in the window's length, in how many
symbols a step deletes and (cyclic tag) in a phase that cycles through the appendants.
This module holds what they share: the symbol :class:`Alphabet`, the
:class:`QueueResult`, the flat production tables, the Numba kernel
(:func:`window_kernel`) and the front door's chunked, interruptible loop
(:func:`run_queue`), which all three use.
"""

from dataclasses import dataclass, field

import numpy as np

from simulators import stops
from simulators.errors import InvalidArgumentError, MalformedMachineError
from simulators.interrupts import CHUNK_STEPS, catch_interrupts
from simulators.jit import njit
from simulators.validation import check_memory, check_nonnegative_int, check_positive_int
from simulators.validation import memory_budget

__all__ = [
    "Alphabet",
    "QueueResult",
    "WindowSystem",
    "CODE_BUDGET",
    "CODE_SHORT",
    "CODE_HALT",
    "CODE_MISSING",
    "CODE_LENGTH",
    "CODE_INTERRUPTED",
    "ON_MISSING",
    "check_on_missing",
    "collect_alphabet",
    "split_rule_side",
    "encode_rule_side",
    "flat_table",
    "rule_tables",
    "longest_production",
    "make_room",
    "safe_steps",
    "window_kernel",
    "length_limit",
    "run_queue",
    "run_window_system",
]

CODE_BUDGET, CODE_SHORT, CODE_HALT, CODE_MISSING, CODE_LENGTH, CODE_INTERRUPTED = range(6)
"""How a kernel chunk ended: budget used up (go on), then one stop code per way to stop."""

_STOPS = {CODE_BUDGET: (stops.MAX_STEPS, None), CODE_SHORT: (stops.HALTED, "short_word"),
          CODE_HALT: (stops.HALTED, "halt_symbol"), CODE_MISSING: (stops.MISSING_RULE, None),
          CODE_LENGTH: (stops.MAX_CONTEXT, None),
          CODE_INTERRUPTED: (stops.INTERRUPTED, None)}
"""Stop code -> (``stopped_by``, ``halt_detail``)."""

ON_MISSING = ("halt", "error")
"""What a read with no rule may do: stop the run, or raise MissingRuleError."""


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
        ``max_length`` limit) or ``"interrupted"`` (see :mod:`simulators.stops`).
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
class WindowSystem:
    """The table form of a tag or lag system: a production for each window of the front.

    Attributes
    ----------
    m : int
        The tag system's deletion number; the lag system's window length.
    alphabet : Alphabet
    offsets : numpy.ndarray
        int64, one more than there are windows; the production of window code ``w`` is
        ``productions[offsets[w]:offsets[w + 1]]`` (a tag system's window is one symbol; a
        lag system's, m symbols read base-|alphabet|, first most significant).
    productions : numpy.ndarray
        int32, all productions concatenated.
    has_rule : numpy.ndarray
        uint8 per window code: 1 if it has a production.
    is_halt : numpy.ndarray
        uint8 per symbol: 1 if it is a declared halt symbol.
    on_missing : str
        ``"halt"`` or ``"error"``: what a window without a production does.
    """

    m: int
    alphabet: Alphabet
    offsets: np.ndarray
    productions: np.ndarray
    has_rule: np.ndarray
    is_halt: np.ndarray
    on_missing: str


def check_on_missing(on_missing):
    """Return ``on_missing`` if it is ``"halt"`` or ``"error"``.

    Raises
    ------
    InvalidArgumentError
        Otherwise.
    """
    if on_missing not in ON_MISSING:
        raise InvalidArgumentError(f"on_missing={on_missing!r}; expected 'halt' or 'error'")
    return on_missing


def collect_alphabet(symbol_lists, alphabet=None):
    """Return ``alphabet`` as an :class:`Alphabet`, or by default one with the names in
    ``symbol_lists`` in the order they first appear."""
    if alphabet is not None:
        return alphabet if isinstance(alphabet, Alphabet) else Alphabet(tuple(alphabet))
    return Alphabet(tuple(dict.fromkeys(name for names in symbol_lists for name in names)))


def split_rule_side(text, by_spaces):
    """Split a rule side: on whitespace if ``by_spaces`` (multi-character symbol names),
    otherwise into characters; a non-string is taken as a sequence of names."""
    if isinstance(text, str):
        return text.split() if by_spaces else list(text.strip())
    return [str(name) for name in text]


def encode_rule_side(alphabet, names, rule):
    """Return ``names`` encoded by ``alphabet``.

    Raises
    ------
    MalformedMachineError
        If a name is not in the alphabet; the message names ``rule``.
    """
    try:
        return alphabet.encode(names)
    except InvalidArgumentError as error:
        raise MalformedMachineError(f"rule {rule!r}: {error}") from None


def flat_table(productions, size):
    """Concatenate ``productions`` (dict rule index -> int array) into ``(offsets, flat)``:
    the production of rule ``r`` is ``flat[offsets[r]:offsets[r + 1]]``."""
    lengths = np.zeros(size, np.int64)
    for rule, production in productions.items():
        lengths[rule] = len(production)
    offsets = np.zeros(size + 1, np.int64)
    np.cumsum(lengths, out=offsets[1:])
    flat = np.zeros(int(offsets[-1]), np.int32)
    for rule, production in productions.items():
        flat[offsets[rule]:offsets[rule + 1]] = production
    return offsets, flat


def rule_tables(productions, size, alphabet, halt):
    """Return ``(offsets, flat, has_rule, is_halt)`` of a tag or lag system.

    ``offsets, flat`` as in :func:`flat_table` over ``size`` rules; ``has_rule`` (uint8
    per rule) marks the rules in ``productions``; ``is_halt`` (uint8 per symbol) the
    symbols named in ``halt``.

    Raises
    ------
    MalformedMachineError
        If a halt symbol is not in ``alphabet``.
    """
    offsets, flat = flat_table(productions, size)
    has_rule = np.zeros(size, np.uint8)
    has_rule[list(productions)] = 1
    is_halt = np.zeros(alphabet.size, np.uint8)
    is_halt[encode_rule_side(alphabet, halt, "halt")] = 1
    return offsets, flat, has_rule, is_halt


@njit(cache=True)
def longest_production(offsets):
    """Length of the longest production in a flat table (offsets into the productions)."""
    longest = 0
    for rule in range(offsets.shape[0] - 1):
        longest = max(longest, offsets[rule + 1] - offsets[rule])
    return longest


@njit(cache=True)
def make_room(queue, head, tail, need):
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
def safe_steps(queue, tail, longest, budget):
    """Steps that cannot run out of room (``longest`` symbols each); at least 1, as the
    caller has made room for one step."""
    return max(1, min(budget, (queue.shape[0] - tail) // max(longest, 1)))


@njit(cache=True)
def window_kernel(queue, head, tail, width, delete, base, offsets, productions, stop_code,
                  is_halt, max_steps, max_length, record_rule, record_length, record_at,
                  period=0, phase=0):
    """Run a queue machine that reads ``width`` symbols and deletes ``delete`` per step, for
    up to ``max_steps`` steps; return (code, steps, queue, head, tail, peak, appended).

    Before each step, in this order: a word shorter than ``max(width, delete)`` stops
    (CODE_SHORT); a halt symbol at the front stops (CODE_HALT); the rule is the window, a
    base-``base`` number with the first symbol most significant (plus ``phase * base``
    when ``period`` > 0: the phase counts steps modulo ``period``, from ``phase``), and
    ``stop_code[rule]`` stops the run if it is not 0; a step that would leave the word
    longer than ``max_length`` stops (CODE_LENGTH). An m-tag system is ``width=1,
    delete=m``, a lag-m system ``width=m, delete=1``, a cyclic tag system with ``p``
    appendants ``width=1, delete=1, base=2, period=p``. The growth check runs once per
    chunk of steps that cannot run out of room, not once per step."""
    longest = longest_production(offsets)
    shortest_word = max(width, delete)
    n_record = record_rule.shape[0]
    steps = 0
    appended = 0
    peak = tail - head
    code = CODE_BUDGET
    while steps < max_steps and code == CODE_BUDGET:
        if tail + longest > queue.shape[0]:
            queue, head, tail = make_room(queue, head, tail, max(longest, (tail - head) // 2))
        for _ in range(safe_steps(queue, tail, longest, max_steps - steps)):
            if tail - head < shortest_word:
                code = CODE_SHORT
                break
            if is_halt[queue[head]]:
                code = CODE_HALT
                break
            window = queue[head]
            for k in range(1, width):
                window = window * base + queue[head + k]
            if period:
                window += phase * base
                phase = phase + 1 if phase + 1 < period else 0
            if stop_code[window]:
                code = stop_code[window]
                break
            start = offsets[window]
            stop = offsets[window + 1]
            if tail - head + stop - start - delete > max_length:
                code = CODE_LENGTH
                break
            if record_at + steps < n_record:
                record_rule[record_at + steps] = window
                record_length[record_at + steps] = tail - head
            for k in range(start, stop):
                queue[tail] = productions[k]
                tail += 1
            appended += stop - start
            head += delete
            steps += 1
            if tail - head > peak:
                peak = tail - head
    return code, steps, queue, head, tail, peak, appended


def length_limit(max_length):
    """The word length a run may reach: ``max_length``, and never more than the memory
    budget allows (an int32 queue that may be doubled: 12 bytes a symbol).

    Raises
    ------
    InvalidArgumentError
        If ``max_length`` is given and is not a positive integer.
    """
    by_memory = memory_budget() // 12
    if max_length is None:
        return by_memory
    return min(check_positive_int(max_length, "max_length"), by_memory)


def run_queue(kernel, ids, max_steps, record_steps, alphabet):
    """Run ``kernel(queue, head, tail, budget, rule, length, steps_done)`` from the word
    ``ids`` in chunks of ``CHUNK_STEPS`` steps, stopping between chunks on Ctrl-C.

    Parameters
    ----------
    kernel : callable
        Returns ``(code, steps, queue, head, tail, peak, appended)`` as
        :func:`window_kernel` does; ``rule`` and ``length`` are the record arrays, to be
        filled from index ``steps_done``.
    ids : numpy.ndarray
        The initial word (int32 ids).
    max_steps : int
        Steps at most (checked by the caller).
    record_steps : int
        How many first steps to record.
    alphabet : Alphabet
        Goes on the result, to decode it.

    Returns
    -------
    QueueResult

    Raises
    ------
    InvalidArgumentError
        If ``record_steps`` is not a non-negative integer.
    MemoryBudgetError
        If the queue or the record would not fit in the memory budget.
    """
    check_memory(8 * max(64, 2 * len(ids)), "the initial queue")
    count = min(check_nonnegative_int(record_steps, "record_steps"), max_steps)
    check_memory(16 * count, f"recording {count:,} steps")
    rule, length = np.zeros(count, np.int64), np.zeros(count, np.int64)
    queue = np.zeros(max(64, 2 * len(ids)), np.int32)
    queue[:len(ids)] = ids
    head, tail = 0, len(ids)
    steps = appended = 0
    peak = len(ids)
    code = CODE_BUDGET
    with catch_interrupts() as interrupts:
        while steps < max_steps:
            if interrupts.requested:
                code = CODE_INTERRUPTED
                break
            code, done, queue, head, tail, chunk_peak, chunk_appended = kernel(
                queue, head, tail, min(CHUNK_STEPS, max_steps - steps), rule, length, steps)
            steps += int(done)
            appended += int(chunk_appended)
            peak = max(peak, int(chunk_peak))
            if code != CODE_BUDGET:
                break
    stopped_by, detail = _STOPS[int(code)]
    recorded = min(steps, len(rule))
    return QueueResult(
        steps=steps, stopped_by=stopped_by, final_ids=queue[head:tail].copy(),
        final_length=int(tail - head), peak_length=peak, appended=appended,
        deleted=int(len(ids) + appended - (tail - head)), record_rule=rule[:recorded],
        record_length=length[:recorded], alphabet=alphabet, halt_detail=detail)


def run_window_system(system, word, *, width, delete, max_steps, max_length, record_steps):
    """Run a tag or lag system with :func:`window_kernel`; a missing rule stops the run.

    Parameters
    ----------
    system : WindowSystem
        A :class:`simulators.tag.TagSystem` or :class:`simulators.lag.LagSystem`.
    word : str or sequence of str
        The initial word.
    width, delete : int
        Symbols a step reads and deletes (tag: 1 and m; lag: m and 1).
    max_steps, max_length, record_steps
        As in :func:`simulators.tag.run_tag`.

    Returns
    -------
    QueueResult
        With ``stopped_by="missing_rule"`` where a window has no rule: the caller decides
        whether that is an error.

    Raises
    ------
    InvalidArgumentError
        If ``word`` holds an unknown symbol or a limit is not a valid integer.
    """
    max_steps = check_positive_int(max_steps, "max_steps")
    ids = system.alphabet.encode(word)
    limit = length_limit(max_length)
    codes = np.where(system.has_rule == 1, 0, CODE_MISSING).astype(np.int64)
    base = system.alphabet.size

    def kernel(queue, head, tail, budget, rule, length, record_at):
        return window_kernel(queue, head, tail, width, delete, base, system.offsets,
                             system.productions, codes, system.is_halt, budget, limit, rule,
                             length, record_at)

    return run_queue(kernel, ids, max_steps, record_steps, system.alphabet)
