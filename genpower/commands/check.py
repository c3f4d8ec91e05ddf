"""Check the paper's claims by measurement: one table row per claim with its verdict.

Each claim (theory.claims) is measured over a size sweep, the series fitted against
growth forms, and the bound tested as value <= c * bound at every size, with c fixed
from the two smallest sizes (or stated by the claim). Verdicts: holds, fails,
inconclusive (not measured yet, too few sizes, or runs cut short). Controls (NEG-...)
are false on purpose and must come out fails. Exit status 1 when a claim that should
hold fails or a control holds. Examples:

  genpower check --quick
  genpower check --claim E-parity T1 --sizes 8 64 512
  genpower check --quick --json claims.json --workers 2
"""

from genpower.arguments import (EXIT_INTERRUPTED, check_writable_file, nonnegative_int,
                                positive_int)
from genpower.stoppable import run_stoppably

HELP = "check every claim of the paper by measurement and print one verdict per claim"
ORDER = 5


def configure(parser):
    parser.add_argument("--quick", action="store_true",
                        help="each claim's small sweep (under a minute on 2 cores once compiled "
                        "kernels are cached; a first run compiles them, about twice that)")
    parser.add_argument("--claim", nargs="+", metavar="ID", default=None,
                        help="claim ids; T1 also selects T1-... (default: all)")
    parser.add_argument("--sizes", nargs="+", type=positive_int, metavar="N", default=None,
                        help="sizes for every claim (default: each claim's own sweep)")
    parser.add_argument("--seed", type=nonnegative_int, default=0,
                        help="instance seed (default: 0)")
    parser.add_argument("--json", metavar="PATH", default=None,
                        help="also write the results as a JSON list to PATH (- for stdout; default: none)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=positive_int, metavar="N", default=None,
                       help="run the sweep on N local Dask worker processes "
                       "(default: serially, without Dask)")
    where.add_argument("--scheduler", metavar="ADDRESS", default=None,
                       help="run the sweep on the Dask scheduler at ADDRESS (default: none)")


def main(args):
    import json

    from proofs.checker import check_claims, plan_jobs, run_jobs
    from theory.claims import select_claims

    if args.json is not None:  # before the sweep, not after it
        check_writable_file(args.json, "--json")
    done = []  # rows measured so far, in job order: what Ctrl-C can still print
    runner, waiting = _recorded(run_jobs, done), run_stoppably
    if args.workers is not None or args.scheduler is not None:
        from genpower.sweep_dask import dask_runner
        # the runs go on in worker processes; this one waits, and Ctrl-C reaches it
        runner = _recorded(dask_runner(args.workers, args.scheduler), done, one_by_one=False)
        waiting = _call
    claims = select_claims(args.claim)
    jobs = plan_jobs(claims, args.quick, args.sizes, args.seed)
    quiet = args.json == "-"
    try:
        results = waiting(lambda: _with_progress(lambda progress: check_claims(
            args.claim, args.quick, args.sizes, args.seed, runner, progress), len(jobs), quiet))
    except KeyboardInterrupt:
        return _print_interrupted(claims, jobs, list(done), quiet)
    if args.json == "-":
        print(json.dumps([result.as_dict() for result in results]))
    else:
        _print_table(results)
        if args.json:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump([result.as_dict() for result in results], handle, indent=1)
    return 0 if all(result.ok for result in results) else 1


def _recorded(runner, done, one_by_one=True):
    """``runner``, keeping each row in ``done`` as it comes (job by job when ``one_by_one``;
    a Dask runner hands its rows over at the end)."""
    def run(jobs, progress=None):
        if not one_by_one:
            done.extend(runner(jobs, progress))
            return list(done)
        for job in jobs:
            done.extend(runner([job]))
            if progress:
                progress()
        return list(done)
    return run


def _call(work):
    return work()


def _print_interrupted(claims, jobs, rows, quiet):
    """Print what was measured before Ctrl-C (no verdicts: they wait for the whole
    sweep, and judging takes longer than a second); return 130."""
    import sys

    measured = {}
    for (claim_id, _, _), row in zip(jobs, rows):
        measured.setdefault(claim_id, []).append(row)
    print(f"genpower check: interrupted after {len(rows)} of {len(jobs)} measurements; no "
          "verdicts (run the sweep to the end for them)", file=sys.stderr)
    if not quiet:
        for claim in claims:
            done = measured.get(claim.id)
            if done:
                last = done[-1]
                shown = last.get("error") or f"{last['value']:,.6g} at {claim.variable}={last['x']:,}"
                print(f"  {claim.id:<26} {len(done)} size(s) measured; last: {shown}")
    return EXIT_INTERRUPTED


def _with_progress(work, total, quiet):
    if quiet:
        return work(None)
    from rich.progress import Progress
    with Progress(transient=True) as bar:
        task = bar.add_task("measuring", total=total)
        return work(lambda: bar.advance(task))


def _in_variable(form, variable):
    """Write a growth form of n in the claim's own variable ("2^S" for a context S)."""
    return "-" if form is None else form.replace("n", variable)


def _print_table(results):
    from rich.console import Console
    from rich.table import Table
    colour = {"holds": "green", "fails": "red", "inconclusive": "yellow"}
    table = Table(title="genpower check: the paper's claims, measured")
    for column in ("claim", "machine", "family", "resource", "bound",
                   "measured at largest n", "fitted growth", "verdict"):
        table.add_column(column, overflow="fold", no_wrap=column == "claim")
    for r in results:
        direction = "≤" if r.direction == "upper" else "≥"
        const = "" if r.c is None else ("" if r.c == 1 else f"{r.c:.3g}·")
        if r.measured and r.measured[-1] is not None:
            value = r.measured[-1]  # a ratio below 100 keeps its decimals
            shown = f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:.3g}"
            measured = f"{shown} at {r.variable}={r.x[-1]:,}"
        else:
            measured = "-"
        verdict = r.verdict if r.measured else r.reason
        expectation = " (control)" if r.expected == "fails" else ""
        mark = "" if r.ok else " ✗"
        table.add_row(r.claim, r.machine, r.family, r.resource,
                      f"{direction} {const}{r.bound}", measured, _in_variable(r.fitted, r.variable),
                      f"[{colour[r.verdict]}]{verdict}{expectation}{mark}[/]")
    console = Console(width=max(Console().width, 150))
    console.print(table)
    failed = [r for r in results if not r.ok]
    for r in results:
        if r.verdict == "fails" or not r.ok:
            console.print(f"{r.claim}: {r.reason}", highlight=False, markup=False)
    counts = {v: sum(r.verdict == v for r in results) for v in colour}
    console.print(f"{counts['holds']} hold, {counts['fails']} fail "
                  f"({sum(r.verdict == 'fails' and r.expected == 'fails' for r in results)} "
                  f"of them controls, as they must), {counts['inconclusive']} inconclusive; "
                  + ("all as expected" if not failed else
                     f"NOT as expected: {', '.join(r.claim for r in failed)}"),
                  highlight=False, markup=False)
