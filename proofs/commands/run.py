"""Run a task on a generation machine with its oracle policy and check the answer.

Examples::

    genpower run parity --n 100000 --seed 1
    genpower run parity --input bits.txt --machine mdm --json

``--input FILE`` holds the instance (parity: a string of 0/1 characters). The text
output gives the answer, whether it matches the reference solver, why the run stopped,
and its resources; ``--json`` prints the same as one object.
"""

import json
from pathlib import Path

from proofs.tasks import TASKS, run_task
from simulators.errors import InputFormatError
from simulators.validation import as_rng

HELP = "run a task (parity) on ARM, MDM or AP-MDM and check the answer"
ORDER = 10


def configure(parser):
    parser.add_argument("task", choices=sorted(TASKS), help="which task to run")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--n", type=int, help="size of a generated instance")
    source.add_argument("--input", type=Path, metavar="FILE", help="read the instance from FILE")
    parser.add_argument("--seed", type=int, default=0, help="seed for --n (default 0)")
    parser.add_argument("--machine", default="apmdm", choices=["apmdm", "mdm", "arm"],
                        help="which machine runs the task (default apmdm)")
    parser.add_argument("--max-steps", type=int, default=100_000_000, help="step limit")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def main(args):
    family, parse, _ = TASKS[args.task]
    if args.input is not None:
        try:
            text = args.input.read_text()
        except (OSError, UnicodeDecodeError) as error:
            raise InputFormatError(f"cannot read {args.input}: {error}") from None
        try:
            instance = parse(text)
        except InputFormatError as error:
            raise InputFormatError(f"{args.input}: {error}") from None
    else:
        if args.n < 0:
            raise InputFormatError(f"--n {args.n} must be >= 0")
        instance = family.generate(args.n, as_rng(args.seed))
    outcome = run_task(args.task, instance, args.machine, max_steps=args.max_steps)
    record = outcome.as_dict()
    if args.json:
        print(json.dumps(record))
    else:
        verdict = "correct" if outcome.correct else f"WRONG (expected {outcome.expected})"
        print(f"{args.task} on {args.machine}, n = {outcome.n}: answer {outcome.answer} ({verdict}); "
              f"stopped by {outcome.result.stopped_by}")
        for key, value in outcome.result.resources.as_dict().items():
            print(f"  {key:<15} {value}")
    return 0 if outcome.correct else 1
