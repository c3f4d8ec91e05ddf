"""Judge a model against a task's oracle process: teacher-forced step by step, free-running across sizes.

:func:`evaluate` generates ``count`` instances per size, runs the oracle process on each
(recorded), and then measures the model two ways:

- **teacher-forced**, on the oracle's own states: for each operation of
  :data:`~proofs.learned.labels.OPERATIONS`, precision and recall of the model's step
  against the oracle's, position by position (an unmask counts only with the right
  token: its recall is the unmask token accuracy), and the share of states whose
  next state equals the oracle's. An AP-MDM oracle that stops adds its final state,
  where the model should change nothing.
- **free-running**, from the prompt, with :func:`~proofs.learned.batch.run_batch`
  (step ceiling ``step_factor`` times the oracle's longest run at that size, context
  ceiling ``context_factor`` times the process's context bound): the answer checked by the family's
  verifier; how the run ended (``answer``, ``no answer`` with the machine's stop reason,
  ``loop``: the step ceiling reached after a repeated state, ``step ceiling``,
  ``context overflow``, ``law violation``, ``hidden state``: the model answered twice
  differently about one state, run()'s statelessness audit); its steps and peak context against the
  oracle's; and the first divergence from the oracle's trajectory (the step, the
  position, the oracle's operation and the model's there).

The result keeps, per instance, the oracle's run and the model's (both with traces), for
a viewer to show side by side.
"""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from proofs.learned.batch import STEP_ERRORS, run_batch
from proofs.learned.decoding import ModelPolicy
from proofs.learned.labels import OPERATIONS, describe, step_labels
from proofs.tasks import Task, get_task
from simulators.errors import GenpowerError, HiddenStateError
from simulators.machines import APMDM
from simulators.policies import normalize_step
from simulators.run import run
from simulators.stops import LIMIT_REASONS
from simulators.update import apply_g
from simulators.validation import as_rng, check_positive_int
from theory.errors import FamilyInputError

__all__ = ["evaluate", "Evaluation", "SizeReport", "InstanceReport", "Divergence",
           "first_divergence"]


@dataclass(frozen=True)
class Divergence:
    """Where a model's run first leaves the oracle's trajectory.

    ``step`` is the index of the step (0-based) taken from the last shared state;
    ``position`` the first position where the two steps differ (None when the model's
    step was rejected without one); ``oracle`` and ``model`` name what each did there
    ('remask', 'keep', 'unmask 1', 'halt', or the law error's class).
    """

    step: int
    position: int | None
    oracle: str
    model: str

    def as_dict(self):
        """The divergence as a plain dict."""
        return {"step": self.step, "position": self.position, "oracle": self.oracle,
                "model": self.model}


@dataclass
class InstanceReport:
    """One instance's free run: verdict, ending, resources against the oracle's, divergence."""

    n: int
    correct: bool
    ending: str
    stopped_by: str
    steps: int
    oracle_steps: int
    peak_context: int
    oracle_peak_context: int
    divergence: Divergence | None
    instance: object = field(repr=False, default=None)
    oracle_run: object = field(repr=False, default=None)
    model_run: object = field(repr=False, default=None)
    error: object = field(repr=False, default=None)

    def as_dict(self):
        """The report as a plain dict (runs and instance left out)."""
        return {"n": self.n, "correct": self.correct, "ending": self.ending,
                "stopped_by": self.stopped_by, "steps": self.steps,
                "oracle_steps": self.oracle_steps, "peak_context": self.peak_context,
                "oracle_peak_context": self.oracle_peak_context,
                "divergence": None if self.divergence is None else self.divergence.as_dict()}


@dataclass
class SizeReport:
    """Everything measured at one size."""

    n: int
    count: int
    accuracy: float | None
    teacher_forced: dict
    endings: dict
    diverged: int | None
    instances: list = field(repr=False, default_factory=list)

    @property
    def first_divergence(self):
        """The earliest divergence among the instances (None if none diverged)."""
        found = [r.divergence for r in self.instances if r.divergence is not None]
        return min(found, key=lambda d: d.step) if found else None

    def as_dict(self):
        """The size's figures as a plain dict (instances included, runs left out)."""
        first = self.first_divergence
        return {"n": self.n, "count": self.count, "accuracy": self.accuracy,
                "teacher_forced": self.teacher_forced, "endings": self.endings,
                "diverged": self.diverged,
                "first_divergence": None if first is None else first.as_dict(),
                "mean_steps_ratio": _mean_ratio(self.instances, "steps", "oracle_steps"),
                "mean_context_ratio": _mean_ratio(self.instances, "peak_context",
                                                  "oracle_peak_context"),
                "instances": [r.as_dict() for r in self.instances]}


