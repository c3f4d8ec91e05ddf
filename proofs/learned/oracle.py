"""A task's own oracle process wrapped as a model: one-hot logits that decode back to its steps.

``oracle_model(task, machine)`` calls the process's stateless policy on each sequence of
a batch and writes logits that the machine's default decoding
(:func:`proofs.learned.decoding.default_decoding`) turns back into the same next state:
the written token gets logit ``+BIG`` (others 0), each control head ``+BIG`` where the
step sets it and ``-BIG`` elsewhere. Under the official AP-MDM rule every mask is
unmasked unless remasked, so a mask the step leaves alone gets remask ``+BIG`` (the
trace format's convention). An MDM mask that the step leaves alone gets flat logits, so
the confidence rule skips it. A policy that stops (None) becomes a no-op: an AP-MDM
run then ends on its fixed point, not as 'halted'.
"""

import numpy as np

from proofs.learned.model import CONTRACT, EXPAND, REMASK, UNMASK
from proofs.tasks import Task, get_task
from simulators.machines import APMDM, ARM
from simulators.policies import normalize_step

__all__ = ["BIG", "oracle_model", "step_logits", "OracleModel"]

BIG = 30.0
"""The logit of a certain choice (sigmoid(30) = 1 - 1e-13)."""


def step_logits(machine, x, step, vocab_size):
    """The logits of one sequence ``x`` whose decoded step must be ``step`` (as
    :func:`simulators.policies.normalize_step` returns it, or None).

    Returns
    -------
    dict
        The four heads for this one sequence: ``(L, V)`` and ``(L,)`` arrays.
    """
    n = len(x)
    mask_id = machine.vocab.mask_id
    unmask = np.zeros((n, vocab_size))
    controls = np.full((n, 3), -BIG)
    is_mask = np.asarray(x) == mask_id
    if isinstance(machine, APMDM):
        keep = is_mask.copy()  # masks stay masks unless the step unmasks or deletes them
        if step is not None:
            positions, tokens, ctrl = step
            controls[positions[ctrl[:, 0] != 0], 0] = BIG
            controls[positions[ctrl[:, 1] != 0], 1] = BIG
            controls[positions[ctrl[:, 2] != 0], 2] = BIG
            unmasks = is_mask[positions] & (ctrl[:, 0] == 0) & (ctrl[:, 2] == 0)
            unmask[positions[unmasks], tokens[unmasks]] = BIG
            keep[positions[unmasks]] = False
            keep[positions[(ctrl[:, 2] != 0) & is_mask[positions]]] = False
        controls[keep, 0] = BIG
    elif isinstance(machine, ARM):
        if step is not None:
            unmask[n - 1, step[1][0]] = BIG
    elif step is not None:
        positions, tokens, _ = step
        unmask[positions, tokens] = BIG
    return {UNMASK: unmask, REMASK: controls[:, 0], EXPAND: controls[:, 1],
            CONTRACT: controls[:, 2]}


class OracleModel:
    """The oracle process of ``task`` on ``machine`` as a model (see the module docstring).

    ``step(x)`` is the process's own step on ``x`` (normalised), which a subclass may
    change to plant a fault.
    """

    def __init__(self, task, machine=None):
        self.task = task if isinstance(task, Task) else get_task(task)
        self.process = self.task.process(machine)
        self.machine_name = machine or self.task.default_machine
        self.machine = self.process.machine()

    def step(self, x):
        """The oracle's normalised step on ``x`` (None when it stops)."""
        return normalize_step(self.machine.code, self.process.policy(x), len(x), 0)

    def __call__(self, tokens, lengths):
        vocab_size = len(self.machine.vocab)
        batch, width = tokens.shape
        out = {UNMASK: np.zeros((batch, width, vocab_size)), REMASK: np.full((batch, width), -BIG),
               EXPAND: np.full((batch, width), -BIG), CONTRACT: np.full((batch, width), -BIG)}
        for row in range(batch):
            n = int(lengths[row])
            x = np.ascontiguousarray(tokens[row, :n], dtype=np.int32)
            x.flags.writeable = False
            for head, logits in step_logits(self.machine, x, self.step(x), vocab_size).items():
                out[head][row, :n] = logits
        return out

    def __repr__(self):
        return f"oracle_model({self.task.name!r}, {self.machine_name!r})"


def oracle_model(task, machine=None):
    """Return the oracle process of ``task`` on ``machine`` wrapped as a model.

    Raises
    ------
    InvalidArgumentError
        For an unknown task or a machine the task has no process for.
    """
    return OracleModel(task, machine)
