"""Run a task on a generation machine with its oracle policy and check the answer.

Each task takes --n N (a generated instance) or --input FILE, and --seed, --machine,
--max-steps, --json, --max-memory and its own options: genpower run TASK --help lists
them with their defaults. Examples:

  genpower run parity --n 100000 --seed 1
  genpower run parity --input examples/bits.txt --machine mdm --json

--input FILE holds the instance in the task's text form (parity: 0/1 characters,
white space ignored); --input - reads standard input. The text output gives the
answer, whether it matches the reference solver, why the run stopped, and the
resources; --json prints the same as one object. A run that stops on a limit has
no verdict: correct is null and stopped_by says which limit. Exit status: 0 right
answer, 1 wrong answer, 3 cut short by a limit, 2 bad input, 130 interrupted (Ctrl-C:
the partial run is printed).
"""

import argparse
import json
import sys

from genpower.arguments import (HelpFormatter, OneLineParser, add_memory_flag, apply_memory_flag,
                                exit_status, nonnegative_int, positive_int)
from genpower.task_flags import FLAGS
from proofs.tasks import get_task, run_task, task_names
from simulators.errors import InputFormatError, InvalidArgumentError
from simulators.files import read_text
from simulators.stops import LIMIT_REASONS
from simulators.validation import as_rng
from theory.errors import FamilyInputError

HELP = "run a task on ARM, MDM or AP-MDM with its oracle policy and check the answer"
ORDER = 10


def configure(parser):
    parser.add_argument("task", metavar="TASK", help="one of: " + ", ".join(task_names()))
    options = parser.add_argument("arguments", nargs=argparse.REMAINDER, metavar="OPTIONS",
                                  help="the task's options (genpower run TASK --help lists "
                                  "them)")
    options.required = False  # argparse counts a REMAINDER as required, even when empty


def task_parser(task):
    """Return the parser of ``genpower run TASK``: the common flags and the task's own."""
    parser = OneLineParser(prog=f"genpower run {task.name}", description=task.summary,
                           formatter_class=HelpFormatter)
    parser.add_argument("--n", type=nonnegative_int, help="size of a generated instance")
    parser.add_argument("--input", metavar="FILE",
                        help="read the instance from FILE ('-' for standard input)")
    parser.add_argument("--seed", type=nonnegative_int, default=0,
                        help="seed of the generated instance")
    parser.add_argument("--machine", default=None, choices=list(task.processes),
                        help=f"which machine runs the task (default: {task.default_machine})")
    parser.add_argument("--max-steps", type=positive_int, default=None,
                        help="step limit (default: the process's own bound for this instance)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show", metavar="PAGE.html", default=None,
                        help="record the run and write an HTML page that animates it "
                        "(default: no page)")
    add_memory_flag(parser)
    configure, _ = FLAGS.get(task.name, (None, None))
    if configure is not None:
        configure(parser)
    return parser


def main(args):
    task = get_task(args.task)
    parser = task_parser(task)
    options = parser.parse_args(args.arguments)
    apply_memory_flag(options)
    instance = _instance(task, options)  # a task's own flags may name the machine too
    machine = options.machine or task.default_machine
    run_options = {}
    if options.max_steps is not None:
        run_options["max_steps"] = options.max_steps
    if options.show:
        run_options["record"] = True
    outcome = run_task_cli(task, instance, machine, run_options)
    if options.show:
        from genpower.show import from_task_run, write_page

        size, _ = write_page(options.show, [from_task_run(outcome)])
        print(f"wrote {options.show} ({size / 1024:,.0f} kB)", file=sys.stderr)
    record = outcome.as_dict()
    if options.json:
        print(json.dumps(record, default=_jsonable))
    else:
        _print_text(outcome, record)
    return exit_status(outcome.result.stopped_by, outcome.correct)


def run_task_cli(task, instance, machine, run_options):
    """Run the task; turn a family's refusal into the CLI's one-line error."""
    try:
        return run_task(task, instance, machine, **run_options)
    except FamilyInputError as error:
        raise InputFormatError(str(error)) from None


def _instance(task, options):
    configure, instance_from_args = FLAGS.get(task.name, (None, None))
    if instance_from_args is not None:
        instance = instance_from_args(options)
        if instance is not None:
            return instance
    if (options.n is None) == (options.input is None):
        raise InvalidArgumentError("give exactly one of --n N and --input FILE"
                                   + (" (or the task's own instance options)"
                                      if configure else ""))
    if options.input is not None:
        text = read_text(options.input, "--input")
        try:
            return task.family.parse(text)
        except FamilyInputError as error:
            raise InputFormatError(f"{options.input}: {error}") from None
    task.check_memory(options.n, options.machine)
    try:
        return task.family.generate(options.n, as_rng(options.seed))
    except FamilyInputError as error:
        raise InputFormatError(str(error)) from None


def _print_text(outcome, record):
    stopped_by = outcome.result.stopped_by
    answer = f"answer {_short(outcome.answer)}"
    if stopped_by in LIMIT_REASONS:  # what a cut run's sequence holds is not the machine's answer
        answer, verdict = "no answer", f"the run was cut short: {stopped_by}"
    elif outcome.correct is None:
        verdict = "unchecked: too large for the reference solver"
    elif outcome.correct:
        verdict = "correct"
    elif outcome.answer is None and "reason" in outcome.details:
        verdict = "NOT SOLVED: the process stopped without an answer, for the reason below"
    else:
        verdict = f"WRONG (expected {outcome.expected})"
    print(f"{outcome.task.name} on {outcome.machine}, n = {outcome.n}: {answer} ({verdict}); "
          f"stopped by {stopped_by}")
    for key, value in outcome.details.items():   # text in full: it is written to be read
        print(f"  {key:<15} {value if isinstance(value, str) else _short(value)}")
    for key, value in outcome.result.resources.as_dict().items():
        print(f"  {key:<15} {value}")


def _short(value, limit=200):
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text):,} characters)"


def _jsonable(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
