"""The genpower command line: help, version, `run parity`, and one-line errors with exit status 2."""

import json
import subprocess
import sys

import pytest

from proofs.cli import main

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
    done = subprocess.run([sys.executable, "-m", "proofs", "run", "parity", "--input", str(bits)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "'x' at byte offset 4" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_input_file_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["run", "parity", "--input", str(tmp_path / "absent.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err
