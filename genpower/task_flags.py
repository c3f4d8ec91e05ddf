"""Each task's own flags for ``genpower run TASK`` (and ``export``): what they add, and the instance they make.

The oracles below the front door know nothing of argparse; this table is where a task's
command-line options live. ``FLAGS[name]`` is ``(configure, instance_from_args)``:
``configure(parser)`` adds the flags, ``instance_from_args(options)`` returns an instance
from them, or None to fall back to ``--n`` / ``--input``.
"""

from genpower.arguments import nonnegative_int, positive_int
from simulators.errors import InvalidArgumentError
from simulators.files import read_text
from simulators.validation import as_rng, check_nonnegative_int
from theory.errors import FamilyInputError
from theory.families import dyck_sampling, maxflow, sat, sudoku, tqbf

__all__ = ["FLAGS", "refuse_given", "refuse_with_official"]


def _dyck_flags(parser):
    parser.add_argument("--k", type=positive_int, default=2, help="number of letters (1-26)")


def _dyck_request(args):
    if args.input is not None:
        return None
    if args.n is None:
        raise InvalidArgumentError("genpower run dyck: give --n L (the word's length) or --input FILE")
    return dyck_sampling.Request(args.k, check_nonnegative_int(args.n, "--n"),
                                 check_nonnegative_int(args.seed, "--seed"))


def _maxflow_flags(parser):
    parser.add_argument("--nodes", type=nonnegative_int, default=None,
                        help="nodes of a generated graph (same as --n; default 8 when only --edges is given)")
    parser.add_argument("--edges", type=nonnegative_int, default=None,
                        help="edges of a generated graph (default 2 per node)")
    parser.add_argument("--graph", metavar="FILE", default=None,
                        help="read the graph from FILE: one edge 'u v' per line (default: generate one; "
                        "same as --input)")
    parser.add_argument("--source", type=nonnegative_int, default=None,
                        help="source node (default: the smallest id)")
    parser.add_argument("--target", type=nonnegative_int, default=None,
                        help="target node (default: the largest id)")
    parser.add_argument("--official", action="store_true",
                        help="the official loader's graph for --seed (10-15 nodes from the "
                        "pool 0-14, 30-50 edges drawn, none both ways)")


def refuse_given(pairs, beside, why):
    """Raise if any of ``pairs`` (flag name, value given or None) was given with ``beside``:
    two flags that say different things are refused, not resolved silently.

    Raises
    ------
    InvalidArgumentError
        Naming the first such flag, ``beside`` and ``why``.
    """
    for flag, value in pairs:
        if value is not None:
            raise InvalidArgumentError(f"{beside} takes no {flag}: {why}")


def refuse_with_official(pairs):
    """Raise if ``--official`` comes with any of ``pairs`` (flag name, value given or None).

    Raises
    ------
    InvalidArgumentError
        Naming the first such flag: the official loader chooses the graph itself.
    """
    refuse_given(pairs, "--official", "the official loader chooses the graph from --seed alone")


def _maxflow_graph(options):
    if options.official:
        refuse_with_official([("--n", options.n), ("--nodes", options.nodes),
                              ("--edges", options.edges), ("--graph", options.graph),
                              ("--input", options.input), ("--source", options.source),
                              ("--target", options.target)])
        return maxflow.official_graph(options.seed)
    if options.graph is not None:
        refuse_given([("--input", options.input)], "--graph", "both name the graph's file")
    if options.n is not None:
        refuse_given([("--nodes", options.nodes)], "--n", "both give a generated graph's nodes")
    path = options.graph or options.input
    if path is not None:
        refuse_given([("--n", options.n), ("--nodes", options.nodes), ("--edges", options.edges)],
                     "--graph" if options.graph is not None else "--input",
                     "the file gives the graph")
        text = read_text(path, "--graph" if options.graph else "--input")
        return maxflow.parse(text, source=options.source, target=options.target)
    for flag, value in (("--source", options.source), ("--target", options.target)):
        if value is not None:
            raise InvalidArgumentError(f"{flag} names a node of a graph read with --graph FILE; "
                                       "a generated graph picks its own source and target")
    nodes = options.nodes if options.nodes is not None else options.n
    if nodes is None and options.edges is None:
        return None
    return maxflow.generate(8 if nodes is None else nodes, as_rng(options.seed),
                            edges=options.edges)


