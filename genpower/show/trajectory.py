"""A run as its first state and, per step, the positions it changed and how (unmask, remask, insert, delete).

A :class:`Trajectory` keeps the prompt and flat arrays of operations, so a run of 10⁵
steps costs memory in proportion to what its steps change, not to its states. Step t
(0-based) turns state t into state t + 1; its operations are listed in increasing
position of state t:

- ``UNMASK`` p, token: the mask at p becomes ``token``;
- ``REMASK`` p: the token at p becomes MASK;
- ``DELETE`` p: the mask at p is removed;
- ``INSERT`` p, token: ``token`` (MASK on AP-MDM, the appended token on ARM) is put
  right after position p (p = -1: at the front).

A position listed by a step that changes nothing (a remask of a mask, an unmask to MASK)
is not an operation, as :class:`simulators.run.Resources` does not count it either.
"""

from dataclasses import dataclass, field

import numpy as np

from simulators import step
from simulators.errors import TraceFormatError
from simulators.trace import replay

__all__ = ["UNMASK", "REMASK", "INSERT", "DELETE", "KINDS", "Trajectory", "from_trace",
           "from_samples", "apply_operations", "running_resources"]

UNMASK, REMASK, INSERT, DELETE = range(4)
KINDS = ("unmask", "remask", "insert", "delete")
"""Operation kind names, indexed by the kind codes."""


@dataclass(frozen=True)
class Trajectory:
    """A run: its prompt, every step's operations, and what is known about it.

    Attributes
    ----------
    initial : numpy.ndarray
        State 0 (int32).
    offsets : numpy.ndarray
        int64, length ``steps + 1``: step t's operations are ``offsets[t]:offsets[t + 1]``.
    kinds, positions, tokens : numpy.ndarray
        One entry per operation: kind code (uint8), position in the state before the
        step (int32), token written (int32; MASK for a remask or delete).
    mask_id : int
    names : tuple of str or None
        Token names by id (None when the source did not say its vocabulary).
    operations : tuple of str or None
        The operation name of each step, from the sample metadata (None when unnamed).
    title : str
    """

    initial: np.ndarray
    offsets: np.ndarray
    kinds: np.ndarray
    positions: np.ndarray
    tokens: np.ndarray
    mask_id: int
    names: tuple | None = None
    operations: tuple | None = None
    title: str = "run"
    info: dict = field(default_factory=dict)

    @property
    def steps(self):
        """Number of steps (states are ``0..steps``)."""
        return len(self.offsets) - 1

    def step_operations(self, t):
        """Return ``(kinds, positions, tokens)`` of step ``t``."""
        lo, hi = self.offsets[t], self.offsets[t + 1]
        return self.kinds[lo:hi], self.positions[lo:hi], self.tokens[lo:hi]

    def iter_states(self):
        """Yield states 0, 1, ..., ``steps`` (each a new int32 array)."""
        state = self.initial.copy()
        yield state
        for t in range(self.steps):
            state = apply_operations(state, *self.step_operations(t))
            yield state

    def state(self, k):
        """Return state ``k`` (replays the first ``k`` steps).

        Raises
        ------
        IndexError
            If ``k`` is not in ``0..steps``.
        """
        if not 0 <= k <= self.steps:
            raise IndexError(f"state {k} of a trajectory with states 0..{self.steps}")
        for index, state in enumerate(self.iter_states()):
            if index == k:
                return state


def apply_operations(state, kinds, positions, tokens):
    """Return the state after one step's operations (listed in increasing position).

    Examples
    --------
    >>> M = 9
    >>> x = np.array([1, M, M, 4], np.int32)
    >>> apply_operations(x, np.array([UNMASK, DELETE, INSERT, REMASK]), np.array([1, 2, 3, 3]),
    ...                  np.array([5, M, M, M])).tolist()
    [1, 5, 9, 9]
    """
    out = np.asarray(state, dtype=np.int32).copy()
    writes = (kinds == UNMASK) | (kinds == REMASK)
    out[positions[writes]] = tokens[writes]
    keep = np.ones(len(out), dtype=bool)
    keep[positions[kinds == DELETE]] = False
    inserted = kinds == INSERT
    if not inserted.any():
        return out[keep]
    kept_before = np.concatenate([[0], np.cumsum(keep)])  # kept positions < p
    where = kept_before[positions[inserted] + 1]
    return np.insert(out[keep], where, tokens[inserted]).astype(np.int32)


