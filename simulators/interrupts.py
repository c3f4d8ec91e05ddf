"""Ctrl-C during a run: a flag the engine's loop checks between steps or chunks, not an exception.

Every engine (``run``, the TM, tag, lag and PRAM front doors) stops through
:func:`catch_interrupts`; there is no second mechanism.
"""

import signal
import threading
from contextlib import contextmanager

__all__ = ["CHUNK_STEPS", "Interrupts", "catch_interrupts"]

CHUNK_STEPS = 1 << 23
"""Steps a classical kernel runs between checks (about 0.1 s at 10^8 steps/s)."""


class Interrupts:
    """Whether Ctrl-C was pressed since :func:`catch_interrupts` started."""

    def __init__(self):
        self.requested = False

    def request(self, signum=None, frame=None):
        """Ask the run to stop (the SIGINT handler; a test or a caller may call it too)."""
        self.requested = True


@contextmanager
def catch_interrupts():
    """Turn SIGINT into a flag for the duration of a run (main thread only).

    A compiled kernel cannot be stopped from inside; the front door runs it in chunks (of
    about ``CHUNK_STEPS`` steps, or about 0.1 s) and stops when ``requested`` is set,
    returning the partial result with ``stopped_by="interrupted"``. Elsewhere than the
    main thread, or where signals are unavailable, SIGINT is left alone (``requested``
    stays False).

    Examples
    --------
    >>> with catch_interrupts() as interrupts:
    ...     interrupts.requested
    False
    """
    interrupts = Interrupts()
    if threading.current_thread() is not threading.main_thread():
        yield interrupts
        return
    try:
        previous = signal.signal(signal.SIGINT, interrupts.request)
    except ValueError:  # signals unavailable here (some embedded interpreters)
        yield interrupts
        return
    try:
        yield interrupts
    finally:
        signal.signal(signal.SIGINT, previous)
