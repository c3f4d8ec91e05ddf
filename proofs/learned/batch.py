"""Run B instances of a model-driven machine in lockstep: one model call per step for all live ones.

:func:`run_batch` keeps one sequence buffer per instance and advances them together:
each step pads the live sequences, calls the model once, decodes every row and applies
each instance's step with the machine's own step kernel
(:func:`simulators.accounting.loop_step`, the one :func:`simulators.run.run` uses);
an instance that halts, hits a limit or breaks a law drops out. Every decoded step is
kept, keyed by the state it was decoded from. An instance that ended by its own rule or
a limit gets its result from its own loop state (the accounting ``run`` keeps); one that
broke a law, was interrupted, or is recorded is replayed through
:func:`simulators.run.run` with a policy that answers from those kept steps. Either way
its result, resources, trace and any law error (with step, position and partial run)
are exactly what ``run`` gives with :class:`~proofs.learned.decoding.ModelPolicy`
(tested) — without calling the model again.

The statelessness audit is the lockstep run's own, on run()'s schedule: at steps 1, 2,
4, 8, ... (and when a run ends) the model is asked again, in one batched call, about each
live instance's state saved at the previous such step; an answer that differs ends that
instance with run()'s :class:`~simulators.errors.HiddenStateError` (naming the step whose
state was answered twice, with the partial run up to the audit). A model with hidden
state sees other calls here than under run(), so where it is caught may differ; that it
is caught does not. The replay cannot audit: it answers from the kept steps.
"""

import dataclasses
import hashlib

import numpy as np

from proofs.certified import steps_agree
from proofs.learned.decoding import ModelPolicy
from simulators import accounting as acc
from simulators import step
from simulators.errors import (HiddenStateError, IllegalWriteError, InvalidArgumentError,
                               MaskEmittedError, StepShapeError, UnknownTokenError)
from simulators.machines import APMDM, ARM
from simulators.policies import normalize_step
from simulators.run import hidden_state_message, loop_result, run
from simulators.validation import as_int32_array, check_positive_int

__all__ = ["run_batch", "STEP_ERRORS"]

STEP_ERRORS = (UnknownTokenError, MaskEmittedError, IllegalWriteError, StepShapeError,
               HiddenStateError)
"""The errors by which a run rejects a step; :func:`run_batch` returns them per instance."""


def _key(x):
    data = np.ascontiguousarray(x, dtype=np.int32).tobytes()
    return data if len(data) <= 1024 else hashlib.blake2b(data, digest_size=16).digest()


def _dense(output, length):
    """True if ``output`` is a dense AP-MDM step already in the kernels' types."""
    if len(output) != 2:
        return False
    y, ctrl = output
    return (type(y) is np.ndarray and type(ctrl) is np.ndarray and y.dtype == np.int32
            and ctrl.dtype == np.uint8 and y.shape == (length,) and ctrl.shape == (length, 3)
            and y.flags.c_contiguous and ctrl.flags.c_contiguous and y.flags.writeable
            and ctrl.flags.writeable)