def _mean_ratio(reports, mine, theirs):
    ratios = [getattr(r, mine) / getattr(r, theirs) for r in reports if getattr(r, theirs)]
    return float(np.mean(ratios)) if ratios else None


@dataclass
class Evaluation:
    """The result of :func:`evaluate`: one :class:`SizeReport` per size."""

    task: str
    machine: str
    model: str
    decoding: str
    sizes: list

    def as_dict(self):
        """The whole evaluation as a plain dict (for ``--json``)."""
        return {"task": self.task, "machine": self.machine, "model": self.model,
                "decoding": self.decoding, "sizes": [s.as_dict() for s in self.sizes]}

    def table(self):
        """``(header, rows)``: the length-generalisation table, one row per size."""
        header = ("n", "count", "accuracy", "next-state", "unmask acc", "remask P/R",
                  "insert P/R", "delete P/R", "diverged", "first divergence", "endings")
        rows = []
        for s in self.sizes:
            tf = s.teacher_forced
            first = s.first_divergence
            rows.append((
                s.n, s.count, _percent(s.accuracy), _percent(tf["next_state_match"]),
                _percent(tf["unmask"]["recall"]),
                *(f"{_percent(tf[op]['precision'])}/{_percent(tf[op]['recall'])}"
                  for op in OPERATIONS[1:]),
                "-" if s.diverged is None else f"{s.diverged}/{s.count}",
                "-" if first is None else
                f"step {first.step} pos {first.position}: {first.oracle} -> {first.model}",
                ", ".join(f"{k} {v}" for k, v in sorted(s.endings.items()))))
        return header, rows


def _percent(value):
    return "-" if value is None else f"{100 * value:.1f}%"


class _Counts:
    """Teacher-forced tallies: tp/fp/fn per operation and next-state matches."""

    def __init__(self):
        self.tp, self.fp, self.fn = (np.zeros(4, dtype=np.int64) for _ in range(3))
        self.states = self.matches = 0

    def add(self, oracle, model, match):
        o = oracle.ops.copy()
        m = model.ops.copy()
        same_token = oracle.tokens == model.tokens
        both = o & m
        both[:, 0] &= same_token
        self.tp += both.sum(0)
        self.fp += (m & ~both).sum(0)
        self.fn += (o & ~both).sum(0)
        self.states += 1
        self.matches += bool(match)

    def as_dict(self):
        out = {"states": self.states,
               "next_state_match": self.matches / self.states if self.states else None}
        for k, op in enumerate(OPERATIONS):
            tp, fp, fn = int(self.tp[k]), int(self.fp[k]), int(self.fn[k])
            out[op] = {"precision": tp / (tp + fp) if tp + fp else None,
                       "recall": tp / (tp + fn) if tp + fn else None,
                       "oracle": tp + fn, "model": tp + fp}
        return out


def _next_state(machine, x, output):
    """The state after the model's decoded ``output`` on ``x`` (x itself if it stops;
    None if the machine rejects it)."""
    if output is None:
        return x
    if isinstance(machine, APMDM) and isinstance(output, tuple) and len(output) == 2:
        try:
            return apply_g(x, output[0], output[1], machine.vocab.mask_id)
        except GenpowerError:
            return None
    try:
        result = run(machine, lambda _: output, x, max_steps=1, check_stateless=False)
    except STEP_ERRORS:
        return None
    return result.final


