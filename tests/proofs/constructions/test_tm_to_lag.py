"""TM -> lag system: halts like the TM, on the same tape, 3 + w_t productions per TM step."""

import numpy as np
import pytest
from hypothesis import given, settings

from proofs.constructions.tm_to_lag import initial_word, passes, read_tape, tm_to_lag
from simulators.errors import MalformedMachineError
from simulators.lag import run_lag
from simulators.tm import run_tm
from tests.proofs.constructions.tm_machines import BUSY_BEAVERS, small_tms


def expected_productions(reference):
    """Σ over TM steps of (3 + cells visited before it), plus the unfinished last pass."""
    heads = reference.record_head
    total = sum(3 + int(heads[:t + 1].max() - heads[:t + 1].min() + 1)
                for t in range(reference.steps))
    return total + 2 + (reference.head - reference.tape_offset)


def check_against_tm(spec):
    reference = run_tm(spec, max_steps=500, record_steps=500)
    if reference.stopped_by == "max_steps":
        return False
    system = tm_to_lag(spec)
    result = run_lag(system, initial_word(), max_steps=10**6, record_steps=10**6)
    assert result.stopped_by == "missing_rule"
    tape, head, state = read_tape(result.final_word.split(), mid_pass=True)
    assert tape == "".join(str(int(c)) for c in reference.tape)
    assert (head, state) == (reference.head - reference.tape_offset, reference.final_state)
    assert passes(system, result) == reference.steps
    assert result.steps == expected_productions(reference)
    return True


@pytest.mark.parametrize("name", sorted(BUSY_BEAVERS))
def test_busy_beavers_halt_on_the_same_tape_after_the_same_steps(name):
    assert check_against_tm(BUSY_BEAVERS[name][0])


@settings(max_examples=80, deadline=None)
@given(small_tms())
def test_random_machines_that_stop_stop_the_same_way(spec):
    check_against_tm(spec)


def test_negative_control_a_wrong_rule_changes_the_tape():
    spec = BUSY_BEAVERS["BB(3)"][0]
    system = tm_to_lag(spec)
    window = system.alphabet.encode(["#", "#", "#"])
    size = system.alphabet.size
    code = (int(window[0]) * size + int(window[1])) * size + int(window[2])
    broken_offsets = system.offsets.copy()
    # make '# # #' produce nothing: the word loses a marker and the run goes wrong
    broken_offsets[code + 1:] -= broken_offsets[code + 1] - broken_offsets[code]
    productions = np.delete(system.productions,
                            np.s_[system.offsets[code]:system.offsets[code + 1]])
    broken = type(system)(system.m, system.alphabet, broken_offsets, productions,
                          system.has_rule, system.is_halt, system.on_missing, system.n_rules)
    result = run_lag(broken, initial_word(), max_steps=10**5, record_steps=10**5)
    with pytest.raises(MalformedMachineError):
        read_tape(result.final_word.split(), mid_pass=result.stopped_by == "missing_rule")


def test_too_large_machines_are_refused():
    with pytest.raises(MalformedMachineError):
        tm_to_lag("_".join(["1RB" * 10] * 26))
