"""Ctrl-C: a flag a run's loop checks between steps or chunks, and a thread for commands of many runs.

The one mechanism, in two sizes. Every engine (``run``, the TM, tag, lag and PRAM front
doors) stops one run through :func:`catch_interrupts`: SIGINT sets a flag and the run
returns its partial result with ``stopped_by="interrupted"``. A command of many runs (a
sweep, an export, the checker) wraps its work in :func:`run_stoppably`, so that Ctrl-C
ends all of it rather than the current run alone.
"""

import ctypes
import signal
import threading
from contextlib import contextmanager

__all__ = ["CHUNK_STEPS", "Interrupts", "catch_interrupts", "run_stoppably"]

CHUNK_STEPS = 1 << 23
"""Steps a classical kernel runs between checks (about 0.1 s at 10^8 steps/s)."""

_UNWIND_SECONDS = 1.0
"""How long :func:`run_stoppably` waits for its work to close its files after Ctrl-C."""


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


def run_stoppably(work):
    """Return ``work()``, run in a helper thread so that Ctrl-C ends all of it.

    A run catches SIGINT only in the main thread, and then ends that run alone
    (:func:`simulators.run.run` returns ``stopped_by='interrupted'``); a command that does
    many runs (a sweep, an export) would go on with the next one. Here the main thread
    only waits, so Ctrl-C raises KeyboardInterrupt in it at once; it is passed to the
    helper thread (at its next Python instruction, so its ``with`` blocks close their
    files), waited for up to a second, and raised again.

    Raises
    ------
    KeyboardInterrupt
        On Ctrl-C; any exception of ``work()`` as it is.
    """
    outcome, done = {}, threading.Event()

    def target():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the main thread as it is
            outcome["error"] = error
        finally:
            done.set()

    thread = threading.Thread(target=target, name="genpower work", daemon=True)
    thread.start()
    try:
        # an Event, not Thread.join: a KeyboardInterrupt inside join marks the thread
        # stopped while it still runs (CPython gh-90882), and nothing would wait for it
        while not done.wait(0.05):
            pass
    except KeyboardInterrupt:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                                   ctypes.py_object(KeyboardInterrupt))
        done.wait(_UNWIND_SECONDS)
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
