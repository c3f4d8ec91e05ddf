"""Laws of the shared argument checks: what each front-door check accepts, refuses and returns."""

import os

import numpy as np
import pytest

from simulators import validation
from simulators.errors import InvalidArgumentError, MemoryBudgetError
from simulators.validation import (as_int32_array, as_rng, check_memory, check_nonnegative_int,
                                   check_positive_int, memory_budget, set_memory_budget)

INT64_MAX = 2**63 - 1


@pytest.mark.parametrize("value", [1, 7, np.int64(3), INT64_MAX])
def test_positive_ints_from_one_to_int64_max_pass_unchanged_as_python_ints(value):
    checked = check_positive_int(value, "n")
    assert checked == value and type(checked) is int


@pytest.mark.parametrize("value", [0, -1, True, 1.0, "1", None, INT64_MAX + 1])
def test_positive_int_check_refuses_zero_negatives_bools_non_integers_and_overflow(value):
    with pytest.raises(InvalidArgumentError, match="^n="):
        check_positive_int(value, "n")


@pytest.mark.parametrize("value", [0, 5, np.uint8(2), INT64_MAX])
def test_nonnegative_ints_from_zero_to_int64_max_pass_unchanged_as_python_ints(value):
    checked = check_nonnegative_int(value, "k")
    assert checked == value and type(checked) is int


@pytest.mark.parametrize("value", [-1, False, 0.0, INT64_MAX + 1])
def test_nonnegative_int_check_refuses_negatives_bools_non_integers_and_overflow(value):
    with pytest.raises(InvalidArgumentError, match="^k="):
        check_nonnegative_int(value, "k")


def test_the_same_seed_gives_the_same_stream_and_a_generator_is_used_as_is():
    assert as_rng(5).integers(1 << 30) == as_rng(5).integers(1 << 30)
    assert as_rng(0).integers(1 << 30) == np.random.default_rng(0).integers(1 << 30)
    generator = np.random.default_rng(1)
    assert as_rng(generator) is generator
    assert isinstance(as_rng(None), np.random.Generator)


@pytest.mark.parametrize("seed", [True, 1.5, "7", -1])
def test_seeds_other_than_none_a_nonnegative_int_or_a_generator_are_refused(seed):
    with pytest.raises(InvalidArgumentError, match="seed="):
        as_rng(seed)


def test_an_int32_vector_is_returned_without_a_copy():
    values = np.arange(4, dtype=np.int32)
    assert as_int32_array(values, "x") is values


@pytest.mark.parametrize("values", [[1, -2, 3], np.arange(3, dtype=np.int64), np.arange(6)[::2],
                                    [True, False], [], [2**31 - 1, -2**31]])
def test_integral_vectors_become_contiguous_int32_with_the_same_values(values):
    array = as_int32_array(values, "x")
    assert array.dtype == np.int32 and array.ndim == 1 and array.flags.c_contiguous
    assert array.tolist() == np.asarray(values).astype(np.int64).tolist()


@pytest.mark.parametrize("values, message", [
    ([[1, 2]], "one-dimensional"), (np.zeros((2, 2), dtype=np.int32), "one-dimensional"),
    (5, "one-dimensional"), ([1.0, 2.0], "integers"),
    (["a"], "integers"), ([2**31], "outside int32"), ([-2**31 - 1], "outside int32")])
def test_lossy_or_misshapen_arrays_are_refused_by_name(values, message):
    with pytest.raises(InvalidArgumentError, match=f"x.*{message}|{message}"):
        as_int32_array(values, "x")


def test_memory_check_allows_exactly_the_budget_and_refuses_one_byte_more():
    set_memory_budget(1000)
    assert memory_budget() == 1000
    check_memory(1000, "a buffer")
    with pytest.raises(MemoryBudgetError, match="a buffer needs about 1,001 bytes.*of 1,000 bytes"):
        check_memory(1001, "a buffer")


@pytest.mark.parametrize("nbytes, shown", [(1023, "1,023 bytes"), (1024, "1 KiB"), (1536, "1.5 KiB"),
                                           (3 << 20, "3 MiB"), (5 << 30, "5 GiB")])
def test_memory_refusal_shows_sizes_in_the_largest_whole_unit(nbytes, shown):
    set_memory_budget(1)
    with pytest.raises(MemoryBudgetError, match=f"about {shown},"):
        check_memory(nbytes, "a buffer")


@pytest.mark.parametrize("nbytes", [0, -5, 2.5, True])
def test_a_memory_budget_must_be_a_positive_integer(nbytes):
    with pytest.raises(InvalidArgumentError, match="max_memory"):
        set_memory_budget(nbytes)


def test_the_default_budget_is_half_the_machine_memory():
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    assert memory_budget() == physical // 2


def test_without_posix_memory_figures_a_machine_of_4_gib_is_assumed(monkeypatch):
    def no_sysconf(name):
        raise ValueError(name)

    monkeypatch.setattr(os, "sysconf", no_sysconf)
    assert validation._physical_memory() == 4 * 2**30
