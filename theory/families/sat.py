"""SAT on CNF formulas: random k-CNF, a DIMACS reader and writer, and a brute-force reference.

A formula is a :class:`CNF`: ``num_vars`` and clauses of non-zero literals (``v`` or
``-v`` for 1 <= v <= num_vars), as in DIMACS. An answer is a dict
``{"satisfiable": bool, "assignment": [bool] * num_vars or None}``; :func:`verify`
checks a claimed assignment against the formula, and a claim of unsatisfiability
against the brute-force truth table.

Examples
--------
>>> cnf = parse("p cnf 2 2\\n1 2 0\\n-1 0\\n")
>>> solve(cnf)
{'satisfiable': True, 'assignment': [False, True]}
"""

from dataclasses import dataclass

import numpy as np

from theory.errors import FamilyInputError
from theory.families._checks import instance_of
from theory.families._common import generator
from theory.families._text import is_decimal

__all__ = ["check", "CNF", "generate", "parse", "solve", "verify", "CASES", "COMPLEXITY", "satisfies",
           "format_dimacs", "truth_table", "read_dimacs", "MAX_BRUTE_FORCE_VARS",
           "DEFAULT_RATIO"]

COMPLEXITY = {"complete for": ("NP", "Cook 1971; Levin 1973")}

MAX_BRUTE_FORCE_VARS = 26
"""Most variables the brute-force reference accepts (a truth table of 2^26 bits)."""

DEFAULT_RATIO = 4.26
"""Clauses per variable of :func:`generate`: the satisfiability threshold of random 3-CNF."""


@dataclass(frozen=True)
class CNF:
    """A CNF formula: ``num_vars`` variables and a tuple of clauses (tuples of literals)."""

    num_vars: int
    clauses: tuple

    def __post_init__(self):
        if isinstance(self.num_vars, bool) or not isinstance(self.num_vars, (int, np.integer)) \
                or self.num_vars < 0:
            raise FamilyInputError(f"num_vars={self.num_vars!r} must be an integer >= 0")
        clauses = tuple(tuple(int(lit) for lit in clause) for clause in self.clauses)
        for index, clause in enumerate(clauses):
            for lit in clause:
                if lit == 0 or abs(lit) > self.num_vars:
                    raise FamilyInputError(f"clause {index + 1}: literal {lit} is not a variable "
                                           f"1..{self.num_vars} or its negation")
        object.__setattr__(self, "num_vars", int(self.num_vars))
        object.__setattr__(self, "clauses", clauses)

    def __len__(self):
        return self.num_vars


CASES = (
    (CNF(0, ()), True),
    (CNF(0, ((),)), False),
    (CNF(1, ((1,), (-1,))), False),
    (CNF(2, ((1, 2), (-1,))), True),
    (CNF(3, ((1, 2), (-1, 2), (1, -2), (-1, -2))), False),
    (CNF(3, ((1, -2, 3), (-1, 2), (-3,))), True),
)
"""Canonical cases (formula, satisfiable), shared by tests and the checker."""


def check(instance):
    """Return ``instance`` if it is a :class:`CNF` (checked when it was made), else raise
    :class:`FamilyInputError`."""
    return instance_of(instance, CNF, "CNF(num_vars, clauses) or parse(text)")


@generator
def generate(n, rng=None, clauses=None, width=3):
    """Return a random ``width``-CNF on ``n`` variables (distinct variables per clause).

    Parameters
    ----------
    n : int
        Number of variables (>= 0).
    rng : None, int or numpy.random.Generator
    clauses : int or None
        Number of clauses (default ``round(4.26 n)``, the hard region).
    width : int
        Literals per clause (at most ``n``).

    Raises
    ------
    FamilyInputError
        If ``n`` or ``clauses`` is negative, or clauses are asked of no variables.
    """
    count = round(DEFAULT_RATIO * n) if clauses is None else clauses
    if count < 0:
        raise FamilyInputError(f"clauses={clauses} must be >= 0")
    if count and n == 0:
        raise FamilyInputError(f"{count} clauses need at least one variable")
    width = min(width, n)
    made = []
    for _ in range(count):
        variables = rng.choice(n, size=width, replace=False) + 1
        signs = rng.choice([-1, 1], size=width)
        made.append(tuple(int(v) for v in variables * signs))
    return CNF(n, tuple(made))


