"""Run a generation machine with a policy and measure what the run cost.

:func:`run` is the front door. It validates the prompt once, then steps the machine:
a plain Python policy is called from a Python loop (each step's output is checked and
applied by one Numba call, :func:`simulators.accounting.loop_step`); a
Numba-jitted policy runs in the compiled loop of :mod:`simulators.loop_template`, which
is compiled once per policy and cached on disk. Both loops share the step kernel and
the accounting, so both report the same resources for the same run, and both run the
statelessness audit.

A run whose kernels are not compiled yet in this process (the first run of a command, say)
starts as plain Python: the same loop with each kernel's Python function
(:mod:`simulators.jit`), so a short run needs neither Numba nor a compiler. Once
:func:`simulators.jit.interpreter_budget` seconds (0.25 by default) are spent, or would be
by the next step, or the sequence outgrows :data:`PYTHON_MAX_TOKENS`, it hands its state
to the compiled loops and goes on there; the result is the same either way (tested).

Costs: a sparse step costs O(k) for k listed positions plus a memmove of the shorter
side of each insert or delete (a delete in the middle of L tokens moves about L/2
tokens once, in place); a dense AP-MDM step ``(y, ctrl)`` is made block by block into
a second buffer (a vectorised pass over each block, and one placing its tokens when it
inserts or deletes) and allocates only a small scratch while that buffer has room.
"""

import hashlib
import math
import time
from dataclasses import dataclass, fields
from typing import NamedTuple

import numpy as np

from simulators import accounting as acc
from simulators import jit, step, stops
from simulators.loop_template import AUDIT_FIELDS, AUDIT_NEXT, AUDIT_ON, AUDIT_SAVED
from simulators.errors import (
    ContextLimitError, HiddenStateError, IllegalWriteError,
    InvalidArgumentError, LeftmostMaskError, MaskEmittedError, StepLimitError, StepShapeError,
    UnknownTokenError, StepError)
from simulators.interrupts import catch_interrupts
from simulators.loop_cache import compiled_loop_for
from simulators.machines import APMDM, ARM, Machine
from simulators.policies import Edit, is_compiled, normalize_output
from simulators.trace import Trace
from simulators.validation import as_int32_array, check_memory, check_positive_int

