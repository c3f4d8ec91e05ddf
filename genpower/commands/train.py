"""Train a small transformer (official AP-MDM heads, or its ARM variant) on a task's trajectories, on CPU.

Data are the package's exports in the official sample format: --official takes the 7
parity transitions of the paper (length 3); otherwise --count instances of each of
--sizes are run through the oracle process and every transition is a sample (AP-MDM:
parity, or sudoku on its official process, plus a no-op sample at each final state
unless --no-final-state; MDM and ARM: the oracle's final sequences). The
losses are the official ones. Training is deterministic for a --seed, saves to --out
every 200 steps, and --resume goes on from --out. Needs the learn extra
(pip install -e '.[learn]').

  genpower train parity --machine apmdm --official --steps 300 --out parity7.pt
  genpower evaluate parity7.pt --task parity --machine apmdm --n 4 16 64 256
"""

from genpower.arguments import nonnegative_int, positive_int

HELP = "train a small model on a task's trajectories on CPU (needs the learn extra)"
ORDER = 61


def configure(parser):
    parser.add_argument("task", metavar="TASK", help="parity or sudoku")
    parser.add_argument("--machine", default=None,
                        help="apmdm, mdm or arm for parity, official for sudoku "
                             "(default: the task's first)")
    parser.add_argument("--sizes", type=positive_int, nargs="+", default=[4, 8],
                        help="instance sizes of the training trajectories (default: 4 8)")
    parser.add_argument("--count", type=positive_int, default=64,
                        help="instances per size (default: %(default)s)")
    parser.add_argument("--official", action="store_true",
                        help="train on the 7 official parity transitions instead")
    parser.add_argument("--no-final-state", action="store_true",
                        help="leave out the no-op sample at each trajectory's final state")
    parser.add_argument("--steps", type=positive_int, default=500,
                        help="optimiser steps (default: %(default)s)")
    parser.add_argument("--batch", type=positive_int, default=32,
                        help="samples per step (default: %(default)s)")
    parser.add_argument("--lr", type=float, default=3e-3,
                        help="learning rate of AdamW (default: %(default)s)")
    parser.add_argument("--hidden", type=positive_int, default=64,
                        help="hidden size (default: %(default)s)")
    parser.add_argument("--heads", type=positive_int, default=4,
                        help="attention heads (default: %(default)s)")
    parser.add_argument("--blocks", type=positive_int, default=2,
                        help="transformer blocks (default: %(default)s)")
    parser.add_argument("--seed", type=nonnegative_int, default=0,
                        help="seed of data, weights and batches (default: %(default)s)")
    parser.add_argument("--out", required=True, help="the checkpoint file (.pt)")
    parser.add_argument("--resume", action="store_true", help="go on from --out")


def main(args):
    from proofs.learned.loading import TORCH_MISSING
    from proofs.tasks import get_task
    from simulators.errors import InvalidArgumentError

    try:
        from proofs.learned.train import TrainConfig, train
    except ImportError:
        raise InvalidArgumentError(f"cannot train: {TORCH_MISSING}") from None
    machine = args.machine or get_task(args.task).default_machine
    config = TrainConfig(task=args.task, machine=machine, sizes=list(args.sizes),
                         count=args.count, official=args.official,
                         final_state=not args.no_final_state, steps=args.steps,
                         batch=args.batch, lr=args.lr, seed=args.seed, hidden_size=args.hidden,
                         n_heads=args.heads, n_blocks=args.blocks)
    from rich.progress import Progress

    bar = Progress()  # shown from the first step on: a refused setting prints one line only
    task = None

    def progress(step, losses):
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task("training", total=args.steps)
        bar.update(task, completed=step, description=f"loss {losses['total']:.4g}")

    try:
        losses = train(config, args.out, resume=args.resume, progress=progress)
    finally:
        if task is not None:
            bar.stop()
    print(f"saved {args.out}; last losses: "
          + ", ".join(f"{name} {value:.4g}" for name, value in losses.items()))
    return 0
