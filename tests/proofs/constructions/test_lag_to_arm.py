"""Lag system -> sliding-window ARM: the sequence records the lag run, k + 1 steps each."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from proofs.constructions.lag_to_arm import lag_history, lag_to_arm, window_needed
from simulators.errors import InvalidArgumentError
from simulators.lag import make_lag_system, run_lag
from simulators.run import run


@st.composite
def lag_runs(draw):
    symbols = "abc"[:draw(st.integers(2, 3))]
    m = draw(st.integers(1, 2))
    windows = [a + b for a in symbols for b in symbols] if m == 2 else list(symbols)
    rules = {w: "".join(draw(st.lists(st.sampled_from(symbols), max_size=3)))
             for w in windows if draw(st.integers(0, 5))}
    rules = rules or {windows[0]: ""}
    system = make_lag_system(rules, m=m, alphabet=list(symbols), on_missing="halt")
    word = "".join(draw(st.lists(st.sampled_from(symbols), min_size=1, max_size=6)))
    return system, word


def arm_run(system, word, window=None, budget=400):
    compiled = lag_to_arm(system, max_length=64, window=window)
    x0 = compiled.prompt(word)
    return compiled, x0, run(compiled.machine, compiled.policy, x0, max_steps=budget)


@settings(max_examples=80, deadline=None)
@given(lag_runs())
def test_the_arm_sequence_records_the_lag_run(case):
    system, word = case
    compiled, x0, result = arm_run(system, word)
    symbols, lengths, _ = lag_history(result.final, system.alphabet.size)
    productions = len(lengths) - 1
    if productions:
        reference = run_lag(system, word, max_steps=productions)
        assert reference.steps == productions
        queue = symbols[productions:productions + lengths[-1]]
        assert np.array_equal(queue, reference.final_ids)
    if result.stopped_by == "halted":  # the lag system stopped there too, by its own rule
        assert run_lag(system, word, max_steps=productions + 1, max_length=64).steps == productions
        final_length = int(lengths[-1])
        assert result.resources.steps == 2 * productions + final_length - len(word)
        needed = window_needed(result.final, system.alphabet.size, len(x0))
        _, _, windowed = arm_run(system, word, window=needed)
        assert np.array_equal(windowed.final, result.final)


def test_negative_control_a_window_one_token_short_stops_early():
    system = make_lag_system({"ab": "b", "bb": "ba", "ba": "ab"}, on_missing="halt")
    compiled, x0, full = arm_run(system, "abb", budget=300)
    needed = window_needed(full.final, system.alphabet.size, len(x0))
    _, _, enough = arm_run(system, "abb", window=needed, budget=300)
    _, _, short = arm_run(system, "abb", window=needed - 1, budget=300)
    assert np.array_equal(enough.final, full.final)
    assert short.stopped_by == "halted" and len(short.final) < len(full.final)


def test_bad_arguments_are_refused():
    system = make_lag_system({"ab": "b"})
    with pytest.raises(InvalidArgumentError):
        lag_to_arm("not a system", 4)
    with pytest.raises(InvalidArgumentError):
        lag_to_arm(system, 0)
    with pytest.raises(InvalidArgumentError):
        lag_to_arm(system, 4, window=0)
    with pytest.raises(InvalidArgumentError):
        lag_to_arm(system, 2).prompt("abab")
