"""genpower run sudoku, export and replay from the command line."""

import json

import numpy as np

from genpower.cli import main
from theory.families import sudoku

INKALA = sudoku.HARD_PUZZLES[1]


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def test_run_sudoku_json_has_solution_counts_and_resources(capsys):
    assert main(["run", "sudoku", INKALA, "--json"]) == 0
    record = _json(capsys)
    assert record["solved"] and record["correct"]
    assert sudoku.verify(sudoku.parse(INKALA), record["solution"])
    assert record["transitions"] == record["steps"] == 2 * sum(record["operations"].values())
    assert record["operations"]["backtrack"] == record["operations"]["contradiction"] > 0
    assert record["peak_context"] == 324 and record["inserts"] == record["deletes"] == 0


def test_both_encodings_give_the_same_counts(capsys):
    puzzle = sudoku.HARD_PUZZLES[0]
    main(["run", "sudoku", puzzle, "--json"])
    official = _json(capsys)
    main(["run", "sudoku", puzzle, "--encoding", "extended", "--json"])
    extended = _json(capsys)
    assert official["operations"] == extended["operations"]
    assert official["solution"] == extended["solution"]


def test_unsolvable_sudoku_is_solved_false_with_a_reason(capsys):
    assert main(["run", "sudoku", "...3.2......3..2", "--json"]) == 0
    record = _json(capsys)
    assert record["solved"] is False and record["answer"] is None
    assert "no solution" in record["reason"]


def test_generated_and_npy_inputs(tmp_path, capsys):
    assert main(["run", "sudoku", "--givens", "7", "--n", "4", "--seed", "2", "--json"]) == 0
    assert _json(capsys)["correct"]
    puzzle = sudoku.parse(INKALA)
    solution = sudoku.solve(puzzle)
    row = [int((puzzle > 0).sum())] + [v for r in range(9) for c in range(9)
                                       for v in (r, c, int(solution[r, c]),
                                                 0 if puzzle[r, c] else 1)]
    path = tmp_path / "official.npy"
    np.save(path, np.array([row, row]))
    assert main(["run", "sudoku", "--input", str(path), "--index", "1", "--json"]) == 0
    assert _json(capsys)["solution"] == sudoku.to_text(solution)
    assert main(["run", "sudoku", "--input", str(path), "--index", "2"]) == 2


def test_export_then_replay_and_a_corrupted_file_exits_1(tmp_path, capsys):
    path = tmp_path / "parity.jsonl"
    assert main(["export", "parity", "--count", "3", "--n", "12", "--out", str(path)]) == 0
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    checked = int(next(line for line in out.splitlines() if "replay exactly" in line).split()[0])
    assert "3 of 3 parity instances run whole" in out
    lines = path.read_text().splitlines()
    record = json.loads(lines[4])
    record["x_k_plus_1"][0] = 3
    lines[4] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n")
    assert main(["replay", str(path)]) == 1
    out = capsys.readouterr().out
    assert "sample 4" in out and "position 0" in out
    assert checked == len(lines)


def test_a_refused_export_writes_no_file(tmp_path, capsys):
    out = tmp_path / "x.jsonl"
    assert main(["export", "sudoku", "--count", "1", "--n", "5", "--out", str(out)]) == 2
    assert "side n=5" in capsys.readouterr().err and not out.exists()


def test_run_maxflow_json_from_a_graph_file(tmp_path, capsys):
    path = tmp_path / "g.txt"
    path.write_text("0 1\n1 3\n0 2\n2 3\n1 2\n")
    assert main(["run", "maxflow", "--graph", str(path), "--source", "0", "--target", "3",
                 "--json"]) == 0
    record = _json(capsys)
    assert record["correct"] and record["max_flow"] == 2
    assert record["deleted_edges"] == [[0, 1], [0, 2]]   # the cut next to the source
    assert record["phases"]["AUG_FLIP_EDGES"] == 2 and record["phases"]["CUT_MARK_R"] == 1
    assert record["deletes"] == 12 and record["steps"] == sum(record["phases"].values())


def test_export_maxflow_then_replay_and_a_corrupted_file_exits_1(tmp_path, capsys):
    path = tmp_path / "maxflow.jsonl"
    assert main(["export", "maxflow", "--count", "2", "--n", "7", "--edges", "14",
                 "--seed", "3", "--out", str(path)]) == 0
    assert main(["replay", str(path)]) == 0
    lines = path.read_text().splitlines()
    assert f"{len(lines)} transitions replay exactly" in capsys.readouterr().out
    record = json.loads(lines[1])
    assert record["solver_metadata"]["operation"] == "INIT_SLOT2_E_AND_Y"
    record["e_star"] = [0] * len(record["e_star"])   # the slots are no longer inserted
    lines[1] = json.dumps(record)
    path.write_text("\n".join(lines) + "\n")
    assert main(["replay", str(path)]) == 1
    assert "sample 1" in capsys.readouterr().out


def test_run_maxflow_official_runs_the_loader_graph_for_the_seed(capsys):
    from theory.families import maxflow

    assert main(["run", "maxflow", "--official", "--seed", "17", "--json"]) == 0
    record = _json(capsys)
    graph = maxflow.official_graph(17)
    assert record["correct"] and record["n"] == len(graph.nodes) == 14
    assert record["max_flow"] == maxflow.max_flow_value(graph) == 1   # all 10 attempts fell short


def test_export_maxflow_official_then_replay(tmp_path, capsys):
    path = tmp_path / "official.jsonl"
    assert main(["export", "maxflow", "--official", "--count", "3", "--seed", "5",
                 "--out", str(path)]) == 0
    assert main(["replay", str(path)]) == 0
    lines = path.read_text().splitlines()
    assert f"{len(lines)} transitions replay exactly" in capsys.readouterr().out
    assert {json.loads(line)["solver_metadata"]["instance_id"] for line in lines} == {0, 1, 2}
