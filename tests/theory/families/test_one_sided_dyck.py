"""The one-sided Dyck family: membership by a stack, for any bracket pairs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.simulators.reference_pram import dyck_accepts
from theory.errors import FamilyInputError
from theory.families import one_sided_dyck

PAIRS = "()[]"
words = st.text(alphabet=PAIRS, max_size=30)


@st.composite
def nested_words(draw, depth=3):
    """Well-nested words built by the grammar S -> empty | (S) S | [S] S."""
    if depth == 0 or not draw(st.booleans()):
        return ""
    opener, closer = draw(st.sampled_from(["()", "[]"]))
    return opener + draw(nested_words(depth - 1)) + closer + draw(nested_words(depth - 1))


@pytest.mark.parametrize("n, instance, expected", one_sided_dyck.CASES)
def test_canonical_cases(n, instance, expected):
    assert len(instance[0]) == n and one_sided_dyck.solve(instance) == expected
    assert one_sided_dyck.verify(instance, expected)
    assert not one_sided_dyck.verify(instance, not expected)


@given(words)
def test_solver_agrees_with_a_stack(word):
    assert one_sided_dyck.solve((word, PAIRS)) == dyck_accepts(word, PAIRS)


@given(nested_words())
def test_words_from_the_grammar_are_members(word):
    assert one_sided_dyck.solve((word, PAIRS))
    if word:
        assert not one_sided_dyck.solve((word[1:], PAIRS))


@given(words)
def test_text_round_trips(word):
    instance = (word, PAIRS)
    assert one_sided_dyck.parse(one_sided_dyck.to_text(instance), PAIRS) == instance


@given(st.integers(0, 60), st.integers(0, 2**32))
def test_generate_has_length_n_and_both_answers_occur(n, seed):
    word, pairs = one_sided_dyck.generate(n, seed, PAIRS)
    assert len(word) == n and set(word) <= set(pairs)


def test_generate_gives_members_and_non_members():
    answers = {one_sided_dyck.solve(one_sided_dyck.generate(10, seed)) for seed in range(40)}
    assert answers == {True, False}


@pytest.mark.parametrize("text, pairs, message", [
    ("(a)", "()", "'a', not among the brackets"),
    ("()", "(", "bracket pairs"),
    ("()", "((", "bracket pairs"),
    ("()", "", "bracket pairs"),
    ("( )", "( )", "bracket pairs"),
])
def test_malformed_text_is_refused(text, pairs, message):
    with pytest.raises(FamilyInputError, match=message):
        one_sided_dyck.parse(text, pairs)


def test_white_space_is_ignored():
    assert one_sided_dyck.parse(" ( [\t]\n) ") == ("([])", one_sided_dyck.DEFAULT_PAIRS)
