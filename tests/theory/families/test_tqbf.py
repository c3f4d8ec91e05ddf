"""TQBF: the truth-table fold agrees with a recursive evaluation; QDIMACS renames into prefix order."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theory.errors import FamilyInputError
from theory.families import sat, tqbf


def recursive_value(qbf, assignment=()):
    if len(assignment) == qbf.num_vars:
        return sat.satisfies(sat.CNF(qbf.num_vars, qbf.clauses), list(assignment))
    branches = (recursive_value(qbf, assignment + (b,)) for b in (False, True))
    return any(branches) if qbf.quantifiers[len(assignment)] == "e" else all(branches)


@pytest.mark.parametrize("qbf, expected", tqbf.CASES)
def test_canonical_cases(qbf, expected):
    assert tqbf.solve(qbf) is expected and tqbf.verify(qbf, expected)
    assert not tqbf.verify(qbf, not expected) and not tqbf.verify(qbf, None)


@settings(max_examples=60)
@given(st.integers(0, 7), st.integers(0, 12), st.text("ea", min_size=7, max_size=7),
       st.integers(0, 2**32 - 1))
def test_fold_agrees_with_recursion(n, clauses, letters, seed):
    matrix = sat.generate(n, seed, clauses=clauses if n else 0)
    qbf = tqbf.QBF(n, letters[:n], matrix.clauses)
    assert tqbf.solve(qbf) == recursive_value(qbf)


def test_generate_gives_true_and_false_formulas():
    assert {tqbf.solve(tqbf.generate(8, seed)) for seed in range(20)} == {True, False}


def test_qdimacs_renames_free_variables_first_then_the_prefix():
    qbf = tqbf.parse("c x\np cnf 3 2\na 3 0\ne 1 0\n3 1 0\n-3 2 0\n")
    # free 2 -> 1 (existential), then 3 -> 2 (universal), 1 -> 3 (existential)
    assert qbf.quantifiers == "eae" and qbf.clauses == ((2, 3), (-2, 1))
    assert tqbf.parse(tqbf.format_qdimacs(qbf)) == qbf


@pytest.mark.parametrize("text, message", [
    ("p cnf 2 1\na 1 0\na 1 0\n1 0\n", "quantified twice"),
    ("p cnf 2 1\n1 0\na 1 0\n", "after the clauses"),
    ("p cnf 2 1\na 1\n1 0\n", "ends with 0"),
    ("p cnf 2 1\na 5 0\n1 0\n", "not one of 1..2"),
])
def test_malformed_qdimacs_is_refused(text, message):
    with pytest.raises(FamilyInputError, match=message):
        tqbf.parse(text)
