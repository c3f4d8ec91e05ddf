"""Growth fitting names the right form, and the bound test fails series that outgrow their bound."""

import math

import pytest
from hypothesis import given, strategies as st

from theory.errors import ClaimInputError
from theory.growth import calibrate, check_bound, check_growth, fit_growth, ratio_slope

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
    c = calibrate(SIZES[:1], values[:1], bound)        # calibrated on the smallest size only
    result = check_bound(SIZES[1:], values[1:], bound, c=c)
    assert not result.holds
    assert result.worst_n in SIZES[1:]


def test_the_constant_is_used_as_stated_with_no_slack():
    assert check_bound([4, 8, 16], [8, 16, 32], "2*n", c=1).holds
    assert not check_bound([4, 8, 16], [8, 16, 33], "2*n", c=1).holds
    assert check_bound([4, 8, 16], [8, 16, 33], "2*n", c=1.1).holds


def test_calibration_takes_the_worst_ratio_of_its_own_sizes():
    assert calibrate([4, 8], [8, 24], "n") == 3.0
    assert calibrate([4, 8], [8, 24], "n", "lower") == 2.0


def test_a_lower_bound_fails_when_the_series_grows_slower():
    assert not check_bound(SIZES, [n for n in SIZES], "n**2", "lower").holds
    assert check_bound(SIZES, [n * n + 1 for n in SIZES], "n**2", "lower").holds


def test_a_series_one_class_faster_fails_on_growth_even_within_c_times_its_bound():
    sizes = [4, 8, 16, 32, 64, 128]
    values = [n * n / 1000 for n in sizes]              # n² but far below 1·n here
    assert check_bound(sizes, values, "n", c=1).holds
    holds, fit = check_growth(sizes, values, "n", tolerance=0.25)
    assert holds is False and fit.slope == pytest.approx(1.0)
    n_log_n = [n * math.log2(n) / 100 for n in sizes]   # one class faster, barely
    assert check_bound(sizes, n_log_n, "n", c=1).holds
    assert check_growth(sizes, n_log_n, "n", tolerance=0.25)[0] is False


def test_a_lower_bound_falling_behind_fails_on_growth():
    sizes = [4, 8, 16, 32, 64]
    assert check_growth(sizes, [100 * n for n in sizes], "n**2", "lower")[0] is False
    assert check_growth(sizes, [n * n + 3 for n in sizes], "n**2", "lower")[0] is True


@given(st.integers(1, 50), st.integers(0, 100))
def test_a_series_equal_to_a_multiple_of_its_bound_holds(scale, offset):
    values = [scale * n + offset for n in SIZES]
    assert check_bound(SIZES, values, "n", c=scale + offset / SIZES[0]).holds
    assert check_growth(SIZES, values, "n")[0] is True


def test_no_slope_without_positive_values_or_three_sizes():
    assert ratio_slope([4, 8, 16], [0, 1, 2], "n") is None
    assert ratio_slope([4, 8], [1, 2], "n") is None


def test_bad_series_are_refused():
    with pytest.raises(ClaimInputError, match="one value per size"):
        fit_growth([1, 2], [1])
    with pytest.raises(ClaimInputError, match="finite"):
        check_bound([1, 2, 3], [1, float("nan"), 2], "n")
    with pytest.raises(ClaimInputError, match="positive at every size"):
        check_bound([1, 2, 4], [1, 1, 1], "log(n)")
    with pytest.raises(ClaimInputError, match="direction"):
        check_bound([1, 2, 4], [1, 1, 1], "n", "sideways")