_NONE = 255


def _classify(before, positions, tokens, ctrl, mask_id):
    """Operations of listed positions (increasing within a step): (kinds, positions, tokens,
    rows), ``rows`` the index of each operation's listed position."""
    is_mask = before == mask_id
    remask, insert, delete = (ctrl[:, 0] != 0), (ctrl[:, 1] != 0), (ctrl[:, 2] != 0)
    deleted = delete & is_mask
    unmasked = is_mask & ~remask & ~deleted & (tokens != mask_id)
    write = np.where(deleted, DELETE, np.where(unmasked, UNMASK,
                     np.where(remask & ~is_mask, REMASK, _NONE)))
    # two rows per listed position: its write (if any), then the insert after it (if any)
    kinds = np.stack([write, np.where(insert & ~deleted, INSERT, _NONE)], axis=1).ravel()
    chosen = np.flatnonzero(kinds != _NONE)
    rows = chosen // 2
    values = np.where(unmasked[rows] & (chosen % 2 == 0), tokens[rows], mask_id)
    return kinds[chosen].astype(np.uint8), positions[rows].astype(np.int32), \
        values.astype(np.int32), rows


class _Builder:
    """Collects each step's listing and classifies them a batch at a time (one numpy pass
    per batch: a step costs a gather, not a dozen small array operations)."""

    BATCH = 1 << 20

    def __init__(self, mask_id):
        self.mask_id = mask_id
        self.counts, self.parts, self.pending, self.size = [], [], [], 0

    def add(self, before, positions, tokens, ctrl):
        self.pending.append((before, positions, tokens, ctrl))
        self.size += len(positions)
        if self.size >= self.BATCH:
            self.flush()

    def flush(self):
        if not self.pending:
            return
        columns = [np.concatenate(column) for column in zip(*self.pending)]
        lengths = [len(listing[1]) for listing in self.pending]
        kinds, positions, tokens, rows = _classify(*columns[:3], columns[3].reshape(-1, 3),
                                                   self.mask_id)
        step_of = np.repeat(np.arange(len(lengths)), lengths)[rows]
        self.counts.append(np.bincount(step_of, minlength=len(lengths)))
        self.parts.append((kinds, positions, tokens))
        self.pending, self.size = [], 0

    def arrays(self):
        self.flush()
        counts = np.concatenate(self.counts) if self.counts else np.zeros(0, np.int64)
        kinds, positions, tokens = ([np.concatenate(c) for c in zip(*self.parts)] if self.parts
                                    else [np.zeros(0, np.uint8), np.zeros(0, np.int32),
                                          np.zeros(0, np.int32)])
        return (np.concatenate([[0], np.cumsum(counts)]).astype(np.int64), kinds, positions,
                tokens)


def _appends(trace):
    """The operations of an ARM trace: step t puts its token after position L0 + t - 1."""
    steps = len(trace.steps)
    tokens = np.array([np.asarray(t)[0] for _, t, _ in trace.steps], np.int32)
    return (np.arange(steps + 1, dtype=np.int64), np.full(steps, INSERT, np.uint8),
            (len(trace.initial) - 1 + np.arange(steps)).astype(np.int32), tokens)


def from_trace(trace, *, name_step=None, title="run", info=None):
    """Return the :class:`Trajectory` of a recorded run (``run(..., record=True).trace``).

    The states are rebuilt by the machine's own step kernel; each step's operations
    are read from what it lists, at a cost in proportion to that (a 10⁵-step run on a
    long sequence needs no copy of each state). An ARM step is an INSERT at the end.

    Parameters
    ----------
    trace : simulators.trace.Trace
    name_step : callable or None
        ``name_step(state) -> str``: the name of the operation applied to ``state``
        (max-flow's :func:`proofs.oracles.maxflow.operation`, say).
    title : str
    info : dict or None
        Free facts shown with the run (task, machine, stop reason).
    """
    machine, vocab = trace.machine, trace.machine.vocab
    mask_id = vocab.mask_id
    buf, start, end = step.new_buffer(trace.initial)
    first_mask = step.leftmost_mask(trace.initial, mask_id)
    counts = np.zeros(step.STEP_COUNTS, dtype=np.int64)
    built, operations = _Builder(mask_id), []
    for positions, tokens, ctrl in trace.steps:
        if name_step is not None:
            operations.append(str(name_step(buf[start:end])))
        if machine.code == step.ARM:
            continue
        positions = np.asarray(positions, np.int64)
        built.add(buf[start + positions], positions, tokens, ctrl)
        status, _, buf, start, end, first_mask = step.apply_step(
            machine.code, buf, start, end, positions, tokens, ctrl, mask_id, len(vocab),
            vocab.eos_id, first_mask, step.NO_LIMIT, counts)
        assert status == step.OK, "a recorded step no longer applies"
    arrays = _appends(trace) if machine.code == step.ARM else built.arrays()
    return Trajectory(trace.initial.astype(np.int32), *arrays, mask_id=mask_id,
                      names=tuple(vocab.names), title=title,
                      operations=tuple(operations) if name_step is not None else None,
                      info=dict(info or {}))


