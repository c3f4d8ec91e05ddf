"""Traces export to the official AP-MDM sample format, import back, and replay through g."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulators.errors import TraceFormatError
from simulators.machines import APMDM, ARM, MDM
from simulators.policies import Edit
from simulators.run import run
from simulators.trace import FIELDS, load_samples, replay, save_samples
from simulators.vocab import Vocab

VOCAB = Vocab(["[BOS]", "[EOS]", "[MASK]", "a", "b", "c"])
M = VOCAB.mask_id


def random_apmdm_policy(seed):
    def policy(x):
        rng = np.random.default_rng(abs(hash((x.tobytes(), seed))))
        if len(x) > 25 or rng.random() < 0.08:
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
