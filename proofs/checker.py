"""Run the claims of :mod:`theory.claims` over size sweeps and give each a verdict it could have missed.

A sweep is a list of independent jobs ``(claim, n, seed, interpreted)``; :func:`run_jobs`
runs them in order here, or hands them to :mod:`genpower.sweep_dask` (same rows, same
order). The quick profile's jobs run as plain Python (``interpreted``: the kernels' own
Python functions, the same code and the same numbers, see :func:`proofs.measurements.measure`),
so a first quick check compiles nothing. A
claim is judged against the constant its registry entry states before measuring; a
claim with only an asymptotic statement is calibrated on its measurement's separate,
smaller ``calibration`` sizes and judged on at least four larger sizes spanning at
least 1.5 decades. Verdicts:

- *holds*: every run ended by its own rule with a right answer, every size within
  ``c·bound``, and the fitted log-log slope of value / bound within the claim's
  tolerance of 0; *holds (law)* when the claim is a machine law (Theorem 2's Σ L² ≤ S³),
  which no run could break;
- *fails*, with the kinds of failure seen (:data:`theory.claims.FAILURE_KINDS`): a size
  past ``c·bound``, a run that used up its room (at least 4 × bound + a margin: the
  limit is itself a violation of an upper bound), a fitted slope past the tolerance, a
  wrong answer, a policy caught keeping hidden state, an MDM row with Σ L² > S³, a
  sampler's support below its language;
- *inconclusive*: nothing could be measured, with the reason (an optional extra
  missing, a size refused for memory, too few sizes to judge an asymptotic bound).

A claim is ``ok`` when it holds; a control when it fails by the kind it declares (a
control failing for another reason only is a *surprise*). An inconclusive claim is not
ok unless inconclusive verdicts are allowed; ``genpower check`` exits 1 when any result
is not ok.
"""

import math
from dataclasses import asdict, dataclass

from proofs.measurements import measure, measurements
from theory.claims import select_claims
from theory import growth

__all__ = ["ClaimResult", "MIN_JUDGED", "MIN_DECADES", "plan_jobs", "run_jobs", "judge",
           "check_claims"]

MIN_JUDGED = 4
"""Sizes an asymptotic claim is judged on, at least, after its calibration run."""

MIN_DECADES = 1.5
"""Decades those sizes span, at least (the largest over the smallest ≥ 10^1.5 ≈ 31.6)."""


@dataclass(frozen=True)
class ClaimResult:
    """A claim's verdict with its evidence (``as_dict`` is the JSON object).

    ``failures`` lists the kinds of failure seen; ``constant`` is the ``c`` judged
    against and ``constant_source`` where it came from (the registry's source, or the
    calibration sizes); ``slope`` and ``slope_error`` are the fitted log-log slope of
    value / bound over the judged sizes.
    """

    claim: str
    verdict: str
    expected: str
    ok: bool
    reason: str
    failures: list
    machine: str
    family: str
    resource: str
    bound: str
    direction: str
    variable: str
    source: str
    constant: float | None
    constant_source: str
    seed: int
    sizes: list
    x: list
    measured: list
    calibration_sizes: list
    slope: float | None
    slope_error: float | None
    tolerance: float
    fitted: str | None
    consistent: list

    def as_dict(self):
        """Return the result as a JSON-ready dict."""
        return asdict(self)


def _sizes(claim_id, quick, sizes):
    """Return ``(calibration sizes, judged sizes)`` of a claim's measurement."""
    measurement = measurements()[claim_id]
    judged = sorted(set(sizes or (measurement.quick_sizes if quick else measurement.sizes)))
    calibration = sorted(n for n in set(measurement.calibration) if judged and n < judged[0])
    return calibration, judged


