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

__all__ = ["CHUNK_STEPS", "Interrupts", "catch_interrupts", "Work", "run_stoppably"]

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


class Work:
    """``work()`` running in a daemon thread: :meth:`wait` for it, then :meth:`result`.

    Waiting is on an Event, not ``Thread.join``: a KeyboardInterrupt inside ``join``
    marks the thread stopped while it still runs (CPython gh-90882), and nothing would
    wait for it to finish.
    """

    def __init__(self, work, name):
        self.done = threading.Event()
        self.outcome = {}
        self.thread = threading.Thread(target=self._target, args=(work,), name=name,
                                       daemon=True)
        self.thread.start()

    def _target(self, work):
        try:
            self.outcome["value"] = work()
        except BaseException as error:  # handed to the waiting thread as it is
            self.outcome["error"] = error
        finally:
            self.done.set()

    def wait(self, timeout=None):
        """Return True once the work has ended (within ``timeout`` seconds, if given)."""
        return self.done.wait(timeout)

    def interrupt(self):
        """Raise KeyboardInterrupt in the work's thread at its next Python instruction."""
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread.ident),
                                                   ctypes.py_object(KeyboardInterrupt))

    def result(self):
        """Return what the work returned, or raise what it raised."""
        if "error" in self.outcome:
            raise self.outcome["error"]
        return self.outcome["value"]


def run_stoppably(work):
    """Return ``work()``, run in a helper thread so that Ctrl-C ends all of it.

    A run catches SIGINT only in the main thread, and then ends that run alone
    (:func:`simulators.run.run` returns ``stopped_by='interrupted'``); a command that does
    many runs (a sweep, an export) would go on with the next one. Here the main thread
    only waits, so Ctrl-C raises KeyboardInterrupt in it at once; it is passed to the
    helper thread (at its next Python instruction, so its ``with`` blocks close their
    files and its ``finally`` blocks run), waited for up to a second, and raised again.

    Raises
    ------
    KeyboardInterrupt
        On Ctrl-C; any exception of ``work()`` as it is.
    """
    running = Work(work, "genpower work")
    try:
        while not running.wait(0.05):
            pass
    except KeyboardInterrupt:
        running.interrupt()
        running.wait(_UNWIND_SECONDS)
        raise
    return running.result()
