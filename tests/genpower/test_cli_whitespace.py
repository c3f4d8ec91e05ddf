"""Bit files and bit strings read the same on every command: ASCII white space is ignored."""

import json

import pytest

from genpower.cli import main

SPACED = "1 0\t1\r\n1\v0\f0 1\n"
PLAIN = "1011001"


def run_json(capsys, argv, status=0):
    assert main(argv) == status
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("command", [["run", "parity"], ["pram", "parity"]])
def test_a_spaced_bit_file_reads_as_the_plain_one(capsys, tmp_path, command):
    spaced, plain = tmp_path / "spaced.txt", tmp_path / "plain.txt"
    spaced.write_text(SPACED, newline="")
    plain.write_text(PLAIN)
    first = run_json(capsys, command + ["--input", str(spaced), "--json"])
    second = run_json(capsys, command + ["--input", str(plain), "--json"])
    assert first == second and (first.get("answer", first.get("output"))) in (0, [0])


@pytest.mark.parametrize("command", [["run", "parity"], ["pram", "parity"]])
def test_other_white_space_in_a_bit_file_is_refused_by_both(capsys, tmp_path, command):
    path = tmp_path / "nbsp.txt"
    path.write_text("10\u00a011")
    assert main(command + ["--input", str(path)]) == 2
    assert "'\\xa0'" in capsys.readouterr().err


def test_cyclic_tag_appendants_ignore_white_space_inline_and_in_files(capsys, tmp_path):
    path = tmp_path / "appendants.txt"
    path.write_text("0 1 1\n1\t0\r\n")
    runs = [run_json(capsys, ["tag", "--cyclic", source, "--word", "1", "--max-steps", "4",
                              "--json"], status=3)
            for source in ("011,10", " 0 11 ,1 0", str(path))]
    assert runs[0] == runs[1] == runs[2] and runs[0]["steps"] == 4
