"""Ctrl-C between the chunks of a compiled loop: a flag the front door checks, not an exception."""

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

    def _handle(self, signum, frame):
        self.requested = True


@contextmanager
def catch_interrupts():
    """Turn SIGINT into a flag for the duration of a run (main thread only).

    A compiled kernel cannot be stopped from inside; the front door runs it in chunks of
    about ``CHUNK_STEPS`` and stops when ``requested`` is set, returning the partial
    result with ``stopped_by="interrupted"``. Elsewhere than the main thread SIGINT is left
    alone (``requested`` stays False).

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
    previous = signal.signal(signal.SIGINT, interrupts._handle)
    try:
        yield interrupts
    finally:
        signal.signal(signal.SIGINT, previous)
