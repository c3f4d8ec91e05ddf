"""Constant-depth step programs certifying the paper's policies: registry, certificates, agreement.

Each entry of :data:`POLICIES` is a :class:`CertifiedPolicy`: a program builder (a
:class:`simulators.rasp.Program` for size n), the oracle policy it must equal, and how
to make a machine and a prompt at size n. :func:`certificate` reads depth and width off
the program's graph at each size; :func:`agreement` runs the oracle, evaluates the
program on every state of the run, and runs the program itself as the policy. A step
count measured with an oracle is certified when its program's depth stays constant
across n and the program agrees with the oracle.

Examples
--------
>>> [row["depth"] for row in certificate("parity-tree", [16, 1024])]
[2, 2]
>>> agreement("parity-tree", 9, seed=1).ok
True
"""

import importlib
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from simulators.errors import GenpowerError, InvalidArgumentError
from simulators.policies import normalize_step
from simulators.run import run
from simulators.validation import check_nonnegative_int
from theory.registry import Registry

__all__ = ["CertifiedPolicy", "Agreement", "POLICIES", "POLICY_REGISTRY", "policy_names",
           "get_policy", "policy_for_task", "certificate", "agreement", "steps_agree"]

POLICIES = {
    "parity-elimination": "proofs.certified.parity:ELIMINATION",
    "parity-tree": "proofs.certified.parity:TREE",
    "parity-prefix": "proofs.certified.parity:PREFIX_PARITY",
    "pointer-jumping": "proofs.certified.pointer_jumping:POINTER_JUMPING",
    "memory-lookup": "proofs.certified.memory_lookup:MEMORY_LOOKUP",
    "log-lookup": "proofs.certified.log_lookup:LOG_LOOKUP",
    "dyck-insertion": "proofs.certified.dyck_insertion:DYCK_INSERTION",
    "sudoku-decision": "proofs.certified.sudoku_decision:SUDOKU_DECISION",
    "prefix-sum-doubling": "proofs.certified.prefix_sum:PREFIX_SUM_DOUBLING",
    "prefix-sum-mean": "proofs.certified.prefix_sum:PREFIX_SUM_MEAN",
    "permutation-product": "proofs.certified.permutation_product:PERMUTATION_PRODUCT",
}
"""Policy name -> ``module:attribute`` of its :class:`CertifiedPolicy` (imported when used)."""


def _import_policy(path):
    module, attribute = path.split(":")
    return getattr(importlib.import_module(module), attribute)


POLICY_REGISTRY = Registry("policy", POLICIES, error=InvalidArgumentError, load=_import_policy,
                           cutoff=0.4)
"""The certified policies by name (``POLICY_REGISTRY.get(name)``; close matches on a miss)."""
policy_names = POLICY_REGISTRY.names
get_policy = POLICY_REGISTRY.get


@dataclass(frozen=True)
class CertifiedPolicy:
    """A policy with its step-language program and what it takes to run both.

    Attributes
    ----------
    name : str
    summary : str
    build : callable
        ``build(n) -> Program``; most programs ignore n (their graph is the same at
        every size).
    oracle : callable
        The policy the program must equal on every state.
    machine : callable
        ``machine(n) -> Machine``.
    prompt : callable
        ``prompt(n, rng) -> int32 array``: a generated start state of size n.
    task : tuple or None
        ``(task name, machine name)`` in :mod:`proofs.tasks` whose step count this
        certifies, if the task is registered there.
    constant_depth : bool
        False for the examples whose depth is meant to grow with n.
    """

    name: str
    summary: str
    build: Callable
    oracle: Callable
    machine: Callable
    prompt: Callable
    task: tuple | None = None
    constant_depth: bool = True


@dataclass(frozen=True)
class Agreement:
    """Whether a program equals its oracle on every state of one generated run.

    Attributes
    ----------
    n : int
    states : int
        States compared (every state of the oracle's run, the final one included).
    disagreements : list of int
        Indices of the states where the two differ.
    same_final : bool
        True if the program, run as the policy, ends where the oracle's run ends and for
        the same reason.
    error : str or None
        Why the program's own run failed, if it did (a step its machine refused).
    """

    n: int
    states: int
    disagreements: list = field(default_factory=list)
    same_final: bool = True
    error: str | None = None

    @property
    def ok(self):
        """True if the program agreed on every state and reached the same final sequence."""
        return not self.disagreements and self.same_final


def policy_for_task(task, machine):
    """Return the name of the certified policy of ``task`` run on ``machine``, or None.

    Examples
    --------
    >>> policy_for_task("parity", "mdm"), policy_for_task("parity", "masked_arm")
    ('parity-tree', None)
    """
    return next((name for name in POLICIES if get_policy(name).task == (task, machine)), None)


def certificate(name, sizes):
    """Return depth, width and heads of policy ``name``'s program at each size in ``sizes``.

    Parameters
    ----------
    name : str
        A name from :func:`policy_names`.
    sizes : iterable of int

    Returns
    -------
    list of dict
        ``{"policy", "n", "depth", "width", "heads"}`` per size, in the order given.

    Raises
    ------
    InvalidArgumentError
        For an unknown policy or a negative size.
    """
    policy = get_policy(name)
    rows = []
    for n in sizes:
        program = policy.build(check_nonnegative_int(n, "n"))
        rows.append({"policy": name, "n": int(n), "depth": program.depth,
                     "width": program.width, "heads": program.heads})
    return rows


def steps_agree(machine, first, second, x):
    """Return True if two policy outputs on ``x`` make the same step of ``machine``."""
    first = normalize_step(machine.code, first, len(x), 0)
    second = normalize_step(machine.code, second, len(x), 0)
    if first is None or second is None:
        return first is None and second is None
    return all(np.array_equal(a, b) for a, b in zip(first, second))


def agreement(name, n, seed=0, *, max_steps=100_000):
    """Compare policy ``name``'s program with its oracle on a generated run of size ``n``.

    The oracle runs from ``prompt(n, seed)`` with its trace recorded; the program is
    asked about every state (the final one included) and must give the same step; then
    the program runs as the policy and must reach the same final sequence.

    Returns
    -------
    Agreement

    Raises
    ------
    InvalidArgumentError
        For an unknown policy or a bad size.
    """
    policy = get_policy(name)
    n = check_nonnegative_int(n, "n")
    machine = policy.machine(n)
    program = policy.build(n)
    x0 = policy.prompt(n, np.random.default_rng(seed))
    reference = run(machine, policy.oracle, x0, max_steps=max_steps, record=True)
    disagreements = []
    for index, state in enumerate(reference.trace.iter_states()):
        try:
            same = steps_agree(machine, policy.oracle(state), program(state), state)
        except GenpowerError:  # the program's output is not even a step
            same = False
        if not same:
            disagreements.append(index)
    try:
        replayed = run(machine, program, x0, max_steps=max_steps)
    except GenpowerError as error:
        return Agreement(n, len(reference.trace) + 1, disagreements, False, str(error))
    return Agreement(n, len(reference.trace) + 1, disagreements,
                     np.array_equal(replayed.final, reference.final)
                     and replayed.stopped_by == reference.stopped_by)
