"""start_local_cluster: worker processes that ignore Ctrl-C, and this process's handler back."""

import multiprocessing
import signal
import threading

import pytest

pytest.importorskip("dask.distributed", reason="dask is an optional extra")

from genpower.dask_cluster import start_local_cluster  # noqa: E402


def _ignores_sigint(pid):
    """True if process ``pid`` ignores SIGINT (Linux /proc: the SigIgn mask)."""
    with open(f"/proc/{pid}/status") as status:
        mask = next(int(line.split()[1], 16) for line in status if line.startswith("SigIgn"))
    return bool(mask >> (signal.SIGINT - 1) & 1)


def test_workers_ignore_sigint_and_the_handler_comes_back():
    before = signal.getsignal(signal.SIGINT)
    known = {child.pid for child in multiprocessing.active_children()}
    cluster, client = start_local_cluster(2)
    try:
        workers = [c.pid for c in multiprocessing.active_children() if c.pid not in known]
        assert len(workers) == 2 and all(_ignores_sigint(pid) for pid in workers)
        assert signal.getsignal(signal.SIGINT) is before
        assert client.submit(sum, [1, 2, 3]).result() == 6
    finally:
        client.close()
        cluster.close()


def test_outside_the_main_thread_the_cluster_is_built_as_it_is():
    built = {}

    def start():
        built["cluster"], built["client"] = start_local_cluster(1)

    thread = threading.Thread(target=start)
    thread.start()
    thread.join()
    try:
        assert built["client"].submit(len, "abc").result() == 3
    finally:
        built["client"].close()
        built["cluster"].close()
