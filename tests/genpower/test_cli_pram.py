"""Laws of ``genpower pram``: it runs the library program on the instance it is given,
reports the engine's counters, and turns bad input into one clear line and exit 2."""

import io
import json

import pytest

from genpower.cli import main
from proofs.pram_tasks import PRAM_TASKS as TASKS
from simulators.pram import run_pram
from simulators.pram.programs import prefix_sum_blelloch
from tests.simulators.reference_pram import (dyck_accepts, evaluate_circuit, list_ranks,
                                             prefix_sums, same_components)


def run_cli(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys, tmp_path, program, text, *extra):
    path = tmp_path / "instance.txt"
    path.write_text(text)
    status, out, err = run_cli(capsys, "pram", program, "--input", str(path), "--json", *extra)
    assert status == 0 and err == ""
    return json.loads(out)


@pytest.mark.parametrize("program", sorted(TASKS))
def test_every_program_runs_on_a_generated_instance_and_agrees_with_its_reference(
        capsys, program):
    status, out, _ = run_cli(capsys, "pram", program, "--n", "40", "--seed", "3", "--json")
    data = json.loads(out)
    assert status == 0 and data["correct"] is True
    assert {"output", "processors", "parallel_time", "work", "memory_cells", "mode"} <= set(data)
    assert data["parallel_time"] >= 1 and data["work"] >= data["parallel_time"]
    assert data["processors"] >= 1


def test_json_counters_carry_the_names_and_values_of_the_python_result(capsys, tmp_path):
    data = run_json(capsys, tmp_path, "prefix_sum_blelloch", "3 1 4 1 5")
    result = run_pram(prefix_sum_blelloch(5), [3, 1, 4, 1, 5])
    assert {key: data[key] for key in result.as_dict()} == result.as_dict()
    assert result.stopped_by == "halted"


def test_integer_input_gives_the_prefix_sums_and_the_engine_counters(capsys, tmp_path):
    values = [3, -1, 4, 1, 5, -9, 2]
    data = run_json(capsys, tmp_path, "prefix_sum_blelloch", " ".join(map(str, values)))
    result = run_pram(prefix_sum_blelloch(len(values)), values)
    assert data["output"] == prefix_sums(values)
    assert (data["processors"], data["parallel_time"], data["work"], data["memory_cells"],
            data["mode"]) == (result.processors, result.parallel_time, result.work,
                              result.memory_cells, "EREW")


@pytest.mark.parametrize("program, text, expected", [
    ("tree_sum", "10 20\n-5", [25]),
    ("parity", "1011 0010", [sum(map(int, "10110010")) % 2]),
    ("list_ranking", "2 3 1 3", list_ranks([2, 3, 1, 3])),
    ("dyck", "([]{})", [int(dyck_accepts("([]{})"))]),
    ("dyck", "( [ ) ]", [int(dyck_accepts("([)]"))]),
    ("circuit_value", "101\nAND 0 1, NOT 2\nOR 3 4\n",
     evaluate_circuit([1, 0, 1], [[("AND", 0, 1), ("NOT", 2, 2)], [("OR", 3, 4)]])),
])
def test_file_formats_are_read_as_documented(capsys, tmp_path, program, text, expected):
    data = run_json(capsys, tmp_path, program, text)
    assert data["output"] == expected and data["correct"] is True


def test_a_graph_file_gives_one_label_per_component(capsys, tmp_path):
    data = run_json(capsys, tmp_path, "connectivity", "6\n0 1\n1 2\n4 5\n")
    assert same_components(data["output"], 6, [(0, 1), (1, 2), (4, 5)])


def test_dyck_pairs_option_names_the_bracket_types(capsys, tmp_path):
    word = "abcadbcd"  # types ab and cd
    data = run_json(capsys, tmp_path, "dyck", word, "--pairs", "abcd")
    assert data["output"] == [int(dyck_accepts(word, "abcd"))]