__all__ = ["run", "RunResult", "Resources", "hidden_state_message", "loop_result"]


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
        Real tokens written: unmasks (MDM, AP-MDM) or appended tokens (ARM). Remasks,
        inserts and deletes are edits, counted in ``edits``, not here.
    unmasks, remasks, inserts, deletes : int
        Counts of each operation. A remask counts only when it turns a token into MASK;
        a delete only removes a mask; an insert adds one mask.
    max_parallel : int
        Most tokens written (unmasked or appended) in one step.
    serial_cost : int
        Σ_t L_t², L_t the length the step's forward pass reads (the sequence before
        step t): the transformer-cost proxy behind Theorem 2.
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

    @property
    def edits(self):
        """Remasks + inserts + deletes: the changes that are not writes (an AP-MDM run that
        only remasks and deletes has ``tokens_written == 0`` but many edits)."""
        return self.remasks + self.inserts + self.deletes

    def as_dict(self):
        """Return the resources as a plain dict of ints (``edits`` included)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["edits"] = self.edits
        return values


@dataclass(frozen=True)
class RunResult:
    """The outcome of :func:`run`.

    Attributes
    ----------
    final : numpy.ndarray
        The last sequence (int32).
    stopped_by : str
        One of :data:`simulators.stops.STOP_REASONS`: 'halted' (the policy stopped),
        'fixed_point', 'eos', 'no_masks' (an MDM canvas is full), 'max_steps', 'max_context';
        'interrupted' (Ctrl-C); or 'error' on the ``.partial`` result that a rejected
        step's exception carries.
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
        """True if the run was cut short (``max_steps``, ``max_context``, ``interrupted``)."""
        return self.stopped_by in stops.LIMIT_REASONS

    def raise_for_limit(self):
        """Raise :class:`StepLimitError` or :class:`ContextLimitError` (carrying this
        result as ``.partial``) if the run ended on a limit; return self otherwise."""
        if self.stopped_by == stops.MAX_STEPS:
            raise StepLimitError(f"run stopped after max_steps={self.resources.steps} steps "
                                 "without halting", partial=self)
        if self.stopped_by == stops.MAX_CONTEXT:
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
        array that cannot be made writable); see :mod:`simulators.policies` for what it
        may return. A Numba-jitted policy runs in a compiled loop (unless ``record=True``).
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
        At steps 1, 2, 4, 8, ... ask the policy again about an earlier state and raise
        :class:`HiddenStateError` if its answer changed (both loops).

    Returns
    -------
    RunResult
        Ctrl-C during a run ends it between steps (compiled loop: between chunks of
        about 0.1 s) with ``stopped_by='interrupted'`` and the run so far.

    Raises
    ------
    InvalidArgumentError
        Bad arguments (prompt too long for ``max_context``, an ARM prompt with masks, ...).
    MemoryBudgetError
        The sequence buffer would not fit the memory budget.
    UnknownTokenError, MaskEmittedError, IllegalWriteError, LeftmostMaskError, StepShapeError
        A policy's output breaks its machine's rule; the error names the step and position
        and carries the run up to that step as ``.partial``.
    HiddenStateError
        The policy answered differently about a state it had seen before (also with
        ``.step`` and ``.partial``).

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
    totals = np.zeros(acc.TOTALS, dtype=np.int64)
    totals[acc.T_PEAK] = x0.size
    totals[acc.T_MASKS] = masks
    totals[acc.T_FIRST_MASK] = step.leftmost_mask(x0, vocab.mask_id)
    fixed_canvas = machine.code in (step.MDM, step.MASKED_ARM)
    slack = 0 if fixed_canvas else step.buffer_slack(x0.size)
    check_memory(4 * (x0.size + 2 * slack) + (0 if fixed_canvas else 4 * x0.size),
                 f"the sequence buffer of a {x0.size:,}-token prompt")
    buf, start, end = step.new_buffer(x0, slack)
    halt_fixed = isinstance(machine, APMDM) and machine.halt_on_fixed_point
    halt_eos = isinstance(machine, ARM) or (isinstance(machine, APMDM) and machine.halt_on_eos)
    options = np.array([machine.code, vocab.mask_id, len(vocab), vocab.eos_id, limit, max_steps,
                        halt_fixed, halt_eos], dtype=np.int64)
    trace = Trace(machine, x0.copy()) if record else None
    audit = None
    with catch_interrupts() as interrupted:
        deadline = _interpreter_deadline(policy)
        if deadline is not None:  # a first run in this process: start as plain Python
            with jit.interpreted():
                outcome = _run_python(machine, policy, buf, start, end, totals, options, trace,
                                      check_stateless, interrupted, deadline)
            if not isinstance(outcome, _Handover):
                return outcome
            buf, start, end, totals, audit = outcome
        if is_compiled(policy):
            _check_compiled_policy_only_reads(policy, x0)
            if not record:
                return _run_compiled(machine, policy, buf, start, end, totals, options,
                                     check_stateless, interrupted, audit)
        return _run_python(machine, policy, buf, start, end, totals, options, trace,
                           check_stateless, interrupted, audit=audit)


class _Handover(NamedTuple):
    """Where a run that started as plain Python stands when it goes on compiled."""

    buf: np.ndarray
    start: int
    end: int
    totals: np.ndarray
    audit: object


def _interpreter_deadline(policy):
    """Until when this run may go as plain Python (None: compiled from the start).

    Only a Python policy or one of genpower's own kernels runs interpreted (a user's
    ``numba.njit`` policy is compiled already), and only while the loop's kernels are not
    yet compiled in this process (:func:`simulators.jit.interpreter_deadline`)."""
    if isinstance(policy, jit.Kernel):
        return jit.interpreter_deadline(policy, acc.loop_step, acc.loop_dense)
    if is_compiled(policy):
        return None
    return jit.interpreter_deadline(acc.loop_step, acc.loop_dense)


PYTHON_MAX_TOKENS = 1 << 15
"""Longest sequence a run started as plain Python steps on before it hands over: a step
costs a few microseconds per token as Python (about 0.1 s here), far less compiled."""


def _time_to_hand_over(now, deadline, last_step, length):
    """Whether a run going as Python hands over before its next step: when its time is up,
    when the next step, if it costs what the last one did, would end past the deadline,
    or when the sequence is longer than :data:`PYTHON_MAX_TOKENS` (a run of few long
    steps would otherwise spend its first step, however long, as Python). A deadline
    of infinity (:func:`simulators.jit.forced_interpreter`) keeps it Python throughout."""
    if deadline == math.inf:
        return False
    return now + last_step > deadline or length > PYTHON_MAX_TOKENS


