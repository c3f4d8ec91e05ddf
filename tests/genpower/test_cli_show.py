"""genpower show and genpower run --show: pages from files and runs, one-line errors with exit 2."""

import json

import pytest

from genpower.cli import main


def _export(tmp_path, task, suffix=".jsonl", count=2, seed=0):
    path = tmp_path / f"{task}-{seed}{suffix}"
    size = {"sudoku": "4", "parity": "10", "maxflow": "8"}[task]
    assert main(["export", task, "--count", str(count), "--n", size, "--seed", str(seed),
                 "--out", str(path)]) == 0
    return path


@pytest.mark.parametrize("task, suffix", [("sudoku", ".jsonl"), ("parity", ".npz"),
                                          ("maxflow", ".jsonl")])
def test_show_writes_a_page_of_an_export(tmp_path, capsys, task, suffix):
    export = _export(tmp_path, task, suffix)
    capsys.readouterr()
    page = tmp_path / "page.html"
    assert main(["show", str(export), "--instance", "1", "--out", str(page)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"wrote {page} (") and "steps)" in out
    text = page.read_text()
    assert text.startswith("<!doctype html>") and '"instance":1' in text


def test_show_two_files_names_their_first_difference(tmp_path, capsys):
    first, second = _export(tmp_path, "parity", seed=0), _export(tmp_path, "parity", seed=5)
    capsys.readouterr()
    page = tmp_path / "two.html"
    assert main(["show", str(first), str(second), "--out", str(page)]) == 0
    out = capsys.readouterr().out
    assert "first difference: step 0, position" in out
    assert main(["show", str(first), str(first), "--out", str(page)]) == 0
    assert "the two runs are identical" in capsys.readouterr().out


def test_run_show_writes_the_page_of_the_run(tmp_path, capsys):
    page = tmp_path / "run.html"
    assert main(["run", "maxflow", "--n", "8", "--seed", "3", "--json", "--show",
                 str(page)]) == 0
    captured = capsys.readouterr()
    record = json.loads(captured.out)  # the JSON output stays one object
    assert f"wrote {page}" in captured.err
    text = page.read_text()
    assert '"task":"maxflow"' in text and f'"steps":{record["steps"]}' in text


@pytest.mark.parametrize("arguments, message", [
    (["show", "missing.jsonl"], "no such file"),
    (["show", "a.jsonl", "b.jsonl", "c.jsonl"], "one run or two; got 3 files"),
    (["show", "EXPORT", "--instance", "9"], "instance 9 is not in"),
    (["show", "EXPORT", "--out", "/nonexistent/dir/page.html"], "cannot write"),
])
def test_show_bad_input_is_one_line_and_exit_2(tmp_path, capsys, arguments, message):
    export = _export(tmp_path, "parity")
    capsys.readouterr()
    arguments = [str(export) if a == "EXPORT" else a for a in arguments]
    assert main(arguments) == 2
    err = capsys.readouterr().err
    assert err.startswith("genpower show: error:") and message in err
    assert len(err.strip().splitlines()) == 1
