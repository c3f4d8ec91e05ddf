"""Every genpower command answers bad arguments with one line on stderr and exit status 2.

The table below holds the bad arguments users have tried; the generic rows run for
every command that ``genpower.commands`` holds, so a command added later is covered too.
Each row runs in-process: an unexpected exception would fail the test with its
traceback, and the one-line form is checked on what was printed.
"""

import argparse
import io
import json
import re

import pytest

from genpower.cli import build_parser, main

BB2 = "1RB1LB_1LA1RZ"
HUGE = str(10**23)


def commands():
    """Every subcommand of genpower, found the way the CLI finds them."""
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def has_required_arguments(parser):
    return any(action.required for action in parser._actions)


@pytest.fixture
def files(tmp_path):
    """Rule and input files, good and bad, named by key."""
    contents = {
        "collatz": json.dumps({"m": 2, "rules": {"a": "bc", "b": "a", "c": "aaa"}}),
        "xor": "00 -> 0\n01 -> 1\n10 -> 1\n11 -> 0\n",
        "partial": "ab -> b\nbb -> ba\n",
        "tag_partial": "a -> bb\n",
        "empty": "",
        "comments": "# nothing but a comment\nm: 2\n",
        "empty_json": "{}",
        "appendants_json": json.dumps({"appendants": ["01"]}),
        "big_integers": "1 99999999999999999999999 3",
        "graph_big_vertex": "3\n0 99999999999999999999999\n",
        "bits": "1011\n",
        "bits_bad": "10x1\n",
        "flow_graph": "0 1\n1 3\n0 2\n2 3\n",
    }
    paths = {}
    for key, text in contents.items():
        paths[key] = tmp_path / f"{key}.txt"
        paths[key].write_text(text)
    paths["binary"] = tmp_path / "binary.dat"
    paths["binary"].write_bytes(b"\xff\xfe\x00\x81 -> \xa4\n")
    paths["missing"] = tmp_path / "absent.txt"
    paths["missing_npy"] = tmp_path / "absent.npy"
    paths["bad_jsonl"] = tmp_path / "bad.jsonl"
    paths["bad_jsonl"].write_text("{not json\n")
    return {key: str(path) for key, path in paths.items()}


