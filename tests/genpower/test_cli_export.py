"""genpower export (inputs, official builders, layouts, containers) and replay's exit codes."""

import json

import pytest

from genpower.cli import main

DEEP = "2...............1..8.......895.4...6.3....1..........4...4857.9.....7..17..9....8"


def test_export_sudoku_from_an_input_file_reports_a_puzzle_without_solution(tmp_path, capsys):
    puzzles = tmp_path / "p.txt"
    puzzles.write_text(DEEP + "\n\n" + DEEP.replace(".", "0") + "\n" + ".1.34....3...214\n")
    out = tmp_path / "s.jsonl"
    assert main(["export", "sudoku", "--input", str(puzzles), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "wrote 256 samples from 2 sudoku instances" in text
    assert "left out instance 2: the puzzle has no solution" in text
    ids = [json.loads(line)["solver_metadata"]["instance_id"] for line in out.read_text().splitlines()]
    assert ids == [0] * 128 + [1] * 128
    assert main(["replay", str(out)]) == 0


@pytest.mark.parametrize("argv, message", [
    (["export", "sudoku", "--count", "1", "--input", "{p}", "--out", "x.jsonl"], "exactly one of"),
    (["export", "sudoku", "--out", "x.jsonl"], "exactly one of"),
    (["export", "parity", "--input", "{p}", "--out", "x.jsonl"], "--input is for sudoku"),
    (["export", "sudoku", "--count", "1", "--layout", "official", "--out", "x.jsonl"],
     "--layout is for parity"),
    (["export", "maxflow", "--count", "1", "--min-flow", "2", "--out", "x.jsonl"],
     "--min-flow is for maxflow --official"),
    (["export", "maxflow", "--official", "--count", "1", "--min-flow", "6", "--out", "x.jsonl"],
     "min_flow=6 is above max_flow=5"),
    (["export", "sudoku", "--input", "{bad}", "--out", "x.jsonl"], "bad.txt:2:"),
    (["export", "sudoku", "--count", "1", "--out", "x.csv"], "suffix"),
])
def test_bad_export_arguments_exit_2_with_one_line(tmp_path, capsys, argv, message):
    (tmp_path / "p.txt").write_text(DEEP + "\n")
    (tmp_path / "bad.txt").write_text(DEEP + "\n" + "12" + "\n")
    argv = [a.format(p=tmp_path / "p.txt", bad=tmp_path / "bad.txt") for a in argv]
    argv = [str(tmp_path / a) if a.startswith("x.") else a for a in argv]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def export(tmp_path, capsys, argv):
    """Run ``genpower export`` into a .jsonl; return its printout and its records."""
    out = tmp_path / "e.jsonl"
    assert main(["export", *argv, "--out", str(out)]) == 0
    return capsys.readouterr().out, [json.loads(line) for line in out.read_text().splitlines()]


def test_maxflow_official_reports_the_dropped_graphs_and_numbers_across(tmp_path, capsys):
    text, records = export(tmp_path, capsys,
                           ["maxflow", "--official", "--count", "30", "--seed", "0", "--quiet"])
    assert "wrote 1,198 samples from 28 maxflow instances" in text
    assert "left out instance 17: max flow 1 is below min_flow 3" in text
    assert "left out instance 23" in text
    assert [r["solver_metadata"]["sample_id"] for r in records] == list(range(1, 1199))


def test_maxflow_official_reaches_the_generator_scripts_defaults(tmp_path, capsys):
    out = tmp_path / "m.npz"
    assert main(["export", "maxflow", "--official", "--count", "2", "--seed", "42",
                 "--min-nodes", "10", "--max-nodes", "10", "--min-edges", "50",
                 "--max-edges", "50", "--min-flow", "1", "--max-flow", "100",
                 "--out", str(out)]) == 0
    assert "from 2 maxflow instances" in capsys.readouterr().out


def test_parity_official_layout_counts_the_steps_it_leaves_out(tmp_path, capsys):
    text, lines = export(tmp_path, capsys,
                         ["parity", "--count", "20", "--n", "7", "--layout", "official"])
    assert "steps of the lone [BOS] 0 case" in text
    assert all(len(r["x_k"]) == 3 for r in lines)
    assert [r["solver_metadata"]["sample_id"] for r in lines] == list(range(len(lines)))


def test_replay_exits_1_on_a_truncated_file_unless_partial_is_allowed(tmp_path, capsys):
    puzzles = tmp_path / "p.txt"
    puzzles.write_text(DEEP + "\n")
    out = tmp_path / "s.jsonl"
    assert main(["export", "sudoku", "--input", str(puzzles), "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    out.write_text("\n".join(lines[:52]) + "\n")
    capsys.readouterr()
    assert main(["replay", str(out)]) == 1
    text = capsys.readouterr().out
    assert "incomplete: instance 0 (samples 0-51 of the file)" in text
    assert "goes on for 76 more samples" in text
    assert main(["replay", str(out), "--allow-partial"]) == 0


def test_workers_give_the_serial_export_byte_for_byte(tmp_path, capsys):
    pytest.importorskip("dask.distributed")
    serial, parallel = tmp_path / "serial.npz", tmp_path / "parallel.npz"
    argv = ["export", "maxflow", "--official", "--count", "20", "--seed", "0", "--quiet"]
    assert main(argv + ["--out", str(serial)]) == 0
    assert main(argv + ["--workers", "2", "--out", str(parallel)]) == 0
    assert serial.read_bytes() == parallel.read_bytes()
    assert capsys.readouterr().out.count("left out instance 17") == 2
