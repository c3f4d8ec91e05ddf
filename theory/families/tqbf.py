"""True quantified Boolean formulas (prenex CNF): random QBF, a QDIMACS reader, a brute-force value.

A :class:`QBF` has ``num_vars`` variables quantified in the order 1..num_vars
(``quantifiers[v - 1]`` is ``"e"`` for ∃ or ``"a"`` for ∀) over a CNF matrix. The
QDIMACS reader renames variables into that order: free variables first (they are
existential, outermost, as QDIMACS says), then the prefix's order; renaming does not
change the value. The value is found by folding the matrix's truth table from the
innermost variable out: ∃ is an OR of the two halves, ∀ an AND.

Examples
--------
>>> solve(parse("p cnf 2 2\\na 1 0\\ne 2 0\\n1 2 0\\n-1 -2 0\\n"))  # ∀x ∃y: y = ¬x
True
"""

from dataclasses import dataclass

import numpy as np

from theory.errors import FamilyInputError
from theory.families._checks import instance_of
from theory.families import sat

__all__ = ["check", "QBF", "generate", "parse", "solve", "verify", "CASES", "COMPLEXITY", "format_qdimacs",
           "DEFAULT_RATIO"]

COMPLEXITY = {"complete for": ("PSPACE", "Stockmeyer and Meyer 1973")}

DEFAULT_RATIO = 0.6
"""Clauses per variable of :func:`generate`; with alternating quantifiers this gives a mix
of true and false formulas at small n."""


@dataclass(frozen=True)
class QBF:
    """A prenex QBF: ``quantifiers`` (a string of ``e``/``a``, one per variable, outermost
    first) over the CNF ``clauses``."""

    num_vars: int
    quantifiers: str
    clauses: tuple

    def __post_init__(self):
        matrix = sat.CNF(self.num_vars, self.clauses)  # checks variables and literals
        if len(self.quantifiers) != matrix.num_vars or set(self.quantifiers) - {"e", "a"}:
            raise FamilyInputError(f"quantifiers={self.quantifiers!r}: expected one 'e' or 'a' "
                                   f"per variable ({matrix.num_vars})")
        object.__setattr__(self, "num_vars", matrix.num_vars)
        object.__setattr__(self, "clauses", matrix.clauses)

    def __len__(self):
        return self.num_vars


CASES = (
    (QBF(0, "", ()), True),
    (QBF(2, "ae", ((1, 2), (-1, -2))), True),
    (QBF(2, "ea", ((1, 2), (-1, -2))), False),
    (QBF(1, "a", ((1,),)), False),
    (QBF(1, "e", ((1,),)), True),
    (QBF(3, "aea", ((1, 2, 3), (-1, -2, 3), (-3, 1, -1))), True),
    (QBF(3, "aea", ((1, 2, 3), (-1, -2, 3), (2, -3))), False),
)
"""Canonical cases (formula, value), shared by tests and the checker."""


def check(instance):
    """Return ``instance`` if it is a :class:`QBF` (checked when it was made), else raise
    :class:`FamilyInputError`."""
    return instance_of(instance, QBF, "QBF(num_vars, quantifiers, clauses) or parse(text)")


def generate(n, rng=None, clauses=None):
    """Return a random QBF: alternating ∃∀∃... over a random 3-CNF matrix.

    ``clauses`` defaults to ``round(0.6 n)``.

    Raises
    ------
    FamilyInputError
        As :func:`theory.families.sat.generate`.
    """
    count = round(DEFAULT_RATIO * n) if clauses is None else clauses
    matrix = sat.generate(n, rng, clauses=count)
    return QBF(matrix.num_vars, "ea" * (n // 2) + "e" * (n % 2), matrix.clauses)


def parse(text):
    """Read QDIMACS text into a :class:`QBF`, renaming variables into quantifier order.

    Raises
    ------
    FamilyInputError
        As :func:`theory.families.sat.read_dimacs`, or for a variable quantified twice
        or beyond the declared count.
    """
    num_vars, clauses, prefix = sat.read_dimacs(text, quantifier_lines=True)
    order, quantifier = [], {}
    for letter, variables in prefix:
        for v in variables:
            if v < 0 or v > num_vars:
                raise FamilyInputError(f"quantified variable {v} is not one of 1..{num_vars}")
            if v in quantifier:
                raise FamilyInputError(f"variable {v} is quantified twice")
            quantifier[v] = letter
            order.append(v)
    free = [v for v in range(1, num_vars + 1) if v not in quantifier]
    order = free + order
    rename = {old: new for new, old in enumerate(order, start=1)}
    letters = "".join(quantifier.get(v, "e") for v in order)
    renamed = tuple(tuple(rename[abs(lit)] * (1 if lit > 0 else -1) for lit in clause)
                    for clause in clauses)
    return QBF(num_vars, letters, renamed)


def format_qdimacs(qbf):
    """Return ``qbf`` as QDIMACS text (one quantifier line per variable)."""
    lines = [f"p cnf {qbf.num_vars} {len(qbf.clauses)}"]
    lines += [f"{letter} {v} 0" for v, letter in enumerate(qbf.quantifiers, start=1)]
    lines += [" ".join(map(str, clause + (0,))) for clause in qbf.clauses]
    return "\n".join(lines) + "\n"


def solve(qbf):
    """Return the value of ``qbf`` (a bool), folding the truth table from the innermost variable.

    Raises
    ------
    FamilyInputError
        If it has more than :data:`theory.families.sat.MAX_BRUTE_FORCE_VARS` variables.
    """
    table = sat.truth_table(qbf.num_vars, qbf.clauses)
    for letter in reversed(qbf.quantifiers):  # the innermost variable is the lowest bit
        pairs = table.reshape(-1, 2)
        table = pairs.any(axis=1) if letter == "e" else pairs.all(axis=1)
    return bool(table[0])


def verify(qbf, value):
    """Return True if ``value`` is the value of ``qbf``; None (unchecked) past
    :data:`theory.families.sat.MAX_BRUTE_FORCE_VARS` variables, where the reference
    solver stops."""
    if not isinstance(value, (bool, np.bool_)):
        return False
    if qbf.num_vars > sat.MAX_BRUTE_FORCE_VARS:
        return None
    return bool(value) == solve(qbf)
