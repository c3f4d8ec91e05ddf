"""Laws of the macro TM engine: field for field the plain engine's run, for every block size."""

import numba
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from simulators.errors import InvalidArgumentError, MemoryBudgetError
from simulators.testing.strategies import turing_machines
from simulators.tm import parse_tm, run_tm
from simulators.tm_macro import (_KIND, _BLOCK, _EXIT_LEFT, _EXIT_RIGHT, _STEPS_TAKEN,
                                 _MacroRun, _drive, run_tm_macro)

BB2 = "1RB1LB_1LA1RZ"
BB3 = "1RB1RZ_1LB0RC_1LC1LA"
BB4 = "1RB1LB_1LA0LC_1RZ1LD_1RD0RA"
BB5 = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"
COUNTER = "2RB2RB1LA_0LA1RB2RB"  # a binary counter (digits 1, 2): many distinct blocks
ALTERNATING = "1RB1RB_0RA0RA"  # writes 1010...: one run per cell when blocks are 1 cell


def assert_same_run(macro, plain):
    """Every field of the two results agrees (the macro engine records no steps)."""
    assert plain.record_state.size == 0
    assert macro.as_dict() == plain.as_dict()


@settings(max_examples=300, deadline=None)
@given(spec=turing_machines(max_states=4, max_symbols=3, undefined=True),
       block_size=st.integers(1, 8), max_steps=st.integers(1, 5000),
       max_tape=st.one_of(st.none(), st.integers(1, 60)))
@example(spec="1RB---_1LA1RZ", block_size=2, max_steps=100, max_tape=None)
@example(spec="1RB1RB_1LA1LA", block_size=2, max_steps=1000, max_tape=None)  # loops in a block
@example(spec="1RA1RA", block_size=3, max_steps=100, max_tape=10)  # a chain cut by the tape
@example(spec="1LA1LA", block_size=3, max_steps=100, max_tape=10)
def test_macro_run_equals_plain_run(spec, block_size, max_steps, max_tape):
    assert_same_run(run_tm_macro(spec, block_size, max_steps=max_steps, max_tape=max_tape),
                    run_tm(spec, max_steps=max_steps, max_tape=max_tape))


@settings(max_examples=40, deadline=None)
@given(spec=turing_machines(max_states=3, max_symbols=2), block_size=st.integers(1, 8),
       max_steps=st.integers(10**4, 3 * 10**5))
@example(spec=COUNTER, block_size=8, max_steps=300_000)  # the block tables grow
@example(spec=ALTERNATING, block_size=1, max_steps=300_000)  # the run stacks grow
def test_macro_run_equals_plain_run_on_long_runs(spec, block_size, max_steps):
    # long enough for chain steps over long runs, and for the tables and stacks to grow
    assert_same_run(run_tm_macro(spec, block_size, max_steps=max_steps),
                    run_tm(spec, max_steps=max_steps))


@pytest.mark.parametrize("block_size", range(1, 9))
@pytest.mark.parametrize("spec, steps, ones", [(BB2, 6, 4), (BB3, 21, 5), (BB4, 107, 13)])
def test_small_busy_beavers_give_bbchallenge_counts(spec, steps, ones, block_size):
    result = run_tm_macro(spec, block_size)
    assert (result.halted, result.steps, result.ones, result.stopped_by) == (True, steps, ones,
                                                                              "halted")
    assert_same_run(result, run_tm(spec))


@pytest.mark.skipif(numba.config.DISABLE_JIT, reason="47 million plain steps in pure Python")
@pytest.mark.parametrize("block_size", [1, 3, 8])
def test_bb5_champion_gives_47176870_steps_and_4098_ones(block_size):
    result = run_tm_macro(BB5, block_size)
    assert (result.halted, result.steps, result.ones, result.final_state) == (
        True, 47_176_870, 4098, "Z")
    assert_same_run(result, run_tm(BB5))


@pytest.mark.parametrize("max_steps", [1, 999, 47_176_869, 47_176_870, 47_176_871])
def test_bb5_stops_at_exactly_max_steps(max_steps):
    result = run_tm_macro(BB5, 3, max_steps=max_steps)
    assert result.steps == min(max_steps, 47_176_870)
    assert result.stopped_by == ("halted" if max_steps >= 47_176_870 else "max_steps")
    if max_steps <= 10**6:
        assert_same_run(result, run_tm(BB5, max_steps=max_steps))


def test_a_blank_run_is_crossed_by_chain_steps_up_to_exactly_max_tape():
    result = run_tm_macro("1RA1RA", 4, max_steps=10**15, max_tape=10**6)
    assert (result.stopped_by, result.steps, result.ones, result.tape_span) == (
        "max_tape", 10**6 - 1, 10**6 - 1, (0, 10**6 - 1))
    assert_same_run(result, run_tm("1RA1RA", max_steps=10**15, max_tape=10**6))


def test_learned_transitions_are_reused_after_a_restart():
    run = _MacroRun(parse_tm(BB4), 2)
    first = _drive(run, 10**9, 10**6)
    run.restart()
    assert_same_run(_drive(run, 10**9, 10**6), first)


@pytest.mark.parametrize("corruption", ["one step more", "blank block written"])
def test_a_wrong_macro_transition_is_caught_by_the_equality_check(corruption):
    # negative control: plant a wrong entry in the learned table, run again from the start
    run = _MacroRun(parse_tm(BB5), 3)
    _drive(run, 200_000, 10**6)
    table = run.trans
    learned = np.flatnonzero(np.isin(table[:, _KIND], [_EXIT_LEFT, _EXIT_RIGHT])
                             & (table[:, _BLOCK] != 0))
    row = learned[0]
    if corruption == "one step more":
        table[row, _STEPS_TAKEN] += 1
    else:
        table[row, _BLOCK] = 0
    run.restart()
    with pytest.raises(AssertionError):
        assert_same_run(_drive(run, 200_000, 10**6), run_tm(BB5, max_steps=200_000))


def test_sigint_during_a_long_macro_run_returns_the_partial_result_as_interrupted():
    import os
    import signal
    import threading
    run_tm_macro("1RB1RB_1LA1LA", 2, max_steps=10)  # compiled before the timer starts
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    result = run_tm_macro("1RB1RB_1LA1LA", 2, max_steps=10**15)  # loops inside one block
    timer.join()
    assert result.stopped_by == "interrupted" and 0 < result.steps < 10**15
    assert result.tape.tolist() == [1, 1] and result.head in (0, 1)


@pytest.mark.parametrize("kwargs", [{"block_size": 0}, {"block_size": 2.5},
                                    {"block_size": 62}, {"max_steps": 0},
                                    {"max_steps": 2**62 + 1}, {"max_tape": 0}])
def test_bad_arguments_raise_invalid_argument_error(kwargs):
    arguments = {"block_size": 2, **kwargs}
    with pytest.raises(InvalidArgumentError):
        run_tm_macro(BB2, arguments.pop("block_size"), **arguments)


def test_run_tm_takes_macro_and_refuses_it_with_a_record():
    assert_same_run(run_tm(BB4, macro=4), run_tm(BB4))
    with pytest.raises(InvalidArgumentError):
        run_tm(BB4, macro=4, record_steps=3)


def test_a_final_tape_beyond_the_memory_budget_is_refused():
    from simulators.validation import set_memory_budget
    set_memory_budget(10**6)
    with pytest.raises(MemoryBudgetError):
        run_tm_macro("1RA1RA", 4, max_steps=10**7, max_tape=10**7)
