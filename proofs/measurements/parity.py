"""Parity on three machines (E-parity, T1, T2, T3 on parity) and its negative controls."""

import math

import numpy as np

from proofs.measurements import Measurement, room
from proofs.measurements.any_order import masked_arm_steps
from proofs.tasks import run_task

__all__ = ["MEASUREMENTS", "cheating_policy"]

SIZES = (4, 16, 64, 256, 1024, 4096)
QUICK = (4, 16, 64, 256)
CALIBRATION = (2,)
"""The separate run the controls with no stated constant are calibrated on."""


def _bits(n, seed):
    from theory.families import parity
    return parity.generate(n, rng=seed)


STEP_BOUNDS = {"apmdm": lambda n: 2 * n, "mdm": lambda n: math.ceil(math.log2(n)),
               "arm": lambda n: n + 1}
"""The step bound each parity claim is judged against (theory.claims); runs get room() of it."""


def _run(machine, n, seed, resource):
    limit = room(STEP_BOUNDS[machine](n))
    outcome = run_task("parity", _bits(n, seed), machine, max_steps=limit)
    resources = outcome.result.resources
    row = {"n": n, "value": getattr(resources, resource), "correct": outcome.correct,
           "limit": f"max_steps {limit}"}
    if machine == "mdm" and outcome.result.stopped_by != "no_masks" and outcome.correct:
        row |= {"correct": False, "why": f"the MDM stopped ({outcome.result.stopped_by}) "
                "with masks left: its run is not finished"}
    if machine == "mdm":
        row |= {"serial_cost": resources.serial_cost, "peak_context": resources.peak_context}
    return row


def _serial_cost(n, seed):
    row = _run("mdm", n, seed, "serial_cost")
    return row | {"x": row["peak_context"]}


def cheating_policy():
    """Return a fresh AP-MDM parity policy that keeps hidden state (a negative control).

    Its first call reads the bits' parity into a closure and remasks every bit; its
    second call deletes the masks and writes the remembered answer: two steps at any n,
    which no policy that sees only the sequence can do. ``run``'s stateless audit
    re-asks it about an earlier state and must refuse it.
    """
    from proofs.oracles.parity import ONE
    memory = {}

    def policy(x):
        body = np.arange(1, len(x), dtype=np.int64)
        if not memory:
            memory["odd"] = int(np.count_nonzero(x == ONE) % 2)
            ctrl = np.zeros((len(body), 3), dtype=np.uint8)
            ctrl[:, 0] = 1
            return body, np.zeros(len(body), dtype=np.int32), ctrl
        if len(x) == 1 or (len(x) == 2 and x[1] == ONE):
            return None
        ctrl = np.zeros((len(body), 3), dtype=np.uint8)
        ctrl[:, 2] = 1
        tokens = np.zeros(len(body), dtype=np.int32)
        if memory["odd"]:
            ctrl[0, 2] = 0
            tokens[0] = ONE
        return body, tokens, ctrl

    return policy


def _cheating_steps(n, seed, check_stateless=True):
    from proofs.oracles.parity import VOCAB, apmdm_answer, apmdm_prompt
    from simulators.machines import APMDM
    from simulators.run import run
    from theory.families import parity
    bits = _bits(n, seed)
    result = run(APMDM(VOCAB), cheating_policy(), apmdm_prompt(bits), max_steps=room(2 * n),
                 check_stateless=check_stateless)
    return {"n": n, "value": result.resources.steps,
            "correct": parity.verify(bits, apmdm_answer(result.final))}


def _steps(machine):
    return lambda n, seed: _run(machine, n, seed, "steps")


MEASUREMENTS = {
    "E-parity": Measurement(_steps("apmdm"), SIZES, QUICK),
    "E-parity-apmdm-steps": Measurement(_steps("apmdm"), SIZES, QUICK),
    "E-parity-apmdm-context": Measurement(lambda n, seed: _run("apmdm", n, seed, "peak_context"),
                                          SIZES, QUICK),
    "E-parity-mdm-steps": Measurement(_steps("mdm"), SIZES, QUICK),
    "E-parity-arm-steps": Measurement(_steps("arm"), SIZES, QUICK),
    "T1-parity-steps": Measurement(_steps("mdm"), SIZES, QUICK),
    "T2-parity": Measurement(_serial_cost, SIZES, QUICK),
    "T3-parity": Measurement(masked_arm_steps("parity"), (4, 16, 64, 256, 1024), (4, 16, 64)),
    "NEG-mdm-parity-constant-steps": Measurement(_steps("mdm"), SIZES, QUICK, CALIBRATION),
    "NEG-arm-parity-log-steps": Measurement(_steps("arm"), SIZES, QUICK, CALIBRATION),
    "NEG-cheating-policy": Measurement(_cheating_steps, SIZES, QUICK),
}
