"""The kit's strategies for classical machines give valid machines that exercise every branch."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulators.lag import make_lag_system, run_lag
from simulators.pram import run_pram
from simulators.tag import make_tag_system, run_tag
from simulators.testing import strategies as gst
from simulators.tm import format_tm, parse_tm, run_tm


@settings(max_examples=5, derandomize=True)
@given(st.data())
def test_turing_machines_with_three_symbols_mostly_read_a_symbol_above_one(data):
    reads_high = 0
    for _ in range(40):
        spec = data.draw(gst.turing_machines(max_states=4, max_symbols=4).filter(
            lambda s: len(s.split("_")[0]) >= 9))  # at least three symbols
        assert format_tm(parse_tm(spec)) == spec
        result = run_tm(spec, max_steps=60, record_steps=60)
        reads_high += bool(np.any(result.record_symbol >= 2))
    assert reads_high >= 24, f"only {reads_high} of 40 runs read a symbol >= 2"


@settings(max_examples=50)
@given(gst.tag_systems())
def test_tag_systems_have_a_rule_for_every_symbol(case):
    rules, m, word = case
    result = run_tag(make_tag_system(rules, m=m), word, max_steps=100)
    assert result.stopped_by != "missing_rule"


@settings(max_examples=50)
@given(gst.lag_systems())
def test_lag_systems_have_a_rule_for_every_window(case):
    rules, word = case
    result = run_lag(make_lag_system(rules), word, max_steps=100)
    assert result.stopped_by != "missing_rule"


@settings(max_examples=30)
@given(gst.pram_programs(max_n=32))
def test_pram_programs_run_on_their_inputs(case):
    name, program, inputs = case
    expected = {"prefix_sum_hillis_steele": np.cumsum(inputs), "prefix_sum_blelloch":
                np.cumsum(inputs), "tree_sum": [inputs.sum()], "parity": [inputs.sum() % 2]}[name]
    assert run_pram(program, inputs).output.tolist() == list(expected)
