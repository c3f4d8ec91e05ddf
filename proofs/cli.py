"""The ``genpower`` command line: a thin argparse front over the library.

Every module in :mod:`proofs.commands` is one subcommand; it defines ``HELP`` (one
line), ``configure(parser)`` and ``main(args) -> int``. ``genpower --help`` lists them.

Errors that genpower raises on purpose (:class:`simulators.errors.GenpowerError`) are
printed on one line to stderr with exit status 2; anything else is a bug and keeps its
traceback.
"""

import argparse
import importlib
import pkgutil
import sys
from importlib.metadata import PackageNotFoundError, version

import proofs.commands
from simulators.errors import GenpowerError

__all__ = ["main", "build_parser"]


def _package_version():
    try:
        return version("genpower")
    except PackageNotFoundError:  # running from a checkout that was not installed
        return "unknown (not installed)"


def _command_modules():
    names = sorted(info.name for info in pkgutil.iter_modules(proofs.commands.__path__))
    modules = [importlib.import_module(f"proofs.commands.{name}") for name in names]
    return sorted(modules, key=lambda module: (getattr(module, "ORDER", 100), module.__name__))


def build_parser():
    """Return the ``genpower`` argument parser with every subcommand attached."""
    parser = argparse.ArgumentParser(
        prog="genpower",
        description="Run, compile and measure ARM, MDM and AP-MDM generation machines "
        "and the classical machines they simulate.",
    )
    parser.add_argument("--version", action="version", version=f"genpower {_package_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module in _command_modules():
        name = module.__name__.rsplit(".", 1)[1]
        sub = subparsers.add_parser(name, help=module.HELP, description=module.__doc__)
        sub.formatter_class = argparse.RawDescriptionHelpFormatter
        module.configure(sub)
        sub.set_defaults(handler=module.main)
    return parser


def main(argv=None):
    """Run ``genpower`` with ``argv`` (default: ``sys.argv[1:]``) and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except GenpowerError as error:
        print(f"genpower {args.command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