def read_dimacs(text, *, quantifier_lines=False):
    """Read DIMACS CNF text into ``(num_vars, clauses, quantifier_lines)``.

    With ``quantifier_lines``, ``a``/``e`` lines (QDIMACS) before the first clause are
    returned as ``(letter, [variables])``; otherwise they are an error.

    Raises
    ------
    FamilyInputError
        For a missing or malformed ``p cnf`` line, a token that is not an integer, a
        literal beyond the declared variables, a clause left without its final 0, or a
        clause count that differs from the header; the message names the line.
    """
    header, clauses, current, prefix = None, [], [], []
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split()
        if not fields or fields[0] == "c":
            continue
        if fields[0] == "%":  # SATLIB files end with "%" and "0"
            break
        if fields[0] == "p":
            if header is not None:
                raise FamilyInputError(f"line {number}: a second 'p' line")
            if len(fields) != 4 or fields[1] != "cnf" or not all(is_decimal(f) for f in fields[2:]):
                raise FamilyInputError(f"line {number}: expected 'p cnf VARIABLES CLAUSES', "
                                       f"got {line.strip()!r}")
            header = (int(fields[2]), int(fields[3]))
            continue
        if header is None:
            raise FamilyInputError(f"line {number}: {line.strip()!r} before the 'p cnf' line")
        if fields[0] in ("a", "e"):
            if not quantifier_lines:
                raise FamilyInputError(f"line {number}: quantifier line in a DIMACS CNF file "
                                       "(read it as QDIMACS)")
            if clauses or current:
                raise FamilyInputError(f"line {number}: quantifier line after the clauses began")
            variables = _integers(fields[1:], number)
            if not variables or variables[-1] != 0 or 0 in variables[:-1]:
                raise FamilyInputError(f"line {number}: a quantifier line lists variables and "
                                       "ends with 0")
            prefix.append((fields[0], variables[:-1]))
            continue
        for lit in _integers(fields, number):
            if lit == 0:
                clauses.append(tuple(current))
                current = []
            elif abs(lit) > header[0]:
                raise FamilyInputError(f"line {number}: literal {lit} exceeds the {header[0]} "
                                       "variables of the 'p cnf' line")
            else:
                current.append(lit)
    if header is None:
        raise FamilyInputError("no 'p cnf VARIABLES CLAUSES' line")
    if current:
        raise FamilyInputError(f"the last clause {' '.join(map(str, current))} does not end "
                               "with 0")
    if len(clauses) != header[1]:
        raise FamilyInputError(f"the 'p cnf' line declares {header[1]} clauses; the file has "
                               f"{len(clauses)}")
    return header[0], tuple(clauses), prefix


def _integers(fields, number):
    values = []
    for field in fields:
        try:
            values.append(int(field))
        except ValueError:
            raise FamilyInputError(f"line {number}: {field!r} is not an integer") from None
    return values


def parse(text):
    """Read a DIMACS CNF file's text into a :class:`CNF`.

    Raises
    ------
    FamilyInputError
        As :func:`read_dimacs`.
    """
    num_vars, clauses, _ = read_dimacs(text)
    return CNF(num_vars, clauses)


def format_dimacs(cnf):
    """Return ``cnf`` as DIMACS CNF text (inverse of :func:`parse`)."""
    lines = [f"p cnf {cnf.num_vars} {len(cnf.clauses)}"]
    lines += [" ".join(map(str, clause + (0,))) for clause in cnf.clauses]
    return "\n".join(lines) + "\n"


def truth_table(num_vars, clauses):
    """Return a bool array of 2^num_vars: the formula's value at each assignment.

    Assignment index i sets variable v to bit ``num_vars - v`` of i (variable 1 is the
    most significant bit).

    Raises
    ------
    FamilyInputError
        If ``num_vars`` exceeds :data:`MAX_BRUTE_FORCE_VARS`.
    """
    if num_vars > MAX_BRUTE_FORCE_VARS:
        raise FamilyInputError(f"brute force takes 2^{num_vars} assignments; the reference "
                               f"solver stops at {MAX_BRUTE_FORCE_VARS} variables")
    index = np.arange(1 << num_vars, dtype=np.int64)
    table = np.ones(1 << num_vars, dtype=bool)
    for clause in clauses:
        satisfied = np.zeros_like(table)
        for lit in clause:
            bit = ((index >> (num_vars - abs(lit))) & 1).astype(bool)
            satisfied |= bit if lit > 0 else ~bit
        table &= satisfied
    return table


def satisfies(cnf, assignment):
    """Return True if ``assignment`` (one bool per variable) satisfies every clause."""
    if assignment is None or len(assignment) != cnf.num_vars:
        return False
    return all(any(bool(assignment[abs(lit) - 1]) == (lit > 0) for lit in clause)
               for clause in cnf.clauses)


def solve(cnf):
    """Return ``{"satisfiable", "assignment"}`` by brute force (the first satisfying assignment).

    Raises
    ------
    FamilyInputError
        If the formula has more than :data:`MAX_BRUTE_FORCE_VARS` variables.
    """
    hits = np.flatnonzero(truth_table(cnf.num_vars, cnf.clauses))
    if hits.size == 0:
        return {"satisfiable": False, "assignment": None}
    first = int(hits[0])
    return {"satisfiable": True,
            "assignment": [bool((first >> (cnf.num_vars - v)) & 1) for v in range(1, cnf.num_vars + 1)]}


def verify(cnf, answer):
    """Return True if ``answer`` is right: a satisfying assignment, or unsatisfiable indeed.

    Returns None (unchecked) for an answer "unsatisfiable" on more than
    :data:`MAX_BRUTE_FORCE_VARS` variables: the reference solver cannot confirm it.
    """
    if not isinstance(answer, dict) or answer.get("satisfiable") is None:
        return False
    if answer["satisfiable"]:
        return satisfies(cnf, answer.get("assignment"))
    if cnf.num_vars > MAX_BRUTE_FORCE_VARS:
        return None
    return not solve(cnf)["satisfiable"]
