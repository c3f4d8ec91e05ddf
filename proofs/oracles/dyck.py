"""Two-sided Dyck-k on AP-MDM (Theorem 5): a stochastic sampler by cancelling-pair insertion,
and the exact check that its support is the whole language, length by length.

The constructions are ours (PAPER.md §2, Theorem 5, marked [INFERRED]); the choices:

- **Prompt.** ``[BOS] k [SEP] L [SEP] seed [SEP]`` with k, the target length L and the
  user's seed in binary (tokens ``0``/``1``, most significant bit first); the word
  grows after the last SEP. Letters are tokens ``a, b, ...`` (generators) and
  ``A, B, ...`` (inverses).
- **One pair in three steps** (the paper's "insert a mask, let it spawn a second,
  unmask the two"): *grow* — with no mask in the word and fewer than L letters, set the
  insert bit on one of the positions ``SEP, w_1, ..., w_m``, i.e. put a mask in one of
  the m + 1 gaps of the word (the SEP before the word makes the front gap reachable);
  *spawn* — a lone mask remasks itself (a mask stays a mask) and inserts a mask after
  itself; *fill* — two adjacent masks become ``c c⁻¹`` for one of the 2k letters c.
  With L letters and no mask the policy stops. A run takes 3L/2 steps; its peak
  context is the prompt plus L.
- **Randomness without state.** Each step's options are numbered (gaps 0..m, or
  letters 0..2k-1); the policy takes option ``h(x) mod count`` where h is BLAKE2b of
  the whole current sequence, which holds the seed in its prompt. Asked again about
  the same sequence the policy gives the same step, so the statelessness audit of
  :func:`simulators.run.run` passes; different seeds give different prompts and so
  different choices all along.
- **Exact support.** :func:`sampler_support` explores every option of every step
  (breadth first, each option applied by the machine's own rule g,
  :func:`simulators.update.apply_g`), with the same :func:`option_count` /
  :func:`option_edit` the policy chooses from. The words it ends with are exactly the
  outputs some choice sequence (so, for a hash that behaves like a random function,
  some seed) produces. The language is the closure of the empty word under inserting
  a cancelling pair anywhere, so these sets should equal the language at each length;
  :func:`support_rows` compares their sizes with the dynamic-programming counts of
  :func:`theory.families.two_sided_dyck.language_counts` and counts outputs outside it.

The ARM side (bounded-window left-to-right samplers) is in
:mod:`proofs.oracles.dyck_window`.
"""

import functools
import hashlib

import numpy as np

from proofs.tasks import Process, Task
from simulators import step
from simulators.errors import InvalidArgumentError
from simulators.jit import njit
from simulators.machines import APMDM
from simulators.policies import Edit
from simulators.validation import check_memory, check_nonnegative_int
from simulators.vocab import Vocab
from theory.families import dyck_sampling, two_sided_dyck

__all__ = ["VOCAB", "prompt", "read_header", "option_count", "option_edit", "sampler_policy",
           "read_word", "sampler_support", "support_rows", "MAX_SUPPORT_STATES", "TASK"]

BOS, EOS, MASK, SEP, ZERO, ONE = range(6)
FIRST_LETTER = 6

MAX_SUPPORT_STATES = 10_000_000
"""Most states :func:`sampler_support` explores; a longer length is refused before it starts
(for k = 2 it admits length 14, about a minute, and refuses 16)."""


LETTERS = two_sided_dyck.MAX_LETTERS
VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "[SEP]", "0", "1",
               *(chr(ord("a") + j) for j in range(LETTERS)),
               *(chr(ord("A") + j) for j in range(LETTERS))])
"""One vocabulary for every k <= 26: specials, bits, ``a..z`` then ``A..Z``."""


@njit(cache=True)
def _token(letter):
    return FIRST_LETTER + letter - 1 if letter > 0 else FIRST_LETTER + LETTERS - letter - 1


def _letter(token):
    return int(_letter_of(int(token)))


def _bits(value):
    return [ONE if c == "1" else ZERO for c in format(int(value), "b")]


def prompt(request):
    """Return ``[BOS] k [SEP] L [SEP] seed [SEP]`` (numbers in binary) for a request."""
    return np.array([BOS, *_bits(request.k), SEP, *_bits(request.length), SEP,
                     *_bits(request.seed), SEP], dtype=np.int32)


