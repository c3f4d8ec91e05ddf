"""SAT: the DIMACS reader refuses malformed files, the brute force agrees with a naive search."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theory.errors import FamilyInputError
from theory.families import sat


def naive_satisfiable(cnf):
    return any(sat.satisfies(cnf, list(bits))
               for bits in itertools.product([False, True], repeat=cnf.num_vars))


@pytest.mark.parametrize("cnf, expected", sat.CASES)
def test_canonical_cases(cnf, expected):
    answer = sat.solve(cnf)
    assert answer["satisfiable"] is expected and sat.verify(cnf, answer)
    assert not sat.verify(cnf, {"satisfiable": not expected,
                                "assignment": [True] * cnf.num_vars if not expected else None})


@settings(max_examples=60)
@given(st.integers(0, 7), st.integers(0, 30), st.integers(0, 2**32 - 1))
def test_brute_force_agrees_with_a_naive_search(n, clauses, seed):
    cnf = sat.generate(n, seed, clauses=clauses if n else 0)
    answer = sat.solve(cnf)
    assert answer["satisfiable"] == naive_satisfiable(cnf) and sat.verify(cnf, answer)


def test_generate_makes_three_distinct_variables_per_clause():
    cnf = sat.generate(10, 1)
    assert len(cnf.clauses) == 43 and all(len({abs(l) for l in c}) == 3 for c in cnf.clauses)


def test_dimacs_round_trip_and_comments():
    cnf = sat.generate(6, 2)
    assert sat.parse("c hello\n" + sat.format_dimacs(cnf) + "%\n0\n") == cnf
    assert sat.parse("p cnf 3 2\n1 -2\n 3 0 -1 0\n").clauses == ((1, -2, 3), (-1,))


@pytest.mark.parametrize("text, message", [
    ("1 2 0\n", "before the 'p cnf' line"),
    ("p cnf 2\n1 0\n", "expected 'p cnf VARIABLES CLAUSES'"),
    ("p cnf 2 1\n1 x 0\n", "line 2: 'x' is not an integer"),
    ("p cnf 2 1\n1 3 0\n", "exceeds the 2 variables"),
    ("p cnf 2 1\n1 2\n", "does not end with 0"),
    ("p cnf 2 2\n1 2 0\n", "declares 2 clauses"),
    ("p cnf 2 1\np cnf 2 1\n1 0\n", "a second 'p' line"),
    ("p cnf 2 1\ne 1 0\n1 0\n", "quantifier line"),
    ("", "no 'p cnf"),
])
def test_malformed_dimacs_is_refused(text, message):
    with pytest.raises(FamilyInputError, match=message):
        sat.parse(text)


def test_verify_refuses_a_wrong_assignment_and_a_missing_answer():
    cnf = sat.CNF(2, ((1, 2), (-1,)))
    assert not sat.verify(cnf, {"satisfiable": True, "assignment": [True, True]})
    assert not sat.verify(cnf, None)


def test_brute_force_has_a_limit():
    with pytest.raises(FamilyInputError, match="stops at"):
        sat.solve(sat.CNF(sat.MAX_BRUTE_FORCE_VARS + 1, ()))
