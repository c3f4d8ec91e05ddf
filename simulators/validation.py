"""Argument checks shared by every front door (validate once, then call a kernel)."""

import numbers
import os

import numpy as np

from simulators.errors import InvalidArgumentError, MemoryBudgetError

__all__ = ["check_positive_int", "check_nonnegative_int", "as_rng", "as_int32_array",
           "check_memory", "memory_budget", "set_memory_budget"]


_INT64_MAX = (1 << 63) - 1


def check_positive_int(value, name):
    """Return ``value`` as an int if it is a positive integer, else raise.

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not an integer, is < 1, or exceeds 2**63 - 1 (the kernels count
        in 64-bit integers).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise InvalidArgumentError(f"{name}={value!r} must be a positive integer")
    return _check_int64(value, name)


def check_nonnegative_int(value, name):
    """Return ``value`` as an int if it is an integer >= 0, else raise.

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not an integer, is negative, or exceeds 2**63 - 1.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise InvalidArgumentError(f"{name}={value!r} must be an integer >= 0")
    return _check_int64(value, name)


def _check_int64(value, name):
    if value > _INT64_MAX:
        raise InvalidArgumentError(f"{name}={value!r} is too large: at most 2**63 - 1")
    return int(value)


def as_rng(seed):
    """Turn ``seed`` (None, an int, or a Generator) into a ``numpy.random.Generator``.

    Raises
    ------
    InvalidArgumentError
        If ``seed`` is of another type.
    """
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed < 0:
        raise InvalidArgumentError(f"seed={seed!r} must be >= 0")
    if seed is None or isinstance(seed, (numbers.Integral, np.random.Generator)) and not isinstance(seed, bool):
        return np.random.default_rng(seed)
    raise InvalidArgumentError(f"seed={seed!r} must be None, an int >= 0 or a numpy Generator")


def as_int32_array(values, name):
    """Return ``values`` as a 1-D C-contiguous int32 array, refusing lossy conversions.

    Raises
    ------
    InvalidArgumentError
        If ``values`` is not one-dimensional, not integral, or out of int32 range.
    """
    array = np.asarray(values)
    if array.dtype == np.int32 and array.ndim == 1 and array.flags.c_contiguous:
        return array
    if array.ndim != 1:
        raise InvalidArgumentError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size and not np.issubdtype(array.dtype, np.integer):
        if not (np.issubdtype(array.dtype, np.bool_)):
            raise InvalidArgumentError(f"{name} must hold integers, got dtype {array.dtype}")
    if array.size and (array.min() < np.iinfo(np.int32).min or array.max() > np.iinfo(np.int32).max):
        raise InvalidArgumentError(f"{name} holds values outside int32")
    return np.ascontiguousarray(array, dtype=np.int32)


def _physical_memory():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not POSIX: assume a small machine
        return 4 << 30


_budget = [_physical_memory() // 2]


def memory_budget():
    """Return the number of bytes one run may allocate (default: half the machine's memory)."""
    return _budget[0]


def set_memory_budget(nbytes):
    """Set the number of bytes one run may allocate (the CLI's ``--max-memory``).

    Raises
    ------
    InvalidArgumentError
        If ``nbytes`` is not a positive integer.
    """
    _budget[0] = check_positive_int(nbytes, "max_memory")


def _human(nbytes):
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if nbytes >= size:
            return f"{nbytes / size:,.1f} {unit}".replace(".0 ", " ")
    return f"{nbytes:,} bytes"


def check_memory(nbytes, what):
    """Refuse, before allocating, a run that would need more than the memory budget.

    Parameters
    ----------
    nbytes : int
        Bytes the run is estimated to need.
    what : str
        What would be allocated, for the message (e.g. "a canvas of 3,000,000,001 tokens").

    Raises
    ------
    MemoryBudgetError
        If ``nbytes`` exceeds :func:`memory_budget`.

    Examples
    --------
    >>> check_memory(1 << 20, "a small buffer")
    >>> check_memory(1 << 60, "a huge buffer")
    Traceback (most recent call last):
    ...
    simulators.errors.MemoryBudgetError: a huge buffer needs about 1,073,741,824 GiB, more than the memory budget of ...
    """
    if nbytes > _budget[0]:
        raise MemoryBudgetError(
            f"{what} needs about {_human(nbytes)}, more than the memory budget of "
            f"{_human(_budget[0])}; make the input smaller or raise the budget "
            "(--max-memory on the command line, simulators.validation.set_memory_budget "
            "in Python)")