class _Lane:
    """One instance: its buffer and loop state (as ``run`` keeps them) and its decoded steps."""

    def __init__(self, machine, x0, max_steps, limit):
        vocab = machine.vocab
        totals = np.zeros(acc.TOTALS, dtype=np.int64)
        totals[acc.T_PEAK] = x0.size
        totals[acc.T_MASKS] = np.count_nonzero(x0 == vocab.mask_id)
        totals[acc.T_FIRST_MASK] = step.leftmost_mask(x0, vocab.mask_id)
        halt_fixed = isinstance(machine, APMDM) and machine.halt_on_fixed_point
        halt_eos = isinstance(machine, ARM) or (isinstance(machine, APMDM) and machine.halt_on_eos)
        options = np.array([machine.code, vocab.mask_id, len(vocab), vocab.eos_id, limit,
                            max_steps, halt_fixed, halt_eos], dtype=np.int64)
        fixed_canvas = machine.code in (step.MDM, step.MASKED_ARM)
        slack = 0 if fixed_canvas else step.buffer_slack(x0.size)
        self.buf, start, end = step.new_buffer(x0, slack)
        self.state, self.narrow = acc.new_loop_state(totals, options, start, end)
        self.x0, self.code = x0, machine.code
        self.dense = machine.code == step.APMDM
        self.spare = np.empty(0, dtype=np.int32)  # the dense step's second buffer
        self.answers = {}
        self.steps = 0
        self.reason = acc.stop_before_step(totals, options)  # None: only the replay can say
        self.live = self.reason == acc.RUNNING
        self.saved = None   # the audit's (step index, state copy, answer) to ask about again
        self.hidden = None  # (HiddenStateError, the step at which run() raises it)

    def view(self):
        return self.buf[self.state[acc.S_START]:self.state[acc.S_END]]

    def apply(self, x, output):
        """Keep ``output`` as the answer for ``x`` and apply it; False once the run ends."""
        self.answers[_key(x)] = output
        self.reason = None
        if isinstance(output, BaseException):
            return False
        if self.dense and type(output) is tuple and _dense(output, len(x)):
            self.reason, self.buf, _, _, self.spare = acc.loop_dense(self.buf, *output,
                                                                     self.state, self.spare)
            self.steps += 1
            return self.reason == acc.RUNNING
        try:
            edit = normalize_step(self.code, output, len(x), self.steps)
        except STEP_ERRORS:
            return False  # the replay raises it with the run's step and partial
        if edit is None:
            self.reason = acc.HALTED
            return False
        edit = tuple(part if part.flags.writeable else part.copy() for part in edit)
        self.reason, self.buf, _, _ = acc.loop_step(self.buf, *edit, self.state, self.narrow)
        self.steps += 1
        return self.reason == acc.RUNNING

    def ended_by_rule(self):
        """True if the run ended by its own rule or a limit, not by a step error."""
        return self.reason is not None and 0 <= self.reason < len(acc.REASON_NAMES)

    def result(self, machine):
        """The run's result from the lane's own loop state, or None where the replay must
        make it (a step error, which run() raises with its step, position and partial)."""
        if not self.ended_by_rule():
            return None
        start, end = int(self.state[acc.S_START]), int(self.state[acc.S_END])
        return loop_result(machine, self.buf, start, end, self.state[:acc.TOTALS],
                           acc.REASON_NAMES[self.reason])


class _Answers:
    """The replay's policy: the step decoded for this state in the lockstep run."""

    def __init__(self, answers):
        self.answers = answers

    def __call__(self, x):
        answer = self.answers[_key(x)]
        if isinstance(answer, BaseException):
            raise answer
        return answer


def _audit_step(index):
    """True at the steps run()'s audit asks again: 1, 2, 4, 8, ..."""
    return index >= 1 and index & (index - 1) == 0


def _recheck(policy, lanes, at, chunk):
    """Ask the model again (one call, or one per ``chunk``) about each lane's saved state;
    a lane whose answer differs stops with run()'s HiddenStateError, which run() raises
    at step ``at(lane)``."""
    lanes = [lane for lane in lanes if lane.saved is not None]
    if not lanes:
        return
    states = [lane.saved[1] for lane in lanes]
    again = []
    for first in range(0, len(states), chunk or len(states)):
        part = states[first:first + chunk] if chunk else states
        try:
            again += policy.decode(part)
        except STEP_ERRORS as error:
            again += [error] * len(part)
    for lane, state, answer in zip(lanes, states, again):
        index, _, first = lane.saved
        lane.saved = None
        try:
            same = (not isinstance(answer, BaseException)
                    and steps_agree(policy.machine, first, answer, state))
        except STEP_ERRORS:
            same = False
        if not same:
            lane.hidden = (HiddenStateError(hidden_state_message(index), step=index), at(lane))
            lane.live = False