def _sudoku_flags(parser):
    parser.add_argument("puzzle", nargs="?", metavar="PUZZLE",
                        help="the puzzle as 16, 81 or 256 characters ('.' or '0' for blanks)")
    parser.add_argument("--givens", type=nonnegative_int, default=None,
                        help="generate a puzzle with a unique solution and this many givens "
                        "(side --n, default 9)")
    parser.add_argument("--index", type=nonnegative_int, default=0,
                        help="which row of an official .npy file --input reads")
    parser.add_argument("--encoding", choices=["official", "extended"], default=None,
                        help="official: 15 colours as in the official data (stops past depth "
                        "15 and at a skull→branch; genpower export writes those); extended: "
                        "one colour per depth (default: extended; another name for --machine)")


def _sudoku_puzzle(options):
    if options.encoding is not None:
        if options.machine not in (None, options.encoding):
            raise InvalidArgumentError(f"--encoding {options.encoding} and --machine "
                                       f"{options.machine} disagree; they are one option: "
                                       "give one")
        options.machine = options.encoding
    given = options.puzzle is not None or options.input is not None
    if options.puzzle is not None:
        refuse_given([("--input", options.input)], "PUZZLE", "give the puzzle once")
    if given:
        refuse_given([("--givens", options.givens), ("--n", options.n)],
                     "PUZZLE" if options.puzzle is not None else "--input",
                     "--givens and --n make a puzzle; this one is given")
    if options.puzzle is not None:
        return sudoku.parse(options.puzzle)
    if options.input is not None and options.input.endswith(".npy"):
        puzzles = sudoku.load_official(options.input)
        if options.index >= len(puzzles):
            raise FamilyInputError(f"--index {options.index} is past the last row "
                                   f"({len(puzzles) - 1}) of {options.input}")
        return puzzles[options.index]
    if options.givens is not None:
        return sudoku.generate(9 if options.n is None else options.n, options.seed,
                               givens=options.givens)
    return None


def _search_flags(parser):
    parser.add_argument("--vars", type=nonnegative_int, default=None,
                        help="variables of a generated formula, like --n (default: none; "
                        "give --vars, --n or --input)")
    parser.add_argument("--clauses", type=nonnegative_int, default=None,
                        help="clauses of a generated formula (default: the family's ratio "
                        "times the variables)")


def _formula(family):
    """Return ``instance_from_args`` for a family: a formula from ``--vars``/``--clauses``."""
    def instance_from_args(args):
        if args.vars is None:
            if args.clauses is not None and args.n is None:
                raise InvalidArgumentError("--clauses needs --vars (or --n)")
            if args.n is None or args.clauses is None:
                return None
            args.vars = args.n
        elif args.n is not None or args.input is not None:
            raise InvalidArgumentError("give one of --vars, --n and --input")
        n = check_nonnegative_int(args.vars, "--vars")
        clauses = None if args.clauses is None else check_nonnegative_int(args.clauses, "--clauses")
        return family.generate(n, as_rng(check_nonnegative_int(args.seed, "--seed")), clauses=clauses)
    return instance_from_args


FLAGS = {
    "dyck": (_dyck_flags, _dyck_request),
    "maxflow": (_maxflow_flags, _maxflow_graph),
    "sudoku": (_sudoku_flags, _sudoku_puzzle),
    "sat": (_search_flags, _formula(sat)),
    "tqbf": (_search_flags, _formula(tqbf)),
}
"""Task name -> ``(configure, instance_from_args)``; a task not listed has only the common flags."""
