"""The README's Python example and its tour of the command line run as written, and its set-up
commands are the ones CI uses."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from genpower.cli import main

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()


def python_blocks():
    """The README's Python blocks: (examples to run, blocks that define tests)."""
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    tests = [block for block in blocks if re.search(r"^def test_", block, re.M)]
    return [block for block in blocks if block not in tests], tests


def test_python_examples_run(tmp_path, monkeypatch):
    """Every Python block that defines no test runs as written."""
    monkeypatch.chdir(tmp_path)
    examples, _ = python_blocks()
    for block in examples:
        exec(compile(block, "README.md", "exec"), {})
    assert (tmp_path / "trace.jsonl").read_text().count("\n") == 4


def user_pytest(tmp_path, block):
    """Run ``block`` as a user's own test file: a fresh pytest in an empty directory, so
    neither this suite's conftest (its hypothesis profiles) nor its settings apply."""
    (tmp_path / "test_my_policy.py").write_text(block)
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("HYPOTHESIS", "PYTEST"))}
    environment["PYTHONPATH"] = str(ROOT)  # the package, as if installed
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "test_my_policy.py"], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=600)


def test_the_policy_tests_pass_in_a_users_own_test_file(tmp_path):
    _, tests = python_blocks()
    assert tests, "the README shows how to test a policy"
    for block in tests:
        done = user_pytest(tmp_path, block)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
        assert re.search(r"\b\d+ passed", done.stdout), done.stdout


def test_a_users_failing_policy_test_fails(tmp_path):
    """Negative control: the same file with a wrong claim fails as the user would see it."""
    _, tests = python_blocks()
    wrong = tests[0].replace("masks.bit_length()", "masks.bit_length() + 1")
    assert wrong != tests[0]
    assert user_pytest(tmp_path, wrong).returncode == 1


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
