"""One exit status per situation, whichever command: a run cut short by a limit exits 3, an
answer the reference cannot check is reported unchecked, a row not measured says so."""

import json

import pytest

from genpower.cli import main

CUT_SHORT = [
    ["run", "parity", "--n", "64", "--max-steps", "1"],
    ["run", "parity", "--n", "64", "--machine", "mdm", "--max-steps", "1"],
    ["tm", "1RB1LB_1LA1RZ", "--max-steps", "3"],
    ["tm", "0RB0RB_0LA0LA", "--max-steps", "50", "--macro", "2"],
    ["tm", "1RA1RA", "--max-tape", "5"],
    ["tm", "0RB0RB_0LA0LA", "--max-steps", "3", "--via", "lag"],
    ["tag", "--cyclic", "011,10", "--word", "1", "--max-steps", "2"],
    ["tag", "--cyclic", "111,11", "--word", "1", "--max-length", "4"],
    ["lag", "examples/rules.txt", "--word", "abb", "--max-steps", "1"],
    ["pram", "tree_sum", "--n", "16", "--max-steps", "1"],
    ["compile", "pram-to-mdm", "tree_sum", "--n", "8", "--max-steps", "1"],
]


@pytest.mark.parametrize("argv", CUT_SHORT, ids=lambda argv: " ".join(argv[:3]))
def test_a_run_cut_short_by_a_limit_exits_3_from_every_command(argv, capsys, monkeypatch):
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).parents[2])
    assert main(argv + ["--json"]) == 3
    record = json.loads(capsys.readouterr().out)
    stopped = record.get("stopped_by") or record["target"]["stopped_by"]
    assert stopped in ("max_steps", "max_context", "max_tape")


def test_a_cut_mdm_parity_run_shows_no_answer(capsys):
    assert main(["run", "parity", "--n", "1000", "--machine", "mdm", "--max-steps", "2"]) == 3
    first = capsys.readouterr().out.splitlines()[0]
    assert "no answer" in first and "-1" not in first


def test_an_unsatisfiable_formula_past_the_reference_solver_is_reported_unchecked(tmp_path,
                                                                                  capsys):
    path = tmp_path / "thirty.cnf"
    path.write_text("p cnf 30 2\n1 0\n-1 0\n")
    assert main(["run", "sat", "--input", str(path), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["answer"]["satisfiable"] is False and record["correct"] is None
    assert main(["run", "sat", "--input", str(path)]) == 0
    assert "unchecked" in capsys.readouterr().out


def test_a_bench_row_that_was_not_measured_prints_skipped(capsys, monkeypatch):
    from genpower.benchmarks import BenchRow, classical

    monkeypatch.setattr(classical, "run", lambda quick: [
        BenchRow("tm vs automata-lib DTM", None, "x", goal=">= 1000x", met=None,
                 detail="automata-lib is not installed")])
    assert main(["bench", "--only", "classical"]) == 0
    out = capsys.readouterr().out
    assert "skipped" in out and "0 x" not in out
    assert main(["bench", "--only", "classical", "--markdown"]) == 0
    assert "| skipped |" in capsys.readouterr().out
