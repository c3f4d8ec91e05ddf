"""Left-to-right samplers of two-sided Dyck-k that see a window of w letters: what each must miss.

The ARM side of Theorem 5, made finite and exact (our construction; PAPER.md marks the
ARM argument [INFERRED]). A *window-w sampler* writes a word of a known length L left
to right; before each letter it sees the position t, the length L and the last
``min(t, w)`` letters (its *view*), and chooses the next letter from a table
``allowed[view]``. It is *sound* if every word it can write is in the language.

- A prefix p can still be completed iff its free reduction has at most L - |p| letters.
- **Full coverage needs** ``allowed[view] ⊇ need[view]``: the letters some member
  writes right after a prefix with that view. Soundness then needs every such letter
  to keep *every* completable prefix with that view completable; the largest table that
  guarantees it is ``cautious[view]`` (the intersection over those prefixes).
  So some sound window-w sampler covers every member of length L iff
  ``need == cautious``; when they differ, :func:`window_coverage` gives the witness:
  a member u that writes c after a view V, and a prefix p with the same view after
  which c can no longer be cancelled in time.
- The *cautious sampler* (table ``cautious``) is sound by construction; its coverage
  (members it can write / members) is measured exactly by walking every completable
  prefix, with the first members it misses.

Once L - 1 > w the last letter must cancel a prefix the window no longer sees whole,
and for every w tried the witness appears by L = w + 2 (rounded up to even): measured
for k = 2, w = 1..4 (w = 1, 2: from L = 4; w = 3, 4: from L = 6), and tested. This is
a finite-memory stand-in for the paper's argument (a constant-depth ARM cannot decide
the word problem of F_k, which is NC¹-hard), not that argument itself.
"""

from simulators.errors import InvalidArgumentError
from simulators.validation import check_nonnegative_int, check_positive_int
from theory.families import two_sided_dyck

__all__ = ["window_tables", "sound_table", "table_words", "window_coverage", "coverage_rows", "MAX_PREFIXES"]

MAX_PREFIXES = 2_000_000
"""Most prefixes walked or held before refusing (a few seconds per million)."""


def _letters(k):
    return [j for j in range(1, k + 1)] + [-j for j in range(1, k + 1)]


def _view(prefix, window):
    return len(prefix), tuple(prefix[max(0, len(prefix) - window):])


_PRUNE = object()
"""What a visit returns to skip a letter's subtree."""


class _Walk:
    """Depth-first walk over the completable prefixes of members of length ``length``."""

    def __init__(self, k, length):
        self.letters, self.length = _letters(k), length
        self.prefix, self.stack, self.visited = [], [], 0

    def fits(self):
        """The letters after which the current prefix can still be completed."""
        remaining = self.length - len(self.prefix) - 1
        top = self.stack[-1] if self.stack else 0
        return [c for c in self.letters
                if (len(self.stack) - 1 if top == -c else len(self.stack) + 1) <= remaining]

    def run(self, visit, state=None):
        """Call ``visit(prefix, fits, letter, state)`` for each letter that fits (its result,
        unless ``_PRUNE``, is the child's state), and ``visit(prefix, fits, None, state)``
        once per prefix first."""
        self.visited += 1
        if self.visited > MAX_PREFIXES:
            raise InvalidArgumentError(f"more than {MAX_PREFIXES:,} prefixes at length "
                                       f"{self.length}; choose a smaller length")
        fits = self.fits()
        visit(self.prefix, fits, None, state)
        for letter in fits:
            child = visit(self.prefix, fits, letter, state)
            if child is _PRUNE:
                continue
            cancels = bool(self.stack) and self.stack[-1] == -letter
            if cancels:
                self.stack.pop()
            else:
                self.stack.append(letter)
            self.prefix.append(letter)
            self.run(visit, child)
            self.prefix.pop()
            if cancels:
                self.stack.append(-letter)
            else:
                self.stack.pop()


def _check(k, length, window):
    return (two_sided_dyck.check_alphabet(k), check_nonnegative_int(length, "length"),
            check_positive_int(window, "window"))


