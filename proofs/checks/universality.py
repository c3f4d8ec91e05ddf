"""ARM universality (U-lag): a Turing machine run through a lag system on a sliding-window ARM."""

from proofs.checks import Measurement

__all__ = ["MEASUREMENTS", "MACHINE"]

MACHINE = "1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA"
"""The five-state busy beaver champion (bbchallenge notation): it runs 47,176,870 steps,
so every size n here stops it after exactly n steps, with a tape that keeps growing."""


def _arm_steps(n, seed):
    from proofs.constructions.tm_to_arm import resource_rows
    row = resource_rows([MACHINE], max_steps=n)[0]
    return {"n": n, "x": row["tm_steps"], "value": row["arm_steps"], "correct": row["same"]}


MEASUREMENTS = {
    "U-lag": Measurement(_arm_steps, (10, 20, 40, 80, 160, 320), (10, 20, 40, 80)),
}