def run_batch(machine, model, prompts, *, decoding=None, max_steps=10_000_000, max_context=None,
              record=False, check_stateless=True, batch_size=None):
    """Run ``model`` on ``machine`` from each prompt, all in lockstep; one model call per step.

    Parameters
    ----------
    machine : Machine
    model : callable
        See :mod:`proofs.learned.model`.
    prompts : list of array_like
    decoding : rule or None
        A rule of :mod:`proofs.learned.decoding` (default: the machine's).
    max_steps, max_context, record, check_stateless
        As for :func:`simulators.run.run`, per instance.
    batch_size : int or None
        Call the model on at most this many sequences at once (default: all live ones).

    Returns
    -------
    list
        Per prompt, the :class:`~simulators.run.RunResult` that ``run(machine,
        ModelPolicy(model, machine, decoding), prompt, ...)`` returns, or the step error
        it raises (with ``.step``, ``.position``, ``.partial``). Ctrl-C ends every run
        where it is, with ``stopped_by='interrupted'``.

    Raises
    ------
    InvalidArgumentError
        For bad arguments (as ``run``).

    Examples
    --------
    >>> from proofs.learned.oracle import oracle_model
    >>> from proofs.oracles import parity
    >>> model = oracle_model("parity", "mdm")
    >>> canvases = [parity.mdm_canvas(bits) for bits in ([1, 1], [1, 0, 0])]
    >>> results = run_batch(model.machine, model, canvases)
    >>> [parity.mdm_answer(r.final) for r in results]
    [0, 1]
    """
    policy = ModelPolicy(model, machine, decoding)
    max_steps = check_positive_int(max_steps, "max_steps")
    limit = step.NO_LIMIT if max_context is None else check_positive_int(max_context, "max_context")
    chunk = None if batch_size is None else check_positive_int(batch_size, "batch_size")
    lanes = []
    for index, prompt in enumerate(prompts):
        x0 = as_int32_array(prompt, f"prompts[{index}]")
        machine.vocab.check(x0, f"prompts[{index}]")
        if x0.size > limit:
            raise InvalidArgumentError(f"prompts[{index}] has {x0.size} tokens, more than "
                                       f"max_context={max_context}")
        lanes.append(_Lane(machine, x0, max_steps, limit))
    interrupted = False
    try:
        live = [lane for lane in lanes if lane.live]
        index = 0
        while live:
            if check_stateless and _audit_step(index):  # before this step's call, as run()
                _recheck(policy, live, lambda lane: index, chunk)
                live = [lane for lane in live if lane.live]
                if not live:
                    break
            for first in range(0, len(live), chunk or len(live)):
                group = live[first:first + chunk] if chunk else live
                views = [lane.view() for lane in group]
                try:
                    outputs = policy.decode(views)
                except STEP_ERRORS as error:
                    outputs = [error] * len(group)
                for lane, x, output in zip(group, views, outputs):
                    if check_stateless and (index == 0 or _audit_step(index)):
                        lane.saved = (index, x.copy(), output)
                    lane.live = lane.apply(x, output)
            ended = [lane for lane in live if not lane.live]
            if check_stateless:  # run() asks once more when a run ends by its own rule
                _recheck(policy, [lane for lane in ended if lane.ended_by_rule()],
                         lambda lane: lane.steps, chunk)
            live = [lane for lane in live if lane.live]
            index += 1
    except KeyboardInterrupt:
        interrupted = True
    options = dict(max_context=max_context, record=record, check_stateless=check_stateless)
    results = []
    for lane in lanes:
        if lane.hidden is not None:
            results.append(_hidden(machine, lane, options))
            continue
        stopped = interrupted and lane.live
        own = None if record or stopped else lane.result(machine)
        if own is not None:  # ended by its own rule or a limit: no replay needed
            results.append(own)
            continue
        replay = _Answers(lane.answers) if lane.steps or not stopped else (lambda x: None)
        try:
            result = run(machine, replay, lane.x0,
                         max_steps=max(1, lane.steps) if stopped else max_steps, **options)
        except STEP_ERRORS as error:
            results.append(error)
            continue
        results.append(dataclasses.replace(result, stopped_by="interrupted") if stopped else result)
    return results


def _hidden(machine, lane, options):
    """The HiddenStateError run() raises for ``lane``, with its partial run to that step."""
    error, at = lane.hidden
    options = dict(options, check_stateless=False)
    if at == 0:  # caught before the first step: the partial run is the prompt
        partial = run(machine, lambda x: None, lane.x0, **options)
    else:
        partial = run(machine, _Answers(lane.answers), lane.x0, max_steps=at, **options)
    error.partial = dataclasses.replace(partial, stopped_by="error")
    return error
