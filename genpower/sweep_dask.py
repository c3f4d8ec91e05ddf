"""Run a checker sweep's jobs on Dask: local worker processes or an existing scheduler.

The jobs ``(claim, n, seed, interpreted)`` are independent; each is one task calling
:func:`proofs.measurements.measure`, and the rows come back in job order, so the results (and
``genpower check --json``) are the same as the serial run's. Needs the optional extra
``pip install genpower[dask]``; the serial path never imports this module.
"""

from genpower.dask_cluster import start_local_cluster
from simulators.errors import InvalidArgumentError

__all__ = ["dask_runner"]


def dask_runner(workers=None, scheduler=None):
    """Return a runner ``runner(jobs, progress) -> rows`` for :func:`proofs.checker.check_claims`.

    Parameters
    ----------
    workers : int or None
        Start a ``LocalCluster`` of this many single-threaded worker processes.
    scheduler : str or None
        Connect to the scheduler at this address instead (``tcp://host:8786``).

    Raises
    ------
    InvalidArgumentError
        If dask.distributed is not installed, or neither or both of ``workers`` and
        ``scheduler`` are given.
    """
    if (workers is None) == (scheduler is None):
        raise InvalidArgumentError("give exactly one of workers=N and scheduler=ADDRESS")
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise InvalidArgumentError("running on Dask needs dask.distributed; install it "
                                   "with: pip install 'genpower[dask]'") from None

    def runner(jobs, progress=None):
        from proofs.measurements import measure
        if scheduler is None:
            cluster, client = start_local_cluster(workers)
        else:
            cluster, client = None, _connect(Client, scheduler)
        try:
            futures = [client.submit(measure, *job, pure=False) for job in jobs]
            for _ in as_completed(futures):
                if progress:
                    progress()
            return client.gather(futures)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return runner


CONNECT_SECONDS = 5
"""How long ``--scheduler ADDRESS`` waits for a scheduler to answer."""


def _connect(client_class, address):
    """A client of the scheduler at ``address``, or one line saying none answered."""
    try:
        return client_class(address, timeout=f"{CONNECT_SECONDS}s")
    except (OSError, ValueError, TypeError) as error:
        raise InvalidArgumentError(
            f"--scheduler {address}: no Dask scheduler answered within {CONNECT_SECONDS} s "
            f"({' '.join(str(error).split())[:200]}); start one with `dask scheduler` or "
            "use --workers N") from None