def _read_only_view(buf):
    """An int32 array over ``buf`` whose base is a read-only memoryview, so slices of it
    cannot be made writable (``setflags(write=True)`` raises ValueError)."""
    return np.frombuffer(memoryview(buf).toreadonly(), dtype=np.int32)


def _run_python(machine, policy, buf, start, end, totals, options, trace, check_stateless,
                interrupted, deadline=None, audit=None):
    """The Python loop; with a ``deadline`` (inside :func:`simulators.jit.interpreted`) its
    kernels run as plain Python and it returns a :class:`_Handover` once time is up."""
    code = machine.code
    if deadline is None:
        loop_step, loop_append, loop_dense = acc.lean_kernels()
        exact = True
    else:  # as Python the kernels take any types: every output is normalised first
        loop_step, loop_append, loop_dense = (acc.loop_step.py_func, acc.loop_append.py_func,
                                              acc.loop_dense.py_func)
        exact = False
    appends = code == step.ARM and trace is None  # an ARM's int token goes straight in
    dense_in = code == step.APMDM and trace is None and exact  # and so does a dense (y, ctrl)
    state, narrow = acc.new_loop_state(totals, options, start, end)
    totals = state[:acc.TOTALS]
    spare = np.empty(0, dtype=np.int32)  # the dense step's second buffer, made on first use
    if audit is None and check_stateless:
        audit = _StatelessAudit(policy, code)
    reason = acc.stop_before_step(totals, options)
    shown_buf, shown = None, None
    index = int(totals[acc.T_STEPS])
    step_began, last_step = time.perf_counter(), 0.0
    try:
        while reason == acc.RUNNING:
            if interrupted.requested:
                return loop_result(machine, buf, start, end, totals, stops.INTERRUPTED, trace)
            if deadline is not None:
                now = time.perf_counter()
                last_step, step_began = now - step_began, now
                if _time_to_hand_over(now, deadline, last_step, end - start):
                    return _Handover(buf, start, end, totals, audit)
            if audit is not None and index == audit.next_audit:
                audit.recheck()  # before this step's call: its temporaries are not alive yet
            if buf is not shown_buf:
                shown_buf, shown = buf, _read_only_view(buf)
            view = shown[start:end]
            output = policy(view)
            if audit is not None and index == audit.next_audit:
                audit.save(index, view, output)  # before the step changes the buffer
            dense = False
            try:  # the common case: an Edit already in the kernels' types, one call
                if appends and type(output) is int and _INT32_MIN <= output <= _INT32_MAX:
                    reason, new_buf, new_start, new_end = loop_append(buf, output, state, narrow)
                elif dense_in and type(output) is tuple and _dense_shapes(output, end - start):
                    dense = True  # int32 y, uint8 ctrl, C-contiguous and writable, or TypeError
                    reason, new_buf, new_start, new_end, spare = loop_dense(
                        buf, output[0], output[1], state, spare)
                elif (type(output) is not Edit and type(output) is not tuple or len(output) != 3
                      or not exact):
                    raise TypeError
                else:
                    reason, new_buf, new_start, new_end = loop_step(
                        buf, output[0], output[1], output[2], state, narrow)
            except (TypeError, ValueError):  # not the kernels' types (Numba's dispatch says so)
                output, dense = normalize_output(code, output, end - start, index)
                if output is None:
                    reason = acc.HALTED
                elif dense:
                    reason, new_buf, new_start, new_end, spare = loop_dense(
                        buf, *_writable(output[1:]), state, spare)
                else:
                    reason, new_buf, new_start, new_end = loop_step(buf, *_writable(output),
                                                                    state, narrow)
            if reason == acc.HALTED:
                break
            if reason == acc.FAILED:
                partial = loop_result(machine, buf, start, end, totals, "error", trace)
                status, bad = int(state[acc.S_STATUS]), int(state[acc.S_BAD])
                if dense or type(output) is int:  # an ARM's token: where it was appended
                    position = bad if dense else end - start
                else:
                    position = int(output[0][bad]) if 0 <= bad < len(output[0]) else None
                _raise_step_error(status, position, view, index, machine, partial)
            buf, start, end = new_buf, new_start, new_end
            if trace is not None and reason != acc.MAX_CONTEXT:
                positions, tokens, ctrl = output
                if dense:
                    positions = np.arange(len(tokens), dtype=np.int64)
                trace.steps.append((positions.copy(), tokens.copy(), ctrl.copy()))  # policy may reuse
            output = view = None  # let a large step's arrays go before the next call
            index += 1
        if audit is not None:
            audit.recheck()
    except StepError as error:  # from normalising or auditing the policy's output
        if error.step is None:
            error.step = index
        if getattr(error, "partial", None) is None:
            error.partial = loop_result(machine, buf, start, end, totals, "error", trace)
        raise
    return loop_result(machine, buf, start, end, totals, acc.REASON_NAMES[reason], trace)


