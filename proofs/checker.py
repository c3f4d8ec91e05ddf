"""Run the claims of :mod:`theory.claims` over size sweeps and give each a verdict.

A sweep is a list of independent jobs ``(claim, n, seed)``; :func:`run_jobs` runs them
in order here, or hands them to :mod:`genpower.sweep_dask` (same rows, same order). Each
claim's verdict is ``holds``, ``fails`` or ``inconclusive``; never "holds" without a
measurement:

- *inconclusive*: not measured yet, fewer than three sizes, or a run cut short;
- *fails*: a run refused (an error such as a policy caught keeping hidden state), a
  wrong answer, an MDM run whose serial cost Σ L² exceeds S³ (Theorem 2, tested on every
  MDM row), or the series outgrowing ``c · bound`` (:func:`theory.growth.check_bound`);
- *holds*: every run right and the bound met at every size.

A claim is ``ok`` when its verdict is what it expects (``holds`` for a claim, ``fails``
for a negative control) or inconclusive; ``genpower check`` exits 1 otherwise.
"""

from dataclasses import asdict, dataclass

from proofs.checks import measure, measurements
from theory.claims import select_claims
from theory.growth import check_bound, fit_growth

__all__ = ["ClaimResult", "plan_jobs", "run_jobs", "judge", "check_claims"]


@dataclass(frozen=True)
class ClaimResult:
    """A claim's verdict with its evidence (``as_dict`` is the JSON object)."""

    claim: str
    verdict: str
    expected: str
    ok: bool
    reason: str
    machine: str
    family: str
    resource: str
    bound: str
    direction: str
    variable: str
    source: str
    seed: int
    sizes: list
    x: list
    measured: list
    c: float | None
    fitted: str | None
    consistent: list

    def as_dict(self):
        """Return the result as a JSON-ready dict."""
        return asdict(self)


def plan_jobs(claims, quick=False, sizes=None, seed=0):
    """Return the sweep's jobs ``(claim id, n, seed)``, claim by claim, sizes ascending.

    Claims without a measurement get no job. ``sizes`` overrides every claim's sweep.
    """
    registry = measurements()
    jobs = []
    for claim in claims:
        if claim.id in registry:
            measurement = registry[claim.id]
            chosen = sizes or (measurement.quick_sizes if quick else measurement.sizes)
            jobs.extend((claim.id, int(n), int(seed)) for n in sorted(set(chosen)))
    return jobs


def run_jobs(jobs, progress=None):
    """Measure every job in order, serially; ``progress()`` is called after each."""
    rows = []
    for job in jobs:
        rows.append(measure(*job))
        if progress:
            progress()
    return rows


def _result(claim, verdict, reason, seed, rows=(), c=None, fit=None):
    ok = verdict == "inconclusive" or verdict == claim.expect
    return ClaimResult(
        claim.id, verdict, claim.expect, ok, reason, claim.machine, claim.family,
        claim.resource, claim.bound, claim.direction, claim.variable, claim.source, seed,
        [row["n"] for row in rows], [row["x"] for row in rows],
        [row["value"] for row in rows], c, fit.best if fit else None,
        list(fit.consistent) if fit else [])


def judge(claim, rows, seed=0, unmeasured="not measured yet"):
    """Return the :class:`ClaimResult` of ``claim`` on its measured ``rows``
    (``unmeasured`` is the reason given when there are none)."""
    if not rows:
        return _result(claim, "inconclusive", unmeasured, seed)
    for row in rows:
        if row.get("error"):
            return _result(claim, "fails", f"n={row['n']}: {row['error']}", seed, rows)
        if row["correct"] is False:
            return _result(claim, "fails", f"wrong answer at n={row['n']}", seed, rows)
        if "serial_cost" in row and row["serial_cost"] > row["peak_context"] ** 3:
            return _result(claim, "fails", f"n={row['n']}: serial cost {row['serial_cost']} "
                           f"> S³ = {row['peak_context'] ** 3} (Theorem 2)", seed, rows)
    cut = [row["n"] for row in rows if row["correct"] is None]
    if cut:
        return _result(claim, "inconclusive", f"runs cut short at n={cut}", seed, rows)
    xs, values = [row["x"] for row in rows], [row["value"] for row in rows]
    fit = fit_growth(xs, values)
    if len(set(xs)) < 3:
        return _result(claim, "inconclusive", "fewer than three sizes", seed, rows, fit=fit)
    bound = check_bound(xs, values, claim.bound, claim.direction, claim.variable,
                        c=1.0 if claim.exact else None)
    origin = "stated" if claim.exact else "from the smallest two sizes"
    if bound.holds:
        reason = f"within {bound.c:.3g}·bound at every size (c {origin})"
        return _result(claim, "holds", reason, seed, rows, bound.c, fit)
    sign = ">" if claim.direction == "upper" else "<"
    reason = f"at {claim.variable}={bound.worst_n} the value is {sign} {bound.c:.3g}·bound (c {origin})"
    return _result(claim, "fails", reason, seed, rows, bound.c, fit)


def check_claims(ids=None, quick=False, sizes=None, seed=0, runner=run_jobs, progress=None):
    """Check the claims named by ``ids`` (default: all) and return their results in order.

    Parameters
    ----------
    ids : list of str or None
        Claim ids (``T1`` also selects ``T1-…``).
    quick : bool
        Use each measurement's quick sizes.
    sizes : list of int or None
        Sizes for every claim instead of its own.
    seed : int
    runner : callable
        ``runner(jobs, progress) -> rows`` in job order (:func:`run_jobs`, or the Dask
        runner of :mod:`genpower.sweep_dask`).
    progress : callable or None
        Called once per finished job.

    Raises
    ------
    ClaimInputError
        For an unknown claim id.
    """
    claims = select_claims(ids)
    jobs = plan_jobs(claims, quick, sizes, seed)
    rows = runner(jobs, progress)
    by_claim = {}
    for (claim_id, _, _), row in zip(jobs, rows):
        by_claim.setdefault(claim_id, []).append(row)
    registry = measurements()
    return [judge(claim, by_claim.get(claim.id, []), seed,
                  "measured in the full sweep only" if claim.id in registry
                  else "not measured yet") for claim in claims]
