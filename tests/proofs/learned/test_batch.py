"""run_batch: one model call per step for all live instances, and exactly run()'s results."""

import numpy as np
import pytest

from proofs.learned.batch import run_batch
from proofs.learned.decoding import Literal, ModelPolicy
from proofs.learned.evaluate import evaluate
from proofs.learned.model import CONTRACT, EXPAND, REMASK, UNMASK
from proofs.learned.oracle import oracle_model
from proofs.tasks import get_task
from simulators.errors import HiddenStateError, IllegalWriteError, InvalidArgumentError
from simulators.machines import MDM
from simulators.run import run
from simulators.vocab import Vocab


class Counting:
    def __init__(self, model):
        self.model, self.calls, self.widths = model, 0, []

    def __call__(self, tokens, lengths):
        self.calls += 1
        self.widths.append(len(lengths))
        return self.model(tokens, lengths)


def _same(a, b):
    if isinstance(a, Exception) or isinstance(b, Exception):
        return (type(a) is type(b) and a.step == b.step and a.position == b.position
                and np.array_equal(a.partial.final, b.partial.final)
                and a.partial.resources == b.partial.resources)
    steps_equal = all(all(np.array_equal(p, q) for p, q in zip(s, t))
                      for s, t in zip(a.trace.steps, b.trace.steps))
    return (np.array_equal(a.final, b.final) and a.stopped_by == b.stopped_by
            and a.resources == b.resources and len(a.trace.steps) == len(b.trace.steps)
            and steps_equal)


def _single(machine, model, prompt, **options):
    try:
        return run(machine, ModelPolicy(model, machine), prompt, **options)
    except IllegalWriteError as error:
        return error


@pytest.mark.parametrize("task, machine, n", [
    ("parity", "apmdm", 9), ("parity", "mdm", 9), ("parity", "arm", 9), ("sudoku", "official", 4),
])
def test_run_batch_equals_run_per_instance(task, machine, n):
    the_task = get_task(task)
    process = the_task.process(machine)
    model = Counting(oracle_model(task, machine))
    rng = np.random.default_rng(5)
    sizes = [n, 1, n + 3, 2] if task == "parity" else [n] * 4
    prompts = [process.prompt(the_task.family.generate(k, rng)) for k in sizes]
    batched = run_batch(process.machine(), model, prompts, record=True, max_steps=40,
                        check_stateless=False)
    longest = max(r.resources.steps for r in batched)
    assert model.calls == longest  # one call per step, for every live instance at once
    assert model.widths == sorted(model.widths, reverse=True)  # finished ones drop out
    audited = run_batch(process.machine(), model, prompts, record=True, max_steps=40)
    unrecorded = run_batch(process.machine(), model, prompts, max_steps=40)  # no replay
    for prompt, result, again, own in zip(prompts, batched, audited, unrecorded):
        single = _single(process.machine(), model.model, prompt, record=True, max_steps=40)
        assert _same(result, single) and _same(again, single)
        plain = _single(process.machine(), model.model, prompt, max_steps=40)
        assert (np.array_equal(own.final, plain.final), own.stopped_by, own.resources,
                own.trace) == (True, plain.stopped_by, plain.resources, None)
    for prompt, own in zip(prompts, run_batch(process.machine(), model, prompts, max_steps=3)):
        plain = _single(process.machine(), model.model, prompt, max_steps=3)  # a limit
        assert (np.array_equal(own.final, plain.final), own.stopped_by, own.resources) == (
            True, plain.stopped_by, plain.resources)


class Drifting:
    """The oracle, but every second call swaps the logits of two digits: hidden state."""

    def __init__(self, model):
        self.model, self.calls = model, 0

    def __call__(self, tokens, lengths):
        self.calls += 1
        out = dict(self.model(tokens, lengths))
        if self.calls % 2 == 0:
            logits = out[UNMASK].copy()
            logits[..., [3, 4]] = logits[..., [4, 3]]
            out[UNMASK] = logits
        return out


def test_a_model_with_hidden_state_is_caught_as_run_catches_it():
    """run_batch audits on run()'s schedule (the replay, answering from kept steps, could
    not): each instance ends with run()'s HiddenStateError, its step and the partial run;
    with the audit off the drift goes through. (Where a stateful model is caught depends
    on its calls, which differ between a batch and single runs; that it is, does not.)"""
    process = get_task("parity").process("mdm")
    oracle = oracle_model("parity", "mdm")
    prompts = [process.prompt(np.array(bits)) for bits in ([1, 0, 1, 1, 0, 1, 1, 1], [1, 1])]
    results = run_batch(process.machine(), Drifting(oracle), prompts)
    for prompt, result in zip(prompts, results):
        assert isinstance(result, HiddenStateError), result
        assert result.partial.stopped_by == "error"
        assert 0 <= result.step <= result.partial.resources.steps
        with pytest.raises(HiddenStateError) as caught:
            run(process.machine(), ModelPolicy(Drifting(oracle), process.machine()), prompt)
        assert str(result).split(";")[1] == str(caught.value).split(";")[1]
    unaudited = run_batch(process.machine(), Drifting(oracle), prompts, check_stateless=False)
    assert not any(isinstance(r, HiddenStateError) for r in unaudited)