_INT32_MIN, _INT32_MAX = int(np.iinfo(np.int32).min), int(np.iinfo(np.int32).max)


def _dense_shapes(output, length):
    """True if ``output`` is a pair of arrays shaped as a dense step on ``length`` tokens
    (the kernels check types, values and control bits, not shapes)."""
    if len(output) != 2:
        return False
    y, ctrl = output
    return (type(y) is np.ndarray and type(ctrl) is np.ndarray and y.shape == (length,)
            and ctrl.shape == (length, 3))


def _writable(output):
    """The normalised arrays of a step, copied if read-only (the kernels take writable ones)."""
    return tuple(part if part.flags.writeable else part.copy() for part in output)


def _run_compiled(machine, policy, buf, start, end, totals, options, check_stateless,
                  interrupted, python_audit=None):
    run_chunk = compiled_loop_for(policy, machine.code)
    wide, narrow = step.new_scratch()
    audit = np.zeros(AUDIT_FIELDS, dtype=np.int64)
    audit[AUDIT_ON], audit[AUDIT_SAVED], audit[AUDIT_NEXT] = check_stateless, -1, 0
    if python_audit is not None:  # the run started as Python: its audit goes on here
        python_audit.recheck()
        audit[AUDIT_NEXT] = python_audit.next_audit
    saved = (np.zeros(0, np.int32), np.zeros(0, np.int64), np.zeros(0, np.int32),
             np.zeros((0, 3), np.uint8))
    chunk_steps = 1024
    while True:
        began = time.perf_counter()
        reason, status, bad, buf, start, end, *saved = run_chunk(
            buf, start, end, totals, options, chunk_steps, wide, narrow, audit, *saved)
        if reason != acc.CHUNK_DONE:
            break
        if interrupted.requested:
            return loop_result(machine, buf, start, end, totals, stops.INTERRUPTED, None)
        elapsed = time.perf_counter() - began  # aim at chunks of about 0.1 s
        chunk_steps = max(1, min(chunk_steps * 4, int(chunk_steps * 0.1 / max(elapsed, 1e-6))))
    index = int(totals[acc.T_STEPS])
    if reason == acc.HIDDEN_STATE:
        raise HiddenStateError(
            hidden_state_message(int(bad)), step=int(bad),
            partial=loop_result(machine, buf, start, end, totals, stops.ERROR, None))
    if reason == acc.FAILED:
        partial = loop_result(machine, buf, start, end, totals, stops.ERROR, None)
        _raise_step_error(status, None if bad < 0 else int(bad), buf[start:end], index, machine,
                          partial)
    return loop_result(machine, buf, start, end, totals, acc.REASON_NAMES[reason], None)


def loop_result(machine, buf, start, end, totals, stopped_by, trace=None):
    """The :class:`RunResult` of a run loop that stopped with ``buf[start:end]`` and its
    accounting ``totals`` (:mod:`simulators.accounting`): what :func:`run` returns, for a
    loop kept elsewhere (``run_batch``'s lockstep lanes)."""
    t = [int(v) for v in totals]
    resources = Resources(
        steps=t[acc.T_STEPS], peak_context=t[acc.T_PEAK], final_context=end - start,
        tokens_written=t[acc.T_WRITTEN], unmasks=t[acc.T_UNMASKS], remasks=t[acc.T_REMASKS],
        inserts=t[acc.T_INSERTS], deletes=t[acc.T_DELETES], max_parallel=t[acc.T_MAX_PARALLEL],
        serial_cost=t[acc.T_COST_HIGH] * acc.COST_UNIT + t[acc.T_COST_LOW])
    # A buffer that is exactly the sequence (an MDM canvas) is handed over, not copied.
    whole = start == 0 and end == len(buf) and stopped_by != stops.ERROR
    final = buf if whole else buf[start:end].copy()
    return RunResult(final, stopped_by, resources, machine, trace)