BAD = [
    # run
    (["run", "parity", "--n", "5", "--seed", "-1"], "argument --seed"),
    (["run", "parity", "--n", "5", "--seed", HUGE], "argument --seed"),
    (["run", "parity", "--n", "5", "--max-steps", "0"], "argument --max-steps"),
    (["run", "parity", "--n", "5", "--max-steps", HUGE], "argument --max-steps"),
    (["run", "parity", "--n", "5", "--max-steps", "10**23"], "argument --max-steps"),
    (["run", "parity", "--n", "-5"], "argument --n"),
    (["run", "parity", "--n", HUGE], "argument --n"),
    (["run", "parity", "--n", "3000000000"], "memory budget"),
    (["run", "parity", "--n", "5", "--max-memory", "0"], "--max-memory '0'"),
    (["run", "parity", "--n", "5", "--max-memory", "0.5"], "--max-memory '0.5'"),
    (["run", "parity", "--n", "5", "--max-memory", "nan"], "--max-memory 'nan'"),
    (["run", "parity", "--n", "5", "--machine", "tm"], "argument --machine"),
    (["run", "parity", "--n", "5", "--input", "{bits}"], "exactly one of --n N and --input"),
    (["run", "parity"], "exactly one of --n N and --input"),
    (["run", "parity", "--input", "{binary}"], "not UTF-8 text"),
    (["run", "parity", "--input", "{missing}"], "cannot read"),
    (["run", "parity", "--input", "{bits_bad}"], "'x' at byte offset 2"),
    (["run", "nosuch", "--n", "5"], "no task 'nosuch'"),
    (["run"], "required: TASK"),
    # compile
    (["compile", "pram-to-mdm", "tree_su", "--n", "4"], "did you mean tree_sum"),
    (["compile", "pram-to-mdm", "tree_sum", "--n", "0"], "argument --n"),
    (["compile", "pram-to-apmdm", "tree_sum", "--n", "4", "--seed", "-1"], "argument --seed"),
    (["compile", "pram-to-apmdm", "tree_sum", "--input", "{missing}"], "cannot read"),
    (["compile", "mdm-to-masked-arm", "parity", "--n", "5", "--seed", "-1"], "argument --seed"),
    (["compile", "counter", "--context", "99"], "S <= 40"),
    (["compile", "counter", "--context", "0"], "argument --context"),
    (["compile", "nonsense"], "invalid choice"),
    (["tm", "1RB1LB_1LA1RZ", "--via", "lag", "--window", "0"], "argument --window"),
    (["tm", "1RB1LB_1LA1RZ", "--via", "lag", "--record", "3"], "--record does not apply"),
    (["tm", "1RB1LB_1LA1RZ", "--via", "lag", "--max-tape", "9"], "--max-tape does not apply"),
    (["tm", "1RB1LB_1LA1RZ", "--window", "3"], "--window applies only"),
    # depth
    (["depth", "parity-tre", "--n", "4"], "did you mean parity-tree"),
    (["depth", "parity-tree", "--n", "0"], "argument --n"),
    (["depth", "parity-tree", "--n", "4", "--seed", "-1"], "argument --seed"),
    # tm
    (["tm", BB2, "--max-steps", "0"], "argument --max-steps"),
    (["tm", BB2, "--max-steps", "-1"], "argument --max-steps"),
    (["tm", BB2, "--max-steps", HUGE], "argument --max-steps"),
    (["tm", BB2, "--max-steps", "10**23"], "argument --max-steps"),
    (["tm", BB2, "--record", "-1"], "argument --record"),
    (["tm", BB2, "--record", HUGE], "argument --record"),
    (["tm", ""], "empty TM spec"),
    (["tm", "1RB1XC_1LA1RZ"], "direction 'X'"),
    (["tm", BB2, "--macro", "0"], "argument --macro"),
    (["tm", BB2, "--macro", HUGE], "argument --macro"),
    (["tm", BB2, "--macro", "62"], "macro=62 with 2 symbols"),
    (["tm", BB2, "--macro", "3", "--via", "lag"], "--macro does not apply to --via lag"),
    (["tm", BB2, "--macro", "3", "--record", "5"], "--macro does not apply to --record"),
    # tag
    (["tag", "{binary}", "--word", "a"], "not UTF-8 text"),
    (["tag", "{missing}", "--word", "a"], "cannot read RULES file"),
    (["tag", "{empty}", "--word", "a"], "no rules"),
    (["tag", "{comments}", "--word", "a"], "no rules"),
    (["tag", "{empty_json}", "--word", "a"], "no rules"),
    (["tag", "{appendants_json}", "--word", "a"], "key 'appendants' is for a cyclic tag system"),
    (["tag", "{collatz}", "--word", "aaa", "--max-steps", "0"], "argument --max-steps"),
    (["tag", "{collatz}", "--word", "aaa", "--max-steps", HUGE], "argument --max-steps"),
    (["tag", "{collatz}", "--word", "aaa", "--max-length", "0"], "argument --max-length"),
    (["tag", "{collatz}", "--word", "aaa", "--record", "-1"], "argument --record"),
    (["tag", "{collatz}", "--word", "aaa", "--m", "0"], "argument --m"),
    (["tag", "{collatz}", "--word", "aaa", "--m", HUGE], "argument --m"),
    (["tag", "{collatz}", "--word", "xyz"], "--word 'xyz': symbol 'x'"),
    (["tag", "{collatz}", "--word", "aaa", "--on-missing", "maybe"], "argument --on-missing"),
    (["tag", "{xor}"], "required: --word"),
    (["tag", "{tag_partial}", "--word", "aa"],
     re.compile("no rule for the symbol 'b'; .* --on-missing halt")),
    (["tag", "--cyclic", "011,10", "--word", "1", "--m", "3"], "--m does not apply to --cyclic"),
    (["tag", "--cyclic", "011,10", "--word", "1", "--on-missing", "halt"],
     "--on-missing does not apply to --cyclic"),
    (["tag", "--cyclic", "011,2", "--word", "1"], "appendant 1"),
    (["tag", "--cyclic", "{binary}", "--word", "1"], "not UTF-8 text"),
    (["tag", "--cyclic", "{empty}", "--word", "1"], "empty.txt is empty"),
    (["tag", "--cyclic", "", "--word", "1"], "RULES is empty"),
    (["tag", "--cyclic", "011,10", "--word", "12"], "--word '12'"),
    # lag
    (["lag", "{binary}", "--word", "a"], "not UTF-8 text"),
    (["lag", "{empty}", "--word", "a"], "no rules"),
    (["lag", "{comments}", "--word", "a"], "no rules"),
    (["lag", "{empty_json}", "--word", "a"], "no rules"),
    (["lag", "{xor}", "--word", "0110", "--max-steps", "0"], "argument --max-steps"),
    (["lag", "{xor}", "--word", "0110", "--max-steps", HUGE], "argument --max-steps"),
    (["lag", "{xor}", "--word", "0110", "--record", "-5"], "argument --record"),
    (["lag", "{xor}", "--word", "012"], "--word '012': symbol '2'"),
    (["lag", "{xor}", "--word", "0110", "--cyclic"], "unrecognized arguments: --cyclic"),
    (["lag", "{collatz}", "--word", "aaa"], "expected m=2"),
    (["lag", "{partial}", "--word", "abb"],
     re.compile("step 4: no rule for window 'ba'; .* --on-missing halt")),
    # pram
    (["pram", "tree_sum", "--input", "{big_integers}"], "outside the 64-bit integer range"),
    (["pram", "list_ranking", "--input", "{big_integers}"], "outside the 64-bit integer range"),
    (["pram", "connectivity", "--input", "{graph_big_vertex}"], "line 2"),
    (["pram", "tree_sum", "--input", "{binary}"], "not UTF-8 text"),
    (["pram", "tree_sum", "--input", "{missing}"], "cannot read --input"),
    (["pram", "tree_sum", "--input", "{empty}"], "empty"),
    (["pram", "tree_sum", "--n", "5", "--seed", "-1"], "argument --seed"),
    (["pram", "tree_sum", "--n", "5", "--max-steps", "0"], "argument --max-steps"),
    (["pram", "tree_sum", "--n", "5", "--max-steps", HUGE], "argument --max-steps"),
    (["pram", "tree_sum", "--n", "0"], "argument --n"),
    (["pram", "tree_sum", "--n", HUGE], "argument --n"),
    (["pram", "connectivity", "--n", str(10**12)], "memory budget"),
    (["pram", "dyck", "--n", "10000", "--max-memory", "1M"], "memory budget"),
    (["pram", "dyck", "--n", "8", "--pairs", "("], "bracket pairs '('"),
    (["pram", "dyck", "--n", "8", "--pairs", ""], "bracket pairs ''"),
    (["pram", "tree_sum", "--n", "8", "--pairs", "()"], "--pairs applies to dyck only"),
    (["pram", "tree_sum", "--n", "8", "--mode", "CRCW"], "argument --mode"),
    (["pram", "prefix_sum_hillis_steele", "--n", "8", "--mode", "EREW"], "read"),
    (["pram", "prefx_sum_blelloch", "--n", "4"], "did you mean prefix_sum_blelloch"),
    (["pram", "tree_sum"], "one of the arguments --n --input is required"),
    # check
    (["check", "--claim", "T7"], "no claim 'T7'"),
    (["check", "--claim", "E-parity-arm-step"], "did you mean E-parity-arm-steps"),
    (["check", "--sizes", "0"], "argument --sizes"),
    (["check", "--workers", "0"], "argument --workers"),
    (["check", "--workers", "2", "--scheduler", "tcp://x:1"], "not allowed with"),
    # figures
    (["figures", "--only", "9"], "argument --only"),
    # dyck, and the separation tasks of run
    (["dyck", "--k", "0"], "argument --k"),
    (["dyck", "--k", "27"], "k=27"),
    (["dyck", "--max-len", "-2"], "argument --max-len"),
    (["dyck", "--max-len", "40", "--support"], "choose a smaller length"),
    (["dyck", "--window", "0"], "argument --window"),
    (["run", "dyck", "--n", "7"], "even length"),
    (["run", "sat", "--vars", "-1"], "argument --vars"),
    (["run", "sat", "--vars", "3", "--n", "3"], "one of --vars, --n and --input"),
    (["run", "tqbf", "--input", "{bits}"], "'p cnf"),
    (["run", "edits", "--input", "{bits}"], "'start WORD'"),
    # sudoku, export, replay
    (["run", "sudoku", "1" * 17], "16, 81 or 256 cells"),
    (["run", "sudoku", "11" + "." * 14], "contradictory givens"),
    (["run", "sudoku", "--givens", "1", "--n", "4"], "unique solution"),
    (["run", "sudoku", "--givens", "-1"], "argument --givens"),
    (["run", "sudoku", "--encoding", "colourful", "--n", "4"], "argument --encoding"),
    (["run", "sudoku", "--input", "{missing_npy}"], "cannot read"),
    # maxflow
    (["run", "maxflow", "--graph", "{bits_bad}"], "expected 'u v'"),
    (["run", "maxflow", "--graph", "{missing}"], "cannot read"),
    (["run", "maxflow", "--graph", "{flow_graph}", "--source", "1", "--target", "1"],
     "source and target are the same"),
    (["run", "maxflow", "--graph", "{flow_graph}", "--target", "9"], "not a node"),
    (["run", "maxflow", "--nodes", "4", "--edges", "7"], "edges=7"),
    (["run", "maxflow", "--nodes", "-1"], "argument --nodes"),
    (["run", "maxflow", "--official", "--n", "5"], "--official takes no --n"),
    (["run", "maxflow", "--official", "--nodes", "5"], "--official takes no --nodes"),
    (["run", "maxflow", "--official", "--edges", "9"], "--official takes no --edges"),
    (["run", "maxflow", "--official", "--graph", "{flow_graph}"], "--official takes no --graph"),
    (["run", "maxflow", "--official", "--input", "{flow_graph}"], "--official takes no --input"),
    (["run", "maxflow", "--official", "--source", "0"], "--official takes no --source"),
    (["run", "maxflow", "--official", "--seed", "-3"], "argument --seed"),
    (["run", "maxflow", "--nodes", "6", "--source", "2"], "--source names a node of a graph read"),
    (["run", "maxflow", "--target", "2"], "--target names a node of a graph read"),
    (["export", "sudoku", "--count", "0", "--out", "x.jsonl"], "argument --count"),
    (["export", "dyck", "--count", "1", "--out", "x.jsonl"], "argument task"),
    (["export", "maxflow", "--count", "1", "--n", "1", "--out", "x.jsonl"], "at least 2 nodes"),
    (["export", "maxflow", "--count", "1", "--n", "4", "--edges", "7", "--out", "x.jsonl"],
     "edges=7"),
    (["export", "maxflow", "--count", "1", "--n", "101", "--out", "x.jsonl"], "above 99"),
    (["export", "maxflow", "--count", "1", "--edges", "-2", "--out", "x.jsonl"],
     "argument --edges"),
    (["export", "maxflow", "--official", "--count", "1", "--n", "5", "--out", "x.jsonl"],
     "--official takes no --n"),
    (["export", "maxflow", "--official", "--count", "1", "--edges", "9", "--out", "x.jsonl"],
     "--official takes no --edges"),
    (["export", "sudoku", "--official", "--count", "1", "--out", "x.jsonl"],
     "--official is for maxflow"),
    (["export", "parity", "--count", "1", "--out", "{bits}"], "use a .jsonl, .npz, .pkl.gz suffix"),
    (["export", "sudoku", "--count", "1", "--n", "5", "--out", "x.jsonl"], "side n=5"),
    (["show", "{missing}"], "no such file"),
    (["show", "{bits}"], "cannot tell the format"),
    (["show", "{bad_jsonl}"], "not JSON"),
    (["show", "{bad_jsonl}", "--instance", "-1"], "argument --instance"),
    (["show", "{missing}", "--task", "chess"], "argument --task: invalid choice"),
    (["run", "parity", "--n", "4", "--show", "{missing}/page.html"], "cannot write"),
    (["replay", "{missing}"], "cannot read"),
    (["replay", "{bits}"], "use a .npz, .jsonl or .pkl.gz suffix"),
    (["replay", "{bad_jsonl}"], "not JSON"),
    (["replay", "{bad_jsonl}", "--mask-id", "-1"], "argument --mask-id"),
    (["evaluate", "oracle", "--task", "nosuch"], "no task 'nosuch'"),
    (["evaluate", "{missing}.py:model", "--task", "parity"], "does not exist"),
    (["evaluate", "oracle", "--task", "parity", "--decode", "nonsense"], "no decoding"),
    (["evaluate", "oracle", "--task", "parity", "--decode", "greedy"], "decodes for arm"),
    (["train", "parity", "--machine", "masked_arm", "--out", "x.pt"], "has no process"),
    (["train", "parity", "--steps", "0", "--out", "x.pt"], "argument --steps"),
    # bench and genpower itself
    (["bench", "--only", "nosuch"], "argument --only"),
    (["bench", "--json", "--markdown"], "not allowed with"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["nosuchcommand"], "invalid choice: 'nosuchcommand'"),
]