def window_tables(k, length, window):
    """Return, per view, the letters that fit after some and after every completable prefix.

    A view is ``(t, last min(t, window) letters)``. Returns ``{view: (need, safe,
    fits_example, fails_example, next_views)}``: ``need``, the letters some member
    writes after a prefix with this view; ``safe``, those that keep every completable
    prefix with this view completable; the examples map a letter to the first prefix (a
    tuple) where it fits, or fails; ``next_views`` maps a letter to the views it leads
    to from the completable prefixes with this view.

    Raises
    ------
    InvalidArgumentError
        If ``window`` < 1, ``length`` < 0, or the walk is too large.
    """
    k, length, window = _check(k, length, window)
    fits_at, fails_at, next_at = {}, {}, {}
    letters = _letters(k)

    def visit(prefix, fits, letter, state):
        if len(prefix) == length:
            return None
        view = _view(prefix, window)
        if letter is None:
            fits_seen = fits_at.setdefault(view, {})
            fails_seen = fails_at.setdefault(view, {})
            for c in letters:
                seen = fits_seen if c in fits else fails_seen
                if c not in seen:
                    seen[c] = tuple(prefix)
        else:
            following = (len(prefix) + 1, tuple((prefix + [letter])[-window:]))
            next_at.setdefault(view, {}).setdefault(letter, set()).add(following)
        return None

    _Walk(k, length).run(visit)
    return {view: (frozenset(fits_at[view]),
                   frozenset(c for c in letters if c not in fails_at[view]),
                   fits_at[view], fails_at[view], next_at.get(view, {})) for view in fits_at}


def sound_table(k, length, window):
    """Return the table of a sound window sampler that is never stuck, built forward.

    Layer by layer (t = 0, 1, ...) over the prefixes the table reaches, a view allows
    the letters that keep *every reached* prefix with that view completable. When no
    letter does (the view is shared by prefixes that need different closers), the
    prefixes that a most widely fitting letter keeps completable are kept; each other
    one is cut by banning the latest step of its history that no kept prefix takes
    (a ``(view, letter)`` pair), and the construction starts again with those bans
    (banned letters are never allowed again).
    At the fixed point every reached prefix is completable and has a next letter (or the
    sampler allows nothing at all, when even the first letter had to be banned), so
    every word the sampler writes is a member. It is one sound table, not proved best.

    Raises
    ------
    InvalidArgumentError
        As :func:`window_tables`.
    """
    k, length, window = _check(k, length, window)
    letters, banned = _letters(k), set()
    while True:
        table, bans = {}, set()
        layer = [((), ())]  # (prefix, its free reduction)
        for t in range(length):
            groups = {}
            for prefix, reduced in layer:
                fits = frozenset(c for c in letters if _depth(reduced, c) <= length - t - 1)
                groups.setdefault(_view(prefix, window), []).append((prefix, fits))
            for view, members in groups.items():
                usable = [c for c in letters if (view, c) not in banned]
                allowed = frozenset.intersection(*(fits for _, fits in members)) & set(usable)
                if not allowed:
                    allowed, cut = _split(members, usable)
                    kept_steps = {step for prefix, _ in members if prefix not in cut
                                  for step in _history(prefix, window)}
                    for prefix in cut - {()}:  # the empty prefix has no step to ban
                        bans.add(next((step for step in reversed(_history(prefix, window))
                                       if step not in kept_steps), _history(prefix, window)[-1]))
                table[view] = allowed
            if len(layer) * len(letters) > MAX_PREFIXES:
                raise InvalidArgumentError(f"more than {MAX_PREFIXES:,} prefixes at length "
                                           f"{length}; choose a smaller length")
            layer = [(prefix + (c,), _reduce_one(reduced, c)) for prefix, reduced in layer
                     for c in table[_view(prefix, window)]
                     if _depth(reduced, c) <= length - t - 1]
        if not bans:
            return table
        banned |= bans


