"""Fit a measured series (n, value) against growth forms, and test a claimed bound on it.

Two separate questions. :func:`fit_growth` asks which candidate forms (1, log n, log² n,
n, n log n, n², n³, 2ⁿ) describe the series as ``a·f(n) + b``, with each fit's worst
relative error as evidence. :func:`check_bound` asks whether ``value ≤ c·bound(n)`` at
every n (``≥`` for a lower bound) with the constant ``c`` fixed from the smallest sizes
only and never refitted on the largest: a series that outgrows its bound fails.

Examples
--------
>>> ns = [8, 16, 32, 64, 128]
>>> fit_growth(ns, [3 * n * n for n in ns]).best
'n^2'
>>> check_bound(ns, [n * n for n in ns], "n").holds
False
>>> check_bound(ns, [2 * n + 1 for n in ns], "n").holds
True
"""

import math
import warnings
from dataclasses import dataclass

import numpy as np

from theory.errors import ClaimInputError

__all__ = ["FORMS", "FormFit", "GrowthFit", "BoundCheck", "fit_growth", "check_bound"]

FORMS = {
    "1": "1", "log n": "log(n)", "log^2 n": "log(n)**2", "n": "n", "n log n": "n*log(n)",
    "n^2": "n**2", "n^3": "n**3", "n^4": "n**4", "2^n": "2**n",
}
"""Candidate growth forms, simplest first: display name -> sympy expression in n."""

CONSISTENT_ERROR = 0.1
"""A form is consistent when its fit's worst relative error is at most this (or within
1.5 times the best form's error)."""

SLACK = 0.05
"""Relative room ``check_bound`` allows above ``c·bound`` (rounding to whole steps)."""


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

    ``c`` comes from the ``calibration`` smallest sizes (0 when it was stated); ``ratios`` are value/bound per
    size; ``worst_n`` is the size furthest past ``c`` (None when it holds).
    """

    holds: bool
    c: float
    calibration: int
    ratios: tuple
    worst_n: object


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


def check_bound(ns, values, bound, direction="upper", variable="n", calibration=None,
                c=None):
    """Test ``value ≤ c·bound(n)`` (or ``≥`` for ``direction="lower"``) at every size.

    With ``c`` given (a bound whose constant is stated, such as "at most 2n steps") it is
    used as is, with no slack. Otherwise ``c`` is the largest (upper) or smallest (lower) ratio value/bound over the
    ``calibration`` smallest sizes (default: the two smallest, one if there are fewer
    than three), then fixed; the check allows :data:`SLACK` above it for rounding.

    Parameters
    ----------
    ns, values : sequences of numbers
    bound : str or sympy expression
        The bound in ``variable``; it must be positive at every size.
    direction : {"upper", "lower"}
    variable : str
    calibration : int or None
    c : float or None

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
    32
    >>> check_bound([4, 8], [9, 17], "2*n", c=1).holds
    False
    """
    if direction not in ("upper", "lower"):
        raise ClaimInputError(f"direction={direction!r}: expected 'upper' or 'lower'")
    ns, values = _series(ns, values)
    order = np.argsort(ns, kind="stable")
    ns, values = ns[order], values[order]
    bounds = _evaluate(bound, variable, ns)
    if not np.all(bounds > 0):
        raise ClaimInputError(f"bound {bound} must be positive at every size; it is "
                              f"{bounds.tolist()} at {variable} = {ns.tolist()}")
    ratios = values / bounds
    slack = SLACK
    if c is not None:
        calibration, slack = 0, 0.0
    else:
        calibration = calibration or (2 if len(ns) >= 3 else 1)
        pick = np.max if direction == "upper" else np.min
        c = float(pick(ratios[:calibration]))
    if direction == "upper":
        excess = ratios - c * (1 + slack)
    else:
        excess = c / (1 + slack) - ratios
    holds = bool(np.all(excess <= 1e-12))
    worst = None if holds else int(ns[int(np.argmax(excess))])
    return BoundCheck(holds, c, calibration, tuple(float(r) for r in ratios), worst)
