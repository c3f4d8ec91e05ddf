"""Check the paper's claims by measurement: one table row per claim with its verdict.

Each claim (theory.claims) states its constant, with its source, before anything is
measured; a claim with only an asymptotic statement is calibrated on a separate,
smaller run and judged on at least four larger sizes over at least 1.5 decades. Every
run has room to break its bound (4 x bound + 64 steps); reaching that limit fails the
claim. Verdicts: holds; holds (law) for a machine law no run can break; fails, with the
kind (bound, growth, wrong answer, hidden state, law, coverage); inconclusive when
nothing could be measured, with the reason. Controls (NEG-...) are false on purpose and
must fail by the kind they declare; failing by another is a surprise. Exit status 1
when a claim fails, a control does not fail as declared, or a claim is inconclusive
(unless --allow-inconclusive). --quick runs its small sizes as plain Python (the same
code as the compiled kernels, so the same rows), so a first run compiles nothing. --self-test plants the package's known faults one at a
time (in process, by monkeypatching) and shows which verdicts each turns. Examples:

  genpower check --quick
  genpower check --claim E-parity T1 --sizes 8 64 512
  genpower check --quick --json claims.json --workers 2
  genpower check --self-test
"""

from genpower.arguments import (EXIT_INTERRUPTED, check_writable_file, nonnegative_int,
                                positive_int)
from simulators.interrupts import run_stoppably

HELP = "check every claim of the paper by measurement and print one verdict per claim"
ORDER = 5


def configure(parser):
    parser.add_argument("--quick", action="store_true",
                        help="each claim's small sweep, run as plain Python (the kernels' "
                        "own Python code: the same numbers, and nothing to compile)")
    parser.add_argument("--claim", nargs="+", metavar="ID", default=None,
                        help="claim ids; T1 also selects T1-... (default: all)")
    parser.add_argument("--sizes", nargs="+", type=positive_int, metavar="N", default=None,
                        help="judged sizes for every claim (default: each claim's own "
                        "sweep; a calibrated claim still calibrates below them)")
    parser.add_argument("--seed", type=nonnegative_int, default=0,
                        help="instance seed (default: 0)")
    parser.add_argument("--json", metavar="PATH", default=None,
                        help="also write the results as a JSON list to PATH (- for stdout; default: none)")
    parser.add_argument("--allow-inconclusive", action="store_true",
                        help="exit 0 even if a claim could not be measured (default: exit 1)")
    parser.add_argument("--self-test", action="store_true",
                        help="plant each known fault in process and show the verdicts it turns "
                        "(exit 1 if a fault turns none)")
    parser.add_argument("--learned", metavar="DIR", default=None,
                        help="instead of the paper's claims, measure the claims on learned policies "
                        "on the checkpoints DIR/<claim>.pt that genpower train made (needs the "
                        "learn extra; a learned model may fail: its verdict is measured; "
                        "default: none)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=positive_int, metavar="N", default=None,
                       help="run the sweep on N local Dask worker processes "
                       "(default: serially, without Dask)")
    where.add_argument("--scheduler", metavar="ADDRESS", default=None,
                       help="run the sweep on the Dask scheduler at ADDRESS (default: none)")


def main(args):
    import json
    import time

    from proofs.checker import check_claims, plan_jobs, run_jobs
    from proofs.measurements import measurements
    from theory.claims import select_claims

    if args.self_test:
        return _self_test()
    if args.learned is not None:
        return _learned(args.learned, args.allow_inconclusive)
    if args.json is not None:  # before the sweep, not after it
        check_writable_file(args.json, "--json")
    started = time.perf_counter()
    done = []  # rows measured so far, in job order: what Ctrl-C can still print
    runner, waiting = _recorded(run_jobs, done), run_stoppably
    if args.workers is not None or args.scheduler is not None:
        from genpower.sweep_dask import dask_runner
        # the runs go on in worker processes; this one waits, and Ctrl-C reaches it
        runner = _recorded(dask_runner(args.workers, args.scheduler), done, one_by_one=False)
        waiting = _call
    measurements()  # registers the claims check modules define, as check_claims does
    claims = select_claims(args.claim)
    jobs = plan_jobs(claims, args.quick, args.sizes, args.seed)
    quiet = args.json == "-"
    total = len(jobs)
    try:
        results = waiting(lambda: _with_progress(lambda progress: check_claims(
            args.claim, args.quick, args.sizes, args.seed, runner, progress,
            args.allow_inconclusive), total, quiet))
    except KeyboardInterrupt:
        return _print_interrupted(claims, jobs, list(done), quiet)
    if args.json == "-":
        print(json.dumps([result.as_dict() for result in results]))
    else:
        _print_table(results)
        profile = "--sizes" if args.sizes else ("quick" if args.quick else "full")
        print(f"{total} runs ({profile} profile) in {time.perf_counter() - started:.1f} s; "
              "sizes per claim: " + "; ".join(
                  f"{r.claim} {r.sizes}" + (f" (calibrated on {r.calibration_sizes})"
                                           if r.calibration_sizes else "")
                  for r in results if r.sizes))
        if args.json:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump([result.as_dict() for result in results], handle, indent=1)
    return 0 if all(result.ok for result in results) else 1


