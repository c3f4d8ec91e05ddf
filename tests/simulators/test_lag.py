"""Laws of the lag engine: Wang's step (append, delete one), missing rules, kernel = Python."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulators.errors import InvalidArgumentError, MalformedMachineError, MissingRuleError
from simulators.lag import LagSystem, make_lag_system, run_lag
from simulators.tag import make_tag_system, run_tag
from tests.simulators.reference_classical import reference_lag

XOR = {"00": "0", "01": "1", "10": "1", "11": "0"}


def test_xor_lag_system_hand_checked_steps():
    # 0110 -> 1101 -> 1010 -> 0101 -> 1011 (append x1 xor x2, drop x1)
    result = run_lag(make_lag_system(XOR), "0110", max_steps=4, record_steps=4)
    assert result.final_word == "1011"
    assert result.record_rule.tolist() == [0b01, 0b11, 0b10, 0b01]
    assert result.peak_length == result.final_length == 4


def test_each_step_deletes_exactly_one_symbol():
    system = make_lag_system({"ab": "", "ba": "", "aa": "", "bb": ""})
    result = run_lag(system, "abab")
    # four symbols, one deleted per step, stop when fewer than m=2 remain
    assert result.stopped_by == "halted"
    assert (result.steps, result.final_word, result.halt_detail) == (3, "b", "short_word")


def test_window_reads_m_symbols_but_production_depends_on_all_of_them():
    system = make_lag_system({"abc": "x", "abd": "y", "bcx": "", "bdy": ""}, alphabet="abcdxy",
                             on_missing="halt")
    assert run_lag(system, "abc").final_word == "cx"
    assert run_lag(system, "abd").final_word == "dy"


def test_lag_1_system_equals_1_tag_system():
    rules = {"a": "bc", "b": "a", "c": "aa"}
    lag = run_lag(make_lag_system(rules), "abc", max_steps=300)
    tag = run_tag(make_tag_system(rules, m=1), "abc", max_steps=300)
    assert (lag.steps, lag.final_word, lag.peak_length, lag.appended) == (
        tag.steps, tag.final_word, tag.peak_length, tag.appended)


def test_missing_rule_raises_naming_window_and_step():
    system = make_lag_system({"ab": "b", "bb": "ba"})
    with pytest.raises(MissingRuleError) as info:
        run_lag(system, "abb")
    assert "step 4" in str(info.value) and "'ba'" in str(info.value)
    assert (info.value.word, info.value.step) == ("ba", 4)
    assert info.value.partial.final_word == "bababa"


def test_missing_rule_declared_as_halt_stops_with_missing_rule():
    system = make_lag_system({"ab": "b", "bb": "ba"}, on_missing="halt")
    result = run_lag(system, "abb")
    assert (result.steps, result.stopped_by, result.final_word) == (4, "missing_rule", "bababa")


def test_halt_symbol_in_front_stops_before_its_window_is_looked_up():
    # ab -> bhh -> hh; "hh" has no rule but h is a halt symbol
    system = make_lag_system({"ab": "hh", "bh": ""}, halt="h")
    result = run_lag(system, "ab")
    assert result.stopped_by == "halted"
    assert (result.steps, result.halt_detail, result.final_word) == (2, "halt_symbol", "hh")


def test_multi_character_symbols_and_tuple_windows():
    system = make_lag_system({("q0", "x"): ["q1", "x"], ("x", "q1"): [], ("q1", "x"): []})
    # q0 x -> x q1 x -> q1 x -> x
    result = run_lag(system, ["q0", "x"], max_steps=2)
    assert (result.final_word, result.steps) == ("q1 x", 2)
    system = make_lag_system({"q0 x": "q1 x", "x q1": "", "q1 x": ""})
    assert run_lag(system, "q0 x").final_word == "x"
    assert system.window(system.alphabet.size * 0 + 1) == "q0 x"


@st.composite
def lag_systems(draw):
    """(rules, m, halt, word, names): random partial rule tables over 1..3 symbols."""
    size = draw(st.integers(1, 3))
    names = [chr(ord("a") + i) for i in range(size)]
    m = draw(st.integers(1, 3))
    windows = st.lists(st.sampled_from(names), min_size=m, max_size=m).map(tuple)
    rules = draw(st.dictionaries(windows, st.lists(st.sampled_from(names), max_size=3),
                                 max_size=size ** m))
    halt = set(draw(st.lists(st.sampled_from(names), max_size=1)))
    word = draw(st.lists(st.sampled_from(names), max_size=10))
    return rules, m, halt, word, names


@settings(max_examples=300)
@given(system=lag_systems(), max_steps=st.integers(1, 500), record=st.integers(0, 20),
       max_length=st.one_of(st.none(), st.integers(1, 40)))
def test_lag_kernel_equals_plain_python_on_random_systems(system, max_steps, record,
                                                          max_length):
    rules, m, halt, word, names = system
    built = make_lag_system({"".join(k): "".join(v) for k, v in rules.items()}, m=m,
                            halt=halt, on_missing="halt", alphabet=names)
    result = run_lag(built, "".join(word), max_steps=max_steps, max_length=max_length,
                     record_steps=record)
    expected = reference_lag(rules, m, halt, word, max_steps, max_length, record)
    assert result.steps == expected["steps"]
    assert (result.stopped_by, result.halt_detail) == (expected["stopped_by"],
                                                     expected["halt_detail"])
    assert result.final_word == "".join(expected["word"])
    assert result.peak_length == expected["peak"]
    assert result.appended == expected["appended"]
    assert result.deleted == result.steps
    codes = []
    for window, _ in expected["records"]:
        code = 0
        for name in window:
            code = code * len(names) + names.index(name)
        codes.append(code)
    assert result.record_rule.tolist() == codes
    assert result.record_length.tolist() == [length for _, length in expected["records"]]


def test_long_run_grows_and_compacts_the_queue_like_the_reference():
    system = make_lag_system({"aa": "a", "ab": "abb", "ba": "ba", "bb": ""})
    result = run_lag(system, "ab", max_steps=20_000)
    rules = {("a", "a"): ["a"], ("a", "b"): list("abb"), ("b", "a"): list("ba"),
             ("b", "b"): []}
    expected = reference_lag(rules, 2, set(), list("ab"), 20_000)
    assert (result.steps, result.final_word, result.peak_length) == (
        expected["steps"], "".join(expected["word"]), expected["peak"])
    assert result.peak_length > 64


@pytest.mark.parametrize("build, error, fragment", [
    (lambda: make_lag_system({"ab": "a", "abc": "b"}), MalformedMachineError, "'abc'"),
    (lambda: make_lag_system({"ab": "a"}, m=3), MalformedMachineError, "expected m=3"),
    (lambda: make_lag_system({"a b": "a", ("a", "b"): "b"}), MalformedMachineError,
     "already has a rule"),
    (lambda: make_lag_system({"ab": "az"}, alphabet="ab"), MalformedMachineError, "'z'"),
    (lambda: make_lag_system({}), MalformedMachineError, "at least one rule"),
    (lambda: make_lag_system([("ab", "a")]), MalformedMachineError, "mapping"),
    (lambda: make_lag_system({"ab": "a"}, on_missing="ignore"), InvalidArgumentError,
     "on_missing"),
    (lambda: make_lag_system({"a" * 9: ""}, alphabet="abcdefghi"),
     MalformedMachineError, "at most"),
    (lambda: run_lag(make_lag_system(XOR), "012"), InvalidArgumentError, "word[2]='2'"),
    (lambda: run_lag(make_lag_system(XOR), "01", max_steps=-1), InvalidArgumentError,
     "max_steps"),
    (lambda: run_lag("not a system", "01"), InvalidArgumentError, "LagSystem"),
])
def test_bad_lag_input_raises_specific_error(build, error, fragment):
    with pytest.raises(error) as info:
        build()
    assert fragment in str(info.value)


def test_system_is_frozen():
    system = make_lag_system(XOR)
    assert isinstance(system, LagSystem) and system.n_rules == 4
    with pytest.raises(AttributeError):
        system.m = 3


def test_sigint_during_a_long_run_returns_the_partial_result_as_interrupted():
    import os
    import signal
    import threading
    xor = make_lag_system({"00": "0", "01": "1", "10": "1", "11": "0"})
    run_lag(xor, "0110", max_steps=10)  # compiled before the timer starts
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    result = run_lag(xor, "0110" * 250, max_steps=10**15)
    timer.join()
    assert result.stopped_by == "interrupted" and 0 < result.steps < 10**15
    assert result.final_length == 1000  # xor keeps the length: a consistent partial word
