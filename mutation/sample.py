"""Keep a seeded random sample of a cosmic-ray session's pending mutants; mark the rest skipped.

Usage: ``python mutation/sample.py SESSION.sqlite COUNT [--seed N]``. The same seed and
session (same source) pick the same mutants, so a rerun after new tests is comparable.
"""

import argparse
import random

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import WorkerOutcome, WorkResult

__all__ = ["main"]


def main(argv=None):
    """Skip all but ``COUNT`` pending mutants of the session, chosen with ``--seed``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("session")
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    with use_db(args.session, WorkDB.Mode.open) as db:
        job_ids = sorted(item.job_id for item in db.pending_work_items)
        keys = _mutation_keys(db)
        job_ids.sort(key=keys.__getitem__)
        kept = set(random.Random(args.seed).sample(job_ids, min(args.count, len(job_ids))))
        skipped = [job for job in job_ids if job not in kept]
        db.set_multiple_results(skipped, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
    print(f"kept {len(kept)} of {len(job_ids)} mutants")
    return 0


def _mutation_keys(db):
    """Job id -> what it mutates (job ids are random uuids, so they cannot seed a sample).

    Built once: the database holds thousands of items."""
    return {item.job_id: tuple((m.operator_name, m.occurrence) for m in item.mutations)
            for item in db.work_items}


if __name__ == "__main__":
    raise SystemExit(main())
