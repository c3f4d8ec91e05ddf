"""The parser class and argument types of the command line: one-line errors, every default shown."""

import argparse
import os
import tempfile

from simulators.errors import InvalidArgumentError
from simulators.stops import LIMIT_REASONS
from simulators.validation import memory_budget, set_memory_budget

__all__ = ["OneLineParser", "UsageError", "HelpFormatter", "positive_int", "nonnegative_int",
           "INT64_MAX", "EXIT_INTERRUPTED", "EXIT_BROKEN_PIPE", "EXIT_LIMIT", "exit_status",
           "parse_size", "add_memory_flag", "apply_memory_flag", "check_writable_file",
           "check_writable_dir"]

INT64_MAX = (1 << 63) - 1
"""The largest count a flag takes: engines count steps and cells in 64-bit integers."""


class UsageError(InvalidArgumentError):
    """The command line itself is wrong: an unknown flag, a missing argument, a value of
    the wrong form. ``prog`` is the command it belongs to (``genpower run parity``)."""

    def __init__(self, message, prog):
        super().__init__(message)
        self.prog = prog


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors raise :class:`UsageError` instead of exiting.

    argparse prints the usage block and exits; here the error pointing to ``--help`` is
    raised, and the command line prints it on one line with exit status 2, like every
    other error genpower reports.
    """

    def error(self, message):
        raise UsageError(f"{message} (see {self.prog} --help)", self.prog)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keep a command's description as written and show every option's default.

    An option whose help already speaks of its default, or whose default is None or
    False (a flag that is off), is left as it is.
    """

    def _get_help_string(self, action):
        text = action.help or ""
        hidden = action.default is None or action.default is False or \
            action.default == argparse.SUPPRESS
        if not hidden and "default" not in text:
            text += " (default: %(default)s)"
        return text


def _integer(text, low):
    try:
        value = int(text)
    except (TypeError, ValueError):
        value = None
    if value is None or not low <= value <= INT64_MAX:
        raise argparse.ArgumentTypeError(f"expected an integer from {low} to 2**63-1, got "
                                         f"{text!r}")
    return value


def positive_int(text):
    """An argparse type: an integer from 1 to 2**63-1.

    Examples
    --------
    >>> positive_int("12")
    12
    >>> positive_int("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected an integer from 1 to 2**63-1, got '0'
    """
    return _integer(text, 1)


def nonnegative_int(text):
    """An argparse type: an integer from 0 to 2**63-1.

    Examples
    --------
    >>> nonnegative_int("0")
    0
    """
    return _integer(text, 0)


EXIT_INTERRUPTED = 130
EXIT_LIMIT = 3
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports a command killed by a closed pipe


def exit_status(stopped_by, correct=None):
    """The exit status of a run that stopped by ``stopped_by``: one rule for every command.

    130 if interrupted (Ctrl-C); 3 if a limit cut it short (``max_steps``,
    ``max_context``, ``max_tape``: :data:`simulators.stops.LIMIT_REASONS`); otherwise 1
    when ``correct`` is False (a wrong answer) and 0.

    Examples
    --------
    >>> exit_status("halted"), exit_status("max_steps"), exit_status("interrupted")
    (0, 3, 130)
    >>> exit_status("halted", correct=False)
    1
    """
    if stopped_by == "interrupted":
        return EXIT_INTERRUPTED
    if stopped_by in LIMIT_REASONS:
        return EXIT_LIMIT
    return 1 if correct is False else 0


def check_writable_file(path, flag):
    """Refuse now, before any work, an output file that cannot be written.

    The file is opened for appending (and removed again if that created it), so the
    answer is the file system's own, whoever runs it. ``-`` (standard output) passes.

    Raises
    ------
    InvalidArgumentError
        Naming ``flag``, the path and the reason (no such directory, a directory, ...).
    """
    if path == "-":
        return
    existed = os.path.lexists(path)
    try:
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as error:
        raise InvalidArgumentError(f"{flag} {path}: cannot write there "
                                   f"({error.strerror or error})") from None
    if not existed:
        os.remove(path)


def check_writable_dir(path, flag):
    """Make directory ``path`` if needed and refuse it now if a file cannot be written in it.

    Raises
    ------
    InvalidArgumentError
        Naming ``flag``, the path and the reason.
    """
    try:
        os.makedirs(path, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as error:
        raise InvalidArgumentError(f"{flag} {path}: cannot write there "
                                   f"({error.strerror or error})") from None
_SIZE_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def parse_size(text):
    """Read a byte count such as ``8G``, ``512M`` or ``1000000`` (units are powers of 1024).

    Raises
    ------
    InvalidArgumentError
        If ``text`` is not a positive number with an optional unit K, M, G or T.

    Examples
    --------
    >>> parse_size("8G"), parse_size("1500")
    (8589934592, 1500)
    """
    raw = str(text).strip().lower().removesuffix("b")
    unit = raw[-1:] if raw[-1:] in _SIZE_UNITS else ""
    try:
        value = float(raw[: len(raw) - len(unit)])
    except ValueError:
        value = -1.0
    if not value * _SIZE_UNITS[unit] >= 1 or value * _SIZE_UNITS[unit] > 1 << 62:
        raise InvalidArgumentError(f"--max-memory {text!r}: expected a positive size such as "
                                   "8G, 512M or 1000000 (bytes)")
    return int(value * _SIZE_UNITS[unit])


def add_memory_flag(parser):
    """Add ``--max-memory SIZE`` to ``parser``."""
    parser.add_argument("--max-memory", metavar="SIZE", default=None,
                        help=f"refuse a run that would need more memory than SIZE, e.g. 8G "
                        f"(default: half of this machine's memory, {memory_budget() >> 20:,} MiB)")


def apply_memory_flag(args):
    """Set the memory budget from ``args.max_memory`` when it was given."""
    if getattr(args, "max_memory", None) is not None:
        set_memory_budget(parse_size(args.max_memory))
