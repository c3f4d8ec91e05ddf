"""Laws of the m-tag and cyclic tag engines: De Mol's Collatz system, kernel = plain Python."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from simulators.errors import InvalidArgumentError, MalformedMachineError, MissingRuleError
from simulators.tag import (Alphabet, make_cyclic_tag_system, make_tag_system, run_cyclic_tag,
                            run_tag)
from tests.simulators.reference_classical import reference_cyclic_tag, reference_tag

COLLATZ = {"a": "bc", "b": "a", "c": "aaa"}  # De Mol (2008), 2-tag


def collatz_shortcut(n):
    """T(n) = n/2 for even n, (3n+1)/2 for odd n."""
    return n // 2 if n % 2 == 0 else (3 * n + 1) // 2


def collatz_tag_steps(n):
    """Productions from a^n to a^T(n): n/2 + n/2 when even, (n-1)/2 + 1 + (n-1)/2 + 1 when odd."""
    return n if n % 2 == 0 else n + 1


@pytest.mark.parametrize("n", range(2, 400))
def test_collatz_tag_system_takes_a_to_the_n_to_a_to_the_collatz_shortcut(n):
    system = make_tag_system(COLLATZ, m=2)
    result = run_tag(system, "a" * n, max_steps=collatz_tag_steps(n))
    assert result.stopped_by == "max_steps"
    assert result.final_word == "a" * collatz_shortcut(n)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 27, 97, 871])
def test_collatz_tag_system_halts_at_a_after_the_whole_trajectory(n):
    total, value = 0, n
    while value != 1:
        total += collatz_tag_steps(value)
        value = collatz_shortcut(value)
    result = run_tag(make_tag_system(COLLATZ, m=2), "a" * n)
    assert result.stopped_by == "halted"
    assert (result.halt_detail, result.final_word, result.steps) == ("short_word", "a", total)


def test_collatz_27_full_run_matches_reference_including_queue_growth():
    system = make_tag_system(COLLATZ, m=2)
    result = run_tag(system, "a" * 27, record_steps=50_000)
    expected = reference_tag({k: list(v) for k, v in COLLATZ.items()}, 2, set(), list("a" * 27),
                             10**9, record_steps=50_000)
    assert_matches_reference(result, expected, system.alphabet)
    assert result.peak_length > 64  # the queue outgrew its first buffer


def test_post_example_halts_on_halt_symbol_after_five_steps():
    # 211 -> 1331 -> 313321H -> 3321H33 -> 21H3333 -> H3333331
    system = make_tag_system({"1": "3321H", "2": "331", "3": "33"}, m=2, halt="H")
    result = run_tag(system, "211", record_steps=10)
    assert result.stopped_by == "halted"
    assert (result.steps, result.halt_detail, result.final_word) == (5, "halt_symbol",
                                                                    "H3333331")
    names = system.alphabet.names
    assert [names[i] for i in result.record_rule] == list("21332")
    assert result.record_length.tolist() == [3, 4, 7, 7, 7]


def assert_matches_reference(result, expected, alphabet):
    assert result.steps == expected["steps"]
    assert (result.stopped_by, result.halt_detail) == (expected["stopped_by"],
                                                     expected["halt_detail"])
    assert [alphabet.names[i] for i in result.final_ids] == [str(s) for s in expected["word"]]
    assert result.final_length == len(expected["word"])
    assert result.peak_length == expected["peak"]
    assert result.appended == expected["appended"]
    recorded = [(rule, length) for rule, length in zip(result.record_rule.tolist(),
                                                       result.record_length.tolist())]
    expected_records = [(rule if isinstance(rule, int) else alphabet.names.index(rule), length)
                        for rule, length in expected["records"]]
    assert recorded == expected_records


@st.composite
def tag_systems(draw):
    """(rules, m, halt, word) over symbols 'a'..: some symbols lack rules, some halt."""
    size = draw(st.integers(1, 4))
    names = [chr(ord("a") + i) for i in range(size)]
    m = draw(st.integers(1, 3))
    rules, halt = {}, set()
    for name in names:
        kind = draw(st.sampled_from(["rule"] * 6 + ["halt", "missing"]))
        if kind == "rule":
            rules[name] = draw(st.lists(st.sampled_from(names), max_size=5))
        elif kind == "halt":
            halt.add(name)
    word = draw(st.lists(st.sampled_from(names), max_size=10))
    return rules, m, halt, word, names


@settings(max_examples=300)
@given(system=tag_systems(), max_steps=st.integers(1, 500), record=st.integers(0, 20),
       max_length=st.one_of(st.none(), st.integers(1, 40)))
def test_tag_kernel_equals_plain_python_on_random_systems(system, max_steps, record,
                                                          max_length):
    rules, m, halt, word, names = system
    built = make_tag_system({k: "".join(v) for k, v in rules.items()}, m=m, halt=halt,
                            on_missing="halt", alphabet=names)
    result = run_tag(built, "".join(word), max_steps=max_steps, max_length=max_length,
                     record_steps=record)
    expected = reference_tag(rules, m, halt, word, max_steps, max_length, record)
    assert_matches_reference(result, expected, built.alphabet)
    assert result.deleted == len(word) + result.appended - result.final_length


def test_missing_rule_raises_naming_symbol_and_step_with_partial_result():
    system = make_tag_system({"a": "ab"}, m=1, alphabet="abc")
    with pytest.raises(MissingRuleError) as info:
        run_tag(system, "aac")
    assert "step 2" in str(info.value) and "'c'" in str(info.value)
    assert (info.value.word, info.value.step) == ("c", 2)
    assert info.value.partial.final_word == "cabab"


def test_missing_rule_declared_as_halt_stops_quietly():
    system = make_tag_system({"a": "ab"}, m=1, alphabet="abc", on_missing="halt")
    result = run_tag(system, "aac")
    assert (result.stopped_by, result.steps, result.final_word) == ("missing_rule", 2, "cabab")


def test_word_shorter_than_m_halts_before_any_step():
    result = run_tag(make_tag_system(COLLATZ, m=3), "aa")
    assert result.stopped_by == "halted"
    assert (result.halt_detail, result.steps, result.final_word) == ("short_word", 0, "aa")


def test_max_length_stops_before_the_word_outgrows_it():
    result = run_tag(make_tag_system(COLLATZ, m=2), "a" * 27, max_length=100)
    assert result.stopped_by == "max_context" and result.peak_length <= 100


def test_multi_character_symbol_names_are_space_separated():
    system = make_tag_system({"q0": "q1 q1", "q1": ""}, m=1)
    result = run_tag(system, "q0 q1")
    assert result.stopped_by == "halted"
    assert (result.final_word, result.steps, result.halt_detail) == ("", 4, "short_word")
    assert Alphabet(("q0", "q1")).encode(["q1", "q0"]).tolist() == [1, 0]


# --- cyclic tag -----------------------------------------------------------------------


def test_cyclic_tag_hand_checked_run():
    # 1 -> 011 ; 011 -> 11 ; 11 -> 1101 ; 1101 -> 101011
    system = make_cyclic_tag_system(["011", "10", "101"])
    result = run_cyclic_tag(system, "1", max_steps=4, record_steps=4)
    assert result.final_word == "101011"
    assert result.record_rule.tolist() == [0, -1, 2, 0]
    assert result.record_length.tolist() == [1, 3, 2, 4]


def test_cyclic_tag_stops_on_empty_word():
    # 101 -> 010 -> 10 -> 00 -> 0 -> (empty)
    result = run_cyclic_tag(make_cyclic_tag_system("0,1"), "101")
    assert result.stopped_by == "halted"
    assert (result.halt_detail, result.steps, result.final_word) == ("empty", 5, "")


@settings(max_examples=200)
@given(appendants=st.lists(st.lists(st.integers(0, 1), max_size=5), min_size=1, max_size=5),
       word=st.lists(st.integers(0, 1), max_size=12), max_steps=st.integers(1, 600),
       record=st.integers(0, 20), max_length=st.one_of(st.none(), st.integers(1, 40)))
@example(appendants=[[1, 1]], word=[1], max_steps=600, record=0, max_length=None)
def test_cyclic_tag_kernel_equals_plain_python(appendants, word, max_steps, record,
                                               max_length):
    system = make_cyclic_tag_system(["".join(map(str, a)) for a in appendants])
    result = run_cyclic_tag(system, "".join(map(str, word)), max_steps=max_steps,
                            max_length=max_length, record_steps=record)
    expected = reference_cyclic_tag(appendants, word, max_steps, max_length, record)
    assert result.steps == expected["steps"]
    assert (result.stopped_by, result.halt_detail) == (expected["stopped_by"],
                                                     expected["halt_detail"])
    assert result.final_ids.tolist() == expected["word"]
    assert result.peak_length == expected["peak"]
    assert result.appended == expected["appended"]
    assert list(zip(result.record_rule.tolist(), result.record_length.tolist())) == \
        expected["records"]


# --- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize("build, error", [
    (lambda: make_tag_system({"a b": "a"}), MalformedMachineError),
    (lambda: make_tag_system({"": "a"}), MalformedMachineError),
    (lambda: make_tag_system({"a": "b"}, halt="a"), MalformedMachineError),
    (lambda: make_tag_system({"a": "bz"}, alphabet="ab"), MalformedMachineError),
    (lambda: make_tag_system(["a", "b"]), MalformedMachineError),
    (lambda: make_tag_system({"a": "b"}, m=0), InvalidArgumentError),
    (lambda: make_tag_system({"a": "b"}, on_missing="skip"), InvalidArgumentError),
    (lambda: make_tag_system({"a": "b"}, alphabet="aab"), MalformedMachineError),
    (lambda: make_cyclic_tag_system([]), MalformedMachineError),
    (lambda: make_cyclic_tag_system(["012"]), MalformedMachineError),
    (lambda: run_tag(make_tag_system({"a": "b"}), "ax"), InvalidArgumentError),
    (lambda: run_tag(make_tag_system({"a": "b"}), "a", max_steps=0), InvalidArgumentError),
    (lambda: run_tag(make_tag_system({"a": "b"}), "a", max_length=0), InvalidArgumentError),
    (lambda: run_tag(make_cyclic_tag_system(["1"]), "1"), InvalidArgumentError),
    (lambda: run_cyclic_tag(make_cyclic_tag_system(["1"]), "12"), InvalidArgumentError),
])
def test_bad_tag_input_raises_specific_error(build, error):
    with pytest.raises(error):
        build()


def test_sigint_during_a_long_cyclic_tag_run_returns_the_partial_result_as_interrupted():
    import os
    import signal
    import threading
    system = make_cyclic_tag_system(["1"])  # the word stays "1" forever
    run_cyclic_tag(system, "1", max_steps=10)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    result = run_cyclic_tag(system, "1", max_steps=10**15)
    timer.join()
    assert result.stopped_by == "interrupted" and 0 < result.steps < 10**15