def read_header(x):
    """Return ``(k, length, seed, start)`` from a sequence, ``start`` the word's first position."""
    return _header(np.asarray(x, dtype=np.int32))


@njit(cache=True)
def _header(x):
    values = np.zeros(3, dtype=np.int64)
    field, position = 0, 1
    while field < 3:
        if x[position] == SEP:
            field += 1
        else:
            values[field] = 2 * values[field] + (x[position] - ZERO)
        position += 1
    return values[0], values[1], values[2], position


@njit(cache=True)
def _word_masks(x, start):
    """Return (number of masks in the word, position of the first)."""
    count, first = 0, -1
    for position in range(start, x.shape[0]):
        if x[position] == MASK:
            if count == 0:
                first = position
            count += 1
    return count, first


@njit(cache=True)
def option_count(x):
    """Return how many steps the sampler may take from ``x`` (0: it stops).

    grow: one per gap of the word (m + 1); spawn: 1; fill: 2k (the letter c of ``c c⁻¹``).
    """
    k, length, _, start = _header(x)
    masks, _ = _word_masks(x, start)
    if masks == 0:
        letters = x.shape[0] - start
        return letters + 1 if letters < length else 0
    return 1 if masks == 1 else 2 * k


@njit(cache=True)
def option_edit(x, option):
    """Return option ``option`` at ``x`` as an Edit-shaped tuple ``(positions, tokens, ctrl)``."""
    k, _, _, start = _header(x)
    masks, first = _word_masks(x, start)
    if masks == 0:  # grow: insert a mask after position start - 1 + gap
        position = start - 1 + option
        ctrl = np.zeros((1, 3), dtype=np.uint8)
        ctrl[0, 1] = 1
        return (np.full(1, position, dtype=np.int64), np.full(1, x[position], dtype=np.int32),
                ctrl)
    if masks == 1:  # spawn: the mask stays a mask (remask) and inserts one after itself
        ctrl = np.zeros((1, 3), dtype=np.uint8)
        ctrl[0, 0] = 1
        ctrl[0, 1] = 1
        return np.full(1, first, dtype=np.int64), np.full(1, BOS, dtype=np.int32), ctrl
    letter = option + 1 if option < k else -(option - k + 1)  # fill: c c⁻¹
    positions = np.array([first, first + 1], dtype=np.int64)
    tokens = np.array([_token(letter), _token(-letter)], dtype=np.int32)
    return positions, tokens, np.zeros((2, 3), dtype=np.uint8)


def _hash(x):
    return int.from_bytes(hashlib.blake2b(np.ascontiguousarray(x).tobytes(),
                                          digest_size=8).digest(), "little")


def sampler_policy(x):
    """The stochastic sampler: option ``BLAKE2b(x) mod count`` of :func:`option_count`, None to stop."""
    count = option_count(x)
    if count == 0:
        return None
    return Edit(*option_edit(x, _hash(x) % count))


def read_word(final):
    """Return the word (letters ±j) after the header of a final sequence; None if a mask is left."""
    start = read_header(final)[3]
    body = np.asarray(final[start:])
    if np.any(body < FIRST_LETTER):
        return None
    return [_letter(token) for token in body]


def _expander(count, edit):
    """Return the layer expansion for the sampler's ``count``/``edit`` functions (Python).

    They are the closure's cells, which Numba compiles as constants, as it does globals,
    so the sampler's own (:func:`_expand_sampler`) is cached on disk; a function taking
    them as arguments could not be cached (Numba: "uses dynamic globals").
    """

    def expand(header, bodies, lengths, vocab_size, eos_id):
        """Follow every option of every state of one layer with the AP-MDM step kernel.

        Returns ``(options, children, child_lengths, status)``; ``options[i] == 0`` marks a
        state where the sampler stops; ``status`` is 0, or the code of a refused step.
        """
        options = np.zeros(bodies.shape[0], dtype=np.int64)
        for i in range(bodies.shape[0]):
            options[i] = count(np.concatenate((header, bodies[i, :lengths[i]])))
        children = np.zeros((options.sum(), bodies.shape[1]), dtype=np.int32)
        child_lengths = np.zeros(options.sum(), dtype=np.int64)
        j = 0
        for i in range(bodies.shape[0]):
            x = np.concatenate((header, bodies[i, :lengths[i]]))
            for option in range(options[i]):
                positions, tokens, ctrl = edit(x, option)
                child_lengths[j] = _apply_option(x, positions, tokens, ctrl, header.shape[0],
                                                 children[j], vocab_size, eos_id)
                if child_lengths[j] < 0:
                    return options, children, child_lengths, -child_lengths[j]
                j += 1
        return options, children, child_lengths, 0

    return expand


