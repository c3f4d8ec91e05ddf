"""Numba kernels that import Numba on first compiled use, and can run as plain Python.

``@njit(cache=True)`` from here makes a :class:`Kernel`: the decorated Python function
and the options for :func:`numba.njit`. Nothing is imported or compiled when a module
of kernels is imported; the first call compiles the kernel (or loads it from Numba's
on-disk cache), exactly as ``numba.njit`` would. Inside Numba-compiled code a kernel is
typed as its Numba dispatcher, so kernels call one another, and users' own
``numba.njit`` functions call ours (say ``halt_edit()``), as before.

Why: importing Numba costs about 0.3 s and loading a compiled kernel from the cache
about 0.1 s more, and a first run on a fresh machine compiles for seconds. A short run
(``genpower tm`` on a 4-state busy beaver, a parity run of 1,000 bits) finishes sooner
as plain Python. Within :func:`interpreted` every kernel called from Python runs its
Python function instead (the same code, so the same results); the run loops start
there and hand over to the compiled kernels when a run lasts longer than
:func:`interpreter_budget` seconds (see :mod:`simulators.run` and :mod:`simulators.tm`).
"""

import contextlib
import functools
import os
import threading
import time

import numpy as np

__all__ = ["njit", "Kernel", "interpreted", "is_interpreting", "interpreter_budget",
           "set_interpreter_budget", "interpreter_deadline", "forced_interpreter"]


class _Local(threading.local):
    depth = 0  # nesting of interpreted() blocks in this thread


_local = _Local()
_budget = []  # set by set_interpreter_budget; else $GENPOWER_INTERPRET_SECONDS or 0.25
_forced = []  # seconds of the innermost forced_interpreter block
_spent = [0.0]  # seconds this process has run interpreted (outermost blocks)


class Kernel:
    """A function to be compiled by ``numba.njit(**options)`` when first called compiled.

    Attributes
    ----------
    py_func : function
        The Python function (what runs within :func:`interpreted`).
    options : dict
        The options for ``numba.njit``.
    """

    def __init__(self, py_func, options):
        functools.update_wrapper(self, py_func)
        self.py_func = py_func
        self.options = options
        self._dispatcher = None

    @property
    def dispatcher(self):
        """The Numba dispatcher (made, and Numba imported, on first use)."""
        if self._dispatcher is None:
            import numba

            self._dispatcher = numba.njit(**self.options)(self.py_func)
        return self._dispatcher

    @property
    def _numba_type_(self):
        # Numba types an object it does not know by this attribute: a kernel used as a
        # global inside compiled code is its dispatcher.
        from numba.core import types

        return types.Dispatcher(self.dispatcher)

    def __call__(self, *args):
        if _local.depth:
            return _boxed(self.py_func(*args))
        dispatcher = self._dispatcher
        if dispatcher is None:
            dispatcher = self.dispatcher
        return dispatcher(*args)

    def __repr__(self):
        return f"<genpower kernel {self.__module__}.{self.__qualname__}>"

    def __reduce__(self):  # pickled by reference, as functions are
        return self.__qualname__


def _boxed(value):
    """``value`` as Numba returns it to Python: NumPy scalars as int, float, bool."""
    if type(value) is tuple:
        return tuple(_boxed(item) for item in value)
    if isinstance(value, np.generic):
        return value.item()
    return value


def njit(*args, **options):
    """Decorate a function as a :class:`Kernel` (``@njit`` or ``@njit(cache=True, ...)``).

    Examples
    --------
    >>> @njit(cache=False)
    ... def double(x):
    ...     return 2 * x
    >>> with interpreted():
    ...     double(21)
    42
    """
    if args and callable(args[0]) and not options:
        return Kernel(args[0], {})
    return lambda function: Kernel(function, options)


@contextlib.contextmanager
def interpreted():
    """Within this block, kernels called from Python run as plain Python; the time the
    block takes counts against the process's :func:`interpreter_budget`, unless the block
    runs inside :func:`forced_interpreter` (Python chosen on purpose, as by
    ``genpower check --quick``, spends none of the budget that decides when a sweep
    starts compiling)."""
    _local.depth += 1
    began = time.perf_counter()
    try:
        yield
    finally:
        _local.depth -= 1
        if _local.depth == 0 and not _forced:
            _spent[0] += time.perf_counter() - began


def is_interpreting():
    """Return True within :func:`interpreted` (in this thread)."""
    return _local.depth > 0


def interpreter_budget():
    """Seconds a run may spend as plain Python before it switches to compiled kernels.

    Only a run whose kernels are not compiled (or loaded) yet in this process starts as
    plain Python (see :func:`interpreter_deadline`). The default, 0.25 s, can be set by
    ``$GENPOWER_INTERPRET_SECONDS`` or :func:`set_interpreter_budget`; 0 turns the
    interpreter off.

    Raises
    ------
    InvalidArgumentError
        If ``$GENPOWER_INTERPRET_SECONDS`` is not a number >= 0.
    """
    if _budget:
        return _budget[0]
    text = os.environ.get("GENPOWER_INTERPRET_SECONDS", "0.25")
    try:
        seconds = float(text)
    except ValueError:
        seconds = None
    return _checked_seconds(seconds, f"GENPOWER_INTERPRET_SECONDS={text!r}")


def _checked_seconds(seconds, what):
    """``seconds`` as a float if it is a number >= 0 (not NaN, not a bool)."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds >= 0:
        from simulators.errors import InvalidArgumentError

        raise InvalidArgumentError(f"{what} is not a number of seconds >= 0")
    return float(seconds)


def set_interpreter_budget(seconds):
    """Set :func:`interpreter_budget` (0: always compile; None: back to the default);
    return the previous setting (None if it was the default).

    Raises
    ------
    InvalidArgumentError
        If ``seconds`` is not None or a number >= 0.
    """
    previous = _budget[0] if _budget else None
    if seconds is None:
        _budget.clear()
    else:
        _budget[:] = [_checked_seconds(seconds, f"seconds={seconds!r}")]
    return previous


def interpreter_deadline(*kernels):
    """Return the :func:`time.perf_counter` time until which a run that needs ``kernels``
    may go as plain Python, or None to run compiled from the start.

    A run starts as plain Python when none of its kernels has been compiled or loaded in
    this process and the process has not yet spent its :func:`interpreter_budget` running
    as Python (so a sweep of many small runs compiles after its first few); inside
    :func:`forced_interpreter` always, for the seconds it gives. The run loop checks the
    deadline between chunks and hands its state to the compiled kernels once it has
    passed.
    """
    if _forced:
        seconds = _forced[-1]
    elif any(k._dispatcher is not None for k in kernels):
        return None
    else:
        seconds = interpreter_budget() - _spent[0]
    return time.perf_counter() + seconds if seconds > 0 else None


@contextlib.contextmanager
def forced_interpreter(seconds=float("inf")):
    """Within this block every run starts as plain Python for ``seconds`` (tests use it to
    compare a run as Python, a run handed over at once (0 < seconds, tiny), and a
    compiled run)."""
    _forced.append(float(seconds))
    try:
        yield
    finally:
        _forced.pop()