def test_dash_reads_the_instance_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("1 2 3"))
    status, out, _ = run_cli(capsys, "pram", "tree_sum", "--input", "-", "--json")
    assert status == 0 and json.loads(out)["output"] == [6]


def test_text_output_states_agreement_and_counters(capsys):
    status, out, _ = run_cli(capsys, "pram", "parity", "--n", "16")
    assert status == 0
    assert "agrees with the reference" in out and " T 4 " in out


def test_max_steps_reports_a_partial_run_without_judging_it(capsys):
    status, out, _ = run_cli(capsys, "pram", "dyck", "--n", "16", "--max-steps", "3", "--json")
    data = json.loads(out)
    assert status == 3 and (data["parallel_time"], data["stopped_by"], data["correct"]) == (
        3, "max_steps", None)


def test_a_weaker_mode_than_the_program_needs_is_a_one_line_error(capsys):
    status, out, err = run_cli(capsys, "pram", "prefix_sum_hillis_steele", "--n", "8",
                               "--mode", "EREW")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "both read address" in err


def test_unknown_program_lists_close_matches(capsys):
    status, _, err = run_cli(capsys, "pram", "prefx_sum_blelloch", "--n", "4")
    assert status == 2 and "did you mean prefix_sum_blelloch" in err


@pytest.mark.parametrize("program, text, fragment", [
    ("prefix_sum_blelloch", "1 2 x", "expected integers"),
    ("tree_sum", "   ", "empty"),
    ("parity", "10a1", "only '0' and '1'"),
    ("list_ranking", "1 0", "cycle"),
    ("list_ranking", "0 5", "node indices"),
    ("connectivity", "0 1\n", "number of vertices"),
    ("connectivity", "3\n0 5\n", "numbered 0..n-1"),
    ("connectivity", "3\n0 1 2\n", "one edge 'u v' per line"),
    ("dyck", "(a)", "not among the brackets"),
    ("circuit_value", "1\nXOR 0 0\n", "is not one of"),
    ("circuit_value", "11\nAND 0 7\n", "only 0..1"),
    ("circuit_value", "11\n", "one line per layer"),
])
def test_malformed_input_is_one_clear_line_and_exit_2(capsys, tmp_path, program, text,
                                                      fragment):
    path = tmp_path / "bad.txt"
    path.write_text(text)
    status, out, err = run_cli(capsys, "pram", program, "--input", str(path))
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("genpower pram: error:") and fragment in err


def test_a_missing_input_file_is_one_clear_line(capsys, tmp_path):
    status, _, err = run_cli(capsys, "pram", "parity", "--input", str(tmp_path / "none"))
    assert status == 2 and err.count("\n") == 1 and "cannot read --input" in err


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_ctrl_c_during_the_run_prints_the_partial_result_and_exits_130(capsys, monkeypatch,
                                                                       json_flag):
    import os
    import signal
    from simulators.pram import machine
    kernel = machine._run_steps

    def press_ctrl_c_after_one_chunk(*args):
        os.kill(os.getpid(), signal.SIGINT)  # seen by the front door between chunks
        return kernel(*args)

    monkeypatch.setattr(machine, "_CHUNK_ROWS", 1)
    monkeypatch.setattr(machine, "_run_steps", press_ctrl_c_after_one_chunk)
    status, out, err = run_cli(capsys, "pram", "prefix_sum_blelloch", "--n", "40", *json_flag)
    assert status == 130 and err == ""
    if json_flag:
        data = json.loads(out)
        assert (data["stopped_by"], data["correct"], data["parallel_time"]) == (
            "interrupted", None, 1)
    else:
        assert "not checked (stopped by interrupted)" in out and "T 1 " in out
    # negative control: the same run without Ctrl-C ends with exit 0
    monkeypatch.undo()
    assert run_cli(capsys, "pram", "prefix_sum_blelloch", "--n", "40", *json_flag)[0] == 0
