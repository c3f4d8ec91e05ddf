"""Judge a model against a task's oracle process, step by step and across lengths.

MODEL is `oracle` (the task's own process wrapped as a model), FILE.py:NAME (any
callable model(tokens, lengths) -> {"unmasking_logits": ..., "remasking_logits": ...,
"expansion_logits": ..., "contraction_logits": ...}, e.g. a numpy model) or a .pt
checkpoint made by `genpower train` (needs the learn extra). For each n, --count
instances are generated; the table gives the free-running accuracy (the family's
verifier), the teacher-forced next-state match and per-operation precision/recall on
the oracle's own states, how many runs left the oracle's trajectory and the earliest
such step, and how the runs ended. --json writes every figure, per instance too;
--plot writes accuracy against n on a log axis.

  genpower evaluate oracle --task parity --machine apmdm --n 4 16 64 256 --count 100
"""

import json

from genpower.arguments import nonnegative_int, positive_int

HELP = "judge a learned model against the oracle process across lengths"
ORDER = 60


def configure(parser):
    parser.add_argument("model", metavar="MODEL", help="oracle, FILE.py:NAME or a .pt checkpoint")
    parser.add_argument("--task", required=True, help="the task (parity, sudoku, ...)")
    parser.add_argument("--machine", default=None, help="the process (default: the task's first)")
    parser.add_argument("--n", type=positive_int, nargs="+", default=[4, 16, 64],
                        help="instance sizes (default: 4 16 64)")
    parser.add_argument("--count", type=positive_int, default=20,
                        help="instances per size (default: %(default)s)")
    parser.add_argument("--seed", type=nonnegative_int, default=0,
                        help="seed of the instances (default: %(default)s)")
    parser.add_argument("--decode", default=None,
                        help="decoding rule: official, threshold:P, top-k:K, literal, leftmost, "
                             "greedy, sample:SEED (default: the machine's)")
    parser.add_argument("--batch-size", type=positive_int, default=64,
                        help="sequences per model call (default: %(default)s)")
    parser.add_argument("--no-teacher-forced", action="store_true",
                        help="skip the teacher-forced figures (free runs only)")
    parser.add_argument("--states", type=positive_int, default=None,
                        help="teacher-force at most this many states per instance, evenly "
                             "spaced (default: all)")
    parser.add_argument("--free-run-up-to", type=positive_int, default=None, metavar="N",
                        help="run free only at sizes up to N; larger ones are teacher-forced "
                             "only (default: every size)")
    parser.add_argument("--json", metavar="PATH",
                        help="write every figure as JSON (default: not written)")
    parser.add_argument("--plot", metavar="FILE",
                        help="write accuracy against n as png, svg or pdf (default: not drawn)")


def main(args):
    from proofs.learned.decoding import decoding_by_name
    from proofs.learned.evaluate import evaluate
    from proofs.learned.loading import load_model
    from proofs.tasks import get_task

    task = get_task(args.task)
    machine = args.machine or task.default_machine
    model = load_model(args.model, task, machine)
    decoding = decoding_by_name(task.process(machine).machine(), args.decode)
    report = evaluate(model, task, machine, args.n, args.count, args.seed, decoding=decoding,
                      batch_size=args.batch_size, teacher_forced=not args.no_teacher_forced,
                      states=args.states, free_run_up_to=args.free_run_up_to,
                      model_name=args.model)
    _print(report)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(report.as_dict(), handle, indent=1)
    if args.plot:
        from genpower.figures.learned import accuracy_by_size

        accuracy_by_size(report).savefig(args.plot, dpi=120)
    return 0


def _print(report):
    from rich.console import Console
    from rich.table import Table

    header, rows = report.table()
    table = Table(title=f"{report.model} on {report.task} ({report.machine}, {report.decoding})")
    for column in header:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    Console(width=160).print(table)
