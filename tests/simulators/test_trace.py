"""Traces export to the official AP-MDM sample format, import back, and replay through g."""

import json
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulators.errors import TraceFormatError
from simulators.machines import APMDM, ARM, MDM
from simulators.policies import Edit
from simulators.run import run
from simulators.trace import FIELDS, Trace, load_samples, replay, save_samples
from simulators.vocab import Vocab

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "a", "b", "c"])
M = VOCAB.mask_id


def random_apmdm_policy(seed):
    def policy(x):
        rng = np.random.default_rng([zlib.crc32(x.tobytes()), seed])  # not hash(): it is
        if len(x) > 25 or (len(x) > 5 and rng.random() < 0.08):    # salted per process
            return None
        return rng.integers(3, 6, size=len(x)), rng.random((len(x), 3)) < 0.25
    return policy


@settings(max_examples=200)
@given(st.integers(0, 10**6), st.sampled_from([".npz", ".jsonl"]))
def test_export_import_replay_is_identity(tmp_path_factory, seed, suffix):
    result = run(APMDM(VOCAB), random_apmdm_policy(seed), [0, 3, M, 4], record=True, max_steps=100)
    samples = result.trace.samples()
    path = result.trace.save(tmp_path_factory.mktemp("trace") / f"trace{suffix}")
    loaded = load_samples(path)
    assert len(loaded) == len(samples) == result.resources.steps
    for a, b in zip(samples, loaded):
        assert all(np.array_equal(a[key], b[key]) for key in FIELDS)
    assert replay(loaded, M).ok
    if samples:
        assert np.array_equal(loaded[-1]["x_k_plus_1"], result.final)


def test_mdm_trace_keeps_untouched_masks_by_remask():
    result = run(MDM(VOCAB), lambda x: (np.flatnonzero(x == M)[:1], [3]), [0, M, M], record=True)
    first = result.trace.samples()[0]
    assert first["r_star"].tolist() == [0, 0, 1] and first["y_star"].tolist() == [0, 3, M]
    assert replay(result.trace.samples(), M).ok


def test_replay_names_the_first_step_that_differs():
    def grow(x):
        return None if len(x) >= 6 else Edit([len(x) - 1], [3], [[0, 1, 0]])
    result = run(APMDM(VOCAB), grow, [0], record=True)
    samples = result.trace.samples()
    assert len(samples) == 5
    samples[1]["x_k_plus_1"] = np.append(samples[1]["x_k_plus_1"], 3)
    report = replay(samples, M)
    assert not report.ok and report.first_mismatch == 1 and "step 1" in report.message


def test_arm_trace_refuses_export(tmp_path):
    result = run(ARM(VOCAB), lambda x: 1, [0], record=True)
    with pytest.raises(TraceFormatError, match="ARM"):
        result.trace.samples()
    with pytest.raises(TraceFormatError, match="ARM"):
        result.trace.save(tmp_path / "arm.jsonl")
    assert not (tmp_path / "arm.jsonl").exists()


def test_recording_a_long_sparse_run_keeps_only_its_steps():
    def shrink(x):
        return None if len(x) == 1 else Edit([1], [3], [[0, 0, 1]])
    result = run(APMDM(VOCAB), shrink, [0] + [M] * 20_000, record=True)
    assert len(result.trace) == 20_000 and result.trace.initial.size == 20_001
    assert sum(p.size for p, _, _ in result.trace.steps) == 20_000  # O(k) per step, not O(L)
    states = result.trace.iter_states()
    assert len(next(states)) == 20_001 and len(next(states)) == 20_000


def test_malformed_trace_files_are_named(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"x_k": [0], "y_star": [0]}) + "\n")
    with pytest.raises(TraceFormatError, match="bad.jsonl:1: missing fields"):
        load_samples(bad)
    short = tmp_path / "short.jsonl"
    record = {key: [0, 1] for key in FIELDS} | {"r_star": [0]}
    short.write_text(json.dumps(record) + "\n")
    with pytest.raises(TraceFormatError, match="r_star has length 1"):
        load_samples(short)
    with pytest.raises(TraceFormatError, match="suffix"):
        save_samples([], tmp_path / "trace.txt")


def _saved_run(tmp_path, suffix=".npz", seed=3):
    result = run(APMDM(VOCAB), random_apmdm_policy(seed), [0, 3, M, 4, M], record=True,
                 max_steps=50)
    return result, result.trace.save(tmp_path / f"trace{suffix}")


@pytest.mark.parametrize("suffix", [".npz", ".jsonl"])
def test_a_saved_trace_loads_back_as_a_trace_with_the_same_states(tmp_path, suffix):
    result, path = _saved_run(tmp_path, suffix)
    machine = None if suffix == ".npz" else APMDM(VOCAB)
    loaded = Trace.load(path, machine=machine)
    assert isinstance(loaded, Trace) and len(loaded) == len(result.trace)
    assert all(np.array_equal(a, b) for a, b in zip(loaded.states, result.trace.states))


def test_a_jsonl_trace_without_a_machine_is_refused(tmp_path):
    _, path = _saved_run(tmp_path, ".jsonl")
    with pytest.raises(TraceFormatError, match="machine"):
        Trace.load(path)


def test_states_are_built_once(monkeypatch):
    result = run(APMDM(VOCAB), random_apmdm_policy(5), [0, 3, M], record=True, max_steps=30)
    trace = result.trace
    first = trace.states
    monkeypatch.setattr(Trace, "iter_states", lambda self: pytest.fail("replayed again"))
    assert trace.states is first and trace.states[-1].tolist() == result.final.tolist()


