"""The PRAM comparison says True when the compiled machine's output is the PRAM's, False when not."""

import dataclasses

from proofs.constructions.pram_comparison import compare_with_pram
from proofs.constructions.pram_inputs import pram_instance
from proofs.constructions.pram_to_apmdm import pram_to_apmdm
from proofs.constructions.pram_to_mdm import pram_to_mdm


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
