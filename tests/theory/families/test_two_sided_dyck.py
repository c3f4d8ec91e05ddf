"""Two-sided Dyck-k: the DP counts match brute force, sampling is uniform and stays in the language."""

import itertools
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from theory.errors import FamilyInputError
from theory.families import dyck_sampling, two_sided_dyck as dyck

letters = st.integers(1, 3).flatmap(lambda j: st.sampled_from([j, -j]))


@pytest.mark.parametrize("k, max_len", [(1, 10), (2, 8), (3, 6)])
def test_counts_equal_brute_force(k, max_len):
    alphabet = [j for j in range(1, k + 1)] + [-j for j in range(1, k + 1)]
    brute = [sum(dyck.is_member(w) for w in itertools.product(alphabet, repeat=m))
             for m in range(max_len + 1)]
    assert dyck.language_counts(k, max_len) == brute


def test_counts_are_exact_beyond_brute_force():
    counts = dyck.language_counts(2, 200)
    assert counts[12] == 195352 and counts[200] > 2**300  # exact Python ints, no overflow


@pytest.mark.parametrize("text, member", dyck.CASES)
def test_canonical_cases(text, member):
    word = dyck.parse(text)
    assert dyck.solve(word) is member and dyck.verify(word, member)
    assert dyck.format_word(word) == text


@given(st.lists(letters, max_size=30))
def test_reduction_is_idempotent_and_a_word_times_its_inverse_is_a_member(word):
    reduced = dyck.reduce_word(word)
    assert dyck.reduce_word(reduced) == reduced
    assert all(a != -b for a, b in zip(reduced, reduced[1:]))
    assert dyck.is_member(word + [-c for c in reversed(word)])


@given(st.lists(letters, max_size=12), st.integers(0, 12), letters)
def test_inserting_a_cancelling_pair_keeps_the_reduction(word, gap, letter):
    gap = min(gap, len(word))
    assert dyck.reduce_word(word[:gap] + [letter, -letter] + word[gap:]) == dyck.reduce_word(word)


def test_sample_member_is_uniform_at_length_4():
    rng = np.random.default_rng(0)
    seen = Counter(tuple(dyck.sample_member(4, 2, rng)) for _ in range(5600))
    assert len(seen) == 28 and all(dyck.is_member(w) for w in seen)
    assert max(seen.values()) < 2 * min(seen.values())  # 200 expected each


def test_long_samples_are_members():
    assert dyck.is_member(dyck.sample_member(400, 5, rng=1))


def test_bad_inputs_are_refused():
    with pytest.raises(FamilyInputError, match="offset 2"):
        dyck.parse("ab1")
    with pytest.raises(FamilyInputError):
        dyck.sample_member(5, 2)
    with pytest.raises(FamilyInputError):
        dyck.language_counts(0, 4)
    with pytest.raises(FamilyInputError):
        dyck.generate(-1)


def test_generate_gives_members_and_non_members():
    words = [dyck.generate(8, rng=seed) for seed in range(40)]
    assert {dyck.solve(w) for w in words} == {True, False}


def test_sampling_requests_parse_and_verify():
    request = dyck_sampling.parse("seed=3 k=2 length=4")
    assert dyck_sampling.verify(request, dyck_sampling.solve(request))
    assert not dyck_sampling.verify(request, [1, 2, -2, -1, 1, -1])  # wrong length
    assert not dyck_sampling.verify(request, [1, 3, -3, -1])  # letter beyond k
    assert not dyck_sampling.verify(request, [1, 2, -1, -2])  # not a member
    for text in ("k=2 length=3 seed=1", "k=2 length=4", "k=2 length=4 seed=1 seed=2",
                 "k=0 length=2 seed=1", "k=2 length=x seed=1"):
        with pytest.raises(FamilyInputError):
            dyck_sampling.parse(text)


def test_language_counts_holds_two_rows_not_the_table():
    import tracemalloc

    assert dyck.language_counts(3, 40) == [row[0] for row in
                                           dyck.walk_counts(3, 40)]
    tracemalloc.start()
    try:
        dyck.language_counts(2, 600)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # the whole (L+1)^2 table of exact integers is about 10 MB at L = 600; two rows, 0.1 MB
    assert peak < 1 << 20, peak
