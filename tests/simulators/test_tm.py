"""Laws of the TM engine: bbchallenge counts, notation round trip, kernel = plain Python."""

import numba
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from simulators.errors import InvalidArgumentError, MalformedMachineError
from simulators.tm import TMProgram, TMResult, format_tm, parse_tm, run_tm
from simulators.testing.strategies import turing_machines
from tests.simulators.reference_classical import reference_tm

BB2 = "1RB1LB_1LA1RZ"
BB3 = "1RB1RZ_1LB0RC_1LC1LA"
BB4 = "1RB1LB_1LA0LC_1RZ1LD_1RD0RA"
BB5 = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"


@st.composite
def tm_specs(draw, max_states=4, max_symbols=3):
    """Random machines: some transitions halt (letter past the states), some are ``---``."""
    n_states = draw(st.integers(1, max_states))
    n_symbols = draw(st.integers(2, max_symbols))
    groups = []
    for _ in range(n_states):
        parts = []
        for _ in range(n_symbols):
            kind = draw(st.sampled_from(["move"] * 8 + ["halt", "undefined"]))
            if kind == "undefined":
                parts.append("---")
                continue
            letter = (draw(st.sampled_from("ZXF")) if kind == "halt"
                      else chr(ord("A") + draw(st.integers(0, n_states - 1))))
            if kind == "halt" and ord(letter) - ord("A") < n_states:
                letter = "Z"
            parts.append(f"{draw(st.integers(0, n_symbols - 1))}"
                         f"{draw(st.sampled_from('LR'))}{letter}")
        groups.append("".join(parts))
    return "_".join(groups)


def assert_matches_reference(result, expected):
    assert result.halted == expected["halted"]
    assert result.steps == expected["steps"]
    assert result.ones == expected["ones"]
    assert result.tape_span == expected["tape_span"]
    assert result.final_state == expected["final_state"]
    assert result.head == expected["head"]
    assert result.stopped_by == expected["stopped_by"]
    assert result.tape_offset == expected["tape_span"][0]
    assert result.tape.tolist() == expected["tape"]
    records = list(zip(result.record_state.tolist(), result.record_head.tolist(),
                       result.record_symbol.tolist()))
    assert records == expected["records"]


@pytest.mark.parametrize("spec, steps, ones", [(BB2, 6, 4), (BB3, 21, 5), (BB4, 107, 13)])
def test_small_busy_beavers_halt_with_bbchallenge_counts_and_match_reference(spec, steps, ones):
    result = run_tm(spec, record_steps=1000)
    assert (result.halted, result.steps, result.ones, result.stopped_by) == (True, steps, ones,
                                                                              "halted")
    assert_matches_reference(result, reference_tm(spec, 10**6, record_steps=1000))


@pytest.mark.skipif(numba.config.DISABLE_JIT, reason="47 million steps in pure Python")
def test_bb5_champion_halts_after_47176870_steps_with_4098_ones():
    result = run_tm(BB5)
    assert (result.halted, result.steps, result.ones, result.final_state) == (
        True, 47_176_870, 4098, "Z")
    assert result.ones == int(np.count_nonzero(result.tape))
    assert result.tape_span[0] <= result.head <= result.tape_span[1]


def test_bb5_prefix_and_its_tape_match_reference():
    result = run_tm(BB5, max_steps=200_000, record_steps=500)
    assert_matches_reference(result, reference_tm(BB5, 200_000, record_steps=500))


@settings(max_examples=300)
@given(spec=tm_specs(), max_steps=st.integers(1, 2000), record_steps=st.integers(0, 50))
@example(spec="1RB---_1LA1RZ", max_steps=100, record_steps=5)
@example(spec="---0LA", max_steps=10, record_steps=3)
def test_kernel_equals_plain_python_on_random_machines(spec, max_steps, record_steps):
    assert_matches_reference(run_tm(spec, max_steps=max_steps, record_steps=record_steps),
                             reference_tm(spec, max_steps, record_steps))