def _learned(directory, allow_inconclusive):
    from proofs.learned.claims import check_learned

    verdicts = check_learned(directory)
    for verdict in verdicts:
        print(f"{verdict.claim}: {verdict.verdict} ({verdict.reason})")
    unmeasured = [v.claim for v in verdicts if v.verdict == "inconclusive"]
    return 1 if unmeasured and not allow_inconclusive else 0


def _self_test():
    from proofs.self_test import run_self_test
    reports = run_self_test(progress=lambda fault: print(f"planting: {fault.name} ...",
                                                         flush=True))
    print()
    for report in reports:
        turned = ", ".join(f"{claim} {before} -> {after}" for claim, before, after
                           in report.turned) or "NOTHING TURNED"
        print(f"{report.fault.name}: {turned}")
    missed = [report.fault.name for report in reports if not report.turned]
    print(f"{len(reports)} planted faults, {len(reports) - len(missed)} turned a verdict"
          + (f"; NOT CAUGHT: {', '.join(missed)}" if missed else ""))
    return 1 if missed else 0


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
    for (claim_id, *_), row in zip(jobs, rows):
        measured.setdefault(claim_id, []).append(row)
    print(f"genpower check: interrupted after {len(rows)} of {len(jobs)} measurements; no "
          "verdicts (run the sweep to the end for them)", file=sys.stderr)
    if not quiet:
        for claim in claims:
            done = measured.get(claim.id)
            if done:
                last = done[-1]
                value = "no value" if last["value"] is None else f"{last['value']:,.6g}"
                shown = last.get("error") or f"{value} at {claim.variable}={last['x']:,}"
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
    colour = {"holds": "green", "holds (law)": "green", "fails": "red",
              "inconclusive": "yellow"}
    table = Table(title="genpower check: the paper's claims, measured")
    for column in ("claim", "machine", "family", "resource", "bound",
                   "measured at largest n", "fitted growth", "verdict"):
        table.add_column(column, overflow="fold", no_wrap=column == "claim")
    for r in results:
        direction = "≤" if r.direction == "upper" else "≥"
        const = "" if r.constant is None else ("" if r.constant == 1 else f"{r.constant:.3g}·")
        if r.measured and r.measured[-1] is not None:
            value = r.measured[-1]  # a ratio below 100 keeps its decimals
            shown = f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:.3g}"
            measured = f"{shown} at {r.variable}={r.x[-1]:,}"
        else:
            measured = "-"
        verdict = r.verdict if r.measured else f"{r.verdict}: {r.reason}"
        if r.expected == "fails":
            verdict += f" ({', '.join(r.failures)}; control)" if r.failures else " (control)"
        elif r.failures:
            verdict += f" ({', '.join(r.failures)})"
        mark = "" if r.ok else (" ✗ surprise" if r.expected == "fails" else " ✗")
        table.add_row(r.claim, r.machine, r.family, r.resource,
                      f"{direction} {const}{r.bound}", measured, _in_variable(r.fitted, r.variable),
                      f"[{colour[r.verdict]}]{verdict}{mark}[/]")
    console = Console(width=max(Console().width, 150))
    console.print(table)
    failed = [r for r in results if not r.ok]
    for r in results:
        if r.verdict in ("fails", "inconclusive") or not r.ok:
            console.print(f"{r.claim}: {r.reason}", highlight=False, markup=False)
    counts = {v: sum(r.verdict == v for r in results) for v in colour}
    controls = sum(r.ok and r.expected == "fails" for r in results)
    console.print(f"{counts['holds']} hold, {counts['holds (law)']} hold as laws, "
                  f"{counts['fails']} fail ({controls} of them controls, each for its "
                  f"declared reason), {counts['inconclusive']} inconclusive; "
                  + ("all as expected" if not failed else
                     f"NOT as expected: {', '.join(r.claim for r in failed)}"),
                  highlight=False, markup=False)
