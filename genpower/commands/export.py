"""Export solver trajectories in the official AP-MDM sample format (JSONL streamed, or .npz).

Each line (JSONL) holds x_k, y_star, r_star, e_star, c_star, x_k_plus_1 and
solver_metadata (operation and gdlm_operation as the official generators name them,
instance_id, sample_id, mask_id). Instance i is generated from seed S + i. Examples:

  genpower export sudoku --count 10 --givens 26 --seed 0 --out sudoku.jsonl
  genpower export parity --count 100 --n 64 --seed 1 --out parity.npz
  genpower export maxflow --count 100 --n 10 --edges 30 --seed 2 --out maxflow.jsonl
  genpower export maxflow --official --count 100 --seed 0 --out maxflow.jsonl

With --official, max-flow graph i is the official loader's graph for seed S + i, as in
its datasets. Max-flow samples follow the official max-flow generator: its operation names
(INIT_SLOT1_E, BFS_LAYER_R, ...), step_id and max_flow_value, and its labels exactly
(an edge slot that stays [MASK] has y_star [MASK] and r_star 0). A progress line goes
to standard error while a long export runs.
"""

import sys

from genpower.arguments import check_writable_file, nonnegative_int, positive_int
from simulators.errors import InvalidArgumentError

HELP = "write solver trajectories (official sample format) to a .jsonl or .npz file"
ORDER = 40
MANY_RUNS = True  # Ctrl-C ends the whole command (genpower.stoppable)


def configure(parser):
    parser.add_argument("task", choices=["sudoku", "parity", "maxflow"], help="which process")
    parser.add_argument("--count", type=positive_int, required=True,
                        help="number of generated instances")
    parser.add_argument("--n", type=positive_int, default=None,
                        help="size: Sudoku side (4, 9, 16; default 9), parity bits (default 16) "
                        "or max-flow nodes (default 10)")
    parser.add_argument("--edges", type=nonnegative_int, default=None,
                        help="max-flow edges per graph (default: 2 per node)")
    parser.add_argument("--givens", type=nonnegative_int, default=None,
                        help="Sudoku givens (default: the family's default for the side)")
    parser.add_argument("--encoding", choices=["official", "extended"], default="official",
                        help="Sudoku state encoding")
    parser.add_argument("--official", action="store_true",
                        help="max-flow only: the official loader's graphs (instead of --n "
                        "and --edges)")
    parser.add_argument("--seed", type=nonnegative_int, default=0,
                        help="seed of instance 0 (instance i uses seed + i)")
    parser.add_argument("--out", required=True, metavar="FILE",
                        help="output file, .jsonl or .npz")


def main(args):
    from proofs.trajectories import generate_samples, write_samples

    if args.official:
        from genpower.task_flags import refuse_with_official

        if args.task != "maxflow":
            raise InvalidArgumentError(f"--official is for maxflow, not {args.task}")
        refuse_with_official([("--n", args.n), ("--edges", args.edges)])
    check_writable_file(args.out, "--out")
    size = args.n if args.n is not None else {"sudoku": 9, "parity": 16, "maxflow": 10}[args.task]
    samples = generate_samples(args.task, args.count, size, args.seed, givens=args.givens,
                               encoding=args.encoding, edges=args.edges,
                               official=args.official)
    show = sys.stderr.isatty() or args.count >= 100

    def progress(index):
        if show:
            print(f"\rinstance {index + 1:,}/{args.count:,}", end="", file=sys.stderr,
                  flush=True)

    written = write_samples(samples, args.out, on_instance=progress)
    if show:
        print(file=sys.stderr)
    print(f"wrote {written:,} samples from {args.count:,} {args.task} instances to {args.out}")
    return 0