def _teacher_forced(policy, machine, trajectories, batch_size, counts, limit=None):
    """Add the oracle states of ``trajectories`` (at most ``limit`` per trajectory, evenly
    spaced, the first and last included) to ``counts``: one model call per batch."""
    items = []
    for states, steps, halted in trajectories:
        last = len(steps) + (1 if halted and isinstance(machine, APMDM) else 0)
        chosen = range(last)
        if limit is not None and last > limit:
            chosen = np.unique(np.linspace(0, last - 1, limit).round().astype(int)).tolist()
        for t in chosen:
            nxt = states[t + 1] if t < len(steps) else states[t]
            items.append((states[t], steps[t] if t < len(steps) else None, nxt))
    for first in range(0, len(items), batch_size):
        chunk = items[first:first + batch_size]
        views = [np.ascontiguousarray(x) for x, _, _ in chunk]
        for view in views:
            view.flags.writeable = False
        try:
            outputs = policy.decode(views)
        except STEP_ERRORS:
            outputs = [None] * len(chunk)
        for (x, oracle_step, expected), output in zip(chunk, outputs):
            try:
                model_step = normalize_step(machine.code, output, len(x), 0)
            except STEP_ERRORS:
                counts.add(step_labels(machine, x, oracle_step),
                           step_labels(machine, x, None), False)
                continue
            after = _next_state(machine, x, output)
            counts.add(step_labels(machine, x, oracle_step), step_labels(machine, x, model_step),
                       after is not None and np.array_equal(after, expected))


def _strip_no_op(states):
    """Drop a final state equal to the one before (a fixed point's no-op step)."""
    if len(states) >= 2 and np.array_equal(states[-1], states[-2]):
        return states[:-1]
    return states


def first_divergence(machine, oracle_states, oracle_steps, model_states, model_steps, error=None):
    """Find where a model's trajectory first leaves the oracle's.

    Parameters
    ----------
    machine : Machine
    oracle_states, model_states : list of numpy.ndarray
        The states of each run, the prompt first.
    oracle_steps, model_steps : list
        The recorded (normalised) steps of each run.
    error : Exception or None
        The law error that ended the model's run, if any (at step ``error.step``).

    Returns
    -------
    Divergence or None
        None when the model followed the oracle to its end and stopped there.
    """
    oracle_states = _strip_no_op(oracle_states)
    model_states = _strip_no_op(model_states)
    shared = min(len(oracle_states), len(model_states))
    t = next((k for k in range(shared - 1)
              if not np.array_equal(oracle_states[k + 1], model_states[k + 1])), shared - 1)
    if (t == shared - 1 and error is None and len(oracle_states) == len(model_states)):
        return None
    x = oracle_states[t]
    vocab = machine.vocab
    oracle_labels = step_labels(machine, x, oracle_steps[t] if t < len(oracle_states) - 1 else None)
    if error is not None and t == len(model_states) - 1:
        position = getattr(error, "position", None)
        return Divergence(t, position, describe(oracle_labels, position or 0, vocab),
                          type(error).__name__)
    model_labels = step_labels(machine, x, model_steps[t] if t < len(model_states) - 1 else None)
    differ = oracle_labels.differ(model_labels)
    position = int(differ[0]) if differ.size else 0
    return Divergence(t, position, describe(oracle_labels, position, vocab),
                      describe(model_labels, position, vocab))


def _ending(result, error, answer):
    if isinstance(error, HiddenStateError):
        return "hidden state"
    if error is not None:
        return "law violation"
    if result.stopped_by == "max_context":
        return "context overflow"
    if result.stopped_by == "max_steps":
        seen = set()
        for state in result.trace.iter_states():
            key = state.tobytes()
            if key in seen:
                return "loop"
            seen.add(key)
        return "step ceiling"
    if result.stopped_by == "interrupted":
        return "interrupted"
    return "answer" if answer is not None else f"no answer ({result.stopped_by})"


def _read_answer(process, final, prompt):
    try:
        return process.read_answer(final, prompt)
    except (GenpowerError, FamilyInputError, ValueError, IndexError, KeyError):
        return None