def generic_rows():
    """Rows every command gets: an unknown flag, a bad --max-memory, and no arguments at
    all when it has required ones."""
    rows = []
    for name, parser in commands().items():
        rows.append(([name, "--no-such-flag"], re.compile("--no-such-flag|required")))
        rows.append(([name, "--max-memory", "lots"], re.compile("--max-memory|required")))
        if has_required_arguments(parser):
            rows.append(([name], "required"))
        options = {option for action in parser._actions for option in action.option_strings}
        for flag, value in COUNT_FLAGS:  # refused by the flag's type, before anything runs
            if flag in options:
                rows.append(([name, flag, value], f"argument {flag}: expected an integer"))
    return rows


COUNT_FLAGS = [("--max-steps", "0"), ("--max-steps", HUGE), ("--seed", "-1"), ("--n", "-1"),
               ("--record", "-1"), ("--max-length", "0")]
"""Count flags any command may have, with a value every command must refuse the same way
(genpower.arguments.positive_int / nonnegative_int)."""


def check_one_line_exit_2(capsys, argv, fragment):
    """``fragment`` is a substring of the message, or a compiled pattern it matches."""
    try:
        status = main(argv)
    except SystemExit as stop:  # argparse's own exit would be a second code path
        status = ("SystemExit", stop.code)
    out, err = capsys.readouterr()
    assert status == 2, (argv, status, out, err)
    assert "Traceback" not in err and out == "", (argv, out, err)
    assert err.count("\n") == 1 and err.endswith("\n"), (argv, err)
    assert err.startswith("genpower"), err
    found = fragment.search(err) if isinstance(fragment, re.Pattern) else fragment in err
    assert found, (argv, fragment, err)