def from_samples(samples, mask_id, *, names=None, title="run", info=None, where="samples"):
    """Return the :class:`Trajectory` of consecutive samples in the official format.

    Each sample is a dict with ``x_k, y_star, r_star, e_star, c_star, x_k_plus_1`` and,
    optionally, ``solver_metadata`` (its ``operation`` names the step).

    Raises
    ------
    TraceFormatError
        If there are no samples, a sample's ``x_k`` is not the previous ``x_k_plus_1``,
        or its labels do not turn ``x_k`` into ``x_k_plus_1`` under the rule g.
    """
    if not samples:
        raise TraceFormatError(f"{where}: no samples to show")
    report = replay(samples, mask_id)
    if not report.ok:
        raise TraceFormatError(f"{where}: {report.message}")
    built, names_of_steps = _Builder(mask_id), []
    for index, sample in enumerate(samples):
        x_k = sample["x_k"]
        if index and not np.array_equal(x_k, samples[index - 1]["x_k_plus_1"]):
            raise TraceFormatError(f"{where}: sample {index}'s x_k is not sample {index - 1}'s "
                                   "x_k_plus_1; the samples are not one run (pick one "
                                   "instance)")
        ctrl = np.stack([sample["r_star"], sample["e_star"], sample["c_star"]], axis=1)
        built.add(x_k, np.arange(len(x_k), dtype=np.int32), sample["y_star"], ctrl)
        metadata = sample.get("solver_metadata") or sample.get("metadata") or {}
        names_of_steps.append(str(metadata.get("operation", "")))
    operations = tuple(names_of_steps) if any(names_of_steps) else None
    return Trajectory(np.asarray(samples[0]["x_k"], np.int32), *built.arrays(),
                      mask_id=int(mask_id), names=None if names is None else tuple(names),
                      operations=operations, title=title, info=dict(info or {}))


def running_resources(trajectory):
    """Return the resources after each step, as :class:`simulators.run.Resources` counts them.

    Returns
    -------
    dict of str to numpy.ndarray
        Each of length ``steps + 1`` (entry k: after k steps): ``context``,
        ``peak_context``, ``unmasks``, ``remasks``, ``inserts`` (of a mask),
        ``deletes``, ``tokens_written`` (unmasks and ARM appends) and ``serial_cost`` (Σ of the
        squared length before each step).
    """
    steps = trajectory.steps
    step_of = np.repeat(np.arange(steps), np.diff(trajectory.offsets))
    per_kind = np.zeros((4, steps), dtype=np.int64)
    np.add.at(per_kind, (trajectory.kinds.astype(np.int64), step_of), 1)
    appended = (trajectory.kinds == INSERT) & (trajectory.tokens != trajectory.mask_id)
    grown = per_kind[INSERT] - per_kind[DELETE]
    per_kind[INSERT] -= np.bincount(step_of[appended], minlength=steps)  # an ARM append
    written = per_kind[UNMASK] + np.bincount(step_of[appended], minlength=steps)
    context = len(trajectory.initial) + np.concatenate([[0], np.cumsum(grown)])

    def running(values):
        return np.concatenate([[0], np.cumsum(values)])

    return {"context": context, "peak_context": np.maximum.accumulate(context),
            **{f"{name}s": running(per_kind[kind]) for kind, name in enumerate(KINDS)},
            "tokens_written": running(written),
            "serial_cost": running(context[:-1].astype(np.int64) ** 2)}
