"""Export training data in the official AP-MDM sample format (.jsonl, .npz, or the official .pkl.gz).

Each sample holds x_k, y_star, r_star, e_star, c_star, x_k_plus_1 and solver_metadata
with the official generators' keys, in their order (cl-1-koi/AP-MDM at 822a2fd), then
mask_id. Instance i is generated from seed S + i, or is line i of --input. Examples:

  genpower export sudoku --count 10 --givens 26 --seed 0 --out sudoku.jsonl
  genpower export sudoku --input puzzles.txt --out sudoku.pkl.gz
  genpower export parity --count 100 --n 64 --seed 1 --layout official --out parity.npz
  genpower export maxflow --count 100 --n 10 --edges 30 --seed 2 --out maxflow.jsonl
  genpower export maxflow --official --count 100 --seed 0 --out maxflow.pkl.gz

Sudoku (--encoding official, the default) equals the official generator sample for
sample on every puzzle: past depth 15 it reuses colours, and after a skull→branch it
colours the cells filled at that depth with the enclosing branch's colour, as the
official code does. --input reads one puzzle per line (81 characters, '.' or '0' for
empty; 16 or 256 for other sides) or an official .npy file; a puzzle without a solution
is left out and reported (the official generator writes nothing for it).

Parity: --layout official writes each step's 3-token window [BOS] a b, each one of the
official 7 samples (steps of the lone [BOS] 0 case, which the official data lacks, are
left out and counted); --layout whole (default) is this package's extension: whole
sequences, the lone-0 steps named eliminate_lone_0 and delete_lone_mask.

Max-flow --official is the official dataset builder: graph i is the official loader's
graph for seed S + i; a graph whose max flow is below --min-flow is dropped (reported);
sample_id runs across the dataset. Its ranges default to the builder's (10-15 nodes,
30-50 edges, flow 3-5); the official generator script's own defaults are --min-nodes 10
--max-nodes 10 --min-edges 50 --max-edges 50 --min-flow 1 --max-flow 100 --seed 42
--count 1000.

Exports stream: memory stays bounded whatever the count. --workers N makes the samples
on N Dask worker processes (pip install genpower[dask]); the file is byte for byte the
serial export's. A progress bar goes to standard error on long exports (--quiet hides
it).
"""

import sys

from genpower.arguments import check_writable_file, nonnegative_int, positive_int
from simulators.errors import InputFormatError, InvalidArgumentError
from simulators.files import read_text

HELP = "write training data (official AP-MDM sample format) to .jsonl, .npz or .pkl.gz"
ORDER = 40
MANY_RUNS = True  # Ctrl-C ends the whole command (simulators.interrupts.run_stoppably)

_RANGES = ("min_nodes", "max_nodes", "min_edges", "max_edges", "min_flow", "max_flow")


def configure(parser):
    parser.add_argument("task", choices=["sudoku", "parity", "maxflow"], help="which process")
    parser.add_argument("--count", type=positive_int, default=None,
                        help="number of generated instances (required, default none, unless --input)")
    parser.add_argument("--input", metavar="FILE", default=None,
                        help="sudoku only: puzzles, one per line (81 characters, '.' or '0' "
                        "empty), or an official .npy file")
    parser.add_argument("--n", type=positive_int, default=None,
                        help="size: Sudoku side (4, 9, 16; default 9), parity bits (default 16) "
                        "or max-flow nodes (default 10)")
    parser.add_argument("--edges", type=nonnegative_int, default=None,
                        help="max-flow edges per graph (default: 2 per node)")
    parser.add_argument("--givens", type=nonnegative_int, default=None,
                        help="Sudoku givens (default: the family's default for the side)")
    parser.add_argument("--encoding", choices=["official", "extended"], default="official",
                        help="Sudoku state encoding")
    parser.add_argument("--layout", choices=["whole", "official"], default="whole",
                        help="parity: whole sequences (this package's extension) or the "
                        "official 3-token windows")
    parser.add_argument("--official", action="store_true",
                        help="max-flow only: the official dataset builder (instead of --n "
                        "and --edges)")
    for name in _RANGES:
        parser.add_argument("--" + name.replace("_", "-"), type=nonnegative_int, default=None,
                            help=f"max-flow --official: the builder's {name} (default "
                            f"{_default(name)})")
    parser.add_argument("--seed", type=nonnegative_int, default=0,
                        help="seed of instance 0 (instance i uses seed + i)")
    parser.add_argument("--workers", type=positive_int, default=None,
                        help="make the samples on this many Dask worker processes (default: "
                        "none, serial); the file is byte for byte the serial one")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--out", required=True, metavar="FILE",
                        help="output file: .jsonl, .npz or .pkl.gz (the official container)")


