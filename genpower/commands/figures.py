"""Draw the theory figures from fresh measurements: PNG, SVG and the CSV behind each.

Figures: 1 steps vs n (MDM vs one token per step, T1); 2 context vs n (MDM vs AP-MDM,
T1 vs T4); 3 serial time at context S (T2 vs T4); 4 MDM vs Masked-ARM (T3); 5 two-sided
Dyck support (T5); 6 parity on three machines; 7 Sudoku, max-flow and edit logs (T6);
8 the class lattice. A figure whose data does not exist yet is listed and skipped.
Examples:

  genpower figures --out figures --quick
  genpower figures --only 6 8
"""

from genpower.arguments import check_writable_dir
from genpower.figures import FIGURES, figure_numbers

HELP = "draw the theory figures (PNG, SVG and CSV) from fresh measurements"
ORDER = 6
MANY_RUNS = True  # Ctrl-C ends the whole command (simulators.interrupts.run_stoppably)


def configure(parser):
    parser.add_argument("--out", metavar="DIR", default="figures",
                        help="directory to write into (default: figures)")
    parser.add_argument("--quick", action="store_true", help="smaller sweeps (seconds each)")
    parser.add_argument("--only", nargs="+", type=int, choices=figure_numbers(), metavar="N",
                        default=None, help="figure numbers (default: all)")


def main(args):
    from genpower.figures import write_figure

    check_writable_dir(args.out, "--out")
    for number in args.only or figure_numbers():
        title, _ = FIGURES[number]
        paths = write_figure(number, args.out, args.quick)
        where = "not available yet (its measurement has not landed)" if paths is None else \
            ", ".join(str(path) for path in paths)
        print(f"figure {number} ({title}): {where}")
    return 0
