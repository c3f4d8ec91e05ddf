"""Print a cosmic-ray session's kill rate over the mutants it ran, and the diff of each survivor.

Usage: ``python mutation/summary.py SESSION.sqlite``. ``cr-report`` counts skipped
(unsampled) mutants in its total; this counts only the mutants that were run.
"""

import sys

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome

__all__ = ["main"]


def main(argv=None):
    """Print ``run / killed / survived / kill rate`` and the survivors' diffs; return 0."""
    (session,) = sys.argv[1:] if argv is None else argv
    with use_db(session, WorkDB.Mode.open) as db:
        results = [result for _, result in db.results
                   if result.worker_outcome != WorkerOutcome.SKIPPED]
        pending = db.num_work_items - db.num_results
    survivors = [r for r in results if r.test_outcome == TestOutcome.SURVIVED]
    killed = sum(r.test_outcome == TestOutcome.KILLED for r in results)
    for result in survivors:
        print("---- survived")
        print("\n".join(line for line in result.diff.splitlines()
                        if line.startswith(("+", "-", "@@")) and not line.startswith(("+++", "---"))))
    rate = f"{killed / len(results):.0%}" if results else "n/a"
    print(f"{session}: run {len(results)}, killed {killed}, survived {len(survivors)}, "
          f"other {len(results) - killed - len(survivors)}, pending {pending}, kill rate {rate}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
