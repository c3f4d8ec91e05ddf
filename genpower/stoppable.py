"""Ctrl-C for a command that does many runs: the work goes on in a helper thread, which Ctrl-C ends."""

import ctypes
import threading

__all__ = ["run_stoppably"]

_UNWIND_SECONDS = 1.0


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
    outcome = {}

    def target():
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the main thread as it is
            outcome["error"] = error

    thread = threading.Thread(target=target, name="genpower work", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.05)
    except KeyboardInterrupt:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                                   ctypes.py_object(KeyboardInterrupt))
        thread.join(_UNWIND_SECONDS)
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