_STEP_ERRORS = {
    step.BAD_SHAPE: (StepShapeError, "positions must be increasing and inside the sequence "
                     "(ARM: exactly one token, at the end), with one token and one ctrl row "
                     "each; stop with None (Python) or halt_edit() (compiled)"),
    step.UNKNOWN_TOKEN: (UnknownTokenError, "token is not in the vocabulary"),
    step.MASK_EMITTED: (MaskEmittedError, "MASK emitted where a real token is required"),
    step.WRITE_DECODED: (IllegalWriteError, "writes a position that is not a mask; "
                         "MDM tokens are final once written"),
    step.NOT_LEFTMOST: (LeftmostMaskError, "a Masked-ARM step must unmask exactly the leftmost mask"),
    step.CONTROL_FORBIDDEN: (IllegalWriteError, "remask/insert/delete are AP-MDM operations; "
                             "this machine has none"),
    step.EMPTY_STEP: (StepShapeError, "the step writes nothing (ARM: append one token; MDM: "
                      "unmask at least one mask; return None to stop)"),
    step.BAD_CONTROL: (StepShapeError, "control bits must be 0 or 1; threshold probabilities "
                       "first (simulators.policies.threshold)"),
}


def _raise_step_error(status, position, view, index, machine, partial):
    error_class, reason = _STEP_ERRORS[status]
    where = ""
    if position is not None:
        seen = f", holding {int(view[position])}" if 0 <= position < len(view) else ""
        where = f" at position {position}{seen}"
    raise error_class(f"{machine.name} step {index}{where} (sequence length {len(view)}): {reason}",
                      step=index, position=position, partial=partial)


def hidden_state_message(index):
    """The message of the HiddenStateError raised when the policy answers differently
    about the state of step ``index`` (run_batch's audit says the same)."""
    return (f"policy answered differently when asked again about the state of step {index}; "
            "a policy must depend on the current sequence only (no counters, caches, "
            "np.random or other state kept between calls)")


def _check_compiled_policy_only_reads(policy, x0):
    """Compile ``policy`` for a read-only sequence: Numba refuses any write to it at
    compile time, even on a branch the prompt never takes. The compiled loop hands the
    policy a view of the live buffer, so a policy that wrote into it could edit the
    sequence behind the machine's back. A policy that writes a global array fails the
    same way (Numba freezes globals as read-only constants); it is told so."""
    from numba.core.errors import TypingError

    probe = x0.copy()
    probe.flags.writeable = False
    try:
        policy(probe)
    except TypingError as error:
        if "readonly array" not in str(error):
            raise
        try:
            policy(x0.copy())
        except TypingError as again:
            if "readonly array" in str(again):
                raise IllegalWriteError(
                    "the compiled policy writes into a global array; Numba freezes globals "
                    "as read-only constants, and a policy may keep no state between steps "
                    "(write what it must remember into the sequence)") from None
            raise
        raise IllegalWriteError(
            "the compiled policy writes into the sequence it is given; a policy may only "
            "read it and return its step, which the machine applies") from None


class _StatelessAudit:
    """Re-ask the policy about an earlier state at steps 1, 2, 4, 8, ... and compare.

    At each such step the loop first calls :meth:`recheck` (the policy is asked again
    about the state saved last time), then :meth:`save` keeps a copy of this step's
    state and a digest of the answer (not the answer itself), so the audit costs one
    sequence of memory."""

    def __init__(self, policy, code):
        self.policy, self.code = policy, code
        self.saved = None  # (step index, state copy, digest of the normalised output)
        self.next_audit = 0

    def save(self, index, view, output):
        output, _ = normalize_output(self.code, output, len(view), index)
        self.saved = (index, view.copy(), _digest(output))
        self.next_audit = max(1, 2 * index)

    def recheck(self):
        if self.saved is None:
            return
        index, state, digest = self.saved
        self.saved = None
        state.flags.writeable = False
        again, _ = normalize_output(self.code, self.policy(state), len(state), index)
        del state
        if _digest(again) != digest:
            raise HiddenStateError(hidden_state_message(index), step=index)


def _digest(output):
    if output is None:
        return None
    hasher = hashlib.blake2b(digest_size=16)
    for part in output:
        if part is not None:
            hasher.update(repr(part.shape).encode())
            hasher.update(np.ascontiguousarray(part).data)
    return hasher.digest()