def _default(name):
    from theory.families.maxflow import OFFICIAL_RANGES

    return OFFICIAL_RANGES[name]


def _puzzles(name):
    from theory.errors import FamilyInputError
    from theory.families import sudoku

    if name.endswith(".npy"):
        return sudoku.load_official(name)
    puzzles = []
    for number, line in enumerate(read_text(name, "--input").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            puzzles.append(sudoku.parse(line.strip()))
        except FamilyInputError as error:
            raise InputFormatError(f"{name}:{number}: {error}") from None
    if not puzzles:
        raise InputFormatError(f"{name} holds no puzzle")
    return puzzles


def _check(args):
    ranges = {k: getattr(args, k) for k in _RANGES if getattr(args, k) is not None}
    if args.official:
        from genpower.task_flags import refuse_with_official

        if args.task != "maxflow":
            raise InvalidArgumentError(f"--official is for maxflow, not {args.task}")
        refuse_with_official([("--n", args.n), ("--edges", args.edges)])
    elif ranges:
        raise InvalidArgumentError("--" + next(iter(ranges)).replace("_", "-")
                                   + " is for maxflow --official")
    if args.input is not None and args.task != "sudoku":
        raise InvalidArgumentError(f"--input is for sudoku, not {args.task}")
    if (args.input is None) == (args.count is None):
        raise InvalidArgumentError("give exactly one of --count N and --input FILE"
                                   if args.task == "sudoku" else "give --count N")
    if args.layout != "whole" and args.task != "parity":
        raise InvalidArgumentError(f"--layout is for parity, not {args.task}")
    return ranges


def main(args):
    from proofs.trajectories import generate_samples
    from proofs.trajectory_files import suffix_of, write_samples

    ranges = _check(args)
    check_writable_file(args.out, "--out")
    suffix_of(args.out)  # refuse an unknown suffix before any work
    puzzles = _puzzles(args.input) if args.input is not None else None
    count = len(puzzles) if puzzles is not None else args.count
    size = args.n if args.n is not None else {"sudoku": 9, "parity": 16, "maxflow": 10}[args.task]
    skipped, left_out = [], []
    options = dict(givens=args.givens, encoding=args.encoding, edges=args.edges,
                   official=args.official, ranges=ranges, layout=args.layout)
    hooks = dict(on_skip=lambda index, reason: skipped.append((index, reason)),
                 on_left_out=lambda index, name: left_out.append(name))
    if args.workers is None:
        samples = generate_samples(args.task, count, size, args.seed, puzzles=puzzles,
                                   **options, **hooks)
    else:
        from genpower.export_dask import dask_samples

        samples = dask_samples(args.task, count, size, args.seed, workers=args.workers,
                               puzzles=puzzles, **options, **hooks)
    written = _write(samples, args, count, write_samples)
    print(f"wrote {written:,} samples from {count - len(skipped):,} {args.task} instances to "
          f"{args.out}")
    _report(skipped, left_out)
    return 0


def _write(samples, args, count, write_samples):
    vocab = _vocab_names(args)
    if args.quiet or not (sys.stderr.isatty() or count >= 100):
        return write_samples(samples, args.out, vocab_names=vocab, task=args.task)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"export {args.task}", total=count)
        return write_samples(samples, args.out, vocab_names=vocab, task=args.task,
                             on_instance=lambda index: bar.update(task, completed=index))


def _vocab_names(args):
    if args.task == "sudoku":
        from proofs.oracles.sudoku import vocabulary

        return vocabulary(args.encoding).names
    if args.task == "parity":
        from proofs.oracles.parity import VOCAB
    else:
        from proofs.oracles.maxflow import VOCAB
    return VOCAB.names


def _report(skipped, left_out):
    for index, reason in skipped[:10]:
        print(f"left out instance {index}: {reason}")
    if len(skipped) > 10:
        print(f"... and {len(skipped) - 10:,} more instances left out")
    if left_out:
        print(f"left out {len(left_out):,} steps of the lone [BOS] 0 case, which the official "
              "parity data lacks (--layout whole keeps them)")
