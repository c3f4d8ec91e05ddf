"""`genpower depth`: depth and width per n, JSON rows, close matches for an unknown policy."""

import json
import subprocess
import sys

from genpower.cli import main


def test_depth_prints_one_row_per_size_and_says_the_depth_is_constant(capsys):
    assert main(["depth", "pointer-jumping", "--n", "16", "64", "256", "1024"]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert [row[:3] for row in rows] == [[n, "3", "13"] for n in ("16", "64", "256", "1024")]
    assert "depth constant across n" in out


def test_depth_json_is_a_list_of_rows(capsys):
    assert main(["depth", "prefix-sum-doubling", "--n", "16", "1024", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(row["policy"], row["n"], row["depth"]) for row in rows] == [
        ("prefix-sum-doubling", 16, 5), ("prefix-sum-doubling", 1024, 11)]
    assert all(isinstance(row["width"], int) for row in rows)


def test_depth_says_when_depth_grows(capsys):
    assert main(["depth", "prefix-sum-doubling", "--n", "4", "64"]) == 0
    assert "depth GROWS across n" in capsys.readouterr().out


def test_depth_check_compares_with_the_oracle(capsys):
    assert main(["depth", "dyck-insertion", "--n", "3", "7", "--check", "--json"]) == 0
    assert [row["agrees"] for row in json.loads(capsys.readouterr().out)] == [True, True]


def test_depth_without_a_policy_lists_them(capsys):
    assert main(["depth"]) == 0
    assert "parity-elimination" in capsys.readouterr().out


def test_unknown_policy_is_one_line_with_close_matches_and_exit_2():
    done = subprocess.run([sys.executable, "-m", "genpower", "depth", "memory-lookp"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "did you mean memory-lookup" in done.stderr


def test_depth_graph_prints_every_stream_with_its_layer(capsys):
    assert main(["depth", "parity-elimination", "--n", "8", "--graph"]) == 0
    out = capsys.readouterr().out
    assert "layer 1  aggregate  x[1] [max]" in out and "outputs: act = act" in out
