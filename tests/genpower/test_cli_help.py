"""Every command's --help is plain text: one usage block, no source markup, every default."""

import argparse

import pytest

from genpower.cli import build_parser, main
from genpower.commands.run import task_parser
from proofs.tasks import get_task, task_names

MARKUP = ("``", ":mod:", ":func:", ":class:", ":meth:", "PAPER.md", "Usage::")
SOURCES = ("--n", "--input")  # an instance comes from exactly one of them: no default


def subparsers():
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def every_help():
    """(argv, parser) for genpower, each command and each task of genpower run."""
    rows = [([], build_parser())]
    rows += [([name], parser) for name, parser in subparsers().items()]
    rows += [(["run", name], task_parser(get_task(name))) for name in task_names()]
    return rows


def help_text(capsys, argv):
    with pytest.raises(SystemExit) as stop:
        main(argv + ["--help"])
    assert stop.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("argv, parser", every_help(),
                         ids=[" ".join(row[0]) or "genpower" for row in every_help()])
def test_help_is_one_usage_block_without_markup(capsys, argv, parser):
    text = help_text(capsys, argv)
    assert text.count("usage:") == 1, text
    assert markup_in(text) == [], text


def markup_in(text):
    """Source-code markup and references to internal files found in ``text``."""
    return [mark for mark in MARKUP if mark in text]


def test_the_markup_check_catches_reference_markup():
    """Negative control: the docstring style that used to reach --help is caught."""
    assert markup_in("Every module of :mod:`genpower.benchmarks`; ``--only NAME``") == [
        "``", ":mod:"]


def missing_defaults(parser, text):
    """Options of ``parser`` whose help in ``text`` does not state their default (flags,
    required options and the instance sources aside)."""
    text = " ".join(text.split())
    formatter = parser._get_formatter()
    missing = []
    for action in parser._actions:
        if (not action.option_strings or action.required or action.help == argparse.SUPPRESS
                or action.option_strings[0] in SOURCES
                or isinstance(action, (argparse._HelpAction, argparse._VersionAction,
                                       argparse._StoreTrueAction))):
            continue
        shown = " ".join(formatter._expand_help(action).split()) if action.help else ""
        if "default" not in shown or shown not in text:
            missing.append(action.option_strings[0])
    return missing


@pytest.mark.parametrize("argv, parser", every_help(),
                         ids=[" ".join(row[0]) or "genpower" for row in every_help()])
def test_help_shows_every_default(capsys, argv, parser):
    assert missing_defaults(parser, help_text(capsys, argv)) == []


def test_the_default_check_catches_a_missing_default():
    """Negative control: argparse's own formatter leaves a default unsaid, and is caught."""
    parser = argparse.ArgumentParser(prog="demo")
    parser.add_argument("--size", type=int, default=7, help="how big")
    parser.add_argument("--name", help="who (default: nobody)")
    assert missing_defaults(parser, parser.format_help()) == ["--size"]