@settings(max_examples=30)
@given(spec=tm_specs(max_states=3, max_symbols=2), record_steps=st.sampled_from([0, 12_000]))
@example(spec="1LA1LA", record_steps=12_000)
def test_kernel_equals_plain_python_across_tape_growth(spec, record_steps):
    # long enough for the 16 Ki-cell starting tape to grow at least once on many machines,
    # while recording (record kernel) or not (fast kernel)
    assert_matches_reference(run_tm(spec, max_steps=30_000, record_steps=record_steps),
                             reference_tm(spec, 30_000, record_steps))


@settings(max_examples=200)
@given(spec=tm_specs(max_states=26, max_symbols=10))
def test_format_inverts_parse(spec):
    assert format_tm(parse_tm(spec)) == spec
    assert parse_tm(format_tm(parse_tm(spec))) == parse_tm(spec)


@pytest.mark.parametrize("direction, spec", [("R", "1RA1RA"), ("L", "1LA1LA")])
def test_tape_grows_both_ways_without_losing_cells(direction, spec):
    result = run_tm(spec, max_steps=100_000)
    sign = 1 if direction == "R" else -1
    assert (result.stopped_by, result.steps, result.head) == ("max_steps", 100_000,
                                                              sign * 100_000)
    assert result.ones == 100_000
    assert result.tape_span == ((0, 100_000) if sign > 0 else (-100_000, 0))


def test_undefined_transition_stops_without_counting_a_step():
    result = run_tm("1RB---_---1LA")
    assert (result.stopped_by, result.steps, result.final_state, result.head) == (
        "missing_rule", 1, "B", 1)
    assert not result.halted
    assert result.tape.tolist() == [1, 0]


def test_max_steps_returns_the_partial_run():
    result = run_tm(BB5, max_steps=1000)
    assert result.stopped_by == "max_steps" and not result.halted and result.steps == 1000
    assert_matches_reference(result, reference_tm(BB5, 1000))


def test_records_stop_when_the_run_stops():
    result = run_tm(BB2, record_steps=100)
    assert len(result.record_state) == result.steps == 6


def test_any_letter_past_the_states_halts_and_is_kept_by_format():
    program = parse_tm("1RB1LF_1LA1RC")
    assert program.next_state.tolist() == [[1, 5], [0, 2]]
    assert format_tm(program) == "1RB1LF_1LA1RC"
    result = run_tm(program)
    assert result.halted and result.final_state in {"C", "F"}


def test_program_accepted_in_place_of_spec_gives_same_run():
    assert run_tm(parse_tm(BB4)).as_dict() == run_tm(BB4).as_dict()


def test_result_and_program_are_frozen():
    result = run_tm(BB2)
    with pytest.raises(AttributeError):
        result.steps = 7
    with pytest.raises(AttributeError):
        parse_tm(BB2).n_states = 3
    with pytest.raises(ValueError):
        parse_tm(BB2).write[0, 0] = 0
    assert isinstance(result, TMResult) and isinstance(parse_tm(BB2), TMProgram)


@pytest.mark.parametrize("kwargs", [{"max_steps": 0}, {"max_steps": -5}, {"max_steps": 1.5},
                                    {"record_steps": -1}, {"max_steps": True}])
def test_bad_limits_raise_invalid_argument_error(kwargs):
    with pytest.raises(InvalidArgumentError):
        run_tm(BB2, **kwargs)


def test_non_machine_raises_invalid_argument_error():
    with pytest.raises(InvalidArgumentError):
        run_tm(42)
    with pytest.raises(MalformedMachineError):
        parse_tm(42)


def test_as_dict_is_json_ready():
    import json
    data = json.loads(json.dumps(run_tm(BB2, record_steps=2).as_dict()))
    assert data["steps"] == 6 and data["tape"] == "1111" and data["record_head"] == [0, 1]


