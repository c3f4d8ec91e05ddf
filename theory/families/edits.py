"""Position tracking: a start sequence, a series of inserts and deletes, and the token at a final position.

The problem behind Theorem 6 (PAPER.md §2 calls it PRESERVE and marks its statement
[INFERRED]): after edits that shift positions, what sits at position q? An instance is
an :class:`EditScript`; tokens are 0..25 (text: ``a``..``z``), positions 0-based.
``("insert", p, c)`` puts c at index p (0 <= p <= length), ``("delete", p)`` removes
index p. The answer is ``{"final": [tokens], "token": token at the query or None}``.

Text form::

    start abca
    insert 2 d
    delete 0
    query 1

Examples
--------
>>> script = parse("start abca\\ninsert 2 d\\ndelete 0\\nquery 1")
>>> solve(script)
{'final': [1, 3, 2, 0], 'token': 3}
"""

from dataclasses import dataclass

from theory.errors import FamilyInputError
from theory.families._checks import instance_of
from theory.families._common import generator

__all__ = ["check", "EditScript", "generate", "parse", "solve", "verify", "CASES", "COMPLEXITY",
           "format_script", "apply_edits", "ALPHABET"]

COMPLEXITY = {
    "hard for": ("NC1", "tracking positions under composed edits encodes permutation "
                 "composition (Barrington 1989); PAPER.md Theorem 6, [INFERRED] there"),
}

ALPHABET = 26
"""Tokens are 0..25, written a..z."""


@dataclass(frozen=True)
class EditScript:
    """A start sequence, edits (``("insert", p, c)`` / ``("delete", p)``) and a query position."""

    start: tuple
    edits: tuple
    query: int | None

    def __post_init__(self):
        start = tuple(int(t) for t in self.start)
        if any(not 0 <= t < ALPHABET for t in start):
            raise FamilyInputError(f"start tokens must be 0..{ALPHABET - 1}")
        edits, length = [], len(start)
        for index, edit in enumerate(self.edits):
            kind = edit[0]
            if kind == "insert" and len(edit) == 3 and 0 <= int(edit[1]) <= length \
                    and 0 <= int(edit[2]) < ALPHABET:
                edits.append(("insert", int(edit[1]), int(edit[2])))
                length += 1
            elif kind == "delete" and len(edit) == 2 and 0 <= int(edit[1]) < length:
                edits.append(("delete", int(edit[1])))
                length -= 1
            else:
                raise FamilyInputError(f"edit {index + 1} {edit!r} is not an insert at 0..{length} "
                                       f"or a delete at 0..{length - 1} of a token 0..25")
        if self.query is not None and not 0 <= int(self.query) < length:
            raise FamilyInputError(f"query {self.query} is outside the final sequence "
                                   f"(length {length})")
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "edits", tuple(edits))
        object.__setattr__(self, "query", None if self.query is None else int(self.query))

    def __len__(self):
        """The size n: the longer of the start sequence and the edit series."""
        return max(len(self.start), len(self.edits))


CASES = (
    (EditScript((), (), None), {"final": [], "token": None}),
    (EditScript((0,), (("insert", 0, 1),), 0), {"final": [1, 0], "token": 1}),
    (EditScript((0, 1, 2), (("delete", 1), ("insert", 2, 3), ("delete", 0)), 1),
     {"final": [2, 3], "token": 3}),
    (EditScript((0, 1), (("insert", 1, 2), ("insert", 1, 3), ("delete", 2)), 2),
     {"final": [0, 3, 1], "token": 1}),
)
"""Canonical cases (script, answer), shared by tests and the checker."""


def apply_edits(start, edits):
    """Return the list obtained by applying ``edits`` to ``start`` in order."""
    sequence = list(start)
    for edit in edits:
        if edit[0] == "insert":
            sequence.insert(edit[1], edit[2])
        else:
            del sequence[edit[1]]
    return sequence


def check(instance):
    """Return ``instance`` if it is a :class:`EditScript` (checked when it was made), else raise
    :class:`FamilyInputError`."""
    return instance_of(instance, EditScript, "EditScript(start, edits, query) or parse(text)")


@generator
def generate(n, rng=None):
    """Return a script: n random start tokens (of 4), n edits alternating insert and delete.

    The length stays n or n + 1 throughout, so what grows with n is the number of edits
    and the sequence, not the drift of its length. The query is a uniform final position
    (None for n = 0).
    """
    start = [int(t) for t in rng.integers(0, 4, size=n)]
    edits, length = [], n
    for index in range(n):
        if index % 2 == 0:
            edits.append(("insert", int(rng.integers(0, length + 1)), int(rng.integers(0, 4))))
            length += 1
        else:
            edits.append(("delete", int(rng.integers(0, length))))
            length -= 1
    return EditScript(tuple(start), tuple(edits), int(rng.integers(0, length)) if length else None)


def _letters(word, number):
    if not all("a" <= c <= "z" for c in word):
        raise FamilyInputError(f"line {number}: tokens are letters a-z, got {word!r}")
    return [ord(c) - ord("a") for c in word]


def parse(text):
    """Read ``start WORD``, then ``insert P C`` / ``delete P`` lines, then ``query Q`` (optional).

    Blank lines and lines starting with ``#`` are skipped.

    Raises
    ------
    FamilyInputError
        For an unknown line, a missing start line, an edit after the query, or a
        position out of range; the message names the line.
    """
    start, edits, query = None, [], None
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if start is None:
            if fields[0] != "start" or len(fields) > 2:
                raise FamilyInputError(f"line {number}: expected 'start WORD' first")
            start = _letters(fields[1] if len(fields) == 2 else "", number)
            continue
        if query is not None:
            raise FamilyInputError(f"line {number}: nothing may follow the query")
        try:
            if fields[0] == "insert" and len(fields) == 3 and len(fields[2]) == 1:
                edits.append(("insert", int(fields[1]), _letters(fields[2], number)[0]))
            elif fields[0] == "delete" and len(fields) == 2:
                edits.append(("delete", int(fields[1])))
            elif fields[0] == "query" and len(fields) == 2:
                query = int(fields[1])
            else:
                raise ValueError
        except ValueError:
            raise FamilyInputError(f"line {number}: expected 'insert P C', 'delete P' or "
                                   f"'query Q', got {line.strip()!r}") from None
    if start is None:
        raise FamilyInputError("no 'start WORD' line")
    try:
        return EditScript(tuple(start), tuple(edits), query)
    except FamilyInputError as error:
        raise FamilyInputError(f"{error} (edits counted from the first after 'start')") from None


def format_script(script):
    """Return the text form of ``script`` (inverse of :func:`parse`)."""
    lines = ["start " + "".join(chr(ord("a") + t) for t in script.start)]
    for edit in script.edits:
        lines.append(f"insert {edit[1]} {chr(ord('a') + edit[2])}" if edit[0] == "insert"
                     else f"delete {edit[1]}")
    if script.query is not None:
        lines.append(f"query {script.query}")
    return "\n".join(lines) + "\n"


def solve(script):
    """Return ``{"final", "token"}`` by applying the edits to a Python list."""
    final = apply_edits(script.start, script.edits)
    return {"final": final, "token": None if script.query is None else final[script.query]}


def verify(script, answer):
    """Return True if ``answer`` has the right final sequence and query token."""
    return isinstance(answer, dict) and answer == solve(script)