def plan_jobs(claims, quick=False, sizes=None, seed=0):
    """Return the sweep's jobs ``(claim id, n, seed, interpreted)``, claim by claim, sizes
    ascending.

    A claim's calibration sizes (when its constant is not stated) come first. Claims
    without a measurement get no job. ``sizes`` overrides every claim's judged sweep.
    ``interpreted`` is True for the quick profile's own sizes (small enough to run as
    plain Python in less time than compiling their kernels takes).
    """
    registry = measurements()
    interpreted = bool(quick and sizes is None)
    jobs = []
    for claim in claims:
        if claim.id in registry:
            calibration, judged = _sizes(claim.id, quick, sizes)
            chosen = (calibration if claim.constant is None else []) + judged
            jobs.extend((claim.id, int(n), int(seed), interpreted) for n in chosen)
    return jobs


def run_jobs(jobs, progress=None):
    """Measure every job in order, serially; ``progress()`` is called after each."""
    rows = []
    for job in jobs:
        rows.append(measure(*job))
        if progress:
            progress()
    return rows


def _result(claim, verdict, reason, seed, rows=(), *, failures=(), c=None, source="",
            calibration=(), slope=None, fit=None, allow_inconclusive=False):
    if claim.is_control:
        ok = verdict == "fails" and claim.fails_because in failures
    else:
        ok = verdict.startswith("holds") or (verdict == "inconclusive" and allow_inconclusive)
    return ClaimResult(
        claim.id, verdict, claim.expect, ok, reason, list(failures), claim.machine,
        claim.family, claim.resource, claim.bound, claim.direction, claim.variable,
        claim.source, c, source, seed, [row["n"] for row in rows], [row["x"] for row in rows],
        [row["value"] for row in rows], list(calibration),
        None if slope is None else slope.slope, None if slope is None else slope.stderr,
        claim.tolerance, fit.best if fit else None, list(fit.consistent) if fit else [])


def _row_failures(claim, rows):
    """Return ``[(kind, reason)]`` for the rows' own failures: errors, answers, laws, limits."""
    found = []
    for row in rows:
        n = row["n"]
        if row.get("error"):
            kind = "hidden state" if row["error"].startswith("HiddenStateError") else (
                "wrong answer")
            found.append((kind, f"n={n}: {row['error']}"))
        elif row["correct"] is False:
            found.append(("wrong answer", f"wrong answer at n={n}"
                          + (f" ({row['why']})" if row.get("why") else "")))
        elif row["correct"] is None:
            found.append(("bound", f"n={n}: the run used up its room "
                          f"({row.get('limit', 'its limit')}) without finishing"))
        if "serial_cost" in row and row["serial_cost"] > row["peak_context"] ** 3:
            found.append(("law", f"n={n}: serial cost {row['serial_cost']} > S³ = "
                          f"{row['peak_context'] ** 3} (Theorem 2)"))
    return found


def _span_ok(xs):
    xs = sorted(set(xs))
    return len(xs) >= MIN_JUDGED and math.log10(xs[-1] / xs[0]) >= MIN_DECADES


