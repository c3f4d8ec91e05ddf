"""Fit a measured series (n, value) against growth forms, and test a claimed bound on it.

Three questions. :func:`fit_growth` asks which candidate forms (1, log n, log² n, n,
n log n, n², n³, 2ⁿ) describe the series as ``a·f(n) + b`` (the table's "fitted growth").
:func:`check_bound` asks whether ``value ≤ c·bound(n)`` at every n (``≥`` for a lower
bound) with a constant ``c`` stated before measuring (by the claim, or by
:func:`calibrate` on a separate, smaller run), never fitted on the sizes it judges.
:func:`check_growth` asks whether the fitted log-log slope of value / bound stays within
a tolerance of 0: a series one class faster than its bound fails even where every
point is still within ``c·bound``.

Examples
--------
>>> ns = [8, 16, 32, 64, 128]
>>> fit_growth(ns, [3 * n * n for n in ns]).best
'n^2'
>>> check_bound(ns, [n * n for n in ns], "n").holds
False
>>> check_bound(ns, [2 * n + 1 for n in ns], "n", c=3).holds
True
"""

import math
import warnings
from dataclasses import dataclass

import numpy as np

from theory.errors import ClaimInputError

__all__ = ["FORMS", "FormFit", "GrowthFit", "BoundCheck", "SlopeFit", "fit_growth",
           "evaluate_bound", "calibrate", "check_bound", "ratio_slope", "check_growth"]

FORMS = {
    "1": "1", "log n": "log(n)", "log^2 n": "log(n)**2", "n": "n", "n log n": "n*log(n)",
    "n^2": "n**2", "n^3": "n**3", "n^4": "n**4", "2^n": "2**n",
}
"""Candidate growth forms, simplest first: display name -> sympy expression in n."""

CONSISTENT_ERROR = 0.1
"""A form is consistent when its fit's worst relative error is at most this (or within
1.5 times the best form's error)."""


@dataclass(frozen=True)
class FormFit:
    """One form fitted as ``scale·f(n) + offset``; ``error`` is the worst relative error."""

    form: str
    scale: float
    offset: float
    error: float


@dataclass(frozen=True)
class GrowthFit:
    """The fits of every form, best first, and the names of the consistent ones."""

    fits: tuple
    consistent: tuple

    @property
    def best(self):
        """The consistent form with the smallest error (simplest on ties), or None."""
        return self.consistent[0] if self.consistent else None


@dataclass(frozen=True)
class BoundCheck:
    """Whether ``value ≤ c·bound`` (upper) or ``≥`` (lower) held at every size.

    ``c`` is the constant stated before measuring; ``ratios`` are value/bound per size;
    ``worst_n`` is the first size past ``c`` (None when it holds).
    """

    holds: bool
    c: float
    ratios: tuple
    worst_n: object


@dataclass(frozen=True)
class SlopeFit:
    """The log-log slope of value / bound against the size, and its standard error."""

    slope: float
    stderr: float


def _series(ns, values):
    ns = np.asarray(ns, dtype=float)
    values = np.asarray(values, dtype=float)
    if ns.shape != values.shape or ns.ndim != 1 or len(ns) == 0:
        raise ClaimInputError(f"a series needs one value per size; got {len(ns)} sizes and "
                              f"{len(values)} values")
    if not (np.all(np.isfinite(values)) and np.all(ns >= 1)):
        raise ClaimInputError(f"sizes must be >= 1 and values finite; got sizes {ns.tolist()} "
                              f"and values {values.tolist()}")
    return ns, values


