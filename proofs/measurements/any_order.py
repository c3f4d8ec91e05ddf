"""Theorem 3 measured: the Masked-ARM that replays Theorem 1's prefix-sums MDM, per token written."""

from proofs.measurements import Measurement

__all__ = ["MEASUREMENTS", "masked_arm_steps"]


def masked_arm_steps(source):
    """Row at size n: the steps of Theorem 3's Masked-ARM replaying the MDM of ``source``
    (an MDM task or PRAM program, :func:`proofs.constructions.mdm_to_masked_arm.mdm_source`),
    against the tokens that MDM wrote; correct if both reach the same canvas in the
    counted steps."""

    def function(n, seed):
        from proofs.constructions.mdm_to_masked_arm import resource_rows
        row = resource_rows(source, [n], seed)[0]
        return {"n": n, "x": row["mdm_tokens"], "value": row["marm_steps"],
                "correct": row["same_canvas"] and row["same_steps"]}

    return function


MEASUREMENTS = {
    "T3": Measurement(masked_arm_steps("prefix_sum_hillis_steele"), (4, 8, 16, 32, 64),
                      (4, 8, 16)),
}
