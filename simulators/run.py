"""Run a generation machine with a policy and measure what the run cost.

:func:`run` is the front door. It validates the prompt once, then steps the machine:
a plain Python policy is called from a Python loop (each step's output is checked and
applied by the Numba kernel of :mod:`simulators.step`); a Numba-jitted policy runs in a
loop that stays compiled from start to end. Both loops share the kernel and the
accounting, so both report the same resources for the same run.
"""

from dataclasses import dataclass, fields

import numpy as np
from numba import njit
from numba.core.errors import TypingError

from simulators import step
from simulators.errors import (
    ContextLimitError, HiddenStateError, IllegalWriteError, InvalidArgumentError,
    LeftmostMaskError, MaskEmittedError, StepLimitError, StepShapeError, UnknownTokenError)
from simulators.machines import APMDM, ARM, Machine
from simulators.policies import is_compiled, normalize_step
from simulators.trace import Trace
from simulators.validation import as_int32_array, check_positive_int

__all__ = ["run", "RunResult", "Resources", "STOP_REASONS"]

# Why a run ended (index = code used by the kernels).
STOP_REASONS = ("halted", "fixed_point", "eos", "no_masks", "max_steps", "max_context")
HALTED, FIXED_POINT, EOS, NO_MASKS, MAX_STEPS, MAX_CONTEXT = range(6)
_RUNNING = -1
_FAILED = -2

# Layout of the running totals array.
(T_STEPS, T_PEAK, T_UNMASKS, T_REMASKS, T_INSERTS, T_DELETES, T_WRITTEN, T_MAX_PARALLEL,
 T_COST_HIGH, T_COST_LOW, T_MASKS, T_FIRST_MASK) = range(12)
_TOTALS = 12
_COST_UNIT = 1 << 62  # serial cost is kept as high * 2**62 + low to stay exact in int64


