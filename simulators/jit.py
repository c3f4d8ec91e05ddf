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
import sys
import threading

__all__ = ["njit", "Kernel", "interpreted", "is_interpreting", "interpreter_budget",
           "set_interpreter_budget", "numba_loaded"]

_local = threading.local()
_budget = [float(os.environ.get("GENPOWER_INTERPRET_SECONDS", "0.25"))]


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
        if getattr(_local, "depth", 0):
            return self.py_func(*args)
        return self.dispatcher(*args)

    def __repr__(self):
        return f"<genpower kernel {self.__module__}.{self.__qualname__}>"

    def __reduce__(self):  # pickled by reference, as functions are
        return self.__qualname__


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
    """Within this block, kernels called from Python run as plain Python."""
    _local.depth = getattr(_local, "depth", 0) + 1
    try:
        yield
    finally:
        _local.depth -= 1


def is_interpreting():
    """Return True within :func:`interpreted` (in this thread)."""
    return getattr(_local, "depth", 0) > 0


def interpreter_budget():
    """Seconds a run may spend as plain Python before it switches to compiled kernels.

    Only runs that start in a process where Numba is not loaded yet are interpreted at
    all. The default, 0.25 s, is set by ``$GENPOWER_INTERPRET_SECONDS``; 0 turns the
    interpreter off.
    """
    return _budget[0]


def set_interpreter_budget(seconds):
    """Set :func:`interpreter_budget` (0: always compile); return the previous value."""
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not seconds >= 0:
        from simulators.errors import InvalidArgumentError

        raise InvalidArgumentError(f"seconds must be a number >= 0, got {seconds!r}")
    previous, _budget[0] = _budget[0], float(seconds)
    return previous


def numba_loaded():
    """Return True once Numba has been imported in this process."""
    return "numba" in sys.modules
