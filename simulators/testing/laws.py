"""Law checks for runs, traces and policies: each machine's step rule, resource totals, statelessness, replay.

Every check is written in plain Python, independently of the Numba kernels it judges,
and raises :class:`LawViolation` naming the step and position where a law breaks.
"""

import numpy as np

from simulators.machines import APMDM, ARM, MaskedARM
from simulators.trace import Trace, load_samples, replay

__all__ = ["LawViolation", "g_reference", "check_step_laws", "check_resources", "check_run",
           "check_stateless", "check_replay", "check_same_run"]


class LawViolation(AssertionError):
    """A run, trace or policy breaks a law of its machine.

    Attributes
    ----------
    step : int or None
        The step at which the law breaks.
    position : int or None
        The position in the sequence, where one applies.
    """

    def __init__(self, message, *, step=None, position=None):
        super().__init__(message)
        self.step, self.position = step, position


def g_reference(x, y, ctrl, mask):
    """Algorithm 1 of the paper, line by line, on Python lists.

    Delete removes a mask (and the insert after it); remask beats unmask; insert puts a
    mask after the position.

    Examples
    --------
    >>> g_reference([0, 2, 5], [0, 4, 5], [[0, 1, 0], [0, 0, 0], [1, 0, 0]], mask=2)
    [0, 2, 4, 2]
    """
    z = []
    for i, token in enumerate(x):
        remask, insert, delete = (bool(c) for c in ctrl[i])
        if delete and token == mask:
            continue
        if remask:
            z.append(mask)
        elif token == mask:
            z.append(y[i])
        else:
            z.append(token)
        if insert:
            z.append(mask)
    return z


def _dense(x, positions, tokens, ctrl, mask):
    """The dense (y, ctrl) of a sparse step: unlisted positions keep their token."""
    y = list(x)
    rows = [[0, 0, 0] for _ in x]
    for position, token, row in zip(positions, tokens, ctrl):
        y[position] = int(token)
        rows[position] = [int(bool(c)) for c in row]
    return y, rows


def _step_counts(machine, before, positions, tokens, ctrl):
    """Counts of one step, recounted from its definition: unmasks, remasks, inserts, deletes, written."""
    mask = machine.vocab.mask_id
    if isinstance(machine, ARM):
        return 0, 0, 0, 0, 1
    unmasks = remasks = inserts = deletes = 0
    for position, row in zip(positions, ctrl):
        remask, insert, delete = (bool(c) for c in row)
        was_mask = before[position] == mask
        if delete and was_mask:
            deletes += 1
            continue
        if remask:
            remasks += not was_mask
        elif was_mask:
            unmasks += 1
        inserts += insert
    return unmasks, remasks, inserts, deletes, unmasks


def _fail(message, step, position=None):
    raise LawViolation(f"step {step}: {message}", step=step, position=position)


def _lawful_next(machine, t, before, positions, tokens, ctrl):
    """The state the machine's rule makes from ``before`` by this step; raise if it forbids the step."""
    mask = machine.vocab.mask_id
    positions = [int(p) for p in positions]
    tokens = [int(v) for v in tokens]
    if len(positions) != len(tokens) or len(ctrl) != len(positions):
        _fail("positions, tokens and ctrl rows differ in number", t)
    if positions != sorted(set(positions)):
        _fail(f"positions {positions} are not strictly increasing", t)
    if isinstance(machine, ARM):
        if positions != [len(before)] or any(any(row) for row in ctrl):
            _fail(f"an ARM step appends exactly one token at {len(before)}; got {positions}", t)
        if tokens[0] == mask:
            _fail("an ARM appended MASK", t, len(before))
        expected = list(before) + tokens
    elif isinstance(machine, APMDM):
        if any(not 0 <= p < len(before) for p in positions):
            _fail(f"positions {positions} outside a sequence of {len(before)}", t)
        y, rows = _dense(before, positions, tokens, ctrl, mask)
        for p, row in zip(positions, ctrl):
            if before[p] == mask and not row[0] and not (row[2]) and y[p] == mask:
                _fail("unmasks a mask to MASK", t, p)
        expected = g_reference(before, y, rows, mask)
    else:  # MDM, Masked-ARM
        if not positions:
            _fail("an MDM step unmasks at least one mask", t)
        for p, token, row in zip(positions, tokens, ctrl):
            if not 0 <= p < len(before) or before[p] != mask:
                _fail(f"writes position {p}, which is not a mask", t, p)
            if token == mask or any(row):
                _fail("an MDM step only unmasks, with a real token", t, p)
        if isinstance(machine, MaskedARM):
            leftmost = next(i for i, v in enumerate(before) if v == mask)
            if positions != [leftmost]:
                _fail(f"a Masked-ARM step unmasks exactly the leftmost mask ({leftmost}); "
                      f"got {positions}", t, positions[0])
        expected = list(before)
        for p, token in zip(positions, tokens):
            expected[p] = token
    return expected


def _compare(t, after, expected):
    after = [int(v) for v in after]
    if after != expected:
        first = next((i for i, (a, b) in enumerate(zip(after, expected)) if a != b),
                     min(len(after), len(expected)))
        _fail(f"the next state differs from the machine's rule at position {first}: "
              f"got {after[max(0, first - 5):first + 5]}, "
              f"expected {expected[max(0, first - 5):first + 5]}", t, first)


