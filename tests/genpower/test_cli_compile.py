"""Laws of ``genpower compile`` and ``genpower tm --via lag``: JSON fields, agreement, exits."""

import json

import pytest

from genpower.cli import main


def run_cli(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("construction, ratio", [("pram-to-mdm", "context_per_PT"),
                                                 ("pram-to-apmdm", "context_per_S")])
@pytest.mark.parametrize("program", ["prefix_sum_blelloch", "connectivity", "dyck"])
def test_pram_constructions_report_source_target_bound_and_ratios(capsys, construction, ratio,
                                                                  program):
    status, out, err = run_cli(capsys, "compile", construction, program, "--n", "16",
                               "--seed", "2", "--json")
    data = json.loads(out)
    assert status == 0 and err == "" and data["correct"] is True
    assert set(data["source"]) == {"P", "T", "work", "memory"}
    assert {"steps", "peak_context", "stopped_by"} <= set(data["target"])
    assert {"steps", "context"} <= set(data["bound"])
    assert set(data["ratios"]) == {"steps_per_T", ratio}
    assert data["target"]["steps"] <= data["bound"]["steps"]
    assert data["target"]["peak_context"] <= data["bound"]["context"]


def test_pram_construction_reads_an_input_file(capsys, tmp_path):
    path = tmp_path / "bits.txt"
    path.write_text("1011 0110")
    status, out, _ = run_cli(capsys, "compile", "pram-to-apmdm", "parity", "--input", str(path))
    assert status == 0 and "agrees with the PRAM" in out


def test_a_cut_short_run_exits_3_without_a_verdict(capsys):
    status, out, _ = run_cli(capsys, "compile", "pram-to-mdm", "dyck", "--n", "16",
                             "--max-steps", "2", "--json")
    assert status == 3 and json.loads(out)["correct"] is None


def test_mdm_to_masked_arm_reports_both_runs(capsys):
    status, out, _ = run_cli(capsys, "compile", "mdm-to-masked-arm", "parity", "--n", "12",
                             "--json")
    data = json.loads(out)
    assert status == 0 and data["correct"] and data["steps_per_token"] == 3
    assert data["mdm"]["steps"] < data["masked_arm"]["steps"]


@pytest.mark.parametrize("machine, steps", [("apmdm", 2 * (2**10 - 1)), ("mdm", 10)])
def test_counter_reports_steps_at_context_s(capsys, machine, steps):
    status, out, _ = run_cli(capsys, "compile", "counter", "--context", "10", "--machine",
                             machine, "--json")
    data = json.loads(out)
    assert status == 0 and data["steps"] == steps and data["peak_context"] == 10


def test_tm_via_lag_reproduces_bb4(capsys):
    status, out, _ = run_cli(capsys, "tm", "1RB1LB_1LA0LC_1RZ1LD_1RD0RA", "--via", "lag",
                             "--json")
    data = json.loads(out)
    assert status == 0
    assert (data["halted"], data["steps"], data["ones"]) == (True, 107, 13)
    assert {"lag_productions", "arm_steps", "window"} <= set(data)


@pytest.mark.parametrize("argv", [
    ["compile", "pram-to-mdm", "no_such_program", "--n", "8"],
    ["compile", "pram-to-apmdm", "tree_sum", "--n", "0"],
    ["compile", "pram-to-mdm", "tree_sum", "--input", "/no/such/file"],
    ["compile", "mdm-to-masked-arm", "sudoku", "--n", "4"],
    ["compile", "counter", "--context", "0"],
    ["tm", "1RB1LB_1LA1RZ", "--via", "lag", "--window", "0"],
])
def test_bad_arguments_give_one_line_and_exit_2(capsys, argv):
    status, out, err = run_cli(capsys, *argv)
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1


def test_ctrl_c_during_the_reference_pram_run_ends_compile_with_exit_130(capsys, monkeypatch):
    import os
    import signal
    from simulators.pram import machine
    kernel = machine._run_steps

    def press_ctrl_c(*args):
        os.kill(os.getpid(), signal.SIGINT)
        return kernel(*args)

    monkeypatch.setattr(machine, "_CHUNK_ROWS", 1)
    monkeypatch.setattr(machine, "_run_steps", press_ctrl_c)
    status, out, err = run_cli(capsys, "compile", "pram-to-mdm", "tree_sum", "--n", "16")
    assert (status, out) == (130, "") and "interrupted" in err  # no verdict on a partial run