@dataclass(frozen=True)
class Resources:
    """What a run used.

    Attributes
    ----------
    steps : int
        Decoding steps taken (policy calls whose output was applied).
    peak_context : int
        Longest sequence held at any time, the prompt included.
    final_context : int
        Length of the final sequence.
    tokens_written : int
        Tokens written: unmasks (MDM, AP-MDM) or appended tokens (ARM).
    unmasks, remasks, inserts, deletes : int
        Counts of each operation. A remask counts only when it turns a token into MASK;
        a delete only removes a mask; an insert adds one mask.
    max_parallel : int
        Most tokens written in one step.
    serial_cost : int
        Sum over steps of L_t**2, L_t the length the step's forward pass reads: the
        transformer-cost proxy behind Theorem 2.
    """

    steps: int
    peak_context: int
    final_context: int
    tokens_written: int
    unmasks: int
    remasks: int
    inserts: int
    deletes: int
    max_parallel: int
    serial_cost: int

    def as_dict(self):
        """Return the resources as a plain dict of ints."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class RunResult:
    """The outcome of :func:`run`.

    Attributes
    ----------
    final : numpy.ndarray
        The last sequence (int32).
    stopped_by : str
        One of ``STOP_REASONS``: 'halted' (the policy stopped), 'fixed_point',
        'eos', 'no_masks' (an MDM canvas is full), 'max_steps', 'max_context'; or
        'error' on the ``.partial`` result that a rejected step's exception carries.
    resources : Resources
    machine : Machine
    trace : Trace or None
        Every state and step, when ``record=True``.
    """

    final: np.ndarray
    stopped_by: str
    resources: Resources
    machine: Machine
    trace: Trace | None = None

    @property
    def hit_limit(self):
        """True if the run ended on ``max_steps`` or ``max_context`` rather than halting."""
        return self.stopped_by in ("max_steps", "max_context")

    def raise_for_limit(self):
        """Raise :class:`StepLimitError` or :class:`ContextLimitError` (carrying this
        result as ``.partial``) if the run ended on a limit; return self otherwise."""
        if self.stopped_by == "max_steps":
            raise StepLimitError(f"run stopped after max_steps={self.resources.steps} steps "
                                 "without halting", partial=self)
        if self.stopped_by == "max_context":
            raise ContextLimitError(f"step {self.resources.steps} would exceed max_context; "
                                    f"the sequence had {self.resources.final_context} tokens",
                                    partial=self)
        return self


def run(machine, policy, x0, *, max_steps=10_000_000, max_context=None, record=False,
        check_stateless=True):
    """Run ``machine`` from ``x0`` with ``policy`` until it halts or hits a limit.

    Parameters
    ----------
    machine : Machine
        An :class:`ARM`, :class:`MDM`, :class:`MaskedARM` or :class:`APMDM`.
    policy : callable
        ``policy(x) -> step``, seeing only the current sequence ``x`` (a read-only int32
        array); see :mod:`simulators.policies` for what it may return. A Numba-jitted
        policy runs in a compiled loop (unless ``record=True``).
    x0 : array_like of int
        The prompt (ARM: no masks; MDM: the canvas, prompt plus masks).
    max_steps : int
        Stop with ``stopped_by='max_steps'`` after this many steps.
    max_context : int or None
        Stop with ``stopped_by='max_context'`` (state before that step kept) instead of
        letting the sequence grow past this length.
    record : bool
        Keep the prompt and every step in ``result.trace`` (states are rebuilt on demand).
    check_stateless : bool
        Python policies only: at steps 1, 2, 4, 8, ... ask the policy again about an
        earlier state and raise :class:`HiddenStateError` if its answer changed.

    Returns
    -------
    RunResult

    Raises
    ------
    InvalidArgumentError
        Bad arguments (prompt too long for ``max_context``, an ARM prompt with masks, ...).
    UnknownTokenError, MaskEmittedError, IllegalWriteError, LeftmostMaskError, StepShapeError
        A policy's output breaks its machine's rule; the error names the step and position
        and carries the run up to that step as ``.partial``.
    HiddenStateError
        The policy answered differently about a state it had seen before.

    Examples
    --------
    >>> from simulators.vocab import Vocab
    >>> from simulators.machines import ARM
    >>> vocab = Vocab(["[BOS]", "[EOS]", "[MASK]", "a"])
    >>> policy = lambda x: vocab.eos_id if len(x) == 4 else vocab.id("a")
    >>> result = run(ARM(vocab), policy, vocab.encode(["[BOS]"]))
    >>> vocab.format(result.final), result.stopped_by, result.resources.steps
    ('[BOS] a a a [EOS]', 'eos', 4)
    """
    if not isinstance(machine, Machine):
        raise InvalidArgumentError(f"machine must be an ARM, MDM, MaskedARM or APMDM, got {machine!r}")
    if not callable(policy):
        raise InvalidArgumentError(f"policy must be callable, got {type(policy).__name__}")
    x0 = as_int32_array(x0, "x0")
    vocab = machine.vocab
    vocab.check(x0, "x0")
    max_steps = check_positive_int(max_steps, "max_steps")
    limit = step.NO_LIMIT if max_context is None else check_positive_int(max_context, "max_context")
    if x0.size > limit:
        raise InvalidArgumentError(f"x0 has {x0.size} tokens, more than max_context={max_context}")
    masks = int(np.count_nonzero(x0 == vocab.mask_id))
    if machine.code == step.ARM and masks:
        raise InvalidArgumentError(f"an ARM prompt holds no masks; x0 has {masks} "
                                   f"(first at position {step.leftmost_mask(x0, vocab.mask_id)})")
    totals = np.zeros(_TOTALS, dtype=np.int64)
    totals[T_PEAK] = x0.size
    totals[T_MASKS] = masks
    totals[T_FIRST_MASK] = step.leftmost_mask(x0, vocab.mask_id)
    buf, start, end = step.new_buffer(x0)
    halt_fixed = isinstance(machine, APMDM) and machine.halt_on_fixed_point
    halt_eos = isinstance(machine, ARM) or (isinstance(machine, APMDM) and machine.halt_on_eos)
    options = (machine.code, vocab.mask_id, len(vocab), vocab.eos_id, limit, max_steps,
               halt_fixed, halt_eos)
    if is_compiled(policy):
        _check_compiled_policy_only_reads(policy, x0)
        if not record:
            reason, status, bad, buf, start, end, positions = _run_compiled(
                policy, buf, start, end, totals, *options)
            if reason == _FAILED:
                partial = _result(machine, buf, start, end, totals, "error", None)
                _raise_step_error(status, bad, positions, buf[start:end], int(totals[T_STEPS]),
                                  machine, partial)
            return _result(machine, buf, start, end, totals, STOP_REASONS[reason], None)
    return _run_python(machine, policy, buf, start, end, totals, options, record, check_stateless)


def _run_python(machine, policy, buf, start, end, totals, options, record, check_stateless):
    code, mask_id, vocab_size, eos_id, limit, max_steps, halt_fixed, halt_eos = options
    counts = np.zeros(step.STEP_COUNTS, dtype=np.int64)
    trace = Trace(machine, buf[start:end].copy()) if record else None
    audit = _StatelessAudit(policy, code) if check_stateless else None
    reason = _stop_before_step(code, totals, max_steps)
    while reason == _RUNNING:
        index = int(totals[T_STEPS])
        view = buf[start:end]
        view.flags.writeable = False
        output = normalize_step(code, policy(view), end - start, index)
        if audit is not None:
            audit.observe(index, view, output)
        if output is None:
            reason = HALTED
            break
        positions, tokens, ctrl = output
        status, bad, new_buf, new_start, new_end, first_mask = step.apply_step(
            code, buf, start, end, positions, tokens, ctrl, mask_id, vocab_size, eos_id,
            totals[T_FIRST_MASK], limit, counts)
        if status == step.CONTEXT_LIMIT:
            reason = MAX_CONTEXT
            break
        if status != step.OK:
            partial = _result(machine, buf, start, end, totals, "error", trace)
            _raise_step_error(status, bad, positions, view, index, machine, partial)
        _account(totals, counts, end - start, new_end - new_start, first_mask)
        buf, start, end = new_buf, new_start, new_end
        if trace is not None:
            trace.steps.append((positions.copy(), tokens.copy(), ctrl.copy()))  # policy may reuse
        reason = _stop_after_step(code, totals, counts, max_steps, halt_fixed, halt_eos)
    if audit is not None:
        audit.finish()
    return _result(machine, buf, start, end, totals, STOP_REASONS[reason], trace)


@njit
def _run_compiled(policy, buf, start, end, totals, code, mask_id, vocab_size, eos_id, limit,
                  max_steps, halt_fixed, halt_eos):
    # Not cached: Numba specialises this loop on each policy function it is given.
    counts = np.zeros(step.STEP_COUNTS, dtype=np.int64)
    reason = _stop_before_step(code, totals, max_steps)
    no_positions = np.zeros(0, dtype=np.int64)
    while reason == _RUNNING:
        positions, tokens, ctrl = policy(buf[start:end])
        if positions.shape[0] == 1 and positions[0] == -1:
            return HALTED, step.OK, -1, buf, start, end, no_positions
        status, bad, new_buf, new_start, new_end, first_mask = step.apply_step(
            code, buf, start, end, positions, tokens, ctrl, mask_id, vocab_size, eos_id,
            totals[T_FIRST_MASK], limit, counts)
        if status == step.CONTEXT_LIMIT:
            return MAX_CONTEXT, status, -1, buf, start, end, no_positions
        if status != step.OK:
            return _FAILED, status, bad, buf, start, end, positions
        _account(totals, counts, end - start, new_end - new_start, first_mask)
        buf, start, end = new_buf, new_start, new_end
        reason = _stop_after_step(code, totals, counts, max_steps, halt_fixed, halt_eos)
    return reason, step.OK, -1, buf, start, end, no_positions


@njit(cache=True)
def _stop_before_step(code, totals, max_steps):
    if (code == step.MDM or code == step.MASKED_ARM) and totals[T_MASKS] == 0:
        return NO_MASKS
    if totals[T_STEPS] >= max_steps:
        return MAX_STEPS
    return _RUNNING


@njit(cache=True)
def _stop_after_step(code, totals, counts, max_steps, halt_fixed, halt_eos):
    if halt_eos and counts[step.EOS_WRITTEN] != 0:
        return EOS
    if halt_fixed and (counts[step.UNMASKS] + counts[step.REMASKS] + counts[step.INSERTS]
                       + counts[step.DELETES]) == 0:
        return FIXED_POINT
    return _stop_before_step(code, totals, max_steps)


@njit(cache=True)
def _account(totals, counts, length_before, length_after, first_mask):
    totals[T_STEPS] += 1
    totals[T_PEAK] = max(totals[T_PEAK], length_after)
    totals[T_UNMASKS] += counts[step.UNMASKS]
    totals[T_REMASKS] += counts[step.REMASKS]
    totals[T_INSERTS] += counts[step.INSERTS]
    totals[T_DELETES] += counts[step.DELETES]
    totals[T_WRITTEN] += counts[step.WRITTEN]
    totals[T_MAX_PARALLEL] = max(totals[T_MAX_PARALLEL], counts[step.WRITTEN])
    totals[T_COST_LOW] += length_before * length_before
    if totals[T_COST_LOW] >= _COST_UNIT:
        totals[T_COST_HIGH] += 1
        totals[T_COST_LOW] -= _COST_UNIT
    totals[T_MASKS] += (counts[step.REMASKS] + counts[step.INSERTS] - counts[step.UNMASKS]
                        - counts[step.DELETES])
    totals[T_FIRST_MASK] = first_mask


def _result(machine, buf, start, end, totals, stopped_by, trace):
    t = [int(v) for v in totals]
    resources = Resources(
        steps=t[T_STEPS], peak_context=t[T_PEAK], final_context=end - start,
        tokens_written=t[T_WRITTEN], unmasks=t[T_UNMASKS], remasks=t[T_REMASKS],
        inserts=t[T_INSERTS], deletes=t[T_DELETES], max_parallel=t[T_MAX_PARALLEL],
        serial_cost=t[T_COST_HIGH] * _COST_UNIT + t[T_COST_LOW])
    return RunResult(buf[start:end].copy(), stopped_by, resources, machine, trace)


_STEP_ERRORS = {
    step.BAD_SHAPE: (StepShapeError, "positions must be increasing and inside the sequence "
                     "(ARM: exactly one token, at the end), with one token and one ctrl row each"),
    step.UNKNOWN_TOKEN: (UnknownTokenError, "token is not in the vocabulary"),
    step.MASK_EMITTED: (MaskEmittedError, "MASK emitted where a real token is required"),
    step.WRITE_DECODED: (IllegalWriteError, "writes a position that is not a mask; "
                         "MDM tokens are final once written"),
    step.NOT_LEFTMOST: (LeftmostMaskError, "a Masked-ARM step must unmask exactly the leftmost mask"),
    step.CONTROL_FORBIDDEN: (IllegalWriteError, "remask/insert/delete are AP-MDM operations; "
                             "this machine has none"),
    step.EMPTY_STEP: (StepShapeError, "the step writes nothing (ARM: append one token; MDM: "
                      "unmask at least one mask; return None to stop)"),
}


def _raise_step_error(status, bad, positions, view, index, machine, partial):
    error_class, reason = _STEP_ERRORS[status]
    where = ""
    position = None
    if bad >= 0 and bad < len(positions):
        position = int(positions[bad])
        seen = f", holding {int(view[position])}" if 0 <= position < len(view) else ""
        where = f" at position {position}{seen}"
    error = error_class(f"{machine.name} step {index}{where} (sequence length {len(view)}): {reason}",
                        step=index, position=position)
    error.partial = partial
    raise error


def _check_compiled_policy_only_reads(policy, x0):
    """Compile ``policy`` for a read-only sequence: Numba refuses any write to it at
    compile time, even on a branch the prompt never takes. The compiled loop hands the
    policy a view of the live buffer, so a policy that wrote into it could edit the
    sequence behind the machine's back."""
    probe = x0.copy()
    probe.flags.writeable = False
    try:
        policy(probe)
    except TypingError as error:
        if "readonly array" in str(error):
            raise IllegalWriteError(
                "the compiled policy writes into the sequence it is given; a policy may only "
                "read it and return its step, which the machine applies") from None
        raise


class _StatelessAudit:
    """Re-ask the policy about an earlier state at steps 1, 2, 4, 8, ... and compare."""

    def __init__(self, policy, code):
        self.policy, self.code = policy, code
        self.saved = None  # (step index, state copy, normalised output)
        self.next_audit = 1

    def observe(self, index, view, output):
        if index == self.next_audit or (index == 0 and self.saved is None):
            self.finish()
            self.saved = (index, view.copy(), output)
            self.next_audit = max(1, 2 * index)

    def finish(self):
        if self.saved is None:
            return
        index, state, output = self.saved
        state.flags.writeable = False
        again = normalize_step(self.code, self.policy(state), len(state), index)
        if not _same_output(output, again):
            raise HiddenStateError(
                f"policy answered differently when asked again about the state of step {index}; "
                "a policy must depend on the current sequence only (no counters, caches or "
                "randomness kept between calls)", step=index)


def _same_output(a, b):
    if a is None or b is None:
        return a is b
    return all(np.array_equal(u, v) for u, v in zip(a, b))
