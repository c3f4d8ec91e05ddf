"""The ``genpower`` command line: a thin argparse front over the library.

Every module in :mod:`genpower.commands` is one subcommand; it defines ``HELP`` (one
line), ``configure(parser)`` and ``main(args) -> int``, and ``MANY_RUNS = True`` if it
does many runs (it then runs in a helper thread, so that Ctrl-C ends all of them:
:func:`simulators.interrupts.run_stoppably`). ``genpower --help`` lists them.

Exit status, one rule for every command (:func:`genpower.arguments.exit_status`):

  0    done: the run halted by its own rule (and its answer, if checked, is right)
  1    a checked answer is wrong, or a claim that should hold fails
  2    bad input: one line on stderr, nothing run (a bad flag, file or value; an output
       that cannot be written is refused before the work)
  3    a limit cut the run short (stopped_by max_steps, max_context or max_tape: run,
       tm, tag, lag, pram, compile); the partial result is printed
  130  Ctrl-C: the command stops within about a second and prints what it has

Errors that genpower raises on purpose (:class:`simulators.errors.GenpowerError`, and
a family's :class:`theory.errors.FamilyInputError`) are printed on one line to stderr
with exit status 2; anything else is a bug and keeps its traceback. Ctrl-C ends a
command with one line and exit status 130 (commands that can print a partial result
catch it first and do so).
"""

import argparse
import os
import importlib
import pkgutil
import re
import sys
from importlib.metadata import PackageNotFoundError, version

import genpower.commands
from genpower.arguments import (EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, HelpFormatter, OneLineParser,
                                UsageError, add_memory_flag, apply_memory_flag)
from simulators.interrupts import run_stoppably
from simulators.errors import GenpowerError, InvalidArgumentError
from theory.errors import FamilyInputError

__all__ = ["main", "build_parser"]

def _package_version():
    try:
        return version("genpower")
    except PackageNotFoundError:  # running from a checkout that was not installed
        return "unknown (not installed)"


def _command_modules(only=None):
    names = sorted(info.name for info in pkgutil.iter_modules(genpower.commands.__path__)
                   if not info.name.startswith("_"))
    if only in names:  # importing every command costs a tenth of a second: one will do
        names = [only]
    modules = [importlib.import_module(f"genpower.commands.{name}") for name in names]
    return sorted(modules, key=lambda module: (getattr(module, "ORDER", 100), module.__name__))


def build_parser(command=None):
    """Return the ``genpower`` argument parser with every subcommand attached (only
    ``command``'s when that names one: all a command line naming it needs)."""
    parser = OneLineParser(
        prog="genpower",
        description="Run, compile and measure ARM, MDM and AP-MDM generation machines "
        "and the classical machines they simulate.",
    )
    parser.add_argument("--version", action="version", version=f"genpower {_package_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module in _command_modules(command):
        name = module.__name__.rsplit(".", 1)[1]
        sub = subparsers.add_parser(name, help=module.HELP, description=module.__doc__,
                                    formatter_class=HelpFormatter)
        module.configure(sub)
        if module.__name__ != "genpower.commands.run":  # run adds it to each task's parser
            add_memory_flag(sub)
        sub.set_defaults(handler=module.main, many_runs=getattr(module, "MANY_RUNS", False))
    return parser


def main(argv=None):
    """Run ``genpower`` with ``argv`` (default: ``sys.argv[1:]``) and return its exit status."""
    try:
        return _main(sys.argv[1:] if argv is None else list(argv))
    except KeyboardInterrupt:  # while a command's modules load, before it began
        print("genpower: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _main(argv):
    parser = build_parser(argv[0] if argv else None)
    try:
        args, unknown = parser.parse_known_args(argv)
        if args.command is None:
            if unknown:
                parser.error(f"unrecognized arguments: {' '.join(unknown)}")
            parser.print_help()
            return 2
        if unknown:  # report it as the command's error, not genpower's
            _subparser(parser, args.command).error(
                f"unrecognized arguments: {' '.join(unknown)}")
    except UsageError as error:
        print(f"{error.prog}: error: {_one_line(error)}{_dash_hint(parser, argv)}",
              file=sys.stderr)
        return 2
    try:
        apply_memory_flag(args)
        # Ctrl-C must end the command, not one of its runs; with --workers the runs are in
        # worker processes, this thread only waits, and Ctrl-C reaches it as it is
        if args.many_runs and getattr(args, "workers", None) is None:
            return run_stoppably(lambda: args.handler(args))
        return args.handler(args)
    except UsageError as error:  # from a parser a command builds itself (run TASK)
        print(f"{error.prog}: error: {_one_line(error)}", file=sys.stderr)
        return 2
    except (GenpowerError, FamilyInputError) as error:
        print(f"genpower {args.command}: error: {_one_line(error)}", file=sys.stderr)
        return 2
    except MemoryError:  # an allocation no estimate foresaw: still one line, not a traceback
        print(f"genpower {args.command}: error: out of memory; make the input smaller or "
              "lower the limits (--max-memory sets the budget genpower checks)",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"genpower {args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`genpower ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _subparser(parser, command):
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices[command]


def _dash_hint(parser, argv):
    """A hint for a value that starts with '-' and is no option (a Turing machine such as
    ``---_1LA...``): argparse reads it as an unknown option, and it must follow ``--``."""
    command = argv[0] if argv else None
    try:
        options = _subparser(parser, command)._option_string_actions
    except (KeyError, StopIteration):
        return ""
    for word in argv[1:]:
        if word == "--":
            return ""
        name = word.split("=", 1)[0]
        looks_like_option = re.fullmatch(r"--?[A-Za-z][\w-]*", name) is not None
        if word.startswith("-") and len(word) > 1 and not looks_like_option and not any(
                option.startswith(name) for option in options):
            rest = [w for w in argv[1:] if w != word]
            return (f"; {word!r} starts with '-' but is no option: put it after '--', as in "
                    f"genpower {command} {' '.join(rest + ['--', word])}")
    return ""


def _one_line(error):
    return " ".join(str(error).split()) or type(error).__name__


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
