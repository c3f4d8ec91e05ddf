"""Theorem 1's MDM policy: time per step flat within a run and across T (no replay)."""

import time

import numpy as np

from genpower.benchmarks import BenchRow
from proofs.constructions.pram_to_mdm import pram_to_mdm
from simulators.pram import ProgramBuilder, isa, run_pram
from simulators.run import run as run_machine

__all__ = ["run"]


def _uniform_program(cells, steps):
    """Every step: each of ``cells`` processors adds its right neighbour (same P each step)."""
    builder = ProgramBuilder(f"neighbour_sums({cells}, {steps})")
    base = builder.alloc(cells)
    builder.set_input(base, cells)
    builder.set_output(base, cells)
    index = np.arange(cells)
    for _ in range(steps):
        with builder.step():
            builder.emit(isa.ADD, proc=index, dst=base + index, a=base + index,
                         b=base + (index + 1) % cells)
    return builder.build("CREW")


def _late_over_early(program, cells, repeat):
    """Best policy time per row on the last tenth of the steps over the first tenth."""
    compiled = pram_to_mdm(program)
    result = run_machine(compiled.machine, compiled.policy, compiled.prompt(cells), record=True,
                         check_stateless=False)
    expected = run_pram(program, cells).output
    assert np.array_equal(compiled.decode(result.final), expected)
    steps = program.steps
    tenth = max(1, steps // 10)
    chosen = set(range(tenth)) | set(range(steps - tenth, steps))
    per_row = {}
    for t, state in enumerate(result.trace.iter_states()):
        if t not in chosen:
            continue
        state.flags.writeable = False
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            compiled.policy(state)
            best = min(best, time.perf_counter() - start)
        per_row[t] = best / (program.step_offsets[t + 1] - program.step_offsets[t])
    early = np.median([per_row[t] for t in range(tenth)])
    late = np.median([per_row[t] for t in range(steps - tenth, steps)])
    return late / early, early, late, result.resources.peak_context


def run(quick):
    """Return the rows: the Theorem 1 policy's late/early step time, and late steps at 4x the T."""
    repeat = 3 if quick else 7
    cells, steps = (128, 128) if quick else (512, 256)
    ratio, early, late, context = _late_over_early(_uniform_program(cells, steps),
                                                   np.arange(cells), repeat)
    rows = [BenchRow(
        "t1 mdm policy: late/early step time", ratio, "x", goal="<= 2x (flat in t)",
        met=ratio <= 2, detail=f"P = {cells} every step, T = {steps}, canvas {context:,} "
        f"tokens; {early * 1e6:.2f} us per row early; best of {repeat}, median over the "
        "first and the last tenth of the steps")]
    longer, _, late_longer, context = _late_over_early(_uniform_program(cells, 4 * steps),
                                                       np.arange(cells), repeat)
    rows.append(BenchRow(
        "t1 mdm policy: late step time at 4T / at T", late_longer / late, "x",
        goal="<= 2x (O(log PT) per row)", met=late_longer / late <= 2,
        detail=f"same P = {cells}, T = {4 * steps} (canvas {context:,} tokens) against "
        f"T = {steps}; late/early within the longer run {longer:.3f}x"))
    return rows