def _evaluate(expression, variable, ns):
    import sympy
    symbol = sympy.Symbol(variable, positive=True)
    try:
        expr = sympy.sympify(expression, locals={variable: symbol}) if isinstance(
            expression, str) else expression
    except (sympy.SympifyError, TypeError, ValueError, AttributeError) as error:
        # "2*S" in n: S is sympy's singleton registry, and the product a TypeError
        raise ClaimInputError(f"bound {expression!r} is not an expression in {variable} "
                              f"({type(error).__name__}: {error})") from None
    others = sorted(str(s) for s in getattr(expr, "free_symbols", ()) if s != symbol)
    if others:  # lambdify would make a function of one argument that needs more: TypeError
        raise ClaimInputError(f"bound {expression} is in {', '.join(others)}, not in the "
                              f"series' variable {variable}; pass variable={others[0]!r}")
    function = sympy.lambdify(symbol, expr, modules=["math"])
    return np.array([_value_or_inf(function, n) for n in ns])


def _value_or_inf(function, n):
    try:
        return float(function(float(n)))
    except OverflowError:
        return math.inf


def fit_growth(ns, values):
    """Fit ``values`` against every form of :data:`FORMS` as ``a·f(n) + b`` (a ≥ 0).

    Parameters
    ----------
    ns, values : sequences of numbers
        The sizes (≥ 1) and the measured resource at each.

    Returns
    -------
    GrowthFit
        Every form's fit, best first, and the consistent forms (worst relative error at
        most :data:`CONSISTENT_ERROR`, or within 1.5× of the best).

    Raises
    ------
    ClaimInputError
        If the lengths differ, a size is below 1 or a value is not finite.

    Examples
    --------
    >>> fit_growth([2, 4, 8, 16, 32], [1, 2, 3, 4, 5]).best
    'log n'
    """
    ns, values = _series(ns, values)
    denominator = np.maximum(np.abs(values), 1.0)
    fits = []
    for rank, (name, expression) in enumerate(FORMS.items()):
        f = np.ones_like(ns) if name == "1" else _evaluate(expression, "n", ns)
        if not np.all(np.isfinite(f)) or np.max(f) > 1e100:
            continue
        if name == "1" or np.ptp(f) == 0:
            scale, offset = 0.0, float(np.mean(values))
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # RankWarning on steep forms
                scale, offset = np.polyfit(f, values, 1)
            if scale < 0:
                scale, offset = 0.0, float(np.mean(values))
        error = float(np.max(np.abs(scale * f + offset - values) / denominator))
        fits.append((error, rank, FormFit(name, float(scale), float(offset), error)))
    fits.sort(key=lambda item: (round(item[0], 9), item[1]))
    best_error = fits[0][0]
    consistent = tuple(fit.form for error, _, fit in fits
                       if error <= max(CONSISTENT_ERROR, 1.5 * best_error)
                       and (fit.form == "1" or fit.scale > 0))
    return GrowthFit(tuple(fit for _, _, fit in fits), consistent)


def evaluate_bound(bound, variable, xs):
    """Return ``bound`` (a sympy expression or string in ``variable``) at each of ``xs``.

    Examples
    --------
    >>> evaluate_bound("2*n", "n", [1, 4]).tolist()
    [2.0, 8.0]
    """
    return _evaluate(bound, variable, np.asarray(xs, dtype=float))


def calibrate(ns, values, bound, direction="upper", variable="n"):
    """Return the constant a calibration run gives: the largest (upper) or smallest (lower)
    ratio value / bound over its sizes, to be used as is on other, larger sizes.

    Examples
    --------
    >>> calibrate([4, 8], [5, 7], "log(n, 2)")
    2.5
    """
    ns, values = _series(ns, values)
    bounds = _positive_bound(bound, variable, ns)
    ratios = values / bounds
    return float(np.max(ratios) if _direction(direction) == "upper" else np.min(ratios))


def _direction(direction):
    if direction not in ("upper", "lower"):
        raise ClaimInputError(f"direction={direction!r}: expected 'upper' or 'lower'")
    return direction


def _positive_bound(bound, variable, ns):
    bounds = _evaluate(bound, variable, ns)
    if not np.all(bounds > 0):
        raise ClaimInputError(f"bound {bound} must be positive at every size; it is "
                              f"{bounds.tolist()} at {variable} = {ns.tolist()}")
    return bounds