def test_reference_comparison_catches_a_run_one_step_off():
    # negative control: the field-by-field comparison must notice a planted difference
    with pytest.raises(AssertionError):
        assert_matches_reference(run_tm(BB4, max_steps=50), reference_tm(BB4, 49))
    with pytest.raises(AssertionError):
        assert_matches_reference(run_tm(BB4, max_steps=50, record_steps=3),
                                 reference_tm(BB4, 50, record_steps=2))


def test_max_tape_stops_a_machine_that_runs_right_forever_with_its_partial_tape():
    result = run_tm("1RA1RA", max_steps=10**9, max_tape=50_000)
    assert result.stopped_by == "max_tape" and not result.halted
    assert result.tape_span == (0, 49_999)  # exactly: the next step would visit cell 50,000
    assert result.steps == result.ones == 49_999  # one 1 written per step, none overwritten


@settings(max_examples=150)
@given(spec=turing_machines(max_states=4, max_symbols=3, undefined=True),
       max_tape=st.integers(1, 40), max_steps=st.integers(1, 3000),
       record_steps=st.sampled_from([0, 5, 3000]))
@example(spec="1RA1RA", max_tape=1, max_steps=10, record_steps=0)
@example(spec="1RB1LA_1LA1RZ", max_tape=2, max_steps=10, record_steps=0)
def test_max_tape_stops_exactly_where_the_reference_does(spec, max_tape, max_steps,
                                                         record_steps):
    assert_matches_reference(
        run_tm(spec, max_steps=max_steps, max_tape=max_tape, record_steps=record_steps),
        reference_tm(spec, max_steps, record_steps, max_tape=max_tape))


@settings(max_examples=20, deadline=None)
@given(spec=turing_machines(max_states=3, max_symbols=2), max_tape=st.integers(16_000, 40_000))
@example(spec="1RA1RA", max_tape=20_000)
@example(spec="1LA1LA", max_tape=16_384)
def test_max_tape_stops_exactly_after_the_tape_has_grown(spec, max_tape):
    # past the 16 Ki-cell starting tape: the unchecked kernel hands over to the checked one
    assert_matches_reference(run_tm(spec, max_steps=60_000, max_tape=max_tape),
                             reference_tm(spec, 60_000, max_tape=max_tape))


def test_reference_comparison_catches_a_max_tape_stop_one_cell_off():
    # negative control: an engine stopping one cell early (or late) is caught
    with pytest.raises(AssertionError):
        assert_matches_reference(run_tm("1RA1RA", max_tape=30),
                                 reference_tm("1RA1RA", 100, max_tape=31))


def test_a_record_that_cannot_fit_in_memory_is_refused_before_running():
    from simulators.errors import MemoryBudgetError
    with pytest.raises(MemoryBudgetError):
        run_tm("1RA1RA", max_steps=10**12, record_steps=10**12)


def test_json_tape_is_cut_unless_asked_for_in_full():
    result = run_tm("1RA1RA", max_steps=1000)
    assert (len(result.as_dict(100)["tape"]), result.as_dict(100)["tape_truncated"]) == (100, True)
    assert len(result.as_dict()["tape"]) == len(result.tape) == 1001


@pytest.mark.parametrize("seconds", [float("inf"), 1e-9])  # as Python; handed over after 4,096 steps
@pytest.mark.parametrize("spec, options", [
    (BB4, {}), (BB5, {"max_steps": 30_000}), (BB5, {"max_steps": 20_000, "record_steps": 5_000}),
    (BB5, {"max_steps": 20_000, "max_tape": 30}), ("1RA1RA", {"max_steps": 40_000}),
    ("1RB---_1LA1RZ", {}),
])
def test_a_run_as_python_and_one_handed_over_equal_the_compiled_run(seconds, spec, options):
    from simulators import jit

    with jit.forced_interpreter(0):
        compiled = run_tm(spec, **options)
    with jit.forced_interpreter(seconds):
        other = run_tm(spec, **options)
    for name in TMResult.__dataclass_fields__:
        assert np.array_equal(getattr(other, name), getattr(compiled, name)), name
