"""Measurements behind the claims: claim id -> a function (n, seed) -> one row.

Each module of this package defines ``MEASUREMENTS``, a dict from claim ids of
:mod:`theory.claims` to :class:`Measurement`; the package finds them all, so a helper
adds a claim's measurement with one small module and nothing else. A row is a dict with
``n`` (the size asked for), ``x`` (the value of the claim's variable: n, a context S, a
PRAM's T), ``value`` (the measured resource) and ``correct`` (True, False, or None when
the run was cut short); MDM runs add ``serial_cost`` and ``peak_context`` so the checker
can test Theorem 2 on every one.

Examples
--------
>>> measure("E-parity-arm-steps", 8, seed=0)["value"]
9.0
"""

import functools
import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable

__all__ = ["Measurement", "measurements", "measure"]


@dataclass(frozen=True)
class Measurement:
    """How to measure one claim.

    Attributes
    ----------
    function : callable
        ``function(n, seed) -> row`` (see the module docstring).
    sizes : tuple of int
        The full sweep's sizes.
    quick_sizes : tuple of int
        The sizes of ``genpower check --quick`` (at least three, so a growth is seen), or
        empty when the measurement is too slow for it (its first run compiles for long).
    """

    function: Callable
    sizes: tuple
    quick_sizes: tuple


@functools.lru_cache(maxsize=1)
def measurements():
    """Return every registered measurement: claim id -> :class:`Measurement`."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for claim_id, measurement in getattr(module, "MEASUREMENTS", {}).items():
            assert claim_id not in found, f"two measurements for {claim_id}"
            found[claim_id] = measurement
    return found


def measure(claim_id, n, seed=0):
    """Measure ``claim_id`` at size ``n``; a GenpowerError becomes a row with ``error``.

    A run refused for a reason of its own (a policy caught keeping hidden state, an
    illegal write) is a measurement too: the row says ``correct: False`` and why.
    """
    from simulators.errors import GenpowerError
    function = measurements()[claim_id].function
    try:
        row = function(n, seed)
    except GenpowerError as error:
        return {"n": n, "x": n, "value": None, "correct": False,
                "error": f"{type(error).__name__}: {error}"}
    row.setdefault("x", n)
    row["value"] = float(row["value"])
    return row
