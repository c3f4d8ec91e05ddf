"""The numpy PRAM step semantics the compilers share agree with the PRAM engine's access trace."""

import numpy as np
from hypothesis import given, settings

from proofs.constructions.pram_inputs import PROGRAMS, pram_instance
from proofs.constructions.pram_steps import direct_targets, execute_step, resolve_writes
from simulators.errors import MalformedMachineError
from simulators.pram import run_pram
from tests.proofs.constructions.pram_programs import pram_programs


def check_against_trace(program, values):
    try:
        traced = run_pram(program, values, trace=True)
    except MalformedMachineError:
        return
    memory = program.initial_memory.copy()
    memory[program.input_start:program.input_start + program.input_length] = values
    for t in range(program.steps):
        target, value, processor = execute_step(program, t, lambda cells: memory[cells])
        _, _, address, written, won = traced.trace.step(t)
        assert np.array_equal(target, address)
        assert np.array_equal(value[target >= 0], written[address >= 0])
        cells, winners = resolve_writes(target, value, processor, program.mode)
        assert set(cells) == set(address[won]) and set(cells) <= set(direct_targets(
            program, t)) | set(address[won])
        memory[cells] = winners
    assert np.array_equal(memory[program.output_start:program.output_start
                                 + program.output_length], traced.output)


def test_library_programs_step_by_step():
    for name in PROGRAMS:
        check_against_trace(*pram_instance(name, n=12, seed=3))


@settings(max_examples=80, deadline=None)
@given(pram_programs())
def test_random_programs_step_by_step(case):
    check_against_trace(*case)
