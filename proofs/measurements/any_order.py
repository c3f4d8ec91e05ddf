"""Theorem 3 measured: the Masked-ARM that replays Theorem 1's prefix-sums MDM, per token written."""

from proofs.measurements import Measurement

__all__ = ["MEASUREMENTS"]


def _masked_arm_steps(n, seed):
    from proofs.constructions.mdm_to_masked_arm import resource_rows
    row = resource_rows("prefix_sum_hillis_steele", [n], seed)[0]
    return {"n": n, "x": row["mdm_tokens"], "value": row["marm_steps"],
            "correct": row["same_canvas"] and row["same_steps"]}


MEASUREMENTS = {
    "T3": Measurement(_masked_arm_steps, (4, 8, 16, 32, 64), (4, 8, 16)),
}