def test_adding_a_step_rebuilds_the_states():
    trace = Trace(APMDM(VOCAB), np.array([0, M], np.int32))
    assert len(trace.states) == 1
    trace.steps.append((np.array([1]), np.array([3], np.int32), np.zeros((1, 3), np.uint8)))
    assert [s.tolist() for s in trace.states] == [[0, M], [0, 3]]


def _write_jsonl(path, samples):
    path.write_text("".join(json.dumps({k: np.asarray(v).tolist() for k, v in s.items()}) + "\n"
                            for s in samples))
    return path


def test_replay_names_the_first_differing_position_of_a_same_length_corruption():
    x = np.array([0] + [3] * 40 + [M], np.int32)
    sample = dict(x_k=x, y_star=np.where(x == M, 4, x), r_star=np.zeros(42, int),
                  e_star=np.zeros(42, int), c_star=np.zeros(42, int),
                  x_k_plus_1=np.where(x == M, 4, x))
    assert replay([sample], M).ok
    corrupted = dict(sample, x_k_plus_1=sample["x_k_plus_1"].copy())
    corrupted["x_k_plus_1"][30] = 5
    report = replay([sample, corrupted], M)
    assert not report.ok and report.first_mismatch == 1 and report.first_position == 30
    assert report.checked == 2  # the bad sample is counted among those checked
    assert "position 30" in report.message and "5" in report.message.split("x_k_plus_1")[1]
    assert "[22:39]" in report.message  # a window of 8 tokens on each side


def test_replay_counts_a_sample_that_g_refuses():
    x = np.array([0, M], np.int32)
    good = dict(x_k=x, y_star=np.array([0, 3]), r_star=np.zeros(2, int),
                e_star=np.zeros(2, int), c_star=np.zeros(2, int), x_k_plus_1=np.array([0, 3]))
    refused = dict(good, y_star=np.array([0, M]))  # g refuses to unmask into MASK
    report = replay([good, good, refused], M)
    assert (report.ok, report.checked, report.first_mismatch) == (False, 3, 2)


def test_a_loaded_trace_must_chain_each_sample_to_the_last(tmp_path):
    def grow(x):
        return None if len(x) >= 4 else Edit([len(x) - 1], [3], [[0, 1, 0]])
    samples = run(APMDM(VOCAB), grow, [0], record=True).trace.samples()
    broken = [samples[0], samples[1], samples[0]]  # each replays; the chain breaks at 2
    with pytest.raises(TraceFormatError, match="sample 2's x_k is not sample 1's x_k_plus_1"):
        Trace.load(_write_jsonl(tmp_path / "broken.jsonl", broken), machine=APMDM(VOCAB))


def test_loaded_traces_refuse_booleans(tmp_path):
    x = np.array([0, M], np.int32)
    sample = dict(x_k=x, y_star=np.array([0, 3]), r_star=[False, False], e_star=np.zeros(2, int),
                  c_star=np.zeros(2, int), x_k_plus_1=np.array([0, 3]))
    with pytest.raises(TraceFormatError, match="r_star must be a 1-D list of integers"):
        Trace.load(_write_jsonl(tmp_path / "bools.jsonl", [sample]), machine=APMDM(VOCAB))


def test_a_listed_real_token_keeps_its_value_in_y_star():
    def touch_bos(x):  # lists BOS (an id below MASK) with another token and no control bit
        return None if x[1] != M else Edit([0, 1], [1, 3], [[0, 0, 0], [0, 0, 0]])
    sample = run(APMDM(VOCAB), touch_bos, [0, M], record=True).trace.samples()[0]
    assert sample["y_star"].tolist() == [0, 3] and sample["x_k_plus_1"].tolist() == [0, 3]


@pytest.mark.parametrize("field, value", [("x_k", len(VOCAB)), ("y_star", 2.5), ("r_star", 2),
                                          ("x_k_plus_1", -1)])
def test_loaded_traces_refuse_bad_ids_floats_and_labels(tmp_path, field, value):
    x = np.array([0, M], np.int32)
    sample = dict(x_k=x, y_star=np.array([0, 3]), r_star=np.zeros(2, int), e_star=np.zeros(2, int),
                  c_star=np.zeros(2, int), x_k_plus_1=np.array([0, 3]))
    bad = {k: np.asarray(v).astype(object) for k, v in sample.items()}
    bad[field][0] = value
    path = _write_jsonl(tmp_path / "bad.jsonl", [bad])
    with pytest.raises(TraceFormatError, match=field):
        Trace.load(path, machine=APMDM(VOCAB))
    assert len(Trace.load(_write_jsonl(tmp_path / "good.jsonl", [sample]),
                          machine=APMDM(VOCAB))) == 1


def test_step_sample_successor_is_g_of_its_labels_with_and_without_inserts():
    """The length-keeping fast path and the general path both give g(x_k, labels)."""
    from simulators.trace import step_sample
    from simulators.update import apply_g

    rng = np.random.default_rng(0)
    for _ in range(200):
        x = rng.integers(0, 5, size=12).astype(np.int32)          # 2 is the mask
        positions = np.sort(rng.choice(12, size=4, replace=False))
        ctrl = np.zeros((4, 3), np.uint8)
        ctrl[:, 0] = rng.integers(0, 2, size=4)
        if rng.random() < 0.3:
            ctrl[:, 1] = rng.integers(0, 2, size=4)
        tokens = rng.choice([0, 1, 3, 4], size=4).astype(np.int32)
        sample = step_sample(x, (positions, tokens, ctrl), mask_id=2)
        labels = np.stack([sample["r_star"], sample["e_star"], sample["c_star"]], axis=1)
        assert np.array_equal(sample["x_k_plus_1"], apply_g(x, sample["y_star"], labels, 2))