_expand_sampler = njit(cache=True)(_expander(option_count, option_edit))


@functools.lru_cache(maxsize=8)
def _expand_with(count, edit):
    """:func:`_expand_sampler` for other ``count``/``edit`` functions (tests pass broken
    samplers); compiled in memory, once per pair."""
    return njit(_expander(count, edit))


_SLACK = 4


@njit(cache=True)
def _apply_option(x, positions, tokens, ctrl, header_length, out, vocab_size, eos_id):
    """Apply one step to ``x`` with the engine's kernel; write the word part into ``out``.

    Returns its length, or minus a status: the kernel's refusal code, or 100 if the
    word outgrew ``out``.
    """
    buf = np.zeros(x.shape[0] + 2 * _SLACK, dtype=np.int32)
    buf[_SLACK:_SLACK + x.shape[0]] = x
    counters = np.zeros(step.STEP_COUNTS, dtype=np.int64)
    status, _, buf, start, end, _ = step.apply_step(
        step.APMDM, buf, _SLACK, _SLACK + x.shape[0], positions, tokens, ctrl, MASK,
        vocab_size, eos_id, 0, step.NO_LIMIT, counters)
    if status != step.OK:
        return -status
    size = end - start - header_length
    if size > out.shape[0]:
        return -100
    out[:size] = buf[start + header_length:end]
    return size


@njit(cache=True)
def _is_member_body(body):
    """Free reduction of a word body (tokens); False if it holds anything but letters."""
    stack = np.zeros(body.shape[0], dtype=np.int64)
    top = 0
    for token in body:
        if token < FIRST_LETTER:
            return False
        letter = _letter_of(token)
        if top > 0 and stack[top - 1] == -letter:
            top -= 1
        else:
            stack[top] = letter
            top += 1
    return top == 0


@njit(cache=True)
def _letter_of(token):
    j = token - FIRST_LETTER
    return j + 1 if j < LETTERS else -(j - LETTERS + 1)


def _check_exploration_size(k, length, max_states):
    """Refuse, before exploring, a length whose exploration visits more than ``max_states``."""
    language = two_sided_dyck.language_counts(k, length)
    states = language[length] + sum(language[m] * (2 * m + 3) for m in range(0, length, 2))
    if states > max_states:
        raise InvalidArgumentError(f"the support at length {length} needs about {states:,} "
                                   f"states, more than {max_states:,}; choose a smaller length")
    return language


def _explore(k, length, count, edit, max_states):
    """Return the terminal bodies (2-D array, rows padded with 0) and their lengths."""
    header = prompt(dyck_sampling.Request(k, length, 0))
    width = length + 2
    language = _check_exploration_size(k, length, max_states)
    check_memory(24 * (width + 1) * max(language[length], (length + 1) * language[max(0, length - 2)]),
                 f"the support exploration at length {length}")
    layer = np.zeros((1, width), dtype=np.int32)
    layer_lengths = np.zeros(1, dtype=np.int64)
    terminal, terminal_lengths = [], []
    while layer.shape[0]:
        if count is option_count and edit is option_edit:
            expanded = _expand_sampler(header, layer, layer_lengths, len(VOCAB), VOCAB.eos_id)
        else:
            expanded = _expand_with(count, edit)(header, layer, layer_lengths, len(VOCAB),
                                                 VOCAB.eos_id)
        options, children, child_lengths, status = expanded
        if status:
            raise InvalidArgumentError(f"the sampler made a step the machine refused (status "
                                       f"{status}) or a word longer than {width} (status 100)")
        stops = options == 0
        terminal.append(layer[stops])
        terminal_lengths.append(layer_lengths[stops])
        rows = np.unique(np.column_stack([children, child_lengths]), axis=0)
        layer, layer_lengths = rows[:, :-1].astype(np.int32), rows[:, -1].astype(np.int64)
    bodies = np.concatenate(terminal)
    lengths = np.concatenate(terminal_lengths)
    rows = np.unique(np.column_stack([bodies, lengths]), axis=0)
    return rows[:, :-1].astype(np.int32), rows[:, -1]