def check_step_laws(machine, trace):
    """Check every step of ``trace`` against ``machine``'s rule, in plain Python.

    Parameters
    ----------
    machine : Machine
    trace : Trace
        A recorded run (``run(..., record=True).trace``).

    Raises
    ------
    LawViolation
        At the first step that the machine forbids, or whose next state (as the
        engine rebuilds it) is not what the rule gives.
    """
    engine_states = trace.iter_states()
    before = [int(v) for v in next(engine_states)]
    for t, (positions, tokens, ctrl) in enumerate(trace.steps):
        expected = _lawful_next(machine, t, before, positions, tokens, np.asarray(ctrl).tolist())
        try:
            after = next(engine_states)
        except AssertionError:
            _fail("the engine refuses a step that the machine's rule allows", t)
        _compare(t, after, expected)
        before = expected


def check_resources(result):
    """Recount a recorded run's resources from its trace and compare with ``result.resources``.

    Raises
    ------
    LawViolation
        If any total differs from its recount (or the run was not recorded).
    """
    trace = result.trace
    if trace is None:
        raise LawViolation("the run was not recorded; call run(..., record=True)")
    states = trace.states
    totals = dict(steps=len(trace), peak_context=max(len(s) for s in states),
                  final_context=len(states[-1]), unmasks=0, remasks=0, inserts=0, deletes=0,
                  tokens_written=0, max_parallel=0,
                  serial_cost=sum(len(s) ** 2 for s in states[:-1]))
    for t, (positions, tokens, ctrl) in enumerate(trace.steps):
        counts = _step_counts(result.machine, states[t], positions, tokens, np.asarray(ctrl))
        for name, value in zip(("unmasks", "remasks", "inserts", "deletes", "tokens_written"),
                               counts):
            totals[name] += value
        totals["max_parallel"] = max(totals["max_parallel"], counts[4])
    reported = result.resources.as_dict()
    wrong = {name: (reported[name], value) for name, value in totals.items()
             if reported.get(name) != value}
    if wrong:
        detail = ", ".join(f"{name} reported {got} but recounted {want}"
                           for name, (got, want) in wrong.items())
        raise LawViolation(f"resources disagree with the trace: {detail}")
    if not np.array_equal(result.final, states[-1]):
        raise LawViolation("the final sequence is not the trace's last state")


def check_run(result):
    """Check a recorded run: every step obeys its machine and every resource total is right."""
    if result.trace is None:
        raise LawViolation("the run was not recorded; call run(..., record=True)")
    check_step_laws(result.machine, result.trace)
    check_resources(result)


def _canonical(output):
    if output is None or isinstance(output, (int, np.integer)):
        return output if output is None else int(output)
    return tuple(np.asarray(part).tolist() for part in output)


def check_stateless(policy, states, *, seed=0):
    """Ask ``policy`` about every state twice, in two shuffled orders; the answers must agree.

    A policy that keeps a counter, a cache of earlier calls, or random state between
    calls answers differently the second time, or depending on the order.

    Parameters
    ----------
    policy : callable
    states : sequence of array_like
        States to ask about (e.g. ``trace.states``).
    seed : int
        Seed of the two orders.

    Raises
    ------
    LawViolation
        Naming the first state whose two answers differ.
    """
    states = [np.array(s, dtype=np.int32) for s in states]
    for s in states:
        s.flags.writeable = False
    rng = np.random.default_rng(seed)
    first = {}
    for i in rng.permutation(len(states)):
        first[i] = _canonical(policy(states[i]))
    for i in rng.permutation(len(states)):
        again = _canonical(policy(states[i]))
        if again != first[i]:
            raise LawViolation(f"policy answered differently about state {i} when asked again "
                               "in another order: it depends on something besides the "
                               "sequence", step=int(i))


def check_replay(source, mask_id=None):
    """Replay every transition of a trace or a saved sample file through g.

    Parameters
    ----------
    source : Trace or path
        A recorded trace, or a ``.jsonl``/``.npz`` file of official-format samples.
    mask_id : int, optional
        The mask id (needed for a file; a trace knows its vocabulary).

    Returns
    -------
    int
        The number of transitions checked.

    Raises
    ------
    LawViolation
        At the first sample whose replay differs from its ``x_k_plus_1``.
    """
    if isinstance(source, Trace):
        samples, mask_id = source.samples(), source.machine.vocab.mask_id
    else:
        if mask_id is None:
            raise LawViolation("replaying a file needs mask_id")
        samples = load_samples(source)
    report = replay(samples, mask_id)
    if not report.ok:
        raise LawViolation(report.message, step=report.first_mismatch)
    return report.checked


def check_same_run(run_a, run_b):
    """Check that two runs ended alike: same final sequence, stop reason and resources.

    Raises
    ------
    LawViolation
        Naming what differs.
    """
    differences = []
    if not np.array_equal(run_a.final, run_b.final):
        differences.append("final sequences")
    if run_a.stopped_by != run_b.stopped_by:
        differences.append(f"stopped_by ({run_a.stopped_by} vs {run_b.stopped_by})")
    a, b = run_a.resources.as_dict(), run_b.resources.as_dict()
    differences += [f"{k} ({a[k]} vs {b.get(k)})" for k in a if a[k] != b.get(k)]
    if differences:
        raise LawViolation("the runs differ in " + ", ".join(differences))
