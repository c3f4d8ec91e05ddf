"""The one Ctrl-C mechanism: a flag set by SIGINT in the main thread, left alone elsewhere."""

import os
import signal
import threading

from simulators.interrupts import catch_interrupts


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
