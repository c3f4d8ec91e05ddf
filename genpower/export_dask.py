"""Make export samples on Dask workers, in order, so the file is byte for byte the serial export's.

Instances are cut into chunks; each chunk is one task that calls
:func:`proofs.trajectories.generate_samples` on its own range (instance i keeps seed
``S + i``, or puzzle i), and the parent takes the chunks back in order, restores the
dataset-wide numbering (``instance_id``; max-flow's ``sample_id`` from 1 and parity's
from 0 run across chunks) and streams them to the writer. At most two chunks per worker
are in flight, so memory stays bounded. Needs ``pip install genpower[dask]``.
"""

from collections import deque

from genpower.dask_cluster import start_local_cluster
from simulators.errors import InvalidArgumentError

__all__ = ["dask_samples"]

_FIRST_ID = {"maxflow": 1, "parity": 0}


def _chunk(task, start, stop, size, seed, options, puzzles):
    """Samples and left-out instances of instances ``start..stop-1`` (run on a worker)."""
    from proofs.trajectories import generate_samples

    skipped, left_out = [], []
    samples = list(generate_samples(
        task, stop - start, size, seed + start, puzzles=puzzles,
        on_skip=lambda index, reason: skipped.append((start + index, reason)),
        on_left_out=lambda index, name: left_out.append((start + index, name)), **options))
    return [(start + index, sample) for index, sample in samples], skipped, left_out


def dask_samples(task, count, size, seed, *, workers, chunk=8, on_skip=None, on_left_out=None,
                 puzzles=None, **options):
    """Yield ``(instance_index, sample)`` as :func:`~proofs.trajectories.generate_samples`
    does, computed on a LocalCluster of ``workers`` single-threaded processes.

    Raises
    ------
    InvalidArgumentError
        If dask.distributed is not installed.
    """
    try:
        import dask.distributed  # noqa: F401  (refuse now, before any work, without it)
    except ImportError:
        raise InvalidArgumentError("--workers needs dask.distributed; install it with: "
                                   "pip install 'genpower[dask]'") from None
    from proofs.trajectories import generate_samples

    generate_samples(task, min(count, 1), size, seed, **options,
                     puzzles=puzzles[:1] if puzzles is not None else None)  # refuse bad input now
    chunks = iter([(start, min(start + chunk, count)) for start in range(0, count, chunk)])
    cluster, client = start_local_cluster(workers)
    pending = deque()

    def submit():
        for start, stop in chunks:
            part = puzzles[start:stop] if puzzles is not None else None
            pending.append(client.submit(_chunk, task, start, stop, size, seed, options, part,
                                         pure=False))
            return

    try:
        for _ in range(2 * workers):
            submit()
        next_id = _FIRST_ID.get(task)
        while pending:
            samples, skipped, left_out = pending.popleft().result()
            submit()
            for index, reason in skipped:
                if on_skip is not None:
                    on_skip(index, reason)
            for index, name in left_out:
                if on_left_out is not None:
                    on_left_out(index, name)
            for index, sample in samples:
                metadata = sample["solver_metadata"]
                metadata["instance_id"] = index
                if next_id is not None:
                    metadata["sample_id"] = next_id
                    next_id += 1
                yield index, sample
    finally:
        client.close()
        cluster.close()
