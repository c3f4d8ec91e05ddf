"""Every engine ends its runs with a word of the one stop vocabulary, simulators.stops."""

import pytest

from simulators import accounting, stops
from simulators.lag import make_lag_system, run_lag
from simulators.pram import ProgramBuilder, isa, run_pram
from simulators.tag import make_cyclic_tag_system, make_tag_system, run_cyclic_tag, run_tag
from simulators.tm import run_tm


def pram_copy():
    builder = ProgramBuilder("copy")
    cell = builder.alloc(1)
    builder.set_input(cell, 1)
    builder.set_output(cell, 1)
    for _ in range(2):
        with builder.step():
            builder.emit(isa.ADD_I, proc=[0], dst=[cell], a=[cell], b=[0])
    return builder.build("EREW")


RUNS = {
    "tm halts": lambda: run_tm("1RB1LB_1LA1RZ").stopped_by,
    "tm step limit": lambda: run_tm("1RB1LB_1LA1RZ", max_steps=2).stopped_by,
    "tm tape limit": lambda: run_tm("1RA1RA", max_tape=4).stopped_by,
    "tm undefined": lambda: run_tm("1RB---_1LA1RZ", max_steps=50).stopped_by,
    "tag halts": lambda: run_tag(make_tag_system({"a": "b", "b": ""}, m=1), "a").stopped_by,
    "tag length limit": lambda: run_tag(make_tag_system({"a": "aa"}, m=1), "a",
                                        max_length=5).stopped_by,
    "lag missing rule": lambda: run_lag(make_lag_system({"ab": "b"}, on_missing="halt"),
                                        "ab").stopped_by,
    "cyclic tag empties": lambda: run_cyclic_tag(make_cyclic_tag_system("0"), "1").stopped_by,
    "pram halts": lambda: run_pram(pram_copy(), [1]).stopped_by,
    "pram step limit": lambda: run_pram(pram_copy(), [1], max_steps=1).stopped_by,
}


@pytest.mark.parametrize("name", RUNS)
def test_every_engine_stops_with_a_reason_of_the_vocabulary(name):
    assert RUNS[name]() in stops.STOP_REASONS


def test_generation_kernels_codes_name_reasons_of_the_vocabulary_and_limits_are_reasons():
    assert set(accounting.REASON_NAMES) <= set(stops.STOP_REASONS)
    assert stops.LIMIT_REASONS <= set(stops.STOP_REASONS)
