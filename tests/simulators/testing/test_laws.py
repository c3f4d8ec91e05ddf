"""The testing kit's laws hold on every machine's random runs, and each check catches a planted fault."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulators.machines import APMDM, MDM
from simulators.run import run
from simulators.testing import (
    LawViolation, check_replay, check_resources, check_run, check_same_run, check_stateless,
    check_step_laws)
from simulators.testing import strategies as gst
from simulators.testing.profiles import examples
from simulators.trace import Trace
from simulators.vocab import Vocab

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "a", "b"])
M = VOCAB.mask_id


def _runs_obey_the_laws(machine, count):
    """A test that ``count`` random runs of ``machine`` obey its laws and count right."""

    @settings(max_examples=examples(count))
    @given(result=gst.machine_runs(machine=machine))
    def runs_obey_the_laws(result: machine):
        # the annotation puts the machine in the signature, which Hypothesis's example
        # database keys (with the source), so each test keeps its own failing examples
        assert result.machine.name == machine
        check_run(result)

    return runs_obey_the_laws


test_mdm_runs_obey_the_mdm_laws_and_count_right = _runs_obey_the_laws("mdm", 2000)
test_arm_runs_obey_the_arm_laws_and_count_right = _runs_obey_the_laws("arm", 2000)
test_masked_arm_runs_obey_their_laws_and_count_right = _runs_obey_the_laws("masked_arm", 500)
test_apmdm_runs_obey_g_and_count_right = _runs_obey_the_laws("apmdm", 1000)


@settings(max_examples=examples(2000))
@given(gst.machine_runs(machine="apmdm"))
def test_apmdm_traces_export_import_and_replay(tmp_path_factory, result):
    path = tmp_path_factory.mktemp("trace") / "run.jsonl"
    result.trace.save(path)
    assert check_replay(path, mask_id=result.machine.vocab.mask_id) == len(result.trace)


@settings(max_examples=examples(300))
@given(st.sampled_from(gst.MACHINES), gst.vocabularies(), st.integers(0, 2**64 - 1))
def test_generated_policies_are_stateless(name, vocab, salt):
    from simulators.machines import machine_by_name
    policy = gst.stateless_policy(vocab, name, salt)
    x0 = np.array([0, M, 3, M] if name != "arm" else [0, 3], dtype=np.int32)
    result = run(machine_by_name(name, vocab), policy, x0, record=True, max_steps=30)
    check_stateless(policy, result.trace.states)


def recorded(policy, x0, machine=APMDM(VOCAB)):
    return run(machine, policy, np.array(x0, dtype=np.int32), record=True, max_steps=20)


def grow_policy(x):
    if len(x) >= 6:
        return None
    return [len(x) - 1], [3], [[0, 1, 0]]


def test_a_tampered_state_is_caught_at_its_step():
    result = recorded(lambda x: None if len(x) >= 6 else
                      ((np.array([len(x) - 1]), np.array([3], np.int32),
                        np.array([[0, 1, 0]], np.uint8))), [0, M])
    trace = result.trace
    steps = list(trace.steps)
    positions, tokens, ctrl = steps[2]
    steps[2] = (positions, tokens + 1, ctrl)  # the recorded step no longer made that state
    forged = Trace(trace.machine, trace.initial, steps)
    check_step_laws(result.machine, forged)  # a lawful run, but not the one that happened
    with pytest.raises(LawViolation, match="final sequence"):
        check_resources(dataclasses.replace(result, trace=forged))


def test_a_tampered_resource_total_is_caught():
    result = recorded(lambda x: None if len(x) >= 6 else
                      ((np.array([len(x) - 1]), np.array([3], np.int32),
                        np.array([[0, 1, 0]], np.uint8))), [0, M])
    check_run(result)
    for field in ("remasks", "inserts", "max_parallel", "serial_cost", "peak_context"):
        wrong = dataclasses.replace(result.resources, **{field: getattr(result.resources, field) + 1})
        with pytest.raises(LawViolation, match=field):
            check_resources(dataclasses.replace(result, resources=wrong))


def test_a_step_the_machine_forbids_is_caught():
    result = run(MDM(VOCAB), lambda x: ([int(np.flatnonzero(x == M)[0])], [3]),
                 np.array([0, M, M], dtype=np.int32), record=True)
    positions, tokens, ctrl = result.trace.steps[1]
    forged = Trace(result.machine, result.trace.initial,
                   [result.trace.steps[0], (np.array([1]), tokens, ctrl)])
    with pytest.raises(LawViolation, match="not a mask") as caught:
        check_step_laws(result.machine, forged)
    assert caught.value.step == 1 and caught.value.position == 1


def test_a_policy_with_a_hidden_counter_is_caught():
    calls = []

    def counting(x):
        calls.append(1)
        return len(calls)

    with pytest.raises(LawViolation, match="differently"):
        check_stateless(counting, [[0, 3], [0, 3, 4], [0]])


def test_a_corrupted_sample_file_is_caught(tmp_path):
    result = recorded(lambda x: None if len(x) >= 6 else
                      ((np.array([len(x) - 1]), np.array([3], np.int32),
                        np.array([[0, 1, 0]], np.uint8))), [0, M])
    path = tmp_path / "trace.jsonl"
    result.trace.save(path)
    assert check_replay(path, mask_id=M) == len(result.trace)
    lines = path.read_text().splitlines()
    lines[1] = lines[1].replace('"e_star": [0, 0, 1]', '"e_star": [0, 1, 0]')
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(LawViolation) as caught:
        check_replay(path, mask_id=M)
    assert caught.value.step == 1


def test_different_runs_are_told_apart():
    a = recorded(lambda x: None, [0, 3])
    b = recorded(lambda x: None, [0, 4])
    check_same_run(a, a)
    with pytest.raises(LawViolation, match="final sequences"):
        check_same_run(a, b)


@settings(max_examples=examples(200))
@given(st.data())
def test_sparse_steps_are_accepted_by_their_machine(data):
    name = data.draw(st.sampled_from(gst.MACHINES))
    vocab = data.draw(gst.vocabularies())
    x = data.draw(gst.sequences(vocab, min_size=1, masks=name != "arm"))
    if name in ("mdm", "masked_arm") and vocab.mask_id not in x:
        x = np.append(x, vocab.mask_id).astype(np.int32)
    step = data.draw(gst.sparse_steps(vocab, x, name))
    from simulators.machines import machine_by_name
    result = run(machine_by_name(name, vocab), lambda s: step if len(s) == len(x) and
                 np.array_equal(s, x) else None, x, max_steps=1, record=True)
    assert result.resources.steps == 1
    check_run(result)
