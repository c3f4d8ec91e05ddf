"""TM -> lag -> sliding-window ARM, read back: same halting, tape and steps as the TM engine."""

import pytest
from hypothesis import given, settings

from proofs.constructions.tm_to_arm import resource_rows, run_tm_via_lag
from simulators.errors import InvalidArgumentError, MalformedMachineError
from simulators.tm import run_tm
from tests.proofs.constructions.tm_machines import BUSY_BEAVERS, small_tms


@pytest.mark.parametrize("name", sorted(BUSY_BEAVERS))
def test_busy_beavers_are_reproduced_exactly(name):
    spec, steps, ones = BUSY_BEAVERS[name]
    row = resource_rows([spec])[0]
    assert row["same"] and row["halted"] and (row["steps"], row["ones"]) == (steps, ones)
    assert row["arm_steps_per_production"] < 2.2 and row["productions_per_step"] < 4 + steps


@settings(max_examples=40, deadline=None)
@given(small_tms())
def test_random_machines_are_reproduced_up_to_max_steps(spec):
    assert resource_rows([spec], max_steps=40)[0]["same"]


def test_max_steps_stops_exactly_where_the_tm_engine_does():
    spec = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"  # BB(5) champion
    for limit in (1, 7, 30):
        via, reference = run_tm_via_lag(spec, max_steps=limit), run_tm(spec, max_steps=limit)
        assert (via.steps, via.stopped_by, via.ones) == (limit, "max_steps", reference.ones)


def test_negative_control_a_window_one_token_too_short_is_caught():
    spec = BUSY_BEAVERS["BB(3)"][0]
    needed = run_tm_via_lag(spec).window_needed
    assert run_tm_via_lag(spec, window=needed).halted
    short = run_tm_via_lag(spec, window=needed - 1)
    assert short.stopped_by == "max_context" and not short.halted
    assert short.steps < BUSY_BEAVERS["BB(3)"][1]


def test_bad_arguments_are_refused():
    with pytest.raises(MalformedMachineError):
        run_tm_via_lag("1RB")
    with pytest.raises(InvalidArgumentError):
        run_tm_via_lag("1RB1LB_1LA1RZ", window=0)
    with pytest.raises(InvalidArgumentError):
        run_tm_via_lag("1RB1LB_1LA1RZ", max_steps=0)


def test_an_arm_budget_cut_to_fit_memory_is_a_context_limit_not_max_steps():
    from simulators.validation import set_memory_budget

    set_memory_budget(64 * 200)  # the ARM may take 200 steps: far fewer than 50 TM steps need
    result = run_tm_via_lag("0RB0RB_0LA0LA", max_steps=50)  # never halts
    assert result.steps < 50 and result.arm_steps == 200
    assert result.stopped_by == "max_context"


def test_an_interrupted_arm_run_is_reported_as_interrupted(monkeypatch):
    import dataclasses

    import proofs.constructions.tm_to_arm as module

    real_run = module.run

    def interrupted_after_300_steps(machine, policy, x0, max_steps):  # as if Ctrl-C came then
        partial = real_run(machine, policy, x0, max_steps=300)
        return dataclasses.replace(partial, stopped_by="interrupted")
    monkeypatch.setattr(module, "run", interrupted_after_300_steps)
    result = run_tm_via_lag("0RB0RB_0LA0LA", max_steps=1000)
    assert result.stopped_by == "interrupted" and result.steps < 1000
