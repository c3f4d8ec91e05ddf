"""The Dask runner's own arguments; its results against the serial run are in test_cli_check."""

import pytest

from genpower.sweep_dask import dask_runner
from simulators.errors import InvalidArgumentError


@pytest.mark.parametrize("workers, scheduler", [(None, None), (2, "tcp://localhost:1")])
def test_exactly_one_of_workers_and_scheduler(workers, scheduler):
    with pytest.raises(InvalidArgumentError, match="exactly one"):
        dask_runner(workers, scheduler)


def test_rows_come_back_in_job_order():
    pytest.importorskip("dask.distributed", reason="dask is an optional extra")
    from proofs.checker import run_jobs
    jobs = [("E-parity-arm-steps", n, 0) for n in (16, 4, 8)]
    assert dask_runner(workers=1)(jobs) == run_jobs(jobs)
