"""Laws of ``genpower tm``/``tag``/``lag`` and of the classical benchmark's cross-check."""

import json

import pytest

from genpower.cli import main
from simulators.tm import run_tm

BB2 = "1RB1LB_1LA1RZ"
BB5 = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"


def run_cli(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_tm_text_output_reports_bbchallenge_counts(capsys):
    status, out, err = run_cli(capsys, "tm", BB2)
    assert status == 0 and err == ""
    rows = dict(line.split(None, 1) for line in out.splitlines())
    assert (rows["steps"], rows["ones"], rows["stopped_by"], rows["tape"]) == (
        "6", "4", "halted", "1111")


def test_tm_json_holds_the_engine_result(capsys):
    status, out, _ = run_cli(capsys, "tm", BB5, "--max-steps", "1000", "--json")
    data = json.loads(out)
    assert status == 3  # cut short by --max-steps
    assert data == {"machine": BB5, **json.loads(json.dumps(run_tm(BB5, max_steps=1000)
                                                             .as_dict()))}
    assert (data["halted"], data["steps"], data["stopped_by"]) == (False, 1000, "max_steps")


def test_tm_macro_prints_the_plain_run(capsys):
    plain = json.loads(run_cli(capsys, "tm", BB5, "--json", "--full")[1])
    status, out, _ = run_cli(capsys, "tm", BB5, "--json", "--full", "--macro", "3")
    assert status == 0 and json.loads(out) == plain
    assert (plain["steps"], plain["ones"]) == (47_176_870, 4098)


@pytest.mark.parametrize("argv, fragment", [
    (["tm", "1RB1XC_1LA1RZ"], "direction 'X'"),
    (["tm", "1RB1LB_1LA"], "group 1 ('1LA')"),
    (["tm", BB2, "--max-steps", "0"], "argument --max-steps: expected an integer from 1"),
])
def test_bad_tm_input_prints_one_line_and_exits_2(capsys, argv, fragment):
    status, out, err = run_cli(capsys, *argv)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err


@pytest.fixture
def rule_files(tmp_path):
    collatz = tmp_path / "collatz.json"
    collatz.write_text(json.dumps({"m": 2, "rules": {"a": "bc", "b": "a", "c": "aaa"}}))
    xor = tmp_path / "xor.txt"
    xor.write_text("# x y -> x xor y\n00 -> 0\n01 -> 1\n10 -> 1\n11 -> 0\n")
    post = tmp_path / "post.txt"
    post.write_text("m: 2\nhalt: H\n1 -> 3321H\n2 -> 331\n3 -> 33\n")
    return {"collatz": str(collatz), "xor": str(xor), "post": str(post), "dir": tmp_path}


def test_tag_json_rules_run_collatz_from_3_to_1(capsys, rule_files):
    status, out, _ = run_cli(capsys, "tag", rule_files["collatz"], "--word", "aaa", "--json")
    data = json.loads(out)
    # 3 -> 5 -> 8 -> 4 -> 2 -> 1 takes 4 + 6 + 8 + 4 + 2 productions
    assert status == 0
    assert (data["steps"], data["stopped_by"], data["final_word_prefix"]) == (24, "halted",
                                                                              "a")


def test_tag_text_rules_with_halt_symbol(capsys, rule_files):
    status, out, _ = run_cli(capsys, "tag", rule_files["post"], "--word", "211", "--json",
                             "--record", "2")
    data = json.loads(out)
    assert (data["steps"], data["stopped_by"], data["final_word_prefix"]) == (5, "halted",
                                                                              "H3333331")
    assert data["record_rule"] == ["2", "1"]


def test_cyclic_tag_inline_appendants(capsys):
    status, out, _ = run_cli(capsys, "tag", "--cyclic", "011,10,101", "--word", "1",
                             "--max-steps", "4", "--json")
    assert status == 3 and json.loads(out)["final_word_prefix"] == "101011"


def test_lag_text_rules(capsys, rule_files):
    status, out, _ = run_cli(capsys, "lag", rule_files["xor"], "--word", "0110",
                             "--max-steps", "4")
    rows = dict(line.split(None, 1) for line in out.splitlines())
    assert status == 3 and rows["final_word"] == "1011" and rows["stopped_by"] == "max_steps"


def test_lag_missing_rule_is_an_error_unless_declared_halt(capsys, tmp_path):
    rules = tmp_path / "partial.json"
    rules.write_text(json.dumps({"rules": {"ab": "b", "bb": "ba"}}))
    status, _, err = run_cli(capsys, "lag", str(rules), "--word", "abb")
    assert status == 2 and "no rule for window 'ba'" in err and "step 4" in err
    status, out, _ = run_cli(capsys, "lag", str(rules), "--word", "abb", "--on-missing",
                             "halt", "--json")
    assert status == 0 and json.loads(out)["stopped_by"] == "missing_rule"


@pytest.mark.parametrize("command, content, fragment", [
    ("tag", "a -> bc\nb => a\n", "line 2"),
    ("tag", "a -> bc\na -> b\n", "line 2: second rule for 'a' (first on line 1)"),
    ("tag", "m: two\na -> b\n", "line 1: m must be an integer"),
    ("tag", "-> b\n", "line 1: empty left side"),
    ("tag", '{"rules": {"a": 3}}', "key 'rules'"),
    ("tag", '{"rules": {"a": "b"}, "mm": 2}', "unknown key 'mm'"),
    ("tag", '{"rules": {"a": "b"},', "not valid JSON"),
    ("tag", '{"m": "2", "rules": {"a": "b"}}', "key 'm'"),
    ("lag", "ab -> a\nabc -> b\n", "expected m=2"),
    ("lag", '{"rules": {"ab": "a"}, "alphabet": 5}', "key 'alphabet'"),
    ("lag", '{"rules": {"ab": "a"}, "alphabet": ["a"]}', "'b'"),
    ("lag", '{"rules": {"ab": "a"}, "on_missing": "skip"}', "on_missing"),
])
def test_bad_rule_files_print_one_line_naming_the_place_and_exit_2(capsys, tmp_path, command,
                                                                   content, fragment):
    path = tmp_path / "rules.txt"
    path.write_text(content)
    status, out, err = run_cli(capsys, command, str(path), "--word", "ab")
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err


def test_missing_rule_file_exits_2(capsys, tmp_path):
    status, _, err = run_cli(capsys, "tag", str(tmp_path / "none.json"), "--word", "a")
    assert status == 2 and "cannot read RULES file" in err


def test_benchmark_cross_check_accepts_same_machine_and_rejects_one_step_off():
    pytest.importorskip("automata")
    from genpower.benchmarks.classical import _automata_prefix, _same_configuration, automata_dtm

    configuration = _automata_prefix(automata_dtm(BB5), 2000)
    assert _same_configuration(configuration, run_tm(BB5, max_steps=2000))
    assert not _same_configuration(configuration, run_tm(BB5, max_steps=1999))
    assert not _same_configuration(configuration, run_tm(BB5, max_steps=2001))


def test_benchmark_cross_check_runs_bb2_to_the_same_halt():
    pytest.importorskip("automata")
    from genpower.benchmarks.classical import _automata_prefix, _same_configuration, automata_dtm

    assert _same_configuration(_automata_prefix(automata_dtm(BB2), 6), run_tm(BB2))


def test_macro_bench_row_is_not_met_when_the_macro_run_differs_from_the_plain_one():
    # negative control of the bench row's equality check: a plain run one step short
    from genpower.benchmarks.classical import _macro_row

    row = _macro_row(run_tm(BB5, max_steps=47_176_869), 1.0, 1)
    assert (row.met, row.value, row.detail) == (False, None,
                                                "the macro run differs from the plain run")
    assert row.shown_value() == "not measured"


def test_tm_that_runs_forever_ends_on_the_tape_limit_with_exit_3():
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "genpower.cli", "tm", "1RA1RA", "--max-tape",
                           "100000", "--json"], capture_output=True, text=True, timeout=60)
    data = json.loads(done.stdout)
    assert (done.returncode, data["stopped_by"], data["tape_truncated"]) == (3, "max_tape", True)


