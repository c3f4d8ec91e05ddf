"""Replay a trajectory file: every transition through g, every instance complete, every step the process's.

FILE is a .jsonl, .npz or official .pkl.gz file in the official sample format (as genpower
export writes it, or the official generators). The mask id comes from the file or the
process its operation names tell, or from --mask-id. Checks, reported with the instance
and the sample (its position in the file):

- each g(x_k, labels) equals x_k_plus_1;
- each instance runs from the process's first state to its final state (a solved board,
  a finished parity, a max-flow [EOS]): a truncated trajectory is reported as
  incomplete;
- each step is the named process's (Sudoku: the official or the extended encoding;
  max-flow; parity): a lawful step that is not, say a Sudoku cell that is not the MRV
  choice, is reported as foreign.

Exit status 0 when all hold, 1 otherwise (an incomplete file is accepted with
--allow-partial), 2 for an unreadable file.
"""

from genpower.arguments import nonnegative_int

HELP = "check every transition of a trajectory file through g, and that each run is whole"
ORDER = 41

_SHOWN = 10


def configure(parser):
    parser.add_argument("file", metavar="FILE", help="a .jsonl, .npz or .pkl.gz trajectory file")
    parser.add_argument("--mask-id", type=nonnegative_int, default=None,
                        help="the mask token id (default: read from the file)")
    parser.add_argument("--allow-partial", action="store_true",
                        help="accept instances that stop before the process's final state")


def main(args):
    from proofs.trajectory_replay import replay_file

    report = replay_file(args.file, args.mask_id)
    replay = report.replay
    if not replay.ok:
        print(f"sample {replay.first_mismatch} does not replay: first difference at position "
              f"{report.position} ({replay.checked - 1:,} samples before it replay)")
        return 1
    print(f"{replay.checked:,} transitions replay exactly")
    if report.task is None:
        print("the operation names tell no known process: completeness not checked")
        return 0
    for title, lines in (("foreign", report.foreign), ("incomplete", report.incomplete)):
        for line in lines[:_SHOWN]:
            print(f"{title}: {line}")
        if len(lines) > _SHOWN:
            print(f"... and {len(lines) - _SHOWN:,} more {title} instances")
    whole = report.instances - len(report.foreign) - len(report.incomplete)
    print(f"{whole:,} of {report.instances:,} {report.task} instances run whole from the first "
          "to the final state, step for step the process's")
    if report.foreign or (report.incomplete and not args.allow_partial):
        return 1
    return 0
