"""Growth fitting names the right form, and the bound test fails series that outgrow their bound."""

import math

import pytest
from hypothesis import given, strategies as st

from theory.errors import ClaimInputError
from theory.growth import check_bound, fit_growth

SIZES = [8, 16, 32, 64, 128, 256, 512]


@pytest.mark.parametrize("form, function", [
    ("log n", math.log2), ("n", lambda n: 3 * n + 5), ("n log n", lambda n: n * math.log2(n)),
    ("n^2", lambda n: n * n / 2), ("n^3", lambda n: n ** 3), ("1", lambda n: 7)])
def test_fit_names_the_form_the_series_was_made_from(form, function):
    fit = fit_growth(SIZES, [function(n) for n in SIZES])
    assert fit.best == form
    assert form in fit.consistent


def test_exponential_series_fits_2_to_the_n():
    sizes = [4, 6, 8, 10, 12]
    assert fit_growth(sizes, [2 ** (s + 1) - 2 for s in sizes]).best == "2^n"


@pytest.mark.parametrize("values, bound", [
    ([n * n for n in SIZES], "n"),                      # quadratic against linear
    ([n * math.log2(n) for n in SIZES], "n"),           # n log n against n
    ([n for n in SIZES], "log(n, 2)"),                  # linear against logarithmic
    ([math.log2(n) ** 2 for n in SIZES], "log(n)"),     # log² against log
    ([2 ** (n // 8) for n in SIZES], "n**3"),           # exponential against cubic
])
def test_a_series_that_breaks_its_bound_fails(values, bound):
    result = check_bound(SIZES, values, bound)
    assert not result.holds
    assert result.worst_n == SIZES[-1]


def test_c_is_fixed_from_the_smallest_sizes_not_refitted_on_the_largest():
    # holds with c = 1 on the two smallest, then one point 10 % above: fails
    values = [n for n in SIZES[:-1]] + [1.1 * SIZES[-1]]
    assert not check_bound(SIZES, values, "n").holds
    assert check_bound(SIZES, values, "n").c == 1.0


def test_a_lower_bound_fails_when_the_series_grows_slower():
    assert not check_bound(SIZES, [n for n in SIZES], "n**2", "lower").holds
    assert check_bound(SIZES, [n * n + 1 for n in SIZES], "n**2", "lower").holds


def test_a_stated_constant_is_used_as_is():
    assert check_bound([4, 8, 16], [8, 16, 32], "2*n", c=1).holds
    assert not check_bound([4, 8, 16], [8, 16, 33], "2*n", c=1).holds


@given(st.integers(1, 50), st.integers(0, 100))
def test_a_series_equal_to_a_multiple_of_its_bound_holds(scale, offset):
    values = [scale * n + offset for n in SIZES]
    assert check_bound(SIZES, values, "n").holds


def test_bad_series_are_refused():
    with pytest.raises(ClaimInputError, match="one value per size"):
        fit_growth([1, 2], [1])
    with pytest.raises(ClaimInputError, match="finite"):
        check_bound([1, 2, 3], [1, float("nan"), 2], "n")
    with pytest.raises(ClaimInputError, match="positive at every size"):
        check_bound([1, 2, 4], [1, 1, 1], "log(n)")
    with pytest.raises(ClaimInputError, match="direction"):
        check_bound([1, 2, 4], [1, 1, 1], "n", "sideways")
