"""The README's Python example and its tour of the command line run as written, and its set-up
commands are the ones CI uses."""

import re
import shlex
from pathlib import Path

import pytest

from genpower.cli import main

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()


def test_python_examples_run(tmp_path, monkeypatch):
    """Every Python block runs; the property tests a block defines run and pass too."""
    monkeypatch.chdir(tmp_path)
    tests_run = 0
    for block in re.findall(r"```python\n(.*?)```", README, re.S):
        namespace = {}
        exec(compile(block, "README.md", "exec"), namespace)
        for name, value in namespace.items():
            if name.startswith("test_") and callable(value):
                value()
                tests_run += 1
    assert (tmp_path / "trace.jsonl").read_text().count("\n") == 4
    assert tests_run >= 1


def test_ci_runs_the_readme_test_command():
    command = next(line.strip() for line in README.splitlines() if "pytest" in line and "pip" in line)
    assert command in (ROOT / ".ci" / "run").read_text()


def tour_commands():
    """The command lines of the README's tour, comments removed, without 'genpower'."""
    section = README.split("## A tour of the command line", 1)[1].split("\n## ", 1)[0]
    lines = [line.strip() for line in section.splitlines() if line.startswith("    genpower")]
    return [shlex.split(line, comments=True)[1:] for line in lines]


def test_the_tour_lists_commands():
    commands = tour_commands()
    assert len(commands) >= 8 and ["--help"] in commands


@pytest.mark.parametrize("argv", tour_commands(), ids=lambda argv: " ".join(argv)[:60])
def test_every_tour_command_runs_as_written_from_the_repository_root(argv, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    try:
        status = main(argv)
    except SystemExit as stop:  # --help
        status = stop.code
    out, err = capsys.readouterr()
    assert status == 0, (argv, err)
    assert out and err == ""


def test_the_tour_check_fails_on_a_missing_input_file(monkeypatch, capsys):
    """Negative control: the tour as it was (input files the user did not have) fails."""
    monkeypatch.chdir(ROOT)
    assert main(["tag", "collatz.json", "--word", "aaa"]) == 2


def test_user_docs_carry_no_source_markup():
    for mark in (":mod:", ":func:", ":class:", "PAPER.md"):
        assert mark not in README, mark