def test_ctrl_c_ends_a_long_tm_run_within_two_seconds_with_exit_130_and_the_partial_result():
    import signal
    import subprocess
    import sys
    import time
    process = subprocess.Popen([sys.executable, "-m", "genpower.cli", "tm", "0RB0RB_0LA0LA",
                                "--max-steps", str(10**15), "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.perf_counter() + 60
    while _cpu_seconds(process.pid) < 2.5 and time.perf_counter() < deadline:
        time.sleep(0.1)  # past start-up (about 1 s of CPU): the kernel is running
    sent = time.perf_counter()
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=30)
    assert time.perf_counter() - sent < 2.5
    data = json.loads(out)
    assert (process.returncode, data["stopped_by"]) == (130, "interrupted") and data["steps"] > 0


def _cpu_seconds(pid):
    """CPU time (user + system) the process has used, from /proc."""
    import os
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_tag_words_are_cut_unless_full(capsys):
    argv = ["tag", "--cyclic", "011,10,101", "--word", "1", "--max-steps", "3000", "--json"]
    assert main(argv) == 3  # stopped by --max-steps
    cut = json.loads(capsys.readouterr().out)
    assert main(argv + ["--full"]) == 3
    whole = json.loads(capsys.readouterr().out)
    assert cut["final_word_truncated"] and len(cut["final_word_prefix"]) == 200
    assert not whole["final_word_truncated"]
    assert len(whole["final_word_prefix"]) == whole["final_length"] == cut["final_length"] > 200
    assert whole["final_word_prefix"].startswith(cut["final_word_prefix"])
