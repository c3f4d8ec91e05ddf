"""Measure genpower's engines as ratios within one run.

Each benchmark group (classical machines, generation machines, PRAM) contributes rows;
--only NAME runs one of them. --json prints one object per row (name, value, unit,
goal, met, detail); --markdown prints a page for docs/bench.md (the date, the machine,
the command, then the table): genpower bench --markdown > docs/bench.md

Goals are ratios within one run; absolute rates are rows without a goal, for orientation.

Rows measured inside this process time the compiled engines: the interpreter a first
short run starts in (simulators.jit) is turned off here. The start-up rows run whole
genpower processes, as a user does, with it on.
"""

import argparse
import datetime
import importlib
import json
import os
import platform
import pkgutil

import genpower.benchmarks

HELP = "measure engine speed against reference implementations (ratios in one run)"
ORDER = 90
MANY_RUNS = True  # Ctrl-C ends the whole command (simulators.interrupts.run_stoppably)


def _groups():
    return sorted(info.name for info in pkgutil.iter_modules(genpower.benchmarks.__path__))


def configure(parser: argparse.ArgumentParser):
    parser.add_argument("--only", choices=_groups(), action="append",
                        help="run only this benchmark group (repeatable; default: every group)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print rows as JSON")
    output.add_argument("--markdown", action="store_true",
                        help="print rows as a Markdown table (row, measured, goal, met)")


def main(args):
    from simulators.jit import set_interpreter_budget

    # steady-state rows time compiled code; start-up rows use subprocesses
    previous = set_interpreter_budget(0)
    rows = []
    try:
        for name in args.only or _groups():
            module = importlib.import_module(f"genpower.benchmarks.{name}")
            rows.extend(module.run(quick=args.quick))
    finally:
        set_interpreter_budget(previous)
    if args.json:
        print(json.dumps([row.as_dict() for row in rows], indent=2))
        return 0
    if args.markdown:
        print(markdown(rows, args))
        return 0
    width = max(len(row.name) for row in rows) if rows else 10
    shown = max((len(row.shown_value()) for row in rows), default=12)
    for row in rows:
        verdict = "" if row.met is None else ("  goal met" if row.met else "  GOAL MISSED")
        goal = f"  (goal {row.goal})" if row.goal else ""
        print(f"{row.name:<{width}}  {row.shown_value():>{shown}}{goal}{verdict}")
        if row.detail:
            print(f"{'':<{width}}    {row.detail}")
    return 0


def _processor():
    """The CPU's model name where Linux says it, else what :mod:`platform` says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def markdown(rows, args):
    """Return ``rows`` as a Markdown page: the date, the machine and the command, then the table."""
    import numba
    import numpy

    flags = "".join(f" --only {name}" for name in args.only or ()) + " --quick" * args.quick
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# genpower bench",
        "",
        f"Measured {when} by `genpower bench{flags} --markdown` on {_processor()}, "
        f"{os.cpu_count()} logical cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, NumPy {numpy.__version__}, "
        f"Numba {numba.__version__}.",
        "",
        "Goals are ratios within this one run; rows without a goal (absolute rates and "
        "times) are for orientation only: a shared machine moves them by about 30 %.",
        "",
        "| row | measured | goal | met |",
        "|---|---|---|---|",
    ]
    for row in rows:
        met = "—" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(f"| {row.name} | {row.shown_value()} | {row.goal or '—'} | {met} |")
    return "\n".join(lines)
