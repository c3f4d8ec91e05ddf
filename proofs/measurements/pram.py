"""Theorems 1, 2 and 4 measured on the PRAM library's programs and their compiled machines,
and Theorem 2's contrast: the longest MDM run at context S against the AP-MDM counter."""

import numpy as np

from proofs.measurements import Measurement, room

__all__ = ["MEASUREMENTS"]

SIZES = (4, 8, 16, 32, 64, 128, 256)
QUICK = (4, 8, 16, 32, 64, 128)


def _compiled(compiler, program_name, n, seed, steps_bound):
    """Run the PRAM program and its compiled machine (room(steps_bound(T)) steps at most)."""
    from proofs.constructions.pram_inputs import pram_instance
    from simulators.pram import run_pram
    program, cells = pram_instance(program_name, n=n, seed=seed)
    source = run_pram(program, cells)
    if source.stopped_by == "interrupted":  # the reference run: no partial answer
        raise KeyboardInterrupt
    limit = room(steps_bound(source.parallel_time))
    result, output = compiler(program).run(cells, max_steps=limit)
    correct = None if result.hit_limit else bool(
        output is not None and np.array_equal(output, source.output))
    row = {"correct": correct, "limit": f"max_steps {limit}"}
    if result.stopped_by == "no_masks" or compiler.__name__ != "pram_to_mdm" or not correct:
        return source, result.resources, row
    return source, result.resources, row | {
        "correct": False, "why": f"the MDM stopped ({result.stopped_by}) with masks left"}


def _mdm(program, resource, x="n"):
    def function(n, seed):
        from proofs.constructions.pram_to_mdm import pram_to_mdm
        source, resources, row = _compiled(pram_to_mdm, program, n, seed, lambda t: t)
        return row | {"n": n, "x": {"n": n, "T": source.parallel_time,
                                     "peak_context": resources.peak_context}[x],
                      "value": getattr(resources, resource),
                      "serial_cost": resources.serial_cost,
                      "peak_context": resources.peak_context}
    return function


def _apmdm(program, resource, x="n"):
    def function(n, seed):
        from proofs.constructions.pram_to_apmdm import pram_to_apmdm
        source, resources, row = _compiled(pram_to_apmdm, program, n, seed, lambda t: 2 * t + 1)
        return row | {"n": n, "x": {"n": n, "memory": source.memory_cells}[x],
                      "value": getattr(resources, resource)}
    return function


def _counter(machine):
    """Row at S: the counter of ``machine`` (``mdm_budget.counter``) with S cells; x is the
    run's measured peak context, value its steps; room(2·(2^S − 1)) steps at most."""

    def function(context, seed):
        from proofs.constructions.mdm_budget import counter, counter_value
        from simulators.run import run
        limit = room(2 * (2 ** context - 1))
        result = run(*counter(context, machine), max_steps=limit)
        count = counter_value(result.final, machine)
        goal = 2 ** context - 1 if machine == "apmdm" else context
        row = {"n": context, "x": result.resources.peak_context,
               "value": result.resources.steps, "limit": f"max_steps {limit}",
               "correct": None if result.hit_limit else count == goal,
               "why": f"the counter reached {count}, not {goal}"}
        if machine == "mdm":
            row |= {"serial_cost": result.resources.serial_cost,
                    "peak_context": result.resources.peak_context}
        return row

    return function


COUNTER_SIZES = (4, 6, 8, 10, 12, 14)
QUICK_COUNTER = (4, 6, 8, 10, 12)

MEASUREMENTS = {
    "T1": Measurement(_mdm("list_ranking", "steps", x="T"), SIZES, QUICK),
    "T1-prefix-sums-steps": Measurement(_mdm("prefix_sum_hillis_steele", "steps"), SIZES, QUICK),
    "T1-prefix-sums-context": Measurement(_mdm("prefix_sum_hillis_steele", "peak_context"),
                                          SIZES, QUICK),
    "T1-list-ranking-steps": Measurement(_mdm("list_ranking", "steps"), SIZES, QUICK),
    "T1-connectivity-steps": Measurement(_mdm("connectivity", "steps"), SIZES,
                                         (4, 8, 16, 32, 128)),
    "T2": Measurement(_mdm("list_ranking", "serial_cost", x="peak_context"), SIZES, QUICK),
    "T2-prefix-sums": Measurement(_mdm("prefix_sum_hillis_steele", "serial_cost",
                                       x="peak_context"), SIZES, QUICK),
    "T2-mdm-counter-steps": Measurement(_counter("mdm"), COUNTER_SIZES, QUICK_COUNTER),
    "T4": Measurement(_apmdm("list_ranking", "peak_context", x="memory"), SIZES, QUICK),
    "T4-prefix-sums-context": Measurement(_apmdm("prefix_sum_hillis_steele", "peak_context"),
                                          SIZES, QUICK),
    "T4-prefix-sums-steps": Measurement(_apmdm("prefix_sum_hillis_steele", "steps"),
                                        SIZES, QUICK),
    "T4-counter-steps": Measurement(_counter("apmdm"), COUNTER_SIZES, QUICK_COUNTER),
    "NEG-apmdm-counter-polynomial-steps": Measurement(_counter("apmdm"), COUNTER_SIZES,
                                                      QUICK_COUNTER),
    "NEG-mdm-counter-beyond-law": Measurement(_counter("mdm"), COUNTER_SIZES, QUICK_COUNTER),
}
