"""Theorems 1, 2 and 4 measured on the PRAM library's programs and their compiled machines."""

from proofs.checks import Measurement

__all__ = ["MEASUREMENTS"]

SIZES = (4, 8, 16, 32, 64, 128, 256)
QUICK = (4, 8, 16, 32)


def _mdm(program, resource, x="n"):
    def function(n, seed):
        from proofs.constructions.pram_to_mdm import resource_rows
        row = resource_rows(program, [n], seed)[0]
        return {"n": n, "x": row[x], "value": row[resource], "correct": row["correct"],
                "serial_cost": row["serial_cost"], "peak_context": row["peak_context"]}
    return function


def _apmdm(program, resource, x="n"):
    def function(n, seed):
        from proofs.constructions.pram_to_apmdm import resource_rows
        row = resource_rows(program, [n], seed)[0]
        return {"n": n, "x": row[x], "value": row[resource], "correct": row["correct"]}
    return function


def _counter_steps(context, seed):
    from proofs.constructions.mdm_budget import resource_rows
    row = resource_rows([context])[0]
    return {"n": context, "value": row["apmdm_steps"],
            "correct": row["apmdm_count"] == 2 ** context - 1}


COUNTER_SIZES = (4, 6, 8, 10, 12)

MEASUREMENTS = {
    "T1": Measurement(_mdm("list_ranking", "steps", x="T"), SIZES, QUICK),
    "T1-prefix-sums-steps": Measurement(_mdm("prefix_sum_hillis_steele", "steps"), SIZES, QUICK),
    "T1-prefix-sums-context": Measurement(_mdm("prefix_sum_hillis_steele", "peak_context"),
                                          SIZES, QUICK),
    "T1-list-ranking-steps": Measurement(_mdm("list_ranking", "steps"), SIZES, QUICK),
    "T1-connectivity-steps": Measurement(_mdm("connectivity", "steps"), (4, 8, 16, 32),
                                         (4, 8, 16)),
    "T2": Measurement(_mdm("list_ranking", "serial_cost", x="peak_context"), SIZES, QUICK),
    "T2-prefix-sums": Measurement(_mdm("prefix_sum_hillis_steele", "serial_cost",
                                       x="peak_context"), SIZES, QUICK),
    "T4": Measurement(_apmdm("list_ranking", "peak_context", x="memory"), SIZES, QUICK),
    "T4-prefix-sums-context": Measurement(_apmdm("prefix_sum_hillis_steele", "peak_context"),
                                          SIZES, QUICK),
    "T4-prefix-sums-steps": Measurement(_apmdm("prefix_sum_hillis_steele", "steps"),
                                        SIZES, QUICK),
    "T4-counter-steps": Measurement(_counter_steps, COUNTER_SIZES, (4, 6, 8, 10)),
    "NEG-apmdm-counter-polynomial-steps": Measurement(_counter_steps, COUNTER_SIZES,
                                                      (4, 6, 8, 10)),
}
