"""The PRAM comparison says True when the compiled machine's output is the PRAM's, False when not."""

import dataclasses

import pytest
from hypothesis import given, settings

from proofs.constructions.mdm_budget import mdm_budget
from proofs.constructions.pram_comparison import compare_with_pram
from proofs.constructions.pram_inputs import pram_instance
from proofs.constructions.pram_to_apmdm import pram_to_apmdm
from proofs.constructions.pram_to_mdm import pram_to_mdm
from simulators.errors import MalformedMachineError
from tests.proofs.constructions.pram_programs import pram_programs


def test_both_theorems_agree_with_the_pram_and_the_row_carries_both_runs():
    program, cells = pram_instance("tree_sum", n=8, seed=3)
    for compiler in (pram_to_mdm, pram_to_apmdm):
        comparison = compare_with_pram(compiler, program, cells)
        row = comparison.row(8)
        assert comparison.correct is True and row["correct"] is True
        assert row["T"] == comparison.source.parallel_time
        assert row["steps"] == comparison.result.resources.steps


def test_a_compiler_that_decodes_wrong_is_caught():
    def off_by_one(program):
        compiled = pram_to_mdm(program)
        return dataclasses.replace(compiled, decode=lambda final: compiled.decode(final) + 1)

    program, cells = pram_instance("tree_sum", n=8, seed=3)
    assert compare_with_pram(off_by_one, program, cells).correct is False


def test_a_run_cut_short_has_no_verdict():
    program, cells = pram_instance("tree_sum", n=8, seed=3)
    assert compare_with_pram(pram_to_mdm, program, cells, max_steps=1).correct is None


@pytest.mark.parametrize("compiler", [pram_to_mdm, pram_to_apmdm])
@settings(max_examples=60, deadline=None)
@given(case=pram_programs())
def test_random_programs_agree_with_the_pram_within_the_bound_or_both_refuse(compiler, case):
    program, values = case
    try:
        comparison = compare_with_pram(compiler, program, values)
    except MalformedMachineError:  # a conflicting write: the compiled machine refuses too
        with pytest.raises(MalformedMachineError):
            compiler(program).run(values)
        return
    resources, bound = comparison.result.resources, comparison.compiled.bound
    assert comparison.correct is True
    assert resources.steps == bound["steps"]  # Theorem 1: T; Theorem 4: 2T + 1
    assert resources.peak_context <= bound["context"]
    if compiler is pram_to_mdm:
        assert mdm_budget(comparison.result)["holds"]