def _rewriter(tokens, lengths):
    """An MDM 'model' whose argmax is token 3 everywhere: it rewrites written cells."""
    logits = np.zeros(tokens.shape + (4,))
    logits[..., 3] = 1.0
    return {UNMASK: logits}


def test_a_law_breaking_model_gets_the_law_error_with_step_position_and_partial():
    vocab = Vocab(["[BOS]", "[EOS]", "[MASK]", "a"])
    machine = MDM(vocab)
    prompts = [np.array([0, 2, 2], np.int32), np.array([2, 2], np.int32)]
    results = run_batch(machine, _rewriter, prompts, decoding=Literal(machine))
    assert isinstance(results[0], IllegalWriteError)
    assert (results[0].step, results[0].position) == (0, 0)
    assert results[0].partial.stopped_by == "error"
    assert results[1].stopped_by == "no_masks"
    with pytest.raises(IllegalWriteError) as caught:
        run(machine, ModelPolicy(_rewriter, machine, Literal(machine)), prompts[0])
    assert _same(results[0], caught.value)


def test_a_law_broken_by_a_stateful_model_is_reported_as_the_law_not_hidden_state():
    """run() raises the law error at the step that breaks it, before any audit; so must
    run_batch (its audit at a run's end is for runs that ended by their own rule)."""
    vocab = Vocab(["[BOS]", "[EOS]", "[MASK]", "a", "b"])
    machine = MDM(vocab)
    calls = []

    def drifting_rewriter(tokens, lengths):
        calls.append(1)
        logits = np.zeros(tokens.shape + (5,))
        logits[..., 3 + len(calls) % 2] = 1.0   # 'a' or 'b' by the call's parity
        return {UNMASK: logits}

    result, = run_batch(machine, drifting_rewriter, [np.array([0, 2, 2], np.int32)],
                        decoding=Literal(machine))
    assert isinstance(result, IllegalWriteError) and (result.step, result.position) == (0, 0)


def _grower(tokens, lengths):
    """An AP-MDM 'model' that inserts a mask after every position, every step."""
    shape = tokens.shape
    return {UNMASK: np.zeros(shape + (8,)), REMASK: np.full(shape, 30.0),
            EXPAND: np.full(shape, 30.0), CONTRACT: np.full(shape, -30.0)}


def test_context_overflow_ends_the_run_with_its_reason_and_prompts_are_checked():
    model = oracle_model("parity", "apmdm")
    prompt = get_task("parity").process("apmdm").prompt(np.array([1, 0, 1]))
    with pytest.raises(InvalidArgumentError):
        run_batch(model.machine, model, [prompt], max_context=2)
    result, = run_batch(model.machine, _grower, [prompt], max_context=20)
    assert result.stopped_by == "max_context" and result.final.size <= 20
    report = evaluate(_grower, "parity", "apmdm", [3], count=2)
    assert report.sizes[0].endings == {"context overflow": 2}
    assert report.sizes[0].instances[0].divergence.step == 0


def test_batch_size_splits_the_model_calls():
    model = Counting(oracle_model("parity", "mdm"))
    process = get_task("parity").process("mdm")
    prompts = [process.prompt(np.ones(8, np.uint8)) for _ in range(5)]
    results = run_batch(process.machine(), model, prompts, batch_size=2)
    assert max(model.widths) == 2 and all(r.stopped_by == "no_masks" for r in results)


def test_ctrl_c_ends_every_live_run_with_what_it_has():
    oracle = oracle_model("parity", "apmdm")
    calls = []

    def interrupted_on_third_call(tokens, lengths):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return oracle(tokens, lengths)

    process = get_task("parity").process("apmdm")
    prompts = [process.prompt(np.ones(9, np.uint8)), process.prompt(np.array([1], np.uint8))]
    long_run, short_run = run_batch(process.machine(), interrupted_on_third_call, prompts,
                                    check_stateless=False)  # the lockstep calls only
    assert long_run.stopped_by == "interrupted" and long_run.resources.steps == 2
    assert short_run.stopped_by != "interrupted"  # it had finished before Ctrl-C