def check_bound(ns, values, bound, direction="upper", variable="n", c=1.0):
    """Test ``value ≤ c·bound(n)`` (or ``≥`` for ``direction="lower"``) at every size.

    ``c`` is stated before measuring (by the claim, or by a separate calibration run:
    :func:`calibrate`); it is never fitted on the sizes it judges, and no slack is given.

    Parameters
    ----------
    ns, values : sequences of numbers
    bound : str or sympy expression
        The bound in ``variable``; it must be positive at every size.
    direction : {"upper", "lower"}
    variable : str
    c : float

    Returns
    -------
    BoundCheck

    Raises
    ------
    ClaimInputError
        For a bad series, a bound that is not positive at some size, or a bad direction.

    Examples
    --------
    >>> check_bound([4, 8, 16, 32], [2, 3, 4, 5], "log(n, 2)").holds
    True
    >>> check_bound([4, 8, 16, 32], [2, 2, 2, 2], "log(n, 2)", "lower").worst_n
    8
    >>> check_bound([4, 8], [9, 17], "2*n").holds
    False
    """
    direction = _direction(direction)
    ns, values = _series(ns, values)
    order = np.argsort(ns, kind="stable")
    ns, values = ns[order], values[order]
    ratios = values / _positive_bound(bound, variable, ns)
    excess = ratios - c if direction == "upper" else c - ratios
    holds = bool(np.all(excess <= 1e-9 * max(1.0, abs(c))))
    worst = None if holds else int(ns[int(np.argmax(excess > 1e-9 * max(1.0, abs(c))))])
    return BoundCheck(holds, float(c), tuple(float(r) for r in ratios), worst)


def ratio_slope(ns, values, bound, variable="n"):
    """Fit the log-log slope of value / bound against the size, with its standard error.

    A series that grows like its bound has slope 0; one a polynomial class faster (n²
    against n) has slope 1; n log n against n about 1 / ln n. Returns None when a value
    is not positive (no logarithm) or there are fewer than three distinct sizes.

    Examples
    --------
    >>> fit = ratio_slope([4, 8, 16, 32], [n * n for n in [4, 8, 16, 32]], "n")
    >>> round(fit.slope, 6), round(fit.stderr, 6)
    (1.0, 0.0)
    """
    ns, values = _series(ns, values)
    if np.any(values <= 0) or len(set(ns.tolist())) < 3:
        return None
    logs = np.log(ns)
    ratios = np.log(values / _positive_bound(bound, variable, ns))
    (slope, intercept), residuals = np.polyfit(logs, ratios, 1), None
    residuals = ratios - (slope * logs + intercept)
    spread = float(np.sum((logs - logs.mean()) ** 2))
    stderr = math.sqrt(float(np.sum(residuals ** 2)) / max(len(ns) - 2, 1) / spread)
    return SlopeFit(float(slope), stderr)


def check_growth(ns, values, bound, direction="upper", variable="n", tolerance=0.25):
    """Whether the fitted growth keeps to the bound's: the slope of :func:`ratio_slope`
    at most ``tolerance`` for an upper bound (at least ``-tolerance`` for a lower one).

    Returns ``(holds, fit)``; ``holds`` is None when no slope could be fitted.

    Examples
    --------
    >>> sizes = [4, 8, 16, 32, 64]
    >>> check_growth(sizes, [n * n / 1000 for n in sizes], "n")[0]   # within 1·n, yet n²
    False
    >>> check_growth(sizes, [3 * n + 7 for n in sizes], "n")[0]
    True
    """
    fit = ratio_slope(ns, values, bound, variable)
    if fit is None:
        return None, None
    if _direction(direction) == "upper":
        return fit.slope <= tolerance, fit
    return fit.slope >= -tolerance, fit
