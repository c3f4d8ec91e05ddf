"""evaluate(): the oracle scores 100 % with no divergence; planted faults are found at their step."""

import numpy as np
import pytest

from proofs.learned.evaluate import evaluate
from proofs.learned.oracle import OracleModel, oracle_model
from proofs.tasks import get_task
from simulators.run import run


class MissesRemasks(OracleModel):
    """The oracle, except that on the listed states it drops its first remask."""

    def __init__(self, task, machine, states):
        super().__init__(task, machine)
        self.states = {s.tobytes() for s in states}

    def step(self, x):
        edit = super().step(x)
        if edit is None or x.tobytes() not in self.states:
            return edit
        positions, tokens, ctrl = edit
        remasks = np.flatnonzero(ctrl[:, 0] != 0)
        if remasks.size == 0:
            return edit
        keep = np.ones(len(positions), dtype=bool)
        keep[remasks[0]] = False
        return positions[keep], tokens[keep], ctrl[keep]


def _oracle_trajectories(task, machine, n, count, seed):
    task = get_task(task)
    process = task.process(machine)
    rng = np.random.default_rng(seed)
    instances = [task.family.generate(n, rng) for _ in range(count)]
    return [run(process.machine(), process.policy, process.prompt(i), record=True)
            for i in instances]


@pytest.mark.parametrize("task, machine, sizes", [
    ("parity", "apmdm", [1, 4, 33]), ("parity", "mdm", [4, 16]), ("parity", "arm", [4, 16]),
    ("sudoku", "official", [4]),
])
def test_oracle_as_a_model_scores_everything_and_never_diverges(task, machine, sizes):
    report = evaluate(oracle_model(task, machine), task, machine, sizes, count=4, seed=1)
    for size in report.sizes:
        tf = size.teacher_forced
        assert size.accuracy == 1.0 and size.diverged == 0
        assert tf["next_state_match"] == 1.0 and tf["states"] > 0
        for op in ("unmask", "remask", "insert", "delete"):
            assert tf[op]["recall"] in (None, 1.0) and tf[op]["precision"] in (None, 1.0)
        assert size.endings == {"answer": 4}


@pytest.mark.parametrize("task, machine, n, every", [
    ("parity", "apmdm", 24, 3), ("parity", "apmdm", 10, 1), ("sudoku", "official", 4, 5),
])
def test_a_model_missing_one_remask_every_k_steps_is_caught_at_that_step(task, machine, n, every):
    seed, count = 7, 3
    runs = _oracle_trajectories(task, machine, n, count, seed)
    faulty_states, expected, missed = [], [], 0
    for result in runs:
        states, steps = result.trace.states, result.trace.steps
        first = None
        for t in range(every - 1, len(steps), every):
            if (steps[t][2][:, 0] != 0).any():
                faulty_states.append(states[t])
                missed += 1
                if first is None:
                    first = (t, int(steps[t][0][np.flatnonzero(steps[t][2][:, 0])[0]]))
        expected.append(first)
    assert any(expected), "the plant must hit at least one remask"
    model = MissesRemasks(task, machine, faulty_states)
    report = evaluate(model, task, machine, [n], count=count, seed=seed)
    size = report.sizes[0]
    for instance, first in zip(size.instances, expected):
        if first is None:
            assert instance.divergence is None
            continue
        d = instance.divergence
        assert (d.step, d.position) == first
        assert d.oracle.startswith("remask") and "remask" not in d.model
    total = size.teacher_forced["remask"]["oracle"]
    assert size.teacher_forced["remask"]["recall"] == pytest.approx((total - missed) / total)
    assert size.teacher_forced["remask"]["precision"] == 1.0
    assert size.teacher_forced["next_state_match"] < 1.0


def test_a_model_that_never_stops_is_reported_as_a_loop():
    from proofs.oracles.parity import BOS, MASK, ONE

    class Loops(OracleModel):
        """The oracle until the end, then [BOS] -> [BOS] M -> [BOS] 1 -> [BOS] M -> ..."""

        def step(self, x):
            one = np.array([[0, 0, 0]], np.uint8)
            if x.tolist() == [BOS]:
                return np.array([0]), np.zeros(1, np.int32), np.array([[0, 1, 0]], np.uint8)
            if x.tolist() == [BOS, MASK]:
                return np.array([1]), np.array([ONE], np.int32), one
            if x.tolist() == [BOS, ONE]:
                return np.array([1]), np.zeros(1, np.int32), np.array([[1, 0, 0]], np.uint8)
            return super().step(x)

    report = evaluate(Loops("parity", "apmdm"), "parity", "apmdm", [6], count=4, seed=3)
    size = report.sizes[0]
    assert size.endings == {"loop": 4} and size.accuracy == 0.0
    changed = ([BOS], [BOS, MASK], [BOS, ONE])
    for instance in size.instances:
        states = instance.oracle_run.trace.states
        expected = next(t for t, state in enumerate(states) if state.tolist() in changed)
        assert instance.divergence.step == expected
        assert (instance.divergence.oracle == "halt") == (expected == instance.oracle_steps)
    assert size.teacher_forced["next_state_match"] < 1.0


def test_a_model_with_hidden_state_ends_as_hidden_state():
    """The free run is audited as run() is: a model whose answer about one state changes
    between calls (here: every second call swaps two digits' logits) ends 'hidden state'."""
    from proofs.learned.model import UNMASK

    oracle = oracle_model("parity", "mdm")
    calls = []

    def drifting(tokens, lengths):
        calls.append(1)
        out = dict(oracle(tokens, lengths))
        if len(calls) % 2 == 0:
            logits = out[UNMASK].copy()
            logits[..., [3, 4]] = logits[..., [4, 3]]
            out[UNMASK] = logits
        return out

    report = evaluate(drifting, "parity", "mdm", [8], count=3, seed=1, teacher_forced=False)
    assert report.sizes[0].endings == {"hidden state": 3}
    assert evaluate(oracle, "parity", "mdm", [8], count=3, seed=1).sizes[0].endings == {
        "answer": 3}


def test_evaluation_dict_and_table_hold_every_size():
    report = evaluate(oracle_model("parity", "apmdm"), "parity", "apmdm", [4, 8], count=2)
    data = report.as_dict()
    assert [s["n"] for s in data["sizes"]] == [4, 8]
    header, rows = report.table()
    assert len(rows) == 2 and len(rows[0]) == len(header)
    instance = report.sizes[0].instances[0]
    assert instance.oracle_run.trace is not None and instance.model_run.trace is not None
