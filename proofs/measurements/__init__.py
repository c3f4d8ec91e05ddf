"""Measurements behind the claims: claim id -> a function (n, seed) -> one row.

Each module of this package defines ``MEASUREMENTS``, a dict from claim ids of
:mod:`theory.claims` to :class:`Measurement` (and may define ``CLAIMS``, claims of its
own, which are registered with :func:`theory.claims.register`); the package finds them
all, so a helper adds a claim and its measurement with one small module and nothing
else. A row is a dict with ``n`` (the size asked for), ``x`` (the value of the claim's
variable: n, a measured context S, a PRAM's T), ``value`` (the measured resource) and
``correct`` (True, False, or None when the run used up its room: at least
:func:`room` of the bound, so that a run reaching it has broken an upper bound); MDM
runs add ``serial_cost`` and ``peak_context`` so the checker can test Theorem 2 on
every one. A row with ``unmeasured`` (a reason) could not be measured at all.

Examples
--------
>>> measure("E-parity-arm-steps", 8, seed=0)["value"]
9.0
"""

import functools
import math
import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable

__all__ = ["Measurement", "ROOM_FACTOR", "ROOM_MARGIN", "room", "measurements", "measure"]

ROOM_FACTOR = 4
"""A run may go this many times past the bound it is judged against ..."""

ROOM_MARGIN = 64
"""... plus this many steps, before it is stopped (and counted as breaking the bound)."""


def room(bound):
    """Return the step limit of a run judged against ``bound`` steps: 4 × bound + 64.

    Examples
    --------
    >>> room(10)
    104
    """
    return ROOM_FACTOR * int(math.ceil(bound)) + ROOM_MARGIN


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
        The sizes of ``genpower check --quick`` (at least three, so a growth is seen).
    calibration : tuple of int
        For a claim with no stated constant: the separate, smaller sizes its constant is
        calibrated on (never among the judged sizes).
    """

    function: Callable
    sizes: tuple
    quick_sizes: tuple
    calibration: tuple = ()


@functools.lru_cache(maxsize=1)
def measurements():
    """Return every registered measurement: claim id -> :class:`Measurement`.

    Claims a module defines in ``CLAIMS`` are registered in :mod:`theory.claims` first.
    """
    from theory.claims import register
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register(*getattr(module, "CLAIMS", ()))
        for claim_id, measurement in getattr(module, "MEASUREMENTS", {}).items():
            assert claim_id not in found, f"two measurements for {claim_id}"
            found[claim_id] = measurement
    return found


def measure(claim_id, n, seed=0, interpreted=False):
    """Measure ``claim_id`` at size ``n``; a GenpowerError becomes a row with ``error``.

    A run refused for a reason of its own (a policy caught keeping hidden state, an
    illegal write) is a measurement too: the row says ``correct: False`` and why. A size
    refused for memory is not: the row says ``unmeasured``. With ``interpreted`` every
    kernel runs as its own Python function and every run as plain Python from start to
    end (:func:`simulators.jit.interpreted`, :func:`simulators.jit.forced_interpreter`):
    the same code, so the same row, without compiling anything.
    """
    from simulators import jit
    from simulators.errors import GenpowerError, MemoryBudgetError
    function = measurements()[claim_id].function
    try:
        if interpreted:
            with jit.forced_interpreter(), jit.interpreted():
                row = function(n, seed)
        else:
            row = function(n, seed)
    except MemoryBudgetError as error:
        return {"n": n, "x": n, "value": None, "correct": None,
                "unmeasured": f"n={n} does not fit in memory: {error}"}
    except GenpowerError as error:
        return {"n": n, "x": n, "value": None, "correct": False,
                "error": f"{type(error).__name__}: {error}"}
    row.setdefault("x", n)
    row["value"] = None if row["value"] is None else float(row["value"])
    return row
