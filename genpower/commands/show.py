"""Write one self-contained HTML page that animates a trajectory file, or two side by side.

FILE is a trace or export this package writes (.jsonl, .npz) or an official .pkl.gz
sample file. With two files, the runs are aligned step by step and the page opens at
their first difference (marked). The page needs no server and no network: open it in
a browser. Examples:

  genpower export sudoku --count 1 --seed 0 --out sudoku.jsonl
  genpower show sudoku.jsonl --out sudoku.html
  genpower show maxflow.jsonl --instance 3
  genpower show oracle.npz model.npz --out diff.html

Sudoku draws a board, max-flow its graph beside the token strip, anything else a token
strip. --task names the vocabulary of a file that does not hold it (a .jsonl file from
elsewhere). `genpower run TASK ... --show PAGE.html` makes the page of a run.
"""

from pathlib import Path

from genpower.arguments import nonnegative_int

HELP = "write an HTML page that animates a trajectory file (or two, at their first difference)"
ORDER = 42


def configure(parser):
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="one or two .jsonl, .npz or .pkl.gz trajectory files")
    parser.add_argument("--instance", type=nonnegative_int, default=None, metavar="K",
                        help="which instance of the file(s) (default: the first)")
    parser.add_argument("--task", choices=["sudoku", "sudoku-extended", "maxflow", "parity"],
                        default=None, help="the vocabulary, when the file does not say it "
                        "(default: read from the file or its operation names)")
    parser.add_argument("--out", metavar="PAGE.html", default=None,
                        help="the page to write (default: FILE's name with .html, here)")
    parser.add_argument("--title", default=None,
                        help="the page's title (default: the runs' names)")


def main(args):
    from genpower.show import load_trajectory, write_page
    from simulators.errors import InvalidArgumentError

    if len(args.files) > 2:
        raise InvalidArgumentError(f"a page shows one run or two; got {len(args.files)} files")
    runs = [load_trajectory(name, args.instance, task=args.task) for name in args.files]
    out = args.out or "-vs-".join(Path(name).name.split(".")[0] for name in args.files) + ".html"
    size, difference = write_page(out, runs, args.title)
    steps = " and ".join(f"{run.steps:,}" for run in runs)
    print(f"wrote {out} ({size / 1024:,.0f} kB; {steps} steps)")
    if len(runs) == 2:
        if difference is None:
            print("the two runs are identical")
        elif difference["position"] is None:
            print(f"first difference: step {difference['step']:,} (one run has ended)")
        else:
            print(f"first difference: step {difference['step']:,}, position "
                  f"{difference['position']:,}")
    return 0