def judge(claim, rows, seed=0, unmeasured="not measured yet", calibration_rows=(),
          allow_inconclusive=False):
    """Return the :class:`ClaimResult` of ``claim`` on its judged ``rows``.

    Parameters
    ----------
    claim : Claim
    rows : list of dict
        The measured rows of the judged sizes (see :mod:`proofs.measurements`).
    seed : int
    unmeasured : str
        The reason given when there are no rows.
    calibration_rows : list of dict
        The separate, smaller calibration run of a claim with no stated constant.
    allow_inconclusive : bool
        Count an inconclusive claim as ok.
    """
    def result(verdict, reason, **more):
        return _result(claim, verdict, reason, seed, rows, allow_inconclusive=allow_inconclusive,
                       **more)

    skipped = [row for row in list(calibration_rows) + list(rows) if row.get("unmeasured")]
    if not rows or skipped:
        return result("inconclusive", skipped[0]["unmeasured"] if skipped else unmeasured)
    failures = _row_failures(claim, list(calibration_rows) + list(rows))
    done = [row for row in rows if row["correct"] is not None and row["value"] is not None]
    c, source, calibrated_on = claim.constant, claim.constant_source, []
    if c is None:
        usable = [row for row in calibration_rows if row["correct"] and row["value"] is not None]
        if not usable or not _span_ok([row["x"] for row in rows]):
            if failures:
                return _fail(result, failures)
            why = ("no calibration run below the judged sizes" if not usable else
                   f"an asymptotic bound needs ≥ {MIN_JUDGED} judged sizes over ≥ "
                   f"{MIN_DECADES} decades after its calibration run")
            return result("inconclusive", why)
        calibrated_on = [row["x"] for row in usable]
        c = growth.calibrate(calibrated_on, [row["value"] for row in usable], claim.bound,
                             claim.direction, claim.variable)
        source = f"calibrated at {claim.variable} = {calibrated_on}"
    extra = dict(c=c, source=source, calibration=calibrated_on)
    slope = fit = None
    if done:
        xs, values = [row["x"] for row in done], [row["value"] for row in done]
        fit = growth.fit_growth(xs, values)
        bound = growth.check_bound(xs, values, claim.bound, claim.direction, claim.variable, c)
        if not bound.holds:
            sign = ">" if claim.direction == "upper" else "<"
            kind = "coverage" if claim.resource == "support" else "bound"
            failures.append((kind, f"at {claim.variable}={bound.worst_n} the value is {sign} "
                             f"{c:.3g}·bound ({source})"))
        keeps, slope = growth.check_growth(xs, values, claim.bound, claim.direction,
                                           claim.variable, claim.tolerance)
        if keeps is False:
            failures.append(("growth", f"fitted log-log slope of value/bound {slope.slope:+.2f} "
                             f"± {slope.stderr:.2f} over {claim.variable} = {xs[0]:g}..{xs[-1]:g}"
                             f", past the tolerance {claim.tolerance}"))
    extra |= dict(slope=slope, fit=fit)
    if failures:
        return _fail(result, failures, **extra)
    verdict = "holds (law)" if claim.law else "holds"
    reason = (f"within {c:.3g}·bound at every size ({source}); slope of value/bound "
              + (f"{slope.slope:+.2f}" if slope else "not fitted") + f" (tolerance {claim.tolerance})")
    return result(verdict, reason, **extra)


def _fail(result, failures, **extra):
    """A "fails" result: per kind of failure its first reason, and how many more."""
    by_kind = {}
    for kind, reason in failures:
        by_kind.setdefault(kind, []).append(reason)
    reason = "; ".join(reasons[0] + (f" (and {len(reasons) - 1} more)" if len(reasons) > 1
                                     else "") for reasons in by_kind.values())
    return result("fails", reason, failures=sorted(by_kind), **extra)


def check_claims(ids=None, quick=False, sizes=None, seed=0, runner=run_jobs, progress=None,
                 allow_inconclusive=False):
    """Check the claims named by ``ids`` (default: all) and return their results in order.

    Parameters
    ----------
    ids : list of str or None
        Claim ids (``T1`` also selects ``T1-…``).
    quick : bool
        Use each measurement's quick sizes.
    sizes : list of int or None
        Judged sizes for every claim instead of its own.
    seed : int
    runner : callable
        ``runner(jobs, progress) -> rows`` in job order (:func:`run_jobs`, or the Dask
        runner of :mod:`genpower.sweep_dask`).
    progress : callable or None
        Called once per finished job.
    allow_inconclusive : bool
        Count inconclusive claims as ok.

    Raises
    ------
    ClaimInputError
        For an unknown claim id.
    """
    measurements()  # registers the claims check modules define
    claims = select_claims(ids)
    jobs = plan_jobs(claims, quick, sizes, seed)
    rows = runner(jobs, progress)
    by_claim = {}
    for (claim_id, *_), row in zip(jobs, rows):
        by_claim.setdefault(claim_id, []).append(row)
    registry = measurements()
    results = []
    for claim in claims:
        measured = by_claim.get(claim.id, [])
        calibration = []
        if claim.id in registry and claim.constant is None:
            calibration_sizes = set(_sizes(claim.id, quick, sizes)[0])
            calibration = [row for row in measured if row["n"] in calibration_sizes]
            measured = [row for row in measured if row["n"] not in calibration_sizes]
        results.append(judge(claim, measured, seed, "no measurement registered",
                             calibration, allow_inconclusive))
    return results
