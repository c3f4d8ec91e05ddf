"""The one Ctrl-C mechanism: a flag set by SIGINT in the main thread, left alone elsewhere;
the helper thread of a command of many runs, ended by KeyboardInterrupt."""

import os
import signal
import threading
import time

import pytest

from simulators.interrupts import catch_interrupts, run_stoppably


def test_sigint_sets_the_flag_and_the_previous_handler_comes_back():
    before = signal.getsignal(signal.SIGINT)
    with catch_interrupts() as interrupts:
        assert not interrupts.requested
        os.kill(os.getpid(), signal.SIGINT)
        assert interrupts.requested
    assert signal.getsignal(signal.SIGINT) is before


def test_outside_the_main_thread_sigint_is_left_alone():
    seen = []

    def worker():
        with catch_interrupts() as interrupts:
            interrupts.request()  # a caller may still ask the run to stop
            seen.append(interrupts.requested)

    before = signal.getsignal(signal.SIGINT)
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [True] and signal.getsignal(signal.SIGINT) is before


def test_run_stoppably_returns_the_work_and_raises_its_error_as_it_is():
    assert run_stoppably(lambda: 7) == 7
    with pytest.raises(ZeroDivisionError):
        run_stoppably(lambda: 1 / 0)


def test_ctrl_c_ends_the_work_and_waits_for_its_cleanup_before_raising():
    """The work's finally blocks (an export removing its temporary folder) run before
    Ctrl-C leaves the command, or the process would exit from under them."""
    cleaned = threading.Event()

    def work():
        try:
            while True:
                time.sleep(0.01)
        finally:
            time.sleep(0.2)  # a cleanup that takes a moment
            cleaned.set()

    threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)).start()
    with pytest.raises(KeyboardInterrupt):
        run_stoppably(work)
    assert cleaned.is_set()
