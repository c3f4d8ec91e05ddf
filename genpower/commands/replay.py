"""Replay a trajectory file: check g(x_k, labels) == x_k_plus_1 for every sample.

FILE is a .jsonl or .npz file in the official sample format (as genpower export
writes it). The mask id comes from the file (solver_metadata or the npz's mask_id)
or from --mask-id. Prints the number of transitions checked; if one does not
replay, names the first bad sample and position and exits with status 1.
"""

from genpower.arguments import nonnegative_int

HELP = "check every transition of a trajectory file through the AP-MDM rule g"
ORDER = 41


def configure(parser):
    parser.add_argument("file", metavar="FILE", help="a .jsonl or .npz trajectory file")
    parser.add_argument("--mask-id", type=nonnegative_int, default=None,
                        help="the mask token id (default: read from the file)")


def main(args):
    from proofs.trajectories import replay_file

    report, position = replay_file(args.file, args.mask_id)
    if report.ok:
        print(f"{report.checked:,} transitions replay exactly")
        return 0
    print(f"sample {report.first_mismatch} does not replay: first difference at position "
          f"{position} ({report.checked - 1:,} samples before it replay)")
    return 1