@pytest.mark.parametrize("argv, fragment", BAD, ids=[" ".join(row[0]) for row in BAD])
def test_bad_argument_is_one_line_and_exit_2(capsys, files, argv, fragment):
    check_one_line_exit_2(capsys, [arg.format(**files) for arg in argv], fragment)


@pytest.mark.parametrize("argv, fragment", generic_rows(),
                         ids=[" ".join(row[0]) for row in generic_rows()])
def test_every_command_refuses_generic_bad_arguments(capsys, argv, fragment):
    check_one_line_exit_2(capsys, argv, fragment)


def test_the_table_covers_every_command():
    covered = {row[0][0] for row in BAD}
    assert set(commands()) - {"bench"} <= covered
    assert {"run", "tm", "tag", "lag", "pram", "bench"} <= set(commands())


def test_stdin_that_is_not_an_instance_is_one_line(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("1 2 x"))
    check_one_line_exit_2(capsys, ["pram", "tree_sum", "--input", "-"], "word 3")


def test_an_unforeseen_memory_error_is_still_one_line(capsys, monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("genpower.commands.tm.run_tm", exhausted)
    check_one_line_exit_2(capsys, ["tm", BB2], "out of memory")


def test_a_bug_keeps_its_traceback(monkeypatch):
    """Negative control: the one-line form is for errors raised on purpose only."""
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("genpower.commands.tm.run_tm", broken)
    with pytest.raises(ZeroDivisionError):
        main(["tm", BB2])


def test_a_multi_line_message_is_printed_on_one_line(capsys, monkeypatch):
    from simulators.errors import MalformedMachineError

    def two_lines(*args, **kwargs):
        raise MalformedMachineError("first line\nsecond line")

    monkeypatch.setattr("genpower.commands.tm.run_tm", two_lines)
    check_one_line_exit_2(capsys, ["tm", BB2], "first line second line")


def test_the_check_catches_a_usage_block(capsys):
    """Negative control for the checker: argparse's own error (usage + message) fails it."""
    parser = argparse.ArgumentParser(prog="genpower demo")
    parser.add_argument("--n", type=int)
    with pytest.raises(SystemExit):
        parser.parse_args(["--n", "x"])
    err = capsys.readouterr().err
    assert err.count("\n") > 1