def sampler_support(k, length, *, count=option_count, edit=option_edit,
                    max_states=MAX_SUPPORT_STATES):
    """Return the set of words (tuples of ±j) the sampler can output for target ``length``.

    Every option of every reachable state is followed, layer by layer (a state's layer
    is its number of steps from the prompt), each by the AP-MDM step kernel the runs use
    (:func:`simulators.step.apply_step`); each layer keeps its states once. An output
    that still holds a mask appears as None. ``count`` and ``edit`` default to the
    sampler's own; a test passes broken (``numba.njit``) ones to see the check fail.

    Raises
    ------
    InvalidArgumentError
        If more than ``max_states`` states would be explored (counted before starting:
        each member of length m < L is a state, with m + 1 states holding one mask and
        m + 1 holding two), or
        an option is a step the machine refuses.
    MemoryBudgetError
        If the largest layer would not fit in the memory budget.

    Examples
    --------
    >>> sorted(sampler_support(2, 2))
    [(-2, 2), (-1, 1), (1, -1), (2, -2)]
    """
    bodies, lengths = _explore(two_sided_dyck.check_alphabet(k),
                               check_nonnegative_int(length, "length"), count, edit, max_states)
    words = set()
    for body, size in zip(bodies, lengths):
        body = body[:size]
        words.add(None if np.any(body < FIRST_LETTER) else tuple(_letter(t) for t in body))
    return words


def support_rows(k, max_len, *, count=option_count, edit=option_edit):
    """Return one row per even length L <= ``max_len``: sampler outputs vs the language.

    Each row: ``length``, ``sampler_words`` (distinct outputs), ``language_words`` (exact
    count), ``outside_language`` (outputs that are not members, or hold a mask),
    ``equal`` (both counts agree and nothing is outside), ``steps`` and ``peak_context``
    of one sampler run (seed 0) at that length.

    Raises
    ------
    InvalidArgumentError
        If ``max_len`` is negative or the exploration is too large.
    """
    max_len = check_nonnegative_int(max_len, "max_len")
    language = two_sided_dyck.language_counts(k, max_len)
    for length in range(0, max_len + 1, 2):  # refuse before any work, at the first too large
        _check_exploration_size(k, length, MAX_SUPPORT_STATES)
    rows = []
    for length in range(0, max_len + 1, 2):
        bodies, sizes = _explore(k, length, count, edit, MAX_SUPPORT_STATES)
        outside = sum(1 for body, size in zip(bodies, sizes) if not _is_member_body(body[:size]))
        request = dyck_sampling.Request(k, length, 0)
        resources = _run(request).resources
        rows.append({"length": length, "sampler_words": len(bodies),
                     "language_words": language[length], "outside_language": outside,
                     "equal": outside == 0 and len(bodies) == language[length],
                     "steps": resources.steps, "peak_context": resources.peak_context})
    return rows


def _run(request):
    from simulators.run import run

    return run(APMDM(VOCAB), sampler_policy, prompt(request),
               max_steps=max(1, 3 * request.length // 2 + 1))


def _details(result, request):
    word = read_word(result.final)
    return {"k": request.k, "seed": request.seed,
            "word": two_sided_dyck.format_word(word) if word is not None else None}


TASK = Task(
    name="dyck",
    summary="sample a two-sided Dyck-k word of length n: AP-MDM inserts cancelling pairs anywhere",
    family=dyck_sampling,
    processes={
        "apmdm": Process(lambda: APMDM(VOCAB), prompt, sampler_policy, read_word,
                         steps_bound=lambda n: 3 * n // 2 + 1,
                         context_bound=lambda n: n + 3 * max(1, n).bit_length() + 40,
                         details=_details),
    },
)
"""Sampling on AP-MDM (3L/2 steps, context prompt + L)."""
