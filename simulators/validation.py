"""Argument checks shared by every front door (validate once, then call a kernel)."""

import numbers

import numpy as np

from simulators.errors import InvalidArgumentError

__all__ = ["check_positive_int", "check_nonnegative_int", "as_rng", "as_int32_array"]


def check_positive_int(value, name):
    """Return ``value`` as an int if it is a positive integer, else raise.

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not an integer or is < 1.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise InvalidArgumentError(f"{name}={value!r} must be a positive integer")
    return int(value)


def check_nonnegative_int(value, name):
    """Return ``value`` as an int if it is an integer >= 0, else raise.

    Raises
    ------
    InvalidArgumentError
        If ``value`` is not an integer or is negative.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise InvalidArgumentError(f"{name}={value!r} must be an integer >= 0")
    return int(value)


def as_rng(seed):
    """Turn ``seed`` (None, an int, or a Generator) into a ``numpy.random.Generator``.

    Raises
    ------
    InvalidArgumentError
        If ``seed`` is of another type.
    """
    if seed is None or isinstance(seed, (numbers.Integral, np.random.Generator)) and not isinstance(seed, bool):
        return np.random.default_rng(seed)
    raise InvalidArgumentError(f"seed={seed!r} must be None, an int or a numpy Generator")


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