def evaluate(model, task, machine=None, sizes=(4, 16, 64), count=10, seed=0, *, decoding=None,
             batch_size=64, step_factor=2, context_factor=2, teacher_forced=True,
             states=None, free_run_up_to=None, model_name=None):
    """Evaluate ``model`` as ``machine``'s policy on ``task`` against the oracle process.

    Parameters
    ----------
    model : callable
        See :mod:`proofs.learned.model`.
    task : str or Task
    machine : str or None
        The process to compare with (default: the task's first).
    sizes : sequence of int
        Instance sizes n.
    count : int
        Instances per size, generated from ``seed`` (one generator for the whole run).
    decoding : rule or None
        A rule of :mod:`proofs.learned.decoding` (default: the machine's).
    batch_size : int
        Sequences per model call.
    step_factor, context_factor : int
        The free run's step ceiling, in multiples of the most steps an oracle run took at
        that size, and its context ceiling, in multiples of the process's context bound
        (plus 8 each).
    teacher_forced : bool
        Measure the teacher-forced figures (one model call per oracle state).
    states : int or None
        Teacher-force at most this many states per instance, evenly spaced (default: all).
    free_run_up_to : int or None
        Run free only at sizes up to this n (a model's free run at n = 10,000 costs some
        20,000 forward passes over 10,000 tokens); larger sizes are teacher-forced only
        and their free-running figures are None.

    Returns
    -------
    Evaluation

    Raises
    ------
    InvalidArgumentError
        For an unknown task or machine, or bad counts.
    FamilyInputError
        For a size the family refuses.

    Examples
    --------
    >>> from proofs.learned.oracle import oracle_model
    >>> report = evaluate(oracle_model("parity", "apmdm"), "parity", "apmdm", [4, 8], count=3)
    >>> [(s.n, s.accuracy, s.diverged, s.teacher_forced["next_state_match"]) for s in report.sizes]
    [(4, 1.0, 0, 1.0), (8, 1.0, 0, 1.0)]
    """
    task = task if isinstance(task, Task) else get_task(task)
    machine_name = task.default_machine if machine is None else machine
    process = task.process(machine_name)
    the_machine = process.machine()
    policy = ModelPolicy(model, the_machine, decoding)
    count = check_positive_int(count, "count")
    batch_size = check_positive_int(batch_size, "batch_size")
    rng = as_rng(seed)
    reports = []
    for n in sizes:
        task.check_memory(n, machine_name)
        instances = [task.family.generate(n, rng) for _ in range(count)]
        prompts = [process.prompt(instance) for instance in instances]
        bound = max(1, process.steps_bound(n))
        oracle_runs = [run(the_machine, process.policy, prompt, record=True, max_steps=bound,
                           check_stateless=False) for prompt in prompts]
        counts = _Counts()
        if teacher_forced:
            _teacher_forced(policy, the_machine,
                            [(r.trace.states, r.trace.steps, r.stopped_by == "halted")
                             for r in oracle_runs], batch_size, counts, states)
        if free_run_up_to is not None and n > free_run_up_to:
            reports.append(SizeReport(n=n, count=count, accuracy=None,
                                      teacher_forced=counts.as_dict(), endings={}, diverged=None))
            continue
        longest = max(r.resources.steps for r in oracle_runs)
        outcomes = run_batch(the_machine, model, prompts, decoding=policy.decoding,
                             max_steps=step_factor * longest + 8,
                             max_context=context_factor * process.context_bound(n) + 8,
                             record=True, batch_size=batch_size)  # audited, as run() is
        instance_reports = []
        for instance, prompt, oracle_run, outcome in zip(instances, prompts, oracle_runs, outcomes):
            error = outcome if isinstance(outcome, Exception) else None
            result = outcome.partial if error is not None else outcome
            own_stop = error is None and result.stopped_by not in LIMIT_REASONS
            answer = _read_answer(process, result.final, prompt) if own_stop else None
            correct = answer is not None and bool(task.family.verify(instance, answer))
            divergence = first_divergence(the_machine, oracle_run.trace.states,
                                          oracle_run.trace.steps, result.trace.states,
                                          result.trace.steps, error)
            instance_reports.append(InstanceReport(
                n=task.size(instance), correct=correct, ending=_ending(result, error, answer),
                stopped_by="error" if error is not None else result.stopped_by,
                steps=result.resources.steps + (error is not None),
                oracle_steps=oracle_run.resources.steps,
                peak_context=result.resources.peak_context,
                oracle_peak_context=oracle_run.resources.peak_context, divergence=divergence,
                instance=instance, oracle_run=oracle_run, model_run=result, error=error))
        reports.append(SizeReport(
            n=n, count=count, accuracy=sum(r.correct for r in instance_reports) / count,
            teacher_forced=counts.as_dict(),
            endings=dict(Counter(r.ending for r in instance_reports)),
            diverged=sum(r.divergence is not None for r in instance_reports),
            instances=instance_reports))
    return Evaluation(task.name, machine_name, model_name or repr(model), repr(policy.decoding),
                      reports)
