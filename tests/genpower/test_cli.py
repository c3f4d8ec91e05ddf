"""The genpower command line: help, version, `run parity`, and one-line errors with exit status 2."""

import json
import subprocess
import sys

import pytest

from genpower.cli import main

RESOURCE_KEYS = {"steps", "peak_context", "final_context", "tokens_written", "unmasks", "remasks",
                 "inserts", "deletes", "max_parallel", "serial_cost"}


def test_help_lists_every_command_with_one_line(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "bench"):
        assert f"    {command} " in out


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("genpower ")


@pytest.mark.parametrize("machine", ["apmdm", "mdm", "arm"])
def test_run_parity_json_has_answer_correctness_and_resources(machine, tmp_path, capsys):
    bits = tmp_path / "bits.txt"
    bits.write_text("1101001\n")
    assert main(["run", "parity", "--input", str(bits), "--machine", machine, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert {"answer", "correct", "stopped_by"} | RESOURCE_KEYS <= set(record)
    assert record["answer"] == 0 and record["correct"] is True


def test_run_parity_text_output(capsys):
    assert main(["run", "parity", "--n", "50", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "(correct)" in out and "peak_context" in out


def test_malformed_input_is_one_line_and_exit_2(tmp_path):
    bits = tmp_path / "bits.txt"
    bits.write_text("0110x1")
    done = subprocess.run([sys.executable, "-m", "genpower", "run", "parity", "--input", str(bits)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "'x' at byte offset 4" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_input_file_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["run", "parity", "--input", str(tmp_path / "absent.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_a_run_cut_short_by_a_limit_has_no_verdict(capsys):
    assert main(["run", "parity", "--n", "1000", "--max-steps", "10", "--json"]) == 3
    record = json.loads(capsys.readouterr().out)
    assert record["correct"] is None and record["stopped_by"] == "max_steps"


def test_ctrl_c_during_a_run_prints_the_partial_run_and_exits_130(monkeypatch, capsys):
    import os
    import signal

    from simulators import jit

    from dataclasses import replace

    from proofs.oracles import parity as oracle
    at = len(oracle.arm_prompt([0] * 100)) + 40  # the sequence's length after 40 steps

    def press_ctrl_c(x):  # a stateless policy that presses Ctrl-C once the run is long
        if len(x) == at:
            os.kill(os.getpid(), signal.SIGINT)  # the loop sees it before the next step
        return 3

    process = oracle.TASK.processes["arm"]
    monkeypatch.setitem(oracle.TASK.processes, "arm", replace(process, policy=press_ctrl_c))
    with jit.forced_interpreter():  # Python policy: same loop compiled or not
        status = main(["run", "parity", "--n", "100", "--machine", "arm", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert status == 130 and (data["stopped_by"], data["correct"]) == ("interrupted", None)
    assert data["steps"] == 41  # the step whose policy call saw Ctrl-C is applied, then it stops
    monkeypatch.undo()  # control: the same run without Ctrl-C has its verdict
    assert main(["run", "parity", "--n", "100", "--machine", "arm", "--json"]) == 0


def test_default_step_limit_is_the_process_bound_so_large_runs_get_a_verdict(capsys):
    assert main(["run", "parity", "--n", "3000", "--machine", "arm", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["correct"] is True


def test_input_dash_reads_stdin(monkeypatch, capsys):
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO("1 1\n1\n"))
    assert main(["run", "parity", "--input", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["answer"] == 1


@pytest.mark.parametrize("argv, message", [
    (["run", "parity", "--n", "3000000000"], "memory budget"),
    (["run", "parity", "--n", "5", "--max-memory", "64"], "memory budget"),
    (["run", "parity", "--n", "5", "--max-memory", "lots"], "--max-memory 'lots'"),
    (["run", "parity", "--n", "5", "--seed", "-1"], "argument --seed: expected an integer from 0"),
    (["run", "parity", "--n", "-5"], "argument --n: expected an integer from 0"),
    (["run", "parity", "--n", "5", "--max-steps", "0"], "argument --max-steps: expected an"),
    (["run", "parity"], "exactly one of --n N and --input FILE"),
    (["run", "parit", "--n", "5"], "did you mean parity"),
])
def test_run_refuses_bad_arguments_on_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_task_help_shows_its_defaults(capsys):
    with pytest.raises(SystemExit):
        main(["run", "parity", "--help"])
    out = capsys.readouterr().out
    assert "(default: apmdm)" in out and "(default: 0)" in out


def test_a_closed_pipe_ends_quietly_without_a_traceback():
    done = subprocess.run(f"{sys.executable} -m proofs run parity --n 50 | true",
                          shell=True, capture_output=True, text=True)
    assert "Traceback" not in done.stderr


def test_an_official_sudoku_run_stopped_at_a_skull_to_branch_says_why_in_full(tmp_path, capsys):
    """The stateless official process cannot follow the generator past a skull→branch: the
    run says it did not solve the puzzle and prints the whole reason (not a 'WRONG' with
    the expected grid, nor a cut-off reason)."""
    puzzle = tmp_path / "skull.txt"   # a golden puzzle (tests/data/official) with a skull→branch
    puzzle.write_text("48.3............71.2.......7.5....6....2..8...6.7.......1.76...3.....4......5....\n")
    assert main(["run", "sudoku", "--input", str(puzzle), "--encoding", "official"]) == 1
    out = capsys.readouterr().out
    assert "NOT SOLVED" in out and "WRONG" not in out
    assert "a skull→branch at row" in out and "run it with --encoding extended" in out
