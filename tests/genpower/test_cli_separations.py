"""genpower dyck, and genpower run dyck|sat|tqbf|edits: JSON fields, verdicts, one-line errors."""

import json

import pytest

from genpower.cli import main
from theory.families import sat, tqbf, two_sided_dyck


def _json(capsys, argv, status=0):
    assert main(argv) == status
    return json.loads(capsys.readouterr().out)


def test_dyck_support_and_window_json(capsys):
    record = _json(capsys, ["dyck", "--k", "2", "--max-len", "8", "--support", "--window", "2",
                            "--json"])
    assert record["counts"] == record["language_counts"] == {"0": 1, "2": 4, "4": 28, "6": 232,
                                                             "8": 2092}
    assert record["support_equals_language"] is True
    assert record["arm"]["coverage"]["2"] == 1 and record["arm"]["coverage"]["8"] < 1


def test_dyck_text_names_the_missed_words(capsys):
    assert main(["dyck", "--max-len", "6", "--support", "--window", "3"]) == 0
    out = capsys.readouterr().out
    assert "equals the language" in out and "misses e.g." in out


def test_run_dyck_samples_a_member(capsys):
    record = _json(capsys, ["run", "dyck", "--k", "3", "--n", "12", "--seed", "5", "--json"])
    word = two_sided_dyck.parse(record["word"])
    assert record["correct"] and len(word) == 12 and two_sided_dyck.is_member(word)


@pytest.mark.parametrize("machine", ["apmdm", "mdm"])
def test_run_sat_reports_a_checked_assignment(machine, capsys):
    record = _json(capsys, ["run", "sat", "--vars", "8", "--clauses", "20", "--seed", "1",
                            "--machine", machine, "--json"])
    cnf = sat.generate(8, 1, clauses=20)
    assert record["satisfiable"] == sat.solve(cnf)["satisfiable"] and record["correct"]
    assert record["assignment_checked"] is record["satisfiable"]
    if record["satisfiable"]:
        assert sat.satisfies(cnf, record["assignment"])


def test_run_tqbf_from_a_qdimacs_file(tmp_path, capsys):
    path = tmp_path / "f.qdimacs"
    path.write_text("c for all x there is y = not x\np cnf 2 2\na 1 0\ne 2 0\n1 2 0\n-1 -2 0\n")
    record = _json(capsys, ["run", "tqbf", "--input", str(path), "--machine", "mdm", "--json"])
    assert record["value"] is True and record["correct"]
    assert record["context_used"] > record["formula_tokens"]


def test_run_tqbf_generated(capsys):
    record = _json(capsys, ["run", "tqbf", "--vars", "9", "--seed", "4", "--json"])
    assert record["value"] == tqbf.solve(tqbf.generate(9, 4)) and record["correct"]


def test_run_edits_reports_lookback(capsys):
    arm = _json(capsys, ["run", "edits", "--n", "30", "--seed", "2", "--machine", "arm", "--json"])
    apmdm = _json(capsys, ["run", "edits", "--n", "30", "--seed", "2", "--json"])
    assert arm["correct"] and apmdm["correct"] and arm["answer"] == apmdm["answer"]
    assert arm["lookback"] > 5 * apmdm["lookback"] and apmdm["extra_context"] <= 1


@pytest.mark.parametrize("argv, message", [
    (["run", "dyck", "--n", "7"], "even length"),
    (["run", "sat", "--vars", "4", "--n", "4"], "one of --vars"),
    (["run", "sat", "--clauses", "4"], "--clauses needs --vars"),
    (["dyck", "--k", "30"], "k=30"),
    (["dyck", "--window", "0"], "--window"),
])
def test_bad_arguments_exit_2_with_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


@pytest.mark.parametrize("task, text", [
    ("sat", "p cnf 2 1\n1 3 0\n"),
    ("sat", "p cnf two 1\n"),
    ("tqbf", "p cnf 2 1\na 1 0\na 1 0\n1 0\n"),
    ("edits", "start ab\ndelete 5\n"),
])
def test_malformed_input_files_exit_2_with_one_line(task, text, tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_text(text)
    assert main(["run", task, "--input", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("genpower run: error:") and err.count("\n") == 1
