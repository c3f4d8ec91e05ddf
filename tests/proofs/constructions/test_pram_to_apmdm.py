"""Theorem 4: PRAM memory rewritten in place on AP-MDM, O(S) context for any T, 2T + 1 steps."""

import numpy as np
import pytest

from proofs.constructions.pram_inputs import PROGRAMS, pram_instance
from proofs.constructions.pram_to_apmdm import pram_to_apmdm, resource_rows
from simulators.errors import InvalidArgumentError
from simulators.pram import ProgramBuilder, isa, run_pram
from simulators.run import run


@pytest.mark.parametrize("program", PROGRAMS)
def test_every_library_program_gives_the_pram_output_in_2T_plus_1_steps(program):
    for row in resource_rows(program, [4, 16, 64], seed=5):
        assert row["correct"] is True
        assert row["steps"] == row["bound_steps"] == 2 * row["T"] + 1
        assert row["peak_context"] <= row["bound_context"]
        assert row["context_per_S"] <= 10  # 8·(S + 1) over the cells the PRAM touched
        # every write is an insert, a remask, an unmask and a delete: the area grows and shrinks
        assert row["inserts"] == row["remasks"] == row["deletes"] > 0


def _counting_program(steps, cells=8):
    builder = ProgramBuilder(f"count({steps})")
    base = builder.alloc(cells)
    builder.set_input(base, cells)
    builder.set_output(base, cells)
    for _ in range(steps):
        with builder.step():
            builder.emit(isa.ADD_I, proc=range(cells), dst=base + np.arange(cells),
                         a=base + np.arange(cells), b=1)
    return builder.build("EREW")


def test_peak_context_does_not_grow_with_T():
    peaks = set()
    for steps in (1, 5, 25, 125):
        result, output = pram_to_apmdm(_counting_program(steps)).run(np.arange(8))
        assert output.tolist() == (np.arange(8) + steps).tolist()
        peaks.add(result.resources.peak_context)
    assert peaks == {4 * 9 * 2}


def test_negative_control_forgetting_the_remask_is_caught():
    program, cells = pram_instance("prefix_sum_blelloch", n=16, seed=0)
    compiled = pram_to_apmdm(program)

    def forgets(x):
        edit = compiled.policy(x)
        if edit is None:
            return None
        ctrl = edit.ctrl.copy()
        ctrl[:, 0] = 0
        return edit._replace(ctrl=ctrl)

    result = run(compiled.machine, forgets, compiled.prompt(cells))
    output = compiled.decode(result.final)
    assert output is None or not np.array_equal(output, run_pram(program, cells).output)


def test_policy_stops_on_a_canvas_it_never_makes():
    program, cells = pram_instance("tree_sum", n=8, seed=0)
    compiled = pram_to_apmdm(program)
    x = compiled.prompt(cells)
    assert compiled.policy(x[:-1]) is None
    assert compiled.decode(x[:-1]) is None


def test_bad_inputs_are_refused():
    with pytest.raises(InvalidArgumentError):
        pram_to_apmdm(None)
    program, cells = pram_instance("parity", n=4, seed=0)
    with pytest.raises(InvalidArgumentError):
        pram_to_apmdm(program).prompt(np.zeros(5, dtype=np.int64))