def _split(members, usable):
    """Keep the prefixes that a most widely fitting usable letter suits.

    Returns (the usable letters that fit all kept prefixes, the cut prefixes); with no
    usable letter that fits any prefix, every prefix is cut.
    """
    best = max(usable, key=lambda c: sum(c in fits for _, fits in members), default=None)
    kept = [fits for _, fits in members if best in fits]
    if not kept:
        return frozenset(), {prefix for prefix, _ in members}
    return (frozenset.intersection(*kept) & set(usable),
            {prefix for prefix, fits in members if best not in fits})


def _history(prefix, window):
    return [(_view(prefix[:i], window), prefix[i]) for i in range(len(prefix))]


def _depth(reduced, letter):
    return len(reduced) - 1 if reduced and reduced[-1] == -letter else len(reduced) + 1


def _reduce_one(reduced, letter):
    return reduced[:-1] if reduced and reduced[-1] == -letter else reduced + (letter,)


def _complete(prefix, length):
    """Return a member of ``length`` that starts with ``prefix`` (cancel, then pad with a a⁻¹)."""
    reduced = two_sided_dyck.reduce_word(prefix)
    word = list(prefix) + [-c for c in reversed(reduced)]
    return tuple(word + [1, -1] * ((length - len(word)) // 2))


def window_coverage(k, length, window, *, examples=3):
    """Return how much of the language of ``length`` a sound window-``window`` sampler covers.

    Returns
    -------
    dict
        ``length``, ``window``, ``members`` (exact count), ``covered`` (members the
        sampler of :func:`sound_table` can write), ``coverage`` (their ratio), ``missed``
        (the first ``examples`` missed members, as text), ``full_coverage_possible``
        (``need == safe`` at every view: no sound window sampler can cover everything
        otherwise) and, when it is False, ``witness``: a ``view`` at ``position``, a
        ``letter``, a ``member`` that writes the letter after that view, and a
        ``breaking_prefix`` with the same view that the letter makes uncompletable.

    Raises
    ------
    InvalidArgumentError
        As :func:`window_tables`.

    Examples
    --------
    >>> row = window_coverage(2, 4, 1)
    >>> row["covered"], row["members"], row["full_coverage_possible"]
    (4, 28, False)
    """
    k, length, window = _check(k, length, window)
    tables = window_tables(k, length, window)
    table = sound_table(k, length, window)
    fmt = two_sided_dyck.format_word
    covered, missed = [0], []

    def visit(prefix, fits, letter, ok):
        if letter is None:
            if len(prefix) == length:
                if ok:
                    covered[0] += 1
                elif len(missed) < examples:
                    missed.append(fmt(prefix))
            return None
        return ok and letter in table.get(_view(prefix, window), ())

    _Walk(k, length).run(visit, True)
    members = two_sided_dyck.language_counts(k, length)[length]
    row = {"length": length, "window": window, "members": members, "covered": covered[0],
           "coverage": covered[0] / members, "missed": missed,
           "full_coverage_possible": True, "witness": None}
    for view, (need, safe, fits_example, fails_example, _next) in sorted(tables.items()):
        extra = sorted(need - safe)
        if extra:
            letter = extra[0]
            row["full_coverage_possible"] = False
            row["witness"] = {"view": fmt(view[1]), "position": view[0], "letter": fmt([letter]),
                              "member": fmt(_complete(fits_example[letter] + (letter,), length)),
                              "breaking_prefix": fmt(fails_example[letter])}
            break
    return row


def table_words(table, k, length, window):
    """Return every word (tuples) the sampler with ``table`` writes, and the prefixes where it is stuck.

    A direct walk of the table with no completability check, so that a test can see that
    every word is a member and no prefix is stuck.
    """
    words, stuck, pending = [], [], [()]
    while pending:
        prefix = pending.pop()
        if len(prefix) == length:
            words.append(prefix)
            continue
        allowed = table.get(_view(list(prefix), window), frozenset())
        if not allowed:
            stuck.append(prefix)
        pending.extend(prefix + (c,) for c in sorted(allowed))
    return words, stuck


def coverage_rows(k, window, max_len):
    """Return :func:`window_coverage` for every even length up to ``max_len`` (the checker's rows)."""
    max_len = check_nonnegative_int(max_len, "max_len")
    return [window_coverage(k, length, window) for length in range(0, max_len + 1, 2)]
